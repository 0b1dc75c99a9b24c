/*
 * width — display width, cutting, padding and wrapping (see width.h).
 * gk_width_char() is the only call of wcwidth in gongkai.
 */
#include "width.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#define REPLACEMENT	 L'\xFFFD'
#define ELLIPSIS	 L'\x2026'
#define ZERO_WIDTH_SPACE L'\x200B'

int gk_width_char(wchar_t c)
{
	if (c == L'\t')
		return 1;
	int w = wcwidth(c);
	return w < 0 ? 1 : w; /* shown as U+FFFD, one column */
}

wchar_t gk_width_shown(wchar_t c)
{
	if (c == L'\t')
		return L' ';
	return wcwidth(c) < 0 ? REPLACEMENT : c;
}

/* Decode one character of s (len bytes left, len > 0) into *c as it is
 * shown; a bad byte is U+FFFD.  Returns the bytes taken (at least 1). */
static size_t next_char(const char *s, size_t len, wchar_t *c)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(c, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*c = REPLACEMENT;
		return 1;
	}
	*c = gk_width_shown(*c);
	return n;
}

int gk_width(const char *s)
{
	return gk_width_n(s, strlen(s));
}

int gk_width_n(const char *s, size_t len)
{
	int cols = 0;
	while (len) {
		wchar_t c;
		size_t n = next_char(s, len, &c);
		cols += gk_width_char(c);
		s += n;
		len -= n;
	}
	return cols;
}

/* Append c (UTF-8) to out if it fits in size with the final NUL. */
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

/* Spaces after out's used bytes up to width columns (cols now). */
static int pad_to(char *out, size_t size, size_t *used, int cols, int width)
{
	while (cols < width && *used + 2 <= size) {
		out[(*used)++] = ' ';
		cols++;
	}
	return cols;
}

int gk_width_fit(const char *s, int width, int pad, char *out, size_t size)
{
	size_t len = strlen(s), used = 0;
	int cols = 0, ellipsis = gk_width_char(ELLIPSIS);
	if (size == 0)
		return 0;
	if (width < 0)
		width = 0;
	int fits = gk_width(s) <= width;
	while (len) {
		wchar_t c;
		size_t n = next_char(s, len, &c);
		int w = gk_width_char(c);
		/* Leave room for the ellipsis when the whole does not fit. */
		if (cols + w > width - (fits ? 0 : ellipsis))
			break;
		if (!put_char(out, size, &used, c))
			break;
		cols += w;
		s += n;
		len -= n;
	}
	if (!fits && cols + ellipsis <= width &&
	    put_char(out, size, &used, ELLIPSIS))
		cols += ellipsis;
	if (pad)
		cols = pad_to(out, size, &used, cols, width);
	out[used] = '\0';
	return cols;
}

int gk_width_fit_middle(const char *s, int width, char *out, size_t size)
{
	if (gk_width(s) <= width)
		return gk_width_fit(s, width, 0, out, size);
	/* The end: the shortest tail of s that takes at most half. */
	int tail_cols = 0;
	const char *tail = s + strlen(s);
	while (tail > s) {
		const char *p = tail - 1;
		while (p > s && ((unsigned char)*p & 0xC0) == 0x80)
			p--;
		int w = gk_width_n(p, (size_t)(tail - p));
		if (tail_cols + w > width / 2)
			break;
		tail_cols += w;
		tail = p;
	}
	int head = gk_width_fit(s, width - tail_cols, 0, out, size);
	size_t used = strlen(out);
	snprintf(out + used, size - used, "%s", tail);
	return head + tail_cols;
}

int gk_width_pad(const char *s, int width, char *out, size_t size)
{
	size_t len = strlen(s), used = 0;
	int cols = 0;
	if (size == 0)
		return 0;
	while (len) {
		wchar_t c;
		size_t n = next_char(s, len, &c);
		if (!put_char(out, size, &used, c))
			break;
		cols += gk_width_char(c);
		s += n;
		len -= n;
	}
	cols = pad_to(out, size, &used, cols, width);
	out[used] = '\0';
	return cols;
}

char *gk_width_table(const char *const *cells, int rows, int cols,
		     const char *indent, const char *gap)
{
	if (rows < 0 || cols <= 0)
		rows = cols = 0;
	int *widest = calloc((size_t)cols + 1, sizeof *widest);
	if (!widest)
		return NULL;
	/* Shown as U+FFFD, a bad byte takes up to three: room for that. */
	size_t size = 1;
	for (int r = 0; r < rows; r++) {
		size += strlen(indent) + 1;
		for (int c = 0; c < cols; c++) {
			const char *cell = cells[r * cols + c];
			cell = cell ? cell : "";
			int w = gk_width(cell);
			widest[c] = w > widest[c] ? w : widest[c];
			size += 3 * strlen(cell) + strlen(gap);
		}
	}
	for (int c = 0; c + 1 < cols; c++)
		size += (size_t)widest[c] * (size_t)rows;
	char *out = malloc(size);
	if (!out) {
		free(widest);
		return NULL;
	}
	size_t used = 0;
	out[0] = '\0';
	for (int r = 0; r < rows; r++) {
		size_t line = used;
		used += (size_t)snprintf(out + used, size - used, "%s", indent);
		for (int c = 0; c < cols; c++) {
			const char *cell = cells[r * cols + c];
			if (c > 0)
				used += (size_t)snprintf(
				    out + used, size - used, "%s", gap);
			gk_width_pad(cell ? cell : "",
				     c + 1 < cols ? widest[c] : 0, out + used,
				     size - used);
			used += strlen(out + used);
		}
		while (used > line && out[used - 1] == ' ')
			used--;
		used += (size_t)snprintf(out + used, size - used, "\n");
	}
	free(widest);
	return out;
}

/* ---- wrapping ----------------------------------------------------------- */

/* Punctuation that must not begin a row (行首禁则): closing brackets and
 * quotes, the stops, pauses and marks of a sentence, ellipsis and dash,
 * per cent; and their ASCII forms. */
static int no_row_start(wchar_t c)
{
	return wcschr(L"，。、；：？！）」』》〉】〕〗〙］｝”’…—％‰．"
		      L",.;:?!)]}%",
		      c) != NULL;
}

/* Opening brackets and quotes, which must not end a row (行尾禁则). */
static int no_row_end(wchar_t c)
{
	return wcschr(L"（《「『“‘【〔〈〖〘［｛([{", c) != NULL;
}

/* Letters and digits of words and numbers, and the punctuation inside
 * numbers, dates, phone numbers, addresses and links (2026, 0533-5180000,
 * 05/33-5181235, GB/T, 5G, 10:02, 1,000, 15%, a@b.cn, http://x.cn/?a=1),
 * which a row keeps whole.  Letters other than ASCII count when they take
 * one column (Café); Chinese characters stand each alone. */
static int word_char(wchar_t c)
{
	if (c < 0x80)
		return (c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'z') ||
		       (c >= L'A' && c <= L'Z') ||
		       (c && strchr("-./_%:@+#=&?~,'", (int)c));
	return iswalnum((wint_t)c) && gk_width_char(c) == 1;
}

/* Whether a row may end between the characters before and after:
 * BREAK where it may, WEAK_BREAK inside a word or before a space (only
 * when a row has no better place), NO_BREAK where it must not. */
enum { NO_BREAK, WEAK_BREAK, BREAK };

static int break_kind(wchar_t before, wchar_t after)
{
	/* A combining mark belongs to the character before it. */
	if (gk_width_char(after) == 0 && after != ZERO_WIDTH_SPACE)
		return NO_BREAK;
	if (no_row_start(after) || no_row_end(before))
		return NO_BREAK;
	/* Spaces stay at the end of a row: a row ends after them. */
	if (after == L' ')
		return WEAK_BREAK;
	if (before == L' ' || before == ZERO_WIDTH_SPACE)
		return BREAK;
	return word_char(before) && word_char(after) ? WEAK_BREAK : BREAK;
}

/* The text being wrapped: UTF-8 bytes or wide characters, in units. */
struct source {
	const char *utf8;
	const wchar_t *wide;
	size_t len;
};

static int newline_at(const struct source *src, size_t i)
{
	return src->utf8 ? src->utf8[i] == '\n' : src->wide[i] == L'\n';
}

/* The character at unit i into *c, as shown; returns the units taken. */
static size_t char_at(const struct source *src, size_t i, wchar_t *c)
{
	if (src->utf8)
		return next_char(src->utf8 + i, src->len - i, c);
	*c = gk_width_shown(src->wide[i]);
	return 1;
}

/*
 * The one line breaker, for both kinds of text.  It walks the row,
 * remembering the last place the row may end and the last place it may
 * end inside a word; on the first character that does not fit it ends
 * the row at the first of these it has, else at that character.  Spaces
 * that begin a row (an indent) are never its end.
 */
static size_t wrap(const struct source *src, int width, int *cols)
{
	size_t at = 0, end = 0, weak = 0;
	int used = 0, end_cols = 0, weak_cols = 0, text = 0;
	wchar_t before = 0;
	while (at < src->len && !newline_at(src, at)) {
		wchar_t c;
		size_t n = char_at(src, at, &c);
		int w = gk_width_char(c);
		int kind = text ? break_kind(before, c) : NO_BREAK;
		if (kind == BREAK) {
			end = at;
			end_cols = used;
		}
		if (kind != NO_BREAK) {
			weak = at;
			weak_cols = used;
		}
		if (w > 0 && used + w > width && at > 0) {
			if (end == 0) { /* a word longer than the row */
				end = weak;
				end_cols = weak_cols;
			}
			if (end == 0) { /* no place at all: cut here */
				end = at;
				end_cols = used;
			}
			*cols = end_cols;
			return end;
		}
		/* A combining mark leaves the character it belongs to. */
		if (w > 0 || c == ZERO_WIDTH_SPACE)
			before = c;
		if (c != L' ')
			text = 1;
		at += n;
		used += w;
	}
	*cols = used;
	return at;
}

size_t gk_width_wrap(const char *s, size_t len, int width, int *cols)
{
	struct source src = {.utf8 = s, .len = len};
	return wrap(&src, width, cols);
}

size_t gk_width_wrap_wide(const wchar_t *s, size_t len, int width, int *cols)
{
	struct source src = {.wide = s, .len = len};
	return wrap(&src, width, cols);
}

char *gk_width_encode(const wchar_t *text, size_t len)
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
