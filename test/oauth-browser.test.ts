/**
 * The sign-in and consent pages in a real browser (Debian's Chromium through playwright-core): a
 * person pastes their Cway token, allows the client, and the browser lands on the client's
 * loopback redirect with a code that exchanges for tokens acting as that person. The page's CSP
 * holds (no console CSP violations) and the page refuses to be framed. Skipped where
 * /usr/bin/chromium is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { startAuthGateway, type AuthGateway } from './support/auth-gateway.js';
import { discover, pkcePair, tokenRequest, type Tokens } from './support/oauth-client.js';

const CHROMIUM = '/usr/bin/chromium';

describe('sign-in in headless Chromium', { timeout: 240_000, skip: !existsSync(CHROMIUM) && 'no Chromium' }, () => {
  let gw: AuthGateway;
  let browser: Browser;
  let callback: Server;
  let callbackUrl = '';
  const landed: URL[] = [];

  before(async () => {
    gw = await startAuthGateway();
    callback = createServer((req, res) => {
      // Only the redirect counts (the browser also asks this origin for /favicon.ico).
      const u = new URL(req.url ?? '/', callbackUrl);
      if (u.pathname === '/callback') landed.push(u);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>You can close this window.</p>');
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      timeout: 120_000,
    });
  });

  after(async () => {
    await browser?.close();
    callback?.closeAllConnections();
    callback?.close();
    await gw?.close();
  });

  it('pastes a Cway token, allows, and returns to the client with a working code', async () => {
    const d = await discover(`${gw.url}/mcp`);
    const reg = await fetch(d.as.registration_endpoint as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Browser test client',
        redirect_uris: [callbackUrl],
        token_endpoint_auth_method: 'none',
      }),
    });
    const { client_id } = (await reg.json()) as { client_id: string };
    const { verifier, challenge } = pkcePair();
    const url = new URL(d.as.authorization_endpoint as string);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id,
      redirect_uri: callbackUrl,
      scope: 'cway offline_access',
      state: 'browser-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      resource: d.resource,
    })) {
      url.searchParams.set(k, v);
    }
    const maria = gw.sandbox.users.find((u) => u.role === 'approver')!;
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(url.href);
    await page.getByText('Browser test client').first().waitFor();
    assert.ok(await page.getByText(callbackUrl).first().isVisible(), 'the page shows where it will send you back');
    await page.fill('#cway_token', maria.token);
    await page.click('button[value="sign-in"]');
    await page.getByText(`Signed in to Cway as ${maria.username}`).waitFor();
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callbackUrl)), page.click('button[value="allow"]')]);
    await page.close();
    assert.equal(violations.length, 0, violations.join('\n'));

    const back = landed.at(-1)!;
    assert.equal(back.searchParams.get('state'), 'browser-state');
    assert.equal(back.searchParams.get('iss'), d.as.issuer);
    const res = await tokenRequest(d.as, {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: callbackUrl,
      client_id,
      code_verifier: verifier,
    });
    assert.equal(res.status, 200);
    const tokens = (await res.json()) as Tokens;
    const me = await fetch(`${gw.url}/mcp`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(((await me.json()) as { username: string }).username, maria.username);
  });

  it('refuses to be framed by another site', async () => {
    const framer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<iframe id="f" src="${gw.url}/oauth/interaction/anything"></iframe>`);
    });
    await new Promise<void>((r) => framer.listen(0, '127.0.0.1', r));
    try {
      const page = await browser.newPage();
      const blocked = new Promise<boolean>((resolve) => {
        page.on('console', (m) => {
          if (/frame-ancestors|X-Frame-Options|refused to (display|frame)/i.test(m.text())) resolve(true);
        });
        setTimeout(() => resolve(false), 10_000);
      });
      await page.goto(`http://localhost:${(framer.address() as AddressInfo).port}/`);
      assert.equal(await blocked, true, 'Chromium reports the frame as refused');
      await page.close();
    } finally {
      framer.closeAllConnections();
      framer.close();
    }
  });
});
