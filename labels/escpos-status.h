/* ESC/POS real-time status: DLE EOT n (10 04 n) asks, the printer answers
 * one byte at once, even while offline. */
#ifndef PACKDESK_ESCPOS_STATUS_H
#define PACKDESK_ESCPOS_STATUS_H

#include "printer-state.h"

/* The four requests a full status takes: printer, offline cause, error
 * cause, paper roll (n = 1..4). */
#define ESCPOS_STATUS_REQUESTS 4
/* The 3-byte request for n (1..4). */
const unsigned char *escpos_status_request(int n);
/* A DLE EOT reply has bit 1 and 4 set and bits 0 and 7 clear ("all OK" is
 * 0x12); anything else is ASB or noise in the stream. */
int escpos_status_reply_valid(unsigned char b);
/* The state from the four replies, worst first. */
enum printer_state escpos_status_decode(const unsigned char reply[4]);

#endif
