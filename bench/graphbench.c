/* Benchmark of the graph stack: import, contraction, snapshot size and load, query times of
 * Dijkstra, bidirectional Dijkstra and CH, 100x100 tables, on OSM extracts or on reproducible
 * synthetic road-like graphs (perturbed grids with deleted edges and highway classes).
 *   build/bench/graphbench osm FILE.osm.pbf [QUERIES]
 *   build/bench/graphbench synth NODES [QUERIES] [SEED]
 * Prints figures and CH-vs-Dijkstra ratios; not part of the test suite.
 * With COR_EXPORT=DIR it also writes the graph and the query pairs as raw little-endian arrays
 * (tail, head, time_ms as uint32 per arc; source, target, CH distance per query: uint32,
 * uint32, uint64; COR_DIST_INF when unreachable), so that another engine can be run on the
 * same graph and the same pairs (docs/ch.md "Benchmarks"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "corridor/corridor.h"
#include "corridor/import.h"
#include "bench_graphs.h"

static int write_array(const char *dir, const char *name, const void *a, size_t elem, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(a, elem, n, f) == n;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "cannot write %s\n", path);
    return ok;
}

static int export_graph(const char *dir, const cor_graph *g)
{
    size_t m = cor_graph_arc_count(g);
    uint32_t *tail = malloc((m ? m : 1) * sizeof *tail), *head = malloc((m ? m : 1) * sizeof *head);
    uint32_t *w = malloc((m ? m : 1) * sizeof *w);
    int ok = tail && head && w;
    for (size_t a = 0; ok && a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, (uint32_t)a, &ai);
        tail[a] = ai.from;
        head[a] = ai.to;
        w[a] = cor_graph_arc_weight(g, (uint32_t)a, COR_METRIC_TIME);
    }
    ok = ok && write_array(dir, "tail", tail, sizeof *tail, m) &&
         write_array(dir, "head", head, sizeof *head, m) &&
         write_array(dir, "time_ms", w, sizeof *w, m);
    free(tail);
    free(head);
    free(w);
    return ok;
}

typedef struct stats {
    double median_us, p99_us, mean_settled;
    size_t found;
} stats;

static stats run_queries(cor_gquery *q, cor_algo a, size_t n, const uint32_t *s,
                         const uint32_t *t, uint64_t *dist)
{
    double *us = malloc(n * sizeof *us), settled = 0;
    stats st = {0};
    cor_err err;
    for (size_t i = 0; i < n; i++) {
        uint64_t d = COR_DIST_INF;
        double t0 = now();
        cor_status r = cor_gquery_run(q, a, COR_METRIC_TIME, s[i], t[i], &d, &err);
        us[i] = (now() - t0) * 1e6;
        settled += (double)cor_gquery_settled(q);
        if (dist) {
            if (dist[i] != (r == COR_OK ? d : COR_DIST_INF)) {
                fprintf(stderr, "MISMATCH query %zu: %llu vs %llu\n", i,
                        (unsigned long long)dist[i], (unsigned long long)d);
                exit(1);
            }
        }
        st.found += r == COR_OK;
    }
    qsort(us, n, sizeof *us, cmp_double);
    st.median_us = us[n / 2];
    st.p99_us = us[(size_t)((double)n * 0.99)];
    st.mean_settled = settled / (double)n;
    free(us);
    return st;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: graphbench osm FILE.osm.pbf [QUERIES] | synth NODES [QUERIES] [SEED]\n");
        return 2;
    }
    size_t nq = argc > 3 ? (size_t)atol(argv[3]) : 10000;
    cor_graph *g = NULL;
    cor_err err;
    double t0 = now();
    if (strcmp(argv[1], "osm") == 0) {
        char dir[] = "/tmp/cor-bench-XXXXXX";
        if (!mkdtemp(dir))
            return 1;
        cor_osm_opts o;
        cor_osm_opts_default(&o, COR_OSM_TRUCK);
        cor_osm_stats ost;
        if (cor_osm_import(argv[2], &o, dir, &ost, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        double t1 = now();
        cor_net *net = NULL;
        if (cor_net_load(dir, &net, NULL) ||
            cor_graph_from_net(net, COR_TRANSPORT_MODES, COR_STATUS_BIT(COR_STATUS_OPERATING), &g,
                               &err))
            return 1;
        cor_net_free(net);
        printf("%s: import (truck profile) %.3f s, load CSV + graph %.3f s\n", argv[2], t1 - t0,
               now() - t1);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0)
            return 1;
    } else {
        uint64_t seed = argc > 4 ? (uint64_t)atoll(argv[4]) : 42;
        g = synth((size_t)atol(argv[2]), seed);
        if (!g)
            return 1;
        printf("synthetic grid (seed %llu): generated in %.3f s\n", (unsigned long long)seed,
               now() - t0);
    }
    size_t n = cor_graph_node_count(g);
    printf("nodes %zu, arcs %zu\n", n, cor_graph_arc_count(g));
    cor_ch_opts co;
    cor_ch_opts_default(&co);
    if (getenv("COR_WITNESS_LIMIT")) /* for experiments with the contraction */
        co.witness_settle_limit = (unsigned)atoi(getenv("COR_WITNESS_LIMIT"));
    if (getenv("COR_METRICS")) /* 1 time, 2 distance, 3 both */
        co.metrics = (unsigned)atoi(getenv("COR_METRICS"));
    if (getenv("COR_SIMULATE_LIMIT"))
        co.simulate_settle_limit = (unsigned)atoi(getenv("COR_SIMULATE_LIMIT"));
    t0 = now();
    if (cor_graph_contract(g, &co, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double tc = now() - t0;
    printf("contraction (metrics mask %u, 1 time 2 distance, one thread each): %.2f s; hierarchy "
           "arcs %zu (time), %zu "
           "(distance), %.2f per node (time)\n", co.metrics, tc, cor_graph_ch_arc_count(g, COR_METRIC_TIME),
           cor_graph_ch_arc_count(g, COR_METRIC_DISTANCE),
           (double)cor_graph_ch_arc_count(g, COR_METRIC_TIME) / (double)n);
    char path[64];
    snprintf(path, sizeof path, "/tmp/cor-bench-%d.cor", (int)getpid());
    t0 = now();
    if (cor_graph_write(g, path, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double tw = now() - t0;
    struct stat sb;
    stat(path, &sb);
    t0 = now();
    cor_graph *h = NULL;
    if (cor_graph_read(path, &h, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double tr = now() - t0;
    unlink(path);
    printf("snapshot %lld bytes = %.1f bytes per node; write %.3f s, read+check %.3f s\n",
           (long long)sb.st_size, (double)sb.st_size / (double)n, tw, tr);
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++)
        if (cor_graph_has_ch(h, (cor_metric)mt))
            printf("hierarchy of %s: %.1f bytes per node (ranks, offsets, 12 bytes per arc, 8 per "
                   "shortcut)\n", mt ? "distance" : "time",
                   (double)cor_graph_ch_bytes(h, (cor_metric)mt) / (double)n);
    cor_graph_free(g);
    g = h;
    uint32_t *s = malloc(nq * sizeof *s), *t = malloc(nq * sizeof *t);
    uint64_t *dist = malloc(nq * sizeof *dist), seed = 7;
    for (size_t i = 0; i < nq; i++) {
        s[i] = (uint32_t)(rnd(&seed) % n);
        t[i] = (uint32_t)(rnd(&seed) % n);
    }
    cor_gquery *q = cor_gquery_new(g);
    /* Dijkstra on big graphs costs a lot: it runs on a prefix of the queries */
    size_t nd = n > 500000 ? 100 : n > 50000 ? 1000 : nq;
    if (nd > nq)
        nd = nq;
    run_queries(q, COR_ALGO_CH, nq, s, t, NULL); /* warm-up: page in the scratch arrays */
    t0 = now();
    stats ch = run_queries(q, COR_ALGO_CH, nq, s, t, NULL);
    double tch = now() - t0;
    for (size_t i = 0; i < nq; i++) {
        cor_status r = cor_gquery_run(q, COR_ALGO_CH, COR_METRIC_TIME, s[i], t[i], &dist[i], &err);
        if (r != COR_OK)
            dist[i] = COR_DIST_INF;
    }
    const char *export_dir = getenv("COR_EXPORT");
    if (export_dir && !(export_graph(export_dir, g) &&
                        write_array(export_dir, "source", s, sizeof *s, nq) &&
                        write_array(export_dir, "target", t, sizeof *t, nq) &&
                        write_array(export_dir, "distance", dist, sizeof *dist, nq)))
        return 1;
    /* the same queries once the snapshot is verified, as the server runs them: the searches
     * then skip the per-index checks (docs/ch.md "Bounds") */
    t0 = now();
    if (cor_graph_verify(g, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double tv = now() - t0;
    run_queries(q, COR_ALGO_CH, nq, s, t, dist);
    stats chv = run_queries(q, COR_ALGO_CH, nq, s, t, dist);
    stats dj = run_queries(q, COR_ALGO_DIJKSTRA, nd, s, t, dist);
    stats bd = run_queries(q, COR_ALGO_BIDIJKSTRA, nd, s, t, dist);
    printf("queries (time metric), %zu random pairs (%zu connected) for CH, the first %zu for "
           "Dijkstra (answers checked equal):\n", nq, ch.found, nd);
    printf("  %-12s median %10.1f us  p99 %10.1f us  settled %10.0f\n", "dijkstra", dj.median_us,
           dj.p99_us, dj.mean_settled);
    printf("  %-12s median %10.1f us  p99 %10.1f us  settled %10.0f\n", "bidijkstra",
           bd.median_us, bd.p99_us, bd.mean_settled);
    printf("  %-12s median %10.1f us  p99 %10.1f us  settled %10.0f  (all %zu in %.3f s; the "
           "snapshot as opened, every index checked)\n", "ch", ch.median_us, ch.p99_us,
           ch.mean_settled, nq, tch);
    printf("  %-12s median %10.1f us  p99 %10.1f us  settled %10.0f  (after cor_graph_verify, "
           "%.2f s, as the server runs)\n", "ch verified", chv.median_us, chv.p99_us,
           chv.mean_settled, tv);
    printf("  ratios: Dijkstra / CH median %.0fx, bidirectional Dijkstra / CH median %.0fx\n",
           dj.median_us / ch.median_us, bd.median_us / ch.median_us);
    /* 100 x 100 table */
    size_t k = 100;
    uint64_t *tab = malloc(k * k * sizeof *tab);
    t0 = now();
    if (cor_gquery_table(q, COR_METRIC_TIME, s, k, t, k, tab, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double tt = now() - t0;
    for (size_t i = 0; i < k; i++) /* diagonal of the table = the pairs above */
        if (tab[i * k + i] != dist[i]) {
            fprintf(stderr, "TABLE MISMATCH at %zu\n", i);
            return 1;
        }
    printf("table 100 x 100 (buckets): %.1f ms = %.1f us per entry; 10,000 CH queries would take "
           "%.1f ms\n", tt * 1e3, tt * 1e6 / (double)(k * k), ch.median_us * 10000 / 1e3);
    printf("peak memory (VmHWM) %.0f MB\n", peak_rss_mb());
    free(tab);
    free(s);
    free(t);
    free(dist);
    cor_gquery_free(q);
    cor_graph_free(g);
    return 0;
}
