# corridor: one Makefile builds the library once and links it into every program.
#   make            library, CLI (build/corridor), unit tests
#   make test       the whole suite; ends with "N passed, N failed"
#   make SAN=1 ...  the same under AddressSanitizer + UBSan, in build-san/
#   make CC=clang   any C11 compiler
#   make fuzz       libFuzzer targets (clang) in build-fuzz/, each run FUZZ_SECONDS (default 60)
#   make install    PREFIX=/usr/local DESTDIR=: libcorridor.so/.a, headers, corridor.pc, the CLI
#                   and its plugins, the bundled data, the map page, docs (make uninstall)
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

# where `make install` puts things; the CLI looks for its data and plugins there when it is
# not beside them (a copied binary), so a change of PREFIX rebuilds the three files that say so
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/corridor
DOCDIR  ?= $(PREFIX)/share/doc/corridor
MANDIR  ?= $(PREFIX)/share/man
PLUGINDIR := $(LIBDIR)/corridor
VERSION := $(shell sed -n 's/^\#define CORRIDOR_VERSION "\(.*\)"/\1/p' include/corridor/version.h)
SOVERSION := 0

# -fPIC: the same objects go into the executables, libcorridor.so and the plugins;
# -fno-semantic-interposition keeps calls within the library as direct as in an executable
CPPFLAGS += -Iinclude -Isrc -I/usr/include/postgresql -D_XOPEN_SOURCE=700
CFLAGS   += -std=c11 $(OPT) -fPIC -fno-semantic-interposition -Wall -Wextra -Werror -Wshadow \
            -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter $(SANFLAGS) -MMD -MP
LDFLAGS  += $(SANFLAGS)
# the core needs only these; the plugins add their own (PLUGIN_LIBS_*)
CORE_LIBS := -lcsv -ljansson -linih -lnettle -lpthread -lm
LDLIBS   += -lreadosm -lexpat -lsqlite3 -lmicrohttpd -lpq -ldl $(CORE_LIBS)

# The modules that need libmicrohttpd, SQLite, libpq or libreadosm are plugins of the CLI
# (lib/corridor/NAME.so, dlopen'd by src/cli/plugin.c only when their command runs), so that
# `corridor route` starts without loading them: each is its source folders plus the command.
PLUGINS := server store pg osm sweep
PLUGIN_SRC_server := src/server src/cli/cmd_serve.c
PLUGIN_SRC_store  := src/store src/cli/cmd_runs.c
PLUGIN_SRC_pg     := src/export src/store src/cli/cmd_export.c
PLUGIN_SRC_osm    := src/import src/cli/cmd_import.c src/cli/cmd_import_osm.c \
                     src/cli/cmd_import_tntp.c
PLUGIN_SRC_sweep  := src/sweep src/dist/sweep.c src/cli/cmd_sweep.c
PLUGIN_LIBS_server := -lmicrohttpd
PLUGIN_LIBS_store  := -lsqlite3
PLUGIN_LIBS_pg     := -lpq -lsqlite3
PLUGIN_LIBS_osm    := -lreadosm
PLUGIN_LIBS_sweep  := -lsqlite3
# a plugin's C files: every .c of its folders, and its named files
plugin_src = $(sort $(foreach p,$(PLUGIN_SRC_$(1)),$(if $(filter %.c,$(p)),$(p),$(wildcard $(p)/*.c))))
PLUGIN_ALL_SRC := $(sort $(foreach p,$(PLUGINS),$(call plugin_src,$(p))))
PLUGIN_SO := $(PLUGINS:%=$(BUILD)/lib/corridor/%.so)
# the public headers: the core's (the plugins' headers are not part of libcorridor)
PLUGIN_HEADERS := include/corridor/server.h include/corridor/store.h include/corridor/export.h \
    include/corridor/import.h include/corridor/sweep.h
CORE_HEADERS := $(filter-out $(PLUGIN_HEADERS),$(wildcard include/corridor/*.h))

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CORE_SRC := $(filter-out $(PLUGIN_ALL_SRC),$(LIB_SRC))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC:= $(sort $(wildcard bench/*.c))
# fuzz targets: every tests/fuzz/fuzz_*.c, built as a libFuzzer binary (make fuzz) and as a
# replay of its corpus and regressions (tests/fuzz/replay.c) that the suite runs
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_HELP:= $(BUILD)/tests/fuzz/common.o

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
# every module in one archive, for the tests, benchmarks, fuzz targets and corridor-mpi
LIB      := $(BUILD)/libcorridor-all.a
# the library others link: the core, exporting only the functions of its public headers
CORE_A   := $(BUILD)/libcorridor.a
CORE_SO  := $(BUILD)/libcorridor.so.$(SOVERSION)
CORE_MAP := $(BUILD)/libcorridor.map
CLI      := $(BUILD)/corridor
# the executable: the CLI without the plugins' commands, and the whole core (a plugin may call
# any core function, so the core is linked whole and its symbols exported to the plugins)
CLI_MAIN_OBJ := $(filter-out $(PLUGIN_ALL_SRC:%.c=$(BUILD)/%.o),$(CLI_OBJ))
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

.PHONY: all test bench clean mpi fuzz fuzzers install uninstall FORCE
.SECONDARY:
all: $(LIB) $(CORE_A) $(CORE_SO) $(CLI) $(PLUGIN_SO) $(TEST_BIN) $(REPLAY_BIN) $(WEB_GZ) \
     $(BUILD)/tools/osmgen

web/%.gz: web/%
	gzip -9 -n -c $< >$@.tmp && mv $@.tmp $@

# the fuzz targets find tests/data/tiny and data/caucasus through the source directory
$(BUILD)/tests/fuzz/%.o: CPPFLAGS += -DCOR_SOURCE_DIR='"$(CURDIR)"'

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# the install paths compiled into the CLI, rewritten only when they change
$(BUILD)/paths.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR) $(PLUGINDIR)' | cmp -s - $@ || echo '$(DATADIR) $(PLUGINDIR)' >$@
$(BUILD)/src/cli/cli.o $(BUILD)/src/cli/plugin.o $(BUILD)/src/cli/cmd_serve.o: $(BUILD)/paths.stamp
$(BUILD)/src/cli/cli.o $(BUILD)/src/cli/plugin.o $(BUILD)/src/cli/cmd_serve.o: \
    CPPFLAGS += -DCOR_DATADIR='"$(DATADIR)"' -DCOR_PLUGINDIR='"$(PLUGINDIR)"'

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(CORE_A): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

# the exported symbols: the functions the public headers declare (scripts/api_symbols.sh)
$(CORE_MAP): $(CORE_OBJ) $(CORE_HEADERS) scripts/api_symbols.sh
	scripts/api_symbols.sh --map $(CORE_HEADERS) -- $(CORE_OBJ) >$@.tmp && mv $@.tmp $@

$(CORE_SO): $(CORE_OBJ) $(CORE_MAP)
	$(CC) $(LDFLAGS) -shared -Wl,-soname,libcorridor.so.$(SOVERSION) \
	    -Wl,--version-script=$(CORE_MAP) $(CORE_OBJ) $(CORE_LIBS) -o $@
	ln -sf libcorridor.so.$(SOVERSION) $(BUILD)/libcorridor.so

$(CLI): $(CLI_MAIN_OBJ) $(CORE_OBJ)
	$(CC) $(LDFLAGS) -rdynamic $^ $(CORE_LIBS) -ldl -o $@

# a plugin resolves the core and CLI functions it calls in the executable that loads it
define plugin_rule
$(BUILD)/lib/corridor/$(1).so: $(patsubst %.c,$(BUILD)/%.o,$(call plugin_src,$(1)))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -shared $$^ $$(PLUGIN_LIBS_$(1)) -o $$@
endef
$(foreach p,$(PLUGINS),$(eval $(call plugin_rule,$(p))))

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

# corridor.pc for `pkg-config --cflags --libs corridor`
$(BUILD)/corridor.pc: corridor.pc.in $(BUILD)/paths.stamp
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@DATADIR@|$(DATADIR)|' -e 's|@VERSION@|$(VERSION)|' $< >$@

# the map page's files and the vendor files it loads (web/index.html, web/app.js)
WEB_FILES := $(wildcard web/*.html web/*.js web/*.css web/*.json)
VENDOR_FILES := $(wildcard node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
    node_modules/leaflet/dist/images/*.png node_modules/topojson-client/dist/topojson-client.min.js \
    node_modules/world-atlas/countries-110m.json)
D := $(DESTDIR)

install: $(CLI) $(PLUGIN_SO) $(CORE_A) $(CORE_SO) $(WEB_GZ) $(BUILD)/corridor.pc
	install -d $(D)$(BINDIR) $(D)$(LIBDIR)/pkgconfig $(D)$(PLUGINDIR) \
	    $(D)$(INCLUDEDIR)/corridor $(D)$(DATADIR) $(D)$(DOCDIR) $(D)$(MANDIR)/man1
	install -m 755 $(CLI) $(D)$(BINDIR)/corridor
	if [ -x $(MPI_CLI) ]; then install -m 755 $(MPI_CLI) $(D)$(BINDIR)/corridor-mpi; fi
	install -m 755 $(PLUGIN_SO) $(D)$(PLUGINDIR)/
	install -m 644 $(CORE_A) $(D)$(LIBDIR)/libcorridor.a
	install -m 755 $(CORE_SO) $(D)$(LIBDIR)/libcorridor.so.$(SOVERSION)
	ln -sf libcorridor.so.$(SOVERSION) $(D)$(LIBDIR)/libcorridor.so
	install -m 644 $(CORE_HEADERS) $(D)$(INCLUDEDIR)/corridor/
	install -m 644 $(BUILD)/corridor.pc $(D)$(LIBDIR)/pkgconfig/corridor.pc
	rm -rf $(D)$(DATADIR)/caucasus $(D)$(DATADIR)/web $(D)$(DATADIR)/node_modules
	cp -R data/caucasus $(D)$(DATADIR)/caucasus
	install -d $(D)$(DATADIR)/web
	install -m 644 $(WEB_FILES) $(WEB_FILES:%=%.gz) $(D)$(DATADIR)/web/
	for f in $(VENDOR_FILES); do install -D -m 644 $$f $(D)$(DATADIR)/$$f; done
	install -m 644 README.md $(D)$(DOCDIR)/
	rm -rf $(D)$(DOCDIR)/docs
	cp -R docs $(D)$(DOCDIR)/docs
	scripts/manpage.sh $(CLI) $(PREFIX) >$(D)$(MANDIR)/man1/corridor.1

uninstall:
	rm -f $(D)$(BINDIR)/corridor $(D)$(BINDIR)/corridor-mpi $(D)$(LIBDIR)/libcorridor.a \
	    $(D)$(LIBDIR)/libcorridor.so $(D)$(LIBDIR)/libcorridor.so.$(SOVERSION) \
	    $(D)$(LIBDIR)/pkgconfig/corridor.pc $(D)$(MANDIR)/man1/corridor.1
	rm -rf $(D)$(PLUGINDIR) $(D)$(INCLUDEDIR)/corridor $(D)$(DATADIR) $(D)$(DOCDIR)

test: all
	@tests/run $(BUILD)

clean:
	rm -rf build build-san build-clang build-fuzz $(WEB_GZ)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(MPI_OBJ:.o=.d) $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
-include $(wildcard $(BUILD)/tests/fuzz/*.d $(BUILD)/tests/tools/*.d)
