import { graphql, readFragment } from '../../../cway/graphql.js';
import type { CapabilityContext } from '../../define.js';
import { ProjectBasics, projectNotFound, withProjectHint } from '../../projects/fragments.js';
import { docId, webLinks } from '../refs.js';
import { facts, joinSections, type Document } from './document.js';
import { epochMs, isoFromEpoch } from '../../shared.js';

const FetchProject = graphql(
  `
    query FetchProject($id: UUID!) {
      project(id: $id) {
        ...ProjectBasics
        lastActivity
        progress {
          totalArtworks
          artworksDone
          percentageDone
        }
        orderer {
          username
          name
        }
        projectManager {
          username
          name
        }
        artworks {
          id
          name
          state
          endDate
          category {
            name
          }
        }
      }
    }
  `,
  [ProjectBasics],
);

const FetchProjectEvents = graphql(`
  query FetchProjectEvents($projectId: UUID!) {
    projectHistory(projectId: $projectId) {
      timestamp
      name
      description
    }
  }
`);

const MAX_ARTWORKS = 100;
const MAX_EVENTS = 15;

export async function readProject(key: string, ctx: CapabilityContext): Promise<Document> {
  const opts = { signal: ctx.signal };
  const [data, history] = await Promise.all([
    ctx.cway.request(FetchProject, { id: key }, opts).catch(withProjectHint(key)),
    // History is a bonus: some users may not see it.
    ctx.cway.request(FetchProjectEvents, { projectId: key }, opts).catch(() => undefined),
  ]);
  if (!data.project) throw projectNotFound(key);
  const p = { ...data.project, ...readFragment(ProjectBasics, data.project) };

  const person = (u: { username: string; name: string } | null | undefined) => (u ? `${u.name} (${u.username})` : null);
  const artworks = p.artworks
    .slice(0, MAX_ARTWORKS)
    .map(
      (a) => `- ${a.name} [${a.state}] ${a.category.name}${a.endDate ? `, due ${a.endDate}` : ''} (artwork:${a.id})`,
    );
  if (p.artworks.length > MAX_ARTWORKS) artworks.push(`… and ${p.artworks.length - MAX_ARTWORKS} more artworks.`);
  const events = [...(history?.projectHistory ?? [])]
    .sort((a, b) => epochMs(b.timestamp) - epochMs(a.timestamp))
    .slice(0, MAX_EVENTS)
    .map((e) => `- ${isoFromEpoch(e.timestamp) ?? '?'} ${e.name}${e.description ? `: ${e.description}` : ''}`);

  const text = joinSections([
    `Project: ${p.name}`,
    facts([
      ['State', p.state],
      ['Status', p.status],
      ['Order number', p.orderNo],
      ['Created', p.created],
      ['Start', p.startDate],
      ['Deadline', p.endDate],
      ['Last activity', p.lastActivity],
      [
        'Progress',
        `${p.progress.artworksDone} of ${p.progress.totalArtworks} artworks done (${p.progress.percentageDone}%)`,
      ],
      ['Orderer', person(p.orderer)],
      ['Project manager', person(p.projectManager) ?? 'none'],
    ]),
    p.description ? `Description:\n${p.description}` : null,
    p.notes ? `Notes:\n${p.notes}` : null,
    artworks.length ? [`Artworks (${p.artworks.length}):`, ...artworks] : 'No artworks.',
    events.length ? ['Recent events (newest first):', ...events] : null,
  ]);

  return {
    id: docId('project', p.id),
    title: `Project: ${p.name}`,
    text,
    url: webLinks(ctx.services.webBaseUrl).project(p.id),
    metadata: {
      type: 'project',
      state: p.state,
      status: p.status,
      orderNo: p.orderNo,
      endDate: p.endDate ?? null,
      percentageDone: p.progress.percentageDone,
      totalArtworks: p.progress.totalArtworks,
      projectManager: p.projectManager?.username ?? null,
      orderer: p.orderer.username,
    },
  };
}
