import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText } from '../shared.js';
import { categoryRow, listCategories, sameName } from './fragments.js';

const CreateCategory = graphql(`
  mutation SetupCreateCategory($name: String!, $description: String) {
    createArtworkCategory(name: $name, description: $description)
  }
`);

export default defineCapability({
  name: 'create_category',
  title: 'Create artwork category',
  description: 'Create an artwork category (unique name). Returns it.',
  toolset: 'setup',
  input: z.object({
    name: plainText('Category name').trim().min(1).max(200).describe('Category name (unique in the organisation).'),
    description: plainText('Description', { multiline: true })
      .max(2000)
      .optional()
      .describe('What the category is for.'),
  }),
  output: z.object({ category: categoryRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/setup/categories' },
  handler: async ({ name, description }, ctx) => {
    const before = await listCategories(ctx);
    const clash = before.find((c) => sameName(c.name, name));
    if (clash) {
      throw new CapabilityError(
        'conflict',
        `A category named "${clash.name}" already exists (id ${clash.id}${clash.archived ? ', archived' : ''}).`,
        {
          field: 'name',
          hint: 'Use the existing category, or choose another name.',
        },
      );
    }
    await ctx.cway.request(CreateCategory, { name, description }, { signal: ctx.signal });
    const known = new Set(before.map((c) => c.id));
    const after = await listCategories(ctx);
    const created =
      after.find((c) => !known.has(c.id) && sameName(c.name, name)) ?? after.find((c) => sameName(c.name, name));
    if (!created) {
      throw new CapabilityError('upstream_unavailable', `Cway accepted category "${name}" but does not list it yet.`, {
        hint: 'Do not create it again; check list_categories in a moment.',
      });
    }
    return { category: created };
  },
});
