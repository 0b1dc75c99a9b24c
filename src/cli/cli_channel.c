/* Where publications go: delivery and channel. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "coverage.h"
#include "publish.h"

int cmd_delivery_list(struct cli *c, int argc, char **argv)
{
	const char *state;
	char id[GK_ID_HEX + 1];
	const char *item;
	int rc;
	if ((rc = cli_one_option(c, argc, argv, "state", 1, &state)))
		return rc;
	if (state && gk_delivery_state_parse(state) < 0)
		return cli_fail_usage(c, _("--state is pending, delivered or "
					   "failed"));
	if ((rc = cli_optional_item(c, argc, argv, id, &item)))
		return rc;
	struct gk_delivery *d;
	int n;
	if ((rc = gk_delivery_list(c->store, item, state, &d, &n, &c->err)) < 0)
		return cli_fail(c, rc);
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
	if ((rc = cli_one_option(c, argc, argv, "note", 1, &note)))
		return rc;
	if (gk_delivery_state_parse(state) == GK_DELIVERY_FAILED && !note)
		return cli_fail_usage(
		    c, _("delivery fail needs --note saying what "
			 "went wrong"));
	if ((rc = cli_want_args(c, argc, 2)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_delivery_mark(c->store, c->me.id, id, argv[optind + 1], state,
			      note, &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_delivery_done(struct cli *c, int argc, char **argv)
{
	return mark_delivery(c, argc, argv, "delivered");
}

int cmd_delivery_fail(struct cli *c, int argc, char **argv)
{
	return mark_delivery(c, argc, argv, "failed");
}

int cmd_delivery_resend(struct cli *c, int argc, char **argv)
{
	char id[GK_ID_HEX + 1];
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 2)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_delivery_resend(c->store, c->me.id, id, argv[optind + 1],
				&c->err);
	if (rc < 0)
		return cli_fail(c, rc);
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

int cmd_channel_list(struct cli *c, int argc, char **argv)
{
	const char *wide;
	int rc;
	if ((rc = cli_one_option(c, argc, argv, "long", 0, &wide)) ||
	    (rc = cli_want_args(c, argc, 0)))
		return rc;
	struct gk_channel *ch_list;
	int n;
	if ((rc = gk_channel_list(c->store, &ch_list, &n, &c->err)) < 0)
		return cli_fail(c, rc);
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

int cmd_channel_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"kind", required_argument, NULL, 'k'},
	    {"encoding", required_argument, NULL, 'e'},
	    {"outbox", required_argument, NULL, 'o'},
	    {"planned", no_argument, NULL, 'p'},
	    {0, 0, 0, 0}};
	const char *kind = "manual", *encoding = "UTF-8", *outbox = NULL;
	int ch, rc, planned = 0;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'k': kind = optarg; break;
		case 'e': encoding = optarg; break;
		case 'o': outbox = optarg; break;
		default: planned = 1; break;
		}
	}
	if ((rc = cli_want_args(c, argc, 2)))
		return rc;
	rc = gk_channel_add(c->store, c->me.id, argv[optind], argv[optind + 1],
			    kind, encoding, outbox, planned, &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}
