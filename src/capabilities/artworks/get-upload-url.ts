import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';

const UploadUrl = graphql(`
  query TempFileUploadUrl($fileId: UUID!, $filename: String) {
    tempFileUploadUrl(fileId: $fileId, filename: $filename)
  }
`);

export default defineCapability({
  name: 'get_upload_url',
  title: 'Get a file upload link',
  description:
    'Reserve a file id and a temporary upload link; the bytes are sent outside this API. Then call upload_new_revision.',
  toolset: 'artworks',
  input: z.object({
    filename: z.string().min(1).max(255).describe('File name as it should appear in Cway, e.g. "carton_v3.pdf".'),
  }),
  output: z.object({
    fileId: z.string().describe('Pass to upload_new_revision once the bytes are uploaded.'),
    filename: z.string(),
    uploadUrl: z.string().describe('Temporary, signed link; it expires. Treat it as a secret.'),
  }),
  // Reads nothing and writes nothing in Cway by itself; every call reserves a different id.
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/upload-url' },
  handler: async ({ filename }, ctx) => {
    const fileId = randomUUID();
    const data = await ctx.cway.request(UploadUrl, { fileId, filename }, { signal: ctx.signal });
    return { fileId, filename, uploadUrl: data.tempFileUploadUrl };
  },
});
