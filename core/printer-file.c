/* file:PATH — appends each job's raw bytes to a file (a capture, or a
 * device node written blindly). Opened non-blocking so that a stalled
 * device times out instead of hanging the station. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "printer-fd.h"
#include "printer.h"

static int file_open(struct printer *p, const char *target, struct err *err)
{
	return printer_fd_init(p, target, O_WRONLY | O_APPEND | O_CREAT, err);
}

const struct printer_ops printer_file_ops = {
	.scheme = "file:",
	.flags = 0,
	.open = file_open,
	.connect = printer_fd_connect,
	.disconnect = printer_fd_disconnect,
	.write = printer_fd_write,
	.close = printer_fd_close,
};
