/*
 * Loader tests: the CSV reader (quoting, byte order marks, line numbers, bad rows), the
 * records read from tests/data/tiny, and great-circle distances against the figures computed
 * independently in shared/data/caucasus/FACTS.md section 7.
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
#include "load/csvfile.h"

static char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/corridor-csv-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_csv_quoting_and_lines(void **state)
{
    (void)state;
    char *path = write_tmp("\xEF\xBB\xBF" "a,b,c\r\n"
                           "1,\"x, y\",3\n"
                           "\n"
                           "4,\"multi\nline\",6\n"
                           "7,\"say \"\"hi\"\"\",9");
    cor_csv *csv;
    cor_diags *d = cor_diags_new();
    assert_int_equal(cor_csv_read(path, "t.csv", &csv, d), COR_OK);
    unlink(path);
    assert_int_equal(cor_diags_count(d), 0);
    assert_int_equal(csv->n_cols, 3);
    assert_string_equal(csv->header[0], "a"); /* the byte order mark is not part of the name */
    assert_int_equal(cor_csv_col(csv, "c"), 2);
    assert_int_equal(cor_csv_col(csv, "z"), -1);
    assert_int_equal(csv->n_rows, 3);
    assert_string_equal(csv->rows[0].fields[1], "x, y");
    assert_int_equal(csv->rows[0].line, 2);
    assert_string_equal(csv->rows[1].fields[1], "multi\nline");
    assert_int_equal(csv->rows[1].line, 4);
    assert_string_equal(csv->rows[2].fields[1], "say \"hi\"");
    assert_int_equal(csv->rows[2].line, 6);
    cor_csv_free(csv);
    cor_diags_free(d);
}

static void test_csv_bad_rows(void **state)
{
    (void)state;
    char *path = write_tmp("a,b\n1,2\n3\n4,5,6\n7,8\n");
    cor_csv *csv;
    cor_diags *d = cor_diags_new();
    assert_int_equal(cor_csv_read(path, "t.csv", &csv, d), COR_OK);
    unlink(path);
    assert_int_equal(csv->n_rows, 2); /* the two bad rows are left out */
    assert_int_equal(cor_diags_errors(d), 2);
    char buf[256];
    cor_diag_format(cor_diags_get(d, 0), buf, sizeof buf);
    assert_string_equal(buf, "t.csv:3: expected 2 fields as in the header, found 1");
    cor_diag_format(cor_diags_get(d, 1), buf, sizeof buf);
    assert_string_equal(buf, "t.csv:4: expected 2 fields as in the header, found 3");
    cor_csv_free(csv);
    cor_diags_free(d);

    path = write_tmp("a,b\n1,\"2\n");
    d = cor_diags_new();
    assert_int_equal(cor_csv_read(path, "q.csv", &csv, d), COR_OK);
    unlink(path);
    assert_int_equal(cor_diags_errors(d), 1);
    cor_diag_format(cor_diags_get(d, 0), buf, sizeof buf);
    assert_string_equal(buf, "q.csv:2: malformed CSV: a quoted field is not closed at the end of "
                             "the file");
    cor_csv_free(csv);
    cor_diags_free(d);

    d = cor_diags_new();
    assert_int_equal(cor_csv_read("/nonexistent/x.csv", "x.csv", &csv, d), COR_ERR_IO);
    assert_null(csv);
    cor_diag_format(cor_diags_get(d, 0), buf, sizeof buf);
    assert_string_equal(buf, "x.csv: cannot open: No such file or directory");
    cor_diags_free(d);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(cor_utf8_valid("Ələt", strlen("Ələt")));
    assert_true(cor_utf8_valid("Тэбрыз", strlen("Тэбрыз")));
    assert_false(cor_utf8_valid("\xff", 1));
    assert_false(cor_utf8_valid("\xc3", 1));          /* truncated */
    assert_false(cor_utf8_valid("\xc0\xaf", 2));      /* overlong */
    assert_false(cor_utf8_valid("\xed\xa0\x80", 3));  /* surrogate */
}

static void test_tiny_records(void **state)
{
    (void)state;
    cor_net *net;
    assert_int_equal(cor_net_load("tests/data/tiny", &net, NULL), COR_OK);
    assert_int_equal(cor_net_node_count(net), 8);
    assert_int_equal(cor_net_link_count(net), 11);
    assert_int_equal(cor_net_border_count(net), 5);
    assert_int_equal(cor_net_transfer_count(net), 2);
    uint32_t b;
    assert_int_equal(cor_net_find_node(net, "junction B", &b, NULL), COR_OK);
    const cor_node *n = cor_net_node(net, b);
    assert_string_equal(n->id, "B");
    assert_string_equal(n->country, "XA");
    assert_int_equal(n->kinds, COR_KIND_RAIL_JUNCTION | COR_KIND_GAUGE_CHANGER | COR_KIND_TERMINAL);
    assert_int_equal(n->line, 3);
    const cor_link *l8 = cor_net_link(net, 7);
    assert_string_equal(l8->id, "L8");
    assert_int_equal(l8->status, COR_STATUS_PLANNED);
    assert_int_equal(l8->year, 2030);
    assert_int_equal(l8->gauge, COR_GAUGE_1520);
    assert_true(isnan(l8->capacity_tpy));
    assert_true(isnan(l8->duration_h));
    assert_float_equal(cor_link_hours(l8), 3.0, 1e-12);
    const cor_border *cd = cor_net_border(net, 0);
    assert_float_equal(cd->dwell_p95_h, 20, 0);
    assert_true(isnan(cor_net_border(net, 1)->dwell_p95_h));
    cor_net_free(net);
}

/* FACTS.md section 7 computed these with the haversine formula, R = 6371 km, from the
 * coordinates of section 1. Its figures are rounded loosely: Python's math module gives
 * 262.20 km for Tbilisi - Poti where FACTS prints 262.3, so the tolerance is 0.11 km. */
static void test_haversine_against_facts(void **state)
{
    (void)state;
    struct { double lat1, lon1, lat2, lon2, km; } cases[] = {
        {40.378, 49.892, 39.953, 49.408, 62.6},   /* Baku - Alat */
        {41.717, 44.783, 42.150, 41.667, 262.3},  /* Tbilisi - Poti */
        {43.20, 51.65, 39.953, 49.408, 406.3},    /* Kuryk - Alat */
        {40.60, 43.10, 40.789, 43.848, 66.4},     /* Kars - Gyumri */
        {39.216, 45.411, 38.956, 45.631, 34.6},   /* Nakhchivan - Julfa */
        {40.378, 49.892, 41.8, 48.6, 191.7},      /* Baku - Samur */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_float_equal(cor_haversine_km(cases[i].lat1, cases[i].lon1, cases[i].lat2,
                                            cases[i].lon2),
                           cases[i].km, 0.11);
}

/* --max-file-mb: bytes exact, rows 4,000,000 per 256 MiB or part of it (docs/security.md) */
static void test_limits_scale(void **state)
{
    (void)state;
    cor_net_limits lim;
    cor_net_limits_default(&lim);
    assert_int_equal(lim.max_file_bytes, 268435456LL);
    assert_int_equal(lim.max_rows, 4000000L);
    cor_err err = {0};
    assert_int_equal(cor_net_limits_mb(&lim, 1, &err), COR_OK);
    assert_int_equal(lim.max_file_bytes, 1048576LL);
    assert_int_equal(lim.max_rows, 4000000L);
    assert_int_equal(cor_net_limits_mb(&lim, 257, &err), COR_OK);
    assert_int_equal(lim.max_file_bytes, 269484032LL);
    assert_int_equal(lim.max_rows, 8000000L);
    assert_int_equal(cor_net_limits_mb(&lim, 3072, &err), COR_OK);
    assert_int_equal(lim.max_rows, 48000000L);
    assert_int_equal(cor_net_limits_mb(&lim, 0, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected 1 to 1048576 MiB, found 0");
    assert_int_equal(lim.max_file_bytes, 3221225472LL); /* unchanged */
    assert_int_equal(cor_net_limits_mb(&lim, 1048577, &err), COR_ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quoting_and_lines),
        cmocka_unit_test(test_csv_bad_rows),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_tiny_records),
        cmocka_unit_test(test_haversine_against_facts),
        cmocka_unit_test(test_limits_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
