/** Shares: finding, reading, creating, marking as read and removing them, and their zip layout. */
import type { Ctx } from './context.js';
import { displayName, me, nonBlank, record, visibleArtwork } from './context.js';
import type { ShareItem, ShareRow } from '../store/types.js';
import type { ZipEntry } from './commonTypes.js';
import { badInput, conflict, forbidden, notFound } from '../errors.js';
import { isEmail } from './users.js';
import { DAY_MS } from '../time.js';

/** Shares made by `createShare` are valid for this long (the API takes no expiry). */
export const SHARE_VALIDITY_MS = 30 * DAY_MS;

/** Administrators see every share of the organisation; others see what they sent or received. */
const viewerOf = (ctx: Ctx) => (ctx.viewer.perms.userAdministration ? undefined : me(ctx).username);

function requireShare(ctx: Ctx, id: string): ShareRow {
  const s = ctx.store.shares.get(id, viewerOf(ctx));
  if (!s) throw notFound(`Share ${id} not found`);
  return s;
}

/** The file, name and size behind one share item, or NOT_FOUND. */
function resolveItem(ctx: Ctx, item: ShareItem) {
  const media = ctx.store.media;
  if (item.mediaType === 'FILE') {
    const f = media.file(item.id);
    if (!f) throw notFound(`File ${item.id} not found`);
    return { folder: null, files: [f] };
  }
  if (item.mediaType === 'MC_ARTWORK') {
    const mc = media.mcArtwork(item.id);
    if (!mc) throw notFound(`Media-center artwork ${item.id} not found`);
    return { folder: { id: mc.id, name: mc.name }, files: [media.file(mc.previewFileId)!] };
  }
  const found = visibleArtwork(ctx, item.id);
  if (!found) throw notFound(`Artwork ${item.id} not found`);
  const { artwork } = found;
  const ids = [
    ctx.store.artworks.currentRevision(artwork.id)?.fileId,
    ...ctx.store.artworks.files(artwork.id).map((f) => f.fileId),
  ];
  const files = [...new Set(ids)].flatMap((id) => (id ? [media.file(id)!] : []));
  return { folder: { id: artwork.id, name: artwork.name }, files, artwork, project: found.project };
}

export const shareQueries = {
  findShares: (
    _: unknown,
    args: {
      fileNameFilter?: string | null;
      sharedToUser?: string | null;
      sharedByUser?: string | null;
      includeRead?: boolean | null;
    },
    ctx: Ctx,
  ) =>
    ctx.store.shares.find({
      viewer: viewerOf(ctx),
      fileName: args.fileNameFilter?.trim() || undefined,
      sharedTo: args.sharedToUser?.trim() || undefined,
      sharedBy: args.sharedByUser?.trim() || undefined,
      includeRead: args.includeRead ?? false,
    }),

  share: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.store.shares.get(args.id, viewerOf(ctx)) ?? null,

  shareZipStructure: (_: unknown, args: { shareId: string }, ctx: Ctx): ZipEntry[] => {
    const share = requireShare(ctx, args.shareId);
    const entries: ZipEntry[] = [{ kind: 'folder', id: share.id, name: share.name, parent: null }];
    for (const item of JSON.parse(share.items) as ShareItem[]) {
      let resolved;
      try {
        resolved = resolveItem(ctx, item);
      } catch {
        continue; // the item was deleted since the share was made
      }
      const parent = resolved.folder ? resolved.folder.id : share.id;
      if (resolved.folder)
        entries.push({ kind: 'folder', id: resolved.folder.id, name: resolved.folder.name, parent: share.id });
      for (const f of resolved.files) entries.push({ kind: 'file', id: f.id, name: f.name, parent, size: f.size ?? 0 });
    }
    return entries;
  },
};

interface CreateShareInput {
  shareId?: string | null;
  title: string;
  emails: string;
  message: string;
  includeDeliveryFiles?: boolean | null;
  includeSourceFiles?: boolean | null;
  items: ShareItem[];
}

function insertShare(ctx: Ctx, input: Omit<CreateShareInput, 'emails'>, emails: string[]): boolean {
  if (!ctx.viewer.perms.canCreateShare)
    throw forbidden('You are not allowed to create shares (requires the canCreateShare permission)');
  const id = input.shareId ?? ctx.store.newId();
  if (ctx.store.get('SELECT 1 FROM shares WHERE id = ?', [id])) throw conflict(`A share with id ${id} already exists`);
  const title = nonBlank(input.title, 'title');
  if (input.items.length === 0) throw badInput('items must hold at least one file or artwork');
  const resolved = input.items.map((item) => resolveItem(ctx, item));
  const size = resolved.flatMap((r) => r.files).reduce((sum, f) => sum + (f.size ?? 0), 0);
  const now = ctx.now();
  ctx.store.insert('shares', {
    id,
    name: title,
    message: input.message,
    size,
    created: now,
    validToDate: now + SHARE_VALIDITY_MS,
    sharedTo: [...new Set(emails)].join(', '),
    sharedFrom: me(ctx).username,
    read: 0,
    items: JSON.stringify(input.items.map((i) => ({ mediaType: i.mediaType, id: i.id }))),
  });
  const audience = emails.length ? emails.join(', ') : 'a public link';
  for (const r of resolved) {
    if (r.artwork && r.project) {
      record(ctx, {
        projectId: r.project.id,
        artworkId: r.artwork.id,
        kind: 'artwork.shared',
        name: 'Artwork shared',
        description: `${displayName(me(ctx))} shared "${r.artwork.name}" with ${audience}`,
      });
    }
  }
  return true;
}

export const shareMutations = {
  createShare: (_: unknown, { input }: { input: CreateShareInput }, ctx: Ctx) => {
    const emails = input.emails
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((e) => e.toLowerCase());
    if (emails.length === 0) throw badInput('emails must hold at least one address');
    const bad = emails.find((e) => !isEmail(e));
    if (bad) throw badInput(`"${bad}" is not an e-mail address; separate addresses with commas`);
    return insertShare(ctx, input, emails);
  },

  /** A share without recipients, reached through its public link (sharedTo stays empty). */
  createAnonymousShare: (_: unknown, { input }: { input: Omit<CreateShareInput, 'emails'> }, ctx: Ctx) =>
    insertShare(ctx, input, []),

  markShareAsRead: (_: unknown, args: { shareId: string }, ctx: Ctx) => {
    ctx.store.update('shares', { id: requireShare(ctx, args.shareId).id }, { read: 1 });
    return true;
  },

  markAllSharesAsRead: (_: unknown, __: unknown, ctx: Ctx) => {
    for (const s of ctx.store.shares.find({ viewer: me(ctx).username, includeRead: false })) {
      if (s.sharedFrom.toLowerCase() !== me(ctx).username.toLowerCase())
        ctx.store.update('shares', { id: s.id }, { read: 1 });
    }
    return true;
  },

  removeShares: (_: unknown, args: { shareIds: string[] }, ctx: Ctx) => {
    if (args.shareIds.length === 0) throw badInput('shareIds must not be empty');
    for (const id of new Set(args.shareIds)) {
      const s = requireShare(ctx, id);
      if (!ctx.viewer.perms.userAdministration && s.sharedFrom.toLowerCase() !== me(ctx).username.toLowerCase()) {
        throw forbidden(`Only the sender (${s.sharedFrom}) or an administrator may remove the share "${s.name}"`);
      }
      ctx.store.run('DELETE FROM shares WHERE id = ?', [id]);
    }
    return true;
  },
};
