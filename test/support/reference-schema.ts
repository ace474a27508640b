/**
 * Locates the real Cway schema (reference data kept outside the project, never copied in).
 * Looked up in CWAY_REFERENCE_SCHEMA, then beside the checkout (<checkout>/../shared/cway-api),
 * the checkout found from this file's own location (not the working directory or a fixed path).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

export function findReferenceIntrospection(): string | undefined {
  const candidates = [
    process.env.CWAY_REFERENCE_SCHEMA,
    checkout() && resolve(checkout()!, '../shared/cway-api/introspection.json'),
  ].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

export function loadReferenceSchema(path: string): GraphQLSchema {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { data: IntrospectionQuery };
  return buildClientSchema(json.data);
}

/** The checkout's root: the nearest folder above this file that holds the project's package.json. */
function checkout(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'cway', 'contract.graphql'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
