/**
 * Malformed traffic at the MCP endpoints: fuzzed JSON-RPC frames (invalid JSON, wrong `jsonrpc`,
 * missing `method`, batches, huge and odd ids, deep nesting) to `/mcp` with and without a session
 * and to an SSE session's `/messages`; fuzzed headers (methods, media types, session ids, protocol
 * versions); and oversized bodies on MCP and REST. Never a 5xx, every JSON answer a JSON-RPC error
 * (or result) with a message, and the server (and the fuzzed SSE session) still answer afterwards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get as httpGet, type IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { anyJson, FUZZ_SEED } from './support/fuzz.js';
import { startStack, type Stack } from './support/stack.js';

const RUNS = 60;
const PROTOCOL = '2025-06-18';
const INIT = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
};

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack.close());

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

const rpcId = fc.oneof(
  fc.integer(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, 0.5, 'x'.repeat(100_000), true),
  fc.constant({ nested: 1 }),
);
const method = fc.oneof(
  fc.constantFrom(
    'initialize',
    'ping',
    'tools/list',
    'tools/call',
    'resources/list',
    'resources/read',
    'prompts/list',
    'prompts/get',
    'completion/complete',
    'logging/setLevel',
  ),
  fc.constantFrom(
    'notifications/initialized',
    'notifications/cancelled',
    'notifications/progress',
    'notifications/roots/list_changed',
    '',
    'rpc.discover',
    '__proto__',
  ),
  fc.string({ maxLength: 20 }),
);
const params = fc.oneof(
  fc.constant(undefined),
  anyJson,
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('list_projects', 'get_project', 'nope'), fc.string({ maxLength: 10 })),
      arguments: anyJson,
    },
    { requiredKeys: [] },
  ),
  fc.constant({ requestId: 1, reason: 'fuzz' }),
  fc.constant({ name: 'list_projects', arguments: { pageSize: 1, deep: JSON.parse(deep(2_000)) as unknown } }),
);
const message = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.constantFrom('1.0', '2', 2, null, '')),
    id: rpcId,
    method,
    params,
    result: anyJson,
    error: anyJson,
  },
  { requiredKeys: [] },
);
const DEEP_FRAMES = [deep(50_000), `{"jsonrpc":"2.0","id":1,"method":"ping","params":${deep(20_000)}}`];

/** A request body: mostly JSON-RPC-shaped, often broken, sometimes not JSON at all. */
function frames(opts: { deep: boolean }): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: message.map((m) => JSON.stringify(m)) },
    { weight: 2, arbitrary: fc.array(message, { maxLength: 4 }).map((m) => JSON.stringify(m)) },
    { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"jsonrpc":"2.0"',
        '\u0000',
        'null',
        '[]',
        '[[]]',
        ...(opts.deep ? DEEP_FRAMES : []),
      ),
    },
  );
}
const frame = frames({ deep: true });

/** Answers must not be server errors; JSON answers must be JSON-RPC with a message where they fail. */
async function checkAnswer(res: Response, what: string): Promise<void> {
  const type = res.headers.get('content-type') ?? '';
  const text =
    type.includes('text/event-stream') || type.includes('json') || res.status >= 400
      ? await res.text()
      : (await res.body?.cancel(), '');
  const context = `${what} -> ${res.status} ${type} ${text.slice(0, 300)}`;
  assert.ok(res.status < 500, `a server error: ${context}`);
  if (type.includes('application/json') && text) {
    const body = JSON.parse(text) as unknown;
    for (const m of Array.isArray(body) ? body : [body]) {
      const msg = m as { jsonrpc?: unknown; error?: { message?: unknown }; result?: unknown };
      assert.equal(msg.jsonrpc, '2.0', context);
      assert.ok(
        msg.result !== undefined || (typeof msg.error?.message === 'string' && msg.error.message.length > 0),
        `an answer with neither result nor error message: ${context}`,
      );
    }
  }
  if (res.status >= 400) assert.ok(text.length > 0, `a refusal without a word: ${context}`);
}

async function healthy(): Promise<void> {
  const r = await fetch(`${stack.url}/health`);
  assert.equal(r.status, 200);
  await r.arrayBuffer();
}

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(stack.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
    signal: AbortSignal.timeout(20_000),
  });
}

async function openSession(): Promise<string> {
  const res = await post('/mcp', JSON.stringify(INIT));
  await res.text();
  const id = res.headers.get('mcp-session-id');
  assert.ok(id);
  await (
    await post('/mcp', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), {
      'mcp-session-id': id,
      'mcp-protocol-version': PROTOCOL,
    })
  ).text();
  return id;
}

/** A raw legacy SSE session: its message endpoint and the JSON-RPC messages it has received. */
function openSse(): Promise<{ endpoint: string; received: Map<unknown, unknown>; close(): void }> {
  return new Promise((resolve, reject) => {
    const received = new Map<unknown, unknown>();
    httpGet(`${stack.url}/sse`, { headers: { accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      let buffer = '';
      let endpoint: string | undefined;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const events = buffer.split('\n\n');
        buffer = events.pop() ?? '';
        for (const e of events) {
          const data = /^data: (.*)$/m.exec(e)?.[1];
          if (!data) continue;
          if (/^event: endpoint$/m.test(e)) {
            endpoint = new URL(data, stack.url).toString();
            resolve({ endpoint, received, close: () => res.destroy() });
          } else {
            const m = JSON.parse(data) as { id?: unknown };
            if (m.id !== undefined) received.set(m.id, m);
          }
        }
      });
    }).on('error', reject);
  });
}

describe('fuzzed JSON-RPC frames', () => {
  it('/mcp without a session', async () => {
    await fc.assert(
      fc.asyncProperty(frame, async (body) => checkAnswer(await post('/mcp', body), `POST /mcp ${body.slice(0, 200)}`)),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
    );
    await healthy();
  });

  it('/mcp within a session, which keeps answering', async () => {
    const session = await openSession();
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': PROTOCOL };
    await fc.assert(
      fc.asyncProperty(frame, async (body) =>
        checkAnswer(await post('/mcp', body, headers), `POST /mcp (session) ${body.slice(0, 200)}`),
      ),
      { seed: FUZZ_SEED + 1, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
    );
    const ping = await post('/mcp', JSON.stringify({ jsonrpc: '2.0', id: 'after', method: 'ping' }), headers);
    assert.equal(ping.status, 200);
    assert.match(await ping.text(), /"id":"after"/);
    await healthy();
  });

  it('/messages of an SSE session, which keeps answering', async () => {
    const sse = await openSse();
    try {
      const postTo = (body: string) =>
        fetch(sse.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(20_000),
        });
      assert.equal(
        (await postTo(JSON.stringify({ ...INIT, params: { ...INIT.params, protocolVersion: '2024-11-05' } }))).status,
        202,
      );
      await fc.assert(
        // Deeply nested frames are left to their own test below (a known SDK weakness).
        fc.asyncProperty(frames({ deep: false }), async (body) =>
          checkAnswer(await postTo(body), `POST /messages ${body.slice(0, 200)}`),
        ),
        { seed: FUZZ_SEED + 2, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
      );
      const r = await postTo(JSON.stringify({ jsonrpc: '2.0', id: 'after', method: 'ping' }));
      assert.equal(r.status, 202);
      let answered = false;
      for (let i = 0; i < 200 && !answered; i++) {
        await new Promise((res) => setTimeout(res, 25));
        answered = sse.received.has('after');
      }
      assert.ok(answered, 'the SSE session still answers a ping');
    } finally {
      sse.close();
    }
    await healthy();
  });
});

describe('deeply nested frames on legacy SSE', () => {
  // The SDK's SSE transport answers a message it cannot read with `Invalid message: ${body}`;
  // for a deeply nested body that string conversion overflows the stack (an empty 400 and an
  // error in the log). src/surfaces/mcp/sse.ts checks the message shape before the SDK sees it.
  it('/messages refuses them with a word', async () => {
    const sse = await openSse();
    try {
      for (const body of DEEP_FRAMES) {
        const res = await fetch(sse.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await checkAnswer(res, `POST /messages deep(${body.length})`);
      }
    } finally {
      sse.close();
    }
    await healthy();
  });
});

describe('fuzzed requests at the edges of the protocol', () => {
  it('methods, media types, session ids and protocol versions', async () => {
    const session = await openSession();
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS'),
      contentType: fc.constantFrom(
        undefined,
        'application/json',
        'text/plain',
        'application/json; charset=utf-8',
        'multipart/form-data',
        '',
      ),
      accept: fc.constantFrom(
        undefined,
        'application/json, text/event-stream',
        'application/json',
        'text/event-stream',
        '*/*',
        'text/html',
      ),
      sessionId: fc.constantFrom(
        undefined,
        session,
        'not-a-session',
        '',
        'x'.repeat(8_000),
        '00000000-0000-0000-0000-000000000000',
      ),
      protocol: fc.constantFrom(undefined, PROTOCOL, '2024-11-05', '1999-01-01', 'garbage'),
      body: fc.constantFrom(
        JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
        JSON.stringify(INIT),
        'not json',
        '',
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        if (r.method === 'DELETE' && r.sessionId === session) return; // would end the session this property uses
        const headers: Record<string, string> = {};
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.accept !== undefined) headers.accept = r.accept;
        if (r.sessionId !== undefined) headers['mcp-session-id'] = r.sessionId;
        if (r.protocol !== undefined) headers['mcp-protocol-version'] = r.protocol;
        const withBody = r.method !== 'GET' && r.method !== 'OPTIONS';
        const res = await fetch(`${stack.url}/mcp`, {
          method: r.method,
          headers,
          body: withBody ? r.body : undefined,
          signal: AbortSignal.timeout(20_000),
        });
        const stream = r.method === 'GET' && (res.headers.get('content-type') ?? '').includes('text/event-stream');
        if (stream) {
          assert.equal(res.status, 200);
          await res.body?.cancel(); // a standalone stream stays open; drop it
          return;
        }
        await checkAnswer(res, `${r.method} /mcp ${JSON.stringify(r).slice(0, 300)}`);
      }),
      { seed: FUZZ_SEED + 3, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
    );
    await healthy();
  });
});

describe('oversized bodies', () => {
  const huge = (bytes: number) =>
    JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(bytes) } });
  const MCP_BODY = huge(5 * 1024 * 1024);
  const REST_BODY = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });

  /** One oversized POST to each surface: the status, or 'cut' when the connection was reset. */
  async function sendAll(): Promise<{
    mcp: number | 'cut';
    messages: number | 'cut';
    rest: number | 'cut';
    sessionsDuring: number;
  }> {
    const settle = (p: Promise<Response>) =>
      p.then(
        (r) => r.arrayBuffer().then(() => r.status),
        () => 'cut' as const,
      );
    const sse = await openSse();
    try {
      const mcp = await settle(post('/mcp', MCP_BODY));
      const messages = await settle(
        fetch(sse.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: MCP_BODY }),
      );
      const rest = await settle(
        stack.rest('/api/setup/brands', {
          method: 'POST',
          headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
          body: REST_BODY,
        }),
      );
      return { mcp, messages, rest, sessionsDuring: stack.server.sessions().sse };
    } finally {
      sse.close();
    }
  }

  it('never get a 5xx on /mcp, /messages or REST, and everything keeps serving', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await sendAll();
      for (const [where, status] of Object.entries({ mcp: r.mcp, messages: r.messages, rest: r.rest })) {
        assert.ok(status === 413 || status === 'cut', `${where}: ${status}`);
      }
      assert.equal(r.sessionsDuring, 1, 'the SSE session survives an oversized message');
      await healthy();
    }
  });

  // Answering 413 (and closing) while the client is still sending makes it see ECONNRESET instead
  // of the answer; the surfaces' body readers (src/surfaces/mcp/http-util.ts readBody, the REST
  // app's body limit) read and discard the rest of the body, bounded, before answering.
  it('are refused with a readable 413 every time', async () => {
    for (let i = 0; i < 3; i++)
      assert.deepEqual(await sendAll(), { mcp: 413, messages: 413, rest: 413, sessionsDuring: 1 });
  });
});
