/** Selections on Artwork shared by several artwork capabilities. */
import { graphql } from '../../cway/graphql.js';

/** The artwork's own facts, as get_artwork and `fetch` read them. */
export const ArtworkBasics = graphql(`
  fragment ArtworkBasics on Artwork {
    id
    name
    description
    projectId
    projectName
    state
    status
    created
    startDate
    endDate
    approvalDate
    deliveryDate
    orderer {
      username
      name
    }
  }
`);

/** What gates a decision or a state change, and what a write reports afterwards. */
export const ArtworkGate = graphql(`
  fragment ArtworkGate on Artwork {
    id
    name
    projectId
    projectName
    state
    isInApprovableState
    isInRejectableState
    isInCommentableState
    isInCreateNewRevisionState
    currentRevision {
      revisionNo
    }
    artworkPermissions {
      mayApprove
      mayReject
      canManageUsers
      canAddCorrections
      canResetApprovals
      canInvalidateCorrection
      canUploadNewRevision
      canDownloadRevision
      canBundle
    }
    approvers {
      userId
      username
      name
      approver {
        approved
        rejected
        undecided
        deadline
        reminderSentDate
      }
    }
    teamApprovers {
      sourceTeamId
      name
      approvalMode
      approvalState
      members {
        user {
          id
          username
        }
      }
      memberApprovals {
        user {
          id
          username
        }
        approved
        approvedAt
      }
    }
    suppliers {
      userId
      username
    }
    receivers {
      userId
      username
    }
    teams {
      sourceTeamId
      name
      isApprover
      isSupplier
      isReceiver
    }
  }
`);

/** One line of an artwork list (queues). */
export const ArtworkRow = graphql(`
  fragment ArtworkRow on Artwork {
    id
    name
    projectId
    projectName
    state
    status
    endDate
    latestActivity
    currentRevision {
      revisionNo
      created
    }
  }
`);

/** Correction markers are a union of six geometries; all carry x, y and pageNo. */
export const MarkerFields = graphql(`
  fragment MarkerFields on Marker {
    __typename
    ... on PinMarker {
      x
      y
      pageNo
    }
    ... on RectangleMarker {
      x
      y
      xEnd
      yEnd
      pageNo
    }
    ... on CircleMarker {
      x
      y
      xEnd
      yEnd
      pageNo
    }
    ... on LineMarker {
      x
      y
      xEnd
      yEnd
      pageNo
    }
    ... on MeasurementLineMarker {
      x
      y
      xEnd
      yEnd
      pageNo
    }
    ... on MeasurementRectangleMarker {
      x
      y
      xEnd
      yEnd
      pageNo
    }
  }
`);

/** A correction (comment) on a revision, as every artwork read here selects it. */
export const CorrectionFields = graphql(
  `
    fragment CorrectionFields on Correction {
      id
      number
      text
      valid
      created
      commentedBy {
        username
      }
      invalidatedBy {
        username
      }
      markers {
        ...MarkerFields
      }
    }
  `,
  [MarkerFields],
);
