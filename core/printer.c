/* The mechanism every printer transport shares: URI dispatch, status by
 * DLE EOT on two-way links, and the print-a-job-safely sequence. */
#include "printer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escpos-status.h"

static const struct printer_ops *const backends[] = {
	&printer_file_ops,  &printer_socket_ops, &printer_preview_ops,
	&printer_lp_ops,    &printer_serial_ops, &printer_usb_ops,
	&printer_cups_ops,
};

int printer_open(struct printer **out, const char *uri, int width_dots,
		 struct err *err)
{
	const struct printer_ops *ops = NULL;
	struct printer *p;
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		n = strlen(backends[i]->scheme);
		if (strncmp(uri, backends[i]->scheme, n) == 0) {
			ops = backends[i];
			break;
		}
	}
	if (ops == NULL)
		return err_set(err,
			       "%s: unknown printer URI (use file:PATH, "
			       "lp:DEVICE, socket://HOST[:PORT], "
			       "serial:DEVICE?baud=N, usb:VID:PID, cups:QUEUE "
			       "or preview:DIR)",
			       uri);
	if (uri[n] == '\0')
		return err_set(err, "%s: the URI names no target", uri);
	p = calloc(1, sizeof *p);
	if (p == NULL || (p->uri = strdup(uri)) == NULL) {
		free(p);
		return err_set(err, "out of memory");
	}
	p->ops = ops;
	p->flags = ops->flags;
	p->width_dots = width_dots;
	if (ops->open(p, uri + n, err) != 0) {
		free(p->uri);
		free(p);
		return ERR_FAIL;
	}
	*out = p;
	return 0;
}

void printer_set_profile(struct printer *p, const struct profile *prof)
{
	p->profile = prof;
	if (prof != NULL)
		p->width_dots = prof->width_dots;
}

void printer_close(struct printer *p)
{
	if (p == NULL)
		return;
	p->ops->disconnect(p);
	p->ops->close(p);
	free(p->uri);
	free(p);
}

/* Throws away bytes nobody asked for (ASB reports, late replies) so that
 * the next byte read is the answer to the next request. */
static void drain(struct printer *p)
{
	unsigned char junk[64];
	size_t got;
	int i;

	for (i = 0; i < 16; i++)
		if (p->ops->read(p, junk, sizeof junk, 0, &got, NULL) != 0 ||
		    got == 0)
			return;
}

/* One DLE EOT request and its one-byte answer. Epson: wait for each
 * answer before sending the next request. */
static int ask(struct printer *p, int n, unsigned char *reply,
	       struct err *err)
{
	const unsigned char *req = escpos_status_request(n);
	size_t done, got;
	int tries;

	if (p->ops->write(p, req, 3, PRINTER_STATUS_TIMEOUT_MS, &done, err) !=
	    0)
		return ERR_FAIL;
	for (tries = 0; tries < 8; tries++) {
		if (p->ops->read(p, reply, 1, PRINTER_STATUS_TIMEOUT_MS, &got,
				 err) != 0)
			return ERR_FAIL;
		if (got == 0)
			return err_set(err, "no answer to DLE EOT %d within "
					    "%d ms",
				       n, PRINTER_STATUS_TIMEOUT_MS);
		if (escpos_status_reply_valid(*reply))
			return 0;
	}
	return err_set(err, "no valid answer to DLE EOT %d", n);
}

static int dle_eot(struct printer *p, enum printer_state *state,
		   struct err *err)
{
	unsigned char r[ESCPOS_STATUS_REQUESTS];
	int n;

	drain(p);
	for (n = 1; n <= ESCPOS_STATUS_REQUESTS; n++)
		if (ask(p, n, &r[n - 1], err) != 0)
			return ERR_FAIL;
	*state = escpos_status_decode(r);
	return 0;
}

/* The status, leaving the link open for the job that follows. */
static void status_keep(struct printer *p, enum printer_state *state,
			struct err *err)
{
	struct err e;

	err_clear(&e);
	*state = PRINTER_NOT_RESPONDING;
	if (p->ops->connect(p, PRINTER_STATUS_TIMEOUT_MS * 2, &e) != 0) {
		err_set(err, "%s", e.msg);
		return;
	}
	if (p->ops->query != NULL) {
		if (p->ops->query(p, state, &e) != 0) {
			*state = PRINTER_NOT_RESPONDING;
			p->ops->disconnect(p);
		}
		if (err_isset(&e))
			err_set(err, "%s", e.msg);
		return;
	}
	if (!(p->flags & PRINTER_TWO_WAY)) {
		*state = PRINTER_UNKNOWN;
		return;
	}
	if (dle_eot(p, state, &e) != 0) {
		*state = PRINTER_NOT_RESPONDING;
		err_set(err, "%s", e.msg);
		p->ops->disconnect(p);
	}
}

/* Network printers take one client at a time: a station must not hold the
 * connection between jobs. */
static void release(struct printer *p)
{
	if (p->flags & PRINTER_ONE_CLIENT)
		p->ops->disconnect(p);
}

int printer_status(struct printer *p, enum printer_state *state,
		   struct err *err)
{
	status_keep(p, state, err);
	release(p);
	return 0;
}

static int fault(struct printer *p, enum printer_state *state,
		 enum printer_state s, struct err *err, const char *what)
{
	*state = s;
	err_set(err, "%s: %s", what, printer_state_advice(s));
	p->ops->disconnect(p);
	return PRINTER_FAULT;
}

int printer_print(struct printer *p, const char *job_name, const void *buf,
		  size_t len, enum printer_state *state, struct err *err)
{
	int sent;

	return printer_print_sent(p, job_name, buf, len, state, &sent, err);
}

int printer_print_sent(struct printer *p, const char *job_name,
		       const void *buf, size_t len, enum printer_state *state,
		       int *sent, struct err *err)
{
	struct err e;
	size_t done = 0;
	int rc;

	*sent = 0;
	err_clear(&e);
	status_keep(p, state, &e);
	if (!printer_state_ok(*state))
		return fault(p, state, *state, err,
			     err_isset(&e) ? e.msg : "before printing");
	*sent = 1;
	if (p->ops->job != NULL)
		rc = p->ops->job(p, job_name, buf, len, PRINTER_TIMEOUT_MS, &e);
	else
		rc = p->ops->write(p, buf, len, PRINTER_TIMEOUT_MS, &done, &e);
	if (rc != 0) {
		/* Ask why: paper out shows as a stalled write on most
		 * printers. */
		struct err why;

		err_clear(&why);
		status_keep(p, state, &why);
		if (printer_state_ok(*state))
			*state = PRINTER_NOT_RESPONDING;
		return fault(p, state, *state, err, e.msg);
	}
	if (p->ops->job == NULL)
		snprintf(p->last_output, sizeof p->last_output, "%s", p->uri);
	status_keep(p, state, &e);
	if (!printer_state_ok(*state))
		return fault(p, state, *state, err,
			     err_isset(&e) ? e.msg : "after printing");
	release(p);
	return 0;
}

int printer_job(struct printer *p, const char *job_name, const void *buf,
		size_t len, struct err *err)
{
	size_t done;
	int rc;

	if (p->ops->connect(p, PRINTER_TIMEOUT_MS, err) != 0)
		return ERR_FAIL;
	if (p->ops->job != NULL)
		rc = p->ops->job(p, job_name, buf, len, PRINTER_TIMEOUT_MS, err);
	else
		rc = p->ops->write(p, buf, len, PRINTER_TIMEOUT_MS, &done, err);
	if (rc == 0 && p->ops->job == NULL)
		snprintf(p->last_output, sizeof p->last_output, "%s", p->uri);
	release(p);
	return rc;
}
