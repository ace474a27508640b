/**
 * Artwork editing after creation, artwork tasks and team administration (issue 16), through the
 * MCP SDK client against the sandbox. Effects are checked by reading the sandbox directly.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

const Projects = graphql(`
  query TestAdminProjects($paging: Paging) {
    projects(paging: $paging) {
      projects {
        id
        name
        state
        projectManager {
          username
        }
        artworks {
          id
          name
          state
          startDate
          endDate
          category {
            id
            name
          }
          teams {
            sourceTeamId
            name
          }
        }
      }
    }
    organisation {
      artworkCategories {
        id
        name
      }
      teams {
        id
        name
        approvalMode
        users {
          admin
          user {
            username
          }
        }
      }
    }
  }
`);

const Upload = graphql(`
  query TestAdminUploadUrl($fileId: UUID!, $filename: String) {
    tempFileUploadUrl(fileId: $fileId, filename: $filename)
  }
`);

interface Confirmable {
  status: 'done' | 'confirmation_required';
  confirmation?: { token: string; summary: string };
}
interface Edited {
  id: string;
  name: string;
  state: string;
  startDate: string | null;
  endDate: string | null;
  category: string;
}

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const read = async () => h.client.request(Projects, { paging: { page: 0, pageSize: 200 } }, h.sandbox.adminToken);
const artwork = async (id: string) =>
  (await read())
    .projects!.projects.flatMap((p) => p.artworks.map((a) => ({ ...a, projectId: p.id })))
    .find((a) => a.id === id);
const oralCare = async () => (await read()).projects!.projects.find((p) => p.name === 'Oral Care Regulatory Update')!;

test("the project's manager renames an artwork, sets its dates and category", async () => {
  const p = await oralCare();
  const a = p.artworks[0]!;
  const r = await h.data<{ previousName: string; artwork: Edited }>(
    'rename_artwork',
    { artworkId: a.id, name: 'Toothpaste 75 ml carton (EU)' },
    'project_manager',
  );
  assert.equal(r.previousName, a.name);
  assert.equal((await artwork(a.id))!.name, 'Toothpaste 75 ml carton (EU)');

  const d = await h.data<{ artworks: Edited[] }>(
    'set_artwork_dates',
    { artworkIds: [a.id, p.artworks[1]!.id], startDate: '2030-01-02', endDate: '2030-02-03' },
    'project_manager',
  );
  assert.deepEqual(
    d.artworks.map((x) => x.endDate),
    ['2030-02-03', '2030-02-03'],
  );
  const cleared = await h.data<{ artworks: Edited[] }>(
    'set_artwork_dates',
    { artworkIds: [a.id], startDate: null },
    'project_manager',
  );
  assert.equal(cleared.artworks[0]!.startDate, null);
  assert.equal((await artwork(a.id))!.endDate, '2030-02-03', 'a date left out stays');

  const bad = await h.call('set_artwork_dates', { artworkIds: [a.id], startDate: '2030-03-01', endDate: '2030-02-01' });
  assert.equal(bad.isError, true);
  assert.match(JSON.stringify(bad.content), /before startDate/);

  const label = (await read()).organisation!.artworkCategories.find((c) => c.name === 'Leaflet')!;
  const c = await h.data<{ artworks: Edited[] }>(
    'set_artwork_category',
    { artworkIds: [a.id], category: 'leaflet' },
    'project_manager',
  );
  assert.equal(c.artworks[0]!.category, 'Leaflet');
  assert.equal((await artwork(a.id))!.category.id, label.id);
});

test('someone who does not manage the project may not edit its artworks', async () => {
  const p = await oralCare();
  const r = await h.call('rename_artwork', { artworkId: p.artworks[2]!.id, name: 'Nope' }, 'approver');
  assert.equal(r.isError, true);
  assert.equal((await artwork(p.artworks[2]!.id))!.name, p.artworks[2]!.name);
});

test('duplicate artworks into the same project, then delete the copies with confirmation', async () => {
  const p = await oralCare();
  const dup = await h.data<{ created: { id: string; name: string; state: string }[] }>('duplicate_artworks', {
    artworkIds: [p.artworks[2]!.id],
  });
  assert.equal(dup.created.length, 1);
  assert.equal(dup.created[0]!.name, p.artworks[2]!.name);
  assert.equal(dup.created[0]!.state, 'UNSTARTED');
  const copy = dup.created[0]!.id;
  assert.ok(await artwork(copy));

  const first = await h.data<Confirmable>('delete_artworks', { artworkIds: [copy] });
  assert.equal(first.status, 'confirmation_required');
  assert.match(first.confirmation!.summary, /cannot be undone/);
  assert.ok(await artwork(copy), 'nothing deleted before confirmation');
  const done = await h.data<Confirmable & { deleted: string[] }>('delete_artworks', {
    artworkIds: [copy],
    confirmationToken: first.confirmation!.token,
  });
  assert.deepEqual(done.deleted, [copy]);
  assert.equal(await artwork(copy), undefined);
});

test('create artworks from uploaded files: each file becomes an artwork with its first revision', async () => {
  const p = await oralCare();
  const fileId = '0e4a5c1e-1b2f-4d7a-9c61-0f0e5a1b2c3d';
  const url = (await h.client.request(Upload, { fileId, filename: 'gum-label.pdf' }, h.sandbox.adminToken))
    .tempFileUploadUrl;
  const put = await fetch(url, { method: 'PUT', body: '%PDF-1.4 sample' });
  assert.ok(put.ok, `upload failed: ${put.status}`);
  const r = await h.data<{ created: Edited[] }>('create_artworks_from_files', {
    projectId: p.id,
    files: [{ fileId, name: 'Chewing gum label', category: 'Label' }],
  });
  assert.equal(r.created.length, 1);
  assert.equal(r.created[0]!.name, 'Chewing gum label');
  assert.equal(r.created[0]!.category, 'Label');
  assert.equal(r.created[0]!.state, 'UNSTARTED');
  const missing = await h.call('create_artworks_from_files', {
    projectId: p.id,
    files: [{ fileId: '11111111-2222-4333-8444-555555555555' }],
  });
  assert.equal(missing.isError, true);
  assert.match(JSON.stringify(missing.content), /get_upload_url/);
});

test('undo a delivery: DELIVERED goes back to BUNDLED; other states are refused', async () => {
  const all = (await read()).projects!.projects.flatMap((p) => p.artworks);
  const delivered = all.find((a) => a.state === 'DELIVERED')!;
  const r = await h.data<{ artworks: { previousState: string; state: string }[] }>('undo_artwork_delivery', {
    artworkIds: [delivered.id],
  });
  assert.deepEqual(
    r.artworks.map((x) => [x.previousState, x.state]),
    [['DELIVERED', 'BUNDLED']],
  );
  assert.equal((await artwork(delivered.id))!.state, 'BUNDLED');
  const again = await h.call('undo_artwork_delivery', { artworkIds: [delivered.id] });
  assert.equal(again.isError, true);
  assert.match(JSON.stringify(again.content), /BUNDLED/);
});

test('artwork tasks: add a digital proof, finish it, reset it, remove it', async () => {
  const a = (await oralCare()).artworks[1]!;
  type Tasks = { artworks: { tasks: { type: string; done: boolean; finishedBy: string | null }[] }[] };
  const empty = await h.data<Tasks>('get_artwork_tasks', { artworkIds: [a.id] });
  assert.deepEqual(empty.artworks[0]!.tasks, []);
  const refused = await h.call('update_artwork_tasks', { artworkIds: [a.id], task: 'DIGITAL_PROOF', action: 'finish' });
  assert.equal(refused.isError, true);
  assert.match(JSON.stringify(refused.content), /Add it first/);

  const added = await h.data<Tasks>('update_artwork_tasks', {
    artworkIds: [a.id],
    task: 'DIGITAL_PROOF',
    action: 'add',
  });
  assert.deepEqual(
    added.artworks[0]!.tasks.map((t) => [t.type, t.done]),
    [['DIGITAL_PROOF', false]],
  );
  const done = await h.data<Tasks>('update_artwork_tasks', {
    artworkIds: [a.id],
    task: 'DIGITAL_PROOF',
    action: 'finish',
  });
  assert.equal(done.artworks[0]!.tasks[0]!.done, true);
  assert.equal(done.artworks[0]!.tasks[0]!.finishedBy, h.sandbox.users.find((u) => u.role === 'admin')!.username);
  const reset = await h.data<Tasks>('update_artwork_tasks', {
    artworkIds: [a.id],
    task: 'DIGITAL_PROOF',
    action: 'reset',
  });
  assert.equal(reset.artworks[0]!.tasks[0]!.done, false);
  const removed = await h.data<Tasks>('update_artwork_tasks', {
    artworkIds: [a.id],
    task: 'DIGITAL_PROOF',
    action: 'remove',
  });
  assert.deepEqual(removed.artworks[0]!.tasks, []);
  const read2 = await h.data<Tasks>('get_artwork_tasks', { artworkIds: [a.id] });
  assert.deepEqual(read2.artworks[0]!.tasks, []);
});

test('team administration: remove a member, make one admin, change the approval mode', async () => {
  const org = (await read()).organisation!;
  const team = org.teams.find((t) => t.name === 'Brand Council')!;
  const member = team.users.find((u) => !u.admin)!.user.username;
  type Team = { team: { approvalMode: string; members: { username: string; admin: boolean }[] } };

  const admin = await h.data<Team>('set_team_admin', { teamId: team.id, username: member, admin: true });
  assert.equal(admin.team.members.find((m) => m.username === member)?.admin, true);

  const mode = await h.data<Team>('set_team_approval_mode', { teamId: team.id, approvalMode: 'ALL_REQUIRED' });
  assert.equal(mode.team.approvalMode, 'ALL_REQUIRED');
  assert.equal((await read()).organisation!.teams.find((t) => t.id === team.id)!.approvalMode, 'ALL_REQUIRED');

  const removed = await h.data<Team>('remove_team_members', { teamId: team.id, usernames: [member] });
  assert.ok(!removed.team.members.some((m) => m.username === member));
  const now = (await read()).organisation!.teams.find((t) => t.id === team.id)!;
  assert.ok(!now.users.some((u) => u.user.username === member));

  const notMember = await h.call('set_team_admin', { teamId: team.id, username: member, admin: true });
  assert.equal(notMember.isError, true);
  assert.match(JSON.stringify(notMember.content), /not a member/);

  const byPm = await h.call('set_team_approval_mode', { teamId: team.id, approvalMode: 'ANY_MEMBER' }, 'approver');
  assert.equal(byPm.isError, true);
});

test('detach a team from an artwork, then delete a team with confirmation', async () => {
  const data = await read();
  const withTeam = data.projects!.projects.flatMap((p) => p.artworks).find((a) => a.teams.length > 0)!;
  const teamId = withTeam.teams[0]!.sourceTeamId;
  const r = await h.data<{ teams: { teamId: string }[] }>('detach_team_from_artwork', {
    artworkId: withTeam.id,
    teamId,
  });
  assert.ok(!r.teams.some((t) => t.teamId === teamId));
  assert.ok(!(await artwork(withTeam.id))!.teams.some((t) => t.sourceTeamId === teamId));
  const again = await h.call('detach_team_from_artwork', { artworkId: withTeam.id, teamId });
  assert.equal(again.isError, true);

  const first = await h.data<Confirmable>('delete_teams', { teamIds: [teamId] });
  assert.equal(first.status, 'confirmation_required');
  assert.ok((await read()).organisation!.teams.some((t) => t.id === teamId));
  const done = await h.data<Confirmable & { deleted: string[] }>('delete_teams', {
    teamIds: [teamId],
    confirmationToken: first.confirmation!.token,
  });
  assert.deepEqual(done.deleted, [teamId]);
  const after = await read();
  assert.ok(!after.organisation!.teams.some((t) => t.id === teamId));
  assert.ok(
    !after.projects!.projects.flatMap((p) => p.artworks).some((a) => a.teams.some((t) => t.sourceTeamId === teamId)),
    'the deleted team is on no artwork',
  );
});

test('an administrator renames a user; others may not', async () => {
  const supplier = h.sandbox.users.find((u) => u.role === 'supplier')!;
  type Renamed = { before: { name: string }; user: { name: string; username: string } };
  const r = await h.data<Renamed>('rename_user', { username: supplier.username, lastName: 'Dahl-Berg' });
  assert.equal(r.before.name, supplier.name);
  assert.equal(r.user.name, `${supplier.name.split(' ')[0]} Dahl-Berg`);
  assert.equal(r.user.username, supplier.username);
  const refused = await h.call('rename_user', { username: supplier.username, firstName: 'X' }, 'project_manager');
  assert.equal(refused.isError, true);
  assert.match(JSON.stringify(refused.content), /administrator/);
  const empty = await h.call('rename_user', { username: supplier.username });
  assert.equal(empty.isError, true);
});

test('a rename whose answer is garbled says the outcome is unknown and which read shows it', async () => {
  const p = await oralCare();
  const a = p.artworks[1]!;
  h.sandbox.faults.set({ malformedRate: 1, operationNames: ['ChangeArtworkName'] });
  try {
    const r = await h.call('rename_artwork', { artworkId: a.id, name: 'Renamed while garbled' }, 'project_manager');
    assert.equal(r.isError, true);
    const text = (r.content as { text: string }[])[0]!.text;
    assert.match(text, /Outcome unknown/);
    assert.match(text, /check with get_artwork \(the artwork\)/);
    assert.doesNotMatch(text, /try again/i);
  } finally {
    h.sandbox.faults.reset();
  }
});
