import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { readShare, shareNotFound, shareRow } from './fragments.js';

const Contents = graphql(`
  query ShareContents($shareId: UUID!) {
    shareZipStructure(shareId: $shareId) {
      __typename
      ... on DownloadFolder {
        id
        name
        parent
      }
      ... on DownloadFile {
        id
        name
        parent
        size
      }
    }
  }
`);

/** Entries returned per call; a share with more is cut with a note. */
const MAX_ENTRIES = 500;

export default defineCapability({
  name: 'get_share_contents',
  title: 'Get share contents',
  description:
    'What a share holds: its files with folder path and size, as its download is laid out. Use after list_shares. Returns the share and its files.',
  toolset: 'shares',
  input: z.object({ shareId: uuid('Share id') }),
  output: z.object({
    share: shareRow,
    files: z.array(
      z.object({
        id: z.string().describe('File id'),
        name: z.string(),
        path: z.string().describe('Folders inside the download, joined with " / ".'),
        size: z.number().nullable().describe('Bytes'),
      }),
    ),
    totalFiles: z.number().int(),
    note: z.string().optional(),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/shares/{shareId}/contents' },
  handler: async ({ shareId }, ctx) => {
    const share = await readShare(ctx, shareId);
    if (!share) throw shareNotFound([shareId], 'shareId');
    const entries = (await ctx.cway.request(Contents, { shareId: share.id }, { signal: ctx.signal })).shareZipStructure;
    const folders = new Map<string, { name: string; parent: string | null }>();
    for (const e of entries)
      if (e.__typename === 'DownloadFolder') folders.set(e.id, { name: e.name, parent: e.parent ?? null });
    const path = (parent: string | null | undefined) => {
      const names: string[] = [];
      const seen = new Set<string>();
      for (let id = parent ?? null; id && folders.has(id) && !seen.has(id); id = folders.get(id)!.parent) {
        seen.add(id);
        names.unshift(folders.get(id)!.name);
      }
      return names.join(' / ');
    };
    const files = entries.flatMap((e) =>
      e.__typename === 'DownloadFile'
        ? [{ id: e.id, name: e.name, path: path(e.parent), size: e.size == null ? null : Number(e.size) }]
        : [],
    );
    return {
      share,
      files: files.slice(0, MAX_ENTRIES),
      totalFiles: files.length,
      ...(files.length > MAX_ENTRIES ? { note: `Only the first ${MAX_ENTRIES} files are listed.` } : {}),
    };
  },
});
