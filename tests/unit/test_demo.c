/* The demo database: what a person trying gongkai finds in it. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "channel.h"
#include "coverage.h"
#include "demo.h"

/* One demo database per test file, copied per test (fx_setup). */
static int demo_group_setup(void **state)
{
	(void)state;
	return fx_template(gk_demo_create);
}

#define ADMIN(fx) fx_id(fx, "admin")

/* Every item, newest first (queue "all" as the administrator). */
static struct gk_queue_row *all_items(struct fx *fx, int *n)
{
	struct gk_queue_row *rows;
	struct gk_cursor next;
	if (gk_flow_queue(fx->store, ADMIN(fx), GK_QUEUE_ALL, GK_CURSOR_START,
			  1000, &rows, n, &next, &fx->err) < 0)
		fail_msg("queue all: %s", fx->err.msg);
	return rows;
}

static int64_t queue_count(struct fx *fx, const char *login, enum gk_queue q)
{
	int64_t count;
	if (gk_flow_queue_count(fx->store, fx_id(fx, login), q, &count,
				&fx->err) < 0)
		fail_msg("count of %s: %s", login, fx->err.msg);
	return count;
}

static void test_the_demo_has_items_in_every_state_and_step(void **state)
{
	struct fx *fx = *state;
	int n, drafts = 0, returned = 0, signed_off = 0, at_step[4] = {0};
	int published = 0, withdrawn = 0;
	struct gk_queue_row *rows = all_items(fx, &n);

	for (int i = 0; i < n; i++) {
		if (strcmp(rows[i].state, "draft") == 0)
			drafts++;
		else if (strcmp(rows[i].state, "returned") == 0)
			returned++;
		else if (strcmp(rows[i].state, "signed") == 0)
			signed_off++;
		else if (strcmp(rows[i].state, "published") == 0)
			published++;
		else if (strcmp(rows[i].state, "withdrawn") == 0)
			withdrawn++;
		else if (strcmp(rows[i].state, "review") == 0 &&
			 rows[i].step >= 1 && rows[i].step <= 3)
			at_step[rows[i].step]++;
		else
			fail_msg("unexpected %s at step %d", rows[i].state,
				 rows[i].step);
	}
	free(rows);
	assert_in_range(n, 30, 40);
	assert_true(drafts > 0);
	assert_true(returned > 0);
	/* Two signed items wait for the publisher; eight are published,
	 * one of them since withdrawn (db/demo_publish.tsv). */
	assert_int_equal(signed_off, 2);
	assert_int_equal(published, 8);
	assert_int_equal(withdrawn, 1);
	for (int step = 1; step <= 3; step++)
		assert_true(at_step[step] > 0);
}

static void
test_the_demo_catalog_has_index_numbers_deliveries_coverage(void **state)
{
	struct fx *fx = *state;
	struct gk_catalog_filter all = {.sort = GK_CATALOG_SORT_INDEX};
	struct gk_catalog_row *rows;
	int n;
	assert_int_equal(
	    gk_catalog_list(fx->store, &all, &rows, &n, NULL, &fx->err), 0);
	assert_int_equal(n, 9);
	for (int i = 0; i < n; i++) {
		char want[GK_INDEX_NO_MAX + 1];
		snprintf(want, sizeof want, "%s/%.4s-%05d", GK_DEMO_ORG_CODE,
			 rows[i].published_on, i + 1);
		assert_string_equal(rows[i].index_no, want);
	}
	free(rows);
	struct gk_delivery *d;
	assert_int_equal(
	    gk_delivery_list(fx->store, NULL, "pending", &d, &n, &fx->err), 0);
	assert_true(n > 0); /* some wait to be confirmed */
	free(d);
	assert_int_equal(
	    gk_delivery_list(fx->store, NULL, "delivered", &d, &n, &fx->err),
	    0);
	assert_true(n > 10);
	free(d);
	struct gk_coverage *cov;
	assert_int_equal(
	    gk_coverage_list(fx->store, NULL, 0, &cov, &n, &fx->err), 0);
	assert_int_equal(n, 4);
	free(cov);
}

static void
test_the_agency_is_the_zichuan_bureau_with_its_categories(void **state)
{
	struct fx *fx = *state;
	struct gk_agency agency;
	struct gk_category *cats;
	int n;

	assert_int_equal(gk_agency_get(fx->store, &agency, &fx->err), 0);
	assert_string_equal(agency.name, "淄川区经济和信息化局");
	assert_int_equal(gk_org_code_check(agency.org_code, &fx->err), 0);
	assert_int_equal(strlen(agency.org_code), 18);
	assert_int_equal(gk_category_list(fx->store, &cats, &n, &fx->err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(cats[0].name, "政务公开");
	assert_string_equal(cats[3].name, "企业之窗");
	free(cats);
}

static void test_every_demo_login_logs_in_with_the_demo_password(void **state)
{
	struct fx *fx = *state;
	const struct gk_demo_login *logins;
	int n = gk_demo_logins(&logins);
	struct gk_user *users;
	int n_users;

	assert_in_range(n, 10, 20);
	for (int i = 0; i < n; i++) {
		struct gk_user me;
		if (gk_auth_login(fx->store, logins[i].login, GK_DEMO_PASSWORD,
				  &me, &fx->err) < 0)
			fail_msg("%s: %s", logins[i].login, fx->err.msg);
		assert_string_equal(me.name, logins[i].name);
		assert_string_equal(me.dept_name, logins[i].dept);
		assert_int_equal(me.roles, logins[i].roles);
		assert_true(logins[i].what && logins[i].what[0]);
	}
	/* The table is the whole cast: nobody in the database is missing. */
	assert_int_equal(gk_user_list(fx->store, &users, &n_users, &fx->err),
			 0);
	free(users);
	assert_int_equal(n_users, n);
}

static void
test_the_table_names_a_director_deputies_heads_officers_publisher(void **state)
{
	const struct gk_demo_login *logins;
	int n = gk_demo_logins(&logins), count[GK_ROLE_COUNT] = {0};
	(void)state;
	for (int i = 0; i < n; i++) {
		for (int r = 0; r < GK_ROLE_COUNT; r++)
			count[r] += !!(logins[i].roles & (1u << r));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(logins[i].login,
						logins[j].login);
	}
	assert_int_equal(count[GK_ROLE_I_DIRECTOR], 1);
	assert_in_range(count[GK_ROLE_I_DEPUTY], 1, 2);
	assert_in_range(count[GK_ROLE_I_DEPT_HEAD], 3, 8);
	assert_in_range(count[GK_ROLE_I_DRAFTER], 3, 10);
	assert_int_equal(count[GK_ROLE_I_PUBLISHER], 1);
	assert_int_equal(count[GK_ROLE_I_ADMIN], 1);
}

static void test_each_reviewer_finds_work_they_may_decide(void **state)
{
	static const char *const reviewers[] = {
	    "wangjianguo", "liuhongmei", "zhaozhigang", "chenjing",
	    "zhouqiang",   "gaopeng",	 "maxiaodong",	"hanlei"};
	struct fx *fx = *state;

	for (size_t r = 0; r < sizeof reviewers / sizeof reviewers[0]; r++) {
		struct gk_user me;
		struct gk_queue_row *rows;
		struct gk_cursor next;
		int n;
		assert_int_equal(
		    gk_user_load(fx->store, reviewers[r], 1, &me, &fx->err), 0);
		assert_int_equal(gk_flow_queue(fx->store, me.id,
					       GK_QUEUE_REVIEW, GK_CURSOR_START,
					       100, &rows, &n, &next, &fx->err),
				 0);
		if (n == 0)
			fail_msg("%s has nothing to review", reviewers[r]);
		for (int i = 0; i < n; i++) {
			struct gk_item item;
			assert_int_equal(
			    gk_doc_get(fx->store, rows[i].id, &item, &fx->err),
			    0);
			if (gk_chain_may_decide(fx->store, &me, &item,
						&fx->err) < 0)
				fail_msg("%s: %s", reviewers[r], fx->err.msg);
			gk_item_free(&item);
		}
		free(rows);
	}
	assert_true(queue_count(fx, "wangjianguo", GK_QUEUE_SIGNOFF) > 0);
	assert_true(queue_count(fx, "wangjianguo", GK_QUEUE_REVIEW) ==
		    queue_count(fx, "wangjianguo", GK_QUEUE_SIGNOFF));
}

static void test_officers_find_their_drafts_and_returned_items(void **state)
{
	struct fx *fx = *state;
	assert_true(queue_count(fx, "lina", GK_QUEUE_DRAFTS) > 0);
	assert_true(queue_count(fx, "lina", GK_QUEUE_RETURNED) > 0);
	assert_true(queue_count(fx, "wangfang", GK_QUEUE_DRAFTS) > 0);
	assert_true(queue_count(fx, "sunli", GK_QUEUE_SIGNED) > 0);
	/* Reviewers write nothing themselves. */
	assert_int_equal(queue_count(fx, "zhouqiang", GK_QUEUE_DRAFTS), 0);
}

/* The events of item id (caller frees with gk_events_free). */
static struct gk_event *history(struct fx *fx, const char *id, int *n)
{
	struct gk_event *events;
	if (gk_doc_history(fx->store, id, &events, n, &fx->err) < 0)
		fail_msg("history: %s", fx->err.msg);
	return events;
}

static void
test_a_resubmitted_item_has_two_versions_and_v1_was_returned(void **state)
{
	struct fx *fx = *state;
	int n, resubmitted = 0;
	struct gk_queue_row *rows = all_items(fx, &n);

	for (int i = 0; i < n; i++) {
		struct gk_item item;
		assert_int_equal(
		    gk_doc_get(fx->store, rows[i].id, &item, &fx->err), 0);
		int version = item.version, round = item.round;
		gk_item_free(&item);
		if (version != 2 || strcmp(rows[i].state, "review") != 0)
			continue;
		resubmitted++;
		assert_int_equal(round, 2);
		int m, returned_v1 = 0, submitted_v2 = 0;
		struct gk_event *events = history(fx, rows[i].id, &m);
		for (int e = 0; e < m; e++) {
			if (strcmp(events[e].action, "return") == 0 &&
			    events[e].version == 1 && events[e].round == 1 &&
			    events[e].comment[0])
				returned_v1 = 1;
			if (strcmp(events[e].action, "submit") == 0 &&
			    events[e].version == 2 && events[e].round == 2)
				submitted_v2 = returned_v1;
		}
		gk_events_free(events, m);
		assert_true(returned_v1);
		assert_true(submitted_v2);
	}
	free(rows);
	assert_true(resubmitted >= 1);
}

static void test_returned_items_say_what_to_change(void **state)
{
	struct fx *fx = *state;
	int n, returned = 0;
	struct gk_queue_row *rows = all_items(fx, &n);

	for (int i = 0; i < n; i++) {
		if (strcmp(rows[i].state, "returned") != 0)
			continue;
		returned++;
		int m;
		struct gk_event *events = history(fx, rows[i].id, &m);
		assert_string_equal(events[m - 1].action, "return");
		assert_true(strlen(events[m - 1].comment) > 10);
		gk_events_free(events, m);
	}
	free(rows);
	assert_true(returned > 0);
}

static void test_a_second_demo_is_refused_and_changes_nothing(void **state)
{
	struct fx *fx = *state;
	int64_t before, after;
	int n_before, n_after;

	free(all_items(fx, &n_before));
	assert_int_equal(gk_audit_verify(fx->store, &before, &fx->err), 0);
	assert_refused(fx, gk_demo_create(fx->store, &fx->err), GK_EEXIST,
		       "淄川区经济和信息化局");
	free(all_items(fx, &n_after));
	assert_int_equal(gk_audit_verify(fx->store, &after, &fx->err), 0);
	assert_int_equal(n_after, n_before);
	assert_int_equal(after, before);
}

static void test_a_database_of_another_agency_is_refused(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(gk_agency_init(fx->store, "淄川区统计局", "000014349",
					"admin", "管理员", "password-admin",
					&fx->err),
			 0);
	assert_refused(fx, gk_demo_create(fx->store, &fx->err), GK_EEXIST,
		       "淄川区统计局");
}

static void test_the_audit_log_verifies(void **state)
{
	struct fx *fx = *state;
	int64_t checked;
	assert_int_equal(gk_audit_verify(fx->store, &checked, &fx->err), 0);
	assert_true(checked > 100);
}

/* Monday to Friday, 08:30 to 17:30 China time. */
static int in_office_hours(const char *iso)
{
	int64_t ms = gk_time_parse(iso);
	int64_t local = ms / 1000 + 8 * 3600;
	int weekday = (int)((local / 86400 + 4) % 7),
	    minute = (int)(local % 86400 / 60);
	return weekday >= 1 && weekday <= 5 && minute >= 8 * 60 + 30 &&
	       minute <= 17 * 60 + 30;
}

static void
test_the_history_spreads_over_three_weeks_of_office_hours(void **state)
{
	struct fx *fx = *state;
	/* Saturday 2026-11-28, 10:00 China time. */
	const int64_t now = gk_time_parse("2026-11-28T02:00:00.000Z");
	int n;

	fx->store->clock_ms = now;
	assert_int_equal(gk_demo_create(fx->store, &fx->err), 0);
	assert_true(fx->store->clock_ms == now);
	struct gk_queue_row *rows = all_items(fx, &n);
	int64_t oldest = now, newest = 0;
	for (int i = 0; i < n; i++) {
		int m;
		struct gk_event *events = history(fx, rows[i].id, &m);
		for (int e = 0; e < m; e++) {
			int64_t at = gk_time_parse(events[e].at);
			if (!in_office_hours(events[e].at))
				fail_msg("%s at %s", events[e].action,
					 events[e].at);
			/* One action's events share its moment (a withdrawal
			 * and the pages it sends again); history keeps their
			 * order. */
			if (e > 0)
				assert_true(at >=
					    gk_time_parse(events[e - 1].at));
			oldest = at < oldest ? at : oldest;
			newest = at > newest ? at : newest;
		}
		gk_events_free(events, m);
	}
	/* Waiting since: not all at one moment. */
	assert_string_not_equal(rows[0].updated, rows[n - 1].updated);
	free(rows);
	assert_true(newest < now);
	assert_true(newest > now - 2 * 86400000LL);
	assert_true(oldest > now - 28 * 86400000LL);
	assert_true(oldest < now - 14 * 86400000LL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
#define T_NEW(name)                                                            \
	cmocka_unit_test_setup_teardown(name, fx_setup_empty, fx_teardown)
	    T(test_the_demo_has_items_in_every_state_and_step),
	    T(test_the_demo_catalog_has_index_numbers_deliveries_coverage),
	    T(test_the_agency_is_the_zichuan_bureau_with_its_categories),
	    T(test_every_demo_login_logs_in_with_the_demo_password),
	    T(test_the_table_names_a_director_deputies_heads_officers_publisher),
	    T(test_each_reviewer_finds_work_they_may_decide),
	    T(test_officers_find_their_drafts_and_returned_items),
	    T(test_a_resubmitted_item_has_two_versions_and_v1_was_returned),
	    T(test_returned_items_say_what_to_change),
	    T(test_a_second_demo_is_refused_and_changes_nothing),
	    T(test_the_audit_log_verifies),
	    T_NEW(test_a_database_of_another_agency_is_refused),
	    T_NEW(test_the_history_spreads_over_three_weeks_of_office_hours),
#undef T
#undef T_NEW
	};
	return cmocka_run_group_tests(tests, demo_group_setup,
				      fx_group_teardown);
}
