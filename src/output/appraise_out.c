/* Appraisal output: the text summary (NPV, EIRR, BCR, sensitivity, switching values, country
 * distribution, yearly stream) and its JSON (docs/json.md). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/appraise.h"
#include "output/jw.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)

static const char *eirr_note(cor_eirr_status s)
{
    switch (s) {
    case COR_EIRR_NONE: return "none (the net stream never changes sign)";
    case COR_EIRR_MULTIPLE: return "refused (the net stream changes sign several times)";
    case COR_EIRR_OUT_OF_RANGE: return "beyond -99% .. 1000%";
    default: return "";
    }
}

static void put_eirr(FILE *f, const cor_cashflow *cf, int width)
{
    if (cf->eirr_status == COR_EIRR_OK)
        fprintf(f, "%*.2f%%", width - 1, 100 * cf->eirr);
    else
        fprintf(f, "%*s", width, cf->eirr_status == COR_EIRR_MULTIPLE ? "refused" : "none");
}

static void put_musd(FILE *f, double usd) { fprintf(f, "%12.2f", usd / 1e6); }

void cor_appraisal_print(FILE *f, const char *name_a, const char *name_b, const cor_appraisal *a)
{
    const cor_appraise_opts *o = &a->opts;
    fprintf(f, "appraise %s -> %s: project%s ", name_a, name_b, a->n_projects > 1 ? "s" : "");
    for (size_t i = 0; i < a->n_projects; i++)
        fprintf(f, "%s%s", i ? ", " : "", a->projects[i]);
    fprintf(f, " (opening %d); %d-%d (%d years), discount %.1f%%, carbon %.2f USD/t CO2e, "
               "growth %.1f%%/year, %s\n",
            a->opening_year, o->from_year, o->from_year + o->horizon_years - 1, o->horizon_years,
            100 * o->discount_rate, o->carbon_price_usd_per_t, 100 * o->growth,
            o->elasticity != 0 ? "elastic demand" : "fixed demand");
    fprintf(f, "\nyearly benefits at the demand file's volumes (USD million per year):\n");
    fprintf(f, "  time savings            %12.3f\n", a->time_usd / 1e6);
    fprintf(f, "  cost savings (no fees)  %12.3f\n", a->cost_usd / 1e6);
    fprintf(f, "  fees on induced traffic %12.3f\n", a->induced_fees_usd / 1e6);
    if (a->has_emissions)
        fprintf(f, "  emissions               %12.3f   (%+.0f t CO2e per year)\n",
                -a->co2e_change_t * o->carbon_price_usd_per_t / 1e6, a->co2e_change_t);
    else
        fprintf(f, "  emissions               %12s   (no emissions.csv)\n", "n/a");
    fprintf(f, "  border fee transfer     %12.3f   shippers' fee savings = the countries' loss: "
               "not a benefit\n",
            a->fee_transfer_usd / 1e6);
    fprintf(f, "  OD flows whose cost changes: %zu; routed under one scenario only (left out): "
               "%zu\n",
            a->n_od_changed, a->n_od_skipped);

    fprintf(f, "\nNPV %.2f USD million at %.1f%%, EIRR ", a->cf.npv_usd / 1e6,
            100 * o->discount_rate);
    if (a->cf.eirr_status == COR_EIRR_OK)
        fprintf(f, "%.2f%%", 100 * a->cf.eirr);
    else
        fputs(eirr_note(a->cf.eirr_status), f);
    fprintf(f, ", BCR %.3f, first-year return %.2f%%\n", a->cf.bcr, 100 * a->first_year_return);
    fprintf(f, "capital %.2f USD million (undiscounted, from %d); PV benefits %.2f, PV costs %.2f\n",
            a->capital_usd / 1e6, o->from_year, a->cf.pv_benefits_usd / 1e6,
            a->cf.pv_costs_usd / 1e6);

    fprintf(f, "\n%-16s %12s %9s %8s\n", "sensitivity", "NPV USD m", "EIRR", "BCR");
    for (size_t i = 0; i < a->n_tests; i++) {
        const cor_cashflow *cf = &a->tests[i].cf;
        fprintf(f, "%-16s ", a->tests[i].name);
        put_musd(f, cf->npv_usd);
        fputc(' ', f);
        put_eirr(f, cf, 9);
        fprintf(f, " %8.3f\n", cf->bcr);
    }
    fprintf(f, "switching values: NPV is 0 when capital costs change by %+.1f%% or benefits by "
               "%+.1f%%\n",
            100 * a->switch_capital, -100 * a->switch_benefits);

    fprintf(f, "\n%-8s %16s %16s %14s\n", "country", "shipper USD m/y", "fees USD m/y",
            "CO2e t/y");
    for (size_t i = 0; i < a->n_countries; i++) {
        const cor_appraise_country *c = &a->countries[i];
        fprintf(f, "%-8s %16.3f %16.3f %14.0f\n", c->country, c->shipper_savings_usd / 1e6,
                c->fee_change_usd / 1e6, c->co2e_change_t);
    }
    fputs("(shipper savings: half to the origin's country, half to the destination's, fees\n"
          " included; fees: border fee revenue B - A, a transfer; CO2e: emitted on its territory,"
          " B - A)\n",
          f);

    fprintf(f, "\n%6s %12s %12s %12s %12s %12s\n", "year", "benefits", "capital", "maintenance",
            "residual", "net USD m");
    for (size_t t = 0; t < a->n_years; t++) {
        const cor_appraise_year *y = &a->years[t];
        fprintf(f, "%6d %12.2f %12.2f %12.2f %12.2f %12.2f\n", y->year, y->benefits_usd / 1e6,
                y->capital_usd / 1e6, y->maintenance_usd / 1e6, y->residual_usd / 1e6,
                (y->benefits_usd - y->costs_usd) / 1e6);
    }
}

/* A number, or null for NAN (JSON has no NaN). */
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static const char *eirr_status_name(cor_eirr_status s)
{
    switch (s) {
    case COR_EIRR_NONE: return "none";
    case COR_EIRR_MULTIPLE: return "multiple_sign_changes";
    case COR_EIRR_OUT_OF_RANGE: return "out_of_range";
    default: return "ok";
    }
}

static json_t *cashflow_json(const cor_cashflow *cf)
{
    return json_pack("{s:o, s:o, s:s, s:i, s:o, s:o, s:o}", "npv_usd", num(cf->npv_usd), "eirr",
                     num(cf->eirr), "eirr_status", eirr_status_name(cf->eirr_status),
                     "sign_changes", cf->sign_changes, "bcr", num(cf->bcr), "pv_benefits_usd",
                     num(cf->pv_benefits_usd), "pv_costs_usd", num(cf->pv_costs_usd));
}

char *cor_appraisal_json(const char *name_a, const char *name_b, const cor_appraisal *a)
{
    const cor_appraise_opts *o = &a->opts;
    json_t *projects = json_array(), *years = json_array(), *tests = json_array(),
           *countries = json_array();
    for (size_t i = 0; i < a->n_projects; i++)
        json_array_append_new(projects, json_string(a->projects[i]));
    for (size_t t = 0; t < a->n_years; t++) {
        const cor_appraise_year *y = &a->years[t];
        json_array_append_new(
            years, json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "year",
                             y->year, "benefits_usd", num(y->benefits_usd), "costs_usd",
                             num(y->costs_usd), "time_usd", num(y->time_usd), "cost_usd",
                             num(y->cost_usd), "induced_fees_usd", num(y->induced_fees_usd),
                             "emissions_usd", num(y->emissions_usd), "capital_usd",
                             num(y->capital_usd), "maintenance_usd", num(y->maintenance_usd),
                             "residual_usd", num(y->residual_usd)));
    }
    for (size_t i = 0; i < a->n_tests; i++) {
        json_t *t = cashflow_json(&a->tests[i].cf);
        json_object_set_new(t, "name", json_string(a->tests[i].name));
        json_array_append_new(tests, t);
    }
    for (size_t i = 0; i < a->n_countries; i++) {
        const cor_appraise_country *c = &a->countries[i];
        json_array_append_new(
            countries, json_pack("{s:s, s:o, s:o, s:o}", "country", c->country,
                                 "shipper_savings_usd", num(c->shipper_savings_usd),
                                 "fee_change_usd", num(c->fee_change_usd), "co2e_change_t",
                                 a->has_emissions ? num(c->co2e_change_t) : json_null()));
    }
    json_t *top = cashflow_json(&a->cf);
    json_t *yearly = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o}", "time_usd", num(a->time_usd), "cost_usd",
        num(a->cost_usd), "induced_fees_usd", num(a->induced_fees_usd), "fee_transfer_usd",
        num(a->fee_transfer_usd), "shipper_savings_usd", num(a->shipper_savings_usd),
        "co2e_change_t", a->has_emissions ? num(a->co2e_change_t) : json_null());
    json_t *rest = json_pack(
        "{s:s, s:s, s:o, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, "
        "s:o, s:o, s:o, s:o}",
        "a", name_a, "b", name_b, "projects", projects, "opening_year", a->opening_year,
        "from_year", o->from_year, "horizon_years", o->horizon_years, "discount_rate",
        num(o->discount_rate), "carbon_price_usd_per_t", num(o->carbon_price_usd_per_t),
        "growth", num(o->growth), "elasticity", num(o->elasticity), "capital_usd",
        num(a->capital_usd), "first_year_return", num(a->first_year_return), "switch_capital",
        num(a->switch_capital), "switch_benefits", num(a->switch_benefits), "demand_year",
        yearly, "od_changed", (json_int_t)a->n_od_changed, "od_skipped",
        (json_int_t)a->n_od_skipped, "years", years, "sensitivity", tests, "countries",
        countries, "capital_factor", num(o->capital_factor));
    if (!top || !rest) {
        json_decref(top);
        json_decref(rest);
        return NULL;
    }
    json_object_update(top, rest);
    json_decref(rest);
    char *s = json_dumps(top, JSON_FLAGS | JSON_SORT_KEYS);
    json_decref(top);
    return s;
}

/* ---- tonnes CO2e per year of assignments (assign, compare) ---- */

void cor_co2e_print(FILE *f, const cor_emissions *e, const cor_demand *d,
                    const cor_freight_opts *o, const cor_co2e_side *sides, size_t n)
{
    double *t[2] = {NULL, NULL}, total[2] = {0, 0};
    n = n > 2 ? 2 : n;
    for (size_t s = 0; s < n; s++) {
        t[s] = calloc(sides[s].r->n_countries + 1, sizeof *t[s]);
        if (t[s])
            total[s] = cor_emissions_accounts(e, sides[s].net, d, o, sides[s].r, t[s]);
    }
    if (n == 0 || !t[0] || (n == 2 && !t[1])) {
        fputs("\nCO2e: out of memory\n", f);
    } else if (n == 1) {
        fprintf(f, "\nCO2e, well-to-wheel (emissions.csv): %.0f t per year\n", total[0]);
        fprintf(f, "%-8s %14s\n", "country", "t CO2e/year");
        for (size_t i = 0; i < sides[0].r->n_countries; i++)
            fprintf(f, "%-8s %14.0f\n", sides[0].r->countries[i].country, t[0][i]);
    } else {
        fprintf(f, "\nCO2e, well-to-wheel (emissions.csv), t per year: %.0f -> %.0f (%+.0f)\n",
                total[0], total[1], total[1] - total[0]);
        fprintf(f, "%-8s %14s %14s %12s\n", "country", "t CO2e A", "t CO2e B", "change");
        /* scenarios change links, never nodes: both accounts list the same countries */
        for (size_t i = 0; i < sides[0].r->n_countries && i < sides[1].r->n_countries; i++)
            fprintf(f, "%-8s %14.0f %14.0f %+12.0f\n", sides[0].r->countries[i].country,
                    t[0][i], t[1][i], t[1][i] - t[0][i]);
    }
    free(t[0]);
    free(t[1]);
}

static json_t *co2e_side_json(const cor_emissions *e, const cor_demand *d,
                              const cor_freight_opts *o, const cor_co2e_side *side)
{
    const cor_freight_result *r = side->r;
    double *t = calloc(r->n_countries + 1, sizeof *t);
    json_t *countries = json_array();
    if (!t || !countries) {
        free(t);
        json_decref(countries);
        return NULL;
    }
    double total = cor_emissions_accounts(e, side->net, d, o, r, t);
    for (size_t i = 0; i < r->n_countries; i++)
        json_array_append_new(countries, json_pack("{s:s, s:f}", "country",
                                                   r->countries[i].country, "t", t[i]));
    free(t);
    return json_pack("{s:f, s:o}", "total_t", total, "countries", countries);
}

char *cor_co2e_json_attach(char *json, const cor_emissions *e, const cor_demand *d,
                           const cor_freight_opts *o, const cor_co2e_side *sides, size_t n)
{
    if (!json)
        return NULL;
    json_t *co2e = NULL;
    if (n == 1)
        co2e = co2e_side_json(e, d, o, &sides[0]);
    else if (n == 2)
        co2e = json_pack("{s:o, s:o}", "a", co2e_side_json(e, d, o, &sides[0]), "b",
                         co2e_side_json(e, d, o, &sides[1]));
    char *text = co2e ? json_dumps(co2e, JSON_FLAGS) : NULL;
    json_decref(co2e);
    /* "co2e" appended to the object as it is, not parsed and written again */
    cor_jw w;
    cor_jw_init(&w, 10);
    cor_jw_reopen(&w, json);
    if (!text)
        w.failed = 1;
    COR_JW_KEY(&w, "co2e");
    if (text)
        cor_jw_raw(&w, text, strlen(text));
    cor_jw_obj_end(&w);
    free(text);
    return cor_jw_finish(&w);
}

/* ---- the report section ---- */

static void html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else
            fputc(*s, f);
    }
}

static void html_eirr(FILE *f, const cor_cashflow *cf)
{
    if (cf->eirr_status == COR_EIRR_OK)
        fprintf(f, "%.2f%%", 100 * cf->eirr);
    else
        fputs(cf->eirr_status == COR_EIRR_MULTIPLE ? "refused (several sign changes)" : "none", f);
}

void cor_appraisal_html(FILE *f, const cor_appraisal *a)
{
    const cor_appraise_opts *o = &a->opts;
    fputs("<h2>Economic appraisal</h2>\n<p class=\"appraisal\">Project", f);
    fputs(a->n_projects > 1 ? "s " : " ", f);
    for (size_t i = 0; i < a->n_projects; i++) {
        fputs(i ? ", <code>" : "<code>", f);
        html_text(f, a->projects[i]);
        fputs("</code>", f);
    }
    fprintf(f, " (opening %d), %d&ndash;%d, discount rate %.1f%%, carbon %.2f USD/t CO2e, "
               "demand growth %.1f%% a year, %s demand (docs/appraisal.md). ",
            a->opening_year, o->from_year, o->from_year + o->horizon_years - 1,
            100 * o->discount_rate, o->carbon_price_usd_per_t, 100 * o->growth,
            o->elasticity != 0 ? "elastic" : "fixed");
    fprintf(f, "<b>NPV %.2f USD million</b>, EIRR ", a->cf.npv_usd / 1e6);
    html_eirr(f, &a->cf);
    fprintf(f, ", BCR %.3f, first-year return %.2f%%; capital %.2f USD million. Border fees "
               "are a transfer (%.3f USD million a year of shippers' savings), not a benefit.</p>\n",
            a->cf.bcr, 100 * a->first_year_return, a->capital_usd / 1e6,
            a->fee_transfer_usd / 1e6);
    fputs("<table class=\"appraisal\"><thead><tr><th>benefit, USD million a year</th><th>at the "
          "demand file's volumes</th></tr></thead><tbody>\n",
          f);
    fprintf(f, "<tr><td>time savings</td><td class=\"n\">%.3f</td></tr>\n", a->time_usd / 1e6);
    fprintf(f, "<tr><td>cost savings (without fees)</td><td class=\"n\">%.3f</td></tr>\n",
            a->cost_usd / 1e6);
    fprintf(f, "<tr><td>fees on induced traffic</td><td class=\"n\">%.3f</td></tr>\n",
            a->induced_fees_usd / 1e6);
    if (a->has_emissions)
        fprintf(f, "<tr><td>emissions (%+.0f t CO2e a year)</td><td class=\"n\">%.3f</td></tr>\n",
                a->co2e_change_t, -a->co2e_change_t * o->carbon_price_usd_per_t / 1e6);
    fputs("</tbody></table>\n<table class=\"sensitivity\"><thead><tr><th>sensitivity</th><th>NPV "
          "USD million</th><th>EIRR</th><th>BCR</th></tr></thead><tbody>\n",
          f);
    for (size_t i = 0; i < a->n_tests; i++) {
        fprintf(f, "<tr data-test=\"%zu\"><td>%s</td><td class=\"n\">%.2f</td><td class=\"n\">", i,
                a->tests[i].name, a->tests[i].cf.npv_usd / 1e6);
        html_eirr(f, &a->tests[i].cf);
        fprintf(f, "</td><td class=\"n\">%.3f</td></tr>\n", a->tests[i].cf.bcr);
    }
    fprintf(f, "</tbody></table>\n<p>Switching values: NPV is zero when capital costs change by "
               "%+.1f%% or benefits by %+.1f%%.</p>\n",
            100 * a->switch_capital, -100 * a->switch_benefits);
    fputs("<table class=\"distribution\"><thead><tr><th>country</th><th>shipper savings, USD "
          "million a year</th><th>border fee revenue change</th><th>t CO2e a year</th></tr>"
          "</thead><tbody>\n",
          f);
    for (size_t i = 0; i < a->n_countries; i++) {
        const cor_appraise_country *c = &a->countries[i];
        fputs("<tr data-appraisal-country=\"", f);
        html_text(f, c->country);
        fputs("\"><td>", f);
        html_text(f, c->country);
        fprintf(f, "</td><td class=\"n\">%.3f</td><td class=\"n\">%.3f</td><td class=\"n\">%.0f"
                   "</td></tr>\n",
                c->shipper_savings_usd / 1e6, c->fee_change_usd / 1e6, c->co2e_change_t);
    }
    fputs("</tbody></table>\n", f);
}
