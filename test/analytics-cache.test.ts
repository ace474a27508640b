/**
 * The analytics loader's building blocks: the per-caller cache (TTL, coalescing, cancellation,
 * failures not cached, dropped by our own writes), the bounded pool and the history batching. The
 * cache clock is injected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalyticsCache, analyticsKey, invalidatingSession } from '../src/capabilities/analytics/cache.js';
import type { CwaySession } from '../src/cway/client.js';
import { mapLimit } from '../src/capabilities/analytics/pool.js';
import { batchVariables, historyBatches } from '../src/capabilities/analytics/load.js';
import { historyBatchDocument } from '../src/capabilities/analytics/queries.js';
import { contractSchema } from '../src/cway/contract.js';
import { parse, print, validate } from 'graphql';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('a cached value is served until its TTL passes, then computed again', async () => {
  let clock = 1_000;
  const cache = new AnalyticsCache({ ttlMs: 60_000, clock: () => clock });
  let runs = 0;
  const compute = async () => ++runs;
  assert.equal(await cache.get('k', compute), 1);
  clock += 59_999;
  assert.equal(await cache.get('k', compute), 1);
  assert.equal(await cache.get('other', compute), 2, 'keys are separate');
  clock += 1;
  assert.equal(await cache.get('k', compute), 3);
  assert.equal(cache.computations, 3);
});

test('concurrent requests share one computation and its progress', async () => {
  const cache = new AnalyticsCache();
  const gate = deferred<string>();
  let runs = 0;
  const seenA: number[] = [];
  const seenB: number[] = [];
  let report: ((d: number) => void) | undefined;
  const compute = (_signal: AbortSignal, progress: (d: number) => void) => {
    runs++;
    report = progress;
    return gate.promise;
  };
  const a = cache.get('k', compute, { progress: (d) => seenA.push(d) });
  const b = cache.get('k', compute, { progress: (d) => seenB.push(d) });
  report!(1);
  gate.resolve('done');
  assert.deepEqual(await Promise.all([a, b]), ['done', 'done']);
  assert.equal(runs, 1);
  assert.deepEqual([seenA, seenB], [[1], [1]]);
});

test('failures are not cached', async () => {
  const cache = new AnalyticsCache();
  let runs = 0;
  await assert.rejects(
    cache.get('k', async () => {
      runs++;
      throw new Error('upstream down');
    }),
    /upstream down/,
  );
  assert.equal(await cache.get('k', async () => ++runs), 2);
});

test('one waiter cancelling leaves the others; the work stops when all have gone', async () => {
  const cache = new AnalyticsCache();
  const gate = deferred<string>();
  let workSignal: AbortSignal | undefined;
  const compute = (signal: AbortSignal) => {
    workSignal = signal;
    return gate.promise;
  };
  const c1 = new AbortController();
  const c2 = new AbortController();
  const first = cache.get('k', compute, { signal: c1.signal });
  const second = cache.get('k', compute, { signal: c2.signal });
  c1.abort(new Error('first left'));
  await assert.rejects(first, /first left/);
  assert.equal(workSignal!.aborted, false, 'still wanted by the second waiter');
  c2.abort(new Error('second left'));
  await assert.rejects(second, /second left/);
  assert.equal(workSignal!.aborted, true);
  gate.reject(new Error('aborted'));
  // A later request starts afresh instead of joining the abandoned work.
  assert.equal(await cache.get('k', async () => 'fresh'), 'fresh');
});

test('the pool keeps at most `limit` calls in flight and the input order', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
  assert.equal(peak, 2);
  let started = 0;
  await assert.rejects(
    mapLimit([1, 2, 3, 4, 5], 1, async (n) => {
      started++;
      if (n === 2) throw new Error('stop');
    }),
    /stop/,
  );
  assert.equal(started, 2, 'no new call starts after a failure');
});

test('history batches hold up to 100 ids in order; the last may be shorter', () => {
  const ids = Array.from({ length: 230 }, (_, i) => `id${i}`);
  const batches = historyBatches(ids);
  assert.deepEqual(
    batches.map((b) => b.length),
    [100, 100, 30],
  );
  assert.deepEqual(batches.flat(), ids);
  assert.deepEqual(historyBatches([]), []);
  assert.deepEqual(batchVariables(['a', 'b', 'c']), { p0: 'a', p1: 'b', p2: 'c' });
});

test('a history batch document reads each id under its own alias and fits the contract', () => {
  const doc = historyBatchDocument('project', 3);
  assert.equal(historyBatchDocument('project', 3), doc, 'built once per size');
  assert.deepEqual(validate(contractSchema(), doc), []);
  const text = print(doc);
  assert.match(text, /query ProjectHistoryBatch\(\$p0: UUID!, \$p1: UUID!, \$p2: UUID!\)/);
  assert.match(text, /h2: projectHistory\(projectId: \$p2\) \{\s+timestamp\s+name\s+\}/);
  assert.match(print(historyBatchDocument('artwork', 1)), /h0: artworkHistory\(artworkId: \$p0\)/);
});

test('the cache holds at most maxEntries values, dropping the oldest', async () => {
  const cache = new AnalyticsCache({ maxEntries: 2 });
  let runs = 0;
  const compute = async () => ++runs;
  await cache.get('a', compute);
  await cache.get('b', compute);
  await cache.get('c', compute);
  assert.equal(await cache.get('c', compute), 3, 'the newest is kept');
  assert.equal(await cache.get('a', compute), 4, 'the oldest was dropped');
});

test('a write drops every cached entry for its API, values and loads in progress alike', async () => {
  const cache = new AnalyticsCache();
  const api = 'http://cway.test/graphql';
  let n = 0;
  const compute = async () => ++n;
  await cache.get(analyticsKey('org', api, 'caller-a'), compute);
  await cache.get(analyticsKey('project', api, 'caller-b', 'p1', '-'), compute);
  await cache.get(analyticsKey('org', 'http://other.test/graphql', 'caller-a'), compute);
  assert.equal(cache.invalidate(api), 2, 'both callers of that API, not the other API');
  assert.equal(await cache.get(analyticsKey('org', api, 'caller-a'), compute), 4, 'computed again');
  assert.equal(await cache.get(analyticsKey('org', 'http://other.test/graphql', 'caller-a'), compute), 3, 'kept');

  // A load that was running when the write happened answers its waiter but is not stored.
  let release!: (v: number) => void;
  const slow = cache.get(analyticsKey('org', api, 'caller-c'), () => new Promise<number>((r) => (release = r)));
  cache.invalidate(api);
  release(99);
  assert.equal(await slow, 99);
  assert.equal(await cache.get(analyticsKey('org', api, 'caller-c'), compute), 5, 'not served from the old load');
});

test('a session drops the cache around every mutation it sends, whatever the outcome, and never for queries', async () => {
  const cache = new AnalyticsCache();
  const api = 'http://cway.test/graphql';
  const calls: string[] = [];
  const session: CwaySession = {
    request: async (doc) => {
      calls.push(`sent:${cache.invalidations}`);
      if (print(doc).includes('failing')) throw new Error('outcome unknown');
      return {} as never;
    },
  };
  const s = invalidatingSession(session, cache, api);
  await s.request(parse('query Q { me { id } }') as never, {});
  assert.equal(cache.invalidations, 0);
  await s.request(parse('mutation M { setThing }') as never, {});
  assert.equal(cache.invalidations, 2, 'before it is sent and when it settles');
  await assert.rejects(s.request(parse('mutation failing { setThing }') as never, {}));
  assert.equal(cache.invalidations, 4, 'a failed (maybe applied) write drops it too');
  assert.deepEqual(calls, ['sent:0', 'sent:1', 'sent:3']);
});
