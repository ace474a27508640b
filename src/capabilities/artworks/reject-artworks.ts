import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { plainText, uuid } from '../shared.js';
import {
  approverNames,
  checkAll,
  label,
  loadCaller,
  loadGates,
  MAX_BATCH,
  reportStates,
  roleOf,
  runInOrder,
  stateRow,
  type Gate,
} from './load.js';

const Reject = graphql(`
  mutation RejectArtwork($input: RejectArtworkInput) {
    rejectArtwork(input: $input)
  }
`);

const rejection = z.object({
  artworkId: uuid('Artwork id'),
  comment: plainText('Comment', { multiline: true })
    .min(1)
    .max(4000)
    .describe('Why it is rejected; the supplier reads this.'),
  resetUsernames: z
    .array(z.string().max(200))
    .max(50)
    .optional()
    .describe('Approvers whose earlier approval should be cleared, so they decide again on the next revision.'),
});

function gate(a: Gate, me: { id: string; username: string }, resetUsernames: readonly string[]): void {
  if (!roleOf(a, me.id).isApprover) {
    throw new CapabilityError(
      'forbidden',
      `You (${me.username}) are not an approver of ${label(a)}; its approvers: ${approverNames(a)}.`,
      {
        hint: 'Only assigned approvers can reject. Use add_correction to comment without deciding.',
      },
    );
  }
  if (!a.isInRejectableState) {
    throw new CapabilityError(
      'conflict',
      `${label(a)} is ${a.state}; Cway only takes rejections while an artwork is under review (FOR_REVIEW or COMMENTED).`,
    );
  }
  if (!a.artworkPermissions.mayReject)
    throw new CapabilityError('forbidden', `Cway does not let you reject ${label(a)} now.`);
  const approvers = a.approvers.map((u) => u.username);
  const unknown = resetUsernames.filter((u) => !approvers.includes(u));
  if (unknown.length > 0) {
    throw new CapabilityError(
      'invalid_input',
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a direct approver of ${label(a)}.`,
      {
        field: 'resetUsernames',
        candidates: approvers,
      },
    );
  }
}

export default defineCapability({
  name: 'reject_artworks',
  title: 'Reject artworks',
  description:
    'Reject artworks under review as yourself, each with a comment; more than one needs a confirmation token. Returns each new state.',
  toolset: 'artworks',
  input: z.object({
    rejections: z.array(rejection).min(1).max(MAX_BATCH).describe('One entry per artwork to reject.'),
    ...confirmationInput,
  }),
  output: z.object({
    ...confirmationOutput,
    artworks: z.array(stateRow).optional().describe('Present when status is "done".'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  rest: { method: 'POST', path: '/api/artworks/reject' },
  handler: async ({ rejections, confirmationToken }, ctx) => {
    const ids = rejections.map((r) => r.artworkId);
    if (new Set(ids).size !== ids.length) {
      throw new CapabilityError(
        'invalid_input',
        'An artwork appears twice in rejections; give one entry per artwork.',
        { field: 'rejections' },
      );
    }
    const [me, artworks] = await Promise.all([loadCaller(ctx), loadGates(ctx, ids)]);
    const byId = new Map(artworks.map((a) => [a.id, a]));
    checkAll(rejections, (r) => gate(byId.get(r.artworkId)!, me, r.resetUsernames ?? []));
    if (rejections.length > 1) {
      const pending = await requireConfirmation(
        ctx,
        {
          name: 'reject_artworks',
          targets: ids,
          summary: `Reject ${artworks.length} artworks as ${me.username}, sending each supplier back to work: ${artworks.map((a) => `"${a.name}"`).join(', ')}.`,
          preview: rejections.map((r) => ({
            artwork: byId.get(r.artworkId)!.name,
            state: byId.get(r.artworkId)!.state,
            comment: r.comment,
          })),
        },
        confirmationToken,
      );
      if (pending) return { status: 'confirmation_required' as const, confirmation: pending };
    }
    await runInOrder(
      rejections,
      (r) => label(byId.get(r.artworkId)!),
      (r) =>
        ctx.cway.request(
          Reject,
          {
            input: {
              artworkId: r.artworkId,
              username: me.username,
              comment: r.comment,
              resetUsernames: r.resetUsernames,
            },
          },
          { signal: ctx.signal },
        ),
    );
    const { rows } = await reportStates(ctx, artworks);
    return { status: 'done' as const, artworks: rows };
  },
});
