import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { mediaArtwork, mediaArtworkNotFound, readMediaArtwork } from './fragments.js';

export default defineCapability({
  name: 'get_media_artwork',
  title: 'Get media-center artwork',
  description:
    'One media-center artwork: category, draft flag, linked project, preview and comments. For project artworks use get_artwork.',
  toolset: 'media',
  input: z.object({ mediaArtworkId: uuid('Media-center artwork id (mediaArtworkId from search_media)') }),
  output: z.object({ artwork: mediaArtwork }),
  hints: READ,
  rest: { method: 'GET', path: '/api/media/artworks/{mediaArtworkId}' },
  handler: async ({ mediaArtworkId }, ctx) => {
    const artwork = await readMediaArtwork(ctx, mediaArtworkId);
    if (!artwork) throw mediaArtworkNotFound(mediaArtworkId, 'mediaArtworkId');
    return { artwork };
  },
});
