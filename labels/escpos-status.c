#include "escpos-status.h"

const unsigned char *escpos_status_request(int n)
{
	static const unsigned char req[4][3] = {
		{0x10, 0x04, 1}, {0x10, 0x04, 2}, {0x10, 0x04, 3},
		{0x10, 0x04, 4}};

	return req[(n < 1 || n > 4 ? 1 : n) - 1];
}

int escpos_status_reply_valid(unsigned char b)
{
	return (b & 0x93) == 0x12;
}

/* Bits per Epson's DLE EOT table (TM-T20/T88):
 *   n=1 printer:       b3 offline
 *   n=2 offline cause: b2 cover open, b3 feed button, b5 paper end stop,
 *                      b6 error
 *   n=3 error cause:   b2 mechanical, b3 cutter, b5 unrecoverable,
 *                      b6 auto-recoverable (head too hot)
 *   n=4 paper roll:    b2-3 near end, b5-6 paper out */
enum printer_state escpos_status_decode(const unsigned char r[4])
{
	if (r[2] & 0x20)
		return PRINTER_UNRECOVERABLE;
	if (r[2] & 0x08)
		return PRINTER_CUTTER_ERROR;
	if (r[1] & 0x04)
		return PRINTER_COVER_OPEN;
	if ((r[3] & 0x60) || (r[1] & 0x20))
		return PRINTER_PAPER_OUT;
	if ((r[0] & 0x08) || (r[1] & 0x40) || (r[2] & 0x44))
		return PRINTER_OFFLINE;
	if (r[3] & 0x0C)
		return PRINTER_PAPER_NEAR_END;
	return PRINTER_READY;
}
