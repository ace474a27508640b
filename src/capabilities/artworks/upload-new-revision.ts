import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText, uuid } from '../shared.js';
import { label, readGate } from './load.js';

const NewRevision = graphql(`
  mutation NewRevisionFromFile($artworkId: UUID!, $fileId: UUID!, $comment: String) {
    newRevisionFromFile(artworkId: $artworkId, fileId: $fileId, comment: $comment)
  }
`);

const Revisions = graphql(`
  query ArtworkRevisionNumbers($id: UUID!) {
    artwork(id: $id) {
      state
      currentRevision {
        id
        revisionNo
        comment
        file {
          id
          name
        }
      }
    }
  }
`);

export default defineCapability({
  name: 'upload_new_revision',
  title: 'Upload a new revision',
  description: 'Make an uploaded file (from get_upload_url) the next revision of an artwork and put it up for review.',
  toolset: 'artworks',
  input: z.object({
    artworkId: uuid('Artwork id'),
    fileId: uuid('Id of the uploaded file (from get_upload_url)'),
    comment: plainText('Comment', { multiline: true }).max(4000).optional().describe('What changed in this revision.'),
  }),
  output: z.object({
    artworkId: z.string(),
    previousState: z.string(),
    state: z.string().describe('State after the upload (normally FOR_REVIEW).'),
    revisionNo: z.number().int().nullable(),
    file: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  rest: { method: 'POST', path: '/api/artworks/{artworkId}/revisions' },
  handler: async ({ artworkId, fileId, comment }, ctx) => {
    const a = await readGate(ctx, artworkId);
    if (!a) throw new CapabilityError('not_found', `No artwork visible to you with id ${artworkId}.`);
    if (!a.isInCreateNewRevisionState) {
      throw new CapabilityError(
        'conflict',
        `${label(a)} is ${a.state}; a new revision can only be added before it is approved (UNSTARTED, FOR_REVIEW, COMMENTED or REJECTED).`,
      );
    }
    if (!a.artworkPermissions.canUploadNewRevision) {
      throw new CapabilityError(
        'forbidden',
        `You may not upload revisions of ${label(a)}; its suppliers and project manager can.`,
      );
    }
    await ctx.cway.request(NewRevision, { artworkId, fileId, comment }, { signal: ctx.signal });
    const { artwork } = await ctx.cway.request(Revisions, { id: artworkId }, { signal: ctx.signal });
    const rev = artwork?.currentRevision;
    return {
      artworkId,
      previousState: a.state,
      state: artwork?.state ?? a.state,
      revisionNo: rev?.revisionNo ?? null,
      file: rev?.file ? { id: rev.file.id, name: rev.file.name } : null,
    };
  },
});
