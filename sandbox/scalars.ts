/**
 * The custom scalars of the contract with their wire formats. Input values are validated; a bad
 * value is a BAD_USER_INPUT error. Instants are held as epoch ms inside the sandbox.
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from './errors.js';
import { isDay, toDateTime, toLocalDateTime } from './time.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/;

function literal(ast: ValueNode): unknown {
  if (ast.kind === Kind.STRING) return ast.value;
  if (ast.kind === Kind.INT) return Number(ast.value);
  return undefined;
}

function stringScalar(name: string, accept: (s: string) => boolean, expected: string, normalize = (s: string) => s) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !accept(value))
      throw badInput(`${name} must be ${expected}, got ${JSON.stringify(value)}`);
    return normalize(value);
  };
  return new GraphQLScalarType({
    name,
    serialize: (value) => value,
    parseValue: parse,
    parseLiteral: (ast) => parse(literal(ast)),
  });
}

/** A scalar holding an instant: serialized from epoch ms, parsed to epoch ms. */
function instantScalar(name: string, format: (ms: number) => string, accept: (s: string) => boolean, expected: string) {
  const parse = (value: unknown): number => {
    if (typeof value !== 'string' || !accept(value) || Number.isNaN(Date.parse(value))) {
      throw badInput(`${name} must be ${expected}, got ${JSON.stringify(value)}`);
    }
    return name === 'LocalDateTime' ? Date.parse(`${value}Z`) : Date.parse(value);
  };
  return new GraphQLScalarType({
    name,
    serialize: (value) => (typeof value === 'number' ? format(value) : value),
    parseValue: parse,
    parseLiteral: (ast) => parse(literal(ast)),
  });
}

function parseLong(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw badInput(`Long must be an integer, got ${JSON.stringify(value)}`);
  return n;
}

export const scalars = {
  UUID: stringScalar(
    'UUID',
    (s) => UUID_RE.test(s),
    'a UUID',
    (s) => s.toLowerCase(),
  ),
  Date: stringScalar('Date', isDay, 'a date written YYYY-MM-DD'),
  LocalDate: stringScalar('LocalDate', isDay, 'a date written YYYY-MM-DD'),
  LocalDateTime: instantScalar(
    'LocalDateTime',
    toLocalDateTime,
    (s) => LOCAL_DATE_TIME_RE.test(s),
    'written YYYY-MM-DDTHH:mm:ss',
  ),
  DateTime: instantScalar(
    'DateTime',
    toDateTime,
    (s) => /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(s),
    'ISO-8601 with an offset',
  ),
  Long: new GraphQLScalarType({
    name: 'Long',
    serialize: (value) => value,
    parseValue: parseLong,
    parseLiteral: (ast) => parseLong(literal(ast)),
  }),
};
