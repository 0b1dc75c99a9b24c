/*
 * The answers a prompt remembers (ui/prompt.c): ↑ in a question brings
 * back what was answered to the same question before, newest first.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../ui/ui.h"

static int forget(void **state)
{
	(void)state;
	ui_history_clear();
	return 0;
}

static void test_answers_come_back_newest_first_per_question(void **state)
{
	(void)state;
	ui_history_add("Export to:", "/media/u盘/a");
	ui_history_add("Comment:", "同意");
	ui_history_add("Export to:", "/media/u盘/b");
	assert_string_equal(ui_history_get("Export to:", 0), "/media/u盘/b");
	assert_string_equal(ui_history_get("Export to:", 1), "/media/u盘/a");
	assert_null(ui_history_get("Export to:", 2));
	assert_string_equal(ui_history_get("Comment:", 0), "同意");
	assert_null(ui_history_get("Never asked:", 0));
	assert_null(ui_history_get("Export to:", -1));
}

static void test_an_answer_given_again_moves_to_the_front_once(void **state)
{
	(void)state;
	ui_history_add("Search:", "通知");
	ui_history_add("Search:", "公告");
	ui_history_add("Search:", "通知");
	assert_string_equal(ui_history_get("Search:", 0), "通知");
	assert_string_equal(ui_history_get("Search:", 1), "公告");
	assert_null(ui_history_get("Search:", 2));
}

static void test_an_empty_answer_is_not_remembered(void **state)
{
	(void)state;
	ui_history_add("Comment (optional, Enter skips):", "");
	assert_null(ui_history_get("Comment (optional, Enter skips):", 0));
}

static void test_only_the_latest_answers_are_kept(void **state)
{
	(void)state;
	char answer[32];
	for (int i = 0; i < UI_HISTORY_MAX + 5; i++) {
		snprintf(answer, sizeof answer, "第%d次", i);
		ui_history_add("Reason (required):", answer);
	}
	snprintf(answer, sizeof answer, "第%d次", UI_HISTORY_MAX + 4);
	assert_string_equal(ui_history_get("Reason (required):", 0), answer);
	snprintf(answer, sizeof answer, "第%d次", 5);
	assert_string_equal(
	    ui_history_get("Reason (required):", UI_HISTORY_MAX - 1), answer);
	assert_null(ui_history_get("Reason (required):", UI_HISTORY_MAX));
}

static void test_the_questions_answered_last_are_kept(void **state)
{
	(void)state;
	char question[32];
	for (int i = 0; i < 100; i++) {
		snprintf(question, sizeof question, "Question %d:", i);
		ui_history_add(question, "答");
	}
	assert_string_equal(ui_history_get("Question 99:", 0), "答");
	assert_string_equal(ui_history_get("Question 80:", 0), "答");
	assert_null(ui_history_get("Question 0:", 0));
	/* Answering an old question again keeps it. */
	ui_history_add("Question 70:", "再答");
	for (int i = 100; i < 120; i++) {
		snprintf(question, sizeof question, "Question %d:", i);
		ui_history_add(question, "答");
	}
	assert_string_equal(ui_history_get("Question 70:", 0), "再答");
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(
		test_answers_come_back_newest_first_per_question, forget),
	    cmocka_unit_test_teardown(
		test_an_answer_given_again_moves_to_the_front_once, forget),
	    cmocka_unit_test_teardown(test_an_empty_answer_is_not_remembered,
				      forget),
	    cmocka_unit_test_teardown(test_only_the_latest_answers_are_kept,
				      forget),
	    cmocka_unit_test_teardown(test_the_questions_answered_last_are_kept,
				      forget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
