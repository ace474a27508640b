/**
 * Cway's GraphQL subscriptions, for the AI results (`aiQueryResult(threadId)`), over graphql-ws
 * (the `graphql-transport-ws` protocol) with the `ws` package as the socket (Node 20 has no
 * global WebSocket). Cway does not document its subscription transport; the assumptions (same
 * path as the API with ws(s) for http(s), the bearer token in the connection_init payload as
 * `Authorization`) are written in docs/sandbox.md and the URL is configurable
 * (CWAY_SUBSCRIPTION_URL, or "off").
 *
 * One connection per wait, closed when the answer comes, the wait times out or the caller
 * cancels; nothing is retried (a failed connection is reported, and the caller falls back to the
 * thread id).
 */
import { createClient } from 'graphql-ws';
import { print } from 'graphql';
import WebSocket from 'ws';
import { graphql, type ResultOf } from './graphql.js';

export const AiQueryResult = graphql(`
  subscription AiQueryResult($threadId: String!) {
    aiQueryResult(threadId: $threadId) {
      status
      threadId
      result
      error
    }
  }
`);
const QUERY = print(AiQueryResult);

export type AiMessage = ResultOf<typeof AiQueryResult>['aiQueryResult'];

export type AiOutcome =
  { kind: 'message'; message: AiMessage } | { kind: 'timeout' } | { kind: 'unavailable'; reason: string };

export interface AiWait {
  threadId: string;
  /** Longest wait for the answer, in ms. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called every `tickMs` while waiting, with the seconds waited so far. */
  onTick?: (seconds: number) => void;
  tickMs?: number;
}

/** The subscription URL for an API URL: the same address with ws(s) for http(s). */
export function defaultSubscriptionUrl(apiUrl: string): string {
  return apiUrl.replace(/^http(s?):/i, 'ws$1:');
}

/** Waits for the one aiQueryResult message of `threadId`, as the owner of `token`. */
export function waitForAiResult(url: string, token: string, w: AiWait): Promise<AiOutcome> {
  return new Promise<AiOutcome>((resolve) => {
    let settled = false;
    const started = Date.now();
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${token}` },
      lazy: true,
      retryAttempts: 0,
      connectionAckWaitTimeout: Math.min(10_000, w.timeoutMs),
    });
    const finish = (o: AiOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(ticker);
      w.signal?.removeEventListener('abort', onAbort);
      unsubscribe();
      void client.dispose();
      resolve(o);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), w.timeoutMs);
    const ticker = setInterval(() => w.onTick?.(Math.round((Date.now() - started) / 1000)), w.tickMs ?? 5_000);
    const onAbort = () => finish({ kind: 'unavailable', reason: 'the call was cancelled' });
    w.signal?.addEventListener('abort', onAbort, { once: true });
    const unsubscribe = client.subscribe<ResultOf<typeof AiQueryResult>>(
      { query: QUERY, variables: { threadId: w.threadId } },
      {
        next: (r) => {
          if (r.data?.aiQueryResult) finish({ kind: 'message', message: r.data.aiQueryResult });
          else if (r.errors?.length) finish({ kind: 'unavailable', reason: r.errors[0]!.message });
        },
        error: (err) => finish({ kind: 'unavailable', reason: describe(err) }),
        complete: () => finish({ kind: 'unavailable', reason: 'the subscription ended without an answer' }),
      },
    );
    if (w.signal?.aborted) onAbort();
  });
}

/** A short, token-free account of a socket or protocol failure. */
function describe(err: unknown): string {
  if (err instanceof Error) return err.message.slice(0, 200);
  if (Array.isArray(err)) return String((err[0] as { message?: unknown })?.message ?? 'GraphQL error').slice(0, 200);
  const close = err as { code?: unknown; reason?: unknown; type?: unknown };
  if (typeof close?.code === 'number')
    return `the connection closed (${close.code}${close.reason ? `: ${String(close.reason)}` : ''})`;
  if (close?.type === 'error') return 'the connection failed';
  return 'the subscription failed';
}
