/*
 * line — a one-line text field (login, titles, comments, search): edits
 * by character, scrolls sideways by display width, masks passwords.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui.h"

static int reserve(struct ui_line *l, int n)
{
	if (n <= l->cap)
		return 0;
	int cap = n * 2 + 16;
	wchar_t *text = realloc(l->text, (size_t)cap * sizeof *text);
	if (!text)
		return -1;
	l->text = text;
	l->cap = cap;
	return 0;
}

void ui_line_init(struct ui_line *l, int max, const char *initial)
{
	memset(l, 0, sizeof *l);
	l->max = max;
	ui_line_set(l, initial);
}

void ui_line_free(struct ui_line *l)
{
	if (l->text)
		/* A password does not linger in freed memory. */
		memset(l->text, 0, (size_t)l->cap * sizeof *l->text);
	free(l->text);
	l->text = NULL;
	l->len = l->cap = l->pos = 0;
}

void ui_line_set(struct ui_line *l, const char *utf8)
{
	l->len = l->pos = l->scroll = 0;
	if (!utf8)
		return;
	size_t n = mbstowcs(NULL, utf8, 0);
	if (n == (size_t)-1 || reserve(l, (int)n + 1))
		return;
	mbstowcs(l->text, utf8, n + 1);
	/* A field is one line: whatever else came in becomes a space. */
	for (size_t i = 0; i < n; i++)
		if (l->text[i] == L'\n' || l->text[i] == L'\t')
			l->text[i] = L' ';
	l->len = l->pos = (int)n;
}

char *ui_line_get(const struct ui_line *l)
{
	return ui_wide_to_utf8(l->text, (size_t)l->len);
}

int ui_line_key(struct ui_line *l, int key)
{
	/* A field is one line: pasted line ends and Tabs become spaces. */
	if (key & UI_PASTED) {
		key &= ~UI_PASTED;
		if (key == '\n' || key == '\t')
			key = ' ';
		else if (key < 32)
			return 1;
	}
	switch (key) {
	case UI_KEY(KEY_LEFT):
	case UI_CTRL('b'):
		if (l->pos > 0)
			l->pos--;
		return 1;
	case UI_KEY(KEY_RIGHT):
	case UI_CTRL('f'):
		if (l->pos < l->len)
			l->pos++;
		return 1;
	case UI_KEY(KEY_HOME):
	case UI_CTRL('a'): l->pos = 0; return 1;
	case UI_KEY(KEY_END):
	case UI_CTRL('e'): l->pos = l->len; return 1;
	case UI_KEY(KEY_BACKSPACE):
	case 127:
	case UI_CTRL('h'):
		if (l->pos == 0)
			return 1;
		l->pos--;
		/* fall through */
	case UI_KEY(KEY_DC):
	case UI_CTRL('d'):
		if (l->pos < l->len) {
			memmove(l->text + l->pos, l->text + l->pos + 1,
				(size_t)(l->len - l->pos - 1) *
				    sizeof *l->text);
			l->len--;
		}
		return 1;
	case UI_CTRL('u'):
		memmove(l->text, l->text + l->pos,
			(size_t)(l->len - l->pos) * sizeof *l->text);
		l->len -= l->pos;
		l->pos = 0;
		return 1;
	case UI_CTRL('k'): l->len = l->pos; return 1;
	}
	if ((key & UI_FKEY) || key < 32 || !iswprint((wint_t)key))
		return 0;
	if (l->len >= l->max || reserve(l, l->len + 2))
		return 1;
	memmove(l->text + l->pos + 1, l->text + l->pos,
		(size_t)(l->len - l->pos) * sizeof *l->text);
	l->text[l->pos++] = (wchar_t)key;
	l->len++;
	return 1;
}

static int shown_width(const struct ui_line *l, int i)
{
	return l->secret ? 1 : ui_char_width(l->text[i]);
}

void ui_line_draw(struct ui *ui, struct ui_line *l, int y, int x, int width,
		  int focus, int attr)
{
	if (width < 2)
		return;
	/* Scroll so the cursor stays in view, by display columns. */
	if (l->pos < l->scroll)
		l->scroll = l->pos;
	for (;;) {
		int cols = 0;
		for (int i = l->scroll; i < l->pos; i++)
			cols += shown_width(l, i);
		if (cols < width || l->scroll >= l->pos)
			break;
		l->scroll++;
	}
	attron(attr);
	mvhline(y, x, ' ', width);
	int col = 0, cursor = -1;
	for (int i = l->scroll; i <= l->len; i++) {
		if (i == l->pos)
			cursor = col;
		if (i == l->len)
			break;
		int w = shown_width(l, i);
		if (col + w > width)
			break;
		wchar_t c[2] = {l->secret ? L'*' : gk_width_shown(l->text[i]),
				0};
		mvaddnwstr(y, x + col, c, 1);
		col += w;
	}
	attroff(attr);
	if (focus && cursor >= 0) {
		ui->cursor_y = y;
		ui->cursor_x = x + cursor;
	}
}
