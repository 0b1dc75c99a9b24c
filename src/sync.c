#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agency.h"
#include "audit.h"
#include "auth.h"
#include "doc.h"
#include "i18n.h"
#include "text.h"

/*
 * The synced tables.  Parents come before children, so that a changeset
 * (which lists tables in the order they were attached) inserts an item
 * before its versions; sync_resolution comes before nothing it needs.
 */
const char *const gk_sync_tables[] = {
    "station",	      "station_trust", "agency",	    "setting",
    "dept",	      "user",	       "user_role",	    "category",
    "flow_step",      "check_question", "channel",	    "item",
    "item_version",   "item_event",    "check_answer",	    "finding_dismissal",
    "publication",    "delivery",      "coverage",	    "sync_resolution",
    "audit",	      NULL};

_Static_assert(sizeof gk_sync_tables / sizeof gk_sync_tables[0] <= 32,
	       "struct importer keeps a column count per synced table");

#define FORMAT 1
#define MAGIC "gongkai-sync"
#define SIG_BYTES crypto_sign_BYTES
#define PK_BYTES crypto_sign_PUBLICKEYBYTES
#define SK_BYTES crypto_sign_SECRETKEYBYTES
#define NAME_SIZE (GK_STATION_NAME_MAX * 4 + 1)

static int is_synced(const char *tbl)
{
	for (int i = 0; gk_sync_tables[i]; i++)
		if (strcmp(gk_sync_tables[i], tbl) == 0)
			return 1;
	return 0;
}

/* ---- keys ----------------------------------------------------------- */

static void fingerprint_of(const unsigned char pk[PK_BYTES],
			   char out[GK_FPR_LEN])
{
	unsigned char h[16];
	char hex[33];
	crypto_generichash(h, sizeof h, pk, PK_BYTES, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	char *o = out;
	for (int i = 0; i < 32; i++) {
		if (i && i % 4 == 0)
			*o++ = '-';
		*o++ = hex[i];
	}
	*o = '\0';
}

/* The 32 hex digits of a fingerprint typed with any separators, in any
 * case, written back in the canonical form; -1 if it is not one. */
static int fingerprint_parse(const char *in, char out[GK_FPR_LEN])
{
	char hex[33];
	int n = 0;
	for (const char *s = in; *s; s++) {
		char ch = *s;
		if (ch >= 'A' && ch <= 'F')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')) {
			if (n == 32)
				return -1;
			hex[n++] = ch;
		} else if (ch != '-' && ch != ':' && ch != ' ') {
			return -1;
		}
	}
	if (n != 32)
		return -1;
	char *o = out;
	for (int i = 0; i < 32; i++) {
		if (i && i % 4 == 0)
			*o++ = '-';
		*o++ = hex[i];
	}
	*o = '\0';
	return 0;
}

static int key_path(const struct gk_store *store, char *out, size_t size,
		    struct gk_err *err)
{
	if (snprintf(out, size, "%s.key", store->path) >= (int)size)
		return gk_fail(err, GK_EIO, _("The database's path is too long."));
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
		return gk_fail(err, GK_EIO, _("Cannot write the station key %s: %s."),
			       path, strerror(saved));
	return 0;
}

/* Load this station's secret key and check it is the one its station row
 * names. */
static int load_secret_key(struct gk_store *store, unsigned char sk[SK_BYTES],
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
	fingerprint_of(pk, fpr);
	gk_store_now(store, now);
	if ((rc = gk_store_exec(store, err,
				"INSERT INTO station (id, name, pubkey, "
				"fingerprint, created) VALUES (?, ?, ?, ?, ?)",
				"ttttt", store->station_id, name, pkhex, fpr,
				now)) < 0)
		return rc;
	return gk_store_exec(store, err,
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
		return gk_fail(err, GK_EINVAL, _("The station's name is "
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
			 "SELECT name FROM station WHERE id = ?", "t", id) > 0) {
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

/* ---- recording ------------------------------------------------------ */

int gk_sync_record(struct gk_store *store, const void *payload, int size,
		   struct gk_err *err)
{
	char now[GK_TIME_LEN], audit_hash[GK_HASH_HEX + 1] = "";
	int64_t seq = 1, audit_seq = 0;
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
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
	int rc = sqlite3session_create(store->sql, "main", &session) ==
			 SQLITE_OK
		     ? 0
		     : gk_store_dberr(store, err);
	for (int i = 0; rc == 0 && gk_sync_tables[i]; i++) {
		char *why = NULL;
		if (sqlite3session_attach(session, gk_sync_tables[i]) !=
			SQLITE_OK ||
		    sqlite3session_diff(session, "base", gk_sync_tables[i],
					&why) != SQLITE_OK)
			rc = gk_fail(err, GK_EDB,
				     _("Cannot record the rows of %s: %s."),
				     gk_sync_tables[i], why ? why : "?");
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
	int rc = gk_store_row(store, err, &st,
			      "SELECT 1 FROM station WHERE id = ?", "t",
			      store->station_id);
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
	for (int i = 0; rc == 0 && gk_sync_tables[i]; i++)
		rc = empty_copy(store, gk_sync_tables[i], err);
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
	} else if (rc == 0 &&
		   (rc = gk_sync_station_create(store, NULL, "upgrade", err)) ==
		       0) {
		rc = record_baseline(store, err);
	}
	rc = gk_store_end(store, rc, err);
	store->capture = capture;
	sqlite3_exec(store->sql, "DETACH base", NULL, NULL, NULL);
	return rc;
}

/* What a change's signature covers: the file's agency, the change's
 * number and origin, and the hash of its payload. */
static void change_message(const char *agency, const char *origin, int64_t seq,
			   int64_t schema, const char *created,
			   int64_t audit_seq, const char *audit_hash,
			   const unsigned char *payload, size_t size,
			   char *out, size_t out_size)
{
	unsigned char h[32];
	char hex[65];
	crypto_generichash(h, sizeof h, payload, size, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, out_size,
		 "gongkai-change %d\n%s\n%s\n%lld\n%lld\n%s\n%lld\n%s\n%s\n",
		 FORMAT, agency, origin, (long long)seq, (long long)schema,
		 created, (long long)audit_seq, audit_hash, hex);
}

/* ---- the file ------------------------------------------------------- */

/*
 * A change file is text lines with the changesets as counted bytes:
 *
 *   gongkai-sync 1
 *   agency ID NAME            the agency it belongs to
 *   schema N                  the schema version it was written under
 *   from ID PUBKEY NAME       the station that wrote and signed it
 *   made TIME
 *   audit SEQ HASH            that station's latest audit entry
 *   holds K                   then K lines "ORIGIN SEQ": what it holds
 *   stations M                then M lines "ID PUBKEY NAME": the keys of
 *                             the stations whose changes it carries
 *   changes N BYTES
 *   (an empty line)
 *   N records of BYTES in all, each
 *     change ORIGIN SEQ SCHEMA CREATED AUDIT_SEQ AUDIT_HASH SIZE SIG
 *     SIZE bytes of changeset, then "\n"
 *   hash H                    BLAKE2b-256 of every byte before this line
 *   sig S                     Ed25519 by "from" over every byte before it
 */
#define TAIL_HASH (5 + GK_HASH_HEX + 1)
#define TAIL_SIG (4 + SIG_BYTES * 2 + 1)
#define TAIL (TAIL_HASH + TAIL_SIG)
#define LINE_MAX_BYTES 1024
#define LIST_MAX 100000

struct cursor {
	const unsigned char *p, *end;
	char line[LINE_MAX_BYTES];
	char *word; /* the rest of line after the words taken */
};

static int damaged(struct gk_err *err, const char *what)
{
	return gk_fail(err, GK_EINVAL,
		       _("the file is damaged (%s) although its hash "
			 "matches; it was not written by gongkai."),
		       what);
}

/* Copy the next line into c->line; -1 at the end or for a long line. */
static int next_line(struct cursor *c)
{
	const unsigned char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	if (!nl || nl - c->p >= LINE_MAX_BYTES)
		return -1;
	size_t n = (size_t)(nl - c->p);
	memcpy(c->line, c->p, n);
	c->line[n] = '\0';
	if (memchr(c->line, '\0', n))
		return -1;
	c->p = nl + 1;
	c->word = c->line;
	return 0;
}

/* The next space-separated word of the line, or NULL. */
static char *next_word(struct cursor *c)
{
	if (!c->word || !*c->word)
		return NULL;
	char *w = c->word, *sp = strchr(w, ' ');
	if (sp) {
		*sp = '\0';
		c->word = sp + 1;
	} else {
		c->word = NULL;
	}
	return w;
}

/* The line's keyword must be key. */
static int keyword(struct cursor *c, const char *key)
{
	if (next_line(c) < 0)
		return -1;
	const char *w = next_word(c);
	return w && strcmp(w, key) == 0 ? 0 : -1;
}

static int is_hex(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int word_id(struct cursor *c, char out[GK_ID_HEX + 1])
{
	const char *w = next_word(c);
	if (!is_hex(w, GK_ID_HEX))
		return -1;
	memcpy(out, w, GK_ID_HEX + 1);
	return 0;
}

static int word_hex(struct cursor *c, unsigned char *out, size_t n)
{
	const char *w = next_word(c);
	if (!is_hex(w, n * 2))
		return -1;
	return sodium_hex2bin(out, n, w, n * 2, NULL, NULL, NULL);
}

static int word_int(struct cursor *c, int64_t min, int64_t max, int64_t *out)
{
	const char *w = next_word(c);
	if (!w || !*w || strlen(w) > 18)
		return -1;
	int64_t v = 0;
	for (const char *s = w; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int word_time(struct cursor *c, char out[GK_TIME_LEN])
{
	const char *w = next_word(c);
	if (!w || strlen(w) != GK_TIME_LEN - 1 || gk_time_parse(w) < 0)
		return -1;
	memcpy(out, w, GK_TIME_LEN);
	return 0;
}

/* The rest of the line as a name: one line of text. */
static int rest_name(struct cursor *c, char *out, size_t size, size_t max)
{
	struct gk_err ignored;
	const char *w = c->word ? c->word : "";
	if (strlen(w) >= size ||
	    gk_text_check_line(w, "", max, &ignored) < 0)
		return -1;
	snprintf(out, size, "%s", w);
	c->word = NULL;
	return 0;
}

/* An audit entry's number and hash, or "0 -" for none. */
static int word_audit(struct cursor *c, int64_t *seq, char hash[GK_HASH_HEX + 1])
{
	if (word_int(c, 0, INT64_MAX / 2, seq) < 0)
		return -1;
	const char *h = next_word(c);
	if (*seq ? !is_hex(h, GK_HASH_HEX) : (!h || strcmp(h, "-")))
		return -1;
	snprintf(hash, GK_HASH_HEX + 1, "%s", *seq ? h : "");
	return 0;
}

/* A line "key N" before N lines of at least line_min bytes each: N, at
 * most LIST_MAX and no more than the bytes left can hold. */
static int count_line(struct cursor *c, const char *key, int line_min, int *n)
{
	int64_t v;
	if (keyword(c, key) < 0 || word_int(c, 0, LIST_MAX, &v) < 0 ||
	    c->word || v > (c->end - c->p) / line_min)
		return -1;
	*n = (int)v;
	return 0;
}

static int end_of_line(const struct cursor *c)
{
	return c->word == NULL ? 0 : -1;
}

static int parse_key(struct cursor *c, struct gk_sync_key *k)
{
	return word_id(c, k->id) < 0 || word_hex(c, k->pubkey, PK_BYTES) < 0 ||
			   rest_name(c, k->name, sizeof k->name,
				     GK_STATION_NAME_MAX) < 0
		       ? -1
		       : 0;
}

void gk_sync_file_free(struct gk_sync_file *f)
{
	free(f->holds);
	free(f->keys);
	free(f->records);
	memset(f, 0, sizeof *f);
}

static int parse_header(struct cursor *c, struct gk_sync_file *f,
			int64_t *nrec, int64_t *bytes)
{
	if (keyword(c, "agency") < 0 || word_id(c, f->agency) < 0 ||
	    rest_name(c, f->agency_name, sizeof f->agency_name, 100) < 0)
		return -1;
	if (keyword(c, "schema") < 0 || word_int(c, 1, 1000000, &f->schema) < 0 ||
	    end_of_line(c) < 0)
		return -1;
	if (keyword(c, "from") < 0 || parse_key(c, &f->from) < 0)
		return -1;
	if (keyword(c, "made") < 0 || word_time(c, f->made) < 0 ||
	    end_of_line(c) < 0)
		return -1;
	if (keyword(c, "audit") < 0 ||
	    word_audit(c, &f->audit_seq, f->audit_hash) < 0 ||
	    end_of_line(c) < 0 || count_line(c, "holds", GK_ID_HEX + 3, &f->nholds) < 0)
		return -1;
	if (f->nholds && !(f->holds = calloc((size_t)f->nholds,
					     sizeof *f->holds)))
		return -2;
	for (int i = 0; i < f->nholds; i++)
		if (next_line(c) < 0 || word_id(c, f->holds[i].origin) < 0 ||
		    word_int(c, 0, INT64_MAX / 2, &f->holds[i].seq) < 0 ||
		    end_of_line(c) < 0)
			return -1;
	if (count_line(c, "stations", GK_ID_HEX + PK_BYTES * 2 + 3,
			       &f->nkeys) < 0)
		return -1;
	if (f->nkeys && !(f->keys = calloc((size_t)f->nkeys, sizeof *f->keys)))
		return -2;
	for (int i = 0; i < f->nkeys; i++)
		if (next_line(c) < 0 || parse_key(c, &f->keys[i]) < 0)
			return -1;
	if (keyword(c, "changes") < 0 || word_int(c, 0, INT32_MAX, nrec) < 0 ||
	    word_int(c, 0, INT64_MAX / 2, bytes) < 0 || end_of_line(c) < 0)
		return -1;
	if (next_line(c) < 0 || c->line[0])
		return -1;
	return 0;
}

static int parse_record(struct cursor *c, struct gk_sync_record *r)
{
	int64_t size;
	if (keyword(c, "change") < 0 || word_id(c, r->origin) < 0 ||
	    word_int(c, 1, INT64_MAX / 2, &r->seq) < 0 ||
	    word_int(c, 1, 1000000, &r->schema) < 0 ||
	    word_time(c, r->created) < 0 ||
	    word_audit(c, &r->audit_seq, r->audit_hash) < 0 ||
	    word_int(c, 1, INT32_MAX, &size) < 0 ||
	    word_hex(c, r->sig, SIG_BYTES) < 0 || end_of_line(c) < 0 ||
	    size >= c->end - c->p || c->p[size] != '\n')
		return -1;
	r->payload = c->p;
	r->size = (size_t)size;
	c->p += size + 1;
	return 0;
}

int gk_sync_parse(const unsigned char *buf, size_t len,
		  struct gk_sync_file *f, struct gk_err *err)
{
	static const char magic[] = MAGIC " ";
	memset(f, 0, sizeof *f);
	if (len < sizeof magic - 1 || memcmp(buf, magic, sizeof magic - 1))
		return gk_fail(err, GK_EINVAL,
			       _("it is not a gongkai change file."));
	const unsigned char *nl = memchr(buf, '\n', len < 64 ? len : 64);
	if (!nl || nl - buf != (ptrdiff_t)(sizeof magic) ||
	    buf[sizeof magic - 1] < '1' || buf[sizeof magic - 1] > '9')
		return gk_fail(err, GK_EINVAL,
			       _("it is not a gongkai change file."));
	f->format = buf[sizeof magic - 1] - '0';
	if (f->format != FORMAT)
		return gk_fail(err, GK_EINVAL,
			       _("it is written in change-file format %d; "
				 "this gongkai reads format %d."),
			       f->format, FORMAT);
	/* The tail: "hash H\nsig S\n", of fixed length. */
	if (len < TAIL + sizeof magic)
		return gk_fail(err, GK_EINVAL,
			       _("the file is truncated: it ends before its "
				 "hash and signature (%zu bytes)."),
			       len);
	const unsigned char *tail = buf + len - TAIL;
	if (memcmp(tail, "hash ", 5) != 0 ||
	    tail[TAIL_HASH - 1] != '\n' ||
	    memcmp(tail + TAIL_HASH, "sig ", 4) != 0 || buf[len - 1] != '\n')
		return gk_fail(err, GK_EINVAL,
			       _("the file is truncated: it ends before its "
				 "hash and signature (%zu bytes)."),
			       len);
	unsigned char want[32], got[32];
	char hex[GK_HASH_HEX + 1];
	memcpy(hex, tail + 5, GK_HASH_HEX);
	hex[GK_HASH_HEX] = '\0';
	crypto_generichash(got, sizeof got, buf, (size_t)(tail - buf), NULL, 0);
	if (!is_hex(hex, GK_HASH_HEX) ||
	    sodium_hex2bin(want, sizeof want, hex, GK_HASH_HEX, NULL, NULL,
			   NULL) != 0 ||
	    sodium_memcmp(want, got, sizeof got) != 0)
		return gk_fail(err, GK_EINVAL,
			       _("the file is damaged: its content does not "
				 "match its hash (a changed or missing "
				 "byte)."));
	char sighex[SIG_BYTES * 2 + 1];
	memcpy(sighex, tail + TAIL_HASH + 4, SIG_BYTES * 2);
	sighex[SIG_BYTES * 2] = '\0';
	if (!is_hex(sighex, SIG_BYTES * 2))
		return damaged(err, "sig");
	sodium_hex2bin(f->sig, SIG_BYTES, sighex, SIG_BYTES * 2, NULL, NULL,
		       NULL);
	f->signed_len = (size_t)(tail - buf) + TAIL_HASH;

	struct cursor c = {nl + 1, tail, "", NULL};
	int64_t nrec, bytes;
	int rc = parse_header(&c, f, &nrec, &bytes);
	if (rc == -2)
		goto nomem;
	if (rc < 0) {
		gk_sync_file_free(f);
		return damaged(err, "header");
	}
	if (bytes != c.end - c.p) {
		gk_sync_file_free(f);
		return damaged(err, "length");
	}
	int cap = 0;
	while (c.p < c.end) {
		if (f->nrecords == cap) {
			cap = cap ? cap * 2 : 64;
			void *grown = realloc(f->records,
					      (size_t)cap * sizeof *f->records);
			if (!grown)
				goto nomem;
			f->records = grown;
		}
		if (parse_record(&c, &f->records[f->nrecords]) < 0) {
			gk_sync_file_free(f);
			return damaged(err, "change");
		}
		f->nrecords++;
	}
	if (f->nrecords != nrec) {
		gk_sync_file_free(f);
		return damaged(err, "count");
	}
	return 0;
nomem:
	gk_sync_file_free(f);
	return gk_fail(err, GK_ENOMEM, _("Out of memory."));
}

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
		change_message(agency, store->station_id, seq,
			       sqlite3_column_int64(st, 1),
			       (const char *)sqlite3_column_text(st, 2),
			       sqlite3_column_int64(st, 3),
			       (const char *)sqlite3_column_text(st, 4),
			       sqlite3_column_blob(st, 5),
			       (size_t)sqlite3_column_bytes(st, 5), msg,
			       sizeof msg);
		crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
				     strlen(msg), sk);
		sqlite3_reset(up);
		sqlite3_bind_blob(up, 1, sig, SIG_BYTES, SQLITE_STATIC);
		sqlite3_bind_text(up, 2, store->station_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 3, seq);
		rc = sqlite3_step(up) == SQLITE_DONE ? 0
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
	fprintf(f, MAGIC " %d\nagency %s %s\nschema %d\n", FORMAT, agency->id,
		agency->name, gk_store_schema_version());
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
	/* 2026-11-28T08:43:43.123Z -> gk-STATION-20261128-084343-123, and a
	 * number after it should that be taken too. */
	char now[GK_TIME_LEN];
	gk_store_now(store, now);
	for (int n = 1; n < 1000; n++) {
		char full[8300], suffix[16] = "";
		if (n > 1)
			snprintf(suffix, sizeof suffix, "-%d", n);
		snprintf(name, size,
			 "gk-%.8s-%.4s%.2s%.2s-%.2s%.2s%.2s-%.3s%s.gksync",
			 store->station_id, now, now + 5, now + 8, now + 11,
			 now + 14, now + 17, now + 20, suffix);
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
	    (rc = load_secret_key(store, sk, pk, err)) < 0)
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
				select_changes[full ? 0 : to ? 1 : 2],
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
	if (gk_file_write_atomic(dir, name, head, head_len, 0644,
				 summary->path, sizeof summary->path) < 0) {
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

/* ---- rows as JSON --------------------------------------------------- */

/* SQL: the JSON path of column name of table tbl in a row array (both
 * string literals of our own). */
#define COLUMN_PATH(tbl, name)                                                 \
	"('$[' || (SELECT cid FROM pragma_table_info('" tbl "') "              \
	"WHERE name = '" name "') || ']')"

/*
 * SQL over a synced table's columns, built from the table's own schema
 * (pragma table_info; the table is one of gk_sync_tables and its column
 * names are plain words), never from input:
 *   kind 'u': UPDATE t SET every column from the JSON array ?1 WHERE its
 *             key columns equal the JSON array ?2;
 *   kind 's': SELECT json_array(every column) FROM t WHERE key = ?2.
 */
static int row_sql(struct gk_store *store, const char *tbl, char kind,
		   char **out, struct gk_err *err)
{
	sqlite3_stmt *st;
	char *set = NULL, *where = NULL;
	size_t set_len = 0, where_len = 0;
	FILE *sf, *wf;
	*out = NULL;
	if (!is_synced(tbl))
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

/* Write row (a JSON array of every column) into the row of tbl whose key
 * is pk (a JSON array). */
static int write_row(struct gk_store *store, const char *tbl, const char *pk,
		     const char *row, struct gk_err *err)
{
	char *sql;
	int rc = row_sql(store, tbl, 'u', &sql, err);
	if (rc < 0)
		return rc;
	rc = gk_store_exec(store, err, sql, "tt", row, pk);
	free(sql);
	return rc;
}

/* ---- import --------------------------------------------------------- */

/* The most columns a synced table has, with room to grow. */
#define MAX_COLS 64

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
	char *fresh;	   /* per record: 1 when this station lacks it */
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
	/* The column count of each synced table here (gk_sync_tables). */
	int columns[32];
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
		sqlite3_value *v = values[i] ? values[i]
					     : fallback ? fallback[i] : NULL;
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
			    "%s", (const char *)sqlite3_column_text(im->json, 0));
	}
	sqlite3_reset(im->json);
	return acc;
}

static int value_equal(sqlite3_value *a, sqlite3_value *b)
{
	int t = sqlite3_value_type(a);
	if (t != sqlite3_value_type(b))
		return 0;
	switch (t) {
	case SQLITE_NULL:
		return 1;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT:
		return sqlite3_value_double(a) == sqlite3_value_double(b);
	default: {
		int n = sqlite3_value_bytes(a);
		return n == sqlite3_value_bytes(b) &&
		       (!n || memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b),
				     (size_t)n) == 0);
	}
	}
}

/* Does row agree with want wherever want has a value? */
static int agrees(sqlite3_value **row, sqlite3_value **want, int ncol)
{
	for (int i = 0; i < ncol; i++)
		if (want[i] && (!row[i] || !value_equal(row[i], want[i])))
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
static int same_row(sqlite3_changeset_iter *it, int ncol,
		    sqlite3_value **key, int npk)
{
	unsigned char *is_pk;
	int n, k = 0;
	sqlite3changeset_pk(it, &is_pk, &n);
	for (int i = 0; i < ncol && i < n; i++) {
		sqlite3_value *v = NULL;
		if (!is_pk[i])
			continue;
		if (k >= npk || sqlite3changeset_old(it, i, &v) != SQLITE_OK ||
		    !v || !value_equal(v, key[k++]))
			return 0;
	}
	return k == npk;
}

/*
 * The row as the other station had it before its change (the common
 * ancestor), into anc (copies, freed by the caller): this station's row
 * with the changes it holds undone, newest first, until the row agrees
 * with the other station's old values.  Without that, an approval there
 * and a return here would mix into a row neither station had.  When no
 * such point is found, this station's row.
 */
static void ancestor(struct importer *im, const char *tbl, int ncol,
		     sqlite3_value **local, sqlite3_value **old,
		     sqlite3_value **key, int npk, sqlite3_value **anc)
{
	sqlite3_stmt *st;
	int found = 0;
	for (int i = 0; i < ncol; i++)
		anc[i] = local[i] ? sqlite3_value_dup(local[i]) : NULL;
	if (agrees(anc, old, ncol) ||
	    sqlite3_prepare_v2(im->store->sql,
			       "SELECT payload FROM sync_change "
			       "ORDER BY rowid DESC",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	while (!found && sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_changeset_iter *it;
		if (sqlite3changeset_start(&it, sqlite3_column_bytes(st, 0),
					   (void *)sqlite3_column_blob(st, 0)) !=
		    SQLITE_OK)
			continue;
		int touched = 0;
		while (sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *t;
			int n, op, indirect;
			sqlite3changeset_op(it, &t, &n, &op, &indirect);
			if (op != SQLITE_UPDATE || n != ncol || strcmp(t, tbl) ||
			    !same_row(it, ncol, key, npk))
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

/* The column "updated" of tbl (the time its rows last changed), or -1. */
static int updated_column(struct gk_store *store, const char *tbl)
{
	sqlite3_stmt *st;
	struct gk_err ignored;
	int col = -1;
	if (gk_store_row(store, &ignored, &st,
			 "SELECT cid FROM pragma_table_info(?) "
			 "WHERE name = 'updated'",
			 "t", tbl) > 0) {
		col = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return col;
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
		ancestor(im, tbl, ncol, local, old, key, npk, anc);
	else
		for (int i = 0; i < ncol; i++)
			anc[i] = sqlite3_value_dup(local[i]);
	for (int i = 0; i < ncol; i++)
		if (!remote[i])
			remote[i] = anc[i];
	/* Rows that differ in nothing but the time of the change (the same
	 * approval made on both stations) are one row: the later time
	 * stays, on both. */
	int when = updated_column(im->store, tbl), differ = 0;
	for (int i = 0; i < ncol && !differ; i++)
		differ = i != when && !value_equal(local[i], remote[i]);
	if (!differ) {
		const unsigned char *theirs = when >= 0 ? sqlite3_value_text(
							      remote[when])
							: NULL,
				    *ours = when >= 0 ? sqlite3_value_text(
							    local[when])
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
		void *grown = realloc(im->found, (size_t)cap * sizeof *im->found);
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
		if (strcmp(tbl, "audit") == 0)
			return refuse_change(
			    im, _("it rewrites an audit entry this station "
				  "holds"),
			    tbl);
		/* Two administrators trusted the same key: one fact. */
		if (strcmp(tbl, "station_trust") == 0)
			return SQLITE_CHANGESET_OMIT;
		return settle(im, it, tbl, ncol, op);
	case SQLITE_CHANGESET_CONSTRAINT:
		if (strcmp(tbl, "audit") == 0)
			return refuse_change(
			    im, _("its audit entry takes a number another "
				  "entry of that station holds here: the "
				  "station's history was rewritten"),
			    tbl);
		if (strcmp(tbl, "publication") == 0)
			return refuse_change(
			    im, _("its 索引号 was given here to another item; "
				  "two stations allocated 索引号 at once"),
			    tbl);
		return refuse_change(im, _("it breaks a rule of the schema"),
				     tbl);
	case SQLITE_CHANGESET_FOREIGN_KEY:
	default:
		return refuse_change(
		    im, _("it refers to records this station does not have"),
		    tbl);
	}
}

/* How many columns tbl has here; -1 when it is not a synced table.  A
 * changeset for a table of another shape would be skipped by SQLite with
 * no more than a log message. */
static int table_columns(struct importer *im, const char *tbl)
{
	for (int i = 0; gk_sync_tables[i]; i++) {
		if (strcmp(gk_sync_tables[i], tbl) != 0)
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
		}
		return im->columns[i];
	}
	return -1;
}

/* A varint as SQLite's changesets write them (as in its file format):
 * its length in bytes, or 0 when it runs past end. */
static size_t varint_len(const unsigned char *p, const unsigned char *end,
			 uint64_t *value)
{
	uint64_t v = 0;
	for (size_t i = 0; i < 9 && p + i < end; i++) {
		if (i == 8) {
			*value = (v << 8) | p[i];
			return 9;
		}
		v = (v << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			*value = v;
			return i + 1;
		}
	}
	return 0;
}

/*
 * Is payload a well-formed changeset?  SQLite 3.40 (Debian 12) loops for
 * ever in sqlite3changeset_next on a table header whose name has no NUL
 * before the end (the two bytes "T\x05" do it), so every payload is
 * walked here, by the format of sessionGenerateChangeset, before SQLite
 * reads it.  A signed change from a trusted station should never fail
 * this; if one does, the import is refused instead of hanging.
 */
static int changeset_well_formed(const unsigned char *p, size_t size)
{
	const unsigned char *end = p + size;
	uint64_t ncol = 0, n;
	size_t k;
	while (p < end) {
		int op = *p++;
		if (op == 'T') {
			if (!(k = varint_len(p, end, &ncol)) || ncol == 0 ||
			    ncol > MAX_COLS || (size_t)(end - p) < k + ncol)
				return 0;
			p += k + ncol;
			const unsigned char *nul = memchr(p, 0, (size_t)(end - p));
			if (!nul)
				return 0;
			p = nul + 1;
			continue;
		}
		if (!ncol || (op != SQLITE_INSERT && op != SQLITE_DELETE &&
			      op != SQLITE_UPDATE) ||
		    p >= end)
			return 0;
		p++; /* indirect */
		uint64_t values = op == SQLITE_UPDATE ? 2 * ncol : ncol;
		for (uint64_t v = 0; v < values; v++) {
			if (p >= end)
				return 0;
			switch (*p++) {
			case 0: /* undefined (UPDATE) */
			case 5: /* NULL */
				break;
			case 1: /* integer */
			case 2: /* real */
				if (end - p < 8)
					return 0;
				p += 8;
				break;
			case 3: /* text */
			case 4: /* blob */
				if (!(k = varint_len(p, end, &n)) ||
				    (uint64_t)(end - p) - k < n)
					return 0;
				p += k + n;
				break;
			default:
				return 0;
			}
		}
	}
	return 1;
}

int gk_sync_changeset_check(const void *payload, size_t size)
{
	return changeset_well_formed(payload, size) ? 0 : -1;
}

/* Before a change applies: the items it touches, the resolutions it
 * brings, and what to count. */
static int scan_change(struct importer *im, const struct gk_sync_record *r)
{
	sqlite3_changeset_iter *it;
	if (!changeset_well_formed(r->payload, r->size) ||
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
		if (strcmp(tbl, "item") == 0) {
			if (op == SQLITE_UPDATE)
				sqlite3changeset_old(it, 0, &v);
			else
				get(it, 0, &v);
			im->summary->items++;
			rc = add_id(&im->items, &im->nitems, &im->capitems,
				    v ? sqlite3_value_text(v) : NULL);
		} else if ((strcmp(tbl, "item_version") == 0 ||
			    strcmp(tbl, "publication") == 0) &&
			   op == SQLITE_INSERT && ncol > 1) {
			get(it, 1, &v);
			rc = add_id(&im->items, &im->nitems, &im->capitems,
				    v ? sqlite3_value_text(v) : NULL);
		} else if (strcmp(tbl, "item_event") == 0 &&
			   op == SQLITE_INSERT && ncol > 4) {
			get(it, 4, &v);
			const char *a = v ? (const char *)sqlite3_value_text(v)
					  : "";
			if (a && (!strcmp(a, "approve") || !strcmp(a, "return") ||
				  !strcmp(a, "publish") ||
				  !strcmp(a, "withdraw")))
				im->summary->decisions++;
		} else if (strcmp(tbl, "sync_resolution") == 0 &&
			   op == SQLITE_INSERT) {
			get(it, 0, &v);
			rc = add_id(&im->resolutions, &im->nres, &im->capres,
				    v ? sqlite3_value_text(v) : NULL);
		}
		if (rc == 0 && table_columns(im, tbl) != ncol)
			rc = -2;
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
		int rc = gk_store_exec(
		    store, im->err,
		    "INSERT INTO sync_conflict (id, tbl, pk, item_id, local, "
		    "remote, origin, seq, at) VALUES (?1, ?2, ?3, "
		    "CASE ?2 WHEN 'item' THEN json_extract(?3, '$[0]') "
		    "WHEN 'publication' THEN json_extract(?4, "
		    COLUMN_PATH("publication", "item_id") ") "
		    "WHEN 'delivery' THEN (SELECT item_id FROM publication "
		    "WHERE id = json_extract(?4, "
		    COLUMN_PATH("delivery", "publication_id") ")) END, "
		    "?4, ?5, ?6, ?7, ?8) "
		    "ON CONFLICT (tbl, pk) WHERE resolution IS NULL "
		    "DO UPDATE SET remote = excluded.remote, "
		    "origin = excluded.origin, seq = excluded.seq, "
		    "at = excluded.at",
		    "ttttttit", id, f->tbl, f->pk, f->local, f->remote,
		    im->rec->origin, im->rec->seq, now);
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
			rc = write_row(im->store, tbl, pk, row, im->err);
		if (rc == 0)
			rc = gk_store_exec(im->store, im->err,
					   "UPDATE sync_conflict SET resolution "
					   "= ? WHERE tbl = ? AND pk = ? AND "
					   "resolution IS NULL",
					   "ttt",
					   later[0] ? later : im->resolutions[i],
					   tbl, pk);
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
		return gk_fail(im->err, GK_ETAMPER,
			       _("change %lld of station %.8s names audit entry "
				 "%lld, which does not match the hash the "
				 "station signed."),
			       (long long)r->seq, r->origin,
			       (long long)r->audit_seq);
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
	rc = sqlite3changeset_apply(store->sql, (int)r->size, (void *)r->payload,
				    NULL, on_conflict, im);
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
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : gk_store_dberr(store, im->err);
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

/* The key this station knows for a station, or 0 when it knows none. */
static int known_key(struct gk_store *store, const char *id,
		     unsigned char pk[PK_BYTES], struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT pubkey FROM station WHERE id = ?", "t",
			      id);
	if (rc <= 0)
		return rc;
	const char *hex = (const char *)sqlite3_column_text(st, 0);
	rc = sodium_hex2bin(pk, PK_BYTES, hex, strlen(hex), NULL, NULL, NULL) ==
		     0
		 ? 1
		 : gk_fail(err, GK_EDB, _("The key of station %.8s is "
					  "damaged."),
			   id);
	sqlite3_finalize(st);
	return rc;
}

static int is_trusted(struct gk_store *store, const unsigned char *pk,
		      int *trusted, struct gk_err *err)
{
	char fpr[GK_FPR_LEN];
	sqlite3_stmt *st;
	fingerprint_of(pk, fpr);
	int rc = gk_store_row(store, err, &st,
			      "SELECT 1 FROM station_trust WHERE fingerprint = ?",
			      "t", fpr);
	if (rc < 0)
		return rc;
	if (rc)
		sqlite3_finalize(st);
	*trusted = rc;
	return 0;
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
	int rc = known_key(im->store, origin, pk, im->err);
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
	if (f->schema != gk_store_schema_version())
		return gk_fail(im->err, GK_EINVAL,
			       _("it was written under schema version %lld; "
				 "this station has version %d: run the same "
				 "gongkai on both stations."),
			       (long long)f->schema, gk_store_schema_version());
	unsigned char pk[PK_BYTES];
	if (!join) {
		if ((rc = known_key(store, f->from.id, pk, im->err)) < 0)
			return rc;
		if (rc && sodium_memcmp(pk, f->from.pubkey, PK_BYTES))
			return gk_fail(im->err, GK_ETAMPER,
				       _("it is signed by a key that is not "
					 "the one of station %.8s (%s) known "
					 "here."),
				       f->from.id, f->from.name);
		if ((rc = is_trusted(store, f->from.pubkey, &trusted,
				     im->err)) < 0)
			return rc;
	}
	if (!trusted) {
		char fpr[GK_FPR_LEN];
		fingerprint_of(f->from.pubkey, fpr);
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
			void *grown = realloc(im->held, (size_t)(im->nheld + 1) *
							    sizeof *im->held);
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
		change_message(f->agency, r->origin, r->seq, r->schema,
			       r->created, r->audit_seq, r->audit_hash,
			       r->payload, r->size, msg, sizeof msg);
		if (crypto_sign_verify_detached(r->sig,
						(const unsigned char *)msg,
						strlen(msg), h->pubkey) != 0)
			return gk_fail(im->err, GK_ETAMPER,
				       _("change %lld of station %.8s does not "
					 "match that station's signature."),
				       (long long)r->seq, r->origin);
		if (r->schema != gk_store_schema_version())
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
					    "in time (restored from a backup?). "
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
			return gk_fail(im->err, GK_ETAMPER,
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
			return gk_fail(im->err, GK_EINVAL,
				       _("changes %lld to %lld of station %s "
					 "are missing: they are neither here nor "
					 "in this file.  Import the earlier "
					 "file first, or ask %s for a file made "
					 "for this station ('sync export --to')."),
				       (long long)h->seq + 1,
				       (long long)r->seq - 1, name, name);
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
static int apply_all(struct importer *im, gk_sync_progress progress,
		     void *ctx)
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
		qsort(im->items, (size_t)im->nitems, sizeof *im->items,
		      cmp_id);
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

void gk_sync_describe(const struct gk_sync_summary *sum, char *out,
		      size_t size)
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
			fingerprint_of(im->f.from.pubkey, fpr);
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
	struct importer im = {.store = store, .err = err, .path = path,
			      .summary = summary};
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
	fingerprint_of(im.f.from.pubkey, summary->fingerprint);
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
	struct importer im = {.store = store, .err = err, .path = path,
			      .summary = summary};
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
	    "CASE WHEN s.id = ?1 THEN 0 ELSE (SELECT count(*) FROM sync_change c "
	    "WHERE c.origin <> s.id AND c.seq > coalesce((SELECT h.seq FROM "
	    "sync_holds h WHERE h.peer = s.id AND h.origin = c.origin), 0)) END "
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
	if (fingerprint_parse(fingerprint, fpr) < 0)
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
	if ((rc = gk_store_row(store, err, &st,
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
static void show_value(struct gk_store *store, const char *tbl,
		       const char *col, const char *value, char *out,
		       size_t size)
{
	sqlite3_stmt *st;
	struct gk_err ignored;
	int64_t ms;
	if (strcmp(tbl, "item") == 0 && strcmp(col, "state") == 0) {
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
		show_value(store, tbl, col, (const char *)sqlite3_column_text(st, 1),
			   here, sizeof here);
		show_value(store, tbl, col, (const char *)sqlite3_column_text(st, 2),
			   there, sizeof there);
		fprintf(f, _("%s: %s → %s\n"), column_label(col), here, there);
	}
	sqlite3_finalize(st);
	if (fclose(f) != 0 || rc != SQLITE_DONE) {
		free(buf);
		return rc != SQLITE_DONE ? gk_store_dberr(store, err)
					 : gk_fail(err, GK_ENOMEM,
						   _("Out of memory."));
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
	gk_col_copy(st, 2, c->item_id, sizeof c->item_id);
	gk_col_copy(st, 3, c->title, sizeof c->title);
	gk_col_copy(st, 4, c->origin, sizeof c->origin);
	gk_col_copy(st, 5, c->at, sizeof c->at);
	gk_col_copy(st, 8, c->local_version, sizeof c->local_version);
	gk_col_copy(st, 9, c->remote_version, sizeof c->remote_version);
	return conflict_changes(store, c->tbl,
				(const char *)sqlite3_column_text(st, 6),
				(const char *)sqlite3_column_text(st, 7),
				&c->changes, err);
}

#define CONFLICT_COLUMNS                                                       \
	"SELECT c.id, c.tbl, coalesce(c.item_id, ''), coalesce(v.title, ''), " \
	"coalesce(s.name, substr(c.origin, 1, 8)), c.at, c.local, c.remote, "  \
	"CASE c.tbl WHEN 'item' THEN json_extract(c.local, "                   \
	COLUMN_PATH("item", "version_id") ") END, "                            \
	"CASE c.tbl WHEN 'item' THEN json_extract(c.remote, "                  \
	COLUMN_PATH("item", "version_id") ") END "                             \
	"FROM sync_conflict c LEFT JOIN item i ON i.id = c.item_id "           \
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

int gk_sync_require_settled(struct gk_store *store, const char *item_id,
			    struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT c.id, coalesce(s.name, "
			      "substr(c.origin, 1, 8)) FROM sync_conflict c "
			      "LEFT JOIN station s ON s.id = c.origin "
			      "WHERE c.item_id = ? AND c.resolution IS NULL",
			      "t", item_id);
	if (rc <= 0)
		return rc;
	rc = gk_fail(err, GK_EDENIED,
		     _("This item was changed here and on station %s at once; "
		       "until someone resolves the conflict (the sync "
		       "screen, or 'gongkai sync resolve %.8s --take "
		       "local|remote') it cannot move on."),
		     (const char *)sqlite3_column_text(st, 1),
		     (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* May actor settle a conflict about item (NULL: about no item)? */
static int may_resolve(struct gk_store *store, const struct gk_user *actor,
		       const char *item_id, struct gk_err *err)
{
	if (actor->roles & GK_ROLE_ADMIN)
		return 0;
	if (item_id && *item_id) {
		sqlite3_stmt *st;
		int rc = gk_store_row(store, err, &st,
				      "SELECT author_id = ?2, dept_id = ?3 "
				      "FROM item WHERE id = ?1",
				      "ttt", item_id, actor->id, actor->dept_id);
		if (rc < 0)
			return rc;
		int author = rc && sqlite3_column_int(st, 0);
		int same_dept = rc && sqlite3_column_int(st, 1);
		if (rc)
			sqlite3_finalize(st);
		if (author || (same_dept && (actor->roles & GK_ROLE_DEPT_HEAD)) ||
		    (actor->roles & (GK_ROLE_DEPUTY | GK_ROLE_DIRECTOR |
				     GK_ROLE_PUBLISHER)))
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
	char item_id[GK_ID_HEX + 1], now[GK_TIME_LEN], rid[GK_ID_HEX + 1];
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
				"SELECT id, tbl, pk, coalesce(item_id, ''), "
				"local, remote FROM sync_conflict WHERE id >= ? "
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
		gk_col_copy(st, 3, item_id, sizeof item_id);
		row = gk_col_dup(st, take_remote ? 5 : 4);
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
		if ((rc = row_sql(store, tbl, 's', &sql, err)) < 0 ||
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
	int when = updated_column(store, tbl);
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
	if ((rc = write_row(store, tbl, pk, row, err)) < 0 ||
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
			rc = gk_fail(err, GK_ETAMPER,
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
