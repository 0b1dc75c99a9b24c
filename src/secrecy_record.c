/*
 * The printed record of an item's confidentiality review (保密审查单),
 * as text or HTML, from the checklist, the findings, the decisions and
 * the planned channels (secrecy.h: gk_secrecy_record).
 */
#include "secrecy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "audit.h"
#include "chain.h"
#include "i18n.h"
#include "text.h"

/* ---- the printed record (保密审查单) ----------------------------------- */

struct record {
	FILE *f;
	int html;
};

/* Text as is, or escaped for HTML. */
static void put(struct record *r, const char *s)
{
	if (r->html)
		gk_text_put_html(r->f, s);
	else
		fputs(s, r->f);
}

/* A paragraph of the form: indented in text, a <p> in HTML. */
static void para(struct record *r, int indent, const char *s)
{
	if (r->html) {
		fprintf(r->f, "<p class=\"i%d\">", indent);
		put(r, s);
		fputs("</p>\n", r->f);
	} else {
		fprintf(r->f, "%*s%s\n", 4 * indent, "", s);
	}
}

static void section(struct record *r, const char *title)
{
	if (r->html) {
		fputs("<h2>", r->f);
		put(r, title);
		fputs("</h2>\n", r->f);
	} else {
		fprintf(r->f, "\n%s\n", title);
	}
}

/* One "label: value" line of the item's particulars. */
static void particular(struct record *r, const char *label, const char *value)
{
	if (r->html) {
		fputs("<tr><th>", r->f);
		put(r, label);
		fputs("</th><td>", r->f);
		put(r, value);
		fputs("</td></tr>\n", r->f);
	} else {
		fprintf(r->f, _("%s: %s\n"), label, value);
	}
}

/* "name YYYY-MM-DD": who did something, and the local date. */
static void signed_by(char *out, size_t size, const char *name, const char *at)
{
	char when[GK_TIME_LEN];
	gk_time_local(gk_time_parse(at), when);
	snprintf(out, size, "%s %.10s", name, when);
}

/* Every answer given on the item, oldest first: what the form shows
 * under a question whose answer changed hands or value. */
struct past_answer {
	char question[GK_QUESTION_CODE_MAX + 1];
	char answer[4];
	char *note;
	char name[GK_NAME_MAX * 4 + 1];
	char at[GK_TIME_LEN];
};

static void free_past(void *elem)
{
	free(((struct past_answer *)elem)->note);
}

static int fill_past(void *ctx, void *elem, sqlite3_stmt *st,
		     struct gk_err *err)
{
	struct past_answer *a = elem;
	(void)ctx;
	gk_col_copy(st, 0, a->question, sizeof a->question);
	gk_col_copy(st, 1, a->answer, sizeof a->answer);
	a->note = gk_col_dup(st, 2);
	gk_col_copy(st, 3, a->name, sizeof a->name);
	gk_col_copy(st, 4, a->at, sizeof a->at);
	return a->note ? 0 : gk_fail(err, GK_ENOMEM, _("Out of memory."));
}

/* Question e, its answer and the earlier answers it replaced. */
static void record_question(struct record *r, const struct gk_check_entry *e,
			    const struct past_answer *past, int n_past)
{
	char line[2048], who[512] = "";
	snprintf(line, sizeof line, "%d. %s%s%s%s", e->no, e->text,
		 e->hint[0] ? _(" (") : "", e->hint, e->hint[0] ? _(")") : "");
	para(r, 0, line);
	if (!e->answer[0]) {
		para(r, 1, _("Answer: (not answered)"));
		return;
	}
	signed_by(who, sizeof who, e->actor_name, e->at);
	if (e->stale)
		snprintf(line, sizeof line,
			 _("Answer: %s (given on v%d, to be confirmed)    %s"),
			 gk_answer_label(e->answer), e->version, who);
	else
		snprintf(line, sizeof line, _("Answer: %s    %s"),
			 gk_answer_label(e->answer), who);
	para(r, 1, line);
	if (e->note[0]) {
		snprintf(line, sizeof line, _("Note: %s"), e->note);
		para(r, 1, line);
	}
	/* Earlier answers of another value or by another reviewer, each
	 * once: the current one is the last of the list. */
	const struct past_answer *last = NULL, *current = NULL;
	for (int i = 0; i < n_past; i++)
		if (strcmp(past[i].question, e->code) == 0)
			current = &past[i];
	for (int i = 0; i < n_past; i++) {
		const struct past_answer *a = &past[i];
		if (a == current || strcmp(a->question, e->code) != 0)
			continue;
		int same_as_now = strcmp(a->answer, e->answer) == 0 &&
				  strcmp(a->name, e->actor_name) == 0;
		int repeat = last && strcmp(a->answer, last->answer) == 0 &&
			     strcmp(a->name, last->name) == 0;
		last = a;
		if (same_as_now || repeat)
			continue;
		signed_by(who, sizeof who, a->name, a->at);
		if (a->note[0])
			snprintf(line, sizeof line,
				 _("Earlier: %s    %s (note: %s)"),
				 gk_answer_label(a->answer), who, a->note);
		else
			snprintf(line, sizeof line, _("Earlier: %s    %s"),
				 gk_answer_label(a->answer), who);
		para(r, 1, line);
	}
}

static void record_questions(struct record *r, const struct gk_checklist *l,
			     const struct past_answer *past, int n_past)
{
	for (int blocking = 1; blocking >= 0; blocking--) {
		if (!blocking)
			para(r, 0,
			     _("Further questions (they do not stop the "
			       "sign-off):"));
		for (int i = 0; i < l->n_entries; i++)
			if (l->entries[i].blocking == blocking)
				record_question(r, &l->entries[i], past,
						n_past);
	}
}

static void record_findings(struct record *r, const struct gk_checklist *l,
			    const struct gk_event *events, int n_events)
{
	char line[2048], who[512];
	int any = 0;
	for (int i = 0; i < l->n_findings; i++) {
		const struct gk_item_finding *f = &l->findings[i];
		if (f->dismissed) {
			signed_by(who, sizeof who, f->actor_name, f->at);
			snprintf(line, sizeof line,
				 _("%d. %s at line %d, column %d: %s — "
				   "dismissed: %s (%s)"),
				 i + 1, gk_find_kind_label(f->f.kind),
				 f->f.line, f->f.column, f->f.text, f->reason,
				 who);
		} else {
			snprintf(line, sizeof line,
				 _("%d. %s at line %d, column %d: %s — open"),
				 i + 1, gk_find_kind_label(f->f.kind),
				 f->f.line, f->f.column, f->f.text);
		}
		para(r, 0, line);
		any = 1;
	}
	for (int i = 0; i < n_events; i++) {
		const struct gk_event *e = &events[i];
		if (gk_event_parse(e->action) != GK_EVENT_REDACT)
			continue;
		signed_by(who, sizeof who, e->actor_name, e->at);
		snprintf(line, sizeof line, _("Masked in v%d: %s (%s)"),
			 e->version, e->comment, who);
		para(r, 0, line);
		any = 1;
	}
	if (!any)
		para(r, 0, _("The scanner found nothing."));
}

/* Each step's decision in the current round, or a line to sign. */
static void record_opinions(struct record *r, const struct gk_item *item,
			    const struct gk_step *steps, int n_steps,
			    const struct gk_event *events, int n_events)
{
	if (r->html)
		fputs("<table class=\"opinions\">\n", r->f);
	for (int s = 0; s < n_steps; s++) {
		const struct gk_event *d = NULL;
		for (int i = 0; i < n_events; i++)
			if (events[i].round == item->round &&
			    events[i].step == steps[s].no &&
			    gk_event_is_decision(events[i].action))
				d = &events[i];
		char opinion[2048], who[512] = "";
		if (d && gk_event_parse(d->action) == GK_EVENT_RETURN)
			snprintf(opinion, sizeof opinion, "%s%s%s",
				 _("Returned for changes"), _(": "),
				 d->comment);
		else if (d) /* the comment is the opinion; bare, 同意 */
			snprintf(opinion, sizeof opinion, "%s",
				 d->comment[0] ? d->comment : _("Approved"));
		else
			snprintf(opinion, sizeof opinion, "%s",
				 s == n_steps - 1 ? _("(not yet signed off)")
						  : _("(not yet decided)"));
		if (d)
			signed_by(who, sizeof who, d->actor_name, d->at);
		else
			snprintf(who, sizeof who, "%s",
				 _("Signature: ________  Date: ________"));
		if (r->html) {
			fputs("<tr><th>", r->f);
			put(r, steps[s].name);
			fputs("</th><td>", r->f);
			put(r, opinion);
			fputs("</td><td class=\"who\">", r->f);
			put(r, who);
			fputs("</td></tr>\n", r->f);
		} else {
			fprintf(r->f, _("%s: %s\n"), steps[s].name, opinion);
			fprintf(r->f, "    %s\n", who);
		}
	}
	if (r->html)
		fputs("</table>\n", r->f);
}

/* The conclusion: which way the review went, as the paper form ticks it,
 * and the informational questions answered 是; or what is still open. */
static void record_conclusion(struct record *r, const struct gk_item *item,
			      const struct gk_checklist *l,
			      const struct gk_event *events, int n_events)
{
	char line[1024];
	if (!gk_secrecy_complete(l)) {
		char summary[256];
		gk_secrecy_summary(l, summary, sizeof summary);
		snprintf(line, sizeof line, _("Not complete: %s."), summary);
		para(r, 0, line);
		return;
	}
	int masked = 0;
	for (int i = 0; i < n_events; i++)
		masked |= gk_event_parse(events[i].action) == GK_EVENT_REDACT;
	for (int i = 0; i < l->n_entries; i++)
		masked |= strcmp(l->entries[i].code, "partial") == 0 &&
			  strcmp(l->entries[i].answer, "yes") == 0;
	int way = strcmp(item->attr, "withheld") == 0 ? 2 : masked ? 1 : 0;
	const char *ways[] = {_("may be disclosed"),
			      _("may be disclosed after redaction (区分处理)"),
			      _("not to be disclosed")};
	size_t used = 0;
	line[0] = '\0';
	for (int i = 0; i < 3 && used < sizeof line; i++)
		used += (size_t)snprintf(line + used, sizeof line - used,
					 "%s%s %s", i ? "    " : "",
					 i == way ? "☑" : "☐", ways[i]);
	para(r, 0, line);
	for (int i = 0; i < l->n_entries; i++) {
		const struct gk_check_entry *e = &l->entries[i];
		if (e->blocking || strcmp(e->answer, "yes") != 0)
			continue;
		snprintf(line, sizeof line,
			 _("Also: question %d answered 是: %s"), e->no,
			 e->text);
		para(r, 0, line);
	}
}

/* The planned channels' names joined by the list separator. */
static int planned_channels(struct gk_store *store, char *out, size_t size,
			    struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(store, err, &st,
			       "SELECT name FROM channel WHERE planned = 1 "
			       "ORDER BY position",
			       "");
	if (rc < 0)
		return rc;
	size_t used = 0;
	out[0] = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && used < size)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
					 used ? _(", ") : "",
					 sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return gk_store_dberr(store, err);
	if (!out[0])
		snprintf(out, size, "—");
	return 0;
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<style>\n"
    "@page { size: A4; margin: 2.5cm 2cm; }\n"
    "body { font-family: \"SimSun\", \"宋体\", \"Songti SC\", serif; "
    "max-width: 46em; margin: 2em auto; line-height: 1.6; }\n"
    "h1 { font-size: 1.6em; text-align: center; letter-spacing: 0.2em; }\n"
    "p.agency { text-align: center; }\n"
    "h2 { font-size: 1.1em; margin-top: 1.2em; }\n"
    "table { border-collapse: collapse; width: 100%; }\n"
    "th, td { border: 1px solid #000; padding: 0.3em 0.5em; "
    "vertical-align: top; text-align: left; }\n"
    "th { width: 8em; font-weight: normal; }\n"
    "td.who { width: 12em; }\n"
    "p { margin: 0.2em 0; }\np.i1 { margin-left: 2em; }\n"
    "</style>\n";

int gk_secrecy_record(struct gk_store *store, const char *item_id,
		      enum gk_record_format format, char **out,
		      struct gk_err *err)
{
	struct gk_item item;
	struct gk_agency agency;
	struct gk_checklist list = {0};
	struct gk_step *steps = NULL;
	struct gk_event *events = NULL;
	struct past_answer *past = NULL;
	sqlite3_stmt *st;
	int n_steps = 0, n_events = 0, n_past = 0, rc;
	char channels[1024], line[1024];
	size_t size;

	*out = NULL;
	if ((rc = gk_doc_get(store, item_id, &item, err)) < 0)
		return rc;
	if ((rc = gk_agency_get(store, &agency, err)) < 0 ||
	    (rc = gk_secrecy_load_item(store, &item, &list, err)) < 0 ||
	    (rc = gk_chain_steps(store, &steps, &n_steps, err)) < 0 ||
	    (rc = gk_doc_history(store, item.id, &events, &n_events, err)) <
		0 ||
	    (rc = planned_channels(store, channels, sizeof channels, err)) <
		0 ||
	    (rc = gk_store_prep(
		 store, err, &st,
		 "SELECT a.question, a.answer, a.note, u.name, a.at FROM "
		 "check_answer a JOIN user u ON u.id = a.actor_id WHERE "
		 "a.item_id = ? ORDER BY a.at, a.rowid",
		 "t", item.id)) < 0 ||
	    (rc = gk_store_collect(store, st, sizeof *past, fill_past, NULL,
				   free_past, &past, &n_past, err)) < 0)
		goto done;
	struct record r = {open_memstream(out, &size),
			   format == GK_RECORD_HTML};
	if (!r.f) {
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
		goto done;
	}
	const char *title = _("Confidentiality review record (保密审查单)");
	if (r.html) {
		fputs(html_head, r.f);
		fputs("<title>", r.f);
		put(&r, title);
		fputs("</title>\n</head>\n<body>\n<h1>", r.f);
		put(&r, title);
		fputs("</h1>\n<p class=\"agency\">", r.f);
		put(&r, agency.name);
		fputs("</p>\n<table class=\"item\">\n", r.f);
	} else {
		fprintf(r.f, "%s\n%s\n\n", title, agency.name);
	}
	particular(&r, _("Item name"), item.title);
	particular(&r, _("Doc no."), item.doc_no[0] ? item.doc_no : "—");
	snprintf(line, sizeof line, _("%s (drafted by %s)"), item.dept_name,
		 item.author_name);
	particular(&r, _("Drafting unit"), line);
	particular(&r, _("Carrier"),
		   item.doc_no[0] ? _("official document (公文)")
				  : _("other (非公文)"));
	particular(&r, _("Planned channels"), channels);
	particular(&r, _("Planned date"), "________________");
	particular(&r, _("Disclosure"), gk_attr_label(item.attr));
	/* Not recorded: the reviewer writes it on the paper. */
	particular(&r, _("Legal basis"), "________________");
	snprintf(line, sizeof line, _("v%d (check code %.16s)"), item.version,
		 item.hash);
	particular(&r, _("Version reviewed"), line);
	if (r.html)
		fputs("</table>\n", r.f);
	section(&r, _("1. Checklist"));
	record_questions(&r, &list, past, n_past);
	section(&r, _("2. What the scanner found"));
	record_findings(&r, &list, events, n_events);
	section(&r, _("3. Reviewers' opinions"));
	record_opinions(&r, &item, steps, n_steps, events, n_events);
	section(&r, _("Conclusion"));
	record_conclusion(&r, &item, &list, events, n_events);
	if (r.html)
		fputs("</body>\n</html>\n", r.f);
	if (fclose(r.f) != 0) {
		free(*out);
		*out = NULL;
		rc = gk_fail(err, GK_ENOMEM, _("Out of memory."));
	}
done:
	for (int i = 0; i < n_past; i++)
		free_past(&past[i]);
	free(past);
	gk_events_free(events, n_events);
	free(steps);
	gk_checklist_free(&list);
	gk_item_free(&item);
	return rc;
}
