import { z } from 'zod';
import { graphql, type VariablesOf } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { readFile } from './fragments.js';
import { mapLimit, plainText, uuidString } from '../shared.js';

const FileJob = graphql(`
  mutation MediaFileDownloadJob($fileId: UUID!, $fileName: String, $zipName: String, $forceZipFile: Boolean) {
    createFileDownloadJob(fileId: $fileId, fileName: $fileName, zipName: $zipName, forceZipFile: $forceZipFile)
  }
`);

const SelectionJob = graphql(`
  mutation MediaDownloadJob($selections: [DownloadFileDescriptorInput!]!, $zipName: String, $forceZipFile: Boolean) {
    createDownloadJob(selections: $selections, zipName: $zipName, forceZipFile: $forceZipFile)
  }
`);

type Descriptor = VariablesOf<typeof SelectionJob>['selections'][number];

const fileEntry = z.object({
  fileId: uuidString().describe('File id (fileId from list_folder_items, search_media or get_media_file).'),
  name: plainText('Name')
    .trim()
    .min(1)
    .max(255)
    .optional()
    .describe('Name inside the download. Default: the file name.'),
  folder: z
    .string()
    .trim()
    .max(500)
    .optional()
    .describe('Folder inside the zip, "/" for nesting (e.g. "Launch/Print"). Default: top level.'),
});

/** Builds Cway's nested descriptor list from flat entries with "a/b" folder paths. */
function toSelections(entries: { fileId: string; name: string; folder?: string }[]): Descriptor[] {
  const root: Descriptor[] = [];
  const folders = new Map<string, Descriptor[]>([['', root]]);
  const childrenOf = (path: string[]): Descriptor[] => {
    let list = root;
    for (let i = 0; i < path.length; i++) {
      const key = path.slice(0, i + 1).join('/');
      let next = folders.get(key);
      if (!next) {
        next = [];
        folders.set(key, next);
        list.push({ name: path[i]!, type: 'FOLDER', children: next });
      }
      list = next;
    }
    return list;
  };
  for (const e of entries) {
    const path = (e.folder ?? '')
      .split('/')
      .map((s) => s.trim())
      .filter(Boolean);
    childrenOf(path).push({ name: e.name, type: 'FILE', fileId: e.fileId });
  }
  return root;
}

export default defineCapability({
  name: 'create_download_job',
  title: 'Create download job',
  description:
    'Ask Cway to prepare a download of files (zip for several). Returns a job id only; the user collects it in Cway.',
  toolset: 'media',
  input: z.object({
    files: z.array(fileEntry).min(1).max(50).describe('Files to include, 1-50.'),
    zipName: plainText('Zip name').trim().min(1).max(255).optional().describe('Name of the zip file.'),
    forceZip: z.boolean().optional().describe('Zip even a single file.'),
  }),
  output: z.object({
    jobId: z.string().describe('Id of the download job in Cway.'),
    kind: z.enum(['single_file', 'selection']),
    fileCount: z.number().int(),
    note: z.string(),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/download-jobs' },
  handler: async (args, ctx) => {
    const files = await mapLimit(args.files, 4, (f) => readFile(ctx, f.fileId));
    const missing = args.files.filter((_, i) => !files[i]).map((f) => f.fileId);
    if (missing.length > 0) {
      throw new CapabilityError('not_found', `No file ${missing.join(', ')}, or you cannot see it.`, {
        field: 'files',
        hint: "Use list_folder_items or search_media and pass an item's fileId.",
      });
    }
    const entries = args.files.map((f, i) => ({
      fileId: files[i]!.id,
      name: f.name ?? files[i]!.name,
      folder: f.folder,
    }));
    const note =
      'Cway prepares the download in the background; this API returns no progress or link for the job. The user finds it in Cway.';
    const single = entries.length === 1 && !entries[0]!.folder?.trim();
    if (single) {
      const e = entries[0]!;
      const data = await ctx.cway.request(
        FileJob,
        { fileId: e.fileId, fileName: e.name, zipName: args.zipName, forceZipFile: args.forceZip },
        { signal: ctx.signal },
      );
      return { jobId: data.createFileDownloadJob, kind: 'single_file' as const, fileCount: 1, note };
    }
    const data = await ctx.cway.request(
      SelectionJob,
      { selections: toSelections(entries), zipName: args.zipName, forceZipFile: args.forceZip },
      { signal: ctx.signal },
    );
    return { jobId: data.createDownloadJob, kind: 'selection' as const, fileCount: entries.length, note };
  },
});
