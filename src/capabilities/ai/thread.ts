/** Shared by the AI capabilities: wait for a thread's result over Cway's subscription, or fall back. */
import { z } from 'zod';
import type { CapabilityContext } from '../define.js';

/** Longest wait for an AI answer before the thread id is returned instead. */
export const AI_WAIT_MS = 60_000;
/** How often a progress notification is sent while waiting. */
export const AI_TICK_MS = 1_000;

export const aiOutput = z.object({
  status: z
    .enum(['completed', 'failed', 'pending'])
    .describe('pending: the answer did not arrive here; the note says why.'),
  threadId: z.string().describe('Cway AI thread; for a follow-up question, pass it as threadId.'),
  result: z.string().optional(),
  error: z.string().optional(),
  note: z.string().optional(),
});

export async function awaitAiThread(ctx: CapabilityContext, threadId: string): Promise<z.infer<typeof aiOutput>> {
  const outcome = ctx.aiResult
    ? await ctx.aiResult({
        threadId,
        timeoutMs: AI_WAIT_MS,
        tickMs: AI_TICK_MS,
        signal: ctx.signal,
        onTick: (s) => ctx.progress(s, undefined, `Waiting for Cway's AI answer (${s} s)`),
      })
    : ({ kind: 'unavailable', reason: 'this surface cannot wait for subscriptions' } as const);
  if (outcome.kind === 'message') {
    const m = outcome.message;
    return m.status === 'COMPLETED'
      ? { status: 'completed', threadId, result: m.result ?? '' }
      : { status: 'failed', threadId, error: m.error ?? 'Cway reported the AI request as failed.' };
  }
  const why =
    outcome.kind === 'timeout'
      ? `no answer within ${AI_WAIT_MS / 1000} s`
      : `the subscription failed: ${outcome.reason}`;
  ctx.log.warn({ threadId, why }, 'AI result not received');
  return {
    status: 'pending',
    threadId,
    note: `Cway started the AI request, but its answer did not arrive here (${why}). Cway delivers it only over a subscription; it may appear in the Cway web app.`,
  };
}
