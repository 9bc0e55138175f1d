/* Assignment and scenario comparison output: tables for people, JSON and CSV for programs. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/report.h"
#include "output/account_json.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)
#define TOP_LINKS 10


static const char *method_name(cor_freight_method m)
{
    return m == COR_FREIGHT_LOGIT ? "logit" : m == COR_FREIGHT_UE ? "ue" : "aon";
}


/* The unit of cor_objective_per_t(): generalized cost is USD plus the value of time times
 * hours, USD-equivalent, not money paid */
static const char *per_t_unit(cor_objective o)
{
    return o == COR_MIN_GENERALIZED ? "gen. USD/t" : o == COR_MIN_COST ? "USD/t"
           : o == COR_MIN_TIME      ? "h"          : "km";
}

static double vc_ratio(const cor_link *k, double tonnes)
{
    return isnan(k->capacity_tpy) || k->capacity_tpy <= 0 ? NAN : tonnes / k->capacity_tpy;
}

static json_t *num_or_null(double v) { return isnan(v) ? json_null() : json_real(v); }

static void countries_text(char *buf, size_t n, const cor_route *r)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->n_countries && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ">" : "", r->countries[i]);
}

static json_t *countries_json(const cor_route *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->n_countries; i++)
        json_array_append_new(a, json_string(r->countries[i]));
    return a;
}

typedef struct load {
    double tonnes;
    uint32_t link;
} load;

/* Most loaded first; ties by link index, so that output is reproducible. */
static int cmp_load(const void *x, const void *y)
{
    const load *a = x, *b = y;
    if (a->tonnes != b->tonnes)
        return a->tonnes < b->tonnes ? 1 : -1;
    return (a->link > b->link) - (a->link < b->link);
}

/* The (at most n) most loaded links with tonnes > 0, into *out (malloc'd; NULL when out of
 * memory, with 0 returned). */
static size_t top_links(const cor_freight_result *r, size_t n, uint32_t **out)
{
    load *v = malloc((r->n_links + 1) * sizeof *v);
    uint32_t *idx = malloc((r->n_links + 1) * sizeof *idx);
    *out = idx;
    if (!v || !idx) {
        free(v);
        return 0;
    }
    size_t m = 0;
    for (uint32_t l = 0; l < r->n_links; l++)
        if (r->link_tonnes[l] > 0)
            v[m++] = (load){r->link_tonnes[l], l};
    qsort(v, m, sizeof *v, cmp_load);
    if (m > n)
        m = n;
    for (size_t i = 0; i < m; i++)
        idx[i] = v[i].link;
    free(v);
    return m;
}

void cor_freight_print(FILE *f, const cor_net *net, const char *scenario, const cor_demand *d,
                       const cor_freight_opts *o, const cor_freight_result *r)
{
    fprintf(f, "assignment: scenario %s, %s, minimize %s, %zu OD flows, %.0f t/year; routed %.0f, "
               "no route %.0f\n",
            scenario ? scenario : "(none)",
            o->method == COR_FREIGHT_LOGIT ? "logit"
            : o->method == COR_FREIGHT_UE  ? "user equilibrium"
                                           : "all-or-nothing",
            cor_objective_name(o->route.minimize), r->n_od, cor_demand_total(d), r->tonnes_routed,
            r->tonnes_unrouted);
    if (o->method == COR_FREIGHT_UE)
        fprintf(f, "equilibrium: %u iterations (%s), relative gap %.3g, Beckmann objective "
                   "%.6g\n", r->iterations, r->converged ? "converged" : "stopped by --max-iter",
                r->relative_gap, r->objective);
    fprintf(f, "\n%-22s %-22s %-12s %12s %7s %10s  %s\n", "from", "to", "commodity", "t/year",
            "share", per_t_unit(o->route.minimize), "countries");
    for (size_t i = 0; i < r->n_od; i++) {
        const cor_od *od = cor_demand_od(d, i);
        const cor_od_result *res = &r->od[i];
        const char *a = cor_net_node(net, od->from)->name, *b = cor_net_node(net, od->to)->name;
        if (!res->routed) {
            fprintf(f, "%-22.22s %-22.22s %-12s %12.0f %7s %10s  %s\n", a, b, od->commodity,
                    od->tonnes_per_year, "-", "-", res->message);
            continue;
        }
        for (size_t k = 0; k < res->n_routes; k++) {
            char cc[128];
            countries_text(cc, sizeof cc, &res->routes[k].route);
            fprintf(f, "%-22.22s %-22.22s %-12s %12.0f %6.1f%% %10.2f  %s\n", k ? "" : a,
                    k ? "" : b, k ? "" : od->commodity, od->tonnes_per_year * res->routes[k].share,
                    100 * res->routes[k].share,
                    cor_objective_per_t(&o->route, res->routes[k].route.objective), cc);
        }
    }
    fprintf(f, "\n%-7s %14s %14s %14s %16s %14s %14s\n", "country", "origin t", "dest. t",
            "transit t", "transit t-km", "transit USD", "all USD");
    for (size_t i = 0; i < r->n_countries; i++) {
        const cor_country_account *a = &r->countries[i];
        fprintf(f, "%-7s %14.0f %14.0f %14.0f %16.0f %14.0f %14.0f\n", a->country,
                a->tonnes[COR_ROLE_ORIGIN], a->tonnes[COR_ROLE_DESTINATION],
                a->tonnes[COR_ROLE_TRANSIT], a->tonne_km[COR_ROLE_TRANSIT],
                a->fees_usd[COR_ROLE_TRANSIT], cor_account_fees(a));
    }
    uint32_t *idx;
    size_t n = top_links(r, TOP_LINKS, &idx);
    fprintf(f, "\nmost loaded links:\n%-8s %-22s %-22s %-6s %14s %14s %6s\n", "link", "from", "to",
            "mode", "t/year", "capacity t/y", "v/c");
    for (size_t i = 0; i < n; i++) {
        const cor_link *k = cor_net_link(net, idx[i]);
        double vc = vc_ratio(k, r->link_tonnes[idx[i]]);
        fprintf(f, "%-8s %-22.22s %-22.22s %-6s %14.0f ", k->id, cor_net_node(net, k->from)->name,
                cor_net_node(net, k->to)->name, cor_mode_name(k->mode), r->link_tonnes[idx[i]]);
        if (isnan(vc))
            fprintf(f, "%14s %6s\n", "-", "-");
        else
            fprintf(f, "%14.0f %6.2f\n", k->capacity_tpy, vc);
    }
    free(idx);
}


/* A link's objective per tonne at `hours` (USD, hours or km, as the objective counts). */
static double link_cost_per_t(const cor_freight_opts *o, const cor_link *k, double hours)
{
    double usd = k->usd_per_tkm * k->length_km + k->usd_per_t;
    return cor_objective_of(&o->route, usd, hours, k->length_km, 1);
}

static json_t *links_json(const cor_net *net, const cor_freight_opts *o,
                          const cor_freight_result *r, size_t n_max)
{
    json_t *links = json_array();
    uint32_t *idx;
    size_t n = top_links(r, n_max, &idx);
    for (size_t i = 0; i < n; i++) {
        const cor_link *k = cor_net_link(net, idx[i]);
        double h = r->link_hours ? r->link_hours[idx[i]] : cor_link_hours(k);
        json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:f, s:o, s:o, s:o}", "link", k->id, "from",
                              cor_net_node(net, k->from)->name, "to",
                              cor_net_node(net, k->to)->name, "mode", cor_mode_name(k->mode),
                              "tonnes", r->link_tonnes[idx[i]], "capacity_tpy",
                              num_or_null(k->capacity_tpy), "vc_ratio",
                              num_or_null(vc_ratio(k, r->link_tonnes[idx[i]])), "hours",
                              num_or_null(h));
        /* the keys of corridor assign --tntp, for tools that read both */
        if (j && o) {
            json_object_set_new(j, "flow", json_real(r->link_tonnes[idx[i]]));
            json_object_set_new(j, "cost", num_or_null(link_cost_per_t(o, k, h)));
        }
        json_array_append_new(links, j);
    }
    free(idx);
    return links;
}

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_FLAGS) : NULL;
    json_decref(j);
    return s;
}

char *cor_freight_json(const cor_net *net, const char *scenario, const cor_demand *d,
                       const cor_freight_opts *o, const cor_freight_result *r)
{
    json_t *ods = json_array(), *countries = json_array();
    for (size_t i = 0; i < r->n_od; i++) {
        const cor_od *od = cor_demand_od(d, i);
        const cor_od_result *res = &r->od[i];
        json_t *routes = json_array();
        for (size_t k = 0; k < res->n_routes; k++) {
            const cor_route *rt = &res->routes[k].route;
            json_t *links = json_array();
            for (size_t s = 0; s < rt->n_steps; s++)
                if (rt->steps[s].kind == COR_STEP_LINK)
                    json_array_append_new(links,
                                          json_string(cor_net_link(net, rt->steps[s].index)->id));
            json_array_append_new(
                routes, json_pack("{s:f, s:f, s:f, s:f, s:f, s:o, s:o}", "share",
                                  res->routes[k].share, "km", rt->km, "hours", rt->hours,
                                  "usd_per_t", rt->usd / o->route.tonnes, "objective_per_t",
                                  cor_objective_per_t(&o->route, rt->objective), "countries",
                                  countries_json(rt), "links", links));
        }
        json_t *j = json_pack("{s:s, s:s, s:s, s:f, s:b, s:o}", "from",
                              cor_net_node(net, od->from)->name, "to",
                              cor_net_node(net, od->to)->name, "commodity", od->commodity,
                              "tonnes", od->tonnes_per_year, "routed", res->routed, "routes",
                              routes);
        if (!res->routed)
            json_object_set_new(j, "message", json_string(res->message));
        json_array_append_new(ods, j);
    }
    for (size_t i = 0; i < r->n_countries; i++)
        json_array_append_new(countries, cor_account_json(&r->countries[i]));
    json_t *top = json_pack(
        "{s:o, s:s, s:s, s:f, s:f, s:f, s:o, s:o, s:o}", "scenario",
        scenario ? json_string(scenario) : json_null(), "method", method_name(o->method),
        "minimize",
        cor_objective_name(o->route.minimize), "tonnes_total", cor_demand_total(d),
        "tonnes_routed", r->tonnes_routed, "tonnes_unrouted", r->tonnes_unrouted, "od", ods,
        "countries", countries, "links", links_json(net, o, r, r->n_links));
    if (top) {
        /* the stable keys of corridor assign --tntp; relative_gap and objective are null
         * outside an equilibrium, where they have no meaning */
        json_object_set_new(top, "algorithm", json_string(o->method == COR_FREIGHT_UE ? "gp"
                                                          : method_name(o->method)));
        json_object_set_new(top, "iterations", json_integer(o->method == COR_FREIGHT_UE
                                                                ? r->iterations : 1));
        json_object_set_new(top, "converged", o->method == COR_FREIGHT_UE
                                                  ? json_boolean(r->converged) : json_null());
        json_object_set_new(top, "relative_gap", num_or_null(r->relative_gap));
        json_object_set_new(top, "objective", num_or_null(r->objective));
        json_object_set_new(top, "total_travel_time", json_real(r->total_travel_time));
    }
    if (top && o->method == COR_FREIGHT_LOGIT) {
        json_object_set_new(top, "theta", json_real(o->theta));
        json_object_set_new(top, "routes_per_od", json_integer((json_int_t)o->route.alternatives));
    }
    return dump(top);
}

char *cor_freight_links_csv(const cor_net *net, const cor_freight_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fputs("link,from,to,mode,status,tonnes,capacity_tpy,vc_ratio", f);
    for (uint32_t l = 0; l < r->n_links; l++) {
        const cor_link *k = cor_net_link(net, l);
        double vc = vc_ratio(k, r->link_tonnes[l]);
        fprintf(f, "\n%s,%s,%s,%s,%s,%.3f,", k->id, cor_net_node(net, k->from)->id,
                cor_net_node(net, k->to)->id, cor_mode_name(k->mode), cor_status_name(k->status),
                r->link_tonnes[l]);
        if (!isnan(k->capacity_tpy))
            fprintf(f, "%.0f", k->capacity_tpy);
        fputc(',', f);
        if (!isnan(vc))
            fprintf(f, "%.6f", vc);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

char *cor_freight_links_geojson(const cor_net *net, const cor_freight_result *r)
{
    json_t *features = json_array();
    for (uint32_t l = 0; l < r->n_links; l++) {
        if (!(r->link_tonnes[l] > 0))
            continue;
        const cor_link *k = cor_net_link(net, l);
        const cor_node *a = cor_net_node(net, k->from), *b = cor_net_node(net, k->to);
        json_array_append_new(
            features,
            json_pack("{s:s, s:{s:s, s:[[f,f],[f,f]]}, s:{s:s, s:s, s:s, s:s, s:f, s:o}}", "type",
                      "Feature", "geometry", "type", "LineString", "coordinates", a->lon, a->lat,
                      b->lon, b->lat, "properties", "link", k->id, "from", a->name, "to", b->name,
                      "mode", cor_mode_name(k->mode), "tonnes", r->link_tonnes[l], "vc_ratio",
                      num_or_null(vc_ratio(k, r->link_tonnes[l]))));
    }
    return dump(json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features));
}

/* ---- compare ---- */

/* A change in percent, or "new" when it grew from nothing. */
static const char *pct_text(char *buf, size_t n, double p)
{
    if (isnan(p))
        snprintf(buf, n, "new");
    else
        snprintf(buf, n, "%+.1f%%", p);
    return buf;
}

static const cor_route *main_route(const cor_od_result *res)
{
    return res->routed && res->n_routes ? &res->routes[0].route : NULL;
}

void cor_compare_print(FILE *f, const char *name_a, const cor_net *net_a,
                       const cor_freight_result *a, const char *name_b, const cor_net *net_b,
                       const cor_freight_result *b, const cor_demand *d,
                       const cor_freight_opts *o)
{
    fprintf(f, "compare %s -> %s: %zu OD flows, %.0f t/year (routed: %.0f -> %.0f)\n", name_a,
            name_b, a->n_od, cor_demand_total(d), a->tonnes_routed, b->tonnes_routed);
    cor_freight_diff *df = NULL;
    if (cor_freight_compare(a, b, d, &df, NULL) == COR_OK)
        fprintf(f, "change: %s\n", df->summary);
    fprintf(f, "\nOD flows whose main route changes:\n");
    size_t changed = 0;
    for (size_t i = 0; i < a->n_od; i++) {
        const cor_route *ra = main_route(&a->od[i]), *rb = main_route(&b->od[i]);
        if (cor_route_same_countries(ra, rb))
            continue;
        const cor_od *od = cor_demand_od(d, i);
        char ca[128] = "no route", cb[128] = "no route";
        if (ra)
            countries_text(ca, sizeof ca, ra);
        if (rb)
            countries_text(cb, sizeof cb, rb);
        fprintf(f, "  %-20.20s -> %-20.20s %-12s %10.0f t  %-18s -> %s",
                cor_net_node(net_a, od->from)->name, cor_net_node(net_a, od->to)->name,
                od->commodity, od->tonnes_per_year, ca, cb);
        if (ra && rb)
            fprintf(f, "  (%.1f -> %.1f h, %.2f -> %.2f %s)", ra->hours, rb->hours,
                    a->od[i].cost_per_t, b->od[i].cost_per_t, per_t_unit(o->route.minimize));
        fputc('\n', f);
        changed++;
    }
    if (!changed)
        fprintf(f, "  none\n");
    /* countries by the size of their change, the unchanged ones on one line */
    if (df) {
        char p1[32], p2[32];
        fprintf(f, "\n%-7s %14s %14s %14s %8s %14s %14s %14s %8s\n", "country", "transit t A",
                "transit t B", "change", "%", "fees USD A", "fees USD B", "change", "%");
        for (size_t i = 0; i < df->n_changed_countries; i++) {
            const cor_country_change *c = &df->countries[i];
            fprintf(f, "%-7s %14.0f %14.0f %+14.0f %8s %14.0f %14.0f %+14.0f %8s\n", c->country,
                    c->transit_tonnes[0], c->transit_tonnes[1], c->transit_tonnes_change,
                    pct_text(p1, sizeof p1, c->transit_tonnes_pct), c->fees_usd[0],
                    c->fees_usd[1], c->fees_usd_change, pct_text(p2, sizeof p2, c->fees_usd_pct));
        }
        if (df->n_changed_countries < df->n_countries) {
            fputs("no change:", f);
            for (size_t i = df->n_changed_countries; i < df->n_countries; i++)
                fprintf(f, " %s", df->countries[i].country);
            fputc('\n', f);
        }
    }
    cor_freight_diff_free(df);
    uint32_t *idx;
    size_t n = top_links(b, TOP_LINKS, &idx);
    fprintf(f, "\nmost loaded links in %s:\n", name_b);
    for (size_t i = 0; i < n; i++) {
        const cor_link *k = cor_net_link(net_b, idx[i]);
        double vc = vc_ratio(k, b->link_tonnes[idx[i]]);
        fprintf(f, "  %-8s %-20.20s -> %-20.20s %-6s %12.0f t (was %12.0f)", k->id,
                cor_net_node(net_b, k->from)->name, cor_net_node(net_b, k->to)->name,
                cor_mode_name(k->mode), b->link_tonnes[idx[i]], a->link_tonnes[idx[i]]);
        if (!isnan(vc))
            fprintf(f, "  v/c %.2f", vc);
        fputc('\n', f);
    }
    free(idx);
}

/* compare's keys of what changes (docs/json.md): the summary line, the changed countries in
 * order of change, the unchanged ones, the difference flows per link and the OD flows in
 * order of change; 0 when out of memory. */
static int diff_json(json_t *top, const cor_net *net, const cor_freight_result *a,
                     const cor_freight_result *b, const cor_demand *d)
{
    cor_freight_diff *df;
    if (cor_freight_compare(a, b, d, &df, NULL) != COR_OK)
        return 0;
    json_t *changed = json_array(), *same = json_array(), *links = json_array(),
           *order = json_array();
    for (size_t i = 0; i < df->n_countries; i++) {
        const cor_country_change *c = &df->countries[i];
        if (!c->changed) {
            json_array_append_new(same, json_string(c->country));
            continue;
        }
        json_array_append_new(
            changed, json_pack("{s:s, s:f, s:f, s:f, s:o, s:f, s:f, s:f, s:o}", "country",
                               c->country, "a_transit_tonnes", c->transit_tonnes[0],
                               "b_transit_tonnes", c->transit_tonnes[1], "transit_tonnes_change",
                               c->transit_tonnes_change, "transit_tonnes_change_pct",
                               num_or_null(c->transit_tonnes_pct), "a_fees_usd", c->fees_usd[0],
                               "b_fees_usd", c->fees_usd[1], "fees_usd_change",
                               c->fees_usd_change, "fees_usd_change_pct",
                               num_or_null(c->fees_usd_pct)));
    }
    for (size_t i = 0; i < df->n_links; i++) {
        const cor_link_change *c = &df->links[i];
        const cor_link *k = cor_net_link(net, c->link);
        json_array_append_new(
            links, json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:f}", "link", k->id, "from",
                             cor_net_node(net, k->from)->name, "to",
                             cor_net_node(net, k->to)->name, "mode", cor_mode_name(k->mode),
                             "a_tonnes", c->tonnes[0], "b_tonnes", c->tonnes[1], "change",
                             c->change));
    }
    for (size_t i = 0; i < df->n_od; i++)
        json_array_append_new(order, json_integer((json_int_t)df->od[i]));
    /* every value is handed over (set_new frees it even when it fails): no short cut */
    int failed = 0;
    failed += json_object_set_new(top, "summary", json_string(df->summary)) != 0;
    failed += json_object_set_new(top, "country_changes", changed) != 0;
    failed += json_object_set_new(top, "countries_unchanged", same) != 0;
    failed += json_object_set_new(top, "link_changes", links) != 0;
    failed += json_object_set_new(top, "od_by_change", order) != 0;
    failed += json_object_set_new(top, "od_changed", json_integer((json_int_t)df->n_changed_od)) != 0;
    int ok = !failed;
    cor_freight_diff_free(df);
    return ok;
}

char *cor_compare_json(const char *name_a, const cor_net *net_a, const cor_freight_result *a,
                       const char *name_b, const cor_net *net_b, const cor_freight_result *b,
                       const cor_demand *d)
{
    json_t *countries =
               cor_compare_countries_json(a->countries, a->n_countries, b->countries, b->n_countries),
           *ods = json_array();
    for (size_t i = 0; i < a->n_od; i++) {
        const cor_od *od = cor_demand_od(d, i);
        const cor_route *ra = main_route(&a->od[i]), *rb = main_route(&b->od[i]);
        json_array_append_new(
            ods, json_pack("{s:s, s:s, s:s, s:f, s:o, s:o, s:b, s:o, s:o}", "from",
                           cor_net_node(net_a, od->from)->name, "to",
                           cor_net_node(net_a, od->to)->name, "commodity", od->commodity,
                           "tonnes", od->tonnes_per_year, "a_countries",
                           ra ? countries_json(ra) : json_null(), "b_countries",
                           rb ? countries_json(rb) : json_null(), "changed",
                           !cor_route_same_countries(ra, rb), "a_cost_per_t",
                           ra ? json_real(a->od[i].cost_per_t) : json_null(), "b_cost_per_t",
                           rb ? json_real(b->od[i].cost_per_t) : json_null()));
    }
    json_t *top = json_pack("{s:s, s:s, s:f, s:f, s:f, s:o, s:o, s:o}", "a", name_a, "b", name_b,
                            "tonnes_total", cor_demand_total(d), "a_tonnes_routed",
                            a->tonnes_routed, "b_tonnes_routed", b->tonnes_routed, "countries",
                            countries, "od", ods, "links", links_json(net_b, NULL, b, TOP_LINKS));
    if (top && !diff_json(top, net_b, a, b, d)) {
        json_decref(top);
        top = NULL;
    }
    return dump(top);
}
