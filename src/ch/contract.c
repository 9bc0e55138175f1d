/* Contraction hierarchies, preprocessing: nodes are contracted one by one in the order of a
 * priority (level, shortcuts added per arc removed, original arcs under them; lazy updates),
 * adding a shortcut u -> w for each path u -> v -> w that a bounded witness search cannot match
 * (Geisberger, Sanders, Schultes, Delling: "Contraction Hierarchies", WEA 2008). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ch/graph_int.h"
#include "util/grow.h"
#include "util/heap.h"

typedef struct dedge {
    uint32_t node, w, rec;
} dedge;

typedef struct dlist {
    dedge *e;
    uint32_t n, cap;
} dlist;

typedef struct ctx {
    uint64_t n, m;
    dlist *out, *in;
    uint8_t *done;
    uint32_t *level;
    /* witness search */
    uint64_t *wdist;
    uint32_t *wstamp, stamp;
    uint32_t *wtarget;          /* stamp when the node is a target of the current search */
    uint32_t targets_left;
    cor_heap wh;                /* (dist, node) */
    /* results */
    uint32_t *sc_a, *sc_b, *sc_hops;
    uint64_t n_sc, cap_sc;
    uint64_t hops_added;        /* by the last contract(): original arcs under its shortcuts */
    uint32_t *f_tail, *f_head, *f_w, *f_rec;
    uint64_t n_f, cap_f;
    uint32_t *b_tail, *b_head, *b_w, *b_rec;
    uint64_t n_b, cap_b;
    const cor_ch_opts *o;
    int nomem;
} ctx;

void cor_ch_opts_default(cor_ch_opts *o)
{
    /* measured on synthetic grids (bench/graphbench): larger limits cost up to 4x the time
     * for under 1% fewer shortcuts and no faster queries */
    o->witness_settle_limit = 100;
    o->simulate_settle_limit = 20;
    o->metrics = (1u << COR_METRIC_COUNT) - 1;
}

cor_status cor_ch_metrics_parse(const char *text, unsigned *metrics, cor_err *err)
{
    static const struct {
        const char *text;
        unsigned metrics;
    } forms[] = {
        {"time", 1u << COR_METRIC_TIME},
        {"distance", 1u << COR_METRIC_DISTANCE},
        {"time,distance", (1u << COR_METRIC_TIME) | (1u << COR_METRIC_DISTANCE)},
        {"distance,time", (1u << COR_METRIC_TIME) | (1u << COR_METRIC_DISTANCE)},
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (strcmp(text, forms[i].text) == 0)
            return *metrics = forms[i].metrics, COR_OK;
    return cor_err_set(err, COR_ERR_INPUT, "expected time, distance or time,distance, found "
                                           "\"%s\"", text);
}

static int grow_u32(uint32_t **p, uint64_t need, uint64_t *cap, int last)
{
    if (need <= *cap)
        return 1;
    uint64_t c = *cap ? *cap * 2 : 1024;
    while (c < need)
        c *= 2;
    uint32_t *q = realloc(*p, (size_t)c * sizeof *q);
    if (!q)
        return 0;
    *p = q;
    if (last)
        *cap = c;
    return 1;
}

static int dl_push(dlist *l, dedge e)
{
    if (l->n == l->cap) {
        uint32_t c = l->cap ? l->cap * 2 : 4;
        dedge *q = realloc(l->e, c * sizeof *q);
        if (!q)
            return 0;
        l->e = q;
        l->cap = c;
    }
    l->e[l->n++] = e;
    return 1;
}

static void dl_remove(dlist *l, uint32_t node)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->e[i].node == node) {
            l->e[i] = l->e[--l->n];
            return;
        }
}

/* ---- witness search ---- */

static uint64_t wget(const ctx *c, uint32_t v)
{
    return c->wstamp[v] == c->stamp ? c->wdist[v] : UINT64_MAX;
}

/* Dijkstra from s over uncontracted nodes other than `skip`, until every target (the out-
 * neighbours of skip, marked by the caller) is settled, `limit` nodes are settled or the
 * smallest key exceeds `bound`. Afterwards wget() gives upper bounds of distances. */
static void witness(ctx *c, uint32_t s, uint32_t skip, uint64_t bound, unsigned limit)
{
    cor_heap_clear(&c->wh);
    c->wstamp[s] = c->stamp;
    c->wdist[s] = 0;
    if (cor_heap_push(&c->wh, s, 0) != 0) {
        c->nomem = 1;
        return;
    }
    unsigned settled = 0;
    while (!cor_heap_empty(&c->wh) && settled < limit) {
        cor_heap_entry e = cor_heap_pop(&c->wh);
        if (e.key > bound)
            break;
        settled++;
        if (c->wtarget[e.item] == c->stamp) {
            c->wtarget[e.item] = 0;
            if (--c->targets_left == 0)
                break;
        }
        const dlist *l = &c->out[e.item];
        for (uint32_t i = 0; i < l->n; i++) {
            uint32_t x = l->e[i].node;
            if (x == skip)
                continue;
            uint64_t d = e.key + l->e[i].w;
            if (d < wget(c, x)) {
                c->wstamp[x] = c->stamp;
                c->wdist[x] = d;
                if (cor_heap_set(&c->wh, x, d) != 0) {
                    c->nomem = 1;
                    return;
                }
            }
        }
    }
}

/* ---- contraction of one node ---- */

static int add_shortcut(ctx *c, uint32_t u, uint32_t x, uint32_t w, uint32_t rec)
{
    dlist *l = &c->out[u];
    for (uint32_t i = 0; i < l->n; i++) {
        if (l->e[i].node != x)
            continue;
        if (w < l->e[i].w) {
            l->e[i].w = w;
            l->e[i].rec = rec;
            dlist *li = &c->in[x];
            for (uint32_t j = 0; j < li->n; j++)
                if (li->e[j].node == u) {
                    li->e[j].w = w;
                    li->e[j].rec = rec;
                }
        }
        return 1;
    }
    return dl_push(&c->out[u], (dedge){x, w, rec}) && dl_push(&c->in[x], (dedge){u, w, rec});
}

/* The number of original arcs under record rec. */
static uint32_t hops(const ctx *c, uint32_t rec)
{
    return rec < c->m ? 1 : c->sc_hops[rec - c->m];
}

/* The number of original arcs under a shortcut of halves a and b, saturated (zero-weight cycles
 * could make it grow past n). */
static uint32_t hops2(const ctx *c, uint32_t a, uint32_t b)
{
    uint64_t h = (uint64_t)hops(c, a) + hops(c, b);
    return h < UINT32_MAX ? (uint32_t)h : UINT32_MAX;
}

/* Simulates (apply == 0) or performs the contraction of v; returns the shortcuts needed. */
static int64_t contract(ctx *c, uint32_t v, int apply)
{
    int64_t added = 0;
    c->hops_added = 0;
    unsigned limit = apply ? c->o->witness_settle_limit : c->o->simulate_settle_limit;
    dlist *in = &c->in[v], *out = &c->out[v];
    uint32_t max_out = 0;
    for (uint32_t j = 0; j < out->n; j++)
        if (out->e[j].w > max_out)
            max_out = out->e[j].w;
    for (uint32_t i = 0; i < in->n; i++) {
        dedge ue = in->e[i];
        if (!out->n || (out->n == 1 && out->e[0].node == ue.node))
            continue;
        if (++c->stamp == 0) {
            memset(c->wstamp, 0, (size_t)c->n * sizeof *c->wstamp);
            memset(c->wtarget, 0, (size_t)c->n * sizeof *c->wtarget);
            c->stamp = 1;
        }
        c->targets_left = 0;
        for (uint32_t j = 0; j < out->n; j++)
            if (out->e[j].node != ue.node && c->wtarget[out->e[j].node] != c->stamp) {
                c->wtarget[out->e[j].node] = c->stamp;
                c->targets_left++;
            }
        witness(c, ue.node, v, (uint64_t)ue.w + max_out, limit);
        for (uint32_t j = 0; j < out->n; j++) {
            dedge xe = out->e[j];
            if (xe.node == ue.node)
                continue;
            uint64_t need = (uint64_t)ue.w + xe.w;
            if (wget(c, xe.node) <= need)
                continue;
            added++;
            c->hops_added += hops2(c, ue.rec, xe.rec);
            if (!apply)
                continue;
            if (need > COR_CH_WEIGHT_CAP)
                need = COR_CH_WEIGHT_CAP; /* the query checks its answers against the cap */
            if (c->m + c->n_sc >= UINT32_MAX - 1 ||
                !grow_u32(&c->sc_a, c->n_sc + 1, &c->cap_sc, 0) ||
                !grow_u32(&c->sc_b, c->n_sc + 1, &c->cap_sc, 0) ||
                !grow_u32(&c->sc_hops, c->n_sc + 1, &c->cap_sc, 1)) {
                c->nomem = 1;
                return added;
            }
            c->sc_a[c->n_sc] = ue.rec;
            c->sc_b[c->n_sc] = xe.rec;
            c->sc_hops[c->n_sc] = hops2(c, ue.rec, xe.rec);
            uint32_t rec = (uint32_t)(c->m + c->n_sc++);
            if (!add_shortcut(c, ue.node, xe.node, (uint32_t)need, rec)) {
                c->nomem = 1;
                return added;
            }
        }
    }
    return added;
}

/* Priority: the level (one more than the highest contracted neighbour's), the shortcuts the
 * contraction needs per arc it removes, and the original arcs under those shortcuts per
 * original arc under the removed ones, weighted 1 : 4 : 2 (docs/ch.md "Priority": the weights
 * and what they were measured against). */
static int64_t priority(ctx *c, uint32_t v)
{
    int64_t added = contract(c, v, 0);
    int64_t removed = 1 + (int64_t)c->in[v].n + c->out[v].n;
    uint64_t hops_removed = 1;
    for (uint32_t i = 0; i < c->in[v].n; i++)
        hops_removed += hops(c, c->in[v].e[i].rec);
    for (uint32_t i = 0; i < c->out[v].n; i++)
        hops_removed += hops(c, c->out[v].e[i].rec);
    return 500 * (int64_t)c->level[v] + 2000 * added / removed +
           (int64_t)(1000 * c->hops_added / hops_removed);
}

/* ---- the priority queue: util/heap, int64 priorities as order-preserving uint64 keys ---- */

static uint64_t prio_key(int64_t p) { return (uint64_t)p ^ (UINT64_C(1) << 63); }

/* ---- driver ---- */

static int push_arc(ctx *c, int fwd, uint32_t tail, dedge e)
{
    if (fwd) {
        if (!grow_u32(&c->f_tail, c->n_f + 1, &c->cap_f, 0) ||
            !grow_u32(&c->f_head, c->n_f + 1, &c->cap_f, 0) ||
            !grow_u32(&c->f_w, c->n_f + 1, &c->cap_f, 0) ||
            !grow_u32(&c->f_rec, c->n_f + 1, &c->cap_f, 1))
            return 0;
        c->f_tail[c->n_f] = tail;
        c->f_head[c->n_f] = e.node;
        c->f_w[c->n_f] = e.w;
        c->f_rec[c->n_f++] = e.rec;
    } else {
        if (!grow_u32(&c->b_tail, c->n_b + 1, &c->cap_b, 0) ||
            !grow_u32(&c->b_head, c->n_b + 1, &c->cap_b, 0) ||
            !grow_u32(&c->b_w, c->n_b + 1, &c->cap_b, 0) ||
            !grow_u32(&c->b_rec, c->n_b + 1, &c->cap_b, 1))
            return 0;
        c->b_tail[c->n_b] = tail;
        c->b_head[c->n_b] = e.node;
        c->b_w[c->n_b] = e.w;
        c->b_rec[c->n_b++] = e.rec;
    }
    return 1;
}

/* Sorts arcs by the rank of their tail into CSR arrays indexed by rank, heads turned into
 * ranks too (counting sort): the stored hierarchy is in rank order (graph_int.h). */
static int to_csr(uint64_t n, uint64_t na, const uint32_t *rank, const uint32_t *tail,
                  const uint32_t *head, const uint32_t *w, const uint32_t *rec, uint32_t **first,
                  ch_arc **oarc, uint32_t **orec)
{
    *first = calloc((size_t)n + 1, sizeof **first);
    *oarc = malloc((size_t)(na ? na : 1) * sizeof **oarc);
    *orec = malloc((size_t)(na ? na : 1) * sizeof **orec);
    uint32_t *pos = malloc(((size_t)n + 1) * sizeof *pos);
    if (!*first || !*oarc || !*orec || !pos) {
        free(pos);
        return 0;
    }
    for (uint64_t i = 0; i < na; i++)
        (*first)[rank[tail[i]] + 1]++;
    for (uint64_t v = 0; v < n; v++)
        (*first)[v + 1] += (*first)[v];
    memcpy(pos, *first, ((size_t)n + 1) * sizeof *pos);
    for (uint64_t i = 0; i < na; i++) {
        uint32_t p = pos[rank[tail[i]]]++;
        (*oarc)[p] = (ch_arc){rank[head[i]], w[i]};
        (*orec)[p] = rec[i];
    }
    free(pos);
    return 1;
}

static int build_one(const cor_graph *g, cor_metric metric, const cor_ch_opts *o, ch_data *out)
{
    ctx c = {.n = g->n, .m = g->m, .o = o};
    int ok = 0;
    cor_heap h = {0};
    c.out = calloc((size_t)g->n + 1, sizeof *c.out);
    c.in = calloc((size_t)g->n + 1, sizeof *c.in);
    c.done = calloc((size_t)g->n + 1, 1);
    c.level = calloc((size_t)g->n + 1, sizeof *c.level);
    c.wdist = calloc((size_t)g->n + 1, sizeof *c.wdist);
    c.wstamp = calloc((size_t)g->n + 1, sizeof *c.wstamp);
    c.wtarget = calloc((size_t)g->n + 1, sizeof *c.wtarget);
    out->rank = calloc((size_t)g->n + 1, sizeof *out->rank);
    if (!c.out || !c.in || !c.done || !c.level || !c.wdist || !c.wstamp || !c.wtarget || !out->rank ||
        cor_heap_init(&h, (uint32_t)g->n) != 0 || cor_heap_reserve_all(&h) != 0 ||
        cor_heap_init(&c.wh, (uint32_t)g->n) != 0)
        goto done;
    /* the original arcs, parallel arcs reduced to the lightest, self-loops dropped */
    for (uint64_t a = 0; a < g->m; a++) {
        uint32_t u = g->arc_from[a], x = g->arc_to[a];
        if (u == x)
            continue;
        if (!add_shortcut(&c, u, x, cor_graph_arc_weight(g, (uint32_t)a, metric), (uint32_t)a))
            goto done;
    }
    for (uint64_t v = 0; v < g->n; v++)
        cor_heap_push(&h, (uint32_t)v, prio_key(priority(&c, (uint32_t)v))); /* reserved */
    uint32_t rank = 0;
    while (!cor_heap_empty(&h) && !c.nomem) {
        uint32_t v = cor_heap_top_item(&h);
        /* lazy update: the top's priority may have grown since it was computed */
        uint64_t p = prio_key(priority(&c, v));
        if (p > cor_heap_top_key(&h)) {
            cor_heap_set(&h, v, p);
            if (cor_heap_top_item(&h) != v)
                continue;
        }
        cor_heap_pop(&h);
        c.done[v] = 1;
        out->rank[v] = rank++;
        contract(&c, v, 1);
        if (c.nomem)
            goto done;
        /* v's remaining arcs all lead to higher nodes: they are its upward arcs */
        for (uint32_t i = 0; i < c.out[v].n; i++)
            if (!push_arc(&c, 1, v, c.out[v].e[i]))
                goto done;
        for (uint32_t i = 0; i < c.in[v].n; i++)
            if (!push_arc(&c, 0, v, c.in[v].e[i]))
                goto done;
        for (uint32_t i = 0; i < c.out[v].n; i++)
            dl_remove(&c.in[c.out[v].e[i].node], v);
        for (uint32_t i = 0; i < c.in[v].n; i++)
            dl_remove(&c.out[c.in[v].e[i].node], v);
        /* neighbours: a level above v. Their keys in the heap
         * are not recomputed here (that re-simulation dominated the running time, 5-10x on
         * grids, for 1% fewer shortcuts): the lazy update above catches them when they reach
         * the top with a key that has grown. */
        for (int dir = 0; dir < 2; dir++) {
            dlist *l = dir ? &c.in[v] : &c.out[v];
            for (uint32_t i = 0; i < l->n; i++) {
                uint32_t x = l->e[i].node;
                if (c.level[x] < c.level[v] + 1)
                    c.level[x] = c.level[v] + 1;
            }
        }
        free(c.out[v].e);
        free(c.in[v].e);
        c.out[v] = (dlist){0};
        c.in[v] = (dlist){0};
    }
    if (c.nomem)
        goto done;
    if (!to_csr(g->n, c.n_f, out->rank, c.f_tail, c.f_head, c.f_w, c.f_rec, &out->fwd_first,
                &out->fwd, &out->fwd_rec) ||
        !to_csr(g->n, c.n_b, out->rank, c.b_tail, c.b_head, c.b_w, c.b_rec, &out->bwd_first,
                &out->bwd, &out->bwd_rec))
        goto done;
    out->n_fwd = c.n_f;
    out->n_bwd = c.n_b;
    out->n_sc = c.n_sc;
    out->sc_a = c.sc_a ? c.sc_a : malloc(sizeof *c.sc_a);
    out->sc_b = c.sc_b ? c.sc_b : malloc(sizeof *c.sc_b);
    c.sc_a = c.sc_b = NULL;
    ok = out->sc_a && out->sc_b;
done:
    for (uint64_t v = 0; c.out && c.in && v < g->n; v++) {
        free(c.out[v].e);
        free(c.in[v].e);
    }
    free(c.out);
    free(c.in);
    free(c.done);
    free(c.level);
    free(c.wdist);
    free(c.wstamp);
    free(c.wtarget);
    cor_heap_free(&c.wh);
    free(c.sc_a);
    free(c.sc_hops);
    free(c.sc_b);
    free(c.f_tail);
    free(c.f_head);
    free(c.f_w);
    free(c.f_rec);
    free(c.b_tail);
    free(c.b_head);
    free(c.b_w);
    free(c.b_rec);
    cor_heap_free(&h);
    if (!ok)
        cor_ch_free_data(out);
    return ok;
}

typedef struct job {
    const cor_graph *g;
    cor_metric metric;
    const cor_ch_opts *o;
    ch_data out;
    int ok;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    j->ok = build_one(j->g, j->metric, j->o, &j->out);
    return NULL;
}

cor_status cor_graph_contract(cor_graph *g, const cor_ch_opts *opts, cor_err *err)
{
    cor_ch_opts def;
    if (!opts) {
        cor_ch_opts_default(&def);
        opts = &def;
    }
    if (g->blob)
        return cor_err_set(err, COR_ERR_INPUT, "a graph read from a snapshot is already "
                                               "contracted");
    unsigned want = opts->metrics & ((1u << COR_METRIC_COUNT) - 1);
    job jobs[COR_METRIC_COUNT];
    pthread_t th[COR_METRIC_COUNT];
    int started[COR_METRIC_COUNT] = {0};
    memset(jobs, 0, sizeof jobs);
    /* the metrics are independent: one thread each (the graph is only read) */
    for (int k = 0; k < COR_METRIC_COUNT; k++) {
        jobs[k] = (job){.g = g, .metric = (cor_metric)k, .o = opts, .ok = 1};
        if (!((want >> k) & 1))
            continue;
        started[k] = pthread_create(&th[k], NULL, run_job, &jobs[k]) == 0 ? 1 : 2;
        if (started[k] == 2)
            run_job(&jobs[k]); /* no thread: run it here */
    }
    int ok = 1;
    for (int k = 0; k < COR_METRIC_COUNT; k++) {
        if (started[k] == 1)
            pthread_join(th[k], NULL);
        ok &= jobs[k].ok;
    }
    if (!ok) {
        for (int k = 0; k < COR_METRIC_COUNT; k++)
            cor_ch_free_data(&jobs[k].out);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory while contracting");
    }
    for (int k = 0; k < COR_METRIC_COUNT; k++) {
        if (!((want >> k) & 1))
            continue;
        cor_ch_free_data(&g->ch[k]);
        g->ch[k] = jobs[k].out;
        g->has_ch |= 1u << k;
    }
    return COR_OK;
}
