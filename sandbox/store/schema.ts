/**
 * The SQLite schema of the sandbox. Columns are named like the fields they feed (camelCase), so
 * rows map to resolvers without renaming. Real columns carry what filters, joins and ordering
 * need (with indexes); free-form structures (markers, print-spec blocks, share items) are JSON.
 * Instants are epoch ms (INTEGER), calendar days `YYYY-MM-DD` (TEXT), booleans 0/1.
 * Secondary indexes are created after the seed's bulk load (building them once is faster than
 * updating them row by row).
 */
export const TABLES = `
CREATE TABLE organisation (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, active INTEGER NOT NULL DEFAULT 1);

CREATE TABLE permissionGroups (
  id TEXT PRIMARY KEY, roleId INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, permissions TEXT NOT NULL);

CREATE TABLE users (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, email TEXT NOT NULL,
  firstName TEXT NOT NULL, lastName TEXT NOT NULL, enabled INTEGER NOT NULL DEFAULT 1,
  deleted INTEGER NOT NULL DEFAULT 0, permissionGroupId TEXT NOT NULL, role TEXT NOT NULL,
  token TEXT UNIQUE, createdAt INTEGER NOT NULL, addedAt INTEGER, addedBy TEXT, lastLogin INTEGER,
  companyName TEXT, jobTitle TEXT, department TEXT);

CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, approvalMode TEXT);
CREATE TABLE teamMembers (
  teamId TEXT NOT NULL, userId TEXT NOT NULL, admin INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (teamId, userId));

CREATE TABLE categories (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
  isDefault INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL);
CREATE TABLE brands (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE printSpecs (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, packaging TEXT NOT NULL, print TEXT NOT NULL, decor TEXT NOT NULL,
  specialInstructions TEXT NOT NULL, createdAt INTEGER NOT NULL, createdBy TEXT NOT NULL);

CREATE TABLE files (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER, contentType TEXT, renderStatus TEXT,
  noPages INTEGER, created INTEGER NOT NULL);

CREATE TABLE projects (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, notes TEXT, orderNo TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL, ordererId TEXT NOT NULL, managerId TEXT, createdAt INTEGER NOT NULL,
  startDate TEXT, endDate TEXT, lastActivity INTEGER, closedAt INTEGER, search TEXT NOT NULL);

CREATE TABLE artworks (
  id TEXT PRIMARY KEY, projectId TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
  categoryId TEXT NOT NULL, state TEXT NOT NULL, createdAt INTEGER NOT NULL, startDate TEXT, endDate TEXT,
  approvalDate INTEGER, deliveryDate INTEGER, downloadedDate INTEGER, latestActivity INTEGER NOT NULL,
  position INTEGER NOT NULL DEFAULT 0);

CREATE TABLE artworkUsers (
  artworkId TEXT NOT NULL, projectId TEXT NOT NULL, userId TEXT NOT NULL,
  isApprover INTEGER NOT NULL DEFAULT 0, isReceiver INTEGER NOT NULL DEFAULT 0, isSupplier INTEGER NOT NULL DEFAULT 0,
  approved INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, approvedRevision TEXT,
  clearOnNextRevision INTEGER NOT NULL DEFAULT 1, deadline INTEGER, reminderSentDate INTEGER,
  downloaded INTEGER NOT NULL DEFAULT 0, supplierType TEXT NOT NULL DEFAULT 'DESIGNER', seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (artworkId, userId)) WITHOUT ROWID;

CREATE TABLE artworkTeams (
  id TEXT PRIMARY KEY, artworkId TEXT NOT NULL, projectId TEXT NOT NULL, teamId TEXT NOT NULL,
  approvalMode TEXT NOT NULL, isApprover INTEGER NOT NULL DEFAULT 0, isReceiver INTEGER NOT NULL DEFAULT 0,
  isSupplier INTEGER NOT NULL DEFAULT 0, UNIQUE (artworkId, teamId));
CREATE TABLE teamApprovals (
  artworkTeamId TEXT NOT NULL, userId TEXT NOT NULL, approved INTEGER, approvedAt INTEGER, deadline INTEGER,
  PRIMARY KEY (artworkTeamId, userId));

CREATE TABLE revisions (
  id TEXT PRIMARY KEY, artworkId TEXT NOT NULL, revisionNo INTEGER NOT NULL, name TEXT NOT NULL, comment TEXT,
  fileId TEXT, createdBy TEXT, createdAt INTEGER NOT NULL, UNIQUE (artworkId, revisionNo));
CREATE TABLE corrections (
  id TEXT PRIMARY KEY, artworkId TEXT NOT NULL, revisionId TEXT NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL,
  markers TEXT NOT NULL DEFAULT '[]', commentedBy TEXT NOT NULL, createdAt INTEGER NOT NULL,
  valid INTEGER NOT NULL DEFAULT 1, invalidatedBy TEXT);
CREATE TABLE projectFiles (
  projectId TEXT NOT NULL, fileId TEXT NOT NULL, addedAt INTEGER NOT NULL, PRIMARY KEY (projectId, fileId));
CREATE TABLE artworkTasks (
  artworkId TEXT NOT NULL, type TEXT NOT NULL, description TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0,
  dateCreated INTEGER NOT NULL, dateDone INTEGER, finishedBy TEXT, PRIMARY KEY (artworkId, type));
CREATE TABLE artworkFiles (
  artworkId TEXT NOT NULL, fileId TEXT NOT NULL, fileType TEXT NOT NULL, PRIMARY KEY (artworkId, fileId, fileType));

CREATE TABLE projectEvents (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, projectId TEXT NOT NULL, kind TEXT NOT NULL,
  name TEXT NOT NULL, description TEXT NOT NULL, timestamp INTEGER NOT NULL);
CREATE TABLE artworkEvents (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, artworkId TEXT NOT NULL, projectId TEXT NOT NULL,
  kind TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, timestamp INTEGER NOT NULL);

CREATE TABLE folders (
  id TEXT PRIMARY KEY, parentId TEXT, name TEXT NOT NULL, shared INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL);
CREATE TABLE mcArtworks (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, previewFileId TEXT NOT NULL, categoryId TEXT NOT NULL,
  draft INTEGER NOT NULL DEFAULT 0, projectArtworkId TEXT, created INTEGER NOT NULL, modified INTEGER NOT NULL);
CREATE TABLE folderItems (
  id TEXT PRIMARY KEY, folderId TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
  obsolete INTEGER NOT NULL DEFAULT 0, fileId TEXT, mcArtworkId TEXT, created INTEGER NOT NULL);
CREATE TABLE mcComments (
  id TEXT PRIMARY KEY, mcArtworkId TEXT NOT NULL, number INTEGER NOT NULL, text TEXT NOT NULL,
  markers TEXT NOT NULL DEFAULT '[]', commentedBy TEXT NOT NULL, createdAt INTEGER NOT NULL,
  valid INTEGER NOT NULL DEFAULT 1, invalidatedBy TEXT);

CREATE TABLE shares (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, message TEXT NOT NULL, size INTEGER NOT NULL, created INTEGER NOT NULL,
  validToDate INTEGER, sharedTo TEXT NOT NULL, sharedFrom TEXT NOT NULL, read INTEGER NOT NULL DEFAULT 0,
  items TEXT NOT NULL);
CREATE TABLE articles (
  id TEXT PRIMARY KEY, articleNo TEXT NOT NULL, name TEXT, brandId TEXT, size TEXT);
CREATE TABLE articleGtins (articleId TEXT NOT NULL, gtin TEXT NOT NULL, PRIMARY KEY (articleId, gtin));
CREATE TABLE articleArtworks (articleId TEXT NOT NULL, artworkId TEXT NOT NULL, PRIMARY KEY (articleId, artworkId));
CREATE TABLE downloadJobs (id TEXT PRIMARY KEY, createdAt INTEGER NOT NULL, createdBy TEXT NOT NULL, request TEXT NOT NULL);
`;

export const INDEXES = `
CREATE INDEX teamMembers_user ON teamMembers(userId);
CREATE INDEX projects_order ON projects(createdAt DESC, id);
CREATE INDEX projects_state ON projects(state, createdAt DESC);
CREATE INDEX projects_orderer ON projects(ordererId);
CREATE INDEX projects_manager ON projects(managerId);
CREATE INDEX projects_orderNo ON projects(orderNo);
CREATE INDEX artworks_project ON artworks(projectId, position);
CREATE INDEX artworks_state ON artworks(state);
CREATE INDEX artworks_category ON artworks(categoryId);
CREATE INDEX artworkUsers_user ON artworkUsers(userId, projectId);
CREATE INDEX artworkTeams_team ON artworkTeams(teamId, projectId);
CREATE INDEX corrections_revision ON corrections(revisionId, number);
CREATE INDEX projectEvents_project ON projectEvents(projectId, timestamp);
CREATE INDEX artworkEvents_artwork ON artworkEvents(artworkId, timestamp);
CREATE INDEX artworkEvents_kind ON artworkEvents(kind, timestamp);
CREATE INDEX folders_parent ON folders(parentId);
CREATE INDEX folderItems_folder ON folderItems(folderId);
CREATE INDEX mcComments_artwork ON mcComments(mcArtworkId, number);
`;
