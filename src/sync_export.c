#include "sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agency.h"
#include "audit.h"
#include "auth.h"
#include "i18n.h"
#include "sync_int.h"
#include "text.h"

/* ---- export --------------------------------------------------------- */

/* A station named by an id prefix (4+ hex digits) or its name. */
static int find_station(struct gk_store *store, const char *key,
			char id[GK_ID_HEX + 1], char name[NAME_SIZE],
			struct gk_err *err)
{
	sqlite3_stmt *st;
	char hi[GK_ID_HEX + 2];
	snprintf(hi, sizeof hi, "%sg", key);
	int rc = gk_store_prep(store, err, &st,
			       "SELECT id, name FROM station WHERE name = ?1 "
			       "OR (length(?1) >= 4 AND id >= ?1 AND id < ?2) "
			       "LIMIT 2",
			       "tt", key, hi);
	if (rc < 0)
		return rc;
	int n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == 0) {
			gk_col_copy(st, 0, id, GK_ID_HEX + 1);
			gk_col_copy(st, 1, name, NAME_SIZE);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return gk_store_dberr(store, err);
	if (n == 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("No station '%s' ('gongkai sync peers' lists "
				 "them)."),
			       key);
	if (n > 1)
		return gk_fail(err, GK_EINVAL,
			       _("'%s' names more than one station; give more "
				 "of its id."),
			       key);
	return 0;
}

/* Sign this station's changes that have no signature yet. */
static int sign_own(struct gk_store *store, const char *agency,
		    const unsigned char sk[SK_BYTES], struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(store, err, &st,
			       "SELECT seq, schema, created, audit_seq, "
			       "audit_hash, payload FROM sync_change "
			       "WHERE origin = ? AND sig IS NULL",
			       "t", store->station_id);
	if (rc < 0)
		return rc;
	char msg[512];
	unsigned char sig[SIG_BYTES];
	sqlite3_stmt *up;
	if ((rc = gk_store_prep(store, err, &up,
				"UPDATE sync_change SET sig = ? "
				"WHERE origin = ? AND seq = ?",
				"")) < 0) {
		sqlite3_finalize(st);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		gk_sync_change_message(
		    agency, store->station_id, seq, sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    sqlite3_column_int64(st, 3),
		    (const char *)sqlite3_column_text(st, 4),
		    sqlite3_column_blob(st, 5),
		    (size_t)sqlite3_column_bytes(st, 5), msg, sizeof msg);
		crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
				     strlen(msg), sk);
		sqlite3_reset(up);
		sqlite3_bind_blob(up, 1, sig, SIG_BYTES, SQLITE_STATIC);
		sqlite3_bind_text(up, 2, store->station_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 3, seq);
		rc = sqlite3_step(up) == SQLITE_DONE
			 ? 0
			 : gk_store_dberr(store, err);
		if (rc < 0)
			break;
	}
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	return rc < 0 ? rc : gk_store_dberr(store, err);
}

/* The changes to send: every one (full), those the peer to lacks, or
 * those some other station lacks (this station's own all of them while
 * it knows no other; another's none while no third station is known). */
static const char *const select_changes[] = {
    "SELECT origin, seq, schema, created, audit_seq, audit_hash, payload, "
    "sig FROM sync_change ORDER BY rowid",
    "SELECT origin, seq, schema, created, audit_seq, audit_hash, payload, "
    "sig FROM sync_change c WHERE origin <> ?1 AND seq > coalesce("
    "(SELECT seq FROM sync_holds WHERE peer = ?1 AND origin = c.origin), 0) "
    "ORDER BY rowid",
    "SELECT origin, seq, schema, created, audit_seq, audit_hash, payload, "
    "sig FROM sync_change c WHERE seq > coalesce("
    "(SELECT min(coalesce(h.seq, 0)) FROM station s LEFT JOIN sync_holds h "
    "ON h.peer = s.id AND h.origin = c.origin "
    "WHERE s.id <> ?1 AND s.id <> c.origin), "
    "CASE WHEN c.origin = ?1 THEN 0 ELSE 9e18 END) ORDER BY rowid",
};

/* Up to 64 bytes (a signature) as hex. */
static void put_hex(FILE *f, const void *bin, size_t n)
{
	char hex[SIG_BYTES * 2 + 1];
	sodium_bin2hex(hex, sizeof hex, bin, n < SIG_BYTES ? n : SIG_BYTES);
	fputs(hex, f);
}

/* Write the changes st selects as records into f; *n counts them and
 * *origins collects their origins (a space-separated list). */
static int put_records(struct gk_store *store, sqlite3_stmt *st, FILE *f,
		       int *n, char **origins, struct gk_err *err)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *origin = (const char *)sqlite3_column_text(st, 0);
		int size = sqlite3_column_bytes(st, 6);
		if (sqlite3_column_bytes(st, 7) != SIG_BYTES)
			return gk_fail(err, GK_EDB,
				       _("Change %lld of station %.8s has no "
					 "signature."),
				       (long long)sqlite3_column_int64(st, 1),
				       origin);
		int64_t audit_seq = sqlite3_column_int64(st, 4);
		fprintf(f, "change %s %lld %lld %s %lld %s %d ", origin,
			(long long)sqlite3_column_int64(st, 1),
			(long long)sqlite3_column_int64(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			(long long)audit_seq,
			audit_seq ? (const char *)sqlite3_column_text(st, 5)
				  : "-",
			size);
		put_hex(f, sqlite3_column_blob(st, 7), SIG_BYTES);
		fputc('\n', f);
		fwrite(sqlite3_column_blob(st, 6), 1, (size_t)size, f);
		fputc('\n', f);
		(*n)++;
		if (!strstr(*origins, origin)) {
			size_t len = strlen(*origins);
			char *grown = realloc(*origins, len + GK_ID_HEX + 2);
			if (!grown)
				return gk_fail(err, GK_ENOMEM,
					       _("Out of memory."));
			*origins = grown;
			snprintf(grown + len, GK_ID_HEX + 2, "%s ", origin);
		}
	}
	return rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
}

static int put_station(struct gk_store *store, FILE *f, const char *prefix,
		       const char *id, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT pubkey, name FROM station WHERE id = ?",
			      "t", id);
	if (rc <= 0)
		return rc < 0 ? rc
			      : gk_fail(err, GK_EDB,
					_("No key for station %.8s."), id);
	fprintf(f, "%s%s %s %s\n", prefix, id, sqlite3_column_text(st, 0),
		sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return 0;
}

/* The header lines before "changes". */
static int put_header(struct gk_store *store, FILE *f,
		      const struct gk_agency *agency, const char *origins,
		      struct gk_err *err)
{
	char now[GK_TIME_LEN];
	sqlite3_stmt *st;
	int rc;
	gk_store_now(store, now);
	fprintf(f, GK_SYNC_MAGIC " %d\nagency %s %s\nschema %d\n",
		GK_SYNC_FORMAT, agency->id, agency->name,
		gk_store_schema_version());
	if ((rc = put_station(store, f, "from ", store->station_id, err)) < 0)
		return rc;
	fprintf(f, "made %s\n", now);
	int64_t audit_seq;
	char audit_hash[GK_HASH_HEX + 1];
	if ((rc = gk_audit_latest(store, &audit_seq, audit_hash, err)) < 0)
		return rc;
	fprintf(f, "audit %lld %s\n", (long long)audit_seq,
		audit_seq ? audit_hash : "-");
	if ((rc = gk_store_row(store, err, &st,
			       "SELECT count(DISTINCT origin) FROM sync_change",
			       "")) < 0)
		return rc;
	fprintf(f, "holds %lld\n", (long long)sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	if ((rc = gk_store_prep(store, err, &st,
				"SELECT origin, max(seq) FROM sync_change "
				"GROUP BY origin ORDER BY origin",
				"")) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(f, "%s %lld\n", sqlite3_column_text(st, 0),
			(long long)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return gk_store_dberr(store, err);
	int n = 0;
	for (const char *s = origins; *s; s += GK_ID_HEX + 1)
		n++;
	fprintf(f, "stations %d\n", n);
	for (const char *s = origins; *s && rc >= 0; s += GK_ID_HEX + 1) {
		char id[GK_ID_HEX + 1];
		memcpy(id, s, GK_ID_HEX);
		id[GK_ID_HEX] = '\0';
		rc = put_station(store, f, "", id, err);
	}
	return rc < 0 ? rc : 0;
}

/*
 * Where the file goes: a new name in the folder path (made absolute), or
 * path itself, which must not exist yet: an export never overwrites a
 * file, another station's change file least of all.
 */
static int export_path(struct gk_store *store, const char *path, char *dir,
		       char *name, size_t size, struct gk_err *err)
{
	struct stat sb;
	size_t len = strlen(path);
	int is_dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
	if (!len)
		return gk_fail(err, GK_EINVAL, _("No file name given."));
	if (!is_dir && path[len - 1] == '/')
		return gk_fail(err, GK_ENOTFOUND, _("No folder %s."), path);
	if (is_dir) {
		snprintf(dir, size, "%s", path);
	} else {
		const char *slash = strrchr(path, '/');
		snprintf(dir, size, "%.*s", slash ? (int)(slash - path) : 1,
			 slash ? path : ".");
		if (slash == path)
			snprintf(dir, size, "/");
		snprintf(name, size, "%s", slash ? slash + 1 : path);
		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return gk_fail(err, GK_ENOTFOUND, _("No folder %s."),
				       dir);
	}
	char *abs = realpath(dir, NULL);
	if (abs) {
		snprintf(dir, size, "%s", abs);
		free(abs);
	}
	if (!is_dir) {
		char full[8300];
		snprintf(full, sizeof full, "%s/%s", dir, name);
		if (stat(full, &sb) == 0)
			return gk_fail(err, GK_EEXIST,
				       _("%s exists already; give a new name, "
					 "or a folder for a new file."),
				       path);
		return 0;
	}
	/* A new name from the station and the time, and a number after it
	 * should that be taken too. */
	char now[GK_TIME_LEN];
	gk_store_now(store, now);
	for (int n = 1; n < 1000; n++) {
		char full[8300];
		gk_sync_file_name(store->station_id, now, n, name, size);
		snprintf(full, sizeof full, "%s%s%s", dir,
			 strcmp(dir, "/") ? "/" : "", name);
		if (stat(full, &sb) != 0)
			return 0;
	}
	return gk_fail(err, GK_EEXIST, _("Cannot find a free file name in %s."),
		       dir);
}

static int verify_written(const char *path, const unsigned char pk[PK_BYTES],
			  struct gk_err *err)
{
	char *data;
	size_t len;
	struct gk_sync_file f;
	if (gk_file_read(path, SIZE_MAX / 2, &data, &len) < 0)
		return gk_fail(err, GK_EIO, _("Cannot read back %s: %s."), path,
			       strerror(errno));
	int rc = gk_sync_parse((const unsigned char *)data, len, &f, err);
	if (rc == 0) {
		if (crypto_sign_verify_detached(f.sig,
						(const unsigned char *)data,
						f.signed_len, pk) != 0)
			rc = gk_fail(err, GK_EIO,
				     _("%s does not verify after writing; the "
				       "disk may be failing."),
				     path);
		gk_sync_file_free(&f);
	} else {
		rc = gk_fail(err, GK_EIO,
			     _("%s does not read back as written (%s); the "
			       "disk may be failing."),
			     path, err->msg);
	}
	free(data);
	return rc;
}

int gk_sync_export(struct gk_store *store, const char *actor_id,
		   const char *path, const char *to, int full,
		   struct gk_sync_summary *summary, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_agency agency;
	unsigned char sk[SK_BYTES], pk[PK_BYTES];
	char peer[GK_ID_HEX + 1] = "", peer_name[NAME_SIZE] = "";
	char dir[4096], name[4096];
	char *body = NULL, *head = NULL, *origins = calloc(1, 1);
	size_t body_len = 0, head_len = 0;
	FILE *bf = NULL, *hf = NULL;
	int rc, n = 0;

	memset(summary, 0, sizeof *summary);
	if (!origins)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	if ((rc = gk_store_require_init(store, err)) < 0 ||
	    (rc = export_path(store, path, dir, name, sizeof dir, err)) < 0 ||
	    (rc = gk_store_begin(store, err)) < 0)
		goto out;
	if ((rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0 ||
	    (rc = gk_agency_get(store, &agency, err)) < 0 ||
	    (to && (rc = find_station(store, to, peer, peer_name, err)) < 0) ||
	    (rc = gk_sync_load_key(store, sk, pk, err)) < 0)
		goto done;
	if (to && strcmp(peer, store->station_id) == 0) {
		rc = gk_fail(err, GK_EINVAL,
			     _("%s is this station; name another one."), to);
		goto done;
	}
	rc = sign_own(store, agency.id, sk, err);
	if (rc < 0)
		goto done;
	sqlite3_stmt *st;
	if ((rc = gk_store_prep(store, err, &st,
				select_changes[full ? 0
					       : to ? 1
						    : 2],
				full ? "" : "t",
				to ? peer : store->station_id)) < 0)
		goto done;
	if (!(bf = open_memstream(&body, &body_len)) ||
	    !(hf = open_memstream(&head, &head_len))) {
		sqlite3_finalize(st);
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	rc = put_records(store, st, bf, &n, &origins, err);
	sqlite3_finalize(st);
	if (rc < 0)
		goto done;
	if (!strstr(origins, store->station_id)) {
		size_t len = strlen(origins);
		char *grown = realloc(origins, len + GK_ID_HEX + 2);
		if (!grown) {
			rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
			goto done;
		}
		origins = grown;
		snprintf(grown + len, GK_ID_HEX + 2, "%s ", store->station_id);
	}
	fclose(bf);
	bf = NULL;
	if ((rc = put_header(store, hf, &agency, origins, err)) < 0)
		goto done;
	fprintf(hf, "changes %d %zu\n\n", n, body_len);
	fwrite(body, 1, body_len, hf);
	free(body);
	body = NULL;
	fflush(hf);
	unsigned char h[32], sig[SIG_BYTES];
	crypto_generichash(h, sizeof h, (unsigned char *)head, head_len, NULL,
			   0);
	fputs("hash ", hf);
	put_hex(hf, h, sizeof h);
	fputc('\n', hf);
	fflush(hf);
	crypto_sign_detached(sig, NULL, (unsigned char *)head, head_len, sk);
	fputs("sig ", hf);
	put_hex(hf, sig, sizeof sig);
	fputc('\n', hf);
	if (fclose(hf) != 0) {
		hf = NULL;
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	hf = NULL;
	if (gk_file_write_atomic(dir, name, head, head_len, 0644, summary->path,
				 sizeof summary->path) < 0) {
		rc = gk_fail(err, GK_EIO, _("Cannot write %s/%s: %s."), dir,
			     name, strerror(errno));
		goto done;
	}
	free(head);
	head = NULL;
	if ((rc = verify_written(summary->path, pk, err)) < 0)
		goto done;
	summary->changes = n;
	summary->bytes = (int64_t)head_len;
	snprintf(summary->from, sizeof summary->from, "%s", peer_name);
	char now[GK_TIME_LEN], detail[600];
	gk_store_now(store, now);
	if (to)
		rc = gk_store_exec(store, err,
				   "INSERT INTO sync_peer (station, last_out, "
				   "file_out) VALUES (?1, ?2, ?3) "
				   "ON CONFLICT (station) DO UPDATE SET "
				   "last_out = ?2, file_out = ?3",
				   "ttt", peer, now, summary->path);
	if (rc == 0)
		rc = gk_store_exec(store, err,
				   "INSERT INTO local_state (key, value) "
				   "VALUES ('sync_last_out', ?1) ON CONFLICT "
				   "(key) DO UPDATE SET value = ?1",
				   "t", now);
	snprintf(detail, sizeof detail, "%d changes to %s%s", n,
		 to ? peer_name : "any station", full ? " (full)" : "");
	if (rc == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_SYNC_EXPORT,
				     summary->path, detail, err);
done:
	rc = gk_store_end(store, rc, err);
out:
	sodium_memzero(sk, sizeof sk);
	if (bf)
		fclose(bf);
	if (hf)
		fclose(hf);
	free(body);
	free(head);
	free(origins);
	return rc;
}
