/*
 * The distributed drivers (corridor/dist.h) on an in-process transport: each rank is a thread
 * with a mailbox (a test double of MPI only; the routing and the sweep runs are the real
 * ones). Checked against the single-process answers: the packed OD results unpack to the
 * routes cor_freight_route_od() gave, the assignment over 3 ranks prints the same JSON as
 * cor_freight_assign(), the sweep over 3 ranks gives every run the bytes of a plain loop, and
 * the table over 3 and 4 ranks is the single-process table. A table's points file read with
 * its problems at their lines.
 */
#include <math.h>
#include <pthread.h>
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
#include "corridor/sweep.h"

#define TINY_DIR "tests/data/tiny"
#define MAX_RANKS 4

/* ---- the fake transport: a mailbox per rank ---- */

typedef struct msg {
    int from, tag;
    char *data;
    size_t n;
    struct msg *next;
} msg;

typedef struct box {
    pthread_mutex_t lock;
    pthread_cond_t arrived;
    msg *head, *tail;
} box;

typedef struct world {
    int size;
    box boxes[MAX_RANKS];
    int sent[MAX_RANKS];   /* messages each rank sent */
    int instant;           /* a message is always there when rank 0 looks: it never runs
                              runs itself, so the chunks handed out are known in advance */
    long long work[64][2]; /* the chunks rank 0 handed out (tag 2: first run, count) */
    int n_work;
} world;

typedef struct fake {
    world *w;
    int rank;
} fake;

static int fake_send(void *ctx, int to, int tag, const void *data, size_t n)
{
    fake *f = ctx;
    msg *m = calloc(1, sizeof *m);
    assert_non_null(m);
    m->from = f->rank;
    m->tag = tag;
    m->n = n;
    m->data = malloc(n + 1);
    assert_non_null(m->data);
    if (n)
        memcpy(m->data, data, n);
    box *b = &f->w->boxes[to];
    pthread_mutex_lock(&b->lock);
    if (f->rank == 0 && tag == 2 && n == sizeof f->w->work[0] && f->w->n_work < 64)
        memcpy(f->w->work[f->w->n_work++], data, n);
    if (b->tail)
        b->tail->next = m;
    else
        b->head = m;
    b->tail = m;
    f->w->sent[f->rank]++;
    pthread_cond_signal(&b->arrived);
    pthread_mutex_unlock(&b->lock);
    return 0;
}

static int fake_recv(void *ctx, int wait, int *from, int *tag, char **data, size_t *n)
{
    fake *f = ctx;
    box *b = &f->w->boxes[f->rank];
    pthread_mutex_lock(&b->lock);
    if (!b->head && !wait && !f->w->instant) {
        pthread_mutex_unlock(&b->lock);
        return 1;
    }
    while (!b->head)
        pthread_cond_wait(&b->arrived, &b->lock);
    msg *m = b->head;
    b->head = m->next;
    if (!b->head)
        b->tail = NULL;
    pthread_mutex_unlock(&b->lock);
    m->data[m->n] = '\0';
    *from = m->from;
    *tag = m->tag;
    *data = m->data;
    *n = m->n;
    free(m);
    return 0;
}

static void world_init(world *w, int size, fake *f, cor_transport *t)
{
    memset(w, 0, sizeof *w);
    w->size = size;
    for (int r = 0; r < size; r++) {
        pthread_mutex_init(&w->boxes[r].lock, NULL);
        pthread_cond_init(&w->boxes[r].arrived, NULL);
        f[r] = (fake){w, r};
        t[r] = (cor_transport){r, size, &f[r], fake_send, fake_recv};
    }
}

static void world_free(world *w)
{
    for (int r = 0; r < w->size; r++) {
        assert_null(w->boxes[r].head); /* every message was read */
        pthread_mutex_destroy(&w->boxes[r].lock);
        pthread_cond_destroy(&w->boxes[r].arrived);
    }
}

/* ---- packing ---- */

static void same_od(const cor_od_result *a, const cor_od_result *b)
{
    assert_int_equal(a->routed, b->routed);
    assert_true(a->cost_per_t == b->cost_per_t || (a->cost_per_t != a->cost_per_t &&
                                                   b->cost_per_t != b->cost_per_t));
    assert_string_equal(a->message, b->message);
    assert_int_equal(a->n_routes, b->n_routes);
    for (size_t k = 0; k < a->n_routes; k++) {
        const cor_route *x = &a->routes[k].route, *y = &b->routes[k].route;
        assert_true(a->routes[k].share == b->routes[k].share);
        assert_true(x->km == y->km && x->hours == y->hours && x->usd == y->usd);
        assert_int_equal(x->n_steps, y->n_steps);
        assert_memory_equal(x->steps, y->steps, x->n_steps * sizeof *x->steps);
        assert_int_equal(x->n_countries, y->n_countries);
        assert_memory_equal(x->countries, y->countries, x->n_countries * sizeof *x->countries);
    }
}

static void test_pack_unpack(void **state)
{
    (void)state;
    cor_net *net = NULL;
    cor_demand *demand = NULL;
    assert_int_equal(cor_net_load(TINY_DIR, &net, NULL), COR_OK);
    assert_int_equal(cor_demand_load(net, TINY_DIR "/demand.csv", &demand, NULL), COR_OK);
    cor_freight_opts o;
    cor_freight_opts_default(&o);
    o.method = COR_FREIGHT_LOGIT;
    o.route.alternatives = 3;
    size_t n = cor_demand_count(demand);
    assert_true(n >= 2);
    cor_od_result *want = calloc(n, sizeof *want), *got = calloc(n, sizeof *got);
    cor_router *router = cor_router_new(net);
    cor_dist_buf b = {0};
    size_t routes = 0;
    for (size_t i = n; i-- > 0;) { /* packed in reverse: rows say where they go */
        assert_int_equal(cor_freight_route_od(router, demand, &o, i, &want[i], NULL), COR_OK);
        routes += want[i].n_routes;
        cor_od_pack(&b, i, &want[i]);
    }
    assert_true(routes > n); /* logit with alternatives: some pair has several routes */
    assert_false(b.failed);
    const char *p = b.p, *end = b.p + b.n;
    cor_err err;
    while (p < end)
        assert_int_equal(cor_od_unpack(&p, end, got, n, &err), COR_OK);
    for (size_t i = 0; i < n; i++)
        same_od(&want[i], &got[i]);
    /* a row already filled, a row out of range, and every truncation are refused */
    p = b.p;
    assert_int_equal(cor_od_unpack(&p, end, got, n, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "packed OD result: bad row");
    for (size_t i = 0; i < n; i++)
        cor_freight_od_free(&got[i]);
    p = b.p;
    assert_int_equal(cor_od_unpack(&p, end, got, 0, &err), COR_ERR_INPUT);
    for (size_t cut = 0; cut < b.n; cut += 7) {
        cor_od_result *part = calloc(n, sizeof *part);
        p = b.p;
        cor_status st = COR_OK;
        while (st == COR_OK && p < b.p + cut)
            st = cor_od_unpack(&p, b.p + cut, part, n, &err);
        for (size_t i = 0; i < n; i++)
            cor_freight_od_free(&part[i]);
        free(part);
    }
    for (size_t i = 0; i < n; i++) {
        cor_freight_od_free(&want[i]);
        cor_freight_od_free(&got[i]);
    }
    free(want);
    free(got);
    free(b.p);
    cor_router_free(router);
    cor_demand_free(demand);
    cor_net_free(net);
}

/* ---- the assignment over ranks ---- */

typedef struct assign_job {
    const cor_net *net;
    const cor_demand *demand;
    const cor_freight_opts *o;
    const cor_transport *t;
    cor_freight_result *r;
    cor_status st;
} assign_job;

static void *assign_rank(void *p)
{
    assign_job *j = p;
    cor_err err;
    j->st = cor_dist_assign(j->net, j->demand, j->o, j->t, &j->r, &err);
    return NULL;
}

static void assign_case(cor_freight_method method)
{
    cor_net *net = NULL;
    cor_demand *demand = NULL;
    assert_int_equal(cor_net_load(TINY_DIR, &net, NULL), COR_OK);
    assert_int_equal(cor_demand_load(net, TINY_DIR "/demand.csv", &demand, NULL), COR_OK);
    cor_freight_opts o;
    cor_freight_opts_default(&o);
    o.method = method;
    o.route.alternatives = 3;
    cor_freight_result *single = NULL;
    assert_int_equal(cor_freight_assign(net, demand, &o, &single, NULL), COR_OK);
    char *want = cor_freight_json(net, NULL, demand, &o, single);

    world w;
    fake f[3];
    cor_transport t[3];
    world_init(&w, 3, f, t);
    assign_job jobs[3];
    pthread_t th[3];
    for (int r = 0; r < 3; r++) {
        jobs[r] = (assign_job){net, demand, &o, &t[r], NULL, COR_ERR_IO};
        assert_int_equal(pthread_create(&th[r], NULL, assign_rank, &jobs[r]), 0);
    }
    for (int r = 0; r < 3; r++)
        pthread_join(th[r], NULL);
    for (int r = 0; r < 3; r++)
        assert_int_equal(jobs[r].st, COR_OK);
    assert_non_null(jobs[0].r);
    assert_null(jobs[1].r);
    assert_null(jobs[2].r);
    char *got = cor_freight_json(net, NULL, demand, &o, jobs[0].r);
    assert_string_equal(got, want);
    /* each worker sent its results once and heard the verdict: 2 messages each way */
    assert_int_equal(w.sent[1] + w.sent[2], 2);
    assert_int_equal(w.sent[0], 2);
    world_free(&w);
    free(got);
    free(want);
    cor_freight_result_free(jobs[0].r);
    cor_freight_result_free(single);
    cor_demand_free(demand);
    cor_net_free(net);
}

static void test_assign_aon(void **state)
{
    (void)state;
    assign_case(COR_FREIGHT_AON);
}

static void test_assign_logit(void **state)
{
    (void)state;
    assign_case(COR_FREIGHT_LOGIT);
}

/* ---- the sweep over ranks ---- */

typedef struct sweep_job {
    const cor_sweep *s;
    const cor_transport *t;
    char **results;
    int chunks;
    cor_status st;
} sweep_job;

static int chunks_seen[MAX_RANKS];

static void count_chunk(int rank, int chunk)
{
    chunks_seen[rank] = chunk + 1;
}

static void *sweep_rank(void *p)
{
    sweep_job *j = p;
    cor_sweep_ctx *ctx = NULL; /* each rank its own, as each MPI process */
    cor_err err;
    j->st = cor_sweep_ctx_new(j->s, &ctx, NULL);
    if (j->st == COR_OK)
        j->st = cor_dist_sweep(ctx, cor_sweep_run_count(j->s), j->results, j->t, count_chunk,
                               &err);
    cor_sweep_ctx_free(ctx);
    return NULL;
}

static void test_sweep(void **state)
{
    (void)state;
    cor_sweep *s = NULL;
    assert_int_equal(cor_sweep_load(TINY_DIR "/sweeps/random.ini", TINY_DIR, &s, NULL), COR_OK);
    size_t n = cor_sweep_run_count(s);
    assert_int_equal(n, 50);
    cor_sweep_ctx *ctx = NULL;
    assert_int_equal(cor_sweep_ctx_new(s, &ctx, NULL), COR_OK);
    char **want = calloc(n, sizeof *want), **got = calloc(n, sizeof *got);
    for (size_t i = 0; i < n; i++)
        assert_non_null(want[i] = cor_sweep_run(ctx, i));
    cor_sweep_ctx_free(ctx);

    world w;
    fake f[3];
    cor_transport t[3];
    world_init(&w, 3, f, t);
    memset(chunks_seen, 0, sizeof chunks_seen);
    sweep_job jobs[3];
    pthread_t th[3];
    for (int r = 0; r < 3; r++) {
        jobs[r] = (sweep_job){s, &t[r], r == 0 ? got : NULL, 0, COR_ERR_IO};
        assert_int_equal(pthread_create(&th[r], NULL, sweep_rank, &jobs[r]), 0);
    }
    for (int r = 0; r < 3; r++)
        pthread_join(th[r], NULL);
    for (int r = 0; r < 3; r++)
        assert_int_equal(jobs[r].st, COR_OK);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(got[i], want[i]);
    /* a worker's messages: a request per chunk (on_chunk before each, the last one answered
     * "no work") and a result per run */
    size_t worker_runs = 0;
    for (int r = 1; r < 3; r++) {
        assert_true(chunks_seen[r] >= 1);
        worker_runs += (size_t)(w.sent[r] - chunks_seen[r]);
    }
    assert_true(worker_runs <= n); /* rank 0 ran the others itself */
    world_free(&w);
    for (size_t i = 0; i < n; i++) {
        free(want[i]);
        free(got[i]);
    }
    free(want);
    free(got);
    cor_sweep_free(s);
}

/* Guided self-scheduling when rank 0 always has a message waiting: every run goes to the
 * workers, in chunks of max(1, runs left / (2 x 3 ranks)) from the first run on:
 * 50 -> 8, 42 -> 7, 35 -> 5, 30 -> 5, 25 -> 4, 21 -> 3, 18 -> 3, 15 -> 2, 13 -> 2, 11 -> 1,
 * then the last 10 runs one by one, then "no work" (0) once for each worker. */
static void test_sweep_schedule(void **state)
{
    (void)state;
    cor_sweep *s = NULL;
    assert_int_equal(cor_sweep_load(TINY_DIR "/sweeps/random.ini", TINY_DIR, &s, NULL), COR_OK);
    size_t n = cor_sweep_run_count(s);
    char **got = calloc(n, sizeof *got);
    world w;
    fake f[3];
    cor_transport t[3];
    world_init(&w, 3, f, t);
    w.instant = 1;
    memset(chunks_seen, 0, sizeof chunks_seen);
    sweep_job jobs[3];
    pthread_t th[3];
    for (int r = 0; r < 3; r++) {
        jobs[r] = (sweep_job){s, &t[r], r == 0 ? got : NULL, 0, COR_ERR_IO};
        assert_int_equal(pthread_create(&th[r], NULL, sweep_rank, &jobs[r]), 0);
    }
    for (int r = 0; r < 3; r++)
        pthread_join(th[r], NULL);
    for (int r = 0; r < 3; r++)
        assert_int_equal(jobs[r].st, COR_OK);
    static const long long sizes[] = {8, 7, 5, 5, 4, 3, 3, 2, 2, 1, 1,
                                      1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
    assert_int_equal(w.n_work, sizeof sizes / sizeof *sizes);
    long long next = 0;
    for (int i = 0; i < w.n_work; i++) {
        assert_int_equal(w.work[i][1], sizes[i]);
        assert_int_equal(w.work[i][0], next);
        next += w.work[i][1];
    }
    assert_int_equal(next, 50);
    /* the workers ran every run: 50 results plus 20 + 2 requests, each after on_chunk */
    assert_int_equal(w.sent[1] + w.sent[2], 50 + 22);
    assert_int_equal(chunks_seen[1] + chunks_seen[2], 22);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(got[i]);
        free(got[i]);
    }
    world_free(&w);
    free(got);
    cor_sweep_free(s);
}

/* One rank: a plain loop, no message. */
static void test_sweep_one_rank(void **state)
{
    (void)state;
    cor_sweep *s = NULL;
    assert_int_equal(cor_sweep_load(TINY_DIR "/sweeps/fixed.ini", TINY_DIR, &s, NULL), COR_OK);
    size_t n = cor_sweep_run_count(s);
    assert_int_equal(n, 12); /* 2 scenarios x 2 demand levels x 3 draws */
    cor_sweep_ctx *ctx = NULL;
    assert_int_equal(cor_sweep_ctx_new(s, &ctx, NULL), COR_OK);
    char **got = calloc(n, sizeof *got);
    cor_transport t = {.rank = 0, .size = 1};
    assert_int_equal(cor_dist_sweep(ctx, n, got, &t, NULL, NULL), COR_OK);
    for (size_t i = 0; i < n; i++) {
        char *want = cor_sweep_run(ctx, i);
        assert_string_equal(got[i], want);
        free(want);
        free(got[i]);
    }
    free(got);
    cor_sweep_ctx_free(ctx);
    cor_sweep_free(s);
}

/* ---- the table over ranks ---- */

typedef struct table_job {
    const cor_graph *g;
    const uint32_t *src, *dst;
    size_t n_src, n_dst;
    uint64_t *d;
    const cor_transport *t;
    cor_status st;
} table_job;

static void *table_rank(void *p)
{
    table_job *j = p;
    cor_gquery *q = cor_gquery_new(j->g); /* each rank its own query, as each MPI process */
    cor_err err;
    j->st = q ? cor_dist_table(q, COR_METRIC_TIME, j->src, j->n_src, j->dst, j->n_dst, j->d,
                               j->t, &err)
              : COR_ERR_NOMEM;
    cor_gquery_free(q);
    return NULL;
}

/* Every node to every node over `ranks` ranks equals the single-process table. */
static void table_case(int ranks, size_t n_src)
{
    cor_net *net = NULL;
    cor_graph *g = NULL;
    assert_int_equal(cor_net_load(TINY_DIR, &net, NULL), COR_OK);
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, NULL),
                     COR_OK);
    size_t n = cor_graph_node_count(g);
    assert_true(n >= 5 && n_src <= n);
    uint32_t *all = calloc(n, sizeof *all);
    for (size_t i = 0; i < n; i++)
        all[i] = (uint32_t)i;
    uint64_t *want = calloc(n_src * n, sizeof *want), *got[MAX_RANKS];
    cor_gquery *q = cor_gquery_new(g);
    assert_int_equal(cor_gquery_table(q, COR_METRIC_TIME, all, n_src, all, n, want, NULL), COR_OK);
    cor_gquery_free(q);
    size_t reachable = 0;
    for (size_t i = 0; i < n_src * n; i++)
        reachable += want[i] != COR_DIST_INF && want[i] > 0;
    assert_true(reachable > 0);

    world w;
    fake f[MAX_RANKS];
    cor_transport t[MAX_RANKS];
    world_init(&w, ranks, f, t);
    table_job jobs[MAX_RANKS];
    pthread_t th[MAX_RANKS];
    for (int r = 0; r < ranks; r++) {
        got[r] = calloc(n_src * n + 1, sizeof *got[r]);
        jobs[r] = (table_job){g, all, all, n_src, n, got[r], &t[r], COR_ERR_IO};
        assert_int_equal(pthread_create(&th[r], NULL, table_rank, &jobs[r]), 0);
    }
    for (int r = 0; r < ranks; r++)
        pthread_join(th[r], NULL);
    for (int r = 0; r < ranks; r++)
        assert_int_equal(jobs[r].st, COR_OK);
    assert_memory_equal(got[0], want, n_src * n * sizeof *want);
    world_free(&w);
    for (int r = 0; r < ranks; r++)
        free(got[r]);
    free(want);
    free(all);
    cor_graph_free(g);
    cor_net_free(net);
}

static void test_table(void **state)
{
    (void)state;
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(TINY_DIR, &net, NULL), COR_OK);
    size_t n = cor_net_node_count(net);
    cor_net_free(net);
    table_case(3, n - 1);
    table_case(4, 2); /* ranks 0 and 2 have no source: empty blocks */
}

/* cor_table_snap(): the limits before any snapping, each point onto its node (tiny's A at
 * 40, 44 and B at 40, 44.7038: 0 m), and one 0.5 degrees of longitude west of A, 6371 km x
 * cos 40 x 0.5 pi / 180 = 42.6 km away, refused under 20 km and taken under 43. */
static void test_table_snap(void **state)
{
    (void)state;
    cor_net *net = NULL;
    cor_graph *g = NULL;
    assert_int_equal(cor_net_load(TINY_DIR, &net, NULL), COR_OK);
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, NULL),
                     COR_OK);
    cor_table_point p[3] = {{"a", 40, 44, 0, 0}, {"b", 40, 44.7038, 0, 0}, {"w", 40, 43.5, 0, 0}};
    uint32_t *src = (uint32_t *)p, *dst = (uint32_t *)p;
    cor_err err;
    assert_int_equal(cor_table_snap(g, p, 100001, 1, 20, &src, &dst, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "at most 100,000 sources, 100,000 targets and 10^8 entries, "
                                 "found 100001 x 1");
    assert_null(src);
    assert_null(dst);
    assert_int_equal(cor_table_snap(g, p, 10001, 10000, 20, &src, &dst, &err), COR_ERR_INPUT);
    assert_int_equal(cor_table_snap(g, p, 1, 1, 20, &src, &dst, &err), COR_OK);
    cor_graph_node_info a, b;
    cor_graph_get_node(g, src[0], &a);
    cor_graph_get_node(g, dst[0], &b);
    assert_string_equal(a.id, "A");
    assert_string_equal(b.id, "B");
    assert_true(p[0].node == src[0] && p[1].node == dst[0]);
    assert_true(p[0].snap_m < 1e-6 && p[1].snap_m < 1e-6);
    free(src);
    free(dst);
    assert_int_equal(cor_table_snap(g, p, 1, 2, 20, &src, &dst, &err), COR_ERR_INPUT);
    assert_string_equal(err.msg, "point w (target 2) 40,43.5 is 42.6 km from the nearest node of "
                                 "the network (A at 40,44), more than --max-snap-km 20");
    assert_null(src);
    assert_int_equal(cor_table_snap(g, p, 1, 2, 43, &src, &dst, &err), COR_OK);
    assert_int_equal(dst[1], src[0]);
    assert_true(fabs(p[2].snap_m - 42590) < 20);
    free(src);
    free(dst);
    cor_graph_free(g);
    cor_net_free(net);
}

/* A file holding text, made for points_case(); its name into path. */
static void points_file(const char *text, char path[32])
{
    strcpy(path, "/tmp/test_dist_points_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* cor_table_points_read() of files holding sources and targets (NULL: none); the status, and
 * the first finding (formatted, without the file's name) or "" into first */
static cor_status points_case(const char *sources, const char *targets, cor_table_point **pts,
                              size_t *n_src, size_t *n_dst, char *first, size_t size)
{
    char spath[32], tpath[32];
    points_file(sources, spath);
    if (targets)
        points_file(targets, tpath);
    cor_diags *d = cor_diags_new();
    cor_status st = cor_table_points_read(spath, targets ? tpath : NULL, pts, n_src, n_dst, d);
    first[0] = '\0';
    if (cor_diags_count(d))
        cor_diag_format(cor_diags_get(d, 0), first, size);
    cor_diags_free(d);
    remove(spath);
    if (targets)
        remove(tpath);
    char *colon = strchr(first, ':');
    if (colon)
        memmove(first, colon, strlen(colon) + 1);
    return st;
}

/* cor_table_points_read(): ids from the file or 1, 2, ... in file order, sources then targets
 * (the sources twice without targets); each problem at its line and column */
static void test_table_points(void **state)
{
    (void)state;
    cor_table_point *p;
    size_t ns, nt;
    char first[512];
    assert_int_equal(points_case("lat,id,lon\n40,a,44\n-12.5,bee,170.25\n", NULL, &p, &ns, &nt,
                                 first, sizeof first), COR_OK);
    assert_true(ns == 2 && nt == 2);
    assert_string_equal(p[0].id, "a");
    assert_string_equal(p[1].id, "bee");
    assert_string_equal(p[3].id, "bee");
    assert_true(p[0].lat == 40 && p[0].lon == 44 && p[1].lat == -12.5 && p[1].lon == 170.25);
    assert_true(p[2].lat == 40 && p[3].lon == 170.25 && p[3].node == 0 && p[3].snap_m == 0);
    free(p);
    assert_int_equal(points_case("lat,lon,id\n1,2,s\n", "lon,lat\n1,2\n3,4\n5,6\n", &p, &ns, &nt,
                                 first, sizeof first), COR_OK);
    assert_true(ns == 1 && nt == 3);
    assert_string_equal(p[0].id, "s");
    assert_string_equal(p[1].id, "1");
    assert_string_equal(p[3].id, "3");
    assert_true(p[0].lat == 1 && p[0].lon == 2 && p[3].lat == 6 && p[3].lon == 5);
    free(p);
    assert_int_equal(points_case("lat,lng\n1,2\n", NULL, &p, &ns, &nt, first, sizeof first),
                     COR_ERR_INPUT);
    assert_string_equal(first,
                        ":1: lon: expected a column named \"lon\" in the header, found none");
    assert_null(p);
    assert_true(ns == 0 && nt == 0);
    assert_int_equal(points_case("lat,lon\n1,2\n", "lat,lon\n", &p, &ns, &nt, first,
                                 sizeof first), COR_ERR_INPUT);
    assert_string_equal(first, ":2: expected at least one point, found none");
    assert_null(p);
    assert_int_equal(points_case("lat,lon\n1,2\n1,180.5\n", "lat,lon\n", &p, &ns, &nt, first,
                                 sizeof first), COR_ERR_INPUT);
    assert_string_equal(first, ":3: lon: expected a number in [-180, 180], found \"180.5\"");
    assert_int_equal(points_case("lat,lon\n-90.1,2\n", NULL, &p, &ns, &nt, first, sizeof first),
                     COR_ERR_INPUT);
    assert_string_equal(first, ":2: lat: expected a number in [-90, 90], found \"-90.1\"");
    assert_null(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_unpack),
        cmocka_unit_test(test_assign_aon),
        cmocka_unit_test(test_assign_logit),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_sweep_schedule),
        cmocka_unit_test(test_sweep_one_rank),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_snap),
        cmocka_unit_test(test_table_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
