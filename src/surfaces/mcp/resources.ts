/**
 * MCP resources as JSON: `cway://me`, the KPI dashboard and stagnation alerts
 * (`cway://analytics/...`), and templates for projects, users and artworks. Each reads through the
 * matching capability's handler (get_project, get_user, get_artwork, get_login_info, analytics),
 * so there is one query per fact. Template variables complete by prefix (project ids, usernames).
 */
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  ResourceTemplate,
  type McpServer,
  type ReadResourceResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Capability, CapabilityContext } from '../../capabilities/define.js';
import { runCapability } from '../../capabilities/run.js';
import { toCapabilityError } from '../../errors.js';

/** What resources need from the server instance they are registered on. */
export interface ResourceDeps {
  /** The whole registry (read-only capabilities are looked up by name). */
  registry: readonly Capability[];
  /** The caller's context for a request. */
  contextFor(ctx: ServerContext): CapabilityContext;
  /** The caller's context outside a request (completion callbacks), with its own deadline. */
  backgroundContext(): CapabilityContext;
}

export function findCapability(registry: readonly Capability[], ...names: string[]): Capability | undefined {
  for (const n of names) {
    const c = registry.find((x) => x.name === n && x.hints.readOnlyHint);
    if (c) return c;
  }
  return undefined;
}

/** The first of `candidates` that is a key of the capability's input. */
function inputKey(cap: Capability, candidates: readonly string[]): string | undefined {
  return candidates.find((k) => k in cap.input.shape);
}

/** Runs a read capability through the one pipeline and gives back its (checked) result. */
async function invoke(cap: Capability, input: Record<string, unknown>, ctx: CapabilityContext) {
  return (await runCapability(cap, input, ctx, { surface: 'resource' })).value;
}

/** The outermost objects with a string field `key` anywhere in a result (e.g. the rows of a list). */
function rowsWith(value: unknown, key: string, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) rowsWith(v, key, out);
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj[key] === 'string') out.push(obj);
    else for (const v of Object.values(obj)) if (v && typeof v === 'object') rowsWith(v, key, out);
  }
  return out;
}

const JSON_MIME = 'application/json';
const MAX_COMPLETIONS = 20;

function asJson(uri: URL, value: unknown): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify(value, null, 2) }] };
}

function toMcpError(err: unknown, uri: string): ProtocolError {
  const e = toCapabilityError(err);
  if (e.code === 'not_found') return new ResourceNotFoundError(uri, `Resource not found: ${uri}`);
  if (e.code === 'invalid_input') return new ProtocolError(ProtocolErrorCode.InvalidParams, `${e.message} (${uri})`);
  return new ProtocolError(ProtocolErrorCode.InternalError, `${e.code}: ${e.message}`);
}

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** Project ids by id prefix (hex) or by name text (anything else). */
async function completeProjectIds(deps: ResourceDeps, list: Capability, value: string): Promise<string[]> {
  try {
    const byId = /^[0-9a-f-]*$/i.test(value);
    const nameKey = inputKey(list, ['name', 'query', 'search']);
    const input: Record<string, unknown> = { pageSize: 100 };
    if (!byId && nameKey) input[nameKey] = value;
    const rows = rowsWith(await invoke(list, input, deps.backgroundContext()), 'id');
    const ids = rows
      .map((r) => r.id as string)
      .filter((id) => !byId || id.toLowerCase().startsWith(value.toLowerCase()));
    return ids.slice(0, MAX_COMPLETIONS);
  } catch {
    return [];
  }
}

async function completeUsernames(
  deps: ResourceDeps,
  search: Capability | undefined,
  list: Capability | undefined,
  value: string,
): Promise<string[]> {
  const cap = (value ? search : list) ?? search ?? list;
  if (!cap) return [];
  try {
    const key = inputKey(cap, ['query', 'username', 'search', 'text', 'name']);
    const input: Record<string, unknown> = key && value ? { [key]: value } : {};
    if ('pageSize' in cap.input.shape) input.pageSize = 50;
    const rows = rowsWith(await invoke(cap, input, deps.backgroundContext()), 'username');
    const names = rows.map((r) => r.username as string);
    return [...new Set(names)].filter((n) => n.toLowerCase().startsWith(value.toLowerCase())).slice(0, MAX_COMPLETIONS);
  } catch {
    return [];
  }
}

interface EntityResource {
  name: string;
  title: string;
  description: string;
  template: string;
  variable: string;
  capability: Capability;
  inputKeys: readonly string[];
  complete?: (value: string) => Promise<string[]>;
  list?: (ctx: CapabilityContext) => Promise<{ uri: string; name: string }[]>;
}

export function registerResources(server: McpServer, deps: ResourceDeps): void {
  const registry = deps.registry;
  const read =
    (e: EntityResource) => async (uri: URL, variables: Record<string, string | string[]>, extra: ServerContext) => {
      const key = inputKey(e.capability, e.inputKeys) ?? e.inputKeys[0]!;
      try {
        return asJson(
          uri,
          await invoke(
            e.capability,
            { [key]: decodeURIComponent(first(variables[e.variable])) },
            deps.contextFor(extra),
          ),
        );
      } catch (err) {
        throw toMcpError(err, uri.href);
      }
    };

  const me = findCapability(registry, 'get_login_info', 'get_me', 'whoami');
  server.registerResource(
    'me',
    'cway://me',
    { title: 'Me', description: 'The Cway user this session acts as, and their organisation.', mimeType: JSON_MIME },
    async (uri, extra) => {
      try {
        if (!me) throw new ResourceNotFoundError(uri.href, 'No capability serves cway://me here.');
        return asJson(uri, await invoke(me, {}, deps.contextFor(extra)));
      } catch (err) {
        throw toMcpError(err, uri.href);
      }
    },
  );

  // The organisation's analytics as context a person can attach (Claude Desktop's "add from"),
  // each read through its capability with default arguments.
  const analytics: [name: string, uri: string, title: string, description: string, capability: string][] = [
    [
      'kpi-dashboard',
      'cway://analytics/kpi-dashboard',
      'KPI dashboard',
      'Organisation KPIs with status and explanation, and the critical projects (get_kpi_dashboard).',
      'get_kpi_dashboard',
    ],
    [
      'stagnation-alerts',
      'cway://analytics/stagnation-alerts',
      'Stagnation alerts',
      'Projects and artworks that have stalled, most urgent first (get_stagnation_alerts).',
      'get_stagnation_alerts',
    ],
  ];
  for (const [name, uriText, title, description, capName] of analytics) {
    const cap = findCapability(registry, capName);
    if (!cap) continue;
    server.registerResource(name, uriText, { title, description, mimeType: JSON_MIME }, async (uri, extra) => {
      try {
        return asJson(uri, await invoke(cap, {}, deps.contextFor(extra)));
      } catch (err) {
        throw toMcpError(err, uri.href);
      }
    });
  }

  const listProjects = findCapability(registry, 'list_projects');
  const searchUsers = findCapability(registry, 'search_users');
  const listUsers = findCapability(registry, 'list_users');
  const entities: (EntityResource | null)[] = [
    withCap(findCapability(registry, 'get_project'), (capability) => ({
      name: 'project',
      title: 'Project',
      description: 'One Cway project with its progress, dates, people and artworks.',
      template: 'cway://projects/{id}',
      variable: 'id',
      capability,
      inputKeys: ['id', 'projectId'],
      complete: listProjects ? (v) => completeProjectIds(deps, listProjects, v) : undefined,
      list: listProjects
        ? async (ctx) =>
            rowsWith(await invoke(listProjects, { pageSize: 25 }, ctx), 'id').map((p) => ({
              uri: `cway://projects/${p.id as string}`,
              name: typeof p.name === 'string' ? p.name : (p.id as string),
            }))
        : undefined,
    })),
    withCap(findCapability(registry, 'get_user'), (capability) => ({
      name: 'user',
      title: 'User',
      description: 'One Cway user by username (often their e-mail address).',
      template: 'cway://users/{username}',
      variable: 'username',
      capability,
      inputKeys: ['username', 'user'],
      complete: searchUsers || listUsers ? (v) => completeUsernames(deps, searchUsers, listUsers, v) : undefined,
    })),
    withCap(findCapability(registry, 'get_artwork'), (capability) => ({
      name: 'artwork',
      title: 'Artwork',
      description: 'One artwork with its state, revisions and assigned people.',
      template: 'cway://artworks/{id}',
      variable: 'id',
      capability,
      inputKeys: ['id', 'artworkId'],
    })),
  ];

  for (const e of entities) {
    if (!e) continue;
    const template = new ResourceTemplate(e.template, {
      list: e.list
        ? async (extra) => {
            try {
              const items = await e.list!(deps.contextFor(extra));
              return { resources: items.map((i) => ({ ...i, mimeType: JSON_MIME })) };
            } catch (err) {
              throw toMcpError(err, e.template);
            }
          }
        : undefined,
      complete: e.complete ? { [e.variable]: (value: string) => e.complete!(value) } : undefined,
    });
    server.registerResource(
      e.name,
      template,
      { title: e.title, description: e.description, mimeType: JSON_MIME },
      read(e),
    );
  }
}

function withCap(cap: Capability | undefined, make: (cap: Capability) => EntityResource): EntityResource | null {
  return cap ? make(cap) : null;
}
