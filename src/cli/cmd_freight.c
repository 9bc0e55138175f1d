/* `corridor assign` (on a network) and `corridor compare`: freight flows and their country
 * accounts under one scenario, or under two side by side. */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char assign_help[] =
    "usage: corridor assign [options]\n"
    "\n"
    "Assigns an OD demand (tonnes per year) to the network and prints each flow's routes, the\n"
    "account of every country (tonnes, tonne-km, fees as origin, destination and transit) and\n"
    "the most loaded links.\n"
    "\n"
    "options:\n"
    "  --scenario NAME      apply a scenario (see corridor scenarios)\n"
    "  --demand FILE        OD demand (default NET/demand.csv; docs/freight.md)\n"
    "  --method aon|logit   all-or-nothing (default) or logit shares over alternative routes\n"
    "  --routes K           logit: routes per OD pair (default 3)\n"
    "  --theta T            logit: dispersion per USD per tonne (default 0.05)\n"
    "  --minimize, --vot, --tonnes, --modes, --avoid, --status, --overlap, --dwell\n"
    "                       as for corridor route (--tonnes is the shipment size)\n"
    "  --json               the result as JSON (docs/json.md)\n"
    "  -o, --output FILE    write the result to FILE (atomically)\n"
    "  --links-csv FILE     also write the link volumes as CSV\n"
    "  --geojson FILE       also write the loaded links as GeoJSON\n"
    "  --net DIR            network directory (default: $CORRIDOR_NET or the bundled one)\n";

static const char compare_help[] =
    "usage: corridor compare SCENARIO_A SCENARIO_B [options]\n"
    "\n"
    "Assigns the same demand under two scenarios and prints what changes: the OD flows whose\n"
    "main route changes, each country's transit tonnes and fees (absolute and %), and the most\n"
    "loaded links under B.\n"
    "\n"
    "options: --demand, --method, --routes, --theta, --minimize, --vot, --tonnes, --modes,\n"
    "--avoid, --status, --overlap, --dwell, --json, -o FILE, --net DIR, as for corridor assign.\n"
    "\n"
    "example:\n"
    "  corridor compare base tripp\n";

typedef struct freight_args {
    const char *net_dir, *scenario, *demand, *output, *links_csv, *geojson;
    int json;
    cor_freight_opts o;
} freight_args;

/* Parses the options of assign (compare = 0) or compare (1). Returns -1 to go on, else an
 * exit code; leaves optind at the first positional argument. */
static int parse(const char *cmd, const char *help, int compare, int argc, char **argv,
                 freight_args *a)
{
    enum { O_SCENARIO = 256, O_DEMAND, O_METHOD, O_ROUTES, O_THETA, O_JSON, O_LINKS, O_GEOJSON,
           O_NET, O_HELP };
    static const struct option longopts[] = {
        CLI_ROUTE_LONGOPTS,
        {"scenario", required_argument, NULL, O_SCENARIO},
        {"demand", required_argument, NULL, O_DEMAND},
        {"method", required_argument, NULL, O_METHOD},
        {"routes", required_argument, NULL, O_ROUTES},
        {"theta", required_argument, NULL, O_THETA},
        {"json", no_argument, NULL, O_JSON},
        {"output", required_argument, NULL, 'o'},
        {"links-csv", required_argument, NULL, O_LINKS},
        {"geojson", required_argument, NULL, O_GEOJSON},
        {"net", required_argument, NULL, O_NET},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    cor_freight_opts_default(&a->o);
    a->o.route.alternatives = 3;
    int c;
    double v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int handled = cli_route_opt(cmd, c, optarg, &a->o.route);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled)
            continue;
        switch (c) {
        case O_SCENARIO:
            if (compare) {
                cli_error(cmd, "--scenario: the scenarios are the two arguments of compare");
                return EXIT_USAGE;
            }
            a->scenario = optarg;
            break;
        case O_DEMAND: a->demand = optarg; break;
        case O_METHOD:
            if (strcmp(optarg, "aon") == 0)
                a->o.method = COR_FREIGHT_AON;
            else if (strcmp(optarg, "logit") == 0)
                a->o.method = COR_FREIGHT_LOGIT;
            else {
                cli_error(cmd, "--method: expected aon or logit, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        case O_ROUTES:
            if (!cli_parse_num(cmd, "--routes", optarg, 1, &v) || v != floor(v) ||
                v > COR_ROUTE_MAX_ALTERNATIVES) {
                cli_error(cmd, "--routes: expected a whole number from 1 to %d",
                          COR_ROUTE_MAX_ALTERNATIVES);
                return EXIT_USAGE;
            }
            a->o.route.alternatives = (size_t)v;
            break;
        case O_THETA:
            if (!cli_parse_num(cmd, "--theta", optarg, 1e-12, &a->o.theta))
                return EXIT_USAGE;
            break;
        case O_JSON: a->json = 1; break;
        case 'o': a->output = optarg; break;
        case O_LINKS: a->links_csv = optarg; break;
        case O_GEOJSON: a->geojson = optarg; break;
        case O_NET: a->net_dir = optarg; break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_bad_option(cmd, argv);
            return EXIT_USAGE;
        }
    }
    int want = compare ? 2 : 0;
    if (argc - optind != want) {
        cli_error(cmd, compare ? "expected two scenarios, found %d arguments"
                               : "expected no arguments, found %d (see corridor assign --help)",
                  argc - optind);
        return EXIT_USAGE;
    }
    a->net_dir = cli_network_dir(a->net_dir);
    return -1;
}

static cor_demand *load_demand(const char *cmd, const cor_net *net, const freight_args *a)
{
    char path[PATH_MAX];
    if (a->demand)
        snprintf(path, sizeof path, "%s", a->demand);
    else
        snprintf(path, sizeof path, "%s/demand.csv", a->net_dir);
    cor_diags *d = cor_diags_new();
    cor_demand *demand = NULL;
    if (!d) {
        cli_error(cmd, "out of memory");
        return NULL;
    }
    if (cor_demand_load(net, path, &demand, d) != COR_OK) {
        for (size_t i = 0; i < cor_diags_count(d); i++) {
            char buf[2048];
            cor_diag_format(cor_diags_get(d, i), buf, sizeof buf);
            fprintf(stderr, "%s\n", buf);
        }
        cli_error(cmd, "cannot read the demand %s", path);
    }
    cor_diags_free(d);
    return demand;
}

/* Runs one assignment; NULL after printing why. */
static cor_freight_result *run(const char *cmd, const cor_net *net, const cor_demand *demand,
                               const freight_args *a)
{
    cor_freight_result *r = NULL;
    cor_err err;
    if (cor_freight_assign(net, demand, &a->o, &r, &err) != COR_OK)
        cli_error(cmd, "%s", err.msg);
    return r;
}

/* Writes text from a FILE* printer to a file or stdout. */
static int write_text(const char *path, void (*print)(FILE *, const void *), const void *ctx)
{
    if (!path) {
        print(stdout, ctx);
        return 0;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return -1;
    print(mem, ctx);
    fclose(mem);
    if (len && buf[len - 1] == '\n')
        buf[len - 1] = '\0';
    int rc = cli_write(path, buf);
    free(buf);
    return rc;
}

typedef struct print_ctx {
    const cor_net *net, *net_b;
    const char *name_a, *name_b;
    const cor_demand *demand;
    const freight_args *a;
    const cor_freight_result *r, *r_b;
} print_ctx;

static void print_assign(FILE *f, const void *p)
{
    const print_ctx *c = p;
    cor_freight_print(f, c->net, c->a->scenario, c->demand, &c->a->o, c->r);
}

static void print_compare(FILE *f, const void *p)
{
    const print_ctx *c = p;
    cor_compare_print(f, c->name_a, c->net, c->r, c->name_b, c->net_b, c->r_b, c->demand);
}

static int write_owned(const char *path, char *text)
{
    int rc = text ? cli_write(path, text) : -1;
    if (!text)
        cli_error(NULL, "out of memory");
    free(text);
    return rc;
}

int cmd_assign_network(int argc, char **argv)
{
    freight_args a;
    int rc = parse("assign", assign_help, 0, argc, argv, &a);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(a.net_dir, a.scenario);
    if (!net)
        return EXIT_FAIL;
    rc = EXIT_FAIL;
    cor_demand *demand = NULL;
    cor_freight_result *r = NULL;
    if (!cli_check_avoid("assign", net, &a.o.route) || !(demand = load_demand("assign", net, &a)) ||
        !(r = run("assign", net, demand, &a)))
        goto out;
    print_ctx ctx = {.net = net, .demand = demand, .a = &a, .r = r};
    int failed = a.json ? write_owned(a.output, cor_freight_json(net, a.scenario, demand, &a.o, r))
                        : write_text(a.output, print_assign, &ctx);
    if (!failed && a.links_csv)
        failed = write_owned(a.links_csv, cor_freight_links_csv(net, r));
    if (!failed && a.geojson)
        failed = write_owned(a.geojson, cor_freight_links_geojson(net, r));
    rc = failed ? EXIT_FAIL : EXIT_OK;
out:
    cor_freight_result_free(r);
    cor_demand_free(demand);
    cor_net_free(net);
    return rc;
}

int cmd_compare(int argc, char **argv)
{
    freight_args a;
    int rc = parse("compare", compare_help, 1, argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *name_a = argv[optind], *name_b = argv[optind + 1];
    cor_net *net_a = cli_load(a.net_dir, name_a), *net_b = NULL;
    cor_demand *demand = NULL;
    cor_freight_result *ra = NULL, *rb = NULL;
    rc = EXIT_FAIL;
    /* scenarios change links, never nodes, so one demand serves both networks */
    if (!net_a || !(net_b = cli_load(a.net_dir, name_b)) ||
        !cli_check_avoid("compare", net_a, &a.o.route) ||
        !(demand = load_demand("compare", net_a, &a)) ||
        !(ra = run("compare", net_a, demand, &a)) || !(rb = run("compare", net_b, demand, &a)))
        goto out;
    print_ctx ctx = {net_a, net_b, name_a, name_b, demand, &a, ra, rb};
    int failed = a.json ? write_owned(a.output, cor_compare_json(name_a, net_a, ra, name_b, net_b,
                                                                 rb, demand))
                        : write_text(a.output, print_compare, &ctx);
    rc = failed ? EXIT_FAIL : EXIT_OK;
out:
    cor_freight_result_free(ra);
    cor_freight_result_free(rb);
    cor_demand_free(demand);
    cor_net_free(net_a);
    cor_net_free(net_b);
    return rc;
}
