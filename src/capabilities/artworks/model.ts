/** Output shapes shared by several artwork capabilities, and the mappers that fill them. */
import { z } from 'zod';
import { readFragment, type FragmentOf, type ResultOf } from '../../cway/graphql.js';
import { CorrectionFields, MarkerFields } from './fragments.js';

const MARKER_TYPES: Record<string, string> = {
  PinMarker: 'PIN',
  RectangleMarker: 'RECTANGLE',
  CircleMarker: 'CIRCLE',
  LineMarker: 'LINE',
  MeasurementLineMarker: 'MEASUREMENT_LINE',
  MeasurementRectangleMarker: 'MEASUREMENT_RECTANGLE',
};

export const markerOut = z.object({
  type: z.string().describe('PIN, RECTANGLE, CIRCLE, LINE, MEASUREMENT_RECTANGLE or MEASUREMENT_LINE'),
  x: z.number(),
  y: z.number(),
  xEnd: z.number().optional(),
  yEnd: z.number().optional(),
  pageNo: z.number(),
});

export function toMarker(m: FragmentOf<typeof MarkerFields>): z.infer<typeof markerOut> {
  const r = readFragment(MarkerFields, m);
  const out: z.infer<typeof markerOut> = {
    type: MARKER_TYPES[r.__typename] ?? r.__typename,
    x: r.x,
    y: r.y,
    pageNo: r.pageNo,
  };
  if ('xEnd' in r) Object.assign(out, { xEnd: r.xEnd, yEnd: r.yEnd });
  return out;
}

export const correctionOut = z.object({
  id: z.string(),
  number: z.number().int().describe('Serial within the revision, from 1.'),
  text: z.string(),
  valid: z.boolean().describe('False once invalidated (hidden); set_correction_validity restores it.'),
  created: z.string(),
  commentedBy: z.string(),
  invalidatedBy: z.string().nullable(),
  markers: z.array(markerOut),
});

/** The Correction fields every artwork query here selects (read from its fragment). */
export type CorrectionData = ResultOf<typeof CorrectionFields>;

export function toCorrection(c: CorrectionData): z.infer<typeof correctionOut> {
  return {
    id: c.id,
    number: c.number,
    text: c.text,
    valid: c.valid,
    created: c.created,
    commentedBy: c.commentedBy.username,
    invalidatedBy: c.invalidatedBy?.username ?? null,
    markers: c.markers.map(toMarker),
  };
}
