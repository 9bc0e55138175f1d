/* Benchmark of the assignment algorithms: iterations and seconds to reach relative gaps 1e-3,
 * 1e-4 and 1e-5 on TNTP networks (default Barcelona and Winnipeg), with an iteration cap.
 * Seconds are CPU time of this process (the engine is single-threaded), so that other work on
 * a shared machine inflates them less than wall-clock time would.
 * Usage: build/bench/bench_assign [MAX_ITER [TNTP_DIR [NETWORK...]]] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/corridor.h"

#define N_TARGETS 3
static const double targets[N_TARGETS] = {1e-3, 1e-4, 1e-5};

typedef struct probe {
    struct timespec start;
    unsigned iter[N_TARGETS];
    double secs[N_TARGETS];
    double last_gap;
} probe;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* Called after each iteration: the first time each target gap is reached is recorded. */
static void on_iteration(void *ctx, unsigned iteration, double gap)
{
    probe *p = ctx;
    p->last_gap = gap;
    for (int k = 0; k < N_TARGETS; k++)
        if (!p->iter[k] && gap <= targets[k]) {
            p->iter[k] = iteration;
            p->secs[k] = since(&p->start);
        }
}

int main(int argc, char **argv)
{
    unsigned max_iter = argc > 1 ? (unsigned)atoi(argv[1]) : 2000;
    const char *dir = argc > 2 ? argv[2] : "../shared/data/tntp";
    const char *def[] = {"Barcelona", "Winnipeg"};
    const char **nets = argc > 3 ? (const char **)argv + 3 : def;
    int n_nets = argc > 3 ? argc - 3 : 2;
    printf("assignment: iterations / CPU seconds to reach each relative gap (cap %u "
           "iterations)\n", max_iter);
    printf("%-10s %-4s %16s %16s %16s %12s %10s\n", "network", "alg", "gap 1e-3", "gap 1e-4",
           "gap 1e-5", "final gap", "s/iter");
    fflush(stdout);
    for (int i = 0; i < n_nets; i++) {
        char np[1024], tp[1024];
        snprintf(np, sizeof np, "%s/%s/%s_net.tntp", dir, nets[i], nets[i]);
        snprintf(tp, sizeof tp, "%s/%s/%s_trips.tntp", dir, nets[i], nets[i]);
        cor_assign_net *net = NULL;
        if (cor_assign_tntp_load(np, tp, &net, NULL) != COR_OK) {
            fprintf(stderr, "cannot read %s or %s\n", np, tp);
            return 1;
        }
        double bfw_secs[N_TARGETS] = {0};
        for (int a = COR_ASSIGN_MSA; a <= COR_ASSIGN_BFW; a++) {
            probe p;
            memset(&p, 0, sizeof p);
            cor_assign_opts o;
            cor_assign_opts_default(&o);
            o.algorithm = (cor_assign_algo)a;
            o.gap = targets[N_TARGETS - 1];
            o.max_iter = max_iter;
            o.progress = on_iteration;
            o.progress_ctx = &p;
            cor_assign_result *r = NULL;
            cor_err err;
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &p.start);
            if (cor_assign_run(net, &o, &r, &err) != COR_OK) {
                fprintf(stderr, "%s: %s\n", nets[i], err.msg);
                return 1;
            }
            double total = since(&p.start);
            printf("%-10s %-4s", nets[i], cor_assign_algo_name(o.algorithm));
            for (int k = 0; k < N_TARGETS; k++) {
                char cell[32];
                if (p.iter[k])
                    snprintf(cell, sizeof cell, "%u / %.2fs", p.iter[k], p.secs[k]);
                else
                    snprintf(cell, sizeof cell, "- (>%u)", max_iter);
                printf(" %16s", cell);
                if (a == COR_ASSIGN_BFW)
                    bfw_secs[k] = p.iter[k] ? p.secs[k] : NAN;
            }
            printf(" %12.3e %10.4f\n", r->relative_gap, total / r->iterations);
            fflush(stdout);
            cor_assign_result_free(r);
        }
        printf("%-10s bfw time as a ratio of 1e-3's: 1e-4 x%.1f, 1e-5 x%.1f\n", nets[i],
               bfw_secs[1] / bfw_secs[0], bfw_secs[2] / bfw_secs[0]);
        cor_assign_net_free(net);
    }
    return 0;
}
