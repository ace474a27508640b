/**
 * Test clients for the MCP transports that share no code with the official SDK: small JSON-RPC
 * clients over fetch (Streamable HTTP), fetch + SSE (legacy SSE) and a child process (stdio).
 * Also: starting the real server in-process, the command that runs the CLI, and the MCP
 * Inspector CLI runner.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client as ClientV2, InMemoryTransport } from '@modelcontextprotocol/client';
import { loadConfig } from '../../src/config.js';
import { buildMcpServer, type McpDeps } from '../../src/surfaces/mcp/server.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.js';

// ---------------------------------------------------------------------------------------------
// The real server and the CLI

export interface TestServer extends RunningServer {
  stateDir: string;
}

/** Starts the real server in-process on a free port (demo mode: embedded sandbox), quiet. */
export async function startTestServer(
  argv: string[] = [],
  env: Record<string, string> = {},
  opts: StartOptions = {},
): Promise<TestServer> {
  const stateDir = mkdtempSync(join(tmpdir(), 'cway-mcp-test-'));
  const config = loadConfig({
    argv: ['--port', '0', ...argv],
    env: { LOG_DIR: 'off', CWAY_STATE_DIR: stateDir, ...env },
    cwd: stateDir,
  });
  const running = await startServer(config, { graceMs: 2_000, ...opts });
  return {
    ...running,
    stateDir,
    async close() {
      await running.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

const here = fileURLToPath(import.meta.url);
const compiled = here.endsWith('.js');

/** `node <main>` for the built CLI (dist/src/main.js) or, under tsx, `node --import tsx src/main.ts`. */
export function mainCommand(): { command: string; args: string[] } {
  const main = fileURLToPath(new URL(compiled ? '../../src/main.js' : '../../src/main.ts', import.meta.url));
  return { command: process.execPath, args: compiled ? [main] : ['--import', 'tsx', main] };
}

/** Environment for a spawned server: quiet, no log file, its own state dir. */
export function childEnv(stateDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('CWAY_') && !k.startsWith('MCP_')) env[k] = v;
  return { ...env, LOG_DIR: 'off', LOG_LEVEL: 'warn', CWAY_STATE_DIR: stateDir };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`). */
export function run(
  command: string,
  args: string[],
  opts: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: opts.env ?? (process.env as Record<string, string>),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A file inside the project's node_modules, found by walking up from this file. */
export function installed(path: string): string {
  let dir = dirname(here);
  for (;;) {
    const candidate = join(dir, 'node_modules', path);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`node_modules/${path} is not installed`);
    dir = parent;
  }
}

/** The MCP Inspector's CLI mode (`mcp-inspector --cli ...`), as installed in node_modules. */
export function inspectorCli(args: string[], env?: Record<string, string>): Promise<RunResult> {
  const cli = installed('@modelcontextprotocol/inspector/cli/build/cli.js');
  return run(process.execPath, [cli, '--cli', ...args], { env, timeoutMs: 180_000 });
}

// ---------------------------------------------------------------------------------------------
// An independent JSON-RPC client

export interface RpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export const INIT_PARAMS = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'raw-test-client', version: '1.0.0' },
};

/** Parses a text/event-stream body into events, calling `onEvent` for each as it arrives. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (e: { event: string; data: string }) => boolean | void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0 && onEvent({ event, data: data.join('\n') }) === true) {
        await reader.cancel().catch(() => {});
        return;
      }
    }
  }
}

/** Streamable HTTP by hand: POST JSON-RPC, read a JSON or SSE answer, keep Mcp-Session-Id. */
export class RawStreamableClient {
  sessionId?: string;
  protocolVersion = INIT_PARAMS.protocolVersion;
  private nextId = 1;
  constructor(
    readonly url: string,
    readonly headers: Record<string, string> = {},
  ) {}

  private baseHeaders(): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(this.sessionId ? { 'mcp-session-id': this.sessionId, 'mcp-protocol-version': this.protocolVersion } : {}),
      ...this.headers,
    };
  }

  post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.url, {
      method: 'POST',
      headers: { ...this.baseHeaders(), ...headers },
      body: JSON.stringify(body),
    });
  }

  async request(method: string, params: unknown = {}): Promise<RpcMessage> {
    const id = this.nextId++;
    const res = await this.post({ jsonrpc: '2.0', id, method, params });
    if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`);
    this.sessionId ??= res.headers.get('mcp-session-id') ?? undefined;
    if ((res.headers.get('content-type') ?? '').includes('application/json')) return (await res.json()) as RpcMessage;
    let answer: RpcMessage | undefined;
    await readEvents(res.body!, (e) => {
      const msg = JSON.parse(e.data) as RpcMessage;
      if (msg.id === id) {
        answer = msg;
        return true;
      }
    });
    if (!answer) throw new Error(`${method}: the stream ended without an answer`);
    return answer;
  }

  /** Sends a notification; returns the HTTP status. */
  async notify(method: string, params: unknown = {}): Promise<number> {
    const res = await this.post({ jsonrpc: '2.0', method, params });
    await res.arrayBuffer();
    return res.status;
  }

  async initialize(): Promise<RpcMessage> {
    const answer = await this.request('initialize', INIT_PARAMS);
    const status = await this.notify('notifications/initialized');
    if (status !== 202) throw new Error(`notifications/initialized answered ${status}`);
    return answer;
  }

  async close(): Promise<number> {
    const res = await fetch(this.url, { method: 'DELETE', headers: this.baseHeaders() });
    await res.arrayBuffer();
    return res.status;
  }
}

/** Legacy SSE by hand: GET /sse, wait for `endpoint`, POST messages there, read answers from the stream. */
export class RawSseClient {
  private readonly abort = new AbortController();
  private readonly waiting = new Map<number | string, (m: RpcMessage) => void>();
  private nextId = 1;
  endpoint?: string;

  constructor(readonly url: string) {}

  async connect(): Promise<void> {
    const res = await fetch(this.url, { headers: { accept: 'text/event-stream' }, signal: this.abort.signal });
    if (res.status !== 200) throw new Error(`GET ${this.url}: HTTP ${res.status}`);
    let resolveEndpoint!: (url: string) => void;
    const endpoint = new Promise<string>((r) => (resolveEndpoint = r));
    let first = true;
    readEvents(res.body!, (e) => {
      if (first) {
        first = false;
        if (e.event !== 'endpoint') throw new Error(`first event was "${e.event}", not "endpoint"`);
        resolveEndpoint(new URL(e.data, this.url).href);
        return;
      }
      const msg = JSON.parse(e.data) as RpcMessage;
      if (msg.id !== undefined && msg.id !== null) this.waiting.get(msg.id)?.(msg);
    }).catch(() => {});
    this.endpoint = await endpoint;
  }

  async request(method: string, params: unknown = {}): Promise<RpcMessage> {
    const id = this.nextId++;
    const answer = new Promise<RpcMessage>((r) => this.waiting.set(id, r));
    const status = await this.send({ jsonrpc: '2.0', id, method, params });
    if (status !== 202) throw new Error(`${method}: HTTP ${status}`);
    return answer;
  }

  async send(msg: RpcMessage): Promise<number> {
    const res = await fetch(this.endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(msg),
    });
    await res.arrayBuffer();
    return res.status;
  }

  async initialize(): Promise<RpcMessage> {
    const answer = await this.request('initialize', { ...INIT_PARAMS, protocolVersion: '2024-11-05' });
    await this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return answer;
  }

  close(): void {
    this.abort.abort();
  }
}

/** stdio by hand: newline-delimited JSON-RPC to a child process; every stdout line must be JSON-RPC. */
export class RawStdioClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number | string, (m: RpcMessage) => void>();
  private nextId = 1;
  /** stdout lines that were not JSON-RPC messages (must stay empty). */
  readonly strayLines: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], env: Record<string, string>) {
    this.child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((r) => this.child.on('exit', (code) => r(code)));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      let msg: RpcMessage;
      try {
        msg = JSON.parse(line) as RpcMessage;
        if (msg.jsonrpc !== '2.0') throw new Error('not JSON-RPC');
      } catch {
        this.strayLines.push(line);
        return;
      }
      if (msg.id !== undefined && msg.id !== null && (msg.result !== undefined || msg.error !== undefined))
        this.waiting.get(msg.id)?.(msg);
    });
  }

  request(method: string, params: unknown = {}): Promise<RpcMessage> {
    const id = this.nextId++;
    const answer = new Promise<RpcMessage>((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.exited.then((code) =>
        reject(new Error(`server exited (${code}) before answering ${method}: ${this.stderr.slice(-2000)}`)),
      );
    });
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return answer;
  }

  notify(method: string, params: unknown = {}): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }

  async initialize(): Promise<RpcMessage> {
    const answer = await this.request('initialize', INIT_PARAMS);
    this.notify('notifications/initialized');
    return answer;
  }

  /** Ends stdin (the server should exit by itself); kills it if it does not within the timeout. */
  async close(timeoutMs = 30_000): Promise<number | null> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

// ---------------------------------------------------------------------------------------------
// In-process SDK client for a server built with chosen options

/** Connects an SDK client (with the given client capabilities) to a server from `buildMcpServer`. */
export async function connectInMemory(
  deps: McpDeps,
  capabilities: ConstructorParameters<typeof ClientV2>[1] = {},
): Promise<{ client: ClientV2; close(): Promise<void> }> {
  const server = buildMcpServer(deps);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new ClientV2({ name: 'features-test', version: '1.0.0' }, capabilities);
  await client.connect(b);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
    },
  };
}
