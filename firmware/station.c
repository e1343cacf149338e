#include "station.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "json.h"
#include "slip-render.h"
#include "text.h"

#define JOB_MAX (4u << 20) /* one slip's bytes; a few KB in practice */

void station_init(struct station *st, const struct config *cfg,
		  const struct profile *profile, struct store *store,
		  struct printer *printer, FILE *out)
{
	memset(st, 0, sizeof *st);
	st->cfg = cfg;
	st->store = store;
	st->printer = printer;
	st->out = out;
	st->terminal = isatty(fileno(out));
	st->profile = *profile;
	printer_set_profile(printer, &st->profile);
	slip_init(&st->slip);
	strbuf_init(&st->job, JOB_MAX);
	strbuf_init(&st->held.job, JOB_MAX);
}

void station_cleanup(struct station *st)
{
	slip_cleanup(&st->slip);
	strbuf_cleanup(&st->job);
	strbuf_cleanup(&st->held.job);
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

/* Logs an event whose detail is string members: key, value, ..., NULL.
 * Every scan event also names the scanner it came from and its symbology
 * when the scanner sent one. */
static int log_kv(struct station *st, const char *order, const char *type,
		  struct err *err, ...)
{
	struct strbuf d;
	const char *k;
	va_list ap;
	int rc;

	strbuf_init(&d, 8192);
	strbuf_addc(&d, '{');
	va_start(ap, err);
	while ((k = va_arg(ap, const char *)) != NULL)
		json_add_member(&d, k, va_arg(ap, const char *));
	va_end(ap);
	if (st->scan_source != NULL)
		json_add_member(&d, "scanner", st->scan_source);
	if (st->scan_symbology != NULL && st->scan_symbology[0] != '\0')
		json_add_member(&d, "symbology", st->scan_symbology);
	strbuf_addc(&d, '}');
	rc = log_event(st, order, type, strbuf_str(&d), err);
	strbuf_cleanup(&d);
	return rc;
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
	char shown[128], bytes[24];
	int rc;

	text_sanitize_into(shown, sizeof shown, scan);
	snprintf(bytes, sizeof bytes, "%zu", len);
	rc = log_kv(st, NULL, "scan_rejected", err, "reason", why, "scan",
		    shown, "bytes", bytes, NULL);
	tell(st, 1, "REJECTED", "scan refused (%s)%s", why,
	     st->held.active ? "" : ": scan the order barcode again");
	return rc != 0 ? -1 : STATION_REJECTED;
}

static int log_printed(struct station *st, const char *order, int reprint,
		       size_t bytes, enum printer_state state, struct err *err)
{
	struct strbuf d;
	int rc;

	strbuf_init(&d, 8192);
	strbuf_addc(&d, '{');
	json_add_member(&d, "printer", st->printer->uri);
	json_add_member(&d, "output", st->printer->last_output);
	json_add_member_int(&d, "bytes", (long long)bytes);
	json_add_member(&d, "printer_state", printer_state_name(state));
	if (reprint)
		strbuf_adds(&d, ",\"reprint\":true");
	strbuf_addc(&d, '}');
	rc = log_event(st, order, "slip_printed", strbuf_str(&d), err);
	strbuf_cleanup(&d);
	if (rc != 0)
		return -1;
	tell(st, 0, reprint ? "REPRINT" : "PRINTED", "%s -> %s", order,
	     st->printer->last_output);
	if (state == PRINTER_PAPER_NEAR_END)
		tell(st, 0, "WARNING", "%s", printer_state_advice(state));
	return reprint ? STATION_REPRINTED : STATION_PRINTED;
}

static int log_reason(struct station *st, const char *order,
		      const char *type, enum printer_state state,
		      const char *reason, struct err *err)
{
	struct strbuf d;
	int rc;

	strbuf_init(&d, 8192);
	strbuf_addc(&d, '{');
	json_add_member(&d, "printer", st->printer->uri);
	json_add_member(&d, "state", printer_state_name(state));
	json_add_member(&d, "advice", printer_state_advice(state));
	json_add_member(&d, "reason", reason);
	strbuf_addc(&d, '}');
	rc = log_event(st, order, type, strbuf_str(&d), err);
	strbuf_cleanup(&d);
	return rc;
}

/* A printer fault: the slip waits in st->held and the packer is told what
 * to do; station_tick prints it once the printer is back. */
static int hold(struct station *st, const char *order, int reprint,
		enum printer_state state, const char *reason, struct err *err)
{
	struct station_held *h = &st->held;

	if (!h->active) {
		h->active = 1;
		snprintf(h->order, sizeof h->order, "%s", order);
		h->reprint = reprint;
		strbuf_reset(&h->job);
		if (strbuf_add(&h->job, st->job.buf, st->job.len) != 0)
			return err_set(err, "out of memory holding a slip");
		h->since_ms = clock_mono_ms();
	}
	h->state = state;
	h->next_poll_ms = clock_mono_ms() + STATION_POLL_MS;
	if (log_reason(st, order, "printer_fault", state, reason, err) != 0)
		return -1;
	tell(st, 1, "HOLD", "%s. The slip for %s will print when the printer "
			    "is ready.",
	     printer_state_advice(state), order);
	return STATION_HELD;
}

/* An edited template with errors is not used: the last good one prints,
 * and the packer is told once per new problem so the shop can fix it. */
static void template_notice(struct station *st)
{
	const char *n = slip_render_notice();

	if (strcmp(n, st->template_notice) == 0)
		return;
	snprintf(st->template_notice, sizeof st->template_notice, "%s", n);
	if (n[0] != '\0')
		tell(st, 1, "TEMPLATE", "%s", n);
}

static int print_slip(struct station *st, const struct order *o, int reprint,
		      struct err *err)
{
	enum printer_state state = PRINTER_UNKNOWN;
	struct err perr;
	int rc;

	err_clear(&perr);
	strbuf_reset(&st->job);
	rc = slip_render_order(st->store, st->cfg, o, &st->profile, &st->slip,
			       &st->job, &perr);
	template_notice(st);
	if (rc != 0) {
		if (log_reason(st, o->name, "slip_failed", state, perr.msg,
			       err) != 0)
			return -1;
		tell(st, 1, "FAILED", "%s: slip not printed: %s", o->name,
		     perr.msg);
		return STATION_PRINT_FAILED;
	}
	rc = printer_print(st->printer, o->name, st->job.buf, st->job.len,
			   &state, &perr);
	if (rc == PRINTER_FAULT)
		return hold(st, o->name, reprint, state, perr.msg, err);
	if (rc != 0) {
		if (log_reason(st, o->name, "slip_failed", state, perr.msg,
			       err) != 0)
			return -1;
		tell(st, 1, "FAILED", "%s: slip not printed: %s", o->name,
		     perr.msg);
		return STATION_PRINT_FAILED;
	}
	return log_printed(st, o->name, reprint, st->job.len, state, err);
}

int station_holding(const struct station *st)
{
	return st->held.active;
}

int station_timeout(const struct station *st)
{
	int64_t left;

	if (!st->held.active)
		return -1;
	left = st->held.next_poll_ms - clock_mono_ms();
	return left > 0 ? (int)left : 0;
}

/* Gives up on a held slip (the configured time ran out, or the station is
 * stopping): the packer must know the parcel has no slip. */
static int give_up(struct station *st, const char *reason, struct err *err)
{
	struct station_held *h = &st->held;

	h->active = 0;
	if (log_reason(st, h->order, "slip_failed", h->state, reason, err) != 0)
		return -1;
	tell(st, 1, "FAILED", "%s: slip NOT printed (%s). Scan the order "
			      "again when the printer works.",
	     h->order, reason);
	return 0;
}

int station_stop(struct station *st, struct err *err)
{
	if (st->held.active &&
	    give_up(st, "the station was stopped while the slip was held",
		    err) < 0)
		return -1;
	return 0;
}

int station_tick(struct station *st, struct err *err)
{
	struct station_held *h = &st->held;
	enum printer_state state;
	struct err perr;
	int rc;

	if (!h->active || clock_mono_ms() < h->next_poll_ms)
		return 0;
	if (st->cfg->hold_timeout > 0 &&
	    clock_mono_ms() - h->since_ms >= st->cfg->hold_timeout * 1000LL) {
		char reason[160];

		snprintf(reason, sizeof reason,
			 "the printer did not recover within %d s",
			 st->cfg->hold_timeout);
		return give_up(st, reason, err);
	}
	err_clear(&perr);
	printer_status(st->printer, &state, &perr);
	h->next_poll_ms = clock_mono_ms() + STATION_POLL_MS;
	if (!printer_state_ok(state)) {
		if (state != h->state &&
		    hold(st, h->order, h->reprint, state, perr.msg, err) < 0)
			return -1;
		return 0;
	}
	if (log_reason(st, h->order, "printer_ready", state, "", err) != 0)
		return -1;
	err_clear(&perr);
	rc = printer_print(st->printer, h->order, h->job.buf, h->job.len,
			   &state, &perr);
	if (rc == PRINTER_FAULT) {
		h->state = PRINTER_READY; /* report the new fault */
		return hold(st, h->order, h->reprint, state, perr.msg, err) < 0
			       ? -1
			       : 0;
	}
	h->active = 0;
	if (rc != 0)
		return log_reason(st, h->order, "slip_failed", state, perr.msg,
				  err);
	return log_printed(st, h->order, h->reprint, h->job.len, state, err) <
			       0
		       ? -1
		       : 0;
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
	int rc = log_kv(st, o->name, "order_cancelled", err, "cancelled_at",
			o->cancelled_at, NULL);

	tell(st, 1, "STOP", "%s WAS CANCELLED - DO NOT SHIP. Put the items back.",
	     o->name);
	return rc != 0 ? -1 : STATION_CANCELLED;
}

static int unknown(struct station *st, const char *scan, struct err *err)
{
	int rc = log_kv(st, NULL, "order_unknown", err, "scan", scan, NULL);

	tell(st, 1, "UNKNOWN",
	     "no order \"%s\" in this station's database. Check the "
	     "order number or import the latest orders.",
	     scan);
	return rc != 0 ? -1 : STATION_UNKNOWN;
}

static int known(struct station *st, const struct order *o, const char *scan,
		 struct err *err)
{
	int64_t printed = 0;
	int again;

	if (log_kv(st, o->name, "order_scanned", err, "scan", scan, NULL) != 0)
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

int station_scan(struct station *st, const struct scan *sc,
		 const char *source, struct err *err)
{
	const char *scan = sc->data, *why;
	size_t len = sc->len;
	struct order o;
	int rc;

	st->scan_source = source;
	st->scan_symbology = sc->symbology;
	why = scan_problem(scan, len, sc->toolong);
	if (why == NULL && st->held.active)
		why = "the printer has a fault; fix it first";
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
	st->scan_source = st->scan_symbology = NULL;
	return rc;
}

int station_scanner_event(struct station *st, const char *uri, int found,
			  const char *why, struct err *err)
{
	int rc;

	st->scan_source = st->scan_symbology = NULL;
	rc = log_kv(st, NULL, found ? "scanner_found" : "scanner_lost", err,
		    "scanner", uri, "reason", why, NULL);
	if (found)
		tell(st, 0, "SCANNER", "Scanner connected: %s", uri);
	else
		tell(st, 1, "SCANNER", "Scanner disconnected: %s (%s). Plug "
				       "it back in; the station finds it.",
		     uri, why);
	return rc;
}
