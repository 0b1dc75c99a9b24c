/*
 * Help, generated from the command table: the usage, help [COMMAND]; and
 * keys, the workstation's key tables.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ui/ui.h"

void cli_usage(void)
{
	printf(_("usage: gongkai [--db PATH] [--user LOGIN] COMMAND [ARGS]\n"
		 "       gongkai --version\n\n"
		 "  --db PATH     the database (else $GONGKAI_DB, else\n"
		 "                $XDG_DATA_HOME/gongkai/gongkai.db, else\n"
		 "                ~/.local/share/gongkai/gongkai.db)\n"
		 "  --user LOGIN  who you are (else $GONGKAI_USER); the "
		 "password comes from\n"
		 "                $GONGKAI_PASSWORD, else it is asked on the "
		 "terminal\n\n"
		 "Commands:\n"));
	int width = 0;
	for (int i = 0; i < cli_n_commands; i++)
		if ((int)strlen(cli_commands[i].name) > width)
			width = (int)strlen(cli_commands[i].name);
	for (int i = 0; i < cli_n_commands; i++)
		printf("  %-*s  %s\n", width, cli_commands[i].name,
		       _(cli_commands[i].summary));
	printf(_("\nAn ID may be any unique prefix (4 or more characters) of "
		 "an item's id.\nExit status: 0 done, 64 usage, 65 bad data, "
		 "66 no such item, user or file,\n77 refused, 1 anything "
		 "else. 'gongkai help COMMAND' tells more.\n"));
}

int cmd_help(struct cli *c, int argc, char **argv)
{
	if (argc <= 1) {
		cli_usage();
		return 0;
	}
	int words;
	const struct command *cmd =
	    cli_find_command(argc - 1, argv + 1, &words);
	if (!cmd && argc == 2) {
		/* A group such as "delivery": each of its commands. */
		size_t n = strlen(argv[1]);
		int shown = 0;
		for (int i = 0; i < cli_n_commands; i++) {
			const char *name = cli_commands[i].name;
			if (strncmp(name, argv[1], n) != 0 || name[n] != ' ')
				continue;
			printf(_("usage: gongkai %s%s%s\n    %s.\n"), name,
			       cli_commands[i].args[0] ? " " : "",
			       cli_commands[i].args,
			       _(cli_commands[i].summary));
			shown++;
		}
		if (shown)
			return 0;
	}
	if (!cmd)
		return cli_unknown_command(argv[1]);
	printf(_("usage: gongkai %s%s%s\n\n%s.\n"), cmd->name,
	       cmd->args[0] ? " " : "", cmd->args, _(cmd->summary));
	if (cmd->details[0])
		printf("\n%s\n", _(cmd->details));
	(void)c;
	return 0;
}

/* Needs no database: the key tables of the workstation's screens. */
int cmd_keys(struct cli *c, int argc, char **argv)
{
	static const struct option none[] = {{0, 0, 0, 0}};
	if (cli_next_opt(c, argc, argv, none) != -1)
		return EXIT_USAGE;
	if (argc - optind != 0)
		return cli_fail_usage(c, _("too many arguments"));
	char *text = ui_keys_text();
	if (!text) {
		fprintf(stderr, "gongkai: %s\n", _("out of memory"));
		return 1;
	}
	fputs(text, stdout);
	free(text);
	return 0;
}
