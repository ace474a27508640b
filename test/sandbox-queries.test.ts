/** Reads: paging and filter semantics, visibility, the seeded stories, unions, computed fields. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk untyped GraphQL JSON
type Json = Record<string, any>;

const NOW = new Date('2026-03-15T12:00:00Z');
const DAY = 86_400_000;
let sb: Sandbox;

before(async () => {
  sb = await startSandbox({ seed: 7, now: NOW });
});
after(() => sb.close());

const token = (role: string, n = 0) => sb.users.filter((u) => u.role === role)[n].token;

async function data(query: string, variables: Json = {}, t = sb.adminToken): Promise<Json> {
  const res = await fetch(sb.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: Json; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

const LIST = `query ($filter: ProjectFilter, $paging: Paging) { projects(filter: $filter, paging: $paging) {
  page totalHits projects { id name state created lastActivity endDate status orderNo orderer { username } projectManager { username } } } }`;
const list = async (filter: Json = {}, paging?: Json, t?: string) => (await data(LIST, { filter, paging }, t)).projects;
const byName = async (name: string) =>
  (await list({ name }, { page: 0, pageSize: 50 })).projects.find((p: Json) => p.name === name);
const ageDays = (localDateTime: string) => (NOW.getTime() - Date.parse(`${localDateTime}Z`)) / DAY;

test('paging is 0-based, totalHits counts before paging, default page size is 20', async () => {
  const all = await list({}, { page: 0, pageSize: 100 });
  assert.equal(all.totalHits, all.projects.length);
  const first = await list({}, { page: 0, pageSize: 4 });
  const second = await list({}, { page: 1, pageSize: 4 });
  assert.equal(first.page, 0);
  assert.equal(second.page, 1);
  assert.equal(first.totalHits, all.totalHits);
  assert.deepEqual(
    [...first.projects, ...second.projects].map((p: Json) => p.id),
    all.projects.slice(0, 8).map((p: Json) => p.id),
  );
  const beyond = await list({}, { page: 50, pageSize: 4 });
  assert.deepEqual(beyond.projects, []);
  assert.equal(beyond.totalHits, all.totalHits);
  const big = await startSandbox({ seed: 7, now: NOW, projects: 30 });
  try {
    const res = await fetch(big.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${big.adminToken}` },
      body: JSON.stringify({ query: '{ projects { page totalHits projects { id } } }' }),
    });
    const d = ((await res.json()) as { data: Json }).data.projects;
    assert.equal(d.projects.length, 20);
    assert.ok(d.totalHits > 30);
  } finally {
    await big.close();
  }
});

test('projects are ordered by creation date, newest first, then id', async () => {
  const { projects } = await list({}, { page: 0, pageSize: 100 });
  for (let i = 1; i < projects.length; i++) {
    const [a, b] = [projects[i - 1], projects[i]];
    assert.ok(a.created > b.created || (a.created === b.created && a.id < b.id), `${a.name} before ${b.name}`);
  }
});

test('filters: name is a case-insensitive substring of name or description, states are OR-ed', async () => {
  const shampoo = await list({ name: 'SHAMPOO' });
  assert.deepEqual(
    shampoo.projects.map((p: Json) => p.name),
    ['Shampoo Bottle Redesign'],
  );
  const fluoride = await list({ name: 'fluoride' });
  assert.deepEqual(
    fluoride.projects.map((p: Json) => p.name),
    ['Oral Care Regulatory Update'],
  );
  const done = await list({ states: ['DELIVERED', 'CLOSED'] }, { page: 0, pageSize: 50 });
  assert.ok(done.totalHits >= 4);
  assert.ok(done.projects.every((p: Json) => ['DELIVERED', 'CLOSED'].includes(p.state)));
  assert.equal((await list({ states: ['STAND_BY'] })).projects[0].name, 'Deodorant Travel Size');
});

test('filters: orderer by username, exact orderNo, onlyMine', async () => {
  const ingrid = sb.users.find((u) => u.role === 'admin')!.username;
  const byIngrid = await list({ orderer: ingrid.toUpperCase() });
  assert.deepEqual(
    byIngrid.projects.map((p: Json) => p.name),
    ['Foot Care Starter Kit'],
  );
  assert.deepEqual(
    (await list({ orderNo: 'PO-4160' })).projects.map((p: Json) => p.name),
    ['Oral Care Regulatory Update'],
  );
  assert.equal((await list({ orderNo: 'PO-416' })).totalHits, 0);
  // Johan sees every project but manages only some; he is in no team and assigned to no artwork.
  const johanMine = await list({ onlyMine: true }, { page: 0, pageSize: 50 }, token('project_manager', 1));
  const johan = sb.users.filter((u) => u.role === 'project_manager')[1].username;
  assert.ok(johanMine.totalHits > 0);
  assert.ok(johanMine.totalHits < (await list({}, { page: 0, pageSize: 50 }, token('project_manager', 1))).totalHits);
  assert.ok(
    johanMine.projects.every((p: Json) => p.projectManager?.username === johan || p.orderer.username === johan),
  );
  const oskarMine = await list({ onlyMine: true }, { page: 0, pageSize: 50 }, token('receiver'));
  assert.deepEqual(oskarMine.projects.map((p: Json) => p.name).sort(), [
    'Baby Soft Wipes Refresh',
    'Christmas Gift Box',
    'Shampoo Bottle Redesign',
    'Skin Pure Relaunch',
    'SunShield SPF50 Line Extension',
  ]);
});

test('users without canSeeOtherProjects only see projects they are involved in', async () => {
  const all = await list({}, { page: 0, pageSize: 50 });
  const receiver = await list({}, { page: 0, pageSize: 50 }, token('receiver'));
  assert.ok(receiver.totalHits < all.totalHits);
  const hidden = all.projects.find((p: Json) => !receiver.projects.some((r: Json) => r.id === p.id));
  assert.equal(
    (await data('query ($id: UUID!) { project(id: $id) { id } }', { id: hidden.id }, token('receiver'))).project,
    null,
  );
  const orderer = await list({}, { page: 0, pageSize: 50 }, token('orderer'));
  assert.ok(!orderer.projects.some((p: Json) => p.name === 'Foot Care Starter Kit'));
  assert.equal((await list({}, { page: 0, pageSize: 50 }, token('project_manager', 1))).totalHits, all.totalHits);
});

test('story: healthy projects have steady weekly activity', async () => {
  for (const name of ['Skin Pure Relaunch', 'Baby Soft Wipes Refresh']) {
    const p = await byName(name);
    assert.equal(p.state, 'IN_PROGRESS');
    assert.ok(ageDays(p.lastActivity) < 4, `${name} was active recently`);
    const events = (await data('query ($id: UUID!) { projectHistory(projectId: $id) { timestamp } }', { id: p.id }))
      .projectHistory as Json[];
    const times = events.map((e) => e.timestamp);
    for (let i = 1; i < times.length; i++)
      assert.ok(times[i] - times[i - 1] <= 7.1 * DAY, `${name} is active at least weekly`);
    assert.equal(Date.parse(`${p.lastActivity}Z`), Math.floor(times.at(-1) / 1000) * 1000);
  }
});

test('story: the stagnant project was active every few days, then not for 30+ days', async () => {
  const p = await byName('Hand Cream Seasonal Edition');
  assert.equal(p.state, 'IN_PROGRESS');
  assert.ok(ageDays(p.lastActivity) >= 30);
  const events = (await data('query ($id: UUID!) { projectHistory(projectId: $id) { timestamp } }', { id: p.id }))
    .projectHistory as Json[];
  assert.ok(events.length >= 20);
  const times = events.map((e) => e.timestamp);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] <= 6 * DAY, 'active every few days');
});

test('story: the overdue project has an end date in the past and is not delivered', async () => {
  const p = await byName('SunShield SPF50 Line Extension');
  assert.equal(p.state, 'IN_PROGRESS');
  assert.ok(p.endDate < NOW.toISOString().slice(0, 10));
  assert.equal(p.status, 'RED');
  assert.ok(ageDays(p.lastActivity) < 30);
});

test('story: three artworks wait 12+ days on the same undecided approver', async () => {
  const p = await byName('Oral Care Regulatory Update');
  const d = await data(
    `query ($id: UUID!) { project(id: $id) { artworks { state currentRevision { created }
    approvers { username approver { approved undecided reminderSentDate } } } } }`,
    { id: p.id },
  );
  const waiting = d.project.artworks as Json[];
  assert.equal(waiting.length, 3);
  const lars = sb.users.filter((u) => u.role === 'approver')[1].username;
  for (const a of waiting) {
    assert.equal(a.state, 'FOR_REVIEW');
    assert.ok((NOW.getTime() - Date.parse(a.currentRevision.created)) / DAY >= 12);
    const undecided = a.approvers.filter((x: Json) => x.approver.undecided).map((x: Json) => x.username);
    assert.deepEqual(undecided, [lars]);
  }
  assert.equal(waiting.filter((a) => a.approvers.some((x: Json) => x.approver.reminderSentDate)).length, 1);
  const queue = (await data('{ artworksToApprove { projectName } }', {}, token('approver', 1)))
    .artworksToApprove as Json[];
  assert.equal(queue.filter((a) => a.projectName === p.name).length, 3);
});

test('story: every artwork state is seeded, delivered artworks have a delivery date', async () => {
  const d = await data(
    '{ projects(paging: {page: 0, pageSize: 100}) { projects { state artworks { state deliveryDate approvalDate revisions { revisionNo } } } } }',
  );
  const artworks = (d.projects.projects as Json[]).flatMap((p) => p.artworks);
  const states = new Set(artworks.map((a: Json) => a.state));
  for (const s of [
    'UNSTARTED',
    'FOR_REVIEW',
    'COMMENTED',
    'REJECTED',
    'APPROVED',
    'BUNDLED',
    'SHIPPED',
    'DELIVERED',
    'CANCELED',
  ])
    assert.ok(states.has(s), s);
  for (const a of artworks.filter((x: Json) => x.state === 'DELIVERED'))
    assert.match(a.deliveryDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  for (const a of artworks)
    assert.deepEqual(
      a.revisions.map((r: Json) => r.revisionNo),
      a.revisions.map((_: Json, i: number) => i + 1),
    );
  assert.ok(artworks.some((a: Json) => a.revisions.length >= 5));
});

test('corrections (valid and invalidated), team approvals and the union of markers', async () => {
  const d = await data(`{ projects(paging: {page: 0, pageSize: 100}) { projects { artworks { name
      revisions { corrections { number valid invalidatedBy { username } created markers { __typename ... on PinMarker { x y pageNo } } } }
      teamApprovers { name approvalMode approvalState memberApprovals { user { username } approved approvedAt } } } } } }`);
  const artworks = (d.projects.projects as Json[]).flatMap((p) => p.artworks);
  const corrections = artworks.flatMap((a: Json) => a.revisions.flatMap((r: Json) => r.corrections));
  assert.ok(corrections.some((c: Json) => c.valid) && corrections.some((c: Json) => !c.valid && c.invalidatedBy));
  assert.ok(corrections.every((c: Json) => /Z$/.test(c.created)));
  assert.ok(corrections.some((c: Json) => c.markers[0]?.__typename === 'PinMarker'));
  const teams = artworks.flatMap((a: Json) => a.teamApprovers);
  assert.ok(teams.some((t: Json) => t.approvalMode === 'ANY_MEMBER' && t.approvalState === 'APPROVED'));
  assert.ok(
    teams.some(
      (t: Json) =>
        t.approvalMode === 'ALL_REQUIRED' &&
        t.approvalState === 'UNDECIDED' &&
        t.memberApprovals.some((m: Json) => m.approved === true),
    ),
  );
  assert.ok(teams.some((t: Json) => t.memberApprovals.some((m: Json) => m.approved === null)));
});

test('unions: FolderItem, UserOrTeam, DownloadFileDescriptor', async () => {
  const d = await data(`{ tree { id parentId name }
    itemsForOrganisation(input: {includeObsolete: true}, paging: {page: 0, pageSize: 100}) { totalHits items { __typename
      ... on FileFolderItem { name obsolete file { id } } ... on ArtworkFolderItem { name artwork { id name projectArtwork { id } comments { number valid } } } } }
    findUsersAndTeamsPage(search: "", paging: {page: 0, pageSize: 50}) { totalHits usersOrTeams { __typename ... on User { username } ... on UserTeam { name } } }
    findShares(includeRead: true) { id name } }`);
  const kinds = new Set((d.itemsForOrganisation.items as Json[]).map((i) => i.__typename));
  assert.deepEqual([...kinds].sort(), ['ArtworkFolderItem', 'FileFolderItem']);
  const ut = d.findUsersAndTeamsPage.usersOrTeams as Json[];
  assert.deepEqual([...new Set(ut.map((x) => x.__typename))].sort(), ['User', 'UserTeam']);
  assert.equal(d.findUsersAndTeamsPage.totalHits, ut.length);
  const nested = (d.tree as Json[]).filter(
    (f) => f.parentId && (d.tree as Json[]).some((p) => p.id === f.parentId && p.parentId),
  );
  assert.ok(nested.length > 0, 'folders nest at least two levels');
  const share = (d.findShares as Json[]).find((s) => s.name.startsWith('Shampoo'))!;
  const zip = (
    await data(
      'query ($id: UUID!) { shareZipStructure(shareId: $id) { __typename ... on DownloadFolder { id name parent } ... on DownloadFile { id name parent size } } }',
      { id: share.id },
    )
  ).shareZipStructure as Json[];
  assert.equal(zip[0].__typename, 'DownloadFolder');
  assert.equal(zip[0].parent, null);
  assert.ok(zip.some((e) => e.__typename === 'DownloadFile' && e.size > 0));
});

test('media center: itemsForFolder is recursive by default, hides obsolete items, sorts and searches', async () => {
  const tree = (await data('{ tree { id name parentId } }')).tree as Json[];
  const root = tree.find((f) => f.name === 'Nordic Care')!;
  const q = `query ($i: FindFolderItemInput!, $s: FolderItemSort) { itemsForFolder(input: $i, sorting: $s, paging: {page: 0, pageSize: 100}) {
    totalHits items { ... on FileFolderItem { name obsolete created } ... on ArtworkFolderItem { name obsolete created } } } }`;
  const deep = (await data(q, { i: { folderId: root.id } })).itemsForFolder;
  const flat = (await data(q, { i: { folderId: root.id, recursive: false } })).itemsForFolder;
  const withObsolete = (await data(q, { i: { folderId: root.id, includeObsolete: true } })).itemsForFolder;
  assert.ok(deep.totalHits > flat.totalHits);
  assert.equal(withObsolete.totalHits, deep.totalHits + 1);
  assert.ok((deep.items as Json[]).every((i) => !i.obsolete));
  const names = (deep.items as Json[]).map((i) => i.name);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
  );
  const byCreated = (
    (await data(q, { i: { folderId: root.id }, s: { field: 'CREATED', direction: 'DESC' } })).itemsForFolder
      .items as Json[]
  ).map((i) => i.created);
  assert.deepEqual(
    byCreated,
    [...byCreated].sort((a, b) => b - a),
  );
  const found = (await data(q, { i: { folderId: root.id, searchString: 'LOGO' } })).itemsForFolder.items as Json[];
  assert.deepEqual(
    found.map((i) => i.name),
    ['Skin Pure logo.ai'],
  );
});

test('shares: read ones are hidden unless includeRead; one share has expired', async () => {
  const unread = (await data('{ findShares { id read validToDate } }')).findShares as Json[];
  const all = (await data('{ findShares(includeRead: true) { id read validToDate } }')).findShares as Json[];
  assert.ok(unread.every((s) => !s.read));
  assert.ok(all.length > unread.length);
  assert.ok(all.some((s) => s.validToDate < NOW.getTime()));
  const oskar = (await data('{ findShares(includeRead: true) { sharedTo } }', {}, token('receiver')))
    .findShares as Json[];
  assert.ok(oskar.length > 0 && oskar.every((s) => s.sharedTo.includes('oskar')));
});

test('scalars: Date, LocalDate, LocalDateTime without offset, DateTime with offset, Long as a number', async () => {
  const p = await byName('Skin Pure Relaunch');
  const d = await data(
    `query ($id: UUID!) { project(id: $id) { created startDate planning { start end } lastActivity
    artworks { latestActivity } } projectHistory(projectId: $id) { timestamp } }`,
    { id: p.id },
  );
  assert.match(d.project.created, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(d.project.planning.start, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(d.project.lastActivity, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  assert.match(d.project.artworks[0].latestActivity, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.equal(typeof d.projectHistory[0].timestamp, 'number');
});

test('statistics and monthly counts are computed from the seeded history', async () => {
  const d = await data(
    `query ($from: Long, $to: Long) { statistics {
      approvalStats { approvedArtworks averageApprovalTime averageRevisions }
      deliveredArtworksPerMonth(startDate: $from, endDate: $to) { month year monthValue count }
      onTimeDeliveriesPerMonth { total onTime late onTimePercentage }
      artworkRejectionsByCategoryPerMonth { category count } }
    openProjectsCountByMonth { month count } }`,
    { from: Date.UTC(2025, 3, 1), to: NOW.getTime() },
  );
  const s = d.statistics;
  assert.ok(s.approvalStats.approvedArtworks > 5);
  assert.match(s.approvalStats.averageApprovalTime, /^PT(\d+H)?(\d+M)?$/);
  assert.equal(s.deliveredArtworksPerMonth.length, 12);
  assert.equal(s.deliveredArtworksPerMonth[0].monthValue, 4);
  assert.ok(s.deliveredArtworksPerMonth.reduce((n: number, m: Json) => n + m.count, 0) >= 8);
  assert.equal(s.onTimeDeliveriesPerMonth.length, 12);
  assert.ok(s.onTimeDeliveriesPerMonth.some((m: Json) => m.late > 0));
  assert.ok(s.artworkRejectionsByCategoryPerMonth.some((r: Json) => r.category === 'Label'));
  assert.equal(d.openProjectsCountByMonth.length, 12);
  assert.equal(d.openProjectsCountByMonth.at(-1).month, '2026-03-01');
  assert.equal(
    d.openProjectsCountByMonth.at(-1).count,
    (await list({ states: ['IN_PROGRESS', 'STAND_BY'] })).totalHits,
  );
});

test('the canned project summary is deterministic and built from the project data', async () => {
  const p = await byName('Oral Care Regulatory Update');
  const q = 'query ($id: UUID!) { openAIProjectSummary(projectId: $id, audience: PROJECT_MANAGER) }';
  const a = (await data(q, { id: p.id })).openAIProjectSummary;
  assert.equal((await data(q, { id: p.id })).openAIProjectSummary, a);
  assert.match(a, /Oral Care Regulatory Update/);
  assert.match(a, /Waiting for review: Toothpaste 75 ml carton/);
});
