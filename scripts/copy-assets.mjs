// Copies non-TypeScript assets the compiled code reads at run time into dist/.
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync('dist/src/cway', { recursive: true });
cpSync('src/cway/contract.graphql', 'dist/src/cway/contract.graphql');
