/*
 * Exporting a TNTP problem as a corridor network directory (cor_assign_net_write_corridor):
 * tests/data/tntp/two_routes written, read back by the network loader, and solved by the
 * freight equilibrium to the hand-solved flows of tests/data/tntp/README.md (87.5, 12.5, 12.5,
 * 5; both routes 18.75); a source that a network directory cannot hold leaves nothing written.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"

#define NET "tests/data/tntp/two_routes_net.tntp"
#define TRIPS "tests/data/tntp/two_routes_trips.tntp"

static cor_assign_net *load_two_routes(void)
{
    cor_assign_net *tn = NULL;
    assert_int_equal(cor_assign_tntp_load(NET, TRIPS, &tn, NULL), COR_OK);
    return tn;
}

static void test_written_and_solved(void **state)
{
    (void)state;
    char dir[] = "/tmp/corridor-export-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[64];
    snprintf(out, sizeof out, "%s/net", dir);
    cor_assign_net *tn = load_two_routes();
    cor_err err;
    assert_int_equal(cor_assign_net_write_corridor(tn, out, "two_routes (test)", &err), COR_OK);
    cor_assign_net_free(tn);

    cor_net *net = NULL;
    assert_int_equal(cor_net_load(out, &net, NULL), COR_OK);
    /* zones 1 and 2 split into an origin and a destination node, node 3 kept */
    assert_int_equal(cor_net_node_count(net), 5);
    assert_int_equal(cor_net_link_count(net), 4);
    const cor_link *l2 = cor_net_link(net, 1);
    assert_string_equal(l2->id, "L2");
    assert_true(l2->duration_h == 15 && l2->capacity_tpy == 50);
    assert_true(l2->bpr_alpha == 1 && l2->bpr_beta == 1);
    assert_false(l2->both_ways);
    assert_string_equal(l2->source, "two_routes (test)");

    char path[96];
    snprintf(path, sizeof path, "%s/demand.csv", out);
    cor_demand *dm = NULL;
    assert_int_equal(cor_demand_load(net, path, &dm, NULL), COR_OK);
    assert_int_equal(cor_demand_count(dm), 2); /* the intrazonal 1 -> 1 is not a flow */
    assert_true(cor_demand_total(dm) == 105);
    cor_freight_opts o;
    cor_freight_opts_default(&o);
    o.method = COR_FREIGHT_UE;
    o.route.minimize = COR_MIN_TIME;
    o.gap = 1e-10;
    o.max_iter = 200;
    cor_freight_result *r = NULL;
    assert_int_equal(cor_freight_assign(net, dm, &o, &r, &err), COR_OK);
    const double want[4] = {87.5, 12.5, 12.5, 5};
    for (uint32_t l = 0; l < 4; l++)
        if (fabs(r->link_tonnes[l] - want[l]) > 1e-6)
            fail_msg("link L%u: %.9g t, expected %g", l + 1, r->link_tonnes[l], want[l]);
    assert_true(fabs(r->link_hours[0] - 18.75) < 1e-6); /* 10 + 0.1 x 87.5 */
    assert_true(fabs(r->link_hours[1] - 18.75) < 1e-6); /* 15 + 0.3 x 12.5 */
    cor_freight_result_free(r);
    cor_demand_free(dm);
    cor_net_free(net);
    const char *files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv", "demand.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", out, files[i]);
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(out), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* A source with a line break, or of more than 1024 bytes, cannot be a CSV source field as the
 * loader reads it: refused before anything is written. */
static void test_bad_source(void **state)
{
    (void)state;
    char dir[] = "/tmp/corridor-export-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[64];
    snprintf(out, sizeof out, "%s/net", dir);
    cor_assign_net *tn = load_two_routes();
    char big[1100];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *bad[] = {"", big, "\xff\xfe not UTF-8"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cor_err err;
        assert_int_equal(cor_assign_net_write_corridor(tn, out, bad[i], &err), COR_ERR_INPUT);
        struct stat st;
        assert_int_not_equal(stat(out, &st), 0); /* nothing written */
    }
    cor_assign_net_free(tn);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_written_and_solved),
        cmocka_unit_test(test_bad_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
