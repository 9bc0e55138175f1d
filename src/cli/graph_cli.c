/* CLI helpers for graph commands (build, import, table, coordinate routes): opening a network
 * directory or a snapshot as a cor_graph, and parsing "LAT,LON", --bbox and --country. No
 * algorithms here. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

int cli_is_snapshot(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

cor_graph *cli_load_graph(const char *cmd, const char *path, const cor_net_limits *lim)
{
    cor_err err = {0};
    cor_graph *g = NULL;
    if (cli_is_snapshot(path)) {
        if (cor_graph_read(path, &g, &err) != COR_OK) {
            cli_error(cmd, "%s", err.msg);
            return NULL;
        }
        return g;
    }
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) { /* not "X.cor/nodes.csv: cannot open" */
        if (stat(path, &sb) != 0)
            cli_error(cmd, "%s: no such snapshot or network directory (%s)", path,
                      strerror(errno));
        else
            cli_error(cmd, "%s: expected a snapshot (corridor build) or a network directory, "
                           "found another kind of file", path);
        return NULL;
    }
    /* the graph reads geometry.csv under the default cap, whatever lim says: refuse a larger
     * one before the network is parsed */
    char geo[PATH_MAX];
    snprintf(geo, sizeof geo, "%s/geometry.csv", path);
    if (stat(geo, &sb) == 0 && S_ISREG(sb.st_mode) &&
        sb.st_size > (long long)COR_NET_DEFAULT_FILE_MB * 1024 * 1024) {
        cli_error(cmd, "%s: expected a file of at most %lld bytes (the graph's cap on link "
                       "shapes), found %lld bytes; build the snapshot straight from the "
                       "OpenStreetMap extract (corridor build FILE.osm.pbf --profile P -o NET.cor)",
                  geo, (long long)COR_NET_DEFAULT_FILE_MB * 1024 * 1024, (long long)sb.st_size);
        return NULL;
    }
    cor_net *net = cli_load_limited(cmd, path, lim);
    if (!net)
        return NULL;
    if (cor_graph_from_net(net, COR_TRANSPORT_MODES, COR_STATUS_BIT(COR_STATUS_OPERATING), &g,
                           &err) != COR_OK)
        cli_error(cmd, "%s", err.msg);
    cor_net_free(net);
    return g;
}

int cli_snap(const char *cmd, const cor_graph *g, const char *what, double lat, double lon,
             double max_snap_km, uint32_t *node, double *dist_m)
{
    cor_err err = {0};
    if (cor_graph_snap(g, lat, lon, node, dist_m, &err) != COR_OK) {
        cli_error(cmd, "%s: %s", what, err.msg);
        return 0;
    }
    if (*dist_m > max_snap_km * 1000) {
        cor_graph_node_info ni;
        cor_graph_get_node(g, *node, &ni);
        cli_error(cmd, "%s %g,%g is %.1f km from the nearest node of the network (%s at %g,%g), "
                       "more than --max-snap-km %g", what, lat, lon, *dist_m / 1000, ni.id,
                  ni.lat, ni.lon, max_snap_km);
        return 0;
    }
    return 1;
}

int cli_parse_bbox(const char *cmd, const char *s, cor_osm_opts *o)
{
    double v[4];
    const char *p = s;
    int ok = 1;
    for (int i = 0; i < 4 && ok; i++) {
        char *end;
        v[i] = strtod(p, &end);
        ok = end != p && *end == (i < 3 ? ',' : '\0');
        p = end + 1;
    }
    if (!ok || !(v[0] >= -90 && v[2] <= 90 && v[1] >= -180 && v[3] <= 180 && v[0] < v[2] &&
                 v[1] < v[3])) {
        cli_error(cmd, "--bbox: expected MINLAT,MINLON,MAXLAT,MAXLON in decimal degrees (min "
                       "below max), found \"%s\"", s);
        return 0;
    }
    o->has_bbox = 1;
    memcpy(o->bbox, v, sizeof v);
    return 1;
}

int cli_parse_country(const char *cmd, const char *s)
{
    if (strlen(s) == 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]))
        return 1;
    cli_error(cmd, "--country: expected an upper-case ISO 3166-1 alpha-2 code such as AM, "
                   "found \"%s\"", s);
    return 0;
}

int cli_check_borders(const char *cmd, const char *borders_dir, int boundaries)
{
    if (!borders_dir || boundaries)
        return 1;
    cli_error(cmd, "--borders gives figures to the crossings of --boundaries, which is missing");
    return 0;
}

int cli_parse_latlon(const char *cmd, const char *opt, const char *s, double *lat, double *lon)
{
    char *end;
    errno = 0;
    *lat = strtod(s, &end);
    if (end != s && *end == ',') {
        const char *p = end + 1;
        *lon = strtod(p, &end);
        if (end != p && *end == '\0' && *lat >= -90 && *lat <= 90 && *lon >= -180 &&
            *lon <= 180)
            return 1;
    }
    cli_error(cmd, "%s: expected LAT,LON in decimal degrees (lat in [-90, 90], lon in "
                   "[-180, 180]), found \"%s\"", opt, s);
    return 0;
}
