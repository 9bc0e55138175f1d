/*
 * corridor: writing results for people (text tables) and for programs (JSON, GeoJSON).
 * The JSON keys are documented in docs/json.md and kept stable.
 */
#ifndef CORRIDOR_REPORT_H
#define CORRIDOR_REPORT_H

#include <stdio.h>

#include "corridor/ch.h"
#include "corridor/countries.h"
#include "corridor/dist.h"
#include "corridor/freight.h"
#include "corridor/net.h"
#include "corridor/outlines.h"
#include "corridor/route.h"

/* Prints the routes leg by leg with cumulative hours and USD, totals, border figures, CPMM
 * indicators and countries. scenario: the scenario's name, or NULL. */
void cor_route_print(FILE *f, const cor_net *net, const char *scenario, uint32_t from,
                     uint32_t to, const cor_route_opts *o, const cor_route_set *set);

/* The routes as a JSON object (docs/json.md), or NULL when out of memory. The caller frees
 * the string with free(). scenario: the scenario's name, or NULL. */
char *cor_route_json(const cor_net *net, const char *scenario, uint32_t from, uint32_t to,
                     const cor_route_opts *o, const cor_route_set *set);

/* The routes as a GeoJSON FeatureCollection: one LineString per leg, with the leg's figures
 * and the route's rank as properties. NULL when out of memory; free() the result. */
char *cor_route_geojson(const cor_net *net, const cor_route_set *set);

/* A summary of the network: counts by mode, status and country (text or JSON). */
void cor_net_print_info(FILE *f, const cor_net *net);
char *cor_net_info_json(const cor_net *net);
/* The network as a GeoJSON FeatureCollection for maps: a Point per node (properties kind
 * "node", id, name, country, kinds [], border_post) and a straight LineString per link (kind
 * "link", id, from, to, mode, status, corridors [], length_km, both_ways). NULL when out of
 * memory; free() the result. */
char *cor_net_geojson(const cor_net *net);

/* An assignment: tonnes routed, each OD flow's routes and shares, the country accounts and the
 * most loaded links. scenario may be NULL. */
void cor_freight_print(FILE *f, const cor_net *net, const char *scenario, const cor_demand *d,
                       const cor_freight_opts *o, const cor_freight_result *r);
char *cor_freight_json(const cor_net *net, const char *scenario, const cor_demand *d,
                       const cor_freight_opts *o, const cor_freight_result *r);
/* Link volumes as CSV (link,from,to,mode,status,tonnes,capacity_tpy,vc_ratio) or as a GeoJSON
 * FeatureCollection of the loaded links. */
char *cor_freight_links_csv(const cor_net *net, const cor_freight_result *r);
char *cor_freight_links_geojson(const cor_net *net, const cor_freight_result *r);

/* Two assignments of the same demand on two scenarios, side by side (docs/json.md), with the
 * options both ran with (the unit of the cost per tonne follows o->route.minimize). */
void cor_compare_print(FILE *f, const char *name_a, const cor_net *net_a,
                       const cor_freight_result *a, const char *name_b, const cor_net *net_b,
                       const cor_freight_result *b, const cor_demand *demand_b,
                       const cor_freight_opts *o);
char *cor_compare_json(const char *name_a, const cor_net *net_a, const cor_freight_result *a,
                       const char *name_b, const cor_net *net_b, const cor_freight_result *b,
                       const cor_demand *demand_b);

/* What a comparison report (corridor report) is made of. */
typedef struct cor_html_report {
    const char *net_dir;                 /* for the scenario files' text */
    const char *name_a, *name_b;         /* scenario names (or .ini paths) */
    const cor_net *net_a, *net_b;
    const cor_freight_result *a, *b;     /* the same demand assigned under A and B */
    const cor_demand *demand;
    const char *demand_path;
    const cor_freight_opts *opts;
    const char *version;                 /* written in the footer; may be NULL */
    const struct cor_appraisal *appraisal; /* B appraised against A (corridor/appraise.h), or
                                              NULL for no appraisal section */
    const cor_outlines *outlines;        /* land and borders under the maps, or NULL: none */
    const cor_countries *countries;      /* country names (corridor/countries.h), or NULL:
                                            codes only */
} cor_html_report;

/* One self-contained HTML document (docs/report.md): inline CSS and SVG, no script, nothing
 * to fetch. Maps of the flows under A and B, the country table and bars, Time/Cost-Distance
 * charts of the four largest OD flows, the most loaded links, and the assumptions (the text of
 * each scenario file in A's and B's chains, the demand rows with their sources). Reads the
 * scenario files again. NULL when out of memory; free() the result. */
char *cor_report_html(const cor_html_report *in);

const char *cor_objective_name(cor_objective o);

/* ---- routes between coordinates on a cor_graph (docs/ch.md, docs/json.md) ---- */

/* A path found on a graph, with the points it was asked for and where they snapped. */
typedef struct cor_gpath {
    cor_metric metric;
    cor_algo algo;
    double tonnes;                      /* for the USD figures (usd_per_tkm km T + usd_per_t T) */
    double from_lat, from_lon, to_lat, to_lon;  /* as given */
    uint32_t from, to;                  /* snapped nodes */
    double from_snap_m, to_snap_m;      /* distance from the given point to the node */
    const uint32_t *arcs;               /* the arcs, from -> to (cor_gquery_path) */
    size_t n_arcs;
} cor_gpath;

const char *cor_metric_name(cor_metric m);  /* "time", "distance" */
const char *cor_algo_name(cor_algo a);      /* "dijkstra", "bidijkstra", "ch" */

/* Totals of the path in a cor_route (no steps): km, hours, usd, move_hours, objective. */
void cor_gpath_totals(const cor_graph *g, const cor_gpath *p, cor_route *out);

/* Text: snapping, one line per leg (arc between two graph nodes), totals. */
void cor_gpath_print(FILE *f, const cor_graph *g, const cor_gpath *p);

/* JSON with the keys of cor_route_json() (total, legs, borders, transfers, countries,
 * indicators, alternatives) plus `snapped` {origin, destination} and, for OSM data,
 * `attribution`. NULL when out of memory; free() the result. */
char *cor_gpath_json(const cor_graph *g, const cor_gpath *p);

/* GeoJSON FeatureCollection: one LineString per leg with its full shape. */
char *cor_gpath_geojson(const cor_graph *g, const cor_gpath *p);

/* Tables (cor_table_point and cor_table_snap() are in dist.h): pts holds the n_src sources then the n_dst targets; d is row-major n_src x n_dst
 * (milliseconds or decimetres, COR_DIST_INF unreachable), shown in hours or km. */
char *cor_table_json(const cor_graph *g, cor_metric m, const cor_table_point *pts, size_t n_src,
                     size_t n_dst, const uint64_t *d);
void cor_table_print(FILE *f, const cor_graph *g, cor_metric m, const cor_table_point *pts,
                     size_t n_src, size_t n_dst, const uint64_t *d);

#endif
