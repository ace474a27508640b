import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { readShare, shareIdsInput, shareNotFound, shareRow } from './fragments.js';
import { mapLimit } from '../shared.js';

const RemoveShares = graphql(`
  mutation RemoveShares($shareIds: [UUID!]!) {
    removeShares(shareIds: $shareIds)
  }
`);

export default defineCapability({
  name: 'remove_shares',
  title: 'Remove shares',
  description:
    'Remove shares so recipients cannot open them (files stay). First call returns a preview and a confirmation token.',
  toolset: 'shares',
  input: z.object({ shareIds: shareIdsInput('remove'), ...confirmationInput }),
  output: z.object({
    ...confirmationOutput,
    preview: z.array(shareRow).optional().describe('The shares that would be removed (when confirmation is required).'),
    removed: z.array(z.string()).optional().describe('Ids that are gone after the call (when done).'),
    notRemoved: z.array(z.string()).optional().describe('Ids still present after the call (when done).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/shares/remove' },
  handler: async (args, ctx) => {
    const ids = [...new Set(args.shareIds.map((s) => s.toLowerCase()))];
    const found = await mapLimit(ids, 4, (id) => readShare(ctx, id));
    const missing = ids.filter((_, i) => !found[i]);
    if (missing.length > 0) throw shareNotFound(missing, 'shareIds');
    const preview = found.map((s) => s!);
    const summary = `Remove ${preview.length} share${preview.length === 1 ? '' : 's'}: ${preview
      .map((s) => `"${s.title}" (to ${s.sharedTo})`)
      .join('; ')}. Recipients lose access; the files stay in Cway.`;
    const pending = await requireConfirmation(
      ctx,
      { name: 'remove_shares', targets: ids, summary, preview },
      args.confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending, preview };
    await ctx.cway.request(RemoveShares, { shareIds: ids }, { signal: ctx.signal });
    const after = await mapLimit(ids, 4, (id) => readShare(ctx, id));
    return {
      status: 'done' as const,
      removed: ids.filter((_, i) => !after[i]),
      notRemoved: ids.filter((_, i) => after[i]),
    };
  },
});
