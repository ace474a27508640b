import { z } from 'zod';
import { graphql, readFragment, type FragmentOf } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { ArtworkRow } from './fragments.js';

const Queues = graphql(
  `
    query MyArtworkQueues($approve: Boolean!, $upload: Boolean!) {
      toApprove: artworksToApprove @include(if: $approve) {
        ...ArtworkRow
      }
      toUpload: artworksToUpload @include(if: $upload) {
        ...ArtworkRow
      }
    }
  `,
  [ArtworkRow],
);

const row = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  state: z.string(),
  status: z.string(),
  endDate: z.string().nullable(),
  overdue: z.boolean().describe('The end date has passed.'),
  latestActivity: z.string(),
  currentRevisionNo: z.number().int().nullable(),
});

const queue = z.object({
  total: z.number().int(),
  truncated: z.boolean().describe('More artworks exist than returned; raise limit to see them.'),
  artworks: z.array(row).describe('Most urgent first: overdue, then by end date.'),
});

function toQueue(rows: readonly FragmentOf<typeof ArtworkRow>[], limit: number, today: string): z.infer<typeof queue> {
  const mapped = rows
    .map((r) => readFragment(ArtworkRow, r))
    .map((a) => ({
      id: a.id,
      name: a.name,
      projectId: a.projectId,
      projectName: a.projectName,
      state: a.state,
      status: a.status,
      endDate: a.endDate ?? null,
      overdue: !!a.endDate && a.endDate < today,
      latestActivity: a.latestActivity,
      currentRevisionNo: a.currentRevision?.revisionNo ?? null,
    }))
    .sort((x, y) => (x.endDate ?? '9999').localeCompare(y.endDate ?? '9999') || x.name.localeCompare(y.name));
  return { total: mapped.length, truncated: mapped.length > limit, artworks: mapped.slice(0, limit) };
}

export default defineCapability({
  name: 'get_my_artwork_queues',
  title: 'My artwork queues',
  description:
    'What do I need to do: artworks waiting for my approval (toApprove) or my upload (toUpload), most urgent first.',
  toolset: 'artworks',
  input: z.object({
    queue: z.enum(['approve', 'upload', 'both']).default('both').describe('Which queue to return.'),
    limit: z.number().int().min(1).max(200).default(50).describe('At most this many artworks per queue (default 50).'),
  }),
  output: z.object({ toApprove: queue.optional(), toUpload: queue.optional() }),
  hints: READ,
  rest: { method: 'GET', path: '/api/artworks/waiting-for-me' },
  handler: async ({ queue: which, limit }, ctx) => {
    const approve = which !== 'upload';
    const upload = which !== 'approve';
    const data = await ctx.cway.request(Queues, { approve, upload }, { signal: ctx.signal });
    const today = ctx.now().toISOString().slice(0, 10);
    return {
      ...(approve ? { toApprove: toQueue(data.toApprove ?? [], limit, today) } : {}),
      ...(upload ? { toUpload: toQueue(data.toUpload ?? [], limit, today) } : {}),
    };
  },
});
