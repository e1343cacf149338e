/* Reading the machine for doctor: paths under the overridable roots, small
 * sysfs attributes, directory listings, and the USB device above a node. */
#include "doctor.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int doctor_path(char *out, size_t outsz, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, outsz, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

int doctor_read_line(const char *path, char *out, size_t outsz)
{
	FILE *f = fopen(path, "r");
	char *ok;

	out[0] = '\0';
	if (f == NULL)
		return -1;
	ok = fgets(out, (int)outsz, f);
	fclose(f);
	if (ok == NULL)
		return -1;
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

/* scandir's filter has no argument: the one in use is kept here for the
 * duration of one doctor_names() call (doctor is single-threaded). */
static int (*names_keep)(const char *name);

static int names_filter(const struct dirent *e)
{
	return e->d_name[0] != '.' && names_keep(e->d_name);
}

int doctor_names(const char *dir, int (*keep)(const char *name), char ***names)
{
	struct dirent **list;
	char **out;
	int i, n;

	*names = NULL;
	names_keep = keep;
	n = scandir(dir, &list, names_filter, versionsort);
	if (n <= 0)
		return 0; /* absent or empty: nothing of that kind here */
	out = calloc((size_t)n, sizeof *out);
	for (i = 0; i < n; i++) {
		if (out != NULL)
			out[i] = strdup(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	if (out == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (out[i] == NULL) {
			doctor_names_free(out, n);
			return 0;
		}
	*names = out;
	return n;
}

void doctor_names_free(char **names, int n)
{
	int i;

	for (i = 0; i < n && names != NULL; i++)
		free(names[i]);
	free(names);
}

/* Reads the USB device attributes in dir when it is one (has idVendor). */
static int usb_read(const char *dir, struct doctor_usb *usb)
{
	char p[PATH_MAX + 32];

	if (doctor_path(p, sizeof p, "%s/idVendor", dir) != 0 ||
	    doctor_read_line(p, usb->vid, sizeof usb->vid) != 0)
		return -1;
	if (doctor_path(p, sizeof p, "%s/idProduct", dir) != 0 ||
	    doctor_read_line(p, usb->pid, sizeof usb->pid) != 0)
		return -1;
	if (doctor_path(p, sizeof p, "%s/product", dir) == 0)
		doctor_read_line(p, usb->product, sizeof usb->product);
	if (doctor_path(p, sizeof p, "%s/manufacturer", dir) == 0)
		doctor_read_line(p, usb->manufacturer,
				 sizeof usb->manufacturer);
	return 0;
}

/* Walks up from the node's device directory, as udev's ATTRS{} does, to
 * the USB device whose idVendor/idProduct a rule must match. */
int doctor_usb_find(const struct doctor *d, const char *sysdir,
		    struct doctor_usb *usb)
{
	char root[PATH_MAX], dir[PATH_MAX];
	size_t rootlen;
	char *slash;

	memset(usb, 0, sizeof *usb);
	if (realpath(d->sys_root, root) == NULL ||
	    realpath(sysdir, dir) == NULL)
		return -1;
	rootlen = strlen(root);
	while (strlen(dir) > rootlen && strncmp(dir, root, rootlen) == 0) {
		if (usb_read(dir, usb) == 0)
			return 0;
		slash = strrchr(dir, '/');
		if (slash == NULL)
			break;
		*slash = '\0';
	}
	memset(usb, 0, sizeof *usb);
	return -1;
}

void doctor_usb_describe(char *out, size_t outsz, const struct doctor_usb *usb,
			 const char *why)
{
	if (usb->vid[0] == '\0')
		snprintf(out, outsz, "(no USB IDs in sysfs)");
	else
		snprintf(out, outsz, "%s%s[%s:%s%s%s]", usb->product,
			 usb->product[0] ? " " : "", usb->vid, usb->pid,
			 why[0] ? ", " : "", why);
}
