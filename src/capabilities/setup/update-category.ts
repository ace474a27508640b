import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText, uuid } from '../shared.js';
import { categoryRow, listCategories, sameName } from './fragments.js';

const UpdateCategory = graphql(`
  mutation SetupUpdateCategory($categoryId: UUID!, $name: String!, $description: String!) {
    changeNameAndDescriptionOfCategory(categoryId: $categoryId, name: $name, description: $description)
  }
`);

export default defineCapability({
  name: 'update_category',
  title: 'Update artwork category',
  description: 'Rename an artwork category or change its description. Returns it.',
  toolset: 'setup',
  input: z.object({
    categoryId: uuid('Category id'),
    name: plainText('Name').trim().min(1).max(200).optional().describe('New name (unique in the organisation).'),
    description: plainText('Description', { multiline: true }).max(2000).optional().describe('New description.'),
  }),
  output: z.object({ category: categoryRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'PATCH', path: '/api/setup/categories/{categoryId}' },
  handler: async ({ categoryId, name, description }, ctx) => {
    if (name === undefined && description === undefined) {
      throw new CapabilityError('invalid_input', 'Give name or description to change.', { field: 'name' });
    }
    const all = await listCategories(ctx);
    const current = all.find((c) => c.id.toLowerCase() === categoryId.toLowerCase());
    if (!current) {
      throw new CapabilityError('not_found', `No category ${categoryId}.`, {
        field: 'categoryId',
        hint: 'Use list_categories (includeArchived true) to find its id.',
      });
    }
    const clash = name ? all.find((c) => c.id !== current.id && sameName(c.name, name)) : undefined;
    if (clash) {
      throw new CapabilityError('conflict', `Another category is already named "${clash.name}" (id ${clash.id}).`, {
        field: 'name',
      });
    }
    // Cway wants both fields: send the current value for the one not given.
    await ctx.cway.request(
      UpdateCategory,
      { categoryId: current.id, name: name ?? current.name, description: description ?? current.description },
      { signal: ctx.signal },
    );
    const after = (await listCategories(ctx)).find((c) => c.id === current.id);
    return {
      category: after ?? { ...current, name: name ?? current.name, description: description ?? current.description },
    };
  },
});
