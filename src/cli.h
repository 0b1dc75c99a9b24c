/*
 * cli — the command-line front end: one subcommand per core action,
 * scriptable, with sysexits exit statuses.  Front-end file: it prints.
 */
#ifndef GK_CLI_H
#define GK_CLI_H

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

#endif
