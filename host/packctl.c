/* packctl — Packdesk for operations staff: import orders and products,
 * preview slips, read the event log. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

#define PACKDESK_VERSION "0.1.0"

static const struct cmd *const commands[] = {
	&cmd_import,
	&cmd_products,
	&cmd_events,
	&cmd_preview,
	&cmd_printers,
	&cmd_print_test,
	&cmd_doctor,
	&cmd_profiles,
	&cmd_template,
	&cmd_batch,
	&cmd_command_sheet,
	&cmd_report,
	&cmd_ship,
	&cmd_export_fulfilled,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
	size_t i;

	fputs("usage: packctl [--db PATH] [--config FILE] COMMAND [ARGS]\n"
	      "\n"
	      "Operations tools for a Packdesk station.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name,
			commands[i]->summary);
	fputs("\n"
	      "Options (anywhere on the line):\n"
	      "  --db PATH       SQLite database (config: station.db)\n"
	      "  --config FILE   configuration file (default: "
	      "$PACKDESK_CONFIG or\n"
	      "                  " CONFIG_DEFAULT_PATH ")\n"
	      "  -h, --help      this help; 'packctl COMMAND --help' for one "
	      "command\n"
	      "  -V, --version   the version\n",
	      out);
}

/* Takes the shared options out of argv wherever they stand, so that both
 * `packctl --db x import f` and `packctl import f --db x` work. */
static int take_global(int *argc, char **argv, const char **db,
		       const char **config)
{
	int i, j = 0;

	for (i = 0; i < *argc; i++) {
		const char **slot = NULL;
		const char *a = argv[i];
		size_t n = 0;

		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strncmp(a, "--db", 4) == 0 && (a[4] == '\0' || a[4] == '='))
			slot = db, n = 4;
		else if (strncmp(a, "--config", 8) == 0 &&
			 (a[8] == '\0' || a[8] == '='))
			slot = config, n = 8;
		if (slot == NULL) {
			argv[j++] = argv[i];
			continue;
		}
		if (a[n] == '=')
			*slot = a + n + 1;
		else if (i + 1 < *argc)
			*slot = argv[++i];
		else
			return -1;
	}
	*argc = j;
	argv[j] = NULL;
	return 0;
}

int main(int argc, char **argv)
{
	const char *db = NULL, *config = NULL;
	struct cmd_ctx ctx;
	struct err err;
	size_t i;
	int rc;

	memset(&ctx, 0, sizeof ctx);
	err_clear(&err);
	/* A FIFO or pipe printer that goes away must be an error, not a
	 * silent death. */
	signal(SIGPIPE, SIG_IGN);
	if (take_global(&argc, argv, &db, &config) != 0) {
		fprintf(stderr, "packctl: --db and --config need a value\n");
		return CMD_USAGE;
	}
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? CMD_USAGE : CMD_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		puts("packctl " PACKDESK_VERSION);
		return CMD_OK;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i]->name) == 0)
			break;
	if (i == NCOMMANDS) {
		fprintf(stderr, "packctl: unknown command \"%s\"; try "
				"'packctl --help'\n",
			argv[1]);
		return CMD_USAGE;
	}
	ctx.name = commands[i]->name;
	if (cmd_wants_help(commands[i], argc - 1, argv + 1))
		return CMD_OK;
	ctx.config_path = config;
	if (config_init(&ctx.cfg, config, &err) != 0) {
		if (!(commands[i]->flags & CMD_CONFIG_OPTIONAL)) {
			fprintf(stderr, "packctl: %s\n", err.msg);
			return CMD_USAGE;
		}
		ctx.config_err = err;
		err_clear(&err);
	}
	if (db != NULL && config_set(&ctx.cfg, "station.db", db, &err) != 0) {
		fprintf(stderr, "packctl: %s\n", err.msg);
		return CMD_USAGE;
	}
	rc = commands[i]->run(&ctx, argc - 1, argv + 1);
	store_close(ctx.store);
	return rc;
}
