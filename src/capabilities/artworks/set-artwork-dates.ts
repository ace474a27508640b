import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { artworkIdsInput, label, runInOrder } from './load.js';
import { day, editedRow, planEdit, rereadArtworks } from './edit.js';

const SetDates = graphql(`
  mutation SetDatesOnArtworks($projectId: UUID!, $artworkId: [UUID!]!, $startDate: Date, $endDate: Date) {
    setDatesOnArtworks(projectId: $projectId, artworkId: $artworkId, startDate: $startDate, endDate: $endDate)
  }
`);

export default defineCapability({
  name: 'set_artwork_dates',
  title: 'Set artwork dates',
  description: 'Set or clear (null) the start and due dates of artworks; a date left out stays. Returns the artworks.',
  toolset: 'artworks',
  input: z.object({
    artworkIds: artworkIdsInput,
    startDate: day('Start date').nullable().optional(),
    endDate: day('Due date').nullable().optional(),
  }),
  output: z.object({ artworks: z.array(editedRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/dates' },
  handler: async ({ artworkIds, startDate, endDate }, ctx) => {
    if (startDate === undefined && endDate === undefined)
      throw new CapabilityError('invalid_input', 'Give startDate, endDate or both (null clears a date).', {
        field: 'endDate',
      });
    if (startDate && endDate && endDate < startDate)
      throw new CapabilityError('invalid_input', `endDate ${endDate} is before startDate ${startDate}.`, {
        field: 'endDate',
      });
    const plan = await planEdit(ctx, artworkIds, 'change the dates of');
    await runInOrder(
      plan.groups,
      (g) => g.map(label).join(', '),
      (g) =>
        ctx.cway.request(
          SetDates,
          {
            projectId: g[0]!.projectId,
            artworkId: g.map((a) => a.id),
            ...(startDate !== undefined ? { startDate } : {}),
            ...(endDate !== undefined ? { endDate } : {}),
          },
          { signal: ctx.signal, verify: 'get_artwork (each artwork)' },
        ),
    );
    return {
      artworks: await rereadArtworks(
        ctx,
        plan.artworks.map((a) => a.id),
      ),
    };
  },
});
