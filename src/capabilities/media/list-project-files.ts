import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { mapLimit, uuid } from '../shared.js';
import { projectFileRow, readProjectFiles } from './project-files.js';

const DownloadUrl = graphql(`
  query ProjectFileDownloadUrl($fileId: UUID!) {
    tempFileDownloadUrl(fileId: $fileId)
  }
`);

/** Files per answer that get a download link (one upstream request each). */
const MAX_LINKS = 25;

export default defineCapability({
  name: 'list_project_files',
  title: 'List project files',
  description: "A project's reference files (briefs, guidelines), each with a temporary download URL.",
  toolset: 'media',
  input: z.object({
    projectId: uuid('Project id'),
    limit: z.number().int().min(1).max(100).default(25).describe(`Most files to return (default 25).`),
    withLinks: z.boolean().default(true).describe(`Add temporary download URLs (for at most ${MAX_LINKS} files).`),
  }),
  output: z.object({
    projectId: z.string(),
    projectName: z.string(),
    totalFiles: z.number().int(),
    files: z.array(projectFileRow.extend({ downloadUrl: z.string().nullable().describe('Temporary; expires.') })),
    note: z.string().optional(),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/{projectId}/files' },
  handler: async ({ projectId, limit, withLinks }, ctx) => {
    const p = await readProjectFiles(ctx, projectId);
    const shown = p.files.slice(0, limit);
    const linked = withLinks ? shown.slice(0, MAX_LINKS) : [];
    const urls = await mapLimit(
      linked,
      4,
      async (f) => (await ctx.cway.request(DownloadUrl, { fileId: f.id }, { signal: ctx.signal })).tempFileDownloadUrl,
    );
    const notes: string[] = [];
    if (p.files.length > shown.length) notes.push(`${p.files.length - shown.length} more files; raise limit.`);
    if (withLinks && shown.length > linked.length) notes.push(`Only the first ${MAX_LINKS} files have a download URL.`);
    return {
      projectId: p.id,
      projectName: p.name,
      totalFiles: p.files.length,
      files: shown.map((f, i) => ({ ...f, downloadUrl: urls[i] ?? null })),
      ...(notes.length ? { note: notes.join(' ') } : {}),
    };
  },
});
