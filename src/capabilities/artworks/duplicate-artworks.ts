import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { artworkIdsInput, loadGates } from './load.js';

const Target = graphql(`
  query DuplicateTarget($projectId: UUID!) {
    project(id: $projectId) {
      id
      name
      state
      projectPermissions {
        canManageArtworks
      }
      artworks {
        id
        name
        state
      }
    }
  }
`);

const Duplicate = graphql(`
  mutation CreateArtworksFromProjectArtworks($projectId: UUID!, $artworkIds: [UUID!]!) {
    createArtworksFromProjectArtworks(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

export default defineCapability({
  name: 'duplicate_artworks',
  title: 'Duplicate artworks',
  description: 'Copy artworks as new UNSTARTED artworks, into their project or another one. Returns the copies.',
  toolset: 'artworks',
  input: z.object({
    artworkIds: artworkIdsInput,
    projectId: uuid('Target project id')
      .optional()
      .describe("Project to copy into; default: the artworks' own project (they must then share one)."),
  }),
  output: z.object({
    projectId: z.string(),
    created: z.array(z.object({ id: z.string(), name: z.string(), state: z.string() })),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/duplicate' },
  handler: async ({ artworkIds, projectId }, ctx) => {
    const sources = await loadGates(ctx, artworkIds);
    const own = [...new Set(sources.map((a) => a.projectId))];
    if (!projectId && own.length > 1)
      throw new CapabilityError(
        'invalid_input',
        'The artworks belong to different projects; say which one to copy into.',
        {
          field: 'projectId',
        },
      );
    const target = projectId ?? own[0]!;
    const read = async () => (await ctx.cway.request(Target, { projectId: target }, { signal: ctx.signal })).project;
    const before = await read();
    if (!before)
      throw new CapabilityError('not_found', `No project visible to you with id ${target}.`, { field: 'projectId' });
    if (!before.projectPermissions.canManageArtworks)
      throw new CapabilityError('forbidden', `You may not add artworks to "${before.name}"; its project manager can.`);
    if (before.state === 'DELIVERED' || before.state === 'CLOSED')
      throw new CapabilityError(
        'conflict',
        `Project "${before.name}" is ${before.state}; reopen it (reopen_projects) first.`,
      );
    const known = new Set(before.artworks.map((a) => a.id));
    await ctx.cway.request(
      Duplicate,
      { projectId: before.id, artworkIds: sources.map((a) => a.id) },
      { signal: ctx.signal, verify: 'get_project (the target project)' },
    );
    const after = await read();
    return {
      projectId: before.id,
      created: (after?.artworks ?? [])
        .filter((a) => !known.has(a.id))
        .map((a) => ({ id: a.id, name: a.name, state: a.state })),
    };
  },
});
