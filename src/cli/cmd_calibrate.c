/* `corridor calibrate`: fits scenario factors to observed.csv and writes them as a scenario
 * (the library fits; this file parses options, prints and writes the file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int cmd_calibrate(int argc, char **argv)
{
    cli_calib_args a;
    int rc = cli_calib_parse("calibrate", cli_help_calibrate, argc, argv, &a);
    if (rc >= 0)
        return rc;
    cor_diags *d = cor_diags_new();
    cor_scenario *base = NULL;
    if (!d) {
        cli_error("calibrate", "out of memory");
        return EXIT_FAIL;
    }
    if (a.scenario && cor_scenario_load(a.net_dir, a.scenario, &base, d) != COR_OK) {
        cli_print_diags(d, 0);
        cor_diags_free(d);
        cli_error("calibrate", "cannot read scenario %s", a.scenario);
        return EXIT_FAIL;
    }
    cor_net *net = cli_load(a.net_dir, a.scenario);
    cor_demand *demand = NULL;
    cor_obs_set *obs = NULL;
    if (!net || !cli_check_avoid("calibrate", net, &a.co.freight.route) ||
        !cli_calib_load("calibrate", net, &a, &demand, &obs)) {
        cor_net_free(net);
        cor_scenario_free(base);
        cor_diags_free(d);
        return EXIT_FAIL;
    }
    cor_net_free(net);
    const cor_calib_param *params = a.n_params ? a.params : cor_calib_default_params;
    size_t n_params = a.n_params ? a.n_params : cor_calib_default_n_params;
    cor_calib_result *r = NULL;
    cor_err err;
    rc = EXIT_FAIL;
    if (cor_calibrate_run(a.net_dir, base, demand, obs, params, n_params, &a.co, &r, d, &err) !=
        COR_OK) {
        cli_print_diags(d, 1);
        cli_error("calibrate", "%s", err.msg);
    } else {
        char path[4096], source[4096];
        snprintf(path, sizeof path, "%s/scenarios/calibrated.ini", a.net_dir);
        static const char *const methods[] = {"aon", "logit", "ue"};
        snprintf(source, sizeof source, "%s with --method %s%s%s",
                 a.observed ? a.observed : "observed.csv", methods[a.co.freight.method],
                 a.scenario ? " over scenario " : "", a.scenario ? a.scenario : "");
        char *ini = cor_calib_scenario_text(r, source);
        char *text = NULL;
        if (a.json) {
            text = cor_calib_json(r);
        } else {
            size_t len;
            FILE *f = open_memstream(&text, &len);
            if (f) {
                cor_calib_print(f, r);
                fprintf(f, "\nwrote %s\n", a.output ? a.output : path);
                if (fclose(f) != 0) {
                    free(text);
                    text = NULL;
                }
            }
        }
        if (!ini || !text)
            cli_error("calibrate", "out of memory");
        else if (cli_write(a.output ? a.output : path, ini) == 0 &&
                 cli_write(NULL, text) == 0)
            rc = EXIT_OK;
        free(ini);
        free(text);
    }
    cor_calib_result_free(r);
    cor_obs_free(obs);
    cor_demand_free(demand);
    cor_scenario_free(base);
    cor_diags_free(d);
    return rc;
}
