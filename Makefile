# customer360: PGXS build, plus the project's own targets.
#
#   make            build the extension
#   make install    install it into the server pg_config names
#   make test       everything: packages, build, install, pg_regress in a
#                   throwaway cluster, C unit tests, a short fuzz run
#   make demo       packages, build, install, then a tour in a throwaway cluster
#   make unit       C unit tests only (no PostgreSQL needed)
#   make fuzz       each fuzz target for FUZZ_SECONDS (default 60)
#   make bench      benchmarks side by side with the peers named in the issues
#                   (make bench BENCH="resolve graph": only those)
#   make valgrind   pg_regress against a server under valgrind (slow)

EXTENSION = customer360
MODULE_big = customer360

# Every C file under src/ is part of the module.  Files outside src/pg and
# not named *_fmgr.c are plain C without PostgreSQL headers: the unit tests,
# fuzzers and benchmarks link those alone.
SRCS = $(sort $(wildcard src/*/*.c))
OBJS = $(SRCS:.c=.o)
CORE_SRCS = $(filter-out src/pg/% %_fmgr.c,$(SRCS))
SRC_DIRS = $(sort $(dir $(SRCS)))

DATA = $(sort $(wildcard sql/$(EXTENSION)--*.sql))

# pg_regress inputs are sql/NAME.sql (all but the install scripts) with
# expected/NAME.out, run in one database that has the extension loaded.
REGRESS = $(sort $(patsubst sql/%.sql,%,$(filter-out sql/$(EXTENSION)--%,$(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=pg_trgm --load-extension=$(EXTENSION)

PG_CPPFLAGS = $(addprefix -I,$(SRC_DIRS))
PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers
SHLIB_LINK = -lm -pthread

EXTRA_CLEAN = test/build

# Debian's PostgreSQL 15 unless told otherwise.
PG_CONFIG ?= $(shell test -x /usr/lib/postgresql/15/bin/pg_config && echo /usr/lib/postgresql/15/bin/pg_config || echo pg_config)
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
else
# No PostgreSQL build environment yet: 'make deps' installs it.
all install installcheck:
	@echo "customer360: PostgreSQL 15 server headers are missing; run 'make deps' (or: sudo apt-get install postgresql-15 postgresql-server-dev-15)" >&2; exit 1
endif

# Generated sources: tables compiled in from data files shipped in src/.
# (Each generator rule lists the data file and the script it reads.)

# Nickname roots: src/match/nickname_table.h from the nicknames csv.  The
# header is committed, so a build without awk uses it as it is (with a
# warning if the csv or the script is newer); test/unit/test_name.c fails
# when the committed header no longer matches the csv, and
# 'make check-generated' compares it with a fresh run of the generator.
NICKNAME_CSV = src/match/data/nicknames.csv
NICKNAME_GEN = src/match/data/gen_nickname_table.awk
NICKNAME_TABLE = src/match/nickname_table.h

$(NICKNAME_TABLE): $(NICKNAME_CSV) $(NICKNAME_GEN)
	@if command -v awk >/dev/null 2>&1; then \
		LC_ALL=C awk -f $(NICKNAME_GEN) $(NICKNAME_CSV) > $@.tmp || { rm -f $@.tmp; exit 1; }; \
		if cmp -s $@.tmp $@; then rm -f $@.tmp; touch $@; else mv $@.tmp $@; echo "customer360: regenerated $@"; fi; \
	else \
		echo "customer360: awk not found; using the committed $@ (it may not match $(NICKNAME_CSV))" >&2; \
	fi

src/match/nickname.o: $(NICKNAME_TABLE)

.PHONY: check-generated
check-generated:
	@LC_ALL=C awk -f $(NICKNAME_GEN) $(NICKNAME_CSV) | cmp -s - $(NICKNAME_TABLE) || \
		{ echo "customer360: $(NICKNAME_TABLE) is out of date with $(NICKNAME_CSV); run 'make $(NICKNAME_TABLE)' and commit it" >&2; exit 1; }

# Plain-C builds (unit tests, fuzzers, benchmarks).  The same warnings as the
# extension, PostgreSQL's own style rules, and assertions on.
STANDALONE_CC ?= gcc
STANDALONE_CFLAGS = -std=gnu99 -O2 -g -Wall -Wextra -Werror -Wmissing-prototypes \
	-Wpointer-arith -Wdeclaration-after-statement -Werror=vla -Wimplicit-fallthrough \
	$(addprefix -I,$(SRC_DIRS)) -Itest/support
FUZZ_SECONDS ?= 60

.PHONY: deps test demo unit fuzz bench valgrind

deps:
	@bash test/deps.sh

test:
	@bash test/run_tests.sh

demo:
	@bash test/demo/run_demo.sh

unit:
	@bash test/run_tests.sh --unit-only

fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash test/run_tests.sh --fuzz-only

bench:
	@bash test/bench/run_bench.sh $(BENCH)

valgrind:
	@bash test/valgrind.sh

# Used by the scripts above: what the standalone builds compile.
.PHONY: print-core-srcs print-standalone-cflags print-pg-config print-regress
print-regress:
	@echo $(REGRESS)
print-core-srcs:
	@echo $(CORE_SRCS) test/support/alloc_std.c
print-standalone-cflags:
	@echo $(STANDALONE_CFLAGS)
print-pg-config:
	@echo $(PG_CONFIG)
