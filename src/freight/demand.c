/* Freight demand files: OD rows read with the project's CSV reader and checked against a network. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/freight.h"
#include "load/csvfile.h"
#include "net/net_int.h"
#include "util/strutil.h"

struct cor_demand {
    cor_od *od;
    size_t n;
    char **strings;
    size_t n_strings;
    double total;
};

static const char *const commodities[] = {"container", "general", "bulk", "oil_products",
                                          "grain", "metals", NULL};

static const char *keep(cor_demand *d, const char *s)
{
    char *copy = cor_strdup(s);
    if (!copy)
        return NULL;
    d->strings[d->n_strings++] = copy;
    return copy;
}

cor_status cor_demand_load(const cor_net *net, const char *path, cor_demand **out,
                           cor_diags *diags)
{
    *out = NULL;
    cor_csv *csv;
    size_t errors = cor_diags_errors(diags);
    cor_status st = cor_csv_read(path, path, &csv, diags);
    if (st != COR_OK)
        return st;
    static const char *const cols[] = {"from", "to", "commodity", "tonnes_per_year", "source"};
    int idx[5], ok = csv->header != NULL;
    for (int c = 0; c < 5 && csv->header; c++) {
        idx[c] = cor_csv_col(csv, cols[c]);
        if (idx[c] < 0) {
            cor_diags_add(diags, COR_ERROR, path, 1, cols[c],
                          "expected a column named \"%s\" in the header, found none", cols[c]);
            ok = 0;
        }
    }
    cor_demand *d = calloc(1, sizeof *d);
    if (d) {
        d->od = calloc(csv->n_rows + 1, sizeof *d->od);
        d->strings = calloc(2 * csv->n_rows + 1, sizeof *d->strings);
    }
    if (!d || !d->od || !d->strings) {
        cor_demand_free(d);
        cor_csv_free(csv);
        return COR_ERR_NOMEM;
    }
    for (size_t r = 0; ok && r < csv->n_rows; r++) {
        char **f = csv->rows[r].fields;
        long line = csv->rows[r].line;
        cor_od od = {.line = line};
        int row_ok = 1;
        for (int c = 0; c < 2; c++) {
            cor_err err;
            uint32_t *v = c ? &od.to : &od.from;
            if (cor_net_find_node(net, f[idx[c]], v, &err) != COR_OK) {
                cor_diags_add(diags, COR_ERROR, path, line, cols[c], "%s", err.msg);
                row_ok = 0;
            }
        }
        if (row_ok && od.from == od.to) {
            cor_diags_add(diags, COR_ERROR, path, line, "to",
                          "expected a node other than \"from\", found \"%s\" again", f[idx[1]]);
            row_ok = 0;
        }
        int known = 0;
        for (int c = 0; commodities[c]; c++)
            known |= strcmp(f[idx[2]], commodities[c]) == 0;
        if (!known) {
            cor_diags_add(diags, COR_ERROR, path, line, "commodity",
                          "expected container, general, bulk, oil_products, grain or metals, "
                          "found \"%s\"", f[idx[2]]);
            row_ok = 0;
        }
        if (!cor_parse_double(f[idx[3]], &od.tonnes_per_year) || !(od.tonnes_per_year > 0) ||
            od.tonnes_per_year > COR_MAX_DEMAND_TPY) {
            cor_diags_add(diags, COR_ERROR, path, line, "tonnes_per_year",
                          "expected a number > 0 (and at most 1e10), found \"%s\"", f[idx[3]]);
            row_ok = 0;
        }
        if (cor_is_blank(f[idx[4]])) {
            cor_diags_add(diags, COR_ERROR, path, line, "source",
                          "expected a value, found nothing");
            row_ok = 0;
        }
        if (!row_ok)
            continue;
        od.commodity = keep(d, f[idx[2]]);
        od.source = keep(d, f[idx[4]]);
        if (!od.commodity || !od.source) {
            cor_demand_free(d);
            cor_csv_free(csv);
            return COR_ERR_NOMEM;
        }
        d->od[d->n++] = od;
        d->total += od.tonnes_per_year;
    }
    cor_csv_free(csv);
    if (cor_diags_errors(diags) > errors) {
        cor_demand_free(d);
        return COR_ERR_INPUT;
    }
    *out = d;
    return COR_OK;
}

void cor_demand_free(cor_demand *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_strings; i++)
        free(d->strings[i]);
    free(d->strings);
    free(d->od);
    free(d);
}

size_t cor_demand_count(const cor_demand *d) { return d->n; }
const cor_od *cor_demand_od(const cor_demand *d, size_t i) { return i < d->n ? &d->od[i] : NULL; }
double cor_demand_total(const cor_demand *d) { return d->total; }

cor_demand *cor_demand_scaled(const cor_demand *d, double factor)
{
    cor_demand *c = calloc(1, sizeof *c);
    if (!c || !(c->od = malloc((d->n + 1) * sizeof *c->od))) {
        free(c);
        return NULL;
    }
    /* the strings stay with d, which must outlive the copy */
    memcpy(c->od, d->od, d->n * sizeof *c->od);
    c->n = d->n;
    for (size_t i = 0; i < c->n; i++) {
        c->od[i].tonnes_per_year *= factor;
        c->total += c->od[i].tonnes_per_year;
    }
    return c;
}
