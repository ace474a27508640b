import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { plainText } from '../shared.js';
import { aiOutput, awaitAiThread } from './thread.js';

const Ask = graphql(`
  query AssistantQuery($prompt: String!, $existingThread: String) {
    assistantQuery(prompt: $prompt, existingThread: $existingThread)
  }
`);

export default defineCapability({
  name: 'ask_cway_assistant',
  title: "Ask Cway's assistant",
  description:
    "Ask Cway's own AI assistant a question; pass threadId to follow up. Can take a while; progress is reported.",
  toolset: 'system',
  input: z.object({
    prompt: plainText('Prompt', { multiline: true }).trim().min(1).max(4000),
    threadId: z.string().trim().min(1).max(200).optional().describe('From an earlier answer.'),
  }),
  output: aiOutput,
  // Not read-only: Cway keeps the conversation (a thread) for the user.
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  rest: { method: 'POST', path: '/api/assistant/ask' },
  handler: async ({ prompt, threadId }, ctx) => {
    const started = (await ctx.cway.request(Ask, { prompt, existingThread: threadId ?? null }, { signal: ctx.signal }))
      .assistantQuery;
    if (!started) throw new CapabilityError('upstream_unavailable', 'Cway did not start an assistant thread.');
    return awaitAiThread(ctx, started);
  },
});
