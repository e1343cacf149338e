/* The station's command barcodes: the one list that the station acts on
 * and that `packctl command-sheet` prints, so the sheet can never offer a
 * code the station does not know. */
#ifndef PACKDESK_COMMAND_CODE_H
#define PACKDESK_COMMAND_CODE_H

#include <stddef.h>

enum command_code {
	COMMAND_NONE, /* an ordinary scan: an order or an item */
	COMMAND_REPRINT,
	COMMAND_CANCEL,
	COMMAND_SKIP,
	COMMAND_LOGIN, /* LOGIN:<operator> */
	COMMAND_LOGOUT,
};

#define COMMAND_LOGIN_PREFIX "LOGIN:"
#define COMMAND_OPERATOR_MAX 63 /* bytes of an operator name */

struct command_info {
	enum command_code code;
	const char *text;    /* what the barcode holds */
	const char *caption; /* what the sheet says under it */
};

/* Every fixed code (LOGIN is per operator and comes from its prefix). */
extern const struct command_info command_codes[];
extern const size_t command_ncodes;

/* Which command scan is; for LOGIN, *arg points at the operator name in
 * scan (possibly empty: the caller refuses it). */
enum command_code command_parse(const char *scan, const char **arg);

#endif
