/*
 * auth — people: departments, users, roles, passwords and logins.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str).  A run
 * of wrong passwords (setting lockout-attempts, default 5) locks a login for
 * lockout-minutes (default 15); an admin can unlock it and reset the
 * password.  Every change and every login attempt is audited in the same
 * transaction.
 *
 * Functions that act on behalf of someone take actor_id, the id of the
 * logged-in user (from gk_auth_login), and re-read that user's roles inside
 * their transaction, so a role taken away applies at once.
 */
#ifndef GK_AUTH_H
#define GK_AUTH_H

#include "store.h"

/* X(name, key, label) — the roles a user may hold. */
#define GK_ROLES(X)                                                            \
	X(DRAFTER, "drafter", N_("drafter"))                                   \
	X(DEPT_HEAD, "dept-head", N_("department head"))                       \
	X(DEPUTY, "deputy", N_("deputy director"))                             \
	X(DIRECTOR, "director", N_("director"))                                \
	X(PUBLISHER, "publisher", N_("disclosure officer"))                    \
	X(ADMIN, "admin", N_("administrator"))

/* clang-format off */
enum gk_role_index {
#define GK_ROLE_INDEX(name, key, label) GK_ROLE_I_##name,
	GK_ROLES(GK_ROLE_INDEX)
#undef GK_ROLE_INDEX
	GK_ROLE_COUNT
};
/* clang-format on */

enum gk_role {
#define GK_ROLE_BIT(name, key, label) GK_ROLE_##name = 1u << GK_ROLE_I_##name,
	GK_ROLES(GK_ROLE_BIT)
#undef GK_ROLE_BIT
};

/* X(name, key, label) — the kinds of department. */
#define GK_DEPT_KINDS(X)                                                       \
	X(OFFICE, "office", N_("office (科室)"))                               \
	X(INDUSTRY, "industry", N_("industry office (产业办)"))                \
	X(INSTITUTION, "institution", N_("public institution (事业单位)"))     \
	X(LEADERSHIP, "leadership", N_("bureau leadership (局领导)"))

#define GK_LOGIN_MAX 32
#define GK_NAME_MAX  64 /* characters of a person's or department's name */

struct gk_user {
	char id[GK_ID_HEX + 1];
	char login[GK_LOGIN_MAX + 1];
	char name[GK_NAME_MAX * 4 + 1];
	char dept_id[GK_ID_HEX + 1]; /* "" when none (an admin) */
	char dept_name[GK_NAME_MAX * 4 + 1];
	unsigned roles;			/* enum gk_role bits */
	int failed;			/* wrong passwords in a row */
	char locked_until[GK_TIME_LEN]; /* "" when not locked */
};

struct gk_dept {
	char id[GK_ID_HEX + 1];
	char name[GK_NAME_MAX * 4 + 1];
	char kind[16];			     /* a GK_DEPT_KINDS key */
	char deputy_login[GK_LOGIN_MAX + 1]; /* "" when none is named */
	char deputy_name[GK_NAME_MAX * 4 + 1];
};

/* The key ("dept-head") and translated label of the role at index i. */
const char *gk_role_key(int i);
const char *gk_role_label(int i);
/* The index of the role with this key, or -1. */
int gk_role_index(const char *key);
/*
 * Parse a comma-separated list of role keys ("drafter,dept-head") into a
 * mask of enum gk_role bits; GK_EINVAL naming an unknown role.
 */
int gk_role_parse(const char *list, unsigned *mask, struct gk_err *err);
/* Write the role keys of mask, comma-separated, into out. */
void gk_role_format(unsigned mask, char *out, size_t size);

/* Translated label of a department kind key, or the key if unknown. */
const char *gk_dept_kind_label(const char *key);

/* Load a user by id (by_login 0) or login (by_login 1); GK_ENOTFOUND. */
int gk_user_load(struct gk_store *store, const char *key, int by_login,
		 struct gk_user *out, struct gk_err *err);

/*
 * Load the acting user by id and check that they hold role (one enum
 * gk_role bit; 0: no role needed); GK_EDENIED naming the missing role.
 */
int gk_user_require(struct gk_store *store, const char *actor_id, unsigned role,
		    struct gk_user *out, struct gk_err *err);

/*
 * Check login and password.  On success fills *out and resets the run of
 * wrong passwords.  A wrong password counts toward the lockout; a locked
 * login is refused even with the right password.  Returns GK_EAUTH with the
 * reason; every attempt is audited.
 */
int gk_auth_login(struct gk_store *store, const char *login,
		  const char *password, struct gk_user *out,
		  struct gk_err *err);

/* GK_EINVAL unless password is acceptable (at least 8 characters). */
int gk_password_check(const char *password, struct gk_err *err);

#define GK_PWHASH_MAX 128 /* room for an Argon2id hash string */

/*
 * Check password and hash it with Argon2id into out.  This takes a while
 * (tens of milliseconds): do it before taking the write lock.
 */
int gk_password_hash(const char *password, char out[GK_PWHASH_MAX],
		     struct gk_err *err);

/*
 * Insert a user with the password hash pwhash (gk_password_hash), without
 * any permission check or audit: for callers that check and audit
 * themselves (gk_user_add, gk_agency_init).  Must run inside a write
 * transaction.  dept_id may be NULL.
 */
int gk_user_insert(struct gk_store *store, const char *login, const char *name,
		   const char *dept_id, unsigned roles, const char *pwhash,
		   char out_id[GK_ID_HEX + 1], struct gk_err *err);

/* Admin: add a department (kind: a GK_DEPT_KINDS key; deputy_login may be
 * NULL, else a user holding the deputy role). */
int gk_dept_add(struct gk_store *store, const char *actor_id, const char *name,
		const char *kind, const char *deputy_login,
		char out_id[GK_ID_HEX + 1], struct gk_err *err);
/* Admin: name (or with deputy_login NULL, clear) a department's deputy. */
int gk_dept_set_deputy(struct gk_store *store, const char *actor_id,
		       const char *dept_name, const char *deputy_login,
		       struct gk_err *err);
/* All departments by name into a new array *out (caller frees). */
int gk_dept_list(struct gk_store *store, struct gk_dept **out, int *count,
		 struct gk_err *err);

/* Admin: add a user to the department called dept_name. */
int gk_user_add(struct gk_store *store, const char *actor_id, const char *login,
		const char *name, const char *dept_name, unsigned roles,
		const char *password, char out_id[GK_ID_HEX + 1],
		struct gk_err *err);
/* Admin: end a lockout and the run of wrong passwords. */
int gk_user_unlock(struct gk_store *store, const char *actor_id,
		   const char *login, struct gk_err *err);
/* Admin for anyone, or a user for themselves: set a new password (this
 * also ends a lockout). */
int gk_user_passwd(struct gk_store *store, const char *actor_id,
		   const char *login, const char *password, struct gk_err *err);
/* All users by login into a new array *out (caller frees). */
int gk_user_list(struct gk_store *store, struct gk_user **out, int *count,
		 struct gk_err *err);

#endif
