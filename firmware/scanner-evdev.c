/* evdev:PATH[?layout=us|de|fr] — a keyboard-wedge scanner read from its
 * input event node (/dev/input/by-id/usb-...-event-kbd), grabbed with
 * EVIOCGRAB so its scans never reach the console or a desktop.
 *
 * The node delivers struct input_event records (time, type, code, value).
 * Keys are positions on a US keyboard (KEY_Q = 16 is the key right of
 * Tab), so the source tracks the modifiers itself and turns key presses
 * into UTF-8 text with the layout the scanner was set to (keymap.c).
 *
 * Choices, because a scanner is not a human at a keyboard:
 * - Only presses (value 1) type. Autorepeat (value 2) is ignored: a
 *   scanner never holds a key, so a repeat means a human leaning on a key
 *   (or a stuck key), and repeating it would corrupt the scan.
 * - Shift (both), AltGr (right Alt) and Ctrl are held from press to
 *   release; a lost release would leave one stuck, so all three, and a
 *   pending dead key, are reset at every Enter, keypad Enter and Tab (the
 *   scan suffixes), at SYN_DROPPED, and on every (re)connect. Caps Lock
 *   (KEY_CAPSLOCK = 58) toggles on its press and acts on letters only; it
 *   is a toggle, not a held key, so no release can be lost, and it is
 *   kept across scans (it starts off at connect).
 * - Ctrl with a letter or @ [ \ ] ^ _ types the control character (GS1
 *   scanners send the GS separator as Ctrl+]); other Ctrl combinations
 *   type nothing.
 * - A dead key (de ^ ´ `, fr ^ ¨) types its own character when the next
 *   key is Space (Space then types nothing), else its character followed
 *   by the next key's: no accent composition, which scanners never need.
 * - Codes outside the layout and events of any other type are skipped.
 *
 * A FIFO, pipe or regular file is read the same way without a grab, so
 * the decoding is testable without a device; end of input then counts as
 * an unplug (scanner.c reopens it, SCANNER_RETRY_MS later). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keymap.h"
#include "scanner.h"

#define EV_SIZE sizeof(struct input_event)
/* Events decoded per read(2): bounded so the text always fits. */
#define EVDEV_BATCH 256
/* Most bytes one event can add: a pending dead key and the key's text. */
#define EVDEV_OUT_MAX (2 * KEYMAP_TEXT_MAX)
/* Processes named when the grab is refused. */
#define EVDEV_HOLDERS_MAX 3

enum {
	MOD_LSHIFT = 1 << 0,
	MOD_RSHIFT = 1 << 1,
	MOD_LCTRL = 1 << 2,
	MOD_RCTRL = 1 << 3,
	MOD_ALTGR = 1 << 4,
};

struct evdev {
	char path[PATH_MAX];
	const struct keymap *km;
	int fd;
	unsigned mods;	  /* MOD_* held now */
	int caps;	  /* Caps Lock is on */
	const char *dead; /* a dead key's text waiting for the next key */
	/* Bytes read: whole records, then a partial one kept for the next
	 * read (a pipe may split a record). */
	unsigned char in[EVDEV_BATCH * EV_SIZE];
	size_t nin;
};

/* "us, de, fr": the layouts there are, for error messages. */
static void layout_names(char *out, size_t size)
{
	const struct keymap *km;
	size_t i;

	out[0] = '\0';
	for (i = 0; (km = keymap_at(i)) != NULL; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
			 i ? ", " : "", km->name);
}

/* Options: key=value pairs after '?', separated by '&'. */
static int parse_options(struct scanner *sc, const char *q,
			 const struct keymap **km, struct err *err)
{
	const char *p, *end;
	char name[16], known[64];
	size_t n;

	for (p = q; p != NULL; p = end) {
		p++;
		end = strchr(p, '&');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n < 7 || strncmp(p, "layout=", 7) != 0)
			return err_set(err,
				       "%s: unknown option \"%.*s\" (use "
				       "?layout=NAME)",
				       sc->uri, (int)n, p);
		snprintf(name, sizeof name, "%.*s", (int)(n - 7), p + 7);
		*km = n - 7 < sizeof name ? keymap_find(name) : NULL;
		if (*km == NULL) {
			layout_names(known, sizeof known);
			return err_set(err,
				       "%s: unknown layout \"%.*s\" (use "
				       "%s)",
				       sc->uri, (int)(n - 7), p + 7, known);
		}
	}
	return 0;
}

static int evdev_open(struct scanner *sc, const char *target, struct err *err)
{
	const char *q = strchr(target, '?');
	size_t plen = q != NULL ? (size_t)(q - target) : strlen(target);
	const struct keymap *km = keymap_find("us");
	struct evdev *ev;

	if (plen == 0 || target[0] != '/')
		return err_set(err,
			       "%s: give the device's absolute path, as in "
			       "evdev:/dev/input/by-id/usb-...-event-kbd",
			       sc->uri);
	if (plen >= PATH_MAX)
		return err_set(err, "%s: the device path is too long", sc->uri);
	if (q != NULL && parse_options(sc, q, &km, err) != 0)
		return ERR_FAIL;
	ev = calloc(1, sizeof *ev);
	if (ev == NULL)
		return err_set(err, "out of memory");
	memcpy(ev->path, target, plen);
	ev->path[plen] = '\0';
	ev->km = km;
	ev->fd = -1;
	sc->impl = ev;
	return 0;
}

static void reset_mods(struct evdev *ev)
{
	ev->mods = 0;
	ev->dead = NULL;
}

/* Appends "PID (comm)" for processes other than this one that have path
 * open: the likely holder of a grab. Needs root to see other users' fds. */
static void find_holders(const char *path, char *out, size_t size)
{
	char real[PATH_MAX], link[PATH_MAX], dir[64], comm[32];
	struct dirent *p, *f;
	DIR *proc, *fds;
	ssize_t n;
	int found = 0;
	FILE *fp;

	out[0] = '\0';
	if (realpath(path, real) == NULL || (proc = opendir("/proc")) == NULL)
		return;
	while (found < EVDEV_HOLDERS_MAX && (p = readdir(proc)) != NULL) {
		long pid = strtol(p->d_name, NULL, 10);

		if (pid <= 0 || pid == (long)getpid())
			continue;
		snprintf(dir, sizeof dir, "/proc/%ld/fd", pid);
		if ((fds = opendir(dir)) == NULL)
			continue;
		while ((f = readdir(fds)) != NULL) {
			char fdpath[512];

			snprintf(fdpath, sizeof fdpath, "%s/%s", dir,
				 f->d_name);
			n = readlink(fdpath, link, sizeof link - 1);
			if (n <= 0)
				continue;
			link[n] = '\0';
			if (strcmp(link, real) != 0)
				continue;
			snprintf(fdpath, sizeof fdpath, "/proc/%ld/comm", pid);
			comm[0] = '\0';
			if ((fp = fopen(fdpath, "r")) != NULL) {
				if (fgets(comm, sizeof comm, fp) == NULL)
					comm[0] = '\0';
				fclose(fp);
			}
			comm[strcspn(comm, "\n")] = '\0';
			snprintf(out + strlen(out), size - strlen(out),
				 "%s%ld (%s)", found ? ", " : "", pid, comm);
			found++;
			break;
		}
		closedir(fds);
	}
	closedir(proc);
}

static int grab(struct evdev *ev, struct err *err)
{
	char holders[256];

	if (ioctl(ev->fd, EVIOCGRAB, 1) == 0)
		return 0;
	if (errno == ENOTTY || errno == EINVAL)
		return err_set(err,
			       "%s is not an input event device (use "
			       "/dev/input/by-id/...-event-kbd)",
			       ev->path);
	if (errno != EBUSY)
		return err_sys(err, "grabbing %s (EVIOCGRAB)", ev->path);
	find_holders(ev->path, holders, sizeof holders);
	if (holders[0] != '\0')
		return err_set(err,
			       "%s is grabbed by another program, likely "
			       "%s: stop it, or keep the desktop off the "
			       "scanner (udev ENV{LIBINPUT_IGNORE_DEVICE}"
			       "=\"1\")",
			       ev->path, holders);
	return err_set(err,
		       "%s is grabbed by another program (none found "
		       "with it open; is another packdesk running?)",
		       ev->path);
}

static int evdev_connect(struct scanner *sc, struct err *err)
{
	struct evdev *ev = sc->impl;
	struct stat st;

	ev->fd = open(ev->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (ev->fd < 0) {
		if (errno == ENOENT)
			return err_set(err,
				       "%s: no such device (is the "
				       "scanner plugged in?)",
				       ev->path);
		if (errno == EACCES)
			return err_set(err,
				       "%s: permission denied (a udev "
				       "rule must give the station's "
				       "user access)",
				       ev->path);
		return err_sys(err, "opening %s", ev->path);
	}
	if (fstat(ev->fd, &st) != 0) {
		err_sys(err, "%s", ev->path);
		goto fail;
	}
	/* Only a real input node can be grabbed; pipes, FIFOs and files feed
	 * recorded events to the same reader. */
	if (S_ISCHR(st.st_mode)) {
		if (grab(ev, err) != 0)
			goto fail;
	} else if (!S_ISFIFO(st.st_mode) && !S_ISREG(st.st_mode)) {
		err_set(err, "%s is not an input event device", ev->path);
		goto fail;
	}
	ev->nin = 0;
	ev->caps = 0;
	reset_mods(ev);
	return 0;
fail:
	close(ev->fd);
	ev->fd = -1;
	return ERR_FAIL;
}

static void evdev_disconnect(struct scanner *sc)
{
	struct evdev *ev = sc->impl;

	/* Closing ends the grab. */
	if (ev->fd >= 0)
		close(ev->fd);
	ev->fd = -1;
}

static int evdev_fd(struct scanner *sc)
{
	struct evdev *ev = sc->impl;

	return ev->fd;
}

static void put(char *out, size_t cap, size_t *n, const char *text)
{
	size_t len = strlen(text);

	if (len <= cap - *n) {
		memcpy(out + *n, text, len);
		*n += len;
	}
}

/* The control character Ctrl types with the key whose plain text is t:
 * Ctrl+A = 0x01 ... Ctrl+] = 0x1d (GS); 0 for none. */
static char control(const char *t)
{
	unsigned char c = (unsigned char)t[0];

	if (t[0] == '\0' || t[1] != '\0')
		return 0;
	if (c < 0x20)
		return (char)c; /* Enter, Tab stay themselves */
	if (c >= 'a' && c <= 'z')
		return (char)(c - 'a' + 1);
	if (c == '@' || c == '[' || c == '\\' || c == ']' || c == '^' ||
	    c == '_')
		return (char)(c & 0x1f);
	return 0;
}

static unsigned mod_bit(unsigned code)
{
	switch (code) {
	case KEY_LEFTSHIFT: /* 42 */
		return MOD_LSHIFT;
	case KEY_RIGHTSHIFT: /* 54 */
		return MOD_RSHIFT;
	case KEY_LEFTCTRL: /* 29 */
		return MOD_LCTRL;
	case KEY_RIGHTCTRL: /* 97 */
		return MOD_RCTRL;
	case KEY_RIGHTALT: /* 100, AltGr */
		return MOD_ALTGR;
	default:
		return 0;
	}
}

/* Decodes one event, appending its text (at most EVDEV_OUT_MAX bytes). */
static void decode(struct evdev *ev, const struct input_event *e, char *out,
		   size_t cap, size_t *n)
{
	const struct keymap_key *k;
	enum keymap_level level;
	unsigned bit;
	const char *t;
	char ctl[2];

	if (e->type == EV_SYN && e->code == SYN_DROPPED) {
		/* The kernel's buffer overflowed: releases may be lost. */
		reset_mods(ev);
		return;
	}
	if (e->type != EV_KEY)
		return;
	bit = mod_bit(e->code);
	if (bit != 0) {
		if (e->value == 1)
			ev->mods |= bit;
		else if (e->value == 0)
			ev->mods &= ~bit;
		return;
	}
	if (e->value != 1) /* release, autorepeat (2), nonsense */
		return;
	if (e->code == KEY_CAPSLOCK) {
		ev->caps = !ev->caps;
		return;
	}
	k = keymap_key(ev->km, e->code);
	if (k == NULL)
		return;
	if (ev->mods & (MOD_LCTRL | MOD_RCTRL)) {
		t = k->text[KEYMAP_PLAIN];
		ctl[0] = t != NULL ? control(t) : 0;
		ctl[1] = '\0';
		if (ctl[0] != 0)
			put(out, cap, n, ctl);
		if (ctl[0] == '\r' || ctl[0] == '\t')
			reset_mods(ev);
		return;
	}
	if (ev->mods & MOD_ALTGR)
		level = KEYMAP_ALTGR;
	else if (!(ev->mods & (MOD_LSHIFT | MOD_RSHIFT)) !=
		 !(ev->caps && (k->flags & KEYMAP_LETTER)))
		level = KEYMAP_SHIFT;
	else
		level = KEYMAP_PLAIN;
	t = k->text[level];
	if (t == NULL)
		return;
	if (ev->dead != NULL) {
		put(out, cap, n, ev->dead);
		ev->dead = NULL;
		if (e->code == KEY_SPACE)
			return;
	}
	if (k->flags & (KEYMAP_DEAD << level)) {
		ev->dead = t;
		return;
	}
	put(out, cap, n, t);
	if (e->code == KEY_ENTER || e->code == KEY_KPENTER ||
	    e->code == KEY_TAB)
		reset_mods(ev);
}

static int evdev_read(struct scanner *sc, void *buf, size_t len, size_t *got,
		      struct err *err)
{
	struct evdev *ev = sc->impl;
	size_t max = len / EVDEV_OUT_MAX, have, nrec, i;
	struct input_event e;
	ssize_t r;

	*got = 0;
	if (max > EVDEV_BATCH)
		max = EVDEV_BATCH;
	if (max == 0)
		return err_set(err, "%s: read buffer too small", ev->path);
	/* ev->nin < EV_SIZE <= max * EV_SIZE: there is always room. */
	do
		r = read(ev->fd, ev->in + ev->nin, max * EV_SIZE - ev->nin);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		if (errno == EAGAIN)
			return SCANNER_READ_OK; /* woken for nothing */
		if (errno == ENODEV)
			return SCANNER_READ_GONE; /* unplugged */
		return err_sys(err, "reading %s", ev->path);
	}
	if (r == 0)
		return SCANNER_READ_GONE; /* a FIFO's writer closed it */
	have = ev->nin + (size_t)r;
	nrec = have / EV_SIZE;
	for (i = 0; i < nrec; i++) {
		memcpy(&e, ev->in + i * EV_SIZE, EV_SIZE);
		decode(ev, &e, buf, len, got);
	}
	ev->nin = have - nrec * EV_SIZE;
	memmove(ev->in, ev->in + nrec * EV_SIZE, ev->nin);
	return SCANNER_READ_OK;
}

static void evdev_close(struct scanner *sc)
{
	free(sc->impl);
	sc->impl = NULL;
}

const struct scanner_ops scanner_evdev_ops = {
	.scheme = "evdev:",
	.flags = 0, /* end of input is an unplug, not the end of the station */
	.open = evdev_open,
	.connect = evdev_connect,
	.disconnect = evdev_disconnect,
	.fd = evdev_fd,
	.read = evdev_read,
	.close = evdev_close,
};
