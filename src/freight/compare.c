/* What changes between two assignments of the same demand: per country (sorted by the size
 * of the change), per link (the difference flows B - A) and per OD flow (those whose route
 * changes first), with the one-line summary that the CLI, the report and the map page show. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/freight.h"

int cor_route_same_countries(const cor_route *x, const cor_route *y)
{
    if (!x || !y)
        return x == y;
    if (x->n_countries != y->n_countries)
        return 0;
    for (size_t i = 0; i < x->n_countries; i++)
        if (strcmp(x->countries[i], y->countries[i]) != 0)
            return 0;
    return 1;
}

static const cor_route *main_route(const cor_od_result *res)
{
    return res->routed && res->n_routes ? &res->routes[0].route : NULL;
}

static double fees(const cor_country_account *a)
{
    return a->fees_usd[0] + a->fees_usd[1] + a->fees_usd[2];
}

/* Figures summed in a different order may differ in their last bits: a change smaller than
 * this relative to the figures is no change. */
static int differs(double x, double y)
{
    return fabs(y - x) > 1e-9 * fmax(fabs(x), fabs(y)) + 1e-9;
}

static double pct(double a, double b) { return a != 0 ? 100.0 * (b - a) / a : b != 0 ? NAN : 0; }

static int by_change(const void *p, const void *q)
{
    const cor_country_change *x = p, *y = q;
    if (x->changed != y->changed)
        return x->changed ? -1 : 1;
    if (x->changed) {
        double tx = fabs(x->transit_tonnes_change), ty = fabs(y->transit_tonnes_change);
        if (tx != ty)
            return tx < ty ? 1 : -1;
        double fx = fabs(x->fees_usd_change), fy = fabs(y->fees_usd_change);
        if (fx != fy)
            return fx < fy ? 1 : -1;
    }
    return strcmp(x->country, y->country);
}

static int by_link_change(const void *p, const void *q)
{
    const cor_link_change *x = p, *y = q;
    double cx = fabs(x->change), cy = fabs(y->change);
    if (cx != cy)
        return cx < cy ? 1 : -1;
    return (x->link > y->link) - (x->link < y->link);
}

typedef struct od_key {
    size_t i;
    double tonnes;
    int changed;
} od_key;

static int by_od_change(const void *p, const void *q)
{
    const od_key *x = p, *y = q;
    if (x->changed != y->changed)
        return x->changed ? -1 : 1;
    if (x->changed && x->tonnes != y->tonnes)
        return x->tonnes < y->tonnes ? 1 : -1;
    return (x->i > y->i) - (x->i < y->i);
}

/* "950", "1.5", "23.9": three significant figures at most, no trailing zeros. */
static void number(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.*f", v >= 99.95 ? 0 : v >= 9.995 ? 1 : 2, v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0')
            *e-- = '\0';
        if (e == dot)
            *e = '\0';
    }
}

/* A signed amount with a unit prefix: "+950 kt", "-23.9 M USD". */
static void amount(char *buf, size_t n, double v, const char *unit, int tonnes)
{
    double m = fabs(v);
    const char *prefix = "";
    if (m >= 1e9)
        m /= 1e9, prefix = tonnes ? "G" : "B ";
    else if (m >= 1e6)
        m /= 1e6, prefix = "M";
    else if (m >= 1e3)
        m /= 1e3, prefix = "k";
    char num[32];
    number(num, sizeof num, m);
    snprintf(buf, n, "%c%s %s%s%s", v < 0 ? '-' : '+', num, prefix,
             !tonnes && *prefix && prefix[1] != ' ' ? " " : "", unit);
}

static void percent(char *buf, size_t n, double p)
{
    if (isnan(p))
        snprintf(buf, n, "new");
    else
        snprintf(buf, n, "%+.0f%%", p);
}

static void append(char *s, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *s, size_t n, const char *fmt, ...)
{
    size_t len = strlen(s);
    va_list ap;
    va_start(ap, fmt);
    if (len < n)
        vsnprintf(s + len, n - len, fmt, ap);
    va_end(ap);
}

static void make_summary(cor_freight_diff *d)
{
    char *s = d->summary;
    const size_t n = sizeof d->summary;
    s[0] = '\0';
    char amt[64], pc[32];
    size_t shown = 0;
    for (size_t i = 0; i < d->n_changed_countries && shown < 3; i++) {
        const cor_country_change *c = &d->countries[i];
        if (!differs(c->transit_tonnes[0], c->transit_tonnes[1]))
            continue;
        amount(amt, sizeof amt, c->transit_tonnes_change, "t", 1);
        percent(pc, sizeof pc, c->transit_tonnes_pct);
        append(s, n, "%s%s %s%s (%s)", shown ? ", " : "", c->country, amt,
               shown ? "" : " transit", pc);
        shown++;
    }
    /* fees: the largest change and those at least a quarter as large, two at most */
    const cor_country_change *top[2] = {NULL, NULL};
    for (size_t i = 0; i < d->n_changed_countries; i++) {
        const cor_country_change *c = &d->countries[i];
        if (!differs(c->fees_usd[0], c->fees_usd[1]))
            continue;
        if (!top[0] || fabs(c->fees_usd_change) > fabs(top[0]->fees_usd_change))
            top[1] = top[0], top[0] = c;
        else if (!top[1] || fabs(c->fees_usd_change) > fabs(top[1]->fees_usd_change))
            top[1] = c;
    }
    for (int k = 0; k < 2 && top[k]; k++) {
        if (k && fabs(top[1]->fees_usd_change) < fabs(top[0]->fees_usd_change) / 4)
            break;
        amount(amt, sizeof amt, top[k]->fees_usd_change, "USD/year", 0);
        percent(pc, sizeof pc, top[k]->fees_usd_pct);
        append(s, n, "%s%s%s %s (%s)", *s ? ", " : "", top[k]->country, k ? "" : " fees", amt,
               pc);
    }
    if (!*s)
        snprintf(s, n, "no change in transit tonnes or fees");
}

void cor_freight_diff_free(cor_freight_diff *d)
{
    if (!d)
        return;
    free(d->countries);
    free(d->links);
    free(d->od);
    free(d);
}

static const cor_country_account *find(const cor_freight_result *r, const char *cc)
{
    for (size_t i = 0; i < r->n_countries; i++)
        if (strcmp(r->countries[i].country, cc) == 0)
            return &r->countries[i];
    return NULL;
}

cor_status cor_freight_compare(const cor_freight_result *a, const cor_freight_result *b,
                               const cor_demand *demand, cor_freight_diff **out, cor_err *err)
{
    *out = NULL;
    size_t n_od = cor_demand_count(demand);
    if (a->n_od != n_od || b->n_od != n_od || a->n_links != b->n_links)
        return cor_err_set(err, COR_ERR_INPUT,
                           "compare: expected two assignments of the same demand on the same "
                           "links, found %zu and %zu OD flows (demand %zu), %zu and %zu links",
                           a->n_od, b->n_od, n_od, a->n_links, b->n_links);
    cor_freight_diff *d = calloc(1, sizeof *d);
    od_key *keys = malloc((n_od + 1) * sizeof *keys);
    if (d) {
        d->countries = malloc((a->n_countries + b->n_countries + 1) * sizeof *d->countries);
        d->links = malloc((a->n_links + 1) * sizeof *d->links);
        d->od = malloc((n_od + 1) * sizeof *d->od);
    }
    if (!d || !keys || !d->countries || !d->links || !d->od) {
        free(keys);
        cor_freight_diff_free(d);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    /* countries of B, then those only A has */
    for (int side = 0; side < 2; side++) {
        const cor_freight_result *r = side ? a : b;
        for (size_t i = 0; i < r->n_countries; i++) {
            const char *cc = r->countries[i].country;
            if (side && find(b, cc))
                continue;
            const cor_country_account *x = find(a, cc), *y = find(b, cc);
            cor_country_change *c = &d->countries[d->n_countries++];
            memset(c, 0, sizeof *c);
            memcpy(c->country, cc, sizeof c->country);
            c->transit_tonnes[0] = x ? x->tonnes[COR_ROLE_TRANSIT] : 0;
            c->transit_tonnes[1] = y ? y->tonnes[COR_ROLE_TRANSIT] : 0;
            c->fees_usd[0] = x ? fees(x) : 0;
            c->fees_usd[1] = y ? fees(y) : 0;
            c->transit_tonnes_change = c->transit_tonnes[1] - c->transit_tonnes[0];
            c->fees_usd_change = c->fees_usd[1] - c->fees_usd[0];
            c->transit_tonnes_pct = pct(c->transit_tonnes[0], c->transit_tonnes[1]);
            c->fees_usd_pct = pct(c->fees_usd[0], c->fees_usd[1]);
            c->changed = differs(c->transit_tonnes[0], c->transit_tonnes[1]) ||
                         differs(c->fees_usd[0], c->fees_usd[1]);
            d->n_changed_countries += (size_t)c->changed;
        }
    }
    qsort(d->countries, d->n_countries, sizeof *d->countries, by_change);
    for (uint32_t l = 0; l < a->n_links; l++)
        if (differs(a->link_tonnes[l], b->link_tonnes[l]))
            d->links[d->n_links++] = (cor_link_change){
                l, {a->link_tonnes[l], b->link_tonnes[l]}, b->link_tonnes[l] - a->link_tonnes[l]};
    qsort(d->links, d->n_links, sizeof *d->links, by_link_change);
    for (size_t i = 0; i < n_od; i++) {
        int changed = !cor_route_same_countries(main_route(&a->od[i]), main_route(&b->od[i]));
        keys[i] = (od_key){i, cor_demand_od(demand, i)->tonnes_per_year, changed};
        d->n_changed_od += (size_t)changed;
    }
    qsort(keys, n_od, sizeof *keys, by_od_change);
    for (size_t i = 0; i < n_od; i++)
        d->od[i] = keys[i].i;
    d->n_od = n_od;
    free(keys);
    make_summary(d);
    *out = d;
    return COR_OK;
}
