/**
 * The /docs page in a real browser: Debian's Chromium, driven by playwright-core, opens Swagger UI,
 * sees every operation, authorizes with a seeded user's Cway token and runs list_projects.
 * Playwright gives the browser a fresh temporary profile. Skipped (not failed) where
 * /usr/bin/chromium is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Authenticator } from '../src/auth/authenticate.js';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { chromium, type Browser } from 'playwright-core';
import { startHarness, silentLog, type Harness } from './support/harness.js';
import { capabilities } from '../src/capabilities/index.js';
import { buildRestApp } from '../src/surfaces/rest/app.js';
import { restOperations } from '../src/surfaces/rest/routes.js';

const CHROMIUM = '/usr/bin/chromium';

describe('/docs in headless Chromium', { timeout: 240_000 }, () => {
  let h: Harness | undefined;
  let server: Server | undefined;
  let url = '';
  let browser: Browser | undefined;

  before(async () => {
    if (!existsSync(CHROMIUM)) return;
    h = await startHarness();
    const late: { app?: Hono } = {};
    server = createAdaptorServer({ fetch: (request, env) => late.app!.fetch(request, env) }) as Server;
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    late.app = buildRestApp({
      capabilities,
      client: h.client,
      services: h.services,
      log: silentLog,
      corsOrigins: [],
      publicUrl: url,
      auth: new Authenticator({ client: h.client, defaultToken: null }),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 120_000,
    });
  });

  after(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
    await h?.close();
  });

  it('shows every operation, authorizes with a token and runs list_projects', async (t) => {
    if (!browser || !h) return t.skip(`${CHROMIUM} is not installed (apt-get install -y chromium)`);
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${url}/docs`);
    await page.locator('.opblock').first().waitFor();

    const shown = await page.locator('.opblock .opblock-summary-operation-id').allTextContents();
    const expected = restOperations(capabilities).map((op) => op.capability.name);
    assert.deepEqual([...shown].map((s) => s.trim()).sort(), [...expected].sort());

    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input[type=text], .modal-ux input[type=password]').first().fill(h.sandbox.adminToken);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.close-modal').click();

    const op = page.locator('#operations-projects-list_projects');
    await op.locator('.opblock-summary').click();
    await op.locator('button.try-out__btn').click();
    await op.locator('button.execute').click();
    const status = op.locator('.responses-table.live-responses-table .response .response-col_status').first();
    await status.waitFor();
    assert.equal((await status.textContent())?.trim(), '200');
    const body = await op
      .locator('.responses-table.live-responses-table .response-col_description pre')
      .first()
      .textContent();
    assert.match(body ?? '', /"projects"/);
    assert.deepEqual(
      errors.filter((e) => !/favicon/i.test(e)),
      [],
      'no page errors or console errors (CSP violations would show here)',
    );
    await page.close();
  });
});
