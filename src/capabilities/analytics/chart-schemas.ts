/** Input and output pieces shared by the chart capabilities. */
import { z } from 'zod';
import { FORMATS } from './png.js';

export const formatInput = z
  .enum(FORMATS)
  .default('png')
  .describe(
    'png (default): a PNG image, which every client can show; svg: SVG markup, for clients and pages that accept SVG.',
  );

export const pictureOutput = {
  format: z.enum(FORMATS),
  mimeType: z.enum(['image/png', 'image/svg+xml']),
  png: z.string().optional().describe('The PNG, base64-encoded (format png only)'),
  svg: z.string().optional().describe('The SVG markup (format svg only)'),
  width: z.number().int(),
  height: z.number().int(),
  alt: z.string().describe('What the picture shows, in words (alt text)'),
  bars: z
    .array(z.object({ key: z.string(), x: z.number(), y: z.number(), width: z.number(), height: z.number() }))
    .describe('Where each bar is drawn, in pixels from the top left'),
  legend: z.array(z.object({ key: z.string(), label: z.string(), color: z.string(), x: z.number(), y: z.number() })),
};
