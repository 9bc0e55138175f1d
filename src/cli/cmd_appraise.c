/* `corridor appraise`: B appraised against A as a development bank would (docs/appraisal.md);
 * its options and tables are read by src/cli/appraise_opts.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/freight_cli.h"

typedef struct appraise_ctx {
    const char *name_a, *name_b;
    const cor_appraisal *ap;
} appraise_ctx;

static void print_appraisal(FILE *f, const void *p)
{
    const appraise_ctx *c = p;
    cor_appraisal_print(f, c->name_a, c->name_b, c->ap);
}

int cmd_appraise(int argc, char **argv)
{
    cor_appraise_opts ao;
    int rc = cli_appraise_opts("appraise", &argc, argv, &ao);
    if (rc >= 0)
        return rc;
    freight_args a;
    rc = cli_freight_parse("appraise", cli_help_appraise, 1, argc, argv, &a);
    if (rc >= 0)
        goto done;
    rc = EXIT_USAGE;
    if (a.links_csv || a.geojson) {
        cli_error("appraise", "--links-csv and --geojson belong to assign and compare");
        goto done;
    }
    const char *name_a = argv[optind], *name_b = argv[optind + 1];
    two_runs t = {0};
    cor_appraisal *ap = NULL;
    int em_failed = 0;
    cor_projects *projects = cli_load_projects("appraise", a.net_dir);
    cor_emissions *em = projects ? cli_load_emissions("appraise", a.net_dir, &em_failed) : NULL;
    cor_err err;
    rc = EXIT_FAIL;
    if (!projects || em_failed || !two_runs_run("appraise", &a, name_a, name_b, &t)) {
        /* the reason is printed */
    } else if (cor_appraise(t.net[0], t.r[0], t.net[1], t.r[1], t.demand, &a.o, em, projects,
                            &ao, &ap, &err) != COR_OK) {
        cli_error("appraise", "%s", err.msg);
    } else {
        appraise_ctx ctx = {name_a, name_b, ap};
        char *json = cor_appraisal_json(name_a, name_b, ap);
        int failed = !json ? (cli_error("appraise", "out of memory"), 1)
                     : a.json ? cli_write(a.output, json)
                              : cli_write_printed(a.output, print_appraisal, &ctx);
        if (!failed && a.save)
            failed = cli_save_run_appraisal(
                &(cli_run){"compare", a.save, a.net_dir, a.demand, a.started, t.demand, &a.o, 2,
                           {name_a, name_b}, {t.net[0], t.net[1]}, {t.r[0], t.r[1]}},
                json);
        free(json);
        rc = failed ? EXIT_FAIL : EXIT_OK;
    }
    two_runs_free(&t);
    cor_appraisal_free(ap);
    cor_emissions_free(em);
    cor_projects_free(projects);
done:
    cli_appraise_opts_free(&ao);
    return rc;
}
