import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';

const Files = graphql(`
  query ArtworkFiles($artworkId: UUID!) {
    artwork(id: $artworkId) {
      id
      name
      previewFile {
        id
        name
        contentType
        size
        renderStatus
        noPages
      }
      filesWithType {
        fileType
        file {
          id
          name
          contentType
          size
        }
      }
      revisions {
        revisionNo
        file {
          id
          name
          contentType
          size
        }
      }
    }
    artworkZipStructure(artworkId: $artworkId) {
      __typename
      ... on DownloadFolder {
        id
        name
        parent
      }
      ... on DownloadFile {
        id
        name
        parent
        size
      }
    }
  }
`);

const DownloadUrl = graphql(`
  query TempFileDownloadUrl($fileId: UUID!) {
    tempFileDownloadUrl(fileId: $fileId)
  }
`);

const file = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string().nullable(),
  size: z.number().nullable().describe('Bytes'),
});

const ZIP_LIMIT = 200;

type FileData = { id: string; name: string; contentType?: string | null; size?: number | null };
const toFile = (f: FileData) => ({ id: f.id, name: f.name, contentType: f.contentType ?? null, size: f.size ?? null });

export default defineCapability({
  name: 'get_artwork_files',
  title: 'Artwork files',
  description:
    "An artwork's files (preview, typed files, each revision's file); give downloadFileId to get a temporary download link.",
  toolset: 'artworks',
  input: z.object({
    artworkId: uuid('Artwork id'),
    downloadFileId: uuid('File id to get a download link for').optional(),
  }),
  output: z.object({
    artworkId: z.string(),
    name: z.string(),
    preview: file.extend({ renderStatus: z.string().nullable(), pages: z.number().int().nullable() }).nullable(),
    files: z.array(file.extend({ fileType: z.string() })),
    revisions: z.array(z.object({ revisionNo: z.number().int(), file: file.nullable() })).describe('Newest first.'),
    package: z
      .array(
        z.object({
          kind: z.enum(['folder', 'file']),
          id: z.string(),
          name: z.string(),
          parent: z.string().nullable(),
          size: z.number().optional(),
        }),
      )
      .describe("Folders and files of the artwork's download package (parent = folder id)."),
    packageTruncated: z.boolean(),
    download: z
      .object({
        fileId: z.string(),
        url: z.string().describe('Temporary link; it expires. Do not share it beyond the user.'),
      })
      .optional(),
  }),
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'GET', path: '/api/artworks/{artworkId}/files' },
  handler: async ({ artworkId, downloadFileId }, ctx) => {
    const { artwork: a, artworkZipStructure } = await ctx.cway.request(Files, { artworkId }, { signal: ctx.signal });
    if (!a) throw new CapabilityError('not_found', `No artwork visible to you with id ${artworkId}.`);
    const pkg = artworkZipStructure.map((e) =>
      e.__typename === 'DownloadFile'
        ? { kind: 'file' as const, id: e.id, name: e.name, parent: e.parent ?? null, size: e.size }
        : { kind: 'folder' as const, id: e.id, name: e.name, parent: e.parent ?? null },
    );
    const out = {
      artworkId: a.id,
      name: a.name,
      preview: a.previewFile
        ? {
            ...toFile(a.previewFile),
            renderStatus: a.previewFile.renderStatus ?? null,
            pages: a.previewFile.noPages ?? null,
          }
        : null,
      files: a.filesWithType.map((f) => ({ ...toFile(f.file), fileType: f.fileType })),
      revisions: [...a.revisions]
        .sort((x, y) => y.revisionNo - x.revisionNo)
        .map((r) => ({ revisionNo: r.revisionNo, file: r.file ? toFile(r.file) : null })),
      package: pkg.slice(0, ZIP_LIMIT),
      packageTruncated: pkg.length > ZIP_LIMIT,
    };
    if (!downloadFileId) return out;
    const known = new Map<string, string>();
    if (out.preview) known.set(out.preview.id, out.preview.name);
    for (const f of out.files) known.set(f.id, f.name);
    for (const r of out.revisions) if (r.file) known.set(r.file.id, r.file.name);
    for (const e of pkg) if (e.kind === 'file') known.set(e.id, e.name);
    if (!known.has(downloadFileId)) {
      throw new CapabilityError('invalid_input', `File ${downloadFileId} does not belong to artwork "${a.name}".`, {
        field: 'downloadFileId',
        candidates: [...known].slice(0, 20).map(([id, name]) => `${name} (${id})`),
      });
    }
    const { tempFileDownloadUrl } = await ctx.cway.request(
      DownloadUrl,
      { fileId: downloadFileId },
      { signal: ctx.signal },
    );
    return { ...out, download: { fileId: downloadFileId, url: tempFileDownloadUrl } };
  },
});
