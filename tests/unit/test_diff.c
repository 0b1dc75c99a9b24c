/* What changed between versions: the line diff, old versions, and the
 * version a reviewer last decided on. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "text.h"

#define ME(login) fx_id(fx, login)

/*
 * The diff of old and new written one line each as "<op> <text>\n", as
 * the CLI shows it; a line without its final newline is followed by "\\\n".
 * Checks that the ' ' and '-' lines give old back and the ' ' and '+'
 * lines new.  Caller frees.
 */
static char *diff_text(const char *old_text, const char *new_text)
{
	struct gk_diff_line *lines;
	struct gk_err err;
	int n;
	if (gk_diff_lines(old_text, new_text, &lines, &n, &err) < 0)
		fail_msg("diff: %s", err.msg);
	size_t cap = 4 * (strlen(old_text) + strlen(new_text)) + 16, used = 0;
	char *shown = malloc(cap), *sides[2];
	sides[0] = calloc(1, strlen(old_text) + 1);
	sides[1] = calloc(1, strlen(new_text) + 1);
	size_t side_len[2] = {0, 0};
	assert_non_null(shown);
	for (int i = 0; i < n; i++) {
		const struct gk_diff_line *l = &lines[i];
		assert_null(l->field);
		used += (size_t)snprintf(shown + used, cap - used,
					 "%c %.*s\n%s", l->op, (int)l->len,
					 l->text, l->no_newline ? "\\\n" : "");
		for (int s = 0; s < 2; s++)
			if (l->op == ' ' || l->op == (s ? '+' : '-')) {
				memcpy(sides[s] + side_len[s], l->text, l->len);
				side_len[s] += l->len;
				if (!l->no_newline)
					sides[s][side_len[s]++] = '\n';
			}
	}
	shown[used] = '\0';
	assert_string_equal(sides[0], old_text);
	assert_string_equal(sides[1], new_text);
	free(sides[0]);
	free(sides[1]);
	free(lines);
	return shown;
}

#define assert_diff(old_text, new_text, expected)                              \
	do {                                                                   \
		char *shown = diff_text((old_text), (new_text));               \
		assert_string_equal(shown, (expected));                        \
		free(shown);                                                   \
	} while (0)

static const char notice[] =
    "各镇（街道）、各有关企业：\n"
    "2026年1—10月，全区规模以上工业增加值同比增长6.5%。\n"
    "工业经济运行总体平稳。\n"
    "特此通报。\n";

static void test_identical_texts_give_only_unchanged_lines(void **state)
{
	(void)state;
	assert_diff(notice, notice,
		    "  各镇（街道）、各有关企业：\n"
		    "  2026年1—10月，全区规模以上工业增加值同比增长6.5%。\n"
		    "  工业经济运行总体平稳。\n"
		    "  特此通报。\n");
}

static void test_an_inserted_line_is_marked_plus(void **state)
{
	(void)state;
	assert_diff("第一条\n第三条\n", "第一条\n第二条\n第三条\n",
		    "  第一条\n+ 第二条\n  第三条\n");
	assert_diff("第一条\n", "第一条\n第二条\n", "  第一条\n+ 第二条\n");
	assert_diff("第二条\n", "第一条\n第二条\n", "+ 第一条\n  第二条\n");
}

static void test_a_deleted_line_is_marked_minus(void **state)
{
	(void)state;
	assert_diff("第一条\n第二条\n第三条\n", "第一条\n第三条\n",
		    "  第一条\n- 第二条\n  第三条\n");
}

static void
test_a_changed_line_in_chinese_text_is_its_old_then_its_new(void **state)
{
	(void)state;
	assert_diff(notice,
		    "各镇（街道）、各有关企业：\n"
		    "2026年1—10月，全区规模以上工业增加值同比增长7.1%。\n"
		    "工业经济运行总体平稳。\n"
		    "特此通报。\n",
		    "  各镇（街道）、各有关企业：\n"
		    "- 2026年1—10月，全区规模以上工业增加值同比增长6.5%。\n"
		    "+ 2026年1—10月，全区规模以上工业增加值同比增长7.1%。\n"
		    "  工业经济运行总体平稳。\n"
		    "  特此通报。\n");
}

static void test_an_empty_text_on_either_side_is_all_change(void **state)
{
	(void)state;
	assert_diff("", "", "");
	assert_diff("", "一\n二\n", "+ 一\n+ 二\n");
	assert_diff("一\n二\n", "", "- 一\n- 二\n");
	assert_diff("", "\n", "+ \n");
}

static void
test_a_last_line_without_newline_differs_from_one_with_it(void **state)
{
	(void)state;
	assert_diff("一\n二", "一\n二", "  一\n  二\n\\\n");
	assert_diff("一\n二", "一\n二\n", "  一\n- 二\n\\\n+ 二\n");
	assert_diff("一\n二", "一\n二\n三", "  一\n- 二\n\\\n+ 二\n+ 三\n\\\n");
}

static void test_crlf_text_is_normalized_before_it_is_compared(void **state)
{
	struct fx *fx = *state;
	const char crlf[] =
	    "各镇（街道）、各有关企业：\r\n"
	    "2026年1—10月，全区规模以上工业增加值同比增长6.5%。\r\n"
	    "工业经济运行总体平稳。\r\n"
	    "特此通报。\r\n";
	char *body;
	assert_int_equal(gk_text_to_utf8("UTF-8", crlf, strlen(crlf), "body",
					 &body, NULL, &fx->err),
			 0);
	struct gk_diff_line *lines;
	int n;
	assert_int_equal(gk_diff_lines(notice, body, &lines, &n, &fx->err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(gk_diff_changes(lines, n), 0);
	free(lines);
	free(body);
}

/* A body of n numbered lines, each line as the 通报 would have it. */
static char *long_body(int n, int changed_every, const char *change)
{
	char *body = malloc((size_t)n * 160 + 1), *p = body;
	for (int i = 0; i < n; i++)
		if (changed_every && i % changed_every == changed_every / 2)
			p += sprintf(p, "第%d条：%s\n", i, change);
		else
			p += sprintf(p,
				     "第%d条：全区规模以上工业增加值同比增长"
				     "%d.%d%%，运行总体平稳。\n",
				     i, i % 10, i % 7);
	return body;
}

static void
test_a_5000_line_body_with_a_few_changes_shows_just_those(void **state)
{
	(void)state;
	char *old_body = long_body(5000, 0, NULL);
	char *new_body = long_body(5000, 1000, "本条已修改。");
	/* Lines 500, 1500, …, 4500 changed; also one inserted at the top
	 * and the last one deleted. */
	size_t last = strlen(new_body) - 2;
	while (new_body[last] != '\n')
		last--;
	new_body[last + 1] = '\0';
	char *with_head = malloc(strlen(new_body) + 32);
	sprintf(with_head, "新增的第一行。\n%s", new_body);
	struct gk_diff_line *lines;
	struct gk_err err;
	int n;
	assert_int_equal(gk_diff_lines(old_body, with_head, &lines, &n, &err),
			 0);
	assert_int_equal(gk_diff_changes(lines, n), 1 + 5 * 2 + 1);
	assert_int_equal(n, 5000 + 1 + 5);
	assert_int_equal(lines[0].op, '+');
	assert_int_equal(lines[n - 1].op, '-');
	int minus_at = -1;
	for (int i = 1; i < n - 1; i++)
		if (lines[i].op == '-') {
			minus_at = i;
			break;
		}
	/* Old line 500 is the 502nd line shown: after the inserted one. */
	assert_int_equal(minus_at, 501);
	assert_int_equal(lines[minus_at + 1].op, '+');
	assert_true(strncmp(lines[minus_at + 1].text, "第500条：本条已修改。",
			    lines[minus_at + 1].len) == 0);
	free(lines);
	free(diff_text(old_body, with_head)); /* gives both texts back */
	free(with_head);
	free(old_body);
	free(new_body);
}

/* The length of a longest common subsequence of lines, by the table. */
static int common_lines(const char *a, int na, const char *b, int nb)
{
	int *row = calloc((size_t)(nb + 1) * 2, sizeof *row);
	for (int i = na - 1; i >= 0; i--) {
		int *cur = row + ((i & 1) ? nb + 1 : 0);
		int *next = row + ((i & 1) ? 0 : nb + 1);
		cur[nb] = 0;
		for (int j = nb - 1; j >= 0; j--)
			cur[j] = a[i] == b[j]		? 1 + next[j + 1]
				 : next[j] > cur[j + 1] ? next[j]
							: cur[j + 1];
	}
	int best = row[0];
	free(row);
	return best;
}

static void test_random_texts_diff_to_a_shortest_edit_script(void **state)
{
	(void)state;
	srand(2026);
	for (int t = 0; t < 3000; t++) {
		char a[64], b[64], old_text[128], new_text[128];
		int alphabet = 1 + rand() % 4;
		int na = rand() % 40, nb = rand() % 40;
		for (int i = 0; i < na; i++)
			a[i] = (char)('a' + rand() % alphabet);
		for (int j = 0; j < nb; j++)
			b[j] = (char)('a' + rand() % alphabet);
		for (int i = 0; i < na; i++)
			old_text[2 * i] = a[i], old_text[2 * i + 1] = '\n';
		for (int j = 0; j < nb; j++)
			new_text[2 * j] = b[j], new_text[2 * j + 1] = '\n';
		old_text[2 * na] = new_text[2 * nb] = '\0';
		char *shown = diff_text(old_text, new_text);
		int unchanged = 0;
		for (const char *p = shown; *p; p = strchr(p, '\n') + 1)
			unchanged += *p == ' ';
		assert_int_equal(unchanged, common_lines(a, na, b, nb));
		free(shown);
	}
}

static void test_a_rewrite_of_a_huge_table_still_diffs_correctly(void **state)
{
	(void)state;
	/* 100,000 lines of two-digit numbers on each side, unrelated: more
	 * work than the search may do, so it gives up on part of it; the
	 * result must still give both texts back. */
	char *old_text = malloc(100000 * 3 + 1),
	     *new_text = malloc(100000 * 3 + 1);
	char *p = old_text, *q = new_text;
	srand(4);
	for (int i = 0; i < 100000; i++) {
		p += sprintf(p, "%02d\n", rand() % 100);
		q += sprintf(q, "%02d\n", rand() % 100);
	}
	char *shown = diff_text(old_text, new_text);
	free(shown);
	free(old_text);
	free(new_text);
}

static void test_texts_with_too_many_lines_are_refused(void **state)
{
	struct fx *fx = *state;
	char *blank = malloc(GK_DIFF_MAX_LINES + 1);
	memset(blank, '\n', GK_DIFF_MAX_LINES);
	blank[GK_DIFF_MAX_LINES] = '\0';
	struct gk_diff_line *lines;
	int n;
	assert_int_equal(gk_diff_lines(blank, "", &lines, &n, &fx->err), 0);
	assert_int_equal(n, GK_DIFF_MAX_LINES);
	free(lines);
	assert_refused(fx, gk_diff_lines(blank, "\n", &lines, &n, &fx->err),
		       GK_EINVAL, "too many");
	assert_null(lines);
	assert_int_equal(n, 0);
	free(blank);
}

static void test_gk_doc_version_returns_old_content_after_an_edit(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], first_hash[GK_HASH_HEX + 1];
	struct gk_item item;
	strcpy(id, fx_draft(fx, "zhang", "初稿"));
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	strcpy(first_hash, item.hash);
	gk_item_free(&item);
	struct gk_draft change = {.title = "二稿",
				  .doc_no = "川经信发〔2026〕12号",
				  .body = "新正文。\n"};
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("zhang"), id, &change, &fx->err), 0);

	assert_int_equal(gk_doc_version(fx->store, id, 1, &item, &fx->err), 0);
	assert_int_equal(item.version, 1);
	assert_string_equal(item.title, "初稿");
	assert_string_equal(item.doc_no, "");
	assert_string_equal(
	    item.body, "2026年1—10月，全区规模以上工业增加值同比增长6.5%。\n");
	assert_string_equal(item.hash, first_hash);
	assert_string_equal(item.category, "工业经济");
	assert_string_equal(item.author_login, "zhang");
	gk_item_free(&item);

	assert_int_equal(gk_doc_version(fx->store, id, 2, &item, &fx->err), 0);
	assert_string_equal(item.title, "二稿");
	assert_string_equal(item.body, "新正文。\n");
	gk_item_free(&item);

	assert_refused(fx, gk_doc_version(fx->store, id, 3, &item, &fx->err),
		       GK_ENOTFOUND, "latest version is 2");
	assert_refused(fx, gk_doc_version(fx->store, id, 0, &item, &fx->err),
		       GK_ENOTFOUND, "no version 0");
	assert_refused(fx,
		       gk_doc_version(fx->store,
				      "0123456789abcdef0123456789abcdef", 1,
				      &item, &fx->err),
		       GK_ENOTFOUND, "No item");
}

static void
test_last_decided_follows_a_return_an_edit_and_a_resubmission(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	int version = -1;
	strcpy(id, fx_submitted(fx, "送审稿"));
	assert_int_equal(
	    gk_flow_last_decided(fx->store, id, ME("li"), &version, &fx->err),
	    0);
	assert_int_equal(version, 0);

	assert_int_equal(gk_flow_return(fx->store, ME("li"), id, NULL,
					"请核对数据。", &fx->err),
			 0);
	assert_int_equal(
	    gk_flow_last_decided(fx->store, id, ME("li"), &version, &fx->err),
	    0);
	assert_int_equal(version, 1);

	struct gk_draft change = {.body = "核对后的正文。\n"};
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("zhang"), id, &change, &fx->err), 0);
	assert_int_equal(gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
			 0);
	assert_int_equal(
	    gk_flow_last_decided(fx->store, id, ME("li"), &version, &fx->err),
	    0);
	assert_int_equal(version, 1); /* the return, not the new version */

	assert_int_equal(
	    gk_flow_approve(fx->store, ME("li"), id, NULL, NULL, &fx->err), 0);
	assert_int_equal(
	    gk_flow_last_decided(fx->store, id, ME("li"), &version, &fx->err),
	    0);
	assert_int_equal(version, 2);
	/* The author and the next reviewer never decided on it. */
	assert_int_equal(gk_flow_last_decided(fx->store, id, ME("zhang"),
					      &version, &fx->err),
			 0);
	assert_int_equal(version, 0);
	assert_int_equal(
	    gk_flow_last_decided(fx->store, id, ME("wang"), &version, &fx->err),
	    0);
	assert_int_equal(version, 0);
}

static void
test_changed_metadata_comes_first_labelled_with_its_field(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_item v1, v2;
	strcpy(id, fx_draft(fx, "zhang", "初稿"));
	struct gk_draft change = {.title = "二稿",
				  .doc_no = "川经信发〔2026〕12号",
				  .attr = "on-request",
				  .body = "2026年1—10月，全区规模以上工业增加值"
					  "同比增长7.1%。\n"};
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("zhang"), id, &change, &fx->err), 0);
	assert_int_equal(gk_doc_version(fx->store, id, 1, &v1, &fx->err), 0);
	assert_int_equal(gk_doc_version(fx->store, id, 2, &v2, &fx->err), 0);
	struct gk_diff_line *lines;
	int n;
	assert_int_equal(gk_diff_item(&v1, &v2, &lines, &n, &fx->err), 0);
	/* Title -/+, 文号 + only (it was empty), 公开属性 -/+, body -/+;
	 * the 栏目 did not change. */
	assert_int_equal(n, 7);
	const char *expected[][3] = {
	    {"-", "Title", "初稿"},
	    {"+", "Title", "二稿"},
	    {"+", "Document number", "川经信发〔2026〕12号"},
	    {"-", "Disclosure", gk_attr_label("active")},
	    {"+", "Disclosure", gk_attr_label("on-request")},
	};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(lines[i].op, expected[i][0][0]);
		assert_string_equal(lines[i].field, expected[i][1]);
		assert_int_equal(lines[i].len, strlen(expected[i][2]));
		assert_memory_equal(lines[i].text, expected[i][2],
				    lines[i].len);
	}
	assert_int_equal(lines[5].op, '-');
	assert_null(lines[5].field);
	assert_int_equal(lines[6].op, '+');
	assert_null(lines[6].field);
	free(lines);

	assert_int_equal(gk_diff_item(&v2, &v2, &lines, &n, &fx->err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(gk_diff_changes(lines, n), 0);
	free(lines);
	gk_item_free(&v1);
	gk_item_free(&v2);
}

static void test_the_changed_part_of_a_line_is_found_by_character(void **state)
{
	size_t start, end;
	const char *a = "预计投资一百二十万元。", *b = "预计投资一百万元。";
	(void)state;
	gk_diff_span(a, strlen(a), b, strlen(b), &start, &end);
	assert_int_equal(start, strlen("预计投资一百"));
	assert_int_equal(end, strlen("万元。"));
	/* Characters that share their first bytes are not split. */
	a = "甲";
	b = "田"; /* E7 94 B2 and E7 94 B0 */
	gk_diff_span(a, strlen(a), b, strlen(b), &start, &end);
	assert_int_equal(start, 0);
	assert_int_equal(end, 0);
	/* A repeated letter: the shared parts do not overlap. */
	gk_diff_span("aa", 2, "aaa", 3, &start, &end);
	assert_int_equal(start, 2);
	assert_int_equal(end, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_the_changed_part_of_a_line_is_found_by_character),
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_identical_texts_give_only_unchanged_lines),
	    T(test_an_inserted_line_is_marked_plus),
	    T(test_a_deleted_line_is_marked_minus),
	    T(test_a_changed_line_in_chinese_text_is_its_old_then_its_new),
	    T(test_an_empty_text_on_either_side_is_all_change),
	    T(test_a_last_line_without_newline_differs_from_one_with_it),
	    T(test_crlf_text_is_normalized_before_it_is_compared),
	    T(test_a_5000_line_body_with_a_few_changes_shows_just_those),
	    T(test_random_texts_diff_to_a_shortest_edit_script),
	    T(test_a_rewrite_of_a_huge_table_still_diffs_correctly),
	    T(test_texts_with_too_many_lines_are_refused),
	    T(test_gk_doc_version_returns_old_content_after_an_edit),
	    T(test_last_decided_follows_a_return_an_edit_and_a_resubmission),
	    T(test_changed_metadata_comes_first_labelled_with_its_field),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
