/*
 * The confidentiality scanner (src/scan.c): the cases of scan_cases.tsv,
 * then where findings are (lines and columns in characters, byte
 * offsets), numbers in groups, masking and redaction, and text that is
 * not UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scan.h"

/* Tests run from the top of the tree (tests/run.sh). */
#define CASES_PATH "tests/unit/scan_cases.tsv"

/* Scan a NUL-terminated text; the findings in *found (free with
 * gk_scan_free), their number returned. */
static size_t scan(const char *text, struct gk_finding **found)
{
	struct gk_err err;
	size_t count;
	if (gk_scan(text, strlen(text), found, &count, &err) < 0)
		fail_msg("gk_scan: %s", err.msg);
	return count;
}

/*
 * Mask the first maskable finding of *text, scan again, and so on until
 * none is left, which must take exactly rounds masks; *text is the result
 * and *found its findings (what cannot be masked), their number returned.
 */
static size_t redact_until_clean(char **text, struct gk_finding **found,
				 int rounds)
{
	struct gk_err err;
	for (int done = 0;; done++) {
		size_t count = scan(*text, found), i = 0;
		while (i < count && !gk_scan_maskable((*found)[i].kind))
			i++;
		if (i == count) {
			assert_int_equal(done, rounds);
			return count;
		}
		assert_true(done < rounds);
		char *redacted;
		if (gk_scan_redact(*text, strlen(*text), &(*found)[i],
				   &redacted, &err) < 0)
			fail_msg("gk_scan_redact: %s", err.msg);
		gk_scan_free(*found, count);
		free(*text);
		*text = redacted;
	}
}

static void assert_finding(const struct gk_finding *f, enum gk_find_kind kind,
			   int line, int column, const char *text)
{
	assert_string_equal(gk_find_kind_key(f->kind), gk_find_kind_key(kind));
	assert_int_equal(f->line, line);
	assert_int_equal(f->column, column);
	assert_string_equal(f->text, text);
	assert_int_equal(f->len, strlen(text));
}

/* The masked form of the only finding in text. */
static char *mask_only(const char *text, enum gk_find_kind kind)
{
	struct gk_finding *found;
	struct gk_err err;
	char *masked;
	assert_int_equal(scan(text, &found), 1);
	assert_int_equal(found[0].kind, kind);
	if (gk_scan_mask(&found[0], &masked, &err) < 0)
		fail_msg("gk_scan_mask: %s", err.msg);
	gk_scan_free(found, 1);
	return masked;
}

#define assert_masked(text, kind, expected)                                    \
	do {                                                                   \
		char *masked = mask_only((text), (kind));                      \
		assert_string_equal(masked, (expected));                       \
		free(masked);                                                  \
	} while (0)

/* ---- the table of cases ------------------------------------------------ */

/* Undo the escapes \t \n \\ \xHH of scan_cases.tsv in place; returns the
 * length (the text may hold any byte but NUL). */
static size_t unescape(char *s)
{
	char *out = s;
	for (const char *p = s; *p; p++) {
		if (*p != '\\' || !p[1]) {
			*out++ = *p;
			continue;
		}
		p++;
		if (*p == 'n')
			*out++ = '\n';
		else if (*p == 't')
			*out++ = '\t';
		else if (*p == 'x' && p[1] && p[2]) {
			char hex[3] = {p[1], p[2], '\0'};
			*out++ = (char)strtol(hex, NULL, 16);
			p += 2;
		} else
			*out++ = *p;
	}
	*out = '\0';
	return (size_t)(out - s);
}

/* Check one case; print what is wrong and return 1 when it fails. */
static int check_case(int lineno, const char *kind, char *text, char *expected)
{
	struct gk_finding *found;
	struct gk_err err;
	size_t count, len = unescape(text);
	int want = strcmp(kind, "none") == 0 ? -1 : gk_find_kind_parse(kind);
	if (want < 0 && strcmp(kind, "none") != 0) {
		print_message("line %d: unknown kind '%s'\n", lineno, kind);
		return 1;
	}
	if (gk_scan(text, len, &found, &count, &err) < 0) {
		print_message("line %d: %s\n", lineno, err.msg);
		return 1;
	}
	int bad = want < 0 ? count != 0
			   : count != 1 || (int)found[0].kind != want ||
				 (expected && (unescape(expected), 1) &&
				  strcmp(found[0].text, expected) != 0);
	if (bad) {
		print_message("line %d: expected %s%s%s, found %zu:\n", lineno,
			      kind, expected ? " " : "",
			      expected ? expected : "", count);
		for (size_t i = 0; i < count; i++)
			print_message("    %s '%s'\n",
				      gk_find_kind_key(found[i].kind),
				      found[i].text);
	}
	gk_scan_free(found, count);
	return bad;
}

static void test_every_case_in_scan_cases_tsv_is_found_as_expected(void **state)
{
	(void)state;
	FILE *f = fopen(CASES_PATH, "r");
	if (!f)
		fail_msg("cannot open %s (run from the top of the tree)",
			 CASES_PATH);
	char buf[4096];
	int lineno = 0, cases = 0, failed = 0;
	int kinds_seen[GK_FIND_COUNT] = {0};
	while (fgets(buf, sizeof buf, f)) {
		lineno++;
		buf[strcspn(buf, "\n")] = '\0';
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		char *kind = buf, *text = strchr(buf, '\t');
		if (!text) {
			print_message("line %d: no tab\n", lineno);
			failed++;
			continue;
		}
		*text++ = '\0';
		char *expected = strchr(text, '\t');
		if (expected)
			*expected++ = '\0';
		int k = gk_find_kind_parse(kind);
		if (k >= 0)
			kinds_seen[k]++;
		cases++;
		failed += check_case(lineno, kind, text, expected);
	}
	fclose(f);
	for (int k = 0; k < GK_FIND_COUNT; k++)
		if (kinds_seen[k] < 3)
			fail_msg("scan_cases.tsv has too few cases of %s",
				 gk_find_kind_key((enum gk_find_kind)k));
	if (cases < 60)
		fail_msg("scan_cases.tsv has only %d cases", cases);
	if (failed)
		fail_msg("%d of %d cases in %s fail", failed, cases,
			 CASES_PATH);
}

/* ---- where findings are ------------------------------------------------ */

static void test_line_and_column_count_characters_not_bytes(void **state)
{
	(void)state;
	struct gk_finding *found;
	const char *text = "关于做好信息公开工作的通知\n"
			   "联系人：张三，手机13812345678，邮箱a@example.com\n";
	assert_int_equal(scan(text, &found), 2);
	/* 联系人：张三，手机 is nine characters (27 bytes). */
	assert_finding(&found[0], GK_FIND_MOBILE, 2, 10, "13812345678");
	assert_int_equal(found[0].offset,
			 strlen("关于做好信息公开工作的通知\n") +
			     strlen("联系人：张三，手机"));
	assert_finding(&found[1], GK_FIND_EMAIL, 2, 24, "a@example.com");
	gk_scan_free(found, 2);
}

static void test_offset_and_len_are_the_bytes_of_the_finding(void **state)
{
	(void)state;
	struct gk_finding *found;
	const char *text = "手机：１３８１２３４５６７８。";
	assert_int_equal(scan(text, &found), 1);
	assert_int_equal(found[0].offset, strlen("手机："));
	assert_int_equal(found[0].len, 11 * 3);
	assert_int_equal(found[0].column, 4);
	assert_memory_equal(text + found[0].offset, found[0].text,
			    found[0].len);
	assert_int_equal(found[0].text[found[0].len], '\0');
	gk_scan_free(found, 1);
}

static void test_every_kind_is_found_in_text_order(void **state)
{
	(void)state;
	struct gk_finding *found;
	const char *text = "秘密★1年\n"
			   "关于张三（身份证号11010519491231002X）的情况，"
			   "内部资料，不得外传。\n"
			   "电话13812345678，卡号6228480402564890018，"
			   "邮箱zhang@example.com。\n";
	assert_int_equal(scan(text, &found), 7);
	assert_finding(&found[0], GK_FIND_MARKING, 1, 1, "秘密★1年");
	assert_finding(&found[1], GK_FIND_ID_NUMBER, 2, 10,
		       "11010519491231002X");
	assert_finding(&found[2], GK_FIND_RESTRICTED, 2, 33, "内部资料");
	assert_finding(&found[3], GK_FIND_RESTRICTED, 2, 38, "不得外传");
	assert_finding(&found[4], GK_FIND_MOBILE, 3, 3, "13812345678");
	assert_finding(&found[5], GK_FIND_BANK_CARD, 3, 17,
		       "6228480402564890018");
	assert_finding(&found[6], GK_FIND_EMAIL, 3, 39, "zhang@example.com");
	for (int i = 1; i < 7; i++)
		assert_true(found[i].offset >=
			    found[i - 1].offset + found[i - 1].len);
	gk_scan_free(found, 7);
}

static void test_a_mobile_after_plus86_is_the_eleven_digits(void **state)
{
	(void)state;
	struct gk_finding *found;
	assert_int_equal(scan("电话+8613812345678", &found), 1);
	assert_finding(&found[0], GK_FIND_MOBILE, 1, 6, "13812345678");
	gk_scan_free(found, 1);
}

static void
test_a_marking_period_is_a_number_with_a_unit_or_a_short_phrase(void **state)
{
	(void)state;
	struct gk_finding *found;
	assert_int_equal(scan("机密★10年，秘密★会议结束后 绝密★长期。"
			      "秘密★12个月后",
			      &found),
			 4);
	assert_string_equal(found[0].text, "机密★10年");
	assert_string_equal(found[1].text, "秘密★会议结束后");
	assert_string_equal(found[2].text, "绝密★长期");
	assert_string_equal(found[3].text, "秘密★12个月");
	gk_scan_free(found, 4);
	/* Ten characters may be a period; eleven are the text that follows. */
	assert_int_equal(scan("秘密★一二三四五六七八九十", &found), 1);
	assert_string_equal(found[0].text, "秘密★一二三四五六七八九十");
	gk_scan_free(found, 1);
	assert_int_equal(scan("秘密★一二三四五六七八九十百", &found), 1);
	assert_string_equal(found[0].text, "秘密★");
	gk_scan_free(found, 1);
}

static void
test_a_number_in_groups_is_one_finding_with_its_separators(void **state)
{
	(void)state;
	struct gk_finding *found;
	const char *text =
	    "秘密 ★ 1年\n"
	    "电话：+86 139 1234 5678，卡号6222-0212-3456-7894。\n"
	    "全角１３９－１２３４－５６７８";
	assert_int_equal(scan(text, &found), 4);
	assert_finding(&found[0], GK_FIND_MARKING, 1, 1, "秘密 ★ 1年");
	/* 电话：+86 is seven characters; "+86 " is not part of the text. */
	assert_finding(&found[1], GK_FIND_MOBILE, 2, 8, "139 1234 5678");
	assert_int_equal(found[1].offset, strlen("秘密 ★ 1年\n电话：+86 "));
	assert_finding(&found[2], GK_FIND_BANK_CARD, 2, 24,
		       "6222-0212-3456-7894");
	assert_finding(&found[3], GK_FIND_MOBILE, 3, 3,
		       "１３９－１２３４－５６７８");
	assert_int_equal(found[3].len, 13 * 3);
	gk_scan_free(found, 4);
}

static void test_a_long_chain_of_digit_groups_is_no_number(void **state)
{
	(void)state;
	struct gk_finding *found;
	/* 100000 groups joined by spaces, then a mobile after a comma: each
	 * group is looked at a bounded number of times (the scan stays
	 * linear), and none of them is a number. */
	size_t groups = 100000, len = 0;
	char *text = malloc(groups * 5 + 32);
	assert_non_null(text);
	for (size_t i = 0; i < groups; i++) {
		memcpy(text + len, i % 2 ? "1391 " : "6222 ", 5);
		len += 5;
	}
	strcpy(text + len, "1，139 1234 5678");
	assert_int_equal(scan(text, &found), 1);
	assert_finding(&found[0], GK_FIND_MOBILE, 1, (int)len + 3,
		       "139 1234 5678");
	gk_scan_free(found, 1);
	free(text);
}

/* ---- text that is not UTF-8, and no text -------------------------------- */

static void test_a_bad_byte_is_one_column_and_breaks_a_run(void **state)
{
	(void)state;
	struct gk_finding *found;
	/* An overlong '1', a surrogate, a cut-off 密: one column per byte. */
	const char *text = "\xc0\xb1"
			   "13812345678 \xed\xa0\x80"
			   "13912345678 \xe5\xaf"
			   "13712345678";
	assert_int_equal(scan(text, &found), 3);
	assert_finding(&found[0], GK_FIND_MOBILE, 1, 3, "13812345678");
	assert_finding(&found[1], GK_FIND_MOBILE, 1, 18, "13912345678");
	assert_finding(&found[2], GK_FIND_MOBILE, 1, 32, "13712345678");
	gk_scan_free(found, 3);
	assert_int_equal(scan("138\xff"
			      "12345678",
			      &found),
			 0);
	assert_int_equal(scan("1381234\x80"
			      "5678",
			      &found),
			 0);
	assert_int_equal(scan("秘密\xe2\x98", &found), 0);
	assert_null(found);
}

static void test_the_scan_reads_exactly_len_bytes(void **state)
{
	(void)state;
	struct gk_finding *found;
	struct gk_err err;
	size_t count;
	/* Cut inside the number: no mobile number, nothing read past len. */
	char *cut = malloc(10);
	memcpy(cut, "1381234567", 10);
	assert_int_equal(gk_scan(cut, 10, &found, &count, &err), 0);
	assert_int_equal(count, 0);
	free(cut);
	/* A NUL byte is a character like any other. */
	const char with_nul[] = "a\0"
				"13812345678";
	assert_int_equal(
	    gk_scan(with_nul, sizeof with_nul - 1, &found, &count, &err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(found[0].offset, 2);
	assert_int_equal(found[0].column, 3);
	gk_scan_free(found, count);
	/* A 3-byte character cut off at the end of the buffer. */
	char *tail = malloc(2);
	memcpy(tail, "\xe7\xa7", 2);
	assert_int_equal(gk_scan(tail, 2, &found, &count, &err), 0);
	assert_int_equal(count, 0);
	free(tail);
}

static void test_empty_input_finds_nothing(void **state)
{
	(void)state;
	struct gk_finding *found = (struct gk_finding *)&found;
	struct gk_err err;
	size_t count = 99;
	assert_int_equal(gk_scan("", 0, &found, &count, &err), 0);
	assert_null(found);
	assert_int_equal(count, 0);
	assert_int_equal(gk_scan(NULL, 0, &found, &count, &err), 0);
	assert_null(found);
	assert_int_equal(count, 0);
	gk_scan_free(NULL, 0);
}

/* ---- masking ------------------------------------------------------------- */

static void test_an_id_number_keeps_its_first_6_and_last_4(void **state)
{
	(void)state;
	assert_masked("370302198001041234", GK_FIND_ID_NUMBER,
		      "370302********1234");
	assert_masked("11010519491231002X", GK_FIND_ID_NUMBER,
		      "110105********002X");
	assert_masked("１１０１０５１９４９１２３１００２Ｘ", GK_FIND_ID_NUMBER,
		      "１１０１０５＊＊＊＊＊＊＊＊００２Ｘ");
}

static void test_a_mobile_number_keeps_its_first_3_and_last_4(void **state)
{
	(void)state;
	assert_masked("13812345678", GK_FIND_MOBILE, "138****5678");
	assert_masked("１３８１２３４５６７８", GK_FIND_MOBILE,
		      "１３８＊＊＊＊５６７８");
}

static void
test_a_full_width_character_is_masked_with_a_full_width_star(void **state)
{
	(void)state;
	/* Each character by its own width: '＊' for a full-width digit, '*'
	 * for an ASCII one, so the masked text keeps its width. */
	assert_masked("１３８1234５６７８", GK_FIND_MOBILE,
		      "１３８****５６７８");
	assert_masked("１３８１２34５６７８", GK_FIND_MOBILE,
		      "１３８＊＊**５６７８");
	assert_masked("６２２２６００１０００１２３４９", GK_FIND_BANK_CARD,
		      "６２２２６０＊＊＊＊＊＊２３４９");
	/* An address's name is ASCII: '*' even beside a full-width ＠. */
	assert_masked("xxgk＠zichuan.gov.cn", GK_FIND_EMAIL,
		      "x***＠zichuan.gov.cn");
}

static void test_a_number_in_groups_keeps_its_separators_masked(void **state)
{
	(void)state;
	/* The first 3 and last 4 digits of a mobile, the first 6 and last 4
	 * of a card, counted in digits: separators are neither. */
	assert_masked("139-1234-5678", GK_FIND_MOBILE, "139-****-5678");
	assert_masked("139 1234 5678", GK_FIND_MOBILE, "139 **** 5678");
	assert_masked("１３９－１２３４－５６７８", GK_FIND_MOBILE,
		      "１３９－＊＊＊＊－５６７８");
	assert_masked("6222 0212 3456 7890 128", GK_FIND_BANK_CARD,
		      "6222 02** **** ***0 128");
	assert_masked("4111-1111-1111-1111", GK_FIND_BANK_CARD,
		      "4111-11**-****-1111");
	assert_masked("５４３２－１０９８－７６５４－３２１２",
		      GK_FIND_BANK_CARD,
		      "５４３２－１０＊＊－＊＊＊＊－３２１２");
}

static void test_a_bank_card_keeps_its_first_6_and_last_4(void **state)
{
	(void)state;
	assert_masked("6228480402564890018", GK_FIND_BANK_CARD,
		      "622848*********0018");
	assert_masked("4111111111111111", GK_FIND_BANK_CARD,
		      "411111******1111");
}

static void test_an_email_keeps_the_first_letter_and_the_domain(void **state)
{
	(void)state;
	assert_masked("zhang.san@example.com", GK_FIND_EMAIL,
		      "z********@example.com");
	assert_masked("xxgk＠zichuan.gov.cn", GK_FIND_EMAIL,
		      "x***＠zichuan.gov.cn");
	/* A one-letter name would stay the same: it is masked whole. */
	assert_masked("z@example.com", GK_FIND_EMAIL, "*@example.com");
}

static void test_markings_and_restricted_wording_cannot_be_masked(void **state)
{
	(void)state;
	struct gk_finding *found;
	struct gk_err err;
	char *out = (char *)"untouched";
	const char *text = "秘密★1年 内部资料";
	assert_int_equal(scan(text, &found), 2);
	for (int i = 0; i < 2; i++) {
		assert_false(gk_scan_maskable(found[i].kind));
		assert_int_equal(gk_scan_mask(&found[i], &out, &err),
				 GK_EINVAL);
		assert_null(out);
		assert_int_equal(err.code, GK_EINVAL);
		assert_int_equal(
		    gk_scan_redact(text, strlen(text), &found[i], &out, &err),
		    GK_EINVAL);
		assert_null(out);
	}
	gk_scan_free(found, 2);
}

static void test_redact_refuses_a_finding_that_is_not_in_the_text(void **state)
{
	(void)state;
	struct gk_finding *found;
	struct gk_err err;
	char *out;
	const char *text = "电话13812345678";
	assert_int_equal(scan(text, &found), 1);
	/* Another text, shorter than the finding's end. */
	assert_int_equal(
	    gk_scan_redact("电话", strlen("电话"), &found[0], &out, &err),
	    GK_EINVAL);
	assert_null(out);
	/* Same length, other bytes at the offset. */
	assert_int_equal(gk_scan_redact("电话13912345678",
					strlen("电话13912345678"), &found[0],
					&out, &err),
			 GK_EINVAL);
	found[0].offset = SIZE_MAX;
	assert_int_equal(
	    gk_scan_redact(text, strlen(text), &found[0], &out, &err),
	    GK_EINVAL);
	gk_scan_free(found, 1);
}

static void test_redacting_every_finding_leaves_nothing_to_find(void **state)
{
	(void)state;
	struct gk_finding *found;
	char *text = strdup("机密★1年\n"
			    "张三，身份证号370302198001041234，"
			    "手机+8613812345678，卡号6228480402564890018，"
			    "邮箱z@example.com、xxgk＠zichuan.gov.cn，"
			    "全角１３９１２３４５６７８。\n");
	size_t count = redact_until_clean(&text, &found, 6);
	assert_string_equal(text,
			    "机密★1年\n"
			    "张三，身份证号370302********1234，"
			    "手机+86138****5678，卡号622848*********0018，"
			    "邮箱*@example.com、x***＠zichuan.gov.cn，"
			    "全角１３９＊＊＊＊５６７８。\n");
	/* The marking is left: it is not masked but declassified. */
	assert_int_equal(count, 1);
	assert_int_equal(found[0].kind, GK_FIND_MARKING);
	gk_scan_free(found, count);
	free(text);
}

static void
test_redacting_numbers_in_groups_leaves_nothing_to_find(void **state)
{
	(void)state;
	struct gk_finding *found;
	char *text = strdup("手机+86 139 1234 5678、138-0000-1111、"
			    "１３７－１２３４－５６７８，"
			    "卡号6222 0212 3456 7890 128，"
			    "6228-4804-0256-4890-018，秘密 ★ 1年\n");
	size_t count = redact_until_clean(&text, &found, 5);
	assert_string_equal(text, "手机+86 139 **** 5678、138-****-1111、"
				  "１３７－＊＊＊＊－５６７８，"
				  "卡号6222 02** **** ***0 128，"
				  "6228-48**-****-***0-018，秘密 ★ 1年\n");
	assert_int_equal(count, 1);
	assert_finding(&found[0], GK_FIND_MARKING, 1, 99, "秘密 ★ 1年");
	gk_scan_free(found, count);
	free(text);
}

static void test_kind_keys_and_labels_come_from_one_table(void **state)
{
	(void)state;
	for (int k = 0; k < GK_FIND_COUNT; k++) {
		const char *key = gk_find_kind_key((enum gk_find_kind)k);
		assert_int_equal(gk_find_kind_parse(key), k);
		assert_true(strlen(gk_find_kind_label((enum gk_find_kind)k)) >
			    0);
	}
	assert_string_equal(gk_find_kind_key(GK_FIND_ID_NUMBER), "id-number");
	assert_int_equal(gk_find_kind_parse("bank-card"), GK_FIND_BANK_CARD);
	assert_int_equal(gk_find_kind_parse("phone"), -1);
	assert_int_equal(gk_find_kind_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_every_case_in_scan_cases_tsv_is_found_as_expected),
	    cmocka_unit_test(test_line_and_column_count_characters_not_bytes),
	    cmocka_unit_test(test_offset_and_len_are_the_bytes_of_the_finding),
	    cmocka_unit_test(test_every_kind_is_found_in_text_order),
	    cmocka_unit_test(test_a_mobile_after_plus86_is_the_eleven_digits),
	    cmocka_unit_test(
		test_a_marking_period_is_a_number_with_a_unit_or_a_short_phrase),
	    cmocka_unit_test(
		test_a_number_in_groups_is_one_finding_with_its_separators),
	    cmocka_unit_test(test_a_long_chain_of_digit_groups_is_no_number),
	    cmocka_unit_test(test_a_bad_byte_is_one_column_and_breaks_a_run),
	    cmocka_unit_test(test_the_scan_reads_exactly_len_bytes),
	    cmocka_unit_test(test_empty_input_finds_nothing),
	    cmocka_unit_test(test_an_id_number_keeps_its_first_6_and_last_4),
	    cmocka_unit_test(test_a_mobile_number_keeps_its_first_3_and_last_4),
	    cmocka_unit_test(test_a_bank_card_keeps_its_first_6_and_last_4),
	    cmocka_unit_test(
		test_a_full_width_character_is_masked_with_a_full_width_star),
	    cmocka_unit_test(
		test_a_number_in_groups_keeps_its_separators_masked),
	    cmocka_unit_test(
		test_an_email_keeps_the_first_letter_and_the_domain),
	    cmocka_unit_test(
		test_markings_and_restricted_wording_cannot_be_masked),
	    cmocka_unit_test(
		test_redact_refuses_a_finding_that_is_not_in_the_text),
	    cmocka_unit_test(
		test_redacting_every_finding_leaves_nothing_to_find),
	    cmocka_unit_test(
		test_redacting_numbers_in_groups_leaves_nothing_to_find),
	    cmocka_unit_test(test_kind_keys_and_labels_come_from_one_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
