import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText, uuid } from '../shared.js';
import { requireUser, username } from '../users/people.js';
import { dateInput, lifecycleProject, readProject, requireProject } from './lifecycle-fragments.js';

const ChangeBasics = graphql(`
  mutation UpdateProjectBasics($input: BasicProjectDataInput) {
    changeBasicProjectData(input: $input)
  }
`);
const SetNotes = graphql(`
  mutation UpdateProjectNotes($projectId: UUID!, $notes: String!) {
    updateProjectNotes(projectId: $projectId, notes: $notes)
  }
`);
const ChangeOrderer = graphql(`
  mutation UpdateProjectOrderer($projectId: UUID!, $ordererId: UUID!) {
    changeOrderer(projectId: $projectId, ordererId: $ordererId)
  }
`);
const SetManager = graphql(`
  mutation UpdateProjectManager($projectId: UUID!, $projectManagerId: UUID!) {
    setProjectManager(projectId: $projectId, projectManagerId: $projectManagerId)
  }
`);
const SetDates = graphql(`
  mutation UpdateProjectDates($id: UUID!, $startDate: Date, $endDate: Date) {
    setDatesOnProject(id: $id, startDate: $startDate, endDate: $endDate)
  }
`);

const input = z.object({
  projectId: uuid('Project id'),
  name: plainText('Name').trim().min(1).max(200).optional().describe('New name.'),
  description: plainText('Description', { multiline: true })
    .max(5000)
    .optional()
    .describe('New description (replaces the old one).'),
  orderNo: plainText('Order number').max(100).optional().describe('New order number.'),
  notes: plainText('Notes', { multiline: true })
    .max(10000)
    .optional()
    .describe('New notes; replaces the whole text ("" clears it).'),
  orderer: username('New orderer').optional(),
  projectManager: username('New project manager')
    .optional()
    .describe('New project manager username (Cway cannot unset one).'),
  startDate: dateInput('New start date').optional(),
  endDate: dateInput('New end date').optional(),
});

type Step = { label: string; run: () => Promise<unknown> };

export default defineCapability({
  name: 'update_project',
  title: 'Update project',
  description:
    "Change a project's name, description, order number, notes (replaced), orderer, manager or dates; only given fields change. Returns the project.",
  toolset: 'projects',
  input,
  output: z.object({
    project: lifecycleProject,
    changed: z.array(z.string()).describe('Fields sent to Cway.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'PATCH', path: '/api/projects/{projectId}' },
  handler: async (args, ctx) => {
    const { projectId } = args;
    const fields = Object.keys(args).filter((k) => k !== 'projectId' && args[k as keyof typeof args] !== undefined);
    if (fields.length === 0) {
      throw new CapabilityError('invalid_input', 'Nothing to change: give at least one field besides projectId.', {
        field: 'name',
      });
    }
    const current = await requireProject(ctx, projectId);
    const start = args.startDate ?? current.startDate;
    const end = args.endDate ?? current.endDate;
    if (start && end && end < start) {
      throw new CapabilityError('invalid_input', `endDate ${end} would be before startDate ${start}.`, {
        field: args.endDate ? 'endDate' : 'startDate',
      });
    }
    // Look people up before writing anything, so a typo changes nothing.
    const orderer = args.orderer ? await requireUser(ctx, args.orderer, 'orderer') : undefined;
    const manager = args.projectManager ? await requireUser(ctx, args.projectManager, 'projectManager') : undefined;

    const steps: Step[] = [];
    const basics = {
      name: args.name !== undefined && args.name !== current.name ? args.name : undefined,
      description:
        args.description !== undefined && args.description !== current.description ? args.description : undefined,
      orderNumber: args.orderNo !== undefined && args.orderNo !== current.orderNo ? args.orderNo : undefined,
    };
    const basicLabels = Object.entries(basics)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => (k === 'orderNumber' ? 'orderNo' : k));
    if (basicLabels.length > 0) {
      steps.push({
        label: basicLabels.join(', '),
        run: () => ctx.cway.request(ChangeBasics, { input: { projectId, ...basics } }, { signal: ctx.signal }),
      });
    }
    if (args.notes !== undefined && args.notes !== (current.notes ?? '')) {
      steps.push({
        label: 'notes',
        run: () => ctx.cway.request(SetNotes, { projectId, notes: args.notes! }, { signal: ctx.signal }),
      });
    }
    if (start !== current.startDate || end !== current.endDate) {
      // Both dates are sent, so the one not given keeps its value.
      steps.push({
        label: 'dates',
        run: () =>
          ctx.cway.request(SetDates, { id: projectId, startDate: start, endDate: end }, { signal: ctx.signal }),
      });
    }
    // People last: handing the project to someone else can take away the caller's right to the rest.
    if (orderer && orderer.id !== current.orderer.id) {
      steps.push({
        label: 'orderer',
        run: () => ctx.cway.request(ChangeOrderer, { projectId, ordererId: orderer.id }, { signal: ctx.signal }),
      });
    }
    if (manager && manager.id !== current.projectManager?.id) {
      steps.push({
        label: 'projectManager',
        run: () => ctx.cway.request(SetManager, { projectId, projectManagerId: manager.id }, { signal: ctx.signal }),
      });
    }

    const done: string[] = [];
    for (const step of steps) {
      try {
        await step.run();
      } catch (err) {
        if (!(err instanceof CapabilityError) || done.length === 0) throw err;
        throw new CapabilityError(
          err.code,
          `Changed ${done.join(', ')}; then failed on ${step.label}: ${err.message}`,
          {
            ...err.details,
            hint: 'The earlier changes were kept. Read the project, then retry only what is still missing.',
          },
        );
      }
      done.push(step.label);
    }
    const project = (await readProject(ctx.cway, projectId, ctx.signal)) ?? current;
    return { project, changed: done.flatMap((l) => l.split(', ')) };
  },
});
