/** Row shapes of the sandbox tables (see schema.ts). Booleans are 0/1 as SQLite stores them. */
export type Bit = 0 | 1;

export type ProjectState = 'PLANNED' | 'IN_PROGRESS' | 'STAND_BY' | 'DELIVERED' | 'CLOSED';
export type ArtworkState =
  'UNSTARTED' | 'FOR_REVIEW' | 'COMMENTED' | 'REJECTED' | 'APPROVED' | 'BUNDLED' | 'SHIPPED' | 'DELIVERED' | 'CANCELED';
export type ApprovalMode = 'ALL_REQUIRED' | 'ANY_MEMBER';

export interface PermissionSet {
  canImpersonate: boolean;
  userAdministration: boolean;
  organisationUserAdministration: boolean;
  canCreateTopFolder: boolean;
  canSeeOtherProjects: boolean;
  canCreateProject: boolean;
  canUseProjectManager: boolean;
  canCreateShare: boolean;
  canSeeProjectHistory: boolean;
  canSearchUsers: boolean;
  canChangeOrganisationBaseData: boolean;
  isSystemAdmin: boolean;
}

export interface OrganisationRow {
  id: string;
  name: string;
  description: string | null;
  active: Bit;
}

export interface PermissionGroupRow {
  id: string;
  roleId: number;
  name: string;
  permissions: PermissionSet;
}

export interface UserRow {
  id: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  enabled: Bit;
  deleted: Bit;
  permissionGroupId: string;
  role: string;
  token: string | null;
  createdAt: number;
  addedAt: number | null;
  addedBy: string | null;
  lastLogin: number | null;
  companyName: string | null;
  jobTitle: string | null;
  department: string | null;
}

export interface TeamRow {
  id: string;
  name: string;
  description: string;
  approvalMode: ApprovalMode | null;
}

export interface TeamMemberRow {
  teamId: string;
  userId: string;
  admin: Bit;
}

export interface CategoryRow {
  id: string;
  name: string;
  description: string;
  archived: Bit;
  isDefault: Bit;
  position: number;
}

export interface BrandRow {
  id: string;
  name: string;
}

export interface PrintSpecRow {
  id: string;
  name: string;
  packaging: string;
  print: string;
  decor: string;
  specialInstructions: string;
  createdAt: number;
  createdBy: string;
}

export interface FileRow {
  id: string;
  name: string;
  size: number | null;
  contentType: string | null;
  renderStatus: string | null;
  noPages: number | null;
  created: number;
}

export interface ProjectRow {
  id: string;
  name: string;
  description: string | null;
  notes: string | null;
  orderNo: string;
  state: ProjectState;
  ordererId: string;
  managerId: string | null;
  createdAt: number;
  startDate: string | null;
  endDate: string | null;
  lastActivity: number | null;
  closedAt: number | null;
}

export interface ArtworkRow {
  id: string;
  projectId: string;
  name: string;
  description: string;
  categoryId: string;
  state: ArtworkState;
  createdAt: number;
  startDate: string | null;
  endDate: string | null;
  approvalDate: number | null;
  deliveryDate: number | null;
  downloadedDate: number | null;
  latestActivity: number;
  position: number;
}

export interface ArtworkUserRow {
  artworkId: string;
  projectId: string;
  userId: string;
  isApprover: Bit;
  isReceiver: Bit;
  isSupplier: Bit;
  approved: Bit;
  rejected: Bit;
  approvedRevision: string | null;
  clearOnNextRevision: Bit;
  deadline: number | null;
  reminderSentDate: number | null;
  downloaded: Bit;
  supplierType: string;
  seq: number;
}

export interface ArtworkTeamRow {
  id: string;
  artworkId: string;
  projectId: string;
  teamId: string;
  approvalMode: ApprovalMode;
  isApprover: Bit;
  isReceiver: Bit;
  isSupplier: Bit;
}

export interface TeamApprovalRow {
  artworkTeamId: string;
  userId: string;
  /** null = undecided, 1 = approved, 0 = rejected. */
  approved: Bit | null;
  approvedAt: number | null;
  deadline: number | null;
}

export interface RevisionRow {
  id: string;
  artworkId: string;
  revisionNo: number;
  name: string;
  comment: string | null;
  fileId: string | null;
  createdBy: string | null;
  createdAt: number;
}

export interface CorrectionRow {
  id: string;
  artworkId: string;
  revisionId: string;
  number: number;
  text: string;
  markers: string;
  commentedBy: string;
  createdAt: number;
  valid: Bit;
  invalidatedBy: string | null;
}

export interface ArtworkFileRow {
  artworkId: string;
  fileId: string;
  fileType: string;
}

export interface EventRow {
  id: string;
  kind: string;
  name: string;
  description: string;
  timestamp: number;
}

export interface FolderRow {
  id: string;
  parentId: string | null;
  name: string;
  shared: Bit;
  position: number;
}

export interface FolderItemRow {
  id: string;
  folderId: string;
  kind: 'FILE' | 'ARTWORK';
  name: string;
  obsolete: Bit;
  fileId: string | null;
  mcArtworkId: string | null;
  created: number;
}

export interface McArtworkRow {
  id: string;
  name: string;
  previewFileId: string;
  categoryId: string;
  draft: Bit;
  projectArtworkId: string | null;
  created: number;
  modified: number;
}

export interface McCommentRow {
  id: string;
  mcArtworkId: string;
  number: number;
  text: string;
  markers: string;
  commentedBy: string;
  createdAt: number;
  valid: Bit;
  invalidatedBy: string | null;
}

export interface ShareItem {
  mediaType: 'FILE' | 'MC_ARTWORK' | 'PROJECT_ARTWORK';
  id: string;
}

export interface ShareRow {
  id: string;
  name: string;
  message: string;
  size: number;
  created: number;
  validToDate: number | null;
  sharedTo: string;
  sharedFrom: string;
  read: Bit;
  items: string;
}
