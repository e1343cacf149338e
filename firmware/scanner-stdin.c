/* stdin — a keyboard-wedge scanner typing into the station's terminal: one
 * scan per line (CR, LF or CR LF). End of input ends the station. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "scanner.h"

struct stdin_src {
	unsigned char buf[4096];
	size_t pos, len;
	int eof;
	int last_cr; /* a CR just ended a scan: swallow the LF of CR LF */
};

static int stdin_open(struct scanner *sc, const char *target, struct err *err)
{
	if (target[0] != '\0')
		return err_set(err, "stdin%s: stdin takes no target", target);
	sc->impl = calloc(1, sizeof(struct stdin_src));
	if (sc->impl == NULL)
		return err_set(err, "out of memory");
	return 0;
}

/* -1 error, 0 end of input, 1 more bytes buffered. */
static int fill(struct stdin_src *s, struct err *err)
{
	ssize_t n;

	if (s->pos < s->len)
		return 1;
	if (s->eof)
		return 0;
	do
		n = read(STDIN_FILENO, s->buf, sizeof s->buf);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return err_sys(err, "reading the scanner (stdin)");
	s->pos = 0;
	s->len = (size_t)n;
	if (n == 0)
		s->eof = 1;
	return n > 0;
}

static enum scan_status stdin_read(struct scanner *sc, char *out, size_t *len,
				   struct err *err)
{
	struct stdin_src *s = sc->impl;
	size_t n = 0;
	int rc, toolong = 0, any = 0;
	unsigned char c;

	for (;;) {
		rc = fill(s, err);
		if (rc < 0)
			return SCAN_ERROR;
		if (rc == 0) {
			if (!any)
				return SCAN_EOF;
			break; /* a last line without its terminator */
		}
		c = s->buf[s->pos++];
		if (c == '\n' && s->last_cr && !any) {
			s->last_cr = 0;
			continue;
		}
		s->last_cr = c == '\r';
		if (c == '\r' || c == '\n')
			break;
		any = 1;
		if (n < SCAN_MAX)
			out[n++] = (char)c;
		else
			toolong = 1;
	}
	out[n] = '\0';
	*len = n;
	return toolong ? SCAN_TOOLONG : SCAN_OK;
}

static void stdin_close(struct scanner *sc)
{
	free(sc->impl);
}

const struct scanner_ops scanner_stdin_ops = {
	.scheme = "stdin",
	.open = stdin_open,
	.read = stdin_read,
	.close = stdin_close,
};
