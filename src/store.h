/*
 * store — the SQLite database file: opening it the one agreed way,
 * migrating its schema, write transactions, ids, clock, and small helpers
 * that prepare, bind and step statements.
 *
 * Rules for callers:
 * - One struct gk_store per open file per thread.  gk_store_open() sets WAL,
 *   synchronous=FULL, foreign_keys=ON, trusted_schema=OFF and a busy
 *   timeout, then applies any missing migration from db/ in one transaction.
 * - Every user action is one write transaction: gk_store_begin() (BEGIN
 *   IMMEDIATE) … gk_store_commit(), or gk_store_rollback() on any failure.
 *   The action writes its audit entry (audit.h) inside that transaction.
 * - SQL text is constant; values are bound, never formatted into SQL.
 */
#ifndef GK_STORE_H
#define GK_STORE_H

#include <iconv.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define GK_ID_HEX   32 /* a random 128-bit key as lowercase hex */
#define GK_TIME_LEN 25 /* "2026-11-28T08:43:43.123Z" + NUL */

struct gk_store {
	sqlite3 *sql;			/* the connection; owned */
	char *path;			/* the file's path; owned */
	char station_id[GK_ID_HEX + 1]; /* this station ("" before init) */
	int64_t clock_ms;		/* fixed clock for tests; 0 = real */
	iconv_t gb18030;		/* for the collation "pinyin"; owned */
	/* The write transaction's record of changes, kept by the recorder
	 * (below); NULL outside one, and while migrating. */
	sqlite3_session *session;
	int capture; /* 1 once migrated: record changes */
};

/*
 * What records every write transaction's changes (for sync: sync.h,
 * sync_record.c), installed once per process with gk_store_set_recorder;
 * without one, nothing is recorded.  The store calls it by these pointers
 * only and knows nothing of what it does:
 *   opened  after gk_store_open migrated the file (may write in its own
 *           transaction); an error fails the open;
 *   begin   after BEGIN IMMEDIATE, once the store is open; an error rolls
 *           back and fails gk_store_begin;
 *   commit  before COMMIT, inside the transaction: store what was
 *           recorded, or refuse it (an error rolls back and fails
 *           gk_store_commit);
 *   end     after the commit or the rollback: drop what was recorded.
 */
struct gk_store_recorder {
	int (*opened)(struct gk_store *store, struct gk_err *err);
	int (*begin)(struct gk_store *store, struct gk_err *err);
	int (*commit)(struct gk_store *store, struct gk_err *err);
	void (*end)(struct gk_store *store);
};
void gk_store_set_recorder(const struct gk_store_recorder *recorder);

/*
 * Open (create == 1: create if missing, with its parent directory) the
 * database at path and migrate it.  On success *out is a new store that the
 * caller frees with gk_store_close().  Refuses, with GK_ESCHEMA, a database
 * whose schema is newer than this binary's; GK_ENOTFOUND when it does not
 * exist and create is 0.  A failed migration changes nothing.
 */
int gk_store_open(const char *path, int create, struct gk_store **out,
		  struct gk_err *err);
void gk_store_close(struct gk_store *store);

/* The schema version this binary writes (the number of migrations). */
int gk_store_schema_version(void);

/* 0 if `gongkai init` has run on this database, else GK_ENOTFOUND. */
int gk_store_require_init(struct gk_store *store, struct gk_err *err);

/*
 * BEGIN IMMEDIATE, and start recording the changes (the recorder's begin).
 * gk_store_commit() lets the recorder store them (for sync: as this
 * station's next change in sync_change, when there are any and the
 * station has an id) in the same transaction; the recorder refuses a
 * transaction that changed synced tables without an audit entry
 * (GK_EDB, rolled back).
 */
int gk_store_begin(struct gk_store *store, struct gk_err *err);
int gk_store_commit(struct gk_store *store, struct gk_err *err);
void gk_store_rollback(struct gk_store *store);
/* End a write transaction: commit when rc is 0, else roll back.  Returns
 * rc, or the commit's error. */
int gk_store_end(struct gk_store *store, int rc, struct gk_err *err);

/* Fill err with SQLite's last message for this store; returns GK_EDB. */
int gk_store_dberr(struct gk_store *store, struct gk_err *err);

#define GK_HASH_HEX 64 /* BLAKE2b-256 as lowercase hex */

/*
 * BLAKE2b-256 over n strings, each prefixed with its length so that no two
 * different lists hash alike; written as hex into out.
 */
void gk_digest(const char *const *fields, int n, char out[GK_HASH_HEX + 1]);

/* A new random 128-bit id as hex (libsodium's randombytes). */
void gk_new_id(char out[GK_ID_HEX + 1]);

/* Milliseconds since the epoch (store->clock_ms when set). */
int64_t gk_store_now_ms(const struct gk_store *store);
/* Format ms as UTC ISO-8601 with milliseconds into out. */
void gk_time_format(int64_t ms, char out[GK_TIME_LEN]);
/* Parse a time written by gk_time_format back to ms; -1 if malformed. */
int64_t gk_time_parse(const char *iso);
/* Format ms as local wall-clock time "YYYY-MM-DD HH:MM" into out. */
void gk_time_local(int64_t ms, char out[GK_TIME_LEN]);
/* Today's civil date in China (UTC+8 all year), YYYY-MM-DD, by the
 * store's clock. */
void gk_store_today(const struct gk_store *store, char out[11]);
/* gk_time_format(gk_store_now_ms(store)). */
void gk_store_now(const struct gk_store *store, char out[GK_TIME_LEN]);

/*
 * Prepare sql and bind the variadic arguments described by types, one
 * letter each: 't' const char * (NULL binds NULL), 'i' int64_t, 'd' int.
 * On success *stmt is for the caller to step and sqlite3_finalize().
 */
int gk_store_prep(struct gk_store *store, struct gk_err *err,
		  sqlite3_stmt **stmt, const char *sql, const char *types, ...);
/* Prepare, bind as above, and step to the end, ignoring rows. */
int gk_store_exec(struct gk_store *store, struct gk_err *err, const char *sql,
		  const char *types, ...);
/*
 * Prepare, bind, and step once: 1 and the row in *stmt (caller finalizes)
 * when there is one, 0 and *stmt NULL when there is none, or an error.
 */
int gk_store_row(struct gk_store *store, struct gk_err *err,
		 sqlite3_stmt **stmt, const char *sql, const char *types, ...);

/*
 * Step st (the caller's prepared statement; finalized here) to its end,
 * collecting its rows into a new array of elem_size-byte elements:
 * fill(ctx, elem, st, err) writes the current row into the zeroed elem and
 * returns 0, or a negative GK_E* code (err filled) to stop.  release(elem),
 * unless NULL, frees what fill allocated, for the rows already collected
 * when a later row fails.  out is the address of the caller's array
 * pointer: on success it receives the array (caller frees) and *count its
 * length; on failure both are left empty.
 */
int gk_store_collect(struct gk_store *store, sqlite3_stmt *st, size_t elem_size,
		     int (*fill)(void *ctx, void *elem, sqlite3_stmt *st,
				 struct gk_err *err),
		     void *ctx, void (*release)(void *elem), void *out,
		     int *count, struct gk_err *err);

/* Copy column col as text into out (size bytes), "" for NULL. */
void gk_col_copy(sqlite3_stmt *stmt, int col, char *out, size_t size);
/* A malloc'd copy of column col as text ("" for NULL), or NULL on ENOMEM. */
char *gk_col_dup(sqlite3_stmt *stmt, int col);

#endif
