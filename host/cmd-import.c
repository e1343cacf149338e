/* packctl import — a Shopify order export into the station's database, as
 * one transaction: a file with any error imports nothing. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "import.h"

static const char import_usage[] =
	"usage: packctl import [--json] FILE.csv\n"
	"\n"
	"Imports Shopify's order export (Orders > Export > CSV; one row per\n"
	"line item). Orders already in the database are replaced by the\n"
	"file's version, so importing the same file twice changes nothing.\n"
	"Orders with \"Cancelled at\" set are stored as cancelled. A file with\n"
	"any error imports nothing: every error is printed as FILE:LINE: "
	"reason.\n"
	"\n"
	"  --json   print the summary as one JSON object\n"
	"\n"
	"Exit status: 0 imported, 1 the file has errors or cannot be read,\n"
	"2 usage.\n";

static int put_order(struct store *st, size_t i, void *arg, struct err *err)
{
	const struct order_list *l = arg;

	return store_order_put(st, &l->v[i], err);
}

static void summary(const char *file, const struct order_list *l, int json)
{
	size_t i, lines = 0, cancelled = 0;

	for (i = 0; i < l->n; i++) {
		lines += l->v[i].nlines;
		cancelled += order_is_cancelled(&l->v[i]) ? 1 : 0;
	}
	if (json)
		printf("{\"file\":\"%s\",\"orders\":%zu,\"lines\":%zu,"
		       "\"cancelled\":%zu}\n",
		       file, l->n, lines, cancelled);
	else
		printf("imported %zu orders (%zu line items, %zu cancelled) "
		       "from %s\n",
		       l->n, lines, cancelled, file);
}

static int import_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct order_list list;
	const char *path;
	int c, json = 0, nerr, rc;
	FILE *in;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j')
			return cmd_usage(ctx, "unknown option");
		json = 1;
	}
	if (optind + 1 != argc)
		return cmd_usage(ctx, "name one CSV file");
	path = argv[optind];
	if (strchr(path, '"') != NULL || strchr(path, '\\') != NULL)
		json = 0; /* keep the JSON summary trivially valid */
	if ((in = cmd_open_input(ctx, path)) == NULL)
		return CMD_FAIL;
	order_list_init(&list);
	nerr = import_orders_parse(in, path, &list, stderr);
	if (in != stdin)
		fclose(in);
	if (nerr != 0)
		rc = cmd_fail(ctx, "%s: %s; nothing was imported", path,
			      nerr < 0 ? "cannot be read" : "has errors");
	else
		rc = cmd_store_all(ctx, list.n, put_order, &list);
	if (rc == CMD_OK)
		summary(path, &list, json);
	order_list_cleanup(&list);
	return rc;
}

const struct cmd cmd_import = {
	.name = "import",
	.summary = "import a Shopify order export CSV",
	.usage = import_usage,
	.run = import_run,
};
