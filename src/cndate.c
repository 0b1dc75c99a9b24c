#include "cndate.h"

#include <string.h>
#include <time.h>

#include "i18n.h"
#include "store.h"
#include "text.h"

/* Asia/Shanghai: UTC+8, no daylight saving since 1991. */
#define CHINA_OFFSET_S (8 * 3600)

void gk_cndate_of_ms(int64_t ms, char out[GK_DATE_LEN])
{
	/* Whole seconds towards minus infinity, so that the last
	 * millisecond before midnight stays on its day. */
	int64_t secs = ms / 1000 - (ms % 1000 < 0);
	time_t t = (time_t)(secs + CHINA_OFFSET_S);
	struct tm tm;
	out[0] = '\0';
	if (gmtime_r(&t, &tm) &&
	    strftime(out, GK_DATE_LEN, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

void gk_cndate_of_time(const char *iso, char out[GK_DATE_LEN])
{
	int64_t ms = iso ? gk_time_parse(iso) : -1;
	if (ms < 0)
		out[0] = '\0';
	else
		gk_cndate_of_ms(ms, out);
}

int gk_cndate_check_past(const char *date, const char *field, const char *today,
			 int *year, struct gk_err *err)
{
	int rc = gk_text_check_date(date, field, year, err);
	if (rc < 0)
		return rc;
	if (strcmp(date, today) > 0)
		return gk_fail(err, GK_EINVAL,
			       _("%s %s is in the future; today is %s."), field,
			       date, today);
	return 0;
}
