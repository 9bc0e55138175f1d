/* The whole check of a network directory behind `corridor check` (docs/network-format.md):
 * the network, its scenarios and the optional inputs read against it. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "corridor/appraise.h"
#include "corridor/calib.h"

/* demand.csv and observed.csv read against the network when present. Returns COR_ERR_NOMEM or
 * COR_OK (their problems are in d). */
static cor_status check_inputs(const char *dir, cor_diags *d)
{
    char demand_path[PATH_MAX], obs_path[PATH_MAX];
    snprintf(demand_path, sizeof demand_path, "%s/demand.csv", dir);
    snprintf(obs_path, sizeof obs_path, "%s/observed.csv", dir);
    int has_demand = access(demand_path, F_OK) == 0, has_obs = access(obs_path, F_OK) == 0;
    if (!has_demand && !has_obs)
        return COR_OK;
    cor_status st = COR_OK;
    cor_net *net = NULL;
    if (cor_net_load(dir, &net, d) == COR_OK) {
        cor_demand *demand = NULL;
        cor_obs_set *obs = NULL;
        if ((has_demand && cor_demand_load(net, demand_path, &demand, d) == COR_ERR_NOMEM) ||
            (has_obs && cor_obs_load(net, obs_path, &obs, d) == COR_ERR_NOMEM))
            st = COR_ERR_NOMEM;
        cor_demand_free(demand);
        cor_obs_free(obs);
    }
    cor_net_free(net);
    return st;
}

/* DIR/NAME (emissions.csv or projects.csv) when it exists, its findings into d. Returns
 * COR_ERR_NOMEM or COR_OK: bad input is a finding. */
static cor_status check_table(const char *dir, const char *name, cor_diags *d)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, F_OK) != 0)
        return COR_OK;
    cor_status st;
    if (strcmp(name, "emissions.csv") == 0) {
        cor_emissions *em = NULL;
        st = cor_emissions_load(path, &em, d);
        cor_emissions_free(em);
    } else {
        cor_projects *pr = NULL;
        st = cor_projects_load(path, &pr, d);
        cor_projects_free(pr);
    }
    return st == COR_ERR_NOMEM ? st : COR_OK;
}

cor_status cor_net_check_dir(const char *dir, const cor_net_limits *lim, cor_diags *d,
                             size_t *n_scenarios)
{
    *n_scenarios = 0;
    cor_status st = cor_net_check_limited(dir, lim, d);
    if (st != COR_OK)
        return st;
    char **names;
    if (cor_scenario_list(dir, &names, n_scenarios) != COR_OK)
        return *n_scenarios = 0, COR_ERR_NOMEM;
    for (size_t i = 0; i < *n_scenarios && st != COR_ERR_NOMEM; i++) {
        cor_net *net = NULL;
        if (cor_net_load_scenario(dir, names[i], &net, d) == COR_ERR_NOMEM)
            st = COR_ERR_NOMEM;
        cor_net_free(net);
    }
    cor_scenario_names_free(names, *n_scenarios);
    if (st == COR_OK)
        st = check_inputs(dir, d);
    /* the optional tables of corridor appraise (docs/network-format.md) */
    for (int k = 0; k < 2 && st == COR_OK; k++)
        st = check_table(dir, k ? "projects.csv" : "emissions.csv", d);
    return st;
}
