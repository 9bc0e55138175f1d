/*
 * Sweeps on tests/data/tiny: the random factors of each run (their bounds, moments against the
 * distributions' known mean and variance, reproducibility from the run index alone, whatever
 * ran before), and the results every run carries.
 */
#include <jansson.h>
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
#include "corridor/sweep.h"

#define DRAWS 2000

static const char *write_spec(const char *body)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/corridor-sweep-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
    return path;
}

static cor_sweep_ctx *load(const char *body, cor_sweep **s)
{
    const char *path = write_spec(body);
    cor_diags *d = cor_diags_new();
    assert_int_equal(cor_sweep_load(path, "tests/data/tiny", s, d), COR_OK);
    cor_sweep_ctx *c = NULL;
    assert_int_equal(cor_sweep_ctx_new(*s, &c, d), COR_OK);
    cor_diags_free(d);
    unlink(path);
    return c;
}

/* The run's factors[k] and its JSON (the caller frees it). */
static json_t *run(cor_sweep_ctx *c, size_t i)
{
    char *text = cor_sweep_run(c, i);
    assert_non_null(text);
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(j);
    assert_true(json_is_true(json_object_get(j, "ok")));
    return j;
}

static double factor(json_t *j, size_t k)
{
    return json_real_value(json_array_get(json_object_get(j, "factors"), k));
}

/* uniform 0.5 1.5: mean 1, variance 1/12; triangular 0.5 1 2: mean (a + b + c) / 3 = 7/6,
 * variance (a^2 + b^2 + c^2 - ab - ac - bc) / 18 = 1.75 / 18; lognormal 0 0.2: ln x has mean 0
 * and variance 0.04. Means within 4 standard errors, variances within 15%, over 2,000 draws of
 * a fixed seed. */
static void test_factor_distributions(void **state)
{
    (void)state;
    cor_sweep *s;
    cor_sweep_ctx *c = load("[sweep]\nscenarios = base\ndraws = 2000\nseed = 3\n"
                            "[dwell]\npost F = uniform 0.5 1.5\npost C = triangular 0.5 1 2\n"
                            "[fees]\nborder XA-XB = lognormal 0 0.2\n",
                            &s);
    assert_int_equal(cor_sweep_run_count(s), DRAWS);
    double sum[3] = {0}, sq[3] = {0};
    double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < DRAWS; i++) {
        json_t *j = run(c, i);
        for (size_t k = 0; k < 3; k++) {
            double x = factor(j, k);
            if (k == 2)
                x = log(x);
            sum[k] += x;
            sq[k] += x * x;
            lo[k] = fmin(lo[k], x);
            hi[k] = fmax(hi[k], x);
        }
        json_decref(j);
    }
    const double mean[3] = {1, 7.0 / 6, 0};
    const double var[3] = {1.0 / 12, (0.25 + 1 + 4 - 0.5 - 1 - 2) / 18, 0.04};
    for (size_t k = 0; k < 3; k++) {
        double m = sum[k] / DRAWS, v = sq[k] / DRAWS - m * m;
        assert_true(fabs(m - mean[k]) < 4 * sqrt(var[k] / DRAWS));
        assert_true(fabs(v - var[k]) < 0.15 * var[k]);
    }
    assert_true(lo[0] >= 0.5 && hi[0] < 1.5);
    assert_true(lo[1] >= 0.5 && hi[1] <= 2);
    cor_sweep_ctx_free(c);
    cor_sweep_free(s);
}

/* A run is a function of its index: the same bytes whether it runs first or after others,
 * in this context or a new one (as on another MPI rank). */
static void test_runs_reproducible(void **state)
{
    (void)state;
    const char *spec = "[sweep]\nscenarios = base, close-h\ndraws = 5\nseed = 11\n"
                       "[dwell]\npost F = uniform 0.5 1.5\n";
    cor_sweep *s1, *s2;
    cor_sweep_ctx *a = load(spec, &s1), *b = load(spec, &s2);
    char *late = NULL;
    for (size_t i = 0; i < cor_sweep_run_count(s1); i++) {
        char *t = cor_sweep_run(a, i);
        if (i == 7)
            late = t;
        else
            free(t);
    }
    char *alone = cor_sweep_run(b, 7);
    assert_string_equal(late, alone);
    free(late);
    free(alone);
    /* different runs draw different factors */
    json_t *r0 = run(b, 0), *r1 = run(b, 1);
    assert_true(factor(r0, 0) != factor(r1, 0));
    json_decref(r0);
    json_decref(r1);
    cor_sweep_ctx_free(a);
    cor_sweep_ctx_free(b);
    cor_sweep_free(s1);
    cor_sweep_free(s2);
}

/* Fixed factors: every run is the plain assignment (tests/cli/test_freight.sh: XC carries
 * 1500 t a year in transit under base, 0 under close-h), and names its OD pairs. */
static void test_fixed_runs(void **state)
{
    (void)state;
    cor_sweep *s;
    cor_sweep_ctx *c = load("[sweep]\nscenarios = base, close-h\ndraws = 2\n"
                            "[dwell]\npost F = fixed 1\n",
                            &s);
    const double xc[2] = {1500, 0};
    for (size_t i = 0; i < 4; i++) {
        json_t *j = run(c, i);
        json_t *countries = json_object_get(j, "countries");
        double t = NAN;
        for (size_t k = 0; k < json_array_size(countries); k++) {
            json_t *a = json_array_get(countries, k);
            if (strcmp(json_string_value(json_object_get(a, "country")), "XC") == 0)
                t = json_real_value(json_object_get(a, "transit_tonnes"));
        }
        assert_true(t == xc[i / 2]);
        json_t *od = json_array_get(json_object_get(j, "od_names"), 0);
        assert_string_equal(json_string_value(json_object_get(od, "from")), "Town A");
        assert_string_equal(json_string_value(json_object_get(od, "to")), "Town E");
        json_decref(j);
    }
    cor_sweep_ctx_free(c);
    cor_sweep_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_factor_distributions),
        cmocka_unit_test(test_runs_reproducible),
        cmocka_unit_test(test_fixed_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
