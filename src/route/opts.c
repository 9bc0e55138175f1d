/* Route options by name: the one parser, set of limits and messages that the CLI's --NAME
 * options and the server's NAME= parameters share. */
#include <stddef.h>
#include <string.h>

#include "corridor/route.h"

cor_status cor_route_opts_set(cor_route_opts *o, const char *name, const char *value,
                              cor_err *err)
{
    static const struct {
        const char *name;
        double min, max;
        int whole;
    } limits[] = {
        {"vot", 0, COR_ROUTE_MAX_VOT, 0},
        {"tonnes", 1e-6, COR_ROUTE_MAX_TONNES, 0},
        {"overlap", 0, 1, 0},
        {"alternatives", 1, COR_ROUTE_MAX_ALTERNATIVES, 1},
    };
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        if (strcmp(name, limits[i].name) != 0)
            continue;
        double v;
        cor_status st = cor_number_parse(value, limits[i].min, limits[i].max, limits[i].whole,
                                         &v, err);
        if (st != COR_OK)
            return st;
        switch (i) {
        case 0: o->vot_usd_per_t_h = v; break;
        case 1: o->tonnes = v; break;
        case 2: o->max_overlap = v; break;
        default: o->alternatives = (size_t)v; break;
        }
        return COR_OK;
    }
    return cor_err_set(err, COR_ERR_NOTFOUND, "%s: not a numeric route option", name);
}
