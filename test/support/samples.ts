/**
 * One sample input per capability, used by the registry walk (every MCP tool) and the REST walk
 * (every route). `ids` are real ids read from the seeded sandbox. Each domain adds its rows here;
 * the registry test fails when a registered capability has no sample.
 */
import { graphql } from '../../src/cway/graphql.js';
import type { CwayClient } from '../../src/cway/client.js';

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
  get_project_timeline_chart: (ids) => ({ projectId: ids.projectId }),
};
