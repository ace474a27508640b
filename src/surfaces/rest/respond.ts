/**
 * Answers of the REST surface as web Responses. Header names are lower case throughout, so merging
 * never yields two spellings of one header. Every body is complete and carries its length, which
 * Hono's compress middleware reads to leave small answers uncompressed.
 */

import { createHash } from 'node:crypto';

export type HeaderMap = Record<string, string>;

/**
 * A JSON answer; `text` is already serialised. A successful answer carries its strong ETag (SHA-1
 * of the text), hashed here from the string in hand: hono/etag then uses it as it is, instead of
 * cloning the response stream and hashing it through WebCrypto (measured in docs/benchmarks.md).
 */
export function jsonResponse(status: number, text: string, headers: HeaderMap = {}): Response {
  const tag: HeaderMap =
    status >= 200 && status < 300 ? { etag: `"${createHash('sha1').update(text).digest('hex')}"` } : {};
  return new Response(text, {
    status,
    headers: {
      'content-type': 'application/json',
      ...tag,
      ...headers,
      'content-length': String(Buffer.byteLength(text)),
    },
  });
}
