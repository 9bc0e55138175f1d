/* `corridor route`: parses the options, then routes between named nodes (route_named.c) or
 * between coordinates (route_coords.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

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
static int own_option(int c, char **argv, cli_route_args *a)
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
static int parse(int argc, char **argv, cli_route_args *a)
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

/* The checks of a route between coordinates, then cli_route_coords(). */
static int coords_route(const cli_route_args *a, int argc, char **argv)
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
    return cli_route_coords(argc - optind == 1 ? argv[optind] : cli_network_dir(a->net_dir), a);
}

int cmd_route(int argc, char **argv)
{
    cli_route_args a;
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
    rc = cli_route_named(&a, net, argv[optind], argv[optind + 1]);
    cor_net_free(net);
    return rc;
}
