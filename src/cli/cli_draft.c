/* Writing items: draft new, draft edit. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	while ((ch = cli_next_opt(c, argc, argv, draft_options)) != -1) {
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
		return cli_fail_usage(
		    c, _("--attr is active (主动公开), on-request "
			 "(依申请公开) or withheld (不予公开)"));
	return 0;
}

int cmd_draft_new(struct cli *c, int argc, char **argv)
{
	struct gk_draft d = {0};
	const char *file = NULL, *encoding = "UTF-8";
	char id[GK_ID_HEX + 1], *body = NULL;
	int rc;
	if ((rc = parse_draft(c, argc, argv, &d, &file, &encoding)))
		return rc;
	if (!d.title || !d.category)
		return cli_fail_usage(
		    c, _("draft new needs --title and --category"));
	if ((rc = cli_want_args(c, argc, 0)))
		return rc;
	if ((rc = cli_read_text(c, file, encoding, &body)))
		return rc;
	d.body = body;
	rc = gk_doc_create(c->store, c->me.id, &d, id, &c->err);
	free(body);
	if (rc < 0)
		return cli_fail(c, rc);
	printf("%s\n", id);
	return 0;
}

int cmd_draft_edit(struct cli *c, int argc, char **argv)
{
	struct gk_draft d = {0};
	const char *file = NULL, *encoding = "UTF-8";
	char id[GK_ID_HEX + 1], *body = NULL;
	int rc;
	if ((rc = parse_draft(c, argc, argv, &d, &file, &encoding)) ||
	    (rc = cli_want_args(c, argc, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	if (file && (rc = cli_read_text(c, file, encoding, &body)))
		return rc;
	d.body = body;
	rc = gk_doc_edit(c->store, c->me.id, id, &d, &c->err);
	free(body);
	return rc < 0 ? cli_fail(c, rc) : 0;
}
