/* Seeded random numbers, the same stream on every machine: the simulation's service times and
 * the sweeps' random factors draw from it. */
#ifndef CORRIDOR_RNG_H
#define CORRIDOR_RNG_H

#include <stdint.h>

/* xoshiro256** 1.0 (Blackman and Vigna, 2018), seeded through splitmix64. Integer-only, so
 * the stream is the same on every machine. */
typedef struct cor_rng {
    uint64_t s[4];
} cor_rng;

/* Seeds from (seed, stream): different streams give independent-looking sequences, so a
 * replication's stream does not depend on how many numbers another replication drew. */
void cor_rng_seed(cor_rng *r, uint64_t seed, uint64_t stream);
uint64_t cor_rng_next(cor_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double cor_rng_uniform(cor_rng *r);

#endif
