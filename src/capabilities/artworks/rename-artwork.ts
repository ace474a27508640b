import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { uuid, plainText } from '../shared.js';
import { editedRow, planEdit, rereadArtworks } from './edit.js';

const Rename = graphql(`
  mutation ChangeArtworkName($projectId: UUID!, $artworkId: UUID!, $name: String!) {
    changeArtworkName(projectId: $projectId, artworkId: $artworkId, name: $name)
  }
`);

export default defineCapability({
  name: 'rename_artwork',
  title: 'Rename artwork',
  description: "Give an artwork a new name. For the project's manager. Returns the artwork as Cway now has it.",
  toolset: 'artworks',
  input: z.object({
    artworkId: uuid('Artwork id'),
    name: plainText('Artwork name').trim().min(1).max(200).describe('New name.'),
  }),
  output: z.object({ previousName: z.string(), artwork: editedRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/{artworkId}/rename' },
  handler: async ({ artworkId, name }, ctx) => {
    const { artworks } = await planEdit(ctx, [artworkId], 'rename');
    const a = artworks[0]!;
    await ctx.cway.request(
      Rename,
      { projectId: a.projectId, artworkId: a.id, name },
      { signal: ctx.signal, verify: 'get_artwork (the artwork)' },
    );
    const [after] = await rereadArtworks(ctx, [a.id]);
    return { previousName: a.name, artwork: after! };
  },
});
