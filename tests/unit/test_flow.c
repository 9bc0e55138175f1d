/*
 * Flow tests: hand-computed flows, cuts, contingencies and disjoint paths on tests/data/grid
 * and tests/data/fibre (arithmetic in their READMEs); max-flow = min-cut against a brute-force
 * enumeration of every node partition, N-1 / N-2 against that same brute force with the links
 * removed, and Suurballe against an enumeration of every set of disjoint simple paths, on a
 * few hundred random small networks.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"

#ifndef DATA_DIR
#define DATA_DIR "tests/data"
#endif

static void assert_close(double want, double got)
{
    double tol = 1e-9 * fmax(1.0, fabs(want));
    if (!(fabs(want - got) <= tol))
        fail_msg("expected %.12g, found %.12g", want, got);
}

static cor_net *load(const char *name)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s/%s", DATA_DIR, name);
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(dir, &net, NULL), COR_OK);
    return net;
}

static uint32_t node(const cor_net *net, const char *id)
{
    uint32_t v;
    assert_int_equal(cor_net_find_node(net, id, &v, NULL), COR_OK);
    return v;
}

static const char *lid(const cor_net *net, uint32_t l) { return cor_net_link(net, l)->id; }

/* "id:from>to=capacity" for each cut arc, sorted by link id as listed (links file order) */
static void cut_str(const cor_net *net, const cor_flow_result *r, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < r->n_cut; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s:%s>%s=%g", i ? " " : "",
                                lid(net, r->cut[i].link), cor_net_node(net, r->cut[i].from)->id,
                                cor_net_node(net, r->cut[i].to)->id, r->cut[i].capacity);
}

static cor_flow *flow_new(const cor_net *net, cor_layer layer, unsigned statuses)
{
    cor_flow_opts o;
    cor_flow_opts_default(&o);
    o.layer = layer;
    if (statuses)
        o.statuses = statuses;
    cor_flow *fl = NULL;
    cor_err err = {0};
    if (cor_flow_new(net, &o, &fl, &err) != COR_OK)
        fail_msg("%s", err.msg);
    return fl;
}

static void set_of(const cor_net *net, const char *spec, cor_layer layer, uint32_t **v,
                   size_t *n)
{
    cor_err err = {0};
    if (cor_flow_set_parse(net, spec, layer, v, n, &err) != COR_OK)
        fail_msg("%s: %s", spec, err.msg);
}

/* ---- hand-computed cases (tests/data/grid/README.md) ---- */

static void test_grid_sets_to_exclave(void **state)
{
    (void)state;
    cor_net *net = load("grid");
    uint32_t *src, *snk;
    size_t ns, nt;
    /* T1 is in XA but has no power link: left out of the set */
    set_of(net, "country:XA,-region:XA-EX", COR_LAYER_POWER, &src, &ns);
    set_of(net, "region:xa-ex", COR_LAYER_POWER, &snk, &nt);
    assert_int_equal(ns, 3);
    assert_int_equal(nt, 2);
    cor_flow *fl = flow_new(net, COR_LAYER_POWER, 0);
    cor_flow_result *r = NULL;
    assert_int_equal(cor_flow_max(fl, src, ns, snk, nt, &r, NULL), COR_OK);
    assert_close(110, r->max_flow);
    char buf[512];
    cut_str(net, r, buf, sizeof buf);
    assert_string_equal(buf, "P3:S1>X1=60 P4:G2>S2=50");
    assert_int_equal(r->n_uncapacitated, 1);
    assert_string_equal(lid(net, r->uncapacitated[0].link), "P8");
    assert_true(r->uncapacitated[0].adds_flow); /* S1 (source side) - X2 (a sink) */
    assert_int_equal(r->n_unreached, 0);
    cor_flow_result_free(r);
    cor_flow_free(fl);

    /* with the planned link P7 (200 MW) */
    fl = flow_new(net, COR_LAYER_POWER,
                  COR_STATUS_BIT(COR_STATUS_OPERATING) | COR_STATUS_BIT(COR_STATUS_PLANNED));
    assert_int_equal(cor_flow_max(fl, src, ns, snk, nt, &r, NULL), COR_OK);
    assert_close(310, r->max_flow);
    cut_str(net, r, buf, sizeof buf);
    assert_string_equal(buf, "P3:S1>X1=60 P4:G2>S2=50 P7:S1>X1=200");
    cor_flow_result_free(r);
    cor_flow_free(fl);
    free(src);
    free(snk);
    cor_net_free(net);
}

static void test_grid_single_pair_and_contingencies(void **state)
{
    (void)state;
    cor_net *net = load("grid");
    uint32_t s = node(net, "G1"), t = node(net, "Exclave X2");
    cor_flow *fl = flow_new(net, COR_LAYER_POWER, 0);
    cor_flow_result *r = NULL;
    assert_int_equal(cor_flow_max(fl, &s, 1, &t, 1, &r, NULL), COR_OK);
    assert_close(80, r->max_flow);
    char buf[512];
    cut_str(net, r, buf, sizeof buf);
    assert_string_equal(buf, "P4:G2>S2=50 P6:X1>X2=30");
    assert_true(r->uncapacitated[0].adds_flow); /* S1 on the source side, X2 the sink */
    cor_flow_result_free(r);

    cor_resilience *res = NULL;
    assert_int_equal(cor_flow_resilience(fl, &s, 1, &t, 1, 1, &res, NULL), COR_OK);
    assert_close(80, res->base);
    assert_int_equal(res->n, 6);
    const char *want_ids[6] = {"P1", "P2", "P4", "P5", "P3", "P6"};
    const double want_rem[6] = {0, 30, 30, 30, 50, 50};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(lid(net, res->items[i].failed[0]), want_ids[i]);
        assert_close(want_rem[i], res->items[i].remaining);
        assert_int_equal(res->items[i].cut_off, i == 0);
        assert_int_equal(res->items[i].n_unreached, i == 0);
    }
    cor_resilience_free(res);

    assert_int_equal(cor_flow_resilience(fl, &s, 1, &t, 1, 2, &res, NULL), COR_OK);
    assert_int_equal(res->n, 6 + 15);
    size_t zeros = 0, n30 = 0, n50 = 0;
    for (size_t i = 0; i < res->n; i++) {
        zeros += res->items[i].remaining == 0;
        n30 += fabs(res->items[i].remaining - 30) < 1e-9;
        n50 += fabs(res->items[i].remaining - 50) < 1e-9;
        if (i)
            assert_true(res->items[i - 1].remaining <= res->items[i].remaining);
    }
    assert_int_equal(zeros, 12); /* P1 alone, 5 pairs with P1, 6 other pairs */
    assert_int_equal(n30, 3 + 3);
    assert_int_equal(n50, 2 + 1);
    assert_int_equal(res->items[0].n_failed, 1); /* P1 alone ranks before the pairs at 0 */
    size_t joint = 0;
    for (size_t i = 0; i < res->n; i++)
        joint += res->items[i].joint;
    assert_int_equal(joint, 6); /* the 6 pairs at 0 without P1: each link alone leaves >= 30 */
    cor_resilience_free(res);
    cor_flow_free(fl);
    cor_net_free(net);
}

/* the options by name, as the CLI's --status, --without and --uncapacitated give them: values
 * set, and a failed call naming what it expected and leaving the options as they were */
static void test_opts_set(void **state)
{
    (void)state;
    cor_flow_opts o;
    cor_flow_opts_default(&o);
    cor_err err;
    assert_int_equal(cor_flow_opts_set(&o, "without", "tripp,btc", &err), COR_OK);
    assert_int_equal(cor_flow_opts_set(&o, "without", "bte", &err), COR_OK);
    assert_int_equal(o.n_without, 3);
    assert_string_equal(o.without[0], "tripp");
    assert_string_equal(o.without[2], "bte");
    assert_int_equal(cor_flow_opts_set(&o, "uncapacitated", "250.5", &err), COR_OK);
    assert_int_equal(o.uncapacitated, COR_UNCAP_ASSUME);
    assert_true(o.assume_capacity == 250.5);
    assert_int_equal(cor_flow_opts_set(&o, "uncapacitated", "error", &err), COR_OK);
    assert_int_equal(o.uncapacitated, COR_UNCAP_ERROR);
    assert_int_equal(cor_flow_opts_set(&o, "status", "planned", &err), COR_OK);
    assert_int_equal(o.statuses, COR_STATUS_BIT(COR_STATUS_OPERATING) |
                                     COR_STATUS_BIT(COR_STATUS_CONSTRUCTION) |
                                     COR_STATUS_BIT(COR_STATUS_PLANNED));
    cor_flow_opts before = o;
    assert_int_equal(cor_flow_opts_set(&o, "uncapacitated", "-1", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected exclude, error or a capacity >= 0, found \"-1\"");
    assert_int_equal(cor_flow_opts_set(&o, "without", "a,b,c,d,e,f", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg,
                        "expected at most 8 tags of at most 31 characters, found \"f\"");
    assert_int_equal(cor_flow_opts_set(&o, "without", "a,,b", &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "expected names separated by single commas, found an empty "
                                 "one in \"a,,b\"");
    assert_int_equal(cor_flow_opts_set(&o, "layer", "power", &err), COR_ERR_NOTFOUND);
    assert_string_equal(err.msg, "layer: not a flow option");
    assert_memory_equal(&o, &before, sizeof o);
}

static void test_grid_errors(void **state)
{
    (void)state;
    cor_net *net = load("grid");
    uint32_t *v = NULL;
    size_t n = 0;
    cor_err err = {0};
    assert_int_equal(cor_flow_set_parse(net, "Nowhere", COR_LAYER_POWER, &v, &n, &err),
                     COR_ERR_NOTFOUND);
    assert_int_equal(cor_flow_set_parse(net, "T1", COR_LAYER_POWER, &v, &n, &err),
                     COR_ERR_INPUT);
    assert_string_equal(err.msg, "T1 (T1) has no power link");
    assert_int_equal(cor_flow_set_parse(net, "country:ZZ", COR_LAYER_POWER, &v, &n, &err),
                     COR_ERR_INPUT);
    assert_string_equal(err.msg, "\"country:ZZ\": no node of the network matches");
    assert_int_equal(cor_flow_set_parse(net, "region:XA-EX,-X1,-X2", COR_LAYER_POWER, &v, &n,
                                        &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "\"region:XA-EX,-X1,-X2\" selects 0 nodes, none with a power "
                                 "link");
    assert_int_equal(cor_flow_set_parse(net, "colour:red", COR_LAYER_POWER, &v, &n, &err),
                     COR_ERR_INPUT);
    assert_int_equal(cor_flow_set_parse(net, ",", COR_LAYER_POWER, &v, &n, &err),
                     COR_ERR_INPUT);
    assert_null(v);
    /* the fibre layer of the grid network is empty */
    assert_int_equal(cor_flow_set_parse(net, "all", COR_LAYER_FIBRE, &v, &n, &err),
                     COR_ERR_INPUT);

    uint32_t s = node(net, "G1"), t = node(net, "X2");
    cor_flow_opts o;
    cor_flow_opts_default(&o);
    o.uncapacitated = COR_UNCAP_ERROR;
    cor_flow *fl = NULL;
    assert_int_equal(cor_flow_new(net, &o, &fl, &err), COR_OK);
    cor_flow_result *r = NULL;
    assert_int_equal(cor_flow_max(fl, &s, 1, &t, 1, &r, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "1 power link without capacity: P8 (links.csv:9)");
    assert_int_equal(cor_flow_max(fl, &s, 1, &s, 1, &r, &err), COR_ERR_INPUT);
    cor_flow_free(fl);

    /* a layer without any capacity */
    o.layer = COR_LAYER_FIBRE;
    o.uncapacitated = COR_UNCAP_EXCLUDE;
    assert_int_equal(cor_flow_new(net, &o, &fl, &err), COR_OK);
    assert_int_equal(cor_flow_max(fl, &s, 1, &t, 1, &r, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "the fibre layer has no link with a capacity (Gbit/s) "
                                 "among the statuses used (0 fibre links without one)");
    cor_flow_free(fl);

    /* COR_UNCAP_ASSUME: P8 with 25 MW adds a third way into X2: 80 + 20 (P1 then limits) */
    o.layer = COR_LAYER_POWER;
    o.uncapacitated = COR_UNCAP_ASSUME;
    o.assume_capacity = 25;
    assert_int_equal(cor_flow_new(net, &o, &fl, &err), COR_OK);
    assert_int_equal(cor_flow_max(fl, &s, 1, &t, 1, &r, &err), COR_OK);
    assert_close(100, r->max_flow);
    cor_flow_result_free(r);
    cor_flow_free(fl);
    cor_net_free(net);
}

static void test_fibre_hand(void **state)
{
    (void)state;
    cor_net *net = load("fibre");
    uint32_t a = node(net, "A"), f = node(net, "F");
    cor_flow *fl = flow_new(net, COR_LAYER_FIBRE, 0);
    cor_flow_result *r = NULL;
    assert_int_equal(cor_flow_max(fl, &a, 1, &f, 1, &r, NULL), COR_OK);
    assert_close(90, r->max_flow);
    char buf[512];
    cut_str(net, r, buf, sizeof buf);
    assert_string_equal(buf, "F2:B>E=10 F4:B>C=40 F6:A>D=40");
    cor_flow_result_free(r);

    /* latency of F3 is the measured 0.6 ms, the others 5 us/km */
    assert_close(0.6, cor_link_latency_ms(cor_net_link(net, 2)));
    assert_close(0.5, cor_link_latency_ms(cor_net_link(net, 0)));

    cor_flow_paths *p = NULL;
    assert_int_equal(cor_flow_disjoint(fl, &a, 1, &f, 1, 1, false, &p, NULL), COR_OK);
    assert_int_equal(p->n, 1);
    assert_close(1.6, p->paths[0].cost); /* A-B-E-F 0.5 + 0.5 + 0.6 */
    assert_close(300, p->paths[0].km);
    cor_flow_paths_free(p);

    for (int nd = 0; nd < 2; nd++) {
        assert_int_equal(cor_flow_disjoint(fl, &a, 1, &f, 1, 3, nd, &p, NULL), COR_OK);
        assert_int_equal(p->n, 2); /* A has two links */
        /* not the shortest path plus a second one (there is none after A-B-E-F), but
         * A-D-E-F 1 + 1 + 0.6 and A-B-C-F 0.5 + 1 + 1.25 */
        assert_close(2.6, p->paths[0].cost);
        assert_close(2.75, p->paths[1].cost);
        assert_close(5.35, p->total_cost);
        assert_string_equal(lid(net, p->paths[0].links[0]), "F6");
        assert_string_equal(lid(net, p->paths[1].links[2]), "F5");
        assert_int_equal(p->paths[1].nodes[3], f);
        cor_flow_paths_free(p);
    }
    cor_flow_free(fl);
    cor_net_free(net);
}

/* ---- random networks ---- */

enum { MAXN = 8, MAXL = 16 };

typedef struct rlink {
    int from, to;
    double cap;  /* NAN: none */
    bool both;
    int km;
} rlink;

typedef struct rnet {
    int n, m;
    rlink l[MAXL];
} rnet;

static unsigned rng_state;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) % n;
}

static void random_net(rnet *g, int n, int m)
{
    g->n = n;
    g->m = m;
    for (int i = 0; i < m; i++) {
        rlink *k = &g->l[i];
        k->from = (int)rnd((unsigned)n);
        do
            k->to = (int)rnd((unsigned)n);
        while (k->to == k->from);
        k->cap = rnd(8) == 0 ? NAN : (double)rnd(10);
        k->both = rnd(2);
        k->km = 1 + (int)rnd(20);
    }
}

static void write_net(const rnet *g, const char *dir, const char *mode)
{
    char path[512];
    snprintf(path, sizeof path, "%s/nodes.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "id,name,country,region,lat,lon,kind,source\n");
    for (int i = 0; i < g->n; i++)
        fprintf(f, "N%d,Node %d,XA,,%.3f,45,substation,random\n", i, i, 40 + 0.01 * i);
    fclose(f);
    snprintf(path, sizeof path, "%s/links.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "id,from,to,mode,length_km,speed_kmh,duration_h,usd_per_tkm,usd_per_t,"
               "capacity_tpy,capacity_mw,capacity_gbps,capacity_bcmy,gauge_mm,status,year,"
               "direction,corridors,source\n");
    bool power = strcmp(mode, "power") == 0;
    for (int i = 0; i < g->m; i++) {
        const rlink *k = &g->l[i];
        char cap[32] = "";
        if (!isnan(k->cap))
            snprintf(cap, sizeof cap, "%g", k->cap);
        fprintf(f, "L%d,N%d,N%d,%s,%d,,,,,,%s,%s,,,operating,,%s,,random\n", i, k->from, k->to,
                mode, k->km, power ? cap : "", power ? "" : cap, k->both ? "both" : "forward");
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/borders.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "from_node,to_node,mode,dwell_h,dwell_p95_h,fee_usd_per_t,fee_usd_per_vehicle,"
               "direction,source\n");
    fclose(f);
    snprintf(path, sizeof path, "%s/transfers.csv", dir);
    f = fopen(path, "w");
    fprintf(f, "node,kind,from,to,hours,usd_per_t,source\n");
    fclose(f);
}

/* Minimum over every node partition with the sources on one side and the sinks on the other
 * of the capacity of the links leaving the source side (links in `dead` removed). */
static double brute_min_cut(const rnet *g, unsigned src, unsigned snk, unsigned dead)
{
    double best = INFINITY;
    for (unsigned side = 0; side < (1u << g->n); side++) {
        if ((side & src) != src || (side & snk))
            continue;
        double c = 0;
        for (int i = 0; i < g->m; i++) {
            const rlink *k = &g->l[i];
            if (isnan(k->cap) || (dead >> i & 1))
                continue;
            bool a = side >> k->from & 1, b = side >> k->to & 1;
            if ((a && !b) || (k->both && b && !a))
                c += k->cap;
        }
        best = fmin(best, c);
    }
    return best;
}

static bool brute_reaches(const rnet *g, unsigned src, int t, unsigned dead)
{
    unsigned seen = src;
    for (int round = 0; round < g->n; round++)
        for (int i = 0; i < g->m; i++) {
            const rlink *k = &g->l[i];
            if (isnan(k->cap) || k->cap <= 0 || (dead >> i & 1))
                continue;
            if (seen >> k->from & 1)
                seen |= 1u << k->to;
            if (k->both && (seen >> k->to & 1))
                seen |= 1u << k->from;
        }
    return seen >> t & 1;
}

static char tmpdir[64];

static cor_net *load_random(const rnet *g, const char *mode)
{
    write_net(g, tmpdir, mode);
    cor_net *net = NULL;
    cor_diags *d = cor_diags_new();
    if (cor_net_load(tmpdir, &net, d) != COR_OK) {
        char buf[512];
        cor_diag_format(cor_diags_get(d, 0), buf, sizeof buf);
        fail_msg("random network does not load: %s", buf);
    }
    cor_diags_free(d);
    return net;
}

static void test_random_maxflow_mincut(void **state)
{
    (void)state;
    rng_state = 12345;
    int checked = 0;
    for (int it = 0; it < 300; it++) {
        rnet g;
        random_net(&g, 3 + (int)rnd(MAXN - 2), 2 + (int)rnd(MAXL - 1));
        cor_net *net = load_random(&g, "power");
        /* random disjoint source and sink sets */
        uint32_t src[MAXN], snk[MAXN];
        size_t ns = 0, nt = 0;
        unsigned sm = 0, tm = 0;
        for (int v = 0; v < g.n; v++) {
            unsigned r = rnd(4);
            if ((r == 0 || (v == 0 && !ns)) && v != g.n - 1) {
                src[ns++] = (uint32_t)v;
                sm |= 1u << v;
            } else if (r == 1 || v == g.n - 1) {
                snk[nt++] = (uint32_t)v;
                tm |= 1u << v;
            }
        }
        cor_flow *fl = flow_new(net, COR_LAYER_POWER, 0);
        cor_flow_result *r = NULL;
        cor_err err = {0};
        bool any_cap = false;
        for (int i = 0; i < g.m; i++)
            any_cap |= !isnan(g.l[i].cap);
        cor_status st = cor_flow_max(fl, src, ns, snk, nt, &r, &err);
        if (!any_cap) {
            assert_int_equal(st, COR_ERR_INPUT);
        } else {
            if (st != COR_OK)
                fail_msg("network %d: %s", it, err.msg);
            double want = brute_min_cut(&g, sm, tm, 0);
            assert_close(want, r->max_flow);
            /* the reported cut is a cut of that capacity */
            double sum = 0;
            unsigned dead = 0;
            for (size_t i = 0; i < r->n_cut; i++) {
                sum += r->cut[i].capacity;
                dead |= 1u << r->cut[i].link;
            }
            assert_close(want, sum);
            for (size_t j = 0; j < nt; j++)
                assert_false(brute_reaches(&g, sm, (int)snk[j], dead));
            size_t unreached = 0;
            for (size_t j = 0; j < nt; j++)
                unreached += !brute_reaches(&g, sm, (int)snk[j], 0);
            assert_int_equal(unreached, r->n_unreached);
            /* a link left out adds flow with capacity 1 exactly when it is flagged */
            for (size_t i = 0; i < r->n_uncapacitated; i++) {
                rlink *k = &g.l[r->uncapacitated[i].link];
                k->cap = 1;
                double with = brute_min_cut(&g, sm, tm, 0);
                k->cap = NAN;
                assert_int_equal(r->uncapacitated[i].adds_flow, with > want + 1e-9);
            }
            /* flows respect capacities */
            for (size_t i = 0; i < r->n_flows; i++)
                assert_true(r->flows[i].flow <= r->flows[i].capacity + 1e-9);
            checked++;

            /* contingencies against the brute force with the links removed */
            int k = g.m <= 10 ? 2 : 1;
            cor_resilience *res = NULL;
            assert_int_equal(cor_flow_resilience(fl, src, ns, snk, nt, k, &res, &err), COR_OK);
            assert_close(want, res->base);
            for (size_t i = 0; i < res->n; i++) {
                const cor_contingency *c = &res->items[i];
                unsigned dm = 0;
                for (size_t j = 0; j < c->n_failed; j++)
                    dm |= 1u << c->failed[j];
                double w = brute_min_cut(&g, sm, tm, dm);
                assert_close(w, c->remaining);
                assert_int_equal(c->cut_off, w == 0);
                size_t un = 0;
                for (size_t j = 0; j < nt; j++)
                    un += !brute_reaches(&g, sm, (int)snk[j], dm);
                assert_int_equal(un, c->n_unreached);
                if (c->n_failed == 2) {
                    double a = brute_min_cut(&g, sm, tm, 1u << c->failed[0]);
                    double b = brute_min_cut(&g, sm, tm, 1u << c->failed[1]);
                    assert_int_equal(c->joint, w < fmin(a, b) - 1e-9);
                } else {
                    assert_false(c->joint);
                }
                if (i)
                    assert_true(res->items[i - 1].remaining <= c->remaining);
            }
            cor_resilience_free(res);
        }
        cor_flow_result_free(r);
        cor_flow_free(fl);
        cor_net_free(net);
    }
    assert_true(checked > 250);
}

/* ---- Suurballe against brute force ---- */

enum { MAXP = 4096 };

typedef struct bpath {
    unsigned links, nodes; /* bit sets; nodes excludes the end points */
    double cost;
} bpath;

static bpath paths[MAXP];
static int n_paths;

static void enum_paths(const rnet *g, int v, int t, unsigned visited, unsigned links,
                       unsigned inner, double cost)
{
    if (v == t) {
        if (n_paths < MAXP)
            paths[n_paths++] = (bpath){links, inner, cost};
        return;
    }
    for (int i = 0; i < g->m; i++) {
        const rlink *k = &g->l[i];
        int w = k->from == v ? k->to : (k->both && k->to == v ? k->from : -1);
        if (w < 0 || (visited >> w & 1))
            continue;
        enum_paths(g, w, t, visited | 1u << w, links | 1u << i,
                   w == t ? inner : inner | 1u << w, cost + 0.005 * k->km);
    }
}

/* best[j]: least total cost of j pairwise disjoint paths (INFINITY if none) */
static void best_sets(int start, int j, int kmax, unsigned used_l, unsigned used_n, bool nd,
                      double cost, double *best)
{
    if (cost < best[j])
        best[j] = cost;
    if (j == kmax)
        return;
    for (int i = start; i < n_paths; i++) {
        if ((paths[i].links & used_l) || (nd && (paths[i].nodes & used_n)))
            continue;
        best_sets(i + 1, j + 1, kmax, used_l | paths[i].links, used_n | paths[i].nodes, nd,
                  cost + paths[i].cost, best);
    }
}

static void test_random_suurballe(void **state)
{
    (void)state;
    rng_state = 777;
    int checked = 0;
    for (int it = 0; it < 300; it++) {
        rnet g;
        random_net(&g, 3 + (int)rnd(4), 3 + (int)rnd(8));
        cor_net *net = load_random(&g, "fibre");
        cor_flow *fl = flow_new(net, COR_LAYER_FIBRE, 0);
        uint32_t s = 0, t = (uint32_t)g.n - 1;
        n_paths = 0;
        enum_paths(&g, 0, g.n - 1, 1u, 0, 0, 0);
        assert_true(n_paths < MAXP);
        for (int nd = 0; nd < 2; nd++) {
            int kmax = 3;
            double best[4];
            for (int j = 0; j <= kmax; j++)
                best[j] = INFINITY;
            best_sets(0, 0, kmax, 0, 0, nd, 0, best);
            int most = 0;
            while (most < kmax && !isinf(best[most + 1]))
                most++;
            for (size_t k = 1; k <= (size_t)kmax; k++) {
                cor_flow_paths *p = NULL;
                cor_err err = {0};
                cor_status st = cor_flow_disjoint(fl, &s, 1, &t, 1, k, nd, &p, &err);
                if (!most) {
                    assert_int_equal(st, COR_ERR_NOROUTE);
                    continue;
                }
                assert_int_equal(st, COR_OK);
                size_t want_n = k < (size_t)most ? k : (size_t)most;
                assert_int_equal(p->n, want_n);
                assert_close(best[want_n], p->total_cost);
                /* the paths are real, contiguous and disjoint */
                unsigned used_l = 0, used_n = 0;
                for (size_t i = 0; i < p->n; i++) {
                    const cor_flow_path *q = &p->paths[i];
                    assert_int_equal(q->nodes[0], s);
                    assert_int_equal(q->nodes[q->n_links], t);
                    double c = 0;
                    for (size_t e = 0; e < q->n_links; e++) {
                        const rlink *k2 = &g.l[q->links[e]];
                        bool fwd = k2->from == (int)q->nodes[e] && k2->to == (int)q->nodes[e + 1];
                        bool bwd = k2->both && k2->to == (int)q->nodes[e] &&
                                   k2->from == (int)q->nodes[e + 1];
                        assert_true(fwd || bwd);
                        assert_false(used_l >> q->links[e] & 1);
                        used_l |= 1u << q->links[e];
                        c += 0.005 * k2->km;
                        if (nd && e > 0) {
                            assert_false(used_n >> q->nodes[e] & 1);
                            used_n |= 1u << q->nodes[e];
                        }
                    }
                    assert_close(c, q->cost);
                    if (i)
                        assert_true(p->paths[i - 1].cost <= q->cost);
                }
                checked++;
                cor_flow_paths_free(p);
            }
        }
        cor_flow_free(fl);
        cor_net_free(net);
    }
    assert_true(checked > 500);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/corridor-flow-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    const char *files[] = {"nodes.csv", "links.csv", "borders.csv", "transfers.csv"};
    char path[512];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
        unlink(path);
    }
    rmdir(tmpdir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_sets_to_exclave),
        cmocka_unit_test(test_grid_single_pair_and_contingencies),
        cmocka_unit_test(test_grid_errors),
        cmocka_unit_test(test_opts_set),
        cmocka_unit_test(test_fibre_hand),
        cmocka_unit_test(test_random_maxflow_mincut),
        cmocka_unit_test(test_random_suurballe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
