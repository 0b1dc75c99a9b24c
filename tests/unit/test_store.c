/*
 * The store and the text edge: opening files the agreed way, refusing a
 * database from a newer gongkai, ids and times, the audit rule checked at
 * every commit (store.h); converting and checking text (text.h).  Fresh
 * database files go into the test's own temporary directory, which fx_teardown
 * removes.
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "sync.h"
#include "text.h"

static void path_in(struct fx *fx, const char *name, char out[400])
{
	snprintf(out, 400, "%s/%s", fx->dir, name);
}

static int64_t pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The message names byte offset n: the number stands alone after "byte"
 * (the wording around it may change; the number must not). */
static void assert_names_offset(struct fx *fx, size_t n)
{
	char number[32];
	snprintf(number, sizeof number, " %zu", n);
	const char *byte = strstr(fx->err.msg, "byte");
	for (const char *p = byte; p && (p = strstr(p, number)); p++)
		if (p[strlen(number)] < '0' || p[strlen(number)] > '9')
			return;
	fail_msg("message \"%s\" does not name byte %zu", fx->err.msg, n);
}

/* ---- opening ---- */

static void
test_opening_a_missing_file_without_create_says_to_run_init(void **state)
{
	struct fx *fx = *state;
	struct gk_store *store = (struct gk_store *)1;
	struct stat sb;
	char path[400];

	path_in(fx, "missing.db", path);
	assert_refused(fx, gk_store_open(path, 0, &store, &fx->err),
		       GK_ENOTFOUND, "gongkai init");
	assert_null(store);
	assert_int_not_equal(stat(path, &sb), 0);
}

static void test_a_new_database_gets_the_agreed_settings(void **state)
{
	struct fx *fx = *state;
	struct gk_store *store;
	char path[400];

	path_in(fx, "new.db", path);
	assert_int_equal(gk_store_open(path, 1, &store, &fx->err), 0);
	sqlite3 *db = store->sql;
	assert_int_equal(pragma_int(db, "PRAGMA user_version"),
			 gk_store_schema_version());
	assert_true(gk_store_schema_version() >= 1);
	assert_int_equal(pragma_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(pragma_int(db, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(pragma_int(db, "PRAGMA trusted_schema"), 0);
	assert_true(pragma_int(db, "PRAGMA busy_timeout") >= 1000);

	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);

	/* Not set up yet: the station has no id and says what to do. */
	assert_string_equal(store->station_id, "");
	assert_refused(fx, gk_store_require_init(store, &fx->err), GK_ENOTFOUND,
		       "gongkai init");
	gk_store_close(store);
}

static void test_create_makes_the_missing_parent_directories(void **state)
{
	struct fx *fx = *state;
	struct gk_store *store;
	struct stat sb;
	char path[400];

	path_in(fx, "data/gongkai/gongkai.db", path);
	assert_int_equal(gk_store_open(path, 1, &store, &fx->err), 0);
	gk_store_close(store);
	assert_int_equal(stat(path, &sb), 0);
}

static void test_reopening_keeps_the_data_and_the_station(void **state)
{
	struct fx *fx = *state;
	char station[GK_ID_HEX + 1];
	struct gk_agency agency;

	snprintf(station, sizeof station, "%s", fx->store->station_id);
	assert_int_equal(strlen(station), GK_ID_HEX);
	gk_store_close(fx->store);
	fx->store = NULL;
	assert_int_equal(gk_store_open(fx->path, 0, &fx->store, &fx->err), 0);
	assert_string_equal(fx->store->station_id, station);
	assert_int_equal(gk_agency_get(fx->store, &agency, &fx->err), 0);
	assert_string_equal(agency.name, "淄川区经济和信息化局");
}

static void test_a_database_from_a_newer_gongkai_is_refused(void **state)
{
	struct fx *fx = *state;
	struct gk_store *store;
	sqlite3 *raw;
	char path[400], pragma[64];

	path_in(fx, "newer.db", path);
	assert_int_equal(gk_store_open(path, 1, &store, &fx->err), 0);
	gk_store_close(store);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
		 gk_store_schema_version() + 1);
	assert_int_equal(sqlite3_exec(raw, pragma, NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(raw);

	assert_refused(fx, gk_store_open(path, 0, &store, &fx->err), GK_ESCHEMA,
		       "newer gongkai");
	assert_null(store);
	/* …and the refusal did not touch the version. */
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(pragma_int(raw, "PRAGMA user_version"),
			 gk_store_schema_version() + 1);
	sqlite3_close(raw);
}

static void test_an_empty_database_file_is_migrated_on_open(void **state)
{
	struct fx *fx = *state;
	struct gk_store *store;
	sqlite3 *raw;
	char path[400];

	/* A file an older tool created: a database at version 0. */
	path_in(fx, "old.db", path);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(raw, "CREATE TABLE t (x)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(gk_store_open(path, 0, &store, &fx->err), 0);
	assert_int_equal(pragma_int(store->sql, "PRAGMA user_version"),
			 gk_store_schema_version());
	assert_int_equal(pragma_int(store->sql,
				    "SELECT count(*) FROM sqlite_schema "
				    "WHERE name = 'audit'"),
			 1);
	gk_store_close(store);
}

/* ---- ids and times ---- */

static void
test_new_ids_are_32_lowercase_hex_characters_and_differ(void **state)
{
	enum { N = 200 };
	static char ids[N][GK_ID_HEX + 1];
	(void)state;

	for (int i = 0; i < N; i++) {
		gk_new_id(ids[i]);
		assert_int_equal(strlen(ids[i]), GK_ID_HEX);
		assert_int_equal(strspn(ids[i], "0123456789abcdef"), GK_ID_HEX);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(ids[i], ids[j]);
	}
}

static void test_time_format_and_parse_round_trip(void **state)
{
	static const int64_t times[] = {
	    0,
	    INT64_C(1795854223123), /* 2026-11-28T08:23:43.123Z */
	    INT64_C(1709251199999), /* 2024-02-29T23:59:59.999Z */
	    INT64_C(4102444800000), /* 2100-01-01T00:00:00.000Z */
	    INT64_C(1000),
	};
	char text[GK_TIME_LEN];
	(void)state;

	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		gk_time_format(times[i], text);
		assert_int_equal(strlen(text), GK_TIME_LEN - 1);
		assert_int_equal(gk_time_parse(text), times[i]);
	}
	gk_time_format(INT64_C(1709251199999), text);
	assert_string_equal(text, "2024-02-29T23:59:59.999Z");
	gk_time_format(0, text);
	assert_string_equal(text, "1970-01-01T00:00:00.000Z");
	assert_int_equal(gk_time_parse("2026-11-28T08:23:43.123Z"),
			 INT64_C(1795854223123));
	assert_int_equal(gk_time_parse("yesterday"), -1);
	assert_int_equal(gk_time_parse("2026-11-28"), -1);
	assert_int_equal(gk_time_parse(""), -1);
}

static void
test_time_parse_refuses_what_gk_time_format_never_writes(void **state)
{
	(void)state;
	assert_int_equal(gk_time_parse("2026-11-28T08:23:43.123+08:00"), -1);
	assert_int_equal(gk_time_parse("2026-11-28T08:23:43.123"), -1);
	assert_int_equal(gk_time_parse("2026-11-28T08:23:43.12Z"), -1);
	assert_int_equal(gk_time_parse("2026-11-28T08:23:43.123Zjunk"), -1);
	assert_int_equal(gk_time_parse("2026-11-28 08:23:43"), -1);
}

static void test_the_store_clock_is_fixed_when_set(void **state)
{
	struct fx *fx = *state;
	char now[GK_TIME_LEN];

	fx->store->clock_ms = INT64_C(1795854223123);
	assert_int_equal(gk_store_now_ms(fx->store), INT64_C(1795854223123));
	gk_store_now(fx->store, now);
	assert_string_equal(now, "2026-11-28T08:23:43.123Z");
}

/* ---- text at the edges ---- */

static void test_gb18030_bytes_convert_to_utf8(void **state)
{
	struct fx *fx = *state;
	/* 公开， in GB18030 (two characters and a full-width comma) */
	static const char gb[] = "\xB9\xAB\xBF\xAA\xA3\xAC";
	char *out;
	size_t len;

	assert_int_equal(
	    gk_text_to_utf8("GB18030", gb, 6, "old.txt", &out, &len, &fx->err),
	    0);
	assert_string_equal(out, "公开，");
	assert_int_equal(len, strlen("公开，"));
	free(out);

	assert_int_equal(
	    gk_text_to_utf8("GB18030", gb, 4, "old.txt", &out, NULL, &fx->err),
	    0);
	assert_string_equal(out, "公开");
	free(out);
}

static void test_a_byte_order_mark_and_crlf_line_ends_are_undone(void **state)
{
	struct fx *fx = *state;
	const char in[] = "\xef\xbb\xbf第一行\r\n第二行\r\n\r单独的回车";
	char *out;
	assert_int_equal(gk_text_to_utf8("UTF-8", in, sizeof in - 1,
					 "notice.txt", &out, NULL, &fx->err),
			 0);
	assert_string_equal(out, "第一行\n第二行\n\r单独的回车");
	free(out);
}

static void test_empty_input_converts_to_an_empty_string(void **state)
{
	struct fx *fx = *state;
	char *out;
	size_t len = 99;

	assert_int_equal(gk_text_to_utf8("GB18030", "", 0, "empty.txt", &out,
					 &len, &fx->err),
			 0);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	free(out);
}

static void test_invalid_utf8_is_refused_naming_the_byte_offset(void **state)
{
	struct fx *fx = *state;
	/* 标题 is 6 bytes; the bad byte is the 7th, at offset 6. */
	static const char bad[] = "标题\xff尾";
	char *out = (char *)1;

	assert_refused(fx,
		       gk_text_to_utf8("UTF-8", bad, sizeof bad - 1,
				       "notice.txt", &out, NULL, &fx->err),
		       GK_EINVAL, "notice.txt");
	assert_names_offset(fx, 6);
	assert_null(out);
}

static void test_utf8_beyond_the_unicode_range_is_refused(void **state)
{
	struct fx *fx = *state;
	/* RFC 3629 ends UTF-8 at U+10FFFF: F4 90 80 80 would be U+110000,
	 * and the old 5- and 6-byte forms (F8…, FC…) are not UTF-8 at all. */
	static const char *const bad[] = {"标题\xf4\x90\x80\x80",
					  "标题\xf8\x88\x80\x80\x80",
					  "标题\xfc\x84\x80\x80\x80\x80"};
	char *out;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = gk_text_to_utf8("UTF-8", bad[i], strlen(bad[i]),
					 "notice.txt", &out, NULL, &fx->err);
		if (rc == 0) {
			free(out);
			fail_msg("sequence %zu was accepted", i);
		}
		assert_int_equal(rc, GK_EINVAL);
		assert_names_offset(fx, 6);
	}
}

static void test_text_cut_off_inside_a_character_is_refused(void **state)
{
	struct fx *fx = *state;
	/* 公 then the first two of the three bytes of 开 */
	static const char cut[] = "\xe5\x85\xac\xe5\xbc";
	char *out;

	assert_refused(fx,
		       gk_text_to_utf8("UTF-8", cut, sizeof cut - 1,
				       "notice.txt", &out, NULL, &fx->err),
		       GK_EINVAL, "character");
	assert_names_offset(fx, 3);
}

static void test_invalid_gb18030_is_refused_naming_the_byte_offset(void **state)
{
	struct fx *fx = *state;
	/* 公, then 0xFF, which starts no GB18030 character */
	static const char bad[] = "\xB9\xAB\xFF\xBF\xAA";
	char *out;

	assert_refused(fx,
		       gk_text_to_utf8("GB18030", bad, sizeof bad - 1,
				       "old.txt", &out, NULL, &fx->err),
		       GK_EINVAL, "GB18030");
	assert_names_offset(fx, 2);
}

static void test_a_nul_byte_is_refused(void **state)
{
	struct fx *fx = *state;
	static const char with_nul[] = "公开\0text";
	char *out;

	assert_refused(fx,
		       gk_text_to_utf8("UTF-8", with_nul, sizeof with_nul - 1,
				       "notice.txt", &out, NULL, &fx->err),
		       GK_EINVAL, "NUL");
	assert_names_offset(fx, 6);
}

static void test_check_line_refuses_empty_and_blank_text(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx, gk_text_check_line("", "The title", 200, &fx->err),
		       GK_EINVAL, "empty");
	assert_refused(fx,
		       gk_text_check_line("   ", "The title", 200, &fx->err),
		       GK_EINVAL, "empty");
	assert_int_equal(gk_text_check_line("公开", "The title", 200, &fx->err),
			 0);
}

static void test_check_line_refuses_text_of_only_full_width_spaces(void **state)
{
	struct fx *fx = *state;
	/* A Chinese input method types U+3000 IDEOGRAPHIC SPACE; a title of
	 * nothing else is as blank as one of ASCII spaces. */
	assert_refused(
	    fx, gk_text_check_line("\u3000\u3000", "The title", 200, &fx->err),
	    GK_EINVAL, "empty");
	assert_refused(
	    fx, gk_text_check_line(" \u3000 ", "The title", 200, &fx->err),
	    GK_EINVAL, "empty");
	/* Inside real text it is just a space. */
	assert_int_equal(
	    gk_text_check_line("一、\u3000总则", "The title", 200, &fx->err),
	    0);
}

static void test_check_line_refuses_control_characters(void **state)
{
	struct fx *fx = *state;
	static const char *const bad[] = {"第一行\n第二行", "a\tb", "a\rb",
					  "red \x1b[31m", "del\x7f"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = gk_text_check_line(bad[i], "The title", 200, &fx->err);
		if (rc != GK_EINVAL || !strstr(fx->err.msg, "control"))
			fail_msg("text %zu: rc %d, \"%s\"", i, rc, fx->err.msg);
	}
	/* Full-width punctuation is text, not control. */
	assert_int_equal(gk_text_check_line("关于《通知》的说明：一、二。",
					    "The title", 200, &fx->err),
			 0);
}

static void test_check_line_refuses_c1_control_characters(void **state)
{
	struct fx *fx = *state;
	/* U+0085 NEXT LINE and U+009B CSI are control characters (Cc) in
	 * UTF-8 form; NEL even ends a line for some readers. */
	assert_refused(fx,
		       gk_text_check_line("第一行\xc2\x85第二行", "The title",
					  200, &fx->err),
		       GK_EINVAL, "control");
	assert_refused(fx,
		       gk_text_check_line("red \xc2\x9b"
					  "31m",
					  "The title", 200, &fx->err),
		       GK_EINVAL, "control");
}

static void test_check_line_refuses_invalid_utf8(void **state)
{
	struct fx *fx = *state;
	assert_refused(
	    fx, gk_text_check_line("标题\xff", "The title", 200, &fx->err),
	    GK_EINVAL, "The title");
}

static void test_check_line_counts_characters_not_bytes(void **state)
{
	struct fx *fx = *state;
	char text[202 * 3 + 1] = "";

	/* 200 Chinese characters are 600 bytes and fit 200 characters. */
	for (int i = 0; i < 200; i++)
		strcat(text, "公");
	assert_int_equal(gk_text_chars(text), 200);
	assert_int_equal(gk_text_check_line(text, "The title", 200, &fx->err),
			 0);
	strcat(text, "开");
	assert_refused(fx, gk_text_check_line(text, "The title", 200, &fx->err),
		       GK_EINVAL, "too long");

	memset(text, 'a', 200);
	text[200] = '\0';
	assert_int_equal(gk_text_check_line(text, "The title", 200, &fx->err),
			 0);
	strcat(text, "a");
	assert_refused(fx, gk_text_check_line(text, "The title", 200, &fx->err),
		       GK_EINVAL, "200");
}

/* ---- the audit rule ---- */

static void test_a_write_to_synced_data_without_an_audit_entry_is_not_committed(
    void **state)
{
	struct fx *fx = *state;
	/* dept is synced (sync.h): every change to it travels. */
	assert_non_null(gk_sync_table("dept"));
	int64_t changes =
	    fx_sql_int(fx->store, "SELECT count(*) FROM sync_change", NULL);
	assert_int_equal(gk_store_begin(fx->store, &fx->err), 0);
	fx_sql_exec(fx->store, "UPDATE dept SET name = '办公室' "
			       "WHERE name = '综合科'");
	assert_refused(fx, gk_store_commit(fx->store, &fx->err), GK_EDB,
		       "without an audit entry");
	/* Rolled back: nothing changed, nothing recorded for the others. */
	assert_int_equal(fx_sql_int(fx->store,
				    "SELECT count(*) FROM dept "
				    "WHERE name = '综合科'",
				    NULL),
			 1);
	assert_int_equal(
	    fx_sql_int(fx->store, "SELECT count(*) FROM sync_change", NULL),
	    changes);
	assert_int_equal(sqlite3_get_autocommit(fx->store->sql), 1);

	/* The same write with its audit entry commits, and travels. */
	assert_int_equal(gk_store_begin(fx->store, &fx->err), 0);
	fx_sql_exec(fx->store, "UPDATE dept SET name = '办公室' "
			       "WHERE name = '综合科'");
	assert_int_equal(gk_audit_append(fx->store, "admin", GK_AUDIT_DEPT_ADD,
					 "办公室", "", &fx->err),
			 0);
	assert_int_equal(gk_store_commit(fx->store, &fx->err), 0);
	assert_int_equal(fx_sql_int(fx->store,
				    "SELECT count(*) FROM dept "
				    "WHERE name = '办公室'",
				    NULL),
			 1);
	assert_int_equal(
	    fx_sql_int(fx->store, "SELECT count(*) FROM sync_change", NULL),
	    changes + 1);
}

static void
test_a_write_to_this_stations_own_tables_needs_no_audit_entry(void **state)
{
	struct fx *fx = *state;
	/* local_state is not synced: a remembered folder is no action. */
	assert_null(gk_sync_table("local_state"));
	assert_int_equal(gk_store_begin(fx->store, &fx->err), 0);
	fx_sql_exec(fx->store, "INSERT INTO local_state (key, value) "
			       "VALUES ('sync_folder', '/media/usb')");
	assert_int_equal(gk_store_commit(fx->store, &fx->err), 0);
	assert_int_equal(fx_sql_int(fx->store,
				    "SELECT count(*) FROM "
				    "local_state WHERE key = "
				    "'sync_folder'",
				    NULL),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_opening_a_missing_file_without_create_says_to_run_init),
	    T(test_a_new_database_gets_the_agreed_settings),
	    T(test_create_makes_the_missing_parent_directories),
	    T(test_reopening_keeps_the_data_and_the_station),
	    T(test_a_database_from_a_newer_gongkai_is_refused),
	    T(test_an_empty_database_file_is_migrated_on_open),
	    T(test_new_ids_are_32_lowercase_hex_characters_and_differ),
	    T(test_time_format_and_parse_round_trip),
	    T(test_time_parse_refuses_what_gk_time_format_never_writes),
	    T(test_the_store_clock_is_fixed_when_set),
	    T(test_gb18030_bytes_convert_to_utf8),
	    T(test_empty_input_converts_to_an_empty_string),
	    T(test_a_byte_order_mark_and_crlf_line_ends_are_undone),
	    T(test_invalid_utf8_is_refused_naming_the_byte_offset),
	    T(test_utf8_beyond_the_unicode_range_is_refused),
	    T(test_text_cut_off_inside_a_character_is_refused),
	    T(test_invalid_gb18030_is_refused_naming_the_byte_offset),
	    T(test_a_nul_byte_is_refused),
	    T(test_check_line_refuses_empty_and_blank_text),
	    T(test_check_line_refuses_text_of_only_full_width_spaces),
	    T(test_check_line_refuses_control_characters),
	    T(test_check_line_refuses_c1_control_characters),
	    T(test_check_line_refuses_invalid_utf8),
	    T(test_check_line_counts_characters_not_bytes),
	    T(test_a_write_to_synced_data_without_an_audit_entry_is_not_committed),
	    T(test_a_write_to_this_stations_own_tables_needs_no_audit_entry),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
