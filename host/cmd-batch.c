/* packctl batch — the morning's slips or labels in one go, exactly once.
 *
 * Each item is committed as "sending" before its bytes go to the printer
 * and as "printed" (with its slip_printed or label_printed event, in the
 * same transaction) after printer_print() returned 0. A kill at any moment
 * therefore leaves at most one job's items (--group K: K items) in
 * "sending": those may have printed, and wait for the operator's decision
 * (--reprint-uncertain or --skip-uncertain); everything else is printed
 * exactly once by --resume. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "clock.h"
#include "cmd.h"
#include "escpos.h"
#include "json.h"
#include "printer.h"
#include "slip-render.h"
#include "text.h"

#define BATCH_JOB_MAX (64u << 20) /* one job: K slips of a few KB each */
#define BATCH_GROUP_MAX 100
#define BATCH_ITEMS_MAX 100000
#define BATCH_POLL_MS 1000
#define BATCH_DRAW_MS 100  /* terminal bar refresh */
#define BATCH_LINE_MS 1000 /* plain progress lines */
#define ORDER_LINE_MAX 256

static const char batch_usage[] =
    "usage: packctl batch [--status unfulfilled] [--since DATE]\n"
    "                     [--orders FILE] [--sort created|sku|name]\n"
    "                     --printer URI [--kind slip|label]\n"
    "                     [--profile NAME] [--group K] [--dry-run] [--json]\n"
    "       packctl batch --list | --show ID | --cancel ID\n"
    "       packctl batch --resume ID [--reprint-uncertain |\n"
    "                     --skip-uncertain] [--json]\n"
    "\n"
    "Prints the slips (or labels) of many orders as one batch, exactly\n"
    "once: the batch and each item's state are kept in the database, so a\n"
    "batch stopped by Ctrl-C, a kill or a power cut is finished with\n"
    "--resume ID without printing anything twice. The one job caught\n"
    "mid-write (at most K items) is reported as \"may have printed\" and\n"
    "waits for --reprint-uncertain or --skip-uncertain. A printer fault\n"
    "pauses the batch until it is cleared. Cancelled orders and orders\n"
    "whose slip or label was already printed are left out.\n"
    "\n"
    "  --status unfulfilled  only orders not fulfilled in Shopify\n"
    "  --since DATE          orders created on or after DATE (2026-11-25)\n"
    "  --orders FILE         the orders named in FILE, one a line\n"
    "  --sort KEY            created (default), sku (first line) or name\n"
    "  --printer URI         the printer (config: station.printer)\n"
    "  --kind K              slip (default) or label\n"
    "  --profile NAME        printer profile (label: zebra-zd421)\n"
    "  --group K             K items per printer job (1..100, default 1);\n"
    "                        faster, but up to K items may be uncertain\n"
    "  --dry-run             list what would print; print nothing\n"
    "  --json                a JSON summary on stdout\n"
    "  --list                every batch\n"
    "  --show ID             one batch and its items\n"
    "  --resume ID           print what the batch has left\n"
    "  --cancel ID           give the batch up; nothing more prints\n"
    "  --reprint-uncertain   with --resume: print the uncertain items again\n"
    "  --skip-uncertain      with --resume: do not print them again\n"
    "\n"
    "Exit status: 0 the batch is finished, 1 it is not (stopped, items\n"
    "failed or uncertain: the message says what to do), 2 usage.\n";

enum batch_mode { MODE_NEW, MODE_LIST, MODE_SHOW, MODE_RESUME, MODE_CANCEL };

struct batch_opts {
	enum batch_mode mode;
	int64_t id;
	struct order_query q;
	const char *orders_file;
	const char *printer;
	const char *kind;
	const char *profile;
	int group;
	int dry_run, json, reprint, skip;
};

struct item {
	int64_t seq;
	char *order;
};

struct item_list {
	struct item *v;
	size_t n, cap;
};

/* One run of the printing loop. */
struct run {
	struct cmd_ctx *ctx;
	struct store *st;
	struct batch b;
	struct profile prof;
	struct printer *p;
	const char *event; /* slip_printed or label_printed */
	struct slip slip;
	struct strbuf job, one;
	int tty, json;
	int64_t done, done_run, failed_run;
	int64_t start_ms, drawn_ms, line_ms;
	char current[64];
	char state[160];
	int drawn; /* a bar is on the terminal */
};

static volatile sig_atomic_t batch_stop;

static void on_int(int sig)
{
	(void)sig;
	batch_stop = 1;
}

static int items_add(struct item_list *l, int64_t seq, const char *order)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct item *v;

		if (l->n >= BATCH_ITEMS_MAX)
			return -1;
		v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].seq = seq;
	l->v[l->n].order = strdup(order);
	if (l->v[l->n].order == NULL)
		return -1;
	l->n++;
	return 0;
}

static void items_free(struct item_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].order);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* A second `packctl batch` on the same database would print the same
 * pending items: one printing process per database, held by the kernel so
 * that a killed process never leaves a stale lock. */
static int batch_lock(struct cmd_ctx *ctx, int *fd)
{
	char path[sizeof ctx->cfg.db + 16];

	snprintf(path, sizeof path, "%s-batch.lock", ctx->cfg.db);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0)
		return cmd_fail(ctx, "%s: %s", path, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		close(*fd);
		*fd = -1;
		if (errno == EWOULDBLOCK)
			return cmd_fail(ctx, "another packctl batch is "
					     "printing on this database; "
					     "wait for it or stop it first");
		return cmd_fail(ctx, "%s: %s", path, strerror(errno));
	}
	return 0;
}

static void batch_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int log_event(struct run *r, const char *order, const char *type,
		     const char *detail, struct err *err)
{
	struct event ev = {
	    .station = r->ctx->cfg.station,
	    .operator_name = r->ctx->cfg.operator_name,
	    .order = order,
	    .type = type,
	    .detail = detail,
	};

	return store_event_add(r->st, &ev, err);
}

static int log_batch(struct run *r, const char *type, struct err *err)
{
	struct strbuf d;
	int rc;

	strbuf_init(&d, 8192);
	strbuf_addc(&d, '{');
	json_add_member_int(&d, "batch", (long long)r->b.id);
	json_add_member(&d, "printer", r->b.printer);
	json_add_member(&d, "kind", r->b.kind);
	json_add_member_int(&d, "group", r->b.group);
	json_add_member_int(
	    &d, "total",
	    (long long)(r->b.count[BATCH_PENDING] + r->b.count[BATCH_SENDING] +
			r->b.count[BATCH_PRINTED] + r->b.count[BATCH_FAILED] +
			r->b.count[BATCH_SKIPPED]));
	json_add_member_int(&d, "printed",
			    (long long)r->b.count[BATCH_PRINTED]);
	json_add_member_int(&d, "failed", (long long)r->b.count[BATCH_FAILED]);
	json_add_member_int(&d, "skipped",
			    (long long)r->b.count[BATCH_SKIPPED]);
	strbuf_addc(&d, '}');
	rc = log_event(r, NULL, type, strbuf_str(&d), err);
	strbuf_cleanup(&d);
	return rc;
}

static int64_t batch_total(const struct batch *b)
{
	int64_t n = 0;
	int i;

	for (i = 0; i < BATCH_NSTATES; i++)
		n += b->count[i];
	return n;
}

/* ---- progress ---------------------------------------------------------- */

static int term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

/* force: a change the operator must see now (pause, resume, the end). */
static void progress(struct run *r, int force)
{
	struct batch_progress bp;
	char line[512], safe[512];
	int64_t now = clock_mono_ms();
	int width;

	if (r->tty && !force && now - r->drawn_ms < BATCH_DRAW_MS)
		return;
	if (!r->tty && !force && now - r->line_ms < BATCH_LINE_MS)
		return;
	bp.done = r->done;
	bp.total = batch_total(&r->b);
	bp.done_run = r->done_run;
	bp.elapsed_s = (double)(now - r->start_ms) / 1000.0;
	bp.current = r->current;
	bp.state = r->state;
	if (r->tty) {
		width = term_width();
		batch_progress_format(line, sizeof line, &bp,
				      width >= 100 ? 30 : 20);
		/* Order names come from a CSV: no control bytes on the
		 * operator's terminal. */
		text_sanitize_into(safe, sizeof safe, line);
		if ((int)strlen(safe) >= width)
			safe[width - 1] = '\0';
		fprintf(stderr, "\r%s\033[K", safe);
		r->drawn = 1;
		r->drawn_ms = now;
	} else {
		batch_progress_format(line, sizeof line, &bp, 0);
		text_sanitize_into(safe, sizeof safe, line);
		fprintf(stderr, "batch %lld: %s\n", (long long)r->b.id, safe);
		r->line_ms = now;
	}
	fflush(stderr);
}

/* A message of its own line, under the bar. */
static void say(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->tty && r->drawn)
		fputs("\r\033[K", stderr);
	r->drawn = 0;
	fprintf(stderr, "batch %lld: ", (long long)r->b.id);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

/* ---- the printing loop ------------------------------------------------- */

static int set_items(struct run *r, const struct item *it, size_t n,
		     enum batch_item_state state, struct err *err)
{
	size_t i;

	if (store_begin(r->st, err) != 0)
		return ERR_FAIL;
	for (i = 0; i < n; i++)
		if (store_batch_item_set(r->st, r->b.id, it[i].seq, state, "",
					 err) != 0)
			goto fail;
	if (store_commit(r->st, err) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(r->st, NULL);
	return ERR_FAIL;
}

/* The job went through: each item is printed, with its event, in one
 * transaction. */
static int mark_printed(struct run *r, const struct item *it, size_t n,
			const size_t *bytes, enum printer_state state,
			struct err *err)
{
	struct strbuf d;
	size_t i;
	int rc = 0;

	strbuf_init(&d, 8192);
	if (store_begin(r->st, err) != 0) {
		strbuf_cleanup(&d);
		return ERR_FAIL;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		strbuf_reset(&d);
		strbuf_addc(&d, '{');
		json_add_member(&d, "printer", r->p->uri);
		json_add_member(&d, "output", r->p->last_output);
		json_add_member_int(&d, "bytes", (long long)bytes[i]);
		json_add_member(&d, "printer_state", printer_state_name(state));
		json_add_member_int(&d, "batch", (long long)r->b.id);
		json_add_member_int(&d, "item", (long long)it[i].seq);
		strbuf_addc(&d, '}');
		rc = store_batch_item_set(r->st, r->b.id, it[i].seq,
					  BATCH_PRINTED, "", err);
		if (rc == 0)
			rc = log_event(r, it[i].order, r->event, strbuf_str(&d),
				       err);
	}
	strbuf_cleanup(&d);
	if (rc == 0 && store_commit(r->st, err) == 0)
		return 0;
	store_rollback(r->st, NULL);
	return ERR_FAIL;
}

static int mark_failed(struct run *r, const struct item *it, const char *why,
		       struct err *err)
{
	if (store_begin(r->st, err) != 0)
		return ERR_FAIL;
	if (store_batch_item_set(r->st, r->b.id, it->seq, BATCH_FAILED, why,
				 err) != 0 ||
	    store_commit(r->st, err) != 0) {
		store_rollback(r->st, NULL);
		return ERR_FAIL;
	}
	say(r, "%s failed: %s", it->order, why);
	r->failed_run++;
	r->done++;
	return 0;
}

static void nap_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	/* SIGINT cuts the nap short: the loop then sees batch_stop. */
	nanosleep(&ts, NULL);
}

static int log_printer(struct run *r, const char *order, const char *type,
		       enum printer_state state, const char *reason,
		       struct err *err)
{
	struct strbuf d;
	int rc;

	strbuf_init(&d, 8192);
	strbuf_addc(&d, '{');
	json_add_member(&d, "printer", r->p->uri);
	json_add_member(&d, "state", printer_state_name(state));
	json_add_member(&d, "advice", printer_state_advice(state));
	json_add_member(&d, "reason", reason);
	json_add_member_int(&d, "batch", (long long)r->b.id);
	strbuf_addc(&d, '}');
	rc = log_event(r, order, type, strbuf_str(&d), err);
	strbuf_cleanup(&d);
	return rc;
}

/* A printer fault, and the batch waits, asking the printer every second.
 * A job the printer never saw goes back to pending. A job that went out
 * in part or in full may have printed (the fault may have struck after
 * its cut): it stays in "sending" for the operator to decide, and the
 * batch goes on without it. 0 when the printer is back and the job is to
 * be sent again, 2 when it is back and the job is uncertain, 1 when the
 * operator stopped the batch meanwhile. */
static int pause_batch(struct run *r, const struct item *it, size_t n, int sent,
		       enum printer_state state, const char *reason,
		       struct err *err)
{
	enum printer_state now = state, shown = PRINTER_READY;
	struct err perr;
	size_t i;

	if ((!sent && set_items(r, it, n, BATCH_PENDING, err) != 0) ||
	    log_printer(r, it[0].order, "printer_fault", state, reason, err) !=
		0)
		return ERR_FAIL;
	for (i = 0; sent && i < n; i++)
		say(r,
		    "%s may have printed (the printer faulted during its "
		    "job)",
		    it[i].order);
	for (;;) {
		if (now != shown) {
			snprintf(r->state, sizeof r->state, "paused: %s",
				 printer_state_advice(now));
			if (r->tty)
				progress(r, 1);
			else
				say(r, "paused: %s (%s)",
				    printer_state_advice(now), reason);
			shown = now;
		}
		if (batch_stop)
			return 1;
		nap_ms(BATCH_POLL_MS);
		if (batch_stop)
			return 1;
		err_clear(&perr);
		printer_status(r->p, &now, &perr);
		if (printer_state_ok(now))
			break;
	}
	snprintf(r->state, sizeof r->state, "%s", printer_state_name(now));
	say(r, "resumed: the printer is %s", printer_state_name(now));
	if (log_printer(r, it[0].order, "printer_ready", now, "", err) != 0)
		return ERR_FAIL;
	return sent ? 2 : 0;
}

/* Renders the next items into r->job until it holds the group's size;
 * items that cannot be rendered fail on their own. *used: how many of
 * items were taken; *n: how many went into the job. */
static int build_job(struct run *r, struct item *items, size_t avail,
		     struct item *job_items, size_t *bytes, size_t *n,
		     size_t *used, struct err *err)
{
	struct order o;
	struct err rerr;
	size_t i;
	int rc;

	strbuf_reset(&r->job);
	*n = 0;
	for (i = 0; i < avail && *n < (size_t)r->b.group && !batch_stop; i++) {
		order_init(&o);
		err_clear(&rerr);
		strbuf_reset(&r->one);
		rc = store_order_get(r->st, items[i].order, &o, &rerr);
		if (rc == 0)
			err_set(&rerr, "the order is no longer in the "
				       "database");
		if (rc == 1)
			rc =
			    slip_render_order(r->st, &r->ctx->cfg, &o, &r->prof,
					      &r->slip, &r->one, &rerr) == 0
				? 1
				: -1;
		order_cleanup(&o);
		if (rc == 1 && strbuf_add(&r->job, r->one.buf, r->one.len) != 0)
			rc = -1, err_set(&rerr, "the job is too large");
		if (rc != 1) {
			if (mark_failed(r, &items[i], rerr.msg, err) != 0)
				return ERR_FAIL;
			continue;
		}
		job_items[*n] = items[i];
		bytes[*n] = r->one.len;
		(*n)++;
	}
	*used = i;
	return 0;
}

static int print_items(struct run *r, struct item_list *l, struct err *err)
{
	struct item job_items[BATCH_GROUP_MAX];
	size_t bytes[BATCH_GROUP_MAX];
	enum printer_state state = PRINTER_UNKNOWN;
	sigset_t block, old;
	struct err perr;
	size_t pos = 0, n, used;
	int rc, sent, paused;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	while (pos < l->n && !batch_stop) {
		if (build_job(r, l->v + pos, l->n - pos, job_items, bytes, &n,
			      &used, err) != 0)
			return ERR_FAIL;
		pos += used;
		if (n == 0)
			continue;
		snprintf(r->current, sizeof r->current, "%s",
			 job_items[0].order);
		progress(r, 0);
		for (;;) {
			/* Committed before the first byte goes: after a
			 * crash these items may have printed. */
			if (set_items(r, job_items, n, BATCH_SENDING, err) != 0)
				return ERR_FAIL;
			err_clear(&perr);
			/* Ctrl-C waits for the job to be written and its
			 * outcome committed, so it never makes an item
			 * uncertain. */
			sigprocmask(SIG_BLOCK, &block, &old);
			rc = printer_print_sent(r->p, job_items[0].order,
						r->job.buf, r->job.len, &state,
						&sent, &perr);
			if (rc == 0)
				rc = mark_printed(r, job_items, n, bytes, state,
						  err) != 0
					 ? ERR_FAIL
					 : 0;
			else
				rc = rc == PRINTER_FAULT ? PRINTER_FAULT
							 : ERR_TIMEOUT;
			sigprocmask(SIG_SETMASK, &old, NULL);
			if (rc == ERR_FAIL)
				return ERR_FAIL;
			if (rc == 0)
				break;
			paused = pause_batch(r, job_items, n, sent, state,
					     perr.msg, err);
			if (paused < 0)
				return ERR_FAIL;
			if (paused == 1)
				return 0;
			if (paused == 2)
				break;
		}
		if (rc != 0) /* uncertain: left for the operator */
			continue;
		snprintf(r->state, sizeof r->state, "%s",
			 printer_state_name(state));
		r->done += (int64_t)n;
		r->done_run += (int64_t)n;
		progress(r, 0);
	}
	return 0;
}

static int collect_item(const struct batch_item *it, void *arg)
{
	return items_add(arg, it->seq, it->order) != 0 ? -1 : 0;
}

static int uncertain_line(const struct batch_item *it, void *arg)
{
	FILE *out = arg;
	char safe[ORDER_LINE_MAX];

	text_sanitize_into(safe, sizeof safe, it->order);
	fprintf(out, "  %s may have printed (item %lld)\n", safe,
		(long long)it->seq);
	return 0;
}

static int uncertain_json(const struct batch_item *it, void *arg)
{
	struct strbuf *sb = arg;

	if (sb->len > 0 && sb->buf[sb->len - 1] != '[')
		strbuf_addc(sb, ',');
	json_add_string(sb, it->order);
	return 0;
}

/* The end of a run: what happened, and what to do next. */
static int report(struct run *r, struct err *err)
{
	double secs = (double)(clock_mono_ms() - r->start_ms) / 1000.0;
	const struct batch *b = &r->b;
	int finished;
	struct strbuf js;

	if (store_batch_get(r->st, b->id, &r->b, err) != 1)
		return cmd_fail(r->ctx, "%s", err->msg);
	finished = strcmp(b->state, "finished") == 0;
	if (r->json) {
		strbuf_init(&js, 1 << 20);
		strbuf_addc(&js, '{');
		json_add_member_int(&js, "batch", (long long)b->id);
		json_add_member(&js, "state", b->state);
		json_add_member(&js, "printer", b->printer);
		json_add_member(&js, "kind", b->kind);
		json_add_member_int(&js, "total", (long long)batch_total(b));
		json_add_member_int(&js, "printed",
				    (long long)b->count[BATCH_PRINTED]);
		json_add_member_int(&js, "failed",
				    (long long)b->count[BATCH_FAILED]);
		json_add_member_int(&js, "skipped",
				    (long long)b->count[BATCH_SKIPPED]);
		json_add_member_int(&js, "pending",
				    (long long)b->count[BATCH_PENDING]);
		json_add_member_int(&js, "printed_this_run",
				    (long long)r->done_run);
		json_add_member_int(&js, "group", b->group);
		json_add_member_int(&js, "uncertainty_window", b->group);
		strbuf_addf(&js, ",\"seconds\":%.3f,\"rate\":%.1f", secs,
			    batch_rate(r->done_run, secs));
		strbuf_adds(&js, ",\"uncertain\":[");
		store_batch_items_each(r->st, b->id, BATCH_SENDING,
				       uncertain_json, &js, err);
		strbuf_adds(&js, "]}\n");
		fputs(strbuf_str(&js), stdout);
		strbuf_cleanup(&js);
	} else {
		printf("batch %lld %s: %lld printed, %lld failed, %lld "
		       "skipped, %lld pending, %lld uncertain of %lld; "
		       "%lld this run in %.1f s (%.1f/s)\n",
		       (long long)b->id, b->state,
		       (long long)b->count[BATCH_PRINTED],
		       (long long)b->count[BATCH_FAILED],
		       (long long)b->count[BATCH_SKIPPED],
		       (long long)b->count[BATCH_PENDING],
		       (long long)b->count[BATCH_SENDING],
		       (long long)batch_total(b), (long long)r->done_run, secs,
		       batch_rate(r->done_run, secs));
		printf("uncertainty window: %d item(s) per printer job "
		       "(--group %d): a crash can leave at most %d item(s) "
		       "\"may have printed\"\n",
		       b->group, b->group, b->group);
		if (b->count[BATCH_SENDING] > 0)
			store_batch_items_each(r->st, b->id, BATCH_SENDING,
					       uncertain_line, stdout, err);
	}
	fflush(stdout);
	if (b->count[BATCH_SENDING] > 0)
		return cmd_fail(r->ctx,
				"batch %lld: %lld item(s) may have printed; "
				"check the printer's output, then run "
				"'packctl batch --resume %lld "
				"--reprint-uncertain' or '--skip-uncertain'",
				(long long)b->id,
				(long long)b->count[BATCH_SENDING],
				(long long)b->id);
	if (batch_stop && !finished)
		return cmd_fail(r->ctx,
				"batch %lld stopped; 'packctl batch --resume "
				"%lld' prints the rest",
				(long long)b->id, (long long)b->id);
	if (b->count[BATCH_FAILED] > 0)
		return cmd_fail(r->ctx,
				"batch %lld: %lld item(s) failed "
				"(packctl batch --show %lld)",
				(long long)b->id,
				(long long)b->count[BATCH_FAILED],
				(long long)b->id);
	return finished ? CMD_OK : CMD_FAIL;
}

static int run_select_profile(struct run *r, const char *kind,
			      const char *profile, struct err *err)
{
	const char *paper = r->ctx->cfg.paper;

	if (profile == NULL || profile[0] == '\0')
		profile = strcmp(kind, "label") == 0 ? "zebra-zd421"
						     : r->ctx->cfg.profile;
	if (escpos_profile_select(&r->prof, profile, paper, err) != 0)
		return ERR_FAIL;
	if ((strcmp(kind, "label") == 0) !=
	    (r->prof.language != PROFILE_ESCPOS))
		return err_set(
		    err,
		    "profile %s is a %s printer; --kind %s needs "
		    "a %s printer",
		    r->prof.name,
		    r->prof.language == PROFILE_ESCPOS ? "receipt" : "label",
		    kind, strcmp(kind, "label") == 0 ? "label" : "receipt");
	r->event =
	    strcmp(kind, "label") == 0 ? "label_printed" : "slip_printed";
	return 0;
}

/* Prints what batch r->b has left: its pending items, in order. */
static int run_batch(struct run *r)
{
	struct item_list l = {0};
	struct sigaction sa;
	struct err err;
	int rc;

	err_clear(&err);
	if (printer_open(&r->p, r->b.printer, r->prof.width_dots, &err) != 0)
		return cmd_fail(r->ctx, "%s", err.msg);
	printer_set_profile(r->p, &r->prof);
	if (store_batch_items_each(r->st, r->b.id, BATCH_PENDING, collect_item,
				   &l, &err) != 0) {
		printer_close(r->p);
		items_free(&l);
		return cmd_fail(r->ctx, "%s",
				err_isset(&err) ? err.msg : "out of memory");
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_int;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a pause's sleep ends at once on Ctrl-C. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	r->done = r->b.count[BATCH_PRINTED] + r->b.count[BATCH_FAILED] +
		  r->b.count[BATCH_SKIPPED];
	r->start_ms = clock_mono_ms();
	r->tty = isatty(STDERR_FILENO);
	snprintf(r->state, sizeof r->state, "starting");
	slip_init(&r->slip);
	strbuf_init(&r->job, BATCH_JOB_MAX);
	strbuf_init(&r->one, BATCH_JOB_MAX);
	rc = print_items(r, &l, &err);
	slip_cleanup(&r->slip);
	strbuf_cleanup(&r->job);
	strbuf_cleanup(&r->one);
	items_free(&l);
	printer_close(r->p);
	r->p = NULL;
	r->current[0] = '\0';
	progress(r, 1);
	if (r->tty)
		fputc('\n', stderr);
	if (rc != 0)
		return cmd_fail(r->ctx, "%s", err.msg);
	if (batch_stop)
		say(r, "stopped after the current item (Ctrl-C)");
	if (store_batch_get(r->st, r->b.id, &r->b, &err) != 1)
		return cmd_fail(r->ctx, "%s", err.msg);
	if (r->b.count[BATCH_PENDING] == 0 && r->b.count[BATCH_SENDING] == 0) {
		if (store_begin(r->st, &err) != 0 ||
		    store_batch_set_state(r->st, r->b.id, "finished", &err) !=
			0 ||
		    log_batch(r, "batch_finished", &err) != 0 ||
		    store_commit(r->st, &err) != 0) {
			store_rollback(r->st, NULL);
			return cmd_fail(r->ctx, "%s", err.msg);
		}
	} else if (store_batch_set_state(r->st, r->b.id, "stopped", &err) !=
		   0) {
		return cmd_fail(r->ctx, "%s", err.msg);
	}
	return report(r, &err);
}

/* ---- choosing the orders ----------------------------------------------- */

struct pick {
	struct store *st;
	struct item_list *l;
	const char *event; /* what counts as already printed */
	int64_t already;
	/* Orders an unfinished batch still holds (pending or uncertain):
	 * its --resume prints them, so a new batch must not. */
	struct item_list busy;
	int64_t held;
	struct err *err;
};

static int busy_item(const struct batch_item *it, void *arg)
{
	struct pick *pk = arg;

	if (it->state != BATCH_PENDING && it->state != BATCH_SENDING)
		return 0;
	return items_add(&pk->busy, it->seq, it->order) != 0 ? -1 : 0;
}

static int busy_batch(const struct batch *b, void *arg)
{
	struct pick *pk = arg;

	if (strcmp(b->state, "finished") == 0 ||
	    strcmp(b->state, "cancelled") == 0)
		return 0;
	return store_batch_items_each(pk->st, b->id, -1, busy_item, pk,
				      pk->err) != 0
		   ? -1
		   : 0;
}

static int is_busy(const struct pick *pk, const char *name)
{
	size_t i;

	for (i = 0; i < pk->busy.n; i++)
		if (strcmp(pk->busy.v[i].order, name) == 0)
			return 1;
	return 0;
}

static int printed_before(struct pick *pk, const char *name, int *yes)
{
	struct event_filter f = {.order = name, .type = "slip_printed"};
	int64_t n = 0, m = 0;

	if (store_event_count(pk->st, &f, &n, pk->err) != 0)
		return -1;
	f.type = "label_printed";
	if (store_event_count(pk->st, &f, &m, pk->err) != 0)
		return -1;
	*yes = strcmp(pk->event, "label_printed") == 0 ? m > 0 : n > 0;
	return 0;
}

static int pick_name(const char *name, void *arg)
{
	struct pick *pk = arg;
	int yes = 0;

	if (printed_before(pk, name, &yes) != 0)
		return -1;
	if (yes) {
		pk->already++;
		return 0;
	}
	if (is_busy(pk, name)) {
		pk->held++;
		return 0;
	}
	if (items_add(pk->l, (int64_t)pk->l->n + 1, name) != 0) {
		err_set(pk->err, "too many orders (at most %d a batch)",
			BATCH_ITEMS_MAX);
		return -1;
	}
	return 0;
}

/* --orders FILE: one order a line, with or without '#'; every unknown
 * order is reported as FILE:LINE before anything is printed. */
static int pick_file(struct cmd_ctx *ctx, struct pick *pk, const char *path)
{
	char line[ORDER_LINE_MAX + 2], safe[ORDER_LINE_MAX];
	struct order o;
	FILE *f;
	int lineno = 0, bad = 0, rc;
	size_t len;

	if ((f = cmd_open_input(ctx, path)) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			fprintf(stderr, "%s:%d: line too long\n", path, lineno);
			bad++;
			while (fgets(line, sizeof line, f) != NULL &&
			       line[strlen(line) - 1] != '\n')
				;
			continue;
		}
		while (len > 0 && strchr(" \t\r\n", line[len - 1]) != NULL)
			line[--len] = '\0';
		if (len == 0)
			continue;
		order_init(&o);
		rc = store_order_get(pk->st, line, &o, pk->err);
		if (rc < 0) {
			order_cleanup(&o);
			if (f != stdin)
				fclose(f);
			return -1;
		}
		text_sanitize_into(safe, sizeof safe, line);
		if (rc == 0) {
			fprintf(stderr, "%s:%d: \"%s\": no such order\n", path,
				lineno, safe);
			bad++;
		} else if (order_is_cancelled(&o)) {
			fprintf(stderr, "%s:%d: \"%s\": cancelled\n", path,
				lineno, safe);
			bad++;
		} else if (pick_name(o.name, pk) != 0) {
			order_cleanup(&o);
			if (f != stdin)
				fclose(f);
			return -1;
		}
		order_cleanup(&o);
	}
	if (f != stdin)
		fclose(f);
	if (bad > 0)
		return err_set(pk->err, "%s: %d bad line(s); nothing printed",
			       path, bad);
	return 0;
}

static int dry_run(struct run *r, const struct item_list *l, int64_t already,
		   int64_t held)
{
	char safe[ORDER_LINE_MAX];
	struct order o;
	struct err err;
	size_t i;

	err_clear(&err);
	for (i = 0; i < l->n; i++) {
		order_init(&o);
		if (store_order_get(r->st, l->v[i].order, &o, &err) == 1) {
			text_sanitize_into(safe, sizeof safe, o.ship_name);
			printf("would print %s  %s  %s\n", o.name, o.created_at,
			       safe);
		}
		order_cleanup(&o);
	}
	printf("dry run: %zu %s(s) would print on %s; %lld already printed "
	       "and %lld held by unfinished batches left out; nothing "
	       "printed\n",
	       l->n, r->b.kind, r->b.printer, (long long)already,
	       (long long)held);
	return CMD_OK;
}

static int batch_new(struct cmd_ctx *ctx, const struct batch_opts *o,
		     struct run *r)
{
	struct item_list l = {0};
	struct pick pk;
	struct err err;
	size_t i;
	int lock = -1, rc;

	err_clear(&err);
	memset(&pk, 0, sizeof pk);
	pk.st = r->st;
	pk.l = &l;
	pk.event = r->event;
	pk.err = &err;
	/* Chosen under the lock, so that two batches started at once never
	 * both take an order. */
	if (!o->dry_run && batch_lock(ctx, &lock) != 0)
		return CMD_FAIL;
	rc = store_batch_each(r->st, busy_batch, &pk, &err);
	if (rc == 0 && o->orders_file != NULL)
		rc = pick_file(ctx, &pk, o->orders_file);
	else if (rc == 0)
		rc = store_order_names_each(r->st, &o->q, pick_name, &pk, &err);
	items_free(&pk.busy);
	if (rc != 0) {
		items_free(&l);
		batch_unlock(lock);
		return cmd_fail(ctx, "%s",
				err_isset(&err) ? err.msg : "out of memory");
	}
	if (o->dry_run) {
		rc = dry_run(r, &l, pk.already, pk.held);
		items_free(&l);
		return rc;
	}
	if (l.n == 0) {
		items_free(&l);
		batch_unlock(lock);
		printf("nothing to print: no order matches (%lld already "
		       "printed, %lld held by unfinished batches)\n",
		       (long long)pk.already, (long long)pk.held);
		return CMD_OK;
	}
	snprintf(r->b.state, sizeof r->b.state, "running");
	if (store_begin(r->st, &err) != 0)
		goto fail;
	if (store_batch_add(r->st, &r->b, &err) != 0)
		goto rollback;
	for (i = 0; i < l.n; i++)
		if (store_batch_item_add(r->st, r->b.id, l.v[i].seq,
					 l.v[i].order, &err) != 0)
			goto rollback;
	r->b.count[BATCH_PENDING] = (int64_t)l.n;
	if (log_batch(r, "batch_started", &err) != 0 ||
	    store_commit(r->st, &err) != 0)
		goto rollback;
	items_free(&l);
	if (!r->json)
		printf("batch %lld: %lld %s(s) to print on %s\n",
		       (long long)r->b.id, (long long)r->b.count[BATCH_PENDING],
		       r->b.kind, r->b.printer);
	fflush(stdout);
	rc = run_batch(r);
	batch_unlock(lock);
	return rc;
rollback:
	store_rollback(r->st, NULL);
fail:
	items_free(&l);
	batch_unlock(lock);
	return cmd_fail(ctx, "%s", err.msg);
}

/* ---- resume, cancel, list, show ---------------------------------------- */

static int load_batch(struct cmd_ctx *ctx, struct store *st, int64_t id,
		      struct batch *b)
{
	struct err err;
	int rc;

	err_clear(&err);
	rc = store_batch_get(st, id, b, &err);
	if (rc < 0)
		return cmd_fail(ctx, "%s", err.msg);
	if (rc == 0)
		return cmd_fail(ctx, "no batch %lld (packctl batch --list)",
				(long long)id);
	return 0;
}

static int batch_resume(struct cmd_ctx *ctx, const struct batch_opts *o,
			struct run *r)
{
	struct item_list l = {0};
	struct err err;
	size_t i;
	int lock = -1, rc;

	err_clear(&err);
	if (load_batch(ctx, r->st, o->id, &r->b) != 0)
		return CMD_FAIL;
	if (strcmp(r->b.state, "cancelled") == 0)
		return cmd_fail(ctx, "batch %lld was cancelled",
				(long long)o->id);
	if (strcmp(r->b.state, "finished") == 0) {
		fprintf(stderr,
			"batch %lld is finished: nothing left to "
			"print\n",
			(long long)o->id);
		r->start_ms = clock_mono_ms();
		err_clear(&err);
		return report(r, &err);
	}
	if (o->group > 0)
		r->b.group = o->group;
	err_clear(&err);
	if (run_select_profile(r, r->b.kind, r->b.profile, &err) != 0)
		return cmd_fail(ctx, "%s", err.msg);
	if (batch_lock(ctx, &lock) != 0)
		return CMD_FAIL;
	/* Re-read under the lock: a process that just ended may have
	 * changed it. */
	if (load_batch(ctx, r->st, o->id, &r->b) != 0)
		goto out_fail;
	if (o->group > 0)
		r->b.group = o->group;
	if ((o->reprint || o->skip) && r->b.count[BATCH_SENDING] > 0) {
		if (store_batch_items_each(r->st, r->b.id, BATCH_SENDING,
					   collect_item, &l, &err) != 0)
			goto out_err;
		if (store_begin(r->st, &err) != 0)
			goto out_err;
		for (i = 0; i < l.n; i++)
			if (store_batch_item_set(
				r->st, r->b.id, l.v[i].seq,
				o->reprint ? BATCH_PENDING : BATCH_SKIPPED,
				o->reprint ? ""
					   : "may have printed; skipped "
					     "by the operator",
				&err) != 0) {
				store_rollback(r->st, NULL);
				goto out_err;
			}
		if (store_commit(r->st, &err) != 0) {
			store_rollback(r->st, NULL);
			goto out_err;
		}
		for (i = 0; i < l.n; i++)
			fprintf(stderr, "batch %lld: %s %s\n",
				(long long)r->b.id,
				o->reprint ? "reprinting" : "skipping",
				l.v[i].order);
		items_free(&l);
		if (load_batch(ctx, r->st, o->id, &r->b) != 0)
			goto out_fail;
	}
	if (store_batch_set_state(r->st, r->b.id, "running", &err) != 0)
		goto out_err;
	rc = run_batch(r);
	batch_unlock(lock);
	return rc;
out_err:
	items_free(&l);
	batch_unlock(lock);
	return cmd_fail(ctx, "%s", err.msg);
out_fail:
	batch_unlock(lock);
	return CMD_FAIL;
}

static int batch_cancel(struct cmd_ctx *ctx, struct store *st, int64_t id)
{
	struct run r;
	struct err err;
	int lock = -1;

	memset(&r, 0, sizeof r);
	r.ctx = ctx;
	r.st = st;
	if (batch_lock(ctx, &lock) != 0)
		return CMD_FAIL;
	if (load_batch(ctx, st, id, &r.b) != 0) {
		batch_unlock(lock);
		return CMD_FAIL;
	}
	err_clear(&err);
	if (strcmp(r.b.state, "finished") == 0) {
		batch_unlock(lock);
		return cmd_fail(ctx,
				"batch %lld is finished; nothing to "
				"cancel",
				(long long)id);
	}
	if (store_begin(st, &err) != 0 ||
	    store_batch_set_state(st, id, "cancelled", &err) != 0 ||
	    log_batch(&r, "batch_cancelled", &err) != 0 ||
	    store_commit(st, &err) != 0) {
		store_rollback(st, NULL);
		batch_unlock(lock);
		return cmd_fail(ctx, "%s", err.msg);
	}
	batch_unlock(lock);
	printf("batch %lld cancelled: %lld printed, %lld not printed, %lld "
	       "may have printed\n",
	       (long long)id, (long long)r.b.count[BATCH_PRINTED],
	       (long long)r.b.count[BATCH_PENDING],
	       (long long)r.b.count[BATCH_SENDING]);
	return CMD_OK;
}

static int list_one(const struct batch *b, void *arg)
{
	(void)arg;
	printf("%-5lld %-24s %-9s %6lld/%-6lld %6lld %6lld %6lld  %s\n",
	       (long long)b->id, b->created_at, b->state,
	       (long long)b->count[BATCH_PRINTED], (long long)batch_total(b),
	       (long long)b->count[BATCH_FAILED],
	       (long long)b->count[BATCH_SKIPPED],
	       (long long)b->count[BATCH_SENDING], b->printer);
	return 0;
}

static int show_item(const struct batch_item *it, void *arg)
{
	char safe[ORDER_LINE_MAX], why[ERR_MAX];

	(void)arg;
	text_sanitize_into(safe, sizeof safe, it->order);
	text_sanitize_into(why, sizeof why, it->error);
	printf("%6lld %-12s %-8s%s%s%s\n", (long long)it->seq, safe,
	       batch_item_state_name(it->state),
	       it->state == BATCH_SENDING ? "  may have printed" : "",
	       why[0] != '\0' ? "  " : "", why);
	return 0;
}

static int batch_show(struct cmd_ctx *ctx, struct store *st, int64_t id)
{
	struct batch b;
	struct err err;

	if (load_batch(ctx, st, id, &b) != 0)
		return CMD_FAIL;
	printf("batch %lld\ncreated  %s\nstate    %s\nprinter  %s\nkind     "
	       "%s\nprofile  %s\ngroup    %d (uncertainty window: %d "
	       "item(s))\norders   %s\nitems    %lld: %lld printed, %lld "
	       "pending, %lld may have printed, %lld failed, %lld skipped\n",
	       (long long)b.id, b.created_at, b.state, b.printer, b.kind,
	       b.profile[0] ? b.profile : "(default)", b.group, b.group,
	       b.selection, (long long)batch_total(&b),
	       (long long)b.count[BATCH_PRINTED],
	       (long long)b.count[BATCH_PENDING],
	       (long long)b.count[BATCH_SENDING],
	       (long long)b.count[BATCH_FAILED],
	       (long long)b.count[BATCH_SKIPPED]);
	err_clear(&err);
	if (store_batch_items_each(st, id, -1, show_item, NULL, &err) != 0)
		return cmd_fail(ctx, "%s", err.msg);
	return fflush(stdout) == 0 ? CMD_OK : CMD_FAIL;
}

/* ---- options ----------------------------------------------------------- */

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v <= 0)
		return -1;
	*id = v;
	return 0;
}

static int set_mode(struct batch_opts *o, enum batch_mode m, const char *arg)
{
	if (o->mode != MODE_NEW)
		return -1;
	o->mode = m;
	return arg != NULL ? parse_id(arg, &o->id) : 0;
}

static int parse(struct cmd_ctx *ctx, int argc, char **argv,
		 struct batch_opts *o)
{
	static const struct option opts[] = {
	    {"status", required_argument, NULL, 's'},
	    {"since", required_argument, NULL, 'S'},
	    {"orders", required_argument, NULL, 'o'},
	    {"sort", required_argument, NULL, 'O'},
	    {"printer", required_argument, NULL, 'p'},
	    {"kind", required_argument, NULL, 'k'},
	    {"profile", required_argument, NULL, 'P'},
	    {"group", required_argument, NULL, 'g'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"json", no_argument, NULL, 'j'},
	    {"list", no_argument, NULL, 'l'},
	    {"show", required_argument, NULL, 'w'},
	    {"resume", required_argument, NULL, 'r'},
	    {"cancel", required_argument, NULL, 'c'},
	    {"reprint-uncertain", no_argument, NULL, 'R'},
	    {"skip-uncertain", no_argument, NULL, 'K'},
	    {NULL, 0, NULL, 0},
	};
	char *end;
	long v;
	int c;

	memset(o, 0, sizeof *o);
	o->kind = "slip";
	o->printer = ctx->cfg.printer;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (strcmp(optarg, "unfulfilled") != 0)
				return cmd_usage(ctx, "--status takes "
						      "unfulfilled");
			o->q.unfulfilled = 1;
			break;
		case 'S':
			o->q.since = optarg;
			break;
		case 'o':
			o->orders_file = optarg;
			break;
		case 'O':
			if (strcmp(optarg, "created") != 0 &&
			    strcmp(optarg, "sku") != 0 &&
			    strcmp(optarg, "name") != 0)
				return cmd_usage(ctx, "--sort is created, sku "
						      "or name");
			o->q.sort = optarg;
			break;
		case 'p':
			o->printer = optarg;
			break;
		case 'k':
			if (strcmp(optarg, "slip") != 0 &&
			    strcmp(optarg, "label") != 0)
				return cmd_usage(ctx, "--kind is slip or "
						      "label");
			o->kind = optarg;
			break;
		case 'P':
			o->profile = optarg;
			break;
		case 'g':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || v < 1 ||
			    v > BATCH_GROUP_MAX)
				return cmd_usage(ctx, "--group is 1 to %d",
						 BATCH_GROUP_MAX);
			o->group = (int)v;
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'R':
			o->reprint = 1;
			break;
		case 'K':
			o->skip = 1;
			break;
		case 'l':
		case 'w':
		case 'r':
		case 'c':
			if (set_mode(o,
				     c == 'l'	? MODE_LIST
				     : c == 'w' ? MODE_SHOW
				     : c == 'r' ? MODE_RESUME
						: MODE_CANCEL,
				     c == 'l' ? NULL : optarg) != 0)
				return cmd_usage(ctx, "one of --list, --show "
						      "ID, --resume ID, "
						      "--cancel ID (ID a "
						      "batch number)");
			break;
		default:
			return cmd_usage(ctx, "unknown option");
		}
	}
	if (optind < argc)
		return cmd_usage(ctx, "unexpected argument \"%s\"",
				 argv[optind]);
	if (o->reprint && o->skip)
		return cmd_usage(ctx, "--reprint-uncertain or "
				      "--skip-uncertain, not both");
	if ((o->reprint || o->skip) && o->mode != MODE_RESUME)
		return cmd_usage(ctx, "--reprint-uncertain and "
				      "--skip-uncertain go with --resume ID");
	if (o->mode == MODE_NEW &&
	    (o->printer == NULL || o->printer[0] == '\0'))
		return cmd_usage(ctx, "--printer URI is needed");
	if (o->orders_file != NULL && (o->q.unfulfilled || o->q.since != NULL))
		return cmd_usage(ctx, "--orders FILE names the orders: no "
				      "--status or --since with it");
	return CMD_OK;
}

static void describe_selection(const struct batch_opts *o, char *out,
			       size_t outsz)
{
	if (o->orders_file != NULL) {
		snprintf(out, outsz, "from %s", o->orders_file);
		return;
	}
	snprintf(out, outsz, "%s%s%s sort %s",
		 o->q.unfulfilled ? "unfulfilled" : "all",
		 o->q.since != NULL ? " since " : "",
		 o->q.since != NULL ? o->q.since : "",
		 o->q.sort != NULL ? o->q.sort : "created");
}

static int batch_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct batch_opts o;
	struct store *st;
	struct run r;
	struct err err;
	int rc;

	if ((rc = parse(ctx, argc, argv, &o)) != CMD_OK)
		return rc;
	if ((st = cmd_store(ctx)) == NULL)
		return CMD_FAIL;
	err_clear(&err);
	switch (o.mode) {
	case MODE_LIST:
		printf("%-5s %-24s %-9s %13s %6s %6s %6s  %s\n", "ID",
		       "CREATED", "STATE", "PRINTED/TOTAL", "FAILED", "SKIP",
		       "UNCERT", "PRINTER");
		if (store_batch_each(st, list_one, NULL, &err) != 0)
			return cmd_fail(ctx, "%s", err.msg);
		return CMD_OK;
	case MODE_SHOW:
		return batch_show(ctx, st, o.id);
	case MODE_CANCEL:
		return batch_cancel(ctx, st, o.id);
	default:
		break;
	}
	memset(&r, 0, sizeof r);
	r.ctx = ctx;
	r.st = st;
	r.json = o.json;
	batch_stop = 0;
	if (o.mode == MODE_RESUME)
		return batch_resume(ctx, &o, &r);
	snprintf(r.b.printer, sizeof r.b.printer, "%s", o.printer);
	snprintf(r.b.kind, sizeof r.b.kind, "%s", o.kind);
	snprintf(r.b.profile, sizeof r.b.profile, "%s",
		 o.profile != NULL ? o.profile : "");
	r.b.group = o.group > 0 ? o.group : 1;
	describe_selection(&o, r.b.selection, sizeof r.b.selection);
	if (run_select_profile(&r, o.kind, o.profile, &err) != 0)
		return cmd_usage(ctx, "%s", err.msg);
	return batch_new(ctx, &o, &r);
}

const struct cmd cmd_batch = {
    .name = "batch",
    .summary = "print many slips or labels at once, exactly once",
    .usage = batch_usage,
    .run = batch_run,
};
