/*
 * Fuzz target for change files (gk_sync_parse): the bytes a station reads
 * from a USB stick or a shared folder, parsed before any signature is
 * checked.  No database: it links sync_format.c (and text.c, err.c) alone.
 *
 * Each input is parsed as it is.  Because the file's "hash" line covers
 * every byte before it, a mutated file rarely gets past the hash check;
 * so an input that begins like a change file is parsed a second time with
 * its tail rewritten ("hash H" recomputed, the "sig " keyword and the
 * newlines put back), which lets mutations reach the header and record
 * parsers.  Whatever parses must hold together: the records lie inside
 * the input, in order, each payload followed by its newline, as many as
 * the header said.  Then each record's changeset goes where import's
 * scan_change takes it: gk_sync_changeset_check, and if that accepts it,
 * SQLite's changeset iterator, every change and every value, which must
 * then read it to its end without an error.  So a malformed changeset
 * inside a well-formed file must be survived too.  A refused file must
 * leave nothing allocated.
 *
 * An input that takes more than WATCHDOG_SECONDS of CPU is a hang: the
 * target aborts, so the driver (or libFuzzer) saves it instead of
 * spinning forever.  SQLite 3.40 (Debian 12) spins in
 * sqlite3changeset_next on a table header whose name has no NUL before
 * the changeset's end (a payload of the two bytes "T\x05" does it),
 * which is what the check keeps from it.
 *
 * libFuzzer: `make fuzz`.  Without it, driver.c replays the corpus and
 * mutates it in `make check`.
 */
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "sync_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file's fixed tail, as sync_format.h describes it:
 * "hash H\n" then "sig S\n". */
#define MAGIC_LINE "gongkai-sync 1\n"
#define TAIL_HASH  (5 + GK_HASH_HEX + 1)
#define TAIL_SIG   (4 + crypto_sign_BYTES * 2 + 1)
#define TAIL	   (TAIL_HASH + TAIL_SIG)

/* CPU seconds an input may take (a few milliseconds is usual). */
#define WATCHDOG_SECONDS 5
#define STRING(x)	 STRING_OF(x)
#define STRING_OF(x)	 #x

/* SIGVTALRM, on CPU time: libFuzzer's own -timeout uses SIGALRM. */
static void on_watchdog(int sig)
{
	static const char msg[] = "fuzz_sync: an input ran for " STRING(
	    WATCHDOG_SECONDS) " s of CPU: a hang\n";
	(void)sig;
	(void)!write(2, msg, sizeof msg - 1);
	abort();
}

static void watchdog(int seconds)
{
	struct itimerval t = {{0, 0}, {seconds, 0}};
	setitimer(ITIMER_VIRTUAL, &t, NULL);
}

/* A time as gk_time_format writes it: 2026-11-28T08:43:43.123Z, a real
 * date and time (checked here on its own, not by the parser's code). */
static int is_time(const char *s)
{
	struct tm tm = {0};
	int ms, used = 0;
	const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	return strlen(s) == GK_TIME_LEN - 1 && rest &&
	       sscanf(rest, ".%3dZ%n", &ms, &used) == 1 && used == 5 &&
	       rest[used] == '\0';
}

static int is_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Read a value the way a caller would, so ASan sees every byte. */
static void touch_value(sqlite3_value *v)
{
	volatile unsigned sum = 0;
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER: sum += (unsigned)sqlite3_value_int64(v); break;
	case SQLITE_FLOAT:
		sum += (unsigned)(sqlite3_value_double(v) != 0);
		break;
	case SQLITE_TEXT: {
		const unsigned char *text = sqlite3_value_text(v);
		int n = sqlite3_value_bytes(v);
		for (int i = 0; text && i < n; i++)
			sum += text[i];
		break;
	}
	case SQLITE_BLOB: {
		const unsigned char *blob = sqlite3_value_blob(v);
		int n = sqlite3_value_bytes(v);
		for (int i = 0; blob && i < n; i++)
			sum += blob[i];
		break;
	}
	default: break;
	}
	(void)sum;
}

/* Every change of a record's changeset, every column old and new, when
 * the check lets SQLite read it. */
static void walk_changeset(const struct gk_sync_record *r)
{
	sqlite3_changeset_iter *it;
	int last;
	if (r->size > INT32_MAX ||
	    gk_sync_changeset_check(r->payload, r->size) < 0)
		return; /* import refuses it before SQLite reads it */
	if (sqlite3changeset_start(&it, (int)r->size, (void *)r->payload) !=
	    SQLITE_OK)
		abort();
	while ((last = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, indirect, npk;
		unsigned char *is_pk;
		if (sqlite3changeset_op(it, &tbl, &ncol, &op, &indirect) !=
		    SQLITE_OK)
			abort();
		if (!tbl || ncol < 0)
			abort();
		volatile size_t name_len = strlen(tbl);
		(void)name_len;
		if (sqlite3changeset_pk(it, &is_pk, &npk) == SQLITE_OK &&
		    npk != ncol)
			abort();
		for (int i = 0; i < ncol; i++) {
			sqlite3_value *v = NULL;
			if (op != SQLITE_INSERT &&
			    sqlite3changeset_old(it, i, &v) == SQLITE_OK && v)
				touch_value(v);
			v = NULL;
			if (op != SQLITE_DELETE &&
			    sqlite3changeset_new(it, i, &v) == SQLITE_OK && v)
				touch_value(v);
		}
		/* What scan_change asks without looking at ncol first. */
		int (*get)(sqlite3_changeset_iter *, int, sqlite3_value **) =
		    op == SQLITE_DELETE ? sqlite3changeset_old
					: sqlite3changeset_new;
		for (int i = 0; i < 5; i++) {
			sqlite3_value *v = NULL;
			if (get(it, i, &v) == SQLITE_OK && v)
				sqlite3_value_text(v);
		}
	}
	/* Well formed by the check: SQLite reads it to its end. */
	if (last != SQLITE_DONE || sqlite3changeset_finalize(it) != SQLITE_OK)
		abort();
}

/* What a parsed file must look like, then its changesets walked. */
static void check_file(const uint8_t *buf, size_t len,
		       const struct gk_sync_file *f)
{
	if (f->format != 1 || len < TAIL || f->signed_len != len - TAIL_SIG ||
	    f->nholds < 0 || f->nkeys < 0 || f->nrecords < 0 ||
	    (f->nholds && !f->holds) || (f->nkeys && !f->keys) ||
	    (f->nrecords && !f->records))
		abort();
	if (!is_lower_hex(f->agency, GK_ID_HEX) ||
	    !is_lower_hex(f->from.id, GK_ID_HEX) ||
	    strlen(f->agency_name) >= sizeof f->agency_name ||
	    strlen(f->from.name) >= sizeof f->from.name || !is_time(f->made) ||
	    (f->audit_seq ? !is_lower_hex(f->audit_hash, GK_HASH_HEX)
			  : f->audit_hash[0] != '\0'))
		abort();
	for (int i = 0; i < f->nholds; i++)
		if (!is_lower_hex(f->holds[i].origin, GK_ID_HEX) ||
		    f->holds[i].seq < 0)
			abort();
	for (int i = 0; i < f->nkeys; i++)
		if (!is_lower_hex(f->keys[i].id, GK_ID_HEX) ||
		    strlen(f->keys[i].name) >= sizeof f->keys[i].name)
			abort();
	/* The records, in order and apart, between the header and the tail;
	 * each payload followed by its newline. */
	const uint8_t *end = buf + len - TAIL, *after = buf;
	for (int i = 0; i < f->nrecords; i++) {
		const struct gk_sync_record *r = &f->records[i];
		if (r->payload < after || r->payload > end ||
		    r->size >= (size_t)(end - r->payload) ||
		    r->payload[r->size] != '\n' ||
		    !is_lower_hex(r->origin, GK_ID_HEX) || r->seq < 1 ||
		    r->schema < 1 || !is_time(r->created) ||
		    (r->audit_seq ? !is_lower_hex(r->audit_hash, GK_HASH_HEX)
				  : r->audit_hash[0] != '\0'))
			abort();
		after = r->payload + r->size + 1;
	}
	if (f->nrecords && after != end)
		abort(); /* "changes N BYTES" counts them all */
	for (int i = 0; i < f->nrecords; i++)
		walk_changeset(&f->records[i]);
}

static void parse(const uint8_t *buf, size_t len)
{
	struct gk_sync_file f;
	struct gk_err err = {0, ""};
	int rc = gk_sync_parse(buf, len, &f, &err);
	if (rc == 0) {
		check_file(buf, len, &f);
		gk_sync_file_free(&f);
		return;
	}
	/* Refused: a reason, and nothing left to free. */
	if ((rc != GK_EINVAL && rc != GK_ENOMEM) || err.code != rc ||
	    !err.msg[0] || strlen(err.msg) >= sizeof err.msg || f.holds ||
	    f.keys || f.records)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		signal(SIGVTALRM, on_watchdog);
		ready = 1;
	}
	watchdog(WATCHDOG_SECONDS);
	parse(data, size);

	size_t magic = sizeof MAGIC_LINE - 1;
	uint8_t *copy = NULL;
	if (size < magic + TAIL || memcmp(data, MAGIC_LINE, magic) != 0 ||
	    !(copy = malloc(size))) {
		watchdog(0);
		return 0;
	}
	/* The same bytes with a tail that matches them. */
	memcpy(copy, data, size);
	uint8_t *tail = copy + size - TAIL, hash[32];
	char hex[GK_HASH_HEX + 1];
	crypto_generichash(hash, sizeof hash, copy, (size_t)(tail - copy), NULL,
			   0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	memcpy(tail, "hash ", 5);
	memcpy(tail + 5, hex, GK_HASH_HEX);
	tail[TAIL_HASH - 1] = '\n';
	memcpy(tail + TAIL_HASH, "sig ", 4);
	copy[size - 1] = '\n';
	if (memcmp(copy, data, size) != 0)
		parse(copy, size);
	free(copy);
	watchdog(0);
	return 0;
}
