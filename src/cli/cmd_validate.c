/* `corridor validate`: the model against observed.csv (the library compares; this file prints;
 * the options and inputs are read by calib_cli.c, as for `corridor calibrate`). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

int cmd_validate(int argc, char **argv)
{
    cli_calib_args a;
    int rc = cli_calib_parse("validate", cli_help_validate, argc, argv, &a);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(a.net_dir, a.scenario);
    if (!net)
        return EXIT_FAIL;
    cor_demand *demand;
    cor_obs_set *obs;
    if (!cli_check_avoid("validate", net, &a.co.freight.route) ||
        !cli_calib_load("validate", net, &a, &demand, &obs)) {
        cor_net_free(net);
        return EXIT_FAIL;
    }
    cor_validation *v = NULL;
    cor_err err;
    rc = EXIT_FAIL;
    if (cor_validate_run(net, demand, obs, &a.co.freight, &v, &err) != COR_OK) {
        cli_error("validate", "%s", err.msg);
    } else if (a.json) {
        char *s = cor_validation_json(v);
        if (!s)
            cli_error("validate", "out of memory");
        else
            rc = cli_write(a.output, s) == 0 ? EXIT_OK : EXIT_FAIL;
        free(s);
    } else {
        cli_text t;
        FILE *f = cli_text_open(&t, "validate");
        if (f) {
            fprintf(f, "validate %s on %s\n", a.scenario ? a.scenario : "(no scenario)",
                    a.net_dir);
            cor_validation_print(f, v);
            rc = cli_text_write(&t, a.output) == 0 ? EXIT_OK : EXIT_FAIL;
        }
    }
    cor_validation_free(v);
    cor_obs_free(obs);
    cor_demand_free(demand);
    cor_net_free(net);
    return rc;
}
