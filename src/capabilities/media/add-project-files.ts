import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { mapLimit, uuid } from '../shared.js';
import { projectFileRow, readProjectFiles, requireManager } from './project-files.js';

const FileExists = graphql(`
  query ProjectFileExists($uuid: UUID!) {
    file(uuid: $uuid) {
      id
    }
  }
`);

const AddFiles = graphql(`
  mutation AddFilesToProject($projectId: UUID!, $files: [UUID!]!) {
    addFilesToProject(projectId: $projectId, files: $files)
  }
`);

export default defineCapability({
  name: 'add_project_files',
  title: 'Add project files',
  description: "Attach uploaded files (get_upload_url) to a project as reference files. Returns the project's files.",
  toolset: 'media',
  input: z.object({
    projectId: uuid('Project id'),
    fileIds: z.array(uuid('File id')).min(1).max(50).describe('Uploaded file ids, 1-50.'),
  }),
  output: z.object({ projectId: z.string(), files: z.array(projectFileRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/{projectId}/files' },
  handler: async ({ projectId, fileIds }, ctx) => {
    const p = await readProjectFiles(ctx, projectId);
    requireManager(p, 'add');
    const ids = [...new Set(fileIds.map((f) => f.toLowerCase()))];
    const found = await mapLimit(
      ids,
      4,
      async (id) => (await ctx.cway.request(FileExists, { uuid: id }, { signal: ctx.signal })).file,
    );
    const missing = ids.filter((_, i) => !found[i]);
    if (missing.length)
      throw new CapabilityError('not_found', `No uploaded file ${missing.join(', ')}.`, {
        field: 'fileIds',
        hint: 'Upload each file with get_upload_url first and pass the fileId it gave.',
      });
    await ctx.cway.request(
      AddFiles,
      { projectId: p.id, files: ids },
      { signal: ctx.signal, verify: 'list_project_files (the project)' },
    );
    return { projectId: p.id, files: (await readProjectFiles(ctx, p.id)).files };
  },
});
