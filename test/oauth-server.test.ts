/**
 * The authorization server over HTTP, as ChatGPT drives it: discovery from a 401, DCR and CIMD
 * registration, PKCE through the sign-in and consent pages, code exchange, refresh rotation and
 * revocation; then every refusal the issue lists, with no token or secret in any answer or log.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAuthGateway, type AuthGateway } from './support/auth-gateway.js';
import {
  authorize,
  CookieJar,
  discover,
  hidden,
  pkcePair,
  tokenRequest,
  type Discovery,
  type Tokens,
} from './support/oauth-client.js';
import type { Logger } from '../src/capabilities/define.js';
import { AuthShield } from '../src/limits/auth-shield.js';
import { TokenChecker } from '../src/auth/token-check.js';
import { CwayClient } from '../src/cway/client.js';

const CHATGPT_REDIRECT = 'https://chatgpt.com/connector/oauth/cb-123';
const CIMD_URL = 'https://client.example.test/oauth/chatgpt.json';

/** Every log line, to check that no secret is ever logged. */
const logged: string[] = [];
const captureLog: Logger = {
  debug: (o, m) => void logged.push(JSON.stringify([o, m])),
  info: (o, m) => void logged.push(JSON.stringify([o, m])),
  warn: (o, m) => void logged.push(JSON.stringify([o, m])),
  error: (o, m) => void logged.push(JSON.stringify([o, m])),
};
/** Every answer body seen by the client helpers in this file. */
const answers: string[] = [];

let gw: AuthGateway;
let d: Discovery;
let cimdServer: ReturnType<typeof createServer>;
let cimdFetches = 0;

/** A dynamic client registration request, as ChatGPT sends it, to `at`'s server. */
function postRegistration(redirectUris: string[], name: string, at: Discovery): Promise<Response> {
  return fetch(at.as.registration_endpoint as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: redirectUris,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
}

async function register(redirectUris: string[], name = 'ChatGPT', at = d): Promise<string> {
  const res = await postRegistration(redirectUris, name, at);
  assert.equal(res.status, 201);
  return ((await res.json()) as { client_id: string }).client_id;
}

/** Starts an authorization for `clientId` at `at` and returns the sign-in page's URL (cookies in `jar`). */
async function openSignInPage(at: Discovery, clientId: string, jar: CookieJar, extra: Record<string, string> = {}) {
  const url = new URL(at.as.authorization_endpoint as string);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CHATGPT_REDIRECT,
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    ...extra,
  })) {
    url.searchParams.set(k, v);
  }
  const res = await fetch(url, { redirect: 'manual' });
  jar.store(res);
  return new URL(res.headers.get('location')!, url);
}

async function signInAndExchange(
  clientId: string,
  redirectUri: string,
  signIn: { cwayToken?: string; demoUser?: string },
  resource = d.resource,
): Promise<{ tokens: Tokens; code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const { location } = await authorize(
    d.as,
    {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'cway offline_access',
      state: 'state-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      resource,
    },
    signIn,
  );
  assert.equal(`${location.origin}${location.pathname}`, redirectUri);
  assert.equal(location.searchParams.get('state'), 'state-1');
  assert.equal(location.searchParams.get('iss'), d.as.issuer, 'RFC 9207 iss in the response');
  const code = location.searchParams.get('code')!;
  const res = await tokenRequest(d.as, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: clientId,
    code_verifier: verifier,
    resource,
  });
  const text = await res.text();
  answers.push(text);
  assert.equal(res.status, 200, text);
  return { tokens: JSON.parse(text) as Tokens, code, verifier };
}

const callMcp = async (token: string) => {
  const res = await fetch(`${gw.url}/mcp`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  answers.push(text, res.headers.get('www-authenticate') ?? '');
  return { status: res.status, text, challenge: res.headers.get('www-authenticate') ?? '' };
};

before(async () => {
  // The client ID metadata document is served by a stand-in for the client's own web server; the
  // authorization server fetches it through its `fetch` option (the document URL is https).
  cimdServer = createServer((req, res) => {
    cimdFetches++;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' });
    res.end(
      JSON.stringify({
        client_id: CIMD_URL,
        client_name: 'ChatGPT (metadata document)',
        redirect_uris: [CHATGPT_REDIRECT, 'https://chatgpt.com/connector_platform_oauth_redirect'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    );
  });
  await new Promise<void>((r) => cimdServer.listen(0, '127.0.0.1', r));
  const cimdPort = (cimdServer.address() as AddressInfo).port;
  gw = await startAuthGateway({
    log: captureLog,
    fetch: async (url, init) => {
      const u = new URL(String(url));
      assert.equal(u.origin, 'https://client.example.test', 'only the metadata document is fetched');
      const { dispatcher: _ignored, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return fetch(`http://127.0.0.1:${cimdPort}${u.pathname}`, rest);
    },
  });
  d = await discover(`${gw.url}/mcp`);
});

after(async () => {
  await gw?.close();
  cimdServer?.close();
});

describe('OAuth discovery and metadata', () => {
  it('publishes RFC 9728 and RFC 8414 metadata with what ChatGPT needs', () => {
    assert.equal(d.resource, `${gw.url}/mcp`, 'the resource is echoed');
    assert.deepEqual(d.resourceMetadata.authorization_servers, [gw.url]);
    assert.equal(d.as.issuer, gw.url);
    assert.deepEqual(d.as.code_challenge_methods_supported, ['S256']);
    assert.equal(d.as.authorization_response_iss_parameter_supported, true);
    assert.equal(d.as.client_id_metadata_document_supported, true);
    assert.ok(d.as.registration_endpoint && d.as.revocation_endpoint);
    assert.ok((d.as.token_endpoint_auth_methods_supported as string[]).includes('none'));
    assert.ok((d.as.scopes_supported as string[]).includes('offline_access'));
    assert.deepEqual(d.as.response_types_supported, ['code']);
  });

  it('serves metadata for every resource at its path-aware URL and nothing for unknown ones', async () => {
    for (const path of ['/mcp', '/sse', '/api']) {
      const res = await fetch(`${gw.url}/.well-known/oauth-protected-resource${path}`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { resource: string }).resource, `${gw.url}${path}`);
    }
    assert.equal((await fetch(`${gw.url}/.well-known/oauth-protected-resource/elsewhere`)).status, 404);
  });
});

describe('the ChatGPT flow', () => {
  it('DCR client: authorize with PKCE through the pages, exchange, call, refresh with rotation, revoke', async () => {
    const user = gw.sandbox.users.find((u) => u.role === 'approver')!;
    const clientId = await register([CHATGPT_REDIRECT]);
    const { tokens } = await signInAndExchange(clientId, CHATGPT_REDIRECT, { cwayToken: user.token });
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.refresh_token, 'offline access: a refresh token');
    const call = await callMcp(tokens.access_token);
    assert.equal(call.status, 200);
    assert.equal(JSON.parse(call.text).username, user.username, 'the call acts as the person who signed in');

    const refreshed = await tokenRequest(d.as, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: clientId,
    });
    assert.equal(refreshed.status, 200);
    const next = (await refreshed.json()) as Tokens;
    assert.ok(next.refresh_token && next.refresh_token !== tokens.refresh_token, 'the refresh token rotates');
    assert.equal((await callMcp(next.access_token)).status, 200);

    const revoke = await fetch(d.as.revocation_endpoint as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: next.refresh_token!, token_type_hint: 'refresh_token', client_id: clientId }),
    });
    assert.equal(revoke.status, 200);
    const afterRevoke = await callMcp(next.access_token);
    assert.equal(afterRevoke.status, 401, 'revoking the grant ends its access tokens');
    assert.match(afterRevoke.challenge, /error="invalid_token"/);
    const again = await tokenRequest(d.as, {
      grant_type: 'refresh_token',
      refresh_token: next.refresh_token!,
      client_id: clientId,
    });
    assert.equal(again.status, 400);
    assert.equal(await gw.auth.vault.open(`cway:${user.id}`), undefined, 'no grant left: the vault forgot the token');
  });

  it('CIMD client: the metadata document is the registration; the older ChatGPT redirect works too', async () => {
    const admin = gw.sandbox.users.find((u) => u.role === 'admin')!;
    const { tokens } = await signInAndExchange(CIMD_URL, 'https://chatgpt.com/connector_platform_oauth_redirect', {
      demoUser: admin.username,
    });
    assert.ok(cimdFetches >= 1, 'the document was fetched');
    const call = await callMcp(tokens.access_token);
    assert.equal(call.status, 200);
    assert.equal(JSON.parse(call.text).clientId, CIMD_URL);
  });

  it('loopback redirect URIs (desktop clients) work', async () => {
    const clientId = await register(['http://127.0.0.1:33418/callback'], 'Desktop client');
    const user = gw.sandbox.users.find((u) => u.role === 'orderer')!;
    const { tokens } = await signInAndExchange(clientId, 'http://127.0.0.1:33418/callback', { cwayToken: user.token });
    assert.equal((await callMcp(tokens.access_token)).status, 200);
  });
});

describe('refusals', () => {
  let clientId: string;
  let tokens: Tokens;
  let code: string;
  let verifier: string;
  const user = () => gw.sandbox.users.find((u) => u.role === 'project_manager')!;

  before(async () => {
    clientId = await register([CHATGPT_REDIRECT]);
    ({ tokens, code, verifier } = await signInAndExchange(clientId, CHATGPT_REDIRECT, { cwayToken: user().token }));
  });

  it('no token: 401 with resource_metadata; tampered token: 401; raw Cway token: 401', async () => {
    const none = await fetch(`${gw.url}/mcp`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate')!, /resource_metadata="[^"]+\/oauth-protected-resource\/mcp"/);
    const t = tokens.access_token;
    const tampered = t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
    assert.equal((await callMcp(tampered)).status, 401);
    assert.equal((await callMcp(user().token)).status, 401, 'a raw Cway token is not an access token here');
  });

  it('wrong audience: a token for /api is refused on /mcp; an unknown resource gets no token', async () => {
    const other = await signInAndExchange(clientId, CHATGPT_REDIRECT, { cwayToken: user().token }, `${gw.url}/api`);
    const call = await callMcp(other.tokens.access_token);
    assert.equal(call.status, 401);
    assert.match(call.text + call.challenge, /another resource/);
    const { challenge } = pkcePair();
    const url = new URL(d.as.authorization_endpoint as string);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CHATGPT_REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      resource: 'https://elsewhere.example/mcp',
    })) {
      url.searchParams.set(k, v);
    }
    const res = await fetch(url, { redirect: 'manual' });
    const loc = new URL(res.headers.get('location')!);
    assert.equal(loc.searchParams.get('error'), 'invalid_target');
  });

  it('a replayed authorization code is refused and the tokens it gave are revoked', async () => {
    const replay = await tokenRequest(d.as, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CHATGPT_REDIRECT,
      client_id: clientId,
      code_verifier: verifier,
    });
    assert.equal(replay.status, 400);
    assert.equal(((await replay.json()) as { error: string }).error, 'invalid_grant');
    assert.equal((await callMcp(tokens.access_token)).status, 401);
  });

  it('a wrong PKCE verifier and a missing PKCE challenge are refused', async () => {
    const { challenge } = pkcePair();
    const { location } = await authorize(
      d.as,
      {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: CHATGPT_REDIRECT,
        scope: 'cway',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: d.resource,
      },
      { cwayToken: user().token },
    );
    const res = await tokenRequest(d.as, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code')!,
      redirect_uri: CHATGPT_REDIRECT,
      client_id: clientId,
      code_verifier: pkcePair().verifier,
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_grant');

    const url = new URL(d.as.authorization_endpoint as string);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('redirect_uri', CHATGPT_REDIRECT);
    const noPkce = await fetch(url, { redirect: 'manual' });
    assert.equal(new URL(noPkce.headers.get('location')!).searchParams.get('error'), 'invalid_request');
  });

  it("another client's refresh token is refused", async () => {
    const fresh = await signInAndExchange(clientId, CHATGPT_REDIRECT, { cwayToken: user().token });
    const otherClient = await register([CHATGPT_REDIRECT], 'Someone else');
    const res = await tokenRequest(d.as, {
      grant_type: 'refresh_token',
      refresh_token: fresh.tokens.refresh_token!,
      client_id: otherClient,
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_grant');
  });

  it('unregistered and open-redirect URIs are refused on our page, never redirected to', async () => {
    for (const redirect of [
      'https://evil.example/cb',
      'https://chatgpt.com/connector/oauth/other',
      `${CHATGPT_REDIRECT}/../../evil`,
      'https://chatgpt.com.evil.example/connector/oauth/cb-123',
    ]) {
      const url = new URL(d.as.authorization_endpoint as string);
      for (const [k, v] of Object.entries({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirect,
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        state: 'x',
      })) {
        url.searchParams.set(k, v);
      }
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, 400, redirect);
      assert.equal(res.headers.get('location'), null, `no redirect to ${redirect}`);
      const html = await res.text();
      assert.match(html, /redirect_uri/);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    }
  });

  it('CSRF on the consent form: a wrong token or a foreign origin is refused with 403', async () => {
    const jar = new CookieJar();
    const { challenge } = pkcePair();
    const url = new URL(d.as.authorization_endpoint as string);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CHATGPT_REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      prompt: 'login consent',
    })) {
      url.searchParams.set(k, v);
    }
    let res = await fetch(url, { redirect: 'manual' });
    jar.store(res);
    const page = new URL(res.headers.get('location')!, url);
    res = await fetch(page, { headers: { cookie: jar.header() } });
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.match(res.headers.get('content-security-policy')!, /form-action 'self' https:\/\/chatgpt\.com/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    const post = (form: Record<string, string>, origin = gw.url) =>
      fetch(page, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams(form),
      });
    const good = { csrf: hidden(html, 'csrf'), step: 'login', cway_token: user().token, decision: 'sign-in' };
    assert.equal((await post({ ...good, csrf: 'forged' })).status, 403);
    assert.equal((await post(good, 'https://evil.example')).status, 403);
    // Without the interaction cookie (a cross-site form post), there is no interaction to act on.
    const noCookie = await fetch(page, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: gw.url },
      body: new URLSearchParams(good),
    });
    assert.equal(noCookie.status, 400);
    // The real form still works after the refusals, and leads to consent, whose form is guarded too.
    res = await post(good);
    assert.equal(res.status, 303);
    jar.store(res);
    let next = new URL(res.headers.get('location')!, page);
    for (let i = 0; i < 3 && !next.pathname.includes('/interaction/'); i++) {
      res = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.store(res);
      next = new URL(res.headers.get('location')!, next);
    }
    const consent = await fetch(next, { headers: { cookie: jar.header() } });
    const consentHtml = await consent.text();
    assert.equal(hidden(consentHtml, 'step'), 'consent');
    const forged = await fetch(next, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', origin: gw.url },
      body: new URLSearchParams({ csrf: hidden(html, 'csrf'), step: 'consent', decision: 'allow' }),
    });
    assert.equal(forged.status, 403, "the sign-in step's CSRF token does not fit the consent step");
  });

  it('a bad Cway token is refused on the sign-in page without echoing it', async () => {
    const jar = new CookieJar();
    const page = await openSignInPage(d, clientId, jar, { prompt: 'login' });
    let res = await fetch(page, { headers: { cookie: jar.header() } });
    const html = await res.text();
    const bogus = 'sbx-admin-0000000000000000-not-a-real-token';
    res = await fetch(page, {
      method: 'POST',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', origin: gw.url },
      body: new URLSearchParams({ csrf: hidden(html, 'csrf'), step: 'login', cway_token: bogus, decision: 'sign-in' }),
    });
    const body = await res.text();
    assert.equal(res.status, 401);
    assert.match(body, /Cway did not accept this token/);
    assert.ok(!body.includes(bogus), 'the token is not echoed');
  });
});

describe('bounds on what anonymous requests can store', () => {
  it('client registrations and started authorizations are limited per address, with 429 and Retry-After', async () => {
    const small = await startAuthGateway({
      sandbox: gw.sandbox,
      rowLimits: { registrationsPerAddress: 3, authorizationsPerAddress: 2 },
    });
    try {
      const dd = await discover(`${small.url}/mcp`);
      const registerOnce = () => postRegistration([CHATGPT_REDIRECT], 'x', dd);
      const statuses: number[] = [];
      let refused: Response | undefined;
      for (let i = 0; i < 5; i++) {
        const res = await registerOnce();
        statuses.push(res.status);
        if (res.status === 429) refused = res;
        else await res.arrayBuffer();
      }
      assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
      assert.ok(Number(refused!.headers.get('retry-after')) > 0);
      assert.match(((await refused!.json()) as { error_description: string }).error_description, /registrations/);

      const start = () => {
        const url = new URL(dd.as.authorization_endpoint as string);
        url.searchParams.set('client_id', 'whatever');
        return fetch(url, { redirect: 'manual' });
      };
      const starts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await start();
        starts.push(res.status);
        await res.arrayBuffer();
      }
      assert.notEqual(starts[0], 429);
      assert.equal(starts[2], 429, `statuses ${starts.join(', ')}`);
    } finally {
      await small.close();
    }
  });

  it('the sign-in page refuses an address that keeps sending refused Cway tokens (the auth shield)', async () => {
    const checker = new TokenChecker({ client: new CwayClient({ url: gw.sandbox.url, timeoutMs: 10_000 }) });
    const shield = new AuthShield({ failuresPerAddress: 2, windowSeconds: 60 });
    const shielded = await startAuthGateway({
      sandbox: gw.sandbox,
      checkCwayToken: (t, address) => shield.check(t, address, (x) => checker.authenticate(x)),
    });
    try {
      const dd = await discover(`${shielded.url}/mcp`);
      const client = await register([CHATGPT_REDIRECT], 'x', dd);
      const jar = new CookieJar();
      const page = await openSignInPage(dd, client, jar);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const html = await (await fetch(page, { headers: { cookie: jar.header() } })).text();
        const post = await fetch(page, {
          method: 'POST',
          headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', origin: shielded.url },
          body: new URLSearchParams({
            csrf: hidden(html, 'csrf'),
            step: 'login',
            cway_token: `sbx-wrong-token-${i}`,
            decision: 'sign-in',
          }),
        });
        statuses.push(post.status);
        const body = await post.text();
        if (post.status === 429) assert.match(body, /Too many refused tokens/);
      }
      assert.deepEqual(statuses.slice(0, 2), [401, 401]);
      assert.ok(
        statuses.slice(2).every((s) => s === 429),
        `statuses ${statuses.join(', ')}`,
      );
    } finally {
      await shielded.close();
    }
  });
});

describe('expiry', () => {
  it('an expired access token is refused', async () => {
    const short = await startAuthGateway({ sandbox: gw.sandbox, accessTokenTtl: 1 });
    try {
      const dd = await discover(`${short.url}/mcp`);
      const reg = await fetch(dd.as.registration_endpoint as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: [CHATGPT_REDIRECT], token_endpoint_auth_method: 'none' }),
      });
      const { client_id } = (await reg.json()) as { client_id: string };
      const { verifier, challenge } = pkcePair();
      const { location } = await authorize(
        dd.as,
        {
          response_type: 'code',
          client_id,
          redirect_uri: CHATGPT_REDIRECT,
          code_challenge: challenge,
          code_challenge_method: 'S256',
          resource: dd.resource,
        },
        { demoUser: gw.sandbox.users[0]!.username },
      );
      const res = await tokenRequest(dd.as, {
        grant_type: 'authorization_code',
        code: location.searchParams.get('code')!,
        redirect_uri: CHATGPT_REDIRECT,
        client_id,
        code_verifier: verifier,
      });
      const { access_token } = (await res.json()) as Tokens;
      await new Promise((r) => setTimeout(r, 2100));
      const call = await fetch(`${short.url}/mcp`, { headers: { authorization: `Bearer ${access_token}` } });
      assert.equal(call.status, 401);
      assert.match(call.headers.get('www-authenticate')!, /expired/);
    } finally {
      await short.close();
    }
  });
});

describe('secrets', () => {
  it('no Cway token appears in any answer or log line', () => {
    const haystack = answers.join('\n') + logged.join('\n');
    for (const u of gw.sandbox.users) assert.ok(!haystack.includes(u.token), `${u.role}'s token leaked`);
    assert.ok(
      logged.some((l) => l.includes('oauth sign-in')),
      'sign-ins were logged (without tokens)',
    );
  });

  it('the data directory holds no Cway token in clear, byte by byte', async () => {
    const admin = gw.sandbox.users.find((u) => u.role === 'admin')!;
    assert.ok(await gw.auth.vault.open(`cway:${admin.id}`), 'a token is stored (sealed) for the admin');
    const files = readdirSync(gw.dataDir).map((f) => join(gw.dataDir, f));
    assert.ok(files.some((f) => f.endsWith('gateway.db')));
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const u of gw.sandbox.users) {
        for (const form of [
          Buffer.from(u.token, 'utf8'),
          Buffer.from(u.token, 'utf16le'),
          Buffer.from(Buffer.from(u.token).toString('base64')),
          Buffer.from(Buffer.from(u.token).toString('hex')),
        ]) {
          assert.equal(bytes.indexOf(form), -1, `${f} holds ${u.role}'s token in some clear form`);
        }
      }
      if (/vault\.key|oauth-keys\.json|gateway\.db/.test(f)) assert.equal(statSync(f).mode & 0o077, 0, `${f} is 0600`);
    }
  });
});
