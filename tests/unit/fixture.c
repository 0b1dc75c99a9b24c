#include "fixture.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "publish.h"
#include "secrecy.h"

static char template_dir[256];
static char template_path[300];

struct member {
	const char *login, *name, *dept, *roles;
};

static const struct member cast[] = {
    {"wang", "王副局长", "局领导", "deputy"},
    {"qian", "钱副局长", "局领导", "deputy"},
    {"zhao", "赵局长", "局领导", "director"},
    {"zhang", "张三", "综合科", "drafter"},
    {"li", "李科长", "综合科", "dept-head"},
    {"chen", "陈主任", "综合科", "drafter,dept-head"},
    {"liu", "刘六", "工业科", "drafter"},
    {"sun", "孙科长", "工业科", "dept-head"},
    {"fang", "方主管", "综合科", "publisher"},
};

#define CHECK(call)                                                            \
	do {                                                                   \
		if ((call) < 0) {                                              \
			fprintf(stderr, "fixture: %s: %s\n", #call, err.msg);  \
			return -1;                                             \
		}                                                              \
	} while (0)

int fx_template(int (*fill)(struct gk_store *store, struct gk_err *err))
{
	struct gk_store *store;
	struct gk_err err;
	snprintf(template_dir, sizeof template_dir, "/tmp/gk-test-XXXXXX");
	if (!mkdtemp(template_dir))
		return -1;
	snprintf(template_path, sizeof template_path, "%s/template.db",
		 template_dir);
	CHECK(gk_store_open(template_path, 1, &store, &err));
	int rc = fill(store, &err);
	if (rc < 0)
		fprintf(stderr, "fixture: %s\n", err.msg);
	gk_store_close(store);
	return rc < 0 ? -1 : 0;
}

/* The cast: an agency with three departments and the people above. */
static int fill_cast(struct gk_store *store, struct gk_err *error)
{
	struct gk_err err;
	struct gk_user admin;
	char id[GK_ID_HEX + 1], password[64];

	(void)error;
	CHECK(gk_agency_init(store, "淄川区经济和信息化局", "000014349",
			     "admin", "管理员", "password-admin", &err));
	CHECK(gk_auth_login(store, "admin", "password-admin", &admin, &err));
	CHECK(gk_dept_add(store, admin.id, "局领导", "leadership", NULL, id,
			  &err));
	CHECK(gk_dept_add(store, admin.id, "综合科", "office", NULL, id, &err));
	CHECK(
	    gk_dept_add(store, admin.id, "工业科", "industry", NULL, id, &err));
	for (size_t i = 0; i < sizeof cast / sizeof cast[0]; i++) {
		unsigned roles;
		CHECK(gk_role_parse(cast[i].roles, &roles, &err));
		snprintf(password, sizeof password, "password-%s",
			 cast[i].login);
		CHECK(gk_user_add(store, admin.id, cast[i].login, cast[i].name,
				  cast[i].dept, roles, password, id, &err));
	}
	CHECK(gk_dept_set_deputy(store, admin.id, "综合科", "wang", &err));
	return 0;
}

int fx_group_setup(void **state)
{
	(void)state;
	return fx_template(fill_cast);
}

static void remove_dir(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fixture: could not remove %s\n", dir);
}

int fx_group_teardown(void **state)
{
	(void)state;
	remove_dir(template_dir);
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	int rc = in && out ? 0 : -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* A copy of the template (copy 1) or a new empty database. */
static int open_database(void **state, int copy)
{
	struct fx *fx = calloc(1, sizeof *fx);
	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/gk-test-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/gongkai.db", fx->dir);
	char key_from[320], key_to[320];
	snprintf(key_from, sizeof key_from, "%s.key", template_path);
	snprintf(key_to, sizeof key_to, "%s.key", fx->path);
	/* The station's key goes with its database, private as it was. */
	if (copy && access(key_from, F_OK) == 0 &&
	    (copy_file(key_from, key_to) < 0 || chmod(key_to, 0600) < 0))
		return -1;
	if ((copy && copy_file(template_path, fx->path) < 0) ||
	    gk_store_open(fx->path, !copy, &fx->store, &fx->err) < 0) {
		fprintf(stderr, "fixture: %s\n", fx->err.msg);
		return -1;
	}
	*state = fx;
	return 0;
}

int fx_setup(void **state)
{
	return open_database(state, 1);
}

int fx_setup_empty(void **state)
{
	return open_database(state, 0);
}

int fx_teardown(void **state)
{
	struct fx *fx = *state;
	gk_store_close(fx->store);
	remove_dir(fx->dir);
	free(fx);
	return 0;
}

const char *fx_id(struct fx *fx, const char *login)
{
	static char ids[8][GK_ID_HEX + 1];
	static int next;
	struct gk_user user;
	if (gk_user_load(fx->store, login, 1, &user, &fx->err) < 0)
		fail_msg("no user %s: %s", login, fx->err.msg);
	char *slot = ids[next++ % 8];
	memcpy(slot, user.id, sizeof user.id);
	return slot;
}

const char *fx_draft(struct fx *fx, const char *login, const char *title)
{
	static char id[GK_ID_HEX + 1];
	struct gk_draft d = {
	    .title = title,
	    .category = "工业经济",
	    .body = "2026年1—10月，全区规模以上工业增加值同比增长6.5%。\n"};
	int rc = gk_doc_create(fx->store, fx_id(fx, login), &d, id, &fx->err);
	if (rc < 0)
		fail_msg("draft by %s: %s", login, fx->err.msg);
	return id;
}

const char *fx_submitted(struct fx *fx, const char *title)
{
	const char *id = fx_draft(fx, "zhang", title);
	if (gk_flow_submit(fx->store, fx_id(fx, "zhang"), id, &fx->err) < 0)
		fail_msg("submit: %s", fx->err.msg);
	return id;
}

void fx_checklist_clear(struct fx *fx, const char *item_id, const char *login)
{
	struct gk_checklist questions;
	const char *who = fx_id(fx, login);
	if (gk_secrecy_questions(fx->store, &questions, &fx->err) < 0)
		fail_msg("questions: %s", fx->err.msg);
	for (int i = 0; i < questions.n_entries; i++)
		if (gk_secrecy_answer(fx->store, who, item_id,
				      questions.entries[i].code, "否", NULL,
				      &fx->err) < 0)
			fail_msg("%s answering question %d: %s", login,
				 questions.entries[i].no, fx->err.msg);
	gk_checklist_free(&questions);
}

void fx_where(struct fx *fx, const char *item_id, char state[16], int *step,
	      int *version)
{
	struct gk_item item;
	if (gk_doc_get(fx->store, item_id, &item, &fx->err) < 0)
		fail_msg("get %s: %s", item_id, fx->err.msg);
	memcpy(state, item.state, 16);
	*step = item.step;
	*version = item.version;
	gk_item_free(&item);
}

/* Take the submitted item id through the checklist and every step. */
static void sign(struct fx *fx, const char *id)
{
	static const char *const steps[] = {"li", "wang", "zhao"};
	fx_checklist_clear(fx, id, "li");
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (gk_flow_approve(fx->store, fx_id(fx, steps[i]), id, NULL,
				    NULL, &fx->err) < 0)
			fail_msg("%s approving: %s", steps[i], fx->err.msg);
}

const char *fx_signed(struct fx *fx, const char *title)
{
	const char *id = fx_submitted(fx, title);
	sign(fx, id);
	return id;
}

const char *fx_published(struct fx *fx, const char *title, const char *body,
			 const char *doc_no)
{
	static char id[GK_ID_HEX + 1];
	char index_no[GK_INDEX_NO_MAX + 1];
	struct gk_draft d = {.title = title,
			     .category = "工业经济",
			     .body = body,
			     .doc_no = doc_no};
	const char *zhang = fx_id(fx, "zhang");
	if (gk_doc_create(fx->store, zhang, &d, id, &fx->err) < 0 ||
	    gk_flow_submit(fx->store, zhang, id, &fx->err) < 0)
		fail_msg("draft %s: %s", title, fx->err.msg);
	sign(fx, id);
	struct gk_pub_meta meta = {.summary = title};
	if (gk_publish(fx->store, fx_id(fx, "fang"), id, &meta, index_no,
		       &fx->err) < 0)
		fail_msg("publishing %s: %s", title, fx->err.msg);
	return id;
}

int64_t fx_sql_int(struct gk_store *store, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store->sql, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(store->sql));
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

void fx_sql_exec(struct gk_store *store, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(store->sql, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}
