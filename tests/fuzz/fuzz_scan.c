/*
 * Fuzz target for the confidentiality scanner (gk_scan) on any bytes.
 * Every finding must be the very bytes at its offset, in order and apart,
 * of a known kind, at a line and column that agree with its offset; a
 * number or address masked and redacted must no longer be found there,
 * and a marking or restricted wording must refuse to be masked.
 *
 * libFuzzer: `make fuzz`.  Without it, driver.c replays the corpus and
 * mutates it in `make check`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Redactions checked per input: each one scans the text again. */
#define REDACT_MAX 16

static size_t chars_of(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The digits (ASCII or full-width) among the characters of s. */
static size_t digits_of(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += (s[i] >= '0' && s[i] <= '9') ||
		     (i + 2 < len && (unsigned char)s[i] == 0xEF &&
		      (unsigned char)s[i + 1] == 0xBC &&
		      (unsigned char)s[i + 2] >= 0x90 &&
		      (unsigned char)s[i + 2] <= 0x99);
	return n;
}

/* A marking: 绝密, 机密 or 秘密, at most one space (' ' or U+3000), ★. */
static int is_marking(const char *s)
{
	static const char *const words[] = {"绝密", "机密", "秘密"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (!starts_with(s, words[i]))
			continue;
		s += strlen(words[i]);
		if (*s == ' ')
			s++;
		else if (starts_with(s, "\u3000"))
			s += strlen("\u3000");
		return starts_with(s, "★");
	}
	return 0;
}

/* What a finding of its kind must look like. */
static void check_shape(const struct gk_finding *f)
{
	size_t chars = chars_of(f->text, f->len);
	size_t digits = digits_of(f->text, f->len);
	switch (f->kind) {
	case GK_FIND_ID_NUMBER:
		if (chars != 18)
			abort();
		break;
	case GK_FIND_MOBILE:
		/* Whole, or in groups 3-4-4 with their two separators. */
		if (digits != 11 || (chars != 11 && chars != 13))
			abort();
		break;
	case GK_FIND_BANK_CARD:
		/* Whole, or in groups of 4 with a separator between each. */
		if (digits < 16 || digits > 19 ||
		    (chars != digits && chars != digits + (digits + 3) / 4 - 1))
			abort();
		break;
	case GK_FIND_EMAIL:
		if (!strchr(f->text, '@') && !strstr(f->text, "＠"))
			abort();
		break;
	case GK_FIND_MARKING:
		if (!is_marking(f->text))
			abort();
		break;
	default: break;
	}
}

/* Mask and redact f; the redacted text must hold the masked form at f's
 * offset and no finding of f's kind over it. */
static void check_redact(const char *text, size_t size,
			 const struct gk_finding *f)
{
	struct gk_err err;
	struct gk_finding *again;
	size_t count;
	char *masked, *redacted;
	if (gk_scan_mask(f, &masked, &err) < 0)
		abort();
	size_t masked_len = strlen(masked);
	/* '*', or '＊' for a full-width character: as many characters, no
	 * more bytes. */
	if (chars_of(masked, masked_len) != chars_of(f->text, f->len) ||
	    masked_len > f->len ||
	    (!strchr(masked, '*') && !strstr(masked, "＊")))
		abort();
	if (gk_scan_redact(text, size, f, &redacted, &err) < 0)
		abort();
	size_t redacted_len = size - f->len + masked_len;
	if (memcmp(redacted, text, f->offset) != 0 ||
	    memcmp(redacted + f->offset, masked, masked_len) != 0 ||
	    memcmp(redacted + f->offset + masked_len, text + f->offset + f->len,
		   size - f->offset - f->len) != 0 ||
	    redacted[redacted_len] != '\0')
		abort();
	if (gk_scan(redacted, redacted_len, &again, &count, &err) < 0)
		abort();
	for (size_t i = 0; i < count; i++)
		if (again[i].kind == f->kind &&
		    again[i].offset < f->offset + masked_len &&
		    again[i].offset + again[i].len > f->offset)
			abort(); /* found again where it was masked */
	gk_scan_free(again, count);
	free(redacted);
	free(masked);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct gk_finding *found;
	struct gk_err err;
	size_t count;
	char *out;

	if (gk_scan(text, size, &found, &count, &err) < 0)
		return 0; /* out of memory, the only failure */
	if ((count == 0) != (found == NULL))
		abort();
	size_t end = 0, pos = 0, line_start = 0;
	int line = 1, prev_line = 0, prev_column = 0, redactions = 0;
	for (size_t i = 0; i < count; i++) {
		const struct gk_finding *f = &found[i];
		if ((unsigned)f->kind >= GK_FIND_COUNT ||
		    gk_find_kind_parse(gk_find_kind_key(f->kind)) !=
			(int)f->kind)
			abort();
		/* In the text, after the one before, the same bytes. */
		if (f->len == 0 || f->offset < end || f->offset > size ||
		    f->len > size - f->offset ||
		    memcmp(f->text, data + f->offset, f->len) != 0 ||
		    f->text[f->len] != '\0' || strlen(f->text) != f->len ||
		    memchr(f->text, '\n', f->len))
			abort();
		end = f->offset + f->len;
		/* Its line is one more than the newlines before it; its
		 * column lies between its bytes / 4 and its bytes on the line.
		 */
		for (; pos < f->offset; pos++)
			if (data[pos] == '\n') {
				line++;
				line_start = pos + 1;
			}
		size_t bytes = f->offset - line_start;
		if (f->line != line || f->column < 1 ||
		    (size_t)f->column > bytes + 1 ||
		    (size_t)f->column < bytes / 4 + 1)
			abort();
		if (f->line < prev_line ||
		    (f->line == prev_line && f->column <= prev_column))
			abort();
		prev_line = f->line;
		prev_column = f->column;
		check_shape(f);
		if (!gk_scan_maskable(f->kind)) {
			if (gk_scan_mask(f, &out, &err) != GK_EINVAL || out ||
			    gk_scan_redact(text, size, f, &out, &err) !=
				GK_EINVAL ||
			    out)
				abort();
		} else if (redactions++ < REDACT_MAX)
			check_redact(text, size, f);
	}
	if (count) {
		/* A finding that is not where it says is refused. */
		struct gk_finding moved = found[0];
		moved.offset = size - found[0].len + 1;
		if (gk_scan_maskable(moved.kind) &&
		    (gk_scan_redact(text, size, &moved, &out, &err) !=
			 GK_EINVAL ||
		     out))
			abort();
	}
	gk_scan_free(found, count);
	return 0;
}
