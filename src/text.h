/*
 * text — checking and converting text at the edges.  Inside, all text is
 * UTF-8; text from files of older systems (GB18030, GBK) is converted with
 * iconv on the way in, and invalid bytes are refused with their offset.
 * Display width is the front end's business (ui/), not this module's.
 */
#ifndef GK_TEXT_H
#define GK_TEXT_H

#include <stddef.h>

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

/* The number of characters (code points) in the UTF-8 string s. */
size_t gk_text_chars(const char *s);

#endif
