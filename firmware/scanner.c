#include "scanner.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"

static const struct scanner_ops *const sources[] = {
	&scanner_stdin_ops,
};

int scanner_open(struct scanner **out, const char *uri, struct err *err)
{
	const struct scanner_ops *ops = NULL;
	struct scanner *sc;
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < sizeof sources / sizeof sources[0]; i++) {
		n = strlen(sources[i]->scheme);
		if (strncmp(uri, sources[i]->scheme, n) == 0) {
			ops = sources[i];
			break;
		}
	}
	if (ops == NULL)
		return err_set(err, "%s: unknown scanner URI (use stdin)", uri);
	sc = calloc(1, sizeof *sc);
	if (sc == NULL)
		return err_set(err, "out of memory");
	sc->ops = ops;
	scan_framer_init(&sc->framer, SCAN_TERM_CR | SCAN_TERM_LF, 0);
	if (ops->open(sc, uri + n, err) != 0) {
		free(sc);
		return ERR_FAIL;
	}
	*out = sc;
	return 0;
}

void scanner_close(struct scanner *sc)
{
	if (sc == NULL)
		return;
	sc->ops->close(sc);
	free(sc);
}

int scanner_fd(struct scanner *sc)
{
	/* Bytes still waiting for queue room need no poll: the caller takes
	 * scans and comes back. */
	return sc->eof || sc->raw_pos < sc->raw_len ? -1 : sc->ops->fd(sc);
}

static void frame(struct scanner *sc)
{
	sc->raw_pos += scan_framer_feed(&sc->framer, sc->raw + sc->raw_pos,
					sc->raw_len - sc->raw_pos,
					clock_mono_ms());
	if (sc->eof && sc->raw_pos == sc->raw_len)
		scan_framer_flush(&sc->framer);
}

enum scan_status scanner_fill(struct scanner *sc, struct err *err)
{
	size_t got = 0;

	if (sc->raw_pos < sc->raw_len) {
		frame(sc);
		return SCAN_MORE;
	}
	if (sc->eof)
		return SCAN_EOF;
	if (sc->ops->read(sc, sc->raw, sizeof sc->raw, &got, err) != 0)
		return SCAN_ERROR;
	sc->raw_pos = 0;
	sc->raw_len = got;
	if (got == 0)
		sc->eof = 1;
	frame(sc);
	return sc->eof ? SCAN_EOF : SCAN_MORE;
}

int scanner_next(struct scanner *sc, struct scan *out)
{
	if (scan_framer_next(&sc->framer, out))
		return 1;
	if (sc->raw_pos < sc->raw_len) {
		frame(sc);
		return scan_framer_next(&sc->framer, out);
	}
	return 0;
}

int scanner_timeout(struct scanner *sc)
{
	return scan_framer_timeout(&sc->framer, clock_mono_ms());
}
