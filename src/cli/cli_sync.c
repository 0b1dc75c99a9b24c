/* Sync between stations: the sync commands. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync.h"

int cmd_sync_id(struct cli *c, int argc, char **argv)
{
	char fpr[GK_FPR_LEN];
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_sync_fingerprint(c->store, fpr, &c->err)) < 0)
		return cli_fail(c, rc);
	printf("%s\n%s\n", c->store->station_id, fpr);
	return 0;
}

int cmd_sync_name(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)))
		return rc;
	if ((rc = gk_sync_rename(c->store, c->me.id, argv[optind], &c->err)) <
	    0)
		return cli_fail(c, rc);
	printf(_("This station is now called %s.\n"), argv[optind]);
	return 0;
}

int cmd_sync_export(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"to", required_argument, NULL, 't'},
	    {"full", no_argument, NULL, 'f'},
	    {0, 0, 0, 0}};
	const char *to = NULL;
	int full = 0, ch, rc;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 't')
			to = optarg;
		else
			full = 1;
	}
	if (to && full)
		return cli_fail_usage(c,
				      _("--full writes every change; it takes "
					"no --to"));
	if ((rc = cli_want_args(c, argc, 1)))
		return rc;
	struct gk_sync_summary sum;
	if ((rc = gk_sync_export(c->store, c->me.id, argv[optind], to, full,
				 &sum, &c->err)) < 0)
		return cli_fail(c, rc);
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

int cmd_sync_import(struct cli *c, int argc, char **argv)
{
	const char *progress;
	int rc, status = 0;
	if ((rc = cli_one_option(c, argc, argv, "progress", 0, &progress)))
		return rc;
	if (argc - optind < 1)
		return cli_fail_usage(c, _("missing argument"));
	if ((rc = cli_ready(c)))
		return rc;
	for (int i = optind; i < argc; i++) {
		struct gk_sync_summary sum;
		int last = -1;
		rc = gk_sync_import(c->store, c->me.id, argv[i],
				    progress ? print_progress : NULL, &last,
				    &sum, &c->err);
		if (rc < 0) {
			int st = cli_fail(c, rc);
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

int cmd_sync_peers(struct cli *c, int argc, char **argv)
{
	int rc, n;
	struct gk_station *s;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_sync_peers(c->store, &s, &n, &c->err)) < 0)
		return cli_fail(c, rc);
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

int cmd_sync_trust(struct cli *c, int argc, char **argv)
{
	char name[GK_STATION_NAME_MAX * 4 + 1];
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)))
		return rc;
	if ((rc = gk_sync_trust(c->store, c->me.id, argv[optind], name,
				&c->err)) < 0)
		return cli_fail(c, rc);
	if (name[0])
		printf(_("Trusted the key of station %s; import its file "
			 "again.\n"),
		       name);
	else
		printf(_("Trusted the key %s ahead of its first file.\n"),
		       argv[optind]);
	return 0;
}

int cmd_sync_conflicts(struct cli *c, int argc, char **argv)
{
	int rc, n;
	struct gk_conflict *k;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_sync_conflicts(c->store, &k, &n, &c->err)) < 0)
		return cli_fail(c, rc);
	if (!n)
		fputs(_("No open conflicts.\n"), stderr);
	for (int i = 0; i < n; i++) {
		char at[GK_TIME_LEN];
		gk_time_local(gk_time_parse(k[i].at), at);
		printf("%.8s\t%s\t%s\t%s\t%s\t%s\n", k[i].id, k[i].tbl,
		       k[i].item_id[0] ? k[i].item_id : "-",
		       k[i].title[0]   ? k[i].title
		       : k[i].label[0] ? k[i].label
				       : "-",
		       k[i].origin, at);
		for (char *line = k[i].changes; line && *line;) {
			char *nl = strchr(line, '\n');
			printf("\t%.*s\n",
			       nl ? (int)(nl - line) : (int)strlen(line), line);
			line = nl ? nl + 1 : line + strlen(line);
		}
	}
	gk_sync_conflicts_free(k, n);
	return 0;
}

int cmd_sync_resolve(struct cli *c, int argc, char **argv)
{
	const char *take;
	int rc;
	if ((rc = cli_one_option(c, argc, argv, "take", 1, &take)))
		return rc;
	if (!take ||
	    (strcmp(take, "local") != 0 && strcmp(take, "remote") != 0))
		return cli_fail_usage(c, _("--take is local or remote"));
	if ((rc = cli_want_args(c, argc, 1)))
		return rc;
	int remote = strcmp(take, "remote") == 0;
	if ((rc = gk_sync_resolve(c->store, c->me.id, argv[optind], remote,
				  &c->err)) < 0)
		return cli_fail(c, rc);
	printf(remote ? _("Took the other station's version; the choice goes "
			  "out with the next file.\n")
		      : _("Kept this station's version; the choice goes out "
			  "with the next file.\n"));
	return 0;
}
