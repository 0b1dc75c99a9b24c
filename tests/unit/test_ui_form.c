/*
 * The form widget (ui/form.c), without a terminal: the focus moves with
 * Tab, Enter and the arrows, a line field takes what is typed, and the
 * check before sending focuses the first field the core refuses and says
 * the core's reason.
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
#include "text.h"

enum { F_TITLE, F_CHOICE, F_NOTE, F_COUNT };

struct fixture {
	struct ui ui;
	struct screen screen;
	struct ui_line title, note;
	struct ui_line *lines[F_COUNT];
	struct ui_form form;
	int left[F_COUNT]; /* how often the focus left each field */
};

static struct fixture *current;

/* As a screen's check would: the core's own check of each line. */
static int check(struct ui *ui, struct screen *s, int field, const char *text,
		 struct gk_err *err)
{
	(void)ui;
	(void)s;
	if (field == F_TITLE)
		return gk_text_check_line(text, "The title", 10, err);
	if (field == F_NOTE && text[0])
		return gk_text_check_line(text, "The note", 4, err);
	return 0;
}

static void leaving(struct ui *ui, struct screen *s, int field)
{
	(void)ui;
	(void)s;
	current->left[field]++;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	ui_line_init(&f->title, 100, "");
	ui_line_init(&f->note, 100, "");
	f->lines[F_TITLE] = &f->title;
	f->lines[F_NOTE] = &f->note;
	f->form = (struct ui_form){.lines = f->lines,
				   .count = F_COUNT,
				   .check = check,
				   .leaving = leaving};
	current = f;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ui_line_free(&f->title);
	ui_line_free(&f->note);
	free(f);
	return 0;
}

static void type(struct fixture *f, const wchar_t *text)
{
	for (; *text; text++)
		assert_int_equal(
		    ui_form_key(&f->ui, &f->screen, &f->form, (int)*text),
		    UI_DRAW);
}

static void test_tab_enter_and_arrows_move_between_fields(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->form.focus, F_TITLE);
	ui_form_move(&f->ui, &f->screen, &f->form, 1);
	assert_int_equal(f->form.focus, F_CHOICE);
	ui_form_key(&f->ui, &f->screen, &f->form, '\r');
	assert_int_equal(f->form.focus, F_NOTE);
	/* Past the last field: the first again, and back. */
	ui_form_key(&f->ui, &f->screen, &f->form, UI_KEY(KEY_DOWN));
	assert_int_equal(f->form.focus, F_TITLE);
	ui_form_key(&f->ui, &f->screen, &f->form, UI_KEY(KEY_UP));
	assert_int_equal(f->form.focus, F_NOTE);
	/* Each move first tells the screen which field is left. */
	assert_int_equal(f->left[F_TITLE], 2);
	assert_int_equal(f->left[F_CHOICE], 1);
	assert_int_equal(f->left[F_NOTE], 1);
}

static void test_a_line_field_takes_the_typing_a_choice_does_not(void **state)
{
	struct fixture *f = *state;
	type(f, L"关于通知");
	char *title = ui_line_get(&f->title);
	assert_string_equal(title, "关于通知");
	free(title);
	ui_form_move(&f->ui, &f->screen, &f->form, 1);
	assert_int_equal(ui_form_key(&f->ui, &f->screen, &f->form, 'x'),
			 UI_UNBOUND);
}

static void test_the_first_field_the_core_refuses_gets_the_focus(void **state)
{
	struct fixture *f = *state;
	type(f, L"短标题");
	ui_form_move(&f->ui, &f->screen, &f->form, 2);
	type(f, L"太长的说明");
	ui_form_move(&f->ui, &f->screen, &f->form, 1);
	assert_int_equal(f->form.focus, F_TITLE);
	assert_int_equal(ui_form_check(&f->ui, &f->screen, &f->form), -1);
	assert_int_equal(f->form.focus, F_NOTE);
	/* The core's own words, not a copy. */
	struct gk_err err = {0};
	gk_text_check_line("太长的说明", "The note", 4, &err);
	assert_true(err.msg[0]);
	assert_string_equal(f->ui.message, err.msg);
	assert_true(f->ui.message_is_error);
}

static void test_an_empty_required_field_is_refused_first(void **state)
{
	struct fixture *f = *state;
	f->form.focus = F_NOTE;
	assert_int_equal(ui_form_check(&f->ui, &f->screen, &f->form), -1);
	assert_int_equal(f->form.focus, F_TITLE);
}

static void test_a_form_the_core_takes_passes_the_check(void **state)
{
	struct fixture *f = *state;
	type(f, L"标题");
	assert_int_equal(ui_form_check(&f->ui, &f->screen, &f->form), 0);
	assert_int_equal(f->form.focus, F_TITLE);
	assert_string_equal(f->ui.message, "");
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_tab_enter_and_arrows_move_between_fields, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_line_field_takes_the_typing_a_choice_does_not, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_the_first_field_the_core_refuses_gets_the_focus, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_an_empty_required_field_is_refused_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_form_the_core_takes_passes_the_check, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
