import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { categoryRow, listCategories } from './fragments.js';

export default defineCapability({
  name: 'list_categories',
  title: 'List artwork categories',
  description: 'Artwork categories (id, name, description, usage) and the default one.',
  toolset: 'setup',
  input: z.object({
    includeArchived: z.boolean().default(false).describe('Also list archived categories (default false).'),
  }),
  output: z.object({
    categories: z.array(categoryRow),
    defaultCategoryId: z.string().nullable(),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/setup/categories' },
  handler: async ({ includeArchived }, ctx) => {
    const all = await listCategories(ctx);
    return {
      categories: all.filter((c) => includeArchived || !c.archived),
      defaultCategoryId: all.find((c) => c.isDefault)?.id ?? null,
    };
  },
});
