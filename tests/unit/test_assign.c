/*
 * Assignment engine on small cases with answers worked out by hand (two parallel links, the
 * algebra beside each case), all-or-nothing against a brute-force enumeration of every path on
 * random small networks, the no-through-zone rule, argument errors, reproducibility, and the
 * TNTP reader on randomly mutated files.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"

#ifndef TNTP_FIXTURE
#define TNTP_FIXTURE "tests/data/tntp"
#endif

#define MSA_TOL 0.05 /* set from the run below: see the comment there */

#define assert_near(want, got, tol)                                                          \
    do {                                                                                     \
        double w_ = (want), g_ = (got);                                                      \
        if (!(fabs(w_ - g_) <= (tol)))                                                       \
            fail_msg("expected %.12g, found %.12g (tolerance %g)", w_, g_, (double)(tol));   \
    } while (0)

static cor_assign_link mk(uint32_t from, uint32_t to, double fft, double cap, double b,
                          double power)
{
    cor_assign_link l = {from, to, cap, 0, fft, b, power, 0, 0, 1};
    return l;
}

/* Two nodes, two parallel links 1 -> 2, demand D from 1 to 2. */
static cor_assign_net *two_links(cor_assign_link a, cor_assign_link b, double demand)
{
    cor_assign_net *net = NULL;
    assert_int_equal(cor_assign_net_new(2, 2, 1, &net, NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_link(net, &a, NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_link(net, &b, NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_demand(net, 1, 2, demand, NULL), COR_OK);
    return net;
}

static cor_assign_result *run(const cor_assign_net *net, cor_assign_algo algo, double gap,
                              unsigned max_iter)
{
    cor_assign_opts o;
    cor_assign_opts_default(&o);
    o.algorithm = algo;
    o.gap = gap;
    o.max_iter = max_iter;
    cor_assign_result *r = NULL;
    cor_err err;
    if (cor_assign_run(net, &o, &r, &err) != COR_OK)
        fail_msg("%s", err.msg);
    return r;
}

/* Linear costs (power 1): t1 = 10 * (1 + x1/100) = 10 + 0.1 x1, t2 = 15 * (1 + x2/50) =
 * 15 + 0.3 x2, demand 100. Equal times: 10 + 0.1 x1 = 15 + 0.3 (100 - x1), 0.4 x1 = 35,
 * x1 = 87.5, x2 = 12.5, both times 18.75. Beckmann: 10 x1 + 0.05 x1^2 + 15 x2 + 0.15 x2^2
 * = 875 + 382.8125 + 187.5 + 23.4375 = 1468.75. */
static void test_two_links_linear(void **state)
{
    (void)state;
    cor_assign_net *net = two_links(mk(1, 2, 10, 100, 1, 1), mk(1, 2, 15, 50, 1, 1), 100);
    for (int a = COR_ASSIGN_FW; a <= COR_ASSIGN_B; a++) {
        cor_assign_result *r = run(net, (cor_assign_algo)a, 1e-12, 200);
        assert_true(r->converged);
        assert_near(87.5, r->flow[0], 1e-8);
        assert_near(12.5, r->flow[1], 1e-8);
        assert_near(18.75, r->time[0], 1e-9);
        assert_near(18.75, r->cost[1], 1e-9);
        assert_near(1468.75, r->objective, 1e-8);
        assert_near(1875, r->total_travel_time, 1e-7);
        assert_near(1875, r->shortest_cost, 1e-7);
        cor_assign_result_free(r);
    }
    cor_assign_net_free(net);
}

/* Power 2: t1 = 1 * (1 + (x1/1)^2) = 1 + x1^2, t2 = 2 * (1 + (x2/2)^2) = 2 + x2^2/2, demand 3.
 * 1 + x1^2 = 2 + (3 - x1)^2 / 2  =>  x1^2 + 6 x1 - 11 = 0  =>  x1 = -3 + sqrt(20).
 * Beckmann: x1 + x1^3/3 + 2 x2 + x2^3/6. */
static void test_two_links_quadratic(void **state)
{
    (void)state;
    cor_assign_net *net = two_links(mk(1, 2, 1, 1, 1, 2), mk(1, 2, 2, 2, 1, 2), 3);
    double x1 = -3 + sqrt(20), x2 = 3 - x1;
    double z = x1 + x1 * x1 * x1 / 3 + 2 * x2 + x2 * x2 * x2 / 6;
    for (int a = COR_ASSIGN_FW; a <= COR_ASSIGN_B; a++) {
        cor_assign_result *r = run(net, (cor_assign_algo)a, 1e-10, 500);
        assert_true(r->converged);
        assert_true(r->relative_gap <= 1e-10);
        assert_near(x1, r->flow[0], 1e-8);
        assert_near(x2, r->flow[1], 1e-8);
        assert_near(1 + x1 * x1, r->time[0], 1e-8);
        assert_near(z, r->objective, 1e-9);
        cor_assign_result_free(r);
    }
    /* MSA (step 1/k, no line search) gets there slowly: not to 1e-12 in 200 iterations, but
     * on the way (the equilibrium is irrational, so no MSA average hits it exactly) */
    cor_assign_result *r = run(net, COR_ASSIGN_MSA, 1e-12, 200);
    assert_false(r->converged);
    assert_int_equal(r->iterations, 200);
    assert_near(x1, r->flow[0], MSA_TOL);
    assert_true(r->relative_gap < 1e-2);
    cor_assign_result_free(r);
    cor_assign_net_free(net);
}

/* Power below 1 (cost derivative unbounded at zero flow): t1 = 1 * (1 + (x1/1)^0.5) =
 * 1 + sqrt(x1), t2 = 2 (power 0), demand 4. Equal times: 1 + sqrt(x1) = 2, x1 = 1, x2 = 3.
 * Beckmann: x1 + (2/3) x1^1.5 + 2 x2 = 1 + 2/3 + 6. */
static void test_two_links_sqrt(void **state)
{
    (void)state;
    cor_assign_net *net = two_links(mk(1, 2, 1, 1, 1, 0.5), mk(1, 2, 2, 1, 0, 0), 4);
    for (int a = COR_ASSIGN_FW; a <= COR_ASSIGN_B; a++) {
        cor_assign_result *r = run(net, (cor_assign_algo)a, 1e-10, 1000);
        assert_true(r->converged);
        assert_near(1, r->flow[0], 1e-8);
        assert_near(3, r->flow[1], 1e-8);
        assert_near(1 + 2.0 / 3 + 6, r->objective, 1e-9);
        cor_assign_result_free(r);
    }
    cor_assign_net_free(net);
}

/* Power 0 is a constant cost fft * (1 + b): link 1 costs 4 * (1 + 0.5) = 6, link 2 costs 7
 * at any flow; everything goes on link 1 and the gap is exactly 0. A toll of 2 on link 1
 * with --toll-factor 1 makes it 8 > 7: everything moves to link 2. */
static void test_constant_cost_and_toll(void **state)
{
    (void)state;
    cor_assign_link a = mk(1, 2, 4, 1, 0.5, 0), b = mk(1, 2, 7, 1, 0, 0);
    a.toll = 2;
    cor_assign_net *net = two_links(a, b, 10);
    cor_assign_result *r = run(net, COR_ASSIGN_FW, 1e-9, 10);
    assert_int_equal(r->iterations, 1);
    assert_near(10, r->flow[0], 0);
    assert_near(0, r->flow[1], 0);
    assert_near(0, r->relative_gap, 0);
    assert_near(60, r->objective, 1e-12);
    cor_assign_result_free(r);
    cor_assign_opts o;
    cor_assign_opts_default(&o);
    o.toll_factor = 1;
    assert_int_equal(cor_assign_run(net, &o, &r, NULL), COR_OK);
    assert_near(0, r->flow[0], 0);
    assert_near(10, r->flow[1], 0);
    assert_near(70, r->total_travel_time, 1e-12);
    assert_near(8, r->cost[0], 1e-12);
    assert_near(6, r->time[0], 1e-12);
    cor_assign_result_free(r);
    cor_assign_net_free(net);
}

/* Generalized cost in an equilibrium: the linear case with a toll of 5 on link 1 and
 * --toll-factor 1, and --distance-factor 0.5 on a length of 10 on link 2 (+5 too):
 * 10 + 0.1 x1 + 5 = 15 + 0.3 x2 + 5  =>  the same split as without both, 87.5 / 12.5.
 * With the toll alone: 15 + 0.1 x1 = 15 + 0.3 x2  =>  x1 = 3 x2 = 75, x2 = 25. */
static void test_generalized_cost(void **state)
{
    (void)state;
    cor_assign_link a = mk(1, 2, 10, 100, 1, 1), b = mk(1, 2, 15, 50, 1, 1);
    a.toll = 5;
    b.length = 10;
    cor_assign_net *net = two_links(a, b, 100);
    cor_assign_opts o;
    cor_assign_opts_default(&o);
    o.gap = 1e-12;
    o.toll_factor = 1;
    cor_assign_result *r = NULL;
    assert_int_equal(cor_assign_run(net, &o, &r, NULL), COR_OK);
    assert_near(75, r->flow[0], 1e-7);
    assert_near(25, r->flow[1], 1e-7);
    assert_near(22.5, r->cost[0], 1e-8);  /* 10 + 7.5 + 5 */
    assert_near(17.5, r->time[0], 1e-8);
    cor_assign_result_free(r);
    o.distance_factor = 0.5;
    assert_int_equal(cor_assign_run(net, &o, &r, NULL), COR_OK);
    assert_near(87.5, r->flow[0], 1e-7);
    assert_near(23.75, r->cost[1], 1e-8);
    /* objective = Beckmann of the time + constant terms * flow = 1468.75 + 5*87.5 + 5*12.5 */
    assert_near(1968.75, r->objective, 1e-7);
    cor_assign_result_free(r);
    cor_assign_net_free(net);
}

/* Zones 1..3, first through node 4: the path 1 -> 2 -> 3 costs 2 but passes through zone 2,
 * so the 1 -> 3 demand takes 1 -> 4 -> 3 (cost 10). Demand 1 -> 2 may end at zone 2. */
static void test_no_through_zones(void **state)
{
    (void)state;
    cor_assign_net *net = NULL;
    assert_int_equal(cor_assign_net_new(4, 3, 4, &net, NULL), COR_OK);
    cor_assign_link ls[] = {mk(1, 2, 1, 1, 0, 0), mk(2, 3, 1, 1, 0, 0), mk(1, 4, 5, 1, 0, 0),
                            mk(4, 3, 5, 1, 0, 0)};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(cor_assign_net_add_link(net, &ls[i], NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_demand(net, 1, 3, 7, NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_demand(net, 1, 2, 2, NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_demand(net, 3, 3, 99, NULL), COR_OK); /* ignored */
    assert_near(9, cor_assign_net_total_demand(net), 0);
    cor_assign_result *r = run(net, COR_ASSIGN_AON, 0, 1);
    double want[] = {2, 0, 7, 7};
    for (size_t i = 0; i < 4; i++)
        assert_near(want[i], r->flow[i], 0);
    assert_near(7 * 10 + 2 * 1, r->shortest_cost, 0);
    cor_assign_result_free(r);
    cor_assign_net_free(net);
    /* with first through node 1 every node may be passed through: 1 -> 2 -> 3 */
    assert_int_equal(cor_assign_net_new(4, 3, 1, &net, NULL), COR_OK);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(cor_assign_net_add_link(net, &ls[i], NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_demand(net, 1, 3, 7, NULL), COR_OK);
    r = run(net, COR_ASSIGN_AON, 0, 1);
    assert_near(7, r->flow[0], 0);
    assert_near(7, r->flow[1], 0);
    assert_near(0, r->flow[2], 0);
    cor_assign_result_free(r);
    cor_assign_net_free(net);
    /* congested (BPR, capacity 1): 1 -> 4 -> 3 then costs 5 (1 + 0.15 * 7^4) = 1805.75 each
     * way, and 1 -> 2 -> 3 would be far cheaper; Algorithm B must still never add 2 -> 3 to
     * origin 1's bush (its tail is a zone), nor move the 1 -> 2 trips off 1 -> 2 */
    assert_int_equal(cor_assign_net_new(4, 3, 4, &net, NULL), COR_OK);
    cor_assign_link cs[] = {mk(1, 2, 1, 1, 0.15, 4), mk(2, 3, 1, 1, 0.15, 4),
                            mk(1, 4, 5, 1, 0.15, 4), mk(4, 3, 5, 1, 0.15, 4)};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(cor_assign_net_add_link(net, &cs[i], NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_demand(net, 1, 3, 7, NULL), COR_OK);
    assert_int_equal(cor_assign_net_add_demand(net, 1, 2, 2, NULL), COR_OK);
    r = run(net, COR_ASSIGN_B, 1e-12, 50);
    assert_true(r->converged);
    for (size_t i = 0; i < 4; i++)
        assert_near(want[i], r->flow[i], 0);
    assert_near(2 * (1 + 0.15 * 16) + 7 * 2 * 5 * (1 + 0.15 * 2401), r->shortest_cost, 1e-9);
    cor_assign_result_free(r);
    cor_assign_net_free(net);
}

/* ---- all-or-nothing against brute force ---- */

typedef struct brute {
    uint32_t n, zones, first_thru;
    size_t m;
    cor_assign_link links[40];
    double best;
    size_t best_path[16], best_len;
    size_t path[16];
    bool on[9];
} brute;

/* Depth-first enumeration of every simple path from u to t; intermediate nodes must be
 * through nodes (>= first_thru). Costs at zero flow: fft (power 0, b = 0 here). */
static void dfs(brute *b, uint32_t u, uint32_t t, double cost, size_t len)
{
    if (u == t) {
        if (cost < b->best) {
            b->best = cost;
            memcpy(b->best_path, b->path, len * sizeof *b->path);
            b->best_len = len;
        }
        return;
    }
    if (len > 0 && u < b->first_thru)
        return;
    b->on[u] = true;
    for (size_t a = 0; a < b->m; a++) {
        if (b->links[a].from != u || b->on[b->links[a].to])
            continue;
        b->path[len] = a;
        dfs(b, b->links[a].to, t, cost + b->links[a].fft, len + 1);
    }
    b->on[u] = false;
}

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33) % n;
}

static void test_aon_brute_force(void **state)
{
    (void)state;
    rng_state = 12345;
    int compared = 0;
    for (int trial = 0; trial < 300; trial++) {
        brute b;
        memset(&b, 0, sizeof b);
        b.n = 3 + rnd(6);                     /* 3..8 nodes */
        b.zones = 1 + rnd(b.n);
        b.first_thru = rnd(2) ? 1 : b.zones + 1;
        b.m = b.n + rnd(3 * b.n);
        cor_assign_net *net = NULL;
        assert_int_equal(cor_assign_net_new(b.n, b.zones, b.first_thru, &net, NULL), COR_OK);
        for (size_t a = 0; a < b.m; a++) {
            /* costs drawn from a continuum, so that shortest paths are unique */
            b.links[a] = mk(1 + rnd(b.n), 1 + rnd(b.n), 0.1 + rnd(1000000) / 1e5, 1, 0, 0);
            assert_int_equal(cor_assign_net_add_link(net, &b.links[a], NULL), COR_OK);
        }
        double want_flow[40] = {0}, want_sptc = 0;
        bool reachable = true;
        for (uint32_t o = 1; o <= b.zones; o++)
            for (uint32_t d = 1; d <= b.zones; d++) {
                if (o == d || rnd(3) == 0)
                    continue;
                double trips = 1 + rnd(100);
                assert_int_equal(cor_assign_net_add_demand(net, o, d, trips, NULL), COR_OK);
                b.best = INFINITY;
                dfs(&b, o, d, 0, 0);
                if (b.best == INFINITY) {
                    reachable = false;
                    continue;
                }
                want_sptc += trips * b.best;
                for (size_t i = 0; i < b.best_len; i++)
                    want_flow[b.best_path[i]] += trips;
            }
        cor_assign_opts o;
        cor_assign_opts_default(&o);
        o.algorithm = COR_ASSIGN_AON;
        cor_assign_result *r = NULL;
        cor_err err;
        cor_status st = cor_assign_run(net, &o, &r, &err);
        if (!reachable) {
            assert_int_equal(st, COR_ERR_NOROUTE);
            assert_non_null(strstr(err.msg, "no path from zone"));
        } else {
            assert_int_equal(st, COR_OK);
            assert_int_equal(r->iterations, 1);
            for (size_t a = 0; a < b.m; a++)
                assert_near(want_flow[a], r->flow[a], 1e-9);
            /* at zero-slope costs the AON flows are their own shortest paths: gap 0 */
            assert_near(want_sptc, r->shortest_cost, 1e-9 * want_sptc);
            assert_near(want_sptc, r->total_cost, 1e-9 * want_sptc);
            compared++;
        }
        cor_assign_result_free(r);
        cor_assign_net_free(net);
    }
    assert_true(compared > 100);
}

/* Equilibria on random small networks with BPR costs: FW, CFW and BFW are three different
 * paths to the same minimum of the Beckmann objective, and each must land within its own
 * gap bound of the others. */
static void test_random_equilibria_agree(void **state)
{
    (void)state;
    rng_state = 777;
    for (int trial = 0; trial < 40; trial++) {
        uint32_t n = 4 + rnd(5);
        cor_assign_net *net = NULL;
        assert_int_equal(cor_assign_net_new(n, n, 1, &net, NULL), COR_OK);
        /* a ring both ways keeps every pair connected, plus random chords */
        size_t m = 0;
        for (uint32_t v = 1; v <= n; v++) {
            cor_assign_link l = mk(v, v % n + 1, 1 + rnd(10), 5 + rnd(50), 0.15, 4);
            cor_assign_link r2 = mk(v % n + 1, v, 1 + rnd(10), 5 + rnd(50), 0.15, 4);
            assert_int_equal(cor_assign_net_add_link(net, &l, NULL), COR_OK);
            assert_int_equal(cor_assign_net_add_link(net, &r2, NULL), COR_OK);
            m += 2;
        }
        for (uint32_t k = 0; k < n; k++) {
            cor_assign_link l = mk(1 + rnd(n), 1 + rnd(n), 1 + rnd(10), 5 + rnd(50), 1, 2);
            assert_int_equal(cor_assign_net_add_link(net, &l, NULL), COR_OK);
            m++;
        }
        for (uint32_t o = 1; o <= n; o++)
            for (uint32_t d = 1; d <= n; d++)
                if (o != d)
                    assert_int_equal(cor_assign_net_add_demand(net, o, d, rnd(30), NULL),
                                     COR_OK);
        /* FW converges sublinearly (~1/k: on these congested nets 1e-6 would take ~1e6
         * iterations), CFW faster but unevenly (one of these nets is still at 4.5e-6 after
         * 50000), BFW fastest: each gets a gap it reaches within the limit */
        double z[COR_ASSIGN_B + 1], bound[COR_ASSIGN_B + 1];
        for (int a = COR_ASSIGN_FW; a <= COR_ASSIGN_B; a++) {
            double gap = a == COR_ASSIGN_FW ? 1e-4 : a == COR_ASSIGN_CFW ? 1e-5 : 1e-9;
            cor_assign_result *r = run(net, (cor_assign_algo)a, gap, 50000);
            assert_true(r->converged);
            assert_true(r->relative_gap <= gap);
            z[a] = r->objective;
            bound[a] = r->total_cost - r->shortest_cost;
            cor_assign_result_free(r);
        }
        /* convexity: 0 <= Z(x) - Z* <= TSTC - SPTC, so two answers differ by at most the
         * larger of their two bounds */
        assert_near(z[COR_ASSIGN_FW], z[COR_ASSIGN_CFW],
                    fmax(bound[COR_ASSIGN_FW], bound[COR_ASSIGN_CFW]) + 1e-9);
        assert_near(z[COR_ASSIGN_FW], z[COR_ASSIGN_BFW],
                    fmax(bound[COR_ASSIGN_FW], bound[COR_ASSIGN_BFW]) + 1e-9);
        assert_near(z[COR_ASSIGN_CFW], z[COR_ASSIGN_BFW],
                    fmax(bound[COR_ASSIGN_CFW], bound[COR_ASSIGN_BFW]) + 1e-9);
        assert_near(z[COR_ASSIGN_B], z[COR_ASSIGN_BFW],
                    fmax(bound[COR_ASSIGN_B], bound[COR_ASSIGN_BFW]) + 1e-9);
        assert_near(z[COR_ASSIGN_FW], z[COR_ASSIGN_B],
                    fmax(bound[COR_ASSIGN_FW], bound[COR_ASSIGN_B]) + 1e-9);
        cor_assign_net_free(net);
    }
}

static void test_reproducible(void **state)
{
    (void)state;
    cor_assign_net *net = NULL;
    assert_int_equal(cor_assign_net_new(5, 5, 1, &net, NULL), COR_OK);
    rng_state = 99;
    for (int k = 0; k < 14; k++) {
        cor_assign_link l = mk(1 + rnd(5), 1 + rnd(5), 1 + rnd(3), 1 + rnd(9), 0.15, 4);
        assert_int_equal(cor_assign_net_add_link(net, &l, NULL), COR_OK);
    }
    for (uint32_t v = 1; v <= 5; v++) { /* a ring so that all pairs connect */
        cor_assign_link l = mk(v, v % 5 + 1, 2, 3, 0.15, 4);
        assert_int_equal(cor_assign_net_add_link(net, &l, NULL), COR_OK);
    }
    for (uint32_t o = 1; o <= 5; o++)
        for (uint32_t d = 1; d <= 5; d++)
            assert_int_equal(cor_assign_net_add_demand(net, o, d, 3 + o + d, NULL), COR_OK);
    for (int a = COR_ASSIGN_AON; a <= COR_ASSIGN_B; a++) {
        cor_assign_result *r1 = run(net, (cor_assign_algo)a, 1e-6, 300);
        cor_assign_result *r2 = run(net, (cor_assign_algo)a, 1e-6, 300);
        assert_int_equal(r1->iterations, r2->iterations);
        assert_memory_equal(r1->flow, r2->flow, r1->n_links * sizeof *r1->flow);
        assert_memory_equal(&r1->objective, &r2->objective, sizeof r1->objective);
        assert_memory_equal(&r1->relative_gap, &r2->relative_gap, sizeof r1->relative_gap);
        cor_assign_result_free(r1);
        cor_assign_result_free(r2);
    }
    cor_assign_net_free(net);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    cor_assign_net *net = NULL;
    cor_err err;
    assert_int_equal(cor_assign_net_new(0, 0, 1, &net, &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_net_new(3, 4, 1, &net, &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_net_new(3, 2, 5, &net, &err), COR_ERR_INPUT);
    assert_null(net);
    assert_int_equal(cor_assign_net_new(3, 2, 3, &net, &err), COR_OK);
    cor_assign_link l = mk(1, 4, 1, 1, 0.15, 4);
    assert_int_equal(cor_assign_net_add_link(net, &l, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "term node: expected a node in 1..3, found 4");
    l = mk(1, 2, 1, 0, 0.15, 4);
    assert_int_equal(cor_assign_net_add_link(net, &l, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "capacity: expected a number > 0, found 0");
    l = mk(1, 2, -1, 1, 0.15, 4);
    assert_int_equal(cor_assign_net_add_link(net, &l, &err), COR_ERR_INPUT);
    l = mk(1, 2, 1, 1, NAN, 4);
    assert_int_equal(cor_assign_net_add_link(net, &l, &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_net_link_count(net), 0);
    assert_int_equal(cor_assign_net_add_demand(net, 3, 1, 5, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "origin: expected a zone in 1..2, found 3");
    assert_int_equal(cor_assign_net_add_demand(net, 1, 2, -5, &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_net_add_demand(net, 1, 2, 5, &err), COR_OK);
    cor_assign_opts o;
    cor_assign_opts_default(&o);
    cor_assign_result *r = NULL;
    /* no link: the demand has no path */
    assert_int_equal(cor_assign_run(net, &o, &r, &err), COR_ERR_NOROUTE);
    assert_string_equal(err.msg, "no path from zone 1 to zone 2, which have a demand of 5");
    assert_null(r);
    o.gap = -1;
    assert_int_equal(cor_assign_run(net, &o, &r, &err), COR_ERR_INPUT);
    cor_assign_opts_default(&o);
    o.max_iter = 0;
    assert_int_equal(cor_assign_run(net, &o, &r, &err), COR_ERR_INPUT);
    cor_assign_opts_default(&o);
    o.toll_factor = -1;
    assert_int_equal(cor_assign_run(net, &o, &r, &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_algo_parse("bfw"), COR_ASSIGN_BFW);
    assert_int_equal(cor_assign_algo_parse("b"), COR_ASSIGN_B);
    assert_int_equal(cor_assign_algo_parse("BFW"), -1);
    assert_string_equal(cor_assign_algo_name(COR_ASSIGN_MSA), "msa");
    cor_assign_net_free(net);
    cor_assign_net_free(NULL);
    cor_assign_result_free(NULL);
}

/* Zero demand: nothing to assign, zero flows, gap 0. */
static void test_no_demand(void **state)
{
    (void)state;
    cor_assign_net *net = two_links(mk(1, 2, 1, 1, 1, 1), mk(1, 2, 2, 1, 1, 1), 0);
    cor_assign_result *r = run(net, COR_ASSIGN_BFW, 1e-4, 10);
    assert_true(r->converged);
    assert_near(0, r->flow[0], 0);
    assert_near(0, r->relative_gap, 0);
    cor_assign_result_free(r);
    cor_assign_net_free(net);
}


/* The TNTP reader on mutated copies of tests/data/tntp/two_routes: bytes replaced, deleted or
 * duplicated at random. Every outcome must be a clean success or a clean failure with at
 * least one "file:line" finding (ASan and UBSan watch the rest). */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *n = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    return buf;
}

static void test_tntp_mutations(void **state)
{
    (void)state;
    size_t n_net, n_trips;
    char *net_text = slurp(TNTP_FIXTURE "/two_routes_net.tntp", &n_net);
    char *trips_text = slurp(TNTP_FIXTURE "/two_routes_trips.tntp", &n_trips);
    char dir[] = "/tmp/corridor-tntp-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char np[64], tp[64];
    snprintf(np, sizeof np, "%s/net.tntp", dir);
    snprintf(tp, sizeof tp, "%s/trips.tntp", dir);
    static const char alphabet[] = "0123456789 \t\n;:<>~.-eOrigin";
    rng_state = 4242;
    int ok = 0, failed = 0;
    for (int trial = 0; trial < 400; trial++) {
        int which = (int)rnd(2);
        const char *src = which ? trips_text : net_text;
        size_t n = which ? n_trips : n_net;
        char buf[1 << 16];
        memcpy(buf, src, n);
        for (int k = 0, edits = 1 + (int)rnd(3); k < edits && n > 1; k++) {
            size_t at = rnd((uint32_t)n);
            switch (rnd(3)) {
            case 0: buf[at] = alphabet[rnd(sizeof alphabet - 1)]; break;
            case 1: memmove(buf + at, buf + at + 1, n - at - 1); n--; break;
            default: memmove(buf + at + 1, buf + at, n - at); n++; break;
            }
        }
        FILE *f = fopen(which ? tp : np, "wb");
        assert_non_null(f);
        fwrite(buf, 1, n, f);
        fclose(f);
        f = fopen(which ? np : tp, "wb");
        fwrite(which ? net_text : trips_text, 1, which ? n_net : n_trips, f);
        fclose(f);
        cor_diags *d = cor_diags_new();
        cor_assign_net *net = NULL;
        cor_status st = cor_assign_tntp_load(np, tp, &net, d);
        if (st == COR_OK) {
            assert_non_null(net);
            ok++;
        } else {
            assert_null(net);
            assert_true(cor_diags_errors(d) >= 1);
            char line[2048];
            cor_diag_format(cor_diags_get(d, 0), line, sizeof line);
            assert_non_null(strstr(line, dir));
            failed++;
        }
        cor_assign_net_free(net);
        cor_diags_free(d);
    }
    assert_true(failed > 100); /* most mutations break something */
    remove(np);
    remove(tp);
    rmdir(dir);
    free(net_text);
    free(trips_text);
    (void)ok;
}

/* Published flow files are read in network order; a row naming another link, a bad volume or
 * a missing row is an error with its line. */
static void test_read_flows_errors(void **state)
{
    (void)state;
    cor_assign_net *net = NULL;
    assert_int_equal(cor_assign_tntp_load(TNTP_FIXTURE "/two_routes_net.tntp",
                                          TNTP_FIXTURE "/two_routes_trips.tntp", &net, NULL),
                     COR_OK);
    char path[] = "/tmp/corridor-flow-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct {
        const char *text, *want;
        cor_status st;
    } cases[] = {
        {"From To Volume Cost\n1 2 87.5 18.75\n1 3 12.5 1\n3 2 12.5 0\n2 1 5 1\n", NULL,
         COR_OK},
        {"From To Volume Cost\n1 2 87.5 18.75\n3 2 12.5 1\n1 3 12.5 0\n2 1 5 1\n",
         ":3: from: expected link 2 of the network, 1 3, found 3 2", COR_ERR_INPUT},
        {"From To Volume Cost\n1 2 87.5 18.75\n1 3 -1 1\n3 2 12.5 0\n2 1 5 1\n",
         ":3: volume: expected a number in 0..1e+10, found \"-1\"", COR_ERR_INPUT},
        {"From To Volume Cost\n1 2 87.5 18.75\n1 3 2e10 1\n3 2 12.5 0\n2 1 5 1\n",
         ":3: volume: expected a number in 0..1e+10, found \"2e10\"", COR_ERR_INPUT},
        {"From To Volume Cost\n1 2 87.5 18.75\n1 3 12.5 1\n3 2 12.5 0\n",
         "expected 4 rows, one per link, found 3", COR_ERR_INPUT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(cases[i].text, f);
        fclose(f);
        double flow[4] = {0};
        cor_err err = {0};
        assert_int_equal(cor_assign_tntp_read_flows(path, net, flow, &err), cases[i].st);
        if (cases[i].want) {
            assert_non_null(strstr(err.msg, path));
            if (!strstr(err.msg, cases[i].want))
                fail_msg("expected [%s] in [%s]", cases[i].want, err.msg);
        } else {
            assert_near(87.5, flow[0], 0);
            assert_near(5, flow[3], 0);
        }
    }
    remove(path);
    cor_assign_net_free(net);
}

/* cor_assign_opts_set(): the options of `corridor assign --tntp`, and a failed call changes
 * nothing */
static void test_opts_set(void **state)
{
    (void)state;
    cor_assign_opts o;
    cor_assign_opts_default(&o);
    cor_err err;
    assert_int_equal(cor_assign_opts_set(&o, "algorithm", "b", &err), COR_OK);
    assert_int_equal(cor_assign_opts_set(&o, "gap", "1e-6", &err), COR_OK);
    assert_int_equal(cor_assign_opts_set(&o, "max_iter", "20", &err), COR_OK);
    assert_int_equal(cor_assign_opts_set(&o, "toll_factor", "0.5", &err), COR_OK);
    assert_int_equal(cor_assign_opts_set(&o, "distance_factor", "2", &err), COR_OK);
    assert_true(o.algorithm == COR_ASSIGN_B && o.gap == 1e-6 && o.max_iter == 20 &&
                o.toll_factor == 0.5 && o.distance_factor == 2);
    assert_int_equal(cor_assign_opts_set(&o, "algorithm", "frank", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected aon, msa, fw, cfw, bfw or b, found \"frank\"");
    assert_int_equal(cor_assign_opts_set(&o, "max_iter", "2.5", &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_opts_set(&o, "max_iter", "0", &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_opts_set(&o, "gap", "-1", &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_opts_set(&o, "toll_factor", "0x1", &err), COR_ERR_INPUT);
    assert_int_equal(cor_assign_opts_set(&o, "theta", "1", &err), COR_ERR_NOTFOUND);
    assert_true(o.algorithm == COR_ASSIGN_B && o.gap == 1e-6 && o.max_iter == 20 &&
                o.toll_factor == 0.5 && o.distance_factor == 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_links_linear),
        cmocka_unit_test(test_two_links_quadratic),
        cmocka_unit_test(test_two_links_sqrt),
        cmocka_unit_test(test_constant_cost_and_toll),
        cmocka_unit_test(test_generalized_cost),
        cmocka_unit_test(test_no_through_zones),
        cmocka_unit_test(test_aon_brute_force),
        cmocka_unit_test(test_random_equilibria_agree),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_no_demand),
        cmocka_unit_test(test_tntp_mutations),
        cmocka_unit_test(test_read_flows_errors),
        cmocka_unit_test(test_opts_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
