/*
 * Benchmark of the flow module on random grid-like power networks (written to a temporary
 * directory and loaded): max-flow, N-1, N-2 and Suurballe times, and the ratio of N-2 time with
 * the exact no-flow shortcuts to the number of pairs (how many were really recomputed).
 * Usage: build/bench/flow_bench [SIDE ...]   (default 5 10 15 30: SIDE x SIDE grids; N-2 only up
 * to 500 links)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corridor/corridor.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static unsigned seed = 1;
static unsigned rnd(unsigned n)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
}

static int write_grid(const char *dir, int side)
{
    char path[512];
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fprintf(f, "id,name,country,region,lat,lon,kind,source\n");
    for (int i = 0; i < side * side; i++)
        fprintf(f, "N%d,Node %d,XA,,%.4f,%.4f,substation,bench\n", i, i, 40 + 0.01 * (i / side),
                45 + 0.01 * (i % side));
    fclose(f);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    if (!(f = fopen(path, "w")))
        return 0;
    fprintf(f, "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,capacity_tpy,"
               "capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,direction,corridors,"
               "source\n");
    int id = 0;
    for (int r = 0; r < side; r++)
        for (int c = 0; c < side; c++) {
            int v = r * side + c;
            if (c + 1 < side)
                fprintf(f, "L%d,N%d,N%d,power,%u,,,,,,%u,,,,operating,,both,,bench\n", id++, v,
                        v + 1, 1 + rnd(20), 100 + 100 * rnd(10));
            if (r + 1 < side)
                fprintf(f, "L%d,N%d,N%d,power,%u,,,,,,%u,,,,operating,,both,,bench\n", id++, v,
                        v + side, 1 + rnd(20), 100 + 100 * rnd(10));
        }
    fclose(f);
    snprintf(path, sizeof path, "%s/borders.csv", dir);
    if (!(f = fopen(path, "w")))
        return 0;
    fprintf(f, "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,fee_usd_per_vehicle,"
               "direction,source\n");
    fclose(f);
    snprintf(path, sizeof path, "%s/transfers.csv", dir);
    if (!(f = fopen(path, "w")))
        return 0;
    fprintf(f, "node,kind,from,to,hours,usd_per_t,source\n");
    fclose(f);
    return 1;
}

int main(int argc, char **argv)
{
    int sides[16] = {5, 10, 15, 30};
    int ns = 4;
    if (argc > 1) {
        ns = 0;
        for (int i = 1; i < argc && ns < 16; i++)
            sides[ns++] = atoi(argv[i]);
    }
    char dir[] = "/tmp/corridor-flow-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    printf("%-6s %6s %6s %10s %10s %12s %12s %10s\n", "side", "nodes", "links", "maxflow ms",
           "N-1 ms", "N-2 ms", "N-2 / pair us", "2 paths ms");
    for (int s = 0; s < ns; s++) {
        int side = sides[s];
        if (side < 2 || !write_grid(dir, side))
            continue;
        cor_net *net = NULL;
        if (cor_net_load(dir, &net, NULL) != COR_OK) {
            fprintf(stderr, "cannot load the %dx%d grid\n", side, side);
            continue;
        }
        cor_flow_opts o;
        cor_flow_opts_default(&o);
        cor_flow *fl = NULL;
        cor_flow_new(net, &o, &fl, NULL);
        /* left column -> right column */
        uint32_t *src = malloc((size_t)side * sizeof *src), *snk = malloc((size_t)side * sizeof *snk);
        for (int r = 0; r < side; r++) {
            src[r] = (uint32_t)(r * side);
            snk[r] = (uint32_t)(r * side + side - 1);
        }
        double t0 = now();
        cor_flow_result *res = NULL;
        int reps = 0;
        do {
            cor_flow_result_free(res);
            cor_flow_max(fl, src, (size_t)side, snk, (size_t)side, &res, NULL);
            reps++;
        } while (now() - t0 < 0.2);
        double t_max = (now() - t0) / reps;
        t0 = now();
        cor_resilience *n1 = NULL;
        cor_flow_resilience(fl, src, (size_t)side, snk, (size_t)side, 1, &n1, NULL);
        double t_n1 = now() - t0;
        double t_n2 = NAN, per_pair = NAN;
        size_t nl = cor_net_link_count(net);
        if (nl <= 500) {
            t0 = now();
            cor_resilience *n2 = NULL;
            cor_flow_resilience(fl, src, (size_t)side, snk, (size_t)side, 2, &n2, NULL);
            t_n2 = now() - t0;
            per_pair = t_n2 / (double)(nl * (nl - 1) / 2) * 1e6;
            cor_resilience_free(n2);
        }
        t0 = now();
        cor_flow_paths *p = NULL;
        uint32_t a = 0, b = (uint32_t)(side * side - 1);
        cor_flow_disjoint(fl, &a, 1, &b, 1, 2, false, &p, NULL);
        double t_p = now() - t0;
        printf("%-6d %6zu %6zu %10.3f %10.1f %12.1f %12.2f %10.3f   (max flow %.0f MW; "
               "max-flow runs per N-1: %.2f x one run)\n",
               side, cor_net_node_count(net), nl, t_max * 1e3, t_n1 * 1e3, t_n2 * 1e3, per_pair,
               t_p * 1e3, res ? res->max_flow : NAN, t_n1 / t_max);
        cor_flow_paths_free(p);
        cor_resilience_free(n1);
        cor_flow_result_free(res);
        cor_flow_free(fl);
        free(src);
        free(snk);
        cor_net_free(net);
    }
    const char *files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv"};
    char path[512];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
