/**
 * One sample input per capability, used by the registry walk (every MCP tool) and the REST walk
 * (every route). `ids` are real ids read from the seeded sandbox. Each domain adds its rows here;
 * the registry test fails when a registered capability has no sample.
 */
import { graphql } from '../../src/cway/graphql.js';
import type { CwayClient } from '../../src/cway/client.js';

/** Ids for the issue-16 capabilities (media management, artwork edits, team administration). */
export interface EditSampleIds {
  /** Three distinct media-center items, each with the folder it sits in directly. */
  renameItem: { folderId: string; itemId: string };
  moveItem: { folderId: string; itemId: string; targetFolderId: string };
  deleteItem: { folderId: string; itemId: string };
  /** A folder with a parent (moved "inside" its own parent: same place, repeatable). */
  childFolder: { id: string; parentId: string };
  /** A team member other than the admin, and their team. */
  otherMember: { teamId: string; username: string };
  /** An artwork with a team attached (detached by the sample). */
  teamArtwork: { artworkId: string; teamId: string };
  deliveredArtworkId: string;
  /** An IN_PROGRESS project the admin manages. */
  openProjectId: string;
  /** A project with a reference file (Project.files), and that file. */
  projectFile: { projectId: string; fileId: string };
}

const EditIdsQuery = graphql(`
  query SampleEditIds($paging: Paging) {
    tree {
      id
      parentId
    }
    projects(paging: $paging) {
      projects {
        id
        state
        files {
          id
        }
        artworks {
          id
          state
          teams {
            sourceTeamId
          }
        }
      }
    }
    organisation {
      teams {
        id
        users {
          user {
            username
          }
        }
      }
    }
    loginInfo {
      user {
        username
      }
    }
  }
`);

const FolderItemsQuery = graphql(`
  query SampleFolderItems($input: FindFolderItemInput!, $paging: Paging) {
    itemsForFolder(input: $input, paging: $paging) {
      items {
        __typename
        ... on FileFolderItem {
          id
        }
        ... on ArtworkFolderItem {
          id
        }
      }
    }
  }
`);

export async function resolveEditSampleIds(client: CwayClient, adminToken: string): Promise<EditSampleIds> {
  const d = await client.request(EditIdsQuery, { paging: { page: 0, pageSize: 100 } }, adminToken);
  const need = <T>(v: T | undefined | null, what: string): T => {
    if (v === undefined || v === null) throw new Error(`sandbox seed has no ${what}`);
    return v;
  };
  const placed: { folderId: string; itemId: string }[] = [];
  for (const f of d.tree) {
    if (placed.length >= 3) break;
    const r = await client.request(
      FolderItemsQuery,
      { input: { folderId: f.id, recursive: false }, paging: { page: 0, pageSize: 3 } },
      adminToken,
    );
    for (const i of r.itemsForFolder?.items ?? [])
      if (i.__typename === 'FileFolderItem' || i.__typename === 'ArtworkFolderItem')
        placed.push({ folderId: f.id, itemId: i.id });
  }
  const [a, b, c] = placed;
  const move = need(b, 'three media-center items');
  const child = need(
    d.tree.find((f) => f.parentId),
    'media folder with a parent',
  );
  const me = d.loginInfo?.user.username;
  const team = need(
    d.organisation?.teams.find((t) => t.users.some((u) => u.user.username !== me)),
    'team with a member other than the admin',
  );
  const artworks = d.projects?.projects.flatMap((p) => p.artworks) ?? [];
  const withTeam = need(
    artworks.find((x) => x.teams.length > 0),
    'artwork with a team',
  );
  return {
    renameItem: need(a, 'media-center item'),
    moveItem: {
      ...move,
      targetFolderId: need(
        d.tree.find((f) => f.id !== move.folderId),
        'second media folder',
      ).id,
    },
    deleteItem: need(c, 'three media-center items'),
    childFolder: { id: child.id, parentId: child.parentId! },
    otherMember: { teamId: team.id, username: team.users.find((u) => u.user.username !== me)!.user.username },
    teamArtwork: { artworkId: withTeam.id, teamId: withTeam.teams[0]!.sourceTeamId },
    deliveredArtworkId: need(
      artworks.find((x) => x.state === 'DELIVERED'),
      'DELIVERED artwork',
    ).id,
    projectFile: (() => {
      const p = need(
        d.projects?.projects.find((x) => x.files.length > 0),
        'project with a reference file',
      );
      return { projectId: p.id, fileId: p.files[0]!.id };
    })(),
    openProjectId: need(
      d.projects?.projects.find((p) => p.state === 'IN_PROGRESS'),
      'IN_PROGRESS project',
    ).id,
  };
}

export interface SampleIds {
  projectId: string;
  projectName: string;
  artworkId: string;
  username: string;
  userId: string;
  email: string;
  /** Media, shares, setup and people ids (resolved by resolveMoreSampleIds). */
  more: MoreSampleIds;
  /** Artworks in the states the artwork writes need (resolved by resolveArtworkSampleIds). */
  artworks: ArtworkSampleIds;
  /** Ids for the issue-16 capabilities (resolved by resolveEditSampleIds). */
  edit: EditSampleIds;
}

export interface ArtworkSampleIds {
  /** Under review, waiting for the admin's approval. */
  toApproveId: string;
  /** Under review, the admin not an approver yet (assigned, then rejects and un-rejects it). */
  reviewId: string;
  /** APPROVED, for delivery. */
  approvedId: string;
}

const ArtworkIdsQuery = graphql(`
  query SampleArtworkIds($paging: Paging) {
    artworksToApprove {
      id
    }
    projects(paging: $paging) {
      projects {
        artworks {
          id
          state
        }
      }
    }
  }
`);

async function resolveArtworkSampleIds(client: CwayClient, adminToken: string): Promise<ArtworkSampleIds> {
  const d = await client.request(ArtworkIdsQuery, { paging: { page: 0, pageSize: 100 } }, adminToken);
  const all = d.projects?.projects.flatMap((p) => p.artworks) ?? [];
  const mine = new Set(d.artworksToApprove.map((a) => a.id));
  const approved = all.find((a) => a.state === 'APPROVED');
  const review = all.find((a) => (a.state === 'FOR_REVIEW' || a.state === 'COMMENTED') && !mine.has(a.id));
  const toApprove = d.artworksToApprove[0];
  if (!toApprove || !review || !approved)
    throw new Error('sandbox seed lacks an artwork to approve, to review or APPROVED');
  return { toApproveId: toApprove.id, reviewId: review.id, approvedId: approved.id };
}

export interface MoreSampleIds {
  deliveredProjectId: string;
  folderId: string;
  fileId: string;
  mediaArtworkId: string;
  shareId: string;
  categoryId: string;
  brandId: string;
  brandName: string;
  printSpecId: string;
  /** A user already in the "Standard" group, so setting that group again changes nothing. */
  standardUsername: string;
  /** A team the admin already belongs to, and the admin's flag in it (re-adding changes nothing). */
  teamId: string;
  teamAdmin: boolean;
}

const MoreIdsQuery = graphql(`
  query SampleMoreIds($paging: Paging, $delivered: ProjectFilter) {
    delivered: projects(filter: $delivered, paging: $paging) {
      projects {
        id
      }
    }
    tree {
      id
    }
    itemsForOrganisation(input: {}, paging: $paging) {
      items {
        __typename
        ... on FileFolderItem {
          file {
            id
          }
        }
        ... on ArtworkFolderItem {
          artwork {
            id
          }
        }
      }
    }
    findShares(includeRead: true) {
      id
    }
    organisation {
      artworkCategories {
        id
      }
      teams {
        id
        users {
          admin
          user {
            username
          }
        }
      }
    }
    brands {
      id
      name
    }
    printSpecifications {
      id
    }
    getPermissionGroups {
      id
      name
    }
    findUsersPage(paging: $paging) {
      users {
        username
        permissionGroupId
      }
    }
    loginInfo {
      user {
        username
      }
    }
  }
`);

async function resolveMoreSampleIds(client: CwayClient, adminToken: string): Promise<MoreSampleIds> {
  const d = await client.request(
    MoreIdsQuery,
    { paging: { page: 0, pageSize: 100 }, delivered: { states: ['DELIVERED'] } },
    adminToken,
  );
  const items = d.itemsForOrganisation?.items ?? [];
  const file = items.find((i) => i.__typename === 'FileFolderItem' && i.file);
  const artwork = items.find((i) => i.__typename === 'ArtworkFolderItem' && i.artwork);
  const standard = d.getPermissionGroups.find((g) => g.name === 'Standard');
  const me = d.loginInfo?.user.username;
  const team = d.organisation?.teams.find((t) => t.users.some((m) => m.user.username === me));
  const need = <T>(v: T | undefined | null, what: string): T => {
    if (v === undefined || v === null) throw new Error(`sandbox seed has no ${what}`);
    return v;
  };
  return {
    deliveredProjectId: need(d.delivered?.projects[0]?.id, 'delivered project'),
    folderId: need(d.tree[0]?.id, 'media folder'),
    fileId: need(file?.__typename === 'FileFolderItem' ? file.file?.id : undefined, 'media file'),
    mediaArtworkId: need(
      artwork?.__typename === 'ArtworkFolderItem' ? artwork.artwork?.id : undefined,
      'media-center artwork',
    ),
    shareId: need(d.findShares?.find((x) => x)?.id, 'share'),
    categoryId: need(d.organisation?.artworkCategories[0]?.id, 'category'),
    brandId: need(d.brands[0]?.id, 'brand'),
    brandName: need(d.brands[0]?.name, 'brand'),
    printSpecId: need(d.printSpecifications[0]?.id, 'print specification'),
    standardUsername: need(
      d.findUsersPage.users.find((u) => u.permissionGroupId === standard?.id)?.username,
      'Standard user',
    ),
    teamId: need(team?.id, 'team with the admin in it'),
    teamAdmin: team?.users.find((m) => m.user.username === me)?.admin ?? false,
  };
}

const SampleQuery = graphql(`
  query SampleIds($paging: Paging) {
    projects(paging: $paging) {
      projects {
        id
        name
        artworks {
          id
        }
      }
    }
    loginInfo {
      user {
        id
        username
        email
      }
    }
  }
`);

export async function resolveSampleIds(client: CwayClient, adminToken: string): Promise<SampleIds> {
  const data = await client.request(SampleQuery, { paging: { page: 0, pageSize: 50 } }, adminToken);
  const project = data.projects?.projects.find((p) => p.artworks.length > 0);
  if (!project || !data.loginInfo) throw new Error('sandbox seed has no project with artworks');
  return {
    projectId: project.id,
    projectName: project.name,
    artworkId: project.artworks[0]!.id,
    username: data.loginInfo.user.username,
    userId: data.loginInfo.user.id,
    email: data.loginInfo.user.email ?? data.loginInfo.user.username,
    more: await resolveMoreSampleIds(client, adminToken),
    artworks: await resolveArtworkSampleIds(client, adminToken),
    edit: await resolveEditSampleIds(client, adminToken),
  };
}

export type Sample = (ids: SampleIds) => Record<string, unknown>;

/** Makes names of created samples unique within one process (a second walk must not collide). */
let made = 0;

export const samples: Record<string, Sample> = {
  // projects
  list_projects: () => ({ pageSize: 5 }),
  search_projects: (ids) => ({ query: ids.projectName.split(/\s+/)[0], pageSize: 5 }),
  get_active_projects: () => ({ pageSize: 5 }),
  get_completed_projects: () => ({ pageSize: 5 }),
  get_monthly_project_trends: () => ({}),
  get_status_summary: () => ({ projectStates: ['IN_PROGRESS'] }),
  summarize_project_history: (ids) => ({ projectId: ids.projectId }),
  get_artwork_ai_analysis: (ids) => ({ artworkId: ids.artworkId }),
  ask_cway_assistant: () => ({ prompt: 'Which projects are late?' }),
  find_articles: () => ({ gtin: '7310865004703' }),
  get_project: (ids) => ({ id: ids.projectId, maxArtworks: 5 }),
  get_project_history: (ids) => ({ projectId: ids.projectId, limit: 5 }),
  create_project: () => ({ name: `Sample project ${++made}`, orderNo: 'PO-SAMPLE' }),
  update_project: (ids) => ({ projectId: ids.projectId, notes: 'Sample note' }),
  deliver_project: (ids) => ({ projectId: ids.more.deliveredProjectId }),
  close_projects: (ids) => ({ projectIds: [ids.more.deliveredProjectId] }),
  reopen_projects: (ids) => ({ projectIds: [ids.more.deliveredProjectId] }),
  delete_projects: (ids) => ({ projectIds: [ids.more.deliveredProjectId], force: true }),
  // users
  list_users: () => ({ pageSize: 5 }),
  search_users: (ids) => ({ query: ids.username.slice(0, 3), pageSize: 5 }),
  find_user_by_email: (ids) => ({ email: ids.email }),
  get_user: (ids) => ({ username: ids.username }),
  find_users_and_teams: () => ({ pageSize: 5 }),
  list_teams: () => ({}),
  get_permission_groups: () => ({}),
  get_login_info: () => ({}),
  create_users: () => ({ users: [{ username: `sample.user${++made}@example.com`, firstName: 'Sample' }] }),
  set_user_permission_group: (ids) => ({ usernames: [ids.more.standardUsername], permissionGroup: 'Standard' }),
  delete_users: (ids) => ({ usernames: [ids.more.standardUsername] }),
  create_team: () => ({ name: `Sample team ${++made}`, approvalMode: 'ANY_MEMBER' }),
  add_team_members: (ids) => ({
    teamId: ids.more.teamId,
    members: [{ username: ids.username, admin: ids.more.teamAdmin }],
  }),
  // system
  get_system_status: () => ({}),
  search: (ids) => ({ query: ids.projectName.split(/\s+/)[0] }),
  fetch: (ids) => ({ id: `project:${ids.projectId}` }),
  // artworks: each write works in registry order and in REST path order, and again in a second
  // walk. The admin manages every project: on the sample artwork (UNSTARTED, one revision) it joins
  // the approvers, starts it, comments, invalidates comment #1, reminds, uploads a revision; it
  // approves one in its own queue, joins the approvers of another under review to reject and
  // un-reject it; it delivers an APPROVED one; cancel only previews (confirmation).
  get_my_artwork_queues: () => ({ queue: 'both', limit: 5 }),
  get_artwork: (ids) => ({ artworkId: ids.artworkId }),
  get_artwork_history: (ids) => ({ artworkId: ids.artworkId, limit: 5 }),
  get_artwork_files: (ids) => ({ artworkId: ids.artworkId }),
  get_project_ai_summary: (ids) => ({ projectId: ids.projectId, audience: 'PROJECT_MANAGER' }),
  get_upload_url: () => ({ filename: 'sample-revision.pdf' }),
  assign_artwork_people: (ids) => ({
    artworkIds: [ids.artworkId, ids.artworks.reviewId],
    users: [{ username: ids.username, approver: 'ASSIGN' }],
  }),
  approve_artworks: (ids) => ({ artworkIds: [ids.artworks.toApproveId] }),
  reject_artworks: (ids) => ({ rejections: [{ artworkId: ids.artworks.reviewId, comment: 'Sample rejection' }] }),
  revoke_artwork_decision: (ids) => ({ artworkIds: [ids.artworks.reviewId], decision: 'rejection' }),
  start_artworks: (ids) => ({ artworkIds: [ids.artworkId] }),
  add_correction: (ids) => ({
    artworkId: ids.artworkId,
    text: 'Sample correction',
    markers: [{ type: 'PIN', x: 10, y: 20 }],
  }),
  set_correction_validity: (ids) => ({ artworkId: ids.artworkId, correctionNumber: 1, valid: false }),
  remind_approvers: (ids) => ({ artworkId: ids.artworkId }),
  upload_new_revision: (ids) => ({
    artworkId: ids.artworkId,
    fileId: '5a3e0c1e-7b2f-4d7a-9c61-0f0e5a1b2c3d',
    comment: 'Sample revision',
  }),
  create_artworks: (ids) => ({ projectId: ids.projectId, artworks: [{ name: `Sample artwork ${++made}` }] }),
  cancel_artworks: (ids) => ({ artworkIds: [ids.artworkId] }),
  deliver_artworks: (ids) => ({ artworkIds: [ids.artworks.approvedId], message: 'Sample delivery' }),
  // media
  get_media_folder_tree: () => ({ maxDepth: 1 }),
  list_folder_items: (ids) => ({ folderId: ids.more.folderId, pageSize: 5 }),
  search_media: () => ({ query: 'a', pageSize: 5 }),
  get_media_file: (ids) => ({ fileId: ids.more.fileId }),
  create_download_job: (ids) => ({ files: [{ fileId: ids.more.fileId }] }),
  get_media_artwork: (ids) => ({ mediaArtworkId: ids.more.mediaArtworkId }),
  comment_media_artworks: (ids) => ({
    comments: [{ mediaArtworkId: ids.more.mediaArtworkId, text: 'Sample comment' }],
  }),
  // shares
  list_shares: () => ({ limit: 5 }),
  create_share: (ids) => ({
    title: 'Sample share',
    recipients: [ids.email],
    items: [{ type: 'FILE', id: ids.more.fileId }],
  }),
  mark_shares_read: (ids) => ({ shareIds: [ids.more.shareId] }),
  remove_shares: (ids) => ({ shareIds: [ids.more.shareId] }),
  get_share_contents: (ids) => ({ shareId: ids.more.shareId }),
  create_anonymous_share: (ids) => ({ title: 'Sample public share', items: [{ type: 'FILE', id: ids.more.fileId }] }),
  // setup
  list_categories: () => ({}),
  create_category: () => ({ name: `Sample category ${++made}` }),
  update_category: (ids) => ({ categoryId: ids.more.categoryId, description: 'Sample description' }),
  list_brands: () => ({}),
  create_brand: () => ({ name: `Sample brand ${++made}` }),
  update_brand: (ids) => ({ brandId: ids.more.brandId, name: ids.more.brandName }),
  list_print_specifications: () => ({ limit: 5 }),
  get_print_specification: (ids) => ({ printSpecificationId: ids.more.printSpecId }),
  create_print_specification: () => ({ name: 'Sample print specification' }),
  update_print_specification: (ids) => ({
    printSpecificationId: ids.more.printSpecId,
    specialInstructions: { other: 'Sample' },
  }),
  // analytics
  get_kpi_dashboard: () => ({}),
  get_dashboard_chart: () => ({}),
  list_project_health: () => ({ limit: 5 }),
  get_project_health: (ids) => ({ projectId: ids.projectId }),
  get_stagnation_alerts: () => ({ minUrgencyScore: 1 }),
  get_temporal_dashboard: () => ({ weeks: 8, limit: 5 }),
  analyze_project_velocity: (ids) => ({ projectId: ids.projectId }),
  // issue 16: media management (deletes only preview: confirmation)
  create_media_folder: (ids) => ({ name: `Sample folder ${++made}`, parentFolderId: ids.more.folderId }),
  rename_media_folder: (ids) => ({ folderId: ids.edit.childFolder.id, name: 'Sample folder' }),
  move_media_folder: (ids) => ({ folderId: ids.edit.childFolder.id, targetFolderId: ids.edit.childFolder.parentId }),
  delete_media_folder: (ids) => ({ folderId: ids.edit.childFolder.id }),
  rename_media_item: (ids) => ({ ...ids.edit.renameItem, name: 'Sample item' }),
  move_media_items: (ids) => ({
    sourceFolderId: ids.edit.moveItem.folderId,
    targetFolderId: ids.edit.moveItem.targetFolderId,
    itemIds: [ids.edit.moveItem.itemId],
  }),
  list_project_files: (ids) => ({ projectId: ids.edit.projectFile.projectId }),
  add_project_files: (ids) => ({ projectId: ids.edit.projectFile.projectId, fileIds: [ids.more.fileId] }),
  remove_project_files: (ids) => ({
    projectId: ids.edit.projectFile.projectId,
    fileIds: [ids.edit.projectFile.fileId],
  }),
  delete_media_items: (ids) => ({ folderId: ids.edit.deleteItem.folderId, itemIds: [ids.edit.deleteItem.itemId] }),
  // issue 16: artwork edits and tasks (delete only previews)
  search_artworks: (ids) => ({ query: ids.projectName.split(/\s+/)[0] }),
  rename_artwork: (ids) => ({ artworkId: ids.artworks.reviewId, name: 'Sample renamed artwork' }),
  set_artwork_dates: (ids) => ({ artworkIds: [ids.artworks.reviewId], endDate: '2030-01-31' }),
  set_artwork_category: (ids) => ({ artworkIds: [ids.artworks.reviewId], category: ids.more.categoryId }),
  duplicate_artworks: (ids) => ({ artworkIds: [ids.artworks.reviewId], projectId: ids.edit.openProjectId }),
  create_artworks_from_files: (ids) => ({
    projectId: ids.edit.openProjectId,
    files: [{ fileId: ids.more.fileId, name: `Sample from file ${++made}` }],
  }),
  undo_artwork_delivery: (ids) => ({ artworkIds: [ids.edit.deliveredArtworkId] }),
  delete_artworks: (ids) => ({ artworkIds: [ids.artworks.reviewId] }),
  get_artwork_tasks: (ids) => ({ artworkIds: [ids.artworks.reviewId] }),
  update_artwork_tasks: (ids) => ({ artworkIds: [ids.artworks.reviewId], task: 'DIGITAL_PROOF', action: 'add' }),
  // issue 16: teams (delete only previews)
  remove_team_members: (ids) => ({ teamId: ids.edit.otherMember.teamId, usernames: [ids.edit.otherMember.username] }),
  set_team_admin: (ids) => ({ teamId: ids.more.teamId, username: ids.username, admin: ids.more.teamAdmin }),
  set_team_approval_mode: (ids) => ({ teamId: ids.more.teamId, approvalMode: 'ALL_REQUIRED' }),
  delete_teams: (ids) => ({ teamIds: [ids.more.teamId] }),
  rename_user: (ids) => ({ username: ids.more.standardUsername, lastName: 'Sample' }),
  detach_team_from_artwork: (ids) => ({ ...ids.edit.teamArtwork }),
  get_project_timeline_chart: (ids) => ({ projectId: ids.projectId }),
};
