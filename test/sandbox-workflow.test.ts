/** Writes: the approval workflow, project lifecycle, history and activity, permissions. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk untyped GraphQL JSON
type Json = Record<string, any>;

const NOW = new Date('2026-03-15T12:00:00Z');
let sb: Sandbox;

before(async () => {
  sb = await startSandbox({ seed: 11, now: NOW });
});
after(() => sb.close());

const user = (role: string, n = 0) => sb.users.filter((u) => u.role === role)[n];
const admin = () => user('admin');
const maria = () => user('approver', 0);
const lars = () => user('approver', 1);

async function callApi(query: string, variables: Json, t: string) {
  const res = await fetch(sb.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
    body: JSON.stringify({ query, variables }),
  });
  assert.equal(res.status, 200);
  return (await res.json()) as { data: Json | null; errors?: Array<{ message: string; extensions: { code: string } }> };
}
async function data(query: string, variables: Json = {}, t = sb.adminToken): Promise<Json> {
  const body = await callApi(query, variables, t);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data!;
}
async function refused(code: string, query: string, variables: Json, t: string): Promise<string> {
  const body = await callApi(query, variables, t);
  assert.equal(body.errors?.[0]?.extensions.code, code, JSON.stringify(body));
  return body.errors![0].message;
}

async function project(name: string): Promise<Json> {
  const d = await data(
    `query ($n: String) { projects(filter: {name: $n}) { projects { id name state lastActivity
    artworks { id name state approvalDate deliveryDate latestActivity } } } }`,
    { n: name },
  );
  return d.projects.projects.find((p: Json) => p.name === name);
}
const artworkIn = async (projectName: string, artworkName: string) => {
  const p = await project(projectName);
  return { p, a: p.artworks.find((a: Json) => a.name === artworkName) };
};
const ARTWORK = `query ($id: UUID!) { artwork(id: $id) { state approvalDate deliveryDate latestActivity
  approvers { username approver { approved rejected undecided reminderSentDate approvedRevision } }
  teamApprovers { approvalState memberApprovals { user { username } approved } }
  revisions { revisionNo corrections { id number text valid invalidatedBy { username } commentedBy { username } } }
  currentRevision { id revisionNo }
  artworkPermissions { mayApprove mayReject canAddCorrections canUploadNewRevision canBundle canInvalidateCorrection } } }`;
const artwork = async (id: string, t = sb.adminToken) => (await data(ARTWORK, { id }, t)).artwork;
const history = async (projectId: string) =>
  (
    await data('query ($id: UUID!) { projectHistory(projectId: $id) { name description timestamp } }', {
      id: projectId,
    })
  ).projectHistory as Json[];

const APPROVE = 'mutation ($id: UUID!) { approveArtwork(artworkId: $id) }';
const BATCH = (m: string) => `mutation ($p: UUID!, $a: [UUID!]!) { ${m}(projectId: $p, artworkIds: $a) }`;

test('an orderer cannot approve; only approvers, only under review, only once', async () => {
  const { a } = await artworkIn('Oral Care Regulatory Update', 'Toothpaste 75 ml tube');
  assert.match(await refused('FORBIDDEN', APPROVE, { id: a.id }, user('orderer').token), /not an approver/);
  assert.match(await refused('CONFLICT', APPROVE, { id: a.id }, maria().token), /already approved/);
  const { a: rejected } = await artworkIn('SunShield SPF50 Line Extension', 'SunShield SPF50 lotion 200 ml label');
  assert.match(await refused('CONFLICT', APPROVE, { id: rejected.id }, lars().token), /REJECTED/);
  await refused('NOT_FOUND', APPROVE, { id: '00000000-0000-4000-8000-000000000000' }, lars().token);
});

test('approving: the last approver makes the artwork APPROVED, with history and activity moved', async () => {
  const { p, a } = await artworkIn('Oral Care Regulatory Update', 'Toothpaste 75 ml carton');
  const before = await history(p.id);
  assert.equal((await artwork(a.id, lars().token)).artworkPermissions.mayApprove, true);
  assert.equal((await data(APPROVE, { id: a.id }, lars().token)).approveArtwork, true);
  const after = await artwork(a.id);
  assert.equal(after.state, 'APPROVED');
  assert.ok(after.approvalDate >= NOW.toISOString().slice(0, 19));
  assert.ok(
    after.approvers.every((x: Json) => x.approver.approved && x.approver.approvedRevision === after.currentRevision.id),
  );
  const events = await history(p.id);
  assert.equal(events.length, before.length + 1);
  assert.equal(events.at(-1)!.name, 'Artwork approved');
  assert.match(events.at(-1)!.description, /Lars Nyberg approved "Toothpaste 75 ml carton"/);
  const moved = await project('Oral Care Regulatory Update');
  assert.ok(moved.lastActivity >= NOW.toISOString().slice(0, 19));
  assert.equal(Date.parse(`${moved.lastActivity}Z`), Math.floor(events.at(-1)!.timestamp / 1000) * 1000);
  const artworkEvents = (await data('query ($id: UUID!) { artworkHistory(artworkId: $id) { name } }', { id: a.id }))
    .artworkHistory as Json[];
  assert.equal(artworkEvents.at(-1)!.name, 'Artwork approved');
  assert.ok(after.latestActivity >= NOW.toISOString());
});

test('team approval: ALL_REQUIRED needs every member, then the artwork is APPROVED', async () => {
  const { a } = await artworkIn('Baby Soft Wipes Refresh', 'Baby Soft Wipes display carton');
  const before = await artwork(a.id);
  assert.equal(before.teamApprovers[0].approvalState, 'UNDECIDED');
  await data(APPROVE, { id: a.id }, admin().token);
  const after = await artwork(a.id);
  assert.equal(after.teamApprovers[0].approvalState, 'APPROVED');
  assert.equal(after.state, 'APPROVED');
});

test('team approval: ANY_MEMBER is approved by one member', async () => {
  const { a } = await artworkIn('Skin Pure Relaunch', 'Skin Pure Cleansing Gel 150 ml label');
  const teamState = async () => (await artwork(a.id)).teamApprovers[0];
  assert.equal((await teamState()).approvalState, 'UNDECIDED');
  await data(APPROVE, { id: a.id }, user('project_manager', 0).token);
  const team = await teamState();
  assert.equal(team.approvalState, 'APPROVED');
  assert.equal(team.memberApprovals.filter((m: Json) => m.approved === true).length, 1);
  assert.equal((await artwork(a.id)).state, 'FOR_REVIEW', 'the direct approver has not decided yet');
  const queue = (await data('{ artworksToApprove { id } }', {}, lars().token)).artworksToApprove as Json[];
  assert.ok(!queue.some((x) => x.id === a.id), 'a decided ANY_MEMBER team no longer waits for its other members');
});

test('rejectArtwork: REJECTED, the comment becomes a correction, resetUsernames clears approvals', async () => {
  const { a } = await artworkIn('Skin Pure Relaunch', 'Skin Pure Night Cream 50 ml carton');
  const before = await artwork(a.id);
  assert.equal(before.approvers.find((x: Json) => x.username === maria().username).approver.approved, true);
  const corrections = before.revisions.at(-1).corrections.length;
  const input = {
    artworkId: a.id,
    username: lars().username,
    comment: 'Wrong shade of green',
    resetUsernames: [maria().username],
  };
  const REJECT = 'mutation ($i: RejectArtworkInput) { rejectArtwork(input: $i) }';
  assert.match(await refused('FORBIDDEN', REJECT, { i: input }, maria().token), /only reject as yourself/);
  await data(REJECT, { i: input }, lars().token);
  const after = await artwork(a.id);
  assert.equal(after.state, 'REJECTED');
  const c = after.revisions.at(-1).corrections;
  assert.equal(c.length, corrections + 1);
  assert.deepEqual(
    { n: c.at(-1).number, text: c.at(-1).text, by: c.at(-1).commentedBy.username },
    { n: corrections + 1, text: 'Wrong shade of green', by: lars().username },
  );
  const decisions = Object.fromEntries(after.approvers.map((x: Json) => [x.username, x.approver]));
  assert.equal(decisions[maria().username].undecided, true);
  assert.equal(decisions[lars().username].rejected, true);
  assert.equal(after.artworkPermissions.mayApprove, false);
});

test('newRevisionFromFile: revision n+1, FOR_REVIEW, rejections and flagged approvals cleared; only suppliers', async () => {
  const { a } = await artworkIn('Hand Cream Seasonal Edition', 'Hand Cream 75 ml tube');
  const before = await artwork(a.id);
  assert.equal(before.state, 'REJECTED');
  const NEW = 'mutation ($a: UUID!, $f: UUID!) { newRevisionFromFile(artworkId: $a, fileId: $f, comment: "Motif v9") }';
  const vars = { a: a.id, f: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' };
  await refused('FORBIDDEN', NEW, vars, lars().token);
  await data(NEW, vars, user('supplier').token);
  const after = await artwork(a.id);
  assert.equal(after.state, 'FOR_REVIEW');
  assert.equal(after.currentRevision.revisionNo, before.currentRevision.revisionNo + 1);
  assert.ok(after.approvers.every((x: Json) => x.approver.undecided));
  const { a: approved } = await artworkIn('Skin Pure Relaunch', 'Skin Pure Day Cream 50 ml carton');
  await refused('CONFLICT', NEW, { a: approved.id, f: vars.f }, user('supplier').token);
});

test('corrections: addCorrection numbers on the current revision and comments the artwork; invalidate/validate toggle', async () => {
  const { a } = await artworkIn('SunShield SPF50 Line Extension', 'SunShield SPF50 spray 150 ml sleeve');
  assert.equal(a.state, 'FOR_REVIEW');
  const ADD = 'mutation ($i: AddCorrectionInput!) { addCorrection(input: $i) }';
  await refused('FORBIDDEN', ADD, { i: { artworkId: a.id, text: 'x' } }, user('receiver').token);
  await data(
    ADD,
    {
      i: {
        artworkId: a.id,
        text: 'Bleed is missing',
        markers: [{ type: 'RECTANGLE', x: 1, y: 2, xEnd: 30, yEnd: 40, pageNo: 1 }],
      },
    },
    maria().token,
  );
  const after = await artwork(a.id);
  assert.equal(after.state, 'COMMENTED');
  const c = after.revisions.at(-1).corrections.at(-1);
  assert.equal(c.number, 1);
  const vars = { a: a.id, c: c.id };
  await data(
    'mutation ($a: UUID!, $c: UUID!) { invalidateCorrection(artworkId: $a, correctionId: $c) }',
    vars,
    maria().token,
  );
  let now = (await artwork(a.id)).revisions.at(-1).corrections.at(-1);
  assert.deepEqual({ valid: now.valid, by: now.invalidatedBy.username }, { valid: false, by: maria().username });
  await refused(
    'CONFLICT',
    'mutation ($a: UUID!, $c: UUID!) { invalidateCorrection(artworkId: $a, correctionId: $c) }',
    vars,
    maria().token,
  );
  await refused(
    'FORBIDDEN',
    'mutation ($a: UUID!, $c: UUID!) { validateCorrection(artworkId: $a, correctionId: $c) }',
    vars,
    user('supplier').token,
  );
  await data(
    'mutation ($a: UUID!, $c: UUID!) { validateCorrection(artworkId: $a, correctionId: $c) }',
    vars,
    maria().token,
  );
  now = (await artwork(a.id)).revisions.at(-1).corrections.at(-1);
  assert.deepEqual({ valid: now.valid, by: now.invalidatedBy }, { valid: true, by: null });
});

test('revokeArtworkApproval clears only the caller decision and reopens the review; remindApprover stamps the reminder', async () => {
  const { p, a } = await artworkIn('Oral Care Regulatory Update', 'Mouthwash 500 ml label');
  await data(APPROVE, { id: a.id }, lars().token);
  assert.equal((await artwork(a.id)).state, 'APPROVED');
  await data(BATCH('revokeArtworkApproval'), { p: p.id, a: [a.id] }, lars().token);
  const after = await artwork(a.id);
  assert.equal(after.state, 'FOR_REVIEW');
  assert.equal(after.approvalDate, null);
  const d = Object.fromEntries(after.approvers.map((x: Json) => [x.username, x.approver]));
  assert.equal(d[lars().username].undecided, true);
  assert.equal(d[maria().username].approved, true);
  const REMIND = 'mutation ($i: RemindApproverInput) { remindApprover(input: $i) }';
  const input = { projectId: p.id, artworkId: a.id, username: lars().username };
  await refused('FORBIDDEN', REMIND, { i: input }, user('supplier').token);
  await refused('CONFLICT', REMIND, { i: { ...input, username: maria().username } }, user('project_manager').token);
  await data(REMIND, { i: input }, user('project_manager').token);
  assert.ok(
    (await artwork(a.id)).approvers.find((x: Json) => x.username === lars().username).approver.reminderSentDate >=
      NOW.toISOString().slice(0, 19),
  );
});

test('lifecycle: start needs a revision, bundle needs APPROVED, deliver sets the delivery date, cancel', async () => {
  const { p, a: beard } = await artworkIn("Men's Care Concept", 'Beard oil 30 ml label');
  const { a: wash } = await artworkIn("Men's Care Concept", 'Face wash 150 ml tube');
  const orderer = user('orderer').token;
  assert.match(
    await refused('CONFLICT', BATCH('startArtworks'), { p: p.id, a: [beard.id, wash.id] }, orderer),
    /no revision/,
  );
  assert.equal((await artwork(beard.id)).state, 'UNSTARTED', 'a failing batch changes nothing');
  await refused('FORBIDDEN', BATCH('startArtworks'), { p: p.id, a: [beard.id] }, user('supplier').token);
  await data(BATCH('startArtworks'), { p: p.id, a: [beard.id] }, orderer);
  assert.equal((await artwork(beard.id)).state, 'FOR_REVIEW');
  await data(BATCH('cancelArtworks'), { p: p.id, a: [wash.id] }, orderer);
  assert.equal((await artwork(wash.id)).state, 'CANCELED');

  const { p: skin, a: day } = await artworkIn('Skin Pure Relaunch', 'Skin Pure Day Cream 50 ml carton');
  const { a: serum } = await artworkIn('Skin Pure Relaunch', 'Skin Pure Serum 30 ml leaflet');
  const anna = user('project_manager', 0).token;
  await refused('CONFLICT', BATCH('bundleArtworks'), { p: skin.id, a: [serum.id] }, anna);
  await refused('FORBIDDEN', BATCH('bundleArtworks'), { p: skin.id, a: [day.id] }, user('project_manager', 1).token);
  await data(BATCH('bundleArtworks'), { p: skin.id, a: [day.id] }, anna);
  await data(
    'mutation ($p: UUID!, $a: [UUID!]!) { deliverArtworks(projectId: $p, artworkIds: $a, message: "To print") }',
    { p: skin.id, a: [day.id] },
    anna,
  );
  const delivered = await artwork(day.id);
  assert.equal(delivered.state, 'DELIVERED');
  assert.ok(delivered.deliveryDate >= NOW.toISOString().slice(0, 19));
  assert.match((await history(skin.id)).at(-1)!.description, /delivered "Skin Pure Day Cream 50 ml carton": To print/);
});

test('assignUsersToArtworks applies ASSIGN / UN_ASSIGN / LEAVE_UNCHANGED per role', async () => {
  const { p, a } = await artworkIn('Deodorant Travel Size', 'Roll-on 25 ml label');
  const orgUsers = (await data('{ organisation { users { id username } } }')).organisation.users as Json[];
  const id = (u: { username: string }) => orgUsers.find((x) => x.username === u.username)!.id;
  const ASSIGN = 'mutation ($i: UserAssignmentsInput!) { assignUsersToArtworks(input: $i) }';
  const input = (assignments: Json[]) => ({ i: { projectId: p.id, artworkIds: [a.id], assignments } });
  await data(
    ASSIGN,
    input([
      { userId: id(user('receiver')), receiver: 'ASSIGN', approver: 'ASSIGN' },
      { userId: id(lars()), approver: 'UN_ASSIGN', supplier: 'LEAVE_UNCHANGED' },
    ]),
    user('project_manager', 1).token,
  );
  const d = await data(
    'query ($id: UUID!) { artwork(id: $id) { users { username isApprover isReceiver isSupplier } } }',
    { id: a.id },
  );
  const roles = Object.fromEntries(
    d.artwork.users.map((u: Json) => [u.username, [u.isApprover, u.isReceiver, u.isSupplier]]),
  );
  assert.deepEqual(roles[user('receiver').username], [true, true, false]);
  assert.equal(roles[lars().username], undefined, 'a user left without roles is removed');
  assert.deepEqual(roles[user('supplier').username], [false, false, true]);
  await refused(
    'FORBIDDEN',
    ASSIGN,
    input([{ userId: id(lars()), approver: 'ASSIGN' }]),
    user('project_manager', 0).token,
  );
  await refused(
    'NOT_FOUND',
    ASSIGN,
    input([{ userId: '00000000-0000-4000-8000-000000000000', approver: 'ASSIGN' }]),
    admin().token,
  );
});

test('projects: create honours the id; close/delete refuse unless closable/deleteable or forced; reopen', async () => {
  const orgUsers = (await data('{ organisation { users { id username } } }')).organisation.users as Json[];
  const erik = orgUsers.find((u) => u.username === user('orderer').username)!.id;
  const id = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
  const CREATE = 'mutation ($i: CreateProjectInput!) { createProject(input: $i) }';
  await data(
    CREATE,
    { i: { projectId: id, name: 'Bath Salts', ordererId: erik, orderNo: 'PO-9', endDate: '2026-06-30' } },
    user('project_manager').token,
  );
  await refused('CONFLICT', CREATE, { i: { projectId: id, name: 'Again', ordererId: erik } }, admin().token);
  await refused('FORBIDDEN', CREATE, { i: { name: 'Nope', ordererId: erik } }, maria().token);
  await refused(
    'BAD_USER_INPUT',
    CREATE,
    { i: { name: 'Backwards', ordererId: erik, startDate: '2026-05-01', endDate: '2026-04-01' } },
    admin().token,
  );
  const created = await data(
    `query ($id: UUID!) { project(id: $id) { state orderNo projectManager { id } orderer { id }
    isInClosableState isInDeleteableState } projectHistory(projectId: $id) { name } }`,
    { id },
  );
  assert.deepEqual(created.project, {
    state: 'IN_PROGRESS',
    orderNo: 'PO-9',
    projectManager: null,
    orderer: { id: erik },
    isInClosableState: true,
    isInDeleteableState: true,
  });
  assert.deepEqual(
    created.projectHistory.map((e: Json) => e.name),
    ['Project created'],
  );
  await data('mutation ($i: BasicProjectDataInput) { changeBasicProjectData(input: $i) }', {
    i: { projectId: id, orderNumber: 'PO-10', description: 'Salts' },
  });
  assert.equal(
    (await data('query ($id: UUID!) { project(id: $id) { orderNo description } }', { id })).project.orderNo,
    'PO-10',
  );

  const skin = await project('Skin Pure Relaunch');
  const anna = user('project_manager', 0).token;
  assert.match(
    await refused('CONFLICT', 'mutation ($p: UUID!) { closeProjects(projectIds: [$p]) }', { p: skin.id }, anna),
    /force/,
  );
  assert.match(
    await refused('CONFLICT', 'mutation ($p: UUID!) { deleteProjects(projectIds: [$p]) }', { p: skin.id }, anna),
    /force/,
  );
  await data('mutation ($p: UUID!) { closeProjects(projectIds: [$p], force: true) }', { p: skin.id }, anna);
  assert.equal((await project('Skin Pure Relaunch')).state, 'CLOSED');
  await data('mutation ($p: UUID!) { reopenProjects(projectIds: [$p]) }', { p: skin.id }, anna);
  assert.equal((await project('Skin Pure Relaunch')).state, 'IN_PROGRESS');
  const names = (await history(skin.id)).slice(-2).map((e) => e.name);
  assert.deepEqual(names, ['Project closed', 'Project reopened']);

  await data('mutation ($p: UUID!) { deleteProjects(projectIds: [$p]) }', { p: id });
  assert.equal((await data('query ($id: UUID!) { project(id: $id) { id } }', { id })).project, null);
  await refused('NOT_FOUND', 'mutation ($p: UUID!) { deleteProjects(projectIds: [$p]) }', { p: id }, admin().token);
});

test('permissions: only administrators manage users; permission fields agree with what mutations accept', async () => {
  await refused(
    'FORBIDDEN',
    'mutation { deleteUsers(usernames: ["oskar.viklund@printworks.example"]) }',
    {},
    user('project_manager').token,
  );
  await refused('FORBIDDEN', '{ getPermissionGroups { id } }', {}, user('orderer').token);
  await refused('FORBIDDEN', '{ findUsers(username: "a") { id } }', {}, user('receiver').token);
  await refused('CONFLICT', `mutation { deleteUsers(usernames: ["${admin().username}"]) }`, {}, admin().token);

  const p = await project('Baby Soft Wipes Refresh');
  for (const u of sb.users) {
    const perms = (
      await data(
        'query ($id: UUID!) { project(id: $id) { projectPermissions { canChangeNotes } } }',
        { id: p.id },
        u.token,
      )
    ).project;
    const result = await callApi(
      'mutation ($p: UUID!) { updateProjectNotes(projectId: $p, notes: "checked") }',
      { p: p.id },
      u.token,
    );
    const accepted = result.data?.updateProjectNotes === true;
    assert.equal(
      accepted,
      perms?.projectPermissions.canChangeNotes ?? false,
      `${u.username}: canChangeNotes vs updateProjectNotes`,
    );
  }

  const { p: sun, a } = await artworkIn('SunShield SPF50 Line Extension', 'SunShield SPF50 lotion 200 ml label');
  for (const u of sb.users) {
    const seen = (
      await data(
        'query ($id: UUID!) { artwork(id: $id) { artworkPermissions { canUploadNewRevision } } }',
        { id: a.id },
        u.token,
      )
    ).artwork;
    const result = await callApi(
      'mutation ($a: UUID!, $f: UUID!) { newRevisionFromFile(artworkId: $a, fileId: $f) }',
      { a: a.id, f: '8b9c0d1e-2f3a-4b4c-8d5e-6f7a8b9c0d1e' },
      u.token,
    );
    assert.equal(
      result.data?.newRevisionFromFile === true,
      seen?.artworkPermissions.canUploadNewRevision ?? false,
      `${u.username}: canUploadNewRevision`,
    );
  }
  for (const u of sb.users) {
    const seen = (
      await data('query ($id: UUID!) { artwork(id: $id) { artworkPermissions { mayApprove } } }', { id: a.id }, u.token)
    ).artwork;
    const result = await callApi(APPROVE, { id: a.id }, u.token);
    assert.equal(
      result.data?.approveArtwork === true,
      seen?.artworkPermissions.mayApprove ?? false,
      `${u.username}: mayApprove`,
    );
  }
  assert.equal((await artwork(a.id)).state, 'APPROVED');
  assert.equal((await history(sun.id)).at(-1)!.name, 'Artwork approved');
});
