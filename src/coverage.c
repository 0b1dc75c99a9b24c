/*
 * coverage — media coverage of published items (coverage.h).
 */
#include "coverage.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cndate.h"
#include "i18n.h"
#include "text.h"
#include "vocab.h"

static const struct gk_word coverage_kinds[] = {
    GK_COVERAGE_KINDS(GK_WORD_ROW){NULL, NULL}};

/* The Chinese names of the media, in GK_COVERAGE_KINDS order. */
static const char *const coverage_names_zh[] = {"报纸", "网络媒体", "电视",
						"广播"};
#define COUNT_ONE(name, key, label) +1
_Static_assert(sizeof coverage_names_zh / sizeof coverage_names_zh[0] ==
		   0 GK_COVERAGE_KINDS(COUNT_ONE),
	       "a Chinese name for each kind of medium");
#undef COUNT_ONE

const char *gk_coverage_kind_label(const char *key)
{
	int i = gk_word_find(coverage_kinds, key);
	return i < 0 ? key : _(coverage_kinds[i].label);
}

int gk_coverage_check_date(struct gk_store *store, const char *date,
			   const char *published_on, struct gk_err *err)
{
	char today[GK_DATE_LEN];
	gk_store_today(store, today);
	int rc = gk_cndate_check_past(date, _("The date it appeared"), today,
				      NULL, err);
	if (rc < 0)
		return rc;
	if (published_on && strcmp(date, published_on) < 0)
		return gk_fail(err, GK_EINVAL,
			       _("The date it appeared, %s, is before the "
				 "publication on %s."),
			       date, published_on);
	return 0;
}

int gk_coverage_add(struct gk_store *store, const char *actor_id,
		    const char *item_id, const char *outlet, const char *kind,
		    const char *appeared_on, const char *title,
		    struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	struct gk_publication p;
	char date[GK_DATE_LEN], id[GK_ID_HEX + 1], now[GK_TIME_LEN],
	    detail[320];
	int rc;

	if ((rc = gk_text_check_line(outlet ? outlet : "",
				     _("The outlet (media name)"), 100, err)) <
	    0)
		return rc;
	int k = gk_word_parse(coverage_kinds, coverage_names_zh, kind);
	if (k < 0)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown kind of medium '%s'; it is "
				 "newspaper, online, tv or radio."),
			       kind ? kind : "");
	kind = coverage_kinds[k].key;
	if (appeared_on && appeared_on[0]) {
		if ((rc = gk_coverage_check_date(store, appeared_on, NULL,
						 err)) < 0)
			return rc;
		snprintf(date, sizeof date, "%s", appeared_on);
	} else {
		gk_store_today(store, date);
	}
	if (!title)
		title = "";
	if (title[0] && (rc = gk_text_check_line(title, _("The title"),
						 GK_TITLE_MAX, err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0)
		goto done;
	if (!gk_state_public(item.state)) {
		rc = gk_fail(err, GK_EDENIED,
			     _("Only published items have media coverage "
			       "(this one: %s)."),
			     gk_state_label(item.state));
		goto done;
	}
	if ((rc = gk_publication_get(store, item.id, &p, err)) < 0 ||
	    (rc = gk_coverage_check_date(store, date, p.published_on, err)) < 0)
		goto done;
	sqlite3_stmt *same;
	if ((rc = gk_store_row(store, err, &same,
			       "SELECT 1 FROM coverage WHERE item_id = ? AND "
			       "outlet = ? AND kind = ? AND appeared_on = ? "
			       "AND title = ?",
			       "ttttt", item.id, outlet, kind, date, title)) <
	    0)
		goto done;
	if (rc == 1) {
		sqlite3_finalize(same);
		rc = gk_fail(err, GK_EEXIST,
			     _("That is recorded already: %s, %s, %s."), outlet,
			     gk_coverage_kind_label(kind), date);
		goto done;
	}
	gk_new_id(id);
	gk_store_now(store, now);
	snprintf(detail, sizeof detail, "%s %s %s", kind, date, outlet);
	if ((rc = gk_store_exec(store, err,
				"INSERT INTO coverage (id, item_id, outlet, "
				"kind, appeared_on, title, actor_id, at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				"tttttttt", id, item.id, outlet, kind, date,
				title, actor.id, now)) < 0)
		goto done;
	char comment[GK_TITLE_MAX * 4 + 512];
	snprintf(comment, sizeof comment, "%s %s（%s）%s%s", date, outlet,
		 gk_coverage_kind_label(kind), title[0] ? "：" : "", title);
	if ((rc = gk_doc_event(store, &item, actor.id, GK_EVENT_COVERAGE,
			       comment, err)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_COVERAGE, item.id,
			     detail, err);
done:
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

static int fill_coverage(void *ctx, void *elem, sqlite3_stmt *st,
			 struct gk_err *err)
{
	struct gk_coverage *c = elem;
	(void)ctx;
	(void)err;
	gk_col_copy(st, 0, c->id, sizeof c->id);
	gk_col_copy(st, 1, c->item_id, sizeof c->item_id);
	gk_col_copy(st, 2, c->index_no, sizeof c->index_no);
	gk_col_copy(st, 3, c->outlet, sizeof c->outlet);
	gk_col_copy(st, 4, c->kind, sizeof c->kind);
	gk_col_copy(st, 5, c->appeared_on, sizeof c->appeared_on);
	gk_col_copy(st, 6, c->title, sizeof c->title);
	gk_col_copy(st, 7, c->actor_login, sizeof c->actor_login);
	gk_col_copy(st, 8, c->at, sizeof c->at);
	return 0;
}

int gk_coverage_list(struct gk_store *store, const char *item_id, int year,
		     struct gk_coverage **out, int *count, struct gk_err *err)
{
	sqlite3_stmt *st;
	char from[24], to[24];
	*out = NULL;
	*count = 0;
	/* Any year: from before every date to after every date. */
	snprintf(from, sizeof from, "%04d-01-01", year);
	if (year)
		snprintf(to, sizeof to, "%04d-01-01", year + 1);
	else
		snprintf(to, sizeof to, "~");
	int rc = gk_store_prep(
	    store, err, &st,
	    "SELECT c.id, c.item_id, coalesce(p.index_no, ''), c.outlet, "
	    "c.kind, c.appeared_on, c.title, u.login, c.at FROM coverage c "
	    "LEFT JOIN publication p ON p.item_id = c.item_id "
	    "JOIN user u ON u.id = c.actor_id "
	    "WHERE (?1 IS NULL OR c.item_id = ?1) "
	    "AND c.appeared_on >= ?2 AND c.appeared_on < ?3 "
	    "ORDER BY c.appeared_on, c.at, c.id",
	    "ttt", item_id, from, to);
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_coverage, NULL,
				NULL, out, count, err);
}
