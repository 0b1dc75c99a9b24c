/*
 * actions — the decisions a person takes on an item from any screen
 * (submit, approve, return, and approve for every tagged item).  Each asks
 * for confirmation naming the item and the step, then makes ONE core call;
 * the core's refusal is shown in the message line as it says it.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "i18n.h"
#include "scan.h"
#include "secrecy.h"
#include "ui.h"

/* 《title》 cut in the middle to fit a question in the message line: many
 * titles begin alike (关于…) and differ at the end. */
static void short_title(const char *title, char *out, size_t size)
{
	ui_book_title(title, 40, out, size);
}

/* Load item id; on failure say why and return -1. */
static int load(struct ui *ui, const char *id, struct gk_item *item)
{
	struct gk_err err = {0};
	if (gk_doc_get(ui->store, id, item, &err) < 0) {
		ui_error(ui, &err);
		return -1;
	}
	return 0;
}

/* The step the item is at, for questions; "" when not in review. */
static void step_of(struct ui *ui, const struct gk_item *item, char *out,
		    size_t size, int *last)
{
	struct gk_step step;
	struct gk_err err = {0};
	*last = 0;
	out[0] = '\0';
	if (item->step > 0 &&
	    gk_chain_step(ui->store, item->step, &step, last, &err) == 0)
		snprintf(out, size, _("step %d %s"), step.no, step.name);
}

int ui_act_submit(struct ui *ui, const char *id)
{
	struct gk_item item;
	struct gk_err err = {0};
	char title[512], question[1024];
	if (load(ui, id, &item))
		return UI_STATUS;
	short_title(item.title, title, sizeof title);
	snprintf(question, sizeof question,
		 _("Send %s (version %d) to review?"), title, item.version);
	/* What the scanner found, the reviewers will see: say it now. */
	struct gk_finding *found;
	size_t n_found;
	if (gk_scan(item.body, strlen(item.body), &found, &n_found, &err) ==
		0 &&
	    n_found) {
		char asked[sizeof question];
		snprintf(asked, sizeof asked, "%s", question);
		snprintf(question, sizeof question,
			 ngettext("The scanner found %zu thing to check "
				  "(marked on the item). %s",
				  "The scanner found %zu things to check "
				  "(marked on the item). %s",
				  (unsigned long)n_found),
			 n_found, asked);
		gk_scan_free(found, n_found);
	}
	int changed = 0;
	if (gk_doc_require_owner(&ui->me, &item, 1, &err) < 0)
		ui_error(ui, &err);
	else if (!ui_confirm(ui, question))
		ui_say(ui, "%s", _("Cancelled."));
	else if (gk_flow_submit(ui->store, ui->me.id, id, &err) < 0)
		ui_error(ui, &err);
	else {
		ui_say(ui, _("Sent %s to review."), title);
		changed = 1;
	}
	gk_item_free(&item);
	return changed ? UI_CLEAR : UI_DRAW;
}

/*
 * Approve (approve 1) or return (0) the item; seen_hash is the hash of
 * the version the person read, NULL when deciding from a list.
 */
static int decide(struct ui *ui, const char *id, const char *seen_hash,
		  int approve)
{
	struct gk_item item;
	struct gk_err err = {0};
	char title[512], step[256], question[1024], *comment = NULL;
	int last, changed = 0;
	if (load(ui, id, &item))
		return UI_STATUS;
	short_title(item.title, title, sizeof title);
	step_of(ui, &item, step, sizeof step, &last);
	if (gk_chain_may_decide(ui->store, &ui->me, &item, &err) < 0) {
		ui_error(ui, &err);
		goto done;
	}
	/* Say at once what the sign-off would be refused for, rather than
	 * after the question and the comment. */
	if (approve && item.step == last &&
	    gk_secrecy_require(ui->store, &item, &err) < 0) {
		char more[GK_ERR_MSG_MAX + 64];
		snprintf(more, sizeof more, _("%s (c opens the review)"),
			 err.msg);
		ui_fail(ui, "%s", more);
		goto done;
	}
	if (approve)
		snprintf(question, sizeof question,
			 item.step == last ? _("%s: sign off %s?")
					   : _("%s: approve %s?"),
			 step, title);
	else
		snprintf(question, sizeof question,
			 _("%s: return %s to its author?"), step, title);
	/* Before the last step the review may still be open: say so, to
	 * whoever could do it now. */
	struct gk_checklist review;
	if (approve && item.step != last &&
	    gk_secrecy_may_review(ui->store, &ui->me, &item, &err) == 0 &&
	    gk_secrecy_load(ui->store, id, &review, &err) == 0) {
		if (!gk_secrecy_complete(&review)) {
			char summary[256], asked[sizeof question];
			gk_secrecy_summary(&review, summary, sizeof summary);
			snprintf(asked, sizeof asked, "%s", question);
			snprintf(question, sizeof question,
				 _("Review not complete (%s). %s"), summary,
				 asked);
		}
		gk_checklist_free(&review);
	}
	if (!ui_confirm(ui, question)) {
		ui_say(ui, "%s", _("Cancelled."));
		goto done;
	}
	if (!ui_ask(ui,
		    approve ? _("Comment (optional, Enter skips):")
			    : _("What should change (required):"),
		    !approve, &comment))
		goto done;
	const char *hash = seen_hash ? seen_hash : item.hash;
	int rc = approve ? gk_flow_approve(ui->store, ui->me.id, id, hash,
					   comment[0] ? comment : NULL, &err)
			 : gk_flow_return(ui->store, ui->me.id, id, hash,
					  comment, &err);
	if (rc < 0) {
		ui_error(ui, &err);
	} else {
		changed = 1;
		if (!approve)
			ui_say(ui, _("Returned %s to its author."), title);
		else if (item.step == last)
			ui_say(ui, _("Signed off %s."), title);
		else
			ui_say(ui, _("Approved %s at %s."), title, step);
	}
done:
	free(comment);
	gk_item_free(&item);
	return changed ? UI_CLEAR : UI_DRAW;
}

int ui_act_approve(struct ui *ui, const char *id, const char *seen_hash)
{
	return decide(ui, id, seen_hash, 1);
}

int ui_act_return(struct ui *ui, const char *id, const char *seen_hash)
{
	return decide(ui, id, seen_hash, 0);
}

int ui_act_approve_all(struct ui *ui, char (*ids)[GK_ID_HEX + 1], int n,
		       int *approved)
{
	char question[512], *comment = NULL;
	struct gk_err first = {0};
	struct gk_step step;
	int may = 0, signing = 0, last = 0;
	if (gk_chain_step(ui->store, 1, &step, &last, &first) < 0)
		last = 0;
	first.msg[0] = '\0';
	*approved = 0;
	/* What each item is as the question is asked: the decisions name
	 * these versions, so a change made meanwhile is refused. */
	struct seen {
		char hash[GK_HASH_HEX + 1];
		char title[512]; /* "" when the item could not be read, */
		char why[GK_ERR_MSG_MAX]; /* and why */
	} *seen = calloc((size_t)n, sizeof *seen);
	if (!seen) {
		ui_fail(ui, "%s", _("Out of memory."));
		return UI_STATUS;
	}
	/* Ask only when some can be decided; say at once why not. */
	for (int i = 0; i < n; i++) {
		struct gk_item item = {0};
		struct gk_err err = {0};
		int read = gk_doc_get(ui->store, ids[i], &item, &err) == 0;
		if (read) {
			memcpy(seen[i].hash, item.hash, sizeof seen[i].hash);
			short_title(item.title, seen[i].title,
				    sizeof seen[i].title);
		} else {
			memcpy(seen[i].why, err.msg, sizeof seen[i].why);
		}
		if (read &&
		    gk_chain_may_decide(ui->store, &ui->me, &item, &err) == 0) {
			may++;
			signing += item.step == last;
		} else if (!first.msg[0])
			first = err;
		gk_item_free(&item);
	}
	if (may == 0) {
		free(seen);
		ui_fail(ui, _("You may decide none of the tagged items: %s"),
			first.msg);
		return UI_DRAW;
	}
	if (may == n && signing == n)
		snprintf(question, sizeof question,
			 ngettext("Sign off the %d tagged item?",
				  "Sign off all %d tagged items?",
				  (unsigned long)n),
			 n);
	else if (may == n)
		snprintf(question, sizeof question,
			 ngettext("Approve the %d tagged item?",
				  "Approve all %d tagged items?",
				  (unsigned long)n),
			 n);
	else
		snprintf(question, sizeof question,
			 _("Approve %d of the %d tagged items? You may not "
			   "decide the other %d now."),
			 may, n, n - may);
	if (!ui_confirm(ui, question)) {
		free(seen);
		ui_say(ui, "%s", _("Cancelled."));
		return UI_DRAW;
	}
	if (!ui_ask(ui, _("Comment for all (optional, Enter skips):"), 0,
		    &comment)) {
		free(seen);
		return UI_DRAW;
	}
	struct ui_text report = {.match = -1};
	for (int i = 0; i < n; i++) {
		struct gk_err err = {0};
		if (!seen[i].title[0]) {
			ui_text_add(&report, UI_COLOR_ERROR, "✗ %.8s  %s",
				    ids[i], seen[i].why);
			continue;
		}
		if (gk_flow_approve(ui->store, ui->me.id, ids[i], seen[i].hash,
				    comment[0] ? comment : NULL, &err) < 0) {
			ui_text_add(&report, UI_COLOR_ERROR, "✗ %s",
				    seen[i].title);
			ui_text_add(&report, UI_COLOR_ERROR, "    %s", err.msg);
		} else {
			ui_text_add(&report, UI_COLOR_NORMAL, "✓ %s",
				    seen[i].title);
			(*approved)++;
		}
	}
	free(seen);
	free(comment);
	if (*approved == n) {
		ui_say(ui,
		       ngettext("Approved %d item.", "Approved %d items.",
				(unsigned long)n),
		       n);
	} else {
		char heading[256];
		snprintf(heading, sizeof heading,
			 _("Approved %d of %d; the others were refused:"),
			 *approved, n);
		struct screen *s = screen_text_new(heading, "");
		if (s) {
			struct ui_text *t = &((struct text_view *)s)->text;
			ui_text_clear(t);
			*t = report;
			memset(&report, 0, sizeof report);
			ui_push(ui, s);
		}
		ui_fail(ui, "%s", heading);
	}
	ui_text_clear(&report);
	return UI_CLEAR;
}

int ui_latest_comment_of(const struct gk_event *events, int n,
			 const struct gk_item *item, int last_step, char *out,
			 size_t size, int *returned)
{
	for (int i = n - 1; i >= 0; i--) {
		const struct gk_event *e = &events[i];
		/* In review, only this round's decisions speak. */
		if (e->round != item->round &&
		    gk_state_parse(item->state) != GK_STATE_DRAFT)
			break;
		if (!gk_event_is_decision(e->action))
			continue;
		if (!e->comment[0])
			return 0;
		snprintf(out, size, _("%s %s: %s"), e->actor_name,
			 gk_event_label(e, last_step), e->comment);
		*returned = strcmp(e->action, "return") == 0;
		return 1;
	}
	return 0;
}

int ui_latest_comment(struct ui *ui, const struct gk_item *item, char *out,
		      size_t size, int *returned)
{
	struct gk_event *events = NULL;
	struct gk_err err = {0};
	struct gk_step step;
	int n = 0, found, last = 0;
	if (gk_chain_step(ui->store, 1, &step, &last, &err) < 0 ||
	    gk_doc_history(ui->store, item->id, &events, &n, &err) < 0)
		return 0;
	found =
	    ui_latest_comment_of(events, n, item, last, out, size, returned);
	gk_events_free(events, n);
	return found;
}
