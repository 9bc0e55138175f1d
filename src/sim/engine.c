/*
 * The discrete-event engine: one post, a tandem of multi-server FIFO stages with unlimited
 * waiting room, an event list kept in a heap ordered by (time, insertion number) so
 * that ties break the same way on every run. Replications, warm-up and confidence intervals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim_int.h"
#include "util/heap.h"
#include "util/rng.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* A replication may create at most this many vehicles (memory grows with the vehicles in the
 * post). */
#define MAX_VEHICLES 20000000.0
/* A run (all replications) may take at most this many units of work: an event (an arrival,
 * an end of service) or a random sample (an Erlang-k service takes k). About a minute at -O2
 * (some 100 ns an event, 20 ns a sample); without it 32 Erlang-1000 stages at the vehicle
 * limit would run for hours a replication. */
#define MAX_WORK 1e9

void cor_sim_opts_default(cor_sim_opts *o)
{
    o->seed = 1;
    o->replications = 10;
    o->warmup_days = 7;
    o->run_days = 60;
}

/* ---- event list: a lazy heap (util/heap.h) ---- */

typedef struct event {
    double t;
    uint64_t seq;    /* insertion order: equal times are served first-scheduled first */
    int stage;       /* -1: an arrival; otherwise the end of a service at this stage */
    uint32_t veh;
} event;

static inline int before(const event *a, const event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}
COR_LHEAP_DEFINE(event_list, event, before)

/* ---- one replication ---- */

typedef struct vehicle {
    double arrival, entered; /* arrival at the post; arrival at the current stage */
} vehicle;

typedef struct stage_state {
    int busy;
    uint32_t *q;             /* FIFO ring of waiting vehicles */
    size_t head, len, cap;
    double busy_area, queue_area, wait_sum;
    size_t waits;
} stage_state;

typedef struct rep_out {
    double mean, p50, p95, per_day;
    size_t n;
} rep_out;

typedef struct sim {
    const cor_sim_post *p;
    cor_rng rng;
    event_list events;
    uint64_t seq;            /* events scheduled so far in this replication */
    vehicle *veh;
    uint32_t *free_ids;
    size_t n_veh, cap_veh, n_free;
    stage_state *st;
    double now, w0, w1;      /* clock; measured window [w0, w1) in hours */
    double *dwell;
    size_t n_dwell, cap_dwell, departures;
} sim;

/* Schedules an event at time t; 0 when out of memory. */
static int schedule(sim *s, double t, int stage, uint32_t veh)
{
    return event_list_add(&s->events, (event){t, s->seq++, stage, veh}) == 0;
}

static int new_vehicle(sim *s, double t, uint32_t *id)
{
    if (s->n_free) {
        *id = s->free_ids[--s->n_free];
    } else {
        if (s->n_veh == s->cap_veh) {
            size_t cap = s->cap_veh ? 2 * s->cap_veh : 256;
            vehicle *v = realloc(s->veh, cap * sizeof *v);
            if (!v)
                return 0;
            s->veh = v;
            uint32_t *f = realloc(s->free_ids, cap * sizeof *f);
            if (!f)
                return 0;
            s->free_ids = f;
            s->cap_veh = cap;
        }
        *id = (uint32_t)s->n_veh++;
    }
    s->veh[*id].arrival = s->veh[*id].entered = t;
    return 1;
}

/* Adds the areas under busy servers and queue lengths for the part of [now, t) inside the
 * measured window. */
static void advance(sim *s, double t)
{
    double a = s->now > s->w0 ? s->now : s->w0, b = t < s->w1 ? t : s->w1;
    if (b > a)
        for (size_t i = 0; i < s->p->n_stages; i++) {
            s->st[i].busy_area += s->st[i].busy * (b - a);
            s->st[i].queue_area += (double)s->st[i].len * (b - a);
        }
    s->now = t;
}

static int measured(const sim *s, uint32_t v)
{
    return s->veh[v].arrival >= s->w0 && s->veh[v].arrival < s->w1;
}

static int start_service(sim *s, size_t i, uint32_t v)
{
    stage_state *st = &s->st[i];
    st->busy++;
    if (measured(s, v)) {
        st->wait_sum += s->now - s->veh[v].entered;
        st->waits++;
    }
    return schedule(s, s->now + cor_sim_sample(&s->p->stages[i], &s->rng), (int)i, v);
}

/* Vehicle v reaches stage i: served at once if a server is free, else queued. */
static int enter_stage(sim *s, size_t i, uint32_t v)
{
    stage_state *st = &s->st[i];
    s->veh[v].entered = s->now;
    if (st->busy < s->p->stages[i].servers)
        return start_service(s, i, v);
    if (st->len == st->cap) {
        size_t cap = st->cap ? 2 * st->cap : 64;
        uint32_t *q = malloc(cap * sizeof *q);
        if (!q)
            return 0;
        for (size_t k = 0; k < st->len; k++)
            q[k] = st->q[(st->head + k) % st->cap];
        free(st->q);
        st->q = q;
        st->head = 0;
        st->cap = cap;
    }
    st->q[(st->head + st->len++) % st->cap] = v;
    return 1;
}

static int depart(sim *s, uint32_t v)
{
    if (s->now >= s->w0 && s->now < s->w1)
        s->departures++;
    if (measured(s, v)) {
        if (s->n_dwell == s->cap_dwell) {
            size_t cap = s->cap_dwell ? 2 * s->cap_dwell : 1024;
            double *d = realloc(s->dwell, cap * sizeof *d);
            if (!d)
                return 0;
            s->dwell = d;
            s->cap_dwell = cap;
        }
        s->dwell[s->n_dwell++] = s->now - s->veh[v].arrival;
    }
    s->free_ids[s->n_free++] = v;
    return 1;
}

static double gap_h(sim *s)
{
    double mean = 24.0 / s->p->arrivals_per_day;
    if (s->p->arrivals == COR_ARRIVALS_REGULAR)
        return mean;
    return -mean * cor_repro_log(1 - cor_rng_uniform(&s->rng));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v: the smallest value with at least p of the values at
 * or below it, v[ceil(p n) - 1]. */
static double percentile(const double *v, size_t n, double p)
{
    double r = ceil(p * (double)n);
    size_t k = r < 1 ? 0 : (size_t)r - 1;
    return v[k < n ? k : n - 1];
}

static int replicate(sim *s, const cor_sim_opts *o, unsigned rep, rep_out *out,
                     cor_sim_stage_result *stages)
{
    const cor_sim_post *p = s->p;
    /* a stream per post (border record, or terminal: transfer record with the top bit set)
     * and replication, so that posts never share random numbers */
    uint64_t key = p->terminal ? (0x80000000u | p->transfer) + 1u : (uint32_t)(p->border + 1);
    uint64_t stream = (key << 32) | rep;
    cor_rng_seed(&s->rng, o->seed, stream);
    s->events.n = 0;
    s->seq = 0;
    s->n_veh = s->n_free = s->n_dwell = s->departures = 0;
    s->now = 0;
    s->w0 = o->warmup_days * 24;
    s->w1 = s->w0 + o->run_days * 24;
    for (size_t i = 0; i < p->n_stages; i++) {
        uint32_t *q = s->st[i].q;
        size_t cap = s->st[i].cap;
        memset(&s->st[i], 0, sizeof s->st[i]);
        s->st[i].q = q;
        s->st[i].cap = cap;
    }
    double first = p->arrivals == COR_ARRIVALS_REGULAR ? 0 : gap_h(s);
    if (first < s->w1 && !schedule(s, first, -1, 0))
        return 0;
    while (s->events.n) {
        event e = event_list_pop(&s->events);
        advance(s, e.t);
        if (e.stage < 0) {
            uint32_t v;
            if (!new_vehicle(s, e.t, &v) || !enter_stage(s, 0, v))
                return 0;
            double next = e.t + gap_h(s);
            if (next < s->w1 && !schedule(s, next, -1, 0))
                return 0;
            continue;
        }
        size_t i = (size_t)e.stage;
        stage_state *st = &s->st[i];
        st->busy--;
        if (st->len) {
            uint32_t w = st->q[st->head];
            st->head = (st->head + 1) % st->cap;
            st->len--;
            if (!start_service(s, i, w))
                return 0;
        }
        if (!(i + 1 < p->n_stages ? enter_stage(s, i + 1, e.veh) : depart(s, e.veh)))
            return 0;
    }
    out->n = s->n_dwell;
    if (s->n_dwell) {
        double sum = 0;
        for (size_t k = 0; k < s->n_dwell; k++)
            sum += s->dwell[k];
        out->mean = sum / (double)s->n_dwell;
        qsort(s->dwell, s->n_dwell, sizeof *s->dwell, cmp_double);
        out->p50 = percentile(s->dwell, s->n_dwell, 0.50);
        out->p95 = percentile(s->dwell, s->n_dwell, 0.95);
    }
    double span = s->w1 - s->w0;
    out->per_day = (double)s->departures / (span / 24);
    for (size_t i = 0; i < p->n_stages; i++) {
        stages[i].utilisation = s->st[i].busy_area / span / p->stages[i].servers;
        stages[i].mean_queue = s->st[i].queue_area / span;
        stages[i].mean_wait_h = s->st[i].waits ? s->st[i].wait_sum / (double)s->st[i].waits : 0;
    }
    return 1;
}

/* ---- statistics over replications ---- */

/* Student t quantile t(0.975, df): exact table to df 30, then the Cornish-Fisher expansion
 * z + (z^3 + z) / (4 df) + (5z^5 + 16z^3 + 3z) / (96 df^2) (Abramowitz and Stegun 26.7.5). */
static double t975(unsigned df)
{
    static const double t[31] = {0,      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                 2.306,  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                 2.120,  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                 2.064,  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    if (df <= 30)
        return t[df];
    double z = 1.959964, d = df;
    return z + (z * z * z + z) / (4 * d) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

/* Mean of x[0..n) and the half-width of its 95% confidence interval. */
static void mean_ci(const double *x, size_t n, double *mean, double *ci)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    *mean = sum / (double)n;
    *ci = 0;
    if (n < 2)
        return;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *ci = t975((unsigned)n - 1) * sqrt(ss / (double)(n - 1) / (double)n);
}

static cor_status check(const cor_sim_post *p, const cor_sim_opts *o, cor_err *err)
{
    if (o->replications < 1)
        return cor_err_set(err, COR_ERR_INPUT, "replications: expected at least 1, found 0");
    if (!(o->run_days > 0) || !isfinite(o->run_days))
        return cor_err_set(err, COR_ERR_INPUT, "run days: expected a number > 0, found %g",
                           o->run_days);
    if (!(o->warmup_days >= 0) || !isfinite(o->warmup_days))
        return cor_err_set(err, COR_ERR_INPUT, "warm-up days: expected a number >= 0, found %g",
                           o->warmup_days);
    if (!(p->arrivals_per_day > 0) || !isfinite(p->arrivals_per_day))
        return cor_err_set(err, COR_ERR_INPUT, "arrivals per day: expected a number > 0, found %g",
                           p->arrivals_per_day);
    if (p->n_stages < 1 || p->n_stages > COR_SIM_MAX_STAGES)
        return cor_err_set(err, COR_ERR_INPUT, "stages: expected 1 to %d, found %zu",
                           COR_SIM_MAX_STAGES, p->n_stages);
    if (p->arrivals_per_day * (o->warmup_days + o->run_days) > MAX_VEHICLES)
        return cor_err_set(err, COR_ERR_INPUT, "a replication would create %.0f vehicles (at most "
                           "%.0f): shorten the run", p->arrivals_per_day *
                           (o->warmup_days + o->run_days), MAX_VEHICLES);
    double per_vehicle = 1; /* its arrival; then per stage an end of service and samples */
    for (size_t i = 0; i < p->n_stages; i++)
        per_vehicle += 1 + (p->stages[i].dist == COR_DIST_ERLANG ? p->stages[i].k : 1);
    double work = o->replications * p->arrivals_per_day * (o->warmup_days + o->run_days) *
                  per_vehicle;
    if (work > MAX_WORK)
        return cor_err_set(err, COR_ERR_INPUT, "expected a run of at most %.0f events and "
                           "samples (replications x vehicles x (1 + per stage 1 + its samples, "
                           "k for erlang)), found %.3g: shorten the run, use fewer replications "
                           "or fewer Erlang phases", MAX_WORK, work);
    for (size_t i = 0; i < p->n_stages; i++) {
        const cor_sim_stage *s = &p->stages[i];
        if (s->servers < 1 || s->servers > COR_SIM_MAX_SERVERS || !(s->mean_h > 0) ||
            !isfinite(s->mean_h) || (s->dist == COR_DIST_ERLANG &&
                                     (s->k < 1 || s->k > COR_SIM_MAX_ERLANG_K)) ||
            (s->dist == COR_DIST_LOGNORMAL && !(s->cv > 0 && s->cv <= 100)) ||
            (unsigned)s->dist > COR_DIST_ERLANG)
            return cor_err_set(err, COR_ERR_INPUT, "stage %zu (%s): invalid parameters", i + 1,
                               s->name);
    }
    return COR_OK;
}

/* Allen-Cunneen: Wq(M/G/c) ~ Wq(M/M/c) (ca^2 + cs^2) / 2 (see sim.h). */
static double approx_wait_h(const cor_sim_post *p, size_t i)
{
    const cor_sim_stage *s = &p->stages[i];
    double cs2 = s->dist == COR_DIST_EXPONENTIAL ? 1
                 : s->dist == COR_DIST_DETERMINISTIC ? 0
                 : s->dist == COR_DIST_LOGNORMAL ? s->cv * s->cv
                                                 : 1.0 / s->k;
    double ca2 = i == 0 && p->arrivals == COR_ARRIVALS_REGULAR ? 0 : 1;
    double wq = cor_sim_mmc_wait_h(s->servers, p->arrivals_per_day / 24, s->mean_h);
    /* unstable: infinite even without variability (regular arrivals, deterministic service),
     * where infinity x 0 would be NaN */
    return isinf(wq) ? wq : wq * (ca2 + cs2) / 2;
}

cor_status cor_sim_run_post(const cor_sim_post *p, const cor_sim_opts *o,
                            cor_sim_post_result *out, cor_err *err)
{
    memset(out, 0, sizeof *out);
    cor_status st = check(p, o, err);
    if (st)
        return st;
    size_t R = o->replications, S = p->n_stages;
    sim s = {.p = p};
    rep_out *reps = calloc(R, sizeof *reps);
    cor_sim_stage_result *rs = calloc(R * S, sizeof *rs);
    double *x = calloc(R, sizeof *x);
    s.st = calloc(S, sizeof *s.st);
    out->stages = calloc(S, sizeof *out->stages);
    st = COR_ERR_NOMEM;
    if (!reps || !rs || !x || !s.st || !out->stages)
        goto done;
    for (unsigned r = 0; r < R; r++) {
        if (!replicate(&s, o, r, &reps[r], &rs[r * S]))
            goto done;
        if (reps[r].n == 0) {
            st = cor_err_set(err, COR_ERR_INPUT, "no vehicle arrived in the %g measured days of "
                             "replication %u (%g vehicles a day): lengthen the run",
                             o->run_days, r + 1, p->arrivals_per_day);
            goto done;
        }
        out->vehicles += reps[r].n;
    }
#define SUMMARY(field, mean, ci)                                                             \
    do {                                                                                     \
        for (size_t r = 0; r < R; r++)                                                       \
            x[r] = reps[r].field;                                                            \
        mean_ci(x, R, &(mean), &(ci));                                                       \
    } while (0)
    SUMMARY(mean, out->mean_dwell_h, out->mean_dwell_ci_h);
    SUMMARY(p50, out->p50_dwell_h, out->p50_dwell_ci_h);
    SUMMARY(p95, out->p95_dwell_h, out->p95_dwell_ci_h);
    SUMMARY(per_day, out->throughput_per_day, out->throughput_ci_per_day);
#undef SUMMARY
    out->n_stages = S;
    out->stable = true;
    for (size_t i = 0; i < S; i++) {
        cor_sim_stage_result *a = &out->stages[i];
        for (size_t r = 0; r < R; r++) {
            a->utilisation += rs[r * S + i].utilisation / (double)R;
            a->mean_queue += rs[r * S + i].mean_queue / (double)R;
            a->mean_wait_h += rs[r * S + i].mean_wait_h / (double)R;
        }
        a->offered_load = p->arrivals_per_day / 24 * p->stages[i].mean_h / p->stages[i].servers;
        a->approx_wait_h = approx_wait_h(p, i);
        out->stable &= a->offered_load < 1;
        if (a->utilisation > out->utilisation)
            out->utilisation = a->utilisation;
        out->mean_queue += a->mean_queue;
    }
    st = COR_OK;
done:
    if (st == COR_ERR_NOMEM)
        cor_err_set(err, st, "out of memory");
    if (st != COR_OK) {
        free(out->stages);
        memset(out, 0, sizeof *out);
    }
    for (size_t i = 0; s.st && i < S; i++)
        free(s.st[i].q);
    free(s.st);
    free(s.events.e);
    free(s.veh);
    free(s.free_ids);
    free(s.dwell);
    free(reps);
    free(rs);
    free(x);
    return st;
}

void cor_sim_result_free(cor_sim_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n; i++)
        free(res->posts[i].stages);
    free(res->posts);
    free(res);
}

cor_status cor_sim_run(const cor_sim_plan *plan, const cor_sim_opts *o, cor_sim_result **out,
                       cor_err *err)
{
    *out = NULL;
    cor_sim_result *res = calloc(1, sizeof *res);
    if (!res || (plan->n && !(res->posts = calloc(plan->n, sizeof *res->posts)))) {
        free(res);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < plan->n; i++) {
        cor_status st = cor_sim_run_post(&plan->posts[i], o, &res->posts[i], err);
        if (st == COR_ERR_INPUT && plan->path) {
            /* which post: the stage-1 row of its stages */
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            cor_err_set(err, st, "%s:%ld: %s", plan->path, plan->posts[i].stages[0].line, msg);
        }
        if (st) {
            res->n = i;
            cor_sim_result_free(res);
            return st;
        }
    }
    res->n = plan->n;
    *out = res;
    return COR_OK;
}

void cor_sim_border_dwell(const cor_net *net, const cor_sim_plan *plan,
                          const cor_sim_result *res, double *dwell_h)
{
    size_t nb = cor_net_border_count(net);
    for (size_t b = 0; b < nb; b++)
        dwell_h[b] = NAN;
    /* a `both` record simulated both ways: the mean of the two directions */
    for (size_t b = 0; b < nb; b++) {
        double sum = 0;
        int n = 0;
        for (size_t i = 0; i < plan->n && i < res->n; i++)
            if (!plan->posts[i].terminal && plan->posts[i].border == (int32_t)b) {
                sum += res->posts[i].mean_dwell_h;
                n++;
            }
        if (n)
            dwell_h[b] = sum / n;
    }
}

/* Erlang C by the Erlang B recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), which stays
 * in [0, 1] for any c (no factorials); C = B / (1 - rho (1 - B)), rho = a / c. */
double cor_sim_erlang_c(int c, double a)
{
    if (c < 1 || !(a >= 0) || a >= c)
        return NAN;
    double b = 1;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    double rho = a / c;
    return b / (1 - rho * (1 - b));
}

double cor_sim_mmc_wait_h(int c, double lambda_per_h, double mean_service_h)
{
    double a = lambda_per_h * mean_service_h;
    if (a >= c)
        return INFINITY;
    return cor_sim_erlang_c(c, a) / (c / mean_service_h - lambda_per_h);
}
