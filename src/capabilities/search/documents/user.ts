import { CapabilityError } from '../../../errors.js';
import type { CapabilityContext } from '../../define.js';
import { toUserDetail, UserByUsername } from '../../users/fragments.js';
import { docId, webLinks } from '../refs.js';
import { facts, joinSections, type Document } from './document.js';

export async function readUser(username: string, ctx: CapabilityContext): Promise<Document> {
  const notFound = () =>
    new CapabilityError('not_found', `No user with username "${username}".`, {
      hint: 'Use search or search_users to find the exact username.',
    });
  const data = await ctx.cway.request(UserByUsername, { username }, { signal: ctx.signal }).catch((err: unknown) => {
    if (err instanceof CapabilityError && err.code === 'not_found') throw notFound();
    throw err;
  });
  if (!data.getUser) throw notFound();
  const u = toUserDetail(data.getUser);
  return {
    id: docId('user', u.username),
    title: `User: ${u.name}`,
    text: joinSections([
      `User: ${u.name}`,
      facts([
        ['Username', u.username],
        ['E-mail', u.email],
        ['Enabled', u.enabled ? 'yes' : 'no'],
        ['Job title', u.jobTitle],
        ['Department', u.department],
        ['Company', u.companyName],
        ['Created', u.createdAt],
        ['Last login', u.lastLogin ?? 'never'],
      ]),
    ]),
    url: webLinks(ctx.services.webBaseUrl).user(u.username),
    metadata: { type: 'user', username: u.username, email: u.email, enabled: u.enabled, lastLogin: u.lastLogin },
  };
}
