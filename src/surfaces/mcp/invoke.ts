/**
 * Calls a capability by name from inside the MCP surface (resources, completions), through its
 * own input schema, so resources reuse the tools' queries instead of repeating them.
 */
import type { Capability, CapabilityContext } from '../../capabilities/define.js';
import { CapabilityError } from '../../errors.js';

export function findCapability(registry: readonly Capability[], ...names: string[]): Capability | undefined {
  for (const n of names) {
    const c = registry.find((x) => x.name === n && x.hints.readOnlyHint);
    if (c) return c;
  }
  return undefined;
}

/** The first of `candidates` that is a key of the capability's input. */
export function inputKey(cap: Capability, candidates: readonly string[]): string | undefined {
  return candidates.find((k) => k in cap.input.shape);
}

export async function invoke(
  cap: Capability,
  input: Record<string, unknown>,
  ctx: CapabilityContext,
): Promise<Record<string, unknown>> {
  const parsed = cap.input.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CapabilityError('invalid_input', issue?.message ?? 'Invalid input.', { field: issue?.path.join('.') });
  }
  return (await cap.handler(parsed.data as never, ctx)) as Record<string, unknown>;
}

/** The outermost objects with a string field `key` anywhere in a result (e.g. the rows of a list). */
export function rowsWith(value: unknown, key: string, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) rowsWith(v, key, out);
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj[key] === 'string') out.push(obj);
    else for (const v of Object.values(obj)) if (v && typeof v === 'object') rowsWith(v, key, out);
  }
  return out;
}
