/** Shares: what a user may see and the filters of `findShares`. */
import type { Store } from '../store.js';
import type { ShareRow } from './types.js';

export interface ShareQuery {
  /** The viewer's username; undefined for someone who sees every share (an administrator). */
  viewer?: string;
  fileName?: string;
  sharedTo?: string;
  sharedBy?: string;
  includeRead: boolean;
}

/** A share is visible to its sender and to every address it was sent to. */
const VISIBLE = `(@viewer IS NULL OR fold(s.sharedFrom) = fold(@viewer)
  OR instr(',' || replace(fold(s.sharedTo), ' ', '') || ',', ',' || fold(@viewer) || ',') > 0)`;

export class SharesRepo {
  constructor(private readonly store: Store) {}

  get(id: string, viewer?: string): ShareRow | undefined {
    return this.store.get<ShareRow>(`SELECT * FROM shares s WHERE s.id = @id AND ${VISIBLE}`, {
      id,
      viewer: viewer ?? null,
    });
  }

  find(q: ShareQuery): ShareRow[] {
    return this.store.all<ShareRow>(
      `SELECT * FROM shares s WHERE ${VISIBLE}
         AND (@includeRead = 1 OR s.read = 0)
         AND (@fileName IS NULL OR instr(fold(s.name), fold(@fileName)) > 0)
         AND (@sharedTo IS NULL OR instr(fold(s.sharedTo), fold(@sharedTo)) > 0)
         AND (@sharedBy IS NULL OR instr(fold(s.sharedFrom), fold(@sharedBy)) > 0)
       ORDER BY s.created DESC, s.id`,
      {
        viewer: q.viewer ?? null,
        includeRead: q.includeRead ? 1 : 0,
        fileName: q.fileName ?? null,
        sharedTo: q.sharedTo ?? null,
        sharedBy: q.sharedBy ?? null,
      },
    );
  }
}
