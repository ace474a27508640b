/**
 * `cway-mcp sandbox [--port 4000] [--host 127.0.0.1] [--seed N] [--projects N] [--json]`:
 * starts the sandbox, prints its URL and the seeded users with their bearer tokens, and runs
 * until SIGINT/SIGTERM. With --json, stdout carries exactly one JSON object
 * `{"url", "users": [{"username", "role", "token"}]}` and nothing else.
 * `argv` is the argument list after `sandbox`.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './server.js';

const USAGE = 'usage: cway-mcp sandbox [--port 4000] [--host 127.0.0.1] [--seed N] [--projects N] [--json]';

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer\n${USAGE}`);
  return n;
}

export async function runSandboxCli(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      projects: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const seed = integer(values.seed, 'seed', 1);
  const sandbox = await startSandbox({
    port: integer(values.port, 'port', 4000),
    host: values.host ?? '127.0.0.1',
    seed,
    projects: integer(values.projects, 'projects', 0),
  });

  if (values.json) {
    const users = sandbox.users.map(({ username, role, token }) => ({ username, role, token }));
    process.stdout.write(`${JSON.stringify({ url: sandbox.url, users })}\n`);
  } else {
    const width = Math.max(...sandbox.users.map((u) => u.username.length));
    const lines = [
      `Cway sandbox listening on ${sandbox.url} (seed ${seed})`,
      'Seeded users (send "Authorization: Bearer <token>"):',
      ...sandbox.users.map((u) => `  ${u.username.padEnd(width)}  ${u.role.padEnd(15)}  ${u.token}`),
      'Press Ctrl+C to stop.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      sandbox.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
