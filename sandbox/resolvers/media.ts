/** The media center: folders, folder items, files and their temporary links, download jobs, MC artwork comments. */
import type { Ctx } from './context.js';
import { me, nonBlank, paging } from './context.js';
import { badInput, notFound } from '../errors.js';
import { normalizeMarkers, type StoredMarker } from './markers.js';

type Paging = { page: number; pageSize: number } | null;
type Sort = { field: 'NAME' | 'CREATED'; direction: 'ASC' | 'DESC' } | null;

interface DownloadSelection {
  name: string;
  type: 'FILE' | 'FOLDER';
  fileId?: string | null;
  children?: DownloadSelection[] | null;
}

function requireFile(ctx: Ctx, id: string) {
  const f = ctx.store.media.file(id);
  if (!f) throw notFound(`File ${id} not found`);
  return f;
}

function checkSelections(ctx: Ctx, selections: DownloadSelection[]): void {
  for (const s of selections) {
    if (s.type === 'FILE') {
      if (!s.fileId) throw badInput(`Selection "${s.name}" is a FILE without a fileId`);
      requireFile(ctx, s.fileId);
    } else {
      checkSelections(ctx, s.children ?? []);
    }
  }
}

function addJob(ctx: Ctx, request: unknown): string {
  const id = ctx.store.newId();
  ctx.store.insert('downloadJobs', {
    id,
    createdAt: ctx.now(),
    createdBy: me(ctx).id,
    request: JSON.stringify(request),
  });
  return id;
}

export const mediaQueries = {
  tree: (_: unknown, __: unknown, ctx: Ctx) => ctx.store.media.folders(),

  folder: (_: unknown, args: { id: string }, ctx: Ctx) => {
    const f = ctx.store.media.folder(args.id);
    if (!f) throw notFound(`Folder ${args.id} not found`);
    return f;
  },

  itemsForFolder: (
    _: unknown,
    args: {
      input: {
        folderId: string;
        searchString?: string | null;
        recursive?: boolean | null;
        categoryId?: string | null;
        includeObsolete?: boolean | null;
      };
      sorting?: Sort;
      paging?: Paging;
    },
    ctx: Ctx,
  ) => {
    const { input } = args;
    if (!ctx.store.media.folder(input.folderId)) throw notFound(`Folder ${input.folderId} not found`);
    const { page, offset, limit } = paging(args.paging);
    const { rows, total } = ctx.store.media.items(
      {
        folderIds: input.recursive === false ? [input.folderId] : ctx.store.media.subtree(input.folderId),
        search: input.searchString?.trim() || undefined,
        categoryId: input.categoryId ?? undefined,
        includeObsolete: input.includeObsolete ?? false,
        sortField: args.sorting?.field ?? 'NAME',
        sortDirection: args.sorting?.direction ?? 'ASC',
      },
      offset,
      limit,
    );
    return { items: rows, page, totalHits: total };
  },

  itemsForOrganisation: (
    _: unknown,
    args: {
      input: { searchString?: string | null; includeObsolete?: boolean | null; categoryId?: string | null };
      paging?: Paging;
    },
    ctx: Ctx,
  ) => {
    const { page, offset, limit } = paging(args.paging);
    const { rows, total } = ctx.store.media.items(
      {
        search: args.input.searchString?.trim() || undefined,
        categoryId: args.input.categoryId ?? undefined,
        includeObsolete: args.input.includeObsolete ?? false,
        sortField: 'NAME',
        sortDirection: 'ASC',
      },
      offset,
      limit,
    );
    return { items: rows, page, totalHits: total };
  },

  mediaCenterArtwork: (_: unknown, args: { artworkId: string }, ctx: Ctx) =>
    ctx.store.media.mcArtwork(args.artworkId) ?? null,

  file: (_: unknown, args: { uuid: string }, ctx: Ctx) => ctx.store.media.file(args.uuid) ?? null,

  tempFileDownloadUrl: (_: unknown, args: { fileId: string }, ctx: Ctx) =>
    ctx.links.make(requireFile(ctx, args.fileId).id, 'download', ctx.now()),

  tempFileUploadUrl: (_: unknown, args: { fileId: string; filename?: string | null }, ctx: Ctx) => {
    const url = ctx.links.make(args.fileId, 'upload', ctx.now());
    return args.filename ? `${url}&filename=${encodeURIComponent(args.filename)}` : url;
  },
};

export const mediaMutations = {
  commentMediaCenterArtworks: (
    _: unknown,
    args: {
      comments: Array<{ artworkId: string; text: string; markers?: StoredMarker[] | null; fileIds?: string[] | null }>;
    },
    ctx: Ctx,
  ) => {
    if (args.comments.length === 0) throw badInput('comments must not be empty');
    const now = ctx.now();
    for (const c of args.comments) {
      const mc = ctx.store.media.mcArtwork(c.artworkId);
      if (!mc) throw notFound(`Media-center artwork ${c.artworkId} not found`);
      for (const id of c.fileIds ?? []) requireFile(ctx, id);
      ctx.store.insert('mcComments', {
        id: ctx.store.newId(),
        mcArtworkId: mc.id,
        number: ctx.store.media.nextCommentNumber(mc.id),
        text: nonBlank(c.text, 'text'),
        markers: JSON.stringify(normalizeMarkers(c.markers)),
        commentedBy: me(ctx).id,
        createdAt: now,
      });
      ctx.store.update('mcArtworks', { id: mc.id }, { modified: now });
    }
    return true;
  },

  createFileDownloadJob: (
    _: unknown,
    args: { fileId: string; fileName?: string | null; zipName?: string | null; forceZipFile?: boolean | null },
    ctx: Ctx,
  ) => {
    requireFile(ctx, args.fileId);
    return addJob(ctx, args);
  },

  createDownloadJob: (
    _: unknown,
    args: { selections: DownloadSelection[]; zipName?: string | null; forceZipFile?: boolean | null },
    ctx: Ctx,
  ) => {
    if (args.selections.length === 0) throw badInput('selections must not be empty');
    checkSelections(ctx, args.selections);
    return addJob(ctx, args);
  },
};
