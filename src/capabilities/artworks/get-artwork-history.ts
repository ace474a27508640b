import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';

const History = graphql(`
  query ArtworkHistory($artworkId: UUID!) {
    artworkHistory(artworkId: $artworkId) {
      id
      timestamp
      name
      description
    }
  }
`);

export default defineCapability({
  name: 'get_artwork_history',
  title: 'Artwork history',
  description: "An artwork's events, newest first: revisions, corrections, decisions, reminders, state changes.",
  toolset: 'artworks',
  input: z.object({
    artworkId: uuid('Artwork id'),
    limit: z.number().int().min(1).max(500).default(50).describe('At most this many events (default 50).'),
  }),
  output: z.object({
    artworkId: z.string(),
    total: z.number().int(),
    truncated: z.boolean(),
    events: z.array(
      z.object({ id: z.string(), at: z.string().describe('ISO time'), name: z.string(), description: z.string() }),
    ),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/artworks/{artworkId}/history' },
  handler: async ({ artworkId, limit }, ctx) => {
    const { artworkHistory } = await ctx.cway.request(History, { artworkId }, { signal: ctx.signal });
    const events = [...artworkHistory]
      .sort((a, b) => b.timestamp - a.timestamp)
      .map((e) => ({ id: e.id, at: new Date(e.timestamp).toISOString(), name: e.name, description: e.description }));
    return { artworkId, total: events.length, truncated: events.length > limit, events: events.slice(0, limit) };
  },
});
