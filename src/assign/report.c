/* The result of a TNTP assignment as the CLI writes it (corridor assign --tntp): a JSON
 * document, a link flows CSV and a text summary (docs/assignment.md). */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "corridor/assign.h"

/* %.17g round-trips every double, so the JSON and CSV keep the bits of the result. */
static json_t *result_json(const cor_assign_net *net, const cor_assign_opts *o,
                           const cor_assign_result *r)
{
    json_t *root = json_object(), *links = json_array();
    json_object_set_new(root, "algorithm", json_string(cor_assign_algo_name(r->algorithm)));
    json_object_set_new(root, "iterations", json_integer(r->iterations));
    json_object_set_new(root, "converged", json_boolean(r->converged));
    json_object_set_new(root, "gap_target", json_real(o->gap));
    json_object_set_new(root, "relative_gap", json_real(r->relative_gap));
    json_object_set_new(root, "objective", json_real(r->objective));
    json_object_set_new(root, "total_travel_time", json_real(r->total_travel_time));
    json_object_set_new(root, "total_cost", json_real(r->total_cost));
    json_object_set_new(root, "shortest_path_cost", json_real(r->shortest_cost));
    json_object_set_new(root, "toll_factor", json_real(o->toll_factor));
    json_object_set_new(root, "distance_factor", json_real(o->distance_factor));
    json_object_set_new(root, "total_demand", json_real(cor_assign_net_total_demand(net)));
    for (size_t a = 0; a < r->n_links; a++) {
        const cor_assign_link *l = cor_assign_net_link(net, a);
        json_t *j = json_object();
        json_object_set_new(j, "from", json_integer(l->from));
        json_object_set_new(j, "to", json_integer(l->to));
        json_object_set_new(j, "flow", json_real(r->flow[a]));
        json_object_set_new(j, "time", json_real(r->time[a]));
        json_object_set_new(j, "cost", json_real(r->cost[a]));
        json_array_append_new(links, j);
    }
    json_object_set_new(root, "links", links);
    return root;
}

char *cor_assign_flows_csv(const cor_assign_net *net, const cor_assign_result *r)
{
    size_t cap = 128 + r->n_links * 96, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    n += (size_t)snprintf(s, cap, "from,to,flow,time,cost");
    for (size_t a = 0; a < r->n_links; a++) {
        const cor_assign_link *l = cor_assign_net_link(net, a);
        n += (size_t)snprintf(s + n, cap - n, "\n%u,%u,%.17g,%.17g,%.17g", l->from, l->to,
                              r->flow[a], r->time[a], r->cost[a]);
    }
    return s;
}

char *cor_assign_summary(const cor_assign_net *net, const cor_assign_result *r)
{
    char *s = malloc(1024);
    if (!s)
        return NULL;
    snprintf(s, 1024,
             "algorithm          %s\n"
             "iterations         %u (%s)\n"
             "relative gap       %.6e\n"
             "objective          %.10g (Beckmann)\n"
             "total travel time  %.10g\n"
             "total cost         %.10g (generalized)\n"
             "links              %zu\n"
             "demand             %.10g trips",
             cor_assign_algo_name(r->algorithm), r->iterations,
             r->algorithm == COR_ASSIGN_AON ? "one all-or-nothing loading"
             : r->converged                 ? "converged"
                                            : "stopped by --max-iter",
             r->relative_gap,
             r->objective, r->total_travel_time, r->total_cost, r->n_links,
             cor_assign_net_total_demand(net));
    return s;
}

char *cor_assign_json(const cor_assign_net *net, const cor_assign_opts *o,
                      const cor_assign_result *r)
{
    json_t *j = result_json(net, o, r);
    char *text = j ? json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(j);
    return text;
}
