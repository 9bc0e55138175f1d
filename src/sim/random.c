/*
 * The simulation's service-time distributions, drawn from util/rng (the same bits on every
 * IEEE 754 machine).
 */
#include <math.h>
#include <string.h>

#include "sim/sim_int.h"
#include "util/rng.h"

/* Exponential by inversion: -mean ln(1 - U), with 1 - U in (0, 1]. */
static double expo(double mean, cor_rng *r)
{
    return -mean * cor_repro_log(1 - cor_rng_uniform(r));
}

double cor_sim_sample(const cor_sim_stage *s, cor_rng *r)
{
    switch (s->dist) {
    case COR_DIST_DETERMINISTIC:
        return s->mean_h;
    case COR_DIST_ERLANG: {
        double sum = 0; /* a sum of logs, not the log of a product, which could underflow */
        for (int i = 0; i < s->k; i++)
            sum += cor_repro_log(1 - cor_rng_uniform(r));
        return -s->mean_h / s->k * sum;
    }
    case COR_DIST_LOGNORMAL: {
        /* mean m, coefficient of variation cv: sigma^2 = ln(1 + cv^2), mu = ln m - sigma^2/2 */
        double s2 = cor_repro_log(1 + s->cv * s->cv);
        double mu = cor_repro_log(s->mean_h) - s2 / 2;
        return cor_repro_exp(mu + sqrt(s2) * cor_rng_normal(r));
    }
    case COR_DIST_EXPONENTIAL:
    default:
        return expo(s->mean_h, r);
    }
}

const char *cor_sim_dist_name(cor_sim_dist d)
{
    static const char *const names[] = {"exponential", "deterministic", "lognormal", "erlang"};
    return (unsigned)d < 4 ? names[d] : "?";
}

int cor_sim_dist_parse(const char *s)
{
    for (int d = 0; d < 4; d++)
        if (strcmp(s, cor_sim_dist_name((cor_sim_dist)d)) == 0)
            return d;
    return -1;
}
