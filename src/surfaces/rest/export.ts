/**
 * `cway-mcp export-openapi [-o openapi.json] [--server-url https://…] [--toolsets projects,users]`:
 * writes the OpenAPI document for a GPT action to a file or stdout, and warns on stderr about
 * anything GPT Actions would refuse (over 30 operations, a non-https server, long descriptions).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { capabilities as registry } from '../../capabilities/index.js';
import { TOOLSETS, type Capability, type Toolset } from '../../capabilities/define.js';
import { checkGptActionsLimits } from './gpt-limits.js';
import { buildOpenApiDocument, oauthUrlsFor } from './openapi.js';

export const DEFAULT_SERVER_URL = 'http://localhost:8001';

const USAGE = `Usage: cway-mcp export-openapi [-o FILE] [--server-url URL] [--toolsets a,b]

  -o, --output FILE     write to FILE instead of stdout
  --server-url URL      the public https URL the GPT will call (default: $PUBLIC_URL, else ${DEFAULT_SERVER_URL})
  --toolsets a,b        only these toolsets (${TOOLSETS.join(', ')}); a GPT action takes at most 30 operations
  --auth token|oauth    token (default): each person pastes their Cway API token into the action;
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

  const auth = values.auth ?? 'token';
  if (auth !== 'token' && auth !== 'oauth') throw new Error(`--auth ${auth}: choose token or oauth`);
  const doc = buildOpenApiDocument(io.capabilities ?? registry, {
    serverUrl,
    toolsets: toolsets as Toolset[],
    oauth: auth === 'oauth' ? oauthUrlsFor(serverUrl) : undefined,
  });
  const report = checkGptActionsLimits(doc);
  if (report.operations === 0) throw new Error('no REST operations in the chosen toolsets');
  for (const w of report.warnings) io.stderr(`warning: ${w}\n`);
  for (const e of report.errors) io.stderr(`error: ${e}\n`);

  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (values.output) {
    writeFileSync(values.output, text);
    io.stderr(`wrote ${values.output}: ${report.operations} operations for ${serverUrl}\n`);
  } else {
    io.stdout(text);
  }
}
