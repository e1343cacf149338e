/* usb:VID:PID[:SERIAL] - a USB printer-class device (or a vendor-class
 * clone with the same endpoints) driven directly through libusb: the job
 * goes to bulk OUT, DLE EOT replies come back on bulk IN, and the class
 * request GET_DEVICE_ID says what the printer is. The kernel's usblp
 * driver is detached while we hold the interface.
 *
 * Each printer has its own libusb context, made by the first connect()
 * and ended by close(); connect() looks the device up again each time,
 * so a printer that was unplugged is found when it returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libusb.h>

#include "clock.h"
#include "printer.h"
#include "usb-device.h"
#include "usb-printer-id.h"

#define USB_CHUNK 4096		    /* bytes per bulk OUT transfer */
#define USB_CONTROL_TIMEOUT_MS 1000 /* GET_DEVICE_ID, string descriptors */
#define USB_ID_MAX 1024		    /* usblp's device-ID buffer size too */
/* Printer class request GET_DEVICE_ID: bmRequestType A1 (device to host,
 * class, interface), bRequest 0. */
#define USB_REQ_GET_DEVICE_ID 0

struct usb_printer {
	struct usb_target target;
	libusb_context *ctx;	 /* NULL until the first connect() */
	libusb_device_handle *h; /* NULL while disconnected */
	int claimed;
	int seen; /* connected once: ep, id and path are known */
	struct usb_printer_ep ep;
	struct usb_device_id id;
	const char *id_error; /* why there is no 1284 ID, or NULL */
	int find_timeout;     /* connect()'s budget, for usb_take() */
	char path[32];	      /* "1-1.2" */
	/* Bulk IN reads whole packets; what the caller did not take yet
	 * waits here for the next read(). */
	unsigned char rx[1024];
	size_t rx_off, rx_len;
};

/* What the packer or installer should do about a libusb error, as
 * " (advice)" or "". vid/pid name the device in a udev rule when known. */
static void usb_advice(char *out, size_t outsz, int rc, unsigned vid,
		       unsigned pid)
{
	const char *a = "";

	switch (rc) {
	case LIBUSB_ERROR_ACCESS:
		if (vid != 0) {
			snprintf(
			    out, outsz,
			    " (permission denied: add a udev rule "
			    "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"%04x\", "
			    "ATTR{idProduct}==\"%04x\", MODE=\"0660\", "
			    "GROUP=\"lp\" and put this user in group lp)",
			    vid, pid);
			return;
		}
		a = " (permission denied on /dev/bus/usb: see the udev rule "
		    "in the install notes)";
		break;
	case LIBUSB_ERROR_BUSY:
		a = " (another program holds the printer: a CUPS queue or "
		    "another packdesk)";
		break;
	case LIBUSB_ERROR_NO_DEVICE:
		a = " (the printer was unplugged or switched off)";
		break;
	case LIBUSB_ERROR_TIMEOUT:
		a = " (the printer did not answer)";
		break;
	case LIBUSB_ERROR_PIPE:
		a = " (the printer refused the request)";
		break;
	}
	snprintf(out, outsz, "%s", a);
}

static int usb_fail(struct printer *p, const char *what, int rc,
		    struct err *err)
{
	struct usb_printer *u = p->impl;
	char advice[256];

	usb_advice(advice, sizeof advice, rc, u->target.vid, u->target.pid);
	return err_set(err, "%s: %s: %s%s", p->uri, what, libusb_error_name(rc),
		       advice);
}

/* Closes the handle, giving the interface back (auto-detach then returns
 * it to usblp). Results are not checked: the device may be gone already,
 * and there is nothing left to do about a failure here. */
static void usb_disconnect(struct printer *p)
{
	struct usb_printer *u = p->impl;

	if (u == NULL || u->h == NULL)
		return;
	if (u->claimed)
		(void)libusb_release_interface(u->h, u->ep.interface);
	libusb_close(u->h);
	u->h = NULL;
	u->claimed = 0;
	u->rx_off = u->rx_len = 0;
}

/* An I/O error: the link is dropped so that the next connect() starts
 * afresh (after LIBUSB_ERROR_NO_DEVICE the handle is useless anyway). */
static int usb_io_fail(struct printer *p, const char *what, int rc,
		       struct err *err)
{
	if (rc == LIBUSB_ERROR_NO_DEVICE)
		err_set(err, "%s: the USB printer vanished while %s (%s)",
			p->uri, what, libusb_error_name(rc));
	else
		usb_fail(p, what, rc, err);
	usb_disconnect(p);
	return ERR_FAIL;
}

/* GET_DEVICE_ID takes the configuration's index, which is not always its
 * bConfigurationValue - 1. */
static int usb_config_index(libusb_device *dev, int value)
{
	struct libusb_device_descriptor d;
	struct libusb_config_descriptor *c;
	int i, found = 0;

	if (libusb_get_device_descriptor(dev, &d) != 0)
		return 0;
	for (i = 0; i < d.bNumConfigurations; i++) {
		if (libusb_get_config_descriptor(dev, (uint8_t)i, &c) != 0)
			continue;
		if (c->bConfigurationValue == value)
			found = i;
		libusb_free_config_descriptor(c);
	}
	return found;
}

/* Reads the IEEE 1284 device ID. The kernel lets this class request
 * through even while usblp owns the interface. Returns the libusb error
 * (0 when the ID was read). */
static int usb_read_id(libusb_device_handle *h, libusb_device *dev,
		       const struct usb_printer_ep *ep, int timeout_ms,
		       struct usb_device_id *id)
{
	struct libusb_config_descriptor *cfg;
	unsigned char buf[USB_ID_MAX];
	int rc, index = 0;

	memset(id, 0, sizeof *id);
	if (libusb_get_active_config_descriptor(dev, &cfg) == 0) {
		index = usb_config_index(dev, cfg->bConfigurationValue);
		libusb_free_config_descriptor(cfg);
	}
	rc = libusb_control_transfer(
	    h,
	    LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS |
		LIBUSB_RECIPIENT_INTERFACE,
	    USB_REQ_GET_DEVICE_ID, (uint16_t)index,
	    (uint16_t)(ep->interface << 8 | ep->altsetting), buf, sizeof buf,
	    usb_dev_timeout(timeout_ms));
	if (rc < 0)
		return rc;
	if (usb_device_id_parse(id, buf, (size_t)rc) != 0)
		return LIBUSB_ERROR_IO; /* shorter than its length field */
	return 0;
}

/* Claims the printer interface of the open device and learns what it
 * is. */
static int usb_setup(struct printer *p, libusb_device *dev, int timeout_ms,
		     struct err *err)
{
	struct usb_printer *u = p->impl;
	struct libusb_config_descriptor *cfg;
	const char *step;
	int rc;

	rc = libusb_get_active_config_descriptor(dev, &cfg);
	if (rc != 0)
		return usb_fail(p, "reading the configuration", rc, err);
	rc = usb_printer_endpoints(cfg, USB_MATCH_PRINTER | USB_MATCH_VENDOR,
				   &u->ep);
	libusb_free_config_descriptor(cfg);
	if (rc != 0)
		return err_set(err,
			       "%s: the device has no printer interface "
			       "(class 7/1 or vendor class 0xff with a bulk "
			       "OUT endpoint)",
			       p->uri);
	/* usblp owns printer-class interfaces: take it away while we hold
	 * the interface. */
	rc = usb_dev_claim(u->h, u->ep.interface, u->ep.altsetting, &step);
	if (rc != 0)
		return usb_fail(p, step, rc, err);
	u->claimed = 1;
	/* Many clones stall GET_DEVICE_ID: describe() says so, but the
	 * printer still prints. A vanished device is another matter. */
	rc = usb_read_id(u->h, dev, &u->ep,
			 timeout_ms < USB_CONTROL_TIMEOUT_MS
			     ? timeout_ms
			     : USB_CONTROL_TIMEOUT_MS,
			 &u->id);
	if (rc == LIBUSB_ERROR_NO_DEVICE)
		return usb_fail(p, "reading the IEEE 1284 device ID", rc, err);
	u->id_error = rc != 0 ? libusb_error_name(rc) : NULL;
	usb_dev_path(dev, u->path, sizeof u->path);
	u->seen = 1;
	return 0;
}

static int usb_fail_obj(void *p, const char *what, int rc, struct err *err)
{
	return usb_fail(p, what, rc, err);
}

/* The matching device opened in u->h: set it up, or let it go. */
static int usb_take(void *obj, libusb_device *dev, struct err *err)
{
	struct printer *p = obj;

	if (usb_setup(p, dev, ((struct usb_printer *)p->impl)->find_timeout,
		      err) != 0) {
		usb_disconnect(p);
		return ERR_FAIL;
	}
	return 0;
}

static int usb_find(struct printer *p, int timeout_ms, struct err *err)
{
	struct usb_printer *u = p->impl;
	int rc;

	u->find_timeout = timeout_ms;
	rc = usb_dev_find(u->ctx, &u->target, &u->h, usb_take, usb_fail_obj,
			  p, err);
	if (rc != 0)
		return rc > 0 ? 0 : ERR_FAIL;
	return err_set(err,
		       "%s: no USB device %04x:%04x%s%s is connected "
		       "(`packctl printers` lists those that are)",
		       p->uri, u->target.vid, u->target.pid,
		       u->target.serial[0] != '\0' ? " with serial " : "",
		       u->target.serial);
}

static int usb_connect(struct printer *p, int timeout_ms, struct err *err)
{
	struct usb_printer *u = p->impl;
	int rc;

	if (u->h != NULL)
		return 0;
	if (u->ctx == NULL) {
		rc = libusb_init(&u->ctx);
		if (rc != 0) {
			u->ctx = NULL;
			return usb_fail(p, "cannot use USB", rc, err);
		}
	}
	u->rx_off = u->rx_len = 0;
	return usb_find(p, timeout_ms, err);
}

static int usb_open(struct printer *p, const char *target, struct err *err)
{
	struct usb_printer *u = calloc(1, sizeof *u);

	if (u == NULL)
		return err_set(err, "out of memory");
	if (usb_target_parse(&u->target, target, p->uri, err) != 0) {
		free(u);
		return ERR_FAIL;
	}
	p->impl = u;
	return 0;
}

/* Writes in chunks of USB_CHUNK, each with what is left of timeout_ms. */
static int usb_write(struct printer *p, const void *buf, size_t len,
		     int timeout_ms, size_t *written, struct err *err)
{
	struct usb_printer *u = p->impl;
	/* libusb's API is not const, but it only reads an OUT buffer. */
	unsigned char *b = (unsigned char *)buf;
	int64_t deadline = clock_mono_ms() + timeout_ms;
	int rc, n, xfer;

	*written = 0;
	if (usb_connect(p, timeout_ms, err) != 0)
		return ERR_FAIL;
	while (*written < len) {
		n = len - *written > USB_CHUNK ? USB_CHUNK
					       : (int)(len - *written);
		xfer = 0;
		rc = libusb_bulk_transfer(
		    u->h, u->ep.out, b + *written, n, &xfer,
		    usb_dev_timeout(deadline - clock_mono_ms()));
		*written += xfer > 0 ? (size_t)xfer : 0;
		if (rc == LIBUSB_ERROR_TIMEOUT ||
		    (rc == 0 && *written < len &&
		     clock_mono_ms() >= deadline)) {
			err_set(err,
				"%s: USB write timed out after %zu of %zu "
				"bytes: the printer may be offline or out "
				"of paper",
				p->uri, *written, len);
			return ERR_TIMEOUT;
		}
		if (rc != 0)
			return usb_io_fail(p, "writing", rc, err);
	}
	return 0;
}

/* Fills u->rx from bulk IN, waiting up to timeout_ms. The buffer is a
 * whole number of packets: a device may always send a full packet, and a
 * shorter buffer makes the kernel report LIBUSB_ERROR_OVERFLOW. */
static int usb_fill(struct printer *p, int timeout_ms, struct err *err)
{
	struct usb_printer *u = p->impl;
	size_t size;
	int rc, xfer = 0;

	if (u->ep.in == 0)
		return err_set(err,
			       "%s: a one-way USB printer (no bulk IN "
			       "endpoint): its status cannot be read",
			       p->uri);
	size = sizeof u->rx - sizeof u->rx % u->ep.in_packet;
	if (size == 0)
		return err_set(err,
			       "%s: bulk IN packets of %u bytes are "
			       "too large",
			       p->uri, u->ep.in_packet);
	rc = libusb_bulk_transfer(u->h, u->ep.in, u->rx, (int)size, &xfer,
				  usb_dev_timeout(timeout_ms));
	/* A timeout may still have brought bytes. */
	if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT)
		return usb_io_fail(p, "reading status", rc, err);
	u->rx_off = 0;
	u->rx_len = xfer > 0 ? (size_t)xfer : 0;
	return 0;
}

static int usb_read(struct printer *p, void *buf, size_t len, int timeout_ms,
		    size_t *got, struct err *err)
{
	struct usb_printer *u = p->impl;
	size_t n;

	*got = 0;
	if (len == 0)
		return 0;
	if (u->rx_len == 0) {
		if (usb_connect(p, timeout_ms, err) != 0 ||
		    usb_fill(p, timeout_ms, err) != 0)
			return ERR_FAIL;
	}
	n = len < u->rx_len ? len : u->rx_len;
	memcpy(buf, u->rx + u->rx_off, n);
	u->rx_off += n;
	u->rx_len -= n;
	*got = n;
	return 0;
}

/* "USB 04b8:0e28 1-1.2, EPSON TM-T20III" */
static void usb_describe(struct printer *p, struct strbuf *out)
{
	struct usb_printer *u = p->impl;

	strbuf_addf(out, "USB %04x:%04x", u->target.vid, u->target.pid);
	if (!u->seen) {
		strbuf_adds(out, " (not connected yet)");
		return;
	}
	strbuf_addf(out, " %s", u->path);
	if (u->id_error != NULL)
		strbuf_addf(out, ", no IEEE 1284 ID (%s)", u->id_error);
	else if (u->id.mfg[0] == '\0' && u->id.mdl[0] == '\0')
		strbuf_adds(out, ", no MFG or MDL in its IEEE 1284 ID");
	else
		strbuf_addf(out, ", %s%s%s", u->id.mfg,
			    u->id.mfg[0] != '\0' && u->id.mdl[0] != '\0' ? " "
									 : "",
			    u->id.mdl);
	if (u->ep.in == 0)
		strbuf_adds(out, ", one-way (no status)");
}

static void usb_close(struct printer *p)
{
	struct usb_printer *u = p->impl;

	if (u == NULL)
		return;
	usb_disconnect(p);
	if (u->ctx != NULL)
		libusb_exit(u->ctx);
	free(u);
	p->impl = NULL;
}

const struct printer_ops printer_usb_ops = {
    .scheme = "usb:",
    .flags = PRINTER_TWO_WAY,
    .open = usb_open,
    .connect = usb_connect,
    .disconnect = usb_disconnect,
    .write = usb_write,
    .read = usb_read,
    .describe = usb_describe,
    .close = usb_close,
};

/* Fills what an open device tells: serial (for the URI) and 1284 ID. */
static void found_details(struct printer_found *f, libusb_device *dev,
			  const struct libusb_device_descriptor *d,
			  const struct usb_printer_ep *ep)
{
	libusb_device_handle *h;
	struct usb_device_id id;
	struct usb_target t;
	char serial[USB_SERIAL_MAX];
	int rc;

	rc = libusb_open(dev, &h);
	if (rc != 0) {
		char advice[200];

		usb_advice(advice, sizeof advice, rc, d->idVendor,
			   d->idProduct);
		snprintf(f->detail, sizeof f->detail, "cannot open: %s%s",
			 libusb_error_name(rc), advice);
		return;
	}
	/* Only a serial that parses back goes into the URI. */
	if (usb_dev_serial(h, dev, serial, sizeof serial) == 0 &&
	    serial[0] != '\0') {
		char target[16 + USB_SERIAL_MAX];

		snprintf(target, sizeof target, "%04x:%04x:%s", d->idVendor,
			 d->idProduct, serial);
		if (usb_target_parse(&t, target, target, NULL) == 0)
			snprintf(f->uri, sizeof f->uri, "usb:%s", target);
	}
	rc = usb_read_id(h, dev, ep, USB_CONTROL_TIMEOUT_MS, &id);
	if (rc == 0 && (id.mfg[0] != '\0' || id.mdl[0] != '\0'))
		snprintf(
		    f->description, sizeof f->description, "%s%s%s", id.mfg,
		    id.mfg[0] != '\0' && id.mdl[0] != '\0' ? " " : "", id.mdl);
	else if (rc != 0)
		snprintf(f->detail, sizeof f->detail, "no IEEE 1284 ID: %s",
			 libusb_error_name(rc));
	libusb_close(h);
}

/* Reports dev when it has a printer-class interface; fn's return. */
static int discover_one(libusb_device *dev, printer_found_fn fn, void *arg)
{
	struct libusb_device_descriptor d;
	struct libusb_config_descriptor *cfg;
	struct usb_printer_ep ep;
	struct printer_found f;
	int rc;

	if (libusb_get_device_descriptor(dev, &d) != 0 ||
	    libusb_get_active_config_descriptor(dev, &cfg) != 0)
		return 0; /* unconfigured: nothing to print with */
	rc = usb_printer_endpoints(cfg, USB_MATCH_PRINTER, &ep);
	libusb_free_config_descriptor(cfg);
	if (rc != 0)
		return 0;
	memset(&f, 0, sizeof f);
	snprintf(f.uri, sizeof f.uri, "usb:%04x:%04x", d.idVendor, d.idProduct);
	snprintf(f.description, sizeof f.description, "USB printer %04x:%04x",
		 d.idVendor, d.idProduct);
	usb_dev_path(dev, f.location, sizeof f.location);
	/* Asking DLE EOT would take the interface from usblp or CUPS. */
	f.state = PRINTER_UNKNOWN;
	found_details(&f, dev, &d, &ep);
	return fn(&f, arg);
}

int printer_usb_discover(printer_found_fn fn, void *arg, struct err *err)
{
	libusb_context *ctx;
	libusb_device **list;
	char advice[256];
	ssize_t n, i;
	int rc, stop = 0;

	rc = libusb_init(&ctx);
	if (rc != 0) {
		usb_advice(advice, sizeof advice, rc, 0, 0);
		return err_set(err, "cannot use USB: %s%s",
			       libusb_error_name(rc), advice);
	}
	n = libusb_get_device_list(ctx, &list);
	if (n < 0) {
		usb_advice(advice, sizeof advice, (int)n, 0, 0);
		libusb_exit(ctx);
		return err_set(err, "cannot list USB devices: %s%s",
			       libusb_error_name((int)n), advice);
	}
	for (i = 0; i < n && stop == 0; i++)
		stop = discover_one(list[i], fn, arg);
	libusb_free_device_list(list, 1);
	libusb_exit(ctx);
	return 0;
}
