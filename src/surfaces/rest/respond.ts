/**
 * Answers of the REST surface as web Responses. Header names are lower case throughout, so merging
 * never yields two spellings of one header. Every body is complete and carries its length, which
 * Hono's compress middleware reads to leave small answers uncompressed.
 */

export type HeaderMap = Record<string, string>;

/** A JSON answer; `text` is already serialised. */
export function jsonResponse(status: number, text: string, headers: HeaderMap = {}): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json', ...headers, 'content-length': String(Buffer.byteLength(text)) },
  });
}
