/* Query time on a snapshot: reads NET.cor (timed), then runs QUERIES random CH queries by time
 * between nodes with arcs, path unpacked, and prints the mean per query. The whole-process
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
    size_t found = 0, arcs = 0;
    double t1 = now();
    for (size_t i = 0; i < n_q; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        uint32_t s = (uint32_t)((seed >> 33) % n);
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        uint32_t t = (uint32_t)((seed >> 33) % n);
        uint64_t d;
        if (cor_gquery_run(q, COR_ALGO_CH, COR_METRIC_TIME, s, t, &d, &err) == COR_OK) {
            const uint32_t *path;
            size_t np;
            if (cor_gquery_path(q, &path, &np, &err) == COR_OK)
                arcs += np;
            found++;
        }
    }
    double t_q = now() - t1;
    printf("%s: %zu nodes; snapshot read %.3f s; %zu CH queries (%zu with a route, %.0f arcs "
           "a path): %.3f ms a query\n", argv[1], n, t_read, n_q, found,
           found ? (double)arcs / (double)found : 0.0, n_q ? t_q * 1e3 / (double)n_q : 0.0);
    cor_gquery_free(q);
    cor_graph_free(g);
    return 0;
}
