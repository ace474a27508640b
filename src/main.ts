#!/usr/bin/env node
/**
 * The `cway-mcp` command: `sandbox`, `export-openapi`, or (default) serve MCP and/or REST.
 * In stdio mode nothing but MCP messages is written to stdout.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { callerOf } from './auth/caller.js';
import { PROFILE_NAMES } from './capabilities/profiles.js';
import { ConfigError, HELP, loadConfig, wantsHelp, type Config } from './config.js';
import { createLogger, type AppLogger } from './logging.js';
import { createRuntime, startServer } from './server.js';
import { demoBanner } from './surfaces/mcp/banner.js';
import { runStdio } from './surfaces/mcp/stdio.js';
import { redactPostgresUrl } from './store/postgres.js';

function bannerFacts(
  config: Config,
  baseUrl: string | null,
  sandbox: NonNullable<Awaited<ReturnType<typeof createRuntime>>['sandbox']>,
  toolCount: number,
) {
  return {
    mode: config.mode,
    baseUrl,
    sandboxUrl: sandbox.url,
    users: sandbox.users,
    mainPath: realpathSync(fileURLToPath(import.meta.url)),
    nodePath: process.execPath,
    toolsets: config.toolsets,
    toolCount,
    profile: config.toolsetsChosen && !config.profileChosen ? `toolsets ${config.toolsets.join(',')}` : config.profile,
    profiles: PROFILE_NAMES,
  };
}

function onSignals(stop: () => Promise<void>, log: AppLogger, closeLog: () => void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop().then(
      () => {
        closeLog();
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

async function serve(argv: string[]): Promise<void> {
  const config = loadConfig({ argv, env: process.env });
  const { log, close: closeLog } = createLogger({
    level: config.logLevel,
    dir: config.logDir,
    fileName: `cway-mcp-${config.mode}.log`,
    output: config.logOutput,
  });

  if (config.mode === 'stdio') {
    const runtime = await createRuntime(config, log);
    if (runtime.sandbox)
      process.stderr.write(demoBanner(bannerFacts(config, null, runtime.sandbox, runtime.mcpCapabilities.length)));
    if (!runtime.defaultToken) throw new ConfigError(['stdio mode needs CWAY_API_TOKEN (or demo mode)']);
    const session = runStdio(runtime.mcp, callerOf(runtime.defaultToken, 'default'));
    const stop = async () => {
      await session.close();
      await runtime.close();
    };
    onSignals(stop, log, closeLog);
    await session.closed;
    await stop();
    closeLog();
    process.exit(0);
  }

  const running = await startServer(config, { log });
  const baseUrl = config.publicUrl ?? running.url.replace('://127.0.0.1:', '://localhost:');
  const sandbox = running.runtime.sandbox;
  // With LOG_OUTPUT=stdout, stdout carries JSON lines only: the human-readable banner goes to stderr.
  const banner = config.logOutput === 'stdout' ? process.stderr : process.stdout;
  if (sandbox) banner.write(demoBanner(bannerFacts(config, baseUrl, sandbox, running.runtime.mcpCapabilities.length)));
  else {
    const what = [config.mode !== 'rest' ? 'MCP at /mcp and /sse' : '', config.mode !== 'sse' ? 'REST at /api' : '']
      .filter(Boolean)
      .join(', ');
    // The connection string is shown with its password masked; the SQLite store by its file.
    const store = config.databaseUrl ? redactPostgresUrl(config.databaseUrl) : running.runtime.store.location;
    const scale = config.instances > 1 ? `; rate limits per instance: 1/${config.instances}` : '';
    banner.write(
      `cway-mcp listening on ${baseUrl} (${what}); Cway: ${running.runtime.client.url}; store: ${store}${scale}\n`,
    );
  }
  onSignals(() => running.close(), log, closeLog);
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  // Loaded only when asked for, so serving does not pay for them.
  if (command === 'sandbox') return (await import('../sandbox/cli.js')).runSandboxCli(rest);
  if (command === 'export-openapi') return (await import('./surfaces/rest/export.js')).exportOpenApiCli(rest);
  if (command === 'help' || wantsHelp(argv)) {
    process.stdout.write(HELP);
    return;
  }
  if (command !== undefined && !command.startsWith('-')) {
    throw new ConfigError([
      `unknown command "${command}"; commands: sandbox, export-openapi (or none to serve); see --help`,
    ]);
  }
  await serve(argv);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `cway-mcp: ${(err as Error)?.message ?? String(err)}`}\n`,
  );
  process.exit(err instanceof ConfigError ? 2 : 1);
});
