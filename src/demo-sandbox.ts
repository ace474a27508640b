/**
 * One demo dataset per data directory. The first demo-mode process on a data directory starts the
 * embedded sandbox and records its URL and seeded users in `demo-sandbox.json` (mode 0600); a
 * second one (say `npm run start:rest` beside `npm run start:sse`) finds it alive and uses it, so
 * an approval made over MCP shows over REST. A record whose sandbox no longer answers is replaced.
 * The owner removes the record when it stops; the processes that joined keep working until then
 * and report the sandbox as unreachable afterwards (restart them to start a fresh one).
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './capabilities/define.js';
import type { Sandbox, SandboxUser } from '../sandbox/server.js';

export const DEMO_RECORD = 'demo-sandbox.json';
const LOCK = 'demo-sandbox.lock';
/** A lock older than this is left over from a process that died while starting. */
const STALE_LOCK_MS = 30_000;
/** How long a second process waits for the first to finish starting the sandbox. */
const WAIT_MS = 15_000;

interface DemoRecord {
  pid: number;
  url: string;
  adminToken: string;
  users: SandboxUser[];
}

async function alive(url: string): Promise<boolean> {
  try {
    const res = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

function readRecord(file: string): DemoRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as DemoRecord;
    return typeof r.url === 'string' && Array.isArray(r.users) && typeof r.adminToken === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

function joined(r: DemoRecord): Sandbox {
  const notOurs = (): never => {
    throw new Error(`the demo sandbox belongs to process ${r.pid}; control its faults and stats there`);
  };
  return {
    url: r.url,
    users: r.users,
    adminToken: r.adminToken,
    faults: { set: notOurs, reset: notOurs },
    stats: notOurs,
    close: async () => {},
  };
}

export async function startOrJoinDemoSandbox(dir: string, log: Logger): Promise<{ sandbox: Sandbox; owner: boolean }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const recordFile = join(dir, DEMO_RECORD);
  const lockFile = join(dir, LOCK);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const record = readRecord(recordFile);
    if (record && (await alive(record.url))) {
      log.info(
        { sandbox: record.url, owner: record.pid },
        'demo mode: using the sandbox of another process on this data directory',
      );
      return { sandbox: joined(record), owner: false };
    }
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(lockFile).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > STALE_LOCK_MS || Date.now() > deadline) rmSync(lockFile, { force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const { startSandbox } = await import('../sandbox/server.js');
    const sandbox = await startSandbox({ port: 0 });
    const record: DemoRecord = {
      pid: process.pid,
      url: sandbox.url,
      adminToken: sandbox.adminToken,
      users: sandbox.users,
    };
    const tmp = `${recordFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
    renameSync(tmp, recordFile);
    const owned: Sandbox = {
      ...sandbox,
      async close() {
        if (existsSync(recordFile) && readRecord(recordFile)?.pid === process.pid) rmSync(recordFile, { force: true });
        await sandbox.close();
      },
    };
    return { sandbox: owned, owner: true };
  } finally {
    rmSync(lockFile, { force: true });
  }
}
