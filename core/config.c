#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum opt_type { OPT_STR, OPT_INT, OPT_BOOL };

struct opt {
	const char *section;
	const char *name;
	enum opt_type type;
	size_t offset, size; /* into struct config */
	const char *def;
	int min, max; /* OPT_INT bounds */
	const char *help;
	const char *choices; /* OPT_STR: "a|b|c", the only values, or NULL */
};

#define STR(sec, name, field, def, help)                                       \
	{sec, name, OPT_STR, offsetof(struct config, field),                   \
	 sizeof(((struct config *)0)->field), def, 0, 0, help, NULL}
#define INT(sec, name, field, def, lo, hi, help)                               \
	{sec, name, OPT_INT, offsetof(struct config, field), sizeof(int), def, \
	 lo, hi, help, NULL}

/* A string that must be one of choices ("a|b"). */
#define CHOICE(sec, name, field, def, choices, help)                           \
	{sec, name, OPT_STR, offsetof(struct config, field),                   \
	 sizeof(((struct config *)0)->field), def, 0, 0, help, choices}

#define BOOL(sec, name, field, def, help)                                      \
	{sec, name, OPT_BOOL, offsetof(struct config, field), sizeof(int),     \
	 def, 0, 1, help, NULL}

static const struct opt opts[] = {
	STR("station", "id", station, "station-1",
	    "station id recorded in every event"),
	STR("station", "db", db, "/var/lib/packdesk/packdesk.db",
	    "the SQLite database"),
	STR("station", "scanner", scanner, "stdin",
	    "scanner URIs, space-separated: stdin, evdev:/dev/input/...,"
	    " hid:VID:PID[:SERIAL], serial:/dev/ttyACM0?baud=9600"),
	STR("scanner", "terminator", scan_terminator, "any",
	    "what ends a scan: cr, lf, crlf, tab or any (CR, LF or Tab)"),
	INT("scanner", "gap_ms", scan_gap_ms, "0", 0, 5000,
	    "silence in ms that ends a scan without a suffix (0 = off)"),
	INT("scanner", "aim", scan_aim, "1", 0, 1,
	    "recognise and strip AIM symbology identifiers (]C0, ]E0, ...)"),
	INT("scanner", "max_length", scan_max_length, "256", 1, 256,
	    "longest scan accepted; longer scans are rejected"),
	STR("scanner", "strip_prefix", scan_strip_prefix, "",
	    "text removed from the start of every scan"),
	STR("scanner", "strip_suffix", scan_strip_suffix, "",
	    "text removed from the end of every scan"),
	STR("station", "printer", printer, "preview:/var/lib/packdesk/slips",
	    "printer URI: file:PATH, socket://HOST:PORT, preview:DIR"),
	STR("station", "paper", paper, "80mm", "receipt width: 80mm or 58mm"),
	STR("station", "operator", operator_name, "",
	    "operator recorded in events until someone logs in with a "
	    "LOGIN:<name> barcode"),
	CHOICE("station", "mode", mode, "print-on-scan", "print-on-scan|verify",
	       "print-on-scan: the order scan prints the slip; verify: every "
	       "item is scanned first and the slip prints when the order is "
	       "complete"),
	BOOL("station", "require_login", require_login, "no",
	     "order scans are refused until an operator scans LOGIN:<name>"),
	INT("station", "hold_timeout", hold_timeout, "0", 0, 86400,
	    "seconds a printer fault may hold a slip before it is given up "
	    "(slip_failed); 0 = wait until the printer is back"),
	STR("station", "template_dir", template_dir, "",
	    "the shop's own templates, searched before the installed ones"),
	STR("station", "template", slip_template, "slip.tmpl",
	    "the packing slip template for receipt printers (a file name in "
	    "the template dirs)"),
	STR("station", "label_template", label_template, "label-4x6.tmpl",
	    "the packing slip template for label printers (ZPL, TSPL)"),
	STR("station", "profile", profile, "",
	    "printer profile (see packctl profiles); empty = the one for "
	    "station.paper"),
	STR("shop", "name", shop_name, "Packdesk Demo Shop",
	    "shop name printed on the slip"),
	STR("shop", "returns_url", returns_url, "",
	    "returns portal URL template ({order}, {zip}, {email}); empty = "
	    "no returns QR"),
	INT("shop", "returns_days", returns_days, "30", 0, 3650,
	    "return window in days (0 = not printed)"),
	INT("shop", "exchange_bonus", exchange_bonus, "0", 0, 100,
	    "extra store credit in percent on exchanges (0 = not printed)"),
	STR("shop", "thanks", thanks, "Thank you for your order!",
	    "closing line of the slip"),
	STR("content", "locale", locale, "en",
	    "slip language when the Shipping Country does not pick one "
	    "(TW/HK/MO: zh-TW, ID: id): en, zh-TW, id"),
	STR("content", "portal_url", portal_url, "",
	    "order management portal URL template ({order}, {zip}, {email}); "
	    "empty = no portal QR"),
	STR("content", "csat_url", csat_url, "",
	    "feedback survey URL template; empty = no feedback QR"),
	BOOL("content", "free_returns", free_returns, "no",
	     "returns are free for the customer: yes or no"),
	STR("content", "referral_code", referral_code, "",
	    "discount code the customer can share; empty = no referral block"),
	STR("content", "referral_offer", referral_offer, "",
	    "what the code gives, e.g. \"15% off\""),
	STR("content", "community_url", community_url, "",
	    "the shop's community URL template; empty = no invitation"),
	STR("content", "related_sku", related_sku, "",
	    "catalog SKU of a product to recommend; empty = none"),
	STR("content", "related_text", related_text, "",
	    "one line about the recommended product"),
	STR("content", "related_url", related_url, "",
	    "URL template of the recommended product ({sku}, {order})"),
};
#define NOPTS (sizeof opts / sizeof opts[0])

static const struct opt *find(const char *section, const char *name)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (strcmp(opts[i].name, name) == 0 &&
		    (section == NULL || strcmp(opts[i].section, section) == 0))
			return &opts[i];
	return NULL;
}

/* 1 when value is one of the '|'-separated choices. */
static int choice_ok(const char *choices, const char *value)
{
	size_t n = strlen(value);
	const char *p = choices, *bar;

	for (;;) {
		bar = strchr(p, '|');
		if (bar == NULL)
			return strcmp(p, value) == 0;
		if ((size_t)(bar - p) == n && strncmp(p, value, n) == 0)
			return 1;
		p = bar + 1;
	}
}

static int set(struct config *c, const struct opt *o, const char *value,
	       struct err *err)
{
	char *p = (char *)c + o->offset, *end;
	long v;

	if (o->type == OPT_BOOL) {
		static const char *const yes[] = {"yes", "true", "on", "1"};
		static const char *const no[] = {"no", "false", "off", "0"};
		size_t i;

		for (i = 0; i < 4; i++)
			if (strcmp(value, yes[i]) == 0 ||
			    strcmp(value, no[i]) == 0) {
				*(int *)(void *)p = strcmp(value, yes[i]) == 0;
				return 0;
			}
		return err_set(err, "%s must be yes or no, not \"%s\"",
			       o->name, value);
	}
	if (o->type == OPT_STR) {
		if (o->choices != NULL && !choice_ok(o->choices, value))
			return err_set(err, "%s must be one of %s, not \"%s\"",
				       o->name, o->choices, value);
		if (strlen(value) >= o->size)
			return err_set(err, "%s is longer than %zu bytes",
				       o->name, o->size - 1);
		memcpy(p, value, strlen(value) + 1);
		return 0;
	}
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < o->min ||
	    v > o->max)
		return err_set(err, "%s must be a whole number from %d to %d, "
				    "not \"%s\"",
			       o->name, o->min, o->max, value);
	*(int *)(void *)p = (int)v;
	return 0;
}

void config_defaults(struct config *c)
{
	size_t i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < NOPTS; i++)
		set(c, &opts[i], opts[i].def, NULL);
}

int config_set(struct config *c, const char *key, const char *value,
	       struct err *err)
{
	const char *dot = strchr(key, '.');
	char section[32];
	const struct opt *o;

	if (dot != NULL && (size_t)(dot - key) < sizeof section) {
		memcpy(section, key, (size_t)(dot - key));
		section[dot - key] = '\0';
		o = find(section, dot + 1);
	} else {
		o = find(NULL, key);
	}
	if (o == NULL)
		return err_set(err, "unknown setting \"%s\"", key);
	return set(c, o, value, err);
}

struct load {
	struct config *c;
	struct err first; /* inih reports the line of the first failure */
};

static int on_value(void *arg, const char *section, const char *name,
		    const char *value)
{
	struct load *l = arg;
	const struct opt *o = find(section, name);
	struct err e;

	err_clear(&e);
	if (o == NULL)
		err_set(&e, "unknown setting \"%s\" in [%s]", name, section);
	else
		set(l->c, o, value, &e);
	if (err_isset(&e)) {
		err_set(&l->first, "%s", e.msg);
		return 0;
	}
	return 1;
}

int config_load(struct config *c, const char *path, int required,
		struct err *err)
{
	struct load l = {c, {{0}}};
	FILE *f = fopen(path, "r");
	int rc;

	if (f == NULL) {
		if (!required && errno == ENOENT)
			return 0;
		return err_sys(err, "%s", path);
	}
	rc = ini_parse_file(f, on_value, &l);
	fclose(f);
	if (rc > 0)
		return err_set(err, "%s:%d: %s", path, rc,
			       err_isset(&l.first) ? l.first.msg
						   : "not a valid setting line");
	if (rc < 0)
		return err_set(err, "%s: cannot read", path);
	return 0;
}

int config_init(struct config *c, const char *explicit_path, struct err *err)
{
	const char *env = getenv("PACKDESK_CONFIG");

	config_defaults(c);
	if (explicit_path != NULL)
		return config_load(c, explicit_path, 1, err);
	if (env != NULL && env[0] != '\0')
		return config_load(c, env, 1, err);
	return config_load(c, CONFIG_DEFAULT_PATH, 0, err);
}

void config_print_reference(FILE *out)
{
	const char *section = "";
	size_t i;

	for (i = 0; i < NOPTS; i++) {
		if (strcmp(section, opts[i].section) != 0) {
			section = opts[i].section;
			fprintf(out, "%s[%s]\n", i > 0 ? "\n" : "", section);
		}
		fprintf(out, "# %s\n%s = %s\n", opts[i].help, opts[i].name,
			opts[i].def);
	}
}
