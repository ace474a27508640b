import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { printSpec, requirePrintSpec } from './fragments.js';

export default defineCapability({
  name: 'get_print_specification',
  title: 'Get print specification',
  description: 'Every field of one print specification: packaging, print, decor and special instructions.',
  toolset: 'setup',
  input: z.object({ printSpecificationId: uuid('Print specification id') }),
  output: z.object({ printSpecification: printSpec }),
  hints: READ,
  rest: { method: 'GET', path: '/api/setup/print-specifications/{printSpecificationId}' },
  handler: async ({ printSpecificationId }, ctx) => ({
    printSpecification: await requirePrintSpec(ctx, printSpecificationId),
  }),
});
