/*
 * Scenarios derived in memory (cor_net_derive) against the same scenario applied while loading
 * the network files (cor_net_load_with, the reference): identical records and identical routes
 * for every scenario of data/caucasus and tests/data/tiny, the base left untouched, and the
 * errors a bad scenario gives.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "corridor/corridor.h"

/* NAN == NAN here: an optional figure not given must stay not given */
static void same_num(double a, double b)
{
    if (isnan(a) || isnan(b))
        assert_true(isnan(a) && isnan(b));
    else
        assert_true(a == b);
}

static void same_records(const cor_net *a, const cor_net *b)
{
    assert_int_equal(cor_net_node_count(a), cor_net_node_count(b));
    assert_int_equal(cor_net_link_count(a), cor_net_link_count(b));
    assert_int_equal(cor_net_border_count(a), cor_net_border_count(b));
    for (uint32_t l = 0; l < cor_net_link_count(a); l++) {
        const cor_link *x = cor_net_link(a, l), *y = cor_net_link(b, l);
        assert_string_equal(x->id, y->id);
        assert_int_equal(x->status, y->status);
        same_num(x->speed_kmh, y->speed_kmh);
        same_num(x->duration_h, y->duration_h);
        same_num(x->usd_per_tkm, y->usd_per_tkm);
        same_num(x->usd_per_t, y->usd_per_t);
        same_num(x->capacity_tpy, y->capacity_tpy);
        same_num(x->capacity_mw, y->capacity_mw);
        same_num(x->capacity_gbps, y->capacity_gbps);
    }
    for (uint32_t i = 0; i < cor_net_border_count(a); i++) {
        const cor_border *x = cor_net_border(a, i), *y = cor_net_border(b, i);
        same_num(x->dwell_h, y->dwell_h);
        same_num(x->dwell_p95_h, y->dwell_p95_h);
        same_num(x->fee_usd_per_t, y->fee_usd_per_t);
        same_num(x->fee_usd_per_vehicle, y->fee_usd_per_vehicle);
    }
}

/* The best route between the first and last node and between two named nodes: same totals. */
static void same_routes(const cor_net *a, const cor_net *b, const char *from, const char *to)
{
    cor_route_opts o;
    cor_route_opts_default(&o);
    o.alternatives = 3;
    o.statuses = COR_STATUS_BIT(COR_STATUS_COUNT) - 1;
    uint32_t f = 0, t = (uint32_t)cor_net_node_count(a) - 1;
    cor_err err;
    if (from) {
        assert_int_equal(cor_net_find_node(a, from, &f, &err), COR_OK);
        assert_int_equal(cor_net_find_node(a, to, &t, &err), COR_OK);
    }
    cor_router *ra = cor_router_new(a), *rb = cor_router_new(b);
    assert_non_null(ra);
    assert_non_null(rb);
    cor_route_set *sa = NULL, *sb = NULL;
    cor_status st = cor_route_query(ra, f, t, &o, &sa, &err);
    assert_int_equal(cor_route_query(rb, f, t, &o, &sb, &err), st);
    if (st == COR_OK) {
        assert_int_equal(sa->n, sb->n);
        for (size_t i = 0; i < sa->n; i++) {
            assert_true(sa->routes[i].objective == sb->routes[i].objective);
            assert_true(sa->routes[i].km == sb->routes[i].km);
            assert_true(sa->routes[i].border_hours == sb->routes[i].border_hours);
            assert_int_equal(sa->routes[i].n_steps, sb->routes[i].n_steps);
        }
    }
    cor_route_set_free(sa);
    cor_route_set_free(sb);
    cor_router_free(ra);
    cor_router_free(rb);
}

static void every_scenario(const char *dir, const char *from, const char *to)
{
    cor_net *base = NULL;
    assert_int_equal(cor_net_load(dir, &base, NULL), COR_OK);
    char **names;
    size_t n;
    assert_int_equal(cor_scenario_list(dir, &names, &n), COR_OK);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++) {
        cor_scenario *sc;
        assert_int_equal(cor_scenario_load(dir, names[i], &sc, NULL), COR_OK);
        cor_net *derived = NULL, *loaded = NULL;
        assert_int_equal(cor_net_derive(base, sc, &derived, NULL), COR_OK);
        assert_int_equal(cor_net_load_with(dir, sc, &loaded, NULL), COR_OK);
        same_records(derived, loaded);
        same_routes(derived, loaded, from, to);
        cor_net_free(loaded);
        cor_net_free(derived);
        cor_scenario_free(sc);
    }
    /* the base is what the files say, whatever was derived from it */
    cor_net *again = NULL;
    assert_int_equal(cor_net_load(dir, &again, NULL), COR_OK);
    same_records(base, again);
    cor_net_free(again);
    cor_scenario_names_free(names, n);
    cor_net_free(base);
}

static void test_derive_caucasus(void **state)
{
    (void)state;
    every_scenario("data/caucasus", "Baku", "Nakhchivan");
    every_scenario("data/caucasus", "Alat port", "Kars");
}

static void test_derive_tiny(void **state)
{
    (void)state;
    every_scenario("tests/data/tiny", NULL, NULL);
}

/* A NULL scenario derives a copy; a selector that matches nothing is refused as on loading. */
static void test_derive_errors(void **state)
{
    (void)state;
    cor_net *base = NULL, *copy = NULL;
    assert_int_equal(cor_net_load("tests/data/tiny", &base, NULL), COR_OK);
    assert_int_equal(cor_net_derive(base, NULL, &copy, NULL), COR_OK);
    same_records(base, copy);
    cor_net_free(copy);
    cor_scenario *sc = cor_scenario_new("typo");
    cor_diags *d = cor_diags_new();
    assert_int_equal(cor_scenario_add(sc, "status", "link NOSUCH", "closed", "typo.ini", 3, d),
                     COR_OK);
    cor_net *derived = (cor_net *)1;
    assert_int_equal(cor_net_derive(base, sc, &derived, d), COR_ERR_INPUT);
    assert_null(derived);
    char msg[512];
    cor_diag_format(cor_diags_get(d, 0), msg, sizeof msg);
    assert_non_null(strstr(msg, "typo.ini:3"));
    cor_diags_free(d);
    cor_scenario_free(sc);
    cor_net_free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derive_caucasus),
        cmocka_unit_test(test_derive_tiny),
        cmocka_unit_test(test_derive_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
