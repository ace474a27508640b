-- The first schema of the PostgreSQL store (src/store/postgres.ts), run by node-pg-migrate.
-- Released migrations are never edited: a change is a new file with a later timestamp, written
-- expand-then-contract so that instances of the previous release keep working (docs/deploy.md).
-- Times are epoch milliseconds (BIGINT), as in the SQLite store.

-- Up Migration
CREATE TABLE oauth_model (
  model       TEXT   NOT NULL,
  id          TEXT   NOT NULL,
  payload     JSONB  NOT NULL,
  grant_id    TEXT,
  uid         TEXT,
  user_code   TEXT,
  account_id  TEXT,
  expires_at  BIGINT,
  consumed_at BIGINT,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (model, id)
);
CREATE INDEX oauth_model_grant ON oauth_model (model, grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_model_uid ON oauth_model (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oauth_model_user_code ON oauth_model (model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oauth_model_account ON oauth_model (model, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX oauth_model_expiry ON oauth_model (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE vault (
  account_id    TEXT   PRIMARY KEY,
  key_id        TEXT   NOT NULL,
  sealed        BYTEA  NOT NULL,
  cway_user_id  TEXT   NOT NULL,
  cway_username TEXT   NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);

CREATE TABLE spent_confirmation (
  token_id   TEXT   PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX spent_confirmation_expiry ON spent_confirmation (expires_at);

-- Down Migration
DROP TABLE spent_confirmation;
DROP TABLE vault;
DROP TABLE oauth_model;
