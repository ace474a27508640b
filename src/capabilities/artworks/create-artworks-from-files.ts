import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { mapLimit, uuid, plainText } from '../shared.js';
import { resolveCategory, rereadArtworks, editedRow } from './edit.js';

const Project = graphql(`
  query FromFilesProject($projectId: UUID!) {
    project(id: $projectId) {
      id
      name
      state
      projectPermissions {
        canManageArtworks
      }
    }
  }
`);

const FileExists = graphql(`
  query FromFilesFile($uuid: UUID!) {
    file(uuid: $uuid) {
      id
      name
    }
  }
`);

const FromFiles = graphql(`
  mutation CreateArtworksFromFiles($projectId: UUID!, $files: [ArtworkFromFile!]!) {
    createArtworksFromFiles(projectId: $projectId, files: $files)
  }
`);

export default defineCapability({
  name: 'create_artworks_from_files',
  title: 'Create artworks from files',
  description:
    'Add one artwork per uploaded file (get_upload_url) to a project, the file as its first revision. Returns the new artworks.',
  toolset: 'artworks',
  input: z.object({
    projectId: uuid('Project id'),
    files: z
      .array(
        z.object({
          fileId: uuid('File id'),
          name: plainText('Artwork name')
            .trim()
            .min(1)
            .max(200)
            .optional()
            .describe('Artwork name; default: the file name.'),
          category: plainText('Category').trim().min(1).max(200).optional().describe('Category name or id.'),
        }),
      )
      .min(1)
      .max(50)
      .describe('Files, 1-50.'),
  }),
  output: z.object({ projectId: z.string(), created: z.array(editedRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/{projectId}/artworks/from-files' },
  handler: async ({ projectId, files }, ctx) => {
    const project = (await ctx.cway.request(Project, { projectId }, { signal: ctx.signal })).project;
    if (!project)
      throw new CapabilityError('not_found', `No project visible to you with id ${projectId}.`, { field: 'projectId' });
    if (!project.projectPermissions.canManageArtworks)
      throw new CapabilityError('forbidden', `You may not add artworks to "${project.name}"; its project manager can.`);
    if (project.state === 'DELIVERED' || project.state === 'CLOSED')
      throw new CapabilityError(
        'conflict',
        `Project "${project.name}" is ${project.state}; reopen it (reopen_projects) first.`,
      );
    const found = await mapLimit(
      files,
      4,
      async (f) => (await ctx.cway.request(FileExists, { uuid: f.fileId }, { signal: ctx.signal })).file,
    );
    const missing = files.filter((_, i) => !found[i]).map((f) => f.fileId);
    if (missing.length)
      throw new CapabilityError('not_found', `No uploaded file ${missing.join(', ')}.`, {
        field: 'files',
        hint: 'Upload each file with get_upload_url first and pass the fileId it gave.',
      });
    const categories = await mapLimit(files, 4, (f, i) =>
      f.category ? resolveCategory(ctx, f.category, `files[${i}].category`) : Promise.resolve(undefined),
    );
    // The API takes client-chosen artwork ids: the new ones are known without a diff.
    const ids = files.map(() => randomUUID());
    await ctx.cway.request(
      FromFiles,
      {
        projectId: project.id,
        files: files.map((f, i) => ({
          fileId: f.fileId,
          artworkId: ids[i]!,
          ...(f.name ? { artworkName: f.name } : {}),
          ...(categories[i] ? { categoryId: categories[i]!.id } : {}),
        })),
      },
      { signal: ctx.signal, verify: 'get_project (its artworks)' },
    );
    return { projectId: project.id, created: await rereadArtworks(ctx, ids) };
  },
});
