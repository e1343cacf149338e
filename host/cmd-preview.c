/* packctl preview — an order's slip as a PNG, drawn by the virtual printer
 * from the very bytes the station would send. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "label.h"
#include "slip-render.h"

static const char preview_usage[] =
	"usage: packctl preview ORDER -o FILE.png [--paper 80mm|58mm]\n"
	"                       [--profile NAME]\n"
	"                       [--escpos FILE.bin]\n"
	"\n"
	"Renders ORDER's packing slip (#10423 or 10423) as the thermal printer\n"
	"would print it.\n"
	"\n"
	"  -o, --output FILE   the PNG to write\n"
	"  --paper WIDTH       80mm (576 dots, default from config) or 58mm;\n"
	"                      the profile epson-tm-t20iii or generic-58mm\n"
	"  --profile NAME      any printer profile (packctl profiles): a label\n"
	"                      printer's ZPL or TSPL is drawn the same way\n"
	"  --escpos FILE       also write the raw printer bytes\n";

static int write_file(const char *path, const void *buf, size_t len,
		      struct err *err)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return err_sys(err, "%s", path);
	if (fwrite(buf, 1, len, f) != len) {
		fclose(f);
		return err_sys(err, "%s", path);
	}
	if (fclose(f) != 0)
		return err_sys(err, "%s", path);
	return 0;
}

static int render(struct cmd_ctx *ctx, struct store *st, const char *name,
		  const struct profile *prof, const char *png,
		  const char *raw)
{
	struct slip slip;
	struct strbuf bytes;
	struct order o;
	struct err err;
	int rc;

	err_clear(&err);
	order_init(&o);
	slip_init(&slip);
	strbuf_init(&bytes, 4u << 20);
	rc = store_order_get(st, name, &o, &err);
	if (rc == 0)
		rc = err_set(&err, "no order \"%s\"", name);
	if (rc == 1)
		rc = slip_render_order(st, &ctx->cfg, &o, prof, &slip, &bytes,
				       &err);
	if (rc == 0 && raw != NULL)
		rc = write_file(raw, bytes.buf, bytes.len, &err);
	if (rc == 0)
		rc = label_render_png((const unsigned char *)bytes.buf,
				      bytes.len, prof, png, &err);
	order_cleanup(&o);
	slip_cleanup(&slip);
	strbuf_cleanup(&bytes);
	if (rc != 0)
		return cmd_fail(ctx, "%s", err.msg);
	printf("%s\n", png);
	return CMD_OK;
}

static int preview_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"paper", required_argument, NULL, 'p'},
		{"profile", required_argument, NULL, 'P'},
		{"escpos", required_argument, NULL, 'e'},
		{NULL, 0, NULL, 0},
	};
	const char *png = NULL, *raw = NULL, *paper_name = ctx->cfg.paper;
	const char *profile_name = ctx->cfg.profile;
	struct profile prof;
	struct err err;
	struct store *st;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'o')
			png = optarg;
		else if (c == 'p')
			paper_name = optarg, profile_name = "";
		else if (c == 'P')
			profile_name = optarg;
		else if (c == 'e')
			raw = optarg;
		else
			return cmd_usage(ctx, "unknown option");
	}
	if (optind + 1 != argc)
		return cmd_usage(ctx, "name one order");
	if (png == NULL)
		return cmd_usage(ctx, "-o FILE.png is required");
	err_clear(&err);
	if (escpos_profile_select(&prof, profile_name, paper_name, &err) != 0)
		return cmd_usage(ctx, "%s", err.msg);
	if ((st = cmd_store(ctx)) == NULL)
		return CMD_FAIL;
	return render(ctx, st, argv[optind], &prof, png, raw);
}

const struct cmd cmd_preview = {
	.name = "preview",
	.summary = "render an order's slip as a PNG",
	.usage = preview_usage,
	.run = preview_run,
};
