/**
 * Artwork search, built from what the caller can see: Cway has no artwork search (no root field
 * matches artworks by name), so we read the caller's visible projects page by page with their
 * artworks' names and match locally.
 *
 * Bounds (each documented in docs/capabilities.md and docs/sandbox.md):
 * - PAGE_SIZE projects per upstream request, CONCURRENCY requests at a time;
 * - at most MAX_PROJECTS projects per scan (newest first, as Cway orders `projects`): beyond that
 *   the result says `cutShort` and how many projects were left unread;
 * - the scan is cached per caller and endpoint for TTL_MS (a search right after another costs no
 *   request), at most MAX_CALLERS scans are kept (the oldest is dropped first), and concurrent
 *   identical scans share one load (AnalyticsCache's coalescing).
 * Each artwork keeps only id, name, state, status, due date and its project's id, name and state.
 */
import { graphql } from '../../cway/graphql.js';
import type { CwaySession } from '../../cway/client.js';
import type { CapabilityContext } from '../define.js';
import { AnalyticsCache, type Progress } from '../analytics/cache.js';
import { mapLimit } from '../shared.js';

export const ArtworkIndexPage = graphql(`
  query ArtworkIndexPage($paging: Paging) {
    projects(paging: $paging) {
      page
      totalHits
      projects {
        id
        name
        state
        status
        progress {
          totalArtworks
          percentageDone
        }
        artworks {
          id
          name
          state
          status
          endDate
        }
      }
    }
  }
`);

export const PAGE_SIZE = 200;
export const CONCURRENCY = 4;
export const MAX_PROJECTS = 10_000;
export const TTL_MS = 60_000;
export const MAX_CALLERS = 8;

export interface IndexedArtwork {
  id: string;
  name: string;
  state: string;
  status: string;
  endDate: string | null;
  projectId: string;
  projectName: string;
  projectState: string;
}

/** A project as the scan saw it (for summaries across projects). */
export interface IndexedProject {
  id: string;
  state: string;
  status: string;
  totalArtworks: number;
  /** Cway's own progress figure, 0-100. */
  percentageDone: number;
}

export interface ArtworkIndex {
  artworks: IndexedArtwork[];
  projects: IndexedProject[];
  /** Projects read (visible to the caller). */
  projectsSearched: number;
  /** Projects Cway says the caller can see (totalHits of the first page). */
  projectsVisible: number;
  /** True when MAX_PROJECTS stopped the scan before every visible project was read. */
  cutShort: boolean;
  /** Upstream requests the scan took (0 when served from the cache). */
  requests: number;
}

/** Reads the caller's visible projects with their artworks, bounded by `maxProjects`. */
export async function scanArtworks(
  cway: CwaySession,
  signal: AbortSignal,
  progress: Progress,
  maxProjects = MAX_PROJECTS,
): Promise<ArtworkIndex> {
  const pageSize = Math.min(PAGE_SIZE, maxProjects);
  const readPage = async (page: number) => {
    const data = await cway.request(ArtworkIndexPage, { paging: { page, pageSize } }, { signal });
    return data.projects ?? { page, totalHits: 0, projects: [] };
  };
  const first = await readPage(0);
  const visible = Number(first.totalHits);
  const wanted = Math.min(visible, maxProjects);
  const pages = Math.max(1, Math.ceil(wanted / pageSize));
  let done = 1;
  progress(done, pages, `Searched ${Math.min(pageSize, wanted)} of ${wanted} projects`);
  const rest = await mapLimit(
    Array.from({ length: pages - 1 }, (_, i) => i + 1),
    CONCURRENCY,
    async (page) => {
      const r = await readPage(page);
      done++;
      progress(done, pages, `Searched ${Math.min(done * pageSize, wanted)} of ${wanted} projects`);
      return r;
    },
  );
  const seen = new Set<string>();
  const artworks: IndexedArtwork[] = [];
  const projects: IndexedProject[] = [];
  for (const r of [first, ...rest]) {
    for (const p of r.projects) {
      // Pages are offsets over a list that may change between requests: count each project once.
      if (seen.has(p.id) || seen.size >= maxProjects) continue;
      seen.add(p.id);
      projects.push({
        id: p.id,
        state: p.state,
        status: p.status,
        totalArtworks: p.progress.totalArtworks,
        percentageDone: p.progress.percentageDone,
      });
      for (const a of p.artworks) {
        artworks.push({
          id: a.id,
          name: a.name,
          state: a.state,
          status: a.status,
          endDate: a.endDate ?? null,
          projectId: p.id,
          projectName: p.name,
          projectState: p.state,
        });
      }
    }
  }
  return {
    artworks,
    projects,
    projectsSearched: seen.size,
    projectsVisible: visible,
    cutShort: visible > seen.size,
    requests: pages,
  };
}

/** The process-wide cache of artwork scans, used when the services do not provide one. */
export const defaultArtworkIndexCache = new AnalyticsCache({ ttlMs: TTL_MS, maxEntries: MAX_CALLERS });

/** The caller's artwork index, from the short-lived per-caller cache or a fresh scan. */
export async function loadArtworkIndex(ctx: CapabilityContext): Promise<ArtworkIndex> {
  const cache = ctx.services.artworkIndexCache ?? defaultArtworkIndexCache;
  const key = `artworks|${ctx.services.apiUrl}|${ctx.callerId}`;
  let fresh = false;
  const index = await cache.get(
    key,
    (signal, progress) => {
      fresh = true;
      return scanArtworks(ctx.cway, signal, progress);
    },
    { signal: ctx.signal, progress: (d, t, m) => ctx.progress(d, t, m) },
  );
  return fresh ? index : { ...index, requests: 0 };
}
