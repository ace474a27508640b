/**
 * `cway-mcp export-openapi [-o openapi.json] [--server-url https://…] [--profile manager]
 * [--toolsets projects,users] [--read-only] [--openapi-version 3.1|3.0]`: writes the OpenAPI
 * document for a GPT action (or another OpenAPI consumer) to a file or stdout, and warns on stderr
 * about anything GPT Actions would refuse (over 30 operations, a non-https server, long
 * descriptions). A profile (src/capabilities/profiles.ts) is the usual way to stay within 30
 * operations; toolsets and read-only narrow further.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { capabilities as registry } from '../../capabilities/index.js';
import { TOOLSETS, type Capability, type Toolset } from '../../capabilities/define.js';
import { getProfile, PROFILE_NAMES, profileCapabilities } from '../../capabilities/profiles.js';
import { checkGptActionsLimits, GPT_LIMITS } from './gpt-limits.js';
import { buildOpenApiDocument, oauthUrlsFor, OPENAPI_VERSIONS, type OpenApiVersion } from './openapi.js';

export const DEFAULT_SERVER_URL = 'http://localhost:8001';

const USAGE = `Usage: cway-mcp export-openapi [-o FILE] [--server-url URL] [--profile NAME] [--toolsets a,b] [--read-only] [--openapi-version 3.1|3.0]

  -o, --output FILE       write to FILE instead of stdout
  --server-url URL        the public https URL the GPT will call (default: $PUBLIC_URL, else ${DEFAULT_SERVER_URL})
  --profile NAME          the operations of one profile: ${PROFILE_NAMES.join(', ')}
                          (every profile but everything fits a GPT action's 30 operations)
  --toolsets a,b          only these toolsets (${TOOLSETS.join(', ')})
  --read-only             only operations that change nothing
  --openapi-version V     3.1 (default; GPT Actions) or 3.0 (Amazon Bedrock agents, Copilot Studio)
  --auth token|oauth      token (default): each person pastes their Cway API token into the action;
                          oauth: OAuth 2.0 sign-in against this server (a server started with --auth oauth)
`;

export interface ExportIo {
  stdout(text: string): void;
  stderr(text: string): void;
  capabilities?: readonly Capability[];
}

const defaultIo: ExportIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export async function exportOpenApiCli(argv: string[], io: ExportIo = defaultIo): Promise<void> {
  const args = argv[0] === 'export-openapi' ? argv.slice(1) : argv;
  const { values } = parseArgs({
    args,
    options: {
      output: { type: 'string', short: 'o' },
      'server-url': { type: 'string' },
      toolsets: { type: 'string' },
      auth: { type: 'string' },
      profile: { type: 'string' },
      'read-only': { type: 'boolean' },
      'openapi-version': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout(USAGE);
    return;
  }
  const serverUrl = values['server-url'] ?? (process.env.PUBLIC_URL || DEFAULT_SERVER_URL);
  try {
    new URL(serverUrl);
  } catch {
    throw new Error(`--server-url ${serverUrl} is not a URL`);
  }
  const toolsets = (values.toolsets ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = toolsets.filter((t) => !(TOOLSETS as readonly string[]).includes(t));
  if (unknown.length) throw new Error(`unknown toolset ${unknown.join(', ')}; known: ${TOOLSETS.join(', ')}`);

  const version = (values['openapi-version'] ?? '3.1').replace(/^(3\.[01])(\.\d+)?$/, '$1');
  if (!(OPENAPI_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(`--openapi-version ${values['openapi-version']}: choose ${OPENAPI_VERSIONS.join(' or ')}`);
  }
  let caps = io.capabilities ?? registry;
  if (values.profile !== undefined) {
    getProfile(values.profile); // throws naming the profiles
    caps = profileCapabilities(values.profile, caps);
  }
  if (values['read-only']) caps = caps.filter((c) => c.hints.readOnlyHint);

  const auth = values.auth ?? 'token';
  if (auth !== 'token' && auth !== 'oauth') throw new Error(`--auth ${auth}: choose token or oauth`);
  const opts = {
    serverUrl,
    toolsets: toolsets as Toolset[],
    oauth: auth === 'oauth' ? oauthUrlsFor(serverUrl) : undefined,
  };
  const doc = buildOpenApiDocument(caps, { ...opts, version: version as OpenApiVersion });
  // The limits are about the content, which is the same in both versions: checked on the 3.1 form.
  const report = checkGptActionsLimits(version === '3.1' ? doc : buildOpenApiDocument(caps, opts));
  if (report.operations === 0) throw new Error('no REST operations in the chosen profile, toolsets and read-only mode');
  for (const w of report.warnings) io.stderr(`warning: ${w}\n`);
  for (const e of report.errors) io.stderr(`error: ${e}\n`);
  if (report.operations > GPT_LIMITS.operationsPerAction && values.profile === undefined) {
    io.stderr(`hint: --profile NAME exports the operations of one kind of work (${PROFILE_NAMES.join(', ')})\n`);
  }

  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (values.output) {
    writeFileSync(values.output, text);
    io.stderr(`wrote ${values.output}: OpenAPI ${doc.openapi}, ${report.operations} operations for ${serverUrl}\n`);
  } else {
    io.stdout(text);
  }
}
