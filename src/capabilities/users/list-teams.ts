import { z } from 'zod';
import { graphql, readFragment } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { truncationNote } from '../shared.js';
import { TeamFields } from './fragments.js';

const Teams = graphql(
  `
    query OrganisationTeams {
      organisation {
        id
        name
        teams {
          ...TeamFields
        }
      }
    }
  `,
  [TeamFields],
);

const MAX_TEAMS = 200;

export default defineCapability({
  name: 'list_teams',
  title: 'List teams',
  description: 'Teams with their members, team admins and approval mode (ALL_REQUIRED or ANY_MEMBER).',
  toolset: 'users',
  input: z.object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Only teams whose name contains this text (case-insensitive).'),
  }),
  output: z.object({
    organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
    teams: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        approvalMode: z.string().describe('ALL_REQUIRED (default when unset) or ANY_MEMBER'),
        members: z.array(z.object({ userId: z.string(), username: z.string(), name: z.string(), admin: z.boolean() })),
      }),
    ),
    total: z.number().int().describe('Teams matching, before the cap of 200.'),
    note: z.string().nullable(),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/teams' },
  handler: async ({ query }, ctx) => {
    const data = await ctx.cway.request(Teams, {}, { signal: ctx.signal });
    const org = data.organisation;
    if (!org)
      return { organisation: null, teams: [], total: 0, note: 'Cway returned no current organisation for you.' };
    const wanted = query?.toLowerCase();
    const teams = readFragment(TeamFields, org.teams);
    const matching = teams.filter((t) => !wanted || t.name.toLowerCase().includes(wanted));
    const kept = matching.slice(0, MAX_TEAMS);
    return {
      organisation: { id: org.id, name: org.name },
      teams: kept.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        approvalMode: t.approvalMode ?? 'ALL_REQUIRED',
        members: t.users.map((m) => ({
          userId: m.user.id,
          username: m.user.username,
          name: m.user.name,
          admin: m.admin,
        })),
      })),
      total: matching.length,
      note: truncationNote(kept.length, matching.length, 'teams', 'the first'),
    };
  },
});
