/**
 * What is measured: one capability call, reachable four ways. `upstream` holds the exact GraphQL
 * request bodies the capability sends to Cway for this input, recorded by running its handler once
 * through a CwayClient whose fetch writes down what it sends; the direct baseline replays them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilities } from '../../src/capabilities/index.js';
import type { Capability } from '../../src/capabilities/define.js';
import { makeContext } from '../../src/capabilities/context.js';
import { createConfirmationService } from '../../src/confirm/service.js';
import { CwayClient } from '../../src/cway/client.js';
import { httpSend } from '../../src/cway/transport.js';
import { gunzipSync } from 'node:zlib';
import { header, http } from './http.js';
import { callTool, type RpcSession } from './wire.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface Target {
  tool: string;
  input: Record<string, unknown>;
  /** The GraphQL request bodies the capability sends, in order. */
  upstream: string[];
  /** The REST request path with its query string. */
  restPath: string;
}

export function capability(name: string): Capability {
  const cap = capabilities.find((c) => c.name === name);
  if (!cap) throw new Error(`capability ${name} is not registered`);
  return cap;
}

/** Runs the capability once against the sandbox, writing down each GraphQL body it sends. */
export async function recordTarget(
  tool: string,
  input: Record<string, unknown>,
  sandboxUrl: string,
  token: string,
): Promise<{ target: Target; result: Record<string, unknown> }> {
  const cap = capability(tool);
  const upstream: string[] = [];
  const client = new CwayClient({
    url: sandboxUrl,
    maxRetries: 0,
    send: (req) => {
      upstream.push(req.body);
      return httpSend(req);
    },
  });
  const stateDir = mkdtempSync(join(tmpdir(), 'cway-bench-'));
  try {
    const services = {
      apiUrl: sandboxUrl,
      sandbox: true,
      webBaseUrl: 'https://app.cway.se',
      confirmations: createConfirmationService({ dir: stateDir }),
    };
    const result = (await cap.handler(
      cap.input.parse(input) as never,
      makeContext({ client, token, services, log: quiet }),
    )) as Record<string, unknown>;
    return { target: { tool, input, upstream, restPath: restPathOf(cap, input) }, result };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function restPathOf(cap: Capability, input: Record<string, unknown>): string {
  if (!cap.rest || cap.rest.method !== 'GET') throw new Error(`${cap.name} has no GET route`);
  const rest = { ...input };
  const path = cap.rest.path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = encodeURIComponent(String(rest[key]));
    delete rest[key];
    return v;
  });
  const query = new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)])).toString();
  return query ? `${path}?${query}` : path;
}

/** One call, as a closure a load loop can repeat. */
export type Call = () => Promise<void>;

/** The same GraphQL requests, straight to Cway (the sandbox), each answer parsed and checked. */
export function directCall(t: Target, sandboxUrl: string, token: string): Call {
  const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` };
  return async () => {
    for (const body of t.upstream) {
      const res = await http(sandboxUrl, { method: 'POST', headers, body });
      const json = JSON.parse(res.text) as { errors?: unknown[] };
      if (res.status !== 200 || json.errors?.length) throw new Error(`direct: HTTP ${res.status}`);
    }
  };
}

export function restCall(t: Target, serverUrl: string, token: string): Call {
  const url = serverUrl + t.restPath;
  // As HTTP clients (and GPT Actions) do, it accepts gzip; the server compresses larger answers.
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json', 'accept-encoding': 'gzip' };
  return async () => {
    const res = await http(url, { headers, binary: true });
    const body = header(res.headers, 'content-encoding') === 'gzip' ? gunzipSync(res.body) : res.body;
    if (res.status !== 200) throw new Error(`REST: HTTP ${res.status}: ${body.toString('utf8').slice(0, 200)}`);
    JSON.parse(body.toString('utf8'));
  };
}

export function mcpCall(t: Target, session: RpcSession): Call {
  return async () => {
    await callTool(session, t.tool, t.input);
  };
}
