/** The per-request context of the resolvers and the lookups/guards most resolvers share. */
import type { Store } from '../store.js';
import type { ArtworkRow, PermissionSet, ProjectRow, UserRow } from '../store/types.js';
import type { Viewer } from '../permissions.js';
import { managesProject } from '../permissions.js';
import { badInput, forbidden, notFound } from '../errors.js';
import type { FileLinks } from '../files.js';

export interface Ctx {
  store: Store;
  viewer: Viewer;
  /** The sandbox clock (epoch ms). */
  now: () => number;
  links: FileLinks;
  /** Per-request memo for values read several times while resolving one response. */
  memo: Map<string, unknown>;
  /** How long a new AI thread takes to answer (resolvers/ai.ts); default AI_DELAY_MS. */
  aiDelayMs?: number;
}

export function memo<T>(ctx: Ctx, key: string, compute: () => T): T {
  if (!ctx.memo.has(key)) ctx.memo.set(key, compute());
  return ctx.memo.get(key) as T;
}

export const me = (ctx: Ctx): UserRow => ctx.viewer.user;

export function displayName(u: Pick<UserRow, 'firstName' | 'lastName' | 'username'>): string {
  return `${u.firstName} ${u.lastName}`.trim() || u.username;
}

/** Throws FORBIDDEN unless the caller's permission group grants `key`. */
export function requirePermission(ctx: Ctx, key: keyof PermissionSet, action: string): void {
  if (!ctx.viewer.perms[key]) throw forbidden(`You are not allowed to ${action} (requires the ${key} permission)`);
}

export function canSeeProject(ctx: Ctx, p: ProjectRow): boolean {
  return ctx.viewer.perms.canSeeOtherProjects || ctx.store.projects.isInvolved(p.id, ctx.viewer.user.id);
}

export function visibleProject(ctx: Ctx, id: string): ProjectRow | null {
  const p = ctx.store.projects.get(id);
  return p && canSeeProject(ctx, p) ? p : null;
}

export function requireProject(ctx: Ctx, id: string): ProjectRow {
  const p = visibleProject(ctx, id);
  if (!p) throw notFound(`Project ${id} not found`);
  return p;
}

export function visibleArtwork(ctx: Ctx, id: string): { artwork: ArtworkRow; project: ProjectRow } | null {
  const artwork = ctx.store.artworks.get(id);
  const project = artwork && visibleProject(ctx, artwork.projectId);
  return artwork && project ? { artwork, project } : null;
}

export function requireArtwork(ctx: Ctx, id: string): { artwork: ArtworkRow; project: ProjectRow } {
  const found = visibleArtwork(ctx, id);
  if (!found) throw notFound(`Artwork ${id} not found`);
  return found;
}

/** The project and the listed artworks of it, for the batched `(projectId, artworkIds)` mutations. */
export function requireProjectArtworks(
  ctx: Ctx,
  projectId: string,
  artworkIds: string[],
): { project: ProjectRow; artworks: ArtworkRow[] } {
  const project = requireProject(ctx, projectId);
  if (artworkIds.length === 0) throw badInput('artworkIds must not be empty');
  const artworks = [...new Set(artworkIds)].map((id) => {
    const a = ctx.store.artworks.get(id);
    if (!a || a.projectId !== projectId) throw notFound(`Artwork ${id} not found in project ${projectId}`);
    return a;
  });
  return { project, artworks };
}

export function requireManager(ctx: Ctx, p: ProjectRow, action: string): void {
  if (!managesProject(ctx.viewer, p))
    throw forbidden(
      `You are not allowed to ${action} in project "${p.name}": only its project manager or an administrator may`,
    );
}

export function requireUserById(ctx: Ctx, id: string, what = 'User'): UserRow {
  const u = ctx.store.users.byId(id);
  if (!u || u.deleted) throw notFound(`${what} ${id} not found`);
  return u;
}

export function requireUserByName(ctx: Ctx, username: string): UserRow {
  const u = ctx.store.users.byUsername(username);
  if (!u) throw notFound(`User ${username} not found`);
  return u;
}

/** Appends history (project, and artwork when given) at the current sandbox time. */
export function record(
  ctx: Ctx,
  e: { projectId: string; artworkId?: string; kind: string; name: string; description: string },
): void {
  ctx.store.history.record({ ...e, at: ctx.now() });
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

/** Offset paging: `page` is 0-based; without `paging`, the first page of DEFAULT_PAGE_SIZE. */
export function paging(p: { page: number; pageSize: number } | null | undefined) {
  const page = p?.page ?? 0;
  const size = p?.pageSize ?? DEFAULT_PAGE_SIZE;
  if (page < 0) throw badInput('paging.page starts at 0 and cannot be negative');
  if (size < 1 || size > MAX_PAGE_SIZE) throw badInput(`paging.pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  return { page, offset: page * size, limit: size };
}

export function nonBlank(value: string, field: string): string {
  const v = value.trim();
  if (!v) throw badInput(`${field} must not be blank`);
  return v;
}
