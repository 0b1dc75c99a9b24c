/*
 * doc — items (政府信息) and their versions.
 *
 * An item's content (title, 文号, 栏目, 公开属性, body) lives in immutable
 * versions numbered 1, 2, …; each saved edit makes a new one, with a
 * BLAKE2b content hash that decisions name.  The item row says where the
 * item is in the workflow (flow.h moves it).  What happens to an item is
 * also appended to its events (create, edit, submit, approve, return).
 *
 * Strings in struct gk_item that are pointers are malloc'd; release them
 * with gk_item_free().
 */
#ifndef GK_DOC_H
#define GK_DOC_H

#include "audit.h"
#include "auth.h"
#include "store.h"

/*
 * X(name, key, label, editable, in_review, signed_off, public) — where an
 * item is, and what each place allows; the rule columns are read only
 * through the predicates below, never by comparing keys:
 * - editable: its author may change it (a draft, or an item sent back);
 * - in_review: a step of the review chain holds it;
 * - signed_off: every step approved, waiting to be published;
 * - public: published (and perhaps withdrawn since): everyone sees it and
 *   it waits for nobody.
 * The keys are the item.state CHECK list of the schema (a test pins it).
 */
/* clang-format off */
#define GK_STATES(X)                                                           \
	X(DRAFT,     "draft",     N_("draft"),      1, 0, 0, 0)                \
	X(REVIEW,    "review",    N_("in review"),  0, 1, 0, 0)                \
	X(RETURNED,  "returned",  N_("returned"),   1, 0, 0, 0)                \
	X(SIGNED,    "signed",    N_("signed off"), 0, 0, 1, 0)                \
	X(PUBLISHED, "published", N_("published"),  0, 0, 0, 1)                \
	X(WITHDRAWN, "withdrawn", N_("withdrawn"),  0, 0, 0, 1)

enum gk_state {
#define GK_STATE_ENUM(name, key, label, e, r, s, p) GK_STATE_##name,
	GK_STATES(GK_STATE_ENUM)
#undef GK_STATE_ENUM
	GK_STATE_COUNT
};

/*
 * X(name, key, label, decision) — what happens to an item, as its events
 * (item_event.action) say; decision: a reviewer's approval or return,
 * which counts for "nobody decides two steps" and for the comment a
 * reviewer leaves.  The keys are the event_kind rows of the schema.
 */
#define GK_EVENTS(X)                                                           \
	X(CREATE,   "create",   N_("created"),             0)                  \
	X(EDIT,     "edit",     N_("edited"),              0)                  \
	X(SUBMIT,   "submit",   N_("submitted"),           0)                  \
	X(APPROVE,  "approve",  N_("approved"),            1)                  \
	X(RETURN,   "return",   N_("sent back"),           1)                  \
	X(REDACT,   "redact",   N_("redacted"),            0)                  \
	X(DISMISS,  "dismiss",  N_("dismissed a finding"), 0)                  \
	X(PUBLISH,  "publish",  N_("published"),           0)                  \
	X(WITHDRAW, "withdraw", N_("withdrawn"),           0)                  \
	X(CORRECT,  "correct",  N_("correction started"),  0)                  \
	X(DELIVER,  "deliver",  N_("delivery"),            0)                  \
	X(COVERAGE, "coverage", N_("media coverage"),      0)

enum gk_event_kind {
#define GK_EVENT_ENUM(name, key, label, decision) GK_EVENT_##name,
	GK_EVENTS(GK_EVENT_ENUM)
#undef GK_EVENT_ENUM
	GK_EVENT_COUNT
};
/* clang-format on */

/* X(name, key, label) — 公开属性. */
#define GK_ATTRS(X)                                                            \
	X(ACTIVE, "active", N_("proactive (主动公开)"))                        \
	X(ON_REQUEST, "on-request", N_("on request (依申请公开)"))             \
	X(WITHHELD, "withheld", N_("not disclosed (不予公开)"))

/*
 * Who may see an item that is not published: its author, the people of
 * its department, and holders of an agency-wide role (director, deputy,
 * publisher, admin).  A WHERE fragment over item alias i, with the named
 * parameters :me (the user's id), :dept (their department's id, '' for
 * none) and :wide (1 when they hold an agency-wide role).
 */
#define GK_VISIBLE_SQL                                                         \
	"(i.state IN ('published', 'withdrawn') OR i.author_id = :me "         \
	"OR i.dept_id = :dept OR :wide)"
/* The roles that see every item. */
#define GK_ROLES_WIDE                                                          \
	(GK_ROLE_DIRECTOR | GK_ROLE_DEPUTY | GK_ROLE_PUBLISHER | GK_ROLE_ADMIN)

#define GK_TITLE_MAX  200		/* characters */
#define GK_DOC_NO_MAX 64		/* characters */
#define GK_BODY_MAX   (4 * 1024 * 1024) /* bytes */

struct gk_item {
	char id[GK_ID_HEX + 1];
	char state[16]; /* a GK_STATES key */
	int step;	/* 1-based while in review, else 0 */
	int round;	/* submissions so far */
	int version;	/* current version number */
	char version_id[GK_ID_HEX + 1];
	char hash[GK_HASH_HEX + 1];  /* of the current version */
	char *title, *doc_no, *body; /* malloc'd */
	char category[256];
	char attr[16]; /* a GK_ATTRS key */
	char dept_id[GK_ID_HEX + 1];
	char dept_name[GK_NAME_MAX * 4 + 1];
	char author_id[GK_ID_HEX + 1];
	char author_login[GK_LOGIN_MAX + 1];
	char author_name[GK_NAME_MAX * 4 + 1];
	char created[GK_TIME_LEN], updated[GK_TIME_LEN];
	char corrects_id[GK_ID_HEX + 1]; /* the item this one corrects, or "" */
	char corrects_index_no[65];	 /* that item's 索引号, or "" */
	char index_no[65];		 /* its own 索引号 once published */
};

/*
 * The content of a new draft or the changes of an edit.  For an edit, NULL
 * means "unchanged"; for a new draft, title and category are required,
 * body NULL means empty, doc_no NULL none and attr NULL "active".
 */
struct gk_draft {
	const char *title;
	const char *body;
	const char *doc_no;   /* 文号 */
	const char *category; /* the 栏目's name */
	const char *attr;     /* a GK_ATTRS key */
};

/* Translated label of a state or attribute key (the key if unknown). */
const char *gk_state_label(const char *key);
/* The state of a key, or -1 for a key that is none. */
int gk_state_parse(const char *key);
/* The stored key of state s ("draft"). */
const char *gk_state_key(enum gk_state s);
/*
 * The rule columns of GK_STATES for a state key (0 for a key that is
 * none): whether an item there may be edited by its author, is held by a
 * review step, is signed off and waits to be published, is public.
 */
int gk_state_editable(const char *key);
int gk_state_in_review(const char *key);
int gk_state_signed_off(const char *key);
int gk_state_public(const char *key);

/* The event kind of a key, or -1; the stored key of kind k. */
int gk_event_parse(const char *key);
const char *gk_event_key(enum gk_event_kind k);
/* Whether an event of this key is a reviewer's decision (approve,
 * return); 0 for a key that is none. */
int gk_event_is_decision(const char *key);
/* Translated label of an event key ("approved"; the key if unknown). */
const char *gk_event_kind_label(const char *key);
const char *gk_attr_label(const char *key);
/* The GK_ATTRS key for key or its Chinese name (主动公开 …), or NULL. */
const char *gk_attr_parse(const char *text);
/* The Chinese name of a 公开属性 key (主动公开 …), the key if unknown. */
const char *gk_attr_zh(const char *key);

/*
 * Resolve a unique prefix (at least 4 hex characters) of an item id into
 * the full id.  GK_ENOTFOUND when none matches, GK_EINVAL when it is not
 * hex, too short, or matches more than one item.
 */
int gk_doc_resolve(struct gk_store *store, const char *prefix,
		   char out[GK_ID_HEX + 1], struct gk_err *err);

/* Load the item with full id id (and its current version). */
int gk_doc_get(struct gk_store *store, const char *id, struct gk_item *out,
	       struct gk_err *err);
void gk_item_free(struct gk_item *item);

/*
 * Load the item with full id item_id as gk_doc_get() does, but with the
 * content of its version number version (1, 2, …): version, version_id,
 * hash, title, doc_no, category, attr and body are that version's; the
 * rest (state, step, round, department, author, times) is the item's now.
 * GK_ENOTFOUND when there is no such item, or no such version (the message
 * says which versions exist).  Free *out with gk_item_free().
 */
int gk_doc_version(struct gk_store *store, const char *item_id, int version,
		   struct gk_item *out, struct gk_err *err);
/* The same for the version with this id.  Two stations that edit one draft
 * at once both make version n + 1 (sync.h): the number then names the
 * current one, or else the later, and only the id names the other. */
int gk_doc_version_id(struct gk_store *store, const char *item_id,
		      const char *version_id, struct gk_item *out,
		      struct gk_err *err);

/*
 * 0 when actor may change the item's text now (its author or an
 * administrator, while it is a draft or sent back), else GK_EDENIED
 * saying why.  gk_doc_edit makes this check; front ends ask it to offer
 * the edit at all.
 */
int gk_doc_may_edit(const struct gk_user *actor, const struct gk_item *item,
		    struct gk_err *err);

/*
 * 0 when actor may start a correction of the item (gk_publish_correct): a
 * drafter, of an item that is published and still in force; else
 * GK_EDENIED saying why.
 */
int gk_doc_may_correct(const struct gk_user *actor, const struct gk_item *item,
		       struct gk_err *err);

/*
 * A drafter writes a new item in their own department.  Fills out_id with
 * the new item's id; version 1 is its content.
 */
int gk_doc_create(struct gk_store *store, const char *actor_id,
		  const struct gk_draft *draft, char out_id[GK_ID_HEX + 1],
		  struct gk_err *err);

/*
 * As gk_doc_create(), for a correction (更正) of the published item
 * corrects_id: the new item names it (gk_item.corrects_id), and the
 * corrected item gets a 'correct' event and an audit entry in the same
 * transaction.  GK_EDENIED when that item is not published.
 */
int gk_doc_create_correction(struct gk_store *store, const char *actor_id,
			     const struct gk_draft *draft,
			     const char *corrects_id,
			     char out_id[GK_ID_HEX + 1], struct gk_err *err);

/*
 * The author (or an admin) saves changes to a draft or returned item as a
 * new version.  A returned item becomes a draft again; its next submission
 * starts the review chain over.  GK_EINVAL when nothing changed.
 */
int gk_doc_edit(struct gk_store *store, const char *actor_id,
		const char *item_id, const struct gk_draft *changes,
		struct gk_err *err);

/*
 * Inside a write transaction, for a change the caller has checked (a
 * reviewer masking a finding): save body, the rest unchanged, as item's
 * next version by actor, and append an event (action, comment) and an
 * audit entry.  A draft or returned item becomes a draft, as after an
 * edit; an item in review keeps its step.  item is updated to the new
 * version (its body stays the old one).  GK_EINVAL when nothing changed.
 */
int gk_doc_revise(struct gk_store *store, const struct gk_user *actor,
		  struct gk_item *item, const char *body,
		  enum gk_event_kind kind, const char *comment,
		  enum gk_audit_action audit, struct gk_err *err);

/* GK_EDENIED unless actor is the item's author or an admin; submitting
 * says which refusal to give (1: submit, 0: edit). */
int gk_doc_require_owner(const struct gk_user *actor,
			 const struct gk_item *item, int submitting,
			 struct gk_err *err);

/*
 * 0 when seen_hash (the content hash of the version a person read, or a
 * prefix of at least 8 characters; NULL: nothing to check) is item's
 * current hash; GK_EDENIED when the item changed since, GK_EINVAL when
 * seen_hash is not a hash.
 */
int gk_doc_check_seen(const struct gk_item *item, const char *seen_hash,
		      struct gk_err *err);

/*
 * Rewrite the item's row in the full-text index (item_fts) from its
 * current version and its publication, inside the caller's write
 * transaction.  Every change of an item's current version or publication
 * calls it (see db/003_publish.sql for why triggers cannot).
 */
int gk_doc_index(struct gk_store *store, const char *item_id,
		 struct gk_err *err);

/*
 * Recompute the content hash of the version with id version_id from the
 * fields stored in it (as saving it did) into out, and copy the hash it
 * was saved with into recorded (may be NULL).  The two differ only when
 * the stored content was changed behind the core's back.
 */
int gk_doc_rehash(struct gk_store *store, const char *version_id,
		  char out[GK_HASH_HEX + 1], char recorded[GK_HASH_HEX + 1],
		  struct gk_err *err);

struct gk_event {
	char at[GK_TIME_LEN];
	char action[16]; /* a GK_EVENTS key */
	int round, step, version;
	char hash[GK_HASH_HEX + 1];
	char actor_login[GK_LOGIN_MAX + 1];
	char actor_name[GK_NAME_MAX * 4 + 1];
	char step_name[128]; /* "" for create and edit */
	char *comment;	     /* malloc'd; "" when none */
};

/* The item's events, oldest first, into *events; free with
 * gk_events_free(). */
int gk_doc_history(struct gk_store *store, const char *item_id,
		   struct gk_event **events, int *count, struct gk_err *err);
void gk_events_free(struct gk_event *events, int count);

/* The translated label of event e's action ("signed off" for an approval
 * of the last step, last_step). */
const char *gk_event_label(const struct gk_event *e, int last_step);

/* Append an event to the item's history (inside a write transaction). */
int gk_doc_event(struct gk_store *store, const struct gk_item *item,
		 const char *actor_id, enum gk_event_kind kind,
		 const char *comment, struct gk_err *err);

#endif
