/*
 * screen_item — one item: its metadata, the body wrapped by display width,
 * and the timeline (each step: who, role, when, decision, comment,
 * version).  A reviewer who decided on an earlier version sees a hint, and
 * d shows what changed since (a line diff).  What the confidentiality
 * scanner found is marked in the body; c opens the review (保密审查).
 * A published or withdrawn item shows its publication: 索引号, dates,
 * 内容概述, 有效性, each channel's delivery and the media coverage; the
 * publisher publishes (p), withdraws (W), marks deliveries (D, F, P) and
 * records coverage (M) from here, and a drafter starts a correction (A).
 * Each answer to the questions of W and M is checked as it is given, as
 * the core will check it, so no refusal comes after the last question.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "coverage.h"
#include "flow.h"
#include "i18n.h"
#include "publish.h"
#include "secrecy.h"
#include "sync.h"
#include "text.h"
#include "ui.h"

struct item_screen {
	struct text_view view;
	char id[GK_ID_HEX + 1];
	char hash[GK_HASH_HEX + 1]; /* of the version shown */
	char title[GK_TITLE_MAX * 4 + 1];
	int decided; /* version I last decided on, 0 none */
	int may_edit, may_decide, may_correct; /* what this user may do now */
	int version;
	char state[16];
	/* The publication, when there is one. */
	int published;
	char index_no[GK_INDEX_NO_MAX + 1];
	char validity[16];
	char published_on[11];
	char ended_on[11];
	struct gk_delivery *deliveries;
	int ndeliveries;
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

/* Put deliveries in the order of their channels, so the numbers the
 * publisher picks by stay put when a delivery changes (the core lists
 * them by time). */
static void channel_order(struct ui *ui, struct gk_delivery *d, int n)
{
	struct gk_channel *channels = NULL;
	struct gk_err err = {0};
	int count = 0;
	if (n < 2 || gk_channel_list(ui->store, &channels, &count, &err) < 0)
		return;
	int *rank = calloc((size_t)n, sizeof *rank);
	for (int i = 0; rank && i < n; i++) {
		rank[i] = count;
		for (int c = 0; c < count; c++)
			if (strcmp(d[i].channel, channels[c].code) == 0)
				rank[i] = c;
	}
	/* Insertion sort: a handful of rows, kept stable. */
	for (int i = 1; rank && i < n; i++) {
		struct gk_delivery held = d[i];
		int r = rank[i], j = i;
		for (; j > 0 && rank[j - 1] > r; j--) {
			d[j] = d[j - 1];
			rank[j] = rank[j - 1];
		}
		d[j] = held;
		rank[j] = r;
	}
	free(rank);
	free(channels);
}

/* The publication block: what the catalog says, each channel's
 * delivery, and the media coverage. */
static void publication(struct ui *ui, struct item_screen *is,
			struct ui_text *t)
{
	struct gk_publication *pub = malloc(sizeof *pub);
	struct gk_err err = {0};
	char line[4096], when[GK_TIME_LEN];
	if (!pub)
		return;
	if (gk_publication_get(ui->store, is->id, pub, &err) < 0) {
		if (err.code != GK_ENOTFOUND)
			ui_text_add(t, UI_COLOR_ERROR, "%s", err.msg);
		free(pub);
		return;
	}
	is->published = 1;
	memcpy(is->index_no, pub->index_no, sizeof is->index_no);
	snprintf(is->validity, sizeof is->validity, "%s", pub->validity);
	memcpy(is->ended_on, pub->ended_on, sizeof is->ended_on);
	memcpy(is->published_on, pub->published_on, sizeof is->published_on);

	ui_text_add(t, UI_COLOR_HEADER, "%s", "");
	ui_text_add(t, UI_COLOR_HEADER, "── %s ──", _("Publication"));
	field(t, _("Index no."), pub->index_no);
	snprintf(line, sizeof line, "%s · %s (%s)", pub->published_on,
		 pub->publisher_name, pub->publisher_login);
	field(t, _("Published"), line);
	field(t, _("Summary"), pub->summary);
	if (gk_validity_in_force(pub->validity)) {
		field(t, _("Validity"), gk_validity_label(pub->validity));
	} else {
		snprintf(line, sizeof line, _("%s since %s: %s"),
			 gk_validity_label(pub->validity), pub->ended_on,
			 pub->end_reason);
		field(t, _("Validity"), line);
		t->lines[t->count - 1].color = UI_COLOR_ERROR;
	}
	const struct {
		const char *label, *value;
	} more[] = {
	    {_("Topic"), pub->topic},	{_("Genre"), pub->genre},
	    {_("Issuer"), pub->issuer}, {_("Written on"), pub->written_on},
	    {_("Scope"), pub->scope},	{_("Keywords"), pub->keywords},
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		if (more[i].value[0])
			field(t, more[i].label, more[i].value);
	free(pub);

	ui_text_add(t, UI_COLOR_HEADER, "%s", "");
	ui_text_add(t, UI_COLOR_HEADER, "── %s ──", _("Deliveries"));
	if (gk_delivery_list(ui->store, is->id, NULL, &is->deliveries,
			     &is->ndeliveries, &err) < 0)
		ui_text_add(t, UI_COLOR_ERROR, "%s", err.msg);
	else if (!is->ndeliveries)
		ui_text_add(t, UI_COLOR_DIM, "%s",
			    _("No channel: in the catalog only."));
	channel_order(ui, is->deliveries, is->ndeliveries);
	for (int i = 0; i < is->ndeliveries; i++) {
		const struct gk_delivery *d = &is->deliveries[i];
		char name[512], state[128];
		ui_fit(d->channel_name, 20, 1, name, sizeof name);
		ui_fit(gk_delivery_state_label(d->state), 10, 1, state,
		       sizeof state);
		ui_local_time(d->at, when, sizeof when);
		ui_text_add(
		    t,
		    gk_delivery_state_parse(d->state) == GK_DELIVERY_FAILED
			? UI_COLOR_ERROR
		    : gk_delivery_state_parse(d->state) == GK_DELIVERY_DELIVERED
			? UI_COLOR_ADDED
			: UI_COLOR_TAGGED,
		    "%2d %s %s %s %s", i + 1, name, state, when,
		    d->actor_login);
		ui_text_indent(t, 3);
		if (d->note[0]) {
			ui_text_add(t, UI_COLOR_NORMAL, "   “%s”", d->note);
			ui_text_indent(t, 4);
		}
		/* The files, one a line. */
		for (const char *f = d->files; *f;) {
			size_t len = strcspn(f, "\n");
			ui_text_add(t, UI_COLOR_DIM, "   %.*s", (int)len, f);
			ui_text_indent(t, 3);
			f += len + (f[len] == '\n');
		}
	}

	struct gk_coverage *cov = NULL;
	int ncov = 0;
	ui_text_add(t, UI_COLOR_HEADER, "%s", "");
	ui_text_add(t, UI_COLOR_HEADER, "── %s ──", _("Media coverage"));
	if (gk_coverage_list(ui->store, is->id, 0, &cov, &ncov, &err) < 0)
		ui_text_add(t, UI_COLOR_ERROR, "%s", err.msg);
	else if (!ncov)
		ui_text_add(t, UI_COLOR_DIM, "%s", _("None recorded."));
	for (int i = 0; i < ncov; i++) {
		char piece[GK_TITLE_MAX * 4 + 16];
		if (cov[i].title[0]) {
			ui_book_title(cov[i].title, 0, piece, sizeof piece);
			ui_text_add(t, UI_COLOR_NORMAL, "%s  %s (%s)  %s",
				    cov[i].appeared_on, cov[i].outlet,
				    gk_coverage_kind_label(cov[i].kind), piece);
		} else
			ui_text_add(t, UI_COLOR_NORMAL, "%s  %s (%s)",
				    cov[i].appeared_on, cov[i].outlet,
				    gk_coverage_kind_label(cov[i].kind));
		ui_text_indent(t, 12);
	}
	free(cov);
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
	snprintf(is->state, sizeof is->state, "%s", item.state);
	free(is->deliveries);
	is->deliveries = NULL;
	is->ndeliveries = is->published = 0;
	is->may_edit = gk_doc_may_edit(&ui->me, &item, &err) == 0;
	is->may_correct = gk_doc_may_correct(&ui->me, &item, &err) == 0;
	is->may_decide =
	    gk_chain_may_decide(ui->store, &ui->me, &item, &err) == 0;
	snprintf(is->title, sizeof is->title, "%s", item.title);
	is->version = item.version;

	struct gk_step step;
	int last = 0;
	char state[512], when[GK_TIME_LEN], line[1024];
	if (gk_chain_step(ui->store, 1, &step, &last, &err) < 0)
		last = 0;
	if (gk_state_in_review(item.state) &&
	    gk_chain_step(ui->store, item.step, &step, &last, &err) == 0)
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
	if (item.corrects_index_no[0])
		field(t, _("Corrects"), item.corrects_index_no);
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
	    gk_doc_history(ui->store, is->id, &events, &n, &history_err);
	latest_comment(t, events, n, &item, last);
	snprintf(line, sizeof line, "v%d · %.16s · %.8s", item.version,
		 item.hash, item.id);
	field(t, _("Version"), line);
	ui_local_time(item.updated, when, sizeof when);
	field(t, _("Updated"), when);

	/* Changed here and on another station at once: say so before
	 * anyone tries to move it on. */
	struct gk_err conflict = {0};
	if (gk_sync_require_settled(ui->store, "item", is->id, &conflict) ==
	    GK_EDENIED)
		ui_text_add(t, UI_COLOR_ERROR, "%s", conflict.msg);

	is->decided = 0;
	if (gk_flow_last_decided(ui->store, is->id, ui->me.id, &is->decided,
				 &err) == 0 &&
	    is->decided > 0 && is->decided < item.version)
		ui_text_add(t, UI_COLOR_TAGGED,
			    _("You last decided on v%d; it is v%d now. d "
			      "shows what changed."),
			    is->decided, item.version);

	if (gk_state_public(item.state))
		publication(ui, is, t);

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
		else if (strcmp(e->action, "publish") == 0 ||
			 strcmp(e->action, "withdraw") == 0 ||
			 strcmp(e->action, "deliver") == 0 ||
			 strcmp(e->action, "coverage") == 0)
			snprintf(role, sizeof role, "%s",
				 gk_role_label(GK_ROLE_I_PUBLISHER));
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
	ui_book_title(is->title, ui->cols, title, sizeof title);
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
	if (is->may_edit)
		return _("e edit · E external editor · s submit · j k scroll · "
			 "? keys · q back");
	if (is->may_decide)
		return _("a approve · r return · c review · d changes · j k "
			 "scroll · ? keys · q back");
	if (ui->me.roles & GK_ROLE_PUBLISHER) {
		if (gk_state_signed_off(is->state))
			return _("p publish · c review · j k scroll · / search "
				 "· ? keys · q back");
		if (is->published && gk_validity_in_force(is->validity))
			return _("W withdraw · A correct · D F P delivered, "
				 "failed, again · M coverage · ? keys");
		if (is->published)
			return _("M coverage · D F P delivery · j k scroll · "
				 "/ search · ? keys · q back");
	}
	if (is->may_correct)
		return _("A correct (a new draft) · j k scroll · / search · "
			 "c review · ? keys · q back");
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
	free(item_of(s)->deliveries);
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
	char heading[512];
	snprintf(heading, sizeof heading, _("What changed: v%d → v%d"), from,
		 is->version);
	struct screen *ds = screen_diff_new(heading, &old, &now, &err);
	if (ds)
		ui_push(ui, ds);
	else
		ui_error(ui, &err);
	gk_item_free(&old);
	gk_item_free(&now);
	return UI_CLEAR;
}

static int key_checklist(struct ui *ui, struct screen *s)
{
	ui_push(ui, screen_checklist_new(ui, item_of(s)->id));
	return UI_CLEAR;
}

/* ---- publishing ---------------------------------------------------------- */

static int key_publish(struct ui *ui, struct screen *s)
{
	screen_publish_push(ui, item_of(s)->id);
	return UI_CLEAR;
}

/*
 * Whether the publisher's actions on a publication apply: the user is
 * the publisher and the item is published; else say why.  The core
 * refuses the rest (a withdrawn item's deliveries, dates, …).
 */
static int may_act(struct ui *ui, struct item_screen *is)
{
	if (!(ui->me.roles & GK_ROLE_PUBLISHER)) {
		ui_fail(ui, "%s",
			_("Only the disclosure officer (信息公开业务主管) "
			  "withdraws items, marks deliveries and records "
			  "coverage."));
		return 0;
	}
	if (!is->published) {
		ui_fail(ui, "%s", _("This item is not published."));
		return 0;
	}
	return 1;
}

/* Which date a question asks for: the withdrawal's or the coverage's. */
enum date_kind { END_DATE, COVERAGE_DATE };

struct date_rule {
	struct ui *ui;
	const struct item_screen *is;
	enum date_kind kind;
};

/* Whether answer may be the item's date of its kind: the core's check,
 * with its words into err.  0 when it may. */
static int check_date(const void *what, const char *answer, struct gk_err *err)
{
	const struct date_rule *rule = what;
	if (rule->kind == END_DATE)
		return gk_publish_check_end_date(rule->ui->store, answer,
						 rule->is->published_on, err);
	return gk_coverage_check_date(rule->ui->store, answer,
				      rule->is->published_on, err);
}

/*
 * Ask for the date of kind (YYYY-MM-DD), initially *date (NULL: today),
 * until the core's check takes it, as ui_ask_checked: 1 with *date the
 * answer (malloc'd), 0 cancelled (*date NULL).
 */
static int ask_date(struct ui *ui, const struct item_screen *is,
		    enum date_kind kind, const char *label, char **date)
{
	const struct date_rule rule = {ui, is, kind};
	if (!*date) {
		char today[11];
		gk_store_today(ui->store, today);
		*date = strdup(today);
	}
	return ui_ask_checked(ui, label, 1, check_date, &rule, date);
}

/* A line as the core checks it: its name in messages, its most
 * characters. */
struct line_rule {
	const char *field;
	size_t max;
};

static int check_line(const void *what, const char *answer, struct gk_err *err)
{
	const struct line_rule *rule = what;
	return gk_text_check_line(answer, rule->field, rule->max, err);
}

/*
 * Ask for a line, initially *text (may be NULL), until it passes the
 * core's check of a line named field of at most max characters
 * (required; else empty is taken), as ui_ask_checked.
 */
static int ask_line(struct ui *ui, const char *label, const char *field,
		    size_t max, int required, char **text)
{
	const struct line_rule rule = {field, max};
	return ui_ask_checked(ui, label, required, check_line, &rule, text);
}

/*
 * The prompt for one of n choices, "label: 1 name · 2 name …", into out:
 * it fits the message line with UI_SHORT_ANSWER columns left for the
 * answer, the longest names giving way first; where even that cannot
 * fit, "label: 1–n, as numbered" (a list numbered on the screen).
 */
static void choices(struct ui *ui, const char *label, const char *const *labels,
		    int n, char *out, size_t size)
{
	int room = ui->cols - UI_SHORT_ANSWER, widest = 0;
	for (int i = 0; i < n; i++)
		if (ui_width(labels[i]) > widest)
			widest = ui_width(labels[i]);
	/* Names cut to fewer than 4 columns would say nothing. */
	int least = widest < 4 ? widest : 4;
	for (int cap = widest; cap >= least; cap--) {
		char list[2048], name[512];
		size_t at = 0;
		list[0] = '\0';
		for (int i = 0; i < n && at < sizeof list; i++) {
			ui_fit(labels[i], cap, 0, name, sizeof name);
			at += (size_t)snprintf(list + at, sizeof list - at,
					       i ? " · %d %s" : "%d %s", i + 1,
					       name);
		}
		snprintf(out, size, _("%s: %s"), label, list);
		if (ui_width(out) <= room)
			return;
	}
	snprintf(out, size, _("%s: 1–%d, as numbered"), label, n);
}

/*
 * Ask for one of n choices (keys[i], labels[i]), initially the number of
 * choice initial (-1: none); the answer may be the number, the key, or a
 * part of one label only (废止).  Returns the index, or -1 cancelled.  A
 * wrong answer is asked again.
 */
static int ask_choice(struct ui *ui, const char *label, const char *const *keys,
		      const char *const *labels, int n, int initial)
{
	char prompt[2048], number[16] = "";
	choices(ui, label, labels, n, prompt, sizeof prompt);
	if (initial >= 0)
		snprintf(number, sizeof number, "%d", initial + 1);
	for (;;) {
		char *answer;
		if (!ui_ask_short(ui, prompt, number, &answer))
			return -1;
		char *end;
		long k = strtol(answer, &end, 10);
		int pick = -1, found = 0;
		if (*answer && !*end && k >= 1 && k <= n)
			pick = (int)k - 1;
		for (int i = 0; i < n && pick < 0; i++)
			if (strcmp(answer, keys[i]) == 0)
				pick = i;
		for (int i = 0; i < n && pick < 0; i++)
			if (strstr(labels[i], answer) && found++ == 0)
				pick = -2 - i;
		if (pick <= -2)
			pick = found == 1 ? -2 - pick : -1;
		if (pick >= 0) {
			free(answer);
			return pick;
		}
		ui_fail(ui, _("Not a choice: %s."), answer);
		free(answer);
		number[0] = '\0';
	}
}

/* The delivery an action is for: the only one, or the one the publisher
 * picks by number; -1 when none or cancelled. */
static int pick_delivery(struct ui *ui, struct item_screen *is,
			 const char *label)
{
	if (!is->ndeliveries) {
		ui_fail(ui, "%s",
			_("This item was published through no channel."));
		return -1;
	}
	if (is->ndeliveries == 1)
		return 0;
	const char **keys = calloc((size_t)is->ndeliveries, sizeof *keys);
	const char **names = calloc((size_t)is->ndeliveries, sizeof *names);
	int pick = -1;
	if (keys && names) {
		for (int i = 0; i < is->ndeliveries; i++) {
			keys[i] = is->deliveries[i].channel;
			names[i] = is->deliveries[i].channel_name;
		}
		pick = ask_choice(ui, label, keys, names, is->ndeliveries, -1);
	}
	free(keys);
	free(names);
	return pick;
}

/* Whether the core refused for good (no right, no such thing), so that
 * asking again with what was typed cannot help. */
static int refused_for_good(const struct gk_err *err)
{
	return err->code == GK_EDENIED || err->code == GK_ENOTFOUND;
}

static int key_withdraw(struct ui *ui, struct screen *s)
{
	struct item_screen *is = item_of(s);
	static const char *const keys[] = {"expired", "abolished"};
	const char *labels[] = {gk_validity_label("expired"),
				gk_validity_label("abolished")};
	char *date = NULL, *reason = NULL, question[2048];
	struct gk_err err = {0};
	if (!may_act(ui, is))
		return UI_STATUS;
	if (!gk_validity_in_force(is->validity)) {
		ui_fail(ui, _("Already withdrawn: %s since %s."),
			gk_validity_label(is->validity), is->ended_on);
		return UI_STATUS;
	}
	int r = UI_DRAW;
	int pick = ask_choice(ui, _("Withdraw as"), keys, labels, 2, -1);
	if (pick < 0)
		goto done;
	/* Each answer is checked as it is given; should the core still
	 * refuse, the questions come again with the answers typed. */
	for (;;) {
		if (!ask_date(ui, is, END_DATE, _("From (YYYY-MM-DD):"),
			      &date) ||
		    !ask_line(ui, _("Reason (required):"), _("The reason"),
			      GK_REASON_MAX, 1, &reason))
			goto done;
		snprintf(question, sizeof question, _("Mark %s %s from %s?"),
			 is->index_no, labels[pick], date);
		if (!ui_confirm(ui, question)) {
			ui_say(ui, "%s", _("Cancelled."));
			goto done;
		}
		if (gk_publish_withdraw(ui->store, ui->me.id, is->id,
					keys[pick], date, reason, &err) == 0)
			break;
		ui_error(ui, &err);
		if (refused_for_good(&err))
			goto done;
	}
	build(ui, is);
	ui_say(ui, _("Now %s from %s; it stays in the catalog."), labels[pick],
	       date);
	r = UI_CLEAR;
done:
	free(date);
	free(reason);
	return r;
}

/* The delivery to channel after a change, to say how it ended. */
static const struct gk_delivery *delivery_of(const struct item_screen *is,
					     const char *channel)
{
	for (int i = 0; i < is->ndeliveries; i++)
		if (strcmp(is->deliveries[i].channel, channel) == 0)
			return &is->deliveries[i];
	return NULL;
}

/* Say that delivery d is marked delivered already, and when. */
static void already_delivered(struct ui *ui, const struct gk_delivery *d)
{
	char when[GK_TIME_LEN];
	ui_local_time(d->at, when, sizeof when);
	ui_fail(ui, _("Already delivered to %s (marked %s by %s)."),
		d->channel_name, when, d->actor_login);
}

/* D (state "delivered"), F ("failed", with a note) and P (resend). */
static int delivery_action(struct ui *ui, struct screen *s, const char *state)
{
	struct item_screen *is = item_of(s);
	struct gk_err err = {0};
	char channel[GK_CHANNEL_CODE_MAX + 1], name[256], question[1024];
	char *note = NULL;
	int marking =
	    state && gk_delivery_state_parse(state) == GK_DELIVERY_DELIVERED;
	if (!may_act(ui, is))
		return UI_STATUS;
	if (marking) {
		/* Nothing to ask about when every delivery is done. */
		int open = 0;
		for (int i = 0; i < is->ndeliveries; i++)
			open +=
			    gk_delivery_state_parse(is->deliveries[i].state) !=
			    GK_DELIVERY_DELIVERED;
		if (is->ndeliveries == 1 && !open) {
			already_delivered(ui, &is->deliveries[0]);
			return UI_STATUS;
		}
		if (is->ndeliveries > 1 && !open) {
			ui_fail(ui, "%s",
				_("Every delivery is already marked "
				  "delivered."));
			return UI_STATUS;
		}
	}
	const char *label =
	    !state ? _("Deliver again to")
	    : gk_delivery_state_parse(state) == GK_DELIVERY_FAILED
		? _("Failed delivery to")
		: _("Delivered to");
	int i = pick_delivery(ui, is, label);
	if (i < 0)
		return UI_DRAW;
	if (marking && gk_delivery_state_parse(is->deliveries[i].state) ==
			   GK_DELIVERY_DELIVERED) {
		already_delivered(ui, &is->deliveries[i]);
		return UI_DRAW;
	}
	snprintf(channel, sizeof channel, "%s", is->deliveries[i].channel);
	snprintf(name, sizeof name, "%s", is->deliveries[i].channel_name);
	int rc;
	if (state && gk_delivery_state_parse(state) == GK_DELIVERY_FAILED) {
		snprintf(question, sizeof question,
			 _("Why did the delivery to %s fail?"), name);
		if (!ask_line(ui, question, _("A note on what failed"),
			      GK_REASON_MAX, 1, &note))
			return UI_DRAW;
		rc = gk_delivery_mark(ui->store, ui->me.id, is->id, channel,
				      state, note, &err);
	} else {
		snprintf(question, sizeof question,
			 state ? _("Mark the delivery to %s delivered?")
			       : _("Deliver to %s again?"),
			 name);
		if (!ui_confirm(ui, question)) {
			ui_say(ui, "%s", _("Cancelled."));
			return UI_DRAW;
		}
		rc = state ? gk_delivery_mark(ui->store, ui->me.id, is->id,
					      channel, state, NULL, &err)
			   : gk_delivery_resend(ui->store, ui->me.id, is->id,
						channel, &err);
	}
	free(note);
	if (rc < 0) {
		ui_error(ui, &err);
		return UI_DRAW;
	}
	build(ui, is);
	const struct gk_delivery *d = delivery_of(is, channel);
	if (d && gk_delivery_state_parse(d->state) == GK_DELIVERY_FAILED &&
	    d->note[0])
		ui_fail(ui, _("Delivery to %s: %s: %s"), name,
			gk_delivery_state_label(d->state), d->note);
	else if (d)
		ui_say(ui, _("Delivery to %s: %s."), name,
		       gk_delivery_state_label(d->state));
	return UI_CLEAR;
}

static int key_delivered(struct ui *ui, struct screen *s)
{
	return delivery_action(ui, s, "delivered");
}

static int key_failed(struct ui *ui, struct screen *s)
{
	return delivery_action(ui, s, "failed");
}

static int key_resend(struct ui *ui, struct screen *s)
{
	return delivery_action(ui, s, NULL);
}

static const char *const coverage_keys[] = {
#define COVERAGE_KEY(name, key, label) key,
    GK_COVERAGE_KINDS(COVERAGE_KEY)
#undef COVERAGE_KEY
};
#define N_COVERAGE (int)(sizeof coverage_keys / sizeof coverage_keys[0])
/* Characters of an outlet's name (the core's limit). */
#define OUTLET_MAX 100

/*
 * The question before recording coverage into out, whole on the message
 * line: a long title of the piece, then a long outlet, give way in the
 * middle.  kind is the kind's label, shown as everywhere: "outlet (kind)".
 */
static void coverage_question(struct ui *ui, const char *outlet,
			      const char *kind, const char *date,
			      const char *piece, char *out, size_t size)
{
	char cut_outlet[OUTLET_MAX * 4 + 8], cut_piece[GK_TITLE_MAX * 4 + 16];
	int room = ui->cols - ui_width(_("(y/n)")) - 3;
	if (piece[0])
		/* TRANSLATORS: the piece's title in 《》, the outlet, the
		 * kind of medium, the date. */
		snprintf(out, size, _("Record %s in %s (%s) on %s?"), "", "",
			 kind, date);
	else
		snprintf(out, size,
			 _("Record that the item appeared in %s (%s) on %s?"),
			 "", kind, date);
	int left = room - ui_width(out), want = ui_width(outlet);
	int piece_w =
	    piece[0] ? ui_book_title(piece, 0, cut_piece, sizeof cut_piece) : 0;
	int outlet_w = want;
	if (want + piece_w > left) {
		/* The outlet keeps at least half, or what the piece leaves. */
		outlet_w =
		    left - piece_w > left / 2 ? left - piece_w : left / 2;
		if (outlet_w > want)
			outlet_w = want;
	}
	ui_fit_middle(outlet, outlet_w, cut_outlet, sizeof cut_outlet);
	if (piece[0]) {
		ui_book_title(piece, left - ui_width(cut_outlet), cut_piece,
			      sizeof cut_piece);
		snprintf(out, size, _("Record %s in %s (%s) on %s?"), cut_piece,
			 cut_outlet, kind, date);
	} else {
		snprintf(out, size,
			 _("Record that the item appeared in %s (%s) on %s?"),
			 cut_outlet, kind, date);
	}
}

static int key_coverage(struct ui *ui, struct screen *s)
{
	struct item_screen *is = item_of(s);
	struct gk_err err = {0};
	const char *labels[N_COVERAGE];
	char *outlet = NULL, *date = NULL, *piece = NULL, question[2048];
	if (!may_act(ui, is))
		return UI_STATUS;
	for (int i = 0; i < N_COVERAGE; i++)
		labels[i] = gk_coverage_kind_label(coverage_keys[i]);
	int r = UI_DRAW, kind = -1;
	/* Each answer is checked as it is given; should the core still
	 * refuse, the questions come again with the answers typed. */
	for (;;) {
		if (!ask_line(ui, _("Appeared in (outlet, e.g. 淄博日报):"),
			      _("The outlet (media name)"), OUTLET_MAX, 1,
			      &outlet))
			goto done;
		kind = ask_choice(ui, _("Kind"), coverage_keys, labels,
				  N_COVERAGE, kind);
		if (kind < 0 ||
		    !ask_date(ui, is, COVERAGE_DATE, _("On (YYYY-MM-DD):"),
			      &date) ||
		    !ask_line(ui,
			      _("Title of the piece (empty: the item itself):"),
			      _("The title"), GK_TITLE_MAX, 0, &piece))
			goto done;
		coverage_question(ui, outlet, labels[kind], date, piece,
				  question, sizeof question);
		if (!ui_confirm(ui, question)) {
			ui_say(ui, "%s", _("Cancelled."));
			goto done;
		}
		if (gk_coverage_add(ui->store, ui->me.id, is->id, outlet,
				    coverage_keys[kind], date, piece,
				    &err) == 0)
			break;
		ui_error(ui, &err);
		if (refused_for_good(&err))
			goto done;
	}
	build(ui, is);
	ui_say(ui, _("Recorded: %s (%s), %s."), outlet, labels[kind], date);
	r = UI_CLEAR;
done:
	free(outlet);
	free(date);
	free(piece);
	return r;
}

/* ---- correcting ---------------------------------------------------------- */

/*
 * R: the correction (更正) of a published item: a new draft with the
 * published text (gk_publish_correct), opened in the draft form.  Asks
 * first when the core would take it; otherwise the core says why not.
 */
static int key_correct(struct ui *ui, struct screen *s)
{
	struct item_screen *is = item_of(s);
	struct gk_err err = {0};
	char new_id[GK_ID_HEX + 1], question[1024], title[1024];
	if (is->may_correct) {
		/* TRANSLATORS: %s is the title in 《》. */
		snprintf(question, sizeof question,
			 _("Correct %s in a new draft?"), "");
		ui_book_title(is->title,
			      ui->cols - ui_width(_("(y/n)")) - 3 -
				  ui_width(question),
			      title, sizeof title);
		snprintf(question, sizeof question,
			 _("Correct %s in a new draft?"), title);
		if (!ui_confirm(ui, question)) {
			ui_say(ui, "%s", _("Cancelled."));
			return UI_DRAW;
		}
	}
	if (gk_publish_correct(ui->store, ui->me.id, is->id, new_id, &err) <
	    0) {
		ui_error(ui, &err);
		return UI_DRAW;
	}
	/* The history of this item names the correction now. */
	build(ui, is);
	struct screen *draft = screen_draft_new(ui, new_id);
	if (!draft)
		return UI_CLEAR; /* it said why */
	ui_push(ui, draft);
	ui_say(ui, _("New draft %.8s: the correction of %s."), new_id,
	       is->index_no);
	return UI_CLEAR;
}

static const struct ui_binding item_keys[] = {
    {UI_ACT_EDIT, {'e'}, key_edit, NULL},
    {UI_ACT_EDIT_EXTERNAL, {'E'}, key_external, NULL},
    {UI_ACT_SUBMIT, {'s'}, key_submit, NULL},
    {UI_ACT_APPROVE, {'a'}, key_approve, NULL},
    {UI_ACT_RETURN, {'r'}, key_return, NULL},
    {UI_ACT_DIFF, {'d'}, key_diff, NULL},
    {UI_ACT_REVIEW,
     {'c'},
     key_checklist,
     N_("the confidentiality review: checklist and findings")},
    {UI_ACT_PUBLISH, {'p'}, key_publish, NULL},
    {UI_ACT_WITHDRAW, {'W'}, key_withdraw, NULL},
    {UI_ACT_DELIVERED, {'D'}, key_delivered, NULL},
    {UI_ACT_DELIVERY_FAILED, {'F'}, key_failed, NULL},
    {UI_ACT_RESEND, {'P'}, key_resend, NULL},
    {UI_ACT_COVERAGE, {'M'}, key_coverage, NULL},
    {UI_ACT_CORRECT, {'A'}, key_correct, NULL},
    {UI_ACT_NONE, {0}, NULL, NULL},
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
