import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import {
  approverNames,
  artworkIdsInput,
  byProject,
  checkAll,
  label,
  loadCaller,
  loadGates,
  pendingApprovers,
  reportStates,
  roleOf,
  runInOrder,
  stateRow,
  type Gate,
} from './load.js';

const ApproveOne = graphql(`
  mutation ApproveArtwork($artworkId: UUID!) {
    approveArtwork(artworkId: $artworkId)
  }
`);

const ApproveMany = graphql(`
  mutation ApproveArtworks($projectId: UUID!, $artworkIds: [UUID!]!) {
    approveArtworks(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

/** Throws when the caller may not approve `a`; returns a note when they already did. */
function gate(a: Gate, me: { id: string; username: string }): string | undefined {
  const role = roleOf(a, me.id);
  if (!role.isApprover) {
    throw new CapabilityError(
      'forbidden',
      `You (${me.username}) are not an approver of ${label(a)}; its approvers: ${approverNames(a)}.`,
      {
        hint: 'Only assigned approvers can approve. A project manager can add you with assign_artwork_people.',
      },
    );
  }
  if (role.decision === 'approved') return 'You had already approved it.';
  if (!a.isInApprovableState) {
    throw new CapabilityError(
      'conflict',
      `${label(a)} is ${a.state}; Cway only takes approvals while an artwork is under review (FOR_REVIEW or COMMENTED).`,
    );
  }
  if (!a.artworkPermissions.mayApprove) {
    throw new CapabilityError('forbidden', `Cway does not let you approve ${label(a)} now.`);
  }
  return undefined;
}

export default defineCapability({
  name: 'approve_artworks',
  title: 'Approve artworks',
  description:
    'Approve artworks as yourself (an approver; state FOR_REVIEW or COMMENTED). Returns each new state and who still has to decide.',
  toolset: 'artworks',
  input: z.object({ artworkIds: artworkIdsInput }),
  output: z.object({
    artworks: z.array(
      stateRow.extend({
        myDecision: z.string().nullable().describe('approved, rejected or undecided; read back.'),
        pendingApprovers: z.array(z.string()).describe('Approvers still undecided (teams as team:<name>).'),
      }),
    ),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/approve' },
  handler: async ({ artworkIds }, ctx) => {
    const [me, artworks] = await Promise.all([loadCaller(ctx), loadGates(ctx, artworkIds)]);
    const notes = new Map<string, string>();
    checkAll(artworks, (a) => {
      const note = gate(a, me);
      if (note) notes.set(a.id, note);
    });
    const todo = artworks.filter((a) => !notes.has(a.id));
    const batches = [...byProject(todo).values()];
    await runInOrder(
      batches,
      (group) => group.map(label).join(', '),
      (group) =>
        group.length === 1
          ? ctx.cway.request(ApproveOne, { artworkId: group[0]!.id }, { signal: ctx.signal })
          : ctx.cway.request(
              ApproveMany,
              { projectId: group[0]!.projectId, artworkIds: group.map((a) => a.id) },
              { signal: ctx.signal },
            ),
    );
    const { rows, after } = await reportStates(ctx, artworks, notes);
    return {
      artworks: rows.map((r, i) => ({
        ...r,
        myDecision: roleOf(after[i]!, me.id).decision,
        pendingApprovers: pendingApprovers(after[i]!),
      })),
    };
  },
});
