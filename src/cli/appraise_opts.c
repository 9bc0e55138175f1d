/* The options and tables of `corridor appraise` and `corridor report` (the commands are in
 * cmd_appraise.c and cmd_report.c): appraisal options taken out of argv, and the network's
 * emissions.csv and projects.csv. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct appraise_ctx {
    const char *cmd;
    cor_appraise_opts *o;
} appraise_ctx;

/* --project TAG[,TAG]: the tags, copied (the library keeps pointers) */
static int add_projects(const char *cmd, const char *v, cor_appraise_opts *o)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", v);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (o->n_projects == sizeof o->projects / sizeof *o->projects)
            return cli_error(cmd, "--project: expected at most 8 projects"), 0;
        if ((o->projects[o->n_projects] = strdup(t)) == NULL)
            return cli_error(cmd, "out of memory"), 0;
        o->n_projects++;
    }
    return o->n_projects > 0 || (cli_error(cmd, "--project: expected project tags"), 0);
}

static int set_opt(void *ctx, const char *name, const char *value)
{
    appraise_ctx *c = ctx;
    if (strcmp(name, "project") == 0)
        return add_projects(c->cmd, value, c->o);
    char key[32];
    cor_err err;
    if (cor_appraise_opts_set(c->o, cli_opt_key(name, key, sizeof key), value, &err) == COR_OK)
        return 1;
    cli_error(c->cmd, "--%s: %s", name, err.msg);
    return 0;
}

int cli_appraise_opts(const char *cmd, int *argc, char **argv, cor_appraise_opts *o)
{
    static const char *const names[] = {"from-year", "horizon", "discount", "carbon-price",
                                        "growth", "elasticity", "project", NULL};
    cor_appraise_opts_default(o);
    return cli_take_opts(cmd, argc, argv, names, set_opt, &(appraise_ctx){cmd, o});
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
