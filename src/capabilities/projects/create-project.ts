import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { uuidString } from '../shared.js';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { requireUser, username, whoAmI } from '../users/people.js';
import { dateInput, lifecycleProject, readProject } from './lifecycle-fragments.js';

const CreateProject = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input)
  }
`);

const SetManager = graphql(`
  mutation CreateProjectSetManager($projectId: UUID!, $projectManagerId: UUID!) {
    setProjectManager(projectId: $projectId, projectManagerId: $projectManagerId)
  }
`);

const SetDates = graphql(`
  mutation CreateProjectSetDates($id: UUID!, $startDate: Date, $endDate: Date) {
    setDatesOnProject(id: $id, startDate: $startDate, endDate: $endDate)
  }
`);

const input = z.object({
  name: z.string().trim().min(1).max(200).describe('Project name.'),
  orderer: username('Orderer').optional().describe('Username. Default: you.'),
  projectManager: username('Project manager').optional().describe('Username. Default: none.'),
  description: z.string().max(5000).optional().describe('Project description.'),
  orderNo: z.string().max(100).optional().describe('Purchase order reference.'),
  startDate: dateInput('Start date').optional(),
  endDate: dateInput('End date').optional(),
  media: z
    .array(
      z.object({
        type: z.enum(['FILE', 'MC_ARTWORK']).describe('A media-center file or artwork.'),
        id: uuidString(),
      }),
    )
    .max(100)
    .optional()
    .describe('Media-center items, each becoming an artwork.'),
});

export default defineCapability({
  name: 'create_project',
  title: 'Create project',
  description:
    'Create a project (orderer defaults to you) with manager, dates, order number and media-center items as artworks. Returns the project and warnings for failed steps.',
  toolset: 'projects',
  input,
  output: z.object({
    project: lifecycleProject,
    warnings: z.array(z.string()).describe('Steps that failed after creating it.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects' },
  handler: async (args, ctx) => {
    if (args.startDate && args.endDate && args.endDate < args.startDate) {
      throw new CapabilityError('invalid_input', 'endDate is before startDate.', { field: 'endDate' });
    }
    const orderer = args.orderer ? await requireUser(ctx, args.orderer, 'orderer') : await whoAmI(ctx);
    const manager = args.projectManager ? await requireUser(ctx, args.projectManager, 'projectManager') : undefined;
    const projectId = randomUUID();
    await ctx.cway.request(
      CreateProject,
      {
        input: {
          projectId,
          name: args.name,
          ordererId: orderer.id,
          description: args.description,
          orderNo: args.orderNo,
          startDate: args.startDate,
          endDate: args.endDate,
          artworkMedia: args.media,
        },
      },
      { signal: ctx.signal },
    );
    const warnings: string[] = [];
    if (manager) {
      try {
        await ctx.cway.request(SetManager, { projectId, projectManagerId: manager.id }, { signal: ctx.signal });
      } catch (err) {
        warnings.push(`Project manager not set: ${(err as Error).message}`);
      }
    }
    let project = await readProject(ctx.cway, projectId, ctx.signal);
    if (!project) {
      throw new CapabilityError(
        'upstream_unavailable',
        `Cway accepted project ${projectId} but does not show it yet.`,
        {
          hint: `Do not create it again; read it with get_project (id ${projectId}) in a moment.`,
        },
      );
    }
    // Creation takes dates; if Cway did not keep them, set them explicitly.
    const datesMissed =
      (args.startDate !== undefined && project.startDate !== args.startDate) ||
      (args.endDate !== undefined && project.endDate !== args.endDate);
    if (datesMissed) {
      try {
        await ctx.cway.request(
          SetDates,
          { id: projectId, startDate: args.startDate ?? project.startDate, endDate: args.endDate ?? project.endDate },
          { signal: ctx.signal },
        );
        project = (await readProject(ctx.cway, projectId, ctx.signal)) ?? project;
      } catch (err) {
        warnings.push(`Dates not set: ${(err as Error).message}`);
      }
    }
    return { project, warnings };
  },
});
