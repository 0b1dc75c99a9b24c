/*
 * The confidentiality review (保密审查): checklist, finding, and scan, the
 * scanner over any text, which needs no database.
 */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "secrecy.h"

static int print_record(struct cli *c, const char *id, const char *format)
{
	enum gk_record_format f;
	if (strcmp(format, "text") == 0)
		f = GK_RECORD_TEXT;
	else if (strcmp(format, "html") == 0)
		f = GK_RECORD_HTML;
	else
		return cli_fail_usage(
		    c, _("--format is text or html, not '%s'"), format);
	char *record;
	int rc = gk_secrecy_record(c->store, id, f, &record, &c->err);
	if (rc < 0)
		return cli_fail(c, rc);
	fputs(record, stdout);
	free(record);
	return 0;
}

int cmd_checklist(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"print", no_argument, NULL, 'p'},
	    {"format", required_argument, NULL, 'f'},
	    {0, 0, 0, 0}};
	const char *format = NULL;
	int print = 0, ch, rc;
	char id[GK_ID_HEX + 1];
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'p')
			print = 1;
		else
			format = optarg;
	}
	if (format && !print)
		return cli_fail_usage(c, _("--format goes with --print"));
	if ((rc = cli_want_args(c, argc, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	if (print)
		return print_record(c, id, format ? format : "text");
	struct gk_checklist list;
	if ((rc = gk_secrecy_load(c->store, id, &list, &c->err)) < 0)
		return cli_fail(c, rc);
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

int cmd_checklist_answer(struct cli *c, int argc, char **argv)
{
	const char *note;
	char id[GK_ID_HEX + 1];
	int rc;
	if ((rc = cli_one_option(c, argc, argv, "note", 1, &note)) ||
	    (rc = cli_want_args(c, argc, 3)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_secrecy_answer(c->store, c->me.id, id, argv[optind + 1],
			       argv[optind + 2], note, &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_checklist_confirm(struct cli *c, int argc, char **argv)
{
	char id[GK_ID_HEX + 1];
	int n, rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_secrecy_confirm(c->store, c->me.id, id, &n, &c->err)) < 0)
		return cli_fail(c, rc);
	printf(ngettext("%d answer confirmed\n", "%d answers confirmed\n",
			(unsigned long)n),
	       n);
	return 0;
}

int cmd_checklist_questions(struct cli *c, int argc, char **argv)
{
	struct gk_checklist list;
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_secrecy_questions(c->store, &list, &c->err)) < 0)
		return cli_fail(c, rc);
	for (int i = 0; i < list.n_entries; i++) {
		const struct gk_check_entry *e = &list.entries[i];
		printf("%d\t%s\t%s\t%s\t%s\n", e->no, e->code,
		       e->blocking ? "blocking" : "informational", e->text,
		       e->hint);
	}
	gk_checklist_free(&list);
	return 0;
}

int cmd_checklist_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"text", required_argument, NULL, 't'},
	    {"hint", required_argument, NULL, 'h'},
	    {"informational", no_argument, NULL, 'i'},
	    {0, 0, 0, 0}};
	const char *text = NULL, *hint = NULL;
	int blocking = 1, ch, rc;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
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
		return cli_fail_usage(c, _("the question needs --text"));
	if ((rc = cli_want_args(c, argc, 1)))
		return rc;
	rc = gk_secrecy_question_add(c->store, c->me.id, argv[optind], text,
				     hint, blocking, &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_checklist_blocking(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 2)))
		return rc;
	const char *value = argv[optind + 1];
	int blocking = strcmp(value, "yes") == 0  ? 1
		       : strcmp(value, "no") == 0 ? 0
						  : -1;
	if (blocking < 0)
		return cli_fail_usage(c,
				      _("say yes (blocking) or no "
					"(informational), not '%s'"),
				      value);
	rc = gk_secrecy_question_blocking(c->store, c->me.id, argv[optind],
					  blocking, &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
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
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'h')
			hash = optarg;
		else if (redact)
			return cli_fail_usage(c, _("redact takes no --reason"));
		else
			reason = optarg;
	}
	if (!redact && !reason)
		return cli_fail_usage(c,
				      _("dismiss needs --reason saying why the "
					"finding may be published"));
	/* The numbers, all from one listing: after a redaction the new
	 * version's findings are numbered anew. */
	for (int i = optind + 1; i < argc; i++) {
		const char *n = argv[i];
		char *end;
		long v = strtol(n, &end, 10);
		if (!*n || *end || v < 1 || v > INT_MAX)
			return cli_fail_usage(c,
					      _("N is the number of a finding "
						"as 'gongkai checklist ID' "
						"lists them, not '%s'"),
					      n);
		if (count == (int)(sizeof nos / sizeof nos[0]))
			return cli_fail_usage(
			    c, _("at most %d findings at once"), count);
		nos[count++] = (int)v;
	}
	if (argc - optind < 2 || !redact)
		if ((rc = cli_want_args(c, argc, 2)))
			return rc;
	if ((rc = cli_ready(c)) || (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	rc = redact ? gk_secrecy_redact(c->store, c->me.id, id, nos, count,
					hash, &c->err)
		    : gk_secrecy_dismiss(c->store, c->me.id, id, nos[0], hash,
					 reason, &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_finding_redact(struct cli *c, int argc, char **argv)
{
	return finding_action(c, argc, argv, 1);
}

int cmd_finding_dismiss(struct cli *c, int argc, char **argv)
{
	return finding_action(c, argc, argv, 0);
}

/*
 * Needs no database: the confidentiality scanner over a file or standard
 * input, one finding a line; exit 1 when there is any, as a check in a
 * script would want.
 */
int cmd_scan(struct cli *c, int argc, char **argv)
{
	const char *encoding;
	struct gk_finding *found;
	size_t count;
	char *text;
	int rc;
	if ((rc = cli_one_option(c, argc, argv, "encoding", 1, &encoding)))
		return rc;
	if (!encoding)
		encoding = "UTF-8";
	if (argc - optind > 1)
		return cli_fail_usage(c, _("too many arguments"));
	const char *path = argc - optind == 1 && strcmp(argv[optind], "-") != 0
			       ? argv[optind]
			       : NULL;
	if ((rc = cli_ready(c)) ||
	    (rc = cli_read_text(c, path, encoding, &text)))
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
		return cli_fail(c, rc);
	for (size_t i = 0; i < count; i++)
		printf("%d\t%d\t%s\t%s\n", found[i].line, found[i].column,
		       gk_find_kind_key(found[i].kind), found[i].text);
	gk_scan_free(found, count);
	return count ? 1 : 0;
}
