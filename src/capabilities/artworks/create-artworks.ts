import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText, uuid } from '../shared.js';
import { MAX_BATCH, runInOrder } from './load.js';

const Before = graphql(`
  query CreateArtworksContext($projectId: UUID!) {
    project(id: $projectId) {
      id
      name
      state
      projectPermissions {
        canManageArtworks
      }
      artworks {
        id
      }
    }
    organisation {
      defaultCategory {
        id
        name
      }
      artworkCategories {
        id
        name
      }
    }
  }
`);

const After = graphql(`
  query CreatedArtworks($projectId: UUID!) {
    project(id: $projectId) {
      artworks {
        id
        name
        state
        endDate
        category {
          id
          name
        }
      }
    }
  }
`);

const CreateArtwork = graphql(`
  mutation CreateArtwork($input: CreateArtworkInput!) {
    createArtwork(input: $input)
  }
`);

const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a date like 2026-03-31`)
    .optional()
    .describe(`${what} (YYYY-MM-DD)`);

const newArtwork = z.object({
  name: plainText('Artwork name').min(1).max(200),
  description: plainText('Description', { multiline: true }).max(4000).optional(),
  category: z
    .string()
    .max(200)
    .optional()
    .describe("Category name or id; default: the organisation's default category."),
  startDate: day('Start date'),
  endDate: day('Due date'),
});

type Category = { id: string; name: string };

function pickCategory(all: readonly Category[], fallback: Category, wanted: string | undefined): Category {
  if (!wanted) return fallback;
  const hit = all.find((c) => c.id === wanted) ?? all.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
  if (hit) return hit;
  throw new CapabilityError('not_found', `No artwork category "${wanted}".`, {
    field: 'artworks',
    candidates: all.map((c) => c.name),
  });
}

export default defineCapability({
  name: 'create_artworks',
  title: 'Create artworks',
  description:
    'Add UNSTARTED artworks to a project with name, description, category and dates. Returns their ids; then assign_artwork_people.',
  toolset: 'artworks',
  input: z.object({
    projectId: uuid('Project id'),
    artworks: z.array(newArtwork).min(1).max(MAX_BATCH).describe('The artworks to create, in order.'),
  }),
  output: z.object({
    projectId: z.string(),
    created: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        state: z.string(),
        category: z.string(),
        endDate: z.string().nullable(),
      }),
    ),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/{projectId}/artworks' },
  handler: async ({ projectId, artworks }, ctx) => {
    const { project, organisation } = await ctx.cway.request(Before, { projectId }, { signal: ctx.signal });
    if (!project) throw new CapabilityError('not_found', `No project visible to you with id ${projectId}.`);
    if (!project.projectPermissions.canManageArtworks) {
      throw new CapabilityError('forbidden', `You may not add artworks to "${project.name}"; its project manager can.`);
    }
    if (project.state === 'DELIVERED' || project.state === 'CLOSED') {
      throw new CapabilityError(
        'conflict',
        `Project "${project.name}" is ${project.state}; reopen it before adding artworks.`,
      );
    }
    if (!organisation)
      throw new CapabilityError('upstream_unavailable', 'Cway did not return the organisation and its categories.');
    const inputs = artworks.map((a) => {
      if (a.startDate && a.endDate && a.endDate < a.startDate) {
        throw new CapabilityError(
          'invalid_input',
          `"${a.name}": endDate ${a.endDate} is before startDate ${a.startDate}.`,
          { field: 'artworks' },
        );
      }
      const category = pickCategory(organisation.artworkCategories, organisation.defaultCategory, a.category);
      return {
        projectId,
        name: a.name,
        description: a.description,
        categoryId: category.id,
        startDate: a.startDate,
        endDate: a.endDate,
      };
    });
    const known = new Set(project.artworks.map((a) => a.id));
    await runInOrder(
      inputs,
      (i) => `"${i.name}"`,
      (i) => ctx.cway.request(CreateArtwork, { input: i }, { signal: ctx.signal }),
    );
    // createArtwork returns no id: the new ones are those not there before.
    const after = await ctx.cway.request(After, { projectId }, { signal: ctx.signal });
    const fresh = (after.project?.artworks ?? []).filter((a) => !known.has(a.id));
    const created = inputs.map((i) => {
      const k = fresh.findIndex((a) => a.name.trim() === i.name.trim());
      return k >= 0 ? fresh.splice(k, 1)[0]! : undefined;
    });
    const rows = [...created.filter((a): a is NonNullable<typeof a> => !!a), ...fresh];
    return {
      projectId,
      created: rows.map((a) => ({
        id: a.id,
        name: a.name,
        state: a.state,
        category: a.category.name,
        endDate: a.endDate ?? null,
      })),
    };
  },
});
