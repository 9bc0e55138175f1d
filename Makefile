# corridor: one Makefile builds the library once and links it into every program.
#   make            library, CLI (build/corridor), unit tests
#   make test       the whole suite; ends with "N passed, N failed"
#   make SAN=1 ...  the same under AddressSanitizer + UBSan, in build-san/
#   make CC=clang   any C11 compiler
CC      ?= cc
SAN     ?= 0
ifeq ($(SAN),1)
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
LDLIBS   += -lreadosm -lcsv -ljansson -linih -lsqlite3 -lmicrohttpd -lpq -lpthread -lm

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC:= $(sort $(wildcard bench/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
LIB      := $(BUILD)/libcorridor.a
CLI      := $(BUILD)/corridor

# corridor-mpi: the same tool, with `sweep` spread over MPI ranks (needs mpicc: openmpi)
MPICC    ?= mpicc
MPI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/mpi/%.o)
MPI_CLI  := $(BUILD)/corridor-mpi

.PHONY: all test bench clean mpi
.SECONDARY:
all: $(LIB) $(CLI) $(TEST_BIN)

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
	rm -rf build build-san build-clang

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(MPI_OBJ:.o=.d) $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
