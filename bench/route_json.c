/*
 * Benchmark: a named route in-process, as `corridor route FROM TO --json` and the server's
 * /corridor/v1/route answer it (issue 20: "answers as fast as the search"). Prints the median
 * of many runs of the search alone (cor_route_query on a reused router, emissions applied) and
 * of the search plus its JSON (cor_route_json), and the JSON's size.
 * usage: build/bench/route_json [NET_DIR] [FROM] [TO] [RUNS] [ALTERNATIVES]
 *   (default data/caucasus Baku Kars 2000 1; ALTERNATIVES > 1 times Yen's k shortest paths)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/corridor.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec * 1e-3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/caucasus";
    const char *from_name = argc > 2 ? argv[2] : "Baku", *to_name = argc > 3 ? argv[3] : "Kars";
    int runs = argc > 4 ? atoi(argv[4]) : 2000;
    int alternatives = argc > 5 ? atoi(argv[5]) : 1;
    if (runs < 1)
        runs = 1;
    cor_diags *d = cor_diags_new();
    cor_net *net = NULL;
    if (!d || cor_net_load_scenario(dir, NULL, &net, d) != COR_OK) {
        fprintf(stderr, "route_json: cannot load %s\n", dir);
        return 1;
    }
    cor_diags_free(d);
    char path[1024];
    snprintf(path, sizeof path, "%s/emissions.csv", dir);
    cor_emissions *em = NULL;
    cor_diags *ed = cor_diags_new();
    if (cor_emissions_load(path, &em, ed) != COR_OK)
        em = NULL; /* a network without emission factors: routes without co2e_kg */
    cor_diags_free(ed);
    cor_err err;
    uint32_t from, to;
    if (cor_net_find_node(net, from_name, &from, &err) || cor_net_find_node(net, to_name, &to, &err)) {
        fprintf(stderr, "route_json: %s\n", err.msg);
        return 1;
    }
    cor_route_opts o;
    cor_route_opts_default(&o);
    if (alternatives > 1 && (cor_route_opts_set(&o, net, "alternatives", argv[5], &err) ||
                             cor_route_opts_set(&o, net, "overlap", "1", &err))) {
        fprintf(stderr, "route_json: alternatives: %s\n", err.msg);
        return 1;
    }
    cor_router *router = cor_router_new(net);
    double *search = malloc(sizeof *search * (size_t)runs),
           *both = malloc(sizeof *both * (size_t)runs);
    if (!router || !search || !both)
        return 1;
    size_t bytes = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < runs; i++) {
            double t0 = now_us();
            cor_route_set *set = NULL;
            if (cor_route_query(router, from, to, &o, &set, &err) != COR_OK) {
                fprintf(stderr, "route_json: %s\n", err.msg);
                return 1;
            }
            for (size_t r = 0; em && r < set->n; r++)
                cor_emissions_apply(em, net, &set->routes[r], o.tonnes);
            char *text = pass ? cor_route_json(net, NULL, from, to, &o, set) : NULL;
            double t1 = now_us();
            if (pass && !text)
                return 1;
            bytes = text ? strlen(text) : bytes;
            free(text);
            cor_route_set_free(set);
            (pass ? both : search)[i] = t1 - t0;
        }
    double ms = median(search, runs), mb = median(both, runs);
    printf("named route %s -> %s (%s, %d route%s asked), median of %d runs:\n", from_name, to_name,
           dir, alternatives, alternatives > 1 ? "s" : "", runs);
    printf("  search                %8.2f us\n", ms);
    printf("  search + JSON         %8.2f us   (JSON %.2f us, %zu bytes)\n", mb, mb - ms, bytes);
    free(search);
    free(both);
    cor_router_free(router);
    cor_emissions_free(em);
    cor_net_free(net);
    return 0;
}
