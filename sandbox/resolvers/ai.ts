/**
 * Cway's thread-based AI features, emulated: `artworkAIAnalysis`, `projectHistorySummary` and
 * `assistantQuery` answer a thread id at once; the text arrives later on the subscription
 * `aiQueryResult(threadId)`, served over graphql-ws (sandbox/server.ts). The texts are canned,
 * assembled from the caller's data (no model is called), and a thread answers only the user who
 * started it.
 *
 * Threads are kept in memory, at most MAX_THREADS (the oldest is dropped; its subscription then
 * answers FAILED "unknown thread"). A result is ready AI_DELAY_MS (or the sandbox's aiDelayMs)
 * after the query, so a client waits as it would for a model.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx } from './context.js';
import { displayName, requireArtwork, requireProject, requirePermission } from './context.js';
import { badInput } from '../errors.js';
import { progress } from '../domain/rules.js';

export const AI_DELAY_MS = 300;
const MAX_THREADS = 1_000;

interface Thread {
  userId: string;
  readyAt: number;
  status: 'COMPLETED' | 'FAILED';
  result: string | null;
  error: string | null;
}

const threads = new Map<string, Thread>();

function startThread(ctx: Ctx, result: string, id: string = randomUUID()): string {
  threads.delete(id);
  threads.set(id, {
    userId: ctx.viewer.user.id,
    readyAt: Date.now() + (ctx.aiDelayMs ?? AI_DELAY_MS),
    status: 'COMPLETED',
    result,
    error: null,
  });
  while (threads.size > MAX_THREADS) threads.delete(threads.keys().next().value!);
  return id;
}

export const aiQueries = {
  artworkAIAnalysis: (_: unknown, args: { artworkId: string }, ctx: Ctx) => {
    const { artwork, project } = requireArtwork(ctx, args.artworkId);
    const revisions = ctx.store.artworks.revisionCount(artwork.id);
    const lines = [
      `Analysis of "${artwork.name}" in "${project.name}".`,
      `State ${artwork.state}; ${revisions} revision(s); due ${artwork.endDate ?? 'no due date'}.`,
      artwork.state === 'REJECTED' || artwork.state === 'COMMENTED'
        ? 'It needs a new revision that answers the corrections.'
        : 'No open corrections block it.',
      '(Sandbox: canned analysis, no AI model was used.)',
    ];
    return startThread(ctx, lines.join('\n'));
  },

  projectHistorySummary: (_: unknown, args: { projectId: string }, ctx: Ctx) => {
    requirePermission(ctx, 'canSeeProjectHistory', 'see project history');
    const p = requireProject(ctx, args.projectId);
    const events = ctx.store.history.projectEvents(p.id);
    const prog = progress(ctx.store.projects.stateCounts(p.id));
    const last = events.reduce<{ name: string; timestamp: number } | null>(
      (a, e) => (!a || e.timestamp > a.timestamp ? e : a),
      null,
    );
    const lines = [
      `History of "${p.name}": ${events.length} event(s); ${prog.percentageDone}% of its artworks done.`,
      last
        ? `Latest: ${last.name} (${new Date(last.timestamp).toISOString().slice(0, 10)}).`
        : 'Nothing has happened yet.',
      '(Sandbox: canned summary, no AI model was used.)',
    ];
    return startThread(ctx, lines.join('\n'));
  },

  assistantQuery: (_: unknown, args: { prompt: string; existingThread?: string | null }, ctx: Ctx) => {
    const prompt = args.prompt.trim();
    if (!prompt) throw badInput('prompt must not be empty');
    const previous = args.existingThread ? threads.get(args.existingThread) : undefined;
    if (args.existingThread && (!previous || previous.userId !== ctx.viewer.user.id))
      throw badInput(`Unknown thread ${args.existingThread}`);
    const lines = [
      `Hello ${displayName(ctx.viewer.user)}. You asked: "${prompt.slice(0, 200)}".`,
      previous ? 'This continues your earlier conversation.' : 'This starts a new conversation.',
      '(Sandbox: canned answer, no AI model was used.)',
    ];
    return startThread(ctx, lines.join('\n'), args.existingThread ?? undefined);
  },
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Subscription.aiQueryResult: one message when the thread's result is ready, then the end. */
export const aiSubscription = {
  aiQueryResult: {
    subscribe: async function* (_: unknown, args: { threadId: string }, ctx: Ctx & { signal?: AbortSignal }) {
      const t = threads.get(args.threadId);
      if (!t || t.userId !== ctx.viewer.user.id) {
        yield { threadId: args.threadId, status: 'FAILED', result: null, error: 'Unknown thread' };
        return;
      }
      await sleep(t.readyAt - Date.now(), ctx.signal);
      yield { threadId: args.threadId, status: t.status, result: t.result, error: t.error };
    },
    resolve: (message: unknown) => message,
  },
};
