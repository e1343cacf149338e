#include "usb-printer-id.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "text.h"

#define USB_CLASS_VENDOR 0xff

static int hex4(const char *s, uint16_t *v)
{
	unsigned x = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			x = x * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			x = x * 16 + (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			x = x * 16 + (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*v = (uint16_t)x;
	return 0;
}

/* Serials go into URIs, config files and shell commands: printable ASCII
 * without spaces, which is also all libusb's ASCII conversion yields. */
static int serial_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= USB_SERIAL_MAX)
		return 0;
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s > '~')
			return 0;
	return 1;
}

int usb_target_parse(struct usb_target *t, const char *target, const char *uri,
		     struct err *err)
{
	memset(t, 0, sizeof *t);
	if (hex4(target, &t->vid) != 0 || target[4] != ':' ||
	    hex4(target + 5, &t->pid) != 0 ||
	    (target[9] != '\0' && target[9] != ':') ||
	    (target[9] == ':' && !serial_ok(target + 10)))
		return err_set(err,
			       "%s: expected usb:VID:PID[:SERIAL], VID and "
			       "PID 4 hex digits each (usb:04b8:0e28 or "
			       "usb:04b8:0e28:SERIAL; `packctl printers` "
			       "lists them)",
			       uri);
	if (target[9] == ':')
		snprintf(t->serial, sizeof t->serial, "%s", target + 10);
	return 0;
}

/* The bulk endpoints of one alternate setting. */
static void alt_endpoints(const struct libusb_interface_descriptor *alt,
			  struct usb_printer_ep *ep)
{
	int i;

	memset(ep, 0, sizeof *ep);
	ep->interface = alt->bInterfaceNumber;
	ep->altsetting = alt->bAlternateSetting;
	ep->protocol = alt->bInterfaceProtocol;
	for (i = 0; i < alt->bNumEndpoints && alt->endpoint != NULL; i++) {
		const struct libusb_endpoint_descriptor *e = &alt->endpoint[i];
		unsigned mps = e->wMaxPacketSize & 0x7ff; /* b11-12: extra
							    transactions */

		if ((e->bmAttributes & 0x03) != LIBUSB_TRANSFER_TYPE_BULK)
			continue;
		if ((e->bEndpointAddress & LIBUSB_ENDPOINT_IN) == 0) {
			if (ep->out == 0)
				ep->out = e->bEndpointAddress;
		} else if (ep->in == 0) {
			ep->in = e->bEndpointAddress;
			ep->in_packet = mps != 0 ? mps : 64;
		}
	}
}

/* Higher is better; -1 when alt cannot print at all. */
static int alt_score(const struct libusb_interface_descriptor *alt,
		     unsigned match, const struct usb_printer_ep *ep)
{
	int printer = alt->bInterfaceClass == LIBUSB_CLASS_PRINTER &&
		      alt->bInterfaceSubClass == 1;
	int vendor = alt->bInterfaceClass == USB_CLASS_VENDOR &&
		     (match & USB_MATCH_VENDOR);

	if ((!printer && !vendor) || ep->out == 0)
		return -1;
	/* Status needs the back channel most; the printer class is what
	 * it claims to be; protocol 2 is plain bidirectional, while 3
	 * (IEEE 1284.4) wraps data in packets we do not speak. */
	return (ep->in != 0) * 8 + printer * 4 + (ep->protocol == 2) * 2 +
	       (ep->protocol != 3);
}

int usb_printer_endpoints(const struct libusb_config_descriptor *cfg,
			  unsigned match, struct usb_printer_ep *ep)
{
	struct usb_printer_ep cand;
	int i, j, score, best = -1;

	if (cfg == NULL || cfg->interface == NULL)
		return -1;
	for (i = 0; i < cfg->bNumInterfaces; i++) {
		const struct libusb_interface *itf = &cfg->interface[i];

		for (j = 0; j < itf->num_altsetting && itf->altsetting != NULL;
		     j++) {
			alt_endpoints(&itf->altsetting[j], &cand);
			score = alt_score(&itf->altsetting[j], match, &cand);
			if (score > best) {
				best = score;
				*ep = cand;
			}
		}
	}
	return best >= 0 ? 0 : -1;
}

/* Which field a 1284 key fills; NULL for keys we do not keep. Keys are
 * matched without case: printers disagree ("Mfg", "MFG"). */
static char *id_field(struct usb_device_id *id, const char *key, size_t *sz)
{
	static const struct {
		const char *key;
		size_t off, sz;
	} keys[] = {
	    {"MFG", offsetof(struct usb_device_id, mfg), sizeof id->mfg},
	    {"MANUFACTURER", offsetof(struct usb_device_id, mfg),
	     sizeof id->mfg},
	    {"MDL", offsetof(struct usb_device_id, mdl), sizeof id->mdl},
	    {"MODEL", offsetof(struct usb_device_id, mdl), sizeof id->mdl},
	    {"CMD", offsetof(struct usb_device_id, cmd), sizeof id->cmd},
	    {"COMMAND SET", offsetof(struct usb_device_id, cmd),
	     sizeof id->cmd},
	    {"SN", offsetof(struct usb_device_id, sn), sizeof id->sn},
	    {"SERN", offsetof(struct usb_device_id, sn), sizeof id->sn},
	    {"SERIALNUMBER", offsetof(struct usb_device_id, sn), sizeof id->sn},
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcasecmp(key, keys[i].key) == 0) {
			*sz = keys[i].sz;
			return (char *)id + keys[i].off;
		}
	return NULL;
}

/* s[0..n) without the blanks around it, as a C string in out. */
static void trimmed(char *out, size_t outsz, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* One "KEY:VALUE" pair (without its ';'); the first of each key wins. */
static void id_pair(struct usb_device_id *id, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	char key[32], value[256];
	char *field;
	size_t sz;

	if (colon == NULL)
		return;
	trimmed(key, sizeof key, s, (size_t)(colon - s));
	field = id_field(id, key, &sz);
	if (field == NULL || field[0] != '\0')
		return;
	trimmed(value, sizeof value, colon + 1, n - (size_t)(colon - s) - 1);
	text_sanitize_into(field, sz, value);
}

/* The data length: the big-endian field when it fits the reply; else the
 * little-endian reading (some printers send it so, as CUPS also allows);
 * else whatever arrived. */
static size_t id_length(const unsigned char *reply, size_t n)
{
	size_t be = (size_t)reply[0] << 8 | reply[1];
	size_t le = (size_t)reply[1] << 8 | reply[0];

	if (be >= 2 && be <= n)
		return be;
	if (le >= 2 && le <= n)
		return le;
	return n;
}

int usb_device_id_parse(struct usb_device_id *id, const unsigned char *reply,
			size_t n)
{
	const unsigned char *nul;
	const char *s, *semi;
	size_t at, len;

	memset(id, 0, sizeof *id);
	if (reply == NULL || n < 2)
		return -1;
	n = id_length(reply, n);
	/* A NUL ends the ID, as it would for the kernel's usblp and CUPS,
	 * which treat it as a C string. */
	nul = memchr(reply + 2, '\0', n - 2);
	if (nul != NULL)
		n = (size_t)(nul - reply);
	s = (const char *)reply;
	for (at = 2; at < n; at += len + 1) {
		semi = memchr(s + at, ';', n - at);
		/* The last pair may lack its ';'. */
		len = semi != NULL ? (size_t)(semi - (s + at)) : n - at;
		id_pair(id, s + at, len);
	}
	return 0;
}

void usb_path_format(char *out, size_t outsz, int bus, const uint8_t *ports,
		     int nports)
{
	size_t len;
	int i;

	if (outsz == 0)
		return;
	snprintf(out, outsz, "%d", bus);
	for (i = 0; i < nports; i++) {
		len = strlen(out);
		snprintf(out + len, outsz - len, "%c%u", i == 0 ? '-' : '.',
			 (unsigned)ports[i]);
	}
}
