/*
 * editor — the built-in multi-line editor for bodies.  The text is wide
 * characters; it is wrapped into display rows by the core's line breaker
 * (src/width.h: a Chinese character takes two columns, no row begins with
 * ，or 》, numbers stay whole), so it wraps as the item view does.  The
 * cursor moves by character left and right and by display column up and
 * down, keeping the column it wanted (as every editor does) across short
 * rows.
 *
 * One column is kept free at the right edge so the cursor after the last
 * character of a full row still has a place.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui.h"

static int reserve(struct ui_editor *e, size_t n)
{
	if (n <= e->cap)
		return 0;
	size_t cap = n * 2 + 64;
	wchar_t *text = realloc(e->text, cap * sizeof *text);
	if (!text)
		return -1;
	e->text = text;
	e->cap = cap;
	return 0;
}

void ui_editor_init(struct ui_editor *e, const char *utf8)
{
	memset(e, 0, sizeof *e);
	size_t n = utf8 ? mbstowcs(NULL, utf8, 0) : 0;
	if (n == (size_t)-1)
		n = 0;
	if (reserve(e, n + 1))
		return;
	if (n)
		mbstowcs(e->text, utf8, n + 1);
	e->len = n;
}

void ui_editor_free(struct ui_editor *e)
{
	free(e->text);
	memset(e, 0, sizeof *e);
}

char *ui_editor_get(const struct ui_editor *e)
{
	return gk_width_encode(e->text, e->len);
}

/* Stand-ins for the two keys without a fixed code. */
#define UI_CTRL_HOME (UI_FKEY | 0x10001)
#define UI_CTRL_END  (UI_FKEY | 0x10002)

void ui_editor_position(const struct ui_editor *e, int *line, int *column)
{
	*line = 1;
	*column = 1;
	for (size_t i = 0; i < e->pos; i++) {
		if (e->text[i] == L'\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
	}
}

static int width_at(const struct ui_editor *e, size_t i)
{
	return gk_width_char(e->text[i]);
}

/* The display row starting at start: its end (exclusive) and where the
 * next row starts (past a newline; == end after a wrap).  The rows are the
 * core's (gk_width_wrap_wide), as the text views' and the CLI's are. */
static void row(const struct ui_editor *e, size_t start, int width, size_t *end,
		size_t *next)
{
	int cols;
	size_t j = start + gk_width_wrap_wide(e->text + start, e->len - start,
					      width, &cols);
	*end = j;
	*next = j < e->len && e->text[j] == L'\n' ? j + 1 : j;
}

/* Whether the row from start to end ended by wrapping. */
static int wrapped(const struct ui_editor *e, size_t end)
{
	return end < e->len && e->text[end] != L'\n';
}

/* The start of the display row holding position i. */
static size_t row_at(const struct ui_editor *e, size_t i, int width)
{
	size_t s = i;
	while (s > 0 && e->text[s - 1] != L'\n')
		s--;
	for (;;) {
		size_t end, next;
		row(e, s, width, &end, &next);
		if (i < end || !wrapped(e, end))
			return s;
		s = next;
	}
}

static int column_of(const struct ui_editor *e, size_t i, int width)
{
	int col = 0;
	for (size_t j = row_at(e, i, width); j < i; j++)
		col += width_at(e, j);
	return col;
}

/* The position in the row at start closest to display column goal. */
static size_t at_column(const struct ui_editor *e, size_t start, int width,
			int goal)
{
	size_t end, next, j = start;
	int col = 0;
	row(e, start, width, &end, &next);
	while (j < end && col + width_at(e, j) <= goal)
		col += width_at(e, j++);
	/* After a wrap, the end belongs to the next row. */
	if (j == end && wrapped(e, end) && j > start)
		j--;
	return j;
}

static int insert(struct ui_editor *e, wchar_t c)
{
	if (reserve(e, e->len + 2))
		return 0;
	memmove(e->text + e->pos + 1, e->text + e->pos,
		(e->len - e->pos) * sizeof *e->text);
	e->text[e->pos++] = c;
	e->len++;
	e->modified = 1;
	return 1;
}

static void delete_at(struct ui_editor *e, size_t i)
{
	if (i >= e->len)
		return;
	memmove(e->text + i, e->text + i + 1,
		(e->len - i - 1) * sizeof *e->text);
	e->len--;
	e->modified = 1;
}

static void move_rows(struct ui_editor *e, int rows, int width)
{
	for (; rows > 0; rows--) {
		size_t end, next, s = row_at(e, e->pos, width);
		row(e, s, width, &end, &next);
		if (next == end && !wrapped(e, end)) {
			e->pos = e->len; /* the last row */
			return;
		}
		e->pos = at_column(e, next, width, e->goal);
	}
	for (; rows < 0; rows++) {
		size_t s = row_at(e, e->pos, width);
		if (s == 0) {
			e->pos = 0;
			return;
		}
		e->pos = at_column(e, row_at(e, s - 1, width), width, e->goal);
	}
}

/* Scroll so the cursor's row is shown. */
static void follow(struct ui_editor *e, int width, int height)
{
	size_t cursor_row = row_at(e, e->pos, width);
	e->top = row_at(e, e->top > e->len ? e->len : e->top, width);
	if (cursor_row < e->top) {
		e->top = cursor_row;
		return;
	}
	int rows = 0;
	for (size_t s = e->top; s < cursor_row; rows++) {
		size_t end, next;
		row(e, s, width, &end, &next);
		s = next;
	}
	for (; rows >= height; rows--) {
		size_t end, next;
		row(e, e->top, width, &end, &next);
		e->top = next;
	}
}

int ui_editor_key(struct ui_editor *e, int key, int width, int height)
{
	int cols = width - 1, vertical = 0;
	if (cols < 1)
		cols = 1;
	/* Pasted text goes in as it is, Tabs and line ends included. */
	if (key & UI_PASTED) {
		key &= ~UI_PASTED;
		if (key == '\t' || key == '\n' || key >= 32)
			insert(e, (wchar_t)key);
		e->goal = column_of(e, e->pos, cols);
		follow(e, cols, height);
		return 1;
	}
	/* Ctrl-Home and Ctrl-End have no fixed code; terminfo names them. */
	const char *name = key & UI_FKEY ? keyname(key & ~UI_FKEY) : NULL;
	if (name && (!strcmp(name, "kHOM5") || !strcmp(name, "kEND5")))
		key = !strcmp(name, "kHOM5") ? UI_CTRL_HOME : UI_CTRL_END;
	switch (key) {
	case UI_CTRL_HOME: e->pos = 0; break;
	case UI_CTRL_END: e->pos = e->len; break;
	case UI_KEY(KEY_LEFT):
		if (e->pos > 0)
			e->pos--;
		break;
	case UI_KEY(KEY_RIGHT):
		if (e->pos < e->len)
			e->pos++;
		break;
	case UI_KEY(KEY_UP):
		move_rows(e, -1, cols);
		vertical = 1;
		break;
	case UI_KEY(KEY_DOWN):
		move_rows(e, 1, cols);
		vertical = 1;
		break;
	case UI_KEY(KEY_PPAGE):
		move_rows(e, -(height > 1 ? height - 1 : 1), cols);
		vertical = 1;
		break;
	case UI_KEY(KEY_NPAGE):
		move_rows(e, height > 1 ? height - 1 : 1, cols);
		vertical = 1;
		break;
	case UI_KEY(KEY_HOME):
	case UI_CTRL('a'): e->pos = row_at(e, e->pos, cols); break;
	case UI_KEY(KEY_END): {
		size_t end, next;
		row(e, row_at(e, e->pos, cols), cols, &end, &next);
		e->pos = wrapped(e, end) ? end - 1 : end;
		break;
	}
	case UI_KEY(KEY_BACKSPACE):
	case 127:
	case UI_CTRL('h'):
		if (e->pos > 0)
			delete_at(e, --e->pos);
		break;
	case UI_KEY(KEY_DC): delete_at(e, e->pos); break;
	case '\r':
	case '\n':
	case UI_KEY(KEY_ENTER): insert(e, L'\n'); break;
	default:
		if ((key & UI_FKEY) || key < 32 || !iswprint((wint_t)key))
			return 0;
		insert(e, (wchar_t)key);
	}
	if (!vertical)
		e->goal = column_of(e, e->pos, cols);
	follow(e, cols, height);
	return 1;
}

void ui_editor_draw(struct ui *ui, struct ui_editor *e, int y, int x, int width,
		    int height, int focus)
{
	int cols = width - 1;
	if (cols < 1 || height < 1)
		return;
	e->last_height = height;
	follow(e, cols, height);
	size_t s = e->top;
	for (int r = 0; r < height; r++) {
		size_t end, next;
		row(e, s, cols, &end, &next);
		int col = 0;
		for (size_t j = s; j <= end; j++) {
			if (focus && j == e->pos) {
				ui->cursor_y = y + r;
				ui->cursor_x = x + col;
			}
			if (j == end)
				break;
			wchar_t c[2] = {gk_width_shown(e->text[j]), 0};
			mvaddnwstr(y + r, x + col, c, 1);
			col += width_at(e, j);
		}
		if (next == end && !wrapped(e, end))
			break; /* the last row */
		s = next;
	}
}
