/* Query time on a snapshot: opens NET.cor (timed), then runs QUERIES random CH queries by time
 * between random nodes and prints the mean per query, without and with the path (unpacked and
 * checked), after a warm-up pass over the same pairs, and with the path once verified. The whole-process
 * time of `corridor route NET.cor` is measured by bench/osm_scale.sh.
 *   build/bench/snapquery NET.cor [QUERIES] [SEED]
 * Not part of the test suite. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "corridor/corridor.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: snapquery NET.cor [QUERIES] [SEED]\n", stderr);
        return 2;
    }
    size_t n_q = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
    unsigned long long seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    cor_err err = {0};
    cor_graph *g = NULL;
    double t0 = now();
    if (cor_graph_read(argv[1], &g, &err) != COR_OK) {
        fprintf(stderr, "snapquery: %s\n", err.msg);
        return 1;
    }
    double t_read = now() - t0;
    size_t n = cor_graph_node_count(g);
    cor_gquery *q = cor_gquery_new(g);
    if (!q || n == 0 || !cor_graph_has_ch(g, COR_METRIC_TIME)) {
        fputs("snapquery: no time hierarchy in the snapshot\n", stderr);
        return 1;
    }
    /* the same pairs four times: to warm the caches (a long-running process answers from
     * warm pages), the searches alone, the searches with their paths (unpacked and checked),
     * and again with paths once the snapshot is verified (as the server does: its paths skip
     * the checks of their strings) */
    size_t found = 0, arcs = 0;
    double t_pass[4] = {0};
    for (int pass = 0; pass < 4; pass++) {
        if (pass == 3 && cor_graph_verify(g, &err) != COR_OK) {
            fprintf(stderr, "snapquery: %s: %s\n", argv[1], err.msg);
            return 1;
        }
        unsigned long long r = seed;
        double t1 = now();
        for (size_t i = 0; i < n_q; i++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            uint32_t s = (uint32_t)((r >> 33) % n);
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            uint32_t t = (uint32_t)((r >> 33) % n);
            uint64_t d;
            if (cor_gquery_run(q, COR_ALGO_CH, COR_METRIC_TIME, s, t, &d, &err) != COR_OK ||
                pass == 1)
                continue;
            const uint32_t *path;
            size_t np;
            if (cor_gquery_path(q, &path, &np, &err) == COR_OK && pass == 2) {
                arcs += np;
                found++;
            }
        }
        t_pass[pass] = now() - t1;
    }
    printf("%s: %zu nodes; snapshot read %.4f s; %zu CH queries (%zu with a route, %.0f arcs "
           "a path): %.3f ms a query, %.3f ms with its path (%.3f ms verified)\n", argv[1], n,
           t_read, n_q, found, found ? (double)arcs / (double)found : 0.0,
           n_q ? t_pass[1] * 1e3 / (double)n_q : 0.0, n_q ? t_pass[2] * 1e3 / (double)n_q : 0.0,
           n_q ? t_pass[3] * 1e3 / (double)n_q : 0.0);
    cor_gquery_free(q);
    cor_graph_free(g);
    return 0;
}
