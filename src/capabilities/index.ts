/**
 * The one list of capabilities. MCP tools, REST routes, the OpenAPI document, docs tables and
 * the registry tests all loop over it. To add a capability: write its file (one per capability,
 * in its domain folder), import it here, run `npm test` (the snapshot shows the new surface).
 */
import type { Capability } from './define.js';

// projects
import listProjects from './projects/list-projects.js';
// users
// system
// artworks
// media
// shares
// setup
// analytics

export const capabilities: readonly Capability[] = [
  // projects
  listProjects,
  // users
  // system
  // artworks
  // media
  // shares
  // setup
  // analytics
] as unknown as readonly Capability[];
