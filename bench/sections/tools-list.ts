/**
 * The size of `tools/list` per profile, as a client receives it (the JSON of the result: every
 * tool's name, description, input and output schema and annotations), counted in bytes and in
 * o200k tokens (bench/lib/budget.ts, the numbers test/profiles.test.ts enforces). Each profile is
 * listed by a real MCP SDK client of a server built the way the product builds it; the default
 * server's list is also asked over Streamable HTTP, to tie the in-process figures to the wire.
 */
import { capabilities } from '../../src/capabilities/index.js';
import { DEFAULT_PROFILE, PROFILE_NAMES, profileCapabilities } from '../../src/capabilities/profiles.js';
import { budgetProblems, countTokens, measureList } from '../lib/budget.js';
import type { Child } from '../lib/procs.js';
import type { SandboxInfo, ServerInfo } from '../lib/env.js';
import { listToolsOf } from '../lib/list-tools.js';
import { openStreamable } from '../lib/wire.js';

export interface ToolsListRow {
  /** A profile name, or `served (HTTP)` for the running server's own list. */
  profile: string;
  tools: number;
  bytes: number;
  tokens: number;
  /** The largest tool definitions, by tokens. */
  largest: { name: string; tokens: number }[];
  /** Budget problems (empty = within every limit). */
  problems: string[];
}

async function overHttp(url: string): Promise<ToolsListRow> {
  const session = await openStreamable(url);
  try {
    const result = (await session.request('tools/list')) as { tools: { name: string }[] };
    const sizes = result.tools.map((t) => ({ name: t.name, tokens: countTokens(JSON.stringify(t)) }));
    const json = JSON.stringify(result);
    return {
      profile: 'served (HTTP)',
      tools: result.tools.length,
      bytes: Buffer.byteLength(json),
      tokens: countTokens(json),
      largest: sizes.sort((a, b) => b.tokens - a.tokens).slice(0, 3),
      problems: [],
    };
  } finally {
    await session.close();
  }
}

export async function runToolsList(
  _sandbox: Child<SandboxInfo>,
  server: Child<ServerInfo>,
  progress: (m: string) => void,
): Promise<ToolsListRow[]> {
  const rows: ToolsListRow[] = [];
  for (const name of PROFILE_NAMES) {
    const cost = measureList(await listToolsOf(profileCapabilities(name), capabilities));
    rows.push({
      profile: name === DEFAULT_PROFILE ? `${name} (default)` : name,
      tools: cost.tools,
      bytes: cost.bytes,
      tokens: cost.tokens,
      largest: cost.perTool.slice(0, 3).map((t) => ({ name: t.name, tokens: t.tokens })),
      problems: budgetProblems(name, cost),
    });
  }
  rows.push(await overHttp(server.info.url));
  for (const r of rows) {
    progress(`tools/list ${r.profile}: ${r.tools} tools, ${r.bytes} bytes, ${r.tokens} tokens`);
  }
  return rows;
}
