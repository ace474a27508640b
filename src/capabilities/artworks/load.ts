/**
 * Reads shared by the artwork writes: who the caller is, the gate facts of the artworks a call
 * names (checked before anything is written), and the per-project grouping the batch mutations need.
 */
import { z } from 'zod';
import { graphql, readFragment, type ResultOf } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { mapLimit, uuid } from '../shared.js';
import { ArtworkGate } from './fragments.js';

export type Gate = ResultOf<typeof ArtworkGate>;

const LoadGate = graphql(
  `
    query LoadArtworkGate($id: UUID!) {
      artwork(id: $id) {
        ...ArtworkGate
      }
    }
  `,
  [ArtworkGate],
);

const Me = graphql(`
  query ArtworkCaller {
    loginInfo {
      user {
        id
        username
        name
      }
    }
  }
`);

export interface Caller {
  id: string;
  username: string;
  name: string;
}

/** At most this many artworks per call: a person confirms a list they can read. */
export const MAX_BATCH = 50;

export const artworkIdsInput = z
  .array(uuid('Artwork id'))
  .min(1)
  .max(MAX_BATCH)
  .describe(`Artwork ids (1-${MAX_BATCH}); they may belong to different projects.`);

export async function loadCaller(ctx: CapabilityContext): Promise<Caller> {
  const data = await ctx.cway.request(Me, {}, { signal: ctx.signal });
  if (!data.loginInfo) throw new CapabilityError('unauthorized', 'Cway did not say who this token belongs to.');
  return data.loginInfo.user;
}

/** The gate facts of one artwork, or null when it does not exist or is not visible. */
export async function readGate(ctx: CapabilityContext, id: string): Promise<Gate | null> {
  const data = await ctx.cway.request(LoadGate, { id }, { signal: ctx.signal });
  return data.artwork ? readFragment(ArtworkGate, data.artwork) : null;
}

/** The gate facts of every named artwork (duplicates removed); not_found lists the missing ids. */
export async function loadGates(ctx: CapabilityContext, ids: readonly string[]): Promise<Gate[]> {
  const unique = [...new Set(ids)];
  const found = await mapLimit(unique, 4, (id) => readGate(ctx, id));
  const missing = unique.filter((_, i) => !found[i]);
  if (missing.length > 0) {
    throw new CapabilityError('not_found', `No artwork visible to you with id ${missing.join(', ')}.`, {
      hint: 'Find artwork ids with get_project, get_my_artwork_queues or get_artwork.',
    });
  }
  return found as Gate[];
}

export type Decision = 'approved' | 'rejected' | 'undecided';

export interface ApproverRole {
  /** The caller holds an approval slot: a direct approver, or a member of an approver team. */
  isApprover: boolean;
  /** The caller's decision over all their slots (rejected wins; approved only when all approved). */
  decision: Decision | null;
}

export function roleOf(a: Gate, userId: string): ApproverRole {
  const decisions: Decision[] = [];
  const direct = a.approvers.find((u) => u.userId === userId);
  if (direct) {
    decisions.push(direct.approver?.rejected ? 'rejected' : direct.approver?.approved ? 'approved' : 'undecided');
  }
  for (const team of a.teamApprovers) {
    if (!team.members.some((m) => m.user.id === userId)) continue;
    const mine = team.memberApprovals.find((m) => m.user.id === userId)?.approved;
    decisions.push(mine === true ? 'approved' : mine === false ? 'rejected' : 'undecided');
  }
  if (decisions.length === 0) return { isApprover: false, decision: null };
  const decision = decisions.includes('rejected')
    ? 'rejected'
    : decisions.every((d) => d === 'approved')
      ? 'approved'
      : 'undecided';
  return { isApprover: true, decision };
}

/** Usernames (and team names) that have not decided yet. */
export function pendingApprovers(a: Gate): string[] {
  return [
    ...a.approvers.filter((u) => !u.approver?.approved && !u.approver?.rejected).map((u) => u.username),
    ...a.teamApprovers.filter((t) => t.approvalState === 'UNDECIDED').map((t) => `team:${t.name}`),
  ];
}

export function approverNames(a: Gate): string {
  const names = [...a.approvers.map((u) => u.username), ...a.teamApprovers.map((t) => `team ${t.name}`)];
  return names.length ? names.join(', ') : 'none assigned';
}

/** Artworks grouped by project, in first-seen order. */
export function byProject<T extends { projectId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const g = groups.get(item.projectId);
    if (g) g.push(item);
    else groups.set(item.projectId, [item]);
  }
  return groups;
}

export const label = (a: { name: string; id: string }) => `"${a.name}" (${a.id})`;

/**
 * Checks every item before anything is written; one refusal is thrown as it is, several are
 * thrown together (with the first one's code) so the caller can fix them all at once.
 */
export function checkAll<T>(items: readonly T[], check: (item: T) => void): void {
  const refusals: CapabilityError[] = [];
  for (const item of items) {
    try {
      check(item);
    } catch (err) {
      if (!(err instanceof CapabilityError)) throw err;
      refusals.push(err);
    }
  }
  if (refusals.length === 1) throw refusals[0]!;
  if (refusals.length > 1) {
    const first = refusals[0]!;
    throw new CapabilityError(
      first.code,
      `${refusals.map((e) => e.message).join(' ')} Nothing was changed.`,
      first.details,
    );
  }
}

/**
 * Runs writes one after another (mutations are never retried). When one fails, the error keeps
 * its code and says what was already done and what was not attempted, so nobody repeats a write.
 */
export async function runInOrder<T>(
  items: readonly T[],
  describe: (item: T) => string,
  write: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    try {
      await write(items[i]!);
    } catch (err) {
      if (!(err instanceof CapabilityError) || items.length === 1) throw err;
      const done = items.slice(0, i).map(describe);
      const rest = items.slice(i + 1).map(describe);
      const parts = [`Failed on ${describe(items[i]!)}: ${err.message}`];
      parts.push(done.length ? `Already done: ${done.join(', ')}.` : 'Nothing was changed before it.');
      if (rest.length) parts.push(`Not attempted: ${rest.join(', ')}.`);
      throw new CapabilityError(err.code, parts.join(' '), {
        ...err.details,
        hint: 'Read the artworks again (get_artwork) before retrying only the ones not done.',
      });
    }
  }
}

/** A row reporting one artwork after a write. */
export const stateRow = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  previousState: z.string().describe('State before this call.'),
  state: z.string().describe('State after this call, read back from Cway.'),
  note: z.string().optional().describe('Why nothing changed for this artwork, when it did not.'),
});
export type StateRow = z.infer<typeof stateRow>;

/** Re-reads the artworks after a write and reports their new states. */
export async function reportStates(
  ctx: CapabilityContext,
  before: readonly Gate[],
  notes: ReadonlyMap<string, string> = new Map(),
): Promise<{ rows: StateRow[]; after: Gate[] }> {
  const after = await mapLimit(before, 4, async (b) => (await readGate(ctx, b.id)) ?? b);
  const rows = before.map((b, i) => ({
    id: b.id,
    name: b.name,
    projectId: b.projectId,
    previousState: b.state,
    state: after[i]!.state,
    ...(notes.has(b.id) ? { note: notes.get(b.id) } : {}),
  }));
  return { rows, after };
}
