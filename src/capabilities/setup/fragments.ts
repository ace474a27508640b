/** Shared selections of the setup data: categories, brands and print specifications. */
import { z } from 'zod';
import { graphql, readFragment, type FragmentOf } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { isoFromMs } from '../shared.js';

// ---- categories

const Categories = graphql(`
  query SetupCategories {
    organisation {
      artworkCategories {
        id
        name
        description
        usage
      }
      archivedArtworkCategories {
        id
        name
        description
        usage
      }
      defaultCategory {
        id
      }
    }
  }
`);

export const categoryRow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  usage: z.number().int().nullable().describe('How many artworks use it, when Cway tells.'),
  isDefault: z.boolean().describe('The category new artworks get when none is chosen.'),
  archived: z.boolean(),
});
export type CategoryRow = z.infer<typeof categoryRow>;

export async function listCategories(ctx: CapabilityContext): Promise<CategoryRow[]> {
  const org = (await ctx.cway.request(Categories, {}, { signal: ctx.signal })).organisation;
  if (!org) return [];
  const row = (archived: boolean) => (c: { id: string; name: string; description: string; usage?: number | null }) => ({
    id: c.id,
    name: c.name,
    description: c.description,
    usage: c.usage ?? null,
    isDefault: c.id === org.defaultCategory.id,
    archived,
  });
  return [...org.artworkCategories.map(row(false)), ...org.archivedArtworkCategories.map(row(true))];
}

export const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

// ---- brands

const Brands = graphql(`
  query SetupBrands {
    brands {
      id
      name
    }
  }
`);

export const brandRow = z.object({ id: z.string(), name: z.string() });

export async function listBrands(ctx: CapabilityContext): Promise<z.infer<typeof brandRow>[]> {
  return (await ctx.cway.request(Brands, {}, { signal: ctx.signal })).brands.map((b) => ({ id: b.id, name: b.name }));
}

// ---- print specifications

const str = (d: string) => z.string().max(1000).describe(d);
const int = (d: string) => z.number().int().describe(d);
const bool = (d: string) => z.boolean().describe(d);

export const packagingBlock = z.object({
  packagingItem: str('Packaging item, e.g. "Folding carton".'),
  substrate: str('Substrate, e.g. "GC1 350 g".'),
  substrateColor: str('Substrate colour.'),
});

export const printBlock = z.object({
  printingTechnique: str('e.g. Offset, Flexo, Digital.'),
  availableInks: str('e.g. "CMYK + 2 PMS".'),
  partialWhite: bool('Partial white ink.'),
  totalWhite: bool('Full white underlay.'),
  partialVarnish: bool('Spot varnish.'),
  totalVarnish: bool('Full varnish.'),
  metallicPMS: bool('Metallic Pantone inks.'),
  embossing: bool('Embossing.'),
  maximumInkCoverage: int('Maximum total ink coverage (percent, e.g. 300).'),
  firstDotPrinted: str('Smallest printable dot, e.g. "2%".'),
  lastDotPrinted: str('Largest dot before solid, e.g. "98%".'),
  screenResolution: int('Screen ruling (lines per inch).'),
  minimumTextSizePositive: int('Smallest positive text size (pt).'),
  minimumTextSizeNegative: int('Smallest negative (reversed) text size (pt).'),
  minimumTrapping: int('Minimum trapping, as Cway stores it.'),
  minimumLineThicknessPositive: int('Thinnest positive line, as Cway stores it.'),
  minimumLineThicknessNegative: int('Thinnest negative line, as Cway stores it.'),
  textColor: int('Text colour setting, as Cway stores it.'),
  colorBehindNegativeText: int('Colour behind negative text, as Cway stores it.'),
  textDistanceFromDieCut: int('Distance of text from the die cut (mm).'),
  bleed: int('Bleed (mm).'),
  misregistration: int('Allowed misregistration, as Cway stores it.'),
});

export const decorBlock = z.object({
  barCodeSize: int('Barcode size (percent of nominal).'),
  barCodeDirection: z.enum(['Horizontal', 'Vertical']).describe('Barcode direction.'),
  otherPackItemToMatch: str('Other pack item the colours must match.'),
  otherProductsToMatch: str('Other products the colours must match.'),
});

export const specialInstructionsBlock = z.object({
  printAndSubstrate: str('Instructions on print and substrate.'),
  other: str('Other instructions.'),
  deliverables: str('What the supplier delivers, e.g. "Print-ready PDF/X-4".'),
});

export const PrintSpecFields = graphql(`
  fragment PrintSpecFields on PrintSpecification {
    id
    name
    createdAt
    createdBy {
      username
    }
    packaging {
      packagingItem
      substrate
      substrateColor
    }
    print {
      printingTechnique
      availableInks
      partialWhite
      totalWhite
      partialVarnish
      totalVarnish
      metallicPMS
      embossing
      maximumInkCoverage
      firstDotPrinted
      lastDotPrinted
      screenResolution
      minimumTextSizePositive
      minimumTextSizeNegative
      minimumTrapping
      minimumLineThicknessPositive
      minimumLineThicknessNegative
      textColor
      colorBehindNegativeText
      textDistanceFromDieCut
      bleed
      misregistration
    }
    decor {
      barCodeSize
      barCodeDirection
      otherPackItemToMatch
      otherProductsToMatch
    }
    specialInstructions {
      printAndSubstrate
      other
      deliverables
    }
  }
`);

const PrintSpecById = graphql(
  `
    query SetupPrintSpec($id: UUID!) {
      printSpecification(id: $id) {
        ...PrintSpecFields
      }
    }
  `,
  [PrintSpecFields],
);

export const printSpec = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string().nullable().describe('ISO time.'),
  createdBy: z.string().describe('Username.'),
  packaging: packagingBlock,
  print: printBlock,
  decor: decorBlock.extend({ barCodeDirection: z.string().describe('Horizontal or Vertical.') }),
  specialInstructions: specialInstructionsBlock,
});
export type PrintSpec = z.infer<typeof printSpec>;

export function toPrintSpec(ref: FragmentOf<typeof PrintSpecFields>): PrintSpec {
  const s = readFragment(PrintSpecFields, ref);
  return {
    id: s.id,
    name: s.name,
    createdAt: isoFromMs(s.createdAt),
    createdBy: s.createdBy.username,
    packaging: { ...s.packaging },
    print: { ...s.print },
    decor: { ...s.decor },
    specialInstructions: { ...s.specialInstructions },
  };
}

/** A print specification, or not_found naming the field. */
export async function requirePrintSpec(
  ctx: CapabilityContext,
  id: string,
  field = 'printSpecificationId',
): Promise<PrintSpec> {
  let spec;
  try {
    spec = (await ctx.cway.request(PrintSpecById, { id }, { signal: ctx.signal })).printSpecification;
  } catch (err) {
    if (!(err instanceof CapabilityError && err.code === 'not_found')) throw err;
  }
  if (!spec) {
    throw new CapabilityError('not_found', `No print specification ${id}.`, {
      field,
      hint: 'Use list_print_specifications to find its id.',
    });
  }
  return toPrintSpec(spec);
}

/** The patchable parts of a print specification: every field optional. */
export const printSpecPatch = {
  packaging: packagingBlock.partial().optional().describe('Packaging fields to change.'),
  print: printBlock.partial().optional().describe('Print fields to change.'),
  decor: decorBlock.partial().optional().describe('Decor (barcode, matching) fields to change.'),
  specialInstructions: specialInstructionsBlock.partial().optional().describe('Special-instruction fields to change.'),
};

/**
 * What a print-specification write returns: its id and name and the fields the call set. The whole
 * specification (about 1,200 tokens of schema) is one get_print_specification away, so the writes
 * do not repeat it in their tool definitions.
 */
export const printSpecWritten = z.object({
  id: z.string(),
  name: z.string(),
  set: z.array(z.string()).describe('Fields this call set, as block.field.'),
});

export function writtenOf(spec: PrintSpec, changes: Record<string, unknown>): z.infer<typeof printSpecWritten> {
  const set: string[] = [];
  for (const [block, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value !== null && typeof value === 'object') set.push(...Object.keys(value).map((k) => `${block}.${k}`));
    else set.push(block);
  }
  return { id: spec.id, name: spec.name, set };
}

const UpdatePrintSpec = graphql(`
  mutation SetupUpdatePrintSpec($input: UpdatePrintSpecificationInput!) {
    updatePrintSpecification(input: $input)
  }
`);

export interface PrintSpecChanges {
  name?: string;
  packaging?: Partial<PrintSpec['packaging']>;
  print?: Partial<PrintSpec['print']>;
  decor?: Partial<z.infer<typeof decorBlock>>;
  specialInstructions?: Partial<PrintSpec['specialInstructions']>;
}

/**
 * Applies a patch: every field of a block is required by Cway, so each block is merged with the
 * current values and sent back whole (all four, so none is left to Cway's reading of null).
 */
export async function patchPrintSpec(
  ctx: CapabilityContext,
  current: PrintSpec,
  changes: PrintSpecChanges,
): Promise<PrintSpec> {
  const decor = { ...current.decor, ...changes.decor };
  await ctx.cway.request(
    UpdatePrintSpec,
    {
      input: {
        id: current.id,
        name: changes.name ?? current.name,
        packaging: { ...current.packaging, ...changes.packaging },
        print: { ...current.print, ...changes.print },
        decor: { ...decor, barCodeDirection: decor.barCodeDirection === 'Vertical' ? 'Vertical' : 'Horizontal' },
        specialInstructions: { ...current.specialInstructions, ...changes.specialInstructions },
      },
    },
    { signal: ctx.signal },
  );
  return requirePrintSpec(ctx, current.id);
}
