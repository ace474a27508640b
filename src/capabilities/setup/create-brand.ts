import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText } from '../shared.js';
import { brandRow, listBrands, sameName } from './fragments.js';

const CreateBrand = graphql(`
  mutation SetupCreateBrand($id: UUID, $name: String!) {
    createBrand(id: $id, name: $name)
  }
`);

export default defineCapability({
  name: 'create_brand',
  title: 'Create brand',
  description: 'Create a brand (unique name). Returns it.',
  toolset: 'setup',
  input: z.object({ name: plainText('Brand name').trim().min(1).max(200).describe('Brand name.') }),
  output: z.object({ brand: brandRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/setup/brands' },
  handler: async ({ name }, ctx) => {
    const clash = (await listBrands(ctx)).find((b) => sameName(b.name, name));
    if (clash) {
      throw new CapabilityError('conflict', `A brand named "${clash.name}" already exists (id ${clash.id}).`, {
        field: 'name',
        hint: 'Use the existing brand, or choose another name.',
      });
    }
    const id = randomUUID();
    await ctx.cway.request(CreateBrand, { id, name }, { signal: ctx.signal });
    const brand = (await listBrands(ctx)).find((b) => b.id === id) ?? { id, name };
    return { brand };
  },
});
