// `npm run new-capability -- <toolset> <verb_noun>`: everything a new capability needs, in one
// command. It writes src/capabilities/<toolset>/<verb-noun>.ts from a working template (a typed
// GraphQL query against the contract, zod input and output, read-only hints, a REST route),
// registers it in src/capabilities/index.ts, gives the registry walk a sample input in
// test/support/samples.ts, and regenerates docs/capabilities.md. Then edit the file (its operation,
// schemas, hints and handler) and run `npm test`; accept the new public surface with
// `UPDATE_SNAPSHOTS=1 npm test` once you have read the snapshot diff.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TOOLSETS = ['projects', 'users', 'artworks', 'media', 'shares', 'setup', 'analytics', 'system'];
const [toolset, name] = process.argv.slice(2);
const fail = (msg) => {
  process.stderr.write(`new-capability: ${msg}\nusage: npm run new-capability -- <toolset> <verb_noun>\n`);
  process.exit(2);
};
if (!TOOLSETS.includes(toolset)) fail(`toolset must be one of ${TOOLSETS.join(', ')}`);
if (!/^[a-z]+(_[a-z]+)+$/.test(name ?? '')) fail('the name must be snake_case verb_noun, e.g. list_widgets');

const root = new URL('..', import.meta.url).pathname;
const file = name.replaceAll('_', '-');
const ident = name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const op = ident[0].toUpperCase() + ident.slice(1);
const path = join(root, 'src', 'capabilities', toolset, `${file}.ts`);
if (existsSync(path)) fail(`${path} exists already`);

writeFileSync(
  path,
  `/**
 * ${name}: say in one sentence what it is for. Replace the operation below with the real Cway
 * operation it needs (add missing fields to src/cway/contract.graphql, real names only).
 */
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';

const ${op} = graphql(\`
  query ${op} {
    loginInfo {
      user {
        id
        username
      }
    }
  }
\`);

export default defineCapability({
  name: '${name}',
  title: '${name.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase())}',
  description: 'What it is for, when to use it, what comes back (at most 300 characters).',
  toolset: '${toolset}',
  input: z.object({}),
  output: z.object({ username: z.string().describe('Replace with the real result.') }),
  hints: READ,
  rest: { method: 'GET', path: '/api/${toolset}/${file}' },
  async handler(_input, ctx) {
    const data = await ctx.cway.request(${op}, {}, { signal: ctx.signal });
    return { username: data.loginInfo?.user?.username ?? '' };
  },
});
`,
);

const indexPath = join(root, 'src', 'capabilities', 'index.ts');
let index = readFileSync(indexPath, 'utf8');
index = index.replace(
  /\nimport type \{ Capability \} from '\.\/define\.js';\n/,
  (m) => `${m}import ${ident} from './${toolset}/${file}.js';\n`,
);
index = index.replace(
  /\n\] as unknown as readonly Capability\[\];/,
  `\n  ${ident},\n] as unknown as readonly Capability[];`,
);
writeFileSync(indexPath, index);

const samplesPath = join(root, 'test', 'support', 'samples.ts');
let samples = readFileSync(samplesPath, 'utf8');
samples = samples.replace(
  'export const samples: Record<string, Sample> = {\n',
  (m) => `${m}  ${name}: () => ({}), // the input the registry walk calls ${name} with\n`,
);
writeFileSync(samplesPath, samples);

execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'gen-capability-table.mjs')], {
  stdio: 'inherit',
  cwd: root,
});
process.stdout.write(
  `created ${path}\nregistered it in src/capabilities/index.ts, added a sample in test/support/samples.ts, regenerated docs/capabilities.md\n` +
    `next: write its operation and handler, then npm test (UPDATE_SNAPSHOTS=1 npm test to accept the new surface)\n`,
);
