/* libcups, loaded on first use. It brings some thirty libraries (TLS,
 * Kerberos, Avahi) that a station printing to USB, serial or a socket never
 * needs; linked in, they tripled the station's start-up time and memory.
 * Each entry has the type of the libcups function of the same name. */
#ifndef PACKDESK_CUPS_LIB_H
#define PACKDESK_CUPS_LIB_H

#include <cups/cups.h>

#include "err.h"

#define CUPS_LIB_SONAME "libcups.so.2"

struct cups_lib {
	__typeof__(&cupsLastErrorString) cupsLastErrorString;
	__typeof__(&cupsGetOption) cupsGetOption;
	__typeof__(&ippFindAttribute) ippFindAttribute;
	__typeof__(&ippDelete) ippDelete;
	__typeof__(&ippPort) ippPort;
	__typeof__(&ippAddString) ippAddString;
	__typeof__(&httpClose) httpClose;
	__typeof__(&cupsServer) cupsServer;
	__typeof__(&cupsLastError) cupsLastError;
	__typeof__(&ippNewRequest) ippNewRequest;
	__typeof__(&ippGetString) ippGetString;
	__typeof__(&ippGetInteger) ippGetInteger;
	__typeof__(&ippAddStrings) ippAddStrings;
	__typeof__(&httpConnect2) httpConnect2;
	__typeof__(&httpAssembleURIf) httpAssembleURIf;
	__typeof__(&cupsWriteRequestData) cupsWriteRequestData;
	__typeof__(&cupsGetDests2) cupsGetDests2;
	__typeof__(&cupsDoRequest) cupsDoRequest;
	__typeof__(&ippGetCount) ippGetCount;
	__typeof__(&ippGetBoolean) ippGetBoolean;
	__typeof__(&httpSetTimeout) httpSetTimeout;
	__typeof__(&cupsUser) cupsUser;
	__typeof__(&cupsStartDocument) cupsStartDocument;
	__typeof__(&cupsFreeDests) cupsFreeDests;
	__typeof__(&cupsFinishDocument) cupsFinishDocument;
	__typeof__(&cupsEncryption) cupsEncryption;
	__typeof__(&cupsCreateJob) cupsCreateJob;
	__typeof__(&cupsCancelJob2) cupsCancelJob2;
};

/* Loads libcups once per process; later calls return at once. ERR_FAIL
 * with the reason when the library is not installed. */
int cups_lib_load(struct err *err);
/* The loaded table; only valid after cups_lib_load() succeeded. */
const struct cups_lib *cups_lib_get(void);

#endif
