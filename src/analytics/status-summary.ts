/**
 * Status summary across projects (docs/analytics.md, "Status summary across projects"): counts of
 * Cway's status balls for projects and for their artworks, artwork states, and the mean of the
 * projects' own progress figures. A pure function over projects and artworks already read.
 */

export interface SummaryProject {
  id: string;
  state: string;
  status: string;
  totalArtworks: number;
  /** Cway's progress.percentageDone, 0-100. */
  percentageDone: number;
}

export interface SummaryArtwork {
  projectId: string;
  state: string;
  status: string;
}

export interface StatusSummary {
  projects: number;
  projectsByState: Record<string, number>;
  projectStatus: Record<string, number>;
  artworks: number;
  artworkStatus: Record<string, number>;
  artworksByState: Record<string, number>;
  /** Mean percentageDone over the counted projects that have artworks; null when none has. */
  averageProgress: number | null;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

/** The summary of `projects` (only those in `states` when given) and their artworks. */
export function summarizeStatus(
  projects: readonly SummaryProject[],
  artworks: readonly SummaryArtwork[],
  states?: readonly string[],
): StatusSummary {
  const kept = states?.length ? projects.filter((p) => states.includes(p.state)) : projects;
  const ids = new Set(kept.map((p) => p.id));
  const theirArtworks = artworks.filter((a) => ids.has(a.projectId));
  const withArtworks = kept.filter((p) => p.totalArtworks > 0);
  const mean = withArtworks.length
    ? withArtworks.reduce((sum, p) => sum + p.percentageDone, 0) / withArtworks.length
    : null;
  return {
    projects: kept.length,
    projectsByState: countBy(kept, (p) => p.state),
    projectStatus: countBy(kept, (p) => p.status),
    artworks: theirArtworks.length,
    artworkStatus: countBy(theirArtworks, (a) => a.status),
    artworksByState: countBy(theirArtworks, (a) => a.state),
    averageProgress: mean === null ? null : Math.round(mean * 10) / 10,
  };
}
