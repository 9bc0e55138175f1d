/*
 * Fuzz target: scenario files. The input is an INI file applied to tests/data/tiny (it may
 * inherit the scenarios of tiny by name); a network that loads is routed A -> E and checked.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fuzz_write("fuzz.ini", data, size, path, sizeof path);

    cor_diags *d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_scenario *sc = NULL;
    cor_status st = cor_scenario_load(FUZZ_TINY, path, &sc, d);
    FUZZ_CHECK((st == COR_OK) == (sc != NULL));
    fuzz_check_diags(d, st != COR_OK);
    if (sc) {
        FUZZ_CHECK(strcmp(cor_scenario_name(sc), path) == 0);
        FUZZ_CHECK(cor_scenario_chain(sc)[0] && cor_scenario_description(sc));
        char *j = cor_scenario_json(sc);
        FUZZ_CHECK(j);
        free(j);
    }
    cor_scenario_free(sc);
    cor_diags_free(d);

    d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_net *net = NULL;
    st = cor_net_load_scenario(FUZZ_TINY, path, &net, d);
    FUZZ_CHECK((st == COR_OK) == (net != NULL));
    fuzz_check_diags(d, st != COR_OK);
    cor_diags_free(d);
    if (!net)
        return 0;
    cor_router *r = cor_router_new(net);
    FUZZ_CHECK(r);
    cor_route_opts o;
    cor_route_opts_default(&o);
    o.alternatives = 3;
    uint32_t a, e;
    cor_err err;
    FUZZ_CHECK(cor_net_find_node(net, "A", &a, &err) == COR_OK);
    FUZZ_CHECK(cor_net_find_node(net, "E", &e, &err) == COR_OK);
    for (int m = 0; m < 4; m++) {
        o.minimize = (cor_objective)m;
        cor_route_set *set = NULL;
        cor_status rs = cor_route_query(r, a, e, &o, &set, &err);
        if (rs == COR_OK)
            fuzz_check_routes(net, a, e, &o, set);
        else
            FUZZ_CHECK(rs == COR_ERR_NOROUTE && !set && err.msg[0]);
        cor_route_set_free(set);
    }
    cor_router_free(r);
    cor_net_free(net);
    return 0;
}
