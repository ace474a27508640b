import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { folderOut, readTree, requireFolder } from './manage.js';

const Move = graphql(`
  mutation MediaMoveFolder($sourceFolderId: UUID!, $targetFolderId: UUID!, $child: Boolean, $before: Boolean) {
    moveFolder(sourceFolderId: $sourceFolderId, targetFolderId: $targetFolderId, child: $child, before: $before)
  }
`);

export default defineCapability({
  name: 'move_media_folder',
  title: 'Move media folder',
  description: 'Move a media-center folder into another folder, or before/after it. Returns its new path.',
  toolset: 'media',
  input: z.object({
    folderId: uuid('Folder to move'),
    targetFolderId: uuid('Target folder'),
    position: z
      .enum(['inside', 'before', 'after'])
      .default('inside')
      .describe('inside = becomes a subfolder of the target; before/after = becomes its sibling.'),
  }),
  output: z.object({ previousPath: z.string(), folder: folderOut }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/media/folders/{folderId}/move' },
  handler: async ({ folderId, targetFolderId, position }, ctx) => {
    const tree = await readTree(ctx);
    const source = requireFolder(tree, folderId, 'folderId');
    const target = requireFolder(tree, targetFolderId, 'targetFolderId');
    if (tree.subtree(source.id).some((f) => f.id === target.id)) {
      throw new CapabilityError(
        'invalid_input',
        `"${tree.path(target.id)}" is the folder itself or inside it; a folder cannot move into itself.`,
        { field: 'targetFolderId', hint: 'Pick a target outside the folder being moved.' },
      );
    }
    await ctx.cway.request(
      Move,
      {
        sourceFolderId: source.id,
        targetFolderId: target.id,
        child: position === 'inside',
        before: position === 'before',
      },
      { signal: ctx.signal, verify: 'get_media_folder_tree' },
    );
    const after = await readTree(ctx);
    return { previousPath: tree.path(source.id), folder: after.row(after.get(source.id) ?? source) };
  },
});
