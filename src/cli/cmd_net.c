/* `corridor info` and `corridor scenarios`: describe a network directory. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"

int cmd_info(int argc, char **argv)
{
    cli_net_args a;
    int rc = cli_net_parse("info", cli_help_info, "net json scenario", argc, argv, &a);
    if (rc >= 0)
        return rc;
    cor_net *net = cli_load(a.dir, a.scenario);
    if (!net)
        return EXIT_FAIL;
    rc = EXIT_OK;
    if (a.json) {
        char *s = cor_net_info_json(net);
        rc = s && cli_write(NULL, s) == 0 ? EXIT_OK : EXIT_FAIL;
        free(s);
    } else {
        cor_net_print_info(stdout, net);
    }
    cor_net_free(net);
    return rc;
}

int cmd_scenarios(int argc, char **argv)
{
    cli_net_args a;
    int rc = cli_net_parse("scenarios", cli_help_scenarios, "net json", argc, argv, &a);
    if (rc >= 0)
        return rc;
    char **names;
    size_t n;
    char probe[PATH_MAX];
    snprintf(probe, sizeof probe, "%s/nodes.csv", a.dir);
    if (access(probe, F_OK) != 0) { /* `scenarios /tmp`: not an empty answer, an error */
        cli_error("scenarios", "%s: expected a network directory, found no nodes.csv there",
                  a.dir);
        return EXIT_FAIL;
    }
    if (cor_scenario_list(a.dir, &names, &n) != COR_OK) {
        cli_error("scenarios", "out of memory");
        return EXIT_FAIL;
    }
    if (!n && !a.json)
        printf("no scenarios in %s/scenarios\n", a.dir);
    rc = EXIT_OK;
    if (a.json)
        fputs("[", stdout);
    size_t written = 0; /* scenarios in the JSON array so far: one that fails is left out */
    for (size_t i = 0; i < n; i++) {
        cor_diags *d = cor_diags_new();
        cor_scenario *sc = NULL;
        if (!d || cor_scenario_load(a.dir, names[i], &sc, d) != COR_OK) {
            cli_error("scenarios", "%s: cannot be read (corridor check %s says why)", names[i],
                      a.dir);
            rc = EXIT_FAIL;
        } else if (a.json) {
            char *s = cor_scenario_json(sc);
            printf("%s%s", written++ ? "," : "", s ? s : "null");
            free(s);
        } else {
            printf("%-16s %s\n%-16s %s\n", names[i], cor_scenario_chain(sc), "",
                   cor_scenario_description(sc));
        }
        cor_scenario_free(sc);
        cor_diags_free(d);
    }
    if (a.json)
        puts("]");
    cor_scenario_names_free(names, n);
    return rc;
}
