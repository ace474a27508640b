/**
 * Project lifecycle through the MCP SDK client against the seeded sandbox: a manager creates a
 * project, changes it, delivers, closes (with confirmation), reopens and deletes it (with
 * confirmation). Every effect is checked with a raw GraphQL read, not with our own code.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';
import { capabilities } from '../src/capabilities/index.js';

const RawProject = graphql(`
  query TestLifecycleRawProject($id: UUID!) {
    project(id: $id) {
      id
      name
      description
      notes
      state
      orderNo
      startDate
      endDate
      orderer {
        username
      }
      projectManager {
        username
      }
      artworks {
        id
        name
        state
      }
    }
  }
`);

interface Person {
  id: string;
  username: string;
  name: string;
}
interface Project {
  id: string;
  name: string;
  state: string;
  notes: string | null;
  orderNo: string;
  startDate: string | null;
  endDate: string | null;
  isInClosableState: boolean;
  isInDeleteableState: boolean;
  orderer: Person;
  projectManager: Person | null;
}
interface Confirmation {
  token: string;
  expiresAt: string;
  summary: string;
  targets: string[];
}

let h: Harness;
const userOf = (role: string) => h.sandbox.users.find((u) => u.role === role)!;
const managers = () => h.sandbox.users.filter((u) => u.role === 'project_manager');

async function raw(id: string) {
  try {
    return (await h.client.request(RawProject, { id }, h.sandbox.adminToken)).project ?? null;
  } catch (err) {
    if ((err as { code?: string }).code === 'not_found') return null;
    throw err;
  }
}

function errorText(r: CallToolResult): string {
  assert.equal(r.isError, true, `expected an error, got ${JSON.stringify(r.structuredContent)}`);
  return (r.content as Array<{ text: string }>).map((c) => c.text).join('\n');
}

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

test('a manager creates a project with orderer, manager and dates, adds artworks, then changes its data and notes', async () => {
  const [anna, johan] = managers();
  const erik = userOf('orderer');
  const created = await h.data<{ project: Project; warnings: string[] }>(
    'create_project',
    {
      name: 'Sun Shield SPF 50 launch',
      orderer: erik.username,
      projectManager: anna!.username,
      description: 'Tubes and cartons for the summer launch.',
      orderNo: 'PO-5001',
      startDate: '2026-03-02',
      endDate: '2026-05-29',
    },
    'project_manager',
  );
  assert.deepEqual(created.warnings, []);
  const id = created.project.id;
  let p = await raw(id);
  assert.ok(p, 'the project exists in Cway');
  assert.equal(p.name, 'Sun Shield SPF 50 launch');
  assert.equal(p.orderer.username, erik.username);
  assert.equal(p.projectManager?.username, anna!.username);
  assert.equal(p.startDate, '2026-03-02');
  assert.equal(p.endDate, '2026-05-29');
  assert.equal(p.orderNo, 'PO-5001');
  assert.equal(created.project.projectManager?.username, anna!.username, 'the answer is the re-read project');

  if (capabilities.some((c) => c.name === 'create_artworks')) {
    await h.data(
      'create_artworks',
      { projectId: id, artworks: [{ name: 'SPF 50 tube' }, { name: 'SPF 50 carton' }] },
      'project_manager',
    );
    p = await raw(id);
    assert.deepEqual(p!.artworks.map((a) => a.name).sort(), ['SPF 50 carton', 'SPF 50 tube']);
  }

  const updated = await h.data<{ project: Project; changed: string[] }>(
    'update_project',
    {
      projectId: id,
      name: 'Sun Shield SPF 50 launch (EU)',
      orderNo: 'PO-5002',
      notes: 'Waiting for the legal texts.',
      endDate: '2026-06-12',
      projectManager: johan!.username,
    },
    'project_manager',
  );
  assert.deepEqual([...updated.changed].sort(), ['dates', 'name', 'notes', 'orderNo', 'projectManager']);
  p = await raw(id);
  assert.equal(p!.name, 'Sun Shield SPF 50 launch (EU)');
  assert.equal(p!.orderNo, 'PO-5002');
  assert.equal(p!.notes, 'Waiting for the legal texts.');
  assert.equal(p!.startDate, '2026-03-02', 'the start date not given keeps its value');
  assert.equal(p!.endDate, '2026-06-12');
  assert.equal(p!.projectManager?.username, johan!.username);
  assert.equal(p!.description, 'Tubes and cartons for the summer launch.', 'fields not given are untouched');
  assert.equal(updated.project.notes, 'Waiting for the legal texts.');

  // A misspelt person changes nothing at all.
  const bad = await h.call(
    'update_project',
    { projectId: id, name: 'Renamed', orderer: 'nobody@nowhere.example' },
    'admin',
  );
  assert.match(errorText(bad), /not_found[\s\S]*orderer/);
  assert.equal((await raw(id))!.name, 'Sun Shield SPF 50 launch (EU)');

  const empty = await h.call('update_project', { projectId: id }, 'admin');
  assert.match(errorText(empty), /invalid_input/);

  const backwards = await h.call('update_project', { projectId: id, startDate: '2026-07-01' }, 'admin');
  assert.match(errorText(backwards), /invalid_input[\s\S]*before/);
});

test('a project is delivered, closed only after confirmation, reopened, and deleted only after confirmation', async () => {
  const created = await h.data<{ project: Project }>('create_project', { name: 'Gift set 2026' }, 'project_manager');
  const id = created.project.id;
  assert.equal(created.project.orderer.username, managers()[0]!.username, 'the orderer defaults to the caller');

  const delivered = await h.data<{ project: Project }>('deliver_project', { projectId: id }, 'project_manager');
  assert.equal(delivered.project.state, 'DELIVERED');
  assert.equal((await raw(id))!.state, 'DELIVERED');

  // Close: the first call only previews.
  const ask = await h.data<{
    status: string;
    confirmation: Confirmation;
    preview: Array<{ id: string; isInClosableState: boolean }>;
  }>('close_projects', { projectIds: [id] }, 'project_manager');
  assert.equal(ask.status, 'confirmation_required');
  assert.deepEqual(
    ask.preview.map((x) => [x.id, x.isInClosableState]),
    [[id, true]],
  );
  assert.match(ask.confirmation.summary, /Gift set 2026/);
  assert.match(ask.confirmation.summary, /force/);
  assert.deepEqual(ask.confirmation.targets, [id]);
  assert.equal((await raw(id))!.state, 'DELIVERED', 'nothing changed before confirmation');

  const closed = await h.data<{ status: string; projects: Project[] }>(
    'close_projects',
    { projectIds: [id], confirmationToken: ask.confirmation.token },
    'project_manager',
  );
  assert.equal(closed.status, 'done');
  assert.equal(closed.projects[0]!.state, 'CLOSED');
  assert.equal((await raw(id))!.state, 'CLOSED');

  const reused = await h.call(
    'close_projects',
    { projectIds: [id], confirmationToken: ask.confirmation.token },
    'project_manager',
  );
  assert.equal(reused.isError ?? false, false, 'an already closed project needs no second close');
  assert.equal((reused.structuredContent as { status: string }).status, 'done');

  const reopened = await h.data<{ projects: Project[]; skipped: string[] }>(
    'reopen_projects',
    { projectIds: [id] },
    'project_manager',
  );
  assert.equal(reopened.projects[0]!.state, 'IN_PROGRESS');
  assert.deepEqual(reopened.skipped, []);
  assert.equal((await raw(id))!.state, 'IN_PROGRESS');

  // Delete: the first call only previews.
  const askDelete = await h.data<{
    status: string;
    confirmation: Confirmation;
    preview: Array<{ id: string; isInDeleteableState: boolean }>;
  }>('delete_projects', { projectIds: [id] }, 'project_manager');
  assert.equal(askDelete.status, 'confirmation_required');
  assert.deepEqual(
    askDelete.preview.map((x) => [x.id, x.isInDeleteableState]),
    [[id, true]],
  );
  assert.ok(await raw(id), 'still there before confirmation');

  // A token for closing does not delete.
  const wrongToken = await h.call(
    'delete_projects',
    { projectIds: [id], confirmationToken: ask.confirmation.token },
    'project_manager',
  );
  assert.match(errorText(wrongToken), /invalid_input|conflict/);
  assert.ok(await raw(id), 'still there after a wrong token');

  const deleted = await h.data<{ status: string; deleted: string[]; notDeleted: Project[] }>(
    'delete_projects',
    { projectIds: [id], confirmationToken: askDelete.confirmation.token },
    'project_manager',
  );
  assert.equal(deleted.status, 'done');
  assert.deepEqual(deleted.deleted, [id]);
  assert.deepEqual(deleted.notDeleted, []);
  assert.equal(await raw(id), null, 'gone from Cway');
});

test('closing or deleting a project with unfinished artworks is refused without force, before any confirmation', async () => {
  const found = await h.data<{ projects: Array<{ id: string; name: string }> }>(
    'search_projects',
    { query: 'Skin Pure Relaunch' },
    'admin',
  );
  const busy = found.projects.find((p) => p.name === 'Skin Pure Relaunch')!;
  assert.ok(busy, 'the seeded story project exists');
  const before = (await raw(busy.id))!;
  assert.ok(
    before.artworks.some((a) => !['UNSTARTED', 'DELIVERED', 'CANCELED'].includes(a.state)),
    'it has work in progress',
  );

  const close = await h.call('close_projects', { projectIds: [busy.id] }, 'admin');
  assert.match(errorText(close), /conflict[\s\S]*force: true/);
  const del = await h.call('delete_projects', { projectIds: [busy.id] }, 'admin');
  assert.match(errorText(del), /conflict[\s\S]*force/);
  assert.equal((await raw(busy.id))!.state, before.state);

  // With force the preview says so and still changes nothing.
  const forced = await h.data<{
    status: string;
    confirmation: Confirmation;
    preview: Array<{ isInClosableState: boolean }>;
  }>('close_projects', { projectIds: [busy.id], force: true }, 'admin');
  assert.equal(forced.status, 'confirmation_required');
  assert.equal(forced.preview[0]!.isInClosableState, false);
  assert.match(forced.confirmation.summary, /force is true/);
  assert.equal((await raw(busy.id))!.state, before.state);
});

test('people without the right are refused before any question, and unknown ids are named', async () => {
  const erik = userOf('orderer');
  const created = await h.data<{ project: Project }>(
    'create_project',
    { name: 'Refusal check', orderer: erik.username, projectManager: managers()[0]!.username },
    'project_manager',
  );
  const id = created.project.id;

  const byApprover = await h.call('create_project', { name: 'Not mine to make' }, 'approver');
  assert.match(errorText(byApprover), /forbidden/);

  // The orderer sees the project but does not manage it: refused before any token is issued.
  const closeByOrderer = await h.call('close_projects', { projectIds: [id] }, 'orderer');
  const text = errorText(closeByOrderer);
  assert.match(text, /forbidden[\s\S]*Refusal check/);
  assert.equal(closeByOrderer.structuredContent, undefined, 'no confirmation was offered');
  assert.equal((await raw(id))!.state, 'IN_PROGRESS');

  const missing = await h.call('delete_projects', { projectIds: ['00000000-0000-4000-8000-000000000000'] }, 'admin');
  assert.match(errorText(missing), /not_found[\s\S]*list_projects/);
});
