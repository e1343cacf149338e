#include "command-code.h"

#include <string.h>

const struct command_info command_codes[] = {
	{COMMAND_REPRINT, "REPRINT", "Reprint the last slip"},
	{COMMAND_CANCEL, "CANCEL", "Abandon the order being packed"},
	{COMMAND_SKIP, "SKIP", "Pack without verifying the items"},
	{COMMAND_LOGOUT, "LOGOUT", "Log the operator out"},
};
const size_t command_ncodes = sizeof command_codes / sizeof command_codes[0];

enum command_code command_parse(const char *scan, const char **arg)
{
	size_t i, n = strlen(COMMAND_LOGIN_PREFIX);

	*arg = NULL;
	/* Exact, case-sensitive matches: a product or order that merely
	 * contains the word must never act as a command. */
	for (i = 0; i < command_ncodes; i++)
		if (strcmp(scan, command_codes[i].text) == 0)
			return command_codes[i].code;
	if (strncmp(scan, COMMAND_LOGIN_PREFIX, n) == 0) {
		*arg = scan + n;
		return COMMAND_LOGIN;
	}
	return COMMAND_NONE;
}
