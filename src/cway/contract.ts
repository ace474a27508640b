/** Loads the project's Cway contract (SDL). The build copies contract.graphql next to this module. */
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';

export const contractSdl: string = readFileSync(new URL('./contract.graphql', import.meta.url), 'utf8');

let schema: GraphQLSchema | undefined;
/** The contract as an executable-less GraphQLSchema (built once). */
export function contractSchema(): GraphQLSchema {
  schema ??= buildSchema(contractSdl);
  return schema;
}
