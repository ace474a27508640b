/**
 * Who a call acts as. A caller is a Cway credential (the token every upstream call is made with)
 * and a stable, non-reversible id of it for caches, limits, logs and confirmation binding. The token
 * itself is never logged, shown or compared outside this module.
 */
import { createHash } from 'node:crypto';

export interface Caller {
  /** The Cway API token every upstream call of this caller is made with. */
  token: string;
  /** A stable, non-reversible id of the credential. */
  callerId: string;
  /**
   * bearer = the request's own Cway token; default = the server's configured one (stdio, demo,
   * `--auth none`); oauth = the signed-in person's Cway token from the vault (`--auth oauth`).
   */
  source: 'bearer' | 'default' | 'oauth';
}

const callerIds = new Map<string, string>();
/** Remembered ids; at the bound the map is emptied (recomputing one costs a hash). */
const MAX_REMEMBERED = 500;

/** A stable, non-reversible id for a credential (never log the token itself). */
export function callerIdOf(token: string): string {
  let id = callerIds.get(token);
  if (id === undefined) {
    id = createHash('sha256').update(token).digest('hex').slice(0, 16);
    if (callerIds.size >= MAX_REMEMBERED) callerIds.clear();
    callerIds.set(token, id);
  }
  return id;
}

export function callerOf(token: string, source: Caller['source']): Caller {
  return { token, callerId: callerIdOf(token), source };
}
