/*
 * agency — the agency a database belongs to: setting it up (`init`), its
 * organization code, its settings and its catalog columns (栏目).
 *
 * gk_agency_init() runs once per database: it gives this station its
 * random id, records the agency, seeds the settings, the 栏目 and the
 * default review chain from the reference data in db/, and creates the
 * first administrator.
 */
#ifndef GK_AGENCY_H
#define GK_AGENCY_H

#include "store.h"

/* X(name, key, default, what it means) — agency-wide settings (integers). */
#define GK_SETTINGS(X)                                                         \
	X(LOCKOUT_ATTEMPTS, "lockout-attempts", 5,                             \
	  N_("wrong passwords in a row that lock a login"))                    \
	X(LOCKOUT_MINUTES, "lockout-minutes", 15,                              \
	  N_("minutes a locked login stays locked"))                           \
	X(CHECKLIST_STEP, "checklist-step", 1,                                 \
	  N_("the review step that fills in the confidentiality checklist"))

/* clang-format off */
enum gk_setting {
#define GK_SETTING_ENUM(name, key, def, meaning) GK_SETTING_##name,
	GK_SETTINGS(GK_SETTING_ENUM)
#undef GK_SETTING_ENUM
	GK_SETTING_COUNT
};
/* clang-format on */

struct gk_agency {
	char id[GK_ID_HEX + 1];
	char name[401];
	char org_code[19];
	char index_station[GK_ID_HEX +
			   1];	 /* the station that allocates 索引号 */
	char index_pattern[128]; /* e.g. <org-code>/<YYYY>-<NNNNN> */
};

struct gk_category {
	char id[GK_ID_HEX + 1];
	char name[256];
};

/*
 * Check an organization code: a 9-character 组织机构代码 (GB 11714) or an
 * 18-character 统一社会信用代码 (GB 32100-2015), with its check character.
 * GK_EINVAL saying what is wrong.
 */
int gk_org_code_check(const char *code, struct gk_err *err);

/*
 * Set up a new database for the agency name with organization code
 * org_code, and its first administrator (login, display name, password).
 * GK_EEXIST when the database is already set up.
 */
int gk_agency_init(struct gk_store *store, const char *name,
		   const char *org_code, const char *admin_login,
		   const char *admin_name, const char *admin_password,
		   struct gk_err *err);

int gk_agency_get(struct gk_store *store, struct gk_agency *out,
		  struct gk_err *err);

/* Key, translated meaning and default of setting i. */
const char *gk_setting_key(int i);
const char *gk_setting_meaning(int i);
/* The value of setting s (its default when unset). */
int gk_setting_int(struct gk_store *store, enum gk_setting s, int *value,
		   struct gk_err *err);
/* Admin: set the setting called key to value (a whole number ≥ 1). */
int gk_setting_set(struct gk_store *store, const char *actor_id,
		   const char *key, const char *value, struct gk_err *err);

/* The 栏目 in catalog order into a new array *out (caller frees). */
int gk_category_list(struct gk_store *store, struct gk_category **out,
		     int *count, struct gk_err *err);
/* The id of the 栏目 called name; GK_ENOTFOUND listing the valid ones. */
int gk_category_find(struct gk_store *store, const char *name,
		     char id[GK_ID_HEX + 1], struct gk_err *err);

#define GK_REFERENCE_FIELDS_MAX 12

/*
 * Read the reference data file name embedded from db/ (a *.tsv): each
 * line that is neither empty nor a '#' comment is split at tabs into at
 * most max_fields (≤ GK_REFERENCE_FIELDS_MAX) fields and handed to
 * row(ctx, fields, n), which returns 0 or a negative GK_E* code.  Runs of
 * tabs count as one, so a file writes "-" for an empty field.  Stops at the
 * first error and returns it; GK_EIO when the file is not in this build.
 * The fields point into a copy that lives until row() returns.
 */
int gk_reference_each_row(const char *name, int max_fields,
			  int (*row)(void *ctx, char **fields, int n),
			  void *ctx, struct gk_err *err);

#endif
