/* Nested-dissection order for the customizable contraction hierarchy (cch.c): inertial flow
 * (Schild, Sommer, SEA 2015). Each piece of the graph is cut by a minimum node separator
 * (a max flow on the node-split graph) between the ends of its projection on the best of
 * four directions; the separator takes the highest free ranks and both sides are cut again. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/cch.h"

#define NONE UINT32_MAX
#define INF_CAP 0x3fffffff
/* The share of a piece's nodes, at each end of its projection, that are source or sink. */
#define BALANCE 0.25
/* Pieces this small are ranked as they are: their fill-in cannot matter. */
#define SMALL_PIECE 3

typedef struct keyed {
    double key;
    uint32_t v; /* local index */
} keyed;

/* The flow network of one piece: local node i is split into in 2i and out 2i + 1 joined by an
 * arc of capacity 1; an edge {i, j} gives out i -> in j and out j -> in i of unbounded capacity;
 * the super source 2k feeds the sources' in, the sinks' out feed the super sink 2k + 1. Every
 * arc has its reverse (rev) of capacity 0. */
typedef struct flownet {
    uint32_t *first, *head, *rev, *cur, *fill;
    int32_t *cap, *level;           /* level: BFS levels, or distance labels in max_flow */
    uint32_t *queue, *stack, *count; /* count: nodes per distance label */
} flownet;

typedef struct nd {
    uint32_t n;
    uint32_t *first, *adj;  /* the undirected simple graph */
    double *x, *y;          /* equirectangular coordinates */
    uint32_t *perm;         /* nodes; a node's final position is its rank */
    uint32_t *loc;          /* local index of a node in the current piece */
    uint32_t *mark;         /* the piece a node is in (stamp) */
    uint32_t stamp;
    uint32_t *side, *best;  /* local: 0 source side, 1 sink side, 2 separator */
    uint32_t *tmp;
    keyed *proj;
    flownet f;
    uint32_t *items;        /* work stack of pieces, (lo, hi) pairs */
    size_t n_items, cap_items;
} nd;

/* ---- the undirected simple graph ---- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static cor_status build_adjacency(nd *d, const cor_graph *g)
{
    size_t m = cor_graph_arc_count(g);
    uint32_t n = d->n;
    d->first = calloc((size_t)n + 1, sizeof *d->first);
    uint32_t *from = malloc((m ? m : 1) * sizeof *from), *to = malloc((m ? m : 1) * sizeof *to);
    if (!d->first || !from || !to) {
        free(from);
        free(to);
        return COR_ERR_NOMEM;
    }
    for (size_t a = 0; a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, (uint32_t)a, &ai);
        from[a] = ai.from;
        to[a] = ai.to;
        if (ai.from != ai.to) {
            d->first[ai.from + 1]++;
            d->first[ai.to + 1]++;
        }
    }
    for (uint32_t v = 0; v < n; v++)
        d->first[v + 1] += d->first[v];
    d->adj = malloc((d->first[n] ? d->first[n] : 1) * sizeof *d->adj);
    uint32_t *pos = malloc(((size_t)n + 1) * sizeof *pos);
    if (!d->adj || !pos) {
        free(from);
        free(to);
        free(pos);
        return COR_ERR_NOMEM;
    }
    memcpy(pos, d->first, ((size_t)n + 1) * sizeof *pos);
    for (size_t a = 0; a < m; a++)
        if (from[a] != to[a]) {
            d->adj[pos[from[a]]++] = to[a];
            d->adj[pos[to[a]]++] = from[a];
        }
    free(from);
    free(to);
    /* sort and drop duplicates (both directions of a road, parallel arcs), compacting */
    uint32_t out = 0;
    for (uint32_t v = 0; v < n; v++) {
        uint32_t lo = d->first[v], hi = d->first[v + 1];
        qsort(d->adj + lo, hi - lo, sizeof *d->adj, cmp_u32);
        d->first[v] = out;
        for (uint32_t i = lo; i < hi; i++)
            if (i == lo || d->adj[i] != d->adj[i - 1])
                d->adj[out++] = d->adj[i];
    }
    d->first[n] = out;
    free(pos);
    return COR_OK;
}

/* ---- max flow with unit node capacities ---- */

/* Adds arc a -> b of capacity c and its reverse, at the next free places of their tails. */
static void add_arc(flownet *f, uint32_t a, uint32_t b, int32_t c)
{
    uint32_t i = f->fill[a]++, j = f->fill[b]++;
    f->head[i] = b;
    f->cap[i] = c;
    f->rev[i] = j;
    f->head[j] = a;
    f->cap[j] = 0;
    f->rev[j] = i;
}

/* Builds the network of the piece perm[lo..hi) (local index i = perm[lo + i]) between its
 * sources (side 0) and sinks (side 1), each set contracted into the super source or sink
 * (Schild, Sommer): only the other nodes (side 2) are split, so the cut is among them. A source
 * next to a sink is first made an other node, so that the cut is finite. */
static void build_network(nd *d, uint32_t lo, uint32_t hi)
{
    flownet *f = &d->f;
    uint32_t k = hi - lo, S = 2 * k, T = 2 * k + 1;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t v = d->perm[lo + i];
        if (d->side[i] == 0)
            for (uint32_t e = d->first[v]; e < d->first[v + 1]; e++)
                if (d->mark[d->adj[e]] == d->stamp && d->side[d->loc[d->adj[e]]] == 1)
                    d->side[i] = 2;
    }
    memset(f->first, 0, ((size_t)2 * k + 3) * sizeof *f->first);
    for (int pass = 0; pass < 2; pass++) { /* count the arcs at each tail, then place them */
        for (uint32_t i = 0; i < k; i++) {
            if (d->side[i] != 2)
                continue;
            uint32_t v = d->perm[lo + i];
            int to_s = 0, to_t = 0;
            if (pass) {
                add_arc(f, 2 * i, 2 * i + 1, 1);
            } else {
                f->first[2 * i + 1]++; /* in -> out, at in */
                f->first[2 * i + 2]++; /* its reverse, at out */
            }
            for (uint32_t e = d->first[v]; e < d->first[v + 1]; e++) {
                uint32_t w = d->adj[e];
                if (d->mark[w] != d->stamp)
                    continue;
                uint32_t j = d->loc[w];
                if (d->side[j] == 0) {
                    to_s = 1;
                } else if (d->side[j] == 1) {
                    to_t = 1;
                } else if (pass) {
                    add_arc(f, 2 * i + 1, 2 * j, INF_CAP);
                } else {
                    f->first[2 * i + 2]++; /* out i -> in j */
                    f->first[2 * i + 1]++; /* reverse of out j -> in i, at in i */
                }
            }
            if (to_s && pass) {
                add_arc(f, S, 2 * i, INF_CAP);
            } else if (to_s) {
                f->first[S + 1]++;
                f->first[2 * i + 1]++;
            }
            if (to_t && pass) {
                add_arc(f, 2 * i + 1, T, INF_CAP);
            } else if (to_t) {
                f->first[2 * i + 2]++;
                f->first[T + 1]++;
            }
        }
        if (!pass) {
            for (uint32_t x = 0; x < 2 * k + 2; x++)
                f->first[x + 1] += f->first[x];
            memcpy(f->fill, f->first, ((size_t)2 * k + 2) * sizeof *f->fill);
        }
    }
}

/* The nodes reachable from s in the residual network get level >= 0 (BFS distance), others -1. */
static void bfs_levels(flownet *f, uint32_t N, uint32_t s)
{
    for (uint32_t x = 0; x < N; x++)
        f->level[x] = -1;
    size_t qh = 0, qt = 0;
    f->queue[qt++] = s;
    f->level[s] = 0;
    while (qh < qt) {
        uint32_t x = f->queue[qh++];
        for (uint32_t a = f->first[x]; a < f->first[x + 1]; a++)
            if (f->cap[a] > 0 && f->level[f->head[a]] < 0) {
                f->level[f->head[a]] = f->level[x] + 1;
                f->queue[qt++] = f->head[a];
            }
    }
}

/* Max flow from s to t by shortest augmenting paths with distance labels, the gap heuristic
 * and a global relabeling every N relabels (Ahuja, Orlin, "Distance-directed augmenting path
 * algorithms for maximum flow and parametric maximum flow problems", 1991): labels are mostly
 * repaired locally where a search is stuck, where Dinic's algorithm runs a BFS over the whole
 * network for every path length (2.5 times slower here on the synthetic grids, same cuts).
 * Each path carries 1 (it crosses a unit in -> out arc). Returns the flow, or any value >= limit
 * once it reaches limit (a cut no better than one already found). */
static uint32_t max_flow(flownet *f, uint32_t N, uint32_t s, uint32_t t, uint32_t limit)
{
    int32_t *d = f->level, n = (int32_t)N;
    uint32_t flow = 0, x = s;
    size_t depth = 0, relabels = N;
    while (flow < limit) {
        if (relabels >= N) { /* global relabeling: exact distances to t by a backward BFS */
            relabels = 0;
            for (uint32_t v = 0; v < N; v++)
                d[v] = n;
            size_t qh = 0, qt = 0;
            f->queue[qt++] = t;
            d[t] = 0;
            while (qh < qt) {
                uint32_t y = f->queue[qh++];
                for (uint32_t a = f->first[y]; a < f->first[y + 1]; a++)
                    if (f->cap[f->rev[a]] > 0 && d[f->head[a]] == n) {
                        d[f->head[a]] = d[y] + 1;
                        f->queue[qt++] = f->head[a];
                    }
            }
            memset(f->count, 0, ((size_t)N + 1) * sizeof *f->count);
            for (uint32_t v = 0; v < N; v++)
                f->count[d[v]]++;
            memcpy(f->cur, f->first, (size_t)N * sizeof *f->cur);
            x = s;
            depth = 0;
        }
        if (d[s] >= n)
            break;
        uint32_t a = f->cur[x], end = f->first[x + 1];
        while (a < end && (f->cap[a] <= 0 || d[f->head[a]] + 1 != d[x]))
            a++;
        f->cur[x] = a;
        if (a < end) { /* advance along an admissible arc */
            f->stack[depth++] = a;
            x = f->head[a];
            if (x == t) {
                for (size_t i = 0; i < depth; i++) {
                    f->cap[f->stack[i]]--;
                    f->cap[f->rev[f->stack[i]]]++;
                }
                flow++;
                depth = 0;
                x = s;
            }
            continue;
        }
        int32_t lab = n; /* relabel x, then retreat */
        for (uint32_t b = f->first[x]; b < end; b++)
            if (f->cap[b] > 0 && d[f->head[b]] + 1 < lab)
                lab = d[f->head[b]] + 1;
        if (--f->count[d[x]] == 0)
            break; /* gap: no label d[x] is left, so nothing above it (s) reaches t */
        d[x] = lab;
        f->count[lab]++;
        relabels++;
        f->cur[x] = f->first[x];
        if (x != s)
            x = f->head[f->rev[f->stack[--depth]]];
    }
    return flow;
}

/* After max_flow: the other nodes whose in and out are reachable from the super source join
 * the sources (side 0), those whose in only is are the minimum node cut (2), the rest join the
 * sinks (1). */
static void cut_sides(nd *d, uint32_t k)
{
    flownet *f = &d->f;
    bfs_levels(f, 2 * k + 2, 2 * k);
    for (uint32_t i = 0; i < k; i++)
        if (d->side[i] == 2)
            d->side[i] = f->level[2 * i] < 0 ? 1 : f->level[2 * i + 1] < 0 ? 2 : 0;
}

/* ---- quickselect on projections ---- */

static int keyed_less(const keyed *a, const keyed *b)
{
    return a->key < b->key || (a->key == b->key && a->v < b->v);
}

/* Rearranges p[0..k) so that p[r] is the element of rank r, smaller ones before it. */
static void select_rank(keyed *p, uint32_t k, uint32_t r)
{
    uint32_t lo = 0, hi = k - 1;
    while (lo < hi) {
        keyed piv = p[lo + (hi - lo) / 2];
        uint32_t i = lo, j = hi;
        while (i <= j) {
            while (keyed_less(&p[i], &piv))
                i++;
            while (keyed_less(&piv, &p[j]))
                j--;
            if (i <= j) {
                keyed t = p[i];
                p[i] = p[j];
                p[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (r <= j)
            hi = j;
        else if (r >= i)
            lo = i;
        else
            return;
    }
}

/* ---- the pieces ---- */

static int push_item(nd *d, uint32_t lo, uint32_t hi)
{
    if (hi - lo <= SMALL_PIECE)
        return 0;
    if (d->n_items + 2 > d->cap_items) {
        size_t c = d->cap_items ? 2 * d->cap_items : 64;
        uint32_t *p = realloc(d->items, c * sizeof *p);
        if (!p)
            return -1;
        d->items = p;
        d->cap_items = c;
    }
    d->items[d->n_items++] = lo;
    d->items[d->n_items++] = hi;
    return 0;
}

/* Marks the piece perm[lo..hi) with a new stamp and gives its nodes local indices. */
static void enter_piece(nd *d, uint32_t lo, uint32_t hi)
{
    d->stamp++;
    for (uint32_t i = lo; i < hi; i++) {
        d->mark[d->perm[i]] = d->stamp;
        d->loc[d->perm[i]] = i - lo;
    }
}

/* Splits a disconnected piece into its components (pushed as pieces); 1 when it did. */
static int split_components(nd *d, uint32_t lo, uint32_t hi, int *nomem)
{
    uint32_t k = hi - lo, done = 0, comp = 0;
    for (uint32_t i = 0; i < k; i++)
        d->side[i] = NONE;
    /* BFS order into tmp, component by component; side[i] = component */
    for (uint32_t i0 = 0; i0 < k; i0++) {
        if (d->side[i0] != NONE)
            continue;
        uint32_t start = done;
        d->tmp[done++] = d->perm[lo + i0];
        d->side[i0] = comp;
        for (uint32_t q = start; q < done; q++) {
            uint32_t v = d->tmp[q];
            for (uint32_t e = d->first[v]; e < d->first[v + 1]; e++) {
                uint32_t w = d->adj[e];
                if (d->mark[w] == d->stamp && d->side[d->loc[w]] == NONE) {
                    d->side[d->loc[w]] = comp;
                    d->tmp[done++] = w;
                }
            }
        }
        if (start == 0 && done == k)
            return 0; /* connected */
        if (push_item(d, lo + start, lo + done))
            *nomem = 1;
        comp++;
    }
    memcpy(d->perm + lo, d->tmp, (size_t)k * sizeof *d->tmp);
    return 1;
}

/* Cuts the connected piece perm[lo..hi): perm becomes source side, sink side, separator. */
static int dissect(nd *d, uint32_t lo, uint32_t hi)
{
    uint32_t k = hi - lo, ends = (uint32_t)ceil(BALANCE * k), best_flow = NONE;
    static const double dir[4][2] = {{1, 0}, {0, 1}, {0.70710678, 0.70710678},
                                     {0.70710678, -0.70710678}};
    for (int di = 0; di < 4; di++) {
        for (uint32_t i = 0; i < k; i++) {
            uint32_t v = d->perm[lo + i];
            d->proj[i] = (keyed){dir[di][0] * d->x[v] + dir[di][1] * d->y[v], i};
        }
        select_rank(d->proj, k, ends - 1);
        select_rank(d->proj + ends, k - ends, k - 2 * ends);
        for (uint32_t i = 0; i < k; i++)
            d->side[d->proj[i].v] = i < ends ? 0 : i >= k - ends ? 1 : 2;
        build_network(d, lo, hi);
        uint32_t fl = max_flow(&d->f, 2 * k + 2, 2 * k, 2 * k + 1, best_flow);
        if (fl >= best_flow)
            continue;
        cut_sides(d, k);
        uint32_t na = 0, nb = 0;
        for (uint32_t i = 0; i < k; i++) {
            na += d->side[i] == 0;
            nb += d->side[i] == 1;
        }
        if (na == 0 || nb == 0) /* sources all next to sinks: no cut here */
            continue;
        best_flow = fl;
        memcpy(d->best, d->side, (size_t)k * sizeof *d->best);
    }
    uint32_t na = 0, nb = 0;
    for (uint32_t i = 0; i < k; i++) {
        if (best_flow == NONE) /* no direction cuts it: the whole piece is its separator */
            d->best[i] = 2;
        na += d->best[i] == 0;
        nb += d->best[i] == 1;
    }
    uint32_t at[3] = {0, na, na + nb};
    for (uint32_t i = 0; i < k; i++)
        d->tmp[at[d->best[i]]++] = d->perm[lo + i];
    memcpy(d->perm + lo, d->tmp, (size_t)k * sizeof *d->tmp);
    if (push_item(d, lo, lo + na) || push_item(d, lo + na, lo + na + nb))
        return -1;
    return 0;
}

static void nd_free(nd *d)
{
    free(d->first);
    free(d->adj);
    free(d->x);
    free(d->y);
    free(d->perm);
    free(d->loc);
    free(d->mark);
    free(d->side);
    free(d->best);
    free(d->tmp);
    free(d->proj);
    free(d->f.first);
    free(d->f.head);
    free(d->f.rev);
    free(d->f.cur);
    free(d->f.fill);
    free(d->f.cap);
    free(d->f.level);
    free(d->f.queue);
    free(d->f.stack);
    free(d->f.count);
    free(d->items);
}

cor_status cor_cch_order(const cor_graph *g, uint32_t *rank, cor_err *err)
{
    nd d = {0};
    size_t n = cor_graph_node_count(g);
    if (n >= NONE / 2 - 2)
        return cor_err_set(err, COR_ERR_NOMEM, "graph too large for the nested-dissection order");
    d.n = (uint32_t)n;
    if (build_adjacency(&d, g) != COR_OK)
        goto nomem;
    size_t n1 = n ? n : 1, N = 2 * n + 3, A = 2 * ((size_t)d.first[n] + 2 * n) + 2;
    d.x = malloc(n1 * sizeof *d.x);
    d.y = malloc(n1 * sizeof *d.y);
    d.perm = malloc(n1 * sizeof *d.perm);
    d.loc = malloc(n1 * sizeof *d.loc);
    d.mark = calloc(n1, sizeof *d.mark);
    d.side = malloc(n1 * sizeof *d.side);
    d.best = malloc(n1 * sizeof *d.best);
    d.tmp = malloc(n1 * sizeof *d.tmp);
    d.proj = malloc(n1 * sizeof *d.proj);
    d.f.first = malloc(N * sizeof *d.f.first);
    d.f.cur = malloc(N * sizeof *d.f.cur);
    d.f.fill = malloc(N * sizeof *d.f.fill);
    d.f.level = malloc(N * sizeof *d.f.level);
    d.f.queue = malloc(N * sizeof *d.f.queue);
    d.f.stack = malloc(N * sizeof *d.f.stack);
    d.f.count = malloc((N + 1) * sizeof *d.f.count);
    d.f.head = malloc(A * sizeof *d.f.head);
    d.f.rev = malloc(A * sizeof *d.f.rev);
    d.f.cap = malloc(A * sizeof *d.f.cap);
    if (!d.x || !d.y || !d.perm || !d.loc || !d.mark || !d.side || !d.best || !d.tmp ||
        !d.proj || !d.f.first || !d.f.cur || !d.f.fill || !d.f.level || !d.f.queue ||
        !d.f.stack || !d.f.count || !d.f.head || !d.f.rev || !d.f.cap)
        goto nomem;
    double lat_sum = 0;
    for (uint32_t v = 0; v < d.n; v++) {
        cor_graph_node_info ni;
        cor_graph_get_node(g, v, &ni);
        d.x[v] = ni.lon;
        d.y[v] = ni.lat;
        lat_sum += ni.lat;
        d.perm[v] = v;
    }
    double c = cos((n ? lat_sum / (double)n : 0) * M_PI / 180);
    for (uint32_t v = 0; v < d.n; v++)
        d.x[v] *= c;
    if (push_item(&d, 0, d.n))
        goto nomem;
    while (d.n_items) {
        uint32_t hi = d.items[--d.n_items], lo = d.items[--d.n_items];
        int nomem = 0;
        enter_piece(&d, lo, hi);
        if (split_components(&d, lo, hi, &nomem)) {
            if (nomem)
                goto nomem;
            continue;
        }
        if (dissect(&d, lo, hi))
            goto nomem;
    }
    for (uint32_t i = 0; i < d.n; i++)
        rank[d.perm[i]] = i;
    nd_free(&d);
    return COR_OK;
nomem:
    nd_free(&d);
    return cor_err_set(err, COR_ERR_NOMEM, "out of memory computing the nested-dissection order");
}
