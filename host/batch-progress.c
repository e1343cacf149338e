/* The batch's progress line: pure formatting, no I/O. */
#include "batch.h"

#include <stdio.h>
#include <string.h>

double batch_rate(int64_t done_run, double elapsed_s)
{
	if (done_run <= 0 || elapsed_s <= 0.0)
		return 0.0;
	return (double)done_run / elapsed_s;
}

double batch_eta(const struct batch_progress *p)
{
	double rate = batch_rate(p->done_run, p->elapsed_s);

	if (p->done >= p->total)
		return 0.0;
	if (rate <= 0.0)
		return -1.0;
	return (double)(p->total - p->done) / rate;
}

char *batch_eta_format(char *out, size_t outsz, double seconds)
{
	long s;

	/* 99 hours: beyond that the number means nothing to anyone. */
	if (!(seconds >= 0.0) || seconds > 99.0 * 3600.0) {
		snprintf(out, outsz, "--:--");
		return out;
	}
	s = (long)(seconds + 0.5);
	if (s >= 3600)
		snprintf(out, outsz, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(out, outsz, "%ld:%02ld", s / 60, s % 60);
	return out;
}

void batch_progress_format(char *out, size_t outsz,
			   const struct batch_progress *p, int bar_width)
{
	char bar[128], eta[16];
	int64_t done = p->done < 0 ? 0 : p->done;
	int fill = 0, i;
	size_t pos = 0;

	if (outsz == 0)
		return;
	if (bar_width > (int)sizeof bar - 4)
		bar_width = (int)sizeof bar - 4;
	if (bar_width > 0) {
		if (p->total > 0)
			fill = (int)((done > p->total ? p->total : done) *
				     bar_width / p->total);
		bar[pos++] = '[';
		for (i = 0; i < bar_width; i++)
			bar[pos++] = i < fill ? '#' : '.';
		bar[pos++] = ']';
		bar[pos++] = ' ';
	}
	bar[pos] = '\0';
	batch_eta_format(eta, sizeof eta, batch_eta(p));
	snprintf(out, outsz, "%s%lld/%lld %.1f/s ETA %s %s %s", bar,
		 (long long)done, (long long)p->total,
		 batch_rate(p->done_run, p->elapsed_s), eta,
		 p->current != NULL && p->current[0] != '\0' ? p->current : "-",
		 p->state != NULL ? p->state : "");
}
