/*
 * Seeded random numbers: xoshiro256** 1.0 (D. Blackman, S. Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 2021) seeded through splitmix64, and a libm-free
 * log and exp, so that draws are the same bit for bit on every IEEE 754 machine.
 */
#include <math.h>

#include "util/rng.h"

/* Fused multiply-add would round differently from separate * and + on some machines. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

void cor_rng_seed(cor_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t a = seed, b = stream ^ 0xD1B54A32D192ED03u;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&a) ^ splitmix64(&b);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) /* the one state xoshiro cannot leave */
        r->s[0] = 1;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t cor_rng_next(cor_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double cor_rng_uniform(cor_rng *r)
{
    return (double)(cor_rng_next(r) >> 11) * 0x1.0p-53;
}

/* ln 2 split so that k * LN2_HI is exact for |k| < 2^11 (fdlibm's constants). */
static const double LN2_HI = 6.93147180369123816490e-01;
static const double LN2_LO = 1.90821492927058770002e-10;

/* log x = e ln 2 + 2 atanh(s), s = (m - 1) / (m + 1), m in [sqrt(1/2), sqrt(2)):
 * |s| <= 0.1716, so the atanh series to s^23 is exact to under 1e-18 relative. */
double cor_repro_log(double x)
{
    if (!(x > 0) || isinf(x))
        return x == 0 ? -INFINITY : (x > 0 ? x : NAN);
    int e;
    double m = frexp(x, &e);
    if (m < 0.70710678118654752440) {
        m *= 2;
        e--;
    }
    double s = (m - 1) / (m + 1), s2 = s * s, t = 1.0 / 23;
    for (int k = 21; k >= 1; k -= 2)
        t = t * s2 + 1.0 / k;
    return e * LN2_HI + (e * LN2_LO + 2 * s * t);
}

/* exp x = 2^k exp r, x = k ln 2 + r, |r| <= ln 2 / 2: Taylor series to r^16 (error < 1e-18). */
double cor_repro_exp(double x)
{
    if (isnan(x))
        return x;
    if (x > 709)
        return INFINITY;
    if (x < -745)
        return 0;
    double kd = floor(x * 1.44269504088896338700 + 0.5);
    int k = (int)kd;
    double r = (x - kd * LN2_HI) - kd * LN2_LO;
    double p = 1;
    for (int n = 16; n >= 1; n--)
        p = 1 + p * r / n;
    return ldexp(p, k);
}

double cor_rng_normal(cor_rng *r)
{
    for (;;) {
        double u = 2 * cor_rng_uniform(r) - 1, v = 2 * cor_rng_uniform(r) - 1;
        double s = u * u + v * v;
        if (s > 0 && s < 1)
            return u * sqrt(-2 * cor_repro_log(s) / s);
    }
}

