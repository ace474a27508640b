// Copies non-TypeScript assets the compiled code reads at run time into dist/.
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync('dist/src/cway', { recursive: true });
cpSync('src/cway/contract.graphql', 'dist/src/cway/contract.graphql');
// The PostgreSQL store's migrations (run by node-pg-migrate from dist/src/store/pg-migrations).
cpSync('src/store/pg-migrations', 'dist/src/store/pg-migrations', { recursive: true });
