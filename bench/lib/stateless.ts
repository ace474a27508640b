/**
 * One stateless 2026-07-28 `tools/call` of `list_projects` over plain `fetch`, as the cluster
 * benchmarks send it through HAProxy: no initialize, the version and client in `_meta`.
 */
export function envelopeOf(clientName: string): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: clientName, version: '1' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
}

/** Whether the call answered with a result that is not a tool error, and what it said when not. */
export async function statelessListProjects(
  url: string,
  token: string,
  id: number,
  envelope: Record<string, unknown>,
): Promise<{ ok: boolean; detail: string }> {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'list_projects', arguments: { pageSize: 5 }, _meta: envelope },
    }),
  });
  const text = await res.text();
  const ok = res.status === 200 && text.includes('"result"') && !text.includes('"isError":true');
  return { ok, detail: `HTTP ${res.status} ${text.slice(0, 120)}` };
}
