/* An emulated USB device for the end-to-end tests - a receipt printer or
 * a HID barcode scanner: a umockdev testbed whose usbfs node is answered
 * by the ioctl handler below, and the program under test run as a child
 * with libumockdev-preload, so that its unmodified libusb finds the
 * device. SIGTERM or SIGINT to the emulator is passed on to the program.
 *
 * --device printer (the default): an Epson TM-T20III, 04b8:0e28, as the
 * real printer and Linux behave:
 *   - class 7/1/2 interface 0, bulk OUT 0x01 and bulk IN 0x82 (64-byte
 *     packets, full speed), bound to usblp until a program detaches it;
 *   - GET_DEVICE_ID (A1/0) with "MFG:EPSON;MDL:TM-T20III;CMD:ESC/POS;";
 *   - DLE EOT n (10 04 n) anywhere in the bulk OUT stream answered with
 *     one byte on bulk IN; every other byte is "printed" (--paper file);
 *   - modes: ok; paper-out (n=1 0x1A offline, n=2 0x32 stopped at paper
 *     end, n=4 0x72 paper out); vanish (unplugged once 4096 bytes were
 *     printed: every ioctl then fails with ENODEV, as usbfs does after a
 *     disconnect); vanish-return (the same, plugged back 300 ms later).
 *
 * --device scanner: a HID scanner, 1209:0001 (the pid.codes test ID),
 * bound to usbhid until a program detaches it, with interrupt IN 0x81
 * (10 ms interval) and one of two faces (-k):
 *   - kbd: a keyboard wedge, boot keyboard 3/1/1 with the boot keyboard
 *     report descriptor of HID 1.11 B.1, 8-byte packets; it answers
 *     SET_PROTOCOL (21 0B) and SET_IDLE (21 0A);
 *   - pos: HID POS, interface 3/0/0 whose report descriptor is on usage
 *     page 0x8C, 64-byte reports (ID 02, count, AIM ID, data, flags).
 * Its input comes from the feed file (-f), followed as it grows, one
 * command a line: hex bytes (spaces allowed) queue one report, and each
 * queued report completes one pending interrupt IN URB; "pos AIM DATA"
 * queues a 64-byte HID POS report ("pos+" with the more-follow flag);
 * "vanish" unplugs the device (every ioctl fails with ENODEV, reports
 * and URBs in flight are lost); "return" plugs it back in, in its
 * power-on state; "# ..." and blank lines are skipped.
 *
 * Usage: usb-emu [--device printer|scanner] [-m MODE] [-s SERIAL] [-V]
 *                [-p PAPER] [-k kbd|pos] [-f FEED] [-l LOG]
 *                -- PROGRAM [ARG...]
 * Exits with the program's status (128 + N when signal N ended it); 124
 * when it ran over 30 s, 125 when the emulator itself failed. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sys/ioctl.h> /* before linux/usbdevice_fs.h */
#include <linux/usbdevice_fs.h>

#include <umockdev.h>

extern char **environ;

#define EMU_DEVNODE "/dev/bus/usb/001/002"
#define EMU_VANISH_AFTER 4096 /* printed bytes before the cable "goes" */
#define EMU_RETURN_MS 300
#define EMU_CHILD_LIMIT_MS 30000
#define EMU_DEVICE_ID "MFG:EPSON;MDL:TM-T20III;CMD:ESC/POS;"
#define EMU_SCANNER_EP 0x81
#define EMU_POS_REPORT 64
#define EMU_REPORT_MAX 64
#define EMU_QUEUED_MAX 4096 /* reports waiting for URBs */

enum emu_device { EMU_PRINTER, EMU_SCANNER };
enum emu_mode { EMU_OK, EMU_PAPER_OUT, EMU_VANISH, EMU_VANISH_RETURN };

/* A submitted URB, its buffer as copied from the client, and both written
 * back when it is reaped. */
struct emu_urb {
	UMockdevIoctlData *urb;
	UMockdevIoctlData *buf; /* NULL when buffer_length is 0 */
};

struct emu {
	GMutex lock; /* the handler runs on umockdev's worker thread */
	enum emu_device device;
	int pos;	    /* scanner: the HID POS face, else kbd */
	const char *driver; /* the kernel driver bound at power-on */
	FILE *feed;	    /* scanner input, followed as it grows */
	GQueue reports;	    /* GBytes each, waiting for interrupt URBs */
	enum emu_mode mode;
	const char *serial; /* NULL: iSerialNumber 0 */
	int vendor_class;
	FILE *paper, *log;
	GQueue in_waiting; /* bulk IN URBs with no reply to carry yet */
	GQueue done;	   /* URBs the next REAPURBNDELAY returns */
	unsigned char reply[64];
	size_t nreply;
	unsigned char held[2]; /* a DLE EOT prefix seen so far */
	size_t nheld;
	size_t printed;
	int driver_bound, vanished, vanished_once;
	gint64 vanished_at;
};

static const unsigned char emu_device_desc[18] = {
    18,	  1,	0x00, 0x02, /* bLength, DEVICE, bcdUSB 2.00 */
    0,	  0,	0,    64,   /* class at interface level, EP0 64 bytes */
    0xb8, 0x04, 0x28, 0x0e, /* idVendor 04b8, idProduct 0e28 */
    0x00, 0x01, 1,    2,    /* bcdDevice 1.00, iManufacturer, iProduct */
    0,	  1,		    /* iSerialNumber (set at run time), 1 config */
};

static const unsigned char emu_printer_config[32] = {
    9, 2, 32,	0, 1,  1, 0, 0xc0, 1, /* wTotalLength 32, 1 interface */
    9, 4, 0,	0, 2,  7, 1, 2,	   0, /* interface 0: printer 7/1/2 */
    7, 5, 0x01, 2, 64, 0, 0,	      /* bulk OUT 0x01, 64 bytes */
    7, 5, 0x82, 2, 64, 0, 0,	      /* bulk IN 0x82, 64 bytes */
};

/* The scanner's boot keyboard report descriptor (HID 1.11 B.1). */
static const unsigned char emu_kbd_report_desc[63] = {
    0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29,
    0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
    0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01, 0x05,
    0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03,
    0x91, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05,
    0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xc0,
};

/* The HID POS face: usage page 0x8C (bar code scanner), report ID 2 with
 * 63 bytes after the ID. */
static const unsigned char emu_pos_report_desc[21] = {
    0x05, 0x8c,	      /* Usage Page (Bar Code Scanner) */
    0x09, 0x02,	      /* Usage (Bar Code Scanner) */
    0xa1, 0x01,	      /* Collection (Application) */
    0x85, 0x02,	      /*   Report ID 2 */
    0x15, 0x00,	      /*   Logical Minimum 0 */
    0x26, 0xff, 0x00, /*   Logical Maximum 255 */
    0x75, 0x08,	      /*   Report Size 8 */
    0x95, 0x3f,	      /*   Report Count 63 */
    0x81, 0x02,	      /*   Input (Data, Variable, Absolute) */
    0xc0,	      /* End Collection */
};

static void emu_log(struct emu *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void emu_log(struct emu *e, const char *fmt, ...)
{
	va_list ap;

	if (e->log == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(e->log, fmt, ap);
	va_end(ap);
	fputc('\n', e->log);
	fflush(e->log);
}

static void emu_urb_free(struct emu_urb *u)
{
	if (u->buf != NULL)
		umockdev_ioctl_data_unref(u->buf);
	umockdev_ioctl_data_unref(u->urb);
	g_free(u);
}

static struct usbdevfs_urb *urb_of(struct emu_urb *u)
{
	return (struct usbdevfs_urb *)(void *)u->urb->data;
}

/* The TM-T20III's one-byte DLE EOT answers: bits 1 and 4 always set. */
static unsigned char emu_status(const struct emu *e, int n)
{
	static const unsigned char ok[4] = {0x12, 0x12, 0x12, 0x12};
	/* n=1 b3 offline; n=2 b5 stopped at paper end; n=4 b5-6 paper out */
	static const unsigned char out[4] = {0x1a, 0x32, 0x12, 0x72};

	if (n < 1 || n > 4)
		return 0x12;
	return e->mode == EMU_PAPER_OUT ? out[n - 1] : ok[n - 1];
}

/* Hands queued replies to waiting bulk IN URBs. */
static void emu_feed_in(struct emu *e)
{
	struct emu_urb *u;
	struct usbdevfs_urb *urb;
	size_t n;

	while (e->nreply > 0 && (u = g_queue_pop_head(&e->in_waiting))) {
		urb = urb_of(u);
		n = e->nreply < (size_t)urb->buffer_length
			? e->nreply
			: (size_t)urb->buffer_length;
		memcpy(u->buf->data, e->reply, n);
		memmove(e->reply, e->reply + n, e->nreply - n);
		e->nreply -= n;
		urb->actual_length = (int)n;
		urb->status = 0;
		g_queue_push_tail(&e->done, u);
	}
}

/* Hands queued scanner reports to waiting interrupt IN URBs, one report
 * each (a report longer than the URB's buffer is cut, where the kernel
 * would say -EOVERFLOW). */
static void emu_feed_reports(struct emu *e)
{
	struct emu_urb *u;
	struct usbdevfs_urb *urb;
	GBytes *r;
	gsize n;
	const unsigned char *b;

	while (!g_queue_is_empty(&e->reports) &&
	       (u = g_queue_pop_head(&e->in_waiting)) != NULL) {
		r = g_queue_pop_head(&e->reports);
		b = g_bytes_get_data(r, &n);
		urb = urb_of(u);
		if (n > (gsize)urb->buffer_length)
			n = (gsize)urb->buffer_length;
		memcpy(u->buf->data, b, n);
		urb->actual_length = (int)n;
		urb->status = 0;
		g_bytes_unref(r);
		g_queue_push_tail(&e->done, u);
	}
}

/* What was in flight when the cable went is gone with it. */
static void emu_drop_in_flight(struct emu *e)
{
	struct emu_urb *u;

	while ((u = g_queue_pop_head(&e->in_waiting)) != NULL)
		emu_urb_free(u);
	while ((u = g_queue_pop_head(&e->done)) != NULL)
		emu_urb_free(u);
	g_queue_clear_full(&e->reports, (GDestroyNotify)g_bytes_unref);
}

static void emu_print(struct emu *e, const unsigned char *b, size_t n)
{
	if (n == 0)
		return;
	if (e->paper != NULL) {
		fwrite(b, 1, n, e->paper);
		fflush(e->paper);
	}
	e->printed += n;
}

/* One byte of the bulk OUT stream: DLE EOT n is answered (and not
 * printed) wherever it appears, as the printer does. */
static void emu_byte(struct emu *e, unsigned char c)
{
	if (e->nheld == 0 && c == 0x10) {
		e->held[e->nheld++] = c;
	} else if (e->nheld == 1 && c == 0x04) {
		e->held[e->nheld++] = c;
	} else if (e->nheld == 2 && c >= 1 && c <= 4) {
		e->nheld = 0;
		if (e->nreply < sizeof e->reply)
			e->reply[e->nreply++] = emu_status(e, c);
		emu_log(e, "DLE EOT %d -> %02x", c, emu_status(e, c));
	} else {
		emu_print(e, e->held, e->nheld);
		e->nheld = 0;
		if (c == 0x10)
			e->held[e->nheld++] = c;
		else
			emu_print(e, &c, 1);
	}
}

static void emu_vanish(struct emu *e)
{
	e->vanished = e->vanished_once = 1;
	e->vanished_at = g_get_monotonic_time();
	emu_log(e, "vanished after %zu printed bytes", e->printed);
}

/* vanish-return: the printer is plugged back in, in its power-on state. */
static void emu_maybe_return(struct emu *e)
{
	if (!e->vanished || e->mode != EMU_VANISH_RETURN ||
	    g_get_monotonic_time() - e->vanished_at < EMU_RETURN_MS * 1000)
		return;
	e->vanished = 0;
	e->driver_bound = 1;
	e->nreply = e->nheld = 0;
	emu_log(e, "returned");
}

/* The feed's "vanish" and "return". As usbfs does at a disconnect, the
 * URBs in flight complete with -ESHUTDOWN, and may still be reaped (the
 * REAP_AFTER_DISCONNECT capability); every other ioctl fails. The kernel
 * also flags the node POLLERR, which umockdev's regular file cannot. */
static void emu_unplug(struct emu *e)
{
	struct emu_urb *u;

	g_queue_clear_full(&e->reports, (GDestroyNotify)g_bytes_unref);
	while ((u = g_queue_pop_head(&e->in_waiting)) != NULL) {
		urb_of(u)->status = -ESHUTDOWN;
		urb_of(u)->actual_length = 0;
		g_queue_push_tail(&e->done, u);
	}
	e->vanished = 1;
	emu_log(e, "vanished");
}

static void emu_replug(struct emu *e)
{
	emu_drop_in_flight(e);
	e->vanished = 0;
	e->driver_bound = 1;
	emu_log(e, "returned");
}

static void emu_string(unsigned char *out, size_t *n, const char *s)
{
	size_t i, len = strlen(s);

	out[0] = (unsigned char)(2 + 2 * len);
	out[1] = 3; /* STRING */
	for (i = 0; i < len; i++) {
		out[2 + 2 * i] = (unsigned char)s[i]; /* UTF-16LE */
		out[3 + 2 * i] = 0;
	}
	*n = 2 + 2 * len;
}

/* The scanner's HID requests (HID 1.11 §7): the report descriptor, and
 * SET_PROTOCOL and SET_IDLE, which a boot keyboard takes and the POS
 * face stalls. */
static int emu_hid_answer(struct emu *e, const unsigned char *setup,
			  unsigned char *out, size_t *n)
{
	unsigned type = setup[0], req = setup[1];
	unsigned value = setup[2] | setup[3] << 8;
	unsigned index = setup[4] | setup[5] << 8;

	if (type == 0x81 && req == 6 && value == 0x2200 && index == 0) {
		emu_log(e, "GET_DESCRIPTOR report");
		*n = e->pos ? sizeof emu_pos_report_desc
			    : sizeof emu_kbd_report_desc;
		memcpy(out, e->pos ? emu_pos_report_desc : emu_kbd_report_desc,
		       *n);
		return 0;
	}
	if (type == 0x21 && (req == 0x0b || req == 0x0a) && !e->pos) {
		emu_log(e, "%s %u", req == 0x0b ? "SET_PROTOCOL" : "SET_IDLE",
			value);
		*n = 0;
		return 0;
	}
	emu_log(e, "control %02x/%u stalled", type, req);
	return -1;
}

/* The answer to a control request; -1 to stall it (EPIPE). */
static int emu_control_answer(struct emu *e, const unsigned char *setup,
			      unsigned char *out, size_t *n)
{
	unsigned type = setup[0], req = setup[1];
	unsigned value = setup[2] | setup[3] << 8;
	unsigned index = setup[4] | setup[5] << 8;
	size_t len;

	if (type == 0x80 && req == 6 && value >> 8 == 3) {
		switch (value & 0xff) {
		case 0: /* language IDs: 0409 US English */
			memcpy(out, "\x04\x03\x09\x04", 4);
			*n = 4;
			return 0;
		case 1:
			emu_string(out, n,
				   e->device == EMU_PRINTER ? "EPSON"
							    : "Packdesk Test");
			return 0;
		case 2:
			emu_string(out, n,
				   e->device == EMU_PRINTER
				       ? "TM-T20III"
				       : "HID Scanner (emulated)");
			return 0;
		case 3:
			if (e->serial == NULL)
				return -1;
			emu_string(out, n, e->serial);
			return 0;
		}
		return -1;
	}
	if (e->device == EMU_SCANNER)
		return emu_hid_answer(e, setup, out, n);
	if (type == 0xa1 && req == 0) { /* GET_DEVICE_ID */
		emu_log(e, "GET_DEVICE_ID config %u interface %u alt %u", value,
			index >> 8, index & 0xff);
		len = strlen(EMU_DEVICE_ID) + 2; /* big endian, counts itself */
		out[0] = (unsigned char)(len >> 8);
		out[1] = (unsigned char)len;
		memcpy(out + 2, EMU_DEVICE_ID, len - 2);
		*n = len;
		return 0;
	}
	if (type == 0xa1 && req == 1) { /* GET_PORT_STATUS */
		out[0] = 0x18;		/* b3 no error, b4 selected */
		*n = 1;
		return 0;
	}
	emu_log(e, "control %02x/%u stalled", type, req);
	return -1;
}

/* Control URBs carry the 8-byte setup packet first; actual_length counts
 * only the data after it. */
static void emu_control(struct emu *e, struct emu_urb *u)
{
	struct usbdevfs_urb *urb = urb_of(u);
	unsigned char answer[512];
	size_t n = 0, room;

	urb->actual_length = 0;
	if (u->buf == NULL || urb->buffer_length < 8 ||
	    emu_control_answer(e, u->buf->data, answer, &n) != 0) {
		urb->status = -EPIPE;
		return;
	}
	room = (size_t)(u->buf->data[6] | u->buf->data[7] << 8);
	if (room > (size_t)urb->buffer_length - 8)
		room = (size_t)urb->buffer_length - 8;
	if (n > room)
		n = room;
	memcpy(u->buf->data + 8, answer, n);
	urb->actual_length = (int)n;
	urb->status = 0;
}

/* 0 when the URB was accepted; else the errno for SUBMITURB. */
static int emu_submit(struct emu *e, struct emu_urb *u)
{
	struct usbdevfs_urb *urb = urb_of(u);
	int i;

	if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
		emu_control(e, u);
	} else if (e->device == EMU_PRINTER &&
		   urb->type == USBDEVFS_URB_TYPE_BULK &&
		   urb->endpoint == 0x01) {
		if ((e->mode == EMU_VANISH || e->mode == EMU_VANISH_RETURN) &&
		    !e->vanished_once && e->printed >= EMU_VANISH_AFTER) {
			emu_vanish(e);
			return ENODEV;
		}
		for (i = 0; u->buf != NULL && i < urb->buffer_length; i++)
			emu_byte(e, u->buf->data[i]);
		urb->actual_length = urb->buffer_length;
		urb->status = 0;
	} else if (e->device == EMU_PRINTER &&
		   urb->type == USBDEVFS_URB_TYPE_BULK &&
		   urb->endpoint == 0x82 && u->buf != NULL) {
		g_queue_push_tail(&e->in_waiting, u);
		emu_feed_in(e);
		return 0;
	} else if (e->device == EMU_SCANNER &&
		   urb->type == USBDEVFS_URB_TYPE_INTERRUPT &&
		   urb->endpoint == EMU_SCANNER_EP && u->buf != NULL) {
		g_queue_push_tail(&e->in_waiting, u);
		emu_feed_reports(e);
		return 0;
	} else {
		return EINVAL;
	}
	g_queue_push_tail(&e->done, u);
	return 0;
}

static void on_submit(struct emu *e, UMockdevIoctlClient *client,
		      UMockdevIoctlData *arg)
{
	struct emu_urb *u = g_new0(struct emu_urb, 1);
	struct usbdevfs_urb *urb;
	int rc;

	u->urb = umockdev_ioctl_data_resolve(arg, 0, sizeof *urb, NULL);
	if (u->urb == NULL) {
		g_free(u);
		umockdev_ioctl_client_complete(client, -1, EFAULT);
		return;
	}
	urb = urb_of(u);
	if (urb->buffer_length > 0)
		u->buf = umockdev_ioctl_data_resolve(
		    u->urb, offsetof(struct usbdevfs_urb, buffer),
		    (gsize)urb->buffer_length, NULL);
	rc = emu_submit(e, u);
	if (rc != 0) {
		emu_urb_free(u);
		umockdev_ioctl_client_complete(client, -1, rc);
		return;
	}
	umockdev_ioctl_client_complete(client, 0, 0);
}

static void on_reap(struct emu *e, UMockdevIoctlClient *client,
		    UMockdevIoctlData *arg)
{
	struct emu_urb *u = g_queue_pop_head(&e->done);
	UMockdevIoctlData *ptr;

	if (u == NULL) {
		umockdev_ioctl_client_complete(client, -1,
					       e->vanished ? ENODEV : EAGAIN);
		return;
	}
	ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
	umockdev_ioctl_data_set_ptr(ptr, 0, u->urb);
	umockdev_ioctl_client_complete(client, 0, 0);
	umockdev_ioctl_data_unref(ptr);
	emu_urb_free(u);
}

static gint same_client_addr(gconstpointer a, gconstpointer addr)
{
	const struct emu_urb *u = a;

	return u->urb->client_addr != (gulong)addr;
}

/* libusb's timeouts: the URB comes back from the next reap as -ENOENT. */
static void on_discard(struct emu *e, UMockdevIoctlClient *client,
		       UMockdevIoctlData *arg)
{
	GList *l = g_queue_find_custom(&e->in_waiting, *(void **)arg->data,
				       same_client_addr);
	struct emu_urb *u;

	if (l == NULL) {
		umockdev_ioctl_client_complete(client, -1, EINVAL);
		return;
	}
	u = l->data;
	g_queue_delete_link(&e->in_waiting, l);
	urb_of(u)->status = -ENOENT;
	urb_of(u)->actual_length = 0;
	g_queue_push_tail(&e->done, u);
	umockdev_ioctl_client_complete(client, 0, 0);
}

static void on_getdriver(struct emu *e, UMockdevIoctlClient *client,
			 UMockdevIoctlData *arg)
{
	UMockdevIoctlData *d;
	struct usbdevfs_getdriver *g;

	if (!e->driver_bound) {
		umockdev_ioctl_client_complete(client, -1, ENODATA);
		return;
	}
	d = umockdev_ioctl_data_resolve(arg, 0, sizeof *g, NULL);
	if (d == NULL) {
		umockdev_ioctl_client_complete(client, -1, EFAULT);
		return;
	}
	g = (struct usbdevfs_getdriver *)(void *)d->data;
	snprintf(g->driver, sizeof g->driver, "%s", e->driver);
	umockdev_ioctl_client_complete(client, 0, 0);
	umockdev_ioctl_data_unref(d);
}

/* USBDEVFS_IOCTL DISCONNECT / CONNECT: unbinding and rebinding the
 * kernel driver (usblp, usbhid). */
static void on_driver_ioctl(struct emu *e, UMockdevIoctlClient *client,
			    UMockdevIoctlData *arg)
{
	UMockdevIoctlData *d = umockdev_ioctl_data_resolve(
	    arg, 0, sizeof(struct usbdevfs_ioctl), NULL);
	int code;

	if (d == NULL) {
		umockdev_ioctl_client_complete(client, -1, EFAULT);
		return;
	}
	code = ((const struct usbdevfs_ioctl *)(void *)d->data)->ioctl_code;
	umockdev_ioctl_data_unref(d);
	if (code == (int)USBDEVFS_DISCONNECT) {
		if (!e->driver_bound) {
			umockdev_ioctl_client_complete(client, -1, ENODATA);
			return;
		}
		e->driver_bound = 0;
		emu_log(e, "%s detached", e->driver);
		umockdev_ioctl_client_complete(client, 0, 0);
	} else if (code == (int)USBDEVFS_CONNECT) {
		e->driver_bound = 1;
		emu_log(e, "%s attached", e->driver);
		umockdev_ioctl_client_complete(client, 1, 0);
	} else {
		umockdev_ioctl_client_complete(client, -1, ENOTTY);
	}
}

static void on_capabilities(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	UMockdevIoctlData *d =
	    umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
	guint32 caps = USBDEVFS_CAP_BULK_CONTINUATION |
		       USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
		       USBDEVFS_CAP_REAP_AFTER_DISCONNECT;

	if (d == NULL) {
		umockdev_ioctl_client_complete(client, -1, EFAULT);
		return;
	}
	memcpy(d->data, &caps, sizeof caps);
	umockdev_ioctl_client_complete(client, 0, 0);
	umockdev_ioctl_data_unref(d);
}

static void on_interface(struct emu *e, UMockdevIoctlClient *client,
			 unsigned long req)
{
	if (req == USBDEVFS_CLAIMINTERFACE && e->driver_bound) {
		/* What usbfs says while a driver owns the interface. */
		emu_log(e, "claim refused: %s bound", e->driver);
		umockdev_ioctl_client_complete(client, -1, EBUSY);
		return;
	}
	if (req == USBDEVFS_DISCONNECT_CLAIM) {
		if (e->driver_bound)
			emu_log(e, "%s detached", e->driver);
		e->driver_bound = 0;
	}
	emu_log(e, "%s",
		req == USBDEVFS_RELEASEINTERFACE ? "released" : "claimed");
	umockdev_ioctl_client_complete(client, 0, 0);
}

static gboolean on_ioctl(UMockdevIoctlBase *handler,
			 UMockdevIoctlClient *client, gpointer data)
{
	struct emu *e = data;
	unsigned long req = umockdev_ioctl_client_get_request(client);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
	gboolean handled = TRUE;

	(void)handler;
	g_mutex_lock(&e->lock);
	emu_maybe_return(e);
	if (e->vanished &&
	    !(req == USBDEVFS_REAPURBNDELAY && !g_queue_is_empty(&e->done))) {
		umockdev_ioctl_client_complete(client, -1, ENODEV);
	} else if (req == USBDEVFS_SUBMITURB) {
		on_submit(e, client, arg);
	} else if (req == USBDEVFS_REAPURBNDELAY) {
		on_reap(e, client, arg);
	} else if (req == USBDEVFS_DISCARDURB) {
		on_discard(e, client, arg);
	} else if (req == USBDEVFS_GET_CAPABILITIES) {
		on_capabilities(client, arg);
	} else if (req == USBDEVFS_GETDRIVER) {
		on_getdriver(e, client, arg);
	} else if (req == USBDEVFS_IOCTL) {
		on_driver_ioctl(e, client, arg);
	} else if (req == USBDEVFS_CLAIMINTERFACE ||
		   req == USBDEVFS_RELEASEINTERFACE ||
		   req == USBDEVFS_DISCONNECT_CLAIM) {
		on_interface(e, client, req);
	} else if (req == USBDEVFS_CLEAR_HALT || req == USBDEVFS_RESETEP ||
		   req == USBDEVFS_SETINTERFACE) {
		umockdev_ioctl_client_complete(client, 0, 0);
	} else {
		emu_log(e, "unhandled ioctl %08lx", req);
		handled = FALSE;
	}
	g_mutex_unlock(&e->lock);
	return handled;
}

static void hex(GString *s, const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		g_string_append_printf(s, "%02x", b[i]);
}

/* The scanner's configuration: the interface (patched for the POS face),
 * its HID descriptor (bcdHID 1.11, country 0, one report descriptor
 * whose length is patched in) and the interrupt IN endpoint (packet size
 * patched). */
/* clang-format off */
static const unsigned char emu_scanner_config[34] = {
    9, 2, 34, 0, 1, 1, 0, 0xa0, 50,		/* 1 interface, 100 mA */
    9, 4, 0, 0, 1, 3, 1, 1, 0,			/* interface 0: HID 3/1/1 */
    9, 0x21, 0x11, 0x01, 0, 1, 0x22, 0, 0,	/* HID 1.11, report desc */
    7, 5, EMU_SCANNER_EP, 3, 8, 0, 10,		/* interrupt IN, 10 ms */
};
/* clang-format on */

static size_t emu_scanner_cfg(const struct emu *e, unsigned char *cfg)
{
	size_t rlen =
	    e->pos ? sizeof emu_pos_report_desc : sizeof emu_kbd_report_desc;

	memcpy(cfg, emu_scanner_config, sizeof emu_scanner_config);
	if (e->pos) {
		cfg[9 + 6] = 0; /* no subclass (boot) nor protocol */
		cfg[9 + 7] = 0;
		cfg[27 + 4] = EMU_POS_REPORT;
	}
	cfg[18 + 7] = (unsigned char)rlen;
	cfg[18 + 8] = (unsigned char)(rlen >> 8);
	return sizeof emu_scanner_config;
}

/* The udev/sysfs record of the device, descriptors included, as it would
 * appear for a device on root port 1 of bus 1. */
static char *emu_record(const struct emu *e)
{
	unsigned char dev[sizeof emu_device_desc];
	unsigned char cfg[64];
	size_t ncfg = sizeof emu_printer_config;
	GString *s = g_string_new(NULL);

	memcpy(dev, emu_device_desc, sizeof dev);
	memcpy(cfg, emu_printer_config, sizeof emu_printer_config);
	if (e->device == EMU_SCANNER) {
		dev[8] = 0x09; /* idVendor 1209, idProduct 0001 */
		dev[9] = 0x12;
		dev[10] = 0x01;
		dev[11] = 0x00;
		dev[7] = 8; /* a low-cost full-speed HID: EP0 8 bytes */
		ncfg = emu_scanner_cfg(e, cfg);
	}
	if (e->serial != NULL)
		dev[16] = 3; /* iSerialNumber */
	if (e->vendor_class && e->device == EMU_PRINTER) {
		cfg[9 + 5] = 0xff; /* a clone: vendor class, same endpoints */
		cfg[9 + 6] = 0;
		cfg[9 + 7] = 0;
	}
	g_string_append(s, "P: /devices/pci0000:00/0000:00:14.0/usb1/1-1\n"
			   "N: bus/usb/001/002\n"
			   "E: SUBSYSTEM=usb\n"
			   "E: DEVTYPE=usb_device\n"
			   "E: DRIVER=usb\n"
			   "E: BUSNUM=001\n"
			   "E: DEVNUM=002\n"
			   "E: DEVNAME=/dev/bus/usb/001/002\n"
			   "A: busnum=1\\n\n"
			   "A: devnum=2\\n\n"
			   "A: speed=12\\n\n"
			   "A: bConfigurationValue=1\\n\n"
			   "H: descriptors=");
	hex(s, dev, sizeof dev);
	hex(s, cfg, ncfg);
	g_string_append_c(s, '\n');
	return g_string_free(s, FALSE);
}

/* The child must load libumockdev-preload first; an ASan build would
 * refuse to start without its runtime first in line. */
static int emu_env(void)
{
	const char *asan = getenv("ASAN_OPTIONS");
	char *opts = g_strdup_printf(
	    "%s%sverify_asan_link_order=0", asan != NULL ? asan : "",
	    asan != NULL && asan[0] != '\0' ? ":" : "");
	int rc = setenv("ASAN_OPTIONS", opts, 1);

	g_free(opts);
	if (rc != 0)
		return -1;
	return setenv("LD_PRELOAD", "libumockdev-preload.so.0", 1);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "pos AIM DATA" or "pos+ AIM DATA": the 64-byte HID POS report of the
 * Access-IS/Honeywell layout. 0 and *n, or -1 when it does not fit. */
static int emu_pos_line(const char *line, unsigned char *r, size_t *n)
{
	int more = line[3] == '+';
	const char *aim = line + 4 + more, *data;
	size_t len;

	if (strlen(aim) < 3 || (aim[3] != ' ' && aim[3] != '\0'))
		return -1;
	data = aim[3] == ' ' ? aim + 4 : aim + 3;
	len = strlen(data);
	if (len > EMU_POS_REPORT - 6)
		return -1;
	memset(r, 0, EMU_POS_REPORT);
	r[0] = 0x02; /* report ID */
	r[1] = (unsigned char)len;
	memcpy(r + 2, aim, 3);
	memcpy(r + 5, data, len);
	r[EMU_POS_REPORT - 1] = (unsigned char)more; /* bit 0: more follow */
	*n = EMU_POS_REPORT;
	return 0;
}

/* Hex bytes, spaces between them allowed. */
static int emu_hex_line(const char *line, unsigned char *r, size_t *n)
{
	int hi, lo;

	for (*n = 0; *line != '\0';) {
		if (*line == ' ' || *line == '\t') {
			line++;
			continue;
		}
		hi = hexval(line[0]);
		lo = hi < 0 ? -1 : hexval(line[1]);
		if (lo < 0 || *n == EMU_REPORT_MAX)
			return -1;
		r[(*n)++] = (unsigned char)(hi << 4 | lo);
		line += 2;
	}
	return *n > 0 ? 0 : -1;
}

/* One command of the scanner's feed (the lock held). */
static void emu_feed_line(struct emu *e, char *line)
{
	unsigned char r[EMU_REPORT_MAX];
	size_t n;
	int rc;

	g_strstrip(line);
	if (line[0] == '\0' || line[0] == '#')
		return;
	if (strcmp(line, "vanish") == 0) {
		emu_unplug(e);
		return;
	}
	if (strcmp(line, "return") == 0) {
		emu_replug(e);
		return;
	}
	if (strncmp(line, "pos ", 4) == 0 || strncmp(line, "pos+ ", 5) == 0)
		rc = emu_pos_line(line, r, &n);
	else
		rc = emu_hex_line(line, r, &n);
	if (rc != 0) {
		emu_log(e, "bad feed line: %s", line);
		return;
	}
	if (e->vanished || g_queue_get_length(&e->reports) >= EMU_QUEUED_MAX) {
		emu_log(e, "report dropped: %s", line);
		return;
	}
	g_queue_push_tail(&e->reports, g_bytes_new(r, n));
	emu_feed_reports(e);
}

/* Takes the lines added to the feed since the last call; a line still
 * being written (no newline yet) waits for the next. */
static void emu_follow(struct emu *e)
{
	char line[512];
	long at;

	while (e->feed != NULL) {
		at = ftell(e->feed);
		if (fgets(line, sizeof line, e->feed) == NULL) {
			clearerr(e->feed);
			return;
		}
		if (strchr(line, '\n') == NULL &&
		    strlen(line) < sizeof line - 1) {
			clearerr(e->feed);
			if (at >= 0)
				fseek(e->feed, at, SEEK_SET);
			return;
		}
		g_mutex_lock(&e->lock);
		emu_feed_line(e, line);
		g_mutex_unlock(&e->lock);
	}
}

static volatile sig_atomic_t emu_signal;

static void on_signal(int sig)
{
	emu_signal = sig;
}

static int emu_run(struct emu *e, char **argv)
{
	gint64 limit = g_get_monotonic_time() + EMU_CHILD_LIMIT_MS * 1000LL;
	struct sigaction sa;
	pid_t pid, r;
	int status, rc, forwarded = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGINT, &sa, NULL) != 0) {
		perror("usb-emu: sigaction");
		return 125;
	}
	rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc != 0) {
		fprintf(stderr, "usb-emu: %s: %s\n", argv[0], strerror(rc));
		return 125;
	}
	while ((r = waitpid(pid, &status, WNOHANG)) == 0 &&
	       g_get_monotonic_time() < limit) {
		/* Handlers do not survive exec: the program gets the
		 * signal's default action, as it would unemulated. */
		if (emu_signal != 0 && !forwarded) {
			kill(pid, emu_signal);
			forwarded = 1;
		}
		emu_follow(e);
		g_usleep(5000);
	}
	if (r == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		fprintf(stderr, "usb-emu: %s ran over %d ms\n", argv[0],
			EMU_CHILD_LIMIT_MS);
		return 124;
	}
	if (r < 0) {
		perror("usb-emu: waitpid");
		return 125;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "usb-emu: %s killed by signal %d\n", argv[0],
			WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

static int emu_mode_parse(const char *s, enum emu_mode *m)
{
	static const char *const names[] = {"ok", "paper-out", "vanish",
					    "vanish-return"};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0) {
			*m = (enum emu_mode)i;
			return 0;
		}
	return -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: usb-emu [--device printer|scanner] "
			"[-m ok|paper-out|vanish|vanish-return] [-s SERIAL] "
			"[-V] [-p PAPER] [-k kbd|pos] [-f FEED] [-l LOG] "
			"-- PROGRAM [ARG...]\n");
	return 2;
}

static int emu_options(struct emu *e, int argc, char **argv)
{
	static const struct option longs[] = {
	    {"device", required_argument, NULL, 'D'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "m:s:Vp:l:k:f:", longs, NULL)) !=
	       -1) {
		switch (c) {
		case 'D':
			if (strcmp(optarg, "printer") == 0)
				e->device = EMU_PRINTER;
			else if (strcmp(optarg, "scanner") == 0)
				e->device = EMU_SCANNER;
			else
				return -1;
			break;
		case 'k':
			if (strcmp(optarg, "kbd") != 0 &&
			    strcmp(optarg, "pos") != 0)
				return -1;
			e->pos = strcmp(optarg, "pos") == 0;
			break;
		case 'f':
			e->feed = fopen(optarg, "r");
			if (e->feed == NULL) {
				perror(optarg);
				return -1;
			}
			break;
		case 'm':
			if (emu_mode_parse(optarg, &e->mode) != 0)
				return -1;
			break;
		case 's':
			e->serial = optarg;
			break;
		case 'V':
			e->vendor_class = 1;
			break;
		case 'p':
		case 'l':
			if (c == 'p' ? (e->paper = fopen(optarg, "wb")) == NULL
				     : (e->log = fopen(optarg, "w")) == NULL) {
				perror(optarg);
				return -1;
			}
			break;
		default:
			return -1;
		}
	}
	return optind < argc ? 0 : -1;
}

static void emu_cleanup(struct emu *e)
{
	emu_drop_in_flight(e);
	if (e->feed != NULL)
		fclose(e->feed);
	if (e->paper != NULL)
		fclose(e->paper);
	if (e->log != NULL)
		fclose(e->log);
	g_mutex_clear(&e->lock);
}

int main(int argc, char **argv)
{
	struct emu e = {.mode = EMU_OK, .driver_bound = 1};
	UMockdevTestbed *tb;
	UMockdevIoctlBase *handler;
	GError *gerr = NULL;
	char *record;
	int rc = 125;

	g_mutex_init(&e.lock);
	g_queue_init(&e.in_waiting);
	g_queue_init(&e.done);
	g_queue_init(&e.reports);
	if (emu_options(&e, argc, argv) != 0) {
		emu_cleanup(&e);
		return usage();
	}
	if (emu_env() != 0) {
		perror("usb-emu: setenv");
		emu_cleanup(&e);
		return 125;
	}
	e.driver = e.device == EMU_PRINTER ? "usblp" : "usbhid";
	tb = umockdev_testbed_new();
	handler = umockdev_ioctl_base_new();
	g_signal_connect(handler, "handle-ioctl", G_CALLBACK(on_ioctl), &e);
	record = emu_record(&e);
	/* The handler first: libusb may open the node as soon as the device
	 * record exists. */
	if (!umockdev_testbed_attach_ioctl(tb, EMU_DEVNODE, handler, &gerr) ||
	    !umockdev_testbed_add_from_string(tb, record, &gerr))
		fprintf(stderr, "usb-emu: %s\n", gerr->message);
	else
		rc = emu_run(&e, argv + optind);
	g_clear_error(&gerr);
	g_free(record);
	g_object_unref(tb);
	g_object_unref(handler);
	emu_cleanup(&e);
	return rc;
}
