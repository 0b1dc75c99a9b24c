/*
 * gongkai (公开) — a terminal workstation for the government-information
 * disclosure work (政府信息公开) of a Chinese administrative agency.
 *
 * The architecture in one breath: src/ holds the core library — no
 * curses, no printing, no exit — and two front ends sit on top of it and
 * call the same core functions: the command line (src/cli/, one file per
 * command group) and the full-screen workstation (ui/).  The SQLite
 * schema and reference data live in db/ and are compiled in.
 *
 * The core, from the bottom up:
 *   err, i18n            error codes and messages; gettext
 *   store, embedded      the SQLite file, migrations, transactions with a
 *                        recorder (sync's), ids, the clock
 *   text, width, cndate  text at the edges (iconv, one-line checks, 书名号);
 *                        display width and line breaking (禁则); China dates
 *   vocab                one lookup for the X-macro vocabularies
 *   audit                the append-only, hash-chained audit log
 *   agency, auth         the agency and its settings; people, departments,
 *                        roles, passwords
 *   doc                  items, versions, states, events, history
 *   chain                the review chain and who may decide a step
 *   flow                 submit, approve, return; the queues
 *   scan, secrecy,       the scanner (pure); 保密审查 and its printed
 *   secrecy_record       record (保密审查单)
 *   index, publish,      索引号; publishing, withdrawal, corrections;
 *   channel, coverage    channels and deliveries; media coverage
 *   catalog, diff        the 公开目录 and search; what changed
 *   sync_*               stations and signed change files: record, format
 *                        (pure), export, import, conflict, station
 *   demo                 the demonstration agency
 * docs/architecture.md walks the files in reading order and follows one
 * action from its key to its changeset.
 *
 * Start reading main(), then cli_run() in src/cli/cli.c, then src/flow.h.
 */
#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config.h"
#include "i18n.h"
#include "store.h"
#include "../ui/ui.h"

/*
 * Where the message catalogs are: $GONGKAI_LOCALEDIR, else locale/ beside
 * the binary's directory (a build tree: bin/../locale), else the installed
 * LOCALEDIR.
 */
static const char *locale_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("GONGKAI_LOCALEDIR");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		struct stat sb;
		snprintf(dir, sizeof dir, "%s/../locale", dirname(exe));
		if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
			return dir;
	}
	return LOCALEDIR;
}

/*
 * Follow the locale of the environment.  When the named locale is not
 * installed, setlocale fails and wide-character output would break: fall
 * back to C.UTF-8, keep the language it named for the messages, and say
 * so.  Text is always UTF-8.
 */
static void setup_locale(void)
{
	const char *missing = NULL;
	if (!setlocale(LC_ALL, "")) {
		missing = getenv("LC_ALL");
		if (!missing || !*missing)
			missing = getenv("LC_MESSAGES");
		if (!missing || !*missing)
			missing = getenv("LANG");
		setlocale(LC_ALL, "C.UTF-8");
		const char *language = getenv("LANGUAGE");
		if (missing && (!language || !*language)) {
			char lang[64];
			snprintf(lang, sizeof lang, "%s", missing);
			lang[strcspn(lang, ".@")] = '\0';
			setenv("LANGUAGE", lang, 1);
		}
	}
	/* gettext ignores LANGUAGE under the plain C locale; C.UTF-8 is the
	 * same locale with UTF-8, and honours it. */
	const char *messages = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");
	if (language && *language && messages &&
	    (strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0))
		setlocale(LC_ALL, "C.UTF-8");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	bindtextdomain(GK_TEXTDOMAIN, locale_dir());
	bind_textdomain_codeset(GK_TEXTDOMAIN, "UTF-8");
	textdomain(GK_TEXTDOMAIN);
	/* Said once to a person; scripts' logs stay clean. */
	if (missing && isatty(STDERR_FILENO))
		fprintf(stderr,
			_("gongkai: the locale %s is not installed; using "
			  "C.UTF-8.\n"),
			missing);
}

/* $GONGKAI_DB, else $XDG_DATA_HOME/gongkai/gongkai.db, else the same
 * under ~/.local/share. */
static const char *default_db(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("GONGKAI_DB");
	if (env && *env)
		return env;
	const char *data = getenv("XDG_DATA_HOME");
	if (data && *data)
		snprintf(path, sizeof path, "%s/gongkai/gongkai.db", data);
	else
		snprintf(path, sizeof path,
			 "%s/.local/share/gongkai/gongkai.db",
			 getenv("HOME") ? getenv("HOME") : ".");
	return path;
}

/*
 * The global options --db and --user may stand anywhere before "--", as
 * GNU tools take options: take them out of argv (which keeps the command
 * and its own arguments, in order) into opts.  Returns the new argc, or -1
 * after saying what is wrong.
 */
static int take_global_options(int argc, char **argv, struct cli_options *opts)
{
	int kept = 1;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--") == 0) {
			while (i < argc)
				argv[kept++] = argv[i++];
			break;
		}
		const char **slot = NULL;
		size_t len = 0;
		if (strncmp(arg, "--db", 4) == 0 && (!arg[4] || arg[4] == '='))
			slot = &opts->db_path, len = 4;
		else if (strncmp(arg, "--user", 6) == 0 &&
			 (!arg[6] || arg[6] == '='))
			slot = &opts->login, len = 6;
		if (!slot) {
			argv[kept++] = argv[i];
			continue;
		}
		if (arg[len] == '=') {
			*slot = arg + len + 1;
		} else if (++i < argc) {
			*slot = argv[i];
		} else {
			fprintf(stderr, _("gongkai: %s needs a value\n"), arg);
			return -1;
		}
	}
	argv[kept] = NULL;
	return kept;
}

int main(int argc, char **argv)
{
	struct cli_options opts = {default_db(), getenv("GONGKAI_USER")};

	setup_locale();
	if (opts.login && !*opts.login)
		opts.login = NULL;
	if ((argc = take_global_options(argc, argv, &opts)) < 0)
		return 64;
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("gongkai %s (schema %d)\n", GK_VERSION,
		       gk_store_schema_version());
		return 0;
	}
	if (argc > 1 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_usage();
		return 0;
	}
	if (argc > 1 && argv[1][0] == '-') {
		fprintf(stderr,
			_("gongkai: unknown option '%s'; see 'gongkai help'\n"),
			argv[1]);
		return 64;
	}
	if (argc == 1) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, _("gongkai: the workstation needs a "
					  "terminal; 'gongkai help' lists the "
					  "commands\n"));
			return 64;
		}
		return ui_run(opts.db_path, opts.login);
	}
	return cli_run(&opts, argc - 1, argv + 1);
}
