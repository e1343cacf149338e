/* stdin — a keyboard-wedge scanner typing into the station's terminal: one
 * scan per line (CR, LF or CR LF). End of input ends the station. */
#include <errno.h>
#include <unistd.h>

#include "scanner.h"

static int stdin_open(struct scanner *sc, const char *target, struct err *err)
{
	(void)sc;
	if (target[0] != '\0')
		return err_set(err, "stdin%s: stdin takes no target", target);
	return 0;
}

static int stdin_connect(struct scanner *sc, struct err *err)
{
	(void)sc;
	(void)err;
	return 0;
}

static void stdin_nothing(struct scanner *sc)
{
	(void)sc;
}

static int stdin_fd(struct scanner *sc)
{
	(void)sc;
	return STDIN_FILENO;
}

static int stdin_read(struct scanner *sc, void *buf, size_t len, size_t *got,
		      struct err *err)
{
	ssize_t n;

	(void)sc;
	do
		n = read(STDIN_FILENO, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return err_sys(err, "reading the scanner (stdin)");
	*got = (size_t)n;
	return n == 0 ? SCANNER_READ_GONE : SCANNER_READ_OK;
}

const struct scanner_ops scanner_stdin_ops = {
	.scheme = "stdin",
	.flags = SCANNER_EOF_ENDS,
	.open = stdin_open,
	.connect = stdin_connect,
	.disconnect = stdin_nothing,
	.fd = stdin_fd,
	.read = stdin_read,
	.close = stdin_nothing,
};
