/* The agency's lists and settings: category list, setting. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"

int cmd_category_list(struct cli *c, int argc, char **argv)
{
	struct gk_category *cats;
	int n, rc;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_category_list(c->store, &cats, &n, &c->err)) < 0)
		return cli_fail(c, rc);
	for (int i = 0; i < n; i++)
		printf("%s\n", cats[i].name);
	free(cats);
	return 0;
}

int cmd_setting(struct cli *c, int argc, char **argv)
{
	/* Without options, argc - 1 is the number of arguments given. */
	int rc = cli_plain_args(c, argc, argv, argc > 2 ? 2 : 0);
	if (rc)
		return rc;
	if (argc - optind == 2) {
		rc = gk_setting_set(c->store, c->me.id, argv[optind],
				    argv[optind + 1], &c->err);
		return rc < 0 ? cli_fail(c, rc) : 0;
	}
	for (int i = 0; i < GK_SETTING_COUNT; i++) {
		int value;
		if ((rc = gk_setting_int(c->store, i, &value, &c->err)) < 0)
			return cli_fail(c, rc);
		printf("%s\t%d\t%s\n", gk_setting_key(i), value,
		       gk_setting_meaning(i));
	}
	return 0;
}
