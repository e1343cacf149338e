/* cups:QUEUE — each job goes to a CUPS queue as one raw job
 * (application/vnd.cups-raw) through libcups, and is followed until CUPS
 * says it completed, failed or ran out of time.
 *
 * The server is the one libcups names (cupsServer() and ippPort(), which
 * honour CUPS_SERVER and client.conf). Every request runs on our own
 * http_t with a timeout: the default connection libcups opens by itself
 * waits as long as the server keeps the socket open.
 *
 * CUPS passes no printer status back from a raw queue, so the state is the
 * queue's: printer-state and printer-state-reasons. "Completed" means the
 * backend wrote every byte, not that paper came out. */
#include <cups/cups.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "cups-lib.h"
#include "printer.h"

/* Every libcups call goes through the table loaded on first use. */
#define CUPS(f) (cups_lib_get()->f)

#define CUPS_QUEUE_MAX 128
#define CUPS_POLL_MS 100 /* between job-state polls */
#define CUPS_CHUNK 65536 /* bytes per cupsWriteRequestData() */
#define CUPS_WAIT_S 0.25 /* how often a blocked request checks its deadline */
#define CUPS_QUERY_MS (2 * PRINTER_STATUS_TIMEOUT_MS)
#define CUPS_DISCOVER_MS 5000

struct cups_target {
	char queue[CUPS_QUEUE_MAX];
	char resource[CUPS_QUEUE_MAX + 16]; /* "/printers/QUEUE" */
	http_t *http;
	int64_t deadline; /* clock_mono_ms() by which requests must end */
};

/* What Get-Printer-Attributes said of the queue. */
struct cups_queue_info {
	int state; /* IPP printer-state: 3 idle, 4 processing, 5 stopped */
	int accepting;
	char reasons[256];
	char message[256];
	char device_uri[256];
	char info[256];
};

/* CUPS allows any printable character in a queue name but these; refusing
 * them here gives a clear message instead of a confusing 404 later. */
static int cups_name_ok(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;

	if (*s == '\0' || strlen(name) >= CUPS_QUEUE_MAX)
		return 0;
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s >= 0x7f || strchr("/\\'\"#?", *s) != NULL)
			return 0;
	return 1;
}

static int cups_open(struct printer *p, const char *target, struct err *err)
{
	struct cups_target *t;

	if (!cups_name_ok(target))
		return err_set(err,
			       "%s: expected cups:QUEUE with a CUPS queue name "
			       "(printable, no spaces, '/', '#' or quotes)",
			       p->uri);
	t = calloc(1, sizeof *t);
	if (t == NULL)
		return err_set(err, "out of memory");
	snprintf(t->queue, sizeof t->queue, "%s", target);
	snprintf(t->resource, sizeof t->resource, "/printers/%s", target);
	p->impl = t;
	return 0;
}

/* "localhost:631" or "/run/cups/cups.sock", for messages. */
static void cups_server_name(char *out, size_t outsz)
{
	const char *host;

	if (cups_lib_load(NULL) != 0) {
		snprintf(out, outsz, "(libcups not installed)");
		return;
	}
	host = CUPS(cupsServer)();
	if (host[0] == '/')
		snprintf(out, outsz, "%s", host);
	else
		snprintf(out, outsz, "%s:%d", host, CUPS(ippPort)());
}

/* libcups calls this each time a request has waited CUPS_WAIT_S without
 * progress: carry on until the deadline, then fail the request. One
 * deadline bounds a whole operation, however many requests and retries
 * libcups makes for it (cupsGetDests2() makes several). */
static int cups_still_time(http_t *http, void *deadline)
{
	(void)http;
	return clock_mono_ms() < *(int64_t *)deadline;
}

/* A connection to the server within timeout_ms, whose requests end by
 * *deadline; NULL with err set. */
static http_t *cups_dial(int timeout_ms, int64_t *deadline, struct err *err)
{
	char where[300];
	http_t *http;

	if (cups_lib_load(err) != 0)
		return NULL;
	http = CUPS(httpConnect2)(CUPS(cupsServer)(), CUPS(ippPort)(), NULL,
				  AF_UNSPEC, CUPS(cupsEncryption)(), 1,
				  timeout_ms, NULL);
	if (http == NULL) {
		cups_server_name(where, sizeof where);
		/* httpConnect2 leaves errno from its own clean-up, not
		 * from the connect, so it is no use here. */
		err_set(err, "cannot reach the CUPS server at %s (is cupsd "
			     "running? CUPS_SERVER names another server)",
			where);
		return NULL;
	}
	/* A wedged server must not hang the station: without this, a
	 * request waits as long as the server keeps the socket open. */
	CUPS(httpSetTimeout)(http, CUPS_WAIT_S, cups_still_time, deadline);
	return http;
}

static int cups_connect(struct printer *p, int timeout_ms, struct err *err)
{
	struct cups_target *t = p->impl;

	if (t->http != NULL)
		return 0;
	errno = 0;
	t->deadline = clock_mono_ms() + timeout_ms;
	t->http = cups_dial(timeout_ms, &t->deadline, err);
	return t->http != NULL ? 0 : ERR_FAIL;
}

static void cups_disconnect(struct printer *p)
{
	struct cups_target *t = p->impl;

	if (t->http == NULL)
		return;
	CUPS(httpClose)(t->http);
	t->http = NULL;
}

static int cups_ipp_ok(void)
{
	return CUPS(cupsLastError)() <= IPP_STATUS_OK_EVENTS_COMPLETE;
}

/* All values of a keyword/text attribute, comma-separated. */
static void cups_attr_join(ipp_t *res, const char *name, char *out,
			   size_t outsz)
{
	ipp_attribute_t *a = CUPS(ippFindAttribute)(res, name, IPP_TAG_ZERO);
	size_t len = 0;
	int i, n;

	out[0] = '\0';
	n = a != NULL ? CUPS(ippGetCount)(a) : 0;
	for (i = 0; i < n && len + 1 < outsz; i++) {
		const char *v = CUPS(ippGetString)(a, i, NULL);

		if (v == NULL)
			continue;
		len += (size_t)snprintf(out + len, outsz - len, "%s%s",
					len > 0 ? "," : "", v);
	}
	if (len >= outsz)
		out[outsz - 1] = '\0';
}

static void cups_attr_str(ipp_t *res, const char *name, char *out, size_t outsz)
{
	ipp_attribute_t *a = CUPS(ippFindAttribute)(res, name, IPP_TAG_ZERO);
	const char *v = a != NULL ? CUPS(ippGetString)(a, 0, NULL) : NULL;

	snprintf(out, outsz, "%s", v != NULL ? v : "");
}

static int cups_ask_queue(struct cups_target *t, struct cups_queue_info *qi,
			  struct err *err)
{
	static const char *const want[] = {
	    "printer-state",
	    "printer-state-reasons",
	    "printer-state-message",
	    "printer-is-accepting-jobs",
	    "device-uri",
	    "printer-info",
	    "printer-make-and-model",
	};
	char uri[HTTP_MAX_URI];
	ipp_attribute_t *a;
	ipp_t *req, *res;

	memset(qi, 0, sizeof *qi);
	CUPS(httpAssembleURIf)(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL,
			 "localhost", 0, "/printers/%s", t->queue);
	req = CUPS(ippNewRequest)(IPP_OP_GET_PRINTER_ATTRIBUTES);
	if (req == NULL)
		return err_set(err, "out of memory");
	CUPS(ippAddString)(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL,
		     uri);
	CUPS(ippAddStrings)(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
		      "requested-attributes",
		      (int)(sizeof want / sizeof want[0]), NULL, want);
	res = CUPS(cupsDoRequest)(t->http, req, t->resource);
	if (res == NULL || !cups_ipp_ok()) {
		CUPS(ippDelete)(res);
		if (CUPS(cupsLastError)() == IPP_STATUS_ERROR_NOT_FOUND)
			return err_set(err, "cups:%s: no such CUPS queue",
				       t->queue);
		return err_set(err, "cups:%s: %s", t->queue,
			       CUPS(cupsLastErrorString)());
	}
	a = CUPS(ippFindAttribute)(res, "printer-state", IPP_TAG_ENUM);
	qi->state = a != NULL ? CUPS(ippGetInteger)(a, 0) : 0;
	a = CUPS(ippFindAttribute)(res, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
	qi->accepting = a != NULL ? CUPS(ippGetBoolean)(a, 0) : 1;
	cups_attr_join(res, "printer-state-reasons", qi->reasons,
		       sizeof qi->reasons);
	cups_attr_str(res, "printer-state-message", qi->message,
		      sizeof qi->message);
	cups_attr_str(res, "device-uri", qi->device_uri, sizeof qi->device_uri);
	cups_attr_str(res, "printer-info", qi->info, sizeof qi->info);
	if (qi->info[0] == '\0')
		cups_attr_str(res, "printer-make-and-model", qi->info,
			      sizeof qi->info);
	CUPS(ippDelete)(res);
	return 0;
}

/* Does the comma-separated reasons list hold this reason as an error?
 * "media-empty" and "media-empty-error" count; "-warning" and "-report"
 * (RFC 8011 severity suffixes) do not. */
static int cups_reason(const char *reasons, const char *want)
{
	size_t n = strlen(want);
	const char *s = reasons;

	while (s != NULL && *s != '\0') {
		const char *end = strchr(s, ',');
		size_t len = end != NULL ? (size_t)(end - s) : strlen(s);

		if (len >= n && strncmp(s, want, n) == 0 &&
		    (len == n ||
		     (len == n + 6 && strncmp(s + n, "-error", 6) == 0)))
			return 1;
		s = end != NULL ? end + 1 : NULL;
	}
	return 0;
}

/* The packer's view of a queue: the specific fault when CUPS names one,
 * offline for a stopped or rejecting queue, else ready. */
static enum printer_state cups_map_state(int state, int accepting,
					 const char *reasons)
{
	if (cups_reason(reasons, "media-empty") ||
	    cups_reason(reasons, "media-needed"))
		return PRINTER_PAPER_OUT;
	if (cups_reason(reasons, "cover-open") ||
	    cups_reason(reasons, "door-open") ||
	    cups_reason(reasons, "interlock-open"))
		return PRINTER_COVER_OPEN;
	if (cups_reason(reasons, "media-jam") ||
	    cups_reason(reasons, "cutter-jam") ||
	    cups_reason(reasons, "cutter-failure"))
		return PRINTER_CUTTER_ERROR;
	if (state == IPP_PSTATE_STOPPED || !accepting ||
	    cups_reason(reasons, "offline") || cups_reason(reasons, "shutdown"))
		return PRINTER_OFFLINE;
	/* Usually "media-low-warning": a warning still prints. */
	if (strstr(reasons, "media-low") != NULL)
		return PRINTER_PAPER_NEAR_END;
	return PRINTER_READY;
}

static const char *cups_state_word(int state)
{
	switch (state) {
	case IPP_PSTATE_IDLE:
		return "idle";
	case IPP_PSTATE_PROCESSING:
		return "processing";
	case IPP_PSTATE_STOPPED:
		return "stopped";
	default:
		return "unknown";
	}
}

/* "stopped (paused; not accepting jobs): Unable to connect" */
static void cups_queue_detail(const struct cups_queue_info *qi, char *out,
			      size_t outsz)
{
	snprintf(out, outsz, "%s (%s%s)%s%s", cups_state_word(qi->state),
		 qi->reasons[0] != '\0' ? qi->reasons : "none",
		 qi->accepting ? "" : "; not accepting jobs",
		 qi->message[0] != '\0' ? ": " : "", qi->message);
}

static int cups_query(struct printer *p, enum printer_state *state,
		      struct err *err)
{
	struct cups_target *t = p->impl;
	struct cups_queue_info qi;

	if (cups_connect(p, CUPS_QUERY_MS, err) != 0)
		return ERR_FAIL;
	t->deadline = clock_mono_ms() + CUPS_QUERY_MS;
	if (cups_ask_queue(t, &qi, err) != 0)
		return ERR_FAIL;
	*state = cups_map_state(qi.state, qi.accepting, qi.reasons);
	return 0;
}

/* Refuses a queue that would hold the job instead of printing it, so the
 * packer hears now, not after the job timeout (and no forgotten job prints
 * a duplicate slip when someone re-enables the queue). */
static int cups_check_queue(struct cups_target *t, struct err *err)
{
	struct cups_queue_info qi;
	enum printer_state s;
	char detail[600];

	if (cups_ask_queue(t, &qi, err) != 0)
		return ERR_FAIL;
	s = cups_map_state(qi.state, qi.accepting, qi.reasons);
	if (printer_state_ok(s))
		return 0;
	cups_queue_detail(&qi, detail, sizeof detail);
	return err_set(err, "cups:%s: queue %s", t->queue, detail);
}

static int cups_send(struct cups_target *t, int id, const char *job_name,
		     const unsigned char *buf, size_t len, struct err *err)
{
	size_t off = 0;

	if (CUPS(cupsStartDocument)(t->http, t->queue, id, job_name, CUPS_FORMAT_RAW,
			      1) != HTTP_STATUS_CONTINUE)
		return err_set(err, "cups:%s: job %d: cannot send the data: %s",
			       t->queue, id, CUPS(cupsLastErrorString)());
	while (off < len) {
		size_t n = len - off < CUPS_CHUNK ? len - off : CUPS_CHUNK;

		if (CUPS(cupsWriteRequestData)(t->http, (const char *)buf + off, n) !=
		    HTTP_STATUS_CONTINUE)
			return err_set(err,
				       "cups:%s: job %d: sending stopped after "
				       "%zu of %zu bytes: %s",
				       t->queue, id, off, len,
				       CUPS(cupsLastErrorString)());
		off += n;
	}
	if (CUPS(cupsFinishDocument)(t->http, t->queue) >
	    IPP_STATUS_OK_EVENTS_COMPLETE)
		return err_set(err, "cups:%s: job %d: %s", t->queue, id,
			       CUPS(cupsLastErrorString)());
	return 0;
}

/* What Get-Job-Attributes said of one job. */
struct cups_job_info {
	int state; /* IPP job-state: 3 pending ... 9 completed */
	char reasons[256];
	char message[256];
};

static int cups_ask_job(struct cups_target *t, int id, struct cups_job_info *ji,
			struct err *err)
{
	static const char *const want[] = {
	    "job-state",
	    "job-state-reasons",
	    "job-printer-state-message",
	};
	char uri[HTTP_MAX_URI];
	ipp_attribute_t *a;
	ipp_t *req, *res;

	memset(ji, 0, sizeof *ji);
	CUPS(httpAssembleURIf)(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL,
			 "localhost", 0, "/jobs/%d", id);
	req = CUPS(ippNewRequest)(IPP_OP_GET_JOB_ATTRIBUTES);
	if (req == NULL)
		return err_set(err, "out of memory");
	CUPS(ippAddString)(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
	CUPS(ippAddString)(req, IPP_TAG_OPERATION, IPP_TAG_NAME,
		     "requesting-user-name", NULL, CUPS(cupsUser)());
	CUPS(ippAddStrings)(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
		      "requested-attributes",
		      (int)(sizeof want / sizeof want[0]), NULL, want);
	res = CUPS(cupsDoRequest)(t->http, req, "/jobs/");
	if (res == NULL || !cups_ipp_ok()) {
		CUPS(ippDelete)(res);
		return err_set(err, "cups:%s: job %d: cannot ask its state: %s",
			       t->queue, id, CUPS(cupsLastErrorString)());
	}
	a = CUPS(ippFindAttribute)(res, "job-state", IPP_TAG_ENUM);
	ji->state = a != NULL ? CUPS(ippGetInteger)(a, 0) : 0;
	cups_attr_join(res, "job-state-reasons", ji->reasons,
		       sizeof ji->reasons);
	cups_attr_str(res, "job-printer-state-message", ji->message,
		      sizeof ji->message);
	CUPS(ippDelete)(res);
	return 0;
}

static const char *cups_job_word(int state)
{
	static const char *const words[] = {
	    "pending",	"held",	   "processing", "stopped",
	    "canceled", "aborted", "completed",
	};

	if (state >= IPP_JSTATE_PENDING && state <= IPP_JSTATE_COMPLETED)
		return words[state - IPP_JSTATE_PENDING];
	return "unknown";
}

static void cups_nap(void)
{
	struct timespec ts = {0, CUPS_POLL_MS * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Waits for the job to finish: 0 once completed; ERR_FAIL when CUPS
 * canceled, aborted, stopped or held it, or stopped the queue (what the
 * printer-error-policy does with a failing backend: abort-job, retry-job,
 * stop-printer); ERR_TIMEOUT at the deadline. */
static int cups_follow(struct cups_target *t, int id, int timeout_ms,
		       struct err *err)
{
	struct cups_queue_info qi;
	struct cups_job_info ji;
	char detail[600];

	for (;;) {
		if (cups_ask_job(t, id, &ji, err) != 0)
			return ERR_FAIL;
		if (ji.state == IPP_JSTATE_COMPLETED)
			return 0;
		/* Held once sent: CUPS could not deliver it and retries
		 * later (error policy retry-job), or a hold waits for a
		 * person. Either way no slip now. */
		if (ji.state >= IPP_JSTATE_STOPPED ||
		    (ji.state == IPP_JSTATE_HELD &&
		     !cups_reason(ji.reasons, "job-incoming")))
			return err_set(
			    err, "cups:%s: job %d %s (%s)%s%s", t->queue, id,
			    cups_job_word(ji.state), ji.reasons,
			    ji.message[0] != '\0' ? ": " : "", ji.message);
		if (cups_ask_queue(t, &qi, err) != 0)
			return ERR_FAIL;
		if (qi.state == IPP_PSTATE_STOPPED) {
			cups_queue_detail(&qi, detail, sizeof detail);
			return err_set(err, "cups:%s: job %d %s, queue %s",
				       t->queue, id, cups_job_word(ji.state),
				       detail);
		}
		if (clock_mono_ms() >= t->deadline) {
			err_set(err,
				"cups:%s: job %d still %s after %d ms (%s)%s%s",
				t->queue, id, cups_job_word(ji.state),
				timeout_ms, ji.reasons,
				ji.message[0] != '\0' ? ": " : "", ji.message);
			return ERR_TIMEOUT;
		}
		cups_nap();
	}
}

/* A job we gave up on must not print later: the packer has been told it
 * failed and will print the slip again. Best effort, on a fresh link since
 * the old one may be mid-request. */
static void cups_cancel(struct printer *p, int id)
{
	struct cups_target *t = p->impl;

	cups_disconnect(p);
	t->deadline = clock_mono_ms() + CUPS_QUERY_MS;
	t->http = cups_dial(CUPS_QUERY_MS, &t->deadline, NULL);
	if (t->http != NULL)
		CUPS(cupsCancelJob2)(t->http, t->queue, id, 0);
	cups_disconnect(p);
}

static int cups_job(struct printer *p, const char *job_name, const void *buf,
		    size_t len, int timeout_ms, struct err *err)
{
	struct cups_target *t = p->impl;
	const char *title =
	    job_name != NULL && job_name[0] != '\0' ? job_name : "packdesk";
	int id, rc;

	if (cups_connect(p, timeout_ms, err) != 0)
		return ERR_FAIL;
	/* One deadline for the whole job: sending and following it. */
	t->deadline = clock_mono_ms() + timeout_ms;
	if (cups_check_queue(t, err) != 0)
		return ERR_FAIL;
	id = CUPS(cupsCreateJob)(t->http, t->queue, title, 0, NULL);
	if (id <= 0) {
		err_set(err, "cups:%s: cannot create a job: %s", t->queue,
			CUPS(cupsLastErrorString)());
		cups_disconnect(p);
		return ERR_FAIL;
	}
	snprintf(p->last_output, sizeof p->last_output, "cups:%s job %d",
		 t->queue, id);
	rc = cups_send(t, id, title, buf, len, err);
	if (rc == 0)
		rc = cups_follow(t, id, timeout_ms, err);
	if (rc != 0)
		cups_cancel(p, id);
	return rc;
}

static void cups_describe(struct printer *p, struct strbuf *out)
{
	struct cups_target *t = p->impl;
	struct cups_queue_info qi;
	char where[300], detail[600];
	struct err e;

	err_clear(&e);
	cups_server_name(where, sizeof where);
	strbuf_addf(out, "CUPS queue %s on %s", t->queue, where);
	t->deadline = clock_mono_ms() + CUPS_QUERY_MS;
	if (cups_connect(p, CUPS_QUERY_MS, &e) != 0 ||
	    cups_ask_queue(t, &qi, &e) != 0) {
		strbuf_addf(out, " (%s)", e.msg);
		return;
	}
	cups_queue_detail(&qi, detail, sizeof detail);
	strbuf_addf(out, ", device %s, %s",
		    qi.device_uri[0] != '\0' ? qi.device_uri : "unknown",
		    detail);
}

static void cups_close(struct printer *p)
{
	free(p->impl);
}

const struct printer_ops printer_cups_ops = {
    .scheme = "cups:",
    .open = cups_open,
    .connect = cups_connect,
    .disconnect = cups_disconnect,
    .job = cups_job,
    .query = cups_query,
    .describe = cups_describe,
    .close = cups_close,
};

int printer_cups_discover(printer_found_fn fn, void *arg, struct err *err)
{
	struct printer_found f;
	int64_t deadline = clock_mono_ms() + CUPS_DISCOVER_MS;
	cups_dest_t *dests = NULL;
	http_t *http;
	int i, n, rc = 0;

	errno = 0;
	http = cups_dial(CUPS_DISCOVER_MS, &deadline, err);
	if (http == NULL)
		return ERR_FAIL;
	n = CUPS(cupsGetDests2)(http, &dests);
	/* No queues at all is an answer (NOT_FOUND), not a failure. */
	if (n == 0 && !cups_ipp_ok() &&
	    CUPS(cupsLastError)() != IPP_STATUS_ERROR_NOT_FOUND) {
		err_set(err, "cannot list CUPS queues: %s",
			CUPS(cupsLastErrorString)());
		CUPS(httpClose)(http);
		return ERR_FAIL;
	}
	for (i = 0; i < n && rc == 0; i++) {
		const cups_dest_t *d = &dests[i];
		const char *v, *reasons;
		int state, accepting;

		/* lpoptions instances are the same queue again. */
		if (d->instance != NULL)
			continue;
		memset(&f, 0, sizeof f);
		snprintf(f.uri, sizeof f.uri, "cups:%s", d->name);
		v = CUPS(cupsGetOption)("printer-info", d->num_options, d->options);
		if (v == NULL || v[0] == '\0')
			v = CUPS(cupsGetOption)("printer-make-and-model",
					  d->num_options, d->options);
		snprintf(f.description, sizeof f.description, "%s",
			 v != NULL ? v : "");
		v = CUPS(cupsGetOption)("device-uri", d->num_options, d->options);
		snprintf(f.location, sizeof f.location, "%s",
			 v != NULL ? v : "");
		v = CUPS(cupsGetOption)("printer-state", d->num_options, d->options);
		state = v != NULL ? atoi(v) : 0;
		v = CUPS(cupsGetOption)("printer-is-accepting-jobs", d->num_options,
				  d->options);
		accepting = v == NULL || strcmp(v, "false") != 0;
		reasons = CUPS(cupsGetOption)("printer-state-reasons", d->num_options,
					d->options);
		if (reasons == NULL)
			reasons = "";
		f.state = cups_map_state(state, accepting, reasons);
		snprintf(f.detail, sizeof f.detail, "%s (%s%s)",
			 cups_state_word(state),
			 reasons[0] != '\0' ? reasons : "none",
			 accepting ? "" : "; not accepting jobs");
		rc = fn(&f, arg);
	}
	CUPS(cupsFreeDests)(n, dests);
	CUPS(httpClose)(http);
	return 0;
}
