/* Contraction hierarchies against plain Dijkstra and brute force: random small graphs (Floyd-
 * Warshall), 10,000 random pairs on the Monaco and Liechtenstein OSM extracts (distance exact,
 * path contiguous and of the reported cost), tables against repeated Dijkstra, all pairs on
 * snapshots read back (hierarchies stored in rank order) against Dijkstra on the graph they
 * were written from, snapping against a linear scan; the bundled network with its border
 * dwell in the time weights, and with Armenia avoided, against a plain Dijkstra of the test. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"
#include "corridor/import.h"

#define OSM_DIR "../shared/data/osm/"

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* Checks that arcs form a path from s to t whose weights add up to dist. */
static void check_path(const cor_graph *g, cor_metric m, uint32_t s, uint32_t t,
                       const uint32_t *arcs, size_t n, uint64_t dist)
{
    uint32_t at = s;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        cor_graph_arc_info a;
        cor_graph_get_arc(g, arcs[i], &a);
        assert_int_equal(a.from, at);
        at = a.to;
        sum += cor_graph_arc_weight(g, arcs[i], m);
    }
    assert_int_equal(at, t);
    assert_int_equal(sum, dist);
}

/* Runs `pairs` random queries with all three algorithms and compares them. */
static void compare_all(const cor_graph *g, size_t pairs, uint64_t seed, size_t *reachable)
{
    cor_gquery *q = cor_gquery_new(g);
    assert_non_null(q);
    uint64_t st = seed;
    size_t n = cor_graph_node_count(g);
    *reachable = 0;
    for (size_t i = 0; i < pairs; i++) {
        uint32_t s = (uint32_t)(rnd(&st) % n), t = (uint32_t)(rnd(&st) % n);
        cor_metric m = (cor_metric)(i % 2);
        uint64_t d[3];
        cor_status r[3];
        cor_err err;
        for (int a = 0; a < 3; a++) {
            r[a] = cor_gquery_run(q, (cor_algo)a, m, s, t, &d[a], &err);
            assert_true(r[a] == COR_OK || r[a] == COR_ERR_NOROUTE);
            if (r[a] == COR_OK) {
                const uint32_t *arcs;
                size_t na;
                assert_int_equal(cor_gquery_path(q, &arcs, &na, &err), COR_OK);
                check_path(g, m, s, t, arcs, na, d[a]);
            }
        }
        assert_int_equal(r[0], r[1]);
        assert_int_equal(r[0], r[2]);
        if (r[0] == COR_OK) {
            assert_int_equal(d[0], d[1]);
            assert_int_equal(d[0], d[2]);
            (*reachable)++;
        }
    }
    cor_gquery_free(q);
}

static void random_graph_vs_floyd(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    /* the last 20 rounds with weights up to 4e9 (46 days in ms), whose sums pass the 32-bit
     * shortcut cap (COR_CH_WEIGHT_CAP): the CH must still give exact distances */
    for (int round = 0; round < 60; round++) {
        uint32_t scale = round < 40 ? 1 : 200000000;
        size_t n = 5 + rnd(&seed) % 40, m = n + rnd(&seed) % (3 * n);
        double *lat = calloc(n, sizeof *lat), *lon = calloc(n, sizeof *lon);
        cor_graph_arc *arcs = calloc(m, sizeof *arcs);
        for (size_t v = 0; v < n; v++) {
            lat[v] = 40 + (double)(rnd(&seed) % 1000) / 1000;
            lon[v] = 45 + (double)(rnd(&seed) % 1000) / 1000;
        }
        for (size_t a = 0; a < m; a++)
            arcs[a] = (cor_graph_arc){(uint32_t)(rnd(&seed) % n), (uint32_t)(rnd(&seed) % n),
                                      (uint32_t)(1 + rnd(&seed) % 20) * scale,
                                      (uint32_t)(1 + rnd(&seed) % 20) * scale, COR_MODE_ROAD};
        cor_graph *g;
        cor_err err;
        assert_int_equal(cor_graph_from_arrays(n, lat, lon, m, arcs, &g, &err), COR_OK);
        assert_int_equal(cor_graph_contract(g, NULL, &err), COR_OK);
        /* Floyd-Warshall on each metric */
        uint64_t *D = malloc(n * n * sizeof *D);
        for (int mt = 0; mt < 2; mt++) {
            for (size_t i = 0; i < n * n; i++)
                D[i] = i % (n + 1) == 0 ? 0 : COR_DIST_INF;
            for (size_t a = 0; a < m; a++) {
                uint32_t w = mt == 0 ? arcs[a].time_ms : arcs[a].len_dm;
                uint64_t *x = &D[arcs[a].from * n + arcs[a].to];
                if (w < *x)
                    *x = w;
            }
            for (size_t k = 0; k < n; k++)
                for (size_t i = 0; i < n; i++)
                    for (size_t j = 0; j < n; j++)
                        if (D[i * n + k] != COR_DIST_INF && D[k * n + j] != COR_DIST_INF &&
                            D[i * n + k] + D[k * n + j] < D[i * n + j])
                            D[i * n + j] = D[i * n + k] + D[k * n + j];
            cor_gquery *q = cor_gquery_new(g);
            for (uint32_t s = 0; s < n; s++)
                for (uint32_t t = 0; t < n; t++)
                    for (int al = 0; al < 3; al++) {
                        uint64_t d;
                        cor_status r = cor_gquery_run(q, (cor_algo)al, (cor_metric)mt, s, t, &d,
                                                      &err);
                        if (D[s * n + t] == COR_DIST_INF) {
                            assert_int_equal(r, COR_ERR_NOROUTE);
                            continue;
                        }
                        assert_int_equal(r, COR_OK);
                        assert_int_equal(d, D[s * n + t]);
                        const uint32_t *p;
                        size_t np;
                        assert_int_equal(cor_gquery_path(q, &p, &np, &err), COR_OK);
                        check_path(g, (cor_metric)mt, s, t, p, np, d);
                    }
            /* the table, all pairs */
            uint32_t *all = malloc(n * sizeof *all);
            for (uint32_t v = 0; v < n; v++)
                all[v] = v;
            uint64_t *T = malloc(n * n * sizeof *T);
            assert_int_equal(cor_gquery_table(q, (cor_metric)mt, all, n, all, n, T, &err), COR_OK);
            for (size_t i = 0; i < n * n; i++)
                assert_int_equal(T[i], D[i]);
            free(T);
            free(all);
            cor_gquery_free(q);
        }
        free(D);
        cor_graph_free(g);
        free(lat);
        free(lon);
        free(arcs);
    }
}

static cor_graph *import_graph(const char *pbf, const char *profile, int contract)
{
    char dir[] = "/tmp/cor-test-ch-XXXXXX";
    assert_non_null(mkdtemp(dir));
    cor_osm_opts o;
    cor_osm_opts_default(&o, (cor_osm_profile)cor_osm_profile_parse(profile));
    cor_err err;
    cor_osm_stats st;
    assert_int_equal(cor_osm_import(pbf, &o, dir, &st, &err), COR_OK);
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(dir, &net, NULL), COR_OK);
    cor_graph *g = NULL;
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES, COR_STATUS_BIT(COR_STATUS_OPERATING),
                                        &g, &err),
                     COR_OK);
    cor_net_free(net);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    if (contract)
        assert_int_equal(cor_graph_contract(g, NULL, &err), COR_OK);
    return g;
}

static void osm_pairs(const char *file, size_t expect_min_reachable)
{
    cor_graph *g = import_graph(file, "truck", 1);
    size_t reach;
    compare_all(g, 10000, 777, &reach);
    /* most random pairs of a country's road graph are connected; a sanity bound so that the
     * comparison is not vacuous */
    assert_true(reach >= expect_min_reachable);
    cor_graph_free(g);
}

/* Writes g as a snapshot and reads it back: the stored hierarchy is in rank order (docs/ch.md
 * "Snapshot format"), so the loaded graph answers through the renumbering. */
static cor_graph *round_trip(const cor_graph *g)
{
    char path[] = "/tmp/cor-test-ch-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    cor_err err;
    assert_int_equal(cor_graph_write(g, path, &err), COR_OK);
    cor_graph *h = NULL;
    assert_int_equal(cor_graph_read(path, &h, &err), COR_OK);
    unlink(path);
    return h;
}

/* Every pair of `nodes` (all nodes when NULL) by CH on the snapshot read back against plain
 * Dijkstra on the graph it was written from, both metrics, paths checked, and the table. */
static void all_pairs_after_round_trip(const cor_graph *g, const uint32_t *nodes, size_t k)
{
    cor_graph *h = round_trip(g);
    cor_gquery *qd = cor_gquery_new(g), *qc = cor_gquery_new(h);
    uint32_t *pick = malloc(k * sizeof *pick);
    uint64_t *T = malloc(k * k * sizeof *T), *D = malloc(k * k * sizeof *D);
    for (size_t i = 0; i < k; i++)
        pick[i] = nodes ? nodes[i] : (uint32_t)i;
    cor_err err;
    for (int mt = 0; mt < 2; mt++) {
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++) {
                uint64_t dd = COR_DIST_INF, dc = COR_DIST_INF;
                cor_status rd = cor_gquery_run(qd, COR_ALGO_DIJKSTRA, (cor_metric)mt, pick[i],
                                               pick[j], &dd, &err);
                cor_status rc = cor_gquery_run(qc, COR_ALGO_CH, (cor_metric)mt, pick[i], pick[j],
                                               &dc, &err);
                assert_int_equal(rd, rc);
                D[i * k + j] = rd == COR_OK ? dd : COR_DIST_INF;
                if (rd != COR_OK)
                    continue;
                assert_int_equal(dc, dd);
                const uint32_t *p;
                size_t np;
                assert_int_equal(cor_gquery_path(qc, &p, &np, &err), COR_OK);
                check_path(h, (cor_metric)mt, pick[i], pick[j], p, np, dc);
            }
        assert_int_equal(cor_gquery_table(qc, (cor_metric)mt, pick, k, pick, k, T, &err), COR_OK);
        for (size_t i = 0; i < k * k; i++)
            assert_int_equal(T[i], D[i]);
    }
    free(pick);
    free(T);
    free(D);
    cor_gquery_free(qd);
    cor_gquery_free(qc);
    cor_graph_free(h);
}

/* Plain O(n^2) Dijkstra from s over arcs weighted w[a], never entering a node whose country
 * is `avoid` (NULL: none); dist[v] is COR_DIST_INF when unreachable. */
static void plain_dijkstra(const cor_graph *g, const uint64_t *w, uint32_t s, const char *avoid,
                           uint64_t *dist)
{
    size_t n = cor_graph_node_count(g), m = cor_graph_arc_count(g);
    unsigned char *done = calloc(n, 1);
    for (size_t v = 0; v < n; v++)
        dist[v] = COR_DIST_INF;
    dist[s] = 0;
    for (;;) {
        size_t u = n;
        for (size_t v = 0; v < n; v++)
            if (!done[v] && dist[v] != COR_DIST_INF && (u == n || dist[v] < dist[u]))
                u = v;
        if (u == n)
            break;
        done[u] = 1;
        for (uint32_t a = 0; a < m; a++) {
            cor_graph_arc_info ai;
            cor_graph_get_arc(g, a, &ai);
            cor_graph_node_info x;
            cor_graph_get_node(g, ai.to, &x);
            if (ai.from == u && !(avoid && strcmp(x.country, avoid) == 0) &&
                dist[u] + w[a] < dist[ai.to])
                dist[ai.to] = dist[u] + w[a];
        }
    }
    free(done);
}

/* The bundled network's graph: every arc between two countries weighs its move plus the mean
 * dwell of its borders.csv row (found here by scanning the records); CH on the snapshot read
 * back equals plain Dijkstra on those weights for every pair, and with Armenia avoided
 * bidirectional Dijkstra equals plain Dijkstra that never enters an AM node. */
static void caucasus_border_weights(void **state)
{
    cor_net *net = NULL;
    cor_err err;
    assert_int_equal(cor_net_load("data/caucasus", &net, NULL), COR_OK);
    cor_graph *g = NULL;
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, &err),
                     COR_OK);
    assert_int_equal(cor_graph_contract(g, NULL, &err), COR_OK);
    size_t n = cor_graph_node_count(g), m = cor_graph_arc_count(g), crossings = 0;
    uint64_t *w = malloc(m * sizeof *w), *dist = malloc(n * sizeof *dist);
    for (uint32_t a = 0; a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, a, &ai);
        w[a] = ai.time_ms;
        for (uint32_t b = 0; b < cor_net_border_count(net); b++) {
            const cor_border *r = cor_net_border(net, b);
            if (r->mode == ai.mode && ((r->from == ai.from && r->to == ai.to) ||
                                       (r->both_ways && r->from == ai.to && r->to == ai.from))) {
                w[a] += (uint64_t)llround(r->dwell_h * 3.6e6);
                crossings++;
                break;
            }
        }
    }
    assert_true(crossings >= 10);
    cor_graph *h = round_trip(g);
    cor_gquery *qc = cor_gquery_new(h), *qa = cor_gquery_new(g);
    static const char am[][3] = {"AM"};
    assert_int_equal(cor_gquery_avoid(qa, am, 1, &err), COR_OK);
    size_t found = 0, avoided = 0;
    for (uint32_t s = 0; s < n; s++) {
        plain_dijkstra(g, w, s, NULL, dist);
        for (uint32_t t = 0; t < n; t++) {
            uint64_t d = COR_DIST_INF;
            cor_status st = cor_gquery_run(qc, COR_ALGO_CH, COR_METRIC_TIME, s, t, &d, &err);
            assert_int_equal(st == COR_OK, dist[t] != COR_DIST_INF);
            if (st == COR_OK)
                assert_int_equal(d, dist[t]);
            found += st == COR_OK;
        }
        cor_graph_node_info sn;
        cor_graph_get_node(g, s, &sn);
        if (strcmp(sn.country, "AM") == 0)
            continue;
        plain_dijkstra(g, w, s, "AM", dist);
        for (uint32_t t = 0; t < n; t++) {
            cor_graph_node_info tn;
            cor_graph_get_node(g, t, &tn);
            if (strcmp(tn.country, "AM") == 0)
                continue;
            uint64_t d = COR_DIST_INF;
            cor_status st = cor_gquery_run(qa, COR_ALGO_BIDIJKSTRA, COR_METRIC_TIME, s, t, &d,
                                           &err);
            assert_int_equal(st == COR_OK, dist[t] != COR_DIST_INF);
            if (st != COR_OK)
                continue;
            assert_int_equal(d, dist[t]);
            const uint32_t *p;
            size_t np;
            assert_int_equal(cor_gquery_path(qa, &p, &np, &err), COR_OK);
            check_path(g, COR_METRIC_TIME, s, t, p, np, d);
            for (size_t i = 0; i < np; i++) {
                cor_graph_arc_info ai;
                cor_graph_get_arc(g, p[i], &ai);
                cor_graph_node_info x;
                cor_graph_get_node(g, ai.to, &x);
                assert_string_not_equal(x.country, "AM");
            }
            avoided++;
        }
    }
    print_message("caucasus: %zu crossings, %zu pairs by CH, %zu avoiding AM\n", crossings, found,
                  avoided);
    assert_true(avoided > 100);
    /* the hierarchy and tables refuse to avoid; an end in AM is named */
    uint64_t d;
    assert_int_equal(cor_gquery_run(qa, COR_ALGO_CH, COR_METRIC_TIME, 0, 1, &d, &err),
                     COR_ERR_INPUT);
    static const char bad[][3] = {"QQ"};
    assert_int_equal(cor_gquery_avoid(qa, bad, 1, &err), COR_ERR_INPUT);
    free(w);
    free(dist);
    cor_gquery_free(qc);
    cor_gquery_free(qa);
    cor_graph_free(h);
    cor_graph_free(g);
    cor_net_free(net);
}

static void renumbered_random_all_pairs(void **state)
{
    (void)state;
    uint64_t seed = 4242;
    for (int round = 0; round < 30; round++) {
        size_t n = 2 + rnd(&seed) % 60, m = rnd(&seed) % (4 * n);
        double *lat = calloc(n, sizeof *lat), *lon = calloc(n, sizeof *lon);
        cor_graph_arc *arcs = calloc(m ? m : 1, sizeof *arcs);
        for (size_t v = 0; v < n; v++) {
            lat[v] = 40 + (double)(rnd(&seed) % 1000) / 1000;
            lon[v] = 45 + (double)(rnd(&seed) % 1000) / 1000;
        }
        for (size_t a = 0; a < m; a++)
            arcs[a] = (cor_graph_arc){(uint32_t)(rnd(&seed) % n), (uint32_t)(rnd(&seed) % n),
                                      (uint32_t)(1 + rnd(&seed) % 30),
                                      (uint32_t)(1 + rnd(&seed) % 30), COR_MODE_ROAD};
        cor_graph *g;
        cor_err err;
        assert_int_equal(cor_graph_from_arrays(n, lat, lon, m, arcs, &g, &err), COR_OK);
        assert_int_equal(cor_graph_contract(g, NULL, &err), COR_OK);
        all_pairs_after_round_trip(g, NULL, n);
        cor_graph_free(g);
        free(lat);
        free(lon);
        free(arcs);
    }
}

/* 120 random nodes of each OSM extract, all 14,400 pairs per metric, through a snapshot */
static void osm_renumbered_all_pairs(const char *file)
{
    cor_graph *g = import_graph(file, "truck", 1);
    enum { K = 120 };
    uint32_t nodes[K];
    uint64_t seed = 99;
    for (size_t i = 0; i < K; i++)
        nodes[i] = (uint32_t)(rnd(&seed) % cor_graph_node_count(g));
    all_pairs_after_round_trip(g, nodes, K);
    cor_graph_free(g);
}

static void osm_extracts_renumbered(void **state)
{
    (void)state;
    osm_renumbered_all_pairs(OSM_DIR "monaco.osm.pbf");
    osm_renumbered_all_pairs(OSM_DIR "liechtenstein-2013-08-03.osm.pbf");
}

static void monaco_10000_pairs(void **state)
{
    (void)state;
    osm_pairs(OSM_DIR "monaco.osm.pbf", 8000);
}

static void liechtenstein_10000_pairs(void **state)
{
    (void)state;
    osm_pairs(OSM_DIR "liechtenstein-2013-08-03.osm.pbf", 8000);
}

static void table_vs_dijkstra(void **state)
{
    (void)state;
    cor_graph *g = import_graph(OSM_DIR "liechtenstein-2013-08-03.osm.pbf", "road", 1);
    size_t n = cor_graph_node_count(g), ns = 40, nt = 30;
    uint32_t src[40], dst[30];
    uint64_t seed = 99;
    for (size_t i = 0; i < ns; i++)
        src[i] = (uint32_t)(rnd(&seed) % n);
    for (size_t j = 0; j < nt; j++)
        dst[j] = (uint32_t)(rnd(&seed) % n);
    cor_gquery *q = cor_gquery_new(g);
    cor_err err;
    uint64_t *T = malloc(ns * nt * sizeof *T);
    size_t finite = 0;
    for (int mt = 0; mt < 2; mt++) {
        assert_int_equal(cor_gquery_table(q, (cor_metric)mt, src, ns, dst, nt, T, &err), COR_OK);
        for (size_t i = 0; i < ns; i++)
            for (size_t j = 0; j < nt; j++) {
                uint64_t d;
                cor_status r = cor_gquery_run(q, COR_ALGO_DIJKSTRA, (cor_metric)mt, src[i], dst[j],
                                              &d, &err);
                if (r == COR_ERR_NOROUTE) {
                    assert_true(T[i * nt + j] == COR_DIST_INF);
                } else {
                    assert_int_equal(r, COR_OK);
                    assert_int_equal(T[i * nt + j], d);
                    finite++;
                }
            }
    }
    assert_true(finite > ns * nt);
    free(T);
    cor_gquery_free(q);
    cor_graph_free(g);
}

static void snap_vs_scan(void **state)
{
    (void)state;
    cor_graph *g = import_graph(OSM_DIR "monaco.osm.pbf", "road", 0);
    size_t n = cor_graph_node_count(g);
    uint64_t seed = 5;
    cor_err err;
    for (int i = 0; i < 300; i++) {
        /* around Monaco, and some points far outside the extract */
        double lat = 43.70 + (double)(rnd(&seed) % 10000) / 10000 * 0.08;
        double lon = 7.38 + (double)(rnd(&seed) % 10000) / 10000 * 0.08;
        if (i % 50 == 0) {
            lat += 2;
            lon -= 3;
        }
        uint32_t v;
        double dm;
        assert_int_equal(cor_graph_snap(g, lat, lon, &v, &dm, &err), COR_OK);
        /* linear scan, same projection as the grid (cos of the mean latitude is not known
         * here, so compare haversine distances with a small relative slack) */
        double best = INFINITY;
        for (uint32_t u = 0; u < n; u++) {
            cor_graph_node_info ni;
            cor_graph_get_node(g, u, &ni);
            double d = cor_haversine_km(lat, lon, ni.lat, ni.lon) * 1000;
            if (d < best)
                best = d;
        }
        assert_true(dm <= best * 1.001 + 0.01);
    }
    uint32_t v;
    assert_int_equal(cor_graph_snap(g, 91, 0, &v, NULL, &err), COR_ERR_INPUT);
    cor_graph_free(g);
}

/* --algorithm's names (cor_algo_parse()), as cor_algo_name() gives them back. */
static void algo_names(void **state)
{
    (void)state;
    cor_algo a = COR_ALGO_CH;
    cor_err err;
    assert_int_equal(cor_algo_parse("dijkstra", &a, &err), COR_OK);
    assert_int_equal(a, COR_ALGO_DIJKSTRA);
    assert_int_equal(cor_algo_parse("bidijkstra", &a, &err), COR_OK);
    assert_int_equal(a, COR_ALGO_BIDIJKSTRA);
    assert_int_equal(cor_algo_parse("ch", &a, &err), COR_OK);
    assert_int_equal(a, COR_ALGO_CH);
    assert_int_equal(cor_algo_parse("CH", &a, &err), COR_ERR_INPUT);
    assert_int_equal(a, COR_ALGO_CH);
    assert_string_equal(err.msg, "expected ch, bidijkstra or dijkstra, found \"CH\"");
}

/* --minimize of table (cor_metric_parse()) and --metrics of build (cor_ch_metrics_parse()) */
static void metric_names(void **state)
{
    (void)state;
    cor_metric m = COR_METRIC_TIME;
    unsigned bits = 0;
    cor_err err;
    assert_int_equal(cor_metric_parse("distance", &m, &err), COR_OK);
    assert_int_equal(m, COR_METRIC_DISTANCE);
    assert_int_equal(cor_metric_parse("time", &m, &err), COR_OK);
    assert_int_equal(m, COR_METRIC_TIME);
    assert_int_equal(cor_metric_parse("Time", &m, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected time or distance, found \"Time\"");
    assert_int_equal(m, COR_METRIC_TIME);
    assert_int_equal(cor_ch_metrics_parse("distance", &bits, &err), COR_OK);
    assert_int_equal(bits, 1u << COR_METRIC_DISTANCE);
    assert_int_equal(cor_ch_metrics_parse("distance,time", &bits, &err), COR_OK);
    assert_int_equal(bits, 3);
    assert_int_equal(cor_ch_metrics_parse("time", &bits, &err), COR_OK);
    assert_int_equal(bits, 1u << COR_METRIC_TIME);
    assert_int_equal(cor_ch_metrics_parse("time,", &bits, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected time, distance or time,distance, found \"time,\"");
    assert_int_equal(bits, 1u << COR_METRIC_TIME);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_graph_vs_floyd),
        cmocka_unit_test(monaco_10000_pairs),
        cmocka_unit_test(liechtenstein_10000_pairs),
        cmocka_unit_test(table_vs_dijkstra),
        cmocka_unit_test(renumbered_random_all_pairs),
        cmocka_unit_test(osm_extracts_renumbered),
        cmocka_unit_test(snap_vs_scan),
        cmocka_unit_test(caucasus_border_weights),
        cmocka_unit_test(algo_names),
        cmocka_unit_test(metric_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
