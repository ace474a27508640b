/**
 * Which capabilities a process serves: filters over the one registry, never a second list.
 * Toolsets narrow by domain; read-only mode keeps what each capability's own readOnlyHint allows.
 */
import type { Capability, Toolset } from './define.js';

/**
 * Served when no toolset is chosen: the everyday questions of a project manager or approver (which
 * projects, how they stand, who is involved, what waits for my approval, what has stalled) and
 * everything the previous system's ChatGPT guide promised. Left out: media center, shares and
 * organisation setup (print specifications alone are the heaviest schemas), which are specialist
 * work one flag away (`--toolsets all`). Measured sizes per toolset are in docs/mcp.md.
 */
export const DEFAULT_TOOLSETS: readonly Toolset[] = ['projects', 'users', 'artworks', 'analytics', 'system'];

export interface Selection {
  toolsets: readonly Toolset[];
  readOnly: boolean;
}

export function selectCapabilities(all: readonly Capability[], sel: Selection): Capability[] {
  const sets = new Set(sel.toolsets);
  return all.filter((c) => sets.has(c.toolset) && (!sel.readOnly || c.hints.readOnlyHint));
}

/** Read-only mode alone (the REST surface serves every toolset unless toolsets were chosen). */
export function readOnlyFilter(all: readonly Capability[], readOnly: boolean): Capability[] {
  return all.filter((c) => !readOnly || c.hints.readOnlyHint);
}
