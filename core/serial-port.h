/* A serial port as printers and scanners use it: the URI's query
 * (?baud=N&flow=none|rtscts|xonxoff&bits=8&parity=n&stop=1) and the termios
 * set-up that puts the port in raw mode with those settings. */
#ifndef PACKDESK_SERIAL_PORT_H
#define PACKDESK_SERIAL_PORT_H

#include <stddef.h>
#include <termios.h>

#include "err.h"
#include "strbuf.h"

enum serial_flow {
	SERIAL_FLOW_NONE,
	SERIAL_FLOW_RTSCTS,  /* hardware: the printer drops CTS when busy */
	SERIAL_FLOW_XONXOFF, /* software: the printer sends 13 (DC3) / 11 */
};

struct serial_opts {
	unsigned baud;
	speed_t speed;
	enum serial_flow flow;
	int bits;    /* 5..8 data bits */
	char parity; /* 'n', 'e' or 'o' */
	int stop;    /* 1 or 2 stop bits */
};
/* Parses "DEVICE[?query]" (target) of uri (for messages): every problem
 * reported at once. *pathlen is the length of DEVICE. */
int serial_opts_parse(const char *uri, const char *target,
		      struct serial_opts *o, size_t *pathlen, struct err *err);
/* Raw mode at the chosen settings, read back to catch a driver that
 * ignored one; flushes stale input. */
int serial_port_setup(int fd, const char *path, const struct serial_opts *o,
		      struct err *err);
void serial_opts_describe(const struct serial_opts *o, const char *path,
			  struct strbuf *out);

#endif
