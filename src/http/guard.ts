/**
 * DNS-rebinding protection for every HTTP route: a browser page on a foreign site must not drive
 * this server. A request with an `Origin` is allowed only from a loopback origin, a configured
 * CORS origin or the public URL; while bound to loopback, the `Host` must name this machine too.
 * Requests without an Origin (non-browser clients) pass the origin check.
 */
export interface GuardOptions {
  /** The address the server is bound to. */
  bindHost: string;
  corsOrigins: readonly string[];
  publicUrl: string | null;
  /** Extra Host names accepted while bound to loopback. */
  allowedHosts: readonly string[];
}

export type GuardVerdict = { ok: true; origin?: string } | { ok: false; message: string };

/**
 * Exactly the loopback names: `localhost`, `127.0.0.1` and `::1` (`[::1]`). Look-alikes such as
 * `evil.localhost` or `localhost.evil.com` are not loopback: a browser may resolve them elsewhere.
 */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '127.0.0.1' || h === '::1';
}

/** The host name of a Host header value (without port; IPv6 without brackets). */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.split(':')[0]!;
}

/** The two request headers the guard reads. */
export interface GuardedRequest {
  host: string | null | undefined;
  origin: string | null | undefined;
}

export function createGuard(opts: GuardOptions): (req: GuardedRequest) => GuardVerdict {
  const checkHost = isLoopback(opts.bindHost);
  const publicHost = opts.publicUrl ? new URL(opts.publicUrl).hostname.toLowerCase().replace(/^\[|\]$/g, '') : null;
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;
  const anyOrigin = opts.corsOrigins.includes('*');
  const origins = new Set(opts.corsOrigins.map((o) => o.toLowerCase()));
  const hosts = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));

  return (req) => {
    if (checkHost) {
      const host = req.host;
      if (!host) return { ok: false, message: 'Missing Host header.' };
      const name = hostnameOf(host);
      if (!isLoopback(name) && !hosts.has(name) && name !== publicHost) {
        return {
          ok: false,
          message: `Host "${host}" is not allowed while the server is bound to loopback (set MCP_ALLOWED_HOSTS or PUBLIC_URL for a tunnel).`,
        };
      }
    }
    const origin = req.origin;
    if (origin === undefined || origin === null) return { ok: true };
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return { ok: false, message: `Origin "${origin}" is not allowed.` };
    }
    if (
      anyOrigin ||
      isLoopback(parsed.hostname) ||
      origins.has(parsed.origin.toLowerCase()) ||
      parsed.origin === publicOrigin
    ) {
      return { ok: true, origin };
    }
    return { ok: false, message: `Origin "${origin}" is not allowed (add it to CORS_ORIGINS if it should be).` };
  };
}

const MCP_HEADERS =
  'content-type, authorization, mcp-session-id, mcp-protocol-version, mcp-method, mcp-name, last-event-id';

/** CORS headers for the MCP endpoints (browser-based clients such as the Inspector in direct mode). */
export function mcpCorsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-expose-headers': 'mcp-session-id, mcp-protocol-version, www-authenticate',
  };
}

/** The answer to a CORS preflight on an MCP endpoint. */
export function mcpPreflight(origin: string | undefined): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...mcpCorsHeaders(origin),
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': MCP_HEADERS,
      'access-control-max-age': '600',
    },
  });
}
