/**
 * Loads one project for health and velocity: the project (same selection as the organisation
 * pages) and its history in parallel, then, for velocity, its artworks' histories in aliased
 * batches. Cached per caller like the organisation load.
 */
import { CapabilityError } from '../../errors.js';
import type { EventFact, ProjectFact } from '../../analytics/types.js';
import type { CapabilityContext } from '../define.js';
import { projectNotFound, withProjectHint } from '../projects/fragments.js';
import { analyticsKey, defaultAnalyticsCache } from './cache.js';
import { toEvents, toProjectFact } from './facts.js';
import { batchVariables, CONCURRENCY, historyBatches } from './load.js';
import { mapLimit } from './pool.js';
import { AnalyticsProject, historyBatchDocument, ProjectEvents } from './queries.js';

export interface ProjectData {
  project: ProjectFact;
  /** Undefined when the history could not be read. */
  history: EventFact[] | undefined;
  /** Events of the artworks' histories (empty unless asked for). */
  artworkEvents: EventFact[];
  notes: string[];
  /** When the data was read (ISO-8601 UTC). */
  asOf: string;
}

const degradable = (err: unknown) => err instanceof CapabilityError && err.code !== 'unauthorized';

async function fetchProject(
  ctx: CapabilityContext,
  id: string,
  withArtworks: boolean,
  signal: AbortSignal,
): Promise<ProjectData> {
  const notes: string[] = [];
  const history = ctx.cway
    .request(ProjectEvents, { projectId: id }, { signal })
    .then((d) => toEvents(d.projectHistory))
    .catch((err: unknown) => {
      if (!degradable(err)) throw err;
      notes.push(`The project history could not be read (${(err as CapabilityError).code}).`);
      return undefined;
    });
  const data = await ctx.cway.request(AnalyticsProject, { id }, { signal }).catch(withProjectHint(id));
  if (!data.project) {
    await history.catch(() => undefined);
    throw projectNotFound(id);
  }
  const project = toProjectFact(data.project);
  const artworkEvents: EventFact[] = [];
  if (withArtworks && project.artworks.length) {
    await mapLimit(historyBatches(project.artworks.map((a) => a.id)), CONCURRENCY, async (chunk) => {
      try {
        const d = await ctx.cway.request(historyBatchDocument('artwork', chunk.length), batchVariables(chunk), {
          signal,
        });
        chunk.forEach((_, i) => artworkEvents.push(...toEvents(d[`h${i}`])));
      } catch (err) {
        if (!degradable(err)) throw err;
        if (!notes.some((n) => n.startsWith('Some artwork histories')))
          notes.push(`Some artwork histories could not be read (${(err as CapabilityError).code}).`);
      }
    });
  }
  return { project, history: await history, artworkEvents, notes, asOf: ctx.now().toISOString() };
}

export function loadProject(
  ctx: CapabilityContext,
  id: string,
  opts: { artworkHistories: boolean },
): Promise<ProjectData> {
  const cache = ctx.services.analyticsCache ?? defaultAnalyticsCache;
  const key = analyticsKey('project', ctx.services.apiUrl, ctx.callerId, id, opts.artworkHistories ? 'a' : '-');
  return cache.get(key, (signal) => fetchProject(ctx, id, opts.artworkHistories, signal), { signal: ctx.signal });
}
