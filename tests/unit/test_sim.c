/*
 * Simulation tests: the generator against the xoshiro256** reference outputs, the libm-free
 * log/exp against libm, sample moments of every distribution, the queueing engine against
 * queueing theory (M/M/1, M/M/c by Erlang C, M/D/1 and M/G/1 by Pollaczek-Khinchine, a
 * Jackson tandem) and against hand-computed deterministic cases, and seed reproducibility.
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
#include "corridor/sim.h"
#include "sim/sim_int.h"
#include "util/rng.h"

#define assert_near(a, b, tol)                                                               \
    do {                                                                                     \
        double a_ = (a), b_ = (b), t_ = (tol);                                               \
        if (!(fabs(a_ - b_) <= t_))                                                          \
            fail_msg("%s = %.9g, expected %.9g +- %.3g", #a, a_, b_, t_);                    \
    } while (0)

/* Reference outputs of xoshiro256** from state {1, 2, 3, 4} (the authors' C code, as
 * reproduced by the Rust rand_xoshiro crate's test vectors). */
static void test_xoshiro_reference(void **state)
{
    (void)state;
    cor_rng r = {{1, 2, 3, 4}};
    const uint64_t expected[] = {11520u, 0u, 1509978240u, 1215971899390074240u,
                                 1216172134540287360u, 607988272756665600u,
                                 16172922978634559625u, 8476171486693032832u,
                                 10595114339597558777u, 2904607092377533576u};
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
        assert_true(cor_rng_next(&r) == expected[i]);
}

static void test_uniform_and_seeding(void **state)
{
    (void)state;
    cor_rng a, b;
    cor_rng_seed(&a, 42, 0);
    cor_rng_seed(&b, 42, 0);
    double sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = cor_rng_uniform(&a);
        assert_true(u >= 0 && u < 1);
        assert_true(u == cor_rng_uniform(&b));
        sum += u;
    }
    /* mean of 1e5 uniforms: sd 1/sqrt(12e5) = 0.00091; 5 sd */
    assert_near(sum / 100000, 0.5, 0.0046);
    cor_rng_seed(&a, 42, 1);
    cor_rng_seed(&b, 43, 0);
    cor_rng c;
    cor_rng_seed(&c, 42, 0);
    uint64_t x = cor_rng_next(&c);
    assert_true(cor_rng_next(&a) != x);
    assert_true(cor_rng_next(&b) != x);
}

/* The portable log and exp agree with libm to a few units in the last place. */
static void test_log_exp_vs_libm(void **state)
{
    (void)state;
    cor_rng r;
    cor_rng_seed(&r, 7, 0);
    for (int i = 0; i < 200000; i++) {
        double x = ldexp(0.5 + cor_rng_uniform(&r), (int)(cor_rng_next(&r) % 200) - 100);
        double l = cor_repro_log(x), ref = log(x);
        assert_true(fabs(l - ref) <= 4e-16 * fmax(1, fabs(ref)));
        double y = (cor_rng_uniform(&r) - 0.5) * 80;
        double e = cor_repro_exp(y), eref = exp(y);
        assert_true(fabs(e - eref) <= 4e-16 * eref);
    }
    assert_true(cor_repro_log(1) == 0);
    assert_true(cor_repro_exp(0) == 1);
    assert_true(isinf(cor_repro_log(0)) && cor_repro_log(0) < 0);
}

/* Sample mean and variance of 2e5 service times against mean_h and (cv mean_h)^2. */
static void moments(cor_sim_stage s, double var)
{
    cor_rng r;
    cor_rng_seed(&r, 11, 3);
    const int n = 200000;
    double sum = 0, ss = 0;
    for (int i = 0; i < n; i++) {
        double x = cor_sim_sample(&s, &r);
        assert_true(x >= 0);
        sum += x;
        ss += x * x;
    }
    double mean = sum / n, v = ss / n - mean * mean;
    /* the mean within 5 standard errors; the variance within 5% */
    assert_near(mean, s.mean_h, 5 * sqrt(var / n) + 1e-12);
    assert_near(v, var, 0.05 * var + 1e-12);
}

static void test_distribution_moments(void **state)
{
    (void)state;
    moments((cor_sim_stage){"e", 1, COR_DIST_EXPONENTIAL, 2.0, 0, 0, 0}, 4.0);
    moments((cor_sim_stage){"d", 1, COR_DIST_DETERMINISTIC, 2.0, 0, 0, 0}, 0.0);
    moments((cor_sim_stage){"l", 1, COR_DIST_LOGNORMAL, 3.0, 0.5, 0, 0}, 2.25);
    moments((cor_sim_stage){"k", 1, COR_DIST_ERLANG, 2.0, 0, 4, 0}, 1.0); /* m^2 / k */
}

/* Erlang C against its closed form and a value known by hand: c = 2, a = 1 erlang:
 * C = (a^2/2! * 1/(1 - 1/2)) / (1 + a + a^2/2! * 1/(1 - 1/2)) = 1 / 3. */
static double erlang_c_sum(int c, double a)
{
    double term = 1, sum = 0;
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    double top = term / (1 - a / c);
    return top / (sum + top);
}

static void test_erlang_c(void **state)
{
    (void)state;
    assert_near(cor_sim_erlang_c(2, 1.0), 1.0 / 3, 1e-15);
    assert_near(cor_sim_erlang_c(1, 0.8), 0.8, 1e-15); /* M/M/1: P(wait) = rho */
    for (int c = 1; c <= 40; c++)
        for (double rho = 0.05; rho < 1; rho += 0.1)
            assert_near(cor_sim_erlang_c(c, rho * c), erlang_c_sum(c, rho * c), 1e-12);
    assert_true(isnan(cor_sim_erlang_c(3, 3.0)));
    /* M/M/1, lambda 0.8/h, mean 1 h: Wq = rho / (mu - lambda) = 0.8 / 0.2 = 4 h */
    assert_near(cor_sim_mmc_wait_h(1, 0.8, 1.0), 4.0, 1e-12);
    assert_true(isinf(cor_sim_mmc_wait_h(2, 2.0, 1.0)));
}

/* ---- the engine against queueing theory ---- */

/* Student t(0.995, 19) / t(0.975, 19): turns the reported 95% half-width into a 99% one. */
#define REPS 20
#define CI99 (2.861 / 2.093)

static cor_sim_post_result run1(const cor_sim_stage *stages, size_t n, double per_h,
                                cor_sim_arrivals arr, double warmup_d, double run_d,
                                unsigned reps, uint64_t seed)
{
    cor_sim_post p = {.border = -1, .scenario = "base", .arrivals_per_day = per_h * 24,
                      .arrivals = arr, .stages = stages, .n_stages = n, .source = "test"};
    cor_sim_opts o = {.seed = seed, .replications = reps, .warmup_days = warmup_d,
                      .run_days = run_d};
    cor_sim_post_result res;
    cor_err err = {0};
    cor_status st = cor_sim_run_post(&p, &o, &res, &err);
    if (st)
        fail_msg("cor_sim_run_post: %s", err.msg);
    return res;
}

/* The theoretical mean dwell lies within the 99% confidence interval of the simulated one,
 * and that interval is narrower than 4% of the value (so the check has teeth). */
static void check_dwell(const cor_sim_post_result *r, double theory)
{
    if (!(fabs(r->mean_dwell_h - theory) <= CI99 * r->mean_dwell_ci_h))
        fail_msg("mean dwell %.4f +- %.4f (99%%), theory %.4f", r->mean_dwell_h,
                 CI99 * r->mean_dwell_ci_h, theory);
    assert_true(r->mean_dwell_ci_h < 0.04 * theory);
}

/* M/M/1, lambda 0.8/h, mu 1/h: W = 1 / (mu - lambda) = 5 h; the sojourn time is exponential
 * with rate 0.2, so p50 = ln 2 / 0.2 = 3.466 h and p95 = ln 20 / 0.2 = 14.979 h; busy 80%;
 * Lq = lambda Wq = 0.8 x 4 = 3.2 (Little). */
static void test_mm1(void **state)
{
    (void)state;
    cor_sim_stage s = {"service", 1, COR_DIST_EXPONENTIAL, 1.0, 0, 0, 0};
    cor_sim_post_result r = run1(&s, 1, 0.8, COR_ARRIVALS_POISSON, 20, 1000, REPS, 1);
    check_dwell(&r, 5.0);
    assert_near(r.p50_dwell_h, log(2) / 0.2, CI99 * r.p50_dwell_ci_h + 0.02);
    assert_near(r.p95_dwell_h, log(20) / 0.2, CI99 * r.p95_dwell_ci_h + 0.05);
    assert_near(r.stages[0].utilisation, 0.8, 0.01);
    assert_near(r.stages[0].mean_queue, 3.2, 0.05 * 3.2);
    assert_near(r.stages[0].mean_wait_h, 4.0, 0.05 * 4.0);
    assert_near(r.throughput_per_day, 0.8 * 24, CI99 * r.throughput_ci_per_day + 0.01);
    assert_near(r.stages[0].offered_load, 0.8, 1e-12);
    assert_near(r.stages[0].approx_wait_h, 4.0, 1e-12);
    assert_true(r.stable);
    free(r.stages);
}

/* M/M/3, lambda 2.4/h, mean 1 h: a = 2.4, rho = 0.8, C(3, 2.4) = 0.6472 (closed form above),
 * Wq = C / (3 - 2.4) = 1.0787 h, W = 2.0787 h. */
static void test_mmc_erlang_c(void **state)
{
    (void)state;
    double wq = erlang_c_sum(3, 2.4) / (3 - 2.4);
    assert_near(wq, 1.0787, 1e-4);
    cor_sim_stage s = {"service", 3, COR_DIST_EXPONENTIAL, 1.0, 0, 0, 0};
    cor_sim_post_result r = run1(&s, 1, 2.4, COR_ARRIVALS_POISSON, 20, 400, REPS, 2);
    check_dwell(&r, 1 + wq);
    assert_near(r.stages[0].approx_wait_h, wq, 1e-12);
    assert_near(r.stages[0].utilisation, 0.8, 0.01);
    assert_near(r.stages[0].mean_queue, 2.4 * wq, 0.05 * 2.4 * wq);
    free(r.stages);
}

/* M/D/1 by Pollaczek-Khinchine: Wq = lambda E[S^2] / (2 (1 - rho)), E[S^2] = D^2 = 1:
 * lambda 0.8: Wq = 0.8 / 0.4 = 2 h, W = 3 h. */
static void test_md1_pollaczek_khinchine(void **state)
{
    (void)state;
    cor_sim_stage s = {"gauge change", 1, COR_DIST_DETERMINISTIC, 1.0, 0, 0, 0};
    cor_sim_post_result r = run1(&s, 1, 0.8, COR_ARRIVALS_POISSON, 20, 1000, REPS, 3);
    check_dwell(&r, 3.0);
    assert_near(r.stages[0].approx_wait_h, 2.0, 1e-12); /* P-K, exact for M/D/1 */
    free(r.stages);
}

/* M/G/1 with lognormal service, mean 1 h, cv 0.5: E[S^2] = 1 + 0.25 = 1.25,
 * Wq = 0.8 x 1.25 / 0.4 = 2.5 h, W = 3.5 h. M/E4/1: E[S^2] = 1 + 1/4 = 1.25 as well; with
 * k = 2, E[S^2] = 1.5, Wq = 0.8 x 1.5 / 0.4 = 3, W = 4 h. */
static void test_mg1_lognormal_erlang(void **state)
{
    (void)state;
    cor_sim_stage ln = {"inspection", 1, COR_DIST_LOGNORMAL, 1.0, 0.5, 0, 0};
    cor_sim_post_result r = run1(&ln, 1, 0.8, COR_ARRIVALS_POISSON, 20, 1000, REPS, 4);
    check_dwell(&r, 3.5);
    assert_near(r.stages[0].approx_wait_h, 2.5, 1e-12);
    free(r.stages);
    cor_sim_stage er = {"documents", 1, COR_DIST_ERLANG, 1.0, 0, 2, 0};
    r = run1(&er, 1, 0.8, COR_ARRIVALS_POISSON, 20, 1000, REPS, 5);
    check_dwell(&r, 4.0);
    assert_near(r.stages[0].approx_wait_h, 3.0, 1e-12);
    free(r.stages);
}

/* Jackson tandem (Burke: an M/M/1 queue's departures are Poisson): lambda 0.5, means 1 h and
 * 1.25 h: W = 1/(1 - 0.5) + 1/(0.8 - 0.5) = 2 + 3.3333 = 5.3333 h. */
static void test_tandem_jackson(void **state)
{
    (void)state;
    cor_sim_stage s[2] = {{"exit", 1, COR_DIST_EXPONENTIAL, 1.0, 0, 0, 0},
                          {"entry", 1, COR_DIST_EXPONENTIAL, 1.25, 0, 0, 0}};
    cor_sim_post_result r = run1(s, 2, 0.5, COR_ARRIVALS_POISSON, 20, 1000, REPS, 6);
    check_dwell(&r, 2 + 1 / 0.3);
    assert_near(r.stages[0].utilisation, 0.5, 0.01);
    assert_near(r.stages[1].utilisation, 0.625, 0.01);
    assert_near(r.utilisation, r.stages[1].utilisation, 1e-15);
    /* stage 2 alone: rho / (1 - rho) x mean = 0.625 / 0.375 x 1.25 = 2.0833 h */
    assert_near(r.stages[1].approx_wait_h, 0.625 / 0.375 * 1.25, 1e-12);
    free(r.stages);
}

/* ---- hand-computed deterministic cases ---- */

/* D/D/1: a truck every hour from t = 0, one booth taking 1.5 h, 24 h measured, no warm-up.
 * Truck n arrives at n, starts at 1.5n, leaves at 1.5n + 1.5: dwell 1.5 + 0.5n, n = 0..23.
 * mean = 1.5 + 0.5 x 11.5 = 7.25; p50 = v[ceil(12) - 1] = v[11] = 7.0; p95 = v[ceil(22.8) - 1]
 * = v[22] = 12.5; leaving before 24 h: 1.5(n + 1) < 24, n + 1 <= 15: 15 a day; the booth is
 * never idle: utilisation 1; queue area = sum_{k<24} k - 1.5 sum_{j<16} j = 276 - 180 = 96,
 * mean queue 96 / 24 = 4; mean wait 0.5 x 11.5 = 5.75 h; offered load 1.5: unstable. */
static void test_dd1_hand(void **state)
{
    (void)state;
    cor_sim_stage s = {"booth", 1, COR_DIST_DETERMINISTIC, 1.5, 0, 0, 0};
    cor_sim_post_result r = run1(&s, 1, 1.0, COR_ARRIVALS_REGULAR, 0, 1, 2, 9);
    assert_near(r.mean_dwell_h, 7.25, 1e-12);
    assert_near(r.mean_dwell_ci_h, 0, 1e-12);
    assert_near(r.p50_dwell_h, 7.0, 1e-12);
    assert_near(r.p95_dwell_h, 12.5, 1e-12);
    assert_near(r.throughput_per_day, 15, 1e-12);
    assert_near(r.stages[0].utilisation, 1.0, 1e-12);
    assert_near(r.stages[0].mean_queue, 4.0, 1e-12);
    assert_near(r.stages[0].mean_wait_h, 5.75, 1e-12);
    assert_near(r.stages[0].offered_load, 1.5, 1e-12);
    /* unstable: the theory wait is infinite, not infinity x (0 + 0) / 2 */
    assert_true(isinf(r.stages[0].approx_wait_h) && r.stages[0].approx_wait_h > 0);
    assert_int_equal(r.vehicles, 48);
    assert_false(r.stable);
    free(r.stages);
}

/* Two deterministic stages: a truck every 2 h, 1 h of documents then 1.5 h of inspection,
 * nobody ever waits: dwell 2.5 h for all. Documents busy [2n, 2n+1): 12 h of 24 = 0.5;
 * inspection busy [2n+1, 2n+2.5) for n = 0..11, the last cut at 24: 11 x 1.5 + 1 = 17.5 h,
 * 17.5 / 24 = 0.72917; leaving at 2n + 2.5 < 24: n <= 10, 11 a day. With a warm-up of 1 day
 * the window [24, 48) also holds the last 0.5 h of truck 11's inspection [23, 24.5): busy
 * 0.5 + 11 x 1.5 + 1 = 18 h, 0.75; leaving at 24.5 .. 46.5 (n = 11..22): 12 a day. */
static void test_tandem_deterministic_hand(void **state)
{
    (void)state;
    cor_sim_stage s[2] = {{"documents", 1, COR_DIST_DETERMINISTIC, 1.0, 0, 0, 0},
                          {"inspection", 1, COR_DIST_DETERMINISTIC, 1.5, 0, 0, 0}};
    for (int warm = 0; warm <= 1; warm++) {
        cor_sim_post_result r = run1(s, 2, 0.5, COR_ARRIVALS_REGULAR, warm, 1, 3, 1);
        assert_near(r.mean_dwell_h, 2.5, 1e-12);
        assert_near(r.p95_dwell_h, 2.5, 1e-12);
        assert_near(r.stages[0].utilisation, 0.5, 1e-12);
        assert_near(r.stages[1].utilisation, warm ? 18.0 / 24 : 17.5 / 24, 1e-12);
        assert_near(r.stages[1].mean_queue, 0, 1e-12);
        assert_near(r.throughput_per_day, warm ? 12 : 11, 1e-12);
        assert_int_equal(r.vehicles, 3 * 12);
        assert_true(r.stable);
        free(r.stages);
    }
}

/* ---- reproducibility ---- */

static void test_same_seed_same_bits(void **state)
{
    (void)state;
    cor_sim_stage s[3] = {{"a", 2, COR_DIST_LOGNORMAL, 0.5, 0.8, 0, 0},
                          {"b", 1, COR_DIST_ERLANG, 0.3, 0, 3, 0},
                          {"c", 3, COR_DIST_EXPONENTIAL, 1.0, 0, 0, 0}};
    cor_sim_post_result a = run1(s, 3, 2.5, COR_ARRIVALS_POISSON, 2, 30, 4, 77);
    cor_sim_post_result b = run1(s, 3, 2.5, COR_ARRIVALS_POISSON, 2, 30, 4, 77);
    cor_sim_post_result c = run1(s, 3, 2.5, COR_ARRIVALS_POISSON, 2, 30, 4, 78);
    assert_memory_equal(&a.mean_dwell_h, &b.mean_dwell_h, sizeof a.mean_dwell_h);
    assert_memory_equal(&a.p95_dwell_h, &b.p95_dwell_h, sizeof a.p95_dwell_h);
    assert_memory_equal(a.stages, b.stages, 3 * sizeof *a.stages);
    assert_true(a.mean_dwell_h != c.mean_dwell_h);
    free(a.stages);
    free(b.stages);
    free(c.stages);
}

/* Golden bits: this run gave exactly these doubles with gcc -O2, clang -O2 and clang -O1
 * under ASan+UBSan on x86-64 (Debian 12). They are regression constants, not independent
 * values: their point is that another compiler, optimisation level or machine (the CI one)
 * must reproduce them bit for bit (docs/simulation.md, reproducibility). */
static void test_golden_bits(void **state)
{
    (void)state;
    cor_sim_stage s[3] = {{"a", 2, COR_DIST_LOGNORMAL, 0.5, 0.8, 0, 0},
                          {"b", 1, COR_DIST_ERLANG, 0.3, 0, 3, 0},
                          {"c", 3, COR_DIST_EXPONENTIAL, 1.0, 0, 0, 0}};
    cor_sim_post_result r = run1(s, 3, 2.5, COR_ARRIVALS_POISSON, 1, 10, 3, 20261129);
    uint64_t mean, p95;
    memcpy(&mean, &r.mean_dwell_h, sizeof mean);
    memcpy(&p95, &r.p95_dwell_h, sizeof p95);
    assert_true(mean == 0x400bfbf7fc3ff9bbu); /* 3.4980315882705475 h */
    assert_true(p95 == 0x401c0d465c75c363u);  /* 7.0129637190701457 h */
    assert_int_equal(r.vehicles, 1789);
    cor_rng g;
    cor_rng_seed(&g, 20261129, 7);
    assert_true(cor_rng_next(&g) == 0xd17fff2fc9c5a9fau);
    free(r.stages);
}

static void test_bad_options(void **state)
{
    (void)state;
    cor_sim_stage s = {"x", 0, COR_DIST_EXPONENTIAL, 1.0, 0, 0, 0};
    cor_sim_post p = {.border = -1, .arrivals_per_day = 10, .stages = &s, .n_stages = 1};
    cor_sim_opts o;
    cor_sim_opts_default(&o);
    cor_sim_post_result r;
    cor_err err = {0};
    assert_int_equal(cor_sim_run_post(&p, &o, &r, &err), COR_ERR_INPUT);
    assert_non_null(strstr(err.msg, "stage 1 (x)"));
    s.servers = 1;
    o.run_days = 0;
    assert_int_equal(cor_sim_run_post(&p, &o, &r, &err), COR_ERR_INPUT);
    assert_non_null(strstr(err.msg, "run days"));
    o.run_days = 1;
    p.arrivals_per_day = 0.01; /* expect no arrival in a day: the run says so */
    o.warmup_days = 0;
    o.replications = 1;
    assert_int_equal(cor_sim_run_post(&p, &o, &r, &err), COR_ERR_INPUT);
    assert_non_null(strstr(err.msg, "no vehicle arrived"));
}

/* ---- stage files and the routing override ---- */

#ifndef SIM_DIR
#define SIM_DIR "tests/data/sim"
#endif

static cor_net *load_sim_net(void)
{
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(SIM_DIR, &net, NULL), COR_OK);
    return net;
}

/* tests/data/sim: posts in file order, scenarios, and the dwell override per border record
 * (borders.csv: 0 C-D rail, 1 F-G road, 2 A-E rail, 3 A-H road, 4 H-E road). */
static void test_plan_and_border_dwell(void **state)
{
    (void)state;
    cor_net *net = load_sim_net();
    cor_sim_plan *plan = NULL;
    cor_diags *d = cor_diags_new();
    assert_int_equal(cor_sim_plan_load(net, NULL, NULL, &plan, d), COR_OK);
    assert_int_equal(cor_diags_count(d), 0);
    assert_int_equal(cor_sim_plan_count(plan), 4);
    /* the terminal at B: transfers.csv record 0 (the gauge change), no border record */
    assert_true(cor_sim_plan_post(plan, 3)->terminal);
    assert_int_equal(cor_sim_plan_post(plan, 3)->transfer, 0);
    assert_int_equal(cor_sim_plan_post(plan, 3)->border, -1);
    const cor_sim_post *p = cor_sim_plan_post(plan, 0);
    assert_int_equal(p->border, 1);
    assert_int_equal(p->n_stages, 2);
    assert_string_equal(p->stages[1].name, "entry inspection");
    assert_int_equal(p->stages[1].line, 3);
    assert_int_equal(p->arrivals, COR_ARRIVALS_REGULAR);
    assert_string_equal(cor_sim_plan_post(plan, 1)->scenario, "base");
    assert_int_equal(cor_sim_plan_post(plan, 2)->border, 4);

    cor_sim_opts o;
    cor_sim_opts_default(&o);
    o.replications = 2;
    cor_sim_result *res = NULL;
    cor_err err = {0};
    assert_int_equal(cor_sim_run(plan, &o, &res, &err), COR_OK);
    double dwell[5];
    cor_sim_border_dwell(net, plan, res, dwell);
    /* C -> D: D/D/1 overloaded, trains n = 168..1607 measured: 1.5 + 0.5 (168 + 1607) / 2 */
    assert_near(dwell[0], 445.25, 1e-9);
    assert_near(dwell[1], 2.5, 1e-12);
    assert_true(isnan(dwell[2]) && isnan(dwell[3]));
    assert_near(dwell[4], res->posts[2].mean_dwell_h, 0);
    cor_sim_result_free(res);

    /* --post H keeps only H -> E, with the same figures as in the full run */
    uint32_t h;
    assert_int_equal(cor_net_find_node(net, "H", &h, &err), COR_OK);
    cor_sim_plan_select(plan, &h, 1);
    assert_int_equal(cor_sim_plan_count(plan), 1);
    assert_int_equal(cor_sim_plan_post(plan, 0)->border, 4);
    cor_sim_plan_free(plan);

    /* joint: F -> G uses its joint rows, the others keep base */
    assert_int_equal(cor_sim_plan_load(net, NULL, "joint", &plan, d), COR_OK);
    assert_string_equal(cor_sim_plan_post(plan, 0)->scenario, "joint");
    assert_int_equal(cor_sim_plan_post(plan, 0)->n_stages, 1);
    assert_string_equal(cor_sim_plan_post(plan, 1)->scenario, "base");
    cor_sim_plan_free(plan);
    cor_diags_free(d);
    cor_net_free(net);
}

/* A `both` record simulated in both directions gets the mean of the two: F -> G 2.5 h and
 * G -> F 0.5 h (deterministic, nobody waits) give 1.5 h. */
static void test_both_directions_averaged(void **state)
{
    (void)state;
    cor_net *net = load_sim_net();
    char path[] = "/tmp/corridor-stages-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text =
        "from_node,to_node,mode,scenario,stage,name,servers,distribution,mean_h,cv,k,"
        "arrivals_per_day,arrival_process,source\n"
        "F,G,road,base,1,a,1,deterministic,1.0,,,12,regular,t\n"
        "F,G,road,base,2,b,1,deterministic,1.5,,,,,t\n"
        "G,F,road,base,1,c,1,deterministic,0.5,,,12,regular,t\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    cor_sim_plan *plan = NULL;
    cor_diags *d = cor_diags_new();
    assert_int_equal(cor_sim_plan_load(net, path, "base", &plan, d), COR_OK);
    unlink(path);
    assert_int_equal(cor_sim_plan_count(plan), 2);
    cor_sim_opts o;
    cor_sim_opts_default(&o);
    o.replications = 2;
    cor_sim_result *res = NULL;
    cor_err err = {0};
    assert_int_equal(cor_sim_run(plan, &o, &res, &err), COR_OK);
    double dwell[5];
    cor_sim_border_dwell(net, plan, res, dwell);
    assert_near(res->posts[0].mean_dwell_h, 2.5, 1e-12);
    assert_near(res->posts[1].mean_dwell_h, 0.5, 1e-12);
    assert_near(dwell[1], 1.5, 1e-12);
    cor_sim_result_free(res);
    cor_sim_plan_free(plan);
    cor_diags_free(d);
    cor_net_free(net);
}

/* cor_sim_study(): corridor simulate's plan. F -> G (regular, 12 trucks a day) with --traffic
 * 0.5 and only the posts at F: one post, 6 a day, throughput 6 a day, bottleneck 1.5 h / 4 h =
 * 0.375; a stage file that is not there: COR_ERR_NOTFOUND naming it, no plan. */
static void test_study(void **state)
{
    (void)state;
    cor_net *net = load_sim_net();
    cor_diags *d = cor_diags_new();
    cor_err err = {0};
    uint32_t f;
    assert_int_equal(cor_net_find_node(net, "F", &f, &err), COR_OK);
    cor_sim_spec spec;
    cor_sim_spec_default(&spec);
    assert_true(spec.traffic == 1 && !spec.flows && !spec.stages && spec.n_select == 0);
    spec.traffic = 0.5;
    spec.select = &f;
    spec.n_select = 1;
    spec.opts.warmup_days = 1;
    spec.opts.run_days = 2;
    cor_sim_plan *plan = NULL;
    cor_sim_result *res = NULL;
    assert_int_equal(cor_sim_study(net, &spec, &plan, &res, d, &err), COR_OK);
    assert_int_equal(res->n, 1);
    assert_near(cor_sim_plan_post(plan, 0)->arrivals_per_day, 6, 1e-12);
    assert_near(res->posts[0].throughput_per_day, 6, 1e-9);
    assert_near(res->posts[0].utilisation, 0.375, 1e-9);
    cor_sim_result_free(res);
    cor_sim_plan_free(plan);

    spec.stages = SIM_DIR "/none.csv";
    assert_int_equal(cor_sim_study(net, &spec, &plan, &res, d, &err), COR_ERR_NOTFOUND);
    assert_null(plan);
    assert_null(res);
    assert_string_equal(err.msg,
                        "no simulated posts: cannot find the stage file " SIM_DIR "/none.csv");
    cor_diags_free(d);
    cor_net_free(net);
}

/* cor_sim_spec_set(): the numeric options of `corridor simulate`, a failed call changes
 * nothing */
static void test_spec_set(void **state)
{
    (void)state;
    cor_sim_spec s;
    cor_sim_spec_default(&s);
    cor_err err;
    assert_int_equal(cor_sim_spec_set(&s, "traffic", "1.5", &err), COR_OK);
    assert_int_equal(cor_sim_spec_set(&s, "days", "30", &err), COR_OK);
    assert_int_equal(cor_sim_spec_set(&s, "warmup_days", "0", &err), COR_OK);
    assert_int_equal(cor_sim_spec_set(&s, "seed", "18446744073709551615", &err), COR_OK);
    assert_int_equal(cor_sim_spec_set(&s, "replications", "7", &err), COR_OK);
    assert_true(s.traffic == 1.5 && s.opts.run_days == 30 && s.opts.warmup_days == 0 &&
                s.opts.seed == UINT64_MAX && s.opts.replications == 7);
    assert_int_equal(cor_sim_spec_set(&s, "traffic", "0", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a number > 0, found \"0\"");
    assert_int_equal(cor_sim_spec_set(&s, "days", "-2", &err), COR_ERR_INPUT);
    assert_int_equal(cor_sim_spec_set(&s, "warmup_days", "-1", &err), COR_ERR_INPUT);
    assert_int_equal(cor_sim_spec_set(&s, "replications", "1001", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a whole number from 1 to 1000, found \"1001\"");
    assert_int_equal(cor_sim_spec_set(&s, "seed", "-1", &err), COR_ERR_INPUT);
    assert_int_equal(cor_sim_spec_set(&s, "post", "Sadakhlo", &err), COR_ERR_NOTFOUND);
    assert_true(s.traffic == 1.5 && s.opts.run_days == 30 && s.opts.warmup_days == 0 &&
                s.opts.seed == UINT64_MAX && s.opts.replications == 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xoshiro_reference),
        cmocka_unit_test(test_uniform_and_seeding),
        cmocka_unit_test(test_log_exp_vs_libm),
        cmocka_unit_test(test_distribution_moments),
        cmocka_unit_test(test_erlang_c),
        cmocka_unit_test(test_mm1),
        cmocka_unit_test(test_mmc_erlang_c),
        cmocka_unit_test(test_md1_pollaczek_khinchine),
        cmocka_unit_test(test_mg1_lognormal_erlang),
        cmocka_unit_test(test_tandem_jackson),
        cmocka_unit_test(test_dd1_hand),
        cmocka_unit_test(test_tandem_deterministic_hand),
        cmocka_unit_test(test_same_seed_same_bits),
        cmocka_unit_test(test_golden_bits),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_plan_and_border_dwell),
        cmocka_unit_test(test_study),
        cmocka_unit_test(test_both_directions_averaged),
        cmocka_unit_test(test_spec_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
