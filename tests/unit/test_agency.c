/*
 * The agency: its organization code, `init` and what it seeds (栏目, the
 * review chain, settings), and changing settings (agency.h).
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void assert_code_ok(struct fx *fx, const char *code)
{
	if (gk_org_code_check(code, &fx->err) != 0)
		fail_msg("%s refused: %s", code, fx->err.msg);
}

/* A new, empty database in the test's own directory (removed with it). */
static struct gk_store *fresh_store(struct fx *fx)
{
	char path[400];
	struct gk_store *store;
	snprintf(path, sizeof path, "%s/fresh.db", fx->dir);
	if (gk_store_open(path, 1, &store, &fx->err) < 0)
		fail_msg("open %s: %s", path, fx->err.msg);
	return store;
}

/* ---- organization codes ---- */

static void test_org_code_check_accepts_9_and_18_character_codes(void **state)
{
	struct fx *fx = *state;
	assert_code_ok(fx, "000014349");	  /* 组织机构代码 */
	assert_code_ok(fx, "A00000003");	  /* with a letter */
	assert_code_ok(fx, "91350100M000100Y43"); /* 统一社会信用代码 */
	assert_code_ok(fx, "11370812004339255B");
}

static void test_org_code_check_refuses_a_wrong_check_character(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx, gk_org_code_check("000014348", &fx->err), GK_EINVAL,
		       "check");
	assert_refused(fx, gk_org_code_check("91350100M000100Y44", &fx->err),
		       GK_EINVAL, "check");
	assert_refused(fx, gk_org_code_check("11370812004339255A", &fx->err),
		       GK_EINVAL, "check");
	/* Two digits swapped: the weights catch what a sum would not. */
	assert_refused(fx, gk_org_code_check("000041349", &fx->err), GK_EINVAL,
		       "check");
}

static void test_org_code_check_refuses_a_wrong_length(void **state)
{
	struct fx *fx = *state;
	static const char *const bad[] = {"", "00001434", "0000143490",
					  "91350100M000100Y4",
					  "91350100M000100Y430"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(fx, gk_org_code_check(bad[i], &fx->err),
			       GK_EINVAL, "characters");
}

static void test_org_code_check_refuses_lower_case_letters(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx, gk_org_code_check("91350100m000100y43", &fx->err),
		       GK_EINVAL, "capital");
	assert_refused(fx, gk_org_code_check("11370812004339255b", &fx->err),
		       GK_EINVAL, "capital");
	assert_refused(fx, gk_org_code_check("a00000003", &fx->err), GK_EINVAL,
		       "capital");
}

/* ---- init ---- */

static void test_init_refuses_a_second_init_on_the_same_database(void **state)
{
	struct fx *fx = *state;
	struct gk_agency agency;

	assert_refused(
	    fx,
	    gk_agency_init(fx->store, "另一个局", "91350100M000100Y43", "root",
			   "另一个管理员", "password-root", &fx->err),
	    GK_EEXIST, "淄川区经济和信息化局");
	assert_int_equal(gk_agency_get(fx->store, &agency, &fx->err), 0);
	assert_string_equal(agency.name, "淄川区经济和信息化局");
	assert_string_equal(agency.org_code, "000014349");
	struct gk_user root;
	assert_int_equal(gk_user_load(fx->store, "root", 1, &root, &fx->err),
			 GK_ENOTFOUND);
}

static void
test_a_refused_second_init_leaves_the_open_store_working(void **state)
{
	struct fx *fx = *state;
	struct gk_user admin;
	int64_t checked;

	assert_int_equal(gk_agency_init(fx->store, "另一个局", "000014349",
					"root", "另一个管理员", "password-root",
					&fx->err),
			 GK_EEXIST);
	/* The refused call must not take the station's identity away from
	 * the store that is still open: people keep working on it. */
	if (gk_auth_login(fx->store, "admin", "password-admin", &admin,
			  &fx->err) != 0)
		fail_msg("login after a refused init: %s", fx->err.msg);
	assert_int_equal(gk_audit_verify(fx->store, &checked, &fx->err), 0);
	assert_int_equal(gk_setting_set(fx->store, admin.id, "lockout-attempts",
					"4", &fx->err),
			 0);
	/* …and its audit entries stay in this station's one chain. */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(fx->store->sql,
					    "SELECT count(DISTINCT station) "
					    "FROM audit",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
}

static void test_init_refuses_a_bad_org_code_and_sets_nothing_up(void **state)
{
	struct fx *fx = *state;
	struct gk_store *store = fresh_store(fx);
	struct gk_agency agency;

	assert_refused(fx,
		       gk_agency_init(store, "淄川区经济和信息化局",
				      "000014348", "admin", "管理员",
				      "password-admin", &fx->err),
		       GK_EINVAL, "000014348");
	assert_refused(fx, gk_agency_get(store, &agency, &fx->err),
		       GK_ENOTFOUND, "gongkai init");
	assert_refused(fx, gk_store_require_init(store, &fx->err), GK_ENOTFOUND,
		       "gongkai init");
	/* The right code then works on the same database. */
	assert_int_equal(gk_agency_init(store, "淄川区经济和信息化局",
					"11370812004339255B", "admin", "管理员",
					"password-admin", &fx->err),
			 0);
	assert_int_equal(gk_agency_get(store, &agency, &fx->err), 0);
	assert_string_equal(agency.org_code, "11370812004339255B");
	gk_store_close(store);
}

static void test_a_failed_init_leaves_the_database_unset(void **state)
{
	struct fx *fx = *state;
	struct gk_store *store = fresh_store(fx);
	struct gk_category *categories;
	int n;

	/* The admin's password fails late, after the seeding. */
	assert_refused(fx,
		       gk_agency_init(store, "淄川区经济和信息化局",
				      "000014349", "admin", "管理员", "short",
				      &fx->err),
		       GK_EINVAL, "8");
	assert_int_equal(gk_store_require_init(store, &fx->err), GK_ENOTFOUND);
	assert_int_equal(gk_category_list(store, &categories, &n, &fx->err), 0);
	free(categories);
	assert_int_equal(n, 0);
	assert_int_equal(gk_agency_init(store, "淄川区经济和信息化局",
					"000014349", "admin", "管理员",
					"password-admin", &fx->err),
			 0);
	gk_store_close(store);
}

static void test_init_sets_up_an_admin_and_an_audited_agency(void **state)
{
	struct fx *fx = *state;
	struct gk_store *store = fresh_store(fx);
	struct gk_agency agency;
	struct gk_user admin;
	int64_t checked;

	assert_int_equal(gk_agency_init(store, "淄川区经济和信息化局",
					"000014349", "admin", "管理员",
					"password-admin", &fx->err),
			 0);
	assert_int_equal(gk_store_require_init(store, &fx->err), 0);
	assert_int_equal(gk_agency_get(store, &agency, &fx->err), 0);
	assert_string_equal(agency.name, "淄川区经济和信息化局");
	assert_int_equal(
	    gk_auth_login(store, "admin", "password-admin", &admin, &fx->err),
	    0);
	assert_int_equal(admin.roles, GK_ROLE_ADMIN);
	/* init, the admin's user-add, the login */
	assert_int_equal(gk_audit_verify(store, &checked, &fx->err), 0);
	assert_int_equal(checked, 3);
	gk_store_close(store);
}

static void test_init_seeds_the_four_categories_in_order(void **state)
{
	struct fx *fx = *state;
	static const char *const expected[] = {"政务公开", "经信动态",
					       "工业经济", "企业之窗"};
	struct gk_category *categories;
	int n;

	assert_int_equal(gk_category_list(fx->store, &categories, &n, &fx->err),
			 0);
	assert_int_equal(n, 4);
	for (int i = 0; i < n; i++) {
		assert_string_equal(categories[i].name, expected[i]);
		assert_int_equal(strlen(categories[i].id), GK_ID_HEX);
	}
	free(categories);
}

static void test_init_seeds_the_three_step_review_chain(void **state)
{
	struct fx *fx = *state;
	static const struct gk_step expected[] = {
	    {1, "科室负责人审核", "dept-head", "dept"},
	    {2, "分管负责人审核", "deputy", "deputy"},
	    {3, "主要负责人签发", "director", "any"},
	};
	struct gk_step *steps;
	int n;

	assert_int_equal(gk_chain_steps(fx->store, &steps, &n, &fx->err), 0);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++) {
		assert_int_equal(steps[i].no, expected[i].no);
		assert_string_equal(steps[i].name, expected[i].name);
		assert_string_equal(steps[i].role, expected[i].role);
		assert_string_equal(steps[i].scope, expected[i].scope);
	}
	free(steps);
}

static void test_init_seeds_the_default_settings(void **state)
{
	struct fx *fx = *state;
	int value;

	assert_int_equal(gk_setting_int(fx->store, GK_SETTING_LOCKOUT_ATTEMPTS,
					&value, &fx->err),
			 0);
	assert_int_equal(value, 5);
	assert_int_equal(gk_setting_int(fx->store, GK_SETTING_LOCKOUT_MINUTES,
					&value, &fx->err),
			 0);
	assert_int_equal(value, 15);
}

/* ---- settings ---- */

static void test_an_admin_changes_a_setting(void **state)
{
	struct fx *fx = *state;
	int value;

	assert_int_equal(gk_setting_set(fx->store, fx_id(fx, "admin"),
					"lockout-minutes", "30", &fx->err),
			 0);
	assert_int_equal(gk_setting_int(fx->store, GK_SETTING_LOCKOUT_MINUTES,
					&value, &fx->err),
			 0);
	assert_int_equal(value, 30);
}

static void test_setting_set_refuses_unknown_keys(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx,
		       gk_setting_set(fx->store, fx_id(fx, "admin"),
				      "lockout-hours", "1", &fx->err),
		       GK_EINVAL, "lockout-hours");
}

static void test_setting_set_refuses_non_numbers(void **state)
{
	struct fx *fx = *state;
	static const char *const bad[] = {"",  "abc", "3x", "2.5",
					  "0", "-1",  "三"};
	int value;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = gk_setting_set(fx->store, fx_id(fx, "admin"),
					"lockout-attempts", bad[i], &fx->err);
		if (rc != GK_EINVAL || !strstr(fx->err.msg, "whole number"))
			fail_msg("value '%s': rc %d, \"%s\"", bad[i], rc,
				 fx->err.msg);
	}
	assert_int_equal(gk_setting_int(fx->store, GK_SETTING_LOCKOUT_ATTEMPTS,
					&value, &fx->err),
			 0);
	assert_int_equal(value, 5);
}

static void test_setting_set_refuses_non_admins(void **state)
{
	struct fx *fx = *state;
	int value;

	assert_refused(fx,
		       gk_setting_set(fx->store, fx_id(fx, "zhao"),
				      "lockout-attempts", "100", &fx->err),
		       GK_EDENIED, "administrator");
	assert_int_equal(gk_setting_int(fx->store, GK_SETTING_LOCKOUT_ATTEMPTS,
					&value, &fx->err),
			 0);
	assert_int_equal(value, 5);
}

/* ---- categories ---- */

static void test_category_find_gives_the_id_of_a_category(void **state)
{
	struct fx *fx = *state;
	struct gk_category *categories;
	char id[GK_ID_HEX + 1];
	int n;

	assert_int_equal(gk_category_list(fx->store, &categories, &n, &fx->err),
			 0);
	assert_int_equal(gk_category_find(fx->store, "工业经济", id, &fx->err),
			 0);
	assert_string_equal(id, categories[2].id);
	free(categories);
}

static void
test_category_find_names_the_valid_categories_when_refusing(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];

	assert_refused(fx,
		       gk_category_find(fx->store, "通知公告", id, &fx->err),
		       GK_ENOTFOUND, "通知公告");
	assert_non_null(strstr(fx->err.msg, "政务公开"));
	assert_non_null(strstr(fx->err.msg, "经信动态"));
	assert_non_null(strstr(fx->err.msg, "工业经济"));
	assert_non_null(strstr(fx->err.msg, "企业之窗"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_org_code_check_accepts_9_and_18_character_codes),
	    T(test_org_code_check_refuses_a_wrong_check_character),
	    T(test_org_code_check_refuses_a_wrong_length),
	    T(test_org_code_check_refuses_lower_case_letters),
	    T(test_init_refuses_a_second_init_on_the_same_database),
	    T(test_a_refused_second_init_leaves_the_open_store_working),
	    T(test_init_refuses_a_bad_org_code_and_sets_nothing_up),
	    T(test_a_failed_init_leaves_the_database_unset),
	    T(test_init_sets_up_an_admin_and_an_audited_agency),
	    T(test_init_seeds_the_four_categories_in_order),
	    T(test_init_seeds_the_three_step_review_chain),
	    T(test_init_seeds_the_default_settings),
	    T(test_an_admin_changes_a_setting),
	    T(test_setting_set_refuses_unknown_keys),
	    T(test_setting_set_refuses_non_numbers),
	    T(test_setting_set_refuses_non_admins),
	    T(test_category_find_gives_the_id_of_a_category),
	    T(test_category_find_names_the_valid_categories_when_refusing),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
