import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { runInOrder } from '../artworks/load.js';
import { readDirectItems, readTree, requireFolder, requireItems } from './manage.js';

const Remove = graphql(`
  mutation MediaRemoveItem($folderId: UUID!, $folderItemId: UUID!) {
    removeFolderItem(folderId: $folderId, folderItemId: $folderItemId)
  }
`);

export default defineCapability({
  name: 'delete_media_items',
  title: 'Delete media items',
  description: 'Delete files and artworks from a media-center folder. Asks for confirmation first.',
  toolset: 'media',
  input: z.object({
    folderId: uuid('Folder holding the items'),
    itemIds: z.array(uuid('Folder item id')).min(1).max(50).describe('Folder item ids, 1-50.'),
    ...confirmationInput,
  }),
  output: z.object({
    ...confirmationOutput,
    deleted: z.array(z.string()).optional().describe('Item ids gone after the call (when done).'),
    notDeleted: z.array(z.string()).optional().describe('Item ids still in the folder (when done).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/items/delete' },
  handler: async ({ folderId, itemIds, confirmationToken }, ctx) => {
    const tree = await readTree(ctx);
    const folder = requireFolder(tree, folderId, 'folderId');
    const items = await requireItems(ctx, folder, itemIds, 'itemIds');
    const pending = await requireConfirmation(
      ctx,
      {
        name: 'delete_media_items',
        targets: items.map((i) => i.id),
        summary: `Delete ${items.length} item(s) from "${tree.path(folder.id)}": ${items.map((i) => `"${i.name}" (${i.kind})`).join(', ')}. This cannot be undone.`,
        preview: items.map((i) => ({ name: i.name, kind: i.kind })),
      },
      confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending };
    // One item per call (the API has no batch delete); never retried.
    await runInOrder(
      items,
      (i) => `"${i.name}" (${i.id})`,
      (i) =>
        ctx.cway.request(
          Remove,
          { folderId: folder.id, folderItemId: i.id },
          { signal: ctx.signal, verify: 'list_folder_items (the folder)' },
        ),
    );
    const left = new Set((await readDirectItems(ctx, folder.id)).items.map((i) => i.id));
    return {
      status: 'done' as const,
      deleted: items.filter((i) => !left.has(i.id)).map((i) => i.id),
      notDeleted: items.filter((i) => left.has(i.id)).map((i) => i.id),
    };
  },
});
