/*
 * text — checking and converting text at the edges.  Inside, all text is
 * UTF-8; text from files of older systems (GB18030, GBK) is converted with
 * iconv on the way in, and invalid bytes are refused with their offset.
 * Display width is the front end's business (ui/), not this module's.
 */
#ifndef GK_TEXT_H
#define GK_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/*
 * Convert len bytes at in from encoding from_enc ("UTF-8", "GB18030", …)
 * into a new NUL-terminated UTF-8 string in *out (caller frees), with its
 * length in *out_len (may be NULL).  An invalid or cut-off sequence fails
 * with GK_EINVAL naming source (a file name, or a field) and the byte
 * offset; a NUL byte is refused likewise.  The conventions of text files
 * are undone: byte-order marks at the start are dropped, and CR LF (or
 * CR CR LF) line ends become LF; converting the result again changes
 * nothing.
 */
int gk_text_to_utf8(const char *from_enc, const char *in, size_t len,
		    const char *source, char **out, size_t *out_len,
		    struct gk_err *err);

/*
 * Check a one-line field (a title, a name): valid UTF-8, no control
 * characters, not empty or blank, at most max_chars characters.  field is
 * the translated name of the field for the message.
 */
int gk_text_check_line(const char *s, const char *field, size_t max_chars,
		       struct gk_err *err);

/* 1 when the UTF-8 string s holds nothing but spaces (ASCII or
 * ideographic), tabs and line ends. */
int gk_text_blank(const char *s);

/*
 * Convert len bytes of UTF-8 at utf8 into encoding to_enc ("GB18030",
 * "GBK", "UTF-8") as a new NUL-terminated buffer *out of *out_len bytes
 * (caller frees).  A character that to_enc cannot hold is GK_EINVAL naming
 * source, the character, its code point and its line and column, never a
 * silent '?'; invalid UTF-8 is GK_EINVAL with its byte offset.
 */
int gk_text_encode(const char *utf8, size_t len, const char *to_enc,
		   const char *source, char **out, size_t *out_len,
		   struct gk_err *err);

/*
 * Check that s is a real civil date written YYYY-MM-DD (from 1949);
 * field is the translated name of the field for the message.  The year
 * goes into *year unless year is NULL.
 */
int gk_text_check_date(const char *s, const char *field, int *year,
		       struct gk_err *err);

/* Write s to f with & < > " ' escaped for HTML text and attributes. */
void gk_text_put_html(FILE *f, const char *s);

/* The number of characters (code points) in the UTF-8 string s. */
size_t gk_text_chars(const char *s);

/*
 * The 书名号 rule (GB/T 15834), the one every screen and every published
 * file follows.  gk_text_book_title: title as running text quotes it, in
 * 《》 — a title that is one 《…》 already keeps its marks rather than
 * getting a second pair, and 《》 inside become 〈〉: 《A《B》》 and A《B》
 * are both 《A〈B〉》.  gk_text_title_heading: title as a heading shows it
 * (a page's <h1>, a file's first line): as it is, unless it is one
 * 《…》, which is written as gk_text_book_title writes it.  Both return a
 * new string (caller frees), or NULL when out of memory.
 */
char *gk_text_book_title(const char *title);
char *gk_text_title_heading(const char *title);

/*
 * Write len bytes of data into dir/name (the full path into path) through
 * a temporary name in dir: written, given mode, flushed, renamed and the
 * folder flushed, so a reader sees the old file or the whole new one.
 * 0, or -1 with errno.
 */
int gk_file_write_atomic(const char *dir, const char *name, const char *data,
			 size_t len, int mode, char *path, size_t path_size);

/* Read the whole file at path, at most max bytes, into a malloc'd buffer
 * (*len bytes, plus a NUL not counted).  0, or -1 with errno (EFBIG when
 * it is larger). */
int gk_file_read(const char *path, size_t max, char **data, size_t *len);

#endif
