/* `corridor report`: two scenarios assigned and written as one self-contained HTML file. */
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/freight_cli.h"

/* The appraisal section of the report: B appraised against A when the network has a
 * projects.csv and B opens a project of it (NULL otherwise, or after printing why not). */
static cor_appraisal *report_appraisal(const freight_args *a, const two_runs *t,
                                       const cor_appraise_opts *ao)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/projects.csv", a->net_dir);
    if (access(path, F_OK) != 0)
        return NULL;
    int em_failed = 0;
    cor_projects *projects = cli_load_projects("report", a->net_dir);
    cor_emissions *em = projects ? cli_load_emissions("report", a->net_dir, &em_failed) : NULL;
    cor_appraisal *ap = NULL;
    cor_err err;
    if (projects && !em_failed &&
        cor_appraise(t->net[0], t->r[0], t->net[1], t->r[1], t->demand, &a->o, em, projects, ao,
                     &ap, &err) != COR_OK)
        fprintf(stderr, "corridor: report: no appraisal section: %s\n", err.msg);
    cor_emissions_free(em);
    cor_projects_free(projects);
    return ap;
}

/* --outlines FILE|none (taken out of argv by cli_take_opts()) */
static int set_outlines(void *ctx, const char *name, const char *value)
{
    (void)name;
    *(const char **)ctx = value;
    return 1;
}

/* The outlines to draw: the file given, none, or the map page's outlines.json when there is
 * one. NULL (after printing why, *failed set) when a file given cannot be read. */
static cor_outlines *load_outlines(const char *given, int *failed)
{
    char web[PATH_MAX], path[PATH_MAX + 32];
    *failed = 0;
    if (given && strcmp(given, "none") == 0)
        return NULL;
    if (!given) {
        snprintf(path, sizeof path, "%s/outlines.json", cli_web_dir(web) ? web : "");
        if (!web[0] || access(path, R_OK) != 0)
            return NULL;
        given = path;
    }
    cor_diags *d = cor_diags_new();
    cor_outlines *o = NULL;
    if (cor_outlines_load(given, &o, d) != COR_OK) {
        cli_print_diags(d, 0);
        cli_error("report", "cannot read the outlines %s", given);
        *failed = 1;
    }
    cor_diags_free(d);
    return o;
}

int cmd_report(int argc, char **argv)
{
    const char *outlines_path = NULL;
    static const char *const outlines_opt[] = {"outlines", NULL};
    int rc = cli_take_opts("report", &argc, argv, outlines_opt, set_outlines, &outlines_path);
    if (rc >= 0)
        return rc;
    cor_appraise_opts ao;
    rc = cli_appraise_opts("report", &argc, argv, &ao);
    if (rc >= 0)
        return rc;
    freight_args a;
    rc = cli_freight_parse("report", cli_help_report, 1, argc, argv, &a);
    if (rc >= 0)
        goto done;
    rc = EXIT_USAGE;
    if (a.json || a.links_csv || a.geojson) {
        cli_error("report", "--json, --links-csv and --geojson belong to assign and compare");
        goto done;
    }
    if (!a.output || strcmp(a.output, "-") == 0) {
        cli_error("report", "-o FILE: expected the HTML file to write, found none");
        goto done;
    }
    const char *name_a = argv[optind], *name_b = argv[optind + 1];
    two_runs t;
    int bad_outlines;
    cor_outlines *outlines = load_outlines(outlines_path, &bad_outlines);
    /* names where the system has iso-codes' table (scripts/deps.sh installs it), else codes */
    cor_countries *countries = NULL;
    cor_countries_load(COR_ISO_3166_PATH, &countries, NULL);
    rc = EXIT_FAIL;
    if (!bad_outlines && two_runs_run("report", &a, name_a, name_b, &t)) {
        char path[PATH_MAX];
        cli_freight_demand_path(&a, path, sizeof path);
        cor_appraisal *ap = report_appraisal(&a, &t, &ao);
        cor_html_report in = {a.net_dir, name_a, name_b, t.net[0], t.net[1], t.r[0], t.r[1],
                              t.demand, path, &a.o, CORRIDOR_VERSION, ap, outlines,
                              countries};
        char *html = cor_report_html(&in);
        if (html)
            rc = cli_write(a.output, html) == 0 ? EXIT_OK : EXIT_FAIL;
        else
            cli_error("report", "out of memory");
        free(html);
        cor_appraisal_free(ap);
    }
    if (!bad_outlines)
        two_runs_free(&t);
    cor_outlines_free(outlines);
    cor_countries_free(countries);
done:
    cli_appraise_opts_free(&ao);
    return rc;
}
