import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import createShare from './create-share.js';
import { readShare, shareRow } from './fragments.js';

const CreateAnonymousShare = graphql(`
  mutation CreateAnonymousShare($input: CreateAnonymousShareInput!) {
    createAnonymousShare(input: $input)
  }
`);

const { title, message, items, includeDeliveryFiles, includeSourceFiles } = createShare.input.shape;

export default defineCapability({
  name: 'create_anonymous_share',
  title: 'Create anonymous share',
  description:
    'Share files or artworks through a public link that needs no Cway account. Returns the share and where to copy the link.',
  toolset: 'shares',
  input: z.object({ title, message, items, includeDeliveryFiles, includeSourceFiles }),
  output: z.object({
    share: shareRow,
    url: z.string().describe('The share in the Cway web app (pattern assumed); the public link is shown there.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  rest: { method: 'POST', path: '/api/shares/anonymous' },
  handler: async (args, ctx) => {
    const shareId = randomUUID();
    await ctx.cway.request(
      CreateAnonymousShare,
      {
        input: {
          shareId,
          title: args.title,
          message: args.message,
          items: args.items.map((i) => ({ mediaType: i.type, id: i.id })),
          includeDeliveryFiles: args.includeDeliveryFiles,
          includeSourceFiles: args.includeSourceFiles,
        },
      },
      { signal: ctx.signal, verify: 'list_shares' },
    );
    const share = await readShare(ctx, shareId);
    if (!share) {
      throw new CapabilityError('upstream_unavailable', `Cway accepted share ${shareId} but does not show it yet.`, {
        hint: 'Do not share again; check list_shares in a moment.',
      });
    }
    return { share, url: `${ctx.services.webBaseUrl.replace(/\/+$/, '')}/shares/${share.id}` };
  },
});
