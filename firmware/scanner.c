/* The mechanism every scanner source shares: URI dispatch, framing, and
 * reopening a scanner that was unplugged. */
#include "scanner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

static const struct scanner_ops *const sources[] = {
	&scanner_stdin_ops,
	&scanner_evdev_ops,
	&scanner_hid_ops,
	&scanner_serial_ops,
};

int scanner_open(struct scanner **out, const char *uri,
		 const struct scan_framer_config *framing, struct err *err)
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
		return err_set(err,
			       "%s: unknown scanner URI (use stdin, "
			       "evdev:/dev/input/..., hid:VID:PID or "
			       "serial:/dev/ttyACM0)",
			       uri);
	sc = calloc(1, sizeof *sc);
	if (sc == NULL || (sc->uri = strdup(uri)) == NULL) {
		free(sc);
		return err_set(err, "out of memory");
	}
	sc->ops = ops;
	scan_framer_init(&sc->framer, framing);
	if (ops->open(sc, uri + n, err) != 0) {
		free(sc->uri);
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
	if (sc->connected)
		sc->ops->disconnect(sc);
	sc->ops->close(sc);
	free(sc->uri);
	free(sc);
}

static void lost(struct scanner *sc, const char *why)
{
	snprintf(sc->why, sizeof sc->why, "%s", why);
	if (sc->connected)
		sc->ops->disconnect(sc);
	sc->connected = 0;
	/* Half a scan from before the unplug is not a scan. */
	scan_framer_discard(&sc->framer);
	sc->raw_pos = sc->raw_len = 0;
	sc->next_retry_ms = clock_mono_ms() + SCANNER_RETRY_MS;
}

int scanner_poll_fd(struct scanner *sc, int *changed)
{
	struct err err;

	*changed = 0;
	if (sc->eof || sc->raw_pos < sc->raw_len)
		return -1;
	if (!sc->connected) {
		if (clock_mono_ms() < sc->next_retry_ms)
			return -1;
		err_clear(&err);
		if (sc->ops->connect(sc, &err) != 0) {
			snprintf(sc->why, sizeof sc->why, "%s", err.msg);
			sc->next_retry_ms = clock_mono_ms() + SCANNER_RETRY_MS;
			return -1;
		}
		sc->connected = 1;
		sc->why[0] = '\0';
		*changed = 1;
	}
	return sc->ops->fd(sc);
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
	struct err e;
	size_t got = 0;
	int rc;

	if (sc->raw_pos < sc->raw_len) {
		frame(sc);
		return SCAN_MORE;
	}
	if (sc->eof)
		return SCAN_EOF;
	if (!sc->connected)
		return SCAN_MORE;
	err_clear(&e);
	rc = sc->ops->read(sc, sc->raw, sizeof sc->raw, &got, &e);
	if (rc == SCANNER_READ_OK) {
		sc->raw_pos = 0;
		sc->raw_len = got;
		frame(sc);
		return SCAN_MORE;
	}
	if (sc->ops->flags & SCANNER_EOF_ENDS) {
		if (rc != SCANNER_READ_GONE) {
			err_set(err, "%s: %s", sc->uri, e.msg);
			return SCAN_ERROR;
		}
		sc->eof = 1;
		frame(sc);
		return SCAN_EOF;
	}
	lost(sc, err_isset(&e) ? e.msg : "the scanner was disconnected");
	return SCAN_LOST;
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
	int64_t now = clock_mono_ms();
	int t = scan_framer_timeout(&sc->framer, now);
	int64_t retry;

	if (sc->raw_pos < sc->raw_len)
		return 0; /* framed bytes are waiting for room */
	if (sc->connected || sc->eof)
		return t;
	retry = sc->next_retry_ms - now;
	if (retry < 0)
		retry = 0;
	return t < 0 || retry < t ? (int)retry : t;
}
