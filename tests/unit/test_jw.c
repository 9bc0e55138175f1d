/*
 * The streaming JSON writer (src/output/jw.c) against jansson, which wrote every answer before
 * it: the same bytes as json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(p)) for random reals,
 * integers, strings (control characters, UTF-8, invalid UTF-8) and random nested documents.
 */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "output/jw.h"

/* xorshift64*: the cases are the same on every run */
static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1DULL;
}
static double unit(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

/* jansson's text of one value, as the outputs dump it */
static char *jansson_text(json_t *v, int prec)
{
    json_t *a = json_array();
    json_array_append_new(a, v);
    char *s = json_dumps(a, JSON_COMPACT | JSON_REAL_PRECISION(prec));
    json_decref(a);
    return s;
}

static void check_real(double x, int prec)
{
    json_t *v = json_real(x);
    assert_non_null(v);
    char *want = jansson_text(v, prec);
    cor_jw w;
    cor_jw_init(&w, prec);
    cor_jw_arr(&w);
    cor_jw_real(&w, x);
    cor_jw_arr_end(&w);
    char *got = cor_jw_finish(&w);
    if (!got || strcmp(want, got) != 0)
        fail_msg("%.17g at precision %d: jansson %s, jw %s", x, prec, want, got ? got : "NULL");
    free(want);
    free(got);
}

/* A real of one of the shapes the answers hold. */
static double random_real(void)
{
    switch (rnd() % 11) {
    case 0: /* any bit pattern that is finite */
        for (;;) {
            uint64_t b = rnd();
            double x;
            memcpy(&x, &b, sizeof x);
            if (isfinite(x))
                return x;
        }
    case 1: /* hundredths, thousandths: km, USD */
        return (double)(int64_t)(rnd() % 100000000) / (rnd() % 2 ? 100.0 : 1000.0);
    case 2: /* ratios of small integers: hours = km / speed */
        return (double)(rnd() % 100000) / (double)(1 + rnd() % 997);
    case 3: /* integers, negative too */
        return (double)((int64_t)(rnd() % 20000000000ULL) - 10000000000LL);
    case 4: /* 11 digits ending in 5: halfway at 10 digits, exactly when the division is */
        return ((double)(1000000000 + rnd() % 9000000000ULL) * 10 + 5) /
               pow(10, (double)(rnd() % 16));
    case 7: { /* a few ulps or a millionth of the last digit off a halfway point */
        double t = ((double)(1000000000 + rnd() % 9000000000ULL) * 10 + 5) /
                   pow(10, (double)(rnd() % 16));
        if (rnd() % 2) {
            for (int i = 0, n = (int)(rnd() % 4); i < n; i++)
                t = nextafter(t, rnd() % 2 ? 0 : 1e300);
            return t;
        }
        return t * (1 + (rnd() % 2 ? 1 : -1) * (double)(1 + rnd() % 100) * 1e-16);
    }
    case 5: /* sums of legs: cumulative figures */
    {
        double s = 0;
        for (int i = 0, n = (int)(rnd() % 40); i < n; i++)
            s += (double)(rnd() % 100000) / 100.0 / (1 + (double)(rnd() % 60));
        return s;
    }
    case 6: /* just below and above powers of ten */
    {
        double p = pow(10, (double)((int)(rnd() % 30) - 10));
        return rnd() % 2 ? nextafter(p, 0) : nextafter(p, 1e300);
    }
    default: /* log-uniform over 1e-12 .. 1e18, either sign */
    {
        double x = pow(10, -12 + 30 * unit());
        return rnd() % 2 ? -x : x;
    }
    }
}

static void test_reals(void **state)
{
    static const double fixed[] = {0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.1, 0.2, 0.3, 1e-4, 1e-5,
                                   9.9999999995e-5, 99999.99999, 9999999999.5, 9999999999.0,
                                   1e10, 1e15, 1e16, 1e17, 1e20, 1e21, 1e22, 1e23, 1e300,
                                   -1e-300, 5e-324, 1.7976931348623157e308, 123456789.05,
                                   2.675, 0.125, 838.2, 63.48681319, 2.615384615384615};
    static const int precs[] = {10, 17, 15, 6, 1};
    for (size_t p = 0; p < sizeof precs / sizeof *precs; p++) {
        for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
            check_real(fixed[i], precs[p]);
            check_real(-fixed[i], precs[p]);
        }
        for (int i = 0; i < (precs[p] == 10 ? 200000 : 20000); i++)
            check_real(random_real(), precs[p]);
    }
}

/* NaN and infinities: jansson cannot hold them (json_real() gives NULL, json_pack fails, so
 * the answer is not written); jw fails the whole text the same way. */
static void test_non_finite(void **state)
{
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < 3; i++) {
        assert_null(json_real(bad[i]));
        cor_jw w;
        cor_jw_init(&w, 10);
        cor_jw_obj(&w);
        COR_JW_KREAL(&w, "x", bad[i]);
        cor_jw_obj_end(&w);
        assert_null(cor_jw_finish(&w));
    }
}

static void test_integers(void **state)
{
    const long long fixed[] = {0, 1, -1, 9, 10, -10, LLONG_MAX, LLONG_MIN, 4294967296LL};
    for (int i = 0; i < 20000 + 9; i++) {
        long long x = i < 9 ? fixed[i] : (long long)(rnd() >> (rnd() % 64)) * (rnd() % 2 ? 1 : -1);
        char *want = jansson_text(json_integer(x), 10);
        cor_jw w;
        cor_jw_init(&w, 10);
        cor_jw_arr(&w);
        cor_jw_int(&w, x);
        cor_jw_arr_end(&w);
        char *got = cor_jw_finish(&w);
        assert_non_null(got);
        assert_string_equal(want, got);
        free(want);
        free(got);
    }
}

/* A random string: ASCII with every control character, valid UTF-8 of every length, and
 * sometimes a byte sequence that is not UTF-8 (stray continuation, overlong, surrogate, above
 * U+10FFFF, cut short). */
static void random_string(char *s, size_t cap)
{
    size_t n = 0, len = rnd() % (cap / 5);
    while (n < len) {
        unsigned r = (unsigned)(rnd() % 20);
        if (r < 8) {
            s[n++] = (char)(1 + rnd() % 127);
        } else if (r < 10) {
            s[n++] = (char)(1 + rnd() % 31);
        } else if (r < 16) {
            uint32_t cp;
            do
                cp = (uint32_t)(0x80 + rnd() % (r < 13 ? 0x800 : 0x10FF80));
            while (cp >= 0xD800 && cp <= 0xDFFF);
            if (cp < 0x800) {
                s[n++] = (char)(0xC0 | cp >> 6);
                s[n++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                s[n++] = (char)(0xE0 | cp >> 12);
                s[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
                s[n++] = (char)(0x80 | (cp & 0x3F));
            } else {
                s[n++] = (char)(0xF0 | cp >> 18);
                s[n++] = (char)(0x80 | (cp >> 12 & 0x3F));
                s[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
                s[n++] = (char)(0x80 | (cp & 0x3F));
            }
        } else if (r < 19) {
            s[n++] = "\"\\/"[rnd() % 3];
        } else if (rnd() % 8 == 0) { /* not UTF-8 */
            static const char *const bad[] = {"\x80", "\xC0\xAF", "\xC1\x81", "\xED\xA0\x80",
                                              "\xF4\x90\x80\x80", "\xE2\x82", "\xF8\x88\x80",
                                              "\xFF", "\xE0\x80\xAF", "\xF0\x80\x80\x80"};
            const char *b = bad[rnd() % 10];
            memcpy(s + n, b, strlen(b));
            n += strlen(b);
        } else
            s[n++] = (char)(0x7F);
    }
    s[n] = '\0';
}

static void test_strings(void **state)
{
    char s[256];
    int refused = 0;
    for (int i = 0; i < 50000; i++) {
        random_string(s, sizeof s);
        json_t *v = json_string(s);
        cor_jw w;
        cor_jw_init(&w, 10);
        cor_jw_obj(&w);
        cor_jw_key(&w, s); /* keys are escaped as strings too */
        cor_jw_str(&w, s);
        cor_jw_obj_end(&w);
        char *got = cor_jw_finish(&w);
        if (!v) {
            refused++;
            if (got)
                fail_msg("jansson refuses [%s], jw wrote %s", s, got);
            continue;
        }
        json_t *o = json_object();
        json_object_set_new(o, s, v);
        char *want = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
        json_decref(o);
        assert_non_null(got);
        assert_string_equal(want, got);
        free(want);
        free(got);
    }
    assert_true(refused > 100); /* invalid UTF-8 was tried */
}

/* A valid random string (jansson's json_string of it in *v). */
static void valid_string(char *s, size_t cap, json_t **v)
{
    for (;;) {
        random_string(s, cap);
        if ((*v = json_string(s)) != NULL)
            return;
    }
}

/* A random value written by both, nested up to `depth`. */
static json_t *random_value(cor_jw *w, int depth)
{
    char s[64];
    json_t *v;
    switch (rnd() % (depth > 0 ? 8 : 6)) {
    case 0: {
        double x = random_real();
        cor_jw_real(w, x);
        return json_real(x);
    }
    case 1: {
        long long x = (long long)(rnd() % 100000) - 500;
        cor_jw_int(w, x);
        return json_integer(x);
    }
    case 2:
        valid_string(s, sizeof s, &v);
        cor_jw_str(w, s);
        return v;
    case 3: {
        int b = (int)(rnd() % 2);
        cor_jw_bool(w, b);
        return json_boolean(b);
    }
    case 4:
        cor_jw_null(w);
        return json_null();
    case 5:
        cor_jw_str_or_null(w, NULL);
        return json_null();
    case 6: {
        json_t *a = json_array();
        cor_jw_arr(w);
        for (int i = 0, n = (int)(rnd() % 5); i < n; i++)
            json_array_append_new(a, random_value(w, depth - 1));
        cor_jw_arr_end(w);
        return a;
    }
    default: {
        json_t *o = json_object();
        cor_jw_obj(w);
        for (int i = 0, n = (int)(rnd() % 5); i < n; i++) {
            char key[16]; /* distinct keys: jansson keeps one value per key */
            snprintf(key, sizeof key, "k%d", i);
            cor_jw_key(w, key);
            json_object_set_new(o, key, random_value(w, depth - 1));
        }
        cor_jw_obj_end(w);
        return o;
    }
    }
}

/* Commas, colons, nesting and empty containers: random documents, the bytes of json_dumps;
 * then a key added to the text by cor_jw_reopen(). */
static void test_documents(void **state)
{
    for (int i = 0; i < 5000; i++) {
        cor_jw w;
        cor_jw_init(&w, 10);
        json_t *o = json_object();
        cor_jw_obj(&w);
        for (int k = 0, n = (int)(rnd() % 6); k < n; k++) {
            char key[16];
            snprintf(key, sizeof key, "key%d", k);
            cor_jw_key(&w, key);
            json_object_set_new(o, key, random_value(&w, 4));
        }
        cor_jw_obj_end(&w);
        char *got = cor_jw_finish(&w);
        char *want = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
        assert_non_null(got);
        assert_non_null(want);
        assert_string_equal(want, got);
        free(want);
        /* one more key added to the text: as json_loads, json_object_set_new, json_dumps */
        cor_jw_init(&w, 10);
        cor_jw_reopen(&w, got);
        COR_JW_KEY(&w, "extra");
        json_t *loaded = json_loads(want = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10)),
                                    0, NULL);
        free(want);
        assert_non_null(loaded);
        json_object_set_new(loaded, "extra", random_value(&w, 2));
        cor_jw_obj_end(&w);
        got = cor_jw_finish(&w);
        want = json_dumps(loaded, JSON_COMPACT | JSON_REAL_PRECISION(10));
        json_decref(loaded);
        json_decref(o);
        assert_non_null(got);
        assert_string_equal(want, got);
        free(want);
        free(got);
    }
    /* not an object: the writer fails */
    cor_jw w;
    cor_jw_init(&w, 10);
    char *text = malloc(4);
    memcpy(text, "[1]", 4);
    cor_jw_reopen(&w, text);
    COR_JW_KINT(&w, "k", 1);
    cor_jw_obj_end(&w);
    assert_null(cor_jw_finish(&w));
}

/* cor_jw_raw copies a value as it is; an empty writer finishes as "" */
static void test_raw_and_empty(void **state)
{
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_arr(&w);
    cor_jw_raw(&w, "{\"a\":1}", 7);
    cor_jw_int(&w, 2);
    cor_jw_arr_end(&w);
    char *s = cor_jw_finish(&w);
    assert_string_equal(s, "[{\"a\":1},2]");
    free(s);
    cor_jw_init(&w, 10);
    s = cor_jw_finish(&w);
    assert_string_equal(s, "");
    free(s);
    /* literal keys: the bytes of cor_jw_key */
    cor_jw_init(&w, 10);
    cor_jw_obj(&w);
    COR_JW_KREAL(&w, "km", 68);
    COR_JW_KSTR(&w, "from", "Baku");
    COR_JW_KEY(&w, "legs");
    cor_jw_arr(&w);
    cor_jw_obj(&w);
    COR_JW_KINT(&w, "rank", 1);
    COR_JW_KBOOL(&w, "t", 0);
    cor_jw_obj_end(&w);
    cor_jw_arr_end(&w);
    cor_jw_obj_end(&w);
    s = cor_jw_finish(&w);
    assert_string_equal(s, "{\"km\":68.0,\"from\":\"Baku\",\"legs\":[{\"rank\":1,\"t\":false}]}");
    free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reals),
    cmocka_unit_test(test_non_finite),
    cmocka_unit_test(test_integers),
    cmocka_unit_test(test_strings),
    cmocka_unit_test(test_documents),
    cmocka_unit_test(test_raw_and_empty),
};

int main(void)
{
    return cmocka_run_group_tests(tests, NULL, NULL);
}
