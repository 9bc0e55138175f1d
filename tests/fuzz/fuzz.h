/*
 * Fuzz targets: the libFuzzer entry point every tests/fuzz/fuzz_*.c defines, and the helpers
 * they share (a per-process scratch directory, writing inputs as files, route invariants).
 * A target is built twice: with libFuzzer (make fuzz) and with tests/fuzz/replay.c, which
 * feeds it the seed corpus and the regressions in the normal suite.
 */
#ifndef COR_TESTS_FUZZ_H
#define COR_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/corridor.h"
#include "corridor/import.h"
#include "corridor/server.h"
#include "corridor/sweep.h"

/* libFuzzer's entry points. A target defines LLVMFuzzerTestOneInput; LLVMFuzzerInitialize is
 * optional (the replay runner calls it when a target defines it). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The source tree (for tests/data/tiny), set by the Makefile. */
#ifndef COR_SOURCE_DIR
#define COR_SOURCE_DIR "."
#endif
#define FUZZ_TINY COR_SOURCE_DIR "/tests/data/tiny"

/* An invariant that failed: prints what and where, then aborts, which libFuzzer reports as a
 * crash (and the replay runner as a failure). */
#define FUZZ_CHECK(cond)                                                                     \
    do {                                                                                     \
        if (!(cond))                                                                         \
            fuzz_fail(__FILE__, __LINE__, #cond);                                            \
    } while (0)
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* A scratch directory of this process, created on first use and removed at exit (on /dev/shm
 * when it exists, so that writing an input costs no disk I/O). */
const char *fuzz_tmpdir(void);

/* Writes len bytes to fuzz_tmpdir()/name; returns the path (a buffer of the caller's). */
void fuzz_write(const char *name, const uint8_t *data, size_t len, char *path, size_t size);

/* Removes fuzz_tmpdir()/name if it exists. */
void fuzz_remove(const char *name);

/* The next part of data up to a line "%%" (or the end): *part and *len, and advances *data
 * and *size past the separator. Returns 0 when nothing is left. */
int fuzz_split(const uint8_t **data, size_t *size, const uint8_t **part, size_t *len);

/* Removes every file in fuzz_tmpdir(). */
void fuzz_clear(void);

/* Reads fuzz input as typed values (like LLVM's FuzzedDataProvider): each call consumes
 * bytes from the front and returns 0s once the input is exhausted. */
typedef struct fuzz_bytes {
    const uint8_t *p;
    size_t n;
} fuzz_bytes;
uint8_t fuzz_u8(fuzz_bytes *b);
uint32_t fuzz_u32(fuzz_bytes *b);
/* A double: small integers, fractions, boundary values (0, 1e-300, 1e300, NaN, inf,
 * negatives) and raw bit patterns, so that both typical and absurd values come up. */
double fuzz_double(fuzz_bytes *b);

/* Checks every documented invariant of a query's answer (docs/security.md): each route
 * starts at from and ends at to through contiguous steps, passes the via nodes in order,
 * uses only allowed modes and statuses, never touches an avoided country, and its totals
 * equal the sums of its steps; routes come best first. */
void fuzz_check_routes(const cor_net *net, uint32_t from, uint32_t to,
                       const cor_route_opts *o, const cor_route_set *set);

/* Checks that every finding has a message and formats it (a load that failed must say why). */
void fuzz_check_diags(const cor_diags *d, int failed);

#endif
