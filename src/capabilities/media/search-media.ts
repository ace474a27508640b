import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { pageInfo, pageOutput, pagingInput } from '../shared.js';
import { MediaItem, mediaItem, searchText, toMediaItem } from './fragments.js';

const SearchMedia = graphql(
  `
    query SearchMedia($input: FindFolderItemsInOrganisationInput!, $paging: Paging) {
      itemsForOrganisation(input: $input, paging: $paging) {
        page
        totalHits
        items {
          ...MediaItem
        }
      }
    }
  `,
  [MediaItem],
);

export default defineCapability({
  name: 'search_media',
  title: 'Search media center',
  description:
    'Search files and artworks across all media-center folders of the organisation by name, optionally by category or including obsolete items. Paged; Cway offers no sorting here. Returns fileId / mediaArtworkId for the other media tools.',
  toolset: 'media',
  input: z.object({
    query: searchText
      .optional()
      .describe('Text to find in item names. Leave out to list everything (with a category).'),
    categoryId: z.string().uuid().optional().describe('Only artworks of this category (see list_categories).'),
    includeObsolete: z.boolean().default(false).describe('Include items marked obsolete (default false).'),
    ...pagingInput,
  }),
  output: z.object({ items: z.array(mediaItem) }).extend(pageOutput.shape),
  hints: READ,
  rest: { method: 'GET', path: '/api/media/search' },
  handler: async (args, ctx) => {
    const data = await ctx.cway.request(
      SearchMedia,
      {
        input: { searchString: args.query, categoryId: args.categoryId, includeObsolete: args.includeObsolete },
        paging: { page: args.page, pageSize: args.pageSize },
      },
      { signal: ctx.signal },
    );
    const result = data.itemsForOrganisation ?? { items: [], totalHits: 0 };
    return { items: result.items.map(toMediaItem), ...pageInfo(args.page, args.pageSize, Number(result.totalHits)) };
  },
});
