/* Output of coordinate routes on a cor_graph (text, JSON with the keys of the named-node route
 * output plus `snapped`, GeoJSON with each leg's shape) and of distance tables. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/import.h"
#include "corridor/report.h"
#include "output/jw.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)

const char *cor_metric_name(cor_metric m) { return m == COR_METRIC_TIME ? "time" : "distance"; }

const char *cor_algo_name(cor_algo a)
{
    return a == COR_ALGO_CH ? "ch" : a == COR_ALGO_BIDIJKSTRA ? "bidijkstra" : "dijkstra";
}

/* Figures of one arc for a shipment of `tonnes`: the move along its link. */
static void arc_figures(const cor_graph *g, uint32_t a, double tonnes, cor_graph_arc_info *ai,
                        double *km, double *hours, double *usd)
{
    cor_graph_get_arc(g, a, ai);
    *km = ai->len_dm / 1e4;
    *hours = ai->time_ms / 3.6e6;
    *usd = ai->usd_per_tkm * *km * tonnes + ai->usd_per_t * tonnes;
}

/* The border crossing of an arc (its borders.csv dwell and fees, as the named-node router
 * charges them for `tonnes`); 0 h and 0 USD on an arc that crosses no border. */
static void border_figures(const cor_graph_arc_info *ai, double tonnes, double *hours,
                           double *usd)
{
    *hours = ai->dwell_ms / 3.6e6;
    *usd = ai->border_usd_per_t * tonnes +
           ai->border_usd_per_vehicle * cor_vehicles(ai->mode, tonnes);
}

void cor_gpath_totals(const cor_graph *g, const cor_gpath *p, cor_route *r)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < p->n_arcs; i++) {
        cor_graph_arc_info ai;
        double km, h, usd, bh, busd;
        arc_figures(g, p->arcs[i], p->tonnes, &ai, &km, &h, &usd);
        border_figures(&ai, p->tonnes, &bh, &busd);
        r->km += km;
        r->move_hours += h;
        r->usd += usd + busd;
        r->border_hours += bh;
        r->border_usd += busd;
        r->n_borders += ai.border;
    }
    r->hours = r->move_hours + r->border_hours;
    r->objective = p->metric == COR_METRIC_TIME ? r->hours : r->km;
}

static void snapped(cor_jw *w, const cor_graph *g, uint32_t v, double lat, double lon,
                    double dist_m)
{
    cor_graph_node_info ni;
    cor_graph_get_node(g, v, &ni);
    cor_jw_obj(w);
    COR_JW_KREAL(w, "lat", ni.lat);
    COR_JW_KREAL(w, "lon", ni.lon);
    COR_JW_KSTR(w, "node", ni.id);
    COR_JW_KREAL(w, "distance_m", dist_m);
    COR_JW_KREAL(w, "given_lat", lat);
    COR_JW_KREAL(w, "given_lon", lon);
    cor_jw_obj_end(w);
}

/* {"id", "country"} of graph node v */
static void node_ref(cor_jw *w, const cor_graph *g, uint32_t v)
{
    cor_graph_node_info ni;
    cor_graph_get_node(g, v, &ni);
    cor_jw_obj(w);
    COR_JW_KSTR(w, "id", ni.id);
    COR_JW_KSTR(w, "country", ni.country);
    cor_jw_obj_end(w);
}

/* legs, then the borders they cross (no transfers on a graph) and the countries in order */
static void legs_json(cor_jw *w, const cor_graph *g, const cor_gpath *p)
{
    cor_graph_node_info a, b;
    COR_JW_KEY(w, "legs");
    cor_jw_arr(w);
    double cum_h = 0, cum_usd = 0;
    for (size_t i = 0; i < p->n_arcs; i++) {
        cor_graph_arc_info ai;
        double km, h, usd;
        arc_figures(g, p->arcs[i], p->tonnes, &ai, &km, &h, &usd);
        cum_h += h;
        cum_usd += usd;
        cor_graph_get_node(g, ai.from, &a);
        cor_graph_get_node(g, ai.to, &b);
        char cc[8];
        if (strcmp(a.country, b.country) == 0)
            snprintf(cc, sizeof cc, "%s", a.country);
        else
            snprintf(cc, sizeof cc, "%s/%s", a.country, b.country);
        cor_jw_obj(w);
        COR_JW_KSTR(w, "from", a.id);
        COR_JW_KSTR(w, "to", b.id);
        COR_JW_KSTR(w, "link", ai.link_id);
        COR_JW_KSTR(w, "mode", cor_mode_name(ai.mode));
        COR_JW_KSTR(w, "country", cc);
        COR_JW_KSTR(w, "status", "operating");
        COR_JW_KREAL(w, "km", km);
        COR_JW_KREAL(w, "hours", h);
        COR_JW_KREAL(w, "usd", usd);
        COR_JW_KREAL(w, "cum_hours", cum_h);
        COR_JW_KREAL(w, "cum_usd", cum_usd);
        cor_jw_obj_end(w);
        double bh, busd; /* the crossing at the leg's end counts before the next leg */
        border_figures(&ai, p->tonnes, &bh, &busd);
        cum_h += bh;
        cum_usd += busd;
    }
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "borders");
    cor_jw_arr(w);
    for (size_t i = 0; i < p->n_arcs; i++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, p->arcs[i], &ai);
        cor_graph_get_node(g, ai.from, &a);
        cor_graph_get_node(g, ai.to, &b);
        if (strcmp(a.country, b.country) == 0)
            continue;
        double bh, busd;
        border_figures(&ai, p->tonnes, &bh, &busd);
        cor_jw_obj(w);
        COR_JW_KSTR(w, "node", a.id);
        COR_JW_KSTR(w, "to_node", b.id);
        COR_JW_KSTR(w, "from_country", a.country);
        COR_JW_KSTR(w, "to_country", b.country);
        COR_JW_KSTR(w, "mode", cor_mode_name(ai.mode));
        COR_JW_KREAL(w, "hours", bh);
        COR_JW_KREAL(w, "usd", busd);
        cor_jw_obj_end(w);
    }
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "transfers");
    cor_jw_arr(w);
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "countries");
    cor_jw_arr(w);
    if (p->n_arcs == 0) {
        cor_graph_get_node(g, p->from, &a);
        cor_jw_str(w, a.country);
    }
    for (size_t i = 0; i < p->n_arcs; i++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, p->arcs[i], &ai);
        cor_graph_get_node(g, ai.from, &a);
        cor_graph_get_node(g, ai.to, &b);
        if (i == 0)
            cor_jw_str(w, a.country);
        if (strcmp(a.country, b.country) != 0)
            cor_jw_str(w, b.country);
    }
    cor_jw_arr_end(w);
}

/* The keys of the named-node route output (route_out.c), written by the streaming writer. */
char *cor_gpath_json(const cor_graph *g, const cor_gpath *p)
{
    cor_route r;
    cor_gpath_totals(g, p, &r);
    cor_indicators ind;
    cor_route_indicators(&r, p->tonnes, &ind);
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_obj(&w);
    COR_JW_KINT(&w, "rank", 1);
    COR_JW_KEY(&w, "total");
    cor_jw_obj(&w);
    COR_JW_KREAL(&w, "km", r.km);
    COR_JW_KREAL(&w, "hours", r.hours);
    COR_JW_KREAL(&w, "usd", r.usd);
    COR_JW_KREAL(&w, "objective", r.objective);
    cor_jw_obj_end(&w);
    legs_json(&w, g, p);
    COR_JW_KEY(&w, "indicators");
    cor_jw_obj(&w);
    COR_JW_KREAL(&w, "border_crossing_hours", ind.border_hours);
    COR_JW_KREAL(&w, "border_crossing_usd", ind.border_usd);
    COR_JW_KREAL(&w, "speed_without_delay_kmh", ind.speed_without_delay_kmh);
    COR_JW_KREAL(&w, "speed_with_delay_kmh", ind.speed_with_delay_kmh);
    COR_JW_KREAL(&w, "cost_per_500km_20t_usd", ind.usd_per_500km_20t);
    COR_JW_KREAL(&w, "move_hours", r.move_hours);
    cor_jw_obj_end(&w);
    COR_JW_KEY(&w, "alternatives");
    cor_jw_arr(&w);
    cor_jw_arr_end(&w);
    COR_JW_KBOOL(&w, "alternatives_truncated", 0);
    COR_JW_KEY(&w, "snapped");
    cor_jw_obj(&w);
    COR_JW_KEY(&w, "origin");
    snapped(&w, g, p->from, p->from_lat, p->from_lon, p->from_snap_m);
    COR_JW_KEY(&w, "destination");
    snapped(&w, g, p->to, p->to_lat, p->to_lon, p->to_snap_m);
    cor_jw_obj_end(&w);
    COR_JW_KEY(&w, "from");
    node_ref(&w, g, p->from);
    COR_JW_KEY(&w, "to");
    node_ref(&w, g, p->to);
    COR_JW_KEY(&w, "query");
    cor_jw_obj(&w);
    COR_JW_KSTR(&w, "minimize", cor_metric_name(p->metric));
    COR_JW_KSTR(&w, "algorithm", cor_algo_name(p->algo));
    COR_JW_KREAL(&w, "tonnes", p->tonnes);
    cor_jw_obj_end(&w);
    if (cor_graph_is_osm(g))
        COR_JW_KSTR(&w, "attribution", COR_OSM_ATTRIBUTION);
    cor_jw_obj_end(&w);
    return cor_jw_finish(&w);
}

char *cor_gpath_geojson(const cor_graph *g, const cor_gpath *p)
{
    json_t *features = json_array();
    for (size_t i = 0; i < p->n_arcs; i++) {
        cor_graph_arc_info ai;
        double km, h, usd;
        arc_figures(g, p->arcs[i], p->tonnes, &ai, &km, &h, &usd);
        json_t *coords = json_array();
        for (size_t k = 0; k < ai.n_points; k++) {
            double lat, lon;
            cor_graph_get_point(g, p->arcs[i], k, &lat, &lon);
            json_array_append_new(coords, json_pack("[f,f]", lon, lat));
        }
        cor_graph_node_info a, b;
        cor_graph_get_node(g, ai.from, &a);
        cor_graph_get_node(g, ai.to, &b);
        json_array_append_new(
            features,
            json_pack("{s:s, s:{s:s, s:o}, s:{s:I, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:f}}", "type",
                      "Feature", "geometry", "type", "LineString", "coordinates", coords,
                      "properties", "route", (json_int_t)1, "from", a.id, "to", b.id, "link",
                      ai.link_id, "mode", cor_mode_name(ai.mode), "country", a.country, "km", km,
                      "hours", h, "usd", usd));
    }
    json_t *top = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
    if (top && cor_graph_is_osm(g))
        json_object_set_new(top, "attribution", json_string(COR_OSM_ATTRIBUTION));
    char *s = top ? json_dumps(top, JSON_FLAGS) : NULL;
    json_decref(top);
    return s;
}

void cor_gpath_print(FILE *f, const cor_graph *g, const cor_gpath *p)
{
    cor_graph_node_info fn, tn;
    cor_graph_get_node(g, p->from, &fn);
    cor_graph_get_node(g, p->to, &tn);
    fprintf(f, "%.6f,%.6f -> %.6f,%.6f: minimize %s, %g t (%s)\n", p->from_lat, p->from_lon,
            p->to_lat, p->to_lon, cor_metric_name(p->metric), p->tonnes, cor_algo_name(p->algo));
    fprintf(f, "  origin snapped to node %s at %.6f,%.6f (%.1f m away)\n", fn.id, fn.lat, fn.lon,
            p->from_snap_m);
    fprintf(f, "  destination snapped to node %s at %.6f,%.6f (%.1f m away)\n", tn.id, tn.lat,
            tn.lon, p->to_snap_m);
    cor_route r;
    cor_gpath_totals(g, p, &r);
    fprintf(f, "\nRoute: %.2f km, %.2f h, %.2f USD, %zu leg%s\n", r.km, r.hours, r.usd, p->n_arcs,
            p->n_arcs == 1 ? "" : "s");
    fprintf(f, "  %5s  %-14s %-14s %-20s %-6s %8s %8s %8s %9s\n", "#", "from", "to", "link",
            "mode", "km", "hours", "USD", "cum km");
    double cum_km = 0;
    for (size_t i = 0; i < p->n_arcs; i++) {
        cor_graph_arc_info ai;
        double km, h, usd;
        arc_figures(g, p->arcs[i], p->tonnes, &ai, &km, &h, &usd);
        cum_km += km;
        cor_graph_node_info a, b;
        cor_graph_get_node(g, ai.from, &a);
        cor_graph_get_node(g, ai.to, &b);
        fprintf(f, "  %5zu  %-14.14s %-14.14s %-20.20s %-6s %8.3f %8.4f %8.2f %9.3f\n", i + 1, a.id,
                b.id, ai.link_id, cor_mode_name(ai.mode), km, h, usd, cum_km);
        double bh, busd;
        border_figures(&ai, p->tonnes, &bh, &busd);
        char what[32];
        snprintf(what, sizeof what, "border %s -> %s", a.country, b.country);
        if (ai.border)
            fprintf(f, "  %5s  %-66s %8.4f %8.2f\n", "", what, bh, busd);
    }
    fprintf(f, "  total: %.3f km, %.4f h, %.2f USD\n", r.km, r.hours, r.usd);
    if (cor_graph_is_osm(g))
        fprintf(f, "data: %s\n", COR_OSM_ATTRIBUTION);
}

static void table_points(cor_jw *w, const char *key, const cor_graph *g,
                         const cor_table_point *pts, size_t n)
{
    cor_jw_key(w, key);
    cor_jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        cor_graph_node_info ni;
        cor_graph_get_node(g, pts[i].node, &ni);
        cor_jw_obj(w);
        COR_JW_KSTR(w, "id", pts[i].id);
        COR_JW_KREAL(w, "lat", pts[i].lat);
        COR_JW_KREAL(w, "lon", pts[i].lon);
        COR_JW_KSTR(w, "node", ni.id);
        COR_JW_KREAL(w, "snap_m", pts[i].snap_m);
        cor_jw_obj_end(w);
    }
    cor_jw_arr_end(w);
}

/* A table as docs/ch.md gives it, written by the streaming writer: tables are large. */
char *cor_table_json(const cor_graph *g, cor_metric m, const cor_table_point *pts, size_t n_src,
                     size_t n_dst, const uint64_t *d)
{
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_obj(&w);
    COR_JW_KSTR(&w, "minimize", cor_metric_name(m));
    COR_JW_KSTR(&w, "unit", m == COR_METRIC_TIME ? "hours" : "km");
    table_points(&w, "sources", g, pts, n_src);
    table_points(&w, "targets", g, pts + n_src, n_dst);
    COR_JW_KEY(&w, "values");
    cor_jw_arr(&w);
    for (size_t i = 0; i < n_src; i++) {
        cor_jw_arr(&w);
        for (size_t j = 0; j < n_dst; j++) {
            uint64_t x = d[i * n_dst + j];
            if (x == COR_DIST_INF)
                cor_jw_null(&w);
            else
                cor_jw_real(&w, m == COR_METRIC_TIME ? x / 3.6e6 : x / 1e4);
        }
        cor_jw_arr_end(&w);
    }
    cor_jw_arr_end(&w);
    if (cor_graph_is_osm(g))
        COR_JW_KSTR(&w, "attribution", COR_OSM_ATTRIBUTION);
    cor_jw_obj_end(&w);
    return cor_jw_finish(&w);
}

void cor_table_print(FILE *f, const cor_graph *g, cor_metric m, const cor_table_point *pts,
                     size_t n_src, size_t n_dst, const uint64_t *d)
{
    fprintf(f, "%s in %s (rows: sources, columns: targets; - = unreachable)\n",
            m == COR_METRIC_TIME ? "time" : "distance", m == COR_METRIC_TIME ? "hours" : "km");
    fprintf(f, "%-12s", "");
    for (size_t j = 0; j < n_dst; j++)
        fprintf(f, " %10.10s", pts[n_src + j].id);
    fputc('\n', f);
    for (size_t i = 0; i < n_src; i++) {
        fprintf(f, "%-12.12s", pts[i].id);
        for (size_t j = 0; j < n_dst; j++) {
            uint64_t x = d[i * n_dst + j];
            if (x == COR_DIST_INF)
                fprintf(f, " %10s", "-");
            else
                fprintf(f, " %10.3f", m == COR_METRIC_TIME ? x / 3.6e6 : x / 1e4);
        }
        fputc('\n', f);
    }
    if (cor_graph_is_osm(g))
        fprintf(f, "data: %s\n", COR_OSM_ATTRIBUTION);
}
