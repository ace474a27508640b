/**
 * SVG → PNG with resvg (@resvg/resvg-js, prebuilt native binaries from npm). The font is Inter,
 * read from the @expo-google-fonts/inter package, and system fonts are not loaded, so a picture
 * renders the same on every machine, fonts installed or not.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY } from '../../analytics/chart.js';

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'),
];

/** The PNG bytes of an SVG, at its own size on a white background. */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'original' },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return r.render().asPng();
}

/** How a chart capability answers: PNG (base64, for clients that cannot take SVG) or SVG markup. */
export const FORMATS = ['png', 'svg'] as const;
export type Format = (typeof FORMATS)[number];

export function pictureFields(svg: string, format: Format) {
  return format === 'png'
    ? { format, mimeType: 'image/png' as const, png: svgToPng(svg).toString('base64') }
    : { format, mimeType: 'image/svg+xml' as const, svg };
}
