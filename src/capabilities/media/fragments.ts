/**
 * Shared selections of the media center: a folder item (the `FolderItem` union of files and
 * media-center artworks) and how it is shown to a model, plus small converters.
 */
import { z } from 'zod';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { isoFromMs, pageInfo, pageOutput, uuidString } from '../shared.js';

export const MediaItem = graphql(`
  fragment MediaItem on FolderItem {
    __typename
    ... on FileFolderItem {
      id
      name
      obsolete
      created
      file {
        id
        size
        contentType
      }
    }
    ... on ArtworkFolderItem {
      id
      name
      obsolete
      created
      artwork {
        id
        draft
        projectName
        category {
          name
        }
      }
    }
  }
`);

export const mediaItem = z.object({
  kind: z.enum(['file', 'artwork', 'unknown']).describe('file: a plain file; artwork: a media-center artwork.'),
  itemId: z.string().describe('Id of the folder item (the placement in a folder).'),
  name: z.string(),
  obsolete: z.boolean(),
  created: z.string().nullable().describe('ISO time the item was added.'),
  fileId: z.string().nullable().describe('For files: the file id for get_media_file, create_download_job and shares.'),
  size: z.number().nullable().describe('For files: size in bytes.'),
  contentType: z.string().nullable(),
  mediaArtworkId: z
    .string()
    .nullable()
    .describe('For artworks: the id for get_media_artwork, comments and shares (MC_ARTWORK).'),
  draft: z.boolean().nullable(),
  category: z.string().nullable(),
  projectName: z.string().nullable().describe('For artworks: the project it is used in, if any.'),
});
export type MediaItemRow = z.infer<typeof mediaItem>;

export function toMediaItem(ref: FragmentOf<typeof MediaItem>): MediaItemRow {
  const item = readFragment(MediaItem, ref);
  const empty = {
    fileId: null,
    size: null,
    contentType: null,
    mediaArtworkId: null,
    draft: null,
    category: null,
    projectName: null,
  };
  if (item.__typename === 'FileFolderItem') {
    return {
      ...empty,
      kind: 'file',
      itemId: item.id,
      name: item.name,
      obsolete: item.obsolete,
      created: isoFromMs(item.created),
      fileId: item.file?.id ?? null,
      size: item.file?.size ?? null,
      contentType: item.file?.contentType ?? null,
    };
  }
  if (item.__typename === 'ArtworkFolderItem') {
    return {
      ...empty,
      kind: 'artwork',
      itemId: item.id,
      name: item.name,
      obsolete: item.obsolete,
      created: isoFromMs(item.created),
      mediaArtworkId: item.artwork?.id ?? null,
      draft: item.artwork?.draft ?? null,
      category: item.artwork?.category.name ?? null,
      projectName: item.artwork?.projectName ?? null,
    };
  }
  // A member the contract does not know yet: keep it visible rather than failing the list.
  const unknown = item as { __typename?: string; id?: string; name?: string };
  return {
    ...empty,
    kind: 'unknown',
    itemId: unknown.id ?? '',
    name: unknown.name ?? unknown.__typename ?? '',
    obsolete: false,
    created: null,
  };
}

export const searchText = z.string().trim().min(1).max(200);

/** The filters list_folder_items and search_media both take. */
export const itemFilterInput = {
  categoryId: uuidString().optional().describe('Only artworks of this category (see list_categories).'),
  includeObsolete: z.boolean().default(false).describe('Include items marked obsolete (default false).'),
};

/** A page of folder items with paging facts; the output of both item listings. */
export const mediaItemPage = z.object({ items: z.array(mediaItem) }).extend(pageOutput.shape);

/** Maps one page of `MediaItem`s (0-based `page`) to the listing output. */
export function toMediaItemPage(
  result: { items: readonly FragmentOf<typeof MediaItem>[]; totalHits: number | string },
  page: number,
  pageSize: number,
): z.infer<typeof mediaItemPage> {
  return { items: result.items.map(toMediaItem), ...pageInfo(page, pageSize, Number(result.totalHits)) };
}

const FileDetails = graphql(`
  query MediaFile($uuid: UUID!) {
    file(uuid: $uuid) {
      id
      name
      size
      contentType
      renderStatus
      noPages
      created
    }
  }
`);

/** A file by id, or null when it does not exist or the caller cannot see it. */
export async function readFile(
  ctx: CapabilityContext,
  id: string,
): Promise<NonNullable<ResultOf<typeof FileDetails>['file']> | null> {
  try {
    return (await ctx.cway.request(FileDetails, { uuid: id }, { signal: ctx.signal })).file ?? null;
  } catch (err) {
    if (err instanceof CapabilityError && err.code === 'not_found') return null;
    throw err;
  }
}

const MediaArtworkQuery = graphql(`
  query MediaArtwork($artworkId: UUID!) {
    mediaCenterArtwork(artworkId: $artworkId) {
      id
      name
      draft
      created
      modifiedDate
      usedInActiveProject
      projectId
      projectName
      projectArtwork {
        id
      }
      category {
        id
        name
      }
      preview {
        id
        name
      }
      comments {
        id
        number
        text
        valid
        created
        commentedBy {
          username
        }
      }
    }
  }
`);

export const mediaComment = z.object({
  id: z.string(),
  number: z.number().int().describe('Running number of the comment on this artwork.'),
  text: z.string(),
  valid: z.boolean().describe('False when the comment was invalidated.'),
  created: z.string(),
  by: z.string().describe('Username of the author.'),
});

export const mediaArtwork = z.object({
  id: z.string(),
  name: z.string(),
  draft: z.boolean(),
  created: z.string().nullable(),
  modified: z.string(),
  usedInActiveProject: z.boolean(),
  projectId: z.string().nullable(),
  projectName: z.string().nullable(),
  projectArtworkId: z.string().nullable().describe('The project artwork it is linked to, if any.'),
  category: z.object({ id: z.string(), name: z.string() }),
  previewFileId: z.string().describe('File id of the preview (get_media_file gives a download URL).'),
  comments: z.array(mediaComment).describe('Oldest first; at most the last 200.'),
  totalComments: z.number().int(),
});
export type MediaArtworkRow = z.infer<typeof mediaArtwork>;

const COMMENT_CAP = 200;

/** A media-center artwork with its comments, or null when it does not exist or is not visible. */
export async function readMediaArtwork(ctx: CapabilityContext, id: string): Promise<MediaArtworkRow | null> {
  let a;
  try {
    a = (await ctx.cway.request(MediaArtworkQuery, { artworkId: id }, { signal: ctx.signal })).mediaCenterArtwork;
  } catch (err) {
    if (err instanceof CapabilityError && err.code === 'not_found') return null;
    throw err;
  }
  if (!a) return null;
  const comments = [...a.comments].sort((x, y) => x.number - y.number);
  return {
    id: a.id,
    name: a.name,
    draft: a.draft,
    created: isoFromMs(a.created),
    modified: a.modifiedDate,
    usedInActiveProject: a.usedInActiveProject,
    projectId: a.projectId ?? null,
    projectName: a.projectName ?? null,
    projectArtworkId: a.projectArtwork?.id ?? null,
    category: { id: a.category.id, name: a.category.name },
    previewFileId: a.preview.id,
    comments: comments.slice(-COMMENT_CAP).map((c) => ({
      id: c.id,
      number: c.number,
      text: c.text,
      valid: c.valid,
      created: c.created,
      by: c.commentedBy.username,
    })),
    totalComments: comments.length,
  };
}

export const mediaArtworkNotFound = (id: string, field: string) =>
  new CapabilityError('not_found', `No media-center artwork ${id}, or you cannot see it.`, {
    field,
    hint: "Use search_media or list_folder_items and pass an item's mediaArtworkId.",
  });
