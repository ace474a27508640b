import { z } from 'zod';
import { graphql, readFragment } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, type CapabilityContext } from '../define.js';
import { uuid } from '../shared.js';
import { CorrectionFields } from './fragments.js';
import { correctionOut, toCorrection } from './model.js';

const Corrections = graphql(
  `
    query ArtworkCorrections($id: UUID!) {
      artwork(id: $id) {
        id
        name
        artworkPermissions {
          canInvalidateCorrection
        }
        revisions {
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

const Invalidate = graphql(`
  mutation InvalidateCorrection($artworkId: UUID!, $correctionId: UUID!) {
    invalidateCorrection(artworkId: $artworkId, correctionId: $correctionId)
  }
`);

const Validate = graphql(`
  mutation ValidateCorrection($artworkId: UUID!, $correctionId: UUID!) {
    validateCorrection(artworkId: $artworkId, correctionId: $correctionId)
  }
`);

type Found = { revisionNo: number; correction: Parameters<typeof toCorrection>[0] };

interface Which {
  correctionId?: string;
  correctionNumber?: number;
  revisionNo?: number;
}

async function find(ctx: CapabilityContext, artworkId: string, which: Which) {
  const data = await ctx.cway.request(Corrections, { id: artworkId }, { signal: ctx.signal });
  if (!data.artwork) throw new CapabilityError('not_found', `No artwork visible to you with id ${artworkId}.`);
  const artwork = {
    ...data.artwork,
    revisions: data.artwork.revisions.map((r) => ({
      ...r,
      corrections: readFragment(CorrectionFields, r.corrections),
    })),
  };
  const revisions = [...artwork.revisions].sort((x, y) => y.revisionNo - x.revisionNo);
  let found: Found | undefined;
  if (which.correctionId) {
    for (const r of revisions) {
      const c = r.corrections.find((x) => x.id === which.correctionId);
      if (c) found = { revisionNo: r.revisionNo, correction: c };
    }
  } else {
    const r = which.revisionNo === undefined ? revisions[0] : revisions.find((x) => x.revisionNo === which.revisionNo);
    const c = r?.corrections.find((x) => x.number === which.correctionNumber);
    if (r && c) found = { revisionNo: r.revisionNo, correction: c };
  }
  return { artwork, found };
}

export default defineCapability({
  name: 'set_correction_validity',
  title: 'Invalidate or restore a correction',
  description: 'Mark a correction invalid (wrong or handled) or valid again, by id or number. Returns the correction.',
  toolset: 'artworks',
  input: z.object({
    artworkId: uuid('Artwork id'),
    correctionId: uuid('Correction id (from get_artwork)').optional(),
    correctionNumber: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Or the correction's number (#1, #2 ...) within a revision."),
    revisionNo: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('With correctionNumber: the revision (default: the current one).'),
    valid: z.boolean().describe('false to invalidate, true to restore.'),
  }),
  output: z.object({
    artworkId: z.string(),
    revisionNo: z.number().int(),
    changed: z.boolean().describe('False when it already had this validity.'),
    correction: correctionOut,
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/{artworkId}/corrections/validity' },
  handler: async ({ artworkId, correctionId, correctionNumber, revisionNo, valid }, ctx) => {
    if ((correctionId === undefined) === (correctionNumber === undefined)) {
      throw new CapabilityError(
        'invalid_input',
        'Name the correction by correctionId or by correctionNumber (not both).',
        { field: 'correctionId' },
      );
    }
    const { artwork, found } = await find(ctx, artworkId, { correctionId, correctionNumber, revisionNo });
    const wanted =
      correctionId ?? `#${correctionNumber}${revisionNo ? ` of revision ${revisionNo}` : ' of the current revision'}`;
    if (!found) {
      const ids = artwork.revisions.flatMap((r) =>
        r.corrections.map((c) => `${c.id} (#${c.number}, revision ${r.revisionNo})`),
      );
      throw new CapabilityError('not_found', `Artwork "${artwork.name}" has no correction ${wanted}.`, {
        candidates: ids.slice(0, 20),
        hint: 'Use a correction id or number listed by get_artwork for this artwork.',
      });
    }
    if (found.correction.valid === valid) {
      return { artworkId, revisionNo: found.revisionNo, changed: false, correction: toCorrection(found.correction) };
    }
    if (!artwork.artworkPermissions.canInvalidateCorrection) {
      throw new CapabilityError(
        'forbidden',
        `You may not change corrections on "${artwork.name}"; its managers and approvers can.`,
      );
    }
    const vars = { artworkId, correctionId: found.correction.id };
    if (valid) await ctx.cway.request(Validate, vars, { signal: ctx.signal });
    else await ctx.cway.request(Invalidate, vars, { signal: ctx.signal });
    const again = await find(ctx, artworkId, { correctionId: found.correction.id });
    const now = again.found ?? found;
    return { artworkId, revisionNo: now.revisionNo, changed: true, correction: toCorrection(now.correction) };
  },
});
