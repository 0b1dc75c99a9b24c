/*
 * err — the error codes of the core and the record every core function fills.
 *
 * Every core function returns 0 on success or one negative GK_E* code, and
 * on failure writes a one-sentence, already translated message into the
 * caller's struct gk_err.  The core never prints: front ends decide how to
 * show the message (the CLI on stderr with the exit status from the table
 * below, the TUI in its status line).
 */
#ifndef GK_ERR_H
#define GK_ERR_H

/* X(name, value, exit status for the CLI (sysexits.h), what it means) */
#define GK_ERRORS(X)                                                           \
	X(GK_OK, 0, 0, "success")                                              \
	X(GK_EINVAL, -1, 65, "bad input data")                                 \
	X(GK_ENOTFOUND, -2, 66, "no such item, user or file")                  \
	X(GK_EDENIED, -3, 77, "refused by a rule or a missing role")           \
	X(GK_EAUTH, -4, 77, "wrong login or password, or locked")              \
	X(GK_EEXIST, -5, 65, "already exists")                                 \
	X(GK_ESCHEMA, -6, 1, "database from a newer gongkai")                  \
	X(GK_ETAMPER, -7, 65, "audit chain does not verify")                   \
	X(GK_EDB, -8, 1, "database error")                                     \
	X(GK_EIO, -9, 1, "file error")                                         \
	X(GK_ENOMEM, -10, 1, "out of memory")

enum gk_code {
#define GK_ERR_ENUM(name, value, exit_status, meaning) name = value,
	GK_ERRORS(GK_ERR_ENUM)
#undef GK_ERR_ENUM
};

#define GK_ERR_MSG_MAX 512

struct gk_err {
	int code;		  /* one of enum gk_code */
	char msg[GK_ERR_MSG_MAX]; /* translated, one sentence, no newline */
};

/*
 * Fill err (which may be NULL) with code and a printf-style message and
 * return code, so that a failing path reads `return gk_fail(err, ...)`.
 */
int gk_fail(struct gk_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The CLI exit status for code (sysexits.h values, 1 for anything else). */
int gk_err_exit_status(int code);

#endif
