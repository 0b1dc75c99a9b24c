#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "audit.h"
#include "i18n.h"
#include "sync.h"
#include "text.h"
#include "vocab.h"

static const struct gk_word states[] = {GK_STATES(GK_WORD_ROW){NULL, NULL}};

/* The rule columns of GK_STATES, in its order. */
static const struct {
	unsigned char editable, in_review, signed_off, public;
} state_rules[] = {
#define GK_STATE_RULES(name, key, label, e, r, s, p) {e, r, s, p},
    GK_STATES(GK_STATE_RULES)
#undef GK_STATE_RULES
};

static const struct gk_word event_kinds[] = {
    GK_EVENTS(GK_WORD_ROW){NULL, NULL}};

static const unsigned char event_decides[] = {
#define GK_EVENT_DECIDES(name, key, label, decision) decision,
    GK_EVENTS(GK_EVENT_DECIDES)
#undef GK_EVENT_DECIDES
};

static const struct gk_word attrs[] = {GK_ATTRS(GK_WORD_ROW){NULL, NULL}};

/* The Chinese names people use for the 公开属性, in GK_ATTRS order. */
static const char *const attr_names_zh[] = {"主动公开", "依申请公开",
					    "不予公开"};

const char *gk_state_label(const char *key)
{
	return gk_word_label(states, key);
}

int gk_state_parse(const char *key)
{
	return gk_word_find(states, key);
}

const char *gk_state_key(enum gk_state s)
{
	return (unsigned)s < GK_STATE_COUNT ? states[s].key : "";
}

#define STATE_RULE(column)                                                     \
	int gk_state_##column(const char *key)                                 \
	{                                                                      \
		int s = gk_word_find(states, key);                             \
		return s >= 0 && state_rules[s].column;                        \
	}
STATE_RULE(editable)
STATE_RULE(in_review)
STATE_RULE(signed_off)
STATE_RULE(public)
#undef STATE_RULE

int gk_event_parse(const char *key)
{
	return gk_word_find(event_kinds, key);
}

const char *gk_event_key(enum gk_event_kind k)
{
	return (unsigned)k < GK_EVENT_COUNT ? event_kinds[k].key : "";
}

int gk_event_is_decision(const char *key)
{
	int k = gk_word_find(event_kinds, key);
	return k >= 0 && event_decides[k];
}

const char *gk_event_kind_label(const char *key)
{
	return gk_word_label(event_kinds, key);
}
const char *gk_attr_label(const char *key)
{
	return gk_word_label(attrs, key);
}

const char *gk_attr_zh(const char *key)
{
	int i = gk_word_find(attrs, key);
	return i < 0 ? key : attr_names_zh[i];
}

const char *gk_attr_parse(const char *text)
{
	int i = gk_word_parse(attrs, attr_names_zh, text);
	return i < 0 ? NULL : attrs[i].key;
}

int gk_doc_resolve(struct gk_store *store, const char *prefix,
		   char out[GK_ID_HEX + 1], struct gk_err *err)
{
	char lower[GK_ID_HEX + 1], upper[GK_ID_HEX + 2];
	size_t n = strlen(prefix);

	if (n < 4)
		return gk_fail(err, GK_EINVAL,
			       _("'%s' is not an item id: give at least 4 of "
				 "its characters."),
			       prefix);
	if (n > GK_ID_HEX)
		return gk_fail(err, GK_EINVAL,
			       _("'%s' is not an item id: ids have %d "
				 "characters."),
			       prefix, GK_ID_HEX);
	for (size_t i = 0; i <= n; i++) {
		char c = prefix[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (c && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return gk_fail(err, GK_EINVAL,
				       _("'%s' is not an item id: ids are "
					 "written with 0-9 and a-f."),
				       prefix);
		lower[i] = c;
	}
	/* Every id with this prefix sorts in [prefix, prefix + "g"). */
	snprintf(upper, sizeof upper, "%sg", lower);
	sqlite3_stmt *st;
	int rc = gk_store_prep(store, err, &st,
			       "SELECT id FROM item WHERE id >= ? AND id < ? "
			       "ORDER BY id LIMIT 2",
			       "tt", lower, upper);
	if (rc < 0)
		return rc;
	int found = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (found++ == 0)
			gk_col_copy(st, 0, out, GK_ID_HEX + 1);
	rc = rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	if (rc < 0)
		return rc;
	if (found == 0)
		return gk_fail(err, GK_ENOTFOUND, _("No item %s."), prefix);
	if (found > 1)
		return gk_fail(err, GK_EINVAL,
			       _("More than one item starts with %s; give "
				 "more of its id."),
			       prefix);
	return 0;
}

void gk_item_free(struct gk_item *item)
{
	free(item->title);
	free(item->doc_no);
	free(item->body);
	item->title = item->doc_no = item->body = NULL;
}

/*
 * The columns and joins that fill a struct gk_item (fill_item); a query
 * adds how it picks the version v of item i.
 */
#define ITEM_SELECT                                                            \
	"SELECT i.id, i.state, i.step, i.round, v.n, v.id, v.hash, "           \
	"v.title, v.doc_no, v.body, c.name, v.attr, i.dept_id, d.name, "       \
	"i.author_id, u.login, u.name, i.created, i.updated, "                 \
	"coalesce(i.corrects_id, ''), coalesce((SELECT cp.index_no FROM "      \
	"publication cp WHERE cp.item_id = i.corrects_id), ''), "              \
	"coalesce((SELECT op.index_no FROM publication op "                    \
	"WHERE op.item_id = i.id), '') FROM item i "
#define ITEM_JOINS                                                             \
	"JOIN category c ON c.id = v.category_id "                             \
	"JOIN dept d ON d.id = i.dept_id "                                     \
	"JOIN user u ON u.id = i.author_id "

/* Fill out from a row of ITEM_SELECT; finalizes st. */
static int fill_item(sqlite3_stmt *st, struct gk_item *out, struct gk_err *err)
{
	memset(out, 0, sizeof *out);
	gk_col_copy(st, 0, out->id, sizeof out->id);
	gk_col_copy(st, 1, out->state, sizeof out->state);
	out->step = sqlite3_column_int(st, 2);
	out->round = sqlite3_column_int(st, 3);
	out->version = sqlite3_column_int(st, 4);
	gk_col_copy(st, 5, out->version_id, sizeof out->version_id);
	gk_col_copy(st, 6, out->hash, sizeof out->hash);
	out->title = gk_col_dup(st, 7);
	out->doc_no = gk_col_dup(st, 8);
	out->body = gk_col_dup(st, 9);
	gk_col_copy(st, 10, out->category, sizeof out->category);
	gk_col_copy(st, 11, out->attr, sizeof out->attr);
	gk_col_copy(st, 12, out->dept_id, sizeof out->dept_id);
	gk_col_copy(st, 13, out->dept_name, sizeof out->dept_name);
	gk_col_copy(st, 14, out->author_id, sizeof out->author_id);
	gk_col_copy(st, 15, out->author_login, sizeof out->author_login);
	gk_col_copy(st, 16, out->author_name, sizeof out->author_name);
	gk_col_copy(st, 17, out->created, sizeof out->created);
	gk_col_copy(st, 18, out->updated, sizeof out->updated);
	gk_col_copy(st, 19, out->corrects_id, sizeof out->corrects_id);
	gk_col_copy(st, 20, out->corrects_index_no,
		    sizeof out->corrects_index_no);
	gk_col_copy(st, 21, out->index_no, sizeof out->index_no);
	sqlite3_finalize(st);
	if (!out->title || !out->doc_no || !out->body) {
		gk_item_free(out);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	return 0;
}

int gk_doc_get(struct gk_store *store, const char *id, struct gk_item *out,
	       struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(
	    store, err, &st,
	    ITEM_SELECT "JOIN item_version v ON v.id = i.version_id " ITEM_JOINS
			"WHERE i.id = ?",
	    "t", id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND, _("No item %s."), id);
	return fill_item(st, out, err);
}

int gk_doc_version(struct gk_store *store, const char *item_id, int version,
		   struct gk_item *out, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(
	    store, err, &st,
	    ITEM_SELECT
	    "JOIN item_version v ON v.item_id = i.id AND v.n = ? " ITEM_JOINS
	    "WHERE i.id = ? ORDER BY v.id = i.version_id DESC, v.created DESC "
	    "LIMIT 1",
	    "dt", version, item_id);
	if (rc < 0)
		return rc;
	if (rc)
		return fill_item(st, out, err);
	/* Say whether the item or the version is missing. */
	rc = gk_store_row(store, err, &st,
			  "SELECT v.n FROM item i JOIN item_version v "
			  "ON v.id = i.version_id WHERE i.id = ?",
			  "t", item_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND, _("No item %s."), item_id);
	int current = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return gk_fail(err, GK_ENOTFOUND,
		       _("Item %.8s has no version %d; its latest version is "
			 "%d."),
		       item_id, version, current);
}

int gk_doc_version_id(struct gk_store *store, const char *item_id,
		      const char *version_id, struct gk_item *out,
		      struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      ITEM_SELECT "JOIN item_version v ON v.item_id = "
					  "i.id AND v.id = ? " ITEM_JOINS
					  "WHERE i.id = ?",
			      "tt", version_id, item_id);
	if (rc < 0)
		return rc;
	if (rc)
		return fill_item(st, out, err);
	return gk_fail(err, GK_ENOTFOUND, _("Item %.8s has no version %.8s."),
		       item_id, version_id);
}

/* Content of one version, checked, with its category resolved. */
struct content {
	const char *title, *body, *doc_no, *attr;
	char category_id[GK_ID_HEX + 1];
	char hash[GK_HASH_HEX + 1];
};

/* The content hash of a version (docs/architecture.md, "The content
 * hash"). */
static void digest_content(const char *title, const char *doc_no,
			   const char *category_id, const char *attr,
			   const char *body, char out[GK_HASH_HEX + 1])
{
	const char *fields[] = {title, doc_no, category_id, attr, body};
	gk_digest(fields, 5, out);
}

int gk_doc_rehash(struct gk_store *store, const char *version_id,
		  char out[GK_HASH_HEX + 1], char recorded[GK_HASH_HEX + 1],
		  struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT title, doc_no, category_id, attr, body, "
			      "hash FROM item_version WHERE id = ?",
			      "t", version_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND, _("No version %s."),
			       version_id);
	const char *f[5];
	for (int i = 0; i < 5; i++) {
		f[i] = (const char *)sqlite3_column_text(st, i);
		if (!f[i])
			f[i] = "";
	}
	digest_content(f[0], f[1], f[2], f[3], f[4], out);
	if (recorded)
		gk_col_copy(st, 5, recorded, GK_HASH_HEX + 1);
	sqlite3_finalize(st);
	return 0;
}

static int check_content(struct gk_store *store, const struct gk_draft *d,
			 struct content *c, struct gk_err *err)
{
	int rc;
	char *copy;

	if ((rc = gk_text_check_line(d->title, _("The title"), GK_TITLE_MAX,
				     err)) < 0)
		return rc;
	if (d->doc_no[0] &&
	    (rc = gk_text_check_line(d->doc_no, _("The document number (文号)"),
				     GK_DOC_NO_MAX, err)) < 0)
		return rc;
	size_t body_len = strlen(d->body);
	if (body_len > GK_BODY_MAX)
		return gk_fail(err, GK_EINVAL,
			       _("The body is too long (at most %d bytes)."),
			       GK_BODY_MAX);
	if ((rc = gk_text_to_utf8("UTF-8", d->body, body_len, _("The body"),
				  &copy, NULL, err)) < 0)
		return rc;
	free(copy);
	c->attr = gk_attr_parse(d->attr);
	if (!c->attr)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown 公开属性 '%s'; it is one of active "
				 "(主动公开), on-request (依申请公开) or "
				 "withheld (不予公开)."),
			       d->attr);
	if ((rc = gk_category_find(store, d->category, c->category_id, err)) <
	    0)
		return rc;
	c->title = d->title;
	c->body = d->body;
	c->doc_no = d->doc_no;
	digest_content(c->title, c->doc_no, c->category_id, c->attr, c->body,
		       c->hash);
	return 0;
}

static int insert_version(struct gk_store *store, const char *item_id, int n,
			  const struct content *c, const char *actor_id,
			  const char *now, const char *version_id,
			  struct gk_err *err)
{
	return gk_store_exec(
	    store, err,
	    "INSERT INTO item_version (id, item_id, n, title, "
	    "doc_no, category_id, attr, body, hash, author_id, "
	    "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "ttdtttttttt", version_id, item_id, n, c->title, c->doc_no,
	    c->category_id, c->attr, c->body, c->hash, actor_id, now);
}

int gk_doc_index(struct gk_store *store, const char *item_id,
		 struct gk_err *err)
{
	int rc = gk_store_exec(store, err,
			       "DELETE FROM item_fts WHERE rowid = "
			       "(SELECT rowid FROM item WHERE id = ?)",
			       "t", item_id);
	if (rc < 0)
		return rc;
	return gk_store_exec(
	    store, err,
	    "INSERT INTO item_fts (rowid, title, summary, body, doc_no, "
	    "index_no, keywords) SELECT i.rowid, v.title, "
	    "coalesce(p.summary, ''), v.body, v.doc_no, "
	    "coalesce(p.index_no, ''), coalesce(p.keywords, '') FROM item i "
	    "JOIN item_version v ON v.id = i.version_id "
	    "LEFT JOIN publication p ON p.item_id = i.id WHERE i.id = ?",
	    "t", item_id);
}

int gk_doc_event(struct gk_store *store, const struct gk_item *item,
		 const char *actor_id, enum gk_event_kind kind,
		 const char *comment, struct gk_err *err)
{
	char id[GK_ID_HEX + 1], now[GK_TIME_LEN];
	gk_new_id(id);
	gk_store_now(store, now);
	return gk_store_exec(
	    store, err,
	    "INSERT INTO item_event (id, item_id, at, actor_id, "
	    "action, round, step, version_id, comment) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "tttttddtt", id, item->id, now, actor_id, gk_event_key(kind),
	    item->round, item->step, item->version_id, comment ? comment : "");
}

/* A new draft by actor; corrects_id (or NULL) names the published item
 * it corrects. */
static int create(struct gk_store *store, const char *actor_id,
		  const struct gk_draft *draft, const char *corrects_id,
		  char out_id[GK_ID_HEX + 1], struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item corrected = {0};
	struct content c;
	struct gk_draft d = *draft;
	char now[GK_TIME_LEN], version_id[GK_ID_HEX + 1];
	int rc;

	if (!d.title || !d.category)
		return gk_fail(err, GK_EINVAL,
			       _("A new item needs a title and a category."));
	if (!d.body)
		d.body = "";
	if (!d.doc_no)
		d.doc_no = "";
	if (!d.attr)
		d.attr = "active";
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_DRAFTER, &actor,
				  err)) < 0)
		goto done;
	if (!actor.dept_id[0]) {
		rc = gk_fail(err, GK_EDENIED,
			     _("%s belongs to no department, so cannot write "
			       "items."),
			     actor.login);
		goto done;
	}
	if ((rc = check_content(store, &d, &c, err)) < 0)
		goto done;
	const char *dept_id = actor.dept_id;
	if (corrects_id) {
		if ((rc = gk_doc_get(store, corrects_id, &corrected, err)) < 0)
			goto done;
		if ((rc = gk_doc_may_correct(&actor, &corrected, err)) < 0)
			goto done;
		sqlite3_stmt *st;
		if ((rc = gk_store_row(store, err, &st,
				       "SELECT id FROM item WHERE corrects_id "
				       "= ? AND state NOT IN ('published', "
				       "'withdrawn') LIMIT 1",
				       "t", corrects_id)) < 0)
			goto done;
		if (rc == 1) {
			rc = gk_fail(err, GK_EEXIST,
				     _("A correction of %s is already under "
				       "way: item %.8s."),
				     corrected.index_no,
				     (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
			goto done;
		}
		/* The correction goes through the corrected item's own
		 * department, whose head reviews it. */
		dept_id = corrected.dept_id;
	}
	gk_new_id(out_id);
	gk_new_id(version_id);
	gk_store_now(store, now);
	if ((rc = gk_store_exec(store, err,
				"INSERT INTO item (id, author_id, dept_id, "
				"state, version_id, created, updated, "
				"corrects_id) "
				"VALUES (?, ?, ?, 'draft', ?, ?, ?, ?)",
				"ttttttt", out_id, actor.id, dept_id,
				version_id, now, now, corrects_id)) < 0 ||
	    (rc = insert_version(store, out_id, 1, &c, actor.id, now,
				 version_id, err)) < 0 ||
	    (rc = gk_doc_index(store, out_id, err)) < 0)
		goto done;
	struct gk_item item = {.step = 0, .round = 0};
	snprintf(item.id, sizeof item.id, "%s", out_id);
	snprintf(item.version_id, sizeof item.version_id, "%s", version_id);
	if ((rc = gk_doc_event(store, &item, actor.id,
			       corrects_id ? GK_EVENT_CORRECT : GK_EVENT_CREATE,
			       corrects_id ? corrected.index_no : NULL, err)) <
		0 ||
	    (rc = gk_audit_append(store, actor.login, GK_AUDIT_CREATE, out_id,
				  c.title, err)) < 0)
		goto done;
	/* The corrected item's history says where its correction is. */
	if (corrects_id &&
	    ((rc = gk_doc_event(store, &corrected, actor.id, GK_EVENT_CORRECT,
				out_id, err)) < 0 ||
	     (rc = gk_audit_append(store, actor.login, GK_AUDIT_CORRECT,
				   corrected.id, out_id, err)) < 0))
		goto done;
done:
	gk_item_free(&corrected);
	return gk_store_end(store, rc, err);
}

int gk_doc_create(struct gk_store *store, const char *actor_id,
		  const struct gk_draft *draft, char out_id[GK_ID_HEX + 1],
		  struct gk_err *err)
{
	return create(store, actor_id, draft, NULL, out_id, err);
}

int gk_doc_create_correction(struct gk_store *store, const char *actor_id,
			     const struct gk_draft *draft,
			     const char *corrects_id,
			     char out_id[GK_ID_HEX + 1], struct gk_err *err)
{
	return create(store, actor_id, draft, corrects_id, out_id, err);
}

int gk_doc_require_owner(const struct gk_user *actor,
			 const struct gk_item *item, int submitting,
			 struct gk_err *err)
{
	if (strcmp(actor->id, item->author_id) == 0 ||
	    (actor->roles & GK_ROLE_ADMIN))
		return 0;
	return gk_fail(err, GK_EDENIED,
		       submitting ? _("Only the author (%s) or an "
				      "administrator may submit this item.")
				  : _("Only the author (%s) or an "
				      "administrator may edit this item."),
		       item->author_name);
}

int gk_doc_may_edit(const struct gk_user *actor, const struct gk_item *item,
		    struct gk_err *err)
{
	int rc = gk_doc_require_owner(actor, item, 0, err);
	if (rc == 0 && !gk_state_editable(item->state))
		rc = gk_fail(err, GK_EDENIED,
			     _("Only drafts and returned items can be edited "
			       "(this one: %s)."),
			     gk_state_label(item->state));
	return rc;
}

int gk_doc_may_correct(const struct gk_user *actor, const struct gk_item *item,
		       struct gk_err *err)
{
	if (!(actor->roles & GK_ROLE_DRAFTER))
		return gk_fail(err, GK_EDENIED,
			       _("This needs the role %s, which %s does not "
				 "hold."),
			       gk_role_label(GK_ROLE_I_DRAFTER), actor->login);
	if (gk_state_parse(item->state) != GK_STATE_PUBLISHED)
		return gk_fail(err, GK_EDENIED,
			       _("Only a published item can be corrected "
				 "(this one: %s)."),
			       gk_state_label(item->state));
	return 0;
}

/*
 * Save d (complete) as item's next version by actor; a draft or returned
 * item becomes a draft, an item in review keeps its step.  Appends the
 * event and the audit entry; updates item to the new version.
 */
static int save_version(struct gk_store *store, const struct gk_user *actor,
			struct gk_item *item, const struct gk_draft *d,
			enum gk_event_kind kind, const char *comment,
			enum gk_audit_action audit, struct gk_err *err)
{
	struct content c;
	char now[GK_TIME_LEN], version_id[GK_ID_HEX + 1];
	int rc;

	if ((rc = gk_sync_require_settled(store, "item", item->id, err)) < 0 ||
	    (rc = check_content(store, d, &c, err)) < 0)
		return rc;
	if (strcmp(c.hash, item->hash) == 0)
		return gk_fail(err, GK_EINVAL,
			       _("Nothing changed, so no new version was "
				 "saved."));
	int in_review = gk_state_in_review(item->state);
	gk_store_now(store, now);
	gk_new_id(version_id);
	if ((rc = insert_version(store, item->id, item->version + 1, &c,
				 actor->id, now, version_id, err)) < 0 ||
	    (rc = gk_store_exec(
		 store, err,
		 in_review ? "UPDATE item SET version_id = ?, updated = ? "
			     "WHERE id = ?"
			   : "UPDATE item SET version_id = ?, state = 'draft', "
			     "step = 0, updated = ? WHERE id = ?",
		 "ttt", version_id, now, item->id)) < 0 ||
	    (rc = gk_doc_index(store, item->id, err)) < 0)
		return rc;
	snprintf(item->version_id, sizeof item->version_id, "%s", version_id);
	memcpy(item->hash, c.hash, sizeof item->hash);
	item->version++;
	if (!in_review) {
		snprintf(item->state, sizeof item->state, "%s",
			 gk_state_key(GK_STATE_DRAFT));
		item->step = 0;
	}
	char detail[32];
	snprintf(detail, sizeof detail, "v%d", item->version);
	if ((rc = gk_doc_event(store, item, actor->id, kind, comment, err)) < 0)
		return rc;
	return gk_audit_append(store, actor->login, audit, item->id, detail,
			       err);
}

int gk_doc_edit(struct gk_store *store, const char *actor_id,
		const char *item_id, const struct gk_draft *changes,
		struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	int rc;

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0 ||
	    (rc = gk_doc_may_edit(&actor, &item, err)) < 0)
		goto done;
	struct gk_draft d = {
	    .title = changes->title ? changes->title : item.title,
	    .body = changes->body ? changes->body : item.body,
	    .doc_no = changes->doc_no ? changes->doc_no : item.doc_no,
	    .category = changes->category ? changes->category : item.category,
	    .attr = changes->attr ? changes->attr : item.attr,
	};
	rc = save_version(store, &actor, &item, &d, GK_EVENT_EDIT, NULL,
			  GK_AUDIT_EDIT, err);
done:
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

int gk_doc_revise(struct gk_store *store, const struct gk_user *actor,
		  struct gk_item *item, const char *body,
		  enum gk_event_kind kind, const char *comment,
		  enum gk_audit_action audit, struct gk_err *err)
{
	struct gk_draft d = {.title = item->title,
			     .body = body,
			     .doc_no = item->doc_no,
			     .category = item->category,
			     .attr = item->attr};
	return save_version(store, actor, item, &d, kind, comment, audit, err);
}

int gk_doc_check_seen(const struct gk_item *item, const char *seen_hash,
		      struct gk_err *err)
{
	size_t n = seen_hash ? strlen(seen_hash) : 0;
	if (seen_hash && (n < 8 || n > GK_HASH_HEX ||
			  strspn(seen_hash, "0123456789abcdef") != n))
		return gk_fail(err, GK_EINVAL,
			       _("'%s' is not a content hash: give at least 8 "
				 "of its characters (0-9, a-f), as 'show' "
				 "prints them."),
			       seen_hash);
	if (seen_hash && strncmp(seen_hash, item->hash, n) != 0)
		return gk_fail(err, GK_EDENIED,
			       _("The item changed since you read it (version "
				 "%d is current now); read it again before "
				 "deciding."),
			       item->version);
	return 0;
}

static int fill_event(void *ctx, void *elem, sqlite3_stmt *st,
		      struct gk_err *err)
{
	struct gk_event *e = elem;
	(void)ctx;
	gk_col_copy(st, 0, e->at, sizeof e->at);
	gk_col_copy(st, 1, e->action, sizeof e->action);
	e->round = sqlite3_column_int(st, 2);
	e->step = sqlite3_column_int(st, 3);
	e->version = sqlite3_column_int(st, 4);
	gk_col_copy(st, 5, e->hash, sizeof e->hash);
	gk_col_copy(st, 6, e->actor_login, sizeof e->actor_login);
	gk_col_copy(st, 7, e->actor_name, sizeof e->actor_name);
	gk_col_copy(st, 8, e->step_name, sizeof e->step_name);
	if (!(e->comment = gk_col_dup(st, 9)))
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	return 0;
}

static void release_event(void *elem)
{
	free(((struct gk_event *)elem)->comment);
}

void gk_events_free(struct gk_event *events, int count)
{
	for (int i = 0; i < count; i++)
		release_event(&events[i]);
	free(events);
}

int gk_doc_history(struct gk_store *store, const char *item_id,
		   struct gk_event **events, int *count, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(
	    store, err, &st,
	    "SELECT e.at, e.action, e.round, e.step, v.n, v.hash, "
	    "u.login, u.name, "
	    "CASE WHEN e.action IN ('create', 'edit') THEN '' "
	    "ELSE coalesce(s.name, '') END, e.comment "
	    "FROM item_event e JOIN user u ON u.id = e.actor_id "
	    "JOIN item_version v ON v.id = e.version_id "
	    "LEFT JOIN flow_step s ON s.step_no = e.step "
	    "WHERE e.item_id = ? ORDER BY e.at, e.rowid",
	    "t", item_id);
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **events, fill_event, NULL,
				release_event, events, count, err);
}

const char *gk_event_label(const struct gk_event *e, int last_step)
{
	if (gk_event_parse(e->action) == GK_EVENT_APPROVE &&
	    e->step == last_step)
		return _("signed off");
	return gk_event_kind_label(e->action);
}
