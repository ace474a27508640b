/** Reads shared by the project-file capabilities: a project's reference files (Project.files). */
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';

const ProjectFiles = graphql(`
  query ProjectFiles($id: UUID!) {
    project(id: $id) {
      id
      name
      projectPermissions {
        canManageProject
      }
      files {
        id
        name
        size
        contentType
        created
      }
    }
  }
`);

export const projectFileRow = z.object({
  id: z.string().describe('File id'),
  name: z.string(),
  size: z.number().nullable().describe('Bytes'),
  contentType: z.string().nullable(),
  created: z.string().nullable().describe('ISO time'),
});

export async function readProjectFiles(ctx: CapabilityContext, projectId: string) {
  const p = (
    await ctx.cway.request(ProjectFiles, { id: projectId }, { signal: ctx.signal }).catch((err: unknown) => {
      if (err instanceof CapabilityError && err.code === 'not_found') return { project: null };
      throw err;
    })
  ).project;
  if (!p)
    throw new CapabilityError('not_found', `No project ${projectId}, or you cannot see it.`, {
      field: 'projectId',
      hint: 'Use list_projects or search_projects to find the project id.',
    });
  return {
    id: p.id,
    name: p.name,
    canManage: p.projectPermissions.canManageProject,
    files: p.files.map((f) => ({
      id: f.id,
      name: f.name,
      size: f.size === null || f.size === undefined ? null : Number(f.size),
      contentType: f.contentType ?? null,
      created: Number.isFinite(Number(f.created)) ? new Date(Number(f.created)).toISOString() : null,
    })),
  };
}

export function requireManager(p: { name: string; canManage: boolean }, verb: string): void {
  if (!p.canManage)
    throw new CapabilityError('forbidden', `You may not ${verb} files of "${p.name}"; its project manager can.`);
}
