/* `corridor route`: parses options, runs cor_route_query(), prints the answer. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* What the command line asked for. */
typedef struct route_args {
    cor_route_opts o;
    const char *net_dir, *scenario, *output, *stage_scenario;
    const char *via[COR_ROUTE_MAX_VIA];
    size_t n_via;
    int json, geojson;
    /* routes between coordinates take only some options: named_only is one they do not */
    const char *from_ll, *to_ll, *named_only, *minimize;
    int algo;
    double max_snap_km;
} route_args;

enum { O_VIA = 256, O_ALT, O_JSON, O_GEOJSON, O_NET, O_SCENARIO, O_STAGE_SCENARIO, O_JOINT,
       O_HELP, O_FROM, O_TO, O_ALGO, O_SNAP };
static const struct option longopts[] = {
    CLI_ROUTE_LONGOPTS,
    {"via", required_argument, NULL, O_VIA},
    {"alternatives", required_argument, NULL, O_ALT},
    {"json", no_argument, NULL, O_JSON},
    {"geojson", no_argument, NULL, O_GEOJSON},
    {"output", required_argument, NULL, 'o'},
    {"net", required_argument, NULL, O_NET},
    {"scenario", required_argument, NULL, O_SCENARIO},
    {"stage-scenario", required_argument, NULL, O_STAGE_SCENARIO},
    {"joint", no_argument, NULL, O_JOINT},
    {"from", required_argument, NULL, O_FROM},
    {"to", required_argument, NULL, O_TO},
    {"algorithm", required_argument, NULL, O_ALGO},
    {"max-snap-km", required_argument, NULL, O_SNAP},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0}};

/* One option of route's own (not a routing option); -1 to go on, else an exit code. */
static int own_option(int c, char **argv, route_args *a)
{
    switch (c) {
    case O_VIA:
        if (a->n_via == COR_ROUTE_MAX_VIA) {
            cli_error("route", "--via: at most %d nodes", COR_ROUTE_MAX_VIA);
            return EXIT_USAGE;
        }
        a->via[a->n_via++] = optarg;
        return -1;
    case O_ALT: return cli_route_set("route", "--alternatives", optarg, &a->o) ? -1 : EXIT_USAGE;
    case O_JSON: a->json = 1; return -1;
    case O_GEOJSON: a->geojson = 1; return -1;
    case 'o': a->output = optarg; return -1;
    case O_NET: a->net_dir = optarg; return -1;
    case O_SCENARIO: a->scenario = optarg; return -1;
    case O_STAGE_SCENARIO: a->stage_scenario = optarg; return -1;
    case O_FROM: a->from_ll = optarg; return -1;
    case O_TO: a->to_ll = optarg; return -1;
    case O_SNAP:
        return cli_parse_num("route", "--max-snap-km", optarg, 0, &a->max_snap_km) ? -1
                                                                                   : EXIT_USAGE;
    case O_ALGO: {
        cor_algo algo;
        cor_err err;
        if (cor_algo_parse(optarg, &algo, &err) != COR_OK) {
            cli_error("route", "--algorithm: %s", err.msg);
            return EXIT_USAGE;
        }
        a->algo = (int)algo;
        return -1;
    }
    case O_JOINT: a->stage_scenario = "joint"; return -1;
    case O_HELP: fputs(cli_help_route, stdout); return EXIT_OK;
    default: cli_bad_option("route", argv); return EXIT_USAGE;
    }
}

/* Reads the options into a; -1 to go on, else an exit code. */
static int parse(int argc, char **argv, route_args *a)
{
    memset(a, 0, sizeof *a);
    cor_route_opts_default(&a->o);
    a->algo = -1;
    a->max_snap_km = 20;
    optind = 1;
    opterr = 0;
    for (int c; (c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1;) {
        if (c == CLI_O_MINIMIZE)
            a->minimize = optarg;
        else if (c != CLI_O_TONNES && c != CLI_O_AVOID && (c >= CLI_O_MINIMIZE || c == O_VIA || c == O_ALT ||
                                       c == O_SCENARIO || c == O_STAGE_SCENARIO || c == O_JOINT))
            for (const struct option *lo = longopts; lo->name; lo++)
                if (lo->val == c)
                    a->named_only = lo->name;
        int handled = cli_route_opt("route", c, optarg, &a->o), rc;
        if (handled < 0)
            return EXIT_USAGE;
        if (!handled && (rc = own_option(c, argv, a)) >= 0)
            return rc;
    }
    if (a->json && a->geojson) {
        cli_error("route", "--json and --geojson: choose one");
        return EXIT_USAGE;
    }
    return -1;
}

/* `corridor route` between coordinates (src/cli/route_coords.c). */
static int coords_route(const route_args *a, int argc, char **argv)
{
    if (a->named_only) {
        cli_error("route", "--%s applies to routes between named nodes, not between "
                           "coordinates", a->named_only);
        return EXIT_USAGE;
    }
    if (argc - optind > 1) {
        cli_error("route", "expected at most one network with --from/--to, found %d "
                           "arguments", argc - optind);
        return EXIT_USAGE;
    }
    cor_metric metric = COR_METRIC_TIME;
    if (a->minimize && strcmp(a->minimize, "distance") == 0)
        metric = COR_METRIC_DISTANCE;
    else if (a->minimize && strcmp(a->minimize, "time") != 0) {
        cli_error("route", "--minimize: expected time or distance for a route between "
                           "coordinates, found \"%s\"", a->minimize);
        return EXIT_USAGE;
    }
    const char *net = argc - optind == 1 ? argv[optind] : cli_network_dir(a->net_dir);
    return cli_route_coords(net, a->from_ll, a->to_ll, metric, a->algo, &a->o,
                            a->max_snap_km, a->json, a->geojson, a->output);
}

/* What cor_route_print() prints. */
typedef struct route_answer {
    const route_args *a;
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
static int print_routes(const route_args *a, const cor_net *net, uint32_t from, uint32_t to,
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

/* The routes between two named nodes; a->o gets the via nodes and the simulated dwell. */
static int named_route(route_args *a, const cor_net *net, const char *from_name,
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

int cmd_route(int argc, char **argv)
{
    route_args a;
    int rc = parse(argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (a.from_ll || a.to_ll || (argc - optind == 1 && cli_is_snapshot(argv[optind])))
        return coords_route(&a, argc, argv);
    if (a.algo >= 0) {
        cli_error("route", "--algorithm applies to routes between coordinates");
        return EXIT_USAGE;
    }
    if (argc - optind != 2) {
        cli_error("route", "expected FROM and TO, found %d argument%s (see corridor route --help)",
                  argc - optind, argc - optind == 1 ? "" : "s");
        return EXIT_USAGE;
    }
    if (a.stage_scenario && a.o.dwell != COR_DWELL_SIMULATED) {
        cli_error("route", "--stage-scenario and --joint: only with --dwell simulated");
        return EXIT_USAGE;
    }
    cor_net *net = cli_load(cli_network_dir(a.net_dir), a.scenario);
    if (!net)
        return EXIT_FAIL;
    rc = named_route(&a, net, argv[optind], argv[optind + 1]);
    cor_net_free(net);
    return rc;
}
