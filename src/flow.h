/*
 * flow — the review chain: submit, approve, return, the queues, and an
 * item's history.
 *
 * The chain is data (table flow_step; default 科室负责人审核 → 分管负责人审核
 * → 主要负责人签发).  The core enforces, whatever front end calls it:
 * - only the author (or an admin) submits a draft or a returned item;
 * - only a holder of the step's role decides it (for a 'dept' step, in the
 *   item's department; for a 'deputy' step, the department's named 分管
 *   deputy when it has one);
 * - the author never decides their own item; nobody decides two steps of
 *   the same item in one round;
 * - a decision names the exact version (content hash) it was made on;
 * - each submission starts a new round: decisions of earlier rounds no
 *   longer count.
 * Each refusal is GK_EDENIED with one sentence saying why.
 *
 * Queues are keyset-paged: pass the cursor returned by the previous page
 * (or GK_CURSOR_START for the first) and get at most limit rows, newest
 * first.
 */
#ifndef GK_FLOW_H
#define GK_FLOW_H

#include "chain.h"
#include "doc.h"

/* X(name, key, label) — the queues of the workstation. */
#define GK_QUEUES(X)                                                           \
	X(DRAFTS, "drafts", N_("My drafts"))                                   \
	X(RETURNED, "returned", N_("Returned"))                                \
	X(SUBMITTED, "submitted", N_("Submitted"))                             \
	X(REVIEW, "review", N_("To review"))                                   \
	X(SIGNOFF, "signoff", N_("Sign-off"))                                  \
	X(SIGNED, "signed", N_("Signed"))                                      \
	X(ALL, "all", N_("All items"))

/* clang-format off */
enum gk_queue {
#define GK_QUEUE_ENUM(name, key, label) GK_QUEUE_##name,
	GK_QUEUES(GK_QUEUE_ENUM)
#undef GK_QUEUE_ENUM
	GK_QUEUE_COUNT
};
/* clang-format on */

struct gk_queue_row {
	char id[GK_ID_HEX + 1];
	char state[16];
	int step;
	char updated[GK_TIME_LEN]; /* also: waiting since */
	char title[GK_TITLE_MAX * 4 + 1];
	char dept_name[GK_NAME_MAX * 4 + 1];
	char author_name[GK_NAME_MAX * 4 + 1];
};

/*
 * Where a page ended; an empty updated means "no further page" (in a
 * cursor a page returned) or "the start of the queue" (in one passed in).
 * A cursor goes into gk_flow_queue by value, so the cursor a call reads is
 * never the one it writes, whatever the caller passes.
 */
struct gk_cursor {
	char updated[GK_TIME_LEN];
	char id[GK_ID_HEX + 1];
};
#define GK_CURSOR_START ((struct gk_cursor){{0}, {0}})

/* Key and translated label of queue q; the queue for key, or -1. */
const char *gk_queue_key(enum gk_queue q);
const char *gk_queue_label(enum gk_queue q);
int gk_queue_parse(const char *key);
/*
 * Whether queue q makes sense for me's roles (the workstation shows it as
 * a tab): drafters see their own items, reviewers what waits for them,
 * the director and the disclosure officer what waits for sign-off and
 * what was signed off, everyone every item they may see.  Who decides
 * the last step of the chain (steps, nsteps: gk_chain_steps) finds what
 * waits for sign-off in their own review queue, so they do not get the
 * same list twice.
 */
int gk_queue_shown(const struct gk_user *me, enum gk_queue q,
		   const struct gk_step *steps, int nsteps);
/* The SQL of queue q's page query (for EXPLAIN QUERY PLAN in tests). */
const char *gk_queue_sql(enum gk_queue q);

/* Send the current version of a draft or returned item to step 1. */
int gk_flow_submit(struct gk_store *store, const char *actor_id,
		   const char *item_id, struct gk_err *err);

/*
 * Approve the item's current step; approving the last step signs it off.
 * seen_hash is the content hash of the version the reviewer read, or a
 * prefix of it of at least 8 characters (NULL: the current one); if the
 * item changed since, the decision is refused (GK_EDENIED); a malformed
 * hash is GK_EINVAL.
 * comment may be NULL.
 */
int gk_flow_approve(struct gk_store *store, const char *actor_id,
		    const char *item_id, const char *seen_hash,
		    const char *comment, struct gk_err *err);

/* Send the item back to its author (退回修改); comment is required. */
int gk_flow_return(struct gk_store *store, const char *actor_id,
		   const char *item_id, const char *seen_hash,
		   const char *comment, struct gk_err *err);

/*
 * One page of queue q as seen by actor: rows into *rows (caller frees),
 * their number in *count, and in *next the cursor for the next page.
 */
int gk_flow_queue(struct gk_store *store, const char *actor_id, enum gk_queue q,
		  struct gk_cursor after, int limit, struct gk_queue_row **rows,
		  int *count, struct gk_cursor *next, struct gk_err *err);

/* How many items queue q holds for actor. */
int gk_flow_queue_count(struct gk_store *store, const char *actor_id,
			enum gk_queue q, int64_t *count, struct gk_err *err);

/*
 * The version number that actor_id last approved or returned on item_id,
 * in any round, into *version; 0 when they never decided on it (also for
 * an unknown item or actor: nothing is checked).  A reviewer who sees an
 * item again diffs from this version to the current one (diff.h).
 */
int gk_flow_last_decided(struct gk_store *store, const char *item_id,
			 const char *actor_id, int *version,
			 struct gk_err *err);

#endif
