import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { brandRow, listBrands } from './fragments.js';

export default defineCapability({
  name: 'list_brands',
  title: 'List brands',
  description: 'Brands (id and name).',
  toolset: 'setup',
  input: z.object({}),
  output: z.object({ brands: z.array(brandRow) }),
  hints: READ,
  rest: { method: 'GET', path: '/api/setup/brands' },
  handler: async (_args, ctx) => ({ brands: (await listBrands(ctx)).sort((a, b) => a.name.localeCompare(b.name)) }),
});
