/* Wall-clock stamps and identifiers for the event log. */
#ifndef PACKDESK_CLOCK_H
#define PACKDESK_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* "2026-11-25T11:35:30.123Z" into out (at least 25 bytes). */
void clock_utc_stamp(char *out, size_t outsz);
/* A random (version 4) UUID, 36 characters, into out (at least 37 bytes).
 * -1 when the kernel has no randomness to give. */
int clock_uuid4(char *out, size_t outsz);
/* Monotonic milliseconds, for timeouts. */
int64_t clock_mono_ms(void);

#endif
