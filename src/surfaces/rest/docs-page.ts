/**
 * The docs page: Swagger UI at /docs, from the swagger-ui-dist package on disk (no CDN), reading
 * /openapi.json. "Authorize" takes a Cway token as the Bearer; persistAuthorization keeps it in
 * the browser's local storage across reloads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BodyCache, Reply } from './http.js';

/** The only files served from swagger-ui-dist, with their content types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
};

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    displayOperationId: true,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0,
    docExpansion: 'list',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Cway REST API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

let assetDir: string | undefined;
/** Each served asset's bytes, read on first use, with its ETag and gzip form once computed. */
const assets = new Map<string, { body: Buffer; cache: BodyCache }>();

function asset(name: string): { body: Buffer; cache: BodyCache } {
  let entry = assets.get(name);
  if (!entry) {
    assetDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    entry = { body: readFileSync(join(assetDir, name)), cache: {} };
    assets.set(name, entry);
  }
  return entry;
}

/**
 * The docs routes: /docs, /docs/ (a redirect), /docs/init.js and the allowed swagger-ui-dist assets
 * under /docs/. Returns the GET answer for a path, or null when the path is none of these.
 */
export function docsRoutes(publicUrl: string): (pathname: string) => Reply | null {
  let apiOrigin = '';
  try {
    apiOrigin = new URL(publicUrl).origin;
  } catch {
    // no public URL: the page calls its own origin
  }
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  const page: Reply = {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    },
    body: Buffer.from(PAGE),
    cache: {},
  };
  const init: Reply = {
    status: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
    body: Buffer.from(INIT_JS),
    cache: {},
  };
  return (pathname) => {
    if (pathname === '/docs') return page;
    if (pathname === '/docs/') return { status: 301, headers: { location: '/docs' } };
    if (pathname === '/docs/init.js') return init;
    if (!pathname.startsWith('/docs/')) return null;
    const file = pathname.slice('/docs/'.length);
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return null;
    const { body, cache } = asset(file);
    return { status: 200, headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' }, body, cache };
  };
}
