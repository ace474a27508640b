/** Shared pieces of the team-administration capabilities. */
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { listTeams, type TeamRow } from '../users/people.js';

/** The team with this id, read from the organisation; not_found lists candidates. */
export async function requireTeam(ctx: CapabilityContext, teamId: string, field = 'teamId'): Promise<TeamRow> {
  const teams = await listTeams(ctx);
  const team = teams.find((t) => t.id.toLowerCase() === teamId.toLowerCase());
  if (!team) {
    throw new CapabilityError('not_found', `No team ${teamId}.`, {
      field,
      candidates: teams.slice(0, 20).map((t) => `${t.name} (${t.id})`),
      hint: 'Use one of the candidate team ids (list_teams lists them all).',
    });
  }
  return team;
}

/** The team re-read after a write (the write returns only a Boolean). */
export async function rereadTeam(ctx: CapabilityContext, teamId: string): Promise<TeamRow | null> {
  return (await listTeams(ctx)).find((t) => t.id === teamId) ?? null;
}

/** A member of the team by username; not_found names the members. */
export function requireMember(team: TeamRow, username: string, field: string) {
  const m = team.members.find((x) => x.username.toLowerCase() === username.toLowerCase());
  if (!m) {
    throw new CapabilityError('not_found', `${username} is not a member of the team "${team.name}".`, {
      field,
      candidates: team.members.map((x) => x.username),
      hint: 'Use one of the candidate usernames.',
    });
  }
  return m;
}
