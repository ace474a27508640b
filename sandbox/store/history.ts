/**
 * Project and artwork history. Recording an event also moves `Project.lastActivity` and
 * `Artwork.latestActivity` forward, so the activity columns always equal the newest event.
 */
import type { Store } from '../store.js';
import type { EventRow } from './types.js';

export interface NewEvent {
  projectId: string;
  /** When set, the event is also part of the artwork's history. */
  artworkId?: string;
  /** Machine-readable kind used by statistics, e.g. `artwork.rejected`. */
  kind: string;
  /** Free text, like the real API's names, e.g. "Artwork approved". */
  name: string;
  description: string;
  at: number;
}

export class HistoryRepo {
  constructor(private readonly store: Store) {}

  record(e: NewEvent): void {
    const s = this.store;
    const base = { kind: e.kind, name: e.name, description: e.description, timestamp: e.at };
    s.insert('projectEvents', { id: s.newId(), projectId: e.projectId, ...base });
    s.run('UPDATE projects SET lastActivity = max(coalesce(lastActivity, 0), @at) WHERE id = @id', {
      at: e.at,
      id: e.projectId,
    });
    if (e.artworkId) {
      s.insert('artworkEvents', { id: s.newId(), artworkId: e.artworkId, projectId: e.projectId, ...base });
      s.run('UPDATE artworks SET latestActivity = max(latestActivity, @at) WHERE id = @id', {
        at: e.at,
        id: e.artworkId,
      });
    }
  }

  /** A project's events, oldest first. */
  projectEvents(projectId: string): EventRow[] {
    return this.store.all<EventRow>(
      'SELECT id, kind, name, description, timestamp FROM projectEvents WHERE projectId = ? ORDER BY timestamp, seq',
      [projectId],
    );
  }

  /** An artwork's events, oldest first. */
  artworkEvents(artworkId: string): EventRow[] {
    return this.store.all<EventRow>(
      'SELECT id, kind, name, description, timestamp FROM artworkEvents WHERE artworkId = ? ORDER BY timestamp, seq',
      [artworkId],
    );
  }

  deleteProject(projectId: string): void {
    this.store.run('DELETE FROM projectEvents WHERE projectId = ?', [projectId]);
  }
}
