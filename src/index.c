/*
 * index — the 索引号: the pattern they follow, the station that allocates
 * them and the next serial of a year (index.h).
 */
#include "index.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "i18n.h"
#include "sync.h"
#include "text.h"

/* Append n bytes of s to out at *used; 0, or -1 when it does not fit. */
static int append(char *out, size_t size, size_t *used, const char *s, size_t n)
{
	if (*used + n + 1 > size)
		return -1;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return 0;
}

int gk_index_format(const char *pattern, const char *org_code, int year,
		    int month, int serial, char *out, size_t size,
		    struct gk_err *err)
{
	size_t used = 0;
	int has_year = 0, has_serial = 0, fits = 1;
	char number[32];

	if (size)
		out[0] = '\0';
	for (const char *p = pattern; *p;) {
		if (*p != '<') {
			size_t n = strcspn(p, "<");
			fits &= append(out, size, &used, p, n) == 0;
			p += n;
			continue;
		}
		const char *end = strchr(p, '>');
		if (!end)
			return gk_fail(err, GK_EINVAL,
				       _("The 索引号 pattern '%s' has a '<' "
					 "that no '>' closes."),
				       pattern);
		size_t n = (size_t)(end - p - 1);
		const char *field = p + 1;
		if (n == 8 && strncmp(field, "org-code", 8) == 0) {
			fits &= append(out, size, &used, org_code,
				       strlen(org_code)) == 0;
		} else if (n == 4 && strncmp(field, "YYYY", 4) == 0) {
			has_year = 1;
			snprintf(number, sizeof number, "%04d", year);
			fits &= append(out, size, &used, number,
				       strlen(number)) == 0;
		} else if (n == 2 && strncmp(field, "MM", 2) == 0) {
			snprintf(number, sizeof number, "%02d", month);
			fits &= append(out, size, &used, number, 2) == 0;
		} else if (n >= 1 && n <= 9 && strspn(field, "N") == n) {
			if (has_serial++)
				return gk_fail(err, GK_EINVAL,
					       _("The 索引号 pattern '%s' has "
						 "more than one serial "
						 "field."),
					       pattern);
			int digits = snprintf(number, sizeof number, "%0*d",
					      (int)n, serial);
			if (serial < 1 || digits > (int)n)
				return gk_fail(err, GK_EINVAL,
					       _("Serial %d does not fit the "
						 "%zu digits of the 索引号 "
						 "pattern '%s'."),
					       serial, n, pattern);
			fits &= append(out, size, &used, number, n) == 0;
		} else {
			return gk_fail(err, GK_EINVAL,
				       _("The 索引号 pattern '%s' has an "
					 "unknown field <%.*s>; the fields are "
					 "<org-code>, <YYYY>, <MM> and a run "
					 "of N such as <NNNNN>."),
				       pattern, (int)n, field);
		}
		p = end + 1;
	}
	if (!has_year)
		return gk_fail(err, GK_EINVAL,
			       _("The 索引号 pattern '%s' has no <YYYY>, the "
				 "year of publication."),
			       pattern);
	if (!has_serial)
		return gk_fail(err, GK_EINVAL,
			       _("The 索引号 pattern '%s' has no serial "
				 "field such as <NNNNN>."),
			       pattern);
	if (!fits || used > GK_INDEX_NO_MAX)
		return gk_fail(err, GK_EINVAL,
			       _("The 索引号 of pattern '%s' would be longer "
				 "than %d bytes."),
			       pattern, GK_INDEX_NO_MAX);
	return 0;
}

/* ---- the agency's pattern and index station ---- */

/* What of the agency row the 索引号 need. */
struct agency {
	char org_code[19];
	char index_station[GK_ID_HEX + 1];
	char index_pattern[256];
};

static int load_agency(struct gk_store *store, struct agency *out,
		       struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT org_code, index_station, "
			      "index_pattern FROM agency LIMIT 1",
			      "");
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_store_require_init(store, err) < 0
			   ? err->code
			   : gk_fail(err, GK_ENOTFOUND,
				     _("This database has no agency."));
	gk_col_copy(st, 0, out->org_code, sizeof out->org_code);
	gk_col_copy(st, 1, out->index_station, sizeof out->index_station);
	gk_col_copy(st, 2, out->index_pattern, sizeof out->index_pattern);
	sqlite3_finalize(st);
	return 0;
}

/* GK_EDENIED unless this station allocates 索引号. */
static int require_index_station(struct gk_store *store,
				 const struct agency *agency,
				 struct gk_err *err)
{
	char name[GK_STATION_NAME_MAX * 4 + 16];
	if (store->station_id[0] &&
	    strcmp(agency->index_station, store->station_id) == 0)
		return 0;
	gk_sync_station_label(store, agency->index_station, name, sizeof name);
	return gk_fail(err, GK_EDENIED,
		       _("索引号 are allocated by station %s, not by this "
			 "one (%.8s): publish there, or an administrator can "
			 "make this station the one that allocates them "
			 "('gongkai index take', once every change of %s is "
			 "here)."),
		       agency->index_station[0] ? name : _("(none)"),
		       store->station_id, name);
}

int gk_index_require_station(struct gk_store *store, struct gk_err *err)
{
	struct agency agency;
	int rc = load_agency(store, &agency, err);
	return rc < 0 ? rc : require_index_station(store, &agency, err);
}

int gk_index_next(struct gk_store *store, int year, int month,
		  char index_no[GK_INDEX_NO_MAX + 1], int *serial,
		  struct gk_err *err)
{
	struct agency agency;
	sqlite3_stmt *st;
	int next, rc;

	index_no[0] = '\0';
	if ((rc = load_agency(store, &agency, err)) < 0 ||
	    (rc = gk_store_row(store, err, &st,
			       "SELECT coalesce(max(serial), 0) + 1 "
			       "FROM publication WHERE year = ?",
			       "d", year)) < 0)
		return rc;
	next = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (serial)
		*serial = next;
	return gk_index_format(agency.index_pattern, agency.org_code, year,
			       month, next, index_no, GK_INDEX_NO_MAX + 1, err);
}

/* ---- who allocates 索引号, and how they read ---- */

int gk_index_pattern_set(struct gk_store *store, const char *actor_id,
			 const char *pattern, struct gk_err *err)
{
	struct gk_user actor;
	struct agency agency;
	char sample[GK_INDEX_NO_MAX + 1];
	int rc;

	if ((rc = gk_text_check_line(pattern ? pattern : "",
				     _("The 索引号 pattern"), GK_INDEX_NO_MAX,
				     err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = load_agency(store, &agency, err)) < 0 ||
	    (rc = gk_index_format(pattern, agency.org_code, 2026, 12, 1, sample,
				  sizeof sample, err)) < 0 ||
	    (rc = gk_store_exec(store, err,
				"UPDATE agency SET index_pattern = ?", "t",
				pattern)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_INDEX_SETTING,
			     "index-pattern", pattern, err);
done:
	return gk_store_end(store, rc, err);
}

int gk_index_station_take(struct gk_store *store, const char *actor_id,
			  struct gk_err *err)
{
	struct gk_user actor;
	struct agency agency;
	char detail[96];
	int rc;

	if ((rc = gk_store_require_init(store, err)) < 0 ||
	    (rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = load_agency(store, &agency, err)) < 0)
		goto done;
	if (strcmp(agency.index_station, store->station_id) == 0) {
		rc = gk_fail(err, GK_EEXIST,
			     _("This station already allocates 索引号."));
		goto done;
	}
	snprintf(detail, sizeof detail, "index-station %.8s -> %.8s",
		 agency.index_station, store->station_id);
	if ((rc = gk_store_exec(store, err,
				"UPDATE agency SET index_station = ?", "t",
				store->station_id)) < 0)
		goto done;
	rc = gk_audit_append(store, actor.login, GK_AUDIT_INDEX_SETTING,
			     "index-station", detail, err);
done:
	return gk_store_end(store, rc, err);
}
