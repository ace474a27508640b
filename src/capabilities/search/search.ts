/**
 * ChatGPT's `search` tool (connectors and deep research), in OpenAI's shape:
 * `search({query}) → {results: [{id, title, url}]}`.
 *
 * Sources, read in parallel; one failing source (e.g. no right to search users, or a media
 * center the sandbox lacks) is logged and skipped, all failing is an error:
 *   projects  Cway's project text search (name, descriptions, file content, barcodes)
 *   artworks  the API has none: artworks of every project the caller can see (artwork-index.ts:
 *             bounded paged scan, cached per caller), of the matching projects and of the
 *             caller's approve and upload queues, whose names hold enough of the query's words
 *   users     username search on the query's longest word, kept when enough words appear in
 *             username, name or e-mail
 *   media     the media-center search (artworks and files)
 * Queries are reduced to their significant words (terms.ts); projects and media are searched by
 * the whole phrase and, for several words, by the longest word too (kept for media only when
 * enough words appear in the item's name). "Enough words" is all of one, or at
 * least half of several; better matches come first.
 */
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { docId, webLinks } from './refs.js';
import { hits, longest, significantWords } from './terms.js';
import { loadArtworkIndex } from './artwork-index.js';

const SearchProjects = graphql(`
  query SearchProjectsAndArtworks($filter: ProjectFilter, $paging: Paging) {
    projects(filter: $filter, paging: $paging) {
      projects {
        id
        name
        state
        artworks {
          id
          name
          state
        }
      }
    }
  }
`);

const MyArtworkQueues = graphql(`
  query MyArtworkQueues {
    toApprove: artworksToApprove {
      id
      name
      state
      projectId
      projectName
    }
    toUpload: artworksToUpload {
      id
      name
      state
      projectId
      projectName
    }
  }
`);

const SearchUsers = graphql(`
  query SearchUsersForSearch($username: String, $paging: Paging) {
    findUsersPage(username: $username, paging: $paging) {
      users {
        username
        name
        email
      }
    }
  }
`);

const SearchMedia = graphql(`
  query SearchMediaCenter($input: FindFolderItemsInOrganisationInput!, $paging: Paging) {
    itemsForOrganisation(input: $input, paging: $paging) {
      items {
        __typename
        ... on ArtworkFolderItem {
          id
          name
          artwork {
            id
          }
        }
        ... on FileFolderItem {
          id
          name
          file {
            id
          }
        }
      }
    }
  }
`);

const PROJECTS = 10;
const ARTWORKS = 15;
const USERS = 10;
const MEDIA = 10;

const result = z.object({
  id: z.string().describe('Pass to fetch. project:<uuid>, artwork:<uuid>, user:<username> or mc:<uuid>'),
  title: z.string().describe('Kind, name and state, e.g. "Project: Summer labels (IN_PROGRESS)"'),
  url: z.string().describe('Link into the Cway web app (pattern assumed; the API has no links)'),
});
type Result = z.infer<typeof result>;

export default defineCapability({
  name: 'search',
  title: 'Search Cway',
  description:
    'Search Cway: projects, artworks (in every project you can see), users and media items. Returns ids, titles and urls; open one with fetch.',
  toolset: 'system',
  input: z.object({
    query: z.string().trim().min(1).max(200).describe('Words to look for, e.g. a project, artwork or person name.'),
  }),
  output: z.object({ results: z.array(result) }),
  hints: READ,
  rest: { method: 'GET', path: '/api/search' },
  handler: async ({ query }, ctx) => {
    const link = webLinks(ctx.services.webBaseUrl);
    const words = significantWords(query);
    if (words.length === 0) return { results: [] };
    const phrase = words.join(' ');
    // A phrase that matches nothing as a whole may still match by its most selective word.
    const single = words.length > 1 ? longest(words) : undefined;
    const needed = words.length === 1 ? 1 : Math.ceil(words.length / 2);
    const opts = { signal: ctx.signal };

    let failed = 0;
    let firstError: unknown;
    const soft = <T>(source: string, call: Promise<T>): Promise<T | undefined> =>
      call.catch((err: unknown) => {
        failed++;
        firstError ??= err;
        ctx.log.warn(
          { source, error: err instanceof Error ? err.message : String(err) },
          'search source failed; skipped',
        );
        return undefined;
      });
    const projectPage = (name: string) =>
      ctx.cway.request(SearchProjects, { filter: { name }, paging: { page: 0, pageSize: PROJECTS } }, opts);
    const mediaPage = (searchString: string) =>
      ctx.cway.request(
        SearchMedia,
        { input: { searchString, includeObsolete: false }, paging: { page: 0, pageSize: MEDIA } },
        opts,
      );
    const [index, byPhrase, byWord, queues, users, mediaByPhrase, mediaByWord] = await Promise.all([
      soft('artworks', loadArtworkIndex(ctx)),
      soft('projects', projectPage(phrase)),
      single ? soft('projects', projectPage(single)) : Promise.resolve(undefined),
      soft('queues', ctx.cway.request(MyArtworkQueues, {}, opts)),
      soft(
        'users',
        ctx.cway.request(SearchUsers, { username: longest(words), paging: { page: 0, pageSize: 50 } }, opts),
      ),
      soft('media', mediaPage(phrase)),
      single ? soft('media', mediaPage(single)) : Promise.resolve(undefined),
    ]);
    if (ctx.signal.aborted || failed === (single ? 7 : 5)) throw firstError;

    const projects = new Map<string, NonNullable<NonNullable<typeof byPhrase>['projects']>['projects'][number]>();
    for (const p of [...(byPhrase?.projects?.projects ?? []), ...(byWord?.projects?.projects ?? [])]) {
      if (projects.size < PROJECTS && !projects.has(p.id)) projects.set(p.id, p);
    }
    const results: Result[] = [...projects.values()].map((p) => ({
      id: docId('project', p.id),
      title: `Project: ${p.name} (${p.state})`,
      url: link.project(p.id),
    }));

    const artworks = new Map<string, { score: number; result: Result }>();
    const consider = (a: { id: string; name: string; state: string }, projectId: string, projectName: string) => {
      const score = hits(a.name, words);
      if (score < needed || artworks.has(a.id)) return;
      artworks.set(a.id, {
        score,
        result: {
          id: docId('artwork', a.id),
          title: `Artwork: ${a.name} in ${projectName} (${a.state})`,
          url: link.artwork(projectId, a.id),
        },
      });
    };
    for (const p of projects.values()) for (const a of p.artworks) consider(a, p.id, p.name);
    for (const a of index?.artworks ?? []) consider(a, a.projectId, a.projectName);
    for (const a of [...(queues?.toApprove ?? []), ...(queues?.toUpload ?? [])])
      consider(a, a.projectId, a.projectName);
    results.push(
      ...[...artworks.values()]
        .sort((a, b) => b.score - a.score)
        .slice(0, ARTWORKS)
        .map((x) => x.result),
    );

    const people = (users?.findUsersPage.users ?? [])
      .map((u) => ({ u, score: hits(`${u.username} ${u.name} ${u.email}`, words) }))
      .filter((x) => x.score >= needed)
      .sort((a, b) => b.score - a.score)
      .slice(0, USERS);
    for (const { u } of people) {
      results.push({
        id: docId('user', u.username),
        title: `User: ${u.name} (${u.username})`,
        url: link.user(u.username),
      });
    }

    const media = new Map<string, Result>();
    const wordItems = (mediaByWord?.itemsForOrganisation?.items ?? []).filter((i) => hits(i.name, words) >= needed);
    for (const item of [...(mediaByPhrase?.itemsForOrganisation?.items ?? []), ...wordItems]) {
      if (media.size >= MEDIA) break;
      if (item.__typename === 'ArtworkFolderItem' && item.artwork) {
        const id = docId('mc', item.artwork.id);
        if (!media.has(id))
          media.set(id, { id, title: `Media artwork: ${item.name}`, url: link.mediaArtwork(item.artwork.id) });
      } else if (item.__typename === 'FileFolderItem' && item.file) {
        const id = docId('mc', item.file.id);
        if (!media.has(id)) media.set(id, { id, title: `Media file: ${item.name}`, url: link.mediaFile(item.file.id) });
      }
    }
    results.push(...media.values());
    return { results };
  },
});
