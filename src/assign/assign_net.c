/* The assignment graph and demand: construction, validation of every link and OD entry, and
 * the BPR link functions (Bureau of Public Roads 1964, Traffic Assignment Manual). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign/assign_int.h"
#include "util/bpr.h"

cor_status cor_assign_net_new(uint32_t n_nodes, uint32_t n_zones, uint32_t first_thru,
                              cor_assign_net **out, cor_err *err)
{
    if (n_nodes < 1)
        return cor_err_set(err, COR_ERR_INPUT, "number of nodes: expected at least 1, found 0");
    if (n_zones > n_nodes)
        return cor_err_set(err, COR_ERR_INPUT,
                           "number of zones: expected at most the %u nodes, found %u", n_nodes,
                           n_zones);
    if (first_thru < 1 || first_thru > n_nodes + 1u)
        return cor_err_set(err, COR_ERR_INPUT,
                           "first through node: expected a node in 1..%u (or %u: none), "
                           "found %u", n_nodes, n_nodes + 1u, first_thru);
    cor_assign_net *net = calloc(1, sizeof *net);
    if (!net)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    net->n_nodes = n_nodes;
    net->n_zones = n_zones;
    net->first_thru = first_thru;
    *out = net;
    return COR_OK;
}

void cor_assign_net_free(cor_assign_net *net)
{
    if (!net)
        return;
    free(net->links);
    free(net->od);
    free(net);
}

static cor_status check_param(const char *name, double v, bool positive, cor_err *err)
{
    if (!isfinite(v) || v < 0 || (positive && v == 0))
        return cor_err_set(err, COR_ERR_INPUT, "%s: expected a number %s 0, found %g", name,
                           positive ? ">" : ">=", v);
    return COR_OK;
}

cor_status cor_assign_net_add_link(cor_assign_net *net, const cor_assign_link *l, cor_err *err)
{
    if (l->from < 1 || l->from > net->n_nodes)
        return cor_err_set(err, COR_ERR_INPUT, "init node: expected a node in 1..%u, found %u",
                           net->n_nodes, l->from);
    if (l->to < 1 || l->to > net->n_nodes)
        return cor_err_set(err, COR_ERR_INPUT, "term node: expected a node in 1..%u, found %u",
                           net->n_nodes, l->to);
    cor_status st;
    if ((st = check_param("capacity", l->capacity, true, err)) ||
        (st = check_param("length", l->length, false, err)) ||
        (st = check_param("free flow time", l->fft, false, err)) ||
        (st = check_param("b", l->b, false, err)) ||
        (st = check_param("power", l->power, false, err)) ||
        (st = check_param("toll", l->toll, false, err)))
        return st;
    if (net->n_links == net->cap_links) {
        size_t cap = net->cap_links ? 2 * net->cap_links : 64;
        cor_assign_link *p = realloc(net->links, cap * sizeof *p);
        if (!p)
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        net->links = p;
        net->cap_links = cap;
    }
    net->links[net->n_links++] = *l;
    return COR_OK;
}

cor_status cor_assign_net_add_demand(cor_assign_net *net, uint32_t origin, uint32_t dest,
                                     double trips, cor_err *err)
{
    if (origin < 1 || origin > net->n_zones)
        return cor_err_set(err, COR_ERR_INPUT, "origin: expected a zone in 1..%u, found %u",
                           net->n_zones, origin);
    if (dest < 1 || dest > net->n_zones)
        return cor_err_set(err, COR_ERR_INPUT, "destination: expected a zone in 1..%u, found %u",
                           net->n_zones, dest);
    if (!isfinite(trips) || trips < 0)
        return cor_err_set(err, COR_ERR_INPUT, "flow: expected a number >= 0, found %g", trips);
    if (origin == dest || trips == 0)
        return COR_OK; /* intrazonal trips never use the network (TNTP conventions) */
    if (net->n_od == net->cap_od) {
        size_t cap = net->cap_od ? 2 * net->cap_od : 256;
        cor_assign_od *p = realloc(net->od, cap * sizeof *p);
        if (!p)
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        net->od = p;
        net->cap_od = cap;
    }
    net->od[net->n_od++] = (cor_assign_od){origin, dest, trips};
    net->total_demand += trips;
    return COR_OK;
}

uint32_t cor_assign_net_node_count(const cor_assign_net *net) { return net->n_nodes; }
uint32_t cor_assign_net_zone_count(const cor_assign_net *net) { return net->n_zones; }
uint32_t cor_assign_net_first_thru(const cor_assign_net *net) { return net->first_thru; }
size_t cor_assign_net_link_count(const cor_assign_net *net) { return net->n_links; }
double cor_assign_net_total_demand(const cor_assign_net *net) { return net->total_demand; }

const cor_assign_link *cor_assign_net_link(const cor_assign_net *net, size_t i)
{
    return i < net->n_links ? &net->links[i] : NULL;
}

/* BPR (util/bpr.h): t(x) = fft * (1 + b * (x/cap)^power); power 0 is the constant
 * fft * (1 + b). */
double cor_assign_link_time(const cor_assign_link *l, double x)
{
    return cor_bpr_time(&(cor_bpr){l->fft, l->b, l->power, l->capacity}, x, NULL);
}

/* Integral of the BPR function from 0 to x (one term of the Beckmann objective). */
double cor_assign_link_time_integral(const cor_assign_link *l, double x)
{
    return cor_bpr_integral(&(cor_bpr){l->fft, l->b, l->power, l->capacity}, x);
}
