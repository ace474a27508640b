/**
 * Artwork search for every role (issue 16): `search_artworks` and ChatGPT's `search` find
 * artworks across every project the caller can see, through the MCP SDK client against the
 * seeded sandbox, and nothing in projects the caller cannot see.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { scanArtworks } from '../src/capabilities/search/artwork-index.js';
import { AnalyticsCache } from '../src/capabilities/analytics/cache.js';

interface Found {
  artworks: { id: string; name: string; projectName: string; state: string; url: string }[];
  matches: number;
  projectsSearched: number;
  projectsVisible: number;
  cutShort: boolean;
  note?: string;
}
interface SearchResult {
  results: { id: string; title: string; url: string }[];
}

let h: Harness;
before(async () => {
  h = await startHarness();
  // A fresh scan cache per test file: the default one is process-wide.
  h.services.artworkIndexCache = new AnalyticsCache({ ttlMs: 60_000, maxEntries: 8 });
});
after(async () => {
  await h?.close();
});

const TOOTHPASTE = ['Toothpaste 75 ml carton', 'Toothpaste 75 ml tube'];

for (const role of ['admin', 'project_manager', 'approver']) {
  test(`search_artworks "Toothpaste" as ${role} finds both toothpaste artworks`, async () => {
    const r = await h.data<Found>('search_artworks', { query: 'Toothpaste' }, role);
    assert.deepEqual(r.artworks.map((a) => a.name).sort(), TOOTHPASTE);
    assert.ok(r.artworks.every((a) => a.projectName === 'Oral Care Regulatory Update'));
    assert.ok(r.projectsSearched > 0 && r.projectsSearched === r.projectsVisible);
    assert.equal(r.cutShort, false);
  });

  test(`search "Toothpaste" as ${role} returns the toothpaste artworks`, async () => {
    const r = await h.data<SearchResult>('search', { query: 'Toothpaste' }, role);
    const titles = r.results.filter((x) => x.id.startsWith('artwork:')).map((x) => x.title);
    for (const name of TOOTHPASTE)
      assert.ok(
        titles.some((t) => t.includes(name)),
        `${role}: ${name} missing in ${JSON.stringify(r.results)}`,
      );
  });
}

test('a user who cannot see the project finds no toothpaste artwork', async () => {
  // The receiver (Printworks) is involved in other projects, not in the oral-care one.
  const r = await h.data<Found>('search_artworks', { query: 'Toothpaste' }, 'receiver');
  assert.deepEqual(r.artworks, []);
  assert.ok(r.projectsSearched > 0, 'the receiver does see some projects');
  const s = await h.data<SearchResult>('search', { query: 'Toothpaste' }, 'receiver');
  assert.deepEqual(
    s.results.filter((x) => x.id.startsWith('artwork:')),
    [],
  );
});

test('search_artworks ranks by words in the artwork name and filters by state', async () => {
  const r = await h.data<Found>('search_artworks', { query: 'toothpaste tube' });
  assert.equal(r.artworks[0]!.name, 'Toothpaste 75 ml tube');
  const none = await h.data<Found>('search_artworks', { query: 'Toothpaste', states: ['DELIVERED'] });
  assert.equal(none.matches, 0);
  const review = await h.data<Found>('search_artworks', { query: 'Toothpaste', states: ['FOR_REVIEW'] });
  assert.equal(review.matches, 2);
  assert.match(review.artworks[0]!.url, /^https:\/\/app\.cway\.se\/projects\/[0-9a-f-]+\/artworks\/[0-9a-f-]+$/);
});

test('a repeated search is served from the per-caller cache (no upstream request)', async () => {
  await h.data('search_artworks', { query: 'label' }, 'supplier');
  const before = h.sandbox.stats().requests;
  await h.data('search_artworks', { query: 'carton' }, 'supplier');
  assert.equal(h.sandbox.stats().requests, before);
});

test('the scan stops at its bound and says so', async () => {
  const token = h.tokenOf('admin');
  const session = h.client.session(token);
  const full = await scanArtworks(session, new AbortController().signal, () => {});
  assert.ok(full.projectsVisible > 3);
  const cut = await scanArtworks(session, new AbortController().signal, () => {}, 3);
  assert.equal(cut.projectsSearched, 3);
  assert.equal(cut.cutShort, true);
  assert.equal(cut.projectsVisible, full.projectsVisible);
});

test('search_artworks refuses an empty query with a field error', async () => {
  const r = await h.call('search_artworks', { query: '   ' });
  assert.equal(r.isError, true);
  assert.match(JSON.stringify(r.content), /query/);
});
