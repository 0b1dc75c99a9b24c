/*
 * Publishing: publish, withdraw, correct; the media coverage of what was
 * published; the 索引号 (index show, index pattern, index take).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "channel.h"
#include "coverage.h"
#include "publish.h"

/* Split a comma-separated list in place into at most max items. */
static int split_list(char *list, const char **items, int max)
{
	int n = 0;
	for (char *p = strtok(list, ","); p && n < max; p = strtok(NULL, ","))
		items[n++] = p;
	return n;
}

int cmd_publish(struct cli *c, int argc, char **argv)
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
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
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
		return cli_fail_usage(c,
				      _("publish needs --summary (内容概述, at "
					"most 100 characters)"));
	if (channel_list) {
		m.channel_count = split_list(channel_list, channels, 32);
		m.channels = channels;
	}
	if ((rc = cli_want_args(c, argc, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_publish(c->store, c->me.id, id, &m, index_no, &c->err)) <
	    0)
		return cli_fail(c, rc);
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

int cmd_withdraw(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"reason", required_argument, NULL, 'r'},
	    {"status", required_argument, NULL, 's'},
	    {"date", required_argument, NULL, 'd'},
	    {0, 0, 0, 0}};
	const char *reason = NULL, *status = "expired", *date = NULL;
	char id[GK_ID_HEX + 1];
	int ch, rc;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'r')
			reason = optarg;
		else if (ch == 'd')
			date = optarg;
		else if (!(status = gk_validity_parse(optarg)) ||
			 gk_validity_in_force(status))
			return cli_fail_usage(c,
					      _("--status is 失效 (expired) or "
						"废止 (abolished)"));
	}
	if (!reason)
		return cli_fail_usage(c, _("withdraw needs --reason"));
	if ((rc = cli_want_args(c, argc, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_publish_withdraw(c->store, c->me.id, id, status, date, reason,
				 &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_correct(struct cli *c, int argc, char **argv)
{
	char id[GK_ID_HEX + 1], new_id[GK_ID_HEX + 1];
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_publish_correct(c->store, c->me.id, id, new_id, &c->err)) <
	    0)
		return cli_fail(c, rc);
	printf("%s\n", new_id);
	return 0;
}

int cmd_coverage_add(struct cli *c, int argc, char **argv)
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
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'o': outlet = optarg; break;
		case 'k': kind = optarg; break;
		case 'd': date = optarg; break;
		default: title = optarg; break;
		}
	}
	if (!outlet || !kind || !date)
		return cli_fail_usage(
		    c, _("coverage add needs --outlet, --kind and "
			 "--date"));
	if ((rc = cli_want_args(c, argc, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	rc = gk_coverage_add(c->store, c->me.id, id, outlet, kind, date, title,
			     &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_coverage_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"year", required_argument, NULL, 'y'}, {0, 0, 0, 0}};
	char id[GK_ID_HEX + 1];
	const char *item;
	int ch, rc, year = 0;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if ((rc = cli_number_arg(c, "--year", optarg, 1949, 9999,
					 &year)))
			return rc;
	}
	if ((rc = cli_optional_item(c, argc, argv, id, &item)))
		return rc;
	struct gk_coverage *cov;
	int n;
	if ((rc = gk_coverage_list(c->store, item, year, &cov, &n, &c->err)) <
	    0)
		return cli_fail(c, rc);
	for (int i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", cov[i].appeared_on,
		       cov[i].kind, cov[i].outlet, cov[i].index_no,
		       cov[i].item_id, cov[i].title);
	free(cov);
	return 0;
}

int cmd_index_show(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	struct gk_agency agency;
	char next[GK_INDEX_NO_MAX + 1];
	if ((rc = gk_agency_get(c->store, &agency, &c->err)) < 0)
		return cli_fail(c, rc);
	printf(_("Pattern: %s\n"), agency.index_pattern);
	printf(_("Allocated by station: %s%s\n"), agency.index_station,
	       strcmp(agency.index_station, c->store->station_id) == 0
		   ? _(" (this one)")
		   : "");
	if (gk_publish_preview(c->store, NULL, next, &c->err) == 0)
		printf(_("Next: %s\n"), next);
	return 0;
}

int cmd_index_pattern(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)))
		return rc;
	rc = gk_index_pattern_set(c->store, c->me.id, argv[optind], &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_index_take(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	rc = gk_index_station_take(c->store, c->me.id, &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}
