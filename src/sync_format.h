/*
 * sync_format — the change file as bytes: parsing it, the checks of the
 * changesets it carries, what a change's signature covers, key
 * fingerprints, the names export gives the files, and which schema
 * versions a station reads.
 *
 * A pure module: no database, no files, no clock.  What it needs is the
 * bytes it is given (and libsodium for hashes); it links with err.c and
 * text.c alone, which is what the fuzz target tests/fuzz/fuzz_sync.c
 * links.  Writing a file needs the database (the changes held), so the
 * writer is in sync_export.c; the layout below is the one place that
 * describes what both sides agree on.
 *
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
#ifndef GK_SYNC_FORMAT_H
#define GK_SYNC_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "store.h" /* GK_ID_HEX, GK_TIME_LEN, GK_HASH_HEX: constants only */

#define GK_SYNC_FORMAT 1
#define GK_SYNC_MAGIC  "gongkai-sync"
#define GK_SYNC_EXT    ".gksync"

/* A key's fingerprint: 8 groups of 4 hex digits, "3f2a-9c1b-…". */
#define GK_FPR_LEN	    40
#define GK_STATION_NAME_MAX 60
#define GK_SYNC_NAME_SIZE   (GK_STATION_NAME_MAX * 4 + 1)
/* Ed25519 (crypto_sign_*): a public key, a signature. */
#define GK_SYNC_PK_BYTES  32
#define GK_SYNC_SIG_BYTES 64
/* The most columns a synced table has, with room to grow. */
#define GK_SYNC_MAX_COLS 64

struct gk_sync_record {
	char origin[GK_ID_HEX + 1];
	int64_t seq, schema, audit_seq;
	char created[GK_TIME_LEN];
	char audit_hash[GK_HASH_HEX + 1];
	const unsigned char *payload; /* into the file's buffer */
	size_t size;
	unsigned char sig[GK_SYNC_SIG_BYTES];
};

struct gk_sync_key {
	char id[GK_ID_HEX + 1];
	unsigned char pubkey[GK_SYNC_PK_BYTES];
	char name[GK_SYNC_NAME_SIZE];
};

struct gk_sync_file {
	int format;
	char agency[GK_ID_HEX + 1];
	char agency_name[256];
	int64_t schema;
	struct gk_sync_key from;
	char made[GK_TIME_LEN];
	int64_t audit_seq;
	char audit_hash[GK_HASH_HEX + 1];
	struct gk_sync_holds {
		char origin[GK_ID_HEX + 1];
		int64_t seq;
	} * holds;
	int nholds;
	struct gk_sync_key *keys; /* the stations whose changes it carries */
	int nkeys;
	struct gk_sync_record *records;
	int nrecords;
	size_t signed_len; /* bytes covered by the signature */
	unsigned char sig[GK_SYNC_SIG_BYTES];
};

/*
 * Parse a change file held in buf (len bytes) and check its hash: a pure
 * function of the bytes, no database.  GK_EINVAL with a message saying
 * what is wrong (not a change file, truncated, damaged).  The records
 * point into buf.  gk_sync_file_free() releases what parse allocated.
 */
int gk_sync_parse(const unsigned char *buf, size_t len,
		  struct gk_sync_file *out, struct gk_err *err);
void gk_sync_file_free(struct gk_sync_file *f);

/* 0 when payload (size bytes) is a well-formed changeset that SQLite's
 * changeset functions may read, -1 when it is not (they could loop for
 * ever on some malformed ones). */
int gk_sync_changeset_check(const void *payload, size_t size);

/* What a change's signature covers, as text into out (512 bytes are
 * enough): the file's agency, the change's origin, number, schema, time,
 * audit entry, and the BLAKE2b of its payload. */
void gk_sync_change_message(const char *agency, const char *origin, int64_t seq,
			    int64_t schema, const char *created,
			    int64_t audit_seq, const char *audit_hash,
			    const unsigned char *payload, size_t size,
			    char *out, size_t out_size);

/* The fingerprint of a public key: the first 16 bytes of its BLAKE2b. */
void gk_sync_fingerprint_of(const unsigned char pk[GK_SYNC_PK_BYTES],
			    char out[GK_FPR_LEN]);
/* A fingerprint typed with any separators (-, :, space), in any case,
 * written back in the canonical form; -1 if it is not one. */
int gk_sync_fingerprint_parse(const char *in, char out[GK_FPR_LEN]);

/*
 * The names export gives change files in a folder:
 * gk-ID8-YYYYMMDD-HHMMSS-mmm[-N].gksync, from the station's id and the
 * time (as gk_time_format writes it); n > 1 adds "-n" when the name is
 * taken.  Written into out (size bytes).
 */
void gk_sync_file_name(const char *station_id, const char *time, int n,
		       char *out, size_t size);
/* Is name (no folder) a change file, by its extension, not hidden? */
int gk_sync_is_file_name(const char *name);
/* The first 8 hex digits of the station that wrote a file named as
 * gk_sync_file_name names it, into station (9 bytes); -1 (and station
 * "") for any other name. */
int gk_sync_file_name_station(const char *name, char station[9]);

/*
 * May a station at schema here read changes written at schema written?
 * Older ones yes (docs/architecture.md, "Schema upgrades between
 * stations"); a newer one is refused, GK_EINVAL, with a message naming
 * the schema and the gongkai release to install.
 */
int gk_sync_schema_readable(int64_t written, int here, struct gk_err *err);
/* The first gongkai release with schema version schema ("0.1.0"), or
 * NULL for a schema newer than this gongkai knows. */
const char *gk_sync_schema_release(int64_t schema);

#endif
