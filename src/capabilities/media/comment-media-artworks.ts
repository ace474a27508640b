import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { mediaArtworkNotFound, mediaComment, readMediaArtwork } from './fragments.js';
import { mapLimit, plainText, uuidString } from '../shared.js';

const CommentMedia = graphql(`
  mutation CommentMediaArtworks($comments: [ArtworkCommentInput!]!) {
    commentMediaCenterArtworks(comments: $comments)
  }
`);

const marker = z.object({
  type: z.enum(['PIN', 'RECTANGLE', 'CIRCLE', 'LINE', 'MEASUREMENT_RECTANGLE', 'MEASUREMENT_LINE']),
  x: z.number().int().describe('Left / start x in preview pixels.'),
  y: z.number().int().describe('Top / start y in preview pixels.'),
  xEnd: z.number().int().optional().describe('End x (not for PIN).'),
  yEnd: z.number().int().optional().describe('End y (not for PIN).'),
  pageNo: z.number().int().min(0).optional().describe('Page, from 0.'),
});

export default defineCapability({
  name: 'comment_media_artworks',
  title: 'Comment media-center artworks',
  description: 'Comment (optionally with markers) on media-center artworks. Returns their latest comments.',
  toolset: 'media',
  input: z.object({
    comments: z
      .array(
        z.object({
          mediaArtworkId: uuidString().describe('Media-center artwork id (mediaArtworkId from search_media).'),
          text: plainText('Comment text', { multiline: true }).trim().min(1).max(5000).describe('Comment text.'),
          markers: z.array(marker).max(20).optional().describe('Places on the preview the comment points at.'),
        }),
      )
      .min(1)
      .max(50)
      .describe('Comments to add, 1-50.'),
  }),
  output: z.object({
    artworks: z.array(
      z.object({
        mediaArtworkId: z.string(),
        name: z.string(),
        totalComments: z.number().int(),
        latest: z.array(mediaComment).describe('The newest comments, as many as were added here.'),
      }),
    ),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/artworks/comments' },
  handler: async (args, ctx) => {
    const ids = [...new Set(args.comments.map((c) => c.mediaArtworkId.toLowerCase()))];
    const before = await mapLimit(ids, 4, (id) => readMediaArtwork(ctx, id));
    const missing = ids.filter((_, i) => !before[i]);
    if (missing.length > 0) throw mediaArtworkNotFound(missing.join(', '), 'comments');
    await ctx.cway.request(
      CommentMedia,
      { comments: args.comments.map((c) => ({ artworkId: c.mediaArtworkId, text: c.text, markers: c.markers })) },
      { signal: ctx.signal },
    );
    const after = await mapLimit(ids, 4, (id) => readMediaArtwork(ctx, id));
    return {
      artworks: ids.map((id, i) => {
        const a = after[i] ?? before[i]!;
        const added = args.comments.filter((c) => c.mediaArtworkId.toLowerCase() === id).length;
        return { mediaArtworkId: a.id, name: a.name, totalComments: a.totalComments, latest: a.comments.slice(-added) };
      }),
    };
  },
});
