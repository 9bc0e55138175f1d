/*
 * Nearest-node snapping: hand-computed cases on tests/data/tiny, and the grid index against a
 * brute-force scan on random points (regional, global, clustered, with duplicates).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "corridor/corridor.h"
#include "corridor/snap.h"

#ifndef TINY_DIR
#define TINY_DIR "tests/data/tiny"
#endif

static void test_tiny_hand_computed(void **state)
{
    (void)state;
    cor_net *net;
    assert_int_equal(cor_net_load(TINY_DIR, &net, NULL), COR_OK);
    cor_snap *all, *rail;
    cor_err err;
    assert_int_equal(cor_snap_new(net, COR_TRANSPORT_MODES, &all, &err), COR_OK);
    assert_int_equal(cor_snap_new(net, COR_MODE_BIT(COR_MODE_RAIL), &rail, &err), COR_OK);
    assert_int_equal(cor_snap_count(all), 8);
    assert_int_equal(cor_snap_count(rail), 5); /* A B C D E: F G H have road links only */
    uint32_t v, want;
    double km;
    /* exactly on Town A */
    assert_int_equal(cor_snap_nearest(all, 40.0, 44.0, &v, &km, &err), COR_OK);
    assert_int_equal(cor_net_find_node(net, "A", &want, NULL), COR_OK);
    assert_int_equal(v, want);
    assert_true(km < 1e-9);
    /* (40, 44.86): F at 44.8798 is 0.0198 deg of longitude away, G at 44.8915 is 0.0315:
     * 6371 km * cos 40 deg * 0.0198 * pi / 180 = 6371 * 0.766044 * 3.45575e-4 = 1.68657 km */
    assert_int_equal(cor_snap_nearest(all, 40.0, 44.86, &v, &km, &err), COR_OK);
    assert_string_equal(cor_net_node(net, v)->id, "F");
    assert_true(fabs(km - 1.68657) < 1e-4);
    /* by rail: B (0.1562 deg west: 0.1562 * 85.17 km = 13.30 km) beats C (0.1799 deg south,
     * 0.137 deg east: sqrt(20.00^2 + 11.67^2) = 23.2 km) */
    assert_int_equal(cor_snap_nearest(rail, 40.0, 44.86, &v, &km, &err), COR_OK);
    assert_string_equal(cor_net_node(net, v)->id, "B");
    assert_true(fabs(km - 13.30) < 0.01);
    /* bad coordinates */
    assert_int_equal(cor_snap_nearest(all, 91, 44, &v, &km, &err), COR_ERR_INPUT);
    assert_int_equal(cor_snap_nearest(all, 40, -181, &v, &km, &err), COR_ERR_INPUT);
    assert_int_equal(cor_snap_nearest(all, NAN, 44, &v, &km, &err), COR_ERR_INPUT);
    cor_snap_free(all);
    cor_snap_free(rail);
    cor_snap_free(NULL);
    /* no node has a pipeline link: an empty index answers NOTFOUND */
    cor_snap *none;
    assert_int_equal(cor_snap_new(net, COR_MODE_BIT(COR_MODE_PIPELINE), &none, &err), COR_OK);
    assert_int_equal(cor_snap_nearest(none, 40, 44, &v, &km, &err), COR_ERR_NOTFOUND);
    cor_snap_free(none);
    cor_net_free(net);
}

static uint64_t rng_state = 88172645463325252ull;
static double rnd(void) /* xorshift64, uniform in [0, 1) */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void brute(const double *lat, const double *lon, size_t n, double qlat, double qlon,
                  uint32_t *id, double *km)
{
    *km = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double d = cor_haversine_km(qlat, qlon, lat[i], lon[i]);
        if (d < *km) {
            *km = d;
            *id = (uint32_t)i;
        }
    }
}

/* bounds: lat_lo, lat_hi, lon_lo, lon_hi of the points; queries go a little beyond them */
static void differential(const double b[4], size_t n, int clustered)
{
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
    assert_non_null(lat);
    assert_non_null(lon);
    for (size_t i = 0; i < n; i++) {
        if (clustered && i > 0 && rnd() < 0.5) { /* near or on an earlier point */
            size_t j = (size_t)(rnd() * i);
            lat[i] = fmin(b[1], lat[j] + (rnd() < 0.3 ? 0 : 0.01 * rnd()));
            lon[i] = fmin(b[3], lon[j] + (rnd() < 0.3 ? 0 : 0.01 * rnd()));
        } else {
            lat[i] = b[0] + (b[1] - b[0]) * rnd();
            lon[i] = b[2] + (b[3] - b[2]) * rnd();
        }
    }
    cor_snap *s;
    cor_err err;
    assert_int_equal(cor_snap_new_points(lat, lon, n, &s, &err), COR_OK);
    for (int q = 0; q < 400; q++) {
        double qlat = fmax(-90, fmin(90, b[0] - 5 + (b[1] - b[0] + 10) * rnd()));
        double qlon = fmax(-180, fmin(180, b[2] - 5 + (b[3] - b[2] + 10) * rnd()));
        uint32_t got, want = 0;
        double km, want_km;
        assert_int_equal(cor_snap_nearest(s, qlat, qlon, &got, &km, &err), COR_OK);
        brute(lat, lon, n, qlat, qlon, &want, &want_km);
        /* the same distance (a tie may pick another point at that distance) */
        if (fabs(km - want_km) > 1e-9) {
            fprintf(stderr, "query %g,%g: grid %u at %.9f km, brute force %u at %.9f km\n",
                    qlat, qlon, got, km, want, want_km);
            fail();
        }
        assert_true(fabs(cor_haversine_km(qlat, qlon, lat[got], lon[got]) - km) < 1e-9);
    }
    cor_snap_free(s);
    free(lat);
    free(lon);
}

static void test_differential(void **state)
{
    (void)state;
    const double caucasus[4] = {36, 44, 40, 52}, world[4] = {-89, 89, -179.9, 179.9},
                 north[4] = {70, 89.9, -180, 180}, dateline[4] = {-10, 10, 170, 180};
    for (size_t n = 1; n <= 200; n = n * 3 + 1) {
        differential(caucasus, n, 0);
        differential(caucasus, n, 1);
        differential(world, n, 0);
        differential(north, n, 1);
        differential(dateline, n, 0);
    }
    double one[1] = {40}, bad[1] = {200};
    cor_snap *s;
    cor_err err;
    assert_int_equal(cor_snap_new_points(one, bad, 1, &s, &err), COR_ERR_INPUT);
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_hand_computed),
        cmocka_unit_test(test_differential),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
