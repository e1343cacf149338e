/* file:PATH — appends each job's raw bytes to a file, or writes them to a
 * device node such as /dev/usb/lp0 (opened non-blocking so a stalled
 * printer times out instead of hanging the station). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "io.h"
#include "printer.h"

static int file_open(struct printer *p, const char *target, struct err *err)
{
	int fd = open(target,
		      O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC,
		      0644);

	if (fd < 0)
		return err_sys(err, "%s", target);
	p->impl = (void *)(intptr_t)fd;
	snprintf(p->last_output, sizeof p->last_output, "%s", target);
	return 0;
}

static int file_job(struct printer *p, const char *job_name, const void *buf,
		    size_t len, int timeout_ms, struct err *err)
{
	int fd = (int)(intptr_t)p->impl;

	(void)job_name;
	snprintf(p->last_output, sizeof p->last_output, "%s", p->uri + 5);
	return io_write_all(fd, buf, len, timeout_ms, NULL, err);
}

static void file_close(struct printer *p)
{
	close((int)(intptr_t)p->impl);
}

const struct printer_ops printer_file_ops = {
	.scheme = "file:",
	.open = file_open,
	.job = file_job,
	.close = file_close,
};
