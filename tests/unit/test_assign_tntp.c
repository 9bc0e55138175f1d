/*
 * Assignment against published best-known solutions: SiouxFalls, Anaheim, Barcelona and
 * Winnipeg from ../shared/data/tntp (Transportation Networks for Research). The Beckmann
 * objective of each published _flow.tntp is recomputed here with this file's own integral
 * and flow reader and checked against the value in ../shared/data/tntp/README.md; then the
 * engine must reach a relative gap <= 1e-4, an objective within 1e-4 of that best-known one
 * and link flows close to the published ones (tolerances justified in check_network()).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "corridor/corridor.h"

#ifndef TNTP_DIR
#define TNTP_DIR "../shared/data/tntp"
#endif

typedef struct net_case {
    const char *name;
    double best_objective;  /* ../shared/data/tntp/README.md, from the published flows */
    double best_tstt;
    cor_assign_algo algo;   /* the fastest to 1e-4 on this network (docs/assignment.md) */
    double gap;             /* the relative gap to reach */
    double flow_tol;        /* on ||x - x*|| / ||x*||, see check_network() */
    double obj_tol;         /* on (objective - best) / best */
    unsigned max_iter;      /* the gap must be reached within this many iterations */
} net_case;

/* Reads a published flow file with its own code: "From To Volume Cost" rows after a header
 * line, in the network's link order. */
static double *read_published(const char *path, const cor_assign_net *net)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    size_t m = cor_assign_net_link_count(net), k = 0;
    double *x = calloc(m, sizeof *x);
    assert_non_null(x);
    while (fgets(line, sizeof line, f)) {
        unsigned from, to;
        double vol, cost;
        if (sscanf(line, "%u %u %lf %lf", &from, &to, &vol, &cost) != 4)
            continue;
        assert_true(k < m);
        const cor_assign_link *l = cor_assign_net_link(net, k);
        assert_int_equal(from, l->from);
        assert_int_equal(to, l->to);
        x[k++] = vol;
    }
    fclose(f);
    assert_int_equal(k, m);
    return x;
}

/* Beckmann objective written out again: integral of fft*(1 + b*(v/cap)^p) dv from 0 to x is
 * fft*x + fft*b*cap/(p+1)*(x/cap)^(p+1); with p = 0 the cost is the constant fft*(1+b). */
static double my_beckmann(const cor_assign_net *net, const double *x)
{
    long double z = 0;
    for (size_t a = 0; a < cor_assign_net_link_count(net); a++) {
        const cor_assign_link *l = cor_assign_net_link(net, a);
        if (l->power == 0)
            z += (long double)l->fft * (1 + l->b) * x[a];
        else
            z += (long double)l->fft * x[a] +
                 (long double)l->fft * l->b * l->capacity / (l->power + 1) *
                     powl((long double)x[a] / l->capacity, l->power + 1);
    }
    return (double)z;
}

static void check_network(const net_case *c)
{
    char np[512], tp[512], fp[512];
    snprintf(np, sizeof np, "%s/%s/%s_net.tntp", TNTP_DIR, c->name, c->name);
    snprintf(tp, sizeof tp, "%s/%s/%s_trips.tntp", TNTP_DIR, c->name, c->name);
    snprintf(fp, sizeof fp, "%s/%s/%s_flow.tntp", TNTP_DIR, c->name, c->name);
    cor_diags *d = cor_diags_new();
    cor_assign_net *net = NULL;
    cor_status st = cor_assign_tntp_load(np, tp, &net, d);
    if (st != COR_OK) {
        char buf[1024] = "";
        if (cor_diags_count(d))
            cor_diag_format(cor_diags_get(d, 0), buf, sizeof buf);
        fail_msg("%s: %s", c->name, buf);
    }
    assert_int_equal(cor_diags_count(d), 0);
    cor_diags_free(d);

    /* the published solution: our objective code, the library's, and the README agree */
    double *best = read_published(fp, net);
    double z_best = my_beckmann(net, best);
    assert_true(fabs(z_best - c->best_objective) <= 1e-9 * c->best_objective);
    cor_assign_opts o;
    cor_assign_opts_default(&o);
    cor_assign_result *ev = NULL;
    assert_int_equal(cor_assign_evaluate(net, &o, best, &ev, NULL), COR_OK);
    assert_true(fabs(ev->objective - z_best) <= 1e-9 * z_best);
    assert_true(fabs(ev->total_travel_time - c->best_tstt) <= 1e-8 * c->best_tstt);
    assert_true(ev->relative_gap < 1e-9); /* published gaps are ~1e-15 */
    double *lib_best = calloc(cor_assign_net_link_count(net), sizeof *lib_best);
    assert_int_equal(cor_assign_tntp_read_flows(fp, net, lib_best, NULL), COR_OK);
    assert_memory_equal(lib_best, best, cor_assign_net_link_count(net) * sizeof *best);
    free(lib_best);

    /* our equilibrium */
    o.algorithm = c->algo;
    o.gap = c->gap;
    o.max_iter = c->max_iter;
    cor_assign_result *r = NULL;
    assert_int_equal(cor_assign_run(net, &o, &r, NULL), COR_OK);
    assert_true(r->converged);
    assert_true(r->relative_gap <= c->gap);
    double z = my_beckmann(net, r->flow);
    assert_true(fabs(z - r->objective) <= 1e-9 * z);
    /* the Beckmann objective is minimal at equilibrium, so ours is above the best known,
     * and within obj_tol of it */
    assert_true(r->objective >= z_best * (1 - 1e-12));
    double rel_obj = (r->objective - z_best) / z_best;
    /* Link flows, ||x - x*||_2 / ||x*||_2 over the links whose cost strictly increases with
     * flow (b > 0, power > 0): there the equilibrium flows are unique, since the Beckmann
     * objective is strictly convex in them. On constant-cost links (the zone connectors of
     * Barcelona and Winnipeg) equilibria differ by flow moved between equal-cost paths: in
     * Winnipeg they stay ~13% apart even at gap 1e-6, so they are printed, not asserted.
     * At gap 1e-4 the strict-link error measured 0.2% (SiouxFalls) to 1.8% (Anaheim); it
     * falls with the gap (test_anaheim_tight), so c->flow_tol leaves a margin of ~2. */
    double num = 0, den = 0, cnum = 0, cden = 0;
    for (size_t a = 0; a < r->n_links; a++) {
        const cor_assign_link *l = cor_assign_net_link(net, a);
        double e = (r->flow[a] - best[a]) * (r->flow[a] - best[a]), b2 = best[a] * best[a];
        if (l->b > 0 && l->power > 0) {
            num += e;
            den += b2;
        } else {
            cnum += e;
            cden += b2;
        }
    }
    double rel_flow = sqrt(num / den), rel_const = cden > 0 ? sqrt(cnum / cden) : 0;
    print_message("%-10s %-3s %3u iterations gap %.3e objective %.10g (best %.10g, +%.2e) "
                  "flows rel. L2 %.3e (constant-cost links %.3e)\n", c->name,
                  cor_assign_algo_name(c->algo), r->iterations, r->relative_gap, r->objective,
                  z_best, rel_obj, rel_flow, rel_const);
    assert_true(rel_obj <= c->obj_tol);
    assert_true(rel_flow <= c->flow_tol);
    cor_assign_result_free(r);
    cor_assign_result_free(ev);
    free(best);
    cor_assign_net_free(net);
}

static const net_case cases[] = {
    {"SiouxFalls", 4231335.2871, 7480225.34, COR_ASSIGN_BFW, 1e-4, 0.03, 1e-4, 2000},
    {"Anaheim", 1286032.1711, 1419913.85, COR_ASSIGN_BFW, 1e-4, 0.03, 1e-4, 2000},
    {"Barcelona", 1265654.9220, 1365715.68, COR_ASSIGN_CFW, 1e-4, 0.03, 1e-4, 2000},
    {"Winnipeg", 827911.4946, 925828.07, COR_ASSIGN_BFW, 1e-4, 0.03, 1e-4, 2000},
    /* tighter: flows converge to the published ones as the gap falls (0.27% measured) */
    {"Anaheim", 1286032.1711, 1419913.85, COR_ASSIGN_BFW, 1e-6, 0.005, 1e-4, 2000},
    /* Algorithm B to gap 1e-6 within 30 iterations (issue 20), objective within 1e-6;
     * flows measured 1e-5 (Barcelona) to 1.5e-3 (Anaheim) from the published ones */
    {"SiouxFalls", 4231335.2871, 7480225.34, COR_ASSIGN_B, 1e-6, 0.005, 1e-6, 30},
    {"Anaheim", 1286032.1711, 1419913.85, COR_ASSIGN_B, 1e-6, 0.005, 1e-6, 30},
    {"Barcelona", 1265654.9220, 1365715.68, COR_ASSIGN_B, 1e-6, 0.005, 1e-6, 30},
    {"Winnipeg", 827911.4946, 925828.07, COR_ASSIGN_B, 1e-6, 0.005, 1e-6, 30},
};

static void test_siouxfalls(void **state) { (void)state; check_network(&cases[0]); }
static void test_anaheim(void **state) { (void)state; check_network(&cases[1]); }
static void test_barcelona(void **state) { (void)state; check_network(&cases[2]); }
static void test_winnipeg(void **state) { (void)state; check_network(&cases[3]); }
static void test_anaheim_tight(void **state) { (void)state; check_network(&cases[4]); }
static void test_b_siouxfalls(void **state) { (void)state; check_network(&cases[5]); }
static void test_b_anaheim(void **state) { (void)state; check_network(&cases[6]); }
static void test_b_barcelona(void **state) { (void)state; check_network(&cases[7]); }
static void test_b_winnipeg(void **state) { (void)state; check_network(&cases[8]); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_siouxfalls),
        cmocka_unit_test(test_anaheim),
        cmocka_unit_test(test_barcelona),
        cmocka_unit_test(test_winnipeg),
        cmocka_unit_test(test_anaheim_tight),
        cmocka_unit_test(test_b_siouxfalls),
        cmocka_unit_test(test_b_anaheim),
        cmocka_unit_test(test_b_barcelona),
        cmocka_unit_test(test_b_winnipeg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
