/**
 * Test harness: a real sandbox (HTTP + SQLite) and a real MCP SDK client connected in-process
 * (InMemoryTransport) to the server built from the registry. Nothing of ours is mocked.
 */
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { CwayClient } from '../../src/cway/client.js';
import { capabilities } from '../../src/capabilities/index.js';
import { buildMcpServer } from '../../src/surfaces/mcp/server.js';
import type { Logger } from '../../src/capabilities/define.js';
import type { Services } from '../../src/capabilities/services.js';
import { createConfirmationService } from '../../src/confirm/service.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface Harness {
  sandbox: Sandbox;
  client: CwayClient;
  /** The services every MCP client of this harness shares (confirmations use a temp state dir). */
  services: Services;
  /** The temp state dir of the confirmation service (removed on close). */
  stateDir: string;
  /** Token of the first seeded user with this role. */
  tokenOf(role: string): string;
  /** An MCP SDK client acting as the given seeded role (default admin). */
  mcp(role?: string): Promise<Client>;
  /** Calls a tool; returns the raw result (check isError yourself). */
  call(name: string, args?: Record<string, unknown>, role?: string): Promise<CallToolResult>;
  /** Calls a tool and returns structuredContent, failing loudly on isError. */
  data<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>, role?: string): Promise<T>;
  close(): Promise<void>;
}

export async function startHarness(opts: { seed?: number; now?: Date; aiDelayMs?: number } = {}): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0, seed: opts.seed, now: opts.now, aiDelayMs: opts.aiDelayMs });
  const client = new CwayClient({ url: sandbox.url, timeoutMs: 10_000, backoffBaseMs: 20 });
  const stateDir = mkdtempSync(join(tmpdir(), 'cway-mcp-state-'));
  const services: Services = {
    apiUrl: sandbox.url,
    sandbox: true,
    webBaseUrl: 'https://app.cway.se',
    confirmations: createConfirmationService({ dir: stateDir }),
  };
  const clients = new Map<string, Client>();
  const tokenOf = (role: string) => {
    const u = sandbox.users.find((x) => x.role === role);
    if (!u) throw new Error(`no seeded user with role ${role}`);
    return u.token;
  };
  const mcp = async (role = 'admin') => {
    let c = clients.get(role);
    if (!c) {
      const server = buildMcpServer({ capabilities, client, services, log: silentLog, token: tokenOf(role) });
      const [a, b] = InMemoryTransport.createLinkedPair();
      await server.connect(a);
      c = new Client({ name: 'test', version: '1.0.0' });
      await c.connect(b);
      clients.set(role, c);
    }
    return c;
  };
  const call = async (name: string, args: Record<string, unknown> = {}, role?: string) =>
    (await (await mcp(role)).callTool({ name, arguments: args })) as CallToolResult;
  return {
    sandbox,
    client,
    services,
    stateDir,
    tokenOf,
    mcp,
    call,
    async data<T>(name: string, args: Record<string, unknown> = {}, role?: string) {
      const r = await call(name, args, role);
      if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
      return r.structuredContent as T;
    },
    async close() {
      for (const c of clients.values()) await c.close();
      await sandbox.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
