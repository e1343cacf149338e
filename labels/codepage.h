/* Printer code pages: which byte a printer needs for a Unicode character. */
#ifndef PACKDESK_CODEPAGE_H
#define PACKDESK_CODEPAGE_H

#include <stddef.h>

#include "strbuf.h"

/* The byte for code point cp in PC437 (ESC t 0, every ESC/POS printer's
 * power-on code page), or 0 when PC437 has no such character. */
unsigned char codepage_cp437(unsigned cp);
/* The Unicode code point PC437 byte b prints as. */
unsigned codepage_cp437_unicode(unsigned char b);

/* Appends UTF-8 text as PC437 bytes; characters PC437 lacks become '?'.
 * Control characters never pass: they are dropped. */
int codepage_to_cp437(struct strbuf *out, const char *utf8);

#endif
