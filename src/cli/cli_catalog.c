/* The catalog of published items, and search. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"

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

int cmd_catalog(struct cli *c, int argc, char **argv)
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
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'y':
			if ((rc = cli_number_arg(c, "--year", optarg, 1949,
						 9999, &f.year)))
				return rc;
			break;
		case 'c': f.category = optarg; break;
		case 'D': f.dept = optarg; break;
		case 'v':
			if (!(f.validity = gk_validity_parse(optarg)))
				return cli_fail_usage(
				    c, _("--validity is 有效 "
					 "(valid), 失效 (expired) "
					 "or 废止 (abolished)"));
			break;
		case 's':
			if ((sort = gk_catalog_sort_parse(optarg)) < 0)
				return cli_fail_usage(
				    c, _("--sort is index, date, "
					 "title, category or "
					 "dept"));
			f.sort = (enum gk_catalog_sort)sort;
			break;
		case 'r': f.descending = 1; break;
		case 'f':
			if ((format = gk_export_format_parse(optarg)) < 0)
				return cli_fail_usage(c,
						      _("--format is tsv, csv "
							"or html"));
			break;
		case 'e': encoding = optarg; break;
		default: output = optarg; break;
		}
	}
	if ((rc = cli_want_args(c, argc, 0)))
		return rc;
	char *doc;
	size_t len;
	if ((rc = gk_catalog_export(c->store, &f, (enum gk_export_format)format,
				    encoding, &doc, &len, &c->err)) < 0)
		return cli_fail(c, rc);
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

int cmd_search(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"limit", required_argument, NULL, 'l'},
	    {"published", no_argument, NULL, 'p'},
	    {0, 0, 0, 0}};
	int ch, rc, limit = 20, published = 0;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'p')
			published = 1;
		else if ((rc = cli_number_arg(c, "--limit", optarg, 1, 1000,
					      &limit)))
			return rc;
	}
	if (argc - optind < 1)
		return cli_fail_usage(c, _("missing argument"));
	/* The words may come as one argument or several. */
	char query[1024] = "";
	size_t used = 0;
	for (int i = optind; i < argc; i++)
		used += (size_t)snprintf(
		    query + used, used < sizeof query ? sizeof query - used : 0,
		    "%s%s", i > optind ? " " : "", argv[i]);
	if (used >= sizeof query)
		return cli_fail_usage(c, _("the query is too long"));
	if ((rc = cli_ready(c)))
		return rc;
	struct gk_search_hit *hits;
	int n;
	if ((rc = gk_search(c->store, c->me.id, query, published, limit, &hits,
			    &n, &c->err)) < 0)
		return cli_fail(c, rc);
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
