/* packctl events — the event log, for syncing back to the shop. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "strbuf.h"

static const char events_usage[] =
	"usage: packctl events [--format jsonl|csv] [--order NAME] [--type T]\n"
	"                      [--since TIME] [--until TIME]\n"
	"\n"
	"Prints the event log in the order it was written. Each JSON line has\n"
	"uuid, at (UTC), station, operator, order, type and detail; CSV has\n"
	"the same columns with detail as JSON text.\n"
	"\n"
	"  --format F     jsonl (default) or csv\n"
	"  --order NAME   only this order (e.g. #10423)\n"
	"  --type T       only this event type (e.g. slip_printed)\n"
	"  --since TIME   from this UTC time on (e.g. 2026-11-25 or\n"
	"                 2026-11-25T08:00)\n"
	"  --until TIME   before this UTC time\n";

struct out {
	int csv;
	struct strbuf line;
};

static void csv_field(struct strbuf *sb, const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *p;

	if (quote)
		strbuf_addc(sb, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			strbuf_addc(sb, '"');
		strbuf_addc(sb, *p);
	}
	if (quote)
		strbuf_addc(sb, '"');
	strbuf_adds(sb, last ? "\r\n" : ",");
}

static void json_nullable(struct strbuf *sb, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0') {
		json_add_member(sb, key, v);
		return;
	}
	strbuf_addf(sb, ",\"%s\":null", key);
}

static int print_event(const struct event *ev, void *arg)
{
	struct out *o = arg;
	struct strbuf *sb = &o->line;

	strbuf_reset(sb);
	if (o->csv) {
		csv_field(sb, ev->uuid, 0);
		csv_field(sb, ev->at, 0);
		csv_field(sb, ev->station, 0);
		csv_field(sb, ev->operator_name, 0);
		csv_field(sb, ev->order, 0);
		csv_field(sb, ev->type, 0);
		csv_field(sb, ev->detail, 1);
	} else {
		strbuf_addc(sb, '{');
		json_add_member(sb, "uuid", ev->uuid);
		json_add_member(sb, "at", ev->at);
		json_add_member(sb, "station", ev->station);
		json_nullable(sb, "operator", ev->operator_name);
		json_nullable(sb, "order", ev->order);
		json_add_member(sb, "type", ev->type);
		/* detail is JSON the station wrote itself. */
		strbuf_addf(sb, ",\"detail\":%s}\n", ev->detail);
	}
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len)
		return -1;
	return 0;
}

static int events_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"order", required_argument, NULL, 'o'},
		{"type", required_argument, NULL, 't'},
		{"since", required_argument, NULL, 's'},
		{"until", required_argument, NULL, 'u'},
		{NULL, 0, NULL, 0},
	};
	struct event_filter f = {0};
	struct out o = {0, {0}};
	struct store *st;
	struct err err;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f' && strcmp(optarg, "csv") == 0)
			o.csv = 1;
		else if (c == 'f' && strcmp(optarg, "jsonl") != 0)
			return cmd_usage(ctx, "--format is jsonl or csv");
		else if (c == 'o')
			f.order = optarg;
		else if (c == 't')
			f.type = optarg;
		else if (c == 's')
			f.since = optarg;
		else if (c == 'u')
			f.until = optarg;
		else if (c != 'f')
			return cmd_usage(ctx, "unknown option");
	}
	if (optind < argc)
		return cmd_usage(ctx, "unexpected argument \"%s\"",
				 argv[optind]);
	if ((st = cmd_store(ctx)) == NULL)
		return CMD_FAIL;
	err_clear(&err);
	strbuf_init(&o.line, 1 << 20);
	if (o.csv)
		fputs("uuid,at,station,operator,order,type,detail\r\n", stdout);
	rc = store_events_each(st, &f, print_event, &o, &err);
	strbuf_cleanup(&o.line);
	if (fflush(stdout) != 0 || rc < 0)
		return cmd_fail(ctx, "%s",
				err_isset(&err) ? err.msg : "cannot write");
	return CMD_OK;
}

const struct cmd cmd_events = {
	.name = "events",
	.summary = "print the event log (JSON lines or CSV)",
	.usage = events_usage,
	.run = events_run,
};
