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

static int fill_step(void *ctx, void *elem, sqlite3_stmt *st,
		     struct gk_err *err)
{
	struct gk_step *step = elem;
	(void)ctx;
	(void)err;
	step->no = sqlite3_column_int(st, 0);
	gk_col_copy(st, 1, step->name, sizeof step->name);
	gk_col_copy(st, 2, step->role, sizeof step->role);
	gk_col_copy(st, 3, step->scope, sizeof step->scope);
	return 0;
}

int gk_flow_steps(struct gk_store *store, struct gk_step **steps, int *count,
		  struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc =
	    gk_store_prep(store, err, &st,
			  "SELECT step_no, name, role, scope FROM flow_step "
			  "ORDER BY step_no",
			  "");
	if (rc < 0 ||
	    (rc = gk_store_collect(store, st, sizeof **steps, fill_step, NULL,
				   NULL, steps, count, err)) < 0)
		return rc;
	if (*count == 0) {
		free(*steps);
		*steps = NULL;
		return gk_fail(err, GK_EINVAL,
			       _("The review chain has no steps."));
	}
	return 0;
}

int gk_flow_step(struct gk_store *store, int no, struct gk_step *out, int *last,
		 struct gk_err *err)
{
	struct gk_step *steps;
	int n, rc = gk_flow_steps(store, &steps, &n, err);
	if (rc < 0)
		return rc;
	*last = steps[n - 1].no;
	rc = gk_fail(err, GK_EINVAL, _("The review chain has no step %d."), no);
	for (int i = 0; i < n; i++)
		if (steps[i].no == no) {
			*out = steps[i];
			rc = 0;
		}
	free(steps);
	return rc;
}

int gk_flow_can_decide(struct gk_store *store, const struct gk_user *actor,
		       const struct gk_item *item, struct gk_err *err)
{
	struct gk_step step;
	sqlite3_stmt *st;
	int last, rc;

	if (strcmp(item->state, "review") != 0)
		return gk_fail(err, GK_EDENIED,
			       _("There is nothing to decide: this item is not "
				 "in review (its state: %s)."),
			       gk_state_label(item->state));
	if (strcmp(actor->id, item->author_id) == 0)
		return gk_fail(err, GK_EDENIED,
			       _("You wrote this item; the author cannot "
				 "approve or return their own item."));
	if ((rc = gk_flow_step(store, item->step, &step, &last, err)) < 0)
		return rc;
	int role = gk_role_index(step.role);
	if (role < 0 || !(actor->roles & (1u << role)))
		return gk_fail(err, GK_EDENIED,
			       _("Step %d (%s) needs the role %s, which %s "
				 "does not hold."),
			       step.no, step.name,
			       role < 0 ? step.role : gk_role_label(role),
			       actor->login);
	if (strcmp(step.scope, "dept") == 0 &&
	    strcmp(actor->dept_id, item->dept_id) != 0)
		return gk_fail(err, GK_EDENIED,
			       _("Step %d (%s) is decided in the item's own "
				 "department, %s; %s is in %s."),
			       step.no, step.name, item->dept_name,
			       actor->login,
			       actor->dept_name[0] ? actor->dept_name
						   : _("no department"));
	if (strcmp(step.scope, "deputy") == 0) {
		rc = gk_store_row(store, err, &st,
				  "SELECT u.id, u.name FROM dept d "
				  "JOIN user u ON u.id = d.deputy_id "
				  "WHERE d.id = ?",
				  "t", item->dept_id);
		if (rc < 0)
			return rc;
		if (rc) {
			int other =
			    strcmp((const char *)sqlite3_column_text(st, 0),
				   actor->id) != 0;
			char name[GK_NAME_MAX * 4 + 1];
			gk_col_copy(st, 1, name, sizeof name);
			sqlite3_finalize(st);
			if (other)
				return gk_fail(err, GK_EDENIED,
					       _("Step %d (%s) of items from "
						 "%s is decided by its deputy "
						 "in charge, %s."),
					       step.no, step.name,
					       item->dept_name, name);
		}
	}
	rc = gk_store_row(store, err, &st,
			  "SELECT step FROM item_event WHERE item_id = ? "
			  "AND round = ? AND actor_id = ? "
			  "AND action IN ('approve', 'return') LIMIT 1",
			  "tdt", item->id, item->round, actor->id);
	if (rc < 0)
		return rc;
	if (rc) {
		int earlier = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		return gk_fail(err, GK_EDENIED,
			       _("%s already decided step %d of this item; "
				 "nobody decides two steps of the same item."),
			       actor->login, earlier);
	}
	return 0;
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
	    (rc = gk_flow_can_decide(store, actor, item, err)) < 0)
		return rc;
	return gk_doc_check_seen(item, seen_hash, err);
}

/* Write item's new place in the flow, its event and its audit entry. */
static int record(struct gk_store *store, struct gk_item *item,
		  const struct gk_user *actor, const char *action,
		  enum gk_audit_action audit, const char *comment,
		  const char *new_state, int new_step, struct gk_err *err)
{
	char now[GK_TIME_LEN], detail[96];
	int rc;

	gk_store_now(store, now);
	if ((rc = gk_sync_require_settled(store, "item", item->id, err)) < 0 ||
	    (rc = gk_doc_event(store, item, actor->id, action, comment, err)) <
		0)
		return rc;
	if ((rc = gk_store_exec(
		 store, err,
		 "UPDATE item SET state = ?, step = ?, round = ?, "
		 "updated = ? WHERE id = ?",
		 "tddtt", new_state, new_step, item->round, now, item->id)) < 0)
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
	if (strcmp(item.state, "draft") != 0 &&
	    strcmp(item.state, "returned") != 0) {
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
	rc = record(store, &item, &actor, "submit", GK_AUDIT_SUBMIT, NULL,
		    "review", 1, err);
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
	    (rc = gk_flow_step(store, item.step, &step, &last, err)) < 0)
		goto done;
	int signs_off = item.step >= last;
	/* 先审核、后公开: no sign-off before the confidentiality review. */
	if (signs_off && (rc = gk_secrecy_require(store, &item, err)) < 0)
		goto done;
	rc = record(store, &item, &actor, "approve", GK_AUDIT_APPROVE, comment,
		    signs_off ? "signed" : "review",
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
		rc = record(store, &item, &actor, "return", GK_AUDIT_RETURN,
			    comment, "returned", 0, err);
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

/* Bind the queue parameters that stmt uses. */
static int bind_queue(sqlite3_stmt *st, const struct gk_user *actor, int last,
		      const struct gk_cursor *after, int limit)
{
	int rc = SQLITE_OK, i;
	const char *u = after && after->updated[0] ? after->updated : "~";
	const char *id = after && after->updated[0] ? after->id : "";
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
	    (rc = gk_flow_step(store, 1, &step, &last, err)) < 0 ||
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
		  const struct gk_cursor *after, int limit,
		  struct gk_queue_row **rows, int *count,
		  struct gk_cursor *next, struct gk_err *err)
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
	if ((rc = prep_queue(store, actor_id, q, page_sql[q], after, limit, &st,
			     err)) < 0)
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
	int rc =
	    prep_queue(store, actor_id, q, count_sql[q], NULL, 0, &st, err);
	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	return rc;
}

static int fill_event(void *ctx, void *elem, sqlite3_stmt *st,
		      struct gk_err *err)
{
	struct gk_event *e = elem;
	(void)ctx;
	gk_col_copy(st, 0, e->at, sizeof e->at);
	gk_col_copy(st, 1, e->action, sizeof e->action);
	e->round = sqlite3_column_int(st, 2);
	e->step = sqlite3_column_int(st, 3);
	e->version = sqlite3_column_int(st, 4);
	gk_col_copy(st, 5, e->hash, sizeof e->hash);
	gk_col_copy(st, 6, e->actor_login, sizeof e->actor_login);
	gk_col_copy(st, 7, e->actor_name, sizeof e->actor_name);
	gk_col_copy(st, 8, e->step_name, sizeof e->step_name);
	if (!(e->comment = gk_col_dup(st, 9)))
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	return 0;
}

static void release_event(void *elem)
{
	free(((struct gk_event *)elem)->comment);
}

void gk_events_free(struct gk_event *events, int count)
{
	for (int i = 0; i < count; i++)
		release_event(&events[i]);
	free(events);
}

int gk_flow_history(struct gk_store *store, const char *item_id,
		    struct gk_event **events, int *count, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(
	    store, err, &st,
	    "SELECT e.at, e.action, e.round, e.step, v.n, v.hash, "
	    "u.login, u.name, "
	    "CASE WHEN e.action IN ('create', 'edit') THEN '' "
	    "ELSE coalesce(s.name, '') END, e.comment "
	    "FROM item_event e JOIN user u ON u.id = e.actor_id "
	    "JOIN item_version v ON v.id = e.version_id "
	    "LEFT JOIN flow_step s ON s.step_no = e.step "
	    "WHERE e.item_id = ? ORDER BY e.at, e.rowid",
	    "t", item_id);
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **events, fill_event, NULL,
				release_event, events, count, err);
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

const char *gk_event_label(const struct gk_event *e, int last_step)
{
	static const struct {
		const char *action, *label;
	} labels[] = {
	    {"create", N_("created")},
	    {"edit", N_("edited")},
	    {"submit", N_("submitted")},
	    {"approve", N_("approved")},
	    {"return", N_("sent back")},
	    {"redact", N_("redacted")},
	    {"dismiss", N_("dismissed a finding")},
	    {"publish", N_("published")},
	    {"withdraw", N_("withdrawn")},
	    {"correct", N_("correction started")},
	    {"deliver", N_("delivery")},   {"coverage", N_("media coverage")},
	};
	if (strcmp(e->action, "approve") == 0 && e->step == last_step)
		return _("signed off");
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(e->action, labels[i].action) == 0)
			return _(labels[i].label);
	return e->action;
}
