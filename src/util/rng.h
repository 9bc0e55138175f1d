/* Random numbers and the arithmetic that keeps draws reproducible (internal; the generator
 * itself is public in corridor/rng.h). */
#ifndef COR_UTIL_RNG_H
#define COR_UTIL_RNG_H

#include "corridor/rng.h"

/* Natural logarithm and exponential from +, -, *, / and frexp/ldexp only, so that samples do
 * not depend on the C library's libm (whose last bit differs between systems). */
double cor_repro_log(double x);
double cor_repro_exp(double x);

/* A standard normal deviate (Marsaglia's polar method; uses sqrt, which IEEE 754 rounds
 * exactly). */
double cor_rng_normal(cor_rng *r);

#endif
