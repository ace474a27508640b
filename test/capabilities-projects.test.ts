/**
 * Project capabilities through the MCP SDK client against the seeded sandbox. Expected values
 * are recomputed from raw GraphQL requests to the sandbox, not taken from our own code.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';
import { trendOf } from '../src/capabilities/projects/trend.js';

interface Row {
  id: string;
  name: string;
  state: string;
  totalArtworks: number;
}
interface Page {
  projects: Row[];
  page: number;
  pageSize: number;
  totalHits: number;
  nextPage: number | null;
}

const RawProjects = graphql(`
  query TestRawProjects($filter: ProjectFilter, $paging: Paging) {
    projects(filter: $filter, paging: $paging) {
      totalHits
      projects {
        id
        name
        state
        artworks {
          id
        }
      }
    }
  }
`);

const RawProject = graphql(`
  query TestRawProject($id: UUID!) {
    project(id: $id) {
      id
      name
      orderer {
        username
      }
      projectManager {
        username
      }
      artworks {
        id
        state
        users {
          username
          isApprover
        }
        teams {
          isApprover
          members {
            user {
              username
            }
          }
        }
      }
    }
    projectHistory(projectId: $id) {
      id
      timestamp
    }
  }
`);

const RawTrends = graphql(`
  query TestRawTrends {
    openProjectsCountByMonth {
      month
      count
    }
  }
`);

let h: Harness;
let admin: string;
const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

async function rawCount(states?: ('IN_PROGRESS' | 'STAND_BY' | 'DELIVERED' | 'CLOSED')[]): Promise<number> {
  const data = await h.client.request(RawProjects, { filter: { states }, paging: { page: 0, pageSize: 1 } }, admin);
  return Number(data.projects!.totalHits);
}

async function rawAll() {
  const data = await h.client.request(RawProjects, { filter: {}, paging: { page: 0, pageSize: 500 } }, admin);
  return data.projects!.projects;
}

before(async () => {
  h = await startHarness();
  admin = h.sandbox.adminToken;
});
after(async () => {
  await h?.close();
});

test('list_projects pages are disjoint, sized, and nextPage follows totalHits', async () => {
  const total = await rawCount();
  assert.ok(total > 4, `seed should have more than 4 projects, has ${total}`);
  const p0 = await h.data<Page>('list_projects', { page: 0, pageSize: 2 });
  const p1 = await h.data<Page>('list_projects', { page: 1, pageSize: 2 });
  assert.equal(p0.totalHits, total);
  assert.equal(p0.projects.length, 2);
  assert.equal(p1.projects.length, 2);
  assert.equal(p0.nextPage, 1);
  assert.equal(p1.nextPage, total > 4 ? 2 : null);
  const ids0 = new Set(p0.projects.map((p) => p.id));
  assert.ok(
    p1.projects.every((p) => !ids0.has(p.id)),
    'page 1 repeats a project of page 0',
  );

  const lastPage = Math.ceil(total / 2) - 1;
  const last = await h.data<Page>('list_projects', { page: lastPage, pageSize: 2 });
  assert.equal(last.nextPage, null);
  assert.equal(last.projects.length, total - lastPage * 2);
});

test('list_projects filtered by state returns only that state, as many as Cway holds', async () => {
  const r = await h.data<Page>('list_projects', { states: ['DELIVERED'], pageSize: 100 });
  assert.ok(r.projects.length > 0, 'seed should have a DELIVERED project');
  assert.ok(r.projects.every((p) => p.state === 'DELIVERED'));
  assert.equal(r.totalHits, await rawCount(['DELIVERED']));
});

test('get_active_projects is IN_PROGRESS, plus STAND_BY only when asked', async () => {
  const active = await h.data<Page & { states: string[] }>('get_active_projects', { pageSize: 100 });
  assert.deepEqual(active.states, ['IN_PROGRESS']);
  assert.ok(active.projects.length > 0);
  assert.ok(active.projects.every((p) => p.state === 'IN_PROGRESS'));
  assert.equal(active.totalHits, await rawCount(['IN_PROGRESS']));

  const withHold = await h.data<Page>('get_active_projects', { includeStandBy: true, pageSize: 100 });
  assert.equal(withHold.totalHits, (await rawCount(['IN_PROGRESS'])) + (await rawCount(['STAND_BY'])));
  assert.ok(withHold.projects.every((p) => p.state === 'IN_PROGRESS' || p.state === 'STAND_BY'));
});

test('get_completed_projects is DELIVERED + CLOSED, narrowed by only', async () => {
  const done = await h.data<Page>('get_completed_projects', { pageSize: 100 });
  assert.equal(done.totalHits, (await rawCount(['DELIVERED'])) + (await rawCount(['CLOSED'])));
  assert.ok(done.projects.every((p) => p.state === 'DELIVERED' || p.state === 'CLOSED'));
  const closed = await h.data<Page>('get_completed_projects', { only: 'CLOSED', pageSize: 100 });
  assert.ok(closed.projects.length > 0, 'seed should have a CLOSED project');
  assert.ok(closed.projects.every((p) => p.state === 'CLOSED'));
});

test('search_projects finds a seeded project by one word of its name, in another letter case', async () => {
  const all = await rawAll();
  const target = all.find((p) => p.name.split(/\s+/).some((w) => w.length >= 5))!;
  const word = target.name.split(/\s+/).find((w) => w.length >= 5)!;
  const r = await h.data<Page>('search_projects', { query: word.toUpperCase(), pageSize: 50 });
  assert.ok(
    r.projects.some((p) => p.id === target.id),
    `"${word}" did not find "${target.name}"`,
  );
  const none = await h.data<Page>('search_projects', { query: 'zzqx-no-such-project' });
  assert.equal(none.totalHits, 0);
  assert.deepEqual(none.projects, []);
});

test('get_project returns counts, people and permissions recomputed from the raw project', async () => {
  const all = await rawAll();
  const target = [...all].sort((a, b) => b.artworks.length - a.artworks.length)[0]!;
  const raw = (await h.client.request(RawProject, { id: target.id }, admin)).project!;

  const p = await h.data<{
    id: string;
    name: string;
    orderer: { username: string };
    projectManager: { username: string } | null;
    artworkStates: Record<string, number>;
    artworks: { id: string; state: string; latestActivity: string }[];
    artworksOmitted: number;
    note: string | null;
    people: { username: string; roles: string[]; approverOn: number }[];
    permissions: Record<string, boolean>;
    closable: boolean;
  }>('get_project', { id: target.id, maxArtworks: 2 });

  assert.equal(p.id, target.id);
  assert.equal(p.name, raw.name);
  assert.equal(p.orderer.username, raw.orderer.username);
  assert.equal(p.projectManager?.username ?? null, raw.projectManager?.username ?? null);

  const states: Record<string, number> = {};
  for (const a of raw.artworks) states[a.state] = (states[a.state] ?? 0) + 1;
  assert.deepEqual(p.artworkStates, states);

  assert.equal(p.artworks.length, Math.min(2, raw.artworks.length));
  assert.equal(p.artworksOmitted, raw.artworks.length - p.artworks.length);
  if (raw.artworks.length > 2) assert.match(p.note ?? '', /left out/);
  for (let i = 1; i < p.artworks.length; i++) {
    assert.ok(Date.parse(p.artworks[i - 1]!.latestActivity) >= Date.parse(p.artworks[i]!.latestActivity));
  }

  // People: each username once; orderer has the orderer role; approverOn counts distinct artworks.
  const names = p.people.map((x) => x.username);
  assert.equal(new Set(names).size, names.length);
  assert.ok(p.people.find((x) => x.username === raw.orderer.username)?.roles.includes('orderer'));
  for (const person of p.people) {
    const expected = raw.artworks.filter(
      (a) =>
        a.users.some((u) => u.isApprover && u.username === person.username) ||
        a.teams.some((t) => t.isApprover && t.members.some((m) => m.user.username === person.username)),
    ).length;
    assert.equal(person.approverOn, expected, `approverOn of ${person.username}`);
    assert.equal(person.roles.includes('approver'), expected > 0);
  }
  assert.ok(Array.isArray(p.permissions));
  assert.ok(p.permissions.includes('canManageProject'), 'the admin manages every project');
});

test('get_project with maxArtworks 0 still covers all people', async () => {
  const all = await rawAll();
  const target = all.find((p) => p.artworks.length > 0)!;
  const full = await h.data<{ people: unknown[] }>('get_project', { id: target.id });
  const bare = await h.data<{ people: unknown[]; artworks: unknown[]; artworksOmitted: number }>('get_project', {
    id: target.id,
    maxArtworks: 0,
  });
  assert.deepEqual(bare.artworks, []);
  assert.equal(bare.artworksOmitted, target.artworks.length);
  assert.deepEqual(bare.people, full.people);
});

test('get_project on an unknown id is not_found with a hint to search', async () => {
  const r = await h.call('get_project', { id: '00000000-0000-4000-8000-000000000000' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /not_found/);
  assert.match(textOf(r), /search_projects/);
});

test('get_project rejects an id that is not a UUID, naming the field', async () => {
  const r = await h.call('get_project', { id: 'summer-labels' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /id/);
});

test('get_project_history is newest first, with ISO times and a counted cut', async () => {
  const all = await rawAll();
  let chosen: { id: string; events: { id: string; timestamp: number }[] } | undefined;
  for (const p of all) {
    const raw = await h.client.request(RawProject, { id: p.id }, admin);
    if (raw.projectHistory.length >= 3) {
      chosen = { id: p.id, events: raw.projectHistory };
      break;
    }
  }
  assert.ok(chosen, 'seed should have a project with at least 3 events');
  const r = await h.data<{
    events: { id: string; at: string; timestamp: number }[];
    total: number;
    omitted: number;
    note: string | null;
  }>('get_project_history', { projectId: chosen.id, limit: 2 });
  assert.equal(r.total, chosen.events.length);
  assert.equal(r.events.length, 2);
  assert.equal(r.omitted, chosen.events.length - 2);
  assert.match(r.note ?? '', /left out/);
  const newest = [...chosen.events].sort((a, b) => b.timestamp - a.timestamp);
  assert.deepEqual(
    r.events.map((e) => e.timestamp),
    newest.slice(0, 2).map((e) => e.timestamp),
  );
  for (const e of r.events) assert.equal(e.at, new Date(e.timestamp).toISOString());
});

test('get_project_history on an unknown project is not_found', async () => {
  const r = await h.call('get_project_history', { projectId: '00000000-0000-4000-8000-000000000001' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /not_found/);
});

test('get_monthly_project_trends returns Cway months oldest first with a matching summary', async () => {
  const raw = (await h.client.request(RawTrends, {}, admin)).openProjectsCountByMonth;
  const r = await h.data<{
    months: { month: string; count: number }[];
    summary: {
      direction: string;
      first: { month: string } | null;
      latest: { month: string; count: number } | null;
      peak: { count: number } | null;
    };
  }>('get_monthly_project_trends');
  const sorted = [...raw].sort((a, b) => a.month.localeCompare(b.month));
  assert.deepEqual(r.months, sorted);
  assert.ok(r.months.length >= 2, 'seed should have at least two months');
  assert.equal(r.summary.first?.month, sorted[0]!.month);
  assert.deepEqual(r.summary.latest, sorted[sorted.length - 1]);
  assert.equal(r.summary.peak?.count, Math.max(...sorted.map((m) => m.count)));
  assert.ok(['rising', 'falling', 'flat'].includes(r.summary.direction));
});

test('trendOf reads direction from the slope, not from the end points alone', () => {
  const series = (counts: number[]) =>
    counts.map((count, i) => ({ month: `2025-${String(i + 1).padStart(2, '0')}-01`, count }));
  assert.equal(trendOf(series([2, 3, 5, 6, 8])).direction, 'rising');
  assert.equal(trendOf(series([9, 7, 6, 4, 2])).direction, 'falling');
  assert.equal(trendOf(series([5, 5, 6, 5, 5])).direction, 'flat');
  // Ends equal, but the body climbs: still rising.
  assert.equal(trendOf(series([4, 6, 8, 10, 4])).direction, 'rising');
  assert.equal(trendOf(series([1, 5, 9, 12, 12, 13])).direction, 'rising');
  assert.equal(trendOf(series([0, 0, 0])).direction, 'flat');
  assert.equal(trendOf(series([7])).direction, 'not_enough_data');
  assert.equal(trendOf([]).direction, 'not_enough_data');
  const t = trendOf(series([10, 12, 15]));
  assert.equal(t.change, 5);
  assert.equal(t.changePercent, 50);
  assert.equal(t.average, 12.3);
});
