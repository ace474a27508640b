import { z } from 'zod';
import { graphql, type ResultOf } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { truncationNote, uuid } from '../shared.js';
import { ProjectBasics, projectNotFound, toProjectBasics, withProjectHint } from './fragments.js';
import { derivePeople, personOutput } from './people.js';

const GetProject = graphql(
  `
    query GetProject($id: UUID!) {
      project(id: $id) {
        ...ProjectBasics
        lastActivity
        progress {
          totalArtworks
          artworksDone
          artworksInProgress
          percentageDone
        }
        orderer {
          id
          username
          name
        }
        projectManager {
          id
          username
          name
        }
        isInClosableState
        isInDeleteableState
        projectPermissions {
          canManageProject
          canManageArtworks
          canChangeOrderer
          canRevokeApproval
          canRevokeRejection
          canManageTasks
          canChangeCategory
          canRejectDeliveredArtworks
          canSeeAllArtworks
          canSeeDeliveries
          canChangeNotes
          canSetInvoiceNumber
        }
        artworks {
          id
          name
          state
          status
          endDate
          latestActivity
          category {
            name
          }
          users {
            userId
            username
            name
            isApprover
            isSupplier
            isReceiver
            approver {
              approved
              rejected
            }
          }
          teams {
            sourceTeamId
            name
            approvalMode
            isApprover
            isSupplier
            isReceiver
            approvalState
            members {
              user {
                id
                username
                name
              }
            }
          }
        }
      }
    }
  `,
  [ProjectBasics],
);

type ArtworkData = NonNullable<ResultOf<typeof GetProject>['project']>['artworks'][number];

const PERMISSIONS = [
  'canManageProject',
  'canManageArtworks',
  'canChangeOrderer',
  'canRevokeApproval',
  'canRevokeRejection',
  'canManageTasks',
  'canChangeCategory',
  'canRejectDeliveredArtworks',
  'canSeeAllArtworks',
  'canSeeDeliveries',
  'canChangeNotes',
  'canSetInvoiceNumber',
] as const;

const userRef = z.object({ id: z.string(), username: z.string(), name: z.string() });

const artworkSummary = z.object({
  id: z.string(),
  name: z.string(),
  state: z
    .string()
    .describe('UNSTARTED, FOR_REVIEW, COMMENTED, REJECTED, APPROVED, BUNDLED, SHIPPED, DELIVERED or CANCELED'),
  status: z.string(),
  category: z.string(),
  endDate: z.string().nullable().describe('Deadline, YYYY-MM-DD'),
  latestActivity: z.string(),
  approvals: z
    .object({ approved: z.number().int(), rejected: z.number().int(), undecided: z.number().int() })
    .describe('Decisions on the current revision, users and teams.'),
  approvers: z.array(z.object({ username: z.string(), decision: z.enum(['approved', 'rejected', 'undecided']) })),
  suppliers: z.array(z.string()).describe('Usernames.'),
  receivers: z.array(z.string()).describe('Usernames.'),
});

export const getProjectOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  notes: z.string().nullable(),
  state: z.string().describe('IN_PROGRESS, STAND_BY (on hold), DELIVERED, CLOSED or PLANNED'),
  status: z.string().describe('Traffic light: GREY, BLUE, GREEN, YELLOW or RED'),
  orderNo: z.string(),
  created: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable().describe('Deadline, YYYY-MM-DD'),
  lastActivity: z.string().nullable().describe('Local time, no zone'),
  progress: z.object({
    totalArtworks: z.number().int(),
    artworksDone: z.number().int(),
    artworksInProgress: z.number().int(),
    percentageDone: z.number().describe('0-100'),
  }),
  orderer: userRef,
  projectManager: userRef.nullable(),
  closable: z.boolean().describe('Closable without force now.'),
  deletable: z.boolean().describe('Deletable without force now.'),
  permissions: z.array(z.string()).describe('The Cway projectPermissions you hold, e.g. canManageProject.'),
  artworkStates: z.record(z.string(), z.number().int()).describe('Artworks per state.'),
  artworks: z.array(artworkSummary).describe('Most recently active first.'),
  artworksOmitted: z.number().int().describe('Left out by maxArtworks.'),
  people: z.array(personOutput).describe('Everyone involved, orderer and manager first.'),
  note: z.string().nullable(),
});

const decisionOf = (a: { approved: boolean; rejected: boolean } | null | undefined) =>
  a?.approved ? 'approved' : a?.rejected ? 'rejected' : 'undecided';

function summarise(a: ArtworkData): z.infer<typeof artworkSummary> {
  const approvers = a.users
    .filter((u) => u.isApprover)
    .map((u) => ({ username: u.username, decision: decisionOf(u.approver) }) as const);
  const decisions = [
    ...approvers.map((x) => x.decision),
    ...a.teams.filter((t) => t.isApprover).map((t) => t.approvalState.toLowerCase()),
  ];
  return {
    id: a.id,
    name: a.name,
    state: a.state,
    status: a.status,
    category: a.category.name,
    endDate: a.endDate ?? null,
    latestActivity: a.latestActivity,
    approvals: {
      approved: decisions.filter((d) => d === 'approved').length,
      rejected: decisions.filter((d) => d === 'rejected').length,
      undecided: decisions.filter((d) => d !== 'approved' && d !== 'rejected').length,
    },
    approvers,
    suppliers: a.users.filter((u) => u.isSupplier).map((u) => u.username),
    receivers: a.users.filter((u) => u.isReceiver).map((u) => u.username),
  };
}

export default defineCapability({
  name: 'get_project',
  title: 'Get project',
  description:
    'One project in full by id: state, dates, progress, your permissions, artworks with approval decisions, and everyone involved by role and team.',
  toolset: 'projects',
  input: z.object({
    id: uuid('Project id'),
    maxArtworks: z
      .number()
      .int()
      .min(0)
      .max(200)
      .default(50)
      .describe(
        'Most artworks to list (most recently active first); 0 lists none. Counts and people always cover all.',
      ),
  }),
  output: getProjectOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/{id}' },
  handler: async ({ id, maxArtworks }, ctx) => {
    const data = await ctx.cway.request(GetProject, { id }, { signal: ctx.signal }).catch(withProjectHint(id));
    const p = data.project;
    if (!p) throw projectNotFound(id);

    const artworkStates: Record<string, number> = {};
    for (const a of p.artworks) artworkStates[a.state] = (artworkStates[a.state] ?? 0) + 1;
    const newestFirst = [...p.artworks].sort((a, b) => Date.parse(b.latestActivity) - Date.parse(a.latestActivity));
    const shown = newestFirst.slice(0, maxArtworks);
    const { people } = derivePeople(p);

    return {
      ...toProjectBasics(p),
      lastActivity: p.lastActivity ?? null,
      progress: p.progress,
      orderer: p.orderer,
      projectManager: p.projectManager ?? null,
      closable: p.isInClosableState,
      deletable: p.isInDeleteableState,
      permissions: PERMISSIONS.filter((k) => p.projectPermissions[k]),
      artworkStates,
      artworks: shown.map(summarise),
      artworksOmitted: p.artworks.length - shown.length,
      people,
      note: truncationNote(shown.length, p.artworks.length, 'artworks', 'the most recently active', 'maxArtworks'),
    };
  },
});
