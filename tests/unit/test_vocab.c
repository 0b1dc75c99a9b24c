/* The vocabularies of the schema and of the C lists are one: every CHECK
 * list of the migrated schema is the keys of its X-macro list, and the
 * event kinds are the rows of event_kind.  A key added on one side only
 * fails here, naming both lists. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "channel.h"
#include "coverage.h"
#include "publish.h"

#define KEY_OF(name, key, ...) key ", "

/* "a, b, " from a list of keys, without the trailing ", ". */
static void trim(char *keys)
{
	size_t n = strlen(keys);
	if (n >= 2)
		keys[n - 2] = '\0';
}

/* The keys of the CHECK (column IN (…)) in table's CREATE (and its ALTER
 * TABLE ADD COLUMN, which SQLite folds into it), as "a, b". */
static void check_list(struct fx *fx, const char *table, const char *column,
		       char *out, size_t size)
{
	sqlite3_stmt *st;
	char pattern[128];
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(fx->store->sql,
					    "SELECT sql FROM sqlite_schema "
					    "WHERE type = 'table' AND name = ?",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("the schema has no table %s", table);
	const char *sql = (const char *)sqlite3_column_text(st, 0);
	snprintf(pattern, sizeof pattern, "CHECK (%s IN (", column);
	const char *p = strstr(sql, pattern);
	if (!p)
		fail_msg("%s.%s has no CHECK list", table, column);
	p += strlen(pattern);
	size_t used = 0;
	while (*p && *p != ')' && used + 4 < size) {
		if (*p != '\'')
			out[used++] = *p;
		p++;
	}
	out[used] = '\0';
	sqlite3_finalize(st);
}

static void expect_list(struct fx *fx, const char *table, const char *column,
			const char *c_name, const char *c_keys)
{
	char sql_keys[1024], want[1024];
	snprintf(want, sizeof want, "%s", c_keys);
	trim(want);
	check_list(fx, table, column, sql_keys, sizeof sql_keys);
	if (strcmp(sql_keys, want))
		fail_msg("%s.%s's CHECK list is (%s), but %s is (%s)", table,
			 column, sql_keys, c_name, want);
}

static void test_every_check_list_is_its_c_list(void **state)
{
	struct fx *fx = *state;
	expect_list(fx, "item", "state", "GK_STATES", GK_STATES(KEY_OF));
	expect_list(fx, "item_version", "attr", "GK_ATTRS", GK_ATTRS(KEY_OF));
	expect_list(fx, "dept", "kind", "GK_DEPT_KINDS", GK_DEPT_KINDS(KEY_OF));
	expect_list(fx, "publication", "validity", "GK_VALIDITIES",
		    GK_VALIDITIES(KEY_OF));
	expect_list(fx, "delivery", "state", "GK_DELIVERY_STATES",
		    GK_DELIVERY_STATES(KEY_OF));
	expect_list(fx, "channel", "kind", "GK_CHANNEL_KINDS",
		    GK_CHANNEL_KINDS(KEY_OF));
	expect_list(fx, "coverage", "kind", "GK_COVERAGE_KINDS",
		    GK_COVERAGE_KINDS(KEY_OF));
}

static void test_the_event_kinds_are_the_rows_of_event_kind(void **state)
{
	struct fx *fx = *state;
	static const char *const kinds[] = {
#define KIND(name, key, ...) key,
	    GK_EVENTS(KIND)
#undef KIND
	};
	int n = (int)(sizeof kinds / sizeof kinds[0]);
	assert_int_equal(n, GK_EVENT_COUNT);
	for (int i = 0; i < n; i++)
		if (!fx_sql_int(
			fx->store,
			"SELECT count(*) FROM event_kind WHERE key = ?1",
			kinds[i]))
			fail_msg("GK_EVENTS has %s, event_kind has not",
				 kinds[i]);
	assert_int_equal(
	    fx_sql_int(fx->store, "SELECT count(*) FROM event_kind", NULL), n);
}

/* A kind no list names is refused by the database itself, whoever
 * writes it (the sqlite3 shell too). */
static void test_an_event_of_an_unknown_kind_is_refused(void **state)
{
	struct fx *fx = *state;
	const char *id = fx_draft(fx, "zhang", "一份草稿");
	char sql[512];
	char *msg = NULL;
	snprintf(sql, sizeof sql,
		 "INSERT INTO item_event (id, item_id, at, actor_id, action, "
		 "round, step, version_id) SELECT lower(hex(randomblob(16))), "
		 "id, '2026-12-08T00:00:00Z', author_id, 'sign', 0, 0, "
		 "version_id FROM item WHERE id = '%s'",
		 id);
	assert_int_not_equal(
	    sqlite3_exec(fx->store->sql, sql, NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "FOREIGN KEY"));
	sqlite3_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_every_check_list_is_its_c_list),
	    T(test_the_event_kinds_are_the_rows_of_event_kind),
	    T(test_an_event_of_an_unknown_kind_is_refused),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
