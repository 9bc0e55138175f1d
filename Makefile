# corridor: one Makefile builds the library once and links it into every program.
#   make            library, CLI (build/corridor), unit tests
#   make test       the whole suite; ends with "N passed, N failed"
#   make SAN=1 ...  the same under AddressSanitizer + UBSan, in build-san/
#   make CC=clang   any C11 compiler
#   make fuzz       libFuzzer targets (clang) in build-fuzz/, each run FUZZ_SECONDS (default 60)
CC      ?= cc
SAN     ?= 0
FUZZ    ?= 0
FUZZ_SECONDS ?= 60
ifeq ($(FUZZ),1)
BUILD   ?= build-fuzz
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
OPT      = -O1 -g
else ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1 -g
else
BUILD   ?= build
SANFLAGS =
OPT      = -O2 -g
endif

CPPFLAGS += -Iinclude -Isrc -I/usr/include/postgresql -D_XOPEN_SOURCE=700
CFLAGS   += -std=c11 $(OPT) -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-unused-parameter $(SANFLAGS) -MMD -MP
LDFLAGS  += $(SANFLAGS)
LDLIBS   += -lreadosm -lexpat -lcsv -ljansson -linih -lnettle -lsqlite3 -lmicrohttpd -lpq -lpthread -lm

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC:= $(sort $(wildcard bench/*.c))
# fuzz targets: every tests/fuzz/fuzz_*.c, built as a libFuzzer binary (make fuzz) and as a
# replay of its corpus and regressions (tests/fuzz/replay.c) that the suite runs
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_HELP:= $(BUILD)/tests/fuzz/common.o

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
LIB      := $(BUILD)/libcorridor.a
CLI      := $(BUILD)/corridor
CLI_LIB  := $(BUILD)/libcorridor-cli.a
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/replay/%)
FUZZER_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzzers/%)

# corridor-mpi: the same tool, with `sweep` spread over MPI ranks (needs mpicc: openmpi)
MPICC    ?= mpicc
MPI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/mpi/%.o)
MPI_CLI  := $(BUILD)/corridor-mpi

# the map page's files, gzipped for `corridor serve` (it sends FILE.gz to clients that take
# gzip while the copy is not older than FILE)
WEB_GZ   := $(patsubst %,%.gz,$(wildcard web/*.html web/*.js web/*.css web/*.json))

.PHONY: all test bench clean mpi fuzz fuzzers
.SECONDARY:
all: $(LIB) $(CLI) $(TEST_BIN) $(REPLAY_BIN) $(WEB_GZ) $(BUILD)/tools/osmgen

web/%.gz: web/%
	gzip -9 -n -c $< >$@.tmp && mv $@.tmp $@

# the fuzz targets find tests/data/tiny and data/caucasus through the source directory
$(BUILD)/tests/fuzz/%.o: CPPFLAGS += -DCOR_SOURCE_DIR='"$(CURDIR)"'

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(CLI): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -lcmocka -o $@

# the subcommands without main(), for the command-line fuzz target
$(CLI_LIB): $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ))
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/replay/%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o $(FUZZ_HELP) $(CLI_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/fuzzers/%: $(BUILD)/tests/fuzz/%.o $(FUZZ_HELP) $(CLI_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer $^ $(LDLIBS) -o $@

fuzzers: $(FUZZER_BIN)

# builds the fuzzers with clang into build-fuzz/ and runs each for FUZZ_SECONDS
# (FUZZ_TARGETS="fuzz_net fuzz_route" for some of them; FUZZ_JOBS=2 two at a time)
fuzz:
	$(MAKE) FUZZ=1 CC=clang BUILD=build-fuzz fuzzers
	scripts/fuzz.sh -j $(or $(FUZZ_JOBS),1) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# the synthetic OSM extract writer of the tests and benchmarks (PBF by hand, zlib)
$(BUILD)/tools/osmgen: $(BUILD)/tests/tools/osmgen.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -lz -o $@

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

bench: $(BENCH_BIN)

mpi: $(MPI_CLI)

$(BUILD)/mpi/%.o: %.c
	@mkdir -p $(dir $@)
	$(MPICC) $(CPPFLAGS) -DCOR_WITH_MPI $(CFLAGS) -c $< -o $@

$(MPI_CLI): $(MPI_OBJ) $(LIB)
	$(MPICC) $(LDFLAGS) $^ $(LDLIBS) -o $@

test: all
	@tests/run $(BUILD)

clean:
	rm -rf build build-san build-clang build-fuzz $(WEB_GZ)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(MPI_OBJ:.o=.d) $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
-include $(wildcard $(BUILD)/tests/fuzz/*.d $(BUILD)/tests/tools/*.d)
