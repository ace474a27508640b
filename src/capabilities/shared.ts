/** Schema pieces and helpers shared by capabilities of several domains. */
import { z } from 'zod';

/** Cway ids are UUIDs. */
export const uuid = (what: string) =>
  z.string().uuid({ message: `${what} must be a UUID (e.g. 0b9d6f4e-1c2a-4f7e-9a51-3c8f0e2d7b10)` }).describe(`${what} (UUID)`);

/** Offset paging, as Cway does it (0-based pages). */
export const pagingInput = {
  page: z.number().int().min(0).max(100_000).default(0).describe('Page number, starting at 0.'),
  pageSize: z.number().int().min(1).max(100).default(25).describe('Items per page (1-100, default 25).'),
};

/** Paging facts returned with every paged list. */
export const pageOutput = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  totalHits: z.number().int(),
  nextPage: z.number().int().nullable().describe('The page to ask for next, or null when this is the last page.'),
});

export function pageInfo(page: number, pageSize: number, totalHits: number): z.infer<typeof pageOutput> {
  return { page, pageSize, totalHits, nextPage: (page + 1) * pageSize < totalHits ? page + 1 : null };
}
