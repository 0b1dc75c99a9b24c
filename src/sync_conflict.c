#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "doc.h"
#include "i18n.h"
#include "sync_int.h"

/* ---- rows as JSON --------------------------------------------------- */

int gk_sync_column(struct gk_store *store, const char *tbl, const char *col)
{
	sqlite3_stmt *st;
	struct gk_err ignored;
	int pos = -1;
	if (col && gk_store_row(store, &ignored, &st,
				"SELECT cid FROM pragma_table_info(?) "
				"WHERE name = ?",
				"tt", tbl, col) > 0) {
		pos = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return pos;
}

int gk_sync_row_sql(struct gk_store *store, const char *tbl, char kind,
		    char **out, struct gk_err *err)
{
	sqlite3_stmt *st;
	char *set = NULL, *where = NULL;
	size_t set_len = 0, where_len = 0;
	FILE *sf, *wf;
	*out = NULL;
	if (!gk_sync_table(tbl))
		return gk_fail(err, GK_EINVAL, _("%s is not a synced table."),
			       tbl);
	int rc = gk_store_prep(store, err, &st,
			       "SELECT cid, name, pk FROM pragma_table_info(?) "
			       "ORDER BY cid",
			       "t", tbl);
	if (rc < 0)
		return rc;
	if (!(sf = open_memstream(&set, &set_len))) {
		sqlite3_finalize(st);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	if (!(wf = open_memstream(&where, &where_len))) {
		fclose(sf);
		free(set);
		sqlite3_finalize(st);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	int ncol = 0, nkey = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (strspn(name, "abcdefghijklmnopqrstuvwxyz_") != strlen(name))
			break;
		if (kind == 'u')
			fprintf(sf, "%s\"%s\" = json_extract(?1, '$[%d]')",
				ncol ? ", " : "", name, ncol);
		else
			fprintf(sf, "%s\"%s\"", ncol ? ", " : "", name);
		if (sqlite3_column_int(st, 2)) {
			fprintf(wf, "%s\"%s\" = json_extract(?2, '$[%d]')",
				nkey ? " AND " : "", name, nkey);
			nkey++;
		}
		ncol++;
	}
	sqlite3_finalize(st);
	fclose(sf);
	fclose(wf);
	if (rc == SQLITE_DONE && ncol && nkey) {
		size_t size = set_len + where_len + strlen(tbl) + 64;
		if ((*out = malloc(size)) && kind == 'u')
			snprintf(*out, size, "UPDATE \"%s\" SET %s WHERE %s",
				 tbl, set, where);
		else if (*out)
			snprintf(*out, size,
				 "SELECT json_array(%s) FROM \"%s\" WHERE %s",
				 set, tbl, where);
	}
	free(set);
	free(where);
	if (!*out)
		return gk_fail(err, GK_EDB, _("Cannot read the columns of %s."),
			       tbl);
	return 0;
}

int gk_sync_write_row(struct gk_store *store, const char *tbl, const char *pk,
		      const char *row, struct gk_err *err)
{
	char *sql;
	int rc = gk_sync_row_sql(store, tbl, 'u', &sql, err);
	if (rc < 0)
		return rc;
	rc = gk_store_exec(store, err, sql, "tt", row, pk);
	free(sql);
	return rc;
}

/* ---- the row before a change ------------------------------------- */

int gk_sync_value_equal(sqlite3_value *a, sqlite3_value *b)
{
	int t = sqlite3_value_type(a);
	if (t != sqlite3_value_type(b))
		return 0;
	switch (t) {
	case SQLITE_NULL: return 1;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT:
		return sqlite3_value_double(a) == sqlite3_value_double(b);
	default: {
		int n = sqlite3_value_bytes(a);
		return n == sqlite3_value_bytes(b) &&
		       (!n || memcmp(sqlite3_value_blob(a),
				     sqlite3_value_blob(b), (size_t)n) == 0);
	}
	}
}

/* Does row agree with want wherever want has a value? */
static int agrees(sqlite3_value **row, sqlite3_value **want, int ncol)
{
	for (int i = 0; i < ncol; i++)
		if (want[i] &&
		    (!row[i] || !gk_sync_value_equal(row[i], want[i])))
			return 0;
	return 1;
}

/* Replace row[i] by a copy of v. */
static void set_value(sqlite3_value **row, int i, sqlite3_value *v)
{
	sqlite3_value_free(row[i]);
	row[i] = sqlite3_value_dup(v);
}

/* Has change it (an UPDATE of tbl) the key key (npk values)? */
static int same_row(sqlite3_changeset_iter *it, int ncol, sqlite3_value **key,
		    int npk)
{
	unsigned char *is_pk;
	int n, k = 0;
	sqlite3changeset_pk(it, &is_pk, &n);
	for (int i = 0; i < ncol && i < n; i++) {
		sqlite3_value *v = NULL;
		if (!is_pk[i])
			continue;
		if (k >= npk || sqlite3changeset_old(it, i, &v) != SQLITE_OK ||
		    !v || !gk_sync_value_equal(v, key[k++]))
			return 0;
	}
	return k == npk;
}

void gk_sync_ancestor(struct gk_store *store, const char *tbl, int ncol,
		      sqlite3_value **local, sqlite3_value **old,
		      sqlite3_value **key, int npk, sqlite3_value **anc)
{
	sqlite3_stmt *st;
	int found = 0;
	for (int i = 0; i < ncol; i++)
		anc[i] = local[i] ? sqlite3_value_dup(local[i]) : NULL;
	if (agrees(anc, old, ncol) ||
	    sqlite3_prepare_v2(store->sql,
			       "SELECT payload FROM sync_change "
			       "ORDER BY rowid DESC",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	while (!found && sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_changeset_iter *it;
		if (sqlite3changeset_start(
			&it, sqlite3_column_bytes(st, 0),
			(void *)sqlite3_column_blob(st, 0)) != SQLITE_OK)
			continue;
		int touched = 0;
		while (sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *t;
			int n, op, indirect;
			sqlite3changeset_op(it, &t, &n, &op, &indirect);
			if (op != SQLITE_UPDATE || n != ncol ||
			    strcmp(t, tbl) || !same_row(it, ncol, key, npk))
				continue;
			for (int i = 0; i < ncol; i++) {
				sqlite3_value *v = NULL;
				if (sqlite3changeset_old(it, i, &v) ==
					SQLITE_OK &&
				    v)
					set_value(anc, i, v);
			}
			touched = 1;
		}
		sqlite3changeset_finalize(it);
		found = touched && agrees(anc, old, ncol);
	}
	sqlite3_finalize(st);
	if (!found)
		for (int i = 0; i < ncol; i++)
			set_value(anc, i, local[i]);
}

/* ---- the row a conflict holds --------------------------------------- */

/* The value at position pos of the JSON array row (a key, a row) as text
 * into out; pos -1: the array itself unless it has one element, then
 * that one.  0, or -1 when there is no such value. */
static int json_value(struct gk_store *store, const char *array, int pos,
		      char *out, size_t size)
{
	sqlite3_stmt *st;
	struct gk_err ignored;
	int rc = gk_store_row(store, &ignored, &st,
			      "SELECT CASE WHEN ?2 >= 0 THEN "
			      "json_extract(?1, '$[' || ?2 || ']') "
			      "WHEN json_array_length(?1) = 1 THEN "
			      "json_extract(?1, '$[0]') ELSE ?1 END",
			      "td", array, pos);
	if (rc <= 0)
		return -1;
	rc = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : 0;
	gk_col_copy(st, 0, out, size);
	sqlite3_finalize(st);
	return rc;
}

/* The value of column col of the row of tbl whose single key is key. */
static int column_of(struct gk_store *store, const char *tbl, const char *col,
		     const char *key, char *out, size_t size)
{
	sqlite3_stmt *st;
	struct gk_err ignored;
	if (gk_store_row(store, &ignored, &st,
			 "SELECT name FROM pragma_table_info(?) WHERE pk = 1 "
			 "AND NOT EXISTS (SELECT 1 FROM pragma_table_info(?1) "
			 "WHERE pk = 2)",
			 "t", tbl) <= 0)
		return -1;
	/* Identifiers from gk_sync_tables and the schema, never input. */
	char *sql =
	    sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE \"%w\" = ?", col,
			    tbl, sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	int rc = -1;
	if (sql && gk_store_row(store, &ignored, &st, sql, "t", key) > 0) {
		rc = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : 0;
		gk_col_copy(st, 0, out, size);
		sqlite3_finalize(st);
	}
	sqlite3_free(sql);
	return rc;
}

int gk_sync_conflict_noun(struct gk_store *store, const char *tbl,
			  const char *pk, const char *row, char noun[32],
			  char noun_id[256], struct gk_err *err)
{
	const struct gk_sync_table *d = gk_sync_table(tbl);
	char id[256];
	if (!d)
		return gk_fail(err, GK_EINVAL, _("%s is not a synced table."),
			       tbl);
	snprintf(noun, 32, "%s", tbl);
	if (json_value(store, pk, -1, noun_id, 256) < 0)
		return gk_fail(err, GK_EDB, _("Cannot read the columns of %s."),
			       tbl);
	if (!d->noun ||
	    json_value(store, row, gk_sync_column(store, tbl, d->noun_column),
		       id, sizeof id) < 0)
		return 0;
	/* Up the chain: a delivery's publication, then its item. */
	const struct gk_sync_table *up = gk_sync_table(d->noun);
	char next[256];
	while (up && up->noun &&
	       column_of(store, up->name, up->noun_column, id, next,
			 sizeof next) == 0) {
		snprintf(id, sizeof id, "%s", next);
		up = gk_sync_table(up->noun);
	}
	if (up && !up->noun) {
		snprintf(noun, 32, "%s", up->name);
		snprintf(noun_id, 256, "%s", id);
	}
	return 0;
}

/* How people name the row of tbl with key row_id: "the department 综合科",
 * by gk_sync_table's label. */
static void row_label(struct gk_store *store, const char *tbl,
		      const char *row_id, char *out, size_t size)
{
	const struct gk_sync_table *d = gk_sync_table(tbl);
	char value[256];
	if (!d || !d->label) {
		snprintf(out, size, "%s %.40s", tbl, row_id);
		return;
	}
	if (!d->label_column || column_of(store, tbl, d->label_column, row_id,
					  value, sizeof value) < 0)
		snprintf(value, sizeof value, "%.8s", row_id);
	/* TRANSLATORS: a row as people name it: the department “综合科”. */
	snprintf(out, size, _("%s “%s”"), _(d->label), value);
}

/* ---- conflicts ------------------------------------------------------ */

static void conflict_release(void *elem)
{
	struct gk_conflict *c = elem;
	free(c->changes);
}

/* What people call a column that conflicts (the column itself when it
 * has no name of its own). */
static const char *column_label(const char *col)
{
	static const struct {
		const char *col, *label;
	} labels[] = {
	    {"state", N_("state")},	   {"step", N_("review step")},
	    {"round", N_("round")},	   {"version_id", N_("version")},
	    {"updated", N_("changed at")}, {"validity", N_("validity")},
	    {"ended_on", N_("ended on")},  {"end_reason", N_("reason")},
	    {"note", N_("note")},	   {"name", N_("name")},
	    {"value", N_("value")},	   {"pwhash", N_("password")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].col, col) == 0)
			return _(labels[i].label);
	return col;
}

/* A conflicting value as people read it: a state's name, a version's
 * number, a time in local time. */
static void show_value(struct gk_store *store, const char *tbl, const char *col,
		       const char *value, char *out, size_t size)
{
	sqlite3_stmt *st;
	struct gk_err ignored;
	int64_t ms;
	const struct gk_sync_table *d = gk_sync_table(tbl);
	if (d && d->state && strcmp(col, d->state) == 0) {
		snprintf(out, size, "%s", gk_state_label(value));
	} else if (strcmp(col, "version_id") == 0 &&
		   gk_store_row(store, &ignored, &st,
				"SELECT n FROM item_version WHERE id = ?", "t",
				value) > 0) {
		snprintf(out, size, "v%d (%.8s)", sqlite3_column_int(st, 0),
			 value);
		sqlite3_finalize(st);
	} else if (strcmp(col, "pwhash") == 0) {
		snprintf(out, size, "%s", _("(changed)"));
	} else if (strlen(value) == GK_TIME_LEN - 1 &&
		   (ms = gk_time_parse(value)) >= 0) {
		char local[GK_TIME_LEN];
		gk_time_local(ms, local);
		snprintf(out, size, "%s:%.2s.%.3s", local, value + 17,
			 value + 20);
	} else {
		snprintf(out, size, "%.80s", value);
	}
}

/* "column: here → there" for each column that differs. */
static int conflict_changes(struct gk_store *store, const char *tbl,
			    const char *local, const char *remote, char **out,
			    struct gk_err *err)
{
	sqlite3_stmt *st;
	char *buf = NULL;
	size_t len = 0;
	int rc = gk_store_prep(
	    store, err, &st,
	    "SELECT t.name, coalesce(l.value, 'NULL'), "
	    "coalesce(r.value, 'NULL') FROM json_each(?1) l "
	    "JOIN json_each(?2) r ON r.key = l.key "
	    "JOIN pragma_table_info(?3) t ON t.cid = l.key "
	    "WHERE l.value IS NOT r.value OR l.type <> r.type ORDER BY l.key",
	    "ttt", local, remote, tbl);
	if (rc < 0)
		return rc;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		sqlite3_finalize(st);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		char here[128], there[128];
		show_value(store, tbl, col,
			   (const char *)sqlite3_column_text(st, 1), here,
			   sizeof here);
		show_value(store, tbl, col,
			   (const char *)sqlite3_column_text(st, 2), there,
			   sizeof there);
		fprintf(f, _("%s: %s → %s\n"), column_label(col), here, there);
	}
	sqlite3_finalize(st);
	if (fclose(f) != 0 || rc != SQLITE_DONE) {
		free(buf);
		return rc != SQLITE_DONE
			   ? gk_store_dberr(store, err)
			   : gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	*out = buf;
	return 0;
}

static int fill_conflict(void *ctx, void *elem, sqlite3_stmt *st,
			 struct gk_err *err)
{
	struct gk_store *store = ctx;
	struct gk_conflict *c = elem;
	gk_col_copy(st, 0, c->id, sizeof c->id);
	gk_col_copy(st, 1, c->tbl, sizeof c->tbl);
	gk_col_copy(st, 2, c->noun, sizeof c->noun);
	gk_col_copy(st, 3, c->noun_id, sizeof c->noun_id);
	gk_col_copy(st, 4, c->title, sizeof c->title);
	gk_col_copy(st, 5, c->origin, sizeof c->origin);
	gk_col_copy(st, 6, c->at, sizeof c->at);
	const char *local = (const char *)sqlite3_column_text(st, 7),
		   *remote = (const char *)sqlite3_column_text(st, 8);
	const struct gk_sync_table *d = gk_sync_table(c->tbl),
				   *noun = gk_sync_table(c->noun);
	/* An item's conflicts hold the item: the queue shows its title and
	 * both versions. */
	if (noun && noun->item_row)
		snprintf(c->item_id, sizeof c->item_id, "%.*s", GK_ID_HEX,
			 c->noun_id);
	row_label(store, c->noun, c->noun_id, c->label, sizeof c->label);
	int version = d ? gk_sync_column(store, c->tbl, d->version) : -1;
	if (version >= 0) {
		json_value(store, local, version, c->local_version,
			   sizeof c->local_version);
		json_value(store, remote, version, c->remote_version,
			   sizeof c->remote_version);
	}
	return conflict_changes(store, c->tbl, local, remote, &c->changes, err);
}

/* The title is an item's (the noun of an item's rows is the item). */
#define CONFLICT_COLUMNS                                                       \
	"SELECT c.id, c.tbl, c.noun, c.noun_id, coalesce(v.title, ''), "       \
	"coalesce(s.name, substr(c.origin, 1, 8)), c.at, c.local, c.remote "   \
	"FROM sync_conflict c LEFT JOIN item i ON c.noun = 'item' AND "        \
	"i.id = c.noun_id "                                                    \
	"LEFT JOIN item_version v ON v.id = i.version_id "                     \
	"LEFT JOIN station s ON s.id = c.origin "

int gk_sync_conflicts(struct gk_store *store, struct gk_conflict **out,
		      int *count, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(store, err, &st,
			       CONFLICT_COLUMNS
			       "WHERE c.resolution IS NULL ORDER BY c.at, c.id",
			       "");
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_conflict, store,
				conflict_release, out, count, err);
}

void gk_sync_conflicts_free(struct gk_conflict *c, int count)
{
	for (int i = 0; i < count; i++)
		conflict_release(&c[i]);
	free(c);
}

int gk_sync_conflict_count(struct gk_store *store, int64_t *count,
			   struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT count(*) FROM sync_conflict "
			      "WHERE resolution IS NULL",
			      "");
	if (rc < 0)
		return rc;
	*count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int gk_sync_require_settled(struct gk_store *store, const char *tbl,
			    const char *row_id, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT c.id, coalesce(s.name, "
			      "substr(c.origin, 1, 8)) FROM sync_conflict c "
			      "LEFT JOIN station s ON s.id = c.origin "
			      "WHERE c.noun = ? AND c.noun_id = ? AND "
			      "c.resolution IS NULL",
			      "tt", tbl, row_id);
	if (rc <= 0)
		return rc;
	const struct gk_sync_table *d = gk_sync_table(tbl);
	const char *conflict = (const char *)sqlite3_column_text(st, 0),
		   *station = (const char *)sqlite3_column_text(st, 1);
	if (d && d->item_row) {
		rc = gk_fail(err, GK_EDENIED,
			     _("This item was changed here and on station %s "
			       "at once; until someone resolves the conflict "
			       "(the sync screen, or 'gongkai sync resolve "
			       "%.8s --take local|remote') it cannot move "
			       "on."),
			     station, conflict);
	} else {
		char label[256];
		row_label(store, tbl, row_id, label, sizeof label);
		rc = gk_fail(err, GK_EDENIED,
			     _("A conflict holds %s: it was changed here and "
			       "on station %s at once; until someone resolves "
			       "it (the sync screen, or 'gongkai sync resolve "
			       "%.8s --take local|remote') it cannot change."),
			     label, station, conflict);
	}
	sqlite3_finalize(st);
	return rc;
}

/* May actor settle a conflict that holds item ('': no item)? */
static int may_resolve(struct gk_store *store, const struct gk_user *actor,
		       const char *item_id, struct gk_err *err)
{
	if (actor->roles & GK_ROLE_ADMIN)
		return 0;
	if (*item_id) {
		sqlite3_stmt *st;
		int rc =
		    gk_store_row(store, err, &st,
				 "SELECT author_id = ?2, dept_id = ?3 "
				 "FROM item WHERE id = ?1",
				 "ttt", item_id, actor->id, actor->dept_id);
		if (rc < 0)
			return rc;
		int author = rc && sqlite3_column_int(st, 0);
		int same_dept = rc && sqlite3_column_int(st, 1);
		if (rc)
			sqlite3_finalize(st);
		if (author ||
		    (same_dept && (actor->roles & GK_ROLE_DEPT_HEAD)) ||
		    (actor->roles &
		     (GK_ROLE_DEPUTY | GK_ROLE_DIRECTOR | GK_ROLE_PUBLISHER)))
			return 0;
		return gk_fail(err, GK_EDENIED,
			       _("Only the item's author, its department's "
				 "head, a deputy, the director, the "
				 "disclosure officer or an administrator "
				 "resolves its conflict."));
	}
	return gk_fail(err, GK_EDENIED,
		       _("Only an administrator resolves a conflict that is "
			 "not about an item."));
}

int gk_sync_resolve(struct gk_store *store, const char *actor_id,
		    const char *id, int take_remote, struct gk_err *err)
{
	struct gk_user actor;
	sqlite3_stmt *st;
	char full[GK_ID_HEX + 1], hi[GK_ID_HEX + 2], tbl[32];
	char item_id[GK_ID_HEX + 1] = "", noun[32] = "", now[GK_TIME_LEN];
	char rid[GK_ID_HEX + 1];
	char *pk = NULL, *row = NULL, *sql = NULL;
	int rc;

	if (strlen(id) < 4 || strspn(id, "0123456789abcdef") != strlen(id))
		return gk_fail(err, GK_EINVAL,
			       _("'%s' is not a conflict id (4 or more of its "
				 "hex digits)."),
			       id);
	snprintf(hi, sizeof hi, "%sg", id);
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0 ||
	    (rc = gk_store_prep(store, err, &st,
				"SELECT id, tbl, pk, noun, noun_id, local, "
				"remote FROM sync_conflict WHERE id >= ? "
				"AND id < ? AND resolution IS NULL LIMIT 2",
				"tt", id, hi)) < 0)
		goto done;
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++)
			continue;
		gk_col_copy(st, 0, full, sizeof full);
		gk_col_copy(st, 1, tbl, sizeof tbl);
		pk = gk_col_dup(st, 2);
		gk_col_copy(st, 3, noun, sizeof noun);
		const struct gk_sync_table *d = gk_sync_table(noun);
		if (d && d->item_row)
			gk_col_copy(st, 4, item_id, sizeof item_id);
		row = gk_col_dup(st, take_remote ? 6 : 5);
	}
	sqlite3_finalize(st);
	if (n != 1) {
		rc = gk_fail(err, n ? GK_EINVAL : GK_ENOTFOUND,
			     n ? _("'%s' names more than one conflict.")
			       : _("No open conflict '%s' ('gongkai sync "
				   "conflicts' lists them)."),
			     id);
		goto done;
	}
	if (!pk || !row) {
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	if ((rc = may_resolve(store, &actor, item_id, err)) < 0)
		goto done;
	if (!take_remote) {
		/* The row as it is here now. */
		free(row);
		row = NULL;
		if ((rc = gk_sync_row_sql(store, tbl, 's', &sql, err)) < 0 ||
		    (rc = gk_store_row(store, err, &st, sql, "tt", "", pk)) < 0)
			goto done;
		if (rc) {
			row = gk_col_dup(st, 0);
			sqlite3_finalize(st);
		}
		if (!row) {
			rc = gk_fail(err, GK_ENOTFOUND,
				     _("The row of this conflict is gone."));
			goto done;
		}
	}
	gk_store_now(store, now);
	const struct gk_sync_table *d = gk_sync_table(tbl);
	int when = d ? gk_sync_column(store, tbl, d->updated) : -1;
	if (when >= 0) {
		/* A new time, so that every station sees the row move. */
		if ((rc = gk_store_row(store, err, &st,
				       "SELECT json_set(?1, '$[' || ?3 || ']', "
				       "?2)",
				       "ttd", row, now, when)) <= 0)
			goto done;
		free(row);
		row = gk_col_dup(st, 0);
		sqlite3_finalize(st);
	}
	gk_new_id(rid);
	char detail[128];
	snprintf(detail, sizeof detail, "%s %s: took %s", tbl, pk,
		 take_remote ? "remote" : "local");
	if ((rc = gk_sync_write_row(store, tbl, pk, row, err)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"INSERT INTO sync_resolution (id, tbl, pk, "
				"item_id, take, row, actor_id, at) "
				"VALUES (?, ?, ?, nullif(?, ''), ?, ?, ?, ?)",
				"tttttttt", rid, tbl, pk, item_id,
				take_remote ? "remote" : "local", row, actor.id,
				now)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE sync_conflict SET resolution = ? "
				"WHERE id = ?",
				"tt", rid, full)) < 0 ||
	    (item_id[0] && (rc = gk_doc_index(store, item_id, err)) < 0))
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_SYNC_RESOLVE,
			     item_id[0] ? item_id : full, detail, err);
done:
	free(pk);
	free(row);
	free(sql);
	return gk_store_end(store, rc, err);
}
