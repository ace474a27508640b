/** Artworks and what hangs off them: user and team assignments, revisions, corrections, files. */
import type { Store } from '../store.js';
import type {
  ArtworkFileRow,
  ArtworkRow,
  ArtworkTeamRow,
  ArtworkUserRow,
  CorrectionRow,
  RevisionRow,
  TeamApprovalRow,
} from './types.js';

export class ArtworksRepo {
  constructor(private readonly store: Store) {}

  get(id: string): ArtworkRow | undefined {
    return this.store.get<ArtworkRow>('SELECT * FROM artworks WHERE id = ?', [id]);
  }

  users(artworkId: string): ArtworkUserRow[] {
    return this.store.all<ArtworkUserRow>('SELECT * FROM artworkUsers WHERE artworkId = ? ORDER BY seq, userId', [
      artworkId,
    ]);
  }

  assignment(artworkId: string, userId: string): ArtworkUserRow | undefined {
    return this.store.get<ArtworkUserRow>('SELECT * FROM artworkUsers WHERE artworkId = ? AND userId = ?', [
      artworkId,
      userId,
    ]);
  }

  teams(artworkId: string): ArtworkTeamRow[] {
    return this.store.all<ArtworkTeamRow>(
      'SELECT t.* FROM artworkTeams t JOIN teams s ON s.id = t.teamId WHERE t.artworkId = ? ORDER BY s.name, t.id',
      [artworkId],
    );
  }

  teamApprovals(artworkTeamId: string): TeamApprovalRow[] {
    return this.store.all<TeamApprovalRow>('SELECT * FROM teamApprovals WHERE artworkTeamId = ?', [artworkTeamId]);
  }

  revisions(artworkId: string): RevisionRow[] {
    return this.store.all<RevisionRow>('SELECT * FROM revisions WHERE artworkId = ? ORDER BY revisionNo', [artworkId]);
  }

  currentRevision(artworkId: string): RevisionRow | undefined {
    return this.store.get<RevisionRow>('SELECT * FROM revisions WHERE artworkId = ? ORDER BY revisionNo DESC LIMIT 1', [
      artworkId,
    ]);
  }

  revisionCount(artworkId: string): number {
    return this.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM revisions WHERE artworkId = ?', [artworkId])!.n;
  }

  corrections(revisionId: string): CorrectionRow[] {
    return this.store.all<CorrectionRow>('SELECT * FROM corrections WHERE revisionId = ? ORDER BY number', [
      revisionId,
    ]);
  }

  correction(id: string): CorrectionRow | undefined {
    return this.store.get<CorrectionRow>('SELECT * FROM corrections WHERE id = ?', [id]);
  }

  nextCorrectionNumber(revisionId: string): number {
    return this.store.get<{ n: number }>(
      'SELECT coalesce(max(number), 0) + 1 AS n FROM corrections WHERE revisionId = ?',
      [revisionId],
    )!.n;
  }

  files(artworkId: string): ArtworkFileRow[] {
    return this.store.all<ArtworkFileRow>('SELECT * FROM artworkFiles WHERE artworkId = ? ORDER BY fileType, fileId', [
      artworkId,
    ]);
  }

  /** Artworks under review where the user is a direct approver who has not decided yet. */
  awaitingDirectDecision(userId: string): ArtworkRow[] {
    return this.store.all<ArtworkRow>(
      `SELECT a.* FROM artworkUsers u JOIN artworks a ON a.id = u.artworkId
       WHERE u.userId = ? AND u.isApprover = 1 AND u.approved = 0 AND u.rejected = 0 AND a.state IN ('FOR_REVIEW', 'COMMENTED')`,
      [userId],
    );
  }

  /** Artworks under review with an approver team the user belongs to (whether the team still needs them is for the caller). */
  underReviewByTeamsOf(userId: string): ArtworkRow[] {
    return this.store.all<ArtworkRow>(
      `SELECT DISTINCT a.* FROM teamMembers m JOIN artworkTeams t ON t.teamId = m.teamId AND t.isApprover = 1
       JOIN artworks a ON a.id = t.artworkId WHERE m.userId = ? AND a.state IN ('FOR_REVIEW', 'COMMENTED')`,
      [userId],
    );
  }

  /** Artworks in the given states where the user is a supplier, directly or through a team. */
  supplierArtworks(userId: string, states: string[]): ArtworkRow[] {
    return this.store.all<ArtworkRow>(
      `SELECT a.* FROM artworks a WHERE a.state IN (SELECT value FROM json_each(@states)) AND (
         a.id IN (SELECT artworkId FROM artworkUsers WHERE userId = @u AND isSupplier = 1)
         OR a.id IN (SELECT t.artworkId FROM artworkTeams t JOIN teamMembers m ON m.teamId = t.teamId
                     WHERE m.userId = @u AND t.isSupplier = 1))
       ORDER BY a.createdAt, a.id`,
      { u: userId, states: JSON.stringify(states) },
    );
  }

  /** Removes an artwork and everything attached to it. */
  delete(artworkId: string): void {
    const s = this.store;
    s.run('DELETE FROM teamApprovals WHERE artworkTeamId IN (SELECT id FROM artworkTeams WHERE artworkId = ?)', [
      artworkId,
    ]);
    for (const table of ['artworkTeams', 'artworkUsers', 'corrections', 'revisions', 'artworkFiles', 'artworkEvents']) {
      s.run(`DELETE FROM ${table} WHERE artworkId = ?`, [artworkId]);
    }
    s.run('DELETE FROM artworks WHERE id = ?', [artworkId]);
  }
}
