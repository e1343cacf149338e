#include "printer-fd.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"

int printer_fd_init(struct printer *p, const char *path, int flags,
		    struct err *err)
{
	struct printer_fd *f = calloc(1, sizeof *f);

	if (f == NULL || (f->path = strdup(path)) == NULL) {
		free(f);
		return err_set(err, "out of memory");
	}
	f->flags = flags;
	f->fd = -1;
	p->impl = f;
	return 0;
}

int printer_fd_connect(struct printer *p, int timeout_ms, struct err *err)
{
	struct printer_fd *f = p->impl;

	(void)timeout_ms;
	if (f->fd >= 0)
		return 0;
	f->fd = open(f->path, f->flags | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
		     0644);
	if (f->fd < 0)
		return err_sys(err, "%s", f->path);
	if (f->setup != NULL && f->setup(p, f->fd, err) != 0) {
		close(f->fd);
		f->fd = -1;
		return ERR_FAIL;
	}
	return 0;
}

void printer_fd_disconnect(struct printer *p)
{
	struct printer_fd *f = p->impl;

	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

int printer_fd_write(struct printer *p, const void *buf, size_t len,
		     int timeout_ms, size_t *written, struct err *err)
{
	struct printer_fd *f = p->impl;

	if (f->fd < 0 && printer_fd_connect(p, timeout_ms, err) != 0)
		return ERR_FAIL;
	return io_write_all(f->fd, buf, len, timeout_ms, written, err);
}

int printer_fd_read(struct printer *p, void *buf, size_t len, int timeout_ms,
		    size_t *got, struct err *err)
{
	struct printer_fd *f = p->impl;

	*got = 0;
	if (f->fd < 0 && printer_fd_connect(p, timeout_ms, err) != 0)
		return ERR_FAIL;
	return io_read(f->fd, buf, len, timeout_ms, got, err);
}

void printer_fd_close(struct printer *p)
{
	struct printer_fd *f = p->impl;

	if (f == NULL)
		return;
	printer_fd_disconnect(p);
	free(f->extra);
	free(f->path);
	free(f);
	p->impl = NULL;
}
