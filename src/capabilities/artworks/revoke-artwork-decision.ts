import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import {
  artworkIdsInput,
  byProject,
  label,
  loadCaller,
  loadGates,
  reportStates,
  roleOf,
  runInOrder,
  stateRow,
} from './load.js';

const RevokeApproval = graphql(`
  mutation RevokeArtworkApproval($projectId: UUID!, $artworkIds: [UUID!]!) {
    revokeArtworkApproval(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

const RevokeRejection = graphql(`
  mutation RevokeArtworkRejection($projectId: UUID!, $artworkIds: [UUID!]!) {
    revokeArtworkRejection(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

export default defineCapability({
  name: 'revoke_artwork_decision',
  title: 'Revoke an approval or rejection',
  description:
    "Undo an approval or rejection (yours, or anyone's as project manager); the artwork returns to review. Returns each new state.",
  toolset: 'artworks',
  input: z.object({
    artworkIds: artworkIdsInput,
    decision: z.enum(['approval', 'rejection']).describe('Which kind of decision to revoke.'),
  }),
  output: z.object({ artworks: z.array(stateRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/revoke-decision' },
  handler: async ({ artworkIds, decision }, ctx) => {
    const [me, artworks] = await Promise.all([loadCaller(ctx), loadGates(ctx, artworkIds)]);
    const problems: string[] = [];
    for (const a of artworks) {
      const mine = roleOf(a, me.id).decision;
      if (decision === 'approval' && a.state !== 'APPROVED' && mine !== 'approved')
        problems.push(`${label(a)} is ${a.state} and you have not approved it`);
      if (decision === 'rejection' && a.state !== 'REJECTED') problems.push(`${label(a)} is ${a.state}, not REJECTED`);
    }
    if (problems.length)
      throw new CapabilityError('conflict', `Nothing to revoke: ${problems.join('; ')}. Nothing was changed.`);
    await runInOrder(
      [...byProject(artworks).values()],
      (g) => g.map(label).join(', '),
      (g) => {
        const vars = { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id) };
        return decision === 'approval'
          ? ctx.cway.request(RevokeApproval, vars, { signal: ctx.signal })
          : ctx.cway.request(RevokeRejection, vars, { signal: ctx.signal });
      },
    );
    return { artworks: (await reportStates(ctx, artworks)).rows };
  },
});
