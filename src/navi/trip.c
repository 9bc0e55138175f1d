/* The order of a trip (/trip): exact by Held-Karp dynamic programming (Held and Karp 1962) up
 * to 10 points, farthest insertion (Rosenkrantz, Stearns, Lewis 1977) then 2-opt beyond.
 * A path with a free end is a round trip through a dummy point joined to the free end(s) at
 * no cost. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "navi/navi_int.h"

#define EXACT_MAX 11 /* points of the round trip, the dummy included */

static double tour_cost(const double *c, size_t n, const uint32_t *t)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += c[t[i] * n + t[(i + 1) % n]];
    return s;
}

/* Held-Karp over subsets of points 1..n-1, the tour starting and ending at 0. */
static int held_karp(const double *c, size_t n, uint32_t *t)
{
    size_t full = (size_t)1 << (n - 1);
    double *dp = malloc(full * (n - 1) * sizeof *dp);
    uint8_t *from = malloc(full * (n - 1));
    if (!dp || !from) {
        free(dp);
        free(from);
        return 0;
    }
    for (size_t set = 1; set < full; set++)
        for (size_t j = 0; j + 1 < n; j++) {
            double *cell = &dp[set * (n - 1) + j];
            *cell = INFINITY;
            from[set * (n - 1) + j] = 0;
            if (!(set & ((size_t)1 << j)))
                continue;
            size_t rest = set & ~((size_t)1 << j);
            if (!rest) {
                *cell = c[0 * n + j + 1];
                continue;
            }
            for (size_t k = 0; k + 1 < n; k++)
                if (rest & ((size_t)1 << k)) {
                    double v = dp[rest * (n - 1) + k] + c[(k + 1) * n + j + 1];
                    if (v < *cell) {
                        *cell = v;
                        from[set * (n - 1) + j] = (uint8_t)k;
                    }
                }
        }
    double best = INFINITY;
    size_t last = 0;
    for (size_t j = 0; j + 1 < n; j++) {
        double v = dp[(full - 1) * (n - 1) + j] + c[(j + 1) * n];
        if (v < best) {
            best = v;
            last = j;
        }
    }
    size_t set = full - 1;
    t[0] = 0;
    for (size_t pos = n - 1; pos >= 1; pos--) {
        t[pos] = (uint32_t)(last + 1);
        size_t prev = from[set * (n - 1) + last];
        set &= ~((size_t)1 << last);
        last = prev;
    }
    free(dp);
    free(from);
    return 1;
}

/* Farthest insertion: start with the two points farthest apart, then repeatedly take the
 * point whose nearest tour point is farthest and insert it where it costs least. 2-opt then
 * reverses stretches while that shortens the tour (costs may be asymmetric: each move is
 * evaluated on the whole reversed stretch). */
static int heuristic(const double *c, size_t n, uint32_t *t)
{
    unsigned char *in = calloc(n, 1);
    double *near = malloc(n * sizeof *near);
    if (!in || !near) {
        free(in);
        free(near);
        return 0;
    }
    size_t a = 0, b = 1;
    double far = -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double d = c[i * n + j] + c[j * n + i];
            if (i != j && isfinite(d) && d > far) {
                far = d;
                a = i;
                b = j;
            }
        }
    size_t len = 2;
    t[0] = (uint32_t)a;
    t[1] = (uint32_t)b;
    in[a] = in[b] = 1;
    for (size_t i = 0; i < n; i++)
        near[i] = fmin(c[a * n + i] + c[i * n + a], c[b * n + i] + c[i * n + b]);
    while (len < n) {
        size_t pick = n;
        for (size_t i = 0; i < n; i++)
            if (!in[i] && (pick == n || near[i] > near[pick] || !isfinite(near[i])))
                pick = i;
        size_t at = 0;
        double best = INFINITY;
        for (size_t k = 0; k < len; k++) {
            uint32_t u = t[k], v = t[(k + 1) % len];
            double d = c[u * n + pick] + c[pick * n + v] - c[u * n + v];
            if (d < best || (at == 0 && k == 0)) {
                best = d;
                at = k;
            }
        }
        memmove(t + at + 2, t + at + 1, (len - at - 1) * sizeof *t);
        t[at + 1] = (uint32_t)pick;
        len++;
        in[pick] = 1;
        for (size_t i = 0; i < n; i++)
            near[i] = fmin(near[i], c[pick * n + i] + c[i * n + pick]);
    }
    free(in);
    free(near);
    /* 2-opt: reverse t[i..j] */
    for (int improved = 1, rounds = 0; improved && rounds < 1000; rounds++) {
        improved = 0;
        double cur = tour_cost(c, n, t);
        for (size_t i = 1; i + 1 < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                for (size_t x = i, y = j; x < y; x++, y--) {
                    uint32_t tmp = t[x];
                    t[x] = t[y];
                    t[y] = tmp;
                }
                double nc = tour_cost(c, n, t);
                if (nc < cur - 1e-9) {
                    cur = nc;
                    improved = 1;
                } else {
                    for (size_t x = i, y = j; x < y; x++, y--) {
                        uint32_t tmp = t[x];
                        t[x] = t[y];
                        t[y] = tmp;
                    }
                }
            }
    }
    return 1;
}

cor_status cor_trip_order(const double *cost, size_t n, bool roundtrip, uint32_t start,
                          uint32_t end, uint32_t *order, double *total, cor_err *err)
{
    if (n < 2 || n > 1000)
        return cor_err_set(err, COR_ERR_INPUT, "a trip needs 2 to 1000 points, found %zu", n);
    if ((start != COR_NAVI_NONE && start >= n) || (end != COR_NAVI_NONE && end >= n) ||
        (!roundtrip && start != COR_NAVI_NONE && start == end))
        return cor_err_set(err, COR_ERR_INPUT, "trip: start or end out of range");
    if (!roundtrip && start == COR_NAVI_NONE && end == COR_NAVI_NONE)
        return cor_err_set(err, COR_ERR_INPUT, "a trip that is not a round trip needs a fixed "
                                               "start or end");
    /* the round trip's matrix: the points, plus a dummy n for a path */
    size_t m = roundtrip ? n : n + 1;
    double *c = malloc(m * m * sizeof *c);
    uint32_t *t = malloc(m * sizeof *t);
    if (!c || !t) {
        free(c);
        free(t);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    /* a big finite figure for a missing route keeps the arithmetic of the heuristics sound */
    double big = 1;
    for (size_t i = 0; i < n * n; i++)
        if (isfinite(cost[i]))
            big += fabs(cost[i]);
    big *= 1e3;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++) {
            double v;
            if (i < n && j < n)
                v = i == j ? 0 : isfinite(cost[i * n + j]) ? cost[i * n + j] : big;
            else if (i == j)
                v = 0;
            else if (i == n) /* dummy -> the start */
                v = start == COR_NAVI_NONE || j == start ? 0 : big;
            else /* the end -> dummy */
                v = end == COR_NAVI_NONE || i == end ? 0 : big;
            c[i * m + j] = v;
        }
    int ok = m <= EXACT_MAX ? held_karp(c, m, t) : heuristic(c, m, t);
    if (!ok) {
        free(c);
        free(t);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    /* rotate: a round trip from the start (or point 0), a path from just after the dummy */
    uint32_t first = roundtrip ? (start != COR_NAVI_NONE ? start : 0) : (uint32_t)n;
    size_t at = 0;
    while (t[at] != first)
        at++;
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        uint32_t v = t[(at + i) % m];
        if (v < n)
            order[k++] = v;
    }
    double sum = 0;
    for (size_t i = 0; i + 1 < n; i++)
        sum += cost[order[i] * n + order[i + 1]];
    if (roundtrip)
        sum += cost[order[n - 1] * n + order[0]];
    free(c);
    free(t);
    *total = sum;
    if (!isfinite(sum))
        return cor_err_set(err, COR_ERR_NOROUTE, "no trip: some points cannot be reached");
    return COR_OK;
}
