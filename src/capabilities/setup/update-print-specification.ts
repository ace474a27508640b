import { z } from 'zod';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { patchPrintSpec, printSpecPatch, printSpecWritten, requirePrintSpec, writtenOf } from './fragments.js';

export default defineCapability({
  name: 'update_print_specification',
  title: 'Update print specification',
  description:
    'Change some fields of a print specification, by block; others keep their values. Returns its id and the fields set.',
  toolset: 'setup',
  input: z.object({
    printSpecificationId: uuid('Print specification id'),
    name: z.string().trim().min(1).max(200).optional().describe('New name.'),
    ...printSpecPatch,
  }),
  output: z.object({ printSpecification: printSpecWritten }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'PATCH', path: '/api/setup/print-specifications/{printSpecificationId}' },
  handler: async ({ printSpecificationId, ...changes }, ctx) => {
    const given = Object.entries(changes).filter(
      ([, v]) => v !== undefined && (typeof v !== 'object' || Object.keys(v).length > 0),
    );
    if (given.length === 0) {
      throw new CapabilityError('invalid_input', 'Nothing to change: give name or at least one field of a block.', {
        field: 'name',
      });
    }
    const current = await requirePrintSpec(ctx, printSpecificationId);
    return { printSpecification: writtenOf(await patchPrintSpec(ctx, current, changes), changes) };
  },
});
