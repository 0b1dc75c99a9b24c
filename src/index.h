/*
 * index — the 索引号 of published items: how they read (the agency's
 * pattern), which station hands them out, and the next one of a year.
 *
 * Rules the core keeps, whatever front end calls it:
 * - a 索引号 is assigned once, inside the publishing transaction, as the
 *   next serial of the publication year: gap-free per year, unique, never
 *   reused (the publication table's UNIQUE constraints are the last
 *   guard);
 * - only the agency's index station (agency.index_station) allocates, so
 *   two stations never hand out the same number; an administrator moves
 *   the allocation, after importing every change of the old station
 *   (docs/architecture.md, "索引号 across stations");
 * - the pattern only shapes new numbers: a number once given never
 *   changes.
 * Callers: gk_index_next reads inside the caller's transaction (publish.c
 * holds the write lock while it allocates); the admin calls open their
 * own.
 */
#ifndef GK_INDEX_H
#define GK_INDEX_H

#include <stddef.h>

#include "err.h"
#include "store.h"

#define GK_INDEX_NO_MAX		 64 /* bytes of a 索引号 */
#define GK_DEFAULT_INDEX_PATTERN "<org-code>/<YYYY>-<NNNNN>"

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
 * The 索引号 the next publication of year (published in month) gets, by
 * the agency's pattern, into index_no, and its serial into *serial
 * (unless NULL).  Read inside the caller's transaction: within a write
 * transaction this is the allocation, outside it only a preview.
 */
int gk_index_next(struct gk_store *store, int year, int month,
		  char index_no[GK_INDEX_NO_MAX + 1], int *serial,
		  struct gk_err *err);

/* 0 when this station allocates 索引号; else GK_EDENIED saying which
 * station does and how an administrator moves the allocation. */
int gk_index_require_station(struct gk_store *store, struct gk_err *err);

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
