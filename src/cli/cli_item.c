/* Reading an item: show, history, diff. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "flow.h"
#include "publish.h"

static void json_string(const char *key, const char *s, int last)
{
	printf("  \"%s\": \"", key);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	printf("\"%s\n", last ? "" : ",");
}

static void json_int(const char *key, int value)
{
	printf("  \"%s\": %d,\n", key, value);
}

/* Name of the item's current step, or "" when not in review. */
static void step_name(struct cli *c, const struct gk_item *item, char *out,
		      size_t size)
{
	struct gk_step step;
	int last;
	out[0] = '\0';
	if (item->step >= 1 &&
	    gk_chain_step(c->store, item->step, &step, &last, &c->err) == 0)
		snprintf(out, size, "%s", step.name);
}

/* The publication lines of `gongkai show`. */
static void print_publication(const struct gk_publication *p)
{
	printf(_("Index number: %s\n"), p->index_no);
	printf(_("Published: %s by %s (%s)\n"), p->published_on,
	       p->publisher_name, p->publisher_login);
	printf(_("Summary: %s\n"), p->summary);
	const struct {
		const char *label, *value;
	} fields[] = {
	    {N_("Topic"), p->topic},   {N_("Genre"), p->genre},
	    {N_("Issuer"), p->issuer}, {N_("Written"), p->written_on},
	    {N_("Scope"), p->scope},   {N_("Keywords"), p->keywords},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i].value[0])
			printf(_("%s: %s\n"), _(fields[i].label),
			       fields[i].value);
	if (p->ended_on[0])
		printf(_("Validity: %s since %s: %s\n"),
		       gk_validity_label(p->validity), p->ended_on,
		       p->end_reason);
	else
		printf(_("Validity: %s\n"), gk_validity_label(p->validity));
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	struct gk_item item;
	char id[GK_ID_HEX + 1], step[128];
	const char *json;
	int rc;
	if ((rc = cli_one_option(c, argc, argv, "json", 0, &json)) ||
	    (rc = cli_want_args(c, argc, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_doc_get(c->store, id, &item, &c->err)) < 0)
		return cli_fail(c, rc);
	step_name(c, &item, step, sizeof step);
	struct gk_publication pub = {0};
	int published = gk_publication_get(c->store, id, &pub, &c->err) == 0;
	if (json) {
		puts("{");
		json_string("id", item.id, 0);
		json_string("title", item.title, 0);
		json_string("state", item.state, 0);
		json_int("step", item.step);
		json_string("step_name", step, 0);
		json_int("version", item.version);
		json_int("round", item.round);
		json_string("hash", item.hash, 0);
		json_string("doc_no", item.doc_no, 0);
		json_string("category", item.category, 0);
		json_string("attr", item.attr, 0);
		json_string("dept", item.dept_name, 0);
		json_string("author", item.author_login, 0);
		json_string("author_name", item.author_name, 0);
		json_string("created", item.created, 0);
		json_string("updated", item.updated, 0);
		json_string("index_no", pub.index_no, 0);
		json_string("published_on", pub.published_on, 0);
		json_string("validity", pub.validity, 0);
		json_string("corrects", item.corrects_index_no, 0);
		json_string("body", item.body, 1);
		puts("}");
	} else {
		char updated[GK_TIME_LEN];
		gk_time_local(gk_time_parse(item.updated), updated);
		printf(_("Id: %s\n"), item.id);
		printf(_("Title: %s\n"), item.title);
		if (item.step)
			printf(_("State: %s, step %d (%s)\n"),
			       gk_state_label(item.state), item.step, step);
		else
			printf(_("State: %s\n"), gk_state_label(item.state));
		printf(_("Version: %d (content hash %.16s)\n"), item.version,
		       item.hash);
		if (item.doc_no[0])
			printf(_("Document number: %s\n"), item.doc_no);
		printf(_("Category: %s\n"), item.category);
		printf(_("Disclosure: %s\n"), gk_attr_label(item.attr));
		printf(_("Department: %s\n"), item.dept_name);
		if (item.corrects_index_no[0])
			printf(_("Corrects: %s\n"), item.corrects_index_no);
		printf(_("Author: %s (%s)\n"), item.author_name,
		       item.author_login);
		printf(_("Updated: %s\n"), updated);
		if (published)
			print_publication(&pub);
		printf("\n%s%s", item.body,
		       item.body[0] && item.body[strlen(item.body) - 1] != '\n'
			   ? "\n"
			   : "");
	}
	gk_item_free(&item);
	return 0;
}

/* What an event did, in words; the last step's approval is the sign-off. */
int cmd_history(struct cli *c, int argc, char **argv)
{
	struct gk_event *events;
	char id[GK_ID_HEX + 1];
	int n, rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	struct gk_step first;
	int last;
	if ((rc = gk_chain_step(c->store, 1, &first, &last, &c->err)) < 0)
		return cli_fail(c, rc);
	if ((rc = gk_doc_history(c->store, id, &events, &n, &c->err)) < 0)
		return cli_fail(c, rc);
	for (int i = 0; i < n; i++) {
		const struct gk_event *e = &events[i];
		char at[GK_TIME_LEN];
		gk_time_local(gk_time_parse(e->at), at);
		printf("%s\t%s (%s)\t%s\tv%d\t", at, e->actor_name,
		       e->actor_login, gk_event_label(e, last), e->version);
		if (e->step_name[0])
			printf(_("step %d %s"), e->step, e->step_name);
		printf("\t%s\n", e->comment);
	}
	gk_events_free(events, n);
	return 0;
}

/* A whole number of at least min for --name, or -1 after the usage. */
static int parse_number(struct cli *c, const char *name, const char *text,
			int min, int *out)
{
	char *end;
	errno = 0;
	long value = strtol(text, &end, 10);
	if (!*text || *end || errno || value < min || value > INT_MAX) {
		cli_fail_usage(c, _("--%s takes a whole number from %d up"),
			       name, min);
		return -1;
	}
	*out = (int)value;
	return 0;
}

/* One line of a diff: its mark, the field's name for metadata, the text. */
static void print_diff_line(const struct gk_diff_line *line)
{
	printf("%c ", line->op);
	if (line->field)
		printf(_("%s: "), line->field);
	fwrite(line->text, 1, line->len, stdout);
	putchar('\n');
	if (line->no_newline)
		puts(_("\\ No newline at the end of the text"));
}

static void print_skipped(int skipped)
{
	if (skipped)
		printf(ngettext("@@ %d unchanged line @@\n",
				"@@ %d unchanged lines @@\n", skipped),
		       skipped);
}

/*
 * The metadata lines, then the body's, where an unchanged line is shown
 * only within context lines of a change; each run left out is one "@@"
 * line saying how long it is.
 */
static void print_diff(const struct gk_diff_line *lines, int n, int context)
{
	int i = 0, skipped = 0, last_change = -1, next_change = -1;
	for (; i < n && lines[i].field; i++)
		print_diff_line(&lines[i]);
	if (i > 0 && i < n)
		putchar('\n');
	for (; i < n; i++) {
		if (lines[i].op != ' ')
			last_change = i;
		if (next_change < i)
			for (next_change = i;
			     next_change < n && lines[next_change].op == ' ';)
				next_change++;
		if (lines[i].op == ' ' &&
		    (last_change < 0 || i - last_change > context) &&
		    (next_change == n || next_change - i > context)) {
			skipped++;
			continue;
		}
		print_skipped(skipped);
		skipped = 0;
		print_diff_line(&lines[i]);
	}
	print_skipped(skipped);
}

int cmd_diff(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"context", required_argument, NULL, 'c'},
	    {0, 0, 0, 0}};
	struct gk_item current, old_item, new_item;
	struct gk_diff_line *lines;
	char id[GK_ID_HEX + 1];
	int ch, rc, n, from = 0, to = 0, context = 3, decided = 0;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'f': rc = parse_number(c, "from", optarg, 1, &from); break;
		case 't': rc = parse_number(c, "to", optarg, 1, &to); break;
		default: rc = parse_number(c, "context", optarg, 0, &context);
		}
		if (rc < 0)
			return EXIT_USAGE;
	}
	if ((rc = cli_want_args(c, argc, 1)) ||
	    (rc = cli_resolve_item(c, argv[optind], id)))
		return rc;
	if ((rc = gk_doc_get(c->store, id, &current, &c->err)) < 0)
		return cli_fail(c, rc);
	int current_version = current.version;
	gk_item_free(&current);
	if (!to)
		to = current_version;
	if (!from) {
		if ((rc = gk_flow_last_decided(c->store, id, c->me.id, &decided,
					       &c->err)) < 0)
			return cli_fail(c, rc);
		from = decided ? decided : to > 1 ? to - 1 : 1;
	}
	if ((rc = gk_doc_version(c->store, id, from, &old_item, &c->err)) < 0)
		return cli_fail(c, rc);
	if ((rc = gk_doc_version(c->store, id, to, &new_item, &c->err)) < 0) {
		gk_item_free(&old_item);
		return cli_fail(c, rc);
	}
	rc = gk_diff_item(&old_item, &new_item, &lines, &n, &c->err);
	if (rc == 0 && from == to && from == decided && to == current_version)
		printf(
		    _("You last decided on v%d; it has not changed since.\n"),
		    from);
	else if (rc == 0 && from == to)
		printf(_("v%d → v%d: the same version, nothing to compare.\n"),
		       from, to);
	else if (rc == 0 && gk_diff_changes(lines, n) == 0)
		printf(_("v%d → v%d: the content is the same.\n"), from, to);
	else if (rc == 0) {
		if (decided == from)
			printf(_("v%d → v%d (you last decided on v%d)\n"), from,
			       to, from);
		else
			printf(_("v%d → v%d\n"), from, to);
		print_diff(lines, n, context);
	}
	free(lines);
	gk_item_free(&old_item);
	gk_item_free(&new_item);
	return rc < 0 ? cli_fail(c, rc) : 0;
}
