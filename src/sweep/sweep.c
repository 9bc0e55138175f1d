/*
 * Sweeps: the spec (INI), and the execution of one run from its index. Every random draw of a
 * run comes from a stream seeded by (seed, run index) alone (SplitMix64, Steele, Lea & Flood
 * 2014), so a run gives the same result whichever process executes it.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/freight.h"
#include "corridor/scenario.h"
#include "corridor/sweep.h"
#include "sweep/sweep_int.h"
#include "util/inifile.h"
#include "util/rng.h"
#include "util/strutil.h"

#define MAX_RUNS 1000000
#define MAX_LIST 64
#define MAX_GROWTH 1000
#define MAX_LOG_MU 10
#define MAX_LOG_SIGMA 5

static int parse_list(const char *value, char items[][65], size_t *n)
{
    char buf[COR_INI_MAX_LINE + 1];
    snprintf(buf, sizeof buf, "%s", value);
    *n = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        while (*w == ' ' || *w == '\t')
            w++;
        size_t len = strlen(w);
        while (len && (w[len - 1] == ' ' || w[len - 1] == '\t'))
            w[--len] = '\0';
        if (!len || len > 64 || *n == MAX_LIST)
            return 0;
        snprintf(items[(*n)++], 65, "%s", w);
    }
    return *n > 0;
}

/* A random factor: KIND and its parameters, decimal numbers only (no nan, inf or trailing
 * text), with bounds that keep every factor finite: a lognormal's exp(MU + SIGMA z) with
 * |z| < 12.1 (the polar method on uniforms of 2^-52 steps: s >= 2^-104) stays below e^71. */
static int parse_dist(const char *value, sweep_draw *d)
{
    char buf[COR_INI_MAX_LINE + 1], *save = NULL;
    snprintf(buf, sizeof buf, "%s", value);
    const char *kind = strtok_r(buf, " \t", &save);
    double x[3] = {NAN, NAN, NAN};
    int n = 0;
    for (char *w; kind && (w = strtok_r(NULL, " \t", &save));)
        if (n == 3 || !cor_parse_double(w, &x[n++]))
            return 0;
    if (!kind)
        return 0;
    double a = x[0], b = x[1], c = x[2];
    if (strcmp(kind, "fixed") == 0 && n == 1 && a >= 0)
        d->dist = DIST_FIXED;
    else if (strcmp(kind, "uniform") == 0 && n == 2 && a >= 0 && a <= b)
        d->dist = DIST_UNIFORM;
    else if (strcmp(kind, "triangular") == 0 && n == 3 && a >= 0 && a <= b && b <= c && a < c)
        d->dist = DIST_TRIANGULAR;
    else if (strcmp(kind, "lognormal") == 0 && n == 2 && fabs(a) <= MAX_LOG_MU && b >= 0 &&
             b <= MAX_LOG_SIGMA)
        d->dist = DIST_LOGNORMAL;
    else
        return 0;
    d->a = a;
    d->b = b;
    d->c = c;
    return 1;
}

/* A line of [appraisal] (docs/sweep.md). */
static cor_status on_appraisal(cor_sweep *s, long line, const char *name, const char *value)
{
    cor_diags *d = s->diags;
    cor_appraise_opts *o = &s->appraisal.opts;
    if (!s->appraisal.on) {
        s->appraisal.on = 1;
        s->appraisal.line = line;
        cor_appraise_opts_default(o);
    }
    if (strcmp(name, "without") == 0) {
        if (!*value || strlen(value) >= sizeof s->appraisal.without)
            cor_diags_add(d, COR_ERROR, s->path, line, name,
                          "expected a scenario name, found \"%s\"", value);
        else
            snprintf(s->appraisal.without, sizeof s->appraisal.without, "%s", value);
    } else if (strcmp(name, "with") == 0 || strcmp(name, "projects") == 0) {
        int with = strcmp(name, "with") == 0;
        char items[MAX_LIST][65];
        size_t k = 0;
        if (!parse_list(value, items, &k) || (!with && k > 8))
            cor_diags_add(d, COR_ERROR, s->path, line, name,
                          "expected a comma-separated list of 1 to %d names, found \"%s\"",
                          with ? MAX_LIST : 8, value);
        else if (with) {
            memcpy(s->appraisal.with, items, k * sizeof items[0]);
            s->appraisal.n_with = k;
        } else {
            memcpy(s->appraisal.projects, items, k * sizeof items[0]);
            s->appraisal.n_projects = k;
        }
    } else if (strcmp(name, "capital") == 0) {
        if (!parse_dist(value, &s->appraisal.capital))
            cor_diags_add(d, COR_ERROR, s->path, line, name,
                          "expected uniform A B, triangular MIN MODE MAX, lognormal MU SIGMA or "
                          "fixed F, found \"%s\"", value);
        else {
            s->appraisal.has_capital = 1;
            s->appraisal.capital.line = line;
        }
    } else if (strcmp(name, "from_year") == 0 || strcmp(name, "horizon") == 0 ||
               strcmp(name, "discount") == 0 || strcmp(name, "growth") == 0 ||
               strcmp(name, "carbon_price") == 0 || strcmp(name, "elasticity") == 0) {
        cor_err err; /* the parser, limits and messages of the CLI and the server */
        if (cor_appraise_opts_set(o, name, value, &err) != COR_OK)
            cor_diags_add(d, COR_ERROR, s->path, line, name, "%s", err.msg);
    } else {
        cor_diags_add(d, COR_ERROR, s->path, line, name,
                      "expected without, with, projects, from_year, horizon, discount, "
                      "carbon_price, growth, elasticity or capital, found \"%s\"", name);
    }
    return COR_OK;
}

/* A key of [sweep]. */
static cor_status on_sweep_key(cor_sweep *s, long line, const char *name, const char *value)
{
    cor_diags *d = s->diags;
    if (strcmp(name, "description") == 0 || strcmp(name, "source") == 0) {
        /* informative */
    } else if (strcmp(name, "net") == 0 || strcmp(name, "demand") == 0) {
        char *copy = cor_strdup(value);
        if (!copy)
            return COR_ERR_NOMEM;
        char **dst = strcmp(name, "net") == 0 ? &s->net : &s->demand;
        free(*dst);
        *dst = copy;
    } else if (strcmp(name, "scenarios") == 0) {
        if (!parse_list(value, s->scenarios, &s->n_scenarios))
            cor_diags_add(d, COR_ERROR, s->path, line, name,
                          "expected a comma-separated list of 1 to %d scenario names, "
                          "found \"%s\"", MAX_LIST, value);
    } else if (strcmp(name, "demand_growth") == 0) {
        char items[MAX_LIST][65];
        size_t n;
        int ok = parse_list(value, items, &n);
        for (size_t i = 0; ok && i < n; i++)
            ok = cor_parse_double(items[i], &s->growth[i]) && s->growth[i] > 0 &&
                 s->growth[i] <= MAX_GROWTH;
        if (ok)
            s->n_growth = n;
        else
            cor_diags_add(d, COR_ERROR, s->path, line, name,
                          "expected a comma-separated list of 1 to %d factors > 0 and "
                          "<= %d, found \"%s\"", MAX_LIST, MAX_GROWTH, value);
    } else if (strcmp(name, "draws") == 0) {
        long n;
        if (cor_parse_long(value, 1, MAX_RUNS, &n))
            s->draws = (size_t)n;
        else
            cor_diags_add(d, COR_ERROR, s->path, line, name,
                          "expected a whole number from 1 to %d, found \"%s\"", MAX_RUNS,
                          value);
    } else if (strcmp(name, "seed") == 0) {
        cor_err err;
        if (cor_seed_parse(value, &s->seed, &err) != COR_OK)
            cor_diags_add(d, COR_ERROR, s->path, line, name, "%s", err.msg);
    } else if (strcmp(name, "method") == 0 || strcmp(name, "minimize") == 0 ||
               strcmp(name, "status") == 0 || strcmp(name, "vot") == 0 ||
               strcmp(name, "tonnes") == 0 || strcmp(name, "theta") == 0 ||
               strcmp(name, "routes") == 0) {
        cor_err err; /* the parser, limits and messages of the CLI and the server */
        if (cor_freight_opts_set(&s->opts, NULL, name, value, &err) != COR_OK)
            cor_diags_add(d, COR_ERROR, s->path, line, name, "%s", err.msg);
    } else {
        cor_diags_add(d, COR_ERROR, s->path, line, name,
                      "expected description, net, demand, scenarios, demand_growth, draws, "
                      "seed, method, minimize, vot, tonnes, status, routes or theta, found "
                      "\"%s\"", name);
    }
    return COR_OK;
}

/* A random factor of [dwell] or [fees]. */
static cor_status on_random(cor_sweep *s, long line, const char *section, const char *name,
                            const char *value)
{
    cor_diags *d = s->diags;
    if (s->n_draws == MAX_LIST) {
        cor_diags_add(d, COR_ERROR, s->path, line, name,
                      "expected at most %d random factors in [dwell] and [fees], found more",
                      MAX_LIST);
        return COR_OK;
    }
    sweep_draw *dr = &s->random[s->n_draws];
    memset(dr, 0, sizeof *dr);
    if (!parse_dist(value, dr)) {
        cor_diags_add(d, COR_ERROR, s->path, line, name,
                      "expected uniform A B, triangular MIN MODE MAX, lognormal MU SIGMA or "
                      "fixed F (factors >= 0; MU from -%d to %d, SIGMA from 0 to %d), found "
                      "\"%s\"", MAX_LOG_MU, MAX_LOG_MU, MAX_LOG_SIGMA, value);
        return COR_OK;
    }
    snprintf(dr->section, sizeof dr->section, "%s", section);
    snprintf(dr->selector, sizeof dr->selector, "%s", name);
    dr->line = line;
    s->n_draws++;
    return COR_OK;
}


static cor_status on_entry(void *user, long line, const char *section, const char *name,
                           const char *value)
{
    cor_sweep *s = user;
    if (strcmp(section, "sweep") == 0)
        return on_sweep_key(s, line, name, value);
    if (strcmp(section, "appraisal") == 0)
        return on_appraisal(s, line, name, value);
    if (strcmp(section, "dwell") == 0 || strcmp(section, "fees") == 0)
        return on_random(s, line, section, name, value);
    cor_diags_add(s->diags, COR_ERROR, s->path, line, NULL,
                  "expected a section [sweep], [dwell], [fees] or [appraisal], found [%s]",
                  section);
    return COR_OK;
}

cor_status cor_sweep_load(const char *path, const char *default_net, cor_sweep **out,
                          cor_diags *diags)
{
    *out = NULL;
    cor_sweep *s = calloc(1, sizeof *s);
    if (!s || !(s->path = cor_strdup(path))) {
        free(s);
        return COR_ERR_NOMEM;
    }
    cor_diags *own = NULL;
    if (!diags && !(diags = own = cor_diags_new())) {
        cor_sweep_free(s);
        return COR_ERR_NOMEM;
    }
    s->diags = diags;
    cor_freight_opts_default(&s->opts);
    s->opts.route.alternatives = 3;
    s->growth[0] = 1;
    s->n_growth = 1;
    s->draws = 1;
    s->seed = 1;
    size_t errors = cor_diags_errors(diags);
    cor_status st = cor_ini_parse(path, on_entry, s, diags);
    if (st == COR_ERR_IO)
        cor_diags_add(diags, COR_ERROR, path, 0, NULL, "cannot open: %s", strerror(errno));
    if (st == COR_OK && !s->n_scenarios)
        cor_diags_add(diags, COR_ERROR, path, 0, "scenarios",
                      "expected a line scenarios = NAME[, NAME...] in [sweep], found none");
    if (st == COR_OK && (double)s->n_scenarios * (double)s->n_growth * (double)s->draws > MAX_RUNS)
        cor_diags_add(diags, COR_ERROR, path, 0, "draws",
                      "expected at most %d runs (scenarios x demand_growth x draws), found %.0f",
                      MAX_RUNS, (double)s->n_scenarios * (double)s->n_growth * (double)s->draws);
    if (st == COR_OK && s->appraisal.on && !s->appraisal.without[0])
        cor_diags_add(diags, COR_ERROR, path, s->appraisal.line, "without",
                      "expected a line without = SCENARIO in [appraisal], found none");
    for (size_t k = 0; st == COR_OK && k < s->appraisal.n_with; k++) {
        size_t i = 0;
        while (i < s->n_scenarios && strcmp(s->scenarios[i], s->appraisal.with[k]) != 0)
            i++;
        if (i == s->n_scenarios)
            cor_diags_add(diags, COR_ERROR, path, s->appraisal.line, "with",
                          "expected scenarios of the sweep's list, found \"%s\"",
                          s->appraisal.with[k]);
    }
    if (st == COR_OK && !s->net && !(s->net = cor_strdup(default_net)))
        st = COR_ERR_NOMEM;
    if (st == COR_OK && cor_diags_errors(diags) > errors)
        st = COR_ERR_INPUT;
    s->diags = NULL;
    cor_diags_free(own);
    if (st != COR_OK) {
        cor_sweep_free(s);
        return st;
    }
    *out = s;
    return COR_OK;
}

void cor_sweep_free(cor_sweep *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->net);
    free(s->demand);
    free(s);
}

size_t cor_sweep_run_count(const cor_sweep *s)
{
    return s->n_scenarios * s->n_growth * s->draws;
}

/* ---- random draws ---- */

/* One draw of d (util/rng: the same bits on every machine, so MPI ranks on different systems
 * agree). */
static double draw(const sweep_draw *d, cor_rng *rng)
{
    double u = cor_rng_uniform(rng);
    switch (d->dist) {
    case DIST_FIXED: return d->a;
    case DIST_UNIFORM: return d->a + (d->b - d->a) * u;
    case DIST_TRIANGULAR: {
        /* inverse CDF of the triangular distribution (a, mode b, c) */
        double f = (d->b - d->a) / (d->c - d->a);
        return u < f ? d->a + sqrt(u * (d->c - d->a) * (d->b - d->a))
                     : d->c - sqrt((1 - u) * (d->c - d->a) * (d->c - d->b));
    }
    default: return cor_repro_exp(d->a + d->b * cor_rng_normal(rng));
    }
}

/* ---- execution ---- */

struct cor_sweep_ctx {
    const cor_sweep *s;
    cor_scenario *scenarios[MAX_LIST];
    cor_demand *demand;
    cor_net *raw;       /* the network as read, once: every run derives its own from it */
    cor_net *base;      /* the network under the first scenario: node indices for the demand */
    cor_scenario *without;   /* [appraisal]: the scenario appraised against */
    cor_projects *projects;
    cor_emissions *em;       /* NULL when the network has no emissions.csv */
};

void cor_sweep_ctx_free(cor_sweep_ctx *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < MAX_LIST; i++)
        cor_scenario_free(c->scenarios[i]);
    cor_demand_free(c->demand);
    cor_net_free(c->base); /* derived from raw: freed first */
    cor_net_free(c->raw);
    cor_scenario_free(c->without);
    cor_projects_free(c->projects);
    cor_emissions_free(c->em);
    free(c);
}

/* A copy of scenario base with every random factor set to `factors` (NULL: 1). */
static cor_scenario *with_factors(const cor_sweep_ctx *c, const cor_scenario *base,
                                  const double *factors, cor_diags *diags, cor_status *st)
{
    const cor_sweep *s = c->s;
    cor_scenario *sc = cor_scenario_copy(base);
    *st = sc ? COR_OK : COR_ERR_NOMEM;
    for (size_t k = 0; sc && k < s->n_draws && *st == COR_OK; k++) {
        char value[64];
        snprintf(value, sizeof value, "x%.17g", factors ? factors[k] : 1.0);
        *st = cor_scenario_add(sc, s->random[k].section, s->random[k].selector, value, s->path,
                               s->random[k].line, diags);
    }
    if (*st != COR_OK) {
        cor_scenario_free(sc);
        return NULL;
    }
    return sc;
}

cor_status cor_sweep_ctx_new(const cor_sweep *s, cor_sweep_ctx **out, cor_diags *diags)
{
    *out = NULL;
    cor_sweep_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return COR_ERR_NOMEM;
    c->s = s;
    cor_status st = cor_net_load(s->net, &c->raw, diags);
    for (size_t i = 0; i < s->n_scenarios && st == COR_OK; i++)
        st = cor_scenario_load(s->net, s->scenarios[i], &c->scenarios[i], diags);
    /* every scenario with every random line must load: a selector that matches nothing is
     * reported now, at the spec's line, not in each run */
    if (st == COR_OK && s->appraisal.on)
        st = cor_scenario_load(s->net, s->appraisal.without, &c->without, diags);
    for (size_t i = 0; i <= s->n_scenarios && st == COR_OK; i++) {
        if (i == s->n_scenarios && !c->without)
            break;
        const cor_scenario *base = i < s->n_scenarios ? c->scenarios[i] : c->without;
        cor_scenario *sc = with_factors(c, base, NULL, diags, &st);
        cor_net *net = NULL;
        if (st == COR_OK)
            st = cor_net_derive(c->raw, sc, &net, diags);
        cor_scenario_free(sc);
        if (i == 0)
            c->base = net;
        else
            cor_net_free(net);
    }
    if (st == COR_OK) {
        char path[4096];
        if (s->demand)
            snprintf(path, sizeof path, "%s", s->demand);
        else
            snprintf(path, sizeof path, "%s/demand.csv", s->net);
        st = cor_demand_load(c->base, path, &c->demand, diags);
    }
    if (st == COR_OK && s->appraisal.on) {
        char path[4096];
        snprintf(path, sizeof path, "%s/projects.csv", s->net);
        st = cor_projects_load(path, &c->projects, diags);
        snprintf(path, sizeof path, "%s/emissions.csv", s->net);
        FILE *f = st == COR_OK ? fopen(path, "r") : NULL;
        if (f) {
            fclose(f);
            st = cor_emissions_load(path, &c->em, diags);
        }
        for (size_t k = 0; st == COR_OK && k < s->appraisal.n_projects; k++)
            if (!cor_projects_find(c->projects, s->appraisal.projects[k])) {
                cor_diags_add(diags, COR_ERROR, s->path, s->appraisal.line, "projects",
                              "expected projects of %s/projects.csv, found \"%s\"", s->net,
                              s->appraisal.projects[k]);
                st = COR_ERR_INPUT;
            }
    }
    if (st != COR_OK) {
        cor_sweep_ctx_free(c);
        return st;
    }
    *out = c;
    return COR_OK;
}

/* Whether runs of scenario i are appraised: it is named in `with`, or there is no `with` and
 * it is not `without`. */
static int appraised(const cor_sweep *s, size_t i)
{
    if (!s->appraisal.on)
        return 0;
    if (!s->appraisal.n_with)
        return strcmp(s->scenarios[i], s->appraisal.without) != 0;
    for (size_t k = 0; k < s->appraisal.n_with; k++)
        if (strcmp(s->appraisal.with[k], s->scenarios[i]) == 0)
            return 1;
    return 0;
}

/* The run's scenario (net_b, result rb) appraised against `without` under the same factors
 * and demand: {"npv_usd", "eirr", "eirr_status", "bcr", "capital_factor"}, or {"message"}
 * when it cannot be; NULL when out of memory. */
static json_t *appraise_run(const cor_sweep_ctx *c, const double *factors,
                            const cor_demand *demand, const cor_net *net_b,
                            const cor_freight_result *rb, double capital)
{
    const cor_sweep *s = c->s;
    cor_diags *diags = cor_diags_new();
    cor_status st = diags ? COR_OK : COR_ERR_NOMEM;
    cor_scenario *sc = st == COR_OK ? with_factors(c, c->without, factors, diags, &st) : NULL;
    cor_net *net_a = NULL;
    cor_freight_result *ra = NULL;
    cor_appraisal *ap = NULL;
    cor_err err = {0};
    cor_appraise_opts o = s->appraisal.opts;
    o.capital_factor = capital;
    o.n_projects = s->appraisal.n_projects;
    for (size_t i = 0; i < o.n_projects; i++)
        o.projects[i] = s->appraisal.projects[i];
    if (st == COR_OK)
        st = cor_net_derive(c->raw, sc, &net_a, diags);
    if (st == COR_OK)
        st = cor_freight_assign(net_a, demand, &s->opts, &ra, &err);
    if (st == COR_OK)
        st = cor_appraise(net_a, ra, net_b, rb, demand, &s->opts, c->em, c->projects, &o, &ap,
                          &err);
    json_t *j = NULL;
    if (st == COR_OK) {
        const cor_cashflow *cf = &ap->cf;
        static const char *const status[] = {"ok", "none", "multiple_sign_changes",
                                             "out_of_range"};
        j = json_pack("{s:f, s:o, s:s, s:o, s:f}", "npv_usd", cf->npv_usd, "eirr",
                      cf->eirr_status == COR_EIRR_OK ? json_real(cf->eirr) : json_null(),
                      "eirr_status", status[cf->eirr_status], "bcr",
                      isfinite(cf->bcr) ? json_real(cf->bcr) : json_null(), "capital_factor",
                      capital);
    } else if (st != COR_ERR_NOMEM) {
        char msg[1024] = "";
        if (cor_diags_count(diags))
            cor_diag_format(cor_diags_get(diags, 0), msg, sizeof msg);
        else
            snprintf(msg, sizeof msg, "%s", err.msg);
        j = json_pack("{s:s}", "message", msg);
    }
    cor_appraisal_free(ap);
    cor_freight_result_free(ra);
    cor_net_free(net_a);
    cor_scenario_free(sc);
    cor_diags_free(diags);
    return j;
}

/* The demand's OD pairs by name, in demand order: [{"from", "to", "commodity"}]. */
static json_t *od_names(const cor_sweep_ctx *c)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < cor_demand_count(c->demand); i++) {
        const cor_od *od = cor_demand_od(c->demand, i);
        json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "from",
                                           cor_net_node(c->base, od->from)->name, "to",
                                           cor_net_node(c->base, od->to)->name, "commodity",
                                           od->commodity ? od->commodity : ""));
    }
    return a;
}

char *cor_sweep_run(cor_sweep_ctx *c, size_t run)
{
    const cor_sweep *s = c->s;
    size_t draw_i = run % s->draws, growth_i = run / s->draws % s->n_growth;
    size_t scen_i = run / s->draws / s->n_growth;
    cor_rng rng;
    cor_rng_seed(&rng, s->seed, run); /* a run's draws do not depend on the other runs */
    double factors[MAX_LIST];
    json_t *jf = json_array();
    for (size_t k = 0; k < s->n_draws; k++) {
        factors[k] = draw(&s->random[k], &rng);
        json_array_append_new(jf, json_real(factors[k]));
    }
    json_t *j = json_pack("{s:I, s:s, s:f, s:I, s:o}", "run", (json_int_t)run, "scenario",
                          s->scenarios[scen_i], "growth", s->growth[growth_i], "draw",
                          (json_int_t)draw_i, "factors", jf);
    if (!j)
        return NULL;
    cor_diags *diags = cor_diags_new();
    cor_status st = diags ? COR_OK : COR_ERR_NOMEM;
    cor_scenario *sc =
        st == COR_OK ? with_factors(c, c->scenarios[scen_i], factors, diags, &st) : NULL;
    cor_net *net = NULL;
    cor_demand *demand = NULL;
    cor_freight_result *r = NULL;
    cor_err err = {0};
    if (st == COR_OK)
        st = cor_net_derive(c->raw, sc, &net, diags);
    if (st == COR_OK && !(demand = cor_demand_scaled(c->demand, s->growth[growth_i])))
        st = COR_ERR_NOMEM;
    if (st == COR_OK)
        st = cor_freight_assign(net, demand, &s->opts, &r, &err);
    if (st == COR_ERR_NOMEM) {
        json_decref(j);
        j = NULL;
    } else if (st != COR_OK) {
        char msg[1024] = "";
        if (cor_diags_count(diags))
            cor_diag_format(cor_diags_get(diags, 0), msg, sizeof msg);
        else
            snprintf(msg, sizeof msg, "%s", err.msg);
        json_object_set_new(j, "ok", json_false());
        json_object_set_new(j, "message", json_string(msg));
    } else {
        json_t *countries = json_array(), *od = json_array();
        for (size_t i = 0; i < r->n_countries; i++) {
            const cor_country_account *a = &r->countries[i];
            json_array_append_new(
                countries, json_pack("{s:s, s:f, s:f}", "country", a->country, "transit_tonnes",
                                     a->tonnes[COR_ROLE_TRANSIT], "fees_usd",
                                     a->fees_usd[0] + a->fees_usd[1] + a->fees_usd[2]));
        }
        for (size_t i = 0; i < r->n_od; i++) {
            char buf[256] = "";
            size_t len = 0;
            if (r->od[i].routed)
                for (size_t k = 0; k < r->od[i].routes[0].route.n_countries && len < sizeof buf; k++)
                    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? ">" : "",
                                            r->od[i].routes[0].route.countries[k]);
            json_array_append_new(od, json_string(buf));
        }
        json_object_set_new(j, "ok", json_true());
        json_object_set_new(j, "tonnes_routed", json_real(r->tonnes_routed));
        json_object_set_new(j, "tonnes_unrouted", json_real(r->tonnes_unrouted));
        json_object_set_new(j, "countries", countries);
        json_object_set_new(j, "od", od);
        json_object_set_new(j, "od_names", od_names(c));
        if (appraised(s, scen_i)) {
            /* drawn after the [dwell] and [fees] factors: a sweep's other draws stay as they
             * were without the block */
            double capital = s->appraisal.has_capital ? draw(&s->appraisal.capital, &rng) : 1;
            json_t *ja = appraise_run(c, factors, demand, net, r, capital);
            if (!ja) {
                json_decref(j);
                j = NULL;
            } else {
                json_object_set_new(j, "appraisal", ja);
            }
        }
    }
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(j);
    cor_freight_result_free(r);
    cor_demand_free(demand);
    cor_net_free(net);
    cor_scenario_free(sc);
    cor_diags_free(diags);
    return text;
}
