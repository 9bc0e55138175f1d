/*
 * Country outlines (cor_outlines_load) on web/outlines.json and on broken files, and the HTML
 * report of tests/data/tiny under base and close-h drawn with and without them: land only
 * where an outline reaches into the map, each named by its country.
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

static const char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/corridor-outlines-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static const cor_outline *find(const cor_outlines *o, const char *name)
{
    for (size_t i = 0; i < cor_outlines_count(o); i++)
        if (strcmp(cor_outlines_get(o, i)->name, name) == 0)
            return cor_outlines_get(o, i);
    return NULL;
}

/* web/outlines.json: 35 countries of the 20-62 E, 30-50 N box (scripts/outlines.js), every
 * ring closed and inside the box. */
static void test_bundled_outlines(void **state)
{
    (void)state;
    cor_outlines *o = NULL;
    assert_int_equal(cor_outlines_load("web/outlines.json", &o, NULL), COR_OK);
    assert_int_equal(cor_outlines_count(o), 35);
    const char *names[] = {"Armenia", "Azerbaijan", "Georgia", "Turkey", "Iran", "Russia"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        assert_non_null(find(o, names[i]));
    for (size_t i = 0; i < cor_outlines_count(o); i++) {
        const cor_outline *ol = cor_outlines_get(o, i);
        assert_true(ol->n_rings > 0);
        for (size_t r = 0; r < ol->n_rings; r++) {
            const cor_ring *rg = &ol->rings[r];
            assert_true(rg->n >= 4);
            assert_true(rg->lonlat[0] == rg->lonlat[2 * rg->n - 2]);
            assert_true(rg->lonlat[1] == rg->lonlat[2 * rg->n - 1]);
            for (size_t k = 0; k < rg->n; k++) {
                assert_true(rg->lonlat[2 * k] >= 20 && rg->lonlat[2 * k] <= 62);
                assert_true(rg->lonlat[2 * k + 1] >= 30 && rg->lonlat[2 * k + 1] <= 50);
            }
        }
    }
    /* Yerevan (40.18 N, 44.51 E) is inside Armenia's largest ring (even-odd crossings) */
    const cor_outline *am = find(o, "Armenia");
    int inside = 0;
    for (size_t r = 0; r < am->n_rings; r++) {
        const cor_ring *rg = &am->rings[r];
        for (size_t k = 0, j = rg->n - 1; k < rg->n; j = k++) {
            double xi = rg->lonlat[2 * k], yi = rg->lonlat[2 * k + 1];
            double xj = rg->lonlat[2 * j], yj = rg->lonlat[2 * j + 1];
            if ((yi > 40.18) != (yj > 40.18) && 44.51 < (xj - xi) * (40.18 - yi) / (yj - yi) + xi)
                inside = !inside;
        }
    }
    assert_true(inside);
    cor_outlines_free(o);
}

static void refused(const char *text, const char *message)
{
    const char *path = write_tmp(text);
    cor_diags *d = cor_diags_new();
    cor_outlines *o = (cor_outlines *)1;
    assert_int_equal(cor_outlines_load(path, &o, d), COR_ERR_INPUT);
    assert_null(o);
    char msg[512];
    cor_diag_format(cor_diags_get(d, 0), msg, sizeof msg);
    if (!strstr(msg, message))
        fail_msg("expected \"%s\" in \"%s\"", message, msg);
    assert_non_null(strstr(msg, path));
    cor_diags_free(d);
    unlink(path);
}

static void test_broken_outlines(void **state)
{
    (void)state;
    refused("{\"type\": \"Feature", "expected GeoJSON, found");
    refused("{\"type\": \"Topology\"}", "expected a FeatureCollection with features, found Topology");
    refused("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
            "\"geometry\": {\"type\": \"Point\", \"coordinates\": [1, 2]}}]}",
            "feature 0: expected a Polygon or MultiPolygon, found Point");
    refused("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
            "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [0, 0]]]}}]}",
            "feature 0: expected a ring of at least 4 positions");
    refused("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
            "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
            "[[[0, 0], [1, 0], [1, 91], [0, 0]]]}}]}",
            "feature 0: expected [lon, lat] in [-180, 180] x [-90, 90], found something else at "
            "position 2");
    cor_diags *d = cor_diags_new();
    cor_outlines *o = NULL;
    assert_int_equal(cor_outlines_load("/nonexistent/outlines.json", &o, d), COR_ERR_IO);
    cor_diags_free(d);
}

/* The report of tiny (40 N, 44-45.5 E) with two squares: one around the network, one far away
 * (0-1 E), which must be left out. */
static char *tiny_report(const cor_outlines *outlines)
{
    cor_net *a = NULL, *b = NULL;
    assert_int_equal(cor_net_load("tests/data/tiny", &a, NULL), COR_OK);
    assert_int_equal(cor_net_load_scenario("tests/data/tiny", "close-h", &b, NULL), COR_OK);
    cor_demand *dm = NULL;
    assert_int_equal(cor_demand_load(a, "tests/data/tiny/demand.csv", &dm, NULL), COR_OK);
    cor_freight_opts o;
    cor_freight_opts_default(&o);
    cor_freight_result *ra = NULL, *rb = NULL;
    cor_err err;
    assert_int_equal(cor_freight_assign(a, dm, &o, &ra, &err), COR_OK);
    assert_int_equal(cor_freight_assign(b, dm, &o, &rb, &err), COR_OK);
    cor_html_report in = {"tests/data/tiny", "base", "close-h", a, b, ra, rb, dm,
                          "tests/data/tiny/demand.csv", &o, "test", NULL, outlines};
    char *html = cor_report_html(&in);
    assert_non_null(html);
    cor_freight_result_free(ra);
    cor_freight_result_free(rb);
    cor_demand_free(dm);
    cor_net_free(b);
    cor_net_free(a);
    return html;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

static void test_report_land(void **state)
{
    (void)state;
    char *plain = tiny_report(NULL);
    assert_int_equal(count(plain, "<svg class=\"land\""), 0);
    assert_non_null(strstr(plain, "fill=\"#f4f1e8\"/>")); /* no outlines: the map is all land */
    free(plain);
    const char *path = write_tmp(
        "{\"type\": \"FeatureCollection\", \"features\": ["
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"Near\"}, \"geometry\": {\"type\": "
        "\"Polygon\", \"coordinates\": [[[43, 39], [47, 39], [47, 41], [43, 41], [43, 39]]]}},"
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"Far\"}, \"geometry\": {\"type\": "
        "\"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}}]}");
    cor_outlines *o = NULL;
    assert_int_equal(cor_outlines_load(path, &o, NULL), COR_OK);
    unlink(path);
    char *html = tiny_report(o);
    /* three maps (the difference, A, B), each with the near square as land on the sea */
    assert_int_equal(count(html, "<svg class=\"land\""), 3);
    assert_int_equal(count(html, "<title>Near</title></path>"), 3);
    assert_int_equal(count(html, "<title>Far</title>"), 0);
    assert_int_equal(count(html, "fill=\"#dce8ef\"/>"), 3);
    free(html);
    cor_outlines_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_outlines),
        cmocka_unit_test(test_broken_outlines),
        cmocka_unit_test(test_report_land),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
