#include "auth.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "audit.h"
#include "i18n.h"
#include "text.h"

static const struct {
	const char *key, *label;
} roles[] = {
#define GK_ROLE_ROW(name, key, label) {key, label},
    GK_ROLES(GK_ROLE_ROW)
#undef GK_ROLE_ROW
};

static const struct {
	const char *key, *label;
} dept_kinds[] = {
#define GK_KIND_ROW(name, key, label) {key, label},
    GK_DEPT_KINDS(GK_KIND_ROW)
#undef GK_KIND_ROW
};

#define N_KINDS (sizeof dept_kinds / sizeof dept_kinds[0])

const char *gk_role_key(int i)
{
	return roles[i].key;
}
const char *gk_role_label(int i)
{
	return _(roles[i].label);
}

int gk_role_index(const char *key)
{
	for (int i = 0; i < GK_ROLE_COUNT; i++)
		if (strcmp(key, roles[i].key) == 0)
			return i;
	return -1;
}

int gk_role_parse(const char *list, unsigned *mask, struct gk_err *err)
{
	char buf[256];
	*mask = 0;
	if (snprintf(buf, sizeof buf, "%s", list) >= (int)sizeof buf)
		return gk_fail(err, GK_EINVAL,
			       _("The list of roles is too long."));
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int i = gk_role_index(tok);
		if (i < 0)
			return gk_fail(
			    err, GK_EINVAL,
			    _("Unknown role '%s'; the roles are "
			      "drafter, dept-head, deputy, director, "
			      "publisher and admin."),
			    tok);
		*mask |= 1u << i;
	}
	if (!*mask)
		return gk_fail(err, GK_EINVAL, _("Name at least one role."));
	return 0;
}

void gk_role_format(unsigned mask, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < GK_ROLE_COUNT; i++)
		if (mask & (1u << i))
			used += (size_t)snprintf(
			    out + used, used < size ? size - used : 0, "%s%s",
			    used ? "," : "", roles[i].key);
}

const char *gk_dept_kind_label(const char *key)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (strcmp(key, dept_kinds[i].key) == 0)
			return _(dept_kinds[i].label);
	return key;
}

/* Roles as a mask from the user_role rows of user_id. */
static int load_roles(struct gk_store *store, const char *user_id,
		      unsigned *mask, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(store, err, &st,
			       "SELECT role FROM user_role WHERE user_id = ?",
			       "t", user_id);
	if (rc < 0)
		return rc;
	*mask = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = gk_role_index((const char *)sqlite3_column_text(st, 0));
		if (i >= 0)
			*mask |= 1u << i;
	}
	rc = rc == SQLITE_DONE ? 0 : gk_store_dberr(store, err);
	sqlite3_finalize(st);
	return rc;
}

int gk_user_load(struct gk_store *store, const char *key, int by_login,
		 struct gk_user *out, struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(
	    store, err, &st,
	    by_login ? "SELECT u.id, u.login, u.name, u.dept_id, d.name, "
		       "l.failed, l.locked_until FROM user u "
		       "LEFT JOIN dept d ON d.id = u.dept_id "
		       "LEFT JOIN login_state l ON l.user_id = u.id "
		       "WHERE u.login = ?"
		     : "SELECT u.id, u.login, u.name, u.dept_id, d.name, "
		       "l.failed, l.locked_until FROM user u "
		       "LEFT JOIN dept d ON d.id = u.dept_id "
		       "LEFT JOIN login_state l ON l.user_id = u.id "
		       "WHERE u.id = ?",
	    "t", key);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND, _("No user '%s'."), key);
	memset(out, 0, sizeof *out);
	gk_col_copy(st, 0, out->id, sizeof out->id);
	gk_col_copy(st, 1, out->login, sizeof out->login);
	gk_col_copy(st, 2, out->name, sizeof out->name);
	gk_col_copy(st, 3, out->dept_id, sizeof out->dept_id);
	gk_col_copy(st, 4, out->dept_name, sizeof out->dept_name);
	out->failed = sqlite3_column_int(st, 5);
	gk_col_copy(st, 6, out->locked_until, sizeof out->locked_until);
	sqlite3_finalize(st);
	return load_roles(store, out->id, &out->roles, err);
}

int gk_user_require(struct gk_store *store, const char *actor_id, unsigned role,
		    struct gk_user *out, struct gk_err *err)
{
	int rc = gk_user_load(store, actor_id, 0, out, err);
	if (rc < 0)
		return rc;
	if (!role || (out->roles & role))
		return 0;
	int i = 0;
	while (i < GK_ROLE_COUNT - 1 && !(role & (1u << i)))
		i++;
	return gk_fail(err, GK_EDENIED,
		       _("This needs the role %s, which %s does not hold."),
		       gk_role_label(i), out->login);
}

int gk_password_check(const char *password, struct gk_err *err)
{
	if (gk_text_chars(password) < 8)
		return gk_fail(err, GK_EINVAL,
			       _("A password needs at least 8 characters."));
	return 0;
}

_Static_assert(crypto_pwhash_STRBYTES <= GK_PWHASH_MAX,
	       "GK_PWHASH_MAX holds libsodium's hash strings");

/* The cost of a new hash: libsodium's interactive one (64 MiB, 2 passes;
 * a hash carries its cost, so a check costs what its hash did).  The test
 * build (Makefile: TEST_LIB, TEST_BIN) compiles this file alone with
 * GK_TEST_PWHASH_COST for the least cost Argon2id allows, so the tests'
 * thousands of logins do not spend minutes hashing; the release build has
 * no way to choose it, and tests/checks.sh checks that bin/gongkai hashes
 * at the interactive cost. */
#ifdef GK_TEST_PWHASH_COST
#define PWHASH_OPSLIMIT crypto_pwhash_OPSLIMIT_MIN
#define PWHASH_MEMLIMIT crypto_pwhash_MEMLIMIT_MIN
#else
#define PWHASH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
#endif

int gk_password_hash(const char *password, char out[GK_PWHASH_MAX],
		     struct gk_err *err)
{
	int rc = gk_password_check(password, err);
	if (rc < 0)
		return rc;
	if (crypto_pwhash_str(out, password, strlen(password), PWHASH_OPSLIMIT,
			      PWHASH_MEMLIMIT) != 0)
		return gk_fail(err, GK_ENOMEM,
			       _("Not enough memory to hash the password."));
	return 0;
}

static int check_login_name(const char *login, struct gk_err *err)
{
	size_t n = strlen(login);
	int ok = n >= 1 && n <= GK_LOGIN_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = (login[i] >= 'a' && login[i] <= 'z') ||
		     (login[i] >= 'A' && login[i] <= 'Z') ||
		     (login[i] >= '0' && login[i] <= '9') ||
		     strchr("._-", login[i]);
	if (!ok)
		return gk_fail(err, GK_EINVAL,
			       _("A login is 1 to %d letters, digits, '.', "
				 "'_' or '-' (not '%s')."),
			       GK_LOGIN_MAX, login);
	return 0;
}

int gk_user_insert(struct gk_store *store, const char *login, const char *name,
		   const char *dept_id, unsigned mask, const char *pwhash,
		   char out_id[GK_ID_HEX + 1], struct gk_err *err)
{
	char now[GK_TIME_LEN];
	sqlite3_stmt *st;
	int rc;

	if ((rc = check_login_name(login, err)) < 0 ||
	    (rc = gk_text_check_line(name, _("The name"), GK_NAME_MAX, err)) <
		0)
		return rc;
	if (!mask)
		return gk_fail(err, GK_EINVAL, _("Name at least one role."));
	if ((rc = gk_store_row(store, err, &st,
			       "SELECT 1 FROM user WHERE login = ?", "t",
			       login)) < 0)
		return rc;
	if (rc) {
		sqlite3_finalize(st);
		return gk_fail(err, GK_EEXIST,
			       _("There is already a user '%s'."), login);
	}
	gk_new_id(out_id);
	gk_store_now(store, now);
	rc =
	    gk_store_exec(store, err,
			  "INSERT INTO user (id, login, name, dept_id, pwhash, "
			  "created) VALUES (?, ?, ?, ?, ?, ?)",
			  "tttttt", out_id, login, name, dept_id, pwhash, now);
	for (int i = 0; rc == 0 && i < GK_ROLE_COUNT; i++)
		if (mask & (1u << i))
			rc = gk_store_exec(
			    store, err,
			    "INSERT INTO user_role (user_id, role) "
			    "VALUES (?, ?)",
			    "tt", out_id, roles[i].key);
	return rc;
}

/* Record a failed attempt and commit it: the failure must stay recorded
 * even though the caller is refused. */
static int login_failed(struct gk_store *store, const char *login,
			const struct gk_user *user, const char *detail,
			int lock_now, int lock_minutes, struct gk_err *err)
{
	struct gk_err ignored;
	if (gk_store_begin(store, &ignored) < 0)
		return 0;
	int rc = 0;
	if (user && lock_now) {
		char until[GK_TIME_LEN];
		gk_time_format(gk_store_now_ms(store) +
				   (int64_t)lock_minutes * 60000,
			       until);
		rc = gk_store_exec(
		    store, &ignored,
		    "INSERT INTO login_state (user_id, failed, locked_until) "
		    "VALUES (?, 0, ?) ON CONFLICT (user_id) DO UPDATE SET "
		    "failed = 0, locked_until = excluded.locked_until",
		    "tt", user->id, until);
	} else if (user) {
		rc = gk_store_exec(store, &ignored,
				   "INSERT INTO login_state (user_id, failed) "
				   "VALUES (?, 1) ON CONFLICT (user_id) DO "
				   "UPDATE SET failed = failed + 1",
				   "t", user->id);
	}
	if (rc == 0)
		rc = gk_audit_append(store, login,
				     lock_now ? GK_AUDIT_LOCKED
					      : GK_AUDIT_LOGIN_FAILED,
				     user ? user->id : "", detail, &ignored);
	gk_store_end(store, rc, &ignored);
	(void)err;
	return 0;
}

int gk_auth_login(struct gk_store *store, const char *login,
		  const char *password, struct gk_user *out, struct gk_err *err)
{
	struct gk_user user;
	struct gk_err lookup;
	int attempts, minutes, rc;

	if ((rc = gk_store_require_init(store, err)) < 0 ||
	    (rc = gk_setting_int(store, GK_SETTING_LOCKOUT_ATTEMPTS, &attempts,
				 err)) < 0 ||
	    (rc = gk_setting_int(store, GK_SETTING_LOCKOUT_MINUTES, &minutes,
				 err)) < 0)
		return rc;
	rc = gk_user_load(store, login, 1, &user, &lookup);
	if (rc == GK_ENOTFOUND) {
		/* Spend the time a real check takes, so that the answer's
		 * speed does not tell which logins exist. */
		char wasted[crypto_pwhash_STRBYTES];
		if (crypto_pwhash_str(wasted, password, strlen(password),
				      PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0)
			wasted[0] = '\0';
		login_failed(store, login, NULL, "no such login", 0, 0, err);
		return gk_fail(err, GK_EAUTH, _("Wrong login or password."));
	}
	if (rc < 0)
		return gk_fail(err, rc, "%s", lookup.msg);

	int64_t until =
	    user.locked_until[0] ? gk_time_parse(user.locked_until) : -1;
	if (until > gk_store_now_ms(store)) {
		char local[GK_TIME_LEN];
		gk_time_local(until, local);
		login_failed(store, login, NULL, "locked", 0, 0, err);
		return gk_fail(err, GK_EAUTH,
			       _("The login %s is locked until %s after too "
				 "many wrong passwords; an administrator can "
				 "unlock it."),
			       login, local);
	}
	sqlite3_stmt *st;
	if ((rc = gk_store_row(store, err, &st,
			       "SELECT pwhash FROM user WHERE id = ?", "t",
			       user.id)) <= 0)
		return rc < 0 ? rc
			      : gk_fail(err, GK_EAUTH,
					_("Wrong login or password."));
	int good =
	    crypto_pwhash_str_verify((const char *)sqlite3_column_text(st, 0),
				     password, strlen(password)) == 0;
	sqlite3_finalize(st);
	if (!good) {
		int lock_now = user.failed + 1 >= attempts;
		login_failed(store, login, &user, "wrong password", lock_now,
			     minutes, err);
		if (lock_now)
			return gk_fail(err, GK_EAUTH,
				       _("Wrong password; after %d in a row "
					 "the login %s is locked for %d "
					 "minutes."),
				       attempts, login, minutes);
		return gk_fail(err, GK_EAUTH, _("Wrong login or password."));
	}
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	rc = gk_store_exec(store, err,
			   "DELETE FROM login_state WHERE user_id = ?", "t",
			   user.id);
	if (rc == 0)
		rc = gk_audit_append(store, login, GK_AUDIT_LOGIN, user.id, "",
				     err);
	if ((rc = gk_store_end(store, rc, err)) < 0)
		return rc;
	user.failed = 0;
	user.locked_until[0] = '\0';
	*out = user;
	return 0;
}

static int find_deputy(struct gk_store *store, const char *login,
		       struct gk_user *deputy, struct gk_err *err)
{
	int rc = gk_user_load(store, login, 1, deputy, err);
	if (rc < 0)
		return rc;
	if (!(deputy->roles & GK_ROLE_DEPUTY))
		return gk_fail(err, GK_EINVAL,
			       _("%s cannot be a department's deputy: they do "
				 "not hold the role deputy."),
			       login);
	return 0;
}

static int dept_by_name(struct gk_store *store, const char *name,
			char id[GK_ID_HEX + 1], struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_row(store, err, &st,
			      "SELECT id FROM dept WHERE name = ?", "t", name);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gk_fail(err, GK_ENOTFOUND, _("No department '%s'."),
			       name);
	gk_col_copy(st, 0, id, GK_ID_HEX + 1);
	sqlite3_finalize(st);
	return 0;
}

int gk_dept_add(struct gk_store *store, const char *actor_id, const char *name,
		const char *kind, const char *deputy_login,
		char out_id[GK_ID_HEX + 1], struct gk_err *err)
{
	struct gk_user actor, deputy;
	char now[GK_TIME_LEN], existing[GK_ID_HEX + 1];
	struct gk_err probe;
	size_t k = 0;
	int rc;

	while (k < N_KINDS && strcmp(kind, dept_kinds[k].key) != 0)
		k++;
	if (k == N_KINDS)
		return gk_fail(err, GK_EINVAL,
			       _("Unknown kind of department '%s'; the kinds "
				 "are office, industry, institution and "
				 "leadership."),
			       kind);
	if ((rc = gk_text_check_line(name, _("The department's name"),
				     GK_NAME_MAX, err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0)
		goto done;
	if (deputy_login &&
	    (rc = find_deputy(store, deputy_login, &deputy, err)) < 0)
		goto done;
	if (dept_by_name(store, name, existing, &probe) == 0) {
		rc = gk_fail(err, GK_EEXIST,
			     _("There is already a department '%s'."), name);
		goto done;
	}
	gk_new_id(out_id);
	gk_store_now(store, now);
	rc = gk_store_exec(
	    store, err,
	    "INSERT INTO dept (id, name, kind, deputy_id, created) "
	    "VALUES (?, ?, ?, ?, ?)",
	    "ttttt", out_id, name, kind, deputy_login ? deputy.id : NULL, now);
	if (rc == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_DEPT_ADD,
				     out_id, name, err);
done:
	return gk_store_end(store, rc, err);
}

int gk_dept_set_deputy(struct gk_store *store, const char *actor_id,
		       const char *dept_name, const char *deputy_login,
		       struct gk_err *err)
{
	struct gk_user actor, deputy;
	char dept_id[GK_ID_HEX + 1];
	int rc;

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = dept_by_name(store, dept_name, dept_id, err)) < 0)
		goto done;
	if (deputy_login &&
	    (rc = find_deputy(store, deputy_login, &deputy, err)) < 0)
		goto done;
	rc = gk_store_exec(store, err,
			   "UPDATE dept SET deputy_id = ? WHERE id = ?", "tt",
			   deputy_login ? deputy.id : NULL, dept_id);
	if (rc == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_DEPT_DEPUTY,
				     dept_id, deputy_login ? deputy_login : "",
				     err);
done:
	return gk_store_end(store, rc, err);
}

static int fill_dept(void *ctx, void *elem, sqlite3_stmt *st,
		     struct gk_err *err)
{
	struct gk_dept *d = elem;
	(void)ctx;
	(void)err;
	gk_col_copy(st, 0, d->id, sizeof d->id);
	gk_col_copy(st, 1, d->name, sizeof d->name);
	gk_col_copy(st, 2, d->kind, sizeof d->kind);
	gk_col_copy(st, 3, d->deputy_login, sizeof d->deputy_login);
	gk_col_copy(st, 4, d->deputy_name, sizeof d->deputy_name);
	return 0;
}

int gk_dept_list(struct gk_store *store, struct gk_dept **out, int *count,
		 struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc =
	    gk_store_prep(store, err, &st,
			  "SELECT d.id, d.name, d.kind, u.login, u.name "
			  "FROM dept d LEFT JOIN user u ON u.id = d.deputy_id "
			  "ORDER BY d.name",
			  "");
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_dept, NULL, NULL,
				out, count, err);
}

int gk_user_add(struct gk_store *store, const char *actor_id, const char *login,
		const char *name, const char *dept_name, unsigned mask,
		const char *password, char out_id[GK_ID_HEX + 1],
		struct gk_err *err)
{
	struct gk_user actor;
	char dept_id[GK_ID_HEX + 1], pwhash[GK_PWHASH_MAX];
	int rc;

	if ((rc = gk_password_hash(password, pwhash, err)) < 0 ||
	    (rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = dept_by_name(store, dept_name, dept_id, err)) < 0 ||
	    (rc = gk_user_insert(store, login, name, dept_id, mask, pwhash,
				 out_id, err)) < 0)
		goto done;
	char detail[512], keys[128];
	gk_role_format(mask, keys, sizeof keys);
	snprintf(detail, sizeof detail, "%s %s %s", login, dept_name, keys);
	rc = gk_audit_append(store, actor.login, GK_AUDIT_USER_ADD, out_id,
			     detail, err);
done:
	return gk_store_end(store, rc, err);
}

int gk_user_unlock(struct gk_store *store, const char *actor_id,
		   const char *login, struct gk_err *err)
{
	struct gk_user actor, user;
	int rc;

	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, GK_ROLE_ADMIN, &actor,
				  err)) < 0 ||
	    (rc = gk_user_load(store, login, 1, &user, err)) < 0)
		goto done;
	rc = gk_store_exec(store, err,
			   "DELETE FROM login_state WHERE user_id = ?", "t",
			   user.id);
	if (rc == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_USER_UNLOCK,
				     user.id, login, err);
done:
	return gk_store_end(store, rc, err);
}

int gk_user_passwd(struct gk_store *store, const char *actor_id,
		   const char *login, const char *password, struct gk_err *err)
{
	struct gk_user actor, user;
	char pwhash[GK_PWHASH_MAX];
	int rc;

	if ((rc = gk_password_hash(password, pwhash, err)) < 0)
		return rc;
	if ((rc = gk_store_begin(store, err)) < 0)
		return rc;
	if ((rc = gk_user_require(store, actor_id, 0, &actor, err)) < 0 ||
	    (rc = gk_user_load(store, login, 1, &user, err)) < 0)
		goto done;
	if (strcmp(actor.id, user.id) != 0 && !(actor.roles & GK_ROLE_ADMIN)) {
		rc = gk_fail(err, GK_EDENIED,
			     _("Only an administrator can set another "
			       "user's password."));
		goto done;
	}
	rc =
	    gk_store_exec(store, err, "UPDATE user SET pwhash = ? WHERE id = ?",
			  "tt", pwhash, user.id);
	if (rc == 0)
		rc = gk_store_exec(store, err,
				   "DELETE FROM login_state WHERE user_id = ?",
				   "t", user.id);
	if (rc == 0)
		rc = gk_audit_append(store, actor.login, GK_AUDIT_USER_PASSWD,
				     user.id, login, err);
done:
	return gk_store_end(store, rc, err);
}

static int fill_user(void *store, void *elem, sqlite3_stmt *st,
		     struct gk_err *err)
{
	return gk_user_load(store, (const char *)sqlite3_column_text(st, 0), 0,
			    elem, err);
}

int gk_user_list(struct gk_store *store, struct gk_user **out, int *count,
		 struct gk_err *err)
{
	sqlite3_stmt *st;
	int rc = gk_store_prep(store, err, &st,
			       "SELECT id FROM user ORDER BY login", "");
	if (rc < 0)
		return rc;
	return gk_store_collect(store, st, sizeof **out, fill_user, store, NULL,
				out, count, err);
}
