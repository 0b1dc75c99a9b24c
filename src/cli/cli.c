/*
 * The command-line front end: the table of commands, the dispatcher, and
 * the helpers every command uses.  Each command parses and checks its
 * arguments, then (cli_want_args → cli_ready) opens the database and logs in,
 * calls ONE core function and prints the result; errors go to stderr as
 * "gongkai: message" with the exit status of the core's error code (err.h).
 *
 * The table `cli_commands` below is the single list of commands: `gongkai
 * help` and the dispatcher are generated from it; its flags say what a
 * command needs before it runs.  The commands live in one file per group
 * (cli_user.c, cli_sync.c …).
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "text.h"

int cli_fail_usage(struct cli *c, const char *fmt, ...)
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
int cli_fail(struct cli *c, int rc)
{
	fprintf(stderr, "gongkai: %s\n", c->err.msg);
	return gk_err_exit_status(rc);
}

/* ---- reading passwords, lines and files -------------------------------- */

/* Wipe and free a password. */
void cli_forget(char *secret)
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
char *cli_login_password(const char *login)
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
int cli_new_password(struct cli *c, int from_env, char **out)
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
			return cli_fail_usage(NULL,
					      _("Expected the new password "
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
			return cli_fail_usage(NULL,
					      _("No new password given."));
		if (gk_password_check(first, &c->err) < 0) {
			fprintf(stderr, "gongkai: %s\n", c->err.msg);
			cli_forget(first);
			continue;
		}
		char *again =
		    ask_secret(_("Repeat the new password: "), &no_tty);
		if (again && strcmp(first, again) == 0) {
			cli_forget(again);
			*out = first;
			return 0;
		}
		cli_forget(first);
		cli_forget(again);
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
int cli_read_text(struct cli *c, const char *path, const char *encoding,
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
	return rc < 0 ? cli_fail(c, rc) : 0;
}

/* ---- opening the database and logging in -------------------------------- */

int cli_open_store(struct cli *c, int create)
{
	int rc = gk_store_open(c->opts->db_path, create, &c->store, &c->err);
	if (rc < 0)
		return cli_fail(c, rc);
	if (!create && (rc = gk_store_require_init(c->store, &c->err)) < 0)
		return cli_fail(c, rc);
	return 0;
}

static int login(struct cli *c)
{
	const char *who = c->opts->login;
	if (!who)
		return cli_fail_usage(NULL,
				      _("Say who you are: --user LOGIN or "
					"the variable GONGKAI_USER."));
	char *password = cli_login_password(who);
	if (!password)
		return EXIT_USAGE;
	int rc = gk_auth_login(c->store, who, password, &c->me, &c->err);
	cli_forget(password);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

/* ---- option parsing ------------------------------------------------------ */

/*
 * getopt_long over a command's arguments (argv[0] is the command word).
 * Returns the option, -1 at the end, or '?' after printing the usage.
 */
int cli_next_opt(struct cli *c, int argc, char **argv,
		 const struct option *longopts)
{
	opterr = 0;
	int ch = getopt_long(argc, argv, "", longopts, NULL);
	if (ch == '?' || ch == ':') {
		cli_fail_usage(c, _("unknown or incomplete option '%s'"),
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
int cli_one_option(struct cli *c, int argc, char **argv, const char *name,
		   int takes_value, const char **value)
{
	const struct option longopts[] = {
	    {name, takes_value ? required_argument : no_argument, NULL, 'o'},
	    {0, 0, 0, 0}};
	int ch;
	*value = NULL;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
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
int cli_ready(struct cli *c)
{
	int rc;
	if (c->store || (c->cmd->flags & (CLI_CREATES_DB | CLI_NO_DB)))
		return 0;
	if ((rc = cli_open_store(c, 0)) || !(c->cmd->flags & CLI_LOGIN))
		return rc;
	return login(c);
}

/* Exactly n positional arguments must be left after the options; then the
 * command is ready to run. */
int cli_want_args(struct cli *c, int argc, int n)
{
	if (argc - optind != n)
		return cli_fail_usage(c, argc - optind < n
					     ? _("missing argument")
					     : _("too many arguments"));
	return cli_ready(c);
}

/* A command without options: exactly n arguments. */
int cli_plain_args(struct cli *c, int argc, char **argv, int n)
{
	static const struct option none[] = {{0, 0, 0, 0}};
	if (cli_next_opt(c, argc, argv, none) != -1)
		return EXIT_USAGE;
	return cli_want_args(c, argc, n);
}

int cli_resolve_item(struct cli *c, const char *prefix, char id[GK_ID_HEX + 1])
{
	int rc = gk_doc_resolve(c->store, prefix, id, &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

/* An optional ID after the options: its full id into id and *item = id,
 * or *item = NULL when there is none; then the command is ready. */
int cli_optional_item(struct cli *c, int argc, char **argv,
		      char id[GK_ID_HEX + 1], const char **item)
{
	int rc;
	*item = NULL;
	if (argc - optind > 1)
		return cli_fail_usage(c, _("too many arguments"));
	if ((rc = cli_ready(c)) ||
	    (argc - optind == 1 &&
	     (rc = cli_resolve_item(c, argv[optind], id))))
		return rc;
	if (argc - optind == 1)
		*item = id;
	return 0;
}

/* Parse a whole number from lo to hi for option name, or say so. */
int cli_number_arg(struct cli *c, const char *name, const char *text, int lo,
		   int hi, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < lo || v > hi)
		return cli_fail_usage(c, _("%s takes a number from %d to %d"),
				      name, lo, hi);
	*out = (int)v;
	return 0;
}

/* ---- the commands --------------------------------------------------- */

const struct command cli_commands[] = {
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
     CLI_CREATES_DB, cmd_init},
    {"demo", "[--logins] [--drafts N]",
     N_("create a demo database to try gongkai on"),
     N_("Creates the database given by --db, which must not hold an "
	"agency yet, with a demonstration agency: 淄川区经济和信息化局, "
	"its departments, fifteen people and three dozen items in every "
	"state of the review chain, their history spread over the last "
	"three weeks. Prints the logins and the password they share. "
	"--logins only prints them. --drafts N gives the officer 张伟 "
	"(zhangwei) N further drafts, so that queues run to several "
	"pages. Needs no login."),
     CLI_CREATES_DB, cmd_demo},
    {"dept add",
     "NAME [--kind office|industry|institution|leadership] [--deputy LOGIN]",
     N_("add a department (admin)"),
     N_("Adds a department (科室, 产业办, 事业单位 or the bureau "
	"leadership). --deputy names the 分管 deputy who decides step 2 "
	"for its items; that user must hold the role deputy."),
     CLI_LOGIN, cmd_dept_add},
    {"dept deputy", "NAME LOGIN | NAME --none",
     N_("name or clear a department's deputy in charge (admin)"),
     N_("Sets the 分管 deputy of the department NAME to LOGIN, or with "
	"--none clears it, so that any deputy may decide step 2."),
     CLI_LOGIN, cmd_dept_deputy},
    {"dept list", "", N_("list departments"),
     N_("One department a line: name, kind, deputy's login."), CLI_LOGIN,
     cmd_dept_list},
    {"user add", "LOGIN --name NAME --dept DEPT --roles ROLE[,ROLE...]",
     N_("add a user (admin)"),
     N_("Roles: drafter, dept-head, deputy, director, publisher, admin. "
	"The new user's password is the first line of standard input, or "
	"is asked twice on the terminal."),
     CLI_LOGIN, cmd_user_add},
    {"user unlock", "LOGIN", N_("end a login's lockout (admin)"),
     N_("After too many wrong passwords in a row a login is locked for a "
	"while (see 'gongkai setting'); this unlocks it at once."),
     CLI_LOGIN, cmd_user_unlock},
    {"user passwd", "LOGIN", N_("set a user's password"),
     N_("An administrator may set anyone's password, a user their own. "
	"The new password is the first line of standard input, or is "
	"asked twice on the terminal."),
     CLI_LOGIN, cmd_user_passwd},
    {"user list", "", N_("list users"),
     N_("One user a line: login, name, department, roles, and 'locked' "
	"when locked."),
     CLI_LOGIN, cmd_user_list},
    {"category list", "", N_("list the categories (栏目)"),
     N_("The catalog columns items are filed under, in order."), CLI_LOGIN,
     cmd_category_list},
    {"setting", "[KEY VALUE]",
     N_("show or change the agency's settings (admin to change)"),
     N_("Without arguments lists every setting with its value. With KEY "
	"VALUE sets it: lockout-attempts (wrong passwords in a row that "
	"lock a login, default 5), lockout-minutes (default 15), "
	"checklist-step (the review step from which the confidentiality "
	"checklist is filled, default 1)."),
     CLI_LOGIN, cmd_setting},
    {"draft new",
     "--title T --category C [--doc-no N] [--attr ATTR] [--body-file F] "
     "[--encoding ENC]",
     N_("write a new item; prints its id"),
     N_("ATTR is active (主动公开, the default), on-request (依申请公开) "
	"or withheld (不予公开). The body is read from F, or from "
	"standard input; --encoding converts it from another encoding "
	"such as GB18030."),
     CLI_LOGIN, cmd_draft_new},
    {"draft edit",
     "ID [--title T] [--category C] [--doc-no N] [--attr ATTR] [--body-file F] "
     "[--encoding ENC]",
     N_("save changes to a draft or returned item as a new version"),
     N_("Only the author or an administrator edits. Editing a returned "
	"item makes it a draft again; its next submission starts the "
	"review chain over."),
     CLI_LOGIN, cmd_draft_edit},
    {"submit", "ID", N_("send an item to review"),
     N_("Sends the current version of a draft or returned item to step "
	"1 of the review chain."),
     CLI_LOGIN, cmd_submit},
    {"approve", "ID [--comment C] [--hash HASH]",
     N_("approve the item's current step; the last approval signs it off"),
     N_("With --hash, refuses when the item's content hash is no longer "
	"HASH (someone changed it since you read it)."),
     CLI_LOGIN, cmd_approve},
    {"return", "ID --comment C [--hash HASH]",
     N_("send an item back to its author (退回修改)"),
     N_("The comment says what to change; it is required."), CLI_LOGIN,
     cmd_return},
    {"queue",
     "[drafts|returned|submitted|review|signoff|signed|all] [--limit N]",
     N_("list a queue, newest first"),
     N_("One item a line, tab-separated: id, state, step, updated, "
	"title. drafts, returned and submitted (in review) are your own "
	"items; review holds what "
	"you may decide now; signoff what waits for the last step; "
	"signed what is ready to publish. Default: all, 50 items."),
     CLI_LOGIN, cmd_queue},
    {"show", "ID [--json]", N_("show an item"),
     N_("--json prints one object with id, title, state (draft, review, "
	"returned, signed, published, withdrawn), step (1-based while in "
	"review, else 0), version and the other fields."),
     CLI_LOGIN, cmd_show},
    {"history", "ID", N_("show an item's timeline"),
     N_("Every event, oldest first: when, who, what, which version, "
	"which step, and the comment."),
     CLI_LOGIN, cmd_history},
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
     CLI_LOGIN, cmd_diff},
    {"checklist answer", "ID QUESTION 是|否 [--note N]",
     N_("answer a question of an item's confidentiality checklist"),
     N_("QUESTION is the question's number (1-13) or its code, as "
	"'gongkai checklist questions' lists them; the answer is 是 or 否 "
	"(yes or no). 是 to a blocking question needs --note saying what is "
	"affected and what is to be done. From the step named by the "
	"setting checklist-step (default 1, 科室负责人) on, whoever may "
	"decide the item's current step answers; answering again amends "
	"an answer, or confirms one given on an earlier version."),
     CLI_LOGIN, cmd_checklist_answer},
    {"checklist confirm", "ID",
     N_("confirm the answers given on an earlier version"),
     N_("After a new version (a redaction, an edit), answers given on the "
	"earlier version are stale and must be confirmed; this records "
	"each stale answer again, unchanged, on the current version. Read "
	"what changed first ('gongkai diff ID')."),
     CLI_LOGIN, cmd_checklist_confirm},
    {"checklist questions", "", N_("list the checklist's questions"),
     N_("One question a line: number, code, blocking or informational, "
	"the question and what it covers. A blocking question answered 是 "
	"stops the sign-off."),
     CLI_LOGIN, cmd_checklist_questions},
    {"checklist add", "CODE --text T [--hint H] [--informational]",
     N_("add a question to the checklist (admin)"),
     N_("CODE is a short name of lower-case letters, digits and '-'. The "
	"question gets the next number. --informational: 是 does not stop "
	"the sign-off."),
     CLI_LOGIN, cmd_checklist_add},
    {"checklist blocking", "QUESTION yes|no",
     N_("make a question blocking or informational (admin)"),
     N_("A blocking question answered 是 stops the sign-off; an "
	"informational one is answered but stops nothing."),
     CLI_LOGIN, cmd_checklist_blocking},
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
     CLI_LOGIN, cmd_checklist},
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
     CLI_LOGIN, cmd_finding_redact},
    {"finding dismiss", "ID N --reason R [--hash HASH]",
     N_("dismiss finding N of an item, saying why"),
     N_("For what may be published, e.g. 公开的单位联系电话. The "
	"dismissal covers every occurrence of the same text in the item, "
	"in later versions too; it is recorded with who and when."),
     CLI_LOGIN, cmd_finding_dismiss},
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
     CLI_LOGIN, cmd_publish},
    {"withdraw", "ID --reason R [--status 失效|废止] [--date D]",
     N_("end a published item's validity (publisher)"),
     N_("The item stays in the catalog with its status: 失效 (expired, "
	"the default) or 废止 (abolished), from --date (default today). To "
	"correct a published item, start a new item with 'gongkai "
	"correct'."),
     CLI_LOGIN, cmd_withdraw},
    {"correct", "ID",
     N_("start the correction of a published item; prints the new draft's "
	"id"),
     N_("Makes a new draft with the published content that names the "
	"publication it corrects, in that item's department; one correction "
	"at a time. It goes through review like any item; publishing it "
	"ends the old one's validity (失效, its page pointing to the new "
	"索引号)."),
     CLI_LOGIN, cmd_correct},
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
     CLI_LOGIN, cmd_catalog},
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
     CLI_LOGIN, cmd_search},
    {"coverage add", "ID --outlet O --kind K --date D [--title T]",
     N_("record that a published item appeared in a medium (publisher)"),
     N_("稿件刊发: K is newspaper, online, tv or radio; --title names a "
	"piece about the item when it is not the item itself. The annual "
	"report counts these."),
     CLI_LOGIN, cmd_coverage_add},
    {"coverage list", "[ID] [--year Y]", N_("list media coverage"),
     N_("One record a line: date, kind, outlet, 索引号, item id, title."),
     CLI_LOGIN, cmd_coverage_list},
    {"delivery list", "[ID] [--state pending|delivered|failed]",
     N_("list the deliveries of published items to their channels"),
     N_("One delivery a line: item id, 索引号, channel, state, time, the "
	"files written (or -), note."),
     CLI_LOGIN, cmd_delivery_list},
    {"delivery done", "ID CHANNEL [--note N]",
     N_("mark a delivery delivered (publisher)"), "", CLI_LOGIN,
     cmd_delivery_done},
    {"delivery fail", "ID CHANNEL --note N",
     N_("mark a delivery failed, saying why (publisher)"), "", CLI_LOGIN,
     cmd_delivery_fail},
    {"delivery resend", "ID CHANNEL",
     N_("deliver again: write the channel's files anew (publisher)"),
     N_("The delivery becomes pending again, or failed when the files "
	"cannot be written (exit status 65)."),
     CLI_LOGIN, cmd_delivery_resend},
    {"channel list", "[--long]", N_("list the publication channels"),
     N_("One channel a line: its code, then its name, tab-separated. "
	"--long adds the kind (web, screen, manual), the encoding, whether "
	"it is planned by default, and the outbox folder."),
     CLI_LOGIN, cmd_channel_list},
    {"channel add",
     "CODE NAME [--kind web|screen|manual] [--encoding UTF-8|GB18030|GBK] "
     "[--outbox DIR] [--planned]",
     N_("add a publication channel (admin)"),
     N_("web channels get each item as HTML and text files, screen "
	"channels one line of text, manual ones no files. Files go to "
	"--outbox (default: outbox/CODE beside the database)."),
     CLI_LOGIN, cmd_channel_add},
    {"index show", "", N_("show how 索引号 are made and the next one"), "",
     CLI_LOGIN, cmd_index_show},
    {"index pattern", "PATTERN", N_("set the 索引号 pattern (admin)"),
     N_("Fields: <org-code>, <YYYY>, <MM>, and the serial as N's "
	"(<NNNNN>: five digits). The default is <org-code>/<YYYY>-<NNNNN>. "
	"Numbers already given never change."),
     CLI_LOGIN, cmd_index_pattern},
    {"index take", "",
     N_("make this station the one that gives 索引号 (admin)"),
     N_("Only one station of the agency gives index numbers, so they stay "
	"gap-free and unique. Take it over only after importing every change "
	"file of the station that gave them before."),
     CLI_LOGIN, cmd_index_take},
    {"sync id", "", N_("print this station's id and key fingerprint"),
     N_("Prints this station's id on the first line and the fingerprint "
	"of its signing key on the second. Read the fingerprint to the "
	"administrator of another station, who trusts it with 'gongkai "
	"sync trust'. Needs no login."),
     0, cmd_sync_id},
    {"sync name", "NAME", N_("name this station (admin)"),
     N_("Sets the name other stations show for this one, such as "
	"办公室 or 信息科-2. 'init --station NAME' sets it at the start."),
     CLI_LOGIN, cmd_sync_name},
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
     CLI_LOGIN, cmd_sync_export},
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
     CLI_LOGIN, cmd_sync_import},
    {"sync peers", "", N_("list the stations of the agency"),
     N_("One station a line: id, name, key fingerprint, trust (self, "
	"trusted, untrusted, or offered by a refused file), last file in, "
	"last file out, changes waiting to go to it."),
     CLI_LOGIN, cmd_sync_peers},
    {"sync trust", "FINGERPRINT", N_("trust a station's key (admin)"),
     N_("Trusts the key with this fingerprint: one a refused file "
	"offered (compare it with what 'gongkai sync id' prints on that "
	"station), or one given ahead of its first file. Trust travels to "
	"the other stations with the next file."),
     CLI_LOGIN, cmd_sync_trust},
    {"sync conflicts", "", N_("list rows changed on two stations at once"),
     N_("One conflict a line: its id, the table, the item (- for another "
	"row), its title (or the row's name, such as a department's), the "
	"other station and when it was found; then a line for each column "
	"that differs, as here → there. Until it is resolved the item cannot "
	"move on."),
     CLI_LOGIN, cmd_sync_conflicts},
    {"sync resolve", "ID --take local|remote",
     N_("resolve a conflict by keeping one side"),
     N_("Keeps this station's row (local) or takes the other station's "
	"(remote). Both versions of an edited draft stay in its history: "
	"to merge, take one and edit it. The choice travels with the next "
	"file and every station writes the same row. The item's author, "
	"its department's head, a deputy, the director, the disclosure "
	"officer or an administrator may resolve."),
     CLI_LOGIN, cmd_sync_resolve},
    {"audit verify", "", N_("check the audit log's hash chain"),
     N_("Recomputes every entry's hash; names the first entry that was "
	"changed, removed or inserted."),
     CLI_LOGIN, cmd_audit_verify},
    {"scan", "[FILE|-] [--encoding ENC]",
     N_("look for secrecy markings and personal data in a text"),
     N_("Reads FILE, or standard input for - or none, converted from ENC "
	"(default UTF-8; e.g. GB18030, GBK), and prints one finding a line, "
	"tab-separated: line, column (both from 1, columns in characters), "
	"kind, text. The kinds: marking (密级标志 such as 秘密★1年), "
	"restricted (内部资料, 注意保密 and the like), id-number, mobile, "
	"bank-card, email. Exit status 0 when nothing is found, 1 when "
	"something is. Needs no login and no database."),
     CLI_NO_DB, cmd_scan},
    {"keys", "", N_("list the keys of the workstation, screen by screen"),
     N_("The workstation opens when gongkai runs without a command. This "
	"prints each screen's keys as its ? help shows them."),
     CLI_NO_DB, cmd_keys},
    {"help", "[COMMAND]", N_("show help for all commands or one"), "",
     CLI_NO_DB, cmd_help},
};

#define N_COMMANDS (int)(sizeof cli_commands / sizeof cli_commands[0])

const int cli_n_commands = N_COMMANDS;

/* The command named by argv[0] (and argv[1] for two-word commands); sets
 * *words to how many arguments its name took. */
const struct command *cli_find_command(int argc, char **argv, int *words)
{
	for (int i = 0; i < N_COMMANDS; i++) {
		const char *name = cli_commands[i].name,
			   *space = strchr(name, ' ');
		if (!space && strcmp(argv[0], name) == 0) {
			*words = 1;
			return &cli_commands[i];
		}
		if (space && argc > 1 &&
		    strncmp(argv[0], name, (size_t)(space - name)) == 0 &&
		    argv[0][space - name] == '\0' &&
		    strcmp(argv[1], space + 1) == 0) {
			*words = 2;
			return &cli_commands[i];
		}
	}
	return NULL;
}

/* Say what is wrong with a command name; for a group such as "draft",
 * name its commands. */
int cli_unknown_command(const char *word)
{
	char group[256] = "";
	size_t used = 0, n = strlen(word);
	for (int i = 0; i < N_COMMANDS; i++) {
		const char *name = cli_commands[i].name;
		if (strncmp(name, word, n) == 0 && name[n] == ' ')
			used += (size_t)snprintf(
			    group + used,
			    used < sizeof group ? sizeof group - used : 0,
			    "%s'%s'", used ? ", " : "", name);
	}
	if (used)
		return cli_fail_usage(NULL, _("'%s' needs one more word: %s"),
				      word, group);
	return cli_fail_usage(
	    NULL,
	    _("unknown command '%s'; 'gongkai help' lists the "
	      "commands"),
	    word);
}

int cli_run(const struct cli_options *opts, int argc, char **argv)
{
	struct cli c = {.opts = opts};
	int words, rc;

	c.cmd = cli_find_command(argc, argv, &words);
	if (!c.cmd)
		return cli_unknown_command(argv[0]);
	/* Options follow the command's words; getopt sees them as argv. */
	argc -= words - 1;
	argv += words - 1;
	optind = 0; /* GNU getopt: start over on this argv */
	rc = c.cmd->run(&c, argc, argv);
	gk_store_close(c.store);
	return rc;
}
