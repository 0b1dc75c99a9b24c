/*
 * coverage — media coverage (稿件刊发): where a published item, or a
 * piece about it, appeared, for the annual report's count of
 * 政府信息公开 in newspapers, online, on television and radio.
 *
 * Rules the core keeps, whatever front end calls it:
 * - only a holder of role publisher records coverage, and only of an
 *   item that is published (or was: a withdrawn item's coverage stays);
 * - the date it appeared is a real date in China, not in the future and
 *   not before the publication (gk_coverage_check_date, which the forms
 *   call too);
 * - the same record (item, outlet, kind, date, title) is kept once;
 * - recording is one write transaction with the item's event and the
 *   audit entry.
 * Arrays returned through out-parameters are the caller's to free().
 */
#ifndef GK_COVERAGE_H
#define GK_COVERAGE_H

#include "publish.h"

/* X(name, key, label) — media of a coverage record. */
#define GK_COVERAGE_KINDS(X)                                                   \
	X(NEWSPAPER, "newspaper", N_("newspaper"))                             \
	X(ONLINE, "online", N_("online medium"))                               \
	X(TV, "tv", N_("television"))                                          \
	X(RADIO, "radio", N_("radio"))

/* Translated label of a medium's key (the key itself if unknown). */
const char *gk_coverage_kind_label(const char *key);

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
 * 0 when date may be the day a piece appeared about a publication of
 * published_on: a real date (YYYY-MM-DD), not in the future (today by
 * the store's clock, in China), not before published_on (not compared
 * when NULL).  Else GK_EINVAL with the sentence to show.
 */
int gk_coverage_check_date(struct gk_store *store, const char *date,
			   const char *published_on, struct gk_err *err);

/*
 * Publisher: record that the published item (or a piece about it, title)
 * appeared in outlet, of kind (a GK_COVERAGE_KINDS key or its Chinese
 * name), on appeared_on (NULL or "": today; checked with
 * gk_coverage_check_date).
 */
int gk_coverage_add(struct gk_store *store, const char *actor_id,
		    const char *item_id, const char *outlet, const char *kind,
		    const char *appeared_on, const char *title,
		    struct gk_err *err);

/* Coverage records of item_id (NULL: all) appearing in year (0: any),
 * by date, into *out (caller frees). */
int gk_coverage_list(struct gk_store *store, const char *item_id, int year,
		     struct gk_coverage **out, int *count, struct gk_err *err);

#endif
