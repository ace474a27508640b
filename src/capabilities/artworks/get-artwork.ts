import { z } from 'zod';
import { graphql, readFragment } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { ArtworkBasics, CorrectionFields } from './fragments.js';
import { correctionOut, toCorrection } from './model.js';

const GetArtwork = graphql(
  `
    query GetArtwork($id: UUID!) {
      artwork(id: $id) {
        ...ArtworkBasics
        latestActivity
        category {
          id
          name
        }
        isInApprovableState
        isInRejectableState
        isInCommentableState
        isInCreateNewRevisionState
        artworkPermissions {
          mayApprove
          mayReject
          canManageUsers
          canAddCorrections
          canResetApprovals
          canInvalidateCorrection
          canUploadNewRevision
          canDownloadRevision
          canBundle
        }
        users {
          username
          name
          isApprover
          isSupplier
          isReceiver
          approver {
            approved
            rejected
            deadline
            reminderSentDate
          }
          receiver {
            downloaded
          }
        }
        teams {
          sourceTeamId
          name
          approvalMode
          approvalState
          isApprover
          isSupplier
          isReceiver
          members {
            user {
              username
            }
          }
          memberApprovals {
            user {
              username
            }
            approved
            approvedAt
          }
        }
        revisions {
          id
          revisionNo
          name
          comment
          created
          closed
          createdBy {
            username
          }
          file {
            id
            name
          }
          corrections {
            ...CorrectionFields
          }
        }
      }
    }
  `,
  [ArtworkBasics, CorrectionFields],
);

const decision = z.enum(['approved', 'rejected', 'undecided']);

const output = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  state: z
    .string()
    .describe('UNSTARTED, FOR_REVIEW, COMMENTED, REJECTED, APPROVED, BUNDLED, SHIPPED, DELIVERED or CANCELED'),
  status: z.string().describe('Traffic light: GREY, BLUE, GREEN, YELLOW or RED'),
  category: z.object({ id: z.string(), name: z.string() }),
  orderer: z.string(),
  dates: z.object({
    created: z.string(),
    start: z.string().nullable(),
    end: z.string().nullable(),
    approved: z.string().nullable(),
    delivered: z.string().nullable(),
    latestActivity: z.string(),
  }),
  allows: z
    .object({ approve: z.boolean(), reject: z.boolean(), comment: z.boolean(), newRevision: z.boolean() })
    .describe('What the state allows, for anyone.'),
  permissions: z
    .record(z.string(), z.boolean())
    .describe(
      'What you may do on it (mayApprove, mayReject, canManageUsers, canAddCorrections, canUploadNewRevision, ...).',
    ),
  approvers: z.array(
    z.object({
      username: z.string(),
      name: z.string(),
      decision,
      deadline: z.string().nullable(),
      reminderSentDate: z.string().nullable(),
    }),
  ),
  teamApprovers: z.array(
    z.object({
      teamId: z.string(),
      name: z.string(),
      approvalMode: z.string().describe('ALL_REQUIRED or ANY_MEMBER'),
      approvalState: z.string().describe('UNDECIDED, APPROVED or REJECTED'),
      members: z.array(z.object({ username: z.string(), decision, decidedAt: z.string().nullable() })),
    }),
  ),
  suppliers: z.array(z.string()).describe('Usernames; teams are listed in teams.'),
  receivers: z.array(z.object({ username: z.string(), downloaded: z.boolean() })),
  teams: z
    .array(z.object({ teamId: z.string(), name: z.string(), roles: z.array(z.string()) }))
    .describe('Every attached team and its roles (approver, supplier, receiver).'),
  currentRevisionNo: z.number().int().nullable(),
  revisions: z
    .array(
      z.object({
        id: z.string(),
        revisionNo: z.number().int(),
        name: z.string(),
        comment: z.string().nullable(),
        created: z.string(),
        createdBy: z.string().nullable(),
        closed: z.boolean(),
        file: z.object({ id: z.string(), name: z.string() }).nullable(),
        corrections: z.array(correctionOut),
      }),
    )
    .describe('Newest first, each with its corrections (valid and invalidated).'),
});

export default defineCapability({
  name: 'get_artwork',
  title: 'Get artwork',
  description:
    'One artwork: state, dates, approvers and their decisions, suppliers, receivers, your permissions, and every revision with its corrections. Read before deciding.',
  toolset: 'artworks',
  input: z.object({ artworkId: uuid('Artwork id') }),
  output,
  hints: READ,
  rest: { method: 'GET', path: '/api/artworks/{artworkId}' },
  handler: async ({ artworkId }, ctx) => {
    const { artwork } = await ctx.cway.request(GetArtwork, { id: artworkId }, { signal: ctx.signal });
    if (!artwork) throw new CapabilityError('not_found', `No artwork visible to you with id ${artworkId}.`);
    const a = { ...artwork, ...readFragment(ArtworkBasics, artwork) };
    const revisions = [...a.revisions].sort((x, y) => y.revisionNo - x.revisionNo);
    const teamRoles = (t: { isApprover: boolean; isSupplier: boolean; isReceiver: boolean }) =>
      [t.isApprover && 'approver', t.isSupplier && 'supplier', t.isReceiver && 'receiver'].filter(
        (r): r is string => !!r,
      );
    return {
      id: a.id,
      name: a.name,
      description: a.description,
      projectId: a.projectId,
      projectName: a.projectName,
      state: a.state,
      status: a.status,
      category: a.category,
      orderer: a.orderer.username,
      dates: {
        created: a.created,
        start: a.startDate ?? null,
        end: a.endDate ?? null,
        approved: a.approvalDate ?? null,
        delivered: a.deliveryDate ?? null,
        latestActivity: a.latestActivity,
      },
      allows: {
        approve: a.isInApprovableState,
        reject: a.isInRejectableState,
        comment: a.isInCommentableState,
        newRevision: a.isInCreateNewRevisionState,
      },
      permissions: { ...a.artworkPermissions },
      approvers: a.users
        .filter((u) => u.isApprover)
        .map((u) => ({
          username: u.username,
          name: u.name,
          decision: u.approver?.rejected
            ? ('rejected' as const)
            : u.approver?.approved
              ? ('approved' as const)
              : ('undecided' as const),
          deadline: u.approver?.deadline ?? null,
          reminderSentDate: u.approver?.reminderSentDate ?? null,
        })),
      teamApprovers: a.teams
        .filter((t) => t.isApprover)
        .map((t) => ({
          teamId: t.sourceTeamId,
          name: t.name,
          approvalMode: t.approvalMode,
          approvalState: t.approvalState,
          members: t.members.map((m) => {
            const d = t.memberApprovals.find((x) => x.user.username === m.user.username);
            return {
              username: m.user.username,
              decision:
                d?.approved === true
                  ? ('approved' as const)
                  : d?.approved === false
                    ? ('rejected' as const)
                    : ('undecided' as const),
              decidedAt: d?.approved === null || d === undefined ? null : (d.approvedAt ?? null),
            };
          }),
        })),
      suppliers: a.users.filter((u) => u.isSupplier).map((u) => u.username),
      receivers: a.users
        .filter((u) => u.isReceiver)
        .map((u) => ({ username: u.username, downloaded: u.receiver?.downloaded ?? false })),
      teams: a.teams.map((t) => ({ teamId: t.sourceTeamId, name: t.name, roles: teamRoles(t) })),
      currentRevisionNo: revisions[0]?.revisionNo ?? null,
      revisions: revisions.map((r) => ({
        id: r.id,
        revisionNo: r.revisionNo,
        name: r.name,
        comment: r.comment ?? null,
        created: r.created,
        createdBy: r.createdBy?.username ?? null,
        closed: r.closed,
        file: r.file ? { id: r.file.id, name: r.file.name } : null,
        corrections: readFragment(CorrectionFields, r.corrections).map(toCorrection),
      })),
    };
  },
});
