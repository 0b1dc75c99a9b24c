/*
 * Display width, cutting and wrapping (ui/width.c): the one place the
 * workstation measures text, so that Chinese and mixed titles line up.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../ui/ui.h"
#include "text.h"

static void test_chinese_characters_take_two_columns(void **state)
{
	(void)state;
	assert_int_equal(ui_width("abc"), 3);
	assert_int_equal(ui_width("公开"), 4);
	assert_int_equal(ui_width("5G+工业互联网"), 3 + 10);
	assert_int_equal(ui_width("（全角）"), 8);
}

static void test_bad_bytes_and_controls_take_one_column_each(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(ui_width("a\xff" "b"), 3);
	assert_int_equal(ui_fit("a\x01" "b", 10, 0, out, sizeof out), 3);
	assert_string_equal(out, "a\xef\xbf\xbd" "b");
}

static void test_a_long_title_is_cut_at_a_character_with_an_ellipsis(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(ui_fit("中文标题", 5, 0, out, sizeof out), 5);
	assert_string_equal(out, "中文…");
	/* No room for half a character: the cell is padded instead. */
	assert_int_equal(ui_fit("中文标题", 4, 1, out, sizeof out), 4);
	assert_string_equal(out, "中… ");
}

static void test_a_short_text_is_padded_to_the_column(void **state)
{
	char out[64];
	(void)state;
	assert_int_equal(ui_fit("ab", 5, 1, out, sizeof out), 5);
	assert_string_equal(out, "ab   ");
	assert_int_equal(ui_fit("科室", 6, 1, out, sizeof out), 6);
	assert_string_equal(out, "科室  ");
	assert_int_equal(ui_fit("科室", 4, 1, out, sizeof out), 4);
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
		assert_int_equal(ui_fit(titles[i], 17, 1, out, sizeof out), 17);
		assert_int_equal(ui_width(out), 17);
	}
}

static void test_wrapping_never_starts_a_row_with_a_comma(void **state)
{
	const char *text = "一二三，四五";
	int cols;
	(void)state;
	/* Six columns hold 一二三; the comma would start the next row, so
	 * 三 goes down with it. */
	size_t n = ui_wrap(text, strlen(text), 6, &cols);
	assert_int_equal(n, strlen("一二"));
	assert_int_equal(cols, 4);
	n = ui_wrap(text, strlen(text), 8, &cols);
	assert_int_equal(n, strlen("一二三，"));
}

static void test_a_title_cut_in_the_middle_keeps_its_end(void **state)
{
	char out[256];
	(void)state;
	const char *title = "关于开展2026年度工业企业技术改造项目申报工作的通知";
	int cols = ui_fit_middle(title, 20, out, sizeof out);
	assert_true(cols <= 20);
	assert_int_equal(ui_width(out), cols);
	assert_non_null(strstr(out, "…"));
	assert_true(strncmp(out, "关于", strlen("关于")) == 0);
	size_t n = strlen(out), end = strlen("的通知");
	assert_string_equal(out + n - end, "的通知");
	/* Short enough: unchanged. */
	ui_fit_middle("短标题", 20, out, sizeof out);
	assert_string_equal(out, "短标题");
}

static void test_wrapping_keeps_ascii_words_and_numbers_whole(void **state)
{
	const char *text = "文号年份应为2026。";
	int cols;
	(void)state;
	/* Twelve columns end inside 2026: the number goes down whole. */
	size_t n = ui_wrap(text, strlen(text), 14, &cols);
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
	size_t n = ui_wrap(text, strlen(text), 13, &cols);
	assert_int_equal(n, strlen("增加值"));
	assert_int_equal(cols, 6);
	/* Room for all of it and the 、: nothing moves. */
	n = ui_wrap(text, strlen(text), 15, &cols);
	assert_int_equal(n, strlen("增加值（15%）、"));
}

static void test_wrapping_stops_at_a_newline(void **state)
{
	const char *text = "第一行\n第二行";
	int cols;
	(void)state;
	assert_int_equal(ui_wrap(text, strlen(text), 80, &cols),
			 strlen("第一行"));
	assert_int_equal(cols, 6);
}

/* The screen draws a title in 《》 as the core writes it for the published
 * files (gk_text_book_title): 《A《B》》 is 《A〈B〉》 on both, and a cut
 * title keeps the core's marks. */
static void
test_the_screen_draws_a_book_title_as_the_core_writes_it(void **state)
{
	static const char *const titles[] = {
	    "《A《B》》", "《淄川区政务公开《工作要点》》",
	    "关于印发《淄川区行动方案》的通知", "《条例》解读", "通报"};
	char out[256];
	(void)state;
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
		char *core = gk_text_book_title(titles[i]);
		assert_non_null(core);
		assert_int_equal(ui_book_title(titles[i], 0, out, sizeof out),
				 ui_width(core));
		assert_string_equal(out, core);
		free(core);
	}
	assert_int_equal(ui_book_title("《A《B》》", 0, out, sizeof out), 10);
	assert_string_equal(out, "《A〈B〉》");
	int cols = ui_book_title("《淄川区政务公开《工作要点》》", 14, out,
				 sizeof out);
	assert_true(cols <= 14 && cols == ui_width(out));
	assert_memory_equal(out, "《", strlen("《"));
	assert_string_equal(out + strlen(out) - strlen("〉》"), "〉》");
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
	    cmocka_unit_test(
		test_the_screen_draws_a_book_title_as_the_core_writes_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
