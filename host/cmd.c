#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct store *cmd_store(struct cmd_ctx *ctx)
{
	struct err err;

	if (ctx->store != NULL)
		return ctx->store;
	err_clear(&err);
	if (store_open(&ctx->store, ctx->cfg.db, &err) != 0) {
		fprintf(stderr, "packctl %s: %s\n", ctx->name, err.msg);
		return NULL;
	}
	return ctx->store;
}

int cmd_fail(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "packctl %s: ", ctx->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CMD_FAIL;
}

int cmd_usage(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "packctl %s: ", ctx->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'packctl %s --help'\n", ctx->name);
	return CMD_USAGE;
}

int cmd_wants_help(const struct cmd *cmd, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(cmd->usage, stdout);
			return 1;
		}
	}
	return 0;
}

int cmd_store_all(struct cmd_ctx *ctx, size_t n,
		  int (*put)(struct store *st, size_t i, void *arg,
			     struct err *err),
		  void *arg)
{
	struct store *st = cmd_store(ctx);
	struct err err;
	size_t i;

	if (st == NULL)
		return CMD_FAIL;
	err_clear(&err);
	if (store_begin(st, &err) != 0)
		return cmd_fail(ctx, "%s", err.msg);
	for (i = 0; i < n; i++)
		if (put(st, i, arg, &err) != 0)
			break;
	if (i == n && store_commit(st, &err) == 0)
		return CMD_OK;
	store_rollback(st, NULL);
	return cmd_fail(ctx, "%s; nothing was imported", err.msg);
}

FILE *cmd_open_input(struct cmd_ctx *ctx, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");

	if (f == NULL)
		cmd_fail(ctx, "%s: %s", path, strerror(errno));
	return f;
}
