/**
 * GraphQL execution for the sandbox: the contract made executable, a cache of parsed and
 * validated documents keyed by query text, and one function turning a request into a response.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import { contractSchema, contractSdl } from '../src/cway/contract.js';
import { sandboxResolvers } from './resolvers/index.js';
import type { Ctx } from './resolvers/context.js';

export function buildSandboxSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: contractSdl, resolvers: sandboxResolvers(contractSchema()) });
}

export interface PreparedDocument {
  document?: DocumentNode;
  /** Parse or validation errors; when present the document is not executed. */
  errors?: readonly GraphQLError[];
}

/** A small LRU of prepared documents: a Map keeps insertion order, so the first key is the oldest. */
export class DocumentCache {
  private readonly entries = new Map<string, PreparedDocument>();
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly capacity = 500,
  ) {}

  get(query: string): PreparedDocument {
    const hit = this.entries.get(query);
    if (hit) {
      this.entries.delete(query);
      this.entries.set(query, hit);
      return hit;
    }
    const prepared = this.prepare(query);
    this.entries.set(query, prepared);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return prepared;
  }

  private prepare(query: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (e) {
      return { errors: [withCode(e as GraphQLError, 'GRAPHQL_PARSE_FAILED')] };
    }
    const errors = validate(this.schema, document);
    return errors.length ? { errors: errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) } : { document };
  }
}

/** Keeps an error's own code (e.g. BAD_USER_INPUT from a scalar) and adds `code` otherwise. */
function withCode(e: GraphQLError, code: string): GraphQLError {
  if (e.extensions?.code) return e;
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, code },
  });
}

/** The operation's type (query/mutation) for fault filters and GET checks; undefined if it cannot be told. */
export function operationType(
  prepared: PreparedDocument,
  operationName?: string | null,
): OperationTypeNode | undefined {
  return prepared.document ? getOperationAST(prepared.document, operationName)?.operation : undefined;
}

export function run(
  schema: GraphQLSchema,
  prepared: PreparedDocument,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  ctx: Ctx,
): ExecutionResult {
  if (!prepared.document) return { errors: prepared.errors };
  const result = execute({
    schema,
    document: prepared.document,
    variableValues: variables,
    operationName,
    contextValue: ctx,
  }) as ExecutionResult;
  if (!result.errors) return result;
  // Errors before execution (bad variables, unknown operation) come without data: they are input errors.
  // Errors during execution without a code of ours are unexpected failures.
  const code = 'data' in result ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
  return { ...result, errors: result.errors.map((e) => withCode(e, code)) };
}
