/*
 * Keys name actions (ui/keys.c, UI_ACTIONS in ui/ui.h): every screen's key
 * tables walked without a terminal.  A key does one thing on a screen, and
 * the same thing on every screen that binds it; the one exception is
 * listed here with its reason.
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

/* Keys that name two actions, each pair with why. */
static const struct {
	int key;
	enum ui_action a, b;
	const char *why;
} exceptions[] = {
    {'n', UI_ACT_NEXT_MATCH, UI_ACT_ANSWER_NO,
     "y/n answer the review checklist, which has nothing to search"},
};
#define N_EXCEPTIONS (sizeof exceptions / sizeof exceptions[0])

static int excepted(int key, enum ui_action a, enum ui_action b)
{
	for (size_t i = 0; i < N_EXCEPTIONS; i++)
		if (exceptions[i].key == key &&
		    ((exceptions[i].a == a && exceptions[i].b == b) ||
		     (exceptions[i].a == b && exceptions[i].b == a)))
			return 1;
	return 0;
}

static const char *key_text(int key)
{
	static char name[32];
	ui_key_name(key, name, sizeof name);
	return name;
}

/* The binding key runs on screen ops: its first in the order the loop
 * tries them, NULL when unbound. */
static const struct ui_binding *binding_of(const struct screen_ops *ops,
					   int key)
{
	for (const struct ui_binding *const *map = ops->keymaps; *map; map++)
		for (const struct ui_binding *b = *map; b->action; b++)
			for (int k = 0; b->keys[k]; k++)
				if (b->keys[k] == key)
					return b;
	return NULL;
}

/* What key does on screen ops; UI_ACT_NONE when unbound. */
static enum ui_action action_of(const struct screen_ops *ops, int key)
{
	const struct ui_binding *b = binding_of(ops, key);
	return b ? b->action : UI_ACT_NONE;
}

static void test_a_key_does_one_thing_on_each_screen(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; ui_screens[i]; i++) {
		const struct screen_ops *ops = ui_screens[i];
		for (const struct ui_binding *const *map = ops->keymaps; *map;
		     map++)
			for (const struct ui_binding *b = *map; b->action;
			     b++) {
				assert_non_null(b->run);
				for (int k = 0; b->keys[k]; k++) {
					enum ui_action first =
					    action_of(ops, b->keys[k]);
					if (first == b->action)
						continue;
					printf("# %s: %s is %s and %s\n",
					       ops->name, key_text(b->keys[k]),
					       ui_action_name(first),
					       ui_action_name(b->action));
					bad++;
				}
			}
	}
	assert_int_equal(bad, 0);
}

static void test_the_keys_of_a_field_are_not_taken_by_an_action(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; ui_screens[i]; i++) {
		const struct screen_ops *ops = ui_screens[i];
		if (!ops->input_keys)
			continue;
		for (const struct ui_binding *b = ops->input_keys; b->action;
		     b++) {
			assert_int_equal(b->action, UI_ACT_INPUT);
			assert_null(b->run);
			for (int k = 0; b->keys[k]; k++) {
				enum ui_action a = action_of(ops, b->keys[k]);
				if (a == UI_ACT_NONE)
					continue;
				printf("# %s: %s is %s, never the field's\n",
				       ops->name, key_text(b->keys[k]),
				       ui_action_name(a));
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

static void test_a_key_does_the_same_on_every_screen(void **state)
{
	(void)state;
	/* The first screen seen binding each key, and the action there. */
	struct seen {
		int key;
		enum ui_action action;
		const char *screen;
	} seen[512];
	size_t n = 0;
	int bad = 0;
	for (size_t i = 0; ui_screens[i]; i++) {
		const struct screen_ops *ops = ui_screens[i];
		for (const struct ui_binding *const *map = ops->keymaps; *map;
		     map++)
			for (const struct ui_binding *b = *map; b->action; b++)
				for (int k = 0; b->keys[k]; k++) {
					int key = b->keys[k];
					size_t j = 0;
					while (j < n && seen[j].key != key)
						j++;
					if (j == n) {
						assert_true(n < 512);
						seen[n++] = (struct seen){
						    key, b->action, ops->name};
						continue;
					}
					if (seen[j].action == b->action ||
					    excepted(key, seen[j].action,
						     b->action))
						continue;
					printf("# %s is %s on %s but %s on "
					       "%s\n",
					       key_text(key),
					       ui_action_name(seen[j].action),
					       seen[j].screen,
					       ui_action_name(b->action),
					       ops->name);
					bad++;
				}
	}
	assert_int_equal(bad, 0);
}

/* An exception nobody needs any more goes from the list. */
static void test_each_exception_is_still_needed(void **state)
{
	(void)state;
	for (size_t e = 0; e < N_EXCEPTIONS; e++) {
		int has_a = 0, has_b = 0;
		for (size_t i = 0; ui_screens[i]; i++) {
			enum ui_action a =
			    action_of(ui_screens[i], exceptions[e].key);
			has_a |= a == exceptions[e].a;
			has_b |= a == exceptions[e].b;
		}
		assert_true(has_a && has_b);
	}
}

static void test_every_action_has_a_name_and_help_and_a_key(void **state)
{
	(void)state;
	for (int a = UI_ACT_NONE + 1; a < UI_ACT_COUNT; a++) {
		assert_true(ui_action_name(a)[0]);
		assert_true(ui_action_help(a)[0]);
		for (int b = a + 1; b < UI_ACT_COUNT; b++)
			assert_string_not_equal(ui_action_name(a),
						ui_action_name(b));
		if (a == UI_ACT_INPUT)
			continue;
		int bound = 0;
		for (size_t i = 0; ui_screens[i] && !bound; i++)
			for (const struct ui_binding *const *map =
				 ui_screens[i]->keymaps;
			     *map && !bound; map++)
				for (const struct ui_binding *b = *map;
				     b->action; b++)
					bound |= b->action == (enum ui_action)a;
		if (!bound)
			printf("# %s is bound on no screen\n",
			       ui_action_name(a));
		assert_true(bound);
	}
}

/* R reloads wherever it is bound, S searches everything, and the item's
 * correction and re-delivery have keys of their own. */
static void test_reload_search_and_correction_keys_are_kept_apart(void **state)
{
	(void)state;
	assert_int_equal(action_of(&screen_queue_ops, 'R'), UI_ACT_RELOAD);
	assert_int_equal(action_of(&screen_catalog_ops, 'R'), UI_ACT_RELOAD);
	assert_int_equal(action_of(&screen_sync_ops, 'R'), UI_ACT_RELOAD);
	assert_int_equal(action_of(&screen_conflicts_ops, 'R'), UI_ACT_RELOAD);
	assert_int_equal(action_of(&screen_sync_files_ops, 'R'), UI_ACT_RELOAD);
	assert_int_not_equal(action_of(&screen_item_ops, 'R'), UI_ACT_CORRECT);
	assert_int_equal(action_of(&screen_item_ops, 'A'), UI_ACT_CORRECT);
	assert_int_equal(action_of(&screen_queue_ops, 'S'), UI_ACT_SEARCH_ALL);
	assert_int_not_equal(action_of(&screen_item_ops, 'S'), UI_ACT_RESEND);
	assert_int_equal(action_of(&screen_item_ops, 'P'), UI_ACT_RESEND);
	assert_int_equal(action_of(&screen_queue_ops, 'n'), UI_ACT_NEXT_MATCH);
}

/* Help is made from the tables: each binding that can run says what it
 * does, on the line of its keys. */
static void test_help_lists_each_binding_with_its_keys(void **state)
{
	(void)state;
	for (size_t i = 0; ui_screens[i]; i++) {
		const struct screen_ops *ops = ui_screens[i];
		char *help = ui_help_text(ops);
		assert_non_null(help);
		for (const struct ui_binding *const *map = ops->keymaps; *map;
		     map++)
			for (const struct ui_binding *b = *map; b->action;
			     b++) {
				if (binding_of(ops, b->keys[0]) != b)
					continue; /* an earlier table's key */
				const char *what = ui_binding_help(b);
				const char *at = strstr(help, what);
				if (!at)
					printf("# %s: no help \"%s\"\n",
					       ops->name, what);
				assert_non_null(at);
				/* Its line begins with its first key. */
				const char *line = at;
				while (line > help && line[-1] != '\n')
					line--;
				char name[32];
				ui_key_name(b->keys[0], name, sizeof name);
				assert_non_null(strstr(line, name));
				assert_true(strstr(line, name) < at);
			}
		free(help);
	}
}

static void test_gongkai_keys_lists_every_screen(void **state)
{
	(void)state;
	char *text = ui_keys_text();
	assert_non_null(text);
	for (size_t i = 0; ui_screens[i]; i++) {
		char heading[128];
		snprintf(heading, sizeof heading, "%s\n", ui_screens[i]->name);
		assert_non_null(strstr(text, heading));
	}
	free(text);
}

/* An action that needs a selected row says why not on an empty list, in
 * the screen's words, and runs once there is a row. */
static void test_an_action_needing_a_row_waits_for_one(void **state)
{
	(void)state;
	static const struct ui_binding none[] = {
	    {UI_ACT_NONE, {0}, NULL, NULL}};
	static const struct ui_binding *const maps[] = {none, NULL};
	static const struct screen_ops ops = {
	    .name = "List", .empty = "Nothing here to open.", .keymaps = maps};
	struct ui ui = {0};
	struct list_view view = {.base.ops = &ops};
	assert_true(ui_action_needs(UI_ACT_OPEN) & UI_NEEDS_ROW);
	assert_false(ui_action_ready(&ui, &view.base, UI_ACT_OPEN));
	assert_string_equal(ui.message, "Nothing here to open.");
	assert_true(ui.message_is_error);
	ui.message[0] = '\0';
	/* Reloading an empty list, or leaving it, needs no row. */
	assert_true(ui_action_ready(&ui, &view.base, UI_ACT_RELOAD));
	assert_true(ui_action_ready(&ui, &view.base, UI_ACT_BACK));
	view.list.count = 1;
	assert_true(ui_action_ready(&ui, &view.base, UI_ACT_OPEN));
	assert_string_equal(ui.message, "");
}

/* Each list screen says what an empty list lacks, and binds something
 * that needs a row (so what it says is ever said). */
static void test_every_list_screen_says_what_an_empty_list_lacks(void **state)
{
	(void)state;
	const struct screen_ops *const lists[] = {
	    &screen_queue_ops,	    &screen_catalog_ops,   &screen_search_ops,
	    &screen_sync_files_ops, &screen_conflicts_ops,
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		assert_non_null(lists[i]->empty);
	for (size_t i = 0; ui_screens[i]; i++) {
		if (!ui_screens[i]->empty)
			continue;
		int needing = 0;
		for (const struct ui_binding *const *map =
			 ui_screens[i]->keymaps;
		     *map; map++)
			for (const struct ui_binding *b = *map; b->action; b++)
				needing |= (ui_action_needs(b->action) &
					    UI_NEEDS_ROW) != 0;
		assert_true(needing);
	}
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_key_does_one_thing_on_each_screen),
	    cmocka_unit_test(
		test_the_keys_of_a_field_are_not_taken_by_an_action),
	    cmocka_unit_test(test_a_key_does_the_same_on_every_screen),
	    cmocka_unit_test(test_each_exception_is_still_needed),
	    cmocka_unit_test(test_every_action_has_a_name_and_help_and_a_key),
	    cmocka_unit_test(
		test_reload_search_and_correction_keys_are_kept_apart),
	    cmocka_unit_test(test_help_lists_each_binding_with_its_keys),
	    cmocka_unit_test(test_gongkai_keys_lists_every_screen),
	    cmocka_unit_test(test_an_action_needing_a_row_waits_for_one),
	    cmocka_unit_test(
		test_every_list_screen_says_what_an_empty_list_lacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
