/* The review chain: who may decide which step, rounds, queues, history. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ME(login) fx_id(fx, login)

static int approve(struct fx *fx, const char *login, const char *item)
{
	return gk_flow_approve(fx->store, ME(login), item, NULL, NULL,
			       &fx->err);
}

static void assert_at(struct fx *fx, const char *item, const char *state,
		      int step)
{
	char s[16];
	int at, version;
	fx_where(fx, item, s, &at, &version);
	assert_string_equal(s, state);
	assert_int_equal(at, step);
}

/* Does queue q of login hold item? */
static int in_queue(struct fx *fx, const char *login, enum gk_queue q,
		    const char *item)
{
	struct gk_queue_row *rows;
	struct gk_cursor next;
	int n, found = 0;
	if (gk_flow_queue(fx->store, ME(login), q, GK_CURSOR_START, 100, &rows,
			  &n, &next, &fx->err) < 0)
		fail_msg("queue: %s", fx->err.msg);
	for (int i = 0; i < n; i++)
		found |= strcmp(rows[i].id, item) == 0;
	free(rows);
	return found;
}

static void test_submit_sends_a_draft_to_step_one(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_draft(fx, "zhang",
			    "关于开展2026年度企业技术改造项目申报工作的通知"));
	assert_at(fx, id, "draft", 0);
	assert_int_equal(gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
			 0);
	assert_at(fx, id, "review", 1);
}

static void test_three_approvals_by_three_people_sign_off(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "全区工业经济运行情况通报"));
	fx_checklist_clear(fx, id, "li");
	assert_int_equal(approve(fx, "li", id), 0);
	assert_at(fx, id, "review", 2);
	assert_int_equal(approve(fx, "wang", id), 0);
	assert_at(fx, id, "review", 3);
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_at(fx, id, "signed", 0);
}

static void test_sign_off_waits_for_the_confidentiality_review(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "全区工业经济运行情况通报"));
	/* Steps 1 and 2 do not need the checklist; the sign-off does. */
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(approve(fx, "wang", id), 0);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED, "保密审查");
	assert_at(fx, id, "review", 3);
	/* The director may fill it in himself at his step. */
	fx_checklist_clear(fx, id, "zhao");
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_at(fx, id, "signed", 0);
}

static void test_author_cannot_approve_own_item(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	/* chen drafts and is also head of 综合科: still not their own step. */
	strcpy(id, fx_draft(fx, "chen", "科室内部通知"));
	assert_int_equal(gk_flow_submit(fx->store, ME("chen"), id, &fx->err),
			 0);
	assert_refused(fx, approve(fx, "chen", id), GK_EDENIED, "author");
	assert_at(fx, id, "review", 1);
}

static void test_user_without_the_steps_role_cannot_decide(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_refused(fx, approve(fx, "liu", id), GK_EDENIED, "liu");
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "department head");
	assert_at(fx, id, "review", 1);
}

static void test_head_of_another_department_cannot_decide_step_one(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_refused(fx, approve(fx, "sun", id), GK_EDENIED, "综合科");
	assert_int_equal(approve(fx, "li", id), 0);
}

static void test_only_the_named_deputy_decides_step_two(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_int_equal(approve(fx, "li", id), 0);
	assert_refused(fx, approve(fx, "qian", id), GK_EDENIED, "王副局长");
	assert_int_equal(approve(fx, "wang", id), 0);
}

static void test_any_deputy_decides_when_none_is_named(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	/* 工业科 names no deputy. */
	strcpy(id, fx_draft(fx, "liu", "工业科通知"));
	assert_int_equal(gk_flow_submit(fx->store, ME("liu"), id, &fx->err), 0);
	assert_int_equal(approve(fx, "sun", id), 0);
	assert_int_equal(approve(fx, "qian", id), 0);
	assert_at(fx, id, "review", 3);
}

static void test_nobody_decides_two_steps_of_the_same_item(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], zhou[GK_ID_HEX + 1];
	/* zhou heads 工业科 and is also a deputy. */
	assert_int_equal(gk_user_add(fx->store, ME("admin"), "zhou", "周某",
				     "工业科",
				     GK_ROLE_DEPT_HEAD | GK_ROLE_DEPUTY,
				     "password-zhou", zhou, &fx->err),
			 0);
	strcpy(id, fx_draft(fx, "liu", "工业科通知"));
	assert_int_equal(gk_flow_submit(fx->store, ME("liu"), id, &fx->err), 0);
	assert_int_equal(approve(fx, "zhou", id), 0);
	assert_refused(fx, approve(fx, "zhou", id), GK_EDENIED, "two steps");
	assert_false(in_queue(fx, "zhou", GK_QUEUE_REVIEW, id));
	assert_int_equal(approve(fx, "qian", id), 0);
}

static void test_a_decision_names_the_version_it_was_made_on(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_item item;
	strcpy(id, fx_submitted(fx, "通知"));
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	assert_int_equal(gk_flow_approve(fx->store, ME("li"), id, item.hash,
					 "同意", &fx->err),
			 0);
	struct gk_event *events;
	int n;
	assert_int_equal(gk_doc_history(fx->store, id, &events, &n, &fx->err),
			 0);
	assert_int_equal(n, 3);
	assert_string_equal(events[2].action, "approve");
	assert_string_equal(events[2].hash, item.hash);
	assert_int_equal(events[2].version, 1);
	gk_events_free(events, n);
	gk_item_free(&item);
}

static void test_a_decision_on_a_stale_version_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	const char *stale =
	    "0000000000000000000000000000000000000000000000000000000000000000";
	assert_refused(
	    fx, gk_flow_approve(fx->store, ME("li"), id, stale, NULL, &fx->err),
	    GK_EDENIED, "changed");
	assert_at(fx, id, "review", 1);
}

static void test_a_decision_takes_a_hash_prefix_of_8_or_more(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], prefix[17];
	struct gk_item item;
	strcpy(id, fx_submitted(fx, "通知"));
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	snprintf(prefix, sizeof prefix, "%.16s", item.hash);
	gk_item_free(&item);
	assert_refused(
	    fx,
	    gk_flow_approve(fx->store, ME("li"), id, "abcd", NULL, &fx->err),
	    GK_EINVAL, "at least 8");
	assert_refused(fx,
		       gk_flow_approve(fx->store, ME("li"), id, "zzzzzzzz",
				       NULL, &fx->err),
		       GK_EINVAL, "content hash");
	assert_int_equal(
	    gk_flow_approve(fx->store, ME("li"), id, prefix, NULL, &fx->err),
	    0);
	assert_at(fx, id, "review", 2);
}

static void test_return_needs_a_comment(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_refused(
	    fx, gk_flow_return(fx->store, ME("li"), id, NULL, "  ", &fx->err),
	    GK_EINVAL, "comment");
	assert_refused(
	    fx, gk_flow_return(fx->store, ME("li"), id, NULL, NULL, &fx->err),
	    GK_EINVAL, "comment");
	assert_at(fx, id, "review", 1);
}

static void test_return_sends_the_item_back_to_its_author(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(gk_flow_return(fx->store, ME("wang"), id, NULL,
					"请补充数据来源。", &fx->err),
			 0);
	assert_at(fx, id, "returned", 0);
	assert_true(in_queue(fx, "zhang", GK_QUEUE_RETURNED, id));
	struct gk_event *events;
	int n;
	assert_int_equal(gk_doc_history(fx->store, id, &events, &n, &fx->err),
			 0);
	assert_string_equal(events[n - 1].action, "return");
	assert_string_equal(events[n - 1].comment, "请补充数据来源。");
	assert_string_equal(events[n - 1].actor_login, "wang");
	assert_string_equal(events[n - 1].step_name, "分管负责人审核");
	gk_events_free(events, n);
}

static void test_editing_a_returned_item_starts_the_chain_over(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(approve(fx, "wang", id), 0);
	assert_int_equal(gk_flow_return(fx->store, ME("zhao"), id, NULL,
					"标题不规范", &fx->err),
			 0);
	struct gk_draft change = {.title = "关于全区工业经济运行情况的通报"};
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("zhang"), id, &change, &fx->err), 0);
	assert_at(fx, id, "draft", 0);
	assert_int_equal(gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
			 0);
	/* The old approvals of li and wang no longer count. */
	assert_at(fx, id, "review", 1);
	assert_false(in_queue(fx, "wang", GK_QUEUE_REVIEW, id));
	assert_refused(fx, approve(fx, "wang", id), GK_EDENIED,
		       "department head");
	fx_checklist_clear(fx, id, "li");
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(approve(fx, "wang", id), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_at(fx, id, "signed", 0);
}

static void test_only_the_author_or_an_admin_submits(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_draft(fx, "zhang", "通知"));
	assert_refused(fx, gk_flow_submit(fx->store, ME("li"), id, &fx->err),
		       GK_EDENIED, "张三");
	assert_at(fx, id, "draft", 0);
	assert_int_equal(gk_flow_submit(fx->store, ME("admin"), id, &fx->err),
			 0);
	assert_at(fx, id, "review", 1);
}

static void test_only_drafts_and_returned_items_are_submitted(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_refused(fx, gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
		       GK_EDENIED, "in review");
	fx_checklist_clear(fx, id, "li");
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(approve(fx, "wang", id), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_refused(fx, gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
		       GK_EDENIED, "signed off");
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "not in review");
}

static void test_an_item_without_a_body_is_not_submitted(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_draft d = {.title = "空白", .category = "政务公开"};
	assert_int_equal(
	    gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err), 0);
	assert_refused(fx, gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
		       GK_EDENIED, "body");
	/* Spaces, ideographic spaces and line ends are no body either. */
	struct gk_draft blank = {.body = " \n\t\u3000\u3000\n"};
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("zhang"), id, &blank, &fx->err), 0);
	assert_refused(fx, gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
		       GK_EDENIED, "body");
}

static void test_review_queue_holds_what_i_may_decide_now(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_true(in_queue(fx, "li", GK_QUEUE_REVIEW, id));
	assert_false(in_queue(fx, "sun", GK_QUEUE_REVIEW, id));
	assert_false(in_queue(fx, "wang", GK_QUEUE_REVIEW, id));
	assert_false(in_queue(fx, "zhang", GK_QUEUE_REVIEW, id));
	fx_checklist_clear(fx, id, "li");
	assert_int_equal(approve(fx, "li", id), 0);
	assert_false(in_queue(fx, "li", GK_QUEUE_REVIEW, id));
	assert_true(in_queue(fx, "wang", GK_QUEUE_REVIEW, id));
	assert_false(in_queue(fx, "qian", GK_QUEUE_REVIEW, id));
	assert_false(in_queue(fx, "zhao", GK_QUEUE_SIGNOFF, id));
	assert_int_equal(approve(fx, "wang", id), 0);
	assert_true(in_queue(fx, "zhao", GK_QUEUE_REVIEW, id));
	assert_true(in_queue(fx, "zhao", GK_QUEUE_SIGNOFF, id));
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_false(in_queue(fx, "zhao", GK_QUEUE_SIGNOFF, id));
	assert_true(in_queue(fx, "admin", GK_QUEUE_SIGNED, id));
}

static void test_all_items_are_those_i_may_see(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_draft(fx, "zhang", "综合科的草稿"));
	/* The author, a colleague of 综合科, the leaders, the publisher. */
	assert_true(in_queue(fx, "zhang", GK_QUEUE_ALL, id));
	assert_true(in_queue(fx, "chen", GK_QUEUE_ALL, id));
	assert_true(in_queue(fx, "wang", GK_QUEUE_ALL, id));
	assert_true(in_queue(fx, "zhao", GK_QUEUE_ALL, id));
	assert_true(in_queue(fx, "fang", GK_QUEUE_ALL, id));
	assert_true(in_queue(fx, "admin", GK_QUEUE_ALL, id));
	/* Not 工业科, until it is published. */
	assert_false(in_queue(fx, "liu", GK_QUEUE_ALL, id));
	assert_false(in_queue(fx, "sun", GK_QUEUE_ALL, id));
	int64_t n;
	assert_int_equal(gk_flow_queue_count(fx->store, fx_id(fx, "liu"),
					     GK_QUEUE_ALL, &n, &fx->err),
			 0);
	assert_int_equal(n, 0);
}

static void test_review_queue_agrees_with_the_rules(void **state)
{
	struct fx *fx = *state;
	static const char *const people[] = {"zhang", "li",   "chen", "wang",
					     "qian",  "zhao", "liu",  "sun"};
	char ids[4][GK_ID_HEX + 1];
	strcpy(ids[0], fx_submitted(fx, "一"));
	strcpy(ids[1], fx_submitted(fx, "二"));
	assert_int_equal(approve(fx, "li", ids[1]), 0);
	strcpy(ids[2], fx_draft(fx, "liu", "三"));
	assert_int_equal(gk_flow_submit(fx->store, ME("liu"), ids[2], &fx->err),
			 0);
	strcpy(ids[3], fx_draft(fx, "chen", "四"));
	assert_int_equal(
	    gk_flow_submit(fx->store, ME("chen"), ids[3], &fx->err), 0);
	for (size_t p = 0; p < sizeof people / sizeof people[0]; p++) {
		struct gk_user who;
		assert_int_equal(
		    gk_user_load(fx->store, people[p], 1, &who, &fx->err), 0);
		for (int i = 0; i < 4; i++) {
			struct gk_item item;
			assert_int_equal(
			    gk_doc_get(fx->store, ids[i], &item, &fx->err), 0);
			int may = gk_chain_may_decide(fx->store, &who, &item,
						      &fx->err) == 0;
			if (may !=
			    in_queue(fx, people[p], GK_QUEUE_REVIEW, ids[i]))
				fail_msg("%s, item %d: may decide %d, queue "
					 "disagrees",
					 people[p], i, may);
			gk_item_free(&item);
		}
	}
}

static void test_drafts_and_returned_queues_hold_my_own_items(void **state)
{
	struct fx *fx = *state;
	char mine[GK_ID_HEX + 1], theirs[GK_ID_HEX + 1];
	strcpy(mine, fx_draft(fx, "zhang", "我的草稿"));
	strcpy(theirs, fx_draft(fx, "liu", "别人的草稿"));
	assert_true(in_queue(fx, "zhang", GK_QUEUE_DRAFTS, mine));
	assert_false(in_queue(fx, "zhang", GK_QUEUE_DRAFTS, theirs));
	assert_false(in_queue(fx, "zhang", GK_QUEUE_RETURNED, mine));
	int64_t count;
	assert_int_equal(gk_flow_queue_count(fx->store, ME("zhang"),
					     GK_QUEUE_DRAFTS, &count, &fx->err),
			 0);
	assert_int_equal(count, 1);
}

static void test_queues_page_by_keyset_newest_first(void **state)
{
	struct fx *fx = *state;
	char ids[7][GK_ID_HEX + 1];
	for (int i = 0; i < 7; i++) {
		char title[32];
		fx->store->clock_ms =
		    1767225600000LL + i * 1000; /* 2026-01-01 */
		snprintf(title, sizeof title, "第%d号", i + 1);
		strcpy(ids[i], fx_draft(fx, "zhang", title));
	}
	struct gk_cursor cursor = {0}, next;
	int seen = 0, pages = 0;
	do {
		struct gk_queue_row *rows;
		int n;
		assert_int_equal(gk_flow_queue(fx->store, ME("zhang"),
					       GK_QUEUE_DRAFTS, cursor, 3,
					       &rows, &n, &next, &fx->err),
				 0);
		for (int i = 0; i < n; i++, seen++)
			assert_string_equal(rows[i].id, ids[6 - seen]);
		free(rows);
		cursor = next;
		pages++;
	} while (next.updated[0]);
	assert_int_equal(seen, 7);
	assert_int_equal(pages, 3);
}

/* The workstation feeds each page's cursor back in as the next one's
 * start, through one variable: every one of 1,000 items comes exactly
 * once, and the paging ends (it once began again at row 1). */
static void test_a_queue_of_1000_pages_to_its_end_each_item_once(void **state)
{
	struct fx *fx = *state;
	enum { ITEMS = 1000, PAGE = 100 };
	char(*ids)[GK_ID_HEX + 1] = calloc(ITEMS, sizeof *ids);
	assert_non_null(ids);
	/* Half share one millisecond: the cursor's id breaks the ties. */
	for (int i = 0; i < ITEMS; i++) {
		char title[32];
		fx->store->clock_ms = 1767225600000LL + (i < ITEMS / 2 ? 0 : i);
		snprintf(title, sizeof title, "第%d号", i + 1);
		strcpy(ids[i], fx_draft(fx, "zhang", title));
	}
	struct gk_cursor cursor = GK_CURSOR_START;
	int seen = 0, pages = 0;
	char *found = calloc(ITEMS, 1);
	assert_non_null(found);
	do {
		struct gk_queue_row *rows;
		int n;
		assert_int_equal(gk_flow_queue(fx->store, ME("zhang"),
					       GK_QUEUE_DRAFTS, cursor, PAGE,
					       &rows, &n, &cursor, &fx->err),
				 0);
		for (int i = 0; i < n; i++, seen++) {
			int k = 0;
			while (k < ITEMS && strcmp(ids[k], rows[i].id))
				k++;
			assert_true(k < ITEMS);
			if (found[k]++)
				fail_msg("item %d came twice (page %d)", k + 1,
					 pages + 1);
		}
		free(rows);
		assert_true(++pages <= ITEMS / PAGE + 1);
	} while (cursor.updated[0]);
	assert_int_equal(seen, ITEMS);
	free(found);
	free(ids);
}

/* The tabs of the workstation follow the roles: what each cast member
 * sees, one letter a queue in GK_QUEUES order (drafts, returned,
 * submitted, review, signoff, signed, all). */
static void test_which_queues_a_role_sees(void **state)
{
	struct fx *fx = *state;
	static const struct {
		const char *login, *shown;
	} want[] = {
	    {"zhang", "DRS---A"}, /* drafter */
	    {"li", "---V--A"},	  /* dept-head */
	    {"wang", "---V--A"},  /* deputy */
	    {"zhao", "---V-GA"},  /* director: signs off in his review queue */
	    {"fang", "----OGA"},  /* publisher */
	    {"chen", "DRSV--A"},  /* drafter + dept-head */
	    {"admin", "------A"},
	};
	static const char letters[] = "DRSVOGA";
	struct gk_step *steps;
	int nsteps;
	assert_int_equal(GK_QUEUE_COUNT, (int)sizeof letters - 1);
	assert_int_equal(gk_chain_steps(fx->store, &steps, &nsteps, &fx->err),
			 0);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct gk_user me;
		char shown[GK_QUEUE_COUNT + 1];
		assert_int_equal(
		    gk_user_load(fx->store, want[i].login, 1, &me, &fx->err),
		    0);
		for (int q = 0; q < GK_QUEUE_COUNT; q++)
			shown[q] = gk_queue_shown(&me, q, steps, nsteps)
				       ? letters[q]
				       : '-';
		shown[GK_QUEUE_COUNT] = '\0';
		if (strcmp(shown, want[i].shown))
			fail_msg("%s sees %s, not %s", want[i].login, shown,
				 want[i].shown);
	}
	free(steps);
}

static void test_every_queue_query_uses_an_index(void **state)
{
	struct fx *fx = *state;
	for (int q = 0; q < GK_QUEUE_COUNT; q++) {
		char sql[4096];
		sqlite3_stmt *st;
		snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s",
			 gk_queue_sql(q));
		assert_int_equal(
		    sqlite3_prepare_v2(fx->store->sql, sql, -1, &st, NULL),
		    SQLITE_OK);
		int used_index = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *detail =
			    (const char *)sqlite3_column_text(st, 3);
			if (strstr(detail, "TEMP B-TREE"))
				fail_msg("queue %s sorts in memory: %s",
					 gk_queue_key(q), detail);
			if (strncmp(detail, "SCAN", 4) == 0 &&
			    !strstr(detail, "INDEX"))
				fail_msg("queue %s scans a table: %s",
					 gk_queue_key(q), detail);
			if (strstr(detail, " i USING INDEX item_") ||
			    strstr(detail, " i USING COVERING INDEX item_"))
				used_index = 1;
		}
		sqlite3_finalize(st);
		if (!used_index)
			fail_msg("queue %s does not walk an item index",
				 gk_queue_key(q));
	}
}

static void test_history_lists_every_event_oldest_first(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通知"));
	assert_int_equal(
	    gk_flow_return(fx->store, ME("li"), id, NULL, "改", &fx->err), 0);
	struct gk_draft change = {.body = "新的正文。\n"};
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("zhang"), id, &change, &fx->err), 0);
	assert_int_equal(gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
			 0);
	struct gk_event *events;
	int n;
	assert_int_equal(gk_doc_history(fx->store, id, &events, &n, &fx->err),
			 0);
	static const char *const expect[] = {"create", "submit", "return",
					     "edit", "submit"};
	assert_int_equal(n, 5);
	for (int i = 0; i < n; i++)
		assert_string_equal(events[i].action, expect[i]);
	assert_int_equal(events[4].version, 2);
	assert_int_equal(events[4].round, 2);
	gk_events_free(events, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_submit_sends_a_draft_to_step_one),
	    T(test_three_approvals_by_three_people_sign_off),
	    T(test_sign_off_waits_for_the_confidentiality_review),
	    T(test_author_cannot_approve_own_item),
	    T(test_user_without_the_steps_role_cannot_decide),
	    T(test_head_of_another_department_cannot_decide_step_one),
	    T(test_only_the_named_deputy_decides_step_two),
	    T(test_any_deputy_decides_when_none_is_named),
	    T(test_nobody_decides_two_steps_of_the_same_item),
	    T(test_a_decision_names_the_version_it_was_made_on),
	    T(test_a_decision_on_a_stale_version_is_refused),
	    T(test_a_decision_takes_a_hash_prefix_of_8_or_more),
	    T(test_return_needs_a_comment),
	    T(test_return_sends_the_item_back_to_its_author),
	    T(test_editing_a_returned_item_starts_the_chain_over),
	    T(test_only_the_author_or_an_admin_submits),
	    T(test_only_drafts_and_returned_items_are_submitted),
	    T(test_an_item_without_a_body_is_not_submitted),
	    T(test_review_queue_holds_what_i_may_decide_now),
	    T(test_all_items_are_those_i_may_see),
	    T(test_review_queue_agrees_with_the_rules),
	    T(test_drafts_and_returned_queues_hold_my_own_items),
	    T(test_queues_page_by_keyset_newest_first),
	    T(test_a_queue_of_1000_pages_to_its_end_each_item_once),
	    T(test_which_queues_a_role_sees),
	    T(test_every_queue_query_uses_an_index),
	    T(test_history_lists_every_event_oldest_first),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
