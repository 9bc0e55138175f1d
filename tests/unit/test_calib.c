/*
 * Validation and calibration on a two-node network drawn here: X and Y joined by a rail and a
 * road link of 100 km. validate's GEH and errors are checked against figures computed by hand;
 * calibrate must recover tariff factors from observations generated with known factors.
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

static char dir[64];

static void put(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/corridor-calib-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    put("nodes.csv", "id,name,country,region,lat,lon,kind,source\n"
                     "X,Town X,XA,,40,44,city;rail_station;terminal,test fixture\n"
                     "Y,Town Y,XA,,40,45,city;rail_station;terminal,test fixture\n");
    put("links.csv",
        "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,capacity_tpy,"
        "capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,direction,corridors,source\n"
        "R1,X,Y,rail,100,50,,0.05,,,,,,1520,operating,,both,,test fixture\n"
        "D1,X,Y,road,100,50,,0.10,,,,,,,operating,,both,,test fixture\n");
    put("borders.csv", "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,"
                       "fee_usd_per_vehicle,direction,source\n");
    put("transfers.csv", "node,kind,from,to,hours,usd_per_t,source\n");
    put("demand.csv", "from,to,commodity,tonnes_per_year,source\n"
                      "X,Y,general,73000,test fixture\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    const char *files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv",
                           "demand.csv", "observed.csv", "emissions.csv", "projects.csv"};
    char path[128];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}

static void load(cor_net **net, cor_demand **demand, cor_obs_set **obs)
{
    char path[128];
    assert_int_equal(cor_net_load(dir, net, NULL), COR_OK);
    snprintf(path, sizeof path, "%s/demand.csv", dir);
    assert_int_equal(cor_demand_load(*net, path, demand, NULL), COR_OK);
    snprintf(path, sizeof path, "%s/observed.csv", dir);
    cor_diags *d = cor_diags_new();
    cor_status st = cor_obs_load(*net, path, obs, d);
    for (size_t i = 0; i < cor_diags_count(d); i++)
        fprintf(stderr, "%s\n", cor_diags_get(d, i)->msg);
    cor_diags_free(d);
    assert_int_equal(st, COR_OK);
}

static const char header[] = "id,measure,where,modes,country,value,t_per_vehicle,year,use,what,source\n";

/* All-or-nothing at 20 t, generalized cost with 1 USD/t/h: rail 0.05 x 100 + 2 h = 7 USD/t,
 * road 0.10 x 100 + 2 h = 12 USD/t, so the 73,000 t go by rail: R1 73,000 t, D1 0. */
static void validate_by_hand(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text,
             "%s"
             "rail,link_tonnes,R1,,XA,36500,50,2024,calibrate,rail flow,test fixture\n"
             "road,link_tonnes,D1,,XA,73000,20,2024,holdout,road flow,test fixture\n"
             "cost,usd_per_500km_20t,X>Y,rail,XA,400,,2024,calibrate,rail cost,test fixture\n"
             "time,hours,Town X>Town Y,road,XA,2.5,,2024,calibrate,road hours,test fixture\n",
             header);
    put("observed.csv", text);
    cor_net *net;
    cor_demand *demand;
    cor_obs_set *obs;
    load(&net, &demand, &obs);
    cor_freight_opts o;
    cor_freight_opts_default(&o);
    cor_validation *v;
    cor_err err;
    assert_int_equal(cor_validate_run(net, demand, obs, &o, &v, &err), COR_OK);
    assert_int_equal(v->n, 4);
    /* rail: observed 36,500 / 50 / 365 = 2 wagons a day, modelled 73,000 / 50 / 365 = 4:
     * GEH = sqrt(2 (4 - 2)^2 / (4 + 2)) = sqrt(8 / 6) = 1.1547 */
    assert_float_equal(v->rows[0].modelled, 73000, 1e-6);
    assert_float_equal(v->rows[0].observed_vpd, 2, 1e-12);
    assert_float_equal(v->rows[0].modelled_vpd, 4, 1e-12);
    assert_float_equal(v->rows[0].geh, sqrt(8.0 / 6.0), 1e-9);
    /* road: observed 73,000 / 20 / 365 = 10 trucks a day, modelled 0: GEH = sqrt(20) */
    assert_float_equal(v->rows[1].modelled, 0, 1e-9);
    assert_float_equal(v->rows[1].geh, sqrt(20.0), 1e-9);
    /* rail route at 20 t: 0.05 x 100 x 20 = 100 USD over 100 km = 500 USD per 500 km,
     * against 400 observed: +25% */
    assert_float_equal(v->rows[2].modelled, 500, 1e-9);
    assert_float_equal(v->rows[2].relative_error, 0.25, 1e-12);
    assert_true(isnan(v->rows[2].geh));
    /* road route: 100 km at 50 km/h = 2 h against 2.5: -20% (within 20%) */
    assert_float_equal(v->rows[3].modelled, 2, 1e-12);
    assert_float_equal(v->rows[3].relative_error, -0.2, 1e-12);
    const cor_validation_summary *c = &v->summary[COR_VAL_CALIBRATE],
                                 *h = &v->summary[COR_VAL_HOLDOUT], *a = &v->summary[COR_VAL_ALL];
    assert_int_equal(c->n_flows, 1);
    assert_int_equal(c->n_flows_geh5, 1);
    assert_int_equal(h->n_flows, 1);
    assert_int_equal(h->n_flows_geh5, 1); /* 4.47 < 5 */
    assert_int_equal(a->n_other, 2);
    assert_int_equal(a->n_other_20pct, 1);
    assert_float_equal(a->mape, (0.25 + 0.2) / 2, 1e-12);
    assert_float_equal(a->share_geh5, 1, 1e-12);
    /* objective over the calibrate rows: (1.1547 / 5)^2 + ((0.25 / 0.2)^2 + (0.2 / 0.2)^2) / 2 */
    assert_float_equal(v->objective, 8.0 / 6.0 / 25.0 + (1.5625 + 1.0) / 2, 1e-9);
    assert_float_equal(cor_geh(0, 0), 0, 0);
    cor_validation_free(v);
    cor_obs_free(obs);
    cor_demand_free(demand);
    cor_net_free(net);
}

/* Observations generated by the model itself with rail tariffs x2 and road tariffs x1.5 (and
 * with the flow the factors give); calibrate starts from 1 and must find both again. */
static void calibrate_recovers_factors(void **state)
{
    (void)state;
    cor_calib_param truth[] = {{"tariff", "mode rail", 0.25, 8, 1, 2},
                               {"tariff", "mode road", 0.25, 8, 1, 1.5}};
    char text[1024];
    /* first, placeholders, to have the observation rows to generate figures for */
    snprintf(text, sizeof text,
             "%s"
             "rail-cost,usd_per_500km_20t,X>Y,rail,XA,1,,2024,calibrate,rail cost,test fixture\n"
             "road-cost,usd_per_500km_20t,X>Y,road,XA,1,,2024,calibrate,road cost,test fixture\n"
             "rail,link_tonnes,R1,,XA,1,60,2024,holdout,rail flow,test fixture\n",
             header);
    put("observed.csv", text);
    cor_net *net;
    cor_demand *demand;
    cor_obs_set *obs;
    load(&net, &demand, &obs);
    cor_net_free(net);
    cor_scenario *sc = cor_calib_scenario(NULL, "truth", truth, 2, NULL);
    assert_non_null(sc);
    assert_int_equal(cor_net_load_with(dir, sc, &net, NULL), COR_OK);
    cor_scenario_free(sc);
    cor_freight_opts fo;
    cor_freight_opts_default(&fo);
    cor_validation *v;
    cor_err err;
    assert_int_equal(cor_validate_run(net, demand, obs, &fo, &v, &err), COR_OK);
    /* 0.05 x 2 x 500 x 20 = 1000 and 0.10 x 1.5 x 500 x 20 = 1500 USD per 500 km per 20 t */
    assert_float_equal(v->rows[0].modelled, 1000, 1e-6);
    assert_float_equal(v->rows[1].modelled, 1500, 1e-6);
    snprintf(text, sizeof text,
             "%s"
             "rail-cost,usd_per_500km_20t,X>Y,rail,XA,%.17g,,2024,calibrate,rail cost,test fixture\n"
             "road-cost,usd_per_500km_20t,X>Y,road,XA,%.17g,,2024,calibrate,road cost,test fixture\n"
             "rail,link_tonnes,R1,,XA,%.17g,60,2024,holdout,rail flow,test fixture\n",
             header, v->rows[0].modelled, v->rows[1].modelled, v->rows[2].modelled);
    cor_validation_free(v);
    cor_net_free(net);
    cor_obs_free(obs);
    cor_demand_free(demand);
    put("observed.csv", text);
    load(&net, &demand, &obs);
    cor_net_free(net);

    cor_calib_param start[] = {{"tariff", "mode rail", 0.25, 8, 1, 1},
                               {"tariff", "mode road", 0.25, 8, 1, 1}};
    cor_calib_opts co;
    cor_calib_opts_default(&co);
    cor_calib_result *r;
    assert_int_equal(cor_calibrate_run(dir, NULL, demand, obs, start, 2, &co, &r, NULL, &err),
                     COR_OK);
    assert_float_equal(r->params[0].value, 2.0, 0.02 * 2.0);
    assert_float_equal(r->params[1].value, 1.5, 0.02 * 1.5);
    assert_true(r->after->objective < r->before->objective);
    assert_true(r->after->objective < 0.01);
    assert_float_equal(r->after->rows[2].geh, 0, 1e-9); /* the flow, never fitted, agrees */
    char *ini = cor_calib_scenario_text(r, "observed.csv");
    assert_non_null(ini);
    assert_non_null(strstr(ini, "[tariff]\n"));
    free(ini);
    cor_calib_result_free(r);
    /* a bound below zero is refused before any run */
    start[0].lo = -1;
    assert_int_equal(cor_calibrate_run(dir, NULL, demand, obs, start, 2, &co, &r, NULL, &err),
                     COR_ERR_INPUT);
    cor_obs_free(obs);
    cor_demand_free(demand);
}

/* observed.csv errors name file, line and field */
static void bad_rows(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text,
             "%s"
             "a,link_tonnes,R9,,XA,100,20,2024,calibrate,x,test fixture\n"
             "b,link_tonnes,R1,,XA,100,,2024,calibrate,x,test fixture\n"
             "c,hours,X>X,rail,XA,2,,2024,calibrate,x,test fixture\n"
             "d,hours,X>Y,rail,XA,2,,2024,maybe,x,test fixture\n",
             header);
    put("observed.csv", text);
    cor_net *net;
    assert_int_equal(cor_net_load(dir, &net, NULL), COR_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/observed.csv", dir);
    cor_diags *d = cor_diags_new();
    cor_obs_set *obs;
    assert_int_equal(cor_obs_load(net, path, &obs, d), COR_ERR_INPUT);
    assert_null(obs);
    assert_int_equal(cor_diags_errors(d), 4);
    const char *want[][2] = {{"where", "expected link ids of links.csv separated by \";\", found \"R9\""},
                             {"t_per_vehicle", "expected tonnes per vehicle > 0 (and at most 1e6) for a flow, found \"\""},
                             {"where", "expected two different nodes, found \"X>X\""},
                             {"use", "expected calibrate or holdout, found \"maybe\""}};
    for (size_t i = 0; i < 4; i++) {
        const cor_diag *g = cor_diags_get(d, i);
        assert_int_equal(g->line, (long)i + 2);
        assert_string_equal(g->field, want[i][0]);
        assert_string_equal(g->msg, want[i][1]);
    }
    cor_diags_free(d);
    cor_net_free(net);
}

/* cor_net_check_dir() (corridor check): the findings of demand.csv, observed.csv,
 * emissions.csv and projects.csv, one bad row each, in that order, at their lines; none read
 * when the network itself has an error. */
static void check_dir_findings(void **state)
{
    (void)state;
    char text[512];
    snprintf(text, sizeof text, "%sa,hours,X>X,rail,XA,2,,2024,calibrate,x,test fixture\n", header);
    put("observed.csv", text);
    put("demand.csv", "from,to,commodity,tonnes_per_year,source\n"
                      "X,Y,general,73000,test fixture\n"
                      "X,Q,general,10,test fixture\n");
    put("emissions.csv", "kind,mode,country,factor,source\nmove,rail,*,-1,test fixture\n");
    put("projects.csv", "project,item,year,value,source\np,capital,2026,x,test fixture\n");
    cor_diags *d = cor_diags_new();
    size_t n_scen = 99;
    assert_int_equal(cor_net_check_dir(dir, NULL, d, &n_scen), COR_OK);
    assert_int_equal(n_scen, 0);
    assert_int_equal(cor_diags_count(d), 4);
    assert_int_equal(cor_diags_errors(d), 4);
    const char *files[] = {"demand.csv", "observed.csv", "emissions.csv", "projects.csv"};
    const long lines[] = {3, 2, 2, 2};
    for (size_t i = 0; i < 4; i++) {
        const cor_diag *g = cor_diags_get(d, i);
        char want[128];
        snprintf(want, sizeof want, "%s/%s", dir, files[i]);
        assert_string_equal(g->file, want);
        assert_int_equal(g->line, lines[i]);
    }
    cor_diags_free(d);
    /* a link to an unknown node: the network's error only */
    put("links.csv", "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,"
                     "capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,"
                     "direction,corridors,source\n"
                     "R1,X,Q,rail,100,50,,0.05,,,,,,1520,operating,,both,,test fixture\n");
    d = cor_diags_new();
    assert_int_equal(cor_net_check_dir(dir, NULL, d, &n_scen), COR_ERR_INPUT);
    assert_int_equal(cor_diags_errors(d), 1);
    char want[128];
    snprintf(want, sizeof want, "%s/links.csv", dir);
    assert_string_equal(cor_diags_get(d, 0)->file, want);
    cor_diags_free(d);
}

/* cor_calib_param_parse(): --param and its bounds */
static void param_parse(void **state)
{
    (void)state;
    cor_calib_param p = {.lo = 7};
    cor_err err;
    assert_int_equal(cor_calib_param_parse("tariff:mode rail:0.25:8", &p, &err), COR_OK);
    assert_string_equal(p.section, "tariff");
    assert_string_equal(p.selector, "mode rail");
    assert_true(p.lo == 0.25 && p.hi == 8 && p.start == 1 && p.value == 1);
    assert_int_equal(cor_calib_param_parse("dwell:GE-AZ:1:1", &p, &err), COR_OK);
    assert_true(p.lo == 1 && p.hi == 1);
    const char *bad[] = {"tariff:mode rail:0:8", "tariff:mode rail:1.5:8", "tariff:x:0.5:0.9",
                         "tariff:x:0.5:inf", "Tariff:x:0.5:2", "tariff:x:0.5:2:", "tariff:x:0.5"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(cor_calib_param_parse(bad[i], &p, &err), COR_ERR_INPUT);
        assert_string_equal(p.section, "dwell"); /* unchanged */
    }
    assert_string_equal(err.msg, "expected SECTION:SELECTOR:LO:HI with 0 < LO <= 1 <= HI, e.g. "
                                 "\"tariff:mode rail:0.25:8\", found \"tariff:x:0.5\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validate_by_hand),
        cmocka_unit_test(calibrate_recovers_factors),
        cmocka_unit_test(bad_rows),
        cmocka_unit_test(param_parse),
        cmocka_unit_test(check_dir_findings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
