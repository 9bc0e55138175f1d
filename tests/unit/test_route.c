/*
 * Router tests: hand-computed answers on tests/data/tiny, and differential tests against a
 * brute-force enumeration of every loopless path on a few hundred random small networks
 * (best route and Yen's alternatives alike). The brute force costs paths with its own code,
 * written from docs/network-format.md, not with the router's.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"

#ifndef TINY_DIR
#define TINY_DIR "tests/data/tiny"
#endif

static void assert_close(double want, double got)
{
    double tol = 1e-9 * fmax(1.0, fabs(want));
    if (fabs(want - got) > tol)
        fail_msg("expected %.12g, found %.12g", want, got);
}

static cor_net *load_tiny(void)
{
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(TINY_DIR, &net, NULL), COR_OK);
    return net;
}

static uint32_t node(const cor_net *net, const char *id)
{
    uint32_t v;
    assert_int_equal(cor_net_find_node(net, id, &v, NULL), COR_OK);
    return v;
}

static void tiny_case(cor_objective min, const char *avoid, unsigned statuses, double want_obj,
                      double want_km, double want_h, double want_usd, const char *want_links)
{
    cor_net *net = load_tiny();
    cor_router *r = cor_router_new(net);
    cor_route_opts o;
    cor_route_opts_default(&o);
    o.minimize = min;
    if (avoid) {
        memcpy(o.avoid[0], avoid, 3);
        o.n_avoid = 1;
    }
    if (statuses)
        o.statuses = statuses;
    cor_route_set *set = NULL;
    cor_err err;
    assert_int_equal(cor_route_query(r, node(net, "A"), node(net, "E"), &o, &set, &err), COR_OK);
    const cor_route *rt = &set->routes[0];
    assert_close(want_obj, rt->objective);
    assert_close(want_km, rt->km);
    assert_close(want_h, rt->hours);
    assert_close(want_usd, rt->usd);
    char links[128] = "";
    for (size_t i = 0; i < rt->n_steps; i++)
        if (rt->steps[i].kind == COR_STEP_LINK)
            snprintf(links + strlen(links), sizeof links - strlen(links), "%s%s",
                     *links ? "," : "", cor_net_link(net, rt->steps[i].index)->id);
    assert_string_equal(want_links, links);
    cor_route_set_free(set);
    cor_router_free(r);
    cor_net_free(net);
}

static void test_tiny_hand_computed(void **state)
{
    (void)state;
    tiny_case(COR_MIN_GENERALIZED, NULL, 0, 60, 100, 2, 20, "L9,L10");
    tiny_case(COR_MIN_GENERALIZED, "XC", 0, 414, 151, 7.1, 272, "L1,L11,L6,L7");
    tiny_case(COR_MIN_COST, "XC", 0, 271.6, 202, 19.1, 271.6, "L1,L2,L3,L4");
    tiny_case(COR_MIN_TIME, "XC", 0, 6.1, 181, 6.1, 412, "L5,L6,L7");
    tiny_case(COR_MIN_DISTANCE, "XC", 0, 151, 151, 7.1, 272, "L1,L11,L6,L7");
    tiny_case(COR_MIN_GENERALIZED, "XC",
              COR_STATUS_BIT(COR_STATUS_OPERATING) | COR_STATUS_BIT(COR_STATUS_PLANNED), 230,
              150, 4, 150, "L8");
}

static void test_tiny_errors(void **state)
{
    (void)state;
    cor_net *net = load_tiny();
    cor_router *r = cor_router_new(net);
    cor_route_opts o;
    cor_route_opts_default(&o);
    cor_route_set *set = NULL;
    cor_err err;
    uint32_t a = node(net, "A"), e = node(net, "E");
    o.modes = COR_MODE_BIT(COR_MODE_FERRY);
    assert_int_equal(cor_route_query(r, a, e, &o, &set, &err), COR_ERR_NOROUTE);
    assert_string_equal(err.msg, "no route from Town A to Town E by ferry only");
    assert_null(set);
    cor_route_opts_default(&o);
    o.tonnes = 0;
    assert_int_equal(cor_route_query(r, a, e, &o, &set, &err), COR_ERR_INPUT);
    cor_route_opts_default(&o);
    o.alternatives = 0;
    assert_int_equal(cor_route_query(r, a, e, &o, &set, &err), COR_ERR_INPUT);
    cor_route_opts_default(&o);
    assert_int_equal(cor_route_query(r, a, a, &o, &set, &err), COR_ERR_INPUT);
    assert_int_equal(cor_net_find_node(net, "Twon A", &a, &err), COR_ERR_NOTFOUND);
    assert_string_equal(err.msg, "unknown node \"Twon A\"; did you mean \"Town A\", \"Town E\"?");
    cor_router_free(r);
    cor_net_free(net);
}

/* ---- random networks and the brute force ---- */

#define MAXN 8
#define MAXL 24

typedef struct rlink {
    int from, to, mode, gauge, status, both;
    double len, speed, dur, usd_tkm, usd_t;
} rlink;

typedef struct rborder {
    int a, b, mode;
    double dwell, p95, fee_t, fee_v;
} rborder;

typedef struct rxfer {
    int node, gauge, a, b; /* gauge: a, b are 1520/1435; else cor_mode values */
    double hours, usd_t;
} rxfer;

typedef struct rnet {
    int n, nl, nb, nx;
    char cc[MAXN][3];
    rlink l[MAXL];
    rborder b[MAXL];
    rxfer x[4 * MAXN];
} rnet;

static uint64_t rng = 88172645463325252ull;
static uint64_t next_u64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static int rnd(int n) { return (int)(next_u64() % (uint64_t)n); }
static double rnd_d(int lo, int hi) { return lo + rnd(hi - lo + 1); }

static const char *mode_s(int m) { return cor_mode_name((cor_mode)m); }

static void gen(rnet *g)
{
    memset(g, 0, sizeof *g);
    g->n = 3 + rnd(MAXN - 2);
    static const char *ccs[] = {"XA", "XB", "XC"};
    for (int i = 0; i < g->n; i++)
        memcpy(g->cc[i], ccs[rnd(3)], 3);
    g->nl = g->n + rnd(g->n + 3);
    if (g->nl > MAXL)
        g->nl = MAXL;
    static const int modes[] = {COR_MODE_RAIL, COR_MODE_RAIL, COR_MODE_ROAD, COR_MODE_ROAD,
                                COR_MODE_FERRY, COR_MODE_SEA};
    for (int i = 0; i < g->nl; i++) {
        rlink *k = &g->l[i];
        k->from = rnd(g->n);
        do
            k->to = rnd(g->n);
        while (k->to == k->from);
        k->mode = modes[rnd(6)];
        k->gauge = k->mode == COR_MODE_RAIL ? 1 + rnd(3) : 0; /* 1520, 1435, dual */
        k->status = rnd(5) == 0 ? COR_STATUS_PLANNED : COR_STATUS_OPERATING;
        k->both = rnd(10) < 7;
        k->len = rnd_d(1, 100);
        k->speed = k->dur = NAN;
        if (k->mode == COR_MODE_FERRY || k->mode == COR_MODE_SEA)
            k->dur = rnd_d(1, 30) / 2;
        else
            k->speed = rnd_d(10, 80);
        k->usd_tkm = rnd_d(0, 20) / 100;
        k->usd_t = rnd(3) == 0 ? rnd_d(0, 40) / 4 : 0;
        if (strcmp(g->cc[k->from], g->cc[k->to]) != 0) {
            int have = 0;
            for (int j = 0; j < g->nb; j++)
                have |= g->b[j].mode == k->mode &&
                        ((g->b[j].a == k->from && g->b[j].b == k->to) ||
                         (g->b[j].a == k->to && g->b[j].b == k->from));
            if (!have) {
                rborder *b = &g->b[g->nb++];
                b->a = k->from;
                b->b = k->to;
                b->mode = k->mode;
                b->dwell = rnd_d(0, 40) / 2;
                b->p95 = rnd(2) ? b->dwell + rnd_d(0, 20) : NAN;
                b->fee_t = rnd_d(0, 8) / 4;
                b->fee_v = rnd_d(0, 100);
            }
        }
    }
    for (int v = 0; v < g->n; v++) {
        if (rnd(3) == 0)
            g->x[g->nx++] = (rxfer){v, 1, 1520, 1435, rnd_d(0, 10), rnd_d(0, 12) / 4};
        for (int t = 0; t < 2; t++) {
            int a = modes[rnd(6)], b = modes[rnd(6)];
            int dup = a == b;
            for (int j = 0; j < g->nx && !dup; j++)
                dup = g->x[j].node == v && !g->x[j].gauge &&
                      ((g->x[j].a == a && g->x[j].b == b) || (g->x[j].a == b && g->x[j].b == a));
            if (!dup)
                g->x[g->nx++] = (rxfer){v, 0, a, b, rnd_d(0, 6), rnd_d(0, 12) / 4};
        }
    }
}

static void num(FILE *f, double v, const char *sep)
{
    if (isnan(v))
        fprintf(f, "%s", sep);
    else
        fprintf(f, "%.17g%s", v, sep);
}

static void write_net(const rnet *g, const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "id,name,country,region,lat,lon,kind,source\n");
    for (int i = 0; i < g->n; i++)
        fprintf(f, "N%d,Node %d,%s,,%.3f,%.3f,city,random\n", i, i, g->cc[i], 40 + 0.001 * i,
                45.0);
    fclose(f);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,"
               "capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,"
               "direction,corridors,source\n");
    static const char *gauges[] = {"", "1520", "1435", "dual"};
    for (int i = 0; i < g->nl; i++) {
        const rlink *k = &g->l[i];
        fprintf(f, "L%d,N%d,N%d,%s,", i, k->from, k->to, mode_s(k->mode));
        num(f, k->len, ",");
        num(f, k->speed, ",");
        num(f, k->dur, ",");
        num(f, k->usd_tkm, ",");
        num(f, k->usd_t, ",");
        fprintf(f, ",,,,%s,%s,,%s,,random\n", gauges[k->gauge],
                cor_status_name((cor_link_status)k->status), k->both ? "both" : "forward");
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/borders.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,fee_usd_per_vehicle,"
               "direction,source\n");
    for (int i = 0; i < g->nb; i++) {
        const rborder *b = &g->b[i];
        fprintf(f, "N%d,N%d,%s,", b->a, b->b, mode_s(b->mode));
        num(f, b->dwell, ",");
        num(f, b->p95, ",");
        num(f, b->fee_t, ",");
        num(f, b->fee_v, ",both,random\n");
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/transfers.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "node,kind,from,to,hours,usd_per_t,source\n");
    for (int i = 0; i < g->nx; i++) {
        const rxfer *x = &g->x[i];
        if (x->gauge)
            fprintf(f, "N%d,gauge,%d,%d,", x->node, x->a, x->b);
        else
            fprintf(f, "N%d,mode,%s,%s,", x->node, mode_s(x->a), mode_s(x->b));
        num(f, x->hours, ",");
        num(f, x->usd_t, ",random\n");
    }
    fclose(f);
}

/* The brute force's own costing. A "vehicle" is rail on a gauge (1520 or 1435) or a mode. */
typedef struct query {
    const rnet *g;
    const cor_route_opts *o;
    int from, to;
    int avoid[MAXN];
} query;

static const rxfer *xfer_at(const rnet *g, int v, int gauge, int a, int b)
{
    for (int i = 0; i < g->nx; i++) {
        const rxfer *x = &g->x[i];
        if (x->node == v && x->gauge == gauge &&
            ((x->a == a && x->b == b) || (x->a == b && x->b == a)))
            return x;
    }
    return NULL;
}

static double objective(const cor_route_opts *o, double km, double h, double usd)
{
    switch (o->minimize) {
    case COR_MIN_TIME: return h;
    case COR_MIN_COST: return usd;
    case COR_MIN_DISTANCE: return km;
    default: return usd + o->vot_usd_per_t_h * o->tonnes * h;
    }
}

/* Cheapest way to run along links seq[i..n) arriving at node u with mode m and gauge gg
 * (m < 0: start). Returns INFINITY if impossible. */
static double run(const query *q, const int *seq, const int *dir, int n, int i, int u, int m,
                  int gg)
{
    if (i == n)
        return 0;
    const rnet *g = q->g;
    const rlink *k = &g->l[seq[i]];
    int v = dir[i] ? k->from : k->to;
    double best = INFINITY, T = q->o->tonnes;
    int options[2], n_opt = 0;
    if (k->mode != COR_MODE_RAIL)
        options[n_opt++] = 0;
    else if (k->gauge == 1)
        options[n_opt++] = 1520;
    else if (k->gauge == 2)
        options[n_opt++] = 1435;
    else if (m == COR_MODE_RAIL)
        options[n_opt++] = gg;
    else {
        options[n_opt++] = 1520;
        options[n_opt++] = 1435;
    }
    for (int j = 0; j < n_opt; j++) {
        double h = 0, usd = 0;
        if (m >= 0 && m != k->mode) {
            const rxfer *x = xfer_at(g, u, 0, m, k->mode);
            if (!x)
                continue;
            h += x->hours;
            usd += x->usd_t * T;
        } else if (m == COR_MODE_RAIL && gg != options[j]) {
            const rxfer *x = xfer_at(g, u, 1, gg, options[j]);
            if (!x)
                continue;
            h += x->hours;
            usd += x->usd_t * T;
        }
        h += isnan(k->dur) ? k->len / k->speed : k->dur;
        usd += k->usd_tkm * k->len * T + k->usd_t * T;
        if (strcmp(g->cc[u], g->cc[v]) != 0) {
            for (int b = 0; b < g->nb; b++) {
                const rborder *bd = &g->b[b];
                if (bd->mode == k->mode && ((bd->a == u && bd->b == v) || (bd->a == v && bd->b == u))) {
                    h += q->o->dwell == COR_DWELL_P95 && !isnan(bd->p95) ? bd->p95 : bd->dwell;
                    double veh = ceil(T / (k->mode == COR_MODE_RAIL ? 60.0 : 20.0));
                    usd += bd->fee_t * T + bd->fee_v * veh;
                }
            }
        }
        double c = objective(q->o, k->len, h, usd) +
                   run(q, seq, dir, n, i + 1, v, k->mode, options[j]);
        if (c < best)
            best = c;
    }
    return best;
}

typedef struct bpath {
    double cost;
    int n;              /* links */
    int nodes[MAXN + 1];
    double km[MAXN];
} bpath;

typedef struct found {
    bpath p[4096];
    int n;
} found;

static void dfs(const query *q, int u, int *seq, int *dir, int depth, int *on, found *out)
{
    const rnet *g = q->g;
    if (u == q->to) {
        /* via nodes in order */
        size_t want = 0;
        int node_at = q->from;
        for (int i = 0; i <= depth && want < q->o->n_via; i++) {
            if (i > 0)
                node_at = dir[i - 1] ? g->l[seq[i - 1]].from : g->l[seq[i - 1]].to;
            if ((uint32_t)node_at == q->o->via[want])
                want++;
        }
        if (want < q->o->n_via)
            return;
        double c = run(q, seq, dir, depth, 0, q->from, -1, 0);
        if (isfinite(c) && out->n < 4096) {
            bpath *p = &out->p[out->n++];
            p->cost = c;
            p->n = depth;
            p->nodes[0] = q->from;
            for (int i = 0; i < depth; i++) {
                p->nodes[i + 1] = dir[i] ? g->l[seq[i]].from : g->l[seq[i]].to;
                p->km[i] = g->l[seq[i]].len;
            }
        }
        return;
    }
    for (int i = 0; i < g->nl; i++) {
        const rlink *k = &g->l[i];
        if (!(q->o->modes & COR_MODE_BIT(k->mode)) || !(q->o->statuses & COR_STATUS_BIT(k->status)))
            continue;
        for (int d = 0; d < (k->both ? 2 : 1); d++) {
            int a = d ? k->to : k->from, b = d ? k->from : k->to;
            if (a != u || on[b] || q->avoid[b])
                continue;
            seq[depth] = i;
            dir[depth] = d;
            on[b] = 1;
            dfs(q, b, seq, dir, depth + 1, on, out);
            on[b] = 0;
        }
    }
}

static int cmp_cost(const void *a, const void *b)
{
    double x = ((const bpath *)a)->cost, y = ((const bpath *)b)->cost;
    return (x > y) - (x < y);
}

/* Fraction of p's km on node pairs that q also travels (docs/routing.md). */
static double share(const bpath *p, const bpath *q)
{
    double shared = 0, total = 0;
    for (int i = 0; i < p->n; i++) {
        total += p->km[i];
        for (int j = 0; j < q->n; j++)
            if ((p->nodes[i] == q->nodes[j] && p->nodes[i + 1] == q->nodes[j + 1]) ||
                (p->nodes[i] == q->nodes[j + 1] && p->nodes[i + 1] == q->nodes[j])) {
                shared += p->km[i];
                break;
            }
    }
    return shared / total;
}

/* The routes a user should see, in order: cheapest first, then each next path that shares at
 * most max_overlap with every one chosen. Sets *ties when two candidate costs are equal, as the
 * order among equal paths (and so the choice) is then not determined. */
static int choose(found *bf, double max_overlap, size_t k, int *chosen, int *ties)
{
    int n = 0;
    *ties = 0;
    for (int i = 0; i < bf->n && (size_t)n < k; i++) {
        if (i > 0 && fabs(bf->p[i].cost - bf->p[i - 1].cost) <= 1e-9 * fmax(1, bf->p[i].cost))
            *ties = 1;
        int ok = 1;
        for (int j = 0; j < n && ok; j++)
            ok = share(&bf->p[i], &bf->p[chosen[j]]) <= max_overlap;
        if (ok)
            chosen[n++] = i;
    }
    return n;
}

/* Checks that a route is a contiguous loopless walk from `from` to `to` and that its totals and
 * objective are the sums of its steps. */
static void check_route(const cor_net *net, const cor_route_opts *o, const cor_route *r,
                        uint32_t from, uint32_t to)
{
    uint32_t at = from;
    double km = 0, h = 0, usd = 0;
    char seen[MAXN] = {0};
    seen[from] = 1;
    for (size_t i = 0; i < r->n_steps; i++) {
        const cor_step *s = &r->steps[i];
        km += s->km;
        h += s->hours;
        usd += s->usd;
        if (s->kind != COR_STEP_LINK)
            continue;
        const cor_link *k = cor_net_link(net, s->index);
        assert_int_equal(s->from, at);
        assert_true((k->from == s->from && k->to == s->to) ||
                    (k->both_ways && k->to == s->from && k->from == s->to));
        assert_false(seen[s->to]);
        seen[s->to] = 1;
        at = s->to;
    }
    assert_int_equal(at, to);
    assert_close(km, r->km);
    assert_close(h, r->hours);
    assert_close(usd, r->usd);
    assert_close(objective(o, km, h, usd), r->objective);
}

static void test_differential(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/corridor-test-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    int graphs = 0, queries = 0, routed = 0, alt_total = 0, filtered = 0;
    for (int it = 0; it < 400; it++) {
        rnet g;
        gen(&g);
        write_net(&g, dir);
        cor_net *net = NULL;
        cor_diags *d = cor_diags_new();
        if (cor_net_load(dir, &net, d) != COR_OK) {
            char buf[1024];
            cor_diag_format(cor_diags_get(d, 0), buf, sizeof buf);
            fail_msg("random network %d does not load: %s", it, buf);
        }
        cor_diags_free(d);
        cor_router *r = cor_router_new(net);
        graphs++;
        for (int qn = 0; qn < 6; qn++) {
            cor_route_opts o;
            cor_route_opts_default(&o);
            o.minimize = (cor_objective)rnd(4);
            o.vot_usd_per_t_h = rnd_d(0, 8) / 4;
            o.tonnes = rnd_d(1, 130);
            o.dwell = rnd(2) ? COR_DWELL_P95 : COR_DWELL_MEAN;
            if (rnd(3) == 0)
                o.statuses |= COR_STATUS_BIT(COR_STATUS_PLANNED);
            if (rnd(4) == 0)
                o.modes &= ~COR_MODE_BIT(rnd(4));
            o.alternatives = 1 + (size_t)rnd(5);
            query q = {&g, &o, rnd(g.n), 0, {0}};
            do
                q.to = rnd(g.n);
            while (q.to == q.from);
            if (rnd(4) == 0) {
                const char *cc = rnd(2) ? "XB" : "XC";
                if (strcmp(g.cc[q.from], cc) && strcmp(g.cc[q.to], cc)) {
                    memcpy(o.avoid[0], cc, 3);
                    o.n_avoid = 1;
                    for (int v = 0; v < g.n; v++)
                        q.avoid[v] = strcmp(g.cc[v], cc) == 0;
                }
            }
            if (rnd(5) == 0 && g.n > 3) {
                int v = rnd(g.n);
                if (v != q.from && v != q.to && !q.avoid[v])
                    o.via[o.n_via++] = (uint32_t)v;
            }
            o.max_overlap = rnd(2) ? 1.0 : rnd_d(2, 9) / 10;
            static found bf;
            bf.n = 0;
            int seq[MAXN], dir_[MAXN], on[MAXN] = {0};
            on[q.from] = 1;
            dfs(&q, q.from, seq, dir_, 0, on, &bf);
            qsort(bf.p, (size_t)bf.n, sizeof *bf.p, cmp_cost);
            int chosen[COR_ROUTE_MAX_ALTERNATIVES], ties;
            int n_chosen = choose(&bf, o.max_overlap, o.alternatives, chosen, &ties);
            cor_route_set *set = NULL;
            cor_err err;
            cor_status st =
                cor_route_query(r, (uint32_t)q.from, (uint32_t)q.to, &o, &set, &err);
            queries++;
            if (bf.n == 0) {
                if (st != COR_ERR_NOROUTE)
                    fail_msg("graph %d query %d: brute force finds no route, router says %d",
                             it, qn, st);
                continue;
            }
            if (st != COR_OK)
                fail_msg("graph %d query %d: brute force finds %d routes (best %g), router: %s",
                         it, qn, bf.n, bf.p[0].cost, err.msg);
            routed++;
            assert_false(set->truncated);
            assert_close(bf.p[0].cost, set->routes[0].objective);
            for (size_t i = 0; i < set->n; i++)
                check_route(net, &o, &set->routes[i], (uint32_t)q.from, (uint32_t)q.to);
            /* with ties the choice among equal paths may differ; without, it must not */
            if (!ties || o.max_overlap >= 1) {
                if (set->n != (size_t)n_chosen)
                    fail_msg("graph %d query %d: expected %d routes, found %zu", it, qn,
                             n_chosen, set->n);
                for (size_t i = 0; i < set->n; i++)
                    assert_close(bf.p[chosen[i]].cost, set->routes[i].objective);
                filtered += o.max_overlap < 1 && set->n > 1;
            }
            alt_total += (int)set->n;
            cor_route_set_free(set);
        }
        cor_router_free(r);
        cor_net_free(net);
    }
    const char *files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv"};
    for (int i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    print_message("%d graphs, %d queries, %d with routes, %d routes compared, %d with overlap "
                  "limits\n", graphs, queries, routed, alt_total, filtered);
    assert_true(routed > 500);
    assert_true(alt_total > routed);
    assert_true(filtered > 50);
}

/* The work limit of Yen's search (router.c ROUTE_WORK_MAX), on data/caucasus: a large ordinary
 * query stays whole (20 routes Baku -> Istanbul over planned links, not truncated), and the
 * query fuzz_route found (13 alternatives via 3 nodes over every status; 2.1 s before the
 * limit, a libFuzzer timeout under ASan) ends with its message. That it ends quickly is
 * checked by the fuzzer's -timeout on tests/fuzz/regressions/fuzz_route, not by a timed test. */
static void test_work_limit(void **state)
{
    (void)state;
    cor_net *net = NULL;
    assert_int_equal(cor_net_load("data/caucasus", &net, NULL), COR_OK);
    cor_router *r = cor_router_new(net);
    cor_route_opts o;
    cor_route_opts_default(&o);
    cor_route_set *set = NULL;
    cor_err err;
    o.alternatives = 20;
    o.statuses = COR_STATUS_BIT(COR_STATUS_OPERATING) | COR_STATUS_BIT(COR_STATUS_CONSTRUCTION) |
                 COR_STATUS_BIT(COR_STATUS_PLANNED);
    assert_int_equal(cor_route_query(r, node(net, "AZ01"), node(net, "TR07"), &o, &set, &err),
                     COR_OK);
    assert_int_equal(set->n, 20);
    assert_false(set->truncated);
    cor_route_set_free(set);

    cor_route_opts_default(&o);
    o.alternatives = 13;
    o.minimize = COR_MIN_DISTANCE;
    o.dwell = COR_DWELL_P95;
    o.statuses = COR_STATUS_BIT(COR_STATUS_COUNT) - 1;
    o.via[o.n_via++] = node(net, "AZ09");
    o.via[o.n_via++] = node(net, "KZ01");
    o.via[o.n_via++] = node(net, "AZ01");
    cor_status st = cor_route_query(r, node(net, "AM18"), node(net, "TR07"), &o, &set, &err);
    /* within the limit no loopless route passes AZ09, KZ01 and AZ01 in this order */
    assert_int_equal(st, COR_ERR_NOROUTE);
    assert_string_equal(err.msg, "no loopless route from Bavra to Istanbul within the search limit");
    cor_router_free(r);
    cor_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_hand_computed),
        cmocka_unit_test(test_tiny_errors),
        cmocka_unit_test(test_differential),
        cmocka_unit_test(test_work_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
