/**
 * Profiles: named, task-shaped selections from the one registry, one per kind of person who uses
 * Cway. A profile names capabilities (and may add whole toolsets or keep only read-only tools); it
 * never defines a tool, so a tool reads the same in every profile that has it.
 *
 * Budgets (bench/lib/budget.ts, enforced by test/profiles.test.ts): every profile but `everything`
 * stays within 20 tools and 8,000 tokens of tools/list; every tool within 1,500 tokens.
 *
 * The default is `manager`. A first-time ChatGPT user is most likely someone who follows projects
 * (the guide's own example GPT is a project-management assistant), and the first questions are
 * "how do my projects stand, what is stuck, who do I chase": all answered here, read-only but for
 * reminding approvers. It is also the guide's example GPT (projects, health, stagnation and
 * velocity, users by e-mail) as one OpenAPI export. It carries `search` and `fetch`, so it also works in ChatGPT without
 * developer mode (deep research and company knowledge call only those two), and it is small
 * enough that a frozen, approved tool list stays useful. Other people pick their profile by URL.
 */
import { capabilities as registry } from './index.js';
import type { Capability, Toolset } from './define.js';

export interface Profile {
  name: string;
  /** One line for people: who it is for. */
  title: string;
  /** What it offers (printed by the banner, --help and docs). */
  description: string;
  /** Capabilities by name. */
  capabilities?: readonly string[];
  /** Whole toolsets. */
  toolsets?: readonly Toolset[];
  /** Keep only tools whose readOnlyHint is true. */
  readOnly?: boolean;
}

/** Most profiles offer these: search over Cway and opening a result (all ChatGPT without developer mode calls). */
const FINDING = ['search', 'fetch'];

export const PROFILES = [
  {
    name: 'manager',
    title: 'Project manager',
    description:
      'Projects and how they stand, health, stalls, velocity, KPIs; remind approvers; find people by e-mail.',
    capabilities: [
      ...FINDING,
      'list_projects',
      'get_project',
      'remind_approvers',
      'get_status_summary',
      'list_project_health',
      'get_project_health',
      'get_stagnation_alerts',
      'analyze_project_velocity',
      'get_kpi_dashboard',
      'find_user_by_email',
    ],
  },
  {
    name: 'approver',
    title: 'Approver',
    description:
      'My review queue, artwork detail with files and corrections, approve, reject, correct, upload revisions.',
    capabilities: [
      ...FINDING,
      'get_my_artwork_queues',
      'search_artworks',
      'get_artwork',
      'get_artwork_files',
      'get_artwork_history',
      'get_artwork_ai_analysis',
      'approve_artworks',
      'reject_artworks',
      'revoke_artwork_decision',
      'add_correction',
      'set_correction_validity',
      'get_upload_url',
      'upload_new_revision',
    ],
  },
  {
    name: 'coordinator',
    title: 'Project coordinator',
    description: 'Set up and run projects: create and update them, add artworks, assign people, start, deliver.',
    capabilities: [
      ...FINDING,
      'list_projects',
      'get_project',
      'find_users_and_teams',
      'create_project',
      'update_project',
      'deliver_project',
      'create_artworks',
      'assign_artwork_people',
      'detach_team_from_artwork',
      'start_artworks',
      'deliver_artworks',
    ],
  },
  {
    name: 'housekeeping',
    title: 'Housekeeping',
    description:
      'Close out work: close, reopen or delete projects, cancel or delete artworks, each confirmed by the person.',
    capabilities: [
      ...FINDING,
      'list_projects',
      'get_project',
      'get_completed_projects',
      'summarize_project_history',
      'close_projects',
      'reopen_projects',
      'delete_projects',
      'search_artworks',
      'cancel_artworks',
      'delete_artworks',
    ],
  },
  {
    name: 'editor',
    title: 'Artwork editor',
    description:
      'Find artworks in any project and change them: rename, dates, category, copy, create from files, undo delivery, delete; tasks; project files.',
    capabilities: [
      ...FINDING,
      'search_artworks',
      'get_artwork_ai_analysis',
      'find_articles',
      'list_categories',
      'rename_artwork',
      'set_artwork_dates',
      'set_artwork_category',
      'duplicate_artworks',
      'create_artworks_from_files',
      'undo_artwork_delivery',
      'delete_artworks',
      'get_artwork_tasks',
      'update_artwork_tasks',
      'detach_team_from_artwork',
      'get_upload_url',
      'list_project_files',
      'add_project_files',
      'remove_project_files',
    ],
  },
  {
    name: 'admin',
    title: 'Administrator',
    description:
      'Users, teams and permission groups: create, rename, delete, members, team admins, approval mode (categories and brands: setup).',
    capabilities: [
      'get_system_status',
      'get_login_info',
      'list_users',
      'search_users',
      'find_user_by_email',
      'get_user',
      'list_teams',
      'get_permission_groups',
      'create_users',
      'set_user_permission_group',
      'delete_users',
      'rename_user',
      'create_team',
      'add_team_members',
      'remove_team_members',
      'set_team_admin',
      'set_team_approval_mode',
      'delete_teams',
    ],
  },
  {
    name: 'setup',
    title: 'Organisation setup',
    description: 'Categories, brands and print specifications, to read and to change.',
    capabilities: ['get_system_status'],
    toolsets: ['setup'],
  },
  {
    name: 'analyst',
    title: 'Analyst',
    description: 'KPIs, project health, stalls, velocity, trends over time and charts (PNG); read-only.',
    capabilities: [...FINDING, 'get_monthly_project_trends'],
    toolsets: ['analytics'],
    readOnly: true,
  },
  {
    name: 'media',
    title: 'Media center',
    description:
      'The media center: browse, search, download, comment; create, rename, move and delete folders and items.',
    capabilities: [
      ...FINDING,
      'get_system_status',
      'get_media_folder_tree',
      'list_folder_items',
      'search_media',
      'get_media_artwork',
      'get_media_file',
      'create_download_job',
      'comment_media_artworks',
      'create_media_folder',
      'rename_media_folder',
      'move_media_folder',
      'delete_media_folder',
      'rename_media_item',
      'move_media_items',
      'delete_media_items',
    ],
  },
  {
    name: 'shares',
    title: 'Shares',
    description:
      'Shares with outside recipients: list, open, create by e-mail or as a public link, remove; pick media-center items to share.',
    capabilities: [...FINDING, 'get_media_folder_tree', 'list_folder_items', 'search_media', 'list_project_files'],
    toolsets: ['shares'],
  },
  {
    name: 'assistant',
    title: "Cway's AI",
    description:
      "Cway's own AI: ask its assistant, AI summaries of a project and its history, AI analysis of an artwork.",
    capabilities: [
      ...FINDING,
      'list_projects',
      'search_artworks',
      'ask_cway_assistant',
      'get_project_ai_summary',
      'summarize_project_history',
      'get_artwork_ai_analysis',
    ],
  },
  {
    name: 'search',
    title: 'Search and fetch',
    description: 'Only search and fetch, for ChatGPT without developer mode (deep research, company knowledge).',
    capabilities: FINDING,
  },
  {
    name: 'everything',
    title: 'Everything',
    description: 'Every tool, for clients that handle many; over the per-profile budget on purpose.',
    toolsets: ['projects', 'users', 'artworks', 'media', 'shares', 'setup', 'analytics', 'system'],
  },
] as const satisfies readonly Profile[];

export type ProfileName = (typeof PROFILES)[number]['name'];
export const PROFILE_NAMES: readonly ProfileName[] = PROFILES.map((p) => p.name);
export const DEFAULT_PROFILE: ProfileName = 'manager';

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

export function getProfile(name: string): Profile {
  const p = PROFILES.find((x) => x.name === name);
  if (!p) throw new Error(`unknown profile "${name}"; choose from ${PROFILE_NAMES.join(', ')}`);
  return p;
}

/**
 * The capabilities of a profile, in registry order. Throws on an unknown profile, and on a
 * profile that names a capability the registry lacks (a renamed tool must not vanish silently).
 */
export function profileCapabilities(name: string, all: readonly Capability[] = registry): Capability[] {
  const p: Profile = getProfile(name);
  const names = new Set(p.capabilities ?? []);
  const missing = [...names].filter((n) => !all.some((c) => c.name === n));
  if (missing.length && all === registry) {
    throw new Error(`profile ${name} names capabilities the registry lacks: ${missing.join(', ')}`);
  }
  const sets = new Set<Toolset>(p.toolsets ?? []);
  return all.filter((c) => (names.has(c.name) || sets.has(c.toolset)) && (!p.readOnly || c.hints.readOnlyHint));
}
