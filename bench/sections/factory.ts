/**
 * The per-request server factory: what building one MCP server costs. A 2026-07-28 request (and a
 * stateless 2025 one) builds a fresh McpServer with `buildServer(caller)`; the tool list and its
 * JSON Schemas are built once per process by `createMcpSurface`. Measured in this process, with
 * the whole registry served, so the figure is the factory's own cost with nothing else running.
 */
import { callerOf } from '../../src/auth/caller.js';
import { capabilities } from '../../src/capabilities/index.js';
import { createConfirmationService } from '../../src/confirm/service.js';
import { CwayClient } from '../../src/cway/client.js';
import { createMcpSurface } from '../../src/surfaces/mcp/server.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round, summarize } from '../lib/stats.js';

export interface FactoryFigures {
  tools: number;
  /** createMcpSurface once: tool entries and schemas for the whole registry. */
  surfaceMs: number;
  /** buildServer(caller) per request: median and p99 over `runs`. */
  buildMedianUs: number;
  buildP99Us: number;
  runs: number;
}

export function runFactory(runs: number): FactoryFigures {
  const dir = mkdtempSync(join(tmpdir(), 'cway-bench-factory-'));
  try {
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const services = {
      apiUrl: 'http://127.0.0.1:9',
      sandbox: true,
      webBaseUrl: 'https://app.cway.se',
      confirmations: createConfirmationService({ dir }),
    };
    const client = new CwayClient({ url: services.apiUrl });
    const t0 = performance.now();
    const surface = createMcpSurface({ capabilities, client, services, log: silent });
    const surfaceMs = performance.now() - t0;
    const caller = callerOf('bench-token', 'bearer');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      surface.buildServer(caller);
      times.push((performance.now() - t) * 1000);
    }
    const s = summarize(times.slice(Math.min(50, runs / 10))); // without the first, cold builds
    return {
      tools: surface.catalog.list.length,
      surfaceMs: round(surfaceMs, 1),
      buildMedianUs: round(s.median, 1),
      buildP99Us: round(s.p99, 1),
      runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
