/* The BPR volume-delay function, the one every assignment uses (docs/assignment.md):
 * t(v) = t0 (1 + a (v/c)^b), with b = 0 the constant t0 (1 + a) of the TNTP convention. The
 * slope dt/dv and the integral from 0 to v (a term of the Beckmann objective) come from the same
 * figures. A volume at or below zero (rounding can leave -1e-13) counts as zero. */
#ifndef COR_UTIL_BPR_H
#define COR_UTIL_BPR_H

#include <math.h>

typedef struct cor_bpr {
    double t0;  /* free-flow time */
    double a;   /* alpha (TNTP: b) */
    double b;   /* beta (TNTP: power), >= 0 */
    double cap; /* capacity, > 0 */
} cor_bpr;

/* t(v); *slope (when not NULL) gets dt/dv: infinite at v = 0 when b < 1. */
static inline double cor_bpr_time(const cor_bpr *f, double v, double *slope)
{
    if (f->b == 0 || f->a == 0) {
        if (slope)
            *slope = 0;
        return f->t0 * (1 + (f->b == 0 ? f->a : 0));
    }
    double r = v > 0 ? v / f->cap : 0, rb1; /* rb1 = r^(b-1) */
    if (f->b == 4)
        rb1 = r * r * r;
    else if (f->b == 1)
        rb1 = 1;
    else if (r > 0)
        rb1 = pow(r, f->b - 1);
    else
        rb1 = f->b > 1 ? 0 : INFINITY;
    if (slope)
        *slope = f->t0 * f->a * f->b / f->cap * rb1;
    return f->t0 * (1 + f->a * (r > 0 ? rb1 * r : 0));
}

/* The integral of t from 0 to v. */
static inline double cor_bpr_integral(const cor_bpr *f, double v)
{
    if (!(v > 0))
        return 0;
    if (f->b == 0)
        return f->t0 * (1 + f->a) * v;
    return f->t0 * (v + f->a * f->cap / (f->b + 1) * pow(v / f->cap, f->b + 1));
}

#endif
