import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { projectFileRow, readProjectFiles, requireManager } from './project-files.js';

const RemoveFiles = graphql(`
  mutation RemoveFilesFromProject($projectId: UUID!, $files: [UUID!]!) {
    removeFilesFromProject(projectId: $projectId, files: $files)
  }
`);

export default defineCapability({
  name: 'remove_project_files',
  title: 'Remove project files',
  description: "Take reference files off a project. Asks for confirmation first. Returns the project's files.",
  toolset: 'media',
  input: z.object({
    projectId: uuid('Project id'),
    fileIds: z.array(uuid('File id')).min(1).max(50).describe('Ids from list_project_files, 1-50.'),
    ...confirmationInput,
  }),
  output: z.object({ ...confirmationOutput, files: z.array(projectFileRow).optional().describe('When done.') }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/{projectId}/files/remove' },
  handler: async ({ projectId, fileIds, confirmationToken }, ctx) => {
    const p = await readProjectFiles(ctx, projectId);
    requireManager(p, 'remove');
    const byId = new Map(p.files.map((f) => [f.id.toLowerCase(), f]));
    const ids = [...new Set(fileIds.map((f) => f.toLowerCase()))];
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length)
      throw new CapabilityError('not_found', `Not a file of "${p.name}": ${missing.join(', ')}.`, {
        field: 'fileIds',
        hint: 'Use the ids list_project_files returns.',
      });
    const files = ids.map((id) => byId.get(id)!);
    const pending = await requireConfirmation(
      ctx,
      {
        name: 'remove_project_files',
        targets: files.map((f) => f.id),
        summary: `Remove ${files.length} file(s) from the project "${p.name}": ${files.map((f) => `"${f.name}"`).join(', ')}.`,
        preview: files.map((f) => f.name),
      },
      confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending };
    await ctx.cway.request(
      RemoveFiles,
      { projectId: p.id, files: files.map((f) => f.id) },
      { signal: ctx.signal, verify: 'list_project_files (the project)' },
    );
    return { status: 'done' as const, files: (await readProjectFiles(ctx, p.id)).files };
  },
});
