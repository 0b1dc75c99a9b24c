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

/* Whether the title s (len bytes) is one title in 《》 from its first
 * character to its last, as 《政府信息公开条例》 is and 《条例》解读 is not. */
static int one_book_title(const char *s, size_t len)
{
	static const char open[] = "《", close[] = "》";
	size_t mark = sizeof open - 1;
	if (len < 2 * mark || memcmp(s, open, mark) != 0 ||
	    memcmp(s + len - mark, close, mark) != 0)
		return 0;
	int depth = 0;
	for (size_t i = 0; i + mark <= len; i++) {
		if (memcmp(s + i, open, mark) == 0)
			depth++;
		else if (memcmp(s + i, close, mark) == 0 && --depth == 0)
			return i + mark == len;
	}
	return 0;
}

int ui_book_title(const char *title, int width, char *out, size_t size)
{
	/* 《 》 〈 〉 are U+300A, U+300B, U+3008, U+3009: three bytes each,
	 * alike but for the last. */
	static const char open[] = "《", close[] = "》";
	size_t mark = sizeof open - 1, len = strlen(title);
	if (size == 0)
		return 0;
	if (one_book_title(title, len)) {
		title += mark;
		len -= 2 * mark;
	}
	char *inner = strndup(title, len);
	if (!inner) {
		out[0] = '\0';
		return 0;
	}
	for (char *p = inner; (p = strstr(p, "\xE3\x80")) != NULL; p += 2)
		if (p[2] == open[2] || p[2] == close[2])
			p[2] = (char)(p[2] - 2); /* 《》 → 〈〉 */
	int marks = gk_width(open) + gk_width(close);
	size_t cut_size = size > 2 * mark ? size - 2 * mark : 1;
	char *cut = malloc(cut_size);
	int cols = 0;
	if (cut) {
		if (width > 0)
			cols = gk_width_fit_middle(inner, width - marks, cut,
						   cut_size);
		else
			cols = gk_width_fit(inner, INT_MAX, 0, cut, cut_size);
		snprintf(out, size, "%s%s%s", open, cut, close);
		cols += marks;
	} else {
		out[0] = '\0';
	}
	free(cut);
	free(inner);
	return cols;
}
