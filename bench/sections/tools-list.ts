/**
 * The size of `tools/list` as a client receives it (the JSON of the result: every tool's name,
 * description, input and output schema and annotations), for the default toolsets and for all,
 * asked over Streamable HTTP of a running server.
 */
import type { Child } from '../lib/procs.js';
import { startServerChild, type SandboxInfo, type ServerInfo } from '../lib/env.js';
import { openStreamable } from '../lib/wire.js';

export interface ToolsListRow {
  toolsets: 'default' | 'all';
  tools: number;
  bytes: number;
  /** The largest tool definitions, by bytes. */
  largest: { name: string; bytes: number }[];
}

async function measure(url: string, toolsets: ToolsListRow['toolsets']): Promise<ToolsListRow> {
  const session = await openStreamable(url);
  try {
    const result = (await session.request('tools/list')) as { tools: { name: string }[] };
    const sizes = result.tools.map((t) => ({ name: t.name, bytes: Buffer.byteLength(JSON.stringify(t)) }));
    return {
      toolsets,
      tools: result.tools.length,
      bytes: Buffer.byteLength(JSON.stringify(result)),
      largest: sizes.sort((a, b) => b.bytes - a.bytes).slice(0, 3),
    };
  } finally {
    await session.close();
  }
}

export async function runToolsList(
  sandbox: Child<SandboxInfo>,
  server: Child<ServerInfo>,
  progress: (m: string) => void,
): Promise<ToolsListRow[]> {
  const rows = [await measure(server.info.url, 'default')];
  const all = await startServerChild(sandbox.info, { argv: ['--toolsets', 'all'] });
  try {
    rows.push(await measure(all.info.url, 'all'));
  } finally {
    await all.stop();
  }
  for (const r of rows) progress(`tools/list ${r.toolsets}: ${r.tools} tools, ${r.bytes} bytes`);
  return rows;
}
