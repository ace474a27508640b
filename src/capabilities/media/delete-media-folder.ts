import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { mapLimit, uuid } from '../shared.js';
import { readDirectItems, readTree, requireFolder } from './manage.js';

const DeleteFolder = graphql(`
  mutation MediaDeleteFolder($folderId: UUID!) {
    deleteFolder(folderId: $folderId)
  }
`);

/** Folders whose items are counted for the preview; beyond this the count says "at least". */
const COUNT_FOLDERS = 50;

export default defineCapability({
  name: 'delete_media_folder',
  title: 'Delete media folder',
  description:
    'Delete a media-center folder with everything in it. Asks for confirmation first, showing what would go.',
  toolset: 'media',
  input: z.object({ folderId: uuid('Folder id'), ...confirmationInput }),
  output: z.object({
    ...confirmationOutput,
    preview: z
      .object({
        path: z.string(),
        folders: z.number().int().describe('The folder and its subfolders.'),
        items: z.number().int().describe('Files and artworks in them (a lower bound when itemsCounted is false).'),
        itemsCounted: z.boolean(),
      })
      .optional(),
    deleted: z.boolean().optional().describe('True when the folder is gone after the call (when done).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/folders/{folderId}/delete' },
  handler: async ({ folderId, confirmationToken }, ctx) => {
    const tree = await readTree(ctx);
    const folder = requireFolder(tree, folderId, 'folderId');
    const subtree = tree.subtree(folder.id);
    const counted = subtree.slice(0, COUNT_FOLDERS);
    const totals = await mapLimit(counted, 4, async (f) => (await readDirectItems(ctx, f.id)).total);
    const preview = {
      path: tree.path(folder.id),
      folders: subtree.length,
      items: totals.reduce((a, b) => a + b, 0),
      itemsCounted: counted.length === subtree.length,
    };
    const pending = await requireConfirmation(
      ctx,
      {
        name: 'delete_media_folder',
        targets: [folder.id],
        summary: `Delete the media folder "${preview.path}" with ${preview.folders - 1} subfolder(s) and ${preview.itemsCounted ? '' : 'at least '}${preview.items} file(s)/artwork(s). This cannot be undone.`,
        preview,
      },
      confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending, preview };
    await ctx.cway.request(
      DeleteFolder,
      { folderId: folder.id },
      { signal: ctx.signal, verify: 'get_media_folder_tree' },
    );
    return { status: 'done' as const, deleted: !(await readTree(ctx)).get(folder.id) };
  },
});
