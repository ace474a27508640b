import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { artworkIdsInput, loadGates } from './load.js';
import { artworkTasksRow, readTasks } from './artwork-tasks.js';

export default defineCapability({
  name: 'get_artwork_tasks',
  title: 'Get artwork tasks',
  description:
    'The task checklist of artworks (digital proof, colour proof, packshot …): each task, done or not, when and by whom.',
  toolset: 'artworks',
  input: z.object({ artworkIds: artworkIdsInput }),
  output: z.object({ artworks: z.array(artworkTasksRow) }),
  hints: READ,
  rest: { method: 'GET', path: '/api/artworks/tasks' },
  handler: async ({ artworkIds }, ctx) => {
    const gates = await loadGates(ctx, artworkIds);
    return {
      artworks: await readTasks(
        ctx,
        gates.map((g) => g.id),
      ),
    };
  },
});
