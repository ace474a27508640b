import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { uuid, plainText } from '../shared.js';
import { folderOut, readTree, requireFolder } from './manage.js';

const Rename = graphql(`
  mutation MediaRenameFolder($folderId: UUID!, $name: String!) {
    renameFolder(folderId: $folderId, name: $name)
  }
`);

export default defineCapability({
  name: 'rename_media_folder',
  title: 'Rename media folder',
  description: 'Rename a media-center folder. Returns the folder with its new path.',
  toolset: 'media',
  input: z.object({
    folderId: uuid('Folder id'),
    name: plainText('Folder name').trim().min(1).max(255).describe('New folder name.'),
  }),
  output: z.object({ previousName: z.string(), folder: folderOut }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/folders/{folderId}/rename' },
  handler: async ({ folderId, name }, ctx) => {
    const folder = requireFolder(await readTree(ctx), folderId, 'folderId');
    await ctx.cway.request(
      Rename,
      { folderId: folder.id, name },
      { signal: ctx.signal, verify: 'get_media_folder_tree' },
    );
    const after = await readTree(ctx);
    return { previousName: folder.name, folder: after.row(after.get(folder.id) ?? { ...folder, name }) };
  },
});
