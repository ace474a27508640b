import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { uuidString, emailString } from '../shared.js';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { readShare, shareRow } from './fragments.js';

const CreateShare = graphql(`
  mutation CreateShare($input: CreateShareInput!) {
    createShare(input: $input)
  }
`);

/**
 * Cway takes all recipients in one `emails` string and does not document the separator; we send
 * them joined with ", " (comma, as mail clients and Cway's own `sharedTo` field show them).
 */
export const RECIPIENT_SEPARATOR = ', ';

export default defineCapability({
  name: 'create_share',
  title: 'Create share',
  description:
    'Share files or artworks with people by e-mail, with a title and message (public link: create_anonymous_share). Returns the share.',
  toolset: 'shares',
  input: z.object({
    title: z.string().trim().min(1).max(200).describe('Title of the share (the recipients see it).'),
    recipients: z
      .array(emailString('each recipient must be an e-mail address'))
      .min(1)
      .max(50)
      .describe('E-mail addresses to share with, 1-50.'),
    message: z.string().max(5000).default('').describe('Message to the recipients.'),
    items: z
      .array(
        z.object({
          type: z
            .enum(['FILE', 'MC_ARTWORK', 'PROJECT_ARTWORK'])
            .describe(
              'FILE: a file id; MC_ARTWORK: a media-center artwork id; PROJECT_ARTWORK: an artwork id from a project.',
            ),
          id: uuidString().describe('Id of the file or artwork.'),
        }),
      )
      .min(1)
      .max(100)
      .describe('What to share, 1-100 items.'),
    includeDeliveryFiles: z.boolean().optional().describe('For artworks: include delivery files.'),
    includeSourceFiles: z.boolean().optional().describe('For artworks: include source files.'),
  }),
  output: z.object({ share: shareRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  rest: { method: 'POST', path: '/api/shares' },
  handler: async (args, ctx) => {
    const shareId = randomUUID();
    const recipients = [...new Set(args.recipients.map((r) => r.toLowerCase()))];
    await ctx.cway.request(
      CreateShare,
      {
        input: {
          shareId,
          title: args.title,
          emails: recipients.join(RECIPIENT_SEPARATOR),
          message: args.message,
          items: args.items.map((i) => ({ mediaType: i.type, id: i.id })),
          includeDeliveryFiles: args.includeDeliveryFiles,
          includeSourceFiles: args.includeSourceFiles,
        },
      },
      { signal: ctx.signal },
    );
    const share = await readShare(ctx, shareId);
    if (!share) {
      throw new CapabilityError('upstream_unavailable', `Cway accepted share ${shareId} but does not show it yet.`, {
        hint: 'Do not share again; check list_shares in a moment.',
      });
    }
    return { share };
  },
});
