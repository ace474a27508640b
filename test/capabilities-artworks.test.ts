/**
 * Artworks and approvals, acted out through the MCP SDK client against the sandbox: approvers
 * decide, an orderer is refused, a manager creates artworks, assigns people, uploads a revision
 * and delivers, corrections come and go, approvers get reminded.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { capabilities } from '../src/capabilities/index.js';
import { graphql } from '../src/cway/graphql.js';
import { buildMcpServer } from '../src/surfaces/mcp/server.js';
import { silentLog, startHarness, type Harness } from './support/harness.js';

const SeededArtworks = graphql(`
  query TestSeededArtworks($paging: Paging) {
    projects(paging: $paging) {
      projects {
        id
        name
        artworks {
          id
          name
          state
        }
      }
    }
  }
`);

interface Row {
  id: string;
  name: string;
  projectId: string;
  previousState: string;
  state: string;
  note?: string;
  myDecision?: string | null;
  pendingApprovers?: string[];
}

interface Artwork {
  id: string;
  state: string;
  approvers: { username: string; decision: string; reminderSentDate: string | null }[];
  teamApprovers: { name: string; approvalState: string; members: { username: string; decision: string }[] }[];
  suppliers: string[];
  receivers: { username: string }[];
  teams: { name: string; roles: string[] }[];
  currentRevisionNo: number | null;
  revisions: { revisionNo: number; corrections: { id: string; text: string; valid: boolean; commentedBy: string }[] }[];
}

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

let h: Harness;
const ids = new Map<string, { id: string; projectId: string; state: string }>();
const projects = new Map<string, string>();
const artwork = (name: string) => {
  const a = ids.get(name);
  assert.ok(a, `seeded artwork "${name}"`);
  return a;
};
const user = (role: string, n = 0) => {
  const u = h.sandbox.users.filter((x) => x.role === role)[n];
  assert.ok(u, `seeded ${role} #${n}`);
  return u;
};

/** An MCP client acting as a seeded user the harness has no role shortcut for. */
async function clientAs(token: string): Promise<Client> {
  const server = buildMcpServer({ capabilities, client: h.client, services: h.services, log: silentLog, token });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const c = new Client({ name: 'test-artworks', version: '1.0.0' });
  await c.connect(b);
  return c;
}

before(async () => {
  h = await startHarness();
  const data = await h.client.request(SeededArtworks, { paging: { page: 0, pageSize: 100 } }, h.sandbox.adminToken);
  for (const p of data.projects?.projects ?? []) {
    projects.set(p.name, p.id);
    for (const a of p.artworks) ids.set(a.name, { id: a.id, projectId: p.id, state: a.state });
  }
});

after(async () => {
  await h.close();
});

describe('an approver works through their queue', () => {
  test('the queue lists what waits for them', async () => {
    const q = await h.data<{ toApprove: { artworks: { name: string; state: string }[] }; toUpload?: unknown }>(
      'get_my_artwork_queues',
      { queue: 'approve' },
      'approver',
    );
    const names = q.toApprove.artworks.map((a) => a.name);
    assert.ok(names.includes('Skin Pure Cleansing Gel 150 ml label'), names.join(', '));
    assert.ok(names.includes('Hand Cream gift box'), names.join(', '));
    assert.equal(q.toUpload, undefined);
  });

  test('approving as one of two approvers leaves the artwork under review until the team decides', async () => {
    const gel = artwork('Skin Pure Cleansing Gel 150 ml label');
    const r = await h.data<{ artworks: Row[] }>('approve_artworks', { artworkIds: [gel.id] }, 'approver');
    assert.equal(r.artworks.length, 1);
    assert.equal(r.artworks[0]!.previousState, 'FOR_REVIEW');
    assert.equal(r.artworks[0]!.state, 'FOR_REVIEW');
    assert.equal(r.artworks[0]!.myDecision, 'approved');
    assert.deepEqual(r.artworks[0]!.pendingApprovers, ['team:Brand Council']);

    const a = await h.data<Artwork>('get_artwork', { artworkId: gel.id }, 'approver');
    assert.equal(a.approvers.find((x) => x.username === user('approver').username)?.decision, 'approved');
    assert.equal(a.teamApprovers[0]?.approvalState, 'UNDECIDED');

    // Approving again changes nothing and is not an error.
    const again = await h.data<{ artworks: Row[] }>('approve_artworks', { artworkIds: [gel.id] }, 'approver');
    assert.match(again.artworks[0]!.note ?? '', /already approved/i);
  });

  test('one member of an any-member team completes the approval', async () => {
    const gel = artwork('Skin Pure Cleansing Gel 150 ml label');
    // The project manager is a member of the Brand Council (ANY_MEMBER).
    const r = await h.data<{ artworks: Row[] }>('approve_artworks', { artworkIds: [gel.id] }, 'project_manager');
    assert.equal(r.artworks[0]!.state, 'APPROVED');
    assert.deepEqual(r.artworks[0]!.pendingApprovers, []);
    const history = await h.data<{ events: { name: string; at: string; description: string }[] }>(
      'get_artwork_history',
      { artworkId: gel.id, limit: 5 },
      'approver',
    );
    assert.equal(history.events[0]!.name, 'Artwork approved');
    assert.match(history.events[0]!.description, /APPROVED/);
    assert.ok(history.events[0]!.at >= history.events[1]!.at, 'newest first');
    assert.match(history.events[0]!.at, /^\d{4}-\d\d-\d\dT/);
  });

  test('rejecting one with a comment sends it back, records the comment and the history', async () => {
    const box = artwork('Hand Cream gift box');
    const r = await h.data<{ status: string; artworks: Row[] }>(
      'reject_artworks',
      { rejections: [{ artworkId: box.id, comment: 'The logo is too small on the lid.' }] },
      'approver',
    );
    assert.equal(r.status, 'done');
    assert.equal(r.artworks[0]!.state, 'REJECTED');

    const a = await h.data<Artwork>('get_artwork', { artworkId: box.id }, 'approver');
    assert.equal(a.approvers.find((x) => x.username === user('approver').username)?.decision, 'rejected');
    const current = a.revisions.find((x) => x.revisionNo === a.currentRevisionNo)!;
    assert.ok(current.corrections.some((c) => c.text === 'The logo is too small on the lid.' && c.valid));

    const history = await h.data<{ events: { name: string; description: string }[] }>(
      'get_artwork_history',
      { artworkId: box.id },
      'approver',
    );
    assert.equal(history.events[0]!.name, 'Artwork rejected');
    assert.match(history.events[0]!.description, /logo is too small/);

    const q = await h.data<{ toApprove: { artworks: { id: string }[] } }>(
      'get_my_artwork_queues',
      { queue: 'approve' },
      'approver',
    );
    assert.ok(!q.toApprove.artworks.some((x) => x.id === box.id));
  });

  test('the approver revokes their rejection and the artwork is back under review', async () => {
    const box = artwork('Hand Cream gift box');
    const r = await h.data<{ artworks: Row[] }>(
      'revoke_artwork_decision',
      { artworkIds: [box.id], decision: 'rejection' },
      'approver',
    );
    assert.equal(r.artworks[0]!.previousState, 'REJECTED');
    assert.equal(r.artworks[0]!.state, 'FOR_REVIEW');
  });
});

describe('gates refuse clearly', () => {
  test('an orderer who is not an approver cannot approve', async () => {
    const night = artwork('Skin Pure Night Cream 50 ml carton');
    const r = await h.call('approve_artworks', { artworkIds: [night.id] }, 'orderer');
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(forbidden\)/);
    assert.match(text(r), /not an approver/);
    const a = await h.data<Artwork>('get_artwork', { artworkId: night.id }, 'project_manager');
    assert.equal(a.state, night.state, 'nothing changed');
  });

  test('a batch is checked as a whole: every refusal is named and nothing is approved', async () => {
    const night = artwork('Skin Pure Night Cream 50 ml carton');
    const serum = artwork('Skin Pure Serum 30 ml leaflet');
    const r = await h.call('approve_artworks', { artworkIds: [night.id, serum.id] }, 'orderer');
    assert.equal(r.isError, true);
    assert.match(text(r), /Night Cream.*Serum.*Nothing was changed/s);
  });

  test('approving an artwork that is not under review is a conflict naming its state', async () => {
    const serum = artwork('Skin Pure Serum 30 ml leaflet');
    const r = await h.call('approve_artworks', { artworkIds: [serum.id] }, 'approver');
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(conflict\)/);
    assert.match(text(r), /UNSTARTED/);
  });

  test('starting an artwork without a revision is refused before anything is sent', async () => {
    const serum = artwork('Skin Pure Serum 30 ml leaflet');
    const r = await h.call('start_artworks', { artworkIds: [serum.id] }, 'project_manager');
    assert.equal(r.isError, true);
    assert.match(text(r), /no revision yet/);
  });

  test('an unknown artwork id is not_found', async () => {
    const r = await h.call('get_artwork', { artworkId: '00000000-0000-4000-8000-000000000000' }, 'approver');
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(not_found\)/);
  });
});

describe('a manager sets up new artworks', () => {
  let created: { id: string; name: string; state: string; category: string }[] = [];

  test('the orderer may not add artworks', async () => {
    const r = await h.call(
      'create_artworks',
      { projectId: projects.get('Skin Pure Relaunch'), artworks: [{ name: 'X' }] },
      'orderer',
    );
    assert.equal(r.isError, true);
    assert.match(text(r), /Error \(forbidden\)/);
  });

  test('creates artworks in a project with the default or a named category', async () => {
    const projectId = projects.get('Skin Pure Relaunch');
    const r = await h.data<{ created: typeof created }>(
      'create_artworks',
      {
        projectId,
        artworks: [
          { name: 'Skin Pure Eye Cream 15 ml carton', endDate: '2027-02-28' },
          { name: 'Skin Pure Eye Cream 15 ml tube label', category: 'Label' },
        ],
      },
      'project_manager',
    );
    created = r.created;
    assert.deepEqual(
      created.map((a) => [a.name, a.state, a.category]),
      [
        ['Skin Pure Eye Cream 15 ml carton', 'UNSTARTED', 'Folding carton'],
        ['Skin Pure Eye Cream 15 ml tube label', 'UNSTARTED', 'Label'],
      ],
    );
    const a = await h.data<Artwork>('get_artwork', { artworkId: created[0]!.id }, 'project_manager');
    assert.equal(a.state, 'UNSTARTED');
  });

  test('assigns approvers, a supplier, a receiver and a team', async () => {
    const maria = user('approver', 0).username;
    const lars = user('approver', 1).username;
    const sofia = user('supplier').username;
    const oskar = user('receiver').username;
    const r = await h.data<{
      artworks: {
        id: string;
        approvers: string[];
        suppliers: string[];
        receivers: string[];
        teams: { name: string; roles: string[] }[];
      }[];
    }>(
      'assign_artwork_people',
      {
        artworkIds: created.map((a) => a.id),
        users: [
          { username: maria, approver: 'ASSIGN' },
          { username: lars, approver: 'ASSIGN' },
          { username: sofia, supplier: 'ASSIGN' },
          { username: oskar, receiver: 'ASSIGN' },
        ],
        teams: [{ team: 'Regulatory Affairs', roles: ['APPROVER'] }],
      },
      'project_manager',
    );
    assert.equal(r.artworks.length, 2);
    for (const a of r.artworks) {
      assert.deepEqual([...a.approvers].sort(), [lars, maria].sort());
      assert.deepEqual(a.suppliers, [sofia]);
      assert.deepEqual(a.receivers, [oskar]);
      assert.deepEqual(a.teams, [{ name: 'Regulatory Affairs', roles: ['approver'] }]);
    }
    const detail = await h.data<Artwork>('get_artwork', { artworkId: created[0]!.id }, 'project_manager');
    assert.deepEqual(
      detail.approvers.map((x) => x.decision),
      ['undecided', 'undecided'],
    );
    assert.equal(detail.teamApprovers[0]?.name, 'Regulatory Affairs');

    const unknown = await h.call(
      'assign_artwork_people',
      { artworkIds: [created[0]!.id], users: [{ username: 'nobody@nowhere.example', approver: 'ASSIGN' }] },
      'project_manager',
    );
    assert.equal(unknown.isError, true);
    assert.match(text(unknown), /Error \(not_found\)/);

    const unassign = await h.data<{ artworks: { approvers: string[] }[] }>(
      'assign_artwork_people',
      { artworkIds: [created[1]!.id], users: [{ username: lars, approver: 'UN_ASSIGN' }] },
      'project_manager',
    );
    assert.deepEqual(unassign.artworks[0]!.approvers, [maria]);
  });

  test('uploads a file and makes it the first revision, which puts it up for review', async () => {
    const link = await h.data<{ fileId: string; uploadUrl: string }>(
      'get_upload_url',
      { filename: 'eye-cream-carton-r1.pdf' },
      'project_manager',
    );
    const put = await fetch(link.uploadUrl, {
      method: 'PUT',
      body: '%PDF-1.7 sandbox',
      headers: { 'content-type': 'application/pdf' },
    });
    assert.equal(put.status < 300, true, `upload answered ${put.status}`);
    const r = await h.data<{ previousState: string; state: string; revisionNo: number; file: { id: string } }>(
      'upload_new_revision',
      { artworkId: created[0]!.id, fileId: link.fileId, comment: 'First draft' },
      'project_manager',
    );
    assert.equal(r.previousState, 'UNSTARTED');
    assert.equal(r.state, 'FOR_REVIEW');
    assert.equal(r.revisionNo, 1);
    assert.equal(r.file.id, link.fileId);

    const files = await h.data<{ revisions: { file: { id: string } | null }[]; download?: { url: string } }>(
      'get_artwork_files',
      { artworkId: created[0]!.id, downloadFileId: link.fileId },
      'project_manager',
    );
    assert.equal(files.revisions[0]!.file?.id, link.fileId);
    const got = await fetch(files.download!.url);
    assert.equal(got.status, 200);

    const stranger = await h.call(
      'get_artwork_files',
      { artworkId: created[0]!.id, downloadFileId: '00000000-0000-4000-8000-000000000000' },
      'project_manager',
    );
    assert.equal(stranger.isError, true);
    assert.match(text(stranger), /does not belong/);
  });

  test('an approver adds a pinned correction, then it is invalidated and restored', async () => {
    const artworkId = created[0]!.id;
    const added = await h.data<{
      state: string;
      revisionNo: number;
      correction: { id: string; number: number; valid: boolean; markers: { type: string; x: number }[] };
    }>(
      'add_correction',
      { artworkId, text: 'Move the barcode 5 mm left.', markers: [{ type: 'PIN', x: 120, y: 340 }] },
      'approver',
    );
    assert.equal(added.state, 'COMMENTED');
    assert.equal(added.revisionNo, 1);
    assert.equal(added.correction.number, 1);
    assert.equal(added.correction.valid, true);
    assert.deepEqual(
      added.correction.markers.map((m) => [m.type, m.x]),
      [['PIN', 120]],
    );

    const off = await h.data<{ changed: boolean; correction: { valid: boolean; invalidatedBy: string | null } }>(
      'set_correction_validity',
      { artworkId, correctionId: added.correction.id, valid: false },
      'approver',
    );
    assert.equal(off.changed, true);
    assert.equal(off.correction.valid, false);
    assert.equal(off.correction.invalidatedBy, user('approver').username);

    const a = await h.data<Artwork>('get_artwork', { artworkId }, 'project_manager');
    assert.equal(a.revisions[0]!.corrections.find((c) => c.id === added.correction.id)?.valid, false);

    const on = await h.data<{ changed: boolean; correction: { valid: boolean } }>(
      'set_correction_validity',
      { artworkId, correctionId: added.correction.id, valid: true },
      'project_manager',
    );
    assert.deepEqual([on.changed, on.correction.valid], [true, true]);
    // By number on the current revision, as a person would say it ("correction #1").
    const same = await h.data<{ changed: boolean; correction: { id: string } }>(
      'set_correction_validity',
      { artworkId, correctionNumber: 1, valid: true },
      'project_manager',
    );
    assert.deepEqual([same.changed, same.correction.id], [false, added.correction.id]);
    const missing = await h.call(
      'set_correction_validity',
      { artworkId, correctionNumber: 9, valid: false },
      'project_manager',
    );
    assert.equal(missing.isError, true);
    assert.match(text(missing), /Error \(not_found\).*#9 of the current revision/);
  });

  test('the manager reminds the undecided approvers', async () => {
    const artworkId = created[0]!.id;
    const r = await h.data<{
      reminded: { username: string; reminderSentDate: string | null }[];
      teamsNotReminded: string[];
    }>('remind_approvers', { artworkId }, 'project_manager');
    assert.deepEqual(
      r.reminded.map((x) => x.username).sort(),
      [user('approver', 0).username, user('approver', 1).username].sort(),
    );
    assert.ok(r.reminded.every((x) => x.reminderSentDate !== null));
    assert.deepEqual(r.teamsNotReminded, ['Regulatory Affairs']);
    const history = await h.data<{ events: { name: string }[] }>(
      'get_artwork_history',
      { artworkId, limit: 2 },
      'project_manager',
    );
    assert.deepEqual(
      history.events.map((e) => e.name),
      ['Approver reminded', 'Approver reminded'],
    );

    const notApprover = await h.call(
      'remind_approvers',
      { artworkId, usernames: [user('supplier').username] },
      'project_manager',
    );
    assert.equal(notApprover.isError, true);
    assert.match(text(notApprover), /Error \(invalid_input\)/);
  });

  test('the second approver approves through their own session', async () => {
    const lars = await clientAs(user('approver', 1).token);
    try {
      const r = (await lars.callTool({
        name: 'approve_artworks',
        arguments: { artworkIds: [created[0]!.id] },
      })) as CallToolResult;
      assert.ok(!r.isError, text(r));
      const row = (r.structuredContent as { artworks: Row[] }).artworks[0]!;
      assert.equal(row.myDecision, 'approved');
      assert.equal(row.state, 'COMMENTED', 'maria and the Regulatory Affairs team are still to decide');
    } finally {
      await lars.close();
    }
  });
  test('two artworks of one project are approved in one call; each waits for the rest of its approvers', async () => {
    const link = await h.data<{ fileId: string }>('get_upload_url', { filename: 'tube-label-r1.pdf' }, 'supplier');
    const up = await h.data<{ state: string }>(
      'upload_new_revision',
      { artworkId: created[1]!.id, fileId: link.fileId },
      'supplier',
    );
    assert.equal(up.state, 'FOR_REVIEW');
    const r = await h.data<{ artworks: Row[] }>(
      'approve_artworks',
      { artworkIds: created.map((a) => a.id) },
      'approver',
    );
    assert.deepEqual(
      r.artworks.map((a) => [a.myDecision, a.state, a.pendingApprovers]),
      [
        ['approved', 'COMMENTED', ['team:Regulatory Affairs']],
        ['approved', 'FOR_REVIEW', ['team:Regulatory Affairs']],
      ],
    );
  });
});

describe('delivery and reading', () => {
  test('an approved artwork is bundled and delivered with a message', async () => {
    const day = artwork('Skin Pure Day Cream 50 ml carton');
    assert.equal(day.state, 'APPROVED');
    const r = await h.data<{ artworks: Row[] }>(
      'deliver_artworks',
      { artworkIds: [day.id], message: 'Print-ready files' },
      'project_manager',
    );
    assert.deepEqual([r.artworks[0]!.previousState, r.artworks[0]!.state], ['APPROVED', 'DELIVERED']);
    const history = await h.data<{ events: { name: string; description: string }[] }>(
      'get_artwork_history',
      { artworkId: day.id, limit: 2 },
      'project_manager',
    );
    assert.deepEqual(
      history.events.map((e) => e.name),
      ['Artwork delivered', 'Artwork bundled'],
    );
    assert.match(history.events[0]!.description, /Print-ready files/);
    const again = await h.data<{ artworks: Row[] }>('deliver_artworks', { artworkIds: [day.id] }, 'project_manager');
    assert.match(again.artworks[0]!.note ?? '', /Already DELIVERED/);
  });

  test('get_artwork shows revisions newest first with valid and invalidated corrections', async () => {
    const night = artwork('Skin Pure Night Cream 50 ml carton');
    const a = await h.data<Artwork>('get_artwork', { artworkId: night.id }, 'approver');
    assert.deepEqual(
      a.revisions.map((r) => r.revisionNo),
      [3, 2, 1],
    );
    const all = a.revisions.flatMap((r) => r.corrections);
    assert.ok(all.some((c) => c.text === 'Barcode too close to the fold.' && !c.valid));
    assert.ok(all.some((c) => c.text === 'Please double-check the Finnish translation.' && c.valid));
  });

  test('the project AI summary returns text', async () => {
    const r = await h.data<{ summary: string; audience: string }>(
      'get_project_ai_summary',
      { projectId: projects.get('Skin Pure Relaunch'), audience: 'ORDERER' },
      'project_manager',
    );
    assert.equal(r.audience, 'ORDERER');
    assert.match(r.summary, /Skin Pure Relaunch/);
  });
});
