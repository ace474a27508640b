/**
 * ChatGPT's `fetch` tool, in OpenAI's shape: `fetch({id}) → {id, title, text, url, metadata}`.
 * The id is one `search` returned (see refs.ts); the item is read fresh from Cway and rendered
 * as readable text.
 */
import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { readArtwork } from './documents/artwork.js';
import { documentOutput } from './documents/document.js';
import { readMedia } from './documents/media.js';
import { readProject } from './documents/project.js';
import { readUser } from './documents/user.js';
import { DOC_ID_PATTERN, parseDocId } from './refs.js';

const readers = { project: readProject, artwork: readArtwork, user: readUser, mc: readMedia };

export default defineCapability({
  name: 'fetch',
  title: 'Fetch a search result',
  description:
    'Read one search result in full by its id (project:…, artwork:…, user:…, mc:…). Returns text with title, url and metadata.',
  toolset: 'system',
  input: z.object({
    id: z
      .string()
      .trim()
      .max(400)
      .regex(DOC_ID_PATTERN, 'id must look like project:<uuid>, artwork:<uuid>, user:<username> or mc:<uuid>')
      .describe('An id exactly as search returned it.'),
  }),
  output: documentOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/fetch/{id}' },
  handler: async ({ id }, ctx) => {
    const ref = parseDocId(id);
    return readers[ref.kind](ref.key, ctx);
  },
});
