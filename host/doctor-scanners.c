/* Scanners as the machine shows them: keyboard-wedge event nodes, HID POS
 * hidraw nodes and CDC-ACM serial ports, whether this user can open them,
 * and the URI to give --scanner. */
#include "doctor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KBD_MAX 64

/* USB vendor IDs of scanner makers (the same list as the udev rules). */
static const struct {
	const char *vid;
	const char *maker;
} scanner_vendors[] = {
    {"0c2e", "Honeywell"}, /* Honeywell / Metrologic */
    {"0536", "Honeywell"}, /* Hand Held Products */
    {"05e0", "Zebra"},	   /* Symbol Technologies */
    {"05f9", "Datalogic"}, /* Datalogic / PSC */
    {"1eab", "Newland"},   /* Fujian Newland Auto-ID */
    {"065a", "Opticon"},   /* Opticon Sensors Europe */
};

/* Words in a product name, maker or by-id link that mean "scanner".
 * Cheap scanners (Netum, Inateck, Eyoyo) often use generic chip vendor IDs
 * and are recognised by name only, if at all. */
static const char *const scanner_words[] = {
    "scanner", "barcode", "bar code",  "honeywell", "metrologic",
    "zebra",   "symbol",  "datalogic", "newland",   "opticon",
    "netum",   "inateck", "eyoyo",     "hand held", "handheld",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int scanner_like(const char *vid, const char *const *texts,
			size_t ntexts, const char **why)
{
	char t[DOCTOR_PATH_MAX], *c;
	size_t i, j;

	for (i = 0; i < NELEM(scanner_vendors); i++)
		if (vid != NULL && strcmp(vid, scanner_vendors[i].vid) == 0) {
			*why = scanner_vendors[i].maker;
			return 1;
		}
	for (i = 0; i < ntexts; i++) {
		/* by-id links spell spaces as '_': "Bar_Code_Scanner". */
		snprintf(t, sizeof t, "%s", texts[i] != NULL ? texts[i] : "");
		for (c = t; *c != '\0'; c++)
			if (*c == '_')
				*c = ' ';
		for (j = 0; j < NELEM(scanner_words); j++)
			if (strcasestr(t, scanner_words[j]) != NULL) {
				*why = scanner_words[j];
				return 1;
			}
	}
	*why = "";
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* One keyboard event node and the stable links that name it. */
struct kbd {
	char event[32];
	char by_id[DOCTOR_PATH_MAX];
	char by_path[DOCTOR_PATH_MAX];
};

static int is_kbd_link(const char *name)
{
	size_t n = strlen(name), k = strlen("-event-kbd");

	return n > k && strcmp(name + n - k, "-event-kbd") == 0;
}

static struct kbd *kbd_slot(struct kbd *k, int *n, const char *event)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp(k[i].event, event) == 0)
			return &k[i];
	if (*n == KBD_MAX || strlen(event) >= sizeof k->event)
		return NULL;
	memset(&k[*n], 0, sizeof k[*n]);
	snprintf(k[*n].event, sizeof k->event, "%s", event);
	return &k[(*n)++];
}

static void kbd_collect(const struct doctor *d, const char *sub, int by_id,
			struct kbd *k, int *n)
{
	char dir[DOCTOR_PATH_MAX], link[DOCTOR_PATH_MAX], target[256];
	char **names;
	struct kbd *slot;
	ssize_t len;
	int i, count;

	if (doctor_path(dir, sizeof dir, "%s/input/%s", d->dev_root, sub) != 0)
		return;
	count = doctor_names(dir, is_kbd_link, &names);
	for (i = 0; i < count; i++) {
		if (doctor_path(link, sizeof link, "%s/%s", dir, names[i]) != 0)
			continue;
		len = readlink(link, target, sizeof target - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (strncmp(base_name(target), "event", 5) != 0)
			continue;
		slot = kbd_slot(k, n, base_name(target));
		if (slot != NULL)
			snprintf(by_id ? slot->by_id : slot->by_path,
				 sizeof slot->by_id, "%s", link);
	}
	doctor_names_free(names, count);
}

static int kbd_cmp(const void *a, const void *b)
{
	return strverscmp(((const struct kbd *)a)->event,
			  ((const struct kbd *)b)->event);
}

static void kbd_check(struct doctor *d, const struct kbd *k)
{
	char node[DOCTOR_PATH_MAX], sysdir[DOCTOR_PATH_MAX];
	char name[256], p[DOCTOR_PATH_MAX + 8], match[160], grp[64];
	char fix[DOCTOR_TEXT_MAX];
	const char *texts[4], *why, *link;
	struct doctor_usb usb;
	int scanner;

	if (doctor_path(node, sizeof node, "%s/input/%s", d->dev_root,
			k->event) != 0 ||
	    doctor_path(sysdir, sizeof sysdir, "%s/class/input/%s/device",
			d->sys_root, k->event) != 0)
		return;
	/* The built-in or a Bluetooth keyboard is no scanner candidate. */
	if (doctor_usb_find(d, sysdir, &usb) != 0)
		return;
	snprintf(p, sizeof p, "%s/name", sysdir);
	if (doctor_read_line(p, name, sizeof name) != 0)
		snprintf(name, sizeof name, "%s", usb.product);
	texts[0] = name, texts[1] = base_name(k->by_id);
	texts[2] = usb.product, texts[3] = usb.manufacturer;
	scanner = scanner_like(usb.vid, texts, 4, &why);
	/* A scanner with a real name keeps its by-id link; generic "USB
	 * Keyboard" IDs repeat between devices, the port path does not. */
	link =
	    (scanner && k->by_id[0]) || !k->by_path[0] ? k->by_id : k->by_path;
	if (access(node, R_OK) == 0) {
		doctor_report(d, DOCTOR_OK, scanner ? "scanner" : "keyboard",
			      NULL, "%s [%s:%s%s%s] %s: readable; use evdev:%s",
			      name, usb.vid, usb.pid, scanner ? ", " : "", why,
			      node, link);
		return;
	}
	if (errno == ENOENT) {
		doctor_report(d, DOCTOR_WARN, scanner ? "scanner" : "keyboard",
			      NULL, "%s: the link points to a missing node %s",
			      link, node);
		return;
	}
	snprintf(match, sizeof match,
		 "SUBSYSTEM==\"input\", ATTRS{idVendor}==\"%s\", "
		 "ATTRS{idProduct}==\"%s\"",
		 usb.vid, usb.pid);
	doctor_node_group(node, grp, sizeof grp);
	doctor_perm_fix(d, fix, sizeof fix, match, DOCTOR_SCANNER_GROUP,
			"ENV{LIBINPUT_IGNORE_DEVICE}=\"1\"", grp);
	doctor_report(
	    d, scanner ? DOCTOR_FAIL : DOCTOR_WARN,
	    scanner ? "scanner" : "keyboard", fix,
	    "%s [%s:%s%s%s] %s: not readable by %s (group %s)%s; "
	    "then use evdev:%s",
	    name, usb.vid, usb.pid, scanner ? ", " : "", why, node, d->user,
	    grp, scanner ? "" : "; a keyboard, fix only if it is a scanner",
	    link);
}

void doctor_check_keyboards(struct doctor *d)
{
	struct kbd *k = calloc(KBD_MAX, sizeof *k);
	int i, n = 0, before = d->n;

	if (k == NULL) {
		doctor_report(d, DOCTOR_WARN, "keyboards", NULL,
			      "out of memory");
		return;
	}
	kbd_collect(d, "by-id", 1, k, &n);
	kbd_collect(d, "by-path", 0, k, &n);
	qsort(k, (size_t)n, sizeof *k, kbd_cmp);
	for (i = 0; i < n; i++)
		kbd_check(d, &k[i]);
	free(k);
	if (d->n == before)
		doctor_report(d, DOCTOR_OK, "keyboards", NULL,
			      "no USB keyboard or keyboard-wedge scanner "
			      "under %s/input",
			      d->dev_root);
}

static int is_hidraw(const char *name)
{
	return strncmp(name, "hidraw", 6) == 0;
}

static void hidraw_check(struct doctor *d, const char *dev)
{
	char node[DOCTOR_PATH_MAX], sysdir[DOCTOR_PATH_MAX], desc[300];
	char match[160], grp[64], fix[DOCTOR_TEXT_MAX];
	const char *texts[2], *why;
	struct doctor_usb usb;

	if (doctor_path(node, sizeof node, "%s/%s", d->dev_root, dev) != 0 ||
	    doctor_path(sysdir, sizeof sysdir, "%s/class/hidraw/%s/device",
			d->sys_root, dev) != 0 ||
	    doctor_usb_find(d, sysdir, &usb) != 0)
		return;
	texts[0] = usb.product, texts[1] = usb.manufacturer;
	/* Mice and keyboards have hidraw nodes too: report scanners only. */
	if (!scanner_like(usb.vid, texts, 2, &why))
		return;
	doctor_usb_describe(desc, sizeof desc, &usb, why);
	if (access(node, R_OK) == 0) {
		doctor_report(d, DOCTOR_OK, "hid-scanner", NULL,
			      "%s %s: readable; use hid:%s:%s", desc, node,
			      usb.vid, usb.pid);
		return;
	}
	snprintf(match, sizeof match,
		 "SUBSYSTEM==\"hidraw\", ATTRS{idVendor}==\"%s\", "
		 "ATTRS{idProduct}==\"%s\"",
		 usb.vid, usb.pid);
	doctor_node_group(node, grp, sizeof grp);
	doctor_perm_fix(d, fix, sizeof fix, match, DOCTOR_SCANNER_GROUP, "",
			grp);
	doctor_report(d, DOCTOR_FAIL, "hid-scanner", fix,
		      "%s %s: not readable by %s (group %s); then use "
		      "hid:%s:%s",
		      desc, node, d->user, grp, usb.vid, usb.pid);
}

void doctor_check_hidraw(struct doctor *d)
{
	char **names;
	int i, n, before = d->n;

	n = doctor_names(d->dev_root, is_hidraw, &names);
	for (i = 0; i < n; i++)
		hidraw_check(d, names[i]);
	doctor_names_free(names, n);
	if (d->n == before)
		doctor_report(d, DOCTOR_OK, "hid-scanner", NULL,
			      "no HID POS scanner among %d hidraw node%s", n,
			      n == 1 ? "" : "s");
}

static int is_acm(const char *name)
{
	return strncmp(name, "ttyACM", 6) == 0;
}

/* ModemManager probes every new ttyACM with AT commands: a scanner then
 * sees garbage and the station misses scans for the first seconds. */
static void acm_modemmanager(struct doctor *d, const char *node,
			     const char *match)
{
	char fix[DOCTOR_TEXT_MAX];

	if (access("/usr/sbin/ModemManager", X_OK) != 0)
		return;
	snprintf(fix, sizeof fix,
		 "add to %s: %s, ENV{ID_MM_DEVICE_IGNORE}=\"1\" (firmware/"
		 "60-packdesk.rules does this for known scanners); or sudo "
		 "systemctl disable --now ModemManager",
		 DOCTOR_LOCAL_RULES, match);
	doctor_report(d, DOCTOR_WARN, "modemmanager", fix,
		      "ModemManager is installed and may probe %s with AT "
		      "commands unless udev marks it ID_MM_DEVICE_IGNORE",
		      node);
}

static void acm_check(struct doctor *d, const char *dev)
{
	char node[DOCTOR_PATH_MAX], sysdir[DOCTOR_PATH_MAX], desc[300];
	char match[160], grp[64], fix[DOCTOR_TEXT_MAX];
	const char *texts[2], *why = "";
	struct doctor_usb usb;
	int scanner = 0;

	if (doctor_path(node, sizeof node, "%s/%s", d->dev_root, dev) != 0 ||
	    doctor_path(sysdir, sizeof sysdir, "%s/class/tty/%s/device",
			d->sys_root, dev) != 0)
		return;
	if (doctor_usb_find(d, sysdir, &usb) == 0) {
		texts[0] = usb.product, texts[1] = usb.manufacturer;
		scanner = scanner_like(usb.vid, texts, 2, &why);
		snprintf(match, sizeof match,
			 "SUBSYSTEM==\"tty\", ATTRS{idVendor}==\"%s\", "
			 "ATTRS{idProduct}==\"%s\"",
			 usb.vid, usb.pid);
	} else {
		snprintf(match, sizeof match,
			 "SUBSYSTEM==\"tty\", KERNEL==\"%s\"", dev);
	}
	doctor_usb_describe(desc, sizeof desc, &usb, why);
	acm_modemmanager(d, node, match);
	if (access(node, R_OK | W_OK) == 0) {
		doctor_report(d, DOCTOR_OK, "serial", NULL,
			      "%s %s: readable and writable; use serial:%s",
			      desc, node, node);
		return;
	}
	doctor_node_group(node, grp, sizeof grp);
	doctor_perm_fix(d, fix, sizeof fix, match, DOCTOR_SCANNER_GROUP,
			"ENV{ID_MM_DEVICE_IGNORE}=\"1\"", grp);
	doctor_report(d, scanner ? DOCTOR_FAIL : DOCTOR_WARN, "serial", fix,
		      "%s %s: not readable and writable by %s (group %s); "
		      "then use serial:%s",
		      desc, node, d->user, grp, node);
}

void doctor_check_serial(struct doctor *d)
{
	char **names;
	int i, n;

	n = doctor_names(d->dev_root, is_acm, &names);
	for (i = 0; i < n; i++)
		acm_check(d, names[i]);
	doctor_names_free(names, n);
	if (n == 0)
		doctor_report(d, DOCTOR_OK, "serial", NULL,
			      "no CDC-ACM scanner (%s/ttyACM*)", d->dev_root);
}
