/* Simulated border dwell for routing: the default run of a network's border_stages.csv turned
 * into the border_dwell_h override of cor_route_opts, so that `corridor route --dwell
 * simulated` and the server's dwell=simulated compute it the same way. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "corridor/route.h"
#include "corridor/sim.h"

cor_status cor_sim_route_dwell(const cor_net *net, const char *stage_scenario, double **dwell_h,
                               cor_diags *diags, cor_err *err)
{
    *dwell_h = NULL;
    cor_sim_plan *plan = NULL;
    cor_sim_result *res = NULL;
    cor_sim_spec spec; /* the network's stage file, every post, the default run */
    cor_sim_spec_default(&spec);
    spec.scenario = stage_scenario;
    cor_status st = cor_sim_study(net, &spec, &plan, &res, diags, err);
    if (st != COR_OK)
        return st;
    double *d = malloc((cor_net_border_count(net) + 1) * sizeof *d);
    if (!d) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto out;
    }
    cor_sim_border_dwell(net, plan, res, d);
    char path[4096];
    snprintf(path, sizeof path, "%s/border_stages.csv", cor_net_dir(net));
    for (size_t i = 0; i < res->n; i++) {
        const cor_sim_post *p = cor_sim_plan_post(plan, i);
        if (!res->posts[i].stable)
            cor_diags_add(diags, COR_WARNING, path, p->stages[0].line, NULL,
                          "the simulated post %s -> %s (%s) is overloaded (a stage's offered "
                          "load >= 1): its dwell of %.1f h grows with the length of the run",
                          cor_net_node(net, p->from)->id, cor_net_node(net, p->to)->id,
                          cor_mode_name(p->mode), res->posts[i].mean_dwell_h);
    }
    *dwell_h = d;
out:
    cor_sim_result_free(res);
    cor_sim_plan_free(plan);
    return st;
}
