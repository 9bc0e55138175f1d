/* Economic appraisal of scenario B against A from two assignments of the same demand: benefits
 * by the rule of a half per OD flow, fee transfers kept out of the economic stream, project
 * costs by year, NPV/EIRR/BCR, sensitivity tests and switching values (docs/appraisal.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/appraise.h"

void cor_appraise_opts_default(cor_appraise_opts *o)
{
    memset(o, 0, sizeof *o);
    o->horizon_years = 30;
    o->discount_rate = 0.09;          /* ADB 2017 guidelines: 9% (6% for some sectors) */
    o->carbon_price_usd_per_t = 36.3; /* ADB 2017: USD 36.30 per t CO2e (2016 prices) */
    o->capital_factor = 1;
}

cor_status cor_appraise_opts_set(cor_appraise_opts *o, const char *name, const char *value,
                                 cor_err *err)
{
    static const struct {
        const char *name;
        double min, max;
        int whole;
    } limits[] = {{"from_year", 1900, 2200, 1},   {"horizon", 1, COR_PROJECT_MAX_YEARS, 1},
                  {"discount", -0.5, 1, 0},       {"carbon_price", 0, 1e6, 0},
                  {"growth", -0.5, 1, 0},         {"elasticity", -10, 0, 0}};
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        if (strcmp(name, limits[i].name) != 0)
            continue;
        double v;
        cor_status st = cor_number_parse(value, limits[i].min, limits[i].max, limits[i].whole,
                                         &v, err);
        if (st != COR_OK)
            return st;
        switch (i) {
        case 0: o->from_year = (int)v; break;
        case 1: o->horizon_years = (int)v; break;
        case 2: o->discount_rate = v; break;
        case 3: o->carbon_price_usd_per_t = v; break;
        case 4: o->growth = v; break;
        default: o->elasticity = v; break;
        }
        return COR_OK;
    }
    return cor_err_set(err, COR_ERR_NOTFOUND, "%s: not an appraisal option", name);
}

void cor_appraisal_free(cor_appraisal *a)
{
    if (!a)
        return;
    free(a->years);
    free(a->countries);
    free(a);
}

/* Per tonne figures of an OD flow under one scenario, averaged over its routes by share. */
typedef struct per_t {
    double hours, usd, fee_usd, co2e_kg;
} per_t;

static per_t od_per_t(const cor_od_result *od, const cor_net *net, const cor_emissions *em,
                      double shipment)
{
    per_t p = {0};
    for (size_t k = 0; k < od->n_routes; k++) {
        const cor_route *r = &od->routes[k].route;
        double w = od->routes[k].share;
        p.hours += w * r->hours;
        p.usd += w * r->usd / shipment;
        p.fee_usd += w * r->border_usd / shipment;
        if (em)
            for (size_t i = 0; i < r->n_steps; i++)
                p.co2e_kg += w * cor_emissions_step_kg(em, net, &r->steps[i], shipment) / shipment;
    }
    return p;
}

static cor_appraise_country *country(cor_appraisal *a, const char *cc)
{
    for (size_t i = 0; i < a->n_countries; i++)
        if (strcmp(a->countries[i].country, cc) == 0)
            return &a->countries[i];
    return NULL;
}

/* Books the border fees and emissions of a flow's routes in each country, with sign. */
static void book_steps(cor_appraisal *a, const cor_net *net, const cor_od_result *od,
                       const cor_emissions *em, double tonnes, double shipment, double sign)
{
    for (size_t k = 0; k < od->n_routes; k++) {
        const cor_route *r = &od->routes[k].route;
        double scale = sign * od->routes[k].share * tonnes / shipment;
        for (size_t i = 0; i < r->n_steps; i++) {
            const cor_step *s = &r->steps[i];
            cor_appraise_country *ca = country(a, cor_net_node(net, s->from)->country);
            cor_appraise_country *cb = country(a, cor_net_node(net, s->to)->country);
            if (!ca || !cb)
                continue;
            double half = ca == cb ? 1.0 : 0.5;
            double fee = s->kind == COR_STEP_BORDER ? s->usd * scale : 0;
            double co2 = em ? cor_emissions_step_kg(em, net, s, shipment) * scale / 1000.0 : 0;
            ca->fee_change_usd += half * fee;
            ca->co2e_change_t += half * co2;
            if (ca != cb) {
                cb->fee_change_usd += half * fee;
                cb->co2e_change_t += half * co2;
            }
        }
    }
}

static int usable(const cor_link *k, const cor_freight_opts *fo)
{
    return (COR_TRANSPORT_MODES & COR_MODE_BIT(k->mode)) &&
           (fo->route.statuses & COR_STATUS_BIT(k->status));
}

static int add_tag(cor_appraisal *a, const char *tag)
{
    for (size_t i = 0; i < a->n_projects; i++)
        if (strcmp(a->projects[i], tag) == 0)
            return 1;
    if (a->n_projects == sizeof a->projects / sizeof *a->projects)
        return 0;
    snprintf(a->projects[a->n_projects++], sizeof a->projects[0], "%s", tag);
    return 1;
}

/* The projects to cost: as given, or the tags of the links B opens that projects.csv knows. */
static cor_status pick_projects(cor_appraisal *a, const cor_net *net_a, const cor_net *net_b,
                                const cor_freight_opts *fo, const cor_projects *ps,
                                const cor_appraise_opts *o, cor_err *err)
{
    for (size_t i = 0; i < o->n_projects; i++) {
        if (!cor_projects_find(ps, o->projects[i]))
            return cor_err_set(err, COR_ERR_INPUT,
                               "project: expected a project of projects.csv, found \"%s\"",
                               o->projects[i]);
        add_tag(a, o->projects[i]);
    }
    if (o->n_projects)
        return COR_OK;
    char opened[512] = "";
    size_t n_links = cor_net_link_count(net_b);
    if (cor_net_link_count(net_a) != n_links)
        return cor_err_set(err, COR_ERR_INPUT, "the two scenarios have different links");
    for (uint32_t i = 0; i < n_links; i++) {
        const cor_link *kb = cor_net_link(net_b, i);
        if (!usable(kb, fo) || usable(cor_net_link(net_a, i), fo))
            continue;
        char tags[1024];
        snprintf(tags, sizeof tags, "%s", kb->corridors);
        char *save = NULL;
        for (char *t = strtok_r(tags, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
            if (cor_projects_find(ps, t)) {
                if (!add_tag(a, t))
                    return cor_err_set(err, COR_ERR_INPUT, "more than 8 projects open");
            } else if (!strstr(opened, t) && strlen(opened) + strlen(t) + 3 < sizeof opened) {
                strcat(opened, opened[0] ? ", " : "");
                strcat(opened, t);
            }
        }
    }
    if (a->n_projects == 0)
        return cor_err_set(err, COR_ERR_INPUT,
                           "no project to cost: B opens no link of a project in projects.csv "
                           "(tags of the links B opens: %s); name one with --project",
                           opened[0] ? opened : "none");
    return COR_OK;
}

/* The yearly stream with capital x cap_f, benefits x ben_f and the opening `delay` years
 * late: fills years (when not NULL), benefits, costs and capital net of residual value (the
 * part of the costs that scales with the capital cost). */
static void build_stream(const cor_appraisal *a, const cor_projects *ps, double cap_f,
                         double ben_f, int delay, cor_appraise_year *years, double *benefits,
                         double *costs, double *capital)
{
    const cor_appraise_opts *o = &a->opts;
    int n = o->horizon_years, last = o->from_year + n - 1;
    for (int t = 0; t < n; t++) {
        int y = o->from_year + t;
        cor_appraise_year yr = {.year = y};
        double g = pow(1 + o->growth, t) * ben_f;
        if (y >= a->opening_year + delay) {
            yr.time_usd = a->time_usd * g;
            yr.cost_usd = a->cost_usd * g;
            yr.induced_fees_usd = a->induced_fees_usd * g;
            yr.emissions_usd = -a->co2e_change_t * o->carbon_price_usd_per_t * g;
        }
        for (size_t i = 0; i < a->n_projects; i++) {
            const cor_project *p = cor_projects_find(ps, a->projects[i]);
            int open = p->opening_year + delay;
            if (y >= p->first_year && y < p->first_year + p->n_years)
                yr.capital_usd += p->capital_usd[y - p->first_year] * o->capital_factor * cap_f;
            if (y >= open && y < open + p->lifetime_years)
                yr.maintenance_usd += p->maintenance_usd_per_year;
            int left = open + p->lifetime_years - (last + 1); /* years of service after */
            if (y == last && p->residual == COR_RESIDUAL_LINEAR && left > 0) {
                double total = 0;
                for (int j = 0; j < p->n_years; j++)
                    total += p->capital_usd[j] * o->capital_factor * cap_f;
                yr.residual_usd += total * (left < p->lifetime_years ? left : p->lifetime_years) /
                                   p->lifetime_years;
            }
        }
        yr.benefits_usd = yr.time_usd + yr.cost_usd + yr.induced_fees_usd + yr.emissions_usd;
        yr.costs_usd = yr.capital_usd + yr.maintenance_usd - yr.residual_usd;
        if (years)
            years[t] = yr;
        benefits[t] = yr.benefits_usd;
        costs[t] = yr.costs_usd;
        capital[t] = yr.capital_usd - yr.residual_usd;
    }
}

static cor_status check_opts(const cor_appraise_opts *o, cor_err *err)
{
    if (o->horizon_years < 1 || o->horizon_years > COR_PROJECT_MAX_YEARS)
        return cor_err_set(err, COR_ERR_INPUT, "horizon: expected 1 to %d years, found %d",
                           COR_PROJECT_MAX_YEARS, o->horizon_years);
    if (!(o->discount_rate > -0.99 && o->discount_rate <= 10))
        return cor_err_set(err, COR_ERR_INPUT, "discount: expected a rate from -0.99 to 10");
    if (!(o->growth > -1 && o->growth <= 10))
        return cor_err_set(err, COR_ERR_INPUT, "growth: expected a rate from -1 to 10");
    if (!(o->carbon_price_usd_per_t >= 0 && o->carbon_price_usd_per_t <= 1e6))
        return cor_err_set(err, COR_ERR_INPUT, "carbon price: expected 0 to 1e6 USD per t");
    if (!(o->elasticity <= 0 && o->elasticity >= -10))
        return cor_err_set(err, COR_ERR_INPUT, "elasticity: expected a number from -10 to 0");
    if (!(o->capital_factor >= 0 && o->capital_factor <= 1e3))
        return cor_err_set(err, COR_ERR_INPUT, "capital factor: expected 0 to 1000");
    if (o->from_year && (o->from_year < 1900 || o->from_year > 2200))
        return cor_err_set(err, COR_ERR_INPUT, "from year: expected 1900 to 2200");
    return COR_OK;
}

cor_status cor_appraise(const cor_net *net_a, const cor_freight_result *ra, const cor_net *net_b,
                        const cor_freight_result *rb, const cor_demand *demand,
                        const cor_freight_opts *fo, const cor_emissions *em,
                        const cor_projects *ps, const cor_appraise_opts *o, cor_appraisal **out,
                        cor_err *err)
{
    *out = NULL;
    cor_status st = check_opts(o, err);
    if (st != COR_OK)
        return st;
    if (ra->n_od != rb->n_od || ra->n_od != cor_demand_count(demand))
        return cor_err_set(err, COR_ERR_INPUT, "the two assignments are of different demands");
    cor_appraisal *a = calloc(1, sizeof *a);
    if (!a)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    a->opts = *o;
    a->has_emissions = em != NULL;
    if ((st = pick_projects(a, net_a, net_b, fo, ps, o, err)) != COR_OK) {
        cor_appraisal_free(a);
        return st;
    }
    int first = 0;
    for (size_t i = 0; i < a->n_projects; i++) {
        const cor_project *p = cor_projects_find(ps, a->projects[i]);
        if (p->opening_year > a->opening_year)
            a->opening_year = p->opening_year;
        int f = p->n_years ? p->first_year : p->opening_year;
        if (!first || f < first)
            first = f;
    }
    if (!a->opts.from_year)
        a->opts.from_year = first;
    if (a->opts.from_year + a->opts.horizon_years - 1 > 2200) {
        cor_appraisal_free(a);
        return cor_err_set(err, COR_ERR_INPUT, "horizon: expected the last year by 2200");
    }

    /* countries: those of both networks' accounts */
    a->countries = calloc(ra->n_countries + rb->n_countries + 1, sizeof *a->countries);
    size_t n_years = (size_t)a->opts.horizon_years;
    a->years = calloc(n_years, sizeof *a->years);
    if (!a->countries || !a->years) {
        cor_appraisal_free(a);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (int side = 0; side < 2; side++) {
        const cor_freight_result *r = side ? rb : ra;
        for (size_t i = 0; i < r->n_countries; i++)
            if (!country(a, r->countries[i].country))
                memcpy(a->countries[a->n_countries++].country, r->countries[i].country, 3);
    }

    /* benefits of the demand year, OD by OD */
    double vot = fo->route.vot_usd_per_t_h, shipment = fo->route.tonnes;
    for (size_t i = 0; i < ra->n_od; i++) {
        const cor_od_result *oa = &ra->od[i], *ob = &rb->od[i];
        const cor_od *od = cor_demand_od(demand, i);
        if (!oa->routed || !ob->routed) {
            a->n_od_skipped += oa->routed != ob->routed;
            continue;
        }
        per_t pa = od_per_t(oa, net_a, em, shipment), pb = od_per_t(ob, net_b, em, shipment);
        double ga = pa.usd + vot * pa.hours, gb = pb.usd + vot * pb.hours;
        double ta = od->tonnes_per_year, tb = ta;
        if (a->opts.elasticity != 0 && ga > 0 && gb > 0)
            tb = ta * pow(gb / ga, a->opts.elasticity);
        double mean_t = 0.5 * (ta + tb); /* rule of a half */
        a->time_usd += mean_t * vot * (pa.hours - pb.hours);
        a->cost_usd += mean_t * ((pa.usd - pa.fee_usd) - (pb.usd - pb.fee_usd));
        a->fee_transfer_usd += mean_t * (pa.fee_usd - pb.fee_usd);
        a->induced_fees_usd += 0.5 * (tb - ta) * (pa.fee_usd + pb.fee_usd);
        a->co2e_change_t += (tb * pb.co2e_kg - ta * pa.co2e_kg) / 1000.0;
        double saving = mean_t * (ga - gb);
        a->shipper_savings_usd += saving;
        if (fabs(ga - gb) > 1e-9 * (fabs(ga) + fabs(gb)) || ta != tb)
            a->n_od_changed++;
        cor_appraise_country *co = country(a, cor_net_node(net_a, od->from)->country);
        cor_appraise_country *cd = country(a, cor_net_node(net_a, od->to)->country);
        if (co)
            co->shipper_savings_usd += 0.5 * saving;
        if (cd)
            cd->shipper_savings_usd += 0.5 * saving;
        book_steps(a, net_b, ob, em, tb, shipment, +1);
        book_steps(a, net_a, oa, em, ta, shipment, -1);
    }

    /* the streams: base and the sensitivity tests */
    double ben[COR_PROJECT_MAX_YEARS], cost[COR_PROJECT_MAX_YEARS], cap[COR_PROJECT_MAX_YEARS];
    static const struct {
        const char *name;
        double cap_f, ben_f;
        int delay;
    } tests[] = {{"base", 1, 1, 0},
                 {"capital +20%", 1.2, 1, 0},
                 {"benefits -20%", 1, 0.8, 0},
                 {"two-year delay", 1, 1, 2}};
    double r = a->opts.discount_rate;
    for (size_t k = 0; k < sizeof tests / sizeof *tests; k++) {
        build_stream(a, ps, tests[k].cap_f, tests[k].ben_f, tests[k].delay, k ? NULL : a->years,
                     ben, cost, cap);
        a->tests[k].name = tests[k].name;
        cor_cashflow_eval(ben, cost, n_years, r, &a->tests[k].cf);
        if (k == 0) {
            a->n_years = n_years;
            a->cf = a->tests[0].cf;
            double pv_cap = cor_npv(cap, n_years, r);
            a->switch_capital = pv_cap > 0 ? a->cf.npv_usd / pv_cap : NAN;
            a->switch_benefits =
                a->cf.pv_benefits_usd > 0 ? a->cf.npv_usd / a->cf.pv_benefits_usd : NAN;
            for (size_t t = 0; t < n_years; t++)
                a->capital_usd += a->years[t].capital_usd;
            int t_open = a->opening_year - a->opts.from_year;
            a->first_year_return = t_open >= 0 && (size_t)t_open < n_years && a->capital_usd > 0
                                       ? ben[t_open] / a->capital_usd
                                       : NAN;
        }
    }
    a->n_tests = sizeof tests / sizeof *tests;
    *out = a;
    return COR_OK;
}
