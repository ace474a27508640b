/**
 * Permission groups and the per-project / per-artwork permissions derived from them. The same
 * functions gate the mutations, so `projectPermissions` and `artworkPermissions` always agree
 * with what the sandbox accepts.
 */
import { APPROVABLE, COMMENTABLE, NEW_REVISION, REJECTABLE } from './domain/rules.js';
import type { ArtworkState, PermissionSet, ProjectRow, UserRow } from './store/types.js';

const none: PermissionSet = {
  canImpersonate: false,
  userAdministration: false,
  organisationUserAdministration: false,
  canCreateTopFolder: false,
  canSeeOtherProjects: false,
  canCreateProject: false,
  canUseProjectManager: false,
  canCreateShare: false,
  canSeeProjectHistory: false,
  canSearchUsers: false,
  canChangeOrganisationBaseData: false,
  isSystemAdmin: false,
};

const projectManager: PermissionSet = {
  ...none,
  canCreateTopFolder: true,
  canSeeOtherProjects: true,
  canCreateProject: true,
  canUseProjectManager: true,
  canCreateShare: true,
  canSeeProjectHistory: true,
  canSearchUsers: true,
};

/** The seeded permission groups; `roleId` is what `UserInput.roleId` selects. */
export const PERMISSION_GROUPS = [
  {
    roleId: 1,
    name: 'Admin',
    permissions: {
      ...projectManager,
      userAdministration: true,
      organisationUserAdministration: true,
      canChangeOrganisationBaseData: true,
    },
  },
  { roleId: 2, name: 'Project manager', permissions: projectManager },
  {
    roleId: 3,
    name: 'Standard',
    permissions: {
      ...none,
      canCreateProject: true,
      canCreateShare: true,
      canSeeProjectHistory: true,
      canSearchUsers: true,
    },
  },
  { roleId: 4, name: 'Limited', permissions: { ...none, canSeeProjectHistory: true } },
] as const;

/** Seed role → permission group (roleId). */
export const ROLE_GROUP: Record<string, number> = {
  admin: 1,
  project_manager: 2,
  orderer: 3,
  approver: 4,
  supplier: 4,
  receiver: 4,
};

/** Default group of `createUser` without a roleId: Standard. */
export const DEFAULT_ROLE_ID = 3;

export interface Viewer {
  user: UserRow;
  perms: PermissionSet;
}

/**
 * Who manages a project: administrators, its project manager, and, while it has no manager,
 * its orderer and any user of the Project manager group.
 */
export function managesProject(v: Viewer, p: ProjectRow): boolean {
  if (v.perms.userAdministration || p.managerId === v.user.id) return true;
  return p.managerId === null && (v.perms.canUseProjectManager || p.ordererId === v.user.id);
}

export function projectPermissions(v: Viewer, p: ProjectRow) {
  const manage = managesProject(v, p);
  const seeAll = manage || p.ordererId === v.user.id || v.perms.canSeeOtherProjects;
  return {
    canManageProject: manage,
    canManageArtworks: manage,
    canChangeOrderer: manage,
    canRevokeApproval: manage,
    canRevokeRejection: manage,
    canManageTasks: manage,
    canChangeCategory: manage,
    canRejectDeliveredArtworks: manage,
    canSeeAllArtworks: seeAll,
    canSeeDeliveries: seeAll,
    canChangeNotes: manage || p.ordererId === v.user.id,
    canSetInvoiceNumber: v.perms.userAdministration,
  };
}

/** What the viewer is on one artwork (see domain/approval.ts `roleOn`). */
export interface RoleFacts {
  isApprover: boolean;
  isSupplier: boolean;
  isReceiver: boolean;
  hasPendingApproval: boolean;
}

export interface ArtworkFacts {
  state: ArtworkState;
  hasRevision: boolean;
}

export function artworkPermissions(v: Viewer, p: ProjectRow, a: ArtworkFacts, role: RoleFacts) {
  const manage = managesProject(v, p);
  const involved = role.isApprover || role.isSupplier || role.isReceiver || p.ordererId === v.user.id;
  return {
    mayApprove: role.isApprover && role.hasPendingApproval && APPROVABLE.has(a.state),
    mayReject: role.isApprover && REJECTABLE.has(a.state),
    canManageUsers: manage,
    canAddCorrections: a.hasRevision && COMMENTABLE.has(a.state) && (manage || involved),
    canResetApprovals: manage,
    canInvalidateCorrection: manage || role.isApprover,
    canUploadNewRevision: NEW_REVISION.has(a.state) && (manage || role.isSupplier),
    canDownloadRevision: a.hasRevision,
    canBundle: manage && a.state === 'APPROVED',
  };
}
