/**
 * User, team and identity capabilities through the MCP SDK client against the seeded sandbox.
 * Expected values come from raw GraphQL requests or the sandbox's own list of seeded users.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

interface Card {
  id: string;
  username: string;
  email: string;
  name: string;
  lastLogin: string | null;
}
interface UserPage {
  users: Card[];
  totalHits: number;
  nextPage: number | null;
}

const RawUsers = graphql(`
  query TestRawUsers($paging: Paging) {
    findUsersPage(paging: $paging) {
      totalHits
      users {
        username
        email
        lastLogin
      }
    }
  }
`);

const RawTeams = graphql(`
  query TestRawTeams {
    organisation {
      teams {
        id
        name
        approvalMode
        users {
          user {
            username
          }
        }
      }
    }
    loginInfo {
      user {
        permissionGroupId
      }
    }
  }
`);

let h: Harness;
const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const seeded = (role: string) => h.sandbox.users.find((u) => u.role === role)!;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('list_users pages are disjoint and cover every user once', async () => {
  const raw = await h.client.request(RawUsers, { paging: { page: 0, pageSize: 500 } }, h.sandbox.adminToken);
  const total = Number(raw.findUsersPage.totalHits);
  assert.ok(total >= 4);
  const seen: string[] = [];
  let page: number | null = 0;
  while (page !== null) {
    const r: UserPage = await h.data<UserPage>('list_users', { page, pageSize: 3 });
    assert.equal(r.totalHits, total);
    assert.ok(r.users.length <= 3);
    seen.push(...r.users.map((u) => u.username));
    page = r.nextPage;
  }
  assert.equal(seen.length, total);
  assert.equal(new Set(seen).size, total, 'a user appeared on two pages');
  assert.deepEqual([...seen].sort(), raw.findUsersPage.users.map((u) => u.username).sort());
});

test('list_users turns epoch-ms lastLogin into ISO time', async () => {
  const raw = await h.client.request(RawUsers, { paging: { page: 0, pageSize: 500 } }, h.sandbox.adminToken);
  const withLogin = raw.findUsersPage.users.find((u) => u.lastLogin != null)!;
  const r = await h.data<UserPage>('list_users', { pageSize: 100 });
  const mine = r.users.find((u) => u.username === withLogin.username)!;
  assert.equal(mine.lastLogin, new Date(Number(withLogin.lastLogin)).toISOString());
});

test('search_users finds a seeded user by part of the username', async () => {
  const anna = h.sandbox.users.find((u) => u.name === 'Anna Berg')!;
  const r = await h.data<UserPage>('search_users', { query: 'berg' });
  assert.ok(r.users.some((u) => u.username === anna.username));
  assert.ok(r.users.every((u) => `${u.username} ${u.name}`.toLowerCase().includes('berg')));
});

test('get_user returns details of a seeded user', async () => {
  const approver = seeded('approver');
  const r = await h.data<{ user: Card & { jobTitle: string | null; department: string | null } }>('get_user', {
    username: approver.username,
  });
  assert.equal(r.user.username, approver.username);
  assert.equal(r.user.id, approver.id);
  assert.equal(r.user.name, approver.name);
  assert.ok(r.user.jobTitle, 'the seed gives every user a job title');
});

test('get_user with a near-miss username is not_found with the close usernames as candidates', async () => {
  const approver = seeded('approver');
  const r = await h.call('get_user', { username: `${approver.username}x` });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /not_found/);
  assert.match(textOf(r), /Candidates: .*/);
  assert.ok(textOf(r).includes(approver.username), textOf(r));
});

test('find_user_by_email finds a seeded user by e-mail in a different letter case', async () => {
  const supplier = seeded('supplier');
  const raw = await h.client.request(RawUsers, { paging: { page: 0, pageSize: 500 } }, h.sandbox.adminToken);
  const email = raw.findUsersPage.users.find((u) => u.username === supplier.username)!.email;
  const shouted = email.toUpperCase();
  assert.notEqual(shouted, email);
  const r = await h.data<{ user: Card; matchedBy: string }>('find_user_by_email', { email: shouted });
  assert.equal(r.user.username, supplier.username);
  assert.equal(r.user.email.toLowerCase(), email.toLowerCase());
});

test('find_user_by_email with an unknown address scans and reports not_found on the email field', async () => {
  const r = await h.call('find_user_by_email', { email: 'nobody.here@nowhere.example' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /not_found/);
  assert.match(textOf(r), /users scanned/);
  assert.match(textOf(r), /Field: email/);
});

test('find_user_by_email reports progress while it scans the user list', async () => {
  const client = await h.mcp('admin');
  const seen: { progress: number; total?: number; message?: string }[] = [];
  const r = await client.callTool(
    { name: 'find_user_by_email', arguments: { email: 'still.nobody@nowhere.example' } },
    {
      onprogress: (p: { progress: number; total?: number; message?: string }) => seen.push(p),
    },
  );
  assert.equal(r.isError, true);
  const raw = await h.client.request(RawUsers, { paging: { page: 0, pageSize: 1 } }, h.sandbox.adminToken);
  const total = Number(raw.findUsersPage.totalHits);
  assert.ok(seen.length >= 1, 'no progress notification');
  assert.equal(seen.at(-1)!.progress, Math.ceil(total / 100));
  assert.match(seen.at(-1)!.message ?? '', new RegExp(`Scanned ${total} of ${total} users`));
});

test('find_user_by_email rejects something that is not an e-mail address', async () => {
  const r = await h.call('find_user_by_email', { email: 'not-an-address' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /email/);
});

test('find_users_and_teams returns users and teams, told apart', async () => {
  const raw = await h.client.request(RawTeams, {}, h.sandbox.adminToken);
  const team = raw.organisation!.teams[0]!;
  const r = await h.data<{ items: { type: string; id: string; name: string; memberCount?: number }[] }>(
    'find_users_and_teams',
    { query: team.name, pageSize: 50 },
  );
  const found = r.items.find((x) => x.type === 'team' && x.id === team.id);
  assert.ok(found, `team ${team.name} not found`);
  assert.equal(found.memberCount, team.users.length);

  const everyone = await h.data<{ items: { type: string }[]; totalHits: number }>('find_users_and_teams', {
    pageSize: 100,
  });
  assert.ok(everyone.items.some((x) => x.type === 'user'));
  assert.ok(everyone.items.some((x) => x.type === 'team'));
  assert.equal(everyone.items.length, everyone.totalHits);
});

test('list_teams lists every team with members and approval mode', async () => {
  const raw = await h.client.request(RawTeams, {}, h.sandbox.adminToken);
  const r = await h.data<{
    teams: { id: string; approvalMode: string; members: { username: string }[] }[];
    total: number;
  }>('list_teams');
  assert.equal(r.total, raw.organisation!.teams.length);
  for (const t of raw.organisation!.teams) {
    const mine = r.teams.find((x) => x.id === t.id)!;
    assert.ok(mine, `team ${t.name} missing`);
    assert.equal(mine.approvalMode, t.approvalMode ?? 'ALL_REQUIRED');
    assert.deepEqual(mine.members.map((m) => m.username).sort(), t.users.map((u) => u.user.username).sort());
  }
  const modes = new Set(r.teams.map((t) => t.approvalMode));
  assert.ok(modes.has('ANY_MEMBER') && modes.has('ALL_REQUIRED'), 'the seed has one team per approval mode');
});

test('get_permission_groups works for an admin and includes the admin group', async () => {
  const raw = await h.client.request(RawTeams, {}, h.sandbox.adminToken);
  const r = await h.data<{ groups: { id: string; name: string }[] }>('get_permission_groups');
  assert.ok(r.groups.length >= 2);
  assert.ok(r.groups.some((g) => g.id === raw.loginInfo!.user.permissionGroupId));
});

test('get_permission_groups as a non-admin is a clear forbidden error', async () => {
  const r = await h.call('get_permission_groups', {}, 'approver');
  assert.equal(r.isError, true);
  assert.match(textOf(r), /forbidden/);
  assert.match(textOf(r), /admins/);
});

test('get_login_info tells who the token belongs to and what they may do', async () => {
  const approver = seeded('approver');
  const r = await h.data<{
    user: { username: string; id: string };
    organisation: { name: string } | null;
    permissions: Record<string, boolean>;
  }>('get_login_info', {}, 'approver');
  assert.equal(r.user.username, approver.username);
  assert.equal(r.user.id, approver.id);
  assert.ok(r.organisation?.name);
  assert.equal(r.permissions.userAdministration, false);

  const admin = await h.data<{ permissions: Record<string, boolean> }>('get_login_info', {}, 'admin');
  assert.equal(admin.permissions.userAdministration, true);
});
