/**
 * People writes through the MCP SDK client against the seeded sandbox: an admin adds users with
 * names and a permission group, moves them to another group, builds a team, and deletes a user
 * after confirming; others are refused. Effects are checked with raw GraphQL reads.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

const RawUser = graphql(`
  query TestPeopleRawUser($username: String) {
    getUser(username: $username) {
      id
      username
      firstName
      lastName
      permissionGroupId
    }
  }
`);
const RawGroups = graphql(`
  query TestPeopleRawGroups {
    getPermissionGroups {
      id
      name
    }
  }
`);
const RawTeams = graphql(`
  query TestPeopleRawTeams {
    organisation {
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

interface User {
  id: string;
  username: string;
  name: string;
  permissionGroupId: string | null;
}
interface Team {
  id: string;
  name: string;
  approvalMode: string;
  members: Array<{ username: string; admin: boolean }>;
}

let h: Harness;
const userOf = (role: string) => h.sandbox.users.find((u) => u.role === role)!;
const rawUser = async (username: string) =>
  (await h.client.request(RawUser, { username }, h.sandbox.adminToken)).getUser ?? null;
const groupId = async (name: string) =>
  (await h.client.request(RawGroups, {}, h.sandbox.adminToken)).getPermissionGroups.find((g) => g.name === name)!.id;

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

test('an admin adds people with names and a group, then moves them to another group', async () => {
  const existing = userOf('approver');
  const result = await h.data<{
    created: User[];
    failed: Array<{ username: string; code: string }>;
    warnings: string[];
  }>(
    'create_users',
    {
      users: [
        { username: 'Nina.Berg@nordiccare.example', firstName: 'Nina', lastName: 'Berg' },
        { username: 'per.holm@nordiccare.example' },
        { username: existing.username, firstName: 'Should', lastName: 'Not change' },
      ],
      permissionGroup: 'project manager',
    },
    'admin',
  );
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(result.created.map((u) => u.username).sort(), [
    'nina.berg@nordiccare.example',
    'per.holm@nordiccare.example',
  ]);
  assert.deepEqual(
    result.failed.map((f) => [f.username, f.code]),
    [[existing.username, 'conflict']],
  );

  const pm = await groupId('Project manager');
  const nina = (await rawUser('nina.berg@nordiccare.example'))!;
  assert.equal(nina.firstName, 'Nina');
  assert.equal(nina.lastName, 'Berg');
  assert.equal(nina.permissionGroupId, pm);
  assert.equal((await rawUser('per.holm@nordiccare.example'))!.permissionGroupId, pm);
  const untouched = (await rawUser(existing.username))!;
  assert.notEqual(untouched.firstName, 'Should', 'an existing user is left as it was');

  const standard = await groupId('Standard');
  const moved = await h.data<{ permissionGroup: { id: string; name: string }; users: User[] }>(
    'set_user_permission_group',
    { usernames: ['nina.berg@nordiccare.example', 'per.holm@nordiccare.example'], permissionGroup: standard },
    'admin',
  );
  assert.equal(moved.permissionGroup.name, 'Standard');
  assert.deepEqual(
    moved.users.map((u) => u.permissionGroupId),
    [standard, standard],
  );
  assert.equal((await rawUser('nina.berg@nordiccare.example'))!.permissionGroupId, standard);

  const unknownGroup = await h.call(
    'set_user_permission_group',
    { usernames: ['nina.berg@nordiccare.example'], permissionGroup: 'Wizards' },
    'admin',
  );
  assert.match(errorText(unknownGroup), /not_found[\s\S]*Candidates: .*Standard/);
  const unknownUser = await h.call(
    'set_user_permission_group',
    { usernames: ['ghost@nowhere.example'], permissionGroup: 'Standard' },
    'admin',
  );
  assert.match(errorText(unknownUser), /not_found[\s\S]*ghost@nowhere\.example/);

  const byManager = await h.call(
    'create_users',
    { users: [{ username: 'x.y@nordiccare.example' }] },
    'project_manager',
  );
  assert.match(errorText(byManager), /forbidden/);
  assert.equal(await rawUser('x.y@nordiccare.example'), null);
});

test('deleting users: refused for non-admins with nothing deleted; for an admin only after confirmation', async () => {
  await h.data(
    'create_users',
    { users: [{ username: 'leaving@nordiccare.example', firstName: 'Lea', lastName: 'Ving' }] },
    'admin',
  );
  const victim = userOf('supplier');

  const byManager = await h.call('delete_users', { usernames: [victim.username] }, 'project_manager');
  assert.match(errorText(byManager), /forbidden/);
  assert.equal(byManager.structuredContent, undefined, 'no confirmation offered');
  assert.ok(await rawUser(victim.username), 'nothing deleted');

  const ask = await h.data<{ status: string; confirmation: { token: string; summary: string }; preview: User[] }>(
    'delete_users',
    { usernames: ['leaving@nordiccare.example'] },
    'admin',
  );
  assert.equal(ask.status, 'confirmation_required');
  assert.deepEqual(
    ask.preview.map((u) => u.username),
    ['leaving@nordiccare.example'],
  );
  assert.match(ask.confirmation.summary, /keeps their data/);
  assert.ok(await rawUser('leaving@nordiccare.example'), 'still there before confirmation');

  const done = await h.data<{ status: string; deleted: string[]; notDeleted: string[] }>(
    'delete_users',
    { usernames: ['leaving@nordiccare.example'], confirmationToken: ask.confirmation.token },
    'admin',
  );
  assert.equal(done.status, 'done');
  assert.deepEqual(done.deleted, ['leaving@nordiccare.example']);
  assert.equal(await rawUser('leaving@nordiccare.example'), null);

  const self = await h.call('delete_users', { usernames: [userOf('admin').username] }, 'admin');
  assert.match(errorText(self), /conflict[\s\S]*own/);
  const ghost = await h.call('delete_users', { usernames: ['ghost@nowhere.example'] }, 'admin');
  assert.match(errorText(ghost), /not_found/);
});

test('an admin builds a team with an approval mode and adds members', async () => {
  const [anna] = h.sandbox.users.filter((u) => u.role === 'project_manager');
  const approver = userOf('approver');
  const { team, warnings } = await h.data<{ team: Team; warnings: string[] }>(
    'create_team',
    {
      name: 'Packaging Legal',
      description: 'Legal sign-off for packaging',
      approvalMode: 'ANY_MEMBER',
      members: [{ username: approver.username, admin: true }],
    },
    'admin',
  );
  assert.deepEqual(warnings, []);
  assert.equal(team.approvalMode, 'ANY_MEMBER');
  let raw = (await h.client.request(RawTeams, {}, h.sandbox.adminToken)).organisation!.teams.find(
    (t) => t.id === team.id,
  )!;
  assert.equal(raw.name, 'Packaging Legal');
  assert.equal(raw.approvalMode, 'ANY_MEMBER');
  assert.deepEqual(
    raw.users.map((m) => [m.user.username, m.admin]),
    [[approver.username, true]],
  );

  const grown = await h.data<{ team: Team }>(
    'add_team_members',
    { teamId: team.id, members: [{ username: anna!.username }] },
    'admin',
  );
  assert.deepEqual(grown.team.members.map((m) => m.username).sort(), [anna!.username, approver.username].sort());
  raw = (await h.client.request(RawTeams, {}, h.sandbox.adminToken)).organisation!.teams.find((t) => t.id === team.id)!;
  assert.equal(raw.users.find((m) => m.user.username === anna!.username)?.admin, false);

  const dup = await h.call('create_team', { name: 'packaging legal' }, 'admin');
  assert.match(errorText(dup), /conflict/);
  const byManager = await h.call('create_team', { name: 'Managers only' }, 'project_manager');
  assert.match(errorText(byManager), /forbidden/);
  const noTeam = await h.call(
    'add_team_members',
    { teamId: '00000000-0000-4000-8000-000000000000', members: [{ username: anna!.username }] },
    'admin',
  );
  assert.match(errorText(noTeam), /not_found[\s\S]*Candidates/);
  const noUser = await h.call(
    'add_team_members',
    { teamId: team.id, members: [{ username: 'ghost@nowhere.example' }] },
    'admin',
  );
  assert.match(errorText(noUser), /not_found[\s\S]*members\[0\]\.username/);
});
