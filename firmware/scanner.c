#include "scanner.h"

#include <stdlib.h>
#include <string.h>

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
	if (ops->open(sc, uri + n, err) != 0) {
		free(sc);
		return ERR_FAIL;
	}
	*out = sc;
	return 0;
}

enum scan_status scanner_read(struct scanner *sc, char *buf, size_t *len,
			      struct err *err)
{
	return sc->ops->read(sc, buf, len, err);
}

void scanner_close(struct scanner *sc)
{
	if (sc == NULL)
		return;
	sc->ops->close(sc);
	free(sc);
}
