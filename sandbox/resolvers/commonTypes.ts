/** Field resolvers of users, teams, the organisation, setup data, the media center and shares. */
import type { Ctx } from './context.js';
import { displayName, visibleArtwork } from './context.js';
import type {
  CategoryRow,
  FolderItemRow,
  FolderRow,
  McArtworkRow,
  McCommentRow,
  PrintSpecRow,
  ShareRow,
  TeamRow,
  UserRow,
} from '../store/types.js';
import { parseMarkers } from './markers.js';

const user = (ctx: Ctx, id: string | null) => (id ? (ctx.store.users.byId(id) ?? null) : null);
const ACTIVE_PROJECT_STATES = new Set(['PLANNED', 'IN_PROGRESS', 'STAND_BY']);

export const User = {
  enabled: (u: UserRow) => !!u.enabled && !u.deleted,
  name: (u: UserRow) => displayName(u),
  workInformation: (u: UserRow) => ({ companyName: u.companyName, jobTitle: u.jobTitle, department: u.department }),
};

export const UserTeam = {
  users: (t: TeamRow, _: unknown, ctx: Ctx) =>
    ctx.store.users.members(t.id).map((m) => ({ user: ctx.store.users.byId(m.userId), admin: !!m.admin })),
};

export const Organisation = {
  active: () => true,
  numberOfUsers: (_o: unknown, _: unknown, ctx: Ctx) => ctx.store.users.active().length,
  artworkCategories: (_o: unknown, _: unknown, ctx: Ctx) => ctx.store.setup.categories(false),
  archivedArtworkCategories: (_o: unknown, _: unknown, ctx: Ctx) => ctx.store.setup.categories(true),
  defaultCategory: (_o: unknown, _: unknown, ctx: Ctx) => ctx.store.setup.defaultCategory(),
  users: (_o: unknown, _: unknown, ctx: Ctx) => ctx.store.users.active(),
  teams: (_o: unknown, _: unknown, ctx: Ctx) => ctx.store.users.teams(),
};

export const Category = {
  usage: (c: CategoryRow, _: unknown, ctx: Ctx) => ctx.store.setup.usage(c.id),
};

export const Folder = {
  folders: (f: FolderRow, _: unknown, ctx: Ctx) => ctx.store.media.children(f.id),
  shared: (f: FolderRow) => !!f.shared,
};

const folderItem = {
  obsolete: (i: FolderItemRow) => !!i.obsolete,
};

export const FolderItem = {
  __resolveType: (i: FolderItemRow) => (i.kind === 'FILE' ? 'FileFolderItem' : 'ArtworkFolderItem'),
};

export const FileFolderItem = {
  ...folderItem,
  file: (i: FolderItemRow, _: unknown, ctx: Ctx) => (i.fileId ? (ctx.store.media.file(i.fileId) ?? null) : null),
};

export const ArtworkFolderItem = {
  ...folderItem,
  artwork: (i: FolderItemRow, _: unknown, ctx: Ctx) =>
    i.mcArtworkId ? (ctx.store.media.mcArtwork(i.mcArtworkId) ?? null) : null,
};

/** The project artwork a media-center artwork came from, when the caller can see it. */
const linked = (m: McArtworkRow, ctx: Ctx) => (m.projectArtworkId ? visibleArtwork(ctx, m.projectArtworkId) : null);

export const MediaCenterArtwork = {
  preview: (m: McArtworkRow, _: unknown, ctx: Ctx) => ctx.store.media.file(m.previewFileId),
  category: (m: McArtworkRow, _: unknown, ctx: Ctx) => ctx.store.setup.category(m.categoryId),
  comments: (m: McArtworkRow, _: unknown, ctx: Ctx) => ctx.store.media.comments(m.id),
  draft: (m: McArtworkRow) => !!m.draft,
  projectId: (m: McArtworkRow, _: unknown, ctx: Ctx) => linked(m, ctx)?.project.id ?? null,
  projectName: (m: McArtworkRow, _: unknown, ctx: Ctx) => linked(m, ctx)?.project.name ?? null,
  projectArtwork: (m: McArtworkRow, _: unknown, ctx: Ctx) => linked(m, ctx)?.artwork ?? null,
  modifiedDate: (m: McArtworkRow) => m.modified,
  usedInActiveProject: (m: McArtworkRow, _: unknown, ctx: Ctx) => {
    const artwork = m.projectArtworkId ? ctx.store.artworks.get(m.projectArtworkId) : undefined;
    const project = artwork ? ctx.store.projects.get(artwork.projectId) : undefined;
    return !!project && ACTIVE_PROJECT_STATES.has(project.state);
  },
};

export const ArtworkComment = {
  markers: (c: McCommentRow) => parseMarkers(c.markers),
  commentedBy: (c: McCommentRow, _: unknown, ctx: Ctx) => user(ctx, c.commentedBy),
  created: (c: McCommentRow) => c.createdAt,
  valid: (c: McCommentRow) => !!c.valid,
  invalidatedBy: (c: McCommentRow, _: unknown, ctx: Ctx) => user(ctx, c.invalidatedBy),
};

export const Share = {
  read: (s: ShareRow) => !!s.read,
};

export const PrintSpecification = {
  packaging: (s: PrintSpecRow) => JSON.parse(s.packaging),
  print: (s: PrintSpecRow) => JSON.parse(s.print),
  decor: (s: PrintSpecRow) => JSON.parse(s.decor),
  specialInstructions: (s: PrintSpecRow) => JSON.parse(s.specialInstructions),
  createdBy: (s: PrintSpecRow, _: unknown, ctx: Ctx) => user(ctx, s.createdBy),
};

export const UserOrTeam = {
  __resolveType: (x: UserRow | TeamRow) => ('username' in x ? 'User' : 'UserTeam'),
};

/** Entries of a zip layout (`shareZipStructure`, `artworkZipStructure`). */
export interface ZipEntry {
  kind: 'folder' | 'file';
  id: string;
  name: string;
  parent: string | null;
  size?: number;
}

export const DownloadFileDescriptor = {
  __resolveType: (e: ZipEntry) => (e.kind === 'folder' ? 'DownloadFolder' : 'DownloadFile'),
};
