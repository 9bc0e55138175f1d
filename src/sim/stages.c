/*
 * Reads the simulated posts of a network: border_stages.csv (the stages of each crossing, by
 * scenario) and flow files (tonnes a year per crossing, turned into vehicles a day). Formats in
 * docs/simulation.md; every problem is reported as file:line: field: expected, found.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/csvfile.h"
#include "net/net_int.h"
#include "sim/sim_int.h"
#include "util/strutil.h"

enum { C_FROM, C_TO, C_MODE, C_SCEN, C_STAGE, C_NAME, C_SERVERS, C_DIST, C_MEAN, C_CV, C_K,
       C_RATE, C_SOURCE, C_ARRIVALS, C_N };
static const char *const stage_cols[] = {"from_node", "to_node", "mode", "scenario", "stage",
                                         "name", "servers", "distribution", "mean_h", "cv", "k",
                                         "arrivals_per_day", "source", "arrival_process", NULL};
#define N_REQUIRED C_ARRIVALS /* arrival_process may be left out */
/* vehicles a day at a post, from arrivals_per_day or a flow file */
#define MIN_PER_DAY 1e-9
#define MAX_PER_DAY 1e7

/* A file being read. */
typedef struct reader {
    cor_csv *csv;
    const char *const *cols;
    int idx[C_N];
    cor_diags *d;
    int errors, nomem;
} reader;

static const char *F(const reader *r, size_t row, int col)
{
    return r->idx[col] < 0 ? "" : r->csv->rows[row].fields[r->idx[col]];
}

static long LINE(const reader *r, size_t row) { return r->csv->rows[row].line; }

#define ERR(r, row, col, ...)                                                                \
    do {                                                                                     \
        (r)->errors++;                                                                       \
        if (cor_diags_add((r)->d, COR_ERROR, (r)->csv->name, LINE(r, row), (r)->cols[col],  \
                          __VA_ARGS__) != COR_OK)                                            \
            (r)->nomem = 1;                                                                  \
    } while (0)

/* Reads path and finds its columns (the first n_required of cols must be there). Returns 0
 * when the file cannot be used at all (the reason is in diags). */
static int open_reader(reader *r, const char *path, const char *const *cols, int n_required,
                       cor_diags *d)
{
    memset(r, 0, sizeof *r);
    r->cols = cols;
    r->d = d;
    if (cor_csv_read(path, path, &r->csv, d) == COR_ERR_NOMEM)
        r->nomem = 1;
    if (!r->csv || !r->csv->header)
        return 0;
    int ok = 1;
    for (int c = 0; cols[c]; c++) {
        r->idx[c] = cor_csv_col(r->csv, cols[c]);
        if (r->idx[c] < 0 && c < n_required) {
            cor_diags_add(d, COR_ERROR, path, 1, cols[c],
                          "expected a column named \"%s\" in the header, found none", cols[c]);
            ok = 0;
        }
    }
    return ok;
}

/* A number in [min, max]; blank is NAN when optional. */
static int num(reader *r, size_t row, int col, int required, double min, double max,
               double *out)
{
    const char *s = F(r, row, col);
    *out = NAN;
    if (cor_is_blank(s)) {
        if (required)
            ERR(r, row, col, "expected a number, found nothing");
        return !required;
    }
    double v;
    if (!cor_parse_double(s, &v)) {
        ERR(r, row, col, "expected a number, found \"%s\"", s);
        return 0;
    }
    if (v < min || v > max) {
        if (v > max)
            ERR(r, row, col, "expected a number <= %g, found %s", max, s);
        else if (min > 0 && v == 0)
            ERR(r, row, col, "expected a number > 0, found %s", s);
        else
            ERR(r, row, col, "expected a number >= %g, found %s", min, s);
        return 0;
    }
    *out = v;
    return 1;
}

static int whole(reader *r, size_t row, int col, long min, long max, long *out)
{
    const char *s = F(r, row, col);
    if (!cor_parse_long(s, min, max, out)) {
        ERR(r, row, col, "expected a whole number from %ld to %ld, found \"%s\"", min, max, s);
        return 0;
    }
    return 1;
}

/* The crossing named by (from_node, to_node, mode): a borders.csv record with those ends in
 * that order, or in either order for a `both` record. */
static int crossing(reader *r, const cor_net *net, size_t row, int32_t *border,
                    int32_t *transfer, uint32_t *from, uint32_t *to, cor_mode *mode)
{
    *transfer = -1;
    const char *f = F(r, row, C_FROM), *t = F(r, row, C_TO), *m = F(r, row, C_MODE);
    int ok = 1;
    if ((*from = cor_net_node_by_id(net, f)) == UINT32_MAX) {
        ERR(r, row, C_FROM, "expected the id of a node in nodes.csv, found \"%s\"", f);
        ok = 0;
    }
    if ((*to = cor_net_node_by_id(net, t)) == UINT32_MAX) {
        ERR(r, row, C_TO, "expected the id of a node in nodes.csv, found \"%s\"", t);
        ok = 0;
    }
    int md = cor_mode_parse(m);
    if (md < 0 || !(COR_TRANSPORT_MODES & COR_MODE_BIT(md))) {
        ERR(r, row, C_MODE, "expected rail, road, sea or ferry, found \"%s\"", m);
        ok = 0;
    }
    if (!ok)
        return 0;
    *mode = (cor_mode)md;
    if (*from == *to) {
        /* a terminal: the node's gauge change for trains, else its first change of mode
         * that involves the mode of the arriving vehicles */
        for (int pass = 0; pass < 2 && *transfer < 0; pass++)
            for (uint32_t x = 0; x < net->n_transfers && *transfer < 0; x++) {
                const cor_transfer *tr = &net->transfers[x];
                if (tr->node != *from)
                    continue;
                if (pass == 0 ? tr->gauge && *mode == COR_MODE_RAIL
                              : !tr->gauge && (tr->a == (int)*mode || tr->b == (int)*mode))
                    *transfer = (int32_t)x;
            }
        *border = -1;
        if (*transfer >= 0)
            return 1;
        ERR(r, row, C_TO, "expected a transfers.csv record at %s for %s (from_node = to_node "
                          "names a terminal), found none", f, m);
        return 0;
    }
    for (uint32_t b = 0; b < net->n_borders; b++) {
        const cor_border *x = &net->borders[b];
        if (x->mode == *mode && ((x->from == *from && x->to == *to) ||
                                 (x->both_ways && x->from == *to && x->to == *from))) {
            *border = (int32_t)b;
            return 1;
        }
    }
    ERR(r, row, C_FROM, "expected a crossing listed in borders.csv (from_node, to_node, mode), "
                        "found %s -> %s by %s", f, t, m);
    return 0;
}

static int valid_tag(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 31)
        return 0;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_' && *s != '-')
            return 0;
    return 1;
}

/* One row of border_stages.csv as read. */
typedef struct srow {
    int32_t border, transfer;
    uint32_t from, to;
    cor_mode mode;
    const char *scenario, *source;
    long stage, line;
    double per_day;
    cor_sim_arrivals arrivals;
    int arrivals_given;
    cor_sim_stage st;
} srow;

static int parse_row(reader *r, const cor_net *net, size_t i, srow *w)
{
    int ok = crossing(r, net, i, &w->border, &w->transfer, &w->from, &w->to, &w->mode);
    w->line = LINE(r, i);
    w->scenario = F(r, i, C_SCEN);
    if (!valid_tag(w->scenario)) {
        ERR(r, i, C_SCEN, "expected a scenario name such as base or joint (lower-case letters, "
                          "digits, _ and -), found \"%s\"", w->scenario);
        ok = 0;
    }
    ok &= whole(r, i, C_STAGE, 1, COR_SIM_MAX_STAGES, &w->stage);
    const char *name = F(r, i, C_NAME);
    if (cor_is_blank(name) || strlen(name) >= sizeof w->st.name) {
        ERR(r, i, C_NAME, "expected a stage name of 1 to %zu characters, found \"%s\"",
            sizeof w->st.name - 1, name);
        ok = 0;
    } else {
        snprintf(w->st.name, sizeof w->st.name, "%s", name);
    }
    long servers = 0;
    ok &= whole(r, i, C_SERVERS, 1, COR_SIM_MAX_SERVERS, &servers);
    w->st.servers = (int)servers;
    int dist = cor_sim_dist_parse(F(r, i, C_DIST));
    if (dist < 0) {
        ERR(r, i, C_DIST, "expected exponential, deterministic, lognormal or erlang, found \"%s\"",
            F(r, i, C_DIST));
        ok = 0;
    }
    w->st.dist = dist < 0 ? COR_DIST_EXPONENTIAL : (cor_sim_dist)dist;
    ok &= num(r, i, C_MEAN, 1, 1e-9, 1e6, &w->st.mean_h);
    /* cv belongs to lognormal and k to erlang only: a figure elsewhere would be ignored,
     * which hides a mistake */
    const char *cv = F(r, i, C_CV), *k = F(r, i, C_K);
    if (dist == COR_DIST_LOGNORMAL) {
        ok &= num(r, i, C_CV, 1, 1e-9, 100, &w->st.cv);
    } else if (!cor_is_blank(cv) && dist >= 0) {
        ERR(r, i, C_CV, "expected nothing for distribution %s (cv is for lognormal), found \"%s\"",
            cor_sim_dist_name(w->st.dist), cv);
        ok = 0;
    }
    if (dist == COR_DIST_ERLANG) {
        long kk = 0;
        ok &= whole(r, i, C_K, 1, COR_SIM_MAX_ERLANG_K, &kk);
        w->st.k = (int)kk;
    } else if (!cor_is_blank(k) && dist >= 0) {
        ERR(r, i, C_K, "expected nothing for distribution %s (k is for erlang), found \"%s\"",
            cor_sim_dist_name(w->st.dist), k);
        ok = 0;
    }
    ok &= num(r, i, C_RATE, 0, MIN_PER_DAY, MAX_PER_DAY, &w->per_day);
    const char *ap = F(r, i, C_ARRIVALS);
    w->arrivals = COR_ARRIVALS_POISSON;
    w->arrivals_given = !cor_is_blank(ap);
    if (strcmp(ap, "regular") == 0) {
        w->arrivals = COR_ARRIVALS_REGULAR;
    } else if (w->arrivals_given && strcmp(ap, "poisson") != 0) {
        ERR(r, i, C_ARRIVALS, "expected poisson or regular, found \"%s\"", ap);
        ok = 0;
    }
    w->source = F(r, i, C_SOURCE);
    if (cor_is_blank(w->source)) {
        ERR(r, i, C_SOURCE, "expected a value, found nothing");
        ok = 0;
    }
    w->st.line = w->line;
    return ok;
}

/* Rows of one crossing and direction together, scenarios together, stages in order. */
static int cmp_rows(const void *pa, const void *pb)
{
    const srow *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    if (a->mode != b->mode)
        return a->mode < b->mode ? -1 : 1;
    int c = strcmp(a->scenario, b->scenario);
    if (c)
        return c;
    if (a->stage != b->stage)
        return a->stage < b->stage ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

static int same_post(const srow *a, const srow *b)
{
    return a->from == b->from && a->to == b->to && a->mode == b->mode;
}

/* A group of rows: one crossing, one direction, one scenario. */
typedef struct group {
    size_t first, n;
    long line;     /* first line in the file, to keep the file's order */
} group;

static int cmp_groups(const void *a, const void *b)
{
    long x = ((const group *)a)->line, y = ((const group *)b)->line;
    return (x > y) - (x < y);
}

/* Checks a group: stages numbered 1..n once each, the arrival rate on stage 1 and nowhere
 * contradicted. Reports on the row at fault. */
static void check_group(reader *r, const srow *v, const group *g, const size_t *row_of)
{
    for (size_t j = 0; j < g->n; j++) {
        const srow *w = &v[g->first + j];
        size_t row = row_of[g->first + j];
        if (j > 0 && w->stage == w[-1].stage)
            ERR(r, row, C_STAGE, "expected one row per stage of %s -> %s (%s), found stage %ld "
                "again (first on line %ld)", F(r, row, C_FROM), F(r, row, C_TO), w->scenario,
                w->stage, w[-1].line);
        else if (w->stage != (j > 0 ? w[-1].stage + 1 : 1))
            ERR(r, row, C_STAGE, "expected stage %ld (stages of a crossing and scenario are "
                "numbered 1, 2, ...), found %ld", j > 0 ? w[-1].stage + 1 : 1, w->stage);
        if (j == 0 && isnan(w->per_day))
            ERR(r, row, C_RATE, "expected the vehicles a day arriving at %s -> %s on the row of "
                "stage 1, found nothing", F(r, row, C_FROM), F(r, row, C_TO));
        if (j > 0 && !isnan(w->per_day) && w->per_day != v[g->first].per_day)
            ERR(r, row, C_RATE, "expected nothing or %g (the figure of stage 1, line %ld), "
                "found %g", v[g->first].per_day, v[g->first].line, w->per_day);
        if (j > 0 && w->arrivals_given && w->arrivals != v[g->first].arrivals)
            ERR(r, row, C_ARRIVALS, "expected nothing or the process of stage 1 (line %ld), "
                "found \"%s\"", v[g->first].line, F(r, row, C_ARRIVALS));
    }
}

static char *plan_keep(cor_sim_plan *p, const char *s)
{
    char *c = cor_strdup(s);
    if (c)
        p->strings[p->n_strings++] = c;
    return c;
}

void cor_sim_plan_free(cor_sim_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_strings; i++)
        free(p->strings[i]);
    free(p->strings);
    free(p->posts);
    free(p->stages);
    free(p->scenario);
    free(p->path);
    free(p);
}

/* Builds the plan from the checked rows: per crossing and direction, the group of the wanted
 * scenario, else of "base". */
static cor_status build(const srow *v, const group *g, size_t n_groups, const char *path,
                        const char *scenario, cor_sim_plan **out)
{
    cor_sim_plan *p = calloc(1, sizeof *p);
    const group **use = calloc(n_groups + 1, sizeof *use);
    size_t n_use = 0, n_stages = 0;
    if (!p || !use)
        goto nomem;
    for (size_t i = 0; i < n_groups; i++) {
        const srow *w = &v[g[i].first];
        int wanted = strcmp(w->scenario, scenario) == 0;
        int base = strcmp(w->scenario, "base") == 0;
        if (!wanted && !base)
            continue;
        /* is there a group of the wanted scenario for this crossing? then skip base */
        int better = 0;
        for (size_t j = 0; base && !wanted && j < n_groups; j++)
            better |= same_post(&v[g[j].first], w) &&
                      strcmp(v[g[j].first].scenario, scenario) == 0;
        if (better)
            continue;
        use[n_use++] = &g[i];
        n_stages += g[i].n;
    }
    p->path = cor_strdup(path);
    p->scenario = cor_strdup(scenario);
    p->posts = calloc(n_use + 1, sizeof *p->posts);
    p->stages = calloc(n_stages + 1, sizeof *p->stages);
    p->strings = calloc(2 * n_use + 1, sizeof *p->strings);
    if (!p->path || !p->scenario || !p->posts || !p->stages || !p->strings)
        goto nomem;
    size_t s = 0;
    for (size_t i = 0; i < n_use; i++) {
        const srow *w = &v[use[i]->first];
        cor_sim_post *post = &p->posts[i];
        post->border = w->border;
        post->terminal = w->transfer >= 0;
        post->transfer = w->transfer >= 0 ? (uint32_t)w->transfer : 0;
        post->from = w->from;
        post->to = w->to;
        post->mode = w->mode;
        post->arrivals_per_day = w->per_day;
        post->arrivals = w->arrivals;
        post->stages = &p->stages[s];
        post->n_stages = use[i]->n;
        post->scenario = plan_keep(p, w->scenario);
        post->source = plan_keep(p, w->source);
        if (!post->scenario || !post->source)
            goto nomem;
        for (size_t j = 0; j < use[i]->n; j++)
            p->stages[s++] = w[j].st;
    }
    p->n = n_use;
    free(use);
    *out = p;
    return COR_OK;
nomem:
    free(use);
    cor_sim_plan_free(p);
    return COR_ERR_NOMEM;
}

static cor_status plan_load(const cor_net *net, const char *path, const char *scenario,
                            cor_sim_plan **out, cor_diags *diags);

/* Problems the CSV reader finds (bad quoting, a wrong number of fields) go to diags only, so
 * the loaders count diags' errors before and after; without a caller's list they use their
 * own. */
cor_status cor_sim_plan_load(const cor_net *net, const char *path, const char *scenario,
                             cor_sim_plan **out, cor_diags *diags)
{
    *out = NULL;
    cor_diags *own = diags ? NULL : cor_diags_new();
    if (!diags && !own)
        return COR_ERR_NOMEM;
    cor_status st = plan_load(net, path, scenario, out, diags ? diags : own);
    cor_diags_free(own);
    return st;
}

static cor_status plan_load(const cor_net *net, const char *path, const char *scenario,
                            cor_sim_plan **out, cor_diags *diags)
{
    size_t errors_before = cor_diags_errors(diags);
    char def[4096];
    if (!path) {
        snprintf(def, sizeof def, "%s/border_stages.csv", cor_net_dir(net));
        path = def;
    }
    if (!scenario)
        scenario = "base";
    if (access(path, F_OK) != 0) {
        cor_diags_add(diags, COR_ERROR, path, 0, NULL, "no such file, so no border post is "
                      "simulated (the format is in docs/simulation.md)");
        return COR_ERR_NOTFOUND;
    }
    reader r;
    int usable = open_reader(&r, path, stage_cols, N_REQUIRED, diags);
    cor_status st = COR_ERR_INPUT;
    srow *v = NULL;
    size_t *row_of = NULL;
    group *g = NULL;
    if (!usable)
        goto done;
    size_t n = r.csv->n_rows, m = 0;
    v = calloc(n + 1, sizeof *v);
    row_of = calloc(n + 1, sizeof *row_of);
    g = calloc(n + 1, sizeof *g);
    if (!v || !row_of || !g) {
        r.nomem = 1;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (parse_row(&r, net, i, &v[m]))
            row_of[m++] = i;
    /* sort rows and their csv row numbers together */
    for (size_t i = 0; i < m; i++)
        v[i].line = (long)i; /* temporarily: the index, to carry row_of through qsort */
    qsort(v, m, sizeof *v, cmp_rows);
    size_t *tmp = calloc(m + 1, sizeof *tmp);
    if (!tmp) {
        r.nomem = 1;
        goto done;
    }
    for (size_t i = 0; i < m; i++)
        tmp[i] = row_of[v[i].line];
    memcpy(row_of, tmp, m * sizeof *row_of);
    free(tmp);
    for (size_t i = 0; i < m; i++)
        v[i].line = LINE(&r, row_of[i]);
    /* cmp_rows broke ties on the index, which follows the file: lines stay in file order */
    size_t n_groups = 0;
    int has_scenario = strcmp(scenario, "base") == 0;
    for (size_t i = 0; i < m; i++) {
        if (i == 0 || !same_post(&v[i], &v[i - 1]) ||
            strcmp(v[i].scenario, v[i - 1].scenario) != 0)
            g[n_groups++] = (group){i, 0, v[i].line};
        group *cur = &g[n_groups - 1];
        cur->n++;
        if (v[i].line < cur->line)
            cur->line = v[i].line;
        has_scenario |= strcmp(v[i].scenario, scenario) == 0;
    }
    for (size_t i = 0; i < n_groups; i++)
        check_group(&r, v, &g[i], row_of);
    if (!has_scenario && r.errors == 0) {
        cor_diags_add(diags, COR_ERROR, path, 0, "scenario", "expected rows of scenario \"%s\", "
                      "found none", scenario);
        r.errors++;
    }
    if (r.errors || r.nomem || cor_diags_errors(diags) > errors_before)
        goto done;
    /* keep the file's order for the posts */
    qsort(g, n_groups, sizeof *g, cmp_groups);
    st = build(v, g, n_groups, path, scenario, out);
done:
    if (r.nomem)
        st = COR_ERR_NOMEM;
    free(v);
    free(row_of);
    free(g);
    cor_csv_free(r.csv);
    return st;
}

size_t cor_sim_plan_count(const cor_sim_plan *p) { return p ? p->n : 0; }
const cor_sim_post *cor_sim_plan_post(const cor_sim_plan *p, size_t i) { return &p->posts[i]; }
const char *cor_sim_plan_scenario(const cor_sim_plan *p) { return p->scenario; }

void cor_sim_plan_scale_traffic(cor_sim_plan *p, double factor)
{
    for (size_t i = 0; i < p->n; i++)
        p->posts[i].arrivals_per_day *= factor;
}

void cor_sim_plan_select(cor_sim_plan *p, const uint32_t *nodes, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->n; i++) {
        int keep = 0;
        for (size_t j = 0; j < n; j++)
            keep |= p->posts[i].from == nodes[j] || p->posts[i].to == nodes[j];
        if (keep)
            p->posts[kept++] = p->posts[i]; /* stages stay in place: pointers remain valid */
    }
    p->n = kept;
}

/* ---- flow files ---- */

enum { W_FROM, W_TO, W_MODE, W_TPY, W_TPV, W_SOURCE };
static const char *const flow_cols[] = {"from_node", "to_node", "mode", "tonnes_per_year",
                                        "t_per_vehicle", "source", NULL};

static cor_status apply_flows(cor_sim_plan *plan, const cor_net *net, const char *path,
                              cor_diags *diags);

cor_status cor_sim_plan_apply_flows(cor_sim_plan *plan, const cor_net *net, const char *path,
                                    cor_diags *diags)
{
    cor_diags *own = diags ? NULL : cor_diags_new();
    if (!diags && !own)
        return COR_ERR_NOMEM;
    cor_status st = apply_flows(plan, net, path, diags ? diags : own);
    cor_diags_free(own);
    return st;
}

static cor_status apply_flows(cor_sim_plan *plan, const cor_net *net, const char *path,
                              cor_diags *diags)
{
    size_t errors_before = cor_diags_errors(diags);
    reader r;
    if (!open_reader(&r, path, flow_cols, 6, diags)) {
        cor_csv_free(r.csv);
        return r.nomem ? COR_ERR_NOMEM : (r.csv ? COR_ERR_INPUT : COR_ERR_IO);
    }
    /* the crossing columns sit at the same places as in border_stages.csv's reader */
    int idx[C_N];
    for (int c = 0; c < C_N; c++)
        idx[c] = -1;
    idx[C_FROM] = r.idx[W_FROM];
    idx[C_TO] = r.idx[W_TO];
    idx[C_MODE] = r.idx[W_MODE];
    double *rate = calloc(plan->n + 1, sizeof *rate);
    long *seen = calloc(plan->n + 1, sizeof *seen);
    if (!rate || !seen) {
        free(rate);
        free(seen);
        cor_csv_free(r.csv);
        return COR_ERR_NOMEM;
    }
    for (size_t i = 0; i < plan->n; i++)
        rate[i] = plan->posts[i].arrivals_per_day;
    for (size_t i = 0; i < r.csv->n_rows; i++) {
        reader x = r; /* the same file seen through border_stages.csv's column numbers */
        memcpy(x.idx, idx, sizeof idx);
        x.cols = stage_cols;
        x.errors = 0;
        x.nomem = 0;
        int32_t border, transfer;
        uint32_t from, to;
        cor_mode mode;
        int ok = crossing(&x, net, i, &border, &transfer, &from, &to, &mode);
        r.errors += x.errors;
        r.nomem |= x.nomem;
        double tpy, tpv;
        ok &= num(&r, i, W_TPY, 1, 0, 1e12, &tpy);
        ok &= num(&r, i, W_TPV, 0, 1e-6, 1e7, &tpv);
        if (cor_is_blank(F(&r, i, W_SOURCE))) {
            ERR(&r, i, W_SOURCE, "expected a value, found nothing");
            ok = 0;
        }
        if (!ok)
            continue;
        if (isnan(tpv))
            tpv = mode == COR_MODE_RAIL ? 1000 : 20;
        size_t k = 0;
        while (k < plan->n && !(plan->posts[k].from == from && plan->posts[k].to == to &&
                                plan->posts[k].mode == mode))
            k++;
        if (k == plan->n) {
            ERR(&r, i, W_FROM, "expected a crossing simulated in border_stages.csv, found %s -> "
                "%s by %s", F(&r, i, W_FROM), F(&r, i, W_TO), F(&r, i, W_MODE));
            continue;
        }
        if (seen[k]) {
            ERR(&r, i, W_FROM, "expected one row per crossing, found %s -> %s by %s again "
                "(first on line %ld)", F(&r, i, W_FROM), F(&r, i, W_TO), F(&r, i, W_MODE),
                seen[k]);
            continue;
        }
        seen[k] = LINE(&r, i);
        if (!(tpy > 0)) {
            ERR(&r, i, W_TPY, "expected a number > 0 (a crossing without traffic has nothing "
                "to simulate), found %s", F(&r, i, W_TPY));
            continue;
        }
        double per_day = tpy / 365 / tpv;
        if (!(per_day >= MIN_PER_DAY && per_day <= MAX_PER_DAY)) {
            ERR(&r, i, W_TPY, "expected %g to %g vehicles a day, as arrivals_per_day in "
                "border_stages.csv (tonnes_per_year / 365 / t_per_vehicle), found %g",
                MIN_PER_DAY, MAX_PER_DAY, per_day);
            continue;
        }
        rate[k] = per_day;
    }
    cor_status st = r.nomem                                     ? COR_ERR_NOMEM
                    : r.errors || cor_diags_errors(diags) > errors_before ? COR_ERR_INPUT
                                                                        : COR_OK;
    if (st == COR_OK)
        for (size_t i = 0; i < plan->n; i++)
            plan->posts[i].arrivals_per_day = rate[i];
    free(rate);
    free(seen);
    cor_csv_free(r.csv);
    return st;
}
