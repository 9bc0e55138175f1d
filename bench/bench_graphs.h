/* What the graph benchmarks share (graphbench.c, cchbench.c): clocks, peak memory and the
 * synthetic road-like grid, so that both run on the same graph for the same seed. */
#ifndef COR_BENCH_GRAPHS_H
#define COR_BENCH_GRAPHS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/corridor.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

static double peak_rss_mb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = atof(line + 6);
    if (f)
        fclose(f);
    return kb / 1024;
}

/* A perturbed grid: nodes about 200 m apart, every 8th row/column a primary road (70 km/h),
 * every 64th a motorway (110 km/h), the rest residential (30 km/h); 20% of the residential
 * edges deleted; lengths = haversine x (1 to 1.3), as roads wind. */
static cor_graph *synth(size_t n_target, uint64_t seed)
{
    size_t side = (size_t)ceil(sqrt((double)n_target)), n = side * side;
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
    cor_graph_arc *arcs = malloc(4 * n * sizeof *arcs);
    size_t m = 0;
    for (size_t r = 0; r < side; r++)
        for (size_t c = 0; c < side; c++) {
            size_t v = r * side + c;
            lat[v] = 40.0 + (double)r * 0.0018 + ((double)(rnd(&seed) % 1000) / 1000 - 0.5) * 0.0008;
            lon[v] = 44.0 + (double)c * 0.0023 + ((double)(rnd(&seed) % 1000) / 1000 - 0.5) * 0.001;
        }
    for (size_t r = 0; r < side; r++)
        for (size_t c = 0; c < side; c++) {
            size_t v = r * side + c;
            for (int dir = 0; dir < 2; dir++) {
                if ((dir == 0 && c + 1 == side) || (dir == 1 && r + 1 == side))
                    continue;
                size_t w = dir == 0 ? v + 1 : v + side;
                size_t line = dir == 0 ? r : c;
                double kmh = line % 64 == 0 ? 110 : line % 8 == 0 ? 70 : 30;
                if (kmh == 30 && rnd(&seed) % 100 < 20)
                    continue;
                double km = cor_haversine_km(lat[v], lon[v], lat[w], lon[w]) *
                            (1 + (double)(rnd(&seed) % 300) / 1000);
                uint32_t dm = (uint32_t)llround(km * 1e4), ms = (uint32_t)llround(km / kmh * 3.6e6);
                arcs[m++] = (cor_graph_arc){(uint32_t)v, (uint32_t)w, dm ? dm : 1, ms ? ms : 1,
                                            COR_MODE_ROAD};
                arcs[m++] = (cor_graph_arc){(uint32_t)w, (uint32_t)v, dm ? dm : 1, ms ? ms : 1,
                                            COR_MODE_ROAD};
            }
        }
    cor_graph *g = NULL;
    cor_err err;
    if (cor_graph_from_arrays(n, lat, lon, m, arcs, &g, &err) != COR_OK)
        fprintf(stderr, "synth: %s\n", err.msg);
    free(lat);
    free(lon);
    free(arcs);
    return g;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#endif
