/**
 * Reads shared by the media-center writes: the folder tree (to check ids and name paths) and the
 * direct items of a folder (to check item ids before a move, rename or delete). Writes return only
 * a Boolean, so every capability re-reads what it changed.
 */
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';

const Tree = graphql(`
  query ManageMediaTree {
    tree {
      id
      parentId
      name
    }
  }
`);

const DirectItems = graphql(`
  query ManageFolderItems($input: FindFolderItemInput!, $paging: Paging) {
    itemsForFolder(input: $input, paging: $paging) {
      totalHits
      items {
        __typename
        ... on FileFolderItem {
          id
          name
        }
        ... on ArtworkFolderItem {
          id
          name
        }
      }
    }
  }
`);

export interface TreeFolder {
  id: string;
  parentId: string | null;
  name: string;
}

export interface FolderItemRef {
  id: string;
  name: string;
  kind: 'file' | 'artwork';
}

/** Items read per folder when checking ids; a folder with more is checked against this many only. */
export const ITEM_PAGE = 500;
export const MAX_ITEM_PAGES = 4;

export const folderOut = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  path: z.string().describe('Names from the top folder down, joined with " / ".'),
});

export class MediaTree {
  readonly byId: Map<string, TreeFolder>;
  constructor(readonly folders: TreeFolder[]) {
    this.byId = new Map(folders.map((f) => [f.id.toLowerCase(), f]));
  }
  get(id: string): TreeFolder | undefined {
    return this.byId.get(id.toLowerCase());
  }
  path(id: string): string {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let f = this.get(id); f && !seen.has(f.id); f = f.parentId ? this.get(f.parentId) : undefined) {
      seen.add(f.id);
      names.unshift(f.name);
    }
    return names.join(' / ');
  }
  /** The folder and every folder below it. */
  subtree(id: string): TreeFolder[] {
    const root = this.get(id);
    if (!root) return [];
    const out: TreeFolder[] = [root];
    const seen = new Set([root.id]);
    for (let i = 0; i < out.length; i++) {
      for (const f of this.folders) {
        if (f.parentId !== out[i]!.id || seen.has(f.id)) continue;
        seen.add(f.id);
        out.push(f);
      }
    }
    return out;
  }
  row(f: TreeFolder) {
    return { id: f.id, name: f.name, parentId: f.parentId ?? null, path: this.path(f.id) };
  }
}

export async function readTree(ctx: CapabilityContext): Promise<MediaTree> {
  const data = await ctx.cway.request(Tree, {}, { signal: ctx.signal });
  return new MediaTree(data.tree.map((f) => ({ id: f.id, parentId: f.parentId ?? null, name: f.name })));
}

export function requireFolder(tree: MediaTree, id: string, field: string): TreeFolder {
  const f = tree.get(id);
  if (!f) {
    throw new CapabilityError('not_found', `No media-center folder ${id} is visible to you.`, {
      field,
      hint: 'Find folder ids with get_media_folder_tree.',
    });
  }
  return f;
}

/** The folder's own items (not those of subfolders), up to ITEM_PAGE × MAX_ITEM_PAGES, and the total. */
export async function readDirectItems(
  ctx: CapabilityContext,
  folderId: string,
): Promise<{ items: FolderItemRef[]; total: number }> {
  const items: FolderItemRef[] = [];
  let total = 0;
  for (let page = 0; page < MAX_ITEM_PAGES; page++) {
    const data = await ctx.cway.request(
      DirectItems,
      { input: { folderId, recursive: false, includeObsolete: true }, paging: { page, pageSize: ITEM_PAGE } },
      { signal: ctx.signal },
    );
    const r = data.itemsForFolder;
    total = Number(r?.totalHits ?? 0);
    for (const i of r?.items ?? []) {
      if (i.__typename === 'FileFolderItem') items.push({ id: i.id, name: i.name, kind: 'file' });
      else if (i.__typename === 'ArtworkFolderItem') items.push({ id: i.id, name: i.name, kind: 'artwork' });
    }
    if ((page + 1) * ITEM_PAGE >= total) break;
  }
  return { items, total };
}

/** The named items of a folder; not_found lists ids that are not (directly) in it. */
export async function requireItems(
  ctx: CapabilityContext,
  folder: TreeFolder,
  ids: readonly string[],
  field: string,
): Promise<FolderItemRef[]> {
  const { items, total } = await readDirectItems(ctx, folder.id);
  const byId = new Map(items.map((i) => [i.id.toLowerCase(), i]));
  const missing = ids.filter((id) => !byId.has(id.toLowerCase()));
  if (missing.length) {
    const partial = items.length < total ? ` (only its first ${items.length} of ${total} items were checked)` : '';
    throw new CapabilityError('not_found', `Not in the folder "${folder.name}"${partial}: ${missing.join(', ')}.`, {
      field,
      hint: 'Find item ids with list_folder_items on that folder (recursive: false).',
    });
  }
  return [...new Set(ids.map((id) => id.toLowerCase()))].map((id) => byId.get(id)!);
}
