/**
 * Every root field of the contract is implemented and answers per schema against the seeded
 * sandbox: one valid call per Query and Mutation field, in an order where each mutation is allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLObjectType, GraphQLNonNull, GraphQLList, getNamedType, type GraphQLOutputType } from 'graphql';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { implemented } from '../sandbox/resolvers/index.js';
import { contractSchema } from '../src/cway/contract.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk untyped GraphQL JSON
type Json = Record<string, any>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function rootFields(root: 'Query' | 'Mutation') {
  return (contractSchema().getType(root) as GraphQLObjectType).getFields();
}

test('every Query and Mutation field of the contract has a resolver, and nothing else is implemented', () => {
  for (const root of ['Query', 'Mutation'] as const) {
    const contract = Object.keys(rootFields(root)).sort();
    assert.deepEqual(Object.keys(implemented[root]).sort(), contract, `${root} resolvers differ from the contract`);
  }
});

/** Checks a root value against its declared type (non-null, list, scalar kind). */
function checkShape(value: unknown, type: GraphQLOutputType, where: string): void {
  if (type instanceof GraphQLNonNull) {
    assert.notEqual(value, null, `${where} must not be null`);
    return checkShape(value, type.ofType, where);
  }
  if (value === null) return;
  if (type instanceof GraphQLList) {
    assert.ok(Array.isArray(value), `${where} must be a list`);
    return (value as unknown[]).forEach((v, i) => checkShape(v, type.ofType, `${where}[${i}]`));
  }
  const name = getNamedType(type).name;
  if (name === 'Boolean') assert.equal(typeof value, 'boolean', where);
  else if (name === 'UUID') assert.match(value as string, UUID_RE, where);
  else if (name === 'String') assert.equal(typeof value, 'string', where);
  else assert.equal(typeof value, 'object', where);
}

test('each root field answers per schema with a seeded token', async () => {
  const sb = await startSandbox({ seed: 5 });
  try {
    await exercise(sb);
  } finally {
    await sb.close();
  }
});

async function exercise(sb: Sandbox): Promise<void> {
  const token = (role: string, n = 0) => sb.users.filter((u) => u.role === role)[n].token;
  const call = async (query: string, variables: Json = {}, t = sb.adminToken) => {
    const res = await fetch(sb.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Json; errors?: unknown[] };
    assert.equal(res.status, 200);
    assert.equal(body.errors, undefined, `${query}\n${JSON.stringify(body.errors)}`);
    return body.data!;
  };

  const seed = await call(`{
    projects(paging: {page: 0, pageSize: 100}) { projects { id name artworks { id name state } } }
    organisation { id users { id username } teams { id name } artworkCategories { id name } }
    tree { id name } brands { id } printSpecifications { id } getPermissionGroups { id name }
    itemsForOrganisation(input: {}, paging: {page: 0, pageSize: 100}) { items { __typename
      ... on FileFolderItem { file { id } } ... on ArtworkFolderItem { artwork { id } } } }
    findShares(includeRead: true) { id name } }`);
  const project = (name: string) => seed.projects.projects.find((p: Json) => p.name === name);
  const artwork = (projectName: string, name: string) =>
    project(projectName).artworks.find((a: Json) => a.name === name).id as string;
  const user = (prefix: string) =>
    seed.organisation.users.find((u: Json) => u.username.startsWith(prefix)).id as string;
  const fileId = seed.itemsForOrganisation.items.find((i: Json) => i.file).file.id as string;
  const mcId = seed.itemsForOrganisation.items.find((i: Json) => i.artwork).artwork.id as string;
  const skin = project('Skin Pure Relaunch');
  const oral = (name: string) => artwork('Oral Care Regulatory Update', name);
  const gel = artwork('Skin Pure Relaunch', 'Skin Pure Cleansing Gel 150 ml label');
  const newProject = '0b9c2f0e-4d1a-4e7b-9c3d-5a6b7c8d9e0f';
  const newShare = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
  const newTeam = '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f60';
  const newBrand = '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6071';
  const newFolder = '4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c';
  const newArtwork = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
  // The first media-center item that sits directly in a folder, and that folder.
  let placed: { folder: string; item: string } | undefined;
  const firstItem = async () => {
    if (placed) return placed;
    for (const f of seed.tree as Json[]) {
      const d = await call(
        'query ($id: UUID!) { itemsForFolder(input: {folderId: $id, recursive: false}) { items { __typename ... on FileFolderItem { id } ... on ArtworkFolderItem { id } } } }',
        { id: f.id },
      );
      const item = d.itemsForFolder.items[0];
      if (item) return (placed = { folder: f.id as string, item: item.id as string });
    }
    throw new Error('no media-center item in a folder');
  };

  type Call = [field: string, query: string, vars?: Json | (() => Promise<Json>), role?: string];
  const queries: Call[] = [
    [
      'loginInfo',
      '{ loginInfo { user { id } permissions { canCreateProject } currentOrganisation { id } organisationMemberships { name } } }',
    ],
    [
      'organisation',
      '{ organisation { id name numberOfUsers defaultCategory { id } archivedArtworkCategories { id } } }',
    ],
    [
      'projects',
      '{ projects(filter: {states: [IN_PROGRESS]}) { page totalHits projects { id status progress { percentageDone } planning { start end } } } }',
    ],
    [
      'project',
      'query ($id: UUID!) { project(id: $id) { id projectPermissions { canManageProject } artworks { id } } }',
      { id: skin.id },
    ],
    ['plannerProjects', '{ plannerProjects { id name percentageDone artworks { id state category } } }'],
    [
      'artwork',
      'query ($id: UUID!) { artwork(id: $id) { id artworkPermissions { mayApprove } currentRevision { revisionNo } } }',
      { id: gel },
    ],
    ['artworksToApprove', '{ artworksToApprove { id name } }', {}, 'approver'],
    ['artworksToUpload', '{ artworksToUpload { id name } }', {}, 'supplier'],
    [
      'projectHistory',
      'query ($id: UUID!) { projectHistory(projectId: $id) { id timestamp name description } }',
      { id: skin.id },
    ],
    ['artworkHistory', 'query ($id: UUID!) { artworkHistory(artworkId: $id) { id timestamp name } }', { id: gel }],
    ['getUser', 'query ($u: String) { getUser(username: $u) { id } }', { u: sb.users[1].username }],
    ['findUsers', '{ findUsers(username: "a") { id } }'],
    ['findUsersPage', '{ findUsersPage(username: "", paging: {page: 0, pageSize: 5}) { totalHits users { id } } }'],
    ['findUsersAndTeamsPage', '{ findUsersAndTeamsPage(search: "r") { totalHits usersOrTeams { __typename } } }'],
    ['getPermissionGroups', '{ getPermissionGroups { id name } }'],
    ['tree', '{ tree { id parentId } }'],
    ['folder', 'query ($id: UUID!) { folder(id: $id) { id folders { id } } }', { id: seed.tree[0].id }],
    [
      'itemsForFolder',
      'query ($id: UUID!) { itemsForFolder(input: {folderId: $id}, sorting: {field: CREATED, direction: DESC}) { totalHits items { __typename } } }',
      { id: seed.tree[0].id },
    ],
    ['itemsForOrganisation', '{ itemsForOrganisation(input: {searchString: "label"}) { totalHits } }'],
    [
      'mediaCenterArtwork',
      'query ($id: UUID!) { mediaCenterArtwork(artworkId: $id) { id comments { id } } }',
      { id: mcId },
    ],
    ['findShares', '{ findShares { id read } }'],
    ['share', 'query ($id: UUID!) { share(id: $id) { id } }', { id: seed.findShares[0].id }],
    [
      'shareZipStructure',
      'query ($id: UUID!) { shareZipStructure(shareId: $id) { __typename } }',
      { id: seed.findShares[0].id },
    ],
    ['artworkZipStructure', 'query ($id: UUID!) { artworkZipStructure(artworkId: $id) { __typename } }', { id: gel }],
    ['brands', '{ brands { id name } }'],
    ['printSpecifications', '{ printSpecifications { id print { bleed } } }'],
    [
      'printSpecification',
      'query ($id: UUID!) { printSpecification(id: $id) { id createdBy { id } } }',
      { id: seed.printSpecifications[0].id },
    ],
    ['openProjectsCountByMonth', '{ openProjectsCountByMonth { month count } }'],
    ['statistics', '{ statistics { approvalStats { averageApprovalTime } } }'],
    [
      'openAIProjectSummary',
      'query ($id: UUID!) { openAIProjectSummary(projectId: $id, audience: ORDERER) }',
      { id: skin.id },
    ],
    ['artworkAIAnalysis', 'query ($id: UUID!) { artworkAIAnalysis(artworkId: $id) }', { id: gel }],
    ['projectHistorySummary', 'query ($id: UUID!) { projectHistorySummary(projectId: $id) }', { id: skin.id }],
    ['assistantQuery', 'query { assistantQuery(prompt: "Which projects are late?") }'],
    [
      'articles',
      '{ articles(gtin: "7310865004703") { totalHits page articles { id articleNo name size brand { name } } } }',
    ],
    [
      'projectArtworksForArticle',
      'query ($id: UUID!) { projectArtworksForArticle(articleId: $id) { id name } }',
      async () => ({ id: (await call('{ articles(articleNo: "NC") { articles { id } } }')).articles.articles[0].id }),
    ],
    ['file', 'query ($id: UUID!) { file(uuid: $id) { id } }', { id: fileId }],
    ['tempFileDownloadUrl', 'query ($id: UUID!) { tempFileDownloadUrl(fileId: $id) }', { id: fileId }],
    ['tempFileUploadUrl', 'query ($id: UUID!) { tempFileUploadUrl(fileId: $id, filename: "a.pdf") }', { id: newShare }],
  ];

  const batch = (projectName: string, names: string[]) => ({
    p: project(projectName).id,
    a: names.map((n) => artwork(projectName, n)),
  });
  const B = 'mutation ($p: UUID!, $a: [UUID!]!) {';
  const latestCorrection = async () => {
    const d = await call('query ($id: UUID!) { artwork(id: $id) { currentRevision { corrections { id } } } }', {
      id: gel,
    });
    return { a: gel, c: d.artwork.currentRevision.corrections.at(-1).id };
  };
  const categoryId = async () => ({
    id: (await call('{ organisation { artworkCategories { id name } } }')).organisation.artworkCategories.find(
      (c: Json) => c.name === 'Pouch',
    ).id,
  });

  const mutations: Call[] = [
    [
      'approveArtwork',
      'mutation ($id: UUID!) { approveArtwork(artworkId: $id) }',
      { id: oral('Toothpaste 75 ml carton') },
      'approver:1',
    ],
    [
      'approveArtworks',
      `${B} approveArtworks(projectId: $p, artworkIds: $a) }`,
      batch('Oral Care Regulatory Update', ['Toothpaste 75 ml tube', 'Mouthwash 500 ml label']),
      'approver:1',
    ],
    [
      'rejectArtwork',
      'mutation ($i: RejectArtworkInput) { rejectArtwork(input: $i) }',
      {
        i: {
          artworkId: artwork('SunShield SPF50 Line Extension', 'SunShield SPF50 spray 150 ml sleeve'),
          username: sb.users[4].username,
          comment: 'Still distorted',
        },
      },
      'approver',
    ],
    [
      'rejectArtworks',
      `${B} rejectArtworks(projectId: $p, artworkIds: $a) }`,
      batch('Skin Pure Relaunch', ['Skin Pure Night Cream 50 ml carton']),
      'approver:1',
    ],
    [
      'revokeArtworkRejection',
      `${B} revokeArtworkRejection(projectId: $p, artworkIds: $a) }`,
      batch('Skin Pure Relaunch', ['Skin Pure Night Cream 50 ml carton']),
      'approver:1',
    ],
    [
      'revokeArtworkApproval',
      `${B} revokeArtworkApproval(projectId: $p, artworkIds: $a) }`,
      batch('Oral Care Regulatory Update', ['Toothpaste 75 ml carton']),
      'approver:1',
    ],
    [
      'addCorrection',
      'mutation ($i: AddCorrectionInput!) { addCorrection(input: $i) }',
      { i: { artworkId: gel, text: 'Move the barcode', markers: [{ type: 'PIN', x: 1, y: 2 }] } },
      'approver',
    ],
    [
      'invalidateCorrection',
      'mutation ($a: UUID!, $c: UUID!) { invalidateCorrection(artworkId: $a, correctionId: $c) }',
      latestCorrection,
      'approver',
    ],
    [
      'validateCorrection',
      'mutation ($a: UUID!, $c: UUID!) { validateCorrection(artworkId: $a, correctionId: $c) }',
      latestCorrection,
      'approver',
    ],
    [
      'newRevisionFromFile',
      'mutation ($a: UUID!, $f: UUID!) { newRevisionFromFile(artworkId: $a, fileId: $f, comment: "v2") }',
      { a: artwork('Hand Cream Seasonal Edition', 'Hand Cream 75 ml tube'), f: newShare },
      'supplier',
    ],
    [
      'remindApprover',
      'mutation ($i: RemindApproverInput) { remindApprover(input: $i) }',
      { i: { projectId: skin.id, artworkId: gel, username: sb.users[4].username } },
      'project_manager',
    ],
    [
      'assignUsersToArtworks',
      'mutation ($i: UserAssignmentsInput!) { assignUsersToArtworks(input: $i) }',
      {
        i: {
          projectId: skin.id,
          artworkIds: [artwork('Skin Pure Relaunch', 'Skin Pure Serum 30 ml leaflet')],
          assignments: [{ userId: user('oskar'), receiver: 'ASSIGN', approver: 'LEAVE_UNCHANGED' }],
        },
      },
      'project_manager',
    ],
    [
      'attachTeamToArtwork',
      'mutation ($a: UUID!, $t: UUID!) { attachTeamToArtwork(artworkId: $a, teamId: $t, assignments: [APPROVER]) }',
      { a: artwork('Skin Pure Relaunch', 'Skin Pure Serum 30 ml leaflet'), t: seed.organisation.teams[0].id },
      'project_manager',
    ],
    [
      'createArtwork',
      'mutation ($i: CreateArtworkInput!) { createArtwork(input: $i) }',
      {
        i: {
          projectId: skin.id,
          name: 'Eye cream carton',
          categoryId: seed.organisation.artworkCategories[0].id,
          endDate: '2099-01-31',
        },
      },
      'project_manager',
    ],
    [
      'startArtworks',
      `${B} startArtworks(projectId: $p, artworkIds: $a) }`,
      batch("Men's Care Concept", ['Beard oil 30 ml label']),
      'orderer',
    ],
    [
      'cancelArtworks',
      `${B} cancelArtworks(projectId: $p, artworkIds: $a) }`,
      batch("Men's Care Concept", ['Face wash 150 ml tube']),
      'orderer',
    ],
    [
      'bundleArtworks',
      `${B} bundleArtworks(projectId: $p, artworkIds: $a) }`,
      batch('Skin Pure Relaunch', ['Skin Pure Day Cream 50 ml carton']),
      'project_manager',
    ],
    [
      'deliverArtworks',
      `${B} deliverArtworks(projectId: $p, artworkIds: $a, message: "Sent to print") }`,
      batch('Skin Pure Relaunch', ['Skin Pure Day Cream 50 ml carton']),
      'project_manager',
    ],
    [
      'createProject',
      'mutation ($i: CreateProjectInput!) { createProject(input: $i) }',
      {
        i: {
          projectId: newProject,
          name: 'Contract walk',
          ordererId: user('erik'),
          orderNo: 'PO-1',
          startDate: '2099-01-01',
          endDate: '2099-02-01',
        },
      },
    ],
    [
      'changeBasicProjectData',
      'mutation ($i: BasicProjectDataInput) { changeBasicProjectData(input: $i) }',
      { i: { projectId: newProject, name: 'Contract walk 2', orderNumber: 'PO-2' } },
    ],
    [
      'changeOrderer',
      'mutation ($p: UUID!, $o: UUID!) { changeOrderer(projectId: $p, ordererId: $o) }',
      { p: newProject, o: user('anna') },
    ],
    [
      'updateProjectNotes',
      'mutation ($p: UUID!) { updateProjectNotes(projectId: $p, notes: "Notes") }',
      { p: newProject },
    ],
    [
      'setProjectManager',
      'mutation ($p: UUID!, $m: UUID!) { setProjectManager(projectId: $p, projectManagerId: $m) }',
      { p: newProject, m: user('johan') },
    ],
    [
      'setDatesOnProject',
      'mutation ($p: UUID!) { setDatesOnProject(id: $p, endDate: "2099-03-01") }',
      { p: newProject },
    ],
    ['deliverProject', 'mutation ($p: UUID!) { deliverProject(projectId: $p) }', { p: newProject }],
    ['closeProjects', 'mutation ($p: UUID!) { closeProjects(projectIds: [$p]) }', { p: newProject }],
    ['reopenProjects', 'mutation ($p: UUID!) { reopenProjects(projectIds: [$p]) }', { p: newProject }],
    ['deleteProjects', 'mutation ($p: UUID!) { deleteProjects(projectIds: [$p]) }', { p: newProject }],
    [
      'commentMediaCenterArtworks',
      'mutation ($c: [ArtworkCommentInput!]!) { commentMediaCenterArtworks(comments: $c) }',
      {
        c: [
          {
            artworkId: mcId,
            text: 'Reuse for the refill',
            markers: [{ type: 'CIRCLE', x: 1, y: 1, xEnd: 5, yEnd: 5 }],
          },
        ],
      },
    ],
    [
      'createFileDownloadJob',
      'mutation ($f: UUID!) { createFileDownloadJob(fileId: $f, zipName: "a.zip") }',
      { f: fileId },
    ],
    [
      'createDownloadJob',
      'mutation ($s: [DownloadFileDescriptorInput!]!) { createDownloadJob(selections: $s) }',
      { s: [{ name: 'Folder', type: 'FOLDER', children: [{ name: 'a.pdf', type: 'FILE', fileId }] }] },
    ],
    [
      'createShare',
      'mutation ($i: CreateShareInput!) { createShare(input: $i) }',
      {
        i: {
          shareId: newShare,
          title: 'Proofs',
          emails: 'print@printworks.example, oskar.viklund@printworks.example',
          message: 'Hi',
          items: [
            { mediaType: 'FILE', id: fileId },
            { mediaType: 'PROJECT_ARTWORK', id: gel },
          ],
        },
      },
      'project_manager',
    ],
    ['markShareAsRead', 'mutation ($s: UUID!) { markShareAsRead(shareId: $s) }', { s: newShare }],
    ['markAllSharesAsRead', 'mutation { markAllSharesAsRead }', {}, 'receiver'],
    ['removeShares', 'mutation ($s: UUID!) { removeShares(shareIds: [$s]) }', { s: newShare }, 'project_manager'],
    ['createArtworkCategory', 'mutation { createArtworkCategory(name: "Pouch", description: "Stand-up pouches") }'],
    [
      'changeNameAndDescriptionOfCategory',
      'mutation ($id: UUID!) { changeNameAndDescriptionOfCategory(categoryId: $id, name: "Pouch", description: "Pouches") }',
      categoryId,
    ],
    ['createBrand', 'mutation ($id: UUID) { createBrand(id: $id, name: "Nordic Men") }', { id: newBrand }],
    ['updateBrand', 'mutation ($id: UUID!) { updateBrand(id: $id, name: "Nordic Men Care") }', { id: newBrand }],
    ['createPrintSpecification', 'mutation { createPrintSpecification(name: "Pouch, gravure") }'],
    [
      'updatePrintSpecification',
      'mutation ($i: UpdatePrintSpecificationInput!) { updatePrintSpecification(input: $i) }',
      {
        i: {
          id: seed.printSpecifications[0].id,
          name: 'Carton',
          packaging: { packagingItem: 'Carton', substrate: 'GC2', substrateColor: 'White' },
        },
      },
    ],
    ['createUser', 'mutation { createUser(input: {username: "nina.berg@nordiccare.example", roleId: 4}) }'],
    [
      'setUserRealName',
      'mutation { setUserRealName(username: "nina.berg@nordiccare.example", firstName: "Nina", lastName: "Berg-Ek") }',
    ],
    [
      'setPermissionGroupForUsers',
      'mutation ($g: UUID!) { setPermissionGroupForUsers(usernames: ["nina.berg@nordiccare.example"], permissionGroupId: $g) }',
      { g: seed.getPermissionGroups[2].id },
    ],
    [
      'createUserTeam',
      'mutation ($t: UUID) { createUserTeam(teamId: $t, name: "Packaging engineers", description: "Die lines", approvalMode: ANY_MEMBER) }',
      { t: newTeam },
    ],
    [
      'addUsersToTeam',
      'mutation ($t: UUID!, $u: UUID!) { addUsersToTeam(teamId: $t, users: [{userId: $u, admin: true}]) }',
      { t: newTeam, u: user('johan') },
    ],
    [
      'setUserAsTeamAdmin',
      'mutation ($t: UUID!, $u: UUID!) { setUserAsTeamAdmin(teamId: $t, userId: $u, admin: false) }',
      { t: newTeam, u: user('johan') },
    ],
    [
      'changeUserTeamApprovalMode',
      'mutation ($t: UUID!) { changeUserTeamApprovalMode(teamId: $t, approvalMode: ALL_REQUIRED) }',
      { t: newTeam },
    ],
    [
      'removeUsersFromTeam',
      'mutation ($t: UUID!, $u: UUID!) { removeUsersFromTeam(teamId: $t, userIds: [$u]) }',
      { t: newTeam, u: user('johan') },
    ],
    ['deleteUserTeams', 'mutation ($t: UUID!) { deleteUserTeams(teamIds: [$t]) }', { t: newTeam }],
    [
      'removeTeamFromArtwork',
      'mutation ($a: UUID!, $t: UUID!) { removeTeamFromArtwork(artworkId: $a, teamId: $t) }',
      { a: artwork('Skin Pure Relaunch', 'Skin Pure Serum 30 ml leaflet'), t: seed.organisation.teams[0].id },
      'project_manager',
    ],
    ['deleteUsers', 'mutation { deleteUsers(usernames: ["nina.berg@nordiccare.example"]) }'],
    [
      'createFolder',
      'mutation ($p: UUID!, $f: UUID) { createFolder(input: {parentFolderId: $p, folderId: $f, name: "Walk"}) }',
      { p: seed.tree[0].id, f: newFolder },
    ],
    ['createRootFolder', 'mutation { createRootFolder(name: "Walk root") }'],
    ['renameFolder', 'mutation ($f: UUID!) { renameFolder(folderId: $f, name: "Walk 2") }', { f: newFolder }],
    [
      'moveFolder',
      'mutation ($s: UUID!, $t: UUID!) { moveFolder(sourceFolderId: $s, targetFolderId: $t, child: false, before: true) }',
      { s: newFolder, t: seed.tree[0].id },
    ],
    [
      'changeFolderItemName',
      'mutation ($i: UUID!) { changeFolderItemName(folderItemId: $i, name: "Walk item") }',
      async () => ({ i: (await firstItem()).item }),
    ],
    [
      'moveFolderItems',
      'mutation ($s: UUID!, $t: UUID!, $i: UUID!) { moveFolderItems(sourceFolderId: $s, targetFolderId: $t, folderItems: [$i]) }',
      async () => ({ s: (await firstItem()).folder, t: newFolder, i: (await firstItem()).item }),
    ],
    [
      'removeFolderItem',
      'mutation ($f: UUID!, $i: UUID!) { removeFolderItem(folderId: $f, folderItemId: $i) }',
      async () => ({ f: newFolder, i: (await firstItem()).item }),
    ],
    ['deleteFolder', 'mutation ($f: UUID!) { deleteFolder(folderId: $f) }', { f: newFolder }],
    [
      'changeArtworkName',
      'mutation ($p: UUID!, $a: UUID!) { changeArtworkName(projectId: $p, artworkId: $a, name: "Gel label 150 ml") }',
      { p: skin.id, a: gel },
      'project_manager',
    ],
    [
      'setDatesOnArtworks',
      `${B} setDatesOnArtworks(projectId: $p, artworkId: $a, startDate: "2099-01-01", endDate: "2099-02-01") }`,
      { p: skin.id, a: [gel] },
      'project_manager',
    ],
    [
      'changeCategoryOfArtworks',
      'mutation ($p: UUID!, $a: [UUID!]!, $c: UUID!) { changeCategoryOfArtworks(projectId: $p, artworkIds: $a, categoryId: $c) }',
      async () => ({ p: skin.id, a: [gel], c: (await categoryId()).id }),
      'project_manager',
    ],
    [
      'createArtworksFromProjectArtworks',
      `${B} createArtworksFromProjectArtworks(projectId: $p, artworkIds: $a) }`,
      { p: skin.id, a: [gel] },
      'project_manager',
    ],
    [
      'createArtworksFromFiles',
      'mutation ($p: UUID!, $f: UUID!, $a: UUID) { createArtworksFromFiles(projectId: $p, files: [{fileId: $f, artworkId: $a, artworkName: "From file"}]) }',
      { p: skin.id, f: fileId, a: newArtwork },
      'project_manager',
    ],
    ['deleteArtworks', `${B} deleteArtworks(projectId: $p, artworkIds: $a) }`, { p: skin.id, a: [newArtwork] }],
    [
      'revokeDeliveryOfArtworks',
      `${B} revokeDeliveryOfArtworks(projectId: $p, artworkIds: $a) }`,
      batch('Skin Pure Relaunch', ['Skin Pure Day Cream 50 ml carton']),
      'project_manager',
    ],
    [
      'addArtworkActions',
      `${B} addArtworkActions(projectId: $p, artworkIds: $a, taskActionType: COLOR_PROOF) }`,
      { p: skin.id, a: [gel] },
    ],
    [
      'finishArtworkActions',
      `${B} finishArtworkActions(projectId: $p, artworkIds: $a, taskActionType: COLOR_PROOF) }`,
      { p: skin.id, a: [gel] },
    ],
    [
      'resetArtworkActions',
      `${B} resetArtworkActions(projectId: $p, artworkIds: $a, taskActionType: COLOR_PROOF) }`,
      { p: skin.id, a: [gel] },
    ],
    [
      'removeArtworkActions',
      `${B} removeArtworkActions(projectId: $p, artworkIds: $a, taskActionType: COLOR_PROOF) }`,
      { p: skin.id, a: [gel] },
    ],
    [
      'addFilesToProject',
      'mutation ($p: UUID!, $f: UUID!) { addFilesToProject(projectId: $p, files: [$f]) }',
      { p: skin.id, f: fileId },
    ],
    [
      'removeFilesFromProject',
      'mutation ($p: UUID!, $f: UUID!) { removeFilesFromProject(projectId: $p, files: [$f]) }',
      { p: skin.id, f: fileId },
    ],
    [
      'createAnonymousShare',
      'mutation ($i: CreateAnonymousShareInput!) { createAnonymousShare(input: $i) }',
      { i: { title: 'Public proofs', message: '', items: [{ mediaType: 'FILE', id: fileId }] } },
      'project_manager',
    ],
  ];

  const fields = { Query: rootFields('Query'), Mutation: rootFields('Mutation') };
  for (const [root, calls] of [
    ['Query', queries],
    ['Mutation', mutations],
  ] as const) {
    assert.deepEqual(
      calls.map((c) => c[0]).sort(),
      Object.keys(fields[root]).sort(),
      `the ${root} walk must cover the contract`,
    );
    for (const [field, query, vars = {}, role = 'admin'] of calls) {
      const [r, n] = role.split(':');
      const variables = typeof vars === 'function' ? await vars() : vars;
      const data = await call(query, variables, token(r, Number(n ?? 0)));
      checkShape(data[field], fields[root][field].type, `${root}.${field}`);
    }
  }
}
