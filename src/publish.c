/*
 * publish — publishing, withdrawing and correcting (publish.h).
 */
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "audit.h"
#include "channel.h"
#include "cndate.h"
#include "i18n.h"
#include "secrecy.h"
#include "sync.h"
#include "text.h"
#include "vocab.h"

static const struct gk_word validities[] = {
    GK_VALIDITIES(GK_WORD_ROW){NULL, NULL}};

/* The Chinese names of the validities, in GK_VALIDITIES order: what the
 * catalog and the published files say. */
static const char *const validity_names_zh[] = {"有效", "失效", "废止"};
#define COUNT_ONE(name, key, label) +1
_Static_assert(sizeof validity_names_zh / sizeof validity_names_zh[0] ==
		   0 GK_VALIDITIES(COUNT_ONE),
	       "a Chinese name for each validity");
#undef COUNT_ONE

/* The 公开范围 of a publication that names none. */
#define DEFAULT_SCOPE "面向社会"

const char *gk_validity_label(const char *key)
{
	return gk_word_label(validities, key);
}

int gk_validity_in_force(const char *key)
{
	return gk_word_find(validities, key) == GK_VALIDITY_VALID;
}

const char *gk_validity_parse(const char *text)
{
	int i = gk_word_parse(validities, validity_names_zh, text);
	return i < 0 ? NULL : validities[i].key;
}

const char *gk_validity_zh(const char *key)
{
	int i = gk_word_find(validities, key);
	return i < 0 ? key : validity_names_zh[i];
}

/* ---- publications ---- */

#define PUB_SELECT                                                             \
	"SELECT p.id, p.item_id, p.version_id, v.n, p.hash, p.index_no, "      \
	"p.year, p.serial, p.station, p.published_on, u.login, u.name, p.at, " \
	"p.summary, p.topic, p.genre, p.issuer, p.written_on, p.scope, "       \
	"p.keywords, p.validity, p.ended_on, p.end_reason, "                   \
	"coalesce(c.index_no, '') FROM publication p "                         \
	"JOIN item_version v ON v.id = p.version_id "                          \
	"JOIN user u ON u.id = p.publisher_id "                                \
	"LEFT JOIN publication c ON c.id = p.corrects_id "

static void fill_publication(sqlite3_stmt *st, struct gk_publication *p)
{
	memset(p, 0, sizeof *p);
	gk_col_copy(st, 0, p->id, sizeof p->id);
	gk_col_copy(st, 1, p->item_id, sizeof p->item_id);
	gk_col_copy(st, 2, p->version_id, sizeof p->version_id);
	p->version = sqlite3_column_int(st, 3);
	gk_col_copy(st, 4, p->hash, sizeof p->hash);
	gk_col_copy(st, 5, p->index_no, sizeof p->index_no);
	p->year = sqlite3_column_int(st, 6);
	p->serial = sqlite3_column_int(st, 7);
	gk_col_copy(st, 8, p->station, sizeof p->station);
	gk_col_copy(st, 9, p->published_on, sizeof p->published_on);
	gk_col_copy(st, 10, p->publisher_login, sizeof p->publisher_login);
	gk_col_copy(st, 11, p->publisher_name, sizeof p->publisher_name);
	gk_col_copy(st, 12, p->at, sizeof p->at);
	gk_col_copy(st, 13, p->summary, sizeof p->summary);
	gk_col_copy(st, 14, p->topic, sizeof p->topic);
	gk_col_copy(st, 15, p->genre, sizeof p->genre);
	gk_col_copy(st, 16, p->issuer, sizeof p->issuer);
	gk_col_copy(st, 17, p->written_on, sizeof p->written_on);
	gk_col_copy(st, 18, p->scope, sizeof p->scope);
	gk_col_copy(st, 19, p->keywords, sizeof p->keywords);
	gk_col_copy(st, 20, p->validity, sizeof p->validity);
	gk_col_copy(st, 21, p->ended_on, sizeof p->ended_on);
	gk_col_copy(st, 22, p->end_reason, sizeof p->end_reason);
	gk_col_copy(st, 23, p->corrects_index_no, sizeof p->corrects_index_no);
}

int gk_publication_get(struct gk_store *store, const char *item_id,
		       struct gk_publication *out, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st, PUB_SELECT "WHERE p.item_id = ?",
			      "t", item_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("Item %.8s is not published."), item_id);
	fill_publication(st, out);
	sqlite3_finalize(st);
	return 0;
}

/*
 * The last approval of item's current round, the highest step: its
 * version into version_id and its day in China into signed_on.  1 when
 * there is one, 0 when not (signed_on ""), or a negative GK_E* code.
 */
static int signoff(struct gk_store *store, const struct gk_item *item,
		   char version_id[GK_ID_HEX + 1], char signed_on[GK_DATE_LEN],
		   struct gk_err *err)
{
	sqlite3_stmt *st;
	char at[GK_TIME_LEN];
	signed_on[0] = '\0';
	int rc = gk_store_row(store, err, &st,
			      "SELECT version_id, at FROM item_event "
			      "WHERE item_id = ? AND round = ? "
			      "AND action = 'approve' "
			      "ORDER BY step DESC, at DESC LIMIT 1",
			      "td", item->id, item->round);
	if (rc <= 0)
		return rc;
	gk_col_copy(st, 0, version_id, GK_ID_HEX + 1);
	gk_col_copy(st, 1, at, sizeof at);
	sqlite3_finalize(st);
	gk_cndate_of_time(at, signed_on);
	return 1;
}

/*
 * 0 when the item's current version is what was signed off in its
 * current round, stored byte for byte as it was hashed; else GK_EDENIED.
 * The day of the sign-off in China goes into signed_on.
 */
static int require_signed_text(struct gk_store *store,
			       const struct gk_item *item,
			       char signed_on[GK_DATE_LEN], struct gk_err *err)
{
	char version_id[GK_ID_HEX + 1];
	char computed[GK_HASH_HEX + 1], recorded[GK_HASH_HEX + 1];
	int rc = signoff(store, item, version_id, signed_on, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_EDENIED,
			       _("Item %.8s has no sign-off in its current "
				 "review, so it cannot be published."),
			       item->id);
	if (strcmp(version_id, item->version_id) != 0)
		return gk_fail(err, GK_EDENIED,
			       _("Version %d of item %.8s is not the version "
				 "that was signed off; it needs a new review "
				 "before publishing."),
			       item->version, item->id);
	if ((rc = gk_doc_rehash(store, item->version_id, computed, recorded,
				err)) < 0)
		return rc;
	if (strcmp(computed, recorded) != 0 ||
	    strcmp(recorded, item->hash) != 0)
		return gk_fail(err, GK_EDENIED,
			       _("The stored text of item %.8s differs from "
				 "the signed version (its content hash no "
				 "longer matches), so it cannot be "
				 "published."),
			       item->id);
	return 0;
}

/* Every rule of publishing that concerns the actor and the item. */
static int check_publishable(struct gk_store *store, const char *actor_id,
			     const struct gk_item *item, struct gk_user *actor,
			     char signed_on[11], struct gk_err *err)
{
	int rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, actor,
				  err)) < 0 ||
	    (rc = gk_sync_require_settled(store, "item", item->id, err)) < 0)
		return rc;
	if (gk_state_public(item->state)) {
		struct gk_publication p;
		if ((rc = gk_publication_get(store, item->id, &p, err)) < 0)
			return rc;
		return gk_fail(err, GK_EDENIED,
			       gk_state_parse(item->state) == GK_STATE_PUBLISHED
				   ? _("Item %.8s is already published, as "
				       "索引号 %s.")
				   : _("Item %.8s was already published, as "
				       "索引号 %s, and is withdrawn now."),
			       item->id, p.index_no);
	}
	if (!gk_state_signed_off(item->state))
		return gk_fail(err, GK_EDENIED,
			       _("Only signed-off items can be published "
				 "(this one: %s)."),
			       gk_state_label(item->state));
	if (strcmp(item->attr, "withheld") == 0)
		return gk_fail(err, GK_EDENIED,
			       _("Item %.8s is marked 不予公开 (not "
				 "disclosed), so it cannot be published."),
			       item->id);
	if ((rc = gk_secrecy_require(store, item, err)) < 0 ||
	    (rc = require_signed_text(store, item, signed_on, err)) < 0)
		return rc;
	return gk_index_require_station(store, err);
}

int gk_publish_check(struct gk_store *store, const char *actor_id,
		     const char *item_id, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	char signed_on[11];
	int rc;

	/* One read transaction, so every check sees the same state. */
	if (sqlite3_exec(store->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return gk_store_dberr(store, err);
	if ((rc = gk_doc_get(store, item_id, &item, err)) == 0)
		rc = check_publishable(store, actor_id, &item, &actor,
				       signed_on, err);
	gk_item_free(&item);
	gk_store_rollback(store);
	return rc;
}

/* ---- the dates ---- */

int gk_publish_check_date(struct gk_store *store, const char *published_on,
			  int *year, struct gk_err *err)
{
	char today[GK_DATE_LEN];
	gk_store_today(store, today);
	return gk_cndate_check_past(published_on,
				    _("The publication date (发布日期)"), today,
				    year, err);
}

int gk_publish_check_written(const char *written_on, const char *published_on,
			     struct gk_err *err)
{
	struct gk_err ignored;
	int rc = gk_text_check_date(
	    written_on, _("The date written (成文日期)"), NULL, err);
	if (rc < 0)
		return rc;
	if (published_on &&
	    gk_text_check_date(published_on, "", NULL, &ignored) == 0 &&
	    strcmp(written_on, published_on) > 0)
		return gk_fail(err, GK_EINVAL,
			       _("The date written (成文日期) %s is after the "
				 "publication date %s."),
			       written_on, published_on);
	return 0;
}

int gk_publish_check_end_date(struct gk_store *store, const char *ended_on,
			      const char *published_on, struct gk_err *err)
{
	char today[GK_DATE_LEN];
	gk_store_today(store, today);
	int rc =
	    gk_cndate_check_past(ended_on, _("The end date"), today, NULL, err);
	if (rc < 0)
		return rc;
	if (published_on && strcmp(ended_on, published_on) < 0)
		return gk_fail(err, GK_EINVAL,
			       _("The end date %s is before the publication "
				 "date %s."),
			       ended_on, published_on);
	return 0;
}

int gk_publish_preview(struct gk_store *store, const char *published_on,
		       char index_no[GK_INDEX_NO_MAX + 1], struct gk_err *err)
{
	char today[GK_DATE_LEN];
	int year, rc;

	index_no[0] = '\0';
	gk_store_today(store, today);
	if (!published_on || !published_on[0])
		published_on = today;
	if ((rc = gk_publish_check_date(store, published_on, &year, err)) < 0)
		return rc;
	return gk_index_next(store, year, atoi(published_on + 5), index_no,
			     NULL, err);
}

/* ---- the form's defaults ---- */

/* The defaults that depend on the day only: 公开范围, 发布日期 (today in
 * China), validity; the rest "". */
static void day_defaults(struct gk_store *store, struct gk_pub_defaults *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->scope, sizeof out->scope, "%s", DEFAULT_SCOPE);
	gk_store_today(store, out->published_on);
	snprintf(out->validity, sizeof out->validity, "valid");
}

/* The defaults of the item signed off on signed_on ("" when it is not):
 * the 发布机构 (the agency's name) and the 成文日期, the day of the
 * sign-off (GB/T 9704: the day the responsible person signed). */
static int item_defaults(struct gk_store *store, const char *signed_on,
			 struct gk_pub_defaults *out, struct gk_err *err)
{
	struct gk_agency agency;
	int rc = gk_agency_get(store, &agency, err);
	if (rc < 0)
		return rc;
	snprintf(out->issuer, sizeof out->issuer, "%s", agency.name);
	snprintf(out->written_on, sizeof out->written_on, "%s", signed_on);
	return 0;
}

int gk_publish_defaults(struct gk_store *store, const char *item_id,
			struct gk_pub_defaults *out, struct gk_err *err)
{
	struct gk_item item = {0};
	char signed_on[GK_DATE_LEN] = "", version_id[GK_ID_HEX + 1];
	int rc;

	day_defaults(store, out);
	if (sqlite3_exec(store->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return gk_store_dberr(store, err);
	/* Only a signed-off item has the day of its sign-off. */
	if ((rc = gk_doc_get(store, item_id, &item, err)) == 0 &&
	    (!gk_state_signed_off(item.state) ||
	     (rc = signoff(store, &item, version_id, signed_on, err)) >= 0))
		rc = item_defaults(store, signed_on, out, err);
	gk_item_free(&item);
	gk_store_rollback(store);
	return rc < 0 ? rc : 0;
}

/* Check an optional one-line field (NULL or "" is fine) and copy it, or
 * def when empty, into out. */
static int take_line(const char *s, const char *def, const char *field,
		     size_t max_chars, char *out, size_t size,
		     struct gk_err *err)
{
	int rc;
	if (!s || !s[0])
		s = def;
	if (s[0] && (rc = gk_text_check_line(s, field, max_chars, err)) < 0)
		return rc;
	snprintf(out, size, "%s", s);
	return 0;
}

/* Check what the publisher filled in and copy it into p. */
static int take_meta(struct gk_store *store, const struct gk_pub_meta *meta,
		     const struct gk_pub_defaults *def,
		     struct gk_publication *p, struct gk_err *err)
{
	int rc;
	if (!meta->summary || !meta->summary[0])
		return gk_fail(err, GK_EINVAL,
			       _("Publishing needs a 内容概述 (summary) of at "
				 "most %d characters."),
			       GK_SUMMARY_MAX);
	if ((rc = take_line(meta->summary, "", _("The 内容概述 (summary)"),
			    GK_SUMMARY_MAX, p->summary, sizeof p->summary,
			    err)) < 0 ||
	    (rc = take_line(meta->topic, "", _("The 主题分类 (topic)"),
			    GK_META_MAX, p->topic, sizeof p->topic, err)) < 0 ||
	    (rc = take_line(meta->genre, "", _("The 体裁 (genre)"), GK_META_MAX,
			    p->genre, sizeof p->genre, err)) < 0 ||
	    (rc = take_line(meta->issuer, "", _("The 发布机构 (issuer)"),
			    GK_ISSUER_MAX, p->issuer, sizeof p->issuer, err)) <
		0 ||
	    (rc = take_line(meta->scope, def->scope, _("The 公开范围 (scope)"),
			    GK_META_MAX, p->scope, sizeof p->scope, err)) < 0 ||
	    (rc = take_line(meta->keywords, "", _("The keywords"),
			    GK_KEYWORDS_MAX, p->keywords, sizeof p->keywords,
			    err)) < 0)
		return rc;
	snprintf(p->published_on, sizeof p->published_on, "%s",
		 meta->published_on && meta->published_on[0]
		     ? meta->published_on
		     : def->published_on);
	if ((rc = gk_publish_check_date(store, p->published_on, &p->year,
					err)) < 0)
		return rc;
	if (meta->written_on && meta->written_on[0]) {
		if ((rc = gk_publish_check_written(meta->written_on,
						   p->published_on, err)) < 0)
			return rc;
		snprintf(p->written_on, sizeof p->written_on, "%s",
			 meta->written_on);
	}
	snprintf(p->validity, sizeof p->validity, "%s", def->validity);
	return 0;
}

/* Insert publication p, whose publisher is publisher_id. */
static int insert_publication(struct gk_store *store,
			      const struct gk_publication *p,
			      const char *publisher_id,
			      const char *corrects_pub_id, struct gk_err *err)
{
	return gk_store_exec(
	    store, err,
	    "INSERT INTO publication (id, item_id, version_id, hash, "
	    "index_no, year, serial, station, published_on, publisher_id, at, "
	    "summary, topic, genre, issuer, written_on, scope, keywords, "
	    "corrects_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?)",
	    "tttttddtttttttttttt", p->id, p->item_id, p->version_id, p->hash,
	    p->index_no, p->year, p->serial, p->station, p->published_on,
	    publisher_id, p->at, p->summary, p->topic, p->genre, p->issuer,
	    p->written_on, p->scope, p->keywords, corrects_pub_id);
}

/*
 * Inside a write transaction: the publication pub_id of item ends, as key
 * (expired, abolished) from date for reason; the item is withdrawn, with
 * its event and audit entry.
 */
static int end_validity(struct gk_store *store, const struct gk_user *actor,
			const struct gk_item *item, const char *pub_id,
			const char *key, const char *date, const char *reason,
			struct gk_err *err)
{
	char now[GK_TIME_LEN], detail[64];
	int rc;
	gk_store_now(store, now);
	snprintf(detail, sizeof detail, "%s %s", key, date);
	if ((rc = gk_sync_require_settled(store, "item", item->id, err)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE publication SET validity = ?, "
				"ended_on = ?, end_reason = ? WHERE id = ?",
				"tttt", key, date, reason, pub_id)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE item SET state = 'withdrawn', "
				"updated = ? WHERE id = ?",
				"tt", now, item->id)) < 0 ||
	    (rc = gk_doc_event(store, item, actor->id, GK_EVENT_WITHDRAW,
			       reason, err)) < 0 ||
	    (rc = gk_audit_append(store, actor->login, GK_AUDIT_WITHDRAW,
				  item->id, detail, err)) < 0)
		return rc;
	return gk_doc_index(store, item->id, err);
}

int gk_publish(struct gk_store *store, const char *actor_id,
	       const char *item_id, const struct gk_pub_meta *meta,
	       char index_no[GK_INDEX_NO_MAX + 1], struct gk_err *err)
{
	struct gk_pub_defaults def;
	struct gk_user actor = {0};
	struct gk_item item = {0};
	struct gk_publication p = {0};
	struct gk_channel *channels = NULL;
	struct gk_channel_files *rendered = NULL;
	char signed_on[11], corrects_pub[GK_ID_HEX + 1] = "";
	int expired_corrected = 0;
	int n = 0, rc;

	index_no[0] = '\0';
	day_defaults(store, &def);
	if ((rc = take_meta(store, meta, &def, &p, err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_doc_get(store, item_id, &item, err)) < 0 ||
	    (rc = check_publishable(store, actor_id, &item, &actor, signed_on,
				    err)) < 0 ||
	    (rc = gk_doc_check_seen(&item, meta->seen_hash, err)) < 0 ||
	    (rc = gk_channel_pick(store, meta->channels, meta->channel_count,
				  &channels, &n, err)) < 0 ||
	    (rc = item_defaults(store, signed_on, &def, err)) < 0)
		goto done;
	if (strcmp(p.published_on, signed_on) < 0) {
		rc = gk_fail(err, GK_EINVAL,
			     _("The publication date %s is before the "
			       "sign-off on %s."),
			     p.published_on, signed_on);
		goto done;
	}
	/* What the publisher left empty is what the form showed. */
	if (!p.issuer[0])
		snprintf(p.issuer, sizeof p.issuer, "%s", def.issuer);
	if (!p.written_on[0])
		snprintf(p.written_on, sizeof p.written_on, "%s",
			 def.written_on);
	gk_new_id(p.id);
	memcpy(p.item_id, item.id, sizeof p.item_id);
	memcpy(p.version_id, item.version_id, sizeof p.version_id);
	memcpy(p.hash, item.hash, sizeof p.hash);
	memcpy(p.station, store->station_id, sizeof p.station);
	gk_store_now(store, p.at);
	if ((rc = gk_index_next(store, p.year, atoi(p.published_on + 5),
				p.index_no, &p.serial, err)) < 0)
		goto done;
	if (item.corrects_id[0]) {
		sqlite3_stmt *st;
		if ((rc = gk_store_row(store, err, &st,
				       "SELECT id FROM publication "
				       "WHERE item_id = ?",
				       "t", item.corrects_id)) < 0)
			goto done;
		if (rc) {
			gk_col_copy(st, 0, corrects_pub, sizeof corrects_pub);
			sqlite3_finalize(st);
		}
	}
	/* Every file is rendered before anything is stored: a character a
	 * channel cannot hold refuses the publication and uses no serial. */
	if (!(rendered = calloc((size_t)n, sizeof *rendered))) {
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	for (int i = 0; i < n; i++)
		if ((rc = gk_channel_render(&channels[i], &item, &p,
					    &rendered[i], err)) < 0)
			goto done;
	if ((rc = insert_publication(store, &p, actor.id,
				     corrects_pub[0] ? corrects_pub : NULL,
				     err)) < 0 ||
	    (rc = gk_delivery_open(store, p.id, channels, n, p.at, actor.id,
				   err)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE item SET state = 'published', "
				"updated = ? WHERE id = ?",
				"tt", p.at, item.id)) < 0 ||
	    (rc = gk_doc_event(store, &item, actor.id, GK_EVENT_PUBLISH,
			       p.index_no, err)) < 0 ||
	    (rc = gk_audit_append(store, actor.login, GK_AUDIT_PUBLISH, item.id,
				  p.index_no, err)) < 0 ||
	    (rc = gk_doc_index(store, item.id, err)) < 0)
		goto done;
	/* A published correction replaces what it corrects: that one
	 * expires (失效) the same day, its page saying where to look. */
	struct gk_item corrected = {0};
	if (corrects_pub[0] &&
	    (rc = gk_doc_get(store, item.corrects_id, &corrected, err)) == 0 &&
	    gk_state_parse(corrected.state) == GK_STATE_PUBLISHED) {
		char reason[GK_INDEX_NO_MAX + 64];
		snprintf(reason, sizeof reason, "已更正，见索引号 %s",
			 p.index_no);
		rc = end_validity(store, &actor, &corrected, corrects_pub,
				  "expired", p.published_on, reason, err);
		expired_corrected = rc == 0;
	}
	gk_item_free(&corrected);
done:
	rc = gk_store_end(store, rc, err);
	if (rc == 0) {
		snprintf(index_no, GK_INDEX_NO_MAX + 1, "%s", p.index_no);
		gk_delivery_write(store, actor.id, p.id, channels, rendered, n);
		if (expired_corrected)
			gk_delivery_redeliver(store, actor.id,
					      item.corrects_id);
	}
	for (int i = 0; rendered && i < n; i++)
		gk_channel_files_free(&rendered[i]);
	free(rendered);
	free(channels);
	gk_item_free(&item);
	return rc;
}

/* ---- withdrawing and correcting ---- */

int gk_reason_check(const char *s, const char *field, struct gk_err *err)
{
	if (!s || gk_text_blank(s))
		return gk_fail(err, GK_EINVAL, _("%s is required."), field);
	return gk_text_check_line(s, field, GK_REASON_MAX, err);
}

int gk_publish_withdraw(struct gk_store *store, const char *actor_id,
			const char *item_id, const char *validity,
			const char *ended_on, const char *reason,
			struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	struct gk_publication p;
	char date[GK_DATE_LEN];
	int rc;

	const char *key = validity ? gk_validity_parse(validity) : NULL;
	if (!key || gk_validity_in_force(key))
		return gk_fail(err, GK_EINVAL,
			       _("An item is withdrawn as expired (失效) or "
				 "abolished (废止), not '%s'."),
			       validity ? validity : "");
	if ((rc = gk_reason_check(reason, _("The reason"), err)) < 0)
		return rc;
	if (ended_on && ended_on[0]) {
		if ((rc = gk_publish_check_end_date(store, ended_on, NULL,
						    err)) < 0)
			return rc;
		snprintf(date, sizeof date, "%s", ended_on);
	} else {
		gk_store_today(store, date);
	}
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_PUBLISHER, &actor,
				  err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0)
		goto done;
	if (gk_state_parse(item.state) == GK_STATE_WITHDRAWN) {
		if ((rc = gk_publication_get(store, item.id, &p, err)) == 0)
			rc = gk_fail(err, GK_EDENIED,
				     _("Item %.8s is already withdrawn (%s "
				       "since %s)."),
				     item.id, gk_validity_label(p.validity),
				     p.ended_on);
		goto done;
	}
	if (gk_state_parse(item.state) != GK_STATE_PUBLISHED) {
		rc = gk_fail(err, GK_EDENIED,
			     _("Only published items can be withdrawn (this "
			       "one: %s)."),
			     gk_state_label(item.state));
		goto done;
	}
	if ((rc = gk_publication_get(store, item.id, &p, err)) < 0 ||
	    (rc = gk_publish_check_end_date(store, date, p.published_on, err)) <
		0)
		goto done;
	rc = end_validity(store, &actor, &item, p.id, key, date, reason, err);
done:
	gk_item_free(&item);
	if ((rc = gk_store_end(store, rc, err)) < 0)
		return rc;
	gk_delivery_redeliver(store, actor_id, item_id);
	return 0;
}

int gk_publish_correct(struct gk_store *store, const char *actor_id,
		       const char *item_id, char new_id[GK_ID_HEX + 1],
		       struct gk_err *err)
{
	struct gk_item item = {0};
	struct gk_publication p;
	int rc;

	new_id[0] = '\0';
	if ((rc = gk_doc_get(store, item_id, &item, err)) < 0)
		return rc;
	/* gk_doc_create checks this again inside its transaction. */
	if (gk_state_parse(item.state) != GK_STATE_PUBLISHED)
		rc = gk_fail(err, GK_EDENIED,
			     _("Only a published item can be corrected (this "
			       "one: %s)."),
			     gk_state_label(item.state));
	gk_item_free(&item);
	/* The correction starts from the content as published. */
	if (rc < 0 || (rc = gk_publication_get(store, item_id, &p, err)) < 0 ||
	    (rc = gk_doc_version(store, item_id, p.version, &item, err)) < 0)
		return rc;
	struct gk_draft d = {.title = item.title,
			     .body = item.body,
			     .doc_no = item.doc_no,
			     .category = item.category,
			     .attr = item.attr};
	rc =
	    gk_doc_create_correction(store, actor_id, &d, item.id, new_id, err);
	gk_item_free(&item);
	return rc;
}
