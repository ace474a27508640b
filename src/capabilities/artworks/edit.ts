/** Shared pieces of the artwork edits (artworks toolset): gates, re-reads, categories. */
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { mapLimit } from '../shared.js';
import { planTransition, type Plan } from './lifecycle.js';

export const ALL_STATES = [
  'UNSTARTED',
  'FOR_REVIEW',
  'COMMENTED',
  'REJECTED',
  'APPROVED',
  'BUNDLED',
  'SHIPPED',
  'DELIVERED',
  'CANCELED',
] as const;

/** Reads the artworks and checks the caller manages each one's project; any state is fine. */
export const planEdit = (ctx: CapabilityContext, ids: readonly string[], verb: string): Promise<Plan> =>
  planTransition(ctx, ids, { verb, from: ALL_STATES, already: [] });

const EditedArtwork = graphql(`
  query EditedArtwork($id: UUID!) {
    artwork(id: $id) {
      id
      name
      projectId
      state
      startDate
      endDate
      category {
        id
        name
      }
    }
  }
`);

export const editedRow = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  state: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable().describe('Due date'),
  category: z.string(),
});

/** The artworks as Cway has them now (those no longer visible are left out). */
export async function rereadArtworks(ctx: CapabilityContext, ids: readonly string[]) {
  const found = await mapLimit(ids, 4, async (id) => {
    const a = (await ctx.cway.request(EditedArtwork, { id }, { signal: ctx.signal })).artwork;
    return a
      ? {
          id: a.id,
          name: a.name,
          projectId: a.projectId,
          state: a.state,
          startDate: a.startDate ?? null,
          endDate: a.endDate ?? null,
          category: a.category.name,
        }
      : null;
  });
  return found.filter((a): a is NonNullable<typeof a> => a !== null);
}

const Categories = graphql(`
  query EditCategories {
    organisation {
      defaultCategory {
        id
        name
      }
      artworkCategories {
        id
        name
      }
    }
  }
`);

/** A category by id or name (case-insensitive); not_found lists the names. */
export async function resolveCategory(ctx: CapabilityContext, wanted: string, field: string) {
  const org = (await ctx.cway.request(Categories, {}, { signal: ctx.signal })).organisation;
  const all = org?.artworkCategories ?? [];
  const hit =
    all.find((c) => c.id.toLowerCase() === wanted.toLowerCase()) ??
    all.find((c) => c.name.toLowerCase() === wanted.trim().toLowerCase());
  if (!hit)
    throw new CapabilityError('not_found', `No artwork category "${wanted}".`, {
      field,
      candidates: all.map((c) => c.name),
      hint: 'Use one of the candidate names.',
    });
  return hit;
}

export const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a date like 2026-03-31`)
    .describe(`${what} (YYYY-MM-DD)`);
