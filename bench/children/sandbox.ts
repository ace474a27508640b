/**
 * Bench child: the Cway sandbox alone in its own process (SANDBOX_PROJECTS extra projects).
 * Answers `stats`, `faults` (set) and `cpu` over IPC; SIGTERM closes it.
 */
import { startSandbox } from '../../sandbox/server.js';
import { memoryAfterGc, serveIpc } from './ipc.js';

const sandbox = await startSandbox({ port: 0, projects: Number(process.env.SANDBOX_PROJECTS ?? 0) });
serveIpc(
  { url: sandbox.url, adminToken: sandbox.adminToken, pid: process.pid },
  {
    stats: () => sandbox.stats(),
    faults: (c) => sandbox.faults.set(c as Parameters<typeof sandbox.faults.set>[0]),
    cpu: () => process.cpuUsage(),
    mem: () => memoryAfterGc(),
  },
);
process.once('SIGTERM', () => {
  void sandbox.close().then(() => process.exit(0));
});
