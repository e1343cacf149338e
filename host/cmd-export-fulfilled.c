/* packctl export-fulfilled — the orders this station packed or shipped, as
 * a CSV a shop can import to bulk-fulfil them in Shopify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* Orders in one export (a station packs a few hundred a day); the lookup
 * is linear, so the ceiling also bounds the time. */
#define EXPORT_MAX_ORDERS 20000

static const char export_fulfilled_usage[] =
	"usage: packctl export-fulfilled [--since TIME] [--until TIME]\n"
	"\n"
	"Prints a CSV of every order with a packing slip printed or marked\n"
	"shipped (packctl ship), once each in the order they were packed:\n"
	"Name, Fulfillment Status (fulfilled), Shipping Method, Tracking\n"
	"Number (empty) and Fulfilled at (the ship time, else the pack time,\n"
	"UTC).\n";

struct fulfilled {
	char name[128];
	char at[32];
	int shipped;
};

struct walk {
	struct fulfilled *v;
	size_t n, cap;
	int full;
};

static struct fulfilled *find(struct walk *w, const char *name)
{
	size_t i;

	for (i = w->n; i-- > 0;)
		if (strcmp(w->v[i].name, name) == 0)
			return &w->v[i];
	return NULL;
}

static int on_event(const struct event *ev, void *arg)
{
	struct walk *w = arg;
	int ship = strcmp(ev->type, "order_shipped") == 0;
	struct fulfilled *f, *nv;

	if (ev->order == NULL || ev->order[0] == '\0')
		return 0;
	if (!ship && (strcmp(ev->type, "slip_printed") != 0 ||
		      strstr(ev->detail, "\"reprint\":true") != NULL))
		return 0;
	f = find(w, ev->order);
	if (f == NULL) {
		if (w->n == EXPORT_MAX_ORDERS) {
			w->full = 1;
			return 0;
		}
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 64;
			nv = realloc(w->v, w->cap * sizeof *nv);
			if (nv == NULL)
				return -1;
			w->v = nv;
		}
		f = &w->v[w->n++];
		snprintf(f->name, sizeof f->name, "%s", ev->order);
		f->shipped = 0;
		f->at[0] = '\0';
	}
	/* The first slip is when it was packed; a shipment is when it left,
	 * which is what "fulfilled" means to the shop. */
	if (f->at[0] == '\0' || (ship && !f->shipped))
		snprintf(f->at, sizeof f->at, "%s", ev->at);
	f->shipped |= ship;
	return 0;
}

static void csv_field(const char *s, int last)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL)
		fputs(s, stdout);
	else {
		putchar('"');
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p);
		}
		putchar('"');
	}
	fputs(last ? "\r\n" : ",", stdout);
}

/* "2026-11-25T11:35:30.123Z" as Shopify writes times:
 * "2026-11-25 11:35:30 +0000". */
static void shopify_time(char *out, size_t size, const char *iso)
{
	if (strlen(iso) < 19) {
		snprintf(out, size, "%s", iso);
		return;
	}
	snprintf(out, size, "%.10s %.8s +0000", iso, iso + 11);
}

static int export_fulfilled_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct event_filter f = {0};
	struct walk w = {NULL, 0, 0, 0};
	char at[40];
	struct store *st;
	struct order o;
	struct err err;
	size_t i;
	int rc, k;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--since") == 0 && k + 1 < argc)
			f.since = argv[++k];
		else if (strcmp(argv[k], "--until") == 0 && k + 1 < argc)
			f.until = argv[++k];
		else
			return cmd_usage(ctx, "unexpected argument \"%s\"",
					 argv[k]);
	}
	if ((st = cmd_store(ctx)) == NULL)
		return CMD_FAIL;
	err_clear(&err);
	rc = store_events_each(st, &f, on_event, &w, &err);
	if (rc != 0) {
		free(w.v);
		return cmd_fail(ctx, "%s", err_isset(&err) ? err.msg
							   : "out of memory");
	}
	fputs("Name,Fulfillment Status,Shipping Method,Tracking Number,"
	      "Fulfilled at\r\n",
	      stdout);
	for (i = 0; rc == 0 && i < w.n; i++) {
		order_init(&o);
		rc = store_order_get(st, w.v[i].name, &o, &err);
		shopify_time(at, sizeof at, w.v[i].at);
		if (rc >= 0) {
			csv_field(w.v[i].name, 0);
			csv_field("fulfilled", 0);
			csv_field(rc == 1 ? o.shipping_method : "", 0);
			csv_field("", 0);
			csv_field(at, 1);
			rc = 0;
		}
		order_cleanup(&o);
	}
	free(w.v);
	if (rc != 0)
		return cmd_fail(ctx, "%s", err.msg);
	if (w.full)
		return cmd_fail(ctx, "more than %d orders: narrow it with "
				     "--since/--until",
				EXPORT_MAX_ORDERS);
	if (fflush(stdout) != 0)
		return cmd_fail(ctx, "cannot write");
	return CMD_OK;
}

const struct cmd cmd_export_fulfilled = {
	.name = "export-fulfilled",
	.summary = "CSV of packed and shipped orders for Shopify bulk "
		   "fulfilment",
	.usage = export_fulfilled_usage,
	.run = export_fulfilled_run,
};
