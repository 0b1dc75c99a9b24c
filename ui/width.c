/*
 * width — how many terminal columns text takes.  ui_char_width() is the
 * only place that asks; everything that cuts, pads or wraps goes through
 * ui_fit() and ui_wrap() here, so Chinese and mixed text line up.
 */
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "ui.h"

#define REPLACEMENT L'\xFFFD'

int ui_char_width(wchar_t c)
{
	if (c == L'\t')
		return 1;
	int w = wcwidth(c);
	return w < 0 ? 1 : w; /* shown as U+FFFD, one column */
}

/* Decode one character of s (len bytes left) into *c; bad bytes and
 * controls become U+FFFD.  Returns the bytes taken (at least 1). */
static size_t next_char(const char *s, size_t len, wchar_t *c)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(c, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*c = REPLACEMENT;
		return 1;
	}
	if (*c == L'\t')
		*c = L' ';
	else if (wcwidth(*c) < 0)
		*c = REPLACEMENT;
	return n;
}

int ui_width(const char *s)
{
	return ui_width_n(s, strlen(s));
}

int ui_width_n(const char *s, size_t len)
{
	int cols = 0;
	while (len) {
		wchar_t c;
		size_t n = next_char(s, len, &c);
		cols += ui_char_width(c);
		s += n;
		len -= n;
	}
	return cols;
}

/* Append c (UTF-8) to out if it fits in size. */
static int put_char(char *out, size_t size, size_t *used, wchar_t c)
{
	char buf[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(buf, c, &st);
	if (n == (size_t)-1 || *used + n + 1 > size)
		return 0;
	memcpy(out + *used, buf, n);
	*used += n;
	return 1;
}

int ui_fit(const char *s, int width, int pad, char *out, size_t size)
{
	static const wchar_t ellipsis = L'\x2026';
	size_t len = strlen(s), used = 0;
	int cols = 0;
	if (size == 0)
		return 0;
	if (width < 0)
		width = 0;
	int fits = ui_width(s) <= width;
	while (len) {
		wchar_t c;
		size_t n = next_char(s, len, &c);
		int w = ui_char_width(c);
		/* Leave room for the ellipsis when the whole does not fit. */
		if (cols + w > width - (fits ? 0 : ui_char_width(ellipsis)))
			break;
		if (!put_char(out, size, &used, c))
			break;
		cols += w;
		s += n;
		len -= n;
	}
	if (!fits && cols + ui_char_width(ellipsis) <= width &&
	    put_char(out, size, &used, ellipsis))
		cols += ui_char_width(ellipsis);
	while (pad && cols < width && used + 2 <= size) {
		out[used++] = ' ';
		cols++;
	}
	out[used] = '\0';
	return cols;
}

void ui_put(int y, int x, const char *s, int width, int attr)
{
	if (width <= 0)
		return;
	size_t size = (size_t)width * 4 + 8;
	char *buf = malloc(size);
	if (!buf)
		return;
	ui_fit(s, width, 1, buf, size);
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
	int w = ui_width(piece);
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

/* Punctuation that must not begin a line (避头点): a row that would start
 * with one ends a character earlier, as Chinese typesetting does. */
int ui_no_line_start(wchar_t c)
{
	return c && wcschr(L"，。、；：？！）」』》〉】”’…—,.;:?!)", c) != NULL;
}

/* Letters and digits of ASCII words and numbers (2026, 0533-5180000,
 * "5G", 10:02, a line:column 3:28, an e-mail address), which a row
 * should not split. */
static int word_char(wchar_t c)
{
	return (c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'z') ||
	       (c >= L'A' && c <= L'Z') || c == L'-' || c == L'.' ||
	       c == L'_' || c == L'/' || c == L'%' || c == L':' || c == L'@';
}

/* Move a row's end (*used bytes, *cols columns) back to the start of the
 * ASCII word it ends in, unless the word began the row. */
static void back_to_word_start(const char *s, size_t *used, int *cols)
{
	size_t start = *used;
	while (start > 0 && (s[start - 1] & 0x80) == 0 &&
	       word_char((wchar_t)s[start - 1]))
		start--;
	if (start == 0)
		return;
	*cols -= (int)(*used - start); /* ASCII: one column a byte */
	*used = start;
}

/* Opening brackets and quotes, which must not end a row (行尾禁则). */
static int no_line_end(wchar_t c)
{
	return c && wcschr(L"（《「『“‘【〔〈([{", c) != NULL;
}

/* How many characters a row end may move back to keep ，。）and the like
 * off the start of the next row: a run of them ("%）、") is short. */
#define WRAP_BACK 8

size_t ui_wrap(const char *s, size_t len, int width, int *cols)
{
	/* The last characters of the row: where each starts, the columns
	 * before it, and the character itself. */
	struct {
		size_t at;
		int cols;
		wchar_t c;
	} back[WRAP_BACK];
	int n_back = 0;
	size_t used = 0;
	int w_used = 0;
	wchar_t last = 0;
	while (used < len && s[used] != '\n') {
		wchar_t c;
		size_t n = next_char(s + used, len - used, &c);
		int w = ui_char_width(c);
		if (w_used + w > width && used > 0) {
			/* The next row would start with c: while c may not
			 * begin a row, end this one a character earlier. */
			int k = n_back, oldest = n_back - WRAP_BACK + 1;
			wchar_t next = c;
			for (;;) {
				/* …nor may an opening bracket end this
				 * one. */
				while ((ui_no_line_start(next) ||
					no_line_end(last)) &&
				       k > 1 && k > oldest) {
					k--;
					next = back[k % WRAP_BACK].c;
					used = back[k % WRAP_BACK].at;
					w_used = back[k % WRAP_BACK].cols;
					last = back[(k - 1) % WRAP_BACK].c;
				}
				if (!word_char(next) || !word_char(last))
					break;
				/* A number or ASCII word stays whole. */
				size_t was = used;
				back_to_word_start(s, &used, &w_used);
				k -= (int)(was - used); /* one byte a char */
				if (used == was || k < 1 || k <= oldest)
					break;
				next = back[k % WRAP_BACK].c;
				last = back[(k - 1) % WRAP_BACK].c;
				if (!no_line_end(last))
					break;
			}
			break;
		}
		back[n_back % WRAP_BACK].at = used;
		back[n_back % WRAP_BACK].cols = w_used;
		back[n_back % WRAP_BACK].c = c;
		n_back++;
		last = c;
		used += n;
		w_used += w;
	}
	*cols = w_used;
	return used;
}

char *ui_wide_to_utf8(const wchar_t *text, size_t len)
{
	wchar_t *copy = malloc((len + 1) * sizeof *copy);
	if (!copy)
		return NULL;
	if (len)
		memcpy(copy, text, len * sizeof *copy);
	copy[len] = 0;
	size_t n = wcstombs(NULL, copy, 0);
	char *out = n == (size_t)-1 ? NULL : malloc(n + 1);
	if (out)
		wcstombs(out, copy, n + 1);
	free(copy);
	return out;
}

int ui_fit_middle(const char *s, int width, char *out, size_t size)
{
	if (ui_width(s) <= width)
		return ui_fit(s, width, 0, out, size);
	/* The end: the shortest tail of s that takes at most half. */
	int tail_cols = 0;
	const char *tail = s + strlen(s);
	while (tail > s) {
		const char *p = tail - 1;
		while (p > s && ((unsigned char)*p & 0xC0) == 0x80)
			p--;
		int w = ui_width_n(p, (size_t)(tail - p));
		if (tail_cols + w > width / 2)
			break;
		tail_cols += w;
		tail = p;
	}
	int head = ui_fit(s, width - tail_cols, 0, out, size);
	size_t used = strlen(out);
	snprintf(out + used, size - used, "%s", tail);
	return head + tail_cols;
}
