-- 004: sync between stations by signed change files (sync.c,
-- docs/architecture.md "Sync").  Every write transaction stores the
-- changeset of the synced tables (store.c) in sync_change; export writes
-- what a peer lacks into one signed file; import verifies and applies it.

-- Wrong-password counts and lockouts are this station's own: a person
-- guessing at one PC's keyboard is locked out there.  Kept in the user row
-- they would travel, and every login elsewhere would conflict.
CREATE TABLE login_state (
	user_id      TEXT PRIMARY KEY REFERENCES user(id),
	failed       INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT
) STRICT;
INSERT INTO login_state (user_id, failed, locked_until)
	SELECT id, failed, locked_until FROM user
	WHERE failed <> 0 OR locked_until IS NOT NULL;
ALTER TABLE user DROP COLUMN failed;
ALTER TABLE user DROP COLUMN locked_until;

-- Two stations that edit the same returned draft both make version n + 1;
-- both versions must survive (the conflict queue shows them), so n is no
-- longer unique per item.  Rebuilt the documented way: store.c runs
-- migrations with foreign keys off and checks them before committing.
CREATE TABLE item_version_new (
	id          TEXT PRIMARY KEY,
	item_id     TEXT NOT NULL REFERENCES item(id),
	n           INTEGER NOT NULL,            -- 1, 2, … per item
	title       TEXT NOT NULL,
	doc_no      TEXT NOT NULL DEFAULT '',    -- 文号
	category_id TEXT NOT NULL REFERENCES category(id),
	attr        TEXT NOT NULL CHECK (attr IN ('active', 'on-request', 'withheld')),
	body        TEXT NOT NULL,
	hash        TEXT NOT NULL,               -- BLAKE2b of the content (doc.c)
	author_id   TEXT NOT NULL REFERENCES user(id),
	created     TEXT NOT NULL
) STRICT;
INSERT INTO item_version_new SELECT id, item_id, n, title, doc_no,
	category_id, attr, body, hash, author_id, created FROM item_version;
DROP TABLE item_version;
ALTER TABLE item_version_new RENAME TO item_version;
CREATE INDEX item_version_item ON item_version(item_id, n);
CREATE TRIGGER item_version_no_update BEFORE UPDATE ON item_version
BEGIN
	SELECT RAISE(ABORT, 'item versions are immutable');
END;

-- The stations of the agency with their Ed25519 public keys (hex), synced
-- so that a relay can vouch for the stations whose changes it forwards.
-- fingerprint: the first 16 bytes of BLAKE2b-256 of the key, as hex.
CREATE TABLE station (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	pubkey      TEXT NOT NULL UNIQUE,
	fingerprint TEXT NOT NULL UNIQUE,
	created     TEXT NOT NULL
) STRICT;

-- Keys an administrator confirmed (or pre-trusted) by fingerprint.  Synced:
-- trust given on one station holds on all.
CREATE TABLE station_trust (
	fingerprint TEXT PRIMARY KEY,
	by_login    TEXT NOT NULL,
	at          TEXT NOT NULL
) STRICT;

-- A conflict resolved by a person, synced: every station writes row (the
-- chosen values of the table's columns, a JSON array) into the row named
-- by tbl and pk (a JSON array of the key's values) and closes its own
-- conflict on that row.
CREATE TABLE sync_resolution (
	id       TEXT PRIMARY KEY,
	tbl      TEXT NOT NULL,
	pk       TEXT NOT NULL,
	item_id  TEXT REFERENCES item(id),
	take     TEXT NOT NULL CHECK (take IN ('local', 'remote')),
	row      TEXT NOT NULL,
	actor_id TEXT NOT NULL REFERENCES user(id),
	at       TEXT NOT NULL
) STRICT;

-- Every change this station holds, its own and those imported, in the
-- order it came to hold them (rowid): one write transaction's changeset.
-- seq runs 1, 2, … per origin station.  audit_seq and audit_hash name the
-- origin's latest audit entry after the change.  sig is the origin's
-- Ed25519 signature (sync.c, change_message); this station signs its own
-- when it first exports them.
CREATE TABLE sync_change (
	origin     TEXT NOT NULL,
	seq        INTEGER NOT NULL CHECK (seq >= 1),
	schema     INTEGER NOT NULL,
	created    TEXT NOT NULL,
	audit_seq  INTEGER NOT NULL,
	audit_hash TEXT NOT NULL,
	payload    BLOB NOT NULL,
	sig        BLOB,
	received   TEXT,                      -- NULL for this station's own
	PRIMARY KEY (origin, seq)
) STRICT;

-- What each peer said it holds (the holds list of its last file), and when
-- files last went each way.  This station's own; never synced.
CREATE TABLE sync_peer (
	station  TEXT PRIMARY KEY,
	last_in  TEXT NOT NULL DEFAULT '',
	file_in  TEXT NOT NULL DEFAULT '',
	last_out TEXT NOT NULL DEFAULT '',
	file_out TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE sync_holds (
	peer   TEXT NOT NULL,
	origin TEXT NOT NULL,
	seq    INTEGER NOT NULL,
	PRIMARY KEY (peer, origin)
) STRICT, WITHOUT ROWID;

-- Keys offered by files this station refused as untrusted, so that
-- `sync trust FINGERPRINT` can find the key.  Never synced.
CREATE TABLE sync_offer (
	fingerprint TEXT PRIMARY KEY,
	station     TEXT NOT NULL,
	name        TEXT NOT NULL,
	pubkey      TEXT NOT NULL,
	at          TEXT NOT NULL
) STRICT;

-- Conflicts this station found while importing: the row as it was here
-- (local) and as the other station made it (remote), both JSON arrays of
-- the table's columns.  At most one open conflict per row; an item with an
-- open conflict cannot advance.  Never synced: each station finds its own
-- and closes it when a resolution arrives.
CREATE TABLE sync_conflict (
	id         TEXT PRIMARY KEY,
	tbl        TEXT NOT NULL,
	pk         TEXT NOT NULL,
	item_id    TEXT,
	local      TEXT NOT NULL,
	remote     TEXT NOT NULL,
	origin     TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	at         TEXT NOT NULL,
	resolution TEXT                       -- sync_resolution.id once closed
) STRICT;
CREATE UNIQUE INDEX sync_conflict_open ON sync_conflict(tbl, pk)
	WHERE resolution IS NULL;
CREATE INDEX sync_conflict_item ON sync_conflict(item_id)
	WHERE resolution IS NULL;
