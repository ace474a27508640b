/** Shared steps of the artwork state changes (start, cancel, deliver): gates first, per project. */
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { byProject, label, loadGates, type Gate } from './load.js';
import { mapLimit } from '../shared.js';

const ProjectGate = graphql(`
  query ArtworkProjectGate($id: UUID!) {
    project(id: $id) {
      id
      name
      projectPermissions {
        canManageArtworks
      }
    }
  }
`);

export interface TransitionRule {
  /** What the caller asked, for messages: "start", "cancel", "deliver". */
  verb: string;
  /** States from which the change can be made. */
  from: readonly string[];
  /** States in which the change counts as already made: skipped with a note, not an error. */
  already: readonly string[];
  /** Extra per-artwork check; returns a refusal message. */
  refuse?: (a: Gate) => string | undefined;
}

export interface Plan {
  artworks: Gate[];
  /** Artworks to change, grouped by project. */
  groups: Gate[][];
  notes: Map<string, string>;
}

/** Reads the artworks, checks states and the right to manage each project; writes nothing. */
export async function planTransition(
  ctx: CapabilityContext,
  artworkIds: readonly string[],
  rule: TransitionRule,
): Promise<Plan> {
  const artworks = await loadGates(ctx, artworkIds);
  const notes = new Map<string, string>();
  const problems: string[] = [];
  for (const a of artworks) {
    if (rule.already.includes(a.state)) notes.set(a.id, `Already ${a.state}; nothing to ${rule.verb}.`);
    else if (!rule.from.includes(a.state)) problems.push(`${label(a)} is ${a.state}`);
    else {
      const why = rule.refuse?.(a);
      if (why) problems.push(why);
    }
  }
  if (problems.length) {
    throw new CapabilityError(
      'conflict',
      `Cannot ${rule.verb}: ${problems.join('; ')}. Allowed from: ${rule.from.join(', ')}. Nothing was changed.`,
    );
  }
  const todo = artworks.filter((a) => !notes.has(a.id));
  const groups = [...byProject(todo).values()];
  const projects = await mapLimit(
    groups,
    4,
    async (g) => (await ctx.cway.request(ProjectGate, { id: g[0]!.projectId }, { signal: ctx.signal })).project,
  );
  const refused = groups.filter((g, i) => !projects[i]?.projectPermissions.canManageArtworks);
  if (refused.length) {
    const names = refused.map((g) => `"${g[0]!.projectName}"`).join(', ');
    throw new CapabilityError(
      'forbidden',
      `You may not ${rule.verb} artworks in ${names}; its project manager can. Nothing was changed.`,
    );
  }
  return { artworks, groups, notes };
}
