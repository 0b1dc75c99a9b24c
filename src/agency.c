#include "agency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "embedded.h"
#include "i18n.h"
#include "sync.h"
#include "text.h"

static const struct {
	const char *key;
	int def;
	const char *meaning;
} settings[] = {
#define GK_SETTING_ROW(name, key, def, meaning) {key, def, meaning},
    GK_SETTINGS(GK_SETTING_ROW)
#undef GK_SETTING_ROW
};

const char *gk_setting_key(int i)
{
	return settings[i].key;
}
const char *gk_setting_meaning(int i)
{
	return _(settings[i].meaning);
}

/* 组织机构代码: 8 characters 0-9A-Z, then a check character (GB 11714). */
static int org_code9_ok(const char *code)
{
	static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = code[i];
		int v = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'A' && c <= 'Z' ? c - 'A' + 10
					       : -1;
		if (v < 0)
			return 0;
		sum += v * weights[i];
	}
	int check = 11 - sum % 11;
	char expect = check == 10   ? 'X'
		      : check == 11 ? '0'
				    : (char)('0' + check);
	return code[8] == expect;
}

/* 统一社会信用代码 (GB 32100-2015): 17 characters and a check character. */
static int uscc_ok(const char *code)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int weights[17] = {1,  3,	9,  27, 19, 26, 16, 17, 20,
					29, 25, 13, 8,	24, 10, 30, 28};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		const char *p = code[i] ? strchr(alphabet, code[i]) : NULL;
		if (!p)
			return 0;
		sum += (int)(p - alphabet) * weights[i];
	}
	int check = (31 - sum % 31) % 31;
	return code[17] == alphabet[check];
}

int gk_org_code_check(const char *code, struct gk_err *err)
{
	size_t n = strlen(code);
	if (n == 9 && org_code9_ok(code))
		return 0;
	if (n == 18 && uscc_ok(code))
		return 0;
	if (n != 9 && n != 18)
		return gk_fail(err, GK_EINVAL,
			       _("'%s' is not an organization code: it has %zu "
				 "characters, not 9 (组织机构代码) or 18 "
				 "(统一社会信用代码)."),
			       code, n);
	return gk_fail(err, GK_EINVAL,
		       _("'%s' is not a valid organization code: its check "
			 "character does not match (use capital letters)."),
		       code);
}

int gk_reference_each_row(const char *name, int max_fields,
			  int (*row)(void *ctx, char **fields, int n),
			  void *ctx, struct gk_err *err)
{
	const char *text = gk_embedded_get(name);
	if (!text)
		return gk_fail(
		    err, GK_EIO,
		    _("Reference data %s is missing from this build."), name);
	char *copy = strdup(text), *save = NULL;
	if (!copy)
		return gk_fail(err, GK_ENOMEM, _("Out of memory."));
	int rc = 0;
	for (char *line = strtok_r(copy, "\n", &save); line && rc == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *fields[GK_REFERENCE_FIELDS_MAX], *fsave = NULL;
		int n = 0;
		if (max_fields > GK_REFERENCE_FIELDS_MAX)
			max_fields = GK_REFERENCE_FIELDS_MAX;
		for (char *f = strtok_r(line, "\t", &fsave);
		     f && n < max_fields; f = strtok_r(NULL, "\t", &fsave))
			fields[n++] = f;
		rc = row(ctx, fields, n);
	}
	free(copy);
	return rc;
}

struct seed {
	struct gk_store *store;
	struct gk_err *err;
	int position;
};

static int seed_category(void *ctx, char **fields, int n)
{
	struct seed *s = ctx;
	char id[GK_ID_HEX + 1];
	(void)n;
	gk_new_id(id);
	return gk_store_exec(s->store, s->err,
			     "INSERT INTO category (id, name, position) "
			     "VALUES (?, ?, ?)",
			     "ttd", id, fields[0], ++s->position);
}

static int seed_step(void *ctx, char **fields, int n)
{
	struct seed *s = ctx;
	if (n != 4)
		return gk_fail(s->err, GK_EIO,
			       _("db/review_chain.tsv: a line "
				 "does not have 4 fields."));
	return gk_store_exec(
	    s->store, s->err,
	    "INSERT INTO flow_step (step_no, name, role, scope) "
	    "VALUES (?, ?, ?, ?)",
	    "dttt", atoi(fields[0]), fields[1], fields[2], fields[3]);
}

int gk_agency_init(struct gk_store *store, const char *name,
		   const char *org_code, const char *admin_login,
		   const char *admin_name, const char *admin_password,
		   struct gk_err *err)
{
	char agency_id[GK_ID_HEX + 1], station_id[GK_ID_HEX + 1];
	char admin_id[GK_ID_HEX + 1], now[GK_TIME_LEN];
	char old_station[GK_ID_HEX + 1], pwhash[GK_PWHASH_MAX];
	int rc;

	snprintf(old_station, sizeof old_station, "%s", store->station_id);
	if ((rc = gk_text_check_line(name, _("The agency's name"), 100, err)) <
		0 ||
	    (rc = gk_org_code_check(org_code, err)) < 0 ||
	    (rc = gk_password_hash(admin_password, pwhash, err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	sqlite3_stmt *st;
	if ((rc = gk_store_row(store, err, &st, "SELECT name FROM agency",
			       "")) < 0)
		goto fail;
	if (rc) {
		rc = gk_fail(err, GK_EEXIST,
			     _("This database is already set up for %s."),
			     (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		goto fail;
	}
	gk_new_id(agency_id);
	gk_new_id(station_id);
	gk_store_now(store, now);
	if ((rc = gk_store_exec(store, err,
				"INSERT INTO local_state (key, value) "
				"VALUES ('station_id', ?)",
				"t", station_id)) < 0 ||
	    (rc = gk_store_exec(
		 store, err,
		 "INSERT INTO agency (id, name, org_code, created, "
		 "index_station) VALUES (?, ?, ?, ?, ?)",
		 "ttttt", agency_id, name, org_code, now, station_id)) < 0)
		goto fail;
	for (int i = 0; i < GK_SETTING_COUNT && rc == 0; i++) {
		char value[16];
		snprintf(value, sizeof value, "%d", settings[i].def);
		rc = gk_store_exec(
		    store, err,
		    "INSERT INTO setting (key, value) VALUES (?, ?)", "tt",
		    settings[i].key, value);
	}
	struct seed seed = {store, err, 0};
	if (rc < 0 ||
	    (rc = gk_reference_each_row("categories.tsv", 1, seed_category,
					&seed, err)) < 0 ||
	    (rc = gk_reference_each_row("review_chain.tsv", 4, seed_step, &seed,
					err)) < 0)
		goto fail;
	/* From here on the audit log writes under this station's id. */
	snprintf(store->station_id, sizeof store->station_id, "%s", station_id);
	if ((rc = gk_sync_station_create(store, NULL, admin_login, err)) < 0 ||
	    (rc = gk_user_insert(store, admin_login, admin_name, NULL,
				 GK_ROLE_ADMIN, pwhash, admin_id, err)) < 0 ||
	    (rc = gk_audit_append(store, admin_login, GK_AUDIT_INIT, agency_id,
				  name, err)) < 0 ||
	    (rc = gk_audit_append(store, admin_login, GK_AUDIT_USER_ADD,
				  admin_id, admin_login, err)) < 0)
		goto fail;
	if ((rc = gk_store_commit(store, err)) < 0)
		goto fail_station;
	return 0;
fail:
	gk_store_rollback(store);
fail_station:
	/* Only this call set the station; a refused init keeps the old one. */
	snprintf(store->station_id, sizeof store->station_id, "%s",
		 old_station);
	return rc;
}

int gk_agency_get(struct gk_store *store, struct gk_agency *out,
		  struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT id, name, org_code, index_station, "
			      "index_pattern FROM agency",
			      "");
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND,
			       _("This database has not been set up; run "
				 "'gongkai init' first."));
	gk_col_copy(st, 0, out->id, sizeof out->id);
	gk_col_copy(st, 1, out->name, sizeof out->name);
	gk_col_copy(st, 2, out->org_code, sizeof out->org_code);
	gk_col_copy(st, 3, out->index_station, sizeof out->index_station);
	gk_col_copy(st, 4, out->index_pattern, sizeof out->index_pattern);
	sqlite3_finalize(st);
	return 0;
}

int gk_setting_int(struct gk_store *store, enum gk_setting s, int *value,
		   struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT value FROM setting WHERE key = ?", "t",
			      settings[s].key);
	if (rc < 0)
		return rc;
	*value = settings[s].def;
	if (rc) {
		*value = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return 0;
}

/* What a setting's value must also satisfy beyond 1 … 100000. */
static int check_setting(struct gk_store *store, int i, long v,
			 struct gk_err *err)
{
	if (i != GK_SETTING_CHECKLIST_STEP)
		return 0;
	sqlite3_stmt *st;
	int rc =
	    gk_store_row(store, err, &st, "SELECT count(*) FROM flow_step", "");
	if (rc < 0)
		return rc;
	long steps = rc ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (v > steps)
		return gk_fail(
		    err, GK_EINVAL,
		    _("The review chain has %ld steps; the checklist "
		      "cannot be filled at step %ld."),
		    steps, v);
	return 0;
}

int gk_setting_set(struct gk_store *store, const char *actor_id,
		   const char *key, const char *value, struct gk_err *err)
{
	struct gk_user actor;
	int i = 0, rc;

	while (i < GK_SETTING_COUNT && strcmp(key, settings[i].key) != 0)
		i++;
	if (i == GK_SETTING_COUNT)
		return gk_fail(err, GK_EINVAL, _("Unknown setting '%s'."), key);
	char *end;
	long v = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || v < 1 || v > 100000)
		return gk_fail(err, GK_EINVAL,
			       _("The setting %s takes a whole number from 1 "
				 "to 100000, not '%s'."),
			       key, value);
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	char detail[128], canonical[16];
	snprintf(canonical, sizeof canonical, "%ld", v);
	snprintf(detail, sizeof detail, "%s=%ld", key, v);
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) == 0 &&
	    (rc = check_setting(store, i, v, err)) == 0 &&
	    (rc = gk_store_exec(
		 store, err,
		 "INSERT INTO setting (key, value) VALUES (?, ?) "
		 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		 "tt", key, canonical)) == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_SETTING, "",
				     detail, err);
	return gk_store_end(store, rc, err);
}

static int fill_category(void *ctx, void *elem, sqlite3_stmt *st,
			 struct gk_err *err)
{
	struct gk_category *c = elem;
	(void)ctx;
	(void)err;
	gk_col_copy(st, 0, c->id, sizeof c->id);
	gk_col_copy(st, 1, c->name, sizeof c->name);
	return 0;
}

int gk_category_list(struct gk_store *store, struct gk_category **out,
		     int *count, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(
	    store, err, &st, "SELECT id, name FROM category ORDER BY position",
	    "");
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_category, NULL,
				NULL, out, count, err);
}

int gk_category_find(struct gk_store *store, const char *name,
		     char id[GK_ID_HEX + 1], struct gk_err *err)
{
	struct gk_category *list;
	int n, rc = gk_category_list(store, &list, &n, err);
	if (rc < 0)
		return rc;
	char names[1024] = "";
	size_t used = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(list[i].name, name) == 0) {
			snprintf(id, GK_ID_HEX + 1, "%s", list[i].id);
			free(list);
			return 0;
		}
		used += (size_t)snprintf(
		    names + used, used < sizeof names ? sizeof names - used : 0,
		    "%s%s", used ? "、" : "", list[i].name);
	}
	free(list);
	return gk_fail(err, GK_ENOTFOUND,
		       _("No category (栏目) '%s'; the categories are: %s."),
		       name, names);
}
