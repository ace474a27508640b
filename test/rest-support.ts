/**
 * Helpers for the REST tests: serve the REST app over real HTTP (@hono/node-server, as
 * src/server.ts does), build requests for an operation, and check problem+json answers.
 */
import assert from 'node:assert/strict';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { silentLog, type Harness } from './support/harness.js';
import { Authenticator } from '../src/auth/authenticate.js';
import { capabilities } from '../src/capabilities/index.js';
import { buildRestApp, type RestAppOptions } from '../src/surfaces/rest/app.js';
import type { RestOperation } from '../src/surfaces/rest/routes.js';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves an app built once the port is known (the document's server URL is the real one). */
export async function serveRest(build: (publicUrl: string) => Hono): Promise<Served> {
  const late: { app?: Hono } = {};
  const server = createAdaptorServer({ fetch: (request, env) => late.app!.fetch(request, env) }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  late.app = build(url);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function appOptions(
  h: Harness,
  { authTtlMs, ...extra }: Partial<RestAppOptions> & { authTtlMs?: number } = {},
): (publicUrl: string) => Hono {
  return (publicUrl) =>
    buildRestApp({
      capabilities,
      client: h.client,
      services: h.services,
      log: silentLog,
      corsOrigins: ['https://chatgpt.com', 'https://chat.openai.com'],
      publicUrl,
      rateLimit: { limit: 10_000, windowSeconds: 60 },
      auth: new Authenticator({ client: h.client, defaultToken: null, ttlMs: authTtlMs }),
      ...extra,
    });
}

/** The HTTP request for one operation and input: path params in the path, the rest in query or body. */
export function requestFor(
  base: string,
  op: RestOperation,
  input: Record<string, unknown>,
): { url: string; init: RequestInit } {
  let path = op.path;
  const rest: Record<string, unknown> = { ...input };
  op.pathParams.forEach((key, i) => {
    path = path.replace(`{${op.pathNames[i]}}`, encodeURIComponent(String(rest[key])));
    delete rest[key];
  });
  const url = new URL(base + path);
  if (op.inputIn === 'body') {
    return {
      url: url.toString(),
      init: { method: op.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(rest) },
    };
  }
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else if (typeof v === 'object') url.searchParams.set(k, JSON.stringify(v));
    else url.searchParams.set(k, String(v));
  }
  return { url: url.toString(), init: { method: op.method } };
}

export const auth = (token: string, headers: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...headers,
});

export async function problemOf(res: Response): Promise<Record<string, unknown>> {
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.status, res.status);
  for (const k of ['type', 'title', 'detail', 'code', 'hint']) assert.equal(typeof body[k], 'string', `problem.${k}`);
  assert.match(body.type as string, /^https:\/\/cway-mcp\.dev\/problems\/[a-z-]+$/);
  assert.ok(!JSON.stringify(body).includes('    at '), 'no stack trace');
  return body;
}

export function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export const findRestCapability = (name: string) => capabilities.find((c) => c.name === name && c.rest);
