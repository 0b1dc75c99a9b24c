-- 005: the conflict gate is (table, row), not the item only
-- (sync_conflict.c, gk_sync_require_settled): each open conflict names the
-- row it holds, noun and noun_id, found by the synced tables' descriptions
-- (sync_record.c): an item for its own row, its publications and their
-- deliveries; a user for its roles; the row itself for a department, a
-- user, a setting … so
-- that any noun edited on two stations waits for a person.  noun_id is the
-- key's value, or the JSON array of a key of several columns.
--
-- sync_conflict is this station's own (never synced), so it may change
-- shape freely; no synced table changes here, and a station at schema 5
-- applies the changes of stations still at 4 as they are
-- (docs/architecture.md, "Schema upgrades between stations").
CREATE TABLE sync_conflict_new (
	id         TEXT PRIMARY KEY,
	tbl        TEXT NOT NULL,
	pk         TEXT NOT NULL,             -- the row's key, a JSON array
	noun       TEXT NOT NULL,             -- the table of the row it holds
	noun_id    TEXT NOT NULL,             -- and that row's key
	local      TEXT NOT NULL,
	remote     TEXT NOT NULL,
	origin     TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	at         TEXT NOT NULL,
	resolution TEXT                       -- sync_resolution.id once closed
) STRICT;
INSERT INTO sync_conflict_new (id, tbl, pk, noun, noun_id, local, remote,
		origin, seq, at, resolution)
	SELECT id, tbl, pk,
		CASE WHEN item_id IS NOT NULL THEN 'item'
			WHEN tbl = 'user_role' THEN 'user' ELSE tbl END,
		CASE WHEN item_id IS NOT NULL THEN item_id
			WHEN tbl = 'user_role' OR json_array_length(pk) = 1
			THEN CAST(json_extract(pk, '$[0]') AS TEXT) ELSE pk END,
		local, remote, origin, seq, at, resolution
	FROM sync_conflict;
DROP TABLE sync_conflict;
ALTER TABLE sync_conflict_new RENAME TO sync_conflict;
CREATE UNIQUE INDEX sync_conflict_open ON sync_conflict(tbl, pk)
	WHERE resolution IS NULL;
CREATE INDEX sync_conflict_noun ON sync_conflict(noun, noun_id)
	WHERE resolution IS NULL;
