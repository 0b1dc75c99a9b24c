#include "diff.h"

#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct line {
	const char *text;
	size_t len;
	int id; /* equal lines have equal ids */
};

/* One of the two texts, split into lines. */
struct side {
	struct line *lines;
	int n;
	int no_newline; /* its last line lacks the '\n' */
	char *changed;	/* per line: 1 deleted (old) or inserted (new) */
};

/* A distinct line, for giving equal lines one id. */
struct distinct {
	uint64_t hash;
	const char *text;
	size_t len;
	int last; /* a last line without '\n' */
	int in_old, in_new;
};

/* The state of the search: the two sequences of ids being compared. */
struct myers {
	const int *a, *b;
	char *a_changed, *b_changed;
	int *fwd, *bwd; /* furthest x on each diagonal k = x - y */
	long long steps_left;
};

static int count_lines(const char *text, size_t len)
{
	int n = 0;
	for (const char *p = text;
	     (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
		if (++n > GK_DIFF_MAX_LINES)
			return n;
	return n + (len && text[len - 1] != '\n');
}

static void split_lines(const char *text, size_t len, struct side *side)
{
	const char *p = text, *end = text + len;
	int n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t line_len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		side->lines[n].text = p;
		side->lines[n++].len = line_len;
		p += line_len + 1;
	}
	side->no_newline = len && text[len - 1] != '\n';
}

/*
 * Give equal lines equal ids (0, 1, …) through a hash table; SipHash with
 * a random key, so that no text can be written to make lines collide.
 * Counts in *distinct how often each id occurs in either text.
 */
static int number_lines(struct side *old_side, struct side *new_side,
			struct distinct **out)
{
	unsigned char key[crypto_shorthash_KEYBYTES];
	size_t total = (size_t)old_side->n + (size_t)new_side->n, size = 16;
	while (size < 2 * total)
		size *= 2;
	int *slots = malloc(size * sizeof *slots);
	struct distinct *distinct =
	    malloc((total ? total : 1) * sizeof *distinct);
	int n_distinct = 0;
	if (!slots || !distinct) {
		free(slots);
		free(distinct);
		return -1;
	}
	memset(slots, -1, size * sizeof *slots);
	randombytes_buf(key, sizeof key);
	for (int s = 0; s < 2; s++) {
		struct side *side = s ? new_side : old_side;
		for (int i = 0; i < side->n; i++) {
			struct line *line = &side->lines[i];
			int last = side->no_newline && i == side->n - 1;
			unsigned char digest[crypto_shorthash_BYTES];
			uint64_t hash;
			crypto_shorthash(digest,
					 (const unsigned char *)line->text,
					 line->len, key);
			memcpy(&hash, digest, sizeof hash);
			hash ^= (uint64_t)last;
			size_t slot = hash & (size - 1);
			for (; slots[slot] >= 0;
			     slot = (slot + 1) & (size - 1)) {
				struct distinct *d = &distinct[slots[slot]];
				if (d->hash == hash && d->len == line->len &&
				    d->last == last &&
				    memcmp(d->text, line->text, line->len) == 0)
					break;
			}
			if (slots[slot] < 0) {
				slots[slot] = n_distinct;
				distinct[n_distinct++] = (struct distinct){
				    hash, line->text, line->len, last, 0, 0};
			}
			line->id = slots[slot];
			if (s)
				distinct[line->id].in_new++;
			else
				distinct[line->id].in_old++;
		}
	}
	free(slots);
	*out = distinct;
	return 0;
}

/*
 * Find a point (*split_x, *split_y) in the middle of a shortest path
 * through the box x0..x1 × y0..y1 (Myers' middle snake): search forward
 * from the top left and backward from the bottom right, one edit at a
 * time, until the two searches meet on a diagonal.  -1 when the steps run
 * out first.
 */
static int middle_snake(struct myers *m, int x0, int x1, int y0, int y1,
			int *split_x, int *split_y)
{
	const int *a = m->a, *b = m->b;
	int *fwd = m->fwd, *bwd = m->bwd;
	const int kmin = x0 - y1, kmax = x1 - y0;
	const int fmid = x0 - y0, bmid = x1 - y1;
	const int odd = (fmid - bmid) & 1;
	int fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;

	fwd[fmid] = x0;
	bwd[bmid] = x1;
	for (;;) {
		/* Each search reaches one diagonal further on each side, or
		 * one less where it meets the edge of the box. */
		if (fmin > kmin)
			fwd[--fmin - 1] = -1;
		else
			fmin++;
		if (fmax < kmax)
			fwd[++fmax + 1] = -1;
		else
			fmax--;
		for (int k = fmax; k >= fmin; k -= 2) {
			int x = fwd[k - 1] >= fwd[k + 1] ? fwd[k - 1] + 1
							 : fwd[k + 1];
			int y = x - k, from = x;
			while (x < x1 && y < y1 && a[x] == b[y])
				x++, y++;
			m->steps_left -= 1 + (x - from);
			fwd[k] = x;
			if (odd && bmin <= k && k <= bmax && bwd[k] <= x) {
				*split_x = x;
				*split_y = y;
				return 0;
			}
		}
		if (bmin > kmin)
			bwd[--bmin - 1] = INT_MAX;
		else
			bmin++;
		if (bmax < kmax)
			bwd[++bmax + 1] = INT_MAX;
		else
			bmax--;
		for (int k = bmax; k >= bmin; k -= 2) {
			int x = bwd[k - 1] < bwd[k + 1] ? bwd[k - 1]
							: bwd[k + 1] - 1;
			int y = x - k, from = x;
			while (x > x0 && y > y0 && a[x - 1] == b[y - 1])
				x--, y--;
			m->steps_left -= 1 + (from - x);
			bwd[k] = x;
			if (!odd && fmin <= k && k <= fmax && x <= fwd[k]) {
				*split_x = x;
				*split_y = y;
				return 0;
			}
		}
		if (m->steps_left < 0)
			return -1;
	}
}

/* Mark what changed in the box x0..x1 × y0..y1. */
static void compare(struct myers *m, int x0, int x1, int y0, int y1)
{
	int x, y;
	while (x0 < x1 && y0 < y1 && m->a[x0] == m->b[y0])
		x0++, y0++;
	while (x0 < x1 && y0 < y1 && m->a[x1 - 1] == m->b[y1 - 1])
		x1--, y1--;
	/* A split on the box's corner would not make it smaller; it cannot
	 * happen once the common head and tail are gone, but if it did,
	 * the whole box is a change. */
	if (x0 == x1 || y0 == y1 || m->steps_left < 0 ||
	    middle_snake(m, x0, x1, y0, y1, &x, &y) < 0 || x < x0 || x > x1 ||
	    y < y0 || y > y1 || (x == x0 && y == y0) || (x == x1 && y == y1)) {
		memset(m->a_changed + x0, 1, (size_t)(x1 - x0));
		memset(m->b_changed + y0, 1, (size_t)(y1 - y0));
		return;
	}
	compare(m, x0, x, y0, y);
	compare(m, x, x1, y, y1);
}

/*
 * Run the search on the lines of each side that also occur in the other,
 * and mark the rest changed.
 */
static int mark_changes(struct side *old_side, struct side *new_side,
			const struct distinct *distinct)
{
	int na = 0, nb = 0, rc = -1;
	int *a = malloc(((size_t)old_side->n + 1) * sizeof *a);
	int *b = malloc(((size_t)new_side->n + 1) * sizeof *b);
	int *a_line = malloc(((size_t)old_side->n + 1) * sizeof *a_line);
	int *b_line = malloc(((size_t)new_side->n + 1) * sizeof *b_line);
	size_t diagonals = (size_t)old_side->n + (size_t)new_side->n + 3;
	int *fwd = malloc(diagonals * sizeof *fwd);
	int *bwd = malloc(diagonals * sizeof *bwd);
	char *changed = malloc((size_t)old_side->n + (size_t)new_side->n + 1);
	if (!a || !b || !a_line || !b_line || !fwd || !bwd || !changed)
		goto done;
	for (int i = 0; i < old_side->n; i++) {
		int id = old_side->lines[i].id;
		old_side->changed[i] = !distinct[id].in_new;
		if (distinct[id].in_new) {
			a_line[na] = i;
			a[na++] = id;
		}
	}
	for (int j = 0; j < new_side->n; j++) {
		int id = new_side->lines[j].id;
		new_side->changed[j] = !distinct[id].in_old;
		if (distinct[id].in_old) {
			b_line[nb] = j;
			b[nb++] = id;
		}
	}
	memset(changed, 0, (size_t)na + (size_t)nb);
	struct myers m = {
	    .a = a,
	    .b = b,
	    .a_changed = changed,
	    .b_changed = changed + na,
	    /* Diagonals run from -nb to na, with one more each side. */
	    .fwd = fwd + nb + 1,
	    .bwd = bwd + nb + 1,
	    .steps_left = GK_DIFF_STEPS,
	};
	compare(&m, 0, na, 0, nb);
	for (int i = 0; i < na; i++)
		old_side->changed[a_line[i]] = m.a_changed[i];
	for (int j = 0; j < nb; j++)
		new_side->changed[b_line[j]] = m.b_changed[j];
	rc = 0;
done:
	free(a);
	free(b);
	free(a_line);
	free(b_line);
	free(fwd);
	free(bwd);
	free(changed);
	return rc;
}

static struct gk_diff_line line_of(char op, const struct side *side, int i)
{
	return (struct gk_diff_line){
	    .op = op,
	    .no_newline = side->no_newline && i == side->n - 1,
	    .text = side->lines[i].text,
	    .len = side->lines[i].len,
	};
}

/*
 * gk_diff_lines, leaving the first reserve elements of *out for the
 * caller to fill (*count includes them).
 */
static int diff_texts(const char *old_text, const char *new_text, int reserve,
		      struct gk_diff_line **out, int *count, struct gk_err *err)
{
	struct side sides[2] = {{0}, {0}};
	struct side *old_side = &sides[0], *new_side = &sides[1];
	struct distinct *distinct = NULL;
	size_t old_len = strlen(old_text), new_len = strlen(new_text);
	int rc = GK_ENOMEM;

	*out = NULL;
	*count = 0;
	old_side->n = count_lines(old_text, old_len);
	new_side->n = count_lines(new_text, new_len);
	if (old_side->n > GK_DIFF_MAX_LINES - new_side->n)
		return gk_fail(err, GK_EINVAL,
			       _("The two texts have more than %d lines "
				 "together, too many to compare."),
			       GK_DIFF_MAX_LINES);
	if (sodium_init() < 0)
		return gk_fail(err, GK_EIO,
			       _("No source of random numbers (libsodium "
				 "could not start)."));
	for (int s = 0; s < 2; s++) {
		sides[s].lines =
		    malloc(((size_t)sides[s].n + 1) * sizeof *sides[s].lines);
		sides[s].changed = malloc((size_t)sides[s].n + 1);
		if (!sides[s].lines || !sides[s].changed)
			goto done;
	}
	split_lines(old_text, old_len, old_side);
	split_lines(new_text, new_len, new_side);
	if (number_lines(old_side, new_side, &distinct) < 0 ||
	    mark_changes(old_side, new_side, distinct) < 0)
		goto done;
	int total = reserve + old_side->n + new_side->n, n = reserve;
	struct gk_diff_line *lines =
	    total ? calloc((size_t)total, sizeof *lines) : NULL;
	if (total && !lines)
		goto done;
	/* Unchanged lines pair up in order; a change lists its deleted
	 * lines, then its inserted ones. */
	for (int i = 0, j = 0; i < old_side->n || j < new_side->n;) {
		if (i < old_side->n && old_side->changed[i])
			lines[n++] = line_of('-', old_side, i++);
		else if (j < new_side->n && new_side->changed[j])
			lines[n++] = line_of('+', new_side, j++);
		else {
			lines[n++] = line_of(' ', old_side, i++);
			j++;
		}
	}
	*out = lines;
	*count = n;
	rc = 0;
done:
	for (int s = 0; s < 2; s++) {
		free(sides[s].lines);
		free(sides[s].changed);
	}
	free(distinct);
	return rc == GK_ENOMEM ? gk_fail(err, rc, _("Out of memory.")) : rc;
}

int gk_diff_lines(const char *old_text, const char *new_text,
		  struct gk_diff_line **out, int *count, struct gk_err *err)
{
	return diff_texts(old_text, new_text, 0, out, count, err);
}

int gk_diff_item(const struct gk_item *old_item, const struct gk_item *new_item,
		 struct gk_diff_line **out, int *count, struct gk_err *err)
{
	const struct {
		const char *name, *old_value, *new_value;
	} fields[] = {
	    {N_("Title"), old_item->title, new_item->title},
	    {N_("Document number"), old_item->doc_no, new_item->doc_no},
	    {N_("Category"), old_item->category, new_item->category},
	    {N_("Disclosure"), gk_attr_label(old_item->attr),
	     gk_attr_label(new_item->attr)},
	};
	struct gk_diff_line meta[2 * sizeof fields / sizeof fields[0]];
	int n_meta = 0;

	for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
		if (strcmp(fields[f].old_value, fields[f].new_value) == 0)
			continue;
		const char *values[2] = {fields[f].old_value,
					 fields[f].new_value};
		for (int side = 0; side < 2; side++)
			if (values[side][0])
				meta[n_meta++] = (struct gk_diff_line){
				    .op = side ? '+' : '-',
				    .field = _(fields[f].name),
				    .text = values[side],
				    .len = strlen(values[side]),
				};
	}
	int rc =
	    diff_texts(old_item->body, new_item->body, n_meta, out, count, err);
	if (rc == 0 && n_meta)
		memcpy(*out, meta, (size_t)n_meta * sizeof meta[0]);
	return rc;
}

int gk_diff_changes(const struct gk_diff_line *lines, int count)
{
	int changes = 0;
	for (int i = 0; i < count; i++)
		changes += lines[i].op != ' ';
	return changes;
}

/* The start of the UTF-8 character that byte i of s is in. */
static size_t char_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

void gk_diff_span(const char *a, size_t alen, const char *b, size_t blen,
		  size_t *same_start, size_t *same_end)
{
	size_t shorter = alen < blen ? alen : blen, start = 0, end = 0;
	while (start < shorter && a[start] == b[start])
		start++;
	/* Back to a whole character in both (they agree up to here). */
	if (start < shorter)
		start = char_start(a, start);
	while (end < shorter - start && a[alen - 1 - end] == b[blen - 1 - end])
		end++;
	/* The shared end must begin at a character boundary. */
	while (end > 0 && ((unsigned char)a[alen - end] & 0xC0) == 0x80)
		end--;
	*same_start = start;
	*same_end = end;
}
