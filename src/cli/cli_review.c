/* The review chain: submit, approve, return, queue. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "secrecy.h"

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

int cmd_submit(struct cli *c, int argc, char **argv)
{
	char id[GK_ID_HEX + 1];
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_flow_submit(c->store, c->me.id, id, &c->err);
	if (rc < 0)
		return cli_fail(c, rc);
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
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'c')
			comment = optarg;
		else
			hash = optarg;
	}
	if (!approve && !comment)
		return cli_fail_usage(c,
				      _("return needs --comment saying what to "
					"change"));
	if ((rc = cli_want_args(c, argc, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	rc = approve ? gk_flow_approve(c->store, c->me.id, id, hash, comment,
				       &c->err)
		     : gk_flow_return(c->store, c->me.id, id, hash, comment,
				      &c->err);
	if (rc < 0)
		return cli_fail(c, rc);
	struct gk_item item;
	if (approve && gk_doc_get(c->store, id, &item, &c->err) == 0) {
		if (gk_state_in_review(item.state))
			review_note(c, id);
		gk_item_free(&item);
	}
	return 0;
}

int cmd_approve(struct cli *c, int argc, char **argv)
{
	return decide(c, argc, argv, 1);
}

int cmd_return(struct cli *c, int argc, char **argv)
{
	return decide(c, argc, argv, 0);
}

int cmd_queue(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"limit", required_argument, NULL, 'l'}, {0, 0, 0, 0}};
	int ch, rc, limit = 50, q = GK_QUEUE_ALL;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		char *end;
		if (ch == '?')
			return EXIT_USAGE;
		limit = (int)strtol(optarg, &end, 10);
		if (*end || limit < 1 || limit > 10000)
			return cli_fail_usage(c,
					      _("--limit takes a number from 1 "
						"to 10000"));
	}
	if (argc - optind == 1 && (q = gk_queue_parse(argv[optind])) < 0)
		return cli_fail_usage(c, _("unknown queue '%s'"), argv[optind]);
	if ((rc =
		 cli_want_args(c, argc, argc - optind > 1 ? 1 : argc - optind)))
		return rc;
	struct gk_queue_row *rows;
	struct gk_cursor next;
	int n;
	if ((rc = gk_flow_queue(c->store, c->me.id, q, GK_CURSOR_START, limit,
				&rows, &n, &next, &c->err)) < 0)
		return cli_fail(c, rc);
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
