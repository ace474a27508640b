import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { isoFromEpoch, epochMs, truncationNote, uuid } from '../shared.js';
import { projectNotFound, withProjectHint } from './fragments.js';

/** The project is read in the same request, so a wrong id is told apart from an empty history. */
const ProjectHistory = graphql(`
  query ProjectHistory($projectId: UUID!) {
    project(id: $projectId) {
      id
      name
    }
    projectHistory(projectId: $projectId) {
      id
      timestamp
      name
      description
    }
  }
`);

export default defineCapability({
  name: 'get_project_history',
  title: 'Project history',
  description:
    'A project\'s event log, newest first, for "what changed lately". Returns events with times (Cway records no actor).',
  toolset: 'projects',
  input: z.object({
    projectId: uuid('Project id'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(50)
      .describe('Most events to return, newest first (1-500, default 50).'),
  }),
  output: z.object({
    projectId: z.string(),
    projectName: z.string(),
    events: z.array(
      z.object({
        id: z.string(),
        at: z.string().nullable().describe('ISO-8601 UTC time of the event'),
        timestamp: z.number().describe('Epoch milliseconds, as Cway sends it'),
        name: z.string().describe('What happened (free text)'),
        description: z.string(),
      }),
    ),
    total: z.number().int().describe('Events Cway holds for the project.'),
    omitted: z.number().int().describe('Older events left out by limit.'),
    note: z.string().nullable(),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/{projectId}/history' },
  handler: async ({ projectId, limit }, ctx) => {
    const data = await ctx.cway
      .request(ProjectHistory, { projectId }, { signal: ctx.signal })
      .catch(withProjectHint(projectId));
    if (!data.project) throw projectNotFound(projectId);
    const all = [...data.projectHistory].sort((a, b) => epochMs(b.timestamp) - epochMs(a.timestamp));
    const kept = all.slice(0, limit);
    return {
      projectId: data.project.id,
      projectName: data.project.name,
      events: kept.map((e) => ({
        id: e.id,
        at: isoFromEpoch(e.timestamp),
        timestamp: Number(e.timestamp),
        name: e.name,
        description: e.description,
      })),
      total: all.length,
      omitted: all.length - kept.length,
      note: truncationNote(kept.length, all.length, 'events', 'the newest', 'limit'),
    };
  },
});
