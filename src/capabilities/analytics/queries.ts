/**
 * The operations behind the analytics, each a literal so gql.tada can type it. The page and the
 * single-project reads share one project selection (`AnalyticsProjectFields` in fragments.ts).
 * Histories are read up to HISTORY_BATCH at a time through aliases (see historyBatchDocument).
 */
import { parse, print, validate } from 'graphql';
import type { TadaDocumentNode } from 'gql.tada';
import { contractSchema } from '../../cway/contract.js';
import { graphql, recordDocument, type ResultOf } from '../../cway/graphql.js';
import { AnalyticsProjectFields } from './fragments.js';

/** Histories per request: the analytics page size, so history requests grow with pages, not projects. */
export const HISTORY_BATCH = 100;

/** One page of projects with everything the analytics read (CAPABILITY-MAP §7). */
export const AnalyticsPage = graphql(
  `
    query AnalyticsPage($paging: Paging) {
      projects(paging: $paging) {
        page
        totalHits
        projects {
          ...AnalyticsProjectFields
        }
      }
    }
  `,
  [AnalyticsProjectFields],
);

/** The same selection for one project. */
export const AnalyticsProject = graphql(
  `
    query AnalyticsProject($id: UUID!) {
      project(id: $id) {
        ...AnalyticsProjectFields
      }
    }
  `,
  [AnalyticsProjectFields],
);

/** Cway's own KPIs; `from`/`to` bound the delivered-per-month series (epoch ms). */
export const OrgStatistics = graphql(`
  query OrgStatistics($from: Long, $to: Long) {
    statistics {
      approvalStats {
        approvedArtworks
        averageApprovalTime
        averageRevisions
      }
      onTimeDeliveriesPerMonth {
        year
        monthValue
        total
        onTime
        late
      }
      deliveredArtworksPerMonth(startDate: $from, endDate: $to) {
        year
        monthValue
        count
      }
      artworkRejectionsByCategoryPerMonth {
        year
        monthValue
        category
        count
      }
    }
    openProjectsCountByMonth {
      month
      count
    }
  }
`);

/** One project's history (for single-project views; batches would repeat the id ten times). */
export const ProjectEvents = graphql(`
  query ProjectEvents($projectId: UUID!) {
    projectHistory(projectId: $projectId) {
      timestamp
      name
    }
  }
`);

/** One history's events, as `ProjectEvents` selects them; every batch selects exactly the same. */
export type HistoryEvent = ResultOf<typeof ProjectEvents>['projectHistory'][number];
type HistoryBatch = TadaDocumentNode<Record<string, HistoryEvent[]>, Record<string, string>>;

/** One artwork's history; the template of artwork batches. */
export const ArtworkEvents = graphql(`
  query ArtworkEvents($artworkId: UUID!) {
    artworkHistory(artworkId: $artworkId) {
      timestamp
      name
    }
  }
`);

/** Each batch repeats the one-history selection of a typed literal under aliases. */
const SELECTIONS = {
  project: { template: ProjectEvents, root: 'projectHistory', arg: 'projectId', name: 'ProjectHistoryBatch' },
  artwork: { template: ArtworkEvents, root: 'artworkHistory', arg: 'artworkId', name: 'ArtworkHistoryBatch' },
} as const;
const batchDocuments = new Map<string, HistoryBatch>();

/**
 * A query reading `size` histories at once (aliases h0..h{size-1}, variables $p0..). gql.tada can
 * only type literals, so this one is built: its fields are those of the typed one-history literal
 * (`ProjectEvents` or `ArtworkEvents`), it is validated against the contract when built (and recorded, so the contract test
 * validates it against the real schema too), and built once per size.
 */
export function historyBatchDocument(kind: keyof typeof SELECTIONS, size: number): HistoryBatch {
  const key = `${kind}:${size}`;
  let doc = batchDocuments.get(key);
  if (!doc) {
    const { template, root, arg, name } = SELECTIONS[kind];
    const fields = print(template).match(new RegExp(`${root}\\(${arg}: \\$${arg}\\) (\\{[^}]*\\})`))![1];
    const vars = Array.from({ length: size }, (_, i) => `$p${i}: UUID!`).join(', ');
    const body = Array.from({ length: size }, (_, i) => `h${i}: ${root}(${arg}: $p${i}) ${fields}`).join('\n');
    const built = parse(`query ${name}(${vars}) {\n${body}\n}`);
    const errors = validate(contractSchema(), built);
    if (errors.length) throw new Error(`${name} does not fit the contract: ${errors[0]!.message}`);
    doc = built as unknown as HistoryBatch;
    recordDocument(built);
    batchDocuments.set(key, doc);
  }
  return doc;
}
