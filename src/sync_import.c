#include "sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "audit.h"
#include "auth.h"
#include "doc.h"
#include "i18n.h"
#include "sync_int.h"
#include "text.h"

/* ---- conflicts found while applying ---------------------------------- */

/* A conflict found while one change applied. */
struct found {
	char tbl[32];
	char *pk, *local, *remote;
};

/* Per origin in the file: what this station held before. */
struct held {
	char origin[GK_ID_HEX + 1];
	int64_t seq;
	unsigned char pubkey[PK_BYTES];
};

struct importer {
	struct gk_store *store;
	struct gk_err *err;
	const char *path;
	char *realpath; /* path made absolute, for the peer's record */
	char *data;
	size_t len;
	struct gk_sync_file f;
	struct held *held; /* one per origin in the file */
	int nheld;
	char *fresh; /* per record: 1 when this station lacks it */
	int nfresh;
	/* While one change applies. */
	const struct gk_sync_record *rec;
	sqlite3_stmt *json; /* SELECT json_insert(?1, '$[#]', ?2) */
	struct found *found;
	int nfound, capfound;
	int aborted; /* the handler refused the change; err says why */
	/* Items whose full-text entry is rebuilt at the end. */
	char (*items)[GK_ID_HEX + 1];
	int nitems, capitems;
	/* Resolutions the change brings. */
	char (*resolutions)[GK_ID_HEX + 1];
	int nres, capres;
	/* Per synced table here (gk_sync_tables): its column count, and the
	 * positions of its item and action columns (-1: none), read once. */
	int columns[32], item_col[32], action_col[32];
	struct gk_sync_summary *summary;
};

static void found_free(struct importer *im)
{
	for (int i = 0; i < im->nfound; i++) {
		sqlite3_free(im->found[i].pk);
		sqlite3_free(im->found[i].local);
		sqlite3_free(im->found[i].remote);
	}
	im->nfound = 0;
}

static void importer_free(struct importer *im)
{
	found_free(im);
	free(im->found);
	free(im->items);
	free(im->resolutions);
	free(im->held);
	free(im->fresh);
	sqlite3_finalize(im->json);
	free(im->realpath);
	gk_sync_file_free(&im->f);
	free(im->data);
}

/* Append an id to a growing array; -1 when out of memory. */
static int add_id(char (**arr)[GK_ID_HEX + 1], int *n, int *cap,
		  const unsigned char *id)
{
	if (!id || strlen((const char *)id) != GK_ID_HEX)
		return 0;
	if (*n == *cap) {
		int grown_cap = *cap ? *cap * 2 : 64;
		void *grown = realloc(*arr, (size_t)grown_cap * sizeof **arr);
		if (!grown)
			return -1;
		*arr = grown;
		*cap = grown_cap;
	}
	memcpy((*arr)[(*n)++], id, GK_ID_HEX + 1);
	return 0;
}

/* values[0..n) as a JSON array (sqlite3_malloc'd), NULL values
 * taken from fallback when given. */
static char *json_row(struct importer *im, sqlite3_value **values,
		      sqlite3_value **fallback, int n)
{
	char *acc = sqlite3_mprintf("[]");
	for (int i = 0; acc && i < n; i++) {
		sqlite3_value *v = values[i]  ? values[i]
				   : fallback ? fallback[i]
					      : NULL;
		sqlite3_reset(im->json);
		sqlite3_bind_text(im->json, 1, acc, -1, SQLITE_TRANSIENT);
		if (v)
			sqlite3_bind_value(im->json, 2, v);
		else
			sqlite3_bind_null(im->json, 2);
		sqlite3_free(acc);
		acc = NULL;
		if (sqlite3_step(im->json) == SQLITE_ROW)
			acc = sqlite3_mprintf(
			    "%s",
			    (const char *)sqlite3_column_text(im->json, 0));
	}
	sqlite3_reset(im->json);
	return acc;
}

/*
 * A row changed here and there: keep a conflict with the row here and as
 * the other station made it.  0: leave the change out; 1: apply it (the
 * two rows differ only in the time they were changed, and the other is
 * later: both stations keep the later); -1: out of memory.
 */
static int keep_conflict(struct importer *im, sqlite3_changeset_iter *it,
			 const char *tbl, int ncol, int op)
{
	sqlite3_value *local[MAX_COLS], *remote[MAX_COLS], *old[MAX_COLS];
	sqlite3_value *key[MAX_COLS], *anc[MAX_COLS];
	unsigned char *is_pk;
	if (ncol > MAX_COLS)
		return -1;
	int npk = 0, pkcols, rc = 0;
	sqlite3changeset_pk(it, &is_pk, &pkcols);
	for (int i = 0; i < ncol; i++) {
		local[i] = remote[i] = old[i] = NULL;
		sqlite3changeset_conflict(it, i, &local[i]);
		sqlite3changeset_new(it, i, &remote[i]);
		if (op == SQLITE_UPDATE)
			sqlite3changeset_old(it, i, &old[i]);
		if (is_pk[i])
			key[npk++] = op == SQLITE_INSERT ? remote[i] : old[i];
	}
	if (op == SQLITE_UPDATE)
		gk_sync_ancestor(im->store, tbl, ncol, local, old, key, npk,
				 anc);
	else
		for (int i = 0; i < ncol; i++)
			anc[i] = sqlite3_value_dup(local[i]);
	for (int i = 0; i < ncol; i++)
		if (!remote[i])
			remote[i] = anc[i];
	/* Rows that differ in nothing but the time of the change (the same
	 * approval made on both stations) are one row: the later time
	 * stays, on both. */
	const struct gk_sync_table *d = gk_sync_table(tbl);
	int when = d ? gk_sync_column(im->store, tbl, d->updated) : -1;
	int differ = 0;
	for (int i = 0; i < ncol && !differ; i++)
		differ = i != when && !gk_sync_value_equal(local[i], remote[i]);
	if (!differ) {
		const unsigned char *theirs =
					when >= 0
					    ? sqlite3_value_text(remote[when])
					    : NULL,
				    *ours =
					when >= 0
					    ? sqlite3_value_text(local[when])
					    : NULL;
		rc = theirs && ours &&
		     strcmp((const char *)theirs, (const char *)ours) > 0;
		goto out;
	}
	struct found f = {"", json_row(im, key, NULL, npk),
			  json_row(im, local, NULL, ncol),
			  json_row(im, remote, NULL, ncol)};
	snprintf(f.tbl, sizeof f.tbl, "%s", tbl);
	if (f.pk && f.local && f.remote && im->nfound == im->capfound) {
		int cap = im->capfound ? im->capfound * 2 : 8;
		void *grown =
		    realloc(im->found, (size_t)cap * sizeof *im->found);
		if (grown) {
			im->found = grown;
			im->capfound = cap;
		}
	}
	if (!f.pk || !f.local || !f.remote || im->nfound == im->capfound) {
		sqlite3_free(f.pk);
		sqlite3_free(f.local);
		sqlite3_free(f.remote);
		rc = -1;
		goto out;
	}
	im->found[im->nfound++] = f;
out:
	for (int i = 0; i < ncol; i++)
		sqlite3_value_free(anc[i]);
	return rc;
}

static int refuse_change(struct importer *im, const char *why, const char *tbl)
{
	if (!im->aborted)
		gk_fail(im->err, GK_EINVAL,
			_("change %lld of station %.8s cannot be applied "
			  "(table %s): %s."),
			(long long)im->rec->seq, im->rec->origin, tbl, why);
	im->aborted = 1;
	return SQLITE_CHANGESET_ABORT;
}

/* What the conflict handler answers for a row changed on both sides. */
static int settle(struct importer *im, sqlite3_changeset_iter *it,
		  const char *tbl, int ncol, int op)
{
	int rc = keep_conflict(im, it, tbl, ncol, op);
	if (rc < 0)
		return refuse_change(im, _("out of memory"), tbl);
	return rc ? SQLITE_CHANGESET_REPLACE : SQLITE_CHANGESET_OMIT;
}

static int on_conflict(void *ctx, int kind, sqlite3_changeset_iter *it)
{
	struct importer *im = ctx;
	const char *tbl;
	int ncol, op, indirect;
	sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect);
	const struct gk_sync_table *d = gk_sync_table(tbl);
	switch (kind) {
	case SQLITE_CHANGESET_DATA:
		/* The row changed here since the other station read it. */
		if (op == SQLITE_DELETE)
			return SQLITE_CHANGESET_OMIT;
		return settle(im, it, tbl, ncol, op);
	case SQLITE_CHANGESET_NOTFOUND:
		if (op == SQLITE_DELETE)
			return SQLITE_CHANGESET_OMIT;
		return refuse_change(
		    im, _("it changes a row this station does not have"), tbl);
	case SQLITE_CHANGESET_CONFLICT:
		/* A row with the same key exists: the same row arriving
		 * twice, or the same setting made on two stations. */
		if (d && d->duplicate == GK_SYNC_DUP_REFUSE)
			return refuse_change(im, _(d->duplicate_why), tbl);
		/* E.g. two administrators trusted the same key: one fact. */
		if (d && d->duplicate == GK_SYNC_DUP_SAME)
			return SQLITE_CHANGESET_OMIT;
		return settle(im, it, tbl, ncol, op);
	case SQLITE_CHANGESET_CONSTRAINT:
		if (d && d->taken)
			return refuse_change(im, _(d->taken), tbl);
		return refuse_change(im, _("it breaks a rule of the schema"),
				     tbl);
	case SQLITE_CHANGESET_FOREIGN_KEY:
	default:
		return refuse_change(
		    im, _("it refers to records this station does not have"),
		    tbl);
	}
}

/* How many columns tbl has here, and where its item and action columns
 * are (gk_sync_table); -1 when it is not a synced table.  A changeset for
 * a table of another shape would be skipped by SQLite with no more than a
 * log message. */
static int table_columns(struct importer *im, const char *tbl, int *item_col,
			 int *action_col)
{
	for (int i = 0; gk_sync_tables[i].name; i++) {
		const struct gk_sync_table *d = &gk_sync_tables[i];
		if (strcmp(d->name, tbl) != 0)
			continue;
		if (!im->columns[i]) {
			sqlite3_stmt *st;
			struct gk_err ignored;
			if (gk_store_row(im->store, &ignored, &st,
					 "SELECT count(*) FROM "
					 "pragma_table_info(?)",
					 "t", tbl) <= 0)
				return -1;
			im->columns[i] = sqlite3_column_int(st, 0);
			sqlite3_finalize(st);
			im->item_col[i] =
			    gk_sync_column(im->store, tbl, d->item);
			im->action_col[i] =
			    gk_sync_column(im->store, tbl, d->action);
		}
		*item_col = im->item_col[i];
		*action_col = im->action_col[i];
		return im->columns[i];
	}
	return -1;
}

/* Before a change applies: the items it touches, the resolutions it
 * brings, and what to count. */
static int scan_change(struct importer *im, const struct gk_sync_record *r)
{
	sqlite3_changeset_iter *it;
	if (gk_sync_changeset_check(r->payload, r->size) < 0 ||
	    sqlite3changeset_start(&it, (int)r->size, (void *)r->payload) !=
		SQLITE_OK)
		return -1;
	int rc = 0;
	while (rc == 0 && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect;
		sqlite3_value *v = NULL;
		sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect);
		int (*get)(sqlite3_changeset_iter *, int, sqlite3_value **) =
		    op == SQLITE_DELETE ? sqlite3changeset_old
					: sqlite3changeset_new;
		const struct gk_sync_table *d = gk_sync_table(tbl);
		int item_col = -1, action_col = -1;
		if (!d ||
		    table_columns(im, tbl, &item_col, &action_col) != ncol) {
			rc = -2;
			break;
		}
		if (item_col >= 0 && d->item_row) {
			/* The item itself, on any change; an update's new key
			 * is undefined. */
			if (op == SQLITE_UPDATE)
				sqlite3changeset_old(it, item_col, &v);
			else
				get(it, item_col, &v);
			im->summary->items++;
			rc = add_id(&im->items, &im->nitems, &im->capitems,
				    v ? sqlite3_value_text(v) : NULL);
		} else if (item_col >= 0 && op == SQLITE_INSERT) {
			get(it, item_col, &v);
			rc = add_id(&im->items, &im->nitems, &im->capitems,
				    v ? sqlite3_value_text(v) : NULL);
		} else if (action_col >= 0 && op == SQLITE_INSERT) {
			get(it, action_col, &v);
			const char *a =
			    v ? (const char *)sqlite3_value_text(v) : "";
			if (a &&
			    (!strcmp(a, "approve") || !strcmp(a, "return") ||
			     !strcmp(a, "publish") || !strcmp(a, "withdraw")))
				im->summary->decisions++;
		} else if (d->resolutions && op == SQLITE_INSERT) {
			get(it, 0, &v);
			rc = add_id(&im->resolutions, &im->nres, &im->capres,
				    v ? sqlite3_value_text(v) : NULL);
		}
	}
	int fin = sqlite3changeset_finalize(it);
	if (rc == -2)
		return -2;
	return rc < 0 || fin != SQLITE_OK ? -1 : 0;
}

/* Store the conflicts the change left, one open conflict per row. */
static int store_conflicts(struct importer *im)
{
	struct gk_store *store = im->store;
	char now[GK_TIME_LEN];
	gk_store_now(store, now);
	for (int i = 0; i < im->nfound; i++) {
		struct found *f = &im->found[i];
		char id[GK_ID_HEX + 1];
		gk_new_id(id);
		char noun[32], noun_id[256];
		int rc = gk_sync_conflict_noun(store, f->tbl, f->pk, f->local,
					       noun, noun_id, im->err);
		if (rc == 0)
			rc = gk_store_exec(
			    store, im->err,
			    "INSERT INTO sync_conflict (id, tbl, pk, noun, "
			    "noun_id, local, remote, origin, seq, at) VALUES "
			    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			    "ON CONFLICT (tbl, pk) WHERE resolution IS NULL "
			    "DO UPDATE SET remote = excluded.remote, "
			    "origin = excluded.origin, seq = excluded.seq, "
			    "at = excluded.at",
			    "ttttttttit", id, f->tbl, f->pk, noun, noun_id,
			    f->local, f->remote, im->rec->origin, im->rec->seq,
			    now);
		if (rc < 0)
			return rc;
	}
	found_free(im);
	return 0;
}

/*
 * Write each resolution the change brought and close the conflicts on its
 * row.  When two stations resolved the same row before their files met,
 * the later resolution (by time, then id) is the one every station keeps.
 */
static int apply_resolutions(struct importer *im)
{
	for (int i = 0; i < im->nres; i++) {
		sqlite3_stmt *st;
		int rc = gk_store_row(
		    im->store, im->err, &st,
		    "SELECT r.tbl, r.pk, r.row, coalesce((SELECT l.id FROM "
		    "sync_resolution l WHERE l.tbl = r.tbl AND l.pk = r.pk AND "
		    "(l.at > r.at OR (l.at = r.at AND l.id > r.id)) "
		    "ORDER BY l.at DESC, l.id DESC LIMIT 1), '') "
		    "FROM sync_resolution r WHERE r.id = ?",
		    "t", im->resolutions[i]);
		if (rc <= 0)
			return rc;
		char tbl[32], later[GK_ID_HEX + 1];
		gk_col_copy(st, 0, tbl, sizeof tbl);
		gk_col_copy(st, 3, later, sizeof later);
		char *pk = gk_col_dup(st, 1), *row = gk_col_dup(st, 2);
		sqlite3_finalize(st);
		if (!pk || !row)
			rc = gk_fail(im->err, GK_ENOMEM, _("Out of memory."));
		else if (!later[0])
			rc =
			    gk_sync_write_row(im->store, tbl, pk, row, im->err);
		if (rc == 0)
			rc = gk_store_exec(
			    im->store, im->err,
			    "UPDATE sync_conflict SET resolution "
			    "= ? WHERE tbl = ? AND pk = ? AND "
			    "resolution IS NULL",
			    "ttt", later[0] ? later : im->resolutions[i], tbl,
			    pk);
		free(pk);
		free(row);
		if (rc < 0)
			return rc;
	}
	im->nres = 0;
	return 0;
}

/* The origin's audit entry that the change names must be the one it
 * signed. */
static int check_audit(struct importer *im, const struct gk_sync_record *r)
{
	sqlite3_stmt *st;
	if (!r->audit_seq)
		return 0;
	int rc = gk_store_row(im->store, im->err, &st,
			      "SELECT hash = ? FROM audit WHERE station = ? "
			      "AND seq = ?",
			      "tti", r->audit_hash, r->origin, r->audit_seq);
	if (rc < 0)
		return rc;
	int ok = rc && sqlite3_column_int(st, 0);
	if (rc)
		sqlite3_finalize(st);
	if (!ok)
		return gk_fail(
		    im->err, GK_ETAMPER,
		    _("change %lld of station %.8s names audit entry "
		      "%lld, which does not match the hash the "
		      "station signed."),
		    (long long)r->seq, r->origin, (long long)r->audit_seq);
	return 0;
}

static int apply_change(struct importer *im, const struct gk_sync_record *r)
{
	struct gk_store *store = im->store;
	im->rec = r;
	int rc = scan_change(im, r);
	if (rc < 0)
		return gk_fail(im->err, GK_EINVAL,
			       rc == -2 ? _("change %lld of station %.8s "
					    "changes a table that is not "
					    "synced, or not of the shape it "
					    "has here.")
					: _("change %lld of station %.8s is "
					    "not a valid changeset."),
			       (long long)r->seq, r->origin);
	rc = sqlite3changeset_apply(store->sql, (int)r->size,
				    (void *)r->payload, NULL, on_conflict, im);
	if (im->aborted)
		return GK_EINVAL;
	if (rc != SQLITE_OK)
		return gk_store_dberr(store, im->err);
	sqlite3_stmt *st;
	if ((rc = store_conflicts(im)) < 0 ||
	    (rc = gk_store_prep(store, im->err, &st,
				"INSERT INTO sync_change (origin, seq, schema, "
				"created, audit_seq, audit_hash, payload, sig, "
				"received) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				"tiitit", r->origin, r->seq, r->schema,
				r->created, r->audit_seq, r->audit_hash)) < 0)
		return rc;
	char now[GK_TIME_LEN];
	gk_store_now(store, now);
	sqlite3_bind_blob(st, 7, r->payload, (int)r->size, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, r->sig, SIG_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0
					     : gk_store_dberr(store, im->err);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = apply_resolutions(im);
	if (rc == 0)
		rc = check_audit(im, r);
	im->summary->changes++;
	return rc;
}

static int read_file(struct importer *im)
{
	if (gk_file_read(im->path, (size_t)1 << 32, &im->data, &im->len) < 0)
		return gk_fail(im->err, errno == ENOENT ? GK_ENOTFOUND : GK_EIO,
			       _("Cannot read %s: %s."), im->path,
			       strerror(errno));
	im->realpath = realpath(im->path, NULL);
	return gk_sync_parse((const unsigned char *)im->data, im->len, &im->f,
			     im->err);
}

/* A station of the file as people read it: its name from here or from
 * the file, and its short id. */
static void origin_label(struct importer *im, const char *origin, char *out,
			 size_t size)
{
	gk_sync_station_label(im->store, origin, out, size);
	if (strchr(out, ' '))
		return;
	if (strcmp(origin, im->f.from.id) == 0)
		snprintf(out, size, "%s (%.8s)", im->f.from.name, origin);
	for (int i = 0; i < im->f.nkeys; i++)
		if (strcmp(im->f.keys[i].id, origin) == 0)
			snprintf(out, size, "%s (%.8s)", im->f.keys[i].name,
				 origin);
}

/* The key that must have signed the changes of origin: the one this
 * station knows, else the one the file carries (vouched for by its
 * signer). */
static int origin_key(struct importer *im, const char *origin,
		      unsigned char pk[PK_BYTES])
{
	const struct gk_sync_key *in_file = NULL;
	if (strcmp(origin, im->f.from.id) == 0)
		in_file = &im->f.from;
	for (int i = 0; !in_file && i < im->f.nkeys; i++)
		if (strcmp(im->f.keys[i].id, origin) == 0)
			in_file = &im->f.keys[i];
	int rc = gk_sync_known_key(im->store, origin, pk, im->err);
	if (rc < 0)
		return rc;
	if (rc && in_file && sodium_memcmp(pk, in_file->pubkey, PK_BYTES))
		return gk_fail(im->err, GK_ETAMPER,
			       _("it gives station %.8s (%s) another key than "
				 "the one this station knows."),
			       origin, in_file->name);
	if (!rc && !in_file)
		return gk_fail(im->err, GK_EINVAL,
			       _("it carries changes of station %.8s without "
				 "that station's key."),
			       origin);
	if (!rc)
		memcpy(pk, in_file->pubkey, PK_BYTES);
	return 0;
}

/*
 * Everything that can be checked before anything is written: the agency,
 * the schema, the signer's trust and signature, each change's signature,
 * and that no change is missing before the first new one of each origin.
 * join: a bootstrap file, trusted for its own key, holding every change
 * from the first.
 */
static int verify(struct importer *im, int join)
{
	struct gk_store *store = im->store;
	struct gk_sync_file *f = &im->f;
	struct gk_agency agency;
	int rc, trusted = 1;

	if (!join) {
		if ((rc = gk_agency_get(store, &agency, im->err)) < 0)
			return rc;
		if (strcmp(agency.id, f->agency) != 0)
			return gk_fail(im->err, GK_EINVAL,
				       _("it belongs to another agency, %s "
					 "(%.8s); this station belongs to %s."),
				       f->agency_name, f->agency, agency.name);
	}
	/* Older schemas are read (docs/architecture.md, "Schema upgrades
	 * between stations"); a newer one names what to install. */
	if ((rc = gk_sync_schema_readable(f->schema, gk_store_schema_version(),
					  im->err)) < 0)
		return rc;
	unsigned char pk[PK_BYTES];
	if (!join) {
		if ((rc = gk_sync_known_key(store, f->from.id, pk, im->err)) <
		    0)
			return rc;
		if (rc && sodium_memcmp(pk, f->from.pubkey, PK_BYTES))
			return gk_fail(im->err, GK_ETAMPER,
				       _("it is signed by a key that is not "
					 "the one of station %.8s (%s) known "
					 "here."),
				       f->from.id, f->from.name);
		if ((rc = gk_sync_is_trusted(store, f->from.pubkey, &trusted,
					     im->err)) < 0)
			return rc;
	}
	if (!trusted) {
		char fpr[GK_FPR_LEN];
		gk_sync_fingerprint_of(f->from.pubkey, fpr);
		return gk_fail(im->err, GK_EDENIED,
			       _("it is signed by station %s (%.8s), whose key "
				 "this station does not trust; its "
				 "fingerprint is %s.  If the other station "
				 "shows the same ('gongkai sync id'), an "
				 "administrator trusts it with 'gongkai sync "
				 "trust %s'."),
			       f->from.name, f->from.id, fpr, fpr);
	}
	if (crypto_sign_verify_detached(f->sig, (const unsigned char *)im->data,
					f->signed_len, f->from.pubkey) != 0)
		return gk_fail(im->err, GK_ETAMPER,
			       _("its signature does not match its content: "
				 "it was changed after station %s signed "
				 "it."),
			       f->from.name);
	if (f->nrecords && !(im->fresh = calloc((size_t)f->nrecords, 1)))
		return gk_fail(im->err, GK_ENOMEM, _("Out of memory."));
	im->nfresh = f->nrecords;
	char msg[512];
	for (int i = 0; i < f->nrecords; i++) {
		const struct gk_sync_record *r = &f->records[i];
		struct held *h = NULL;
		for (int k = 0; k < im->nheld && !h; k++)
			if (strcmp(im->held[k].origin, r->origin) == 0)
				h = &im->held[k];
		if (!h) {
			void *grown =
			    realloc(im->held,
				    (size_t)(im->nheld + 1) * sizeof *im->held);
			if (!grown)
				return gk_fail(im->err, GK_ENOMEM,
					       _("Out of memory."));
			im->held = grown;
			h = &im->held[im->nheld++];
			memset(h, 0, sizeof *h);
			memcpy(h->origin, r->origin, sizeof h->origin);
			sqlite3_stmt *st;
			if ((rc = origin_key(im, r->origin, h->pubkey)) < 0 ||
			    (rc = gk_store_row(store, im->err, &st,
					       "SELECT max(seq) FROM "
					       "sync_change WHERE origin = ?",
					       "t", r->origin)) < 0)
				return rc;
			h->seq = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
		gk_sync_change_message(f->agency, r->origin, r->seq, r->schema,
				       r->created, r->audit_seq, r->audit_hash,
				       r->payload, r->size, msg, sizeof msg);
		if (crypto_sign_verify_detached(r->sig,
						(const unsigned char *)msg,
						strlen(msg), h->pubkey) != 0)
			return gk_fail(im->err, GK_ETAMPER,
				       _("change %lld of station %.8s does not "
					 "match that station's signature."),
				       (long long)r->seq, r->origin);
		if (r->schema > gk_store_schema_version())
			return gk_fail(im->err, GK_EINVAL,
				       _("change %lld of station %.8s was made "
					 "under schema version %lld; this "
					 "station has version %d."),
				       (long long)r->seq, r->origin,
				       (long long)r->schema,
				       gk_store_schema_version());
		if (r->seq <= h->seq) {
			/* Held already: it must be the very same change. */
			sqlite3_stmt *st;
			if ((rc = gk_store_prep(store, im->err, &st,
						"SELECT payload = ?3 FROM "
						"sync_change WHERE origin = ?1 "
						"AND seq = ?2",
						"ti", r->origin, r->seq)) < 0)
				return rc;
			sqlite3_bind_blob(st, 3, r->payload, (int)r->size,
					  SQLITE_STATIC);
			int same = sqlite3_step(st) == SQLITE_ROW &&
				   sqlite3_column_int(st, 0);
			sqlite3_finalize(st);
			if (!same) {
				char name[NAME_SIZE + 16];
				origin_label(im, r->origin, name, sizeof name);
				return gk_fail(
				    im->err, GK_ETAMPER,
				    strcmp(r->origin, store->station_id) == 0
					? _("change %lld of this station, %s, "
					    "differs from the one this file "
					    "carries: this database went back "
					    "in time (restored from a "
					    "backup?). "
					    "Set the station up again with "
					    "'init --from' a full export of "
					    "another station.")
					: _("change %lld of station %s differs "
					    "from the one this station holds: "
					    "that station's history was "
					    "rewritten (restored from a "
					    "backup?); it must be set up again "
					    "with 'init --from'."),
				    (long long)r->seq, name);
			}
			continue;
		}
		if (strcmp(r->origin, store->station_id) == 0)
			return gk_fail(
			    im->err, GK_ETAMPER,
			    _("it carries change %lld of this "
			      "station, which this database does not "
			      "hold: it went back in time (restored "
			      "from a backup?).  Set the station up "
			      "again with 'init --from' a full export "
			      "of another station."),
			    (long long)r->seq);
		if (r->seq != h->seq + 1) {
			char name[NAME_SIZE + 16];
			origin_label(im, r->origin, name, sizeof name);
			return gk_fail(
			    im->err, GK_EINVAL,
			    _("changes %lld to %lld of station %s "
			      "are missing: they are neither here nor "
			      "in this file.  Import the earlier "
			      "file first, or ask %s for a file made "
			      "for this station ('sync export --to')."),
			    (long long)h->seq + 1, (long long)r->seq - 1, name,
			    name);
		}
		h->seq = r->seq;
		im->fresh[i] = 1;
	}
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Apply the fresh changes, inside the caller's transaction, with the
 * recording of changes switched off so that they do not echo back. */
static int apply_all(struct importer *im, gk_sync_progress progress, void *ctx)
{
	struct gk_store *store = im->store;
	int rc, total = 0, done = 0;
	for (int i = 0; i < im->nfresh; i++)
		total += im->fresh[i];
	im->summary->skipped = im->f.nrecords - total;
	if (sqlite3_prepare_v2(store->sql, "SELECT json_insert(?1, '$[#]', ?2)",
			       -1, &im->json, NULL) != SQLITE_OK)
		return gk_store_dberr(store, im->err);
	if (store->session)
		sqlite3session_enable(store->session, 0);
	char start[GK_TIME_LEN];
	gk_store_now(store, start);
	for (int i = 0; i < im->f.nrecords; i++) {
		if (!im->fresh[i])
			continue;
		if ((rc = apply_change(im, &im->f.records[i])) < 0)
			return rc;
		if (progress)
			progress(ctx, ++done, total);
	}
	/* The conflicts this file leaves open (others it found were
	 * settled by resolutions it also carried). */
	sqlite3_stmt *st;
	if ((rc = gk_store_row(store, im->err, &st,
			       "SELECT count(*) FROM sync_conflict WHERE "
			       "resolution IS NULL AND at >= ?",
			       "t", start)) < 0)
		return rc;
	im->summary->conflicts = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (im->nitems)
		qsort(im->items, (size_t)im->nitems, sizeof *im->items, cmp_id);
	int distinct = 0;
	for (int i = 0; i < im->nitems; i++) {
		if (i && strcmp(im->items[i], im->items[i - 1]) == 0)
			continue;
		distinct++;
		if ((rc = gk_doc_index(store, im->items[i], im->err)) < 0)
			return rc;
	}
	im->summary->items = distinct;
	char now[GK_TIME_LEN];
	gk_store_now(store, now);
	if ((rc = gk_store_exec(store, im->err,
				"INSERT INTO sync_peer (station, last_in, "
				"file_in) VALUES (?1, ?2, ?3) ON CONFLICT "
				"(station) DO UPDATE SET last_in = ?2, "
				"file_in = ?3",
				"ttt", im->f.from.id, now,
				im->realpath ? im->realpath : im->path)) < 0)
		return rc;
	for (int i = 0; i < im->f.nholds; i++)
		if ((rc = gk_store_exec(
			 store, im->err,
			 "INSERT INTO sync_holds (peer, origin, seq) "
			 "VALUES (?1, ?2, ?3) ON CONFLICT (peer, origin) DO "
			 "UPDATE SET seq = max(seq, excluded.seq)",
			 "tti", im->f.from.id, im->f.holds[i].origin,
			 im->f.holds[i].seq)) < 0)
			return rc;
	if (store->session)
		sqlite3session_enable(store->session, 1);
	return 0;
}

void gk_sync_describe(const struct gk_sync_summary *sum, char *out, size_t size)
{
	char changes[128], items[128], decisions[128], conflicts[128];
	if (!sum->changes) {
		snprintf(out, size,
			 ngettext("Nothing new: its %d change is here already.",
				  "Nothing new: all %d changes are here "
				  "already.",
				  (unsigned long)sum->skipped),
			 sum->skipped);
		return;
	}
	snprintf(
	    changes, sizeof changes,
	    ngettext("%d change", "%d changes", (unsigned long)sum->changes),
	    sum->changes);
	snprintf(items, sizeof items,
		 ngettext("%d item", "%d items", (unsigned long)sum->items),
		 sum->items);
	snprintf(decisions, sizeof decisions,
		 ngettext("%d decision", "%d decisions",
			  (unsigned long)sum->decisions),
		 sum->decisions);
	snprintf(conflicts, sizeof conflicts,
		 ngettext("%d conflict", "%d conflicts",
			  (unsigned long)sum->conflicts),
		 sum->conflicts);
	/* TRANSLATORS: From STATION: N changes, N items, N decisions, N
	 * conflicts. */
	snprintf(out, size, _("From %s: %s, %s, %s, %s."), sum->from, changes,
		 items, decisions, conflicts);
}

static void describe(const struct importer *im, char *out, size_t size)
{
	snprintf(out, size,
		 "from %s (%.8s): %d changes, %d held already, %d items, "
		 "%d decisions, %d conflicts",
		 im->f.from.name, im->f.from.id, im->summary->changes,
		 im->summary->skipped, im->summary->items,
		 im->summary->decisions, im->summary->conflicts);
}

/* Record a refused file in its own transaction: the audit entry, and the
 * key an untrusted file offered. */
static int refuse(struct importer *im, const char *login, int rc)
{
	struct gk_store *store = im->store;
	struct gk_err ignored;
	char msg[GK_ERR_MSG_MAX], now[GK_TIME_LEN], fpr[GK_FPR_LEN];
	snprintf(msg, sizeof msg, "%s", im->err->msg);
	gk_store_rollback(store);
	if (gk_store_begin(store, &ignored) == 0) {
		int r = 0;
		if (rc == GK_EDENIED && im->f.format) {
			char pkhex[PK_BYTES * 2 + 1];
			sodium_bin2hex(pkhex, sizeof pkhex, im->f.from.pubkey,
				       PK_BYTES);
			gk_sync_fingerprint_of(im->f.from.pubkey, fpr);
			gk_store_now(store, now);
			r = gk_store_exec(
			    store, &ignored,
			    "INSERT INTO sync_offer (fingerprint, station, "
			    "name, pubkey, at) VALUES (?, ?, ?, ?, ?) ON "
			    "CONFLICT (fingerprint) DO UPDATE SET at = "
			    "excluded.at",
			    "ttttt", fpr, im->f.from.id, im->f.from.name, pkhex,
			    now);
		}
		if (r == 0)
			r = gk_audit_append(store, login, GK_AUDIT_SYNC_REFUSED,
					    im->path, msg, &ignored);
		gk_store_end(store, r, &ignored);
	}
	return gk_fail(im->err, rc, _("Refused %s: %s"), im->path, msg);
}

int gk_sync_import(struct gk_store *store, const char *actor_id,
		   const char *path, gk_sync_progress progress, void *ctx,
		   struct gk_sync_summary *summary, struct gk_err *err)
{
	struct importer im = {
	    .store = store, .err = err, .path = path, .summary = summary};
	struct gk_user actor;
	int rc;
	memset(summary, 0, sizeof *summary);
	if ((rc = gk_store_require_init(store, err)) < 0 ||
	    (rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0)
		return rc;
	if ((rc = read_file(&im)) < 0) {
		if (rc != GK_ENOTFOUND && rc != GK_EIO)
			rc = refuse(&im, actor.login, rc);
		goto out;
	}
	snprintf(summary->from, sizeof summary->from, "%s", im.f.from.name);
	gk_sync_fingerprint_of(im.f.from.pubkey, summary->fingerprint);
	summary->bytes = (int64_t)im.len;
	if ((rc = gk_store_begin(store, err)) < 0)
		goto out;
	if ((rc = verify(&im, 0)) < 0) {
		rc = refuse(&im, actor.login, rc);
		goto out;
	}
	int fresh = 0;
	for (int i = 0; i < im.nfresh; i++)
		fresh += im.fresh[i];
	if (!fresh) {
		/* Held already: nothing changes, not even the peer's row. */
		summary->skipped = im.f.nrecords;
		gk_store_rollback(store);
		goto out;
	}
	if ((rc = apply_all(&im, progress, ctx)) < 0) {
		rc = refuse(&im, actor.login, rc);
		goto out;
	}
	char detail[512];
	describe(&im, detail, sizeof detail);
	rc = gk_audit_append(store, actor.login, GK_AUDIT_SYNC_IMPORT, path,
			     detail, err);
	rc = gk_store_end(store, rc, err);
out:
	importer_free(&im);
	return rc;
}

int gk_sync_join(struct gk_store *store, const char *path, const char *name,
		 const char *admin_login, const char *password,
		 struct gk_sync_summary *summary, struct gk_err *err)
{
	struct importer im = {
	    .store = store, .err = err, .path = path, .summary = summary};
	int rc;
	memset(summary, 0, sizeof *summary);
	if (store->station_id[0])
		return gk_fail(err, GK_EEXIST,
			       _("This database is set up already; a station "
				 "joins with a new database."));
	if ((rc = read_file(&im)) < 0) {
		if (rc != GK_ENOTFOUND && rc != GK_EIO)
			goto refused;
		goto out;
	}
	snprintf(summary->from, sizeof summary->from, "%s", im.f.from.name);
	summary->bytes = (int64_t)im.len;
	if ((rc = gk_store_begin(store, err)) < 0)
		goto out;
	sqlite3_stmt *st;
	if ((rc = gk_store_row(store, err, &st, "SELECT 1 FROM agency", "")) !=
	    0) {
		if (rc > 0) {
			sqlite3_finalize(st);
			rc = gk_fail(err, GK_EEXIST,
				     _("This database is set up already; a "
				       "station joins with a new database."));
		}
		goto fail;
	}
	if ((rc = verify(&im, 1)) < 0)
		goto refused;
	for (int i = 0; i < im.nfresh; i++)
		if (!im.fresh[i]) {
			rc = gk_fail(err, GK_EINVAL,
				     _("it is not a full export; make one with "
				       "'gongkai sync export --full FILE'."));
			goto refused;
		}
	if (!im.nfresh) {
		rc = gk_fail(err, GK_EINVAL,
			     _("it is not a full export; make one with "
			       "'gongkai sync export --full FILE'."));
		goto refused;
	}
	if ((rc = apply_all(&im, NULL, NULL)) < 0)
		goto refused;
	/* Only an administrator of the agency makes a new station. */
	struct gk_user admin;
	if ((rc = gk_user_load(store, admin_login, 1, &admin, err)) < 0 ||
	    !(admin.roles & GK_ROLE_ADMIN) ||
	    (rc = gk_store_row(store, err, &st,
			       "SELECT pwhash FROM user WHERE id = ?", "t",
			       admin.id)) <= 0 ||
	    crypto_pwhash_str_verify((const char *)sqlite3_column_text(st, 0),
				     password, strlen(password)) != 0) {
		if (rc > 0)
			sqlite3_finalize(st);
		rc = gk_fail(err, GK_EAUTH,
			     _("A new station is made by an administrator of "
			       "the agency: wrong login or password."));
		goto fail;
	}
	sqlite3_finalize(st);
	char station[GK_ID_HEX + 1];
	gk_new_id(station);
	if ((rc = gk_store_exec(store, err,
				"INSERT INTO local_state (key, value) "
				"VALUES ('station_id', ?)",
				"t", station)) < 0)
		goto fail;
	snprintf(store->station_id, sizeof store->station_id, "%s", station);
	char detail[512];
	describe(&im, detail, sizeof detail);
	if ((rc = gk_sync_station_create(store, name, admin.login, err)) < 0 ||
	    (rc = gk_audit_append(store, admin.login, GK_AUDIT_SYNC_JOIN, path,
				  detail, err)) < 0 ||
	    (rc = gk_store_commit(store, err)) < 0) {
		store->station_id[0] = '\0';
		goto fail;
	}
	goto out;
refused:;
	char msg[GK_ERR_MSG_MAX];
	snprintf(msg, sizeof msg, "%s", err->msg);
	rc = gk_fail(err, rc, _("Refused %s: %s"), path, msg);
fail:
	gk_store_rollback(store);
	store->station_id[0] = '\0';
out:
	importer_free(&im);
	return rc;
}
