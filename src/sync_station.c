#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "auth.h"
#include "i18n.h"
#include "sync_int.h"
#include "text.h"

/* ---- keys ----------------------------------------------------------- */

static int key_path(const struct gk_store *store, char *out, size_t size,
		    struct gk_err *err)
{
	if (snprintf(out, size, "%s.key", store->path) >= (int)size)
		return gk_fail(err, GK_EIO,
			       _("The database's path is too long."));
	return 0;
}

static int write_secret_key(const char *path, const unsigned char *sk,
			    struct gk_err *err)
{
	char hex[SK_BYTES * 2 + 2];
	sodium_bin2hex(hex, sizeof hex - 1, sk, SK_BYTES);
	strcat(hex, "\n");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t n = strlen(hex);
	int ok = fd >= 0 && fchmod(fd, 0600) == 0 &&
		 write(fd, hex, n) == (ssize_t)n && fsync(fd) == 0;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	sodium_memzero(hex, sizeof hex);
	if (!ok)
		return gk_fail(err, GK_EIO,
			       _("Cannot write the station key %s: %s."), path,
			       strerror(saved));
	return 0;
}

int gk_sync_load_key(struct gk_store *store, unsigned char sk[SK_BYTES],
		     unsigned char pk[PK_BYTES], struct gk_err *err)
{
	char path[4096], hex[SK_BYTES * 2 + 8];
	int rc;
	if ((rc = key_path(store, path, sizeof path, err)) < 0)
		return rc;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("This station's key %s cannot be read (%s); "
				 "without it the station cannot sign its "
				 "changes."),
			       path, strerror(errno));
	struct stat sb;
	ssize_t n = -1;
	if (fstat(fd, &sb) == 0 && !(sb.st_mode & 077))
		n = read(fd, hex, sizeof hex - 1);
	close(fd);
	if (n < 0)
		return gk_fail(err, GK_EDENIED,
			       _("The station key %s may be read by other "
				 "users; make it private (chmod 600) first."),
			       path);
	hex[n] = '\0';
	size_t bin_len = 0;
	rc = sodium_hex2bin(sk, SK_BYTES, hex, (size_t)n, "\n", &bin_len,
			    NULL) == 0 &&
		     bin_len == SK_BYTES
		 ? 0
		 : -1;
	sodium_memzero(hex, sizeof hex);
	if (rc < 0)
		return gk_fail(err, GK_EINVAL,
			       _("The station key %s is damaged."), path);
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	sqlite3_stmt *st;
	char pkhex[PK_BYTES * 2 + 1];
	sodium_bin2hex(pkhex, sizeof pkhex, pk, PK_BYTES);
	if ((rc = gk_store_row(store, err, &st,
			       "SELECT 1 FROM station WHERE id = ? AND "
			       "pubkey = ?",
			       "tt", store->station_id, pkhex)) < 0)
		return rc;
	if (rc == 0) {
		sodium_memzero(sk, SK_BYTES);
		return gk_fail(err, GK_EDENIED,
			       _("The station key %s is not this station's "
				 "key."),
			       path);
	}
	sqlite3_finalize(st);
	return 0;
}

int gk_sync_known_key(struct gk_store *store, const char *id,
		      unsigned char pk[PK_BYTES], struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc =
	    gk_store_row(store, err, &st,
			 "SELECT pubkey FROM station WHERE id = ?", "t", id);
	if (rc <= 0)
		return rc;
	const char *hex = (const char *)sqlite3_column_text(st, 0);
	rc = sodium_hex2bin(pk, PK_BYTES, hex, strlen(hex), NULL, NULL, NULL) ==
		     0
		 ? 1
		 : gk_fail(err, GK_EDB,
			   _("The key of station %.8s is "
			     "damaged."),
			   id);
	sqlite3_finalize(st);
	return rc;
}

int gk_sync_is_trusted(struct gk_store *store, const unsigned char *pk,
		       int *trusted, struct gk_err *err)
{
	char fpr[GK_FPR_LEN];
	sqlite3_stmt *st;
	gk_sync_fingerprint_of(pk, fpr);
	int rc = gk_store_row(
	    store, err, &st,
	    "SELECT 1 FROM station_trust WHERE fingerprint = ?", "t", fpr);
	if (rc < 0)
		return rc;
	if (rc)
		sqlite3_finalize(st);
	*trusted = rc;
	return 0;
}

int gk_sync_station_create(struct gk_store *store, const char *name,
			   const char *by_login, struct gk_err *err)
{
	unsigned char pk[PK_BYTES], sk[SK_BYTES];
	char path[4096], pkhex[PK_BYTES * 2 + 1], fpr[GK_FPR_LEN];
	char host[NAME_SIZE], now[GK_TIME_LEN];
	int rc;

	if (!name || !*name) {
		if (gethostname(host, sizeof host) != 0 || !host[0])
			snprintf(host, sizeof host, "%.8s", store->station_id);
		host[sizeof host - 1] = '\0';
		name = host;
	}
	if ((rc = gk_text_check_line(name, _("The station's name"),
				     GK_STATION_NAME_MAX, err)) < 0 ||
	    (rc = key_path(store, path, sizeof path, err)) < 0)
		return rc;
	crypto_sign_keypair(pk, sk);
	rc = write_secret_key(path, sk, err);
	sodium_memzero(sk, sizeof sk);
	if (rc < 0)
		return rc;
	sodium_bin2hex(pkhex, sizeof pkhex, pk, PK_BYTES);
	gk_sync_fingerprint_of(pk, fpr);
	gk_store_now(store, now);
	if ((rc = gk_store_exec(store, err,
				"INSERT INTO station (id, name, pubkey, "
				"fingerprint, created) VALUES (?, ?, ?, ?, ?)",
				"ttttt", store->station_id, name, pkhex, fpr,
				now)) < 0)
		return rc;
	return gk_store_exec(
	    store, err,
	    "INSERT INTO station_trust (fingerprint, by_login, "
	    "at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
	    "ttt", fpr, by_login, now);
}

int gk_sync_rename(struct gk_store *store, const char *actor_id,
		   const char *name, struct gk_err *err)
{
	struct gk_user actor;
	int rc = gk_text_check_line(name, _("The station's name"),
				    GK_STATION_NAME_MAX, err);
	if (rc < 0)
		return rc;
	if (gk_text_blank(name))
		return gk_fail(err, GK_EINVAL,
			       _("The station's name is "
				 "required."));
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) == 0 &&
	    (rc = gk_store_exec(store, err,
				"UPDATE station SET name = ? WHERE id = ?",
				"tt", name, store->station_id)) == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_SYNC_NAME,
				     store->station_id, name, err);
	return gk_store_end(store, rc, err);
}

void gk_sync_station_label(struct gk_store *store, const char *id, char *out,
			   size_t size)
{
	sqlite3_stmt *st;
	struct gk_err ignored;
	snprintf(out, size, "%.8s", id);
	if (gk_store_row(store, &ignored, &st,
			 "SELECT name FROM station WHERE id = ?", "t",
			 id) > 0) {
		snprintf(out, size, "%s (%.8s)", sqlite3_column_text(st, 0),
			 id);
		sqlite3_finalize(st);
	}
}

int gk_sync_fingerprint(struct gk_store *store, char out[GK_FPR_LEN],
			struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_require_init(store, err);
	if (rc < 0 ||
	    (rc = gk_store_row(store, err, &st,
			       "SELECT fingerprint FROM station WHERE id = ?",
			       "t", store->station_id)) < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("This station has no key yet."));
	gk_col_copy(st, 0, out, GK_FPR_LEN);
	sqlite3_finalize(st);
	return 0;
}

/* ---- peers and trust ------------------------------------------------ */

static int fill_station(void *ctx, void *elem, sqlite3_stmt *st,
			struct gk_err *err)
{
	struct gk_station *s = elem;
	(void)ctx;
	(void)err;
	gk_col_copy(st, 0, s->id, sizeof s->id);
	gk_col_copy(st, 1, s->name, sizeof s->name);
	gk_col_copy(st, 2, s->fingerprint, sizeof s->fingerprint);
	s->self = sqlite3_column_int(st, 3);
	s->trusted = sqlite3_column_int(st, 4);
	s->offered = sqlite3_column_int(st, 5);
	gk_col_copy(st, 6, s->last_in, sizeof s->last_in);
	gk_col_copy(st, 7, s->file_in, sizeof s->file_in);
	gk_col_copy(st, 8, s->last_out, sizeof s->last_out);
	gk_col_copy(st, 9, s->file_out, sizeof s->file_out);
	s->waiting = sqlite3_column_int64(st, 10);
	return 0;
}

int gk_sync_peers(struct gk_store *store, struct gk_station **out, int *count,
		  struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_require_init(store, err);
	if (rc < 0)
		return rc;
	/* Known stations, then keys only offered by refused files. */
	rc = gk_store_prep(
	    store, err, &st,
	    "SELECT s.id, s.name, s.fingerprint, s.id = ?1, "
	    "EXISTS (SELECT 1 FROM station_trust t "
	    "WHERE t.fingerprint = s.fingerprint), 0, "
	    "coalesce(p.last_in, ''), coalesce(p.file_in, ''), "
	    "coalesce(p.last_out, ''), coalesce(p.file_out, ''), "
	    "CASE WHEN s.id = ?1 THEN 0 ELSE (SELECT count(*) FROM sync_change "
	    "c "
	    "WHERE c.origin <> s.id AND c.seq > coalesce((SELECT h.seq FROM "
	    "sync_holds h WHERE h.peer = s.id AND h.origin = c.origin), 0)) "
	    "END "
	    "FROM station s LEFT JOIN sync_peer p ON p.station = s.id "
	    "UNION ALL "
	    "SELECT o.station, o.name, o.fingerprint, 0, "
	    "EXISTS (SELECT 1 FROM station_trust t "
	    "WHERE t.fingerprint = o.fingerprint), 1, '', '', '', '', 0 "
	    "FROM sync_offer o WHERE NOT EXISTS (SELECT 1 FROM station s "
	    "WHERE s.fingerprint = o.fingerprint) "
	    "ORDER BY 4 DESC, 2, 1",
	    "t", store->station_id);
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_station, NULL,
				NULL, out, count, err);
}

int gk_sync_trust(struct gk_store *store, const char *actor_id,
		  const char *fingerprint, char name[NAME_SIZE],
		  struct gk_err *err)
{
	struct gk_user actor;
	char fpr[GK_FPR_LEN], now[GK_TIME_LEN], detail[NAME_SIZE + 64];
	sqlite3_stmt *st;
	int rc;
	name[0] = '\0';
	if (gk_sync_fingerprint_parse(fingerprint, fpr) < 0)
		return gk_fail(err, GK_EINVAL,
			       _("'%s' is not a key fingerprint: it has 32 hex "
				 "digits, as 'gongkai sync id' prints them."),
			       fingerprint);
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = gk_store_row(store, err, &st,
			       "SELECT 1 FROM station_trust "
			       "WHERE fingerprint = ?",
			       "t", fpr)) < 0)
		goto done;
	if (rc) {
		sqlite3_finalize(st);
		rc = gk_fail(err, GK_EEXIST,
			     _("The key %s is trusted already."), fpr);
		goto done;
	}
	if ((rc =
		 gk_store_row(store, err, &st,
			      "SELECT name FROM station WHERE fingerprint = ?1 "
			      "UNION ALL SELECT name FROM sync_offer "
			      "WHERE fingerprint = ?1 LIMIT 1",
			      "t", fpr)) < 0)
		goto done;
	if (rc) {
		gk_col_copy(st, 0, name, NAME_SIZE);
		sqlite3_finalize(st);
	}
	gk_store_now(store, now);
	snprintf(detail, sizeof detail, "%s%s", name[0] ? name : "pre-trusted",
		 "");
	if ((rc = gk_store_exec(store, err,
				"INSERT INTO station_trust (fingerprint, "
				"by_login, at) VALUES (?, ?, ?)",
				"ttt", fpr, actor.login, now)) == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_SYNC_TRUST,
				     fpr, detail, err);
done:
	return gk_store_end(store, rc, err);
}

/* ---- audit and settings --------------------------------------------- */

int gk_sync_verify_audit(struct gk_store *store, int64_t *checked,
			 struct gk_err *err)
{
	sqlite3_stmt *st;
	*checked = 0;
	int rc = gk_store_prep(
	    store, err, &st,
	    "SELECT c.origin, c.seq, c.audit_seq, a.hash IS c.audit_hash, "
	    "coalesce(s.name, substr(c.origin, 1, 8)) FROM sync_change c "
	    "LEFT JOIN audit a ON a.station = c.origin AND a.seq = c.audit_seq "
	    "LEFT JOIN station s ON s.id = c.origin WHERE c.audit_seq > 0",
	    "");
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!sqlite3_column_int(st, 3)) {
			rc =
			    gk_fail(err, GK_ETAMPER,
				    _("Audit entry %lld of station %s does not "
				      "match the hash its change %lld "
				      "carried: that history was rewritten."),
				    (long long)sqlite3_column_int64(st, 2),
				    (const char *)sqlite3_column_text(st, 4),
				    (long long)sqlite3_column_int64(st, 1));
			sqlite3_finalize(st);
			return rc;
		}
		(*checked)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
}

int gk_sync_folder(struct gk_store *store, char *out, size_t size,
		   struct gk_err *err)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	int rc = gk_store_row(store, err, &st,
			      "SELECT value FROM local_state "
			      "WHERE key = 'sync_folder'",
			      "");
	if (rc > 0) {
		gk_col_copy(st, 0, out, size);
		sqlite3_finalize(st);
	}
	return rc < 0 ? rc : 0;
}

int gk_sync_set_folder(struct gk_store *store, const char *dir,
		       struct gk_err *err)
{
	return gk_store_exec(store, err,
			     "INSERT INTO local_state (key, value) VALUES "
			     "('sync_folder', ?1) ON CONFLICT (key) DO UPDATE "
			     "SET value = ?1",
			     "t", dir);
}
