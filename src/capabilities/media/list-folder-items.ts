import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';
import { pagingInput, uuid } from '../shared.js';
import { itemFilterInput, MediaItem, mediaItemPage, searchText, toMediaItemPage } from './fragments.js';

const FolderItems = graphql(
  `
    query MediaFolderItems($input: FindFolderItemInput!, $sorting: FolderItemSort, $paging: Paging) {
      itemsForFolder(input: $input, sorting: $sorting, paging: $paging) {
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
  name: 'list_folder_items',
  title: 'List folder items',
  description:
    'Files and artworks in a media-center folder, paged, sorted by name or date; filter by text or category, optionally with subfolders.',
  toolset: 'media',
  input: z.object({
    folderId: uuid('Folder id'),
    recursive: z
      .boolean()
      .default(false)
      .describe('Include items of all subfolders (default false: this folder only).'),
    search: searchText.optional().describe('Only items whose name matches this text.'),
    ...itemFilterInput,
    sortBy: z.enum(['NAME', 'CREATED']).default('NAME').describe('Sort by name or by date added.'),
    direction: z.enum(['ASC', 'DESC']).default('ASC').describe('Sort direction.'),
    ...pagingInput,
  }),
  output: mediaItemPage,
  hints: READ,
  rest: { method: 'GET', path: '/api/media/folders/{folderId}/items' },
  handler: async (args, ctx) => {
    const data = await ctx.cway.request(
      FolderItems,
      {
        input: {
          folderId: args.folderId,
          recursive: args.recursive,
          searchString: args.search,
          categoryId: args.categoryId,
          includeObsolete: args.includeObsolete,
        },
        sorting: { field: args.sortBy, direction: args.direction },
        paging: { page: args.page, pageSize: args.pageSize },
      },
      { signal: ctx.signal },
    );
    const result = data.itemsForFolder;
    if (!result) {
      throw new CapabilityError('not_found', `No media folder ${args.folderId}, or you cannot see it.`, {
        field: 'folderId',
        hint: 'Use get_media_folder_tree to find folder ids.',
      });
    }
    return toMediaItemPage(result, args.page, args.pageSize);
  },
});
