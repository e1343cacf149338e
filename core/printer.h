/* Printer transports behind one small table of operations. A transport moves
 * bytes; it knows nothing of ESC/POS, slips or orders. URIs:
 *   file:PATH            append the raw bytes to a file or device
 *   socket://HOST[:PORT] raw TCP (JetDirect, port 9100 by default)
 *   preview:DIR          the virtual printer: one PNG per job in DIR */
#ifndef PACKDESK_PRINTER_H
#define PACKDESK_PRINTER_H

#include <stddef.h>

#include "err.h"

#define PRINTER_TIMEOUT_MS 10000

struct printer;

struct printer_ops {
	const char *scheme; /* "file:", "socket://", "preview:" */
	int (*open)(struct printer *p, const char *target, struct err *err);
	/* One job: all of buf, within timeout_ms. job_name names the job
	 * (the order), for backends that keep jobs apart. */
	int (*job)(struct printer *p, const char *job_name, const void *buf,
		   size_t len, int timeout_ms, struct err *err);
	void (*close)(struct printer *p);
};

struct printer {
	const struct printer_ops *ops;
	char *uri;
	void *impl;
	int width_dots;
	char last_output[4096]; /* where the last job went, for messages */
};

/* width_dots: the paper width, for backends that draw (preview). */
int printer_open(struct printer **out, const char *uri, int width_dots,
		 struct err *err);
int printer_job(struct printer *p, const char *job_name, const void *buf,
		size_t len, struct err *err);
void printer_close(struct printer *p);

extern const struct printer_ops printer_file_ops;
extern const struct printer_ops printer_socket_ops;
extern const struct printer_ops printer_preview_ops;

#endif
