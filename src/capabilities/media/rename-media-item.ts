import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { uuid, plainText } from '../shared.js';
import { readDirectItems, readTree, requireFolder, requireItems } from './manage.js';

const Rename = graphql(`
  mutation MediaRenameItem($folderItemId: UUID!, $name: String!) {
    changeFolderItemName(folderItemId: $folderItemId, name: $name)
  }
`);

export default defineCapability({
  name: 'rename_media_item',
  title: 'Rename media item',
  description: 'Rename a file or artwork in a media-center folder (item id from list_folder_items).',
  toolset: 'media',
  input: z.object({
    folderId: uuid('Folder holding the item'),
    itemId: uuid('Folder item id'),
    name: plainText('Name').trim().min(1).max(255).describe('New name.'),
  }),
  output: z.object({ itemId: z.string(), previousName: z.string(), name: z.string() }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/items/{itemId}/rename' },
  handler: async ({ folderId, itemId, name }, ctx) => {
    const folder = requireFolder(await readTree(ctx), folderId, 'folderId');
    const [item] = await requireItems(ctx, folder, [itemId], 'itemId');
    await ctx.cway.request(
      Rename,
      { folderItemId: item!.id, name },
      { signal: ctx.signal, verify: 'list_folder_items (the folder)' },
    );
    const after = (await readDirectItems(ctx, folder.id)).items.find((i) => i.id === item!.id);
    return { itemId: item!.id, previousName: item!.name, name: after?.name ?? name };
  },
});
