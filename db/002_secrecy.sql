-- 002: the confidentiality review (保密审查, 条例第十四至十七条; DOMAIN.md §3):
-- the checklist's questions, the answers given on each item, the scanner's
-- findings that a reviewer dismissed, and two new kinds of item event
-- (redact, dismiss).

-- The checklist.  Seeded here with the ten blocking questions and the three
-- informational ones of DOMAIN.md §3, word for word; an administrator may
-- add questions or make one informational (`gongkai checklist question`).
-- A blocking question answered 是 stops the sign-off.
CREATE TABLE check_question (
	code     TEXT PRIMARY KEY,            -- 'state-secret', …
	no       INTEGER NOT NULL UNIQUE CHECK (no >= 1),  -- its number on the form
	text     TEXT NOT NULL,
	hint     TEXT NOT NULL DEFAULT '',    -- what the question covers
	blocking INTEGER NOT NULL CHECK (blocking IN (0, 1))
) STRICT;

INSERT INTO check_question (code, no, text, hint, blocking) VALUES
	('state-secret', 1, '涉及国家秘密？', '定密、密级标志、保密期限、解密', 1),
	('prohibited', 2, '属于法律、行政法规禁止公开的信息？', '', 1),
	('security', 3, '公开后可能危及国家安全、公共安全、经济安全、社会稳定（三安全一稳定）？', '', 1),
	('trade-secret', 4, '涉及商业秘密，且无第三方同意或公共利益理由？', '', 1),
	('privacy', 5, '涉及个人隐私 / 个人信息，且无本人同意或公共利益理由？', '', 1),
	('work-secret', 6, '属于工作秘密或敏感信息（可能引发舆论炒作）？', '', 1),
	('internal', 7, '属于内部事务信息（人事管理、后勤管理、内部工作流程）？', '', 1),
	('process', 8, '属于过程性信息（讨论记录、过程稿、磋商信函、请示报告）？', '', 1),
	('enforcement', 9, '属于行政执法案卷信息，或公开会妨碍执法？', '', 1),
	('other-organ', 10, '涉及其他机关（共同制作需协商、需批准）尚未完成？', '', 1),
	('inaccurate', 11, '内容存在不准确、不合法之处？', '', 0),
	('partial', 12, '可以部分公开（区分处理）？', '', 0),
	('referral', 13, '需要报请保密行政管理部门确定？', '', 0);

-- The channels items are published through (DOMAIN.md §1); the review
-- record names the planned ones (planned = 1: used unless the publisher
-- chooses otherwise).  Publishing adds what delivery needs.
CREATE TABLE channel (
	code     TEXT PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	position INTEGER NOT NULL,
	planned  INTEGER NOT NULL CHECK (planned IN (0, 1))
) STRICT;

INSERT INTO channel (code, name, position, planned) VALUES
	('website', '淄川经信网', 1, 1),
	('portal', '淄川区人民政府网站', 2, 1),
	('press', '报刊及网络媒体', 3, 0),
	('document', '公文', 4, 0),
	('screen', '公开显示屏', 5, 0);

-- Answers, append-only: the latest one per (item, question) counts.  Each
-- names the version (and its content hash) it was given on; when the item
-- has a newer version the answer is stale and must be confirmed again.
CREATE TABLE check_answer (
	id         TEXT PRIMARY KEY,
	item_id    TEXT NOT NULL REFERENCES item(id),
	question   TEXT NOT NULL REFERENCES check_question(code),
	answer     TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
	note       TEXT NOT NULL DEFAULT '',
	version_id TEXT NOT NULL REFERENCES item_version(id),
	hash       TEXT NOT NULL,
	actor_id   TEXT NOT NULL REFERENCES user(id),
	step       INTEGER NOT NULL,          -- the item's step when answered
	at         TEXT NOT NULL
) STRICT;
CREATE INDEX check_answer_item ON check_answer(item_id, question, at);

-- A scanner finding judged harmless (e.g. 公开的单位联系电话), append-only.
-- It covers every occurrence of the same kind and text in the item, in
-- this version and later ones.
CREATE TABLE finding_dismissal (
	id         TEXT PRIMARY KEY,
	item_id    TEXT NOT NULL REFERENCES item(id),
	kind       TEXT NOT NULL,             -- a scan.h kind key
	text       TEXT NOT NULL,
	reason     TEXT NOT NULL,
	version_id TEXT NOT NULL REFERENCES item_version(id),
	actor_id   TEXT NOT NULL REFERENCES user(id),
	at         TEXT NOT NULL
) STRICT;
CREATE INDEX finding_dismissal_item ON finding_dismissal(item_id, kind, text);

CREATE TRIGGER check_answer_no_update BEFORE UPDATE ON check_answer
BEGIN
	SELECT RAISE(ABORT, 'checklist answers are append-only');
END;
CREATE TRIGGER check_answer_no_delete BEFORE DELETE ON check_answer
BEGIN
	SELECT RAISE(ABORT, 'checklist answers are append-only');
END;
CREATE TRIGGER finding_dismissal_no_update BEFORE UPDATE ON finding_dismissal
BEGIN
	SELECT RAISE(ABORT, 'dismissals are append-only');
END;
CREATE TRIGGER finding_dismissal_no_delete BEFORE DELETE ON finding_dismissal
BEGIN
	SELECT RAISE(ABORT, 'dismissals are append-only');
END;

-- item_event gains 'redact' (a reviewer masked a finding: a new version)
-- and 'dismiss'.  SQLite cannot change a CHECK, so the table is rebuilt.
CREATE TABLE item_event_new (
	id         TEXT PRIMARY KEY,
	item_id    TEXT NOT NULL REFERENCES item(id),
	at         TEXT NOT NULL,
	actor_id   TEXT NOT NULL REFERENCES user(id),
	action     TEXT NOT NULL CHECK (action IN ('create', 'edit', 'submit', 'approve', 'return', 'redact', 'dismiss')),
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
