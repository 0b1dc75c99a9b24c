/*
 * audit — the append-only, hash-chained log of everything people do.
 *
 * Each station appends entries numbered 1, 2, … (seq); each entry's hash is
 * BLAKE2b-256 over the previous entry's hash of the same station and the
 * entry's own fields, so a changed, removed or inserted row breaks the chain
 * from that row on.  Triggers in the schema refuse UPDATE and DELETE.
 *
 * gk_audit_append() must be called inside the caller's write transaction
 * (store.h), so that an action and its audit entry commit together.
 */
#ifndef GK_AUDIT_H
#define GK_AUDIT_H

#include <stdint.h>

#include "store.h"

/* X(name, key stored in the log) — every kind of audited action. */
#define GK_AUDIT_ACTIONS(X)                                                    \
	X(INIT, "init")                                                        \
	X(LOGIN, "login")                                                      \
	X(LOGIN_FAILED, "login-failed")                                        \
	X(LOCKED, "locked")                                                    \
	X(DEPT_ADD, "dept-add")                                                \
	X(DEPT_DEPUTY, "dept-deputy")                                          \
	X(USER_ADD, "user-add")                                                \
	X(USER_UNLOCK, "user-unlock")                                          \
	X(USER_PASSWD, "user-passwd")                                          \
	X(SETTING, "setting")                                                  \
	X(CREATE, "create")                                                    \
	X(EDIT, "edit")                                                        \
	X(SUBMIT, "submit")                                                    \
	X(APPROVE, "approve")                                                  \
	X(RETURN, "return")                                                    \
	X(CHECK_ANSWER, "check-answer")                                        \
	X(REDACT, "redact")                                                    \
	X(DISMISS, "dismiss")                                                  \
	X(CHECK_QUESTION, "check-question")                                    \
	X(PUBLISH, "publish")                                                  \
	X(WITHDRAW, "withdraw")                                                \
	X(CORRECT, "correct")                                                  \
	X(DELIVERY, "delivery")                                                \
	X(COVERAGE, "coverage")                                                \
	X(CHANNEL_ADD, "channel-add")                                          \
	X(INDEX_SETTING, "index-setting")                                      \
	X(SYNC_JOIN, "sync-join")                                              \
	X(SYNC_NAME, "sync-name")                                              \
	X(SYNC_EXPORT, "sync-export")                                          \
	X(SYNC_IMPORT, "sync-import")                                          \
	X(SYNC_REFUSED, "sync-refused")                                        \
	X(SYNC_TRUST, "sync-trust")                                            \
	X(SYNC_RESOLVE, "sync-resolve")

enum gk_audit_action {
#define GK_AUDIT_ENUM(name, key) GK_AUDIT_##name,
	GK_AUDIT_ACTIONS(GK_AUDIT_ENUM)
#undef GK_AUDIT_ENUM
};

/* The stored key of action ("approve"). */
const char *gk_audit_action_key(enum gk_audit_action action);

/*
 * Append one entry for this station: actor is the login that acted (as
 * typed, for a failed login), object the id or name acted on ("" if none),
 * detail a short free text.  Call inside a write transaction.
 */
int gk_audit_append(struct gk_store *store, const char *actor,
		    enum gk_audit_action action, const char *object,
		    const char *detail, struct gk_err *err);

/* This station's latest entry: its number (0 when there is none) and
 * hash ("" then). */
int gk_audit_latest(struct gk_store *store, int64_t *seq,
		    char hash[GK_HASH_HEX + 1], struct gk_err *err);

/*
 * Walk every station's chain in order and recompute each hash.  Returns 0
 * and sets *checked to the number of entries when all match; GK_ETAMPER
 * with a message naming the first entry (station, seq and id) that does not
 * match; or a database error.
 */
int gk_audit_verify(struct gk_store *store, int64_t *checked,
		    struct gk_err *err);

#endif
