/* Text and JSON of a validation (observed against modelled) and of a calibration (the fitted
 * factors, and the validation before and after side by side). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "corridor/calib.h"

static const char *group_names[COR_VAL_GROUPS] = {"calibrate", "holdout", "all"};

static void print_summary(FILE *f, const cor_validation *v)
{
    for (int g = 0; g < COR_VAL_GROUPS; g++) {
        const cor_validation_summary *s = &v->summary[g];
        fprintf(f, "  %-9s  flows GEH < 5: %zu of %zu (%.0f%%); costs, speeds and times within "
                   "20%%: %zu of %zu, MAPE %.1f%%\n",
                group_names[g], s->n_flows_geh5, s->n_flows,
                isnan(s->share_geh5) ? 0.0 : 100 * s->share_geh5, s->n_other_20pct, s->n_other,
                isnan(s->mape) ? 0.0 : 100 * s->mape);
    }
}

void cor_validation_print(FILE *f, const cor_validation *v)
{
    fprintf(f, "%-22s %-9s %-4s %-20s %14s %14s %9s %7s\n", "observation", "use", "year",
            "measure", "observed", "modelled", "GEH/err", "");
    for (size_t i = 0; i < v->n; i++) {
        const cor_validation_row *r = &v->rows[i];
        const cor_obs *o = r->obs;
        char fit[32];
        if (cor_obs_is_flow(o))
            snprintf(fit, sizeof fit, "%9.2f %s", r->geh, r->geh < 5 ? "ok" : "GEH>=5");
        else if (!r->routed)
            snprintf(fit, sizeof fit, "%9s %s", "-", "no route");
        else
            snprintf(fit, sizeof fit, "%8.1f%% %s", 100 * r->relative_error,
                     fabs(r->relative_error) <= 0.2 ? "ok" : ">20%");
        fprintf(f, "%-22s %-9s %-4d %-20s %14.1f %14.1f %s\n", o->id,
                o->holdout ? "holdout" : "calibrate", o->year, cor_obs_measure_name(o->measure),
                r->observed, r->modelled, fit);
    }
    fprintf(f, "summary (GEH on vehicles a day = t/year / t per vehicle / 365):\n");
    print_summary(f, v);
    fprintf(f, "  objective  %.4g\n", v->objective);
}

static json_t *num(double x) { return isfinite(x) ? json_real(x) : json_null(); }

static json_t *validation_json(const cor_validation *v)
{
    json_t *rows = json_array(), *summary = json_object();
    for (size_t i = 0; i < v->n; i++) {
        const cor_validation_row *r = &v->rows[i];
        const cor_obs *o = r->obs;
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
                            "s:b, s:s}",
                            "id", o->id, "measure", cor_obs_measure_name(o->measure), "use",
                            o->holdout ? "holdout" : "calibrate", "country", o->country, "year",
                            o->year, "what", o->what, "observed", num(r->observed), "modelled",
                            num(r->modelled), "difference", num(r->difference), "observed_vpd",
                            num(r->observed_vpd), "modelled_vpd", num(r->modelled_vpd), "geh",
                            num(r->geh), "relative_error", num(r->relative_error), "routed",
                            r->routed, "source", o->source));
    }
    for (int g = 0; g < COR_VAL_GROUPS; g++) {
        const cor_validation_summary *s = &v->summary[g];
        json_object_set_new(summary, group_names[g],
                            json_pack("{s:I, s:I, s:o, s:I, s:I, s:o}", "flows",
                                      (json_int_t)s->n_flows, "flows_geh_below_5",
                                      (json_int_t)s->n_flows_geh5, "share_geh_below_5",
                                      num(s->share_geh5), "costs_times", (json_int_t)s->n_other,
                                      "costs_times_within_20pct", (json_int_t)s->n_other_20pct,
                                      "mape", num(s->mape)));
    }
    return json_pack("{s:o, s:o, s:o}", "observations", rows, "summary", summary, "objective",
                     num(v->objective));
}

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    return s;
}

char *cor_validation_json(const cor_validation *v) { return dump(validation_json(v)); }

void cor_calib_print(FILE *f, const cor_calib_result *r)
{
    fprintf(f, "fitted factors (%u model runs):\n", r->evaluations);
    for (size_t i = 0; i < r->n_params; i++) {
        const cor_calib_param *p = &r->params[i];
        fprintf(f, "  [%s] %-24s x%-8.4g (from %g, bounds %g to %g)\n", p->section, p->selector,
                p->value, p->start, p->lo, p->hi);
    }
    fprintf(f, "\n%-22s %-9s %-20s %12s %12s %12s %9s %9s\n", "observation", "use", "measure",
            "observed", "before", "after", "GEH/err", "GEH/err");
    for (size_t i = 0; i < r->after->n; i++) {
        const cor_validation_row *b = &r->before->rows[i], *a = &r->after->rows[i];
        const cor_obs *o = a->obs;
        int flow = cor_obs_is_flow(o);
        double fb = flow ? b->geh : 100 * b->relative_error,
               fa = flow ? a->geh : 100 * a->relative_error;
        fprintf(f, "%-22s %-9s %-20s %12.1f %12.1f %12.1f %8.2f%s %8.2f%s\n", o->id,
                o->holdout ? "holdout" : "calibrate", cor_obs_measure_name(o->measure),
                a->observed, b->modelled, a->modelled, fb, flow ? " " : "%", fa,
                flow ? " " : "%");
    }
    fprintf(f, "\nbefore:\n");
    print_summary(f, r->before);
    fprintf(f, "  objective  %.4g\nafter:\n", r->before->objective);
    print_summary(f, r->after);
    fprintf(f, "  objective  %.4g\n", r->after->objective);
}

char *cor_calib_json(const cor_calib_result *r)
{
    json_t *params = json_array();
    for (size_t i = 0; i < r->n_params; i++) {
        const cor_calib_param *p = &r->params[i];
        json_array_append_new(params, json_pack("{s:s, s:s, s:f, s:f, s:f, s:f}", "section",
                                                p->section, "selector", p->selector, "lo", p->lo,
                                                "hi", p->hi, "start", p->start, "value",
                                                p->value));
    }
    return dump(json_pack("{s:o, s:i, s:o, s:o}", "params", params, "evaluations",
                          (int)r->evaluations, "before", validation_json(r->before), "after",
                          validation_json(r->after)));
}
