/* packctl report — a shift in numbers, from the event log alone: per UTC
 * day and operator, orders packed and verified, the exceptions, reprints
 * and the median time from the order scan to its slip. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "json.h"
#include "strbuf.h"

#define REPORT_MAX_GROUPS 4096
/* Order scans waiting for their slip; older ones are forgotten first. */
#define REPORT_OPEN_SCANS 256

static const char report_usage[] =
	"usage: packctl report [--day YYYY-MM-DD] [--json]\n"
	"\n"
	"Summarises the event log per UTC day and operator: orders packed\n"
	"(first slips), verified (order_verified), cancelled (cancelled or\n"
	"abandoned at the station), wrong items (wrong or one too many),\n"
	"unknown orders, rejected scans, reprints, and the median seconds\n"
	"from an order's scan to its first slip.\n"
	"\n"
	"  --day DATE   only this UTC day\n"
	"  --json       a JSON array instead of a table\n";

struct group {
	char day[11];
	char operator_name[64];
	long packed, verified, cancelled, wrong, unknown, rejected, reprints;
	double *secs; /* scan-to-slip times */
	size_t nsecs, capsecs;
};

struct open_scan {
	char order[128];
	double at; /* seconds since the epoch */
};

struct report {
	const char *day;
	struct group *g;
	size_t n, cap;
	struct open_scan open[REPORT_OPEN_SCANS];
	size_t nopen, next;
	int full;
};

/* "2026-11-25T11:35:30.123Z" in seconds; -1 when it is not one. */
static double iso_seconds(const char *at)
{
	struct tm tm;
	int ms = 0;

	memset(&tm, 0, sizeof tm);
	if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
		   &ms) < 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (double)timegm(&tm) + ms / 1000.0;
}

static struct group *group_of(struct report *r, const struct event *ev)
{
	const char *op = ev->operator_name != NULL ? ev->operator_name : "";
	struct group *g, *nv;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strncmp(r->g[i].day, ev->at, 10) == 0 &&
		    strcmp(r->g[i].operator_name, op) == 0)
			return &r->g[i];
	if (r->n == REPORT_MAX_GROUPS) {
		r->full = 1;
		return NULL;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		nv = realloc(r->g, r->cap * sizeof *nv);
		if (nv == NULL)
			return NULL;
		r->g = nv;
	}
	g = &r->g[r->n++];
	memset(g, 0, sizeof *g);
	snprintf(g->day, sizeof g->day, "%.10s", ev->at);
	snprintf(g->operator_name, sizeof g->operator_name, "%s", op);
	return g;
}

static void scan_opened(struct report *r, const char *order, double at)
{
	struct open_scan *o = &r->open[r->next];

	r->next = (r->next + 1) % REPORT_OPEN_SCANS;
	if (r->nopen < REPORT_OPEN_SCANS)
		r->nopen++;
	snprintf(o->order, sizeof o->order, "%s", order);
	o->at = at;
}

/* The latest scan of order, forgotten once used; -1 when none. */
static double scan_closed(struct report *r, const char *order)
{
	size_t i, k;
	double at;

	for (i = 0; i < r->nopen; i++) {
		k = (r->next + REPORT_OPEN_SCANS - 1 - i) % REPORT_OPEN_SCANS;
		if (r->open[k].order[0] != '\0' &&
		    strcmp(r->open[k].order, order) == 0) {
			at = r->open[k].at;
			r->open[k].order[0] = '\0';
			return at;
		}
	}
	return -1;
}

static int add_secs(struct group *g, double s)
{
	double *nv;

	if (g->nsecs == g->capsecs) {
		g->capsecs = g->capsecs ? g->capsecs * 2 : 16;
		nv = realloc(g->secs, g->capsecs * sizeof *nv);
		if (nv == NULL)
			return -1;
		g->secs = nv;
	}
	g->secs[g->nsecs++] = s;
	return 0;
}

static int is(const struct event *ev, const char *type)
{
	return strcmp(ev->type, type) == 0;
}

static int on_event(const struct event *ev, void *arg)
{
	struct report *r = arg;
	const char *order = ev->order != NULL ? ev->order : "";
	struct group *g;
	double at, t0;

	if (r->day != NULL && strncmp(ev->at, r->day, 10) != 0)
		return 0;
	at = iso_seconds(ev->at);
	if (is(ev, "order_scanned")) {
		scan_opened(r, order, at);
		return 0;
	}
	if ((g = group_of(r, ev)) == NULL)
		return r->full ? 0 : -1;
	if (is(ev, "slip_printed") &&
	    strstr(ev->detail, "\"reprint\":true") == NULL) {
		g->packed++;
		t0 = scan_closed(r, order);
		if (t0 >= 0 && at >= t0 && add_secs(g, at - t0) != 0)
			return -1;
	} else if (is(ev, "order_verified"))
		g->verified++;
	else if (is(ev, "order_cancelled") || is(ev, "order_abandoned"))
		g->cancelled++;
	else if (is(ev, "item_wrong") || is(ev, "item_over"))
		g->wrong++;
	else if (is(ev, "order_unknown"))
		g->unknown++;
	else if (is(ev, "scan_rejected"))
		g->rejected++;
	else if (is(ev, "reprint"))
		g->reprints++;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c = strcmp(x->day, y->day);

	return c != 0 ? c : strcmp(x->operator_name, y->operator_name);
}

/* The median in seconds, -1 when nothing was timed. */
static double median(struct group *g)
{
	size_t n = g->nsecs;

	if (n == 0)
		return -1;
	qsort(g->secs, n, sizeof *g->secs, cmp_double);
	return n % 2 ? g->secs[n / 2]
		     : (g->secs[n / 2 - 1] + g->secs[n / 2]) / 2;
}

static void print_json(struct report *r)
{
	struct strbuf sb;
	struct group *g;
	double m;
	size_t i;

	strbuf_init(&sb, 0);
	strbuf_addc(&sb, '[');
	for (i = 0; i < r->n; i++) {
		g = &r->g[i];
		m = median(g);
		strbuf_adds(&sb, i > 0 ? ",\n{" : "\n{");
		json_add_member(&sb, "day", g->day);
		if (g->operator_name[0] != '\0')
			json_add_member(&sb, "operator", g->operator_name);
		else
			strbuf_adds(&sb, ",\"operator\":null");
		json_add_member_int(&sb, "packed", g->packed);
		json_add_member_int(&sb, "verified", g->verified);
		json_add_member_int(&sb, "cancelled", g->cancelled);
		json_add_member_int(&sb, "wrong_items", g->wrong);
		json_add_member_int(&sb, "unknown", g->unknown);
		json_add_member_int(&sb, "rejected", g->rejected);
		json_add_member_int(&sb, "reprints", g->reprints);
		if (m >= 0)
			strbuf_addf(&sb, ",\"median_scan_to_slip_s\":%.3f}",
				    m);
		else
			strbuf_adds(&sb, ",\"median_scan_to_slip_s\":null}");
	}
	strbuf_adds(&sb, r->n > 0 ? "\n]\n" : "]\n");
	fputs(strbuf_str(&sb), stdout);
	strbuf_cleanup(&sb);
}

static void print_table(struct report *r)
{
	struct group *g;
	char med[32];
	double m;
	size_t i;

	printf("%-10s  %-16s %6s %8s %9s %5s %7s %8s %8s %8s\n", "DAY",
	       "OPERATOR", "PACKED", "VERIFIED", "CANCELLED", "WRONG",
	       "UNKNOWN", "REJECTED", "REPRINTS", "MEDIAN_S");
	for (i = 0; i < r->n; i++) {
		g = &r->g[i];
		m = median(g);
		if (m >= 0)
			snprintf(med, sizeof med, "%.1f", m);
		else
			snprintf(med, sizeof med, "-");
		printf("%-10s  %-16s %6ld %8ld %9ld %5ld %7ld %8ld %8ld %8s\n",
		       g->day,
		       g->operator_name[0] != '\0' ? g->operator_name : "-",
		       g->packed, g->verified, g->cancelled, g->wrong,
		       g->unknown, g->rejected, g->reprints, med);
	}
}

static int valid_day(const char *d)
{
	int y, m, dd;
	char end;

	return strlen(d) == 10 &&
	       sscanf(d, "%4d-%2d-%2d%c", &y, &m, &dd, &end) == 3 &&
	       d[4] == '-' && d[7] == '-' && m >= 1 && m <= 12 && dd >= 1 &&
	       dd <= 31;
}

static int report_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"day", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct event_filter f = {0};
	struct report *r;
	struct store *st;
	struct err err;
	int c, json = 0, rc;
	const char *day = NULL;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			day = optarg;
		else if (c == 'j')
			json = 1;
		else
			return cmd_usage(ctx, "unknown option");
	}
	if (optind < argc)
		return cmd_usage(ctx, "unexpected argument \"%s\"",
				 argv[optind]);
	if (day != NULL && !valid_day(day))
		return cmd_usage(ctx, "--day \"%s\": use YYYY-MM-DD", day);
	if ((st = cmd_store(ctx)) == NULL)
		return CMD_FAIL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return cmd_fail(ctx, "out of memory");
	r->day = day;
	err_clear(&err);
	/* Events before the day are skipped by the index; later ones by
	 * on_event. */
	f.since = day;
	rc = store_events_each(st, &f, on_event, r, &err);
	if (rc == 0) {
		if (r->n > 1)
			qsort(r->g, r->n, sizeof *r->g, cmp_group);
		if (json)
			print_json(r);
		else
			print_table(r);
	}
	for (i = 0; i < r->n; i++)
		free(r->g[i].secs);
	free(r->g);
	c = r->full;
	free(r);
	if (rc != 0)
		return cmd_fail(ctx, "%s", err_isset(&err) ? err.msg
							   : "out of memory");
	if (c)
		return cmd_fail(ctx, "more than %d day/operator groups: "
				     "use --day",
				REPORT_MAX_GROUPS);
	if (fflush(stdout) != 0)
		return cmd_fail(ctx, "cannot write");
	return CMD_OK;
}

const struct cmd cmd_report = {
	.name = "report",
	.summary = "per day and operator: packed, verified, exceptions, "
		   "reprints, scan-to-slip time",
	.usage = report_usage,
	.run = report_run,
};
