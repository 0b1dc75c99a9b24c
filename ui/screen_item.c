/*
 * screen_item — one item: its metadata, the body wrapped by display width,
 * and the timeline (each step: who, role, when, decision, comment,
 * version).  A reviewer who decided on an earlier version sees a hint, and
 * d shows what changed since (a line diff).  What the confidentiality
 * scanner found is marked in the body; c opens the review (保密审查).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "flow.h"
#include "i18n.h"
#include "secrecy.h"
#include "ui.h"

struct item_screen {
	struct text_view view;
	char id[GK_ID_HEX + 1];
	char hash[GK_HASH_HEX + 1]; /* of the version shown */
	char title[GK_TITLE_MAX * 4 + 1];
	int decided;		  /* version I last decided on, 0 none */
	int may_edit, may_decide; /* what this user may do now */
	int version;
};

static struct item_screen *item_of(struct screen *s)
{
	return (struct item_screen *)s;
}

/* A field line: the label padded so the values line up. */
static void field(struct ui_text *t, const char *label, const char *value)
{
	char pad[128];
	ui_fit(label, 10, 1, pad, sizeof pad);
	ui_text_add(t, UI_COLOR_NORMAL, "%s %s", pad, value);
	ui_text_indent(t, 11);
}

/* The latest decision's comment (above all the reason of a return) by
 * the state, so the author reads it first, not at the end. */
static void latest_comment(struct ui_text *t, const struct gk_event *events,
			   int n, const struct gk_item *item, int last)
{
	char line[2048];
	int returned;
	if (ui_latest_comment_of(events, n, item, last, line, sizeof line,
				 &returned)) {
		field(t, _("Comment"), line);
		t->lines[t->count - 1].color =
		    returned ? UI_COLOR_ERROR : UI_COLOR_TAGGED;
	}
}

/* Mark the open findings in the body, whose first line is line first of
 * t. */
static void mark_findings(struct ui_text *t, int first, const char *body,
			  const struct gk_checklist *review)
{
	int line = 1;
	size_t start = 0; /* of line */
	for (int i = 0; i < review->n_findings; i++) {
		const struct gk_finding *f = &review->findings[i].f;
		if (review->findings[i].dismissed)
			continue;
		while (line < f->line) {
			const char *nl = strchr(body + start, '\n');
			if (!nl)
				return;
			start = (size_t)(nl - body) + 1;
			line++;
		}
		ui_text_mark(t, first + line - 1, f->offset - start,
			     f->offset - start + f->len);
	}
}

static void build(struct ui *ui, struct item_screen *is)
{
	struct ui_text *t = &is->view.text;
	struct gk_item item;
	struct gk_err err = {0};
	int top = t->top;
	char *search = t->search;
	t->search = NULL;
	ui_text_clear(t);
	t->search = search;
	t->top = top;
	if (gk_doc_get(ui->store, is->id, &item, &err) < 0) {
		ui_error(ui, &err);
		ui_text_add(t, UI_COLOR_ERROR, "%s", err.msg);
		return;
	}
	memcpy(is->hash, item.hash, sizeof is->hash);
	is->may_edit = (strcmp(item.state, "draft") == 0 ||
			strcmp(item.state, "returned") == 0) &&
		       gk_doc_require_owner(&ui->me, &item, 0, &err) == 0;
	is->may_decide =
	    gk_flow_can_decide(ui->store, &ui->me, &item, &err) == 0;
	snprintf(is->title, sizeof is->title, "%s", item.title);
	is->version = item.version;

	struct gk_step step;
	int last = 0;
	char state[512], when[GK_TIME_LEN], line[1024];
	if (gk_flow_step(ui->store, 1, &step, &last, &err) < 0)
		last = 0;
	if (strcmp(item.state, "review") == 0 &&
	    gk_flow_step(ui->store, item.step, &step, &last, &err) == 0)
		snprintf(state, sizeof state, _("%s, step %d %s"),
			 gk_state_label(item.state), step.no, step.name);
	else
		snprintf(state, sizeof state, "%s", gk_state_label(item.state));

	field(t, _("Title"), item.title);
	field(t, _("Doc no."), item.doc_no[0] ? item.doc_no : "—");
	field(t, _("Category"), item.category);
	field(t, _("Disclosure"), gk_attr_label(item.attr));
	snprintf(line, sizeof line, "%s · %s (%s)", item.dept_name,
		 item.author_name, item.author_login);
	field(t, _("Author"), line);
	field(t, _("State"), state);
	struct gk_checklist review;
	int reviewed = gk_secrecy_load(ui->store, is->id, &review, &err) == 0;
	if (reviewed && is->may_edit) {
		/* The author's draft: the review comes after submitting. */
		if (review.n_findings)
			snprintf(line, sizeof line,
				 ngettext("the scanner marked %d thing below "
					  "for the reviewers",
					  "the scanner marked %d things below "
					  "for the reviewers",
					  (unsigned long)review.n_findings),
				 review.n_findings);
		else
			snprintf(line, sizeof line, "%s",
				 _("the scanner found nothing to check"));
		field(t, _("Review"), line);
		t->lines[t->count - 1].color =
		    review.n_findings ? UI_COLOR_TAGGED : UI_COLOR_NORMAL;
	} else if (reviewed) {
		char summary[256];
		gk_secrecy_summary(&review, summary, sizeof summary);
		snprintf(line, sizeof line, _("%s (c opens it)"), summary);
		field(t, _("Review"), line);
		t->lines[t->count - 1].color = gk_secrecy_complete(&review)
						    ? UI_COLOR_ADDED
						    : UI_COLOR_TAGGED;
	}
	/* The history, read once: the latest comment here, the timeline
	 * below. */
	struct gk_event *events = NULL;
	int n = 0;
	struct gk_err history_err = {0};
	int history =
	    gk_flow_history(ui->store, is->id, &events, &n, &history_err);
	latest_comment(t, events, n, &item, last);
	snprintf(line, sizeof line, "v%d · %.16s · %.8s", item.version,
		 item.hash, item.id);
	field(t, _("Version"), line);
	ui_local_time(item.updated, when, sizeof when);
	field(t, _("Updated"), when);

	is->decided = 0;
	if (gk_flow_last_decided(ui->store, is->id, ui->me.id, &is->decided,
				 &err) == 0 &&
	    is->decided > 0 && is->decided < item.version)
		ui_text_add(t, UI_COLOR_TAGGED,
			    _("You last decided on v%d; it is v%d now. d "
			      "shows what changed."),
			    is->decided, item.version);

	ui_text_add(t, UI_COLOR_HEADER, "%s", "");
	ui_text_add(t, UI_COLOR_HEADER, "── %s ──", _("Body"));
	int first = t->count;
	ui_text_add(t, UI_COLOR_NORMAL, "%s", item.body);
	if (reviewed) {
		mark_findings(t, first, item.body, &review);
		gk_checklist_free(&review);
	}

	ui_text_add(t, UI_COLOR_HEADER, "%s", "");
	ui_text_add(t, UI_COLOR_HEADER, "── %s ──", _("Timeline"));
	if (history < 0)
		ui_text_add(t, UI_COLOR_ERROR, "%s", history_err.msg);
	for (int i = 0; i < n; i++) {
		const struct gk_event *e = &events[i];
		ui_local_time(e->at, when, sizeof when);
		char role[256];
		if (e->step_name[0] && strcmp(e->action, "submit") != 0)
			snprintf(role, sizeof role, _("step %d %s"), e->step,
				 e->step_name);
		else
			snprintf(role, sizeof role, "%s", _("author"));
		ui_text_add(t,
			    strcmp(e->action, "return") == 0 ? UI_COLOR_ERROR
							     : UI_COLOR_NORMAL,
			    "%s  %s (%s)  %s  %s  v%d", when, e->actor_name,
			    e->actor_login, role, gk_event_label(e, last),
			    e->version);
		if (e->comment[0])
			ui_text_add(t, UI_COLOR_DIM, "    “%s”", e->comment);
	}
	gk_events_free(events, n);
	gk_item_free(&item);
}

static void item_draw(struct ui *ui, struct screen *s)
{
	struct item_screen *is = item_of(s);
	char title[GK_TITLE_MAX * 4 + 16];
	snprintf(title, sizeof title, "《%s》", is->title);
	ui_put(0, 0, title, ui->cols, ui_attr(ui, UI_COLOR_TITLE));
	ui_text_draw(ui, &is->view.text, 1, ui_body_height(ui));
}

static void item_status(struct ui *ui, struct screen *s, char *out, size_t size)
{
	struct item_screen *is = item_of(s);
	snprintf(out, size, "%.8s v%d · %d%%", is->id, is->version,
		 ui_text_percent(ui, &is->view.text, ui_body_height(ui)));
}

static const char *item_hint(struct ui *ui, struct screen *s)
{
	struct item_screen *is = item_of(s);
	(void)ui;
	if (is->may_edit)
		return _("e edit · E external editor · s submit · j k scroll · "
			 "? keys · q back");
	if (is->may_decide)
		return _("a approve · r return · c review · d changes · j k "
			 "scroll · ? keys · q back");
	return _("j k scroll · / search · c review · d changes · ? keys · q "
		 "back");
}

static void item_enter(struct ui *ui, struct screen *s)
{
	build(ui, item_of(s));
}

static void item_leave(struct ui *ui, struct screen *s)
{
	(void)ui;
	ui_text_clear(&item_of(s)->view.text);
	free(s);
}

static int key_edit(struct ui *ui, struct screen *s)
{
	ui_push(ui, screen_draft_new(ui, item_of(s)->id));
	return UI_CLEAR;
}

static int key_external(struct ui *ui, struct screen *s)
{
	int r = ui_edit_external(ui, item_of(s)->id);
	build(ui, item_of(s));
	return r;
}

static int key_submit(struct ui *ui, struct screen *s)
{
	int r = ui_act_submit(ui, item_of(s)->id);
	build(ui, item_of(s));
	return r;
}

static int key_approve(struct ui *ui, struct screen *s)
{
	struct item_screen *is = item_of(s);
	int r = ui_act_approve(ui, is->id, is->hash);
	build(ui, is);
	return r;
}

static int key_return(struct ui *ui, struct screen *s)
{
	struct item_screen *is = item_of(s);
	int r = ui_act_return(ui, is->id, is->hash);
	build(ui, is);
	return r;
}

/*
 * A body line changed into one other line ('-' then '+', alone): mark
 * the part that differs in both, so a reviewer sees 二十 went, not just
 * that the paragraph changed.  Called after line i was added to t.
 */
static void mark_change(struct ui_text *t, const struct gk_diff_line *lines,
			int n, int i)
{
	const struct gk_diff_line *l = &lines[i];
	if (l->op != '+' || l->field || i == 0 || lines[i - 1].op != '-' ||
	    lines[i - 1].field || (i >= 2 && lines[i - 2].op == '-') ||
	    (i + 1 < n && lines[i + 1].op == '+'))
		return;
	const struct gk_diff_line *old = &lines[i - 1];
	size_t start, end;
	gk_diff_span(old->text, old->len, l->text, l->len, &start, &end);
	/* Each line reads "%c " before the text. */
	ui_text_mark(t, t->count - 2, 2 + start, 2 + old->len - end);
	ui_text_mark(t, t->count - 1, 2 + start, 2 + l->len - end);
}

static int key_diff(struct ui *ui, struct screen *s)
{
	struct item_screen *is = item_of(s);
	int from = is->decided > 0 && is->decided < is->version
		       ? is->decided
		       : is->version - 1;
	if (from < 1) {
		ui_fail(ui, "%s", _("This item has only one version."));
		return UI_STATUS;
	}
	struct gk_item old, now;
	struct gk_err err = {0};
	if (gk_doc_version(ui->store, is->id, from, &old, &err) < 0) {
		ui_error(ui, &err);
		return UI_STATUS;
	}
	if (gk_doc_version(ui->store, is->id, is->version, &now, &err) < 0) {
		gk_item_free(&old);
		ui_error(ui, &err);
		return UI_STATUS;
	}
	struct gk_diff_line *lines = NULL;
	int n = 0;
	if (gk_diff_item(&old, &now, &lines, &n, &err) < 0) {
		ui_error(ui, &err);
	} else {
		char heading[512];
		snprintf(heading, sizeof heading, _("What changed: v%d → v%d"),
			 from, is->version);
		struct screen *ds = screen_text_new(heading, "");
		if (ds) {
			struct ui_text *t = &((struct text_view *)ds)->text;
			ui_text_clear(t);
			for (int i = 0; i < n; i++) {
				const struct gk_diff_line *l = &lines[i];
				int color = l->op == '+'   ? UI_COLOR_ADDED
					    : l->op == '-' ? UI_COLOR_REMOVED
							   : UI_COLOR_NORMAL;
				if (l->field)
					ui_text_add(t, color, _("%c %s: %.*s"),
						    l->op, l->field,
						    (int)l->len, l->text);
				else
					ui_text_add(t, color, "%c %.*s", l->op,
						    (int)l->len, l->text);
				ui_text_indent(t, 2);
				mark_change(t, lines, n, i);
			}
			if (gk_diff_changes(lines, n) == 0)
				ui_text_add(t, UI_COLOR_DIM, "%s",
					    _("Nothing changed."));
			ui_push(ui, ds);
		}
	}
	free(lines);
	gk_item_free(&old);
	gk_item_free(&now);
	return UI_CLEAR;
}

static int key_checklist(struct ui *ui, struct screen *s)
{
	ui_push(ui, screen_checklist_new(ui, item_of(s)->id));
	return UI_CLEAR;
}

static const struct ui_binding item_keys[] = {
    {{'e'}, N_("edit the draft"), key_edit},
    {{'E'}, N_("edit the body in an external editor ($EDITOR)"), key_external},
    {{'s'}, N_("submit for review"), key_submit},
    {{'a'}, N_("approve (the last step signs off)"), key_approve},
    {{'r'}, N_("return to the author with a comment"), key_return},
    {{'d'}, N_("what changed since the version I decided on"), key_diff},
    {{'c'}, N_("the confidentiality review: checklist and findings"),
     key_checklist},
    {{0}, NULL, NULL},
};

static const struct ui_binding *const item_keymaps[] = {
    ui_scroll_keys, item_keys, ui_browse_keys, NULL};

const struct screen_ops screen_item_ops = {
    .name = N_("Item"),
    .keymaps = item_keymaps,
    .enter = item_enter,
    .draw = item_draw,
    .status = item_status,
    .hint = item_hint,
    .leave = item_leave,
};

int screen_item_shows(const struct screen *s, const char *item_id)
{
	return s && s->ops == &screen_item_ops &&
	       strcmp(((const struct item_screen *)s)->id, item_id) == 0;
}

struct screen *screen_item_new(struct ui *ui, const char *item_id)
{
	struct item_screen *is = calloc(1, sizeof *is);
	(void)ui;
	if (!is)
		return NULL;
	is->view.base.ops = &screen_item_ops;
	is->view.text.match = -1;
	snprintf(is->id, sizeof is->id, "%s", item_id);
	return &is->view.base;
}
