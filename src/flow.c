#include "flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "sync.h"
#include "secrecy.h"
#include "text.h"

static const struct {
	const char *key, *label;
} queues[] = {
#define GK_QUEUE_ROW(name, key, label) {key, label},
    GK_QUEUES(GK_QUEUE_ROW)
#undef GK_QUEUE_ROW
};

/*
 * Each queue is a filter on item i; the page and count queries are built
 * from it at compile time.  Parameters: :me the actor, :dept the actor's
 * department, :wide whether they see every item (doc.h), :last the last
 * step, :u and :id the cursor, :n the limit.
 * Every page query walks an index that ends in (updated, id).
 */
/* clang-format off */
#define QUEUE_FILTERS(X)                                                       \
	X(DRAFTS, "i.author_id = :me AND i.state = 'draft'")                   \
	X(RETURNED, "i.author_id = :me AND i.state = 'returned'")              \
	X(SUBMITTED, "i.author_id = :me AND i.state = 'review'")               \
	X(REVIEW,                                                              \
	  "i.state = 'review' AND i.author_id <> :me "                         \
	  "AND EXISTS (SELECT 1 FROM flow_step s JOIN user_role r "            \
	  "  ON r.role = s.role AND r.user_id = :me WHERE s.step_no = i.step " \
	  "  AND (s.scope = 'any' OR (s.scope = 'dept' AND i.dept_id = :dept) "\
	  "  OR (s.scope = 'deputy' AND EXISTS (SELECT 1 FROM dept dd "        \
	  "    WHERE dd.id = i.dept_id "                                       \
	  "    AND (dd.deputy_id IS NULL OR dd.deputy_id = :me))))) "          \
	  "AND NOT EXISTS (SELECT 1 FROM item_event e WHERE e.item_id = i.id " \
	  "  AND e.round = i.round AND e.actor_id = :me "                      \
	  "  AND e.action IN ('approve', 'return'))")                          \
	X(SIGNOFF, "i.state = 'review' AND i.step = :last")                    \
	X(SIGNED, "i.state = 'signed'")                                        \
	X(ALL, GK_VISIBLE_SQL)

#define PAGE_SQL(name, filter)                                                 \
	"SELECT i.id, i.state, i.step, i.updated, v.title, d.name, u.name "    \
	"FROM item i JOIN item_version v ON v.id = i.version_id "              \
	"JOIN dept d ON d.id = i.dept_id JOIN user u ON u.id = i.author_id "   \
	"WHERE " filter " AND (i.updated, i.id) < (:u, :id) "                  \
	"ORDER BY i.updated DESC, i.id DESC LIMIT :n",
#define COUNT_SQL(name, filter) "SELECT count(*) FROM item i WHERE " filter,

/* clang-format on */

static const char *const page_sql[] = {QUEUE_FILTERS(PAGE_SQL)};
static const char *const count_sql[] = {QUEUE_FILTERS(COUNT_SQL)};

const char *gk_queue_key(enum gk_queue q)
{
	return queues[q].key;
}
const char *gk_queue_label(enum gk_queue q)
{
	return _(queues[q].label);
}
int gk_queue_shown(const struct gk_user *me, enum gk_queue q,
		   const struct gk_step *steps, int nsteps)
{
	unsigned signer = 0;
	if (nsteps > 0) {
		int role = gk_role_index(steps[nsteps - 1].role);
		signer = role >= 0 ? 1u << role : 0;
	}
	unsigned reviewer =
	    GK_ROLE_DEPT_HEAD | GK_ROLE_DEPUTY | GK_ROLE_DIRECTOR;
	unsigned supervisor = GK_ROLE_DIRECTOR | GK_ROLE_PUBLISHER;
	switch (q) {
	case GK_QUEUE_DRAFTS:
	case GK_QUEUE_RETURNED:
	case GK_QUEUE_SUBMITTED: return (me->roles & GK_ROLE_DRAFTER) != 0;
	case GK_QUEUE_REVIEW: return (me->roles & reviewer) != 0;
	case GK_QUEUE_SIGNOFF:
		return (me->roles & supervisor) != 0 && !(me->roles & signer);
	case GK_QUEUE_SIGNED: return (me->roles & supervisor) != 0;
	case GK_QUEUE_ALL: return 1;
	default: return 0;
	}
}

const char *gk_queue_sql(enum gk_queue q)
{
	return page_sql[q];
}

int gk_queue_parse(const char *key)
{
	for (int q = 0; q < GK_QUEUE_COUNT; q++)
		if (strcmp(key, queues[q].key) == 0)
			return q;
	return -1;
}

/* Load actor and item for a decision and run every check. */
static int prepare_decision(struct gk_store *store, const char *actor_id,
			    const char *item_id, const char *seen_hash,
			    struct gk_user *actor, struct gk_item *item,
			    struct gk_err *err)
{
	int rc;
	if ((rc = gk_user_require(store, actor_id, 0, actor, err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, item, err)) < 0 ||
	    (rc = gk_chain_may_decide(store, actor, item, err)) < 0)
		return rc;
	return gk_doc_check_seen(item, seen_hash, err);
}

/* Write item's new place in the flow, its event and its audit entry. */
static int record(struct gk_store *store, struct gk_item *item,
		  const struct gk_user *actor, enum gk_event_kind kind,
		  enum gk_audit_action audit, const char *comment,
		  enum gk_state new_state, int new_step, struct gk_err *err)
{
	char now[GK_TIME_LEN], detail[96];
	int rc;

	gk_store_now(store, now);
	if ((rc = gk_sync_require_settled(store, "item", item->id, err)) < 0 ||
	    (rc = gk_doc_event(store, item, actor->id, kind, comment, err)) < 0)
		return rc;
	if ((rc = gk_store_exec(
		 store, err,
		 "UPDATE item SET state = ?, step = ?, round = ?, "
		 "updated = ? WHERE id = ?",
		 "tddtt", gk_state_key(new_state), new_step, item->round, now,
		 item->id)) < 0)
		return rc;
	snprintf(detail, sizeof detail, "v%d step %d %.16s", item->version,
		 item->step, item->hash);
	return gk_audit_append(store, actor->login, audit, item->id, detail,
			       err);
}

int gk_flow_submit(struct gk_store *store, const char *actor_id,
		   const char *item_id, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	int rc;

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0 ||
	    (rc = gk_doc_require_owner(&actor, &item, 1, err)) < 0)
		goto done;
	if (!gk_state_editable(item.state)) {
		rc = gk_fail(err, GK_EDENIED,
			     _("Only drafts and returned items can be "
			       "submitted (this one: %s)."),
			     gk_state_label(item.state));
		goto done;
	}
	if (gk_text_blank(item.body)) {
		rc = gk_fail(err, GK_EDENIED,
			     _("The item has no body yet; write it before "
			       "submitting."));
		goto done;
	}
	item.round++;
	item.step = 1;
	rc = record(store, &item, &actor, GK_EVENT_SUBMIT, GK_AUDIT_SUBMIT,
		    NULL, GK_STATE_REVIEW, 1, err);
done:
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

int gk_flow_approve(struct gk_store *store, const char *actor_id,
		    const char *item_id, const char *seen_hash,
		    const char *comment, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	struct gk_step step;
	int last, rc;

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = prepare_decision(store, actor_id, item_id, seen_hash, &actor,
				   &item, err)) < 0 ||
	    (rc = gk_chain_step(store, item.step, &step, &last, err)) < 0)
		goto done;
	int signs_off = item.step >= last;
	/* 先审核、后公开: no sign-off before the confidentiality review. */
	if (signs_off && (rc = gk_secrecy_require(store, &item, err)) < 0)
		goto done;
	rc = record(store, &item, &actor, GK_EVENT_APPROVE, GK_AUDIT_APPROVE,
		    comment, signs_off ? GK_STATE_SIGNED : GK_STATE_REVIEW,
		    signs_off ? 0 : item.step + 1, err);
done:
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

int gk_flow_return(struct gk_store *store, const char *actor_id,
		   const char *item_id, const char *seen_hash,
		   const char *comment, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	int rc;

	int blank = 1;
	for (const char *p = comment ? comment : ""; *p; p++)
		blank &= *p == ' ' || *p == '\t' || *p == '\n';
	if (blank)
		return gk_fail(err, GK_EINVAL,
			       _("Returning an item needs a comment that says "
				 "what to change."));
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = prepare_decision(store, actor_id, item_id, seen_hash, &actor,
				   &item, err)) == 0)
		rc =
		    record(store, &item, &actor, GK_EVENT_RETURN,
			   GK_AUDIT_RETURN, comment, GK_STATE_RETURNED, 0, err);
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

/* Bind the queue parameters that stmt uses. */
static int bind_queue(sqlite3_stmt *st, const struct gk_user *actor, int last,
		      const struct gk_cursor *after, int limit)
{
	int rc = SQLITE_OK, i;
	const char *u = after->updated[0] ? after->updated : "~";
	const char *id = after->updated[0] ? after->id : "";
	if ((i = sqlite3_bind_parameter_index(st, ":me")))
		rc |= sqlite3_bind_text(st, i, actor->id, -1, SQLITE_TRANSIENT);
	if ((i = sqlite3_bind_parameter_index(st, ":dept")))
		rc |= sqlite3_bind_text(st, i, actor->dept_id, -1,
					SQLITE_TRANSIENT);
	if ((i = sqlite3_bind_parameter_index(st, ":wide")))
		rc |= sqlite3_bind_int(st, i,
				       (actor->roles & GK_ROLES_WIDE) != 0);
	if ((i = sqlite3_bind_parameter_index(st, ":last")))
		rc |= sqlite3_bind_int(st, i, last);
	if ((i = sqlite3_bind_parameter_index(st, ":u")))
		rc |= sqlite3_bind_text(st, i, u, -1, SQLITE_TRANSIENT);
	if ((i = sqlite3_bind_parameter_index(st, ":id")))
		rc |= sqlite3_bind_text(st, i, id, -1, SQLITE_TRANSIENT);
	if ((i = sqlite3_bind_parameter_index(st, ":n")))
		rc |= sqlite3_bind_int(st, i, limit);
	return rc;
}

/* Prepare queue q's page or count query for actor. */
static int prep_queue(struct gk_store *store, const char *actor_id,
		      enum gk_queue q, const char *sql,
		      const struct gk_cursor *after, int limit,
		      sqlite3_stmt **st, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_step step;
	int last, rc;

	if ((unsigned)q >= GK_QUEUE_COUNT)
		return gk_fail(err, GK_EINVAL, _("No such queue."));
	if ((rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0 ||
	    (rc = gk_chain_step(store, 1, &step, &last, err)) < 0 ||
	    (rc = gk_store_prep(store, err, st, sql, "")) < 0)
		return rc;
	if (bind_queue(*st, &actor, last, after, limit) != SQLITE_OK) {
		rc = gk_store_dberr(store, err);
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

int gk_flow_queue(struct gk_store *store, const char *actor_id, enum gk_queue q,
		  struct gk_cursor after, int limit, struct gk_queue_row **rows,
		  int *count, struct gk_cursor *next, struct gk_err *err)
{
	sqlite3_stmt *st;
	struct gk_queue_row *list;
	int rc, n = 0;

	*rows = NULL;
	*count = 0;
	memset(next, 0, sizeof *next);
	if (limit < 1 || limit > 10000)
		return gk_fail(err, GK_EINVAL,
			       _("A page holds 1 to 10000 items, not %d."),
			       limit);
	if ((rc = prep_queue(store, actor_id, q, page_sql[q], &after, limit,
			     &st, err)) < 0)
		return rc;
	list = calloc((size_t)limit, sizeof *list);
	if (!list) {
		sqlite3_finalize(st);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct gk_queue_row *r = &list[n++];
		gk_col_copy(st, 0, r->id, sizeof r->id);
		gk_col_copy(st, 1, r->state, sizeof r->state);
		r->step = sqlite3_column_int(st, 2);
		gk_col_copy(st, 3, r->updated, sizeof r->updated);
		gk_col_copy(st, 4, r->title, sizeof r->title);
		gk_col_copy(st, 5, r->dept_name, sizeof r->dept_name);
		gk_col_copy(st, 6, r->author_name, sizeof r->author_name);
	}
	rc = rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	if (rc < 0) {
		free(list);
		return rc;
	}
	if (n == limit) {
		memcpy(next->updated, list[n - 1].updated,
		       sizeof next->updated);
		memcpy(next->id, list[n - 1].id, sizeof next->id);
	}
	*rows = list;
	*count = n;
	return 0;
}

int gk_flow_queue_count(struct gk_store *store, const char *actor_id,
			enum gk_queue q, int64_t *count, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = prep_queue(store, actor_id, q, count_sql[q], &GK_CURSOR_START,
			    0, &st, err);
	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	return rc;
}

int gk_flow_last_decided(struct gk_store *store, const char *item_id,
			 const char *actor_id, int *version, struct gk_err *err)
{
	sqlite3_stmt *st;
	*version = 0;
	/* The same order as the history: time, then insertion. */
	int rc = gk_store_row(store, err, &st,
			      "SELECT v.n FROM item_event e "
			      "JOIN item_version v ON v.id = e.version_id "
			      "WHERE e.item_id = ? AND e.actor_id = ? "
			      "AND e.action IN ('approve', 'return') "
			      "ORDER BY e.at DESC, e.rowid DESC LIMIT 1",
			      "tt", item_id, actor_id);
	if (rc <= 0)
		return rc;
	*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}
