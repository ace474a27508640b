/**
 * Every MCP tool, fuzzed through the MCP SDK client over Streamable HTTP with inputs generated from
 * the tool's own schema (valid-looking and broken). The tool's zod schema is the oracle: an input
 * it refuses must come back as an isError result naming the field; an input it accepts must not be
 * refused as invalid, and no call may end in an internal error, an upstream failure (no faults are
 * injected here) or a transport error. /health answers after every tool. Destructive tools never
 * get a valid confirmation token, so nothing irreversible happens (and the sandbox is this file's own).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { capabilities } from '../src/capabilities/index.js';
import type { Capability } from '../src/capabilities/define.js';
import { CwayClient } from '../src/cway/client.js';
import {
  asReceivedOverMcp,
  FUZZ_SEED,
  inputSchemaOf,
  invalidish,
  overTheWire,
  show,
  validish,
  verdict,
  type Pools,
} from './support/fuzz.js';
import { resolveSampleIds } from './support/samples.js';
import { startStack, textOf, type Stack } from './support/stack.js';

const RUNS = 6;
/** Codes a call may end with when its input passed the schema (lookups miss, states refuse...). */
const DOMAIN_CODES = new Set(['not_found', 'ambiguous', 'invalid_input', 'unauthorized', 'forbidden', 'conflict']);

let stack: Stack;
let client: Client;
let pools: Pools;

before(async () => {
  stack = await startStack({ toolsets: 'all' });
  client = await stack.streamable();
  const ids = await resolveSampleIds(new CwayClient({ url: stack.sandbox.url }), stack.token);
  pools = { ids: [ids.projectId, ids.artworkId, ids.userId], words: [ids.username, ids.email, ids.projectName] };
});
after(() => stack.close());

function check(cap: Capability, input: Record<string, unknown>, result: CallToolResult): void {
  const text = textOf(result);
  const v = verdict(cap, asReceivedOverMcp(input));
  const context = `${cap.name}(${show(input)}) -> ${text.slice(0, 400)}`;
  assert.doesNotMatch(text, /Output validation error/, `the result broke the tool's own output schema: ${context}`);
  if (!v.valid) {
    assert.equal(result.isError, true, `an input the schema refuses was accepted: ${context}`);
    assert.match(text, /Input validation error|invalid_input/, context);
    if (v.keys.length)
      assert.ok(
        v.keys.some((k) => text.includes(k)),
        `the error names none of ${v.keys.join(', ')}: ${context}`,
      );
    return;
  }
  assert.doesNotMatch(text, /Input validation error/, `an input the schema accepts was refused: ${context}`);
  if (result.isError) {
    const code = /^Error \((\w+)\)/.exec(text)?.[1];
    assert.ok(code && DOMAIN_CODES.has(code), `a valid input ended in ${code ?? 'an unmapped error'}: ${context}`);
    assert.match(text, /Next: \S/, `the error says what to try next: ${context}`);
  } else {
    assert.ok(
      result.structuredContent && typeof result.structuredContent === 'object',
      `no structured result: ${context}`,
    );
  }
}

describe('every MCP tool, fuzzed from its own schema', () => {
  it('the fuzzed tools are the ones the server lists', async () => {
    const listed = (await client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(listed, capabilities.map((c) => c.name).sort());
  });

  for (const cap of capabilities) {
    it(cap.name, async () => {
      const schema = inputSchemaOf(cap);
      const inputs = fc.oneof(
        validish(schema, pools) as fc.Arbitrary<Record<string, unknown>>,
        invalidish(schema, pools),
      );
      await fc.assert(
        fc.asyncProperty(inputs, async (raw) => {
          const input = overTheWire(raw);
          const result = (await client.callTool({ name: cap.name, arguments: input })) as CallToolResult;
          check(cap, input, result);
        }),
        { seed: FUZZ_SEED, numRuns: RUNS * 2, endOnFailure: true, includeErrorInReport: true },
      );
      const health = await fetch(`${stack.url}/health`);
      assert.equal(health.status, 200);
    });
  }
});
