/** Organisation setup: artwork categories, brands and print specifications. */
import type { Ctx } from './context.js';
import { me, nonBlank, requirePermission } from './context.js';
import { conflict, notFound } from '../errors.js';

/** What `createPrintSpecification` fills in; every block can be replaced with `updatePrintSpecification`. */
export const DEFAULT_PRINT_SPEC = {
  packaging: { packagingItem: 'Unspecified', substrate: 'Unspecified', substrateColor: 'White' },
  print: {
    printingTechnique: 'Offset',
    availableInks: 'CMYK',
    partialWhite: false,
    totalWhite: false,
    partialVarnish: false,
    totalVarnish: false,
    metallicPMS: false,
    embossing: false,
    maximumInkCoverage: 300,
    firstDotPrinted: '2%',
    lastDotPrinted: '98%',
    screenResolution: 150,
    minimumTextSizePositive: 6,
    minimumTextSizeNegative: 8,
    minimumTrapping: 0,
    minimumLineThicknessPositive: 1,
    minimumLineThicknessNegative: 2,
    textColor: 1,
    colorBehindNegativeText: 1,
    textDistanceFromDieCut: 3,
    bleed: 3,
    misregistration: 0,
  },
  decor: { barCodeSize: 100, barCodeDirection: 'Horizontal', otherPackItemToMatch: '', otherProductsToMatch: '' },
  specialInstructions: { printAndSubstrate: '', other: '', deliverables: 'Print-ready PDF/X-4' },
};

type Block = Record<string, unknown>;

function requireCategoryNameFree(ctx: Ctx, name: string, exceptId?: string): void {
  const other = ctx.store.setup.categoryByName(name);
  if (other && other.id !== exceptId) throw conflict(`A category named "${other.name}" already exists`);
}

export const setupQueries = {
  brands: (_: unknown, __: unknown, ctx: Ctx) => ctx.store.setup.brands(),
  printSpecifications: (_: unknown, __: unknown, ctx: Ctx) => ctx.store.setup.printSpecs(),
  printSpecification: (_: unknown, args: { id: string }, ctx: Ctx) => {
    const spec = ctx.store.setup.printSpec(args.id);
    if (!spec) throw notFound(`Print specification ${args.id} not found`);
    return spec;
  },
};

export const setupMutations = {
  createArtworkCategory: (_: unknown, args: { name: string; description?: string | null }, ctx: Ctx) => {
    requirePermission(ctx, 'canChangeOrganisationBaseData', 'create categories');
    const name = nonBlank(args.name, 'name');
    requireCategoryNameFree(ctx, name);
    const position = ctx.store.get<{ n: number }>('SELECT coalesce(max(position), -1) + 1 AS n FROM categories')!.n;
    ctx.store.insert('categories', { id: ctx.store.newId(), name, description: args.description ?? '', position });
    return true;
  },

  changeNameAndDescriptionOfCategory: (
    _: unknown,
    args: { categoryId: string; name: string; description: string },
    ctx: Ctx,
  ) => {
    requirePermission(ctx, 'canChangeOrganisationBaseData', 'change categories');
    if (!ctx.store.setup.category(args.categoryId)) throw notFound(`Category ${args.categoryId} not found`);
    const name = nonBlank(args.name, 'name');
    requireCategoryNameFree(ctx, name, args.categoryId);
    ctx.store.update('categories', { id: args.categoryId }, { name, description: args.description });
    return true;
  },

  createBrand: (_: unknown, args: { id?: string | null; name: string }, ctx: Ctx) => {
    requirePermission(ctx, 'canChangeOrganisationBaseData', 'create brands');
    const id = args.id ?? ctx.store.newId();
    if (ctx.store.setup.brand(id)) throw conflict(`A brand with id ${id} already exists`);
    ctx.store.insert('brands', { id, name: nonBlank(args.name, 'name') });
    return true;
  },

  updateBrand: (_: unknown, args: { id: string; name: string }, ctx: Ctx) => {
    requirePermission(ctx, 'canChangeOrganisationBaseData', 'change brands');
    if (!ctx.store.setup.brand(args.id)) throw notFound(`Brand ${args.id} not found`);
    ctx.store.update('brands', { id: args.id }, { name: nonBlank(args.name, 'name') });
    return true;
  },

  createPrintSpecification: (_: unknown, args: { name: string }, ctx: Ctx) => {
    requirePermission(ctx, 'canCreateProject', 'create print specifications');
    const id = ctx.store.newId();
    const d = DEFAULT_PRINT_SPEC;
    ctx.store.insert('printSpecs', {
      id,
      name: nonBlank(args.name, 'name'),
      packaging: JSON.stringify(d.packaging),
      print: JSON.stringify(d.print),
      decor: JSON.stringify(d.decor),
      specialInstructions: JSON.stringify(d.specialInstructions),
      createdAt: ctx.now(),
      createdBy: me(ctx).id,
    });
    return id;
  },

  updatePrintSpecification: (
    _: unknown,
    {
      input,
    }: {
      input: {
        id: string;
        name: string;
        packaging?: Block | null;
        print?: Block | null;
        decor?: Block | null;
        specialInstructions?: Block | null;
      };
    },
    ctx: Ctx,
  ) => {
    requirePermission(ctx, 'canCreateProject', 'change print specifications');
    if (!ctx.store.setup.printSpec(input.id)) throw notFound(`Print specification ${input.id} not found`);
    const patch: Record<string, string> = { name: nonBlank(input.name, 'name') };
    for (const block of ['packaging', 'print', 'decor', 'specialInstructions'] as const) {
      const value = input[block];
      if (value) patch[block] = JSON.stringify(value);
    }
    ctx.store.update('printSpecs', { id: input.id }, patch);
    return true;
  },
};
