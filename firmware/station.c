#include "station.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "command-code.h"
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
	snprintf(st->operator_name, sizeof st->operator_name, "%s",
		 cfg->operator_name);
	st->verify_mode = strcmp(cfg->mode, "verify") == 0;
	verify_init(&st->verify);
}

void station_cleanup(struct station *st)
{
	slip_cleanup(&st->slip);
	strbuf_cleanup(&st->job);
	strbuf_cleanup(&st->held.job);
	verify_cleanup(&st->verify);
}

/* Logs one event; detail is a JSON object or NULL. */
static int log_event(struct station *st, const char *order, const char *type,
		     const char *detail, struct err *err)
{
	struct event ev = {
		.station = st->cfg->station,
		.operator_name = st->operator_name,
		.order = order,
		.type = type,
		.detail = detail,
	};

	return store_event_add(st->store, &ev, err);
}

/* Logs an event whose detail is string members: key, value, ..., NULL,
 * then raw (JSON members already rendered, or NULL). Every scan event also
 * names the scanner it came from and its symbology when the scanner sent
 * one. */
static int vlog_kv(struct station *st, const char *order, const char *type,
		   const char *raw, struct err *err, va_list ap)
{
	struct strbuf d;
	const char *k;
	int rc;

	strbuf_init(&d, VERIFY_SCANS_MAX + 8192);
	strbuf_addc(&d, '{');
	while ((k = va_arg(ap, const char *)) != NULL)
		json_add_member(&d, k, va_arg(ap, const char *));
	if (raw != NULL && raw[0] != '\0') {
		if (d.len > 1)
			strbuf_addc(&d, ',');
		strbuf_adds(&d, raw);
	}
	if (st->scan_source != NULL)
		json_add_member(&d, "scanner", st->scan_source);
	if (st->scan_symbology != NULL && st->scan_symbology[0] != '\0')
		json_add_member(&d, "symbology", st->scan_symbology);
	strbuf_addc(&d, '}');
	rc = log_event(st, order, type, strbuf_str(&d), err);
	strbuf_cleanup(&d);
	return rc;
}

static int log_kv(struct station *st, const char *order, const char *type,
		  struct err *err, ...)
{
	va_list ap;
	int rc;

	va_start(ap, err);
	rc = vlog_kv(st, order, type, NULL, err, ap);
	va_end(ap);
	return rc;
}

/* log_kv with extra members already rendered as JSON. */
static int log_kv_raw(struct station *st, const char *order, const char *type,
		      const char *raw, struct err *err, ...)
{
	va_list ap;
	int rc;

	va_start(ap, err);
	rc = vlog_kv(st, order, type, raw, err, ap);
	va_end(ap);
	return rc;
}

/* The packer's screen line. The whole message is sanitised before it is
 * shown: an order note must not be able to move the cursor or clear the
 * screen. */
/* The printer's buzzer on a refusal, where the profile says it has one:
 * ESC B n t (1B 42 n t) sounds n beeps of t x 50 ms on the clones that
 * carry a buzzer. Best effort: never while a fault holds a slip (the
 * printer may not answer), never on the virtual printer. */
static void beep(struct station *st)
{
	static const unsigned char esc_b[] = {0x1B, 0x42, 2, 2};
	struct err ignored;

	if (!st->profile.buzzer || st->held.active ||
	    st->printer->ops == &printer_preview_ops)
		return;
	err_clear(&ignored);
	printer_job(st->printer, "buzzer", esc_b, sizeof esc_b, &ignored);
}

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
	if (alarm)
		beep(st);
	if (st->screen.show != NULL) {
		st->screen.show(st->screen.arg, st, alarm, tag, shown);
		return;
	}
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
	if (order != st->last_printed)
		snprintf(st->last_printed, sizeof st->last_printed, "%s",
			 order);
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

/* A slip printed here, or a slip or label printed by `packctl batch`. */
static int already_printed(struct station *st, const char *name,
			   int64_t *count, struct err *err)
{
	struct event_filter f = {.order = name, .type = "slip_printed"};
	int64_t labels = 0;

	if (store_event_count(st->store, &f, count, err) != 0)
		return -1;
	f.type = "label_printed";
	if (store_event_count(st->store, &f, &labels, err) != 0)
		return -1;
	*count += labels;
	return 0;
}

/* Orders marked shipped with `packctl ship` (order_shipped). */
static int marked_shipped(struct station *st, const char *name,
			  int64_t *count, struct err *err)
{
	struct event_filter f = {.order = name, .type = "order_shipped"};

	return store_event_count(st->store, &f, count, err);
}

static int shipped(struct station *st, const struct order *o, int64_t printed,
		   int64_t sent, struct err *err)
{
	struct strbuf d;
	int rc;

	strbuf_init(&d, 1024);
	strbuf_addc(&d, '{');
	json_add_member(&d, "reason", order_is_fulfilled(o) ? "fulfilled"
				      : sent > 0 ? "marked shipped"
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
	     o->name,
	     order_is_fulfilled(o) ? "fulfilled"
	     : sent > 0		   ? "shipped"
				   : "packed");
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

/* What the packer still has to scan. */
static void show_left(struct station *st)
{
	char left[1024];

	verify_left(&st->verify, left, sizeof left);
	tell(st, 0, "LEFT", "%s", left);
}

/* The scans so far and what was left, for events that close a
 * verification. */
static void verify_detail(struct station *st, struct strbuf *d)
{
	char n[24];

	snprintf(n, sizeof n, "%d", st->verify.nscans);
	strbuf_adds(d, "\"scans\":[");
	strbuf_adds(d, verify_scans(&st->verify));
	strbuf_addc(d, ']');
	strbuf_adds(d, ",\"scan_count\":");
	strbuf_adds(d, n);
	snprintf(n, sizeof n, "%d", verify_left_units(&st->verify));
	strbuf_adds(d, ",\"units_left\":");
	strbuf_adds(d, n);
}

/* Ends the current verification with an event (order_incomplete,
 * order_abandoned, verify_skipped) that records how far it got. */
static int verify_end(struct station *st, const char *type, struct err *err)
{
	struct strbuf d;
	char order[128];
	int rc;

	snprintf(order, sizeof order, "%s", st->verify.order);
	strbuf_init(&d, VERIFY_SCANS_MAX + 1024);
	verify_detail(st, &d);
	rc = log_kv_raw(st, order, type, strbuf_str(&d), err, NULL);
	strbuf_cleanup(&d);
	verify_reset(&st->verify);
	return rc;
}

/* Verify mode: the order scan starts the item count; the slip waits. */
static int verify_begin(struct station *st, const struct order *o,
			struct err *err)
{
	if (verify_start(&st->verify, o) != 0) {
		tell(st, 1, "TOO BIG", "%s has more than %d different items: "
				       "scan SKIP to pack it unverified.",
		     o->name, VERIFY_LINES_MAX);
		/* SKIP needs an order to skip. */
		snprintf(st->verify.order, sizeof st->verify.order, "%s",
			 o->name);
		st->verify.active = 1;
		return STATION_VERIFYING;
	}
	if (verify_left_units(&st->verify) == 0) {
		/* Nothing to scan (a gift card, say): verified at once. */
		if (log_kv_raw(st, o->name, "order_verified", "\"scans\":[]",
			       err, NULL) != 0)
			return -1;
		verify_reset(&st->verify);
		return print_slip(st, o, 0, err);
	}
	tell(st, 0, "VERIFY", "%s: scan each item", o->name);
	show_left(st);
	return STATION_VERIFYING;
}

/* Ends the verification of the current order with its event (the scans in
 * the detail; a SKIP also names the operator who decided it), then prints
 * the slip through the ordinary path (a printer fault holds it). */
static int verify_finish(struct station *st, const char *type,
			 int with_operator, const char *tag, const char *what,
			 struct err *err)
{
	struct strbuf d;
	struct order o;
	char name[128];
	int rc;

	snprintf(name, sizeof name, "%s", st->verify.order);
	strbuf_init(&d, VERIFY_SCANS_MAX + 1024);
	if (with_operator) {
		json_add_member(&d, "operator", st->operator_name);
		strbuf_addc(&d, ',');
	}
	verify_detail(st, &d);
	rc = log_kv_raw(st, name, type, strbuf_str(&d), err, NULL);
	strbuf_cleanup(&d);
	verify_reset(&st->verify);
	if (rc != 0)
		return -1;
	tell(st, 0, tag, "%s%s", name, what);
	order_init(&o);
	rc = store_order_get(st->store, name, &o, err);
	if (rc == 1)
		rc = print_slip(st, &o, 0, err);
	else if (rc == 0)
		rc = unknown(st, name, err);
	order_cleanup(&o);
	return rc;
}

static int verified(struct station *st, struct err *err)
{
	return verify_finish(st, "order_verified", 0, "COMPLETE",
			     ": every item scanned", err);
}

/* One item scan while an order is being verified. *item is 0 when scan
 * is no item at all (the caller tries it as an order). */
static int verify_scan(struct station *st, const char *scan, int *item,
		       struct err *err)
{
	struct verify *v = &st->verify;
	struct product p;
	char units[16], raw[64];
	enum verify_result r;
	const char *sku;
	int rc, n = 1;

	product_init(&p);
	rc = store_product_find(st->store, scan, &p, err);
	if (rc < 0) {
		product_cleanup(&p);
		return -1;
	}
	if (rc == 1) {
		sku = p.sku;
		/* The catalog barcode of a case counts the case; the SKU
		 * label of one unit counts one. */
		if (strcmp(scan, p.barcode) == 0 && p.pack_qty > 1)
			n = p.pack_qty;
	} else if (verify_has(v, scan)) {
		sku = scan; /* a SKU the catalog does not list */
	} else {
		product_cleanup(&p);
		*item = 0;
		return 0;
	}
	*item = 1;
	snprintf(units, sizeof units, "%d", n);
	snprintf(raw, sizeof raw, "\"units\":%d", n);
	r = verify_item(v, sku, n, scan);
	if (r == VERIFY_WRONG) {
		rc = log_kv_raw(st, v->order, "item_wrong", raw, err, "scan",
				scan, "sku", sku, NULL);
		tell(st, 1, "WRONG", "%s (%s) is not in %s: take it out.",
		     p.name[0] != '\0' ? p.name : scan, sku, v->order);
		show_left(st);
		rc = rc != 0 ? -1 : STATION_ITEM_WRONG;
	} else if (r == VERIFY_OVER) {
		rc = log_kv_raw(st, v->order, "item_over", raw, err, "scan",
				scan, "sku", sku, NULL);
		tell(st, 1, "TOO MANY", "%s%s (%s): one too many for %s; take "
					"it out.",
		     n > 1 ? "case of " : "", p.name[0] != '\0' ? p.name : scan,
		     sku, v->order);
		show_left(st);
		rc = rc != 0 ? -1 : STATION_ITEM_OVER;
	} else {
		snprintf(raw, sizeof raw, "\"units\":%d,\"units_left\":%d", n,
			 verify_left_units(v));
		rc = log_kv_raw(st, v->order, "item_scanned", raw, err, "scan",
				scan, "sku", sku, NULL);
		if (rc == 0) {
			tell(st, 0, "OK", "%s%s%s (%s)", n > 1 ? units : "",
			     n > 1 ? " x " : "",
			     p.name[0] != '\0' ? p.name : scan, sku);
			if (r == VERIFY_COMPLETE)
				rc = verified(st, err);
			else {
				show_left(st);
				rc = STATION_VERIFYING;
			}
		} else
			rc = -1;
	}
	product_cleanup(&p);
	return rc;
}

static int known(struct station *st, const struct order *o, const char *scan,
		 struct err *err)
{
	int64_t printed = 0, sent = 0;
	int again;

	if (log_kv(st, o->name, "order_scanned", err, "scan", scan, NULL) != 0)
		return -1;
	snprintf(st->order_shown, sizeof st->order_shown, "%s", o->name);
	again = strcmp(st->last_shipped, o->name) == 0;
	st->last_shipped[0] = '\0';
	if (order_is_cancelled(o))
		return cancelled(st, o, err);
	if (already_printed(st, o->name, &printed, err) != 0)
		return -1;
	if (marked_shipped(st, o->name, &sent, err) != 0)
		return -1;
	if (!order_is_fulfilled(o) && printed == 0 && sent == 0)
		return st->verify_mode ? verify_begin(st, o, err)
				       : print_slip(st, o, 0, err);
	if (!again)
		return shipped(st, o, printed, sent, err);
	if (log_event(st, o->name, "reprint", "{}", err) != 0)
		return -1;
	return print_slip(st, o, 1, err);
}

/* REPRINT: the last slip again, whatever is being verified. */
static int cmd_reprint(struct station *st, struct err *err)
{
	struct order o;
	int rc;

	if (st->last_printed[0] == '\0') {
		tell(st, 1, "REPRINT", "no slip printed yet on this station");
		return STATION_REFUSED;
	}
	order_init(&o);
	rc = store_order_get(st->store, st->last_printed, &o, err);
	if (rc == 1) {
		rc = log_kv(st, o.name, "reprint", err, "command", "REPRINT",
			    NULL);
		if (rc == 0)
			rc = print_slip(st, &o, 1, err);
	} else if (rc == 0)
		rc = unknown(st, st->last_printed, err);
	order_cleanup(&o);
	return rc;
}

/* CANCEL: the order being verified is put aside, unpacked. */
static int cmd_cancel(struct station *st, struct err *err)
{
	char order[128];

	if (!st->verify.active) {
		tell(st, 1, "CANCEL", "no order is being packed");
		return STATION_REFUSED;
	}
	snprintf(order, sizeof order, "%s", st->verify.order);
	if (verify_end(st, "order_abandoned", err) != 0)
		return -1;
	tell(st, 1, "STOP", "%s abandoned: put its items back.", order);
	return STATION_COMMAND;
}

/* SKIP: the order is packed without the item count; the event names the
 * operator who decided so. */
static int cmd_skip(struct station *st, struct err *err)
{
	if (!st->verify.active) {
		tell(st, 1, "SKIP", "no order is being verified");
		return STATION_REFUSED;
	}
	return verify_finish(st, "verify_skipped", 1, "SKIPPED",
			     " packed without verifying", err);
}

static int cmd_login(struct station *st, const char *name, struct err *err)
{
	if (name[0] == '\0' || strlen(name) > COMMAND_OPERATOR_MAX) {
		tell(st, 1, "LOGIN", "refused: the operator name must be 1 to "
				     "%d bytes",
		     COMMAND_OPERATOR_MAX);
		return STATION_REFUSED;
	}
	/* A new operator takes over: the previous one is logged out first
	 * so each shift's events stay apart. */
	if (st->operator_name[0] != '\0' &&
	    strcmp(st->operator_name, name) != 0 &&
	    log_kv(st, NULL, "operator_logout", err, "reason",
		   "another operator logged in", NULL) != 0)
		return -1;
	snprintf(st->operator_name, sizeof st->operator_name, "%s", name);
	if (log_kv(st, NULL, "operator_login", err, NULL) != 0)
		return -1;
	tell(st, 0, "LOGIN", "%s is packing", name);
	return STATION_COMMAND;
}

static int cmd_logout(struct station *st, struct err *err)
{
	char was[64];

	if (st->operator_name[0] == '\0') {
		tell(st, 1, "LOGOUT", "nobody is logged in");
		return STATION_REFUSED;
	}
	if (log_kv(st, NULL, "operator_logout", err, NULL) != 0)
		return -1;
	snprintf(was, sizeof was, "%s", st->operator_name);
	st->operator_name[0] = '\0';
	tell(st, 0, "LOGOUT", "%s logged out", was);
	return STATION_COMMAND;
}

static int command(struct station *st, enum command_code c, const char *arg,
		   struct err *err)
{
	switch (c) {
	case COMMAND_REPRINT:
		return cmd_reprint(st, err);
	case COMMAND_CANCEL:
		return cmd_cancel(st, err);
	case COMMAND_SKIP:
		return cmd_skip(st, err);
	case COMMAND_LOGIN:
		return cmd_login(st, arg, err);
	case COMMAND_LOGOUT:
		return cmd_logout(st, err);
	case COMMAND_NONE:
		break;
	}
	return STATION_REFUSED;
}

/* An order scan (not a command, not an item being verified). */
static int order_scan(struct station *st, const char *scan, struct err *err)
{
	struct order o;
	int rc;

	if (st->cfg->require_login && st->operator_name[0] == '\0') {
		st->last_shipped[0] = '\0';
		rc = log_kv(st, NULL, "scan_rejected", err, "reason",
			    "nobody is logged in", "scan", scan, NULL);
		tell(st, 1, "LOGIN", "scan your LOGIN barcode before the order");
		return rc != 0 ? -1 : STATION_REFUSED;
	}
	order_init(&o);
	rc = store_order_get(st->store, scan, &o, err);
	if (rc == 1 && st->verify.active &&
	    strcmp(o.name, st->verify.order) == 0) {
		/* The same order again: nothing is lost, just shown. */
		tell(st, 0, "VERIFY", "%s: scan each item", o.name);
		show_left(st);
		rc = STATION_VERIFYING;
	} else if (rc == 1) {
		/* A new order in the middle of another: the first stays
		 * unpacked and the log says so. */
		if (st->verify.active &&
		    verify_end(st, "order_incomplete", err) != 0)
			rc = -1;
		else
			rc = known(st, &o, scan, err);
	} else if (rc == 0 && st->verify.active) {
		/* Neither an item of the catalog nor an order. */
		rc = log_kv(st, st->verify.order, "item_wrong", err, "scan",
			    scan, "reason", "not in the catalog", NULL);
		tell(st, 1, "WRONG", "\"%s\" is no known item: take it out.",
		     scan);
		show_left(st);
		rc = rc != 0 ? -1 : STATION_ITEM_WRONG;
	} else if (rc == 0) {
		st->last_shipped[0] = '\0';
		rc = unknown(st, scan, err);
	}
	order_cleanup(&o);
	return rc;
}

int station_scan(struct station *st, const struct scan *sc,
		 const char *source, struct err *err)
{
	const char *scan = sc->data, *why, *arg;
	enum command_code cmd;
	size_t len = sc->len;
	int rc, item;

	st->scan_source = source;
	st->scan_symbology = sc->symbology;
	why = scan_problem(scan, len, sc->toolong);
	if (why == NULL && st->held.active)
		why = "the printer has a fault; fix it first";
	if (why != NULL) {
		st->last_shipped[0] = '\0';
		rc = reject(st, scan, len, why, err);
		st->scan_source = st->scan_symbology = NULL;
		return rc;
	}
	cmd = command_parse(scan, &arg);
	item = 0;
	rc = 0;
	if (cmd != COMMAND_NONE)
		rc = command(st, cmd, arg, err);
	else if (st->verify.active)
		rc = verify_scan(st, scan, &item, err);
	if (cmd == COMMAND_NONE && !item && rc >= 0)
		rc = order_scan(st, scan, err);
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
