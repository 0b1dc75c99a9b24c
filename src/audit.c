#include "audit.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

#define HASH_HEX GK_HASH_HEX

static const char *const action_keys[] = {
#define GK_AUDIT_KEY(name, key) key,
    GK_AUDIT_ACTIONS(GK_AUDIT_KEY)
#undef GK_AUDIT_KEY
};

const char *gk_audit_action_key(enum gk_audit_action action)
{
	return action_keys[action];
}

/* The fields an entry's hash covers, in order. */
struct entry {
	const char *id, *station, *at, *actor, *action, *object, *detail;
	const char *prev_hash;
	int64_t seq;
};

static void entry_hash(const struct entry *e, char out[HASH_HEX + 1])
{
	char seq[24];
	snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
	const char *fields[] = {e->prev_hash, e->id,	 e->station,
				seq,	      e->at,	 e->actor,
				e->action,    e->object, e->detail};
	gk_digest(fields, (int)(sizeof fields / sizeof fields[0]), out);
}

int gk_audit_latest(struct gk_store *store, int64_t *seq,
		    char hash[HASH_HEX + 1], struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT seq, hash FROM audit WHERE station = ? "
			      "ORDER BY seq DESC LIMIT 1",
			      "t", store->station_id);
	*seq = 0;
	hash[0] = '\0';
	if (rc <= 0)
		return rc;
	*seq = sqlite3_column_int64(st, 0);
	gk_col_copy(st, 1, hash, HASH_HEX + 1);
	sqlite3_finalize(st);
	return 0;
}

int gk_audit_append(struct gk_store *store, const char *actor,
		    enum gk_audit_action action, const char *object,
		    const char *detail, struct gk_err *err)
{
	char id[GK_ID_HEX + 1], at[GK_TIME_LEN], prev[HASH_HEX + 1] = "";
	char hash[HASH_HEX + 1];
	int64_t seq;

	int rc = gk_audit_latest(store, &seq, prev, err);
	if (rc < 0)
		return rc;
	seq++;
	gk_new_id(id);
	gk_store_now(store, at);
	struct entry e = {id,
			  store->station_id,
			  at,
			  actor,
			  action_keys[action],
			  object,
			  detail,
			  prev,
			  seq};
	entry_hash(&e, hash);
	return gk_store_exec(store, err,
			     "INSERT INTO audit (id, station, seq, at, actor, "
			     "action, object, detail, prev_hash, hash) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     "ttittttttt", id, store->station_id, seq, at,
			     actor, action_keys[action], object, detail, prev,
			     hash);
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

int gk_audit_verify(struct gk_store *store, int64_t *checked,
		    struct gk_err *err)
{
	sqlite3_stmt *st;
	char station[GK_ID_HEX + 1] = "", prev[HASH_HEX + 1] = "";
	char hash[HASH_HEX + 1];
	int64_t expect_seq = 1;
	int rc;

	*checked = 0;
	rc =
	    gk_store_prep(store, err, &st,
			  "SELECT id, station, seq, at, actor, action, object, "
			  "detail, prev_hash, hash FROM audit "
			  "ORDER BY station, seq",
			  "");
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct entry e = {
		    col(st, 0), col(st, 1), col(st, 3),
		    col(st, 4), col(st, 5), col(st, 6),
		    col(st, 7), col(st, 8), sqlite3_column_int64(st, 2)};
		if (strcmp(station, e.station) != 0) {
			snprintf(station, sizeof station, "%s", e.station);
			prev[0] = '\0';
			expect_seq = 1;
		}
		const char *problem = NULL;
		if (e.seq != expect_seq)
			problem = _("an entry before it is missing");
		else if (strcmp(e.prev_hash, prev) != 0)
			problem = _("it does not follow the entry before it");
		else {
			entry_hash(&e, hash);
			if (strcmp(hash, col(st, 9)) != 0)
				problem = _("its contents were changed");
		}
		if (problem) {
			rc = gk_fail(err, GK_ETAMPER,
				     _("Audit entry %lld of station %.8s (id "
				       "%s, %s %s) does not verify: %s."),
				     (long long)e.seq, e.station, e.id, e.at,
				     e.action, problem);
			sqlite3_finalize(st);
			return rc;
		}
		snprintf(prev, sizeof prev, "%s", col(st, 9));
		expect_seq++;
		(*checked)++;
	}
	rc = rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	return rc;
}
