/* Map matching of a GPS trace (/match): the hidden Markov model of Newson and Krumm (2009), as
 * OSRM has it. States are the links near each point, the emission is Gaussian in the distance
 * from the point to the link, the transition exponential in the difference between the route
 * distance and the great-circle distance of two consecutive points; Viterbi keeps the most
 * probable sequence, and the trace splits where no transition is possible. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "navi/navi_int.h"

#define K COR_MATCH_CANDIDATES
#define DEAD (-INFINITY)

typedef struct hmm {
    cor_navi_query *q;
    const double *lat, *lon;
    const cor_match_opts *o;
    size_t n;
    cor_phantom *cand;   /* n * K */
    size_t *n_cand;      /* n */
    double *score;       /* n * K: log probability of the best sequence ending there */
    double *route_m;     /* n * K: route distance from the state before it on that sequence */
    uint8_t *back;       /* n * K: the state before it (a candidate of prev[i]) */
    size_t *prev;        /* n: the point before it in its matching (SIZE_MAX: it starts one) */
} hmm;

static double sigma_of(const cor_match_opts *o, size_t i)
{
    return o && o->sigma_m && o->sigma_m[i] > 0 ? o->sigma_m[i] : COR_MATCH_SIGMA_M;
}

static double emission(const hmm *h, size_t i, size_t k)
{
    double s = sigma_of(h->o, i), d = h->cand[i * K + k].dist_m / s;
    return -0.5 * d * d - log(s * sqrt(2 * M_PI));
}

/* The transition log probability from state (p, j) to (i, k) and the route's distance in
 * *route_m; DEAD when there is none. */
static double transition(const hmm *h, size_t p, size_t j, size_t i, size_t k, double *route_m)
{
    cor_navi_path path;
    cor_err err;
    if (cor_navi_route(h->q, COR_METRIC_TIME, &h->cand[p * K + j], &h->cand[i * K + k], &path,
                       &err) != COR_OK)
        return DEAD;
    double gc = cor_haversine_km(h->lat[p], h->lon[p], h->lat[i], h->lon[i]) * 1000;
    double delta = fabs(path.distance_m - gc);
    if (delta > COR_MATCH_MAX_DELTA_M)
        return DEAD;
    if (h->o && h->o->time_s) {
        double dt = h->o->time_s[i] - h->o->time_s[p];
        if (path.distance_m > COR_MATCH_MAX_SPEED_MS * fmax(dt, 1))
            return DEAD;
    }
    *route_m = path.distance_m;
    return -delta / COR_MATCH_BETA_M - log(COR_MATCH_BETA_M);
}

/* Scores of point i's states from point p's; returns how many are alive. */
static size_t step(hmm *h, size_t p, size_t i)
{
    size_t alive = 0;
    for (size_t k = 0; k < h->n_cand[i]; k++) {
        double best = DEAD, best_m = 0;
        uint8_t from = 0;
        for (size_t j = 0; j < h->n_cand[p]; j++) {
            if (h->score[p * K + j] == DEAD)
                continue;
            double m = 0, t = transition(h, p, j, i, k, &m);
            if (t == DEAD)
                continue;
            double s = h->score[p * K + j] + t;
            if (s > best) {
                best = s;
                best_m = m;
                from = (uint8_t)j;
            }
        }
        h->score[i * K + k] = best == DEAD ? DEAD : best + emission(h, i, k);
        h->route_m[i * K + k] = best_m;
        h->back[i * K + k] = from;
        alive += best != DEAD;
    }
    h->prev[i] = p;
    return alive;
}

static void start_at(hmm *h, size_t i)
{
    for (size_t k = 0; k < h->n_cand[i]; k++)
        h->score[i * K + k] = emission(h, i, k);
    h->prev[i] = SIZE_MAX;
}

/* Follows the best sequence back from point `last` and gives its points matching number
 * out->n_matchings; a matching of one point is dropped. Returns 0 when out of memory. */
static int close_matching(const hmm *h, size_t last, cor_match_result *out)
{
    size_t best = 0, count = 0;
    for (size_t k = 1; k < h->n_cand[last]; k++)
        if (h->score[last * K + k] > h->score[last * K + best])
            best = k;
    for (size_t i = last; i != SIZE_MAX; i = h->prev[i])
        count++;
    if (count < 2)
        return 1;
    double *c = realloc(out->confidence, (out->n_matchings + 1) * sizeof *c);
    if (!c)
        return 0;
    out->confidence = c;
    double trace_m = 0, route_m = 0;
    size_t k = best;
    for (size_t i = last; i != SIZE_MAX; i = h->prev[i]) {
        cor_match_point *pt = &out->pt[i];
        pt->matching = (uint32_t)out->n_matchings;
        pt->ph = h->cand[i * K + k];
        pt->alternatives = 0;
        for (size_t j = 0; j < h->n_cand[i]; j++)
            pt->alternatives += j != k && h->score[i * K + j] != DEAD;
        if (h->prev[i] != SIZE_MAX) {
            size_t p = h->prev[i];
            trace_m += cor_haversine_km(h->lat[p], h->lon[p], h->lat[i], h->lon[i]) * 1000;
            route_m += h->route_m[i * K + k];
        }
        k = h->back[i * K + k];
    }
    double lo = fmin(trace_m, route_m), hi = fmax(trace_m, route_m);
    c[out->n_matchings++] = hi > 0 ? lo / hi : 1;
    return 1;
}

static cor_status check_input(const double *lat, const double *lon, size_t n,
                              const cor_match_opts *o, cor_err *err)
{
    if (n < 2)
        return cor_err_set(err, COR_ERR_INPUT, "a trace needs at least 2 points, found %zu", n);
    for (size_t i = 0; i < n; i++) {
        if (!(lat[i] >= -90 && lat[i] <= 90 && lon[i] >= -180 && lon[i] <= 180))
            return cor_err_set(err, COR_ERR_INPUT, "point %zu: expected a latitude in [-90, 90] "
                               "and a longitude in [-180, 180], found %g,%g", i, lat[i], lon[i]);
        if (o && o->time_s && (!isfinite(o->time_s[i]) || (i && o->time_s[i] < o->time_s[i - 1])))
            return cor_err_set(err, COR_ERR_INPUT, "point %zu: expected a timestamp not before "
                               "the previous one, found %g", i, o->time_s[i]);
    }
    return COR_OK;
}

void cor_match_result_free(cor_match_result *r)
{
    if (!r)
        return;
    free(r->pt);
    free(r->confidence);
    memset(r, 0, sizeof *r);
}

static void hmm_free(hmm *h)
{
    free(h->cand);
    free(h->n_cand);
    free(h->score);
    free(h->route_m);
    free(h->back);
    free(h->prev);
}

static int hmm_alloc(hmm *h, size_t n)
{
    h->cand = malloc(n * K * sizeof *h->cand);
    h->n_cand = calloc(n, sizeof *h->n_cand);
    h->score = malloc(n * K * sizeof *h->score);
    h->route_m = malloc(n * K * sizeof *h->route_m);
    h->back = calloc(n * K, 1);
    h->prev = malloc(n * sizeof *h->prev);
    return h->cand && h->n_cand && h->score && h->route_m && h->back && h->prev;
}

cor_status cor_match(cor_navi_query *q, const double *lat, const double *lon, size_t n,
                     const cor_match_opts *o, cor_match_result *out, cor_err *err)
{
    memset(out, 0, sizeof *out);
    cor_status st = check_input(lat, lon, n, o, err);
    if (st != COR_OK)
        return st;
    const cor_navi *nv = navi_query_navi(q);
    hmm h = {.q = q, .lat = lat, .lon = lon, .o = o, .n = n};
    out->pt = malloc(n * sizeof *out->pt);
    if (!out->pt || !hmm_alloc(&h, n)) {
        hmm_free(&h);
        cor_match_result_free(out);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    out->n = n;
    size_t cur = SIZE_MAX; /* the last point with live states in the matching under way */
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        out->pt[i] = (cor_match_point){.matching = COR_NAVI_NONE};
        h.n_cand[i] = cor_navi_candidates(nv, lat[i], lon[i], 3 * sigma_of(o, i),
                                          &h.cand[i * K], K);
        if (!h.n_cand[i])
            continue;
        int gap = cur != SIZE_MAX && o && o->time_s && o->split_gaps &&
                  o->time_s[i] - o->time_s[cur] > COR_MATCH_GAP_S;
        if (cur != SIZE_MAX && !gap && step(&h, cur, i) > 0) {
            cur = i;
            continue;
        }
        if (cur != SIZE_MAX)
            ok = close_matching(&h, cur, out);
        start_at(&h, i);
        cur = i;
    }
    if (ok && cur != SIZE_MAX)
        ok = close_matching(&h, cur, out);
    hmm_free(&h);
    if (!ok) {
        cor_match_result_free(out);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    return COR_OK;
}
