import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { pageInfo, pageOutput, pagingInput } from '../shared.js';

const UsersAndTeams = graphql(`
  query UsersAndTeams($search: String, $paging: Paging) {
    findUsersAndTeamsPage(search: $search, paging: $paging) {
      page
      totalHits
      usersOrTeams {
        __typename
        ... on User {
          id
          username
          name
          email
        }
        ... on UserTeam {
          id
          name
          description
          approvalMode
          users {
            user {
              id
            }
          }
        }
      }
    }
  }
`);

const entry = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('user'),
    id: z.string(),
    username: z.string(),
    name: z.string(),
    email: z.string(),
  }),
  z.object({
    type: z.literal('team'),
    id: z.string(),
    name: z.string(),
    description: z.string(),
    approvalMode: z.string().describe('ALL_REQUIRED (every member approves) or ANY_MEMBER'),
    memberCount: z.number().int(),
  }),
]);

export default defineCapability({
  name: 'find_users_and_teams',
  title: 'Find users and teams',
  description:
    'Search users and teams together, e.g. to pick an approver. Returns users (username, name, e-mail) and teams (approval mode, members) and nextPage.',
  toolset: 'users',
  input: z.object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Text to match in user or team names; omit for everyone.'),
    ...pagingInput,
  }),
  output: z.object({ items: z.array(entry) }).extend(pageOutput.shape),
  hints: READ,
  rest: { method: 'GET', path: '/api/users-and-teams' },
  handler: async ({ query, page, pageSize }, ctx) => {
    const data = await ctx.cway.request(
      UsersAndTeams,
      { search: query, paging: { page, pageSize } },
      { signal: ctx.signal },
    );
    const result = data.findUsersAndTeamsPage;
    const items: z.infer<typeof entry>[] = [];
    for (const x of result.usersOrTeams) {
      if (x.__typename === 'User') {
        items.push({ type: 'user', id: x.id, username: x.username, name: x.name, email: x.email });
      } else if (x.__typename === 'UserTeam') {
        items.push({
          type: 'team',
          id: x.id,
          name: x.name,
          description: x.description,
          approvalMode: x.approvalMode ?? 'ALL_REQUIRED',
          memberCount: x.users.length,
        });
      } else {
        ctx.log.warn({ typename: (x as { __typename?: string }).__typename }, 'unknown UserOrTeam member skipped');
      }
    }
    return { items, ...pageInfo(page, pageSize, Number(result.totalHits)) };
  },
});
