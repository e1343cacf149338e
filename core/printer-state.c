#include "printer-state.h"

static const struct {
	const char *name;
	const char *advice;
	int ok;
} states[] = {
	[PRINTER_READY] = {"ready", "Printer ready", 1},
	[PRINTER_PAPER_NEAR_END] = {"paper_near_end",
				    "Paper nearly out - have a new roll ready",
				    1},
	[PRINTER_PAPER_OUT] = {"paper_out", "Paper out - load a new roll", 0},
	[PRINTER_COVER_OPEN] = {"cover_open",
				"Printer cover open - close the cover", 0},
	[PRINTER_OFFLINE] = {"offline",
			     "Printer offline - check the printer's light and "
			     "press its feed button",
			     0},
	[PRINTER_CUTTER_ERROR] = {"cutter_error",
				  "Cutter jammed - open the cover, clear the "
				  "paper and close it",
				  0},
	[PRINTER_UNRECOVERABLE] = {"unrecoverable_error",
				   "Printer error - switch the printer off and "
				   "on again",
				   0},
	[PRINTER_NOT_RESPONDING] = {"not_responding",
				    "Printer not responding - check its power "
				    "and cable",
				    0},
	[PRINTER_UNKNOWN] = {"unknown", "Printer state unknown (one-way link)",
			     1},
};

const char *printer_state_name(enum printer_state s)
{
	return (unsigned)s <= PRINTER_UNKNOWN ? states[s].name : "unknown";
}

const char *printer_state_advice(enum printer_state s)
{
	return (unsigned)s <= PRINTER_UNKNOWN ? states[s].advice : "";
}

int printer_state_ok(enum printer_state s)
{
	return (unsigned)s <= PRINTER_UNKNOWN && states[s].ok;
}
