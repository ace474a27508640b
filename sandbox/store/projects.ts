/** Projects: lookups, the filtered and paged list, and per-project artwork counts. */
import type { Store } from '../store.js';
import type { ArtworkRow, ArtworkState, ProjectRow } from './types.js';

export interface ProjectQuery {
  /** Restrict to projects this user is involved in (users without canSeeOtherProjects). */
  involvedUserId?: string;
  /** `ProjectFilter.onlyMine`: the caller's id. */
  mineUserId?: string;
  name?: string;
  states?: string[];
  ordererUsername?: string;
  orderNo?: string;
}

/** A user is involved in a project as its orderer, its manager, or an assignee of one of its artworks. */
const involved = (param: string) => `(p.ordererId = @${param} OR p.managerId = @${param}
  OR p.id IN (SELECT projectId FROM artworkUsers WHERE userId = @${param})
  OR p.id IN (SELECT t.projectId FROM artworkTeams t JOIN teamMembers m ON m.teamId = t.teamId WHERE m.userId = @${param}))`;

const COLUMNS = `p.id, p.name, p.description, p.notes, p.orderNo, p.state, p.ordererId, p.managerId, p.createdAt,
  p.startDate, p.endDate, p.lastActivity, p.closedAt`;

export class ProjectsRepo {
  constructor(private readonly store: Store) {}

  get(id: string): ProjectRow | undefined {
    return this.store.get<ProjectRow>(`SELECT ${COLUMNS} FROM projects p WHERE p.id = ?`, [id]);
  }

  isInvolved(projectId: string, userId: string): boolean {
    return !!this.store.get(`SELECT 1 FROM projects p WHERE p.id = @projectId AND ${involved('userId')}`, {
      projectId,
      userId,
    });
  }

  /** One page of matching projects, newest first (created desc, then id), and the count before paging. */
  list(q: ProjectQuery, offset: number, limit: number): { rows: ProjectRow[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.involvedUserId) {
      where.push(involved('viewer'));
      params.viewer = q.involvedUserId;
    }
    if (q.mineUserId) {
      where.push(involved('mine'));
      params.mine = q.mineUserId;
    }
    if (q.name) {
      where.push('instr(p.search, @name) > 0');
      params.name = q.name.toLowerCase();
    }
    if (q.states) {
      where.push('p.state IN (SELECT value FROM json_each(@states))');
      params.states = JSON.stringify(q.states);
    }
    if (q.ordererUsername !== undefined) {
      where.push('p.ordererId IN (SELECT id FROM users WHERE username = @orderer COLLATE NOCASE)');
      params.orderer = q.ordererUsername;
    }
    if (q.orderNo !== undefined) {
      where.push('p.orderNo = @orderNo');
      params.orderNo = q.orderNo;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM projects p ${clause}`, params)!.n;
    const rows = this.store.all<ProjectRow>(
      `SELECT ${COLUMNS} FROM projects p ${clause} ORDER BY p.createdAt DESC, p.id LIMIT @limit OFFSET @offset`,
      { ...params, limit, offset },
    );
    return { rows, total };
  }

  artworks(projectId: string): ArtworkRow[] {
    return this.store.all<ArtworkRow>('SELECT * FROM artworks WHERE projectId = ? ORDER BY position, createdAt, id', [
      projectId,
    ]);
  }

  /** The artworks of many projects at once, grouped by project id. */
  artworksOf(projectIds: string[]): Map<string, ArtworkRow[]> {
    const out = new Map<string, ArtworkRow[]>(projectIds.map((id) => [id, []]));
    const rows = this.store.all<ArtworkRow>(
      'SELECT * FROM artworks WHERE projectId IN (SELECT value FROM json_each(?)) ORDER BY projectId, position, createdAt, id',
      [JSON.stringify(projectIds)],
    );
    for (const a of rows) out.get(a.projectId)!.push(a);
    return out;
  }

  /** Number of artworks per state in a project. */
  stateCounts(projectId: string): Map<ArtworkState, number> {
    const rows = this.store.all<{ state: ArtworkState; n: number }>(
      'SELECT state, COUNT(*) AS n FROM artworks WHERE projectId = ? GROUP BY state',
      [projectId],
    );
    return new Map(rows.map((r) => [r.state, r.n]));
  }

  /** Keeps the lowercase search text (name + description) in step with the row. */
  refreshSearch(projectId: string): void {
    const p = this.get(projectId);
    if (p) this.store.update('projects', { id: projectId }, { search: searchText(p.name, p.description) });
  }
}

/** The search text of a project, computed in JS so case folding covers non-ASCII letters. */
export function searchText(name: string, description: string | null | undefined): string {
  return `${name} ${description ?? ''}`.toLowerCase();
}
