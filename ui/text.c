/*
 * text — a read-only view of coloured lines, wrapped at whatever width the
 * terminal has now by the core's line breaker (gk_width_wrap, as the body
 * editor wraps); and a screen that shows one (help,
 * the results of a bulk action, a diff of two versions).
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "i18n.h"
#include "ui.h"

static int grow(struct ui_text *t)
{
	if (t->count < t->cap)
		return 0;
	int cap = t->cap ? t->cap * 2 : 32;
	struct ui_text_line *lines =
	    realloc(t->lines, (size_t)cap * sizeof *lines);
	if (!lines)
		return -1;
	t->lines = lines;
	t->cap = cap;
	return 0;
}

void ui_text_add(struct ui_text *t, int color, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = NULL;
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	/* One entry per line of the text. */
	const char *rest = text;
	do {
		const char *nl = strchr(rest, '\n');
		size_t len = nl ? (size_t)(nl - rest) : strlen(rest);
		char *copy = strndup(rest, len);
		if (!copy || grow(t)) {
			free(copy);
			break;
		}
		t->lines[t->count++] =
		    (struct ui_text_line){.text = copy,
					  .color = color,
					  .indent = (int)strspn(copy, " ")};
		rest = nl ? nl + 1 : NULL;
	} while (rest && *rest);
	free(text);
}

void ui_text_indent(struct ui_text *t, int indent)
{
	if (t->count)
		t->lines[t->count - 1].indent = indent;
}

void ui_text_mark(struct ui_text *t, int i, size_t from, size_t to)
{
	if (i < 0 || i >= t->count || to <= from)
		return;
	struct ui_text_line *line = &t->lines[i];
	struct ui_mark *marks =
	    realloc(line->marks, (size_t)(line->n_marks + 1) * sizeof *marks);
	if (!marks)
		return;
	marks[line->n_marks++] = (struct ui_mark){from, to};
	line->marks = marks;
}

void ui_text_clear(struct ui_text *t)
{
	for (int i = 0; i < t->count; i++) {
		free(t->lines[i].text);
		free(t->lines[i].marks);
	}
	free(t->lines);
	free(t->search);
	memset(t, 0, sizeof *t);
	t->match = -1;
}

/* The columns row r of a line may take: continued rows are indented. */
static int row_width(const struct ui_text_line *line, int r, int width)
{
	int indent = r > 0 && line->indent < width / 2 ? line->indent : 0;
	return width - indent;
}

/* Display rows line takes at width. */
static int rows_of(const struct ui_text_line *line, int width)
{
	const char *s = line->text;
	size_t len = strlen(s);
	int rows = 0, cols;
	do {
		size_t n =
		    gk_width_wrap(s, len, row_width(line, rows, width), &cols);
		s += n;
		len -= n;
		rows++;
	} while (len);
	return rows;
}

static int total_rows(const struct ui_text *t, int width)
{
	int rows = 0;
	for (int i = 0; i < t->count; i++)
		rows += rows_of(&t->lines[i], width);
	return rows;
}

void ui_text_scroll(struct ui *ui, struct ui_text *t, int rows, int height)
{
	int max = total_rows(t, ui->cols - 1) - height;
	t->top += rows;
	if (t->top > max)
		t->top = max;
	if (t->top < 0)
		t->top = 0;
}

/* Draw bytes [from, from + n) of line at (y, x) in width columns, its
 * marked parts reversed, padding the rest of the row. */
static void draw_piece(const struct ui_text_line *line, size_t from, size_t n,
		       int y, int x, int width, int attr)
{
	size_t at = from, end = from + n;
	for (int m = 0; m < line->n_marks && at < end; m++) {
		size_t mf = line->marks[m].from, mt = line->marks[m].to;
		if (mt <= at || mf >= end)
			continue;
		if (mf > at) {
			int w = ui_put_bytes(y, x, line->text + at, mf - at,
					     width, attr);
			x += w;
			width -= w;
			at = mf;
		}
		size_t stop = mt < end ? mt : end;
		int w = ui_put_bytes(y, x, line->text + at, stop - at, width,
				     attr | (int)A_REVERSE);
		x += w;
		width -= w;
		at = stop;
	}
	char *rest = strndup(line->text + at, end - at);
	if (rest)
		ui_put(y, x, rest, width, attr);
	free(rest);
}

void ui_text_draw(struct ui *ui, struct ui_text *t, int y, int height)
{
	int width = ui->cols - 1, row = 0;
	ui_text_scroll(ui, t, 0, height); /* the width may have changed */
	for (int i = 0; i < t->count && row - t->top < height; i++) {
		const char *s = t->lines[i].text;
		size_t len = strlen(s);
		int attr = i == t->match ? ui_attr(ui, UI_COLOR_CURSOR)
					 : ui_attr(ui, t->lines[i].color);
		int r = 0;
		do {
			int cols, w = row_width(&t->lines[i], r, width);
			size_t n = gk_width_wrap(s, len, w, &cols);
			if (row >= t->top && row - t->top < height)
				draw_piece(&t->lines[i],
					   (size_t)(s - t->lines[i].text), n,
					   y + row - t->top, width - w, w,
					   attr);
			s += n;
			len -= n;
			row++;
			r++;
		} while (len);
	}
}

int ui_text_find(struct ui *ui, struct ui_text *t, int dir, int height)
{
	int width = ui->cols - 1;
	if (!t->search || !t->search[0] || t->count == 0)
		return 0;
	/* Start after the current match, else from the top of the view. */
	int start = t->match;
	if (start < 0) {
		int row = 0;
		for (start = 0; start < t->count; start++) {
			row += rows_of(&t->lines[start], width);
			if (row > t->top)
				break;
		}
		start -= dir;
	}
	for (int k = 1; k <= t->count; k++) {
		int i = ((start + dir * k) % t->count + t->count) % t->count;
		if (strcasestr(t->lines[i].text, t->search)) {
			t->match = i;
			int row = 0;
			for (int j = 0; j < i; j++)
				row += rows_of(&t->lines[j], width);
			t->top = row - height / 3;
			ui_text_scroll(ui, t, 0, height);
			return 1;
		}
	}
	return 0;
}

/* ---- a screen of text -------------------------------------------------- */

struct text_screen {
	struct text_view view;
	char *title;
};

int ui_body_height(const struct ui *ui)
{
	return ui->rows - 3;
}

static void text_draw(struct ui *ui, struct screen *s)
{
	struct text_screen *ts = (struct text_screen *)s;
	ui_put(0, 0, ts->title, ui->cols, ui_attr(ui, UI_COLOR_TITLE));
	ui_text_draw(ui, &ts->view.text, 1, ui_body_height(ui));
}

int ui_text_percent(struct ui *ui, struct ui_text *t, int height)
{
	int total = total_rows(t, ui->cols - 1);
	int shown = t->top + height;
	return total <= 0 || shown >= total ? 100 : shown * 100 / total;
}

static void text_status(struct ui *ui, struct screen *s, char *out, size_t size)
{
	struct text_screen *ts = (struct text_screen *)s;
	snprintf(out, size, "%d%%",
		 ui_text_percent(ui, &ts->view.text, ui_body_height(ui)));
}

static const char *text_hint(struct ui *ui, struct screen *s)
{
	(void)ui;
	(void)s;
	return _("j k scroll · / search · q or Esc back");
}

static void text_leave(struct ui *ui, struct screen *s)
{
	struct text_screen *ts = (struct text_screen *)s;
	(void)ui;
	ui_text_clear(&ts->view.text);
	free(ts->title);
	free(ts);
}

/* The keys of every screen that begins with struct text_view. */
static struct ui_text *text_of(struct screen *s)
{
	return &((struct text_view *)s)->text;
}

static int key_down(struct ui *ui, struct screen *s)
{
	ui_text_scroll(ui, text_of(s), 1, ui_body_height(ui));
	return UI_DRAW;
}
static int key_up(struct ui *ui, struct screen *s)
{
	ui_text_scroll(ui, text_of(s), -1, ui_body_height(ui));
	return UI_DRAW;
}
static int key_page_down(struct ui *ui, struct screen *s)
{
	ui_text_scroll(ui, text_of(s), ui_body_height(ui) - 1,
		       ui_body_height(ui));
	return UI_DRAW;
}
static int key_page_up(struct ui *ui, struct screen *s)
{
	ui_text_scroll(ui, text_of(s), -(ui_body_height(ui) - 1),
		       ui_body_height(ui));
	return UI_DRAW;
}
static int key_top(struct ui *ui, struct screen *s)
{
	(void)ui;
	text_of(s)->top = 0;
	return UI_DRAW;
}
static int key_bottom(struct ui *ui, struct screen *s)
{
	ui_text_scroll(ui, text_of(s), 1 << 28, ui_body_height(ui));
	return UI_DRAW;
}
static int find(struct ui *ui, struct screen *s, int dir)
{
	struct ui_text *t = text_of(s);
	if (!t->search) {
		ui_fail(ui, "%s", _("Nothing to search for yet: / asks."));
		return UI_STATUS;
	}
	if (!ui_text_find(ui, t, dir, ui_body_height(ui)))
		ui_fail(ui, _("Not found: %s"), t->search);
	return UI_DRAW;
}
static int key_search(struct ui *ui, struct screen *s)
{
	char *what;
	if (!ui_ask(ui, _("Search:"), 1, &what))
		return UI_DRAW;
	struct ui_text *t = text_of(s);
	free(t->search);
	t->search = what;
	t->match = -1;
	return find(ui, s, 1);
}
static int key_next(struct ui *ui, struct screen *s)
{
	return find(ui, s, 1);
}
static int key_previous(struct ui *ui, struct screen *s)
{
	return find(ui, s, -1);
}

const struct ui_binding ui_scroll_keys[] = {
    {UI_ACT_DOWN, {'j', UI_KEY(KEY_DOWN)}, key_down, N_("scroll down a line")},
    {UI_ACT_UP, {'k', UI_KEY(KEY_UP)}, key_up, N_("scroll up a line")},
    {UI_ACT_PAGE_DOWN,
     {UI_CTRL('f'), UI_KEY(KEY_NPAGE), ' '},
     key_page_down,
     NULL},
    {UI_ACT_PAGE_UP, {UI_CTRL('b'), UI_KEY(KEY_PPAGE), '-'}, key_page_up, NULL},
    {UI_ACT_FIRST, {'g', UI_KEY(KEY_HOME)}, key_top, N_("go to the top")},
    {UI_ACT_LAST, {'G', UI_KEY(KEY_END)}, key_bottom, N_("go to the end")},
    {UI_ACT_SEARCH, {'/'}, key_search, NULL},
    {UI_ACT_NEXT_MATCH, {'n'}, key_next, NULL},
    {UI_ACT_PREVIOUS_MATCH, {'N'}, key_previous, NULL},
    {UI_ACT_NONE, {0}, NULL, NULL},
};

static const struct ui_binding *const text_keymaps[] = {ui_scroll_keys,
							ui_browse_keys, NULL};

const struct screen_ops screen_text_ops = {
    .name = N_("Reading"),
    .keymaps = text_keymaps,
    .draw = text_draw,
    .status = text_status,
    .hint = text_hint,
    .leave = text_leave,
};

struct screen *screen_text_new(const char *title, const char *text)
{
	struct text_screen *ts = calloc(1, sizeof *ts);
	if (!ts)
		return NULL;
	ts->view.base.ops = &screen_text_ops;
	ts->title = strdup(title);
	ts->view.base.name = ts->title;
	ts->view.text.match = -1;
	ui_text_add(&ts->view.text, UI_COLOR_NORMAL, "%s", text);
	return &ts->view.base;
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

struct screen *screen_diff_new(const char *title, const struct gk_item *old,
			       const struct gk_item *now, struct gk_err *err)
{
	struct gk_diff_line *lines = NULL;
	int n = 0;
	if (gk_diff_item(old, now, &lines, &n, err) < 0)
		return NULL;
	struct screen *ds = screen_text_new(title, "");
	if (!ds) {
		free(lines);
		gk_fail(err, GK_ENOMEM, "%s", _("Out of memory."));
		return NULL;
	}
	struct ui_text *t = &((struct text_view *)ds)->text;
	ui_text_clear(t);
	for (int i = 0; i < n; i++) {
		const struct gk_diff_line *l = &lines[i];
		int color = l->op == '+'   ? UI_COLOR_ADDED
			    : l->op == '-' ? UI_COLOR_REMOVED
					   : UI_COLOR_NORMAL;
		if (l->field)
			ui_text_add(t, color, _("%c %s: %.*s"), l->op, l->field,
				    (int)l->len, l->text);
		else
			ui_text_add(t, color, "%c %.*s", l->op, (int)l->len,
				    l->text);
		ui_text_indent(t, 2);
		mark_change(t, lines, n, i);
	}
	if (gk_diff_changes(lines, n) == 0)
		ui_text_add(t, UI_COLOR_DIM, "%s", _("Nothing changed."));
	free(lines);
	return ds;
}
