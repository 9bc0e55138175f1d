/* Customizable contraction hierarchies against plain Dijkstra (written here, independent of the
 * library's): random graphs with one-way arcs and disconnected parts, under the time and the
 * distance metric and under weights with arcs closed; weights beyond the 32-bit cap; orders given
 * by the caller; the Monaco OSM extract with a closed area; the bundled South Caucasus network
 * with Armenia avoided and the Georgia-Turkey border closed. Every path is checked to start at s,
 * end at t, be contiguous, avoid closed arcs and add up to the reported distance. */
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
#define INF UINT64_MAX

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* Reference: Dijkstra with a binary heap (lazy deletion) on the arcs of g under weights w
 * (COR_CCH_CLOSED: not usable). Returns the distance from s to t, INF when unreachable. */
static uint64_t ref_dijkstra(const cor_graph *g, const uint32_t *w, uint32_t s, uint32_t t)
{
    size_t n = cor_graph_node_count(g), m = cor_graph_arc_count(g);
    uint32_t *first = calloc(n + 1, sizeof *first), *arcs = malloc((m + 1) * sizeof *arcs);
    uint32_t *to = malloc((m + 1) * sizeof *to);
    uint64_t *dist = malloc(n * sizeof *dist), *hk = malloc((m + 1) * sizeof *hk);
    uint32_t *hv = malloc((m + 1) * sizeof *hv);
    for (size_t a = 0; a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, (uint32_t)a, &ai);
        first[ai.from + 1]++;
        to[a] = ai.to;
    }
    for (size_t v = 0; v < n; v++)
        first[v + 1] += first[v];
    uint32_t *pos = malloc((n + 1) * sizeof *pos);
    memcpy(pos, first, (n + 1) * sizeof *pos);
    for (size_t a = 0; a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, (uint32_t)a, &ai);
        arcs[pos[ai.from]++] = (uint32_t)a;
    }
    for (size_t v = 0; v < n; v++)
        dist[v] = INF;
    size_t hn = 0;
    dist[s] = 0;
    hk[hn] = 0;
    hv[hn++] = s;
    while (hn) {
        uint64_t d = hk[0];
        uint32_t v = hv[0];
        hn--; /* pop: sift the last entry down from the root */
        uint64_t k = hk[hn];
        uint32_t x = hv[hn];
        size_t i = 0;
        for (size_t c = 1; c < hn; c = 2 * i + 1) {
            if (c + 1 < hn && hk[c + 1] < hk[c])
                c++;
            if (hk[c] >= k)
                break;
            hk[i] = hk[c];
            hv[i] = hv[c];
            i = c;
        }
        hk[i] = k;
        hv[i] = x;
        if (d > dist[v])
            continue;
        if (v == t)
            break;
        for (uint32_t e = first[v]; e < first[v + 1]; e++) {
            uint32_t a = arcs[e];
            if (w[a] == COR_CCH_CLOSED || d + w[a] >= dist[to[a]])
                continue;
            dist[to[a]] = d + w[a];
            size_t j = hn++; /* push: sift up */
            while (j > 0 && hk[(j - 1) / 2] > dist[to[a]]) {
                hk[j] = hk[(j - 1) / 2];
                hv[j] = hv[(j - 1) / 2];
                j = (j - 1) / 2;
            }
            hk[j] = dist[to[a]];
            hv[j] = to[a];
        }
    }
    uint64_t r = dist[t];
    free(first);
    free(arcs);
    free(to);
    free(dist);
    free(hk);
    free(hv);
    free(pos);
    return r;
}

/* Checks that arcs form a path from s to t over open arcs whose weights add up to dist. */
static void check_path(const cor_graph *g, const uint32_t *w, uint32_t s, uint32_t t,
                       const uint32_t *arcs, size_t n, uint64_t dist)
{
    uint32_t at = s;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        cor_graph_arc_info a;
        cor_graph_get_arc(g, arcs[i], &a);
        assert_int_equal(a.from, at);
        assert_true(w[arcs[i]] != COR_CCH_CLOSED);
        at = a.to;
        sum += w[arcs[i]];
    }
    assert_int_equal(at, t);
    assert_int_equal(sum, dist);
}

/* `pairs` random pairs (and s == t once) on metric w: CCH against the reference. Returns how
 * many were connected. */
static size_t compare_pairs(const cor_graph *g, const cor_cch *c, const uint32_t *w,
                            size_t pairs, uint64_t seed)
{
    cor_cch_metric *cm = NULL;
    cor_err err;
    assert_int_equal(cor_cch_customize_weights(c, w, &cm, &err), COR_OK);
    cor_cch_query *q = cor_cch_query_new(cm);
    assert_non_null(q);
    size_t n = cor_graph_node_count(g), reach = 0;
    for (size_t i = 0; i <= pairs; i++) {
        uint32_t s = (uint32_t)(rnd(&seed) % n), t = i == pairs ? s : (uint32_t)(rnd(&seed) % n);
        uint64_t want = ref_dijkstra(g, w, s, t), d = 0;
        cor_status r = cor_cch_query_run(q, s, t, &d, &err);
        const uint32_t *p;
        size_t np;
        if (want == INF) {
            assert_int_equal(r, COR_ERR_NOROUTE);
            assert_int_equal(cor_cch_query_path(q, &p, &np, &err), COR_ERR_INPUT);
            continue;
        }
        assert_int_equal(r, COR_OK);
        assert_int_equal(d, want);
        assert_int_equal(cor_cch_query_path(q, &p, &np, &err), COR_OK);
        check_path(g, w, s, t, p, np, d);
        /* asking twice gives the same path */
        const uint32_t *p2;
        size_t np2;
        assert_int_equal(cor_cch_query_path(q, &p2, &np2, &err), COR_OK);
        assert_int_equal(np2, np);
        reach++;
    }
    cor_cch_query_free(q);
    cor_cch_metric_free(cm);
    return reach;
}

/* A random graph: geometric (arcs to near nodes, some one-way) or uniform (arcs between any two
 * nodes, as in test_ch.c), with a few nodes left isolated. Weights times `scale`. */
static cor_graph *random_graph(uint64_t *seed, size_t n, int geometric, uint32_t scale)
{
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
    size_t cap = 8 * n, m = 0;
    cor_graph_arc *arcs = malloc(cap * sizeof *arcs);
    for (size_t v = 0; v < n; v++) {
        lat[v] = 40 + (double)(rnd(seed) % 100000) / 100000;
        lon[v] = 45 + (double)(rnd(seed) % 100000) / 100000;
    }
    while (m + 2 <= cap && m < 3 * n) {
        uint32_t u = (uint32_t)(rnd(seed) % n), v;
        if (geometric) { /* the nearest of 20 random candidates */
            v = (uint32_t)(rnd(seed) % n);
            for (int k = 0; k < 20; k++) {
                uint32_t x = (uint32_t)(rnd(seed) % n);
                double dx = lat[x] - lat[u], dy = lon[x] - lon[u];
                double bx = lat[v] - lat[u], by = lon[v] - lon[u];
                if (x != u && dx * dx + dy * dy < bx * bx + by * by)
                    v = x;
            }
        } else {
            v = (uint32_t)(rnd(seed) % n);
        }
        if (u % 17 == 0 || v % 17 == 0) /* isolated nodes */
            continue;
        uint32_t len = (uint32_t)(1 + rnd(seed) % 1000) * scale;
        uint32_t time = (uint32_t)(1 + rnd(seed) % 1000) * scale;
        arcs[m++] = (cor_graph_arc){u, v, len, time, COR_MODE_ROAD};
        if (rnd(seed) % 4) /* three in four both ways, sometimes with another weight */
            arcs[m++] = (cor_graph_arc){v, u, rnd(seed) % 2 ? len : len + scale,
                                        time, COR_MODE_ROAD};
    }
    cor_graph *g = NULL;
    cor_err err;
    assert_int_equal(cor_graph_from_arrays(n, lat, lon, m, arcs, &g, &err), COR_OK);
    free(lat);
    free(lon);
    free(arcs);
    return g;
}

static uint32_t *metric_weights(const cor_graph *g, cor_metric mt)
{
    size_t m = cor_graph_arc_count(g);
    uint32_t *w = malloc((m + 1) * sizeof *w);
    for (size_t a = 0; a < m; a++)
        w[a] = cor_graph_arc_weight(g, (uint32_t)a, mt);
    return w;
}

static void random_graphs_vs_dijkstra(void **state)
{
    (void)state;
    uint64_t seed = 2026;
    size_t reach_total = 0, pairs_total = 0;
    for (int round = 0; round < 12; round++) {
        size_t n = 20 + rnd(&seed) % (round < 6 ? 100 : 1500);
        cor_graph *g = random_graph(&seed, n, round % 3 != 0, 1);
        cor_cch *c = NULL;
        cor_err err;
        assert_int_equal(cor_cch_build(g, NULL, &c, &err), COR_OK);
        assert_true(cor_cch_arc_count(c) > 0);
        size_t m = cor_graph_arc_count(g);
        for (int mt = 0; mt < 3; mt++) {
            uint32_t *w = metric_weights(g, mt == 1 ? COR_METRIC_DISTANCE : COR_METRIC_TIME);
            if (mt == 2) /* a scenario: one arc in five closed, some weights 0 */
                for (size_t a = 0; a < m; a++)
                    w[a] = a % 5 == 0 ? COR_CCH_CLOSED : a % 7 == 0 ? 0 : w[a];
            reach_total += compare_pairs(g, c, w, 150, seed + (uint64_t)mt);
            pairs_total += 151;
            free(w);
        }
        /* cor_cch_customize gives the same answers as the weights of the metric */
        cor_cch_metric *cm;
        assert_int_equal(cor_cch_customize(c, g, COR_METRIC_DISTANCE, &cm, &err), COR_OK);
        cor_cch_query *q = cor_cch_query_new(cm);
        uint32_t *w = metric_weights(g, COR_METRIC_DISTANCE);
        for (uint32_t i = 0; i < 50; i++) {
            uint32_t s = (uint32_t)(rnd(&seed) % n), t = (uint32_t)(rnd(&seed) % n);
            uint64_t d, want = ref_dijkstra(g, w, s, t);
            cor_status r = cor_cch_query_run(q, s, t, &d, &err);
            assert_int_equal(r, want == INF ? COR_ERR_NOROUTE : COR_OK);
            if (r == COR_OK)
                assert_int_equal(d, want);
        }
        free(w);
        cor_cch_query_free(q);
        cor_cch_metric_free(cm);
        cor_cch_free(c);
        cor_graph_free(g);
    }
    /* neither vacuous nor all connected: both cases are exercised */
    assert_true(reach_total > pairs_total / 3);
    assert_true(reach_total < pairs_total);
}

/* Weights of up to 4e9 (46 days in ms): sums pass the 32-bit cap of supergraph weights, and the
 * answers must stay exact. */
static void weights_beyond_cap(void **state)
{
    (void)state;
    uint64_t seed = 77;
    size_t above = 0;
    for (int round = 0; round < 6; round++) {
        size_t n = 30 + rnd(&seed) % 200;
        cor_graph *g = random_graph(&seed, n, 1, 4000000);
        cor_cch *c;
        cor_err err;
        assert_int_equal(cor_cch_build(g, NULL, &c, &err), COR_OK);
        uint32_t *w = metric_weights(g, COR_METRIC_TIME);
        compare_pairs(g, c, w, 150, seed);
        for (int i = 0; i < 150; i++) { /* count the answers above the cap */
            uint64_t d = ref_dijkstra(g, w, (uint32_t)(rnd(&seed) % n), (uint32_t)(rnd(&seed) % n));
            above += d != INF && d >= UINT32_MAX - 1;
        }
        free(w);
        cor_cch_free(c);
        cor_graph_free(g);
    }
    assert_true(above > 50);
}

/* The order may be given: the identity (a poor order, a dense supergraph) answers the same;
 * a rank array that is not a permutation is refused. */
static void given_order(void **state)
{
    (void)state;
    uint64_t seed = 5;
    size_t n = 300;
    cor_graph *g = random_graph(&seed, n, 1, 1);
    uint32_t *rank = malloc(n * sizeof *rank);
    for (uint32_t v = 0; v < n; v++)
        rank[v] = v;
    cor_cch *c, *nd;
    cor_err err;
    assert_int_equal(cor_cch_build(g, rank, &c, &err), COR_OK);
    assert_int_equal(cor_cch_build(g, NULL, &nd, &err), COR_OK);
    /* nested dissection gives a smaller supergraph than the identity */
    assert_true(cor_cch_arc_count(nd) < cor_cch_arc_count(c));
    uint32_t *w = metric_weights(g, COR_METRIC_TIME);
    compare_pairs(g, c, w, 200, 9);
    /* cor_cch_order is the order cor_cch_build uses: a permutation */
    assert_int_equal(cor_cch_order(g, rank, &err), COR_OK);
    uint32_t *seen = calloc(n, sizeof *seen);
    for (uint32_t v = 0; v < n; v++) {
        assert_true(rank[v] < n);
        assert_int_equal(seen[rank[v]]++, 0);
    }
    rank[3] = rank[4];
    cor_cch *bad = NULL;
    assert_int_equal(cor_cch_build(g, rank, &bad, &err), COR_ERR_INPUT);
    assert_null(bad);
    assert_non_null(strstr(err.msg, "permutation"));
    rank[3] = (uint32_t)n;
    assert_int_equal(cor_cch_build(g, rank, &bad, &err), COR_ERR_INPUT);
    /* out-of-range nodes */
    cor_cch_metric *cm;
    assert_int_equal(cor_cch_customize_weights(nd, w, &cm, &err), COR_OK);
    cor_cch_query *q = cor_cch_query_new(cm);
    uint64_t d;
    assert_int_equal(cor_cch_query_run(q, (uint32_t)n, 0, &d, &err), COR_ERR_INPUT);
    cor_cch_query_free(q);
    cor_cch_metric_free(cm);
    free(seen);
    free(w);
    free(rank);
    cor_cch_free(c);
    cor_cch_free(nd);
    cor_graph_free(g);
}

/* A grid (a hard case for the order: no natural hierarchy), one-way streets every third row. */
static void grid_vs_dijkstra(void **state)
{
    (void)state;
    size_t side = 40, n = side * side, m = 0;
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
    cor_graph_arc *arcs = malloc(4 * n * sizeof *arcs);
    uint64_t seed = 11;
    for (size_t r = 0; r < side; r++)
        for (size_t c = 0; c < side; c++) {
            lat[r * side + c] = 40 + 0.002 * (double)r;
            lon[r * side + c] = 44 + 0.002 * (double)c;
            uint32_t v = (uint32_t)(r * side + c);
            uint32_t len = 200 + (uint32_t)(rnd(&seed) % 100), ms = 10000 + (uint32_t)(rnd(&seed) % 9000);
            if (c + 1 < side) {
                arcs[m++] = (cor_graph_arc){v, v + 1, len, ms, COR_MODE_ROAD};
                if (r % 3)
                    arcs[m++] = (cor_graph_arc){v + 1, v, len, ms, COR_MODE_ROAD};
            }
            if (r + 1 < side) {
                arcs[m++] = (cor_graph_arc){v, v + (uint32_t)side, len, ms / 2, COR_MODE_ROAD};
                arcs[m++] = (cor_graph_arc){v + (uint32_t)side, v, len, ms / 2, COR_MODE_ROAD};
            }
        }
    cor_graph *g;
    cor_err err;
    assert_int_equal(cor_graph_from_arrays(n, lat, lon, m, arcs, &g, &err), COR_OK);
    cor_cch *c;
    assert_int_equal(cor_cch_build(g, NULL, &c, &err), COR_OK);
    /* a 40 x 40 grid by nested dissection: far fewer than the n^2 / 2 arcs of a bad order,
     * and an elimination tree much lower than n */
    assert_true(cor_cch_arc_count(c) < 20 * n);
    assert_true(cor_cch_tree_height(c) < n / 4);
    for (int mt = 0; mt < 2; mt++) {
        uint32_t *w = metric_weights(g, (cor_metric)mt);
        assert_int_equal(compare_pairs(g, c, w, 200, 31 + (uint64_t)mt), 201);
        free(w);
    }
    cor_cch_free(c);
    cor_graph_free(g);
    free(lat);
    free(lon);
    free(arcs);
}

/* Monaco (OSM, truck profile): both metrics, and the arcs touching the north of the extract
 * closed (as an avoided country would be). */
static void monaco_vs_dijkstra(void **state)
{
    (void)state;
    char dir[] = "/tmp/cor-test-cch-XXXXXX";
    assert_non_null(mkdtemp(dir));
    cor_osm_opts o;
    cor_osm_opts_default(&o, COR_OSM_TRUCK);
    cor_err err;
    cor_osm_stats st;
    assert_int_equal(cor_osm_import(OSM_DIR "monaco.osm.pbf", &o, dir, &st, &err), COR_OK);
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(dir, &net, NULL), COR_OK);
    cor_graph *g = NULL;
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, &err),
                     COR_OK);
    cor_net_free(net);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    cor_cch *c;
    assert_int_equal(cor_cch_build(g, NULL, &c, &err), COR_OK);
    size_t m = cor_graph_arc_count(g), closed = 0;
    for (int mt = 0; mt < 3; mt++) {
        uint32_t *w = metric_weights(g, mt == 1 ? COR_METRIC_DISTANCE : COR_METRIC_TIME);
        if (mt == 2)
            for (size_t a = 0; a < m; a++) {
                cor_graph_arc_info ai;
                cor_graph_node_info u, v;
                cor_graph_get_arc(g, (uint32_t)a, &ai);
                cor_graph_get_node(g, ai.from, &u);
                cor_graph_get_node(g, ai.to, &v);
                if (u.lat > 43.745 || v.lat > 43.745) {
                    w[a] = COR_CCH_CLOSED;
                    closed++;
                }
            }
        size_t reach = compare_pairs(g, c, w, 400, 100 + (uint64_t)mt);
        assert_true(reach > (mt == 2 ? 100 : 300));
        free(w);
    }
    assert_true(closed > m / 5);
    cor_cch_free(c);
    cor_graph_free(g);
}

/* The bundled South Caucasus network: Armenia avoided (every arc touching an AM node closed),
 * then the Georgia-Turkey border closed (every arc between a GE and a TR node), as scenario
 * customizations of one hierarchy, all pairs against the reference. */
static void caucasus_scenarios(void **state)
{
    (void)state;
    cor_net *net = NULL;
    assert_int_equal(cor_net_load("data/caucasus", &net, NULL), COR_OK);
    cor_graph *g = NULL;
    cor_err err;
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, &err),
                     COR_OK);
    cor_net_free(net);
    cor_cch *c;
    assert_int_equal(cor_cch_build(g, NULL, &c, &err), COR_OK);
    size_t n = cor_graph_node_count(g), m = cor_graph_arc_count(g);
    uint32_t *base = metric_weights(g, COR_METRIC_TIME);
    for (int sc = 0; sc < 2; sc++) {
        uint32_t *w = metric_weights(g, COR_METRIC_TIME);
        size_t closed = 0, longer = 0, lost = 0;
        for (size_t a = 0; a < m; a++) {
            cor_graph_arc_info ai;
            cor_graph_node_info u, v;
            cor_graph_get_arc(g, (uint32_t)a, &ai);
            cor_graph_get_node(g, ai.from, &u);
            cor_graph_get_node(g, ai.to, &v);
            int shut = sc == 0 ? strcmp(u.country, "AM") == 0 || strcmp(v.country, "AM") == 0
                               : (strcmp(u.country, "GE") == 0 && strcmp(v.country, "TR") == 0) ||
                                     (strcmp(u.country, "TR") == 0 && strcmp(v.country, "GE") == 0);
            if (shut) {
                w[a] = COR_CCH_CLOSED;
                closed++;
            }
        }
        assert_true(closed > 0);
        cor_cch_metric *cm;
        assert_int_equal(cor_cch_customize_weights(c, w, &cm, &err), COR_OK);
        cor_cch_query *q = cor_cch_query_new(cm);
        for (uint32_t s = 0; s < n; s++)
            for (uint32_t t = 0; t < n; t++) {
                uint64_t want = ref_dijkstra(g, w, s, t), before = ref_dijkstra(g, base, s, t), d;
                cor_status r = cor_cch_query_run(q, s, t, &d, &err);
                if (want == INF) {
                    assert_int_equal(r, COR_ERR_NOROUTE);
                    lost += before != INF;
                    continue;
                }
                assert_int_equal(r, COR_OK);
                assert_int_equal(d, want);
                const uint32_t *p;
                size_t np;
                assert_int_equal(cor_cch_query_path(q, &p, &np, &err), COR_OK);
                check_path(g, w, s, t, p, np, d);
                longer += d > before;
            }
        /* the scenario changes answers: some routes detour, some pairs are cut off */
        assert_true(longer > 0);
        assert_true(lost > 0 || sc == 1);
        cor_cch_query_free(q);
        cor_cch_metric_free(cm);
        free(w);
    }
    free(base);
    cor_cch_free(c);
    cor_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_graphs_vs_dijkstra),
        cmocka_unit_test(weights_beyond_cap),
        cmocka_unit_test(given_order),
        cmocka_unit_test(grid_vs_dijkstra),
        cmocka_unit_test(monaco_vs_dijkstra),
        cmocka_unit_test(caucasus_scenarios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
