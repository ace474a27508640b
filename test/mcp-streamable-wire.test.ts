/**
 * Streamable HTTP at `/mcp` on the wire, with raw node:http requests against the real server (demo
 * mode: embedded sandbox): a plain call is answered with one `application/json` body; a call whose
 * tool reports progress is switched to `text/event-stream`; batches, 202 for notifications, the
 * Accept / protocol-version / duplicate-id refusals, one GET stream per session, DELETE, cancelled
 * requests, and a client that goes away mid-call while the session keeps answering.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { INIT_PARAMS, startTestServer, type TestServer } from './support/mcp-clients.js';

const ACCEPT_BOTH = 'application/json, text/event-stream';
const PROTOCOL = INIT_PARAMS.protocolVersion;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Rpc {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

let server: TestServer;

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.close();
});

/** Starts a raw request to /mcp; resolves with the response once its headers arrive. */
function start(
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): { req: ClientRequest; response: Promise<IncomingMessage> } {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const req = httpRequest(`${server.url}/mcp`, {
    method,
    headers: {
      ...(text !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {}),
      ...headers,
    },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  req.end(text);
  return { req, response };
}

/** A raw request to /mcp, read to its end. */
async function send(method: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const res = await start(method, headers, body).response;
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk as string;
  return { status: res.statusCode ?? 0, headers: res.headers, text };
}

/** The `data` of each `message` event of an event-stream body, parsed. */
function events(text: string): Rpc[] {
  return text
    .split('\n\n')
    .filter((block) => /^data: /m.test(block))
    .map((block) => {
      assert.match(block, /^event: message$/m);
      return JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Rpc;
    });
}

function isJsonAnswer(a: Answer): void {
  assert.equal(a.status, 200, a.text);
  assert.equal(a.headers['content-type'], 'application/json');
  assert.equal(Number(a.headers['content-length']), Buffer.byteLength(a.text), 'sent with its length, in one piece');
  assert.equal(a.headers['transfer-encoding'], undefined);
}

/** An initialized session: post() sends within it. */
async function session() {
  const init = await send(
    'POST',
    { accept: ACCEPT_BOTH },
    { jsonrpc: '2.0', id: 0, method: 'initialize', params: INIT_PARAMS },
  );
  isJsonAnswer(init);
  const id = init.headers['mcp-session-id'] as string;
  assert.match(id, /^[0-9a-f-]{36}$/);
  const answer = JSON.parse(init.text) as Rpc;
  assert.equal(answer.id, 0);
  assert.equal((answer.result!.serverInfo as { name: string }).name, 'cway-mcp');
  const headers = (extra: Record<string, string> = {}) => ({
    accept: ACCEPT_BOTH,
    'mcp-session-id': id,
    'mcp-protocol-version': PROTOCOL,
    ...extra,
  });
  const post = (body: unknown, extra?: Record<string, string>) => send('POST', headers(extra), body);
  const initialized = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  assert.equal(initialized.status, 202);
  return { id, headers, post, end: () => send('DELETE', headers()) };
}

const call = (id: number | string, name: string, args: Record<string, unknown>, meta?: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args, ...(meta ? { _meta: meta } : {}) },
});
const NOBODY = () => ({ email: `nobody-${randomUUID()}@example.com`, maxPages: 2 });

/** Polls until `check` holds. */
async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('POST answers', () => {
  test('a plain tools/call is one application/json message with the request id', async () => {
    const s = await session();
    const a = await s.post(call(7, 'list_projects', { pageSize: 2 }));
    isJsonAnswer(a);
    assert.equal(a.headers['mcp-session-id'], s.id);
    const msg = JSON.parse(a.text) as Rpc;
    assert.ok(!Array.isArray(msg), 'one message, not a batch');
    assert.equal(msg.id, 7);
    assert.equal(msg.result!.isError, undefined, a.text);
    assert.ok(Array.isArray((msg.result!.structuredContent as { projects: unknown[] }).projects));
    await s.end();
  });

  test('a tool that reports progress first turns the answer into an event stream', async () => {
    const s = await session();
    const a = await s.post(call('p1', 'find_user_by_email', NOBODY(), { progressToken: 'tok' }));
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-type'], 'text/event-stream');
    assert.equal(a.headers['mcp-session-id'], s.id);
    const msgs = events(a.text);
    const progress = msgs.filter((m) => m.method === 'notifications/progress');
    assert.ok(progress.length >= 1, a.text);
    assert.ok(progress.every((m) => m.params!.progressToken === 'tok'));
    const last = msgs.at(-1)!;
    assert.equal(last.id, 'p1', 'the answer comes last, then the stream ends');
    assert.equal(last.result!.isError, true, 'no such user');
    assert.equal(msgs.length, progress.length + 1);
    // The same call without a progress token has nothing to stream: one JSON body.
    const plain = await s.post(call('p2', 'find_user_by_email', NOBODY()));
    isJsonAnswer(plain);
    assert.equal((JSON.parse(plain.text) as Rpc).id, 'p2');
    await s.end();
  });

  test('a batch is answered with an array; with progress in it, as one stream holding every answer', async () => {
    const s = await session();
    const a = await s.post([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 999, reason: 'none' } },
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
    ]);
    isJsonAnswer(a);
    const answers = JSON.parse(a.text) as Rpc[];
    assert.ok(Array.isArray(answers));
    assert.deepEqual(answers.map((m) => m.id).sort(), [1, 2]);
    assert.ok(answers.every((m) => m.result !== undefined));
    const streamed = await s.post([
      call(3, 'find_user_by_email', NOBODY(), { progressToken: 3 }),
      { jsonrpc: '2.0', id: 4, method: 'ping' },
    ]);
    assert.equal(streamed.headers['content-type'], 'text/event-stream');
    const msgs = events(streamed.text);
    assert.deepEqual(
      msgs
        .filter((m) => m.id !== undefined)
        .map((m) => m.id)
        .sort(),
      [3, 4],
    );
    assert.ok(msgs.some((m) => m.method === 'notifications/progress'));
    await s.end();
  });

  test('notifications and responses alone get 202 without a body', async () => {
    const s = await session();
    const a = await s.post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 5 } });
    assert.equal(a.status, 202);
    assert.equal(a.text, '');
    const r = await s.post({ jsonrpc: '2.0', id: 'nobody-asked', result: {} });
    assert.equal(r.status, 202);
    await s.end();
  });

  test('a cancelled request gets no answer: its POST ends as an empty stream', async () => {
    const s = await session();
    const sandbox = server.runtime.sandbox!;
    sandbox.faults.set({ latencyMs: 800, operationNames: ['ProjectsPage'] });
    try {
      const before = sandbox.stats().requests;
      const pending = s.post(call(11, 'list_projects', {}));
      await eventually(() => sandbox.stats().requests > before, 'the call to reach Cway');
      const cancel = await s.post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 11 } });
      assert.equal(cancel.status, 202);
      const a = await pending;
      assert.equal(a.status, 200);
      assert.equal(a.headers['content-type'], 'text/event-stream');
      assert.equal(a.text, '');
    } finally {
      sandbox.faults.reset();
    }
    await s.end();
  });
});

describe('refusals', () => {
  test('406 unless Accept lists both application/json and text/event-stream', async () => {
    const s = await session();
    for (const accept of ['application/json', 'text/event-stream', '*/*']) {
      const a = await s.post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { accept });
      assert.equal(a.status, 406, accept);
      assert.equal((JSON.parse(a.text) as Rpc).error!.code, -32000);
    }
    const get = await send('GET', s.headers({ accept: 'application/json' }));
    assert.equal(get.status, 406, 'the GET stream needs text/event-stream');
    await s.end();
  });

  test('400 for an unsupported protocol version, without repeating it', async () => {
    const s = await session();
    const a = await s.post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-protocol-version': '1999-01-01' });
    assert.equal(a.status, 400);
    const msg = JSON.parse(a.text) as Rpc;
    assert.match(msg.error!.message, /protocol.version/i);
    assert.doesNotMatch(a.text, /1999-01-01/);
    for (const v of ['2025-06-18', '2025-03-26', '2024-11-05']) {
      const ok = await s.post({ jsonrpc: '2.0', id: v, method: 'ping' }, { 'mcp-protocol-version': v });
      isJsonAnswer(ok);
    }
    await s.end();
  });

  test('400 for a message that is not JSON-RPC (not echoed), a second initialize, or a request id in use', async () => {
    const s = await session();
    const bad = await s.post({ jsonrpc: '2.0', id: 1, method: 'ping', secret: 'do-not-echo' });
    assert.equal(bad.status, 400);
    assert.equal((JSON.parse(bad.text) as Rpc).error!.code, -32600);
    assert.doesNotMatch(bad.text, /do-not-echo/);
    const again = await s.post({ jsonrpc: '2.0', id: 2, method: 'initialize', params: INIT_PARAMS });
    assert.equal(again.status, 400);
    const twice = await s.post([
      { jsonrpc: '2.0', id: 3, method: 'ping' },
      { jsonrpc: '2.0', id: 3, method: 'ping' },
    ]);
    assert.equal(twice.status, 400);
    const still = await s.post({ jsonrpc: '2.0', id: 3, method: 'ping' });
    isJsonAnswer(still);
    await s.end();
  });

  test('a refused initialize leaves no session', async () => {
    const before = server.sessions().streamable;
    const batch = await send('POST', { accept: ACCEPT_BOTH }, [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT_PARAMS },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
    assert.equal(batch.status, 400);
    const accept = await send(
      'POST',
      { accept: 'application/json' },
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT_PARAMS },
    );
    assert.equal(accept.status, 406);
    assert.equal(server.sessions().streamable, before);
  });
});

describe('GET stream and DELETE', () => {
  test('one GET stream per session (409 for a second); it opens at once and ends when DELETE closes the session', async () => {
    const s = await session();
    const first = start('GET', s.headers({ accept: 'text/event-stream' }));
    const res = await first.response; // the headers arrive before any event
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/event-stream');
    assert.equal(res.headers['mcp-session-id'], s.id);
    const ended = new Promise<void>((resolve) => {
      res.resume();
      res.on('end', resolve);
    });
    const second = await send('GET', s.headers({ accept: 'text/event-stream' }));
    assert.equal(second.status, 409);
    assert.equal((JSON.parse(second.text) as Rpc).error!.code, -32000);
    // The POSTs of the session go on while the stream is open.
    isJsonAnswer(await s.post({ jsonrpc: '2.0', id: 1, method: 'ping' }));

    const open = server.sessions().streamable;
    const del = await s.end();
    assert.equal(del.status, 200);
    assert.equal(server.sessions().streamable, open - 1, 'DELETE removed the session');
    await ended;
    const after = await s.post({ jsonrpc: '2.0', id: 2, method: 'ping' });
    assert.equal(after.status, 404);
  });

  test('a GET stream the client drops frees its place', async () => {
    const s = await session();
    const first = start('GET', s.headers({ accept: 'text/event-stream' }));
    const res = await first.response;
    assert.equal(res.statusCode, 200);
    res.destroy();
    // The server notices the drop asynchronously: retry (409) until the place is free.
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      const r = await start('GET', s.headers({ accept: 'text/event-stream' })).response;
      status = r.statusCode ?? 0;
      if (status === 200) r.destroy();
      else {
        r.resume();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    assert.equal(status, 200);
    await s.end();
  });
});

describe('clients that go away', () => {
  test('a client that disconnects mid-call leaves the session answering', async () => {
    const s = await session();
    const sandbox = server.runtime.sandbox!;
    sandbox.faults.set({ latencyMs: 500, operationNames: ['ProjectsPage'] });
    try {
      const before = sandbox.stats().requests;
      const dropped = start('POST', s.headers(), call(21, 'list_projects', { pageSize: 2 }));
      dropped.response.catch(() => {}); // rejected by the destroy below
      await eventually(() => sandbox.stats().requests > before, 'the call to reach Cway');
      dropped.req.destroy();
      isJsonAnswer(await s.post({ jsonrpc: '2.0', id: 22, method: 'ping' }));
      // Let the dropped call's late answer come and go, then call again (the same id is free once answered).
      await new Promise((r) => setTimeout(r, 700));
      sandbox.faults.reset();
      const a = await s.post(call(21, 'list_projects', { pageSize: 2 }));
      isJsonAnswer(a);
      assert.equal((JSON.parse(a.text) as Rpc).id, 21);
    } finally {
      sandbox.faults.reset();
    }
    assert.equal((await s.end()).status, 200);
  });
});
