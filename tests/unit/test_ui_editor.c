/*
 * The built-in body editor (ui/editor.c) without a terminal: Chinese
 * input, moving by character and by display column, wrapping.
 */
#include <curses.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../ui/ui.h"

#define WIDTH  41 /* 40 columns of text and one for the cursor */
#define HEIGHT 10

static void type(struct ui_editor *e, const wchar_t *text)
{
	for (; *text; text++)
		ui_editor_key(e, *text == L'\n' ? '\r' : (int)*text, WIDTH,
			      HEIGHT);
}

static void key(struct ui_editor *e, int k, int times)
{
	while (times-- > 0)
		ui_editor_key(e, UI_KEY(k), WIDTH, HEIGHT);
}

static void assert_text(struct ui_editor *e, const char *want)
{
	char *got = ui_editor_get(e);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_typed_chinese_comes_back_as_utf8(void **state)
{
	struct ui_editor e;
	(void)state;
	ui_editor_init(&e, "");
	type(&e, L"各镇（街道）：\n申报截止12月20日。");
	assert_text(&e, "各镇（街道）：\n申报截止12月20日。");
	assert_true(e.modified);
	ui_editor_free(&e);
}

static void test_backspace_deletes_a_whole_character(void **state)
{
	struct ui_editor e;
	(void)state;
	ui_editor_init(&e, "公开");
	e.pos = e.len;
	key(&e, KEY_BACKSPACE, 1);
	assert_text(&e, "公");
	ui_editor_free(&e);
}

static void test_up_and_down_keep_the_display_column(void **state)
{
	struct ui_editor e;
	(void)state;
	/* Line 1: "ab中文" (columns 0,1,2-3,4-5); line 2: "中文ab". */
	ui_editor_init(&e, "ab中文\n中文ab");
	/* Before 文 (column 4); a move sets the wanted column. */
	e.pos = 4;
	key(&e, KEY_LEFT, 1);
	key(&e, KEY_DOWN, 1);
	/* Column 4 of "中文ab" is before a. */
	type(&e, L"X");
	assert_text(&e, "ab中文\n中文Xab");
	ui_editor_free(&e);
}

static void test_a_long_line_wraps_and_down_moves_within_it(void **state)
{
	struct ui_editor e;
	(void)state;
	/* 30 characters of 2 columns: 20 on the first row, 10 on the second. */
	ui_editor_init(&e, "一二三四五六七八九十一二三四五六七八九十甲乙丙丁戊己庚辛壬癸");
	e.pos = 2;
	key(&e, KEY_LEFT, 1); /* before 二: column 2 */
	key(&e, KEY_DOWN, 1);
	type(&e, L"|");
	assert_text(&e, "一二三四五六七八九十一二三四五六七八九十甲|乙丙丁戊己庚辛壬癸");
	/* Now at column 3, inside 二 on the row above: before it. */
	key(&e, KEY_UP, 1);
	type(&e, L"^");
	assert_text(&e, "一^二三四五六七八九十一二三四五六七八九十甲|乙丙丁戊己庚辛壬癸");
	ui_editor_free(&e);
}

static void test_a_comma_never_begins_a_wrapped_row(void **state)
{
	struct ui_editor e;
	(void)state;
	/* Twenty characters fill the row; the comma after them would begin
	 * the next one, so the twentieth goes down with it. */
	ui_editor_init(&e, "一二三四五六七八九十一二三四五六七八九十，再来");
	e.pos = 0;
	key(&e, KEY_DOWN, 1);
	type(&e, L"|");
	assert_text(&e, "一二三四五六七八九十一二三四五六七八九|十，再来");
	ui_editor_free(&e);
}

static void test_end_and_home_work_on_the_row(void **state)
{
	struct ui_editor e;
	(void)state;
	ui_editor_init(&e, "第一行\n第二行");
	e.pos = 0;
	key(&e, KEY_END, 1);
	type(&e, L"。");
	key(&e, KEY_DOWN, 1);
	key(&e, KEY_HOME, 1);
	type(&e, L"——");
	assert_text(&e, "第一行。\n——第二行");
	ui_editor_free(&e);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_typed_chinese_comes_back_as_utf8),
	    cmocka_unit_test(test_backspace_deletes_a_whole_character),
	    cmocka_unit_test(test_up_and_down_keep_the_display_column),
	    cmocka_unit_test(test_a_long_line_wraps_and_down_moves_within_it),
	    cmocka_unit_test(test_a_comma_never_begins_a_wrapped_row),
	    cmocka_unit_test(test_end_and_home_work_on_the_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
