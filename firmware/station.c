#include "station.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "slip-render.h"
#include "text.h"

#define JOB_MAX (4u << 20) /* one slip's bytes; a few KB in practice */

int station_init(struct station *st, const struct config *cfg,
		 struct store *store, struct printer *printer, FILE *out,
		 struct err *err)
{
	memset(st, 0, sizeof *st);
	st->cfg = cfg;
	st->store = store;
	st->printer = printer;
	st->out = out;
	st->terminal = isatty(fileno(out));
	st->paper = escpos_paper_find(cfg->paper);
	if (st->paper == NULL)
		return err_set(err, "paper \"%s\": use 80mm or 58mm",
			       cfg->paper);
	slip_init(&st->slip);
	strbuf_init(&st->job, JOB_MAX);
	return 0;
}

void station_cleanup(struct station *st)
{
	slip_cleanup(&st->slip);
	strbuf_cleanup(&st->job);
}

/* Logs one event; detail is a JSON object or NULL. */
static int log_event(struct station *st, const char *order, const char *type,
		     const char *detail, struct err *err)
{
	struct event ev = {
		.station = st->cfg->station,
		.operator_name = st->cfg->operator_name,
		.order = order,
		.type = type,
		.detail = detail,
	};

	return store_event_add(st->store, &ev, err);
}

/* The packer's screen line. The whole message is sanitised before it is
 * shown: an order note must not be able to move the cursor or clear the
 * screen. */
static void tell(struct station *st, int alarm, const char *tag,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void tell(struct station *st, int alarm, const char *tag,
		 const char *fmt, ...)
{
	char raw[1024], shown[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	text_sanitize_into(shown, sizeof shown, raw);
	if (alarm && st->terminal)
		fputc('\a', st->out);
	fprintf(st->out, "%-8s %s\n", tag, shown);
	fflush(st->out);
}

/* Why a scan cannot be an order name, or NULL when it can. */
static const char *scan_problem(const char *scan, size_t len, int toolong)
{
	size_t i;

	if (toolong)
		return "longer than 256 bytes";
	if (len == 0)
		return "empty";
	if (memchr(scan, '\0', len) != NULL)
		return "contains a NUL byte";
	if (!text_utf8_valid(scan, len))
		return "not valid UTF-8";
	for (i = 0; i < len; i++)
		if ((unsigned char)scan[i] < 0x20 || scan[i] == 0x7F)
			return "contains control characters";
	return NULL;
}

static int reject(struct station *st, const char *scan, size_t len,
		  const char *why, struct err *err)
{
	struct strbuf d;
	char shown[128];
	int rc;

	strbuf_init(&d, 4096);
	text_sanitize_into(shown, sizeof shown, scan);
	strbuf_addc(&d, '{');
	json_add_member(&d, "reason", why);
	json_add_member(&d, "scan", shown);
	json_add_member_int(&d, "bytes", (long long)len);
	strbuf_addc(&d, '}');
	rc = log_event(st, NULL, "scan_rejected", strbuf_str(&d), err);
	strbuf_cleanup(&d);
	tell(st, 1, "REJECTED", "scan %s: scan the order barcode again", why);
	return rc != 0 ? -1 : STATION_REJECTED;
}

static int print_slip(struct station *st, const struct order *o, int reprint,
		      struct err *err)
{
	struct strbuf d;
	struct err perr;
	int rc;

	err_clear(&perr);
	strbuf_reset(&st->job);
	strbuf_init(&d, 8192);
	strbuf_addc(&d, '{');
	rc = slip_render_order(st->store, st->cfg, o, st->paper, &st->slip,
			       &st->job, &perr);
	if (rc == 0)
		rc = printer_job(st->printer, o->name, st->job.buf, st->job.len,
				 &perr);
	if (rc == 0) {
		json_add_member(&d, "printer", st->printer->uri);
		json_add_member(&d, "output", st->printer->last_output);
		json_add_member_int(&d, "bytes", (long long)st->job.len);
		if (reprint)
			strbuf_adds(&d, ",\"reprint\":true");
	} else {
		json_add_member(&d, "printer", st->printer->uri);
		json_add_member(&d, "reason", perr.msg);
	}
	strbuf_addc(&d, '}');
	if (log_event(st, o->name, rc == 0 ? "slip_printed" : "slip_failed",
		      strbuf_str(&d), err) != 0)
		rc = -1;
	strbuf_cleanup(&d);
	if (err_isset(err))
		return -1;
	if (rc != 0) {
		tell(st, 1, "FAILED", "%s: slip not printed: %s", o->name,
		     perr.msg);
		return STATION_PRINT_FAILED;
	}
	tell(st, 0, reprint ? "REPRINT" : "PRINTED", "%s -> %s", o->name,
	     st->printer->last_output);
	return reprint ? STATION_REPRINTED : STATION_PRINTED;
}

static int already_printed(struct station *st, const char *name,
			   int64_t *count, struct err *err)
{
	struct event_filter f = {.order = name, .type = "slip_printed"};

	return store_event_count(st->store, &f, count, err);
}

static int shipped(struct station *st, const struct order *o, int64_t printed,
		   struct err *err)
{
	struct strbuf d;
	int rc;

	strbuf_init(&d, 1024);
	strbuf_addc(&d, '{');
	json_add_member(&d, "reason", order_is_fulfilled(o)
					      ? "fulfilled"
					      : "slip already printed");
	json_add_member(&d, "fulfillment_status", o->fulfillment_status);
	json_add_member_int(&d, "slips_printed", (long long)printed);
	strbuf_addc(&d, '}');
	rc = log_event(st, o->name, "order_already_shipped", strbuf_str(&d),
		       err);
	strbuf_cleanup(&d);
	snprintf(st->last_shipped, sizeof st->last_shipped, "%s", o->name);
	tell(st, 1, "SHIPPED",
	     "%s was already %s. Do not pack it again; scan it once more "
	     "to reprint the slip.",
	     o->name, order_is_fulfilled(o) ? "fulfilled" : "packed");
	return rc != 0 ? -1 : STATION_SHIPPED;
}

static int cancelled(struct station *st, const struct order *o,
		     struct err *err)
{
	struct strbuf d;
	int rc;

	strbuf_init(&d, 1024);
	strbuf_addc(&d, '{');
	json_add_member(&d, "cancelled_at", o->cancelled_at);
	strbuf_addc(&d, '}');
	rc = log_event(st, o->name, "order_cancelled", strbuf_str(&d), err);
	strbuf_cleanup(&d);
	tell(st, 1, "STOP", "%s WAS CANCELLED - DO NOT SHIP. Put the items back.",
	     o->name);
	return rc != 0 ? -1 : STATION_CANCELLED;
}

static int unknown(struct station *st, const char *scan, struct err *err)
{
	struct strbuf d;
	int rc;

	strbuf_init(&d, 1024);
	strbuf_addc(&d, '{');
	json_add_member(&d, "scan", scan);
	strbuf_addc(&d, '}');
	rc = log_event(st, NULL, "order_unknown", strbuf_str(&d), err);
	strbuf_cleanup(&d);
	tell(st, 1, "UNKNOWN",
	     "no order \"%s\" in this station's database. Check the "
	     "order number or import the latest orders.",
	     scan);
	return rc != 0 ? -1 : STATION_UNKNOWN;
}

static int known(struct station *st, const struct order *o, const char *scan,
		 struct err *err)
{
	struct strbuf d;
	int64_t printed = 0;
	int again, rc;

	strbuf_init(&d, 1024);
	strbuf_addc(&d, '{');
	json_add_member(&d, "scan", scan);
	strbuf_addc(&d, '}');
	rc = log_event(st, o->name, "order_scanned", strbuf_str(&d), err);
	strbuf_cleanup(&d);
	if (rc != 0)
		return -1;
	again = strcmp(st->last_shipped, o->name) == 0;
	st->last_shipped[0] = '\0';
	if (order_is_cancelled(o))
		return cancelled(st, o, err);
	if (already_printed(st, o->name, &printed, err) != 0)
		return -1;
	if (!order_is_fulfilled(o) && printed == 0)
		return print_slip(st, o, 0, err);
	if (!again)
		return shipped(st, o, printed, err);
	if (log_event(st, o->name, "reprint", "{}", err) != 0)
		return -1;
	return print_slip(st, o, 1, err);
}

int station_scan(struct station *st, const char *scan, size_t len,
		 int toolong, struct err *err)
{
	const char *why = scan_problem(scan, len, toolong);
	struct order o;
	int rc;

	if (why != NULL) {
		st->last_shipped[0] = '\0';
		return reject(st, scan, len, why, err);
	}
	order_init(&o);
	rc = store_order_get(st->store, scan, &o, err);
	if (rc == 1)
		rc = known(st, &o, scan, err);
	else if (rc == 0) {
		st->last_shipped[0] = '\0';
		rc = unknown(st, scan, err);
	}
	order_cleanup(&o);
	return rc;
}
