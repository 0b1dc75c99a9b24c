/*
 * diff — what changed between two versions of an item, line by line, so
 * that a reviewer who sees an item again reads only what is new.
 *
 * gk_diff_lines() compares two UTF-8 texts with Myers' O(ND) algorithm in
 * linear space (the "middle snake" of Myers 1986, as GNU diff and git do),
 * after it sets aside the lines that occur in only one of the texts: they
 * can only have been deleted or inserted.  Lines are compared as bytes
 * (text from outside is normalized at the edge, text.h: no CR LF, no BOM).
 *
 * A line is what ends with '\n'; a text's last line may lack it, and then
 * differs from the same line with it (gk_diff_line.no_newline says so).
 * "" has no lines; "\n" has one, empty.
 *
 * Huge inputs: the two texts together may have at most GK_DIFF_MAX_LINES
 * lines, else GK_EINVAL (memory is linear, at most about 100 bytes per
 * line at the peak, so at most some 100 MB).  Time is O((N+M)·D) for
 * texts of N and M lines with D differing ones, and the search gives up
 * after about GK_DIFF_STEPS steps (a fraction of a second): the stretches
 * it has not resolved by then are reported as deleted in full and
 * inserted in full.
 * The result is still correct (its ' ' and '-' lines are the old text, its
 * ' ' and '+' lines the new text), only longer than the shortest; this
 * needs texts with thousands of changes among lines that repeat, such as
 * large tables rewritten throughout.
 *
 * Results are arrays that the caller frees with free(); their text points
 * into the inputs, which must outlive them.
 */
#ifndef GK_DIFF_H
#define GK_DIFF_H

#include <stddef.h>

#include "doc.h"
#include "err.h"

#define GK_DIFF_MAX_LINES 1000000   /* old and new together */
#define GK_DIFF_STEPS	  100000000 /* comparisons before giving up */

struct gk_diff_line {
	char op;	   /* ' ' in both, '-' only in old, '+' only in new */
	char no_newline;   /* 1: the text's last line, without a final '\n' */
	const char *field; /* NULL for a line of the text; for gk_diff_item's
			      metadata lines the translated field name */
	const char *text;  /* into the inputs; not NUL-terminated */
	size_t len;	   /* bytes of text, without the '\n' */
};

/*
 * The lines of old_text and new_text in order, each marked ' ', '-' or
 * '+', into *out (caller frees; NULL when *count is 0) and their number
 * into *count.  Within a change, the '-' lines come before the '+' lines.
 * Identical texts give only ' ' lines.  GK_EINVAL when the texts have
 * more than GK_DIFF_MAX_LINES lines together, GK_ENOMEM; on failure *out
 * is NULL and *count 0.
 */
int gk_diff_lines(const char *old_text, const char *new_text,
		  struct gk_diff_line **out, int *count, struct gk_err *err);

/*
 * What changed from version old_item to version new_item (gk_doc_version):
 * first, for each of title, 文号, 栏目 and 公开属性 that differs, a '-'
 * line with the old value and a '+' line with the new one, field set to
 * the field's translated name (an empty 文号 has no line; the 公开属性 is
 * its translated label); then the lines of the bodies as gk_diff_lines()
 * gives them, field NULL.  Text points into the two items (and into
 * static labels), so they must outlive *out; the caller frees *out.
 * Errors as gk_diff_lines().
 */
int gk_diff_item(const struct gk_item *old_item, const struct gk_item *new_item,
		 struct gk_diff_line **out, int *count, struct gk_err *err);

/*
 * Where line a (alen bytes) and its new version b differ: how many bytes
 * they share at the start (*same_start) and at the end (*same_end), on
 * character boundaries and without overlapping, so that the changed part
 * is a[same_start .. alen - same_end) and b[same_start .. blen - same_end)
 * ("一百二十万元" → "一百万元": 一百 and 万元 are shared, 二十 was deleted).
 */
void gk_diff_span(const char *a, size_t alen, const char *b, size_t blen,
		  size_t *same_start, size_t *same_end);

/* The number of lines in lines[0..count) that are not ' ' (0: same). */
int gk_diff_changes(const struct gk_diff_line *lines, int count);

#endif
