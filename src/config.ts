/**
 * The process configuration: command-line flags > environment > an optional `.env` file > defaults,
 * validated once at start. Every problem is reported at once, naming the flag or variable and
 * where its value came from, so a wrong port or toolset never surfaces later as a strange failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { z } from 'zod';
import { TOOLSETS, type Toolset } from './capabilities/define.js';
import { DEFAULT_TOOLSETS } from './capabilities/select.js';
import { isLoopback } from './http/guard.js';
import { DEFAULT_PROFILE, getProfile, PROFILE_NAMES, type ProfileName } from './capabilities/profiles.js';
import { isPostgresUrl } from './store/postgres.js';

export const MODES = ['all', 'sse', 'rest', 'stdio'] as const;
export type Mode = (typeof MODES)[number];
export const AUTH_MODES = ['none', 'token', 'oauth'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_CWAY_URL = 'https://app.cway.se/graphql';

export interface Config {
  /** all = MCP and REST on one port; sse = MCP only (/mcp and /sse); rest = REST only; stdio = MCP over stdio. */
  mode: Mode;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Toolsets served as MCP tools. */
  toolsets: Toolset[];
  /** True when the toolsets were chosen by flag or env (then REST is narrowed to them too). */
  toolsetsChosen: boolean;
  /**
   * The profile served where a connection names none (stdio always; HTTP without `/mcp/<profile>`
   * or `?profile=`).
   */
  profile: ProfileName;
  /** True when the profile was chosen by flag or env. */
  profileChosen: boolean;
  /** Only capabilities whose own readOnlyHint is true are served. */
  readOnly: boolean;
  logLevel: LogLevel;
  /** Directory for the rotating log file; null = no file. */
  logDir: string | null;
  /** The standard stream log lines go to (LOG_OUTPUT; stdout is refused in stdio mode). */
  logOutput: 'stderr' | 'stdout';
  cwayUrl: string;
  /** The default Cway token (callers without their own bearer token act with it); null = none. */
  cwayToken: string | null;
  /** Demo mode: neither CWAY_API_TOKEN nor CWAY_API_URL given, so the sandbox runs in-process. */
  demo: boolean;
  /** Cway web app, for links in results. */
  webUrl: string;
  /**
   * Where Cway's GraphQL subscriptions (AI results) are served, over graphql-ws: undefined = the
   * API URL with ws(s) for http(s), null = off (AI tools then return the thread id with a note).
   */
  subscriptionUrl?: string | null;
  /** Browser origins allowed besides loopback ones ("*" = any). */
  corsOrigins: string[];
  /** The URL clients reach this server at (behind a proxy or tunnel); null = derived from host and port. */
  publicUrl: string | null;
  /** Extra Host header values accepted when bound to loopback (e.g. a tunnel's host name). */
  allowedHosts: string[];
  /** Data directory: the store (gateway.db), keys, the confirmation secret, the demo sandbox. */
  stateDir: string;
  /**
   * How HTTP callers are identified. none: callers without a token act with the configured (or
   * demo) token; token: each caller sends their own Cway token; oauth: each caller signs in through
   * our authorization server and sends its access tokens.
   */
  auth: AuthMode;
  /** True when `none` was forced on a non-loopback address (--allow-unauthenticated). */
  authForced: boolean;
  /** The vault key (base64url, 32 bytes) from CWAY_VAULT_KEY; null = `vault.key` in the data dir. */
  vaultKey: string | null;
  /** Trust X-Forwarded-Proto/Host (set when a reverse proxy or tunnel terminates TLS in front of us). */
  trustProxy: boolean;
  /**
   * Bearer token that /metrics requires; null = /metrics is open on a loopback bind and off (404)
   * on any other bind.
   */
  metricsToken: string | null;
  /**
   * The PostgreSQL connection string (a secret: never logged) from `--store postgres://…` or
   * DATABASE_URL; null = the embedded SQLite store in the data directory.
   */
  databaseUrl: string | null;
  /**
   * How many instances share the load behind a balancer (default 1). Each instance allows
   * 1/instances of the per-caller rate limits, so the deployment as a whole allows what one
   * instance alone would (docs/deploy.md).
   */
  instances: number;
  /**
   * Seconds between SIGTERM and closing: /health answers 503 `draining` while every other request
   * is still served, so a load balancer takes the instance out before it stops (default 0).
   */
  drainSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Where `.env` is looked for (default: the current directory). */
  cwd?: string;
}

/** Command-line flags. */
const FLAGS = {
  mode: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  toolsets: { type: 'string' },
  profile: { type: 'string' },
  'read-only': { type: 'boolean' },
  'log-level': { type: 'string' },
  auth: { type: 'string' },
  'data-dir': { type: 'string' },
  store: { type: 'string' },
  instances: { type: 'string' },
  'drain-seconds': { type: 'string' },
  'allow-unauthenticated': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The environment variable that also sets each flag. */
const FLAG_ENV: Partial<Record<keyof typeof FLAGS, string>> = {
  mode: 'MCP_MODE',
  host: 'MCP_SERVER_HOST',
  port: 'MCP_SERVER_PORT',
  toolsets: 'CWAY_TOOLSETS',
  profile: 'CWAY_PROFILE',
  'read-only': 'CWAY_READ_ONLY',
  'log-level': 'LOG_LEVEL',
  auth: 'AUTH_MODE',
  'data-dir': 'CWAY_DATA_DIR',
  store: 'DATABASE_URL',
  instances: 'CWAY_INSTANCES',
  'drain-seconds': 'DRAIN_SECONDS',
  'allow-unauthenticated': 'ALLOW_UNAUTHENTICATED',
};

/** Settings that are environment-only. */
const ENV_ONLY = [
  'CWAY_API_TOKEN',
  'CWAY_API_URL',
  'CWAY_WEB_URL',
  'CWAY_SUBSCRIPTION_URL',
  'CORS_ORIGINS',
  'LOG_DIR',
  'PUBLIC_URL',
  'MCP_ALLOWED_HOSTS',
  'CWAY_STATE_DIR',
  'CWAY_VAULT_KEY',
  'TRUST_PROXY',
  'METRICS_TOKEN',
  'LOG_OUTPUT',
] as const;

interface Raw {
  value: string | undefined;
  /** e.g. `--port`, `MCP_SERVER_PORT`, `MCP_SERVER_PORT (from .env)` */
  source: string;
}

/** True when `--help`/`-h` is among the arguments (checked before anything is validated). */
export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

function readDotEnv(cwd: string): Record<string, string> {
  const path = resolve(cwd, '.env');
  if (!existsSync(path)) return {};
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => e[1] !== undefined));
}

const BOOL_TRUE = ['1', 'true', 'yes', 'on'];
const BOOL_FALSE = ['0', 'false', 'no', 'off', ''];

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

/** Parses and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(sources: ConfigSources): Config {
  const problems: string[] = [];
  let flags: Record<string, string | boolean | undefined> = {};
  try {
    flags = parseArgs({ args: sources.argv, options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    problems.push(`${(err as Error).message} (see --help)`);
  }

  const dotenv = readDotEnv(sources.cwd ?? process.cwd());
  const fromEnv = (name: string): Raw => {
    const v = sources.env[name];
    if (v !== undefined) return { value: v, source: name };
    if (dotenv[name] !== undefined) return { value: dotenv[name], source: `${name} (from .env)` };
    return { value: undefined, source: name };
  };
  const raw = (flag: keyof typeof FLAGS): Raw => {
    const v = flags[flag];
    if (v !== undefined) return { value: typeof v === 'boolean' ? String(v) : v, source: `--${flag}` };
    const env = FLAG_ENV[flag];
    return env ? fromEnv(env) : { value: undefined, source: `--${flag}` };
  };
  const envOnly = Object.fromEntries(ENV_ONLY.map((n) => [n, fromEnv(n)])) as Record<(typeof ENV_ONLY)[number], Raw>;

  const check = <T>(r: Raw, schema: z.ZodType<T>, fallback: T, expected: string): T => {
    if (r.value === undefined) return fallback;
    const parsed = schema.safeParse(r.value);
    if (parsed.success) return parsed.data;
    problems.push(`${r.source}=${JSON.stringify(r.value)}: ${expected}`);
    return fallback;
  };

  const mode = check(raw('mode'), z.enum(MODES), 'all', `must be one of ${MODES.join(', ')}`);
  const host = check(raw('host'), z.string().trim().min(1), '127.0.0.1', 'must be a host name or IP address');
  const port = check(
    raw('port'),
    z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(0).max(65535)),
    8000,
    'must be a whole number from 0 to 65535',
  );

  const toolsetsRaw = raw('toolsets');
  let toolsets: Toolset[] = [...DEFAULT_TOOLSETS];
  if (toolsetsRaw.value !== undefined) {
    const names = list(toolsetsRaw.value);
    const unknown = names.filter((n) => n !== 'all' && n !== 'default' && !TOOLSETS.includes(n as Toolset));
    if (names.length === 0 || unknown.length > 0) {
      problems.push(
        `${toolsetsRaw.source}=${JSON.stringify(toolsetsRaw.value)}: unknown toolset ${unknown.map((u) => `"${u}"`).join(', ') || '(empty)'}; ` +
          `choose from ${TOOLSETS.join(', ')}, or "all", or "default" (${DEFAULT_TOOLSETS.join(', ')})`,
      );
    } else {
      const chosen = new Set<Toolset>();
      for (const n of names) {
        const add = n === 'all' ? TOOLSETS : n === 'default' ? DEFAULT_TOOLSETS : [n as Toolset];
        for (const t of add) chosen.add(t);
      }
      toolsets = TOOLSETS.filter((t) => chosen.has(t));
    }
  }

  const profileRaw = raw('profile');
  const profile = check(
    profileRaw,
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(PROFILE_NAMES as [ProfileName, ...ProfileName[]])),
    DEFAULT_PROFILE,
    `unknown profile; choose from ${PROFILE_NAMES.join(', ')}`,
  );

  const readOnlyRaw = raw('read-only');
  const readOnly = check(
    readOnlyRaw,
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((s) => BOOL_TRUE.includes(s) || BOOL_FALSE.includes(s))
      .transform((s) => BOOL_TRUE.includes(s)),
    false,
    'must be true or false (1/0, yes/no, on/off)',
  );
  const logLevel = check(raw('log-level'), z.enum(LOG_LEVELS), 'info', `must be one of ${LOG_LEVELS.join(', ')}`);

  const httpUrl = z.url({ protocol: /^https?$/ });
  const token = envOnly.CWAY_API_TOKEN.value?.trim() || null;
  const urlGiven = envOnly.CWAY_API_URL.value !== undefined && envOnly.CWAY_API_URL.value.trim() !== '';
  const cwayUrl = check(envOnly.CWAY_API_URL, httpUrl, DEFAULT_CWAY_URL, 'must be an http(s) URL');
  const webUrl = check(envOnly.CWAY_WEB_URL, httpUrl, 'https://app.cway.se', 'must be an http(s) URL');
  const subscriptionUrl = check(
    envOnly.CWAY_SUBSCRIPTION_URL,
    z.union([z.literal('off').transform(() => null), z.url({ protocol: /^wss?$/ })]),
    undefined as string | null | undefined,
    'must be a ws(s) URL or "off"',
  );
  const publicUrl = check(
    envOnly.PUBLIC_URL,
    httpUrl.transform((u) => u.replace(/\/+$/, '')),
    null as string | null,
    'must be an http(s) URL',
  );

  const corsOrigins = list(envOnly.CORS_ORIGINS.value);
  for (const o of corsOrigins) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) {
      problems.push(`${envOnly.CORS_ORIGINS.source}: "${o}" is not an origin (scheme://host[:port], no path) or "*"`);
    }
  }
  const logDirValue = envOnly.LOG_DIR.value;
  const logDir =
    logDirValue === undefined ? 'logs' : ['', 'off', 'none'].includes(logDirValue.trim()) ? null : logDirValue;

  const logOutput = check(
    envOnly.LOG_OUTPUT,
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['stderr', 'stdout'])),
    'stderr',
    'must be stderr or stdout',
  );
  if (logOutput === 'stdout' && mode === 'stdio') {
    problems.push(`${envOnly.LOG_OUTPUT.source}=stdout: stdio mode sends MCP messages on stdout; use stderr`);
  }

  const boolFlag = (r: Raw, what: string) =>
    check(
      r,
      z
        .string()
        .trim()
        .toLowerCase()
        .refine((v) => BOOL_TRUE.includes(v) || BOOL_FALSE.includes(v))
        .transform((v) => BOOL_TRUE.includes(v)),
      false,
      `must be true or false (${what})`,
    );
  const loopback = isLoopback(host);
  const authRaw = raw('auth');
  const auth = check(
    authRaw,
    z.enum(AUTH_MODES),
    loopback ? 'none' : 'token',
    `must be one of ${AUTH_MODES.join(', ')}`,
  ) as AuthMode;
  const authForced = boolFlag(raw('allow-unauthenticated'), 'allow none on a non-loopback address');
  if (auth === 'none' && !loopback && !authForced) {
    problems.push(
      `${authRaw.source}=none on ${host}: anyone who can reach this address would act ` +
        `${token ? 'with the configured Cway token' : 'as the demo admin'}; use --auth token or --auth oauth, ` +
        'bind to 127.0.0.1, or force it with --allow-unauthenticated',
    );
  }
  if (auth === 'oauth' && mode === 'stdio') {
    problems.push(`${authRaw.source}=oauth: stdio has no HTTP caller to sign in; use --mode all, sse or rest`);
  }
  if (auth === 'oauth' && !loopback && publicUrl === null) {
    problems.push(
      `${authRaw.source}=oauth on ${host}: set PUBLIC_URL to the https URL clients use, so the authorization server names itself correctly`,
    );
  }
  const vaultKey = envOnly.CWAY_VAULT_KEY.value?.trim() || null;
  if (vaultKey !== null && Buffer.from(vaultKey, 'base64url').length !== 32) {
    problems.push(
      `${envOnly.CWAY_VAULT_KEY.source}: must be 32 random bytes in base64url (e.g. node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")`,
    );
  }
  const trustProxy = boolFlag(envOnly.TRUST_PROXY, 'TRUST_PROXY');
  const dataDirRaw = raw('data-dir');
  // The connection string may hold a password: problems name the source, never echo the value.
  const storeRaw = raw('store');
  const storeValue = storeRaw.value?.trim() ?? '';
  let databaseUrl: string | null = null;
  if (storeValue !== '' && storeValue.toLowerCase() !== 'sqlite') {
    if (!isPostgresUrl(storeValue)) {
      problems.push(`${storeRaw.source}: must be "sqlite" or a postgres://user:password@host:port/database URL`);
    } else if (!URL.canParse(storeValue)) {
      problems.push(`${storeRaw.source}: not a valid postgres:// URL (value not shown: it may hold a password)`);
    } else databaseUrl = storeValue;
  }
  const instances = check(
    raw('instances'),
    z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(1000)),
    1,
    'must be a whole number from 1 to 1000 (how many instances share the load)',
  );
  const drainSeconds = check(
    raw('drain-seconds'),
    z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(0).max(300)),
    0,
    'must be a whole number of seconds from 0 to 300 (how long /health says draining before the server closes)',
  );

  if (mode === 'stdio' && !token && urlGiven) {
    problems.push(
      'CWAY_API_URL is set without CWAY_API_TOKEN: stdio mode has no caller to bring a token; set CWAY_API_TOKEN (or unset CWAY_API_URL for the demo sandbox)',
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    host,
    port,
    toolsets,
    toolsetsChosen: toolsetsRaw.value !== undefined,
    profile,
    profileChosen: profileRaw.value !== undefined,
    readOnly,
    logLevel,
    logDir,
    logOutput,
    cwayUrl,
    cwayToken: token,
    demo: !token && !urlGiven,
    webUrl,
    subscriptionUrl,
    corsOrigins,
    publicUrl,
    allowedHosts: list(envOnly.MCP_ALLOWED_HOSTS.value).map((h) => h.toLowerCase()),
    stateDir: dataDirRaw.value?.trim() || envOnly.CWAY_STATE_DIR.value?.trim() || '.cway-mcp',
    auth,
    authForced,
    vaultKey,
    trustProxy,
    metricsToken: envOnly.METRICS_TOKEN.value?.trim() || null,
    databaseUrl,
    instances,
    drainSeconds,
  };
}

/** The package version, read once from package.json (two levels up in dist/, one in src/). */
export const VERSION: string = (() => {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'cway-mcp' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
})();

export const HELP = `cway-mcp ${VERSION}: Cway for AI assistants (MCP over stdio, Streamable HTTP and SSE; REST + OpenAPI)

Usage:
  cway-mcp [options]                 serve (default: MCP and REST on http://127.0.0.1:8000)
  cway-mcp sandbox [options]         run the local Cway sandbox on its own (see docs/sandbox.md)
  cway-mcp export-openapi [options]  write the OpenAPI document for GPT Actions

Options (flag > environment variable > .env file > default):
  --mode all|sse|rest|stdio   MCP_MODE          all: MCP (/mcp, /sse) and REST on one port (default)
                                                sse: MCP only; rest: REST only; stdio: MCP over stdin/stdout
  --host HOST                 MCP_SERVER_HOST   default 127.0.0.1
  --port PORT                 MCP_SERVER_PORT   default 8000 (0 = any free port)
  --toolsets a,b              CWAY_TOOLSETS     ${TOOLSETS.join(', ')}, all, default
                                                (default: ${DEFAULT_TOOLSETS.join(', ')})
  --profile NAME              CWAY_PROFILE      the tools for one kind of work (default ${DEFAULT_PROFILE}):
${PROFILE_NAMES.map((n) => `                                                ${n.padEnd(13)}${getProfile(n).description}`).join('\n')}
                                                HTTP clients pick their own: /mcp/<profile> or ?profile=
  --read-only                 CWAY_READ_ONLY    serve only tools that change nothing
  --log-level LEVEL           LOG_LEVEL         ${LOG_LEVELS.join(', ')} (default info)
  --auth none|token|oauth     AUTH_MODE         none: callers without a token act with CWAY_API_TOKEN (or the demo
                                                admin); the default on loopback, refused elsewhere unless
                                                --allow-unauthenticated (ALLOW_UNAUTHENTICATED)
                                                token: every caller sends its own Cway token (default elsewhere)
                                                oauth: callers sign in (OAuth 2.1, see docs/auth.md)
  --data-dir DIR              CWAY_DATA_DIR     store, keys and demo sandbox (default .cway-mcp/)
  --store sqlite|postgres://… DATABASE_URL      where OAuth state, the vault and spent confirmations live:
                                                sqlite (default, gateway.db in the data dir) or PostgreSQL,
                                                shared by several instances (see docs/deploy.md)
  --instances N               CWAY_INSTANCES    instances behind one balancer (default 1): each allows
                                                1/N of the per-caller rate limits and of
                                                the failed-token budget per address
  --drain-seconds N           DRAIN_SECONDS     on SIGTERM, answer /health with 503 for N seconds while still
                                                serving, so a balancer stops sending first (default 0)
  -h, --help                  this text

Environment only:
  CWAY_API_TOKEN   Cway API token used by callers that bring none (and by stdio)
  CWAY_API_URL     Cway GraphQL endpoint (default ${DEFAULT_CWAY_URL})
                   With neither set, an embedded sandbox with demo data is started (demo mode).
  CWAY_WEB_URL     Cway web app for links (default https://app.cway.se)
  CWAY_SUBSCRIPTION_URL  Cway subscriptions (AI results) over graphql-ws: a ws(s) URL or "off"
                   (default: CWAY_API_URL with ws(s) for http(s); an assumption, see docs/sandbox.md)
  CORS_ORIGINS     extra browser origins allowed, comma-separated ("*" = any)
  PUBLIC_URL       the URL clients use to reach this server (behind a proxy or tunnel)
  MCP_ALLOWED_HOSTS extra Host names accepted while bound to loopback (e.g. a tunnel host)
  LOG_DIR          directory of the rotating log file (default logs/; "off" = none)
  LOG_OUTPUT       stderr (default) or stdout: where JSON log lines go besides the file (stdout for a
                   supervisor that collects it; the startup banner then goes to stderr)
  CWAY_STATE_DIR   older name of CWAY_DATA_DIR
  CWAY_VAULT_KEY   key of the token vault (32 bytes, base64url); default: vault.key in the data dir
  TRUST_PROXY      true when a reverse proxy or tunnel in front sets X-Forwarded-Proto/Host
  METRICS_TOKEN    bearer token required by /metrics (without it, /metrics answers only on a loopback bind)
`;
