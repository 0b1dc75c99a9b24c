/*
 * screen_checklist — the confidentiality review (保密审查) of one item: the
 * checklist's questions with their answers, then what the scanner found
 * in the current version, each open or dismissed; below them, the
 * selected question in full or the finding in its context.  y / n answer,
 * e edits the note, C confirms answers given on an earlier version, m
 * masks a finding in a new version, I dismisses one with a reason, v
 * shows the printed record (保密审查单), a approves as on the item.  The title
 * line says what still stands between the item and its sign-off.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "secrecy.h"
#include "ui.h"

/* The rule and the detail below the list: at 80×24 the list keeps 16
 * rows, the 13 questions, a finding and the two headings. */
#define DETAIL_ROWS 5
#define CONTEXT	    30 /* characters shown each side of a finding */

/* A row of the list: a heading, a question or a finding. */
enum row_kind { ROW_HEADING, ROW_QUESTION, ROW_FINDING };
struct row {
	enum row_kind kind;
	int index; /* into entries or findings */
};

struct checklist_screen {
	struct list_view view; /* the rows; headings are passed over */
	char id[GK_ID_HEX + 1];
	char hash[GK_HASH_HEX + 1]; /* of the version shown */
	char title[GK_TITLE_MAX * 4 + 1];
	char *body;
	struct gk_checklist list;
	int loaded;
	int may_review; /* answer, redact, dismiss */
	int may_redact; /* the author of a draft may redact */
	char why_not[GK_ERR_MSG_MAX];
	struct row *rows;
	struct ui_text detail;
};

static struct checklist_screen *checklist_of(struct screen *s)
{
	return (struct checklist_screen *)s;
}

static void add_row(struct checklist_screen *cs, enum row_kind kind, int i)
{
	struct row *rows =
	    realloc(cs->rows, (size_t)(cs->view.list.count + 1) * sizeof *rows);
	if (!rows)
		return;
	cs->rows = rows;
	cs->rows[cs->view.list.count++] = (struct row){kind, i};
}

/* The list passes over the two headings. */
static int is_heading(const struct screen *s, int i)
{
	const struct checklist_screen *cs = (const struct checklist_screen *)s;
	return cs->rows[i].kind == ROW_HEADING;
}

/* Read the item and its review again; keep the selection in place. */
static void reload(struct ui *ui, struct checklist_screen *cs)
{
	struct gk_item item;
	struct gk_err err = {0};
	if (cs->loaded)
		gk_checklist_free(&cs->list);
	cs->loaded = 0;
	free(cs->rows);
	cs->rows = NULL;
	cs->view.list.count = 0;
	if (gk_doc_get(ui->store, cs->id, &item, &err) < 0) {
		ui_error(ui, &err);
		return;
	}
	memcpy(cs->hash, item.hash, sizeof cs->hash);
	snprintf(cs->title, sizeof cs->title, "%s", item.title);
	free(cs->body);
	cs->body = item.body;
	item.body = NULL;
	cs->may_review =
	    gk_secrecy_may_review(ui->store, &ui->me, &item, &err) == 0;
	snprintf(cs->why_not, sizeof cs->why_not, "%s", err.msg);
	cs->may_redact =
	    gk_secrecy_may_redact(ui->store, &ui->me, &item, &err) == 0;
	gk_item_free(&item);
	if (gk_secrecy_load(ui->store, cs->id, &cs->list, &err) < 0) {
		ui_error(ui, &err);
		return;
	}
	cs->loaded = 1;
	/* The findings first: few, and what most needs doing. */
	add_row(cs, ROW_HEADING, 1);
	for (int i = 0; i < cs->list.n_findings; i++)
		add_row(cs, ROW_FINDING, i);
	add_row(cs, ROW_HEADING, 0);
	for (int i = 0; i < cs->list.n_entries; i++)
		add_row(cs, ROW_QUESTION, i);
	ui_list_select(ui, &cs->view.base, cs->view.list.selected);
}

static const struct gk_check_entry *
selected_question(struct checklist_screen *cs)
{
	if (!cs->loaded || cs->view.list.selected < 0 ||
	    cs->view.list.selected >= cs->view.list.count ||
	    cs->rows[cs->view.list.selected].kind != ROW_QUESTION)
		return NULL;
	return &cs->list.entries[cs->rows[cs->view.list.selected].index];
}

/* The selected finding's number (1-based), or 0. */
static int selected_finding(struct checklist_screen *cs)
{
	if (!cs->loaded || cs->view.list.selected < 0 ||
	    cs->view.list.selected >= cs->view.list.count ||
	    cs->rows[cs->view.list.selected].kind != ROW_FINDING)
		return 0;
	return cs->rows[cs->view.list.selected].index + 1;
}

/* 是 / 否 / — with "(v1)" when stale, and the colour it shows in. */
static void answer_cell(struct ui *ui, const struct gk_check_entry *e,
			char *out, size_t size, int *attr)
{
	if (!e->answer[0]) {
		snprintf(out, size, "—");
		*attr = ui_attr(ui, UI_COLOR_DIM);
		return;
	}
	const char *word = gk_answer_label(e->answer);
	if (e->stale) {
		snprintf(out, size, "%s v%d", word, e->version);
		*attr = ui_attr(ui, UI_COLOR_TAGGED);
	} else {
		snprintf(out, size, "%s", word);
		*attr = e->blocking && strcmp(e->answer, "yes") == 0
			    ? ui_attr(ui, UI_COLOR_ERROR)
			    : ui_attr(ui, UI_COLOR_ADDED);
	}
}

static void draw_question(struct ui *ui, struct checklist_screen *cs, int y,
			  const struct gk_check_entry *e, int selected)
{
	char no[16], text[1024], answer[32],
	    who[GK_NAME_MAX * 4 + 1] = "", when[GK_TIME_LEN] = "";
	int answer_attr, attr = selected ? ui_attr(ui, UI_COLOR_CURSOR) : 0;
	int right = 6 + 9 + 12, width = ui->cols - 5 - right;
	(void)cs;
	snprintf(no, sizeof no, "%s%2d ", selected ? ">" : " ", e->no);
	snprintf(text, sizeof text, "%s%s", e->text,
		 e->blocking ? "" : _(" (informational)"));
	answer_cell(ui, e, answer, sizeof answer, &answer_attr);
	if (e->answer[0]) {
		snprintf(who, sizeof who, "%s", e->actor_name);
		ui_local_time(e->at, when, sizeof when);
	}
	ui_put(y, 0, no, 4, attr);
	ui_put(y, 4, text, width, attr);
	ui_put(y, 4 + width, " ", 1, attr);
	ui_put(y, 5 + width, answer, 6, selected ? attr : answer_attr);
	ui_put(y, 11 + width, who, 9, attr);
	/* "2026-11-28 10:02" without the year. */
	ui_put(y, 20 + width, when[0] ? when + 5 : "", ui->cols - 20 - width,
	       attr);
}

static void draw_finding(struct ui *ui, struct checklist_screen *cs, int y,
			 int i, int selected)
{
	const struct gk_item_finding *f = &cs->list.findings[i];
	char no[16], where[32], fate[1024];
	int attr = selected ? ui_attr(ui, UI_COLOR_CURSOR) : 0;
	snprintf(no, sizeof no, "%s%2d ", selected ? ">" : " ", i + 1);
	snprintf(where, sizeof where, "%d:%d", f->f.line, f->f.column);
	if (f->dismissed)
		snprintf(fate, sizeof fate, _("dismissed: %s"), f->reason);
	else
		snprintf(fate, sizeof fate, "%s", _("open"));
	int fate_attr = selected       ? attr
			: f->dismissed ? ui_attr(ui, UI_COLOR_DIM)
				       : ui_attr(ui, UI_COLOR_ERROR);
	ui_put(y, 0, no, 4, attr);
	ui_put(y, 4, gk_find_kind_label(f->f.kind), 17, attr);
	ui_put(y, 21, where, 8, attr);
	ui_put(y, 29, f->f.text, 24, attr);
	ui_put(y, 53, fate, ui->cols - 53, fate_attr);
}

static void draw_heading(struct ui *ui, struct checklist_screen *cs, int y,
			 int which)
{
	char line[256];
	if (which == 0)
		snprintf(line, sizeof line,
			 _("── Checklist (filled from step %d) ──"),
			 cs->list.fill_step);
	else if (cs->list.n_findings)
		snprintf(line, sizeof line,
			 _("── Found by the scanner in v%d (%d) ──"),
			 cs->list.version, cs->list.n_findings);
	else
		snprintf(line, sizeof line,
			 _("── The scanner found nothing in v%d ──"),
			 cs->list.version);
	ui_put(y, 0, line, ui->cols, ui_attr(ui, UI_COLOR_HEADER));
}

/* The selected question in full, or the finding in its line. */
static void build_detail(struct checklist_screen *cs)
{
	struct ui_text *t = &cs->detail;
	ui_text_clear(t);
	const struct gk_check_entry *e = selected_question(cs);
	int no = selected_finding(cs);
	if (e) {
		ui_text_add(t, UI_COLOR_NORMAL, "%d. %s%s%s%s", e->no, e->text,
			    e->hint[0] ? _(" (") : "", e->hint,
			    e->hint[0] ? _(")") : "");
		if (!e->answer[0]) {
			ui_text_add(t, UI_COLOR_DIM, "%s",
				    _("Not answered yet."));
			return;
		}
		char when[GK_TIME_LEN];
		ui_local_time(e->at, when, sizeof when);
		ui_text_add(t, e->stale ? UI_COLOR_TAGGED : UI_COLOR_NORMAL,
			    _("%s · %s (%s) · %s · v%d"),
			    gk_answer_label(e->answer), e->actor_name,
			    e->actor_login, when, e->version);
		if (e->stale) {
			/* On the answer's line: the detail has four rows. */
			char *line = t->lines[t->count - 1].text, *more;
			if (asprintf(&more,
				     _("%s — given on an earlier version: "
				       "C confirms"),
				     line) >= 0) {
				free(line);
				t->lines[t->count - 1].text = more;
			}
		}
		if (e->note[0])
			ui_text_add(t, UI_COLOR_NORMAL, _("Note: %s"), e->note);
		return;
	}
	if (!no || !cs->body)
		return;
	const struct gk_finding *f = &cs->list.findings[no - 1].f;
	/* Up to CONTEXT characters each side, within the finding's line. */
	size_t from = f->offset, to = f->offset + f->len;
	for (int k = 0; k < CONTEXT && from > 0 && cs->body[from - 1] != '\n';
	     k++)
		do
			from--;
		while (from > 0 && (cs->body[from] & 0xc0) == 0x80);
	for (int k = 0; k < CONTEXT && cs->body[to] && cs->body[to] != '\n';
	     k++)
		do
			to++;
		while ((cs->body[to] & 0xc0) == 0x80);
	ui_text_add(t, UI_COLOR_DIM, _("Line %d, column %d:"), f->line,
		    f->column);
	const char *before = from > 0 && cs->body[from - 1] != '\n' ? "…" : "";
	ui_text_add(t, UI_COLOR_NORMAL, "%s%.*s%s", before, (int)(to - from),
		    cs->body + from,
		    cs->body[to] && cs->body[to] != '\n' ? "…" : "");
	size_t start = strlen(before) + (f->offset - from);
	ui_text_mark(t, t->count - 1, start, start + f->len);
	const struct gk_item_finding *it = &cs->list.findings[no - 1];
	if (it->dismissed)
		ui_text_add(t, UI_COLOR_DIM, _("Dismissed by %s: %s"),
			    it->actor_name, it->reason);
	else if (f->kind == GK_FIND_MARKING)
		ui_text_add(t, UI_COLOR_TAGGED, "%s",
			    cs->may_review
				? _("A secrecy marking is not masked: the "
				    "item is declassified first, or I "
				    "dismisses it with the reason.")
				: _("A secrecy marking is not masked: the "
				    "item is declassified first."));
	else if (!gk_scan_maskable(f->kind))
		ui_text_add(t, UI_COLOR_TAGGED, "%s",
			    cs->may_review
				? _("Restricted wording is not masked: the "
				    "author rewrites it, or I dismisses it "
				    "with the reason.")
				: _("Restricted wording is not masked: edit "
				    "the text (e on the item)."));
}

static void checklist_draw(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	char title[GK_TITLE_MAX * 4 + 64], summary[256] = "",
					   cut[GK_TITLE_MAX * 4 + 16];
	struct ui_list *l = &cs->view.list;
	int height = ui_list_height(ui, l);

	if (cs->loaded)
		gk_secrecy_summary(&cs->list, summary, sizeof summary);
	/* The summary gives way before the title shrinks to nothing. */
	if (ui_width(summary) > ui->cols / 2) {
		char whole[256];
		snprintf(whole, sizeof whole, "%s", summary);
		ui_fit(whole, ui->cols / 2, 0, summary, sizeof summary);
	}
	int sw = ui_width(summary);
	ui_book_title(cs->title, ui->cols - sw - 12, cut, sizeof cut);
	/* TRANSLATORS: %s is the title in 《》. */
	snprintf(title, sizeof title, _("Review %s"), cut);
	ui_put(0, 0, title, ui->cols - sw - 1, ui_attr(ui, UI_COLOR_TITLE));
	ui_put(0, ui->cols - sw - 1, summary, sw + 1,
	       ui_attr(ui, UI_COLOR_TITLE));
	if (!cs->loaded)
		return;
	ui_list_show(ui, l);
	/* Show the heading above the first row when there is room. */
	if (l->top == 1 && l->selected < height)
		l->top = 0;
	for (int i = 0; i < height && l->top + i < l->count; i++) {
		const struct row *r = &cs->rows[l->top + i];
		int selected = l->top + i == l->selected;
		if (r->kind == ROW_HEADING)
			draw_heading(ui, cs, 1 + i, r->index);
		else if (r->kind == ROW_QUESTION)
			draw_question(ui, cs, 1 + i,
				      &cs->list.entries[r->index], selected);
		else
			draw_finding(ui, cs, 1 + i, r->index, selected);
	}
	int y = 1 + height;
	char rule[1024] = "";
	size_t used = 0;
	for (int i = 0; i < ui->cols && used + 4 < sizeof rule; i++)
		used += (size_t)snprintf(rule + used, sizeof rule - used, "─");
	ui_put(y, 0, rule, ui->cols, ui_attr(ui, UI_COLOR_DIM));
	build_detail(cs);
	ui_text_draw(ui, &cs->detail, y + 1, DETAIL_ROWS - 1);
}

static void checklist_status(struct ui *ui, struct screen *s, char *out,
			     size_t size)
{
	struct checklist_screen *cs = checklist_of(s);
	(void)ui;
	snprintf(out, size, "%.8s v%d", cs->id, cs->list.version);
}

static const char *checklist_hint(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	int no = selected_finding(cs);
	(void)ui;
	if (no) {
		int maskable =
		    gk_scan_maskable(cs->list.findings[no - 1].f.kind);
		if (cs->may_review)
			return maskable ? _("m mask · I dismiss · j k move · v "
					    "record · a approve · ? keys · q "
					    "back")
					: _("I dismiss · j k move · v record · "
					    "a approve · ? keys · q back");
		if (cs->may_redact && maskable)
			return _("m mask · j k move · v record · ? keys · q "
				 "back");
		return _("j k move · v record · ? keys · q back");
	}
	if (cs->may_review)
		return cs->list.stale
			   ? _("y 是 · n 否 · e note · C confirm all · j k "
			       "move "
			       "· a approve · ? keys · q back")
			   : _("y 是 · n 否 · e note · j k move · v record · a "
			       "approve · ? keys · q back");
	return _("j k move · v record · ? keys · q back");
}

static void checklist_enter(struct ui *ui, struct screen *s)
{
	reload(ui, checklist_of(s));
}

static void checklist_leave(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	(void)ui;
	if (cs->loaded)
		gk_checklist_free(&cs->list);
	ui_text_clear(&cs->detail);
	free(cs->rows);
	free(cs->body);
	free(cs);
}

/* ---- moving ------------------------------------------------------------ */

/* Jump between the questions and the findings. */
static int key_other_part(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	if (selected_finding(cs))
		cs->view.list.selected = cs->list.n_findings + 2;
	else if (cs->list.n_findings == 0) {
		ui_say(ui, "%s", _("The scanner found nothing."));
		return UI_STATUS;
	} else
		cs->view.list.selected = 1;
	return UI_DRAW;
}

/* ---- acting ------------------------------------------------------------ */

/* 0 when this user may act on the review now, else say why. */
static int refused(struct ui *ui, struct checklist_screen *cs)
{
	if (cs->may_review)
		return 0;
	ui_fail(ui, "%s", cs->why_not);
	return 1;
}

static int answer(struct ui *ui, struct screen *s, const char *value,
		  int ask_note)
{
	struct checklist_screen *cs = checklist_of(s);
	const struct gk_check_entry *e = selected_question(cs);
	struct gk_err err = {0};
	char *note = NULL, label[512];
	if (!e) {
		ui_fail(ui, "%s", _("Move to a question first (j, k)."));
		return UI_STATUS;
	}
	if (refused(ui, cs))
		return UI_STATUS;
	int yes = strcmp(value, "yes") == 0;
	if (ask_note) {
		snprintf(label, sizeof label,
			 yes && e->blocking ? _("%d 是 — note (required):")
					    : _("%d %s — note (optional):"),
			 e->no, gk_answer_label(value));
		if (!ui_ask_initial(ui, label, e->note, yes && e->blocking,
				    &note))
			return UI_DRAW;
	}
	if (gk_secrecy_answer(
		ui->store, ui->me.id, cs->id, e->code, value,
		note ? note : (strcmp(e->answer, value) == 0 ? e->note : NULL),
		&err) < 0)
		ui_error(ui, &err);
	else {
		ui_say(ui, _("Question %d: %s."), e->no,
		       gk_answer_label(value));
		reload(ui, cs);
		/* On to the next question, if there is one. */
		if (!ask_note &&
		    cs->view.list.selected + 1 < cs->view.list.count &&
		    cs->rows[cs->view.list.selected + 1].kind == ROW_QUESTION)
			cs->view.list.selected++;
	}
	free(note);
	return UI_DRAW;
}

static int key_yes(struct ui *ui, struct screen *s)
{
	const struct gk_check_entry *e = selected_question(checklist_of(s));
	/* 是 to a blocking question needs its note; ask for it at once. */
	return answer(ui, s, "yes", e && e->blocking);
}
static int key_no(struct ui *ui, struct screen *s)
{
	return answer(ui, s, "no", 0);
}
static int key_note(struct ui *ui, struct screen *s)
{
	const struct gk_check_entry *e = selected_question(checklist_of(s));
	if (e && !e->answer[0]) {
		ui_fail(ui, "%s",
			_("Answer first (y 是, n 否); then e adds a "
			  "note."));
		return UI_STATUS;
	}
	return answer(ui, s, e ? e->answer : "no", 1);
}

static int key_confirm(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	struct gk_err err = {0};
	char question[512];
	int n;
	if (refused(ui, cs))
		return UI_STATUS;
	if (cs->list.stale == 0) {
		ui_say(ui, "%s", _("No answer needs confirming."));
		return UI_STATUS;
	}
	snprintf(question, sizeof question,
		 ngettext("Confirm %d answer given on an earlier version, "
			  "unchanged, for v%d?",
			  "Confirm %d answers given on earlier versions, "
			  "unchanged, for v%d?",
			  (unsigned long)cs->list.stale),
		 cs->list.stale, cs->list.version);
	if (!ui_confirm(ui, question)) {
		ui_say(ui, "%s", _("Cancelled."));
		return UI_DRAW;
	}
	if (gk_secrecy_confirm(ui->store, ui->me.id, cs->id, &n, &err) < 0)
		ui_error(ui, &err);
	else
		ui_say(ui,
		       ngettext("%d answer confirmed.", "%d answers confirmed.",
				(unsigned long)n),
		       n);
	reload(ui, cs);
	return UI_DRAW;
}

static int key_redact(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	struct gk_err err = {0};
	char question[1024], *masked = NULL;
	int no = selected_finding(cs);
	if (!no) {
		ui_fail(ui, "%s",
			_("Move to a finding first (g goes to the "
			  "top)."));
		return UI_STATUS;
	}
	if (!cs->may_redact) {
		ui_fail(ui, "%s", cs->why_not);
		return UI_STATUS;
	}
	const struct gk_finding *f = &cs->list.findings[no - 1].f;
	if (gk_scan_mask(f, &masked, &err) < 0) {
		ui_error(ui, &err);
		return UI_STATUS;
	}
	snprintf(question, sizeof question,
		 _("Mask %s as %s in a new version v%d?"), f->text, masked,
		 cs->list.version + 1);
	free(masked);
	if (!ui_confirm(ui, question)) {
		ui_say(ui, "%s", _("Cancelled."));
		return UI_DRAW;
	}
	if (gk_secrecy_redact(ui->store, ui->me.id, cs->id, &no, 1, cs->hash,
			      &err) < 0)
		ui_error(ui, &err);
	else
		ui_say(ui, "%s",
		       _("Masked in a new version. Answers given before "
			 "it must be confirmed (C)."));
	reload(ui, cs);
	return UI_CLEAR;
}

static int key_dismiss(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	struct gk_err err = {0};
	char *reason;
	int no = selected_finding(cs);
	if (!no) {
		ui_fail(ui, "%s",
			_("Move to a finding first (g goes to the "
			  "top)."));
		return UI_STATUS;
	}
	if (refused(ui, cs))
		return UI_STATUS;
	if (!ui_ask(ui, _("Why may it be published (required):"), 1, &reason))
		return UI_DRAW;
	if (gk_secrecy_dismiss(ui->store, ui->me.id, cs->id, no, cs->hash,
			       reason, &err) < 0)
		ui_error(ui, &err);
	else
		ui_say(ui, _("Finding %d dismissed."), no);
	free(reason);
	reload(ui, cs);
	return UI_DRAW;
}

static int key_record(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	struct gk_err err = {0};
	char *record;
	if (gk_secrecy_record(ui->store, cs->id, GK_RECORD_TEXT, &record,
			      &err) < 0) {
		ui_error(ui, &err);
		return UI_STATUS;
	}
	/* The record's first line is its title: the screen's title. */
	char *rest = record + strcspn(record, "\n");
	if (*rest)
		*rest++ = '\0';
	ui_push(ui, screen_text_new(record, rest));
	ui_say(ui,
	       _("To print or file it: gongkai checklist %.8s --print "
		 "[--format html]"),
	       cs->id);
	free(record);
	return UI_CLEAR;
}

static int key_approve(struct ui *ui, struct screen *s)
{
	struct checklist_screen *cs = checklist_of(s);
	int r = ui_act_approve(ui, cs->id, cs->hash);
	reload(ui, cs);
	return r;
}

static const struct ui_binding checklist_move_keys[] = {
    {UI_ACT_NEXT_PART,
     {'\t'},
     key_other_part,
     N_("jump between the questions and the findings")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding checklist_action_keys[] = {
    {UI_ACT_ANSWER_YES, {'y'}, key_yes, NULL},
    {UI_ACT_ANSWER_NO, {'n'}, key_no, NULL},
    {UI_ACT_EDIT,
     {'e'},
     key_note,
     N_("write or change the note of the answer")},
    {UI_ACT_CONFIRM_ANSWERS, {'C'}, key_confirm, NULL},
    {UI_ACT_MASK, {'m'}, key_redact, NULL},
    {UI_ACT_DISMISS, {'I'}, key_dismiss, NULL},
    {UI_ACT_RECORD, {'v'}, key_record, NULL},
    {UI_ACT_APPROVE, {'a'}, key_approve, NULL},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const checklist_keymaps[] = {
    ui_list_keys, checklist_move_keys, checklist_action_keys, ui_browse_keys,
    NULL};

const struct screen_ops screen_checklist_ops = {
    .name = N_("Confidentiality review"),
    .keymaps = checklist_keymaps,
    .enter = checklist_enter,
    .draw = checklist_draw,
    .status = checklist_status,
    .hint = checklist_hint,
    .leave = checklist_leave,
};

struct screen *screen_checklist_new(struct ui *ui, const char *item_id)
{
	struct checklist_screen *cs = calloc(1, sizeof *cs);
	(void)ui;
	if (!cs)
		return NULL;
	cs->view.base.ops = &screen_checklist_ops;
	cs->view.list.chrome = 3 + DETAIL_ROWS;
	cs->view.list.is_heading = is_heading;
	cs->detail.match = -1;
	cs->view.list.selected = 1;
	snprintf(cs->id, sizeof cs->id, "%s", item_id);
	return &cs->view.base;
}
