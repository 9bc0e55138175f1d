/*
 * Route diversity: k link- or node-disjoint paths of least total latency (or length) between
 * two node sets. Suurballe 1974, generalised to k paths by Suurballe-Tarjan 1984: k rounds of
 * Dijkstra on reduced costs c(u,v) + pi(u) - pi(v) >= 0 in the residual graph, one unit each.
 */
#include "flow/flow_int.h"
#include "util/heap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A unit-capacity graph with costs, arcs in pairs (a, a ^ 1). */
typedef struct mcf {
    uint32_t nv;
    size_t n_arcs;
    uint32_t *head, *next, *first, *lk; /* lk: network link, or FLOW_NONE */
    int *res, *cap0;
    double *cost;
} mcf;

static void mcf_add(mcf *g, uint32_t u, uint32_t v, int cap, double cost, uint32_t lk)
{
    size_t a = g->n_arcs;
    g->head[a] = v, g->cap0[a] = g->res[a] = cap, g->cost[a] = cost, g->lk[a] = lk;
    g->next[a] = g->first[u], g->first[u] = (uint32_t)a;
    g->head[a + 1] = u, g->cap0[a + 1] = g->res[a + 1] = 0, g->cost[a + 1] = -cost;
    g->lk[a + 1] = lk;
    g->next[a + 1] = g->first[v], g->first[v] = (uint32_t)(a + 1);
    g->n_arcs += 2;
}

void cor_flow_paths_free(cor_flow_paths *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->paths[i].links);
        free(p->paths[i].nodes);
    }
    free(p->paths);
    free(p);
}

static int cmp_path(const void *a, const void *b)
{
    const cor_flow_path *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    if (x->n_links != y->n_links)
        return x->n_links < y->n_links ? -1 : 1;
    return x->links[0] < y->links[0] ? -1 : x->links[0] > y->links[0];
}

static double link_cost(cor_layer layer, const cor_link *k)
{
    return layer == COR_LAYER_FIBRE ? cor_link_latency_ms(k) : k->length_km;
}

/* The arcs of the disjoint-path problem: every used link (node-disjoint: node v split into v_in
 * = v and v_out = v + n joined by an arc of capacity 1, k at the terminals, which the paths may
 * share), source arcs from S, sink arcs to T. */
static void build_arcs(mcf *g, const cor_flow *fl, const uint32_t *src, size_t ns,
                       const uint32_t *snk, size_t nt, size_t k, uint32_t split,
                       unsigned char *terminal)
{
    uint32_t n = fl->n, S = n + split, T = S + 1;
    for (uint32_t v = 0; v < g->nv; v++)
        g->first[v] = FLOW_NONE;
    for (size_t i = 0; i < ns; i++)
        terminal[src[i]] = 1;
    for (size_t i = 0; i < nt; i++)
        terminal[snk[i]] = 1;
    if (split)
        for (uint32_t v = 0; v < n; v++)
            mcf_add(g, v, v + n, terminal[v] ? (int)k : 1, 0, FLOW_NONE);
    for (size_t i = 0; i < fl->n_links; i++) {
        const cor_link *l = cor_net_link(fl->net, fl->links[i]);
        double c = link_cost(fl->o.layer, l);
        mcf_add(g, l->from + split, l->to, 1, c, fl->links[i]);
        if (l->both_ways)
            mcf_add(g, l->to + split, l->from, 1, c, fl->links[i]);
    }
    for (size_t i = 0; i < ns; i++)
        mcf_add(g, S, src[i], (int)k, 0, FLOW_NONE);
    for (size_t i = 0; i < nt; i++)
        mcf_add(g, snk[i] + split, T, (int)k, 0, FLOW_NONE);
}

/* Successive shortest paths from S to T with potentials pi (Dijkstra on reduced costs): up to
 * k units of flow. Returns how many were found. */
static size_t augment(mcf *g, uint32_t S, uint32_t T, size_t k, double *pi, double *dist,
                      uint32_t *parent, cor_heap *heap)
{
    size_t found = 0;
    while (found < k) {
        for (uint32_t v = 0; v < g->nv; v++) {
            dist[v] = INFINITY;
            parent[v] = FLOW_NONE;
        }
        dist[S] = 0;
        cor_heap_push(heap, S, cor_heap_key_of_double(0)); /* room for every node */
        while (!cor_heap_empty(heap)) {
            uint32_t v = cor_heap_pop(heap).item;
            for (uint32_t a = g->first[v]; a != FLOW_NONE; a = g->next[a]) {
                if (g->res[a] <= 0)
                    continue;
                uint32_t w = g->head[a];
                /* reduced cost, >= 0 up to rounding once pi holds the previous distances */
                double nd = dist[v] + fmax(0.0, g->cost[a] + pi[v] - pi[w]);
                if (nd < dist[w]) {
                    dist[w] = nd;
                    parent[w] = a;
                    cor_heap_set(heap, w, cor_heap_key_of_double(nd));
                }
            }
        }
        if (isinf(dist[T]))
            break;
        for (uint32_t v = 0; v < g->nv; v++)
            if (!isinf(dist[v]))
                pi[v] += dist[v];
        for (uint32_t v = T; v != S; v = g->head[parent[v] ^ 1]) {
            g->res[parent[v]]--;
            g->res[parent[v] ^ 1]++;
        }
        found++;
    }
    return found;
}

/* The flow of `found` units decomposed into source-sink paths, added to p. */
static cor_status decompose(const cor_flow *fl, const mcf *g, uint32_t split, size_t found,
                            cor_flow_paths *p, cor_err *err)
{
    const cor_net *net = fl->net;
    uint32_t n = fl->n, S = n + split, T = S + 1;
    /* flow on each arc; a both-way link used both ways by two paths is uncrossed (never
     * cheaper, but it keeps the decomposition simple) */
    int *flow = malloc(g->n_arcs * sizeof *flow);
    uint32_t *plinks = malloc((fl->n_links + 1) * sizeof *plinks);
    uint32_t *pnodes = malloc((fl->n_links + 2) * sizeof *pnodes);
    if (!flow || !plinks || !pnodes) {
        free(flow);
        free(plinks);
        free(pnodes);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (size_t a = 0; a < g->n_arcs; a++)
        flow[a] = a % 2 ? 0 : g->cap0[a] - g->res[a];
    for (size_t a = 0; a < g->n_arcs; a += 2) {
        if (g->lk[a] == FLOW_NONE || !flow[a])
            continue;
        for (size_t b = a + 2; b < g->n_arcs && g->lk[b] == g->lk[a]; b += 2)
            if (flow[b]) {
                flow[a] = flow[b] = 0;
                break;
            }
    }
    for (size_t f = 0; f < found; f++) {
        size_t nl = 0, nn = 0;
        uint32_t v = S;
        while (v != T && nl <= fl->n_links) {
            uint32_t a = g->first[v];
            while (a != FLOW_NONE && (a % 2 || flow[a] <= 0))
                a = g->next[a];
            if (a == FLOW_NONE)
                break;
            flow[a]--;
            uint32_t w = g->head[a];
            if (g->lk[a] != FLOW_NONE) {
                if (!nn)
                    pnodes[nn++] = v >= n ? v - split : v;
                plinks[nl++] = g->lk[a];
                pnodes[nn++] = w;
            }
            v = w;
        }
        if (v != T || !nl)
            break; /* cannot happen: the flow decomposes into source-sink paths */
        cor_flow_path *path = &p->paths[p->n];
        path->links = malloc(nl * sizeof *path->links);
        path->nodes = malloc(nn * sizeof *path->nodes);
        if (!path->links || !path->nodes) {
            free(path->links);
            free(path->nodes);
            free(flow);
            free(plinks);
            free(pnodes);
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        }
        p->n++;
        memcpy(path->links, plinks, nl * sizeof *plinks);
        memcpy(path->nodes, pnodes, nn * sizeof *pnodes);
        path->n_links = nl;
        for (size_t i = 0; i < nl; i++) {
            const cor_link *l = cor_net_link(net, plinks[i]);
            path->cost += link_cost(fl->o.layer, l);
            path->km += l->length_km;
        }
        p->total_cost += path->cost;
    }
    free(flow);
    free(plinks);
    free(pnodes);
    qsort(p->paths, p->n, sizeof *p->paths, cmp_path);
    return COR_OK;
}

cor_status cor_flow_disjoint(cor_flow *fl, const uint32_t *src, size_t ns, const uint32_t *snk,
                             size_t nt, size_t k, bool node_disjoint, cor_flow_paths **out,
                             cor_err *err)
{
    *out = NULL;
    if (k < 1 || k > 64)
        return cor_err_set(err, COR_ERR_INPUT, "k: expected 1 to 64 paths, found %zu", k);
    if (!ns || !nt)
        return cor_err_set(err, COR_ERR_INPUT, "expected at least one source and one sink");
    const cor_net *net = fl->net;
    uint32_t n = fl->n;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < nt; j++)
            if (src[i] == snk[j])
                return cor_err_set(err, COR_ERR_INPUT, "%s (%s) is both a source and a sink",
                                   cor_net_node(net, src[i])->name, cor_net_node(net, src[i])->id);
    /* node-disjoint: node v is v_in = v and v_out = v + n joined by an arc of capacity 1
     * (k at the sources and sinks, which the paths may share) */
    uint32_t split = node_disjoint ? n : 0;
    mcf g = {0};
    g.nv = n + split + 2;
    uint32_t S = n + split, T = S + 1;
    size_t max_arcs = 2 * (2 * fl->n_links + (node_disjoint ? n : 0) + ns + nt);
    g.head = malloc(max_arcs * sizeof *g.head);
    g.next = malloc(max_arcs * sizeof *g.next);
    g.lk = malloc(max_arcs * sizeof *g.lk);
    g.res = malloc(max_arcs * sizeof *g.res);
    g.cap0 = malloc(max_arcs * sizeof *g.cap0);
    g.cost = malloc(max_arcs * sizeof *g.cost);
    g.first = malloc(g.nv * sizeof *g.first);
    double *pi = calloc(g.nv, sizeof *pi), *dist = malloc(g.nv * sizeof *dist);
    uint32_t *parent = malloc(g.nv * sizeof *parent);
    unsigned char *terminal = calloc(n ? n : 1, 1);
    cor_heap heap = {0};
    cor_flow_paths *p = calloc(1, sizeof *p);
    cor_status st = COR_OK;
    if (!g.head || !g.next || !g.lk || !g.res || !g.cap0 || !g.cost || !g.first || !pi ||
        !dist || !parent || !terminal || cor_heap_init(&heap, g.nv) != 0 ||
        cor_heap_reserve_all(&heap) != 0 || !p || !(p->paths = calloc(k, sizeof *p->paths))) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto done;
    }
    p->requested = k;
    p->node_disjoint = node_disjoint;
    build_arcs(&g, fl, src, ns, snk, nt, k, split, terminal);
    size_t found = augment(&g, S, T, k, pi, dist, parent, &heap);
    if (!found) {
        st = cor_err_set(err, COR_ERR_NOROUTE, "no %s path from the sources to the sinks among "
                                               "the links used", cor_layer_name(fl->o.layer));
        goto done;
    }
    st = decompose(fl, &g, split, found, p, err);
done:
    free(g.head);
    free(g.next);
    free(g.lk);
    free(g.res);
    free(g.cap0);
    free(g.cost);
    free(g.first);
    free(pi);
    free(dist);
    free(parent);
    free(terminal);
    cor_heap_free(&heap);
    if (st != COR_OK)
        cor_flow_paths_free(p);
    else
        *out = p;
    return st;
}
