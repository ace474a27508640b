import { graphql } from '../../../cway/graphql.js';
import { CapabilityError } from '../../../errors.js';
import type { CapabilityContext } from '../../define.js';
import { docId, webLinks } from '../refs.js';
import { facts, joinSections, type Document } from './document.js';
import { isoFromEpoch } from '../../shared.js';

const FetchMediaArtwork = graphql(`
  query FetchMediaArtwork($artworkId: UUID!) {
    mediaCenterArtwork(artworkId: $artworkId) {
      id
      name
      draft
      created
      modifiedDate
      usedInActiveProject
      projectName
      category {
        name
      }
      comments {
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

const FetchMediaFile = graphql(`
  query FetchMediaFile($uuid: UUID!) {
    file(uuid: $uuid) {
      id
      name
      size
      contentType
      noPages
      created
    }
  }
`);

const MAX_COMMENTS = 30;

/** `mc:<uuid>` is a media-center artwork or a file; both are asked for, whichever exists answers. */
export async function readMedia(key: string, ctx: CapabilityContext): Promise<Document> {
  const opts = { signal: ctx.signal };
  const [art, file] = await Promise.all([
    ctx.cway.request(FetchMediaArtwork, { artworkId: key }, opts).catch(() => undefined),
    ctx.cway.request(FetchMediaFile, { uuid: key }, opts).catch(() => undefined),
  ]);
  const link = webLinks(ctx.services.webBaseUrl);
  const a = art?.mediaCenterArtwork;
  if (a) {
    const comments = a.comments
      .slice(0, MAX_COMMENTS)
      .map(
        (c) =>
          `- #${c.number}${c.valid ? '' : ' (invalidated)'} by ${c.commentedBy.username} on ${c.created}: ${c.text}`,
      );
    return {
      id: docId('mc', a.id),
      title: `Media artwork: ${a.name}`,
      text: joinSections([
        `Media-center artwork: ${a.name}`,
        facts([
          ['Category', a.category.name],
          ['Draft', a.draft ? 'yes' : 'no'],
          ['Project', a.projectName],
          ['Used in an active project', a.usedInActiveProject ? 'yes' : 'no'],
          ['Created', isoFromEpoch(a.created)],
          ['Modified', a.modifiedDate],
        ]),
        comments.length ? ['Comments:', ...comments] : 'No comments.',
      ]),
      url: link.mediaArtwork(a.id),
      metadata: { type: 'media_artwork', category: a.category.name, draft: a.draft, project: a.projectName ?? null },
    };
  }
  const f = file?.file;
  if (f) {
    return {
      id: docId('mc', f.id),
      title: `Media file: ${f.name}`,
      text: joinSections([
        `File: ${f.name}`,
        facts([
          ['Type', f.contentType],
          ['Size (bytes)', f.size === null || f.size === undefined ? null : Number(f.size)],
          ['Pages', f.noPages],
          ['Created', isoFromEpoch(f.created)],
        ]),
      ]),
      url: link.mediaFile(f.id),
      metadata: {
        type: 'file',
        contentType: f.contentType ?? null,
        size: f.size === null || f.size === undefined ? null : Number(f.size),
      },
    };
  }
  throw new CapabilityError('not_found', `No media-center artwork or file with id ${key} is visible to you.`, {
    hint: 'Use search to find media-center items and pass their id unchanged.',
  });
}
