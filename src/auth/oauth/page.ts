/**
 * The sign-in and consent page: plain HTML with no script, served with a strict CSP (a nonce for
 * its one style block, forms posting only to us and to the client's redirect origin), no framing
 * and no caching. Every dynamic value is HTML-escaped.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}.box{border:1px solid #d0d7de;border-radius:8px;padding:1rem;margin:1rem 0}
code{background:#f6f8fa;padding:.1rem .3rem;border-radius:4px;word-break:break-all}
label{display:block;font-weight:600;margin-bottom:.3rem}input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.5rem 1rem;margin:.5rem .5rem 0 0;border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f6feb}.error{color:#b42318;font-weight:600}.muted{color:#57606a;font-size:.9rem}
ul{padding-left:1.2rem}`;

/** Origins (or `scheme:` for custom schemes) a form on this page may lead to, besides ourselves. */
export function formTargetOf(redirectUri: string | undefined): string | undefined {
  if (!redirectUri) return undefined;
  const u = URL.parse(redirectUri);
  if (!u) return undefined;
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  return /^[a-z][a-z0-9+.-]*:$/i.test(u.protocol) ? u.protocol : undefined;
}

export function sendPage(
  res: ServerResponse,
  status: number,
  title: string,
  body: string,
  opts: { formTarget?: string } = {},
): void {
  const nonce = randomBytes(16).toString('base64');
  const formAction = ["'self'", opts.formTarget].filter(Boolean).join(' ');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own form
    // posts, and the CSRF check needs the real origin. Other sites still get no referrer.
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    pragma: 'no-cache',
  });
  res.end(html);
}

export interface ClientView {
  name: string;
  clientId: string;
  redirectUri: string;
  /** Where the client's identity comes from: a metadata document URL, or dynamic registration. */
  kind: 'metadata document' | 'registered';
}

function clientBox(c: ClientView): string {
  return `<div class="box"><p><strong>${escapeHtml(c.name)}</strong> asks to act in Cway as you.</p>
<p class="muted">Client: <code>${escapeHtml(c.clientId)}</code> (${c.kind})<br>
After you answer you go back to: <code>${escapeHtml(c.redirectUri)}</code></p></div>`;
}

export function signInPage(o: {
  action: string;
  csrf: string;
  client: ClientView;
  demoUsers: { username: string; name: string; role: string }[];
  error?: string;
}): string {
  const demo = o.demoUsers.length
    ? `<div class="box"><p><strong>Demo mode.</strong> These seeded sandbox users are public; pick one to act as.</p>
${o.demoUsers
  .map(
    (u) =>
      `<button class="secondary" type="submit" name="demo_user" value="${escapeHtml(u.username)}">${escapeHtml(u.name)} (${escapeHtml(u.role)})</button>`,
  )
  .join('\n')}</div>`
    : '';
  return `<h1>Sign in to Cway</h1>${clientBox(o.client)}
${o.error ? `<p class="error" role="alert">${escapeHtml(o.error)}</p>` : ''}
<form method="post" action="${escapeHtml(o.action)}" autocomplete="off">
<input type="hidden" name="csrf" value="${escapeHtml(o.csrf)}"><input type="hidden" name="step" value="login">
<label for="cway_token">Your Cway API token</label>
<input id="cway_token" name="cway_token" type="password" autocomplete="off" spellcheck="false">
<p class="muted">Create one in Cway under your profile. It is checked with Cway, stored encrypted, and used only for your own requests. You paste it once.</p>
<button type="submit" name="decision" value="sign-in">Sign in</button>
<button class="secondary" type="submit" name="decision" value="deny">Cancel</button>
${demo}
</form>`;
}

export function consentPage(o: {
  action: string;
  csrf: string;
  client: ClientView;
  username: string;
  scopes: string[];
  resources: string[];
}): string {
  return `<h1>Allow access?</h1>${clientBox(o.client)}
<div class="box"><p>Signed in to Cway as <strong>${escapeHtml(o.username)}</strong>.</p>
<p>If you allow it, this client may:</p><ul>
<li>read and change what you can in Cway, as you (approvals are recorded under your name)</li>
${o.scopes.includes('offline_access') ? '<li>stay connected until you revoke it</li>' : ''}
</ul>${o.resources.length ? `<p class="muted">For: ${o.resources.map((r) => `<code>${escapeHtml(r)}</code>`).join(' ')}</p>` : ''}</div>
<form method="post" action="${escapeHtml(o.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(o.csrf)}"><input type="hidden" name="step" value="consent">
<button type="submit" name="decision" value="allow">Allow</button>
<button class="secondary" type="submit" name="decision" value="deny">Deny</button>
</form>`;
}

export function messagePage(title: string, message: string): string {
  return `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`;
}
