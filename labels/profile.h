/* Printer profiles: what a model can do, as data files a shop can add to
 * (assets/profiles/NAME.ini, or the config's profile directory). Encoders
 * read the profile; nothing about a model is compiled in. */
#ifndef PACKDESK_PROFILE_H
#define PACKDESK_PROFILE_H

#include "err.h"

enum profile_language {
	PROFILE_ESCPOS, /* receipt printers: Epson TM and clones */
	PROFILE_ZPL,    /* Zebra ZPL II label printers */
	PROFILE_TSPL,   /* TSC TSPL/TSPL2 label printers */
};

enum profile_cjk {
	PROFILE_CJK_NONE,    /* no Chinese font: CJK text is rasterised */
	PROFILE_CJK_BIG5,    /* FS & + Big5 (Traditional Chinese firmware) */
	PROFILE_CJK_GB18030, /* FS & + GB18030/GBK (Simplified firmware) */
};

enum profile_cutter {
	PROFILE_CUT_NONE,
	PROFILE_CUT_PARTIAL,
	PROFILE_CUT_FULL,
};

#define PROFILE_CODEPAGES 8

/* A single-byte code page the printer has, and the ESC t number that
 * selects it on this model (numbers above 19 differ between makers). */
struct profile_codepage {
	char name[16]; /* iconv name: "CP437", "CP858", "CP1252" */
	int number;    /* ESC t n */
};

struct profile {
	char name[64];         /* file stem: "epson-tm-t20iii" */
	char description[128]; /* "Epson TM-T20III, 80 mm receipt" */
	enum profile_language language;
	int dpi;          /* 203 or 300 */
	int width_dots;   /* printable width: 576, 384, 812 */
	int height_dots;  /* label length; 0 for continuous receipt paper */
	int columns;      /* Font A columns across (ESC/POS); 0 otherwise */
	struct profile_codepage codepages[PROFILE_CODEPAGES];
	int ncodepages;   /* in order of preference */
	enum profile_cjk cjk;
	enum profile_cutter cutter;
	int native_qr;      /* GS ( k / ^BQ / QRCODE; else a raster image */
	int native_barcode; /* GS k / ^BC / BARCODE; else a raster image */
	int buzzer; /* a buzzer answering ESC B n t (clones; Epson's optional
		       buzzer takes ESC ( A, not supported yet) */
	char dialect[32];   /* "epson", "star", "zebra", "tsc" */
	/* The slip template this printer's media wants (a 2x1 in label has
	 * room for the order barcode only); "" = the station's template. */
	char template_name[64];
};

/* Loads assets/profiles/NAME.ini from the first directory of dirs (a
 * colon-separated list) that has it. Errors read FILE:LINE: reason. */
int profile_load_file(struct profile *p, const char *path, struct err *err);
int profile_find(struct profile *p, const char *name, const char *dirs,
		 struct err *err);
/* Calls fn with every profile in dirs, sorted by name; stops on non-zero. */
int profile_each(const char *dirs, int (*fn)(const struct profile *p,
					     void *arg),
		 void *arg, struct err *err);
/* The directories profiles are looked for in by default: the source tree's
 * assets (when run from it) then the installed data directory. */
const char *profile_default_dirs(void);

#endif
