#include "secrecy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "audit.h"
#include "chain.h"
#include "i18n.h"
#include "text.h"

/* ---- reading the checklist ------------------------------------------- */

static void free_entry(void *elem)
{
	struct gk_check_entry *e = elem;
	free(e->text);
	free(e->hint);
	free(e->note);
}

/* Columns: code, no, blocking, text, hint, then (answers only) answer,
 * note, hash, version, step, login, name, at.  ctx: the current hash, or
 * NULL for questions alone. */
static int fill_entry(void *ctx, void *elem, sqlite3_stmt *st,
		      struct gk_err *err)
{
	struct gk_check_entry *e = elem;
	const char *hash = ctx;
	gk_col_copy(st, 0, e->code, sizeof e->code);
	e->no = sqlite3_column_int(st, 1);
	e->blocking = sqlite3_column_int(st, 2);
	e->text = gk_col_dup(st, 3);
	e->hint = gk_col_dup(st, 4);
	e->note = hash ? gk_col_dup(st, 6) : strdup("");
	if (!e->text || !e->hint || !e->note) {
		free_entry(e);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	if (!hash)
		return 0;
	gk_col_copy(st, 5, e->answer, sizeof e->answer);
	e->stale = e->answer[0] &&
		   strcmp((const char *)sqlite3_column_text(st, 7), hash) != 0;
	e->version = sqlite3_column_int(st, 8);
	e->step = sqlite3_column_int(st, 9);
	gk_col_copy(st, 10, e->actor_login, sizeof e->actor_login);
	gk_col_copy(st, 11, e->actor_name, sizeof e->actor_name);
	gk_col_copy(st, 12, e->at, sizeof e->at);
	return 0;
}

/* The step that fills the checklist: the setting, at most the last step. */
static int fill_step(struct gk_store *store, int *step, struct gk_err *err)
{
	struct gk_step first;
	int last, rc;
	if ((rc = gk_setting_int(store, GK_SETTING_CHECKLIST_STEP, step, err)) <
		0 ||
	    (rc = gk_chain_step(store, 1, &first, &last, err)) < 0)
		return rc;
	if (*step > last)
		*step = last;
	return 0;
}

/* The findings of item's current body, each with its dismissal if any. */
static int load_findings(struct gk_store *store, const struct gk_item *item,
			 struct gk_checklist *out, struct gk_err *err)
{
	struct gk_finding *found;
	size_t n;
	int rc = gk_scan(item->body, strlen(item->body), &found, &n, err);
	if (rc < 0)
		return rc;
	if (n == 0)
		return 0;
	out->findings = calloc(n, sizeof *out->findings);
	if (!out->findings) {
		gk_scan_free(found, n);
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
	out->n_findings = (int)n;
	for (size_t i = 0; i < n; i++) {
		struct gk_item_finding *f = &out->findings[i];
		f->f = found[i];
		found[i].text = NULL; /* now f's */
	}
	gk_scan_free(found, n);
	for (int i = 0; i < out->n_findings; i++) {
		struct gk_item_finding *f = &out->findings[i];
		sqlite3_stmt *st;
		rc = gk_store_row(
		    store, err, &st,
		    "SELECT d.reason, u.name, d.at FROM finding_dismissal d "
		    "JOIN user u ON u.id = d.actor_id WHERE d.item_id = ? "
		    "AND d.kind = ? AND d.text = ? ORDER BY d.at DESC LIMIT 1",
		    "ttt", item->id, gk_find_kind_key(f->f.kind), f->f.text);
		if (rc < 0)
			return rc;
		f->dismissed = rc;
		f->reason = rc ? gk_col_dup(st, 0) : strdup("");
		if (rc) {
			gk_col_copy(st, 1, f->actor_name, sizeof f->actor_name);
			gk_col_copy(st, 2, f->at, sizeof f->at);
			sqlite3_finalize(st);
		}
		if (!f->reason)
			return gk_fail(err, GK_ENOMEM, _("Out of memory."));
		out->open += !f->dismissed;
	}
	return 0;
}

int gk_secrecy_load_item(struct gk_store *store, const struct gk_item *item,
			 struct gk_checklist *out, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(out->item_id, sizeof out->item_id, "%s", item->id);
	out->version = item->version;
	if ((rc = fill_step(store, &out->fill_step, err)) < 0 ||
	    (rc = gk_store_prep(
		 store, err, &st,
		 "SELECT q.code, q.no, q.blocking, q.text, q.hint, a.answer, "
		 "a.note, a.hash, v.n, a.step, u.login, u.name, a.at "
		 "FROM check_question q "
		 "LEFT JOIN check_answer a ON a.id = (SELECT id FROM "
		 "  check_answer WHERE item_id = ?1 AND question = q.code "
		 "  ORDER BY at DESC, rowid DESC LIMIT 1) "
		 "LEFT JOIN item_version v ON v.id = a.version_id "
		 "LEFT JOIN user u ON u.id = a.actor_id ORDER BY q.no",
		 "t", item->id)) < 0 ||
	    (rc = gk_store_collect(store, st, sizeof *out->entries, fill_entry,
				   (void *)item->hash, free_entry,
				   &out->entries, &out->n_entries, err)) < 0)
		return rc;
	for (int i = 0; i < out->n_entries; i++) {
		const struct gk_check_entry *e = &out->entries[i];
		out->missing += !e->answer[0];
		out->stale += e->stale;
		out->blocking_yes +=
		    e->blocking && !e->stale && strcmp(e->answer, "yes") == 0;
	}
	if ((rc = load_findings(store, item, out, err)) < 0)
		gk_checklist_free(out);
	return rc;
}

int gk_secrecy_load(struct gk_store *store, const char *item_id,
		    struct gk_checklist *out, struct gk_err *err)
{
	struct gk_item item;
	int rc = gk_doc_get(store, item_id, &item, err);
	if (rc < 0)
		return rc;
	rc = gk_secrecy_load_item(store, &item, out, err);
	gk_item_free(&item);
	return rc;
}

void gk_checklist_free(struct gk_checklist *list)
{
	for (int i = 0; i < list->n_entries; i++)
		free_entry(&list->entries[i]);
	free(list->entries);
	for (int i = 0; i < list->n_findings; i++) {
		free(list->findings[i].f.text);
		free(list->findings[i].reason);
	}
	free(list->findings);
	memset(list, 0, sizeof *list);
}

int gk_secrecy_questions(struct gk_store *store, struct gk_checklist *out,
			 struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = fill_step(store, &out->fill_step, err)) < 0 ||
	    (rc = gk_store_prep(store, err, &st,
				"SELECT code, no, blocking, text, hint FROM "
				"check_question ORDER BY no",
				"")) < 0)
		return rc;
	return gk_store_collect(store, st, sizeof *out->entries, fill_entry,
				NULL, free_entry, &out->entries,
				&out->n_entries, err);
}

int gk_secrecy_complete(const struct gk_checklist *list)
{
	return !(list->missing || list->stale || list->blocking_yes ||
		 list->open);
}

const char *gk_answer_label(const char *answer)
{
	return strcmp(answer, "yes") == 0  ? "是"
	       : strcmp(answer, "no") == 0 ? "否"
					   : "-";
}

void gk_secrecy_summary(const struct gk_checklist *list, char *out, size_t size)
{
	char parts[4][128];
	int n = 0;
	if (list->missing)
		snprintf(parts[n++], sizeof parts[0],
			 ngettext("%d question to answer",
				  "%d questions to answer",
				  (unsigned long)list->missing),
			 list->missing);
	if (list->stale)
		snprintf(parts[n++], sizeof parts[0],
			 ngettext("%d answer to confirm",
				  "%d answers to confirm",
				  (unsigned long)list->stale),
			 list->stale);
	if (list->blocking_yes)
		snprintf(parts[n++], sizeof parts[0],
			 ngettext("%d answered 是", "%d answered 是",
				  (unsigned long)list->blocking_yes),
			 list->blocking_yes);
	if (list->open)
		snprintf(parts[n++], sizeof parts[0],
			 ngettext("%d finding open", "%d findings open",
				  (unsigned long)list->open),
			 list->open);
	if (n == 0) {
		snprintf(out, size, "%s", _("Review complete"));
		return;
	}
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
					 i ? " · " : "", parts[i]);
}

/* ---- who may review, and finding the question ------------------------ */

int gk_secrecy_may_review(struct gk_store *store, const struct gk_user *actor,
			  const struct gk_item *item, struct gk_err *err)
{
	struct gk_step step;
	int from, last, rc;
	if (!gk_state_in_review(item->state))
		return gk_fail(err, GK_EDENIED,
			       _("The confidentiality review is done while "
				 "the item is in review (this one: %s)."),
			       gk_state_label(item->state));
	if (strcmp(actor->id, item->author_id) == 0)
		return gk_fail(err, GK_EDENIED,
			       _("You wrote this item; its confidentiality "
				 "review is for its reviewers."));
	if ((rc = fill_step(store, &from, err)) < 0)
		return rc;
	if (item->step < from) {
		if ((rc = gk_chain_step(store, from, &step, &last, err)) < 0)
			return rc;
		return gk_fail(err, GK_EDENIED,
			       _("The confidentiality checklist is filled "
				 "from step %d (%s) on; this item is at step "
				 "%d."),
			       from, step.name, item->step);
	}
	return gk_chain_may_decide(store, actor, item, err);
}

int gk_secrecy_may_redact(struct gk_store *store, const struct gk_user *actor,
			  const struct gk_item *item, struct gk_err *err)
{
	if (gk_state_editable(item->state))
		return gk_doc_may_edit(actor, item, err);
	return gk_secrecy_may_review(store, actor, item, err);
}

/* The code of the question given by number or code, and whether it is
 * blocking. */
static int find_question(struct gk_store *store, const char *question,
			 char code[GK_QUESTION_CODE_MAX + 1], int *no,
			 int *blocking, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT code, no, blocking FROM check_question "
			      "WHERE code = ?1 OR CAST(no AS TEXT) = ?1",
			      "t", question);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("The checklist has no question '%s'; give "
				 "its number or its code ('gongkai checklist "
				 "questions' lists them)."),
			       question);
	gk_col_copy(st, 0, code, GK_QUESTION_CODE_MAX + 1);
	*no = sqlite3_column_int(st, 1);
	*blocking = sqlite3_column_int(st, 2);
	sqlite3_finalize(st);
	return 0;
}

/* "yes" or "no" for answer (yes, no, y, n, 是, 否), or NULL. */
static const char *parse_answer(const char *answer)
{
	static const char *const yes[] = {"yes", "y", "是"};
	static const char *const no[] = {"no", "n", "否"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(answer, yes[i]) == 0)
			return "yes";
		if (strcasecmp(answer, no[i]) == 0)
			return "no";
	}
	return NULL;
}

/* A note or a reason: NULL or blank is "none"; else one checked line. */
static int check_note(const char *note, const char *field, struct gk_err *err)
{
	if (!note || gk_text_blank(note))
		return 0;
	return gk_text_check_line(note, field, GK_NOTE_MAX, err);
}

/* ---- answering ------------------------------------------------------- */

/* Record one answer on item's current version. */
static int insert_answer(struct gk_store *store, const struct gk_user *actor,
			 const struct gk_item *item, const char *code,
			 const char *value, const char *note,
			 struct gk_err *err)
{
	char id[GK_ID_HEX + 1], now[GK_TIME_LEN];
	gk_new_id(id);
	gk_store_now(store, now);
	return gk_store_exec(
	    store, err,
	    "INSERT INTO check_answer (id, item_id, question, answer, note, "
	    "version_id, hash, actor_id, step, at) VALUES (?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?)",
	    "ttttttttdt", id, item->id, code, value, note, item->version_id,
	    item->hash, actor->id, item->step, now);
}

int gk_secrecy_answer(struct gk_store *store, const char *actor_id,
		      const char *item_id, const char *question,
		      const char *answer, const char *note, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	char code[GK_QUESTION_CODE_MAX + 1], detail[96];
	int no, blocking, rc;

	const char *value = parse_answer(answer);
	if (!value)
		return gk_fail(err, GK_EINVAL,
			       _("An answer is 是 or 否 (yes or no), not "
				 "'%s'."),
			       answer);
	if ((rc = check_note(note, _("The note"), err)) < 0)
		return rc;
	if (note && gk_text_blank(note))
		note = NULL;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0 ||
	    (rc = find_question(store, question, code, &no, &blocking, err)) <
		0 ||
	    (rc = gk_secrecy_may_review(store, &actor, &item, err)) < 0)
		goto done;
	/* 谁审核、谁负责: overturning a colleague's answer says why. */
	sqlite3_stmt *st;
	if ((rc = gk_store_row(
		 store, err, &st,
		 "SELECT a.answer, u.name, a.actor_id FROM check_answer a "
		 "JOIN user u ON u.id = a.actor_id WHERE a.item_id = ? AND "
		 "a.question = ? ORDER BY a.at DESC, a.rowid DESC LIMIT 1",
		 "tt", item.id, code)) < 0)
		goto done;
	if (rc) {
		char by[GK_NAME_MAX * 4 + 1];
		int changes = strcmp((const char *)sqlite3_column_text(st, 0),
				     value) != 0 &&
			      strcmp((const char *)sqlite3_column_text(st, 2),
				     actor.id) != 0;
		gk_col_copy(st, 1, by, sizeof by);
		sqlite3_finalize(st);
		rc = 0;
		if (changes && !note) {
			rc = gk_fail(err, GK_EINVAL,
				     _("%s answered question %d otherwise; "
				       "changing the answer needs a note "
				       "saying why."),
				     by, no);
			goto done;
		}
	}
	if (blocking && strcmp(value, "yes") == 0 && !note) {
		rc = gk_fail(err, GK_EINVAL,
			     _("Answering 是 to question %d needs a note: "
			       "what is affected, and what is to be done "
			       "(区分处理, referral)."),
			     no);
		goto done;
	}
	snprintf(detail, sizeof detail, "%s=%s v%d %.16s", code, value,
		 item.version, item.hash);
	if ((rc = insert_answer(store, &actor, &item, code, value,
				note ? note : "", err)) == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_CHECK_ANSWER,
				     item.id, detail, err);
done:
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

int gk_secrecy_confirm(struct gk_store *store, const char *actor_id,
		       const char *item_id, int *confirmed, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	struct gk_checklist list = {0};
	int rc, n = 0;

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, &item, err)) < 0 ||
	    (rc = gk_secrecy_may_review(store, &actor, &item, err)) < 0 ||
	    (rc = gk_secrecy_load_item(store, &item, &list, err)) < 0)
		goto done;
	for (int i = 0; i < list.n_entries && rc == 0; i++) {
		const struct gk_check_entry *e = &list.entries[i];
		if (!e->stale)
			continue;
		rc = insert_answer(store, &actor, &item, e->code, e->answer,
				   e->note, err);
		n++;
	}
	if (rc == 0 && n == 0)
		rc = gk_fail(err, GK_EINVAL,
			     _("No answer is stale: every answer was given on "
			       "version %d."),
			     item.version);
	if (rc == 0) {
		char detail[96];
		snprintf(detail, sizeof detail, "confirm %d v%d %.16s", n,
			 item.version, item.hash);
		rc = gk_audit_append(store, actor.login, GK_AUDIT_CHECK_ANSWER,
				     item.id, detail, err);
	}
	if (rc == 0 && confirmed)
		*confirmed = n;
done:
	gk_checklist_free(&list);
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

/* ---- findings ---------------------------------------------------------- */

/* Load actor, item and its checklist for an action on the count findings
 * numbered nos, with the seen-hash check; each number must be one of the
 * current version's findings. */
static int prepare_findings(struct gk_store *store, const char *actor_id,
			    const char *item_id, const int *nos, int count,
			    const char *seen_hash, struct gk_user *actor,
			    struct gk_item *item, struct gk_checklist *list,
			    struct gk_err *err)
{
	int rc;
	if ((rc = gk_user_require(store, actor_id, 0, actor, err)) < 0 ||
	    (rc = gk_doc_get(store, item_id, item, err)) < 0 ||
	    (rc = gk_doc_check_seen(item, seen_hash, err)) < 0 ||
	    (rc = gk_secrecy_load_item(store, item, list, err)) < 0)
		return rc;
	if (count < 1)
		return gk_fail(err, GK_EINVAL,
			       _("Name a finding by its number."));
	for (int i = 0; i < count; i++) {
		if (list->n_findings == 0)
			return gk_fail(err, GK_ENOTFOUND,
				       _("Version %d has no findings."),
				       item->version);
		if (nos[i] < 1 || nos[i] > list->n_findings)
			return list->n_findings == 1
				   ? gk_fail(err, GK_ENOTFOUND,
					     _("Version %d has one finding, "
					       "number 1; there is no finding "
					       "%d."),
					     item->version, nos[i])
				   : gk_fail(err, GK_ENOTFOUND,
					     _("Version %d has findings 1 to "
					       "%d; there is no finding %d."),
					     item->version, list->n_findings,
					     nos[i]);
	}
	return 0;
}

/* By offset, last first: masking from the end keeps earlier offsets. */
static int later_first(const void *a, const void *b)
{
	const struct gk_finding *x = *(const struct gk_finding *const *)a,
				*y = *(const struct gk_finding *const *)b;
	return x->offset < y->offset ? 1 : x->offset > y->offset ? -1 : 0;
}

int gk_secrecy_redact(struct gk_store *store, const char *actor_id,
		      const char *item_id, const int *nos, int count,
		      const char *seen_hash, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	struct gk_checklist list = {0};
	const struct gk_finding **chosen = NULL;
	char *body = NULL, *comment = NULL;
	size_t used = 0;
	int n = 0, rc;

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = prepare_findings(store, actor_id, item_id, nos, count,
				   seen_hash, &actor, &item, &list, err)) < 0)
		goto done;
	if ((rc = gk_secrecy_may_redact(store, &actor, &item, err)) < 0)
		goto done;
	/* Each finding once, whatever the numbers given. */
	chosen = calloc((size_t)count, sizeof *chosen);
	if (!chosen || !(body = strdup(item.body))) {
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	for (int i = 0; i < count; i++) {
		const struct gk_finding *f = &list.findings[nos[i] - 1].f;
		int seen = 0;
		for (int k = 0; k < n; k++)
			seen |= chosen[k] == f;
		if (!seen)
			chosen[n++] = f;
	}
	qsort(chosen, (size_t)n, sizeof *chosen, later_first);
	for (int i = 0; i < n; i++) {
		char *masked, *next, *line;
		if ((rc = gk_scan_redact(body, strlen(body), chosen[i], &next,
					 err)) < 0)
			goto done;
		free(body);
		body = next;
		if ((rc = gk_scan_mask(chosen[i], &masked, err)) < 0)
			goto done;
		int ok =
		    asprintf(&line,
			     _("masked the %s at line %d, column %d: %s"),
			     gk_find_kind_label(chosen[i]->kind),
			     chosen[i]->line, chosen[i]->column, masked) >= 0;
		free(masked);
		/* In text order in the comment. */
		char *joined = NULL;
		if (ok && asprintf(&joined, "%s%s%s", line, used ? _("; ") : "",
				   comment ? comment : "") < 0)
			joined = NULL;
		if (ok)
			free(line);
		if (!joined) {
			rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
			goto done;
		}
		free(comment);
		comment = joined;
		used = strlen(comment);
	}
	rc = gk_doc_revise(store, &actor, &item, body, GK_EVENT_REDACT, comment,
			   GK_AUDIT_REDACT, err);
done:
	free(chosen);
	free(body);
	free(comment);
	gk_checklist_free(&list);
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

int gk_secrecy_dismiss(struct gk_store *store, const char *actor_id,
		       const char *item_id, int no, const char *seen_hash,
		       const char *reason, struct gk_err *err)
{
	struct gk_user actor;
	struct gk_item item = {0};
	struct gk_checklist list = {0};
	struct gk_item_finding *f;
	char id[GK_ID_HEX + 1], now[GK_TIME_LEN], *comment = NULL;
	int rc;

	if (!reason || gk_text_blank(reason))
		return gk_fail(err, GK_EINVAL,
			       _("Dismissing a finding needs a reason (e.g. "
				 "公开的单位联系电话)."));
	if ((rc = check_note(reason, _("The reason"), err)) < 0 ||
	    (rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = prepare_findings(store, actor_id, item_id, &no, 1, seen_hash,
				   &actor, &item, &list, err)) < 0 ||
	    (rc = gk_secrecy_may_review(store, &actor, &item, err)) < 0)
		goto done;
	f = &list.findings[no - 1];
	if (f->dismissed) {
		rc = gk_fail(err, GK_EEXIST,
			     _("Finding %d (%s) was already dismissed: %s"), no,
			     f->f.text, f->reason);
		goto done;
	}
	if (asprintf(&comment, _("dismissed the %s %s: %s"),
		     gk_find_kind_label(f->f.kind), f->f.text, reason) < 0) {
		comment = NULL;
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	gk_new_id(id);
	gk_store_now(store, now);
	if ((rc = gk_store_exec(
		 store, err,
		 "INSERT INTO finding_dismissal (id, item_id, kind, text, "
		 "reason, version_id, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, "
		 "?, ?)",
		 "tttttttt", id, item.id, gk_find_kind_key(f->f.kind),
		 f->f.text, reason, item.version_id, actor.id, now)) < 0 ||
	    (rc = gk_doc_event(store, &item, actor.id, GK_EVENT_DISMISS,
			       comment, err)) < 0)
		goto done;
	char detail[96];
	snprintf(detail, sizeof detail, "v%d %s %d:%d", item.version,
		 gk_find_kind_key(f->f.kind), f->f.line, f->f.column);
	rc = gk_audit_append(store, actor.login, GK_AUDIT_DISMISS, item.id,
			     detail, err);
done:
	free(comment);
	gk_checklist_free(&list);
	gk_item_free(&item);
	return gk_store_end(store, rc, err);
}

/* ---- the rule ---------------------------------------------------------- */

/* The numbers of the entries for which pick() holds into out, runs of
 * three or more as ranges ("1–4, 7"); returns how many there are. */
static int list_numbers(const struct gk_checklist *list,
			int (*pick)(const struct gk_check_entry *), char *out,
			size_t size)
{
	size_t used = 0;
	int n = 0;
	out[0] = '\0';
	for (int i = 0; i < list->n_entries; i++) {
		if (!pick(&list->entries[i]))
			continue;
		int j = i;
		while (j + 1 < list->n_entries && pick(&list->entries[j + 1]) &&
		       list->entries[j + 1].no == list->entries[j].no + 1)
			j++;
		const char *sep = n ? _(", ") : "";
		if (used < size && j - i >= 2)
			used += (size_t)snprintf(
			    out + used, size - used, "%s%d–%d", sep,
			    list->entries[i].no, list->entries[j].no);
		else
			for (int k = i; k <= j && used < size; k++)
				used += (size_t)snprintf(
				    out + used, size - used, "%s%d",
				    k > i || n ? _(", ") : "",
				    list->entries[k].no);
		n += j - i + 1;
		i = j;
	}
	return n;
}

static int is_missing(const struct gk_check_entry *e)
{
	return !e->answer[0];
}
static int is_stale(const struct gk_check_entry *e)
{
	return e->stale;
}
static int is_blocking_yes(const struct gk_check_entry *e)
{
	return e->blocking && !e->stale && strcmp(e->answer, "yes") == 0;
}

int gk_secrecy_require(struct gk_store *store, const struct gk_item *item,
		       struct gk_err *err)
{
	struct gk_checklist list;
	char parts[4][GK_ERR_MSG_MAX], numbers[GK_ERR_MSG_MAX];
	int n = 0, rc = gk_secrecy_load_item(store, item, &list, err);
	if (rc < 0)
		return rc;
	int k;
	if ((k = list_numbers(&list, is_missing, numbers, sizeof numbers)))
		snprintf(parts[n++], sizeof parts[0],
			 ngettext("question %s not answered",
				  "questions %s not answered",
				  (unsigned long)k),
			 numbers);
	if ((k = list_numbers(&list, is_stale, numbers, sizeof numbers)))
		snprintf(parts[n++], sizeof parts[0],
			 ngettext("question %s answered on an earlier "
				  "version (confirm it)",
				  "questions %s answered on an earlier "
				  "version (confirm them)",
				  (unsigned long)k),
			 numbers);
	if ((k = list_numbers(&list, is_blocking_yes, numbers, sizeof numbers)))
		snprintf(parts[n++], sizeof parts[0],
			 ngettext("question %s answered 是",
				  "questions %s answered 是", (unsigned long)k),
			 numbers);
	if (list.open) {
		size_t used = 0;
		numbers[0] = '\0';
		for (int i = 0; i < list.n_findings && used < sizeof numbers;
		     i++) {
			const struct gk_finding *f = &list.findings[i].f;
			if (!list.findings[i].dismissed)
				used += (size_t)snprintf(
				    numbers + used, sizeof numbers - used,
				    "%s%s %d:%d", used ? _(", ") : "",
				    gk_find_kind_label(f->kind), f->line,
				    f->column);
		}
		snprintf(parts[n++], sizeof parts[0],
			 ngettext("%d finding open (%s)",
				  "%d findings open (%s)",
				  (unsigned long)list.open),
			 list.open, numbers);
	}
	gk_checklist_free(&list);
	if (n == 0)
		return 0;
	char joined[GK_ERR_MSG_MAX];
	size_t used = 0;
	for (int i = 0; i < n && used < sizeof joined; i++)
		used += (size_t)snprintf(joined + used, sizeof joined - used,
					 "%s%s", i ? _("; ") : "", parts[i]);
	return gk_fail(err, GK_EDENIED,
		       _("Review (保密审查) not complete: %s."), joined);
}

/* ---- the questions, for an administrator ------------------------------ */

int gk_secrecy_question_add(struct gk_store *store, const char *actor_id,
			    const char *code, const char *text,
			    const char *hint, int blocking, struct gk_err *err)
{
	struct gk_user actor;
	size_t n = strlen(code);
	int rc;

	if (n == 0 || n > GK_QUESTION_CODE_MAX ||
	    strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789-") != n ||
	    strspn(code, "0123456789") == n)
		return gk_fail(err, GK_EINVAL,
			       _("A question's code is 1 to %d lower-case "
				 "letters, digits and '-', not only digits, "
				 "e.g. 'copyright'; not '%s'."),
			       GK_QUESTION_CODE_MAX, code);
	if ((rc = gk_text_check_line(text, _("The question"),
				     GK_QUESTION_TEXT_MAX, err)) < 0 ||
	    (hint && hint[0] &&
	     (rc = gk_text_check_line(hint, _("The hint"), GK_QUESTION_TEXT_MAX,
				      err)) < 0))
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0)
		goto done;
	sqlite3_stmt *st;
	if ((rc = gk_store_row(store, err, &st,
			       "SELECT 1 FROM check_question WHERE code = ?",
			       "t", code)) < 0)
		goto done;
	if (rc) {
		sqlite3_finalize(st);
		rc = gk_fail(err, GK_EEXIST,
			     _("The checklist already has a question '%s'."),
			     code);
		goto done;
	}
	char detail[128];
	snprintf(detail, sizeof detail, "add %s%s", code,
		 blocking ? "" : " informational");
	if ((rc = gk_store_exec(
		 store, err,
		 "INSERT INTO check_question (code, no, text, hint, blocking) "
		 "SELECT ?, coalesce(max(no), 0) + 1, ?, ?, ? FROM "
		 "check_question",
		 "tttd", code, text, hint ? hint : "", blocking ? 1 : 0)) == 0)
		rc =
		    gk_audit_append(store, actor.login, GK_AUDIT_CHECK_QUESTION,
				    code, detail, err);
done:
	return gk_store_end(store, rc, err);
}

int gk_secrecy_question_blocking(struct gk_store *store, const char *actor_id,
				 const char *question, int blocking,
				 struct gk_err *err)
{
	struct gk_user actor;
	char code[GK_QUESTION_CODE_MAX + 1], detail[96];
	int no, was, rc;

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = find_question(store, question, code, &no, &was, err)) < 0)
		goto done;
	snprintf(detail, sizeof detail, "%s %s", code,
		 blocking ? "blocking" : "informational");
	if ((rc = gk_store_exec(store, err,
				"UPDATE check_question SET blocking = ? "
				"WHERE code = ?",
				"dt", blocking ? 1 : 0, code)) == 0)
		rc =
		    gk_audit_append(store, actor.login, GK_AUDIT_CHECK_QUESTION,
				    code, detail, err);
done:
	return gk_store_end(store, rc, err);
}
