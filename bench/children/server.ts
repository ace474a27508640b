/**
 * Bench child: the server under test, exactly as `startServer` runs it, in its own process.
 * Configured like the CLI (BENCH_ARGV as JSON flags, the environment); logs go to a file only,
 * as a deployment's would, not to a pipe this benchmark would have to drain. Answers `mem`
 * (after a full GC), `cpu`, `sessions` and `profile:start` / `profile:stop` (a V8 CPU
 * profile of just the measured window) over IPC; SIGTERM shuts it down gracefully.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging.js';
import { startServer, type StartOptions } from '../../src/server.js';
import { memoryAfterGc, serveIpc } from './ipc.js';

const config = loadConfig({ argv: JSON.parse(process.env.BENCH_ARGV ?? '[]') as string[], env: process.env });
const { log, close: closeLog } = createLogger({
  level: config.logLevel,
  dir: config.logDir,
  stderr: false,
  fileName: 'bench-server.log',
});
// The REST surface's per-caller rate limit (120 a minute) would refuse a load test from one
// token: lifted here, since the benchmark measures the server, not that policy.
// Likewise the MCP session caps (50 per credential): the load comes from one token.
const options: StartOptions = {
  log,
  // The bench drives one caller far past a person's rate; it measures the path, not the limiter.
  restRateLimit: false,
  mcpRateLimit: false,
  // And the per-caller upstream lane (16 in flight, 64 waiting): 200 sessions of one token would
  // be one person's runaway client, refused by design; here they stand for 200 people.
  cway: { gate: { perCaller: 1_000, queuePerCaller: 1_000 } },
  sessions: { maxPerCaller: 100_000, maxTotal: 100_000 },
};
const running = await startServer(config, options);
let profiler: Session | undefined;
serveIpc(
  { url: running.url, pid: process.pid },
  {
    mem: () => memoryAfterGc(),
    cpu: () => process.cpuUsage(),
    sessions: () => running.sessions(),
    'profile:start': async () => {
      profiler ??= new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
    },
    'profile:stop': async (file) => {
      const { profile } = await profiler!.post('Profiler.stop');
      writeFileSync(String(file), JSON.stringify(profile));
      profiler!.disconnect();
    },
  },
);
process.once('SIGTERM', () => {
  void running.close().then(() => {
    closeLog();
    process.exit(0);
  });
});
