/**
 * The pure parts of the REST surface, with injected clocks: the token bucket, the size cap, the
 * status mapping and query coercion.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { ERROR_CODES } from '../src/errors.js';
import { RateLimiter } from '../src/limits/rate-limit.js';
import { fitResult } from '../src/capabilities/fit.js';
import { STATUS_OF, problem } from '../src/surfaces/rest/problems.js';
import { inputFromQuery } from '../src/surfaces/rest/input.js';
import { restOperations } from '../src/surfaces/rest/routes.js';
import { defineCapability, READ, type Capability } from '../src/capabilities/define.js';

describe('RateLimiter', () => {
  it('allows a burst of `limit`, refuses the next with a Retry-After, and refills over the window', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 3, windowSeconds: 30 }, () => now);
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('a').allowed, true);
    const refused = limiter.take('a');
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterSeconds, 10); // one request per 10 s
    assert.equal(refused.headers['RateLimit-Remaining'], '0');
    assert.equal(limiter.take('b').allowed, true, 'buckets are per caller');
    now += 10_000;
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.take('a').allowed, false);
    now += 60_000;
    const full = limiter.take('a');
    assert.equal(full.headers['RateLimit-Remaining'], '2', 'refills to the limit, not beyond');
  });

  it('keeps at most maxBuckets callers, making room only from buckets that have refilled', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 1, windowSeconds: 60 }, () => now, 2);
    limiter.take('a');
    limiter.take('b');
    const c = limiter.take('c'); // a and b are empty: neither may be forgotten
    assert.equal(c.allowed, false);
    assert.equal(c.reason, 'capacity');
    assert.equal(limiter.size, 2);
    now += 60_000; // both refilled: one may now make room
    assert.equal(limiter.take('c').allowed, true);
    assert.ok(limiter.size <= 2);
  });
});

describe('fitResult (the one cut-to-size algorithm of every surface)', () => {
  it('returns small answers unchanged', () => {
    const small = { items: [1, 2, 3] };
    assert.equal(fitResult(small, 1000).value, small);
  });

  it('always fits the cap, note included, and says what it cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.uuid(), name: fc.string({ maxLength: 80 }) }), { minLength: 0, maxLength: 300 }),
        fc.integer({ min: 1500, max: 5000 }),
        (items, max) => {
          const result = { items, nested: { more: items.slice(0, 50) }, page: 0 };
          const out = fitResult(result, max);
          const text = JSON.stringify(out.note ? { ...out.value, truncated: out.note } : out.value);
          assert.ok(text.length <= max, `${text.length} > ${max}`);
          if (out.note) {
            assert.match(out.note, /items: \d+ of \d+ items|nested\.more: \d+ of \d+ items/);
            const kept = /items: (\d+) of (\d+) items/.exec(out.note);
            if (kept) assert.equal((out.value.items as unknown[]).length, Number(kept[1]));
          }
          assert.equal(result.items, items, 'the input is not modified');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cuts long strings when there is no list to cut', () => {
    const out = fitResult({ text: 'x'.repeat(5000) }, 1500);
    assert.ok(JSON.stringify(out.value).length <= 1500);
    assert.match(out.value.text as string, /… \[cut\]$/);
  });
});

describe('problems', () => {
  it('maps every error code to one HTTP status', () => {
    for (const code of ERROR_CODES) assert.ok(STATUS_OF[code] >= 400 && STATUS_OF[code] < 600, code);
    assert.equal(STATUS_OF.ambiguous, 409);
    assert.equal(STATUS_OF.upstream_timeout, 504);
    assert.equal(problem('not_found', 'x').type, 'https://cway-mcp.dev/problems/not-found');
  });
});

describe('query coercion', () => {
  const cap = defineCapability({
    name: 'coerce_probe',
    title: 'Probe',
    description: 'Probe.',
    toolset: 'system',
    input: z.object({
      minUrgencyScore: z.number().optional(),
      limit: z.number().int().nullable().optional(),
      flag: z.boolean().optional(),
      states: z.array(z.enum(['A', 'B'])).optional(),
      counts: z.array(z.number()).optional(),
      name: z.string().optional(),
      filter: z.object({ q: z.string() }).optional(),
    }),
    output: z.object({}),
    hints: READ,
    rest: { method: 'GET', path: '/api/probe' },
    handler: async () => ({}),
  }) as unknown as Capability;
  const op = restOperations([cap])[0]!;
  const parse = (qs: string) => cap.input.parse(inputFromQuery(op, new URL(`http://x/api/probe?${qs}`)));

  it('turns strings into the types the schema wants', () => {
    assert.deepEqual(
      parse('min_urgency_score=5&limit=3&flag=false&states=A,B&counts=1&counts=2.5&name=a,b&filter={"q":"z"}'),
      {
        minUrgencyScore: 5,
        limit: 3,
        flag: false,
        states: ['A', 'B'],
        counts: [1, 2.5],
        name: 'a,b',
        filter: { q: 'z' },
      },
    );
    assert.deepEqual(parse('flag'), { flag: true });
    // An unknown name reaches the capability, whose strict input names the key it expected.
    const refusal = (qs: string) => cap.input.safeParse(inputFromQuery(op, new URL(`http://x/api/probe?${qs}`)));
    assert.match(refusal('unknown=1').error!.issues[0]!.message, /^unknown argument "unknown"; this tool takes: /);
    assert.match(refusal('minUrgency=1').error!.issues[0]!.message, /did you mean "minUrgencyScore"/);
  });

  it('leaves what does not fit for zod to name', () => {
    const r = cap.input.safeParse(inputFromQuery(op, new URL('http://x/api/probe?limit=ten')));
    assert.equal(r.success, false);
    assert.deepEqual(r.error!.issues[0]!.path, ['limit']);
  });
});
