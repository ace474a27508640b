/**
 * Structured logs: pino JSON lines to stderr, or to stdout when asked (LOG_OUTPUT=stdout, for a
 * supervisor that collects stdout; never in stdio mode, which owns stdout), and to a size-rotated
 * file under LOG_DIR. Every line written while a request or tool call is in progress
 * carries that call's fields (reqId, tool, ...) through AsyncLocalStorage, including lines from the
 * Cway client. Credentials are redacted by key wherever they appear.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './config.js';

export type AppLogger = PinoLogger;

const context = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `fn` with these fields added to every log line written during it (nested calls add up). */
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/** The fields of the call in progress (e.g. its reqId), if any. */
export function logContext(): Record<string, unknown> {
  return context.getStore() ?? {};
}

/** This process's prefix for request ids: random, so ids from two processes do not collide. */
const ID_PREFIX = randomBytes(4).toString('base64url').slice(0, 5);
let idSeq = 0;

/** A short id for one request or call: the process prefix and a counter (no system call per id). */
export function newRequestId(): string {
  return ID_PREFIX + (++idSeq).toString(36);
}

/** Keys whose values never reach a log line. */
export const REDACT_PATHS = [
  'authorization',
  'Authorization',
  'token',
  '*.token',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'cookie',
  '*.cookie',
  'adminToken',
  '*.adminToken',
  'cwayToken',
  '*.cwayToken',
  'confirmationToken',
  '*.confirmationToken',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'password',
  '*.password',
  'databaseUrl',
  '*.databaseUrl',
  '["set-cookie"]',
  '*["set-cookie"]',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
];

/** Lines are held until this many bytes are waiting, or FLUSH_MS has passed. */
const FLUSH_BYTES = 16 * 1024;
const FLUSH_MS = 200;

/**
 * An append-only file that rotates by size: `name` → `name.1` → … → `name.<keep>`. Lines are
 * written in order but in batches (16 KB or 200 ms, whichever comes first), since a write per line
 * is a system call per tool call; warnings, errors, `close()` and the process's exit flush at once,
 * so a crash loses at most 200 ms of routine lines.
 */
export class RotatingFile {
  private fd: number;
  /** Bytes in the current file, written or waiting. */
  private size: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly onExit = () => this.flush();
  constructor(
    readonly path: string,
    private readonly maxBytes = 10 * 1024 * 1024,
    private readonly keep = 5,
  ) {
    this.fd = openSync(path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
    process.on('exit', this.onExit);
  }

  write(chunk: string): boolean {
    const bytes = Buffer.byteLength(chunk);
    if (this.size > 0 && this.size + bytes > this.maxBytes) {
      this.flush();
      this.rotate();
    }
    this.pending.push(chunk);
    this.pendingBytes += bytes;
    this.size += bytes;
    if (this.pendingBytes >= FLUSH_BYTES || /"level":"(warn|error|fatal)"/.test(chunk)) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
    return true;
  }

  /** Writes what is waiting. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || this.fd < 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    writeSync(this.fd, text);
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.path}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    process.off('exit', this.onExit);
    closeSync(this.fd);
    this.fd = -1;
  }
}

export interface LoggerOptions {
  level: LogLevel;
  /** Directory of the log file; null = stderr only. */
  dir: string | null;
  /** File name inside dir (one per mode, so `start:sse` and `start:rest` side by side do not share one). */
  fileName?: string;
  /** Write to stderr too (default true). */
  stderr?: boolean;
  /** Which standard stream gets the lines (default stderr; stdout only when not in stdio mode). */
  output?: 'stderr' | 'stdout';
  maxBytes?: number;
  keep?: number;
}

/** Creates the process logger. Returns the logger and a close() for its file. */
export function createLogger(opts: LoggerOptions): { log: AppLogger; close(): void } {
  const streams: { level: LogLevel; stream: { write(s: string): unknown } }[] = [];
  let file: RotatingFile | undefined;
  if (opts.stderr !== false) {
    const fd = opts.output === 'stdout' ? 1 : 2;
    streams.push({ level: opts.level, stream: pino.destination({ fd, sync: true }) });
  }
  let fileProblem: string | undefined;
  if (opts.dir) {
    try {
      mkdirSync(opts.dir, { recursive: true });
      file = new RotatingFile(join(opts.dir, opts.fileName ?? 'cway-mcp.log'), opts.maxBytes, opts.keep);
      streams.push({ level: opts.level, stream: file });
    } catch (err) {
      // e.g. a client that spawns stdio servers with an unwritable working directory: log to stderr only.
      fileProblem = (err as Error).message;
    }
  }
  const level = opts.level;
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: () => ({ ...logContext() }), // a copy: pino merges the line into what mixin returns
      formatters: { level: (label) => ({ level: label }) },
    },
    streams.length > 0 ? pino.multistream(streams as Parameters<typeof pino.multistream>[0]) : { write() {} },
  );
  if (fileProblem)
    log.warn({ dir: opts.dir, problem: fileProblem }, 'cannot write the log file; logging to stderr only');
  return {
    log,
    close() {
      file?.close();
      file = undefined;
    },
  };
}

/** A logger that writes nothing (tests, or when the caller brings none). */
export function silentLogger(): AppLogger {
  return pino({ level: 'silent' });
}
