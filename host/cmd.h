/* packctl's commands: one file each, all listed in one table (packctl.c).
 * A new command is one file plus one line. */
#ifndef PACKDESK_CMD_H
#define PACKDESK_CMD_H

#include "config.h"
#include "err.h"
#include "store.h"

struct cmd_ctx {
	struct config cfg;
	const char *config_path; /* --config FILE, or NULL */
	/* Why the config file could not be loaded, for commands that run
	 * anyway (CMD_CONFIG_OPTIONAL); cfg then holds what was read. */
	struct err config_err;
	struct store *store; /* opened on first use by cmd_store() */
	const char *name;    /* the command's name, for messages */
};

enum cmd_flags {
	/* Runs even when the config file has errors (doctor reports them). */
	CMD_CONFIG_OPTIONAL = 1 << 0,
};

struct cmd {
	const char *name;
	unsigned flags;
	const char *summary;
	const char *usage; /* full help, printed by COMMAND --help */
	/* argv[0] is the command name. Returns the exit status. */
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
};

/* Exit statuses every command shares. */
enum { CMD_OK = 0, CMD_FAIL = 1, CMD_USAGE = 2 };

/* The database, opened and migrated on first call; NULL after printing
 * why it could not be opened. */
struct store *cmd_store(struct cmd_ctx *ctx);
/* Prints "packctl COMMAND: message" on stderr; returns CMD_FAIL. */
int cmd_fail(struct cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the usage error and a hint; returns CMD_USAGE. */
int cmd_usage(struct cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* 1 when argv holds -h or --help (then prints usage). */
int cmd_wants_help(const struct cmd *cmd, int argc, char **argv);

/* Stores n items in one transaction: put(st, i, arg, err) for each; all or
 * nothing. Returns CMD_OK or CMD_FAIL (after printing why). */
int cmd_store_all(struct cmd_ctx *ctx, size_t n,
		  int (*put)(struct store *st, size_t i, void *arg,
			     struct err *err),
		  void *arg);
/* Opens a file for import ("-" is stdin); NULL after printing why. */
FILE *cmd_open_input(struct cmd_ctx *ctx, const char *path);

extern const struct cmd cmd_import;
extern const struct cmd cmd_products;
extern const struct cmd cmd_events;
extern const struct cmd cmd_preview;
extern const struct cmd cmd_printers;
extern const struct cmd cmd_print_test;
extern const struct cmd cmd_doctor;
extern const struct cmd cmd_profiles;
extern const struct cmd cmd_template;
extern const struct cmd cmd_batch;
extern const struct cmd cmd_command_sheet;
extern const struct cmd cmd_report;
extern const struct cmd cmd_ship;
extern const struct cmd cmd_export_fulfilled;

#endif
