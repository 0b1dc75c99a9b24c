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
 * Then, for the same size, a catalog: every item published (but the newest
 * 2%, still in the workflow) with Chinese text, and gk_search over it by an
 * officer, beside its ranking query in the shell (the SQL gk_search ran,
 * caught with sqlite3_trace_v2, values bound in).  A search label ends in
 * its number of hits; slow ones (LIKE scans) run 7 times instead of 25.
 *
 * Last, sync between stations (bench_sync): station A drafts items one
 * core call each (one change each, as people make them), exports them
 * --to station B, which imports them; then A writes its bootstrap file
 * (export --full) and a new station joins from it.  Each of these calls
 * runs in a process of its own (bench --sync-child), so its peak KiB is
 * the call's own; the sqlite3 column is the export's SELECT of the
 * changes in the shell.
 *
 * Usage: bench [ITEMS...]     (default: 10 1000 100000)
 * With GK_BENCH_KEEP set, the generated catalogs stay in /tmp for study.
 * Not a test: nothing here passes or fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agency.h"
#include "auth.h"
#include "catalog.h"
#include "doc.h"
#include "flow.h"
#include "scan.h"
#include "secrecy.h"
#include "store.h"
#include "sync.h"

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

/* The generators write their rows straight into one transaction; like
 * every write of synced data it carries an audit entry (the recorder
 * refuses it otherwise), one for the whole batch. */
static void generated(struct ctx *c, int items)
{
	char detail[64];
	snprintf(detail, sizeof detail, "bench: %d items generated", items);
	CHECK(gk_audit_append(c->store, "admin", GK_AUDIT_CREATE, "", detail,
			      &c->err),
	      "audit");
}

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
		CHECK(
		    gk_store_exec(c->store, &c->err,
				  "INSERT INTO item (id, author_id, dept_id, "
				  "state, step, round, version_id, created, "
				  "updated) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
				  "ttttdttt", id, c->drafter, dept, state, step,
				  vid, when, when),
		    "item");
		CHECK(gk_store_exec(
			  c->store, &c->err,
			  "INSERT INTO item_version (id, item_id, n, "
			  "title, category_id, attr, body, hash, "
			  "author_id, created) VALUES (?, ?, 1, ?, ?, "
			  "'active', ?, ?, ?, ?)",
			  "tttttttt", vid, id, title, category,
			  "各镇（街道）、各有关企业：现将有关事项通知如下。",
			  hash, c->drafter, when),
		      "version");
		CHECK(
		    gk_store_exec(c->store, &c->err,
				  "INSERT INTO item_event (id, item_id, at, "
				  "actor_id, action, round, step, version_id) "
				  "VALUES (?, ?, ?, ?, 'create', 1, 0, ?)",
				  "ttttt", eid, id, when, c->drafter, vid),
		    "event");
		if (i == c->items / 2)
			memcpy(c->sample, id, sizeof c->sample);
	}
	generated(c, c->items);
	CHECK(gk_store_commit(c->store, &c->err), "commit");
	CHECK(gk_store_exec(c->store, &c->err, "ANALYZE", ""), "analyze");
}

/* A new database dir/NAME-ITEMS.db with the agency, its administrator
 * logged in as *admin, and the bureau's leadership. */
static void new_agency(struct ctx *c, const char *dir, const char *name,
		       struct gk_user *admin)
{
	char id[GK_ID_HEX + 1];
	snprintf(c->path, sizeof c->path, "%s/%s-%d.db", dir, name, c->items);
	CHECK(gk_store_open(c->path, 1, &c->store, &c->err), "open");
	CHECK(gk_agency_init(c->store, "淄川区经济和信息化局", "000014349",
			     "admin", "管理员", "password-admin", &c->err),
	      "init");
	CHECK(
	    gk_auth_login(c->store, "admin", "password-admin", admin, &c->err),
	    "login");
	CHECK(gk_dept_add(c->store, admin->id, "局领导", "leadership", NULL, id,
			  &c->err),
	      "dept");
}

static void setup(struct ctx *c, const char *dir)
{
	struct gk_user admin;
	char id[GK_ID_HEX + 1];
	new_agency(c, dir, "bench", &admin);
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
static double shell_ms_runs(struct ctx *c, const char *sql, const char *me,
			    int runs)
{
	struct gk_user u;
	if (gk_user_load(c->store, me, 0, &u, &c->err) < 0)
		return -1;
	char script[] = "/tmp/gk-bench-sql-XXXXXX";
	int fd = mkstemp(script);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	fprintf(f,
		".param set :me '%s'\n.param set :dept '%s'\n"
		".param set :last 3\n.param set :u '~'\n.param set :id ''\n"
		".param set :n 50\n.output /dev/null\n.timer on\n",
		me, u.dept_id);
	for (int i = 0; i < runs; i++)
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

static double shell_ms(struct ctx *c, const char *sql, const char *me)
{
	return shell_ms_runs(c, sql, me, RUNS);
}

/* The operation's name padded to 34 columns (Chinese characters take
 * two). */
static void print_op(const char *op)
{
	int width = 0;
	for (const unsigned char *p = (const unsigned char *)op; *p; p++)
		if (*p < 0x80)
			width++;
		else if (*p >= 0xE0)
			width += 2;
		else if (*p >= 0xC0)
			width++;
	printf("%s%*s", op, width < 34 ? 34 - width : 0, "");
}

static void report_runs(struct ctx *c, const char *op, double *t, int runs,
			double baseline)
{
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	print_op(op);
	printf(" %8d %10.3f %10.3f %10ld ", c->items, t[runs / 2], t[runs - 1],
	       peak_rss_kib());
	if (baseline >= 0)
		printf("%10.3f\n", baseline);
	else
		printf("%10s\n", "-");
	fflush(stdout);
}

static void report(struct ctx *c, const char *op, double *t, double baseline)
{
	report_runs(c, op, t, RUNS, baseline);
}

static void bench_queue(struct ctx *c, const char *op, enum gk_queue q,
			const char *actor, int pages)
{
	double t[RUNS];
	for (int r = 0; r < RUNS; r++) {
		struct gk_cursor cursor = GK_CURSOR_START, next;
		double t0 = now_ms();
		for (int p = 0; p < pages; p++) {
			struct gk_queue_row *rows;
			int n;
			CHECK(gk_flow_queue(c->store, actor, q,
					    cursor, 50, &rows, &n,
					    &next, &c->err),
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
		CHECK(gk_flow_queue_count(c->store, actor, q, &count, &c->err),
		      op);
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
			CHECK(gk_flow_queue_count(c->store, c->director,
						  tabs[q], &count, &c->err),
			      "count");
		CHECK(gk_flow_queue(c->store, c->director, GK_QUEUE_ALL,
				    GK_CURSOR_START, 100, &rows, &n, &next, &c->err),
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
		CHECK(gk_doc_history(c->store, id, &events, &n, &c->err),
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

/* ---- the catalog and search --------------------------------------------- */

/*
 * A generated catalog: items published over five years by a district
 * bureau, with titles, bodies and summaries put together from the phrases
 * of its work, 文号 on two in five, and the last 2% still drafts or in
 * review in four departments (so the visibility rule has work to do).
 * Everything, the full-text index included, is written in one transaction.
 */

static const char *const topics[] = {
    "工业转型升级",	"企业技术改造",	  "专精特新中小企业", "安全生产",
    "节能降耗",		"两化融合",	  "5G基站建设",	      "工业互联网",
    "企业技术中心认定", "智能制造",	  "重点项目建设",     "陶瓷产业提升",
    "纺织服装产业",	"化工园区整治",	  "中小企业公共服务", "优化营商环境",
    "规上工业企业培育", "数字化转型",	  "清洁生产审核",     "电力需求侧管理",
    "工业设计中心",	"首台套装备推广", "绿色工厂创建",     "ERP系统上云",
};
static const char *const actions[] = {"开展", "做好", "组织", "推进",
				      "加强", "申报", "公布", "下达"};
static const char *const kinds[] = {"通知", "公示", "通报", "公告",
				    "意见", "方案", "办法", "报告"};
static const char *const firms[] = {
    "淄博瑞丰陶瓷有限公司",	"山东淄川恒达纺织有限公司",
    "淄博岜山化工有限公司",	"淄川区昆仑建陶有限公司",
    "淄博双杨机械制造有限公司", "山东鲁中耐火材料有限公司",
    "淄博洪山电子科技有限公司", "淄川区龙泉精密铸造有限公司",
};
static const char *const towns[] = {"般阳路街道", "松龄路街道", "钟楼街道",
				    "将军路街道", "昆仑镇",	"龙泉镇",
				    "寨里镇",	  "双杨镇",	"罗村镇"};
/* Sentences of a body: {T} is a topic, {P} a town or a firm, {N} a
 * number, {M} a month. */
static const char *const sentences[] = {
    "为深入推进{T}工作，根据上级有关文件精神，结合我区实际，制定本方案。",
    "各镇（街道）要高度重视，明确责任分工，确保各项任务按期完成。",
    "{P}{T}累计完成投资{N}万元，同比增长百分之十二点三。",
    "经企业申报、镇（街道）初审、专家评审，拟认定{P}等{N}家企业。",
    "公示期为5个工作日，如有异议，请于公示期内以书面形式反映。",
    "1—{M}月份，全区规模以上工业增加值同比增长6.5%，工业经济运行总体平稳。",
    "专项资金实行专款专用，任何单位不得截留、挤占、挪用。",
    "{P}要加强运行监测，帮助企业解决用工、融资、用地等实际困难。",
    "区经信局将会同区财政局对项目实施情况进行绩效评价。",
    "请各有关企业于{M}月底前将申报材料报送区经信局工业科。",
    "本次会议通报了{T}工作进展情况，分析了存在的问题，部署了下一步工作。",
    "联系人：工业科，电话：0533-5181234。",
    "对未按要求整改的企业，将依法依规予以处理，并在全区范围内通报。",
    "{P}被评为省级{T}示范企业，获得奖补资金{N}万元。",
    "全区共有规模以上工业企业{N}家，实现营业收入同比增长8.1%。",
    "各单位要严格落实安全生产主体责任，全面排查整治各类风险隐患。",
    "本办法自印发之日起施行，有效期至2028年12月31日。",
    "现将有关事项通知如下：",
};

static uint32_t next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

#define PICK(list, r) list[next_random(r) % (sizeof list / sizeof list[0])]

/* A title, a body of a few hundred characters and a 内容概述 for an item
 * published in year and month, drawn with the random state r. */
static void make_text(uint32_t *r, int year, int month, char *title,
		      size_t title_size, char *body, size_t body_size,
		      char *summary, size_t summary_size)
{
	const char *topic = PICK(topics, r), *kind = PICK(kinds, r);
	switch (next_random(r) % 6) {
	case 0:
		snprintf(title, title_size, "关于%s%d年度%s工作的%s",
			 PICK(actions, r), year, topic, kind);
		break;
	case 1:
		snprintf(title, title_size, "%d年度%s项目名单的公示", year,
			 topic);
		break;
	case 2:
		snprintf(title, title_size,
			 "全区%d年%d月份工业经济运行情况通报", year, month);
		break;
	case 3:
		snprintf(title, title_size, "区经信局召开%s工作推进会议",
			 topic);
		break;
	case 4:
		snprintf(title, title_size, "%s%s项目通过验收", PICK(firms, r),
			 topic);
		break;
	default:
		snprintf(title, title_size, "关于下达%d年度%s专项资金的通知",
			 year, topic);
	}
	size_t used = 0;
	int n = 4 + (int)(next_random(r) % 5);
	for (int k = 0; k < n && used + 400 < body_size; k++) {
		const char *p = PICK(sentences, r);
		while (*p) {
			char field[16] = "";
			if (p[0] == '{' && p[2] == '}') {
				switch (p[1]) {
				case 'T':
					used += (size_t)snprintf(
					    body + used, body_size - used, "%s",
					    topic);
					break;
				case 'P':
					used += (size_t)snprintf(
					    body + used, body_size - used, "%s",
					    next_random(r) % 2
						? PICK(towns, r)
						: PICK(firms, r));
					break;
				case 'N':
					snprintf(field, sizeof field, "%u",
						 3 + next_random(r) % 500);
					break;
				default:
					snprintf(field, sizeof field, "%u",
						 1 + next_random(r) % 12);
				}
				used += (size_t)snprintf(
				    body + used, body_size - used, "%s", field);
				p += 3;
			} else {
				body[used++] = *p++;
			}
		}
		if (k % 3 == 2)
			body[used++] = '\n';
	}
	body[used] = '\0';
	snprintf(summary, summary_size, "%s%s，涉及%s等%s。", topic, kind,
		 PICK(towns, r), next_random(r) % 2 ? "企业" : "单位");
}

struct catalog {
	struct ctx c;
	char publisher[GK_ID_HEX + 1];
	char drafters[4][GK_ID_HEX + 1];
	char depts[4][GK_ID_HEX + 1];
	double generate_ms;
};

static void step_done(struct ctx *c, sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		gk_store_dberr(c->store, &c->err);
		die(what, &c->err);
	}
	sqlite3_reset(st);
}

static void bind_texts(sqlite3_stmt *st, int n, const char *const *values)
{
	for (int i = 0; i < n; i++)
		if (values[i])
			sqlite3_bind_text(st, i + 1, values[i], -1,
					  SQLITE_TRANSIENT);
}

static void generate_catalog(struct catalog *k)
{
	struct ctx *c = &k->c;
	sqlite3_stmt *item, *version, *publication, *cat;
	char categories[4][GK_ID_HEX + 1];
	int n_categories = 0;
	double t0 = now_ms();

	CHECK(gk_store_prep(c->store, &c->err, &cat,
			    "SELECT id FROM category ORDER BY position", ""),
	      "categories");
	while (sqlite3_step(cat) == SQLITE_ROW && n_categories < 4)
		gk_col_copy(cat, 0, categories[n_categories++],
			    sizeof categories[0]);
	sqlite3_finalize(cat);
	CHECK(gk_store_begin(c->store, &c->err), "begin");
	CHECK(gk_store_prep(c->store, &c->err, &item,
			    "INSERT INTO item (id, author_id, dept_id, state, "
			    "step, round, version_id, created, updated) "
			    "VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
			    ""),
	      "item");
	CHECK(gk_store_prep(c->store, &c->err, &version,
			    "INSERT INTO item_version (id, item_id, n, title, "
			    "doc_no, category_id, attr, body, hash, author_id, "
			    "created) VALUES (?, ?, 1, ?, ?, ?, 'active', ?, "
			    "?, ?, ?)",
			    ""),
	      "version");
	CHECK(gk_store_prep(c->store, &c->err, &publication,
			    "INSERT INTO publication (id, item_id, version_id, "
			    "hash, index_no, year, serial, station, "
			    "published_on, publisher_id, at, summary, topic, "
			    "genre, issuer, written_on, scope) VALUES (?, ?, "
			    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			    "'淄川区经济和信息化局', ?, '面向社会')",
			    ""),
	      "publication");
	int64_t start = 1609459200000LL; /* 2021-01-01 */
	int64_t span = 5LL * 365 * 86400000;
	int serial = 0, serial_year = 0, doc_serial = 0;
	uint32_t random = 2463534242u;
	static char body[4096];
	for (int i = 0; i < c->items; i++) {
		char id[GK_ID_HEX + 1], vid[GK_ID_HEX + 1], pid[GK_ID_HEX + 1];
		char when[GK_TIME_LEN], hash[GK_HASH_HEX + 1], day[11];
		char title[512], summary[512], doc_no[64] = "", index_no[64];
		int recent = i >= c->items - (c->items + 49) / 50;
		int dept = (int)(next_random(&random) % 4);
		static const char *const open_states[] = {"draft", "review",
							  "returned", "signed"};
		const char *state = recent ? open_states[i % 4] : "published";

		gk_new_id(id);
		gk_new_id(vid);
		gk_new_id(pid);
		gk_time_format(start + span / c->items * i, when);
		memcpy(day, when, 10);
		day[10] = '\0';
		int year = atoi(day), month = atoi(day + 5);
		if (year != serial_year) {
			serial_year = year;
			serial = doc_serial = 0;
		}
		make_text(&random, year, month, title, sizeof title, body,
			  sizeof body, summary, sizeof summary);
		if (next_random(&random) % 5 < 2)
			snprintf(doc_no, sizeof doc_no, "淄经信%s〔%d〕%d号",
				 next_random(&random) % 3 ? "发" : "字", year,
				 ++doc_serial);
		const char *fields[] = {title, id};
		gk_digest(fields, 2, hash);

		const char *item_values[] = {id,
					     k->drafters[dept],
					     k->depts[dept],
					     state,
					     NULL,
					     vid,
					     when,
					     when};
		bind_texts(item, 8, item_values);
		sqlite3_bind_int(item, 5,
				 strcmp(state, "review") == 0 ? 1 + i % 3 : 0);
		step_done(c, item, "item");
		const char *version_values[] = {vid,
						id,
						title,
						doc_no,
						categories[i % 4],
						body,
						hash,
						k->drafters[dept],
						when};
		bind_texts(version, 9, version_values);
		step_done(c, version, "version");
		if (recent)
			continue;
		snprintf(index_no, sizeof index_no, "000014349/%d-%05d", year,
			 ++serial);
		const char *publication_values[] = {pid,
						    id,
						    vid,
						    hash,
						    index_no,
						    NULL,
						    NULL,
						    c->store->station_id,
						    day,
						    k->publisher,
						    when,
						    summary,
						    "工业",
						    "通知",
						    i % 3 ? day : ""};
		bind_texts(publication, 15, publication_values);
		sqlite3_bind_int(publication, 6, year);
		sqlite3_bind_int(publication, 7, serial);
		step_done(c, publication, "publication");
	}
	sqlite3_finalize(item);
	sqlite3_finalize(version);
	sqlite3_finalize(publication);
	/* What gk_doc_index writes, for all items at once. */
	CHECK(gk_store_exec(
		  c->store, &c->err,
		  "INSERT INTO item_fts (rowid, title, summary, body, doc_no, "
		  "index_no) SELECT i.rowid, v.title, coalesce(p.summary, ''), "
		  "v.body, v.doc_no, coalesce(p.index_no, '') FROM item i "
		  "JOIN item_version v ON v.id = i.version_id "
		  "LEFT JOIN publication p ON p.item_id = i.id",
		  ""),
	      "index");
	generated(c, c->items);
	CHECK(gk_store_commit(c->store, &c->err), "commit");
	CHECK(gk_store_exec(c->store, &c->err, "ANALYZE", ""), "analyze");
	k->generate_ms = now_ms() - t0;
}

static void setup_catalog(struct catalog *k, const char *dir)
{
	static const char *const dept_names[] = {"综合科", "工业科", "运行科",
						 "信息化科"};
	struct ctx *c = &k->c;
	struct gk_user admin;
	new_agency(c, dir, "catalog", &admin);
	for (int d = 0; d < 4; d++) {
		char login[16];
		CHECK(gk_dept_add(c->store, admin.id, dept_names[d], "office",
				  NULL, k->depts[d], &c->err),
		      "dept");
		snprintf(login, sizeof login, "drafter%d", d);
		CHECK(gk_user_add(c->store, admin.id, login, "科员",
				  dept_names[d], GK_ROLE_DRAFTER, "password-x",
				  k->drafters[d], &c->err),
		      "user");
	}
	CHECK(gk_user_add(c->store, admin.id, "fang", "方主管", "综合科",
			  GK_ROLE_PUBLISHER, "password-x", k->publisher,
			  &c->err),
	      "user");
	memcpy(c->drafter, k->drafters[0], sizeof c->drafter);
	generate_catalog(k);
}

/* The ranking query gk_search ran last, with its values bound in
 * (sqlite3_expanded_sql), for the shell. */
static char *search_sql;

static int trace_search(unsigned type, void *ctx, void *stmt, void *sql)
{
	(void)type;
	(void)ctx;
	(void)sql;
	const char *text = sqlite3_sql(stmt);
	if (text && strncmp(text, "SELECT item_fts.rowid", 21) == 0) {
		sqlite3_free(search_sql);
		search_sql = sqlite3_expanded_sql(stmt);
	}
	return 0;
}

/* gk_search for query by the drafter of 综合科 (published items and the
 * department's own drafts), 50 hits, beside its ranking query in the
 * shell.  Slow searches (LIKE scans) are run fewer times. */
static void bench_search(struct ctx *c, const char *op, const char *query)
{
	double t[RUNS];
	int runs = RUNS, hits = 0;
	sqlite3_trace_v2(c->store->sql, SQLITE_TRACE_STMT, trace_search, NULL);
	for (int r = 0; r < runs; r++) {
		struct gk_search_hit *found;
		double t0 = now_ms();
		CHECK(gk_search(c->store, c->drafter, query, 0, 50, &found,
				&hits, &c->err),
		      op);
		t[r] = now_ms() - t0;
		gk_search_free(found, hits);
		sqlite3_trace_v2(c->store->sql, 0, NULL, NULL);
		if (r == 0 && t[0] > 100)
			runs = 7;
	}
	char label[96];
	snprintf(label, sizeof label, "%s: %d", op, hits);
	report_runs(c, label, t, runs,
		    search_sql ? shell_ms_runs(c, search_sql, c->drafter, runs)
			       : -1);
	sqlite3_free(search_sql);
	search_sql = NULL;
}

static void bench_catalog_page(struct ctx *c, enum gk_catalog_sort sort,
			       const char *label)
{
	double t[RUNS];
	int runs = RUNS;
	for (int r = 0; r < runs; r++) {
		struct gk_catalog_filter f = {
		    .sort = sort, .descending = 1, .limit = 50};
		struct gk_catalog_row *rows;
		int n;
		int64_t total;
		double t0 = now_ms();
		CHECK(gk_catalog_list(c->store, &f, &rows, &n, &total, &c->err),
		      "catalog");
		t[r] = now_ms() - t0;
		free(rows);
		if (r == 0 && t[0] > 100)
			runs = 5; /* a sort by title at 100,000 takes seconds */
	}
	report_runs(c, label, t, runs, -1);
}

static void bench_export(struct ctx *c)
{
	double t[5];
	size_t len = 0;
	for (int r = 0; r < 5; r++) {
		char *out;
		double t0 = now_ms();
		CHECK(gk_catalog_export(c->store, NULL, GK_EXPORT_CSV,
					"GB18030", &out, &len, &c->err),
		      "export");
		t[r] = now_ms() - t0;
		free(out);
	}
	report_runs(c, "export CSV in GB18030", t, 5, -1);
}

static void bench_catalog(int items, const char *dir)
{
	struct catalog k = {.c = {.items = items}};
	struct ctx *c = &k.c;
	setup_catalog(&k, dir);
	struct stat st;
	printf("%-34s %8d %10.0f %10s %10ld %10s\n", "generate the catalog",
	       items, k.generate_ms, "-", peak_rss_kib(), "-");
	if (stat(c->path, &st) == 0)
		printf("%-34s (%.0f MiB on disk)\n", "",
		       (double)st.st_size / (1 << 20));
	bench_catalog_page(c, GK_CATALOG_SORT_INDEX,
			   "catalog page (newest 50, total)");
	bench_catalog_page(c, GK_CATALOG_SORT_TITLE,
			   "catalog page by title (pinyin)");
	/* The label ends in the number of hits (at most 50). */
	bench_search(c, "search 陶瓷 (scan)", "陶瓷");
	bench_search(c, "search 局 (scan, most match)", "局");
	bench_search(c, "search 专项资金 (index)", "专项资金");
	bench_search(c, "search 淄经信发〔2024〕37号", "淄经信发〔2024〕37号");
	bench_search(c, "search 陶瓷 技术改造 (mixed)", "陶瓷 技术改造");
	bench_search(c, "search 专项资金 龙泉镇 (mixed)", "专项资金 龙泉镇");
	bench_search(c, "search 量子计算 (no match)", "量子计算");
	bench_search(c, "search 鲸鱼 (scan, no match)", "鲸鱼");
	bench_export(c);
	gk_store_close(c->store);
	if (getenv("GK_BENCH_KEEP"))
		fprintf(stderr, "bench: kept %s\n", c->path);
	else
		unlink(c->path);
}

/* ---- sync between stations ---------------------------------------------- */

/* Items each batch of the sync bench makes: the largest size asked, up to
 * this. */
#define SYNC_ITEMS_MAX 10000

/* One measured sync call, run in a process of its own (run_sync). */
struct sync_call {
	const char *kind;  /* "export", "export-full", "join" or "import" */
	const char *db;	   /* the station's database */
	const char *file;  /* the change file */
	const char *actor; /* export, import: the administrator's id */
	const char *to;	   /* export: the peer's id, "-": any station */
};

/* What the process sends back. */
struct sync_result {
	int rc;
	double ms;
	long before_kib, peak_kib; /* its peak resident memory before the
				     call, and in all */
	struct gk_sync_summary summary;
	char sql[1024]; /* export: the query of the changes, values bound in */
	char msg[GK_ERR_MSG_MAX];
};

/* This process's peak resident memory since it started (VmHWM: unlike
 * ru_maxrss it does not count the parent's pages a fork shared before
 * exec). */
static long vm_hwm_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static int trace_export(unsigned type, void *ctx, void *stmt, void *sql)
{
	struct sync_result *out = ctx;
	const char *text = sqlite3_sql(stmt);
	(void)type;
	(void)sql;
	if (text && strncmp(text, "SELECT origin, seq, schema", 26) == 0) {
		char *expanded = sqlite3_expanded_sql(stmt);
		if (expanded)
			snprintf(out->sql, sizeof out->sql, "%s", expanded);
		sqlite3_free(expanded);
	}
	return 0;
}

/*
 * `bench --sync-child FD KIND DB FILE ACTOR TO`, what run_sync starts:
 * open the station's database, time the call, close, and write a struct
 * sync_result into the pipe FD.
 */
static int sync_child(char **argv)
{
	struct sync_call call = {argv[3], argv[4], argv[5], argv[6], argv[7]};
	struct sync_result out = {0};
	struct gk_store *store;
	struct gk_err err = {0, ""};
	int full = strcmp(call.kind, "export-full") == 0;
	int join = strcmp(call.kind, "join") == 0;
	out.rc = gk_store_open(call.db, join, &store, &err);
	if (out.rc == 0) {
		if (strncmp(call.kind, "export", 6) == 0)
			sqlite3_trace_v2(store->sql, SQLITE_TRACE_STMT,
					 trace_export, &out);
		out.before_kib = vm_hwm_kib();
		double t0 = now_ms();
		if (strncmp(call.kind, "export", 6) == 0)
			out.rc = gk_sync_export(store, call.actor, call.file,
						strcmp(call.to, "-") ? call.to
								     : NULL,
						full, &out.summary, &err);
		else if (join)
			out.rc =
			    gk_sync_join(store, call.file, "丙站", "admin",
					 "password-admin", &out.summary, &err);
		else
			out.rc = gk_sync_import(store, call.actor, call.file,
						NULL, NULL, &out.summary, &err);
		out.ms = now_ms() - t0;
		out.peak_kib = vm_hwm_kib();
		gk_store_close(store);
	}
	snprintf(out.msg, sizeof out.msg, "%s", err.msg);
	int fd = atoi(argv[2]);
	const char *p = (const char *)&out;
	for (size_t left = sizeof out; left > 0;) {
		ssize_t n = write(fd, p, left);
		if (n <= 0)
			return 1;
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

/* Run call in a new process: this program again, from the start, so that
 * nothing of the bench's own memory counts. */
static void run_sync(const struct sync_call *call, struct sync_result *out)
{
	int fds[2];
	char fd[16];
	memset(out, 0, sizeof *out);
	fflush(stdout);
	if (pipe(fds) != 0)
		die("pipe", NULL);
	snprintf(fd, sizeof fd, "%d", fds[1]);
	pid_t pid = fork();
	if (pid < 0)
		die("fork", NULL);
	if (pid == 0) {
		close(fds[0]);
		execl("/proc/self/exe", "bench", "--sync-child", fd, call->kind,
		      call->db, call->file, call->actor, call->to,
		      (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	char *p = (char *)out;
	size_t got = 0;
	ssize_t n;
	while (got < sizeof *out &&
	       (n = read(fds[0], p + got, sizeof *out - got)) > 0)
		got += (size_t)n;
	close(fds[0]);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || got != sizeof *out)
		die("sync child", NULL);
	if (out->rc < 0) {
		struct gk_err err = {out->rc, ""};
		snprintf(err.msg, sizeof err.msg, "%s", out->msg);
		die("sync", &err);
	}
}

/* A row for runs of a sync call (their times in t), with the peak of the
 * largest, and a note: changes, file size, what else is worth knowing. */
static void report_sync(const char *op, int items, double *t, int runs,
			long peak_kib, double baseline,
			const struct sync_result *r, const char *note)
{
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	print_op(op);
	printf(" %8d %10.0f %10.0f %10ld ", items, t[runs / 2], t[runs - 1],
	       peak_kib);
	if (baseline >= 0)
		printf("%10.3f\n", baseline);
	else
		printf("%10s\n", "-");
	printf("%-34s (%d changes, %.1f MiB; %ld KiB before it; %s)\n", "",
	       r->summary.changes, (double)r->summary.bytes / (1 << 20),
	       r->before_kib, note);
	fflush(stdout);
}

/* items drafts on station A by the drafter, one gk_doc_create each; every
 * edit_every-th of them (0: none) then edited with gk_doc_edit. */
static void sync_make_items(struct ctx *c, int items, int edit_every)
{
	for (int i = 0; i < items; i++) {
		char title[128], id[GK_ID_HEX + 1];
		snprintf(title, sizeof title, "%s（第%d号）", titles[i % 5],
			 i + 1);
		struct gk_draft draft = {
		    title, "各镇（街道）、各有关企业：现将有关事项通知如下。",
		    "", "政务公开", "active"};
		CHECK(gk_doc_create(c->store, c->drafter, &draft, id, &c->err),
		      "create");
		if (edit_every && i % edit_every == 0) {
			struct gk_draft changes = {
			    NULL,
			    "各镇（街道）、各有关企业：现将有关事项通知如下。"
			    "联系电话：0533-5181234。",
			    NULL, NULL, NULL};
			CHECK(gk_doc_edit(c->store, c->drafter, id, &changes,
					  &c->err),
			      "edit");
		}
	}
}

/* Open the station's database in the bench's own process, for what is
 * not measured: there a commit need not reach the disk. */
static void sync_open(struct ctx *c, const char *path)
{
	snprintf(c->path, sizeof c->path, "%s", path);
	CHECK(gk_store_open(c->path, 0, &c->store, &c->err), "open");
	CHECK(
	    gk_store_exec(c->store, &c->err, "PRAGMA synchronous = NORMAL", ""),
	    "pragma");
}

static void bench_sync(int items, const char *dir)
{
	struct ctx a = {.items = items}, b = {.items = items};
	struct ctx *c = &a;
	struct gk_user admin;
	struct sync_result r;
	char a_path[sizeof a.path], b_path[sizeof b.path],
	    c_path[sizeof a.path];
	char file[300], b_id[GK_ID_HEX + 1], fpr[GK_FPR_LEN];
	char name[GK_STATION_NAME_MAX * 4 + 1], note[96];
	double t[3], t0, shell;
	long max_peak = 0;

	/* Station A: the agency and a drafter.  Station B joins from its
	 * bootstrap file and sends A its first file, so that A knows what B
	 * holds and trusts B's key. */
	new_agency(c, dir, "sync-a", &admin);
	memcpy(a_path, c->path, sizeof a_path);
	CHECK(
	    gk_store_exec(c->store, &c->err, "PRAGMA synchronous = NORMAL", ""),
	    "pragma");
	char dept[GK_ID_HEX + 1];
	CHECK(gk_dept_add(c->store, admin.id, "综合科", "office", NULL, dept,
			  &c->err),
	      "dept");
	CHECK(gk_user_add(c->store, admin.id, "zhang", "张三", "综合科",
			  GK_ROLE_DRAFTER, "password-x", c->drafter, &c->err),
	      "user");
	snprintf(file, sizeof file, "%s/start.gksync", dir);
	CHECK(gk_sync_export(c->store, admin.id, file, NULL, 1, &r.summary,
			     &c->err),
	      "export --full");
	snprintf(b_path, sizeof b_path, "%s/sync-b-%d.db", dir, items);
	CHECK(gk_store_open(b_path, 1, &b.store, &b.err), "open B");
	CHECK(gk_sync_join(b.store, file, "乙站", "admin", "password-admin",
			   &r.summary, &b.err),
	      "join");
	snprintf(b_id, sizeof b_id, "%s", b.store->station_id);
	CHECK(gk_sync_fingerprint(b.store, fpr, &b.err), "fingerprint");
	snprintf(file, sizeof file, "%s/to-a.gksync", dir);
	CHECK(gk_sync_export(b.store, admin.id, file, NULL, 0, &r.summary,
			     &b.err),
	      "export to A");
	gk_store_close(b.store);
	CHECK(gk_sync_trust(c->store, admin.id, fpr, name, &c->err), "trust");
	CHECK(gk_sync_import(c->store, admin.id, file, NULL, NULL, &r.summary,
			     &c->err),
	      "import on A");

	/* A drafts items, one change each, every tenth edited once. */
	t0 = now_ms();
	sync_make_items(c, items, 10);
	printf("%-34s %8d %10.0f %10s %10ld %10s\n",
	       "sync: A drafts (1/10 edited)", items, now_ms() - t0, "-",
	       peak_rss_kib(), "-");
	gk_store_close(c->store);

	/* A exports them --to B (three times: each writes the same changes)
	 * and B imports the last file. */
	struct sync_call export_to = {"export", a_path, file, admin.id, b_id};
	for (int run = 0; run < 3; run++) {
		snprintf(file, sizeof file, "%s/to-b-%d.gksync", dir, run);
		run_sync(&export_to, &r);
		t[run] = r.ms;
		if (r.peak_kib > max_peak)
			max_peak = r.peak_kib;
	}
	sync_open(c, a_path);
	shell = r.sql[0] ? shell_ms_runs(c, r.sql, c->drafter, 3) : -1;
	gk_store_close(c->store);
	report_sync("sync export --to B", items, t, 3, max_peak, shell, &r,
		    "sqlite3: its SELECT");
	struct sync_call import = {"import", b_path, file, admin.id, "-"};
	run_sync(&import, &r);
	t[0] = r.ms;
	snprintf(note, sizeof note, "%d items, %d conflicts", r.summary.items,
		 r.summary.conflicts);
	report_sync("sync import on B", items, t, 1, r.peak_kib, -1, &r, note);

	/* The bootstrap file of an agency with those items, and a new
	 * station C joining from it. */
	snprintf(file, sizeof file, "%s/full.gksync", dir);
	struct sync_call export_full = {"export-full", a_path, file, admin.id,
					"-"};
	run_sync(&export_full, &r);
	t[0] = r.ms;
	sync_open(c, a_path);
	shell = r.sql[0] ? shell_ms_runs(c, r.sql, c->drafter, 3) : -1;
	gk_store_close(c->store);
	report_sync("sync export --full (bootstrap)", items, t, 1, r.peak_kib,
		    shell, &r, "sqlite3: its SELECT");
	snprintf(c_path, sizeof c_path, "%s/sync-c-%d.db", dir, items);
	struct sync_call join = {"join", c_path, file, "-", "-"};
	run_sync(&join, &r);
	t[0] = r.ms;
	report_sync("sync join from it (init --from)", items, t, 1, r.peak_kib,
		    -1, &r, "Argon2id: 64 MiB");
	if (!getenv("GK_BENCH_KEEP")) {
		unlink(a_path);
		unlink(b_path);
		unlink(c_path);
	}
}

int main(int argc, char **argv)
{
	static const int defaults[] = {10, 1000, 100000};
	if (argc == 8 && strcmp(argv[1], "--sync-child") == 0)
		return sync_child(argv);
	char dir[] = "/tmp/gk-bench-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("bench");
		return 1;
	}
	int count = argc > 1 ? argc - 1 : 3, sync_items = 0;
	printf("%-34s %8s %10s %10s %10s %10s\n", "operation", "items",
	       "median ms", "worst ms", "peak KiB", "sqlite3 ms");
	bench_scan();
	for (int i = 0; i < count; i++) {
		struct ctx c = {.items =
				    argc > 1 ? atoi(argv[i + 1]) : defaults[i]};
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
		bench_catalog(c.items, dir);
		if (c.items > sync_items)
			sync_items = c.items;
	}
	bench_sync(sync_items < SYNC_ITEMS_MAX ? sync_items : SYNC_ITEMS_MAX,
		   dir);
	if (getenv("GK_BENCH_KEEP"))
		return 0;
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
