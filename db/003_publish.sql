-- 003: publishing — publications with their 索引号 and catalog metadata,
-- one delivery row per channel, media coverage (稿件刊发), and the full-text
-- index of items (FTS5, trigram).

-- Which station hands out 索引号, and in what pattern (DOMAIN.md §2).  Only
-- the station named here allocates, so serials stay gap-free per year and
-- unique across stations (docs/architecture.md, "索引号").
ALTER TABLE agency ADD COLUMN index_station TEXT NOT NULL DEFAULT '';
ALTER TABLE agency ADD COLUMN index_pattern TEXT NOT NULL DEFAULT '<org-code>/<YYYY>-<NNNNN>';
UPDATE agency SET index_station = coalesce(
	(SELECT value FROM local_state WHERE key = 'station_id'), '');

-- What delivery does for a channel: 'web' writes the item as HTML and plain
-- text into the outbox, 'screen' a short text line for the display
-- screen, 'manual' writes nothing (newspapers, 公文: a person delivers and
-- marks it).  encoding is what the files are written in; outbox is the
-- folder ('' = outbox/<code> beside the database).
ALTER TABLE channel ADD COLUMN kind TEXT NOT NULL DEFAULT 'manual'
	CHECK (kind IN ('web', 'screen', 'manual'));
ALTER TABLE channel ADD COLUMN encoding TEXT NOT NULL DEFAULT 'UTF-8'
	CHECK (encoding IN ('UTF-8', 'GB18030', 'GBK'));
ALTER TABLE channel ADD COLUMN outbox TEXT NOT NULL DEFAULT '';
UPDATE channel SET kind = 'web' WHERE code IN ('website', 'portal');
UPDATE channel SET kind = 'screen', encoding = 'GBK' WHERE code = 'screen';

-- A publication: the item as published, once.  version_id and hash are the
-- signed version's; index_no is assigned here and never changes.  validity
-- moves from 'valid' to 'expired' (失效) or 'abolished' (废止), which keeps
-- the row in the catalog.  corrects_id names the publication an item
-- corrects (更正: a new item that references the old one).
CREATE TABLE publication (
	id           TEXT PRIMARY KEY,
	item_id      TEXT NOT NULL UNIQUE REFERENCES item(id),
	version_id   TEXT NOT NULL REFERENCES item_version(id),
	hash         TEXT NOT NULL,
	index_no     TEXT NOT NULL UNIQUE,
	year         INTEGER NOT NULL,
	serial       INTEGER NOT NULL CHECK (serial >= 1),
	station      TEXT NOT NULL,             -- the station that allocated it
	published_on TEXT NOT NULL,             -- civil date YYYY-MM-DD (发布日期)
	publisher_id TEXT NOT NULL REFERENCES user(id),
	at           TEXT NOT NULL,
	summary      TEXT NOT NULL,             -- 内容概述, 1–100 characters
	topic        TEXT NOT NULL DEFAULT '',  -- 主题分类
	genre        TEXT NOT NULL DEFAULT '',  -- 体裁
	issuer       TEXT NOT NULL,             -- 发布机构
	written_on   TEXT NOT NULL DEFAULT '',  -- 成文日期, '' when none
	scope        TEXT NOT NULL DEFAULT '',  -- 公开范围
	keywords     TEXT NOT NULL DEFAULT '',
	validity     TEXT NOT NULL DEFAULT 'valid'
		CHECK (validity IN ('valid', 'expired', 'abolished')),
	ended_on     TEXT NOT NULL DEFAULT '',  -- 失效/废止 date
	end_reason   TEXT NOT NULL DEFAULT '',
	corrects_id  TEXT REFERENCES publication(id),
	UNIQUE (year, serial)
) STRICT;
CREATE INDEX publication_date ON publication(published_on, index_no);

-- An item that corrects a published one names it from its creation on.
ALTER TABLE item ADD COLUMN corrects_id TEXT REFERENCES item(id);

-- One row per publication and channel: a small publish queue.
CREATE TABLE delivery (
	id             TEXT PRIMARY KEY,
	publication_id TEXT NOT NULL REFERENCES publication(id),
	channel        TEXT NOT NULL REFERENCES channel(code),
	state          TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
	at             TEXT NOT NULL,              -- the last change
	actor_id       TEXT NOT NULL REFERENCES user(id),
	attempts       INTEGER NOT NULL DEFAULT 0, -- files written so far
	files          TEXT NOT NULL DEFAULT '',   -- paths written, one a line
	note           TEXT NOT NULL DEFAULT '',
	UNIQUE (publication_id, channel)
) STRICT;
CREATE INDEX delivery_state ON delivery(state, at);

-- 稿件刊发: an item, or a press piece about it, appeared in a medium.
CREATE TABLE coverage (
	id          TEXT PRIMARY KEY,
	item_id     TEXT NOT NULL REFERENCES item(id),
	outlet      TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('newspaper', 'online', 'tv', 'radio')),
	appeared_on TEXT NOT NULL,                 -- civil date
	title       TEXT NOT NULL DEFAULT '',
	actor_id    TEXT NOT NULL REFERENCES user(id),
	at          TEXT NOT NULL
) STRICT;
CREATE INDEX coverage_item ON coverage(item_id, appeared_on);
CREATE INDEX coverage_date ON coverage(appeared_on, kind);
CREATE TRIGGER coverage_no_update BEFORE UPDATE ON coverage
BEGIN
	SELECT RAISE(ABORT, 'coverage records are append-only');
END;

-- item_event gains 'publish', 'withdraw', 'correct', 'deliver' (a delivery
-- marked or sent again) and 'coverage' (稿件刊发 recorded).
CREATE TABLE item_event_new (
	id         TEXT PRIMARY KEY,
	item_id    TEXT NOT NULL REFERENCES item(id),
	at         TEXT NOT NULL,
	actor_id   TEXT NOT NULL REFERENCES user(id),
	action     TEXT NOT NULL CHECK (action IN ('create', 'edit', 'submit', 'approve', 'return', 'redact', 'dismiss', 'publish', 'withdraw', 'correct', 'deliver', 'coverage')),
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

-- Full-text search over every item's current version and, once published,
-- its 内容概述, 索引号 and keywords.  The trigram tokenizer matches any run of three
-- or more characters, Chinese included; shorter queries use LIKE over the
-- same columns (catalog.c).  rowid = item.rowid.  The index is this
-- station's own and sync never carries it.  It is kept by the core
-- (gk_doc_index, in the transaction that changes the item), not by
-- triggers: with trusted_schema=OFF SQLite refuses a trigger that writes
-- to FTS5, which does not declare itself innocuous.
CREATE VIRTUAL TABLE item_fts USING fts5(
	title, summary, body, doc_no, index_no, keywords, tokenize = 'trigram');

INSERT INTO item_fts (rowid, title, summary, body, doc_no, index_no, keywords)
	SELECT i.rowid, v.title, '', v.body, v.doc_no, '', ''
	FROM item i JOIN item_version v ON v.id = i.version_id;
