#include "sync.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "sync_int.h"

/* ---- the synced tables ---------------------------------------------- */

/*
 * Parents come before children, so that a changeset (which lists tables
 * in the order they were attached) inserts an item before its versions;
 * sync_resolution comes before nothing it needs.
 */
const struct gk_sync_table gk_sync_tables[] = {
    {.name = "station", .label = N_("the station"), .label_column = "name"},
    {.name = "station_trust", .duplicate = GK_SYNC_DUP_SAME},
    {.name = "agency", .label = N_("the agency"), .label_column = "name"},
    {.name = "setting", .label = N_("the setting"), .label_column = "key"},
    {.name = "dept", .label = N_("the department"), .label_column = "name"},
    {.name = "user", .label = N_("the user"), .label_column = "login"},
    {.name = "user_role", .noun = "user", .noun_column = "user_id"},
    {.name = "category", .label = N_("the category"), .label_column = "name"},
    {.name = "flow_step",
     .label = N_("review step"),
     .label_column = "step_no"},
    {.name = "check_question",
     .label = N_("the checklist question"),
     .label_column = "code"},
    {.name = "channel", .label = N_("the channel"), .label_column = "name"},
    {.name = "item",
     .updated = "updated",
     .item = "id",
     .item_row = 1,
     .label = N_("the item"),
     .state = "state",
     .version = "version_id"},
    {.name = "item_version", .item = "item_id"},
    {.name = "item_event", .action = "action"},
    {.name = "check_answer"},
    {.name = "finding_dismissal"},
    {.name = "publication",
     .item = "item_id",
     .noun = "item",
     .noun_column = "item_id",
     .taken = N_("its 索引号 was given here to another item; two stations "
		 "allocated 索引号 at once")},
    {.name = "delivery",
     .noun = "publication",
     .noun_column = "publication_id",
     .machine_updates = 1},
    {.name = "coverage"},
    {.name = "sync_resolution", .resolutions = 1},
    {.name = "audit",
     .audit_log = 1,
     .duplicate = GK_SYNC_DUP_REFUSE,
     .duplicate_why = N_("it rewrites an audit entry this station holds"),
     .taken = N_("its audit entry takes a number another entry of that "
		 "station holds here: the station's history was rewritten")},
    {.name = NULL},
};

_Static_assert(sizeof gk_sync_tables / sizeof gk_sync_tables[0] <= 32,
	       "struct importer keeps a column count per synced table");

const struct gk_sync_table *gk_sync_table(const char *name)
{
	for (const struct gk_sync_table *t = gk_sync_tables; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

/* ---- the recorder --------------------------------------------------- */

static void recorder_end(struct gk_store *store)
{
	if (store->session) {
		sqlite3session_delete(store->session);
		store->session = NULL;
	}
}

static int recorder_begin(struct gk_store *store, struct gk_err *err)
{
	recorder_end(store);
	int rc = sqlite3session_create(store->sql, "main", &store->session);
	for (int i = 0; rc == SQLITE_OK && gk_sync_tables[i].name; i++)
		rc = sqlite3session_attach(store->session,
					   gk_sync_tables[i].name);
	if (rc != SQLITE_OK)
		return gk_fail(err, GK_EDB,
			       _("Cannot record changes for sync: %s."),
			       sqlite3_errstr(rc));
	return 0;
}

/*
 * The audit rule, checked: a changeset that changes a synced table writes
 * an audit entry too (DESIGN.md: every action is one transaction with its
 * audit entry), but for the machine's updates a table allows
 * (gk_sync_table.machine_updates).  A write without one is a bug; it is
 * refused rather than sent to every station.
 */
static int check_audited(const void *payload, int size, struct gk_err *err)
{
	sqlite3_changeset_iter *it;
	/* The iterator's names last until its next step: keep a copy. */
	char unaudited[32] = "";
	int audited = 0;
	int rc = sqlite3changeset_start(&it, size, (void *)payload);
	if (rc != SQLITE_OK)
		return gk_fail(err, GK_EDB,
			       _("Cannot record changes for sync: %s."),
			       sqlite3_errstr(rc));
	while (!audited && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect;
		sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect);
		const struct gk_sync_table *d = gk_sync_table(tbl);
		if (d && d->audit_log)
			audited = op == SQLITE_INSERT;
		else if (!unaudited[0] &&
			 !(d && d->machine_updates && op == SQLITE_UPDATE))
			snprintf(unaudited, sizeof unaudited, "%s", tbl);
	}
	sqlite3changeset_finalize(it);
	if (unaudited[0] && !audited)
		return gk_fail(err, GK_EDB,
			       _("A change to the table %s comes without an "
				 "audit entry; it is not committed (every "
				 "change to synced data is audited)."),
			       unaudited);
	return 0;
}

/* Store the transaction's changeset, if any, as this station's next
 * change, with its latest audit entry. */
static int recorder_commit(struct gk_store *store, struct gk_err *err)
{
	int size = 0, rc;
	void *payload = NULL;
	if (!store->session || !store->station_id[0] ||
	    sqlite3session_isempty(store->session))
		return 0;
	if ((rc = sqlite3session_changeset(store->session, &size, &payload)) !=
	    SQLITE_OK)
		return gk_fail(err, GK_EDB,
			       _("Cannot record changes for sync: %s."),
			       sqlite3_errstr(rc));
	rc = size ? check_audited(payload, size, err) : 0;
	if (rc == 0 && size)
		rc = gk_sync_record(store, payload, size, err);
	sqlite3_free(payload);
	return rc;
}

static const struct gk_store_recorder recorder = {
    .opened = gk_sync_upgrade,
    .begin = recorder_begin,
    .commit = recorder_commit,
    .end = recorder_end,
};

/* Installed when the program starts: any program that links sync (every
 * front end, every test of a noun that calls the conflict gate) records
 * its changes; the store never names sync. */
__attribute__((constructor)) static void install_recorder(void)
{
	gk_store_set_recorder(&recorder);
}

/* ---- recording ------------------------------------------------------ */

int gk_sync_record(struct gk_store *store, const void *payload, int size,
		   struct gk_err *err)
{
	char now[GK_TIME_LEN], audit_hash[GK_HASH_HEX + 1] = "";
	int64_t seq = 1, audit_seq = 0;
	sqlite3_stmt *st;
	int rc =
	    gk_store_row(store, err, &st,
			 "SELECT max(seq) FROM sync_change WHERE origin = ?",
			 "t", store->station_id);
	if (rc < 0)
		return rc;
	if (rc) {
		seq = sqlite3_column_int64(st, 0) + 1;
		sqlite3_finalize(st);
	}
	if ((rc = gk_audit_latest(store, &audit_seq, audit_hash, err)) < 0)
		return rc;
	gk_store_now(store, now);
	if ((rc = gk_store_prep(store, err, &st,
				"INSERT INTO sync_change (origin, seq, schema, "
				"created, audit_seq, audit_hash, payload) "
				"VALUES (?, ?, ?, ?, ?, ?, ?)",
				"tiitit", store->station_id, seq,
				(int64_t)gk_store_schema_version(), now,
				audit_seq, audit_hash)) < 0)
		return rc;
	sqlite3_bind_blob(st, 7, payload, size, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	return rc;
}

/* Create table tbl of main again, empty, in the attached schema base. */
static int empty_copy(struct gk_store *store, const char *tbl,
		      struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT sql FROM main.sqlite_master WHERE "
			      "type = 'table' AND name = ?",
			      "t", tbl);
	if (rc <= 0)
		return rc < 0 ? rc
			      : gk_fail(err, GK_EDB, _("No table %s."), tbl);
	const char *sql = (const char *)sqlite3_column_text(st, 0);
	const char *columns = strchr(sql, '(');
	/* Our own schema's text, after "CREATE TABLE name": the table is one
	 * of gk_sync_tables. */
	char *copy = columns ? sqlite3_mprintf("CREATE TABLE base.\"%w\" %s",
					       tbl, columns)
			     : NULL;
	sqlite3_finalize(st);
	if (!copy)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	rc = sqlite3_exec(store->sql, copy, NULL, NULL, NULL) == SQLITE_OK
		 ? 0
		 : gk_store_dberr(store, err);
	sqlite3_free(copy);
	return rc;
}

/* Every row of the synced tables as one changeset of inserts: the
 * difference from an empty copy of each table (sqlite3session_diff). */
static int record_baseline(struct gk_store *store, struct gk_err *err)
{
	sqlite3_session *session = NULL;
	void *payload = NULL;
	int size = 0;
	int rc =
	    sqlite3session_create(store->sql, "main", &session) == SQLITE_OK
		? 0
		: gk_store_dberr(store, err);
	for (int i = 0; rc == 0 && gk_sync_tables[i].name; i++) {
		char *why = NULL;
		if (sqlite3session_attach(session, gk_sync_tables[i].name) !=
			SQLITE_OK ||
		    sqlite3session_diff(session, "base", gk_sync_tables[i].name,
					&why) != SQLITE_OK)
			rc = gk_fail(err, GK_EDB,
				     _("Cannot record the rows of %s: %s."),
				     gk_sync_tables[i].name, why ? why : "?");
		sqlite3_free(why);
	}
	if (rc == 0 &&
	    sqlite3session_changeset(session, &size, &payload) != SQLITE_OK)
		rc = gk_store_dberr(store, err);
	if (rc == 0 && size)
		rc = gk_sync_record(store, payload, size, err);
	sqlite3_free(payload);
	if (session)
		sqlite3session_delete(session);
	return rc;
}

int gk_sync_upgrade(struct gk_store *store, struct gk_err *err)
{
	sqlite3_stmt *st;
	if (!store->station_id[0])
		return 0;
	int rc =
	    gk_store_row(store, err, &st, "SELECT 1 FROM station WHERE id = ?",
			 "t", store->station_id);
	if (rc != 0) {
		if (rc > 0)
			sqlite3_finalize(st);
		return rc < 0 ? rc : 0;
	}
	/* Empty copies of the synced tables to compare with (ATTACH is not
	 * allowed inside a transaction). */
	if (sqlite3_exec(store->sql, "ATTACH ':memory:' AS base", NULL, NULL,
			 NULL) != SQLITE_OK)
		return gk_store_dberr(store, err);
	for (int i = 0; rc == 0 && gk_sync_tables[i].name; i++)
		rc = empty_copy(store, gk_sync_tables[i].name, err);
	/* Once, under the write lock, without recording it twice. */
	int capture = store->capture;
	store->capture = 0;
	if (rc < 0 || (rc = gk_store_begin(store, err)) < 0) {
		store->capture = capture;
		sqlite3_exec(store->sql, "DETACH base", NULL, NULL, NULL);
		return rc;
	}
	if ((rc = gk_store_row(store, err, &st,
			       "SELECT 1 FROM station WHERE id = ?", "t",
			       store->station_id)) > 0) {
		sqlite3_finalize(st);
		rc = 0; /* another process did it meanwhile */
	} else if (rc == 0 && (rc = gk_sync_station_create(
				   store, NULL, "upgrade", err)) == 0) {
		rc = record_baseline(store, err);
	}
	rc = gk_store_end(store, rc, err);
	store->capture = capture;
	sqlite3_exec(store->sql, "DETACH base", NULL, NULL, NULL);
	return rc;
}
