/**
 * MCP resources as JSON: `cway://me` and templates for projects, users and artworks. Each reads
 * through the matching capability's handler (get_project, get_user, get_artwork, get_login_info),
 * so there is one query per fact. Template variables complete by prefix (project ids, usernames).
 */
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { Capability, CapabilityContext } from '../../capabilities/define.js';
import { makeContext } from '../../capabilities/context.js';
import { toCapabilityError } from '../../errors.js';
import { WhoAmI } from './auth.js';
import { findCapability, inputKey, invoke, rowsWith } from './invoke.js';
import { currentSession } from './scope.js';
import type { McpCoreDeps } from './server.js';
import { contextFor, type Extra } from './tools.js';

const JSON_MIME = 'application/json';
/** MCP's "resource not found" error code. */
const RESOURCE_NOT_FOUND = -32002;
const MAX_COMPLETIONS = 20;

function asJson(uri: URL, value: unknown): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify(value, null, 2) }] };
}

function toMcpError(err: unknown, uri: string): McpError {
  const e = toCapabilityError(err);
  if (e.code === 'not_found') return new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`, { uri });
  if (e.code === 'invalid_input') return new McpError(ErrorCode.InvalidParams, `${e.message} (${uri})`);
  return new McpError(ErrorCode.InternalError, `${e.code}: ${e.message}`);
}

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** A context outside a request (completion callbacks get no request extra), with the session's token. */
function backgroundContext(deps: McpCoreDeps): CapabilityContext {
  return makeContext({
    client: deps.client,
    token: currentSession().token,
    services: deps.services,
    log: deps.log,
    signal: AbortSignal.timeout(10_000),
    now: deps.now,
  });
}

/** Project ids by id prefix (hex) or by name text (anything else). */
async function completeProjectIds(deps: McpCoreDeps, list: Capability, value: string): Promise<string[]> {
  try {
    const byId = /^[0-9a-f-]*$/i.test(value);
    const nameKey = inputKey(list, ['name', 'query', 'search']);
    const input: Record<string, unknown> = { pageSize: 100 };
    if (!byId && nameKey) input[nameKey] = value;
    const rows = rowsWith(await invoke(list, input, backgroundContext(deps)), 'id');
    const ids = rows
      .map((r) => r.id as string)
      .filter((id) => !byId || id.toLowerCase().startsWith(value.toLowerCase()));
    return ids.slice(0, MAX_COMPLETIONS);
  } catch {
    return [];
  }
}

async function completeUsernames(
  deps: McpCoreDeps,
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
    const rows = rowsWith(await invoke(cap, input, backgroundContext(deps)), 'username');
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

export function registerResources(server: McpServer, deps: McpCoreDeps): void {
  const registry = deps.registry ?? deps.capabilities;
  const read = (e: EntityResource) => async (uri: URL, variables: Record<string, string | string[]>, extra: Extra) => {
    const key = inputKey(e.capability, e.inputKeys) ?? e.inputKeys[0]!;
    try {
      return asJson(
        uri,
        await invoke(
          e.capability,
          { [key]: decodeURIComponent(first(variables[e.variable])) },
          contextFor(deps, extra),
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
        const ctx = contextFor(deps, extra);
        const value = me ? await invoke(me, {}, ctx) : await ctx.cway.request(WhoAmI, {}, { signal: ctx.signal });
        return asJson(uri, value);
      } catch (err) {
        throw toMcpError(err, uri.href);
      }
    },
  );

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
              const items = await e.list!(contextFor(deps, extra));
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
