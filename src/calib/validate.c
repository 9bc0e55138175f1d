/* `corridor validate`: every observation against the model, with the GEH statistic for flows
 * and the relative error for costs, speeds and times (docs/calibration.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/calib.h"
#include "corridor/route.h"

/* GEH (Geoffrey E. Havers, 1970s; UK DMRB TA 46/97): a count-scaled difference whose usual
 * acceptance threshold (5) applies to hourly or daily vehicle counts, not to tonnes. */
double cor_geh(double m, double c)
{
    return m + c > 0 ? sqrt(2.0 * (m - c) * (m - c) / (m + c)) : 0.0;
}

void cor_validation_free(cor_validation *v)
{
    if (!v)
        return;
    free(v->rows);
    free(v);
}

/* A port's throughput: a route counts where a sea or ferry leg starts or ends at the node (a
 * train or truck that only passes the port is not handled there). */
static bool route_ships_at(const cor_route *r, uint32_t node)
{
    for (size_t s = 0; s < r->n_steps; s++) {
        const cor_step *st = &r->steps[s];
        if (st->kind == COR_STEP_LINK && (st->mode == COR_MODE_SEA || st->mode == COR_MODE_FERRY) &&
            (st->from == node || st->to == node))
            return true;
    }
    return false;
}

static double node_tonnes(const cor_demand *demand, const cor_freight_result *res, uint32_t node)
{
    double t = 0;
    for (size_t i = 0; i < res->n_od; i++) {
        const cor_od *od = cor_demand_od(demand, i);
        const cor_od_result *r = &res->od[i];
        if (!r->routed)
            continue;
        if (od->from == node || od->to == node) {
            t += od->tonnes_per_year;
            continue;
        }
        for (size_t j = 0; j < r->n_routes; j++)
            if (route_ships_at(&r->routes[j].route, node))
                t += r->routes[j].share * od->tonnes_per_year;
    }
    return t;
}

/* The modelled figure of a route measure; false when there is no route. */
static bool route_measure(cor_router *router, const cor_obs *ob, const cor_route_opts *base,
                          double *out, cor_err *err)
{
    cor_route_opts ro = *base;
    ro.modes = ob->modes;
    ro.tonnes = 20;          /* CPMM's reference load: cost per 500 km per 20 t */
    ro.alternatives = 1;
    ro.n_via = 0;
    cor_route_set *set = NULL;
    cor_status st = cor_route_query(router, ob->from, ob->to, &ro, &set, err);
    if (st != COR_OK)
        return false;
    const cor_route *r = &set->routes[0];
    cor_indicators ind;
    cor_route_indicators(r, ro.tonnes, &ind);
    *out = ob->measure == COR_OBS_USD_500KM ? ind.usd_per_500km_20t
           : ob->measure == COR_OBS_SPEED_KMH ? ind.speed_with_delay_kmh
                                              : r->hours;
    cor_route_set_free(set);
    return true;
}

static void summarise(cor_validation *v)
{
    for (int g = 0; g < COR_VAL_GROUPS; g++) {
        cor_validation_summary *s = &v->summary[g];
        double sum_ape = 0;
        memset(s, 0, sizeof *s);
        for (size_t i = 0; i < v->n; i++) {
            const cor_validation_row *row = &v->rows[i];
            if (g != COR_VAL_ALL && row->obs->holdout != (g == COR_VAL_HOLDOUT))
                continue;
            if (cor_obs_is_flow(row->obs)) {
                s->n_flows++;
                s->n_flows_geh5 += row->geh < 5;
            } else {
                s->n_other++;
                double ape = row->routed ? fabs(row->relative_error) : 1.0;
                s->n_other_20pct += ape <= 0.2;
                sum_ape += ape;
            }
        }
        s->share_geh5 = s->n_flows ? (double)s->n_flows_geh5 / (double)s->n_flows : NAN;
        s->mape = s->n_other ? sum_ape / (double)s->n_other : NAN;
    }
    /* the objective over the calibrate group: each term is 1 at its acceptance threshold */
    double flows = 0, other = 0;
    size_t nf = 0, no = 0;
    for (size_t i = 0; i < v->n; i++) {
        const cor_validation_row *row = &v->rows[i];
        if (row->obs->holdout)
            continue;
        if (cor_obs_is_flow(row->obs)) {
            flows += (row->geh / 5) * (row->geh / 5);
            nf++;
        } else {
            double e = row->routed ? row->relative_error : 1.0;
            other += (e / 0.2) * (e / 0.2);
            no++;
        }
    }
    v->objective = (nf ? flows / (double)nf : 0) + (no ? other / (double)no : 0);
}

cor_status cor_validate_run(const cor_net *net, const cor_demand *demand, const cor_obs_set *obs,
                            const cor_freight_opts *o, cor_validation **out, cor_err *err)
{
    *out = NULL;
    cor_freight_result *res = NULL;
    cor_status st = cor_freight_assign(net, demand, o, &res, err);
    if (st != COR_OK)
        return st;
    cor_validation *v = calloc(1, sizeof *v);
    size_t n = cor_obs_count(obs);
    cor_router *router = cor_router_new(net);
    if (v)
        v->rows = calloc(n ? n : 1, sizeof *v->rows);
    if (!v || !v->rows || !router) {
        cor_validation_free(v);
        cor_router_free(router);
        cor_freight_result_free(res);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const cor_obs *ob = cor_obs_get(obs, i);
        cor_validation_row *row = &v->rows[v->n++];
        row->obs = ob;
        row->observed = ob->value;
        row->routed = true;
        row->geh = row->relative_error = row->observed_vpd = row->modelled_vpd = NAN;
        if (ob->measure == COR_OBS_LINK_TONNES) {
            row->modelled = 0;
            for (size_t k = 0; k < ob->n_links; k++)
                row->modelled += res->link_tonnes[ob->links[k]];
        } else if (ob->measure == COR_OBS_NODE_TONNES) {
            row->modelled = node_tonnes(demand, res, ob->from);
        } else {
            cor_err rerr;
            row->routed = route_measure(router, ob, &o->route, &row->modelled, &rerr);
            if (!row->routed)
                row->modelled = NAN;
        }
        row->difference = row->modelled - row->observed;
        if (cor_obs_is_flow(ob)) {
            row->observed_vpd = ob->value / ob->t_per_vehicle / 365.0;
            row->modelled_vpd = row->modelled / ob->t_per_vehicle / 365.0;
            row->geh = cor_geh(row->modelled_vpd, row->observed_vpd);
        } else if (row->routed) {
            row->relative_error = row->difference / row->observed;
        }
    }
    cor_router_free(router);
    cor_freight_result_free(res);
    summarise(v);
    *out = v;
    return COR_OK;
}
