/**
 * How the REST surface answers over node:http. Every route produces a `Reply` (status, headers,
 * a complete body); `send` then adds what every answer carries (nosniff, CORS, Vary), the ETag and
 * the 304 for a matching If-None-Match, gzip for large compressible bodies, and an explicit
 * content-length, and writes the whole answer with one `res.end`: the headers and the body leave
 * in a single socket write.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** Header names are lower case throughout, so merging never yields two spellings of one header. */
export type HeaderMap = Record<string, string>;

/** What a body served many times unchanged (the OpenAPI document, docs assets) keeps between calls. */
export interface BodyCache {
  etag?: string;
  gzip?: Buffer;
}

export interface Reply {
  status: number;
  headers: HeaderMap;
  body?: Buffer | string;
  /** Set for bodies that never change: their ETag and gzip form are computed once. */
  cache?: BodyCache;
}

/** Bodies smaller than this go out uncompressed. */
export const GZIP_MIN_BYTES = 1024;

const COMPRESSIBLE = /^\s*(text\/|application\/(json|javascript)\b|[^;\s]+\+json\b)/i;
/** Headers a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5). */
const KEPT_ON_304 = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary'];

/** A JSON reply; `text` is already serialised. */
export function jsonReply(status: number, text: string, headers: HeaderMap = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: text };
}

/** True when Accept-Encoding takes gzip (by name or by `*`) with a non-zero quality. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name!.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)).find(Boolean);
    const accepted = !q || Number(q[1]) > 0;
    if (coding === 'gzip') return accepted;
    wildcard = accepted;
  }
  return wildcard;
}

/** True when one of the If-None-Match entity tags names `etag` (weak comparison; `*` matches all). */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.match(/"[^"]*"/g)?.includes(bare) ?? false;
}

function appendVary(headers: HeaderMap, name: string): void {
  const current = headers.vary;
  if (!current) headers.vary = name;
  else if (
    current !== '*' &&
    !current
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes(name.toLowerCase())
  ) {
    headers.vary = `${current}, ${name}`;
  }
}

/**
 * Writes `reply` as the answer to `req`, with `common` headers (CORS) added. HEAD gets the headers
 * of the GET answer and no body. One `writeHead` and one `end(body)`: Node corks the socket inside
 * `end`, so the header block and the body go out in one write.
 */
export function send(req: IncomingMessage, res: ServerResponse, reply: Reply, common: HeaderMap = {}): void {
  if (res.headersSent || res.destroyed) {
    if (!res.writableEnded) res.end();
    return;
  }
  const headers: HeaderMap = { ...reply.headers, ...common, 'x-content-type-options': 'nosniff' };
  appendVary(headers, 'Origin');
  const status = reply.status;
  const head = req.method === 'HEAD';
  let body =
    reply.body === undefined ? undefined : typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;

  if (status === 204 || status === 304 || !body) {
    if (status !== 204 && status !== 304) headers['content-length'] = '0';
    res.writeHead(status, headers);
    res.end();
    return;
  }

  const compressible =
    body.length >= GZIP_MIN_BYTES &&
    COMPRESSIBLE.test(headers['content-type'] ?? '') &&
    !headers['content-encoding'] &&
    !/(^|,)\s*no-transform\s*(,|$)/i.test(headers['cache-control'] ?? '');
  if (compressible) appendVary(headers, 'Accept-Encoding');
  const gzip = compressible && !head && acceptsGzip(req.headers['accept-encoding']);

  if ((req.method === 'GET' || head) && status >= 200 && status < 300) {
    let tag = reply.cache?.etag;
    if (!tag) {
      tag = `"${createHash('sha1').update(body).digest('hex')}"`;
      if (reply.cache) reply.cache.etag = tag;
    }
    // The gzip form is another representation of the same content: the tag turns weak.
    headers.etag = gzip ? `W/${tag}` : tag;
    if (matchesEtag(req.headers['if-none-match'], tag)) {
      const kept: HeaderMap = {};
      for (const name of KEPT_ON_304) if (headers[name] !== undefined) kept[name] = headers[name];
      for (const [name, value] of Object.entries(common)) kept[name] = value;
      kept['x-content-type-options'] = 'nosniff';
      res.writeHead(304, kept);
      res.end();
      return;
    }
  }

  if (gzip) {
    let packed = reply.cache?.gzip;
    if (!packed) {
      packed = gzipSync(body);
      if (reply.cache) reply.cache.gzip = packed;
    }
    body = packed;
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  if (head) res.end();
  else res.end(body);
}
