/*
 * width — text on the screen cut or padded to a width.  The measuring
 * itself is the core's (src/width.c, gk_width_*), shared with the CLI and
 * the printed forms; here are only the curses calls that draw what it cut,
 * and titles in 书名号.
 */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "ui.h"

void ui_put(int y, int x, const char *s, int width, int attr)
{
	if (width <= 0)
		return;
	size_t size = (size_t)width * 4 + 8;
	char *buf = malloc(size);
	if (!buf)
		return;
	gk_width_fit(s, width, 1, buf, size);
	attron(attr);
	mvaddstr(y, x, buf);
	attroff(attr);
	free(buf);
}

int ui_put_bytes(int y, int x, const char *s, size_t n, int width, int attr)
{
	if (width <= 0 || n == 0)
		return 0;
	char *piece = strndup(s, n);
	if (!piece)
		return 0;
	int w = gk_width(piece);
	if (w > width)
		w = width;
	ui_put(y, x, piece, w, attr);
	free(piece);
	return w;
}

int ui_book_title(const char *title, int width, char *out, size_t size)
{
	/* The marks are the core's (gk_text_book_title); only the middle
	 * is cut here. */
	static const char open[] = "《", close[] = "》";
	size_t mark = sizeof open - 1;
	if (size == 0)
		return 0;
	out[0] = '\0';
	char *quoted = gk_text_book_title(title);
	if (!quoted)
		return 0;
	size_t len = strlen(quoted);
	char *inner = strndup(quoted + mark, len - 2 * mark);
	free(quoted);
	if (!inner)
		return 0;
	int marks = ui_width(open) + ui_width(close);
	size_t cut_size = size > 2 * mark ? size - 2 * mark : 1;
	char *cut = malloc(cut_size);
	int cols = 0;
	if (cut) {
		if (width > 0)
			cols =
			    ui_fit_middle(inner, width - marks, cut, cut_size);
		else
			cols = ui_fit(inner, INT_MAX, 0, cut, cut_size);
		snprintf(out, size, "%s%s%s", open, cut, close);
		cols += marks;
	}
	free(cut);
	free(inner);
	return cols;
}
