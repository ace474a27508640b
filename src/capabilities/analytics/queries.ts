/**
 * The operations behind the analytics, each a literal so gql.tada can type it. The page and the
 * single-project reads share one project selection (`AnalyticsProjectFields` in fragments.ts).
 * Histories are read HISTORY_BATCH at a time through aliases; a partial batch repeats its last id.
 */
import { graphql } from '../../cway/graphql.js';
import { AnalyticsProjectFields } from './fragments.js';

export const HISTORY_BATCH = 10;
export const HISTORY_ALIASES = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9'] as const;

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

export const ProjectHistoryBatch = graphql(`
  query ProjectHistoryBatch(
    $p0: UUID!
    $p1: UUID!
    $p2: UUID!
    $p3: UUID!
    $p4: UUID!
    $p5: UUID!
    $p6: UUID!
    $p7: UUID!
    $p8: UUID!
    $p9: UUID!
  ) {
    h0: projectHistory(projectId: $p0) {
      timestamp
      name
    }
    h1: projectHistory(projectId: $p1) {
      timestamp
      name
    }
    h2: projectHistory(projectId: $p2) {
      timestamp
      name
    }
    h3: projectHistory(projectId: $p3) {
      timestamp
      name
    }
    h4: projectHistory(projectId: $p4) {
      timestamp
      name
    }
    h5: projectHistory(projectId: $p5) {
      timestamp
      name
    }
    h6: projectHistory(projectId: $p6) {
      timestamp
      name
    }
    h7: projectHistory(projectId: $p7) {
      timestamp
      name
    }
    h8: projectHistory(projectId: $p8) {
      timestamp
      name
    }
    h9: projectHistory(projectId: $p9) {
      timestamp
      name
    }
  }
`);

export const ArtworkHistoryBatch = graphql(`
  query ArtworkHistoryBatch(
    $p0: UUID!
    $p1: UUID!
    $p2: UUID!
    $p3: UUID!
    $p4: UUID!
    $p5: UUID!
    $p6: UUID!
    $p7: UUID!
    $p8: UUID!
    $p9: UUID!
  ) {
    h0: artworkHistory(artworkId: $p0) {
      timestamp
      name
    }
    h1: artworkHistory(artworkId: $p1) {
      timestamp
      name
    }
    h2: artworkHistory(artworkId: $p2) {
      timestamp
      name
    }
    h3: artworkHistory(artworkId: $p3) {
      timestamp
      name
    }
    h4: artworkHistory(artworkId: $p4) {
      timestamp
      name
    }
    h5: artworkHistory(artworkId: $p5) {
      timestamp
      name
    }
    h6: artworkHistory(artworkId: $p6) {
      timestamp
      name
    }
    h7: artworkHistory(artworkId: $p7) {
      timestamp
      name
    }
    h8: artworkHistory(artworkId: $p8) {
      timestamp
      name
    }
    h9: artworkHistory(artworkId: $p9) {
      timestamp
      name
    }
  }
`);

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
