/* `corridor appraise`: B appraised against A as a development bank would (docs/appraisal.md);
 * its options and tables are read by src/cli/appraise_opts.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/freight_cli.h"

static const char appraise_help[] =
    "usage: corridor appraise SCENARIO_A SCENARIO_B [options]\n"
    "\n"
    "Is B worth it, and for whom: assigns the same demand under A (without the project) and B\n"
    "(with it) and appraises B as a development bank would (docs/appraisal.md): yearly benefits\n"
    "by the rule of a half per OD flow (time and cost savings, emissions at a carbon price),\n"
    "border fees kept out as transfers, the capital and maintenance costs of NET/projects.csv;\n"
    "NPV, EIRR, BCR, first-year return, sensitivity tests (capital +20%, benefits -20%, a\n"
    "two-year delay) with switching values, and each country's gains, fees and CO2e.\n"
    "\n"
    "options:\n"
    "  --from-year Y        first year of the stream (default: the first capital year)\n"
    "  --horizon N          years in the stream (default 30)\n"
    "  --discount R         real discount rate per year (default 0.09, ADB 2017)\n"
    "  --carbon-price P     USD per t CO2e (default 36.3, ADB 2017)\n"
    "  --growth G           demand growth per year from the first year (default 0)\n"
    "  --elasticity E       demand elasticity to generalized cost, <= 0 (default 0: fixed)\n"
    "  --project TAG[,TAG]  projects to cost (default: those of the links B opens)\n"
    "  --json               the result as JSON (docs/json.md)\n"
    "  -o, --output FILE    write the result to FILE (atomically)\n"
    "  --save[=DB]          also save both assignments and the appraisal in the run history\n"
    "  --demand, --method, --routes, --theta, --gap, --max-iter, --minimize, --vot, --tonnes,\n"
    "  --modes, --avoid, --status, --overlap, --dwell, --net DIR   as for corridor compare\n"
    "\n"
    "example:\n"
    "  corridor appraise base tripp --discount 0.06 --growth 0.03\n";

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
    rc = cli_freight_parse("appraise", appraise_help, 1, argc, argv, &a);
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
