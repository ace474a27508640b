import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { isOutcomeUnknown } from '../../cway/client.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText, uuid, uuidString } from '../shared.js';
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
  name: plainText('Project name').trim().min(1).max(200).describe('Project name.'),
  projectId: uuid('Project id')
    .optional()
    .describe('A UUID chosen up front makes retries safe: a repeat with the same id and name finishes that project.'),
  orderer: username('Orderer').optional().describe('Username. Default: you.'),
  projectManager: username('Project manager').optional().describe('Username. Default: none.'),
  description: plainText('Description', { multiline: true }).max(5000).optional().describe('Project description.'),
  orderNo: plainText('Order number').max(100).optional().describe('Purchase order reference.'),
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

const step = z.object({
  step: z.enum(['create', 'set_manager', 'set_dates']),
  status: z
    .enum(['done', 'already_done', 'failed'])
    .describe('already_done: an earlier call with the same projectId had done it.'),
  detail: z.string().optional(),
});
type Step = z.infer<typeof step>;

export default defineCapability({
  name: 'create_project',
  title: 'Create project',
  description:
    'Create a project (orderer defaults to you) with manager, dates, order number and media-center items as artworks. Returns the project and each step. If the answer is lost, call again with the projectId it names; that never duplicates it.',
  toolset: 'projects',
  input,
  output: z.object({
    project: lifecycleProject,
    steps: z.array(step).describe('Each write in order, with its outcome.'),
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
    const projectId = args.projectId ?? randomUUID();
    const steps: Step[] = [];
    const warnings: string[] = [];
    const retryHint = `Do not start a new project: call create_project again with the same arguments and projectId "${projectId}" (it finishes that project and never makes a second one), or look with get_project (id ${projectId}).`;

    // A retry with a known id first looks for the project the earlier call may have made.
    let project = args.projectId ? await readProject(ctx.cway, projectId, ctx.signal) : null;
    if (project) {
      if (project.name !== args.name) {
        throw new CapabilityError(
          'conflict',
          `Project ${projectId} already exists under another name ("${project.name}").`,
          { field: 'projectId', hint: 'Leave projectId out to create a new project.' },
        );
      }
      steps.push({ step: 'create', status: 'already_done' });
    } else {
      try {
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
          { signal: ctx.signal, step: `created project ${projectId}`, verify: `get_project (id ${projectId})` },
        );
        steps.push({ step: 'create', status: 'done' });
      } catch (err) {
        const lost = isOutcomeUnknown(err);
        const raced = args.projectId !== undefined && err instanceof CapabilityError && err.code === 'conflict';
        if (!lost && !raced) throw err;
        // The answer was lost (or an earlier call with this id got there first): look for the
        // project ourselves, which is cheap since we chose its id.
        project = await readProject(ctx.cway, projectId, ctx.signal).catch(() => null);
        if (!project) {
          if (!lost) throw err;
          throw new CapabilityError(
            (err as CapabilityError).code,
            `Outcome unknown: Cway did not confirm creating project ${projectId} ("${args.name}") and does not show it yet; it may still appear.`,
            { outcomeUnknown: true, hint: retryHint },
          );
        }
        steps.push({
          step: 'create',
          status: lost ? 'done' : 'already_done',
          detail: lost ? 'Cway did not answer in time, but the project exists.' : undefined,
        });
      }
    }

    if (manager) {
      if (project?.projectManager?.id === manager.id) {
        steps.push({ step: 'set_manager', status: 'already_done' });
      } else {
        try {
          await ctx.cway.request(
            SetManager,
            { projectId, projectManagerId: manager.id },
            { signal: ctx.signal, step: `set the project manager`, verify: `get_project (id ${projectId})` },
          );
          steps.push({ step: 'set_manager', status: 'done' });
        } catch (err) {
          const message = `Project manager not set: ${(err as Error).message}`;
          steps.push({ step: 'set_manager', status: 'failed', detail: message });
          warnings.push(`${message} Finish it with create_project again with projectId "${projectId}".`);
        }
      }
    }
    project = await readProject(ctx.cway, projectId, ctx.signal);
    if (!project) {
      throw new CapabilityError(
        'upstream_unavailable',
        `Cway accepted project ${projectId} but does not show it yet.`,
        { hint: retryHint, completedSteps: steps.filter((s) => s.status !== 'failed').map((s) => s.step) },
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
          { signal: ctx.signal, step: 'set the dates', verify: `get_project (id ${projectId})` },
        );
        steps.push({ step: 'set_dates', status: 'done' });
        project = (await readProject(ctx.cway, projectId, ctx.signal)) ?? project;
      } catch (err) {
        const message = `Dates not set: ${(err as Error).message}`;
        steps.push({ step: 'set_dates', status: 'failed', detail: message });
        warnings.push(message);
      }
    }
    return { project, steps, warnings };
  },
});
