/* packctl command-sheet — the station's command barcodes on one page, drawn
 * by the virtual printer as the Epson TM-T20III would print them, so the
 * sheet is what the station reads (and tests check it with a decoder). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "command-code.h"
#include "label.h"

#define SHEET_PROFILE "epson-tm-t20iii"
#define SHEET_MAX_LOGINS 16

static const char command_sheet_usage[] =
	"usage: packctl command-sheet -o FILE.png [--operator NAME]...\n"
	"\n"
	"Renders the station's command barcodes (REPRINT, CANCEL, SKIP,\n"
	"LOGOUT, and LOGIN:NAME for each --operator) as Code128 with their\n"
	"captions, as the " SHEET_PROFILE " prints them, into a PNG to print\n"
	"and keep at the station.\n";

static void sheet(struct slip *s, const char *const *ops, int nops)
{
	char code[128];
	size_t i;
	int k;

	slip_text(s, "PACKDESK COMMANDS", SLIP_BOLD | SLIP_WIDE, SLIP_CENTER);
	slip_rule(s, '=');
	for (i = 0; i < command_ncodes; i++) {
		/* The printer writes the code itself under the bars. */
		slip_barcode(s, command_codes[i].text);
		slip_text(s, command_codes[i].caption, 0, SLIP_CENTER);
		slip_feed(s, 1);
	}
	for (k = 0; k < nops; k++) {
		snprintf(code, sizeof code, "%s%s", COMMAND_LOGIN_PREFIX,
			 ops[k]);
		slip_barcode(s, code);
		slip_text(s, "Log in", 0, SLIP_CENTER);
		slip_feed(s, 1);
	}
	slip_cut(s);
}

/* Code128 holds printable ASCII only; a name the scanner could not send
 * back exactly would log in somebody else. */
static const char *operator_problem(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > COMMAND_OPERATOR_MAX)
		return "must be 1 to 63 characters";
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x21 ||
		    (unsigned char)name[i] > 0x7E)
			return "must be printable ASCII without spaces";
	return NULL;
}

static int command_sheet_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"operator", required_argument, NULL, 'u'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL, *ops[SHEET_MAX_LOGINS], *why;
	struct profile prof;
	struct strbuf bytes;
	struct slip s;
	struct err err;
	int c, rc, nops = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'u') {
			if (nops == SHEET_MAX_LOGINS)
				return cmd_usage(ctx, "at most %d operators",
						 SHEET_MAX_LOGINS);
			if ((why = operator_problem(optarg)) != NULL)
				return cmd_usage(ctx, "operator \"%s\" %s",
						 optarg, why);
			ops[nops++] = optarg;
		} else
			return cmd_usage(ctx, "unknown option");
	}
	if (optind < argc)
		return cmd_usage(ctx, "unexpected argument \"%s\"",
				 argv[optind]);
	if (out == NULL)
		return cmd_usage(ctx, "-o FILE.png is required");
	err_clear(&err);
	if (profile_find(&prof, SHEET_PROFILE, profile_default_dirs(), &err) !=
	    0)
		return cmd_fail(ctx, "%s", err.msg);
	slip_init(&s);
	strbuf_init(&bytes, 1 << 20);
	sheet(&s, ops, nops);
	rc = slip_check(&s, &err);
	if (rc == 0)
		rc = label_encode(&s, &prof, &bytes, &err);
	if (rc == 0)
		rc = label_render_png((const unsigned char *)bytes.buf,
				      bytes.len, &prof, out, &err);
	if (rc == 0)
		printf("wrote %zu command codes to %s\n",
		       command_ncodes + (size_t)nops, out);
	else
		cmd_fail(ctx, "%s", err.msg);
	strbuf_cleanup(&bytes);
	slip_cleanup(&s);
	return rc == 0 ? CMD_OK : CMD_FAIL;
}

const struct cmd cmd_command_sheet = {
	.name = "command-sheet",
	.summary = "render the station's command barcodes as a PNG",
	.usage = command_sheet_usage,
	.run = command_sheet_run,
};
