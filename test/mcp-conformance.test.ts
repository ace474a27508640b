/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance 0.1.16, the newest on npm)
 * against `/mcp` of the real server, for every server scenario that needs no fixture tools
 * (docs/mcp.md lists the others and why). 0.1.16 needs Node 22 or later (it imports fs.globSync),
 * so on an older Node it runs on the official Node 24 binary from npm, installed under .tools/node24
 * by scripts/node24.mjs. The suite's own
 * output is captured, never printed: its summary line would be read as this run's test count.
 * Results are read from the checks.json it writes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { installed, run, startTestServer, type TestServer } from './support/mcp-clients.js';

/** Scenarios that exercise our real surface (no `test_*` fixture tools, prompts or resources). */
const APPLICABLE_SCENARIOS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'tools-call-error', // calls a tool we do not have: the SDK answers with an isError result, as the check expects
  'resources-list',
  'prompts-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
] as const;

interface Check {
  id: string;
  name: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | string;
  errorMessage?: string;
}

/** A Node 22+ binary: this one when new enough, else the npm one scripts/node24.mjs installs. */
const NODE24 = execFileSync(
  process.execPath,
  [join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'node24.mjs')],
  { encoding: 'utf8' },
).trim();

let server: TestServer;
let outDir: string;

before(async () => {
  assert.ok(existsSync(NODE24), `${NODE24} is missing: run "node scripts/node24.mjs"`);
  server = await startTestServer();
  outDir = mkdtempSync(join(tmpdir(), 'cway-mcp-conformance-'));
});
after(async () => {
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function runScenario(scenario: string): Promise<Check[]> {
  const dir = join(outDir, scenario);
  const cli = installed('@modelcontextprotocol/conformance/dist/index.js');
  const r = await run(NODE24, [cli, 'server', '--url', `${server.url}/mcp`, '--scenario', scenario, '-o', dir], {
    timeoutMs: 120_000,
  });
  const runs = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  assert.equal(runs.length, 1, `the suite wrote no results for ${scenario} (exit ${r.code})`);
  return JSON.parse(readFileSync(join(dir, runs[0]!.name, 'checks.json'), 'utf8')) as Check[];
}

describe('MCP conformance suite 0.1.16 against /mcp', () => {
  for (const scenario of APPLICABLE_SCENARIOS) {
    test(scenario, async () => {
      const checks = await runScenario(scenario);
      assert.ok(checks.length > 0, 'the scenario ran at least one check');
      const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
      assert.deepEqual(
        bad.map((c) => `${c.status} ${c.id}: ${c.errorMessage ?? c.name}`),
        [],
        `${scenario} did not pass`,
      );
    });
  }
});
