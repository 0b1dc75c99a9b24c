/*
 * secrecy — the confidentiality review (保密审查, 条例第十四至十七条;
 * DOMAIN.md §3): the checklist, the scanner's findings on an item, and the
 * rule that nothing is signed off (and so published) while the review is
 * open.
 *
 * - The checklist's questions are data (table check_question, seeded by
 *   db/002_secrecy.sql); each is blocking or informational.
 * - Answers are 是 ("yes") or 否 ("no"), a note required for 是 on a
 *   blocking question; each is recorded with who, when, the step and the
 *   version's content hash, append-only; the latest per question counts.
 *   An answer given on an earlier version is stale: shown, but it must be
 *   confirmed (answered again).
 * - Who answers: from the step named by the setting checklist-step
 *   (default 1, 科室负责人) on, whoever may decide the item's current step
 *   (flow.h); later steps see the answers and may amend them.
 * - Findings are what scan.h finds in the current version's body, numbered
 *   1, 2, … in text order.  Each is open until it is redacted (masked in a
 *   new version, a 'redact' event: by the author of a draft or returned
 *   item, which is then a draft, or by a reviewer, the item staying at
 *   its step) or dismissed with a reason (which covers every occurrence
 *   of that kind and text, in later versions too).
 * - gk_secrecy_require() is the rule: the last step (签发) is refused while
 *   any answer is missing or stale, any blocking answer is 是, or any
 *   finding is open; flow.c calls it, and publishing will.
 *
 * Every write is one transaction with its audit entry.  Structures filled
 * here hold malloc'd strings; free them with the matching *_free().
 */
#ifndef GK_SECRECY_H
#define GK_SECRECY_H

#include "doc.h"
#include "scan.h"

#define GK_QUESTION_CODE_MAX 32	  /* characters: a-z, 0-9, '-' */
#define GK_QUESTION_TEXT_MAX 200  /* characters */
#define GK_NOTE_MAX	     1000 /* characters of a note or a reason */

/* One question with the answer that counts now. */
struct gk_check_entry {
	char code[GK_QUESTION_CODE_MAX + 1];
	int no;	      /* its number on the form */
	int blocking; /* 1: 是 stops the sign-off */
	char *text, *hint;
	char answer[4]; /* "yes", "no", or "" when never answered */
	int stale;	/* answered on an earlier version */
	int version;	/* the version it was answered on */
	int step;	/* the item's step then */
	char *note;
	char actor_login[GK_LOGIN_MAX + 1];
	char actor_name[GK_NAME_MAX * 4 + 1];
	char at[GK_TIME_LEN];
};

/* One finding of the scanner in the current version, and its fate. */
struct gk_item_finding {
	struct gk_finding f; /* scan.h; f.text is malloc'd */
	int dismissed;
	char *reason; /* the dismissal's, "" when open */
	char actor_name[GK_NAME_MAX * 4 + 1];
	char at[GK_TIME_LEN];
};

struct gk_checklist {
	char item_id[GK_ID_HEX + 1];
	int version;   /* the current version */
	int fill_step; /* the step that fills the checklist (setting) */
	struct gk_check_entry *entries;
	int n_entries;
	struct gk_item_finding *findings;
	int n_findings;
	/* What stands between the item and its sign-off. */
	int missing, stale, blocking_yes, open;
};

/*
 * The checklist of item_id with every answer and the findings of its
 * current version into *out; free with gk_checklist_free().
 */
int gk_secrecy_load(struct gk_store *store, const char *item_id,
		    struct gk_checklist *out, struct gk_err *err);
/* The same for an item the caller has loaded already. */
int gk_secrecy_load_item(struct gk_store *store, const struct gk_item *item,
			 struct gk_checklist *out, struct gk_err *err);
void gk_checklist_free(struct gk_checklist *list);

/* 1 when nothing of the review stands in the way of the sign-off: no
 * answer missing or stale, no blocking 是, no open finding. */
int gk_secrecy_complete(const struct gk_checklist *list);

/* An answer as the form writes it: 是 for "yes", 否 for "no", else "-". */
const char *gk_answer_label(const char *answer);

/*
 * What remains open as one translated line ("3 questions to answer · 2
 * findings open"), or that the review is complete.
 */
void gk_secrecy_summary(const struct gk_checklist *list, char *out,
			size_t size);

/*
 * 0 when actor may answer the checklist, redact and dismiss findings on
 * item now (in review, at or after the checklist step, and allowed to
 * decide the current step), else GK_EDENIED saying why.
 */
int gk_secrecy_may_review(struct gk_store *store, const struct gk_user *actor,
			  const struct gk_item *item, struct gk_err *err);

/*
 * 0 when actor may mask findings of the item now: its author (or an
 * administrator) while it is a draft or sent back, a reviewer who may
 * review it while it is in review; else GK_EDENIED saying why.
 */
int gk_secrecy_may_redact(struct gk_store *store, const struct gk_user *actor,
			  const struct gk_item *item, struct gk_err *err);

/*
 * Record actor's answer to a question of item_id's checklist.  question
 * is the question's number ("5") or code ("privacy"); answer is "yes",
 * "no", 是 or 否; note may be NULL, and must be given for 是 on a blocking
 * question.  Answering again (also with the same answer, to confirm a
 * stale one) records a new answer.
 */
int gk_secrecy_answer(struct gk_store *store, const char *actor_id,
		      const char *item_id, const char *question,
		      const char *answer, const char *note, struct gk_err *err);

/*
 * Confirm every stale answer of item_id's checklist: each is recorded
 * again, unchanged, on the current version (after a redaction, say, whose
 * diff the reviewer has read).  *confirmed, unless NULL, says how many;
 * GK_EINVAL when none is stale.
 */
int gk_secrecy_confirm(struct gk_store *store, const char *actor_id,
		       const char *item_id, int *confirmed, struct gk_err *err);

/*
 * Mask the count findings numbered nos (1-based, as gk_secrecy_load()
 * numbers them in the current version) of item_id and save the result as
 * one new version (its findings are numbered anew).  The author of a
 * draft or returned item may (it is a draft then, as after an edit); a
 * reviewer who may review (gk_secrecy_may_review) may, and the item stays
 * at its step.  seen_hash, unless NULL, is the content hash (or a prefix
 * of 8 or more) of the version the person looked at: when the item
 * changed since, it is refused.  GK_EINVAL for a kind that cannot be
 * masked (scan.h); GK_ENOTFOUND for a number that is no finding.
 */
int gk_secrecy_redact(struct gk_store *store, const char *actor_id,
		      const char *item_id, const int *nos, int count,
		      const char *seen_hash, struct gk_err *err);

/*
 * Dismiss finding number no of item_id with reason (required), so that it
 * no longer holds up the sign-off; a reviewer who may review only.
 */
int gk_secrecy_dismiss(struct gk_store *store, const char *actor_id,
		       const char *item_id, int no, const char *seen_hash,
		       const char *reason, struct gk_err *err);

/*
 * 0 when item may be signed off as far as the confidentiality review
 * goes; else GK_EDENIED with one message listing what is open: the
 * questions not answered, those answered on an earlier version, blocking
 * questions answered 是, and the open findings.  A decision calls it
 * inside its transaction; a front end may call it before, to say early.
 */
int gk_secrecy_require(struct gk_store *store, const struct gk_item *item,
		       struct gk_err *err);

/* The checklist's questions, in order; free with gk_checklist_free() on
 * a struct gk_checklist whose entries they are (no answers filled). */
int gk_secrecy_questions(struct gk_store *store, struct gk_checklist *out,
			 struct gk_err *err);

/*
 * Admin: add a question at the end of the checklist (code: lower-case
 * letters, digits and '-'; text one line; hint may be NULL), blocking or
 * informational.
 */
int gk_secrecy_question_add(struct gk_store *store, const char *actor_id,
			    const char *code, const char *text,
			    const char *hint, int blocking, struct gk_err *err);

/* Admin: make the question (number or code) blocking (1) or
 * informational (0). */
int gk_secrecy_question_blocking(struct gk_store *store, const char *actor_id,
				 const char *question, int blocking,
				 struct gk_err *err);

/* X(name, key) — formats of the printed review record. */
enum gk_record_format { GK_RECORD_TEXT, GK_RECORD_HTML };

/*
 * The 保密审查单 of item_id as a new string in *out (caller frees): item
 * name, 文号, department, carrier (公文 when it has a 文号), planned
 * channels, 公开属性, each question with its answer, note, who and when,
 * the findings and their fate, and each reviewer's opinion, name and date
 * in the current round.  Plain text for a printer, or an HTML page.
 */
int gk_secrecy_record(struct gk_store *store, const char *item_id,
		      enum gk_record_format format, char **out,
		      struct gk_err *err);

#endif
