/** The document `fetch` returns, in OpenAI's shape, and small text-building helpers. */
import { z } from 'zod';

export const metadataValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const documentOutput = z.object({
  id: z.string().describe('The id that was fetched'),
  title: z.string(),
  text: z.string().describe('The whole item as readable text'),
  url: z.string().describe('Link into the Cway web app (pattern assumed; the API has no links)'),
  metadata: z.record(z.string(), metadataValue).describe('Key facts as key/value pairs, e.g. type, state, dates'),
});
export type Document = z.infer<typeof documentOutput>;

/** Lines with an optional value; entries whose value is null, undefined or '' are dropped. */
export function facts(entries: [label: string, value: string | number | boolean | null | undefined][]): string[] {
  return entries.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `${k}: ${v}`);
}

/** One text from sections; empty sections are left out. */
export function joinSections(sections: (string | string[] | null | undefined)[]): string {
  return sections
    .map((s) => (Array.isArray(s) ? s.join('\n') : s))
    .filter((s): s is string => !!s && s.trim() !== '')
    .join('\n\n');
}
