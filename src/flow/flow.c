/*
 * Capacity analysis of a layer: node sets, maximum flow by Dinic's blocking flows (Dinic 1970)
 * with the minimum cut read off the final residual graph (Ford-Fulkerson 1956), and N-1 / N-2
 * contingencies by recomputation.
 */
#include "flow/flow_int.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/route.h"
#include "util/strutil.h"

/* ---- layers ---- */

static const char *const layer_names[COR_LAYER_COUNT] = {"power", "fibre", "pipeline-tpy",
                                                         "pipeline-bcmy"};
static const char *const layer_units[COR_LAYER_COUNT] = {"MW", "Gbit/s", "t/y", "bcm/y"};

const char *cor_layer_name(cor_layer l) { return l < COR_LAYER_COUNT ? layer_names[l] : "?"; }
const char *cor_layer_unit(cor_layer l) { return l < COR_LAYER_COUNT ? layer_units[l] : "?"; }
const char *cor_flow_cost_unit(cor_layer l) { return l == COR_LAYER_FIBRE ? "ms" : "km"; }

int cor_layer_parse(const char *s)
{
    for (int i = 0; i < COR_LAYER_COUNT; i++)
        if (strcmp(s, layer_names[i]) == 0)
            return i;
    return -1;
}

bool cor_layer_has(cor_layer l, const cor_link *k)
{
    switch (l) {
    case COR_LAYER_POWER: return k->mode == COR_MODE_POWER;
    case COR_LAYER_FIBRE: return k->mode == COR_MODE_FIBRE;
    case COR_LAYER_PIPELINE_TPY:
        return k->mode == COR_MODE_PIPELINE &&
               !(isnan(k->capacity_tpy) && !isnan(k->capacity_bcmy));
    case COR_LAYER_PIPELINE_BCMY:
        return k->mode == COR_MODE_PIPELINE &&
               !(isnan(k->capacity_bcmy) && !isnan(k->capacity_tpy));
    default: return false;
    }
}

double cor_layer_capacity(cor_layer l, const cor_link *k)
{
    switch (l) {
    case COR_LAYER_POWER: return k->capacity_mw;
    case COR_LAYER_FIBRE: return k->capacity_gbps;
    case COR_LAYER_PIPELINE_TPY: return k->capacity_tpy;
    case COR_LAYER_PIPELINE_BCMY: return k->capacity_bcmy;
    default: return NAN;
    }
}

cor_status cor_layer_pipeline(const cor_net *net, unsigned statuses, cor_layer *out,
                              cor_err *err)
{
    size_t tpy = 0, bcmy = 0;
    for (uint32_t i = 0; i < cor_net_link_count(net); i++) {
        const cor_link *k = cor_net_link(net, i);
        if (k->mode != COR_MODE_PIPELINE || !(statuses & COR_STATUS_BIT(k->status)))
            continue;
        tpy += !isnan(k->capacity_tpy);
        bcmy += !isnan(k->capacity_bcmy);
    }
    if (tpy && bcmy)
        return cor_err_set(err, COR_ERR_INPUT,
                           "pipeline links carry capacities in t/y (%zu link%s, oil and products) "
                           "and in bcm/y (%zu link%s, gas), which do not add up: choose the layer "
                           "pipeline-tpy or pipeline-bcmy", tpy, tpy == 1 ? "" : "s", bcmy,
                           bcmy == 1 ? "" : "s");
    if (!tpy && !bcmy)
        return cor_err_set(err, COR_ERR_INPUT, "no pipeline link with capacity_tpy or "
                                               "capacity_bcmy among the links used");
    *out = tpy ? COR_LAYER_PIPELINE_TPY : COR_LAYER_PIPELINE_BCMY;
    return COR_OK;
}

void cor_flow_opts_default(cor_flow_opts *o)
{
    memset(o, 0, sizeof *o);
    o->layer = COR_LAYER_POWER;
    o->statuses = COR_STATUS_BIT(COR_STATUS_OPERATING);
    o->uncapacitated = COR_UNCAP_EXCLUDE;
    o->assume_capacity = 0;
}

static cor_status without_word(const char *w, void *ctx)
{
    cor_flow_opts *o = ((void **)ctx)[0];
    cor_err *err = ((void **)ctx)[1];
    if (o->n_without == COR_FLOW_MAX_WITHOUT || strlen(w) >= sizeof o->without[0])
        return cor_err_set(err, COR_ERR_INPUT, "expected at most %d tags of at most %zu "
                           "characters, found \"%.80s\"", COR_FLOW_MAX_WITHOUT,
                           sizeof o->without[0] - 1, w);
    snprintf(o->without[o->n_without++], sizeof o->without[0], "%s", w);
    return COR_OK;
}

static cor_status set_uncapacitated(cor_flow_opts *o, const char *s, cor_err *err)
{
    static const char *const names[] = {"exclude", "error", NULL};
    int i;
    if (cor_pick_word(s, names, "", &i, NULL) == COR_OK) {
        o->uncapacitated = i == 0 ? COR_UNCAP_EXCLUDE : COR_UNCAP_ERROR;
        return COR_OK;
    }
    if (cor_number_parse(s, 0, INFINITY, 0, &o->assume_capacity, NULL) != COR_OK)
        return cor_err_set(err, COR_ERR_INPUT, "expected exclude, error or a capacity >= 0, "
                           "found \"%.80s\"", s);
    o->uncapacitated = COR_UNCAP_ASSUME;
    return COR_OK;
}

cor_status cor_flow_opts_set(cor_flow_opts *o, const char *name, const char *value,
                             cor_err *err)
{
    cor_flow_opts copy = *o; /* a failed call leaves o as it was */
    cor_status st;
    if (strcmp(name, "status") == 0)
        st = cor_status_mask_parse(value, &copy.statuses, err);
    else if (strcmp(name, "without") == 0)
        st = cor_each_word(value, without_word, (void *[]){&copy, err}, err);
    else if (strcmp(name, "uncapacitated") == 0)
        st = set_uncapacitated(&copy, value, err);
    else
        st = cor_err_set(err, COR_ERR_NOTFOUND, "%s: not a flow option", name);
    if (st == COR_OK)
        *o = copy;
    return st;
}

/* ---- node sets ---- */

/* Applies one term to sel. Returns COR_OK or an error naming the term. */
static cor_status apply_term(const cor_net *net, cor_layer layer, const bool *touch,
                             const char *term, bool add, unsigned char *sel, cor_err *err)
{
    uint32_t n = (uint32_t)cor_net_node_count(net);
    const char *colon = strchr(term, ':');
    if (strcmp(term, "all") == 0) {
        for (uint32_t v = 0; v < n; v++)
            sel[v] = add;
        return COR_OK;
    }
    uint32_t node;
    cor_err e = {0};
    bool known_key = colon && ((colon - term == 7 && strncmp(term, "country", 7) == 0) ||
                               (colon - term == 6 && strncmp(term, "region", 6) == 0) ||
                               (colon - term == 4 && strncmp(term, "kind", 4) == 0));
    /* a node whose name has a ':' in it ("Port: Poti") is still a node */
    if (!colon || (!known_key && cor_net_find_node(net, term, &node, NULL) == COR_OK)) {
        if (cor_net_find_node(net, term, &node, &e) != COR_OK)
            return cor_err_set(err, COR_ERR_NOTFOUND, "%s", e.msg);
        if (add && !touch[node])
            return cor_err_set(err, COR_ERR_INPUT, "%s (%s) has no %s link", term,
                               cor_net_node(net, node)->id, cor_layer_name(layer));
        sel[node] = add;
        return COR_OK;
    }
    size_t klen = (size_t)(colon - term);
    const char *val = colon + 1;
    enum { T_COUNTRY, T_REGION, T_KIND } kind;
    if (klen == 7 && strncmp(term, "country", 7) == 0)
        kind = T_COUNTRY;
    else if (klen == 6 && strncmp(term, "region", 6) == 0)
        kind = T_REGION;
    else if (klen == 4 && strncmp(term, "kind", 4) == 0)
        kind = T_KIND;
    else
        return cor_err_set(err, COR_ERR_INPUT, "\"%s\": expected a node, all, country:CC, "
                                               "region:CODE or kind:KIND", term);
    if (!*val)
        return cor_err_set(err, COR_ERR_INPUT, "\"%s\": expected a value after ':'", term);
    unsigned kind_bit = 0;
    if (kind == T_KIND) {
        static const char *const kinds[COR_KIND_COUNT] = {
            "city",       "port",          "rail_station", "rail_junction",
            "border_post", "terminal",     "gauge_changer", "substation",
            "power_plant", "data_centre",  "landing_station", "pipeline_station"};
        for (int i = 0; i < COR_KIND_COUNT && !kind_bit; i++)
            if (strcmp(val, kinds[i]) == 0)
                kind_bit = 1u << i;
        if (!kind_bit)
            return cor_err_set(err, COR_ERR_INPUT, "\"%s\": expected a node kind such as "
                                                   "substation or data_centre, found \"%s\"",
                               term, val);
    }
    size_t matched = 0;
    for (uint32_t v = 0; v < n; v++) {
        const cor_node *nd = cor_net_node(net, v);
        bool m = kind == T_COUNTRY  ? cor_strcasecmp_ascii(nd->country, val) == 0
                 : kind == T_REGION ? cor_strcasecmp_ascii(nd->region, val) == 0
                                    : (nd->kinds & kind_bit) != 0;
        if (m) {
            sel[v] = add;
            matched++;
        }
    }
    if (!matched) /* a typo would otherwise silently select or remove nothing */
        return cor_err_set(err, COR_ERR_INPUT, "\"%s\": no node of the network matches",
                           term);
    return COR_OK;
}

cor_status cor_flow_set_parse(const cor_net *net, const char *spec, cor_layer layer,
                              uint32_t **out, size_t *count, cor_err *err)
{
    *out = NULL;
    *count = 0;
    uint32_t n = (uint32_t)cor_net_node_count(net);
    unsigned char *sel = calloc(n ? n : 1, 1);
    bool *touch = calloc(n ? n : 1, sizeof *touch);
    char *buf = cor_strdup(spec);
    cor_status st = COR_OK;
    if (!sel || !touch || !buf) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (uint32_t i = 0; i < cor_net_link_count(net); i++) {
        const cor_link *k = cor_net_link(net, i);
        if (cor_layer_has(layer, k))
            touch[k->from] = touch[k->to] = true;
    }
    size_t terms = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*w))
            w++;
        size_t len = strlen(w);
        while (len && isspace((unsigned char)w[len - 1]))
            w[--len] = '\0';
        bool add = *w != '-';
        if (!add)
            w++;
        if (!*w) {
            st = cor_err_set(err, COR_ERR_INPUT, "\"%s\": expected a term after '-'", spec);
            goto done;
        }
        if ((st = apply_term(net, layer, touch, w, add, sel, err)) != COR_OK)
            goto done;
        terms++;
    }
    if (!terms) {
        st = cor_err_set(err, COR_ERR_INPUT, "expected a node or a set such as country:AZ, "
                                             "found \"%s\"", spec);
        goto done;
    }
    size_t m = 0, picked = 0;
    for (uint32_t v = 0; v < n; v++) {
        picked += sel[v] != 0;
        m += sel[v] && touch[v];
    }
    if (!m) {
        st = cor_err_set(err, COR_ERR_INPUT, "\"%s\" selects %zu node%s, none with a %s link",
                         spec, picked, picked == 1 ? "" : "s", cor_layer_name(layer));
        goto done;
    }
    if (!(*out = malloc(m * sizeof **out))) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (uint32_t v = 0; v < n; v++)
        if (sel[v] && touch[v])
            (*out)[(*count)++] = v;
done:
    free(sel);
    free(touch);
    free(buf);
    return st;
}

/* ---- the query object ---- */

/* Whether the ';'-separated tag list has `tag`. */
static bool has_tag(const char *list, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, tag, n) == 0)
            return true;
        p += len + (e != NULL);
    }
    return false;
}

static bool left_out(const cor_flow_opts *o, const cor_link *k)
{
    for (size_t i = 0; i < o->n_without; i++)
        if (has_tag(k->corridors, o->without[i]))
            return true;
    return false;
}

cor_status cor_flow_new(const cor_net *net, const cor_flow_opts *o, cor_flow **out,
                        cor_err *err)
{
    *out = NULL;
    if (o->layer >= COR_LAYER_COUNT)
        return cor_err_set(err, COR_ERR_INPUT, "layer: expected power, fibre, pipeline-tpy or "
                                               "pipeline-bcmy");
    if (!(o->statuses & ((1u << COR_STATUS_COUNT) - 1)))
        return cor_err_set(err, COR_ERR_INPUT, "status: expected at least one link status");
    if (o->uncapacitated == COR_UNCAP_ASSUME &&
        !(isfinite(o->assume_capacity) && o->assume_capacity >= 0))
        return cor_err_set(err, COR_ERR_INPUT, "assumed capacity: expected a number >= 0, "
                                               "found %g", o->assume_capacity);
    if (o->n_without > COR_FLOW_MAX_WITHOUT)
        return cor_err_set(err, COR_ERR_INPUT, "without: at most %d corridor tags",
                           COR_FLOW_MAX_WITHOUT);
    for (size_t i = 0; i < o->n_without; i++) {
        bool found = false;
        for (uint32_t l = 0; l < cor_net_link_count(net) && !found; l++)
            found = has_tag(cor_net_link(net, l)->corridors, o->without[i]);
        if (!found)
            return cor_err_set(err, COR_ERR_INPUT, "without: no link of the network belongs to "
                                                   "corridor \"%s\"", o->without[i]);
    }
    cor_flow *fl = calloc(1, sizeof *fl);
    if (!fl)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    fl->net = net;
    fl->o = *o;
    fl->n = (uint32_t)cor_net_node_count(net);
    size_t m = cor_net_link_count(net);
    fl->links = malloc((m ? m : 1) * sizeof *fl->links);
    fl->cap = malloc((m ? m : 1) * sizeof *fl->cap);
    fl->failed = calloc(m ? m : 1, 1);
    size_t nv = fl->n + 2;
    fl->first = malloc(nv * sizeof *fl->first);
    fl->cur = malloc(nv * sizeof *fl->cur);
    fl->queue = malloc(nv * sizeof *fl->queue);
    fl->level = malloc(nv * sizeof *fl->level);
    fl->stack = malloc(nv * sizeof *fl->stack);
    if (!fl->links || !fl->cap || !fl->failed || !fl->first || !fl->cur || !fl->queue ||
        !fl->level || !fl->stack) {
        cor_flow_free(fl);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    double total = 0, maxcap = 0;
    for (uint32_t i = 0; i < m; i++) {
        const cor_link *k = cor_net_link(net, i);
        if (!cor_layer_has(o->layer, k) || !(o->statuses & COR_STATUS_BIT(k->status)) ||
            left_out(o, k))
            continue;
        double c = cor_layer_capacity(o->layer, k);
        if (isnan(c)) {
            fl->n_uncapped++;
            if (o->uncapacitated == COR_UNCAP_ASSUME)
                c = o->assume_capacity;
        }
        if (!isnan(c)) {
            fl->n_capped++;
            total += c;
            maxcap = fmax(maxcap, c);
        }
        fl->cap[fl->n_links] = c;
        fl->links[fl->n_links++] = i;
    }
    /* flows are sums and differences of capacities: an absolute tolerance scaled to the
     * largest capacity absorbs their rounding */
    fl->eps = 1e-9 * fmax(1.0, maxcap);
    fl->inf = 2 * total + 1;
    *out = fl;
    return COR_OK;
}

void cor_flow_free(cor_flow *fl)
{
    if (!fl)
        return;
    free(fl->links);
    free(fl->cap);
    free(fl->failed);
    free(fl->first);
    free(fl->cur);
    free(fl->queue);
    free(fl->level);
    free(fl->stack);
    free(fl->head);
    free(fl->next);
    free(fl->lk);
    free(fl->res);
    free(fl->cap0);
    free(fl);
}

const cor_flow_opts *cor_flow_options(const cor_flow *fl) { return &fl->o; }

static int add_arc_pair(cor_flow *fl, uint32_t u, uint32_t v, double c_uv, double c_vu,
                        uint32_t lk)
{
    if (fl->n_arcs + 2 > fl->cap_arcs) {
        size_t cap = fl->cap_arcs ? 2 * fl->cap_arcs : 64;
        uint32_t *h = realloc(fl->head, cap * sizeof *h);
        if (h)
            fl->head = h;
        uint32_t *nx = realloc(fl->next, cap * sizeof *nx);
        if (nx)
            fl->next = nx;
        uint32_t *l = realloc(fl->lk, cap * sizeof *l);
        if (l)
            fl->lk = l;
        double *r = realloc(fl->res, cap * sizeof *r);
        if (r)
            fl->res = r;
        double *c = realloc(fl->cap0, cap * sizeof *c);
        if (c)
            fl->cap0 = c;
        if (!h || !nx || !l || !r || !c)
            return 0;
        fl->cap_arcs = cap;
    }
    size_t a = fl->n_arcs;
    fl->head[a] = v;
    fl->cap0[a] = c_uv;
    fl->lk[a] = lk;
    fl->next[a] = fl->first[u];
    fl->first[u] = (uint32_t)a;
    fl->head[a + 1] = u;
    fl->cap0[a + 1] = c_vu;
    fl->lk[a + 1] = lk;
    fl->next[a + 1] = fl->first[v];
    fl->first[v] = (uint32_t)(a + 1);
    fl->n_arcs += 2;
    return 1;
}

/* The residual graph of the layer's capacitated links plus super source n and sink n + 1.
 * A both-way link is one pair of arcs with capacity c each way (flow u->v = c - res(u->v)). */
static cor_status build(cor_flow *fl, const uint32_t *src, size_t ns, const uint32_t *snk,
                        size_t nt, cor_err *err)
{
    fl->n_arcs = 0;
    for (uint32_t v = 0; v < fl->n + 2; v++)
        fl->first[v] = FLOW_NONE;
    int ok = 1;
    for (size_t i = 0; i < fl->n_links && ok; i++) {
        if (isnan(fl->cap[i]))
            continue;
        const cor_link *k = cor_net_link(fl->net, fl->links[i]);
        ok = add_arc_pair(fl, k->from, k->to, fl->cap[i], k->both_ways ? fl->cap[i] : 0,
                          (uint32_t)i);
    }
    for (size_t i = 0; i < ns && ok; i++)
        ok = add_arc_pair(fl, fl->n, src[i], fl->inf, 0, FLOW_NONE);
    for (size_t i = 0; i < nt && ok; i++)
        ok = add_arc_pair(fl, snk[i], fl->n + 1, fl->inf, 0, FLOW_NONE);
    return ok ? COR_OK : cor_err_set(err, COR_ERR_NOMEM, "out of memory");
}

/* Residual capacities back to the original ones, with the failed links' arcs emptied. */
static void reset(cor_flow *fl)
{
    for (size_t a = 0; a < fl->n_arcs; a++)
        fl->res[a] = fl->lk[a] != FLOW_NONE && fl->failed[fl->lk[a]] ? 0 : fl->cap0[a];
}

/* BFS levels from s over arcs with residual capacity; true if t is reached. */
static bool bfs_levels(cor_flow *fl, uint32_t s, uint32_t t)
{
    for (uint32_t v = 0; v < fl->n + 2; v++)
        fl->level[v] = -1;
    size_t qh = 0, qt = 0;
    fl->level[s] = 0;
    fl->queue[qt++] = s;
    while (qh < qt) {
        uint32_t v = fl->queue[qh++];
        for (uint32_t a = fl->first[v]; a != FLOW_NONE; a = fl->next[a]) {
            uint32_t w = fl->head[a];
            if (fl->level[w] < 0 && fl->res[a] > fl->eps) {
                fl->level[w] = fl->level[v] + 1;
                fl->queue[qt++] = w;
            }
        }
    }
    return fl->level[t] >= 0;
}

/* One blocking flow in the level graph (Dinic's phase), iteratively so that long paths cannot
 * exhaust the C stack: advance along admissible arcs (level + 1, residual > eps) from cur[],
 * augment by the bottleneck on reaching t and back up to the first saturated arc, retreat from
 * dead ends (pruning them from the level graph). */
static double blocking_flow(cor_flow *fl, uint32_t s, uint32_t t)
{
    double total = 0;
    size_t top = 0;
    uint32_t v = s;
    for (;;) {
        if (v == t) {
            double d = INFINITY;
            for (size_t i = 0; i < top; i++)
                d = fmin(d, fl->res[fl->stack[i]]);
            for (size_t i = 0; i < top; i++) {
                fl->res[fl->stack[i]] -= d;
                fl->res[fl->stack[i] ^ 1] += d;
            }
            total += d;
            size_t k = 0;
            while (k < top && fl->res[fl->stack[k]] > fl->eps)
                k++;
            top = k;
            v = top ? fl->head[fl->stack[top - 1]] : s;
            continue;
        }
        uint32_t a = fl->cur[v];
        while (a != FLOW_NONE &&
               !(fl->level[fl->head[a]] == fl->level[v] + 1 && fl->res[a] > fl->eps))
            a = fl->next[a];
        fl->cur[v] = a;
        if (a != FLOW_NONE) {
            fl->stack[top++] = a;
            v = fl->head[a];
            continue;
        }
        if (v == s)
            break;
        fl->level[v] = -1; /* dead end */
        a = fl->stack[--top];
        v = fl->head[a ^ 1];
        fl->cur[v] = fl->next[a];
    }
    return total;
}

/* Dinic 1970: repeat { BFS level graph; blocking flow } until t is unreachable. O(V^2 E). */
static double dinic(cor_flow *fl)
{
    uint32_t s = fl->n, t = fl->n + 1;
    double flow = 0;
    reset(fl);
    while (bfs_levels(fl, s, t)) {
        memcpy(fl->cur, fl->first, (fl->n + 2) * sizeof *fl->cur);
        flow += blocking_flow(fl, s, t);
    }
    return flow;
}

/* Flow on layer-link entry i (the arc pair's first arc is from -> to): positive from -> to. */
static double link_flow_of_arc(const cor_flow *fl, size_t a)
{
    return fl->cap0[a] - fl->res[a];
}

/* Sinks not reachable from any source over arcs with capacity > 0 (failed links out). */
static size_t unreached(cor_flow *fl, const uint32_t *snk, size_t nt, uint32_t *list)
{
    for (uint32_t v = 0; v < fl->n + 2; v++)
        fl->level[v] = -1;
    size_t qh = 0, qt = 0;
    fl->level[fl->n] = 0;
    fl->queue[qt++] = fl->n;
    while (qh < qt) {
        uint32_t v = fl->queue[qh++];
        for (uint32_t a = fl->first[v]; a != FLOW_NONE; a = fl->next[a]) {
            uint32_t w = fl->head[a];
            bool dead = fl->lk[a] != FLOW_NONE && fl->failed[fl->lk[a]];
            if (fl->level[w] < 0 && fl->cap0[a] > fl->eps && !dead) {
                fl->level[w] = 0;
                fl->queue[qt++] = w;
            }
        }
    }
    size_t c = 0;
    for (size_t i = 0; i < nt; i++)
        if (fl->level[snk[i]] < 0) {
            if (list)
                list[c] = snk[i];
            c++;
        }
    return c;
}

static cor_status check_query(cor_flow *fl, const uint32_t *src, size_t ns, const uint32_t *snk,
                              size_t nt, bool need_capacity, cor_err *err)
{
    if (!ns || !nt)
        return cor_err_set(err, COR_ERR_INPUT, "expected at least one source and one sink");
    for (size_t i = 0; i < ns; i++) {
        if (src[i] >= fl->n)
            return cor_err_set(err, COR_ERR_INPUT, "source %u: no such node", src[i]);
        for (size_t j = 0; j < nt; j++)
            if (src[i] == snk[j])
                return cor_err_set(err, COR_ERR_INPUT, "%s (%s) is both a source and a sink",
                                   cor_net_node(fl->net, src[i])->name,
                                   cor_net_node(fl->net, src[i])->id);
    }
    for (size_t j = 0; j < nt; j++)
        if (snk[j] >= fl->n)
            return cor_err_set(err, COR_ERR_INPUT, "sink %u: no such node", snk[j]);
    if (!need_capacity)
        return COR_OK;
    const char *layer = cor_layer_name(fl->o.layer);
    if (fl->o.uncapacitated == COR_UNCAP_ERROR && fl->n_uncapped) {
        char list[512] = "";
        size_t len = 0, shown = 0;
        for (size_t i = 0; i < fl->n_links && shown < 8; i++) {
            const cor_link *k = cor_net_link(fl->net, fl->links[i]);
            if (!isnan(cor_layer_capacity(fl->o.layer, k)))
                continue;
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s (links.csv:%ld)",
                                    shown ? ", " : "", k->id, k->line);
            if (len >= sizeof list)
                break;
            shown++;
        }
        return cor_err_set(err, COR_ERR_INPUT, "%zu %s link%s without capacity: %s%s", fl->n_uncapped,
                           layer, fl->n_uncapped == 1 ? "" : "s", list,
                           fl->n_uncapped > shown ? ", ..." : "");
    }
    if (!fl->n_capped)
        return cor_err_set(err, COR_ERR_INPUT,
                           "the %s layer has no link with a capacity (%s) among the statuses "
                           "used (%zu %s link%s without one)",
                           layer, cor_layer_unit(fl->o.layer), fl->n_uncapped, layer,
                           fl->n_uncapped == 1 ? "" : "s");
    return COR_OK;
}

static int cmp_arc_flow(const void *a, const void *b)
{
    const cor_flow_arc *x = a, *y = b;
    if (x->flow != y->flow)
        return x->flow > y->flow ? -1 : 1;
    return x->link < y->link ? -1 : x->link > y->link;
}

void cor_flow_result_free(cor_flow_result *r)
{
    if (!r)
        return;
    free(r->cut);
    free(r->flows);
    free(r->uncapacitated);
    free(r->unreached);
    free(r);
}

cor_status cor_flow_max(cor_flow *fl, const uint32_t *src, size_t ns, const uint32_t *snk,
                        size_t nt, cor_flow_result **out, cor_err *err)
{
    *out = NULL;
    cor_status st = check_query(fl, src, ns, snk, nt, true, err);
    if (st != COR_OK)
        return st;
    memset(fl->failed, 0, fl->n_links ? fl->n_links : 1);
    if ((st = build(fl, src, ns, snk, nt, err)) != COR_OK)
        return st;
    cor_flow_result *r = calloc(1, sizeof *r);
    if (!r)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    r->n_sources = ns;
    r->n_sinks = nt;
    r->max_flow = dinic(fl);
    if (r->max_flow <= fl->eps)
        r->max_flow = 0;

    /* the source side of the minimum cut: what the sources still reach in the residual graph */
    bfs_levels(fl, fl->n, fl->n + 1);
    bool *side = malloc((fl->n + 2) * sizeof *side);
    r->cut = malloc((fl->n_links ? fl->n_links : 1) * 2 * sizeof *r->cut);
    r->flows = malloc((fl->n_links ? fl->n_links : 1) * sizeof *r->flows);
    r->uncapacitated = malloc((fl->n_links ? fl->n_links : 1) * sizeof *r->uncapacitated);
    r->unreached = malloc(nt * sizeof *r->unreached);
    if (!side || !r->cut || !r->flows || !r->uncapacitated || !r->unreached) {
        free(side);
        cor_flow_result_free(r);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (uint32_t v = 0; v < fl->n + 2; v++)
        side[v] = fl->level[v] >= 0;
    for (size_t a = 0; a < fl->n_arcs; a += 2) {
        uint32_t i = fl->lk[a];
        if (i == FLOW_NONE)
            continue;
        const cor_link *k = cor_net_link(fl->net, fl->links[i]);
        double f = link_flow_of_arc(fl, a);
        if (fabs(f) > fl->eps)
            r->flows[r->n_flows++] = (cor_flow_arc){fl->links[i], f > 0 ? k->from : k->to,
                                                   f > 0 ? k->to : k->from, fl->cap[i], fabs(f)};
        if (side[k->from] && !side[k->to])
            r->cut[r->n_cut++] = (cor_flow_arc){fl->links[i], k->from, k->to, fl->cap[i],
                                                fmax(0, f)};
        if (k->both_ways && side[k->to] && !side[k->from])
            r->cut[r->n_cut++] = (cor_flow_arc){fl->links[i], k->to, k->from, fl->cap[i],
                                                fmax(0, -f)};
    }
    /* the nodes that still reach the sinks in the residual graph (BFS backwards from the super
     * sink): a new arc u -> v of any capacity > 0 opens an augmenting path exactly when the
     * sources reach u and v reaches the sinks */
    bool *to_sink = calloc(fl->n + 2, sizeof *to_sink);
    if (!to_sink) {
        free(side);
        cor_flow_result_free(r);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    size_t qh = 0, qt = 0;
    to_sink[fl->n + 1] = true;
    fl->queue[qt++] = fl->n + 1;
    while (qh < qt) {
        uint32_t y = fl->queue[qh++];
        for (uint32_t a = fl->first[y]; a != FLOW_NONE; a = fl->next[a]) {
            uint32_t x = fl->head[a]; /* arc a ^ 1 is x -> y */
            if (!to_sink[x] && fl->res[a ^ 1] > fl->eps) {
                to_sink[x] = true;
                fl->queue[qt++] = x;
            }
        }
    }
    for (size_t i = 0; i < fl->n_links; i++) {
        if (!isnan(fl->cap[i]))
            continue;
        const cor_link *k = cor_net_link(fl->net, fl->links[i]);
        bool adds = (side[k->from] && to_sink[k->to]) ||
                    (k->both_ways && side[k->to] && to_sink[k->from]);
        r->uncapacitated[r->n_uncapacitated++] = (cor_flow_uncap){fl->links[i], adds};
    }
    free(side);
    free(to_sink);
    qsort(r->flows, r->n_flows, sizeof *r->flows, cmp_arc_flow);
    r->n_unreached = unreached(fl, snk, nt, r->unreached);
    *out = r;
    return COR_OK;
}

/* ---- contingencies ---- */

void cor_resilience_free(cor_resilience *r)
{
    if (!r)
        return;
    free(r->items);
    free(r);
}

static int cmp_contingency(const void *a, const void *b)
{
    const cor_contingency *x = a, *y = b;
    if (x->remaining != y->remaining)
        return x->remaining < y->remaining ? -1 : 1;
    if (x->n_failed != y->n_failed)
        return x->n_failed < y->n_failed ? -1 : 1;
    for (size_t i = 0; i < x->n_failed; i++)
        if (x->failed[i] != y->failed[i])
            return x->failed[i] < y->failed[i] ? -1 : 1;
    return 0;
}

/* Which capacitated entries carry flow in the current residual graph, into used[]. */
static void flow_use(const cor_flow *fl, const size_t *arc_of, const uint32_t *capped,
                     size_t nc, unsigned char *used)
{
    for (size_t j = 0; j < nc; j++)
        used[j] = fabs(link_flow_of_arc(fl, arc_of[capped[j]])) > fl->eps;
}

cor_status cor_flow_resilience(cor_flow *fl, const uint32_t *src, size_t ns,
                               const uint32_t *snk, size_t nt, int k, cor_resilience **out,
                               cor_err *err)
{
    *out = NULL;
    if (k < 1 || k > 2)
        return cor_err_set(err, COR_ERR_INPUT, "k: expected 1 or 2, found %d", k);
    cor_status st = check_query(fl, src, ns, snk, nt, true, err);
    if (st != COR_OK)
        return st;
    size_t nc = fl->n_capped;
    size_t total = nc + (k == 2 ? nc * (nc - 1) / 2 : 0);
    if (total > 5000000)
        return cor_err_set(err, COR_ERR_INPUT, "%zu contingencies: expected at most 5,000,000 "
                                               "(use k = 1 or fewer links)", total);
    memset(fl->failed, 0, fl->n_links ? fl->n_links : 1);
    if ((st = build(fl, src, ns, snk, nt, err)) != COR_OK)
        return st;
    cor_resilience *r = calloc(1, sizeof *r);
    uint32_t *capped = malloc((nc ? nc : 1) * sizeof *capped);
    size_t *arc_of = malloc((fl->n_links ? fl->n_links : 1) * sizeof *arc_of);
    double *single = malloc((nc ? nc : 1) * sizeof *single);
    unsigned char *used_base = malloc(nc ? nc : 1);
    unsigned char *used = k == 2 ? malloc(nc ? nc * nc : 1) : NULL;
    if (r)
        r->items = malloc((total ? total : 1) * sizeof *r->items);
    if (!r || !r->items || !capped || !arc_of || !single || !used_base || (k == 2 && !used)) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto fail;
    }
    r->k = k;
    size_t c = 0;
    for (size_t a = 0; a < fl->n_arcs; a += 2)
        if (fl->lk[a] != FLOW_NONE) {
            arc_of[fl->lk[a]] = a;
            capped[c++] = fl->lk[a];
        }
    assert(c == nc);
    r->base = dinic(fl);
    flow_use(fl, arc_of, capped, nc, used_base);

    for (size_t i = 0; i < nc; i++) {
        cor_contingency *it = &r->items[r->n++];
        it->failed[0] = fl->links[capped[i]];
        it->n_failed = 1;
        it->joint = false;
        fl->failed[capped[i]] = 1;
        if (!used_base[i]) {
            /* the base flow does not use it: failing it changes nothing */
            single[i] = r->base;
            if (used)
                memcpy(used + i * nc, used_base, nc);
        } else {
            single[i] = dinic(fl);
            if (used)
                flow_use(fl, arc_of, capped, nc, used + i * nc);
        }
        it->remaining = single[i];
        it->n_unreached = unreached(fl, snk, nt, NULL);
        fl->failed[capped[i]] = 0;
    }
    for (size_t i = 0; k == 2 && i < nc; i++) {
        for (size_t j = i + 1; j < nc; j++) {
            cor_contingency *it = &r->items[r->n++];
            it->failed[0] = fl->links[capped[i]];
            it->failed[1] = fl->links[capped[j]];
            it->n_failed = 2;
            fl->failed[capped[i]] = fl->failed[capped[j]] = 1;
            /* a maximum flow of G - i that leaves j unused is feasible, hence maximum, in
             * G - i - j (and symmetrically) */
            if (!used[i * nc + j])
                it->remaining = single[i];
            else if (!used[j * nc + i])
                it->remaining = single[j];
            else
                it->remaining = dinic(fl);
            it->joint = it->remaining < fmin(single[i], single[j]) - fl->eps;
            it->n_unreached = unreached(fl, snk, nt, NULL);
            fl->failed[capped[i]] = fl->failed[capped[j]] = 0;
        }
    }
    for (size_t i = 0; i < r->n; i++) {
        if (r->items[i].remaining <= fl->eps)
            r->items[i].remaining = 0;
        r->items[i].cut_off = r->items[i].remaining == 0;
    }
    if (r->base <= fl->eps)
        r->base = 0;
    qsort(r->items, r->n, sizeof *r->items, cmp_contingency);
    free(capped);
    free(arc_of);
    free(single);
    free(used_base);
    free(used);
    *out = r;
    return COR_OK;
fail:
    cor_resilience_free(r);
    free(capped);
    free(arc_of);
    free(single);
    free(used_base);
    free(used);
    return st;
}
