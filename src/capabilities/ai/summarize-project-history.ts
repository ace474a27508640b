import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { aiOutput, awaitAiThread } from './thread.js';

const Summarise = graphql(`
  query ProjectHistorySummary($projectId: UUID!) {
    projectHistorySummary(projectId: $projectId)
  }
`);

export default defineCapability({
  name: 'summarize_project_history',
  title: 'Project history summary (AI)',
  description: "Cway's AI summary of what has happened in a project. Can take a while; progress is reported.",
  toolset: 'projects',
  input: z.object({ projectId: uuid('Project id') }),
  output: aiOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/{projectId}/history/ai-summary' },
  handler: async ({ projectId }, ctx) => {
    const threadId = (await ctx.cway.request(Summarise, { projectId }, { signal: ctx.signal })).projectHistorySummary;
    return awaitAiThread(ctx, threadId);
  },
});
