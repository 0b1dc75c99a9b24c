/* The departments: dept add, dept deputy, dept list. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_dept_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"deputy", required_argument, NULL, 'd'},
	    {"kind", required_argument, NULL, 'k'},
	    {0, 0, 0, 0}};
	const char *deputy = NULL, *kind = "office";
	char id[GK_ID_HEX + 1];
	int ch, rc;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'd')
			deputy = optarg;
		else
			kind = optarg;
	}
	if ((rc = cli_want_args(c, argc, 1)))
		return rc;
	rc = gk_dept_add(c->store, c->me.id, argv[optind], kind, deputy, id,
			 &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_dept_deputy(struct cli *c, int argc, char **argv)
{
	const char *none;
	int rc;
	if ((rc = cli_one_option(c, argc, argv, "none", 0, &none)) ||
	    (rc = cli_want_args(c, argc, none ? 1 : 2)))
		return rc;
	rc = gk_dept_set_deputy(c->store, c->me.id, argv[optind],
				none ? NULL : argv[optind + 1], &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_dept_list(struct cli *c, int argc, char **argv)
{
	struct gk_dept *depts;
	int n, rc;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_dept_list(c->store, &depts, &n, &c->err)) < 0)
		return cli_fail(c, rc);
	for (int i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", depts[i].name, depts[i].kind,
		       depts[i].deputy_login);
	free(depts);
	return 0;
}
