/**
 * Profiles and the tool budgets: every profile is listed over MCP by a real SDK client and its
 * tools/list is counted with the o200k tokenizer (bench/lib/budget.ts, the same numbers the bench
 * prints). Also: unknown arguments are refused naming the expected one, on MCP and REST.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { capabilities } from '../src/capabilities/index.js';
import {
  DEFAULT_PROFILE,
  PROFILES,
  PROFILE_NAMES,
  getProfile,
  profileCapabilities,
} from '../src/capabilities/profiles.js';
import { closestKey, unknownKeysMessage } from '../src/capabilities/define.js';
import { loadConfig } from '../src/config.js';
import { BUDGET, budgetProblems, countTokens, measureList } from '../bench/lib/budget.js';
import { listToolsOf } from '../bench/lib/list-tools.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('the tokenizer is o200k: known counts', () => {
  assert.equal(countTokens('hello world'), 2);
  assert.equal(countTokens(''), 0);
  assert.ok(countTokens(JSON.stringify({ type: 'object', properties: {} })) > 5);
});

test('every profile names real capabilities, is non-empty, and the default is one of them', () => {
  assert.ok(PROFILE_NAMES.includes(DEFAULT_PROFILE));
  assert.equal(new Set(PROFILE_NAMES).size, PROFILE_NAMES.length);
  const names = new Set(capabilities.map((c) => c.name));
  for (const p of PROFILES) {
    for (const n of 'capabilities' in p ? p.capabilities : []) assert.ok(names.has(n), `${p.name} names ${n}`);
    assert.ok(profileCapabilities(p.name).length > 0, `${p.name} is empty`);
  }
  assert.equal(profileCapabilities('everything').length, capabilities.length);
  assert.throws(() => getProfile('nope'), /unknown profile "nope"; choose from manager/);
});

test('a profile is a selection from the registry: the same objects, in registry order', () => {
  for (const name of PROFILE_NAMES) {
    const caps = profileCapabilities(name);
    const idx = caps.map((c) => capabilities.indexOf(c));
    assert.ok(
      idx.every((i) => i >= 0),
      `${name}: not registry objects`,
    );
    assert.deepEqual(
      idx,
      [...idx].sort((a, b) => a - b),
      `${name}: not in registry order`,
    );
  }
  // read-only profiles keep only tools whose own hint says so
  assert.ok(profileCapabilities('analyst').every((c) => c.hints.readOnlyHint));
  assert.ok(profileCapabilities('analyst').some((c) => c.toolset === 'analytics'));
});

test('ChatGPT without developer mode: the search profile is exactly search and fetch; the default has them too', () => {
  assert.deepEqual(
    profileCapabilities('search')
      .map((c) => c.name)
      .sort(),
    ['fetch', 'search'],
  );
  const dflt = profileCapabilities(DEFAULT_PROFILE).map((c) => c.name);
  assert.ok(dflt.includes('search') && dflt.includes('fetch'));
});

test('every profile listed over MCP stays within the budgets (tools, tokens, input schema bytes)', async () => {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const name of PROFILE_NAMES) {
    const tools = await listToolsOf(profileCapabilities(name), capabilities);
    assert.deepEqual(
      tools.map((t) => t.name),
      profileCapabilities(name).map((c) => c.name),
      `${name}: tools/list is the profile`,
    );
    for (const t of tools) assert.ok(t.outputSchema, `${name}/${t.name} keeps its outputSchema`);
    const cost = measureList(tools);
    for (const t of cost.perTool) seen.set(t.name, t.tokens);
    problems.push(...budgetProblems(name, cost));
  }
  assert.equal(seen.size, capabilities.length, 'every tool was measured (everything lists all)');
  assert.deepEqual(problems, []);
});

test('the budget check can fail: a profile over the limits is reported', () => {
  const fat = Array.from({ length: BUDGET.maxToolsPerProfile + 1 }, (_, i) => ({
    name: `t${i}`,
    inputSchema: { type: 'object', description: 'x '.repeat(9000) },
  }));
  const problems = budgetProblems('manager', measureList(fat));
  assert.ok(problems.some((p) => /21 tools/.test(p)));
  assert.ok(problems.some((p) => /tokens of tools\/list/.test(p)));
  assert.ok(problems.some((p) => /tool t0: \d+ tokens/.test(p)));
  assert.ok(problems.some((p) => /input schema \d+ bytes/.test(p)));
  assert.ok(!budgetProblems('everything', measureList(fat)).some((p) => /tools \(limit|tokens of tools\/list/.test(p)));
});

test('--profile and CWAY_PROFILE pick the default profile; an unknown one names the choices', () => {
  assert.equal(loadConfig({ argv: [], env: {}, cwd: '/nonexistent' }).profile, DEFAULT_PROFILE);
  assert.equal(loadConfig({ argv: ['--profile', 'approver'], env: {}, cwd: '/nonexistent' }).profile, 'approver');
  assert.equal(loadConfig({ argv: [], env: { CWAY_PROFILE: 'Analyst' }, cwd: '/nonexistent' }).profile, 'analyst');
  assert.throws(
    () => loadConfig({ argv: ['--profile', 'boss'], env: {}, cwd: '/nonexistent' }),
    /--profile="boss": unknown profile; choose from manager, approver/,
  );
});

test('an unknown argument names the expected one', () => {
  assert.equal(closestKey('min_urgency_score', ['minUrgencyScore', 'limit']), 'minUrgencyScore');
  assert.equal(closestKey('pagesize', ['page', 'pageSize']), 'pageSize');
  assert.equal(closestKey('projectid', ['id', 'maxArtworks']), undefined);
  assert.equal(closestKey('maxArtwork', ['id', 'maxArtworks']), 'maxArtworks');
  assert.equal(
    unknownKeysMessage(['colour'], ['id', 'maxArtworks']),
    'unknown argument "colour"; this tool takes: id, maxArtworks',
  );
});

test('MCP: min_urgency_score is refused with a pointer to minUrgencyScore, which works', async () => {
  const bad = await h.call('get_stagnation_alerts', { min_urgency_score: 1 });
  assert.equal(bad.isError, true);
  const text = (bad.content as { text: string }[])[0]!.text;
  assert.match(text, /invalid_input/);
  assert.match(text, /unknown argument "min_urgency_score"; did you mean "minUrgencyScore"\?/);
  const good = await h.data<{ alerts: unknown[] }>('get_stagnation_alerts', { minUrgencyScore: 1 });
  assert.ok(Array.isArray(good.alerts));
  const typo = await h.call('list_projects', { pagesize: 5 });
  assert.match((typo.content as { text: string }[])[0]!.text, /did you mean "pageSize"/);
});

test('every capability input refuses unknown keys (strict), so no surface drops them silently', () => {
  for (const c of capabilities) {
    const r = c.input.safeParse({ __not_an_argument__: 1 });
    assert.equal(r.success, false, c.name);
    assert.ok(
      r.error!.issues.some((i) => i.code === 'unrecognized_keys'),
      `${c.name}: ${JSON.stringify(r.error!.issues.map((i) => i.code))}`,
    );
  }
});
