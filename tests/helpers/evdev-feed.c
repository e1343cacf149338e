/* evdev-feed — writes the input events a keyboard-wedge scanner set to US
 * layout sends for each SCAN (then Enter) to stdout, as struct input_event
 * records: for feeding a FIFO that packdesk reads as evdev:PATH.
 * Usage: evdev-feed SCAN...   (printable ASCII) */
#include <errno.h>
#include <linux/input.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

/* The US keyboard, key by key: what each code types plain and shifted. */
static const char plain[] = "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./ ";
static const char shifted[] =
	"~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>?";
static const unsigned short codes[] = {
	KEY_GRAVE,	    KEY_1,	   KEY_2,     KEY_3,   KEY_4,	  KEY_5,
	KEY_6,	    KEY_7,	   KEY_8,     KEY_9,   KEY_0,	  KEY_MINUS,
	KEY_EQUAL,	    KEY_Q,	   KEY_W,     KEY_E,   KEY_R,	  KEY_T,
	KEY_Y,	    KEY_U,	   KEY_I,     KEY_O,   KEY_P,	  KEY_LEFTBRACE,
	KEY_RIGHTBRACE, KEY_BACKSLASH, KEY_A,     KEY_S,   KEY_D,	  KEY_F,
	KEY_G,	    KEY_H,	   KEY_J,     KEY_K,   KEY_L,	  KEY_SEMICOLON,
	KEY_APOSTROPHE, KEY_Z,	   KEY_X,     KEY_C,   KEY_V,	  KEY_B,
	KEY_N,	    KEY_M,	   KEY_COMMA, KEY_DOT, KEY_SLASH, KEY_SPACE,
};

static struct input_event out[4096];
static size_t nout;

static int emit(unsigned type, unsigned code, int value)
{
	struct input_event *e;
	struct timeval tv;

	if (nout == sizeof out / sizeof out[0])
		return -1;
	e = &out[nout++];
	memset(e, 0, sizeof *e);
	if (gettimeofday(&tv, NULL) == 0) {
		e->input_event_sec = tv.tv_sec;
		e->input_event_usec = tv.tv_usec;
	}
	e->type = (unsigned short)type;
	e->code = (unsigned short)code;
	e->value = value;
	return 0;
}

/* A key as a keyboard reports it: MSC_SCAN, EV_KEY, SYN_REPORT. */
static int key(unsigned code, int value)
{
	if (emit(EV_MSC, MSC_SCAN, 0x70000 + (int)code) != 0 ||
	    emit(EV_KEY, code, value) != 0 || emit(EV_SYN, SYN_REPORT, 0) != 0)
		return -1;
	return 0;
}

static int type(char c)
{
	const char *p;
	unsigned code;
	int shift = 0;

	if ((p = strchr(plain, c)) != NULL && c != '\0')
		code = codes[p - plain];
	else if ((p = strchr(shifted, c)) != NULL && c != '\0') {
		code = codes[p - shifted];
		shift = 1;
	} else
		return -1;
	if ((shift && key(KEY_LEFTSHIFT, 1) != 0) || key(code, 1) != 0 ||
	    key(code, 0) != 0 || (shift && key(KEY_LEFTSHIFT, 0) != 0))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *p;
	size_t off = 0, len;
	ssize_t n;
	int i;

	if (argc < 2) {
		fputs("usage: evdev-feed SCAN...\n", stderr);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		for (p = argv[i]; *p != '\0'; p++)
			if (type(*p) != 0) {
				fprintf(stderr,
					"evdev-feed: cannot type "
					"'%c' (or too long)\n",
					*p);
				return 2;
			}
		if (key(KEY_ENTER, 1) != 0 || key(KEY_ENTER, 0) != 0) {
			fputs("evdev-feed: too long\n", stderr);
			return 2;
		}
	}
	len = nout * sizeof out[0];
	while (off < len) {
		n = write(STDOUT_FILENO, (const char *)out + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("evdev-feed: write");
			return 1;
		}
		off += (size_t)n;
	}
	return 0;
}
