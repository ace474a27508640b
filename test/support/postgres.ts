/**
 * A throwaway PostgreSQL cluster for tests, made the way deploy/cluster.sh makes one: Debian's
 * initdb + pg_ctl in a temporary directory, listening on a loopback port only, trust auth, run as
 * the `postgres` user when the tests run as root (PostgreSQL refuses root). `missingPostgres()` says
 * why tests must skip when the binaries are absent (.ci/run installs them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function postgresBin(): string | undefined {
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) {
      const bin = `/usr/lib/postgresql/${v}/bin`;
      if (existsSync(`${bin}/initdb`)) return bin;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function missingPostgres(): string | undefined {
  return postgresBin() ? undefined : 'PostgreSQL is not installed (apt-get install postgresql)';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  /** postgres://cway@127.0.0.1:PORT/DB for a fresh database. */
  createDatabase(name: string): string;
  stop(): void;
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const root = process.getuid?.() === 0;
  const asPg = (cmd: string, args: string[]) =>
    execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  const dir = mkdtempSync(join(tmpdir(), 'cway-pg-'));
  const data = join(dir, 'data');
  const run = join(dir, 'run');
  mkdirSync(data);
  mkdirSync(run);
  if (root) {
    chmodSync(dir, 0o755);
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(data, uid, gid);
    chownSync(run, uid, gid);
  }
  const port = await freePort();
  asPg(`${bin}/initdb`, ['-D', data, '-U', 'cway', '--auth=trust', '-E', 'UTF8']);
  asPg(`${bin}/pg_ctl`, [
    '-D',
    data,
    '-l',
    join(data, 'server.log'),
    '-w',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${run} -c fsync=off`,
    'start',
  ]);
  let stopped = false;
  return {
    createDatabase(name) {
      asPg(`${bin}/createdb`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'cway', name]);
      return `postgres://cway@127.0.0.1:${port}/${name}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asPg(`${bin}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
