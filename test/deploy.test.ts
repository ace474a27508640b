/**
 * The deployment recipe, run for real: deploy/cluster.sh brings up PostgreSQL, the sandbox, three
 * instances (OAuth mode, state in PostgreSQL) and HAProxy from the machine's Debian packages; then
 * stateless 2026-07-28 calls are spread over the instances, a 2025 session and a legacy SSE stream
 * stay on the instance that opened them, OAuth grants, refresh tokens and confirmation tokens hold
 * across instances (single use included, under races), and an instance drained with SIGTERM and
 * one killed with SIGKILL do not stop service. Skipped only when the haproxy or PostgreSQL binaries
 * are absent (.ci/run installs both).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEvents, RawStreamableClient, type RpcMessage } from './support/mcp-clients.js';
import { authorize, discover, pkcePair, tokenRequest, type Discovery, type Tokens } from './support/oauth-client.js';

const root = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url));
const script = join(root, 'deploy', 'cluster.sh');

function missingBinaries(): string | undefined {
  if (spawnSync('haproxy', ['-v']).status !== 0) return 'haproxy is not installed (apt-get install haproxy)';
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
    : false;
  if (!debian && spawnSync('initdb', ['--version']).status !== 0) {
    return 'PostgreSQL is not installed (apt-get install postgresql)';
  }
  return undefined;
}

const envelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'deploy-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

async function rpcBody(res: Response): Promise<RpcMessage> {
  const text = await res.text();
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const data = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6));
    return JSON.parse(data.at(-1)!) as RpcMessage;
  }
  return JSON.parse(text) as RpcMessage;
}

/** The value of one sample of the Prometheus text; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && want.every((w) => line.includes(w))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

const skip = missingBinaries();

describe('deployment recipe: PostgreSQL + HAProxy + three instances', { skip, timeout: 300_000 }, () => {
  let dir = '';
  const base = 20_000 + (process.pid % 300) * 30;
  let env: Record<string, string> = {};
  /** A sandbox person's Cway token (REST accepts it in oauth mode; it signs in on our page). */
  let token = '';
  /** An access token for MCP, from a grant made through HAProxy before the tests. */
  let access = '';
  let d: Discovery;
  const REDIRECT = 'https://chatgpt.com/connector/oauth/cb-123';

  /** Registers a client and signs in through HAProxy; the code is exchanged on `exchangeAt`. */
  async function grant(
    exchangeAt: string,
  ): Promise<{ tokens: Tokens; clientId: string; code: string; verifier: string }> {
    const reg = await fetch(d.as.registration_endpoint as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'deploy-test',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      }),
    });
    assert.equal(reg.status, 201);
    const clientId = ((await reg.json()) as { client_id: string }).client_id;
    const { verifier, challenge } = pkcePair();
    const { location } = await authorize(
      d.as,
      {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        scope: 'cway offline_access',
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: d.resource,
      },
      { cwayToken: token },
    );
    const code = location.searchParams.get('code');
    assert.ok(code, `the sign-in ended with a code: ${location.href}`);
    const res = await tokenRequest(tokenAt(exchangeAt), {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: clientId,
      code_verifier: verifier,
      resource: d.resource,
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return { tokens: JSON.parse(text) as Tokens, clientId, code, verifier };
  }
  /** The authorization server metadata with its token endpoint on one instance directly. */
  const tokenAt = (base: string): Discovery['as'] => ({
    ...d.as,
    token_endpoint: base + new URL(d.as.token_endpoint as string).pathname,
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cway-cluster-'));
    execFileSync('bash', [script, 'up', dir], {
      env: { ...process.env, BASE_PORT: String(base), LOG_LEVEL: 'info', AUTH_MODE: 'oauth' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    env = Object.fromEntries(
      readFileSync(join(dir, 'cluster.env'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const sandbox = JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as { users: { token: string }[] };
    token = sandbox.users[0]!.token;
    d = await discover(`${env.URL}/mcp`);
    access = (await grant(env.URL!)).tokens.access_token;
  });
  after(() => {
    if (!dir) return;
    spawnSync('bash', [script, 'down', dir], { stdio: 'ignore', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = () => ({ authorization: `Bearer ${access}` });
  async function statelessCall(id: number, base = env.URL!, bearer = access): Promise<RpcMessage> {
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${bearer}`,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'list_projects', arguments: { pageSize: 1 }, _meta: envelope },
      }),
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    const msg = await rpcBody(res);
    if (!msg.result || (msg.result as { isError?: boolean }).isError) throw new Error(JSON.stringify(msg));
    return msg;
  }

  it('PostgreSQL answers on its loopback port', () => {
    const out = execFileSync(join(env.PG_BIN!, 'psql'), [env.DATABASE_URL!, '-Atc', 'select 1'], { encoding: 'utf8' });
    assert.equal(out.trim(), '1');
  });

  it('stateless 2026-07-28 calls are spread round-robin, and each instance /metrics shows its share', async () => {
    for (let i = 0; i < 12; i++) await statelessCall(i);
    for (const n of [1, 2, 3]) {
      const text = await (await fetch(`${env[`INSTANCE_${n}_URL`]}/metrics`)).text();
      const served = sample(text, 'cway_mcp_capability_calls_total', {
        capability: 'list_projects',
        surface: 'mcp',
        outcome: 'ok',
      });
      assert.ok(served >= 1, `instance ${n} served none of the 12 calls`);
    }
    const blocked = await fetch(`${env.URL}/metrics`);
    assert.equal(blocked.status, 404, 'HAProxy does not forward /metrics');
    await blocked.arrayBuffer();
  });

  it('a 2025 Streamable HTTP session stays on the instance that opened it', async () => {
    const c = new RawStreamableClient(`${env.URL}/mcp`, auth());
    await c.initialize();
    assert.ok(c.sessionId);
    for (let i = 0; i < 6; i++) {
      const r = await c.request('tools/call', { name: 'list_projects', arguments: { pageSize: 1 } });
      assert.ok(r.result && !(r.result as { isError?: boolean }).isError, JSON.stringify(r));
    }
    assert.equal(await c.close(), 200);
  });

  it('a legacy SSE stream and its POST /messages meet on one instance through HAProxy', async () => {
    const abort = new AbortController();
    const res = await fetch(`${env.URL}/sse`, {
      headers: { accept: 'text/event-stream', ...auth() },
      signal: abort.signal,
    });
    assert.equal(res.status, 200);
    const waiting = new Map<number, (m: RpcMessage) => void>();
    let endpointOf!: (u: string) => void;
    const endpoint = new Promise<string>((r) => (endpointOf = r));
    void readEvents(res.body!, (e) => {
      if (e.event === 'endpoint') return endpointOf(new URL(e.data, env.URL).href);
      const m = JSON.parse(e.data) as RpcMessage;
      if (typeof m.id === 'number') waiting.get(m.id)?.(m);
    }).catch(() => {});
    const url = await endpoint;
    const send = async (id: number | undefined, method: string, params: unknown) => {
      const answer = id === undefined ? undefined : new Promise<RpcMessage>((r) => waiting.set(id, r));
      const post = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth() },
        body: JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params }),
      });
      await post.arrayBuffer();
      assert.equal(post.status, 202, `${method} reached an instance without the stream`);
      return answer;
    };
    await send(1, 'initialize', {
      protocolVersion: '2024-11-05',
      capabilities: {},
      clientInfo: { name: 'deploy-test', version: '1' },
    });
    await send(undefined, 'notifications/initialized', {});
    for (let id = 2; id < 8; id++) {
      const r = (await send(id, 'tools/call', { name: 'list_projects', arguments: { pageSize: 1 } }))!;
      assert.ok(r.result && !(r.result as { isError?: boolean }).isError, JSON.stringify(r));
    }
    abort.abort();
  });

  it('keeps shared state in PostgreSQL (not in the data directory) and logs JSON lines on stdout', () => {
    assert.ok(!existsSync(join(dir, 'data', 'gateway.db')), 'no SQLite store was opened');
    const tables = execFileSync(
      join(env.PG_BIN!, 'psql'),
      [
        env.DATABASE_URL!,
        '-Atc',
        "select count(*) from cway_migrations; select count(*) from oauth_model where model = 'Grant'",
      ],
      { encoding: 'utf8' },
    );
    const [migrations, grants] = tables.trim().split('\n').map(Number);
    assert.equal(migrations, 1, 'the migration ran once for three instances');
    assert.ok(grants! >= 1, 'the grant made before the tests is in PostgreSQL');
    for (const n of [1, 2, 3]) {
      const lines = readFileSync(join(dir, `instance-${n}.log`), 'utf8')
        .trim()
        .split('\n');
      const parsed = lines.map((l) => JSON.parse(l) as { msg?: string; store?: string });
      assert.ok(
        parsed.some((l) => l.msg === 'store opened' && l.store === 'postgres'),
        `instance ${n}`,
      );
      assert.match(readFileSync(join(dir, `instance-${n}.err`), 'utf8'), /store: postgres:\/\/cway@127\.0\.0\.1/);
    }
  });

  it('OAuth across instances: a grant redeemed on 1 works on 2 and 3, a used refresh token or code is refused elsewhere, racing refreshes: one wins', async () => {
    const [i1, i2, i3] = [env.INSTANCE_1_URL!, env.INSTANCE_2_URL!, env.INSTANCE_3_URL!];
    const refresh = (base: string, clientId: string, refreshToken: string) =>
      tokenRequest(tokenAt(base), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
    const { tokens, clientId } = await grant(i1);
    for (const base of [i2, i3]) await statelessCall(1, base, tokens.access_token);

    const onTwo = await refresh(i2, clientId, tokens.refresh_token!);
    assert.equal(onTwo.status, 200);
    const next = (await onTwo.json()) as Tokens;
    assert.ok(next.refresh_token && next.refresh_token !== tokens.refresh_token, 'rotated');
    const replayed = await refresh(i3, clientId, tokens.refresh_token!);
    assert.equal(replayed.status, 400, 'the used refresh token is refused on another instance');
    assert.equal(((await replayed.json()) as { error: string }).error, 'invalid_grant');

    // A fresh grant's refresh token sent to two instances at once: exactly one gets new tokens.
    const other = await grant(i1);
    const raced = await Promise.all(
      [i1, i3].map(async (b) => {
        const r = await refresh(b, other.clientId, other.tokens.refresh_token!);
        return { status: r.status, body: await r.text() };
      }),
    );
    assert.deepEqual(raced.map((r) => r.status).sort(), [200, 400], `one refresh wins: ${JSON.stringify(raced)}`);

    // An authorization code redeemed on instance 1 and replayed on 2 is refused there, and the
    // replay revokes what the code gave (oidc-provider's code-reuse rule): instance 3 refuses it.
    const stolen = await grant(i1);
    const replayCode = await tokenRequest(tokenAt(i2), {
      grant_type: 'authorization_code',
      code: stolen.code,
      redirect_uri: REDIRECT,
      client_id: stolen.clientId,
      code_verifier: stolen.verifier,
      resource: d.resource,
    });
    assert.equal(replayCode.status, 400);
    assert.equal(((await replayCode.json()) as { error: string }).error, 'invalid_grant');
    await assert.rejects(statelessCall(2, i3, stolen.tokens.access_token), /HTTP 401/);
  });

  describe('confirmation tokens across instances (REST close_projects)', () => {
    const rest = (base: string, path: string, body: object) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let open: string[] = [];
    before(async () => {
      const res = await fetch(`${env.INSTANCE_1_URL}/api/projects?pageSize=50`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { projects } = (await res.json()) as { projects: { id: string; state: string }[] };
      open = projects.filter((p) => p.state !== 'CLOSED').map((p) => p.id);
      assert.ok(open.length >= 4, 'the sandbox has open projects to close');
    });
    const preview = async (base: string, projectId: string) => {
      const res = await rest(base, '/api/projects/close', { projectIds: [projectId], force: true });
      const body = (await res.json()) as { status: string; confirmation?: { token: string } };
      assert.equal(body.status, 'confirmation_required', JSON.stringify(body));
      return body.confirmation!.token;
    };
    /** CloseProjects calls to Cway that succeeded, summed over the three instances' /metrics. */
    const closesSent = async () => {
      let n = 0;
      for (const i of [1, 2, 3]) {
        const text = await (await fetch(`${env[`INSTANCE_${i}_URL`]}/metrics`)).text();
        n += sample(text, 'cway_mcp_upstream_requests_total', { operation: 'CloseProjects', outcome: 'ok' });
      }
      return n;
    };

    it('a token issued on instance 1 and spent on 2 is refused on 3', async () => {
      const project = open[0]!;
      const confirmationToken = await preview(env.INSTANCE_1_URL!, project);
      const spent = await rest(env.INSTANCE_2_URL!, '/api/projects/close', {
        projectIds: [project],
        force: true,
        confirmationToken,
      });
      assert.equal(spent.status, 200);
      assert.equal(((await spent.json()) as { status: string }).status, 'done');
      // Reopened, so that instance 3 gets as far as the token (a closed project needs no token).
      const reopened = await rest(env.INSTANCE_1_URL!, '/api/projects/reopen', { projectIds: [project] });
      assert.equal(reopened.status, 200);
      await reopened.arrayBuffer();
      const replay = await rest(env.INSTANCE_3_URL!, '/api/projects/close', {
        projectIds: [project],
        force: true,
        confirmationToken,
      });
      assert.equal(replay.status, 409);
      assert.match(((await replay.json()) as { detail: string }).detail, /already been used/);
    });

    it('two instances racing to redeem one token: the close runs exactly once', async () => {
      let refusals = 0;
      for (const project of open.slice(1, 4)) {
        const confirmationToken = await preview(env.INSTANCE_1_URL!, project);
        const before = await closesSent();
        const answers = await Promise.all(
          [env.INSTANCE_2_URL!, env.INSTANCE_3_URL!].map(async (b) => {
            const res = await rest(b, '/api/projects/close', { projectIds: [project], force: true, confirmationToken });
            return { status: res.status, body: (await res.json()) as { status?: string; detail?: string } };
          }),
        );
        assert.equal((await closesSent()) - before, 1, `one CloseProjects sent to Cway: ${JSON.stringify(answers)}`);
        for (const a of answers) {
          // The loser is refused by the ledger, or, when it reads the project after the winner
          // closed it, told there is nothing left to do (no write, no token needed).
          if (a.status === 409) assert.match(a.body.detail!, /already been used/);
          else assert.equal(a.body.status, 'done', JSON.stringify(a));
        }
        refusals += answers.filter((a) => a.status === 409).length;
      }
      assert.ok(refusals >= 1, 'at least one of three races reached the ledger on both instances');
    });
  });

  it('draining one instance (SIGTERM) loses no call; killing another (SIGKILL) loses at most those in flight', async () => {
    let next = 1000;
    const load = async (calls: number, concurrency: number, during: () => void) => {
      let errors = 0;
      let done = 0;
      let fired = false;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (done < calls) {
            done++;
            if (!fired && done > calls / 3) {
              fired = true;
              during();
            }
            await statelessCall(next++).catch(() => errors++);
          }
        }),
      );
      return errors;
    };
    const drained = await load(60, 4, () => process.kill(Number(env.INSTANCE_1_PID), 'SIGTERM'));
    assert.equal(drained, 0, 'a graceful drain lost calls');
    const killed = await load(60, 4, () => process.kill(Number(env.INSTANCE_2_PID), 'SIGKILL'));
    assert.ok(killed <= 4, `${killed} calls failed; at most the 4 in flight may`);
    // Afterwards the one instance left answers everything.
    for (let i = 0; i < 10; i++) await statelessCall(next++);
  });
});
