/*
 * sync_int — what the files of the sync module share (sync.h lists them)
 * and no other module uses.  Functions here follow sync.h's rules: they
 * run inside the caller's transaction when they write, return 0 or a
 * negative GK_E* code with err filled.
 */
#ifndef GK_SYNC_INT_H
#define GK_SYNC_INT_H

#include <sodium.h>

#include "sync.h"

#define SIG_BYTES crypto_sign_BYTES
#define PK_BYTES  crypto_sign_PUBLICKEYBYTES
#define SK_BYTES  crypto_sign_SECRETKEYBYTES
#define NAME_SIZE GK_SYNC_NAME_SIZE
#define MAX_COLS  GK_SYNC_MAX_COLS

/* sync_station.c: this station's secret key, read from its file and
 * checked against its station row; the caller wipes sk
 * (sodium_memzero). */
int gk_sync_load_key(struct gk_store *store, unsigned char sk[SK_BYTES],
		     unsigned char pk[PK_BYTES], struct gk_err *err);

/* sync_station.c: the key this station knows for station id into pk: 1,
 * or 0 when it knows none. */
int gk_sync_known_key(struct gk_store *store, const char *id,
		      unsigned char pk[PK_BYTES], struct gk_err *err);
/* sync_station.c: *trusted = 1 when an administrator trusts key pk. */
int gk_sync_is_trusted(struct gk_store *store, const unsigned char *pk,
		       int *trusted, struct gk_err *err);

/* sync_conflict.c: two values alike in type and bytes. */
int gk_sync_value_equal(sqlite3_value *a, sqlite3_value *b);
/*
 * sync_conflict.c: the row of tbl (ncol columns, key key of npk values)
 * as the other station had it before its change (the common ancestor),
 * into anc (copies, freed by the caller with sqlite3_value_free): local,
 * this station's row, with the changes this station holds undone, newest
 * first, until the row agrees with old, the other station's old values.
 * Without that, an approval there and a return here would mix into a row
 * neither station had.  When no such point is found, this station's row.
 */
void gk_sync_ancestor(struct gk_store *store, const char *tbl, int ncol,
		      sqlite3_value **local, sqlite3_value **old,
		      sqlite3_value **key, int npk, sqlite3_value **anc);

/*
 * sync_conflict.c: SQL over a synced table's columns, built from the
 * table's own schema (pragma table_info; the table is one of
 * gk_sync_tables and its column names are plain words), never from input,
 * into *out (malloc'd; caller frees):
 *   kind 'u': UPDATE t SET every column from the JSON array ?1 WHERE its
 *             key columns equal the JSON array ?2;
 *   kind 's': SELECT json_array(every column) FROM t WHERE key = ?2.
 */
int gk_sync_row_sql(struct gk_store *store, const char *tbl, char kind,
		    char **out, struct gk_err *err);
/* Write row (a JSON array of every column) into the row of tbl whose key
 * is pk (a JSON array). */
int gk_sync_write_row(struct gk_store *store, const char *tbl, const char *pk,
		      const char *row, struct gk_err *err);
/* The position of column col of tbl here, or -1 (col NULL, or none). */
int gk_sync_column(struct gk_store *store, const char *tbl, const char *col);
/*
 * sync_conflict.c: the row a conflict on the row of tbl with key pk (a
 * JSON array) holds, by gk_sync_table's noun chain: its table into noun
 * (32 bytes) and key into noun_id (256 bytes), a single key's value or the
 * JSON array of several.  row: the row's values (a JSON array), for the
 * first link.
 */
int gk_sync_conflict_noun(struct gk_store *store, const char *tbl,
			  const char *pk, const char *row, char noun[32],
			  char noun_id[256], struct gk_err *err);

#endif
