import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText } from '../shared.js';
import { patchPrintSpec, printSpecPatch, printSpecWritten, requirePrintSpec, writtenOf } from './fragments.js';

const CreatePrintSpec = graphql(`
  mutation SetupCreatePrintSpec($name: String!) {
    createPrintSpecification(name: $name)
  }
`);

export default defineCapability({
  name: 'create_print_specification',
  title: 'Create print specification',
  description:
    'Create a print specification by name, optionally setting fields (Cway fills the rest with defaults). Returns its id and the fields set.',
  toolset: 'setup',
  input: z.object({
    name: plainText('Name').trim().min(1).max(200).describe('Name, e.g. "Carton 350 g offset".'),
    ...printSpecPatch,
  }),
  output: z.object({
    printSpecification: printSpecWritten,
    warnings: z.array(z.string()).describe('Set when the fields could not be set after creating; empty otherwise.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/setup/print-specifications' },
  handler: async ({ name, ...changes }, ctx) => {
    const id = (await ctx.cway.request(CreatePrintSpec, { name }, { signal: ctx.signal })).createPrintSpecification;
    const created = await requirePrintSpec(ctx, id);
    if (Object.values(changes).every((v) => v === undefined)) {
      return { printSpecification: writtenOf(created, {}), warnings: [] };
    }
    try {
      return { printSpecification: writtenOf(await patchPrintSpec(ctx, created, changes), changes), warnings: [] };
    } catch (err) {
      if (!(err instanceof CapabilityError)) throw err;
      return {
        printSpecification: writtenOf(created, {}),
        warnings: [`Created with defaults; the given fields were not set: ${err.message}`],
      };
    }
  },
});
