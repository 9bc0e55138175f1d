/*
 * Fuzz target: binary snapshots (docs/ch.md "Snapshot format"). The first byte says how the
 * rest, a snapshot file, is used: 0 opens it as it is; any other value first recomputes both
 * checksums (cor_snapshot_reseal), so that mutations reach the checks behind the CRCs. Opening
 * checks only the header and the section index, so a snapshot that opens is queried as
 * `corridor route` and `corridor table` query it (snaps, routes, a table) before any other
 * check: answers are refusals or valid paths, never out-of-bounds reads. Then the snapshot is
 * verified (`corridor check`), and one that passes is exercised whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/report.h"
#include "fuzz.h"
#include "snapshot/snapshot_int.h"

#define MAX_PAIRS 6
#define MAX_TABLE 3

/* Checks that arcs[0..n) is a contiguous path from s to t and returns its weight. */
static uint64_t path_weight(const cor_graph *g, cor_metric m, uint32_t s, uint32_t t,
                            const uint32_t *arcs, size_t n)
{
    uint32_t at = s;
    uint64_t w = 0;
    FUZZ_CHECK(n < cor_graph_node_count(g)); /* a shortest path is simple: at most n - 1 arcs */
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(arcs[i] < cor_graph_arc_count(g));
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, arcs[i], &ai);
        FUZZ_CHECK(ai.from == at);
        at = ai.to;
        w += cor_graph_arc_weight(g, arcs[i], m);
    }
    FUZZ_CHECK(at == t);
    return w;
}

/* A refusal of a damaged snapshot, from a query. */
static int refused(cor_status st, const cor_err *err)
{
    return st == COR_ERR_INPUT && strstr(err->msg, "corrupt snapshot");
}

/* Runs algorithm a from s to t; returns the distance (COR_DIST_INF when unreachable) after
 * checking the status, the path and its weight; *n is SIZE_MAX when the query or the path was
 * refused (only a snapshot that was not verified may refuse a query). */
static uint64_t run(cor_gquery *q, const cor_graph *g, cor_algo a, cor_metric m, uint32_t s,
                    uint32_t t, const uint32_t **arcs, size_t *n, int verified)
{
    uint64_t d = 0;
    cor_err err = {0};
    cor_status st = cor_gquery_run(q, a, m, s, t, &d, &err);
    if (!verified && refused(st, &err)) {
        *n = SIZE_MAX;
        return COR_DIST_INF;
    }
    if (st == COR_ERR_NOROUTE) {
        FUZZ_CHECK(s != t && err.msg[0]);
        FUZZ_CHECK(cor_gquery_path(q, arcs, n, &err) == COR_ERR_INPUT);
        *n = 0;
        return COR_DIST_INF;
    }
    FUZZ_CHECK(st == COR_OK);
    st = cor_gquery_path(q, arcs, n, &err);
    /* a hierarchy whose shortcuts unpack to more than n - 1 arcs is refused at query time,
     * as is any path of an unverified snapshot that does not check out */
    if ((a == COR_ALGO_CH || !verified) && refused(st, &err)) {
        *n = SIZE_MAX;
        return d;
    }
    FUZZ_CHECK(st == COR_OK);
    FUZZ_CHECK((*n == 0) == (s == t));
    /* shortcut weights are capped (contract.c), but an answer at the cap is recomputed on the
     * graph (query.c), so every path weighs exactly the distance found */
    FUZZ_CHECK(path_weight(g, m, s, t, *arcs, *n) == d);
    return d;
}

/* The outputs of `corridor route` for a path: text, JSON, GeoJSON. */
static void print_path(const cor_graph *g, cor_metric m, cor_algo a, uint32_t s, uint32_t t,
                       const uint32_t *arcs, size_t n)
{
    cor_graph_node_info from, to;
    cor_graph_get_node(g, s, &from);
    cor_graph_get_node(g, t, &to);
    cor_gpath p = {.metric = m, .algo = a, .tonnes = 20, .from_lat = from.lat,
                   .from_lon = from.lon, .to_lat = to.lat, .to_lon = to.lon, .from = s, .to = t,
                   .arcs = arcs, .n_arcs = n};
    char *json = cor_gpath_json(g, &p), *geo = cor_gpath_geojson(g, &p);
    FUZZ_CHECK(json && geo);
    free(json);
    free(geo);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    FUZZ_CHECK(f);
    cor_gpath_print(f, g, &p);
    FUZZ_CHECK(fclose(f) == 0 && len > 0);
    free(text);
}

/* Snapping: a node with arcs snaps to a node at (practically) its own place; any point snaps to
 * a node with arcs. Without has_arc (an unverified snapshot), only a refusal or a node that can
 * be shown. */
static void check_snap(const cor_graph *g, const unsigned char *has_arc, double lat, double lon,
                       int exact)
{
    uint32_t v = UINT32_MAX;
    double dist_m = -1;
    cor_err err = {0};
    cor_status st = cor_graph_snap(g, lat, lon, &v, &dist_m, &err);
    if (!has_arc && (refused(st, &err) || st == COR_ERR_NOTFOUND))
        return;
    if (st == COR_ERR_NOTFOUND) {
        FUZZ_CHECK(cor_graph_arc_count(g) == 0 && err.msg[0]);
        return;
    }
    FUZZ_CHECK(st == COR_OK && v < cor_graph_node_count(g) && (!has_arc || has_arc[v]));
    FUZZ_CHECK(dist_m >= 0 && dist_m <= 2.1e7);
    cor_graph_node_info ni;
    cor_graph_get_node(g, v, &ni);
    FUZZ_CHECK(ni.id[0] && strlen(ni.id) < 1u << 30);
    if (exact)
        FUZZ_CHECK(dist_m < 0.01);
}

/* Every arc and every point of its shape, every node, as the outputs read them, and snaps: only
 * on a verified snapshot (opening does not check the arrays an iteration over all reads). */
static void exercise_whole(const cor_graph *g)
{
    uint32_t n = (uint32_t)cor_graph_node_count(g);
    size_t n_arcs = cor_graph_arc_count(g);
    unsigned char *has_arc = calloc(n ? n : 1, 1);
    FUZZ_CHECK(has_arc);
    for (size_t a = 0; a < n_arcs; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, (uint32_t)a, &ai);
        FUZZ_CHECK(ai.from < n && ai.to < n && ai.len_dm > 0 && ai.time_ms > 0);
        FUZZ_CHECK(ai.n_points >= 2 && ai.link_id);
        has_arc[ai.from] = has_arc[ai.to] = 1;
        for (size_t k = 0; k < ai.n_points; k++) {
            double lat, lon;
            cor_graph_get_point(g, (uint32_t)a, k, &lat, &lon);
            FUZZ_CHECK(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180);
        }
    }
    for (uint32_t v = 0; v < n; v++) {
        cor_graph_node_info ni;
        cor_graph_get_node(g, v, &ni);
        FUZZ_CHECK(ni.id && ni.id[0] && ni.lat >= -90 && ni.lat <= 90 && ni.lon >= -180 &&
                   ni.lon <= 180);
        if (v < 8 && has_arc[v])
            check_snap(g, has_arc, ni.lat, ni.lon, 1);
    }
    static const double points[][2] = {{0, 0}, {90, 180}, {-90, -180}, {40, 44.5}, {-33.9, 151.2}};
    for (size_t i = 0; i < sizeof points / sizeof *points; i++)
        check_snap(g, has_arc, points[i][0], points[i][1], 0);
    free(has_arc);
}

/* A 3x3 table between the pairs' ends, against one-to-one Dijkstra (on a verified snapshot),
 * and its JSON. */
static void exercise_table(cor_gquery *q, const cor_graph *g, cor_metric m, const uint32_t *s,
                           const uint32_t *t, int trusted, int verified)
{
    int ch = cor_graph_has_ch(g, m);
    uint32_t src[MAX_TABLE], dst[MAX_TABLE];
    uint64_t tab[MAX_TABLE * MAX_TABLE];
    for (int i = 0; i < MAX_TABLE; i++)
        src[i] = s[i + 2], dst[i] = t[i + 2];
    cor_err err = {0};
    cor_status st = cor_gquery_table(q, m, src, MAX_TABLE, dst, MAX_TABLE, tab, &err);
    if (!verified && refused(st, &err))
        return;
    FUZZ_CHECK(st == COR_OK);
    if (!verified) /* the distances of a damaged hierarchy may be wrong: docs/ch.md "Bounds" */
        return;
    cor_table_point pts[2 * MAX_TABLE];
    for (int i = 0; i < 2 * MAX_TABLE; i++) {
        uint32_t v = i < MAX_TABLE ? src[i] : dst[i - MAX_TABLE];
        cor_graph_node_info ni;
        cor_graph_get_node(g, v, &ni);
        pts[i] = (cor_table_point){ni.id, ni.lat, ni.lon, v, 0};
    }
    for (int i = 0; i < MAX_TABLE; i++)
        for (int j = 0; j < MAX_TABLE; j++) {
            const uint32_t *arcs;
            size_t na;
            uint64_t d = run(q, g, COR_ALGO_DIJKSTRA, m, src[i], dst[j], &arcs, &na, 1);
            uint64_t x = tab[i * MAX_TABLE + j];
            FUZZ_CHECK(ch ? x >= d && (!trusted || x == d) : x == d);
        }
    char *json = cor_table_json(g, m, pts, MAX_TABLE, MAX_TABLE, tab);
    FUZZ_CHECK(json);
    free(json);
}

/* Routes between 6 pairs by the three algorithms, both metrics, paths checked and printed, and
 * a table. On an unverified snapshot each answer is a refusal or a valid path of the graph
 * (the library checks every path it hands out; run() checks it again). */
static void exercise_queries(const cor_graph *g, unsigned seed, int trusted, int verified)
{
    uint32_t n = (uint32_t)cor_graph_node_count(g);
    if (!n)
        return;
    cor_gquery *q = cor_gquery_new(g);
    FUZZ_CHECK(q);
    uint32_t s[MAX_PAIRS], t[MAX_PAIRS];
    s[0] = 0, t[0] = n - 1, s[1] = n - 1, t[1] = 0;
    for (int i = 2; i < MAX_PAIRS; i++) {
        seed = seed * 1103515245u + 12345u;
        s[i] = (seed >> 8) % n;
        t[i] = (seed >> 20) % n;
    }
    for (int mt = 0; mt < COR_METRIC_COUNT; mt++) {
        cor_metric m = (cor_metric)mt;
        int ch = cor_graph_has_ch(g, m);
        for (int i = 0; i < MAX_PAIRS; i++) {
            const uint32_t *arcs;
            size_t na;
            uint64_t d = run(q, g, COR_ALGO_DIJKSTRA, m, s[i], t[i], &arcs, &na, verified);
            uint64_t db = run(q, g, COR_ALGO_BIDIJKSTRA, m, s[i], t[i], &arcs, &na, verified);
            FUZZ_CHECK(!verified || db == d);
            if (!ch) {
                cor_err err = {0};
                uint64_t x;
                FUZZ_CHECK(cor_gquery_run(q, COR_ALGO_CH, m, s[i], t[i], &x, &err) ==
                           COR_ERR_INPUT);
                continue;
            }
            /* the CH answer is the length of a real path, so never below the optimum; it is the
             * optimum for a hierarchy as corridor build wrote it (a resealed one may miss a
             * shortcut, which no linear check can tell) */
            uint64_t dc = run(q, g, COR_ALGO_CH, m, s[i], t[i], &arcs, &na, verified);
            FUZZ_CHECK(!verified || dc >= d);
            FUZZ_CHECK(!trusted || (dc == d && na != SIZE_MAX));
            if (dc != COR_DIST_INF && na != SIZE_MAX)
                print_path(g, m, COR_ALGO_CH, s[i], t[i], arcs, na);
        }
        exercise_table(q, g, m, s, t, trusted, verified);
    }
    cor_gquery_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned char *file = malloc(size);
    FUZZ_CHECK(file);
    memcpy(file, data + 1, size - 1);
    int raw = data[0] == 0;
    if (!raw)
        cor_snapshot_reseal(file, size - 1);
    char path[512];
    fuzz_write("in.cor", file, size - 1, path, sizeof path);
    free(file);

    cor_graph *g = NULL;
    cor_err err = {0};
    cor_status st = cor_graph_read(path, &g, &err);
    if (st != COR_OK) {
        FUZZ_CHECK(st == COR_ERR_INPUT && !g && strstr(err.msg, path));
        return 0;
    }
    FUZZ_CHECK(g);
    /* first as `corridor route` uses a snapshot: opened, not verified */
    static const double points[][2] = {{0, 0}, {40, 44.5}, {-33.9, 151.2}};
    for (size_t i = 0; i < sizeof points / sizeof *points; i++)
        check_snap(g, NULL, points[i][0], points[i][1], 0);
    exercise_queries(g, data[0], 0, 0);
    st = cor_graph_verify(g, &err);
    FUZZ_CHECK(st == COR_OK || (st == COR_ERR_INPUT && strstr(err.msg, "corrupt snapshot")));
    if (st == COR_OK) {
        /* a file whose checksums were not recomputed is as corridor build wrote it */
        exercise_whole(g);
        exercise_queries(g, data[0], raw, 1);
    }
    cor_graph_free(g);
    return 0;
}
