import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { artworkIdsInput, label, runInOrder } from './load.js';
import { planEdit } from './edit.js';
import { artworkTasksRow, readTasks, TASK_TYPES } from './artwork-tasks.js';

const Add = graphql(`
  mutation AddArtworkActions($projectId: UUID!, $artworkIds: [UUID!]!, $taskActionType: TaskActionType!) {
    addArtworkActions(projectId: $projectId, artworkIds: $artworkIds, taskActionType: $taskActionType)
  }
`);
const Remove = graphql(`
  mutation RemoveArtworkActions($projectId: UUID!, $artworkIds: [UUID!]!, $taskActionType: TaskActionType!) {
    removeArtworkActions(projectId: $projectId, artworkIds: $artworkIds, taskActionType: $taskActionType)
  }
`);
const Finish = graphql(`
  mutation FinishArtworkActions($projectId: UUID!, $artworkIds: [UUID!]!, $taskActionType: TaskActionType!) {
    finishArtworkActions(projectId: $projectId, artworkIds: $artworkIds, taskActionType: $taskActionType)
  }
`);
const Reset = graphql(`
  mutation ResetArtworkActions($projectId: UUID!, $artworkIds: [UUID!]!, $taskActionType: TaskActionType!) {
    resetArtworkActions(projectId: $projectId, artworkIds: $artworkIds, taskActionType: $taskActionType)
  }
`);

export default defineCapability({
  name: 'update_artwork_tasks',
  title: 'Update artwork tasks',
  description: 'Add, finish, reset or remove one task type on artworks. Returns their tasks afterwards.',
  toolset: 'artworks',
  input: z.object({
    artworkIds: artworkIdsInput,
    task: z.enum(TASK_TYPES),
    action: z.enum(['add', 'finish', 'reset', 'remove']),
  }),
  output: z.object({ artworks: z.array(artworkTasksRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/tasks' },
  handler: async ({ artworkIds, task, action }, ctx) => {
    const plan = await planEdit(ctx, artworkIds, `${action} tasks of`);
    if (action === 'finish' || action === 'reset') {
      const current = await readTasks(
        ctx,
        plan.artworks.map((a) => a.id),
      );
      const without = current.filter((a) => !a.tasks.some((t) => t.type === task));
      if (without.length)
        throw new CapabilityError(
          'conflict',
          `No ${task} task on ${without.map(label).join(', ')}. Nothing was changed.`,
          { hint: `Add it first (action "add").` },
        );
    }
    await runInOrder(
      plan.groups,
      (g) => g.map(label).join(', '),
      (g) => {
        const vars = { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id), taskActionType: task };
        const opts = { signal: ctx.signal, verify: 'get_artwork_tasks (the artworks)' };
        if (action === 'add') return ctx.cway.request(Add, vars, opts);
        if (action === 'remove') return ctx.cway.request(Remove, vars, opts);
        if (action === 'finish') return ctx.cway.request(Finish, vars, opts);
        return ctx.cway.request(Reset, vars, opts);
      },
    );
    return {
      artworks: await readTasks(
        ctx,
        plan.artworks.map((a) => a.id),
      ),
    };
  },
});
