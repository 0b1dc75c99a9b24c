/* Items and their versions: writing, editing, checking, finding by prefix. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ME(login) fx_id(fx, login)

static void test_a_drafter_writes_an_item_in_their_department(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_draft d = {
	    .title = "关于印发《淄川区工业企业技术改造扶持办法》的通知",
	    .category = "政务公开",
	    .doc_no = "川经信发〔2026〕12号",
	    .body = "各镇（街道）、各有关企业：\n现将办法印发给你们。\n"};
	struct gk_item item;
	assert_int_equal(
	    gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err), 0);
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	assert_string_equal(item.title, d.title);
	assert_string_equal(item.doc_no, d.doc_no);
	assert_string_equal(item.body, d.body);
	assert_string_equal(item.category, "政务公开");
	assert_string_equal(item.attr, "active");
	assert_string_equal(item.dept_name, "综合科");
	assert_string_equal(item.author_login, "zhang");
	assert_string_equal(item.state, "draft");
	assert_int_equal(item.version, 1);
	assert_int_equal(strlen(item.hash), GK_HASH_HEX);
	gk_item_free(&item);
}

static void test_writing_an_item_needs_the_drafter_role(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_draft d = {.title = "通知", .category = "政务公开"};
	assert_refused(fx, gk_doc_create(fx->store, ME("li"), &d, id, &fx->err),
		       GK_EDENIED, "drafter");
}

static void
test_an_unknown_category_is_refused_naming_the_valid_ones(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_draft d = {.title = "通知", .category = "不存在的栏目"};
	assert_refused(fx,
		       gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err),
		       GK_ENOTFOUND, "经信动态");
}

static void
test_the_disclosure_attribute_takes_keys_or_chinese_names(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_item item;
	struct gk_draft d = {
	    .title = "通知", .category = "政务公开", .attr = "依申请公开"};
	assert_int_equal(
	    gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err), 0);
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	assert_string_equal(item.attr, "on-request");
	gk_item_free(&item);
	d.attr = "secret";
	assert_refused(fx,
		       gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err),
		       GK_EINVAL, "secret");
}

static void
test_a_title_is_one_non_empty_line_of_at_most_200_characters(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], title[1024] = "";
	struct gk_draft d = {.title = "", .category = "政务公开"};
	assert_refused(fx,
		       gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err),
		       GK_EINVAL, "title");
	d.title = "第一行\n第二行";
	assert_refused(fx,
		       gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err),
		       GK_EINVAL, "one line");
	for (int i = 0; i < 200; i++)
		strcat(title, "公");
	d.title = title;
	assert_int_equal(
	    gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err), 0);
	strcat(title, "开");
	assert_refused(fx,
		       gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err),
		       GK_EINVAL, "200");
}

static void
test_a_body_that_is_not_utf8_is_refused_with_its_offset(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	/* "公开" in GBK is not UTF-8. */
	struct gk_draft d = {.title = "通知",
			     .category = "政务公开",
			     .body = "正文\xb9\xab\xbf\xaa"};
	assert_refused(fx,
		       gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err),
		       GK_EINVAL, "byte offset 6");
}

static void test_an_edit_makes_a_new_immutable_version(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], first_hash[GK_HASH_HEX + 1];
	struct gk_item item;
	strcpy(id, fx_draft(fx, "zhang", "初稿"));
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	strcpy(first_hash, item.hash);
	gk_item_free(&item);
	struct gk_draft change = {.title = "二稿", .body = "修改后的正文。\n"};
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("zhang"), id, &change, &fx->err), 0);
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	assert_int_equal(item.version, 2);
	assert_string_equal(item.title, "二稿");
	assert_string_not_equal(item.hash, first_hash);
	assert_string_equal(item.category,
			    "工业经济"); /* unchanged fields stay */
	gk_item_free(&item);
	/* Version 1 is still there, and cannot be changed. */
	sqlite3_stmt *st;
	assert_int_equal(gk_store_row(fx->store, &fx->err, &st,
				      "SELECT title, hash FROM item_version "
				      "WHERE item_id = ? AND n = 1",
				      "t", id),
			 1);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "初稿");
	assert_string_equal((const char *)sqlite3_column_text(st, 1),
			    first_hash);
	sqlite3_finalize(st);
	assert_int_not_equal(sqlite3_exec(fx->store->sql,
					  "UPDATE item_version SET title = 'x'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
}

static void test_an_edit_that_changes_nothing_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_draft(fx, "zhang", "初稿"));
	struct gk_draft same = {.title = "初稿"};
	assert_refused(fx,
		       gk_doc_edit(fx->store, ME("zhang"), id, &same, &fx->err),
		       GK_EINVAL, "Nothing changed");
}

static void test_only_the_author_or_an_admin_edits(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_draft(fx, "zhang", "初稿"));
	struct gk_draft change = {.title = "别人改的"};
	assert_refused(fx,
		       gk_doc_edit(fx->store, ME("li"), id, &change, &fx->err),
		       GK_EDENIED, "author");
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("admin"), id, &change, &fx->err), 0);
}

static void test_an_item_in_review_cannot_be_edited(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "送审稿"));
	struct gk_draft change = {.title = "偷偷改"};
	assert_refused(
	    fx, gk_doc_edit(fx->store, ME("zhang"), id, &change, &fx->err),
	    GK_EDENIED, "in review");
}

static void test_an_id_prefix_resolves_like_a_git_commit(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], found[GK_ID_HEX + 1], prefix[8], upper[8];
	strcpy(id, fx_draft(fx, "zhang", "通知"));
	snprintf(prefix, sizeof prefix, "%.6s", id);
	assert_int_equal(gk_doc_resolve(fx->store, prefix, found, &fx->err), 0);
	assert_string_equal(found, id);
	for (int i = 0; i < 7; i++)
		upper[i] =
		    (char)(prefix[i] >= 'a' ? prefix[i] - 32 : prefix[i]);
	assert_int_equal(gk_doc_resolve(fx->store, upper, found, &fx->err), 0);
	assert_string_equal(found, id);
	assert_refused(fx, gk_doc_resolve(fx->store, "abc", found, &fx->err),
		       GK_EINVAL, "at least 4");
	assert_refused(fx,
		       gk_doc_resolve(fx->store, "公开公开", found, &fx->err),
		       GK_EINVAL, "0-9");
}

static void test_an_ambiguous_or_unknown_prefix_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], found[GK_ID_HEX + 1];
	strcpy(id, fx_draft(fx, "zhang", "通知"));
	/* Two more items whose ids share the prefix abcd. */
	for (int i = 0; i < 2; i++)
		assert_int_equal(
		    gk_store_exec(
			fx->store, &fx->err,
			"INSERT INTO item SELECT ? || substr(id, 6), "
			"author_id, dept_id, state, step, round, "
			"version_id, created, updated, corrects_id FROM item "
			"WHERE id = ?",
			"tt", i ? "abcd1" : "abcd0", id),
		    0);
	assert_refused(fx, gk_doc_resolve(fx->store, "abcd", found, &fx->err),
		       GK_EINVAL, "More than one");
	assert_int_equal(gk_doc_resolve(fx->store, "abcd1", found, &fx->err),
			 0);
	assert_refused(fx,
		       gk_doc_resolve(fx->store, "ffffffff", found, &fx->err),
		       GK_ENOTFOUND, "ffffffff");
}

/* What each state allows comes from one table: a draft and a returned
 * item may be edited, only a review step holds an item in review, a
 * signed-off item waits to be published, a published or withdrawn one is
 * public.  A key that is no state allows nothing. */
static void test_each_state_allows_what_its_rule_columns_say(void **state)
{
	(void)state;
	static const struct {
		const char *key;
		int editable, in_review, signed_off, public;
	} want[] = {
	    {"draft", 1, 0, 0, 0},     {"review", 0, 1, 0, 0},
	    {"returned", 1, 0, 0, 0},  {"signed", 0, 0, 1, 0},
	    {"published", 0, 0, 0, 1}, {"withdrawn", 0, 0, 0, 1},
	    {"Draft", 0, 0, 0, 0},     {"", 0, 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const char *k = want[i].key;
		assert_int_equal(gk_state_editable(k), want[i].editable);
		assert_int_equal(gk_state_in_review(k), want[i].in_review);
		assert_int_equal(gk_state_signed_off(k), want[i].signed_off);
		assert_int_equal(gk_state_public(k), want[i].public);
		int s = gk_state_parse(k);
		if (i < 6)
			assert_string_equal(gk_state_key(s), k);
		else
			assert_int_equal(s, -1);
	}
	assert_int_equal(gk_state_parse(NULL), -1);
	assert_true(gk_event_is_decision("approve"));
	assert_true(gk_event_is_decision("return"));
	assert_false(gk_event_is_decision("submit"));
	assert_false(gk_event_is_decision("redact"));
	assert_int_equal(gk_event_parse("coverage"), GK_EVENT_COVERAGE);
	assert_int_equal(gk_event_parse("sign"), -1);
}

/* The workstation offers an edit exactly when the core would take it. */
static void test_may_edit_says_what_an_edit_would_meet(void **state)
{
	struct fx *fx = *state;
	struct gk_user zhang, liu, admin;
	struct gk_item item;
	char id[GK_ID_HEX + 1];
	assert_int_equal(gk_user_load(fx->store, "zhang", 1, &zhang, &fx->err),
			 0);
	assert_int_equal(gk_user_load(fx->store, "liu", 1, &liu, &fx->err), 0);
	assert_int_equal(gk_user_load(fx->store, "admin", 1, &admin, &fx->err),
			 0);
	strcpy(id, fx_draft(fx, "zhang", "关于可编辑规则的说明"));
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	assert_int_equal(gk_doc_may_edit(&zhang, &item, &fx->err), 0);
	assert_int_equal(gk_doc_may_edit(&admin, &item, &fx->err), 0);
	assert_refused(fx, gk_doc_may_edit(&liu, &item, &fx->err), GK_EDENIED,
		       "Only the author");
	gk_item_free(&item);
	struct gk_draft changes = {.title = "改过的标题"};
	assert_refused(fx,
		       gk_doc_edit(fx->store, liu.id, id, &changes, &fx->err),
		       GK_EDENIED, "Only the author");

	assert_int_equal(gk_flow_submit(fx->store, zhang.id, id, &fx->err), 0);
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	assert_refused(fx, gk_doc_may_edit(&zhang, &item, &fx->err), GK_EDENIED,
		       "Only drafts and returned items");
	gk_item_free(&item);
	assert_refused(fx,
		       gk_doc_edit(fx->store, zhang.id, id, &changes, &fx->err),
		       GK_EDENIED, "Only drafts and returned items");
}

/* R on the item screen: a drafter corrects a published item, nobody
 * corrects a draft, and a reviewer without the drafter role corrects
 * nothing; the core's correction says the same. */
static void test_may_correct_a_published_item_as_a_drafter_only(void **state)
{
	struct fx *fx = *state;
	struct gk_user zhang, li;
	struct gk_item item;
	char published[GK_ID_HEX + 1], draft[GK_ID_HEX + 1], out[GK_ID_HEX + 1];
	assert_int_equal(gk_user_load(fx->store, "zhang", 1, &zhang, &fx->err),
			 0);
	assert_int_equal(gk_user_load(fx->store, "li", 1, &li, &fx->err), 0);
	strcpy(published,
	       fx_published(fx, "关于更正规则的公告", "正文。", NULL));
	strcpy(draft, fx_draft(fx, "zhang", "一份草稿"));

	assert_int_equal(gk_doc_get(fx->store, published, &item, &fx->err), 0);
	assert_int_equal(gk_doc_may_correct(&zhang, &item, &fx->err), 0);
	assert_refused(fx, gk_doc_may_correct(&li, &item, &fx->err), GK_EDENIED,
		       "drafter");
	gk_item_free(&item);
	assert_int_equal(gk_doc_get(fx->store, draft, &item, &fx->err), 0);
	assert_refused(fx, gk_doc_may_correct(&zhang, &item, &fx->err),
		       GK_EDENIED, "Only a published item");
	gk_item_free(&item);
	struct gk_draft d = {.title = "更正", .category = "工业经济"};
	assert_refused(fx,
		       gk_doc_create_correction(fx->store, zhang.id, &d, draft,
						out, &fx->err),
		       GK_EDENIED, "Only a published item");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_a_drafter_writes_an_item_in_their_department),
	    T(test_writing_an_item_needs_the_drafter_role),
	    T(test_an_unknown_category_is_refused_naming_the_valid_ones),
	    T(test_the_disclosure_attribute_takes_keys_or_chinese_names),
	    T(test_a_title_is_one_non_empty_line_of_at_most_200_characters),
	    T(test_a_body_that_is_not_utf8_is_refused_with_its_offset),
	    T(test_an_edit_makes_a_new_immutable_version),
	    T(test_an_edit_that_changes_nothing_is_refused),
	    T(test_only_the_author_or_an_admin_edits),
	    T(test_an_item_in_review_cannot_be_edited),
	    T(test_an_id_prefix_resolves_like_a_git_commit),
	    T(test_an_ambiguous_or_unknown_prefix_is_refused),
	    T(test_each_state_allows_what_its_rule_columns_say),
	    T(test_may_edit_says_what_an_edit_would_meet),
	    T(test_may_correct_a_published_item_as_a_drafter_only),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
