/*
 * Fuzz target: freight demand files, loaded against tests/data/tiny; a demand that loads is
 * assigned (all-or-nothing and logit) and the flows are checked to add up.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* tests/data/tiny, loaded once: a read-only network shared by every input */
static cor_net *tiny;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (cor_net_load(FUZZ_TINY, &tiny, NULL) != COR_OK)
        fuzz_fail(__FILE__, __LINE__, "cannot load " FUZZ_TINY);
    return 0;
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fuzz_write("demand.csv", data, size, path, sizeof path);
    cor_diags *d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_demand *dem = NULL;
    cor_status st = cor_demand_load(tiny, path, &dem, d);
    FUZZ_CHECK((st == COR_OK) == (dem != NULL));
    fuzz_check_diags(d, st != COR_OK);
    cor_diags_free(d);
    if (!dem)
        return 0;
    double total = 0;
    for (size_t i = 0; i < cor_demand_count(dem); i++) {
        const cor_od *od = cor_demand_od(dem, i);
        FUZZ_CHECK(od->from < cor_net_node_count(tiny) && od->to < cor_net_node_count(tiny));
        FUZZ_CHECK(od->from != od->to && od->tonnes_per_year > 0);
        total += od->tonnes_per_year;
    }
    FUZZ_CHECK(close_to(total, cor_demand_total(dem)));
    for (int method = 0; method < 2; method++) {
        cor_freight_opts o;
        cor_freight_opts_default(&o);
        o.route.statuses = COR_STATUS_BIT(COR_STATUS_COUNT) - 1;
        if (method) {
            o.method = COR_FREIGHT_LOGIT;
            o.route.alternatives = 3;
        }
        cor_freight_result *res = NULL;
        cor_err err;
        FUZZ_CHECK(cor_freight_assign(tiny, dem, &o, &res, &err) == COR_OK);
        FUZZ_CHECK(res->n_od == cor_demand_count(dem));
        FUZZ_CHECK(close_to(res->tonnes_routed + res->tonnes_unrouted, total));
        for (size_t i = 0; i < res->n_od; i++) {
            const cor_od_result *r = &res->od[i];
            const cor_od *od = cor_demand_od(dem, i);
            if (!r->routed) {
                FUZZ_CHECK(r->message[0]);
                continue;
            }
            double shares = 0;
            for (size_t k = 0; k < r->n_routes; k++) {
                FUZZ_CHECK(r->routes[k].share >= 0 && r->routes[k].share <= 1 + 1e-12);
                shares += r->routes[k].share;
            }
            FUZZ_CHECK(r->n_routes >= 1 && close_to(shares, 1));
            FUZZ_CHECK(isfinite(r->cost_per_t));
            (void)od;
        }
        char *j = cor_freight_json(tiny, NULL, dem, &o, res);
        char *csv = cor_freight_links_csv(tiny, res);
        char *geo = cor_freight_links_geojson(tiny, res);
        FUZZ_CHECK(j && csv && geo); /* NULL only when memory runs out */
        free(j);
        free(csv);
        free(geo);
        cor_freight_result_free(res);
    }
    cor_demand_free(dem);
    return 0;
}
