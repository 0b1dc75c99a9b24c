/*
 * width — how many terminal columns text takes, and text cut, padded and
 * wrapped by it, for every front end: the workstation's lists and views,
 * the CLI's aligned columns, the printed forms.  A Chinese character
 * takes two columns, a combining mark none.
 *
 * gk_width_char() is the one place that asks (wcwidth); everything that
 * cuts, pads or wraps goes through the functions here, so Chinese and
 * mixed text lines up wherever it is shown.  Text is UTF-8 unless a
 * function says wide characters; bad bytes and control characters are
 * shown as U+FFFD and take one column, a Tab one column (shown as a
 * space).  The locale's LC_CTYPE must be a UTF-8 one (main.c sets it).
 *
 * Nothing here prints or allocates unless it says so: results go into
 * the caller's buffers.
 */
#ifndef GK_WIDTH_H
#define GK_WIDTH_H

#include <stddef.h>
#include <wchar.h>

/* The columns c takes: 2 for Chinese, 0 for a combining mark, 1 for a Tab
 * and for a character that cannot be shown (it is shown as U+FFFD). */
int gk_width_char(wchar_t c);
/* c as it is drawn: a Tab as a space, a control or unprintable character
 * as U+FFFD, anything else as itself. */
wchar_t gk_width_shown(wchar_t c);

/* The columns of s; of its first len bytes. */
int gk_width(const char *s);
int gk_width_n(const char *s, size_t len);

/*
 * Copy s into out (size bytes) cut to at most width columns at a
 * character boundary, ending in "…" when cut; pad with spaces to exactly
 * width when pad.  Bad bytes and control characters become U+FFFD.
 * Returns the columns the result takes.
 */
int gk_width_fit(const char *s, int width, int pad, char *out, size_t size);
/* Like gk_width_fit without padding, but a long s loses its middle
 * ("关于…的通知"), keeping up to half the width for its end. */
int gk_width_fit_middle(const char *s, int width, char *out, size_t size);
/*
 * Copy s into out (size bytes) and pad it with spaces to at least width
 * columns: for aligned columns in the CLI and printed forms, where a cell
 * is never cut (a wider one pushes what follows to the right).  Bad bytes
 * and control characters become U+FFFD as gk_width_fit does.  Only when
 * out is too small is s cut, at a character.  Returns the columns of out.
 */
int gk_width_pad(const char *s, int width, char *out, size_t size);

/*
 * A table as lines of text, in a new string (caller frees; NULL when out
 * of memory): cells holds rows × cols strings row by row (NULL: empty).
 * Each line is indent, then the cells of a row, each but the last padded
 * to the widest cell of its column by display width, with gap between
 * columns, then "\n"; no line ends in blanks.  Nothing is cut; bad
 * bytes and control characters become U+FFFD.
 */
char *gk_width_table(const char *const *cells, int rows, int cols,
		     const char *indent, const char *gap);

/*
 * Wrapping.  The first display row of s (len bytes, up to its first
 * '\n'): returns its length in bytes and its columns in *cols.  A row
 * takes at most width columns (a single character wider than width
 * fills a row alone), and at least one character unless s starts with
 * '\n' (then 0: the caller steps over the newline).  Rows end where
 * Chinese typesetting allows (禁则):
 *  - no row starts with closing punctuation or quotes (，。、；：？！）》」
 *    』】〕…％” and the like), nor with a combining mark; nor with a
 *    space, unless one word filled the row before;
 *  - no row ends with an opening bracket or quote (（《「『【〔“ …);
 *  - a run of letters, digits and the punctuation inside numbers, dates,
 *    phone numbers, e-mail addresses and links (2024-01-05, 05/33-5181235,
 *    GB/T, 15%) is kept whole: it moves to the next row, and is cut
 *    anywhere only when it is longer than a row; a space may end a row.
 * Where no row end is allowed in a whole row, the row is cut at width.
 * Joining the rows and the newlines gives s back.
 */
size_t gk_width_wrap(const char *s, size_t len, int width, int *cols);
/* The same rows for len wide characters at s (the body editor's text):
 * returns the row's length in characters.  Wrapping a text as UTF-8 and
 * as wide characters gives the same rows. */
size_t gk_width_wrap_wide(const wchar_t *s, size_t len, int width, int *cols);

/* len wide characters of text as a new UTF-8 string (caller frees), or
 * NULL when out of memory or a character has no UTF-8 form. */
char *gk_width_encode(const wchar_t *text, size_t len);

#endif
