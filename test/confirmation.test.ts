/**
 * Confirmation of destructive actions, through the MCP SDK client against the sandbox: a token
 * round trip, every way a token is refused, single use across a restart, and elicitation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/client';
import { type CallToolResult } from '@modelcontextprotocol/client';
import { capabilities } from '../src/capabilities/index.js';
import type { Services } from '../src/capabilities/services.js';
import { createConfirmationService } from '../src/confirm/service.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { buildMcpServer } from '../src/surfaces/mcp/server.js';
import { silentLog, startHarness, type Harness } from './support/harness.js';

interface Confirmation {
  token: string;
  expiresAt: string;
  summary: string;
  targets: string[];
}
interface CancelResult {
  status: 'done' | 'confirmation_required';
  confirmation?: Confirmation;
  artworks?: { id: string; state: string }[];
}

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

let h: Harness;
/** Fresh UNSTARTED artworks in a project the seeded project manager runs. */
let fresh: string[] = [];
const opened: Client[] = [];

/** An MCP client with its own server, for what the harness does not vary: clock, services, elicitation. */
async function connect(opts: {
  role: string;
  now?: () => Date;
  services?: Services;
  elicit?: (message: string) => { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> };
}): Promise<(name: string, args: Record<string, unknown>) => Promise<CallToolResult>> {
  const server = buildMcpServer({
    capabilities,
    client: h.client,
    services: opts.services ?? h.services,
    log: silentLog,
    token: h.tokenOf(opts.role),
    now: opts.now,
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client(
    { name: 'test-confirm', version: '1.0.0' },
    { capabilities: opts.elicit ? { elicitation: {} } : {} },
  );
  if (opts.elicit) {
    const answer = opts.elicit;
    client.setRequestHandler('elicitation/create', async (req) => answer(req.params.message) as never);
  }
  await client.connect(b);
  opened.push(client);
  return async (name, args) => (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function stateOf(artworkId: string): Promise<string> {
  return (await h.data<{ state: string }>('get_artwork', { artworkId }, 'project_manager')).state;
}

before(async () => {
  h = await startHarness();
  const found = await h.data<{ projects: { id: string; name: string }[] }>(
    'list_projects',
    { name: 'Skin Pure Relaunch' },
    'project_manager',
  );
  const projectId = found.projects.find((p) => p.name === 'Skin Pure Relaunch')!.id;
  const created = await h.data<{ created: { id: string }[] }>(
    'create_artworks',
    { projectId, artworks: ['A', 'B', 'C', 'D', 'E'].map((x) => ({ name: `Confirm test ${x}` })) },
    'project_manager',
  );
  fresh = created.created.map((a) => a.id);
  assert.equal(fresh.length, 5);
});

after(async () => {
  for (const c of opened) await c.close();
  await h.close();
});

describe('cancel needs a confirmation token', () => {
  let token = '';

  test('the first call returns a summary and a token and changes nothing', async () => {
    const r = await h.data<CancelResult>('cancel_artworks', { artworkIds: [fresh[0]] }, 'project_manager');
    assert.equal(r.status, 'confirmation_required');
    assert.equal(r.artworks, undefined);
    assert.deepEqual(r.confirmation!.targets, [fresh[0]]);
    assert.match(r.confirmation!.summary, /Cancel 1 artwork: "Confirm test A"/);
    const ttl = Date.parse(r.confirmation!.expiresAt) - Date.now();
    assert.ok(ttl > 4 * 60_000 && ttl <= 5 * 60_000, `expires in ${ttl} ms`);
    token = r.confirmation!.token;
    assert.equal(await stateOf(fresh[0]!), 'UNSTARTED');
  });

  test('a token for other targets is refused', async () => {
    const r = await h.call('cancel_artworks', { artworkIds: [fresh[1]], confirmationToken: token }, 'project_manager');
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(invalid_input\).*other targets/);
    assert.equal(await stateOf(fresh[1]!), 'UNSTARTED');
  });

  test("another user's token is refused", async () => {
    // The admin manages every project, so only the binding to the caller stops them.
    const r = await h.call('cancel_artworks', { artworkIds: [fresh[0]], confirmationToken: token }, 'admin');
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(forbidden\).*another user/);
  });

  test('a tampered token is refused', async () => {
    const [prefix, body, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { e: number };
    claims.e += 60 * 60_000; // try to extend its life
    const forged = `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
    for (const bad of [forged, `${token.slice(0, -2)}AA`, 'not-a-token']) {
      const r = await h.call('cancel_artworks', { artworkIds: [fresh[0]], confirmationToken: bad }, 'project_manager');
      assert.equal(r.isError, true);
      assert.match(text(r), /Error \(invalid_input\)/);
    }
  });

  test('the right token does it, once', async () => {
    const r = await h.data<CancelResult>(
      'cancel_artworks',
      { artworkIds: [fresh[0]], confirmationToken: token },
      'project_manager',
    );
    assert.equal(r.status, 'done');
    assert.deepEqual(
      r.artworks!.map((a) => a.state),
      ['CANCELED'],
    );
    assert.equal(await stateOf(fresh[0]!), 'CANCELED');
  });

  test('an expired token is refused', async () => {
    let clock = new Date('2031-05-01T10:00:00Z');
    const call = await connect({ role: 'project_manager', now: () => clock });
    const first = (await call('cancel_artworks', { artworkIds: [fresh[1]] }))
      .structuredContent as unknown as CancelResult;
    assert.equal(first.confirmation!.expiresAt, '2031-05-01T10:05:00.000Z');
    clock = new Date('2031-05-01T10:05:01Z');
    const r = await call('cancel_artworks', { artworkIds: [fresh[1]], confirmationToken: first.confirmation!.token });
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(conflict\).*expired at 2031-05-01T10:05:00.000Z/);
    assert.equal(await stateOf(fresh[1]!), 'UNSTARTED');
  });
});

describe('rejecting several artworks needs confirmation; a token is single use, also after a restart', () => {
  const gel = () =>
    h.data<{ toApprove: { artworks: { id: string; name: string }[] } }>(
      'get_my_artwork_queues',
      { queue: 'approve' },
      'approver',
    );
  let targets: string[] = [];
  let token = '';

  test('reject two, confirmed by token', async () => {
    const queue = (await gel()).toApprove.artworks;
    targets = ['Skin Pure Cleansing Gel 150 ml label', 'Hand Cream gift box'].map(
      (n) => queue.find((a) => a.name === n)!.id,
    );
    const rejections = targets.map((artworkId) => ({ artworkId, comment: 'Colours are off.' }));
    const first = await h.data<{ status: string; confirmation: Confirmation }>(
      'reject_artworks',
      { rejections },
      'approver',
    );
    assert.equal(first.status, 'confirmation_required');
    assert.match(first.confirmation.summary, /^Reject 2 artworks/);
    token = first.confirmation.token;
    assert.equal(await stateOf(targets[0]!), 'FOR_REVIEW');
    const done = await h.data<{ status: string; artworks: { state: string }[] }>(
      'reject_artworks',
      { rejections, confirmationToken: token },
      'approver',
    );
    assert.equal(done.status, 'done');
    assert.deepEqual(
      done.artworks.map((a) => a.state),
      ['REJECTED', 'REJECTED'],
    );
  });

  test('after the rejections are revoked, the spent token cannot reject them again', async () => {
    const revoked = await h.data<{ artworks: { state: string }[] }>(
      'revoke_artwork_decision',
      { artworkIds: targets, decision: 'rejection' },
      'approver',
    );
    assert.deepEqual(
      revoked.artworks.map((a) => a.state),
      ['FOR_REVIEW', 'FOR_REVIEW'],
    );
    const rejections = targets.map((artworkId) => ({ artworkId, comment: 'Colours are off.' }));
    const r = await h.call('reject_artworks', { rejections, confirmationToken: token }, 'approver');
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(conflict\).*already been used/);
  });

  test('a restarted service (same state dir) still refuses it', async () => {
    const restarted: Services = { ...h.services, confirmations: createConfirmationService({ dir: h.stateDir }) };
    const call = await connect({ role: 'approver', services: restarted });
    const rejections = targets.map((artworkId) => ({ artworkId, comment: 'Colours are off.' }));
    const r = await call('reject_artworks', { rejections, confirmationToken: token });
    assert.equal(r.isError, true);
    assert.match(text(r), /already been used/);
    assert.equal(await stateOf(targets[0]!), 'FOR_REVIEW');
  });
});

describe('with a client that supports elicitation', () => {
  test('the user accepts in the form and the action runs without a token', async () => {
    const asked: string[] = [];
    const call = await connect({
      role: 'project_manager',
      elicit: (message) => {
        asked.push(message);
        return { action: 'accept', content: { confirm: true } };
      },
    });
    const r = await call('cancel_artworks', { artworkIds: [fresh[2]] });
    assert.ok(!r.isError, text(r));
    assert.equal((r.structuredContent as unknown as CancelResult).status, 'done');
    assert.equal(asked.length, 1);
    assert.match(asked[0]!, /Cancel 1 artwork: "Confirm test C"/);
    assert.equal(await stateOf(fresh[2]!), 'CANCELED');
  });

  test('the user declines and nothing changes', async () => {
    const call = await connect({ role: 'project_manager', elicit: () => ({ action: 'decline' }) });
    const r = await call('cancel_artworks', { artworkIds: [fresh[3]] });
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(forbidden\).*did not confirm/);
    assert.equal(await stateOf(fresh[3]!), 'UNSTARTED');
  });

  test('accepting without ticking the box is not a yes', async () => {
    const call = await connect({
      role: 'project_manager',
      elicit: () => ({ action: 'accept', content: { confirm: false } }),
    });
    const r = await call('cancel_artworks', { artworkIds: [fresh[4]] });
    assert.equal(r.isError, true);
    assert.equal(await stateOf(fresh[4]!), 'UNSTARTED');
  });
});

describe('the service on disk', () => {
  test('keeps its secret private and survives a restart: a pending token stays valid, a spent one stays spent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cway-confirm-'));
    try {
      const now = new Date('2030-01-01T00:00:00Z');
      const binding = { action: 'cancel_artworks', targets: ['b', 'a'], callerId: 'caller-1' };
      const first = createConfirmationService({ dir });
      const pending = first.issue(binding, now);
      const spent = first.issue(binding, now);
      await first.redeem(spent.token, { ...binding, targets: ['a', 'b'] }, now);
      assert.equal(statSync(join(dir, 'confirmation-secret')).mode & 0o777, 0o600);
      assert.equal(statSync(join(dir, 'gateway.db')).mode & 0o777, 0o600);

      const second = createConfirmationService({ dir });
      await assert.rejects(second.redeem(spent.token, binding, now), /already been used/);
      await second.redeem(pending.token, binding, now);
      await assert.rejects(second.redeem(pending.token, binding, now), /already been used/);
      await assert.rejects(
        second.redeem(first.issue(binding, now).token, { ...binding, action: 'delete_projects' }, now),
        /is for "cancel_artworks"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('two services on one store (MCP and REST side by side) never both accept one token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cway-confirm-'));
    const store = openSqliteStore({ dir });
    try {
      const now = new Date();
      const binding = { action: 'cancel_artworks', targets: ['a'], callerId: 'caller-1' };
      const mcp = createConfirmationService({ dir, ledger: store.confirmations });
      const rest = createConfirmationService({ dir });
      const { token } = mcp.issue(binding, now);
      const outcomes = await Promise.allSettled([mcp.redeem(token, binding, now), rest.redeem(token, binding, now)]);
      assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
