import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { isoFromMs } from '../shared.js';

const PrintSpecs = graphql(`
  query SetupPrintSpecs {
    printSpecifications {
      id
      name
      createdAt
      createdBy {
        username
      }
      packaging {
        packagingItem
        substrate
      }
      print {
        printingTechnique
        availableInks
      }
    }
  }
`);

export default defineCapability({
  name: 'list_print_specifications',
  title: 'List print specifications',
  description:
    'Print specifications, newest first, with packaging and printing technique. get_print_specification shows every field.',
  toolset: 'setup',
  input: z.object({
    name: z.string().trim().min(1).max(200).optional().describe('Only specifications whose name contains this text.'),
    limit: z.number().int().min(1).max(500).default(100).describe('Most to return (default 100).'),
  }),
  output: z.object({
    printSpecifications: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        createdAt: z.string().nullable(),
        createdBy: z.string(),
        packagingItem: z.string(),
        substrate: z.string(),
        printingTechnique: z.string(),
        availableInks: z.string(),
      }),
    ),
    total: z.number().int(),
    truncated: z.boolean(),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/setup/print-specifications' },
  handler: async ({ name, limit }, ctx) => {
    const specs = (await ctx.cway.request(PrintSpecs, {}, { signal: ctx.signal })).printSpecifications
      .filter((s) => !name || s.name.toLowerCase().includes(name.toLowerCase()))
      .sort((a, b) => Number(b.createdAt) - Number(a.createdAt))
      .map((s) => ({
        id: s.id,
        name: s.name,
        createdAt: isoFromMs(s.createdAt),
        createdBy: s.createdBy.username,
        packagingItem: s.packaging.packagingItem,
        substrate: s.packaging.substrate,
        printingTechnique: s.print.printingTechnique,
        availableInks: s.print.availableInks,
      }));
    return { printSpecifications: specs.slice(0, limit), total: specs.length, truncated: specs.length > limit };
  },
});
