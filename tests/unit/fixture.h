/*
 * fixture — a fresh agency database for each unit test.
 *
 * fx_group_setup() builds one template database per test file (an agency,
 * three departments and a cast of users; Argon2id makes users slow to
 * create), fx_setup() copies it into a new temporary directory for each
 * test and opens it.  Tests then call the core directly.
 *
 * The cast (login: roles, department; password "password-<login>"):
 *   admin   admin, no department
 *   zhang   drafter, 综合科           liu  drafter, 工业科
 *   li      dept-head, 综合科         sun  dept-head, 工业科
 *   wang    deputy, 局领导 — the named deputy of 综合科
 *   qian    deputy, 局领导 — no department names him
 *   zhao    director, 局领导
 *   chen    drafter + dept-head, 综合科
 *   fang    publisher (信息公开业务主管), 综合科
 */
#ifndef GK_TEST_FIXTURE_H
#define GK_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agency.h"
#include "audit.h"
#include "auth.h"
#include "doc.h"
#include "err.h"
#include "flow.h"
#include "store.h"

struct fx {
	char dir[256];
	char path[300];
	struct gk_store *store;
	struct gk_err err;
};

int fx_group_setup(void **state);
/* For a group setup: a template database filled by fill (instead of the
 * cast), copied per test by fx_setup and removed by fx_group_teardown. */
int fx_template(int (*fill)(struct gk_store *store, struct gk_err *err));
/* For a test that needs a new, empty database (freed by fx_teardown). */
int fx_setup_empty(void **state);
int fx_group_teardown(void **state);
int fx_setup(void **state);
int fx_teardown(void **state);

/* The id of the cast member login (fails the test if unknown). */
const char *fx_id(struct fx *fx, const char *login);

/* A new draft by login with this title and a body; returns its id in a
 * static buffer that the next call overwrites. */
const char *fx_draft(struct fx *fx, const char *login, const char *title);

/* A new draft by zhang (综合科) submitted to step 1. */
const char *fx_submitted(struct fx *fx, const char *title);

/* login answers every question of item_id's confidentiality checklist
 * 否 through the core, as a reviewer who found nothing would (fails the
 * test when refused).  Findings of the scanner are left as they are. */
void fx_checklist_clear(struct fx *fx, const char *item_id, const char *login);

/* A new item by zhang taken to 'signed' through the core: submitted, its
 * checklist cleared by li, and approved by li, wang and zhao.  Its id in a
 * static buffer that the next call overwrites. */
const char *fx_signed(struct fx *fx, const char *title);

/*
 * A new item by zhang (栏目 工业经济) with this title, body and 文号 (NULL:
 * none), signed as fx_signed() does and published by fang with the title
 * as its 内容概述, the planned channels and today's date.  Its id in a
 * static buffer that the next call overwrites.
 */
const char *fx_published(struct fx *fx, const char *title, const char *body,
			 const char *doc_no);

/* The first column of the one row sql returns, with ?1 bound to arg
 * (NULL: no parameter); fails the test when the SQL does not run. */
int64_t fx_sql_int(struct gk_store *store, const char *sql, const char *arg);
/* Run SQL that must succeed (a test playing an attacker or an old
 * version); fails the test otherwise. */
void fx_sql_exec(struct gk_store *store, const char *sql);

/* The item's state key, step and version, read back from the database. */
void fx_where(struct fx *fx, const char *item_id, char state[16], int *step,
	      int *version);

/* Assert that rc is the code expected and the message contains needle. */
#define assert_refused(fx, rc, code, needle)                                   \
	do {                                                                   \
		assert_int_equal((rc), (code));                                \
		if (!strstr((fx)->err.msg, (needle)))                          \
			fail_msg("message \"%s\" lacks \"%s\"", (fx)->err.msg, \
				 (needle));                                    \
	} while (0)

#endif
