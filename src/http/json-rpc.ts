/** Small JSON-RPC-over-HTTP helpers for the MCP endpoints (answers and body shape checks). */

/** A JSON-RPC error as an HTTP answer (what MCP clients expect from the MCP endpoints). */
export function rpcError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status, headers });
}

/** The deepest nesting accepted in a JSON-RPC message (real ones stay far below). */
export const MAX_JSON_DEPTH = 64;

/** True when a parsed JSON value nests arrays/objects deeper than `max` levels (checked without recursion). */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * A JSON-RPC body's shape, checked before a transport sees it: one message object, nested at most
 * MAX_JSON_DEPTH levels. Returns the refusal's message, or null when fine. It never repeats the body.
 */
export function rpcShapeProblem(body: unknown): string | null {
  if (Array.isArray(body)) return 'Invalid Request: batches are not accepted here; POST one message at a time.';
  if (body === null || typeof body !== 'object') return 'Invalid Request: the body must be a JSON-RPC message object.';
  if (nestsDeeperThan(body)) return `Invalid Request: the message nests deeper than ${MAX_JSON_DEPTH} levels.`;
  return null;
}
