/** The media center: folders, folder items, files, media-center artworks and their comments. */
import type { Store } from '../store.js';
import type { FileRow, FolderItemRow, FolderRow, McArtworkRow, McCommentRow } from './types.js';

export interface ItemQuery {
  /** Folders to search in; undefined means the whole organisation. */
  folderIds?: string[];
  search?: string;
  categoryId?: string;
  includeObsolete: boolean;
  sortField: 'NAME' | 'CREATED';
  sortDirection: 'ASC' | 'DESC';
}

export class MediaRepo {
  constructor(private readonly store: Store) {}

  /** Every folder, parents before children, siblings by position then name. */
  folders(): FolderRow[] {
    const rows = this.store.all<FolderRow>('SELECT * FROM folders ORDER BY position, fold(name), id');
    const byParent = new Map<string | null, FolderRow[]>();
    for (const f of rows) byParent.set(f.parentId, [...(byParent.get(f.parentId) ?? []), f]);
    const out: FolderRow[] = [];
    const walk = (parentId: string | null) => {
      for (const f of byParent.get(parentId) ?? []) {
        out.push(f);
        walk(f.id);
      }
    };
    walk(null);
    return out;
  }

  folder(id: string): FolderRow | undefined {
    return this.store.get<FolderRow>('SELECT * FROM folders WHERE id = ?', [id]);
  }

  children(parentId: string): FolderRow[] {
    return this.store.all<FolderRow>('SELECT * FROM folders WHERE parentId = ? ORDER BY position, fold(name), id', [
      parentId,
    ]);
  }

  /** The folder and all folders below it. */
  subtree(folderId: string): string[] {
    const ids = [folderId];
    for (let i = 0; i < ids.length; i++) ids.push(...this.children(ids[i]).map((f) => f.id));
    return ids;
  }

  items(q: ItemQuery, offset: number, limit: number): { rows: FolderItemRow[]; total: number } {
    const params = {
      all: q.folderIds ? 0 : 1,
      folders: JSON.stringify(q.folderIds ?? []),
      obsolete: q.includeObsolete ? 1 : 0,
      search: q.search ? q.search.toLowerCase() : null,
      category: q.categoryId ?? null,
    };
    const where = `WHERE (@all = 1 OR i.folderId IN (SELECT value FROM json_each(@folders)))
      AND (@obsolete = 1 OR i.obsolete = 0)
      AND (@search IS NULL OR instr(fold(i.name), @search) > 0)
      AND (@category IS NULL OR m.categoryId = @category)`;
    const from = 'FROM folderItems i LEFT JOIN mcArtworks m ON m.id = i.mcArtworkId';
    const total = this.store.get<{ n: number }>(`SELECT COUNT(*) AS n ${from} ${where}`, params)!.n;
    const order = q.sortField === 'CREATED' ? 'i.created' : 'fold(i.name)';
    const dir = q.sortDirection === 'DESC' ? 'DESC' : 'ASC';
    const rows = this.store.all<FolderItemRow>(
      `SELECT i.* ${from} ${where} ORDER BY ${order} ${dir}, i.id LIMIT @limit OFFSET @offset`,
      { ...params, limit, offset },
    );
    return { rows, total };
  }

  file(id: string): FileRow | undefined {
    return this.store.get<FileRow>('SELECT * FROM files WHERE id = ?', [id]);
  }

  mcArtwork(id: string): McArtworkRow | undefined {
    return this.store.get<McArtworkRow>('SELECT * FROM mcArtworks WHERE id = ?', [id]);
  }

  comments(mcArtworkId: string): McCommentRow[] {
    return this.store.all<McCommentRow>('SELECT * FROM mcComments WHERE mcArtworkId = ? ORDER BY number', [
      mcArtworkId,
    ]);
  }

  nextCommentNumber(mcArtworkId: string): number {
    return this.store.get<{ n: number }>(
      'SELECT coalesce(max(number), 0) + 1 AS n FROM mcComments WHERE mcArtworkId = ?',
      [mcArtworkId],
    )!.n;
  }
}
