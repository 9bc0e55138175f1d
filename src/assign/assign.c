/* Link-based user-equilibrium assignment: all-or-nothing loading on one-to-all Dijkstra trees,
 * MSA, Frank-Wolfe with an exact line search on the Beckmann objective, and the conjugate and
 * bi-conjugate Frank-Wolfe directions of Mitradjieva & Lindberg (2013). docs/assignment.md. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign/assign_int.h"
#include "util/bpr.h"
#include "util/heap.h"

#define MAX_FACTOR 1e6 /* toll and distance factors */

/* Scratch state of one run: the CSR graph, the demand grouped by origin, the link vectors
 * of the iteration and the shortest-path tree arrays. Nothing here is shared. */
typedef struct work {
    const cor_assign_net *net;
    uint32_t n;              /* nodes, 0-based internally */
    size_t m;                /* links */
    uint32_t first_thru;     /* 0-based: nodes below it are not passed through */
    uint32_t *first_out;     /* n + 1: out-links of v are out_link[first_out[v] .. ) */
    uint32_t *out_link;      /* m, link indices grouped by tail, in link order */
    uint32_t *head;          /* m, head node (0-based) of out_link[k] */
    double *csr_cost;        /* m, cost of out_link[k]: Dijkstra reads contiguous memory */
    uint32_t *origins;       /* n_origins origins (0-based), ascending */
    uint32_t *od_first;      /* n_origins + 1: an origin's entries in od_dest/od_trips */
    uint32_t *od_dest;
    double *od_trips;
    size_t n_origins;
    double *extra;           /* per link: toll_factor * toll + distance_factor * length */
    /* Dijkstra */
    double *dist;
    int64_t *pred;           /* link into v on the tree, -1 for none */
    cor_heap heap;           /* (distance, node), room for every node */
    uint32_t *order;         /* nodes in the order they were settled */
    uint32_t settled;        /* how many, in the last origin_tree() */
    uint32_t *stamp;         /* stamp[v] == s: v is a destination of origin s (0-based) */
    double *load;
    /* line search */
    uint32_t *active;
} work;

#define NO_STAMP UINT32_MAX

const char *cor_assign_algo_name(cor_assign_algo a)
{
    static const char *const names[] = {"aon", "msa", "fw", "cfw", "bfw", "b"};
    return (unsigned)a < sizeof names / sizeof *names ? names[a] : "?";
}

int cor_assign_algo_parse(const char *s)
{
    for (int a = COR_ASSIGN_AON; a <= COR_ASSIGN_B; a++)
        if (strcmp(s, cor_assign_algo_name((cor_assign_algo)a)) == 0)
            return a;
    return -1;
}

void cor_assign_opts_default(cor_assign_opts *o)
{
    memset(o, 0, sizeof *o);
    o->algorithm = COR_ASSIGN_BFW;
    o->gap = 1e-4;
    o->max_iter = 1000;
}

cor_status cor_assign_opts_set(cor_assign_opts *o, const char *name, const char *value,
                               cor_err *err)
{
    double v;
    cor_status st = COR_OK;
    if (strcmp(name, "algorithm") == 0) {
        int algo = cor_assign_algo_parse(value);
        if (algo < 0)
            return cor_err_set(err, COR_ERR_INPUT, "expected aon, msa, fw, cfw, bfw or b, found "
                                                   "\"%s\"", value);
        o->algorithm = (cor_assign_algo)algo;
    } else if (strcmp(name, "max_iter") == 0) {
        if ((st = cor_number_parse(value, 1, 1e6, 1, &v, err)) == COR_OK)
            o->max_iter = (unsigned)v;
    } else {
        double *field = strcmp(name, "gap") == 0               ? &o->gap
                        : strcmp(name, "toll_factor") == 0     ? &o->toll_factor
                        : strcmp(name, "distance_factor") == 0 ? &o->distance_factor
                                                                : NULL;
        if (!field)
            return cor_err_set(err, COR_ERR_NOTFOUND, "%s: not an assignment option", name);
        if ((st = cor_number_parse(value, 0, INFINITY, 0, &v, err)) == COR_OK)
            *field = v;
    }
    return st;
}

void cor_assign_result_free(cor_assign_result *r)
{
    if (!r)
        return;
    free(r->flow);
    free(r->time);
    free(r->cost);
    free(r);
}

static void work_free(work *w)
{
    free(w->first_out);
    free(w->out_link);
    free(w->head);
    free(w->csr_cost);
    free(w->origins);
    free(w->od_first);
    free(w->od_dest);
    free(w->od_trips);
    free(w->extra);
    free(w->dist);
    free(w->pred);
    cor_heap_free(&w->heap);
    free(w->order);
    free(w->stamp);
    free(w->load);
    free(w->active);
}

static int cmp_od(const void *a, const void *b)
{
    const cor_assign_od *x = a, *y = b;
    if (x->origin != y->origin)
        return x->origin < y->origin ? -1 : 1;
    return (x->dest > y->dest) - (x->dest < y->dest);
}

/* CSR: the links grouped by tail node (by head node when by_head), those of one node in input
 * order (a counting sort is stable). first has n_nodes + 1 zeroed entries, links n_links. */
static void group_links(const cor_assign_net *net, bool by_head, uint32_t *first,
                        uint32_t *links)
{
    const cor_assign_link *L = net->links;
    for (size_t a = 0; a < net->n_links; a++)
        first[(by_head ? L[a].to : L[a].from) - 1]++;
    for (size_t v = 1; v <= net->n_nodes; v++) /* now first[v] is the end of v's block */
        first[v] += first[v - 1];
    for (size_t a = net->n_links; a-- > 0;)    /* and now its start */
        links[--first[(by_head ? L[a].to : L[a].from) - 1]] = (uint32_t)a;
}

/* Builds the scratch state; the network is only read. */
static cor_status work_init(work *w, const cor_assign_net *net, const cor_assign_opts *o,
                            cor_err *err)
{
    memset(w, 0, sizeof *w);
    w->net = net;
    w->n = net->n_nodes;
    w->m = net->n_links;
    w->first_thru = net->first_thru - 1;
    size_t n = w->n, m = w->m;
    w->first_out = calloc(n + 1, sizeof *w->first_out);
    w->out_link = malloc((m ? m : 1) * sizeof *w->out_link);
    w->extra = malloc((m ? m : 1) * sizeof *w->extra);
    w->head = malloc((m ? m : 1) * sizeof *w->head);
    w->csr_cost = malloc((m ? m : 1) * sizeof *w->csr_cost);
    w->dist = malloc(n * sizeof *w->dist);
    w->pred = malloc(n * sizeof *w->pred);
    w->order = malloc(n * sizeof *w->order);
    w->stamp = malloc(n * sizeof *w->stamp);
    w->load = calloc(n, sizeof *w->load);
    w->active = malloc((m ? m : 1) * sizeof *w->active);
    cor_assign_od *od = malloc((net->n_od ? net->n_od : 1) * sizeof *od);
    w->od_first = malloc((net->n_od + 1) * sizeof *w->od_first);
    w->origins = malloc((net->n_od ? net->n_od : 1) * sizeof *w->origins);
    w->od_dest = malloc((net->n_od ? net->n_od : 1) * sizeof *w->od_dest);
    w->od_trips = malloc((net->n_od ? net->n_od : 1) * sizeof *w->od_trips);
    if (!w->first_out || !w->out_link || !w->head || !w->csr_cost || !w->extra || !w->dist ||
        !w->pred || cor_heap_init(&w->heap, (uint32_t)n) != 0 ||
        cor_heap_reserve_all(&w->heap) != 0 || !w->order || !w->stamp || !w->load || !w->active ||
        !od || !w->od_first || !w->origins || !w->od_dest || !w->od_trips) {
        free(od);
        work_free(w);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    group_links(net, false, w->first_out, w->out_link);
    for (size_t k = 0; k < m; k++)
        w->head[k] = net->links[w->out_link[k]].to - 1;
    for (size_t a = 0; a < m; a++)
        w->extra[a] = o->toll_factor * net->links[a].toll +
                      o->distance_factor * net->links[a].length;
    for (size_t v = 0; v < n; v++)
        w->stamp[v] = NO_STAMP;
    /* demand grouped by origin, repeated pairs summed in input order */
    if (net->n_od)
        memcpy(od, net->od, net->n_od * sizeof *od);
    qsort(od, net->n_od, sizeof *od, cmp_od);
    size_t k = 0;
    for (size_t i = 0; i < net->n_od;) {
        uint32_t org = od[i].origin;
        w->origins[w->n_origins] = org - 1;
        w->od_first[w->n_origins++] = (uint32_t)k;
        while (i < net->n_od && od[i].origin == org) {
            uint32_t d = od[i].dest;
            double t = 0;
            for (; i < net->n_od && od[i].origin == org && od[i].dest == d; i++)
                t += od[i].trips;
            w->od_dest[k] = d - 1;
            w->od_trips[k++] = t;
        }
    }
    w->od_first[w->n_origins] = (uint32_t)k;
    free(od);
    return COR_OK;
}

/* ---- shortest paths: Dijkstra with the 4-ary heap keyed on (distance, node) ---- */

/* One-to-all tree from origin s under link costs c, stopping once the `want` destinations
 * (stamped) are settled. Nodes below first_thru other than s are settled but not expanded:
 * paths may end at a zone but not pass through it. Returns the number of settled nodes. */
static uint32_t dijkstra(work *w, uint32_t s, uint32_t want)
{
    for (uint32_t v = 0; v < w->n; v++) {
        w->dist[v] = INFINITY;
        w->pred[v] = -1;
    }
    w->dist[s] = 0;
    cor_heap_push(&w->heap, s, cor_heap_key_of_double(0)); /* room for every node: no failure */
    uint32_t settled = 0;
    while (!cor_heap_empty(&w->heap)) {
        uint32_t u = cor_heap_pop(&w->heap).item;
        w->order[settled++] = u;
        if (w->stamp[u] == s && --want == 0)
            break;
        if (u != s && u < w->first_thru)
            continue;
        double du = w->dist[u];
        for (uint32_t k = w->first_out[u]; k < w->first_out[u + 1]; k++) {
            uint32_t v = w->head[k];
            double nd = du + w->csr_cost[k];
            if (nd < w->dist[v]) {
                if (!cor_heap_contains(&w->heap, v) && w->dist[v] < INFINITY)
                    continue; /* already settled (possible only with c < 0: never) */
                w->dist[v] = nd;
                w->pred[v] = w->out_link[k];
                cor_heap_set(&w->heap, v, cor_heap_key_of_double(nd));
            }
        }
    }
    cor_heap_clear(&w->heap); /* empty for the next origin */
    return settled;
}

/* Dijkstra from the i-th origin under the costs in csr_cost, until all its destinations are
 * settled (or every reachable node when full); adds demand * distance to *total and loads the
 * origin's demand on the tree into y (added, not cleared), walking the settled nodes backwards
 * so that each tree link is touched once. COR_ERR_NOROUTE for a destination out of reach. */
static cor_status origin_tree(work *w, size_t i, bool full, double *y, double *total,
                              cor_err *err)
{
    uint32_t s = w->origins[i];
    uint32_t want = 0;
    for (uint32_t k = w->od_first[i]; k < w->od_first[i + 1]; k++) {
        w->stamp[w->od_dest[k]] = s;
        w->load[w->od_dest[k]] = w->od_trips[k];
        want++;
    }
    uint32_t settled = dijkstra(w, s, full ? UINT32_MAX : want);
    cor_status st = COR_OK;
    for (uint32_t k = w->od_first[i]; k < w->od_first[i + 1]; k++) {
        uint32_t d = w->od_dest[k];
        w->stamp[d] = NO_STAMP;
        if (w->dist[d] == INFINITY && st == COR_OK)
            st = cor_err_set(err, COR_ERR_NOROUTE,
                             "no path from zone %u to zone %u, which have a demand of %g",
                             s + 1, d + 1, w->od_trips[k]);
        *total += w->od_trips[k] * w->dist[d];
    }
    if (st != COR_OK) {
        for (uint32_t k = w->od_first[i]; k < w->od_first[i + 1]; k++)
            w->load[w->od_dest[k]] = 0;
        return st;
    }
    w->settled = settled;
    for (uint32_t j = settled; j-- > 0;) {
        uint32_t v = w->order[j];
        if (w->load[v] != 0 && w->pred[v] >= 0) {
            uint32_t a = (uint32_t)w->pred[v];
            y[a] += w->load[v];
            w->load[w->net->links[a].from - 1] += w->load[v];
        }
        w->load[v] = 0;
    }
    return COR_OK;
}

static void set_csr_costs(work *w, const double *c)
{
    for (size_t k = 0; k < w->m; k++)
        w->csr_cost[k] = c[w->out_link[k]];
}

/* All-or-nothing: loads every OD demand on its shortest path under costs c into y, and sets
 * *sptc = sum of demand * shortest path cost. */
static cor_status aon(work *w, const double *c, double *y, double *sptc, cor_err *err)
{
    memset(y, 0, w->m * sizeof *y);
    set_csr_costs(w, c);
    double total = 0;
    for (size_t i = 0; i < w->n_origins; i++) {
        cor_status st = origin_tree(w, i, false, y, &total, err);
        if (st != COR_OK)
            return st;
    }
    *sptc = total;
    return COR_OK;
}

/* ---- link functions ---- */

/* Generalized cost of link a at flow x and, when dc is not NULL, its derivative. The
 * derivative of fft*b*(x/cap)^p is fft*b*p/cap*(x/cap)^(p-1); at x = 0 it is 0 for p > 1,
 * fft*b/cap for p = 1 and unbounded for p < 1. */
static inline double link_cost(const work *w, size_t a, double x, double *dc)
{
    const cor_assign_link *l = &w->net->links[a];
    return cor_bpr_time(&(cor_bpr){l->fft, l->b, l->power, l->capacity}, x, dc) + w->extra[a];
}

static double objective(const work *w, const double *x)
{
    double z = 0;
    for (size_t a = 0; a < w->m; a++)
        z += cor_assign_link_time_integral(&w->net->links[a], x[a]) + w->extra[a] * x[a];
    return z;
}

/* Derivative of the Beckmann objective along d at x + alpha*d, and its second derivative:
 * g = sum c_a(x_a + alpha d_a) d_a, h = sum c'_a(x_a + alpha d_a) d_a^2, over active links. */
static void along(const work *w, const double *x, const double *d, size_t n_active,
                  double alpha, double *g, double *h)
{
    double gs = 0, hs = 0;
    for (size_t i = 0; i < n_active; i++) {
        uint32_t a = w->active[i];
        double dc, c = link_cost(w, a, x[a] + alpha * d[a], &dc);
        gs += c * d[a];
        hs += dc * d[a] * d[a];
    }
    *g = gs;
    *h = hs;
}

/* Exact line search: the step alpha in [0, 1] minimizing the Beckmann objective along d,
 * i.e. the root of its (increasing) derivative g(alpha). Newton's method kept inside a
 * bracket that shrinks at every evaluation, with a bisection step whenever Newton's would
 * leave it, until the bracket or the step is below 1e-15. */
static double line_search(work *w, const double *x, const double *d)
{
    size_t n_active = 0;
    for (size_t a = 0; a < w->m; a++)
        if (d[a] != 0)
            w->active[n_active++] = (uint32_t)a;
    if (n_active == 0)
        return 0;
    double g, h;
    along(w, x, d, n_active, 0, &g, &h);
    if (g >= 0)
        return 0;
    double g1, h1;
    along(w, x, d, n_active, 1, &g1, &h1);
    if (g1 <= 0)
        return 1;
    double lo = 0, hi = 1;
    double alpha = (h > 0 && isfinite(h)) ? -g / h : 0.5;
    if (!(alpha > lo && alpha < hi))
        alpha = 0.5;
    for (int it = 0; it < 100; it++) {
        along(w, x, d, n_active, alpha, &g, &h);
        if (g < 0)
            lo = alpha;
        else if (g > 0)
            hi = alpha;
        else
            break;
        double next = (h > 0 && isfinite(h)) ? alpha - g / h : NAN;
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        double step = fabs(next - alpha);
        alpha = next;
        if (step <= 1e-15 || hi - lo <= 1e-15)
            break;
    }
    return alpha;
}

/* ---- conjugate directions (Mitradjieva & Lindberg 2013, Transportation Science 47(2)) ----
 * H is the diagonal Hessian of the Beckmann objective at x: hd[a] = c'_a(x_a). */

/* CFW: s = alpha*s1 + (1-alpha)*y with s - x H-conjugate to s1 - x:
 * alpha = N / D, N = (s1-x)'H(y-x), D = (s1-x)'H(y-s1). The paper clips alpha to 1 - delta
 * when N / D > 1 - delta; that makes s almost s1 again and can jam (seen on small congested
 * networks: steps of 1e-7 for thousands of iterations), so there we restart with alpha = 0,
 * the Frank-Wolfe target. */
static void cfw_target(const work *w, const double *x, const double *y, const double *hd,
                       const double *s1, double *s)
{
    double num = 0, den = 0;
    for (size_t a = 0; a < w->m; a++) {
        double t = hd[a] * (s1[a] - x[a]);
        num += t * (y[a] - x[a]);
        den += t * (y[a] - s1[a]);
    }
    double alpha = den != 0 ? num / den : 0;
    if (!(alpha >= 0))
        alpha = 0;
    if (alpha > 1 - 1e-5)
        alpha = 0;
    for (size_t a = 0; a < w->m; a++)
        s[a] = alpha * s1[a] + (1 - alpha) * y[a];
}

/* BFW: s = b0*y + b1*s1 + b2*s2 with s - x H-conjugate to the two previous directions,
 * written as d1 = s1 - x and d2 = tau*s1 - x + (1-tau)*s2 (tau: the previous step):
 * mu = -d2'H(y-x) / d2'H(s2-s1), nu = -d1'H(y-x) / d1'H d1 + mu*tau/(1-tau), both >= 0,
 * b0 = 1/(1+mu+nu), b1 = nu*b0, b2 = mu*b0. Returns false (s = y) on a zero denominator. */
static bool bfw_target(const work *w, const double *x, const double *y, const double *hd,
                       const double *s1, const double *s2, double tau, double *s)
{
    double n2 = 0, d2 = 0, n1 = 0, d1 = 0;
    for (size_t a = 0; a < w->m; a++) {
        double t2 = hd[a] * (tau * s1[a] - x[a] + (1 - tau) * s2[a]);
        n2 += t2 * (y[a] - x[a]);
        d2 += t2 * (s2[a] - s1[a]);
        double t1 = hd[a] * (s1[a] - x[a]);
        n1 += t1 * (y[a] - x[a]);
        d1 += t1 * (s1[a] - x[a]);
    }
    if (d2 == 0 || d1 == 0) {
        memcpy(s, y, w->m * sizeof *s);
        return false;
    }
    double mu = -n2 / d2;
    if (!(mu >= 0))
        mu = 0;
    double nu = -n1 / d1 + mu * tau / (1 - tau);
    if (!(nu >= 0))
        nu = 0;
    double b0 = 1 / (1 + mu + nu), b1 = nu * b0, b2 = mu * b0;
    for (size_t a = 0; a < w->m; a++)
        s[a] = b0 * y[a] + b1 * s1[a] + b2 * s2[a];
    return true;
}

static cor_status check_opts(const cor_assign_opts *o, cor_err *err)
{
    if ((unsigned)o->algorithm > COR_ASSIGN_B)
        return cor_err_set(err, COR_ERR_INPUT, "algorithm: expected aon, msa, fw, cfw, bfw or b");
    if (!(o->gap >= 0) || !isfinite(o->gap))
        return cor_err_set(err, COR_ERR_INPUT, "gap: expected a number >= 0, found %g", o->gap);
    if (o->max_iter < 1)
        return cor_err_set(err, COR_ERR_INPUT, "max_iter: expected at least 1, found 0");
    /* with tolls and lengths at most 1e9 and volumes at most 1e10, factors up to 1e6 keep every
     * cost, gap and objective finite */
    if (!(o->toll_factor >= 0 && o->toll_factor <= MAX_FACTOR))
        return cor_err_set(err, COR_ERR_INPUT, "toll factor: expected a number from 0 to %g, "
                           "found %g", MAX_FACTOR, o->toll_factor);
    if (!(o->distance_factor >= 0 && o->distance_factor <= MAX_FACTOR))
        return cor_err_set(err, COR_ERR_INPUT, "distance factor: expected a number from 0 to %g, "
                           "found %g", MAX_FACTOR, o->distance_factor);
    return COR_OK;
}

/* Fills a result for flows x at which the costs c and the shortest-path total sptc were
 * computed. */
static cor_status make_result(const work *w, const cor_assign_opts *o, const double *x,
                              const double *c, double sptc, unsigned iterations,
                              cor_assign_result **out, cor_err *err)
{
    cor_assign_result *r = calloc(1, sizeof *r);
    size_t m = w->m ? w->m : 1;
    if (r) {
        r->flow = malloc(m * sizeof *r->flow);
        r->time = malloc(m * sizeof *r->time);
        r->cost = malloc(m * sizeof *r->cost);
    }
    if (!r || !r->flow || !r->time || !r->cost) {
        cor_assign_result_free(r);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    double tstc = 0, tstt = 0;
    for (size_t a = 0; a < w->m; a++) {
        r->flow[a] = x[a];
        r->cost[a] = c[a];
        r->time[a] = w->extra[a] == 0 ? c[a] : cor_assign_link_time(&w->net->links[a], x[a]);
        tstc += x[a] * c[a];
        tstt += x[a] * r->time[a];
    }
    r->algorithm = o->algorithm;
    r->iterations = iterations;
    r->n_links = w->m;
    r->total_cost = tstc;
    r->total_travel_time = tstt;
    r->shortest_cost = sptc;
    r->relative_gap = tstc > 0 ? (tstc - sptc) / tstc : 0;
    r->converged = r->relative_gap <= o->gap;
    r->objective = objective(w, x);
    *out = r;
    return COR_OK;
}

/* ---- Algorithm B (Dial, "A path-based user-equilibrium traffic assignment algorithm that
 * obviates path storage and enumeration", Transportation Research B 40(10), 2006) ----
 * Each origin keeps a bush: an acyclic set of links that carries all of its flow, with that
 * flow per link. An iteration improves every bush (drops unused links, adds the links that
 * shorten its longest paths) and then equilibrates each bush with Newton shifts from its
 * longest used path to its shortest path between the node where they diverge and the node
 * where they meet. */

#define NO_LINK UINT32_MAX
#define B_SWEEPS 12       /* equilibration sweeps over all bushes after each improvement */

typedef struct bushes {
    size_t n_orig;
    uint32_t *first_in;   /* n + 1: in-links of v are in_link[first_in[v] .. ) */
    uint32_t *in_link;    /* m, link indices grouped by head, in link order */
    uint32_t *tail, *head;/* m: the ends of each link, 0-based (read in every label pass) */
    uint8_t *in;          /* n_orig * m: link a belongs to the bush of origin i */
    double *flow;         /* n_orig * m: flow of origin i on link a */
    uint32_t *topo;       /* n_orig * n: the bush's nodes in a topological order */
    uint32_t *n_topo;     /* n_orig: how many (the nodes reachable from the origin) */
    uint32_t *bfirst;     /* n_orig * (n + 1): the bush links into topo[q] are */
    uint32_t *blink;      /* blink[bfirst[q] .. bfirst[q + 1]), n_orig * m: label passes
                             read only the bush's links, in order */
    double *worst;        /* n_orig: largest relative cost difference in its last shift pass */
    double *tiny;         /* n_orig: a flow at most this is none (1e-12 of the origin's demand);
                             without it rounding leaves used links after nodes without inflow */
    double *lmin, *lmax;  /* n: shortest and longest path labels within the bush */
    uint32_t *pmin, *pmax;/* n: the last link of those paths, NO_LINK for none */
    uint32_t *mark;       /* n: divergence search, mark[v] == gen: v is on the shortest path */
    uint32_t gen;
    uint32_t *seg;        /* n: links of the two segments of a shift */
    double *c, *dc;       /* m: cost and its derivative at the current link flows */
} bushes;

static void bushes_free(bushes *b)
{
    free(b->first_in);
    free(b->in_link);
    free(b->tail);
    free(b->head);
    free(b->in);
    free(b->flow);
    free(b->topo);
    free(b->n_topo);
    free(b->bfirst);
    free(b->blink);
    free(b->tiny);
    free(b->worst);
    free(b->lmin);
    free(b->lmax);
    free(b->pmin);
    free(b->pmax);
    free(b->mark);
    free(b->seg);
    free(b->c);
    free(b->dc);
}

static cor_status bushes_init(bushes *b, const work *w, cor_err *err)
{
    memset(b, 0, sizeof *b);
    size_t n = w->n, m = w->m ? w->m : 1, no = w->n_origins ? w->n_origins : 1;
    b->n_orig = w->n_origins;
    if (no > SIZE_MAX / 16 / m || no > SIZE_MAX / 8 / (n + 1))
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory: %zu bushes of %zu links", no, m);
    b->first_in = calloc(n + 1, sizeof *b->first_in);
    b->in_link = malloc(m * sizeof *b->in_link);
    b->tail = malloc(m * sizeof *b->tail);
    b->head = malloc(m * sizeof *b->head);
    b->in = calloc(no * m, sizeof *b->in);
    b->flow = calloc(no * m, sizeof *b->flow);
    b->topo = malloc(no * n * sizeof *b->topo);
    b->n_topo = calloc(no, sizeof *b->n_topo);
    b->bfirst = malloc(no * (n + 1) * sizeof *b->bfirst);
    b->blink = malloc(no * m * sizeof *b->blink);
    b->tiny = calloc(no, sizeof *b->tiny);
    b->worst = calloc(no, sizeof *b->worst);
    b->lmin = malloc(n * sizeof *b->lmin);
    b->lmax = malloc(n * sizeof *b->lmax);
    b->pmin = malloc(n * sizeof *b->pmin);
    b->pmax = malloc(n * sizeof *b->pmax);
    b->mark = calloc(n, sizeof *b->mark);
    b->seg = malloc(n * sizeof *b->seg);
    b->c = malloc(m * sizeof *b->c);
    b->dc = malloc(m * sizeof *b->dc);
    if (!b->first_in || !b->in_link || !b->tail || !b->head || !b->in || !b->flow || !b->topo ||
        !b->n_topo || !b->bfirst || !b->blink || !b->tiny || !b->worst || !b->lmin || !b->lmax ||
        !b->pmin || !b->pmax || !b->mark || !b->seg || !b->c || !b->dc) {
        bushes_free(b);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    const cor_assign_link *L = w->net->links;
    group_links(w->net, true, b->first_in, b->in_link);
    for (size_t a = 0; a < w->m; a++) {
        b->tail[a] = L[a].from - 1;
        b->head[a] = L[a].to - 1;
    }
    for (size_t i = 0; i < b->n_orig; i++) {
        double d = 0;
        for (uint32_t k = w->od_first[i]; k < w->od_first[i + 1]; k++)
            d += w->od_trips[k];
        b->tiny[i] = 1e-12 * d;
    }
    return COR_OK;
}

/* The links of bush i grouped by head, heads in topological order (bfirst, blink). */
static void bush_index(bushes *b, const work *w, size_t i)
{
    const uint8_t *in = b->in + i * w->m;
    const uint32_t *topo = b->topo + i * w->n;
    uint32_t *first = b->bfirst + i * (w->n + 1), *link = b->blink + i * w->m, k = 0;
    for (uint32_t q = 0; q < b->n_topo[i]; q++) {
        first[q] = k;
        uint32_t v = topo[q];
        for (uint32_t j = b->first_in[v]; j < b->first_in[v + 1]; j++)
            if (in[b->in_link[j]])
                link[k++] = b->in_link[j];
    }
    first[b->n_topo[i]] = k;
}

/* Orders the nodes of bush i topologically (Kahn), from its origin. The bush is acyclic by
 * construction, so every node reachable from the origin is ordered. */
static void bush_sort(bushes *b, const work *w, size_t i)
{
    const uint8_t *in = b->in + i * w->m;
    uint32_t *topo = b->topo + i * w->n, *indeg = b->pmin; /* pmin is free scratch here */
    memset(indeg, 0, w->n * sizeof *indeg);
    for (size_t a = 0; a < w->m; a++)
        if (in[a])
            indeg[b->head[a]]++;
    uint32_t n = 0;
    topo[n++] = w->origins[i];
    for (uint32_t q = 0; q < n; q++) {
        uint32_t u = topo[q];
        for (uint32_t k = w->first_out[u]; k < w->first_out[u + 1]; k++)
            if (in[w->out_link[k]] && --indeg[w->head[k]] == 0)
                topo[n++] = w->head[k];
    }
    b->n_topo[i] = n;
    bush_index(b, w, i);
}

/* Shortest path labels over all links of bush i, and longest path labels over its links
 * with flow (used_only) or over all its links. */
static void bush_labels(bushes *b, const work *w, size_t i, bool used_only)
{
    const double *f = b->flow + i * w->m;
    const uint32_t *topo = b->topo + i * w->n;
    const uint32_t *first = b->bfirst + i * (w->n + 1), *link = b->blink + i * w->m;
    for (uint32_t v = 0; v < w->n; v++) {
        b->lmin[v] = b->lmax[v] = INFINITY;
        b->pmin[v] = b->pmax[v] = NO_LINK;
    }
    b->lmin[topo[0]] = b->lmax[topo[0]] = 0;
    for (uint32_t q = 1; q < b->n_topo[i]; q++) {
        uint32_t v = topo[q];
        double lo = INFINITY, hi = -INFINITY;
        uint32_t plo = NO_LINK, phi = NO_LINK;
        for (uint32_t k = first[q]; k < first[q + 1]; k++) {
            uint32_t a = link[k];
            uint32_t u = b->tail[a];
            double cl = b->lmin[u] + b->c[a];
            if (cl < lo) {
                lo = cl;
                plo = a;
            }
            if ((!used_only || f[a] > b->tiny[i]) && b->lmax[u] < INFINITY) {
                double ch = b->lmax[u] + b->c[a];
                if (ch > hi) {
                    hi = ch;
                    phi = a;
                }
            }
        }
        b->lmin[v] = lo;
        b->pmin[v] = plo;
        b->lmax[v] = phi == NO_LINK ? INFINITY : hi;
        b->pmax[v] = phi;
    }
}

/* Drops the links of bush i without flow (but those of its shortest path tree, so that every
 * node stays reachable), then adds every link (u, v) with lmax[u] + c < lmax[v], the longest
 * path labels over all the remaining bush links. Every bush link has lmax[u] + c <= lmax[v],
 * and the added ones strictly, so no cycle can form (Dial 2006, section 4). The labels are
 * taken after the drop: an unused link left in would raise lmax[u] and hide shortcuts. */
static void bush_improve(bushes *b, const work *w, size_t i)
{
    uint8_t *in = b->in + i * w->m;
    double *f = b->flow + i * w->m;
    bush_labels(b, w, i, false);
    for (size_t a = 0; a < w->m; a++)
        if (in[a] && f[a] <= b->tiny[i] && b->pmin[b->head[a]] != a) {
            in[a] = 0;
            f[a] = 0;
        }
    bush_index(b, w, i);
    bush_labels(b, w, i, false);
    for (size_t a = 0; a < w->m; a++) {
        uint32_t u = b->tail[a], v = b->head[a];
        if (!in[a] && b->lmax[u] < INFINITY && (u >= w->first_thru || u == w->origins[i]) &&
            b->lmax[u] + b->c[a] < b->lmax[v])
            in[a] = 1;
    }
    bush_sort(b, w, i);
}

static void set_link(bushes *b, const work *w, uint32_t a, double *x, double dx)
{
    x[a] += dx;
    if (x[a] < 0)
        x[a] = 0;
    b->c[a] = link_cost(w, a, x[a], &b->dc[a]);
}

/* The shift t in [0, room] at which the two segments of bush_shift() cost the same, by
 * bisection: used when a segment's derivative is unbounded (power < 1 at zero flow), where
 * Newton's step is 0. The longest segment is b->seg[0 .. n_hi), the shortest the last n_lo. */
static double seg_root(const bushes *b, const work *w, const double *x, uint32_t n_hi,
                       uint32_t n_lo, double room)
{
    double lo = 0, hi = room;
    for (int it = 0; it < 60; it++) {
        double t = 0.5 * (lo + hi), diff = 0;
        for (uint32_t k = 0; k < n_hi; k++)
            diff += link_cost(w, b->seg[k], x[b->seg[k]] - t, NULL);
        for (uint32_t k = 0; k < n_lo; k++)
            diff -= link_cost(w, b->seg[w->n - 1 - k], x[b->seg[w->n - 1 - k]] + t, NULL);
        if (diff > 0)
            lo = t;
        else
            hi = t;
    }
    return lo;
}

/* One pass of Newton flow shifts over bush i, its nodes in reverse topological order: at
 * node j, from the longest used path to the shortest path, both from the node where they
 * diverge: dx = (c_max - c_min) / (sum of c' over both segments), at most the smallest flow
 * of the longest segment. Costs are read as they are after the shifts before. Returns the
 * largest cost difference seen relative to the shortest path cost. */
static double bush_shift(bushes *b, const work *w, size_t i, double *x, double tol)
{
    double *f = b->flow + i * w->m;
    const uint32_t *topo = b->topo + i * w->n;
    bush_labels(b, w, i, true);
    double worst = 0;
    for (uint32_t q = b->n_topo[i]; q-- > 1;) {
        uint32_t j = topo[q];
        if (b->pmax[j] == NO_LINK || b->pmax[j] == b->pmin[j])
            continue; /* a difference there is shifted at the node before */
        if (!(b->lmax[j] - b->lmin[j] > tol * b->lmin[j]))
            continue;
        /* the divergence node: the first node of the longest path on the shortest one */
        if (++b->gen == 0) {
            memset(b->mark, 0, w->n * sizeof *b->mark);
            b->gen = 1;
        }
        for (uint32_t v = j; b->pmin[v] != NO_LINK; v = b->tail[b->pmin[v]])
            b->mark[v] = b->gen;
        b->mark[topo[0]] = b->gen;
        uint32_t n_hi = 0, n_lo = 0, v = j;
        double c_hi = 0, c_lo = 0, der = 0, room = INFINITY;
        while (v == j || b->mark[v] != b->gen) {
            uint32_t a = b->pmax[v];
            if (a == NO_LINK)
                break;
            b->seg[n_hi++] = a;
            c_hi += b->c[a];
            der += b->dc[a];
            room = fmin(room, f[a]);
            v = b->tail[a];
        }
        if (b->mark[v] != b->gen)
            continue; /* rounding left a used link after a node without inflow */
        uint32_t div = v;
        for (v = j; v != div; v = b->tail[b->pmin[v]]) {
            uint32_t a = b->pmin[v];
            b->seg[w->n - 1 - n_lo++] = a; /* from the end of seg: the segments are disjoint */
            c_lo += b->c[a];
            der += b->dc[a];
        }
        double diff = c_hi - c_lo;
        if (c_lo > 0 && diff / c_lo > worst)
            worst = diff / c_lo;
        if (!(diff > tol * c_lo) || !(room > 0))
            continue;
        double dx = der > 0 && isfinite(der) ? diff / der
                    : der == 0                  ? room
                                                : seg_root(b, w, x, n_hi, n_lo, room);
        if (dx >= room)
            dx = room;
        for (uint32_t k = 0; k < n_hi; k++) {
            uint32_t a = b->seg[k];
            f[a] = f[a] - dx <= b->tiny[i] ? 0 : f[a] - dx; /* the bottleneck ends at 0 */
            set_link(b, w, a, x, -dx);
        }
        for (uint32_t k = 0; k < n_lo; k++) {
            uint32_t a = b->seg[w->n - 1 - k];
            f[a] += dx;
            set_link(b, w, a, x, dx);
        }
    }
    return worst;
}

static cor_status run_b(work *w, const cor_assign_opts *o, cor_assign_result **out,
                        cor_err *err)
{
    bushes b;
    cor_status st = bushes_init(&b, w, err);
    if (st != COR_OK)
        return st;
    size_t m = w->m ? w->m : 1;
    double *x = calloc(m, sizeof *x), *y = malloc(m * sizeof *y);
    if (!x || !y) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* iteration 1: each bush is the origin's free-flow shortest path tree, loaded */
    for (size_t a = 0; a < w->m; a++)
        b.c[a] = link_cost(w, a, 0, NULL);
    set_csr_costs(w, b.c);
    double sptc = 0;
    for (size_t i = 0; i < b.n_orig; i++) {
        if ((st = origin_tree(w, i, true, b.flow + i * w->m, &sptc, err)) != COR_OK)
            goto done;
        uint8_t *in = b.in + i * w->m;
        for (uint32_t k = 1; k < w->settled; k++)
            in[w->pred[w->order[k]]] = 1;
        bush_sort(&b, w, i);
    }
    unsigned iter = 1;
    for (;;) {
        memset(x, 0, w->m * sizeof *x);
        for (size_t i = 0; i < b.n_orig; i++) {
            const double *f = b.flow + i * w->m;
            for (size_t a = 0; a < w->m; a++)
                x[a] += f[a];
        }
        for (size_t a = 0; a < w->m; a++)
            b.c[a] = link_cost(w, a, x[a], &b.dc[a]);
        if ((st = aon(w, b.c, y, &sptc, err)) != COR_OK)
            goto done;
        double tstc = 0;
        for (size_t a = 0; a < w->m; a++)
            tstc += x[a] * b.c[a];
        double gap = tstc > 0 ? (tstc - sptc) / tstc : 0;
        if (o->progress)
            o->progress(o->progress_ctx, iter, gap);
        if (gap <= o->gap || iter >= o->max_iter)
            break;
        /* each iteration equilibrates the bushes to cost differences of tol relative to
         * their shortest paths: well below the gap asked for, so that the gap falls in few
         * iterations, and not far below the current gap, which the next bush improvement
         * changes anyway (tuned on Barcelona and Winnipeg by instruction counts: 1e-2 of the
         * gap asked for costs more sweeps for no fewer iterations; 1e-2 of the current gap
         * saves 10%) */
        double tol = fmax(o->gap * 0.1, gap * 0.01);
        for (size_t i = 0; i < b.n_orig; i++) {
            bush_improve(&b, w, i);
            b.worst[i] = bush_shift(&b, w, i, x, tol);
        }
        /* then sweeps over the bushes not yet equilibrated to tol (the shifts in other bushes
         * move their costs, but far less than their own shifts did) */
        for (int sweep = 0; sweep < B_SWEEPS; sweep++) {
            double worst = 0;
            for (size_t i = 0; i < b.n_orig; i++)
                if (b.worst[i] > tol)
                    worst = fmax(worst, b.worst[i] = bush_shift(&b, w, i, x, tol));
            if (worst <= tol)
                break;
        }
        iter++;
    }
    st = make_result(w, o, x, b.c, sptc, iter, out, err);
done:
    free(x);
    free(y);
    bushes_free(&b);
    return st;
}

enum { V_X, V_Y, V_C, V_H, V_S, V_S1, V_S2, V_D, V_COUNT };

cor_status cor_assign_run(const cor_assign_net *net, const cor_assign_opts *o,
                          cor_assign_result **out, cor_err *err)
{
    cor_status st = check_opts(o, err);
    if (st != COR_OK)
        return st;
    work w;
    if ((st = work_init(&w, net, o, err)) != COR_OK)
        return st;
    if (o->algorithm == COR_ASSIGN_B) {
        st = run_b(&w, o, out, err);
        work_free(&w);
        return st;
    }
    size_t m = w.m ? w.m : 1;
    double *vec[V_COUNT] = {0};
    for (int i = 0; i < V_COUNT; i++)
        if (!(vec[i] = calloc(m, sizeof(double)))) {
            st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
            goto done;
        }
    double *x = vec[V_X], *y = vec[V_Y], *c = vec[V_C], *hd = vec[V_H], *s = vec[V_S],
           *s1 = vec[V_S1], *s2 = vec[V_S2], *d = vec[V_D];
    bool conj = o->algorithm == COR_ASSIGN_CFW || o->algorithm == COR_ASSIGN_BFW;

    /* iteration 1: all-or-nothing at free-flow costs */
    double sptc;
    for (size_t a = 0; a < w.m; a++)
        c[a] = link_cost(&w, a, 0, NULL);
    if ((st = aon(&w, c, x, &sptc, err)) != COR_OK)
        goto done;
    unsigned iter = 1;
    int n_prev = 0;       /* previous targets held in s1 (and s2) */
    double tau_prev = 1;  /* the previous step; 1 restarts the conjugate directions */
    for (;;) {
        for (size_t a = 0; a < w.m; a++)
            c[a] = link_cost(&w, a, x[a], conj ? &hd[a] : NULL);
        if ((st = aon(&w, c, y, &sptc, err)) != COR_OK)
            goto done;
        double tstc = 0;
        for (size_t a = 0; a < w.m; a++)
            tstc += x[a] * c[a];
        double gap = tstc > 0 ? (tstc - sptc) / tstc : 0;
        if (o->progress)
            o->progress(o->progress_ctx, iter, gap);
        if (gap <= o->gap || iter >= o->max_iter || o->algorithm == COR_ASSIGN_AON)
            break;

        /* the target point s; the direction is d = s - x */
        const double *target = y;
        bool conjugate = false;
        if (o->algorithm == COR_ASSIGN_BFW && n_prev >= 2 && tau_prev < 1) {
            conjugate = bfw_target(&w, x, y, hd, s1, s2, tau_prev, s);
            target = s;
        } else if (conj && n_prev >= 1 && tau_prev < 1) {
            cfw_target(&w, x, y, hd, s1, s);
            target = s;
            conjugate = true;
        }
        for (size_t a = 0; a < w.m; a++)
            d[a] = target[a] - x[a];
        double step;
        if (o->algorithm == COR_ASSIGN_MSA) {
            step = 1.0 / (iter + 1); /* MSA: x_k+1 = x_k + (y_k - x_k) / (k + 1) */
        } else {
            step = line_search(&w, x, d);
            if (step <= 0 && conjugate) {
                /* not a descent direction after all: fall back to the Frank-Wolfe one */
                target = y;
                for (size_t a = 0; a < w.m; a++)
                    d[a] = y[a] - x[a];
                step = line_search(&w, x, d);
            }
        }
        for (size_t a = 0; a < w.m; a++)
            x[a] += step * d[a];
        if (conj) {
            double *t = s2;
            s2 = s1;
            s1 = t;
            memcpy(s1, target, w.m * sizeof *s1);
            n_prev = n_prev < 2 ? n_prev + 1 : 2;
            if (target == y)
                n_prev = 1; /* a plain FW step starts a new conjugate sequence */
            tau_prev = step;
        }
        iter++;
    }
    st = make_result(&w, o, x, c, sptc, iter, out, err);
done:
    for (int i = 0; i < V_COUNT; i++)
        free(vec[i]);
    work_free(&w);
    return st;
}

cor_status cor_assign_evaluate(const cor_assign_net *net, const cor_assign_opts *o,
                               const double *flow, cor_assign_result **out, cor_err *err)
{
    cor_status st = check_opts(o, err);
    if (st != COR_OK)
        return st;
    for (size_t a = 0; a < net->n_links; a++)
        if (!isfinite(flow[a]) || flow[a] < 0)
            return cor_err_set(err, COR_ERR_INPUT,
                               "flow of link %zu: expected a number >= 0, found %g", a + 1,
                               flow[a]);
    work w;
    if ((st = work_init(&w, net, o, err)) != COR_OK)
        return st;
    size_t m = w.m ? w.m : 1;
    double *c = malloc(m * sizeof *c), *y = malloc(m * sizeof *y);
    if (!c || !y) {
        st = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    } else {
        double sptc = 0;
        for (size_t a = 0; a < w.m; a++)
            c[a] = link_cost(&w, a, flow[a], NULL);
        if ((st = aon(&w, c, y, &sptc, err)) == COR_OK)
            st = make_result(&w, o, flow, c, sptc, 0, out, err);
    }
    free(c);
    free(y);
    work_free(&w);
    return st;
}
