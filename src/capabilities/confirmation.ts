/**
 * Confirmation of destructive actions, for every domain. A destructive capability spreads
 * `confirmationInput` into its input and `confirmationOutput` into its output (its other output
 * fields optional), then calls `requireConfirmation` before it writes:
 *
 *   const pending = await requireConfirmation(ctx, { name, targets, summary, preview }, input.confirmationToken);
 *   if (pending) return { status: 'confirmation_required', confirmation: pending };
 *   ...write...
 *   return { status: 'done', ... };
 *
 * With an MCP client that supports elicitation the person is asked in a form (an `input_required`
 * result under 2026-07-28, an elicitation request in a 2025 session) and the call goes on once they
 * accept; otherwise the first call returns a signed token and changes nothing, and the second call
 * with that token does the work. See docs/confirmation.md.
 */
import { z } from 'zod';
import { CapabilityError } from '../errors.js';
import type { CapabilityContext } from './define.js';

export const confirmationInput = {
  confirmationToken: z
    .string()
    .max(2000)
    .optional()
    .describe(
      'Leave empty on the first call: it changes nothing and returns a summary and a token. Show the summary to the user and, only if they agree, call again with the same arguments and this token.',
    ),
};

export const confirmationRequest = z.object({
  token: z.string().describe('Pass back as confirmationToken, with the same arguments, once the user agrees.'),
  expiresAt: z.string().describe('ISO time after which the token is refused.'),
  summary: z.string().describe('What will happen; show it to the user before confirming.'),
  targets: z.array(z.string()).describe('The ids the token is bound to.'),
});

export type ConfirmationRequest = z.infer<typeof confirmationRequest>;

export const confirmationOutput = {
  status: z
    .enum(['done', 'confirmation_required'])
    .describe(
      '"done" when the action ran; "confirmation_required" when nothing changed yet and the user must confirm.',
    ),
  confirmation: confirmationRequest.optional().describe('Present when status is "confirmation_required".'),
};

export interface DestructiveAction {
  /** The capability name, e.g. "cancel_artworks"; the token is bound to it. */
  name: string;
  /** The ids acted on; the token is bound to exactly these (order does not matter). */
  targets: string[];
  /** One or two sentences a person can judge, e.g. "Cancel 2 artworks in project X: A, B." */
  summary: string;
  /** Optional details shown in the elicitation form (e.g. the items and their current states). */
  preview?: unknown;
}

const PREVIEW_LIMIT = 1500;

function elicitMessage(action: DestructiveAction): string {
  const lines = [action.summary];
  if (action.preview !== undefined) {
    const text = JSON.stringify(action.preview, null, 2);
    lines.push('', text.length > PREVIEW_LIMIT ? `${text.slice(0, PREVIEW_LIMIT)}\n…` : text);
  }
  lines.push('', 'Proceed?');
  return lines.join('\n');
}

/** The form the person is shown: one tick box. */
export const CONFIRM_SCHEMA = {
  type: 'object',
  properties: {
    confirm: { type: 'boolean', title: 'Yes, go ahead', description: 'Tick to confirm.', default: false },
  },
  required: ['confirm'],
} as const;

/**
 * Thrown by requireConfirmation when the surface can ask the person but has no answer yet. It is
 * not an error: the surface asks (MCP `input_required`) and runs the capability again with the
 * answer. Nothing has been written when it is thrown.
 */
export class NeedsConfirmation extends Error {
  readonly subject: { action: string; targets: string[] };
  constructor(
    action: DestructiveAction,
    /** What the person reads in the form. */
    readonly question: string,
  ) {
    super(`confirmation needed for ${action.name}`);
    this.name = 'NeedsConfirmation';
    this.subject = { action: action.name, targets: [...new Set(action.targets)].sort() };
  }
}

/**
 * Returns null when the action may proceed: a valid token for exactly this action, these targets
 * and this caller, or the person accepted the form. Returns a ConfirmationRequest (a signed,
 * single-use token) when the caller must confirm first and the surface cannot ask. Throws
 * NeedsConfirmation when the surface can ask and has not yet; throws `forbidden` when the person
 * declined; throws when a token does not fit.
 */
export async function requireConfirmation(
  ctx: CapabilityContext,
  action: DestructiveAction,
  token: string | undefined,
): Promise<ConfirmationRequest | null> {
  const service = ctx.services.confirmations;
  const binding = { action: action.name, targets: action.targets, callerId: ctx.callerId };
  if (token) {
    await service.redeem(token, binding, ctx.now());
    ctx.log.info({ action: action.name, targets: action.targets.length }, 'confirmed by token');
    return null;
  }
  if (ctx.askUser) {
    const answer = ctx.askUser.answer({ action: action.name, targets: [...new Set(action.targets)].sort() });
    if (answer === 'accepted') {
      ctx.log.info({ action: action.name, targets: action.targets.length }, 'confirmed by user');
      return null;
    }
    if (answer === 'declined') {
      throw new CapabilityError('forbidden', `The user did not confirm: ${action.summary}`, {
        hint: 'Nothing was changed. Do not retry unless the user asks for it again.',
      });
    }
    throw new NeedsConfirmation(action, elicitMessage(action));
  }
  const issued = service.issue(binding, ctx.now());
  return {
    token: issued.token,
    expiresAt: issued.expiresAt.toISOString(),
    summary: action.summary,
    targets: [...new Set(action.targets)].sort(),
  };
}
