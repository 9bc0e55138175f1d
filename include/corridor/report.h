/*
 * corridor: writing results for people (text tables) and for programs (JSON, GeoJSON).
 * The JSON keys are documented in docs/json.md and kept stable.
 */
#ifndef CORRIDOR_REPORT_H
#define CORRIDOR_REPORT_H

#include <stdio.h>

#include "corridor/ch.h"
#include "corridor/net.h"
#include "corridor/route.h"

/* Prints the routes leg by leg with cumulative hours and USD, totals, border figures, CPMM
 * indicators and countries. */
void cor_route_print(FILE *f, const cor_net *net, uint32_t from, uint32_t to,
                     const cor_route_opts *o, const cor_route_set *set);

/* The routes as a JSON object (docs/json.md), or NULL when out of memory. The caller frees
 * the string with free(). */
char *cor_route_json(const cor_net *net, uint32_t from, uint32_t to, const cor_route_opts *o,
                     const cor_route_set *set);

/* The routes as a GeoJSON FeatureCollection: one LineString per leg, with the leg's figures
 * and the route's rank as properties. NULL when out of memory; free() the result. */
char *cor_route_geojson(const cor_net *net, const cor_route_set *set);

/* A summary of the network: counts by mode, status and country (text or JSON). */
void cor_net_print_info(FILE *f, const cor_net *net);
char *cor_net_info_json(const cor_net *net);

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

/* A point of a distance table: the given point and its snapped node. */
typedef struct cor_table_point {
    const char *id;
    double lat, lon;
    uint32_t node;
    double snap_m;
} cor_table_point;

/* Tables: pts holds the n_src sources then the n_dst targets; d is row-major n_src x n_dst
 * (milliseconds or decimetres, COR_DIST_INF unreachable), shown in hours or km. */
char *cor_table_json(const cor_graph *g, cor_metric m, const cor_table_point *pts, size_t n_src,
                     size_t n_dst, const uint64_t *d);
void cor_table_print(FILE *f, const cor_graph *g, cor_metric m, const cor_table_point *pts,
                     size_t n_src, size_t n_dst, const uint64_t *d);

#endif
