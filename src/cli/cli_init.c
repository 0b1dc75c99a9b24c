/*
 * Setting up a database: init (a new agency, or with --from a new station
 * of one), demo.  These commands create the database themselves.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agency.h"
#include "demo.h"
#include "sync.h"
#include "width.h"

/* Delete a database this command created and could not finish. */
static void remove_database(struct cli *c);

/* init --from FILE: a new station of an agency from a full export. */
static int init_from(struct cli *c, const char *file, const char *admin,
		     const char *station, int other_options)
{
	if (other_options)
		return cli_fail_usage(c,
				      _("init --from takes the agency from the "
					"file: no --org, --org-code or "
					"--admin-name"));
	if (!admin)
		return cli_fail_usage(c, _("init --from needs --admin, an "
					   "administrator of the agency"));
	struct stat sb;
	if (stat(c->opts->db_path, &sb) == 0 && sb.st_size > 0) {
		fprintf(stderr,
			_("gongkai: %s exists already; a new station "
			  "starts from a new database.\n"),
			c->opts->db_path);
		return gk_err_exit_status(GK_EEXIST);
	}
	char *password = cli_login_password(admin);
	if (!password)
		return EXIT_USAGE;
	int rc = cli_open_store(c, 1);
	struct gk_sync_summary sum;
	if (rc == 0 && (rc = gk_sync_join(c->store, file, station, admin,
					  password, &sum, &c->err)) < 0) {
		rc = cli_fail(c, rc);
		remove_database(c);
	}
	cli_forget(password);
	if (rc)
		return rc;
	char fpr[GK_FPR_LEN];
	if ((rc = gk_sync_fingerprint(c->store, fpr, &c->err)) < 0)
		return cli_fail(c, rc);
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

int cmd_init(struct cli *c, int argc, char **argv)
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
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
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
	if ((rc = cli_want_args(c, argc, 0)))
		return rc;
	if (from)
		return init_from(c, from, admin, station, org || code || name);
	if (!org || !code || !admin)
		return cli_fail_usage(c, _("init needs --org, --org-code and "
					   "--admin"));
	char *password;
	if ((rc = cli_new_password(c, 1, &password)))
		return rc;
	if ((rc = cli_open_store(c, 1)) == 0) {
		rc = gk_agency_init(c->store, org, code, admin,
				    name ? name : admin, password, &c->err);
		struct gk_user first;
		if (rc == 0 && station &&
		    (rc = gk_user_load(c->store, admin, 1, &first, &c->err)) ==
			0)
			rc = gk_sync_rename(c->store, first.id, station,
					    &c->err);
		rc = rc < 0 ? cli_fail(c, rc) : 0;
	}
	cli_forget(password);
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
		int cols = gk_width(logins[i].name);
		widest = cols > widest ? cols : widest;
	}
	printf(_("The demo logins; each has the password %s:\n"),
	       GK_DEMO_PASSWORD);
	for (int i = 0; i < n; i++) {
		/* Names line up by display width (src/width.c measures). */
		gk_width_fit(logins[i].name, widest, 1, name, sizeof name);
		printf("  %-12s %s  %s\n", logins[i].login, name,
		       _(logins[i].what));
	}
}

/* Delete a database this command created and could not finish. */
static void remove_database(struct cli *c)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal",
					       ".key"};
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

int cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"logins", no_argument, NULL, 'l'},
	    {"drafts", required_argument, NULL, 'd'},
	    {0, 0, 0, 0}};
	int logins_only = 0, drafts = 0, rc, ch;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'l')
			logins_only = 1;
		else if ((rc = cli_number_arg(c, "--drafts", optarg, 1, 100000,
					      &drafts)))
			return rc;
	}
	if ((rc = cli_want_args(c, argc, 0)))
		return rc;
	if (logins_only) {
		print_demo_logins();
		return 0;
	}
	/* A file with something in it is not ours to delete on failure. */
	struct stat sb;
	int existed = stat(c->opts->db_path, &sb) == 0 && sb.st_size > 0;
	if ((rc = cli_open_store(c, 1)))
		return rc;
	if ((rc = gk_demo_create(c->store, &c->err)) < 0 ||
	    (drafts &&
	     (rc = gk_demo_add_drafts(c->store, drafts, &c->err)) < 0)) {
		int status = cli_fail(c, rc);
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
	if (drafts)
		printf(ngettext("%s (%s) has %d further draft.\n\n",
				"%s (%s) has %d further drafts.\n\n", drafts),
		       "张伟", "zhangwei", drafts);
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
