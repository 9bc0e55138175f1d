/* CLI helpers for graph commands (build, table, coordinate routes): opening a network directory
 * or a snapshot as a cor_graph, and parsing "LAT,LON". No algorithms here. */
#include <errno.h>
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

cor_graph *cli_load_graph(const char *cmd, const char *path)
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
    cor_net *net = cli_load(path);
    if (!net)
        return NULL;
    if (cor_graph_from_net(net, COR_TRANSPORT_MODES, COR_STATUS_BIT(COR_STATUS_OPERATING), &g,
                           &err) != COR_OK)
        cli_error(cmd, "%s", err.msg);
    cor_net_free(net);
    return g;
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
