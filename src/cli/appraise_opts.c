/* The options and tables of `corridor appraise` and `corridor report` (the commands are in
 * cmd_appraise.c and cmd_report.c): appraisal options taken out of argv, and the network's
 * emissions.csv and projects.csv. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    int kind; /* 0 year, 1 horizon, 2 discount, 3 carbon, 4 growth, 5 elasticity, 6 project */
} appraise_opts[] = {{"--from-year", 0}, {"--horizon", 1},    {"--discount", 2},
                     {"--carbon-price", 3}, {"--growth", 4}, {"--elasticity", 5},
                     {"--project", 6}};

static int set_opt(const char *cmd, int kind, const char *name, const char *v,
                   cor_appraise_opts *o)
{
    double x;
    switch (kind) {
    case 0:
        if (!cli_parse_range(cmd, name, v, 1900, 2200, &x) || x != floor(x))
            return cli_error(cmd, "%s: expected a year", name), 0;
        o->from_year = (int)x;
        return 1;
    case 1:
        if (!cli_parse_range(cmd, name, v, 1, COR_PROJECT_MAX_YEARS, &x) || x != floor(x))
            return cli_error(cmd, "%s: expected a whole number of years", name), 0;
        o->horizon_years = (int)x;
        return 1;
    case 2: return cli_parse_range(cmd, name, v, -0.5, 1, &o->discount_rate);
    case 3: return cli_parse_range(cmd, name, v, 0, 1e6, &o->carbon_price_usd_per_t);
    case 4: return cli_parse_range(cmd, name, v, -0.5, 1, &o->growth);
    case 5: return cli_parse_range(cmd, name, v, -10, 0, &o->elasticity);
    default: {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", v);
        char *save = NULL;
        for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            if (o->n_projects == sizeof o->projects / sizeof *o->projects)
                return cli_error(cmd, "%s: expected at most 8 projects", name), 0;
            if ((o->projects[o->n_projects] = strdup(t)) == NULL)
                return cli_error(cmd, "out of memory"), 0;
            o->n_projects++;
        }
        return o->n_projects > 0 || (cli_error(cmd, "%s: expected project tags", name), 0);
    }
    }
}

int cli_appraise_opts(const char *cmd, int *argc, char **argv, cor_appraise_opts *o)
{
    cor_appraise_opts_default(o);
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        int kind = -1;
        const char *value = NULL, *name = argv[i];
        for (size_t k = 0; k < sizeof appraise_opts / sizeof *appraise_opts; k++) {
            size_t len = strlen(appraise_opts[k].name);
            if (strncmp(argv[i], appraise_opts[k].name, len) != 0)
                continue;
            if (argv[i][len] == '=')
                value = argv[i] + len + 1;
            else if (argv[i][len] != '\0')
                continue;
            else if (i + 1 < *argc)
                value = argv[++i];
            else
                return cli_error(cmd, "%s: expected a value, found none", name), EXIT_USAGE;
            kind = appraise_opts[k].kind;
            name = appraise_opts[k].name;
            break;
        }
        if (kind < 0)
            argv[out++] = argv[i];
        else if (!set_opt(cmd, kind, name, value, o))
            return EXIT_USAGE;
    }
    argv[out] = NULL;
    *argc = out;
    return -1;
}

void cli_appraise_opts_free(cor_appraise_opts *o)
{
    for (size_t i = 0; i < o->n_projects; i++)
        free((char *)o->projects[i]);
    o->n_projects = 0;
}

cor_emissions *cli_load_emissions(const char *cmd, const char *net_dir, int *failed)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/emissions.csv", net_dir);
    *failed = 0;
    if (access(path, F_OK) != 0)
        return NULL; /* a network without emission factors: no CO2e figures */
    cor_diags *d = cor_diags_new();
    cor_emissions *e = NULL;
    if (!d || cor_emissions_load(path, &e, d) != COR_OK) {
        cli_print_diags(d, 0);
        cli_error(cmd, "cannot read the emission factors %s", path);
        *failed = 1;
    }
    cor_diags_free(d);
    return e;
}

cor_projects *cli_load_projects(const char *cmd, const char *net_dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/projects.csv", net_dir);
    cor_diags *d = cor_diags_new();
    cor_projects *p = NULL;
    if (!d || cor_projects_load(path, &p, d) != COR_OK) {
        cli_print_diags(d, 0);
        cli_error(cmd, "cannot read the project costs %s", path);
    }
    cor_diags_free(d);
    return p;
}
