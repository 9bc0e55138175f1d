/*
 * Fuzz target: border-simulation stage files. The input is a border_stages.csv and optionally,
 * after a line "%%", a flow file; both are read against tests/data/sim and data/caucasus under
 * the scenarios base and joint, and every post of a plan that loads is simulated briefly.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define FUZZ_SIM COR_SOURCE_DIR "/tests/data/sim"
#define FUZZ_CAUCASUS COR_SOURCE_DIR "/data/caucasus"

/* the two networks, loaded once and shared read-only by every input */
static cor_net *nets[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (cor_net_load(FUZZ_SIM, &nets[0], NULL) != COR_OK ||
        cor_net_load(FUZZ_CAUCASUS, &nets[1], NULL) != COR_OK)
        fuzz_fail(__FILE__, __LINE__, "cannot load tests/data/sim or data/caucasus");
    return 0;
}

static int finite_nonneg(double x) { return isfinite(x) && x >= 0; }

/* Invariants of one post's figures (docs/simulation.md), whatever the stages. */
static void check_result(const cor_sim_post *p, const cor_sim_opts *o,
                         const cor_sim_post_result *r)
{
    FUZZ_CHECK(r->n_stages == p->n_stages && r->stages);
    FUZZ_CHECK(r->vehicles > 0);
    FUZZ_CHECK(finite_nonneg(r->mean_dwell_h) && finite_nonneg(r->mean_dwell_ci_h));
    FUZZ_CHECK(finite_nonneg(r->p50_dwell_h) && finite_nonneg(r->p50_dwell_ci_h));
    FUZZ_CHECK(finite_nonneg(r->p95_dwell_h) && finite_nonneg(r->p95_dwell_ci_h));
    FUZZ_CHECK(finite_nonneg(r->throughput_per_day) && finite_nonneg(r->throughput_ci_per_day));
    /* percentiles of each replication are ordered, so are their means */
    FUZZ_CHECK(r->p50_dwell_h <= r->p95_dwell_h * (1 + 1e-12));
    FUZZ_CHECK(finite_nonneg(r->mean_queue));
    int stable = 1;
    double util = 0, queue = 0;
    for (size_t i = 0; i < r->n_stages; i++) {
        const cor_sim_stage_result *s = &r->stages[i];
        const cor_sim_stage *st = &p->stages[i];
        FUZZ_CHECK(s->utilisation >= 0 && s->utilisation <= 1 + 1e-9);
        FUZZ_CHECK(finite_nonneg(s->mean_queue) && finite_nonneg(s->mean_wait_h));
        double load = p->arrivals_per_day / 24 * st->mean_h / st->servers;
        FUZZ_CHECK(s->offered_load == load);
        if (load < 1)
            FUZZ_CHECK(finite_nonneg(s->approx_wait_h));
        else
            FUZZ_CHECK(s->approx_wait_h == INFINITY);
        stable &= load < 1;
        util = fmax(util, s->utilisation);
        queue += s->mean_queue;
    }
    FUZZ_CHECK(r->stable == (stable != 0));
    FUZZ_CHECK(r->utilisation == util);
    FUZZ_CHECK(fabs(r->mean_queue - queue) <= 1e-9 * fmax(1, queue));
    /* without a warm-up every departure in the window arrived in it: vehicles that leave
     * are at most the vehicles that came */
    if (o->warmup_days == 0)
        FUZZ_CHECK(r->throughput_per_day * o->run_days * o->replications <=
                   (double)r->vehicles * (1 + 1e-9));
}

/* Bit-for-bit equality of two runs with the same seed. */
static void check_same(const cor_sim_post_result *a, const cor_sim_post_result *b)
{
    cor_sim_post_result x = *a, y = *b;
    x.stages = y.stages = NULL;
    FUZZ_CHECK(memcmp(&x, &y, sizeof x) == 0);
    FUZZ_CHECK(memcmp(a->stages, b->stages, a->n_stages * sizeof *a->stages) == 0);
}

/* Simulates every post: a short run without warm-up, then one with a warm-up twice with the
 * same seed. The run length keeps each post to about 100 vehicles and 20,000 service samples
 * per replication, so that an input takes milliseconds whatever its rates and stages. */
static void simulate(const cor_net *net, const cor_sim_plan *plan, uint64_t seed)
{
    size_t n = cor_sim_plan_count(plan);
    cor_sim_result res = {calloc(n + 1, sizeof *res.posts), 0};
    FUZZ_CHECK(res.posts);
    for (size_t i = 0; i < n; i++) {
        const cor_sim_post *p = cor_sim_plan_post(plan, i);
        double samples = 0;
        for (size_t s = 0; s < p->n_stages; s++)
            samples += p->stages[s].dist == COR_DIST_ERLANG ? p->stages[s].k : 1;
        double vehicles = fmin(100, 20000 / samples);
        cor_sim_opts o = {.seed = seed, .replications = 2, .warmup_days = 0,
                          .run_days = fmin(2, vehicles / p->arrivals_per_day)};
        cor_sim_post_result a, b, c;
        cor_err err;
        cor_status st = cor_sim_run_post(p, &o, &a, &err);
        /* a refusal says why; the only one here: no vehicle came in a short window */
        FUZZ_CHECK(st == COR_OK || (st == COR_ERR_INPUT && err.msg[0] && !a.stages));
        if (st == COR_OK)
            check_result(p, &o, &a);
        free(a.stages);
        o.warmup_days = o.run_days / 2;
        cor_status st1 = cor_sim_run_post(p, &o, &b, &err);
        cor_status st2 = cor_sim_run_post(p, &o, &c, &err);
        FUZZ_CHECK(st1 == st2);
        if (st1 == COR_OK) {
            check_result(p, &o, &b);
            check_same(&b, &c);
            res.posts[res.n++] = b;
        } else {
            FUZZ_CHECK(st1 == COR_ERR_INPUT);
        }
        free(c.stages);
        if (st1 != COR_OK)
            break; /* the outputs take a result for every post of the plan, in order */
    }
    if (res.n == n) {
        cor_sim_opts o = {.seed = seed, .replications = 2, .warmup_days = 0, .run_days = 1};
        char *j = cor_sim_json(net, plan, &o, &res);
        FUZZ_CHECK(j);
        free(j);
        FILE *f = fopen("/dev/null", "w");
        FUZZ_CHECK(f);
        cor_sim_print(f, net, plan, &o, &res);
        fclose(f);
        double *dwell = calloc(cor_net_border_count(net) + 1, sizeof *dwell);
        FUZZ_CHECK(dwell);
        cor_sim_border_dwell(net, plan, &res, dwell);
        for (size_t b = 0; b < cor_net_border_count(net); b++)
            FUZZ_CHECK(isnan(dwell[b]) || finite_nonneg(dwell[b]));
        free(dwell);
    }
    for (size_t i = 0; i < res.n; i++)
        free(res.posts[i].stages);
    free(res.posts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char stages[512], flows[512];
    const uint8_t *part;
    size_t len;
    /* a seed for the runs from the input, so that the fuzzer varies it too */
    uint64_t seed = 1;
    for (size_t i = 0; i < size && i < 8; i++)
        seed = seed * 131 + data[i];
    fuzz_split(&data, &size, &part, &len);
    fuzz_write("border_stages.csv", part, len, stages, sizeof stages);
    int has_flows = fuzz_split(&data, &size, &part, &len);
    if (has_flows)
        fuzz_write("flows.csv", part, len, flows, sizeof flows);

    static const char *const scenarios[] = {NULL, "joint"};
    for (int k = 0; k < 2; k++)
        for (int s = 0; s < 2; s++) {
            cor_diags *d = cor_diags_new();
            FUZZ_CHECK(d);
            cor_sim_plan *plan = NULL;
            cor_status st = cor_sim_plan_load(nets[k], stages, scenarios[s], &plan, d);
            FUZZ_CHECK((st == COR_OK) == (plan != NULL));
            FUZZ_CHECK(st == COR_OK || st == COR_ERR_INPUT);
            fuzz_check_diags(d, st != COR_OK);
            cor_diags_free(d);
            if (!plan)
                continue;
            FUZZ_CHECK(strcmp(cor_sim_plan_scenario(plan), s ? "joint" : "base") == 0);
            size_t n = cor_sim_plan_count(plan);
            for (size_t i = 0; i < n; i++) {
                const cor_sim_post *p = cor_sim_plan_post(plan, i);
                FUZZ_CHECK(p->n_stages >= 1 && p->n_stages <= COR_SIM_MAX_STAGES);
                /* the bounds of arrivals_per_day (docs/simulation.md) */
                FUZZ_CHECK(p->arrivals_per_day >= 1e-9 && p->arrivals_per_day <= 1e7);
                FUZZ_CHECK(p->terminal ? p->from == p->to && p->border < 0
                                       : p->border >= 0 &&
                                             (size_t)p->border < cor_net_border_count(nets[k]));
                for (size_t j = 0; j < p->n_stages; j++)
                    FUZZ_CHECK(p->stages[j].servers >= 1 && p->stages[j].mean_h > 0);
            }
            if (has_flows) {
                double *before = calloc(n + 1, sizeof *before);
                FUZZ_CHECK(before);
                for (size_t i = 0; i < n; i++)
                    before[i] = cor_sim_plan_post(plan, i)->arrivals_per_day;
                d = cor_diags_new();
                FUZZ_CHECK(d);
                st = cor_sim_plan_apply_flows(plan, nets[k], flows, d);
                FUZZ_CHECK(st == COR_OK || st == COR_ERR_INPUT);
                fuzz_check_diags(d, st != COR_OK);
                cor_diags_free(d);
                for (size_t i = 0; i < n; i++) {
                    double r = cor_sim_plan_post(plan, i)->arrivals_per_day;
                    /* a failed call leaves the plan as it was */
                    FUZZ_CHECK(st == COR_OK || r == before[i]);
                    FUZZ_CHECK(r >= 1e-9 && r <= 1e7);
                }
                free(before);
            }
            if (n) {
                /* selecting a post's node keeps it */
                uint32_t node = cor_sim_plan_post(plan, 0)->from;
                simulate(nets[k], plan, seed);
                cor_sim_plan_select(plan, &node, 1);
                FUZZ_CHECK(cor_sim_plan_count(plan) >= 1 && cor_sim_plan_count(plan) <= n);
            }
            cor_sim_plan_free(plan);
        }
    return 0;
}
