import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';

const Summary = graphql(`
  query OpenAIProjectSummary($projectId: UUID!, $audience: ProjectSummaryAudience!) {
    openAIProjectSummary(projectId: $projectId, audience: $audience)
  }
`);

export default defineCapability({
  name: 'get_project_ai_summary',
  title: 'AI summary of a project',
  description:
    "Cway's AI-written project summary for a manager, orderer or creator. May be imprecise: check facts with other tools.",
  toolset: 'artworks',
  input: z.object({
    projectId: uuid('Project id'),
    audience: z
      .enum(['PROJECT_MANAGER', 'ORDERER', 'GRAPHICS_CREATOR'])
      .default('PROJECT_MANAGER')
      .describe('Who the summary is written for.'),
  }),
  output: z.object({ projectId: z.string(), audience: z.string(), summary: z.string() }),
  // Generated anew on every call, so not idempotent; it reads only.
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'GET', path: '/api/projects/{projectId}/ai-summary' },
  handler: async ({ projectId, audience }, ctx) => {
    const data = await ctx.cway.request(Summary, { projectId, audience }, { signal: ctx.signal });
    return { projectId, audience, summary: data.openAIProjectSummary };
  },
});
