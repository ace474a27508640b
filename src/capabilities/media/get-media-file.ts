import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';
import { isoFromMs, uuid } from '../shared.js';
import { readFile } from './fragments.js';

const DownloadUrl = graphql(`
  query MediaFileDownloadUrl($fileId: UUID!) {
    tempFileDownloadUrl(fileId: $fileId)
  }
`);

const notFound = (id: string) =>
  new CapabilityError('not_found', `No file ${id}, or you cannot see it.`, {
    field: 'fileId',
    hint: "Use list_folder_items or search_media and pass an item's fileId.",
  });

export default defineCapability({
  name: 'get_media_file',
  title: 'Get file',
  description:
    'One file (name, size, type, pages, render status) with a temporary download URL: give it to the user now, do not store it.',
  toolset: 'media',
  input: z.object({
    fileId: uuid('File id'),
    includeDownloadUrl: z.boolean().default(true).describe('Also fetch a temporary download URL (default true).'),
  }),
  output: z.object({
    id: z.string(),
    name: z.string(),
    size: z.number().nullable().describe('Bytes.'),
    contentType: z.string().nullable(),
    renderStatus: z.string().nullable(),
    pages: z.number().int().nullable(),
    created: z.string().nullable().describe('ISO time.'),
    downloadUrl: z.string().nullable().describe('Temporary URL; null when not asked for.'),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/media/files/{fileId}' },
  handler: async ({ fileId, includeDownloadUrl }, ctx) => {
    const file = await readFile(ctx, fileId);
    if (!file) throw notFound(fileId);
    const downloadUrl = includeDownloadUrl
      ? (await ctx.cway.request(DownloadUrl, { fileId: file.id }, { signal: ctx.signal })).tempFileDownloadUrl
      : null;
    return {
      id: file.id,
      name: file.name,
      size: file.size ?? null,
      contentType: file.contentType ?? null,
      renderStatus: file.renderStatus ?? null,
      pages: file.noPages ?? null,
      created: isoFromMs(file.created),
      downloadUrl,
    };
  },
});
