/**
 * The whole server, in-process on port 0, in front of a sandbox the test owns (so the test sets
 * its faults): `startServer` configured the way the CLI would be, plus real clients: MCP SDK
 * clients over Streamable HTTP and legacy SSE, and fetch for REST. Nothing of ours is mocked.
 */
import { createHook } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { loadConfig } from '../../src/config.js';
import { startServer, type CwayTuning, type RunningServer } from '../../src/server.js';

export interface StackOptions {
  /** e.g. 'all' (default: the default toolsets). */
  toolsets?: string;
  cway?: CwayTuning;
  /** REST per-caller rate limit (default: off, so tests are not throttled by their own volume). */
  restRateLimit?: { limit: number; windowSeconds: number } | false;
  /** MCP per-caller rate limit (default: off, as for REST). */
  mcpRateLimit?: { limit: number; windowSeconds: number } | false;
  seed?: number;
}

export interface Stack {
  sandbox: Sandbox;
  server: RunningServer;
  url: string;
  /** The sandbox admin's token (also the server's default token). */
  token: string;
  /** A connected MCP SDK client over Streamable HTTP (closed by close()). */
  streamable(): Promise<Client>;
  /** A connected MCP SDK client over legacy SSE (closed by close()). */
  sse(): Promise<Client>;
  /** Ends a client as a well-behaved one does: DELETE its Streamable HTTP session, then close. */
  release(client: Client): Promise<void>;
  /** fetch against the server, with the admin's bearer token unless headers say otherwise. */
  rest(path: string, init?: RequestInit): Promise<Response>;
  /** Upstream requests the sandbox has received so far. */
  upstream(): number;
  close(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0, seed: opts.seed });
  const dir = mkdtempSync(join(tmpdir(), 'cway-stack-'));
  const config = loadConfig({
    argv: ['--port', '0', ...(opts.toolsets ? ['--toolsets', opts.toolsets] : [])],
    env: {
      CWAY_API_URL: sandbox.url,
      CWAY_API_TOKEN: sandbox.adminToken,
      LOG_DIR: 'off',
      CWAY_STATE_DIR: join(dir, 'state'),
    },
    cwd: dir,
  });
  const server = await startServer(config, {
    cway: opts.cway,
    restRateLimit: opts.restRateLimit ?? false,
    mcpRateLimit: opts.mcpRateLimit ?? false,
  });
  const clients: Client[] = [];
  const connect = async (transport: StreamableHTTPClientTransport | SSEClientTransport) => {
    const client = new Client({ name: 'reliability', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  };
  return {
    sandbox,
    server,
    url: server.url,
    token: sandbox.adminToken,
    streamable: () => connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`))),
    sse: () => connect(new SSEClientTransport(new URL(`${server.url}/sse`))),
    async release(client) {
      const t = client.transport;
      if (t instanceof StreamableHTTPClientTransport) await t.terminateSession().catch(() => {});
      await client.close();
    },
    rest: (path, init = {}) =>
      fetch(server.url + path, {
        ...init,
        headers: { authorization: `Bearer ${sandbox.adminToken}`, ...(init.headers as Record<string, string>) },
      }),
    upstream: () => sandbox.stats().requests,
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
      await server.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text of a tool result (all text parts). */
export function textOf(r: { content?: unknown }): string {
  const content = (r.content ?? []) as { type: string; text?: string }[];
  return content.map((c) => (c.type === 'text' ? (c.text ?? '') : '')).join('\n');
}

export interface ProblemBody {
  status: number;
  code: string;
  detail: string;
  hint?: string;
  errors?: { field: string; message: string }[];
  retryAfterSeconds?: number;
}

/** Reads a problem+json answer, checking its media type. */
export async function problemOf(res: Response): Promise<ProblemBody> {
  const type = res.headers.get('content-type') ?? '';
  const body = (await res.json()) as ProblemBody;
  if (!type.startsWith('application/problem+json'))
    throw new Error(`expected problem+json, got ${type}: ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}

/** Active handles and requests by kind (Timeout, TCPSocketWrap, …), from the runtime itself. */
export function activeResources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

let ownTimer = false;

/** Polls `check` until it is true or `limitMs` passes; returns its last value (a bound, not a timing assertion). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  limitMs = 10_000,
  everyMs = 50,
): Promise<boolean> {
  const until = Date.now() + limitMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise<void>((r) => {
      ownTimer = true; // the poll's own timer is not one the code under test left behind
      setTimeout(r, everyMs);
      ownTimer = false;
    });
  }
}

/**
 * Live timers (Timeout objects, unref'd ones included, which getActiveResourcesInfo does not
 * list), counted through async_hooks from the moment of the call.
 */
export function trackTimers(): { live(): number; stop(): void } {
  const live = new Set<number>();
  const hook = createHook({
    init(id, type) {
      if (type === 'Timeout' && !ownTimer) live.add(id);
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return { live: () => live.size, stop: () => void hook.disable() };
}
