/* URLs printed as QR codes: values from orders are percent-encoded so that
 * a postcode like "SW1A 1AA" or an order name "#1001" stays one parameter. */
#ifndef PACKDESK_URL_H
#define PACKDESK_URL_H

#include "strbuf.h"

/* Appends s percent-encoded (RFC 3986 unreserved characters kept). */
int url_add_encoded(struct strbuf *sb, const char *s);

/* Expands a template: each "{name}" is replaced by the encoded value that
 * lookup returns for name (NULL: left empty). "{{" is a literal '{'. */
int url_expand(struct strbuf *sb, const char *tmpl,
	       const char *(*lookup)(const char *name, void *arg), void *arg);

#endif
