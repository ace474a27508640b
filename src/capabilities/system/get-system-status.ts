import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { toCapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';

/** The cheapest valid request: proves Cway answers GraphQL, without touching data. */
const Ping = graphql(`
  query Ping {
    __typename
  }
`);

const StatusWhoAmI = graphql(`
  query StatusWhoAmI {
    loginInfo {
      user {
        username
        name
      }
      currentOrganisation {
        name
      }
    }
  }
`);

/**
 * Reports problems as data rather than failing: a status check that cannot reach Cway should say
 * so. Cway's own `status` query is for system admins only, so it is not used.
 */
export default defineCapability({
  name: 'get_system_status',
  title: 'System status',
  description:
    'Is Cway reachable, sandbox or live, and as which user. Call first when other tools fail; never fails itself.',
  toolset: 'system',
  input: z.object({}),
  output: z.object({
    ok: z.boolean().describe('Cway reachable and the token accepted.'),
    cway: z.object({
      reachable: z.boolean(),
      latencyMs: z.number().int().nullable().describe('Round trip of a minimal GraphQL request, retries included'),
      apiUrl: z.string(),
      mode: z.enum(['sandbox', 'live']).describe('sandbox: the local emulator with seeded data; live: the real Cway'),
      error: z.string().nullable(),
    }),
    auth: z.object({
      authenticated: z.boolean(),
      username: z.string().nullable(),
      name: z.string().nullable(),
      organisation: z.string().nullable(),
      error: z.string().nullable(),
    }),
    checkedAt: z.string().describe('ISO-8601 UTC'),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/system/status' },
  handler: async (_input, ctx) => {
    const { apiUrl, sandbox } = ctx.services;
    const checkedAt = ctx.now().toISOString();
    const describe = (err: unknown) => {
      const e = toCapabilityError(err);
      return `${e.code}: ${e.message}`;
    };

    const started = performance.now();
    let reachable = true;
    let cwayError: string | null = null;
    try {
      await ctx.cway.request(Ping, {}, { signal: ctx.signal });
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const e = toCapabilityError(err);
      // A refusal still proves Cway answered; only transport-level failures mean unreachable.
      reachable = !['upstream_unavailable', 'upstream_timeout', 'rate_limited', 'internal'].includes(e.code);
      cwayError = describe(err);
    }
    const latencyMs = Math.round(performance.now() - started);

    const auth = { authenticated: false, username: null, name: null, organisation: null, error: null } as {
      authenticated: boolean;
      username: string | null;
      name: string | null;
      organisation: string | null;
      error: string | null;
    };
    if (reachable) {
      try {
        const data = await ctx.cway.request(StatusWhoAmI, {}, { signal: ctx.signal });
        if (data.loginInfo) {
          auth.authenticated = true;
          auth.username = data.loginInfo.user.username;
          auth.name = data.loginInfo.user.name;
          auth.organisation = data.loginInfo.currentOrganisation?.name ?? null;
        } else {
          auth.error = 'Cway returned no login info for this token.';
        }
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        auth.error = describe(err);
      }
    } else {
      auth.error = 'not checked: Cway is unreachable';
    }

    return {
      ok: reachable && auth.authenticated,
      cway: {
        reachable,
        latencyMs: reachable ? latencyMs : null,
        apiUrl,
        mode: sandbox ? ('sandbox' as const) : ('live' as const),
        error: cwayError,
      },
      auth,
      checkedAt,
    };
  },
});
