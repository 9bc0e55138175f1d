/* Shared parts of the freight commands (src/cli/freight_cli.h): options, demand, one or two
 * assignments, writing answers. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "cli/freight_cli.h"

int cli_freight_parse(const char *cmd, const char *help, int compare, int argc, char **argv,
                      freight_args *a)
{
    enum { O_SCENARIO = 256, O_DEMAND, O_JSON, O_LINKS, O_GEOJSON, O_NET, O_HELP, O_SAVE };
    static const struct option longopts[] = {
        CLI_FREIGHT_LONGOPTS,
        {"scenario", required_argument, NULL, O_SCENARIO},
        {"demand", required_argument, NULL, O_DEMAND},
        {"json", no_argument, NULL, O_JSON},
        {"output", required_argument, NULL, 'o'},
        {"links-csv", required_argument, NULL, O_LINKS},
        {"geojson", required_argument, NULL, O_GEOJSON},
        {"net", required_argument, NULL, O_NET},
        {"save", optional_argument, NULL, O_SAVE},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    a->started = time(NULL);
    cor_freight_opts_default(&a->o);
    a->o.route.alternatives = 3;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int handled = cli_freight_opt(cmd, c, optarg, &a->o);
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
        case O_JSON: a->json = 1; break;
        case 'o': a->output = optarg; break;
        case O_LINKS: a->links_csv = optarg; break;
        case O_GEOJSON: a->geojson = optarg; break;
        case O_NET: a->net_dir = optarg; break;
        case O_SAVE: a->save = cli_save_db(compare, argc, argv); break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
            cli_bad_option(cmd, argv);
            return EXIT_USAGE;
        }
    }
    if (!cli_no_simulated_dwell(cmd, &a->o.route))
        return EXIT_USAGE;
    int want = compare ? 2 : 0;
    if (argc - optind != want) {
        int n = argc - optind;
        if (compare && a->save && n == 3) /* compare A B --save runs: the name was taken as a
                                             third scenario */
            cli_error(cmd, "expected two scenarios, found 3 arguments (a database named after "
                           "--save must end in .db, .sqlite or .sqlite3; else write --save=DB)");
        else if (compare)
            cli_error(cmd, "expected two scenarios, found %d argument%s", n, n == 1 ? "" : "s");
        else
            cli_error(cmd, "expected no arguments, found %d (see corridor assign --help)", n);
        return EXIT_USAGE;
    }
    a->net_dir = cli_network_dir(a->net_dir);
    return -1;
}

void cli_freight_demand_path(const freight_args *a, char *path, size_t size)
{
    if (a->demand)
        snprintf(path, size, "%s", a->demand);
    else
        snprintf(path, size, "%s/demand.csv", a->net_dir);
}

cor_demand *cli_freight_load_demand(const char *cmd, const cor_net *net, const freight_args *a)
{
    char path[PATH_MAX];
    cli_freight_demand_path(a, path, sizeof path);
    cor_diags *d = cor_diags_new();
    cor_demand *demand = NULL;
    if (!d) {
        cli_error(cmd, "out of memory");
        return NULL;
    }
    if (cor_demand_load(net, path, &demand, d) != COR_OK) {
        cli_print_diags(d, 0);
        cli_error(cmd, "cannot read the demand %s", path);
    }
    cor_diags_free(d);
    return demand;
}

static void progress(void *ctx, unsigned iteration, double gap)
{
    fprintf(stderr, "%s: iteration %u: relative gap %.3e\n", (const char *)ctx, iteration, gap);
}

cor_freight_result *cli_freight_run(const char *cmd, const cor_net *net,
                                    const cor_demand *demand, const freight_args *a)
{
    cor_freight_result *r = NULL;
    cor_err err;
    cor_freight_opts o = a->o;
    if (isatty(STDERR_FILENO)) { /* the gap per iteration, for a person watching */
        o.progress = progress;
        o.progress_ctx = (void *)cmd;
    }
    if (cor_freight_assign(net, demand, &o, &r, &err) != COR_OK)
        cli_error(cmd, "%s", err.msg);
    else if (o.method == COR_FREIGHT_UE && !r->converged)
        fprintf(stderr, "corridor %s: warning: stopped by --max-iter after %u iterations at "
                        "relative gap %.3e, above --gap %g (not converged)\n",
                cmd, r->iterations, r->relative_gap, o.gap);
    return r;
}

int cli_write_printed(const char *path, void (*print)(FILE *, const void *), const void *ctx)
{
    if (!path) {
        print(stdout, ctx);
        return 0;
    }
    cli_text t;
    FILE *mem = cli_text_open(&t, NULL);
    if (!mem)
        return -1;
    print(mem, ctx);
    return cli_text_write(&t, path);
}

char *cli_freight_with_co2e(char *json, const print_ctx *c, size_t n)
{
    if (!c->em)
        return json;
    cor_co2e_side sides[2] = {{c->net, c->r}, {c->net_b, c->r_b}};
    return cor_co2e_json_attach(json, c->em, c->demand, &c->a->o, sides, n);
}

int cli_write_owned(const char *path, char *text)
{
    int rc = text ? cli_write(path, text) : -1;
    if (!text)
        cli_error(NULL, "out of memory");
    free(text);
    return rc;
}

void two_runs_free(two_runs *t)
{
    for (int i = 0; i < 2; i++) {
        cor_freight_result_free(t->r[i]);
        cor_net_free(t->net[i]);
    }
    cor_demand_free(t->demand);
}

int two_runs_run(const char *cmd, const freight_args *a, const char *name_a, const char *name_b,
                 two_runs *t)
{
    memset(t, 0, sizeof *t);
    /* scenarios change links, never nodes, so one demand serves both networks */
    return (t->net[0] = cli_load(a->net_dir, name_a)) &&
           (t->net[1] = cli_load(a->net_dir, name_b)) &&
           cli_check_avoid(cmd, t->net[0], &a->o.route) &&
           (t->demand = cli_freight_load_demand(cmd, t->net[0], a)) &&
           (t->r[0] = cli_freight_run(cmd, t->net[0], t->demand, a)) &&
           (t->r[1] = cli_freight_run(cmd, t->net[1], t->demand, a));
}

