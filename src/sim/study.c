/* A simulation as `corridor simulate` asks for it: the plan of a stage file, with a flow file,
 * some posts and a traffic factor, then the run; its messages for the command line. */
#include <math.h>
#include <string.h>

#include "corridor/sim.h"

void cor_sim_spec_default(cor_sim_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->traffic = 1;
    cor_sim_opts_default(&spec->opts);
}

/* text as a number > 0 into *out; COR_ERR_INPUT otherwise */
static cor_status positive(const char *text, double *out, cor_err *err)
{
    double v;
    if (cor_number_parse(text, 0, INFINITY, 0, &v, NULL) != COR_OK || v == 0)
        return cor_err_set(err, COR_ERR_INPUT, "expected a number > 0, found \"%s\"", text);
    *out = v;
    return COR_OK;
}

cor_status cor_sim_spec_set(cor_sim_spec *spec, const char *name, const char *value,
                            cor_err *err)
{
    double v;
    cor_status st;
    if (strcmp(name, "traffic") == 0)
        return positive(value, &spec->traffic, err);
    if (strcmp(name, "days") == 0)
        return positive(value, &spec->opts.run_days, err);
    if (strcmp(name, "seed") == 0)
        return cor_seed_parse(value, &spec->opts.seed, err);
    if (strcmp(name, "warmup_days") == 0)
        return cor_number_parse(value, 0, INFINITY, 0, &spec->opts.warmup_days, err);
    if (strcmp(name, "replications") != 0)
        return cor_err_set(err, COR_ERR_NOTFOUND, "%s: not a simulation option", name);
    if ((st = cor_number_parse(value, 1, 1000, 1, &v, err)) == COR_OK)
        spec->opts.replications = (unsigned)v;
    return st;
}

cor_status cor_sim_study(const cor_net *net, const cor_sim_spec *spec, cor_sim_plan **plan,
                         cor_sim_result **res, cor_diags *diags, cor_err *err)
{
    *res = NULL;
    cor_status st = cor_sim_plan_load(net, spec->stages, spec->scenario, plan, diags);
    if (st == COR_ERR_NOTFOUND && spec->stages)
        return cor_err_set(err, st, "no simulated posts: cannot find the stage file %s",
                           spec->stages);
    if (st == COR_ERR_NOTFOUND)
        return cor_err_set(err, st, "no simulated border posts: the network has no stage file "
                                    "(write border_stages.csv, see docs/simulation.md)");
    if (st != COR_OK)
        return cor_err_set(err, st, st == COR_ERR_NOMEM ? "out of memory"
                                    : "cannot use the stage file (problems listed above)");
    if (spec->flows && (st = cor_sim_plan_apply_flows(*plan, net, spec->flows, diags)) != COR_OK)
        cor_err_set(err, st, st == COR_ERR_NOMEM ? "out of memory"
                             : "cannot use the flow file %s (problems listed above)", spec->flows);
    if (st == COR_OK && spec->n_select)
        cor_sim_plan_select(*plan, spec->select, spec->n_select);
    if (st == COR_OK && spec->traffic != 1)
        cor_sim_plan_scale_traffic(*plan, spec->traffic);
    if (st == COR_OK)
        st = cor_sim_run(*plan, &spec->opts, res, err);
    if (st != COR_OK) {
        cor_sim_plan_free(*plan);
        *plan = NULL;
    }
    return st;
}
