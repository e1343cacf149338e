# Packdesk build. `make` builds build/packdesk and build/packctl; `make check`
# runs every test, then the whole suite again under ASan/UBSan; `make run`
# starts the demo station.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/packdesk
SYSCONFDIR ?= /etc
DESTDIR ?=

BUILD   ?= build
CC      ?= cc
PKGS    := libqrencode libusb-1.0 sqlite3 libpng inih freetype2 ncursesw
SANITIZE ?=

# Dependencies are resolved lazily so that `make deps` can run first on a
# fresh machine without pkg-config errors.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcups is not linked: core/cups-lib.c loads it on first use.
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -ldl

CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wformat=2 -Wvla
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SANITIZE) -D_GNU_SOURCE -MMD -MP \
	     -Icore -Ilabels -DPACKDESK_DATADIR='"$(DATADIR)"' \
	     -DPACKDESK_SYSCONFDIR='"$(SYSCONFDIR)"' $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANITIZE) -pthread -Wl,--as-needed

CORE_SRC := $(sort $(wildcard core/*.c labels/*.c))
FW_SRC   := $(sort $(wildcard firmware/*.c))
HOST_SRC := $(sort $(wildcard host/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
FW_OBJ   := $(FW_SRC:%.c=$(BUILD)/%.o)
HOST_OBJ := $(HOST_SRC:%.c=$(BUILD)/%.o)
# Unit tests link the program objects too (all but the file holding main).
FW_LIB_OBJ   := $(filter-out $(BUILD)/firmware/packdesk.o,$(FW_OBJ))
HOST_LIB_OBJ := $(filter-out $(BUILD)/host/packctl.o,$(HOST_OBJ))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/tests/%)
LIB      := $(BUILD)/libpackdesk.a

.PHONY: all deps check check-unit check-e2e check-asan check-format run \
	install uninstall clean format bench

all: $(BUILD)/packdesk $(BUILD)/packctl

# The dependency step: installs missing -dev packages (or says which).
deps:
	@./.ci/deps

$(BUILD)/.deps-ok: .ci/deps
	@./.ci/deps
	@mkdir -p $(dir $@) && touch $@

# cmocka hands every test a state pointer most tests never use.
$(BUILD)/tests/unit/%.o: EXTRA_CFLAGS = -Wno-unused-parameter -Ihost -Ifirmware

$(BUILD)/%.o: %.c | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(EXTRA_CFLAGS) -c $< -o $@

$(LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/packdesk: $(FW_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(FW_OBJ) $(LIB) $(PKG_LIBS)

$(BUILD)/packctl: $(HOST_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(HOST_OBJ) $(LIB) $(PKG_LIBS)

$(BUILD)/tests/test-%: $(BUILD)/tests/unit/test-%.o $(FW_LIB_OBJ) $(HOST_LIB_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(FW_LIB_OBJ) $(HOST_LIB_OBJ) $(LIB) \
		$(PKG_LIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

$(BUILD)/tests/%: $(BUILD)/tests/helpers/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

# The emulated USB devices alone link umockdev (and so glib).
$(BUILD)/tests/helpers/usb-emu.o: EXTRA_CFLAGS = $(shell pkg-config --cflags umockdev-1.0)
$(BUILD)/tests/usb-emu: PKG_LIBS += $(shell pkg-config --libs umockdev-1.0)

# Tests run with the source tree's assets and a private temp dir each.
check: check-unit check-e2e check-asan

check-unit: all $(UNIT_BIN)
	@./tests/run-unit $(BUILD) $(UNIT_BIN)

check-e2e: all $(HELPER_BIN)
	@./tests/run-e2e $(BUILD)

# The whole suite again with AddressSanitizer and UBSan; any report fails.
check-asan:
	$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		check-unit check-e2e

run: all
	@./firmware/demo $(BUILD)

# Speed and memory, measured (never asserted by timed unit tests).
bench: all $(BUILD)/tests/bench-slip
	@$(BUILD)/tests/bench-slip 20000
	@./tests/bench-station $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/demo
	install -m 755 $(BUILD)/packdesk $(BUILD)/packctl $(DESTDIR)$(BINDIR)/
	install -m 644 assets/demo/*.csv $(DESTDIR)$(DATADIR)/demo/
	install -m 644 assets/packdesk.conf $(DESTDIR)$(DATADIR)/packdesk.conf.example
	install -D -m 644 firmware/60-packdesk.rules $(DESTDIR)$(SYSCONFDIR)/udev/rules.d/60-packdesk.rules
	install -d $(DESTDIR)$(DATADIR)/profiles
	install -m 644 assets/profiles/*.ini $(DESTDIR)$(DATADIR)/profiles/
	install -d $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/locales
	install -m 644 labels/templates/*.tmpl labels/templates/README.md \
		$(DESTDIR)$(DATADIR)/templates/
	install -m 644 assets/locales/*.ini $(DESTDIR)$(DATADIR)/locales/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/packdesk $(DESTDIR)$(BINDIR)/packctl
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i $(CORE_SRC) $(FW_SRC) $(HOST_SRC) $(UNIT_SRC) $(HELPER_SRC) \
		$(wildcard core/*.h labels/*.h firmware/*.h host/*.h tests/unit/*.h)

clean:
	rm -rf build build-asan var/demo

.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
