/*
 * sync — stations that share one agency's data by carrying signed change
 * files (USB stick, shared folder).
 *
 * Each station has an id and an Ed25519 key pair; the secret key lives in
 * a file beside the database (PATH.key, mode 0600), never in it
 * (docs/architecture.md, "Sync").  Every write transaction records the
 * changeset of the synced tables (gk_sync_tables) as the station's next
 * change, numbered 1, 2, … (store.c calls gk_sync_record).  Export writes
 * the changes a peer lacks, its own and those it holds from others, into
 * one signed file; import verifies the whole file before it touches
 * anything, then applies it in one transaction.  A row changed on two
 * stations becomes a conflict that a person resolves; until then its item
 * cannot advance.
 */
#ifndef GK_SYNC_H
#define GK_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The synced tables, in the order a changeset lists them; NULL ends it.
 * Everything else (local_state, login_state, sync_*, item_fts) is this
 * station's own. */
extern const char *const gk_sync_tables[];

/* A key's fingerprint: 8 groups of 4 hex digits, "3f2a-9c1b-…". */
#define GK_FPR_LEN 40
#define GK_STATION_NAME_MAX 60

/*
 * store.c, on opening: a station set up before sync existed (schema 3 and
 * older) gets its key, its station row and, as its first change, every
 * row of the synced tables it holds, so that a full export carries its
 * whole history.  Nothing to do (and no write) for any other database.
 */
int gk_sync_upgrade(struct gk_store *store, struct gk_err *err);

/* store.c: record payload (a changeset) as this station's next change,
 * inside the open write transaction. */
int gk_sync_record(struct gk_store *store, const void *payload, int size,
		   struct gk_err *err);

/*
 * Inside init's write transaction, after local_state holds the station id:
 * make this station's key pair (the secret key written to PATH.key with
 * mode 0600), its station row and the trust in its own key.  name: the
 * station's name ('' = the host's name).
 */
int gk_sync_station_create(struct gk_store *store, const char *name,
			   const char *by_login, struct gk_err *err);

/* An administrator names this station (the name other stations see). */
int gk_sync_rename(struct gk_store *store, const char *actor_id,
		   const char *name, struct gk_err *err);

/* A station as people read it: "NAME (id8)", or the id's first 8 hex
 * digits when it is not known here. */
void gk_sync_station_label(struct gk_store *store, const char *id, char *out,
			   size_t size);

/* This station's id is store->station_id; its key's fingerprint: */
int gk_sync_fingerprint(struct gk_store *store, char out[GK_FPR_LEN],
			struct gk_err *err);

/* A station of the agency, as the sync screen and `sync peers` show it. */
struct gk_station {
	char id[GK_ID_HEX + 1];
	char name[GK_STATION_NAME_MAX * 4 + 1];
	char fingerprint[GK_FPR_LEN];
	int self;	/* this station */
	int trusted;	/* its key is trusted here */
	int offered;	/* only known from a refused file */
	char last_in[GK_TIME_LEN], last_out[GK_TIME_LEN];
	char file_in[256], file_out[256];
	int64_t waiting; /* changes it has not acknowledged */
};

/* This station first, then the others by name. */
int gk_sync_peers(struct gk_store *store, struct gk_station **out, int *count,
		  struct gk_err *err);

/*
 * An administrator trusts the key with this fingerprint (any separators,
 * any case): one a refused file offered, or one not seen yet (pre-trust).
 * *name receives the station's name, '' when pre-trusted.
 */
int gk_sync_trust(struct gk_store *store, const char *actor_id,
		  const char *fingerprint, char name[GK_STATION_NAME_MAX * 4 + 1],
		  struct gk_err *err);

/* What an export or an import did. */
struct gk_sync_summary {
	int changes;   /* changes written, or applied */
	int skipped;   /* changes this station held already */
	int items;     /* items created or changed */
	int decisions; /* approvals, returns, publications, withdrawals */
	int conflicts; /* conflicts found */
	int64_t bytes; /* size of the file */
	/* The file's station and its key, also when the file was refused
	 * (once it parsed): the fingerprint to compare before trusting. */
	char from[GK_STATION_NAME_MAX * 4 + 1];
	char fingerprint[GK_FPR_LEN];
	char path[4096];			 /* the file written */
};

/*
 * Write a change file into path, or into a new file in path when path is a
 * folder (gk-STATION-TIME.gksync; the name goes to summary->path).  to:
 * the changes that station (an id prefix or its name) has not acknowledged;
 * NULL: those some other station has not; full: every change held (the
 * bootstrap file for `init --from`).  The file is written under a
 * temporary name, flushed, renamed, read back and verified.
 */
int gk_sync_export(struct gk_store *store, const char *actor_id,
		   const char *path, const char *to, int full,
		   struct gk_sync_summary *summary, struct gk_err *err);

/* What an import did, in a sentence: "From 信息科: 12 changes, 1 item,
 * 2 decisions, 0 conflicts." or "Nothing new: …". */
void gk_sync_describe(const struct gk_sync_summary *sum, char *out,
		      size_t size);

/* Called as an import applies: done of total changes. */
typedef void (*gk_sync_progress)(void *ctx, int done, int total);

/*
 * Verify the file at path, then apply its new changes in one transaction.
 * A refused file changes nothing but the audit entry that records the
 * refusal (GK_EINVAL: damaged, truncated, another agency, another schema,
 * a missing earlier file; GK_EDENIED: an untrusted key; GK_ETAMPER: a bad
 * signature or a rewritten history).  A file already imported changes
 * nothing (summary->changes == 0).
 */
int gk_sync_import(struct gk_store *store, const char *actor_id,
		   const char *path, gk_sync_progress progress, void *ctx,
		   struct gk_sync_summary *summary, struct gk_err *err);

/*
 * `init --from`: on a database without an agency, apply a full export
 * (every station's changes from the first), trusting the key that signed
 * it, then give this station its own id, key and name.  admin_login and
 * password must be an administrator's of the agency in the file.
 */
int gk_sync_join(struct gk_store *store, const char *path, const char *name,
		 const char *admin_login, const char *password,
		 struct gk_sync_summary *summary, struct gk_err *err);

/* A row changed on two stations, as `sync conflicts` lists it. */
struct gk_conflict {
	char id[GK_ID_HEX + 1];
	char tbl[32];
	char item_id[GK_ID_HEX + 1]; /* '' when not about an item */
	char title[512];	     /* the item's current title */
	char origin[GK_STATION_NAME_MAX * 4 + 1]; /* the other station */
	char at[GK_TIME_LEN];
	/* For an item: the current version here and there. */
	char local_version[GK_ID_HEX + 1], remote_version[GK_ID_HEX + 1];
	char *changes; /* "column: here → there" lines; malloc'd */
};

int gk_sync_conflicts(struct gk_store *store, struct gk_conflict **out,
		      int *count, struct gk_err *err);
void gk_sync_conflicts_free(struct gk_conflict *c, int count);

/*
 * Resolve the open conflict id (a unique prefix): take_remote 0 keeps the
 * row as it is here, 1 takes the other station's.  The choice travels
 * with the next file, and every station that imports it writes the same
 * row.  Admins may resolve any conflict; for an item also its author, its
 * department's head, deputies, the director and the publisher.
 */
int gk_sync_resolve(struct gk_store *store, const char *actor_id,
		    const char *id, int take_remote, struct gk_err *err);

/* GK_EDENIED while the item has an open conflict. */
int gk_sync_require_settled(struct gk_store *store, const char *item_id,
			    struct gk_err *err);

/* Open conflicts here (the status line, the queues). */
int gk_sync_conflict_count(struct gk_store *store, int64_t *count,
			   struct gk_err *err);

/*
 * Check what earlier files proved: every change's recorded audit hash
 * still matches the audit entry it names.  *checked: changes checked.
 */
int gk_sync_verify_audit(struct gk_store *store, int64_t *checked,
			 struct gk_err *err);

/* The folder export and import use last (local_state), '' if none. */
int gk_sync_folder(struct gk_store *store, char *out, size_t size,
		   struct gk_err *err);
int gk_sync_set_folder(struct gk_store *store, const char *dir,
		       struct gk_err *err);

/* ---- the file format, for import and the fuzz target ---------------- */

struct gk_sync_record {
	char origin[GK_ID_HEX + 1];
	int64_t seq, schema, audit_seq;
	char created[GK_TIME_LEN];
	char audit_hash[GK_HASH_HEX + 1];
	const unsigned char *payload; /* into the file's buffer */
	size_t size;
	unsigned char sig[64];
};

struct gk_sync_key {
	char id[GK_ID_HEX + 1];
	unsigned char pubkey[32];
	char name[GK_STATION_NAME_MAX * 4 + 1];
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
	} *holds;
	int nholds;
	struct gk_sync_key *keys; /* the stations whose changes it carries */
	int nkeys;
	struct gk_sync_record *records;
	int nrecords;
	size_t signed_len; /* bytes covered by the signature */
	unsigned char sig[64];
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

#endif
