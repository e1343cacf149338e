/* The station's configuration: one INI file, every key described once in a
 * table (name, default, bounds, help) that parsing, validation and
 * `--help-config` share. Command-line options override file values. */
#ifndef PACKDESK_CONFIG_H
#define PACKDESK_CONFIG_H

#include <stdio.h>

#include "err.h"

#define CONFIG_STR_MAX 1024

struct config {
	char station[64];
	char db[CONFIG_STR_MAX];
	char scanner[CONFIG_STR_MAX]; /* one or more URIs, space-separated */
	char scan_terminator[16];     /* cr, lf, crlf, tab, any */
	int scan_gap_ms;
	int scan_aim;
	int scan_max_length;
	char scan_strip_prefix[16];
	char scan_strip_suffix[16];
	char printer[CONFIG_STR_MAX];
	char paper[16];
	char operator_name[64];
	char mode[16];     /* print-on-scan or verify */
	int require_login; /* order scans need a LOGIN:<name> first */
	int hold_timeout; /* seconds a printer fault may hold a slip; 0 = no limit */
	char shop_name[128];
	char returns_url[CONFIG_STR_MAX];
	int returns_days;
	int exchange_bonus;
	char thanks[256];
	/* [content]: the optional blocks of the slip template */
	char locale[16];         /* en, zh-TW, id: when the country says none */
	char portal_url[CONFIG_STR_MAX];    /* order management; "" = none */
	char csat_url[CONFIG_STR_MAX];      /* feedback survey */
	char community_url[CONFIG_STR_MAX]; /* the shop's community */
	char referral_code[64];
	char referral_offer[128]; /* what the code gives, in the shop's words */
	char related_sku[64];     /* the product to recommend */
	char related_text[256];
	char related_url[CONFIG_STR_MAX];
	int free_returns;
	char template_dir[CONFIG_STR_MAX]; /* the shop's own templates */
	char slip_template[128];
	char label_template[128];
	char profile[64];
};

/* The system-wide file, used when neither --config nor PACKDESK_CONFIG
 * names one and it exists. */
#define CONFIG_DEFAULT_PATH PACKDESK_SYSCONFDIR "/packdesk/packdesk.conf"

void config_defaults(struct config *c);
/* Loads path over c. Errors read "FILE:LINE: reason". A missing file is an
 * error only when required is set. */
int config_load(struct config *c, const char *path, int required,
		struct err *err);
/* Finds the file (explicit path, $PACKDESK_CONFIG, the default) and loads
 * it over the defaults. */
int config_init(struct config *c, const char *explicit_path, struct err *err);
/* Sets one "section.key" (or bare key) from a string, as the file would. */
int config_set(struct config *c, const char *key, const char *value,
	       struct err *err);
/* Writes every key with its default and help, as a commented INI file. */
void config_print_reference(FILE *out);

#endif
