/*
 * Display width, cutting, padding and wrapping (src/width.c): the one
 * place gongkai measures text, so that Chinese and mixed titles line up
 * on the workstation, in the CLI and in printed forms, and the editor and
 * the item view wrap a body alike.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "width.h"

static void test_chinese_characters_take_two_columns(void **state)
{
	(void)state;
	assert_int_equal(gk_width("abc"), 3);
	assert_int_equal(gk_width("公开"), 4);
	assert_int_equal(gk_width("5G+工业互联网"), 3 + 10);
	assert_int_equal(gk_width("（全角）"), 8);
}

static void test_bad_bytes_and_controls_take_one_column_each(void **state)
{
	char out[64];
	(void)state;
	/* In octal, as "\xffb" would be one escape. */
	assert_int_equal(gk_width("a\377b"), 3);
	assert_int_equal(gk_width_fit("a\001b", 10, 0, out, sizeof out), 3);
	assert_string_equal(out, "a\357\277\275b");
}

static void
test_a_long_title_is_cut_at_a_character_with_an_ellipsis(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(gk_width_fit("中文标题", 5, 0, out, sizeof out), 5);
	assert_string_equal(out, "中文…");
	/* No room for half a character: the cell is padded instead. */
	assert_int_equal(gk_width_fit("中文标题", 4, 1, out, sizeof out), 4);
	assert_string_equal(out, "中… ");
}

static void test_a_short_text_is_padded_to_the_column(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(gk_width_fit("ab", 5, 1, out, sizeof out), 5);
	assert_string_equal(out, "ab   ");
	assert_int_equal(gk_width_fit("科室", 6, 1, out, sizeof out), 6);
	assert_string_equal(out, "科室  ");
	assert_int_equal(gk_width_fit("科室", 4, 1, out, sizeof out), 4);
	assert_string_equal(out, "科室");
}

static void test_mixed_cells_of_one_width_line_up(void **state)
{
	const char *titles[] = {"2026年5G+工业互联网项目申报", "ABC测试abc",
				"全角（括号）标题", "plain ascii title",
				"关于开展二〇二六年度工业企业亩产效益综合评价"};
	char out[256];
	(void)state;
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
		assert_int_equal(
		    gk_width_fit(titles[i], 17, 1, out, sizeof out), 17);
		assert_int_equal(gk_width(out), 17);
	}
}

static void test_wrapping_never_starts_a_row_with_a_comma(void **state)
{
	const char *text = "一二三，四五";
	int cols;
	(void)state;
	/* Six columns hold 一二三; the comma would start the next row, so
	 * 三 goes down with it. */
	size_t n = gk_width_wrap(text, strlen(text), 6, &cols);
	assert_int_equal(n, strlen("一二"));
	assert_int_equal(cols, 4);
	n = gk_width_wrap(text, strlen(text), 8, &cols);
	assert_int_equal(n, strlen("一二三，"));
}

static void test_a_title_cut_in_the_middle_keeps_its_end(void **state)
{
	char out[256];
	(void)state;
	const char *title =
	    "关于开展2026年度工业企业技术改造项目申报工作的通知";
	int cols = gk_width_fit_middle(title, 20, out, sizeof out);
	assert_true(cols <= 20);
	assert_int_equal(gk_width(out), cols);
	assert_non_null(strstr(out, "…"));
	assert_true(strncmp(out, "关于", strlen("关于")) == 0);
	size_t n = strlen(out), end = strlen("的通知");
	assert_string_equal(out + n - end, "的通知");
	/* Short enough: unchanged. */
	gk_width_fit_middle("短标题", 20, out, sizeof out);
	assert_string_equal(out, "短标题");
}

static void test_wrapping_keeps_ascii_words_and_numbers_whole(void **state)
{
	const char *text = "文号年份应为2026。";
	int cols;
	(void)state;
	/* Twelve columns end inside 2026: the number goes down whole. */
	size_t n = gk_width_wrap(text, strlen(text), 14, &cols);
	assert_int_equal(n, strlen("文号年份应为"));
	assert_int_equal(cols, 12);
}

static void test_a_bracketed_number_moves_down_with_its_brackets(void **state)
{
	/* The row would end after "（15%）" with "、" starting the next:
	 * neither ）nor 、 may begin a row, the number stays whole, and
	 * （ may not end one, so the row ends before （. */
	const char *text = "增加值（15%）、排放（10%）";
	int cols;
	(void)state;
	size_t n = gk_width_wrap(text, strlen(text), 13, &cols);
	assert_int_equal(n, strlen("增加值"));
	assert_int_equal(cols, 6);
	/* Room for all of it and the 、: nothing moves. */
	n = gk_width_wrap(text, strlen(text), 15, &cols);
	assert_int_equal(n, strlen("增加值（15%）、"));
}

static void test_wrapping_stops_at_a_newline(void **state)
{
	const char *text = "第一行\n第二行";
	int cols;
	(void)state;
	assert_int_equal(gk_width_wrap(text, strlen(text), 80, &cols),
			 strlen("第一行"));
	assert_int_equal(cols, 6);
}

/* ---- the rules of wrapping, over every width ---------------------------- */

/* A body with what wrapping must keep: closing and opening punctuation,
 * phone numbers, dates, a standard's number, a link, a combining mark. */
static const char *const bodies[] = {
    "根据《中华人民共和国政府信息公开条例》（国务院令第711号）第十九条，"
    "现将有关事项公告如下：一、申报时间为2024-01-05至2024-02-05。"
    "二、咨询电话：05/33-5181235，联系人：张三。",
    "参照GB/T 7714—2015著录，详见https://www.zichuan.gov.cn/xxgk/index.html"
    "。“十四五”期间，亩产效益提高15%以上……各镇（街道）、各部门：",
    "Café résumé 安排（第2批）「重点」『项目』【通知】〔2026〕3号"
    "——附件：1.申报表；2.汇总表？是！",
    "第一段\n\n第二段，有空行。\n\xff坏字节\x01控制字符\t制表符",
};

/* The rows of text at width, as offsets where each row starts; returns
 * how many (at most max). */
static int rows_of(const char *text, int width, size_t *starts, int max)
{
	size_t len = strlen(text), at = 0;
	int n = 0;
	while (n < max) {
		int cols;
		starts[n++] = at;
		size_t taken = gk_width_wrap(text + at, len - at, width, &cols);
		at += taken;
		if (at < len && text[at] == '\n')
			at++;
		else if (at >= len)
			break;
	}
	return n;
}

/* The first character of the row at text + at, decoded. */
static wchar_t char_at(const char *text, size_t at)
{
	wchar_t c = 0;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	mbrtowc(&c, text + at, strlen(text + at), &st);
	return c;
}

/* The character that ends the row ending at text + end. */
static wchar_t char_before(const char *text, size_t end)
{
	size_t at = end;
	while (at > 0 && ((unsigned char)text[at - 1] & 0xC0) == 0x80)
		at--;
	return at > 0 ? char_at(text, at - 1) : 0;
}

static void test_no_row_starts_with_closing_punctuation(void **state)
{
	(void)state;
	size_t starts[512];
	for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
		for (int width = 8; width <= 60; width++) {
			int n = rows_of(bodies[b], width, starts, 512);
			for (int r = 1; r < n; r++) {
				if (bodies[b][starts[r] - 1] == '\n')
					continue; /* a line of its own */
				wchar_t c = char_at(bodies[b], starts[r]);
				if (wcschr(L"，。、；：？！）》」』】〕…％”’",
					   c)) {
					fail_msg("width %d, row %d starts with "
						 "%lc: %s",
						 width, r, (wint_t)c,
						 bodies[b] + starts[r]);
				}
			}
		}
}

static void test_no_row_ends_with_an_opening_bracket(void **state)
{
	(void)state;
	size_t starts[512];
	for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
		for (int width = 8; width <= 60; width++) {
			int n = rows_of(bodies[b], width, starts, 512);
			for (int r = 1; r < n; r++) {
				wchar_t c = char_before(bodies[b], starts[r]);
				if (wcschr(L"（《「『【〔“‘", c))
					fail_msg("width %d, row %d ends with "
						 "%lc",
						 width, r - 1, (wint_t)c);
			}
		}
}

/* Whether some row boundary falls strictly inside the first place word
 * is found in text. */
static int split_inside(const char *text, const size_t *starts, int n,
			const char *word)
{
	const char *at = strstr(text, word);
	assert_non_null(at);
	size_t from = (size_t)(at - text), to = from + strlen(word);
	for (int r = 1; r < n; r++)
		if (starts[r] > from && starts[r] < to)
			return 1;
	return 0;
}

static void test_numbers_dates_and_phones_stay_whole_when_they_fit(void **state)
{
	static const char *const words[] = {
	    "05/33-5181235", "2024-01-05", "2024-02-05", "711",	  "GB/T",
	    "2015",	     "15%",	   "Café",	 "résumé"};
	(void)state;
	size_t starts[512];
	/* From the width that holds the widest of them with the punctuation
	 * that may not leave it ("05/33-5181235，", 15 columns): narrower, a
	 * number is cut rather than a row begun with ，. */
	for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
		for (int width = 15; width <= 60; width++) {
			int n = rows_of(bodies[b], width, starts, 512);
			for (size_t w = 0; w < sizeof words / sizeof words[0];
			     w++) {
				if (!strstr(bodies[b], words[w]))
					continue;
				if (split_inside(bodies[b], starts, n,
						 words[w]))
					fail_msg("width %d splits %s", width,
						 words[w]);
			}
		}
}

static void test_the_editor_example_wraps_its_phone_number_whole(void **state)
{
	/* 咨询电话：is 10 columns; the number (13) does not fit beside it
	 * in 20, so it goes down whole rather than as "05/33-" and
	 * "5181235". */
	const char *text = "咨询电话：05/33-5181235。";
	int cols;
	(void)state;
	size_t n = gk_width_wrap(text, strlen(text), 20, &cols);
	assert_int_equal(n, strlen("咨询电话："));
	assert_int_equal(cols, 10);
	n = gk_width_wrap(text + n, strlen(text + n), 20, &cols);
	assert_int_equal(n, strlen("05/33-5181235。"));
	assert_int_equal(cols, 15);
}

static void test_a_title_mark_never_begins_a_row(void **state)
{
	/* Ten columns end after 条例; 》 may not begin the next row, so 例
	 * goes down with it. */
	const char *text = "《信息公开条例》第十九条";
	int cols;
	(void)state;
	size_t n = gk_width_wrap(text, strlen(text), 14, &cols);
	assert_int_equal(n, strlen("《信息公开条"));
	assert_int_equal(cols, 12);
}

static void test_no_row_is_wider_than_the_width(void **state)
{
	(void)state;
	for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
		for (int width = 2; width <= 60; width++) {
			const char *s = bodies[b];
			size_t len = strlen(s);
			while (len) {
				int cols;
				size_t n = gk_width_wrap(s, len, width, &cols);
				assert_true(cols <= width);
				assert_int_equal(cols, gk_width_n(s, n));
				if (n == 0) { /* a newline */
					assert_int_equal(s[0], '\n');
					n = 1;
				}
				s += n;
				len -= n;
			}
		}
}

static void test_joining_the_rows_gives_the_text_back(void **state)
{
	(void)state;
	for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
		for (int width = 1; width <= 60; width++) {
			const char *s = bodies[b];
			size_t len = strlen(s), used = 0;
			char joined[1024];
			while (len) {
				int cols;
				size_t n = gk_width_wrap(s, len, width, &cols);
				if (n == 0)
					n = 1; /* the newline */
				assert_true(used + n < sizeof joined);
				memcpy(joined + used, s, n);
				used += n;
				s += n;
				len -= n;
			}
			joined[used] = '\0';
			assert_string_equal(joined, bodies[b]);
		}
}

static void
test_combining_marks_take_no_column_and_stay_with_their_letter(void **state)
{
	/* e and U+0301 (\314\201) are é in one column; a row never begins with
	 * the mark. */
	const char *text = "e\314\201e\314\201e\314\201 e\314\201";
	int cols;
	(void)state;
	assert_int_equal(gk_width("e\314\201"), 1);
	assert_int_equal(gk_width(text), 5);
	/* Three columns hold the word éée whole, marks and all. */
	size_t n = gk_width_wrap(text, strlen(text), 3, &cols);
	assert_int_equal(n, strlen("e\314\201e\314\201e\314\201"));
	assert_int_equal(cols, 3);
	/* A word longer than the row is cut, but after a mark, not before. */
	n = gk_width_wrap(text, strlen(text), 2, &cols);
	assert_int_equal(n, strlen("e\314\201e\314\201"));
	assert_int_equal(cols, 2);
}

static void test_a_chinese_character_is_never_split_across_rows(void **state)
{
	const char *text = "公开公开";
	int cols;
	(void)state;
	/* Five columns hold two characters and half of a third: it goes
	 * down whole. */
	assert_int_equal(gk_width_wrap(text, strlen(text), 5, &cols),
			 strlen("公开"));
	assert_int_equal(cols, 4);
	/* A row too narrow for one still takes one, so wrapping ends. */
	assert_int_equal(gk_width_wrap(text, strlen(text), 1, &cols),
			 strlen("公"));
	assert_int_equal(cols, 2);
}

static void test_a_row_ends_after_a_space_not_inside_a_word(void **state)
{
	/* "GB/T 7714" at eight columns: the row ends after the space and
	 * the number goes down whole. */
	const char *text = "GB/T 7714";
	int cols;
	(void)state;
	size_t n = gk_width_wrap(text, strlen(text), 8, &cols);
	assert_int_equal(n, strlen("GB/T "));
	assert_int_equal(cols, 5);
	/* At four columns the word fills the row; the space goes down. */
	n = gk_width_wrap(text, strlen(text), 4, &cols);
	assert_int_equal(n, strlen("GB/T"));
}

static void test_an_indent_is_not_a_row_of_its_own(void **state)
{
	/* The spaces that begin a line are not a place to end its row. */
	const char *text = "  0123456789";
	int cols;
	(void)state;
	assert_int_equal(gk_width_wrap(text, strlen(text), 8, &cols), 8);
	assert_int_equal(cols, 8);
}

static void test_a_word_longer_than_the_row_is_cut_at_the_width(void **state)
{
	const char *text = "https://www.zichuan.gov.cn/xxgk";
	int cols;
	(void)state;
	assert_int_equal(gk_width_wrap(text, strlen(text), 10, &cols), 10);
	assert_int_equal(cols, 10);
}

static void test_utf8_and_wide_text_wrap_into_the_same_rows(void **state)
{
	(void)state;
	for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++) {
		if (strchr(bodies[b], '\xff'))
			continue; /* no wide form for a bad byte */
		wchar_t wide[512];
		size_t wlen = mbstowcs(wide, bodies[b], 512);
		assert_true(wlen != (size_t)-1);
		for (int width = 1; width <= 60; width++) {
			const char *s = bodies[b];
			size_t len = strlen(s), at = 0;
			while (len) {
				int cols, wcols;
				size_t n = gk_width_wrap(s, len, width, &cols);
				size_t wn = gk_width_wrap_wide(
				    wide + at, wlen - at, width, &wcols);
				assert_int_equal(cols, wcols);
				char *row = gk_width_encode(wide + at, wn);
				assert_non_null(row);
				assert_int_equal(strlen(row), n);
				assert_memory_equal(row, s, n);
				free(row);
				if (n == 0)
					n = wn = 1;
				s += n;
				len -= n;
				at += wn;
			}
			assert_int_equal(at, wlen);
		}
	}
}

/* ---- columns for the CLI and printed forms ------------------------------ */

static void test_padding_lines_up_chinese_and_never_cuts(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(gk_width_pad("科室", 8, out, sizeof out), 8);
	assert_string_equal(out, "科室    ");
	assert_int_equal(gk_width_pad("ab", 8, out, sizeof out), 8);
	assert_string_equal(out, "ab      ");
	/* Wider than the column: whole, nothing added. */
	assert_int_equal(gk_width_pad("政府信息公开", 8, out, sizeof out), 12);
	assert_string_equal(out, "政府信息公开");
	/* What is measured is what is written. */
	assert_int_equal(gk_width_pad("a\tb\x01", 6, out, sizeof out), 6);
	assert_string_equal(out, "a b\xef\xbf\xbd  ");
	/* A buffer too small cuts at a character, never inside one. */
	char small[5];
	assert_int_equal(gk_width_pad("公开", 8, small, sizeof small), 3);
	assert_string_equal(small, "公 ");
}

static void test_a_table_lines_up_chinese_columns(void **state)
{
	const char *cells[] = {
	    "lidan",	    "李丹", "办公室主任（审核）", "wangfang", "王芳",
	    "信息公开专员", "x",    "Ouyang Xiu",	  NULL,
	};
	(void)state;
	char *table = gk_width_table(cells, 3, 3, "  ", "  ");
	assert_non_null(table);
	/* Columns 8 and 10 wide by display width (王芳 is 4 of 10); no line
	 * ends in blanks, though its last cell is empty. */
	assert_string_equal(table,
			    "  lidan     李丹        办公室主任（审核）\n"
			    "  wangfang  王芳        信息公开专员\n"
			    "  x         Ouyang Xiu\n");
	free(table);
	char *empty = gk_width_table(cells, 0, 3, "", " ");
	assert_non_null(empty);
	assert_string_equal(empty, "");
	free(empty);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chinese_characters_take_two_columns),
	    cmocka_unit_test(test_bad_bytes_and_controls_take_one_column_each),
	    cmocka_unit_test(
		test_a_long_title_is_cut_at_a_character_with_an_ellipsis),
	    cmocka_unit_test(test_a_short_text_is_padded_to_the_column),
	    cmocka_unit_test(test_mixed_cells_of_one_width_line_up),
	    cmocka_unit_test(test_wrapping_never_starts_a_row_with_a_comma),
	    cmocka_unit_test(test_wrapping_stops_at_a_newline),
	    cmocka_unit_test(test_a_title_cut_in_the_middle_keeps_its_end),
	    cmocka_unit_test(test_wrapping_keeps_ascii_words_and_numbers_whole),
	    cmocka_unit_test(
		test_a_bracketed_number_moves_down_with_its_brackets),
	    cmocka_unit_test(test_no_row_starts_with_closing_punctuation),
	    cmocka_unit_test(test_no_row_ends_with_an_opening_bracket),
	    cmocka_unit_test(
		test_numbers_dates_and_phones_stay_whole_when_they_fit),
	    cmocka_unit_test(
		test_the_editor_example_wraps_its_phone_number_whole),
	    cmocka_unit_test(test_a_title_mark_never_begins_a_row),
	    cmocka_unit_test(test_no_row_is_wider_than_the_width),
	    cmocka_unit_test(test_joining_the_rows_gives_the_text_back),
	    cmocka_unit_test(
		test_combining_marks_take_no_column_and_stay_with_their_letter),
	    cmocka_unit_test(
		test_a_chinese_character_is_never_split_across_rows),
	    cmocka_unit_test(test_a_row_ends_after_a_space_not_inside_a_word),
	    cmocka_unit_test(test_an_indent_is_not_a_row_of_its_own),
	    cmocka_unit_test(
		test_a_word_longer_than_the_row_is_cut_at_the_width),
	    cmocka_unit_test(test_utf8_and_wide_text_wrap_into_the_same_rows),
	    cmocka_unit_test(test_padding_lines_up_chinese_and_never_cuts),
	    cmocka_unit_test(test_a_table_lines_up_chinese_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
