/**
 * Media-center management: create, rename, move and delete folders and items. Who may write is
 * an assumption (docs/sandbox.md, "Media-center writes"): users whose group may create top
 * folders (Project manager and Admin); the real per-folder permissions are not modelled.
 */
import type { Ctx } from './context.js';
import { nonBlank, requirePermission } from './context.js';
import type { FolderRow } from '../store/types.js';
import { badInput, conflict, notFound } from '../errors.js';

function requireFolder(ctx: Ctx, id: string): FolderRow {
  const f = ctx.store.media.folder(id);
  if (!f) throw notFound(`Folder ${id} not found`);
  return f;
}

const mayWrite = (ctx: Ctx, action: string) => requirePermission(ctx, 'canCreateTopFolder', action);

function nextPosition(ctx: Ctx, parentId: string | null): number {
  return ctx.store.get<{ n: number }>('SELECT coalesce(max(position), -1) + 1 AS n FROM folders WHERE parentId IS ?', [
    parentId,
  ])!.n;
}

/** Deletes a folder item; a media-center artwork no other item refers to goes with it. */
function dropItem(ctx: Ctx, itemId: string): void {
  const item = ctx.store.get<{ mcArtworkId: string | null }>('SELECT mcArtworkId FROM folderItems WHERE id = ?', [
    itemId,
  ]);
  ctx.store.run('DELETE FROM folderItems WHERE id = ?', [itemId]);
  if (item?.mcArtworkId) {
    const left = ctx.store.get('SELECT 1 FROM folderItems WHERE mcArtworkId = ?', [item.mcArtworkId]);
    if (!left) {
      ctx.store.run('DELETE FROM mcComments WHERE mcArtworkId = ?', [item.mcArtworkId]);
      ctx.store.run('DELETE FROM mcArtworks WHERE id = ?', [item.mcArtworkId]);
    }
  }
}

export const mediaWriteMutations = {
  createFolder: (
    _: unknown,
    { input }: { input: { parentFolderId: string; folderId?: string | null; name: string } },
    ctx: Ctx,
  ) => {
    mayWrite(ctx, 'create folders');
    const parent = requireFolder(ctx, input.parentFolderId);
    const id = input.folderId ?? ctx.store.newId();
    if (ctx.store.media.folder(id)) throw conflict(`A folder with id ${id} already exists`);
    ctx.store.insert('folders', {
      id,
      parentId: parent.id,
      name: nonBlank(input.name, 'name'),
      shared: 0,
      position: nextPosition(ctx, parent.id),
    });
    return true;
  },

  createRootFolder: (_: unknown, args: { name: string }, ctx: Ctx) => {
    mayWrite(ctx, 'create top-level folders');
    ctx.store.insert('folders', {
      id: ctx.store.newId(),
      parentId: null,
      name: nonBlank(args.name, 'name'),
      shared: 0,
      position: nextPosition(ctx, null),
    });
    return true;
  },

  renameFolder: (_: unknown, args: { folderId: string; name: string }, ctx: Ctx) => {
    mayWrite(ctx, 'rename folders');
    const f = requireFolder(ctx, args.folderId);
    ctx.store.update('folders', { id: f.id }, { name: nonBlank(args.name, 'name') });
    return true;
  },

  moveFolder: (
    _: unknown,
    args: { sourceFolderId: string; targetFolderId: string; child?: boolean | null; before?: boolean | null },
    ctx: Ctx,
  ) => {
    mayWrite(ctx, 'move folders');
    const source = requireFolder(ctx, args.sourceFolderId);
    const target = requireFolder(ctx, args.targetFolderId);
    if (ctx.store.media.subtree(source.id).includes(target.id))
      throw badInput(`Folder "${target.name}" is "${source.name}" or inside it; a folder cannot move into itself`);
    if (args.child !== false) {
      ctx.store.update('folders', { id: source.id }, { parentId: target.id, position: nextPosition(ctx, target.id) });
      return true;
    }
    // A sibling of the target, just before or after it: renumber the target's siblings.
    const siblings = ctx.store.media
      .folders()
      .filter((f) => f.parentId === target.parentId && f.id !== source.id)
      .sort((a, b) => a.position - b.position);
    const at = siblings.findIndex((f) => f.id === target.id) + (args.before ? 0 : 1);
    siblings.splice(at, 0, { ...source, parentId: target.parentId });
    siblings.forEach((f, i) =>
      ctx.store.update(
        'folders',
        { id: f.id },
        { position: i, ...(f.id === source.id ? { parentId: target.parentId } : {}) },
      ),
    );
    return true;
  },

  deleteFolder: (_: unknown, args: { folderId: string }, ctx: Ctx) => {
    mayWrite(ctx, 'delete folders');
    const f = requireFolder(ctx, args.folderId);
    for (const id of ctx.store.media.subtree(f.id).reverse()) {
      for (const item of ctx.store.all<{ id: string }>('SELECT id FROM folderItems WHERE folderId = ?', [id]))
        dropItem(ctx, item.id);
      ctx.store.run('DELETE FROM folders WHERE id = ?', [id]);
    }
    return true;
  },

  changeFolderItemName: (_: unknown, args: { folderItemId: string; name: string }, ctx: Ctx) => {
    mayWrite(ctx, 'rename items');
    const n = ctx.store.run('UPDATE folderItems SET name = ? WHERE id = ?', [
      nonBlank(args.name, 'name'),
      args.folderItemId,
    ]);
    if (n === 0) throw notFound(`Folder item ${args.folderItemId} not found`);
    return true;
  },

  moveFolderItems: (
    _: unknown,
    args: { sourceFolderId: string; targetFolderId: string; folderItems: string[] },
    ctx: Ctx,
  ) => {
    mayWrite(ctx, 'move items');
    const source = requireFolder(ctx, args.sourceFolderId);
    const target = requireFolder(ctx, args.targetFolderId);
    if (args.folderItems.length === 0) throw badInput('folderItems must not be empty');
    for (const id of args.folderItems) {
      const n = ctx.store.run('UPDATE folderItems SET folderId = ? WHERE id = ? AND folderId = ?', [
        target.id,
        id,
        source.id,
      ]);
      if (n === 0) throw notFound(`Item ${id} is not in the folder "${source.name}"`);
    }
    return true;
  },

  removeFolderItem: (_: unknown, args: { folderId: string; folderItemId: string }, ctx: Ctx) => {
    mayWrite(ctx, 'delete items');
    const folder = requireFolder(ctx, args.folderId);
    const item = ctx.store.get('SELECT 1 FROM folderItems WHERE id = ? AND folderId = ?', [
      args.folderItemId,
      folder.id,
    ]);
    if (!item) throw notFound(`Item ${args.folderItemId} is not in the folder "${folder.name}"`);
    dropItem(ctx, args.folderItemId);
    return true;
  },
};
