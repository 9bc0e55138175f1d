/*
 * Fuzz target: sweep specs. The input is a sweep INI file read against data/caucasus; a spec
 * that loads is prepared (scenarios, random lines, demand) and its first and last runs are
 * executed, the last twice, and checked against the spec.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sweep/sweep_int.h" /* the parsed spec, to check each run against it */

#define FUZZ_CAUCASUS COR_SOURCE_DIR "/data/caucasus"

/* the bundled demand's total, tonnes a year */
static double demand_total;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    cor_net *net = NULL;
    cor_demand *dem = NULL;
    if (cor_net_load(FUZZ_CAUCASUS, &net, NULL) != COR_OK ||
        cor_demand_load(net, FUZZ_CAUCASUS "/demand.csv", &dem, NULL) != COR_OK)
        fuzz_fail(__FILE__, __LINE__, "cannot load data/caucasus and its demand");
    demand_total = cor_demand_total(dem);
    cor_demand_free(dem);
    cor_net_free(net);
    return 0;
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* Checks run `run`'s record against the spec: its place in the run list (draws vary
 * fastest, then growth factors, then scenarios: docs/sweep.md), its factors within the
 * support of their distributions, and finite tonnes that add up to the scaled demand. */
static void check_run(const cor_sweep *s, size_t run, const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    FUZZ_CHECK(j);
    size_t draw = run % s->draws, growth = run / s->draws % s->n_growth;
    size_t scen = run / s->draws / s->n_growth;
    FUZZ_CHECK(scen < s->n_scenarios);
    FUZZ_CHECK(json_integer_value(json_object_get(j, "run")) == (json_int_t)run);
    FUZZ_CHECK(json_integer_value(json_object_get(j, "draw")) == (json_int_t)draw);
    FUZZ_CHECK(json_real_value(json_object_get(j, "growth")) == s->growth[growth]);
    const char *sc = json_string_value(json_object_get(j, "scenario"));
    FUZZ_CHECK(sc && strcmp(sc, s->scenarios[scen]) == 0);
    json_t *f = json_object_get(j, "factors");
    FUZZ_CHECK(json_array_size(f) == s->n_draws);
    for (size_t k = 0; k < s->n_draws; k++) {
        const sweep_draw *d = &s->random[k];
        double x = json_real_value(json_array_get(f, k));
        FUZZ_CHECK(isfinite(x));
        switch (d->dist) {
        case DIST_FIXED: FUZZ_CHECK(x == d->a); break;
        case DIST_UNIFORM: FUZZ_CHECK(x >= d->a && x <= d->b); break;
        case DIST_TRIANGULAR: FUZZ_CHECK(x >= d->a && x <= d->c); break;
        default: FUZZ_CHECK(x > 0); break;
        }
    }
    json_t *ok = json_object_get(j, "ok");
    FUZZ_CHECK(json_is_boolean(ok));
    if (json_is_true(ok)) {
        double routed = json_real_value(json_object_get(j, "tonnes_routed"));
        double unrouted = json_real_value(json_object_get(j, "tonnes_unrouted"));
        FUZZ_CHECK(isfinite(routed) && routed >= 0 && isfinite(unrouted) && unrouted >= 0);
        FUZZ_CHECK(close_to(routed + unrouted, demand_total * s->growth[growth]));
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(j, "countries"), i, c) {
            double t = json_real_value(json_object_get(c, "transit_tonnes"));
            double usd = json_real_value(json_object_get(c, "fees_usd"));
            FUZZ_CHECK(isfinite(t) && t >= 0 && t <= routed * (1 + 1e-9));
            FUZZ_CHECK(isfinite(usd) && usd >= 0);
        }
    } else {
        /* a failed run says why */
        const char *msg = json_string_value(json_object_get(j, "message"));
        FUZZ_CHECK(msg && msg[0]);
    }
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fuzz_write("sweep.ini", data, size, path, sizeof path);
    cor_diags *d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_sweep *s = NULL;
    cor_status st = cor_sweep_load(path, FUZZ_CAUCASUS, &s, d);
    FUZZ_CHECK((st == COR_OK) == (s != NULL));
    FUZZ_CHECK(st == COR_OK || st == COR_ERR_INPUT);
    fuzz_check_diags(d, st != COR_OK);
    cor_diags_free(d);
    if (!s)
        return 0;
    size_t runs = cor_sweep_run_count(s);
    FUZZ_CHECK(runs == s->n_scenarios * s->n_growth * s->draws);
    FUZZ_CHECK(runs >= 1 && runs <= 1000000);
    FUZZ_CHECK(s->n_scenarios <= 64 && s->n_growth <= 64 && s->n_draws <= 64);
    /* only data/caucasus and its own scenarios: a spec may name any file (net = /, a
     * scenario /dev/stdin), which is not what this target is about; and at most 2 scenarios,
     * each loaded with the network twice: a logit sweep of 2 scenarios, 3 runs, takes 0.15 s
     * at -O2 and up to 23 s in the instrumented build on a busy machine; and at most 5 routes
     * an OD pair: Yen's alternatives grow the work about as their cube (3 runs of 2 scenarios at
     * -O2: 0.09 s with 5 routes, 0.35 s with 10, 2.8 s with 20, which passed libFuzzer's 30 s
     * in the instrumented build beside another CPU-heavy job) */
    int local = !s->demand && strcmp(s->net, FUZZ_CAUCASUS) == 0 && s->n_scenarios <= 2 &&
                s->opts.route.alternatives <= 5;
    for (size_t i = 0; i < s->n_scenarios; i++)
        local &= !strchr(s->scenarios[i], '/') && !strstr(s->scenarios[i], ".ini");
    if (!local) {
        cor_sweep_free(s);
        return 0;
    }
    d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_sweep_ctx *c = NULL;
    st = cor_sweep_ctx_new(s, &c, d);
    FUZZ_CHECK((st == COR_OK) == (c != NULL));
    FUZZ_CHECK(st != COR_ERR_NOMEM);
    fuzz_check_diags(d, st != COR_OK);
    cor_diags_free(d);
    if (c) {
        /* the last run, the first, the last again: a run depends on its index alone */
        char *last = cor_sweep_run(c, runs - 1);
        char *first = cor_sweep_run(c, 0);
        char *again = cor_sweep_run(c, runs - 1);
        FUZZ_CHECK(last && first && again);
        FUZZ_CHECK(strcmp(last, again) == 0);
        check_run(s, runs - 1, last);
        check_run(s, 0, first);
        free(last);
        free(first);
        free(again);
        cor_sweep_ctx_free(c);
    }
    cor_sweep_free(s);
    return 0;
}
