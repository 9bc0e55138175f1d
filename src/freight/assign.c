/*
 * Freight assignment on a multimodal network: all-or-nothing, or logit shares over the K best
 * different routes (p_i = exp(-theta c_i) / sum_j exp(-theta c_j), c per tonne), and the
 * account of each country as origin, destination and transit (docs/freight.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freight/freight_int.h"

void cor_freight_opts_default(cor_freight_opts *o)
{
    memset(o, 0, sizeof *o);
    cor_route_opts_default(&o->route);
    o->method = COR_FREIGHT_AON;
    o->theta = 0.05;
    o->gap = 1e-4;
    o->max_iter = 500;
}

cor_status cor_freight_method_parse(const char *s, unsigned allowed, cor_freight_method *out,
                                    cor_err *err)
{
    static const char *const names[] = {"aon", "logit", "ue"};
    const char *list[3];
    size_t n = 0;
    for (int m = COR_FREIGHT_AON; m <= COR_FREIGHT_UE; m++)
        if (allowed & COR_FREIGHT_METHOD_BIT(m)) {
            if (strcmp(s, names[m]) == 0) {
                *out = (cor_freight_method)m;
                return COR_OK;
            }
            list[n++] = names[m];
        }
    if (n == 3)
        return cor_err_set(err, COR_ERR_INPUT, "expected %s, %s or %s, found \"%.80s\"", list[0],
                           list[1], list[2], s);
    if (n == 2)
        return cor_err_set(err, COR_ERR_INPUT, "expected %s or %s, found \"%.80s\"", list[0],
                           list[1], s);
    return cor_err_set(err, COR_ERR_INPUT, "expected %s, found \"%.80s\"", n ? list[0] : "",
                       s);
}

/* The numeric freight options and their limits. */
static const struct {
    const char *name;
    double min, max;
    int whole;
} limits[] = {{"theta", 1e-12, 1e12, 0}, {"gap", 0, INFINITY, 0}, {"max_iter", 1, 1e6, 1}};

cor_status cor_freight_opts_set(cor_freight_opts *o, const cor_net *net, const char *name,
                                const char *value, cor_err *err)
{
    if (strcmp(name, "method") == 0)
        return cor_freight_method_parse(value, COR_FREIGHT_METHODS, &o->method, err);
    if (strcmp(name, "routes") == 0)
        return cor_route_opts_set(&o->route, net, "alternatives", value, err);
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        double v;
        if (strcmp(name, limits[i].name) != 0)
            continue;
        cor_status st = cor_number_parse(value, limits[i].min, limits[i].max, limits[i].whole,
                                         &v, err);
        if (st == COR_OK && i == 0)
            o->theta = v;
        else if (st == COR_OK && i == 1)
            o->gap = v;
        else if (st == COR_OK)
            o->max_iter = (unsigned)v;
        return st;
    }
    return cor_route_opts_set(&o->route, net, name, value, err);
}

double cor_objective_per_t(const cor_route_opts *o, double objective)
{
    int per_shipment = o->minimize == COR_MIN_COST || o->minimize == COR_MIN_GENERALIZED;
    return per_shipment ? objective / o->tonnes : objective;
}

void cor_freight_od_free(cor_od_result *od)
{
    for (size_t i = 0; i < od->n_routes; i++) {
        free(od->routes[i].route.steps);
        free(od->routes[i].route.countries);
    }
    free(od->routes);
    od->routes = NULL;
    od->n_routes = 0;
}

void cor_freight_result_free(cor_freight_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_od; i++)
        cor_freight_od_free(&r->od[i]);
    free(r->od);
    free(r->link_tonnes);
    free(r->link_hours);
    free(r->countries);
    free(r);
}

static cor_country_account *account(cor_freight_result *r, const char *cc)
{
    for (size_t i = 0; i < r->n_countries; i++)
        if (strcmp(r->countries[i].country, cc) == 0)
            return &r->countries[i];
    return NULL;
}

static cor_role role_of(const cor_net *net, const cor_od *od, const char *cc)
{
    if (strcmp(cor_net_node(net, od->from)->country, cc) == 0)
        return COR_ROLE_ORIGIN;
    if (strcmp(cor_net_node(net, od->to)->country, cc) == 0)
        return COR_ROLE_DESTINATION;
    return COR_ROLE_TRANSIT;
}

/* Adds `tonnes` per year moving on route rt to the link volumes and the country accounts.
 * Charges of the route are for one shipment of `shipment_t` tonnes: per tonne they are
 * usd / shipment_t. A cross-border link's km and charges, and a crossing's fees, are split
 * half and half between the two countries. */
void cor_freight_book(cor_freight_result *r, const cor_net *net, const cor_od *od,
                      const cor_route *rt, double tonnes, double shipment_t)
{
    for (size_t i = 0; i < rt->n_countries; i++) {
        cor_country_account *a = account(r, rt->countries[i]);
        cor_role role = role_of(net, od, a->country);
        /* a country entered twice (Azerbaijan, then Nakhchivan) counts once per flow */
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= strcmp(rt->countries[j], a->country) == 0;
        if (!seen)
            a->tonnes[role] += tonnes;
    }
    double per_t = tonnes / shipment_t;
    for (size_t i = 0; i < rt->n_steps; i++) {
        const cor_step *s = &rt->steps[i];
        const char *ca = cor_net_node(net, s->from)->country, *cb = cor_net_node(net, s->to)->country;
        cor_country_account *a = account(r, ca), *b = account(r, cb);
        double half = a == b ? 1.0 : 0.5;
        if (s->kind == COR_STEP_LINK)
            r->link_tonnes[s->index] += tonnes;
        a->tonne_km[role_of(net, od, ca)] += half * s->km * tonnes;
        a->fees_usd[role_of(net, od, ca)] += half * s->usd * per_t;
        if (a != b) {
            b->tonne_km[role_of(net, od, cb)] += half * s->km * tonnes;
            b->fees_usd[role_of(net, od, cb)] += half * s->usd * per_t;
        }
    }
}

static int cmp_account(const void *x, const void *y)
{
    return strcmp(((const cor_country_account *)x)->country,
                  ((const cor_country_account *)y)->country);
}

cor_freight_result *cor_freight_result_new(const cor_net *net, const cor_demand *demand)
{
    cor_freight_result *r = calloc(1, sizeof *r);
    size_t n_nodes = cor_net_node_count(net);
    if (!r)
        return NULL;
    r->n_od = cor_demand_count(demand);
    r->n_links = cor_net_link_count(net);
    r->od = calloc(r->n_od + 1, sizeof *r->od);
    r->link_tonnes = calloc(r->n_links + 1, sizeof *r->link_tonnes);
    r->countries = calloc(n_nodes + 1, sizeof *r->countries);
    r->relative_gap = r->objective = NAN;
    if (!r->od || !r->link_tonnes || !r->countries) {
        cor_freight_result_free(r);
        return NULL;
    }
    for (uint32_t v = 0; v < n_nodes; v++) {
        const char *cc = cor_net_node(net, v)->country;
        if (!account(r, cc))
            memcpy(r->countries[r->n_countries++].country, cc, 3);
    }
    qsort(r->countries, r->n_countries, sizeof *r->countries, cmp_account);
    return r;
}

cor_status cor_freight_route_od(cor_router *router, const cor_demand *demand,
                                const cor_freight_opts *o, size_t i, cor_od_result *res,
                                cor_err *err)
{
    memset(res, 0, sizeof *res);
    cor_route_opts ro = o->route;
    if (o->method == COR_FREIGHT_AON)
        ro.alternatives = 1;
    const cor_od *od = cor_demand_od(demand, i);
    cor_route_set *set = NULL;
    cor_err qerr;
    cor_status st = cor_route_query(router, od->from, od->to, &ro, &set, &qerr);
    if (st == COR_ERR_NOMEM || st == COR_ERR_INPUT)
        return cor_err_set(err, st, "%s", qerr.msg);
    if (st != COR_OK) {
        snprintf(res->message, sizeof res->message, "%s", qerr.msg);
        return COR_OK;
    }
    /* take the routes over from the set */
    res->routes = calloc(set->n, sizeof *res->routes);
    if (!res->routes) {
        cor_route_set_free(set);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    double cmin = cor_objective_per_t(&ro, set->routes[0].objective), wsum = 0;
    for (size_t k = 0; k < set->n; k++) {
        res->routes[k].route = set->routes[k];
        double c = cor_objective_per_t(&ro, set->routes[k].objective);
        /* shifted by the cheapest route so that exp() cannot underflow to 0 for all */
        res->routes[k].share = exp(-o->theta * (c - cmin));
        wsum += res->routes[k].share;
    }
    res->n_routes = set->n;
    free(set->routes);
    free(set);
    res->routed = 1;
    for (size_t k = 0; k < res->n_routes; k++) {
        res->routes[k].share /= wsum;
        res->cost_per_t +=
            res->routes[k].share * cor_objective_per_t(&ro, res->routes[k].route.objective);
    }
    return COR_OK;
}

/* Books routed OD flows into r, in demand order (the order fixes the sums bit for bit). */
static void book_all(cor_freight_result *r, const cor_net *net, const cor_demand *demand,
                     const cor_freight_opts *o)
{
    for (size_t i = 0; i < r->n_od; i++) {
        const cor_od *od = cor_demand_od(demand, i);
        const cor_od_result *res = &r->od[i];
        if (!res->routed) {
            r->tonnes_unrouted += od->tonnes_per_year;
            continue;
        }
        for (size_t k = 0; k < res->n_routes; k++)
            cor_freight_book(r, net, od, &res->routes[k].route,
                             od->tonnes_per_year * res->routes[k].share, o->route.tonnes);
        r->tonnes_routed += od->tonnes_per_year;
    }
}

/* All-or-nothing and logit: each OD flow over its best route(s) at the network's own times. */
static cor_status assign_routes(const cor_net *net, const cor_demand *demand,
                                const cor_freight_opts *o, cor_freight_result *r, cor_err *err)
{
    cor_router *router = cor_router_new(net);
    if (!router)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < r->n_od; i++) {
        if (o->cancelled && o->cancelled(o->cancel_ctx)) {
            cor_router_free(router);
            return cor_err_set(err, COR_ERR_CANCELLED, "cancelled");
        }
        cor_status st = cor_freight_route_od(router, demand, o, i, &r->od[i], err);
        if (st != COR_OK) {
            cor_router_free(router);
            return st;
        }
    }
    cor_router_free(router);
    book_all(r, net, demand, o);
    return COR_OK;
}

/* The totals every method shares. */
static void finish(cor_freight_result *r, const cor_net *net)
{
    r->total_travel_time = 0;
    for (size_t l = 0; l < r->n_links; l++)
        if (r->link_tonnes[l] > 0)
            r->total_travel_time +=
                r->link_tonnes[l] *
                (r->link_hours ? r->link_hours[l] : cor_link_hours(cor_net_link(net, (uint32_t)l)));
}

cor_status cor_freight_assemble(const cor_net *net, const cor_demand *demand,
                                const cor_freight_opts *o, cor_od_result *ods,
                                cor_freight_result **out, cor_err *err)
{
    *out = NULL;
    cor_freight_result *r = cor_freight_result_new(net, demand);
    if (!r)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    memcpy(r->od, ods, r->n_od * sizeof *ods);
    memset(ods, 0, r->n_od * sizeof *ods);
    book_all(r, net, demand, o);
    finish(r, net);
    r->converged = o->method != COR_FREIGHT_UE || r->relative_gap <= o->gap;
    *out = r;
    return COR_OK;
}

cor_status cor_freight_assign(const cor_net *net, const cor_demand *demand,
                              const cor_freight_opts *o, cor_freight_result **out, cor_err *err)
{
    *out = NULL;
    if (o->method == COR_FREIGHT_LOGIT && !(o->theta > 0 && isfinite(o->theta)))
        return cor_err_set(err, COR_ERR_INPUT, "theta: expected a number > 0, found %g", o->theta);
    if (o->method == COR_FREIGHT_UE && (!(o->gap >= 0) || o->max_iter < 1))
        return cor_err_set(err, COR_ERR_INPUT, "gap: expected a number >= 0 and max_iter >= 1");
    if (o->route.dwell == COR_DWELL_SIMULATED && !o->route.border_dwell_h)
        return cor_err_set(err, COR_ERR_INPUT, "dwell: simulated applies to single routes "
                                               "(corridor route), not to assignments");
    cor_freight_result *r = cor_freight_result_new(net, demand);
    if (!r)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    cor_status st = o->method == COR_FREIGHT_UE ? cor_freight_equilibrium(net, demand, o, r, err)
                                                : assign_routes(net, demand, o, r, err);
    if (st != COR_OK) {
        cor_freight_result_free(r);
        return st;
    }
    finish(r, net);
    r->converged = o->method != COR_FREIGHT_UE || r->relative_gap <= o->gap;
    *out = r;
    return COR_OK;
}
