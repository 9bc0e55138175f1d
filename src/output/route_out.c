/* Route output: the leg-by-leg table, JSON (docs/json.md) and GeoJSON. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/report.h"

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

static json_t *node_ref(const cor_net *net, uint32_t v)
{
    const cor_node *n = cor_net_node(net, v);
    return json_pack("{s:s, s:s, s:s}", "id", n->id, "name", n->name, "country", n->country);
}

static json_t *route_json_core(const cor_net *net, const cor_route_opts *o,
                               const cor_route *r, size_t rank)
{
    json_t *legs = json_array(), *borders = json_array(), *transfers = json_array(),
           *countries = json_array();
    double cum_h = 0, cum_usd = 0;
    char cc[8];
    for (size_t i = 0; i < r->n_steps; i++) {
        const cor_step *s = &r->steps[i];
        cum_h += s->hours;
        cum_usd += s->usd;
        const cor_node *a = cor_net_node(net, s->from), *b = cor_net_node(net, s->to);
        if (s->kind == COR_STEP_LINK) {
            const cor_link *k = cor_net_link(net, s->index);
            json_t *leg = json_pack(
                "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:s, s:s}", "from",
                a->name, "to", b->name, "from_id", a->id, "to_id", b->id, "link", k->id, "mode",
                cor_mode_name(s->mode), "country", link_country(net, s, cc, sizeof cc), "km",
                s->km, "hours", s->hours, "usd", s->usd, "cum_hours", cum_h, "cum_usd", cum_usd,
                "status", cor_status_name(k->status), "source", k->source);
            if (leg && s->gauge != COR_GAUGE_NONE)
                json_object_set_new(leg, "gauge_mm", json_string(cor_gauge_name(s->gauge)));
            if (leg && r->has_co2e)
                json_object_set_new(leg, "co2e_kg", json_real(s->co2e_kg));
            json_array_append_new(legs, leg);
        } else if (s->kind == COR_STEP_BORDER) {
            const cor_border *bd = cor_net_border(net, s->index);
            json_array_append_new(
                borders, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s}", "node",
                                   a->id, "node_name", a->name, "to_node", b->id, "to_node_name",
                                   b->name, "from_country", a->country, "to_country", b->country,
                                   "mode", cor_mode_name(s->mode), "hours", s->hours, "usd",
                                   s->usd, "source", bd->source));
        } else {
            const cor_transfer *t = cor_net_transfer(net, s->index);
            const char *kind = t->gauge ? "gauge" : "mode";
            cor_gauge other = s->gauge == COR_GAUGE_1520 ? COR_GAUGE_1435 : COR_GAUGE_1520;
            const char *x = t->gauge ? cor_gauge_name(other) : cor_mode_name(s->mode);
            const char *y = t->gauge ? cor_gauge_name(s->gauge) : cor_mode_name(s->mode_to);
            json_array_append_new(
                transfers, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s}", "node", a->id,
                                     "node_name", a->name, "kind", kind, "from", x, "to", y,
                                     "hours", s->hours, "usd", s->usd, "source", t->source));
        }
    }
    for (size_t i = 0; i < r->n_countries; i++)
        json_array_append_new(countries, json_string(r->countries[i]));
    cor_indicators ind;
    cor_route_indicators(r, o->tonnes, &ind);
    return json_pack("{s:I, s:f, s:{s:f, s:f, s:f, s:f}, s:o, s:o, s:o, s:o, s:{s:f, s:f, s:f, "
                     "s:f, s:f, s:f}}",
                     "rank", (json_int_t)rank, "overlap_with_best", r->overlap_with_best, "total", "km", r->km, "hours", r->hours, "usd",
                     r->usd, "objective", r->objective, "legs", legs, "borders", borders,
                     "transfers", transfers, "countries", countries, "indicators",
                     "border_crossing_hours", ind.border_hours, "border_crossing_usd",
                     ind.border_usd, "speed_without_delay_kmh", ind.speed_without_delay_kmh,
                     "speed_with_delay_kmh", ind.speed_with_delay_kmh, "cost_per_500km_20t_usd",
                     ind.usd_per_500km_20t, "move_hours", r->move_hours);
}

static json_t *route_json(const cor_net *net, const cor_route_opts *o, const cor_route *r,
                          size_t rank)
{
    json_t *j = route_json_core(net, o, r, rank), *total = json_object_get(j, "total");
    if (total && r->has_co2e) /* the route's kg CO2e, when emission factors were applied */
        json_object_set_new(total, "co2e_kg", json_real(r->co2e_kg));
    return j;
}

static json_t *query_json(const cor_net *net, const cor_route_opts *o)
{
    json_t *modes = json_array(), *statuses = json_array(), *avoid = json_array(),
           *via = json_array();
    for (int m = 0; m < COR_MODE_COUNT; m++)
        if (o->modes & COR_TRANSPORT_MODES & COR_MODE_BIT(m))
            json_array_append_new(modes, json_string(cor_mode_name((cor_mode)m)));
    for (int s = 0; s < COR_STATUS_COUNT; s++)
        if (o->statuses & COR_STATUS_BIT(s))
            json_array_append_new(statuses, json_string(cor_status_name((cor_link_status)s)));
    for (size_t i = 0; i < o->n_avoid; i++)
        json_array_append_new(avoid, json_string(o->avoid[i]));
    for (size_t i = 0; i < o->n_via; i++)
        json_array_append_new(via, json_string(cor_net_node(net, o->via[i])->name));
    return json_pack("{s:s, s:f, s:f, s:o, s:o, s:o, s:o, s:I, s:f, s:s}", "minimize",
                     cor_objective_name(o->minimize), "vot_usd_per_t_h", o->vot_usd_per_t_h,
                     "tonnes", o->tonnes, "modes", modes, "statuses", statuses, "avoid", avoid,
                     "via", via, "alternatives", (json_int_t)o->alternatives, "max_overlap",
                     o->max_overlap, "dwell",
                     o->border_dwell_h ? "simulated" : o->dwell == COR_DWELL_P95 ? "p95" : "mean");
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
    json_t *top = route_json(net, o, &set->routes[0], 1);
    json_t *alts = json_array();
    if (!top || !alts) {
        json_decref(top);
        json_decref(alts);
        return NULL;
    }
    for (size_t i = 1; i < set->n; i++)
        json_array_append_new(alts, route_json(net, o, &set->routes[i], i + 1));
    json_object_set_new(top, "from", node_ref(net, from));
    json_object_set_new(top, "to", node_ref(net, to));
    json_t *q = query_json(net, o);
    if (q)
        json_object_set_new(q, "scenario", scenario ? json_string(scenario) : json_null());
    json_object_set_new(top, "query", q);
    json_object_set_new(top, "alternatives", alts);
    json_object_set_new(top, "alternatives_truncated", json_boolean(set->truncated));
    return dump(top);
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
