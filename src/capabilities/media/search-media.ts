import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { pagingInput } from '../shared.js';
import { itemFilterInput, MediaItem, mediaItemPage, searchText, toMediaItemPage } from './fragments.js';

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
    'Find media-center files and artworks by name across all folders. Returns fileId and mediaArtworkId for the other media tools, paged.',
  toolset: 'media',
  input: z.object({
    query: searchText
      .optional()
      .describe('Text to find in item names. Leave out to list everything (with a category).'),
    ...itemFilterInput,
    ...pagingInput,
  }),
  output: mediaItemPage,
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
    return toMediaItemPage(result, args.page, args.pageSize);
  },
});
