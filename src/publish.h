/*
 * publish — publishing a signed-off item: its 索引号, its catalog metadata,
 * one delivery per channel (files in the channel's outbox, in the
 * channel's encoding), withdrawing (失效/废止), corrections, and media
 * coverage (稿件刊发).
 *
 * Rules the core keeps, whatever front end calls it:
 * - only a holder of role publisher publishes, withdraws, records
 *   coverage and marks deliveries; only an admin adds channels or moves
 *   the allocation of 索引号;
 * - 先审核、后公开: an item is published only when signed off, its
 *   confidentiality review complete (gk_secrecy_require), and its current
 *   version byte-identical to the version the last step approved;
 * - a 索引号 is assigned once, inside the publishing transaction, as the
 *   next serial of the publication year: gap-free per year, unique, never
 *   reused.  Only the agency's index station (agency.index_station)
 *   allocates, so two stations never hand out the same number
 *   (docs/architecture.md, "索引号");
 * - a text that a channel's encoding cannot hold is refused before
 *   anything is written, naming the character.
 * Files are written after the publishing transaction commits; the
 * delivery row records what was written (or why it failed), and resending
 * writes them again.
 *
 * Structs are filled by value; arrays returned through out-parameters are
 * the caller's to free() (gk_publication has no pointers).
 */
#ifndef GK_PUBLISH_H
#define GK_PUBLISH_H

#include "doc.h"

/* X(name, key, label) — 有效性 of a publication. */
#define GK_VALIDITIES(X)                                                       \
	X(VALID, "valid", N_("valid (有效)"))                                  \
	X(EXPIRED, "expired", N_("expired (失效)"))                            \
	X(ABOLISHED, "abolished", N_("abolished (废止)"))

/* X(name, key, label) — where a delivery is. */
#define GK_DELIVERY_STATES(X)                                                  \
	X(PENDING, "pending", N_("pending"))                                   \
	X(DELIVERED, "delivered", N_("delivered"))                             \
	X(FAILED, "failed", N_("failed"))

/* X(name, key, label) — what delivery does for a channel. */
#define GK_CHANNEL_KINDS(X)                                                    \
	X(WEB, "web", N_("web page (HTML and text files)"))                    \
	X(SCREEN, "screen", N_("display screen (one line of text)"))           \
	X(MANUAL, "manual", N_("by hand (no files)"))

/* X(name, key, label) — media of a coverage record. */
#define GK_COVERAGE_KINDS(X)                                                   \
	X(NEWSPAPER, "newspaper", N_("newspaper"))                             \
	X(ONLINE, "online", N_("online medium"))                               \
	X(TV, "tv", N_("television"))                                          \
	X(RADIO, "radio", N_("radio"))

#define GK_SUMMARY_MAX		 100 /* characters of 内容概述 */
#define GK_META_MAX		 64 /* characters of 主题分类, 体裁, 公开范围 */
#define GK_ISSUER_MAX		 100  /* characters of 发布机构 */
#define GK_KEYWORDS_MAX		 100  /* characters */
#define GK_INDEX_NO_MAX		 64   /* bytes of a 索引号 */
#define GK_CHANNEL_CODE_MAX	 32   /* characters: a-z, 0-9, '-' */
#define GK_REASON_MAX		 1000 /* characters of a reason or a note */
#define GK_DEFAULT_INDEX_PATTERN "<org-code>/<YYYY>-<NNNNN>"

/* Translated labels of the keys above (the key itself if unknown). */
const char *gk_validity_label(const char *key);
const char *gk_delivery_state_label(const char *key);
const char *gk_channel_kind_label(const char *key);
const char *gk_coverage_kind_label(const char *key);
/* The Chinese name of a validity key (有效, 失效, 废止), as the catalog
 * and the published pages write it in every locale (the key if unknown). */
const char *gk_validity_zh(const char *key);
/* The validity key for a key or its Chinese name (有效, 失效, 废止), or
 * NULL. */
const char *gk_validity_parse(const char *text);

struct gk_channel {
	char code[GK_CHANNEL_CODE_MAX + 1];
	char name[256];
	int position;
	int planned;	   /* 1: chosen by default */
	char kind[8];	   /* a GK_CHANNEL_KINDS key */
	char encoding[8];  /* UTF-8, GB18030 or GBK */
	char outbox[1024]; /* the folder files go to, resolved (never "") */
};

/* What the publisher fills in.  NULL means the default. */
struct gk_pub_meta {
	const char *summary;	/* 内容概述: required, ≤ GK_SUMMARY_MAX */
	const char *topic;	/* 主题分类; default "" */
	const char *genre;	/* 体裁; default "" */
	const char *issuer;	/* 发布机构; default the agency's name */
	const char *written_on; /* 成文日期 YYYY-MM-DD; default none */
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
	char published_on[11];
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

struct gk_delivery {
	char item_id[GK_ID_HEX + 1];
	char index_no[GK_INDEX_NO_MAX + 1];
	char title[GK_TITLE_MAX * 4 + 1];
	char channel[GK_CHANNEL_CODE_MAX + 1];
	char channel_name[256];
	char state[16]; /* a GK_DELIVERY_STATES key */
	char at[GK_TIME_LEN];
	char actor_login[GK_LOGIN_MAX + 1];
	int attempts;
	char files[2048]; /* paths written, one a line; "" for none */
	char note[GK_REASON_MAX * 4 + 1];
};

struct gk_coverage {
	char id[GK_ID_HEX + 1];
	char item_id[GK_ID_HEX + 1];
	char index_no[GK_INDEX_NO_MAX + 1];
	char outlet[100 * 4 + 1];
	char kind[16];			  /* a GK_COVERAGE_KINDS key */
	char appeared_on[11];		  /* YYYY-MM-DD */
	char title[GK_TITLE_MAX * 4 + 1]; /* "" when the item itself */
	char actor_login[GK_LOGIN_MAX + 1];
	char at[GK_TIME_LEN];
};

/*
 * Write the 索引号 for org_code, year, month and serial in pattern into out
 * (size bytes).  The pattern's fields are <org-code>, <YYYY>, <MM> and
 * one run of N (<NNNNN>: the serial, zero-padded to as many digits as
 * N's); everything else is copied.  GK_EINVAL when the pattern lacks
 * <YYYY> or the serial, holds an unknown <field>, or the result does not
 * fit (a serial with more digits than N's included).
 */
int gk_index_format(const char *pattern, const char *org_code, int year,
		    int month, int serial, char *out, size_t size,
		    struct gk_err *err);

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

/* The channels in order into *out (caller frees). */
int gk_channel_list(struct gk_store *store, struct gk_channel **out, int *count,
		    struct gk_err *err);

/*
 * Admin: add a channel.  code is a-z, 0-9 and '-'; name unique; kind a
 * GK_CHANNEL_KINDS key; encoding UTF-8, GB18030 or GBK; outbox a folder
 * ("" or NULL: outbox/<code> beside the database); planned 0 or 1.
 */
int gk_channel_add(struct gk_store *store, const char *actor_id,
		   const char *code, const char *name, const char *kind,
		   const char *encoding, const char *outbox, int planned,
		   struct gk_err *err);

/*
 * Deliveries, oldest first: of item_id (NULL: all items), in state (a
 * GK_DELIVERY_STATES key; NULL: any), into *out (caller frees).
 */
int gk_delivery_list(struct gk_store *store, const char *item_id,
		     const char *state, struct gk_delivery **out, int *count,
		     struct gk_err *err);

/* Publisher: mark the item's delivery to channel "delivered" or "failed",
 * with a note (required for failed), and say so in the item's history.
 * GK_EINVAL when it is already marked delivered. */
int gk_delivery_mark(struct gk_store *store, const char *actor_id,
		     const char *item_id, const char *channel,
		     const char *state, const char *note, struct gk_err *err);

/* Publisher: deliver again: write the channel's files anew (if it takes
 * files) and make the delivery pending, or failed saying why. */
int gk_delivery_resend(struct gk_store *store, const char *actor_id,
		       const char *item_id, const char *channel,
		       struct gk_err *err);

/*
 * Publisher: record that the published item (or a piece about it, title)
 * appeared in outlet, of kind (a GK_COVERAGE_KINDS key), on appeared_on
 * (YYYY-MM-DD, not before the publication and not in the future).
 */
int gk_coverage_add(struct gk_store *store, const char *actor_id,
		    const char *item_id, const char *outlet, const char *kind,
		    const char *appeared_on, const char *title,
		    struct gk_err *err);

/* Coverage records of item_id (NULL: all) appearing in year (0: any),
 * by date, into *out (caller frees). */
int gk_coverage_list(struct gk_store *store, const char *item_id, int year,
		     struct gk_coverage **out, int *count, struct gk_err *err);

/* Admin: set the agency's 索引号 pattern (checked with gk_index_format). */
int gk_index_pattern_set(struct gk_store *store, const char *actor_id,
			 const char *pattern, struct gk_err *err);

/*
 * Admin: make this station the one that allocates 索引号 from now on.
 * Take it over only after importing every change of the station that
 * allocated before (docs/architecture.md).
 */
int gk_index_station_take(struct gk_store *store, const char *actor_id,
			  struct gk_err *err);

#endif
