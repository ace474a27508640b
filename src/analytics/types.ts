/**
 * The facts the analytics read: a normalised copy of what Cway returns, so every function here
 * is pure (`(facts, now) → result`) and can be pinned with hand-made cases. Dates stay in their
 * wire format (strings) and are parsed by `time.ts`; event timestamps are epoch milliseconds.
 */

/** One entry of a project or artwork history. `name` is free text in Cway. */
export interface EventFact {
  at: number;
  name: string;
}

export type Decision = 'undecided' | 'approved' | 'rejected';

export interface ApproverFact {
  username: string;
  name: string;
  decision: Decision;
}

export interface TeamApprovalFact {
  team: string;
  /** TeamApprovalState: UNDECIDED, APPROVED or REJECTED. */
  state: string;
  /** Members whose own approval is still null. */
  undecidedMembers: string[];
}

export interface ArtworkFact {
  id: string;
  name: string;
  /** ArtworkState, kept as a string so an unknown value never breaks a computation. */
  state: string;
  endDate: string | null;
  approvalDate: string | null;
  deliveryDate: string | null;
  revisionNo: number | null;
  /** `currentRevision.created`: the day the revision under review was uploaded. */
  revisionCreated: string | null;
  /** The earliest `revisions.created`: the day the artwork first went to review. */
  firstRevisionCreated: string | null;
  approvers: ApproverFact[];
  teams: TeamApprovalFact[];
  /** Usernames of suppliers and names of supplier teams. */
  suppliers: string[];
}

export interface PersonFact {
  username: string;
  name: string;
}

export interface ProjectFact {
  id: string;
  name: string;
  /** ProjectState as a string. */
  state: string;
  created: string | null;
  startDate: string | null;
  endDate: string | null;
  planningStart: string | null;
  planningEnd: string | null;
  /** `Project.lastActivity` (LocalDateTime, no offset: read as UTC). */
  lastActivity: string | null;
  totalArtworks: number;
  artworksDone: number;
  /** 0-100. */
  percentageDone: number;
  projectManager: PersonFact | null;
  artworks: ArtworkFact[];
}

/** Project id → its history, oldest first; absent when it was not fetched or not visible. */
export type Histories = ReadonlyMap<string, readonly EventFact[]>;

export type Direction = 'higher_is_better' | 'lower_is_better';
export type Status = 'good' | 'warning' | 'critical';
