/* packctl ship — marks orders as shipped (handed to the carrier): an
 * order_shipped event each, so the station refuses to pack them again and
 * export-fulfilled lists them. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const char ship_usage[] =
	"usage: packctl ship ORDER...\n"
	"\n"
	"Logs order_shipped for each order (e.g. 10423 or #10423). All or\n"
	"nothing: an unknown order ships none. The station then treats the\n"
	"orders as already shipped.\n";

/* Logs one order_shipped; the name stored is the order's own ("#10423"
 * for a scan of "10423"). */
static int ship_one(struct cmd_ctx *ctx, struct store *st, const char *arg,
		    struct err *err)
{
	struct order o;
	struct event ev;
	int rc;

	order_init(&o);
	rc = store_order_get(st, arg, &o, err);
	if (rc == 0)
		rc = err_set(err, "no order \"%s\"", arg);
	if (rc == 1) {
		memset(&ev, 0, sizeof ev);
		ev.station = ctx->cfg.station;
		ev.operator_name = ctx->cfg.operator_name;
		ev.order = o.name;
		ev.type = "order_shipped";
		ev.detail = "{\"source\":\"packctl ship\"}";
		rc = store_event_add(st, &ev, err);
	}
	order_cleanup(&o);
	return rc;
}

static int ship_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct store *st;
	struct err err;
	int i;

	if (argc < 2)
		return cmd_usage(ctx, "which orders?");
	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return cmd_usage(ctx, "unknown option \"%s\"", argv[i]);
	if ((st = cmd_store(ctx)) == NULL)
		return CMD_FAIL;
	err_clear(&err);
	if (store_begin(st, &err) != 0)
		return cmd_fail(ctx, "%s", err.msg);
	for (i = 1; i < argc; i++)
		if (ship_one(ctx, st, argv[i], &err) != 0)
			break;
	if (i == argc && store_commit(st, &err) == 0) {
		printf("marked %d order%s shipped\n", argc - 1,
		       argc == 2 ? "" : "s");
		return CMD_OK;
	}
	store_rollback(st, NULL);
	return cmd_fail(ctx, "%s; no order was marked shipped", err.msg);
}

const struct cmd cmd_ship = {
	.name = "ship",
	.summary = "mark orders as shipped (order_shipped)",
	.usage = ship_usage,
	.run = ship_run,
};
