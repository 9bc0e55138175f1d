/* Project costs (NET/projects.csv): capital by year, maintenance, opening year, lifetime and
 * residual value rule of each corridor project, one sourced figure per row. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/appraise.h"
#include "load/csvfile.h"
#include "util/strutil.h"

/* A single project's capital cost above this (USD) is a typo, not a corridor. */
#define MAX_USD 1e13

struct cor_projects {
    cor_project *p;
    size_t n;
    long *opening_line, *lifetime_line; /* where each was given (0: not yet) */
};

void cor_projects_free(cor_projects *p)
{
    if (!p)
        return;
    free(p->p);
    free(p->opening_line);
    free(p->lifetime_line);
    free(p);
}

size_t cor_projects_count(const cor_projects *p) { return p->n; }
const cor_project *cor_projects_get(const cor_projects *p, size_t i) { return &p->p[i]; }

const cor_project *cor_projects_find(const cor_projects *p, const char *tag)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->p[i].tag, tag) == 0)
            return &p->p[i];
    return NULL;
}

#define BAD(...) (cor_diags_add(diags, COR_ERROR, path, line, __VA_ARGS__), bad = failed = 1)

/* Books a capital cost in `year`, keeping the years within COR_PROJECT_MAX_YEARS. */
static int add_capital(cor_project *pr, int year, double usd)
{
    if (pr->n_years == 0) {
        pr->first_year = year;
        pr->n_years = 1;
    }
    int first = year < pr->first_year ? year : pr->first_year;
    int last = pr->first_year + pr->n_years - 1;
    if (year > last)
        last = year;
    if (last - first + 1 > COR_PROJECT_MAX_YEARS)
        return 0;
    if (first < pr->first_year) { /* shift the years already booked */
        int shift = pr->first_year - first;
        memmove(pr->capital_usd + shift, pr->capital_usd, (size_t)pr->n_years * sizeof(double));
        memset(pr->capital_usd, 0, (size_t)shift * sizeof(double));
        pr->first_year = first;
    }
    pr->n_years = last - first + 1;
    pr->capital_usd[year - first] += usd;
    return 1;
}

cor_status cor_projects_load(const char *path, cor_projects **out, cor_diags *diags)
{
    *out = NULL;
    cor_csv *csv;
    size_t errors = cor_diags_errors(diags);
    cor_status st = cor_csv_read(path, path, &csv, diags);
    if (st != COR_OK)
        return st;
    static const char *const cols[] = {"project", "item", "year", "value", "source"};
    int idx[5], failed = 0;
    int ok = cor_csv_columns(csv, cols, 5, idx, diags);
    cor_projects *ps = calloc(1, sizeof *ps);
    if (ps) {
        ps->p = calloc(csv->n_rows + 1, sizeof *ps->p);
        ps->opening_line = calloc(csv->n_rows + 1, sizeof *ps->opening_line);
        ps->lifetime_line = calloc(csv->n_rows + 1, sizeof *ps->lifetime_line);
    }
    if (!ps || !ps->p || !ps->opening_line || !ps->lifetime_line) {
        cor_projects_free(ps);
        cor_csv_free(csv);
        return COR_ERR_NOMEM;
    }
    for (size_t i = 0; ok && i < csv->n_rows; i++) {
        char **f = csv->rows[i].fields;
        long line = csv->rows[i].line, year = 0;
        const char *tag = f[idx[0]], *item = f[idx[1]], *value = f[idx[3]];
        int bad = 0;
        size_t len = strlen(tag);
        if (len == 0 || len >= sizeof ps->p[0].tag || strpbrk(tag, "; ,"))
            BAD("project", "expected a corridor tag of 1 to %zu characters, found \"%s\"",
                sizeof ps->p[0].tag - 1, tag);
        if (cor_is_blank(f[idx[4]]))
            BAD("source", "expected a source or \"estimate: how\", found nothing");
        int capital = strcmp(item, "capital") == 0;
        if (capital && !cor_parse_long(f[idx[2]], 1900, 2200, &year))
            BAD("year", "expected a year from 1900 to 2200, found \"%s\"", f[idx[2]]);
        else if (!capital && !cor_is_blank(f[idx[2]]))
            BAD("year", "expected nothing (only capital rows have a year), found \"%s\"",
                f[idx[2]]);
        if (bad)
            continue;
        cor_project *pr = (cor_project *)cor_projects_find(ps, tag);
        size_t at = pr ? (size_t)(pr - ps->p) : ps->n;
        cor_project fresh = {0};
        if (!pr) {
            memcpy(fresh.tag, tag, len + 1);
            fresh.maintenance_usd_per_year = 0;
            fresh.residual = COR_RESIDUAL_LINEAR;
            pr = &fresh;
        }
        double v = 0;
        long n = 0;
        if (capital) {
            if (!cor_parse_double(value, &v) || v < 0 || v > MAX_USD)
                BAD("value", "expected USD from 0 to %g, found \"%s\"", MAX_USD, value);
            else if (!add_capital(pr, (int)year, v))
                BAD("year", "expected the capital years within %d years of each other, found %ld",
                    COR_PROJECT_MAX_YEARS, year);
        } else if (strcmp(item, "maintenance") == 0) {
            if (!cor_parse_double(value, &v) || v < 0 || v > MAX_USD)
                BAD("value", "expected USD per year from 0 to %g, found \"%s\"", MAX_USD, value);
            else
                pr->maintenance_usd_per_year += v;
        } else if (strcmp(item, "opening_year") == 0) {
            if (ps->opening_line[at])
                BAD("item", "expected one opening_year for %s, found a second (the first is at "
                    "line %ld)", tag, ps->opening_line[at]);
            else if (!cor_parse_long(value, 1900, 2200, &n))
                BAD("value", "expected a year from 1900 to 2200, found \"%s\"", value);
            else {
                pr->opening_year = (int)n;
                ps->opening_line[at] = line;
            }
        } else if (strcmp(item, "lifetime_years") == 0) {
            if (ps->lifetime_line[at])
                BAD("item", "expected one lifetime_years for %s, found a second (the first is "
                    "at line %ld)", tag, ps->lifetime_line[at]);
            else if (!cor_parse_long(value, 1, 500, &n))
                BAD("value", "expected a whole number of years from 1 to 500, found \"%s\"",
                    value);
            else {
                pr->lifetime_years = (int)n;
                ps->lifetime_line[at] = line;
            }
        } else if (strcmp(item, "residual") == 0) {
            if (strcmp(value, "none") == 0)
                pr->residual = COR_RESIDUAL_NONE;
            else if (strcmp(value, "linear") == 0)
                pr->residual = COR_RESIDUAL_LINEAR;
            else
                BAD("value", "expected none or linear, found \"%s\"", value);
        } else {
            BAD("item", "expected capital, maintenance, opening_year, lifetime_years or residual, "
                "found \"%s\"", item);
        }
        if (!bad && at == ps->n)
            ps->p[ps->n++] = fresh;
    }
    for (size_t i = 0; ok && i < ps->n; i++) {
        if (!ps->opening_line[i])
            failed = 1, cor_diags_add(diags, COR_ERROR, path, 0, "opening_year",
                          "expected an opening_year row for project %s, found none",
                          ps->p[i].tag);
        if (!ps->lifetime_line[i])
            failed = 1, cor_diags_add(diags, COR_ERROR, path, 0, "lifetime_years",
                          "expected a lifetime_years row for project %s, found none",
                          ps->p[i].tag);
    }
    cor_csv_free(csv);
    if (cor_diags_errors(diags) > errors || failed || !ok) {
        cor_projects_free(ps);
        return COR_ERR_INPUT;
    }
    *out = ps;
    return COR_OK;
}
