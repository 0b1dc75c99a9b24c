/*
 * The audit log: append-only through SQL, hash-chained so that a changed,
 * removed or re-hashed entry is found and named, and written in the same
 * transaction as the action, so a failed action leaves no trace (audit.h).
 */
#include "fixture.h"

#include <stdio.h>
#include <string.h>

/* The fixture's template already holds 15 entries (init, users, …);
 * entry 7 is one in the middle of the chain. */
#define MIDDLE 7

#define sql_int(fx, sql) fx_sql_int((fx)->store, (sql), NULL)

#define sql_ok(fx, sql) fx_sql_exec((fx)->store, (sql))

static int64_t audit_count(struct fx *fx)
{
	return sql_int(fx, "SELECT count(*) FROM audit");
}

/* Verify and expect GK_ETAMPER naming entry seq. */
static void assert_tamper_at(struct fx *fx, int64_t seq)
{
	char needle[64];
	int64_t checked;
	snprintf(needle, sizeof needle, "Audit entry %lld ", (long long)seq);
	assert_refused(fx, gk_audit_verify(fx->store, &checked, &fx->err),
		       GK_ETAMPER, needle);
}

static void test_verify_counts_every_entry_after_some_actions(void **state)
{
	struct fx *fx = *state;
	struct gk_user user;
	int64_t checked = -1;

	assert_int_equal(gk_audit_verify(fx->store, &checked, &fx->err), 0);
	assert_int_equal(checked, audit_count(fx));
	assert_true(checked >= MIDDLE * 2);

	assert_int_equal(gk_auth_login(fx->store, "zhang", "password-zhang",
				       &user, &fx->err),
			 0);
	assert_int_equal(gk_auth_login(fx->store, "zhang", "wrong-password",
				       &user, &fx->err),
			 GK_EAUTH);
	const char *item = fx_submitted(fx, "关于2026年工业经济运行情况的通报");
	assert_int_equal(gk_flow_approve(fx->store, fx_id(fx, "li"), item, NULL,
					 "同意", &fx->err),
			 0);
	assert_int_equal(gk_setting_set(fx->store, fx_id(fx, "admin"),
					"lockout-attempts", "3", &fx->err),
			 0);
	int64_t before = checked;
	assert_int_equal(gk_audit_verify(fx->store, &checked, &fx->err), 0);
	assert_int_equal(checked, audit_count(fx));
	/* login, login-failed, create, submit, approve, setting */
	assert_int_equal(checked, before + 6);
	/* One chain numbered 1 … n without gaps. */
	assert_int_equal(sql_int(fx, "SELECT max(seq) FROM audit"), checked);
}

static void test_the_triggers_refuse_update_through_sql(void **state)
{
	struct fx *fx = *state;
	char *msg = NULL;

	int rc = sqlite3_exec(
	    fx->store->sql, "UPDATE audit SET detail = 'forged' WHERE seq = 7",
	    NULL, NULL, &msg);
	assert_int_not_equal(rc, SQLITE_OK);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit "
				     "WHERE detail = 'forged'"),
			 0);
}

static void test_the_triggers_refuse_delete_through_sql(void **state)
{
	struct fx *fx = *state;
	char *msg = NULL;
	int64_t before = audit_count(fx);

	int rc =
	    sqlite3_exec(fx->store->sql, "DELETE FROM audit", NULL, NULL, &msg);
	assert_int_not_equal(rc, SQLITE_OK);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_equal(audit_count(fx), before);
}

static void test_a_changed_entry_is_caught_and_named(void **state)
{
	struct fx *fx = *state;

	sql_ok(fx, "DROP TRIGGER audit_no_update");
	sql_ok(fx, "UPDATE audit SET detail = detail || ' (forged)' "
		   "WHERE seq = 7");
	assert_tamper_at(fx, MIDDLE);
	assert_non_null(strstr(fx->err.msg, "changed"));
}

static void test_a_changed_actor_is_caught_and_named(void **state)
{
	struct fx *fx = *state;

	/* Who did it is as much a part of the entry as what was done. */
	sql_ok(fx, "DROP TRIGGER audit_no_update");
	sql_ok(fx, "UPDATE audit SET actor = 'zhao' WHERE seq = 7");
	assert_tamper_at(fx, MIDDLE);
}

static void test_a_deleted_entry_is_caught_and_named(void **state)
{
	struct fx *fx = *state;

	sql_ok(fx, "DROP TRIGGER audit_no_delete");
	sql_ok(fx, "DELETE FROM audit WHERE seq = 7");
	/* The first entry that no longer verifies is the one after the gap. */
	assert_tamper_at(fx, MIDDLE + 1);
	assert_non_null(strstr(fx->err.msg, "missing"));
}

static void
test_an_entry_rewritten_with_its_own_hash_is_caught_at_the_next(void **state)
{
	struct fx *fx = *state;
	sqlite3_stmt *st;
	char hash[GK_HASH_HEX + 1], seq[24];

	/* A forger who knows the algorithm rewrites entry 7 and gives it a
	 * hash that matches its new content: entry 8 still names the old. */
	sql_ok(fx, "DROP TRIGGER audit_no_update");
	sql_ok(fx, "UPDATE audit SET detail = 'forged' WHERE seq = 7");
	assert_int_equal(
	    sqlite3_prepare_v2(fx->store->sql,
			       "SELECT prev_hash, id, station, seq, "
			       "at, actor, action, object, detail "
			       "FROM audit WHERE seq = 7",
			       -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(seq, sizeof seq, "%lld",
		 (long long)sqlite3_column_int64(st, 3));
	const char *fields[9];
	for (int i = 0; i < 9; i++)
		fields[i] =
		    i == 3 ? seq : (const char *)sqlite3_column_text(st, i);
	gk_digest(fields, 9, hash);
	sqlite3_finalize(st);

	sqlite3_stmt *up;
	assert_int_equal(sqlite3_prepare_v2(fx->store->sql,
					    "UPDATE audit SET hash = ? "
					    "WHERE seq = 7",
					    -1, &up, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(up, 1, hash, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(up), SQLITE_DONE);
	sqlite3_finalize(up);

	assert_tamper_at(fx, MIDDLE + 1);
}

static void
test_an_entry_with_replaced_hash_and_prev_hash_is_caught(void **state)
{
	struct fx *fx = *state;

	/* Entry 7 gets entry 9's links, consistent with each other. */
	sql_ok(fx, "DROP TRIGGER audit_no_update");
	sql_ok(fx, "UPDATE audit SET "
		   "prev_hash = (SELECT prev_hash FROM audit WHERE seq = 9), "
		   "hash = (SELECT hash FROM audit WHERE seq = 9) "
		   "WHERE seq = 7");
	assert_tamper_at(fx, MIDDLE);
}

static void
test_a_refused_approval_leaves_no_audit_entry_and_no_change(void **state)
{
	struct fx *fx = *state;
	char item_state[16];
	int step, version;

	const char *item = fx_submitted(fx, "关于企业技术改造项目的公示");
	int64_t audit = audit_count(fx);
	int64_t events = sql_int(fx, "SELECT count(*) FROM item_event");

	/* The author approving their own item, and the wrong 科室's head. */
	assert_refused(fx,
		       gk_flow_approve(fx->store, fx_id(fx, "zhang"), item,
				       NULL, NULL, &fx->err),
		       GK_EDENIED, "author");
	assert_refused(fx,
		       gk_flow_approve(fx->store, fx_id(fx, "sun"), item, NULL,
				       NULL, &fx->err),
		       GK_EDENIED, "department");

	assert_int_equal(audit_count(fx), audit);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM item_event"),
			 events);
	fx_where(fx, item, item_state, &step, &version);
	assert_string_equal(item_state, "review");
	assert_int_equal(step, 1);
	assert_int_equal(version, 1);
}

static void
test_an_action_whose_audit_entry_cannot_be_written_changes_nothing(void **state)
{
	struct fx *fx = *state;
	char item_state[16];
	int step, version;

	const char *item = fx_submitted(fx, "关于企业技术改造项目的公示");
	int64_t audit = audit_count(fx);
	int64_t events = sql_int(fx, "SELECT count(*) FROM item_event");

	/* The approval writes its event and moves the item before it appends
	 * the audit entry; when that last write fails, all of it must go. */
	sql_ok(fx, "CREATE TRIGGER audit_jammed BEFORE INSERT ON audit "
		   "BEGIN SELECT RAISE(ABORT, 'audit jammed'); END");
	assert_refused(fx,
		       gk_flow_approve(fx->store, fx_id(fx, "li"), item, NULL,
				       "同意", &fx->err),
		       GK_EDB, "audit jammed");
	assert_int_equal(audit_count(fx), audit);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM item_event"),
			 events);
	fx_where(fx, item, item_state, &step, &version);
	assert_string_equal(item_state, "review");
	assert_int_equal(step, 1);

	/* Nothing was left half-done: the same approval now goes through. */
	sql_ok(fx, "DROP TRIGGER audit_jammed");
	assert_int_equal(gk_flow_approve(fx->store, fx_id(fx, "li"), item, NULL,
					 "同意", &fx->err),
			 0);
	fx_where(fx, item, item_state, &step, &version);
	assert_int_equal(step, 2);
	int64_t checked;
	assert_int_equal(gk_audit_verify(fx->store, &checked, &fx->err), 0);
}

static void
test_a_refused_user_add_leaves_no_audit_entry_and_no_user(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	int64_t audit = audit_count(fx);
	int64_t users = sql_int(fx, "SELECT count(*) FROM user");

	assert_refused(fx,
		       gk_user_add(fx->store, fx_id(fx, "admin"), "zhou",
				   "周七", "工业科", GK_ROLE_DRAFTER, "short",
				   id, &fx->err),
		       GK_EINVAL, "8");
	assert_int_equal(audit_count(fx), audit);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM user"), users);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_verify_counts_every_entry_after_some_actions),
	    T(test_the_triggers_refuse_update_through_sql),
	    T(test_the_triggers_refuse_delete_through_sql),
	    T(test_a_changed_entry_is_caught_and_named),
	    T(test_a_changed_actor_is_caught_and_named),
	    T(test_a_deleted_entry_is_caught_and_named),
	    T(test_an_entry_rewritten_with_its_own_hash_is_caught_at_the_next),
	    T(test_an_entry_with_replaced_hash_and_prev_hash_is_caught),
	    T(test_a_refused_approval_leaves_no_audit_entry_and_no_change),
	    T(test_an_action_whose_audit_entry_cannot_be_written_changes_nothing),
	    T(test_a_refused_user_add_leaves_no_audit_entry_and_no_user),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
