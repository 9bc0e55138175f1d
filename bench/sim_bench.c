/*
 * Benchmark of the border-post simulation: vehicles simulated per second for posts of 1 and 4
 * stages, light and heavy load, Erlang service, and 1,000-server delay stages (a large heap).
 * Usage: build/bench/sim_bench [SCALE] (default 1; about a second of work per unit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "corridor/sim.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs one post; returns vehicles per second of wall time. */
static double bench(const char *label, const cor_sim_stage *st, size_t n, double per_day,
                    double days)
{
    cor_sim_post p = {.border = -1, .scenario = "base", .arrivals_per_day = per_day,
                      .stages = st, .n_stages = n, .source = "bench"};
    cor_sim_opts o = {.seed = 1, .replications = 4, .warmup_days = 1, .run_days = days};
    cor_sim_post_result r;
    cor_err err;
    double t0 = now_s();
    if (cor_sim_run_post(&p, &o, &r, &err)) {
        fprintf(stderr, "%s: %s\n", label, err.msg);
        exit(1);
    }
    double dt = now_s() - t0;
    double vps = (double)r.vehicles / dt;
    printf("%-40s %9zu vehicles %7.3f s %11.0f vehicles/s (mean dwell %.2f h)\n", label,
           r.vehicles, dt, vps, r.mean_dwell_h);
    free(r.stages);
    return vps;
}

int main(int argc, char **argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1;
    if (!(scale > 0))
        scale = 1;
    double days = 100 * scale;
    cor_sim_stage one = {"control", 4, COR_DIST_EXPONENTIAL, 0.335, 0, 0, 0};
    cor_sim_stage four[4] = {{"exit control", 4, COR_DIST_EXPONENTIAL, 0.335, 0, 0, 0},
                             {"exit release", 1000, COR_DIST_LOGNORMAL, 18.57, 0.42, 0, 0},
                             {"entry control", 4, COR_DIST_EXPONENTIAL, 0.25, 0, 0, 0},
                             {"entry release", 1000, COR_DIST_LOGNORMAL, 1.65, 1.0, 0, 0}};
    cor_sim_stage erl = {"erlang-10", 4, COR_DIST_ERLANG, 0.335, 0, 10, 0};
    printf("corridor sim_bench: %g measured days x 4 replications per case\n", days);
    double a = bench("1 stage M/M/4, load 0.50", &one, 1, 143, days);
    double b = bench("1 stage M/M/4, load 0.96", &one, 1, 275, days);
    double c = bench("4 stages (Sarpi outbound), load 0.96", four, 4, 275, days);
    double d = bench("1 stage M/E10/4, load 0.96", &erl, 1, 275, days);
    printf("ratios: load 0.96 / 0.50 %.2f; 4 stages / 1 stage %.2f; Erlang-10 / exponential "
           "%.2f (vehicles/s)\n", b / a, c / b, d / b);
    return 0;
}
