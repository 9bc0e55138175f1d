/* Private layout of a sweep spec (internal). */
#ifndef COR_SWEEP_SWEEP_INT_H
#define COR_SWEEP_SWEEP_INT_H

#include <stdint.h>

#include "corridor/appraise.h"
#include "corridor/diag.h"
#include "corridor/freight.h"

enum { DIST_FIXED, DIST_UNIFORM, DIST_TRIANGULAR, DIST_LOGNORMAL };

/* One random factor: a [dwell] or [fees] line of the spec. */
typedef struct sweep_draw {
    char section[8], selector[48];
    int dist;
    double a, b, c;
    long line;
} sweep_draw;

struct cor_sweep {
    char *path, *net, *demand;
    char scenarios[64][65];
    size_t n_scenarios;
    double growth[64];
    size_t n_growth;
    size_t draws;
    uint64_t seed;
    sweep_draw random[64];
    size_t n_draws;
    cor_freight_opts opts;
    /* [appraisal]: runs of the `with` scenarios (all but `without` when none is named) are
     * appraised against `without` under the same draws (docs/sweep.md) */
    struct {
        int on;
        char without[65];
        char with[64][65];
        size_t n_with;
        char projects[8][65];
        size_t n_projects;
        cor_appraise_opts opts;   /* projects[] is set from the names above when used */
        sweep_draw capital;       /* factor on capital costs, drawn after [dwell] and [fees] */
        int has_capital;
        long line;
    } appraisal;
    cor_diags *diags; /* while loading */
};

#endif
