/*
 * Fuzz target: emission factor and project cost files (emissions.csv, then a line "%%", then
 * projects.csv). Tables that load are used to appraise the bypass of tests/data/appraise (its
 * two assignments made once), and the cash-flow figures are checked against each other.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define FUZZ_APPRAISE COR_SOURCE_DIR "/tests/data/appraise"

static cor_net *net_a, *net_b;
static cor_demand *demand;
static cor_freight_opts fo;
static cor_freight_result *ra, *rb;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    cor_freight_opts_default(&fo);
    if (cor_net_load_scenario(FUZZ_APPRAISE, "base", &net_a, NULL) != COR_OK ||
        cor_net_load_scenario(FUZZ_APPRAISE, "open", &net_b, NULL) != COR_OK ||
        cor_demand_load(net_a, FUZZ_APPRAISE "/demand.csv", &demand, NULL) != COR_OK ||
        cor_freight_assign(net_a, demand, &fo, &ra, NULL) != COR_OK ||
        cor_freight_assign(net_b, demand, &fo, &rb, NULL) != COR_OK)
        fuzz_fail(__FILE__, __LINE__, "cannot load " FUZZ_APPRAISE);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    for (int i = 0; i < 2 && fuzz_split(&data, &size, &part[i], &len[i]); i++)
        ;
    char pe[512], pp[512];
    fuzz_write("emissions.csv", part[0] ? part[0] : (const uint8_t *)"", len[0], pe, sizeof pe);
    fuzz_write("projects.csv", part[1] ? part[1] : (const uint8_t *)"", len[1], pp, sizeof pp);
    cor_diags *d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_emissions *em = NULL;
    cor_status st = cor_emissions_load(pe, &em, d);
    FUZZ_CHECK((st == COR_OK) == (em != NULL));
    fuzz_check_diags(d, st != COR_OK);
    cor_diags_free(d);
    d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_projects *pr = NULL;
    st = cor_projects_load(pp, &pr, d);
    FUZZ_CHECK((st == COR_OK) == (pr != NULL));
    fuzz_check_diags(d, st != COR_OK);
    cor_diags_free(d);
    for (size_t i = 0; pr && i < cor_projects_count(pr); i++) {
        const cor_project *p = cor_projects_get(pr, i);
        FUZZ_CHECK(p->n_years >= 0 && p->n_years <= COR_PROJECT_MAX_YEARS);
        FUZZ_CHECK(p->lifetime_years >= 1 && p->opening_year >= 1900);
        for (int y = 0; y < p->n_years; y++)
            FUZZ_CHECK(p->capital_usd[y] >= 0 && isfinite(p->capital_usd[y]));
    }
    if (em) {
        double by_country[8];
        double t = cor_emissions_accounts(em, net_b, demand, &fo, rb, by_country);
        FUZZ_CHECK(isfinite(t) && t >= 0);
    }
    if (pr) {
        cor_appraise_opts o;
        cor_appraise_opts_default(&o);
        o.n_projects = cor_projects_count(pr) ? 1 : 0;
        if (o.n_projects)
            o.projects[0] = cor_projects_get(pr, 0)->tag;
        cor_appraisal *ap = NULL;
        cor_err err;
        st = cor_appraise(net_a, ra, net_b, rb, demand, &fo, em, pr, &o, &ap, &err);
        FUZZ_CHECK((st == COR_OK) == (ap != NULL));
        if (ap) {
            const cor_cashflow *cf = &ap->cf;
            FUZZ_CHECK(isfinite(cf->npv_usd) && isfinite(cf->pv_benefits_usd));
            FUZZ_CHECK(fabs(cf->npv_usd - (cf->pv_benefits_usd - cf->pv_costs_usd)) <=
                       1e-9 * fmax(1, fabs(cf->pv_benefits_usd) + fabs(cf->pv_costs_usd)));
            FUZZ_CHECK((cf->eirr_status == COR_EIRR_OK) == !isnan(cf->eirr));
            FUZZ_CHECK(ap->n_years == (size_t)ap->opts.horizon_years);
            char *json = cor_appraisal_json("base", "open", ap);
            FUZZ_CHECK(json);
            free(json);
            cor_appraisal_free(ap);
        }
    }
    cor_emissions_free(em);
    cor_projects_free(pr);
    return 0;
}
