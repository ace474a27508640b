/**
 * The error vocabulary of the sandbox. Every refusal is a GraphQLError whose `extensions.code`
 * tells the client what went wrong; the codes are our assumption of the real API (see docs/sandbox.md).
 */
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_USER_INPUT'
  | 'NOT_IMPLEMENTED_IN_SANDBOX'
  | 'INTERNAL_SERVER_ERROR';

export function sandboxError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export const forbidden = (message: string) => sandboxError('FORBIDDEN', message);
export const notFound = (message: string) => sandboxError('NOT_FOUND', message);
export const conflict = (message: string) => sandboxError('CONFLICT', message);
export const badInput = (message: string) => sandboxError('BAD_USER_INPUT', message);
