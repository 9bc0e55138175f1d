/*
 * Appraisal on tests/data/appraise, two roads from O to D with the answers worked out by hand
 * below (rule of a half, NPV at 6% over 30 years, EIRR, switching values, the two-year delay,
 * elastic demand), a route's kg CO2e recomputed from emissions.csv, cash-flow cases with known
 * roots (a bond, two roots refused), and the loaders' file:line errors.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"

#define NET "tests/data/appraise"

/* equal to 1e-9 relative (absolute near 0) */
#define assert_rel(want, got)                                                                \
    do {                                                                                     \
        double w_ = (want), g_ = (got);                                                      \
        if (!(fabs(w_ - g_) <= 1e-9 * fmax(1.0, fabs(w_))))                                  \
            fail_msg("expected %.15g, found %.15g", w_, g_);                                 \
    } while (0)

/*
 * The network (tests/data/appraise): O (country AA) to D (BB), 100,000 t/year, shipments of
 * 20 t (one truck), VOT 1 USD/t/h, every road 50 km/h and 0.05 USD/tkm.
 *   A, the north road O-P-Q-D: 100 + 10 + 100 = 210 km, 4.2 h moving, border P-Q 10 h and
 *     100 USD per truck = 5 USD/t. Per tonne: USD 10.5 + 5 = 15.5, hours 14.2,
 *     generalized g_A = 29.7.
 *   B, the bypass O-R-S-D (planned; scenario "open"): 50 + 10 + 50 = 110 km, 2.2 h, border
 *     R-S 2 h and 20 USD per truck = 1 USD/t. USD 5.5 + 1 = 6.5, hours 4.2, g_B = 10.7.
 * Rule of a half with fixed demand (T_A = T_B = T = 100,000):
 *   shipper savings 1/2 (T + T)(29.7 - 10.7) = 1,900,000 USD/year, of which
 *   time 100,000 x 1 x (14.2 - 4.2) = 1,000,000; cost without fees 100,000 x (10.5 - 5.5) =
 *   500,000; fees 100,000 x (5 - 1) = 400,000, a transfer: the countries lose them, half each
 *   side of the posts (-200,000 AA, -200,000 BB).
 * Emissions (emissions.csv: road 100 g/tkm, 60 in BB, a cross-border link at the mean 80;
 *   border 10 kg per truck-hour):
 *   A per tonne: (100 x 100 + 10 x 80 + 100 x 60) g + 10 h x 10 kg / 20 t = 16.8 + 5 = 21.8 kg
 *   B per tonne: (50 x 100 + 10 x 80 + 50 x 60) g + 2 h x 10 kg / 20 t = 8.8 + 1 = 9.8 kg
 *   change (9.8 - 21.8) x 100,000 / 1000 = -1,200 t/year; at 50 USD/t: 60,000 USD/year.
 * Economic benefit per year: 1,000,000 + 500,000 + 60,000 = 1,560,000 USD.
 * Costs (projects.csv, bypass): capital 10,000,000 in 2030, opening 2031, maintenance 100,000
 *   per year, lifetime 30 years, linear residual: at the end of 2059, 2031 + 30 - 2060 = 1 year
 *   of service is left, 10,000,000 x 1/30 = 333,333.33 (booked in 2059 against the costs).
 * Stream 2030-2059 at 6%, t = year - 2030, v = 1/1.06, a29 = sum_{t=1..29} v^t
 *   = (1 - 1.06^-29) / 0.06 = 13.5907210205788 (1.06^29 = 5.41838789897477):
 *   PV benefits 1,560,000 x a29 = 21,201,524.7921029
 *   PV costs 10,000,000 + 100,000 x a29 - 333,333.33 x 1.06^-29 = 11,297,553.1891361
 *   NPV 9,903,971.60296678; BCR 1.87664748615573
 *   EIRR: the root of -10,000,000 + 1,460,000 a29(r) + 333,333.33 (1+r)^-29 = 0, which
 *   bisection and Newton (by hand, in Python) put at r = 0.143077644504180; the test checks
 *   that this closed form vanishes at the library's EIRR, which sums the years one by one.
 *   Switching values: capital NPV / (10,000,000 - 333,333.33 x 1.06^-29) = 0.996527690317152;
 *   benefits NPV / PV benefits = 0.467134873556632.
 *   First-year return: 1,560,000 / 10,000,000 = 0.156.
 *   Two-year delay (opening 2033, benefits and maintenance from t = 3; 3 years of service
 *   left, residual 10,000,000 x 3/30): 1,460,000 sum_{t=3..29} v^t - 10,000,000
 *   + 1,000,000 v^29 = 7,350,256.13582347.
 */

typedef struct fixture {
    cor_net *a, *b;
    cor_demand *demand;
    cor_freight_opts fo;
    cor_freight_result *ra, *rb;
    cor_emissions *em;
    cor_projects *projects;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(cor_net_load_scenario(NET, "base", &f->a, NULL), COR_OK);
    assert_int_equal(cor_net_load_scenario(NET, "open", &f->b, NULL), COR_OK);
    assert_int_equal(cor_demand_load(f->a, NET "/demand.csv", &f->demand, NULL), COR_OK);
    cor_freight_opts_default(&f->fo);
    assert_int_equal(cor_freight_assign(f->a, f->demand, &f->fo, &f->ra, NULL), COR_OK);
    assert_int_equal(cor_freight_assign(f->b, f->demand, &f->fo, &f->rb, NULL), COR_OK);
    assert_int_equal(cor_emissions_load(NET "/emissions.csv", &f->em, NULL), COR_OK);
    assert_int_equal(cor_projects_load(NET "/projects.csv", &f->projects, NULL), COR_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cor_freight_result_free(f->ra);
    cor_freight_result_free(f->rb);
    cor_demand_free(f->demand);
    cor_net_free(f->a);
    cor_net_free(f->b);
    cor_emissions_free(f->em);
    cor_projects_free(f->projects);
    free(f);
    return 0;
}

static cor_appraisal *appraise(fixture *f, double elasticity)
{
    cor_appraise_opts o;
    cor_appraise_opts_default(&o);
    o.discount_rate = 0.06;
    o.horizon_years = 30;
    o.carbon_price_usd_per_t = 50;
    o.elasticity = elasticity;
    cor_appraisal *ap = NULL;
    cor_err err;
    if (cor_appraise(f->a, f->ra, f->b, f->rb, f->demand, &f->fo, f->em, f->projects, &o, &ap,
                     &err) != COR_OK)
        fail_msg("%s", err.msg);
    return ap;
}

static void test_two_routes(void **state)
{
    fixture *f = *state;
    cor_appraisal *ap = appraise(f, 0);
    assert_int_equal(ap->n_projects, 1);
    assert_string_equal(ap->projects[0], "bypass");
    assert_int_equal(ap->opts.from_year, 2030);
    assert_int_equal(ap->opening_year, 2031);
    assert_rel(1000000, ap->time_usd);
    assert_rel(500000, ap->cost_usd);
    assert_rel(400000, ap->fee_transfer_usd);
    assert_rel(1900000, ap->shipper_savings_usd);
    assert_rel(0, ap->induced_fees_usd);
    assert_rel(-1200, ap->co2e_change_t);
    assert_int_equal(ap->n_years, 30);
    assert_rel(0, ap->years[0].benefits_usd);
    assert_rel(10000000, ap->years[0].costs_usd);
    assert_rel(1560000, ap->years[1].benefits_usd);
    assert_rel(60000, ap->years[1].emissions_usd);
    assert_rel(100000, ap->years[1].costs_usd);
    assert_rel(10000000.0 / 30, ap->years[29].residual_usd);

    double a29 = (1 - pow(1.06, -29)) / 0.06, res = 10000000.0 / 30 * pow(1.06, -29);
    assert_rel(13.5907210205788, a29);
    assert_rel(21201524.7921029, ap->cf.pv_benefits_usd);
    assert_rel(11297553.1891361, ap->cf.pv_costs_usd);
    assert_rel(9903971.60296678, ap->cf.npv_usd);
    assert_rel(1560000 * a29 - (10000000 + 100000 * a29 - res), ap->cf.npv_usd);
    assert_rel(1.87664748615573, ap->cf.bcr);
    assert_int_equal(ap->cf.eirr_status, COR_EIRR_OK);
    assert_int_equal(ap->cf.sign_changes, 1);
    double r = ap->cf.eirr;
    assert_rel(0.143077644504180, r);
    double npv_at_r = -10000000 + 1460000 * (1 - pow(1 + r, -29)) / r +
                      10000000.0 / 30 * pow(1 + r, -29);
    assert_true(fabs(npv_at_r) <= 1e-9 * 10000000);
    assert_rel(0.996527690317152, ap->switch_capital);
    assert_rel(0.467134873556632, ap->switch_benefits);
    assert_rel(0.156, ap->first_year_return);

    /* sensitivity: capital +20% moves the capital and its residual; benefits -20% the benefits;
     * the delay as in the comment above */
    assert_int_equal(ap->n_tests, 4);
    assert_string_equal(ap->tests[1].name, "capital +20%");
    assert_rel(9903971.60296678 - 0.2 * (10000000 - res), ap->tests[1].cf.npv_usd);
    assert_rel(9903971.60296678 - 0.2 * 21201524.7921029, ap->tests[2].cf.npv_usd);
    assert_rel(7350256.13582347, ap->tests[3].cf.npv_usd);
    /* the switching values are where the NPV is 0 */
    assert_true(fabs(ap->cf.npv_usd - ap->switch_capital * (10000000 - res)) < 1e-6);

    /* distribution: shipper savings half to AA (origin), half to BB (destination) */
    assert_int_equal(ap->n_countries, 2);
    assert_string_equal(ap->countries[0].country, "AA");
    assert_rel(950000, ap->countries[0].shipper_savings_usd);
    assert_rel(-200000, ap->countries[0].fee_change_usd);
    assert_rel(-200000, ap->countries[1].fee_change_usd);
    /* AA, with half of the cross-border link and of the crossing: A 100 km x 100 + 5 km x 80 g
     * + 5 / 2 kg = 12.9 kg/t; B 50 x 100 + 5 x 80 g + 1 / 2 kg = 5.9 kg/t; -7 kg x 100,000 t =
     * -700 t per year. BB: A 0.4 + 2.5 + 6 = 8.9, B 0.4 + 0.5 + 3 = 3.9: -500 t. */
    assert_rel(-700, ap->countries[0].co2e_change_t);
    assert_rel(-500, ap->countries[1].co2e_change_t);
    cor_appraisal_free(ap);
}

/* Elasticity -1: T_B = 100,000 x 29.7 / 10.7 = 277,570.093457944; mean tonnes 188,785.046728972;
 * time 10 x mean, cost 5 x mean, shipper fee saving 4 x mean; fees on the induced tonnes
 * 1/2 (T_B - T_A)(5 + 1) = 532,710.280373832; CO2e (9.8 T_B - 21.8 T_A) / 1000. */
static void test_elastic(void **state)
{
    fixture *f = *state;
    cor_appraisal *ap = appraise(f, -1);
    double tb = 100000 * 29.7 / 10.7, mean = 0.5 * (100000 + tb);
    assert_rel(277570.093457944, tb);
    assert_rel(10 * mean, ap->time_usd);
    assert_rel(5 * mean, ap->cost_usd);
    assert_rel(4 * mean, ap->fee_transfer_usd);
    assert_rel(532710.280373832, ap->induced_fees_usd);
    assert_rel((9.8 * tb - 21.8 * 100000) / 1000, ap->co2e_change_t);
    /* the countries' fee revenue change is T_B f_B - T_A f_A = induced - transfer */
    assert_rel(tb * 1 - 100000 * 5, ap->countries[0].fee_change_usd * 2);
    cor_appraisal_free(ap);
}

/* A 20 t shipment on the bypass, from emissions.csv by hand: O-R 50 km in AA at 100 g/tkm
 * = 100 kg; R-S 10 km across at (100 + 60) / 2 = 80 g = 16 kg; S-D 50 km in BB at 60 g =
 * 60 kg; the R-S crossing 2 h x 1 truck x 10 kg = 20 kg; total 196 kg. */
static void test_route_co2e(void **state)
{
    fixture *f = *state;
    cor_router *router = cor_router_new(f->b);
    uint32_t o, d;
    assert_int_equal(cor_net_find_node(f->b, "O", &o, NULL), COR_OK);
    assert_int_equal(cor_net_find_node(f->b, "D", &d, NULL), COR_OK);
    cor_route_opts ro;
    cor_route_opts_default(&ro);
    cor_route_set *set = NULL;
    assert_int_equal(cor_route_query(router, o, d, &ro, &set, NULL), COR_OK);
    cor_route *r = &set->routes[0];
    cor_emissions_apply(f->em, f->b, r, ro.tonnes);
    assert_true(r->has_co2e);
    double want[] = {100, 16, 20, 60}; /* O-R, R-S, the crossing, S-D */
    assert_int_equal(r->n_steps, 4);
    for (size_t i = 0; i < 4; i++)
        assert_rel(want[i], r->steps[i].co2e_kg);
    assert_rel(196, r->co2e_kg);
    assert_rel(60, cor_emissions_factor(f->em, "move", COR_MODE_ROAD, "BB"));
    assert_rel(100, cor_emissions_factor(f->em, "move", COR_MODE_ROAD, "AA"));
    /* per year: 100,000 t = 5,000 shipments x 196 kg = 980 t; AA 100 + 8 + 10 kg per shipment
     * (half the cross-border link and of the crossing) = 590 t, BB 390 t */
    double by_country[2];
    assert_rel(980, cor_emissions_accounts(f->em, f->b, f->demand, &f->fo, f->rb, by_country));
    assert_rel(590, by_country[0]);
    assert_rel(390, by_country[1]);
    cor_route_set_free(set);
    cor_router_free(router);
}

static void test_cashflow_roots(void **state)
{
    (void)state;
    /* a bond: pay 1000, receive 50 a year for 29 years and 1050 in year 30: the yield is 5% at
     * any length, and NPV at 5% is 0 */
    double bond[31];
    bond[0] = -1000;
    for (int t = 1; t <= 30; t++)
        bond[t] = 50;
    bond[30] += 1000;
    double r;
    int changes;
    assert_int_equal(cor_irr(bond, 31, &r, &changes), COR_EIRR_OK);
    assert_rel(0.05, r);
    assert_true(fabs(cor_npv(bond, 31, 0.05)) < 1e-9);
    /* -100 + 230 x - 132 x^2 = -(11x - 10)(12x - 10)... roots x = 10/11 and 10/12: 10% and 20%
     * both give NPV 0, so the EIRR is refused */
    double two[] = {-100, 230, -132};
    assert_rel(0, cor_npv(two, 3, 0.10));
    assert_rel(0, cor_npv(two, 3, 0.20));
    assert_int_equal(cor_irr(two, 3, &r, &changes), COR_EIRR_MULTIPLE);
    assert_int_equal(changes, 2);
    assert_true(isnan(r));
    /* no sign change: no rate */
    double gain[] = {0, 5, 5};
    assert_int_equal(cor_irr(gain, 3, &r, &changes), COR_EIRR_NONE);
    assert_true(isnan(r));
    /* zeros between the signs do not count */
    double gap[] = {-100, 0, 0, 133.1}; /* 1.1^3 = 1.331 */
    assert_int_equal(cor_irr(gap, 4, &r, &changes), COR_EIRR_OK);
    assert_rel(0.1, r);
    cor_cashflow cf;
    double b[] = {0, 0, 0, 133.1}, c[] = {100, 0, 0, 0};
    cor_cashflow_eval(b, c, 4, 0.1, &cf);
    assert_rel(0, cf.npv_usd);
    assert_rel(1, cf.bcr);
    assert_rel(0.1, cf.eirr);
}

static char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_appraise_%ld.csv", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void expect_error(cor_status (*load)(const char *, void *, cor_diags *), const char *text,
                         const char *want)
{
    char *path = write_tmp(text);
    cor_diags *d = cor_diags_new();
    void *out = NULL;
    assert_int_equal(load(path, &out, d), COR_ERR_INPUT);
    assert_null(out);
    char buf[1024] = "", all[4096] = "";
    for (size_t i = 0; i < cor_diags_count(d); i++) {
        cor_diag_format(cor_diags_get(d, i), buf, sizeof buf);
        strncat(all, buf, sizeof all - strlen(all) - 2);
        strcat(all, "\n");
    }
    char expect[512];
    snprintf(expect, sizeof expect, "%s:%s", path, want);
    if (!strstr(all, expect))
        fail_msg("expected \"%s\" among:\n%s", expect, all);
    cor_diags_free(d);
    unlink(path);
}

static cor_status load_em(const char *p, void *out, cor_diags *d)
{
    return cor_emissions_load(p, (cor_emissions **)out, d);
}

static cor_status load_pr(const char *p, void *out, cor_diags *d)
{
    return cor_projects_load(p, (cor_projects **)out, d);
}

#define EM_HEAD "kind,mode,country,factor,source\n"
#define EM_ALL "move,rail,*,20,s\nmove,sea,*,10,s\nmove,ferry,*,50,s\n"

static void test_loader_errors(void **state)
{
    (void)state;
    expect_error(load_em, EM_HEAD EM_ALL "move,road,*,4o,s\n",
                 "5: factor: expected a number from 0 to 100000, found \"4o\"");
    expect_error(load_em, EM_HEAD EM_ALL "move,road,*,40,\n",
                 "5: source: expected a source or \"estimate: how\", found nothing");
    expect_error(load_em, EM_HEAD EM_ALL "move,air,*,40,s\n",
                 "5: mode: expected rail, road, sea or ferry, found \"air\"");
    expect_error(load_em, EM_HEAD EM_ALL "idle,road,*,40,s\n",
                 "5: kind: expected move, border or transfer, found \"idle\"");
    expect_error(load_em, EM_HEAD EM_ALL "move,road,*,40,s\nmove,road,*,41,s\n",
                 "6: country: expected one move row for road in *, found a second one");
    expect_error(load_em, EM_HEAD EM_ALL, " mode: expected a move row for road with country *");
    expect_error(load_pr,
                 "project,item,year,value,source\np,capital,2030,-5,s\np,opening_year,,2031,s\n"
                 "p,lifetime_years,,30,s\n",
                 "2: value: expected USD from 0 to 1e+13, found \"-5\"");
    expect_error(load_pr,
                 "project,item,year,value,source\np,capital,20x0,5,s\np,opening_year,,2031,s\n"
                 "p,lifetime_years,,30,s\n",
                 "2: year: expected a year from 1900 to 2200, found \"20x0\"");
    expect_error(load_pr, "project,item,year,value,source\np,capital,2030,5,s\n",
                 " opening_year: expected an opening_year row for project p, found none");
    expect_error(load_pr,
                 "project,item,year,value,source\np,opening_year,,2031,s\np,opening_year,,2032,"
                 "s\np,lifetime_years,,30,s\n",
                 "3: item: expected one opening_year for p, found a second (the first is at "
                 "line 2)");
    expect_error(load_pr,
                 "project,item,year,value,source\np,residual,,half,s\np,opening_year,,2031,s\n"
                 "p,lifetime_years,,30,s\n",
                 "2: value: expected none or linear, found \"half\"");
}

/* No project for B: the message names the tags B opens. */
static void test_no_project(void **state)
{
    fixture *f = *state;
    char *path = write_tmp("project,item,year,value,source\nother,opening_year,,2031,s\n"
                           "other,lifetime_years,,30,s\n");
    cor_projects *p = NULL;
    assert_int_equal(cor_projects_load(path, &p, NULL), COR_OK);
    unlink(path);
    cor_appraise_opts o;
    cor_appraise_opts_default(&o);
    cor_appraisal *ap = NULL;
    cor_err err;
    assert_int_equal(cor_appraise(f->a, f->ra, f->b, f->rb, f->demand, &f->fo, f->em, p, &o,
                                  &ap, &err),
                     COR_ERR_INPUT);
    assert_null(ap);
    assert_non_null(strstr(err.msg, "tags of the links B opens: bypass"));
    o.horizon_years = 0;
    assert_int_equal(cor_appraise(f->a, f->ra, f->b, f->rb, f->demand, &f->fo, f->em, p, &o,
                                  &ap, &err),
                     COR_ERR_INPUT);
    cor_projects_free(p);
}

/* the options by name, as the CLI (--from-year) and the server (from_year=) give them */
static void test_opts_set(void **state)
{
    (void)state;
    cor_appraise_opts o;
    cor_appraise_opts_default(&o);
    cor_err err;
    assert_int_equal(cor_appraise_opts_set(&o, "from_year", "2030", &err), COR_OK);
    assert_int_equal(cor_appraise_opts_set(&o, "horizon", "25", &err), COR_OK);
    assert_int_equal(cor_appraise_opts_set(&o, "discount", "0.06", &err), COR_OK);
    assert_int_equal(cor_appraise_opts_set(&o, "carbon_price", "50", &err), COR_OK);
    assert_int_equal(cor_appraise_opts_set(&o, "growth", "-0.02", &err), COR_OK);
    assert_int_equal(cor_appraise_opts_set(&o, "elasticity", "-0.5", &err), COR_OK);
    assert_int_equal(o.from_year, 2030);
    assert_int_equal(o.horizon_years, 25);
    assert_true(o.discount_rate == 0.06 && o.carbon_price_usd_per_t == 50);
    assert_true(o.growth == -0.02 && o.elasticity == -0.5);
    cor_appraise_opts before = o;
    assert_int_equal(cor_appraise_opts_set(&o, "from_year", "2030.5", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a whole number from 1900 to 2200, found \"2030.5\"");
    assert_int_equal(cor_appraise_opts_set(&o, "horizon", "201", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a whole number from 1 to 200, found \"201\"");
    assert_int_equal(cor_appraise_opts_set(&o, "elasticity", "0.1", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a number from -10 to 0, found \"0.1\"");
    assert_int_equal(cor_appraise_opts_set(&o, "project", "tripp", &err), COR_ERR_NOTFOUND);
    assert_string_equal(err.msg, "project: not an appraisal option");
    assert_memory_equal(&o, &before, sizeof o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opts_set),
        cmocka_unit_test_setup_teardown(test_two_routes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elastic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route_co2e, setup, teardown),
        cmocka_unit_test(test_cashflow_roots),
        cmocka_unit_test(test_loader_errors),
        cmocka_unit_test_setup_teardown(test_no_project, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
