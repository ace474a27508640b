import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { label, readGate, runInOrder } from './load.js';

const Remind = graphql(`
  mutation RemindApprover($input: RemindApproverInput) {
    remindApprover(input: $input)
  }
`);

export default defineCapability({
  name: 'remind_approvers',
  title: 'Remind approvers',
  description:
    'Remind approvers of an artwork under review: those named, or all who have not decided. Teams cannot be reminded.',
  toolset: 'artworks',
  input: z.object({
    artworkId: uuid('Artwork id'),
    usernames: z
      .array(z.string().max(200))
      .max(50)
      .optional()
      .describe('Approvers to remind; default: every undecided approver.'),
  }),
  output: z.object({
    artworkId: z.string(),
    reminded: z.array(z.object({ username: z.string(), reminderSentDate: z.string().nullable() })),
    teamsNotReminded: z.array(z.string()).describe('Undecided approver teams; remind their members by name.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  rest: { method: 'POST', path: '/api/artworks/{artworkId}/remind' },
  handler: async ({ artworkId, usernames }, ctx) => {
    const a = await readGate(ctx, artworkId);
    if (!a) throw new CapabilityError('not_found', `No artwork visible to you with id ${artworkId}.`);
    if (!a.isInApprovableState) {
      throw new CapabilityError(
        'conflict',
        `${label(a)} is ${a.state}; reminders only make sense while it is under review (FOR_REVIEW or COMMENTED).`,
      );
    }
    const undecided = a.approvers.filter((u) => !u.approver?.approved && !u.approver?.rejected).map((u) => u.username);
    let targets = undecided;
    if (usernames?.length) {
      const approvers = a.approvers.map((u) => u.username);
      const unknown = usernames.filter((u) => !approvers.includes(u));
      if (unknown.length) {
        throw new CapabilityError('invalid_input', `${unknown.join(', ')} not a direct approver of ${label(a)}.`, {
          field: 'usernames',
          candidates: approvers,
        });
      }
      const decided = usernames.filter((u) => !undecided.includes(u));
      if (decided.length) {
        throw new CapabilityError(
          'conflict',
          `${decided.join(', ')} already decided on ${label(a)}; only undecided approvers can be reminded.`,
          {
            candidates: undecided,
          },
        );
      }
      targets = [...new Set(usernames)];
    }
    const teams = a.teamApprovers.filter((t) => t.approvalState === 'UNDECIDED').map((t) => t.name);
    if (targets.length === 0) {
      throw new CapabilityError(
        'conflict',
        `Every direct approver of ${label(a)} has decided${teams.length ? `; undecided teams: ${teams.join(', ')}` : ''}.`,
        {
          hint: 'Nobody to remind. Check the decisions with get_artwork.',
        },
      );
    }
    await runInOrder(
      targets,
      (u) => u,
      (username) =>
        ctx.cway.request(Remind, { input: { projectId: a.projectId, artworkId, username } }, { signal: ctx.signal }),
    );
    const after = (await readGate(ctx, artworkId)) ?? a;
    return {
      artworkId,
      reminded: targets.map((u) => ({
        username: u,
        reminderSentDate: after.approvers.find((x) => x.username === u)?.approver?.reminderSentDate ?? null,
      })),
      teamsNotReminded: teams,
    };
  },
});
