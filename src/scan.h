/*
 * scan — reads a text for what a confidentiality reviewer must not miss
 * (DOMAIN.md §3): secrecy markings (密级标志) and restricted wording,
 * 居民身份证号 with a valid check character and birth date, mobile numbers,
 * bank card numbers (Luhn) and e-mail addresses.  Mobile and bank card
 * numbers are found whole or written in groups joined by one hyphen,
 * space or full-width hyphen (139-1234-5678, 6222 0212 3456 7890 128);
 * the finding's text is then the whole written form, separators included.
 * A secrecy marking may have one space on either side of its star.
 *
 * A pure module: no database, no files, no locale.  The input is UTF-8;
 * a byte that is not part of valid UTF-8 counts as one character that
 * separates runs of digits and is never part of a finding.  Full-width
 * digits (０-９) and letters (Ｘ, ＠) are read as their ASCII forms.
 *
 * Findings come in text order (by offset).  Each finding's text is the
 * exact bytes text[offset, offset + len), which gk_scan() copies.
 */
#ifndef GK_SCAN_H
#define GK_SCAN_H

#include <stddef.h>

#include "err.h"

/* X(name, key, label) — what a finding is.  The key is what `gongkai scan`
 * prints and what the database stores. */
#define GK_FIND_KINDS(X)                                                       \
	X(MARKING, "marking", N_("secrecy marking"))                           \
	X(RESTRICTED, "restricted", N_("restricted wording"))                  \
	X(ID_NUMBER, "id-number", N_("ID card number"))                        \
	X(MOBILE, "mobile", N_("mobile number"))                               \
	X(BANK_CARD, "bank-card", N_("bank card number"))                      \
	X(EMAIL, "email", N_("e-mail address"))

/* clang-format off */
enum gk_find_kind {
#define GK_FIND_ENUM(name, key, label) GK_FIND_##name,
	GK_FIND_KINDS(GK_FIND_ENUM)
#undef GK_FIND_ENUM
	GK_FIND_COUNT
};
/* clang-format on */

struct gk_finding {
	enum gk_find_kind kind;
	int line;      /* 1-based */
	int column;    /* 1-based, counted in characters, not bytes */
	size_t offset; /* of the first byte in the scanned text */
	size_t len;    /* bytes */
	char *text;    /* the matched bytes, NUL-terminated, malloc'd */
};

/* The key ("id-number") and translated label of a kind. */
const char *gk_find_kind_key(enum gk_find_kind kind);
const char *gk_find_kind_label(enum gk_find_kind kind);
/* The kind whose key is key, or -1. */
int gk_find_kind_parse(const char *key);

/*
 * Scan len bytes at text.  Fills *out with a new array of *count findings
 * (NULL and 0 when there are none); free it with gk_scan_free().
 * GK_ENOMEM is the only failure.
 */
int gk_scan(const char *text, size_t len, struct gk_finding **out,
	    size_t *count, struct gk_err *err);
void gk_scan_free(struct gk_finding *findings, size_t count);

/*
 * 1 when a finding of this kind can be masked: numbers and addresses can,
 * a secrecy marking or restricted wording cannot (a marked document is
 * declassified, not masked, and wording is rewritten by its author).
 */
int gk_scan_maskable(enum gk_find_kind kind);

/*
 * The masked form of finding f, as a new string in *out (caller frees):
 * every character but the kept ones becomes '*', or '＊' (U+FF0A) when it
 * is full-width (U+FF01–U+FF5E, such as ０-９ and Ｘ), so that the masked
 * text keeps its width and is never longer than f's text.  A number counts
 * only its digits (and an ID's X): the separators of a number written in
 * groups are kept.  An ID number keeps its first 6 and last 4 characters
 * (370302********1234), a mobile number its first 3 and last 4 digits
 * (138****5678, 139-****-5678, １３８＊＊＊＊５６７８), a bank card its
 * first 6 and last 4 digits (6222 02** **** ***0 128), an e-mail address
 * the first character of the name and the domain (z***@example.com).
 * GK_EINVAL when the kind cannot be masked.
 */
int gk_scan_mask(const struct gk_finding *f, char **out, struct gk_err *err);

/*
 * A copy of the len bytes at text with finding f (found in this same
 * text) replaced by its masked form, as a new NUL-terminated string in
 * *out (caller frees).  GK_EINVAL when the kind cannot be masked or f
 * does not lie inside the text.
 */
int gk_scan_redact(const char *text, size_t len, const struct gk_finding *f,
		   char **out, struct gk_err *err);

#endif
