-- The kinds of item events (doc.h GK_EVENTS) as rows of a table instead of
-- a CHECK list, so that a module that adds a kind (a request's reply, an
-- appeal) adds one row in its own migration rather than rebuilding
-- item_event, which every station holds in full.  The table is reference
-- data: every station's migrations write the same rows, and sync never
-- carries it.  tests/unit/test_vocab.c pins the rows to GK_EVENTS, and
-- every other CHECK list of the schema to its C list.
CREATE TABLE event_kind (
	key TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
INSERT INTO event_kind (key) VALUES
	('create'), ('edit'), ('submit'), ('approve'), ('return'), ('redact'),
	('dismiss'), ('publish'), ('withdraw'), ('correct'), ('deliver'),
	('coverage');

CREATE TABLE item_event_new (
	id         TEXT PRIMARY KEY,
	item_id    TEXT NOT NULL REFERENCES item(id),
	at         TEXT NOT NULL,
	actor_id   TEXT NOT NULL REFERENCES user(id),
	action     TEXT NOT NULL REFERENCES event_kind(key),
	round      INTEGER NOT NULL,
	step       INTEGER NOT NULL,
	version_id TEXT NOT NULL REFERENCES item_version(id),
	comment    TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO item_event_new (id, item_id, at, actor_id, action, round, step, version_id, comment)
	SELECT id, item_id, at, actor_id, action, round, step, version_id, comment FROM item_event;
DROP TABLE item_event;
ALTER TABLE item_event_new RENAME TO item_event;
CREATE INDEX item_event_item ON item_event(item_id, at);
CREATE INDEX item_event_round ON item_event(item_id, round, actor_id);
CREATE TRIGGER item_event_no_update BEFORE UPDATE ON item_event
BEGIN
	SELECT RAISE(ABORT, 'item events are append-only');
END;
