/** The project selection every analytics read shares (CAPABILITY-MAP §7): one page or one project. */
import { graphql } from '../../cway/graphql.js';

export const AnalyticsProjectFields = graphql(`
  fragment AnalyticsProjectFields on Project {
    id
    name
    state
    created
    startDate
    endDate
    lastActivity
    planning {
      start
      end
    }
    progress {
      totalArtworks
      artworksDone
      percentageDone
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
      approvalDate
      deliveryDate
      currentRevision {
        revisionNo
        created
      }
      revisions {
        created
      }
      approvers {
        username
        name
        approver {
          undecided
          rejected
          approved
        }
      }
      teamApprovers {
        name
        approvalState
        memberApprovals {
          user {
            username
          }
          approved
        }
      }
      suppliers {
        username
      }
      teamSuppliers {
        name
      }
    }
  }
`);
