/* packctl batch: the pure parts (progress line, rate, ETA), kept apart from
 * the command so that unit tests can check them without a printer. */
#ifndef PACKDESK_BATCH_H
#define PACKDESK_BATCH_H

#include <stddef.h>
#include <stdint.h>

struct batch_progress {
	int64_t done;	     /* items finished, this run and earlier ones */
	int64_t total;	     /* items in the batch */
	int64_t done_run;    /* items finished by this run */
	double elapsed_s;    /* since this run started */
	const char *current; /* the order being printed, or NULL */
	const char *state;   /* printer state, or "paused: ..." */
};

/* Items per second over this run; 0 before the first item. */
double batch_rate(int64_t done_run, double elapsed_s);
/* "0:42", "12:05", "1:02:03"; "--:--" when unknown (no rate yet) or over
 * 99 hours. Returns out. */
char *batch_eta_format(char *out, size_t outsz, double seconds);
/* Seconds left at the current rate; negative when unknown. */
double batch_eta(const struct batch_progress *p);
/* The terminal line: a bar of bar_width cells, then done/total, rate,
 * ETA, the current order and the printer state. bar_width 0 gives the
 * plain line for logs and pipes. Always NUL-terminates out. */
void batch_progress_format(char *out, size_t outsz,
			   const struct batch_progress *p, int bar_width);

#endif
