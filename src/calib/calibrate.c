/* `corridor calibrate`: scenario factors fitted to the observations by a bounded coordinate
 * search in log space on the objective of cor_validate_run() (docs/calibration.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/calib.h"

const cor_calib_param cor_calib_default_params[] = {
    {"tariff", "mode rail", 0.25, 8, 1, 1},
    {"tariff", "mode road", 0.25, 4, 1, 1},
    {"tariff", "mode sea", 0.25, 4, 1, 1},
    {"dwell", "mode road", 0.25, 4, 1, 1},
    {"dwell", "mode rail", 0.25, 4, 1, 1},
};
const size_t cor_calib_default_n_params =
    sizeof cor_calib_default_params / sizeof *cor_calib_default_params;

void cor_calib_opts_default(cor_calib_opts *o)
{
    memset(o, 0, sizeof *o);
    cor_freight_opts_default(&o->freight);
    o->max_evaluations = 400;
    o->first_step = 4.0;
    o->last_step = 1.01;
}

cor_status cor_calib_param_parse(const char *text, cor_calib_param *p, cor_err *err)
{
    cor_calib_param q = {0};
    int n = 0;
    if (sscanf(text, "%15[a-z]:%63[^:]:%lf:%lf%n", q.section, q.selector, &q.lo, &q.hi, &n) !=
            4 ||
        text[n] || !(q.lo > 0) || !(q.lo <= 1) || !(q.hi >= 1) || !isfinite(q.hi))
        return cor_err_set(err, COR_ERR_INPUT, "expected SECTION:SELECTOR:LO:HI with 0 < LO <= "
                                               "1 <= HI, e.g. \"tariff:mode rail:0.25:8\", "
                                               "found \"%s\"", text);
    q.start = q.value = 1;
    *p = q;
    return COR_OK;
}

void cor_calib_result_free(cor_calib_result *r)
{
    if (!r)
        return;
    free(r->params);
    cor_validation_free(r->before);
    cor_validation_free(r->after);
    free(r);
}

cor_scenario *cor_calib_scenario(const cor_scenario *base, const char *name,
                                 const cor_calib_param *params, size_t n_params,
                                 cor_diags *diags)
{
    cor_scenario *sc = base ? cor_scenario_copy(base) : cor_scenario_new(name);
    if (!sc)
        return NULL;
    for (size_t i = 0; i < n_params; i++) {
        char value[64];
        snprintf(value, sizeof value, "x%.4g", params[i].value);
        if (cor_scenario_add(sc, params[i].section, params[i].selector, value, "calibrate",
                             (long)i + 1, diags) != COR_OK) {
            cor_scenario_free(sc);
            return NULL;
        }
    }
    return sc;
}

typedef struct search {
    const char *dir;
    const cor_net *raw;  /* the network as read, once: each evaluation derives from it */
    const cor_scenario *base;
    const cor_demand *demand;
    const cor_obs_set *obs;
    const cor_calib_opts *o;
    cor_diags *diags;
    unsigned evaluations;
} search;

/* Runs the model with the factors of p; *v is the validation (the caller frees it). */
static cor_status evaluate(search *s, const cor_calib_param *p, size_t n, cor_validation **v,
                           cor_err *err)
{
    *v = NULL;
    cor_scenario *sc = cor_calib_scenario(s->base, "calibrated", p, n, s->diags);
    if (!sc)
        return cor_err_set(err, COR_ERR_INPUT, "a factor cannot be applied (see the findings)");
    cor_net *net = NULL;
    cor_status st = cor_net_derive(s->raw, sc, &net, s->diags);
    cor_scenario_free(sc);
    if (st != COR_OK)
        return cor_err_set(err, st, "the network in %s does not load with the factors", s->dir);
    st = cor_validate_run(net, s->demand, s->obs, &s->o->freight, v, err);
    cor_net_free(net);
    s->evaluations++;
    return st;
}

static cor_validation *validation_copy(const cor_validation *v)
{
    cor_validation *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    *c = *v;
    c->rows = malloc((v->n ? v->n : 1) * sizeof *c->rows);
    if (!c->rows) {
        free(c);
        return NULL;
    }
    memcpy(c->rows, v->rows, v->n * sizeof *c->rows);
    return c;
}

cor_status cor_calibrate_run(const char *dir, const cor_scenario *base, const cor_demand *demand,
                             const cor_obs_set *obs, const cor_calib_param *params,
                             size_t n_params, const cor_calib_opts *o, cor_calib_result **out,
                             cor_diags *diags, cor_err *err)
{
    *out = NULL;
    if (!(o->first_step > 1) || !(o->last_step > 1) || o->last_step > o->first_step)
        return cor_err_set(err, COR_ERR_INPUT,
                           "calibrate: expected steps with 1 < last_step <= first_step, found "
                           "%g and %g", o->last_step, o->first_step);
    for (size_t i = 0; i < n_params; i++) {
        const cor_calib_param *p = &params[i];
        if (!(p->lo > 0) || !(p->lo <= p->start) || !(p->start <= p->hi) || !isfinite(p->hi))
            return cor_err_set(err, COR_ERR_INPUT,
                               "calibrate: parameter %s %s: expected 0 < lo <= start <= hi, "
                               "found %g, %g, %g", p->section, p->selector, p->lo, p->start,
                               p->hi);
    }
    cor_calib_result *r = calloc(1, sizeof *r);
    cor_calib_param *trial = calloc(n_params ? n_params : 1, sizeof *trial);
    if (r)
        r->params = calloc(n_params ? n_params : 1, sizeof *r->params);
    if (!r || !trial || !r->params) {
        free(trial);
        cor_calib_result_free(r);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    r->n_params = n_params;
    for (size_t i = 0; i < n_params; i++) {
        r->params[i] = params[i];
        r->params[i].value = params[i].start;
    }
    cor_net *raw = NULL;
    search s = {dir, NULL, base, demand, obs, o, diags, 0};
    cor_validation *best = NULL;
    cor_status st = cor_net_load(dir, &raw, diags);
    if (st != COR_OK) {
        cor_err_set(err, st, "the network in %s does not load", dir);
        goto fail;
    }
    s.raw = raw;
    st = evaluate(&s, r->params, n_params, &best, err);
    if (st != COR_OK)
        goto fail;
    /* r->before is kept apart from best, which the search replaces */
    r->before = validation_copy(best);
    if (!r->before) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto fail;
    }
    for (double step = o->first_step; step >= o->last_step && s.evaluations < o->max_evaluations;
         step = sqrt(step)) {
        bool moved = true;
        while (moved && s.evaluations < o->max_evaluations) {
            moved = false;
            for (size_t i = 0; i < n_params && s.evaluations < o->max_evaluations; i++) {
                for (int dir_sign = 0; dir_sign < 2; dir_sign++) {
                    memcpy(trial, r->params, n_params * sizeof *trial);
                    double v = dir_sign ? r->params[i].value / step : r->params[i].value * step;
                    v = fmin(fmax(v, r->params[i].lo), r->params[i].hi);
                    if (v == r->params[i].value)
                        continue;
                    trial[i].value = v;
                    cor_validation *tv;
                    st = evaluate(&s, trial, n_params, &tv, err);
                    if (st != COR_OK)
                        goto fail;
                    /* a move must lower the objective by more than rounding noise */
                    if (tv->objective < best->objective * (1 - 1e-9)) {
                        cor_validation_free(best);
                        best = tv;
                        r->params[i].value = v;
                        moved = true;
                        break;
                    }
                    cor_validation_free(tv);
                }
            }
        }
    }
    r->after = best;
    r->evaluations = s.evaluations;
    free(trial);
    cor_net_free(raw);
    *out = r;
    return COR_OK;
fail:
    cor_validation_free(best);
    free(trial);
    cor_net_free(raw);
    cor_calib_result_free(r);
    return st;
}

static void put_summary(FILE *f, const char *label, const cor_validation *v)
{
    const cor_validation_summary *c = &v->summary[COR_VAL_CALIBRATE],
                                 *h = &v->summary[COR_VAL_HOLDOUT];
    fprintf(f,
            "; %s: objective %.4g; calibrate: %zu of %zu flows GEH < 5, costs and times MAPE "
            "%.1f%%; holdout: %zu of %zu flows GEH < 5, costs and times MAPE %.1f%%\n",
            label, v->objective, c->n_flows_geh5, c->n_flows,
            isnan(c->mape) ? 0.0 : 100 * c->mape, h->n_flows_geh5, h->n_flows,
            isnan(h->mape) ? 0.0 : 100 * h->mape);
}

char *cor_calib_scenario_text(const cor_calib_result *r, const char *source)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fprintf(f, "; Written by `corridor calibrate` (docs/calibration.md): factors fitted to the\n"
               "; observations marked calibrate in %s by a bounded coordinate search\n"
               "; (%u model runs). The raw estimates stay in links.csv and borders.csv; this\n"
               "; file only multiplies them.\n",
            source, r->evaluations);
    put_summary(f, "before (every factor 1)", r->before);
    put_summary(f, "after", r->after);
    fprintf(f, "[scenario]\n"
               "description = Calibrated base year: factors fitted to the observed flows, costs "
               "and times\n"
               "source = corridor calibrate on %s\n",
            source);
    const char *section = "";
    for (size_t i = 0; i < r->n_params; i++) {
        const cor_calib_param *p = &r->params[i];
        if (strcmp(section, p->section) != 0) {
            fprintf(f, "\n[%s]\n", p->section);
            section = p->section;
        }
        fprintf(f, "; fitted in [%g, %g] from %g\n%s = x%.4g\n", p->lo, p->hi, p->start,
                p->selector, p->value);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
