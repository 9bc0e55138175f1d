/* Emission factors (NET/emissions.csv): the loader, and the kg CO2e of route steps and of
 * whole assignments. Well-to-wheel intensities as in the GLEC Framework (docs/appraisal.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/appraise.h"
#include "load/csvfile.h"
#include "util/strutil.h"

enum { KIND_MOVE, KIND_BORDER, KIND_TRANSFER, KIND_COUNT };
static const char *const kinds[KIND_COUNT] = {"move", "border", "transfer"};

/* Factors are physical quantities for one tonne-km, vehicle-hour or tonne: a bound far above
 * any real figure (air freight is ~1,000 g/tkm) keeps every product finite. */
#define MAX_FACTOR 1e5

typedef struct factor {
    int kind;
    cor_mode mode;
    char country[8];   /* ISO code as in nodes.csv, or "*" */
    double value;
} factor;

struct cor_emissions {
    factor *rows;
    size_t n;
};

void cor_emissions_free(cor_emissions *e)
{
    if (!e)
        return;
    free(e->rows);
    free(e);
}

/* Reports a problem of the row being read and marks it bad. */
#define BAD(...) (cor_diags_add(diags, COR_ERROR, path, line, __VA_ARGS__), bad = failed = 1)

static int kind_parse(const char *s)
{
    for (int k = 0; k < KIND_COUNT; k++)
        if (strcmp(s, kinds[k]) == 0)
            return k;
    return -1;
}

static int transport_mode(int m)
{
    return m >= 0 && (COR_TRANSPORT_MODES & COR_MODE_BIT(m));
}

cor_status cor_emissions_load(const char *path, cor_emissions **out, cor_diags *diags)
{
    *out = NULL;
    cor_csv *csv;
    size_t errors = cor_diags_errors(diags);
    cor_status st = cor_csv_read(path, path, &csv, diags);
    if (st != COR_OK)
        return st;
    static const char *const cols[] = {"kind", "mode", "country", "factor", "source"};
    int idx[5], failed = 0;
    int ok = cor_csv_columns(csv, cols, 5, idx, diags);
    cor_emissions *e = calloc(1, sizeof *e);
    if (e)
        e->rows = calloc(csv->n_rows + 1, sizeof *e->rows);
    if (!e || !e->rows) {
        cor_emissions_free(e);
        cor_csv_free(csv);
        return COR_ERR_NOMEM;
    }
    for (size_t i = 0; ok && i < csv->n_rows; i++) {
        char **f = csv->rows[i].fields;
        long line = csv->rows[i].line;
        factor r = {0};
        int bad = 0;
        if ((r.kind = kind_parse(f[idx[0]])) < 0)
            BAD("kind",
                                "expected move, border or transfer, found \"%s\"", f[idx[0]]);
        int m = cor_mode_parse(f[idx[1]]);
        if (!transport_mode(m))
            BAD("mode",
                                "expected rail, road, sea or ferry, found \"%s\"", f[idx[1]]);
        else
            r.mode = (cor_mode)m;
        const char *cc = f[idx[2]];
        size_t len = strlen(cc);
        if (!(strcmp(cc, "*") == 0 || (len >= 2 && len < sizeof r.country)))
            BAD("country",
                                "expected a country code or *, found \"%s\"", cc);
        else
            memcpy(r.country, cc, len + 1);
        if (!cor_parse_double(f[idx[3]], &r.value) || r.value < 0 || r.value > MAX_FACTOR)
            BAD("factor",
                                "expected a number from 0 to %g, found \"%s\"", MAX_FACTOR,
                                f[idx[3]]);
        if (cor_is_blank(f[idx[4]]))
            BAD("source",
                                "expected a source or \"estimate: how\", found nothing");
        for (size_t j = 0; !bad && j < e->n; j++)
            if (e->rows[j].kind == r.kind && e->rows[j].mode == r.mode &&
                strcmp(e->rows[j].country, r.country) == 0)
                BAD("country",
                                    "expected one %s row for %s in %s, found a second one",
                                    kinds[r.kind], cor_mode_name(r.mode), r.country);
        if (!bad)
            e->rows[e->n++] = r;
    }
    for (int m = 0; ok && !failed && m < COR_MODE_COUNT; m++) {
        if (!transport_mode(m))
            continue;
        int found = 0;
        for (size_t j = 0; j < e->n; j++)
            found |= e->rows[j].kind == KIND_MOVE && e->rows[j].mode == (cor_mode)m &&
                     strcmp(e->rows[j].country, "*") == 0;
        if (!found)
            failed = 1, cor_diags_add(diags, COR_ERROR, path, 0, "mode",
                          "expected a move row for %s with country *, found none",
                          cor_mode_name((cor_mode)m));
    }
    cor_csv_free(csv);
    if (cor_diags_errors(diags) > errors || failed || !ok) {
        cor_emissions_free(e);
        return COR_ERR_INPUT;
    }
    *out = e;
    return COR_OK;
}

static double lookup(const cor_emissions *e, int kind, cor_mode mode, const char *country)
{
    double any = 0;
    for (size_t i = 0; i < e->n; i++) {
        const factor *r = &e->rows[i];
        if (r->kind != kind || r->mode != mode)
            continue;
        if (strcmp(r->country, country) == 0)
            return r->value;
        if (strcmp(r->country, "*") == 0)
            any = r->value;
    }
    return any;
}

double cor_emissions_factor(const cor_emissions *e, const char *kind, cor_mode mode,
                            const char *country)
{
    int k = kind_parse(kind);
    return k < 0 ? 0 : lookup(e, k, mode, country);
}

double cor_emissions_step_kg(const cor_emissions *e, const cor_net *net, const cor_step *s,
                             double tonnes)
{
    const char *ca = cor_net_node(net, s->from)->country, *cb = cor_net_node(net, s->to)->country;
    switch (s->kind) {
    case COR_STEP_LINK: {
        double g = 0.5 * (lookup(e, KIND_MOVE, s->mode, ca) + lookup(e, KIND_MOVE, s->mode, cb));
        return g * s->km * tonnes / 1000.0;
    }
    case COR_STEP_BORDER:
        return lookup(e, KIND_BORDER, s->mode, ca) * cor_vehicles(s->mode, tonnes) * s->hours;
    default:
        return lookup(e, KIND_TRANSFER, s->mode_to, ca) * tonnes;
    }
}

void cor_emissions_apply(const cor_emissions *e, const cor_net *net, cor_route *r, double tonnes)
{
    r->co2e_kg = 0;
    for (size_t i = 0; i < r->n_steps; i++) {
        r->steps[i].co2e_kg = cor_emissions_step_kg(e, net, &r->steps[i], tonnes);
        r->co2e_kg += r->steps[i].co2e_kg;
    }
    r->has_co2e = true;
}

static size_t country_index(const cor_freight_result *r, const char *cc)
{
    for (size_t i = 0; i < r->n_countries; i++)
        if (strcmp(r->countries[i].country, cc) == 0)
            return i;
    return r->n_countries;
}

double cor_emissions_accounts(const cor_emissions *e, const cor_net *net,
                              const cor_demand *demand, const cor_freight_opts *o,
                              const cor_freight_result *r, double *out)
{
    double total = 0, shipment = o->route.tonnes;
    for (size_t c = 0; c < r->n_countries; c++)
        out[c] = 0;
    for (size_t i = 0; i < r->n_od && i < cor_demand_count(demand); i++) {
        const cor_od_result *od = &r->od[i];
        double t = cor_demand_od(demand, i)->tonnes_per_year;
        for (size_t k = 0; od->routed && k < od->n_routes; k++) {
            const cor_route *rt = &od->routes[k].route;
            /* kg per shipment x shipments per year / 1000 = tonnes per year */
            double scale = od->routes[k].share * t / shipment / 1000.0;
            for (size_t j = 0; j < rt->n_steps; j++) {
                const cor_step *s = &rt->steps[j];
                double t_co2 = cor_emissions_step_kg(e, net, s, shipment) * scale;
                size_t a = country_index(r, cor_net_node(net, s->from)->country);
                size_t b = country_index(r, cor_net_node(net, s->to)->country);
                if (a < r->n_countries && b < r->n_countries) {
                    out[a] += a == b ? t_co2 : 0.5 * t_co2;
                    if (a != b)
                        out[b] += 0.5 * t_co2;
                }
                total += t_co2;
            }
        }
    }
    return total;
}

void cor_emissions_apply_set(const cor_emissions *e, const cor_net *net, cor_route_set *set,
                             double tonnes)
{
    for (size_t i = 0; e && i < set->n; i++)
        cor_emissions_apply(e, net, &set->routes[i], tonnes);
}
