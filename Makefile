# weightaudit - a plain Makefile.
#
#   make            build ./weightaudit
#   make test       everything a change could break (unit, sanitizers, CLI,
#                   schemas, fuzz corpus replay, short fuzz runs)
#   make demo       the main job on the bundled fixtures
#   make bench      throughput against the SHA-256 floor (not a test)
#   make fuzz       long fuzzing runs (FUZZ_SECONDS per target)
#   make install    PREFIX=/usr/local
#
# Every target first runs `deps`, which installs missing Debian packages
# (silent when everything is present), so a fresh Debian machine needs
# nothing by hand.

PREFIX ?= /usr/local
CC ?= cc
CLANG ?= clang
PYTHON ?= python3

PKGS := libarchive libcrypto libpcre2-8 libcjson libgit2 yaml-0.1
DEB_LIBS := pkg-config libarchive-dev libssl-dev libpcre2-dev libcjson-dev libgit2-dev \
            libyaml-dev libcmocka-dev
# tool:package pairs checked with command -v
DEB_TOOLS := clang:clang git:git git-lfs:git-lfs zstd:zstd zip:zip unzip:unzip \
             python3:python3 valgrind:valgrind
# fuzzing runtime for clang (libFuzzer, ASan, UBSan)
CLANG_RT := $(firstword $(wildcard /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a))

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
# recursive (=) so pkg-config runs after deps has installed what it needs
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lpthread -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -Iaudit
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC := $(sort $(wildcard audit/*.c))
LIB_SRC := $(filter-out audit/main.c,$(SRC))
OBJ := $(SRC:audit/%.c=build/obj/%.o)
LIB_OBJ := $(LIB_SRC:audit/%.c=build/obj/%.o)
ASAN_OBJ := $(SRC:audit/%.c=build/asan/%.o)
ASAN_LIB_OBJ := $(LIB_SRC:audit/%.c=build/asan/%.o)
FUZZ_LIB_OBJ := $(LIB_SRC:audit/%.c=build/fuzzobj/%.o)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
UNIT_ASAN_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests-asan/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=build/replay/replay_%)

FUZZ_SECONDS ?= 600
FUZZ_SHORT ?= 20

.PHONY: all deps deps-chromium test unit unit-asan cli cli-asan hostile html schemas fuzz-replay fuzz-short fuzz \
        demo bench bench-licenses fixtures testdata install clean

all: weightaudit

# keep intermediate objects (fuzz builds) between runs
.SECONDARY:

deps:
	@missing=""; \
	pkg-config --exists $(PKGS) cmocka 2>/dev/null || missing="$(DEB_LIBS)"; \
	for t in $(DEB_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	[ -n "$(CLANG_RT)" ] || missing="$$missing libclang-rt-14-dev"; \
	$(PYTHON) -c 'import jsonschema' >/dev/null 2>&1 || /usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1 || missing="$$missing python3-jsonschema"; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

# only the HTML rendering test needs a browser; kept apart so the rest of the
# build does not pull it in
deps-chromium: | deps
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "deps: installing chromium"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null || exit 1; }

weightaudit: $(OBJ) | deps
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

build/obj/%.o: audit/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: audit/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -c -o $@ $<

build/asan/weightaudit: $(ASAN_OBJ)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $(ASAN_OBJ) $(PKG_LIBS)

build/tests/%: tests/unit/%.c $(LIB_OBJ) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(LIB_OBJ) $(PKG_LIBS) $(CMOCKA_LIBS)

build/tests-asan/%: tests/unit/%.c $(ASAN_LIB_OBJ) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -Wno-missing-prototypes -o $@ $< $(ASAN_LIB_OBJ) $(PKG_LIBS) $(CMOCKA_LIBS)

# libFuzzer targets (clang) and a plain replay driver for every corpus (cc)
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -MMD -MP -Iaudit $(PKG_CFLAGS)
build/fuzzobj/%.o: audit/%.c | deps
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_OBJ) | deps
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(FUZZ_LIB_OBJ) $(PKG_LIBS)

build/replay/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(ASAN_LIB_OBJ) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -Wno-missing-prototypes -o $@ $< tests/fuzz/driver.c \
	  $(ASAN_LIB_OBJ) $(PKG_LIBS)

# generated test inputs (never committed binaries)
testdata: | deps
	@$(PYTHON) tests/gen/gen_all.py build/testdata

fixtures: weightaudit | deps
	@sh fixtures/build.sh build/fixtures

# ---- tests -------------------------------------------------------------

test: unit unit-asan cli cli-asan hostile html fuzz-replay fuzz-short
	@echo "make test: all suites passed"

# ASan with LeakSanitizer on, and an exit code of its own, so that a leak or a
# memory error can never pass for an expected exit 1
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:exitcode=23:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1

unit: $(UNIT_BIN) testdata
	@set -e; for t in $(UNIT_BIN); do WA_TESTDATA=build/testdata WA_ROOT=$(CURDIR) $$t; done

unit-asan: $(UNIT_ASAN_BIN) testdata
	@set -e; for t in $(UNIT_ASAN_BIN); do $(SAN_ENV) WA_TESTDATA=build/testdata WA_ROOT=$(CURDIR) $$t; done

cli: weightaudit testdata fixtures
	@$(PYTHON) tests/cli/run.py --bin ./weightaudit tests/cli/*.t

cli-asan: build/asan/weightaudit testdata fixtures
	@$(SAN_ENV) $(PYTHON) tests/cli/run.py --bin build/asan/weightaudit tests/cli/*.t

# crafted hostile trees and files: exit codes, messages, peak RSS caps (plain
# build), no crash or leak (ASan build), the audited tree left as it was
hostile: weightaudit build/asan/weightaudit build/bench/memcap
	@$(PYTHON) tests/hostile/run.py --bin ./weightaudit --memcap build/bench/memcap
	@$(SAN_ENV) $(PYTHON) tests/hostile/run.py --bin build/asan/weightaudit --memcap build/bench/memcap --no-rss-cap

# the HTML report rendered in headless Chromium: screenshot and DOM checks
html: weightaudit deps-chromium
	@$(PYTHON) tests/html/render.py --bin ./weightaudit tests/data/reports/*.json

fuzz-replay: $(REPLAY_BIN) testdata
	@set -e; for r in $(REPLAY_BIN); do \
	  t=$${r##*/replay_}; \
	  $$r tests/fuzz/corpora/$$t build/testdata/seeds/$$t tests/hostile/$$t; \
	done

fuzz-short: $(FUZZ_BIN) testdata
	@set -e; for f in $(FUZZ_BIN); do \
	  t=$${f##*/fuzz_}; mkdir -p build/fuzz-corpus/$$t; \
	  echo "fuzz $$t: $(FUZZ_SHORT)s"; \
	  seeds=$$(for d in tests/fuzz/corpora/$$t build/testdata/seeds/$$t; do if [ -d $$d ]; then echo $$d; fi; done); \
	  $$f -max_total_time=$(FUZZ_SHORT) -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
	    build/fuzz-corpus/$$t $$seeds 2>build/fuzz-corpus/$$t.log \
	    || { tail -40 build/fuzz-corpus/$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units" build/fuzz-corpus/$$t.log | sed "s/^/  /"; \
	done

fuzz: $(FUZZ_BIN) testdata
	@set -e; for f in $(FUZZ_BIN); do \
	  t=$${f##*/fuzz_}; mkdir -p build/fuzz-corpus/$$t; \
	  seeds=$$(for d in tests/fuzz/corpora/$$t build/testdata/seeds/$$t; do if [ -d $$d ]; then echo $$d; fi; done); \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
	    build/fuzz-corpus/$$t $$seeds; \
	done

# ---- demo, bench, install ----------------------------------------------

demo: weightaudit fixtures
	@sh tests/demo.sh build/fixtures

build/bench/sha256_floor: tests/bench/sha256_floor.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

build/bench/sha256_parallel: tests/bench/sha256_parallel.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

build/bench/memcap: tests/bench/memcap.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $<

bench: weightaudit build/bench/sha256_floor build/bench/memcap build/bench/sha256_parallel
	@sh tests/bench/bench.sh

# license identification against the Debian peers (not part of `make test`)
bench-licenses: weightaudit
	@command -v licensee >/dev/null 2>&1 && command -v licensecheck >/dev/null 2>&1 || { \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; echo "bench-licenses: installing ruby-licensee licensecheck"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends \
	    ruby-licensee licensecheck >/dev/null || exit 1; }
	@$(PYTHON) tests/bench/licenses.py --bin ./weightaudit

install: weightaudit
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/weightaudit
	install -m 755 weightaudit $(DESTDIR)$(PREFIX)/bin/weightaudit
	cp -R rules licenses manifests $(DESTDIR)$(PREFIX)/share/weightaudit/

clean:
	rm -rf build weightaudit

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(FUZZ_LIB_OBJ:.o=.d)
