import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { readDirectItems, readTree, requireFolder, requireItems } from './manage.js';

const Move = graphql(`
  mutation MediaMoveItems($sourceFolderId: UUID!, $targetFolderId: UUID!, $folderItems: [UUID!]!) {
    moveFolderItems(sourceFolderId: $sourceFolderId, targetFolderId: $targetFolderId, folderItems: $folderItems)
  }
`);

export default defineCapability({
  name: 'move_media_items',
  title: 'Move media items',
  description:
    'Move files and artworks from one media-center folder to another (folder item ids from list_folder_items). Returns the items now in the target folder.',
  toolset: 'media',
  input: z.object({
    sourceFolderId: uuid('Folder the items are in'),
    targetFolderId: uuid('Folder to move them to'),
    itemIds: z.array(uuid('Folder item id')).min(1).max(100).describe('Folder item ids, 1-100.'),
  }),
  output: z.object({
    targetPath: z.string(),
    moved: z.array(z.object({ itemId: z.string(), name: z.string(), kind: z.string() })),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/items/move' },
  handler: async ({ sourceFolderId, targetFolderId, itemIds }, ctx) => {
    const tree = await readTree(ctx);
    const source = requireFolder(tree, sourceFolderId, 'sourceFolderId');
    const target = requireFolder(tree, targetFolderId, 'targetFolderId');
    if (source.id === target.id)
      throw new CapabilityError('invalid_input', 'The source and target folders are the same.', {
        field: 'targetFolderId',
      });
    const items = await requireItems(ctx, source, itemIds, 'itemIds');
    await ctx.cway.request(
      Move,
      { sourceFolderId: source.id, targetFolderId: target.id, folderItems: items.map((i) => i.id) },
      { signal: ctx.signal, verify: 'list_folder_items (both folders)' },
    );
    const now = new Set((await readDirectItems(ctx, target.id)).items.map((i) => i.id));
    return {
      targetPath: tree.path(target.id),
      moved: items.filter((i) => now.has(i.id)).map((i) => ({ itemId: i.id, name: i.name, kind: i.kind })),
    };
  },
});
