/* A simulation as `corridor simulate` asks for it: the plan of a stage file, with a flow file,
 * some posts and a traffic factor, then the run; its messages for the command line. */
#include <string.h>

#include "corridor/sim.h"

void cor_sim_spec_default(cor_sim_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->traffic = 1;
    cor_sim_opts_default(&spec->opts);
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
