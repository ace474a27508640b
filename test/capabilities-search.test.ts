/**
 * ChatGPT's `search` and `fetch` through the MCP SDK client against the seeded sandbox: OpenAI's
 * result shape, prefixed ids, links from the configured web base, and readable fetched text.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';
import { significantWords } from '../src/capabilities/search/terms.js';

interface SearchResult {
  results: { id: string; title: string; url: string }[];
}
interface Doc {
  id: string;
  title: string;
  text: string;
  url: string;
  metadata: Record<string, unknown>;
}

const RawProjects = graphql(`
  query TestSearchRawProjects($paging: Paging) {
    projects(paging: $paging) {
      projects {
        id
        name
        state
        artworks {
          id
          name
          state
          category {
            name
          }
        }
      }
    }
    artworksToApprove {
      id
      name
      projectId
    }
  }
`);

const RawMedia = graphql(`
  query TestSearchRawMedia($input: FindFolderItemsInOrganisationInput!, $paging: Paging) {
    itemsForOrganisation(input: $input, paging: $paging) {
      items {
        __typename
        ... on ArtworkFolderItem {
          name
          artwork {
            id
            comments {
              text
            }
          }
        }
      }
    }
  }
`);

let h: Harness;
let raw: Awaited<ReturnType<typeof loadRaw>>;
const BASE = 'https://app.cway.se';
const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const longWord = (name: string) => name.split(/\s+/).find((w) => w.length >= 5 && /^[\p{L}]+$/u.test(w));

async function loadRaw(token: string) {
  return h.client.request(RawProjects, { paging: { page: 0, pageSize: 500 } }, token);
}

before(async () => {
  h = await startHarness();
  raw = await loadRaw(h.sandbox.adminToken);
});
after(async () => {
  await h?.close();
});

test('search has OpenAI shape: structuredContent {results:[{id,title,url}]} and the same JSON as one text item', async () => {
  const project = raw.projects!.projects.find((p) => longWord(p.name))!;
  const r = await h.call('search', { query: longWord(project.name)! });
  assert.equal(r.isError, undefined);
  assert.equal(r.content.length, 1);
  assert.equal(r.content[0]!.type, 'text');
  assert.deepEqual(JSON.parse(textOf(r)), r.structuredContent);
  const s = r.structuredContent as unknown as SearchResult;
  assert.deepEqual(Object.keys(s), ['results']);
  for (const x of s.results) assert.deepEqual(Object.keys(x).sort(), ['id', 'title', 'url']);
});

test('search finds a seeded project by one word of its name, with its link', async () => {
  const project = raw.projects!.projects.find((p) => longWord(p.name))!;
  const word = longWord(project.name)!.toLowerCase();
  const s = await h.data<SearchResult>('search', { query: word });
  const hit = s.results.find((x) => x.id === `project:${project.id}`);
  assert.ok(hit, `"${word}" did not find ${project.name}: ${JSON.stringify(s.results)}`);
  assert.equal(hit.url, `${BASE}/projects/${project.id}`);
  assert.ok(hit.title.includes(project.name));
});

test('search understands a question: filler words and punctuation are dropped', async () => {
  const project = raw.projects!.projects.find((p) => p.name.split(/\s+/).length >= 3)!;
  const s = await h.data<SearchResult>('search', {
    query: `What is the status of the ${project.name.toLowerCase()} project?`,
  });
  assert.ok(
    s.results.some((x) => x.id === `project:${project.id}`),
    JSON.stringify(s.results),
  );
  // Reordered words no longer form a substring of the name, but the longest word still finds it.
  const words = project.name.split(/\s+/);
  const reordered = [...words].reverse().join(' ');
  const r = await h.data<SearchResult>('search', { query: reordered });
  assert.ok(
    r.results.some((x) => x.id === `project:${project.id}`),
    `"${reordered}": ${JSON.stringify(r.results)}`,
  );
});

test('significantWords keeps names, e-mails and numbers, drops filler', () => {
  assert.deepEqual(significantWords('What is the status of the Skin Pure relaunch?'), ['skin', 'pure', 'relaunch']);
  assert.deepEqual(significantWords('anna.berg@nordiccare.example'), ['anna.berg@nordiccare.example']);
  assert.deepEqual(significantWords('PO-2026-0142, please'), ['po-2026-0142', 'please']);
  assert.deepEqual(significantWords('the project'), ['the', 'project']);
});

test('search finds a seeded user by first and last name', async () => {
  const person = h.sandbox.users.find((u) => u.role === 'receiver')!;
  const s = await h.data<SearchResult>('search', { query: person.name });
  const hit = s.results.find((x) => x.id === `user:${person.username}`);
  assert.ok(hit, JSON.stringify(s.results));
  assert.equal(hit.url, `${BASE}/users/${encodeURIComponent(person.username)}`);
});

test('search finds an artwork by a word of its name inside a matching project', async () => {
  const project = raw.projects!.projects.find((p) =>
    p.artworks.some((a) =>
      p.name.split(/\s+/).some((w) => w.length >= 4 && a.name.toLowerCase().includes(w.toLowerCase())),
    ),
  );
  assert.ok(project, 'seed should have an artwork sharing a word with its project name');
  const word = project.name
    .split(/\s+/)
    .find((w) => w.length >= 4 && project.artworks.some((a) => a.name.toLowerCase().includes(w.toLowerCase())))!;
  const artwork = project.artworks.find((a) => a.name.toLowerCase().includes(word.toLowerCase()))!;
  const s = await h.data<SearchResult>('search', { query: word });
  const hit = s.results.find((x) => x.id === `artwork:${artwork.id}`);
  assert.ok(hit, `"${word}" did not find artwork ${artwork.name}`);
  assert.equal(hit.url, `${BASE}/projects/${project.id}/artworks/${artwork.id}`);
});

test('search as an approver finds artworks in the approval queue even though user search is not allowed', async () => {
  const token = h.tokenOf('approver');
  const mine = await loadRaw(token);
  const queued = mine.artworksToApprove[0];
  assert.ok(queued, 'the seeded approver should have something to approve');
  const s = await h.data<SearchResult>('search', { query: queued.name }, 'approver');
  assert.ok(
    s.results.some((x) => x.id === `artwork:${queued.id}`),
    JSON.stringify(s.results),
  );
  assert.ok(
    s.results.every((x) => !x.id.startsWith('user:')),
    'approvers may not search users',
  );
});

test('search with nothing matching returns an empty list, not an error', async () => {
  const s = await h.data<SearchResult>('search', { query: 'qqzx-nothing-matches-this' });
  assert.deepEqual(s.results, []);
});

test('fetch a project: OpenAI document shape, readable text with its artworks, metadata from Cway', async () => {
  const project = [...raw.projects!.projects].sort((a, b) => b.artworks.length - a.artworks.length)[0]!;
  const r = await h.call('fetch', { id: `project:${project.id}` });
  assert.equal(r.isError, undefined);
  assert.deepEqual(JSON.parse(textOf(r)), r.structuredContent);
  const d = r.structuredContent as unknown as Doc;
  assert.deepEqual(Object.keys(d).sort(), ['id', 'metadata', 'text', 'title', 'url']);
  assert.equal(d.id, `project:${project.id}`);
  assert.equal(d.url, `${BASE}/projects/${project.id}`);
  assert.ok(d.title.includes(project.name));
  assert.ok(d.text.includes(project.name));
  for (const a of project.artworks.slice(0, 5)) assert.ok(d.text.includes(a.name), `text lacks artwork ${a.name}`);
  assert.equal(d.metadata.state, project.state);
  // Cway's progress leaves canceled artworks out of the total.
  assert.equal(d.metadata.totalArtworks, project.artworks.filter((a) => a.state !== 'CANCELED').length);
});

test('fetch an artwork found by search: text names it, its project and category', async () => {
  const project = raw.projects!.projects.find((p) => p.artworks.length > 0)!;
  const artwork = project.artworks[0]!;
  const d = await h.data<Doc>('fetch', { id: `artwork:${artwork.id}` });
  assert.equal(d.url, `${BASE}/projects/${project.id}/artworks/${artwork.id}`);
  assert.ok(d.text.includes(artwork.name));
  assert.ok(d.text.includes(project.name));
  assert.ok(d.text.includes(artwork.category.name));
  assert.equal(d.metadata.state, artwork.state);
  assert.equal(d.metadata.projectId, project.id);
});

test('fetch a user: text with e-mail and job title', async () => {
  const person = h.sandbox.users.find((u) => u.role === 'supplier')!;
  const d = await h.data<Doc>('fetch', { id: `user:${person.username}` });
  assert.equal(d.title, `User: ${person.name}`);
  assert.ok(d.text.includes(person.username));
  assert.match(d.text, /Job title: \S+/);
});

test('search finds a media-center artwork, and fetch reads it with its comments', async () => {
  const media = await h.client.request(
    RawMedia,
    { input: {}, paging: { page: 0, pageSize: 200 } },
    h.sandbox.adminToken,
  );
  const item = media.itemsForOrganisation!.items.find(
    (x) => x.__typename === 'ArtworkFolderItem' && x.artwork && x.artwork.comments.length > 0,
  );
  assert.ok(
    item && item.__typename === 'ArtworkFolderItem' && item.artwork,
    'seed should have a commented media-center artwork',
  );
  const s = await h.data<SearchResult>('search', { query: item.name });
  const hit = s.results.find((x) => x.id === `mc:${item.artwork!.id}`);
  assert.ok(hit, JSON.stringify(s.results));
  const d = await h.data<Doc>('fetch', { id: hit.id });
  assert.equal(d.metadata.type, 'media_artwork');
  assert.ok(d.text.includes(item.name));
  for (const c of item.artwork.comments) assert.ok(d.text.includes(c.text), `text lacks comment ${c.text}`);
});

test('fetch with an unknown or malformed id fails clearly', async () => {
  const missing = await h.call('fetch', { id: 'project:00000000-0000-4000-8000-000000000000' });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /not_found/);

  const badKind = await h.call('fetch', { id: 'folder:123' });
  assert.equal(badKind.isError, true);
  assert.match(textOf(badKind), /project:<uuid>/);

  const badUuid = await h.call('fetch', { id: 'artwork:not-a-uuid' });
  assert.equal(badUuid.isError, true);
  assert.match(textOf(badUuid), /invalid_input/);
  assert.match(textOf(badUuid), /Field: id/);

  const nobody = await h.call('fetch', { id: 'user:nobody@nowhere.example' });
  assert.equal(nobody.isError, true);
  assert.match(textOf(nobody), /not_found/);
});
