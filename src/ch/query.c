/* Shortest-path queries on a cor_graph: Dijkstra, bidirectional Dijkstra, the CH query
 * (bidirectional upward search with stall-on-demand, Geisberger et al. 2008), path unpacking
 * through shortcut halves, and bucket-based many-to-many tables (Knopp et al. 2007). */
#include <stdlib.h>
#include <string.h>

#include "ch/graph_int.h"
#include "util/grow.h"

typedef struct hentry {
    uint64_t d;
    uint32_t v;
} hentry;

typedef struct side {
    uint64_t *dist;
    uint32_t *stamp;
    uint32_t *pnode, *prec;  /* parent node and the arc/rec that reached this node */
    hentry *h;
    size_t hn, hcap;
} side;

struct cor_gquery {
    const cor_graph *g;
    side s[2];
    uint32_t cur;            /* stamp of the current search */
    /* last result */
    int ok;
    cor_algo algo;
    cor_metric metric;
    uint32_t from, to, meet;
    size_t settled;
    uint32_t *path, *stack;
    size_t path_cap, stack_cap;
    size_t path_n;
};

static int side_init(side *s, uint64_t n)
{
    size_t k = (size_t)n + 1;
    s->dist = malloc(k * sizeof *s->dist);
    s->stamp = calloc(k, sizeof *s->stamp);
    s->pnode = malloc(k * sizeof *s->pnode);
    s->prec = malloc(k * sizeof *s->prec);
    return s->dist && s->stamp && s->pnode && s->prec;
}

static void side_free(side *s)
{
    free(s->dist);
    free(s->stamp);
    free(s->pnode);
    free(s->prec);
    free(s->h);
}

cor_gquery *cor_gquery_new(const cor_graph *g)
{
    cor_gquery *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->g = g;
    if (!side_init(&q->s[0], g->n) || !side_init(&q->s[1], g->n)) {
        cor_gquery_free(q);
        return NULL;
    }
    return q;
}

void cor_gquery_free(cor_gquery *q)
{
    if (!q)
        return;
    side_free(&q->s[0]);
    side_free(&q->s[1]);
    free(q->path);
    free(q->stack);
    free(q);
}

size_t cor_gquery_settled(const cor_gquery *q) { return q->settled; }

/* ---- heap with lazy deletion: stale entries are skipped when popped ---- */

static int hpush(side *s, uint64_t d, uint32_t v)
{
    if (!cor_grow(&s->h, s->hn, &s->hcap, sizeof *s->h))
        return 0;
    size_t i = s->hn++;
    while (i > 0 && s->h[(i - 1) / 2].d > d) {
        s->h[i] = s->h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->h[i] = (hentry){d, v};
    return 1;
}

static hentry hpop(side *s)
{
    hentry top = s->h[0], last = s->h[--s->hn];
    size_t i = 0;
    for (;;) {
        size_t k = 2 * i + 1;
        if (k >= s->hn)
            break;
        if (k + 1 < s->hn && s->h[k + 1].d < s->h[k].d)
            k++;
        if (s->h[k].d >= last.d)
            break;
        s->h[i] = s->h[k];
        i = k;
    }
    if (s->hn)
        s->h[i] = last;
    return top;
}

/* Drops stale entries from the top so that the top is the true minimum (or the heap empty). */
static void hclean(side *s, uint32_t cur)
{
    while (s->hn && (s->stamp[s->h[0].v] != cur || s->h[0].d != s->dist[s->h[0].v]))
        hpop(s);
}

static uint64_t dget(const side *s, uint32_t v, uint32_t cur)
{
    return s->stamp[v] == cur ? s->dist[v] : COR_DIST_INF;
}

static int relax(side *s, uint32_t cur, uint32_t x, uint64_t d, uint32_t from, uint32_t rec)
{
    if (d >= dget(s, x, cur))
        return 1;
    s->stamp[x] = cur;
    s->dist[x] = d;
    s->pnode[x] = from;
    s->prec[x] = rec;
    return hpush(s, d, x);
}

static void new_search(cor_gquery *q)
{
    if (++q->cur == 0) {
        for (int k = 0; k < 2; k++)
            memset(q->s[k].stamp, 0, ((size_t)q->g->n + 1) * sizeof *q->s[k].stamp);
        q->cur = 1;
    }
    q->s[0].hn = q->s[1].hn = 0;
    q->settled = 0;
}

static void start(cor_gquery *q, int k, uint32_t v)
{
    side *s = &q->s[k];
    s->stamp[v] = q->cur;
    s->dist[v] = 0;
    s->pnode[v] = UINT32_MAX;
    s->prec[v] = UINT32_MAX;
    hpush(s, 0, v); /* the heap has room: its first growth cannot fail below 1024 entries */
}

/* ---- the three algorithms ---- */

static int dijkstra(cor_gquery *q, cor_metric m, uint32_t s, uint32_t t, uint64_t *dist)
{
    const cor_graph *g = q->g;
    side *f = &q->s[0];
    uint32_t cur = q->cur;
    start(q, 0, s);
    while (f->hn) {
        hentry e = hpop(f);
        if (e.d != f->dist[e.v])
            continue;
        q->settled++;
        if (e.v == t) {
            *dist = e.d;
            q->meet = t;
            return 1;
        }
        for (uint32_t i = g->out_first[e.v]; i < g->out_first[e.v + 1]; i++) {
            uint32_t a = g->out_arc[i];
            if (!relax(f, cur, g->arc_to[a], e.d + cor_graph_arc_weight(g, a, m), e.v, a))
                return -1;
        }
    }
    return 0;
}

static int bidijkstra(cor_gquery *q, cor_metric m, uint32_t s, uint32_t t, uint64_t *dist)
{
    const cor_graph *g = q->g;
    uint32_t cur = q->cur;
    start(q, 0, s);
    start(q, 1, t);
    uint64_t best = s == t ? 0 : COR_DIST_INF;
    q->meet = s == t ? s : UINT32_MAX;
    for (;;) {
        hclean(&q->s[0], cur);
        hclean(&q->s[1], cur);
        uint64_t tf = q->s[0].hn ? q->s[0].h[0].d : COR_DIST_INF;
        uint64_t tb = q->s[1].hn ? q->s[1].h[0].d : COR_DIST_INF;
        /* stop when no path through an unsettled node can be shorter (tf + tb >= best) */
        if ((tf == COR_DIST_INF && tb == COR_DIST_INF) ||
            (best != COR_DIST_INF && tf != COR_DIST_INF && tb != COR_DIST_INF && tf + tb >= best) ||
            (best != COR_DIST_INF && (tf == COR_DIST_INF || tb == COR_DIST_INF)))
            break;
        int k = tf <= tb ? 0 : 1;
        side *me = &q->s[k], *other = &q->s[1 - k];
        hentry e = hpop(me);
        q->settled++;
        const uint32_t *first = k ? g->in_first : g->out_first, *arcs = k ? g->in_arc : g->out_arc;
        const uint32_t *head = k ? g->arc_from : g->arc_to;
        for (uint32_t i = first[e.v]; i < first[e.v + 1]; i++) {
            uint32_t a = arcs[i], x = head[a];
            uint64_t d = e.d + cor_graph_arc_weight(g, a, m);
            if (!relax(me, cur, x, d, e.v, a))
                return -1;
            uint64_t o = dget(other, x, cur);
            if (o != COR_DIST_INF && d + o < best) {
                best = d + o;
                q->meet = x;
            }
        }
    }
    *dist = best;
    return best != COR_DIST_INF;
}

/* Stall-on-demand: v's distance from this side's search is not optimal if a higher node h
 * with an arc down to v (stored at v in the other direction's arrays) already offers less. */
static int stalled(const side *me, uint32_t cur, const uint32_t *first, const uint32_t *head,
                   const uint32_t *w, uint32_t v, uint64_t d)
{
    for (uint32_t i = first[v]; i < first[v + 1]; i++) {
        uint64_t dh = dget(me, head[i], cur);
        if (dh != COR_DIST_INF && dh + w[i] < d)
            return 1;
    }
    return 0;
}

static int ch_query(cor_gquery *q, cor_metric m, uint32_t s, uint32_t t, uint64_t *dist)
{
    const ch_data *c = &q->g->ch[m];
    uint32_t cur = q->cur;
    start(q, 0, s);
    start(q, 1, t);
    uint64_t best = s == t ? 0 : COR_DIST_INF;
    q->meet = s == t ? s : UINT32_MAX;
    int done[2] = {0, 0};
    while (!done[0] || !done[1]) {
        for (int k = 0; k < 2; k++) {
            if (done[k])
                continue;
            side *me = &q->s[k], *other = &q->s[1 - k];
            hclean(me, cur);
            /* a direction is finished when its smallest key cannot improve the best */
            if (!me->hn || me->h[0].d >= best) {
                done[k] = 1;
                continue;
            }
            hentry e = hpop(me);
            q->settled++;
            uint64_t o = dget(other, e.v, cur);
            if (o != COR_DIST_INF && e.d + o < best) {
                best = e.d + o;
                q->meet = e.v;
            }
            const uint32_t *first = k ? c->bwd_first : c->fwd_first;
            const uint32_t *head = k ? c->bwd_head : c->fwd_head;
            const uint32_t *w = k ? c->bwd_w : c->fwd_w, *rec = k ? c->bwd_rec : c->fwd_rec;
            if (stalled(me, cur, k ? c->fwd_first : c->bwd_first, k ? c->fwd_head : c->bwd_head,
                        k ? c->fwd_w : c->bwd_w, e.v, e.d))
                continue;
            for (uint32_t i = first[e.v]; i < first[e.v + 1]; i++)
                if (!relax(me, cur, head[i], e.d + w[i], e.v, rec[i]))
                    return -1;
        }
    }
    *dist = best;
    return best != COR_DIST_INF;
}

cor_status cor_gquery_run(cor_gquery *q, cor_algo a, cor_metric m, uint32_t s, uint32_t t,
                          uint64_t *dist, cor_err *err)
{
    q->ok = 0;
    if (s >= q->g->n || t >= q->g->n)
        return cor_err_set(err, COR_ERR_INPUT, "node out of range (the graph has %llu nodes)",
                           (unsigned long long)q->g->n);
    if ((unsigned)m >= COR_METRIC_COUNT || (unsigned)a > COR_ALGO_CH)
        return cor_err_set(err, COR_ERR_INPUT, "unknown metric or algorithm");
    if (a == COR_ALGO_CH && !cor_graph_has_ch(q->g, m))
        return cor_err_set(err, COR_ERR_INPUT, "the graph has no contraction hierarchy "
                                               "(corridor build makes one)");
    new_search(q);
    uint64_t d = COR_DIST_INF;
    int r = a == COR_ALGO_DIJKSTRA     ? dijkstra(q, m, s, t, &d)
            : a == COR_ALGO_BIDIJKSTRA ? bidijkstra(q, m, s, t, &d)
                                       : ch_query(q, m, s, t, &d);
    if (a == COR_ALGO_CH && r > 0 && d >= COR_CH_WEIGHT_CAP) { /* a capped shortcut may be on it */
        a = COR_ALGO_BIDIJKSTRA;
        new_search(q);
        r = bidijkstra(q, m, s, t, &d);
    }
    if (r < 0)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    *dist = d;
    if (!r)
        return cor_err_set(err, COR_ERR_NOROUTE, "no path from node %u to node %u", s, t);
    q->ok = 1;
    q->algo = a;
    q->metric = m;
    q->from = s;
    q->to = t;
    return COR_OK;
}

/* ---- paths ---- */

static int path_push(cor_gquery *q, uint32_t a)
{
    if (!cor_grow(&q->path, q->path_n, &q->path_cap, sizeof *q->path))
        return 0;
    q->path[q->path_n++] = a;
    return 1;
}

/* Appends the original arcs of rec (an arc id, or a shortcut unpacked into its halves).
 * Returns 1, 0 when out of memory, -1 when the path would exceed n - 1 arcs: a shortest path
 * is simple, so only a corrupt hierarchy (a snapshot whose shortcuts repeat a cycle, doubling
 * at each level) gets there, and stopping keeps the work linear. */
static int unpack(cor_gquery *q, const ch_data *c, uint32_t rec)
{
    size_t sp = 0;
    uint64_t m = q->g->m;
    for (;;) {
        if (rec < m) {
            if (q->path_n + 1 >= q->g->n)
                return -1;
            if (!path_push(q, rec))
                return 0;
            if (!sp)
                return 1;
            rec = q->stack[--sp];
            continue;
        }
        if (!cor_grow(&q->stack, sp, &q->stack_cap, sizeof *q->stack))
            return 0;
        q->stack[sp++] = c->sc_b[rec - m];
        rec = c->sc_a[rec - m];
    }
}

static void reverse(uint32_t *a, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        uint32_t x = a[i];
        a[i] = a[n - 1 - i];
        a[n - 1 - i] = x;
    }
}

cor_status cor_gquery_path(cor_gquery *q, const uint32_t **arcs, size_t *n, cor_err *err)
{
    if (!q->ok)
        return cor_err_set(err, COR_ERR_INPUT, "no successful query to take a path from");
    q->path_n = 0;
    const side *f = &q->s[0], *b = &q->s[1];
    if (q->algo != COR_ALGO_CH) {
        for (uint32_t v = q->meet; f->pnode[v] != UINT32_MAX; v = f->pnode[v])
            if (!path_push(q, f->prec[v]))
                goto nomem;
        reverse(q->path, q->path_n);
        if (q->algo == COR_ALGO_BIDIJKSTRA)
            for (uint32_t v = q->meet; b->pnode[v] != UINT32_MAX; v = b->pnode[v])
                if (!path_push(q, b->prec[v]))
                    goto nomem;
    } else {
        const ch_data *c = &q->g->ch[q->metric];
        /* forward part: the recs from s up to meet, collected backwards then unpacked */
        size_t k = 0;
        for (uint32_t v = q->meet; f->pnode[v] != UINT32_MAX; v = f->pnode[v])
            k++;
        uint32_t *recs = malloc((k ? k : 1) * sizeof *recs);
        if (!recs)
            goto nomem;
        size_t i = k;
        for (uint32_t v = q->meet; f->pnode[v] != UINT32_MAX; v = f->pnode[v])
            recs[--i] = f->prec[v];
        int r = 1;
        for (i = 0; i < k && r > 0; i++)
            r = unpack(q, c, recs[i]);
        free(recs);
        for (uint32_t v = q->meet; b->pnode[v] != UINT32_MAX && r > 0; v = b->pnode[v])
            r = unpack(q, c, b->prec[v]);
        if (r < 0)
            return cor_err_set(err, COR_ERR_INPUT, "corrupt hierarchy: the path from node %u "
                               "to node %u unpacks to more arcs than the graph has nodes",
                               q->from, q->to);
        if (!r)
            goto nomem;
    }
    *arcs = q->path;
    *n = q->path_n;
    return COR_OK;
nomem:
    return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
}

/* ---- many-to-many ---- */

typedef struct bucket {
    uint32_t node, target;
    uint64_t d;
} bucket;

/* Runs a complete upward search (k = 0 forward, 1 backward) from v; calls back every settled,
 * unstalled node. */
static int upward_all(cor_gquery *q, const ch_data *c, int k, uint32_t v,
                      int (*visit)(void *, uint32_t, uint64_t), void *arg)
{
    new_search(q);
    uint32_t cur = q->cur;
    side *me = &q->s[k];
    start(q, k, v);
    const uint32_t *first = k ? c->bwd_first : c->fwd_first, *head = k ? c->bwd_head : c->fwd_head;
    const uint32_t *w = k ? c->bwd_w : c->fwd_w;
    while (me->hn) {
        hentry e = hpop(me);
        if (e.d != me->dist[e.v])
            continue;
        if (stalled(me, cur, k ? c->fwd_first : c->bwd_first, k ? c->fwd_head : c->bwd_head,
                    k ? c->fwd_w : c->bwd_w, e.v, e.d))
            continue;
        if (!visit(arg, e.v, e.d))
            return 0;
        for (uint32_t i = first[e.v]; i < first[e.v + 1]; i++)
            if (!relax(me, cur, head[i], e.d + w[i], e.v, 0))
                return 0;
    }
    return 1;
}

typedef struct tctx {
    bucket *b;
    size_t n, cap;
    uint32_t target;
    const uint32_t *first;
    const bucket *sorted;
    uint64_t *row;
} tctx;

static int add_bucket(void *arg, uint32_t v, uint64_t d)
{
    tctx *t = arg;
    if (!cor_grow(&t->b, t->n, &t->cap, sizeof *t->b))
        return 0;
    t->b[t->n++] = (bucket){v, t->target, d};
    return 1;
}

static int scan_buckets(void *arg, uint32_t v, uint64_t d)
{
    tctx *t = arg;
    for (uint32_t i = t->first[v]; i < t->first[v + 1]; i++) {
        uint64_t x = d + t->sorted[i].d;
        if (x < t->row[t->sorted[i].target])
            t->row[t->sorted[i].target] = x;
    }
    return 1;
}

cor_status cor_gquery_table(cor_gquery *q, cor_metric m, const uint32_t *src, size_t n_src,
                            const uint32_t *dst, size_t n_dst, uint64_t *out, cor_err *err)
{
    const cor_graph *g = q->g;
    q->ok = 0;
    if ((unsigned)m >= COR_METRIC_COUNT)
        return cor_err_set(err, COR_ERR_INPUT, "unknown metric");
    for (size_t i = 0; i < n_src; i++)
        if (src[i] >= g->n)
            return cor_err_set(err, COR_ERR_INPUT, "source %zu: node out of range", i);
    for (size_t j = 0; j < n_dst; j++)
        if (dst[j] >= g->n)
            return cor_err_set(err, COR_ERR_INPUT, "target %zu: node out of range", j);
    if (n_dst > UINT32_MAX || (n_dst && n_src > SIZE_MAX / sizeof *out / n_dst))
        return cor_err_set(err, COR_ERR_INPUT, "too many sources and targets");
    for (size_t i = 0; i < n_src * n_dst; i++)
        out[i] = COR_DIST_INF;
    if (!cor_graph_has_ch(g, m)) {
        /* one complete Dijkstra per source */
        for (size_t i = 0; i < n_src; i++) {
            new_search(q);
            side *f = &q->s[0];
            start(q, 0, src[i]);
            while (f->hn) {
                hentry e = hpop(f);
                if (e.d != f->dist[e.v])
                    continue;
                for (uint32_t k = g->out_first[e.v]; k < g->out_first[e.v + 1]; k++) {
                    uint32_t a = g->out_arc[k];
                    if (!relax(f, q->cur, g->arc_to[a], e.d + cor_graph_arc_weight(g, a, m), e.v,
                               a))
                        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
                }
            }
            for (size_t j = 0; j < n_dst; j++)
                out[i * n_dst + j] = dget(f, dst[j], q->cur);
        }
        return COR_OK;
    }
    const ch_data *c = &g->ch[m];
    tctx t = {0};
    cor_status st = COR_OK;
    uint32_t *first = NULL;
    bucket *sorted = NULL;
    for (size_t j = 0; j < n_dst && !st; j++) {
        t.target = (uint32_t)j;
        if (!upward_all(q, c, 1, dst[j], add_bucket, &t))
            st = COR_ERR_NOMEM;
    }
    if (!st) {
        first = calloc((size_t)g->n + 1, sizeof *first);
        sorted = malloc((t.n ? t.n : 1) * sizeof *sorted);
        if (!first || !sorted)
            st = COR_ERR_NOMEM;
    }
    if (!st) {
        for (size_t i = 0; i < t.n; i++)
            first[t.b[i].node + 1]++;
        for (uint64_t v = 0; v < g->n; v++)
            first[v + 1] += first[v];
        for (size_t i = 0; i < t.n; i++) /* first[v] is used as the insertion cursor, */
            sorted[first[t.b[i].node]++] = t.b[i];
        for (uint64_t v = g->n; v > 0; v--) /* then shifted back */
            first[v] = first[v - 1];
        first[0] = 0;
        t.first = first;
        t.sorted = sorted;
        for (size_t i = 0; i < n_src && !st; i++) {
            t.row = out + i * n_dst;
            if (!upward_all(q, c, 0, src[i], scan_buckets, &t))
                st = COR_ERR_NOMEM;
            /* entries at the shortcut cap may be too short: exact ones from the graph */
            for (size_t j = 0; j < n_dst && !st; j++) {
                if (t.row[j] == COR_DIST_INF || t.row[j] < COR_CH_WEIGHT_CAP)
                    continue;
                new_search(q);
                if (bidijkstra(q, m, src[i], dst[j], &t.row[j]) < 0)
                    st = COR_ERR_NOMEM;
            }
        }
    }
    free(t.b);
    free(first);
    free(sorted);
    return st ? cor_err_set(err, st, "out of memory") : COR_OK;
}
