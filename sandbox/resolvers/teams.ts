/**
 * Team administration (remove members, team admins, approval mode, delete) and detaching a team
 * from an artwork. Assumptions about the real Cway are listed in docs/sandbox.md ("Teams").
 */
import type { Ctx } from './context.js';
import {
  displayName,
  me,
  record,
  requireArtwork,
  requireManager,
  requirePermission,
  requireUserById,
} from './context.js';
import { badInput, notFound } from '../errors.js';

type Mode = 'ALL_REQUIRED' | 'ANY_MEMBER';

function requireTeam(ctx: Ctx, teamId: string) {
  const team = ctx.store.users.team(teamId);
  if (!team) throw notFound(`Team ${teamId} not found`);
  return team;
}

function changed<T>(ctx: Ctx, fn: () => T): T {
  const out = fn();
  ctx.store.users.invalidate();
  return out;
}

export const teamMutations = {
  removeUsersFromTeam: (_: unknown, args: { teamId: string; userIds: string[] }, ctx: Ctx) => {
    requirePermission(ctx, 'userAdministration', 'change teams');
    const team = requireTeam(ctx, args.teamId);
    if (args.userIds.length === 0) throw badInput('userIds must not be empty');
    const members = new Set(ctx.store.users.members(team.id).map((m) => m.userId));
    for (const id of args.userIds) {
      const u = requireUserById(ctx, id);
      if (!members.has(u.id)) throw notFound(`${displayName(u)} is not a member of the team "${team.name}"`);
    }
    return changed(ctx, () => {
      for (const id of new Set(args.userIds)) {
        ctx.store.run('DELETE FROM teamMembers WHERE teamId = ? AND userId = ?', [team.id, id]);
        // Their pending say in the team's artwork approvals goes with them.
        ctx.store.run(
          'DELETE FROM teamApprovals WHERE userId = ? AND artworkTeamId IN (SELECT id FROM artworkTeams WHERE teamId = ?)',
          [id, team.id],
        );
      }
      return true;
    });
  },

  setUserAsTeamAdmin: (_: unknown, args: { teamId: string; userId: string; admin: boolean }, ctx: Ctx) => {
    requirePermission(ctx, 'userAdministration', 'change teams');
    const team = requireTeam(ctx, args.teamId);
    const u = requireUserById(ctx, args.userId);
    return changed(ctx, () => {
      const n = ctx.store.run('UPDATE teamMembers SET admin = ? WHERE teamId = ? AND userId = ?', [
        args.admin ? 1 : 0,
        team.id,
        u.id,
      ]);
      if (n === 0) throw notFound(`${displayName(u)} is not a member of the team "${team.name}"`);
      return true;
    });
  },

  changeUserTeamApprovalMode: (_: unknown, args: { teamId: string; approvalMode: Mode }, ctx: Ctx) => {
    requirePermission(ctx, 'userAdministration', 'change teams');
    const team = requireTeam(ctx, args.teamId);
    return changed(ctx, () => {
      ctx.store.update('teams', { id: team.id }, { approvalMode: args.approvalMode });
      return true;
    });
  },

  deleteUserTeams: (_: unknown, args: { teamIds: string[] }, ctx: Ctx) => {
    requirePermission(ctx, 'userAdministration', 'delete teams');
    if (args.teamIds.length === 0) throw badInput('teamIds must not be empty');
    const teams = [...new Set(args.teamIds)].map((id) => requireTeam(ctx, id));
    return changed(ctx, () => {
      for (const t of teams) {
        ctx.store.run(
          'DELETE FROM teamApprovals WHERE artworkTeamId IN (SELECT id FROM artworkTeams WHERE teamId = ?)',
          [t.id],
        );
        ctx.store.run('DELETE FROM artworkTeams WHERE teamId = ?', [t.id]);
        ctx.store.run('DELETE FROM teamMembers WHERE teamId = ?', [t.id]);
        ctx.store.run('DELETE FROM teams WHERE id = ?', [t.id]);
      }
      return true;
    });
  },

  removeTeamFromArtwork: (_: unknown, args: { artworkId: string; teamId: string }, ctx: Ctx) => {
    const { artwork, project } = requireArtwork(ctx, args.artworkId);
    requireManager(ctx, project, 'detach teams');
    const team = requireTeam(ctx, args.teamId);
    const link = ctx.store.get<{ id: string }>('SELECT id FROM artworkTeams WHERE artworkId = ? AND teamId = ?', [
      artwork.id,
      team.id,
    ]);
    if (!link) throw notFound(`The team "${team.name}" is not attached to "${artwork.name}"`);
    ctx.store.run('DELETE FROM teamApprovals WHERE artworkTeamId = ?', [link.id]);
    ctx.store.run('DELETE FROM artworkTeams WHERE id = ?', [link.id]);
    record(ctx, {
      projectId: project.id,
      artworkId: artwork.id,
      kind: 'team.detached',
      name: 'Team detached',
      description: `${displayName(me(ctx))} detached the team "${team.name}" from "${artwork.name}"`,
    });
    return true;
  },
};
