/**
 * `npm run attack`: the hostile-client run of issue 12, every row of its table at full size,
 * against a real server process (its RSS read from /proc) in front of a sandbox this process owns
 * (faults set directly, upstream requests counted by the sandbox). For each row it prints what the
 * attacker got, the server's peak RSS, upstream requests, and an innocent caller's latency (REST
 * `GET /api/me` with another user's token) idle and under attack. Not part of `npm test`.
 *
 *   node dist/bench/attack.js [--main path/to/dist/src/main.js] [--rows 1,2,3] [--scale 0.1] [--json out.json]
 *
 * `--main` runs another build (e.g. the code before the fixes); `--scale` shrinks every size (a
 * quick look; the recorded figures use 1). Row 1 before its fix makes the server die of heap
 * exhaustion; `--row1-posts` caps its posts (default 14,000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const here = fileURLToPath(new URL('.', import.meta.url));
const MAIN = resolve(opt('main') ?? join(here, '../src/main.js'));
const SCALE = Number(opt('scale') ?? 1);
const ROWS = (opt('rows') ?? '1,2,3,4,5,6,7,8,9,10,11,12,13').split(',').map(Number);
const ROW1_POSTS = Number(opt('row1-posts') ?? 14_000);
const n = (full: number) => Math.max(1, Math.round(full * SCALE));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// HTTP

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  ms: number;
}
function http(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number; fresh?: boolean } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const headers = { ...o.headers };
    if (o.body !== undefined) headers['content-length'] = String(Buffer.byteLength(o.body));
    const req = request(url, { method: o.method ?? 'GET', headers, agent: o.fresh ? false : agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
      res.on('error', () => resolve({ status: -1, headers: {}, text: '', ms: performance.now() - started }));
    });
    req.setTimeout(o.timeoutMs ?? 120_000, () => req.destroy());
    req.on('error', () => resolve({ status: -1, headers: {}, text: '', ms: performance.now() - started }));
    req.end(o.body);
  });
}

/** Runs `total` tasks with at most `width` in flight. */
async function pool<T>(total: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, total) }, async () => {
      while (next < total) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

const tally = (xs: number[]) =>
  Object.fromEntries([...new Set(xs)].sort().map((s) => [String(s), xs.filter((x) => x === s).length]));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.floor(s.length / 2)]! * 10) / 10 : NaN;
};

// ---------------------------------------------------------------------------------------------
// The server under attack

interface Server {
  proc: ChildProcess;
  url: string;
  logDir: string;
  died: boolean;
  exitNote?: string;
}

/** The sandbox, in its own process (so neither the attacker's nor the server's load slows it). */
interface SandboxProc {
  proc: ChildProcess;
  url: string;
  adminToken: string;
  users: { username: string; role: string; token: string }[];
  stats(): Promise<{ requests: number }>;
  faults: { set(f: Record<string, unknown>): Promise<void>; reset(): Promise<void> };
}

async function startSandboxProc(): Promise<SandboxProc> {
  const proc = spawn(process.execPath, [join(here, '../src/main.js'), 'sandbox', '--port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      const cut = buf.indexOf('\n');
      if (cut >= 0) resolve(buf.slice(0, cut));
    });
    proc.on('exit', () => reject(new Error('the sandbox did not start')));
  });
  const info = JSON.parse(line) as { url: string; users: SandboxProc['users'] };
  const adminToken = info.users.find((u) => u.role === 'admin')!.token;
  const admin = (path: string, method = 'GET', body?: object) =>
    http(new URL(path, info.url).toString(), {
      method,
      headers: { ...bearer(adminToken), 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
  return {
    proc,
    url: info.url,
    adminToken,
    users: info.users,
    stats: async () => JSON.parse((await admin('/__sandbox/stats')).text) as { requests: number },
    faults: {
      set: async (f) => {
        await admin('/__sandbox/faults', 'DELETE');
        const r = await admin('/__sandbox/faults', 'POST', f);
        if (r.status !== 200) throw new Error(`faults refused: ${r.text}`);
      },
      reset: async () => {
        await admin('/__sandbox/faults', 'DELETE');
      },
    },
  };
}

let sandbox: SandboxProc;
let server: Server;
let port = 0;
let peakRss = 0;

async function startTarget(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'cway-attack-'));
  port ||= 20_000 + Math.floor(Math.random() * 20_000);
  const proc = spawn(process.execPath, [MAIN, '--port', String(port), '--mode', 'all'], {
    env: {
      PATH: process.env.PATH ?? '',
      CWAY_API_URL: sandbox.url,
      CWAY_API_TOKEN: sandbox.adminToken,
      LOG_DIR: join(dir, 'logs'),
      LOG_LEVEL: 'info',
      CWAY_STATE_DIR: join(dir, 'state'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const s: Server = { proc, url: `http://127.0.0.1:${port}`, logDir: join(dir, 'logs'), died: false };
  let stderrTail = '';
  proc.stderr!.on('data', (c: Buffer) => {
    stderrTail = (stderrTail + c.toString('utf8')).slice(-4000);
  });
  proc.on('exit', (code, signal) => {
    s.died = true;
    const oom = /heap out of memory/i.test(stderrTail);
    s.exitNote = `exit ${code ?? signal}${oom ? ' (JavaScript heap out of memory)' : ''}`;
  });
  for (let i = 0; i < 200; i++) {
    const r = await http(`${s.url}/health`, { timeoutMs: 2_000, fresh: true });
    if (r.status === 200) return s;
    await sleep(100);
  }
  throw new Error('the server did not start');
}

function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Upstream requests one innocent call causes (measured while idle). */
let innocentUpstreamPerCall = 0;

/**
 * Peak RSS while `fn` runs (sampled every 200 ms), and the upstream requests meanwhile: all of
 * them, and the attack's alone (less the innocent caller's calls in the window).
 */
async function watched<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; peakRssMb: number; upstream: number; upstreamAll: number }> {
  let peak = rssMb(server.proc.pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(server.proc.pid));
  }, 200);
  const before = (await sandbox.stats()).requests;
  const from = Date.now();
  try {
    const value = await fn();
    const upstreamAll = (await sandbox.stats()).requests - before;
    const innocentCalls = samples.filter((x) => x.at >= from).length + 1; // + the one in flight
    const upstream = Math.max(0, upstreamAll - Math.round(innocentCalls * innocentUpstreamPerCall));
    return { value, peakRssMb: peak, upstream, upstreamAll };
  } finally {
    clearInterval(timer);
    peakRss = Math.max(peakRss, peak);
  }
}

/** Log lines by level since the start, and how many carry a stack trace. */
function logCounts(): { warn: number; error: number; withStack: number; lines: number } {
  const c = { warn: 0, error: 0, withStack: 0, lines: 0 };
  let files: string[] = [];
  try {
    files = readdirSync(server.logDir).map((f) => join(server.logDir, f));
  } catch {
    return c;
  }
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line) continue;
      c.lines++;
      if (line.includes('"level":40')) c.warn++;
      if (line.includes('"level":50')) c.error++;
      if (line.includes('"stack"')) c.withStack++;
    }
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Callers

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const userToken = (role: string, i = 0) => sandbox.users.filter((u) => u.role === role)[i]!.token;
let innocentToken: string;

/**
 * The innocent caller runs in its own process (so the attacker's load in this process does not
 * slow its client): it calls `GET /api/me` with its own token every 600 ms (inside the REST limit
 * of 120 a minute) and reports `startedAtEpochMs status ms` per call.
 */
interface Sample {
  at: number;
  status: number;
  ms: number;
}
const samples: Sample[] = [];
let innocentProc: ChildProcess | undefined;

function startInnocent(): void {
  innocentProc?.kill('SIGKILL');
  innocentProc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--innocent', server.url, innocentToken], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buf = '';
  innocentProc.stdout!.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    let cut: number;
    while ((cut = buf.indexOf('\n')) >= 0) {
      const [at, status, ms] = buf.slice(0, cut).split(' ').map(Number);
      buf = buf.slice(cut + 1);
      samples.push({ at: at!, status: status!, ms: ms! });
    }
  });
}

async function innocentLoop(url: string, token: string): Promise<never> {
  for (;;) {
    const at = Date.now();
    const r = await http(`${url}/api/me`, { headers: bearer(token), timeoutMs: 60_000 });
    process.stdout.write(`${at} ${r.status} ${r.ms.toFixed(1)}\n`);
    await sleep(600);
  }
}

/** The innocent caller's calls that started while `during` ran. */
async function innocentDuring<T>(
  during: Promise<T>,
): Promise<{ value: T; medianMs: number; maxMs: number; failed: number }> {
  const from = Date.now();
  const value = await during;
  const to = Date.now();
  // Wait for the calls started in the window to report (a hung one counts once it is answered).
  for (let i = 0; i < 600 && !samples.some((x) => x.at > to); i++) await sleep(100);
  const mine = samples.filter((x) => x.at >= from && x.at <= to);
  const ok = mine.filter((x) => x.status === 200).map((x) => x.ms);
  return {
    value,
    medianMs: median(ok),
    maxMs: Math.round(Math.max(0, ...ok)),
    failed: mine.length - ok.length,
  };
}

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'attacker', version: '1' } },
};
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function mcpSession(headers: Record<string, string> = {}): Promise<{ id: string | undefined; status: number }> {
  const r = await http(`${server.url}/mcp`, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify(INIT),
  });
  const id = r.headers['mcp-session-id'] as string | undefined;
  if (id) {
    await http(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
  }
  return { id, status: r.status };
}

function mcpCall(id: string, body: object): Promise<Answer> {
  return http(`${server.url}/mcp`, {
    method: 'POST',
    headers: { ...MCP_HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify(body),
  });
}

const post = (path: string, body: unknown, token = sandbox.adminToken) =>
  http(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify(body),
    timeoutMs: 120_000,
  });

async function projectsNamed(name: string): Promise<{ count: number; managers: (string | null)[] }> {
  const r = await http(`${server.url}/api/projects?name=${encodeURIComponent(name)}&pageSize=100`, {
    headers: bearer(sandbox.adminToken),
  });
  if (r.status !== 200) return { count: -1, managers: [] };
  const list = (JSON.parse(r.text) as { projects: { id: string; name: string }[] }).projects.filter(
    (p) => p.name === name,
  );
  const managers: (string | null)[] = [];
  for (const p of list) {
    const g = await http(`${server.url}/api/projects/${p.id}`, { headers: bearer(sandbox.adminToken) });
    const body = JSON.parse(g.text) as {
      projectManager?: { username: string } | null;
      project?: { projectManager?: { username: string } | null };
    };
    managers.push((body.projectManager ?? body.project?.projectManager)?.username ?? null);
  }
  return { count: list.length, managers };
}

// ---------------------------------------------------------------------------------------------
// The rows

type Row = () => Promise<Record<string, unknown>>;
const rows: Record<number, Row> = {};

rows[1] = async () => {
  const posts = n(ROW1_POSTS);
  // Open a legacy SSE stream and never read it (the socket's receive buffer fills, then the server's).
  const stream = await new Promise<{ endpoint: string; socket: Socket }>((resolve, reject) => {
    const req = request(`${server.url}/sse`, { headers: { accept: 'text/event-stream' }, agent: false }, (res) => {
      let buf = '';
      const onData = (c: Buffer) => {
        buf += c.toString('utf8');
        const m = /event: endpoint\ndata: (\S+)/.exec(buf);
        if (m) {
          res.off('data', onData);
          res.pause();
          resolve({ endpoint: new URL(m[1]!, server.url).toString(), socket: res.socket });
        }
      };
      res.on('data', onData);
    });
    req.on('error', reject);
    req.end();
  });
  const send = (body: object) =>
    http(stream.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await send(INIT);
  await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const statuses: number[] = [];
  const { value, peakRssMb, upstream } = await watched(() =>
    innocentDuring(
      pool(posts, 20, async (i) => {
        if (server.died) return -2;
        const r = await send({ jsonrpc: '2.0', id: 100 + i, method: 'tools/list' });
        statuses.push(r.status);
        return r.status;
      }),
    ),
  );
  stream.socket.destroy();
  return {
    posts,
    statuses: tally(statuses),
    died: server.died ? server.exitNote : false,
    peakRssMb,
    upstream,
    innocentMedianMs: value.medianMs,
    innocentMaxMs: value.maxMs,
    innocentFailed: value.failed,
  };
};

rows[2] = async () => {
  const name = `Attack row 2 ${randomBytes(3).toString('hex')}`;
  await sandbox.faults.set({ latencyMs: 16_000, operationNames: ['CreateProject'] });
  const { value: first, upstream } = await watched(() => post('/api/projects', { name }));
  await sandbox.faults.reset();
  const problem = JSON.parse(first.text || '{}') as { detail?: string; hint?: string; code?: string };
  // Follow the advice: the id it names if it names one, otherwise "try again" as told.
  const id = /projectId "([0-9a-f-]{36})"/.exec(problem.hint ?? '')?.[1];
  const second = await post('/api/projects', id ? { name, projectId: id } : { name });
  await sleep(2_000); // the lost create lands
  const after = await projectsNamed(name);
  return {
    firstStatus: first.status,
    firstMs: Math.round(first.ms),
    message: `${problem.detail ?? ''} | ${problem.hint ?? ''}`.slice(0, 300),
    followed: id ? 'retry with the named projectId' : 'try again (as advised)',
    secondStatus: second.status,
    projectsWithTheName: after.count,
    duplicate: after.count > 1,
    upstream,
  };
};

rows[3] = async () => {
  const hungCalls = n(150);
  const healthCalls = n(300);
  await sandbox.faults.set({ timeoutRate: 1, operationNames: ['ProjectsPage'] });
  // One caller (the server's own token, as anonymous MCP sessions use it), over MCP: no REST
  // rate limit stands in the way, as in the original run.
  const session = await mcpSession();
  const hung = pool(hungCalls, hungCalls, (i) =>
    mcpCall(session.id!, {
      jsonrpc: '2.0',
      id: 1000 + i,
      method: 'tools/call',
      params: { name: 'list_projects', arguments: { pageSize: 1 } },
    }).then((r) => ({ ...r, status: r.status === 200 && /"isError":\s*true/.test(r.text) ? 'tool error' : r.status })),
  );
  await sleep(500);
  const { value, peakRssMb, upstream } = await watched(() => innocentDuring(sleep(5_000)));
  const results = await hung;
  // Then /health while Cway hangs (after the hung calls, so only probes are counted).
  await sandbox.faults.set({ timeoutRate: 1, operationNames: ['HealthPing'] });
  await sleep(5_500); // past the health answer's cache
  const beforeHealth = (await sandbox.stats()).requests;
  const health = await pool(healthCalls, healthCalls, () => http(`${server.url}/health`, { timeoutMs: 60_000 }));
  const healthUpstream = (await sandbox.stats()).requests - beforeHealth;
  await sandbox.faults.reset();
  return {
    hungCalls,
    hungOutcomes: Object.fromEntries(
      [...new Set(results.map((r) => String(r.status)))].map((k) => [
        k,
        results.filter((r) => String(r.status) === k).length,
      ]),
    ),
    hungLongestMs: Math.round(Math.max(...results.map((r) => r.ms))),
    innocentMedianMs: value.medianMs,
    innocentMaxMs: value.maxMs,
    innocentFailed: value.failed,
    upstreamDuring5s: upstream,
    peakRssMb,
    healthCalls,
    healthStatuses: tally(health.map((r) => r.status)),
    healthProbesUpstream: healthUpstream,
  };
};

rows[4] = async () => {
  const junk = n(10_100);
  const logsBefore = logCounts();
  const started = performance.now();
  const { value, peakRssMb, upstream } = await watched(() =>
    innocentDuring(
      pool(junk, 100, async () => {
        const r = await http(`${server.url}/api/me`, { headers: bearer(`junk-${randomBytes(16).toString('hex')}`) });
        return r.status;
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const logsAfter = logCounts();
  // The same bad token, 200 MCP initializes.
  const badToken = `junk-${randomBytes(16).toString('hex')}`;
  const before = (await sandbox.stats()).requests;
  const inits = await pool(n(200), 20, () => mcpSession(bearer(badToken)));
  return {
    junkRequests: junk,
    seconds: Math.round(seconds * 10) / 10,
    statuses: tally(value.value),
    upstream,
    upstreamShare: `${((100 * upstream) / junk).toFixed(2)} %`,
    innocentMedianMs: value.medianMs,
    innocentMaxMs: value.maxMs,
    innocentFailed: value.failed,
    peakRssMb,
    warnLines: logsAfter.warn - logsBefore.warn,
    logLines: logsAfter.lines - logsBefore.lines,
    mcpInitSameBadToken: n(200),
    mcpInitStatuses: tally(inits.map((r) => r.status)),
    mcpInitUpstream: (await sandbox.stats()).requests - before,
  };
};

rows[5] = async () => {
  const victim = userToken('orderer');
  let tries = 0;
  let last: Answer | undefined;
  do {
    last = await http(`${server.url}/api/me`, { headers: bearer(victim) });
    tries++;
  } while (last.status === 200 && tries < 400);
  const exhaustedAfter = tries;
  const exhaustedAt = performance.now();
  const flood = n(10_100);
  await pool(flood, 100, () =>
    http(`${server.url}/api/me`, { headers: bearer(`junk-${randomBytes(16).toString('hex')}`) }),
  );
  const after = await http(`${server.url}/api/me`, { headers: bearer(victim) });
  // The bucket refills 2 a second (120 a minute): more left than that is a reset by the flood.
  const refillable = Math.floor(((performance.now() - exhaustedAt) / 1000) * 2);
  const remaining = Number(after.headers['ratelimit-remaining'] ?? 0);
  return {
    exhaustedAfter,
    exhaustedStatus: last.status,
    flood,
    victimAfterFlood: after.status,
    remainingAfterFlood: remaining,
    refilledMeanwhileAtMost: refillable,
    resetByFlood: remaining > refillable + 1,
  };
};

rows[6] = async () => {
  const sessions = n(20_000);
  const started = performance.now();
  const { value, peakRssMb } = await watched(() => innocentDuring(pool(sessions, 100, () => mcpSession())));
  const seconds = (performance.now() - started) / 1000;
  const opened = value.value.filter((s) => s.id).length;
  // 2,000 tool calls in one session.
  const one = await mcpSession();
  const calls = n(2_000);
  const callStatuses: string[] = [];
  if (one.id) {
    await pool(calls, 50, async (i) => {
      const r = await mcpCall(one.id!, {
        jsonrpc: '2.0',
        id: 10 + i,
        method: 'tools/call',
        params: { name: 'get_login_info', arguments: {} },
      });
      const refused = r.status !== 200 || /"error"|rate.?limit|Too many/i.test(r.text);
      callStatuses.push(refused ? `refused(${r.status})` : 'ok');
    });
  }
  return {
    sessionsTried: sessions,
    sessionsOpened: opened,
    sessionStatuses: tally(value.value.map((s) => s.status)),
    seconds: Math.round(seconds * 10) / 10,
    peakRssMb,
    innocentMedianMs: value.medianMs,
    innocentMaxMs: value.maxMs,
    innocentFailed: value.failed,
    toolCalls: calls,
    toolCallOutcomes: Object.fromEntries(
      [...new Set(callStatuses)].map((k) => [k, callStatuses.filter((x) => x === k).length]),
    ),
  };
};

rows[7] = async () => {
  await sandbox.faults.set({ timeoutRate: 1, operationNames: ['ProjectsPage'] });
  const { value, upstream } = await watched(() =>
    http(`${server.url}/api/projects?pageSize=1`, { headers: bearer(sandbox.adminToken) }),
  );
  await sandbox.faults.reset();
  return { status: value.status, seconds: Math.round(value.ms / 100) / 10, upstreamAttempts: upstream };
};

rows[8] = async () => {
  const name = `Attack row 8 ${randomBytes(3).toString('hex')}`;
  const pm = sandbox.users.find((u) => u.role === 'project_manager')!;
  const projectId = randomUUID(); // chosen by the client up front, as the tool advises
  const request = { name, projectManager: pm.username, projectId };
  await sandbox.faults.set({ latencyMs: 60_000, operationNames: ['CreateProjectSetManager'] });
  const pending = post('/api/projects', request);
  // Wait until the project exists (first write done), then kill -9 between the two writes.
  for (let i = 0; i < 100 && (await projectsNamed(name)).count === 0; i++) await sleep(100);
  server.proc.kill('SIGKILL');
  await pending;
  await sandbox.faults.reset();
  await sleep(300);
  server = await startTarget();
  startInnocent();
  const afterKill = await projectsNamed(name);
  // The client repeats its request (it never got an answer).
  const repeat = await post('/api/projects', request);
  const repeatBody = JSON.parse(repeat.text || '{}') as { steps?: unknown; detail?: string };
  const final = await projectsNamed(name);
  return {
    afterKill: { projects: afterKill.count, managers: afterKill.managers },
    repeatStatus: repeat.status,
    repeatSteps: repeatBody.steps ?? repeatBody.detail ?? null,
    final: { projects: final.count, managers: final.managers },
  };
};

rows[9] = async () => {
  const sockets = n(3_000);
  const logsBefore = logCounts();
  const open: Socket[] = [];
  let closedByServer = 0;
  await pool(
    sockets,
    200,
    (i) =>
      new Promise<void>((resolve) => {
        const s = connect(port, '127.0.0.1', () => {
          const path = i % 2 ? '/mcp' : '/api/projects';
          s.write(
            `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{"jsonrpc"`,
          );
          resolve();
        });
        s.resume(); // read what the server sends (its 408), so its close is seen
        s.on('close', () => closedByServer++);
        s.on('error', () => resolve());
        open.push(s);
      }),
  );
  const waitS = Number(opt('row9-wait') ?? 65);
  const { peakRssMb } = await watched(() => sleep(waitS * 1000));
  const closedBeforeWaitEnded = closedByServer;
  const stillOpen = sockets - closedBeforeWaitEnded;
  for (const s of open) s.destroy();
  await sleep(1_000);
  const logsAfter = logCounts();
  return {
    slowSockets: sockets,
    waitedSeconds: waitS,
    stillOpenAfterWait: stillOpen,
    closedByServer: closedBeforeWaitEnded,
    peakRssMb,
    errorLines: logsAfter.error - logsBefore.error,
    linesWithStack: logsAfter.withStack - logsBefore.withStack,
  };
};

rows[10] = async () => {
  const s = await mcpSession();
  const r = await mcpCall(s.id!, {
    jsonrpc: '2.0',
    id: 7,
    method: 'tools/call',
    params: { name: 123, arguments: 'not an object' },
  });
  const m = /"code":\s*(-?\d+)/.exec(r.text);
  return { status: r.status, jsonRpcCode: m ? Number(m[1]) : null, answer: r.text.slice(0, 300) };
};

rows[11] = async () => {
  const r = await post('/api/projects', { name: '\u0000' });
  return { status: r.status, answer: r.text.slice(0, 300) };
};

rows[12] = async () => {
  const list = await http(`${server.url}/api/projects?pageSize=1`, { headers: bearer(sandbox.adminToken) });
  const id = (JSON.parse(list.text) as { projects: { id: string }[] }).projects[0]!.id;
  const r = await post('/api/projects/delete', { projectIds: [id] });
  const token = (JSON.parse(r.text) as { confirmation?: { token: string } }).confirmation?.token ?? '';
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as Record<
    string,
    unknown
  >;
  const tokenHashPrefix = createHash('sha256').update(sandbox.adminToken).digest('hex').slice(0, 16);
  return {
    claimsKeys: Object.keys(claims),
    carriesTokenHashPrefix: token.includes(tokenHashPrefix) || claims.c === tokenHashPrefix,
  };
};

rows[13] = async () => {
  const host = await http(`${server.url}/health`, { headers: { host: `evil.localhost:${port}` }, fresh: true });
  const origin = await http(`${server.url}/health`, { headers: { origin: 'http://evil.localhost' }, fresh: true });
  const loopback = await http(`${server.url}/health`, { headers: { host: `localhost:${port}` }, fresh: true });
  return { hostEvilLocalhost: host.status, originEvilLocalhost: origin.status, hostLocalhost: loopback.status };
};

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  sandbox = await startSandboxProc();
  server = await startTarget();
  innocentToken = userToken('project_manager', 1);
  // Every user's token checked once up front (as a returning user's would be).
  for (const u of sandbox.users) await http(`${server.url}/api/me`, { headers: bearer(u.token) });
  startInnocent();
  await sleep(1_000);
  const idleFrom = Date.now();
  const idleBefore = (await sandbox.stats()).requests;
  const idle = (await innocentDuring(sleep(12_000))).medianMs;
  const idleCalls = samples.filter((x) => x.at >= idleFrom).length;
  innocentUpstreamPerCall = ((await sandbox.stats()).requests - idleBefore) / Math.max(1, idleCalls);
  const report: Record<string, unknown> = {
    main: MAIN,
    scale: SCALE,
    node: process.version,
    innocentIdleMedianMs: idle,
    innocentUpstreamPerCall,
    startRssMb: rssMb(server.proc.pid),
    rows: {} as Record<number, unknown>,
  };
  console.log(`attack: ${MAIN} (scale ${SCALE}); innocent idle median ${idle} ms`);
  for (const row of ROWS) {
    if (server.died) {
      console.log(`  (server died: ${server.exitNote}; restarting)`);
      server = await startTarget();
      for (const u of sandbox.users) await http(`${server.url}/api/me`, { headers: bearer(u.token) });
      startInnocent();
    }
    const started = performance.now();
    let result: Record<string, unknown>;
    try {
      result = await rows[row]!();
    } catch (err) {
      result = { failed: (err as Error).message };
    }
    result.rssAfterMb = rssMb(server.proc.pid);
    result.serverAlive = !server.died;
    result.elapsedS = Math.round((performance.now() - started) / 100) / 10;
    (report.rows as Record<number, unknown>)[row] = result;
    console.log(`row ${row}: ${JSON.stringify(result)}`);
  }
  report.peakRssMb = peakRss;
  report.logs = logCounts();
  const out = opt('json');
  if (out) writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  innocentProc?.kill('SIGKILL');
  server.proc.kill('SIGTERM');
  await sleep(500);
  if (!server.died) server.proc.kill('SIGKILL');
  sandbox.proc.kill('SIGTERM');
  agent.destroy();
  rmSync(join(server.logDir, '..'), { recursive: true, force: true });
}

/** Children go with this process, however it ends. */
function killChildren(): void {
  for (const p of [innocentProc, server?.proc, sandbox?.proc]) if (p && p.exitCode === null) p.kill('SIGKILL');
}
process.on('exit', killChildren);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    killChildren();
    process.exit(130);
  });

if (args[0] === '--innocent') void innocentLoop(args[1]!, args[2]!);
else
  main().catch((err: unknown) => {
    console.error(err);
    server?.proc.kill('SIGKILL');
    sandbox?.proc.kill('SIGKILL');
    innocentProc?.kill('SIGKILL');
    process.exit(1);
  });
