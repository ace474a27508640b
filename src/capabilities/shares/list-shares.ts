import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { ShareFields, shareRow, toShare } from './fragments.js';

const FindShares = graphql(
  `
    query FindShares($fileNameFilter: String, $sharedToUser: String, $sharedByUser: String, $includeRead: Boolean) {
      findShares(
        fileNameFilter: $fileNameFilter
        sharedToUser: $sharedToUser
        sharedByUser: $sharedByUser
        includeRead: $includeRead
      ) {
        ...ShareFields
      }
    }
  `,
  [ShareFields],
);

export default defineCapability({
  name: 'list_shares',
  title: 'List shares',
  description:
    'File shares to or by you, newest first; filter by file, recipient, sender or read state. Unpaged, at most limit.',
  toolset: 'shares',
  input: z.object({
    includeRead: z
      .boolean()
      .default(true)
      .describe('Also list shares already marked read (default true; false = unread only).'),
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Only shares containing a file whose name matches this text.'),
    sharedTo: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .optional()
      .describe('Only shares sent to this user (username / e-mail).'),
    sharedBy: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .optional()
      .describe('Only shares sent by this user (username / e-mail).'),
    limit: z.number().int().min(1).max(200).default(50).describe('Most shares to return (default 50).'),
  }),
  output: z.object({
    shares: z.array(shareRow),
    total: z.number().int().describe('Shares matching, before the limit.'),
    unread: z.number().int().describe('How many of the matching shares are unread.'),
    truncated: z.boolean(),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/shares' },
  handler: async (args, ctx) => {
    const data = await ctx.cway.request(
      FindShares,
      {
        fileNameFilter: args.fileName,
        sharedToUser: args.sharedTo,
        sharedByUser: args.sharedBy,
        includeRead: args.includeRead,
      },
      { signal: ctx.signal },
    );
    const all = (data.findShares ?? [])
      .filter((s): s is NonNullable<typeof s> => s !== null)
      .map(toShare)
      .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));
    return {
      shares: all.slice(0, args.limit),
      total: all.length,
      unread: all.filter((s) => !s.read).length,
      truncated: all.length > args.limit,
    };
  },
});
