#include "scan.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/*
 * One pass from the start.  At each character the matchers are tried in
 * this order: an e-mail address (where a run of address characters
 * begins), a secrecy marking, restricted wording, and the numbers (where
 * a run of digits begins: ID, mobile, bank card, whole or in groups).  A
 * match is taken and the scan goes on after it, so findings never overlap
 * and come in order.  Every matcher looks at a bounded number of
 * characters except the runs of address characters and digits, and each
 * run is read once, from where it begins (a number in groups reads at
 * most GROUPS_MAX groups of a few digits): the scan is linear.
 */

/* A byte that does not begin valid UTF-8: one character, matching nothing. */
#define BAD_CHAR 0x110000u

/* A marking's period: at most this many characters of a phrase
 * (会议开始前, 长期), this many digits in a number, and number–unit pairs
 * (1年6个月). */
#define PHRASE_MAX	  10
#define PERIOD_DIGITS_MAX 4
#define PERIOD_PAIRS_MAX  3

/* A number in groups: a mobile is 3-4-4 digits, a bank card 4-4-4-4 and
 * at most one more group of 1 to 3 digits. */
#define GROUPS_MAX     5
#define GROUP_DIGITS   4
#define GROUPED_DIGITS (GROUPS_MAX * GROUP_DIGITS)

static const struct {
	const char *key;
	const char *label;
} kinds[] = {
#define GK_FIND_ROW(name, key, label) {key, label},
    GK_FIND_KINDS(GK_FIND_ROW)
#undef GK_FIND_ROW
};

/* The marks of 密级 (GB/T 9704: 密级★保密期限): one of these words, then
 * the star, with at most one space (ASCII or U+3000) on either side of
 * the star, as it is often typed. */
static const char *const markings[] = {"绝密", "机密", "秘密"};
#define MARKING_STAR "★"

/* Wording that says a text is not for the public (DOMAIN.md §3). */
static const char *const restricted[] = {
    "内部资料", "内部文件", "注意保密", "工作秘密", "不得外传",
};

/* The units of a 保密期限 after its number. */
static const char *const period_units[] = {"个月", "年", "月", "天", "日"};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

const char *gk_find_kind_key(enum gk_find_kind kind)
{
	return (unsigned)kind < GK_FIND_COUNT ? kinds[kind].key : "";
}

const char *gk_find_kind_label(enum gk_find_kind kind)
{
	return (unsigned)kind < GK_FIND_COUNT ? _(kinds[kind].label) : "";
}

int gk_find_kind_parse(const char *key)
{
	for (int i = 0; key && i < GK_FIND_COUNT; i++)
		if (strcmp(key, kinds[i].key) == 0)
			return i;
	return -1;
}

int gk_scan_maskable(enum gk_find_kind kind)
{
	return kind == GK_FIND_ID_NUMBER || kind == GK_FIND_MOBILE ||
	       kind == GK_FIND_BANK_CARD || kind == GK_FIND_EMAIL;
}

/* ---- characters ------------------------------------------------------ */

static int is_cont(const unsigned char *s, size_t len, size_t at)
{
	return at < len && (s[at] & 0xC0) == 0x80;
}

/*
 * The character at s[at] (at < len): its code point, or BAD_CHAR for a
 * byte that does not begin a valid UTF-8 sequence (overlong forms,
 * surrogates and code points past U+10FFFF are not valid); *size is its
 * length in bytes, 1 for a bad byte.
 */
static uint32_t decode(const unsigned char *s, size_t len, size_t at,
		       size_t *size)
{
	unsigned char b = s[at];
	*size = 1;
	if (b < 0x80)
		return b;
	if (b >= 0xC2 && b <= 0xDF && is_cont(s, len, at + 1)) {
		*size = 2;
		return (uint32_t)(b & 0x1F) << 6 | (s[at + 1] & 0x3F);
	}
	if (b >= 0xE0 && b <= 0xEF && is_cont(s, len, at + 1) &&
	    is_cont(s, len, at + 2)) {
		uint32_t cp = (uint32_t)(b & 0x0F) << 12 |
			      (uint32_t)(s[at + 1] & 0x3F) << 6 |
			      (s[at + 2] & 0x3F);
		if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
			return BAD_CHAR;
		*size = 3;
		return cp;
	}
	if (b >= 0xF0 && b <= 0xF4 && is_cont(s, len, at + 1) &&
	    is_cont(s, len, at + 2) && is_cont(s, len, at + 3)) {
		uint32_t cp = (uint32_t)(b & 0x07) << 18 |
			      (uint32_t)(s[at + 1] & 0x3F) << 12 |
			      (uint32_t)(s[at + 2] & 0x3F) << 6 |
			      (s[at + 3] & 0x3F);
		if (cp < 0x10000 || cp > 0x10FFFF)
			return BAD_CHAR;
		*size = 4;
		return cp;
	}
	return BAD_CHAR;
}

/* 0–9 for an ASCII or full-width digit, else -1. */
static int digit_value(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (int)(cp - 0xFF10);
	return -1;
}

static int is_digit(uint32_t cp)
{
	return digit_value(cp) >= 0;
}

/* A Latin letter, ASCII or full-width. */
static int is_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* The check character X of an ID number, in any case and width. */
static int is_check_x(uint32_t cp)
{
	return cp == 'X' || cp == 'x' || cp == 0xFF38 || cp == 0xFF58;
}

static int is_ascii_alnum(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 'a' && cp <= 'z');
}

static int is_ascii_alpha(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* A character of an address's name (local part). */
static int is_local(uint32_t cp)
{
	return is_ascii_alnum(cp) ||
	       (cp && cp < 0x80 && strchr("._%+-", (int)cp));
}

static int is_at(uint32_t cp)
{
	return cp == '@' || cp == 0xFF20;
}

static int is_point(uint32_t cp)
{
	return cp == '.' || cp == 0xFF0E;
}

/* What separates the groups of a number written in groups: a hyphen, a
 * space or a full-width hyphen (139-1234-5678, 6222 0212 3456 7890). */
static int is_group_separator(uint32_t cp)
{
	return cp == '-' || cp == ' ' || cp == 0xFF0D;
}

/* A character of the Fullwidth Forms (０, Ｘ, ＠): masked with '＊'. */
static int is_fullwidth(uint32_t cp)
{
	return cp >= 0xFF01 && cp <= 0xFF5E;
}

/* A CJK ideograph (the unified blocks and compatibility ideographs). */
static int is_han(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x3134F);
}

/* ---- the scanner ------------------------------------------------------- */

struct scanner {
	const unsigned char *s;
	size_t len;
	size_t pos;	     /* the next character */
	size_t line, column; /* of the character at pos */
	/* The characters before pos, nearest first (BAD_CHAR before the
	 * text): enough to see "+86 " before a mobile in groups. */
	uint32_t prev[4];
	struct gk_finding *found;
	size_t count, cap;
};

/* What a matcher found: bytes [start, end) of the text. */
struct match {
	enum gk_find_kind kind;
	size_t start, end;
};

static uint32_t char_at(const struct scanner *sc, size_t at, size_t *size)
{
	if (at >= sc->len) {
		*size = 0;
		return BAD_CHAR;
	}
	return decode(sc->s, sc->len, at, size);
}

static int bytes_at(const struct scanner *sc, size_t at, const char *word)
{
	size_t n = strlen(word);
	return at <= sc->len && n <= sc->len - at &&
	       memcmp(sc->s + at, word, n) == 0;
}

/* Move pos on to the byte offset to (a character boundary), counting
 * lines and columns. */
static void advance(struct scanner *sc, size_t to)
{
	while (sc->pos < to) {
		size_t size;
		uint32_t cp = char_at(sc, sc->pos, &size);
		sc->pos += size;
		memmove(sc->prev + 1, sc->prev,
			sizeof sc->prev - sizeof sc->prev[0]);
		sc->prev[0] = cp;
		if (cp == '\n') {
			sc->line++;
			sc->column = 1;
		} else
			sc->column++;
	}
}

/*
 * An e-mail address whose name begins at at: a run of [A-Za-z0-9._%+-]
 * (leading dots left out), '@' or '＠', then a domain of labels
 * [A-Za-z0-9-]+ separated by dots whose last label is two or more
 * letters.  The domain ends at its last such label, so a full stop after
 * it stays outside.
 */
static int match_email(const struct scanner *sc, struct match *m)
{
	size_t at = sc->pos, start = at, size;
	uint32_t cp = char_at(sc, at, &size);
	while (cp == '.') {
		at += size;
		start = at;
		cp = char_at(sc, at, &size);
	}
	while (is_local(cp)) {
		at += size;
		cp = char_at(sc, at, &size);
	}
	if (at == start || !is_at(cp))
		return 0;
	size_t end = 0;
	int labels = 0;
	at += size;
	for (;;) {
		size_t label = at;
		int letters = 1;
		cp = char_at(sc, at, &size);
		while (is_ascii_alnum(cp) || cp == '-') {
			letters &= is_ascii_alpha(cp);
			at += size;
			cp = char_at(sc, at, &size);
		}
		if (at == label)
			break;
		if (labels++ > 0 && letters && at - label >= 2)
			end = at;
		if (cp != '.')
			break;
		at += size;
	}
	if (!end)
		return 0;
	*m = (struct match){GK_FIND_EMAIL, start, end};
	return 1;
}

/*
 * A period after the star, from at: number–unit pairs (1年, 6个月,
 * １０年), or else a phrase of up to PHRASE_MAX ideographs that ends
 * before anything else (长期, 会议开始前).  Returns where it ends (at
 * when there is none).
 */
static size_t period_end(const struct scanner *sc, size_t at)
{
	size_t end = at, size;
	for (int pair = 0; pair < PERIOD_PAIRS_MAX; pair++) {
		size_t p = end;
		int digits = 0;
		while (digits <= PERIOD_DIGITS_MAX &&
		       is_digit(char_at(sc, p, &size))) {
			p += size;
			digits++;
		}
		if (digits == 0 || digits > PERIOD_DIGITS_MAX)
			break;
		size_t unit = 0;
		for (size_t i = 0; i < COUNT_OF(period_units) && !unit; i++)
			if (bytes_at(sc, p, period_units[i]))
				unit = strlen(period_units[i]);
		if (!unit)
			break;
		end = p + unit;
	}
	if (end > at)
		return end;
	size_t p = at;
	int chars = 0;
	while (chars <= PHRASE_MAX && is_han(char_at(sc, p, &size))) {
		p += size;
		chars++;
	}
	return chars > PHRASE_MAX ? at : p;
}

/* The length in bytes of the space at at that may stand beside a
 * marking's star (' ' or U+3000), or 0. */
static size_t marking_space(const struct scanner *sc, size_t at)
{
	if (bytes_at(sc, at, " "))
		return 1;
	return bytes_at(sc, at, "\u3000") ? strlen("\u3000") : 0;
}

/* A marking at pos: 绝密, 机密 or 秘密, at most one space, the star; then,
 * after at most one space, its period if one follows.  A space after the
 * star is part of the finding only when a period follows it. */
static int match_marking(const struct scanner *sc, struct match *m)
{
	for (size_t i = 0; i < COUNT_OF(markings); i++) {
		if (!bytes_at(sc, sc->pos, markings[i]))
			continue;
		size_t star = sc->pos + strlen(markings[i]);
		star += marking_space(sc, star);
		if (!bytes_at(sc, star, MARKING_STAR))
			return 0;
		size_t star_end = star + strlen(MARKING_STAR);
		size_t period = star_end + marking_space(sc, star_end);
		size_t end = period_end(sc, period);
		*m = (struct match){GK_FIND_MARKING, sc->pos,
				    end > period ? end : star_end};
		return 1;
	}
	return 0;
}

static int match_restricted(const struct scanner *sc, struct match *m)
{
	for (size_t i = 0; i < COUNT_OF(restricted); i++)
		if (bytes_at(sc, sc->pos, restricted[i])) {
			*m = (struct match){GK_FIND_RESTRICTED, sc->pos,
					    sc->pos + strlen(restricted[i])};
			return 1;
		}
	return 0;
}

static int leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/*
 * 1 when d[0..17] (digits, 10 for X as the last) is a 居民身份证号 of
 * GB 11643-1999: first digit 1–9, a real birth date from 1800 to 2099,
 * and the check character.
 */
static int id_valid(const int d[18])
{
	static const int weights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
					3, 7, 9,  10, 5, 8, 4, 2};
	static const int checks[11] = {1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2};
	static const int month_days[12] = {31, 28, 31, 30, 31, 30,
					   31, 31, 30, 31, 30, 31};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (d[i] > 9)
			return 0;
		sum += d[i] * weights[i];
	}
	int year = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9];
	int month = d[10] * 10 + d[11], day = d[12] * 10 + d[13];
	if (d[0] == 0 || year < 1800 || year > 2099 || month < 1 ||
	    month > 12 || day < 1)
		return 0;
	int days = month_days[month - 1] + (month == 2 && leap_year(year));
	return day <= days && d[17] == checks[sum % 11];
}

static int luhn_valid(const int *d, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++) {
		int v = d[n - 1 - i];
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

static int is_plus(uint32_t cp)
{
	return cp == '+' || cp == 0xFF0B;
}

/* Whether the run of digits at pos follows another group of digits and a
 * separator ("0533-" before 139-1234-5678). */
static int joined_before(const struct scanner *sc)
{
	return is_group_separator(sc->prev[0]) && is_digit(sc->prev[1]);
}

/*
 * A number written in groups from pos, where a run of 3 or 4 digits is
 * followed by a separator (is_group_separator).  The groups are runs of
 * digits joined by one separator, the same one throughout, and they are
 * read as a whole: no further group may be joined to them by any
 * separator on either side (139 1234 5678 9, 0533-139-1234-5678), except
 * "+86" before a mobile.  A mobile is 3-4-4 digits 1[3-9]…; a bank card
 * is 4-4-4-4 digits and perhaps a last group of 1 to 3, that pass Luhn,
 * begin with 3 to 6 (the card schemes' first digits: JCB and American
 * Express, Visa, Mastercard, UnionPay — so four years such as 2015 2016
 * 2017 2018, which pass Luhn, are no card) and have no Latin letter on
 * either side.  Groups that are part of a decimal number are none.
 */
static int match_grouped(const struct scanner *sc, struct match *m)
{
	int d[GROUPED_DIGITS], group_len[GROUPS_MAX];
	int n = 0, groups = 0;
	uint32_t separator = 0;
	size_t at = sc->pos, size;
	uint32_t cp = char_at(sc, at, &size);
	for (;;) {
		int len = 0;
		while (is_digit(cp)) {
			if (len == GROUP_DIGITS)
				return 0;
			d[n++] = digit_value(cp);
			len++;
			at += size;
			cp = char_at(sc, at, &size);
		}
		group_len[groups++] = len;
		size_t next_size;
		if (!is_group_separator(cp) ||
		    !is_digit(char_at(sc, at + size, &next_size)))
			break;
		/* Another group is joined: it must be this number's. */
		if ((separator && cp != separator) || groups == GROUPS_MAX)
			return 0;
		separator = cp;
		at += size;
		cp = char_at(sc, at, &size);
	}
	/* at is the end of the last group, cp the character after it. */
	size_t after_size;
	uint32_t after = char_at(sc, at + size, &after_size);
	if ((is_point(cp) && is_digit(after)) ||
	    (is_point(sc->prev[0]) && is_digit(sc->prev[1])))
		return 0;
	int joined = joined_before(sc);
	int plus86_before =
	    is_group_separator(sc->prev[0]) && digit_value(sc->prev[1]) == 6 &&
	    digit_value(sc->prev[2]) == 8 && is_plus(sc->prev[3]);
	if (groups == 3 && group_len[0] == 3 && group_len[1] == 4 &&
	    group_len[2] == 4 && d[0] == 1 && d[1] >= 3 &&
	    (!joined || plus86_before)) {
		*m = (struct match){GK_FIND_MOBILE, sc->pos, at};
		return 1;
	}
	if (joined || groups < 4 || is_letter(sc->prev[0]) || is_letter(cp) ||
	    d[0] < 3 || d[0] > 6)
		return 0;
	for (int i = 0; i < groups; i++)
		if (i < 4 ? group_len[i] != GROUP_DIGITS : group_len[i] > 3)
			return 0;
	if (!luhn_valid(d, n))
		return 0;
	*m = (struct match){GK_FIND_BANK_CARD, sc->pos, at};
	return 1;
}

/*
 * The numbers in the run of digits that begins at pos (the character
 * before is no digit).  The whole run counts: an ID number is 17 digits
 * and X, or 18 digits, with no Latin letter or digit on either side; a
 * mobile number is 11 digits 1[3-9]…, or the last 11 of 13 right after
 * "+86"; a bank card is 16 to 19 digits that pass Luhn, are no valid ID
 * number, have no Latin letter on either side and are not joined by a
 * separator to more digits, as a card in groups is not (or masking the
 * card would leave its last 4 digits to begin a card in groups).  A run
 * that is part of a decimal number (1234.5, 0.138…) is none of these.  A
 * run of 3 or 4 digits followed by a separator may begin a number in
 * groups (match_grouped).
 */
static int match_number(const struct scanner *sc, struct match *m)
{
	int d[20];
	size_t off[21], size = 0;
	int n = 0;
	size_t at = sc->pos;
	uint32_t cp = char_at(sc, at, &size);
	while (n < 20 && is_digit(cp)) {
		d[n] = digit_value(cp);
		off[n++] = at;
		at += size;
		cp = char_at(sc, at, &size);
	}
	off[n] = at;
	if ((n == 3 || n == GROUP_DIGITS) && is_group_separator(cp))
		return match_grouped(sc, m);
	if (n < 11 || n > 19)
		return 0;
	/* cp is the character after the run, size its length. */
	size_t after_size;
	uint32_t after = char_at(sc, at + size, &after_size);
	if ((is_point(cp) && is_digit(after)) ||
	    (is_point(sc->prev[0]) && is_digit(sc->prev[1])))
		return 0;
	int letter_before = is_letter(sc->prev[0]);
	if (n == 17 && is_check_x(cp) && !letter_before) {
		size_t x_end = at + size;
		d[17] = 10;
		if (!is_letter(after) && !is_digit(after) && id_valid(d)) {
			*m = (struct match){GK_FIND_ID_NUMBER, sc->pos, x_end};
			return 1;
		}
	}
	if (n == 18 && id_valid(d)) {
		if (letter_before || is_letter(cp))
			return 0;
		*m = (struct match){GK_FIND_ID_NUMBER, sc->pos, at};
		return 1;
	}
	if (n == 11 && d[0] == 1 && d[1] >= 3) {
		*m = (struct match){GK_FIND_MOBILE, sc->pos, at};
		return 1;
	}
	if (n == 13 && is_plus(sc->prev[0]) && d[0] == 8 && d[1] == 6 &&
	    d[2] == 1 && d[3] >= 3) {
		*m = (struct match){GK_FIND_MOBILE, off[2], at};
		return 1;
	}
	if (n >= 16 && !letter_before && !is_letter(cp) && !joined_before(sc) &&
	    !(is_group_separator(cp) && is_digit(after)) && luhn_valid(d, n)) {
		*m = (struct match){GK_FIND_BANK_CARD, sc->pos, at};
		return 1;
	}
	return 0;
}

/* Which matcher finds something at pos, if any. */
static int match_at(const struct scanner *sc, uint32_t cp, struct match *m)
{
	if (is_local(cp) && !is_local(sc->prev[0]) && !is_at(sc->prev[0]) &&
	    match_email(sc, m))
		return 1;
	if (cp >= 0x4E00 && (match_marking(sc, m) || match_restricted(sc, m)))
		return 1;
	return is_digit(cp) && !is_digit(sc->prev[0]) && match_number(sc, m);
}

static int add_finding(struct scanner *sc, const struct match *m,
		       struct gk_err *err)
{
	if (sc->count == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 16;
		struct gk_finding *grown =
		    realloc(sc->found, cap * sizeof *grown);
		if (!grown)
			return gk_fail(err, GK_ENOMEM, _("Out of memory."));
		sc->found = grown;
		sc->cap = cap;
	}
	size_t len = m->end - m->start;
	char *text = malloc(len + 1);
	if (!text)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	memcpy(text, sc->s + m->start, len);
	text[len] = '\0';
	sc->found[sc->count++] = (struct gk_finding){
	    .kind = m->kind,
	    .line = sc->line < INT_MAX ? (int)sc->line : INT_MAX,
	    .column = sc->column < INT_MAX ? (int)sc->column : INT_MAX,
	    .offset = m->start,
	    .len = len,
	    .text = text,
	};
	return 0;
}

int gk_scan(const char *text, size_t len, struct gk_finding **out,
	    size_t *count, struct gk_err *err)
{
	struct scanner sc = {
	    .s = (const unsigned char *)text,
	    .len = text ? len : 0,
	    .line = 1,
	    .column = 1,
	    .prev = {BAD_CHAR, BAD_CHAR, BAD_CHAR, BAD_CHAR},
	};
	struct match m;
	*out = NULL;
	*count = 0;
	while (sc.pos < sc.len) {
		size_t size;
		uint32_t cp = char_at(&sc, sc.pos, &size);
		if (!match_at(&sc, cp, &m)) {
			advance(&sc, sc.pos + size);
			continue;
		}
		advance(&sc, m.start);
		int rc = add_finding(&sc, &m, err);
		if (rc < 0) {
			gk_scan_free(sc.found, sc.count);
			return rc;
		}
		advance(&sc, m.end);
	}
	*out = sc.found;
	*count = sc.count;
	return 0;
}

void gk_scan_free(struct gk_finding *findings, size_t count)
{
	for (size_t i = 0; findings && i < count; i++)
		free(findings[i].text);
	free(findings);
}

/* ---- masking ----------------------------------------------------------- */

/* Whether character cp of a finding of kind is counted by the mask (kept
 * or starred): a number's digits and an ID's X, but not the separators of
 * a number in groups, which stay; every character of an address. */
static int counts_in_mask(enum gk_find_kind kind, uint32_t cp)
{
	return kind == GK_FIND_EMAIL || is_digit(cp) ||
	       (kind == GK_FIND_ID_NUMBER && is_check_x(cp));
}

int gk_scan_mask(const struct gk_finding *f, char **out, struct gk_err *err)
{
	*out = NULL;
	if (!gk_scan_maskable(f->kind))
		return gk_fail(err, GK_EINVAL,
			       _("A finding of the kind %s cannot be masked; "
				 "only numbers and e-mail addresses can."),
			       gk_find_kind_label(f->kind));
	const unsigned char *s = (const unsigned char *)f->text;
	size_t len = f->len, chars = 0, at_char = 0, size;
	int has_at = 0;
	/* chars: the characters that count; at_char: those before the '@'. */
	for (size_t p = 0; p < len; p += size) {
		uint32_t cp = decode(s, len, p, &size);
		if (!has_at && is_at(cp)) {
			has_at = 1;
			at_char = chars;
		}
		chars += counts_in_mask(f->kind, cp);
	}
	size_t head, tail;
	switch (f->kind) {
	case GK_FIND_MOBILE:
		head = 3;
		tail = 4;
		break;
	case GK_FIND_EMAIL:
		/* A one-letter name is masked whole, or it would stay. */
		head = has_at && at_char >= 2 ? 1 : 0;
		tail = has_at ? chars - at_char : 0;
		break;
	default: /* ID numbers and bank cards */ head = 6; tail = 4;
	}
	/* Something must always be hidden. */
	if (head + tail >= chars)
		head = tail = 0;
	/* No longer than the text: '＊' replaces a full-width character,
	 * which is as long, and '*' any other. */
	char *masked = malloc(len + 1);
	if (!masked)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	size_t used = 0, i = 0;
	for (size_t p = 0; p < len; p += size) {
		uint32_t cp = decode(s, len, p, &size);
		if (!counts_in_mask(f->kind, cp) || i < head ||
		    i >= chars - tail) {
			memcpy(masked + used, s + p, size);
			used += size;
		} else if (is_fullwidth(cp)) {
			memcpy(masked + used, "＊", strlen("＊"));
			used += strlen("＊");
		} else
			masked[used++] = '*';
		i += counts_in_mask(f->kind, cp);
	}
	masked[used] = '\0';
	*out = masked;
	return 0;
}

int gk_scan_redact(const char *text, size_t len, const struct gk_finding *f,
		   char **out, struct gk_err *err)
{
	*out = NULL;
	if (!gk_scan_maskable(f->kind))
		return gk_scan_mask(f, out, err);
	if (f->offset > len || f->len > len - f->offset || !f->text ||
	    memcmp(text + f->offset, f->text, f->len) != 0)
		return gk_fail(err, GK_EINVAL,
			       _("The finding does not lie inside the text."));
	char *masked;
	int rc = gk_scan_mask(f, &masked, err);
	if (rc < 0)
		return rc;
	size_t masked_len = strlen(masked);
	size_t rest = len - f->offset - f->len;
	char *redacted = malloc(f->offset + masked_len + rest + 1);
	if (!redacted) {
		free(masked);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	memcpy(redacted, text, f->offset);
	memcpy(redacted + f->offset, masked, masked_len);
	memcpy(redacted + f->offset + masked_len, text + f->offset + f->len,
	       rest);
	redacted[f->offset + masked_len + rest] = '\0';
	free(masked);
	*out = redacted;
	return 0;
}
