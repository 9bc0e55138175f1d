/*
 * Freight user equilibrium on a multimodal network: path-based gradient projection (Jayakrishnan,
 * Tsai, Prashker & Rajadhyaksha 1994) with the multimodal router (border, transfer and gauge
 * costs included) generating the paths, whose flows are kept, so that route shares and country
 * accounts follow. Link hours follow the BPR function (Bureau of Public Roads 1964) of the link
 * volume.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freight/freight_int.h"
#include "util/bpr.h"
#include "util/grow.h"

#define DEFAULT_ALPHA 0.15
#define DEFAULT_BETA 4.0
#define UE_SWEEPS 20 /* gradient projection sweeps over the OD pairs per router pass */

/* The BPR function of link k; NULL-like (cap 0) when the link has no capacity: then its time
 * does not depend on the volume. */
static int link_bpr(const cor_link *k, cor_bpr *f)
{
    if (isnan(k->capacity_tpy) || k->capacity_tpy <= 0)
        return 0;
    *f = (cor_bpr){cor_link_hours(k), isnan(k->bpr_alpha) ? DEFAULT_ALPHA : k->bpr_alpha,
                   isnan(k->bpr_beta) ? DEFAULT_BETA : k->bpr_beta, k->capacity_tpy};
    return 1;
}

double cor_link_congested_hours(const cor_link *k, double v)
{
    cor_bpr f;
    return link_bpr(k, &f) ? cor_bpr_time(&f, v, NULL) : cor_link_hours(k);
}

/* Derivative of the congested hours with respect to the volume v. */
static double hours_slope(const cor_link *k, double v)
{
    cor_bpr f;
    double slope = 0;
    if (link_bpr(k, &f))
        cor_bpr_time(&f, v, &slope);
    return slope;
}

/* Integral from 0 to v of the congested hours. */
static double hours_integral(const cor_link *k, double v)
{
    cor_bpr f;
    if (!link_bpr(k, &f))
        return v > 0 ? cor_link_hours(k) * v : 0;
    return cor_bpr_integral(&f, v);
}

/* The objective of one tonne on link k taking `hours`, and the integral over volume. */
typedef struct link_cost {
    double per_t_usd;   /* usd_per_tkm * km + usd_per_t */
    double km;
} link_cost;

static double link_obj(const cor_route_opts *o, const link_cost *c, double hours)
{
    return cor_objective_of(o, c->per_t_usd, hours, c->km, 1);
}

static double link_obj_integral(const cor_route_opts *o, const link_cost *c, const cor_link *k,
                                double v)
{
    return cor_objective_of(o, c->per_t_usd * v, hours_integral(k, v), c->km * v, 1);
}

/* The part of a route's objective per tonne that does not depend on link volumes: border
 * crossings, transfers and gauge changes. */
static double fixed_per_t(const cor_route_opts *o, const cor_route *rt)
{
    double usd = 0, h = 0;
    for (size_t i = 0; i < rt->n_steps; i++) {
        if (rt->steps[i].kind == COR_STEP_LINK)
            continue;
        usd += rt->steps[i].usd;
        h += rt->steps[i].hours;
    }
    return cor_objective_of(o, usd / o->tonnes, h, 0, 1);
}

static int same_links(const cor_route *a, const cor_route *b)
{
    if (a->n_steps != b->n_steps)
        return 0;
    for (size_t i = 0; i < a->n_steps; i++)
        if (a->steps[i].kind != b->steps[i].kind || a->steps[i].index != b->steps[i].index)
            return 0;
    return 1;
}

static void free_route(cor_route *rt)
{
    free(rt->steps);
    free(rt->countries);
    memset(rt, 0, sizeof *rt);
}

/* A path of one OD pair and its flow, tonnes per year; fixed is the part of its objective per
 * tonne that does not depend on volumes (fixed_per_t). */
typedef struct path_flow {
    cor_route route;
    double flow;
    double fixed;
} path_flow;

typedef struct od_paths {
    path_flow *p;
    size_t n, cap;
    cor_route best;    /* the router's best route at the hours of this iteration */
    int routed;
} od_paths;

typedef struct state {
    const cor_net *net;
    const cor_demand *demand;
    const cor_freight_opts *o;
    cor_route_opts ro;
    cor_router *router;
    size_t n_links, n_od;
    link_cost *lc;
    double *x, *y, *hours;
    double *dn;         /* per link, zero between uses: a shift's link count difference */
    od_paths *od;
    double fx;          /* fixed objective of the current flows, per year */
} state;

/* Best route of every OD pair at the current hours; fills y, returns the fixed part of their
 * objective and adds demand * cost to *sptc. -1 on a failure other than "no route". */
static int all_or_nothing(state *s, double *fy, double *sptc, cor_err *err)
{
    memset(s->y, 0, s->n_links * sizeof *s->y);
    *fy = *sptc = 0;
    for (size_t i = 0; i < s->n_od; i++) {
        od_paths *op = &s->od[i];
        free_route(&op->best);
        if (!op->routed)
            continue;
        const cor_od *od = cor_demand_od(s->demand, i);
        cor_route_set *set = NULL;
        cor_err qerr;
        cor_status st = cor_route_query(s->router, od->from, od->to, &s->ro, &set, &qerr);
        if (st != COR_OK) {
            /* the network does not change between iterations: only memory can fail here */
            cor_err_set(err, st, "%s", qerr.msg);
            return -1;
        }
        op->best = set->routes[0];
        free(set->routes);
        free(set);
        double d = od->tonnes_per_year;
        *sptc += d * cor_objective_per_t(&s->ro, op->best.objective);
        *fy += d * fixed_per_t(&s->ro, &op->best);
        for (size_t k = 0; k < op->best.n_steps; k++)
            if (op->best.steps[k].kind == COR_STEP_LINK)
                s->y[op->best.steps[k].index] += d;
    }
    return 0;
}

static void set_hours(state *s)
{
    for (size_t l = 0; l < s->n_links; l++)
        s->hours[l] = cor_link_congested_hours(cor_net_link(s->net, (uint32_t)l), s->x[l]);
}

/* Adds each OD pair's best route to its paths unless it is there already, with the whole
 * demand when it is the first (the all-or-nothing start), else with no flow. */
static int add_best_routes(state *s)
{
    for (size_t i = 0; i < s->n_od; i++) {
        od_paths *op = &s->od[i];
        if (!op->routed)
            continue;
        size_t k = 0;
        while (k < op->n && !same_links(&op->p[k].route, &op->best))
            k++;
        if (k < op->n)
            continue;
        if (!cor_grow(&op->p, op->n, &op->cap, sizeof *op->p))
            return 0;
        path_flow *p = &op->p[op->n++];
        p->route = op->best;
        p->flow = op->n == 1 ? cor_demand_od(s->demand, i)->tonnes_per_year : 0;
        p->fixed = fixed_per_t(&s->ro, &p->route);
        memset(&op->best, 0, sizeof op->best);
    }
    return 1;
}

/* Link volumes and the fixed objective from the path flows (summed afresh, so that the
 * shifts leave no drift), and the hours at those volumes. */
static void load_paths(state *s)
{
    memset(s->x, 0, s->n_links * sizeof *s->x);
    s->fx = 0;
    for (size_t i = 0; i < s->n_od; i++)
        for (size_t k = 0; k < s->od[i].n; k++) {
            const path_flow *p = &s->od[i].p[k];
            s->fx += p->flow * p->fixed;
            for (size_t j = 0; j < p->route.n_steps; j++)
                if (p->route.steps[j].kind == COR_STEP_LINK)
                    s->x[p->route.steps[j].index] += p->flow;
        }
    set_hours(s);
}

/* Objective per tonne of a path at the current hours. */
static double path_cost(const state *s, const path_flow *p)
{
    double c = p->fixed;
    for (size_t j = 0; j < p->route.n_steps; j++)
        if (p->route.steps[j].kind == COR_STEP_LINK) {
            uint32_t l = p->route.steps[j].index;
            c += link_obj(&s->ro, &s->lc[l], s->hours[l]);
        }
    return c;
}

/* Moves t tonnes per year onto path p (off it for t < 0): link volumes, hours, fixed part. */
static void path_add(state *s, const path_flow *p, double t)
{
    s->fx += t * p->fixed;
    for (size_t j = 0; j < p->route.n_steps; j++)
        if (p->route.steps[j].kind == COR_STEP_LINK) {
            uint32_t l = p->route.steps[j].index;
            s->x[l] = fmax(s->x[l] + t, 0);
            s->hours[l] = cor_link_congested_hours(cor_net_link(s->net, l), s->x[l]);
        }
}

/* Second derivative of the objective along a shift from path p to path q: the sum over links
 * of (times on p - times on q)^2 * d(objective per tonne)/d(volume). */
static double shift_slope(state *s, const path_flow *p, const path_flow *q)
{
    for (size_t j = 0; j < p->route.n_steps; j++)
        if (p->route.steps[j].kind == COR_STEP_LINK)
            s->dn[p->route.steps[j].index] += 1;
    for (size_t j = 0; j < q->route.n_steps; j++)
        if (q->route.steps[j].kind == COR_STEP_LINK)
            s->dn[q->route.steps[j].index] -= 1;
    double scale = s->ro.minimize == COR_MIN_TIME          ? 1
                   : s->ro.minimize == COR_MIN_COST ||
                           s->ro.minimize == COR_MIN_DISTANCE ? 0
                                                              : s->ro.vot_usd_per_t_h;
    double der = 0;
    const cor_route *r2[2] = {&p->route, &q->route};
    for (int w = 0; w < 2; w++)
        for (size_t j = 0; j < r2[w]->n_steps; j++) {
            if (r2[w]->steps[j].kind != COR_STEP_LINK)
                continue;
            uint32_t l = r2[w]->steps[j].index;
            if (s->dn[l] != 0 && scale > 0)
                der += s->dn[l] * s->dn[l] * scale *
                       hours_slope(cor_net_link(s->net, l), s->x[l]);
            s->dn[l] = 0;
        }
    return der;
}

/* The shift t in [0, room] from p to q at which both cost the same, by bisection: for an
 * unbounded derivative (bpr_beta < 1 at zero volume), where Newton's step says nothing. */
static double shift_root(state *s, const path_flow *p, const path_flow *q, double room)
{
    double lo = 0, hi = room;
    for (int it = 0; it < 60; it++) {
        double t = 0.5 * (lo + hi);
        path_add(s, p, -t);
        path_add(s, q, t);
        double diff = path_cost(s, p) - path_cost(s, q);
        path_add(s, q, -t);
        path_add(s, p, t);
        if (diff > 0)
            lo = t;
        else
            hi = t;
    }
    return lo;
}

/* Gradient projection on one OD pair (Jayakrishnan et al. 1994): from every other used path
 * to the cheapest, the Newton step (cost difference / second derivative), at most the path's
 * flow; paths left without flow are dropped. Returns the largest cost difference seen,
 * relative to the cheapest path. */
static double equilibrate_od(state *s, od_paths *op, double demand, double tol)
{
    if (op->n < 2)
        return 0;
    size_t q = 0;
    double cq = path_cost(s, &op->p[0]);
    for (size_t k = 1; k < op->n; k++) {
        double c = path_cost(s, &op->p[k]);
        if (c < cq) {
            cq = c;
            q = k;
        }
    }
    double worst = 0;
    for (size_t k = 0; k < op->n; k++) {
        path_flow *p = &op->p[k];
        if (k == q || !(p->flow > 0))
            continue;
        cq = path_cost(s, &op->p[q]);
        double diff = path_cost(s, p) - cq;
        if (cq > 0 && diff / cq > worst)
            worst = diff / cq;
        if (!(diff > tol * cq))
            continue;
        double der = shift_slope(s, p, &op->p[q]);
        double dx = der > 0 && isfinite(der) ? diff / der
                    : der == 0                  ? p->flow
                                                : shift_root(s, p, &op->p[q], p->flow);
        if (dx >= p->flow - 1e-12 * demand) /* no residue of rounding left behind */
            dx = p->flow;
        path_add(s, p, -dx);
        path_add(s, &op->p[q], dx);
        p->flow -= dx;
        op->p[q].flow += dx;
    }
    size_t n = 0;
    for (size_t k = 0; k < op->n; k++) {
        if (op->p[k].flow > 0 || k == q)
            op->p[n++] = op->p[k];
        else
            free_route(&op->p[k].route);
    }
    op->n = n;
    return worst;
}

static double beckmann(const state *s)
{
    double z = s->fx;
    for (size_t l = 0; l < s->n_links; l++)
        if (s->x[l] > 0) /* links without flow (layers among them) add nothing */
            z += link_obj_integral(&s->ro, &s->lc[l], cor_net_link(s->net, (uint32_t)l), s->x[l]);
    return z;
}

/* Re-costs a stored route's link steps at the final hours. */
static void recost(const state *s, cor_route *rt)
{
    double h = 0, obj = 0;
    for (size_t i = 0; i < rt->n_steps; i++) {
        cor_step *st = &rt->steps[i];
        if (st->kind == COR_STEP_LINK) {
            st->hours = s->hours[st->index];
            obj += link_obj(&s->ro, &s->lc[st->index], st->hours);
        }
        h += st->hours;
    }
    rt->move_hours = h - rt->border_hours - rt->transfer_hours;
    rt->hours = h;
    /* from per tonne back to the route's own unit (per shipment for cost and generalized) */
    rt->objective = (obj + fixed_per_t(&s->ro, rt)) / cor_objective_per_t(&s->ro, 1.0);
}

static int cmp_share(const void *a, const void *b)
{
    double x = ((const cor_od_route *)a)->share, y = ((const cor_od_route *)b)->share;
    return (x < y) - (x > y);
}

static void free_state(state *s)
{
    for (size_t i = 0; s->od && i < s->n_od; i++) {
        for (size_t k = 0; k < s->od[i].n; k++)
            free_route(&s->od[i].p[k].route);
        free(s->od[i].p);
        free_route(&s->od[i].best);
    }
    free(s->od);
    free(s->lc);
    free(s->x);
    free(s->y);
    free(s->hours);
    free(s->dn);
    cor_router_free(s->router);
}

/* Hands the paths over to the result, most used first, and books their tonnes and fees. */
static cor_status hand_over(state *s, cor_freight_result *r, cor_err *err)
{
    for (size_t i = 0; i < s->n_od; i++) {
        od_paths *op = &s->od[i];
        const cor_od *od = cor_demand_od(s->demand, i);
        cor_od_result *res = &r->od[i];
        if (!op->routed) {
            r->tonnes_unrouted += od->tonnes_per_year;
            continue;
        }
        res->routes = calloc(op->n, sizeof *res->routes);
        if (!res->routes)
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        for (size_t k = 0; k < op->n; k++) {
            if (!(op->p[k].flow > 1e-9 * od->tonnes_per_year)) {
                free_route(&op->p[k].route);
                continue;
            }
            cor_od_route *dst = &res->routes[res->n_routes++];
            dst->route = op->p[k].route;
            dst->share = op->p[k].flow / od->tonnes_per_year;
            memset(&op->p[k].route, 0, sizeof op->p[k].route);
            recost(s, &dst->route);
        }
        op->n = 0;
        qsort(res->routes, res->n_routes, sizeof *res->routes, cmp_share);
        res->routed = 1;
        for (size_t k = 0; k < res->n_routes; k++) {
            res->cost_per_t += res->routes[k].share *
                               cor_objective_per_t(&s->ro, res->routes[k].route.objective);
            cor_freight_book(r, s->net, od, &res->routes[k].route,
                             od->tonnes_per_year * res->routes[k].share, s->ro.tonnes);
        }
        r->tonnes_routed += od->tonnes_per_year;
    }
    return COR_OK;
}

cor_status cor_freight_equilibrium(const cor_net *net, const cor_demand *demand,
                                   const cor_freight_opts *o, cor_freight_result *r,
                                   cor_err *err)
{
    state s = {.net = net, .demand = demand, .o = o, .ro = o->route};
    s.n_links = cor_net_link_count(net);
    s.n_od = cor_demand_count(demand);
    s.ro.alternatives = 1;
    s.router = cor_router_new(net);
    s.lc = calloc(s.n_links + 1, sizeof *s.lc);
    s.x = calloc(s.n_links + 1, sizeof *s.x);
    s.y = calloc(s.n_links + 1, sizeof *s.y);
    s.hours = calloc(s.n_links + 1, sizeof *s.hours);
    s.dn = calloc(s.n_links + 1, sizeof *s.dn);
    s.od = calloc(s.n_od + 1, sizeof *s.od);
    r->link_hours = calloc(s.n_links + 1, sizeof *r->link_hours);
    if (!s.router || !s.lc || !s.x || !s.y || !s.hours || !s.dn || !s.od || !r->link_hours) {
        free_state(&s);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    s.ro.link_hours = s.hours;
    for (size_t l = 0; l < s.n_links; l++) {
        const cor_link *k = cor_net_link(net, (uint32_t)l);
        s.lc[l] = (link_cost){k->usd_per_tkm * k->length_km + k->usd_per_t, k->length_km};
        s.hours[l] = cor_link_hours(k);
    }
    /* which OD pairs have a route at all (their message says why not) */
    for (size_t i = 0; i < s.n_od; i++) {
        const cor_od *od = cor_demand_od(demand, i);
        cor_route_set *set = NULL;
        cor_err qerr;
        cor_status st = cor_route_query(s.router, od->from, od->to, &s.ro, &set, &qerr);
        if (st == COR_ERR_NOMEM || st == COR_ERR_INPUT) {
            free_state(&s);
            return cor_err_set(err, st, "%s", qerr.msg);
        }
        s.od[i].routed = st == COR_OK;
        if (st != COR_OK)
            snprintf(r->od[i].message, sizeof r->od[i].message, "%s", qerr.msg);
        cor_route_set_free(set);
    }
    double fy, sptc;
    cor_status st = COR_OK;
    /* the start: all-or-nothing at free-flow hours */
    if (all_or_nothing(&s, &fy, &sptc, err) < 0 || !add_best_routes(&s)) {
        st = err->status ? err->status : COR_ERR_NOMEM;
        goto out;
    }
    r->iterations = 1;
    /* paths are equilibrated to cost differences well below the gap asked for */
    double tol = fmax(o->gap * 0.1, 1e-15);
    for (;;) {
        load_paths(&s);
        if (all_or_nothing(&s, &fy, &sptc, err) < 0) {
            st = err->status;
            goto out;
        }
        double tstc = s.fx;
        for (size_t l = 0; l < s.n_links; l++)
            if (s.x[l] > 0)
                tstc += s.x[l] * link_obj(&s.ro, &s.lc[l], s.hours[l]);
        r->relative_gap = tstc > 0 ? (tstc - sptc) / tstc : 0;
        r->converged = r->relative_gap <= o->gap;
        if (o->progress)
            o->progress(o->progress_ctx, r->iterations, r->relative_gap);
        if (r->converged || r->iterations >= o->max_iter)
            break;
        if (!add_best_routes(&s)) {
            st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
            goto out;
        }
        for (int sweep = 0; sweep < UE_SWEEPS; sweep++) {
            double worst = 0;
            for (size_t i = 0; i < s.n_od; i++)
                if (s.od[i].routed)
                    worst = fmax(worst, equilibrate_od(&s, &s.od[i],
                                                       cor_demand_od(demand, i)->tonnes_per_year,
                                                       tol));
            if (worst <= tol)
                break;
        }
        r->iterations++;
    }
    r->objective = beckmann(&s);
    memcpy(r->link_hours, s.hours, s.n_links * sizeof *s.hours);
    st = hand_over(&s, r, err);
out:
    free_state(&s);
    return st;
}
