/* Telling which USB device is our printer, and how to talk to it: the
 * usb:VID:PID[:SERIAL] target, the interface and bulk endpoints in a
 * configuration descriptor, the IEEE 1284 device ID and the bus-port path.
 * Pure functions over bytes and descriptors (no I/O), so that hostile
 * descriptors and replies are tested without a device. */
#ifndef PACKDESK_USB_PRINTER_ID_H
#define PACKDESK_USB_PRINTER_ID_H

#include <stddef.h>
#include <stdint.h>

#include <libusb.h>

#include "err.h"

/* A USB string descriptor holds at most 126 UTF-16 units. */
#define USB_SERIAL_MAX 127

/* usb:VID:PID[:SERIAL] without the "usb:". */
struct usb_target {
	uint16_t vid, pid;
	char serial[USB_SERIAL_MAX]; /* "" when any serial will do */
};

/* Parses "04b8:0e28" or "04b8:0e28:SN123": VID and PID exactly 4 hex
 * digits, a serial of 1..126 printable ASCII characters without spaces.
 * -1 with err (naming uri and the expected form) when malformed. */
int usb_target_parse(struct usb_target *t, const char *target, const char *uri,
		     struct err *err);

/* The interface a printer is driven through. */
struct usb_printer_ep {
	int interface;	    /* bInterfaceNumber */
	int altsetting;	    /* bAlternateSetting */
	int protocol;	    /* 1 one-way, 2 bidirectional, 3 IEEE 1284.4 */
	unsigned char out;  /* bulk OUT endpoint address */
	unsigned char in;   /* bulk IN endpoint address; 0 when one-way */
	unsigned in_packet; /* bulk IN wMaxPacketSize, never 0 */
};

enum usb_match {
	USB_MATCH_PRINTER = 0, /* class 7 subclass 1 only (discovery) */
	USB_MATCH_VENDOR = 1
			   << 0, /* also vendor class 0xFF (a named VID:PID) */
};

/* Picks the best printer interface of cfg: one with a bulk OUT endpoint,
 * preferring a bulk IN endpoint too, then the printer class over vendor
 * class, then protocol 2. 0 and *ep filled, or -1 when there is none. */
int usb_printer_endpoints(const struct libusb_config_descriptor *cfg,
			  unsigned match, struct usb_printer_ep *ep);

/* The keys Packdesk uses from an IEEE 1284 device ID, sanitised (no
 * control bytes) and truncated; "" when absent. */
struct usb_device_id {
	char mfg[64];  /* MFG: or MANUFACTURER: */
	char mdl[64];  /* MDL: or MODEL: */
	char cmd[128]; /* CMD: or COMMAND SET: - "ESC/POS" */
	char sn[64];   /* SN: or SERN: or SERIALNUMBER: */
};

/* Parses a GET_DEVICE_ID reply of n bytes: a 2-byte big-endian length
 * that counts itself, then "KEY:VALUE;" pairs. A length beyond the data
 * is cut to the data; parsing stops at a NUL byte. -1 (id all "") when
 * the reply cannot even hold its length field. */
int usb_device_id_parse(struct usb_device_id *id, const unsigned char *reply,
			size_t n);

/* Formats a bus and port chain as Linux names it in sysfs: "1-1.2". */
void usb_path_format(char *out, size_t outsz, int bus, const uint8_t *ports,
		     int nports);

#endif
