/**
 * Locates the real Cway schema (reference data kept outside the project, never copied in).
 * Looked up in CWAY_REFERENCE_SCHEMA, then beside the checkout (../shared/cway-api), then /work/shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

export function findReferenceIntrospection(): string | undefined {
  const candidates = [
    process.env.CWAY_REFERENCE_SCHEMA,
    resolve(process.cwd(), '../shared/cway-api/introspection.json'),
    '/work/shared/cway-api/introspection.json',
  ].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

export function loadReferenceSchema(path: string): GraphQLSchema {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { data: IntrospectionQuery };
  return buildClientSchema(json.data);
}
