/* A first-wins error message, filled where a failure is detected and shown
 * only by main(): the root cause survives the trip up the stack. */
#ifndef PACKDESK_ERR_H
#define PACKDESK_ERR_H

#include <stddef.h>

#define ERR_MAX 512

struct err {
	char msg[ERR_MAX];
};

/* Status codes shared by every module: 0 is success. */
enum {
	ERR_OK = 0,
	ERR_FAIL = -1,
	ERR_TIMEOUT = -2, /* a blocking call ran out of time */
};

void err_clear(struct err *e);
/* Records a message unless one is already set; always returns ERR_FAIL so a
 * caller can write `return err_set(e, ...)`. e may be NULL. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like err_set, but appends ": strerror(errno)". */
int err_sys(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int err_isset(const struct err *e);

#endif
