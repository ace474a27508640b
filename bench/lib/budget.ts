/**
 * What a `tools/list` costs a model, counted with a real tokenizer (o200k, the encoding of
 * OpenAI's current models, from js-tiktoken's bundled ranks: nothing is downloaded), and the
 * budgets every profile is held to. Used by the bench's tools-list table and by
 * test/profiles.test.ts, so the numbers printed are the numbers enforced.
 *
 * A tool's cost is the JSON of its whole `tools/list` entry (name, title, description, input and
 * output schema, annotations); a profile's cost is the JSON of the whole `tools/list` result.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';

/** The limits, with where each comes from (see issue 15 and shared/notes/clients-and-protocol.md). */
export const BUDGET = {
  /** OpenAI suggests fewer than 20 functions at a time. */
  maxToolsPerProfile: 20,
  /** Our own ceiling for one profile's whole tools/list, output schemas included. */
  maxProfileTokens: 8_000,
  /** Ours; a reported ChatGPT error caps a tool at 5,000 tokens. */
  maxToolTokens: 1_500,
  /** claude.ai drops a tool whose input schema is over 16,384 bytes. */
  maxInputSchemaBytes: 16_384,
} as const;

/** Profiles a person picks on purpose: held to the per-tool limits only. */
export const BUDGET_EXEMPT_PROFILES: readonly string[] = ['everything'];

let encoder: Tiktoken | undefined;

/** Tokens of `text` in the o200k encoding (the encoder is built once, on first use). */
export function countTokens(text: string): number {
  encoder ??= new Tiktoken(o200kBase);
  return encoder.encode(text).length;
}

/** The part of a tools/list entry the budget looks at. */
export interface ListedTool {
  name: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  [key: string]: unknown;
}

export interface ToolCost {
  name: string;
  bytes: number;
  tokens: number;
  inputSchemaBytes: number;
  /** Tokens of the output schema alone (0 when there is none). */
  outputTokens: number;
}

export interface ListCost {
  tools: number;
  /** The whole `{ tools }` result as JSON. */
  bytes: number;
  tokens: number;
  /** Every tool, largest (by tokens) first. */
  perTool: ToolCost[];
}

export function measureList(tools: readonly ListedTool[]): ListCost {
  const perTool = tools.map((t) => {
    const json = JSON.stringify(t);
    return {
      name: t.name,
      bytes: Buffer.byteLength(json),
      tokens: countTokens(json),
      inputSchemaBytes: Buffer.byteLength(JSON.stringify(t.inputSchema)),
      outputTokens: t.outputSchema === undefined ? 0 : countTokens(JSON.stringify(t.outputSchema)),
    };
  });
  const json = JSON.stringify({ tools });
  return {
    tools: tools.length,
    bytes: Buffer.byteLength(json),
    tokens: countTokens(json),
    perTool: perTool.sort((a, b) => b.tokens - a.tokens),
  };
}

/** Every way `cost` breaks the budget, as sentences naming the profile or tool (empty = within). */
export function budgetProblems(profile: string, cost: ListCost): string[] {
  const problems: string[] = [];
  if (!BUDGET_EXEMPT_PROFILES.includes(profile)) {
    if (cost.tools > BUDGET.maxToolsPerProfile) {
      problems.push(`profile ${profile}: ${cost.tools} tools (limit ${BUDGET.maxToolsPerProfile})`);
    }
    if (cost.tokens > BUDGET.maxProfileTokens) {
      problems.push(`profile ${profile}: ${cost.tokens} tokens of tools/list (limit ${BUDGET.maxProfileTokens})`);
    }
  }
  for (const t of cost.perTool) {
    if (t.tokens > BUDGET.maxToolTokens) {
      problems.push(`profile ${profile}, tool ${t.name}: ${t.tokens} tokens (limit ${BUDGET.maxToolTokens})`);
    }
    if (t.inputSchemaBytes > BUDGET.maxInputSchemaBytes) {
      problems.push(
        `profile ${profile}, tool ${t.name}: input schema ${t.inputSchemaBytes} bytes (limit ${BUDGET.maxInputSchemaBytes})`,
      );
    }
  }
  return problems;
}
