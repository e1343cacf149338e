/* packctl print-test — a test page through the same path as a slip:
 * status, bytes, status; it tells the printer's details and whether the
 * printer is ready, so a newcomer can tell a cabling problem from a
 * configuration one. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "cmd.h"
#include "escpos.h"
#include "label.h"
#include "printer.h"

static const char print_test_usage[] =
	"usage: packctl print-test --printer URI [--paper 80mm|58mm]\n"
	"                          [--profile NAME]\n"
	"\n"
	"Prints a test page: the printer's URI and details, its state, the\n"
	"paper's columns, a QR code and a barcode to try with a scanner.\n"
	"Exit status: 0 printed, 1 the printer has a fault (the message says\n"
	"what to do), 2 usage.\n";

static void test_page(struct slip *s, struct printer *p,
		      const struct profile *prof,
		      enum printer_state state)
{
	/* The ruler counts the columns of the printer's own font: 12 dots on
	 * receipts, the label layout's 14-dot cell on label printers. */
	int columns = prof->columns > 0 ? prof->columns
					: (prof->width_dots - 48) / 14;
	char line[512], stamp[32];
	struct strbuf desc;
	int i;

	strbuf_init(&desc, 4096);
	if (p->ops->describe != NULL)
		p->ops->describe(p, &desc);
	clock_utc_stamp(stamp, sizeof stamp);
	slip_text(s, "PACKDESK TEST PAGE", SLIP_BOLD | SLIP_WIDE | SLIP_TALL,
		  SLIP_CENTER);
	slip_rule(s, '=');
	slip_row(s, "Printer", p->uri, 0);
	if (desc.len > 0)
		slip_text(s, strbuf_str(&desc), 0, SLIP_LEFT);
	slip_row(s, "State", printer_state_name(state), 0);
	snprintf(line, sizeof line, "%s, %d x %d dots, %d dpi", prof->name,
		 prof->width_dots, prof->height_dots, prof->dpi);
	slip_row(s, "Paper", line, 0);
	slip_row(s, "Time (UTC)", stamp, 0);
	slip_rule(s, '-');
	for (i = 0; i < columns && i < (int)sizeof line - 1; i++)
		line[i] = (char)('0' + (i + 1) % 10);
	line[i] = '\0';
	slip_text(s, line, 0, SLIP_LEFT);
	slip_text(s, "Bold line", SLIP_BOLD, SLIP_LEFT);
	slip_text(s, "Underlined line", SLIP_UNDERLINE, SLIP_LEFT);
	slip_text(s, "Centred", 0, SLIP_CENTER);
	slip_text(s, "Right", 0, SLIP_RIGHT);
	slip_barcode(s, "PACKDESK-TEST");
	slip_qr(s, "https://packdesk.example/test", 6);
	slip_text(s, "If you can read this, the printer works.", 0,
		  SLIP_CENTER);
	slip_cut(s);
	strbuf_cleanup(&desc);
}

static int print_test_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"printer", required_argument, NULL, 'p'},
		{"paper", required_argument, NULL, 'w'},
		{"profile", required_argument, NULL, 'P'},
		{NULL, 0, NULL, 0},
	};
	const char *uri = ctx->cfg.printer, *paper_name = ctx->cfg.paper;
	const char *profile_name = ctx->cfg.profile;
	struct profile prof;
	enum printer_state state;
	struct printer *p = NULL;
	struct strbuf bytes;
	struct slip s;
	struct err err;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			uri = optarg;
		else if (c == 'w')
			paper_name = optarg, profile_name = "";
		else if (c == 'P')
			profile_name = optarg;
		else
			return cmd_usage(ctx, "unknown option");
	}
	if (optind < argc)
		return cmd_usage(ctx, "unexpected argument \"%s\"",
				 argv[optind]);
	err_clear(&err);
	if (escpos_profile_select(&prof, profile_name, paper_name, &err) != 0)
		return cmd_usage(ctx, "%s", err.msg);
	if (printer_open(&p, uri, prof.width_dots, &err) != 0)
		return cmd_usage(ctx, "%s", err.msg);
	printer_set_profile(p, &prof);
	printer_status(p, &state, &err);
	err_clear(&err);
	slip_init(&s);
	strbuf_init(&bytes, 1 << 20);
	test_page(&s, p, &prof, state);
	rc = label_encode(&s, &prof, &bytes, &err);
	if (rc == 0)
		rc = printer_print(p, "test-page", bytes.buf, bytes.len, &state,
				   &err);
	if (rc == 0)
		printf("printed a test page on %s (%s) -> %s\n", uri,
		       printer_state_name(state), p->last_output);
	else
		cmd_fail(ctx, "%s: %s (state %s)", uri, err.msg,
			 printer_state_name(state));
	strbuf_cleanup(&bytes);
	slip_cleanup(&s);
	printer_close(p);
	return rc == 0 ? CMD_OK : CMD_FAIL;
}

const struct cmd cmd_print_test = {
	.name = "print-test",
	.summary = "print a test page with the printer's details",
	.usage = print_test_usage,
	.run = print_test_run,
};
