/* Assignment and scenario comparison output: tables for people, JSON and CSV for programs. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/report.h"
#include "output/account_json.h"
#include "output/jw.h"

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

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_FLAGS) : NULL;
    json_decref(j);
    return s;
}

static void real_or_null(cor_jw *w, double v)
{
    if (isnan(v))
        cor_jw_null(w);
    else
        cor_jw_real(w, v);
}

static void countries_text(char *buf, size_t n, const cor_route *r)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->n_countries && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ">" : "", r->countries[i]);
}

/* the route's countries in order, or null without a route */
static void countries_json(cor_jw *w, const cor_route *r)
{
    if (!r) {
        cor_jw_null(w);
        return;
    }
    cor_jw_arr(w);
    for (size_t i = 0; i < r->n_countries; i++)
        cor_jw_str(w, r->countries[i]);
    cor_jw_arr_end(w);
}

/* A value built as a jansson tree by the code shared with the run history (account_json.c),
 * written as json_dumps writes it. */
static void tree(cor_jw *w, json_t *j)
{
    char *text = j ? json_dumps(j, JSON_FLAGS) : NULL;
    json_decref(j);
    if (!text) {
        w->failed = 1;
        return;
    }
    cor_jw_raw(w, text, strlen(text));
    free(text);
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

static void links_json(cor_jw *w, const cor_net *net, const cor_freight_opts *o,
                       const cor_freight_result *r, size_t n_max)
{
    uint32_t *idx;
    size_t n = top_links(r, n_max, &idx);
    if (!idx)
        w->failed = 1;
    COR_JW_KEY(w, "links");
    cor_jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        const cor_link *k = cor_net_link(net, idx[i]);
        double h = r->link_hours ? r->link_hours[idx[i]] : cor_link_hours(k);
        cor_jw_obj(w);
        COR_JW_KSTR(w, "link", k->id);
        COR_JW_KSTR(w, "from", cor_net_node(net, k->from)->name);
        COR_JW_KSTR(w, "to", cor_net_node(net, k->to)->name);
        COR_JW_KSTR(w, "mode", cor_mode_name(k->mode));
        COR_JW_KREAL(w, "tonnes", r->link_tonnes[idx[i]]);
        COR_JW_KEY(w, "capacity_tpy");
        real_or_null(w, k->capacity_tpy);
        COR_JW_KEY(w, "vc_ratio");
        real_or_null(w, vc_ratio(k, r->link_tonnes[idx[i]]));
        COR_JW_KEY(w, "hours");
        real_or_null(w, h);
        /* the keys of corridor assign --tntp, for tools that read both */
        if (o) {
            COR_JW_KREAL(w, "flow", r->link_tonnes[idx[i]]);
            COR_JW_KEY(w, "cost");
            real_or_null(w, link_cost_per_t(o, k, h));
        }
        cor_jw_obj_end(w);
    }
    cor_jw_arr_end(w);
    free(idx);
}

char *cor_freight_json(const cor_net *net, const char *scenario, const cor_demand *d,
                       const cor_freight_opts *o, const cor_freight_result *r)
{
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_obj(&w);
    COR_JW_KEY(&w, "scenario");
    cor_jw_str_or_null(&w, scenario);
    COR_JW_KSTR(&w, "method", method_name(o->method));
    COR_JW_KSTR(&w, "minimize", cor_objective_name(o->route.minimize));
    COR_JW_KREAL(&w, "tonnes_total", cor_demand_total(d));
    COR_JW_KREAL(&w, "tonnes_routed", r->tonnes_routed);
    COR_JW_KREAL(&w, "tonnes_unrouted", r->tonnes_unrouted);
    COR_JW_KEY(&w, "od");
    cor_jw_arr(&w);
    for (size_t i = 0; i < r->n_od; i++) {
        const cor_od *od = cor_demand_od(d, i);
        const cor_od_result *res = &r->od[i];
        cor_jw_obj(&w);
        COR_JW_KSTR(&w, "from", cor_net_node(net, od->from)->name);
        COR_JW_KSTR(&w, "to", cor_net_node(net, od->to)->name);
        COR_JW_KSTR(&w, "commodity", od->commodity);
        COR_JW_KREAL(&w, "tonnes", od->tonnes_per_year);
        COR_JW_KBOOL(&w, "routed", res->routed);
        COR_JW_KEY(&w, "routes");
        cor_jw_arr(&w);
        for (size_t k = 0; k < res->n_routes; k++) {
            const cor_route *rt = &res->routes[k].route;
            cor_jw_obj(&w);
            COR_JW_KREAL(&w, "share", res->routes[k].share);
            COR_JW_KREAL(&w, "km", rt->km);
            COR_JW_KREAL(&w, "hours", rt->hours);
            COR_JW_KREAL(&w, "usd_per_t", rt->usd / o->route.tonnes);
            COR_JW_KREAL(&w, "objective_per_t", cor_objective_per_t(&o->route, rt->objective));
            COR_JW_KEY(&w, "countries");
            countries_json(&w, rt);
            COR_JW_KEY(&w, "links");
            cor_jw_arr(&w);
            for (size_t s = 0; s < rt->n_steps; s++)
                if (rt->steps[s].kind == COR_STEP_LINK)
                    cor_jw_str(&w, cor_net_link(net, rt->steps[s].index)->id);
            cor_jw_arr_end(&w);
            cor_jw_obj_end(&w);
        }
        cor_jw_arr_end(&w);
        if (!res->routed)
            COR_JW_KSTR(&w, "message", res->message);
        cor_jw_obj_end(&w);
    }
    cor_jw_arr_end(&w);
    COR_JW_KEY(&w, "countries");
    cor_jw_arr(&w);
    for (size_t i = 0; i < r->n_countries; i++)
        tree(&w, cor_account_json(&r->countries[i]));
    cor_jw_arr_end(&w);
    links_json(&w, net, o, r, r->n_links);
    /* the stable keys of corridor assign --tntp; relative_gap and objective are null outside
     * an equilibrium, where they have no meaning */
    COR_JW_KSTR(&w, "algorithm", o->method == COR_FREIGHT_UE ? "gp" : method_name(o->method));
    COR_JW_KINT(&w, "iterations", o->method == COR_FREIGHT_UE ? r->iterations : 1);
    COR_JW_KEY(&w, "converged");
    if (o->method == COR_FREIGHT_UE)
        cor_jw_bool(&w, r->converged);
    else
        cor_jw_null(&w);
    COR_JW_KEY(&w, "relative_gap");
    real_or_null(&w, r->relative_gap);
    COR_JW_KEY(&w, "objective");
    real_or_null(&w, r->objective);
    COR_JW_KREAL(&w, "total_travel_time", r->total_travel_time);
    if (o->method == COR_FREIGHT_LOGIT) {
        COR_JW_KREAL(&w, "theta", o->theta);
        COR_JW_KINT(&w, "routes_per_od", (long long)o->route.alternatives);
    }
    cor_jw_obj_end(&w);
    return cor_jw_finish(&w);
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
 * order of change. */
static void diff_json(cor_jw *w, const cor_net *net, const cor_freight_diff *df)
{
    COR_JW_KSTR(w, "summary", df->summary);
    COR_JW_KEY(w, "country_changes");
    cor_jw_arr(w);
    for (size_t i = 0; i < df->n_countries; i++) {
        const cor_country_change *c = &df->countries[i];
        if (!c->changed)
            continue;
        cor_jw_obj(w);
        COR_JW_KSTR(w, "country", c->country);
        COR_JW_KREAL(w, "a_transit_tonnes", c->transit_tonnes[0]);
        COR_JW_KREAL(w, "b_transit_tonnes", c->transit_tonnes[1]);
        COR_JW_KREAL(w, "transit_tonnes_change", c->transit_tonnes_change);
        COR_JW_KEY(w, "transit_tonnes_change_pct");
        real_or_null(w, c->transit_tonnes_pct);
        COR_JW_KREAL(w, "a_fees_usd", c->fees_usd[0]);
        COR_JW_KREAL(w, "b_fees_usd", c->fees_usd[1]);
        COR_JW_KREAL(w, "fees_usd_change", c->fees_usd_change);
        COR_JW_KEY(w, "fees_usd_change_pct");
        real_or_null(w, c->fees_usd_pct);
        cor_jw_obj_end(w);
    }
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "countries_unchanged");
    cor_jw_arr(w);
    for (size_t i = 0; i < df->n_countries; i++)
        if (!df->countries[i].changed)
            cor_jw_str(w, df->countries[i].country);
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "link_changes");
    cor_jw_arr(w);
    for (size_t i = 0; i < df->n_links; i++) {
        const cor_link_change *c = &df->links[i];
        const cor_link *k = cor_net_link(net, c->link);
        cor_jw_obj(w);
        COR_JW_KSTR(w, "link", k->id);
        COR_JW_KSTR(w, "from", cor_net_node(net, k->from)->name);
        COR_JW_KSTR(w, "to", cor_net_node(net, k->to)->name);
        COR_JW_KSTR(w, "mode", cor_mode_name(k->mode));
        COR_JW_KREAL(w, "a_tonnes", c->tonnes[0]);
        COR_JW_KREAL(w, "b_tonnes", c->tonnes[1]);
        COR_JW_KREAL(w, "change", c->change);
        cor_jw_obj_end(w);
    }
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "od_by_change");
    cor_jw_arr(w);
    for (size_t i = 0; i < df->n_od; i++)
        cor_jw_int(w, (long long)df->od[i]);
    cor_jw_arr_end(w);
    COR_JW_KINT(w, "od_changed", (long long)df->n_changed_od);
}

char *cor_compare_json(const char *name_a, const cor_net *net_a, const cor_freight_result *a,
                       const char *name_b, const cor_net *net_b, const cor_freight_result *b,
                       const cor_demand *d)
{
    cor_freight_diff *df;
    if (cor_freight_compare(a, b, d, &df, NULL) != COR_OK)
        return NULL;
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_obj(&w);
    COR_JW_KSTR(&w, "a", name_a);
    COR_JW_KSTR(&w, "b", name_b);
    COR_JW_KREAL(&w, "tonnes_total", cor_demand_total(d));
    COR_JW_KREAL(&w, "a_tonnes_routed", a->tonnes_routed);
    COR_JW_KREAL(&w, "b_tonnes_routed", b->tonnes_routed);
    COR_JW_KEY(&w, "countries");
    tree(&w, cor_compare_countries_json(a->countries, a->n_countries, b->countries,
                                        b->n_countries));
    COR_JW_KEY(&w, "od");
    cor_jw_arr(&w);
    for (size_t i = 0; i < a->n_od; i++) {
        const cor_od *od = cor_demand_od(d, i);
        const cor_route *ra = main_route(&a->od[i]), *rb = main_route(&b->od[i]);
        cor_jw_obj(&w);
        COR_JW_KSTR(&w, "from", cor_net_node(net_a, od->from)->name);
        COR_JW_KSTR(&w, "to", cor_net_node(net_a, od->to)->name);
        COR_JW_KSTR(&w, "commodity", od->commodity);
        COR_JW_KREAL(&w, "tonnes", od->tonnes_per_year);
        COR_JW_KEY(&w, "a_countries");
        countries_json(&w, ra);
        COR_JW_KEY(&w, "b_countries");
        countries_json(&w, rb);
        COR_JW_KBOOL(&w, "changed", !cor_route_same_countries(ra, rb));
        COR_JW_KEY(&w, "a_cost_per_t");
        if (ra)
            cor_jw_real(&w, a->od[i].cost_per_t);
        else
            cor_jw_null(&w);
        COR_JW_KEY(&w, "b_cost_per_t");
        if (rb)
            cor_jw_real(&w, b->od[i].cost_per_t);
        else
            cor_jw_null(&w);
        cor_jw_obj_end(&w);
    }
    cor_jw_arr_end(&w);
    links_json(&w, net_b, NULL, b, TOP_LINKS);
    diff_json(&w, net_b, df);
    cor_jw_obj_end(&w);
    cor_freight_diff_free(df);
    return cor_jw_finish(&w);
}
