/* What a printer can be, as the packer needs to hear it. */
#ifndef PACKDESK_PRINTER_STATE_H
#define PACKDESK_PRINTER_STATE_H

enum printer_state {
	PRINTER_READY,
	PRINTER_PAPER_NEAR_END, /* still prints; warn */
	PRINTER_PAPER_OUT,
	PRINTER_COVER_OPEN,
	PRINTER_OFFLINE,
	PRINTER_CUTTER_ERROR,
	PRINTER_UNRECOVERABLE,
	PRINTER_NOT_RESPONDING,
	PRINTER_UNKNOWN, /* a one-way link: nothing to ask */
};

/* "paper_out": the name in events and --json output. */
const char *printer_state_name(enum printer_state s);
/* "Paper out - load a new roll": what the packer should do. */
const char *printer_state_advice(enum printer_state s);
/* 1 when a slip can be printed in this state. */
int printer_state_ok(enum printer_state s);

#endif
