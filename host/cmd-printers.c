/* packctl printers — every printer this machine can reach: CUPS queues and
 * USB printers, with their state. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "printer.h"

static const char printers_usage[] =
	"usage: packctl printers [--json]\n"
	"\n"
	"Lists the CUPS queues (of $CUPS_SERVER or the local server) and the\n"
	"USB printers on this machine: the URI to give --printer, the model\n"
	"(IEEE 1284 MFG/MDL), where it is (USB bus path, a queue's device) "
	"and\n"
	"its state. A source that cannot be asked is reported on stderr.\n"
	"\n"
	"  --json   one JSON array of {uri, description, location, state,\n"
	"           detail}\n";

struct listing {
	int json;
	int n;
	struct strbuf sb;
};

static int show(const struct printer_found *f, void *arg)
{
	struct listing *l = arg;

	if (!l->json) {
		printf("%-32s %-28s %-24s %s%s%s\n", f->uri, f->description,
		       f->location, printer_state_name(f->state),
		       f->detail[0] ? " - " : "", f->detail);
		l->n++;
		return 0;
	}
	strbuf_adds(&l->sb, l->n++ ? ",\n {" : "\n {");
	json_add_member(&l->sb, "uri", f->uri);
	json_add_member(&l->sb, "description", f->description);
	json_add_member(&l->sb, "location", f->location);
	json_add_member(&l->sb, "state", printer_state_name(f->state));
	json_add_member(&l->sb, "detail", f->detail);
	strbuf_addc(&l->sb, '}');
	return 0;
}

static int printers_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct listing l = {0, 0, {0}};
	struct err err;
	int failed = 0;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		l.json = 1;
	else if (argc != 1)
		return cmd_usage(ctx, "unexpected argument \"%s\"", argv[1]);
	strbuf_init(&l.sb, 1 << 20);
	err_clear(&err);
	if (printer_cups_discover(show, &l, &err) != 0) {
		fprintf(stderr, "packctl printers: CUPS: %s\n", err.msg);
		failed++;
	}
	err_clear(&err);
	if (printer_usb_discover(show, &l, &err) != 0) {
		fprintf(stderr, "packctl printers: USB: %s\n", err.msg);
		failed++;
	}
	if (l.json)
		printf("[%s\n]\n", strbuf_str(&l.sb));
	else if (l.n == 0)
		printf("no printers found (network printers are not "
		       "discovered: use socket://HOST:9100)\n");
	strbuf_cleanup(&l.sb);
	/* Nothing could be asked at all: that is a failure. */
	return failed == 2 ? CMD_FAIL : CMD_OK;
}

const struct cmd cmd_printers = {
	.name = "printers",
	.summary = "list CUPS queues and USB printers with their state",
	.usage = printers_usage,
	.run = printers_run,
};
