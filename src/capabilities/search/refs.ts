/**
 * Ids and links of the documents ChatGPT's `search` and `fetch` exchange.
 *
 * Ids are prefixed by kind: `project:<uuid>`, `artwork:<uuid>`, `user:<username>`, `mc:<uuid>`
 * (a media-center artwork or file). Links: the Cway API returns none, so they are built from
 * `services.webBaseUrl` with these assumed web-app paths:
 *   project  <base>/projects/<projectId>
 *   artwork  <base>/projects/<projectId>/artworks/<artworkId>
 *   user     <base>/users/<username, URI-encoded>
 *   media    <base>/media-center/artworks/<id> or <base>/media-center/files/<id>
 */
import { CapabilityError } from '../../errors.js';

export const DOC_KINDS = ['project', 'artwork', 'user', 'mc'] as const;
export type DocKind = (typeof DOC_KINDS)[number];
export interface DocRef {
  kind: DocKind;
  /** A UUID, or the username for `user`. */
  key: string;
}

export const DOC_ID_PATTERN = /^(project|artwork|user|mc):.+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const docId = (kind: DocKind, key: string) => `${kind}:${key}`;

/** Reads a prefixed id; a malformed one is invalid_input on `id`. */
export function parseDocId(id: string): DocRef {
  const sep = id.indexOf(':');
  const kind = id.slice(0, sep) as DocKind;
  const key = id.slice(sep + 1).trim();
  if (sep < 0 || !DOC_KINDS.includes(kind) || key === '') {
    throw new CapabilityError('invalid_input', `"${id}" is not a search result id.`, {
      field: 'id',
      hint: 'Pass an id exactly as search returned it, e.g. project:<uuid>, artwork:<uuid>, user:<username> or mc:<uuid>.',
    });
  }
  if (kind !== 'user' && !UUID_RE.test(key)) {
    throw new CapabilityError('invalid_input', `The part after "${kind}:" must be a UUID.`, {
      field: 'id',
      hint: 'Pass an id exactly as search returned it.',
    });
  }
  return { kind, key };
}

export function webLinks(webBaseUrl: string) {
  const base = webBaseUrl.replace(/\/+$/, '');
  return {
    project: (projectId: string) => `${base}/projects/${projectId}`,
    artwork: (projectId: string, artworkId: string) => `${base}/projects/${projectId}/artworks/${artworkId}`,
    user: (username: string) => `${base}/users/${encodeURIComponent(username)}`,
    mediaArtwork: (id: string) => `${base}/media-center/artworks/${id}`,
    mediaFile: (id: string) => `${base}/media-center/files/${id}`,
  };
}
