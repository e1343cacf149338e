/* Printer transports behind one small table of operations. A transport moves
 * bytes (and, on a two-way link, reads replies); it knows nothing of ESC/POS,
 * slips or orders. printer.c holds the mechanism every transport shares:
 * status before and after each job, timeouts, reconnecting after a fault.
 *
 * URIs:
 *   file:PATH                     append the raw bytes to a file
 *   lp:/dev/usb/lpN               the kernel's usblp device (two-way)
 *   socket://HOST[:PORT]          raw TCP, port 9100 by default (two-way)
 *   serial:/dev/ttyUSB0?baud=N    RS-232 / USB serial through termios
 *   usb:VID:PID[:SERIAL]          USB printer class through libusb
 *   cups:QUEUE                    a raw job through libcups
 *   preview:DIR                   the virtual printer: one PNG per job */
#ifndef PACKDESK_PRINTER_H
#define PACKDESK_PRINTER_H

#include <stddef.h>

#include "err.h"
#include "printer-state.h"
#include "profile.h"
#include "strbuf.h"

#define PRINTER_TIMEOUT_MS 10000 /* one job's bytes */
#define PRINTER_STATUS_TIMEOUT_MS 1000 /* one DLE EOT reply */

enum printer_flags {
	/* read() works: the printer answers DLE EOT on this link. */
	PRINTER_TWO_WAY = 1 << 0,
	/* The device serves one client at a time (port 9100): drop the link
	 * after each job and status poll. */
	PRINTER_ONE_CLIENT = 1 << 1,
};

struct printer;

struct printer_ops {
	const char *scheme; /* "file:", "socket://", ... */
	unsigned flags;
	/* Parses the target and keeps what the backend needs; no I/O is
	 * required here (the device may be unplugged when the station
	 * starts), except to reject a target that can never work. */
	int (*open)(struct printer *p, const char *target, struct err *err);
	/* Makes the link usable (opens the device, connects the socket);
	 * returns 0 at once when it already is. */
	int (*connect)(struct printer *p, int timeout_ms, struct err *err);
	/* Drops the link; the next connect() makes a new one. */
	void (*disconnect)(struct printer *p);
	/* Writes all of buf within timeout_ms: 0, ERR_TIMEOUT or ERR_FAIL,
	 * with *written telling how many bytes went. */
	int (*write)(struct printer *p, const void *buf, size_t len,
		     int timeout_ms, size_t *written, struct err *err);
	/* Two-way links: reads what is there, waiting up to timeout_ms for
	 * the first byte (0: do not wait); 0 with *got = 0 on timeout. NULL
	 * when one-way. */
	int (*read)(struct printer *p, void *buf, size_t len, int timeout_ms,
		    size_t *got, struct err *err);
	/* Backends that take whole jobs (CUPS, preview) implement this
	 * instead of relying on write(); NULL otherwise. */
	int (*job)(struct printer *p, const char *job_name, const void *buf,
		   size_t len, int timeout_ms, struct err *err);
	/* Backend-specific status (a CUPS queue's state, USB port status);
	 * NULL: DLE EOT on two-way links, else PRINTER_UNKNOWN. A state that
	 * is not ok may come with its details in err (return 0). */
	int (*query)(struct printer *p, enum printer_state *state,
		     struct err *err);
	/* Appends what the backend knows of the device (IEEE 1284 ID, queue
	 * URI) for print-test and `packctl printers`; may be NULL. */
	void (*describe)(struct printer *p, struct strbuf *out);
	void (*close)(struct printer *p);
};

struct printer {
	const struct printer_ops *ops;
	/* ops->flags, which connect() may narrow for this device (a USB
	 * printer whose interface has no bulk IN is one-way). */
	unsigned flags;
	char *uri;
	void *impl;
	int width_dots; /* the paper width, for backends that draw */
	/* The printer's profile, for backends that draw (preview: which
	 * language to render); NULL means ESC/POS at width_dots. Owned by
	 * the caller. */
	const struct profile *profile;
	char last_output[4096]; /* where the last job went, for messages */
};

/* width_dots: the paper width, for backends that draw (preview). */
int printer_open(struct printer **out, const char *uri, int width_dots,
		 struct err *err);
void printer_close(struct printer *p);
/* Tells drawing backends which printer language and size to draw. */
void printer_set_profile(struct printer *p, const struct profile *prof);

/* The printer's state now: connects if needed, asks the printer (DLE EOT)
 * on two-way links. A link that cannot be opened or does not answer is
 * PRINTER_NOT_RESPONDING (return 0: that is a state, not an error). */
int printer_status(struct printer *p, enum printer_state *state,
		   struct err *err);

/* Prints one job: status before, all bytes, status after. Returns 0 when
 * the printer took the whole job and reports no fault afterwards; else
 * PRINTER_FAULT with *state telling why and err the details. After a fault
 * the link is dropped so that the next call starts afresh (an unplugged
 * printer is reopened when it returns). */
#define PRINTER_FAULT 1
int printer_print(struct printer *p, const char *job_name, const void *buf,
		  size_t len, enum printer_state *state, struct err *err);
/* printer_print, telling whether any of the job went out: after a fault
 * with *sent == 0 the printer never saw the job (the status before it was
 * bad, or the link could not be made); with *sent == 1 the job may have
 * printed in part or in full. */
int printer_print_sent(struct printer *p, const char *job_name,
		       const void *buf, size_t len, enum printer_state *state,
		       int *sent, struct err *err);

/* The same job without status checks, for file-like backends and tests. */
int printer_job(struct printer *p, const char *job_name, const void *buf,
		size_t len, struct err *err);

/* A printer found on this machine, for `packctl printers`. */
struct printer_found {
	char uri[256];         /* usable as --printer: usb:04b8:0e28:SN */
	char description[256]; /* "EPSON TM-T20III" (IEEE 1284 MFG MDL) */
	char location[256];    /* USB bus path "1-1.2", a queue's device URI */
	enum printer_state state;
	char detail[256]; /* printer-state-reasons, errors reading it */
};
typedef int (*printer_found_fn)(const struct printer_found *f, void *arg);
/* Each calls fn for every printer it finds; a non-zero return from fn
 * stops the walk. -1 with err when the subsystem cannot be asked at all
 * (no CUPS server, no USB access). */
int printer_usb_discover(printer_found_fn fn, void *arg, struct err *err);
int printer_cups_discover(printer_found_fn fn, void *arg, struct err *err);

extern const struct printer_ops printer_file_ops;
extern const struct printer_ops printer_socket_ops;
extern const struct printer_ops printer_preview_ops;
extern const struct printer_ops printer_lp_ops;
extern const struct printer_ops printer_serial_ops;
extern const struct printer_ops printer_usb_ops;
extern const struct printer_ops printer_cups_ops;

#endif
