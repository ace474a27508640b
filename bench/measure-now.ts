import { capabilities } from '../src/capabilities/index.js';
import { PROFILE_NAMES, profileCapabilities } from '../src/capabilities/profiles.js';
import { listToolsOf } from './lib/list-tools.js';
import { measureList, countTokens } from './lib/budget.js';
const SAFE = Number.MAX_SAFE_INTEGER;
const tidy = (n: unknown): unknown => Array.isArray(n) ? n.map(tidy) : n && typeof n === 'object' ? Object.fromEntries(Object.entries(n).filter(([k, v]) => k !== '$schema' && !((k === 'minimum' || k === 'maximum') && Math.abs(v as number) === SAFE)).map(([k, v]) => [k, tidy(v)])) : n;
for (const p of PROFILE_NAMES) {
  const tools = await listToolsOf(profileCapabilities(p), capabilities);
  const cost = measureList(tools);
  const tidied = countTokens(JSON.stringify({ tools: tidy(tools) }));
  console.log(p.padEnd(12), cost.tools, cost.bytes, cost.tokens, 'tidy:', tidied, 'largest', cost.perTool[0]?.name, cost.perTool[0]?.tokens);
}
if (process.argv[2] === 'all') {
  const tools = await listToolsOf(capabilities);
  const cost = measureList(tools);
  for (const t of cost.perTool) {
    const tool = tools.find((x) => x.name === t.name)!;
    console.log(t.name.padEnd(32), String(t.tokens).padStart(6), String(countTokens(JSON.stringify(tidy(tool)))).padStart(6), String(t.outputTokens).padStart(6), String(t.inputSchemaBytes).padStart(6), String((tool.description as string).length).padStart(5));
  }
}
