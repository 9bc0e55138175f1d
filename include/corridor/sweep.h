/*
 * corridor: scenario sweeps. A sweep spec (INI, docs/sweep.md) lists scenario dimensions:
 * scenarios, demand growth factors, and random factors on border dwell and fees drawn for each
 * of N Monte Carlo draws. Each run is independent and reproducible from its index alone, so
 * runs can be spread over processes (MPI in the CLI) and gathered in any order.
 */
#ifndef CORRIDOR_SWEEP_H
#define CORRIDOR_SWEEP_H

#include <stddef.h>
#include <stdio.h>

#include "corridor/diag.h"
#include "corridor/dist.h"

typedef struct cor_sweep cor_sweep;

/* Reads a sweep spec. Relative paths in it (net, demand) are taken relative to the current
 * directory; default_net is used when the spec names no network. Problems go to diags as
 * file:line: field: message. Returns COR_OK with *out, or COR_ERR_INPUT / COR_ERR_IO /
 * COR_ERR_NOMEM with *out NULL. */
cor_status cor_sweep_load(const char *path, const char *default_net, cor_sweep **out,
                          cor_diags *diags);
void cor_sweep_free(cor_sweep *s);

/* Number of runs: scenarios x demand growth factors x draws. */
size_t cor_sweep_run_count(const cor_sweep *s);

/* What a process needs to execute runs: the network, demand and scenarios, loaded once.
 * Checks that every scenario loads. */
typedef struct cor_sweep_ctx cor_sweep_ctx;
cor_status cor_sweep_ctx_new(const cor_sweep *s, cor_sweep_ctx **out, cor_diags *diags);
void cor_sweep_ctx_free(cor_sweep_ctx *c);

/* Executes run `run` (0 <= run < cor_sweep_run_count()) and returns its result as a JSON
 * text (free() it), or NULL when out of memory. A run that fails (no network with its random
 * changes, say) returns a result with "ok": false and the message: it is reported, never
 * fatal. The same run gives the same bytes in any process. */
char *cor_sweep_run(cor_sweep_ctx *c, size_t run);

/* Writes the results of all runs (results[i] is run i's JSON text) to an SQLite database at
 * db_path (through a temporary file and a rename; NULL: none) and the summary table (p5/p50/p95
 * of each country's transit tonnes and fees, route probabilities) as CSV at csv_path (NULL:
 * none), and prints the summary to f (NULL: not printed). COR_ERR_INPUT for a malformed result
 * text, COR_ERR_IO when a file cannot be written (err says which). */
cor_status cor_sweep_write(const cor_sweep *s, char *const *results, const char *db_path,
                           const char *csv_path, FILE *f, cor_err *err);

/* Runs the n runs of a sweep over the ranks of t (each with its own ctx): rank 0 hands out
 * chunks of runs to the ranks that ask, large chunks first and single runs at the end
 * (guided self-scheduling, Polychronopoulos & Kuck 1987: a chunk is the runs left / (2 x
 * ranks)), and executes single runs itself between messages. results[0 .. n) (rank 0 only)
 * receive each run's JSON text (free() each). on_chunk (may be NULL) is called by a worker
 * before it asks for its chunk-th chunk (0 first; the last answer is "no run left"), for
 * tests that stop a rank. COR_OK;
 * COR_ERR_NOMEM; COR_ERR_IO when the transport fails. */
cor_status cor_dist_sweep(cor_sweep_ctx *ctx, size_t n, char **results, const cor_transport *t,
                          void (*on_chunk)(int rank, int chunk), cor_err *err);

#endif
