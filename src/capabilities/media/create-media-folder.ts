import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { uuid, plainText } from '../shared.js';
import { folderOut, readTree, requireFolder } from './manage.js';

const CreateFolder = graphql(`
  mutation MediaCreateFolder($input: AddFolderInput!) {
    createFolder(input: $input)
  }
`);

const CreateRootFolder = graphql(`
  mutation MediaCreateRootFolder($name: String!) {
    createRootFolder(name: $name)
  }
`);

const notInTree = (name: string) =>
  new CapabilityError('internal', `Cway accepted the folder "${name}" but it is not in the folder tree you can see.`, {
    hint: 'Do not create it again: look for it with get_media_folder_tree first.',
  });

export default defineCapability({
  name: 'create_media_folder',
  title: 'Create media folder',
  description:
    'Create a media-center folder inside parentFolderId, or at the top level when it is left out. Returns the folder.',
  toolset: 'media',
  input: z.object({
    name: plainText('Folder name').trim().min(1).max(255).describe('Folder name.'),
    parentFolderId: uuid('Parent folder id').optional().describe('Parent folder; leave out for a top-level folder.'),
  }),
  output: z.object({ folder: folderOut }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/folders' },
  handler: async ({ name, parentFolderId }, ctx) => {
    const before = await readTree(ctx);
    if (parentFolderId) {
      const parent = requireFolder(before, parentFolderId, 'parentFolderId');
      const folderId = randomUUID();
      await ctx.cway.request(
        CreateFolder,
        { input: { parentFolderId: parent.id, folderId, name } },
        { signal: ctx.signal, verify: 'get_media_folder_tree' },
      );
      const after = await readTree(ctx);
      const made = after.get(folderId);
      if (!made) throw notInTree(name);
      return { folder: after.row(made) };
    }
    // createRootFolder takes no id and returns none: find the new top folder by name in a tree diff.
    await ctx.cway.request(CreateRootFolder, { name }, { signal: ctx.signal, verify: 'get_media_folder_tree' });
    const after = await readTree(ctx);
    const made = after.folders.find((f) => !before.get(f.id) && f.parentId === null && f.name === name);
    if (!made) throw notInTree(name);
    return { folder: after.row(made) };
  },
});
