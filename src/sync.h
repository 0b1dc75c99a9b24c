/*
 * sync — stations that share one agency's data by carrying signed change
 * files (USB stick, shared folder).
 *
 * Each station has an id and an Ed25519 key pair; the secret key lives in
 * a file beside the database (PATH.key, mode 0600), never in it
 * (docs/architecture.md, "Sync").  Every write transaction records the
 * changeset of the synced tables (gk_sync_tables) as the station's next
 * change, numbered 1, 2, … (sync_record.c, the store's recorder).  Export
 * writes the changes a peer lacks, its own and those it holds from others,
 * into one signed file; import verifies the whole file before it touches
 * anything, then applies it in one transaction.  A row changed on two
 * stations becomes a conflict that a person resolves; until then the row
 * it belongs to (an item, a department …) waits: gk_sync_require_settled.
 *
 * This one header is the module's interface for the fronts and the other
 * nouns; its files are
 *   sync_record.c    the synced tables (gk_sync_tables), the recorder the
 *                    store calls around every write transaction, the
 *                    upgrade of a database set up before sync
 *   sync_format.c/h  the change file's bytes: pure, no database (what the
 *                    fuzz target links)
 *   sync_export.c    writing a file
 *   sync_import.c    reading one: verification, applying, conflicts
 *                    found, init --from
 *   sync_conflict.c  open conflicts: the gate, the list, resolving
 *   sync_station.c   stations, keys, trust, the audit check, the folder
 *   sync_int.h       what these files share and nobody else uses
 */
#ifndef GK_SYNC_H
#define GK_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "sync_format.h"

/*
 * A synced table, described once for recording, import, conflicts and
 * their resolution, instead of comparisons of table names.  Columns are
 * named; their positions are read from the schema when needed.
 */
enum gk_sync_duplicate {
	GK_SYNC_DUP_CONFLICT = 0, /* a key taken twice with other values:
				   * a conflict for a person (a setting made
				   * on two stations) */
	GK_SYNC_DUP_SAME,	  /* one fact made twice: nothing to do */
	GK_SYNC_DUP_REFUSE,	  /* the file is refused (taken says why) */
};

struct gk_sync_table {
	const char *name;
	/* The column every change of a row sets to its time, or NULL: a later
	 * change to a row in conflict then conflicts too, two rows that
	 * differ in it alone are one, and a resolution writes a new time. */
	const char *updated;
	/* The column naming the item whose catalog entry the row feeds (an
	 * import rebuilds it with gk_doc_index), or NULL; item_row: the row
	 * is the item itself (counted among the items an import changed,
	 * rebuilt on any change; other rows only when inserted). */
	const char *item;
	int item_row;
	/* The column holding an event's action: an import counts approvals,
	 * returns, publications and withdrawals as decisions. */
	const char *action;
	/* The conflict gate: a conflict on a row of this table holds the row
	 * of table noun whose key column noun_column holds (a publication
	 * holds its item); NULL: the row itself.  A chain is followed
	 * (a delivery holds its publication, which holds its item). */
	const char *noun, *noun_column;
	/* What a key arriving twice with other values means; for REFUSE
	 * (and for any table when a change breaks a UNIQUE rule, when taken
	 * is set) why the file is refused. */
	enum gk_sync_duplicate duplicate;
	const char *duplicate_why, *taken;
	/* How people name a row: label (N_(), "the department") and the
	 * value of label_column ("综合科"; NULL: the key's). */
	const char *label, *label_column;
	/* Columns shown by their meaning in the conflict queue: a state by
	 * its name (gk_state_label), a version by its number. */
	const char *state, *version;
	/* The audit log itself: a transaction that inserts into it is
	 * audited (the audit rule, checked at commit). */
	int audit_log;
	/* Updates of its rows may commit without an audit entry (the audit
	 * rule, checked at every commit, has this one exception): the
	 * outcome of writing a delivery's files, which the machine records
	 * after the publication's own audited transaction. */
	int machine_updates;
	/* The rows are resolutions of conflicts (sync_resolution): an import
	 * writes each one's row and closes the conflict on it. */
	int resolutions;
};

/* The synced tables, in the order a changeset lists them; a NULL name
 * ends it.  Everything else (local_state, login_state, sync_*, item_fts)
 * is this station's own. */
extern const struct gk_sync_table gk_sync_tables[];

/* The description of table name, or NULL when it is not synced. */
const struct gk_sync_table *gk_sync_table(const char *name);

/*
 * The store's recorder (sync_record.c installs it with
 * gk_store_set_recorder when the program starts): on opening, a station
 * set up before sync existed (schema 3 and older) gets its key, its
 * station row and, as its first change, every row of the synced tables it
 * holds (gk_sync_upgrade; nothing to do, and no write, for any other
 * database); every write transaction records the changes to the synced
 * tables and stores them at commit as this station's next change
 * (gk_sync_record), refusing the commit when they carry no audit entry.
 */
int gk_sync_upgrade(struct gk_store *store, struct gk_err *err);
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
	int self;    /* this station */
	int trusted; /* its key is trusted here */
	int offered; /* only known from a refused file */
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
		  const char *fingerprint,
		  char name[GK_STATION_NAME_MAX * 4 + 1], struct gk_err *err);

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
	char path[4096]; /* the file written */
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
	/* The row the conflict holds (gk_sync_require_settled): its table
	 * and key, and its name for people ("the department 综合科"). */
	char noun[32], noun_id[256], label[256];
	char item_id[GK_ID_HEX + 1]; /* noun_id when noun is an item, else '' */
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

/*
 * The conflict gate, for every noun: GK_EDENIED, with a message naming the
 * row and the other station, while the row of tbl whose key is row_id has
 * an open conflict, its own or one of a row it holds (an item: its
 * publications and their deliveries; gk_sync_table's noun).  row_id is
 * the key's value, or for a key of several columns their JSON array.
 * Every write that changes a synced row a person edits calls it first
 * (doc, flow and publish for items).  0 when settled.
 */
int gk_sync_require_settled(struct gk_store *store, const char *tbl,
			    const char *row_id, struct gk_err *err);

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

#endif
