/**
 * What the user capabilities share: a page of users (list, search, the e-mail scan, ChatGPT's
 * `search`), one user by username (get, by e-mail, `fetch`), the shapes they map to,
 * and the team selection (`TeamFields`) behind list_teams and the team writes.
 */
import { z } from 'zod';
import type { CwaySession } from '../../cway/client.js';
import { graphql, type ResultOf } from '../../cway/graphql.js';
import { pageInfo, pageOutput, isoFromEpoch } from '../shared.js';

/** A team with its members, as list_teams and the team writes read it. */
export const TeamFields = graphql(`
  fragment TeamFields on UserTeam {
    id
    name
    description
    approvalMode
    users {
      admin
      user {
        id
        username
        name
      }
    }
  }
`);

export const UsersPage = graphql(`
  query UsersPage($username: String, $paging: Paging) {
    findUsersPage(username: $username, paging: $paging) {
      page
      totalHits
      users {
        id
        username
        email
        name
        enabled
        permissionGroupId
        lastLogin
      }
    }
  }
`);

export const UserByUsername = graphql(`
  query UserByUsername($username: String) {
    getUser(username: $username) {
      id
      username
      email
      name
      firstName
      lastName
      enabled
      permissionGroupId
      lastLogin
      createdAt
      workInformation {
        companyName
        jobTitle
        department
      }
    }
  }
`);

export const userCard = z.object({
  id: z.string(),
  username: z.string().describe('The login name; use it with get_user'),
  email: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  permissionGroupId: z.string().nullable(),
  lastLogin: z.string().nullable().describe('ISO-8601 UTC, null when never'),
});
export type UserCard = z.infer<typeof userCard>;

export const userDetail = userCard.extend({
  firstName: z.string(),
  lastName: z.string(),
  createdAt: z.string().nullable().describe('ISO-8601 UTC'),
  companyName: z.string().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
});
export type UserDetail = z.infer<typeof userDetail>;

type CardData = ResultOf<typeof UsersPage>['findUsersPage']['users'][number];
type DetailData = NonNullable<ResultOf<typeof UserByUsername>['getUser']>;

export const toUserCard = (u: CardData): UserCard => ({
  id: u.id,
  username: u.username,
  email: u.email,
  name: u.name,
  enabled: u.enabled,
  permissionGroupId: u.permissionGroupId ?? null,
  lastLogin: isoFromEpoch(u.lastLogin),
});

export const toUserDetail = (u: DetailData): UserDetail => ({
  ...toUserCard(u),
  firstName: u.firstName,
  lastName: u.lastName,
  createdAt: isoFromEpoch(u.createdAt),
  companyName: u.workInformation.companyName ?? null,
  jobTitle: u.workInformation.jobTitle ?? null,
  department: u.workInformation.department ?? null,
});

export const userPageOutput = z.object({ users: z.array(userCard) }).extend(pageOutput.shape);

/** One page of users whose username contains `username` (all users when it is undefined). */
export async function fetchUserPage(
  cway: CwaySession,
  username: string | undefined,
  page: number,
  pageSize: number,
  signal?: AbortSignal,
): Promise<z.infer<typeof userPageOutput>> {
  const data = await cway.request(UsersPage, { username, paging: { page, pageSize } }, { signal });
  return {
    users: data.findUsersPage.users.map(toUserCard),
    ...pageInfo(page, pageSize, Number(data.findUsersPage.totalHits)),
  };
}
