/*
 * The confidentiality review (保密审查, secrecy.h): the checklist, the
 * scanner's findings on an item, and the rule that nothing is signed off
 * while the review is open.
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "scan.h"
#include "secrecy.h"

#define ME(login) fx_id(fx, login)

/* Mask finding no of id as login (seen_hash may be NULL). */
static int redact(struct fx *fx, const char *login, const char *id, int no,
		  const char *seen_hash)
{
	return gk_secrecy_redact(fx->store, fx_id(fx, login), id, &no, 1,
				 seen_hash, &fx->err);
}

/* Bodies as the bureau writes them.  The ID numbers are valid (GB 11643
 * check character and birth date), the mobile is a real-looking one. */

static const char body_plain[] =
    "各镇（街道）、各有关企业：\n"
    "2026年1—10月，全区规模以上工业增加值同比增长6.5%，工业经济运行总体"
    "平稳。\n"
    "特此通报。\n";
static const char body_id[] =
    "根据《淄川区企业技术能手评选办法》，经企业推荐、专家评审，拟表彰以下"
    "同志为2026年度区级企业技术能手，现予公示：\n"
    "一、李明，淄博瑞丰陶瓷有限公司窑炉车间主任，身份证号："
    "370302198805120018。\n"
    "公示期为5个工作日。\n";
/* The same, and a contact at line 4, column 37. */
static const char body_id_and_mobile[] =
    "根据《淄川区企业技术能手评选办法》，经企业推荐、专家评审，拟表彰以下"
    "同志为2026年度区级企业技术能手，现予公示：\n"
    "一、李明，淄博瑞丰陶瓷有限公司窑炉车间主任，身份证号："
    "370302198805120018。\n"
    "公示期为5个工作日。\n"
    "如有异议，请于公示期内向区经济和信息化局工业科反映。"
    "联系人：王芳，手机：13869012345。\n";
static const char body_mobile_twice[] =
    "报名咨询：王芳，手机：13869012345。\n"
    "材料报送：工业科（区政府办公楼412室），联系电话同上（13869012345）。\n";
static const char body_marking[] = "秘密★1年\n"
				   "关于2026年度重点企业用电保障方案的请示\n"
				   "区政府：\n现将方案报上，请审示。\n";

static int approve(struct fx *fx, const char *login, const char *item)
{
	return gk_flow_approve(fx->store, ME(login), item, NULL, NULL,
			       &fx->err);
}

static int answer(struct fx *fx, const char *login, const char *item,
		  const char *question, const char *value, const char *note)
{
	return gk_secrecy_answer(fx->store, ME(login), item, question, value,
				 note, &fx->err);
}

/* A new draft by login with this title and body; its id in a static
 * buffer that the next call overwrites. */
static const char *draft(struct fx *fx, const char *login, const char *title,
			 const char *body)
{
	static char id[GK_ID_HEX + 1];
	struct gk_draft d = {
	    .title = title, .category = "企业之窗", .body = body};
	if (gk_doc_create(fx->store, ME(login), &d, id, &fx->err) < 0)
		fail_msg("draft by %s: %s", login, fx->err.msg);
	return id;
}

/* A draft by zhang (综合科) with body, submitted to step 1. */
static const char *submitted(struct fx *fx, const char *title, const char *body)
{
	const char *id = draft(fx, "zhang", title, body);
	if (gk_flow_submit(fx->store, ME("zhang"), id, &fx->err) < 0)
		fail_msg("submit: %s", fx->err.msg);
	return id;
}

/* The head of 综合科 and the deputy approve item: it awaits the
 * director's sign-off. */
static void to_signoff(struct fx *fx, const char *item)
{
	if (approve(fx, "li", item) < 0 || approve(fx, "wang", item) < 0)
		fail_msg("approving steps 1 and 2: %s", fx->err.msg);
}

static void load(struct fx *fx, const char *item, struct gk_checklist *list)
{
	if (gk_secrecy_load(fx->store, item, list, &fx->err) < 0)
		fail_msg("load: %s", fx->err.msg);
}

static struct gk_item get(struct fx *fx, const char *item)
{
	struct gk_item it;
	if (gk_doc_get(fx->store, item, &it, &fx->err) < 0)
		fail_msg("get: %s", fx->err.msg);
	return it;
}

static void assert_at(struct fx *fx, const char *item, const char *state,
		      int step, int version)
{
	char s[16];
	int at, v;
	fx_where(fx, item, s, &at, &v);
	assert_string_equal(s, state);
	assert_int_equal(at, step);
	assert_int_equal(v, version);
}

/* Every question but number skip answered 否 by login. */
static void answer_all_but(struct fx *fx, const char *item, const char *login,
			   int skip)
{
	struct gk_checklist list;
	load(fx, item, &list);
	for (int i = 0; i < list.n_entries; i++)
		if (list.entries[i].no != skip &&
		    answer(fx, login, item, list.entries[i].code, "否", NULL) <
			0)
			fail_msg("answering %d: %s", list.entries[i].no,
				 fx->err.msg);
	gk_checklist_free(&list);
}

#define sql_int(fx, sql) fx_sql_int((fx)->store, (sql), NULL)

/* ---- the rule: what holds up the sign-off ------------------------------ */

static void
test_sign_off_is_refused_while_a_question_is_unanswered(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	answer_all_but(fx, id, "li", 5);
	to_signoff(fx, id);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "question 5 not answered");
	assert_at(fx, id, "review", 3, 1);
	assert_int_equal(answer(fx, "zhao", id, "5", "否", NULL), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_at(fx, id, "signed", 0, 1);
}

static void
test_sign_off_of_an_unanswered_checklist_lists_the_questions(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	to_signoff(fx, id);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "questions 1–13 not answered");
	assert_non_null(strstr(fx->err.msg, "保密审查"));
}

static void test_sign_off_is_refused_while_an_answer_is_stale_after_a_redaction(
    void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id));
	fx_checklist_clear(fx, id, "li");
	to_signoff(fx, id);
	/* The director masks the ID number: version 2, read by nobody. */
	assert_int_equal(redact(fx, "zhao", id, 1, NULL), 0);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "questions 1–13 answered on an earlier version");
	assert_at(fx, id, "review", 3, 2);
	assert_int_equal(
	    gk_secrecy_confirm(fx->store, ME("zhao"), id, NULL, &fx->err), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_at(fx, id, "signed", 0, 2);
}

static void test_sign_off_is_refused_while_one_answer_is_stale(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id));
	answer_all_but(fx, id, "li", 5);
	to_signoff(fx, id);
	assert_int_equal(answer(fx, "zhao", id, "privacy", "否", NULL), 0);
	assert_int_equal(redact(fx, "zhao", id, 1, NULL), 0);
	/* Answering the stale ones again is the other way to confirm. */
	answer_all_but(fx, id, "zhao", 5);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "question 5 answered on an earlier version");
	assert_int_equal(answer(fx, "zhao", id, "privacy", "否", NULL), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
}

static void
test_sign_off_is_refused_while_a_blocking_question_is_answered_yes(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_plain));
	answer_all_but(fx, id, "li", 5);
	assert_int_equal(answer(fx, "li", id, "privacy", "是",
				"公示含个人工作单位，需本人同意"),
			 0);
	to_signoff(fx, id);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "question 5 answered 是");
	assert_at(fx, id, "review", 3, 1);
	/* The director, having the consent on file, answers 否. */
	assert_int_equal(
	    answer(fx, "zhao", id, "5", "否", "已取得本人书面同意"), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
}

static void test_sign_off_is_refused_while_a_finding_is_open(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id_and_mobile));
	fx_checklist_clear(fx, id, "li");
	to_signoff(fx, id);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "2 findings open (ID card number 2:28, mobile "
		       "number 4:37)");
	/* Nothing about the answers: they are complete. */
	assert_null(strstr(fx->err.msg, "question"));
	assert_int_equal(gk_secrecy_dismiss(fx->store, ME("zhao"), id, 2, NULL,
					    "单位公开的工作联系方式", &fx->err),
			 0);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "1 finding open (ID card number 2:28)");
	assert_int_equal(gk_secrecy_dismiss(fx->store, ME("zhao"), id, 1, NULL,
					    "本人同意公开", &fx->err),
			 0);
	/* Dismissed findings do not hold it up. */
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_at(fx, id, "signed", 0, 1);
}

static void
test_sign_off_lists_everything_open_and_is_accepted_once_cleared(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id_and_mobile));
	answer_all_but(fx, id, "li", 3);
	assert_int_equal(answer(fx, "li", id, "privacy", "是",
				"含身份证号和手机号，需区分处理"),
			 0);
	to_signoff(fx, id);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "question 3 not answered; question 5 answered "
		       "是; 2 findings open");

	assert_int_equal(answer(fx, "zhao", id, "security", "否", NULL), 0);
	assert_int_equal(redact(fx, "zhao", id, 1, NULL), 0);
	assert_int_equal(redact(fx, "zhao", id, 1, NULL), 0);
	assert_at(fx, id, "review", 3, 3);
	/* What was answered on v1 must be read again: stale, not 是. */
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "questions 1–13 answered on an earlier version");
	assert_null(strstr(fx->err.msg, "finding"));
	assert_int_equal(answer(fx, "zhao", id, "privacy", "否",
				"身份证号、手机号已作区分处理"),
			 0);
	int confirmed = 0;
	assert_int_equal(
	    gk_secrecy_confirm(fx->store, ME("zhao"), id, &confirmed, &fx->err),
	    0);
	assert_int_equal(confirmed, 12);
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_at(fx, id, "signed", 0, 3);
}

static void
test_an_informational_question_answered_yes_does_not_block(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	answer_all_but(fx, id, "li", 11);
	/* 是 to an informational question needs no note. */
	assert_int_equal(answer(fx, "li", id, "inaccurate", "是", NULL), 0);
	assert_int_equal(answer(fx, "li", id, "12", "是", "可以部分公开"), 0);
	to_signoff(fx, id);
	assert_int_equal(approve(fx, "zhao", id), 0);
	assert_at(fx, id, "signed", 0, 1);
}

static void
test_a_dismissal_covers_a_second_occurrence_of_the_same_text(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "关于组织企业参加技术改造项目培训的通知",
			     body_mobile_twice));
	load(fx, id, &list);
	assert_int_equal(list.n_findings, 2);
	assert_int_equal(list.open, 2);
	gk_checklist_free(&list);
	assert_int_equal(gk_secrecy_dismiss(fx->store, ME("li"), id, 1, NULL,
					    "工业科公开的工作电话", &fx->err),
			 0);
	load(fx, id, &list);
	assert_int_equal(list.open, 0);
	assert_true(list.findings[1].dismissed);
	assert_string_equal(list.findings[1].reason, "工业科公开的工作电话");
	assert_string_equal(list.findings[1].actor_name, "李科长");
	gk_checklist_free(&list);
	/* Dismissing the second one too says it already is. */
	assert_refused(fx,
		       gk_secrecy_dismiss(fx->store, ME("li"), id, 2, NULL,
					  "再次", &fx->err),
		       GK_EEXIST, "already");
	fx_checklist_clear(fx, id, "li");
	to_signoff(fx, id);
	assert_int_equal(approve(fx, "zhao", id), 0);
}

static void test_a_dismissal_still_counts_in_a_later_version(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id_and_mobile));
	assert_int_equal(gk_secrecy_dismiss(fx->store, ME("li"), id, 2, NULL,
					    "单位公开的工作联系方式", &fx->err),
			 0);
	assert_int_equal(redact(fx, "li", id, 1, NULL), 0);
	load(fx, id, &list);
	assert_int_equal(list.version, 2);
	assert_int_equal(list.n_findings, 1);
	assert_int_equal(list.findings[0].f.kind, GK_FIND_MOBILE);
	assert_true(list.findings[0].dismissed);
	assert_int_equal(list.open, 0);
	gk_checklist_free(&list);
}

/* ---- answering ----------------------------------------------------------- */

static void test_yes_to_a_blocking_question_needs_a_note(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id));
	assert_refused(fx, answer(fx, "li", id, "privacy", "是", NULL),
		       GK_EINVAL, "question 5 needs a note");
	assert_refused(fx, answer(fx, "li", id, "5", "yes", " \u3000 "),
		       GK_EINVAL, "needs a note");
	load(fx, id, &list);
	assert_int_equal(list.missing, 13);
	gk_checklist_free(&list);
	assert_int_equal(
	    answer(fx, "li", id, "5", "是", "含身份证号，需区分处理"), 0);
	load(fx, id, &list);
	assert_string_equal(list.entries[4].answer, "yes");
	assert_string_equal(list.entries[4].note, "含身份证号，需区分处理");
	assert_int_equal(list.blocking_yes, 1);
	gk_checklist_free(&list);
}

static void test_a_question_is_answered_by_number_or_by_code(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	assert_int_equal(answer(fx, "li", id, "1", "否", NULL), 0);
	assert_int_equal(answer(fx, "li", id, "prohibited", "no", NULL), 0);
	assert_int_equal(answer(fx, "li", id, "3", "NO", NULL), 0);
	assert_int_equal(answer(fx, "li", id, "inaccurate", "yes", NULL), 0);
	load(fx, id, &list);
	assert_int_equal(list.n_entries, 13);
	assert_string_equal(list.entries[0].code, "state-secret");
	assert_string_equal(list.entries[0].answer, "no");
	assert_string_equal(list.entries[1].answer, "no");
	assert_string_equal(list.entries[2].answer, "no");
	assert_string_equal(list.entries[3].answer, "");
	assert_string_equal(list.entries[10].answer, "yes");
	assert_string_equal(list.entries[0].actor_login, "li");
	assert_string_equal(list.entries[0].actor_name, "李科长");
	assert_int_equal(list.entries[0].step, 1);
	assert_int_equal(list.entries[0].version, 1);
	assert_false(list.entries[0].stale);
	assert_int_equal(list.missing, 9);
	gk_checklist_free(&list);
}

static void test_the_latest_answer_counts(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	assert_int_equal(answer(fx, "li", id, "privacy", "是", "初判涉及"), 0);
	assert_int_equal(answer(fx, "li", id, "privacy", "否", "复核后不涉及"),
			 0);
	load(fx, id, &list);
	assert_string_equal(list.entries[4].answer, "no");
	assert_string_equal(list.entries[4].note, "复核后不涉及");
	assert_int_equal(list.blocking_yes, 0);
	gk_checklist_free(&list);
	/* Every answer is kept. */
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM check_answer"), 2);
}

static void test_an_answer_other_than_yes_or_no_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	assert_refused(fx, answer(fx, "li", id, "5", "可能", NULL), GK_EINVAL,
		       "可能");
	assert_refused(fx, answer(fx, "li", id, "5", "", NULL), GK_EINVAL,
		       "是 or 否");
	assert_refused(fx, answer(fx, "li", id, "14", "否", NULL), GK_ENOTFOUND,
		       "no question '14'");
	assert_refused(fx, answer(fx, "li", id, "copyright", "否", NULL),
		       GK_ENOTFOUND, "copyright");
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM check_answer"), 0);
}

/* ---- who answers --------------------------------------------------------- */

static void test_the_author_may_not_answer(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	/* chen drafts and heads 综合科: still not on their own item. */
	strcpy(id, draft(fx, "chen", "科室内部通知", body_plain));
	assert_refused(fx, answer(fx, "chen", id, "5", "否", NULL), GK_EDENIED,
		       "in review");
	assert_int_equal(gk_flow_submit(fx->store, ME("chen"), id, &fx->err),
			 0);
	assert_refused(fx, answer(fx, "chen", id, "5", "否", NULL), GK_EDENIED,
		       "You wrote this item");
	assert_refused(
	    fx, gk_secrecy_confirm(fx->store, ME("chen"), id, NULL, &fx->err),
	    GK_EDENIED, "You wrote this item");
	assert_int_equal(answer(fx, "li", id, "5", "否", NULL), 0);
}

static void test_who_cannot_decide_the_current_step_may_not_answer(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_id));
	/* The head of another 科室, the deputy and the director, at step 1. */
	assert_refused(fx, answer(fx, "sun", id, "5", "否", NULL), GK_EDENIED,
		       "综合科");
	assert_refused(fx, answer(fx, "wang", id, "5", "否", NULL), GK_EDENIED,
		       "department head");
	assert_refused(fx, answer(fx, "zhao", id, "5", "否", NULL), GK_EDENIED,
		       "department head");
	assert_refused(fx,
		       gk_secrecy_dismiss(fx->store, ME("sun"), id, 1, NULL,
					  "理由", &fx->err),
		       GK_EDENIED, "综合科");
	assert_refused(fx, redact(fx, "wang", id, 1, NULL), GK_EDENIED,
		       "department head");
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM check_answer"), 0);
	assert_at(fx, id, "review", 1, 1);
	/* Once li approved, li no longer decides: step 2 is the deputy's. */
	assert_int_equal(approve(fx, "li", id), 0);
	assert_refused(fx, answer(fx, "li", id, "5", "否", NULL), GK_EDENIED,
		       "");
	assert_int_equal(answer(fx, "wang", id, "5", "否", NULL), 0);
}

static void test_nobody_answers_before_the_checklist_step(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	assert_int_equal(gk_setting_set(fx->store, ME("admin"),
					"checklist-step", "2", &fx->err),
			 0);
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id));
	assert_refused(fx, answer(fx, "li", id, "5", "否", NULL), GK_EDENIED,
		       "from step 2");
	assert_refused(fx,
		       gk_secrecy_dismiss(fx->store, ME("li"), id, 1, NULL,
					  "理由", &fx->err),
		       GK_EDENIED, "from step 2");
	assert_refused(fx, redact(fx, "li", id, 1, NULL), GK_EDENIED,
		       "from step 2");
	struct gk_checklist list;
	load(fx, id, &list);
	assert_int_equal(list.fill_step, 2);
	gk_checklist_free(&list);
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(answer(fx, "wang", id, "5", "否", NULL), 0);
	/* The chain has three steps: the setting cannot name a fourth. */
	assert_refused(fx,
		       gk_setting_set(fx->store, ME("admin"), "checklist-step",
				      "4", &fx->err),
		       GK_EINVAL, "3 steps");
}

static void test_a_later_step_may_amend_an_answer(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_plain));
	fx_checklist_clear(fx, id, "li");
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(answer(fx, "wang", id, "privacy", "是",
				"公示名单含个人信息，请核实本人同意"),
			 0);
	load(fx, id, &list);
	assert_string_equal(list.entries[4].answer, "yes");
	assert_string_equal(list.entries[4].actor_login, "wang");
	assert_int_equal(list.entries[4].step, 2);
	assert_string_equal(list.entries[3].actor_login, "li");
	gk_checklist_free(&list);
	assert_int_equal(approve(fx, "wang", id), 0);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "question 5 answered 是");
}

static void test_overturning_a_colleagues_answer_needs_a_note(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	char *record;
	strcpy(id, submitted(fx, "关于召开2026年度工业经济运行调度会议的通知",
			     body_plain));
	fx_checklist_clear(fx, id, "li");
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(answer(fx, "wang", id, "internal", "是",
				"会议内容涉及尚未公开的企业运行数据"),
			 0);
	assert_int_equal(approve(fx, "wang", id), 0);
	/* The director disagrees: not without saying why. */
	assert_refused(fx, answer(fx, "zhao", id, "internal", "否", NULL),
		       GK_EINVAL, "changing the answer needs a note");
	load(fx, id, &list);
	assert_string_equal(list.entries[6].answer, "yes");
	gk_checklist_free(&list);
	/* Confirming a colleague's answer as it is needs none. */
	assert_int_equal(answer(fx, "zhao", id, "security", "否", NULL), 0);
	assert_int_equal(answer(fx, "zhao", id, "internal", "否",
				"数据已由统计部门发布，可以公开"),
			 0);
	/* His own answer he changes back and forth without a note. */
	assert_int_equal(
	    answer(fx, "zhao", id, "security", "是", "待核实数据来源"), 0);
	assert_int_equal(answer(fx, "zhao", id, "security", "否", NULL), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
	/* The form keeps the deputy's 是 under the director's 否. */
	assert_int_equal(
	    gk_secrecy_record(fx->store, id, GK_RECORD_TEXT, &record, &fx->err),
	    0);
	const char *q7 = strstr(record, "\n7. ");
	assert_non_null(q7);
	const char *q8 = strstr(q7, "\n8. ");
	assert_non_null(q8);
	const char *earlier = strstr(q7, "Earlier: 是");
	if (!earlier || earlier > q8 ||
	    !strstr(earlier, "会议内容涉及尚未公开的企业运行数据"))
		fail_msg(
		    "question 7 does not show the deputy's earlier 是:\n%.*s",
		    (int)(q8 - q7), q7);
	free(record);
}

static void test_several_findings_are_masked_in_one_version(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id_and_mobile));
	load(fx, id, &list);
	assert_int_equal(list.n_findings, 2);
	gk_checklist_free(&list);
	/* Numbers from one listing, in any order, one of them twice. */
	int nos[] = {2, 1, 2};
	assert_int_equal(
	    gk_secrecy_redact(fx->store, ME("li"), id, nos, 3, NULL, &fx->err),
	    0);
	assert_at(fx, id, "review", 1, 2);
	struct gk_item it = get(fx, id);
	assert_non_null(strstr(it.body, "370302********0018"));
	assert_non_null(strstr(it.body, "138****2345"));
	gk_item_free(&it);
	load(fx, id, &list);
	assert_int_equal(list.n_findings, 0);
	gk_checklist_free(&list);
	/* One 'redact' event names both, in text order. */
	struct gk_event *events;
	int n;
	assert_int_equal(gk_doc_history(fx->store, id, &events, &n, &fx->err),
			 0);
	assert_string_equal(events[n - 1].action, "redact");
	const char *first = strstr(events[n - 1].comment, "370302");
	const char *second = strstr(events[n - 1].comment, "138****");
	assert_true(first && second && first < second);
	gk_events_free(events, n);
	/* A number beyond the list refuses the whole redaction. */
	strcpy(id, submitted(fx, "关于公布技术能手的通知", body_id_and_mobile));
	int bad[] = {1, 3};
	assert_refused(
	    fx,
	    gk_secrecy_redact(fx->store, ME("li"), id, bad, 2, NULL, &fx->err),
	    GK_ENOTFOUND, "no finding 3");
	assert_at(fx, id, "review", 1, 1);
}

/* ---- redaction ----------------------------------------------------------- */

static void
test_a_reviewers_redaction_is_a_new_version_at_the_same_step(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id));
	assert_int_equal(approve(fx, "li", id), 0);
	struct gk_item before = get(fx, id);
	assert_int_equal(redact(fx, "wang", id, 1, before.hash), 0);
	assert_at(fx, id, "review", 2, 2);
	struct gk_item after = get(fx, id);
	assert_int_equal(after.round, before.round);
	assert_string_not_equal(after.hash, before.hash);
	assert_non_null(strstr(after.body, "身份证号：370302********0018。"));
	assert_null(strstr(after.body, "370302198805120018"));
	/* Only the number changed. */
	assert_int_equal(strlen(after.body), strlen(before.body));

	struct gk_finding *found;
	size_t n;
	assert_int_equal(
	    gk_scan(after.body, strlen(after.body), &found, &n, &fx->err), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(found[i].kind, GK_FIND_ID_NUMBER);
	gk_scan_free(found, n);

	struct gk_event *events;
	int m;
	assert_int_equal(gk_doc_history(fx->store, id, &events, &m, &fx->err),
			 0);
	assert_string_equal(events[m - 1].action, "redact");
	assert_string_equal(events[m - 1].actor_login, "wang");
	assert_int_equal(events[m - 1].version, 2);
	assert_int_equal(events[m - 1].step, 2);
	assert_non_null(strstr(events[m - 1].comment, "370302********0018"));
	gk_events_free(events, m);
	gk_item_free(&before);
	gk_item_free(&after);
	/* The deputy still decides it, on version 2. */
	assert_int_equal(approve(fx, "wang", id), 0);
	assert_at(fx, id, "review", 3, 2);
}

static void test_the_masks_keep_what_the_header_says(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     "一、张华，身份证号：11010519491231002X。\n"
			     "联系人：王芳，手机：13869012345。\n"));
	assert_int_equal(redact(fx, "li", id, 2, NULL), 0);
	assert_int_equal(redact(fx, "li", id, 1, NULL), 0);
	struct gk_item it = get(fx, id);
	assert_string_equal(it.body,
			    "一、张华，身份证号：110105********002X。\n"
			    "联系人：王芳，手机：138****2345。\n");
	assert_int_equal(it.version, 3);
	gk_item_free(&it);
	struct gk_checklist list;
	load(fx, id, &list);
	assert_int_equal(list.n_findings, 0);
	gk_checklist_free(&list);
}

static void test_the_author_may_redact_their_own_draft(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id,
	       draft(fx, "zhang",
		     "关于2026年度区级企业技术能手拟表彰人员的公示", body_id));
	assert_refused(fx, redact(fx, "li", id, 1, NULL), GK_EDENIED, "张三");
	assert_int_equal(redact(fx, "zhang", id, 1, NULL), 0);
	assert_at(fx, id, "draft", 0, 2);
	struct gk_item it = get(fx, id);
	assert_non_null(strstr(it.body, "370302********0018"));
	gk_item_free(&it);
	/* But dismissing is a reviewer's judgement. */
	strcpy(id, draft(fx, "zhang", "联系方式", body_mobile_twice));
	assert_refused(fx,
		       gk_secrecy_dismiss(fx->store, ME("zhang"), id, 1, NULL,
					  "公开电话", &fx->err),
		       GK_EDENIED, "in review");
}

static void test_a_returned_item_is_redacted_by_its_author(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id));
	assert_int_equal(gk_flow_return(fx->store, ME("li"), id, NULL,
					"请隐去身份证号", &fx->err),
			 0);
	assert_refused(fx, redact(fx, "li", id, 1, NULL), GK_EDENIED, "");
	assert_int_equal(redact(fx, "zhang", id, 1, NULL), 0);
	assert_at(fx, id, "draft", 0, 2);
}

/* The checklist screen offers m (mask) exactly to those the core lets
 * mask: the author of a draft, the reviewer of an item in review. */
static void test_may_redact_is_what_a_redaction_meets(void **state)
{
	struct fx *fx = *state;
	struct gk_user zhang, li, liu;
	struct gk_item it;
	char id[GK_ID_HEX + 1];
	assert_int_equal(gk_user_load(fx->store, "zhang", 1, &zhang, &fx->err),
			 0);
	assert_int_equal(gk_user_load(fx->store, "li", 1, &li, &fx->err), 0);
	assert_int_equal(gk_user_load(fx->store, "liu", 1, &liu, &fx->err), 0);
	strcpy(id, draft(fx, "zhang", "公示", body_id));
	it = get(fx, id);
	assert_int_equal(
	    gk_secrecy_may_redact(fx->store, &zhang, &it, &fx->err), 0);
	assert_refused(fx, gk_secrecy_may_redact(fx->store, &li, &it, &fx->err),
		       GK_EDENIED, "张三");
	gk_item_free(&it);
	assert_int_equal(gk_flow_submit(fx->store, zhang.id, id, &fx->err), 0);
	it = get(fx, id);
	assert_int_equal(gk_secrecy_may_redact(fx->store, &li, &it, &fx->err),
			 0);
	assert_refused(fx,
		       gk_secrecy_may_redact(fx->store, &zhang, &it, &fx->err),
		       GK_EDENIED, "You wrote this item");
	assert_refused(fx,
		       gk_secrecy_may_redact(fx->store, &liu, &it, &fx->err),
		       GK_EDENIED, "");
	gk_item_free(&it);
	assert_refused(fx, redact(fx, "zhang", id, 1, NULL), GK_EDENIED,
		       "You wrote this item");
	assert_int_equal(redact(fx, "li", id, 1, NULL), 0);
}

static void test_a_secrecy_marking_cannot_be_redacted(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "关于2026年度重点企业用电保障方案的请示",
			     body_marking));
	load(fx, id, &list);
	assert_true(list.n_findings >= 1);
	assert_int_equal(list.findings[0].f.kind, GK_FIND_MARKING);
	gk_checklist_free(&list);
	assert_refused(fx, redact(fx, "li", id, 1, NULL), GK_EINVAL, "");
	assert_at(fx, id, "review", 1, 1);
}

static void test_a_redaction_after_the_item_changed_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], v1[GK_HASH_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id_and_mobile));
	struct gk_item it = get(fx, id);
	strcpy(v1, it.hash);
	gk_item_free(&it);
	assert_int_equal(redact(fx, "li", id, 1, v1), 0);
	/* li read version 1, which had the mobile as finding 2. */
	assert_refused(fx, redact(fx, "li", id, 1, v1), GK_EDENIED, "changed");
	assert_refused(fx,
		       gk_secrecy_dismiss(fx->store, ME("li"), id, 1, v1,
					  "公开电话", &fx->err),
		       GK_EDENIED, "changed");
	assert_refused(fx, redact(fx, "li", id, 1, "zzzzzzzz"), GK_EINVAL,
		       "content hash");
	assert_at(fx, id, "review", 1, 2);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM finding_dismissal"),
			 0);
}

static void test_a_finding_number_out_of_range_is_not_found(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id));
	assert_refused(fx, redact(fx, "li", id, 0, NULL), GK_ENOTFOUND,
		       "no finding 0");
	assert_refused(fx, redact(fx, "li", id, 2, NULL), GK_ENOTFOUND,
		       "one finding, number 1; there is no finding 2");
	assert_refused(fx,
		       gk_secrecy_dismiss(fx->store, ME("li"), id, 2, NULL,
					  "理由", &fx->err),
		       GK_ENOTFOUND, "no finding 2");
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	assert_refused(fx, redact(fx, "li", id, 1, NULL), GK_ENOTFOUND,
		       "no findings");
}

static void test_a_dismissal_needs_a_reason(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "联系方式", body_mobile_twice));
	assert_refused(fx,
		       gk_secrecy_dismiss(fx->store, ME("li"), id, 1, NULL,
					  NULL, &fx->err),
		       GK_EINVAL, "reason");
	assert_refused(fx,
		       gk_secrecy_dismiss(fx->store, ME("li"), id, 1, NULL,
					  " \u3000", &fx->err),
		       GK_EINVAL, "reason");
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM finding_dismissal"),
			 0);
	assert_int_equal(gk_secrecy_dismiss(fx->store, ME("li"), id, 1, NULL,
					    "工业科公开的工作电话", &fx->err),
			 0);
	struct gk_event *events;
	int m;
	assert_int_equal(gk_doc_history(fx->store, id, &events, &m, &fx->err),
			 0);
	assert_string_equal(events[m - 1].action, "dismiss");
	assert_int_equal(events[m - 1].version, 1);
	assert_non_null(strstr(events[m - 1].comment, "工业科公开的工作电话"));
	gk_events_free(events, m);
}

/* ---- confirming ---------------------------------------------------------- */

static void test_confirm_re_records_the_stale_answers(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id));
	answer_all_but(fx, id, "li", 12);
	assert_int_equal(
	    answer(fx, "li", id, "partial", "是", "身份证号需区分处理"), 0);
	assert_int_equal(approve(fx, "li", id), 0);
	assert_int_equal(redact(fx, "wang", id, 1, NULL), 0);
	load(fx, id, &list);
	assert_int_equal(list.stale, 13);
	assert_true(list.entries[11].stale);
	assert_int_equal(list.entries[11].version, 1);
	gk_checklist_free(&list);

	int confirmed = 0;
	assert_int_equal(
	    gk_secrecy_confirm(fx->store, ME("wang"), id, &confirmed, &fx->err),
	    0);
	assert_int_equal(confirmed, 13);
	load(fx, id, &list);
	assert_int_equal(list.stale, 0);
	assert_int_equal(list.missing, 0);
	/* Unchanged, but now on version 2, by who confirmed. */
	assert_string_equal(list.entries[11].answer, "yes");
	assert_string_equal(list.entries[11].note, "身份证号需区分处理");
	assert_int_equal(list.entries[11].version, 2);
	assert_string_equal(list.entries[11].actor_login, "wang");
	assert_int_equal(list.entries[11].step, 2);
	gk_checklist_free(&list);
}

static void test_confirm_with_nothing_stale_is_refused(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	assert_refused(
	    fx, gk_secrecy_confirm(fx->store, ME("li"), id, NULL, &fx->err),
	    GK_EINVAL, "No answer is stale");
	fx_checklist_clear(fx, id, "li");
	int64_t answers = sql_int(fx, "SELECT count(*) FROM check_answer");
	assert_refused(
	    fx, gk_secrecy_confirm(fx->store, ME("li"), id, NULL, &fx->err),
	    GK_EINVAL, "version 1");
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM check_answer"),
			 answers);
}

/* ---- the questions ------------------------------------------------------- */

static void
test_an_added_question_is_number_14_and_blocks_until_answered(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	struct gk_checklist list;
	strcpy(id, submitted(fx, "关于转载《淄博日报》报道的说明", body_plain));
	fx_checklist_clear(fx, id, "li");
	to_signoff(fx, id);
	assert_int_equal(
	    gk_secrecy_question_add(fx->store, ME("admin"), "copyright",
				    "涉及他人著作权且未获授权？",
				    "转载的文章、图片、地图", 1, &fx->err),
	    0);
	assert_int_equal(gk_secrecy_questions(fx->store, &list, &fx->err), 0);
	assert_int_equal(list.n_entries, 14);
	assert_int_equal(list.entries[13].no, 14);
	assert_string_equal(list.entries[13].code, "copyright");
	assert_true(list.entries[13].blocking);
	assert_string_equal(list.entries[13].hint, "转载的文章、图片、地图");
	gk_checklist_free(&list);

	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "question 14 not answered");
	assert_refused(fx, answer(fx, "zhao", id, "14", "是", NULL), GK_EINVAL,
		       "question 14 needs a note");
	assert_int_equal(answer(fx, "zhao", id, "14", "否", NULL), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
}

static void test_an_informational_question_must_still_be_answered(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "关于转载《淄博日报》报道的说明", body_plain));
	fx_checklist_clear(fx, id, "li");
	to_signoff(fx, id);
	assert_int_equal(gk_secrecy_question_add(
			     fx->store, ME("admin"), "copyright",
			     "涉及他人著作权且未获授权？", NULL, 1, &fx->err),
			 0);
	assert_int_equal(gk_secrecy_question_blocking(fx->store, ME("admin"),
						      "copyright", 0, &fx->err),
			 0);
	/* secrecy.h: refused while any answer is missing, informational or
	 * not. */
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "question 14 not answered");
	/* But its 是 needs no note and stops nothing. */
	assert_int_equal(answer(fx, "zhao", id, "copyright", "是", NULL), 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
}

static void
test_a_blocking_question_made_informational_stops_blocking(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	answer_all_but(fx, id, "li", 8);
	assert_int_equal(answer(fx, "li", id, "process", "是", "含讨论过程"),
			 0);
	to_signoff(fx, id);
	assert_refused(fx, approve(fx, "zhao", id), GK_EDENIED,
		       "question 8 answered 是");
	assert_int_equal(gk_secrecy_question_blocking(fx->store, ME("admin"),
						      "8", 0, &fx->err),
			 0);
	assert_int_equal(approve(fx, "zhao", id), 0);
}

static void test_only_an_admin_changes_the_questions(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx,
		       gk_secrecy_question_add(fx->store, ME("li"), "copyright",
					       "涉及他人著作权？", NULL, 1,
					       &fx->err),
		       GK_EDENIED, "");
	assert_refused(fx,
		       gk_secrecy_question_blocking(fx->store, ME("zhao"), "5",
						    0, &fx->err),
		       GK_EDENIED, "");
	assert_refused(fx,
		       gk_secrecy_question_add(fx->store, ME("admin"),
					       "Copyright!", "涉及著作权？",
					       NULL, 1, &fx->err),
		       GK_EINVAL, "lower-case");
	assert_refused(fx,
		       gk_secrecy_question_add(fx->store, ME("admin"), "15",
					       "第十五个问题？", NULL, 1,
					       &fx->err),
		       GK_EINVAL, "not only digits");
	assert_refused(fx,
		       gk_secrecy_question_add(fx->store, ME("admin"),
					       "privacy", "涉及隐私？", NULL, 1,
					       &fx->err),
		       GK_EEXIST, "privacy");
	assert_refused(fx,
		       gk_secrecy_question_blocking(fx->store, ME("admin"),
						    "99", 0, &fx->err),
		       GK_ENOTFOUND, "99");
	struct gk_checklist list;
	assert_int_equal(gk_secrecy_questions(fx->store, &list, &fx->err), 0);
	assert_int_equal(list.n_entries, 13);
	for (int i = 0; i < 10; i++)
		assert_true(list.entries[i].blocking);
	for (int i = 10; i < 13; i++)
		assert_false(list.entries[i].blocking);
	gk_checklist_free(&list);
}

/* ---- the audit log and the append-only tables ------------------------ */

static void
test_the_audit_chain_verifies_after_answers_redactions_dismissals(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	int64_t checked;
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id_and_mobile));
	int64_t before = sql_int(fx, "SELECT count(*) FROM audit");
	fx_checklist_clear(fx, id, "li");
	assert_int_equal(gk_secrecy_dismiss(fx->store, ME("li"), id, 2, NULL,
					    "单位公开的工作联系方式", &fx->err),
			 0);
	assert_int_equal(redact(fx, "li", id, 1, NULL), 0);
	assert_int_equal(
	    gk_secrecy_confirm(fx->store, ME("li"), id, NULL, &fx->err), 0);
	assert_int_equal(gk_secrecy_question_add(fx->store, ME("admin"),
						 "copyright", "涉及著作权？",
						 NULL, 0, &fx->err),
			 0);
	assert_int_equal(gk_audit_verify(fx->store, &checked, &fx->err), 0);
	assert_int_equal(checked, sql_int(fx, "SELECT count(*) FROM audit"));
	/* 13 answers, a dismissal, a redaction, a confirmation, a question */
	assert_int_equal(checked, before + 17);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit "
				     "WHERE action = 'check-answer'"),
			 14);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit "
				     "WHERE action = 'redact'"),
			 1);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit "
				     "WHERE action = 'dismiss'"),
			 1);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit "
				     "WHERE action = 'check-question'"),
			 1);
}

static void test_a_refused_answer_leaves_no_trace(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "全区工业经济运行情况通报", body_plain));
	int64_t audit = sql_int(fx, "SELECT count(*) FROM audit");
	assert_refused(fx, answer(fx, "sun", id, "5", "否", NULL), GK_EDENIED,
		       "");
	assert_refused(fx, answer(fx, "li", id, "5", "是", NULL), GK_EINVAL,
		       "");
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM check_answer"), 0);
}

/* SQL that must fail with "append-only". */
static void assert_append_only(struct fx *fx, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(fx->store->sql, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		fail_msg("%s was allowed", sql);
	if (!msg || !strstr(msg, "append-only"))
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
}

static void test_answers_and_dismissals_cannot_be_changed_by_sql(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1];
	strcpy(id, submitted(fx, "联系方式", body_mobile_twice));
	assert_int_equal(answer(fx, "li", id, "privacy", "是", "含个人手机号"),
			 0);
	assert_int_equal(gk_secrecy_dismiss(fx->store, ME("li"), id, 1, NULL,
					    "工业科公开的工作电话", &fx->err),
			 0);
	assert_append_only(fx, "UPDATE check_answer SET answer = 'no'");
	assert_append_only(fx, "DELETE FROM check_answer");
	assert_append_only(fx, "UPDATE finding_dismissal SET reason = '无'");
	assert_append_only(fx, "DELETE FROM finding_dismissal");
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM check_answer "
				     "WHERE answer = 'yes'"),
			 1);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM finding_dismissal"),
			 1);
}

/* ---- the printed record (保密审查单) --------------------------------------
 */

static void
test_the_record_names_the_item_questions_answers_and_reviewers(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], *record;
	strcpy(id, submitted(fx, "关于2026年度区级企业技术能手拟表彰人员的公示",
			     body_id_and_mobile));
	answer_all_but(fx, id, "li", 12);
	assert_int_equal(
	    answer(fx, "li", id, "partial", "是", "隐去身份证号后公开"), 0);
	assert_int_equal(gk_secrecy_dismiss(fx->store, ME("li"), id, 2, NULL,
					    "单位公开的工作联系方式", &fx->err),
			 0);
	assert_int_equal(gk_flow_approve(fx->store, ME("li"), id, NULL,
					 "同意，请分管领导审核", &fx->err),
			 0);
	assert_int_equal(redact(fx, "wang", id, 1, NULL), 0);
	assert_int_equal(
	    gk_secrecy_record(fx->store, id, GK_RECORD_TEXT, &record, &fx->err),
	    0);
	static const char *const wanted[] = {
	    "保密审查单",
	    "关于2026年度区级企业技术能手拟表彰人员的公示",
	    "综合科",
	    "张三",
	    "涉及国家秘密？",
	    "涉及个人隐私 / 个人信息，且无本人同意或公共利益理由？",
	    "需要报请保密行政管理部门确定？",
	    "隐去身份证号后公开",
	    "李科长 ",
	    "王副局长 ",
	    "370302********0018",
	    "单位公开的工作联系方式",
	    "同意，请分管领导审核",
	    "主要负责人签发",
	    "淄川经信网",
	};
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
		if (!strstr(record, wanted[i]))
			fail_msg("the record lacks \"%s\":\n%s", wanted[i],
				 record);
	/* Each of the 13 questions is on it, numbered. */
	assert_non_null(strstr(record, "\n1. "));
	assert_non_null(strstr(record, "\n13. "));
	/* The answers: 否 for most, 是 for 12; all stale after the redaction.
	 */
	assert_non_null(strstr(record, "否"));
	assert_non_null(strstr(record, "是"));
	assert_null(strstr(record, "<"));
	free(record);
}

static void test_the_html_record_is_a_page_and_escapes_the_title(void **state)
{
	struct fx *fx = *state;
	char id[GK_ID_HEX + 1], *record;
	strcpy(id, submitted(fx, "关于<b>&</b>的\"说明\"", body_plain));
	assert_int_equal(answer(fx, "li", id, "privacy", "是",
				"含<script>alert(1)</script>"),
			 0);
	assert_int_equal(
	    gk_secrecy_record(fx->store, id, GK_RECORD_HTML, &record, &fx->err),
	    0);
	assert_int_equal(strncmp(record, "<!DOCTYPE html>", 15), 0);
	assert_non_null(strstr(record, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(record, "</html>"));
	assert_non_null(
	    strstr(record, "关于&lt;b&gt;&amp;&lt;/b&gt;的&quot;说明&quot;"));
	assert_null(strstr(record, "<b>&</b>"));
	assert_non_null(
	    strstr(record, "含&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(record, "<script>"));
	assert_non_null(strstr(record, "李科长 "));
	free(record);
}

/* ---- the demo ------------------------------------------------------------ */

static void test_every_signed_demo_item_has_a_complete_checklist(void **state)
{
	struct fx *fx = *state;
	struct gk_queue_row *rows;
	struct gk_cursor next;
	int n, signed_off = 0, held_up = 0;
	assert_int_equal(gk_demo_create(fx->store, &fx->err), 0);
	struct gk_user admin;
	assert_int_equal(gk_user_load(fx->store, "admin", 1, &admin, &fx->err),
			 0);
	assert_int_equal(gk_flow_queue(fx->store, admin.id, GK_QUEUE_ALL,
				       GK_CURSOR_START, 1000, &rows, &n, &next,
				       &fx->err),
			 0);
	for (int i = 0; i < n; i++) {
		struct gk_checklist list;
		struct gk_item item;
		load(fx, rows[i].id, &list);
		int complete = !list.missing && !list.stale &&
			       !list.blocking_yes && !list.open;
		if (strcmp(rows[i].state, "signed") == 0) {
			signed_off++;
			if (!complete)
				fail_msg(
				    "signed item %s: %d missing, %d stale, "
				    "%d 是, %d open",
				    rows[i].title, list.missing, list.stale,
				    list.blocking_yes, list.open);
		}
		assert_int_equal(
		    gk_doc_get(fx->store, rows[i].id, &item, &fx->err), 0);
		/* What awaits the sign-off: as the rule sees it. */
		if (strcmp(rows[i].state, "review") == 0 && rows[i].step == 3)
			held_up +=
			    gk_secrecy_require(fx->store, &item, &fx->err) < 0;
		gk_item_free(&item);
		gk_checklist_free(&list);
	}
	free(rows);
	assert_true(signed_off > 0);
	/* The demo keeps one sign-off held up by the review, to show it. */
	assert_true(held_up >= 1);
	int64_t checked;
	assert_int_equal(gk_audit_verify(fx->store, &checked, &fx->err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	    T(test_sign_off_is_refused_while_a_question_is_unanswered),
	    T(test_sign_off_of_an_unanswered_checklist_lists_the_questions),
	    T(test_sign_off_is_refused_while_an_answer_is_stale_after_a_redaction),
	    T(test_sign_off_is_refused_while_one_answer_is_stale),
	    T(test_sign_off_is_refused_while_a_blocking_question_is_answered_yes),
	    T(test_sign_off_is_refused_while_a_finding_is_open),
	    T(test_sign_off_lists_everything_open_and_is_accepted_once_cleared),
	    T(test_an_informational_question_answered_yes_does_not_block),
	    T(test_a_dismissal_covers_a_second_occurrence_of_the_same_text),
	    T(test_a_dismissal_still_counts_in_a_later_version),
	    T(test_yes_to_a_blocking_question_needs_a_note),
	    T(test_a_question_is_answered_by_number_or_by_code),
	    T(test_the_latest_answer_counts),
	    T(test_an_answer_other_than_yes_or_no_is_refused),
	    T(test_the_author_may_not_answer),
	    T(test_who_cannot_decide_the_current_step_may_not_answer),
	    T(test_nobody_answers_before_the_checklist_step),
	    T(test_a_later_step_may_amend_an_answer),
	    T(test_overturning_a_colleagues_answer_needs_a_note),
	    T(test_several_findings_are_masked_in_one_version),
	    T(test_a_reviewers_redaction_is_a_new_version_at_the_same_step),
	    T(test_the_masks_keep_what_the_header_says),
	    T(test_the_author_may_redact_their_own_draft),
	    T(test_a_returned_item_is_redacted_by_its_author),
	    T(test_may_redact_is_what_a_redaction_meets),
	    T(test_a_secrecy_marking_cannot_be_redacted),
	    T(test_a_redaction_after_the_item_changed_is_refused),
	    T(test_a_finding_number_out_of_range_is_not_found),
	    T(test_a_dismissal_needs_a_reason),
	    T(test_confirm_re_records_the_stale_answers),
	    T(test_confirm_with_nothing_stale_is_refused),
	    T(test_an_added_question_is_number_14_and_blocks_until_answered),
	    T(test_an_informational_question_must_still_be_answered),
	    T(test_a_blocking_question_made_informational_stops_blocking),
	    T(test_only_an_admin_changes_the_questions),
	    T(test_the_audit_chain_verifies_after_answers_redactions_dismissals),
	    T(test_a_refused_answer_leaves_no_trace),
	    T(test_answers_and_dismissals_cannot_be_changed_by_sql),
	    T(test_the_record_names_the_item_questions_answers_and_reviewers),
	    T(test_the_html_record_is_a_page_and_escapes_the_title),
	    cmocka_unit_test_setup_teardown(
		test_every_signed_demo_item_has_a_complete_checklist,
		fx_setup_empty, fx_teardown),
#undef T
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
