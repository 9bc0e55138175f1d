/*
 * Route options by name (cor_route_opts_set() and its parsers), and the freight options that
 * extend them (cor_freight_opts_set(), cor_freight_method_parse()), the one parser the CLI and
 * the server share: every key, its limits and its messages, checked against the values and texts
 * written here by hand (docs: corridor route --help, docs/server.md).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "corridor/corridor.h"

#define TINY_DIR "tests/data/tiny"

/* Sets name=value on o and expects the status want and, on failure, the message msg. */
static void set(cor_route_opts *o, const cor_net *net, const char *name, const char *value,
                cor_status want, const char *msg)
{
    cor_err err = {0};
    cor_route_opts before = *o;
    cor_status st = cor_route_opts_set(o, net, name, value, &err);
    if (st != want)
        fail_msg("%s=%s: status %d, expected %d (%s)", name, value, st, want, err.msg);
    if (want != COR_OK) {
        assert_string_equal(err.msg, msg);
        assert_memory_equal(&before, o, sizeof before); /* a failed call changes nothing */
    }
}

static void test_minimize_and_dwell(void **state)
{
    (void)state;
    cor_route_opts o;
    cor_route_opts_default(&o);
    static const struct {
        const char *s;
        cor_objective want;
    } objectives[] = {{"time", COR_MIN_TIME}, {"cost", COR_MIN_COST},
                      {"distance", COR_MIN_DISTANCE}, {"generalized", COR_MIN_GENERALIZED}};
    for (size_t i = 0; i < 4; i++) {
        set(&o, NULL, "minimize", objectives[i].s, COR_OK, NULL);
        assert_int_equal(o.minimize, objectives[i].want);
    }
    set(&o, NULL, "minimize", "fast", COR_ERR_INPUT,
        "expected time, cost, distance or generalized, found \"fast\"");
    set(&o, NULL, "minimize", "Time", COR_ERR_INPUT,
        "expected time, cost, distance or generalized, found \"Time\"");
    set(&o, NULL, "dwell", "p95", COR_OK, NULL);
    assert_int_equal(o.dwell, COR_DWELL_P95);
    set(&o, NULL, "dwell", "mean", COR_OK, NULL);
    assert_int_equal(o.dwell, COR_DWELL_MEAN);
    set(&o, NULL, "dwell", "simulated", COR_OK, NULL);
    assert_int_equal(o.dwell, COR_DWELL_SIMULATED);
    set(&o, NULL, "dwell", "p99", COR_ERR_INPUT, "expected mean, p95 or simulated, found \"p99\"");
    cor_err err;
    cor_objective obj = COR_MIN_COST;
    assert_int_equal(cor_objective_parse("", &obj, &err), COR_ERR_INPUT);
    assert_int_equal(obj, COR_MIN_COST);
    cor_dwell d = COR_DWELL_P95;
    assert_int_equal(cor_dwell_parse("", &d, &err), COR_ERR_INPUT);
    assert_int_equal(d, COR_DWELL_P95);
}

static void test_numbers(void **state)
{
    (void)state;
    cor_route_opts o;
    cor_route_opts_default(&o);
    set(&o, NULL, "vot", "0", COR_OK, NULL);
    assert_true(o.vot_usd_per_t_h == 0);
    set(&o, NULL, "vot", "1e6", COR_OK, NULL);
    assert_true(o.vot_usd_per_t_h == 1e6);
    set(&o, NULL, "vot", "1000001", COR_ERR_INPUT,
        "expected a number from 0 to 1e+06, found \"1000001\"");
    set(&o, NULL, "vot", "-1", COR_ERR_INPUT, "expected a number from 0 to 1e+06, found \"-1\"");
    set(&o, NULL, "tonnes", "0.5", COR_OK, NULL);
    assert_true(o.tonnes == 0.5);
    set(&o, NULL, "tonnes", "1e6", COR_OK, NULL);
    set(&o, NULL, "tonnes", "0", COR_ERR_INPUT,
        "expected a number from 1e-06 to 1e+06, found \"0\"");
    set(&o, NULL, "tonnes", "2e6", COR_ERR_INPUT,
        "expected a number from 1e-06 to 1e+06, found \"2e6\"");
    set(&o, NULL, "tonnes", "0x10", COR_ERR_INPUT,
        "expected a number from 1e-06 to 1e+06, found \"0x10\"");
    set(&o, NULL, "tonnes", "inf", COR_ERR_INPUT,
        "expected a number from 1e-06 to 1e+06, found \"inf\"");
    set(&o, NULL, "overlap", "1", COR_OK, NULL);
    assert_true(o.max_overlap == 1);
    set(&o, NULL, "overlap", "1.01", COR_ERR_INPUT,
        "expected a number from 0 to 1, found \"1.01\"");
    set(&o, NULL, "alternatives", "20", COR_OK, NULL);
    assert_int_equal(o.alternatives, 20);
    set(&o, NULL, "alternatives", "21", COR_ERR_INPUT,
        "expected a whole number from 1 to 20, found \"21\"");
    set(&o, NULL, "alternatives", "2.5", COR_ERR_INPUT,
        "expected a whole number from 1 to 20, found \"2.5\"");
    set(&o, NULL, "alternatives", "0", COR_ERR_INPUT,
        "expected a whole number from 1 to 20, found \"0\"");
    set(&o, NULL, "speed", "1", COR_ERR_NOTFOUND, "speed: not a route option");
}

static void test_modes_and_status(void **state)
{
    (void)state;
    cor_route_opts o;
    cor_route_opts_default(&o);
    set(&o, NULL, "modes", "rail,sea", COR_OK, NULL);
    assert_int_equal(o.modes, COR_MODE_BIT(COR_MODE_RAIL) | COR_MODE_BIT(COR_MODE_SEA));
    set(&o, NULL, "modes", "ferry", COR_OK, NULL);
    assert_int_equal(o.modes, COR_MODE_BIT(COR_MODE_FERRY));
    set(&o, NULL, "modes", "rail,fibre", COR_ERR_INPUT,
        "expected rail, road, sea or ferry, found \"fibre\"");
    set(&o, NULL, "modes", "truck", COR_ERR_INPUT,
        "expected rail, road, sea or ferry, found \"truck\"");
    set(&o, NULL, "modes", "", COR_ERR_INPUT, "expected at least one mode");
    set(&o, NULL, "modes", "rail,,sea", COR_ERR_INPUT,
        "expected names separated by single commas, found an empty one in \"rail,,sea\"");
    set(&o, NULL, "modes", ",rail", COR_ERR_INPUT,
        "expected names separated by single commas, found an empty one in \",rail\"");

    unsigned op = COR_STATUS_BIT(COR_STATUS_OPERATING),
             con = COR_STATUS_BIT(COR_STATUS_CONSTRUCTION),
             pl = COR_STATUS_BIT(COR_STATUS_PLANNED), cl = COR_STATUS_BIT(COR_STATUS_CLOSED);
    set(&o, NULL, "status", "operating", COR_OK, NULL);
    assert_int_equal(o.statuses, op);
    set(&o, NULL, "status", "construction", COR_OK, NULL);
    assert_int_equal(o.statuses, op | con);
    set(&o, NULL, "status", "planned", COR_OK, NULL);
    assert_int_equal(o.statuses, op | con | pl);
    set(&o, NULL, "status", "closed", COR_OK, NULL);
    assert_int_equal(o.statuses, op | con | pl | cl);
    set(&o, NULL, "status", "planned,closed", COR_OK, NULL); /* a list is exact */
    assert_int_equal(o.statuses, pl | cl);
    set(&o, NULL, "status", "operating,open", COR_ERR_INPUT,
        "expected operating, construction, planned or closed, found \"open\"");
    set(&o, NULL, "status", "open", COR_ERR_INPUT,
        "expected operating, construction, planned or closed, found \"open\"");
    set(&o, NULL, "status", "", COR_ERR_INPUT, "expected at least one status");
    set(&o, NULL, "status", "planned,", COR_ERR_INPUT,
        "expected names separated by single commas, found an empty one in \"planned,\"");
}

static void test_avoid_and_via(void **state)
{
    (void)state;
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(TINY_DIR, &net, NULL), COR_OK);
    cor_route_opts o;
    cor_route_opts_default(&o);
    set(&o, NULL, "avoid", "xb,Xq", COR_OK, NULL); /* without the network: the form only */
    assert_int_equal(o.n_avoid, 2);
    assert_string_equal(o.avoid[0], "XB");
    assert_string_equal(o.avoid[1], "XQ");
    cor_err err;
    assert_int_equal(cor_route_opts_check(&o, net, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "no node of the network is in country XQ");
    cor_route_opts_default(&o);
    set(&o, net, "avoid", "XC", COR_OK, NULL);
    set(&o, net, "avoid", "xb", COR_OK, NULL); /* appends */
    assert_int_equal(o.n_avoid, 2);
    assert_string_equal(o.avoid[1], "XB");
    assert_int_equal(cor_route_opts_check(&o, net, &err), COR_OK);
    set(&o, net, "avoid", "XA,XQ", COR_ERR_INPUT, "no node of the network is in country XQ");
    set(&o, net, "avoid", "GEO", COR_ERR_INPUT,
        "expected two-letter country codes such as GE, found \"GEO\"");
    set(&o, net, "avoid", "G1", COR_ERR_INPUT,
        "expected two-letter country codes such as GE, found \"G1\"");
    cor_route_opts_default(&o);
    for (int i = 0; i < COR_ROUTE_MAX_AVOID; i++)
        set(&o, NULL, "avoid", "AA", COR_OK, NULL);
    set(&o, NULL, "avoid", "AB", COR_ERR_INPUT, "at most 32 countries");

    cor_route_opts_default(&o);
    set(&o, NULL, "via", "B", COR_ERR_INPUT, "node names need the network");
    set(&o, net, "via", "Junction B,e", COR_OK, NULL);
    assert_int_equal(o.n_via, 2);
    uint32_t b, e;
    assert_int_equal(cor_net_find_node(net, "B", &b, NULL), COR_OK);
    assert_int_equal(cor_net_find_node(net, "E", &e, NULL), COR_OK);
    assert_int_equal(o.via[0], b);
    assert_int_equal(o.via[1], e);
    cor_route_opts before = o;
    assert_int_equal(cor_route_opts_set(&o, net, "via", "A,Nowhere", &err), COR_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, "Nowhere"));
    assert_memory_equal(&before, &o, sizeof o);
    set(&o, net, "via", "A,A,A,A,A,A", COR_OK, NULL);
    set(&o, net, "via", "A", COR_ERR_INPUT, "at most 8 nodes");
    set(&o, net, "via", ",,,", COR_ERR_INPUT,
        "expected names separated by single commas, found an empty one in \",,,\"");
    cor_net_free(net);
}

/* freight options: method (all three, or the server's two), routes, theta, gap, max_iter, and
 * a route option passed through; failures leave the options as they were */
static void test_freight_opts(void **state)
{
    (void)state;
    cor_freight_opts o;
    cor_freight_opts_default(&o);
    cor_err err;
    assert_int_equal(cor_freight_opts_set(&o, NULL, "method", "ue", &err), COR_OK);
    assert_int_equal(o.method, COR_FREIGHT_UE);
    assert_int_equal(cor_freight_opts_set(&o, NULL, "routes", "4", &err), COR_OK);
    assert_int_equal(o.route.alternatives, 4);
    assert_int_equal(cor_freight_opts_set(&o, NULL, "theta", "0.25", &err), COR_OK);
    assert_true(o.theta == 0.25);
    assert_int_equal(cor_freight_opts_set(&o, NULL, "gap", "0", &err), COR_OK);
    assert_true(o.gap == 0);
    assert_int_equal(cor_freight_opts_set(&o, NULL, "max_iter", "30", &err), COR_OK);
    assert_int_equal(o.max_iter, 30);
    assert_int_equal(cor_freight_opts_set(&o, NULL, "tonnes", "40", &err), COR_OK);
    assert_true(o.route.tonnes == 40);
    cor_freight_opts before = o;
    assert_int_equal(cor_freight_opts_set(&o, NULL, "method", "sue", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected aon, logit or ue, found \"sue\"");
    assert_int_equal(cor_freight_opts_set(&o, NULL, "theta", "0", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a number from 1e-12 to 1e+12, found \"0\"");
    assert_int_equal(cor_freight_opts_set(&o, NULL, "max_iter", "2.5", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a whole number from 1 to 1e+06, found \"2.5\"");
    assert_int_equal(cor_freight_opts_set(&o, NULL, "routes", "21", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a whole number from 1 to 20, found \"21\"");
    assert_int_equal(cor_freight_opts_set(&o, NULL, "speed", "1", &err), COR_ERR_NOTFOUND);
    assert_memory_equal(&o, &before, sizeof o);
    cor_freight_method m = COR_FREIGHT_AON;
    unsigned server = COR_FREIGHT_METHOD_BIT(COR_FREIGHT_AON) |
                      COR_FREIGHT_METHOD_BIT(COR_FREIGHT_LOGIT);
    assert_int_equal(cor_freight_method_parse("logit", server, &m, &err), COR_OK);
    assert_int_equal(m, COR_FREIGHT_LOGIT);
    assert_int_equal(cor_freight_method_parse("ue", server, &m, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected aon or logit, found \"ue\"");
    assert_int_equal(m, COR_FREIGHT_LOGIT);
}

/* cor_seed_parse(): the seeds of corridor simulate --seed and of a sweep's seed key, the whole
 * uint64 range (2^64 - 1 = 18446744073709551615, more than a double holds exactly). */
static void test_seed(void **state)
{
    (void)state;
    uint64_t v = 0;
    cor_err err;
    assert_int_equal(cor_seed_parse("0", &v, &err), COR_OK);
    assert_true(v == 0);
    assert_int_equal(cor_seed_parse("18446744073709551615", &v, &err), COR_OK);
    assert_true(v == UINT64_MAX);
    assert_int_equal(cor_seed_parse("9007199254740993", &v, &err), COR_OK);
    assert_true(v == 9007199254740993u);
    const char *bad[] = {"18446744073709551616", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x10",
                         ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = 42;
        assert_int_equal(cor_seed_parse(bad[i], &v, &err), COR_ERR_INPUT);
        assert_true(v == 42);
    }
    assert_string_equal(err.msg, "expected a whole number >= 0, found \"\"");
    assert_int_equal(cor_seed_parse("-1", &v, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a whole number >= 0, found \"-1\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimize_and_dwell),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_modes_and_status),
        cmocka_unit_test(test_avoid_and_via),
        cmocka_unit_test(test_freight_opts),
        cmocka_unit_test(test_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
