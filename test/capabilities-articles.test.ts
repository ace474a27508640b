/**
 * Articles and GTIN lookup (issue 16) through the MCP SDK client against the sandbox: a GTIN finds
 * its article and the artworks that print it, only as far as the caller can see them.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';

interface Found {
  articles: {
    articleNo: string;
    name: string | null;
    brand: string | null;
    size: string | null;
    artworks: { name: string; projectName: string }[];
  }[];
  paging: { totalHits: number };
}

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('a GTIN finds its article and the artworks that print it', async () => {
  const r = await h.data<Found>('find_articles', { gtin: '7310865004710' }, 'project_manager');
  assert.equal(r.paging.totalHits, 1);
  const a = r.articles[0]!;
  assert.equal(a.articleNo, 'NC-TP-075');
  assert.equal(a.brand, 'Nordic Care');
  assert.equal(a.size, '75 ml');
  assert.deepEqual(a.artworks.map((x) => x.name).sort(), ['Toothpaste 75 ml carton', 'Toothpaste 75 ml tube']);
  assert.ok(a.artworks.every((x) => x.projectName === 'Oral Care Regulatory Update'));
});

test('article number and name match by part; an unknown GTIN finds nothing', async () => {
  const byNo = await h.data<Found>('find_articles', { articleNo: 'sp-dc' });
  assert.deepEqual(
    byNo.articles.map((a) => a.articleNo),
    ['SP-DC-050'],
  );
  assert.deepEqual(
    byNo.articles[0]!.artworks.map((x) => x.name),
    ['Skin Pure Day Cream 50 ml carton'],
  );
  const byName = await h.data<Found>('find_articles', { name: 'lotion' });
  assert.equal(byName.articles[0]?.articleNo, 'BS-LO-200');
  assert.deepEqual(byName.articles[0]!.artworks, []);
  const none = await h.data<Found>('find_articles', { gtin: '0000000000000' });
  assert.equal(none.paging.totalHits, 0);
});

test('someone who cannot see the project finds the article but not its artworks', async () => {
  const r = await h.data<Found>('find_articles', { gtin: '7310865004703' }, 'receiver');
  assert.equal(r.articles.length, 1);
  assert.deepEqual(r.articles[0]!.artworks, []);
});

test('no filter, or a GTIN that is not digits, is refused saying what to give', async () => {
  const empty = await h.call('find_articles', {});
  assert.equal(empty.isError, true);
  assert.match((empty.content as { text: string }[])[0]!.text, /Give a gtin, an articleNo or a name/);
  const bad = await h.call('find_articles', { gtin: 'ABC' });
  assert.equal(bad.isError, true);
  assert.match((bad.content as { text: string }[])[0]!.text, /gtin must be 8 to 14 digits/);
});
