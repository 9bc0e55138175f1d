/* Benchmark of the customizable contraction hierarchy (include/corridor/cch.h) on the synthetic
 * grids of graphbench.c (same generator, same seed): nested-dissection order, metric-independent
 * contraction, customization of the time and distance metrics and of a scenario (the arcs of a
 * band of the grid closed, as a closed border), elimination-tree query times, memory.
 *   build/bench/cchbench NODES [QUERIES] [SEED]
 *   build/bench/cchbench osm FILE.osm.pbf [QUERIES]     (truck profile)
 * Every CCH answer of the first pairs is checked equal to bidirectional Dijkstra's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corridor/corridor.h"
#include "corridor/import.h"
#include "bench_graphs.h"

/* CPU seconds of the process: the machine is shared, wall times alone mislead */
static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* An OSM extract imported with the truck profile, as graphbench does. */
static cor_graph *osm(const char *pbf)
{
    char dir[] = "/tmp/cor-cchbench-XXXXXX", cmd[128];
    cor_osm_opts o;
    cor_osm_stats ost;
    cor_net *net = NULL;
    cor_graph *g = NULL;
    cor_err err;
    if (!mkdtemp(dir))
        return NULL;
    cor_osm_opts_default(&o, COR_OSM_TRUCK);
    if (cor_osm_import(pbf, &o, dir, &ost, &err) || cor_net_load(dir, &net, NULL) ||
        cor_graph_from_net(net, COR_TRANSPORT_MODES, COR_STATUS_BIT(COR_STATUS_OPERATING), &g,
                           &err))
        fprintf(stderr, "%s: import failed\n", pbf);
    cor_net_free(net);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return g;
}

int main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "osm") == 0 && argc < 3)) {
        fprintf(stderr, "usage: cchbench NODES [QUERIES] [SEED] | osm FILE.osm.pbf [QUERIES]\n");
        return 2;
    }
    int is_osm = strcmp(argv[1], "osm") == 0;
    size_t nq = argc > 2 + is_osm ? (size_t)atol(argv[2 + is_osm]) : 10000;
    uint64_t seed = argc > 3 && !is_osm ? (uint64_t)atoll(argv[3]) : 42;
    cor_err err;
    double t0 = now();
    cor_graph *g = is_osm ? osm(argv[2]) : synth((size_t)atol(argv[1]), seed);
    if (!g || nq == 0)
        return 1;
    size_t n = cor_graph_node_count(g), m = cor_graph_arc_count(g);
    if (is_osm)
        printf("%s (truck profile): %zu nodes, %zu arcs, imported in %.2f s\n", argv[2], n, m,
               now() - t0);
    else
        printf("synthetic grid (seed %llu): %zu nodes, %zu arcs, generated in %.2f s\n",
               (unsigned long long)seed, n, m, now() - t0);
    uint32_t *rank = malloc(n * sizeof *rank);
    t0 = now();
    double c0 = cpu();
    if (cor_cch_order(g, rank, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double t_order = now() - t0, c_order = cpu() - c0;
    cor_cch *c = NULL;
    t0 = now();
    c0 = cpu();
    if (cor_cch_build(g, rank, &c, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double t_build = now() - t0, c_build = cpu() - c0;
    printf("times are wall (CPU) seconds\n");
    printf("order (inertial flow nested dissection): %.2f s (%.2f)\n", t_order, c_order);
    printf("contraction (metric-independent): %.2f s (%.2f); supergraph arcs %zu (%.1f per node), "
           "lower triangles %llu, elimination tree height %u, %.1f MB\n", t_build, c_build,
           cor_cch_arc_count(c), (double)cor_cch_arc_count(c) / (double)n,
           (unsigned long long)cor_cch_triangle_count(c), cor_cch_tree_height(c),
           (double)cor_cch_bytes(c) / 1e6);
    /* a scenario: the arcs crossing the vertical middle line of the graph closed except on
     * the fastest roads (110 km/h and more), as a border with few open crossings */
    uint32_t *closed = malloc(m * sizeof *closed);
    double mid_lon = 0;
    for (uint32_t v = 0; v < n; v++) {
        cor_graph_node_info ni;
        cor_graph_get_node(g, v, &ni);
        mid_lon += ni.lon / (double)n;
    }
    size_t n_closed = 0;
    for (uint32_t a = 0; a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_node_info u, v;
        cor_graph_get_arc(g, a, &ai);
        cor_graph_get_node(g, ai.from, &u);
        cor_graph_get_node(g, ai.to, &v);
        int crosses = (u.lon < mid_lon) != (v.lon < mid_lon);
        /* 110 km/h: 32.7 ms per 1,000 dm */
        int motorway = (double)ai.time_ms < (double)ai.len_dm * 0.0330;
        closed[a] = crosses && !motorway ? COR_CCH_CLOSED : ai.time_ms;
        n_closed += closed[a] == COR_CCH_CLOSED;
    }
    const char *names[3] = {"time", "distance", "time, border closed"};
    cor_cch_metric *cm[3] = {0};
    for (int k = 0; k < 3; k++) {
        t0 = now();
        c0 = cpu();
        cor_status st = k < 2 ? cor_cch_customize(c, g, (cor_metric)k, &cm[k], &err)
                              : cor_cch_customize_weights(c, closed, &cm[k], &err);
        if (st) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        printf("customization (%s): %.2f s (%.2f), %.1f MB\n", names[k], now() - t0, cpu() - c0,
               (double)cor_cch_metric_bytes(cm[k]) / 1e6);
    }
    printf("  (scenario: %zu arcs closed across the middle of the graph, motorways open)\n",
           n_closed);
    uint32_t *s = malloc(nq * sizeof *s), *t = malloc(nq * sizeof *t);
    uint64_t qs = 7;
    for (size_t i = 0; i < nq; i++) {
        s[i] = (uint32_t)(rnd(&qs) % n);
        t[i] = (uint32_t)(rnd(&qs) % n);
    }
    double *us = malloc(nq * sizeof *us);
    cor_gquery *gq = cor_gquery_new(g);
    size_t nd = nq < 100 ? nq : 100;
    for (int k = 0; k < 2; k++) {
        cor_cch_query *q = cor_cch_query_new(cm[k]);
        size_t found = 0;
        for (size_t i = 0; i < nq; i++) {
            uint64_t d = 0;
            double t1 = now();
            cor_status r = cor_cch_query_run(q, s[i], t[i], &d, &err);
            us[i] = (now() - t1) * 1e6;
            found += r == COR_OK;
            if (i < nd) { /* checked against bidirectional Dijkstra */
                uint64_t d2 = 0;
                cor_status r2 = cor_gquery_run(gq, COR_ALGO_BIDIJKSTRA, (cor_metric)k, s[i],
                                               t[i], &d2, &err);
                if (r != r2 || (r == COR_OK && d != d2)) {
                    fprintf(stderr, "MISMATCH %s query %zu: %llu vs %llu\n", names[k], i,
                            (unsigned long long)d, (unsigned long long)d2);
                    return 1;
                }
            }
        }
        qsort(us, nq, sizeof *us, cmp_double);
        printf("queries (%s, elimination tree, distance only): %zu pairs (%zu connected), median "
               "%.1f us, p99 %.1f us; the first %zu checked equal to bidirectional Dijkstra\n",
               names[k], nq, found, us[nq / 2], us[(size_t)((double)nq * 0.99)], nd);
        t0 = now();
        size_t n_path = 0;
        for (size_t i = 0; i < nq && i < 1000; i++) {
            const uint32_t *p;
            size_t np;
            uint64_t d;
            if (cor_cch_query_run(q, s[i], t[i], &d, &err) == COR_OK &&
                cor_cch_query_path(q, &p, &np, &err) == COR_OK)
                n_path += np;
        }
        printf("  with path unpacking: %.1f us per query (mean of %zu, %.0f arcs per path)\n",
               (now() - t0) * 1e6 / (double)(nq < 1000 ? nq : 1000), nq < 1000 ? nq : 1000,
               (double)n_path / (double)(nq < 1000 ? nq : 1000));
        cor_cch_query_free(q);
    }
    printf("peak memory (VmHWM) %.0f MB\n", peak_rss_mb());
    cor_gquery_free(gq);
    for (int k = 0; k < 3; k++)
        cor_cch_metric_free(cm[k]);
    cor_cch_free(c);
    cor_graph_free(g);
    free(closed);
    free(rank);
    free(s);
    free(t);
    free(us);
    return 0;
}
