/* packctl products — the product catalog: barcodes and setup videos. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "import.h"

static const char products_usage[] =
	"usage: packctl products import FILE.csv\n"
	"\n"
	"Imports the product catalog: a CSV whose header has at least\n"
	"sku,name,barcode,setup_video_url (other columns are ignored; an "
	"empty\n"
	"setup_video_url means the product has no setup video). Products are\n"
	"matched by SKU and replaced. A file with any error imports nothing.\n";

static int put_product(struct store *st, size_t i, void *arg,
		       struct err *err)
{
	const struct product_list *l = arg;

	return store_product_put(st, &l->v[i], err);
}

static int products_import(struct cmd_ctx *ctx, const char *path)
{
	struct product_list list;
	size_t i, videos = 0;
	int nerr, rc;
	FILE *in;

	if ((in = cmd_open_input(ctx, path)) == NULL)
		return CMD_FAIL;
	product_list_init(&list);
	nerr = import_products_parse(in, path, &list, stderr);
	if (in != stdin)
		fclose(in);
	if (nerr != 0)
		rc = cmd_fail(ctx, "%s: %s; nothing was imported", path,
			      nerr < 0 ? "cannot be read" : "has errors");
	else
		rc = cmd_store_all(ctx, list.n, put_product, &list);
	for (i = 0; i < list.n; i++)
		videos += list.v[i].setup_video_url[0] != '\0';
	if (rc == CMD_OK)
		printf("imported %zu products (%zu with a setup video) from "
		       "%s\n",
		       list.n, videos, path);
	product_list_cleanup(&list);
	return rc;
}

static int products_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "import") == 0)
		return products_import(ctx, argv[2]);
	return cmd_usage(ctx, "expected: products import FILE.csv");
}

const struct cmd cmd_products = {
	.name = "products",
	.summary = "import the product catalog CSV",
	.usage = products_usage,
	.run = products_run,
};
