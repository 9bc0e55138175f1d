/* The navigation layer against independent answers: snapping against a linear scan of every
 * segment, the big-component preference and the radius on a hand-drawn ring and fragment,
 * routes between points inside links by hand, Douglas-Peucker by hand, steps of a hand-drawn
 * turn and of a roundabout, trip orders against brute force over all permutations and a
 * circle's perimeter, map-matching candidates against a scan of every arc and a trace matched
 * on a ladder. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "corridor/corridor.h"

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

static cor_graph *graph(size_t n, const double *lat, const double *lon, size_t m,
                        const cor_graph_arc *arcs)
{
    cor_graph *g;
    cor_err err;
    assert_int_equal(cor_graph_from_arrays(n, lat, lon, m, arcs, &g, &err), COR_OK);
    assert_int_equal(cor_graph_contract(g, NULL, &err), COR_OK);
    return g;
}

/* squared distance from p to segment a-b in the plane x = lon cos(lat0), y = lat */
static double seg_d2(double c, double plat, double plon, double alat, double alon, double blat,
                     double blon)
{
    double ax = alon * c, bx = blon * c, px = plon * c, dx = bx - ax, dy = blat - alat;
    double l2 = dx * dx + dy * dy, t = l2 > 0 ? ((px - ax) * dx + (plat - alat) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = ax + t * dx - px, ey = alat + t * dy - plat;
    return ex * ex + ey * ey;
}

/* cor_navi_candidates() within 800 m against every arc: one per link (the arc whose twin, if
 * any, is higher), each at its link's nearest point, nearest first. */
static void candidates_vs_scan(const cor_navi *nv, const cor_graph *g, double c, double qlat,
                               double qlon)
{
    size_t m = cor_graph_arc_count(g), n_links = 0;
    double r = 800;
    double *best = malloc(m * sizeof *best); /* by arc */
    for (size_t a = 0; a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, (uint32_t)a, &ai);
        double alat, alon, blat, blon;
        cor_graph_get_point(g, (uint32_t)a, 0, &alat, &alon);
        cor_graph_get_point(g, (uint32_t)a, 1, &blat, &blon);
        double ax = alon * c, bx = blon * c, px = qlon * c, dx = bx - ax, dy = blat - alat;
        double l2 = dx * dx + dy * dy;
        double t = l2 > 0 ? ((px - ax) * dx + (qlat - alat) * dy) / l2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double d = cor_haversine_km(qlat, qlon, alat + t * (blat - alat), alon + t * (blon - alon)) * 1000;
        cor_phantom ph;
        cor_err err;
        assert_int_equal(cor_navi_phantom_at(nv, (uint32_t)a, 0.5, &ph, &err), COR_OK);
        if (ph.twin != COR_NAVI_NONE && ph.twin < a)
            continue;
        n_links += d <= r;
        best[a] = d <= r ? d : INFINITY;
    }
    cor_phantom out[64];
    size_t got = cor_navi_candidates(nv, qlat, qlon, r, out, 64);
    assert_int_equal(got, n_links < 64 ? n_links : 64);
    for (size_t i = 0; i < got; i++) {
        assert_true(out[i].twin == COR_NAVI_NONE || out[i].twin > out[i].arc);
        assert_true(fabs(out[i].dist_m - best[out[i].arc]) < 1e-6);
        assert_true(i == 0 || out[i].dist_m >= out[i - 1].dist_m - 1e-6);
    }
    free(best);
}

/* Random graphs made strongly connected (a cycle through every node, both ways), so that the
 * answer is the nearest segment of all: against a scan of every arc. */
static void snap_vs_linear_scan(void **state)
{
    (void)state;
    uint64_t seed = 7;
    for (int round = 0; round < 20; round++) {
        size_t n = 20 + rnd(&seed) % 200, extra = rnd(&seed) % (2 * n), m = 2 * n + extra;
        double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
        cor_graph_arc *arcs = malloc(m * sizeof *arcs);
        for (size_t v = 0; v < n; v++) {
            lat[v] = 47 + (double)(rnd(&seed) % 10000) / 1e5;
            lon[v] = 9 + (double)(rnd(&seed) % 10000) / 1e5;
            uint32_t w = (uint32_t)((v + 1) % n);
            arcs[2 * v] = (cor_graph_arc){(uint32_t)v, w, 100, 100, COR_MODE_ROAD};
            arcs[2 * v + 1] = (cor_graph_arc){w, (uint32_t)v, 100, 100, COR_MODE_ROAD};
        }
        for (size_t a = 2 * n; a < m; a++) {
            uint32_t u = (uint32_t)(rnd(&seed) % n), v = (uint32_t)(rnd(&seed) % n);
            arcs[a] = (cor_graph_arc){u, v == u ? (u + 1) % (uint32_t)n : v, 100, 100,
                                      COR_MODE_ROAD};
        }
        cor_graph *g = graph(n, lat, lon, m, arcs);
        cor_navi *nv;
        cor_err err;
        assert_int_equal(cor_navi_new(g, &nv, &err), COR_OK);
        double y0 = 90, y1 = -90; /* the index projects at the middle of the nodes' latitudes */
        for (size_t v = 0; v < n; v++) {
            y0 = fmin(y0, lat[v]);
            y1 = fmax(y1, lat[v]);
        }
        double c = cos((y0 + y1) / 2 * M_PI / 180);
        for (int k = 0; k < 50; k++) {
            double qlat = 46.98 + (double)(rnd(&seed) % 14000) / 1e5;
            double qlon = 8.98 + (double)(rnd(&seed) % 14000) / 1e5;
            cor_phantom p;
            assert_int_equal(cor_navi_snap(nv, qlat, qlon, INFINITY, &p, &err), COR_OK);
            assert_int_equal(p.component, n);
            double best = INFINITY;
            for (size_t a = 0; a < m; a++)
                best = fmin(best, seg_d2(c, qlat, qlon, lat[arcs[a].from], lon[arcs[a].from],
                                         lat[arcs[a].to], lon[arcs[a].to]));
            double got = seg_d2(c, qlat, qlon, p.lat, p.lon, p.lat, p.lon);
            assert_true(fabs(got - best) <= best * 1e-9 + 1e-20);
            cor_graph_arc_info ai; /* the point lies on its arc */
            cor_graph_get_arc(g, p.arc, &ai);
            assert_true(seg_d2(c, p.lat, p.lon, lat[ai.from], lon[ai.from], lat[ai.to],
                               lon[ai.to]) < 1e-18);
            assert_true(fabs(p.dist_m - cor_haversine_km(qlat, qlon, p.lat, p.lon) * 1000) < 1e-6);
            cor_phantom back; /* a hint's arc and fraction give the point again */
            assert_int_equal(cor_navi_phantom_at(nv, p.arc, p.frac, &back, &err), COR_OK);
            assert_true(fabs(back.lat - p.lat) < 1e-9 && fabs(back.lon - p.lon) < 1e-9);
            assert_int_equal(back.twin, p.twin);
            candidates_vs_scan(nv, g, c, qlat, qlon);
        }
        cor_navi_free(nv);
        cor_graph_free(g);
        free(lat);
        free(lon);
        free(arcs);
    }
}

/* A ring of 6 nodes both ways (the big component) and, 3 km north, a 2-node fragment. */
static void fragment_and_radius(void **state)
{
    (void)state;
    double lat[8], lon[8];
    cor_graph_arc arcs[14];
    size_t m = 0;
    for (int i = 0; i < 6; i++) {
        lat[i] = 40 + 0.01 * sin(i * M_PI / 3);
        lon[i] = 44 + 0.01 * cos(i * M_PI / 3);
        arcs[m++] = (cor_graph_arc){(uint32_t)i, (uint32_t)((i + 1) % 6), 100, 100, COR_MODE_ROAD};
        arcs[m++] = (cor_graph_arc){(uint32_t)((i + 1) % 6), (uint32_t)i, 100, 100, COR_MODE_ROAD};
    }
    lat[6] = lat[7] = 40.03;
    lon[6] = 44;
    lon[7] = 44.001;
    arcs[m++] = (cor_graph_arc){6, 7, 100, 100, COR_MODE_ROAD};
    arcs[m++] = (cor_graph_arc){7, 6, 100, 100, COR_MODE_ROAD};
    cor_graph *g = graph(8, lat, lon, m, arcs);
    cor_navi *nv;
    cor_err err;
    assert_int_equal(cor_navi_new(g, &nv, &err), COR_OK);
    cor_phantom p;
    /* 0.0001 degrees (11.1 m) north of the fragment's middle */
    assert_int_equal(cor_navi_snap(nv, 40.0301, 44.0005, 100, &p, &err), COR_OK);
    assert_int_equal(p.component, 2);
    assert_true(fabs(p.dist_m - 11.1195) < 0.01);
    assert_true(fabs(p.frac - 0.5) < 1e-6);
    assert_true(p.twin != COR_NAVI_NONE);
    /* within 5 km the ring is in reach: its top side, between nodes 1 and 2 at latitude
     * 40 + 0.01 sin 60 = 40.0086603: (40.0301 - 40.0086603) x 111194.9 m = 2383.97 m */
    assert_int_equal(cor_navi_snap(nv, 40.0301, 44.0005, 5000, &p, &err), COR_OK);
    assert_int_equal(p.component, 6);
    assert_true(fabs(p.dist_m - 2383.97) < 0.05);
    /* nothing within 5 m */
    assert_int_equal(cor_navi_snap(nv, 40.0301, 44.0005, 5, &p, &err), COR_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, "more than the 5 m allowed"));
    assert_int_equal(cor_navi_snap(nv, 91, 44, 5, &p, &err), COR_ERR_INPUT);
    cor_navi_free(nv);
    cor_graph_free(g);
}

/* A(40,44) -> B(40,44.01) -> C(40,44.02), 100 m and 10 s per arc, and back where said. */
static void route_inside_links(void **state)
{
    (void)state;
    double lat[3] = {40, 40, 40}, lon[3] = {44, 44.01, 44.02};
    cor_graph_arc arcs[3] = {{0, 1, 1000, 10000, COR_MODE_ROAD},
                             {1, 2, 1000, 10000, COR_MODE_ROAD},
                             {1, 0, 1000, 10000, COR_MODE_ROAD}};
    cor_graph *g = graph(3, lat, lon, 3, arcs);
    cor_navi *nv;
    cor_err err;
    assert_int_equal(cor_navi_new(g, &nv, &err), COR_OK);
    cor_navi_query *q = cor_navi_query_new(nv);
    cor_phantom a, b, c;
    assert_int_equal(cor_navi_snap(nv, 40.0001, 44.0025, 100, &a, &err), COR_OK); /* 1/4 AB */
    assert_int_equal(cor_navi_snap(nv, 39.9999, 44.0175, 100, &b, &err), COR_OK); /* 3/4 BC */
    assert_int_equal(cor_navi_snap(nv, 40.0001, 44.0075, 100, &c, &err), COR_OK); /* 3/4 AB */
    assert_true(fabs(a.frac - (a.arc == 0 ? 0.25 : 0.75)) < 1e-6);
    cor_navi_path p;
    assert_int_equal(cor_navi_route(q, COR_METRIC_TIME, &a, &b, &p, &err), COR_OK);
    assert_true(fabs(p.distance_m - 150) < 1e-6);
    assert_true(fabs(p.duration_s - 15) < 1e-6);
    assert_int_equal(p.n_arcs, 2);
    cor_shape s;
    assert_int_equal(cor_navi_path_shape(nv, &p, &s, &err), COR_OK);
    assert_int_equal(s.n, 3); /* the two points and B */
    assert_true(fabs(s.lon[0] - 44.0025) < 1e-9 && fabs(s.lon[1] - 44.01) < 1e-12 &&
                fabs(s.lon[2] - 44.0175) < 1e-9);
    assert_int_equal(s.n_pieces, 2);
    assert_int_equal(s.piece_end[0], 1);
    cor_shape_free(&s);
    /* BC is one way: from 3/4 BC back to AB there is no route */
    assert_int_equal(cor_navi_route(q, COR_METRIC_TIME, &b, &a, &p, &err), COR_ERR_NOROUTE);
    /* AB has its twin: from 3/4 AB back to 1/4 AB along it, 50 m */
    assert_int_equal(cor_navi_route(q, COR_METRIC_DISTANCE, &c, &a, &p, &err), COR_OK);
    assert_int_equal(p.n_arcs, 1);
    assert_true(fabs(p.distance_m - 50) < 1e-6);
    cor_navi_query_free(q);
    cor_navi_free(nv);
    cor_graph_free(g);
}

static void douglas_peucker(void **state)
{
    (void)state;
    /* along the equator, the middle point 0.0001 degrees (11.12 m) off the line */
    double lat[5] = {0, 0, 0.0001, 0, 0}, lon[5] = {0, 0.001, 0.002, 0.003, 0.004};
    unsigned char keep[5];
    assert_int_equal(cor_simplify(lat, lon, 5, 20, keep), 2);
    assert_true(keep[0] && keep[4] && !keep[2]);
    assert_int_equal(cor_simplify(lat, lon, 5, 6, keep), 3); /* points 1, 3: 5.56 m off */
    assert_true(keep[2] && !keep[1] && !keep[3]);
    assert_int_equal(cor_simplify(lat, lon, 5, 5, keep), 5);
    /* a 1 km box is 0.0117 / 360 x 256 x 2^16 = 545 pixels wide at zoom 16, 273 at zoom 15 */
    double blat[2] = {40, 40.009}, blon[2] = {44, 44.0117};
    double tol = cor_simplify_tolerance_m(blat, blon, 2);
    assert_true(fabs(tol - 156543.03392 * cos(40.0045 * M_PI / 180) / 32768) < 1e-9);
    /* a 100 km one: 1.17 / 360 x 256 x 2^10 = 852 pixels at zoom 10, 426 at zoom 9 */
    double clat[2] = {40, 40.9}, clon[2] = {44, 45.17};
    tol = cor_simplify_tolerance_m(clat, clon, 2);
    assert_true(fabs(tol - 156543.03392 * cos(40.45 * M_PI / 180) / 512) < 1e-9);
}

/* A -> B east, then north to C; B also leads on east to D (a choice). */
static void steps_of_a_left_turn(void **state)
{
    (void)state;
    double lat[4] = {40, 40, 40.01, 40}, lon[4] = {44, 44.01, 44.01, 44.02};
    cor_graph_arc arcs[3] = {{0, 1, 8530, 60000, COR_MODE_ROAD},
                             {1, 2, 11120, 60000, COR_MODE_ROAD},
                             {1, 3, 8530, 60000, COR_MODE_ROAD}};
    cor_graph *g = graph(4, lat, lon, 3, arcs);
    cor_navi *nv;
    cor_err err;
    assert_int_equal(cor_navi_new(g, &nv, &err), COR_OK);
    cor_navi_query *q = cor_navi_query_new(nv);
    cor_phantom a, c;
    assert_int_equal(cor_navi_snap(nv, 40, 44, 10, &a, &err), COR_OK);
    assert_int_equal(cor_navi_snap(nv, 40.01, 44.01, 10, &c, &err), COR_OK);
    cor_navi_path p;
    assert_int_equal(cor_navi_route(q, COR_METRIC_TIME, &a, &c, &p, &err), COR_OK);
    cor_shape s;
    cor_piece *pc;
    assert_int_equal(cor_navi_path_pieces(nv, &p, &s, &pc, &err), COR_OK);
    cor_step_out *st;
    size_t n;
    assert_int_equal(cor_steps_build(&s, pc, s.n_pieces, &st, &n, &err), COR_OK);
    assert_int_equal(n, 3);
    assert_string_equal(st[0].type, "depart");
    assert_int_equal(st[0].bearing_after, 90);
    assert_string_equal(st[1].type, "turn");
    assert_string_equal(st[1].modifier, "left");
    assert_int_equal(st[1].bearing_before, 90);
    assert_int_equal(st[1].bearing_after, 0);
    assert_true(fabs(st[1].lon - 44.01) < 1e-12);
    assert_true(fabs(st[0].distance_m - 853) < 1e-6 && fabs(st[1].distance_m - 1112) < 1e-6);
    assert_string_equal(st[2].type, "arrive");
    free(st);
    free(pc);
    cor_shape_free(&s);
    cor_navi_query_free(q);
    cor_navi_free(nv);
    cor_graph_free(g);
}

/* the cheapest order over all permutations, as cor_trip_order() defines it */
static double brute(const double *c, size_t n, bool round, uint32_t start, uint32_t end)
{
    uint32_t p[10];
    for (size_t i = 0; i < n; i++)
        p[i] = (uint32_t)i;
    double best = INFINITY;
    for (;;) {
        int ok = (start == COR_NAVI_NONE || p[0] == start) &&
                 (round || end == COR_NAVI_NONE || p[n - 1] == end);
        if (ok) {
            double s = 0;
            for (size_t i = 0; i + 1 < n; i++)
                s += c[p[i] * n + p[i + 1]];
            if (round)
                s += c[p[n - 1] * n + p[0]];
            best = fmin(best, s);
        }
        /* next permutation */
        size_t i = n - 1;
        while (i > 0 && p[i - 1] >= p[i])
            i--;
        if (i == 0)
            return best;
        size_t j = n - 1;
        while (p[j] <= p[i - 1])
            j--;
        uint32_t t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
        for (size_t a = i, b = n - 1; a < b; a++, b--) {
            t = p[a];
            p[a] = p[b];
            p[b] = t;
        }
    }
}

static void trip_exact_vs_brute_force(void **state)
{
    (void)state;
    uint64_t seed = 99;
    cor_err err;
    for (int round = 0; round < 60; round++) {
        size_t n = 2 + (size_t)round % 7;
        double c[64];
        for (size_t i = 0; i < n * n; i++)
            c[i] = i % (n + 1) == 0 ? 0 : (double)(1 + rnd(&seed) % 100);
        int kind = round % 4; /* round trip, path from first, path to last, both fixed */
        bool rt = kind == 0;
        uint32_t start = kind == 1 || kind == 3 ? 0 : COR_NAVI_NONE;
        uint32_t end = kind >= 2 ? (uint32_t)n - 1 : COR_NAVI_NONE;
        uint32_t order[10];
        double total;
        assert_int_equal(cor_trip_order(c, n, rt, start, end, order, &total, &err), COR_OK);
        assert_true(fabs(total - brute(c, n, rt, start, end)) < 1e-9);
        unsigned seen = 0;
        for (size_t i = 0; i < n; i++)
            seen |= 1u << order[i];
        assert_int_equal(seen, (1u << n) - 1);
        if (start != COR_NAVI_NONE)
            assert_int_equal(order[0], start);
        if (!rt && end != COR_NAVI_NONE)
            assert_int_equal(order[n - 1], end);
    }
    double c[4] = {0, 1, 1, 0};
    uint32_t o[2];
    double t;
    assert_int_equal(cor_trip_order(c, 2, false, COR_NAVI_NONE, COR_NAVI_NONE, o, &t, &err),
                     COR_ERR_INPUT);
}

/* 40 points on a circle, shuffled: the best round trip follows the circle (the perimeter of
 * the regular 40-gon); farthest insertion and 2-opt find it. */
static void trip_heuristic_circle(void **state)
{
    (void)state;
    enum { N = 40 };
    double x[N], y[N], c[N * N];
    uint32_t perm[N], order[N];
    uint64_t seed = 5;
    for (uint32_t i = 0; i < N; i++)
        perm[i] = i;
    for (size_t i = N - 1; i > 0; i--) {
        size_t j = rnd(&seed) % (i + 1);
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (size_t i = 0; i < N; i++) {
        x[i] = cos(2 * M_PI * perm[i] / N);
        y[i] = sin(2 * M_PI * perm[i] / N);
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            c[i * N + j] = hypot(x[i] - x[j], y[i] - y[j]);
    double total;
    cor_err err;
    assert_int_equal(cor_trip_order(c, N, true, COR_NAVI_NONE, COR_NAVI_NONE, order, &total,
                                    &err), COR_OK);
    assert_true(fabs(total - N * 2 * sin(M_PI / N)) < 1e-9);
}

/* A ladder: a south road (latitude 40) and a north road 55.6 m north (40.0005), 5 nodes each
 * 0.002 degrees of longitude apart, both ways, joined at the two ends only. A trace along the
 * south road 13 m north of it, one point 33 m north (22 m from the north road, whose emission
 * is likelier, but reaching it means a detour of hundreds of metres), one point 1 km away. */
static void match_ladder(void **state)
{
    (void)state;
    double lat[10], lon[10];
    cor_graph_arc arcs[20];
    size_t m = 0;
    for (int i = 0; i < 5; i++) {
        lat[i] = 40;
        lat[5 + i] = 40.0005;
        lon[i] = lon[5 + i] = 44 + 0.002 * i;
    }
    uint32_t ends[][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {5, 6}, {6, 7}, {7, 8}, {8, 9}, {0, 5},
                          {4, 9}};
    for (size_t k = 0; k < 10; k++) {
        uint32_t u = ends[k][0], v = ends[k][1];
        uint32_t dm = (uint32_t)lround(cor_haversine_km(lat[u], lon[u], lat[v], lon[v]) * 1e4);
        arcs[m++] = (cor_graph_arc){u, v, dm, dm * 100, COR_MODE_ROAD}; /* 10 m/s */
        arcs[m++] = (cor_graph_arc){v, u, dm, dm * 100, COR_MODE_ROAD};
    }
    cor_graph *g = graph(10, lat, lon, m, arcs);
    cor_navi *nv;
    cor_err err;
    assert_int_equal(cor_navi_new(g, &nv, &err), COR_OK);
    cor_navi_query *q = cor_navi_query_new(nv);
    double tl[8], tn[8], sigma[8];
    for (int i = 0; i < 8; i++) {
        tl[i] = 40.00012;
        tn[i] = 44.0005 + 0.001 * i;
        sigma[i] = 20;
    }
    tl[3] = 40.0003;
    tl[5] = 40.01;
    cor_match_opts o = {.sigma_m = sigma};
    cor_match_result r;
    assert_int_equal(cor_match(q, tl, tn, 8, &o, &r, &err), COR_OK);
    assert_int_equal(r.n_matchings, 1);
    for (int i = 0; i < 8; i++) {
        if (i == 5) {
            assert_int_equal(r.pt[i].matching, COR_NAVI_NONE);
            continue;
        }
        assert_int_equal(r.pt[i].matching, 0);
        assert_true(fabs(r.pt[i].ph.lat - 40) < 1e-9);
        assert_true(fabs(r.pt[i].ph.lon - tn[i]) < 1e-7);
    }
    assert_true(r.confidence[0] > 0.95 && r.confidence[0] <= 1);
    cor_match_result_free(&r);
    /* sigma 10 m: the north road (42.6 m) is no candidate of the others; point 3 on the north
     * road with sigma 5 m (its only candidate within 15 m): reaching it from the south road and
     * back is a detour of about 470 m over 92 m as the crow flies, possible without timestamps
     * (one matching), not in 5 s (over 50 m/s): point 3 then stands alone and is dropped, the
     * trace splits around it */
    double t[8] = {0, 5, 10, 15, 20, 25, 30, 35};
    for (int i = 0; i < 8; i++)
        sigma[i] = 10;
    tl[5] = 40.00012;
    tl[3] = 40.0005;
    tn[3] = 44.0035;
    sigma[3] = 5;
    assert_int_equal(cor_match(q, tl, tn, 8, &o, &r, &err), COR_OK);
    assert_int_equal(r.n_matchings, 1);
    assert_true(fabs(r.pt[3].ph.lat - 40.0005) < 1e-9);
    cor_match_result_free(&r);
    o.time_s = t;
    assert_int_equal(cor_match(q, tl, tn, 8, &o, &r, &err), COR_OK);
    assert_int_equal(r.n_matchings, 2);
    assert_int_equal(r.pt[2].matching, 0);
    assert_int_equal(r.pt[3].matching, COR_NAVI_NONE);
    assert_int_equal(r.pt[4].matching, 1);
    cor_match_result_free(&r);
    tl[3] = 40.00012;
    sigma[3] = 10;
    t[5] = 100; /* a gap of 80 s: split */
    t[6] = 105;
    t[7] = 110;
    tn[3] = 44.0035;
    o.split_gaps = true;
    assert_int_equal(cor_match(q, tl, tn, 8, &o, &r, &err), COR_OK);
    assert_int_equal(r.n_matchings, 2);
    assert_int_equal(r.pt[4].matching, 0);
    assert_int_equal(r.pt[5].matching, 1);
    cor_match_result_free(&r);
    t[2] = 1; /* decreasing */
    assert_int_equal(cor_match(q, tl, tn, 8, &o, &r, &err), COR_ERR_INPUT);
    assert_int_equal(cor_match(q, tl, tn, 1, NULL, &r, &err), COR_ERR_INPUT);
    cor_navi_query_free(q);
    cor_navi_free(nv);
    cor_graph_free(g);
}

/* Into a roundabout heading east at R0, round it by R1 (one way out passed) to R2, out north:
 * a roundabout step with the 2nd exit and the whole turn (east to north: left), named after
 * the road out, then exit roundabout; named, the roundabout is a rotary. */
static void steps_of_a_roundabout(void **state)
{
    (void)state;
    double lat[5] = {40, 40, 40.001, 40.002, 40.003}, lon[5] = {43.99, 44, 44.001, 44, 44};
    size_t ends[4] = {1, 2, 3, 4};
    cor_shape s = {lat, lon, 5, ends, 4};
    cor_piece pc[4] = {{.kind = COR_PIECE_MOVE, .name = "In Road", .distance_m = 850},
                       {.kind = COR_PIECE_MOVE, .distance_m = 140, .roundabout = true,
                        .exits = 1}, /* the way out at R0 is behind: not counted */
                       {.kind = COR_PIECE_MOVE, .distance_m = 140, .roundabout = true,
                        .exits = 1},
                       {.kind = COR_PIECE_MOVE, .name = "Out Road", .distance_m = 111}};
    cor_step_out *st;
    size_t n;
    cor_err err;
    for (int named = 0; named < 2; named++) {
        if (named) {
            strcpy(pc[1].name, "Ring");
            strcpy(pc[2].name, "Ring");
        }
        assert_int_equal(cor_steps_build(&s, pc, 4, &st, &n, &err), COR_OK);
        assert_int_equal(n, 4);
        assert_string_equal(st[0].type, "depart");
        assert_string_equal(st[1].type, named ? "rotary" : "roundabout");
        assert_int_equal(st[1].exit, 2);
        assert_string_equal(st[1].modifier, "left");
        assert_string_equal(st[1].name, "Out Road");
        if (named)
            assert_string_equal(st[1].rotary_name, "Ring");
        else
            assert_null(st[1].rotary_name);
        assert_true(fabs(st[1].distance_m - 280) < 1e-9);
        assert_true(fabs(st[1].lon - 44) < 1e-12 && fabs(st[1].lat - 40) < 1e-12);
        assert_string_equal(st[2].type, named ? "exit rotary" : "exit roundabout");
        assert_int_equal(st[2].exit, 2);
        assert_true(fabs(st[2].lat - 40.002) < 1e-12);
        assert_string_equal(st[3].type, "arrive");
        free(st);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snap_vs_linear_scan),
        cmocka_unit_test(fragment_and_radius),
        cmocka_unit_test(route_inside_links),
        cmocka_unit_test(douglas_peucker),
        cmocka_unit_test(steps_of_a_left_turn),
        cmocka_unit_test(steps_of_a_roundabout),
        cmocka_unit_test(trip_exact_vs_brute_force),
        cmocka_unit_test(trip_heuristic_circle),
        cmocka_unit_test(match_ladder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
