import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText, uuid } from '../shared.js';
import { brandRow, listBrands, sameName } from './fragments.js';

const UpdateBrand = graphql(`
  mutation SetupUpdateBrand($id: UUID!, $name: String!) {
    updateBrand(id: $id, name: $name)
  }
`);

export default defineCapability({
  name: 'update_brand',
  title: 'Rename brand',
  description: 'Rename a brand. Returns it.',
  toolset: 'setup',
  input: z.object({ brandId: uuid('Brand id'), name: plainText('Name').trim().min(1).max(200).describe('New name.') }),
  output: z.object({ brand: brandRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'PATCH', path: '/api/setup/brands/{brandId}' },
  handler: async ({ brandId, name }, ctx) => {
    const brands = await listBrands(ctx);
    const current = brands.find((b) => b.id.toLowerCase() === brandId.toLowerCase());
    if (!current) {
      throw new CapabilityError('not_found', `No brand ${brandId}.`, {
        field: 'brandId',
        hint: 'Use list_brands to find its id.',
      });
    }
    const clash = brands.find((b) => b.id !== current.id && sameName(b.name, name));
    if (clash)
      throw new CapabilityError('conflict', `Another brand is already named "${clash.name}" (id ${clash.id}).`, {
        field: 'name',
      });
    await ctx.cway.request(UpdateBrand, { id: current.id, name }, { signal: ctx.signal });
    return { brand: (await listBrands(ctx)).find((b) => b.id === current.id) ?? { id: current.id, name } };
  },
});
