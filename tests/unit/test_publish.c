/*
 * Publishing (publish.h): the 索引号, the refusals, the files each channel
 * gets in its encoding, withdrawing, corrections, media coverage and the
 * publish queue of deliveries.
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "coverage.h"
#include "index.h"
#include "publish.h"
#include "secrecy.h"
#include "text.h"

#define ME(login) fx_id(fx, login)

static const char body_plain[] =
    "各镇（街道）、各有关企业：\n"
    "2026年1—10月，全区规模以上工业增加值同比增长6.5%，工业经济运行总体"
    "平稳。\n"
    "特此通报。\n";
/* 𠀾 (U+2003E) is in GB18030 but not in GBK. */
static const char body_rare[] = "淄博市淄川区𠀾村企业名单公示\n"
				"一、淄博瑞丰陶瓷有限公司\n";

/* Fix the clock at 10:00 China time on day (YYYY-MM-DD). */
static void set_day(struct fx *fx, const char *day)
{
	char iso[GK_TIME_LEN];
	snprintf(iso, sizeof iso, "%sT02:00:00.000Z", day);
	fx->store->clock_ms = gk_time_parse(iso);
	assert_true(fx->store->clock_ms > 0);
}

#define sql_int(fx, sql, arg) fx_sql_int((fx)->store, (sql), (arg))

#define sql_do(fx, sql) fx_sql_exec((fx)->store, (sql))

/* fang publishes item with meta (the summary "概述" when meta is NULL). */
static int publish(struct fx *fx, const char *item,
		   const struct gk_pub_meta *meta, char index_no[])
{
	static char scratch[GK_INDEX_NO_MAX + 1];
	struct gk_pub_meta plain = {.summary = "概述"};
	return gk_publish(fx->store, ME("fang"), item, meta ? meta : &plain,
			  index_no ? index_no : scratch, &fx->err);
}

/* The same through channels only (n of them). */
static int publish_to(struct fx *fx, const char *item,
		      const char *const *channels, int n, char index_no[])
{
	struct gk_pub_meta meta = {
	    .summary = "概述", .channels = channels, .channel_count = n};
	return publish(fx, item, &meta, index_no);
}

static struct gk_publication publication(struct fx *fx, const char *item)
{
	struct gk_publication p;
	if (gk_publication_get(fx->store, item, &p, &fx->err) < 0)
		fail_msg("publication: %s", fx->err.msg);
	return p;
}

static void assert_state(struct fx *fx, const char *item, const char *state)
{
	char s[16];
	int step, version;
	fx_where(fx, item, s, &step, &version);
	assert_string_equal(s, state);
}

static void assert_audit_verifies(struct fx *fx)
{
	int64_t checked;
	assert_int_equal(gk_audit_verify(fx->store, &checked, &fx->err), 0);
}

/* A draft by zhang with title, body and 公开属性 attr, signed off. */
static const char *signed_item(struct fx *fx, const char *title,
			       const char *body, const char *attr)
{
	static char id[GK_ID_HEX + 1];
	struct gk_draft d = {
	    .title = title, .category = "工业经济", .body = body, .attr = attr};
	if (gk_doc_create(fx->store, ME("zhang"), &d, id, &fx->err) < 0 ||
	    gk_flow_submit(fx->store, ME("zhang"), id, &fx->err) < 0)
		fail_msg("draft: %s", fx->err.msg);
	fx_checklist_clear(fx, id, "li");
	static const char *const steps[] = {"li", "wang", "zhao"};
	for (int i = 0; i < 3; i++)
		if (gk_flow_approve(fx->store, ME(steps[i]), id, NULL, NULL,
				    &fx->err) < 0)
			fail_msg("%s approving: %s", steps[i], fx->err.msg);
	return id;
}

/* The whole content of path into a new string (NULL when missing). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int c;
	while ((c = fgetc(f)) != EOF)
		fputc(c, out);
	fclose(out);
	fclose(f);
	return text;
}

/* The outbox file of channel code called name, as fx's database has it. */
static void outbox_path(struct fx *fx, const char *code, const char *name,
			char *out, size_t size)
{
	snprintf(out, size, "%s/outbox/%s/%s", fx->dir, code, name);
}

/* ---- publishing and the 索引号 ---- */

static void
test_publishing_gives_the_first_index_number_of_the_year(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], index_no[GK_INDEX_NO_MAX + 1];
	set_day(fx, "2026-03-16");
	strcpy(id, fx_signed(fx, "全区工业经济运行情况通报"));
	assert_int_equal(publish(fx, id, NULL, index_no), 0);
	assert_string_equal(index_no, "000014349/2026-00001");
	assert_state(fx, id, "published");

	struct gk_publication p = publication(fx, id);
	assert_string_equal(p.index_no, index_no);
	assert_int_equal(p.year, 2026);
	assert_int_equal(p.serial, 1);
	assert_int_equal(p.version, 1);
	assert_string_equal(p.published_on, "2026-03-16");
	assert_string_equal(p.publisher_login, "fang");
	assert_string_equal(p.publisher_name, "方主管");
	assert_string_equal(p.summary, "概述");
	assert_string_equal(p.issuer, "淄川区经济和信息化局");
	assert_string_equal(p.scope, "面向社会");
	assert_string_equal(p.validity, "valid");
	/* No 成文日期 given: the day of the sign-off, as the form offers. */
	assert_string_equal(p.written_on, "2026-03-16");
	assert_string_equal(p.corrects_index_no, "");
	assert_string_equal(p.station, fx->store->station_id);

	/* The event and the audit entry name the 索引号. */
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM item_event WHERE "
				 "action = 'publish' AND comment = "
				 "'000014349/2026-00001' AND item_id = ?",
				 id),
			 1);
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'publish' AND detail = "
				 "'000014349/2026-00001' AND object = ?",
				 id),
			 1);
	/* Search finds it by its 索引号 and 内容概述. */
	assert_int_equal(
	    sql_int(fx,
		    "SELECT count(*) FROM item_fts WHERE index_no = "
		    "'000014349/2026-00001' AND summary = '概述' AND rowid = "
		    "(SELECT rowid FROM item WHERE id = ?)",
		    id),
	    1);
	assert_audit_verifies(fx);
}

static void
test_index_numbers_run_without_gaps_across_a_year_boundary(void **state)
{
	struct fx *fx = *state;
	char ids[4][GK_ID_HEX + 1], index_no[GK_INDEX_NO_MAX + 1];
	set_day(fx, "2026-12-31");
	for (int i = 0; i < 4; i++)
		strcpy(ids[i], fx_signed(fx, "年终通报"));
	assert_int_equal(publish(fx, ids[0], NULL, index_no), 0);
	assert_string_equal(index_no, "000014349/2026-00001");
	assert_int_equal(publish(fx, ids[1], NULL, index_no), 0);
	assert_string_equal(index_no, "000014349/2026-00002");
	/* New Year's Day in China while UTC is still in 2026. */
	fx->store->clock_ms = gk_time_parse("2026-12-31T16:30:00.000Z");
	assert_int_equal(
	    gk_publish_preview(fx->store, NULL, index_no, &fx->err), 0);
	assert_string_equal(index_no, "000014349/2027-00001");
	assert_int_equal(publish(fx, ids[2], NULL, index_no), 0);
	assert_string_equal(index_no, "000014349/2027-00001");
	/* Published on the last day of the old year: its next serial. */
	struct gk_pub_meta meta = {.summary = "概述",
				   .published_on = "2026-12-31"};
	assert_int_equal(publish(fx, ids[3], &meta, index_no), 0);
	assert_string_equal(index_no, "000014349/2026-00003");
}

static void test_a_refused_publication_uses_no_serial(void **state)
{
	struct fx *fx = *state;
	char rare[GK_ID_HEX + 1], plain[GK_ID_HEX + 1];
	char index_no[GK_INDEX_NO_MAX + 1];
	const char *screen[] = {"screen"};
	strcpy(rare, fx_signed(fx, "𠀾村企业名单公示"));
	strcpy(plain, fx_signed(fx, "全区工业经济运行情况通报"));
	assert_int_equal(publish_to(fx, rare, screen, 1, index_no), GK_EINVAL);
	assert_int_equal(publish(fx, plain, NULL, index_no), 0);
	assert_int_equal(sql_int(fx,
				 "SELECT serial FROM publication "
				 "WHERE item_id = ?",
				 plain),
			 1);
}

/* Each child opens the database itself and publishes its own items. */
static void publish_in_child(const char *path, int start, const char *publisher,
			     char ids[][GK_ID_HEX + 1], int first, int n)
{
	struct gk_store *store;
	struct gk_err err;
	char index_no[GK_INDEX_NO_MAX + 1], go;
	const char *channels[] = {"press", "website"};
	struct gk_pub_meta meta = {
	    .summary = "概述", .channels = channels, .channel_count = 2};
	if (gk_store_open(path, 0, &store, &err) < 0)
		_exit(2);
	/* Both children start publishing at the same moment. */
	if (read(start, &go, 1) != 1)
		_exit(4);
	for (int i = first; i < first + n; i++)
		if (gk_publish(store, publisher, ids[i], &meta, index_no,
			       &err) < 0) {
			fprintf(stderr, "child: %s\n", err.msg);
			_exit(3);
		}
	gk_store_close(store);
	_exit(0);
}

static void
test_two_processes_publishing_at_once_get_unique_serials(void **state)
{
	struct fx *fx = *state;
	enum { EACH = 8 };
	char ids[2 * EACH][GK_ID_HEX + 1], publisher[GK_ID_HEX + 1];
	for (int i = 0; i < 2 * EACH; i++)
		strcpy(ids[i], fx_signed(fx, "并发发布"));
	strcpy(publisher, ME("fang"));
	gk_store_close(fx->store);
	fx->store = NULL;

	pid_t children[2];
	int start[2];
	assert_int_equal(pipe(start), 0);
	for (int c = 0; c < 2; c++) {
		children[c] = fork();
		assert_true(children[c] >= 0);
		if (children[c] == 0)
			publish_in_child(fx->path, start[0], publisher, ids,
					 c * EACH, EACH);
	}
	assert_int_equal(write(start[1], "gg", 2), 2);
	close(start[0]);
	close(start[1]);
	for (int c = 0; c < 2; c++) {
		int status;
		assert_int_equal(waitpid(children[c], &status, 0), children[c]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(gk_store_open(fx->path, 0, &fx->store, &fx->err), 0);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM publication", NULL),
			 2 * EACH);
	/* Serials 1 … 16, none twice, none missing. */
	assert_int_equal(sql_int(fx,
				 "SELECT count(DISTINCT serial) = count(*) "
				 "AND min(serial) = 1 AND max(serial) = "
				 "count(*) FROM publication",
				 NULL),
			 1);
	assert_int_equal(
	    sql_int(fx, "SELECT count(DISTINCT index_no) FROM publication",
		    NULL),
	    2 * EACH);
	assert_audit_verifies(fx);
}

/* ---- what publishing refuses ---- */

static void test_only_a_publisher_may_publish(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], index_no[GK_INDEX_NO_MAX + 1];
	struct gk_pub_meta meta = {.summary = "概述"};
	strcpy(id, fx_signed(fx, "通报"));
	assert_refused(
	    fx,
	    gk_publish(fx->store, ME("zhao"), id, &meta, index_no, &fx->err),
	    GK_EDENIED, "zhao");
	assert_refused(fx,
		       gk_publish_check(fx->store, ME("zhao"), id, &fx->err),
		       GK_EDENIED, "zhao");
	assert_int_equal(gk_publish_check(fx->store, ME("fang"), id, &fx->err),
			 0);
	assert_state(fx, id, "signed");
}

static void test_an_item_not_signed_off_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_submitted(fx, "通报"));
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED,
		       "signed-off");
	assert_refused(fx,
		       gk_publish_check(fx->store, ME("fang"), id, &fx->err),
		       GK_EDENIED, "signed-off");
	assert_state(fx, id, "review");
}

static void
test_an_item_published_already_is_refused_with_its_number(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], index_no[GK_INDEX_NO_MAX + 1];
	strcpy(id, fx_signed(fx, "通报"));
	assert_int_equal(publish(fx, id, NULL, index_no), 0);
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED, index_no);
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED,
		       "already published");
	assert_int_equal(gk_publish_withdraw(fx->store, ME("fang"), id,
					     "abolished", NULL,
					     "已被新文件替代", &fx->err),
			 0);
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED, index_no);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM publication", NULL),
			 1);
}

static void test_an_item_withheld_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, signed_item(fx, "内部事务", body_plain, "withheld"));
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED, "不予公开");
	assert_state(fx, id, "signed");
}

static void test_an_open_confidentiality_question_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_signed(fx, "通报"));
	/* A question added after the sign-off is open on this item. */
	assert_int_equal(
	    gk_secrecy_question_add(fx->store, ME("admin"), "ai-generated",
				    "内容由人工智能生成？", NULL, 1, &fx->err),
	    0);
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED, "14");
	assert_state(fx, id, "signed");
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM publication", NULL),
			 0);
}

static void
test_a_text_changed_by_one_byte_after_sign_off_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_signed(fx, "通报"));
	/* Behind the core's back: 6.5% becomes 7.5%. */
	sql_do(fx, "DROP TRIGGER item_version_no_update");
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE item_version SET body = replace(body, '6.5%%', "
		 "'7.5%%') WHERE item_id = '%s'",
		 id);
	sql_do(fx, sql);
	assert_int_equal(sqlite3_changes(fx->store->sql), 1);
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED,
		       "differs from the signed version");
	assert_refused(fx,
		       gk_publish_check(fx->store, ME("fang"), id, &fx->err),
		       GK_EDENIED, "differs from the signed version");
	assert_state(fx, id, "signed");
}

static void test_a_version_other_than_the_signed_one_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], sql[512];
	strcpy(id, fx_signed(fx, "通报"));
	/* A second version, correctly hashed, slipped in after the
	 * sign-off. */
	snprintf(sql, sizeof sql,
		 "INSERT INTO item_version (id, item_id, n, title, doc_no, "
		 "category_id, attr, body, hash, author_id, created) "
		 "SELECT 'ffff' || substr(id, 5), item_id, 2, title, doc_no, "
		 "category_id, attr, body, hash, author_id, created "
		 "FROM item_version WHERE item_id = '%s'; "
		 "UPDATE item SET version_id = 'ffff' || substr(version_id, 5) "
		 "WHERE id = '%s'",
		 id, id);
	sql_do(fx, sql);
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED,
		       "not the version that was signed off");
}

static void test_the_publisher_must_have_read_the_current_version(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_signed(fx, "通报"));
	struct gk_pub_meta meta = {.summary = "概述", .seen_hash = "deadbeef"};
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EDENIED,
		       "changed since you read it");
	meta.seen_hash = "xyz";
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL,
		       "not a content hash");
	struct gk_item item;
	assert_int_equal(gk_doc_get(fx->store, id, &item, &fx->err), 0);
	meta.seen_hash = item.hash;
	assert_int_equal(publish(fx, id, &meta, NULL), 0);
	gk_item_free(&item);
}

static void test_a_summary_of_1_to_100_characters_is_required(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], summary[512] = "";
	strcpy(id, fx_signed(fx, "通报"));
	struct gk_pub_meta meta = {.summary = NULL};
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL, "内容概述");
	meta.summary = "　";
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL, "内容概述");
	for (int i = 0; i < 101; i++)
		strcat(summary, "概");
	meta.summary = summary;
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL, "100");
	summary[strlen(summary) - strlen("概")] = '\0';
	assert_int_equal(publish(fx, id, &meta, NULL), 0);
	assert_int_equal(gk_text_chars(publication(fx, id).summary), 100);
}

static void test_catalog_fields_are_checked(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], topic[256] = "";
	strcpy(id, fx_signed(fx, "通报"));
	for (int i = 0; i < GK_META_MAX + 1; i++)
		strcat(topic, "工");
	struct gk_pub_meta meta = {.summary = "概述", .topic = topic};
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL, "主题分类");
	meta.topic = "工业\n经济";
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL, "主题分类");
	meta = (struct gk_pub_meta){.summary = "概述",
				    .topic = "工业",
				    .genre = "通知",
				    .issuer = "淄川区人民政府办公室",
				    .scope = "面向全区",
				    .keywords = "工业 经济",
				    .written_on = "2026-11-20"};
	assert_int_equal(publish(fx, id, &meta, NULL), 0);
	struct gk_publication p = publication(fx, id);
	assert_string_equal(p.topic, "工业");
	assert_string_equal(p.genre, "通知");
	assert_string_equal(p.issuer, "淄川区人民政府办公室");
	assert_string_equal(p.scope, "面向全区");
	assert_string_equal(p.keywords, "工业 经济");
	assert_string_equal(p.written_on, "2026-11-20");
}

static void test_publication_dates_are_checked(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	set_day(fx, "2026-06-10");
	strcpy(id, fx_signed(fx, "通报"));
	struct gk_pub_meta meta = {.summary = "概述",
				   .published_on = "2026-06-11"};
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL,
		       "in the future");
	meta.published_on = "2026-02-30";
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL,
		       "not a real date");
	meta.published_on = "2026/06/10";
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL,
		       "YYYY-MM-DD");
	meta.published_on = "2026-06-09";
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL,
		       "before the sign-off");
	meta.published_on = NULL;
	meta.written_on = "2026-06-11";
	assert_refused(fx, publish(fx, id, &meta, NULL), GK_EINVAL, "成文日期");
	meta.written_on = "2026-05-28";
	assert_int_equal(publish(fx, id, &meta, NULL), 0);
	assert_string_equal(publication(fx, id).published_on, "2026-06-10");
}

static void test_channels_are_checked(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_signed(fx, "通报"));
	const char *unknown[] = {"website", "tv"};
	assert_refused(fx, publish_to(fx, id, unknown, 2, NULL), GK_EINVAL,
		       "'tv'");
	const char *twice[] = {"press", "website", "press"};
	assert_refused(fx, publish_to(fx, id, twice, 3, NULL), GK_EINVAL,
		       "twice");
	assert_refused(fx, publish_to(fx, id, twice, 0, NULL), GK_EINVAL,
		       "at least one");
	/* NULL: the planned ones, 淄川经信网 and the district portal. */
	assert_int_equal(publish(fx, id, NULL, NULL), 0);
	struct gk_delivery *list;
	int n;
	assert_int_equal(
	    gk_delivery_list(fx->store, id, NULL, &list, &n, &fx->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].channel, "website");
	assert_string_equal(list[1].channel, "portal");
	free(list);
}

static void test_only_the_index_station_allocates(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_signed(fx, "通报"));
	/* As if another station had taken the allocation over. */
	sql_do(fx, "UPDATE agency SET index_station = "
		   "'0123456789abcdef0123456789abcdef'");
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED, "01234567");
	assert_refused(fx, publish(fx, id, NULL, NULL), GK_EDENIED,
		       "administrator");
	assert_refused(fx,
		       gk_publish_check(fx->store, ME("fang"), id, &fx->err),
		       GK_EDENIED, "01234567");
	assert_refused(fx,
		       gk_index_station_take(fx->store, ME("fang"), &fx->err),
		       GK_EDENIED, "fang");
	assert_int_equal(
	    gk_index_station_take(fx->store, ME("admin"), &fx->err), 0);
	assert_refused(fx,
		       gk_index_station_take(fx->store, ME("admin"), &fx->err),
		       GK_EEXIST, "already");
	assert_int_equal(publish(fx, id, NULL, NULL), 0);
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'index-setting'",
				 NULL),
			 1);
	assert_audit_verifies(fx);
}

/* ---- the files of the channels ---- */

static void test_a_web_channel_gets_a_page_and_a_text_file(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], path[512];
	char index_no[GK_INDEX_NO_MAX + 1];
	set_day(fx, "2026-11-20");
	strcpy(id, signed_item(fx, "关于<2026>年度企业技改的通知",
			       "第一段 & 说明\n\n第二段\n", NULL));
	struct gk_pub_meta meta = {.summary = "技改申报",
				   .topic = "工业",
				   .genre = "通知",
				   .written_on = "2026-11-18"};
	assert_int_equal(publish(fx, id, &meta, index_no), 0);

	outbox_path(fx, "website", "000014349_2026-00001.html", path,
		    sizeof path);
	char *html = slurp(path);
	assert_non_null(html);
	assert_non_null(strstr(html, "<meta charset=\"UTF-8\">"));
	assert_non_null(
	    strstr(html, "<title>关于&lt;2026&gt;年度企业技改的通知</title>"));
	assert_non_null(strstr(
	    html, "<tr><th>索引号</th><td>000014349/2026-00001</td></tr>"));
	assert_non_null(strstr(html, "<tr><th>成文日期</th><td>2026-11-18"));
	assert_non_null(strstr(html, "<tr><th>发布日期</th><td>2026-11-20"));
	assert_non_null(strstr(html, "<tr><th>公开方式</th><td>主动公开"));
	assert_non_null(strstr(html, "<tr><th>有效性</th><td>有效"));
	assert_non_null(
	    strstr(html, "<p>第一段 &amp; 说明</p>\n<p>第二段</p>"));
	free(html);

	outbox_path(fx, "portal", "000014349_2026-00001.txt", path,
		    sizeof path);
	char *text = slurp(path);
	assert_non_null(text);
	assert_non_null(strstr(text, "关于<2026>年度企业技改的通知\n\n"));
	assert_non_null(strstr(text, "\n索引号：000014349/2026-00001\n"));
	assert_non_null(strstr(text, "\n体裁：通知\n"));
	assert_non_null(strstr(text, "\n第一段 & 说明\n\n第二段\n"));
	free(text);

	/* The delivery says what was written; it waits to be confirmed. */
	struct gk_delivery *list;
	int n;
	assert_int_equal(
	    gk_delivery_list(fx->store, id, NULL, &list, &n, &fx->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].state, "pending");
	assert_int_equal(list[0].attempts, 1);
	outbox_path(fx, "website", "000014349_2026-00001.html\n", path,
		    sizeof path);
	assert_non_null(strstr(list[0].files, path));
	assert_string_equal(list[0].index_no, index_no);
	assert_string_equal(list[0].actor_login, "fang");
	free(list);
}

static void test_the_display_screen_gets_one_line(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], path[512];
	const char *screen[] = {"screen", "press"};
	set_day(fx, "2026-11-20");
	strcpy(id, fx_signed(fx, "全区工业经济运行情况通报"));
	assert_int_equal(publish_to(fx, id, screen, 2, NULL), 0);
	outbox_path(fx, "screen", "000014349_2026-00001.txt", path,
		    sizeof path);
	FILE *iconv = NULL;
	char cmd[700], line[512] = "";
	snprintf(cmd, sizeof cmd, "iconv -f GBK -t UTF-8 '%s'", path);
	assert_non_null(iconv = popen(cmd, "r"));
	assert_non_null(fgets(line, sizeof line, iconv));
	assert_int_equal(pclose(iconv), 0);
	assert_string_equal(line, "【政府信息公开】全区工业经济运行情况通报"
				  "（索引号 000014349/2026-00001，"
				  "2026-11-20）\n");
	/* A manual channel writes nothing and waits for a person. */
	struct stat st;
	snprintf(path, sizeof path, "%s/outbox/press", fx->dir);
	assert_int_equal(stat(path, &st), -1);
}

static void test_a_gb18030_channel_round_trips_through_iconv(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], path[512], cmd[700];
	const char *archive[] = {"archive"};
	assert_int_equal(gk_channel_add(fx->store, ME("admin"), "archive",
					"档案馆目录", "web", "GB18030", NULL, 0,
					&fx->err),
			 0);
	strcpy(id, signed_item(fx, "𠀾村企业名单公示", body_rare, NULL));
	assert_int_equal(publish_to(fx, id, archive, 1, NULL), 0);

	/* Not UTF-8 on disk: 𠀾 is the four bytes 95 32 88 38 of GB18030. */
	outbox_path(fx, "archive", "000014349_2026-00001.txt", path,
		    sizeof path);
	char *raw = slurp(path);
	assert_non_null(raw);
	assert_null(strstr(raw, "𠀾"));
	assert_non_null(strstr(raw, "\x95\x32\x88\x38"));
	free(raw);

	snprintf(cmd, sizeof cmd, "iconv -f GB18030 -t UTF-8 '%s'", path);
	FILE *iconv = popen(cmd, "r");
	assert_non_null(iconv);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int c;
	while ((c = fgetc(iconv)) != EOF)
		fputc(c, out);
	fclose(out);
	assert_int_equal(pclose(iconv), 0);
	assert_non_null(strstr(text, "𠀾村企业名单公示\n\n索引号："));
	assert_non_null(strstr(text, body_rare));
	free(text);

	outbox_path(fx, "archive", "000014349_2026-00001.html", path,
		    sizeof path);
	snprintf(cmd, sizeof cmd, "iconv -f GB18030 -t UTF-8 '%s'", path);
	iconv = popen(cmd, "r");
	text = NULL;
	out = open_memstream(&text, &len);
	while ((c = fgetc(iconv)) != EOF)
		fputc(c, out);
	fclose(out);
	assert_int_equal(pclose(iconv), 0);
	assert_non_null(strstr(text, "<meta charset=\"GB18030\">"));
	assert_non_null(strstr(text, "<p>淄博市淄川区𠀾村企业名单公示</p>"));
	free(text);
}

static void test_a_gbk_channel_refuses_a_character_outside_gbk(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], path[512];
	const char *channels[] = {"website", "screen"};
	strcpy(id, fx_signed(fx, "𠀾村企业名单公示"));
	assert_refused(fx, publish_to(fx, id, channels, 2, NULL), GK_EINVAL,
		       "𠀾");
	assert_refused(fx, publish_to(fx, id, channels, 2, NULL), GK_EINVAL,
		       "U+2003E");
	assert_refused(fx, publish_to(fx, id, channels, 2, NULL), GK_EINVAL,
		       "公开显示屏 (GBK)");
	/* Nothing is stored and nothing written, not even for website. */
	assert_state(fx, id, "signed");
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM publication", NULL),
			 0);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM delivery", NULL), 0);
	assert_int_equal(
	    sql_int(fx, "SELECT count(*) FROM audit WHERE action = 'publish'",
		    NULL),
	    0);
	struct stat st;
	snprintf(path, sizeof path, "%s/outbox", fx->dir);
	assert_int_equal(stat(path, &st), -1);
	/* A body the screen never shows does not matter to it. */
	strcpy(id, signed_item(fx, "名单公示", body_rare, NULL));
	const char *screen[] = {"screen"};
	assert_int_equal(publish_to(fx, id, screen, 1, NULL), 0);
}

static void
test_an_unwritable_outbox_fails_the_delivery_not_the_publication(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], blocker[400], outbox[450];
	const char *files[] = {"files", "press"};
	/* The outbox lies under a plain file, so it cannot be made. */
	snprintf(blocker, sizeof blocker, "%s/blocker", fx->dir);
	snprintf(outbox, sizeof outbox, "%s/out", blocker);
	FILE *f = fopen(blocker, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(gk_channel_add(fx->store, ME("admin"), "files",
					"文件交换", "web", "UTF-8", outbox, 0,
					&fx->err),
			 0);
	strcpy(id, fx_signed(fx, "通报"));
	assert_int_equal(publish_to(fx, id, files, 2, NULL), 0);
	assert_state(fx, id, "published");

	struct gk_delivery *list;
	int n;
	assert_int_equal(
	    gk_delivery_list(fx->store, NULL, "failed", &list, &n, &fx->err),
	    0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].channel, "files");
	assert_int_equal(list[0].attempts, 1);
	assert_non_null(strstr(list[0].note, blocker));
	assert_non_null(strstr(list[0].note, "Not a directory"));
	free(list);

	/* Resending says why it failed again, and records it. */
	assert_refused(
	    fx,
	    gk_delivery_resend(fx->store, ME("fang"), id, "files", &fx->err),
	    GK_EIO, "Not a directory");
	unlink(blocker);
	assert_int_equal(
	    gk_delivery_resend(fx->store, ME("fang"), id, "files", &fx->err),
	    0);
	assert_int_equal(
	    gk_delivery_list(fx->store, id, NULL, &list, &n, &fx->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[1].channel, "files");
	assert_string_equal(list[1].state, "pending");
	assert_int_equal(list[1].attempts, 3);
	assert_string_equal(list[1].note, "");
	assert_non_null(strstr(list[1].files, outbox));
	free(list);
	assert_audit_verifies(fx);
}

/* ---- deliveries ---- */

static void test_deliveries_are_marked_delivered_or_failed(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	const char *channels[] = {"press", "document"};
	strcpy(id, fx_signed(fx, "通报"));
	assert_int_equal(publish_to(fx, id, channels, 2, NULL), 0);
	const char *fang = ME("fang");

	assert_int_equal(gk_delivery_mark(fx->store, fang, id, "press",
					  "delivered", "大众日报已刊登",
					  &fx->err),
			 0);
	assert_refused(fx,
		       gk_delivery_mark(fx->store, fang, id, "document",
					"failed", NULL, &fx->err),
		       GK_EINVAL, "failed");
	assert_int_equal(gk_delivery_mark(fx->store, fang, id, "document",
					  "failed", "公文交换系统故障",
					  &fx->err),
			 0);
	assert_refused(fx,
		       gk_delivery_mark(fx->store, fang, id, "press", "pending",
					NULL, &fx->err),
		       GK_EINVAL, "resend");
	assert_refused(fx,
		       gk_delivery_mark(fx->store, fang, id, "website",
					"delivered", NULL, &fx->err),
		       GK_ENOTFOUND, "website");
	assert_refused(fx,
		       gk_delivery_mark(fx->store, ME("zhang"), id, "press",
					"delivered", NULL, &fx->err),
		       GK_EDENIED, "zhang");

	struct gk_delivery *list;
	int n;
	assert_int_equal(
	    gk_delivery_list(fx->store, NULL, "delivered", &list, &n, &fx->err),
	    0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].channel_name, "报刊及网络媒体");
	assert_string_equal(list[0].note, "大众日报已刊登");
	assert_string_equal(list[0].title, "通报");
	free(list);
	assert_int_equal(
	    gk_delivery_list(fx->store, id, "failed", &list, &n, &fx->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].note, "公文交换系统故障");
	free(list);
	assert_refused(
	    fx, gk_delivery_list(fx->store, id, "lost", &list, &n, &fx->err),
	    GK_EINVAL, "lost");

	/* A manual channel resent is pending again. */
	assert_int_equal(
	    gk_delivery_resend(fx->store, fang, id, "document", &fx->err), 0);
	assert_int_equal(
	    gk_delivery_list(fx->store, id, "pending", &list, &n, &fx->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].channel, "document");
	assert_string_equal(list[0].note, "");
	free(list);
	assert_int_equal(
	    sql_int(fx, "SELECT count(*) FROM audit WHERE action = 'delivery'",
		    NULL),
	    3);
	assert_audit_verifies(fx);
}

static void
test_withdrawing_rewrites_the_published_page_and_screen_line(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], path[512], screen[512];
	const char *channels[] = {"website", "screen"};
	strcpy(id, fx_signed(fx, "关于印发《淄川区行动方案》的通知"));
	assert_int_equal(publish_to(fx, id, channels, 2, NULL), 0);
	assert_int_equal(gk_delivery_mark(fx->store, ME("fang"), id, "website",
					  "delivered", NULL, &fx->err),
			 0);
	assert_refused(fx,
		       gk_delivery_mark(fx->store, ME("fang"), id, "website",
					"delivered", NULL, &fx->err),
		       GK_EINVAL, "already marked delivered");
	outbox_path(fx, "website", "000014349_2026-00001.html", path,
		    sizeof path);
	outbox_path(fx, "screen", "000014349_2026-00001.txt", screen,
		    sizeof screen);
	unlink(path);
	assert_int_equal(gk_publish_withdraw(fx->store, ME("fang"), id, "失效",
					     NULL, "有效期届满", &fx->err),
			 0);
	/* The withdrawal itself wrote the page again, with its status. */
	char *html = slurp(path);
	assert_non_null(html);
	assert_non_null(strstr(html, "<tr><th>有效性</th><td>失效（自"));
	assert_non_null(strstr(html, "起；有效期届满）</td>"));
	free(html);
	char *line = slurp(screen);
	assert_non_null(line);
	char *utf8;
	assert_int_equal(gk_text_to_utf8("GBK", line, strlen(line), "screen",
					 &utf8, NULL, &fx->err),
			 0);
	assert_non_null(strstr(
	    utf8, "【政府信息公开】《关于印发〈淄川区行动方案〉的通知》自"));
	assert_non_null(strstr(utf8, "起失效（索引号 000014349/2026-00001）"));
	free(utf8);
	free(line);
	struct gk_delivery *list;
	int n;
	assert_int_equal(
	    gk_delivery_list(fx->store, id, NULL, &list, &n, &fx->err), 0);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++) {
		assert_string_equal(list[i].state, "pending");
		assert_int_equal(list[i].attempts, 2);
	}
	free(list);
	/* Marking, resending and the withdrawal's rewrites are history. */
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM item_event WHERE "
				 "action = 'deliver' AND item_id = ?",
				 id),
			 3);
	assert_int_equal(
	    gk_delivery_resend(fx->store, ME("fang"), id, "website", &fx->err),
	    0);
	assert_int_equal(
	    gk_delivery_list(fx->store, id, "pending", &list, &n, &fx->err), 0);
	assert_int_equal(list[0].attempts, 3);
	free(list);
}

/* ---- withdrawing and correcting ---- */

static void
test_withdrawing_keeps_the_item_in_the_catalog_as_expired(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	set_day(fx, "2026-05-06");
	strcpy(id, fx_published(fx, "2026年度企业技改项目申报通知", body_plain,
				"淄经信发〔2026〕12号"));
	const char *fang = ME("fang");
	assert_refused(fx,
		       gk_publish_withdraw(fx->store, fang, id, "valid", NULL,
					   "理由", &fx->err),
		       GK_EINVAL, "失效");
	assert_refused(fx,
		       gk_publish_withdraw(fx->store, fang, id, "expired", NULL,
					   " ", &fx->err),
		       GK_EINVAL, "reason");
	assert_refused(fx,
		       gk_publish_withdraw(fx->store, fang, id, "expired",
					   "2026-05-05", "申报期已过",
					   &fx->err),
		       GK_EINVAL, "before the publication");
	assert_refused(fx,
		       gk_publish_withdraw(fx->store, fang, id, "expired",
					   "2026-05-07", "申报期已过",
					   &fx->err),
		       GK_EINVAL, "future");
	assert_refused(fx,
		       gk_publish_withdraw(fx->store, ME("zhao"), id, "expired",
					   NULL, "申报期已过", &fx->err),
		       GK_EDENIED, "zhao");
	assert_int_equal(gk_publish_withdraw(fx->store, fang, id, "失效", NULL,
					     "申报期已过", &fx->err),
			 0);
	assert_state(fx, id, "withdrawn");
	struct gk_publication p = publication(fx, id);
	assert_string_equal(p.validity, "expired");
	assert_string_equal(p.ended_on, "2026-05-06");
	assert_string_equal(p.end_reason, "申报期已过");
	assert_string_equal(p.index_no, "000014349/2026-00001");
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM item_event WHERE "
				 "action = 'withdraw' AND comment = "
				 "'申报期已过' AND item_id = ?",
				 id),
			 1);
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'withdraw' AND object = ?",
				 id),
			 1);
	assert_refused(fx,
		       gk_publish_withdraw(fx->store, fang, id, "abolished",
					   NULL, "废止", &fx->err),
		       GK_EDENIED, "already withdrawn");
	assert_string_equal(gk_validity_parse("废止"), "abolished");
	assert_string_equal(gk_validity_parse("expired"), "expired");
	assert_null(gk_validity_parse("作废"));
	assert_audit_verifies(fx);
}

static void
test_a_correction_is_a_new_draft_naming_the_publication(void **state)
{
	struct fx *fx = *state;
	char old_id[GK_ID_HEX + 1], new_id[GK_ID_HEX + 1];
	char draft_id[GK_ID_HEX + 1], index_no[GK_INDEX_NO_MAX + 1];
	strcpy(draft_id, fx_draft(fx, "zhang", "草稿"));
	assert_refused(fx,
		       gk_publish_correct(fx->store, ME("zhang"), draft_id,
					  new_id, &fx->err),
		       GK_EDENIED, "published");
	strcpy(old_id, fx_published(fx, "全区工业经济运行情况通报", body_plain,
				    "淄经信发〔2026〕3号"));
	assert_refused(
	    fx,
	    gk_publish_correct(fx->store, ME("fang"), old_id, new_id, &fx->err),
	    GK_EDENIED, "fang");
	assert_int_equal(gk_publish_correct(fx->store, ME("zhang"), old_id,
					    new_id, &fx->err),
			 0);
	struct gk_item item;
	assert_int_equal(gk_doc_get(fx->store, new_id, &item, &fx->err), 0);
	assert_string_equal(item.state, "draft");
	assert_string_equal(item.corrects_id, old_id);
	assert_string_equal(item.corrects_index_no, "000014349/2026-00001");
	assert_string_equal(item.body, body_plain);
	assert_string_equal(item.doc_no, "淄经信发〔2026〕3号");
	gk_item_free(&item);
	/* One correction at a time. */
	char again[GK_ID_HEX + 1];
	assert_refused(
	    fx,
	    gk_publish_correct(fx->store, ME("chen"), old_id, again, &fx->err),
	    GK_EEXIST, "already under way");
	/* The draft's history starts with what it corrects. */
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM item_event WHERE "
				 "action = 'correct' AND item_id = ? AND "
				 "comment = '000014349/2026-00001'",
				 new_id),
			 1);
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM item_event WHERE "
				 "action = 'correct' AND item_id = ?",
				 old_id),
			 1);
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'correct' AND object = ?",
				 old_id),
			 1);
	/* The old item keeps its number and validity meanwhile. */
	assert_state(fx, old_id, "published");

	struct gk_draft fix = {.body = "2026年1—10月，全区规模以上工业增加值同"
				       "比增长6.7%。\n"};
	assert_int_equal(
	    gk_doc_edit(fx->store, ME("zhang"), new_id, &fix, &fx->err), 0);
	assert_int_equal(
	    gk_flow_submit(fx->store, ME("zhang"), new_id, &fx->err), 0);
	fx_checklist_clear(fx, new_id, "li");
	assert_int_equal(
	    gk_flow_approve(fx->store, ME("li"), new_id, NULL, NULL, &fx->err),
	    0);
	assert_int_equal(gk_flow_approve(fx->store, ME("wang"), new_id, NULL,
					 NULL, &fx->err),
			 0);
	assert_int_equal(gk_flow_approve(fx->store, ME("zhao"), new_id, NULL,
					 NULL, &fx->err),
			 0);
	assert_int_equal(publish(fx, new_id, NULL, index_no), 0);
	struct gk_publication p = publication(fx, new_id);
	assert_string_equal(p.corrects_index_no,
			    publication(fx, old_id).index_no);
	assert_string_equal(p.index_no, "000014349/2026-00002");
	/* Publishing the correction ended the old one's validity. */
	assert_state(fx, old_id, "withdrawn");
	struct gk_publication old = publication(fx, old_id);
	assert_string_equal(old.validity, "expired");
	assert_string_equal(old.ended_on, p.published_on);
	assert_string_equal(old.end_reason,
			    "已更正，见索引号 000014349/2026-00002");
	assert_audit_verifies(fx);
}

/* ---- media coverage ---- */

static void test_coverage_is_recorded_for_published_items(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], draft_id[GK_ID_HEX + 1];
	set_day(fx, "2026-04-01");
	strcpy(id, fx_published(fx, "通报", body_plain, NULL));
	set_day(fx, "2026-04-10");
	const char *fang = ME("fang");
	assert_int_equal(gk_coverage_add(fx->store, fang, id, "大众日报",
					 "newspaper", "2026-04-03", NULL,
					 &fx->err),
			 0);
	assert_int_equal(gk_coverage_add(fx->store, fang, id, "中国山东网",
					 "online", NULL, "淄川工业稳中有进",
					 &fx->err),
			 0);
	assert_refused(fx,
		       gk_coverage_add(fx->store, fang, id, "淄博日报",
				       "magazine", "2026-04-03", NULL,
				       &fx->err),
		       GK_EINVAL, "magazine");
	assert_refused(fx,
		       gk_coverage_add(fx->store, fang, id, "淄博日报",
				       "newspaper", "2026-03-31", NULL,
				       &fx->err),
		       GK_EINVAL, "before the publication");
	assert_refused(fx,
		       gk_coverage_add(fx->store, fang, id, "淄博日报",
				       "newspaper", "2026-04-11", NULL,
				       &fx->err),
		       GK_EINVAL, "future");
	assert_refused(fx,
		       gk_coverage_add(fx->store, fang, id, "", "newspaper",
				       NULL, NULL, &fx->err),
		       GK_EINVAL, "outlet");
	assert_refused(fx,
		       gk_coverage_add(fx->store, ME("zhang"), id, "淄博日报",
				       "newspaper", NULL, NULL, &fx->err),
		       GK_EDENIED, "zhang");
	strcpy(draft_id, fx_draft(fx, "zhang", "草稿"));
	assert_refused(fx,
		       gk_coverage_add(fx->store, fang, draft_id, "淄博日报",
				       "newspaper", NULL, NULL, &fx->err),
		       GK_EDENIED, "published");

	struct gk_coverage *list;
	int n;
	assert_int_equal(
	    gk_coverage_list(fx->store, id, 0, &list, &n, &fx->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].outlet, "大众日报");
	assert_string_equal(list[0].appeared_on, "2026-04-03");
	assert_string_equal(list[0].title, "");
	assert_string_equal(list[0].index_no, "000014349/2026-00001");
	assert_string_equal(list[1].kind, "online");
	assert_string_equal(list[1].appeared_on, "2026-04-10");
	assert_string_equal(list[1].title, "淄川工业稳中有进");
	assert_string_equal(list[1].actor_login, "fang");
	free(list);
	assert_int_equal(
	    gk_coverage_list(fx->store, NULL, 2025, &list, &n, &fx->err), 0);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(
	    gk_coverage_list(fx->store, NULL, 2026, &list, &n, &fx->err), 0);
	assert_int_equal(n, 2);
	free(list);
	assert_string_equal(gk_coverage_kind_label("tv"), "television");
	assert_audit_verifies(fx);
}

/* ---- channels ---- */

static void test_an_administrator_adds_channels(void **state)
{
	struct fx *fx = *state;
	const char *admin = ME("admin");
	assert_int_equal(gk_channel_add(fx->store, admin, "wechat",
					"淄川经信微信公众号", "web", "utf-8",
					"", 1, &fx->err),
			 0);
	assert_refused(fx,
		       gk_channel_add(fx->store, admin, "wechat", "另一个",
				      "web", "UTF-8", NULL, 0, &fx->err),
		       GK_EEXIST, "wechat");
	assert_refused(fx,
		       gk_channel_add(fx->store, admin, "wechat2",
				      "淄川经信微信公众号", "web", "UTF-8",
				      NULL, 0, &fx->err),
		       GK_EEXIST, "淄川经信微信公众号");
	assert_refused(fx,
		       gk_channel_add(fx->store, admin, "WeChat", "微信", "web",
				      "UTF-8", NULL, 0, &fx->err),
		       GK_EINVAL, "a-z");
	assert_refused(fx,
		       gk_channel_add(fx->store, admin,
				      "a-channel-code-longer-than-32-chars",
				      "微信", "web", "UTF-8", NULL, 0,
				      &fx->err),
		       GK_EINVAL, "a-z");
	assert_refused(fx,
		       gk_channel_add(fx->store, admin, "tv", "电视台",
				      "broadcast", "UTF-8", NULL, 0, &fx->err),
		       GK_EINVAL, "broadcast");
	assert_refused(fx,
		       gk_channel_add(fx->store, admin, "tv", "电视台",
				      "manual", "BIG5", NULL, 0, &fx->err),
		       GK_EINVAL, "BIG5");
	assert_refused(fx,
		       gk_channel_add(fx->store, admin, "tv", "电视台",
				      "manual", "UTF-8", "relative/dir", 0,
				      &fx->err),
		       GK_EINVAL, "absolute");
	assert_refused(fx,
		       gk_channel_add(fx->store, ME("fang"), "tv", "电视台",
				      "manual", "UTF-8", NULL, 0, &fx->err),
		       GK_EDENIED, "fang");

	struct gk_channel *list;
	int n;
	char outbox[400];
	assert_int_equal(gk_channel_list(fx->store, &list, &n, &fx->err), 0);
	assert_int_equal(n, 6);
	assert_string_equal(list[0].code, "website");
	assert_string_equal(list[4].code, "screen");
	assert_string_equal(list[4].encoding, "GBK");
	assert_string_equal(list[4].kind, "screen");
	assert_string_equal(list[5].code, "wechat");
	assert_string_equal(list[5].encoding, "UTF-8");
	assert_int_equal(list[5].planned, 1);
	snprintf(outbox, sizeof outbox, "%s/outbox/wechat", fx->dir);
	assert_string_equal(list[5].outbox, outbox);
	free(list);
	assert_string_equal(gk_channel_kind_label("manual"),
			    "by hand (no files)");
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'channel-add' AND object = 'wechat'",
				 NULL),
			 1);

	/* A planned channel is among the defaults from now on. */
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_signed(fx, "通报"));
	assert_int_equal(publish(fx, id, NULL, NULL), 0);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM delivery", NULL), 3);
}

/* ---- the 索引号 pattern ---- */

static void test_index_numbers_follow_the_pattern(void **state)
{
	struct fx *fx = *state;
	char out[GK_INDEX_NO_MAX + 1];
	assert_int_equal(gk_index_format(GK_DEFAULT_INDEX_PATTERN, "000014349",
					 2015, 3, 200, out, sizeof out,
					 &fx->err),
			 0);
	assert_string_equal(out, "000014349/2015-00200");
	assert_int_equal(gk_index_format("<org-code>/<YYYY>-<NNNNN>",
					 "11370812004339255B", 2020, 7, 22849,
					 out, sizeof out, &fx->err),
			 0);
	assert_string_equal(out, "11370812004339255B/2020-22849");
	assert_int_equal(gk_index_format("ZC-<YYYY><MM>-<NNN>", "x", 2026, 3, 7,
					 out, sizeof out, &fx->err),
			 0);
	assert_string_equal(out, "ZC-202603-007");

	assert_refused(fx,
		       gk_index_format("<org-code>/<NNNNN>", "000014349", 2026,
				       1, 1, out, sizeof out, &fx->err),
		       GK_EINVAL, "<YYYY>");
	assert_refused(fx,
		       gk_index_format("<org-code>/<YYYY>", "000014349", 2026,
				       1, 1, out, sizeof out, &fx->err),
		       GK_EINVAL, "serial");
	assert_refused(fx,
		       gk_index_format("<org-code>/<YYYY>-<DD>-<NNN>",
				       "000014349", 2026, 1, 1, out, sizeof out,
				       &fx->err),
		       GK_EINVAL, "<DD>");
	assert_refused(fx,
		       gk_index_format("<YYYY>-<NN>-<NNN>", "000014349", 2026,
				       1, 1, out, sizeof out, &fx->err),
		       GK_EINVAL, "more than one serial");
	assert_refused(fx,
		       gk_index_format("<YYYY>-<NNN", "000014349", 2026, 1, 1,
				       out, sizeof out, &fx->err),
		       GK_EINVAL, "'<'");
	assert_refused(fx,
		       gk_index_format("<YYYY>-<NNN>", "000014349", 2026, 1,
				       1000, out, sizeof out, &fx->err),
		       GK_EINVAL, "1000");
	assert_refused(fx,
		       gk_index_format("<org-code><org-code><org-code><org-"
				       "code>/<YYYY>-<NNNNN>",
				       "11370812004339255B", 2026, 1, 1, out,
				       sizeof out, &fx->err),
		       GK_EINVAL, "64");
}

static void test_an_administrator_sets_the_index_pattern(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], preview[GK_INDEX_NO_MAX + 1];
	char index_no[GK_INDEX_NO_MAX + 1];
	set_day(fx, "2026-03-16");
	assert_refused(fx,
		       gk_index_pattern_set(fx->store, ME("admin"),
					    "<org-code>-<NNNN>", &fx->err),
		       GK_EINVAL, "<YYYY>");
	assert_refused(fx,
		       gk_index_pattern_set(fx->store, ME("fang"),
					    "<org-code>-<YYYY><MM>-<NNNN>",
					    &fx->err),
		       GK_EDENIED, "fang");
	assert_int_equal(gk_index_pattern_set(fx->store, ME("admin"),
					      "<org-code>-<YYYY><MM>-<NNNN>",
					      &fx->err),
			 0);
	strcpy(id, fx_signed(fx, "通报"));
	assert_int_equal(gk_publish_preview(fx->store, NULL, preview, &fx->err),
			 0);
	assert_string_equal(preview, "000014349-202603-0001");
	assert_int_equal(publish(fx, id, NULL, index_no), 0);
	assert_string_equal(index_no, preview);
	/* The outbox file name replaces nothing when there is no '/'. */
	char path[512];
	struct stat st;
	outbox_path(fx, "website", "000014349-202603-0001.html", path,
		    sizeof path);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(sql_int(fx,
				 "SELECT count(*) FROM audit WHERE action = "
				 "'index-setting' AND object = "
				 "'index-pattern'",
				 NULL),
			 1);
	assert_audit_verifies(fx);
}

/* ---- each rule once: the 书名号, the form's defaults, the dates ---- */

/* The file of channel code for 索引号 000014349/2026-00001 with extension,
 * converted from encoding to UTF-8 (a new string). */
static char *outbox_text(struct fx *fx, const char *code, const char *extension,
			 const char *encoding)
{
	char path[512], name[64], *utf8 = NULL;
	snprintf(name, sizeof name, "000014349_2026-00001.%s", extension);
	outbox_path(fx, code, name, path, sizeof path);
	char *raw = slurp(path);
	if (!raw)
		fail_msg("no file %s", path);
	if (gk_text_to_utf8(encoding, raw, strlen(raw), path, &utf8, NULL,
			    &fx->err) < 0)
		fail_msg("%s: %s", path, fx->err.msg);
	free(raw);
	return utf8;
}

static void
test_a_title_in_book_marks_reads_the_same_in_every_delivery_file(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], path[512];
	/* A title that is itself one book title, with one inside it. */
	const char title[] = "《淄川区政务公开《工作要点》》";
	char *on_screen = gk_text_book_title(title);
	assert_string_equal(on_screen, "《淄川区政务公开〈工作要点〉》");
	/* Every kind of channel: web (UTF-8 and GB18030), the display
	 * screen (GBK) and by hand. */
	assert_int_equal(gk_channel_add(fx->store, ME("admin"), "archive",
					"档案馆目录", "web", "GB18030", NULL, 0,
					&fx->err),
			 0);
	const char *all[] = {"website", "archive", "screen", "press"};
	strcpy(id, fx_signed(fx, title));
	assert_int_equal(publish_to(fx, id, all, 4, NULL), 0);

	struct {
		const char *code, *extension, *encoding;
	} files[] = {
	    {"website", "html", "UTF-8"},   {"website", "txt", "UTF-8"},
	    {"archive", "html", "GB18030"}, {"archive", "txt", "GB18030"},
	    {"screen", "txt", "GBK"},
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *text = outbox_text(fx, files[i].code, files[i].extension,
					 files[i].encoding);
		if (!strstr(text, on_screen) || strstr(text, "《〈") ||
		    strstr(text, "《工作要点》"))
			fail_msg("%s.%s does not write %s as the screen "
				 "does:\n%s",
				 files[i].code, files[i].extension, on_screen,
				 text);
		free(text);
	}
	char *line = outbox_text(fx, "screen", "txt", "GBK");
	assert_string_equal(line,
			    "【政府信息公开】《淄川区政务公开〈工作要点〉》"
			    "（索引号 000014349/2026-00001，2026-11-20）\n");
	free(line);
	/* By hand: no file, and nothing to write the title wrong in. */
	struct stat st;
	snprintf(path, sizeof path, "%s/outbox/press", fx->dir);
	assert_int_equal(stat(path, &st), -1);

	/* The display screen's notice of the end quotes the title too: the
	 * copy that wrote 《〈淄川区政务公开〈工作要点〉〉》. */
	assert_int_equal(gk_publish_withdraw(fx->store, ME("fang"), id, "废止",
					     NULL, "已被新要点取代", &fx->err),
			 0);
	line = outbox_text(fx, "screen", "txt", "GBK");
	assert_string_equal(line,
			    "【政府信息公开】《淄川区政务公开〈工作要点〉》"
			    "自2026-11-20起废止（索引号 "
			    "000014349/2026-00001）\n");
	free(line);
	free(on_screen);
}

static void test_the_book_title_rule(void **state)
{
	(void)state;
	static const struct {
		const char *title, *quoted, *heading;
	} cases[] = {
	    /* Marked once, never twice; marks inside become 〈〉. */
	    {"全区工业经济运行情况通报", "《全区工业经济运行情况通报》",
	     "全区工业经济运行情况通报"},
	    {"《中华人民共和国政府信息公开条例》",
	     "《中华人民共和国政府信息公开条例》",
	     "《中华人民共和国政府信息公开条例》"},
	    {"关于印发《淄川区行动方案》的通知",
	     "《关于印发〈淄川区行动方案〉的通知》",
	     "关于印发《淄川区行动方案》的通知"},
	    {"《A《B》》", "《A〈B〉》", "《A〈B〉》"},
	    /* Two titles side by side are not one title. */
	    {"《条例》解读", "《〈条例〉解读》", "《条例》解读"},
	    {"《甲》和《乙》", "《〈甲〉和〈乙〉》", "《甲》和《乙》"},
	    {"", "《》", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *quoted = gk_text_book_title(cases[i].title);
		char *heading = gk_text_title_heading(cases[i].title);
		assert_string_equal(quoted, cases[i].quoted);
		assert_string_equal(heading, cases[i].heading);
		free(quoted);
		free(heading);
	}
}

/* The metadata a reader of the catalog sees, apart from the number. */
static void assert_same_metadata(const struct gk_publication *a,
				 const struct gk_publication *b)
{
	assert_string_equal(a->summary, b->summary);
	assert_string_equal(a->topic, b->topic);
	assert_string_equal(a->genre, b->genre);
	assert_string_equal(a->issuer, b->issuer);
	assert_string_equal(a->written_on, b->written_on);
	assert_string_equal(a->scope, b->scope);
	assert_string_equal(a->keywords, b->keywords);
	assert_string_equal(a->published_on, b->published_on);
	assert_string_equal(a->validity, b->validity);
	assert_int_equal(a->year, b->year);
}

static void
test_the_cli_and_the_workstation_publish_the_same_metadata(void **state)
{
	struct fx *fx = *state;
	char cli[GK_ID_HEX + 1], form[GK_ID_HEX + 1];
	/* Signed off on the 18th, published on the 20th: the 成文日期 is
	 * the day of the sign-off, not the day of publishing. */
	set_day(fx, "2026-11-18");
	strcpy(cli, fx_signed(fx, "全区工业经济运行情况通报"));
	strcpy(form, fx_signed(fx, "全区工业经济运行情况通报"));
	set_day(fx, "2026-11-20");

	/* What the publish form offers before anything is typed. */
	struct gk_pub_defaults def;
	assert_int_equal(gk_publish_defaults(fx->store, form, &def, &fx->err),
			 0);
	assert_string_equal(def.issuer, "淄川区经济和信息化局");
	assert_string_equal(def.written_on, "2026-11-18");
	assert_string_equal(def.scope, "面向社会");
	assert_string_equal(def.published_on, "2026-11-20");
	assert_string_equal(def.validity, "valid");

	/* `gongkai publish ID --summary …`: every other field NULL. */
	struct gk_pub_meta by_cli = {.summary = "运行情况"};
	assert_int_equal(publish(fx, cli, &by_cli, NULL), 0);
	/* ui/screen_publish.c: the fields as the form shows them, the
	 * empty ones "". */
	struct gk_pub_meta by_form = {.summary = "运行情况",
				      .topic = "",
				      .genre = "",
				      .keywords = "",
				      .issuer = def.issuer,
				      .written_on = def.written_on,
				      .scope = def.scope,
				      .published_on = def.published_on};
	assert_int_equal(publish(fx, form, &by_form, NULL), 0);
	struct gk_publication a = publication(fx, cli),
			      b = publication(fx, form);
	assert_same_metadata(&a, &b);
	assert_string_equal(a.written_on, "2026-11-18");

	/* A field the publisher empties on the form is the default too. */
	char third[GK_ID_HEX + 1];
	strcpy(third, fx_signed(fx, "全区工业经济运行情况通报"));
	struct gk_pub_meta emptied = by_form;
	emptied.issuer = emptied.written_on = emptied.scope = "";
	emptied.published_on = "";
	assert_int_equal(publish(fx, third, &emptied, NULL), 0);
	struct gk_publication c = publication(fx, third);
	assert_string_equal(c.issuer, a.issuer);
	assert_string_equal(c.scope, a.scope);
	assert_string_equal(c.published_on, a.published_on);
	assert_string_equal(c.written_on, "2026-11-20"); /* signed today */

	/* An item not signed off has no sign-off day to offer. */
	const char *draft = fx_draft(fx, "zhang", "草稿");
	assert_int_equal(gk_publish_defaults(fx->store, draft, &def, &fx->err),
			 0);
	assert_string_equal(def.written_on, "");
	assert_string_equal(def.issuer, "淄川区经济和信息化局");
	assert_refused(
	    fx, gk_publish_defaults(fx->store, "00000000", &def, &fx->err),
	    GK_ENOTFOUND, "00000000");
}

static void test_the_date_checks_say_what_the_forms_show(void **state)
{
	struct fx *fx = *state;
	/* Today is 2026-11-20 (setup). */
	int year = 0;
	assert_int_equal(
	    gk_publish_check_date(fx->store, "2026-11-20", &year, &fx->err), 0);
	assert_int_equal(year, 2026);
	assert_refused(
	    fx, gk_publish_check_date(fx->store, "2026-11-21", NULL, &fx->err),
	    GK_EINVAL,
	    "The publication date (发布日期) 2026-11-21 is in the future; "
	    "today is 2026-11-20.");
	assert_refused(
	    fx, gk_publish_check_date(fx->store, "2026-02-29", NULL, &fx->err),
	    GK_EINVAL, "not a real date");

	assert_int_equal(
	    gk_publish_check_written("2026-11-20", "2026-11-20", &fx->err), 0);
	assert_refused(
	    fx, gk_publish_check_written("2026-11-21", "2026-11-20", &fx->err),
	    GK_EINVAL,
	    "The date written (成文日期) 2026-11-21 is after the publication "
	    "date 2026-11-20.");
	assert_refused(fx,
		       gk_publish_check_written("2026-13-01", NULL, &fx->err),
		       GK_EINVAL, "The date written (成文日期)");
	/* A 发布日期 that is no date yet is not compared with. */
	assert_int_equal(
	    gk_publish_check_written("2026-11-21", "2026-1", &fx->err), 0);

	assert_int_equal(gk_publish_check_end_date(fx->store, "2026-11-19",
						   "2026-11-19", &fx->err),
			 0);
	assert_refused(fx,
		       gk_publish_check_end_date(fx->store, "2026-11-18",
						 "2026-11-19", &fx->err),
		       GK_EINVAL,
		       "The end date 2026-11-18 is before the publication date "
		       "2026-11-19.");
	assert_refused(fx,
		       gk_publish_check_end_date(fx->store, "2026-11-21",
						 "2026-11-19", &fx->err),
		       GK_EINVAL,
		       "The end date 2026-11-21 is in the future; today is "
		       "2026-11-20.");

	assert_int_equal(gk_coverage_check_date(fx->store, "2026-11-20",
						"2026-11-19", &fx->err),
			 0);
	assert_refused(fx,
		       gk_coverage_check_date(fx->store, "2026-11-18",
					      "2026-11-19", &fx->err),
		       GK_EINVAL,
		       "The date it appeared, 2026-11-18, is before the "
		       "publication on 2026-11-19.");
	assert_refused(
	    fx, gk_coverage_check_date(fx->store, "2026-11-21", NULL, &fx->err),
	    GK_EINVAL,
	    "The date it appeared 2026-11-21 is in the "
	    "future");

	/* The core's own calls say the same words. */
	char id[GK_ID_HEX + 1];
	strcpy(id, fx_published(fx, "通报", body_plain, NULL));
	assert_refused(fx,
		       gk_publish_withdraw(fx->store, ME("fang"), id, "失效",
					   "2026-11-21", "到期", &fx->err),
		       GK_EINVAL,
		       "The end date 2026-11-21 is in the future; today is "
		       "2026-11-20.");
	assert_refused(fx,
		       gk_coverage_add(fx->store, ME("fang"), id, "大众日报",
				       "报纸", "2026-11-19", NULL, &fx->err),
		       GK_EINVAL,
		       "The date it appeared, 2026-11-19, is before the "
		       "publication on 2026-11-20.");
}

/* A fresh agency whose clock stands at 2026-11-20, 10:00 China time. */
static int setup(void **state)
{
	if (fx_setup(state) < 0)
		return -1;
	set_day(*state, "2026-11-20");
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
	    T(test_publishing_gives_the_first_index_number_of_the_year),
	    T(test_index_numbers_run_without_gaps_across_a_year_boundary),
	    T(test_a_refused_publication_uses_no_serial),
	    T(test_two_processes_publishing_at_once_get_unique_serials),
	    T(test_only_a_publisher_may_publish),
	    T(test_an_item_not_signed_off_is_refused),
	    T(test_an_item_published_already_is_refused_with_its_number),
	    T(test_an_item_withheld_is_refused),
	    T(test_an_open_confidentiality_question_is_refused),
	    T(test_a_text_changed_by_one_byte_after_sign_off_is_refused),
	    T(test_a_version_other_than_the_signed_one_is_refused),
	    T(test_the_publisher_must_have_read_the_current_version),
	    T(test_a_summary_of_1_to_100_characters_is_required),
	    T(test_catalog_fields_are_checked),
	    T(test_publication_dates_are_checked),
	    T(test_channels_are_checked),
	    T(test_only_the_index_station_allocates),
	    T(test_a_web_channel_gets_a_page_and_a_text_file),
	    T(test_the_display_screen_gets_one_line),
	    T(test_a_gb18030_channel_round_trips_through_iconv),
	    T(test_a_gbk_channel_refuses_a_character_outside_gbk),
	    T(test_an_unwritable_outbox_fails_the_delivery_not_the_publication),
	    T(test_deliveries_are_marked_delivered_or_failed),
	    T(test_withdrawing_rewrites_the_published_page_and_screen_line),
	    T(test_withdrawing_keeps_the_item_in_the_catalog_as_expired),
	    T(test_a_correction_is_a_new_draft_naming_the_publication),
	    T(test_coverage_is_recorded_for_published_items),
	    T(test_an_administrator_adds_channels),
	    T(test_index_numbers_follow_the_pattern),
	    T(test_an_administrator_sets_the_index_pattern),
	    T(test_a_title_in_book_marks_reads_the_same_in_every_delivery_file),
	    T(test_the_book_title_rule),
	    T(test_the_cli_and_the_workstation_publish_the_same_metadata),
	    T(test_the_date_checks_say_what_the_forms_show),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
