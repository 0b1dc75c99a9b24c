#include "sync_format.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "text.h"

#define SIG_BYTES GK_SYNC_SIG_BYTES

_Static_assert(GK_SYNC_PK_BYTES == crypto_sign_PUBLICKEYBYTES &&
		   GK_SYNC_SIG_BYTES == crypto_sign_BYTES,
	       "the file's keys and signatures are Ed25519's");

/* ---- what is signed, fingerprints ----------------------------------- */

void gk_sync_change_message(const char *agency, const char *origin, int64_t seq,
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
		 GK_SYNC_FORMAT, agency, origin, (long long)seq,
		 (long long)schema, created, (long long)audit_seq, audit_hash,
		 hex);
}

void gk_sync_fingerprint_of(const unsigned char pk[GK_SYNC_PK_BYTES],
			    char out[GK_FPR_LEN])
{
	unsigned char h[16];
	char hex[33];
	crypto_generichash(h, sizeof h, pk, GK_SYNC_PK_BYTES, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	char *o = out;
	for (int i = 0; i < 32; i++) {
		if (i && i % 4 == 0)
			*o++ = '-';
		*o++ = hex[i];
	}
	*o = '\0';
}

int gk_sync_fingerprint_parse(const char *in, char out[GK_FPR_LEN])
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

/* ---- the file ------------------------------------------------------- */

/* A time as gk_time_format writes it, by the test gk_time_parse makes
 * (that one is in store.c, which this module does not link). */
static int time_ok(const char *iso)
{
	struct tm tm = {0};
	int ms = 0, used = 0;
	const char *rest = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	return rest && sscanf(rest, ".%3dZ%n", &ms, &used) == 1 && used == 5 &&
	       rest[used] == '\0';
}

#define TAIL_HASH      (5 + GK_HASH_HEX + 1)
#define TAIL_SIG       (4 + SIG_BYTES * 2 + 1)
#define TAIL	       (TAIL_HASH + TAIL_SIG)
#define LINE_MAX_BYTES 1024
#define LIST_MAX       100000

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
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
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
	if (!w || strlen(w) != GK_TIME_LEN - 1 || !time_ok(w))
		return -1;
	memcpy(out, w, GK_TIME_LEN);
	return 0;
}

/* The rest of the line as a name: one line of text. */
static int rest_name(struct cursor *c, char *out, size_t size, size_t max)
{
	struct gk_err ignored;
	const char *w = c->word ? c->word : "";
	if (strlen(w) >= size || gk_text_check_line(w, "", max, &ignored) < 0)
		return -1;
	snprintf(out, size, "%s", w);
	c->word = NULL;
	return 0;
}

/* An audit entry's number and hash, or "0 -" for none. */
static int word_audit(struct cursor *c, int64_t *seq,
		      char hash[GK_HASH_HEX + 1])
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
	return word_id(c, k->id) < 0 ||
		       word_hex(c, k->pubkey, GK_SYNC_PK_BYTES) < 0 ||
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

static int parse_header(struct cursor *c, struct gk_sync_file *f, int64_t *nrec,
			int64_t *bytes)
{
	if (keyword(c, "agency") < 0 || word_id(c, f->agency) < 0 ||
	    rest_name(c, f->agency_name, sizeof f->agency_name, 100) < 0)
		return -1;
	if (keyword(c, "schema") < 0 ||
	    word_int(c, 1, 1000000, &f->schema) < 0 || end_of_line(c) < 0)
		return -1;
	if (keyword(c, "from") < 0 || parse_key(c, &f->from) < 0)
		return -1;
	if (keyword(c, "made") < 0 || word_time(c, f->made) < 0 ||
	    end_of_line(c) < 0)
		return -1;
	if (keyword(c, "audit") < 0 ||
	    word_audit(c, &f->audit_seq, f->audit_hash) < 0 ||
	    end_of_line(c) < 0 ||
	    count_line(c, "holds", GK_ID_HEX + 3, &f->nholds) < 0)
		return -1;
	if (f->nholds &&
	    !(f->holds = calloc((size_t)f->nholds, sizeof *f->holds)))
		return -2;
	for (int i = 0; i < f->nholds; i++)
		if (next_line(c) < 0 || word_id(c, f->holds[i].origin) < 0 ||
		    word_int(c, 0, INT64_MAX / 2, &f->holds[i].seq) < 0 ||
		    end_of_line(c) < 0)
			return -1;
	if (count_line(c, "stations", GK_ID_HEX + GK_SYNC_PK_BYTES * 2 + 3,
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

int gk_sync_parse(const unsigned char *buf, size_t len, struct gk_sync_file *f,
		  struct gk_err *err)
{
	static const char magic[] = GK_SYNC_MAGIC " ";
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
	if (f->format != GK_SYNC_FORMAT)
		return gk_fail(err, GK_EINVAL,
			       _("it is written in change-file format %d; "
				 "this gongkai reads format %d."),
			       f->format, GK_SYNC_FORMAT);
	/* The tail: "hash H\nsig S\n", of fixed length. */
	if (len < TAIL + sizeof magic)
		return gk_fail(err, GK_EINVAL,
			       _("the file is truncated: it ends before its "
				 "hash and signature (%zu bytes)."),
			       len);
	const unsigned char *tail = buf + len - TAIL;
	if (memcmp(tail, "hash ", 5) != 0 || tail[TAIL_HASH - 1] != '\n' ||
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

/* ---- changesets ----------------------------------------------------- */

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
			    ncol > GK_SYNC_MAX_COLS ||
			    (size_t)(end - p) < k + ncol)
				return 0;
			p += k + ncol;
			const unsigned char *nul =
			    memchr(p, 0, (size_t)(end - p));
			if (!nul)
				return 0;
			p = nul + 1;
			continue;
		}
		if (!ncol ||
		    (op != SQLITE_INSERT && op != SQLITE_DELETE &&
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
			case 5: /* NULL */ break;
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
			default: return 0;
			}
		}
	}
	return 1;
}

int gk_sync_changeset_check(const void *payload, size_t size)
{
	return changeset_well_formed(payload, size) ? 0 : -1;
}

/* ---- file names ----------------------------------------------------- */

#define SHORT_ID 8

void gk_sync_file_name(const char *station_id, const char *time, int n,
		       char *out, size_t size)
{
	/* 2026-11-28T08:43:43.123Z -> gk-STATION-20261128-084343-123 */
	char suffix[16] = "";
	if (n > 1)
		snprintf(suffix, sizeof suffix, "-%d", n);
	snprintf(out, size,
		 "gk-%.8s-%.4s%.2s%.2s-%.2s%.2s%.2s-%.3s%s" GK_SYNC_EXT,
		 station_id, time, time + 5, time + 8, time + 11, time + 14,
		 time + 17, time + 20, suffix);
}

int gk_sync_is_file_name(const char *name)
{
	static const char ext[] = GK_SYNC_EXT;
	size_t n = strlen(name);
	return name[0] != '.' && n > sizeof ext - 1 &&
	       strcmp(name + n - (sizeof ext - 1), ext) == 0;
}

int gk_sync_file_name_station(const char *name, char station[SHORT_ID + 1])
{
	station[0] = '\0';
	if (strncmp(name, "gk-", 3) != 0 ||
	    strspn(name + 3, "0123456789abcdef") != SHORT_ID ||
	    name[3 + SHORT_ID] != '-')
		return -1;
	snprintf(station, SHORT_ID + 1, "%.*s", SHORT_ID, name + 3);
	return 0;
}

/* ---- schema versions ------------------------------------------------ */

/*
 * The first gongkai release of each schema version (db/NNN_*.sql): a line
 * more with every migration (test_sync pins it to the schema this gongkai
 * writes).  A station reads files of its own schema and older ones; for a
 * newer one it can only name the release it has itself.
 */
static const char *const releases[] = {
    NULL, "0.1.0", "0.1.0", "0.1.0", "0.1.0", "0.2.0", "0.2.0",
};

const char *gk_sync_schema_release(int64_t schema)
{
	if (schema < 1 ||
	    schema >= (int64_t)(sizeof releases / sizeof releases[0]))
		return NULL;
	return releases[schema];
}

int gk_sync_schema_readable(int64_t written, int here, struct gk_err *err)
{
	if (written <= here)
		return 0;
	const char *mine = gk_sync_schema_release(here);
	return gk_fail(err, GK_EINVAL,
		       _("it was written under schema version %lld; this "
			 "station has schema version %d: install a gongkai "
			 "that has schema version %lld (a release after %s) "
			 "on this station."),
		       (long long)written, here, (long long)written,
		       mine ? mine : "?");
}
