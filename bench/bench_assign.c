/* Benchmark of the equilibrium algorithms: iterations, seconds and the gap reached at relative
 * gaps 1e-4 and 1e-6 for every iterative algorithm on TNTP networks (default SiouxFalls,
 * Anaheim, Barcelona, Winnipeg), with the objective against the best-known one; then the
 * multimodal `assign --method ue` on the SiouxFalls import (corridor import tntp). Seconds are
 * CPU time of this process (the engines are single-threaded), which other work on a shared
 * machine inflates less than wall-clock time; whole-process figures are `time corridor assign`.
 * Printed, not asserted. Usage: build/bench/bench_assign [MAX_ITER [TNTP_DIR [NETWORK...]]] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corridor/corridor.h"

#define N_TARGETS 2
static const double targets[N_TARGETS] = {1e-4, 1e-6};

/* ../shared/data/tntp/README.md, from the published flows */
static const struct {
    const char *name;
    double objective;
} best_known[] = {{"SiouxFalls", 4231335.2871},
                  {"Anaheim", 1286032.1711},
                  {"Barcelona", 1265654.9220},
                  {"Winnipeg", 827911.4946}};

typedef struct probe {
    struct timespec start;
    unsigned iter[N_TARGETS];
    double secs[N_TARGETS], gap[N_TARGETS];
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
    for (int k = 0; k < N_TARGETS; k++)
        if (!p->iter[k] && gap <= targets[k]) {
            p->iter[k] = iteration;
            p->secs[k] = since(&p->start);
            p->gap[k] = gap;
        }
}

static void print_cells(const probe *p, unsigned max_iter)
{
    for (int k = 0; k < N_TARGETS; k++) {
        char cell[48];
        if (p->iter[k])
            snprintf(cell, sizeof cell, "%u / %.3fs / %.1e", p->iter[k], p->secs[k], p->gap[k]);
        else
            snprintf(cell, sizeof cell, "- (>%u)", max_iter);
        printf(" %24s", cell);
    }
}

static double best_of(const char *name)
{
    for (size_t i = 0; i < sizeof best_known / sizeof *best_known; i++)
        if (strcmp(best_known[i].name, name) == 0)
            return best_known[i].objective;
    return NAN;
}

/* The multimodal ue on a TNTP problem imported as a corridor network (in a temporary
 * directory, removed afterwards). */
static int bench_multimodal(const cor_assign_net *tn, const char *name, unsigned max_iter)
{
    char dir[] = "/tmp/bench_assign_XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    cor_err err;
    cor_net *net = NULL;
    cor_demand *demand = NULL;
    char path[1100];
    int rc = 1;
    snprintf(path, sizeof path, "%s/demand.csv", dir);
    if (cor_assign_net_write_corridor(tn, dir, "bench", &err) != COR_OK) {
        fprintf(stderr, "%s: %s\n", name, err.msg);
    } else if (cor_net_load(dir, &net, NULL) != COR_OK ||
               cor_demand_load(net, path, &demand, NULL) != COR_OK) {
        fprintf(stderr, "%s: cannot load the imported network\n", name);
    } else {
        cor_freight_opts o;
        cor_freight_opts_default(&o);
        o.method = COR_FREIGHT_UE;
        o.route.minimize = COR_MIN_TIME;
        o.gap = targets[N_TARGETS - 1];
        o.max_iter = max_iter;
        probe p;
        memset(&p, 0, sizeof p);
        o.progress = on_iteration;
        o.progress_ctx = &p;
        cor_freight_result *r = NULL;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &p.start);
        if (cor_freight_assign(net, demand, &o, &r, &err) != COR_OK) {
            fprintf(stderr, "%s: %s\n", name, err.msg);
        } else {
            double total = since(&p.start), best = best_of(name);
            printf("%-10s %-4s", name, "ue");
            print_cells(&p, max_iter);
            printf(" %10.3e %9.2e %8.3f  (multimodal, corridor import tntp)\n", r->relative_gap,
                   (r->objective - best) / best, total);
            rc = 0;
        }
        cor_freight_result_free(r);
    }
    cor_demand_free(demand);
    cor_net_free(net);
    const char *files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv",
                           "demand.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    return rc;
}

int main(int argc, char **argv)
{
    unsigned max_iter = argc > 1 ? (unsigned)atoi(argv[1]) : 1000;
    const char *dir = argc > 2 ? argv[2] : "../shared/data/tntp";
    const char *def[] = {"SiouxFalls", "Anaheim", "Barcelona", "Winnipeg"};
    const char **nets = argc > 3 ? (const char **)argv + 3 : def;
    int n_nets = argc > 3 ? argc - 3 : 4;
    printf("equilibrium: iterations / CPU seconds / gap when each relative gap is first reached "
           "(cap %u iterations);\nexcess = (objective - best known) / best known at the end\n",
           max_iter);
    printf("%-10s %-4s %24s %24s %10s %9s %8s\n", "network", "alg", "gap 1e-4", "gap 1e-6",
           "final gap", "excess", "CPU s");
    fflush(stdout);
    for (int i = 0; i < n_nets; i++) {
        char np[1024], tp[1024];
        snprintf(np, sizeof np, "%s/%s/%s_net.tntp", dir, nets[i], nets[i]);
        snprintf(tp, sizeof tp, "%s/%s/%s_trips.tntp", dir, nets[i], nets[i]);
        cor_assign_net *net = NULL;
        struct timespec t0;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        if (cor_assign_tntp_load(np, tp, &net, NULL) != COR_OK) {
            fprintf(stderr, "cannot read %s or %s\n", np, tp);
            return 1;
        }
        printf("%-10s read in %.3f s CPU\n", nets[i], since(&t0));
        double best = best_of(nets[i]);
        for (int a = COR_ASSIGN_MSA; a <= COR_ASSIGN_B; a++) {
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
            print_cells(&p, max_iter);
            printf(" %10.3e %9.2e %8.3f\n", r->relative_gap, (r->objective - best) / best,
                   total);
            fflush(stdout);
            cor_assign_result_free(r);
        }
        if (strcmp(nets[i], "SiouxFalls") == 0 && bench_multimodal(net, nets[i], max_iter))
            return 1;
        cor_assign_net_free(net);
    }
    return 0;
}
