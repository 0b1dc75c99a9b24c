#include "chain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

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

int gk_chain_steps(struct gk_store *store, struct gk_step **steps, int *count,
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

int gk_chain_step(struct gk_store *store, int no, struct gk_step *out,
		  int *last, struct gk_err *err)
{
	struct gk_step *steps;
	int n, rc = gk_chain_steps(store, &steps, &n, err);
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

int gk_chain_may_decide(struct gk_store *store, const struct gk_user *actor,
			const struct gk_item *item, struct gk_err *err)
{
	struct gk_step step;
	sqlite3_stmt *st;
	int last, rc;

	if (!gk_state_in_review(item->state))
		return gk_fail(err, GK_EDENIED,
			       _("There is nothing to decide: this item is not "
				 "in review (its state: %s)."),
			       gk_state_label(item->state));
	if (strcmp(actor->id, item->author_id) == 0)
		return gk_fail(err, GK_EDENIED,
			       _("You wrote this item; the author cannot "
				 "approve or return their own item."));
	if ((rc = gk_chain_step(store, item->step, &step, &last, err)) < 0)
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
