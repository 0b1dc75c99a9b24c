-- 001: the agency, its people, items with their versions and review events,
-- and the hash-chained audit log.  Keys of tables that later travel between
-- stations are random 128-bit hex ids (DESIGN.md, "Data").  Times are UTC
-- ISO-8601 text with milliseconds, so they sort as text.

-- This station's own state; never leaves the station.
CREATE TABLE local_state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE agency (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	org_code TEXT NOT NULL,       -- 9-character organization code or 18-character USCC
	created  TEXT NOT NULL
) STRICT;

-- Agency-wide configuration (lockout policy, …) as key/value.
CREATE TABLE setting (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE dept (
	id        TEXT PRIMARY KEY,
	name      TEXT NOT NULL UNIQUE,
	kind      TEXT NOT NULL CHECK (kind IN ('office', 'industry', 'institution', 'leadership')),
	deputy_id TEXT REFERENCES user(id),   -- the 分管 deputy, if named
	created   TEXT NOT NULL
) STRICT;

CREATE TABLE user (
	id           TEXT PRIMARY KEY,
	login        TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	dept_id      TEXT REFERENCES dept(id),
	pwhash       TEXT NOT NULL,           -- Argon2id, libsodium crypto_pwhash_str
	failed       INTEGER NOT NULL DEFAULT 0,  -- wrong passwords in a row
	locked_until TEXT,                    -- NULL or the end of a lockout
	created      TEXT NOT NULL
) STRICT;

CREATE TABLE user_role (
	user_id TEXT NOT NULL REFERENCES user(id),
	role    TEXT NOT NULL,
	PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_role_role ON user_role(role, user_id);

CREATE TABLE category (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	position INTEGER NOT NULL
) STRICT;

-- The review chain: step 1 … N; the last approval signs the item off.
-- scope: 'dept' = a holder of role in the item's department;
-- 'deputy' = the department's named 分管 deputy, or any holder of role when
-- none is named; 'any' = any holder of role.
CREATE TABLE flow_step (
	step_no INTEGER PRIMARY KEY CHECK (step_no >= 1),
	name    TEXT NOT NULL,
	role    TEXT NOT NULL,
	scope   TEXT NOT NULL CHECK (scope IN ('dept', 'deputy', 'any'))
) STRICT;

-- An item (政府信息).  Its content lives in immutable versions; the row
-- holds where it is in the workflow.  round counts submissions: decisions
-- of an earlier round no longer count.
CREATE TABLE item (
	id         TEXT PRIMARY KEY,
	author_id  TEXT NOT NULL REFERENCES user(id),
	dept_id    TEXT NOT NULL REFERENCES dept(id),
	state      TEXT NOT NULL CHECK (state IN ('draft', 'review', 'returned', 'signed', 'published', 'withdrawn')),
	step       INTEGER NOT NULL DEFAULT 0,  -- 1-based while in review, else 0
	round      INTEGER NOT NULL DEFAULT 0,
	version_id TEXT NOT NULL,               -- the current version
	created    TEXT NOT NULL,
	updated    TEXT NOT NULL
) STRICT;
-- One index per queue, each ending in (updated, id) for keyset paging.
CREATE INDEX item_updated ON item(updated, id);
CREATE INDEX item_state ON item(state, updated, id);
CREATE INDEX item_state_step ON item(state, step, updated, id);
CREATE INDEX item_author ON item(author_id, state, updated, id);

CREATE TABLE item_version (
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
	created     TEXT NOT NULL,
	UNIQUE (item_id, n)
) STRICT;

-- What happened to an item, append-only: create, edit, submit, approve,
-- return.  A decision names the version (and so the content hash) it was
-- made on.
CREATE TABLE item_event (
	id         TEXT PRIMARY KEY,
	item_id    TEXT NOT NULL REFERENCES item(id),
	at         TEXT NOT NULL,
	actor_id   TEXT NOT NULL REFERENCES user(id),
	action     TEXT NOT NULL CHECK (action IN ('create', 'edit', 'submit', 'approve', 'return')),
	round      INTEGER NOT NULL,
	step       INTEGER NOT NULL,
	version_id TEXT NOT NULL REFERENCES item_version(id),
	comment    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX item_event_item ON item_event(item_id, at);
CREATE INDEX item_event_round ON item_event(item_id, round, actor_id);

-- The audit log: append-only, hash-chained per station (audit.c).
CREATE TABLE audit (
	id        TEXT PRIMARY KEY,
	station   TEXT NOT NULL,
	seq       INTEGER NOT NULL,   -- 1, 2, … per station
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,      -- login as typed (a failed login may name nobody)
	action    TEXT NOT NULL,
	object    TEXT NOT NULL,      -- id or name of what was acted on, or ''
	detail    TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL,
	UNIQUE (station, seq)
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER item_event_no_update BEFORE UPDATE ON item_event
BEGIN
	SELECT RAISE(ABORT, 'item events are append-only');
END;
CREATE TRIGGER item_version_no_update BEFORE UPDATE ON item_version
BEGIN
	SELECT RAISE(ABORT, 'item versions are immutable');
END;
