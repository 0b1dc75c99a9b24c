/*
 * cli — the command-line front end: one subcommand per core action,
 * scriptable, with sysexits exit statuses.  Front-end files: they print.
 *
 * main() needs only cli_run() and cli_usage(); the rest of this header is
 * shared by the files of src/cli/, one per command group, and cli.c, which
 * holds the table of commands, the dispatcher and the helpers below.
 */
#ifndef GK_CLI_H
#define GK_CLI_H

#include <getopt.h>

#include "auth.h"
#include "doc.h"
#include "err.h"
#include "i18n.h"
#include "store.h"

/* Global options that main() parsed before the command. */
struct cli_options {
	const char *db_path; /* resolved database path */
	const char *login;   /* --user or $GONGKAI_USER, or NULL */
};

/*
 * Run the command in argv[0..argc-1] (argv[0] is the command's first word)
 * and return the process exit status: 0 done, 64 usage, 65 bad data, 66 no
 * such item/user/file, 77 refused, 1 anything else.
 */
int cli_run(const struct cli_options *opts, int argc, char **argv);

/* Print the general usage and the list of commands to stdout. */
void cli_usage(void);

/* ---- for the command files ----------------------------------------------- */

#define EXIT_USAGE   64
#define EXIT_DATA    65
#define EXIT_NOINPUT 66

/* The state of one command run. */
struct cli {
	const struct cli_options *opts;
	const struct command *cmd;
	struct gk_store *store;
	struct gk_user me; /* the logged-in user, when CLI_LOGIN */
	struct gk_err err;
};

/* What a command needs before it runs (struct command's flags). */
enum cli_flag {
	CLI_LOGIN = 1 << 0,	 /* runs as a logged-in user */
	CLI_CREATES_DB = 1 << 1, /* creates the database itself (init, demo) */
	CLI_NO_DB = 1 << 2,	 /* needs no database (help, scan, keys) */
};

struct command {
	const char *name;    /* one or two words: "queue", "user add" */
	const char *args;    /* synopsis of the arguments */
	const char *summary; /* one line, N_() */
	const char *details; /* a paragraph, N_() */
	unsigned flags;	     /* enum cli_flag */
	int (*run)(struct cli *c, int argc, char **argv);
};

/* The table of commands, in the order help lists them (cli.c). */
extern const struct command cli_commands[];
extern const int cli_n_commands;

/* The command named by argv[0] (and argv[1] for two-word commands), or
 * NULL; sets *words to how many arguments its name took. */
const struct command *cli_find_command(int argc, char **argv, int *words);

/* Say on stderr what is wrong with a command name (for a group such as
 * "draft", name its commands); returns EXIT_USAGE. */
int cli_unknown_command(const char *word);

/* Print "gongkai: " and the message, then the usage of c's command when c
 * is not NULL; returns EXIT_USAGE. */
int cli_fail_usage(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Report the core error in c->err; returns the exit status of rc. */
int cli_fail(struct cli *c, int rc);

/* Wipe and free a password (NULL is fine). */
void cli_forget(char *secret);

/* The password of the user logging in: $GONGKAI_PASSWORD or asked on the
 * terminal.  The caller forgets it; NULL after saying why there is none. */
char *cli_login_password(const char *login);

/*
 * A new password into *out (the caller forgets it): $GONGKAI_PASSWORD when
 * from_env, else the first line of a standard input that is not a
 * terminal, else asked twice.  0, or the exit status after saying why.
 */
int cli_new_password(struct cli *c, int from_env, char **out);

/* A whole file, or standard input for NULL, converted from encoding to
 * UTF-8 into *out (the caller frees it).  0, or the exit status after
 * saying why. */
int cli_read_text(struct cli *c, const char *path, const char *encoding,
		  char **out);

/* Open c->opts->db_path into c->store, creating it when create, else
 * requiring an initialized database.  0, or the exit status. */
int cli_open_store(struct cli *c, int create);

/*
 * getopt_long over a command's arguments (argv[0] is the command word).
 * Returns the option, -1 at the end, or '?' after printing the usage.
 */
int cli_next_opt(struct cli *c, int argc, char **argv,
		 const struct option *longopts);

/*
 * Parse a command that takes one option, --name: with a value when
 * takes_value (*value receives it, the last one given), else a flag
 * (*value is "" when given).  *value is NULL when the option is absent.
 * 0, or EXIT_USAGE after printing the usage.
 */
int cli_one_option(struct cli *c, int argc, char **argv, const char *name,
		   int takes_value, const char **value);

/* Once a command's arguments are known to be right: open the database and
 * log in, as the command's flags say.  0, or the exit status. */
int cli_ready(struct cli *c);

/* Exactly n positional arguments must be left after the options; then
 * cli_ready.  0, or the exit status. */
int cli_want_args(struct cli *c, int argc, int n);

/* A command without options: exactly n arguments, then cli_ready. */
int cli_plain_args(struct cli *c, int argc, char **argv, int n);

/* The full id of the item whose id starts with prefix.  0, or the exit
 * status after saying why. */
int cli_resolve_item(struct cli *c, const char *prefix, char id[GK_ID_HEX + 1]);

/* An optional ID after the options: its full id into id and *item = id,
 * or *item = NULL when there is none; then cli_ready. */
int cli_optional_item(struct cli *c, int argc, char **argv,
		      char id[GK_ID_HEX + 1], const char **item);

/* A whole number from lo to hi for the option name into *out.  0, or
 * EXIT_USAGE after saying so. */
int cli_number_arg(struct cli *c, const char *name, const char *text, int lo,
		   int hi, int *out);

/* ---- the commands, one file per group ------------------------------------ */

/* Each runs the command in argv (argv[0] its last word) and returns the
 * exit status. */

/* cli_init.c */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);

/* cli_dept.c */
int cmd_dept_add(struct cli *c, int argc, char **argv);
int cmd_dept_deputy(struct cli *c, int argc, char **argv);
int cmd_dept_list(struct cli *c, int argc, char **argv);

/* cli_user.c */
int cmd_user_add(struct cli *c, int argc, char **argv);
int cmd_user_unlock(struct cli *c, int argc, char **argv);
int cmd_user_passwd(struct cli *c, int argc, char **argv);
int cmd_user_list(struct cli *c, int argc, char **argv);

/* cli_agency.c */
int cmd_category_list(struct cli *c, int argc, char **argv);
int cmd_setting(struct cli *c, int argc, char **argv);

/* cli_draft.c */
int cmd_draft_new(struct cli *c, int argc, char **argv);
int cmd_draft_edit(struct cli *c, int argc, char **argv);

/* cli_review.c */
int cmd_submit(struct cli *c, int argc, char **argv);
int cmd_approve(struct cli *c, int argc, char **argv);
int cmd_return(struct cli *c, int argc, char **argv);
int cmd_queue(struct cli *c, int argc, char **argv);

/* cli_item.c */
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_history(struct cli *c, int argc, char **argv);
int cmd_diff(struct cli *c, int argc, char **argv);

/* cli_checklist.c */
int cmd_checklist(struct cli *c, int argc, char **argv);
int cmd_checklist_answer(struct cli *c, int argc, char **argv);
int cmd_checklist_confirm(struct cli *c, int argc, char **argv);
int cmd_checklist_questions(struct cli *c, int argc, char **argv);
int cmd_checklist_add(struct cli *c, int argc, char **argv);
int cmd_checklist_blocking(struct cli *c, int argc, char **argv);
int cmd_finding_redact(struct cli *c, int argc, char **argv);
int cmd_finding_dismiss(struct cli *c, int argc, char **argv);
int cmd_scan(struct cli *c, int argc, char **argv);

/* cli_publish.c */
int cmd_publish(struct cli *c, int argc, char **argv);
int cmd_withdraw(struct cli *c, int argc, char **argv);
int cmd_correct(struct cli *c, int argc, char **argv);
int cmd_coverage_add(struct cli *c, int argc, char **argv);
int cmd_coverage_list(struct cli *c, int argc, char **argv);
int cmd_index_show(struct cli *c, int argc, char **argv);
int cmd_index_pattern(struct cli *c, int argc, char **argv);
int cmd_index_take(struct cli *c, int argc, char **argv);

/* cli_catalog.c */
int cmd_catalog(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);

/* cli_channel.c */
int cmd_delivery_list(struct cli *c, int argc, char **argv);
int cmd_delivery_done(struct cli *c, int argc, char **argv);
int cmd_delivery_fail(struct cli *c, int argc, char **argv);
int cmd_delivery_resend(struct cli *c, int argc, char **argv);
int cmd_channel_list(struct cli *c, int argc, char **argv);
int cmd_channel_add(struct cli *c, int argc, char **argv);

/* cli_sync.c */
int cmd_sync_id(struct cli *c, int argc, char **argv);
int cmd_sync_name(struct cli *c, int argc, char **argv);
int cmd_sync_export(struct cli *c, int argc, char **argv);
int cmd_sync_import(struct cli *c, int argc, char **argv);
int cmd_sync_peers(struct cli *c, int argc, char **argv);
int cmd_sync_trust(struct cli *c, int argc, char **argv);
int cmd_sync_conflicts(struct cli *c, int argc, char **argv);
int cmd_sync_resolve(struct cli *c, int argc, char **argv);

/* cli_audit.c */
int cmd_audit_verify(struct cli *c, int argc, char **argv);

/* cli_help.c */
int cmd_help(struct cli *c, int argc, char **argv);
int cmd_keys(struct cli *c, int argc, char **argv);

#endif
