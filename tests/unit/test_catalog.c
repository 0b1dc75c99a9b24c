/*
 * The catalog (catalog.h): search over items with Chinese text, who finds
 * what, the catalog's list with its filters and orders, and its exports
 * (CSV, GB18030/GBK, HTML, TSV).
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"

#define ME(login) fx_id(fx, login)

/* A new draft by login; its id in a static buffer that the next call
 * overwrites. */
static const char *draft(struct fx *fx, const char *login, const char *title,
			 const char *body, const char *doc_no)
{
	static char id[GK_ID_HEX + 1];
	struct gk_draft d = {.title = title,
			     .category = "工业经济",
			     .body = body,
			     .doc_no = doc_no};
	if (gk_doc_create(fx->store, ME(login), &d, id, &fx->err) < 0)
		fail_msg("draft by %s: %s", login, fx->err.msg);
	return id;
}

/* Search as login (all items login may see), expecting success. */
static int search(struct fx *fx, const char *login, const char *query,
		  struct gk_search_hit **hits)
{
	int n;
	if (gk_search(fx->store, ME(login), query, 0, 100, hits, &n, &fx->err) <
	    0)
		fail_msg("search %s as %s: %s", query, login, fx->err.msg);
	return n;
}

/* How many hits login gets for query. */
static int hits_for(struct fx *fx, const char *login, const char *query)
{
	struct gk_search_hit *hits;
	int n = search(fx, login, query, &hits);
	gk_search_free(hits, n);
	return n;
}

/* 1 when item id is among the hits login gets for query. */
static int finds(struct fx *fx, const char *login, const char *query,
		 const char *id, int published_only)
{
	struct gk_search_hit *hits;
	int n, found = 0;
	if (gk_search(fx->store, ME(login), query, published_only, 1000, &hits,
		      &n, &fx->err) < 0)
		fail_msg("search %s as %s: %s", query, login, fx->err.msg);
	for (int i = 0; i < n; i++)
		found |= strcmp(hits[i].item_id, id) == 0;
	gk_search_free(hits, n);
	return found;
}

/* The context with the marks written as [ and ], for comparing. */
static char *shown(const char *context)
{
	char *s = strdup(context);
	for (char *p = s; *p; p++)
		if (*p == GK_MATCH_ON[0])
			*p = '[';
		else if (*p == GK_MATCH_OFF[0])
			*p = ']';
	return s;
}

static void assert_context(const struct gk_search_hit *hit, const char *field,
			   const char *expected)
{
	char *s = shown(hit->context);
	if (strcmp(hit->field, field) != 0 || strcmp(s, expected) != 0)
		fail_msg("context %s \"%s\", expected %s \"%s\"", hit->field, s,
			 field, expected);
	free(s);
}

/* Items as the bureau writes them. */
static const char title_meeting[] = "区经信局召开全区工业经济运行调度会";
static const char body_meeting[] =
    "3月5日，区经信局召开全区工业经济运行调度会，通报1—2月份全区工业经济运行"
    "情况，分析当前企业生产经营中存在的困难和问题。\n"
    "会议要求，各镇（街道）要加强运行监测，帮助企业解决用工、融资等实际困难。";
static const char title_funds[] = "关于下达2026年度工业转型升级专项资金的通知";
static const char body_funds[] =
    "各有关企业：\n"
    "根据《淄川区工业转型升级专项资金管理办法》（淄经信发〔2026〕12号），"
    "现将2026年度专项资金下达给你们，请按规定用途使用。\n"
    "附件：2026年度工业转型升级专项资金分配表\n";
static const char title_5g[] = "全区5G基站建设推进情况";
static const char body_5g[] =
    "截至10月底，全区累计建成5G基站1260个，重点企业ERP系统上云率达到85%。";

/* ---- search ------------------------------------------------------------- */

static void test_a_two_character_word_is_found(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	char id[GK_ID_HEX + 1];
	strcpy(id, draft(fx, "zhang", title_meeting, body_meeting, NULL));
	draft(fx, "zhang", title_5g, body_5g, NULL);
	int n = search(fx, "zhang", "经信", &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].item_id, id);
	assert_string_equal(hits[0].state, "draft");
	assert_string_equal(hits[0].index_no, "");
	assert_string_equal(hits[0].title, title_meeting);
	assert_context(&hits[0], "title",
		       "区[经信]局召开全区工业经济运行调度会");
	gk_search_free(hits, n);
}

static void test_three_or_more_characters_use_the_index(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	char id[GK_ID_HEX + 1];
	strcpy(id, draft(fx, "zhang", title_meeting, body_meeting, NULL));
	draft(fx, "zhang", title_funds, body_funds, NULL);
	int n = search(fx, "zhang", "调度会", &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].item_id, id);
	gk_search_free(hits, n);
	/* A word in the body only. */
	n = search(fx, "zhang", "用工、融资", &hits);
	assert_int_equal(n, 1);
	assert_context(
	    &hits[0], "body",
	    "…各镇（街道）要加强运行监测，帮助企业解决[用工、融资]等实际困难"
	    "。");
	gk_search_free(hits, n);
	assert_int_equal(hits_for(fx, "zhang", "工业经济"), 1);
	assert_int_equal(hits_for(fx, "zhang", "专项资金"), 1);
}

static void test_a_doc_no_with_brackets_is_found(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	char id[GK_ID_HEX + 1];
	strcpy(id, draft(fx, "zhang", title_funds, "现予下达。",
			 "淄经信发〔2026〕12号"));
	draft(fx, "zhang", "关于2025年度专项资金的通知", "现予下达。",
	      "淄经信发〔2025〕12号");
	int n = search(fx, "zhang", "〔2026〕12", &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].item_id, id);
	assert_context(&hits[0], "doc_no", "淄经信发[〔2026〕12]号");
	gk_search_free(hits, n);
	n = search(fx, "zhang", "淄经信发〔2026〕12号", &hits);
	assert_int_equal(n, 1);
	assert_context(&hits[0], "doc_no", "[淄经信发〔2026〕12号]");
	gk_search_free(hits, n);
	assert_int_equal(hits_for(fx, "zhang", "淄经信发"), 2);
}

static void test_ascii_in_chinese_text_is_found_in_any_case(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	draft(fx, "zhang", title_5g, body_5g, NULL);
	draft(fx, "zhang", title_meeting, body_meeting, NULL);
	assert_int_equal(hits_for(fx, "zhang", "5G基站"), 1);
	assert_int_equal(hits_for(fx, "zhang", "5g基站"), 1);
	assert_int_equal(hits_for(fx, "zhang", "5g"), 1);
	int n = search(fx, "zhang", "erp", &hits);
	assert_int_equal(n, 1);
	assert_context(
	    &hits[0], "body",
	    "…全区累计建成5G基站1260个，重点企业[ERP]系统上云率达到85%"
	    "。");
	gk_search_free(hits, n);
	assert_int_equal(hits_for(fx, "zhang", "Erp系统"), 1);
}

static void test_a_single_character_is_found(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	draft(fx, "zhang", title_meeting, body_meeting, NULL);
	draft(fx, "zhang", title_5g, body_5g, NULL);
	draft(fx, "zhang", title_funds, body_funds, NULL);
	assert_int_equal(hits_for(fx, "zhang", "局"), 1);
	assert_int_equal(hits_for(fx, "zhang", "区"), 3);
	int n = search(fx, "zhang", "站", &hits);
	assert_int_equal(n, 1);
	assert_context(&hits[0], "title", "全区5G基[站]建设推进情况");
	gk_search_free(hits, n);
}

static void test_no_match_is_no_hits_not_an_error(void **state)
{
	struct fx *fx = *state;
	draft(fx, "zhang", title_meeting, body_meeting, NULL);
	assert_int_equal(hits_for(fx, "zhang", "量子计算"), 0);
	assert_int_equal(hits_for(fx, "zhang", "鲸"), 0);
	assert_int_equal(hits_for(fx, "zhang", "经信 鲸"), 0);
	assert_int_equal(hits_for(fx, "zhang", "xyz"), 0);
}

/* A title match ranks before a body match, however many times the body
 * repeats the word, in both the index and the LIKE search. */
static void test_a_title_match_ranks_before_a_body_match(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	char in_body[GK_ID_HEX + 1], in_title[GK_ID_HEX + 1];
	strcpy(in_body, draft(fx, "zhang", "全区工业运行情况通报",
			      "企业技改投资增长。企业技改项目52个，企业技改"
			      "资金到位。企业技改",
			      NULL));
	strcpy(in_title, draft(fx, "zhang", "关于企业技改项目申报的通知",
			       "请按时申报。", NULL));
	int n = search(fx, "zhang", "企业技改", &hits);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].item_id, in_title);
	assert_string_equal(hits[1].item_id, in_body);
	assert_context(&hits[1], "body",
		       "[企业技改]投资增长。[企业技改]项目52个，[企业技改]资…");
	gk_search_free(hits, n);
	n = search(fx, "zhang", "技改", &hits);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].item_id, in_title);
	assert_string_equal(hits[1].item_id, in_body);
	gk_search_free(hits, n);
}

/* Equal places: the newest item first. */
static void test_equal_matches_rank_the_newest_first(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	char older[GK_ID_HEX + 1], newer[GK_ID_HEX + 1];
	fx->store->clock_ms = 1767225600000LL; /* 2026-01-01 */
	strcpy(older, draft(fx, "zhang", "经信简报第1期", "", NULL));
	fx->store->clock_ms += 30 * 86400000LL;
	strcpy(newer, draft(fx, "zhang", "经信简报第2期", "", NULL));
	int n = search(fx, "zhang", "经信", &hits);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].item_id, newer);
	assert_string_equal(hits[1].item_id, older);
	gk_search_free(hits, n);
}

static void test_the_context_is_cut_and_every_occurrence_marked(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	draft(fx, "zhang", "全区运行情况", body_meeting, NULL);
	/* Both words marked, a line end made a space, "…" on both sides. */
	int n = search(fx, "zhang", "企业 困难", &hits);
	assert_int_equal(n, 1);
	assert_context(
	    &hits[0], "body",
	    "…1—2月份全区工业经济运行情况，分析当前[企业]生产经营中存在"
	    "的[困难]和问题。 会议要求，…");
	gk_search_free(hits, n);
	/* Overlapping words make one mark. */
	n = search(fx, "zhang", "经信 信局", &hits);
	assert_int_equal(n, 1);
	assert_context(
	    &hits[0], "body",
	    "3月5日，区[经信局]召开全区工业经济运行调度会，通报1—2…");
	gk_search_free(hits, n);
}

static void test_every_word_is_required(void **state)
{
	struct fx *fx = *state;
	char meeting[GK_ID_HEX + 1];
	strcpy(meeting, draft(fx, "zhang", title_meeting, body_meeting, NULL));
	draft(fx, "zhang", title_funds, body_funds, NULL);
	draft(fx, "zhang", title_5g, body_5g, NULL);
	assert_int_equal(hits_for(fx, "zhang", "工业 企业"), 2);
	assert_int_equal(hits_for(fx, "zhang", "工业 企业 调度"), 1);
	assert_true(finds(fx, "zhang", "工业经济 调度会", meeting, 0));
	assert_int_equal(hits_for(fx, "zhang", "工业经济 调度会"), 1);
	assert_int_equal(hits_for(fx, "zhang", "工业经济　专项资金"), 0);
	/* One short word and one long: both still required. */
	assert_int_equal(hits_for(fx, "zhang", "5G 上云率"), 1);
	assert_int_equal(hits_for(fx, "zhang", "5G 调度会"), 0);
}

static void test_quotes_and_query_syntax_are_plain_text(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	char quoted[GK_ID_HEX + 1];
	strcpy(quoted, draft(fx, "zhang", "关于推进\"智造淄川\"建设的意见",
			     "加快\"智改数转\"。AND OR NOT 100%完成", NULL));
	draft(fx, "zhang", title_meeting, body_meeting, NULL);
	int n = search(fx, "zhang", "\"智造淄川\"", &hits);
	assert_int_equal(n, 1);
	assert_context(&hits[0], "title", "关于推进[\"智造淄川\"]建设的意见");
	gk_search_free(hits, n);
	assert_int_equal(hits_for(fx, "zhang", "\"智改"), 1);
	assert_int_equal(hits_for(fx, "zhang", "\""), 1);
	assert_int_equal(hits_for(fx, "zhang", "智造\" OR \"调度"), 0);
	assert_int_equal(hits_for(fx, "zhang", "NEAR(智造 淄川)"), 0);
	assert_int_equal(hits_for(fx, "zhang", "调度*"), 0);
	assert_int_equal(hits_for(fx, "zhang", "AND OR NOT"), 1);
	/* LIKE's wildcards are plain characters too. */
	assert_int_equal(hits_for(fx, "zhang", "%"), 1);
	assert_int_equal(hits_for(fx, "zhang", "_"), 0);
	assert_int_equal(hits_for(fx, "zhang", "N_"), 0);
	assert_int_equal(hits_for(fx, "zhang", "n%"), 0);
	assert_int_equal(hits_for(fx, "zhang", "Nd"), 1);
	assert_int_equal(hits_for(fx, "zhang", "0%完"), 1);
	assert_int_equal(hits_for(fx, "zhang", "\\"), 0);
}

static void test_a_bad_query_is_refused(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	int n;
	const char *me = ME("zhang");
	assert_refused(fx,
		       gk_search(fx->store, me, "", 0, 10, &hits, &n, &fx->err),
		       GK_EINVAL, "empty");
	assert_refused(
	    fx, gk_search(fx->store, me, " 　 ", 0, 10, &hits, &n, &fx->err),
	    GK_EINVAL, "empty");
	assert_refused(fx,
		       gk_search(fx->store, me,
				 "一 二 三 四 五 六 七 八 九 十 十一", 0, 10,
				 &hits, &n, &fx->err),
		       GK_EINVAL, "10 words");
	assert_int_equal(gk_search(fx->store, me,
				   "一 二 三 四 五 六 七 八 九 十", 0, 10,
				   &hits, &n, &fx->err),
			 0);
	gk_search_free(hits, n);
	char long_query[3 * 201 + 1] = "";
	for (int i = 0; i < 201; i++)
		strcat(long_query, "经");
	assert_refused(
	    fx,
	    gk_search(fx->store, me, long_query, 0, 10, &hits, &n, &fx->err),
	    GK_EINVAL, "200");
	assert_refused(
	    fx, gk_search(fx->store, me, "经信", 0, 0, &hits, &n, &fx->err),
	    GK_EINVAL, "1000");
	assert_refused(
	    fx, gk_search(fx->store, me, "经信", 0, 1001, &hits, &n, &fx->err),
	    GK_EINVAL, "1000");
	assert_int_equal(gk_search(fx->store,
				   "00000000000000000000000000000000", "经信",
				   0, 10, &hits, &n, &fx->err),
			 GK_ENOTFOUND);
}

static void test_the_limit_cuts_the_hits(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	int n;
	for (int i = 0; i < 5; i++)
		draft(fx, "zhang", title_meeting, body_meeting, NULL);
	assert_int_equal(gk_search(fx->store, ME("zhang"), "经信", 0, 3, &hits,
				   &n, &fx->err),
			 0);
	assert_int_equal(n, 3);
	gk_search_free(hits, n);
	assert_int_equal(gk_search(fx->store, ME("zhang"), "调度会", 0, 3,
				   &hits, &n, &fx->err),
			 0);
	assert_int_equal(n, 3);
	gk_search_free(hits, n);
}

/* A draft of 综合科 is found by its author, a colleague, the department's
 * head and the director, not by a drafter of 工业科. */
static void test_a_draft_is_found_only_by_those_who_may_see_it(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, draft(fx, "zhang", title_meeting, body_meeting, NULL));
	static const char *const words[] = {"经信", "调度会", "局"};
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		assert_true(finds(fx, "zhang", words[w], id, 0));
		assert_true(finds(fx, "chen", words[w], id, 0));
		assert_true(finds(fx, "li", words[w], id, 0));
		assert_true(finds(fx, "zhao", words[w], id, 0));
		assert_true(finds(fx, "wang", words[w], id, 0));
		assert_true(finds(fx, "admin", words[w], id, 0));
		assert_false(finds(fx, "liu", words[w], id, 0));
		assert_false(finds(fx, "sun", words[w], id, 0));
		/* Published only: a draft is not among them for anyone. */
		assert_false(finds(fx, "zhang", words[w], id, 1));
		assert_false(finds(fx, "zhao", words[w], id, 1));
	}
	/* Submitted, it stays hidden from the other department. */
	assert_int_equal(gk_flow_submit(fx->store, ME("zhang"), id, &fx->err),
			 0);
	assert_false(finds(fx, "liu", "经信", id, 0));
	assert_true(finds(fx, "li", "经信", id, 0));
}

/* ---- the catalog -------------------------------------------------------- */

/* What a test publishes: NULL fields take the defaults. */
struct pub {
	const char *author; /* zhang (综合科, the default) or liu (工业科) */
	const char *title, *category, *doc_no, *summary;
	const char *date; /* 发布日期; the clock is set to that day */
	const char *written_on, *topic, *genre, *keywords;
};

/*
 * Draft, review, sign and publish p through the core on p->date (the
 * store's clock is left on that day); its id in a static buffer that the
 * next call overwrites.
 */
static const char *publish(struct fx *fx, const struct pub *p)
{
	static char id[GK_ID_HEX + 1];
	char index_no[GK_INDEX_NO_MAX + 1], at[32];
	int industry = p->author && strcmp(p->author, "liu") == 0;
	const char *author = industry ? "liu" : "zhang";
	const char *steps[] = {industry ? "sun" : "li",
			       industry ? "qian" : "wang", "zhao"};
	snprintf(at, sizeof at, "%sT02:00:00.000Z", p->date);
	fx->store->clock_ms = gk_time_parse(at);
	struct gk_draft d = {.title = p->title,
			     .category = p->category ? p->category : "工业经济",
			     .body = "现将有关事项通知如下。\n",
			     .doc_no = p->doc_no};
	if (gk_doc_create(fx->store, ME(author), &d, id, &fx->err) < 0 ||
	    gk_flow_submit(fx->store, ME(author), id, &fx->err) < 0)
		fail_msg("draft %s: %s", p->title, fx->err.msg);
	fx_checklist_clear(fx, id, steps[0]);
	for (int i = 0; i < 3; i++)
		if (gk_flow_approve(fx->store, ME(steps[i]), id, NULL, NULL,
				    &fx->err) < 0)
			fail_msg("%s approving %s: %s", steps[i], p->title,
				 fx->err.msg);
	struct gk_pub_meta meta = {.summary =
				       p->summary ? p->summary : p->title,
				   .published_on = p->date,
				   .written_on = p->written_on,
				   .topic = p->topic,
				   .genre = p->genre,
				   .keywords = p->keywords};
	if (gk_publish(fx->store, ME("fang"), id, &meta, index_no, &fx->err) <
	    0)
		fail_msg("publishing %s: %s", p->title, fx->err.msg);
	return id;
}

static int list(struct fx *fx, const struct gk_catalog_filter *filter,
		struct gk_catalog_row **rows, int64_t *total)
{
	int n;
	if (gk_catalog_list(fx->store, filter, rows, &n, total, &fx->err) < 0)
		fail_msg("catalog: %s", fx->err.msg);
	return n;
}

/* The titles of the rows filter selects, joined by '|'. */
static char *titles(struct fx *fx, const struct gk_catalog_filter *filter)
{
	struct gk_catalog_row *rows;
	int n = list(fx, filter, &rows, NULL);
	size_t size = 1;
	for (int i = 0; i < n; i++)
		size += strlen(rows[i].title) + 1;
	char *s = calloc(1, size);
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(s, "|");
		strcat(s, rows[i].title);
	}
	free(rows);
	return s;
}

#define assert_titles(fx, filter, expected)                                    \
	do {                                                                   \
		char *got_ = titles(fx, filter);                               \
		if (strcmp(got_, expected) != 0)                               \
			fail_msg("catalog \"%s\", expected \"%s\"", got_,      \
				 expected);                                    \
		free(got_);                                                    \
	} while (0)

/* Three publications in two years, departments and 栏目; the last one
 * abolished.  A draft and a signed item stay out of the catalog. */
static void three_publications(struct fx *fx, char ids[3][GK_ID_HEX + 1])
{
	const struct pub a = {.title = "甲：2025年工业经济运行分析",
			      .date = "2025-03-05",
			      .doc_no = "淄经信发〔2025〕37号",
			      .written_on = "2025-03-01",
			      .topic = "工业",
			      .genre = "通知"};
	const struct pub b = {.author = "liu",
			      .title = "乙：企业技术中心认定名单公示",
			      .category = "企业之窗",
			      .date = "2026-01-10"};
	const struct pub c = {.title = "丙：政务公开工作要点",
			      .category = "政务公开",
			      .date = "2026-02-20"};
	strcpy(ids[0], publish(fx, &a));
	strcpy(ids[1], publish(fx, &b));
	strcpy(ids[2], publish(fx, &c));
	fx->store->clock_ms = gk_time_parse("2026-03-02T02:00:00.000Z");
	if (gk_publish_withdraw(fx->store, ME("fang"), ids[2], "abolished",
				"2026-03-01", "已被新文件替代", &fx->err) < 0)
		fail_msg("withdraw: %s", fx->err.msg);
	draft(fx, "zhang", "丁：草稿", "草稿。", NULL);
	fx_signed(fx, "戊：已签发未公开");
}

static void test_the_catalog_lists_published_and_withdrawn_items(void **state)
{
	struct fx *fx = *state;
	char ids[3][GK_ID_HEX + 1];
	struct gk_catalog_row *rows;
	int64_t total;
	three_publications(fx, ids);
	int n = list(fx, NULL, &rows, &total);
	assert_int_equal(n, 3);
	assert_int_equal(total, 3);
	const struct gk_catalog_row *a = &rows[0], *c = &rows[2];
	assert_string_equal(a->item_id, ids[0]);
	assert_string_equal(a->index_no, "000014349/2025-00001");
	assert_string_equal(rows[1].index_no, "000014349/2026-00001");
	assert_string_equal(c->index_no, "000014349/2026-00002");
	assert_string_equal(a->title, "甲：2025年工业经济运行分析");
	assert_string_equal(a->summary, a->title);
	assert_string_equal(a->doc_no, "淄经信发〔2025〕37号");
	assert_string_equal(a->category, "工业经济");
	assert_string_equal(a->dept_name, "综合科");
	assert_string_equal(rows[1].dept_name, "工业科");
	assert_string_equal(a->topic, "工业");
	assert_string_equal(a->genre, "通知");
	assert_string_equal(a->issuer, "淄川区经济和信息化局");
	assert_string_equal(a->written_on, "2025-03-01");
	assert_string_equal(a->published_on, "2025-03-05");
	assert_string_equal(a->attr, "active");
	assert_string_equal(a->validity, "valid");
	assert_string_equal(a->ended_on, "");
	assert_string_equal(c->validity, "abolished");
	assert_string_equal(c->ended_on, "2026-03-01");
	free(rows);

	int *years;
	assert_int_equal(gk_catalog_years(fx->store, &years, &n, &fx->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(years[0], 2026);
	assert_int_equal(years[1], 2025);
	free(years);
}

static void test_the_catalog_filters(void **state)
{
	struct fx *fx = *state;
	char ids[3][GK_ID_HEX + 1];
	three_publications(fx, ids);
	struct gk_catalog_filter f = {.year = 2026};
	assert_titles(fx, &f,
		      "乙：企业技术中心认定名单公示|丙：政务公开工作要点");
	f = (struct gk_catalog_filter){.year = 2024};
	assert_titles(fx, &f, "");
	f = (struct gk_catalog_filter){.category = "企业之窗"};
	assert_titles(fx, &f, "乙：企业技术中心认定名单公示");
	f = (struct gk_catalog_filter){.dept = "综合科"};
	assert_titles(fx, &f,
		      "甲：2025年工业经济运行分析|丙：政务公开工作要点");
	f = (struct gk_catalog_filter){.validity = "abolished"};
	assert_titles(fx, &f, "丙：政务公开工作要点");
	f = (struct gk_catalog_filter){.validity = "有效"};
	assert_titles(
	    fx, &f, "甲：2025年工业经济运行分析|乙：企业技术中心认定名单公示");
	f = (struct gk_catalog_filter){
	    .year = 2026, .dept = "综合科", .validity = "valid"};
	assert_titles(fx, &f, "");

	struct gk_catalog_row *rows;
	int n;
	f = (struct gk_catalog_filter){.category = "通知公告"};
	assert_refused(
	    fx, gk_catalog_list(fx->store, &f, &rows, &n, NULL, &fx->err),
	    GK_EINVAL, "政务公开、经信动态、工业经济、企业之窗");
	f = (struct gk_catalog_filter){.dept = "办公室"};
	assert_refused(
	    fx, gk_catalog_list(fx->store, &f, &rows, &n, NULL, &fx->err),
	    GK_EINVAL, "综合科");
	f = (struct gk_catalog_filter){.validity = "void"};
	assert_refused(
	    fx, gk_catalog_list(fx->store, &f, &rows, &n, NULL, &fx->err),
	    GK_EINVAL, "abolished");
}

static void test_the_catalog_sorts_both_ways(void **state)
{
	struct fx *fx = *state;
	char ids[3][GK_ID_HEX + 1];
	static const struct {
		enum gk_catalog_sort sort;
		const char *up, *down;
	} orders[] = {
	    {GK_CATALOG_SORT_INDEX, "甲乙丙", "丙乙甲"},
	    {GK_CATALOG_SORT_DATE, "甲乙丙", "丙乙甲"},
	    /* Titles by pinyin: 丙 bǐng, 甲 jiǎ, 乙 yǐ (code points would
	     * give 丙 U+4E19, 乙 U+4E59, 甲 U+7532). */
	    {GK_CATALOG_SORT_TITLE, "丙甲乙", "乙甲丙"},
	    /* 政务公开, then 工业经济, then 企业之窗 (the 栏目's order). */
	    {GK_CATALOG_SORT_CATEGORY, "丙甲乙", "乙甲丙"},
	    /* 工业科 (gōng) before 综合科 (zōng); within 综合科 by index
	     * number. */
	    {GK_CATALOG_SORT_DEPT, "乙甲丙", "丙甲乙"},
	};
	three_publications(fx, ids);
	for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++)
		for (int down = 0; down < 2; down++) {
			struct gk_catalog_filter f = {.sort = orders[i].sort,
						      .descending = down};
			struct gk_catalog_row *rows;
			char got[64] = "";
			int n = list(fx, &f, &rows, NULL);
			for (int r = 0; r < n; r++)
				strncat(got, rows[r].title, 3);
			free(rows);
			const char *want = down ? orders[i].down : orders[i].up;
			if (strcmp(got, want) != 0)
				fail_msg("sort %s%s: %s, expected %s",
					 gk_catalog_sort_key(orders[i].sort),
					 down ? " descending" : "", got, want);
		}
	assert_int_equal(gk_catalog_sort_parse("category"),
			 GK_CATALOG_SORT_CATEGORY);
	assert_int_equal(gk_catalog_sort_parse("size"), -1);
	assert_string_equal(gk_catalog_sort_key(GK_CATALOG_SORT_DEPT), "dept");
}

static void test_the_limit_keeps_the_total(void **state)
{
	struct fx *fx = *state;
	char ids[3][GK_ID_HEX + 1];
	struct gk_catalog_row *rows;
	int64_t total;
	three_publications(fx, ids);
	struct gk_catalog_filter f = {.limit = 2, .descending = 1};
	int n = list(fx, &f, &rows, &total);
	assert_int_equal(n, 2);
	assert_int_equal(total, 3);
	assert_string_equal(rows[0].item_id, ids[2]);
	free(rows);
	f = (struct gk_catalog_filter){.limit = 2, .year = 2026};
	n = list(fx, &f, &rows, &total);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	free(rows);
	f = (struct gk_catalog_filter){.limit = 5, .year = 2025};
	n = list(fx, &f, &rows, &total);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	free(rows);
}

/* ---- exports ------------------------------------------------------------ */

static char *export(struct fx *fx, const struct gk_catalog_filter *filter,
		    enum gk_export_format format, const char *encoding,
		    size_t *len)
{
	char *out;
	size_t n;
	if (gk_catalog_export(fx->store, filter, format, encoding, &out, &n,
			      &fx->err) < 0)
		fail_msg("export: %s", fx->err.msg);
	if (len)
		*len = n;
	return out;
}

static const char csv_header[] =
    "索引号,名称,内容概述,发布机构,成文日期,发布日期,文号,主题分类,体裁分类,"
    "栏目,公开方式,公开范围,有效性,废止日期,关键词\r\n";

static void test_csv_has_a_bom_and_quotes_as_rfc_4180_says(void **state)
{
	struct fx *fx = *state;
	const struct pub p = {.title = "关于\"智造淄川\",数字化转型的通知",
			      .summary = "一、目标,二、措施",
			      .doc_no = "淄经信发〔2026〕12号",
			      .date = "2026-02-20"};
	publish(fx, &p);
	size_t len;
	char *csv = export(fx, NULL, GK_EXPORT_CSV, NULL, &len);
	assert_int_equal(strlen(csv), len);
	assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
	assert_memory_equal(csv + 3, csv_header, strlen(csv_header));
	assert_string_equal(
	    csv + 3 + strlen(csv_header),
	    "000014349/2026-00001,\"关于\"\"智造淄川\"\",数字化转型的通知\","
	    "\"一、目标,二、措施\",淄川区经济和信息化局,2026-02-20,2026-02-20,"
	    "淄经信发〔2026〕12号,,,工业经济,主动公开,面向社会,有效,,\r\n");
	free(csv);
}

/* Run iconv -f from -t UTF-8 on len bytes at data; its output (caller
 * frees). */
static char *iconv_to_utf8(const char *from, const char *data, size_t len)
{
	char path[] = "/tmp/gk-test-export-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "iconv -f %s -t UTF-8 '%s'", from, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *out = NULL;
	size_t size = 0, n;
	char buf[4096];
	while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
		out = realloc(out, size + n + 1);
		memcpy(out + size, buf, n);
		size += n;
	}
	assert_int_equal(pclose(p), 0);
	unlink(path);
	out = realloc(out, size + 1);
	out[size] = '\0';
	return out;
}

/* GB18030 holds every character, 𠀾 (outside the BMP and GBK) too: the
 * export read back by iconv(1) is the UTF-8 export without its BOM. */
static void test_gb18030_export_round_trips_through_iconv(void **state)
{
	struct fx *fx = *state;
	const struct pub a = {.title = "关于𠀾村“两化融合”—试点的通知",
			      .doc_no = "淄经信发〔2026〕12号",
			      .date = "2026-02-20"};
	const struct pub b = {.title = "全区5G基站建设推进情况·第3期",
			      .summary = "5G基站1260个，ERP上云率85%",
			      .date = "2026-03-02"};
	publish(fx, &a);
	publish(fx, &b);
	for (int format = 0; format < GK_EXPORT_COUNT; format++) {
		size_t len, gb_len;
		char *utf8 = export(fx, NULL, format, "UTF-8", &len);
		char *gb = export(fx, NULL, format, "GB18030", &gb_len);
		int bom = format == GK_EXPORT_CSV;
		assert_true(gb_len > 0 && memcmp(gb, "\xEF\xBB\xBF", 3) != 0);
		char *back = iconv_to_utf8("GB18030", gb, gb_len);
		if (format == GK_EXPORT_HTML) {
			/* Only the charset differs. */
			char *meta = strstr(utf8, "charset=\"UTF-8\"");
			assert_non_null(meta);
			assert_non_null(strstr(back, "charset=\"GB18030\""));
			assert_non_null(strstr(back, "𠀾"));
			assert_int_equal(strlen(back), len + strlen("GB18030") -
							   strlen("UTF-8"));
		} else {
			assert_string_equal(back, utf8 + (bom ? 3 : 0));
			assert_non_null(
			    strstr(back, "关于𠀾村“两化融合”—试点"));
		}
		free(back);
		free(gb);
		free(utf8);
	}
}

static void test_gbk_refuses_a_character_outside_it_naming_it(void **state)
{
	struct fx *fx = *state;
	const struct pub a = {.title = "全区工业经济运行情况",
			      .date = "2026-02-20"};
	const struct pub b = {.title = "关于𠀾村试点的通知",
			      .date = "2026-02-21"};
	publish(fx, &a);
	/* Without it, GBK is fine and iconv reads it back. */
	size_t len;
	char *gbk = export(fx, NULL, GK_EXPORT_CSV, "GBK", &len);
	char *back = iconv_to_utf8("GBK", gbk, len);
	assert_memory_equal(back, csv_header, strlen(csv_header));
	free(back);
	free(gbk);
	publish(fx, &b);
	char *out;
	for (int format = 0; format < GK_EXPORT_COUNT; format++) {
		assert_refused(fx,
			       gk_catalog_export(fx->store, NULL, format, "GBK",
						 &out, &len, &fx->err),
			       GK_EINVAL, "𠀾");
		assert_null(out);
		assert_non_null(strstr(fx->err.msg, "000014349/2026-00002"));
		assert_non_null(strstr(fx->err.msg, "名称"));
		assert_non_null(strstr(fx->err.msg, "GBK"));
	}
	assert_refused(fx,
		       gk_catalog_export(fx->store, NULL, GK_EXPORT_CSV, "BIG5",
					 &out, &len, &fx->err),
		       GK_EINVAL, "BIG5");
}

static void test_html_is_a_page_with_everything_escaped(void **state)
{
	struct fx *fx = *state;
	const struct pub p = {.title = "关于<b>&\"试点\"</b>'企业'的通知",
			      .date = "2026-02-20"};
	publish(fx, &p);
	char *html = export(fx, NULL, GK_EXPORT_HTML, NULL, NULL);
	assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(html, "<meta charset=\"UTF-8\">"));
	assert_non_null(strstr(
	    html, "<title>淄川区经济和信息化局政府信息公开目录</title>"));
	assert_non_null(strstr(html, "<th>索引号</th><th>名称</th>"));
	assert_non_null(
	    strstr(html, "<td>关于&lt;b&gt;&amp;&quot;试点&quot;&lt;/b&gt;"
			 "&#39;企业&#39;的通知</td>"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "</table>\n</body>\n</html>\n"));
	free(html);
	html = export(fx, NULL, GK_EXPORT_HTML, "GB18030", NULL);
	assert_non_null(strstr(html, "<meta charset=\"GB18030\">"));
	free(html);
}

static void test_tsv_keeps_each_item_on_one_line(void **state)
{
	struct fx *fx = *state;
	const struct pub p = {.title = "全区工业经济运行情况",
			      .date = "2026-02-20"};
	const char *id = publish(fx, &p);
	/* As if another station's data held a tab and a line end. */
	assert_int_equal(gk_store_exec(fx->store, &fx->err,
				       "UPDATE publication SET scope = "
				       "'面向\t社会\r\n公众' WHERE item_id = ?",
				       "t", id),
			 0);
	char *tsv = export(fx, NULL, GK_EXPORT_TSV, NULL, NULL);
	assert_string_equal(
	    tsv,
	    "索引号\t名称\t内容概述\t发布机构\t成文日期\t发布日期\t文号\t"
	    "主题分类\t体裁分类\t栏目\t公开方式\t公开范围\t有效性\t废止日期\t"
	    "关键词\n"
	    "000014349/2026-00001\t全区工业经济运行情况\t全区工业经济运行情"
	    "况\t淄川区经济和信息化局\t2026-02-20\t2026-02-20\t\t\t\t工业经济\t"
	    "主动公开"
	    "\t面向 社会  公众\t有效\t\t\n");
	free(tsv);
	struct gk_catalog_filter f = {.year = 2025};
	tsv = export(fx, &f, GK_EXPORT_TSV, NULL, NULL);
	assert_non_null(strstr(tsv, "索引号\t"));
	int lines = 0;
	for (const char *c = tsv; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 1);
	free(tsv);
	assert_int_equal(gk_export_format_parse("csv"), GK_EXPORT_CSV);
	assert_int_equal(gk_export_format_parse("xls"), -1);
}

/* ---- search among published items -------------------------------------- */

/* A published item is found by everybody, by its 索引号 and 内容概述 too. */
static void test_a_published_item_is_found_by_everybody(void **state)
{
	struct fx *fx = *state;
	struct gk_search_hit *hits;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_published(fx, title_funds, body_funds,
				"淄经信发〔2026〕12号"));
	const char *everybody[] = {"zhang", "liu", "sun", "li", "zhao", "fang"};
	for (size_t i = 0; i < sizeof everybody / sizeof everybody[0]; i++) {
		assert_true(finds(fx, everybody[i], "专项资金", id, 0));
		assert_true(finds(fx, everybody[i], "经信", id, 1));
		assert_true(finds(fx, everybody[i], "〔2026〕12", id, 1));
	}
	int n = search(fx, "liu", "2026-00001", &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].state, "published");
	assert_string_equal(hits[0].index_no, "000014349/2026-00001");
	assert_true(strlen(hits[0].published_on) == 10);
	assert_context(&hits[0], "index_no", "000014349/[2026-00001]");
	gk_search_free(hits, n);
	/* Withdrawn, it stays public. */
	assert_int_equal(gk_publish_withdraw(fx->store, ME("fang"), id,
					     "expired", NULL, "已到期",
					     &fx->err),
			 0);
	n = search(fx, "liu", "专项资金", &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].state, "withdrawn");
	gk_search_free(hits, n);
	assert_true(finds(fx, "liu", "经信", id, 1));
}

/* published_only leaves out the drafts, also for those who see them. */
static void test_published_only_leaves_out_the_drafts(void **state)
{
	struct fx *fx = *state;
	char published[GK_ID_HEX + 1], drafted[GK_ID_HEX + 1];
	strcpy(published, fx_published(fx, title_meeting, body_meeting, NULL));
	strcpy(drafted, draft(fx, "zhang", title_meeting, body_meeting, NULL));
	assert_true(finds(fx, "zhang", "调度会", drafted, 0));
	assert_true(finds(fx, "zhang", "调度会", published, 1));
	assert_false(finds(fx, "zhang", "调度会", drafted, 1));
	assert_false(finds(fx, "zhao", "经信", drafted, 1));
	assert_true(finds(fx, "liu", "经信", published, 0));
	assert_false(finds(fx, "liu", "经信", drafted, 0));
}

static void test_keywords_are_searched_and_exported(void **state)
{
	struct fx *fx = *state;
	const struct pub p = {.title = "全区工业经济运行情况",
			      .date = "2026-02-20",
			      .keywords = "稳增长 政务公开"};
	const char *id = publish(fx, &p);
	struct gk_search_hit *hits;
	int n;
	assert_int_equal(gk_search(fx->store, ME("liu"), "政务公开", 1, 10,
				   &hits, &n, &fx->err),
			 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].item_id, id);
	assert_string_equal(hits[0].field, "keywords");
	assert_non_null(strstr(hits[0].context, GK_MATCH_ON "政务公开"));
	gk_search_free(hits, n);
	char *tsv = export(fx, NULL, GK_EXPORT_TSV, NULL, NULL);
	assert_non_null(strstr(tsv, "\t稳增长 政务公开\n"));
	free(tsv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_a_two_character_word_is_found),
	    T(test_three_or_more_characters_use_the_index),
	    T(test_a_doc_no_with_brackets_is_found),
	    T(test_ascii_in_chinese_text_is_found_in_any_case),
	    T(test_a_single_character_is_found),
	    T(test_no_match_is_no_hits_not_an_error),
	    T(test_a_title_match_ranks_before_a_body_match),
	    T(test_equal_matches_rank_the_newest_first),
	    T(test_the_context_is_cut_and_every_occurrence_marked),
	    T(test_every_word_is_required),
	    T(test_quotes_and_query_syntax_are_plain_text),
	    T(test_a_bad_query_is_refused),
	    T(test_the_limit_cuts_the_hits),
	    T(test_a_draft_is_found_only_by_those_who_may_see_it),
	    T(test_the_catalog_lists_published_and_withdrawn_items),
	    T(test_the_catalog_filters),
	    T(test_the_catalog_sorts_both_ways),
	    T(test_the_limit_keeps_the_total),
	    T(test_csv_has_a_bom_and_quotes_as_rfc_4180_says),
	    T(test_gb18030_export_round_trips_through_iconv),
	    T(test_gbk_refuses_a_character_outside_it_naming_it),
	    T(test_html_is_a_page_with_everything_escaped),
	    T(test_tsv_keeps_each_item_on_one_line),
	    T(test_a_published_item_is_found_by_everybody),
	    T(test_published_only_leaves_out_the_drafts),
	    T(test_keywords_are_searched_and_exported),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
