/*
 * publish — publishing a signed-off item (its catalog metadata, its
 * 索引号, its deliveries), withdrawing it (失效/废止) and correcting it
 * (更正).  The nouns around it have their own modules: index.h (the
 * 索引号), channel.h (channels, their files, deliveries) and coverage.h
 * (media coverage).
 *
 * Rules the core keeps, whatever front end calls it:
 * - only a holder of role publisher publishes and withdraws;
 * - 先审核、后公开: an item is published only when signed off, its
 *   confidentiality review complete (gk_secrecy_require), and its current
 *   version byte-identical to the version the last step approved;
 * - a field left empty (NULL or "") gets its default, the same for every
 *   front end: gk_publish_defaults says what they are, so a form shows
 *   what will be published;
 * - the dates are dates in China (cndate.h): 发布日期 not in the future
 *   and not before the sign-off, 成文日期 not after it, an end date not
 *   before the publication; each check is one function here with its
 *   message, which the forms call as they are typed;
 * - the 索引号 is allocated inside the publishing transaction (index.h);
 *   every file is rendered before anything is stored, so a text a channel
 *   cannot hold refuses the publication and uses no serial; the files are
 *   written after the commit (channel.h).
 *
 * Structs are filled by value; gk_publication has no pointers.
 */
#ifndef GK_PUBLISH_H
#define GK_PUBLISH_H

#include "cndate.h"
#include "doc.h"
#include "index.h"

/* X(name, key, label) — 有效性 of a publication. */
#define GK_VALIDITIES(X)                                                       \
	X(VALID, "valid", N_("valid (有效)"))                                  \
	X(EXPIRED, "expired", N_("expired (失效)"))                            \
	X(ABOLISHED, "abolished", N_("abolished (废止)"))

#define GK_SUMMARY_MAX	100 /* characters of 内容概述 */
#define GK_META_MAX	64 /* characters of 主题分类, 体裁, 公开范围 */
#define GK_ISSUER_MAX	100  /* characters of 发布机构 */
#define GK_KEYWORDS_MAX 100  /* characters */
#define GK_REASON_MAX	1000 /* characters of a reason or a note */

/* clang-format off */
enum gk_validity {
#define GK_VALIDITY_ENUM(name, key, label) GK_VALIDITY_##name,
	GK_VALIDITIES(GK_VALIDITY_ENUM)
#undef GK_VALIDITY_ENUM
	GK_VALIDITY_COUNT
};
/* clang-format on */

/* Translated label of a validity key (the key itself if unknown). */
const char *gk_validity_label(const char *key);
/* Whether a publication of this validity key is in force (有效): it may
 * be withdrawn or corrected, and the catalog lists it by default. */
int gk_validity_in_force(const char *key);
/* The Chinese name of a validity key (有效, 失效, 废止), as the catalog
 * and the published pages write it in every locale (the key if unknown). */
const char *gk_validity_zh(const char *key);
/* The validity key for a key or its Chinese name (有效, 失效, 废止), or
 * NULL. */
const char *gk_validity_parse(const char *text);

/* What the publisher fills in.  NULL or "" means the default
 * (gk_publish_defaults). */
struct gk_pub_meta {
	const char *summary;	/* 内容概述: required, ≤ GK_SUMMARY_MAX */
	const char *topic;	/* 主题分类; default "" */
	const char *genre;	/* 体裁; default "" */
	const char *issuer;	/* 发布机构; default the agency's name */
	const char *written_on; /* 成文日期 YYYY-MM-DD; default the day of
				   the sign-off; not after 发布日期 */
	const char *scope;	/* 公开范围; default "面向社会" */
	const char *keywords;	/* default "" */
	const char *published_on;    /* 发布日期 YYYY-MM-DD; default today
					(China time); never in the future */
	const char *const *channels; /* channel codes; NULL: the planned */
	int channel_count;
	const char *seen_hash; /* the hash the publisher read (or a prefix
				  of ≥ 8); NULL: no check */
};

struct gk_publication {
	char id[GK_ID_HEX + 1];
	char item_id[GK_ID_HEX + 1];
	char version_id[GK_ID_HEX + 1];
	int version; /* its number */
	char hash[GK_HASH_HEX + 1];
	char index_no[GK_INDEX_NO_MAX + 1];
	int year, serial;
	char station[GK_ID_HEX + 1];
	char published_on[GK_DATE_LEN];
	char publisher_login[GK_LOGIN_MAX + 1];
	char publisher_name[GK_NAME_MAX * 4 + 1];
	char at[GK_TIME_LEN];
	char summary[GK_SUMMARY_MAX * 4 + 1];
	char topic[GK_META_MAX * 4 + 1];
	char genre[GK_META_MAX * 4 + 1];
	char issuer[GK_ISSUER_MAX * 4 + 1];
	char written_on[11]; /* "" when none */
	char scope[GK_META_MAX * 4 + 1];
	char keywords[GK_KEYWORDS_MAX * 4 + 1];
	char validity[16]; /* a GK_VALIDITIES key */
	char ended_on[11]; /* "" while valid */
	char end_reason[GK_REASON_MAX * 4 + 1];
	char corrects_index_no[GK_INDEX_NO_MAX + 1]; /* "" when none */
};

/* What gk_publish fills in for a field the publisher left empty, and
 * what a form shows before anything is typed. */
struct gk_pub_defaults {
	char issuer[GK_ISSUER_MAX * 4 + 1]; /* 发布机构: the agency's name */
	char written_on[GK_DATE_LEN];	    /* 成文日期: the day of the
					       sign-off in China ("" when the
					       item is not signed off) */
	char scope[GK_META_MAX * 4 + 1];    /* 公开范围: 面向社会 */
	char published_on[GK_DATE_LEN];	    /* 发布日期: today in China */
	char validity[16];		    /* 有效性: "valid" */
};

/* The defaults of publishing item_id now into *out (GK_ENOTFOUND for no
 * such item).  The other fields (内容概述, 主题分类, 体裁, 关键词) have
 * none. */
int gk_publish_defaults(struct gk_store *store, const char *item_id,
			struct gk_pub_defaults *out, struct gk_err *err);

/*
 * The date checks of publishing, one each with its message, for the core
 * and for the forms that check as the publisher types.  Each is 0, or
 * GK_EINVAL with the sentence to show.
 * - gk_publish_check_date: a 发布日期 is a real date, not in the future
 *   (today by the store's clock, in China); its year into *year unless
 *   NULL.  (That it is not before the sign-off is checked by gk_publish.)
 * - gk_publish_check_written: a 成文日期 is a real date, not after
 *   published_on (not compared when published_on is NULL or no date).
 * - gk_publish_check_end_date: the day a validity ends (失效/废止) is a
 *   real date, not in the future, not before published_on (not compared
 *   when NULL).
 */
int gk_publish_check_date(struct gk_store *store, const char *published_on,
			  int *year, struct gk_err *err);
int gk_publish_check_written(const char *written_on, const char *published_on,
			     struct gk_err *err);
int gk_publish_check_end_date(struct gk_store *store, const char *ended_on,
			      const char *published_on, struct gk_err *err);

/*
 * 0 when actor may publish the item now; else GK_EDENIED (or
 * GK_ENOTFOUND) with one sentence saying why: not a publisher, not signed
 * off (or already published), 不予公开, the review incomplete, the text
 * not the signed version, or this station does not allocate 索引号.
 */
int gk_publish_check(struct gk_store *store, const char *actor_id,
		     const char *item_id, struct gk_err *err);

/*
 * The 索引号 that publishing on published_on (NULL: today) would give
 * now, into index_no: a preview, not a reservation.
 */
int gk_publish_preview(struct gk_store *store, const char *published_on,
		       char index_no[GK_INDEX_NO_MAX + 1], struct gk_err *err);

/*
 * Publish the item (see the rules above) in one write transaction:
 * allocate its 索引号 into index_no, record the publication, one pending
 * delivery per channel, the event and the audit entry.  Then write the
 * files of the channels that take them and record each outcome in its
 * delivery (a file that cannot be written makes that delivery failed; the
 * publication stands and 0 is returned).
 */
int gk_publish(struct gk_store *store, const char *actor_id,
	       const char *item_id, const struct gk_pub_meta *meta,
	       char index_no[GK_INDEX_NO_MAX + 1], struct gk_err *err);

/* The publication of item_id into *out; GK_ENOTFOUND when unpublished. */
int gk_publication_get(struct gk_store *store, const char *item_id,
		       struct gk_publication *out, struct gk_err *err);

/*
 * End a published item's validity: validity "expired" (失效) or
 * "abolished" (废止), from ended_on (NULL: today) for reason (required).
 * The item stays in the catalog, now withdrawn, with its status.  Then
 * the channels that took files get them again, saying so (the page keeps
 * its place with 失效/废止, its date and reason; the display screen
 * announces it), and those deliveries are pending again, or failed
 * saying why; that does not undo the withdrawal.
 */
int gk_publish_withdraw(struct gk_store *store, const char *actor_id,
			const char *item_id, const char *validity,
			const char *ended_on, const char *reason,
			struct gk_err *err);

/*
 * Start the correction of a published item: a new draft by actor (a
 * drafter) with the published content, which names the publication it
 * corrects; its id goes into new_id.  The old item keeps its number and
 * validity until the correction is published and the old one withdrawn.
 */
int gk_publish_correct(struct gk_store *store, const char *actor_id,
		       const char *item_id, char new_id[GK_ID_HEX + 1],
		       struct gk_err *err);

/*
 * Check a reason or a note that is required (a withdrawal's, a failed
 * delivery's): not blank, one line of at most GK_REASON_MAX characters;
 * field names it in the message.
 */
int gk_reason_check(const char *s, const char *field, struct gk_err *err);

#endif
