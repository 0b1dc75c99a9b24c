# gongkai — build, test, install.  `make help` lists the targets.

VERSION     := 0.2.0
PREFIX      ?= /usr/local
DESTDIR     ?=
PKG_CONFIG  ?= pkg-config
CC          ?= cc
# Build directory and binary; `make asan` builds into build-asan/.
O           ?= build
BIN         ?= bin/gongkai
CFLAGS      ?= -O2 -g

PKGS        := ncursesw sqlite3 libsodium
WARNINGS    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
               -Wformat=2 -Wvla -Wpointer-arith -Wundef
ifneq ($(CI),)
WARNINGS    += -Werror
endif

# The session extension (sync.c): Debian's libsqlite3 has it compiled in.
GK_CPPFLAGS := -D_GNU_SOURCE -DSQLITE_ENABLE_SESSION \
               -DSQLITE_ENABLE_PREUPDATE_HOOK -Isrc -I$(O)
# Recursive (=), so pkg-config runs in the recipes: after `deps` installed
# what a fresh machine lacks.
GK_CFLAGS    = -std=c17 $(WARNINGS) $(CFLAGS) -MMD -MP \
               $(shell $(PKG_CONFIG) --cflags $(PKGS))
GK_LIBS      = $(shell $(PKG_CONFIG) --libs $(PKGS))
TEST_LIBS    = $(shell $(PKG_CONFIG) --libs cmocka)

# The core is every src/*.c but the front ends (main.c and the CLI).
CORE_SRC    := $(sort $(filter-out src/main.c src/cli.c,$(wildcard src/*.c)))
FRONT_SRC   := src/main.c $(sort $(wildcard src/cli.c src/cli/*.c ui/*.c))
DB_FILES    := $(sort $(wildcard db/*.sql db/*.tsv))
UNIT_SRC    := $(sort $(wildcard tests/unit/test_*.c))

CORE_OBJ    := $(CORE_SRC:%.c=$(O)/%.o) $(O)/embedded.o
FRONT_OBJ   := $(FRONT_SRC:%.c=$(O)/%.o)
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN    := $(FUZZ_SRC:tests/fuzz/%.c=$(O)/tests/%)
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 15
LIB         := $(O)/libgongkai.a
# Tests drive a test build: the same objects but src/auth.c, compiled with
# a cheap password-hashing cost (auth.c, GK_TEST_PWHASH_COST), into
# $(TEST_LIB) and $(TEST_BIN); $(LIB) and $(BIN) never get it.
TEST_LIB    := $(O)/libgongkai-test.a
TEST_BIN    := $(O)/gongkai-test
TEST_OBJ    := $(filter-out $(O)/src/auth.o,$(CORE_OBJ)) $(O)/src/auth-test.o
MO          := locale/zh_CN/LC_MESSAGES/gongkai.mo

# Build on every core unless -j was given (`make -j1` builds one at a time)
# or this is a sub-make (`make asan`), which shares its parent's jobs.
ifeq ($(MAKELEVEL)$(filter -j% --jobserver%,$(MAKEFLAGS)),0)
MAKEFLAGS   += -j$(shell nproc 2>/dev/null || echo 2)
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: FORCE all deps check check-unit check-fuzz check-cli check-e2e test \
	asan fuzz bench run install uninstall clean po format format-check help

all: $(BIN) $(MO)

# Installs missing Debian packages when root; says what to install if not.
deps:
	$(Q)tools/deps.sh

$(O)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(GK_CPPFLAGS) $(GK_CFLAGS) -c $< -o $@

# Settings compiled in; rewritten only when they change (e.g. PREFIX).
$(O)/config.h: FORCE
	@mkdir -p $(O)
	@printf '#define GK_VERSION "%s"\n#define LOCALEDIR "%s"\n' \
		'$(VERSION)' '$(PREFIX)/share/locale' > $@.new
	@cmp -s $@.new $@ && rm -f $@.new || mv -f $@.new $@

$(O)/src/main.o: $(O)/config.h

$(O)/embedded.c: $(DB_FILES) tools/embed.sh
	@mkdir -p $(O)
	@$(if $(Q),echo "  EMBED   db/")
	$(Q)tools/embed.sh $(DB_FILES) > $@

$(O)/embedded.o: $(O)/embedded.c
	$(Q)$(CC) $(GK_CPPFLAGS) $(GK_CFLAGS) -c $< -o $@

$(LIB): $(CORE_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(FRONT_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(GK_CFLAGS) $(LDFLAGS) -o $@ $(FRONT_OBJ) $(LIB) $(GK_LIBS)

$(O)/src/auth-test.o: src/auth.c | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (test cost)")
	$(Q)$(CC) $(GK_CPPFLAGS) -DGK_TEST_PWHASH_COST $(GK_CFLAGS) -c $< -o $@

$(TEST_LIB): $(TEST_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# Beside $(BIN)'s locale/ (main.c looks in ../locale from the binary).
$(TEST_BIN): $(FRONT_OBJ) $(TEST_LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(GK_CFLAGS) $(LDFLAGS) -o $@ $(FRONT_OBJ) $(TEST_LIB) $(GK_LIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/fixture.c tests/unit/fixture.h $(TEST_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(GK_CPPFLAGS) -Itests/unit $(GK_CFLAGS) $(LDFLAGS) -o $@ \
		$< tests/unit/fixture.c $(TEST_LIB) $(GK_LIBS) $(TEST_LIBS)

# The workstation's widgets, tested without a terminal (with the core,
# whose rules they draw: gk_text_book_title).
$(O)/tests/test_ui_width: tests/unit/test_ui_width.c $(O)/ui/width.o $(TEST_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(GK_CPPFLAGS) $(GK_CFLAGS) $(LDFLAGS) -o $@ $^ $(GK_LIBS) \
		$(TEST_LIBS)
$(O)/tests/test_ui_editor: tests/unit/test_ui_editor.c $(O)/ui/editor.o $(TEST_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(GK_CPPFLAGS) $(GK_CFLAGS) $(LDFLAGS) -o $@ $^ $(GK_LIBS) \
		$(TEST_LIBS)
# The key tables of every screen, the prompts' history, the form: all of ui/
# and the core it calls.
UI_OBJ      := $(filter $(O)/ui/%,$(FRONT_OBJ))
$(O)/tests/test_ui_keys $(O)/tests/test_ui_prompt $(O)/tests/test_ui_form: \
		$(O)/tests/%: \
		tests/unit/%.c $(UI_OBJ) $(TEST_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(GK_CPPFLAGS) $(GK_CFLAGS) $(LDFLAGS) -o $@ $^ $(GK_LIBS) \
		$(TEST_LIBS)

# Fuzz targets for `make check` (any compiler with ASan and UBSan): the
# core is compiled into each under the sanitizers, so the library stays
# as it is.  tests/run.sh replays the corpus, then mutates it for
# FUZZ_CHECK_SECONDS (driver.c).
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer
$(O)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(CORE_SRC) \
		$(O)/embedded.c $(wildcard src/*.h) | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(GK_CPPFLAGS) $(GK_CFLAGS) $(FUZZ_SAN) $(LDFLAGS) -o $@ $< \
		tests/fuzz/driver.c $(CORE_SRC) $(O)/embedded.c $(GK_LIBS)
# The change-file format is pure (sync_format.h): its target links that
# module and the text checks it uses, no database.
FUZZ_SYNC_SRC := src/sync_format.c src/text.c src/err.c
$(O)/tests/fuzz_sync: tests/fuzz/fuzz_sync.c tests/fuzz/driver.c \
		$(FUZZ_SYNC_SRC) $(wildcard src/*.h) | deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(GK_CPPFLAGS) $(GK_CFLAGS) $(FUZZ_SAN) $(LDFLAGS) -o $@ $< \
		tests/fuzz/driver.c $(FUZZ_SYNC_SRC) $(GK_LIBS)

# Fuzz for FUZZ_SECONDS with clang's libFuzzer; new finds go to $(O)/fuzz/.
fuzz: $(O)/embedded.c
	$(Q)for t in $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%); do \
		mkdir -p $(O)/fuzz/$$t && \
		clang $(GK_CPPFLAGS) -std=c17 -g -O1 \
			-fsanitize=fuzzer,address,undefined \
			$(shell $(PKG_CONFIG) --cflags $(PKGS)) \
			-o $(O)/fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c $(CORE_SRC) \
			$(O)/embedded.c $(shell $(PKG_CONFIG) --libs $(PKGS)) && \
		$(O)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			$(O)/fuzz/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

$(MO): po/zh_CN.po | deps
	@mkdir -p $(dir $@)
	$(Q)msgfmt --check -o $@ $<

# The suites tests/run.sh runs, each named as run.sh prints it (the
# binary's name, or the script's path); T=NAME keeps those whose name
# contains NAME (`make check T=sync`).
CLI_SH      := $(sort $(filter-out tests/cli/lib.sh,$(wildcard tests/cli/*.sh)))
E2E_SH      := $(sort $(filter-out tests/e2e/lib.sh,$(wildcard tests/e2e/*.sh)))
suites       = $(if $(T),$(foreach s,$(1),$(if $(findstring $(T),$(if \
		$(filter %.sh,$(s)),$(s),$(notdir $(s)))),$(s))),$(1))
# Suites at once (tests/run.sh): two cores, and suites that mostly wait.
TEST_JOBS   ?= 3
RUN_TESTS    = $(Q)set -e; list='$(strip $(1))'; \
	if [ -z "$$list" ]; then echo "no suite matches T=$(T)" >&2; exit 1; fi; \
	GONGKAI_BIN=$(abspath $(TEST_BIN)) RELEASE_BIN=$(abspath $(BIN)) \
	FUZZ_CHECK_SECONDS=$(FUZZ_CHECK_SECONDS) TEST_JOBS=$(TEST_JOBS) \
	TEST_RESULTS=$(O)/$(subst check,test-results,$@).tap tests/run.sh $$list

CHECK_ALL   := $(E2E_SH) $(FUZZ_BIN) $(CLI_SH) $(UNIT_BIN) tests/checks.sh

# Build, then run every test; the last line says "N passed, N failed",
# $(O)/test-results.tap has every TAP line as "SUITE: ok N - name"
# (check-unit: $(O)/test-results-unit.tap, and so on).
check: all $(TEST_BIN) $(filter $(O)/%,$(call suites,$(CHECK_ALL)))
	$(call RUN_TESTS,$(call suites,$(CHECK_ALL)))
check-unit: $(call suites,$(UNIT_BIN))
	$(call RUN_TESTS,$(call suites,$(UNIT_BIN)))
check-fuzz: $(call suites,$(FUZZ_BIN))
	$(call RUN_TESTS,$(call suites,$(FUZZ_BIN)))
check-cli: all $(TEST_BIN)
	$(call RUN_TESTS,$(call suites,$(CLI_SH)))
check-e2e: all $(TEST_BIN)
	$(call RUN_TESTS,$(call suites,$(E2E_SH)))
test: check

# The same tests under AddressSanitizer and UBSan.
asan:
	$(Q)$(MAKE) --no-print-directory O=build-asan BIN=build-asan/gongkai \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" check

# Try gongkai: make the demo agency in $(DEMO_DB) once (`gongkai demo`),
# print its logins, then open the workstation on it.
DEMO_DB     ?= demo/gongkai.db
run: all
	$(Q)if [ -s $(DEMO_DB) ]; then $(BIN) demo --logins; \
	else $(BIN) demo --db $(DEMO_DB); fi
	$(Q)exec $(BIN) --db $(DEMO_DB)

# Timings and memory of the core's queries at growing sizes (not a test).
bench: $(O)/bench
	$(Q)$(O)/bench $(BENCH_SIZES)

$(O)/bench: bench/bench.c $(LIB)
	$(Q)$(CC) $(GK_CPPFLAGS) $(GK_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(GK_LIBS)

po:
	$(Q)xgettext --from-code=UTF-8 -k_ -kN_ --add-comments=TRANSLATORS \
		--package-name=gongkai --package-version=$(VERSION) \
		-o po/gongkai.pot $(CORE_SRC) $(FRONT_SRC) $(wildcard src/*.h ui/*.h)
	$(Q)msgmerge --quiet --update --backup=none po/zh_CN.po po/gongkai.pot

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/locale/zh_CN/LC_MESSAGES
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/gongkai
	install -m 644 docs/gongkai.1 $(DESTDIR)$(PREFIX)/share/man/man1/gongkai.1
	install -m 644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/zh_CN/LC_MESSAGES/gongkai.mo

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gongkai \
		$(DESTDIR)$(PREFIX)/share/man/man1/gongkai.1 \
		$(DESTDIR)$(PREFIX)/share/locale/zh_CN/LC_MESSAGES/gongkai.mo

# The C files clang-format keeps in shape (.clang-format).
FORMAT_SRC   = $(sort $(wildcard src/*.c src/*.h src/cli/*.c src/cli/*.h \
		ui/*.c ui/*.h tests/unit/*.c tests/unit/*.h))
format:
	clang-format -i $(FORMAT_SRC)

# Fails, naming the lines, when a file is not as `make format` leaves it.
format-check:
	$(Q)clang-format --dry-run -Werror $(FORMAT_SRC)

clean:
	rm -rf build build-asan bin locale

help:
	@echo "make          build bin/gongkai"
	@echo "make check    build and run all tests (unit, fuzz, CLI, checks, the workstation in tmux),"
	@echo "              TEST_JOBS=$(TEST_JOBS) suites at once; every TAP line in $(O)/test-results.tap"
	@echo "make check-unit  only the cmocka unit tests (check-fuzz, check-cli, check-e2e: the others)"
	@echo "T=NAME        only the suites whose name contains NAME: make check T=sync"
	@echo "make format   clang-format the C sources; make format-check fails if one is not"
	@echo "make asan     the tests under AddressSanitizer + UBSan"
	@echo "make fuzz     fuzz the parsers of outside input with libFuzzer (clang; FUZZ_SECONDS=60)"
	@echo "make bench    time the core's queries at 10, 1000 and 100000 items, and sync of 10000"
	@echo "make run      try gongkai on the demo agency in demo/gongkai.db"
	@echo "make po       refresh po/gongkai.pot and merge it into po/zh_CN.po"
	@echo "make install  install into \$$(DESTDIR)\$$(PREFIX) (PREFIX=$(PREFIX))"
	@echo "V=1           show the commands"
	@echo "FUZZ_CHECK_SECONDS=15  how long make check fuzzes each target (after its corpus)"

-include $(CORE_OBJ:.o=.d) $(FRONT_OBJ:.o=.d) $(O)/src/auth-test.d
