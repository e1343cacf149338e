/* Printers as the machine shows them: USB printers (libusb), usblp nodes,
 * CUPS queues, and the printer the configuration names. */
#include "doctor.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "printer.h"

struct usb_walk {
	struct doctor *d;
	int n;
};

/* 1 when the kernel's usblp driver is bound to an interface of the USB
 * device at bus path loc ("1-1.2"). */
static int usblp_bound(const struct doctor *d, const char *loc)
{
	char pat[DOCTOR_PATH_MAX];
	glob_t g;
	int bound;

	if (loc[0] == '\0' ||
	    doctor_path(pat, sizeof pat, "%s/bus/usb/drivers/usblp/%s:*",
			d->sys_root, loc) != 0)
		return 0;
	bound = glob(pat, 0, NULL, &g) == 0;
	if (bound)
		globfree(&g);
	return bound;
}

static int usb_found(const struct printer_found *f, void *arg)
{
	struct usb_walk *w = arg;
	struct doctor *d = w->d;
	char match[160], fix[DOCTOR_TEXT_MAX];
	unsigned vid = 0, pid = 0;

	w->n++;
	if (strstr(f->detail, "LIBUSB_ERROR_ACCESS") != NULL &&
	    sscanf(f->uri, "usb:%4x:%4x", &vid, &pid) == 2) {
		snprintf(match, sizeof match,
			 "SUBSYSTEM==\"usb\", ATTRS{idVendor}==\"%04x\", "
			 "ATTRS{idProduct}==\"%04x\"",
			 vid, pid);
		doctor_perm_fix(d, fix, sizeof fix, match, DOCTOR_PRINTER_GROUP,
				"", "root");
		doctor_report(d, DOCTOR_FAIL, "usb-printer", fix,
			      "%s %s at %s: %s cannot open it", f->uri,
			      f->description, f->location, d->user);
		return 0;
	}
	doctor_report(d, DOCTOR_OK, "usb-printer", NULL, "%s %s at %s%s%s%s",
		      f->uri, f->description, f->location,
		      f->detail[0] ? ": " : "", f->detail,
		      usblp_bound(d, f->location)
			  ? "; usblp is bound to it (lp: works too; usb: "
			    "detaches usblp itself while printing, or "
			    "blacklist usblp in /etc/modprobe.d)"
			  : "");
	return 0;
}

void doctor_check_usb_printers(struct doctor *d)
{
	struct usb_walk w = {d, 0};
	struct err err;

	err_clear(&err);
	if (printer_usb_discover(usb_found, &w, &err) != 0)
		doctor_report(d, DOCTOR_WARN, "usb-printer", NULL,
			      "cannot ask USB: %s", err.msg);
	else if (w.n == 0)
		doctor_report(d, DOCTOR_OK, "usb-printer", NULL,
			      "no USB printer (printer class) connected");
}

static int is_lp(const char *name)
{
	return strncmp(name, "lp", 2) == 0;
}

static void lp_check(struct doctor *d, const char *dev)
{
	char node[DOCTOR_PATH_MAX], sysdir[DOCTOR_PATH_MAX], desc[300];
	char match[160], grp[64], fix[DOCTOR_TEXT_MAX];
	struct doctor_usb usb;

	if (doctor_path(node, sizeof node, "%s/usb/%s", d->dev_root, dev) !=
		0 ||
	    doctor_path(sysdir, sizeof sysdir, "%s/class/usbmisc/%s/device",
			d->sys_root, dev) != 0)
		return;
	if (doctor_usb_find(d, sysdir, &usb) == 0)
		snprintf(match, sizeof match,
			 "SUBSYSTEM==\"usbmisc\", KERNEL==\"lp[0-9]*\", "
			 "ATTRS{idVendor}==\"%s\", ATTRS{idProduct}==\"%s\"",
			 usb.vid, usb.pid);
	else
		snprintf(match, sizeof match,
			 "SUBSYSTEM==\"usbmisc\", KERNEL==\"lp[0-9]*\"");
	doctor_usb_describe(desc, sizeof desc, &usb, "");
	if (access(node, R_OK | W_OK) == 0) {
		doctor_report(d, DOCTOR_OK, "lp", NULL,
			      "%s %s: readable and writable; use lp:%s", node,
			      desc, node);
		return;
	}
	doctor_node_group(node, grp, sizeof grp);
	doctor_perm_fix(d, fix, sizeof fix, match, DOCTOR_PRINTER_GROUP,
			"SYMLINK+=\"packdesk-printer%n\"", grp);
	doctor_report(d, DOCTOR_FAIL, "lp", fix,
		      "%s %s: not readable and writable by %s (group %s); "
		      "then use lp:%s",
		      node, desc, d->user, grp, node);
}

void doctor_check_lp(struct doctor *d)
{
	char dir[DOCTOR_PATH_MAX];
	char **names;
	int i, n;

	if (doctor_path(dir, sizeof dir, "%s/usb", d->dev_root) != 0)
		return;
	n = doctor_names(dir, is_lp, &names);
	for (i = 0; i < n; i++)
		lp_check(d, names[i]);
	doctor_names_free(names, n);
	if (n == 0)
		doctor_report(d, DOCTOR_OK, "lp", NULL,
			      "no usblp device (%s/lp*)", dir);
}

static int cups_found(const struct printer_found *f, void *arg)
{
	struct usb_walk *w = arg;

	w->n++;
	doctor_report(
	    w->d, printer_state_ok(f->state) ? DOCTOR_OK : DOCTOR_WARN, "cups",
	    NULL, "%s %s (%s): %s%s%s", f->uri, f->description, f->location,
	    printer_state_name(f->state), f->detail[0] ? " - " : "", f->detail);
	return 0;
}

void doctor_check_cups(struct doctor *d)
{
	struct usb_walk w = {d, 0};
	struct err err;

	err_clear(&err);
	/* Only cups: URIs need a CUPS server: its absence is no failure. */
	if (printer_cups_discover(cups_found, &w, &err) != 0)
		doctor_report(
		    d, DOCTOR_WARN, "cups",
		    "only needed for cups: printer URIs: sudo apt-get "
		    "install cups && sudo systemctl enable --now cups",
		    "no CUPS server: %s", err.msg);
	else if (w.n == 0)
		doctor_report(d, DOCTOR_OK, "cups", NULL, "no CUPS queues");
}

void doctor_check_printer_uri(struct doctor *d)
{
	const char *uri = d->ctx->cfg.printer;
	int width = strcmp(d->ctx->cfg.paper, "58mm") == 0 ? 384 : 576;
	enum printer_state state;
	struct printer *p;
	struct err err;

	err_clear(&err);
	if (printer_open(&p, uri, width, &err) != 0) {
		doctor_report(d, DOCTOR_FAIL, "printer",
			      "set printer in the config file or pass "
			      "--printer; `packctl printers` lists the URIs",
			      "%s: cannot open: %s", uri, err.msg);
		return;
	}
	/* printer_status is bounded by the transports' own timeouts: a
	 * connect of 2 s and 1 s per DLE EOT reply. */
	printer_status(p, &state, &err);
	printer_close(p);
	if (printer_state_ok(state))
		doctor_report(d, DOCTOR_OK, "printer", NULL, "%s: %s", uri,
			      state == PRINTER_UNKNOWN
				  ? "one-way link, state cannot be asked"
				  : printer_state_name(state));
	else
		doctor_report(d, DOCTOR_FAIL, "printer",
			      printer_state_advice(state), "%s: %s%s%s", uri,
			      printer_state_name(state),
			      err_isset(&err) ? ": " : "", err.msg);
}
