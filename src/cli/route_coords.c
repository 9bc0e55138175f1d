/* `corridor route` between coordinates: snaps both points, runs the query on the graph (CH on a
 * snapshot, bidirectional Dijkstra on a network directory unless --algorithm says otherwise)
 * and prints the path. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

int cli_route_coords(const char *net, const char *from, const char *to, cor_metric metric,
                     int algo, double tonnes, double max_snap_km, int json, int geojson,
                     const char *output)
{
    cor_gpath p = {.metric = metric, .tonnes = tonnes};
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
    cor_err err = {0};
    p.algo = algo >= 0 ? (cor_algo)algo : cor_graph_has_ch(g, metric) ? COR_ALGO_CH : COR_ALGO_BIDIJKSTRA;
    if (!cli_snap("route", g, "--from", p.from_lat, p.from_lon, max_snap_km, &p.from,
                  &p.from_snap_m) ||
        !cli_snap("route", g, "--to", p.to_lat, p.to_lon, max_snap_km, &p.to, &p.to_snap_m))
        goto out;
    q = cor_gquery_new(g);
    if (!q) {
        cli_error("route", "out of memory");
        goto out;
    }
    uint64_t dist;
    if (cor_gquery_run(q, p.algo, metric, p.from, p.to, &dist, &err) ||
        cor_gquery_path(q, &p.arcs, &p.n_arcs, &err)) {
        cor_graph_node_info a, b;
        cor_graph_get_node(g, p.from, &a);
        cor_graph_get_node(g, p.to, &b);
        if (err.status == COR_ERR_NOROUTE)
            cli_error("route", "no route from node %s (snapped from %s) to node %s (snapped "
                               "from %s)", a.id, from, b.id, to);
        else
            cli_error("route", "%s", err.msg);
        goto out;
    }
    if (json || geojson) {
        char *text = json ? cor_gpath_json(g, &p) : cor_gpath_geojson(g, &p);
        if (!text) {
            cli_error("route", "out of memory");
            goto out;
        }
        rc = cli_write(output, text) == 0 ? EXIT_OK : EXIT_FAIL;
        free(text);
    } else {
        cli_text t;
        FILE *mem = cli_text_open(&t, "route");
        if (!mem)
            goto out;
        cor_gpath_print(mem, g, &p);
        rc = cli_text_write(&t, output) == 0 ? EXIT_OK : EXIT_FAIL;
    }
out:
    cor_gquery_free(q);
    cor_graph_free(g);
    return rc;
}
