/* Shortest-path queries on a cor_graph: Dijkstra, bidirectional Dijkstra, the CH query
 * (bidirectional upward search with stall-on-demand, Geisberger et al. 2008), path unpacking
 * through shortcut halves, and bucket-based many-to-many tables (Knopp et al. 2007). A mapped
 * snapshot is not validated when it is opened: every index a search follows is checked where
 * it is used (docs/ch.md "Bounds"), and a path is checked before it is handed out. */
#include <stdlib.h>
#include <string.h>

#include "ch/graph_int.h"
#include "util/grow.h"
#include "util/heap.h"

cor_status cor_algo_parse(const char *text, cor_algo *out, cor_err *err)
{
    static const char *const names[] = {"dijkstra", "bidijkstra", "ch"}; /* as cor_algo */
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(text, names[i]) == 0)
            return *out = (cor_algo)i, COR_OK;
    return cor_err_set(err, COR_ERR_INPUT, "expected ch, bidijkstra or dijkstra, found \"%.64s\"",
                       text);
}

cor_status cor_metric_parse(const char *text, cor_metric *out, cor_err *err)
{
    if (strcmp(text, "time") == 0)
        return *out = COR_METRIC_TIME, COR_OK;
    if (strcmp(text, "distance") == 0)
        return *out = COR_METRIC_DISTANCE, COR_OK;
    return cor_err_set(err, COR_ERR_INPUT, "expected time or distance, found \"%s\"", text);
}

#define NO_ARC UINT32_MAX

/* The heap of the hierarchy's searches: lazy (util/heap.h), with entries packed in 64 bits,
 * the key above the rank, so that one integer compare orders them (ties by rank) and an entry
 * is half a cor_heap_entry. Keys are distances saturated at UINT32_MAX: an answer that does
 * not fit is at least COR_CH_WEIGHT_CAP, where the query falls back to bidirectional Dijkstra
 * anyway, and a popped entry's distance is read from its label. */
static inline int up_less_(const uint64_t *a, const uint64_t *b) { return *a < *b; }
COR_LHEAP_DEFINE(up_heap, uint64_t, up_less_)

static inline uint64_t up_entry(uint32_t rank, uint64_t d)
{
    return (d < UINT32_MAX ? d : UINT32_MAX) << 32 | rank;
}

/* What a search knows of a node it labelled: its distance and the arc that reached it (an
 * arc id of the graph for Dijkstra, an index into the hierarchy's fwd/bwd arrays for a CH
 * search, whose tail, the parent, is found from the first[] offsets when a path is built). */
typedef struct label {
    uint64_t d;
    uint32_t parc;
} label;

/* One direction of a search. The stamps (the search that labelled a node; they spare clearing
 * the arrays between queries) are an array apart from the labels: most nodes a search looks at
 * (stall tests, the other side's label) were not labelled by it, and then only the dense stamps
 * are read (docs/ch.md "Query"). */
typedef struct side {
    uint32_t *stamp;         /* by node (by rank in a CH search) */
    label *lab;              /* valid where stamped */
    cor_lheap h;             /* Dijkstra's heap: stale entries skipped when they come up */
    up_heap up;              /* the hierarchy's, the same way */
} side;

struct cor_gquery {
    const cor_graph *g;
    side s[2];
    uint32_t cur;            /* stamp of the current search */
    /* last result */
    int ok;
    cor_algo algo;
    cor_metric metric;
    uint32_t from, to, meet; /* meet: a rank after a CH query */
    size_t settled;
    uint64_t dist;           /* of the last result */
    int bad;                 /* the search met an index out of range: a damaged snapshot */
    int trusted;             /* built in memory or verified: the searches skip the checks */
    uint64_t budget, budget_max; /* arc ranges a search may still scan (see arcs_of) */
    uint32_t *path, *stack;
    size_t path_cap, stack_cap;
    size_t path_n;
    char avoid[COR_GQUERY_MAX_AVOID][2]; /* countries the searches never enter */
    size_t n_avoid;
};

static int side_init(side *s, uint64_t n)
{
    size_t k = (size_t)n + 1;
    s->stamp = calloc(k, sizeof *s->stamp);
    s->lab = malloc(k * sizeof *s->lab);
    /* room for the first entries now, so that starting a search cannot fail */
    return s->stamp && s->lab && cor_lheap_grow(&s->h) == 0 &&
           cor_grow(&s->up.e, 0, &s->up.cap, sizeof *s->up.e);
}

static void side_free(side *s)
{
    free(s->stamp);
    free(s->lab);
    cor_lheap_free(&s->h);
    free(s->up.e);
}

cor_gquery *cor_gquery_new(const cor_graph *g)
{
    cor_gquery *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->g = g;
    /* a search expands each node at most once per side, scanning its arcs of both directions */
    q->budget_max = 4 * g->m;
    for (int m = 0; m < COR_METRIC_COUNT; m++)
        if ((g->has_ch >> m) & 1)
            q->budget_max += 2 * (g->ch[m].n_fwd + g->ch[m].n_bwd);
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

cor_status cor_gquery_avoid(cor_gquery *q, const char (*countries)[3], size_t n, cor_err *err)
{
    if (n > COR_GQUERY_MAX_AVOID)
        return cor_err_set(err, COR_ERR_INPUT, "at most %d countries to avoid, found %zu",
                           COR_GQUERY_MAX_AVOID, n);
    for (size_t i = 0; i < n; i++)
        if (strlen(countries[i]) != 2)
            return cor_err_set(err, COR_ERR_INPUT, "expected a two-letter country code, found "
                               "\"%s\"", countries[i]);
    /* a typo would silently avoid nothing */
    for (size_t i = 0; i < n; i++) {
        uint64_t v = 0;
        while (v < q->g->n && memcmp(q->g->country + 2 * v, countries[i], 2) != 0)
            v++;
        if (v == q->g->n)
            return cor_err_set(err, COR_ERR_INPUT, "expected a country with a node in the "
                               "graph, found %s", countries[i]);
    }
    for (size_t i = 0; i < n; i++)
        memcpy(q->avoid[i], countries[i], 2);
    q->n_avoid = n;
    return COR_OK;
}

/* The avoided country node v lies in, or NULL. */
static const char *avoided(const cor_gquery *q, uint32_t v)
{
    const char *cc = q->g->country + 2 * (size_t)v;
    for (size_t i = 0; i < q->n_avoid; i++)
        if (q->avoid[i][0] == cc[0] && q->avoid[i][1] == cc[1])
            return q->avoid[i];
    return NULL;
}

static inline uint64_t dget(const side *s, uint32_t v, uint32_t cur)
{
    return s->stamp[v] == cur ? s->lab[v].d : COR_DIST_INF;
}

/* Offers distance d to x through `arc`: 1 when it improves x's label (now set), else 0. */
static inline int improves(side *s, uint32_t cur, uint32_t x, uint64_t d, uint32_t arc)
{
    if (s->stamp[x] == cur && d >= s->lab[x].d)
        return 0;
    s->stamp[x] = cur;
    s->lab[x] = (label){d, arc};
    return 1;
}

/* Relaxes for Dijkstra. Returns 1, or 0 when out of memory. */
static inline int relax(side *s, uint32_t cur, uint32_t x, uint64_t d, uint32_t arc)
{
    return !improves(s, cur, x, d, arc) || cor_lheap_push(&s->h, x, d) == 0;
}

static void new_search(cor_gquery *q)
{
    if (++q->cur == 0) {
        for (int k = 0; k < 2; k++)
            for (uint64_t v = 0; v <= q->g->n; v++)
                q->s[k].stamp[v] = 0;
        q->cur = 1;
    }
    for (int k = 0; k < 2; k++) {
        cor_lheap_clear(&q->s[k].h);
        q->s[k].up.n = 0;
    }
    q->settled = 0;
    q->bad = 0;
    q->trusted = !q->g->blob || q->g->verified;
    q->budget = q->budget_max;
}

/* The arcs [*b, *e) stored at v, checked against the array's size (cap) and charged to the
 * search's budget: a damaged snapshot's offsets may be out of order or overlap, which would
 * read out of bounds or make a search quadratic. 0 (and q->bad set) when they are. */
static inline int arcs_of(cor_gquery *q, const uint32_t *first, uint32_t v, uint64_t cap,
                          uint32_t *b, uint32_t *e)
{
    uint32_t lo = first[v], hi = first[v + 1];
    if (q->trusted) {
        *b = lo;
        *e = hi;
        return 1;
    }
    if (lo > hi || hi > cap || hi - lo > q->budget) {
        q->bad = 1;
        return 0;
    }
    q->budget -= hi - lo;
    *b = lo;
    *e = hi;
    return 1;
}

/* Labels v at distance 0 on side k and puts it on the heap of a hierarchy search (up) or of
 * Dijkstra. */
static void start(cor_gquery *q, int k, uint32_t v, int up)
{
    side *s = &q->s[k];
    s->stamp[v] = q->cur;
    s->lab[v] = (label){0, NO_ARC};
    /* cannot fail: side_init made room, the heap is empty */
    if (up)
        up_heap_add(&s->up, up_entry(v, 0));
    else
        cor_lheap_push(&s->h, v, 0);
}

/* ---- the three algorithms ---- */

static int dijkstra(cor_gquery *q, cor_metric m, uint32_t s, uint32_t t, uint64_t *dist)
{
    const cor_graph *g = q->g;
    side *f = &q->s[0];
    uint32_t cur = q->cur;
    start(q, 0, s, 0);
    while (!cor_lheap_empty(&f->h) && !q->bad) {
        cor_heap_entry e = cor_lheap_pop(&f->h);
        if (e.key != f->lab[e.item].d)
            continue;
        q->settled++;
        if (e.item == t) {
            *dist = e.key;
            q->meet = t;
            return 1;
        }
        uint32_t b, end;
        if (!arcs_of(q, g->out_first, e.item, g->m, &b, &end))
            break;
        for (uint32_t i = b; i < end; i++) {
            uint32_t a = g->out_arc[i], x;
            if (a >= g->m || (x = g->arc_to[a]) >= g->n) {
                q->bad = 1;
                break;
            }
            if (q->n_avoid && avoided(q, x))
                continue;
            if (!relax(f, cur, x, e.key + cor_graph_arc_weight(g, a, m), a))
                return -1;
        }
    }
    return 0;
}

/* The smallest key that is still a label (stale entries on top dropped), or COR_DIST_INF. */
static uint64_t top_key(side *s)
{
    while (!cor_lheap_empty(&s->h) &&
           cor_lheap_top_key(&s->h) != s->lab[cor_lheap_top_item(&s->h)].d)
        cor_lheap_pop(&s->h);
    return cor_lheap_empty(&s->h) ? COR_DIST_INF : cor_lheap_top_key(&s->h);
}

static int bidijkstra(cor_gquery *q, cor_metric m, uint32_t s, uint32_t t, uint64_t *dist)
{
    const cor_graph *g = q->g;
    uint32_t cur = q->cur;
    start(q, 0, s, 0);
    start(q, 1, t, 0);
    uint64_t best = s == t ? 0 : COR_DIST_INF;
    q->meet = s == t ? s : UINT32_MAX;
    for (;;) {
        uint64_t tf = top_key(&q->s[0]), tb = top_key(&q->s[1]);
        /* stop when no path through an unsettled node can be shorter (tf + tb >= best) */
        if ((tf == COR_DIST_INF && tb == COR_DIST_INF) ||
            (best != COR_DIST_INF && tf != COR_DIST_INF && tb != COR_DIST_INF && tf + tb >= best) ||
            (best != COR_DIST_INF && (tf == COR_DIST_INF || tb == COR_DIST_INF)))
            break;
        int k = tf <= tb ? 0 : 1;
        side *me = &q->s[k], *other = &q->s[1 - k];
        cor_heap_entry e = cor_lheap_pop(&me->h);
        q->settled++;
        const uint32_t *first = k ? g->in_first : g->out_first, *arcs = k ? g->in_arc : g->out_arc;
        const uint32_t *head = k ? g->arc_from : g->arc_to;
        uint32_t b, end;
        if (!arcs_of(q, first, e.item, g->m, &b, &end))
            break;
        for (uint32_t i = b; i < end; i++) {
            uint32_t a = arcs[i], x;
            if (a >= g->m || (x = head[a]) >= g->n) {
                q->bad = 1;
                return 0;
            }
            if (q->n_avoid && avoided(q, x))
                continue;
            uint64_t d = e.key + cor_graph_arc_weight(g, a, m);
            if (!relax(me, cur, x, d, a))
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

/* Whether hierarchy head h is above rank v and a rank (v < h < n), in one compare. */
static inline int above(uint32_t h, uint32_t v, uint64_t n)
{
    return (uint32_t)(h - v - 1) < (uint32_t)(n - v - 1);
}

/* Stall-on-demand: v's distance d from side k's search is not optimal if a higher node h with
 * an arc down to v (stored at v in the other direction's arrays) already offers less. All on
 * ranks: the heads are above v, usually near it in memory. A damaged range or head sets q->bad
 * and stalls v. */
static inline int stalled(cor_gquery *q, const ch_data *c, int k, uint32_t v, uint64_t d)
{
    const side *me = &q->s[k];
    const ch_arc *down = k ? c->fwd : c->bwd;
    uint32_t b, end;
    if (!arcs_of(q, k ? c->fwd_first : c->bwd_first, v, k ? c->n_fwd : c->n_bwd, &b, &end))
        return 1;
    for (uint32_t i = b; i < end; i++) {
        if (!q->trusted && !above(down[i].head, v, q->g->n)) {
            q->bad = 1;
            return 1;
        }
        uint32_t h = down[i].head;
        if (me->stamp[h] == q->cur && me->lab[h].d + down[i].w < d)
            return 1;
    }
    return 0;
}

/* Relaxes the upward arcs of rank v on side k (a search at distance d). 0 when out of memory;
 * a damaged range or head sets q->bad. */
static inline int expand_up(cor_gquery *q, const ch_data *c, int k, uint32_t v, uint64_t d)
{
    side *me = &q->s[k];
    const ch_arc *up = k ? c->bwd : c->fwd;
    uint32_t b, end;
    if (!arcs_of(q, k ? c->bwd_first : c->fwd_first, v, k ? c->n_bwd : c->n_fwd, &b, &end))
        return 1;
    for (uint32_t i = b; i < end; i++) {
        if (!q->trusted && !above(up[i].head, v, q->g->n)) {
            q->bad = 1;
            return 1;
        }
        uint64_t x = d + up[i].w;
        if (improves(me, q->cur, up[i].head, x, i) &&
            up_heap_add(&me->up, up_entry(up[i].head, x)) != 0)
            return 0;
    }
    return 1;
}

/* The smallest key of a hierarchy search that is still a label (stale entries on top dropped;
 * a key saturated as up_entry() does), or COR_DIST_INF when none is left. */
static uint64_t up_top(side *s)
{
    while (s->up.n && s->up.e[0] != up_entry((uint32_t)s->up.e[0], s->lab[(uint32_t)s->up.e[0]].d))
        up_heap_pop(&s->up);
    return s->up.n ? s->up.e[0] >> 32 : COR_DIST_INF;
}

/* The CH query on ranks s and t. */
static int ch_query(cor_gquery *q, cor_metric m, uint32_t s, uint32_t t, uint64_t *dist)
{
    const ch_data *c = &q->g->ch[m];
    uint32_t cur = q->cur;
    start(q, 0, s, 1);
    start(q, 1, t, 1);
    uint64_t best = s == t ? 0 : COR_DIST_INF;
    q->meet = s == t ? s : UINT32_MAX;
    int done[2] = {0, 0};
    while ((!done[0] || !done[1]) && !q->bad) {
        for (int k = 0; k < 2; k++) {
            if (done[k])
                continue;
            side *me = &q->s[k];
            /* a direction is finished when its smallest key cannot improve the best (a
             * saturated key is at least COR_CH_WEIGHT_CAP, the fallback's threshold) */
            if (up_top(me) >= best) {
                done[k] = 1;
                continue;
            }
            uint32_t v = (uint32_t)up_heap_pop(&me->up);
            uint64_t d = me->lab[v].d;
            q->settled++;
            uint64_t o = dget(&q->s[1 - k], v, cur);
            if (o != COR_DIST_INF && d + o < best) {
                best = d + o;
                q->meet = v;
            }
            if (stalled(q, c, k, v, d))
                continue;
            if (!expand_up(q, c, k, v, d))
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
    if (q->n_avoid && a == COR_ALGO_CH)
        return cor_err_set(err, COR_ERR_INPUT, "the hierarchy cannot avoid countries: use "
                                               "Dijkstra or bidirectional Dijkstra");
    const char *cc = q->n_avoid ? avoided(q, s) : NULL;
    if (cc || (cc = q->n_avoid ? avoided(q, t) : NULL))
        return cor_err_set(err, COR_ERR_INPUT, "node %s lies in %.2s, which is avoided",
                           q->g->ids + q->g->id_off[avoided(q, s) ? s : t], cc);
    new_search(q);
    uint64_t d = COR_DIST_INF;
    const uint32_t *rank = q->g->ch[m].rank;
    if (a == COR_ALGO_CH && (rank[s] >= q->g->n || rank[t] >= q->g->n))
        q->bad = 1;
    int r = q->bad                     ? 0
            : a == COR_ALGO_DIJKSTRA   ? dijkstra(q, m, s, t, &d)
            : a == COR_ALGO_BIDIJKSTRA ? bidijkstra(q, m, s, t, &d)
                                       : ch_query(q, m, rank[s], rank[t], &d);
    if (a == COR_ALGO_CH && r > 0 && d >= COR_CH_WEIGHT_CAP && !q->bad) {
        a = COR_ALGO_BIDIJKSTRA; /* a capped shortcut may be on it */
        new_search(q);
        r = bidijkstra(q, m, s, t, &d);
    }
    if (r < 0)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    if (q->bad)
        return cor_err_set(err, COR_ERR_INPUT, "corrupt snapshot: the %s met an index out of "
                           "range (corridor check tells more)",
                           a == COR_ALGO_CH ? "hierarchy search" : "graph search");
    *dist = d;
    if (!r)
        return cor_err_set(err, COR_ERR_NOROUTE, "no path from node %u to node %u", s, t);
    q->ok = 1;
    q->dist = d;
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
 * Returns 1, 0 when out of memory, -1 when the hierarchy is damaged: a record out of range, a
 * shortcut half not below its shortcut (unpacking would not end), or a path beyond n - 1 arcs
 * (a shortest path is simple, so only shortcuts repeating a cycle, doubling at each level, get
 * there; stopping keeps the work linear). */
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
        uint64_t k = rec - m;
        if (k >= c->n_sc || c->sc_a[k] >= rec || c->sc_b[k] >= rec)
            return -1;
        if (!cor_grow(&q->stack, sp, &q->stack_cap, sizeof *q->stack))
            return 0;
        q->stack[sp++] = c->sc_b[k];
        rec = c->sc_a[k];
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

/* The tail of hierarchy arc i: the position r with first[r] <= i < first[r + 1] (when the
 * offsets are in order; the caller checks). */
static uint32_t arc_tail(const uint32_t *first, uint64_t n, uint32_t i)
{
    uint64_t lo = 0, hi = n; /* first[lo] <= i < first[hi] */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (first[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* The node before v on side k's tree, and the record of the arc between them; UINT32_MAX when
 * a damaged snapshot breaks the tree: the arc must lead to v from a node labelled by this
 * search, in a hierarchy from a lower rank (so that the walk ends). */
static uint32_t parent(const cor_gquery *q, int k, uint32_t v, uint32_t *rec)
{
    const cor_graph *g = q->g;
    uint32_t a = q->s[k].lab[v].parc, u;
    if (q->algo != COR_ALGO_CH) {
        *rec = a;
        u = k ? g->arc_to[a] : g->arc_from[a];
        if (u >= g->n || (k ? g->arc_from[a] : g->arc_to[a]) != v)
            return UINT32_MAX;
    } else {
        const ch_data *c = &g->ch[q->metric];
        const uint32_t *first = k ? c->bwd_first : c->fwd_first;
        *rec = k ? c->bwd_rec[a] : c->fwd_rec[a];
        u = arc_tail(first, g->n, a);
        if (u >= v || first[u] > a || a >= first[u + 1] || (k ? c->bwd : c->fwd)[a].head != v)
            return UINT32_MAX;
    }
    return q->s[k].stamp[u] == q->cur ? u : UINT32_MAX;
}

/* The records of side k's tree from meet down to the root, in the order met, into *recs (grown
 * as needed). The number, or -1 when out of memory, -2 for a broken tree (at most n steps). */
static long long tree_recs(const cor_gquery *q, int k, uint32_t **recs, size_t *cap)
{
    size_t nr = 0;
    for (uint32_t v = q->meet; q->s[k].lab[v].parc != NO_ARC;) {
        uint32_t rec;
        if (nr >= q->g->n || (v = parent(q, k, v, &rec)) == UINT32_MAX)
            return -2;
        if (!cor_grow(recs, nr, cap, sizeof **recs))
            return -1;
        (*recs)[nr++] = rec;
    }
    return (long long)nr;
}

/* The path in q->path from the records of both trees: forward ones reversed (s first), each
 * unpacked through its shortcuts in a hierarchy. 1, 0 out of memory, -1 damaged. */
static int build_path(cor_gquery *q)
{
    uint32_t *recs = NULL;
    size_t cap = 0;
    int r = 1;
    const ch_data *c = &q->g->ch[q->metric];
    for (int k = 0; k < (q->algo == COR_ALGO_DIJKSTRA ? 1 : 2) && r > 0; k++) {
        long long nr = tree_recs(q, k, &recs, &cap);
        if (nr < 0) {
            r = nr == -1 ? 0 : -1;
            break;
        }
        if (!k)
            reverse(recs, (size_t)nr);
        for (long long i = 0; i < nr && r > 0; i++)
            r = q->algo == COR_ALGO_CH ? unpack(q, c, recs[i])
                : q->path_n + 1 >= q->g->n ? -1 : path_push(q, recs[i]);
    }
    free(recs);
    return r;
}

/* Whether q->path is a path to hand out: contiguous from s to t, weighing the distance found,
 * every node and arc on it fit to be shown (all arrays a damaged snapshot could break; a graph
 * built in memory or a verified snapshot skips these, the costlier part). */
static int path_ok(const cor_gquery *q)
{
    const cor_graph *g = q->g;
    int trusted = q->trusted; /* as the search that found the path was */
    uint32_t at = q->from;
    uint64_t w = 0;
    if (!trusted && !cor_graph_node_ok(g, at))
        return 0;
    for (size_t i = 0; i < q->path_n; i++) {
        uint32_t a = q->path[i];
        if (a >= g->m || g->arc_from[a] != at || (!trusted && !cor_graph_arc_ok(g, a)))
            return 0;
        at = g->arc_to[a];
        w += cor_graph_arc_weight(g, a, q->metric);
        if (!trusted && !cor_graph_node_ok(g, at))
            return 0;
    }
    return at == q->to && w == q->dist;
}

cor_status cor_gquery_path(cor_gquery *q, const uint32_t **arcs, size_t *n, cor_err *err)
{
    if (!q->ok)
        return cor_err_set(err, COR_ERR_INPUT, "no successful query to take a path from");
    q->path_n = 0;
    int r = build_path(q);
    if (!r)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    if (r < 0 || !path_ok(q))
        return cor_err_set(err, COR_ERR_INPUT, "corrupt snapshot: the path from node %u to node "
                           "%u does not unpack to a valid path of the graph (corridor check "
                           "tells more)", q->from, q->to);
    *arcs = q->path;
    *n = q->path_n;
    return COR_OK;
}

/* ---- many-to-many ---- */

typedef struct bucket {
    uint32_t node, target;
    uint64_t d;
} bucket;

/* Runs a complete upward search (k = 0 forward, 1 backward) from the node of rank v; calls
 * back every settled, unstalled rank. 0 when out of memory; a damaged hierarchy sets q->bad. */
static int upward_all(cor_gquery *q, const ch_data *c, int k, uint32_t v,
                      int (*visit)(void *, uint32_t, uint64_t), void *arg)
{
    new_search(q);
    side *me = &q->s[k];
    start(q, k, v, 1);
    while (up_top(me) != COR_DIST_INF && !q->bad) {
        uint32_t x = (uint32_t)up_heap_pop(&me->up);
        uint64_t d = me->lab[x].d;
        if (stalled(q, c, k, x, d))
            continue;
        if (!visit(arg, x, d) || !expand_up(q, c, k, x, d))
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

static cor_status table_corrupt(cor_err *err)
{
    return cor_err_set(err, COR_ERR_INPUT, "corrupt snapshot: the table's searches met an index "
                       "out of range (corridor check tells more)");
}

cor_status cor_gquery_table(cor_gquery *q, cor_metric m, const uint32_t *src, size_t n_src,
                            const uint32_t *dst, size_t n_dst, uint64_t *out, cor_err *err)
{
    const cor_graph *g = q->g;
    q->ok = 0;
    if ((unsigned)m >= COR_METRIC_COUNT)
        return cor_err_set(err, COR_ERR_INPUT, "unknown metric");
    if (q->n_avoid)
        return cor_err_set(err, COR_ERR_INPUT, "a table cannot avoid countries");
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
        /* one complete Dijkstra per source (no node is the target UINT32_MAX) */
        for (size_t i = 0; i < n_src; i++) {
            new_search(q);
            uint64_t d;
            if (dijkstra(q, m, src[i], UINT32_MAX, &d) < 0)
                return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
            if (q->bad)
                return table_corrupt(err);
            for (size_t j = 0; j < n_dst; j++)
                out[i * n_dst + j] = dget(&q->s[0], dst[j], q->cur);
        }
        return COR_OK;
    }
    const ch_data *c = &g->ch[m];
    for (size_t i = 0; i < n_src + n_dst; i++)
        if (c->rank[i < n_src ? src[i] : dst[i - n_src]] >= g->n)
            return table_corrupt(err);
    tctx t = {0};
    cor_status st = COR_OK;
    uint32_t *first = NULL;
    bucket *sorted = NULL;
    for (size_t j = 0; j < n_dst && !st && !q->bad; j++) {
        t.target = (uint32_t)j;
        if (!upward_all(q, c, 1, c->rank[dst[j]], add_bucket, &t))
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
        for (size_t i = 0; i < n_src && !st && !q->bad; i++) {
            t.row = out + i * n_dst;
            if (!upward_all(q, c, 0, c->rank[src[i]], scan_buckets, &t))
                st = COR_ERR_NOMEM;
            /* entries at the shortcut cap may be too short: exact ones from the graph */
            for (size_t j = 0; j < n_dst && !st && !q->bad; j++) {
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
    if (st)
        return cor_err_set(err, st, "out of memory");
    return q->bad ? table_corrupt(err) : COR_OK;
}
