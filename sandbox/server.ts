/**
 * The sandbox: a local, schema-faithful Cway GraphQL server over node:http, backed by SQLite and
 * seeded with stories. `startSandbox()` returns its URL, the seeded users with their bearer tokens,
 * fault-injection controls and `close()`.
 *
 * Routes: POST/GET /graphql, GET /health, and sandbox-only admin routes under /__sandbox/
 * (faults, stats; protected by the admin token) plus the signed temporary file links.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import { Store } from './store.js';
import { seedStore } from './seed.js';
import { buildSandboxSchema, DocumentCache, operationType, run } from './graphql.js';
import { FaultInjector, type FaultConfig } from './faults.js';
import { FileLinks, FILES_PATH } from './files.js';
import { bearerToken, errorBody, readBody, sendJson, sendText, type Body } from './http.js';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { digest } from './random.js';
import { makeClock } from './time.js';
import type { Ctx } from './resolvers/context.js';

export type { FaultConfig } from './faults.js';

export interface SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Seed of every generated id, token and story detail (default 1). */
  seed?: number;
  /** Extra generated projects on top of the stories (about 10 artworks each). */
  projects?: number;
  /** The clock at start; the seed's history is back-dated from it (default: the real now). */
  now?: Date;
  /** SQLite file; default in memory. The file must not exist or be empty. */
  dbPath?: string;
  faults?: Partial<FaultConfig>;
  /** How long an AI thread takes to answer on its subscription (default AI_DELAY_MS). */
  aiDelayMs?: number;
}

export interface SandboxUser {
  username: string;
  role: 'admin' | 'project_manager' | 'orderer' | 'approver' | 'supplier' | 'receiver' | string;
  token: string;
  id: string;
  name: string;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:PORT/graphql */
  url: string;
  users: SandboxUser[];
  adminToken: string;
  faults: { set(c: Partial<FaultConfig>): void; reset(): void };
  /** `requests`: requests received on /graphql (faulted ones included). */
  stats(): { requests: number };
  close(): Promise<void>;
}

let sharedSchema: GraphQLSchema | undefined;

const UNAUTHORIZED = { errors: [{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }] };

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const seed = opts.seed ?? 1;
  const start = opts.now?.getTime() ?? Date.now();
  const faults = new FaultInjector(seed);
  if (opts.faults) faults.set(opts.faults);
  const store = new Store({ dbPath: opts.dbPath, seed });
  const users = seedStore(store, { seed, now: start, projects: opts.projects ?? 0 });
  const adminToken = users.find((u) => u.role === 'admin')!.token;
  sharedSchema ??= buildSandboxSchema();
  const schema = sharedSchema;
  const documents = new DocumentCache(schema);
  const now = makeClock(start);
  let origin = '';
  const links = new FileLinks(digest(`file-links:${seed}`), () => origin);
  let requests = 0;
  let closed = false;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handleGraphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    requests++;
    let params: { query?: unknown; variables?: unknown; operationName?: unknown };
    if (req.method === 'POST') {
      const body: Body = await readBody(req);
      if (body.kind === 'tooLarge')
        return sendJson(res, 413, errorBody('Request body is larger than 1 MB', 'PAYLOAD_TOO_LARGE'));
      try {
        params = JSON.parse(body.text);
      } catch {
        return sendJson(res, 400, errorBody('Malformed JSON body', 'BAD_REQUEST'));
      }
      if (typeof params !== 'object' || params === null || Array.isArray(params)) {
        return sendJson(
          res,
          400,
          errorBody('The body must be a JSON object {query, variables, operationName}', 'BAD_REQUEST'),
        );
      }
    } else if (req.method === 'GET') {
      let variables: unknown;
      try {
        variables = url.searchParams.has('variables') ? JSON.parse(url.searchParams.get('variables')!) : undefined;
      } catch {
        return sendJson(res, 400, errorBody('variables is not valid JSON', 'BAD_REQUEST'));
      }
      params = {
        query: url.searchParams.get('query') ?? undefined,
        variables,
        operationName: url.searchParams.get('operationName') ?? undefined,
      };
    } else {
      return sendJson(res, 405, errorBody('Use POST (or GET for queries)', 'METHOD_NOT_ALLOWED'), {
        allow: 'GET, POST',
      });
    }

    const { query, variables, operationName } = params;
    if (typeof query !== 'string' || query.trim() === '')
      return sendJson(res, 400, errorBody('Missing query', 'BAD_REQUEST'));
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return sendJson(res, 400, errorBody('variables must be a JSON object', 'BAD_REQUEST'));
    }
    if (operationName != null && typeof operationName !== 'string')
      return sendJson(res, 400, errorBody('operationName must be a string', 'BAD_REQUEST'));

    const prepared = documents.get(query);
    const opName = operationName ?? undefined;
    const opType = operationType(prepared, opName);
    if (req.method === 'GET' && opType === 'mutation') {
      return sendJson(res, 405, errorBody('Mutations must be sent with POST', 'METHOD_NOT_ALLOWED'), { allow: 'POST' });
    }

    if (faults.applies(opType, opName)) {
      const { latencyMs, retryAfterSeconds } = faults.current();
      if (latencyMs > 0) await delay(latencyMs);
      if (closed) return;
      switch (faults.decide()) {
        case 'timeout':
          return; // never answered; close() destroys the socket
        case 'error':
          return sendJson(res, 500, errorBody('Injected server error', 'INTERNAL_SERVER_ERROR'));
        case 'rateLimit':
          return sendJson(res, 429, errorBody('Too many requests', 'RATE_LIMITED'), {
            'retry-after': String(retryAfterSeconds),
          });
        case 'malformed':
          return sendText(res, 200, faults.malformedBody(), 'application/json; charset=utf-8');
        case 'graphqlError':
          return sendJson(res, 200, {
            data: null,
            errors: [{ message: 'Injected upstream error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          });
        case 'none':
          break;
      }
    }

    const token = bearerToken(req);
    const user = token ? store.users.byToken(token) : undefined;
    if (!user) return sendJson(res, 401, UNAUTHORIZED, { 'www-authenticate': 'Bearer' });
    const perms = store.users.group(user.permissionGroupId)!.permissions;
    const ctx: Ctx = { store, viewer: { user, perms }, now, links, memo: new Map(), aiDelayMs: opts.aiDelayMs };
    sendJson(
      res,
      200,
      run(schema, prepared, (variables ?? undefined) as Record<string, unknown> | undefined, opName, ctx),
    );
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const token = bearerToken(req);
    if (token !== adminToken) {
      const known = token && store.users.byToken(token);
      return known
        ? sendJson(res, 403, errorBody('Only the sandbox admin token may use /__sandbox/', 'FORBIDDEN'))
        : sendJson(res, 401, UNAUTHORIZED);
    }
    if (path === '/__sandbox/stats' && req.method === 'GET') return sendJson(res, 200, { requests });
    if (path !== '/__sandbox/faults') return sendJson(res, 404, errorBody('Not found', 'NOT_FOUND'));
    if (req.method === 'GET') return sendJson(res, 200, { faults: faults.current() });
    if (req.method === 'DELETE') {
      faults.reset();
      return sendJson(res, 200, { faults: faults.current() });
    }
    if (req.method !== 'POST')
      return sendJson(res, 405, errorBody('Use GET, POST or DELETE', 'METHOD_NOT_ALLOWED'), {
        allow: 'GET, POST, DELETE',
      });
    const body = await readBody(req);
    if (body.kind === 'tooLarge')
      return sendJson(res, 413, errorBody('Request body is larger than 1 MB', 'PAYLOAD_TOO_LARGE'));
    try {
      const parsed = JSON.parse(body.text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('the body must be a JSON object of fault knobs');
      faults.set(parsed);
    } catch (e) {
      return sendJson(res, 400, errorBody(`Bad fault configuration: ${(e as Error).message}`, 'BAD_REQUEST'));
    }
    return sendJson(res, 200, { faults: faults.current() });
  }

  async function handleFile(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const fileId = url.pathname.slice(FILES_PATH.length);
    const verdict = links.verify(fileId, url.searchParams, now());
    if (verdict !== 'ok')
      return sendJson(
        res,
        403,
        errorBody(verdict === 'expired' ? 'Link expired' : 'Invalid link signature', 'FORBIDDEN'),
      );
    const op = url.searchParams.get('op');
    if (op === 'download' && req.method === 'GET') {
      const file = store.media.file(fileId);
      return file
        ? sendText(res, 200, `Sandbox placeholder for ${file.name} (${file.size ?? 0} bytes in the real service)\n`)
        : sendJson(res, 404, errorBody('Not found', 'NOT_FOUND'));
    }
    if (op === 'upload' && (req.method === 'PUT' || req.method === 'POST')) {
      const body = await readBody(req);
      if (body.kind === 'tooLarge')
        return sendJson(res, 413, errorBody('Upload is larger than 1 MB (sandbox limit)', 'PAYLOAD_TOO_LARGE'));
      const name = url.searchParams.get('filename') ?? `${fileId}.bin`;
      store.run(
        'INSERT OR REPLACE INTO files (id, name, size, contentType, renderStatus, noPages, created) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [
          fileId,
          name,
          Buffer.byteLength(body.text),
          req.headers['content-type'] ?? 'application/octet-stream',
          'DONE',
          1,
          now(),
        ],
      );
      return sendJson(res, 200, { ok: true });
    }
    return sendJson(res, 405, errorBody('Download links take GET, upload links PUT', 'METHOD_NOT_ALLOWED'));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    if (path === '/graphql') return handleGraphql(req, res, url);
    if (path === '/health')
      return req.method === 'GET'
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, 405, errorBody('Use GET', 'METHOD_NOT_ALLOWED'), { allow: 'GET' });
    if (path.startsWith(FILES_PATH)) return handleFile(req, res, url);
    if (path.startsWith('/__sandbox/')) return handleAdmin(req, res, path);
    return sendJson(res, 404, errorBody(`No route ${path}`, 'NOT_FOUND'));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => sendJson(res, 500, errorBody('Internal sandbox error', 'INTERNAL_SERVER_ERROR')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  // Subscriptions (Cway's AI results) over graphql-ws on the same path as queries, the token in
  // the connection_init payload as { Authorization: "Bearer <token>" }: an assumption, Cway does not
  // document its subscription transport (docs/sandbox.md). At most MAX_WS_CLIENTS connections;
  // past that a connection is refused at init.
  const MAX_WS_CLIENTS = 100;
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const viewerOf = (params: Record<string, unknown> | undefined) => {
    const header = typeof params?.Authorization === 'string' ? params.Authorization : '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    return token ? store.users.byToken(token) : undefined;
  };
  useServer(
    {
      schema,
      onConnect: (c) => !closed && wss.clients.size <= MAX_WS_CLIENTS && viewerOf(c.connectionParams) !== undefined,
      context: (c) => {
        const user = viewerOf(c.connectionParams)!;
        const perms = store.users.group(user.permissionGroupId)!.permissions;
        return { store, viewer: { user, perms }, now, links, memo: new Map(), aiDelayMs: opts.aiDelayMs } satisfies Ctx;
      },
    },
    wss,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host && !['0.0.0.0', '::'].includes(opts.host) ? opts.host : '127.0.0.1';
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/graphql`,
    users,
    adminToken,
    faults: { set: (c) => faults.set(c), reset: () => faults.reset() },
    stats: () => ({ requests }),
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      for (const c of wss.clients) c.terminate();
      wss.close();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await done;
      store.close();
    },
  };
}
