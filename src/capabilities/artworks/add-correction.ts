import { z } from 'zod';
import { graphql, readFragment } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText, uuid } from '../shared.js';
import { correctionOut, toCorrection } from './model.js';
import { CorrectionFields } from './fragments.js';
import { label, readGate } from './load.js';

const AddCorrection = graphql(`
  mutation AddCorrection($input: AddCorrectionInput!) {
    addCorrection(input: $input)
  }
`);

const CurrentCorrections = graphql(
  `
    query CurrentCorrections($id: UUID!) {
      artwork(id: $id) {
        state
        currentRevision {
          revisionNo
          corrections {
            ...CorrectionFields
          }
        }
      }
    }
  `,
  [CorrectionFields],
);

const marker = z.object({
  type: z
    .enum(['PIN', 'RECTANGLE', 'CIRCLE', 'LINE', 'MEASUREMENT_RECTANGLE', 'MEASUREMENT_LINE'])
    .default('PIN')
    .describe('PIN marks a point; the others span x,y to xEnd,yEnd.'),
  x: z.number().int().min(0).describe("Horizontal position on the page, in the preview's pixels."),
  y: z.number().int().min(0).describe("Vertical position on the page, in the preview's pixels."),
  xEnd: z.number().int().min(0).optional(),
  yEnd: z.number().int().min(0).optional(),
  pageNo: z.number().int().min(0).default(0).describe('Page, from 0.'),
});

export default defineCapability({
  name: 'add_correction',
  title: 'Add a correction',
  description:
    'Comment on the current revision of an artwork (a correction), optionally pinned to spots. Does not approve or reject. Returns the correction.',
  toolset: 'artworks',
  input: z.object({
    artworkId: uuid('Artwork id'),
    text: plainText('Text', { multiline: true }).min(1).max(4000).describe('What should change.'),
    markers: z.array(marker).max(20).optional().describe('Where on the artwork; leave out for a general comment.'),
  }),
  output: z.object({
    artworkId: z.string(),
    revisionNo: z.number().int().nullable(),
    state: z.string().describe('Artwork state after the comment (Cway moves FOR_REVIEW to COMMENTED).'),
    correction: correctionOut
      .nullable()
      .describe('The new correction read back, or null if Cway does not show it yet.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/{artworkId}/corrections' },
  handler: async ({ artworkId, text, markers }, ctx) => {
    const a = await readGate(ctx, artworkId);
    if (!a) throw new CapabilityError('not_found', `No artwork visible to you with id ${artworkId}.`);
    if (!a.isInCommentableState) {
      throw new CapabilityError(
        'conflict',
        `${label(a)} is ${a.state}; corrections can only be added while it is under review or rejected.`,
      );
    }
    if (!a.artworkPermissions.canAddCorrections) {
      throw new CapabilityError(
        'forbidden',
        `You may not add corrections to ${label(a)}; only its managers, orderer, approvers, suppliers and receivers can.`,
      );
    }
    for (const m of markers ?? []) {
      if (m.type !== 'PIN' && (m.xEnd === undefined || m.yEnd === undefined)) {
        throw new CapabilityError('invalid_input', `A ${m.type} marker needs xEnd and yEnd.`, { field: 'markers' });
      }
    }
    const before = await ctx.cway.request(CurrentCorrections, { id: artworkId }, { signal: ctx.signal });
    const known = new Set(
      readFragment(CorrectionFields, before.artwork?.currentRevision?.corrections ?? []).map((c) => c.id),
    );
    await ctx.cway.request(AddCorrection, { input: { artworkId, text, markers } }, { signal: ctx.signal });
    const after = await ctx.cway.request(CurrentCorrections, { id: artworkId }, { signal: ctx.signal });
    const added = readFragment(CorrectionFields, after.artwork?.currentRevision?.corrections ?? [])
      .filter((c) => !known.has(c.id))
      .sort((x, y) => y.number - x.number)[0];
    return {
      artworkId,
      revisionNo: after.artwork?.currentRevision?.revisionNo ?? null,
      state: after.artwork?.state ?? a.state,
      correction: added ? toCorrection(added) : null,
    };
  },
});
