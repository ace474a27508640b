/** Shared selections of shares: one share as Cway describes it and how it is shown to a model. */
import { z } from 'zod';
import { graphql, readFragment, type FragmentOf } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { isoFromMs, uuidString } from '../shared.js';

export const ShareFields = graphql(`
  fragment ShareFields on Share {
    id
    name
    size
    created
    validToDate
    sharedTo
    sharedFrom
    read
  }
`);

const ShareById = graphql(
  `
    query ShareById($id: UUID!) {
      share(id: $id) {
        ...ShareFields
      }
    }
  `,
  [ShareFields],
);

export const shareRow = z.object({
  id: z.string(),
  title: z.string(),
  size: z.number().describe('Total bytes.'),
  created: z.string().nullable().describe('ISO time.'),
  validTo: z.string().nullable().describe('ISO expiry, when Cway set one (it cannot be chosen through the API).'),
  sharedTo: z.string().describe('Recipient(s) as Cway records them.'),
  sharedFrom: z.string().describe('Sender as Cway records them.'),
  read: z.boolean(),
});
export type ShareRow = z.infer<typeof shareRow>;

export function toShare(ref: FragmentOf<typeof ShareFields>): ShareRow {
  const s = readFragment(ShareFields, ref);
  return {
    id: s.id,
    title: s.name,
    size: Number(s.size),
    created: isoFromMs(s.created),
    validTo: isoFromMs(s.validToDate),
    sharedTo: s.sharedTo,
    sharedFrom: s.sharedFrom,
    read: s.read,
  };
}

/** A share by id, or null when it does not exist (or no longer) or the caller cannot see it. */
export async function readShare(ctx: CapabilityContext, id: string): Promise<ShareRow | null> {
  try {
    const s = (await ctx.cway.request(ShareById, { id }, { signal: ctx.signal })).share;
    return s ? toShare(s) : null;
  } catch (err) {
    if (err instanceof CapabilityError && err.code === 'not_found') return null;
    throw err;
  }
}

export const shareNotFound = (ids: string[], field: string) =>
  new CapabilityError('not_found', `No share ${ids.join(', ')}, or you cannot see it.`, {
    field,
    hint: 'Use list_shares (includeRead true) to find share ids.',
  });

export const shareIdsInput = (verb: string) =>
  z
    .array(uuidString('each share id must be a UUID'))
    .min(1)
    .max(100)
    .describe(`Ids of the shares to ${verb}, 1-100 (from list_shares).`);
