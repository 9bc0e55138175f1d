/* The options and inputs of `corridor validate` and `corridor calibrate`: the freight options,
 * --observed, --param, --max-evaluations; the demand and the observations read against the
 * network. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* --param SECTION:SELECTOR:LO:HI appended to a's parameters; 0 after printing why. */
static int parse_param(const char *cmd, const char *s, cli_calib_args *a)
{
    cor_err err;
    if (a->n_params == CLI_CALIB_MAX_PARAMS) {
        cli_error(cmd, "--param: at most %d parameters", CLI_CALIB_MAX_PARAMS);
        return 0;
    }
    if (cor_calib_param_parse(s, &a->params[a->n_params], &err) != COR_OK) {
        cli_error(cmd, "--param: %s", err.msg);
        return 0;
    }
    a->n_params++;
    return 1;
}

int cli_calib_parse(const char *cmd, const char *help, int argc, char **argv, cli_calib_args *a)
{
    enum { O_SCENARIO = 256, O_DEMAND, O_JSON, O_NET, O_HELP, O_OBSERVED, O_MAX_EVAL, O_PARAM };
    static const struct option longopts[] = {
        CLI_FREIGHT_LONGOPTS,
        {"scenario", required_argument, NULL, O_SCENARIO},
        {"demand", required_argument, NULL, O_DEMAND},
        {"observed", required_argument, NULL, O_OBSERVED},
        {"max-evaluations", required_argument, NULL, O_MAX_EVAL},
        {"param", required_argument, NULL, O_PARAM},
        {"json", no_argument, NULL, O_JSON},
        {"output", required_argument, NULL, 'o'},
        {"net", required_argument, NULL, O_NET},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    cor_calib_opts_default(&a->co);
    a->co.freight.route.alternatives = 3;
    int calibrate = strcmp(cmd, "calibrate") == 0;
    int c;
    double v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        int handled = cli_freight_opt(cmd, c, optarg, &a->co.freight);
        if (handled < 0)
            return EXIT_USAGE;
        if (handled)
            continue;
        switch (c) {
        case O_SCENARIO: a->scenario = optarg; break;
        case O_DEMAND: a->demand = optarg; break;
        case O_OBSERVED: a->observed = optarg; break;
        case O_MAX_EVAL:
            if (!calibrate)
                goto bad;
            if (!cli_parse_range(cmd, "--max-evaluations", optarg, 3, 1e6, &v) ||
                v != floor(v)) {
                cli_error(cmd, "--max-evaluations: expected a whole number from 3 to 1000000");
                return EXIT_USAGE;
            }
            a->co.max_evaluations = (unsigned)v;
            break;
        case O_PARAM:
            if (!calibrate)
                goto bad;
            if (!parse_param(cmd, optarg, a))
                return EXIT_USAGE;
            break;
        case O_JSON: a->json = 1; break;
        case 'o': a->output = optarg; break;
        case O_NET: a->net_dir = optarg; break;
        case O_HELP: fputs(help, stdout); return EXIT_OK;
        default:
        bad:
            cli_bad_option(cmd, argv);
            return EXIT_USAGE;
        }
    }
    if (!cli_no_simulated_dwell(cmd, &a->co.freight.route))
        return EXIT_USAGE;
    if (argc - optind != 0) {
        cli_error(cmd, "expected no arguments, found %d (see corridor %s --help)", argc - optind,
                  cmd);
        return EXIT_USAGE;
    }
    a->net_dir = cli_network_dir(a->net_dir);
    return -1;
}

int cli_calib_load(const char *cmd, const cor_net *net, const cli_calib_args *a,
                   cor_demand **demand, cor_obs_set **obs)
{
    char path[4096];
    *demand = NULL;
    *obs = NULL;
    cor_diags *d = cor_diags_new();
    if (!d) {
        cli_error(cmd, "out of memory");
        return 0;
    }
    snprintf(path, sizeof path, "%s/demand.csv", a->net_dir);
    cor_status st = cor_demand_load(net, a->demand ? a->demand : path, demand, d);
    if (st == COR_OK) {
        snprintf(path, sizeof path, "%s/observed.csv", a->net_dir);
        st = cor_obs_load(net, a->observed ? a->observed : path, obs, d);
    }
    cli_print_diags(d, 0);
    cor_diags_free(d);
    if (st != COR_OK) {
        cli_error(cmd, st == COR_ERR_NOMEM ? "out of memory"
                                           : "cannot read the demand or the observations");
        cor_demand_free(*demand);
        *demand = NULL;
        return 0;
    }
    return 1;
}
