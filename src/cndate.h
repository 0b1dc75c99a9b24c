/*
 * cndate — dates as the agency writes them: the civil date in China
 * (Asia/Shanghai) of an instant, and the check that a date typed by a
 * person is a real one that has come.
 *
 * Times are stored in UTC (store.h); every date on a record a person
 * reads (发布日期, 成文日期, the day something ended or appeared) is the
 * date in China, whatever TZ the program runs under.  Asia/Shanghai has
 * been UTC+8 all year since 1991 (no daylight saving), so the date is
 * the UTC date of the instant eight hours later: no time-zone database
 * is read.  Pure functions: no store, no allocation.
 */
#ifndef GK_CNDATE_H
#define GK_CNDATE_H

#include <stdint.h>

#include "err.h"

#define GK_DATE_LEN 11 /* "YYYY-MM-DD" and its NUL */

/* The date in China of the instant ms (milliseconds since the epoch),
 * YYYY-MM-DD, into out. */
void gk_cndate_of_ms(int64_t ms, char out[GK_DATE_LEN]);

/* The same for a UTC time as gk_time_format writes it; "" when iso is
 * not such a time. */
void gk_cndate_of_time(const char *iso, char out[GK_DATE_LEN]);

/*
 * 0 when date is a real date written YYYY-MM-DD (gk_text_check_date) and
 * not after today (a date in China, YYYY-MM-DD); its year into *year
 * unless NULL.  Else GK_EINVAL naming field (translated, as a sentence
 * begins: "The end date"): "FIELD: DATE is not a real date." or
 * "FIELD DATE is in the future; today is TODAY."
 */
int gk_cndate_check_past(const char *date, const char *field, const char *today,
			 int *year, struct gk_err *err);

#endif
