/*
 * The command-line front end.  Each command parses and checks its
 * arguments, then (want_args → ready) opens the database and logs in, calls
 * ONE core function and prints the result; errors go to stderr as
 * "gongkai: message" with the exit status of the core's error code (err.h).
 *
 * The table `commands` below is the single list of commands: `gongkai
 * help` and the dispatcher are generated from it.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "agency.h"
#include "audit.h"
#include "auth.h"
#include "catalog.h"
#include "demo.h"
#include "diff.h"
#include "doc.h"
#include "flow.h"
#include "publish.h"
#include "scan.h"
#include "secrecy.h"
#include "sync.h"
#include "i18n.h"
#include "store.h"
#include "text.h"
#include "../ui/ui.h"

#define EXIT_USAGE   64
#define EXIT_DATA    65
#define EXIT_NOINPUT 66

/* The state of one command run. */
struct cli {
	const struct cli_options *opts;
	const struct command *cmd;
	struct gk_store *store;
	struct gk_user me; /* the logged-in user, when cmd->login */
	struct gk_err err;
};

struct command {
	const char *name;    /* one or two words: "queue", "user add" */
	const char *args;    /* synopsis of the arguments */
	const char *summary; /* one line, N_() */
	const char *details; /* a paragraph, N_() */
	int login;	     /* 1: runs as a logged-in user */
	int (*run)(struct cli *c, int argc, char **argv);
};

static int fail_usage(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail_usage(struct cli *c, const char *fmt, ...)
{
	va_list ap;
	fputs("gongkai: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (c && c->cmd)
		fprintf(stderr, _("\nusage: gongkai %s%s%s\n"), c->cmd->name,
			c->cmd->args[0] ? " " : "", c->cmd->args);
	else
		fputc('\n', stderr);
	return EXIT_USAGE;
}

/* Report a core error and return its exit status. */
static int fail(struct cli *c, int rc)
{
	fprintf(stderr, "gongkai: %s\n", c->err.msg);
	return gk_err_exit_status(rc);
}

/* ---- reading passwords, lines and files -------------------------------- */

/* Wipe and free a password. */
static void forget(char *secret)
{
	if (secret) {
		sodium_memzero(secret, strlen(secret));
		free(secret);
	}
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/*
 * Ask on the terminal without echo.  Returns the answer (caller forgets
 * it), or NULL with *no_tty set when there is no terminal, or NULL when
 * the user ended the input (Ctrl-D).
 */
static char *ask_secret(const char *prompt, int *no_tty)
{
	FILE *tty = fopen("/dev/tty", "r+");
	*no_tty = !tty;
	if (!tty)
		return NULL;
	struct termios old, quiet;
	int fd = fileno(tty), have_termios = tcgetattr(fd, &old) == 0;
	fputs(prompt, tty);
	fflush(tty);
	if (have_termios) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, tty);
	if (have_termios)
		tcsetattr(fd, TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	if (n < 0) {
		free(line);
		return NULL;
	}
	chomp(line);
	return line;
}

/* The password of the user logging in: $GONGKAI_PASSWORD or asked.
 * NULL after saying why there is none. */
static char *login_password(const char *login)
{
	const char *env = getenv("GONGKAI_PASSWORD");
	if (env)
		return strdup(env);
	char prompt[128];
	int no_tty;
	snprintf(prompt, sizeof prompt, _("Password for %s: "), login);
	char *password = ask_secret(prompt, &no_tty);
	if (no_tty)
		fprintf(stderr, _("gongkai: no password: set GONGKAI_PASSWORD "
				  "or run gongkai in a terminal.\n"));
	else if (!password || !*password)
		fprintf(stderr, _("gongkai: no password given.\n"));
	if (password && !*password) {
		free(password);
		password = NULL;
	}
	return password;
}

/*
 * A new password: $GONGKAI_PASSWORD when from_env, else the first line of
 * standard input when it is not a terminal, else asked twice (three tries).
 * The core checks it again; checking here spares a second question.
 */
static int new_password(struct cli *c, int from_env, char **out)
{
	const char *env = getenv("GONGKAI_PASSWORD");
	*out = NULL;
	if (from_env && env) {
		*out = strdup(env);
		return 0;
	}
	if (!isatty(STDIN_FILENO)) {
		size_t cap = 0;
		if (getline(out, &cap, stdin) < 0) {
			free(*out);
			*out = NULL;
			return fail_usage(NULL, _("Expected the new password "
						  "on the first line of "
						  "standard input."));
		}
		chomp(*out);
		return 0;
	}
	for (int tries = 0; tries < 3; tries++) {
		int no_tty;
		char *first = ask_secret(_("New password: "), &no_tty);
		if (!first)
			return fail_usage(NULL, _("No new password given."));
		if (gk_password_check(first, &c->err) < 0) {
			fprintf(stderr, "gongkai: %s\n", c->err.msg);
			forget(first);
			continue;
		}
		char *again =
		    ask_secret(_("Repeat the new password: "), &no_tty);
		if (again && strcmp(first, again) == 0) {
			forget(again);
			*out = first;
			return 0;
		}
		forget(first);
		forget(again);
		fprintf(stderr, _("gongkai: the two passwords differ; once "
				  "more.\n"));
	}
	return EXIT_DATA;
}

/*
 * Read a whole file (or standard input for NULL) and convert it from
 * encoding to UTF-8.  read(2), not stdio: on a terminal one Ctrl-D at the
 * start of a line ends the text, as the prompt says.
 */
static int read_text(struct cli *c, const char *path, const char *encoding,
		     char **out)
{
	const char *name = path ? path : _("standard input");
	int fd = path ? open(path, O_RDONLY) : STDIN_FILENO;
	*out = NULL;
	if (fd < 0) {
		fprintf(stderr, _("gongkai: cannot read %s: %s\n"), path,
			strerror(errno));
		return errno == ENOENT ? EXIT_NOINPUT : 1;
	}
	if (!path && isatty(fd))
		fprintf(stderr, _("Type the body; end it with Ctrl-D at the "
				  "start of a line.\n"));
	char *raw = NULL;
	size_t len = 0, cap = 0;
	ssize_t got = 1;
	int read_errno = 0;
	while (got > 0 && len <= GK_BODY_MAX) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			char *grown = realloc(raw, cap);
			if (!grown) {
				read_errno = ENOMEM;
				break;
			}
			raw = grown;
		}
		got = read(fd, raw + len, cap - len);
		if (got < 0 && errno == EINTR)
			got = 1;
		else if (got < 0)
			read_errno = errno;
		else
			len += (size_t)got;
	}
	if (path)
		close(fd);
	if (read_errno) {
		free(raw);
		fprintf(stderr, _("gongkai: cannot read %s: %s\n"), name,
			strerror(read_errno));
		return 1;
	}
	int rc = gk_text_to_utf8(encoding, raw ? raw : "", len, name, out, NULL,
				 &c->err);
	free(raw);
	if (rc < 0 && strcmp(encoding, "UTF-8") == 0) {
		fprintf(stderr, "gongkai: %s\n", c->err.msg);
		fprintf(stderr, _("If the text comes from an older system, try "
				  "--encoding GB18030.\n"));
		return gk_err_exit_status(rc);
	}
	return rc < 0 ? fail(c, rc) : 0;
}

/* ---- opening the database and logging in -------------------------------- */

static int open_store(struct cli *c, int create)
{
	int rc = gk_store_open(c->opts->db_path, create, &c->store, &c->err);
	if (rc < 0)
		return fail(c, rc);
	if (!create && (rc = gk_store_require_init(c->store, &c->err)) < 0)
		return fail(c, rc);
	return 0;
}

static int login(struct cli *c)
{
	const char *who = c->opts->login;
	if (!who)
		return fail_usage(NULL, _("Say who you are: --user LOGIN or "
					  "the variable GONGKAI_USER."));
	char *password = login_password(who);
	if (!password)
		return EXIT_USAGE;
	int rc = gk_auth_login(c->store, who, password, &c->me, &c->err);
	forget(password);
	return rc < 0 ? fail(c, rc) : 0;
}

/* ---- option parsing ------------------------------------------------------ */

static int cmd_init(struct cli *c, int argc, char **argv);
static int cmd_demo(struct cli *c, int argc, char **argv);
static int cmd_help(struct cli *c, int argc, char **argv);
static int cmd_scan(struct cli *c, int argc, char **argv);

/*
 * getopt_long over a command's arguments (argv[0] is the command word).
 * Returns the option, -1 at the end, or '?' after printing the usage.
 */
static int next_opt(struct cli *c, int argc, char **argv,
		    const struct option *longopts)
{
	opterr = 0;
	int ch = getopt_long(argc, argv, "", longopts, NULL);
	if (ch == '?' || ch == ':') {
		fail_usage(c, _("unknown or incomplete option '%s'"),
			   argv[optind - 1]);
		return '?';
	}
	return ch;
}

/*
 * Parse a command that takes one option, --name: with a value when
 * takes_value (*value receives it, the last one given), else a flag
 * (*value is "" when given).  *value is NULL when the option is absent.
 * 0, or EXIT_USAGE after printing the usage.
 */
static int one_option(struct cli *c, int argc, char **argv, const char *name,
		      int takes_value, const char **value)
{
	const struct option longopts[] = {
	    {name, takes_value ? required_argument : no_argument, NULL, 'o'},
	    {0, 0, 0, 0}};
	int ch;
	*value = NULL;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		*value = takes_value ? optarg : "";
	}
	return 0;
}

/*
 * Once a command's arguments are known to be right: open the database and,
 * for commands run by a person, log in.  So a typo is reported before any
 * password is asked.
 */
static int ready(struct cli *c)
{
	int rc;
	if (c->store || c->cmd->run == cmd_init || c->cmd->run == cmd_demo ||
	    c->cmd->run == cmd_help || c->cmd->run == cmd_scan)
		return 0;
	if ((rc = open_store(c, 0)) || !c->cmd->login)
		return rc;
	return login(c);
}

/* Exactly n positional arguments must be left after the options; then the
 * command is ready to run. */
static int want_args(struct cli *c, int argc, int n)
{
	if (argc - optind != n)
		return fail_usage(c, argc - optind < n
					 ? _("missing argument")
					 : _("too many arguments"));
	return ready(c);
}

/* A command without options: exactly n arguments. */
static int plain_args(struct cli *c, int argc, char **argv, int n)
{
	static const struct option none[] = {{0, 0, 0, 0}};
	if (next_opt(c, argc, argv, none) != -1)
		return EXIT_USAGE;
	return want_args(c, argc, n);
}

static int resolve_item(struct cli *c, const char *prefix,
			char id[GK_ID_HEX + 1])
{
	int rc = gk_doc_resolve(c->store, prefix, id, &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

/* An optional ID after the options: its full id into id and *item = id,
 * or *item = NULL when there is none; then the command is ready. */
static int optional_item(struct cli *c, int argc, char **argv,
			 char id[GK_ID_HEX + 1], const char **item)
{
	int rc;
	*item = NULL;
	if (argc - optind > 1)
		return fail_usage(c, _("too many arguments"));
	if ((rc = ready(c)) ||
	    (argc - optind == 1 && (rc = resolve_item(c, argv[optind], id))))
		return rc;
	if (argc - optind == 1)
		*item = id;
	return 0;
}

/* ---- commands ------------------------------------------------------------ */

/* Delete a database this command created and could not finish. */
static void remove_database(struct cli *c);

/* init --from FILE: a new station of an agency from a full export. */
static int init_from(struct cli *c, const char *file, const char *admin,
		     const char *station, int other_options)
{
	if (other_options)
		return fail_usage(c, _("init --from takes the agency from the "
				       "file: no --org, --org-code or "
				       "--admin-name"));
	if (!admin)
		return fail_usage(c, _("init --from needs --admin, an "
				       "administrator of the agency"));
	struct stat sb;
	if (stat(c->opts->db_path, &sb) == 0 && sb.st_size > 0) {
		fprintf(stderr, _("gongkai: %s exists already; a new station "
				  "starts from a new database.\n"),
			c->opts->db_path);
		return gk_err_exit_status(GK_EEXIST);
	}
	char *password = login_password(admin);
	if (!password)
		return EXIT_USAGE;
	int rc = open_store(c, 1);
	struct gk_sync_summary sum;
	if (rc == 0 &&
	    (rc = gk_sync_join(c->store, file, station, admin, password, &sum,
			       &c->err)) < 0) {
		rc = fail(c, rc);
		remove_database(c);
	}
	forget(password);
	if (rc)
		return rc;
	char fpr[GK_FPR_LEN];
	if ((rc = gk_sync_fingerprint(c->store, fpr, &c->err)) < 0)
		return fail(c, rc);
	printf(_("Set up a new station of the agency in %s from %s's file: "
		 "%d changes, %d items.\n"
		 "This station is %s, its key's fingerprint %s.\n"
		 "Its key reaches the other stations with its first file; an "
		 "administrator there confirms the fingerprint with 'gongkai "
		 "sync trust'.\n"),
	       c->opts->db_path, sum.from, sum.changes, sum.items,
	       c->store->station_id, fpr);
	return 0;
}

static int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"org", required_argument, NULL, 'o'},
	    {"org-code", required_argument, NULL, 'c'},
	    {"admin", required_argument, NULL, 'a'},
	    {"admin-name", required_argument, NULL, 'n'},
	    {"from", required_argument, NULL, 'f'},
	    {"station", required_argument, NULL, 's'},
	    {0, 0, 0, 0}};
	const char *org = NULL, *code = NULL, *admin = NULL, *name = NULL;
	const char *from = NULL, *station = NULL;
	int ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'o')
			org = optarg;
		else if (ch == 'c')
			code = optarg;
		else if (ch == 'a')
			admin = optarg;
		else if (ch == 'f')
			from = optarg;
		else if (ch == 's')
			station = optarg;
		else
			name = optarg;
	}
	if ((rc = want_args(c, argc, 0)))
		return rc;
	if (from)
		return init_from(c, from, admin, station, org || code || name);
	if (!org || !code || !admin)
		return fail_usage(c, _("init needs --org, --org-code and "
				       "--admin"));
	char *password;
	if ((rc = new_password(c, 1, &password)))
		return rc;
	if ((rc = open_store(c, 1)) == 0) {
		rc = gk_agency_init(c->store, org, code, admin,
				    name ? name : admin, password, &c->err);
		struct gk_user first;
		if (rc == 0 && station &&
		    (rc = gk_user_load(c->store, admin, 1, &first, &c->err)) ==
			0)
			rc = gk_sync_rename(c->store, first.id, station,
					    &c->err);
		rc = rc < 0 ? fail(c, rc) : 0;
	}
	forget(password);
	if (rc == 0)
		printf(_("Set up %s in %s; log in as %s.\n"), org,
		       c->opts->db_path, admin);
	return rc;
}

/* word as one word of a shell command line, quoted when it needs to be. */
static void print_shell_word(const char *word)
{
	static const char plain[] =
	    "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+=:,@";
	if (word[0] && word[strspn(word, plain)] == '\0') {
		fputs(word, stdout);
		return;
	}
	putchar('\'');
	for (const char *p = word; *p; p++)
		if (*p == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*p);
	putchar('\'');
}

/* The demo logins, one a line, and the password they share. */
static void print_demo_logins(void)
{
	const struct gk_demo_login *logins;
	int n = gk_demo_logins(&logins), widest = 0;
	char name[256];
	for (int i = 0; i < n; i++) {
		int cols = ui_width(logins[i].name);
		widest = cols > widest ? cols : widest;
	}
	printf(_("The demo logins; each has the password %s:\n"),
	       GK_DEMO_PASSWORD);
	for (int i = 0; i < n; i++) {
		/* Names line up by display width (ui/width.c measures). */
		ui_fit(logins[i].name, widest, 1, name, sizeof name);
		printf("  %-12s %s  %s\n", logins[i].login, name,
		       _(logins[i].what));
	}
}

/* Delete a database this command created and could not finish. */
static void remove_database(struct cli *c)
{
	static const char *const suffixes[] = {"",	   "-wal", "-shm",
					       "-journal", ".key"};
	char name[4096];
	gk_store_close(c->store);
	c->store = NULL;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(name, sizeof name, "%s%s", c->opts->db_path,
			 suffixes[i]);
		unlink(name);
	}
	fprintf(stderr, _("gongkai: removed the unfinished %s.\n"),
		c->opts->db_path);
}

static int cmd_demo(struct cli *c, int argc, char **argv)
{
	const char *logins_only;
	int rc;
	if ((rc = one_option(c, argc, argv, "logins", 0, &logins_only)) ||
	    (rc = want_args(c, argc, 0)))
		return rc;
	if (logins_only) {
		print_demo_logins();
		return 0;
	}
	/* A file with something in it is not ours to delete on failure. */
	struct stat sb;
	int existed = stat(c->opts->db_path, &sb) == 0 && sb.st_size > 0;
	if ((rc = open_store(c, 1)))
		return rc;
	if ((rc = gk_demo_create(c->store, &c->err)) < 0) {
		int status = fail(c, rc);
		if (!existed)
			remove_database(c);
		else if (rc == GK_EEXIST)
			fprintf(stderr, _("gongkai: 'gongkai demo --logins' "
					  "lists the demo logins.\n"));
		return status;
	}
	printf(_("Created the demo agency %s (%s) in %s;\nits items are in "
		 "every state of the review chain, written over the last "
		 "three weeks.\n\n"),
	       GK_DEMO_AGENCY, GK_DEMO_ORG_CODE, c->opts->db_path);
	print_demo_logins();
	printf(_("\nOpen the workstation:\n  gongkai --db "));
	print_shell_word(c->opts->db_path);
	const struct gk_demo_login *logins;
	int n = gk_demo_logins(&logins), director = 0;
	while (director < n - 1 && !(logins[director].roles & GK_ROLE_DIRECTOR))
		director++;
	printf(_("\nOr ask on the command line what waits for the director, "
		 "%s:\n  gongkai --db "),
	       logins[director].name);
	print_shell_word(c->opts->db_path);
	printf(" --user %s queue review\n", logins[director].login);
	return 0;
}

static int cmd_dept_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"deputy", required_argument, NULL, 'd'},
	    {"kind", required_argument, NULL, 'k'},
	    {0, 0, 0, 0}};
	const char *deputy = NULL, *kind = "office";
	char id[GK_ID_HEX + 1];
	int ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'd')
			deputy = optarg;
		else
			kind = optarg;
	}
	if ((rc = want_args(c, argc, 1)))
		return rc;
	rc = gk_dept_add(c->store, c->me.id, argv[optind], kind, deputy, id,
			 &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_dept_deputy(struct cli *c, int argc, char **argv)
{
	const char *none;
	int rc;
	if ((rc = one_option(c, argc, argv, "none", 0, &none)) ||
	    (rc = want_args(c, argc, none ? 1 : 2)))
		return rc;
	rc = gk_dept_set_deputy(c->store, c->me.id, argv[optind],
				none ? NULL : argv[optind + 1], &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_dept_list(struct cli *c, int argc, char **argv)
{
	struct gk_dept *depts;
	int n, rc;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_dept_list(c->store, &depts, &n, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", depts[i].name, depts[i].kind,
		       depts[i].deputy_login);
	free(depts);
	return 0;
}

static int cmd_user_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"dept", required_argument, NULL, 'd'},
	    {"roles", required_argument, NULL, 'r'},
	    {0, 0, 0, 0}};
	const char *name = NULL, *dept = NULL, *roles = NULL;
	char id[GK_ID_HEX + 1], *password;
	unsigned mask;
	int ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'n')
			name = optarg;
		else if (ch == 'd')
			dept = optarg;
		else
			roles = optarg;
	}
	if (!name || !dept || !roles)
		return fail_usage(c, _("user add needs --name, --dept and "
				       "--roles"));
	if ((rc = gk_role_parse(roles, &mask, &c->err)) < 0)
		return fail(c, rc);
	if ((rc = want_args(c, argc, 1)))
		return rc;
	if ((rc = new_password(c, 0, &password)))
		return rc;
	rc = gk_user_add(c->store, c->me.id, argv[optind], name, dept, mask,
			 password, id, &c->err);
	forget(password);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_user_unlock(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = plain_args(c, argc, argv, 1)))
		return rc;
	rc = gk_user_unlock(c->store, c->me.id, argv[optind], &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_user_passwd(struct cli *c, int argc, char **argv)
{
	char *password;
	int rc;
	if ((rc = plain_args(c, argc, argv, 1)))
		return rc;
	if ((rc = new_password(c, 0, &password)))
		return rc;
	rc =
	    gk_user_passwd(c->store, c->me.id, argv[optind], password, &c->err);
	forget(password);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_user_list(struct cli *c, int argc, char **argv)
{
	struct gk_user *users;
	int n, rc;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_user_list(c->store, &users, &n, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++) {
		char roles[128];
		gk_role_format(users[i].roles, roles, sizeof roles);
		printf("%s\t%s\t%s\t%s%s\n", users[i].login, users[i].name,
		       users[i].dept_name, roles,
		       users[i].locked_until[0] ? _("\tlocked") : "");
	}
	free(users);
	return 0;
}

static int cmd_category_list(struct cli *c, int argc, char **argv)
{
	struct gk_category *cats;
	int n, rc;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_category_list(c->store, &cats, &n, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++)
		printf("%s\n", cats[i].name);
	free(cats);
	return 0;
}

static int cmd_setting(struct cli *c, int argc, char **argv)
{
	/* Without options, argc - 1 is the number of arguments given. */
	int rc = plain_args(c, argc, argv, argc > 2 ? 2 : 0);
	if (rc)
		return rc;
	if (argc - optind == 2) {
		rc = gk_setting_set(c->store, c->me.id, argv[optind],
				    argv[optind + 1], &c->err);
		return rc < 0 ? fail(c, rc) : 0;
	}
	for (int i = 0; i < GK_SETTING_COUNT; i++) {
		int value;
		if ((rc = gk_setting_int(c->store, i, &value, &c->err)) < 0)
			return fail(c, rc);
		printf("%s\t%d\t%s\n", gk_setting_key(i), value,
		       gk_setting_meaning(i));
	}
	return 0;
}

/* Options shared by draft new and draft edit. */
static const struct option draft_options[] = {
    {"title", required_argument, NULL, 't'},
    {"category", required_argument, NULL, 'c'},
    {"doc-no", required_argument, NULL, 'd'},
    {"attr", required_argument, NULL, 'a'},
    {"body-file", required_argument, NULL, 'b'},
    {"encoding", required_argument, NULL, 'e'},
    {0, 0, 0, 0}};

/* Parse draft options into *d; *body_file and *encoding as given. */
static int parse_draft(struct cli *c, int argc, char **argv, struct gk_draft *d,
		       const char **body_file, const char **encoding)
{
	int ch;
	while ((ch = next_opt(c, argc, argv, draft_options)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 't': d->title = optarg; break;
		case 'c': d->category = optarg; break;
		case 'd': d->doc_no = optarg; break;
		case 'a': d->attr = optarg; break;
		case 'b': *body_file = optarg; break;
		default: *encoding = optarg; break;
		}
	}
	if (d->attr && !gk_attr_parse(d->attr))
		return fail_usage(c,
				  _("--attr is active (主动公开), on-request "
				    "(依申请公开) or withheld (不予公开)"));
	return 0;
}

static int cmd_draft_new(struct cli *c, int argc, char **argv)
{
	struct gk_draft d = {0};
	const char *file = NULL, *encoding = "UTF-8";
	char id[GK_ID_HEX + 1], *body = NULL;
	int rc;
	if ((rc = parse_draft(c, argc, argv, &d, &file, &encoding)))
		return rc;
	if (!d.title || !d.category)
		return fail_usage(c,
				  _("draft new needs --title and --category"));
	if ((rc = want_args(c, argc, 0)))
		return rc;
	if ((rc = read_text(c, file, encoding, &body)))
		return rc;
	d.body = body;
	rc = gk_doc_create(c->store, c->me.id, &d, id, &c->err);
	free(body);
	if (rc < 0)
		return fail(c, rc);
	printf("%s\n", id);
	return 0;
}

static int cmd_draft_edit(struct cli *c, int argc, char **argv)
{
	struct gk_draft d = {0};
	const char *file = NULL, *encoding = "UTF-8";
	char id[GK_ID_HEX + 1], *body = NULL;
	int rc;
	if ((rc = parse_draft(c, argc, argv, &d, &file, &encoding)) ||
	    (rc = want_args(c, argc, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	if (file && (rc = read_text(c, file, encoding, &body)))
		return rc;
	d.body = body;
	rc = gk_doc_edit(c->store, c->me.id, id, &d, &c->err);
	free(body);
	return rc < 0 ? fail(c, rc) : 0;
}

/*
 * After a submission or an approval short of the sign-off: say on stderr
 * what the confidentiality review still lacks (the sign-off will need
 * it), or nothing when it is complete.
 */
static void review_note(struct cli *c, const char *id)
{
	struct gk_checklist list;
	struct gk_err err;
	if (gk_secrecy_load(c->store, id, &list, &err) < 0)
		return;
	if (!gk_secrecy_complete(&list)) {
		char summary[256];
		gk_secrecy_summary(&list, summary, sizeof summary);
		fprintf(stderr,
			_("gongkai: note: the confidentiality review is not "
			  "complete yet: %s ('gongkai checklist %.8s').\n"),
			summary, id);
	}
	gk_checklist_free(&list);
}

static int cmd_submit(struct cli *c, int argc, char **argv)
{
	char id[GK_ID_HEX + 1];
	int rc;
	if ((rc = plain_args(c, argc, argv, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_flow_submit(c->store, c->me.id, id, &c->err);
	if (rc < 0)
		return fail(c, rc);
	review_note(c, id);
	return 0;
}

/* approve and return: ID [--comment C] [--version HASH] */
static int decide(struct cli *c, int argc, char **argv, int approve)
{
	static const struct option longopts[] = {
	    {"comment", required_argument, NULL, 'c'},
	    {"hash", required_argument, NULL, 'h'},
	    {0, 0, 0, 0}};
	const char *comment = NULL, *hash = NULL;
	char id[GK_ID_HEX + 1];
	int ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'c')
			comment = optarg;
		else
			hash = optarg;
	}
	if (!approve && !comment)
		return fail_usage(c, _("return needs --comment saying what to "
				       "change"));
	if ((rc = want_args(c, argc, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	rc = approve ? gk_flow_approve(c->store, c->me.id, id, hash, comment,
				       &c->err)
		     : gk_flow_return(c->store, c->me.id, id, hash, comment,
				      &c->err);
	if (rc < 0)
		return fail(c, rc);
	struct gk_item item;
	if (approve && gk_doc_get(c->store, id, &item, &c->err) == 0) {
		if (gk_state_in_review(item.state))
			review_note(c, id);
		gk_item_free(&item);
	}
	return 0;
}

static int cmd_approve(struct cli *c, int argc, char **argv)
{
	return decide(c, argc, argv, 1);
}

static int cmd_return(struct cli *c, int argc, char **argv)
{
	return decide(c, argc, argv, 0);
}

static int cmd_queue(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"limit", required_argument, NULL, 'l'}, {0, 0, 0, 0}};
	int ch, rc, limit = 50, q = GK_QUEUE_ALL;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		char *end;
		if (ch == '?')
			return EXIT_USAGE;
		limit = (int)strtol(optarg, &end, 10);
		if (*end || limit < 1 || limit > 10000)
			return fail_usage(c, _("--limit takes a number from 1 "
					       "to 10000"));
	}
	if (argc - optind == 1 && (q = gk_queue_parse(argv[optind])) < 0)
		return fail_usage(c, _("unknown queue '%s'"), argv[optind]);
	if ((rc = want_args(c, argc, argc - optind > 1 ? 1 : argc - optind)))
		return rc;
	struct gk_queue_row *rows;
	struct gk_cursor next;
	int n;
	if ((rc = gk_flow_queue(c->store, c->me.id, q, GK_CURSOR_START, limit, &rows, &n,
				&next, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++)
		printf("%s\t%s\t%d\t%s\t%s\n", rows[i].id, rows[i].state,
		       rows[i].step, rows[i].updated, rows[i].title);
	free(rows);
	if (next.updated[0])
		fprintf(stderr,
			_("gongkai: these are the newest %d; --limit "
			  "shows more.\n"),
			limit);
	return 0;
}

static void json_string(const char *key, const char *s, int last)
{
	printf("  \"%s\": \"", key);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	printf("\"%s\n", last ? "" : ",");
}

static void json_int(const char *key, int value)
{
	printf("  \"%s\": %d,\n", key, value);
}

/* Name of the item's current step, or "" when not in review. */
static void step_name(struct cli *c, const struct gk_item *item, char *out,
		      size_t size)
{
	struct gk_step step;
	int last;
	out[0] = '\0';
	if (item->step >= 1 &&
	    gk_chain_step(c->store, item->step, &step, &last, &c->err) == 0)
		snprintf(out, size, "%s", step.name);
}

/* The publication lines of `gongkai show`. */
static void print_publication(const struct gk_publication *p)
{
	printf(_("Index number: %s\n"), p->index_no);
	printf(_("Published: %s by %s (%s)\n"), p->published_on,
	       p->publisher_name, p->publisher_login);
	printf(_("Summary: %s\n"), p->summary);
	const struct {
		const char *label, *value;
	} fields[] = {
	    {N_("Topic"), p->topic},   {N_("Genre"), p->genre},
	    {N_("Issuer"), p->issuer}, {N_("Written"), p->written_on},
	    {N_("Scope"), p->scope},   {N_("Keywords"), p->keywords},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i].value[0])
			printf(_("%s: %s\n"), _(fields[i].label),
			       fields[i].value);
	if (p->ended_on[0])
		printf(_("Validity: %s since %s: %s\n"),
		       gk_validity_label(p->validity), p->ended_on,
		       p->end_reason);
	else
		printf(_("Validity: %s\n"), gk_validity_label(p->validity));
}

static int cmd_show(struct cli *c, int argc, char **argv)
{
	struct gk_item item;
	char id[GK_ID_HEX + 1], step[128];
	const char *json;
	int rc;
	if ((rc = one_option(c, argc, argv, "json", 0, &json)) ||
	    (rc = want_args(c, argc, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_doc_get(c->store, id, &item, &c->err)) < 0)
		return fail(c, rc);
	step_name(c, &item, step, sizeof step);
	struct gk_publication pub = {0};
	int published = gk_publication_get(c->store, id, &pub, &c->err) == 0;
	if (json) {
		puts("{");
		json_string("id", item.id, 0);
		json_string("title", item.title, 0);
		json_string("state", item.state, 0);
		json_int("step", item.step);
		json_string("step_name", step, 0);
		json_int("version", item.version);
		json_int("round", item.round);
		json_string("hash", item.hash, 0);
		json_string("doc_no", item.doc_no, 0);
		json_string("category", item.category, 0);
		json_string("attr", item.attr, 0);
		json_string("dept", item.dept_name, 0);
		json_string("author", item.author_login, 0);
		json_string("author_name", item.author_name, 0);
		json_string("created", item.created, 0);
		json_string("updated", item.updated, 0);
		json_string("index_no", pub.index_no, 0);
		json_string("published_on", pub.published_on, 0);
		json_string("validity", pub.validity, 0);
		json_string("corrects", item.corrects_index_no, 0);
		json_string("body", item.body, 1);
		puts("}");
	} else {
		char updated[GK_TIME_LEN];
		gk_time_local(gk_time_parse(item.updated), updated);
		printf(_("Id: %s\n"), item.id);
		printf(_("Title: %s\n"), item.title);
		if (item.step)
			printf(_("State: %s, step %d (%s)\n"),
			       gk_state_label(item.state), item.step, step);
		else
			printf(_("State: %s\n"), gk_state_label(item.state));
		printf(_("Version: %d (content hash %.16s)\n"), item.version,
		       item.hash);
		if (item.doc_no[0])
			printf(_("Document number: %s\n"), item.doc_no);
		printf(_("Category: %s\n"), item.category);
		printf(_("Disclosure: %s\n"), gk_attr_label(item.attr));
		printf(_("Department: %s\n"), item.dept_name);
		if (item.corrects_index_no[0])
			printf(_("Corrects: %s\n"), item.corrects_index_no);
		printf(_("Author: %s (%s)\n"), item.author_name,
		       item.author_login);
		printf(_("Updated: %s\n"), updated);
		if (published)
			print_publication(&pub);
		printf("\n%s%s", item.body,
		       item.body[0] && item.body[strlen(item.body) - 1] != '\n'
			   ? "\n"
			   : "");
	}
	gk_item_free(&item);
	return 0;
}

/* What an event did, in words; the last step's approval is the sign-off. */
static int cmd_history(struct cli *c, int argc, char **argv)
{
	struct gk_event *events;
	char id[GK_ID_HEX + 1];
	int n, rc;
	if ((rc = plain_args(c, argc, argv, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	struct gk_step first;
	int last;
	if ((rc = gk_chain_step(c->store, 1, &first, &last, &c->err)) < 0)
		return fail(c, rc);
	if ((rc = gk_doc_history(c->store, id, &events, &n, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++) {
		const struct gk_event *e = &events[i];
		char at[GK_TIME_LEN];
		gk_time_local(gk_time_parse(e->at), at);
		printf("%s\t%s (%s)\t%s\tv%d\t", at, e->actor_name,
		       e->actor_login, gk_event_label(e, last), e->version);
		if (e->step_name[0])
			printf(_("step %d %s"), e->step, e->step_name);
		printf("\t%s\n", e->comment);
	}
	gk_events_free(events, n);
	return 0;
}

/* A whole number of at least min for --name, or -1 after the usage. */
static int parse_number(struct cli *c, const char *name, const char *text,
			int min, int *out)
{
	char *end;
	errno = 0;
	long value = strtol(text, &end, 10);
	if (!*text || *end || errno || value < min || value > INT_MAX) {
		fail_usage(c, _("--%s takes a whole number from %d up"), name,
			   min);
		return -1;
	}
	*out = (int)value;
	return 0;
}

/* One line of a diff: its mark, the field's name for metadata, the text. */
static void print_diff_line(const struct gk_diff_line *line)
{
	printf("%c ", line->op);
	if (line->field)
		printf(_("%s: "), line->field);
	fwrite(line->text, 1, line->len, stdout);
	putchar('\n');
	if (line->no_newline)
		puts(_("\\ No newline at the end of the text"));
}

static void print_skipped(int skipped)
{
	if (skipped)
		printf(ngettext("@@ %d unchanged line @@\n",
				"@@ %d unchanged lines @@\n", skipped),
		       skipped);
}

/*
 * The metadata lines, then the body's, where an unchanged line is shown
 * only within context lines of a change; each run left out is one "@@"
 * line saying how long it is.
 */
static void print_diff(const struct gk_diff_line *lines, int n, int context)
{
	int i = 0, skipped = 0, last_change = -1, next_change = -1;
	for (; i < n && lines[i].field; i++)
		print_diff_line(&lines[i]);
	if (i > 0 && i < n)
		putchar('\n');
	for (; i < n; i++) {
		if (lines[i].op != ' ')
			last_change = i;
		if (next_change < i)
			for (next_change = i;
			     next_change < n && lines[next_change].op == ' ';)
				next_change++;
		if (lines[i].op == ' ' &&
		    (last_change < 0 || i - last_change > context) &&
		    (next_change == n || next_change - i > context)) {
			skipped++;
			continue;
		}
		print_skipped(skipped);
		skipped = 0;
		print_diff_line(&lines[i]);
	}
	print_skipped(skipped);
}

static int cmd_diff(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"context", required_argument, NULL, 'c'},
	    {0, 0, 0, 0}};
	struct gk_item current, old_item, new_item;
	struct gk_diff_line *lines;
	char id[GK_ID_HEX + 1];
	int ch, rc, n, from = 0, to = 0, context = 3, decided = 0;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'f': rc = parse_number(c, "from", optarg, 1, &from); break;
		case 't': rc = parse_number(c, "to", optarg, 1, &to); break;
		default: rc = parse_number(c, "context", optarg, 0, &context);
		}
		if (rc < 0)
			return EXIT_USAGE;
	}
	if ((rc = want_args(c, argc, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_doc_get(c->store, id, &current, &c->err)) < 0)
		return fail(c, rc);
	int current_version = current.version;
	gk_item_free(&current);
	if (!to)
		to = current_version;
	if (!from) {
		if ((rc = gk_flow_last_decided(c->store, id, c->me.id, &decided,
					       &c->err)) < 0)
			return fail(c, rc);
		from = decided ? decided : to > 1 ? to - 1 : 1;
	}
	if ((rc = gk_doc_version(c->store, id, from, &old_item, &c->err)) < 0)
		return fail(c, rc);
	if ((rc = gk_doc_version(c->store, id, to, &new_item, &c->err)) < 0) {
		gk_item_free(&old_item);
		return fail(c, rc);
	}
	rc = gk_diff_item(&old_item, &new_item, &lines, &n, &c->err);
	if (rc == 0 && from == to && from == decided && to == current_version)
		printf(
		    _("You last decided on v%d; it has not changed since.\n"),
		    from);
	else if (rc == 0 && from == to)
		printf(_("v%d → v%d: the same version, nothing to compare.\n"),
		       from, to);
	else if (rc == 0 && gk_diff_changes(lines, n) == 0)
		printf(_("v%d → v%d: the content is the same.\n"), from, to);
	else if (rc == 0) {
		if (decided == from)
			printf(_("v%d → v%d (you last decided on v%d)\n"), from,
			       to, from);
		else
			printf(_("v%d → v%d\n"), from, to);
		print_diff(lines, n, context);
	}
	free(lines);
	gk_item_free(&old_item);
	gk_item_free(&new_item);
	return rc < 0 ? fail(c, rc) : 0;
}

/*
 * Needs no database: the confidentiality scanner over a file or standard
 * input, one finding a line; exit 1 when there is any, as a check in a
 * script would want.
 */
static int cmd_scan(struct cli *c, int argc, char **argv)
{
	const char *encoding;
	struct gk_finding *found;
	size_t count;
	char *text;
	int rc;
	if ((rc = one_option(c, argc, argv, "encoding", 1, &encoding)))
		return rc;
	if (!encoding)
		encoding = "UTF-8";
	if (argc - optind > 1)
		return fail_usage(c, _("too many arguments"));
	const char *path = argc - optind == 1 && strcmp(argv[optind], "-") != 0
			       ? argv[optind]
			       : NULL;
	if ((rc = ready(c)) || (rc = read_text(c, path, encoding, &text)))
		return rc;
	size_t len = strlen(text);
	if (len > GK_BODY_MAX) {
		free(text);
		fprintf(stderr,
			_("gongkai: %s is too long to scan (more than %d "
			  "bytes).\n"),
			path ? path : _("standard input"), GK_BODY_MAX);
		return EXIT_DATA;
	}
	rc = gk_scan(text, len, &found, &count, &c->err);
	free(text);
	if (rc < 0)
		return fail(c, rc);
	for (size_t i = 0; i < count; i++)
		printf("%d\t%d\t%s\t%s\n", found[i].line, found[i].column,
		       gk_find_kind_key(found[i].kind), found[i].text);
	gk_scan_free(found, count);
	return count ? 1 : 0;
}

/* Needs no database: the key tables of the workstation's screens. */
static int cmd_keys(struct cli *c, int argc, char **argv)
{
	static const struct option none[] = {{0, 0, 0, 0}};
	if (next_opt(c, argc, argv, none) != -1)
		return EXIT_USAGE;
	if (argc - optind != 0)
		return fail_usage(c, _("too many arguments"));
	char *text = ui_keys_text();
	if (!text) {
		fprintf(stderr, "gongkai: %s\n", _("out of memory"));
		return 1;
	}
	fputs(text, stdout);
	free(text);
	return 0;
}

static int print_record(struct cli *c, const char *id, const char *format)
{
	enum gk_record_format f;
	if (strcmp(format, "text") == 0)
		f = GK_RECORD_TEXT;
	else if (strcmp(format, "html") == 0)
		f = GK_RECORD_HTML;
	else
		return fail_usage(c, _("--format is text or html, not '%s'"),
				  format);
	char *record;
	int rc = gk_secrecy_record(c->store, id, f, &record, &c->err);
	if (rc < 0)
		return fail(c, rc);
	fputs(record, stdout);
	free(record);
	return 0;
}

static int cmd_checklist(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"print", no_argument, NULL, 'p'},
	    {"format", required_argument, NULL, 'f'},
	    {0, 0, 0, 0}};
	const char *format = NULL;
	int print = 0, ch, rc;
	char id[GK_ID_HEX + 1];
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'p')
			print = 1;
		else
			format = optarg;
	}
	if (format && !print)
		return fail_usage(c, _("--format goes with --print"));
	if ((rc = want_args(c, argc, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	if (print)
		return print_record(c, id, format ? format : "text");
	struct gk_checklist list;
	if ((rc = gk_secrecy_load(c->store, id, &list, &c->err)) < 0)
		return fail(c, rc);
	char summary[256];
	gk_secrecy_summary(&list, summary, sizeof summary);
	printf(_("# v%d · checklist filled from step %d · %s\n"), list.version,
	       list.fill_step, summary);
	for (int i = 0; i < list.n_entries; i++) {
		const struct gk_check_entry *e = &list.entries[i];
		char at[GK_TIME_LEN] = "";
		if (e->answer[0])
			gk_time_local(gk_time_parse(e->at), at);
		printf("question\t%d\t%s\t%s\t%s\t%s\t%s\t%s%s\t%s\n", e->no,
		       e->code, gk_answer_label(e->answer),
		       !e->answer[0] ? "missing"
		       : e->stale    ? "stale"
				     : "current",
		       e->actor_login, at, e->text,
		       e->blocking ? "" : _(" [informational]"), e->note);
	}
	for (int i = 0; i < list.n_findings; i++) {
		const struct gk_item_finding *f = &list.findings[i];
		printf("finding\t%d\t%d:%d\t%s\t%s\t%s\t%s\n", i + 1, f->f.line,
		       f->f.column, gk_find_kind_key(f->f.kind), f->f.text,
		       f->dismissed ? "dismissed" : "open", f->reason);
	}
	gk_checklist_free(&list);
	return 0;
}

static int cmd_checklist_answer(struct cli *c, int argc, char **argv)
{
	const char *note;
	char id[GK_ID_HEX + 1];
	int rc;
	if ((rc = one_option(c, argc, argv, "note", 1, &note)) ||
	    (rc = want_args(c, argc, 3)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_secrecy_answer(c->store, c->me.id, id, argv[optind + 1],
			       argv[optind + 2], note, &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_checklist_confirm(struct cli *c, int argc, char **argv)
{
	char id[GK_ID_HEX + 1];
	int n, rc;
	if ((rc = plain_args(c, argc, argv, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_secrecy_confirm(c->store, c->me.id, id, &n, &c->err)) < 0)
		return fail(c, rc);
	printf(ngettext("%d answer confirmed\n", "%d answers confirmed\n",
			(unsigned long)n),
	       n);
	return 0;
}

static int cmd_checklist_questions(struct cli *c, int argc, char **argv)
{
	struct gk_checklist list;
	int rc;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_secrecy_questions(c->store, &list, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < list.n_entries; i++) {
		const struct gk_check_entry *e = &list.entries[i];
		printf("%d\t%s\t%s\t%s\t%s\n", e->no, e->code,
		       e->blocking ? "blocking" : "informational", e->text,
		       e->hint);
	}
	gk_checklist_free(&list);
	return 0;
}

static int cmd_checklist_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"text", required_argument, NULL, 't'},
	    {"hint", required_argument, NULL, 'h'},
	    {"informational", no_argument, NULL, 'i'},
	    {0, 0, 0, 0}};
	const char *text = NULL, *hint = NULL;
	int blocking = 1, ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 't')
			text = optarg;
		else if (ch == 'h')
			hint = optarg;
		else
			blocking = 0;
	}
	if (!text)
		return fail_usage(c, _("the question needs --text"));
	if ((rc = want_args(c, argc, 1)))
		return rc;
	rc = gk_secrecy_question_add(c->store, c->me.id, argv[optind], text,
				     hint, blocking, &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_checklist_blocking(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = plain_args(c, argc, argv, 2)))
		return rc;
	const char *value = argv[optind + 1];
	int blocking = strcmp(value, "yes") == 0  ? 1
		       : strcmp(value, "no") == 0 ? 0
						  : -1;
	if (blocking < 0)
		return fail_usage(c,
				  _("say yes (blocking) or no "
				    "(informational), not '%s'"),
				  value);
	rc = gk_secrecy_question_blocking(c->store, c->me.id, argv[optind],
					  blocking, &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

/* finding redact ID N... / finding dismiss ID N --reason R; both take
 * --hash H. */
static int finding_action(struct cli *c, int argc, char **argv, int redact)
{
	static const struct option longopts[] = {
	    {"reason", required_argument, NULL, 'r'},
	    {"hash", required_argument, NULL, 'h'},
	    {0, 0, 0, 0}};
	const char *reason = NULL, *hash = NULL;
	char id[GK_ID_HEX + 1];
	int nos[64], count = 0, ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'h')
			hash = optarg;
		else if (redact)
			return fail_usage(c, _("redact takes no --reason"));
		else
			reason = optarg;
	}
	if (!redact && !reason)
		return fail_usage(c, _("dismiss needs --reason saying why the "
				       "finding may be published"));
	/* The numbers, all from one listing: after a redaction the new
	 * version's findings are numbered anew. */
	for (int i = optind + 1; i < argc; i++) {
		const char *n = argv[i];
		char *end;
		long v = strtol(n, &end, 10);
		if (!*n || *end || v < 1 || v > INT_MAX)
			return fail_usage(c,
					  _("N is the number of a finding "
					    "as 'gongkai checklist ID' "
					    "lists them, not '%s'"),
					  n);
		if (count == (int)(sizeof nos / sizeof nos[0]))
			return fail_usage(c, _("at most %d findings at once"),
					  count);
		nos[count++] = (int)v;
	}
	if (argc - optind < 2 || !redact)
		if ((rc = want_args(c, argc, 2)))
			return rc;
	if ((rc = ready(c)) || (rc = resolve_item(c, argv[optind], id)))
		return rc;
	rc = redact ? gk_secrecy_redact(c->store, c->me.id, id, nos, count,
					hash, &c->err)
		    : gk_secrecy_dismiss(c->store, c->me.id, id, nos[0], hash,
					 reason, &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_finding_redact(struct cli *c, int argc, char **argv)
{
	return finding_action(c, argc, argv, 1);
}

static int cmd_finding_dismiss(struct cli *c, int argc, char **argv)
{
	return finding_action(c, argc, argv, 0);
}

static int cmd_audit_verify(struct cli *c, int argc, char **argv)
{
	int64_t checked;
	int rc;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	int64_t changes;
	if ((rc = gk_audit_verify(c->store, &checked, &c->err)) < 0 ||
	    (rc = gk_sync_verify_audit(c->store, &changes, &c->err)) < 0)
		return fail(c, rc);
	printf(_("The audit log verifies: %lld entries, every hash "
		 "matches.\n"),
	       (long long)checked);
	printf(_("The audit hashes carried by %lld changes of every station "
		 "match: no station rewrote its history.\n"),
	       (long long)changes);
	return 0;
}

/* ---- sync between stations ---------------------------------------------- */

static int cmd_sync_id(struct cli *c, int argc, char **argv)
{
	char fpr[GK_FPR_LEN];
	int rc;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_sync_fingerprint(c->store, fpr, &c->err)) < 0)
		return fail(c, rc);
	printf("%s\n%s\n", c->store->station_id, fpr);
	return 0;
}

static int cmd_sync_name(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = plain_args(c, argc, argv, 1)))
		return rc;
	if ((rc = gk_sync_rename(c->store, c->me.id, argv[optind], &c->err)) <
	    0)
		return fail(c, rc);
	printf(_("This station is now called %s.\n"), argv[optind]);
	return 0;
}

static int cmd_sync_export(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"to", required_argument, NULL, 't'},
	    {"full", no_argument, NULL, 'f'},
	    {0, 0, 0, 0}};
	const char *to = NULL;
	int full = 0, ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 't')
			to = optarg;
		else
			full = 1;
	}
	if (to && full)
		return fail_usage(c, _("--full writes every change; it takes "
				       "no --to"));
	if ((rc = want_args(c, argc, 1)))
		return rc;
	struct gk_sync_summary sum;
	if ((rc = gk_sync_export(c->store, c->me.id, argv[optind], to, full,
				 &sum, &c->err)) < 0)
		return fail(c, rc);
	printf(_("Wrote %s: %d changes, %lld bytes, signed and read back.\n"),
	       sum.path, sum.changes, (long long)sum.bytes);
	return 0;
}

/* --progress: one line a tenth, on stderr, as an import applies. */
static void print_progress(void *ctx, int done, int total)
{
	int *last = ctx;
	int tenth = total ? done * 10 / total : 10;
	if (tenth == *last && done != total)
		return;
	*last = tenth;
	fprintf(stderr, _("applied %d of %d changes\n"), done, total);
	fflush(stderr);
}

static int cmd_sync_import(struct cli *c, int argc, char **argv)
{
	const char *progress;
	int rc, status = 0;
	if ((rc = one_option(c, argc, argv, "progress", 0, &progress)))
		return rc;
	if (argc - optind < 1)
		return fail_usage(c, _("missing argument"));
	if ((rc = ready(c)))
		return rc;
	for (int i = optind; i < argc; i++) {
		struct gk_sync_summary sum;
		int last = -1;
		rc = gk_sync_import(c->store, c->me.id, argv[i],
				    progress ? print_progress : NULL, &last,
				    &sum, &c->err);
		if (rc < 0) {
			int st = fail(c, rc);
			if (!status)
				status = st;
			continue;
		}
		char said[1024];
		gk_sync_describe(&sum, said, sizeof said);
		printf("%s: %s\n", argv[i], said);
	}
	return status;
}

static int cmd_sync_peers(struct cli *c, int argc, char **argv)
{
	int rc, n;
	struct gk_station *s;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_sync_peers(c->store, &s, &n, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++) {
		char in[GK_TIME_LEN] = "-", out[GK_TIME_LEN] = "-";
		if (s[i].last_in[0] && !s[i].offered)
			gk_time_local(gk_time_parse(s[i].last_in), in);
		if (s[i].last_out[0])
			gk_time_local(gk_time_parse(s[i].last_out), out);
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%lld\n", s[i].id, s[i].name,
		       s[i].fingerprint,
		       s[i].self      ? "self"
		       : s[i].trusted ? "trusted"
		       : s[i].offered ? "offered"
				      : "untrusted",
		       in, out, (long long)s[i].waiting);
	}
	free(s);
	return 0;
}

static int cmd_sync_trust(struct cli *c, int argc, char **argv)
{
	char name[GK_STATION_NAME_MAX * 4 + 1];
	int rc;
	if ((rc = plain_args(c, argc, argv, 1)))
		return rc;
	if ((rc = gk_sync_trust(c->store, c->me.id, argv[optind], name,
				&c->err)) < 0)
		return fail(c, rc);
	if (name[0])
		printf(_("Trusted the key of station %s; import its file "
			 "again.\n"),
		       name);
	else
		printf(_("Trusted the key %s ahead of its first file.\n"),
		       argv[optind]);
	return 0;
}

static int cmd_sync_conflicts(struct cli *c, int argc, char **argv)
{
	int rc, n;
	struct gk_conflict *k;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_sync_conflicts(c->store, &k, &n, &c->err)) < 0)
		return fail(c, rc);
	if (!n)
		fputs(_("No open conflicts.\n"), stderr);
	for (int i = 0; i < n; i++) {
		char at[GK_TIME_LEN];
		gk_time_local(gk_time_parse(k[i].at), at);
		printf("%.8s\t%s\t%s\t%s\t%s\t%s\n", k[i].id, k[i].tbl,
		       k[i].item_id[0] ? k[i].item_id : "-",
		       k[i].title[0] ? k[i].title : "-", k[i].origin, at);
		for (char *line = k[i].changes; line && *line;) {
			char *nl = strchr(line, '\n');
			printf("\t%.*s\n", nl ? (int)(nl - line) : (int)strlen(line),
			       line);
			line = nl ? nl + 1 : line + strlen(line);
		}
	}
	gk_sync_conflicts_free(k, n);
	return 0;
}

static int cmd_sync_resolve(struct cli *c, int argc, char **argv)
{
	const char *take;
	int rc;
	if ((rc = one_option(c, argc, argv, "take", 1, &take)))
		return rc;
	if (!take || (strcmp(take, "local") != 0 && strcmp(take, "remote") != 0))
		return fail_usage(c, _("--take is local or remote"));
	if ((rc = want_args(c, argc, 1)))
		return rc;
	int remote = strcmp(take, "remote") == 0;
	if ((rc = gk_sync_resolve(c->store, c->me.id, argv[optind], remote,
				  &c->err)) < 0)
		return fail(c, rc);
	printf(remote ? _("Took the other station's version; the choice goes "
			  "out with the next file.\n")
		      : _("Kept this station's version; the choice goes out "
			  "with the next file.\n"));
	return 0;
}

/* ---- publishing, the catalog, search ------------------------------------ */

/* Split a comma-separated list in place into at most max items. */
static int split_list(char *list, const char **items, int max)
{
	int n = 0;
	for (char *p = strtok(list, ","); p && n < max; p = strtok(NULL, ","))
		items[n++] = p;
	return n;
}

static int cmd_publish(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"summary", required_argument, NULL, 's'},
	    {"channels", required_argument, NULL, 'c'},
	    {"date", required_argument, NULL, 'd'},
	    {"topic", required_argument, NULL, 't'},
	    {"genre", required_argument, NULL, 'g'},
	    {"issuer", required_argument, NULL, 'i'},
	    {"written", required_argument, NULL, 'w'},
	    {"scope", required_argument, NULL, 'S'},
	    {"keywords", required_argument, NULL, 'k'},
	    {"hash", required_argument, NULL, 'h'},
	    {0, 0, 0, 0}};
	struct gk_pub_meta m = {0};
	const char *channels[32];
	char *channel_list = NULL, id[GK_ID_HEX + 1],
	     index_no[GK_INDEX_NO_MAX + 1];
	int ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 's': m.summary = optarg; break;
		case 'c': channel_list = optarg; break;
		case 'd': m.published_on = optarg; break;
		case 't': m.topic = optarg; break;
		case 'g': m.genre = optarg; break;
		case 'i': m.issuer = optarg; break;
		case 'w': m.written_on = optarg; break;
		case 'S': m.scope = optarg; break;
		case 'k': m.keywords = optarg; break;
		default: m.seen_hash = optarg; break;
		}
	}
	if (!m.summary)
		return fail_usage(c, _("publish needs --summary (内容概述, at "
				       "most 100 characters)"));
	if (channel_list) {
		m.channel_count = split_list(channel_list, channels, 32);
		m.channels = channels;
	}
	if ((rc = want_args(c, argc, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_publish(c->store, c->me.id, id, &m, index_no, &c->err)) <
	    0)
		return fail(c, rc);
	printf("%s\n", index_no);
	struct gk_delivery *d;
	int n;
	if (gk_delivery_list(c->store, id, "failed", &d, &n, &c->err) == 0) {
		for (int i = 0; i < n; i++)
			fprintf(
			    stderr,
			    _("gongkai: delivery to %s failed: %s ('gongkai "
			      "delivery resend %.8s %s' tries again).\n"),
			    d[i].channel_name, d[i].note, id, d[i].channel);
		free(d);
	}
	return 0;
}

static int cmd_withdraw(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"reason", required_argument, NULL, 'r'},
	    {"status", required_argument, NULL, 's'},
	    {"date", required_argument, NULL, 'd'},
	    {0, 0, 0, 0}};
	const char *reason = NULL, *status = "expired", *date = NULL;
	char id[GK_ID_HEX + 1];
	int ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'r')
			reason = optarg;
		else if (ch == 'd')
			date = optarg;
		else if (!(status = gk_validity_parse(optarg)) ||
			 strcmp(status, "valid") == 0)
			return fail_usage(c, _("--status is 失效 (expired) or "
					       "废止 (abolished)"));
	}
	if (!reason)
		return fail_usage(c, _("withdraw needs --reason"));
	if ((rc = want_args(c, argc, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_publish_withdraw(c->store, c->me.id, id, status, date, reason,
				 &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_correct(struct cli *c, int argc, char **argv)
{
	char id[GK_ID_HEX + 1], new_id[GK_ID_HEX + 1];
	int rc;
	if ((rc = plain_args(c, argc, argv, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_publish_correct(c->store, c->me.id, id, new_id, &c->err)) <
	    0)
		return fail(c, rc);
	printf("%s\n", new_id);
	return 0;
}

/* Parse a whole number from lo to hi for option name, or say so. */
static int number_arg(struct cli *c, const char *name, const char *text, int lo,
		      int hi, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < lo || v > hi)
		return fail_usage(c, _("%s takes a number from %d to %d"), name,
				  lo, hi);
	*out = (int)v;
	return 0;
}

/* Write len bytes of doc to path, or to standard output for NULL. */
static int write_output(const char *path, const char *doc, size_t len)
{
	FILE *out = path ? fopen(path, "wb") : stdout;
	if (!out) {
		fprintf(stderr, _("gongkai: cannot write %s: %s\n"), path,
			strerror(errno));
		return 1;
	}
	int bad = fwrite(doc, 1, len, out) != len;
	bad |= path ? fclose(out) != 0 : fflush(out) != 0;
	if (bad) {
		fprintf(stderr, _("gongkai: cannot write %s: %s\n"),
			path ? path : _("standard output"), strerror(errno));
		return 1;
	}
	return 0;
}

static int cmd_catalog(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"category", required_argument, NULL, 'c'},
	    {"dept", required_argument, NULL, 'D'},
	    {"validity", required_argument, NULL, 'v'},
	    {"sort", required_argument, NULL, 's'},
	    {"reverse", no_argument, NULL, 'r'},
	    {"format", required_argument, NULL, 'f'},
	    {"encoding", required_argument, NULL, 'e'},
	    {"output", required_argument, NULL, 'o'},
	    {0, 0, 0, 0}};
	struct gk_catalog_filter f = {.sort = GK_CATALOG_SORT_INDEX};
	const char *encoding = "UTF-8", *output = NULL;
	int ch, rc, format = GK_EXPORT_TSV, sort;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'y':
			if ((rc = number_arg(c, "--year", optarg, 1949, 9999,
					     &f.year)))
				return rc;
			break;
		case 'c': f.category = optarg; break;
		case 'D': f.dept = optarg; break;
		case 'v':
			if (!(f.validity = gk_validity_parse(optarg)))
				return fail_usage(c,
						  _("--validity is 有效 "
						    "(valid), 失效 (expired) "
						    "or 废止 (abolished)"));
			break;
		case 's':
			if ((sort = gk_catalog_sort_parse(optarg)) < 0)
				return fail_usage(c, _("--sort is index, date, "
						       "title, category or "
						       "dept"));
			f.sort = (enum gk_catalog_sort)sort;
			break;
		case 'r': f.descending = 1; break;
		case 'f':
			if ((format = gk_export_format_parse(optarg)) < 0)
				return fail_usage(c, _("--format is tsv, csv "
						       "or html"));
			break;
		case 'e': encoding = optarg; break;
		default: output = optarg; break;
		}
	}
	if ((rc = want_args(c, argc, 0)))
		return rc;
	char *doc;
	size_t len;
	if ((rc = gk_catalog_export(c->store, &f, (enum gk_export_format)format,
				    encoding, &doc, &len, &c->err)) < 0)
		return fail(c, rc);
	rc = write_output(output, doc, len);
	free(doc);
	return rc;
}

/* The context of a search hit with its marks written as [ and ]. */
static void print_context(const char *context)
{
	for (const char *p = context; *p; p++) {
		if (*p == GK_MATCH_ON[0])
			putchar('[');
		else if (*p == GK_MATCH_OFF[0])
			putchar(']');
		else
			putchar(*p);
	}
}

static int cmd_search(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"limit", required_argument, NULL, 'l'},
	    {"published", no_argument, NULL, 'p'},
	    {0, 0, 0, 0}};
	int ch, rc, limit = 20, published = 0;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'p')
			published = 1;
		else if ((rc = number_arg(c, "--limit", optarg, 1, 1000,
					  &limit)))
			return rc;
	}
	if (argc - optind < 1)
		return fail_usage(c, _("missing argument"));
	/* The words may come as one argument or several. */
	char query[1024] = "";
	size_t used = 0;
	for (int i = optind; i < argc; i++)
		used += (size_t)snprintf(
		    query + used, used < sizeof query ? sizeof query - used : 0,
		    "%s%s", i > optind ? " " : "", argv[i]);
	if (used >= sizeof query)
		return fail_usage(c, _("the query is too long"));
	if ((rc = ready(c)))
		return rc;
	struct gk_search_hit *hits;
	int n;
	if ((rc = gk_search(c->store, c->me.id, query, published, limit, &hits,
			    &n, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++) {
		printf("%s\t%s\t%s\t%s\t%s\t", hits[i].item_id, hits[i].state,
		       hits[i].index_no[0] ? hits[i].index_no : "-",
		       hits[i].title, hits[i].field);
		print_context(hits[i].context);
		putchar('\n');
	}
	if (n == 0)
		fprintf(stderr, _("gongkai: nothing found for %s.\n"), query);
	else if (n == limit)
		fprintf(stderr,
			_("gongkai: these are the best %d; --limit shows "
			  "more.\n"),
			limit);
	gk_search_free(hits, n);
	return 0;
}

static int cmd_coverage_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"outlet", required_argument, NULL, 'o'},
	    {"kind", required_argument, NULL, 'k'},
	    {"date", required_argument, NULL, 'd'},
	    {"title", required_argument, NULL, 't'},
	    {0, 0, 0, 0}};
	const char *outlet = NULL, *kind = NULL, *date = NULL, *title = NULL;
	char id[GK_ID_HEX + 1];
	int ch, rc;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'o': outlet = optarg; break;
		case 'k': kind = optarg; break;
		case 'd': date = optarg; break;
		default: title = optarg; break;
		}
	}
	if (!outlet || !kind || !date)
		return fail_usage(c,
				  _("coverage add needs --outlet, --kind and "
				    "--date"));
	if ((rc = want_args(c, argc, 1)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_coverage_add(c->store, c->me.id, id, outlet, kind, date, title,
			     &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_coverage_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"year", required_argument, NULL, 'y'}, {0, 0, 0, 0}};
	char id[GK_ID_HEX + 1];
	const char *item;
	int ch, rc, year = 0;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if ((rc = number_arg(c, "--year", optarg, 1949, 9999, &year)))
			return rc;
	}
	if ((rc = optional_item(c, argc, argv, id, &item)))
		return rc;
	struct gk_coverage *cov;
	int n;
	if ((rc = gk_coverage_list(c->store, item, year, &cov, &n, &c->err)) <
	    0)
		return fail(c, rc);
	for (int i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", cov[i].appeared_on,
		       cov[i].kind, cov[i].outlet, cov[i].index_no,
		       cov[i].item_id, cov[i].title);
	free(cov);
	return 0;
}

static int cmd_delivery_list(struct cli *c, int argc, char **argv)
{
	const char *state;
	char id[GK_ID_HEX + 1];
	const char *item;
	int rc;
	if ((rc = one_option(c, argc, argv, "state", 1, &state)))
		return rc;
	if (state && strcmp(state, "pending") != 0 &&
	    strcmp(state, "delivered") != 0 && strcmp(state, "failed") != 0)
		return fail_usage(c, _("--state is pending, delivered or "
				       "failed"));
	if ((rc = optional_item(c, argc, argv, id, &item)))
		return rc;
	struct gk_delivery *d;
	int n;
	if ((rc = gk_delivery_list(c->store, item, state, &d, &n, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++) {
		char at[GK_TIME_LEN];
		gk_time_local(gk_time_parse(d[i].at), at);
		/* One line a delivery: the files, one a line inside, go
		 * on it separated by spaces. */
		for (char *p = d[i].files; *p; p++)
			if (*p == '\n')
				*p = ' ';
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d[i].item_id,
		       d[i].index_no, d[i].channel, d[i].state, at,
		       d[i].files[0] ? d[i].files : "-", d[i].note);
	}
	free(d);
	return 0;
}

/* delivery done|fail ID CHANNEL [--note N] */
static int mark_delivery(struct cli *c, int argc, char **argv,
			 const char *state)
{
	const char *note;
	char id[GK_ID_HEX + 1];
	int rc;
	if ((rc = one_option(c, argc, argv, "note", 1, &note)))
		return rc;
	if (strcmp(state, "failed") == 0 && !note)
		return fail_usage(c, _("delivery fail needs --note saying what "
				       "went wrong"));
	if ((rc = want_args(c, argc, 2)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_delivery_mark(c->store, c->me.id, id, argv[optind + 1], state,
			      note, &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_delivery_done(struct cli *c, int argc, char **argv)
{
	return mark_delivery(c, argc, argv, "delivered");
}

static int cmd_delivery_fail(struct cli *c, int argc, char **argv)
{
	return mark_delivery(c, argc, argv, "failed");
}

static int cmd_delivery_resend(struct cli *c, int argc, char **argv)
{
	char id[GK_ID_HEX + 1];
	int rc;
	if ((rc = plain_args(c, argc, argv, 2)) ||
	    (rc = resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_delivery_resend(c->store, c->me.id, id, argv[optind + 1],
				&c->err);
	if (rc < 0)
		return fail(c, rc);
	struct gk_delivery *d;
	int n;
	if (gk_delivery_list(c->store, id, "failed", &d, &n, &c->err) == 0) {
		for (int i = 0; i < n; i++) {
			if (strcmp(d[i].channel, argv[optind + 1]) != 0)
				continue;
			fprintf(stderr,
				_("gongkai: delivery to %s failed again: %s\n"),
				d[i].channel_name, d[i].note);
			rc = EXIT_DATA;
		}
		free(d);
	}
	return rc;
}

static int cmd_channel_list(struct cli *c, int argc, char **argv)
{
	const char *wide;
	int rc;
	if ((rc = one_option(c, argc, argv, "long", 0, &wide)) ||
	    (rc = want_args(c, argc, 0)))
		return rc;
	struct gk_channel *ch_list;
	int n;
	if ((rc = gk_channel_list(c->store, &ch_list, &n, &c->err)) < 0)
		return fail(c, rc);
	for (int i = 0; i < n; i++) {
		printf("%s\t%s", ch_list[i].code, ch_list[i].name);
		if (wide)
			printf("\t%s\t%s\t%s\t%s", ch_list[i].kind,
			       ch_list[i].encoding,
			       ch_list[i].planned ? "planned" : "-",
			       ch_list[i].kind[0] == 'm' ? "-"
							 : ch_list[i].outbox);
		putchar('\n');
	}
	free(ch_list);
	return 0;
}

static int cmd_channel_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"kind", required_argument, NULL, 'k'},
	    {"encoding", required_argument, NULL, 'e'},
	    {"outbox", required_argument, NULL, 'o'},
	    {"planned", no_argument, NULL, 'p'},
	    {0, 0, 0, 0}};
	const char *kind = "manual", *encoding = "UTF-8", *outbox = NULL;
	int ch, rc, planned = 0;
	while ((ch = next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'k': kind = optarg; break;
		case 'e': encoding = optarg; break;
		case 'o': outbox = optarg; break;
		default: planned = 1; break;
		}
	}
	if ((rc = want_args(c, argc, 2)))
		return rc;
	rc = gk_channel_add(c->store, c->me.id, argv[optind], argv[optind + 1],
			    kind, encoding, outbox, planned, &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_index_show(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	struct gk_agency agency;
	char next[GK_INDEX_NO_MAX + 1];
	if ((rc = gk_agency_get(c->store, &agency, &c->err)) < 0)
		return fail(c, rc);
	printf(_("Pattern: %s\n"), agency.index_pattern);
	printf(_("Allocated by station: %s%s\n"), agency.index_station,
	       strcmp(agency.index_station, c->store->station_id) == 0
		   ? _(" (this one)")
		   : "");
	if (gk_publish_preview(c->store, NULL, next, &c->err) == 0)
		printf(_("Next: %s\n"), next);
	return 0;
}

static int cmd_index_pattern(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = plain_args(c, argc, argv, 1)))
		return rc;
	rc = gk_index_pattern_set(c->store, c->me.id, argv[optind], &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static int cmd_index_take(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = plain_args(c, argc, argv, 0)))
		return rc;
	rc = gk_index_station_take(c->store, c->me.id, &c->err);
	return rc < 0 ? fail(c, rc) : 0;
}

static const struct command commands[] = {
    {"init",
     "--org NAME --org-code CODE --admin LOGIN [--admin-name NAME] "
     "[--station NAME] | --from FILE --admin LOGIN [--station NAME]",
     N_("set up a new database for an agency, or a new station"),
     N_("Creates the database, gives this station its id and signing key "
	"(DB.key beside the database, readable only by you), seeds the "
	"categories (栏目) and the review chain, and creates the first "
	"administrator. CODE is the 9-character organization code or the "
	"18-character unified social credit code. The administrator's "
	"password comes from GONGKAI_PASSWORD, else from the first line of "
	"standard input, or is asked twice on the terminal. With --from, "
	"the new database joins an agency instead: FILE is a full export "
	"('sync export --full') of one of its stations, whose key it "
	"trusts; LOGIN is an administrator of the agency, with their "
	"password. --station names the station."),
     0, cmd_init},
    {"demo", "[--logins]", N_("create a demo database to try gongkai on"),
     N_("Creates the database given by --db, which must not hold an "
	"agency yet, with a demonstration agency: 淄川区经济和信息化局, "
	"its departments, fifteen people and three dozen items in every "
	"state of the review chain, their history spread over the last "
	"three weeks. Prints the logins and the password they share. "
	"--logins only prints them. Needs no login."),
     0, cmd_demo},
    {"dept add",
     "NAME [--kind office|industry|institution|leadership] [--deputy LOGIN]",
     N_("add a department (admin)"),
     N_("Adds a department (科室, 产业办, 事业单位 or the bureau "
	"leadership). --deputy names the 分管 deputy who decides step 2 "
	"for its items; that user must hold the role deputy."),
     1, cmd_dept_add},
    {"dept deputy", "NAME LOGIN | NAME --none",
     N_("name or clear a department's deputy in charge (admin)"),
     N_("Sets the 分管 deputy of the department NAME to LOGIN, or with "
	"--none clears it, so that any deputy may decide step 2."),
     1, cmd_dept_deputy},
    {"dept list", "", N_("list departments"),
     N_("One department a line: name, kind, deputy's login."), 1,
     cmd_dept_list},
    {"user add", "LOGIN --name NAME --dept DEPT --roles ROLE[,ROLE...]",
     N_("add a user (admin)"),
     N_("Roles: drafter, dept-head, deputy, director, publisher, admin. "
	"The new user's password is the first line of standard input, or "
	"is asked twice on the terminal."),
     1, cmd_user_add},
    {"user unlock", "LOGIN", N_("end a login's lockout (admin)"),
     N_("After too many wrong passwords in a row a login is locked for a "
	"while (see 'gongkai setting'); this unlocks it at once."),
     1, cmd_user_unlock},
    {"user passwd", "LOGIN", N_("set a user's password"),
     N_("An administrator may set anyone's password, a user their own. "
	"The new password is the first line of standard input, or is "
	"asked twice on the terminal."),
     1, cmd_user_passwd},
    {"user list", "", N_("list users"),
     N_("One user a line: login, name, department, roles, and 'locked' "
	"when locked."),
     1, cmd_user_list},
    {"category list", "", N_("list the categories (栏目)"),
     N_("The catalog columns items are filed under, in order."), 1,
     cmd_category_list},
    {"setting", "[KEY VALUE]",
     N_("show or change the agency's settings (admin to change)"),
     N_("Without arguments lists every setting with its value. With KEY "
	"VALUE sets it: lockout-attempts (wrong passwords in a row that "
	"lock a login, default 5), lockout-minutes (default 15), "
	"checklist-step (the review step from which the confidentiality "
	"checklist is filled, default 1)."),
     1, cmd_setting},
    {"draft new",
     "--title T --category C [--doc-no N] [--attr ATTR] [--body-file F] "
     "[--encoding ENC]",
     N_("write a new item; prints its id"),
     N_("ATTR is active (主动公开, the default), on-request (依申请公开) "
	"or withheld (不予公开). The body is read from F, or from "
	"standard input; --encoding converts it from another encoding "
	"such as GB18030."),
     1, cmd_draft_new},
    {"draft edit",
     "ID [--title T] [--category C] [--doc-no N] [--attr ATTR] [--body-file F] "
     "[--encoding ENC]",
     N_("save changes to a draft or returned item as a new version"),
     N_("Only the author or an administrator edits. Editing a returned "
	"item makes it a draft again; its next submission starts the "
	"review chain over."),
     1, cmd_draft_edit},
    {"submit", "ID", N_("send an item to review"),
     N_("Sends the current version of a draft or returned item to step "
	"1 of the review chain."),
     1, cmd_submit},
    {"approve", "ID [--comment C] [--hash HASH]",
     N_("approve the item's current step; the last approval signs it off"),
     N_("With --hash, refuses when the item's content hash is no longer "
	"HASH (someone changed it since you read it)."),
     1, cmd_approve},
    {"return", "ID --comment C [--hash HASH]",
     N_("send an item back to its author (退回修改)"),
     N_("The comment says what to change; it is required."), 1, cmd_return},
    {"queue",
     "[drafts|returned|submitted|review|signoff|signed|all] [--limit N]",
     N_("list a queue, newest first"),
     N_("One item a line, tab-separated: id, state, step, updated, "
	"title. drafts, returned and submitted (in review) are your own "
	"items; review holds what "
	"you may decide now; signoff what waits for the last step; "
	"signed what is ready to publish. Default: all, 50 items."),
     1, cmd_queue},
    {"show", "ID [--json]", N_("show an item"),
     N_("--json prints one object with id, title, state (draft, review, "
	"returned, signed, published, withdrawn), step (1-based while in "
	"review, else 0), version and the other fields."),
     1, cmd_show},
    {"history", "ID", N_("show an item's timeline"),
     N_("Every event, oldest first: when, who, what, which version, "
	"which step, and the comment."),
     1, cmd_history},
    {"diff", "ID [--from N] [--to N] [--context N]",
     N_("show what changed between two versions of an item"),
     N_("By default from the version you last approved or returned to the "
	"current one; if you never decided on the item, from the version "
	"before. The first line says which versions, e.g. 'v1 → v3'. "
	"Changed fields (title, 文号, 栏目, 公开属性) come first, then the "
	"body's lines marked '- ' (removed), '+ ' (added) or '  ' "
	"(unchanged). Unchanged lines more than N (default 3) lines from a "
	"change are left out, each run as one line '@@ K unchanged lines "
	"@@'; a large N shows the whole body."),
     1, cmd_diff},
    {"checklist answer", "ID QUESTION 是|否 [--note N]",
     N_("answer a question of an item's confidentiality checklist"),
     N_("QUESTION is the question's number (1-13) or its code, as "
	"'gongkai checklist questions' lists them; the answer is 是 or 否 "
	"(yes or no). 是 to a blocking question needs --note saying what is "
	"affected and what is to be done. From the step named by the "
	"setting checklist-step (default 1, 科室负责人) on, whoever may "
	"decide the item's current step answers; answering again amends "
	"an answer, or confirms one given on an earlier version."),
     1, cmd_checklist_answer},
    {"checklist confirm", "ID",
     N_("confirm the answers given on an earlier version"),
     N_("After a new version (a redaction, an edit), answers given on the "
	"earlier version are stale and must be confirmed; this records "
	"each stale answer again, unchanged, on the current version. Read "
	"what changed first ('gongkai diff ID')."),
     1, cmd_checklist_confirm},
    {"checklist questions", "", N_("list the checklist's questions"),
     N_("One question a line: number, code, blocking or informational, "
	"the question and what it covers. A blocking question answered 是 "
	"stops the sign-off."),
     1, cmd_checklist_questions},
    {"checklist add", "CODE --text T [--hint H] [--informational]",
     N_("add a question to the checklist (admin)"),
     N_("CODE is a short name of lower-case letters, digits and '-'. The "
	"question gets the next number. --informational: 是 does not stop "
	"the sign-off."),
     1, cmd_checklist_add},
    {"checklist blocking", "QUESTION yes|no",
     N_("make a question blocking or informational (admin)"),
     N_("A blocking question answered 是 stops the sign-off; an "
	"informational one is answered but stops nothing."),
     1, cmd_checklist_blocking},
    {"checklist", "ID [--print [--format text|html]]",
     N_("show an item's confidentiality review (保密审查)"),
     N_("A first line '#' with the version and what is still open, then "
	"one line per question, tab-separated: 'question', number, code, "
	"answer (是, 否 or -), current, stale (answered on an earlier "
	"version: confirm it) or missing, who, when, the question, the "
	"note; then one line per finding of the scanner in the current "
	"version: 'finding', number, line:column, kind, text, open or "
	"dismissed, the reason. --print renders the 保密审查单 (review "
	"record) for printing and filing, as text or as an HTML page. The "
	"director's sign-off is refused while a question is missing or "
	"stale, a blocking question is answered 是, or a finding is open."),
     1, cmd_checklist},
    {"finding redact", "ID N... [--hash HASH]",
     N_("mask findings of an item in a new version"),
     N_("Masks the middle of an ID number (370302********1234), a mobile "
	"number (138****5678), a bank card number or an e-mail address, "
	"and saves the text as a new version: by the author of a draft, "
	"or by a reviewer of the checklist's step or later, the item "
	"staying at its step. A secrecy marking or restricted wording is "
	"not masked: the item is declassified or rewritten, or the "
	"finding dismissed. Give every number at once, as one listing of "
	"'gongkai checklist ID' shows them: the new version's findings are "
	"numbered anew. The checklist's answers must then be confirmed on "
	"the new version."),
     1, cmd_finding_redact},
    {"finding dismiss", "ID N --reason R [--hash HASH]",
     N_("dismiss finding N of an item, saying why"),
     N_("For what may be published, e.g. 公开的单位联系电话. The "
	"dismissal covers every occurrence of the same text in the item, "
	"in later versions too; it is recorded with who and when."),
     1, cmd_finding_dismiss},
    {"publish",
     "ID --summary S [--channels C1,C2] [--date D] [--topic T] [--genre G] "
     "[--issuer I] [--written D] [--scope S] [--keywords K] [--hash H]",
     N_("publish a signed-off item; prints its 索引号 (publisher)"),
     N_("Gives the item its index number (索引号), enters it in the catalog "
	"with --summary (内容概述, at most 100 characters, required) and the "
	"other catalog fields (主题分类, 体裁, 发布机构 (default: the agency), "
	"成文日期, 公开范围 (default 面向社会), keywords), and sends it to "
	"the channels (codes from 'gongkai channel list'; default: the planned "
	"ones). --date is the publication date (default today, never in the "
	"future); dates are YYYY-MM-DD. Refused unless the item is signed "
	"off, its confidentiality review is complete and its text is the "
	"signed version byte for byte; also when a channel's encoding cannot "
	"hold a character of it (the message names it). Files go to the "
	"outbox folder of each channel that takes them; a delivery that "
	"failed is reported on stderr."),
     1, cmd_publish},
    {"withdraw", "ID --reason R [--status 失效|废止] [--date D]",
     N_("end a published item's validity (publisher)"),
     N_("The item stays in the catalog with its status: 失效 (expired, "
	"the default) or 废止 (abolished), from --date (default today). To "
	"correct a published item, start a new item with 'gongkai "
	"correct'."),
     1, cmd_withdraw},
    {"correct", "ID",
     N_("start the correction of a published item; prints the new draft's "
	"id"),
     N_("Makes a new draft with the published content that names the "
	"publication it corrects, in that item's department; one correction "
	"at a time. It goes through review like any item; publishing it "
	"ends the old one's validity (失效, its page pointing to the new "
	"索引号)."),
     1, cmd_correct},
    {"catalog",
     "[--year Y] [--category C] [--dept D] [--validity V] [--sort K] "
     "[--reverse] [--format tsv|csv|html] [--encoding E] [--output FILE]",
     N_("print the catalog of published items (政府信息公开目录)"),
     N_("The fields of the catalog: 索引号, 名称, 内容概述, 发布机构, "
	"成文日期, 发布日期, 文号, 主题分类, 体裁分类, 栏目, 公开方式, "
	"公开范围, "
	"有效性, 废止日期, 关键词. tsv (the default) has a header line; csv is "
	"for "
	"spreadsheets (UTF-8 with a byte-order mark, or --encoding GB18030 "
	"for older ones); html is an index page. --sort is index (the "
	"default), date, title, category or dept."),
     1, cmd_catalog},
    {"search", "QUERY... [--limit N] [--published]",
     N_("full-text search over the items you may see"),
     N_("Every word must occur in the title, 内容概述, keywords, body, 文号 "
	"or 索引号; "
	"Chinese words of any length work. One hit a line, best first, "
	"tab-separated: id, state, 索引号 (or -), title, the field that "
	"matched, and the text around the match with the match in [ ]. "
	"--published searches the catalog only. Items that are not published "
	"are found by their author, their department and the bureau's "
	"leaders, publisher and administrators."),
     1, cmd_search},
    {"coverage add", "ID --outlet O --kind K --date D [--title T]",
     N_("record that a published item appeared in a medium (publisher)"),
     N_("稿件刊发: K is newspaper, online, tv or radio; --title names a "
	"piece about the item when it is not the item itself. The annual "
	"report counts these."),
     1, cmd_coverage_add},
    {"coverage list", "[ID] [--year Y]", N_("list media coverage"),
     N_("One record a line: date, kind, outlet, 索引号, item id, title."), 1,
     cmd_coverage_list},
    {"delivery list", "[ID] [--state pending|delivered|failed]",
     N_("list the deliveries of published items to their channels"),
     N_("One delivery a line: item id, 索引号, channel, state, time, the "
	"files written (or -), note."),
     1, cmd_delivery_list},
    {"delivery done", "ID CHANNEL [--note N]",
     N_("mark a delivery delivered (publisher)"), "", 1, cmd_delivery_done},
    {"delivery fail", "ID CHANNEL --note N",
     N_("mark a delivery failed, saying why (publisher)"), "", 1,
     cmd_delivery_fail},
    {"delivery resend", "ID CHANNEL",
     N_("deliver again: write the channel's files anew (publisher)"),
     N_("The delivery becomes pending again, or failed when the files "
	"cannot be written (exit status 65)."),
     1, cmd_delivery_resend},
    {"channel list", "[--long]", N_("list the publication channels"),
     N_("One channel a line: its code, then its name, tab-separated. "
	"--long adds the kind (web, screen, manual), the encoding, whether "
	"it is planned by default, and the outbox folder."),
     1, cmd_channel_list},
    {"channel add",
     "CODE NAME [--kind web|screen|manual] [--encoding UTF-8|GB18030|GBK] "
     "[--outbox DIR] [--planned]",
     N_("add a publication channel (admin)"),
     N_("web channels get each item as HTML and text files, screen "
	"channels one line of text, manual ones no files. Files go to "
	"--outbox (default: outbox/CODE beside the database)."),
     1, cmd_channel_add},
    {"index show", "", N_("show how 索引号 are made and the next one"), "", 1,
     cmd_index_show},
    {"index pattern", "PATTERN", N_("set the 索引号 pattern (admin)"),
     N_("Fields: <org-code>, <YYYY>, <MM>, and the serial as N's "
	"(<NNNNN>: five digits). The default is <org-code>/<YYYY>-<NNNNN>. "
	"Numbers already given never change."),
     1, cmd_index_pattern},
    {"index take", "",
     N_("make this station the one that gives 索引号 (admin)"),
     N_("Only one station of the agency gives index numbers, so they stay "
	"gap-free and unique. Take it over only after importing every change "
	"file of the station that gave them before."),
     1, cmd_index_take},
    {"sync id", "", N_("print this station's id and key fingerprint"),
     N_("Prints this station's id on the first line and the fingerprint "
	"of its signing key on the second. Read the fingerprint to the "
	"administrator of another station, who trusts it with 'gongkai "
	"sync trust'. Needs no login."),
     0, cmd_sync_id},
    {"sync name", "NAME", N_("name this station (admin)"),
     N_("Sets the name other stations show for this one, such as "
	"办公室 or 信息科-2. 'init --station NAME' sets it at the start."),
     1, cmd_sync_name},
    {"sync export", "FILE|FOLDER [--to STATION] [--full]",
     N_("write a signed change file for other stations"),
     N_("Writes the changes another station lacks into one file signed "
	"with this station's key: with --to, what STATION (a name or an id "
	"prefix) has not acknowledged; without, what some other station "
	"has not. Changes that came from other stations go along, so one "
	"station can relay between two that never meet. --full writes "
	"every change, the file 'init --from' starts a new station from. "
	"Given a folder (a USB stick), the file gets a new name "
	"gk-STATION-TIME.gksync there. The file is written under a "
	"temporary name, flushed, renamed, read back and verified."),
     1, cmd_sync_export},
    {"sync import", "FILE... [--progress]",
     N_("apply change files from other stations"),
     N_("Verifies each file before it touches anything (its agency, "
	"schema version, hash, signature by a trusted key, and that no "
	"earlier file is missing), then applies it in one transaction. A "
	"refused file changes nothing but the audit entry that records "
	"the refusal; a file imported before changes nothing. A row changed "
	"here and there at once becomes a conflict (see 'sync "
	"conflicts'). --progress prints how far it got on standard "
	"error."),
     1, cmd_sync_import},
    {"sync peers", "", N_("list the stations of the agency"),
     N_("One station a line: id, name, key fingerprint, trust (self, "
	"trusted, untrusted, or offered by a refused file), last file in, "
	"last file out, changes waiting to go to it."),
     1, cmd_sync_peers},
    {"sync trust", "FINGERPRINT", N_("trust a station's key (admin)"),
     N_("Trusts the key with this fingerprint: one a refused file "
	"offered (compare it with what 'gongkai sync id' prints on that "
	"station), or one given ahead of its first file. Trust travels to "
	"the other stations with the next file."),
     1, cmd_sync_trust},
    {"sync conflicts", "", N_("list rows changed on two stations at once"),
     N_("One conflict a line: its id, the table, the item, its title, "
	"the other station and when it was found; then a line for each "
	"column that differs, as here → there. Until it is resolved the "
	"item cannot move on."),
     1, cmd_sync_conflicts},
    {"sync resolve", "ID --take local|remote",
     N_("resolve a conflict by keeping one side"),
     N_("Keeps this station's row (local) or takes the other station's "
	"(remote). Both versions of an edited draft stay in its history: "
	"to merge, take one and edit it. The choice travels with the next "
	"file and every station writes the same row. The item's author, "
	"its department's head, a deputy, the director, the disclosure "
	"officer or an administrator may resolve."),
     1, cmd_sync_resolve},
    {"audit verify", "", N_("check the audit log's hash chain"),
     N_("Recomputes every entry's hash; names the first entry that was "
	"changed, removed or inserted."),
     1, cmd_audit_verify},
    {"scan", "[FILE|-] [--encoding ENC]",
     N_("look for secrecy markings and personal data in a text"),
     N_("Reads FILE, or standard input for - or none, converted from ENC "
	"(default UTF-8; e.g. GB18030, GBK), and prints one finding a line, "
	"tab-separated: line, column (both from 1, columns in characters), "
	"kind, text. The kinds: marking (密级标志 such as 秘密★1年), "
	"restricted (内部资料, 注意保密 and the like), id-number, mobile, "
	"bank-card, email. Exit status 0 when nothing is found, 1 when "
	"something is. Needs no login and no database."),
     0, cmd_scan},
    {"keys", "", N_("list the keys of the workstation, screen by screen"),
     N_("The workstation opens when gongkai runs without a command. This "
	"prints each screen's keys as its ? help shows them."),
     0, cmd_keys},
    {"help", "[COMMAND]", N_("show help for all commands or one"), "", 0,
     cmd_help},
};

#define N_COMMANDS (int)(sizeof commands / sizeof commands[0])

void cli_usage(void)
{
	printf(_("usage: gongkai [--db PATH] [--user LOGIN] COMMAND [ARGS]\n"
		 "       gongkai --version\n\n"
		 "  --db PATH     the database (else $GONGKAI_DB, else\n"
		 "                $XDG_DATA_HOME/gongkai/gongkai.db, else\n"
		 "                ~/.local/share/gongkai/gongkai.db)\n"
		 "  --user LOGIN  who you are (else $GONGKAI_USER); the "
		 "password comes from\n"
		 "                $GONGKAI_PASSWORD, else it is asked on the "
		 "terminal\n\n"
		 "Commands:\n"));
	int width = 0;
	for (int i = 0; i < N_COMMANDS; i++)
		if ((int)strlen(commands[i].name) > width)
			width = (int)strlen(commands[i].name);
	for (int i = 0; i < N_COMMANDS; i++)
		printf("  %-*s  %s\n", width, commands[i].name,
		       _(commands[i].summary));
	printf(_("\nAn ID may be any unique prefix (4 or more characters) of "
		 "an item's id.\nExit status: 0 done, 64 usage, 65 bad data, "
		 "66 no such item, user or file,\n77 refused, 1 anything "
		 "else. 'gongkai help COMMAND' tells more.\n"));
}

/* The command named by argv[0] (and argv[1] for two-word commands); sets
 * *words to how many arguments its name took. */
static const struct command *find_command(int argc, char **argv, int *words)
{
	for (int i = 0; i < N_COMMANDS; i++) {
		const char *name = commands[i].name, *space = strchr(name, ' ');
		if (!space && strcmp(argv[0], name) == 0) {
			*words = 1;
			return &commands[i];
		}
		if (space && argc > 1 &&
		    strncmp(argv[0], name, (size_t)(space - name)) == 0 &&
		    argv[0][space - name] == '\0' &&
		    strcmp(argv[1], space + 1) == 0) {
			*words = 2;
			return &commands[i];
		}
	}
	return NULL;
}

/* Say what is wrong with a command name; for a group such as "draft",
 * name its commands. */
static int unknown_command(const char *word)
{
	char group[256] = "";
	size_t used = 0, n = strlen(word);
	for (int i = 0; i < N_COMMANDS; i++) {
		const char *name = commands[i].name;
		if (strncmp(name, word, n) == 0 && name[n] == ' ')
			used += (size_t)snprintf(
			    group + used,
			    used < sizeof group ? sizeof group - used : 0,
			    "%s'%s'", used ? ", " : "", name);
	}
	if (used)
		return fail_usage(NULL, _("'%s' needs one more word: %s"), word,
				  group);
	return fail_usage(NULL,
			  _("unknown command '%s'; 'gongkai help' lists the "
			    "commands"),
			  word);
}

static int cmd_help(struct cli *c, int argc, char **argv)
{
	if (argc <= 1) {
		cli_usage();
		return 0;
	}
	int words;
	const struct command *cmd = find_command(argc - 1, argv + 1, &words);
	if (!cmd && argc == 2) {
		/* A group such as "delivery": each of its commands. */
		size_t n = strlen(argv[1]);
		int shown = 0;
		for (int i = 0; i < N_COMMANDS; i++) {
			const char *name = commands[i].name;
			if (strncmp(name, argv[1], n) != 0 || name[n] != ' ')
				continue;
			printf(_("usage: gongkai %s%s%s\n    %s.\n"), name,
			       commands[i].args[0] ? " " : "", commands[i].args,
			       _(commands[i].summary));
			shown++;
		}
		if (shown)
			return 0;
	}
	if (!cmd)
		return unknown_command(argv[1]);
	printf(_("usage: gongkai %s%s%s\n\n%s.\n"), cmd->name,
	       cmd->args[0] ? " " : "", cmd->args, _(cmd->summary));
	if (cmd->details[0])
		printf("\n%s\n", _(cmd->details));
	(void)c;
	return 0;
}

int cli_run(const struct cli_options *opts, int argc, char **argv)
{
	struct cli c = {.opts = opts};
	int words, rc;

	c.cmd = find_command(argc, argv, &words);
	if (!c.cmd)
		return unknown_command(argv[0]);
	/* Options follow the command's words; getopt sees them as argv. */
	argc -= words - 1;
	argv += words - 1;
	optind = 0; /* GNU getopt: start over on this argv */
	rc = c.cmd->run(&c, argc, argv);
	gk_store_close(c.store);
	return rc;
}
