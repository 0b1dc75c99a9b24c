/*
 * The built-in body editor (ui/editor.c) without a terminal: Chinese
 * input, moving by character and by display column, wrapping (the same
 * rows as the core's gk_width_wrap, which the item view draws).
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
	ui_editor_init(
	    &e, "一二三四五六七八九十一二三四五六七八九十甲乙丙丁戊己庚辛壬癸");
	e.pos = 2;
	key(&e, KEY_LEFT, 1); /* before 二: column 2 */
	key(&e, KEY_DOWN, 1);
	type(&e, L"|");
	assert_text(
	    &e,
	    "一二三四五六七八九十一二三四五六七八九十甲|乙丙丁戊己庚辛壬癸");
	/* Now at column 3, inside 二 on the row above: before it. */
	key(&e, KEY_UP, 1);
	type(&e, L"^");
	assert_text(
	    &e,
	    "一^二三四五六七八九十一二三四五六七八九十甲|乙丙丁戊己庚辛壬癸");
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

static void test_a_closing_title_mark_never_begins_a_row(void **state)
{
	struct ui_editor e;
	(void)state;
	/* 》 is the twentieth character and fills the row; ， after it may
	 * not begin the next row, nor may 》, so 六 goes down with both. */
	ui_editor_init(
	    &e, "印发《一二三四五六七八九十一二三四五六》，请遵照执行。");
	e.pos = 0;
	key(&e, KEY_DOWN, 1);
	type(&e, L"|");
	assert_text(&e,
		    "印发《一二三四五六七八九十一二三四五|六》，请遵照执行。");
	ui_editor_free(&e);
}

static void test_a_phone_number_goes_down_whole(void **state)
{
	struct ui_editor e;
	(void)state;
	/* Columns 32 to 45 would hold the number: it does not fit beside
	 * 联系电话：, so it begins the next row instead of being cut. */
	ui_editor_init(&e, "本单位联系人为张三同志，联系电话：05/33-5181235。");
	e.pos = 0;
	key(&e, KEY_DOWN, 1);
	type(&e, L"|");
	assert_text(&e, "本单位联系人为张三同志，联系电话：|05/33-5181235。");
	ui_editor_free(&e);
}

/* Where the rows of utf8 start at width, in characters, as the item
 * view wraps it (gk_width_wrap over the UTF-8); returns how many. */
static int core_rows(const char *utf8, int width, size_t *starts, int max)
{
	size_t len = strlen(utf8), at = 0;
	int n = 0;
	while (n < max) {
		char prefix[1024];
		memcpy(prefix, utf8, at);
		prefix[at] = '\0';
		starts[n++] = mbstowcs(NULL, prefix, 0);
		int cols;
		at += gk_width_wrap(utf8 + at, len - at, width, &cols);
		if (at >= len)
			break;
		if (utf8[at] == '\n')
			at++;
	}
	return n;
}

static void test_the_editor_wraps_as_the_item_view_does(void **state)
{
	static const char *const bodies[] = {
	    "根据《中华人民共和国政府信息公开条例》（国务院令第711号）第十九"
	    "条，现将有关事项公告如下：\n一、申报时间为2024-01-05至2024-02-"
	    "05。\n\n二、咨询电话：05/33-5181235，联系人：张三。",
	    "参照GB/T 7714—2015著录，详见https://www.zichuan.gov.cn/xxgk/"
	    "index.html。“十四五”期间，亩产效益提高15%以上……各镇（街道）：",
	};
	(void)state;
	for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
		for (int width = 6; width <= 60; width++) {
			size_t want[256], got[256];
			int n = core_rows(bodies[b], width, want, 256), m = 0;
			struct ui_editor e;
			ui_editor_init(&e, bodies[b]);
			/* Down from the start of a row, at column 0, goes to
			 * the start of the next. */
			e.pos = 0;
			while (m < 256) {
				got[m++] = e.pos;
				size_t was = e.pos;
				ui_editor_key(&e, UI_KEY(KEY_DOWN), width + 1,
					      HEIGHT);
				if (e.pos == e.len || e.pos == was)
					break;
			}
			assert_int_equal(m, n);
			for (int r = 0; r < n; r++)
				if (got[r] != want[r])
					fail_msg(
					    "width %d, row %d: the editor "
					    "starts it at %zu, the view at "
					    "%zu",
					    width, r, got[r], want[r]);
			ui_editor_free(&e);
		}
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
	    cmocka_unit_test(test_a_closing_title_mark_never_begins_a_row),
	    cmocka_unit_test(test_a_phone_number_goes_down_whole),
	    cmocka_unit_test(test_the_editor_wraps_as_the_item_view_does),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
