/**
 * The demo-mode banner: says plainly that this is the sandbox, and how to connect ChatGPT,
 * Claude Desktop, the MCP Inspector and REST clients. The tokens it lists are the sandbox's own
 * seeded demo tokens (never a real Cway credential).
 */
import { VERSION } from '../../config.js';

export interface BannerFacts {
  mode: 'all' | 'sse' | 'rest' | 'stdio';
  /** Base URL of this server, e.g. http://localhost:8000 (null in stdio mode). */
  baseUrl: string | null;
  sandboxUrl: string;
  users: readonly { username: string; role: string; token: string }[];
  /** Absolute path of the CLI entry (for the Claude Desktop snippet). */
  mainPath: string;
  nodePath: string;
  toolsets: readonly string[];
  toolCount: number;
  /** The profile served where a connection names none, and every profile's name. */
  profile: string;
  profiles: readonly string[];
}

export function demoBanner(f: BannerFacts): string {
  const lines: string[] = [];
  const rule = '-'.repeat(78);
  lines.push(rule, `cway-mcp ${VERSION}  DEMO MODE: the embedded Cway sandbox with seeded demo data (nothing real).`);
  lines.push(`Sandbox GraphQL: ${f.sandboxUrl}`);
  lines.push('To use the real Cway, set CWAY_API_TOKEN (and CWAY_API_URL if not https://app.cway.se/graphql).');
  lines.push(
    `Tools: ${f.toolCount} of profile "${f.profile}" at /mcp and /sse. Other profiles: /mcp/<profile> or /sse/<profile>,`,
    `  ${f.profiles.join(', ')} (--profile for stdio; docs/profiles.md).`,
    '',
  );
  const mcp = f.mode === 'all' || f.mode === 'sse';
  if (f.baseUrl && mcp) {
    lines.push('MCP endpoints:');
    lines.push(
      `  Streamable HTTP  ${f.baseUrl}/mcp          (e.g. ${f.baseUrl}/mcp/approver for the approver's tools)`,
    );
    lines.push(`  Legacy SSE       ${f.baseUrl}/sse`, '');
    lines.push('ChatGPT (Settings > Connectors > developer mode > Create): MCP server URL');
    lines.push(`  ${f.baseUrl}/sse  or  ${f.baseUrl}/mcp   Authentication: none`);
    lines.push(
      '  (ChatGPT reaches your machine only through a public HTTPS URL, e.g. a tunnel; then set PUBLIC_URL.)',
      '',
    );
    lines.push('MCP Inspector:');
    lines.push(`  npx @modelcontextprotocol/inspector    then connect to ${f.baseUrl}/mcp (Streamable HTTP)`);
    lines.push(`  npx @modelcontextprotocol/inspector --cli ${f.baseUrl}/mcp --transport http --method tools/list`);
    lines.push('  (Inspector 2.x needs Node 22; on Node 20 use @modelcontextprotocol/inspector@1.0.3.)', '');
  }
  const snippet = { mcpServers: { cway: { command: f.nodePath, args: [f.mainPath, '--mode', 'stdio'] } } };
  lines.push('Claude Desktop (claude_desktop_config.json), stdio:');
  lines.push(`  ${JSON.stringify(snippet)}`, '');
  if (f.baseUrl && (f.mode === 'all' || f.mode === 'rest')) {
    lines.push(
      `REST API (GPT Actions): ${f.baseUrl}/api/...   OpenAPI: ${f.baseUrl}/openapi.json   Docs: ${f.baseUrl}/docs`,
    );
  }
  lines.push(
    'Sandbox users and their bearer tokens (REST: "Authorization: Bearer <token>"; MCP over HTTP: same header to act as them):',
  );
  const width = Math.max(...f.users.map((u) => u.role.length), 4);
  for (const u of f.users) lines.push(`  ${u.role.padEnd(width)}  ${u.username.padEnd(32)} ${u.token}`);
  lines.push(rule);
  return `${lines.join('\n')}\n`;
}
