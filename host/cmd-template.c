/* packctl template — check a slip template a shop edited, and show what
 * it prints for an order, before the station uses it. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "escpos.h"
#include "slip-render.h"
#include "template.h"

static const char template_usage[] =
    "usage: packctl template check FILE...\n"
    "       packctl template show ORDER [--template FILE] "
    "[--paper 80mm|58mm]\n"
    "\n"
    "check   parses each template and prints every error as\n"
    "        FILE:LINE:COL: reason; exit 1 when any has errors, else\n"
    "        prints \"FILE: ok\".\n"
    "show    prints ORDER's slip as text, one line per block, as the\n"
    "        station would build it (QR and barcode data in brackets).\n"
    "\n"
    "  --template FILE   the template to show (default: config\n"
    "                    station.template in station.template_dir)\n"
    "  --paper WIDTH     80mm (48 columns, default from config) or 58mm\n"
    "\n"
    "The language is described in labels/templates/README.md.\n";

static int check(int argc, char **argv)
{
	struct template t;
	int i, n, rc = CMD_OK;

	for (i = 0; i < argc; i++) {
		n = template_load(argv[i], &t, stdout);
		template_free(&t);
		if (n > 0)
			rc = CMD_FAIL;
		else
			printf("%s: ok\n", argv[i]);
	}
	return rc;
}

static void show_block(const struct slip_block *b)
{
	int i;

	switch (b->kind) {
	case SLIP_TEXT:
		printf("%s%s%s\n", b->text, b->right ? "  " : "",
		       b->right ? b->right : "");
		break;
	case SLIP_COLUMNS:
		for (i = 0; i < b->ncells; i++)
			printf("%s%s", i ? " | " : "", b->cells[i].text);
		putchar('\n');
		break;
	case SLIP_RULE:
		puts("----");
		break;
	case SLIP_QR:
		printf("[QR %s]\n", b->text);
		break;
	case SLIP_BARCODE:
		printf("[CODE128 %s]\n", b->text);
		break;
	case SLIP_IMAGE:
		printf("[IMAGE %dx%d]\n", b->width, b->height);
		break;
	case SLIP_FEED:
		putchar('\n');
		break;
	case SLIP_CUT:
		puts("[CUT]");
		break;
	}
}

static int show(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"template", required_argument, NULL, 't'},
	    {"paper", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	const char *paper_name = ctx->cfg.paper;
	struct profile prof;
	struct store *st;
	struct slip slip;
	struct order o;
	struct err err;
	size_t i;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			paper_name = optarg;
		else if (c != 't' || config_set(&ctx->cfg, "station.template",
						optarg, &err) != 0)
			return cmd_usage(ctx, "bad option");
	}
	if (optind + 1 != argc)
		return cmd_usage(ctx, "name one order");
	err_clear(&err);
	if (escpos_profile_select(&prof, ctx->cfg.profile, paper_name, &err) !=
	    0)
		return cmd_usage(ctx, "%s", err.msg);
	if ((st = cmd_store(ctx)) == NULL)
		return CMD_FAIL;
	err_clear(&err);
	order_init(&o);
	slip_init(&slip);
	rc = store_order_get(st, argv[optind], &o, &err);
	if (rc == 0)
		rc = err_set(&err, "no order \"%s\"", argv[optind]);
	if (rc == 1)
		rc = slip_render_build(st, &ctx->cfg, &o, &prof, &slip, &err);
	for (i = 0; rc == 0 && i < slip.nblocks; i++)
		show_block(&slip.blocks[i]);
	order_cleanup(&o);
	slip_cleanup(&slip);
	if (rc != 0)
		return cmd_fail(ctx, "%s", err.msg);
	if (slip_render_notice()[0] != '\0')
		fprintf(stderr, "packctl template: %s\n", slip_render_notice());
	return CMD_OK;
}

static int template_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "check") == 0)
		return check(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return show(ctx, argc - 1, argv + 1);
	return cmd_usage(ctx, "use 'template check FILE...' or "
			      "'template show ORDER'");
}

const struct cmd cmd_template = {
    .name = "template",
    .summary = "check a slip template, show an order's slip as text",
    .usage = template_usage,
    .run = template_run,
};
