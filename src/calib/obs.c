/* Observation files (observed.csv): what the base year is checked and calibrated against, read
 * with the project's CSV reader and resolved against a network (docs/calibration.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/calib.h"
#include "load/csvfile.h"
#include "net/net_int.h"
#include "util/strutil.h"

struct cor_obs_set {
    cor_obs *obs;
    size_t n;
    char **strings;
    size_t n_strings;
};

static const char *const measure_names[] = {"link_tonnes", "node_tonnes", "usd_per_500km_20t",
                                            "speed_with_delay_kmh", "hours"};

const char *cor_obs_measure_name(cor_obs_measure m)
{
    return m <= COR_OBS_HOURS ? measure_names[m] : "?";
}

bool cor_obs_is_flow(const cor_obs *o)
{
    return o->measure == COR_OBS_LINK_TONNES || o->measure == COR_OBS_NODE_TONNES;
}

void cor_obs_free(cor_obs_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        free(set->obs[i].links);
    for (size_t i = 0; i < set->n_strings; i++)
        free(set->strings[i]);
    free(set->strings);
    free(set->obs);
    free(set);
}

size_t cor_obs_count(const cor_obs_set *set) { return set->n; }
const cor_obs *cor_obs_get(const cor_obs_set *set, size_t i) { return &set->obs[i]; }

static const char *keep(cor_obs_set *s, const char *v)
{
    char *copy = cor_strdup(v);
    if (copy)
        s->strings[s->n_strings++] = copy;
    return copy;
}

/* "R06a;S01": every id a link of net. Returns 0 after a diagnostic, -1 when out of memory. */
static int parse_links(const cor_net *net, const char *where, cor_obs *o, const char *path,
                       long line, cor_diags *diags)
{
    char buf[COR_CSV_MAX_FIELD_BYTES];
    snprintf(buf, sizeof buf, "%s", where);
    size_t cap = 1;
    for (const char *p = buf; *p; p++)
        cap += *p == ';';
    o->links = malloc(cap * sizeof *o->links);
    if (!o->links)
        return -1;
    char *save = NULL;
    for (char *id = strtok_r(buf, ";", &save); id; id = strtok_r(NULL, ";", &save)) {
        while (*id == ' ')
            id++;
        uint32_t l = 0;
        while (l < net->n_links && strcmp(net->links[l].id, id) != 0)
            l++;
        if (l == net->n_links) {
            cor_diags_add(diags, COR_ERROR, path, line, "where",
                          "expected link ids of links.csv separated by \";\", found \"%s\"", id);
            return 0;
        }
        o->links[o->n_links++] = l;
    }
    if (!o->n_links) {
        cor_diags_add(diags, COR_ERROR, path, line, "where",
                      "expected link ids of links.csv separated by \";\", found nothing");
        return 0;
    }
    return 1;
}

static int find_node(const cor_net *net, const char *name, uint32_t *v, const char *path,
                     long line, cor_diags *diags)
{
    cor_err err;
    if (cor_net_find_node(net, name, v, &err) == COR_OK)
        return 1;
    cor_diags_add(diags, COR_ERROR, path, line, "where", "%s", err.msg);
    return 0;
}

/* One row into *o; 1 when valid, 0 after diagnostics, -1 when out of memory. */
static int parse_row(const cor_net *net, char **f, const int *idx, long line, const char *path,
                     cor_obs *o, cor_diags *diags)
{
    enum { ID, MEASURE, WHERE, MODES, COUNTRY, VALUE, TPV, YEAR, USE, WHAT, SOURCE };
    int ok = 1;
    int m = -1;
    for (int i = 0; i <= COR_OBS_HOURS; i++)
        if (strcmp(f[idx[MEASURE]], measure_names[i]) == 0)
            m = i;
    if (m < 0) {
        cor_diags_add(diags, COR_ERROR, path, line, "measure",
                      "expected link_tonnes, node_tonnes, usd_per_500km_20t, "
                      "speed_with_delay_kmh or hours, found \"%s\"",
                      f[idx[MEASURE]]);
        return 0;
    }
    o->measure = (cor_obs_measure)m;
    const char *where = f[idx[WHERE]];
    if (o->measure == COR_OBS_LINK_TONNES) {
        int r = parse_links(net, where, o, path, line, diags);
        if (r < 0)
            return -1;
        ok &= r;
    } else if (o->measure == COR_OBS_NODE_TONNES) {
        ok &= find_node(net, where, &o->from, path, line, diags);
    } else {
        const char *gt = strchr(where, '>');
        char a[COR_CSV_MAX_FIELD_BYTES];
        if (!gt) {
            cor_diags_add(diags, COR_ERROR, path, line, "where",
                          "expected FROM>TO (two node names or ids), found \"%s\"", where);
            ok = 0;
        } else {
            snprintf(a, sizeof a, "%.*s", (int)(gt - where), where);
            ok &= find_node(net, a, &o->from, path, line, diags);
            ok &= find_node(net, gt + 1, &o->to, path, line, diags);
            if (ok && o->from == o->to) {
                cor_diags_add(diags, COR_ERROR, path, line, "where",
                              "expected two different nodes, found \"%s\"", where);
                ok = 0;
            }
        }
    }
    o->modes = 0;
    if (cor_is_blank(f[idx[MODES]])) {
        o->modes = COR_TRANSPORT_MODES;
    } else {
        char buf[COR_CSV_MAX_FIELD_BYTES];
        snprintf(buf, sizeof buf, "%s", f[idx[MODES]]);
        char *save = NULL;
        for (char *t = strtok_r(buf, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
            int md = cor_mode_parse(t);
            if (md < 0 || !(COR_TRANSPORT_MODES & COR_MODE_BIT(md))) {
                cor_diags_add(diags, COR_ERROR, path, line, "modes",
                              "expected rail, road, sea or ferry separated by \";\", found \"%s\"",
                              t);
                ok = 0;
                break;
            }
            o->modes |= COR_MODE_BIT(md);
        }
    }
    if (!cor_parse_double(f[idx[VALUE]], &o->value) || o->value < 0 || o->value > 1e12 ||
        (!cor_obs_is_flow(o) && o->value <= 0)) {
        cor_diags_add(diags, COR_ERROR, path, line, "value",
                      "expected a number >= 0 (> 0 for a cost, speed or time; at most 1e12), "
                      "found \"%s\"",
                      f[idx[VALUE]]);
        ok = 0;
    }
    o->t_per_vehicle = NAN;
    if (cor_obs_is_flow(o)) {
        if (!cor_parse_double(f[idx[TPV]], &o->t_per_vehicle) || !(o->t_per_vehicle > 0) ||
            o->t_per_vehicle > 1e6) {
            cor_diags_add(diags, COR_ERROR, path, line, "t_per_vehicle",
                          "expected tonnes per vehicle > 0 (and at most 1e6) for a flow, "
                          "found \"%s\"",
                          f[idx[TPV]]);
            ok = 0;
        }
    } else if (!cor_is_blank(f[idx[TPV]])) {
        cor_diags_add(diags, COR_ERROR, path, line, "t_per_vehicle",
                      "expected nothing for a cost, speed or time, found \"%s\"", f[idx[TPV]]);
        ok = 0;
    }
    long year;
    if (!cor_parse_long(f[idx[YEAR]], 1800, 2200, &year)) {
        cor_diags_add(diags, COR_ERROR, path, line, "year",
                      "expected a year between 1800 and 2200, found \"%s\"", f[idx[YEAR]]);
        ok = 0;
    }
    o->year = (int)year;
    if (strcmp(f[idx[USE]], "calibrate") == 0 || strcmp(f[idx[USE]], "holdout") == 0) {
        o->holdout = f[idx[USE]][0] == 'h';
    } else {
        cor_diags_add(diags, COR_ERROR, path, line, "use",
                      "expected calibrate or holdout, found \"%s\"", f[idx[USE]]);
        ok = 0;
    }
    static const int required[] = {ID, COUNTRY, WHAT, SOURCE};
    static const char *const names[] = {"id", "country", "what", "source"};
    for (int i = 0; i < 4; i++)
        if (cor_is_blank(f[idx[required[i]]])) {
            cor_diags_add(diags, COR_ERROR, path, line, names[i], "expected a value, found nothing");
            ok = 0;
        }
    return ok;
}

cor_status cor_obs_load(const cor_net *net, const char *path, cor_obs_set **out,
                        cor_diags *diags)
{
    *out = NULL;
    cor_csv *csv;
    size_t errors = cor_diags_errors(diags);
    cor_status st = cor_csv_read(path, path, &csv, diags);
    if (st != COR_OK)
        return st;
    static const char *const cols[] = {"id",   "measure", "where", "modes", "country", "value",
                                       "t_per_vehicle", "year", "use", "what", "source"};
    enum { NCOLS = sizeof cols / sizeof *cols };
    int idx[NCOLS], ok = csv->header != NULL;
    for (int c = 0; c < NCOLS && csv->header; c++) {
        idx[c] = cor_csv_col(csv, cols[c]);
        if (idx[c] < 0) {
            cor_diags_add(diags, COR_ERROR, path, 1, cols[c],
                          "expected a column named \"%s\" in the header, found none", cols[c]);
            ok = 0;
        }
    }
    cor_obs_set *s = calloc(1, sizeof *s);
    if (s) {
        s->obs = calloc(csv->n_rows + 1, sizeof *s->obs);
        s->strings = calloc(4 * csv->n_rows + 1, sizeof *s->strings);
    }
    if (!s || !s->obs || !s->strings)
        goto nomem;
    for (size_t r = 0; ok && r < csv->n_rows; r++) {
        char **f = csv->rows[r].fields;
        cor_obs *o = &s->obs[s->n];
        *o = (cor_obs){.line = csv->rows[r].line};
        int res = parse_row(net, f, idx, o->line, path, o, diags);
        if (res < 0)
            goto nomem;
        for (size_t k = 0; res && k < s->n; k++)
            if (strcmp(s->obs[k].id, f[idx[0]]) == 0) {
                cor_diags_add(diags, COR_ERROR, path, o->line, "id",
                              "expected a unique id, found \"%s\" again (first on line %ld)",
                              f[idx[0]], s->obs[k].line);
                res = 0;
            }
        if (!res) {
            free(o->links);
            o->links = NULL;
            continue;
        }
        o->id = keep(s, f[idx[0]]);
        o->country = keep(s, f[idx[4]]);
        o->what = keep(s, f[idx[9]]);
        o->source = keep(s, f[idx[10]]);
        s->n++;
        if (!o->id || !o->country || !o->what || !o->source)
            goto nomem;
    }
    cor_csv_free(csv);
    if (cor_diags_errors(diags) > errors) {
        cor_obs_free(s);
        return COR_ERR_INPUT;
    }
    *out = s;
    return COR_OK;
nomem:
    cor_obs_free(s);
    cor_csv_free(csv);
    return COR_ERR_NOMEM;
}
