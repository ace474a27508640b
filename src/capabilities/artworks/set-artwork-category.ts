import { z } from 'zod';
import { plainText } from '../shared.js';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { artworkIdsInput, label, runInOrder } from './load.js';
import { editedRow, planEdit, rereadArtworks, resolveCategory } from './edit.js';

const ChangeCategory = graphql(`
  mutation ChangeCategoryOfArtworks($projectId: UUID!, $artworkIds: [UUID!]!, $categoryId: UUID!) {
    changeCategoryOfArtworks(projectId: $projectId, artworkIds: $artworkIds, categoryId: $categoryId)
  }
`);

export default defineCapability({
  name: 'set_artwork_category',
  title: 'Set artwork category',
  description: 'Move artworks to another category (name or id, see list_categories). Returns the artworks.',
  toolset: 'artworks',
  input: z.object({
    artworkIds: artworkIdsInput,
    category: plainText('Category').trim().min(1).max(200).describe('Category name or id.'),
  }),
  output: z.object({ artworks: z.array(editedRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/category' },
  handler: async ({ artworkIds, category }, ctx) => {
    const cat = await resolveCategory(ctx, category, 'category');
    const plan = await planEdit(ctx, artworkIds, 'change the category of');
    await runInOrder(
      plan.groups,
      (g) => g.map(label).join(', '),
      (g) =>
        ctx.cway.request(
          ChangeCategory,
          { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id), categoryId: cat.id },
          { signal: ctx.signal, verify: 'get_artwork (each artwork)' },
        ),
    );
    return {
      artworks: await rereadArtworks(
        ctx,
        plan.artworks.map((a) => a.id),
      ),
    };
  },
});
