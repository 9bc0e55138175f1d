/* Route output: the leg-by-leg table, JSON (docs/json.md) and GeoJSON. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/report.h"
#include "load/csvfile.h" /* cor_utf8_valid */
#include "output/jw.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)

const char *cor_objective_name(cor_objective o)
{
    switch (o) {
    case COR_MIN_TIME: return "time";
    case COR_MIN_COST: return "cost";
    case COR_MIN_DISTANCE: return "distance";
    default: return "generalized";
    }
}

/* Prints s in a column `width` characters wide (UTF-8 aware), cutting it if needed. */
static void put_col(FILE *f, const char *s, int width)
{
    int cols = 0;
    const char *p = s;
    while (*p && cols < width) {
        const char *q = p + 1;
        while ((*q & 0xC0) == 0x80)
            q++;
        if (cols == width - 1 && q[0] && cols + 1 < (int)strlen(s)) {
            fputs("~", f);
            cols++;
            p = q;
            while (*p)
                p++;
            break;
        }
        fwrite(p, 1, (size_t)(q - p), f);
        cols++;
        p = q;
    }
    for (; cols < width; cols++)
        fputc(' ', f);
}

static void describe_query(FILE *f, const cor_route_opts *o)
{
    fprintf(f, "minimize %s", cor_objective_name(o->minimize));
    if (o->minimize == COR_MIN_GENERALIZED)
        fprintf(f, " (USD + %.2f USD/t/h x hours)", o->vot_usd_per_t_h);
    fprintf(f, ", %g t, status ", o->tonnes);
    int first = 1;
    for (int s = 0; s < COR_STATUS_COUNT; s++)
        if (o->statuses & COR_STATUS_BIT(s)) {
            fprintf(f, "%s%s", first ? "" : ",", cor_status_name((cor_link_status)s));
            first = 0;
        }
    fputs(", modes ", f);
    first = 1;
    for (int m = 0; m < COR_MODE_COUNT; m++)
        if (o->modes & COR_TRANSPORT_MODES & COR_MODE_BIT(m)) {
            fprintf(f, "%s%s", first ? "" : ",", cor_mode_name((cor_mode)m));
            first = 0;
        }
    for (size_t i = 0; i < o->n_avoid; i++)
        fprintf(f, "%s%s", i ? "," : ", avoiding ", o->avoid[i]);
    if (o->border_dwell_h)
        fputs(", simulated border dwell where simulated", f);
    else if (o->dwell == COR_DWELL_P95)
        fputs(", p95 border dwell", f);
}

static const char *link_country(const cor_net *net, const cor_step *s, char *buf, size_t n)
{
    const char *a = cor_net_node(net, s->from)->country, *b = cor_net_node(net, s->to)->country;
    if (strcmp(a, b) == 0)
        snprintf(buf, n, "%s", a);
    else
        snprintf(buf, n, "%s/%s", a, b);
    return buf;
}

static void print_route(FILE *f, const cor_net *net, const cor_route_opts *o, const cor_route *r,
                        size_t rank, size_t n)
{
    if (n > 1 && rank > 1)
        fprintf(f, "\nRoute %zu of %zu: %.1f km, %.1f h (%.1f days), %.2f USD; shares %.0f%% of its "
                   "km with route 1\n",
                rank, n, r->km, r->hours, r->hours / 24.0, r->usd, 100 * r->overlap_with_best);
    else if (n > 1)
        fprintf(f, "\nRoute %zu of %zu: %.1f km, %.1f h (%.1f days), %.2f USD\n", rank, n,
                r->km, r->hours, r->hours / 24.0, r->usd);
    else
        fprintf(f, "\nRoute: %.1f km, %.1f h (%.1f days), %.2f USD\n", r->km, r->hours,
                r->hours / 24.0, r->usd);
    fprintf(f, "  %3s  %-22s %-22s %-8s %-7s %8s %8s %10s %8s %10s%s\n", "#", "from", "to", "mode",
            "country", "km", "hours", "USD", "cum h", "cum USD", r->has_co2e ? "    kg CO2e" : "");
    double cum_h = 0, cum_usd = 0;
    int leg = 0;
    char cc[8];
    for (size_t i = 0; i < r->n_steps; i++) {
        const cor_step *s = &r->steps[i];
        cum_h += s->hours;
        cum_usd += s->usd;
        const char *from = cor_net_node(net, s->from)->name, *to = cor_net_node(net, s->to)->name;
        if (s->kind == COR_STEP_LINK) {
            char mode[16];
            snprintf(mode, sizeof mode, "%s%s", cor_mode_name(s->mode),
                     s->gauge == COR_GAUGE_1435 ? "1435" : s->gauge == COR_GAUGE_1520 ? "1520" : "");
            fprintf(f, "  %3d  ", ++leg);
            put_col(f, from, 22);
            fputc(' ', f);
            put_col(f, to, 22);
            fprintf(f, " %-8s %-7s %8.1f %8.2f %10.2f %8.2f %10.2f", mode,
                    link_country(net, s, cc, sizeof cc), s->km, s->hours, s->usd, cum_h, cum_usd);
        } else {
            char what[256];
            if (s->kind == COR_STEP_BORDER)
                snprintf(what, sizeof what, "border %s -> %s (%s): %s -> %s",
                         cor_net_node(net, s->from)->country, cor_net_node(net, s->to)->country,
                         cor_mode_name(s->mode), from, to);
            else if (s->mode == s->mode_to)
                snprintf(what, sizeof what, "gauge change to %s mm at %s",
                         cor_gauge_name(s->gauge), from);
            else
                snprintf(what, sizeof what, "transfer %s -> %s at %s", cor_mode_name(s->mode),
                         cor_mode_name(s->mode_to), from);
            fputs("       ", f);
            put_col(f, what, 62);
            fprintf(f, " %8s %8.2f %10.2f %8.2f %10.2f", "", s->hours, s->usd, cum_h, cum_usd);
        }
        if (r->has_co2e)
            fprintf(f, " %11.1f", s->co2e_kg);
        fputc('\n', f);
    }
    cor_indicators ind;
    cor_route_indicators(r, o->tonnes, &ind);
    fprintf(f, "  total: %.1f km, %.2f h, %.2f USD; %s %.2f\n", r->km, r->hours, r->usd,
            o->minimize == COR_MIN_GENERALIZED ? "generalized cost USD" : "objective",
            r->objective);
    fprintf(f, "  on links %.2f h; border crossings %zu: %.2f h, %.2f USD; transfers %zu: %.2f h, "
               "%.2f USD\n",
            r->move_hours, r->n_borders, r->border_hours, r->border_usd, r->n_transfers,
            r->transfer_hours, r->transfer_usd);
    if (r->has_co2e)
        fprintf(f, "  CO2e %.1f kg well-to-wheel (%.2f kg per tonne; factors of emissions.csv)\n",
                r->co2e_kg, o->tonnes > 0 ? r->co2e_kg / o->tonnes : 0);
    fprintf(f, "  CPMM indicators: speed without delay %.1f km/h, speed with delay %.1f km/h, "
               "cost per 500 km per 20 t %.2f USD\n",
            ind.speed_without_delay_kmh, ind.speed_with_delay_kmh, ind.usd_per_500km_20t);
    fputs("  countries: ", f);
    for (size_t i = 0; i < r->n_countries; i++)
        fprintf(f, "%s%s", i ? " > " : "", r->countries[i]);
    fputc('\n', f);
}

void cor_route_print(FILE *f, const cor_net *net, const char *scenario, uint32_t from,
                     uint32_t to, const cor_route_opts *o, const cor_route_set *set)
{
    fprintf(f, "%s -> %s: ", cor_net_node(net, from)->name, cor_net_node(net, to)->name);
    if (scenario)
        fprintf(f, "scenario %s, ", scenario);
    describe_query(f, o);
    fputc('\n', f);
    for (size_t i = 0; i < set->n; i++)
        print_route(f, net, o, &set->routes[i], i + 1, set->n);
    if (set->truncated)
        fprintf(f, "\nonly %zu loopless routes found within the search limit\n", set->n);
}

/* ---- JSON ---- */

/* The route JSON is written straight into one buffer by the streaming writer (output/jw.h):
 * a named route is answered in a few microseconds, as fast as its search (issue 20). Keys
 * and order are docs/json.md's, the bytes those jansson wrote (tests/data/json/route_*). */

static void node_ref(cor_jw *w, const cor_net *net, const char *key, uint32_t v)
{
    const cor_node *n = cor_net_node(net, v);
    cor_jw_key(w, key);
    cor_jw_obj(w);
    COR_JW_KSTR(w, "id", n->id);
    COR_JW_KSTR(w, "name", n->name);
    COR_JW_KSTR(w, "country", n->country);
    cor_jw_obj_end(w);
}

static void leg_json(cor_jw *w, const cor_net *net, const cor_route *r, const cor_step *s,
                     double cum_h, double cum_usd)
{
    const cor_node *a = cor_net_node(net, s->from), *b = cor_net_node(net, s->to);
    const cor_link *k = cor_net_link(net, s->index);
    char cc[8];
    cor_jw_obj(w);
    COR_JW_KSTR(w, "from", a->name);
    COR_JW_KSTR(w, "to", b->name);
    COR_JW_KSTR(w, "from_id", a->id);
    COR_JW_KSTR(w, "to_id", b->id);
    COR_JW_KSTR(w, "link", k->id);
    COR_JW_KSTR(w, "mode", cor_mode_name(s->mode));
    COR_JW_KSTR(w, "country", link_country(net, s, cc, sizeof cc));
    COR_JW_KREAL(w, "km", s->km);
    COR_JW_KREAL(w, "hours", s->hours);
    COR_JW_KREAL(w, "usd", s->usd);
    COR_JW_KREAL(w, "cum_hours", cum_h);
    COR_JW_KREAL(w, "cum_usd", cum_usd);
    COR_JW_KSTR(w, "status", cor_status_name(k->status));
    COR_JW_KSTR(w, "source", k->source);
    if (s->gauge != COR_GAUGE_NONE)
        COR_JW_KSTR(w, "gauge_mm", cor_gauge_name(s->gauge));
    if (r->has_co2e)
        COR_JW_KREAL(w, "co2e_kg", s->co2e_kg);
    cor_jw_obj_end(w);
}

static void border_json(cor_jw *w, const cor_net *net, const cor_step *s)
{
    const cor_node *a = cor_net_node(net, s->from), *b = cor_net_node(net, s->to);
    cor_jw_obj(w);
    COR_JW_KSTR(w, "node", a->id);
    COR_JW_KSTR(w, "node_name", a->name);
    COR_JW_KSTR(w, "to_node", b->id);
    COR_JW_KSTR(w, "to_node_name", b->name);
    COR_JW_KSTR(w, "from_country", a->country);
    COR_JW_KSTR(w, "to_country", b->country);
    COR_JW_KSTR(w, "mode", cor_mode_name(s->mode));
    COR_JW_KREAL(w, "hours", s->hours);
    COR_JW_KREAL(w, "usd", s->usd);
    COR_JW_KSTR(w, "source", cor_net_border(net, s->index)->source);
    cor_jw_obj_end(w);
}

static void transfer_json(cor_jw *w, const cor_net *net, const cor_step *s)
{
    const cor_node *a = cor_net_node(net, s->from);
    const cor_transfer *t = cor_net_transfer(net, s->index);
    cor_gauge other = s->gauge == COR_GAUGE_1520 ? COR_GAUGE_1435 : COR_GAUGE_1520;
    cor_jw_obj(w);
    COR_JW_KSTR(w, "node", a->id);
    COR_JW_KSTR(w, "node_name", a->name);
    COR_JW_KSTR(w, "kind", t->gauge ? "gauge" : "mode");
    COR_JW_KSTR(w, "from", t->gauge ? cor_gauge_name(other) : cor_mode_name(s->mode));
    COR_JW_KSTR(w, "to", t->gauge ? cor_gauge_name(s->gauge) : cor_mode_name(s->mode_to));
    COR_JW_KREAL(w, "hours", s->hours);
    COR_JW_KREAL(w, "usd", s->usd);
    COR_JW_KSTR(w, "source", t->source);
    cor_jw_obj_end(w);
}

/* The keys of one route, from "rank" to "indicators", inside an object left open. */
static void route_keys(cor_jw *w, const cor_net *net, const cor_route_opts *o,
                       const cor_route *r, size_t rank)
{
    COR_JW_KINT(w, "rank", (long long)rank);
    COR_JW_KREAL(w, "overlap_with_best", r->overlap_with_best);
    COR_JW_KEY(w, "total");
    cor_jw_obj(w);
    COR_JW_KREAL(w, "km", r->km);
    COR_JW_KREAL(w, "hours", r->hours);
    COR_JW_KREAL(w, "usd", r->usd);
    COR_JW_KREAL(w, "objective", r->objective);
    if (r->has_co2e) /* the route's kg CO2e, when emission factors were applied */
        COR_JW_KREAL(w, "co2e_kg", r->co2e_kg);
    cor_jw_obj_end(w);
    /* cumulative figures run over every step, so legs are written in one pass and borders
     * and transfers in one more each */
    COR_JW_KEY(w, "legs");
    cor_jw_arr(w);
    double cum_h = 0, cum_usd = 0;
    for (size_t i = 0; i < r->n_steps; i++) {
        const cor_step *s = &r->steps[i];
        cum_h += s->hours;
        cum_usd += s->usd;
        if (s->kind == COR_STEP_LINK)
            leg_json(w, net, r, s, cum_h, cum_usd);
    }
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "borders");
    cor_jw_arr(w);
    for (size_t i = 0; i < r->n_steps; i++)
        if (r->steps[i].kind == COR_STEP_BORDER)
            border_json(w, net, &r->steps[i]);
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "transfers");
    cor_jw_arr(w);
    for (size_t i = 0; i < r->n_steps; i++)
        if (r->steps[i].kind != COR_STEP_LINK && r->steps[i].kind != COR_STEP_BORDER)
            transfer_json(w, net, &r->steps[i]);
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "countries");
    cor_jw_arr(w);
    for (size_t i = 0; i < r->n_countries; i++)
        cor_jw_str(w, r->countries[i]);
    cor_jw_arr_end(w);
    cor_indicators ind;
    cor_route_indicators(r, o->tonnes, &ind);
    COR_JW_KEY(w, "indicators");
    cor_jw_obj(w);
    COR_JW_KREAL(w, "border_crossing_hours", ind.border_hours);
    COR_JW_KREAL(w, "border_crossing_usd", ind.border_usd);
    COR_JW_KREAL(w, "speed_without_delay_kmh", ind.speed_without_delay_kmh);
    COR_JW_KREAL(w, "speed_with_delay_kmh", ind.speed_with_delay_kmh);
    COR_JW_KREAL(w, "cost_per_500km_20t_usd", ind.usd_per_500km_20t);
    COR_JW_KREAL(w, "move_hours", r->move_hours);
    cor_jw_obj_end(w);
}

static void query_json(cor_jw *w, const cor_net *net, const char *scenario,
                       const cor_route_opts *o)
{
    COR_JW_KEY(w, "query");
    cor_jw_obj(w);
    COR_JW_KSTR(w, "minimize", cor_objective_name(o->minimize));
    COR_JW_KREAL(w, "vot_usd_per_t_h", o->vot_usd_per_t_h);
    COR_JW_KREAL(w, "tonnes", o->tonnes);
    COR_JW_KEY(w, "modes");
    cor_jw_arr(w);
    for (int m = 0; m < COR_MODE_COUNT; m++)
        if (o->modes & COR_TRANSPORT_MODES & COR_MODE_BIT(m))
            cor_jw_str(w, cor_mode_name((cor_mode)m));
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "statuses");
    cor_jw_arr(w);
    for (int s = 0; s < COR_STATUS_COUNT; s++)
        if (o->statuses & COR_STATUS_BIT(s))
            cor_jw_str(w, cor_status_name((cor_link_status)s));
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "avoid");
    cor_jw_arr(w);
    for (size_t i = 0; i < o->n_avoid; i++)
        cor_jw_str(w, o->avoid[i]);
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "via");
    cor_jw_arr(w);
    for (size_t i = 0; i < o->n_via; i++)
        cor_jw_str(w, cor_net_node(net, o->via[i])->name);
    cor_jw_arr_end(w);
    COR_JW_KINT(w, "alternatives", (long long)o->alternatives);
    COR_JW_KREAL(w, "max_overlap", o->max_overlap);
    COR_JW_KSTR(w, "dwell",
                o->border_dwell_h ? "simulated" : o->dwell == COR_DWELL_P95 ? "p95" : "mean");
    /* a scenario given as a path that is not UTF-8 is left out, as jansson left it out */
    if (!scenario || cor_utf8_valid(scenario, strlen(scenario))) {
        COR_JW_KEY(w, "scenario");
        cor_jw_str_or_null(w, scenario);
    }
    cor_jw_obj_end(w);
}

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_FLAGS) : NULL;
    json_decref(j);
    return s;
}

char *cor_route_json(const cor_net *net, const char *scenario, uint32_t from, uint32_t to,
                     const cor_route_opts *o, const cor_route_set *set)
{
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_obj(&w);
    route_keys(&w, net, o, &set->routes[0], 1);
    node_ref(&w, net, "from", from);
    node_ref(&w, net, "to", to);
    query_json(&w, net, scenario, o);
    COR_JW_KEY(&w, "alternatives");
    cor_jw_arr(&w);
    for (size_t i = 1; i < set->n; i++) {
        cor_jw_obj(&w);
        route_keys(&w, net, o, &set->routes[i], i + 1);
        cor_jw_obj_end(&w);
    }
    cor_jw_arr_end(&w);
    COR_JW_KBOOL(&w, "alternatives_truncated", set->truncated);
    cor_jw_obj_end(&w);
    return cor_jw_finish(&w);
}

char *cor_route_geojson(const cor_net *net, const cor_route_set *set)
{
    json_t *features = json_array();
    char cc[8];
    for (size_t r = 0; r < set->n; r++) {
        const cor_route *rt = &set->routes[r];
        for (size_t i = 0; i < rt->n_steps; i++) {
            const cor_step *s = &rt->steps[i];
            if (s->kind != COR_STEP_LINK)
                continue;
            const cor_node *a = cor_net_node(net, s->from), *b = cor_net_node(net, s->to);
            json_array_append_new(
                features,
                json_pack("{s:s, s:{s:s, s:[[f,f],[f,f]]}, s:{s:I, s:s, s:s, s:s, s:s, s:s, s:f, "
                          "s:f, s:f}}",
                          "type", "Feature", "geometry", "type", "LineString", "coordinates",
                          a->lon, a->lat, b->lon, b->lat, "properties", "route",
                          (json_int_t)(r + 1), "from", a->name, "to", b->name, "link",
                          cor_net_link(net, s->index)->id, "mode", cor_mode_name(s->mode),
                          "country", link_country(net, s, cc, sizeof cc), "km", s->km, "hours",
                          s->hours, "usd", s->usd));
        }
    }
    return dump(json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features));
}
