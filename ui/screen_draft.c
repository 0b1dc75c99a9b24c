/*
 * screen_draft — the form for a new draft or an edit: title, 栏目, 文号,
 * 公开属性, and the body in the built-in editor below.  Nothing is saved
 * until Ctrl-S; Esc cancels (asking first when something changed).
 * Ctrl-E hands the body to $EDITOR, as mutt and git do.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "i18n.h"
#include "text.h"
#include "ui.h"

enum { F_TITLE, F_CATEGORY, F_DOC_NO, F_ATTR, F_BODY, F_COUNT };

static const char *const attr_keys[] = {
#define ATTR_KEY(name, key, label) key,
    GK_ATTRS(ATTR_KEY)
#undef ATTR_KEY
};
#define N_ATTRS (int)(sizeof attr_keys / sizeof attr_keys[0])

struct draft_screen {
	struct screen base;
	char id[GK_ID_HEX + 1]; /* "" for a new draft */
	struct ui_line title, doc_no;
	struct gk_category *categories;
	int ncategories, category, attr;
	struct ui_editor body;
	struct ui_form form; /* the focus; the title and 文号 are lines */
	struct ui_line *lines[F_COUNT];
	/* What the fields held when the form opened. */
	char *was_title, *was_doc_no, *was_body;
	char *note; /* the comment the item came back with, or NULL */
	int was_category, was_attr;
};

static struct draft_screen *draft_of(struct screen *s)
{
	return (struct draft_screen *)s;
}

#define LABEL_W 10
/* The body starts below the fields, the reviewer's note (if any) and
 * its bar. */
static int body_y(const struct draft_screen *ds)
{
	return ds->note ? 7 : 6;
}

static int body_height(const struct ui *ui, const struct draft_screen *ds)
{
	return ui->rows - 2 - body_y(ds);
}

static void draft_draw(struct ui *ui, struct screen *s)
{
	struct draft_screen *ds = draft_of(s);
	char heading[1024];
	if (ds->id[0])
		snprintf(heading, sizeof heading, _("Edit %.8s"), ds->id);
	else
		snprintf(heading, sizeof heading, "%s", _("New draft"));
	ui_put(0, 0, heading, ui->cols, ui_attr(ui, UI_COLOR_TITLE));

	const char *labels[F_COUNT] = {_("Title"), _("Category"), _("Doc no."),
				       _("Disclosure"), _("Body")};
	int x = LABEL_W + 1, width = ui->cols - x - 1;
	for (int f = 0; f < F_BODY; f++)
		ui_put(1 + f, 0, labels[f], LABEL_W,
		       ds->form.focus == f ? (int)A_BOLD : 0);
	int field = ui_attr(ui, UI_COLOR_FIELD);
	ui_line_draw(ui, &ds->title, 1, x, width, ds->form.focus == F_TITLE,
		     field);
	char choice[512];
	snprintf(choice, sizeof choice, "◀ %s ▶",
		 ds->ncategories ? ds->categories[ds->category].name : "—");
	ui_put(2, x, choice, width, ds->form.focus == F_CATEGORY ? field : 0);
	ui_line_draw(ui, &ds->doc_no, 3, x, width, ds->form.focus == F_DOC_NO,
		     field);
	snprintf(choice, sizeof choice, "◀ %s ▶",
		 gk_attr_label(attr_keys[ds->attr]));
	ui_put(4, x, choice, width, ds->form.focus == F_ATTR ? field : 0);
	if (ds->form.focus == F_CATEGORY || ds->form.focus == F_ATTR) {
		ui->cursor_y = ds->form.focus == F_CATEGORY ? 2 : 4;
		ui->cursor_x = x;
	}
	if (ds->note)
		ui_put(5, 0, ds->note, ui->cols, ui_attr(ui, UI_COLOR_ERROR));
	char bar[512];
	snprintf(bar, sizeof bar, "── %s ── %s", labels[F_BODY],
		 _("Ctrl-S save · Esc cancel · Tab next field · Ctrl-E "
		   "external editor · F1 keys"));
	ui_put(body_y(ds) - 1, 0, bar, ui->cols,
	       ds->form.focus == F_BODY
		   ? ui_attr(ui, UI_COLOR_HEADER) | (int)A_BOLD
		   : ui_attr(ui, UI_COLOR_HEADER));
	ui_editor_draw(ui, &ds->body, body_y(ds), 0, ui->cols,
		       body_height(ui, ds), ds->form.focus == F_BODY);
}

static int key_next(struct ui *ui, struct screen *s)
{
	return ui_form_move(ui, s, &draft_of(s)->form, 1);
}

static int key_previous(struct ui *ui, struct screen *s)
{
	return ui_form_move(ui, s, &draft_of(s)->form, -1);
}

/* The fields as they are now (malloc'd strings; free with free_now). */
struct now {
	char *title, *doc_no, *body;
};

static int take(struct draft_screen *ds, struct now *n)
{
	n->title = ui_line_get(&ds->title);
	n->doc_no = ui_line_get(&ds->doc_no);
	n->body = ui_editor_get(&ds->body);
	return n->title && n->doc_no && n->body ? 0 : -1;
}

static void free_now(struct now *n)
{
	free(n->title);
	free(n->doc_no);
	free(n->body);
}

static int changed(struct draft_screen *ds, const struct now *n)
{
	return strcmp(n->title, ds->was_title) != 0 ||
	       strcmp(n->doc_no, ds->was_doc_no) != 0 ||
	       strcmp(n->body, ds->was_body) != 0 ||
	       ds->category != ds->was_category || ds->attr != ds->was_attr;
}

/*
 * Save the fields in n, with title, as a new draft (its id into id) or as
 * a new version of the item being edited, which names only what changed
 * so the version says what was edited.  The core's return code.
 */
static int store_draft(struct ui *ui, struct draft_screen *ds,
		       const struct now *n, const char *title,
		       char id[GK_ID_HEX + 1], struct gk_err *err)
{
	const char *category =
	    ds->ncategories ? ds->categories[ds->category].name : "";
	if (!ds->id[0]) {
		struct gk_draft d = {title, n->body, n->doc_no, category,
				     attr_keys[ds->attr]};
		return gk_doc_create(ui->store, ui->me.id, &d, id, err);
	}
	struct gk_draft d = {
	    strcmp(title, ds->was_title) ? title : NULL,
	    strcmp(n->body, ds->was_body) ? n->body : NULL,
	    strcmp(n->doc_no, ds->was_doc_no) ? n->doc_no : NULL,
	    ds->category != ds->was_category ? category : NULL,
	    ds->attr != ds->was_attr ? attr_keys[ds->attr] : NULL};
	memcpy(id, ds->id, GK_ID_HEX + 1);
	return gk_doc_edit(ui->store, ui->me.id, ds->id, &d, err);
}

static int key_save(struct ui *ui, struct screen *s)
{
	struct draft_screen *ds = draft_of(s);
	struct gk_err err = {0};
	struct now n;
	if (take(ds, &n) < 0) {
		free_now(&n);
		ui_fail(ui, "%s", _("Out of memory."));
		return UI_STATUS;
	}
	char id[GK_ID_HEX + 1];
	if (ds->id[0] && !changed(ds, &n)) {
		free_now(&n);
		ui_say(ui, "%s", _("Nothing changed; Esc leaves."));
		return UI_STATUS;
	}
	int rc = store_draft(ui, ds, &n, n.title, id, &err);
	if (rc < 0) {
		free_now(&n);
		ui_error(ui, &err);
		return UI_DRAW;
	}
	char title[256];
	ui_book_title(n.title, 34, title, sizeof title);
	/* TRANSLATORS: %s is the title in 《》. */
	ui_say(ui, _("Saved %s (%.8s). s sends it to review."), title, id);
	free_now(&n);
	/* Show the saved item, where s submits it. */
	char message[sizeof ui->message];
	memcpy(message, ui->message, sizeof message);
	ui_pop(ui);
	if (!screen_item_shows(ui->top, id))
		ui_push(ui, screen_item_new(ui, id));
	memcpy(ui->message, message, sizeof message);
	ui->message_is_error = 0;
	return UI_CLEAR;
}

/*
 * The terminal went away with the form open: keep the work as a draft (a
 * new one gets a title saying what happened when it had none), or as a
 * new version of the item being edited.  Nobody is there to ask.
 */
static void draft_rescue(struct ui *ui, struct screen *s)
{
	struct draft_screen *ds = draft_of(s);
	struct gk_err err = {0};
	struct now n;
	char id[GK_ID_HEX + 1];
	if (take(ds, &n) < 0 || !changed(ds, &n)) {
		free_now(&n);
		return;
	}
	const char *title =
	    gk_text_blank(n.title)
		? _("Untitled draft (kept when the window closed)")
		: n.title;
	store_draft(ui, ds, &n, title, id, &err);
	free_now(&n);
}

static int draft_unsaved(struct ui *ui, struct screen *s)
{
	struct now n;
	(void)ui;
	int dirty = take(draft_of(s), &n) < 0 || changed(draft_of(s), &n);
	free_now(&n);
	return dirty;
}

static int key_cancel(struct ui *ui, struct screen *s)
{
	int dirty = draft_unsaved(ui, s);
	if (dirty && !ui_confirm(ui, _("Throw away your changes?")))
		return UI_DRAW;
	ui_pop(ui);
	ui_say(ui, "%s", dirty ? _("Changes thrown away.") : _("Cancelled."));
	return UI_CLEAR;
}

static int key_external(struct ui *ui, struct screen *s)
{
	struct draft_screen *ds = draft_of(s);
	char *text = ui_editor_get(&ds->body), *edited = NULL;
	if (!text)
		return UI_STATUS;
	if (ui_run_editor(ui, text, &edited) == 0 && edited) {
		size_t pos = ds->body.pos;
		ui_editor_free(&ds->body);
		ui_editor_init(&ds->body, edited);
		ds->body.pos = pos < ds->body.len ? pos : ds->body.len;
		ds->body.modified = 1;
		ui_say(ui, "%s",
		       _("The body came back from the editor; "
			 "Ctrl-S saves."));
	}
	free(text);
	free(edited);
	ds->form.focus = F_BODY;
	return UI_CLEAR;
}

static int cycle(struct draft_screen *ds, int dir)
{
	if (ds->form.focus == F_CATEGORY && ds->ncategories)
		ds->category =
		    (ds->category + dir + ds->ncategories) % ds->ncategories;
	else if (ds->form.focus == F_ATTR)
		ds->attr = (ds->attr + dir + N_ATTRS) % N_ATTRS;
	else
		return 0;
	return 1;
}

static int draft_input(struct ui *ui, struct screen *s, int key)
{
	struct draft_screen *ds = draft_of(s);
	switch (ds->form.focus) {
	case F_BODY:
		if (ui_editor_key(&ds->body, key, ui->cols,
				  body_height(ui, ds)))
			return UI_DRAW;
		break;
	case F_TITLE:
	case F_DOC_NO: return ui_form_key(ui, s, &ds->form, key);
	default:
		if ((key == UI_KEY(KEY_RIGHT) || key == ' ' || key == 'l') &&
		    cycle(ds, 1))
			return UI_DRAW;
		if ((key == UI_KEY(KEY_LEFT) || key == 'h') && cycle(ds, -1))
			return UI_DRAW;
		return ui_form_key(ui, s, &ds->form, key);
	}
	return UI_UNBOUND;
}

static void draft_status(struct ui *ui, struct screen *s, char *out,
			 size_t size)
{
	struct draft_screen *ds = draft_of(s);
	int line, column;
	(void)ui;
	if (ds->form.focus != F_BODY) {
		out[0] = '\0';
		return;
	}
	ui_editor_position(&ds->body, &line, &column);
	snprintf(out, size, _("line %d, character %d"), line, column);
}

static void draft_leave(struct ui *ui, struct screen *s)
{
	struct draft_screen *ds = draft_of(s);
	(void)ui;
	ui_line_free(&ds->title);
	ui_line_free(&ds->doc_no);
	ui_editor_free(&ds->body);
	free(ds->categories);
	free(ds->was_title);
	free(ds->was_doc_no);
	free(ds->was_body);
	free(ds->note);
	free(ds);
}

static const struct ui_binding draft_keys[] = {
    {UI_ACT_ACCEPT, {UI_CTRL('s'), UI_KEY(KEY_F(2))}, key_save, NULL},
    {UI_ACT_CANCEL,
     {UI_ESC, UI_CTRL('g')},
     key_cancel,
     N_("cancel (asks when something changed)")},
    {UI_ACT_NEXT_PART, {'\t'}, key_next, NULL},
    {UI_ACT_PREVIOUS_PART, {UI_KEY(KEY_BTAB)}, key_previous, NULL},
    {UI_ACT_EDIT_EXTERNAL, {UI_CTRL('e')}, key_external, NULL},
    {UI_ACT_HELP, {UI_KEY(KEY_F(1))}, ui_key_help, NULL},
    {UI_ACT_REDRAW, {UI_CTRL('l')}, ui_key_redraw, NULL},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding editor_keys[] = {
    {UI_ACT_INPUT,
     {UI_KEY(KEY_LEFT), UI_KEY(KEY_RIGHT)},
     NULL,
     N_("move by character; in 栏目 and 公开属性: choose")},
    {UI_ACT_INPUT,
     {UI_KEY(KEY_UP), UI_KEY(KEY_DOWN)},
     NULL,
     N_("move by line (in the body), else between fields")},
    {UI_ACT_INPUT,
     {UI_KEY(KEY_HOME), UI_KEY(KEY_END)},
     NULL,
     N_("start or end of the row; with Ctrl: of the whole body")},
    {UI_ACT_INPUT,
     {UI_KEY(KEY_PPAGE), UI_KEY(KEY_NPAGE)},
     NULL,
     N_("page up or down in the body")},
    {UI_ACT_INPUT,
     {UI_KEY(KEY_BACKSPACE), UI_KEY(KEY_DC)},
     NULL,
     N_("delete before or at the cursor")},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const draft_keymaps[] = {draft_keys, NULL};

const struct screen_ops screen_draft_ops = {
    .name = N_("Draft"),
    .keymaps = draft_keymaps,
    .input_keys = editor_keys,
    .draw = draft_draw,
    .input = draft_input,
    .status = draft_status,
    .unsaved = draft_unsaved,
    .rescue = draft_rescue,
    .leave = draft_leave,
};

struct screen *screen_draft_new(struct ui *ui, const char *item_id)
{
	struct gk_err err = {0};
	struct gk_item item = {0};
	if (item_id) {
		if (ui_load_editable(ui, item_id, &item) < 0)
			return NULL;
	} else if (!(ui->me.roles & GK_ROLE_DRAFTER)) {
		ui_fail(ui, "%s", _("Only drafters write new items."));
		return NULL;
	}
	struct draft_screen *ds = calloc(1, sizeof *ds);
	if (!ds) {
		gk_item_free(&item);
		return NULL;
	}
	ds->base.ops = &screen_draft_ops;
	ds->lines[F_TITLE] = &ds->title;
	ds->lines[F_DOC_NO] = &ds->doc_no;
	ds->form = (struct ui_form){.lines = ds->lines, .count = F_COUNT};
	if (gk_category_list(ui->store, &ds->categories, &ds->ncategories,
			     &err) < 0)
		ui_error(ui, &err);
	if (item_id) {
		snprintf(ds->id, sizeof ds->id, "%s", item_id);
		for (int c = 0; c < ds->ncategories; c++)
			if (strcmp(ds->categories[c].name, item.category) == 0)
				ds->category = c;
		for (int a = 0; a < N_ATTRS; a++)
			if (strcmp(attr_keys[a], item.attr) == 0)
				ds->attr = a;
	}
	char note[2048];
	int returned;
	if (item_id &&
	    ui_latest_comment(ui, &item, note, sizeof note, &returned))
		ds->note = strdup(note);
	ui_line_init(&ds->title, GK_TITLE_MAX, item_id ? item.title : "");
	ui_line_init(&ds->doc_no, GK_DOC_NO_MAX, item_id ? item.doc_no : "");
	ui_editor_init(&ds->body, item_id ? item.body : "");
	ds->was_title = ui_line_get(&ds->title);
	ds->was_doc_no = ui_line_get(&ds->doc_no);
	ds->was_body = ui_editor_get(&ds->body);
	ds->was_category = ds->category;
	ds->was_attr = ds->attr;
	gk_item_free(&item);
	if (!ds->was_title || !ds->was_doc_no || !ds->was_body) {
		draft_leave(ui, &ds->base);
		return NULL;
	}
	return &ds->base;
}
