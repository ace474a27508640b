/** Aggregations behind `statistics` and `openProjectsCountByMonth`, computed from stored data and history. */
import type { Store } from '../store.js';

export interface ApprovedArtworkStat {
  approvalDate: number;
  firstRevisionAt: number | null;
  revisions: number;
}

export interface MonthCount {
  /** `YYYY-MM` in UTC. */
  ym: string;
  n: number;
}

const YM = "strftime('%Y-%m', COL / 1000, 'unixepoch')";

export class StatsRepo {
  constructor(private readonly store: Store) {}

  approvedArtworks(): ApprovedArtworkStat[] {
    return this.store.all<ApprovedArtworkStat>(
      `SELECT a.approvalDate,
         (SELECT min(createdAt) FROM revisions r WHERE r.artworkId = a.id) AS firstRevisionAt,
         (SELECT COUNT(*) FROM revisions r WHERE r.artworkId = a.id) AS revisions
       FROM artworks a WHERE a.approvalDate IS NOT NULL`,
    );
  }

  deliveredPerMonth(from: number, to: number): MonthCount[] {
    return this.store.all<MonthCount>(
      `SELECT ${YM.replace('COL', 'deliveryDate')} AS ym, COUNT(*) AS n FROM artworks
       WHERE deliveryDate BETWEEN ? AND ? GROUP BY ym`,
      [from, to],
    );
  }

  /** Delivered artworks since `from` with their due day (the artwork's end date, else the project's). */
  deliveries(from: number): Array<{ deliveryDate: number; due: string | null }> {
    return this.store.all(
      `SELECT a.deliveryDate, coalesce(a.endDate, p.endDate) AS due FROM artworks a JOIN projects p ON p.id = a.projectId
       WHERE a.deliveryDate >= ?`,
      [from],
    );
  }

  rejectionsPerCategoryMonth(from: number): Array<MonthCount & { categoryId: string; category: string }> {
    return this.store.all(
      `SELECT ${YM.replace('COL', 'e.timestamp')} AS ym, c.id AS categoryId, c.name AS category, COUNT(*) AS n
       FROM artworkEvents e JOIN artworks a ON a.id = e.artworkId JOIN categories c ON c.id = a.categoryId
       WHERE e.kind = 'artwork.rejected' AND e.timestamp >= ? GROUP BY ym, c.id ORDER BY ym, c.name`,
      [from],
    );
  }

  /** Projects that existed at `at` and were not yet delivered or closed then. */
  openProjectsAt(at: number): number {
    return this.store.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM projects WHERE createdAt <= @at AND (closedAt IS NULL OR closedAt > @at)',
      { at },
    )!.n;
  }
}
