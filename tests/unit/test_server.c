/*
 * Server helpers that need no socket: the encoded polyline of OSRM's geometries=polyline,
 * against the worked example of Google's "Encoded Polyline Algorithm Format" page, and the
 * limits of the server's options.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "corridor/corridor.h"
#include "corridor/server.h"

static void test_polyline_google_example(void **state)
{
    (void)state;
    /* developers.google.com/maps/documentation/utilities/polylinealgorithm:
     * (38.5, -120.2), (40.7, -120.95), (43.252, -126.453) -> "_p~iF~ps|U_ulLnnqC_mqNvxq`@" */
    const double lat[] = {38.5, 40.7, 43.252}, lon[] = {-120.2, -120.95, -126.453};
    char *s = cor_polyline_encode(lat, lon, 3, 5);
    assert_non_null(s);
    assert_string_equal(s, "_p~iF~ps|U_ulLnnqC_mqNvxq`@");
    free(s);
    /* the same page: -179.9832104 encodes as "`~oia@" (a single value) */
    const double one_lat[] = {-179.9832104}, one_lon[] = {0};
    s = cor_polyline_encode(one_lat, one_lon, 1, 5);
    assert_non_null(s);
    assert_string_equal(s, "`~oia@?");
    free(s);
    s = cor_polyline_encode(lat, lon, 0, 5);
    assert_string_equal(s, "");
    free(s);
}

static void test_polyline6(void **state)
{
    (void)state;
    /* precision 6: 38.5 -> 38500000 -> zig-zag 77000000 -> 5-bit chunks from the low end:
     * 0, 10, 27, 13, 9, 2 (77000000 = 2*2^25 + 9*2^20 + 13*2^15 + 27*2^10 + 10*2^5) ->
     * chars 63+32+0, 63+32+10, 63+32+27, 63+32+13, 63+32+9, 63+2 = "_izlhA"; lon 0 -> "?" */
    const double lat[] = {38.5}, lon[] = {0};
    char *s = cor_polyline_encode(lat, lon, 1, 6);
    assert_non_null(s);
    assert_string_equal(s, "_izlhA?");
    free(s);
}

/* cor_server_opts_set(): the limits of `corridor serve`'s options, a failed call changes
 * nothing */
static void test_opts_set(void **state)
{
    (void)state;
    cor_server_opts o;
    cor_server_opts_default(&o);
    cor_err err;
    assert_int_equal(cor_server_opts_set(&o, "port", "0", &err), COR_OK);
    assert_int_equal(cor_server_opts_set(&o, "threads", "256", &err), COR_OK);
    assert_int_equal(cor_server_opts_set(&o, "max_connections", "60000", &err), COR_OK);
    assert_int_equal(cor_server_opts_set(&o, "timeout", "1", &err), COR_OK);
    assert_int_equal(cor_server_opts_set(&o, "max_assign", "3", &err), COR_OK);
    assert_int_equal(cor_server_opts_set(&o, "allow_host", "a.example,b", &err), COR_OK);
    assert_int_equal(cor_server_opts_set(&o, "cors", "*", &err), COR_OK);
    assert_true(o.port == 0 && o.threads == 256 && o.max_connections == 60000 &&
                o.timeout_s == 1 && o.max_assign == 3);
    assert_string_equal(o.allow_hosts, "a.example,b");
    assert_string_equal(o.cors_origin, "*");
    assert_int_equal(cor_server_opts_set(&o, "port", "65536", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected a whole number from 0 to 65535, found \"65536\"");
    assert_int_equal(cor_server_opts_set(&o, "threads", "0", &err), COR_ERR_INPUT);
    assert_int_equal(cor_server_opts_set(&o, "timeout", "3601", &err), COR_ERR_INPUT);
    assert_int_equal(cor_server_opts_set(&o, "max_assign", "1.5", &err), COR_ERR_INPUT);
    assert_int_equal(cor_server_opts_set(&o, "cors", "https://a.example\r\nX-Evil: 1", &err),
                     COR_ERR_INPUT);
    assert_int_equal(cor_server_opts_set(&o, "allow_host", "", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected host names separated by \",\", found \"\"");
    assert_int_equal(cor_server_opts_set(&o, "net", "x", &err), COR_ERR_NOTFOUND);
    assert_true(o.port == 0 && o.threads == 256 && o.max_connections == 60000 &&
                o.timeout_s == 1 && o.max_assign == 3);
    assert_string_equal(o.allow_hosts, "a.example,b");
    assert_string_equal(o.cors_origin, "*");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_polyline_google_example),
        cmocka_unit_test(test_polyline6),
        cmocka_unit_test(test_opts_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
