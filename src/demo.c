#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "audit.h"
#include "auth.h"
#include "channel.h"
#include "coverage.h"
#include "doc.h"
#include "flow.h"
#include "publish.h"
#include "secrecy.h"
#include "i18n.h"

/* The departments in the order they are added; deputy: the login of the
 * 分管 deputy who decides step 2 of its items (NULL: none named). */
static const struct {
	const char *name, *kind, *deputy;
} depts[] = {
    {"局领导", "leadership", NULL},
    {"办公室", "office", "liuhongmei"},
    {"综合科", "office", "liuhongmei"},
    {"信息化科", "office", "liuhongmei"},
    {"工业科", "office", "zhaozhigang"},
    {"建陶产业办", "industry", "zhaozhigang"},
};

#define N_DEPTS (int)(sizeof depts / sizeof depts[0])

#define ADMIN_LOGIN "admin"

/* The people; the administrator (no department) is made by
 * gk_agency_init, the others join their department as it is added. */
static const struct gk_demo_login people[] = {
    {"wangjianguo", "王建国", "局领导", GK_ROLE_DIRECTOR,
     N_("director (主要负责人): signs items off at step 3")},
    {"liuhongmei", "刘红梅", "局领导", GK_ROLE_DEPUTY,
     N_("deputy (分管) for 办公室, 综合科, 信息化科: step 2")},
    {"zhaozhigang", "赵志刚", "局领导", GK_ROLE_DEPUTY,
     N_("deputy (分管) for 工业科, 建陶产业办: step 2")},
    {"chenjing", "陈静", "办公室", GK_ROLE_DEPT_HEAD,
     N_("head of 办公室 (dept-head): step 1")},
    {"zhouqiang", "周强", "综合科", GK_ROLE_DEPT_HEAD,
     N_("head of 综合科 (dept-head): step 1")},
    {"gaopeng", "高鹏", "信息化科", GK_ROLE_DEPT_HEAD,
     N_("head of 信息化科 (dept-head): step 1")},
    {"maxiaodong", "马晓东", "工业科", GK_ROLE_DEPT_HEAD,
     N_("head of 工业科 (dept-head): step 1")},
    {"hanlei", "韩磊", "建陶产业办", GK_ROLE_DEPT_HEAD,
     N_("head of 建陶产业办 (dept-head): step 1")},
    {"sunli", "孙丽", "办公室", GK_ROLE_PUBLISHER | GK_ROLE_DRAFTER,
     N_("信息公开业务主管 of 办公室 (publisher, drafter)")},
    {"zhangwei", "张伟", "综合科", GK_ROLE_DRAFTER,
     N_("officer (drafter), 综合科")},
    {"lina", "李娜", "综合科", GK_ROLE_DRAFTER,
     N_("officer (drafter), 综合科")},
    {"yangfan", "杨帆", "信息化科", GK_ROLE_DRAFTER,
     N_("officer (drafter), 信息化科")},
    {"wangfang", "王芳", "工业科", GK_ROLE_DRAFTER,
     N_("officer (drafter), 工业科")},
    {"xuming", "徐明", "建陶产业办", GK_ROLE_DRAFTER,
     N_("officer (drafter), 建陶产业办")},
    {ADMIN_LOGIN, "系统管理员", "", GK_ROLE_ADMIN,
     N_("administrator (admin): departments, users, settings")},
};

#define N_PEOPLE (int)(sizeof people / sizeof people[0])

/* What reviewers write when they approve step 1, 2, 3 (data, in Chinese
 * like the items); later steps of a longer chain say the last one. */
static const char *const approve_comments[] = {
    "同意，请分管领导审核。",
    "同意，请主要负责人签发。",
    "同意签发。",
};

int gk_demo_logins(const struct gk_demo_login **out)
{
	*out = people;
	return N_PEOPLE;
}

/* Where an item of db/demo_items.tsv ends up. */
enum ending { END_DRAFT, END_REVIEW, END_SIGNED, END_RETURNED };

struct item {
	int author;	  /* index into people */
	int days;	  /* written this many working days ago */
	int returned_at;  /* the step that returned round 1, or 0 */
	enum ending ends; /* where it ends up, */
	int step;	  /* and at which step for END_REVIEW */
	int unchecked;	  /* step 1 approved without the checklist */
	char *category, *doc_no, *title, *body;
	char *comment, *new_title, *new_body; /* NULL when "-" */
	int pub; /* its line of db/demo_publish.tsv, or -1 */
	char id[GK_ID_HEX + 1];
};

/* How a signed item of the demo is published (db/demo_publish.tsv). */
struct pub {
	char *fields[6]; /* title, summary, channels, delivered, coverage,
			    withdrawn: "-" for none */
};

enum action {
	ACT_CREATE,
	ACT_SUBMIT,
	ACT_APPROVE,
	ACT_RETURN,
	ACT_EDIT,
	ACT_PUBLISH,
	ACT_WITHDRAW
};

/* One thing someone does to an item, at a moment of the demo's past. */
struct event {
	int64_t at;
	int item, seq; /* seq: its place among the item's events */
	enum action action;
	int step; /* the step decided, for approve and return */
};

struct demo {
	struct gk_store *store;
	struct gk_err *err;
	int last_step; /* the review chain's length */
	struct gk_step *steps;
	char user_id[N_PEOPLE][GK_ID_HEX + 1];
	struct item *items;
	int n_items;
	struct pub *pubs;
	int n_pubs;
	struct event *events;
	int n_events, cap_events;
	int64_t today; /* midnight starting today, China time, as UTC ms */
	int64_t clock; /* the time of the last thing done */
};

#define MINUTE_MS ((int64_t)60 * 1000)
#define HOUR_MS	  (60 * MINUTE_MS)
#define DAY_MS	  (24 * HOUR_MS)
#define CHINA_MS  (8 * HOUR_MS) /* Asia/Shanghai is UTC+8 all year */
#define MAX_DAYS  15		/* working days: three weeks */

/* Midnight China time at or before t. */
static int64_t china_midnight(int64_t t)
{
	int64_t local = t + CHINA_MS;
	int64_t day = local / DAY_MS - (local % DAY_MS < 0);
	return day * DAY_MS - CHINA_MS;
}

/* 1 unless the day starting at midnight is a Saturday or a Sunday. */
static int workday(int64_t midnight)
{
	int64_t days = (midnight + CHINA_MS) / DAY_MS; /* 1970-01-01: Thu */
	int weekday = (int)((days + 4) % 7);	       /* 0: Sunday */
	return weekday != 0 && weekday != 6;
}

/*
 * The demo's events are planned on a plain timeline of 24-hour days before
 * today, and happen in office hours: the plan's Nth day before today is
 * the Nth working day (Monday to Friday) before today, and its 24 hours are
 * squeezed into 08:30-17:30 China time.  This keeps their order.
 */
static int64_t office_hours(const struct demo *d, int64_t t)
{
	int64_t midnight = china_midnight(t), day = d->today;
	for (int64_t back = (d->today - midnight) / DAY_MS; back > 0; back--)
		do
			day -= DAY_MS;
		while (!workday(day));
	return day + 8 * HOUR_MS + 30 * MINUTE_MS + (t - midnight) * 9 / 24;
}

/* Set the store's clock to t, or just after the last moment used, so that
 * the demo's history runs forward. */
static void tick(struct demo *d, int64_t t)
{
	d->clock = t > d->clock ? t : d->clock + 1000;
	d->store->clock_ms = d->clock;
}

static int person(const char *login)
{
	for (int i = 0; i < N_PEOPLE; i++)
		if (strcmp(people[i].login, login) == 0)
			return i;
	return -1;
}

/* Say which part of the demo failed, keeping the core's own message. */
static int stopped(struct demo *d, int rc, const char *what, const char *name)
{
	char inner[GK_ERR_MSG_MAX];
	snprintf(inner, sizeof inner, "%s", d->err->msg);
	return gk_fail(d->err, rc, _("The demo stopped at %s \"%s\": %s"), what,
		       name, inner);
}

/* ---- the people ---------------------------------------------------------- */

/* Add department i, then its people with the demo password's hash, in one
 * transaction audited as the administrator's. */
static int add_dept(struct demo *d, int i, const char *admin_id,
		    const char *pwhash)
{
	char dept_id[GK_ID_HEX + 1];
	int rc;

	tick(d, d->clock + 3 * MINUTE_MS);
	if ((rc = gk_dept_add(d->store, admin_id, depts[i].name, depts[i].kind,
			      depts[i].deputy, dept_id, d->err)) < 0)
		return stopped(d, rc, _("department"), depts[i].name);
	if ((rc = gk_store_begin(d->store, d->err)) < 0)
		return rc;
	for (int p = 0; p < N_PEOPLE && rc == 0; p++) {
		if (strcmp(people[p].dept, depts[i].name) != 0)
			continue;
		char detail[512], keys[128];
		gk_role_format(people[p].roles, keys, sizeof keys);
		snprintf(detail, sizeof detail, "%s %s %s", people[p].login,
			 depts[i].name, keys);
		tick(d, d->clock + MINUTE_MS);
		if ((rc = gk_user_insert(
			 d->store, people[p].login, people[p].name, dept_id,
			 people[p].roles, pwhash, d->user_id[p], d->err)) == 0)
			rc = gk_audit_append(d->store, ADMIN_LOGIN,
					     GK_AUDIT_USER_ADD, d->user_id[p],
					     detail, d->err);
		if (rc < 0)
			rc = stopped(d, rc, _("user"), people[p].login);
	}
	return gk_store_end(d->store, rc, d->err);
}

static int add_people(struct demo *d)
{
	struct gk_user admin;
	char pwhash[GK_PWHASH_MAX];
	int rc;

	/* The working day before the oldest item, first thing. */
	tick(d, office_hours(d, d->today - (MAX_DAYS + 1) * DAY_MS));
	if ((rc = gk_agency_init(d->store, GK_DEMO_AGENCY, GK_DEMO_ORG_CODE,
				 ADMIN_LOGIN, people[person(ADMIN_LOGIN)].name,
				 GK_DEMO_PASSWORD, d->err)) < 0)
		return stopped(d, rc, _("agency"), GK_DEMO_AGENCY);
	if ((rc = gk_user_load(d->store, ADMIN_LOGIN, 1, &admin, d->err)) < 0)
		return rc;
	memcpy(d->user_id[person(ADMIN_LOGIN)], admin.id, sizeof admin.id);
	/* Argon2id is slow on purpose: one hash serves every demo user. */
	if ((rc = gk_password_hash(GK_DEMO_PASSWORD, pwhash, d->err)) < 0)
		return rc;
	for (int i = 0; i < N_DEPTS && rc == 0; i++)
		rc = add_dept(d, i, admin.id, pwhash);
	return rc;
}

/* ---- the items ----------------------------------------------------------- */

/* "-" means empty; "\n" in the file means a line break. */
static int copy_field(const char *field, char **out)
{
	*out = NULL;
	if (strcmp(field, "-") == 0)
		return 0;
	char *s = strdup(field), *w = s;
	if (!s)
		return -1;
	for (const char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] == 'n') {
			*w++ = '\n';
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	*out = s;
	return 0;
}

static void free_item(struct item *it)
{
	free(it->category);
	free(it->doc_no);
	free(it->title);
	free(it->body);
	free(it->comment);
	free(it->new_title);
	free(it->new_body);
}

/* A field of db/demo_items.tsv that does not fit, for the message. */
static int bad_item(struct demo *d, const char *title, const char *what)
{
	return gk_fail(d->err, GK_EIO,
		       _("db/demo_items.tsv: the item \"%s\" has a bad %s."),
		       title, what);
}

static int parse_ending(const char *state, enum ending *ends, int *step,
			int *unchecked)
{
	static const char suffix[] = "-unchecked";
	char plain[32];
	size_t n = strlen(state), k = sizeof suffix - 1;
	*unchecked =
	    n > k && n - k < sizeof plain && strcmp(state + n - k, suffix) == 0;
	if (*unchecked) {
		memcpy(plain, state, n - k);
		plain[n - k] = '\0';
		state = plain;
	}
	*step = 0;
	/* "review2": in review at step 2. */
	size_t len = strlen(state);
	if (len == strlen(gk_state_key(GK_STATE_REVIEW)) + 1 &&
	    state[len - 1] >= '1' && state[len - 1] <= '9') {
		*step = state[len - 1] - '0';
		memmove(plain, state, len - 1);
		plain[len - 1] = '\0';
		state = plain;
	}
	switch (gk_state_parse(state)) {
	case GK_STATE_DRAFT: *ends = END_DRAFT; break;
	case GK_STATE_SIGNED: *ends = END_SIGNED; break;
	case GK_STATE_RETURNED: *ends = END_RETURNED; break;
	case GK_STATE_REVIEW: *ends = END_REVIEW; break;
	default: return -1;
	}
	if ((*ends == END_REVIEW) != (*step > 0))
		return -1;
	return 0;
}

static int read_item(void *ctx, char **f, int n)
{
	struct demo *d = ctx;
	struct item it = {.pub = -1};

	if (n != 8 && n != 9 && n != 11)
		return gk_fail(d->err, GK_EIO,
			       _("db/demo_items.tsv: a line has %d fields, "
				 "not 8, 9 or 11."),
			       n);
	const char *title = f[6];
	it.author = person(f[0]);
	it.days = atoi(f[1]);
	it.returned_at = strcmp(f[2], "-") == 0 ? 0 : atoi(f[2]);
	if (it.author < 0 || !(people[it.author].roles & GK_ROLE_DRAFTER))
		return bad_item(d, title, _("author"));
	if (it.days < 1 || it.days > MAX_DAYS)
		return bad_item(d, title, _("number of days"));
	if (it.returned_at < 0 || it.returned_at > d->last_step ||
	    (it.returned_at > 0 && n < 9))
		return bad_item(d, title, _("return"));
	if (parse_ending(f[3], &it.ends, &it.step, &it.unchecked) < 0 ||
	    it.step > d->last_step ||
	    (it.ends == END_RETURNED && !it.returned_at) ||
	    (it.returned_at && it.ends != END_RETURNED && n < 11))
		return bad_item(d, title, _("state"));
	if (copy_field(f[4], &it.category) < 0 ||
	    copy_field(f[5], &it.doc_no) < 0 ||
	    copy_field(f[6], &it.title) < 0 || copy_field(f[7], &it.body) < 0 ||
	    (n > 8 && copy_field(f[8], &it.comment) < 0) ||
	    (n > 9 && (copy_field(f[9], &it.new_title) < 0 ||
		       copy_field(f[10], &it.new_body) < 0))) {
		free_item(&it);
		return gk_fail(d->err, GK_ENOMEM, _("Out of memory."));
	}
	if (it.returned_at &&
	    (!it.comment ||
	     (it.ends != END_RETURNED && !it.new_title && !it.new_body))) {
		free_item(&it);
		return bad_item(d, title, _("return"));
	}
	struct item *grown =
	    realloc(d->items, (size_t)(d->n_items + 1) * sizeof *grown);
	if (!grown) {
		free_item(&it);
		return gk_fail(d->err, GK_ENOMEM, _("Out of memory."));
	}
	d->items = grown;
	d->items[d->n_items++] = it;
	return 0;
}

/* A line of db/demo_publish.tsv: it names a signed item of the demo. */
static int read_pub(void *ctx, char **f, int n)
{
	struct demo *d = ctx;
	if (n != 6)
		return gk_fail(d->err, GK_EIO,
			       _("db/demo_publish.tsv: a line has %d fields, "
				 "not 6."),
			       n);
	int i = 0;
	while (i < d->n_items && strcmp(d->items[i].title, f[0]) != 0)
		i++;
	if (i == d->n_items || d->items[i].ends != END_SIGNED ||
	    d->items[i].pub >= 0)
		return gk_fail(d->err, GK_EIO,
			       _("db/demo_publish.tsv: \"%s\" is not a signed "
				 "item of db/demo_items.tsv, or is named "
				 "twice."),
			       f[0]);
	struct pub *grown =
	    realloc(d->pubs, (size_t)(d->n_pubs + 1) * sizeof *grown);
	if (!grown)
		return gk_fail(d->err, GK_ENOMEM, _("Out of memory."));
	d->pubs = grown;
	struct pub *p = &d->pubs[d->n_pubs];
	for (int k = 0; k < 6; k++)
		if (!(p->fields[k] = strdup(f[k]))) {
			while (k--)
				free(p->fields[k]);
			return gk_fail(d->err, GK_ENOMEM, _("Out of memory."));
		}
	d->items[i].pub = d->n_pubs++;
	return 0;
}

static int add_event(struct demo *d, int item, enum action action, int step)
{
	if (d->n_events == d->cap_events) {
		int cap = d->cap_events ? 2 * d->cap_events : 256;
		struct event *grown =
		    realloc(d->events, (size_t)cap * sizeof *grown);
		if (!grown)
			return gk_fail(d->err, GK_ENOMEM, _("Out of memory."));
		d->events = grown;
		d->cap_events = cap;
	}
	struct event *e = &d->events[d->n_events++];
	*e = (struct event){.item = item, .action = action, .step = step};
	return 0;
}

/*
 * The events of item i, in order: written, submitted, decided step by
 * step; after a return, edited and submitted again (round 2); then the
 * approvals up to where it ends.  Their times spread from the day it was
 * written to the end of yesterday.
 */
static int plan_item(struct demo *d, int i)
{
	const struct item *it = &d->items[i];
	int first = d->n_events, rc = add_event(d, i, ACT_CREATE, 0);
	int stop = it->ends == END_SIGNED   ? d->last_step + 1
		   : it->ends == END_REVIEW ? it->step
					    : 1;

	if (rc == 0 && it->returned_at) {
		rc = add_event(d, i, ACT_SUBMIT, 0);
		for (int s = 1; s < it->returned_at && rc == 0; s++)
			rc = add_event(d, i, ACT_APPROVE, s);
		if (rc == 0)
			rc = add_event(d, i, ACT_RETURN, it->returned_at);
		if (rc == 0 && it->ends != END_RETURNED)
			rc = add_event(d, i, ACT_EDIT, 0);
	}
	if (rc == 0 && it->ends != END_DRAFT && it->ends != END_RETURNED)
		rc = add_event(d, i, ACT_SUBMIT, 0);
	for (int s = 1; s < stop && rc == 0 && it->ends != END_DRAFT &&
			it->ends != END_RETURNED;
	     s++)
		rc = add_event(d, i, ACT_APPROVE, s);
	if (rc == 0 && it->pub >= 0)
		rc = add_event(d, i, ACT_PUBLISH, 0);
	if (rc == 0 && it->pub >= 0 &&
	    strcmp(d->pubs[it->pub].fields[5], "-") != 0)
		rc = add_event(d, i, ACT_WITHDRAW, 0);
	if (rc < 0)
		return rc;
	int n = d->n_events - first;
	/* Written at some hour of that day; items differ by the hour, and
	 * each moves on after half a day, a day or a day and a half, unless
	 * that would run into today. */
	int64_t start = d->today - (int64_t)it->days * DAY_MS +
			(int64_t)(i * 7 % 20) * HOUR_MS;
	int64_t gap = (d->today - start) / n, pace = (1 + i % 3) * 12 * HOUR_MS;
	if (gap > pace)
		gap = pace;
	for (int k = 0; k < n; k++) {
		struct event *e = &d->events[first + k];
		int64_t jitter = (int64_t)((i * 13 + k * 29) % 50) * MINUTE_MS;
		e->seq = k;
		e->at = office_hours(d, start + k * gap +
					    (jitter < gap / 2 ? jitter : 0)) /
			1000 * 1000;
	}
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->item != y->item)
		return x->item - y->item;
	return x->seq - y->seq;
}

/* Who decides step of item it: a holder of the step's role, in the item's
 * department for a 'dept' step, its named deputy for a 'deputy' step. */
static int decider(struct demo *d, const struct item *it, int step)
{
	const struct gk_step *s = &d->steps[step - 1];
	const char *dept = people[it->author].dept;
	int role = gk_role_index(s->role);

	if (strcmp(s->scope, "deputy") == 0)
		for (int i = 0; i < N_DEPTS; i++)
			if (strcmp(depts[i].name, dept) == 0 && depts[i].deputy)
				return person(depts[i].deputy);
	for (int p = 0; p < N_PEOPLE; p++)
		if (role >= 0 && (people[p].roles & (1u << role)) &&
		    p != it->author &&
		    (strcmp(s->scope, "dept") != 0 ||
		     strcmp(people[p].dept, dept) == 0))
			return p;
	return -1;
}

/* Demo answers to the confidentiality checklist: 否 to every question;
 * and why what the scanner finds in the demo's items (the bureau's e-mail
 * addresses) may be published. */
#define DISMISS_REASON "单位公开的工作联系方式"

/*
 * The step-1 reviewer fills in the checklist of it and dismisses its
 * findings before approving, as the agency's 科室负责人 do.
 */
static int review_secrecy(struct demo *d, const struct item *it,
			  const char *reviewer_id)
{
	struct gk_checklist list;
	int rc = gk_secrecy_load(d->store, it->id, &list, d->err);
	for (int i = 0; rc == 0 && i < list.n_entries; i++) {
		const char *code = list.entries[i].code;
		rc = gk_secrecy_answer(d->store, reviewer_id, it->id, code,
				       "no", NULL, d->err);
	}
	/* A dismissal covers every occurrence of its text: look again
	 * after each. */
	while (rc == 0 && list.open) {
		int no = 0;
		while (list.findings[no].dismissed)
			no++;
		tick(d, d->clock + MINUTE_MS); /* each event at its moment */
		rc = gk_secrecy_dismiss(d->store, reviewer_id, it->id, no + 1,
					NULL, DISMISS_REASON, d->err);
		gk_checklist_free(&list);
		if (rc == 0)
			rc = gk_secrecy_load(d->store, it->id, &list, d->err);
	}
	gk_checklist_free(&list);
	return rc;
}

/* The demo's publisher: the first person holding the role. */
static int publisher(void)
{
	for (int p = 0; p < N_PEOPLE; p++)
		if (people[p].roles & GK_ROLE_PUBLISHER)
			return p;
	return -1;
}

/*
 * The publisher publishes it as its line of db/demo_publish.tsv says,
 * records its media coverage, and marks the deliveries that went through.
 */
static int publish_item(struct demo *d, const struct item *it,
			const char *publisher_id)
{
	char *const *f = d->pubs[it->pub].fields;
	char channels[256], delivered[256], index_no[GK_INDEX_NO_MAX + 1];
	const char *codes[16];
	int n = 0, rc;

	snprintf(channels, sizeof channels, "%s", f[2]);
	for (char *c = strtok(channels, ","); c && n < 16;
	     c = strtok(NULL, ","))
		codes[n++] = c;
	struct gk_pub_meta meta = {.summary = f[1],
				   .genre = it->doc_no ? "通知" : "工作动态",
				   .channels = codes,
				   .channel_count = n};
	if ((rc = gk_publish(d->store, publisher_id, it->id, &meta, index_no,
			     d->err)) < 0)
		return rc;
	if (strcmp(f[4], "-") != 0) {
		char kind[32], today[11];
		const char *colon = strchr(f[4], ':');
		if (!colon || colon - f[4] >= (int)sizeof kind)
			return bad_item(d, it->title, _("coverage"));
		snprintf(kind, sizeof kind, "%.*s", (int)(colon - f[4]), f[4]);
		gk_store_today(d->store, today);
		tick(d, d->clock + 30 * MINUTE_MS);
		if ((rc = gk_coverage_add(d->store, publisher_id, it->id,
					  colon + 1, kind, today, NULL,
					  d->err)) < 0)
			return rc;
	}
	snprintf(delivered, sizeof delivered, "%s", f[3]);
	for (char *c = strtok(delivered, ","); c && strcmp(c, "-") != 0;
	     c = strtok(NULL, ",")) {
		tick(d, d->clock + 20 * MINUTE_MS);
		if ((rc = gk_delivery_mark(d->store, publisher_id, it->id, c,
					   "delivered", NULL, d->err)) < 0)
			return rc;
	}
	return 0;
}

/* The publisher withdraws it: "expired:reason" or "abolished:reason". */
static int withdraw_item(struct demo *d, const struct item *it,
			 const char *publisher_id)
{
	const char *how = d->pubs[it->pub].fields[5];
	const char *colon = strchr(how, ':');
	char validity[16];
	if (!colon || colon - how >= (int)sizeof validity)
		return bad_item(d, it->title, _("withdrawal"));
	snprintf(validity, sizeof validity, "%.*s", (int)(colon - how), how);
	return gk_publish_withdraw(d->store, publisher_id, it->id, validity,
				   NULL, colon + 1, d->err);
}

static int run_event(struct demo *d, const struct event *e)
{
	struct item *it = &d->items[e->item];
	const char *author = d->user_id[it->author];
	int who, rc = 0;

	tick(d, e->at);
	switch (e->action) {
	case ACT_CREATE: {
		struct gk_draft draft = {.title = it->title,
					 .body = it->body,
					 .doc_no = it->doc_no,
					 .category = it->category};
		rc = gk_doc_create(d->store, author, &draft, it->id, d->err);
		break;
	}
	case ACT_SUBMIT:
		rc = gk_flow_submit(d->store, author, it->id, d->err);
		break;
	case ACT_EDIT: {
		struct gk_draft changes = {.title = it->new_title,
					   .body = it->new_body};
		rc = gk_doc_edit(d->store, author, it->id, &changes, d->err);
		break;
	}
	case ACT_PUBLISH:
	case ACT_WITHDRAW:
		if ((who = publisher()) < 0)
			return gk_fail(d->err, GK_EINVAL,
				       _("No demo user publishes."));
		rc = e->action == ACT_PUBLISH
			 ? publish_item(d, it, d->user_id[who])
			 : withdraw_item(d, it, d->user_id[who]);
		break;
	case ACT_APPROVE:
	case ACT_RETURN:
		if ((who = decider(d, it, e->step)) < 0)
			return gk_fail(d->err, GK_EINVAL,
				       _("No demo user can decide step %d of "
					 "\"%s\"."),
				       e->step, it->title);
		if (e->action == ACT_APPROVE && e->step == 1 &&
		    !it->unchecked) {
			if ((rc = review_secrecy(d, it, d->user_id[who])) < 0)
				break;
			/* The review done, the approval follows. */
			tick(d, d->clock + MINUTE_MS);
		}
		if (e->action == ACT_RETURN)
			rc = gk_flow_return(d->store, d->user_id[who], it->id,
					    NULL, it->comment, d->err);
		else
			rc = gk_flow_approve(
			    d->store, d->user_id[who], it->id, NULL,
			    approve_comments[e->step <= 3 ? e->step - 1 : 2],
			    d->err);
		break;
	}
	return rc < 0 ? stopped(d, rc, _("item"), it->title) : 0;
}

static int add_items(struct demo *d)
{
	int n, rc;

	if ((rc = gk_chain_steps(d->store, &d->steps, &n, d->err)) < 0)
		return rc;
	d->last_step = n;
	if ((rc = gk_reference_each_row("demo_items.tsv", 11, read_item, d,
					d->err)) < 0 ||
	    (rc = gk_reference_each_row("demo_publish.tsv", 6, read_pub, d,
					d->err)) < 0)
		return rc;
	for (int i = 0; i < d->n_items && rc == 0; i++)
		rc = plan_item(d, i);
	if (rc < 0)
		return rc;
	/* One history for the whole agency, oldest first, as it happened. */
	qsort(d->events, (size_t)d->n_events, sizeof *d->events, by_time);
	for (int i = 0; i < d->n_events && rc == 0; i++)
		rc = run_event(d, &d->events[i]);
	return rc;
}

int gk_demo_add_drafts(struct gk_store *store, int count, struct gk_err *err)
{
	struct gk_user officer;
	int rc;
	if (count < 1 || count > 100000)
		return gk_fail(err, GK_EINVAL,
			       _("The demo takes 1 to 100000 further drafts, "
				 "not %d."),
			       count);
	if ((rc = gk_user_load(store, "zhangwei", 1, &officer, err)) < 0)
		return rc;
	for (int i = 1; i <= count && rc == 0; i++) {
		char title[64], id[GK_ID_HEX + 1];
		snprintf(title, sizeof title, "演示草稿第%d号", i);
		struct gk_draft d = {.title = title,
				     .body = "演示用的草稿正文。",
				     .category = "经信动态"};
		rc = gk_doc_create(store, officer.id, &d, id, err);
	}
	return rc;
}

int gk_demo_create(struct gk_store *store, struct gk_err *err)
{
	struct gk_agency agency;
	struct gk_err probe;
	int rc = gk_agency_get(store, &agency, &probe);

	if (rc == 0)
		return gk_fail(err, GK_EEXIST,
			       _("This database already holds the agency %s; "
				 "the demo goes only into a new, empty "
				 "database."),
			       agency.name);
	if (rc != GK_ENOTFOUND)
		return gk_fail(err, rc, "%s", probe.msg);

	int64_t saved_clock = store->clock_ms;
	struct demo d = {.store = store, .err = err};
	d.today = china_midnight(gk_store_now_ms(store));
	if ((rc = add_people(&d)) == 0)
		rc = add_items(&d);
	store->clock_ms = saved_clock;
	for (int i = 0; i < d.n_items; i++)
		free_item(&d.items[i]);
	for (int i = 0; i < d.n_pubs; i++)
		for (int k = 0; k < 6; k++)
			free(d.pubs[i].fields[k]);
	free(d.pubs);
	free(d.items);
	free(d.events);
	free(d.steps);
	return rc;
}
