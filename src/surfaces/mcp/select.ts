/**
 * Which capabilities a process serves: filters over the one registry, never a second list.
 * Toolsets narrow by domain; read-only mode keeps what each capability's own readOnlyHint allows.
 */
import type { Capability, Toolset } from '../../capabilities/define.js';

/**
 * Served when no toolset is chosen: the everyday questions (which projects, who, which artworks
 * wait for whom, and who am I) in a tools/list small enough for a model's context. Media, shares,
 * setup and analytics are one flag away (`--toolsets all`); the measured sizes are in docs/mcp.md.
 */
export const DEFAULT_TOOLSETS: readonly Toolset[] = ['projects', 'users', 'artworks', 'system'];

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
