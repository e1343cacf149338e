#include "cups-lib.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

/* The process-wide table, like libcups' own global state: filled once,
 * never changed after. */
static struct cups_lib lib;
static int loaded;

static const struct {
	const char *name;
	size_t offset;
} symbols[] = {
#define SYM(n) {#n, offsetof(struct cups_lib, n)}
	SYM(cupsLastErrorString),
	SYM(cupsGetOption),
	SYM(ippFindAttribute),
	SYM(ippDelete),
	SYM(ippPort),
	SYM(ippAddString),
	SYM(httpClose),
	SYM(cupsServer),
	SYM(cupsLastError),
	SYM(ippNewRequest),
	SYM(ippGetString),
	SYM(ippGetInteger),
	SYM(ippAddStrings),
	SYM(httpConnect2),
	SYM(httpAssembleURIf),
	SYM(cupsWriteRequestData),
	SYM(cupsGetDests2),
	SYM(cupsDoRequest),
	SYM(ippGetCount),
	SYM(ippGetBoolean),
	SYM(httpSetTimeout),
	SYM(cupsUser),
	SYM(cupsStartDocument),
	SYM(cupsFreeDests),
	SYM(cupsFinishDocument),
	SYM(cupsEncryption),
	SYM(cupsCreateJob),
	SYM(cupsCancelJob2),
#undef SYM
};

int cups_lib_load(struct err *err)
{
	void *h, *f;
	size_t i;

	if (loaded)
		return 0;
	h = dlopen(CUPS_LIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		return err_set(err, "CUPS is not available (%s): install "
				    "libcups2",
			       dlerror());
	for (i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
		f = dlsym(h, symbols[i].name);
		if (f == NULL) {
			err_set(err, "%s has no %s", CUPS_LIB_SONAME,
				symbols[i].name);
			dlclose(h);
			return ERR_FAIL;
		}
		/* POSIX guarantees a function pointer survives the trip
		 * through void *; C does not, hence the memcpy. */
		memcpy((char *)&lib + symbols[i].offset, &f, sizeof f);
	}
	loaded = 1;
	return 0;
}

const struct cups_lib *cups_lib_get(void)
{
	return &lib;
}
