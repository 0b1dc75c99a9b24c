#include "store.h"

#include <errno.h>
#include <iconv.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cndate.h"
#include "embedded.h"
#include "i18n.h"

/* Our words for what people meet; SQLite's own text for the rest. */
static int sqlite_fail(sqlite3 *db, int code, struct gk_err *err)
{
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return gk_fail(err, GK_EDB,
			       _("The database is busy: another gongkai is "
				 "writing to it. Try again in a moment."));
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return gk_fail(err, GK_EIO,
			       _("gongkai cannot write to the database (%s); "
				 "it must, since every login is recorded. "
				 "Check the file's and its folder's "
				 "permissions."),
			       db ? sqlite3_errmsg(db) : "?");
	case SQLITE_NOTADB:
		return gk_fail(err, GK_EINVAL,
			       _("This file is not a gongkai database."));
	case SQLITE_CORRUPT:
		return gk_fail(err, GK_EDB,
			       _("The database file is damaged (%s); restore "
				 "it from a backup."),
			       sqlite3_errmsg(db));
	case SQLITE_FULL: return gk_fail(err, GK_EIO, _("The disk is full."));
	}
	return gk_fail(err, GK_EDB, _("Database error: %s."),
		       db ? sqlite3_errmsg(db) : _("no connection"));
}

int gk_store_dberr(struct gk_store *store, struct gk_err *err)
{
	sqlite3 *db = store ? store->sql : NULL;
	return sqlite_fail(db, db ? sqlite3_extended_errcode(db) : SQLITE_ERROR,
			   err);
}

/* The embedded migrations are the files named NNN_*.sql, in name order. */
static int is_migration(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".sql") == 0 && name[0] >= '0' &&
	       name[0] <= '9';
}

int gk_store_schema_version(void)
{
	int n = 0;
	for (int i = 0; i < gk_embedded_count; i++)
		n += is_migration(gk_embedded_files[i].name);
	return n;
}

static int user_version(struct gk_store *store, int *version,
			struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st, "PRAGMA user_version", "");
	if (rc < 0)
		return rc;
	*version = rc ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

static int too_new(int version, struct gk_err *err)
{
	return gk_fail(err, GK_ESCHEMA,
		       _("This database was written by a newer gongkai (schema "
			 "%d; this program knows up to %d); update gongkai "
			 "before opening it."),
		       version, gk_store_schema_version());
}

static int migrate_locked(struct gk_store *store, int target,
			  struct gk_err *err);

static int migrate(struct gk_store *store, struct gk_err *err)
{
	int target = gk_store_schema_version(), version, rc;

	if ((rc = user_version(store, &version, err)) < 0)
		return rc;
	if (version > target)
		return too_new(version, err);
	if (version == target)
		return 0;
	/* A migration may rebuild a table that others reference (the
	 * documented procedure, https://sqlite.org/lang_altertable.html):
	 * foreign keys are off while it runs and checked before it commits. */
	if (sqlite3_exec(store->sql, "PRAGMA foreign_keys = OFF", NULL, NULL,
			 NULL) != SQLITE_OK)
		return gk_store_dberr(store, err);
	rc = migrate_locked(store, target, err);
	if (sqlite3_exec(store->sql, "PRAGMA foreign_keys = ON", NULL, NULL,
			 NULL) != SQLITE_OK &&
	    rc == 0)
		rc = gk_store_dberr(store, err);
	return rc;
}

static int migrate_locked(struct gk_store *store, int target,
			  struct gk_err *err)
{
	int version, rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	/* Another process may have migrated between the check and the lock. */
	if ((rc = user_version(store, &version, err)) < 0)
		goto fail;
	if (version > target) {
		rc = too_new(version, err);
		goto fail;
	}
	int n = 0;
	for (int i = 0; i < gk_embedded_count && rc == 0; i++) {
		if (!is_migration(gk_embedded_files[i].name))
			continue;
		if (++n <= version)
			continue;
		char *msg = NULL;
		if (sqlite3_exec(store->sql, gk_embedded_files[i].text, NULL,
				 NULL, &msg) != SQLITE_OK) {
			rc = gk_fail(
			    err, GK_EDB, _("Schema migration %s failed: %s."),
			    gk_embedded_files[i].name, msg ? msg : "?");
			sqlite3_free(msg);
		}
	}
	if (rc < 0)
		goto fail;
	/* PRAGMA takes no bound parameters; the value is our own integer. */
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", target);
	if (sqlite3_exec(store->sql, pragma, NULL, NULL, NULL) != SQLITE_OK) {
		rc = gk_store_dberr(store, err);
		goto fail;
	}
	sqlite3_stmt *st;
	if ((rc = gk_store_row(store, err, &st, "PRAGMA foreign_key_check",
			       "")) != 0) {
		if (rc > 0) {
			rc = gk_fail(err, GK_EDB,
				     _("Schema migration left a reference "
				       "in table %s without its row."),
				     (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		goto fail;
	}
	return gk_store_commit(store, err);
fail:
	gk_store_rollback(store);
	return rc;
}

static int make_parent_dir(const char *path, struct gk_err *err)
{
	char dir[4096];
	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return gk_fail(err, GK_EINVAL, _("Path too long: %s"), path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		goto fail;
	return 0;
fail:
	return gk_fail(err, GK_EIO, _("Cannot create directory %s: %s."), dir,
		       strerror(errno));
}

/* s (n bytes of UTF-8) in GB18030 into buf (cap bytes), cut at cap;
 * the length written.  What cannot be converted keeps its UTF-8 bytes. */
static size_t to_gb18030(iconv_t cd, const char *s, int n, char *buf,
			 size_t cap)
{
	char *in = (char *)s, *out = buf;
	size_t left = (size_t)n, room = cap;
	iconv(cd, NULL, NULL, NULL, NULL);
	while (left && room &&
	       iconv(cd, &in, &left, &out, &room) == (size_t)-1 &&
	       errno == EILSEQ) {
		*out++ = *in++;
		left--;
		room--;
	}
	return cap - room;
}

/*
 * The collation "pinyin": Chinese text in the order of its GB18030
 * bytes, which for the 3,755 common characters of GB 2312 (level 1) is
 * the order of their pinyin; the rarer ones follow by radical.  Only
 * queries use it (ORDER BY … COLLATE pinyin), never the schema, so the
 * file stays readable by any SQLite.  Names longer than 4 KiB compare by
 * their first 4 KiB, then by length.
 */
static int collate_pinyin(void *ctx, int n1, const void *s1, int n2,
			  const void *s2)
{
	struct gk_store *store = ctx;
	char a[4096], b[4096];
	size_t la = to_gb18030(store->gb18030, s1, n1, a, sizeof a);
	size_t lb = to_gb18030(store->gb18030, s2, n2, b, sizeof b);
	int c = memcmp(a, b, la < lb ? la : lb);
	if (c == 0)
		c = la < lb ? -1 : la > lb ? 1 : (n1 > n2) - (n1 < n2);
	return c;
}

static int load_station(struct gk_store *store, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT value FROM local_state "
			      "WHERE key = 'station_id'",
			      "");
	if (rc < 0)
		return rc;
	store->station_id[0] = '\0';
	if (rc) {
		gk_col_copy(st, 0, store->station_id, sizeof store->station_id);
		sqlite3_finalize(st);
	}
	return 0;
}

/* Put the file's name before the message in err; returns rc. */
static int name_file(const char *path, int rc, struct gk_err *err)
{
	char msg[GK_ERR_MSG_MAX];
	if (err) {
		memcpy(msg, err->msg, sizeof msg);
		/* A long path may cut the message short; the path matters more.
		 */
		if (snprintf(err->msg, sizeof err->msg, "%s: %s", path, msg) >=
		    (int)sizeof err->msg)
			err->msg[sizeof err->msg - 1] = '\0';
	}
	return rc;
}

static const struct gk_store_recorder *recorder;

void gk_store_set_recorder(const struct gk_store_recorder *r)
{
	recorder = r;
}

int gk_store_open(const char *path, int create, struct gk_store **out,
		  struct gk_err *err)
{
	struct stat sb;
	int rc;

	*out = NULL;
	if (sodium_init() < 0)
		return gk_fail(err, GK_EIO, _("libsodium cannot start."));
	if (stat(path, &sb) != 0) {
		if (!create)
			return gk_fail(err, GK_ENOTFOUND,
				       _("No database at %s; create one with "
					 "'gongkai init'."),
				       path);
		if ((rc = make_parent_dir(path, err)) < 0)
			return rc;
	}
	struct gk_store *store = calloc(1, sizeof *store);
	if (!store || !(store->path = strdup(path))) {
		free(store);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
		    SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &store->sql, flags, NULL) != SQLITE_OK) {
		rc = name_file(path, gk_store_dberr(store, err), err);
		goto fail;
	}
	sqlite3_extended_result_codes(store->sql, 1);
	sqlite3_busy_timeout(store->sql, 5000);
	if ((store->gb18030 = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1 ||
	    sqlite3_create_collation_v2(store->sql, "pinyin", SQLITE_UTF8,
					store, collate_pinyin,
					NULL) != SQLITE_OK) {
		rc = gk_fail(err, GK_EIO,
			     _("Cannot set up the pinyin order (iconv to "
			       "GB18030)."));
		goto fail;
	}
	sqlite3_db_config(store->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	if (sqlite3_exec(store->sql,
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = FULL;"
			 "PRAGMA foreign_keys = ON;"
			 "PRAGMA trusted_schema = OFF;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		rc = name_file(path, gk_store_dberr(store, err), err);
		goto fail;
	}
	if ((rc = migrate(store, err)) < 0 ||
	    (rc = load_station(store, err)) < 0 ||
	    (recorder && recorder->opened &&
	     (rc = recorder->opened(store, err)) < 0))
		goto fail;
	store->capture = 1;
	*out = store;
	return 0;
fail:
	gk_store_close(store);
	return rc;
}

void gk_store_close(struct gk_store *store)
{
	if (!store)
		return;
	if (recorder && recorder->end)
		recorder->end(store);
	sqlite3_close(store->sql);
	free(store->path);
	if (store->gb18030 && store->gb18030 != (iconv_t)-1)
		iconv_close(store->gb18030);
	free(store);
}

int gk_store_require_init(struct gk_store *store, struct gk_err *err)
{
	if (store->station_id[0])
		return 0;
	return gk_fail(err, GK_ENOTFOUND,
		       _("This database has not been set up; run 'gongkai "
			 "init' first."));
}

static void end_session(struct gk_store *store)
{
	if (recorder && recorder->end)
		recorder->end(store);
}

int gk_store_begin(struct gk_store *store, struct gk_err *err)
{
	if (sqlite3_exec(store->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return gk_store_dberr(store, err);
	if (!store->capture || !recorder || !recorder->begin)
		return 0;
	int rc = recorder->begin(store, err);
	if (rc < 0)
		gk_store_rollback(store);
	return rc;
}

/* Let the recorder store (or refuse) what the transaction changed. */
static int store_changes(struct gk_store *store, struct gk_err *err)
{
	if (!store->capture || !recorder || !recorder->commit)
		return 0;
	return recorder->commit(store, err);
}

int gk_store_commit(struct gk_store *store, struct gk_err *err)
{
	int rc = store_changes(store, err);
	end_session(store);
	if (rc < 0) {
		gk_store_rollback(store);
		return rc;
	}
	if (sqlite3_exec(store->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = gk_store_dberr(store, err);
		gk_store_rollback(store);
		return rc;
	}
	return 0;
}

void gk_store_rollback(struct gk_store *store)
{
	end_session(store);
	if (!sqlite3_get_autocommit(store->sql))
		sqlite3_exec(store->sql, "ROLLBACK", NULL, NULL, NULL);
}

int gk_store_end(struct gk_store *store, int rc, struct gk_err *err)
{
	if (rc < 0) {
		gk_store_rollback(store);
		return rc;
	}
	return gk_store_commit(store, err);
}

void gk_new_id(char out[GK_ID_HEX + 1])
{
	unsigned char raw[GK_ID_HEX / 2];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, GK_ID_HEX + 1, raw, sizeof raw);
}

void gk_digest(const char *const *fields, int n, char out[GK_HASH_HEX + 1])
{
	crypto_generichash_state h;
	unsigned char raw[GK_HASH_HEX / 2];

	crypto_generichash_init(&h, NULL, 0, sizeof raw);
	for (int i = 0; i < n; i++) {
		uint64_t len = strlen(fields[i]);
		unsigned char prefix[8];
		for (int b = 0; b < 8; b++)
			prefix[b] = (unsigned char)(len >> (8 * b));
		crypto_generichash_update(&h, prefix, sizeof prefix);
		crypto_generichash_update(&h, (const unsigned char *)fields[i],
					  len);
	}
	crypto_generichash_final(&h, raw, sizeof raw);
	sodium_bin2hex(out, GK_HASH_HEX + 1, raw, sizeof raw);
}

int64_t gk_store_now_ms(const struct gk_store *store)
{
	if (store && store->clock_ms)
		return store->clock_ms;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void gk_time_format(int64_t ms, char out[GK_TIME_LEN])
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	size_t n = strftime(out, GK_TIME_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, GK_TIME_LEN - n, ".%03dZ", (int)(ms % 1000));
}

int64_t gk_time_parse(const char *iso)
{
	struct tm tm = {0};
	int ms = 0;
	const char *rest = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	int used = 0;
	if (!rest || sscanf(rest, ".%3dZ%n", &ms, &used) != 1 || used != 5 ||
	    rest[used] != '\0')
		return -1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

void gk_time_local(int64_t ms, char out[GK_TIME_LEN])
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&secs, &tm);
	strftime(out, GK_TIME_LEN, "%Y-%m-%d %H:%M", &tm);
}

void gk_store_now(const struct gk_store *store, char out[GK_TIME_LEN])
{
	gk_time_format(gk_store_now_ms(store), out);
}

void gk_store_today(const struct gk_store *store, char out[11])
{
	gk_cndate_of_ms(gk_store_now_ms(store), out);
}

static int vprep(struct gk_store *store, struct gk_err *err,
		 sqlite3_stmt **stmt, const char *sql, const char *types,
		 va_list ap)
{
	*stmt = NULL;
	if (sqlite3_prepare_v2(store->sql, sql, -1, stmt, NULL) != SQLITE_OK)
		return gk_store_dberr(store, err);
	for (int i = 0; types[i]; i++) {
		int rc, col = i + 1;
		if (types[i] == 't') {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(*stmt, col, s, -1,
						   SQLITE_TRANSIENT)
			       : sqlite3_bind_null(*stmt, col);
		} else if (types[i] == 'i') {
			rc =
			    sqlite3_bind_int64(*stmt, col, va_arg(ap, int64_t));
		} else {
			rc = sqlite3_bind_int(*stmt, col, va_arg(ap, int));
		}
		if (rc != SQLITE_OK) {
			int e = gk_store_dberr(store, err);
			sqlite3_finalize(*stmt);
			*stmt = NULL;
			return e;
		}
	}
	return 0;
}

int gk_store_prep(struct gk_store *store, struct gk_err *err,
		  sqlite3_stmt **stmt, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = vprep(store, err, stmt, sql, types, ap);
	va_end(ap);
	return rc;
}

int gk_store_exec(struct gk_store *store, struct gk_err *err, const char *sql,
		  const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, types);
	int rc = vprep(store, err, &st, sql, types, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	rc = rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	return rc;
}

int gk_store_row(struct gk_store *store, struct gk_err *err,
		 sqlite3_stmt **stmt, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = vprep(store, err, stmt, sql, types, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	rc = sqlite3_step(*stmt);
	if (rc == SQLITE_ROW)
		return 1;
	rc = rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(*stmt);
	*stmt = NULL;
	return rc;
}

int gk_store_collect(struct gk_store *store, sqlite3_stmt *st, size_t elem_size,
		     int (*fill)(void *ctx, void *elem, sqlite3_stmt *st,
				 struct gk_err *err),
		     void *ctx, void (*release)(void *elem), void *out,
		     int *count, struct gk_err *err)
{
	char *array = NULL;
	int n = 0, cap = 0, rc;

	memset(out, 0, sizeof array);
	*count = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int grown_cap = cap ? cap * 2 : 16;
			char *grown =
			    realloc(array, (size_t)grown_cap * elem_size);
			if (!grown) {
				rc = gk_fail(err, GK_ENOMEM,
					     _("Out of memory."));
				break;
			}
			array = grown;
			cap = grown_cap;
		}
		char *elem = array + (size_t)n * elem_size;
		memset(elem, 0, elem_size);
		if ((rc = fill(ctx, elem, st, err)) < 0) {
			if (release)
				release(elem);
			break;
		}
		n++;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc >= 0)
		rc = gk_store_dberr(store, err);
	sqlite3_finalize(st);
	if (rc < 0) {
		for (int i = 0; release && i < n; i++)
			release(array + (size_t)i * elem_size);
		free(array);
		return rc;
	}
	memcpy(out, &array, sizeof array);
	*count = n;
	return 0;
}

void gk_col_copy(sqlite3_stmt *stmt, int col, char *out, size_t size)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	snprintf(out, size, "%s", s ? (const char *)s : "");
}

char *gk_col_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return strdup(s ? (const char *)s : "");
}
