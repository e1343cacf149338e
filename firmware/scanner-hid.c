/* hid:VID:PID[:SERIAL][?mode=auto|kbd|pos] - a USB HID scanner read
 * through libusb: a keyboard wedge's boot-keyboard reports or a HID POS
 * scanner's symbol reports, decoded by hid-report.c. Taking the interface
 * from the kernel's usbhid (auto-detach) means scans never type into the
 * console or a desktop; the driver gets it back when we let go.
 *
 * libusb has no single descriptor the station could poll, so while
 * connected a reader thread does the interrupt IN transfers (with short
 * timeouts, checking a stop flag between them) and writes the decoded
 * characters into a pipe whose read end is fd(). When the device vanishes
 * the thread records why and closes the write end: read() then sees end
 * of input, and scanner.c reopens the scanner when it returns.
 *
 * Each scanner has its own libusb context, made by the first connect()
 * and ended by close(); the station thread uses it only while no reader
 * thread runs (connect, and disconnect after the join). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libusb.h>

#include "hid-report.h"
#include "scanner.h"
#include "usb-device.h"
#include "usb-printer-id.h"

/* Longest wait of one interrupt transfer, and so of disconnect(). */
#define HID_POLL_MS 100
#define HID_CONTROL_MS 500
/* Interrupt IN packets: 8 bytes for a boot keyboard, 64 for HID POS at
 * full speed; high speed allows 1024. */
#define HID_PACKET_MAX 1024
/* The report descriptor is read in one request of at most this. */
#define HID_DESC_MAX 4096
/* Consecutive transfer errors (stalls, babble) before the scanner is
 * given up as broken; a vanished device is given up at once. */
#define HID_ERRORS_MAX 20
#define HID_ERROR_PAUSE_MS 20

/* HID class requests (HID 1.11 §7.2): bmRequestType 0x21 is host to
 * device, class, interface. */
#define HID_REQ_SET_IDLE 0x0a
#define HID_REQ_SET_PROTOCOL 0x0b
#define HID_PROTOCOL_BOOT 0
#define HID_DT_HID 0x21
#define HID_DT_REPORT 0x22

enum hid_mode { HID_MODE_AUTO, HID_MODE_KBD, HID_MODE_POS };

struct hid_iface {
	int interface, altsetting;
	int boot_kbd;	  /* subclass 1 (boot) protocol 1 (keyboard) */
	unsigned char ep; /* interrupt IN endpoint address */
	int packet;	  /* its wMaxPacketSize, 8..HID_PACKET_MAX */
	size_t desc_len;  /* report descriptor length, 0 when unknown */
};

struct hid_scanner {
	struct usb_target target;
	enum hid_mode mode;
	libusb_context *ctx; /* NULL until the first connect() */
	libusb_device_handle *h;
	int claimed;
	struct hid_iface itf;
	int pos; /* decoding HID POS reports, else boot-keyboard ones */
	/* fds[0] is fd(); fds[1] belongs to the reader thread, which
	 * closes it when it ends. */
	int fds[2];
	pthread_t thread;
	int running;
	atomic_int stop;
	pthread_mutex_t lock; /* guards why */
	char why[ERR_MAX];    /* why the thread gave up, "" when it did not */
	struct hid_boot boot;
	struct hid_pos posst;
};

/* " (what to do)" after a libusb error, or "". */
static const char *hid_advice(int rc)
{
	switch (rc) {
	case LIBUSB_ERROR_ACCESS:
		return " (permission denied on /dev/bus/usb: add a udev rule "
		       "SUBSYSTEM==\"usb\" with the scanner's ATTR{idVendor} "
		       "and ATTR{idProduct}, MODE=\"0660\", GROUP=\"plugdev\" "
		       "and put this user in group plugdev)";
	case LIBUSB_ERROR_BUSY:
		return " (another program holds the scanner: another "
		       "packdesk?)";
	case LIBUSB_ERROR_NO_DEVICE:
		return " (the scanner was unplugged)";
	}
	return "";
}

static int hid_fail(struct scanner *sc, const char *what, int rc,
		    struct err *err)
{
	return err_set(err, "%s: %s: %s%s", sc->uri, what,
		       libusb_error_name(rc), hid_advice(rc));
}

/* "mode=auto|kbd|pos", options joined by '&'. */
static int hid_options(struct hid_scanner *u, const char *q)
{
	static const char *const modes[] = {"auto", "kbd", "pos"};
	const char *end;
	size_t i, n;

	while (*q != '\0') {
		end = strchr(q, '&');
		n = end != NULL ? (size_t)(end - q) : strlen(q);
		if (n < 5 || strncmp(q, "mode=", 5) != 0)
			return -1;
		for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
			if (n - 5 == strlen(modes[i]) &&
			    strncmp(q + 5, modes[i], n - 5) == 0)
				break;
		if (i == sizeof modes / sizeof modes[0])
			return -1;
		u->mode = (enum hid_mode)i;
		q += n + (end != NULL);
	}
	return 0;
}

/* Parses "VID:PID[:SERIAL][?OPTIONS]" into u: 0, or -1 when malformed. A
 * serial with a '?' cannot be named: the options start there. */
static int hid_target(struct hid_scanner *u, const char *target,
		      const char *uri)
{
	char base[16 + USB_SERIAL_MAX];
	const char *q = strchr(target, '?');
	size_t n = q != NULL ? (size_t)(q - target) : strlen(target);

	if (n >= sizeof base)
		return -1;
	memcpy(base, target, n);
	base[n] = '\0';
	if (usb_target_parse(&u->target, base, uri, NULL) != 0)
		return -1;
	return q != NULL ? hid_options(u, q + 1) : 0;
}

static int hid_open(struct scanner *sc, const char *target, struct err *err)
{
	struct hid_scanner *u = calloc(1, sizeof *u);

	if (u == NULL)
		return err_set(err, "out of memory");
	if (hid_target(u, target, sc->uri) != 0) {
		free(u);
		return err_set(err,
			       "%s: expected hid:VID:PID[:SERIAL][?mode=kbd|"
			       "pos], VID and PID 4 hex digits each "
			       "(hid:0c2e:0b61, hid:0c2e:0b61?mode=pos)",
			       sc->uri);
	}
	if (pthread_mutex_init(&u->lock, NULL) != 0) {
		free(u);
		return err_set(err, "%s: cannot make a mutex", sc->uri);
	}
	u->fds[0] = u->fds[1] = -1;
	sc->impl = u;
	return 0;
}

/* The report descriptor's length from the HID descriptor (type 0x21)
 * among the interface's extra descriptors: bLength, 0x21, bcdHID (2),
 * bCountryCode, bNumDescriptors, then per descriptor its type and
 * 2-byte length. 0 when absent. */
static size_t hid_desc_len(const unsigned char *x, int n)
{
	int i, k;

	for (i = 0; n > 0 && i + 2 <= n && x[i] >= 2; i += x[i]) {
		if (x[i + 1] != HID_DT_HID || x[i] < 6 || i + x[i] > n)
			continue;
		for (k = 6; k + 3 <= x[i]; k += 3)
			if (x[i + k] == HID_DT_REPORT)
				return (size_t)(x[i + k + 1] | x[i + k + 2]
								   << 8);
	}
	return 0;
}

/* Higher is better; -1 for an interface we cannot read scans from. A
 * boot keyboard is what a wedge presents; for HID POS the scanner's
 * other HID interface is wanted; mice (protocol 2) never scan. */
static int hid_score(const struct libusb_interface_descriptor *alt,
		     enum hid_mode mode, struct hid_iface *out)
{
	int i, kbd, mouse;

	if (alt->bInterfaceClass != LIBUSB_CLASS_HID)
		return -1;
	memset(out, 0, sizeof *out);
	for (i = 0; i < alt->bNumEndpoints && alt->endpoint != NULL; i++) {
		const struct libusb_endpoint_descriptor *e = &alt->endpoint[i];

		if ((e->bmAttributes & 0x03) ==
			LIBUSB_TRANSFER_TYPE_INTERRUPT &&
		    (e->bEndpointAddress & LIBUSB_ENDPOINT_IN)) {
			out->ep = e->bEndpointAddress;
			/* b11-12 are extra transactions per microframe */
			out->packet = e->wMaxPacketSize & 0x7ff;
			break;
		}
	}
	if (out->ep == 0)
		return -1;
	if (out->packet < HID_BOOT_REPORT_LEN)
		out->packet = HID_BOOT_REPORT_LEN;
	if (out->packet > HID_PACKET_MAX)
		out->packet = HID_PACKET_MAX;
	out->interface = alt->bInterfaceNumber;
	out->altsetting = alt->bAlternateSetting;
	kbd = alt->bInterfaceProtocol == 1;
	mouse = alt->bInterfaceProtocol == 2;
	out->boot_kbd = alt->bInterfaceSubClass == 1 && kbd;
	out->desc_len = hid_desc_len(alt->extra, alt->extra_length);
	if (mode == HID_MODE_POS)
		return !kbd * 2 + !mouse;
	return out->boot_kbd * 2 + !mouse;
}

static int hid_pick(const struct libusb_config_descriptor *cfg,
		    enum hid_mode mode, struct hid_iface *best)
{
	struct hid_iface cand;
	int i, j, score, top = -1;

	for (i = 0; cfg->interface != NULL && i < cfg->bNumInterfaces; i++) {
		const struct libusb_interface *itf = &cfg->interface[i];

		for (j = 0; itf->altsetting != NULL && j < itf->num_altsetting;
		     j++) {
			score = hid_score(&itf->altsetting[j], mode, &cand);
			if (score > top) {
				top = score;
				*best = cand;
			}
		}
	}
	return top >= 0 ? 0 : -1;
}

/* In auto mode the report descriptor says whether this is a HID POS
 * interface (usage page 0x8C). usbfs lets this through only once the
 * interface is claimed. Returns 0, or the libusb error that matters (the
 * device vanished); a device that refuses the request is a keyboard. */
static int hid_detect_pos(struct hid_scanner *u)
{
	unsigned char *desc;
	size_t len = u->itf.desc_len;
	int rc;

	u->pos = 0;
	if (len == 0 || len > HID_DESC_MAX)
		len = HID_DESC_MAX;
	desc = malloc(len);
	if (desc == NULL)
		return LIBUSB_ERROR_NO_MEM;
	/* GET_DESCRIPTOR: 0x81 is device to host, standard, interface. */
	rc = libusb_control_transfer(
	    u->h,
	    LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_STANDARD |
		LIBUSB_RECIPIENT_INTERFACE,
	    LIBUSB_REQUEST_GET_DESCRIPTOR, HID_DT_REPORT << 8,
	    (uint16_t)u->itf.interface, desc, (uint16_t)len, HID_CONTROL_MS);
	if (rc > 0)
		u->pos = hid_report_desc_is_pos(desc, (size_t)rc);
	free(desc);
	return rc == LIBUSB_ERROR_NO_DEVICE ? rc : 0;
}

/* A boot keyboard may start in report protocol with a layout of its own:
 * SET_PROTOCOL boot makes its reports the 8-byte boot ones, and SET_IDLE
 * 0 makes it report only on change (no repeats of a held key). Devices
 * that refuse either still work, so only a vanished device fails. */
static int hid_boot_setup(struct hid_scanner *u)
{
	static const uint8_t req[] = {HID_REQ_SET_PROTOCOL, HID_REQ_SET_IDLE};
	/* SET_PROTOCOL wValue 0 = boot; SET_IDLE wValue = duration 0
	 * (indefinite) << 8 | report ID 0 (all). */
	static const uint16_t value[] = {HID_PROTOCOL_BOOT, 0};
	size_t i;
	int rc;

	for (i = 0; i < sizeof req; i++) {
		rc = libusb_control_transfer(
		    u->h,
		    LIBUSB_ENDPOINT_OUT | LIBUSB_REQUEST_TYPE_CLASS |
			LIBUSB_RECIPIENT_INTERFACE,
		    req[i], value[i], (uint16_t)u->itf.interface, NULL, 0,
		    HID_CONTROL_MS);
		if (rc == LIBUSB_ERROR_NO_DEVICE)
			return rc;
	}
	return 0;
}

/* Takes the scanner interface of the open device u->h. */
static int hid_setup(struct scanner *sc, libusb_device *dev, struct err *err)
{
	struct hid_scanner *u = sc->impl;
	struct libusb_config_descriptor *cfg;
	const char *step;
	int rc;

	rc = libusb_get_active_config_descriptor(dev, &cfg);
	if (rc != 0)
		return hid_fail(sc, "reading the configuration", rc, err);
	rc = hid_pick(cfg, u->mode, &u->itf);
	libusb_free_config_descriptor(cfg);
	if (rc != 0)
		return err_set(err,
			       "%s: the device has no HID interface with an "
			       "interrupt IN endpoint (is it a scanner in "
			       "USB serial mode? then use serial:)",
			       sc->uri);
	/* usbhid owns HID interfaces and would type the scans into the
	 * console. */
	rc = usb_dev_claim(u->h, u->itf.interface, u->itf.altsetting, &step);
	if (rc != 0)
		return hid_fail(sc, step, rc, err);
	u->claimed = 1;
	u->pos = u->mode == HID_MODE_POS;
	if (u->mode == HID_MODE_AUTO && (rc = hid_detect_pos(u)) != 0)
		return hid_fail(sc, "reading the report descriptor", rc, err);
	if (!u->pos && u->itf.boot_kbd && (rc = hid_boot_setup(u)) != 0)
		return hid_fail(sc, "selecting the boot protocol", rc, err);
	return 0;
}

/* Gives the interface back (auto-detach returns it to usbhid) and closes
 * the handle. Results are not checked: the device may be gone. */
static void hid_release(struct hid_scanner *u)
{
	if (u->h == NULL)
		return;
	if (u->claimed)
		(void)libusb_release_interface(u->h, u->itf.interface);
	libusb_close(u->h);
	u->h = NULL;
	u->claimed = 0;
}

static int hid_fail_obj(void *sc, const char *what, int rc, struct err *err)
{
	return hid_fail(sc, what, rc, err);
}

/* The matching device opened in u->h: set it up, or let it go. */
static int hid_take(void *obj, libusb_device *dev, struct err *err)
{
	struct scanner *sc = obj;

	if (hid_setup(sc, dev, err) == 0)
		return 0;
	hid_release(sc->impl);
	return ERR_FAIL;
}

/* Finds the target and takes it: 0, or ERR_FAIL with why not. */
static int hid_find(struct scanner *sc, struct err *err)
{
	struct hid_scanner *u = sc->impl;
	int rc;

	rc = usb_dev_find(u->ctx, &u->target, &u->h, hid_take, hid_fail_obj,
			  sc, err);
	if (rc != 0)
		return rc > 0 ? 0 : ERR_FAIL;
	return err_set(err, "%s: no USB device %04x:%04x%s%s is connected",
		       sc->uri, u->target.vid, u->target.pid,
		       u->target.serial[0] != '\0' ? " with serial " : "",
		       u->target.serial);
}

/* The reader thread ends: first the reason (read() reports it), then the
 * end of input the station sees. */
static void hid_give_up(struct hid_scanner *u, const char *why, int rc)
{
	pthread_mutex_lock(&u->lock);
	snprintf(u->why, sizeof u->why, "%s: %s", why, libusb_error_name(rc));
	pthread_mutex_unlock(&u->lock);
}

/* Writes all of b into the pipe, waiting for room in slices so that a
 * stop request is seen; -1 when stopped or the pipe failed. */
static int hid_put(struct hid_scanner *u, const void *b, size_t n)
{
	const char *p = b;
	struct pollfd pfd;
	ssize_t w;

	while (n > 0) {
		if (atomic_load(&u->stop))
			return -1;
		w = write(u->fds[1], p, n);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		} else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			/* The station is behind: wait for it, not the
			 * device, which keeps its own buffer meanwhile. */
			pfd.fd = u->fds[1];
			pfd.events = POLLOUT;
			(void)poll(&pfd, 1, HID_POLL_MS);
		} else {
			return -1;
		}
	}
	return 0;
}

/* Decodes one report and passes on its characters. */
static int hid_deliver(struct hid_scanner *u, const unsigned char *r, size_t n)
{
	const unsigned char *sym;
	char keys[HID_BOOT_OUT_MAX];
	size_t got;

	if (u->pos) {
		if (hid_report_pos(&u->posst, r, n, &sym, &got) ==
			HID_REPORT_OK &&
		    got > 0)
			return hid_put(u, sym, got);
		return 0;
	}
	if (hid_report_boot(&u->boot, r, n, keys, &got) == HID_REPORT_OK &&
	    got > 0)
		return hid_put(u, keys, got);
	return 0;
}

static void *hid_reader(void *arg)
{
	struct hid_scanner *u = arg;
	unsigned char buf[HID_PACKET_MAX];
	int rc, n, errors = 0;

	while (!atomic_load(&u->stop)) {
		n = 0;
		/* One packet a transfer: with a longer buffer, full-size
		 * packets would not end it and reports would run together. */
		rc = libusb_interrupt_transfer(u->h, u->itf.ep, buf,
					       u->itf.packet, &n, HID_POLL_MS);
		if (rc == 0 || (rc == LIBUSB_ERROR_TIMEOUT && n > 0)) {
			errors = 0;
			if (hid_deliver(u, buf, (size_t)n) != 0)
				break;
			continue;
		}
		if (rc == LIBUSB_ERROR_TIMEOUT ||
		    rc == LIBUSB_ERROR_INTERRUPTED)
			continue;
		if (rc == LIBUSB_ERROR_NO_DEVICE) {
			hid_give_up(u, "the scanner was unplugged", rc);
			break;
		}
		if (++errors >= HID_ERRORS_MAX) {
			hid_give_up(u, "the scanner keeps failing to send", rc);
			break;
		}
		if (rc == LIBUSB_ERROR_PIPE)
			(void)libusb_clear_halt(u->h, u->itf.ep);
		(void)poll(NULL, 0, HID_ERROR_PAUSE_MS);
	}
	close(u->fds[1]);
	return NULL;
}

static void hid_disconnect(struct scanner *sc)
{
	struct hid_scanner *u = sc->impl;

	if (u == NULL)
		return;
	if (u->running) {
		atomic_store(&u->stop, 1);
		pthread_join(u->thread, NULL);
		u->running = 0;
		u->fds[1] = -1; /* closed by the thread */
	}
	if (u->fds[1] >= 0)
		close(u->fds[1]);
	if (u->fds[0] >= 0)
		close(u->fds[0]);
	u->fds[0] = u->fds[1] = -1;
	hid_release(u);
}

/* Starts the reader with every signal blocked, so that signals go to the
 * station's thread, which handles them. */
static int hid_start(struct scanner *sc, struct err *err)
{
	struct hid_scanner *u = sc->impl;
	sigset_t all, old;
	int rc;

	if (pipe2(u->fds, O_CLOEXEC | O_NONBLOCK) != 0) {
		u->fds[0] = u->fds[1] = -1;
		return err_sys(err, "%s: cannot make a pipe", sc->uri);
	}
	hid_report_boot_init(&u->boot);
	hid_report_pos_init(&u->posst);
	u->why[0] = '\0';
	atomic_store(&u->stop, 0);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&u->thread, NULL, hid_reader, u);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return err_set(err, "%s: cannot start the reader thread: %s",
			       sc->uri, strerror(rc));
	u->running = 1;
	return 0;
}

static int hid_connect(struct scanner *sc, struct err *err)
{
	struct hid_scanner *u = sc->impl;
	int rc;

	if (u->h != NULL)
		return 0;
	if (u->ctx == NULL) {
		rc = libusb_init(&u->ctx);
		if (rc != 0) {
			u->ctx = NULL;
			return hid_fail(sc, "cannot use USB", rc, err);
		}
	}
	if (hid_find(sc, err) != 0)
		return ERR_FAIL;
	if (hid_start(sc, err) != 0) {
		hid_disconnect(sc);
		return ERR_FAIL;
	}
	return 0;
}

static int hid_fd(struct scanner *sc)
{
	struct hid_scanner *u = sc->impl;

	return u->fds[0];
}

static int hid_read(struct scanner *sc, void *buf, size_t len, size_t *got,
		    struct err *err)
{
	struct hid_scanner *u = sc->impl;
	ssize_t n;

	*got = 0;
	do
		n = read(u->fds[0], buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return SCANNER_READ_OK;
	if (n < 0)
		return err_sys(err, "%s: reading the scanner's pipe", sc->uri);
	if (n > 0) {
		*got = (size_t)n;
		return SCANNER_READ_OK;
	}
	/* The reader ended: it said why before closing its end. */
	pthread_mutex_lock(&u->lock);
	if (u->why[0] != '\0')
		err_set(err, "%s", u->why);
	pthread_mutex_unlock(&u->lock);
	return SCANNER_READ_GONE;
}

static void hid_close(struct scanner *sc)
{
	struct hid_scanner *u = sc->impl;

	if (u == NULL)
		return;
	hid_disconnect(sc);
	if (u->ctx != NULL)
		libusb_exit(u->ctx);
	pthread_mutex_destroy(&u->lock);
	free(u);
	sc->impl = NULL;
}

const struct scanner_ops scanner_hid_ops = {
    .scheme = "hid:",
    .flags = 0,
    .open = hid_open,
    .connect = hid_connect,
    .disconnect = hid_disconnect,
    .fd = hid_fd,
    .read = hid_read,
    .close = hid_close,
};
