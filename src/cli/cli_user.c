/* The users: user add, user unlock, user passwd, user list. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_user_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"dept", required_argument, NULL, 'd'},
	    {"roles", required_argument, NULL, 'r'},
	    {0, 0, 0, 0}};
	const char *name = NULL, *dept = NULL, *roles = NULL;
	char id[GK_ID_HEX + 1], *password;
	unsigned mask;
	int ch, rc;
	while ((ch = cli_next_opt(c, argc, argv, longopts)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 'n')
			name = optarg;
		else if (ch == 'd')
			dept = optarg;
		else
			roles = optarg;
	}
	if (!name || !dept || !roles)
		return cli_fail_usage(c, _("user add needs --name, --dept and "
					   "--roles"));
	if ((rc = gk_role_parse(roles, &mask, &c->err)) < 0)
		return cli_fail(c, rc);
	if ((rc = cli_want_args(c, argc, 1)))
		return rc;
	if ((rc = cli_new_password(c, 0, &password)))
		return rc;
	rc = gk_user_add(c->store, c->me.id, argv[optind], name, dept, mask,
			 password, id, &c->err);
	cli_forget(password);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_user_unlock(struct cli *c, int argc, char **argv)
{
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)))
		return rc;
	rc = gk_user_unlock(c->store, c->me.id, argv[optind], &c->err);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_user_passwd(struct cli *c, int argc, char **argv)
{
	char *password;
	int rc;
	if ((rc = cli_plain_args(c, argc, argv, 1)))
		return rc;
	if ((rc = cli_new_password(c, 0, &password)))
		return rc;
	rc =
	    gk_user_passwd(c->store, c->me.id, argv[optind], password, &c->err);
	cli_forget(password);
	return rc < 0 ? cli_fail(c, rc) : 0;
}

int cmd_user_list(struct cli *c, int argc, char **argv)
{
	struct gk_user *users;
	int n, rc;
	if ((rc = cli_plain_args(c, argc, argv, 0)))
		return rc;
	if ((rc = gk_user_list(c->store, &users, &n, &c->err)) < 0)
		return cli_fail(c, rc);
	for (int i = 0; i < n; i++) {
		char roles[128];
		gk_role_format(users[i].roles, roles, sizeof roles);
		printf("%s\t%s\t%s\t%s%s\n", users[i].login, users[i].name,
		       users[i].dept_name, roles,
		       users[i].locked_until[0] ? _("\tlocked") : "");
	}
	free(users);
	return 0;
}
