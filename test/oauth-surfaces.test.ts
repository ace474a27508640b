/**
 * The whole server in oauth mode (startServer, as the CLI runs it) in front of a sandbox: people
 * sign in through the pages, and the MCP SDK client (Streamable HTTP and legacy SSE) and REST act
 * as each of them with their own Cway token from the vault. Also the SDK client's own OAuth
 * provider connecting by itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logging.js';
import { startServer, type RunningServer } from '../src/server.js';
import { authorize, discover, pkcePair, tokenRequest, type Discovery, type Tokens } from './support/oauth-client.js';

const REDIRECT = 'https://chatgpt.com/connector/oauth/surfaces-test';

let sandbox: Sandbox;
let server: RunningServer;
let dir: string;
let d: Discovery;
let clientId: string;
const clients: Client[] = [];
/** Every tool result and access token seen, to check that no Cway token ever shows in output. */
const outputs: string[] = [];
const accessTokens: string[] = [];
let logger: ReturnType<typeof createLogger>;

async function signIn(cwayToken: string, resource: string): Promise<Tokens> {
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
      resource,
    },
    { cwayToken },
  );
  const res = await tokenRequest(d.as, {
    grant_type: 'authorization_code',
    code: location.searchParams.get('code')!,
    redirect_uri: REDIRECT,
    client_id: clientId,
    code_verifier: verifier,
    resource,
  });
  assert.equal(res.status, 200);
  const tokens = (await res.json()) as Tokens;
  accessTokens.push(tokens.access_token, tokens.refresh_token ?? '');
  return tokens;
}

async function mcpAs(accessToken: string, transport: 'streamable' | 'sse' = 'streamable'): Promise<Client> {
  const headers = { authorization: `Bearer ${accessToken}` };
  const t =
    transport === 'streamable'
      ? new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } })
      : new SSEClientTransport(new URL(`${server.url}/sse`), {
          requestInit: { headers },
          eventSourceInit: {
            fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }),
          },
        });
  const client = new Client({ name: 'oauth-surfaces', version: '1.0.0' });
  await client.connect(t);
  clients.push(client);
  return client;
}

const data = <T>(result: unknown): T => {
  const r = result as CallToolResult;
  outputs.push(JSON.stringify(r));
  assert.ok(!r.isError, JSON.stringify(r.content).slice(0, 500));
  return r.structuredContent as T;
};

const user = (username: string) => sandbox.users.find((u) => u.username === username)!;

before(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'cway-oauth-surfaces-'));
  const config = loadConfig({
    argv: ['--port', '0', '--auth', 'oauth', '--toolsets', 'all'],
    env: { CWAY_API_URL: sandbox.url, LOG_DIR: 'off', CWAY_DATA_DIR: join(dir, 'data') },
    cwd: dir,
  });
  logger = createLogger({ level: 'debug', dir: join(dir, 'logs'), stderr: false });
  server = await startServer(config, { graceMs: 1000, restRateLimit: false, log: logger.log });
  d = await discover(`${server.url}/mcp`);
  const reg = await fetch(d.as.registration_endpoint as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'ChatGPT', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
  });
  clientId = ((await reg.json()) as { client_id: string }).client_id;
});

after(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await server?.close();
  logger?.close();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('oauth mode on the real surfaces', () => {
  it('two people see their own approval queues, and an approval is recorded under the one who made it', async () => {
    const maria = user('maria.ek@nordiccare.example');
    const lars = user('lars.nyberg@nordiccare.example');
    const asMaria = await mcpAs((await signIn(maria.token, d.resource)).access_token);
    const asLars = await mcpAs((await signIn(lars.token, d.resource)).access_token, 'sse');

    type Queues = { toApprove: { total: number; artworks: { id: string; name: string }[] } };
    const qm = data<Queues>(await asMaria.callTool({ name: 'get_my_artwork_queues', arguments: { queue: 'approve' } }));
    const ql = data<Queues>(await asLars.callTool({ name: 'get_my_artwork_queues', arguments: { queue: 'approve' } }));
    const idsM = qm.toApprove.artworks.map((a) => a.id).sort();
    const idsL = ql.toApprove.artworks.map((a) => a.id).sort();
    assert.ok(idsM.length > 0, 'Maria has artworks waiting for her');
    assert.notDeepEqual(idsM, idsL, 'the two queues differ');

    const who = data<{ user: { username: string } }>(await asMaria.callTool({ name: 'get_login_info', arguments: {} }));
    assert.equal(who.user.username, maria.username);

    const target = qm.toApprove.artworks[0]!;
    const approved = data<{ artworks: { myDecision: string | null }[] }>(
      await asMaria.callTool({ name: 'approve_artworks', arguments: { artworkIds: [target.id] } }),
    );
    assert.equal(approved.artworks[0]!.myDecision, 'approved');
    const artwork = data<{
      approvers: { username: string; decision: string }[];
      teamApprovers: { members: { username: string; decision: string }[] }[];
    }>(await asLars.callTool({ name: 'get_artwork', arguments: { artworkId: target.id } }));
    const decisions = [...artwork.approvers, ...artwork.teamApprovers.flatMap((t) => t.members)];
    assert.equal(
      decisions.find((a) => a.username === maria.username)?.decision,
      'approved',
      'the approval is recorded under Maria, as Lars sees it',
    );
    assert.notEqual(decisions.find((a) => a.username === lars.username)?.decision, 'approved');
  });

  it('REST takes our access tokens for /api (and a Cway token), refuses an /mcp token and tells where to sign in', async () => {
    const anna = user('anna.berg@nordiccare.example');
    const apiTokens = await signIn(anna.token, `${server.url}/api`);
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${apiTokens.access_token}` } });
    assert.equal(me.status, 200, await me.clone().text());
    assert.equal(((await me.json()) as { user: { username: string } }).user.username, anna.username);

    const cway = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${anna.token}` } });
    assert.equal(cway.status, 200);

    const mcpToken = await signIn(anna.token, d.resource);
    const wrong = await fetch(`${server.url}/api/me`, {
      headers: { authorization: `Bearer ${mcpToken.access_token}` },
    });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('www-authenticate')!, /resource_metadata=".*\/oauth-protected-resource\/api"/);
    const text = await wrong.text();
    assert.ok(!text.includes(anna.token) && !text.includes(mcpToken.access_token));

    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      components: { securitySchemes: Record<string, { type: string; flows?: unknown }> };
    };
    assert.equal(doc.components.securitySchemes.oauth2?.type, 'oauth2');
  });

  it('a raw Cway token is refused on /mcp; revoking the grant stops an open session', async () => {
    const erik = user('erik.sand@nordiccare.example');
    const raw = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${erik.token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      }),
    });
    assert.equal(raw.status, 401);
    assert.match(raw.headers.get('www-authenticate')!, /resource_metadata=/);

    const tokens = await signIn(erik.token, d.resource);
    const session = await mcpAs(tokens.access_token);
    data(await session.callTool({ name: 'get_login_info', arguments: {} }));
    const revoke = await fetch(d.as.revocation_endpoint as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refresh_token!, client_id: clientId }),
    });
    assert.equal(revoke.status, 200);
    await assert.rejects(session.callTool({ name: 'get_login_info', arguments: {} }));
  });

  it("the MCP SDK client's OAuth provider connects by itself (DCR, PKCE, resource)", async () => {
    const sofia = user('sofia.dahl@studiodahl.example');
    const redirectUrl = 'http://127.0.0.1:39217/callback';
    let info: OAuthClientInformationMixed | undefined;
    let tokens: OAuthTokens | undefined;
    let verifier = '';
    let authUrl: URL | undefined;
    const provider: OAuthClientProvider = {
      get redirectUrl() {
        return redirectUrl;
      },
      get clientMetadata(): OAuthClientMetadata {
        return {
          client_name: 'SDK client',
          redirect_uris: [redirectUrl],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
          scope: 'cway offline_access',
        };
      },
      clientInformation: () => info,
      saveClientInformation: (i) => void (info = i),
      tokens: () => tokens,
      saveTokens: (t) => void (tokens = t),
      redirectToAuthorization: (url) => void (authUrl = url),
      saveCodeVerifier: (v) => void (verifier = v),
      codeVerifier: () => verifier,
    };
    const url = new URL(`${server.url}/mcp`);
    const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
    await assert.rejects(new Client({ name: 'sdk', version: '1' }).connect(first), UnauthorizedError);
    assert.ok(authUrl, 'the SDK was sent to our authorization endpoint');
    assert.equal(authUrl.searchParams.get('resource'), `${server.url}/mcp`);
    assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
    // The person signs in in the browser the SDK would open; here the pages are driven over HTTP.
    const params = Object.fromEntries(authUrl.searchParams);
    const { location } = await authorize(d.as, params, { cwayToken: sofia.token });
    await first.finishAuth(location.searchParams.get('code')!);
    assert.ok(tokens?.access_token && tokens.refresh_token);
    const client = new Client({ name: 'sdk', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
    clients.push(client);
    const who = data<{ user: { username: string } }>(await client.callTool({ name: 'get_login_info', arguments: {} }));
    assert.equal(who.user.username, sofia.username);
  });

  it('no Cway token or access token appears in tool output or in the log file', async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => {});
    await server.close();
    logger.close();
    const logs = readdirSync(join(dir, 'logs'))
      .map((f) => readFileSync(join(dir, 'logs', f), 'utf8'))
      .join('\n');
    assert.match(logs, /oauth sign-in/, 'sign-ins are logged (without secrets)');
    const haystack = outputs.join('\n') + logs;
    for (const u of sandbox.users) assert.ok(!haystack.includes(u.token), `${u.role}'s Cway token leaked`);
    for (const t of accessTokens.filter(Boolean)) assert.ok(!haystack.includes(t), 'an OAuth token leaked');
  });
});
