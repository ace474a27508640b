import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { aiOutput, awaitAiThread } from './thread.js';

const Analyse = graphql(`
  query ArtworkAIAnalysis($artworkId: UUID!) {
    artworkAIAnalysis(artworkId: $artworkId)
  }
`);

export default defineCapability({
  name: 'get_artwork_ai_analysis',
  title: 'Artwork AI analysis',
  description:
    "Cway's AI analysis of one artwork (state, revisions, what it needs). Can take a while; progress is reported.",
  toolset: 'artworks',
  input: z.object({ artworkId: uuid('Artwork id') }),
  output: aiOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/artworks/{artworkId}/ai-analysis' },
  handler: async ({ artworkId }, ctx) => {
    const threadId = (await ctx.cway.request(Analyse, { artworkId }, { signal: ctx.signal })).artworkAIAnalysis;
    return awaitAiThread(ctx, threadId);
  },
});
