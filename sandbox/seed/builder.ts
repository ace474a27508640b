/**
 * Replays story timelines into the store. Each artwork step goes through the same domain
 * functions as the mutations (decisions, clearing, "fully approved"), records history at its
 * back-dated time, and the final state is checked against the story's `expect`, so a story
 * that contradicts the workflow rules fails at seed time instead of seeding nonsense.
 */
import type { Store } from '../store.js';
import type { ArtworkState, ProjectState } from '../store/types.js';
import { clearDecisions, decide, isFullyApproved, roleOn } from '../domain/approval.js';
import { APPROVABLE } from '../domain/rules.js';
import { stableUuid } from '../random.js';
import { DAY_MS, toDay } from '../time.js';
import { SEEDED_USERS, type Base, type CategoryKey, type TeamKey, type UserKey } from './base.js';

export type Step =
  | [days: number, 'revision', by: UserKey, comment?: string]
  /** Revision 1 that leaves the artwork UNSTARTED (artworks created from media). */
  | [days: number, 'brief', by: UserKey]
  | [days: number, 'start']
  | [days: number, 'correction', by: UserKey, text: string]
  /** Invalidates the newest valid correction. */
  | [days: number, 'invalidate', by: UserKey]
  | [days: number, 'approve', by: UserKey]
  | [days: number, 'reject', by: UserKey, comment?: string]
  | [days: number, 'remind', who: UserKey]
  | [days: number, 'bundle' | 'ship' | 'deliver' | 'cancel'];

export type ProjectStep = [days: number, 'notes', text: string] | [days: number, 'standby' | 'deliver' | 'close'];

export interface ArtworkStory {
  name: string;
  category: CategoryKey;
  /** Days ago it was added to the project. */
  created: number;
  /** End date as days from now (negative = in the past). */
  due?: number;
  approvers?: UserKey[];
  /** Approvers whose approval survives a new revision (`clearOnNextRevision: false`). */
  keepApprovals?: UserKey[];
  suppliers?: UserKey[];
  receivers?: UserKey[];
  teams?: Array<[TeamKey, Array<'APPROVER' | 'RECEIVER' | 'SUPPLIER'>]>;
  steps: Step[];
  expect: ArtworkState;
}

export interface ProjectStory {
  key: string;
  name: string;
  description: string;
  orderNo: string;
  orderer: UserKey;
  manager?: UserKey;
  /** Days ago it was created. */
  created: number;
  /** Start and end dates as days from now. */
  start?: number;
  end?: number;
  steps?: ProjectStep[];
  expect: ProjectState;
  artworks: ArtworkStory[];
}

const NAMES = Object.fromEntries(SEEDED_USERS.map((u) => [u.key, `${u.first} ${u.last}`])) as Record<UserKey, string>;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

export class StoryBuilder {
  constructor(
    private readonly store: Store,
    private readonly seed: number,
    private readonly now: number,
    private readonly base: Base,
  ) {}

  private id(key: string): string {
    return stableUuid(this.seed, key);
  }

  private day(days: number): string {
    return toDay(this.now + days * DAY_MS);
  }

  projectId(key: string): string {
    return this.id(`project:${key}`);
  }

  artworkId(projectKey: string, index: number): string {
    return this.id(`artwork:${projectKey}:${index}`);
  }

  project(p: ProjectStory): void {
    const s = this.store;
    const id = this.projectId(p.key);
    const at = (days: number) => this.now - days * DAY_MS;
    const event = (days: number, kind: string, name: string, description: string) =>
      s.history.record({ projectId: id, kind, name, description, at: at(days) });
    s.insert('projects', {
      id,
      name: p.name,
      description: p.description,
      notes: null,
      orderNo: p.orderNo,
      state: 'IN_PROGRESS',
      ordererId: this.base.user(p.orderer),
      managerId: p.manager ? this.base.user(p.manager) : null,
      createdAt: at(p.created),
      startDate: p.start === undefined ? null : this.day(p.start),
      endDate: p.end === undefined ? null : this.day(p.end),
      search: `${p.name} ${p.description}`.toLowerCase(),
    });
    const actor = p.manager ?? p.orderer;
    event(
      p.created,
      'project.created',
      'Project created',
      `${NAMES[actor]} created the project "${p.name}" ordered by ${NAMES[p.orderer]}`,
    );
    if (p.manager)
      event(
        p.created - 0.01,
        'project.manager',
        'Project manager changed',
        `${NAMES[actor]} made ${NAMES[p.manager]} the project manager of "${p.name}"`,
      );
    p.artworks.forEach((a, i) => this.artwork(id, p.key, i, a, actor));
    for (const step of p.steps ?? []) {
      const [days, action] = step;
      if (action === 'notes') {
        s.update('projects', { id }, { notes: step[2] });
        event(
          days,
          'project.notes',
          'Notes updated',
          `${NAMES[p.manager ?? p.orderer]} updated the notes of "${p.name}"`,
        );
      } else if (action === 'standby') {
        s.update('projects', { id }, { state: 'STAND_BY' });
        event(
          days,
          'project.standby',
          'Project put on stand-by',
          `${NAMES[p.manager ?? p.orderer]} put "${p.name}" on stand-by`,
        );
      } else if (action === 'deliver') {
        s.update('projects', { id }, { state: 'DELIVERED', closedAt: at(days) });
        event(
          days,
          'project.delivered',
          'Project delivered',
          `${NAMES[p.manager ?? p.orderer]} delivered the project "${p.name}"`,
        );
      } else {
        const closedAt = s.projects.get(id)!.closedAt ?? at(days);
        s.update('projects', { id }, { state: 'CLOSED', closedAt });
        event(
          days,
          'project.closed',
          'Project closed',
          `${NAMES[p.manager ?? p.orderer]} closed the project "${p.name}"`,
        );
      }
    }
    const state = s.projects.get(id)!.state;
    if (state !== p.expect) throw new Error(`seed story "${p.name}" ends ${state}, expected ${p.expect}`);
  }

  private artwork(projectId: string, projectKey: string, index: number, a: ArtworkStory, actor: UserKey): void {
    const s = this.store;
    const id = this.artworkId(projectKey, index);
    // Artworks of one project are a few minutes apart, so same-day events keep a stable order.
    const at = (days: number) => this.now - days * DAY_MS - index * 7 * 60_000;
    const user = (k: UserKey) => this.base.user(k);
    const event = (days: number, kind: string, name: string, description: string) =>
      s.history.record({ projectId, artworkId: id, kind, name, description, at: at(days) });
    s.insert('artworks', {
      id,
      projectId,
      name: a.name,
      description: '',
      categoryId: this.base.category(a.category),
      state: 'UNSTARTED',
      createdAt: at(a.created),
      endDate: a.due === undefined ? null : this.day(a.due),
      latestActivity: at(a.created),
      position: index,
    });
    const people = new Map<UserKey, { isApprover: number; isSupplier: number; isReceiver: number }>();
    const role = (k: UserKey) =>
      people.get(k) ?? people.set(k, { isApprover: 0, isSupplier: 0, isReceiver: 0 }).get(k)!;
    a.approvers?.forEach((k) => (role(k).isApprover = 1));
    a.suppliers?.forEach((k) => (role(k).isSupplier = 1));
    a.receivers?.forEach((k) => (role(k).isReceiver = 1));
    let seq = 0;
    for (const [k, flags] of people) {
      s.insert('artworkUsers', {
        artworkId: id,
        projectId,
        userId: user(k),
        ...flags,
        clearOnNextRevision: a.keepApprovals?.includes(k) ? 0 : 1,
        seq: seq++,
      });
    }
    for (const [team, roles] of a.teams ?? []) {
      const row = s.users.team(this.base.team(team))!;
      s.insert('artworkTeams', {
        id: this.id(`artworkTeam:${id}:${team}`),
        artworkId: id,
        projectId,
        teamId: row.id,
        approvalMode: row.approvalMode ?? 'ALL_REQUIRED',
        isApprover: roles.includes('APPROVER'),
        isReceiver: roles.includes('RECEIVER'),
        isSupplier: roles.includes('SUPPLIER'),
      });
    }
    event(a.created, 'artwork.created', 'Artwork created', `${NAMES[actor]} added the artwork "${a.name}"`);

    let last = Infinity;
    for (const step of a.steps) {
      const days = step[0];
      if (days > last) throw new Error(`seed story "${a.name}": steps must go forward in time`);
      last = days;
      this.step(id, a, step, at(days), NAMES[actor], (kind, name, description) => event(days, kind, name, description));
    }
    const final = s.artworks.get(id)!.state;
    if (final !== a.expect) throw new Error(`seed story "${a.name}" ends ${final}, expected ${a.expect}`);
  }

  private step(
    id: string,
    a: ArtworkStory,
    step: Step,
    t: number,
    actor: string,
    event: (kind: string, name: string, description: string) => void,
  ): void {
    const s = this.store;
    const setState = (state: ArtworkState, extra: Record<string, unknown> = {}) =>
      s.update('artworks', { id }, { state, ...extra });
    const rev = () => s.artworks.currentRevision(id);
    switch (step[1]) {
      case 'revision':
      case 'brief': {
        const n = s.artworks.revisionCount(id) + 1;
        const fileId = this.id(`file:${id}:${n}`);
        s.insert('files', {
          id: fileId,
          name: `${slug(a.name)}_v${n}.pdf`,
          size: 850_000 + n * 61_440,
          contentType: 'application/pdf',
          renderStatus: 'DONE',
          noPages: 2,
          created: t,
        });
        s.insert('revisions', {
          id: this.id(`revision:${id}:${n}`),
          artworkId: id,
          revisionNo: n,
          name: `Revision ${n}`,
          comment: step[1] === 'revision' ? (step[3] ?? null) : null,
          fileId,
          createdBy: this.base.user(step[2]),
          createdAt: t,
        });
        if (step[1] === 'revision') {
          clearDecisions(s, id, { approvals: true, rejections: true, onlyFlagged: true });
          setState('FOR_REVIEW', { approvalDate: null });
        }
        return event(
          'revision.uploaded',
          'New revision uploaded',
          `${NAMES[step[2]]} uploaded revision ${n} of "${a.name}"`,
        );
      }
      case 'start':
        setState('FOR_REVIEW');
        return event('artwork.started', 'Artwork started', `${actor} started "${a.name}"`);
      case 'correction': {
        const r = rev()!;
        const number = s.artworks.nextCorrectionNumber(r.id);
        const markers = [{ type: 'PIN', x: 120 + number * 40, y: 300, xEnd: 120 + number * 40, yEnd: 300, pageNo: 0 }];
        s.insert('corrections', {
          id: this.id(`correction:${id}:${r.revisionNo}:${number}`),
          artworkId: id,
          revisionId: r.id,
          number,
          text: step[3],
          markers: JSON.stringify(markers),
          commentedBy: this.base.user(step[2]),
          createdAt: t,
        });
        if (s.artworks.get(id)!.state === 'FOR_REVIEW') setState('COMMENTED');
        return event(
          'correction.added',
          'Correction added',
          `${NAMES[step[2]]} added correction #${number} on revision ${r.revisionNo} of "${a.name}": ${step[3]}`,
        );
      }
      case 'invalidate': {
        const c = s.get<{ id: string; number: number }>(
          'SELECT id, number FROM corrections WHERE artworkId = ? AND valid = 1 ORDER BY createdAt DESC LIMIT 1',
          [id],
        )!;
        s.update('corrections', { id: c.id }, { valid: 0, invalidatedBy: this.base.user(step[2]) });
        return event(
          'correction.invalidated',
          'Correction invalidated',
          `${NAMES[step[2]]} invalidated correction #${c.number} of "${a.name}"`,
        );
      }
      case 'approve':
      case 'reject': {
        const userId = this.base.user(step[2]);
        if (!roleOn(s, id, userId).isApprover) throw new Error(`seed story "${a.name}": ${step[2]} is not an approver`);
        if (!APPROVABLE.has(s.artworks.get(id)!.state))
          throw new Error(`seed story "${a.name}": decision outside review`);
        const approve = step[1] === 'approve';
        decide(s, id, userId, approve, t, rev()?.id ?? null);
        if (approve) {
          const complete = isFullyApproved(s, id);
          if (complete) setState('APPROVED', { approvalDate: t });
          return event(
            'artwork.approved',
            'Artwork approved',
            `${NAMES[step[2]]} approved "${a.name}"${complete ? '; every approver has approved, the artwork is APPROVED' : ''}`,
          );
        }
        const comment = step[3];
        if (comment) {
          const r = rev()!;
          const number = s.artworks.nextCorrectionNumber(r.id);
          s.insert('corrections', {
            id: this.id(`correction:${id}:${r.revisionNo}:${number}`),
            artworkId: id,
            revisionId: r.id,
            number,
            text: comment,
            commentedBy: userId,
            createdAt: t,
          });
        }
        setState('REJECTED', { approvalDate: null });
        return event(
          'artwork.rejected',
          'Artwork rejected',
          `${NAMES[step[2]]} rejected "${a.name}"${comment ? `: ${comment}` : ''}`,
        );
      }
      case 'remind':
        s.update('artworkUsers', { artworkId: id, userId: this.base.user(step[2]) }, { reminderSentDate: t });
        return event(
          'approver.reminded',
          'Approver reminded',
          `${actor} reminded ${NAMES[step[2]]} to review "${a.name}"`,
        );
      case 'bundle':
        setState('BUNDLED');
        return event('artwork.bundled', 'Artwork bundled', `${actor} bundled "${a.name}"`);
      case 'ship':
        setState('SHIPPED');
        return event('artwork.shipped', 'Artwork shipped', `"${a.name}" was shipped to the printer`);
      case 'deliver': {
        setState('DELIVERED', { deliveryDate: t });
        for (const type of ['SOURCE', 'DELIVERY'] as const) {
          const fileId = this.id(`file:${id}:${type}`);
          const ext = type === 'SOURCE' ? 'ai' : 'pdf';
          s.insert('files', {
            id: fileId,
            name: `${slug(a.name)}_${type.toLowerCase()}.${ext}`,
            size: type === 'SOURCE' ? 24_500_000 : 3_200_000,
            contentType: type === 'SOURCE' ? 'application/postscript' : 'application/pdf',
            renderStatus: 'DONE',
            noPages: 2,
            created: t,
          });
          s.insert('artworkFiles', { artworkId: id, fileId, fileType: type });
        }
        return event('artwork.delivered', 'Artwork delivered', `${actor} delivered "${a.name}"`);
      }
      case 'cancel':
        setState('CANCELED');
        return event('artwork.canceled', 'Artwork canceled', `${actor} canceled "${a.name}"`);
    }
  }
}
