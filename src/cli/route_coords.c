/* `corridor route` between coordinates: snaps both points, runs the query on the graph (CH on a
 * snapshot, bidirectional Dijkstra on a network directory or with --avoid unless --algorithm
 * says otherwise) and prints the path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* The avoided country (in o) that node v lies in, or NULL. */
static const char *avoided_at(const cor_graph *g, uint32_t v, const cor_route_opts *o)
{
    cor_graph_node_info ni;
    cor_graph_get_node(g, v, &ni);
    for (size_t i = 0; i < o->n_avoid; i++)
        if (strcmp(o->avoid[i], ni.country) == 0)
            return o->avoid[i];
    return NULL;
}

/* The avoided countries joined by commas, for messages. */
static void avoid_list(const cor_route_opts *o, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < o->n_avoid && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "", o->avoid[i]);
}

/* Checks --avoid against the graph and the snapped ends, sets it on q; 0 after printing why. */
static int set_avoid(cor_gquery *q, const cor_graph *g, const cor_gpath *p,
                     const cor_route_opts *o, const char *from, const char *to)
{
    cor_err err = {0};
    if (cor_gquery_avoid(q, (const char(*)[3])o->avoid, o->n_avoid, &err) != COR_OK) {
        cli_error("route", "--avoid: %s", err.msg);
        return 0;
    }
    for (int k = 0; k < 2; k++) {
        uint32_t v = k ? p->to : p->from;
        const char *cc = avoided_at(g, v, o);
        if (cc) {
            cor_graph_node_info ni;
            cor_graph_get_node(g, v, &ni);
            cli_error("route", "the %s (%s) snaps to node %s in %s, which --avoid excludes",
                      k ? "destination" : "origin", k ? to : from, ni.id, cc);
            return 0;
        }
    }
    if (p->algo == COR_ALGO_CH) {
        cli_error("route", "--avoid: the hierarchy cannot avoid countries: use --algorithm "
                           "bidijkstra or dijkstra");
        return 0;
    }
    return 1;
}

/* Runs the query of p on q; prints why and returns 0 when it fails. */
static int find_path(cor_gquery *q, const cor_graph *g, cor_gpath *p, const cor_route_opts *o,
                     const char *from, const char *to)
{
    cor_err err = {0};
    uint64_t dist;
    if (cor_gquery_run(q, p->algo, p->metric, p->from, p->to, &dist, &err) == COR_OK &&
        cor_gquery_path(q, &p->arcs, &p->n_arcs, &err) == COR_OK)
        return 1;
    cor_graph_node_info a, b;
    cor_graph_get_node(g, p->from, &a);
    cor_graph_get_node(g, p->to, &b);
    char avoid[3 * COR_ROUTE_MAX_AVOID + 1];
    avoid_list(o, avoid, sizeof avoid);
    if (err.status == COR_ERR_NOROUTE)
        cli_error("route", "no route from node %s (snapped from %s) to node %s (snapped from "
                           "%s)%s%s", a.id, from, b.id, to, o->n_avoid ? " avoiding " : "",
                  avoid);
    else
        cli_error("route", "%s", err.msg);
    return 0;
}

int cli_route_coords(const char *net, const cli_route_args *a)
{
    const char *from = a->from_ll, *to = a->to_ll;
    const cor_route_opts *o = &a->o;
    cor_gpath p = {.metric = COR_METRIC_TIME, .tonnes = o->tonnes};
    if (a->minimize && cor_metric_parse(a->minimize, &p.metric, NULL) != COR_OK) {
        cli_error("route", "--minimize: expected time or distance for a route between "
                           "coordinates, found \"%s\"", a->minimize);
        return EXIT_USAGE;
    }
    if (!from || !to) {
        cli_error("route", "%s is required for a route between coordinates",
                  from ? "--to LAT,LON" : "--from LAT,LON");
        return EXIT_USAGE;
    }
    if (!cli_parse_latlon("route", "--from", from, &p.from_lat, &p.from_lon) ||
        !cli_parse_latlon("route", "--to", to, &p.to_lat, &p.to_lon))
        return EXIT_USAGE;
    cor_graph *g = cli_load_graph("route", net, NULL);
    if (!g)
        return EXIT_FAIL;
    int rc = EXIT_FAIL;
    cor_gquery *q = NULL;
    p.algo = a->algo >= 0                                      ? (cor_algo)a->algo
             : !o->n_avoid && cor_graph_has_ch(g, p.metric) ? COR_ALGO_CH
                                                              : COR_ALGO_BIDIJKSTRA;
    if (!cli_snap("route", g, "--from", p.from_lat, p.from_lon, a->max_snap_km, &p.from,
                  &p.from_snap_m) ||
        !cli_snap("route", g, "--to", p.to_lat, p.to_lon, a->max_snap_km, &p.to, &p.to_snap_m))
        goto out;
    q = cor_gquery_new(g);
    if (!q) {
        cli_error("route", "out of memory");
        goto out;
    }
    if ((o->n_avoid && !set_avoid(q, g, &p, o, from, to)) || !find_path(q, g, &p, o, from, to))
        goto out;
    if (a->json || a->geojson) {
        char *text = a->json ? cor_gpath_json(g, &p) : cor_gpath_geojson(g, &p);
        if (!text) {
            cli_error("route", "out of memory");
            goto out;
        }
        rc = cli_write(a->output, text) == 0 ? EXIT_OK : EXIT_FAIL;
        free(text);
    } else {
        cli_text t;
        FILE *mem = cli_text_open(&t, "route");
        if (!mem)
            goto out;
        cor_gpath_print(mem, g, &p);
        rc = cli_text_write(&t, a->output) == 0 ? EXIT_OK : EXIT_FAIL;
    }
out:
    cor_gquery_free(q);
    cor_graph_free(g);
    return rc;
}
