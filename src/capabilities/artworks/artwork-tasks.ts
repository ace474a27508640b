/** Artwork tasks (Cway's "artwork actions"): the task types and reading them back. */
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import type { CapabilityContext } from '../define.js';
import { mapLimit } from '../shared.js';

export const TASK_TYPES = [
  'DELIVER_TO_MEDIACENTER',
  'DIGITAL_PROOF',
  'COLOR_TARGET',
  'COLOR_PROOF',
  'SEND_PACKSHOT',
  'APPROVE_PRINT_COVERAGE',
] as const;

const Tasks = graphql(`
  query ArtworkTasks($id: UUID!) {
    artwork(id: $id) {
      id
      name
      projectId
      state
      tasks {
        type
        description
        done
        dateCreated
        dateDone
        readOnly
        finishedBy {
          username
        }
      }
    }
  }
`);

export const taskRow = z.object({
  type: z.string(),
  description: z.string(),
  done: z.boolean(),
  dateCreated: z.string(),
  dateDone: z.string().nullable(),
  finishedBy: z.string().nullable().describe('Username'),
  readOnly: z.boolean(),
});

export const artworkTasksRow = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  state: z.string(),
  tasks: z.array(taskRow),
});

export async function readTasks(ctx: CapabilityContext, ids: readonly string[]) {
  const rows = await mapLimit(ids, 4, async (id) => {
    const a = (await ctx.cway.request(Tasks, { id }, { signal: ctx.signal })).artwork;
    if (!a) return null;
    return {
      id: a.id,
      name: a.name,
      projectId: a.projectId,
      state: a.state,
      tasks: a.tasks.map((t) => ({
        type: t.type,
        description: t.description,
        done: t.done,
        dateCreated: String(t.dateCreated),
        dateDone: t.dateDone ? String(t.dateDone) : null,
        finishedBy: t.finishedBy?.username ?? null,
        readOnly: t.readOnly,
      })),
    };
  });
  return rows.filter((r): r is NonNullable<typeof r> => r !== null);
}
