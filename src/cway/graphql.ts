/**
 * The typed `graphql` tag for every Cway operation this project sends.
 * Result and variable types are inferred from `contract.graphql` (via the generated
 * `graphql-env.d.ts`); `npm run build` runs `gql.tada check`, so a misspelt field fails the build.
 * Every document created here is also recorded, so tests can validate all of them with graphql-js.
 */
import { initGraphQLTada } from 'gql.tada';
import type { DocumentNode } from 'graphql';
import type { introspection } from './graphql-env.js';

const tada = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    UUID: string;
    Long: number;
    Date: string;
    LocalDate: string;
    LocalDateTime: string;
    DateTime: string;
  };
}>();

const recorded = new Set<DocumentNode>();

export const graphql: typeof tada = ((source: string, fragments?: never) => {
  const doc = tada(source, fragments);
  recorded.add(doc as DocumentNode);
  return doc;
}) as typeof tada;
Object.assign(graphql, tada);

/** Records a document built without the tag (validated by its builder), so tests validate it too. */
export function recordDocument(doc: DocumentNode): void {
  recorded.add(doc);
}

/** Every document built through `graphql` so far (tests import all capabilities first). */
export function recordedDocuments(): DocumentNode[] {
  return [...recorded];
}

export type { ResultOf, VariablesOf, FragmentOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
