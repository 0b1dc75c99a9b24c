/*
 * bench — how the core's queries hold up as the database grows.
 *
 * For each size (number of items) it generates a realistic agency database
 * (bulk SQL in one transaction: the generator is not what is measured),
 * then times core operations and prints a table: operation, items, median
 * and worst time over the runs, the process's peak resident memory so far,
 * and the same SQL in the sqlite3 shell as the baseline (its .timer, as an
 * average over repeated runs in one shell).
 *
 * Usage: bench [ITEMS...]     (default: 10 1000 100000)
 * Not a test: nothing here passes or fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "agency.h"
#include "auth.h"
#include "doc.h"
#include "flow.h"
#include "scan.h"
#include "secrecy.h"
#include "store.h"

#define RUNS 25

struct ctx {
	struct gk_store *store;
	char path[256];
	int items;
	char drafter[GK_ID_HEX + 1], head[GK_ID_HEX + 1];
	char director[GK_ID_HEX + 1], sample[GK_ID_HEX + 1];
	struct gk_err err;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long peak_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void die(const char *what, const struct gk_err *err)
{
	fprintf(stderr, "bench: %s: %s\n", what, err ? err->msg : "failed");
	exit(1);
}

#define CHECK(call, what)                                                      \
	do {                                                                   \
		if ((call) < 0)                                                \
			die(what, &c->err);                                    \
	} while (0)

static const char *const titles[] = {
	"关于开展2026年度企业技术改造项目申报工作的通知",
	"全区规模以上工业经济运行情况通报",
	"淄川区经济和信息化局2026年部门预算公开",
	"关于公布第三批区级“专精特新”中小企业名单的公告",
	"区经信局召开安全生产工作专题会议",
};

/* Bulk-insert items straight into the tables, spread over five years: the
 * old ones signed, the newest 2% in review, drafts or returned, as in an
 * agency where work in progress is a small part of all items. */
static void generate(struct ctx *c)
{
	static const char *const open_states[] = {"review", "review", "draft",
						  "returned"};
	sqlite3_stmt *cat;
	char category[GK_ID_HEX + 1], dept[GK_ID_HEX + 1];
	struct gk_user u;

	CHECK(gk_user_load(c->store, c->drafter, 0, &u, &c->err), "drafter");
	memcpy(dept, u.dept_id, sizeof dept);
	CHECK(gk_store_row(c->store, &c->err, &cat,
			   "SELECT id FROM category LIMIT 1", ""),
	      "category");
	gk_col_copy(cat, 0, category, sizeof category);
	sqlite3_finalize(cat);
	CHECK(gk_store_begin(c->store, &c->err), "begin");
	int64_t start = 1640995200000LL; /* 2022-01-01 */
	int64_t span = 5LL * 365 * 86400000;
	for (int i = 0; i < c->items; i++) {
		char id[GK_ID_HEX + 1], vid[GK_ID_HEX + 1], eid[GK_ID_HEX + 1];
		char when[GK_TIME_LEN], hash[GK_HASH_HEX + 1];
		int recent = i >= c->items - (c->items + 49) / 50;
		const char *state = recent ? open_states[i % 4] : "signed";
		int step = strcmp(state, "review") == 0 ? 1 + i % 3 : 0;
		gk_new_id(id);
		gk_new_id(vid);
		gk_new_id(eid);
		gk_time_format(start + span / c->items * i, when);
		const char *title = titles[i % 5];
		const char *fields[] = {title, id};
		gk_digest(fields, 2, hash);
		CHECK(gk_store_exec(c->store, &c->err,
				    "INSERT INTO item (id, author_id, dept_id, "
				    "state, step, round, version_id, created, "
				    "updated) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
				    "ttttdttt", id, c->drafter, dept, state,
				    step, vid, when, when),
		      "item");
		CHECK(gk_store_exec(c->store, &c->err,
				    "INSERT INTO item_version (id, item_id, n, "
				    "title, category_id, attr, body, hash, "
				    "author_id, created) VALUES (?, ?, 1, ?, ?, "
				    "'active', ?, ?, ?, ?)",
				    "tttttttt", vid, id, title, category,
				    "各镇（街道）、各有关企业：现将有关事项通知如下。",
				    hash, c->drafter, when),
		      "version");
		CHECK(gk_store_exec(c->store, &c->err,
				    "INSERT INTO item_event (id, item_id, at, "
				    "actor_id, action, round, step, version_id) "
				    "VALUES (?, ?, ?, ?, 'create', 1, 0, ?)",
				    "ttttt", eid, id, when, c->drafter, vid),
		      "event");
		if (i == c->items / 2)
			memcpy(c->sample, id, sizeof c->sample);
	}
	CHECK(gk_store_commit(c->store, &c->err), "commit");
	CHECK(gk_store_exec(c->store, &c->err, "ANALYZE", ""), "analyze");
}

static void setup(struct ctx *c, const char *dir)
{
	struct gk_user admin;
	char id[GK_ID_HEX + 1];
	snprintf(c->path, sizeof c->path, "%s/bench-%d.db", dir, c->items);
	CHECK(gk_store_open(c->path, 1, &c->store, &c->err), "open");
	CHECK(gk_agency_init(c->store, "淄川区经济和信息化局", "000014349",
			     "admin", "管理员", "password-admin", &c->err),
	      "init");
	CHECK(gk_auth_login(c->store, "admin", "password-admin", &admin,
			    &c->err),
	      "login");
	CHECK(gk_dept_add(c->store, admin.id, "局领导", "leadership", NULL, id,
			  &c->err),
	      "dept");
	CHECK(gk_dept_add(c->store, admin.id, "综合科", "office", NULL, id,
			  &c->err),
	      "dept");
	CHECK(gk_user_add(c->store, admin.id, "zhang", "张三", "综合科",
			  GK_ROLE_DRAFTER, "password-x", c->drafter, &c->err),
	      "user");
	CHECK(gk_user_add(c->store, admin.id, "li", "李科长", "综合科",
			  GK_ROLE_DEPT_HEAD, "password-x", c->head, &c->err),
	      "user");
	CHECK(gk_user_add(c->store, admin.id, "zhao", "赵局长", "局领导",
			  GK_ROLE_DIRECTOR, "password-x", c->director, &c->err),
	      "user");
	generate(c);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The sqlite3 shell's time for sql with the queue parameters, averaged
 * over RUNS runs in one shell; -1 when the shell is missing. */
static double shell_ms(struct ctx *c, const char *sql, const char *me)
{
	struct gk_user u;
	if (gk_user_load(c->store, me, 0, &u, &c->err) < 0)
		return -1;
	char script[] = "/tmp/gk-bench-sql-XXXXXX";
	int fd = mkstemp(script);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	fprintf(f, ".param set :me '%s'\n.param set :dept '%s'\n"
		   ".param set :last 3\n.param set :u '~'\n.param set :id ''\n"
		   ".param set :n 50\n.output /dev/null\n.timer on\n",
		me, u.dept_id);
	for (int i = 0; i < RUNS; i++)
		fprintf(f, "%s;\n", sql);
	fclose(f);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' < '%s' 2>&1", c->path, script);
	FILE *p = popen(cmd, "r");
	double total = 0, real;
	char line[256];
	int n = 0;
	while (p && fgets(line, sizeof line, p))
		if (sscanf(line, "Run Time: real %lf", &real) == 1) {
			total += real * 1e3;
			n++;
		}
	if (p)
		pclose(p);
	unlink(script);
	return n ? total / n : -1;
}

static void report(struct ctx *c, const char *op, double *t, double baseline)
{
	qsort(t, RUNS, sizeof *t, cmp_double);
	printf("%-34s %8d %10.3f %10.3f %10ld ", op, c->items, t[RUNS / 2],
	       t[RUNS - 1], peak_rss_kib());
	if (baseline >= 0)
		printf("%10.3f\n", baseline);
	else
		printf("%10s\n", "-");
}

static void bench_queue(struct ctx *c, const char *op, enum gk_queue q,
			const char *actor, int pages)
{
	double t[RUNS];
	for (int r = 0; r < RUNS; r++) {
		struct gk_cursor cursor, next;
		double t0 = now_ms();
		for (int p = 0; p < pages; p++) {
			struct gk_queue_row *rows;
			int n;
			CHECK(gk_flow_queue(c->store, actor, q, p ? &cursor : NULL,
					    50, &rows, &n, &next, &c->err),
			      op);
			free(rows);
			cursor = next;
			if (!next.updated[0])
				break;
		}
		t[r] = now_ms() - t0;
	}
	report(c, op, t, pages == 1 ? shell_ms(c, gk_queue_sql(q), actor) : -1);
}

static void bench_count(struct ctx *c, const char *op, enum gk_queue q,
			const char *actor)
{
	double t[RUNS];
	for (int r = 0; r < RUNS; r++) {
		int64_t count;
		double t0 = now_ms();
		CHECK(gk_flow_queue_count(c->store, actor, q, &count, &c->err), op);
		t[r] = now_ms() - t0;
	}
	report(c, op, t, -1);
}

/* What the workstation does when the director's queues open: count each
 * tab, then load the first page (100 rows) of one. */
static void bench_open(struct ctx *c)
{
	static const enum gk_queue tabs[] = {GK_QUEUE_REVIEW, GK_QUEUE_SIGNOFF,
					     GK_QUEUE_SIGNED, GK_QUEUE_ALL};
	double t[RUNS];
	for (int r = 0; r < RUNS; r++) {
		struct gk_queue_row *rows;
		struct gk_cursor next;
		int64_t count;
		int n;
		double t0 = now_ms();
		for (size_t q = 0; q < sizeof tabs / sizeof tabs[0]; q++)
			CHECK(gk_flow_queue_count(c->store, c->director, tabs[q],
						  &count, &c->err),
			      "count");
		CHECK(gk_flow_queue(c->store, c->director, GK_QUEUE_ALL, NULL,
				    100, &rows, &n, &next, &c->err),
		      "page");
		t[r] = now_ms() - t0;
		free(rows);
	}
	report(c, "workstation opens (4 counts, page)", t, -1);
}

static void bench_show(struct ctx *c)
{
	double t[RUNS];
	char prefix[9];
	snprintf(prefix, sizeof prefix, "%.8s", c->sample);
	for (int r = 0; r < RUNS; r++) {
		char id[GK_ID_HEX + 1];
		struct gk_item item;
		struct gk_event *events;
		int n;
		double t0 = now_ms();
		CHECK(gk_doc_resolve(c->store, prefix, id, &c->err), "resolve");
		CHECK(gk_doc_get(c->store, id, &item, &c->err), "get");
		CHECK(gk_flow_history(c->store, id, &events, &n, &c->err),
		      "history");
		t[r] = now_ms() - t0;
		gk_item_free(&item);
		gk_events_free(events, n);
	}
	report(c, "show item (prefix, item, history)", t, -1);
}

/* What opening an item's review costs: the checklist with its answers,
 * and the scan of the body. */
static void bench_review(struct ctx *c)
{
	double t[RUNS];
	for (int r = 0; r < RUNS; r++) {
		struct gk_checklist list;
		double t0 = now_ms();
		CHECK(gk_secrecy_load(c->store, c->sample, &list, &c->err),
		      "review");
		t[r] = now_ms() - t0;
		gk_checklist_free(&list);
	}
	report(c, "review (checklist, scan)", t, -1);
}

/*
 * The scanner alone on the largest body an item may have (GK_BODY_MAX),
 * made of a realistic paragraph with a phone number, an e-mail address
 * and a 文号 repeated: how long the item screen's scan can take.
 */
static void bench_scan(void)
{
	static const char paragraph[] =
	    "根据《淄川区企业技术能手评选办法》（淄川经信发〔2026〕12号），"
	    "经企业推荐、专家评审，2026年1—10月共受理申报126件，"
	    "奖补资金1234567.89元。联系人：王芳，电话：0533-5181234，"
	    "手机：13869012345，邮箱：gyk@zcjxj.example.cn。\n";
	size_t len = GK_BODY_MAX - GK_BODY_MAX % (sizeof paragraph - 1);
	char *body = malloc(len + 1);
	struct gk_err err;
	double t[RUNS];
	size_t found = 0;
	if (!body)
		die("memory", NULL);
	for (size_t at = 0; at < len; at += sizeof paragraph - 1)
		memcpy(body + at, paragraph, sizeof paragraph - 1);
	body[len] = '\0';
	for (int r = 0; r < RUNS; r++) {
		struct gk_finding *findings;
		double t0 = now_ms();
		if (gk_scan(body, len, &findings, &found, &err) < 0)
			die("scan", &err);
		t[r] = now_ms() - t0;
		gk_scan_free(findings, found);
	}
	qsort(t, RUNS, sizeof *t, cmp_double);
	printf("%-34s %8s %10.3f %10.3f %10ld %10s\n", "scan a 4 MiB body", "-",
	       t[RUNS / 2], t[RUNS - 1], peak_rss_kib(), "-");
	printf("%-34s (%zu findings in %zu bytes)\n", "", found, len);
	free(body);
}

int main(int argc, char **argv)
{
	static const int defaults[] = {10, 1000, 100000};
	char dir[] = "/tmp/gk-bench-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("bench");
		return 1;
	}
	int count = argc > 1 ? argc - 1 : 3;
	printf("%-34s %8s %10s %10s %10s %10s\n", "operation", "items",
	       "median ms", "worst ms", "peak KiB", "sqlite3 ms");
	bench_scan();
	for (int i = 0; i < count; i++) {
		struct ctx c = {.items = argc > 1 ? atoi(argv[i + 1])
						  : defaults[i]};
		if (c.items < 2) {
			fprintf(stderr, "bench: sizes are 2 or more items\n");
			return 64;
		}
		setup(&c, dir);
		bench_queue(&c, "queue all, first page", GK_QUEUE_ALL,
			    c.drafter, 1);
		bench_queue(&c, "queue all, 20 pages by keyset", GK_QUEUE_ALL,
			    c.drafter, 20);
		bench_queue(&c, "queue review (dept head)", GK_QUEUE_REVIEW,
			    c.head, 1);
		bench_queue(&c, "queue signoff (director)", GK_QUEUE_SIGNOFF,
			    c.director, 1);
		bench_queue(&c, "queue drafts (officer)", GK_QUEUE_DRAFTS,
			    c.drafter, 1);
		bench_count(&c, "count review (dept head)", GK_QUEUE_REVIEW,
			    c.head);
		bench_open(&c);
		bench_show(&c);
		bench_review(&c);
		gk_store_close(c.store);
		unlink(c.path);
	}
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
