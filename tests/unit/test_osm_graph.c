/* The graph of an OSM extract read straight (cor_osm_net: shapes in memory) against the graph of
 * the same extract imported to a directory and loaded (shapes from geometry.csv): the same arcs
 * and the same shape points, one by one; and the graph builder's check on the number of shape
 * points, on a network whose offsets claim more than a snapshot can count. */
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
#include "corridor/import.h"
#include "net/net_int.h"

#define TINY "tests/data/osm/tiny.osm"
#define MONACO "../shared/data/osm/monaco.osm.pbf"

static cor_graph *graph_of(const cor_net *net)
{
    cor_graph *g = NULL;
    cor_err err;
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, &err),
                     COR_OK);
    return g;
}

/* import to a directory, load it: the graph with shapes from geometry.csv */
static cor_graph *imported(const char *file, cor_osm_opts *o, cor_osm_stats *st)
{
    char dir[] = "/tmp/cor-test-osm-graph-XXXXXX";
    assert_non_null(mkdtemp(dir));
    cor_err err;
    assert_int_equal(cor_osm_import(file, o, dir, st, &err), COR_OK);
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(dir, &net, NULL), COR_OK);
    cor_graph *g = graph_of(net);
    cor_net_free(net);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    return g;
}

/* Returns the number of shape points. */
static size_t same_graph(const char *file, cor_osm_profile profile)
{
    cor_osm_opts o;
    cor_osm_opts_default(&o, profile);
    cor_osm_stats ist;
    cor_graph *a = imported(file, &o, &ist);
    size_t want_points = ist.shape_points;
    cor_net *net = NULL;
    cor_osm_stats st;
    cor_err err;
    assert_int_equal(cor_osm_net(file, &o, &net, &st, &err), COR_OK);
    assert_string_equal(cor_net_dir(net), file);
    assert_int_equal(st.shape_points, want_points);
    assert_int_equal(net->shape_first[net->n_links], want_points);
    cor_graph *b = graph_of(net);
    cor_net_free(net);
    assert_int_equal(cor_graph_node_count(a), cor_graph_node_count(b));
    assert_int_equal(cor_graph_arc_count(a), cor_graph_arc_count(b));
    size_t points = 0;
    for (uint32_t k = 0; k < cor_graph_arc_count(a); k++) {
        cor_graph_arc_info x, y;
        cor_graph_get_arc(a, k, &x);
        cor_graph_get_arc(b, k, &y);
        assert_string_equal(x.link_id, y.link_id);
        assert_int_equal(x.n_points, y.n_points);
        for (size_t i = 0; i < x.n_points; i++) {
            double la, lo, lb, mb;
            cor_graph_get_point(a, k, i, &la, &lo);
            cor_graph_get_point(b, k, i, &lb, &mb);
            assert_true(la == lb && lo == mb);
        }
        points += x.n_points;
    }
    assert_true(points >= want_points); /* two-way links are walked twice */
    cor_graph_free(a);
    cor_graph_free(b);
    return want_points;
}

static void tiny_shapes(void **state)
{
    (void)state;
    /* tiny.osm, road (tests/data/osm/README.md): 8 links, two points each, but n3 -> n4 -> n5 */
    assert_int_equal(same_graph(TINY, COR_OSM_ROAD), 17);
}

static void monaco_shapes(void **state)
{
    (void)state;
    if (access(MONACO, R_OK) != 0)
        skip();
    same_graph(MONACO, COR_OSM_ROAD);
    same_graph(MONACO, COR_OSM_RAIL);
}

/* offsets that claim 2^31 points for the last link: refused before anything is allocated */
static void too_many_points(void **state)
{
    (void)state;
    cor_osm_opts o;
    cor_osm_opts_default(&o, COR_OSM_ROAD);
    cor_net *net = NULL;
    cor_err err;
    assert_int_equal(cor_osm_net(TINY, &o, &net, NULL, &err), COR_OK);
    net->shape_first[net->n_links] = net->shape_first[net->n_links - 1] + (1ull << 31);
    cor_graph *g = NULL;
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, &err),
                     COR_ERR_INPUT);
    assert_null(g);
    char want[160];
    snprintf(want, sizeof want, "expected at most 2147483640 shape points (a snapshot's count), "
             "found %llu", (unsigned long long)(net->shape_first[net->n_links] -
                                                 net->shape_first[0]));
    assert_string_equal(err.msg, want);
    cor_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tiny_shapes),
        cmocka_unit_test(monaco_shapes),
        cmocka_unit_test(too_many_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
