/*
 * People and logins: passwords, the lockout and its settings, unlocking,
 * changing passwords, adding users and departments, and the audit entry
 * each of these leaves (auth.h).
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-11-28 08:00:00 UTC: a fixed clock, so lockouts end when we say. */
#define T0     INT64_C(1795852800000)
#define MINUTE INT64_C(60000)

static int64_t audit_count(struct fx *fx)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(fx->store->sql,
					    "SELECT count(*) FROM audit", -1,
					    &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The newest audit entry's action and actor. */
static void last_audit(struct fx *fx, char action[32], char actor[64])
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(fx->store->sql,
					    "SELECT action, actor FROM audit "
					    "ORDER BY seq DESC LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(action, 32, "%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(actor, 64, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
}

/* Exactly one new audit entry since before, with this action and actor. */
static void assert_audited(struct fx *fx, int64_t before, const char *action,
			   const char *actor)
{
	char got_action[32], got_actor[64];
	assert_int_equal(audit_count(fx), before + 1);
	last_audit(fx, got_action, got_actor);
	assert_string_equal(got_action, action);
	assert_string_equal(got_actor, actor);
}

static int login(struct fx *fx, const char *who, const char *password)
{
	struct gk_user user;
	return gk_auth_login(fx->store, who, password, &user, &fx->err);
}

static void assert_logs_in(struct fx *fx, const char *who, const char *password)
{
	if (login(fx, who, password) != 0)
		fail_msg("%s cannot log in: %s", who, fx->err.msg);
}

static void wrong_passwords(struct fx *fx, const char *who, int n)
{
	for (int i = 0; i < n; i++)
		assert_int_equal(login(fx, who, "not-the-password"), GK_EAUTH);
}

/* ---- logging in ---- */

static void test_right_password_logs_in_and_fills_the_user(void **state)
{
	struct fx *fx = *state;
	struct gk_user user;

	assert_int_equal(
	    gk_auth_login(fx->store, "chen", "password-chen", &user, &fx->err),
	    0);
	assert_string_equal(user.login, "chen");
	assert_string_equal(user.name, "陈主任");
	assert_string_equal(user.dept_name, "综合科");
	assert_int_equal(user.roles, GK_ROLE_DRAFTER | GK_ROLE_DEPT_HEAD);
	assert_string_equal(user.id, fx_id(fx, "chen"));
	assert_int_equal(user.failed, 0);
	assert_string_equal(user.locked_until, "");

	assert_int_equal(gk_auth_login(fx->store, "admin", "password-admin",
				       &user, &fx->err),
			 0);
	assert_int_equal(user.roles, GK_ROLE_ADMIN);
	assert_string_equal(user.dept_name, "");
}

static void test_wrong_password_is_refused(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx, login(fx, "zhang", "password-li"), GK_EAUTH,
		       "Wrong");
	assert_refused(fx, login(fx, "zhang", ""), GK_EAUTH, "Wrong");
}

static void
test_unknown_login_gets_the_same_message_as_a_wrong_password(void **state)
{
	struct fx *fx = *state;
	char wrong_password[GK_ERR_MSG_MAX];

	assert_int_equal(login(fx, "zhang", "not-the-password"), GK_EAUTH);
	snprintf(wrong_password, sizeof wrong_password, "%s", fx->err.msg);
	assert_refused(fx, login(fx, "nobody", "not-the-password"), GK_EAUTH,
		       "Wrong");
	/* The same words, so the message does not tell who exists. */
	assert_string_equal(fx->err.msg, wrong_password);
}

/* ---- the lockout ---- */

static void test_five_wrong_passwords_lock_the_login(void **state)
{
	struct fx *fx = *state;
	struct gk_user user;

	fx->store->clock_ms = T0;
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(login(fx, "zhang", "not-the-password"),
				 GK_EAUTH);
		if (strstr(fx->err.msg, "locked"))
			fail_msg("attempt %d already says locked: %s", i,
				 fx->err.msg);
	}
	assert_refused(fx, login(fx, "zhang", "not-the-password"), GK_EAUTH,
		       "locked");
	assert_int_equal(gk_user_load(fx->store, "zhang", 1, &user, &fx->err),
			 0);
	assert_int_equal(gk_time_parse(user.locked_until), T0 + 15 * MINUTE);
}

static void test_a_locked_login_refuses_even_the_right_password(void **state)
{
	struct fx *fx = *state;

	fx->store->clock_ms = T0;
	wrong_passwords(fx, "zhang", 5);
	fx->store->clock_ms = T0 + 5 * MINUTE;
	assert_refused(fx, login(fx, "zhang", "password-zhang"), GK_EAUTH,
		       "locked");
	/* Others are not affected. */
	assert_logs_in(fx, "li", "password-li");
}

static void test_a_right_password_resets_the_run_of_wrong_ones(void **state)
{
	struct fx *fx = *state;
	struct gk_user user;

	fx->store->clock_ms = T0;
	wrong_passwords(fx, "zhang", 4);
	assert_logs_in(fx, "zhang", "password-zhang");
	wrong_passwords(fx, "zhang", 4);
	if (strstr(fx->err.msg, "locked"))
		fail_msg("locked after a reset run: %s", fx->err.msg);
	assert_int_equal(gk_user_load(fx->store, "zhang", 1, &user, &fx->err),
			 0);
	assert_int_equal(user.failed, 4);
	assert_string_equal(user.locked_until, "");
	assert_logs_in(fx, "zhang", "password-zhang");
}

static void test_the_lock_ends_after_lockout_minutes(void **state)
{
	struct fx *fx = *state;

	fx->store->clock_ms = T0;
	wrong_passwords(fx, "zhang", 5);
	fx->store->clock_ms = T0 + 15 * MINUTE - 1;
	assert_refused(fx, login(fx, "zhang", "password-zhang"), GK_EAUTH,
		       "locked");
	fx->store->clock_ms = T0 + 15 * MINUTE + 1;
	assert_logs_in(fx, "zhang", "password-zhang");
}

static void test_after_a_lock_ends_a_new_run_starts_from_zero(void **state)
{
	struct fx *fx = *state;

	fx->store->clock_ms = T0;
	wrong_passwords(fx, "zhang", 5);
	fx->store->clock_ms = T0 + 16 * MINUTE;
	/* One wrong password after the lock is not a sixth in a row. */
	assert_refused(fx, login(fx, "zhang", "not-the-password"), GK_EAUTH,
		       "Wrong");
	if (strstr(fx->err.msg, "locked"))
		fail_msg("locked again at once: %s", fx->err.msg);
	assert_logs_in(fx, "zhang", "password-zhang");
}

static void test_lockout_settings_change_attempts_and_minutes(void **state)
{
	struct fx *fx = *state;
	const char *admin = fx_id(fx, "admin");

	assert_int_equal(
	    gk_setting_set(fx->store, admin, "lockout-attempts", "3", &fx->err),
	    0);
	assert_int_equal(
	    gk_setting_set(fx->store, admin, "lockout-minutes", "2", &fx->err),
	    0);
	fx->store->clock_ms = T0;
	wrong_passwords(fx, "zhang", 2);
	if (strstr(fx->err.msg, "locked"))
		fail_msg("locked after 2 of 3: %s", fx->err.msg);
	assert_refused(fx, login(fx, "zhang", "not-the-password"), GK_EAUTH,
		       "locked");
	assert_true(strstr(fx->err.msg, "3") && strstr(fx->err.msg, "2"));
	fx->store->clock_ms = T0 + 2 * MINUTE - 1;
	assert_refused(fx, login(fx, "zhang", "password-zhang"), GK_EAUTH,
		       "locked");
	fx->store->clock_ms = T0 + 2 * MINUTE + 1;
	assert_logs_in(fx, "zhang", "password-zhang");
}

static void test_an_admin_unlocks_a_login(void **state)
{
	struct fx *fx = *state;
	struct gk_user user;

	fx->store->clock_ms = T0;
	wrong_passwords(fx, "zhang", 5);
	int64_t before = audit_count(fx);
	assert_int_equal(
	    gk_user_unlock(fx->store, fx_id(fx, "admin"), "zhang", &fx->err),
	    0);
	assert_audited(fx, before, "user-unlock", "admin");
	assert_int_equal(gk_user_load(fx->store, "zhang", 1, &user, &fx->err),
			 0);
	assert_string_equal(user.locked_until, "");
	assert_logs_in(fx, "zhang", "password-zhang");
}

static void test_a_non_admin_cannot_unlock(void **state)
{
	struct fx *fx = *state;

	fx->store->clock_ms = T0;
	wrong_passwords(fx, "zhang", 5);
	int64_t before = audit_count(fx);
	assert_refused(
	    fx, gk_user_unlock(fx->store, fx_id(fx, "li"), "zhang", &fx->err),
	    GK_EDENIED, "administrator");
	assert_int_equal(audit_count(fx), before);
	assert_refused(fx, login(fx, "zhang", "password-zhang"), GK_EAUTH,
		       "locked");
}

/* ---- passwords ---- */

static void test_an_admin_resets_another_users_password(void **state)
{
	struct fx *fx = *state;
	int64_t before = audit_count(fx);

	assert_int_equal(gk_user_passwd(fx->store, fx_id(fx, "admin"), "zhang",
					"新密码-zhang-2026", &fx->err),
			 0);
	assert_audited(fx, before, "user-passwd", "admin");
	assert_refused(fx, login(fx, "zhang", "password-zhang"), GK_EAUTH,
		       "Wrong");
	assert_logs_in(fx, "zhang", "新密码-zhang-2026");
}

static void test_a_password_reset_also_ends_a_lockout(void **state)
{
	struct fx *fx = *state;

	fx->store->clock_ms = T0;
	wrong_passwords(fx, "zhang", 5);
	assert_int_equal(gk_user_passwd(fx->store, fx_id(fx, "admin"), "zhang",
					"fresh-password", &fx->err),
			 0);
	assert_logs_in(fx, "zhang", "fresh-password");
}

static void test_a_user_changes_their_own_password(void **state)
{
	struct fx *fx = *state;
	int64_t before = audit_count(fx);

	assert_int_equal(gk_user_passwd(fx->store, fx_id(fx, "zhang"), "zhang",
					"my-own-password", &fx->err),
			 0);
	assert_audited(fx, before, "user-passwd", "zhang");
	assert_int_equal(login(fx, "zhang", "password-zhang"), GK_EAUTH);
	assert_logs_in(fx, "zhang", "my-own-password");
}

static void test_a_non_admin_cannot_change_another_users_password(void **state)
{
	struct fx *fx = *state;
	int64_t before = audit_count(fx);

	/* Not even a department head over a drafter of the same 科室. */
	assert_refused(fx,
		       gk_user_passwd(fx->store, fx_id(fx, "li"), "zhang",
				      "li-knows-best", &fx->err),
		       GK_EDENIED, "administrator");
	assert_int_equal(audit_count(fx), before);
	assert_logs_in(fx, "zhang", "password-zhang");
	assert_int_equal(login(fx, "zhang", "li-knows-best"), GK_EAUTH);
}

static void test_a_password_shorter_than_8_characters_is_refused(void **state)
{
	struct fx *fx = *state;

	assert_refused(fx,
		       gk_user_passwd(fx->store, fx_id(fx, "zhang"), "zhang",
				      "1234567", &fx->err),
		       GK_EINVAL, "8");
	assert_logs_in(fx, "zhang", "password-zhang");
	/* Characters count, not bytes: 7 Chinese characters are 21 bytes. */
	assert_refused(fx,
		       gk_user_passwd(fx->store, fx_id(fx, "zhang"), "zhang",
				      "政府信息公开好", &fx->err),
		       GK_EINVAL, "8");
	assert_int_equal(gk_user_passwd(fx->store, fx_id(fx, "zhang"), "zhang",
					"政府信息公开很好", &fx->err),
			 0);
	assert_logs_in(fx, "zhang", "政府信息公开很好");
}

/* ---- adding users ---- */

static void test_an_admin_adds_a_user_who_can_then_log_in(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_user user;
	unsigned roles;
	int64_t before = audit_count(fx);

	assert_int_equal(gk_role_parse("drafter,dept-head", &roles, &fx->err),
			 0);
	assert_int_equal(gk_user_add(fx->store, fx_id(fx, "admin"), "zhou",
				     "周七", "工业科", roles, "password-zhou",
				     id, &fx->err),
			 0);
	assert_audited(fx, before, "user-add", "admin");
	assert_int_equal(
	    gk_auth_login(fx->store, "zhou", "password-zhou", &user, &fx->err),
	    0);
	assert_string_equal(user.id, id);
	assert_string_equal(user.name, "周七");
	assert_string_equal(user.dept_name, "工业科");
	assert_int_equal(user.roles, GK_ROLE_DRAFTER | GK_ROLE_DEPT_HEAD);
}

static void test_only_an_admin_adds_users(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_user user;
	int64_t before = audit_count(fx);

	assert_refused(fx,
		       gk_user_add(fx->store, fx_id(fx, "zhao"), "zhou", "周七",
				   "工业科", GK_ROLE_DRAFTER, "password-zhou",
				   id, &fx->err),
		       GK_EDENIED, "administrator");
	assert_int_equal(audit_count(fx), before);
	assert_int_equal(gk_user_load(fx->store, "zhou", 1, &user, &fx->err),
			 GK_ENOTFOUND);
}

static void test_a_duplicate_login_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	int64_t before = audit_count(fx);

	assert_refused(fx,
		       gk_user_add(fx->store, fx_id(fx, "admin"), "zhang",
				   "另一个张三", "工业科", GK_ROLE_DRAFTER,
				   "password-other", id, &fx->err),
		       GK_EEXIST, "zhang");
	assert_int_equal(audit_count(fx), before);
	/* The first zhang keeps his password and department. */
	struct gk_user user;
	assert_int_equal(gk_auth_login(fx->store, "zhang", "password-zhang",
				       &user, &fx->err),
			 0);
	assert_string_equal(user.dept_name, "综合科");
}

static void test_a_user_in_an_unknown_department_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];

	assert_refused(fx,
		       gk_user_add(fx->store, fx_id(fx, "admin"), "zhou",
				   "周七", "宣传科", GK_ROLE_DRAFTER,
				   "password-zhou", id, &fx->err),
		       GK_ENOTFOUND, "宣传科");
}

static void test_a_login_with_bad_characters_is_refused(void **state)
{
	struct fx *fx = *state;
	static const char *const bad[] = {
	    "zhou qi", "周七",	  "",
	    "zhou/qi", "zhou'qi", "a-login-that-is-longer-than-32-chars"};
	char id[GK_ID_HEX + 1];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = gk_user_add(fx->store, fx_id(fx, "admin"), bad[i],
				     "周七", "工业科", GK_ROLE_DRAFTER,
				     "password-zhou", id, &fx->err);
		if (rc != GK_EINVAL || !strstr(fx->err.msg, "login"))
			fail_msg("login '%s': rc %d, \"%s\"", bad[i], rc,
				 fx->err.msg);
	}
	/* The characters that are allowed. */
	assert_int_equal(gk_user_add(fx->store, fx_id(fx, "admin"),
				     "Zhou.Qi_2-x", "周七", "工业科",
				     GK_ROLE_DRAFTER, "password-zhou", id,
				     &fx->err),
			 0);
}

static void test_roles_parse_from_a_comma_separated_list(void **state)
{
	struct fx *fx = *state;
	unsigned roles;

	assert_int_equal(gk_role_parse("drafter,dept-head", &roles, &fx->err),
			 0);
	assert_int_equal(roles, GK_ROLE_DRAFTER | GK_ROLE_DEPT_HEAD);
	assert_int_equal(gk_role_parse("director", &roles, &fx->err), 0);
	assert_int_equal(roles, GK_ROLE_DIRECTOR);
	assert_refused(fx, gk_role_parse("drafter,boss", &roles, &fx->err),
		       GK_EINVAL, "boss");
	assert_refused(fx, gk_role_parse("", &roles, &fx->err), GK_EINVAL,
		       "role");
}

/* ---- departments ---- */

static void test_only_an_admin_adds_departments(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	int64_t before = audit_count(fx);

	assert_refused(fx,
		       gk_dept_add(fx->store, fx_id(fx, "zhao"), "宣传科",
				   "office", NULL, id, &fx->err),
		       GK_EDENIED, "administrator");
	assert_int_equal(audit_count(fx), before);
	assert_int_equal(gk_dept_add(fx->store, fx_id(fx, "admin"), "宣传科",
				     "office", NULL, id, &fx->err),
			 0);
	assert_audited(fx, before, "dept-add", "admin");
}

static void test_a_duplicate_department_name_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	int64_t before = audit_count(fx);

	assert_refused(fx,
		       gk_dept_add(fx->store, fx_id(fx, "admin"), "综合科",
				   "office", NULL, id, &fx->err),
		       GK_EEXIST, "综合科");
	assert_int_equal(audit_count(fx), before);
}

/* The deputy login of department name per gk_dept_list ("" for none). */
static void dept_deputy(struct fx *fx, const char *name, char out[64])
{
	struct gk_dept *depts;
	int n;
	assert_int_equal(gk_dept_list(fx->store, &depts, &n, &fx->err), 0);
	out[0] = '\0';
	int found = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(depts[i].name, name) == 0) {
			snprintf(out, 64, "%s", depts[i].deputy_login);
			found = 1;
		}
	free(depts);
	if (!found)
		fail_msg("no department %s", name);
}

static void test_a_department_deputy_must_hold_the_deputy_role(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], deputy[64];
	int64_t before = audit_count(fx);

	assert_refused(fx,
		       gk_dept_add(fx->store, fx_id(fx, "admin"), "宣传科",
				   "office", "zhang", id, &fx->err),
		       GK_EINVAL, "deputy");
	assert_int_equal(audit_count(fx), before);
	assert_int_equal(gk_dept_add(fx->store, fx_id(fx, "admin"), "宣传科",
				     "office", "qian", id, &fx->err),
			 0);
	dept_deputy(fx, "宣传科", deputy);
	assert_string_equal(deputy, "qian");
}

static void test_setting_a_departments_deputy_and_clearing_it(void **state)
{
	struct fx *fx = *state;
	const char *admin = fx_id(fx, "admin");
	char deputy[64];

	int64_t before = audit_count(fx);
	assert_int_equal(
	    gk_dept_set_deputy(fx->store, admin, "工业科", "qian", &fx->err),
	    0);
	assert_audited(fx, before, "dept-deputy", "admin");
	dept_deputy(fx, "工业科", deputy);
	assert_string_equal(deputy, "qian");

	before = audit_count(fx);
	assert_int_equal(
	    gk_dept_set_deputy(fx->store, admin, "工业科", NULL, &fx->err), 0);
	assert_audited(fx, before, "dept-deputy", "admin");
	dept_deputy(fx, "工业科", deputy);
	assert_string_equal(deputy, "");
}

static void test_setting_a_deputy_is_refused_for_the_wrong_people(void **state)
{
	struct fx *fx = *state;
	char deputy[64];
	int64_t before = audit_count(fx);

	assert_refused(fx,
		       gk_dept_set_deputy(fx->store, fx_id(fx, "zhao"),
					  "综合科", "qian", &fx->err),
		       GK_EDENIED, "administrator");
	assert_refused(fx,
		       gk_dept_set_deputy(fx->store, fx_id(fx, "admin"),
					  "综合科", "li", &fx->err),
		       GK_EINVAL, "deputy");
	assert_refused(fx,
		       gk_dept_set_deputy(fx->store, fx_id(fx, "admin"),
					  "宣传科", "qian", &fx->err),
		       GK_ENOTFOUND, "宣传科");
	assert_int_equal(audit_count(fx), before);
	dept_deputy(fx, "综合科", deputy);
	assert_string_equal(deputy, "wang");
}

/* ---- the audit trail of logins ---- */

static void test_logins_are_audited_including_failed_ones(void **state)
{
	struct fx *fx = *state;
	int64_t before;

	fx->store->clock_ms = T0;
	before = audit_count(fx);
	assert_logs_in(fx, "zhang", "password-zhang");
	assert_audited(fx, before, "login", "zhang");

	/* The call fails, yet the attempt stays recorded. */
	before = audit_count(fx);
	assert_int_equal(login(fx, "zhang", "not-the-password"), GK_EAUTH);
	assert_audited(fx, before, "login-failed", "zhang");

	before = audit_count(fx);
	assert_int_equal(login(fx, "nobody", "whatever-it-is"), GK_EAUTH);
	assert_audited(fx, before, "login-failed", "nobody");

	wrong_passwords(fx, "zhang", 3);
	before = audit_count(fx);
	assert_int_equal(login(fx, "zhang", "not-the-password"), GK_EAUTH);
	assert_audited(fx, before, "locked", "zhang");

	before = audit_count(fx);
	assert_int_equal(login(fx, "zhang", "password-zhang"), GK_EAUTH);
	assert_audited(fx, before, "login-failed", "zhang");
}

static void test_a_setting_change_is_audited(void **state)
{
	struct fx *fx = *state;
	int64_t before = audit_count(fx);

	assert_int_equal(gk_setting_set(fx->store, fx_id(fx, "admin"),
					"lockout-minutes", "30", &fx->err),
			 0);
	assert_audited(fx, before, "setting", "admin");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_right_password_logs_in_and_fills_the_user),
	    T(test_wrong_password_is_refused),
	    T(test_unknown_login_gets_the_same_message_as_a_wrong_password),
	    T(test_five_wrong_passwords_lock_the_login),
	    T(test_a_locked_login_refuses_even_the_right_password),
	    T(test_a_right_password_resets_the_run_of_wrong_ones),
	    T(test_the_lock_ends_after_lockout_minutes),
	    T(test_after_a_lock_ends_a_new_run_starts_from_zero),
	    T(test_lockout_settings_change_attempts_and_minutes),
	    T(test_an_admin_unlocks_a_login),
	    T(test_a_non_admin_cannot_unlock),
	    T(test_an_admin_resets_another_users_password),
	    T(test_a_password_reset_also_ends_a_lockout),
	    T(test_a_user_changes_their_own_password),
	    T(test_a_non_admin_cannot_change_another_users_password),
	    T(test_a_password_shorter_than_8_characters_is_refused),
	    T(test_an_admin_adds_a_user_who_can_then_log_in),
	    T(test_only_an_admin_adds_users),
	    T(test_a_duplicate_login_is_refused),
	    T(test_a_user_in_an_unknown_department_is_refused),
	    T(test_a_login_with_bad_characters_is_refused),
	    T(test_roles_parse_from_a_comma_separated_list),
	    T(test_only_an_admin_adds_departments),
	    T(test_a_duplicate_department_name_is_refused),
	    T(test_a_department_deputy_must_hold_the_deputy_role),
	    T(test_setting_a_departments_deputy_and_clearing_it),
	    T(test_setting_a_deputy_is_refused_for_the_wrong_people),
	    T(test_logins_are_audited_including_failed_ones),
	    T(test_a_setting_change_is_audited),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
