import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { readShare, shareIdsInput, shareNotFound, shareRow } from './fragments.js';
import { mapLimit } from '../shared.js';

const MarkOne = graphql(`
  mutation MarkShareRead($shareId: UUID!) {
    markShareAsRead(shareId: $shareId)
  }
`);
const MarkAll = graphql(`
  mutation MarkAllSharesRead {
    markAllSharesAsRead
  }
`);
const UnreadCount = graphql(`
  query UnreadShares {
    findShares(includeRead: false) {
      id
    }
  }
`);

export default defineCapability({
  name: 'mark_shares_read',
  title: 'Mark shares read',
  description: 'Mark shares (or all shares to you) as read. Returns them and how many unread remain.',
  toolset: 'shares',
  input: z.object({
    shareIds: shareIdsInput('mark as read').optional(),
    all: z.boolean().optional().describe('true: mark every share sent to you as read. Give either this or shareIds.'),
  }),
  output: z.object({
    shares: z.array(shareRow).describe('The given shares, re-read (empty when all was used).'),
    unreadRemaining: z.number().int().describe('Unread shares you can still see.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/shares/read' },
  handler: async ({ shareIds, all }, ctx) => {
    if ((shareIds === undefined) === (all !== true)) {
      throw new CapabilityError('invalid_input', 'Give either shareIds or all: true (not both, not neither).', {
        field: 'shareIds',
      });
    }
    let shares: z.infer<typeof shareRow>[] = [];
    if (all) {
      await ctx.cway.request(MarkAll, {}, { signal: ctx.signal });
    } else {
      const ids = [...new Set(shareIds!.map((s) => s.toLowerCase()))];
      const before = await mapLimit(ids, 4, (id) => readShare(ctx, id));
      const missing = ids.filter((_, i) => !before[i]);
      if (missing.length > 0) throw shareNotFound(missing, 'shareIds');
      for (const s of before) if (!s!.read) await ctx.cway.request(MarkOne, { shareId: s!.id }, { signal: ctx.signal });
      shares = (await mapLimit(ids, 4, (id) => readShare(ctx, id))).map((s, i) => s ?? before[i]!);
    }
    const unread = (await ctx.cway.request(UnreadCount, {}, { signal: ctx.signal })).findShares ?? [];
    return { shares, unreadRemaining: unread.filter((s) => s !== null).length };
  },
});
