/*
 * What ui/width.c draws of the core's rules: titles in 书名号 cut to a
 * width (the measuring itself is the core's: test_width.c).
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
	    cmocka_unit_test(
		test_the_screen_draws_a_book_title_as_the_core_writes_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
