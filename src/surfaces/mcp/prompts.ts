/**
 * Ready-made prompts for the questions people ask most. They name tools; a prompt is registered
 * even when a tool it names is not served here (the model then says what it cannot do).
 */
import type { GetPromptResult, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

const user = (text: string): GetPromptResult => ({ messages: [{ role: 'user', content: { type: 'text', text } }] });

const days = (v: string | undefined, fallback: number): number => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n <= 365 ? n : fallback;
};

/** The prompts' argument schemas, built once (every per-request server registers the prompts). */
const WEEKLY_ARGS = z.object({
  days: z.string().optional().describe('How many days back counts as "this week" (default 7).'),
});
const STALLED_ARGS = z.object({
  days: z.string().optional().describe('Days without activity that count as stalled (default 14).'),
});

export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'weekly_status_report',
    {
      title: 'Weekly status report of my projects',
      description:
        'A status report of the projects I am involved in: progress, what changed this week, risks, next steps.',
      argsSchema: WEEKLY_ARGS,
    },
    ({ days: d }) =>
      user(
        `Write a weekly status report of my Cway projects covering the last ${days(d, 7)} days.\n` +
          '1. Call get_active_projects (or list_projects with onlyMine: true and states IN_PROGRESS) and page through nextPage until null.\n' +
          '2. For each project call get_project; where something happened recently, get_project_history.\n' +
          '3. Report per project: state, traffic-light status, % done, end date, what changed in the period, and artworks waiting for approval.\n' +
          '4. End with risks (overdue end dates, RED/YELLOW status, no activity) and suggested next steps. Keep it to one screen.',
      ),
  );

  server.registerPrompt(
    'waiting_for_my_approval',
    {
      title: 'What is waiting for my approval',
      description: 'The artworks that wait for my decision, oldest first, with what each needs.',
    },
    () =>
      user(
        'List what is waiting for my approval in Cway.\n' +
          '1. Call get_my_artwork_queues and take the artworks to approve.\n' +
          '2. For any that need detail, call get_artwork (state, revision, open corrections, deadline).\n' +
          '3. Show a table: artwork, project, deadline, days waiting, open corrections. Oldest or overdue first.\n' +
          '4. Do not approve or reject anything unless I ask; approve_artworks and reject_artworks need my explicit go-ahead.',
      ),
  );

  server.registerPrompt(
    'find_stalled_projects',
    {
      title: 'Find stalled projects',
      description: 'Active projects with no activity for a while, and who could move each one forward.',
      argsSchema: STALLED_ARGS,
    },
    ({ days: d }) =>
      user(
        `Find Cway projects that have stalled: in progress but without activity for ${days(d, 14)} days or more.\n` +
          '1. Call get_active_projects (or list_projects with states IN_PROGRESS) and page through nextPage until null; use lastActivity.\n' +
          '   If get_stagnation_alerts (analytics) is available, use it instead: it ranks stalled projects by urgency.\n' +
          '2. For each stalled project call get_project to see which artworks wait and for whom (approvers, suppliers).\n' +
          '3. Report: project, days since last activity, end date, what it waits for, who to contact. Most overdue first.',
      ),
  );
}
