/* `corridor route FROM TO`: the via nodes and the simulated dwell set on the options,
 * cor_route_query(), emissions, and the routes as text, JSON or GeoJSON. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

/* The simulated dwell of --dwell simulated (cor_sim_route_dwell()), or NULL after printing
 * why; the stage file's findings and the overloaded posts are printed as warnings. */
static double *simulated_dwell(const cor_net *net, const char *stage_scenario)
{
    cor_diags *d = cor_diags_new();
    double *dwell = NULL;
    cor_err err = {.msg = "out of memory"};
    cor_status st = d ? cor_sim_route_dwell(net, stage_scenario, &dwell, d, &err) : COR_ERR_NOMEM;
    cli_print_diags(d, 0);
    cor_diags_free(d);
    if (st != COR_OK)
        cli_error("route", "%s", err.msg);
    return dwell;
}

/* What cor_route_print() prints. */
typedef struct route_answer {
    const cli_route_args *a;
    const cor_net *net;
    uint32_t from, to;
    const cor_route_set *set;
} route_answer;

static void print_text(FILE *f, const void *ctx)
{
    const route_answer *r = ctx;
    cor_route_print(f, r->net, r->a->scenario, r->from, r->to, &r->a->o, r->set);
}

/* Prints the routes as text, JSON or GeoJSON, to stdout or -o. */
static int print_routes(const cli_route_args *a, const cor_net *net, uint32_t from, uint32_t to,
                        const cor_route_set *set)
{
    char *text = NULL;
    if ((a->json && !(text = cor_route_json(net, a->scenario, from, to, &a->o, set))) ||
        (a->geojson && !(text = cor_route_geojson(net, set)))) {
        cli_error("route", "out of memory");
        return EXIT_FAIL;
    }
    return cli_emit("route", a->output, text, print_text, &(route_answer){a, net, from, to, set});
}

int cli_route_named(cli_route_args *a, const cor_net *net, const char *from_name,
                    const char *to_name)
{
    int rc = EXIT_FAIL;
    cor_err err = {0};
    uint32_t from, to;
    double *sim_dwell = NULL;
    cor_router *router = NULL;
    cor_route_set *set = NULL;
    if (cor_net_find_node(net, from_name, &from, &err) ||
        cor_net_find_node(net, to_name, &to, &err)) {
        cli_error("route", "%s", err.msg);
        return EXIT_FAIL;
    }
    for (size_t i = 0; i < a->n_via; i++) {
        if (cor_route_opts_set(&a->o, net, "via", a->via[i], &err)) {
            cli_error("route", "--via: %s", err.msg);
            return EXIT_FAIL;
        }
    }
    if (!cli_check_avoid("route", net, &a->o))
        return EXIT_FAIL;
    if (a->o.dwell == COR_DWELL_SIMULATED &&
        !(sim_dwell = simulated_dwell(net, a->stage_scenario)))
        return EXIT_FAIL;
    a->o.border_dwell_h = sim_dwell;
    if (!(router = cor_router_new(net)))
        cli_error("route", "out of memory");
    else if (cor_route_query(router, from, to, &a->o, &set, &err) != COR_OK)
        cli_error("route", "%s", err.msg);
    else {
        int em_failed;
        cor_emissions *em = cli_load_emissions("route", cli_network_dir(a->net_dir), &em_failed);
        cor_emissions_apply_set(em, net, set, a->o.tonnes);
        cor_emissions_free(em);
        if (!em_failed)
            rc = print_routes(a, net, from, to, set);
    }
    a->o.border_dwell_h = NULL;
    free(sim_dwell);
    cor_route_set_free(set);
    cor_router_free(router);
    return rc;
}

