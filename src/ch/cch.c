/* Customizable contraction hierarchies (Dibbelt, Strasser, Wagner, JEA 2016): the chordal
 * supergraph of a nested-dissection order (order.c) with its elimination tree, the basic
 * customization by lower triangles, elimination-tree queries and path unpacking by triangles. */
#include <stdlib.h>
#include <string.h>

#include "corridor/cch.h"
#include "util/grow.h"
#include "util/heap.h"

#define NONE UINT32_MAX
#define W_INF UINT32_MAX          /* no path (yet) through lower nodes */
#define W_CAP (UINT32_MAX - 1)    /* weights at or above this are capped to it */
#define D_INF UINT64_MAX

/* Nodes are numbered by rank inside the hierarchy. Arc a (of the supergraph) joins
 * up_tail[a] < up_head[a]; a node's arcs are contiguous and sorted by head. */
struct cor_cch {
    uint32_t n;
    size_t m;                       /* arcs of the graph */
    size_t n_arcs;                  /* arcs of the supergraph */
    uint64_t triangles;
    uint32_t height;
    uint32_t *rank, *node;          /* n: rank of a node, node of a rank */
    uint32_t *up_first;             /* n + 1 */
    uint32_t *up_head, *up_tail;    /* n_arcs */
    uint32_t *down_first;           /* n + 1: arcs by head, each head's sorted by tail */
    uint32_t *down_arc;             /* n_arcs */
    uint32_t *parent;               /* n: elimination tree (lowest upper neighbour), NONE at roots */
    uint32_t *slot;                 /* m: 2 supergraph arc + 1 when the arc runs downward; NONE
                                       for a loop */
    uint32_t *arc_from, *arc_to;    /* m: the graph, for the Dijkstra above the cap */
    uint32_t *out_first, *out_arc;  /* n + 1, m: arcs by tail (node ids of the graph) */
};

/* Weights per supergraph arc: up = tail -> head, down = head -> tail. via: the graph arc that
 * gives the weight (< m), or m + x for the lower triangle through node x; NONE when infinite. */
struct cor_cch_metric {
    const cor_cch *c;
    uint32_t *up, *down, *via_up, *via_down; /* n_arcs */
    uint32_t *w;                             /* m: the weights given */
};

struct cor_cch_query {
    const cor_cch_metric *w;
    uint64_t *df, *db;           /* n, by rank (by node in the Dijkstra); D_INF between runs */
    uint32_t *pf, *pb;           /* n: the arc that gave the label */
    uint32_t s, t, meet;         /* ranks */
    int state;                   /* 0 no path, 1 tree search, 2 Dijkstra (path already in path) */
    uint32_t *path, *seq;
    size_t n_path, cap_path, n_seq, cap_seq;
    cor_lheap heap;              /* the Dijkstra above the cap */
};

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

void cor_cch_free(cor_cch *c)
{
    if (!c)
        return;
    free(c->rank);
    free(c->node);
    free(c->up_first);
    free(c->up_head);
    free(c->up_tail);
    free(c->down_first);
    free(c->down_arc);
    free(c->parent);
    free(c->slot);
    free(c->arc_from);
    free(c->arc_to);
    free(c->out_first);
    free(c->out_arc);
    free(c);
}

/* The supergraph by the elimination game: when node r is eliminated its upper neighbours
 * become a clique, i.e. they are added to the upper neighbours of its lowest one, its parent
 * in the elimination tree (Dibbelt et al. 2016, section 4). r's list is then its own arcs plus
 * its children's lists. */
static cor_status eliminate(cor_cch *c, const uint32_t *init_first, const uint32_t *init_head)
{
    uint32_t n = c->n;
    uint32_t *child_first = malloc((size_t)n * sizeof *child_first);
    uint32_t *child_next = malloc((size_t)n * sizeof *child_next);
    uint32_t *mark = malloc((size_t)n * sizeof *mark);
    size_t cap = 0, len = 0;
    cor_status st = COR_ERR_NOMEM;
    if (!child_first || !child_next || !mark)
        goto out;
    for (uint32_t r = 0; r < n; r++)
        child_first[r] = mark[r] = NONE;
    c->up_first[0] = 0;
    for (uint32_t r = 0; r < n; r++) {
        size_t need = len + (init_first[r + 1] - init_first[r]);
        for (uint32_t ch = child_first[r]; ch != NONE; ch = child_next[ch])
            need += c->up_first[ch + 1] - c->up_first[ch];
        if (need >= (size_t)1 << 31)
            goto out;
        if (need > cap) {
            size_t nc = need > 2 * cap ? need : 2 * cap;
            uint32_t *p = realloc(c->up_head, nc * sizeof *p);
            if (!p)
                goto out;
            c->up_head = p;
            cap = nc;
        }
        size_t start = len;
        for (uint32_t e = init_first[r]; e < init_first[r + 1]; e++)
            if (mark[init_head[e]] != r) {
                mark[init_head[e]] = r;
                c->up_head[len++] = init_head[e];
            }
        for (uint32_t ch = child_first[r]; ch != NONE; ch = child_next[ch])
            for (uint32_t e = c->up_first[ch] + 1; e < c->up_first[ch + 1]; e++) /* [0] is r */
                if (mark[c->up_head[e]] != r) {
                    mark[c->up_head[e]] = r;
                    c->up_head[len++] = c->up_head[e];
                }
        if (len - start > 1)
            qsort(c->up_head + start, len - start, sizeof *c->up_head, cmp_u32);
        c->up_first[r + 1] = (uint32_t)len;
        c->parent[r] = len > start ? c->up_head[start] : NONE;
        if (c->parent[r] != NONE) {
            child_next[r] = child_first[c->parent[r]];
            child_first[c->parent[r]] = r;
        }
    }
    c->n_arcs = len;
    st = COR_OK;
out:
    free(child_first);
    free(child_next);
    free(mark);
    return st;
}

/* Arc a -> b of the supergraph (a < b, ranks): its index, NONE when absent. */
static uint32_t find_arc(const cor_cch *c, uint32_t a, uint32_t b)
{
    uint32_t lo = c->up_first[a], hi = c->up_first[a + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->up_head[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->up_first[a + 1] && c->up_head[lo] == b ? lo : NONE;
}

/* Everything after the supergraph: arcs by head, the map of graph arcs, counts, the graph's
 * adjacency for the Dijkstra above the cap. */
static cor_status finish(cor_cch *c)
{
    uint32_t n = c->n;
    size_t na = c->n_arcs ? c->n_arcs : 1, m1 = c->m ? c->m : 1;
    c->up_tail = malloc(na * sizeof *c->up_tail);
    c->down_first = calloc((size_t)n + 1, sizeof *c->down_first);
    c->down_arc = malloc(na * sizeof *c->down_arc);
    c->slot = malloc(m1 * sizeof *c->slot);
    c->out_first = calloc((size_t)n + 1, sizeof *c->out_first);
    c->out_arc = malloc(m1 * sizeof *c->out_arc);
    uint32_t *depth = malloc(((size_t)n + 1) * sizeof *depth);
    if (!c->up_tail || !c->down_first || !c->down_arc || !c->slot || !c->out_first ||
        !c->out_arc || !depth) {
        free(depth);
        return COR_ERR_NOMEM;
    }
    for (uint32_t x = 0; x < n; x++)
        for (uint32_t a = c->up_first[x]; a < c->up_first[x + 1]; a++) {
            c->up_tail[a] = x;
            c->down_first[c->up_head[a] + 1]++;
            c->triangles += c->up_first[x + 1] - a - 1;
        }
    for (uint32_t v = 0; v < n; v++)
        c->down_first[v + 1] += c->down_first[v];
    memcpy(depth, c->down_first, ((size_t)n + 1) * sizeof *depth);
    for (uint32_t a = 0; a < c->n_arcs; a++)
        c->down_arc[depth[c->up_head[a]]++] = a;
    c->height = 0;
    for (uint32_t r = n; r-- > 0;) {
        depth[r] = c->parent[r] == NONE ? 1 : depth[c->parent[r]] + 1;
        if (depth[r] > c->height)
            c->height = depth[r];
    }
    free(depth);
    for (size_t a = 0; a < c->m; a++) {
        uint32_t ru = c->rank[c->arc_from[a]], rv = c->rank[c->arc_to[a]];
        c->slot[a] = ru == rv ? NONE
                     : 2 * (ru < rv ? find_arc(c, ru, rv) : find_arc(c, rv, ru)) + (ru > rv);
        c->out_first[c->arc_from[a] + 1]++;
    }
    for (uint32_t v = 0; v < n; v++)
        c->out_first[v + 1] += c->out_first[v];
    for (size_t a = 0; a < c->m; a++)
        c->out_arc[c->out_first[c->arc_from[a]]++] = (uint32_t)a;
    for (uint32_t v = n; v > 0; v--) /* shifted by the fill: back to the starts */
        c->out_first[v] = c->out_first[v - 1];
    c->out_first[0] = 0;
    return COR_OK;
}

cor_status cor_cch_build(const cor_graph *g, const uint32_t *rank, cor_cch **out, cor_err *err)
{
    size_t n = cor_graph_node_count(g), m = cor_graph_arc_count(g);
    if (n + m >= NONE)
        return cor_err_set(err, COR_ERR_NOMEM, "graph too large for a CCH (%zu nodes, %zu arcs)",
                           n, m);
    cor_cch *c = calloc(1, sizeof *c);
    uint32_t *init_first = NULL, *init_head = NULL;
    if (!c)
        goto nomem;
    c->n = (uint32_t)n;
    c->m = m;
    size_t n1 = n ? n : 1, m1 = m ? m : 1;
    c->rank = malloc(n1 * sizeof *c->rank);
    c->node = malloc(n1 * sizeof *c->node);
    c->parent = malloc(n1 * sizeof *c->parent);
    c->up_first = malloc((n + 1) * sizeof *c->up_first);
    c->arc_from = malloc(m1 * sizeof *c->arc_from);
    c->arc_to = malloc(m1 * sizeof *c->arc_to);
    init_first = calloc(n + 1, sizeof *init_first);
    init_head = malloc(m1 * sizeof *init_head);
    if (!c->rank || !c->node || !c->parent || !c->up_first || !c->arc_from || !c->arc_to ||
        !init_first || !init_head)
        goto nomem;
    if (rank) {
        for (size_t v = 0; v < n; v++)
            c->node[v] = NONE;
        for (size_t v = 0; v < n; v++) {
            if (rank[v] >= n || c->node[rank[v]] != NONE) {
                free(init_first);
                free(init_head);
                cor_cch_free(c);
                return cor_err_set(err, COR_ERR_INPUT,
                                   "CCH order: rank of node %zu: expected a permutation of 0 to "
                                   "%zu, found %u twice or out of range", v, n - 1, rank[v]);
            }
            c->node[rank[v]] = (uint32_t)v;
        }
        memcpy(c->rank, rank, n * sizeof *rank);
    } else {
        cor_status st = cor_cch_order(g, c->rank, err);
        if (st != COR_OK) {
            free(init_first);
            free(init_head);
            cor_cch_free(c);
            return st;
        }
        for (size_t v = 0; v < n; v++)
            c->node[c->rank[v]] = (uint32_t)v;
    }
    for (size_t a = 0; a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, (uint32_t)a, &ai);
        c->arc_from[a] = ai.from;
        c->arc_to[a] = ai.to;
        uint32_t ru = c->rank[ai.from], rv = c->rank[ai.to];
        if (ru != rv)
            init_first[(ru < rv ? ru : rv) + 1]++;
    }
    for (size_t r = 0; r < n; r++)
        init_first[r + 1] += init_first[r];
    for (size_t a = 0; a < m; a++) {
        uint32_t ru = c->rank[c->arc_from[a]], rv = c->rank[c->arc_to[a]];
        if (ru != rv)
            init_head[init_first[ru < rv ? ru : rv]++] = ru < rv ? rv : ru;
    }
    for (size_t r = n; r > 0; r--)
        init_first[r] = init_first[r - 1];
    init_first[0] = 0;
    if (eliminate(c, init_first, init_head) != COR_OK || finish(c) != COR_OK)
        goto nomem;
    free(init_first);
    free(init_head);
    *out = c;
    return COR_OK;
nomem:
    free(init_first);
    free(init_head);
    cor_cch_free(c);
    return cor_err_set(err, COR_ERR_NOMEM, "out of memory building the CCH (or more than 2^31 "
                       "supergraph arcs)");
}

size_t cor_cch_arc_count(const cor_cch *c)
{
    return c->n_arcs;
}

uint64_t cor_cch_triangle_count(const cor_cch *c)
{
    return c->triangles;
}

uint32_t cor_cch_tree_height(const cor_cch *c)
{
    return c->height;
}

size_t cor_cch_bytes(const cor_cch *c)
{
    return sizeof *c + 4 * (6 * (size_t)c->n + 3) + 12 * c->n_arcs + 16 * c->m;
}

/* ---- customization ---- */

void cor_cch_metric_free(cor_cch_metric *w)
{
    if (!w)
        return;
    free(w->up);
    free(w->down);
    free(w->via_up);
    free(w->via_down);
    free(w->w);
    free(w);
}

size_t cor_cch_metric_bytes(const cor_cch_metric *w)
{
    return sizeof *w + 16 * w->c->n_arcs + 4 * w->c->m;
}

/* Relaxes *dst with a + b (32-bit, capped), remembering via when it improves. */
static inline void relax(uint32_t *dst, uint32_t *via, uint32_t a, uint32_t b, uint32_t v)
{
    uint64_t s = (uint64_t)a + b;
    if (s >= W_CAP) /* rare: capped, or no path when a or b is infinite */
        s = a == W_INF || b == W_INF ? W_INF : W_CAP;
    if (s < *dst) {
        *dst = (uint32_t)s;
        *via = v;
    }
}

cor_status cor_cch_customize_weights(const cor_cch *c, const uint32_t *w, cor_cch_metric **out,
                                     cor_err *err)
{
    size_t na = c->n_arcs ? c->n_arcs : 1, m1 = c->m ? c->m : 1;
    uint32_t n = c->n, m = (uint32_t)c->m;
    cor_cch_metric *x = calloc(1, sizeof *x);
    uint32_t *mark = malloc((n ? n : 1) * sizeof *mark);
    if (x) {
        x->c = c;
        x->up = malloc(na * sizeof *x->up);
        x->down = malloc(na * sizeof *x->down);
        x->via_up = malloc(na * sizeof *x->via_up);
        x->via_down = malloc(na * sizeof *x->via_down);
        x->w = malloc(m1 * sizeof *x->w);
    }
    if (!x || !mark || !x->up || !x->down || !x->via_up || !x->via_down || !x->w) {
        free(mark);
        cor_cch_metric_free(x);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory customizing the CCH");
    }
    memcpy(x->w, w, c->m * sizeof *w);
    memset(x->up, 0xff, c->n_arcs * sizeof *x->up); /* W_INF and NONE are all ones */
    memset(x->down, 0xff, c->n_arcs * sizeof *x->down);
    memset(x->via_up, 0xff, c->n_arcs * sizeof *x->via_up);
    memset(x->via_down, 0xff, c->n_arcs * sizeof *x->via_down);
    for (uint32_t a = 0; a < m; a++) {
        uint32_t s = c->slot[a], k = s >> 1;
        if (s == NONE || w[a] == COR_CCH_CLOSED)
            continue;
        uint32_t *dst = s & 1 ? &x->down[k] : &x->up[k], *via = s & 1 ? &x->via_down[k]
                                                                        : &x->via_up[k];
        if (w[a] < *dst) { /* not closed: at most W_CAP */
            *dst = w[a];
            *via = a;
        }
    }
    /* In rank order u: every lower triangle {x, u, v} (x < u < v) improves arc u -> v with
     * u -> x -> v and v -> x -> u. Its arcs x-u and x-v have lower triangles through nodes
     * below x only, so they are final when u's turn comes; by chordality every upper neighbour
     * v > u of x is an upper neighbour of u. */
    for (uint32_t u = 0; u < n; u++) {
        for (uint32_t a = c->up_first[u]; a < c->up_first[u + 1]; a++)
            mark[c->up_head[a]] = a;
        for (uint32_t e = c->down_first[u]; e < c->down_first[u + 1]; e++) {
            uint32_t xu = c->down_arc[e], xn = c->up_tail[xu], end = c->up_first[xn + 1];
            uint32_t u_x = x->down[xu], x_u = x->up[xu];
            if (u_x == W_INF && x_u == W_INF)
                continue;
            for (uint32_t b = xu + 1; b < end; b++) {
                uint32_t uv = mark[c->up_head[b]];
                relax(&x->up[uv], &x->via_up[uv], u_x, x->up[b], m + xn);
                relax(&x->down[uv], &x->via_down[uv], x->down[b], x_u, m + xn);
            }
        }
    }
    free(mark);
    *out = x;
    return COR_OK;
}

cor_status cor_cch_customize(const cor_cch *c, const cor_graph *g, cor_metric m,
                             cor_cch_metric **out, cor_err *err)
{
    if (cor_graph_arc_count(g) != c->m || cor_graph_node_count(g) != c->n)
        return cor_err_set(err, COR_ERR_INPUT, "CCH customization: the graph has %zu nodes and "
                           "%zu arcs, the hierarchy was built for %u and %zu",
                           cor_graph_node_count(g), cor_graph_arc_count(g), c->n, c->m);
    uint32_t *w = malloc((c->m ? c->m : 1) * sizeof *w);
    if (!w)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory customizing the CCH");
    for (size_t a = 0; a < c->m; a++)
        w[a] = cor_graph_arc_weight(g, (uint32_t)a, m);
    cor_status st = cor_cch_customize_weights(c, w, out, err);
    free(w);
    return st;
}

/* ---- queries ---- */

cor_cch_query *cor_cch_query_new(const cor_cch_metric *w)
{
    size_t n = w->c->n ? w->c->n : 1;
    cor_cch_query *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->w = w;
    q->df = malloc(n * sizeof *q->df);
    q->db = malloc(n * sizeof *q->db);
    q->pf = malloc(n * sizeof *q->pf);
    q->pb = malloc(n * sizeof *q->pb);
    if (!q->df || !q->db || !q->pf || !q->pb) {
        cor_cch_query_free(q);
        return NULL;
    }
    for (size_t v = 0; v < n; v++)
        q->df[v] = q->db[v] = D_INF;
    return q;
}

void cor_cch_query_free(cor_cch_query *q)
{
    if (!q)
        return;
    free(q->df);
    free(q->db);
    free(q->pf);
    free(q->pb);
    free(q->path);
    free(q->seq);
    cor_lheap_free(&q->heap);
    free(q);
}

static int path_add(cor_cch_query *q, uint32_t arc)
{
    if (!cor_grow(&q->path, q->n_path, &q->cap_path, sizeof *q->path))
        return -1;
    q->path[q->n_path++] = arc;
    return 0;
}

/* Plain Dijkstra on the graph (node ids of the graph) from s to t; fills the path. Only for
 * answers at or above the weight cap, whose supergraph weights may be capped. */
static cor_status dijkstra(cor_cch_query *q, uint32_t s, uint32_t t, uint64_t *dist,
                           cor_err *err)
{
    const cor_cch *c = q->w->c;
    cor_status st = COR_OK;
    cor_lheap_clear(&q->heap);
    q->df[s] = 0;
    if (cor_lheap_push(&q->heap, s, 0))
        st = COR_ERR_NOMEM;
    while (st == COR_OK && !cor_lheap_empty(&q->heap)) {
        cor_heap_entry top = cor_lheap_pop(&q->heap);
        uint64_t d = top.key;
        uint32_t v = top.item;
        if (d > q->df[v]) /* stale: the node was reached shorter since */
            continue;
        if (v == t)
            break;
        for (uint32_t e = c->out_first[v]; e < c->out_first[v + 1]; e++) {
            uint32_t a = c->out_arc[e], h = c->arc_to[a];
            if (q->w->w[a] == COR_CCH_CLOSED || d + q->w->w[a] >= q->df[h])
                continue;
            q->df[h] = d + q->w->w[a];
            q->pf[h] = a;
            if (cor_lheap_push(&q->heap, h, q->df[h])) {
                st = COR_ERR_NOMEM;
                break;
            }
        }
    }
    *dist = q->df[t];
    q->n_path = 0;
    for (uint32_t v = t; st == COR_OK && v != s; v = c->arc_from[q->pf[v]])
        if (path_add(q, q->pf[v]))
            st = COR_ERR_NOMEM;
    for (size_t i = 0; i < q->n_path / 2; i++) {
        uint32_t tmp = q->path[i];
        q->path[i] = q->path[q->n_path - 1 - i];
        q->path[q->n_path - 1 - i] = tmp;
    }
    for (uint32_t v = 0; v < c->n; v++)
        q->df[v] = D_INF;
    return st == COR_OK ? COR_OK
                        : cor_err_set(err, COR_ERR_NOMEM, "out of memory in a CCH query");
}

/* Relaxes the arcs from v to its upper neighbours with weights wt (up for the forward search,
 * down for the backward one) into labels dist, remembering the arc in par. */
static inline void relax_up(const cor_cch *c, const uint32_t *wt, uint64_t *dist, uint32_t *par,
                            uint32_t v)
{
    uint64_t d = dist[v];
    if (d == D_INF)
        return;
    for (uint32_t a = c->up_first[v]; a < c->up_first[v + 1]; a++) {
        uint32_t h = c->up_head[a];
        if (wt[a] != W_INF && d + wt[a] < dist[h]) {
            dist[h] = d + wt[a];
            par[h] = a;
        }
    }
}

cor_status cor_cch_query_run(cor_cch_query *q, uint32_t s, uint32_t t, uint64_t *dist,
                             cor_err *err)
{
    const cor_cch *c = q->w->c;
    const cor_cch_metric *w = q->w;
    q->state = 0;
    if (s >= c->n || t >= c->n)
        return cor_err_set(err, COR_ERR_INPUT, "node %u out of range (the graph has %u nodes)",
                           s >= c->n ? s : t, c->n);
    uint32_t rs = c->rank[s], rt = c->rank[t], x = rs, y = rt;
    uint64_t best = D_INF;
    /* Every upper neighbour of a node is its ancestor in the elimination tree, so walking up
     * the tree settles each node after all its lower neighbours. Both walks go in rank order
     * (NONE, above every rank, ends a walk) until they meet at the lowest common ancestor;
     * above it a label no shorter than the best sum is not propagated. */
    q->df[rs] = 0;
    q->db[rt] = 0;
    while (x != y) {
        if (x < y) {
            relax_up(c, w->up, q->df, q->pf, x);
            x = c->parent[x];
        } else {
            relax_up(c, w->down, q->db, q->pb, y);
            y = c->parent[y];
        }
    }
    for (uint32_t v = x; v != NONE; v = c->parent[v]) {
        if (q->df[v] != D_INF && q->db[v] != D_INF && q->df[v] + q->db[v] < best) {
            best = q->df[v] + q->db[v];
            q->meet = v;
        }
        if (q->df[v] < best)
            relax_up(c, w->up, q->df, q->pf, v);
        if (q->db[v] < best)
            relax_up(c, w->down, q->db, q->pb, v);
    }
    for (uint32_t v = rs; v != NONE; v = c->parent[v])
        q->df[v] = D_INF;
    for (uint32_t v = rt; v != NONE; v = c->parent[v])
        q->db[v] = D_INF;
    if (best == D_INF)
        return cor_err_set(err, COR_ERR_NOROUTE, "no path from node %u to node %u", s, t);
    if (best >= W_CAP) { /* a capped supergraph weight may be on it */
        cor_status st = dijkstra(q, s, t, dist, err);
        q->state = st == COR_OK ? 2 : 0;
        return st;
    }
    q->s = rs;
    q->t = rt;
    q->state = 1;
    *dist = best;
    return COR_OK;
}

static int seq_add(cor_cch_query *q, uint32_t x)
{
    if (!cor_grow(&q->seq, q->n_seq, &q->cap_seq, sizeof *q->seq))
        return -1;
    q->seq[q->n_seq++] = x;
    return 0;
}

/* Appends the graph arcs of supergraph arc a in direction dir (0 up, 1 down), depth first
 * through the triangles (the middle node x is below both ends, so it ends). */
static int unpack(cor_cch_query *q, uint32_t a, uint32_t dir)
{
    const cor_cch *c = q->w->c;
    const cor_cch_metric *w = q->w;
    size_t base = q->n_seq;
    if (seq_add(q, 2 * a + dir))
        return -1;
    while (q->n_seq > base) {
        uint32_t e = q->seq[--q->n_seq], k = e >> 1;
        uint32_t via = e & 1 ? w->via_down[k] : w->via_up[k];
        if (via < c->m) {
            if (path_add(q, via))
                return -1;
            continue;
        }
        uint32_t x = via - (uint32_t)c->m, lo = c->up_tail[k], hi = c->up_head[k];
        uint32_t xl = find_arc(c, x, lo), xh = find_arc(c, x, hi);
        /* up: lo -> x (down xl) then x -> hi (up xh); down: hi -> x, x -> lo. Stack: last first */
        if (e & 1 ? seq_add(q, 2 * xl) || seq_add(q, 2 * xh + 1)
                  : seq_add(q, 2 * xh) || seq_add(q, 2 * xl + 1))
            return -1;
    }
    return 0;
}

cor_status cor_cch_query_path(cor_cch_query *q, const uint32_t **arcs, size_t *n, cor_err *err)
{
    const cor_cch *c = q->w->c;
    if (q->state == 0)
        return cor_err_set(err, COR_ERR_INPUT, "no path: the last CCH query did not succeed");
    if (q->state == 1) {
        q->n_path = 0;
        /* the supergraph arcs: up from s to the meeting node (collected backwards), then down */
        size_t n_up = 0;
        q->n_seq = 0;
        for (uint32_t v = q->meet; v != q->s; v = c->up_tail[q->pf[v]], n_up++)
            if (seq_add(q, 2 * q->pf[v]))
                goto nomem;
        for (size_t i = 0; i < n_up / 2; i++) {
            uint32_t tmp = q->seq[i];
            q->seq[i] = q->seq[n_up - 1 - i];
            q->seq[n_up - 1 - i] = tmp;
        }
        for (uint32_t v = q->meet; v != q->t; v = c->up_tail[q->pb[v]])
            if (seq_add(q, 2 * q->pb[v] + 1))
                goto nomem;
        /* unpack them in order; unpack() uses seq above them as its stack */
        size_t n_sc = q->n_seq;
        for (size_t i = 0; i < n_sc; i++)
            if (unpack(q, q->seq[i] >> 1, q->seq[i] & 1))
                goto nomem;
        q->n_seq = 0;
        q->state = 2; /* the path is built */
    }
    *arcs = q->path;
    *n = q->n_path;
    return COR_OK;
nomem:
    return cor_err_set(err, COR_ERR_NOMEM, "out of memory unpacking a CCH path");
}
