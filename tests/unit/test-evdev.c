/* The evdev scanner source, end to end below the station: event streams
 * built here are written into a pipe, read by the real source through
 * scanner_open("evdev:/proc/self/fd/N") and framed by the real framer. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "scanner.h"

/* An event stream under construction. */
struct stream {
	unsigned char *buf;
	size_t len, cap;
	long usec; /* a plausible clock: 1 ms per event */
};

static void ev_add(struct stream *s, unsigned type, unsigned code, int value)
{
	struct input_event e;

	memset(&e, 0, sizeof e);
	e.input_event_sec = 1700000000 + s->usec / 1000000;
	e.input_event_usec = s->usec % 1000000;
	s->usec += 1000;
	e.type = (uint16_t)type;
	e.code = (uint16_t)code;
	e.value = value;
	if (s->len + sizeof e > s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4096;
		s->buf = realloc(s->buf, s->cap);
		assert_non_null(s->buf);
	}
	memcpy(s->buf + s->len, &e, sizeof e);
	s->len += sizeof e;
}

/* One key event as a keyboard reports it: MSC_SCAN, EV_KEY, SYN_REPORT. */
static void key(struct stream *s, unsigned code, int value)
{
	ev_add(s, EV_MSC, MSC_SCAN, 0x70000 + (int)code);
	ev_add(s, EV_KEY, code, value);
	ev_add(s, EV_SYN, SYN_REPORT, 0);
}

static void tap(struct stream *s, unsigned code)
{
	key(s, code, 1);
	key(s, code, 0);
}

static void with(struct stream *s, unsigned mod, unsigned code)
{
	key(s, mod, 1);
	tap(s, code);
	key(s, mod, 0);
}

/* Types ASCII text as a scanner set to US layout would: letters, digits,
 * '-', '#', CR. Its own table, so the keymap is not checked against
 * itself. */
static void type_us(struct stream *s, const char *text)
{
	static const char row1[] = "qwertyuiop", row2[] = "asdfghjkl",
			  row3[] = "zxcvbnm";
	const char *p;
	unsigned code;
	int shift;
	char c;

	for (; *text != '\0'; text++) {
		c = *text;
		shift = c >= 'A' && c <= 'Z';
		if (shift)
			c = (char)(c - 'A' + 'a');
		if ((p = strchr(row1, c)) != NULL && c != '\0')
			code = KEY_Q + (unsigned)(p - row1);
		else if ((p = strchr(row2, c)) != NULL && c != '\0')
			code = KEY_A + (unsigned)(p - row2);
		else if ((p = strchr(row3, c)) != NULL && c != '\0')
			code = KEY_Z + (unsigned)(p - row3);
		else if (c >= '1' && c <= '9')
			code = KEY_1 + (unsigned)(c - '1');
		else if (c == '0')
			code = KEY_0;
		else if (c == '-')
			code = KEY_MINUS;
		else if (c == '#')
			code = KEY_3, shift = 1;
		else if (c == '\r')
			code = KEY_ENTER;
		else {
			fail_msg("type_us: no key for '%c'", c);
			return;
		}
		if (shift)
			with(s, KEY_LEFTSHIFT, code);
		else
			tap(s, code);
	}
}

static void stream_free(struct stream *s)
{
	free(s->buf);
	memset(s, 0, sizeof *s);
}

#define MAX_SCANS 128

struct result {
	struct scan scans[MAX_SCANS];
	size_t n;
};

static void take(struct scanner *sc, struct result *r)
{
	struct scan scan;

	while (scanner_next(sc, &scan)) {
		assert_true(r->n < MAX_SCANS);
		r->scans[r->n++] = scan;
	}
}

/* Reads until nothing came for wait_ms (then next_ms after the first
 * read): 0, or 1 when the source reported the device gone. */
static int pump(struct scanner *sc, struct result *r, int wait_ms, int next_ms)
{
	struct pollfd pfd;
	struct err err;
	int fd, changed, rc;

	for (;;) {
		take(sc, r);
		fd = scanner_poll_fd(sc, &changed);
		if (fd < 0 && sc->raw_pos < sc->raw_len) {
			/* The framer's queue was full: frame what waits. */
			err_clear(&err);
			assert_int_equal(scanner_fill(sc, &err), SCAN_MORE);
			continue;
		}
		assert_true(fd >= 0);
		pfd.fd = fd;
		pfd.events = POLLIN;
		rc = poll(&pfd, 1, wait_ms);
		assert_true(rc >= 0);
		if (rc == 0)
			return 0;
		err_clear(&err);
		rc = scanner_fill(sc, &err);
		take(sc, r);
		if (rc == SCAN_LOST)
			return 1;
		assert_int_equal(rc, SCAN_MORE);
		wait_ms = next_ms;
	}
}

static struct scanner *open_pipe(const char *layout, int fds[2])
{
	struct scanner *sc;
	struct err err;
	char uri[128];

	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	snprintf(uri, sizeof uri, "evdev:/proc/self/fd/%d%s%s", fds[0],
		 layout ? "?layout=" : "", layout ? layout : "");
	err_clear(&err);
	assert_int_equal(scanner_open(&sc, uri, NULL, &err), 0);
	return sc;
}

/* Writes the stream into the source chunk bytes at a time (0: in one
 * write), reading after each write, then closes the pipe; the source must
 * report the device gone at the end. */
static void feed(const char *layout, const struct stream *s, size_t chunk,
		 struct result *r)
{
	struct scanner *sc;
	int fds[2], changed;
	size_t off, n;

	/* Written here, so it must fit in the pipe (64 KiB). */
	assert_true(chunk <= 65536 && (chunk != 0 || s->len <= 65536));
	sc = open_pipe(layout, fds);
	assert_true(scanner_poll_fd(sc, &changed) >= 0);
	assert_int_equal(changed, 1);
	memset(r, 0, sizeof *r);
	for (off = 0; off < s->len; off += n) {
		n = chunk == 0 || s->len - off < chunk ? s->len - off : chunk;
		assert_int_equal(write(fds[1], s->buf + off, n), (ssize_t)n);
		assert_int_equal(pump(sc, r, 1000, 0), 0);
	}
	assert_int_equal(close(fds[1]), 0);
	assert_int_equal(pump(sc, r, 1000, 0), 1);
	assert_false(sc->connected);
	scanner_close(sc);
	close(fds[0]);
}

static void expect_scans(const struct result *r, const char *const *want,
			 size_t n)
{
	size_t i;

	for (i = 0; i < r->n && i < n; i++) {
		assert_int_equal(r->scans[i].len, strlen(want[i]));
		assert_memory_equal(r->scans[i].data, want[i], r->scans[i].len);
	}
	assert_int_equal(r->n, n);
}

#define EXPECT(r, ...)                                                         \
	do {                                                                   \
		static const char *const want_[] = {__VA_ARGS__};              \
		expect_scans(r, want_, sizeof want_ / sizeof want_[0]);        \
	} while (0)

static struct result res;

static void test_us_shifted(void **state)
{
	struct stream s = {0};

	type_us(&s, "10423\r#10423\rOrder-AbC\r");
	/* Right Shift, and both shifts held with one released first. */
	with(&s, KEY_RIGHTSHIFT, KEY_X);
	key(&s, KEY_LEFTSHIFT, 1);
	key(&s, KEY_RIGHTSHIFT, 1);
	key(&s, KEY_LEFTSHIFT, 0);
	tap(&s, KEY_Y); /* right shift still held */
	key(&s, KEY_RIGHTSHIFT, 0);
	tap(&s, KEY_Z);
	/* Punctuation, keypad digits and keypad Enter (KEY_KPENTER, 96). */
	with(&s, KEY_LEFTSHIFT, KEY_SLASH);
	tap(&s, KEY_KP4);
	tap(&s, KEY_KP2);
	tap(&s, KEY_KPDOT);
	tap(&s, KEY_KPENTER);
	feed(NULL, &s, 0, &res);
	EXPECT(&res, "10423", "#10423", "Order-AbC", "XYz?42.");
	stream_free(&s);
}

static void test_key_repeat_ignored(void **state)
{
	struct stream s = {0};

	/* A key held down: press, three autorepeats, release. */
	key(&s, KEY_1, 1);
	key(&s, KEY_1, 2);
	key(&s, KEY_1, 2);
	key(&s, KEY_1, 2);
	key(&s, KEY_1, 0);
	/* Shift autorepeats while held: it stays held, and its repeat types
	 * nothing. */
	key(&s, KEY_LEFTSHIFT, 1);
	key(&s, KEY_LEFTSHIFT, 2);
	tap(&s, KEY_A);
	key(&s, KEY_LEFTSHIFT, 2);
	tap(&s, KEY_B);
	key(&s, KEY_LEFTSHIFT, 0);
	tap(&s, KEY_C);
	key(&s, KEY_ENTER, 1);
	key(&s, KEY_ENTER, 2); /* a held Enter ends one scan, not many */
	key(&s, KEY_ENTER, 0);
	type_us(&s, "2\r");
	feed(NULL, &s, 0, &res);
	EXPECT(&res, "1ABc", "2");
	stream_free(&s);
}

static void test_dropped_key_ups(void **state)
{
	struct stream s = {0};

	/* Shift pressed, its release lost: it holds until the scan's Enter,
	 * then the next scan starts unshifted. */
	key(&s, KEY_LEFTSHIFT, 1);
	tap(&s, KEY_A);
	tap(&s, KEY_ENTER);
	type_us(&s, "b\r");
	/* The same for AltGr (de: AltGr+Q = @) and Ctrl, ended by Tab. */
	key(&s, KEY_RIGHTALT, 1);
	tap(&s, KEY_Q);
	tap(&s, KEY_ENTER);
	tap(&s, KEY_Q);
	key(&s, KEY_RIGHTCTRL, 1);
	tap(&s, KEY_TAB);
	tap(&s, KEY_Q);
	tap(&s, KEY_ENTER);
	/* A key released that was never pressed changes nothing. */
	key(&s, KEY_RIGHTSHIFT, 0);
	key(&s, KEY_LEFTSHIFT, 0);
	type_us(&s, "c\r");
	feed("de", &s, 0, &res);
	EXPECT(&res, "A", "b", "@", "q\tq", "c");
	stream_free(&s);
}

static void test_burst(void **state)
{
	struct stream s = {0};
	struct scanner *sc;
	char text[32];
	int fds[2], changed, status;
	pid_t pid;
	size_t i;

	for (i = 0; i < 100; i++) {
		snprintf(text, sizeof text, "#%05zu-Ab\r", 10000 + i);
		type_us(&s, text);
	}
	/* About 190 KB: more than a pipe holds, so a child writes it in one
	 * write(2) while the source reads. */
	assert_true(s.len > 65536);
	sc = open_pipe(NULL, fds);
	assert_true(scanner_poll_fd(sc, &changed) >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		_exit(write(fds[1], s.buf, s.len) == (ssize_t)s.len ? 0 : 1);
	}
	close(fds[1]);
	memset(&res, 0, sizeof res);
	assert_int_equal(pump(sc, &res, 5000, 5000), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(res.n, 100);
	for (i = 0; i < 100; i++) {
		snprintf(text, sizeof text, "#%05zu-Ab", 10000 + i);
		assert_string_equal(res.scans[i].data, text);
	}
	scanner_close(sc);
	close(fds[0]);
	stream_free(&s);
}

static void test_garbage(void **state)
{
	struct stream s = {0};
	unsigned i;

	type_us(&s, "1");
	/* Nonsense types, codes past KEY_MAX, codes no layout types (F1,
	 * Escape, KEY_MAX), odd values: none types, none crashes. */
	ev_add(&s, 0xffff, 0xffff, 1);
	ev_add(&s, EV_REL, REL_X, 5);
	ev_add(&s, EV_ABS, ABS_X, -7);
	ev_add(&s, EV_LED, LED_CAPSL, 1);
	ev_add(&s, EV_KEY, 0xffff, 1);
	ev_add(&s, EV_KEY, KEY_MAX, 1);
	ev_add(&s, EV_KEY, KEY_CNT + 10, 1);
	ev_add(&s, EV_KEY, KEY_F1, 1);
	ev_add(&s, EV_KEY, KEY_ESC, 1);
	ev_add(&s, EV_KEY, KEY_2, 3);
	ev_add(&s, EV_KEY, KEY_2, -1);
	ev_add(&s, EV_KEY, KEY_2, 0x7fffffff);
	ev_add(&s, EV_KEY, KEY_LEFTSHIFT, 9); /* neither press nor release */
	/* Releases and repeats of any code, presses of codes past KEY_MAX. */
	for (i = 0; i < 1000; i++) {
		ev_add(&s, EV_KEY, (i * 7919) & 0xffff, 2 * (int)(i % 2));
		ev_add(&s, EV_KEY, KEY_CNT + (i * 7919) % (0x10000 - KEY_CNT),
		       1);
	}
	tap(&s, KEY_ENTER);
	type_us(&s, "2\r");
	/* SYN_DROPPED: the kernel lost events; a held Shift is forgotten. */
	key(&s, KEY_LEFTSHIFT, 1);
	ev_add(&s, EV_SYN, SYN_DROPPED, 0);
	type_us(&s, "x\r");
	feed(NULL, &s, 0, &res);
	EXPECT(&res, "1", "2", "x");
	stream_free(&s);
}

static void test_split_records(void **state)
{
	static const size_t chunks[] = {1, 5, 7, 23, 25, 47, 100};
	struct stream s = {0};
	size_t i;

	type_us(&s, "#10423\rAbc-9\r");
	for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		feed(NULL, &s, chunks[i], &res);
		EXPECT(&res, "#10423", "Abc-9");
	}
	stream_free(&s);
	/* A partial record left when the writer goes is dropped with it, and
	 * so is the scan it would have ended. */
	type_us(&s, "#10423\r9");
	ev_add(&s, EV_KEY, KEY_ENTER, 1);
	s.len -= 4;
	feed(NULL, &s, 0, &res);
	EXPECT(&res, "#10423");
	stream_free(&s);
}

static void test_de(void **state)
{
	struct stream s = {0};

	/* German: KEY_Y types z, KEY_Z types y, KEY_MINUS ß, KEY_APOSTROPHE
	 * ä, Shift+7 '/', AltGr+Q '@', AltGr+E '€'. */
	tap(&s, KEY_Y);
	tap(&s, KEY_Z);
	tap(&s, KEY_MINUS);
	tap(&s, KEY_APOSTROPHE);
	tap(&s, KEY_SEMICOLON);
	tap(&s, KEY_LEFTBRACE);
	with(&s, KEY_LEFTSHIFT, KEY_7);
	with(&s, KEY_RIGHTALT, KEY_Q);
	with(&s, KEY_RIGHTALT, KEY_E);
	with(&s, KEY_LEFTSHIFT, KEY_APOSTROPHE);
	tap(&s, KEY_SLASH);
	tap(&s, KEY_KPDOT);
	tap(&s, KEY_ENTER);
	/* Dead keys: ^ then Space is "^"; ^ then 1 is "^1"; ´ ´ is "´´". */
	tap(&s, KEY_GRAVE);
	tap(&s, KEY_SPACE);
	tap(&s, KEY_GRAVE);
	tap(&s, KEY_1);
	tap(&s, KEY_EQUAL);
	tap(&s, KEY_EQUAL);
	tap(&s, KEY_ENTER);
	/* A dead key pending at Enter is typed before it. */
	tap(&s, KEY_1);
	tap(&s, KEY_GRAVE);
	tap(&s, KEY_ENTER);
	feed("de", &s, 0, &res);
	EXPECT(&res,
	       "zy\xc3\x9f\xc3\xa4\xc3\xb6\xc3\xbc/@\xe2\x82\xac\xc3\x84-,",
	       "^^1\xc2\xb4\xc2\xb4", "1^");
	stream_free(&s);
}

static void test_fr(void **state)
{
	static const unsigned row[] = {KEY_1, KEY_2, KEY_3, KEY_4, KEY_5,
				       KEY_6, KEY_7, KEY_8, KEY_9, KEY_0};
	struct stream s = {0};
	size_t i;

	/* AZERTY: the digit row types digits only with Shift. */
	for (i = 0; i < 10; i++)
		with(&s, KEY_LEFTSHIFT, row[i]);
	tap(&s, KEY_ENTER);
	for (i = 0; i < 10; i++)
		tap(&s, row[i]);
	tap(&s, KEY_ENTER);
	/* A/Q, Z/W swapped; M right of L; Caps Lock leaves the digit row. */
	tap(&s, KEY_Q);
	tap(&s, KEY_W);
	tap(&s, KEY_A);
	tap(&s, KEY_Z);
	tap(&s, KEY_SEMICOLON);
	tap(&s, KEY_M);
	tap(&s, KEY_CAPSLOCK);
	tap(&s, KEY_Q);
	tap(&s, KEY_2);
	tap(&s, KEY_KP7); /* the keypad needs no Shift */
	tap(&s, KEY_ENTER);
	feed("fr", &s, 0, &res);
	EXPECT(&res, "1234567890", "&\xc3\xa9\"'(-\xc3\xa8_\xc3\xa7\xc3\xa0",
	       "azqwm,A\xc3\xa9"
	       "7");
	stream_free(&s);
}

static void test_caps_lock(void **state)
{
	struct stream s = {0};

	/* Caps Lock toggles on its press only (its release and repeat do
	 * nothing), shifts letters, not digits or punctuation, and Shift
	 * undoes it for letters. It outlives Enter: it is a lock. */
	key(&s, KEY_CAPSLOCK, 1);
	key(&s, KEY_CAPSLOCK, 2);
	key(&s, KEY_CAPSLOCK, 0);
	type_us(&s, "ab1-");
	with(&s, KEY_LEFTSHIFT, KEY_C);
	with(&s, KEY_LEFTSHIFT, KEY_2);
	tap(&s, KEY_ENTER);
	type_us(&s, "d\r");
	tap(&s, KEY_CAPSLOCK);
	type_us(&s, "e\r");
	feed(NULL, &s, 0, &res);
	EXPECT(&res, "AB1-c@", "D", "e");
	stream_free(&s);

	/* de: Caps Lock shifts umlauts too, not ß. */
	memset(&s, 0, sizeof s);
	tap(&s, KEY_CAPSLOCK);
	tap(&s, KEY_APOSTROPHE);
	tap(&s, KEY_MINUS);
	tap(&s, KEY_Y);
	tap(&s, KEY_ENTER);
	feed("de", &s, 0, &res);
	EXPECT(&res, "\xc3\x84\xc3\x9fZ");
	stream_free(&s);
}

static void test_ctrl(void **state)
{
	struct stream s = {0};

	/* GS1: Ctrl+] is the GS separator (0x1d); Ctrl+Space types nothing.
	 */
	type_us(&s, "0104012345");
	with(&s, KEY_LEFTCTRL, KEY_RIGHTBRACE);
	with(&s, KEY_LEFTCTRL, KEY_SPACE);
	type_us(&s, "10ab\r");
	feed(NULL, &s, 0, &res);
	EXPECT(&res, "0104012345\x1d"
		     "10ab");
	stream_free(&s);
}

static void test_uri_errors(void **state)
{
	static const struct {
		const char *uri, *msg;
	} cases[] = {
	    {"evdev:", "absolute path"},
	    {"evdev:dev/input/event3", "absolute path"},
	    {"evdev:/dev/input/event3?layout=xx", "unknown layout \"xx\" "
						  "(use us, de, fr)"},
	    {"evdev:/dev/input/event3?layout=", "unknown layout"},
	    {"evdev:/dev/input/event3?layout=usususususususususus",
	     "unknown layout"},
	    {"evdev:/dev/input/event3?speed=9", "unknown option \"speed=9\""},
	    {"evdev:/dev/input/event3?layout=us&x", "unknown option \"x\""},
	};
	struct scanner *sc;
	struct err err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err_clear(&err);
		assert_int_equal(scanner_open(&sc, cases[i].uri, NULL, &err),
				 ERR_FAIL);
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].uri,
				 err.msg, cases[i].msg);
	}
	err_clear(&err);
	assert_int_equal(
	    scanner_open(&sc, "evdev:/x?layout=fr&layout=de", NULL, &err), 0);
	scanner_close(sc);
}

/* Connecting to what is not a scanner says why, and a lost scanner is
 * looked for again only SCANNER_RETRY_MS later. */
static void test_connect_errors(void **state)
{
	static const struct {
		const char *uri, *msg;
	} cases[] = {
	    {"evdev:/nonexistent/event9", "no such device"},
	    {"evdev:/dev/null", "not an input event device"},
	    {"evdev:/proc", "not an input event device"},
	};
	struct scanner *sc;
	struct err err;
	size_t i;
	int changed;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err_clear(&err);
		assert_int_equal(scanner_open(&sc, cases[i].uri, NULL, &err),
				 0);
		assert_int_equal(scanner_poll_fd(sc, &changed), -1);
		assert_int_equal(changed, 0);
		assert_false(sc->connected);
		if (strstr(sc->why, cases[i].msg) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].uri,
				 sc->why, cases[i].msg);
		/* Not tried again at once. */
		assert_int_equal(scanner_poll_fd(sc, &changed), -1);
		assert_true(scanner_timeout(sc) > SCANNER_RETRY_MS / 2);
		scanner_close(sc);
	}
}

/* A FIFO without a writer: opening succeeds, and it does not look
 * readable, so the station does not spin; a writer that leaves is an
 * unplug. */
static void test_fifo(void **state)
{
	const char *dir = getenv("TEST_TMPDIR");
	char path[256], uri[300];
	struct stream s = {0};
	struct scanner *sc;
	struct pollfd pfd;
	struct err err;
	int changed, w;

	snprintf(path, sizeof path, "%s/fifo", dir ? dir : "/tmp");
	unlink(path);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(uri, sizeof uri, "evdev:%s", path);
	err_clear(&err);
	assert_int_equal(scanner_open(&sc, uri, NULL, &err), 0);
	pfd.fd = scanner_poll_fd(sc, &changed);
	assert_true(pfd.fd >= 0);
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 100), 0);

	w = open(path, O_WRONLY | O_CLOEXEC);
	assert_true(w >= 0);
	type_us(&s, "10423\r");
	assert_int_equal(write(w, s.buf, s.len), (ssize_t)s.len);
	close(w);
	memset(&res, 0, sizeof res);
	assert_int_equal(pump(sc, &res, 1000, 0), 1);
	EXPECT(&res, "10423");
	assert_int_equal(scanner_poll_fd(sc, &changed), -1);
	assert_true(scanner_timeout(sc) > SCANNER_RETRY_MS / 2);
	scanner_close(sc);
	unlink(path);
	stream_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_us_shifted),
	    cmocka_unit_test(test_key_repeat_ignored),
	    cmocka_unit_test(test_dropped_key_ups),
	    cmocka_unit_test(test_burst),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_split_records),
	    cmocka_unit_test(test_de),
	    cmocka_unit_test(test_fr),
	    cmocka_unit_test(test_caps_lock),
	    cmocka_unit_test(test_ctrl),
	    cmocka_unit_test(test_uri_errors),
	    cmocka_unit_test(test_connect_errors),
	    cmocka_unit_test(test_fifo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
