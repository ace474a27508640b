/**
 * A small OAuth client that behaves as ChatGPT does against our authorization server, over plain
 * HTTP: discovery from a 401, registration (DCR or a client ID metadata document), authorization
 * with PKCE S256 through the sign-in and consent pages (a cookie jar, redirects followed by hand
 * so every hop can be checked), code exchange, refresh and revocation.
 */
import { createHash, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';

export interface Discovery {
  resource: string;
  resourceMetadata: Record<string, unknown>;
  as: Record<string, string | string[] | boolean>;
}

export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
};

/** Follows the 401 on `mcpUrl` to both metadata documents. */
export async function discover(mcpUrl: string): Promise<Discovery> {
  const first = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
  assert.equal(first.status, 401);
  const challenge = first.headers.get('www-authenticate') ?? '';
  const m = /resource_metadata="([^"]+)"/.exec(challenge);
  assert.ok(m, `WWW-Authenticate names the resource metadata: ${challenge}`);
  const prm = (await (await fetch(m[1]!)).json()) as Record<string, unknown>;
  const asUrl = (prm.authorization_servers as string[])[0]!;
  const asMeta = await fetch(new URL('/.well-known/oauth-authorization-server', asUrl));
  assert.equal(asMeta.status, 200);
  return { resource: prm.resource as string, resourceMetadata: prm, as: (await asMeta.json()) as Discovery['as'] };
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

export interface AuthorizeResult {
  /** The final redirect to the client's redirect URI. */
  location: URL;
  /** Every page status seen on the way. */
  pages: number[];
}

/** Extracts a hidden input's value from our page. */
export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  assert.ok(m, `the page has a ${name} field`);
  return m[1]!;
}

/**
 * Drives the authorization request through the pages like a person would: sign in (with a Cway
 * token or a demo user) and allow. Returns the final redirect to the client.
 */
export async function authorize(
  as: Discovery['as'],
  params: Record<string, string>,
  signIn: { cwayToken?: string; demoUser?: string },
  jar = new CookieJar(),
): Promise<AuthorizeResult> {
  const pages: number[] = [];
  let url = new URL(as.authorization_endpoint as string);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  let res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  for (let hops = 0; hops < 12; hops++) {
    jar.store(res);
    if (res.status === 303 || res.status === 302) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.origin !== url.origin) return { location: next, pages };
      url = next;
      res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      continue;
    }
    const html = await res.text();
    pages.push(res.status);
    assert.equal(res.status, 200, `page ${url.pathname} answered ${res.status}: ${html.slice(0, 300)}`);
    const step = hidden(html, 'step');
    const form = new URLSearchParams({ csrf: hidden(html, 'csrf'), step });
    if (step === 'login') {
      if (signIn.demoUser) form.set('demo_user', signIn.demoUser);
      else form.set('cway_token', signIn.cwayToken ?? '');
      if (!signIn.demoUser) form.set('decision', 'sign-in');
    } else {
      form.set('decision', 'allow');
    }
    res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', origin: url.origin },
      body: form,
    });
  }
  throw new Error('too many hops');
}

export async function tokenRequest(as: Discovery['as'], body: Record<string, string>): Promise<Response> {
  return fetch(as.token_endpoint as string, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
}
