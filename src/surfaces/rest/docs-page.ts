/**
 * The docs page: Swagger UI at /docs, from the swagger-ui-dist package on disk (no CDN), reading
 * /openapi.json. "Authorize" takes a Cway token as the Bearer; persistAuthorization keeps it in
 * the browser's local storage across reloads.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
/** A body served many times unchanged, with its strong ETag computed once. */
export interface StaticBody {
  body: Buffer;
  etag: string;
}
/** Each served asset's bytes, read on first use (four files at most). */
const assets = new Map<string, StaticBody>();

/** `body` with its ETag, for hono/etag to use as it stands rather than hash the body again. */
export function staticBody(body: Buffer): StaticBody {
  return { body, etag: `"${createHash('sha1').update(body).digest('hex')}"` };
}

/** A 200 answer of a static body, with its length and ETag. */
export function staticResponse({ body, etag }: StaticBody, headers: Record<string, string>): Response {
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: { ...headers, etag, 'content-length': String(body.length) },
  });
}

function asset(name: string): StaticBody {
  let entry = assets.get(name);
  if (!entry) {
    assetDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    entry = staticBody(readFileSync(join(assetDir, name)));
    assets.set(name, entry);
  }
  return entry;
}

/**
 * The docs routes: /docs, /docs/ (a redirect), /docs/init.js and the allowed swagger-ui-dist assets
 * under /docs/. Returns the GET answer for a path, or null when the path is none of these.
 */
export function docsRoutes(publicUrl: string): (pathname: string) => Response | null {
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
  const page = staticBody(Buffer.from(PAGE));
  const pageHeaders = {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
  const init = staticBody(Buffer.from(INIT_JS));
  return (pathname) => {
    if (pathname === '/docs') return staticResponse(page, pageHeaders);
    if (pathname === '/docs/') return new Response(null, { status: 301, headers: { location: '/docs' } });
    if (pathname === '/docs/init.js') {
      return staticResponse(init, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    }
    if (!pathname.startsWith('/docs/')) return null;
    const file = pathname.slice('/docs/'.length);
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return null;
    return staticResponse(asset(file), { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  };
}
