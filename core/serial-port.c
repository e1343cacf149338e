#include "serial-port.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const flow_names[] = {"none", "rtscts", "xonxoff"};


/* The speeds termios can set; anything else is a typo in the URI (a
 * printer's DIP switches offer a few of these, 9600..115200 mostly). */
static const struct {
	unsigned baud;
	speed_t speed;
} speeds[] = {
	{50, B50},           {75, B75},           {110, B110},
	{134, B134},         {150, B150},         {200, B200},
	{300, B300},         {600, B600},         {1200, B1200},
	{1800, B1800},       {2400, B2400},       {4800, B4800},
	{9600, B9600},       {19200, B19200},     {38400, B38400},
	{57600, B57600},     {115200, B115200},   {230400, B230400},
	{460800, B460800},   {500000, B500000},   {576000, B576000},
	{921600, B921600},   {1000000, B1000000}, {1152000, B1152000},
	{1500000, B1500000}, {2000000, B2000000}, {2500000, B2500000},
	{3000000, B3000000}, {3500000, B3500000}, {4000000, B4000000},
};

#define SERIAL_PROBLEMS_MAX 400

/* Adds one problem to the list that open() reports in one message, so
 * that a URI with several mistakes is fixed in one go. */
static void problem(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len > 0 && len + 2 < size) {
		memcpy(buf + len, "; ", 3);
		len += 2;
	}
	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static int parse_uint(const char *s, size_t len, unsigned *out)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 9)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = (unsigned)v;
	return 0;
}

static int value_is(const char *v, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(v, word, len) == 0;
}

/* One key=value pair; the key names are the whole vocabulary. */
static void parse_param(struct serial_opts *o, unsigned *seen,
			const char *kv, size_t kvlen, char *why, size_t whysz)
{
	static const char *const keys[] = {"baud", "flow", "bits", "parity",
					   "stop"};
	const char *eq = memchr(kv, '=', kvlen);
	size_t klen = eq != NULL ? (size_t)(eq - kv) : kvlen, vlen, i, k;
	const char *v = eq != NULL ? eq + 1 : "";
	unsigned n;

	vlen = eq != NULL ? kvlen - klen - 1 : 0;
	for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
		if (value_is(kv, klen, keys[k]))
			break;
	if (k == sizeof keys / sizeof keys[0]) {
		problem(why, whysz,
			"unknown parameter \"%.*s\" (known: baud, flow, bits, "
			"parity, stop)",
			(int)(klen > 32 ? 32 : klen), kv);
		return;
	}
	if (*seen & (1u << k)) {
		problem(why, whysz, "%s given twice", keys[k]);
		return;
	}
	*seen |= 1u << k;
	if (eq == NULL || vlen == 0) {
		problem(why, whysz, "%s has no value", keys[k]);
		return;
	}
	switch (k) {
	case 0:
		for (i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
			if (parse_uint(v, vlen, &n) == 0 &&
			    speeds[i].baud == n)
				break;
		if (i == sizeof speeds / sizeof speeds[0]) {
			problem(why, whysz,
				"baud=%.*s is not a standard serial speed "
				"(9600, 19200, 38400, 57600, 115200, ...)",
				(int)(vlen > 16 ? 16 : vlen), v);
			return;
		}
		o->baud = speeds[i].baud;
		o->speed = speeds[i].speed;
		return;
	case 1:
		for (i = 0; i < sizeof flow_names / sizeof flow_names[0]; i++)
			if (value_is(v, vlen, flow_names[i]))
				break;
		if (i == sizeof flow_names / sizeof flow_names[0]) {
			problem(why, whysz,
				"flow=%.*s: use none, rtscts or xonxoff",
				(int)(vlen > 16 ? 16 : vlen), v);
			return;
		}
		o->flow = (enum serial_flow)i;
		return;
	case 2:
		if (parse_uint(v, vlen, &n) != 0 || n < 5 || n > 8) {
			problem(why, whysz, "bits=%.*s: use 5, 6, 7 or 8",
				(int)(vlen > 16 ? 16 : vlen), v);
			return;
		}
		o->bits = (int)n;
		return;
	case 3:
		if (vlen != 1 || strchr("neo", v[0]) == NULL) {
			problem(why, whysz,
				"parity=%.*s: use n (none), e (even) or o (odd)",
				(int)(vlen > 16 ? 16 : vlen), v);
			return;
		}
		o->parity = v[0];
		return;
	default:
		if (parse_uint(v, vlen, &n) != 0 || n < 1 || n > 2) {
			problem(why, whysz, "stop=%.*s: use 1 or 2",
				(int)(vlen > 16 ? 16 : vlen), v);
			return;
		}
		o->stop = (int)n;
		return;
	}
}

int serial_opts_parse(const char *uri, const char *target,
		      struct serial_opts *o, size_t *pathlen, struct err *err)
{
	const char *q = strchr(target, '?'), *kv, *end;
	char why[SERIAL_PROBLEMS_MAX] = "";
	unsigned seen = 0;

	o->baud = 9600;
	o->speed = B9600;
	o->flow = SERIAL_FLOW_NONE;
	o->bits = 8;
	o->parity = 'n';
	o->stop = 1;
	*pathlen = q != NULL ? (size_t)(q - target) : strlen(target);
	if (*pathlen == 0)
		problem(why, sizeof why, "no device path before '?'");
	if (q != NULL && q[1] == '\0')
		problem(why, sizeof why, "nothing after '?'");
	for (kv = q != NULL && q[1] != '\0' ? q + 1 : NULL; kv != NULL;
	     kv = *end == '&' ? end + 1 : NULL) {
		end = kv + strcspn(kv, "&");
		if (end == kv)
			problem(why, sizeof why, "an empty parameter");
		else
			parse_param(o, &seen, kv, (size_t)(end - kv), why,
				    sizeof why);
	}
	if (why[0] != '\0')
		return err_set(err,
			       "%s: %s (expected serial:DEVICE?baud=N"
			       "[&flow=none|rtscts|xonxoff][&bits=8&parity=n"
			       "&stop=1])",
			       uri, why);
	return 0;
}

void serial_opts_describe(const struct serial_opts *o, const char *path,
			  struct strbuf *out)
{
	strbuf_addf(out, "serial %s at %u baud %d%c%d, flow %s", path, o->baud,
		    o->bits, o->parity - 'a' + 'A', o->stop,
		    flow_names[o->flow]);
}

/* Raw 8-bit bytes both ways at the chosen speed and framing, then read
 * back: a driver that cannot do something (7 data bits on a pty, odd
 * speeds on some USB adapters) ignores it silently, and a printer on the
 * wrong settings prints garbage instead of failing. */
int serial_port_setup(int fd, const char *path, const struct serial_opts *o,
		      struct err *err)
{
	static const tcflag_t sizes[] = {CS5, CS6, CS7, CS8};
	struct termios t, back;

	if (tcgetattr(fd, &t) != 0)
		return err_sys(err, "%s: not a serial device", path);
	/* No echo, no CR/LF translation, no signals from bytes like 03. */
	cfmakeraw(&t);
	if (cfsetispeed(&t, o->speed) != 0 || cfsetospeed(&t, o->speed) != 0)
		return err_sys(err, "%s: %u baud", path, o->baud);
	/* CLOCAL: printers do not drive DCD; CREAD: DLE EOT answers. */
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
	t.c_cflag |= sizes[o->bits - 5];
	if (o->parity != 'n')
		t.c_cflag |= PARENB | (o->parity == 'o' ? PARODD : 0);
	if (o->stop == 2)
		t.c_cflag |= CSTOPB;
	/* INPCK: a byte with a parity error reads as 00, which is no valid
	 * DLE EOT answer, rather than as a plausible status. */
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY | INPCK);
	if (o->parity != 'n')
		t.c_iflag |= INPCK;
	if (o->flow == SERIAL_FLOW_RTSCTS)
		t.c_cflag |= CRTSCTS;
	/* IXON: a DC3 (13) from the printer stops our output until DC1
	 * (11). Valid DLE EOT answers (bit 0 clear) are never 11 or 13. */
	if (o->flow == SERIAL_FLOW_XONXOFF)
		t.c_iflag |= IXON | IXOFF;
	/* VMIN=1, VTIME=0: with O_NONBLOCK an empty read() is then EAGAIN,
	 * which io_read() polls on. VMIN=0 would make it return 0, and 0
	 * means end of file to io_read(). */
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &t) != 0)
		return err_sys(err, "%s: cannot set %u baud %d%c%d", path,
			       o->baud, o->bits, o->parity - 'a' + 'A',
			       o->stop);
	if (tcgetattr(fd, &back) != 0)
		return err_sys(err, "%s", path);
	if (cfgetospeed(&back) != o->speed)
		return err_set(err, "%s: the device does not take %u baud",
			       path, o->baud);
	if ((back.c_cflag & (CSIZE | PARENB | PARODD | CSTOPB)) !=
	    (t.c_cflag & (CSIZE | PARENB | PARODD | CSTOPB)))
		return err_set(err, "%s: the device does not take %d%c%d "
				    "framing",
			       path, o->bits, o->parity - 'a' + 'A',
			       o->stop);
	if ((back.c_cflag & CRTSCTS) != (t.c_cflag & CRTSCTS) ||
	    (back.c_iflag & (IXON | IXOFF)) != (t.c_iflag & (IXON | IXOFF)))
		return err_set(err, "%s: the device does not take flow=%s",
			       path, flow_names[o->flow]);
	/* Bytes from before we opened (power-on noise, a reply nobody
	 * read) would be taken for answers to our first DLE EOT. */
	tcflush(fd, TCIFLUSH);
	return 0;
}

