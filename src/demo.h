/*
 * demo — a demonstration agency to try gongkai on: 淄川区经济和信息化局
 * with its leadership, 科室 and 产业办, fifteen people and three dozen
 * items in every state of the review chain.
 *
 * gk_demo_create() fills a new, empty database only through the core's own
 * functions (gk_agency_init, gk_dept_add, gk_user_insert, gk_doc_create,
 * gk_doc_edit, gk_flow_submit, gk_flow_approve, gk_flow_return), acting as
 * the demo's own people, so every rule, event and audit entry is the real
 * thing.  The items' texts are data: db/demo_items.tsv.  The people and
 * departments are the tables in demo.c, and gk_demo_logins() hands them to
 * a front end to show.
 *
 * Every demo user has the password GK_DEMO_PASSWORD.  The demo is for
 * trying and teaching, never for real work.
 */
#ifndef GK_DEMO_H
#define GK_DEMO_H

#include "store.h"

/* The password of every demo login (passes gk_password_check). */
#define GK_DEMO_PASSWORD "gongkai-demo"

/* The demo's agency and its 统一社会信用代码 (its check character holds). */
#define GK_DEMO_AGENCY	 "淄川区经济和信息化局"
#define GK_DEMO_ORG_CODE "11370302004317654P"

struct gk_demo_login {
	const char *login; /* ASCII, e.g. "zhangwei" */
	const char *name;  /* the person's name, e.g. "张伟" */
	const char *dept;  /* the department's name; "" for the admin */
	unsigned roles;	   /* enum gk_role bits (auth.h) */
	const char *what;  /* what they do, N_(): translate with _() */
};

/*
 * The demo logins, in the order a front end should list them (the
 * director first, the administrator last): *out points to a static table
 * that lives as long as the program.  Returns how many there are.
 */
int gk_demo_logins(const struct gk_demo_login **out);

/*
 * Fill store, freshly opened on a new database, with the demo agency.
 * Refuses with GK_EEXIST when the database already holds an agency (of any
 * name), leaving it untouched.
 *
 * The core's functions each commit their own transaction, so the demo is
 * built in many transactions (some 170): a failure midway returns its
 * code with a message naming the step that failed, and leaves a partly
 * filled database, which the caller should delete.  The times of the
 * events are spread over the last three weeks (store->clock_ms is moved
 * while it runs and restored before it returns).  The password is hashed
 * twice in all (Argon2id), so this takes a fraction of a second.
 */
int gk_demo_create(struct gk_store *store, struct gk_err *err);

/*
 * Add count further drafts (1 to 100000) by the demo's officer zhangwei
 * to a demo database, titled 演示草稿第1号 …, so that queues run to
 * several pages.  Each is one transaction: a failure midway keeps the
 * drafts made before it.  GK_ENOTFOUND when the database has no zhangwei.
 */
int gk_demo_add_drafts(struct gk_store *store, int count, struct gk_err *err);

#endif
