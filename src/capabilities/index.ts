/**
 * The one list of capabilities. MCP tools, REST routes, the OpenAPI document, docs tables and
 * the registry tests all loop over it. To add a capability: write its file (one per capability,
 * in its domain folder), import it here, run `npm test` (the snapshot shows the new surface).
 */
import type { Capability } from './define.js';

// projects
import listProjects from './projects/list-projects.js';
import searchProjects from './projects/search-projects.js';
import getActiveProjects from './projects/get-active-projects.js';
import getCompletedProjects from './projects/get-completed-projects.js';
import getMonthlyProjectTrends from './projects/get-monthly-project-trends.js';
import getStatusSummary from './projects/get-status-summary.js';
import getProject from './projects/get-project.js';
import getProjectHistory from './projects/get-project-history.js';
import createProject from './projects/create-project.js';
import updateProject from './projects/update-project.js';
import deliverProject from './projects/deliver-project.js';
import closeProjects from './projects/close-projects.js';
import reopenProjects from './projects/reopen-projects.js';
import deleteProjects from './projects/delete-projects.js';
// users
import listUsers from './users/list-users.js';
import searchUsers from './users/search-users.js';
import findUserByEmail from './users/find-user-by-email.js';
import getUser from './users/get-user.js';
import findUsersAndTeams from './users/find-users-and-teams.js';
import listTeams from './users/list-teams.js';
import getPermissionGroups from './users/get-permission-groups.js';
import getLoginInfo from './users/get-login-info.js';
import createUsers from './users/create-users.js';
import setUserPermissionGroup from './users/set-user-permission-group.js';
import deleteUsers from './users/delete-users.js';
import createTeam from './users/create-team.js';
import addTeamMembers from './users/add-team-members.js';
// system
import getSystemStatus from './system/get-system-status.js';
import search from './search/search.js';
import fetchDocument from './search/fetch.js';
// artworks
import getMyArtworkQueues from './artworks/get-my-artwork-queues.js';
import getArtwork from './artworks/get-artwork.js';
import getArtworkHistory from './artworks/get-artwork-history.js';
import getArtworkFiles from './artworks/get-artwork-files.js';
import getProjectAiSummary from './artworks/get-project-ai-summary.js';
import getArtworkAiAnalysis from './ai/get-artwork-ai-analysis.js';
import summarizeProjectHistory from './ai/summarize-project-history.js';
import askCwayAssistant from './ai/ask-cway-assistant.js';
import findArticles from './setup/find-articles.js';
import approveArtworks from './artworks/approve-artworks.js';
import rejectArtworks from './artworks/reject-artworks.js';
import revokeArtworkDecision from './artworks/revoke-artwork-decision.js';
import addCorrection from './artworks/add-correction.js';
import setCorrectionValidity from './artworks/set-correction-validity.js';
import remindApprovers from './artworks/remind-approvers.js';
import getUploadUrl from './artworks/get-upload-url.js';
import uploadNewRevision from './artworks/upload-new-revision.js';
import createArtworks from './artworks/create-artworks.js';
import assignArtworkPeople from './artworks/assign-artwork-people.js';
import startArtworks from './artworks/start-artworks.js';
import cancelArtworks from './artworks/cancel-artworks.js';
import deliverArtworks from './artworks/deliver-artworks.js';
// media
import getMediaFolderTree from './media/get-media-folder-tree.js';
import listFolderItems from './media/list-folder-items.js';
import searchMedia from './media/search-media.js';
import getMediaFile from './media/get-media-file.js';
import createDownloadJob from './media/create-download-job.js';
import getMediaArtwork from './media/get-media-artwork.js';
import commentMediaArtworks from './media/comment-media-artworks.js';
// shares
import listShares from './shares/list-shares.js';
import createShare from './shares/create-share.js';
import markSharesRead from './shares/mark-shares-read.js';
import removeShares from './shares/remove-shares.js';
import getShareContents from './shares/get-share-contents.js';
import createAnonymousShare from './shares/create-anonymous-share.js';
// setup
import listCategories from './setup/list-categories.js';
import createCategory from './setup/create-category.js';
import updateCategory from './setup/update-category.js';
import listBrands from './setup/list-brands.js';
import createBrand from './setup/create-brand.js';
import updateBrand from './setup/update-brand.js';
import listPrintSpecifications from './setup/list-print-specifications.js';
import getPrintSpecification from './setup/get-print-specification.js';
import createPrintSpecification from './setup/create-print-specification.js';
import updatePrintSpecification from './setup/update-print-specification.js';
// analytics
import getKpiDashboard from './analytics/get-kpi-dashboard.js';
import getDashboardChart from './analytics/get-dashboard-chart.js';
import getProjectTimelineChart from './analytics/get-project-timeline-chart.js';
import listProjectHealth from './analytics/list-project-health.js';
import getProjectHealth from './analytics/get-project-health.js';
import getStagnationAlerts from './analytics/get-stagnation-alerts.js';
import getTemporalDashboard from './analytics/get-temporal-dashboard.js';
import analyzeProjectVelocity from './analytics/analyze-project-velocity.js';
// artworks: search across projects, edits and tasks (issue 16)
import searchArtworks from './search/search-artworks.js';
import renameArtwork from './artworks/rename-artwork.js';
import setArtworkDates from './artworks/set-artwork-dates.js';
import setArtworkCategory from './artworks/set-artwork-category.js';
import duplicateArtworks from './artworks/duplicate-artworks.js';
import createArtworksFromFiles from './artworks/create-artworks-from-files.js';
import undoArtworkDelivery from './artworks/undo-artwork-delivery.js';
import deleteArtworks from './artworks/delete-artworks.js';
import getArtworkTasks from './artworks/get-artwork-tasks.js';
import updateArtworkTasks from './artworks/update-artwork-tasks.js';
// users: team administration, renaming a user (issue 16)
import removeTeamMembers from './teams/remove-team-members.js';
import setTeamAdmin from './teams/set-team-admin.js';
import setTeamApprovalMode from './teams/set-team-approval-mode.js';
import deleteTeams from './teams/delete-teams.js';
import detachTeamFromArtwork from './teams/detach-team-from-artwork.js';
import renameUser from './teams/rename-user.js';
// media management (issue 16)
import createMediaFolder from './media/create-media-folder.js';
import renameMediaFolder from './media/rename-media-folder.js';
import moveMediaFolder from './media/move-media-folder.js';
import deleteMediaFolder from './media/delete-media-folder.js';
import renameMediaItem from './media/rename-media-item.js';
import moveMediaItems from './media/move-media-items.js';
import deleteMediaItems from './media/delete-media-items.js';
import listProjectFiles from './media/list-project-files.js';
import addProjectFiles from './media/add-project-files.js';
import removeProjectFiles from './media/remove-project-files.js';

export const capabilities: readonly Capability[] = [
  // projects
  listProjects,
  searchProjects,
  getActiveProjects,
  getCompletedProjects,
  getMonthlyProjectTrends,
  getStatusSummary,
  getProject,
  getProjectHistory,
  createProject,
  updateProject,
  deliverProject,
  closeProjects,
  reopenProjects,
  deleteProjects,
  // users
  listUsers,
  searchUsers,
  findUserByEmail,
  getUser,
  findUsersAndTeams,
  listTeams,
  getPermissionGroups,
  getLoginInfo,
  createUsers,
  setUserPermissionGroup,
  deleteUsers,
  createTeam,
  addTeamMembers,
  // system
  getSystemStatus,
  search,
  fetchDocument,
  // artworks (/api/artworks/waiting-for-me before /api/artworks/{artworkId})
  getMyArtworkQueues,
  getArtwork,
  getArtworkHistory,
  getArtworkFiles,
  getProjectAiSummary,
  getArtworkAiAnalysis,
  summarizeProjectHistory,
  askCwayAssistant,
  findArticles,
  getUploadUrl,
  assignArtworkPeople,
  approveArtworks,
  rejectArtworks,
  revokeArtworkDecision,
  startArtworks,
  addCorrection,
  setCorrectionValidity,
  remindApprovers,
  uploadNewRevision,
  createArtworks,
  cancelArtworks,
  deliverArtworks,
  // media
  getMediaFolderTree,
  listFolderItems,
  searchMedia,
  getMediaFile,
  createDownloadJob,
  getMediaArtwork,
  commentMediaArtworks,
  createMediaFolder,
  renameMediaFolder,
  moveMediaFolder,
  deleteMediaFolder,
  renameMediaItem,
  moveMediaItems,
  deleteMediaItems,
  listProjectFiles,
  addProjectFiles,
  removeProjectFiles,
  // shares
  listShares,
  createShare,
  markSharesRead,
  removeShares,
  getShareContents,
  createAnonymousShare,
  // setup
  listCategories,
  createCategory,
  updateCategory,
  listBrands,
  createBrand,
  updateBrand,
  listPrintSpecifications,
  getPrintSpecification,
  createPrintSpecification,
  updatePrintSpecification,
  // analytics
  getKpiDashboard,
  getDashboardChart,
  getProjectTimelineChart,
  listProjectHealth,
  getProjectHealth,
  getStagnationAlerts,
  getTemporalDashboard,
  analyzeProjectVelocity,
  // artworks: search across projects, edits and tasks
  searchArtworks,
  renameArtwork,
  setArtworkDates,
  setArtworkCategory,
  duplicateArtworks,
  createArtworksFromFiles,
  undoArtworkDelivery,
  deleteArtworks,
  getArtworkTasks,
  updateArtworkTasks,
  // users: team administration, renaming a user
  removeTeamMembers,
  setTeamAdmin,
  setTeamApprovalMode,
  deleteTeams,
  detachTeamFromArtwork,
  renameUser,
] as unknown as readonly Capability[];
