/* Snapshots: a round trip gives identical bytes and answers; truncated, wrong-magic and
 * wrong-version files and damaged headers or section indices are refused when opened; a damaged
 * payload opens (only cheap checks run then) but cor_graph_verify refuses it, and snaps, routes
 * and tables on it are a clear refusal or a real path, never a crash (run under ASan). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"
#include "corridor/import.h"

#define OSM_DIR "../shared/data/osm/"

/* header offsets (docs/ch.md "Snapshot format", version 4) */
enum {
    OFF_VERSION = 8, OFF_N = 24, OFF_N_CROSS = 136, OFF_GRID_W = 152, OFF_GRID_CELL = 176,
    OFF_SECTIONS = 192, OFF_PAYLOAD_CRC = 196, OFF_HEADER_CRC = 252, HEADER = 256
};
/* sections, in the order of the format's table (docs/ch.md): the ones the tests damage */
enum {
    SEC_ID_OFF = 4, SEC_ARC_TO = 7, SEC_CROSS_ARC = 20, SEC_CROSS_DWELL = 21,
    SEC_OUT_FIRST = 24, SEC_OUT_ARC = 25, SEC_GRID_FIRST = 28, SEC_GRID_NODE = 29,
    SEC_TIME_RANK = 30, SEC_TIME_FWD_FIRST = 31, SEC_TIME_FWD = 32, SEC_TIME_FWD_REC = 33,
    SEC_TIME_SC_A = 37
};

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* Bitwise CRC-32 (IEEE), written independently of the library's table version: the register
 * after p[0..n) from register c (0xFFFFFFFF to start; the CRC is its complement). */
static uint32_t crc32_more(uint32_t c, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return c;
}

static uint32_t get32(const unsigned char *b, size_t at)
{
    uint32_t x;
    memcpy(&x, b + at, sizeof x);
    return x;
}

static uint64_t get64(const unsigned char *b, size_t at)
{
    uint64_t x;
    memcpy(&x, b + at, sizeof x);
    return x;
}

static void put32(unsigned char *b, size_t at, uint32_t x) { memcpy(b + at, &x, sizeof x); }

/* Where section i starts in the image (its entry in the section index). */
static size_t sec_at(const unsigned char *b, int i) { return (size_t)get64(b, HEADER + 16 * i); }

/* Recomputes both checksums as docs/ch.md defines them: the payload's (after the section
 * index), then the header's (its first 252 bytes, then the index). */
static void reseal(unsigned char *c, size_t n)
{
    size_t pay = HEADER + 16 * (size_t)get32(c, OFF_SECTIONS);
    if (pay > n)
        return;
    put32(c, OFF_PAYLOAD_CRC, ~crc32_more(0xFFFFFFFFu, c + pay, n - pay));
    uint32_t h = crc32_more(0xFFFFFFFFu, c, OFF_HEADER_CRC);
    put32(c, OFF_HEADER_CRC, ~crc32_more(h, c + HEADER, pay - HEADER));
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(*n);
    assert_int_equal(fread(b, 1, *n, f), *n);
    fclose(f);
    return b;
}

static void spit(const char *path, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
}

static cor_graph *liechtenstein(void)
{
    char dir[] = "/tmp/cor-test-snap-XXXXXX";
    assert_non_null(mkdtemp(dir));
    cor_osm_opts o;
    cor_osm_opts_default(&o, COR_OSM_ROAD);
    cor_err err;
    assert_int_equal(cor_osm_import(OSM_DIR "liechtenstein-2013-08-03.osm.pbf", &o, dir, NULL,
                                    &err),
                     COR_OK);
    cor_net *net = NULL;
    assert_int_equal(cor_net_load(dir, &net, NULL), COR_OK);
    cor_graph *g = NULL;
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, &err),
                     COR_OK);
    cor_net_free(net);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(cor_graph_contract(g, NULL, &err), COR_OK);
    return g;
}

typedef struct fixture {
    char path[64], path2[64], bad[64];
    cor_graph *g;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/cor-snap-%d.cor", (int)getpid());
    snprintf(f->path2, sizeof f->path2, "/tmp/cor-snap2-%d.cor", (int)getpid());
    snprintf(f->bad, sizeof f->bad, "/tmp/cor-snapbad-%d.cor", (int)getpid());
    f->g = liechtenstein();
    cor_err err;
    assert_int_equal(cor_graph_write(f->g, f->path, &err), COR_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    unlink(f->path2);
    unlink(f->bad);
    cor_graph_free(f->g);
    free(f);
    return 0;
}

static void round_trip(void **state)
{
    fixture *f = *state;
    cor_err err;
    cor_graph *h = NULL;
    assert_int_equal(cor_graph_read(f->path, &h, &err), COR_OK);
    assert_int_equal(cor_graph_node_count(h), cor_graph_node_count(f->g));
    assert_int_equal(cor_graph_arc_count(h), cor_graph_arc_count(f->g));
    assert_true(cor_graph_has_ch(h, COR_METRIC_TIME) && cor_graph_has_ch(h, COR_METRIC_DISTANCE));
    /* writing the loaded graph again gives the same bytes */
    assert_int_equal(cor_graph_write(h, f->path2, &err), COR_OK);
    size_t n1, n2;
    unsigned char *b1 = slurp(f->path, &n1), *b2 = slurp(f->path2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    free(b1);
    free(b2);
    /* and the same answers, paths included */
    cor_gquery *q1 = cor_gquery_new(f->g), *q2 = cor_gquery_new(h);
    uint64_t seed = 3;
    size_t n = cor_graph_node_count(h);
    for (int i = 0; i < 2000; i++) {
        uint32_t s = (uint32_t)(rnd(&seed) % n), t = (uint32_t)(rnd(&seed) % n);
        uint64_t d1, d2;
        cor_status r1 = cor_gquery_run(q1, COR_ALGO_CH, (cor_metric)(i % 2), s, t, &d1, &err);
        cor_status r2 = cor_gquery_run(q2, COR_ALGO_CH, (cor_metric)(i % 2), s, t, &d2, &err);
        assert_int_equal(r1, r2);
        if (r1 != COR_OK)
            continue;
        assert_int_equal(d1, d2);
        const uint32_t *p1, *p2;
        size_t np1, np2;
        assert_int_equal(cor_gquery_path(q1, &p1, &np1, &err), COR_OK);
        assert_int_equal(cor_gquery_path(q2, &p2, &np2, &err), COR_OK);
        assert_int_equal(np1, np2);
        assert_memory_equal(p1, p2, np1 * sizeof *p1);
    }
    cor_graph_node_info a, b;
    cor_graph_get_node(f->g, 17, &a);
    cor_graph_get_node(h, 17, &b);
    assert_string_equal(a.id, b.id);
    assert_true(a.lat == b.lat && a.lon == b.lon);
    cor_gquery_free(q1);
    cor_gquery_free(q2);
    cor_graph_free(h);
}

static void expect_reject(const char *path, const char *needle)
{
    cor_err err = {0};
    cor_graph *h = (cor_graph *)1;
    cor_status st = cor_graph_read(path, &h, &err);
    assert_int_not_equal(st, COR_OK);
    assert_null(h);
    if (!strstr(err.msg, needle))
        fail_msg("expected \"%s\" in \"%s\"", needle, err.msg);
}

static void truncated(void **state)
{
    fixture *f = *state;
    size_t n;
    unsigned char *b = slurp(f->path, &n);
    size_t cuts[] = {0, 1, 7, 8, 100, HEADER - 1, HEADER, HEADER + 1, n / 3, n / 2, n - 8, n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        spit(f->bad, b, cuts[i]);
        expect_reject(f->bad, "truncated");
    }
    /* and 200 more cut points spread over the file */
    for (size_t k = 1; k <= 200; k++) {
        spit(f->bad, b, n * k / 201);
        expect_reject(f->bad, "snapshot");
    }
    /* a longer file is corrupt too */
    unsigned char *longer = calloc(n + 16, 1);
    memcpy(longer, b, n);
    spit(f->bad, longer, n + 16);
    expect_reject(f->bad, "corrupt");
    free(longer);
    free(b);
}

/* One flipped bit: in the header or the section index, opening refuses the file; in the
 * payload, opening does not look (it opens) but cor_graph_verify (`corridor check`) refuses it
 * by its checksum, and the queries on it are safe. */
static void flipped(void **state)
{
    fixture *f = *state;
    size_t n;
    unsigned char *b = slurp(f->path, &n);
    size_t pay = HEADER + 16 * (size_t)get32(b, OFF_SECTIONS);
    uint64_t seed = 11;
    int opened = 0;
    for (int i = 0; i < 300; i++) {
        size_t at = i < 100 ? (size_t)(rnd(&seed) % pay) : pay + (size_t)(rnd(&seed) % (n - pay));
        unsigned char old = b[at];
        b[at] ^= (unsigned char)(1u << (rnd(&seed) % 8));
        spit(f->bad, b, n);
        cor_err err = {0};
        cor_graph *h = NULL;
        cor_status st = cor_graph_read(f->bad, &h, &err);
        if (at < pay) {
            assert_int_equal(st, COR_ERR_INPUT);
            assert_non_null(strstr(err.msg, "snapshot"));
        } else if (st == COR_OK) { /* the grid's total cell count is the only payload read */
            opened++;
            assert_int_equal(cor_graph_verify(h, &err), COR_ERR_INPUT);
            assert_string_equal(err.msg, "corrupt snapshot: checksum mismatch");
            cor_graph_free(h);
        } else {
            assert_int_equal(st, COR_ERR_INPUT);
        }
        b[at] = old;
    }
    assert_true(opened >= 190);
    free(b);
}

/* The undamaged file verifies; `corridor check` is this call. */
static void verified(void **state)
{
    fixture *f = *state;
    cor_err err = {0};
    cor_graph *h = NULL;
    assert_int_equal(cor_graph_read(f->path, &h, &err), COR_OK);
    assert_int_equal(cor_graph_verify(h, &err), COR_OK);
    assert_int_equal(cor_graph_verify(f->g, &err), COR_OK); /* a graph built in memory too */
    cor_graph_free(h);
}

/* A snapshot that cannot be mapped (a FIFO) is read into memory and answers the same. */
static void from_a_pipe(void **state)
{
    fixture *f = *state;
    char fifo[80];
    snprintf(fifo, sizeof fifo, "/tmp/cor-snapfifo-%d", (int)getpid());
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) { /* the writer */
        size_t n;
        unsigned char *b = slurp(f->path, &n);
        FILE *w = fopen(fifo, "wb");
        _exit(w && fwrite(b, 1, n, w) == n && fclose(w) == 0 ? 0 : 1);
    }
    cor_err err = {0};
    cor_graph *h = NULL;
    assert_int_equal(cor_graph_read(fifo, &h, &err), COR_OK);
    int wst;
    assert_int_equal(waitpid(pid, &wst, 0), pid);
    assert_true(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
    unlink(fifo);
    assert_int_equal(cor_graph_verify(h, &err), COR_OK);
    cor_gquery *q1 = cor_gquery_new(f->g), *q2 = cor_gquery_new(h);
    uint64_t seed = 5, d1, d2;
    size_t nn = cor_graph_node_count(h);
    for (int i = 0; i < 200; i++) {
        uint32_t s = (uint32_t)(rnd(&seed) % nn), t = (uint32_t)(rnd(&seed) % nn);
        cor_status r1 = cor_gquery_run(q1, COR_ALGO_DIJKSTRA, COR_METRIC_TIME, s, t, &d1, &err);
        assert_int_equal(cor_gquery_run(q2, COR_ALGO_CH, COR_METRIC_TIME, s, t, &d2, &err), r1);
        if (r1 == COR_OK)
            assert_int_equal(d1, d2);
    }
    cor_gquery_free(q1);
    cor_gquery_free(q2);
    cor_graph_free(h);
}

static void wrong_magic_and_version(void **state)
{
    fixture *f = *state;
    size_t n;
    unsigned char *b = slurp(f->path, &n);
    unsigned char *c = malloc(n);
    memcpy(c, b, n);
    memcpy(c, "GRAPHCOR", 8);
    spit(f->bad, c, n);
    expect_reject(f->bad, "not a corridor snapshot");
    memcpy(c, b, n);
    /* version 3 (read whole and validated, no section index, no border crossings) and a
     * future version 5 */
    c[OFF_VERSION] = 3;
    spit(f->bad, c, n);
    expect_reject(f->bad, "snapshot format version 3, this corridor reads version 4 only: "
                          "rebuild it with corridor build");
    c[OFF_VERSION] = 5;
    spit(f->bad, c, n);
    expect_reject(f->bad, "version 5");
    spit(f->bad, (const unsigned char *)"hello", 5);
    expect_reject(f->bad, "truncated");
    expect_reject("/nonexistent/x.cor", "No such file");
    free(c);
    free(b);
}

/* An answer of a damaged snapshot: a refusal that says so, or a real path of g from s to t
 * weighing the distance found, never below the optimum d_opt (COR_DIST_INF when t is
 * unreachable). g is the graph the snapshot was written from when its arcs were not damaged;
 * else the damaged graph itself (then the path is only checked to be one of its own). A
 * hierarchy that lost arcs may give a longer route or none, as docs/ch.md says. Returns 1 for
 * a refusal. */
static int check_answer(const cor_graph *g, cor_gquery *q, cor_status st, const cor_err *err,
                        uint32_t s, uint32_t t, uint64_t d, uint64_t d_opt, cor_metric m)
{
    if (st == COR_ERR_INPUT) {
        if (!strstr(err->msg, "corrupt snapshot"))
            fail_msg("expected a corrupt snapshot refusal, found \"%s\"", err->msg);
        return 1;
    }
    if (st == COR_ERR_NOROUTE)
        return 0;
    assert_int_equal(st, COR_OK);
    const uint32_t *p;
    size_t np;
    cor_err e2 = {0};
    cor_status ps = cor_gquery_path(q, &p, &np, &e2);
    if (ps == COR_ERR_INPUT) {
        assert_non_null(strstr(e2.msg, "corrupt snapshot"));
        return 1;
    }
    assert_int_equal(ps, COR_OK);
    uint32_t at = s;
    uint64_t w = 0;
    for (size_t i = 0; i < np; i++) {
        cor_graph_arc_info ai;
        assert_true(p[i] < cor_graph_arc_count(g));
        cor_graph_get_arc(g, p[i], &ai);
        assert_int_equal(ai.from, at);
        at = ai.to;
        w += cor_graph_arc_weight(g, p[i], m);
    }
    assert_int_equal(at, t);
    assert_int_equal(w, d);
    assert_true(d >= d_opt);
    return 0;
}

/* Snaps, routes and a table on h (opened, possibly damaged) against g (g == h: arcs may be
 * damaged, answers only checked to be paths of h); the refusals. */
static int exercise_damaged(const cor_graph *g, const cor_graph *h, uint64_t *seed)
{
    int own = g == h;
    int refused = 0;
    cor_err err = {0};
    size_t nn = cor_graph_node_count(g);
    for (int i = 0; i < 10; i++) {
        cor_graph_node_info ni;
        cor_graph_get_node(g, (uint32_t)(rnd(seed) % nn), &ni);
        uint32_t v;
        double dist_m;
        cor_status st = cor_graph_snap(h, ni.lat, ni.lon, &v, &dist_m, &err);
        if (st == COR_OK) {
            assert_true(v < nn && dist_m >= 0);
            cor_graph_get_node(h, v, &ni); /* a snapped node is shown: it must be valid */
            assert_true(ni.id[0] != '\0');
        } else {
            assert_int_equal(st, COR_ERR_INPUT);
            assert_non_null(strstr(err.msg, "corrupt snapshot"));
            refused++;
        }
    }
    cor_gquery *qg = cor_gquery_new(g), *qh = cor_gquery_new(h);
    for (int j = 0; j < 40; j++) {
        uint32_t s = (uint32_t)(rnd(seed) % nn), t = (uint32_t)(rnd(seed) % nn);
        cor_metric m = (cor_metric)(j % 2);
        uint64_t d_opt = 0, d = 0;
        if (!own)
            cor_gquery_run(qg, COR_ALGO_DIJKSTRA, m, s, t, &d_opt, &err);
        cor_algo a = j % 5 == 4 ? COR_ALGO_BIDIJKSTRA : COR_ALGO_CH;
        cor_status st = cor_gquery_run(qh, a, m, s, t, &d, &err);
        refused += check_answer(g, qh, st, &err, s, t, d, d_opt, m);
    }
    uint32_t src[3], dst[3];
    uint64_t tab[9];
    for (int i = 0; i < 3; i++)
        src[i] = (uint32_t)(rnd(seed) % nn), dst[i] = (uint32_t)(rnd(seed) % nn);
    cor_status st = cor_gquery_table(qh, COR_METRIC_TIME, src, 3, dst, 3, tab, &err);
    if (st != COR_OK) {
        assert_int_equal(st, COR_ERR_INPUT);
        assert_non_null(strstr(err.msg, "corrupt snapshot"));
        refused++;
    }
    cor_gquery_free(qg);
    cor_gquery_free(qh);
    return refused;
}

/* Changes bytes, then recomputes both checksums: the header's checks, then the queries' own
 * bounds checks protect the reader; cor_graph_verify refuses what opening let through. */
static void resealed(void **state)
{
    fixture *f = *state;
    size_t n;
    unsigned char *b = slurp(f->path, &n);
    unsigned char *c = malloc(n);
    uint64_t seed = 21;
    int rejected = 0, accepted = 0, refused = 0;
    cor_err err;
    size_t pay = HEADER + 16 * (size_t)get32(b, OFF_SECTIONS);
    for (int i = 0; i < 150; i++) {
        memcpy(c, b, n);
        for (int k = 0; k < 4; k++) {
            size_t at = pay + (size_t)(rnd(&seed) % (n - pay));
            c[at] = (unsigned char)rnd(&seed);
        }
        if (i % 10 == 0) /* and sometimes a header count */
            c[OFF_N + 8 * (rnd(&seed) % 6)] ^= 0x40;
        reseal(c, n);
        spit(f->bad, c, n);
        cor_graph *h = NULL;
        cor_status st = cor_graph_read(f->bad, &h, &err);
        if (st != COR_OK) {
            assert_int_equal(st, COR_ERR_INPUT);
            assert_non_null(strstr(err.msg, "snapshot"));
            rejected++;
            continue;
        }
        accepted++;
        cor_status vs = cor_graph_verify(h, &err);
        assert_true(vs == COR_ERR_INPUT || vs == COR_OK); /* a byte may be set to itself */
        refused += exercise_damaged(h, h, &seed);
        cor_graph_free(h);
    }
    assert_true(rejected > 0 && accepted > 0);
    print_message("resealed: %d rejected on opening, %d opened and queried safely (%d answers "
                  "refused)\n", rejected, accepted, refused);
    free(c);
    free(b);
}

/* One damage of the image: what, where, how. */
typedef struct damage {
    const char *what;
    int section;  /* -1: at a header offset */
    long at;      /* header offset, or byte offset inside the section (< 0: from its end) */
    uint32_t value;
    int xor_;     /* 1: XOR the u32 at `at` with value; 0: store value */
    int count, stride; /* so many u32, stride bytes apart (the last ones of a hierarchy belong
                          to the top ranks, which every query visits) */
} damage;

static size_t damage_at(const unsigned char *c, const damage *d)
{
    if (d->section < 0)
        return (size_t)d->at;
    size_t start = sec_at(c, d->section), len = (size_t)get64(c, HEADER + 16 * d->section + 8);
    return d->at < 0 ? start + len - (size_t)-d->at : start + (size_t)d->at;
}

static void apply(unsigned char *c, const damage *d)
{
    size_t at = damage_at(c, d);
    for (int k = 0; k < (d->count ? d->count : 1); k++, at += (size_t)d->stride)
        put32(c, at, d->xor_ ? get32(c, at) ^ d->value : d->value);
}

/* Each header field, the section index, an offset, a hierarchy arc head, a shortcut half, a
 * grid cell: with the checksums left alone and recomputed. Opening refuses a damaged header or
 * index; a damaged payload opens (verify refuses it) and every answer is a clear refusal or a
 * real path. */
static void damaged_fields(void **state)
{
    fixture *f = *state;
    size_t n;
    unsigned char *b = slurp(f->path, &n);
    unsigned char *c = malloc(n);
    uint32_t nn = (uint32_t)cor_graph_node_count(f->g);
    uint32_t m = (uint32_t)cor_graph_arc_count(f->g);
    static const size_t fields[] = {8, 12, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112,
                                    120, 128, 136, 144, 152, 156, 160 + 4, 168 + 4, 176 + 4,
                                    184 + 4, 192, 196};
    damage dm[64];
    size_t nd = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        dm[nd++] = (damage){"header field", -1, (long)fields[i], 0x00100000u, 1, 1, 0};
    dm[nd++] = (damage){"section offset", -1, HEADER + 16 * SEC_TIME_FWD, 8, 1, 1, 0};
    dm[nd++] = (damage){"section length", -1, HEADER + 16 * SEC_GRID_NODE + 8, 4, 1, 1, 0};
    dm[nd++] = (damage){"section offset unaligned", -1, HEADER + 16 * SEC_ARC_TO, 4, 1, 1, 0};
    dm[nd++] = (damage){"node id offsets", SEC_ID_OFF, 0, 0x7FFFFFF0u, 0, 200, 4};
    dm[nd++] = (damage){"adjacency offsets", SEC_OUT_FIRST, 4, m + 5, 0, 200, 8};
    dm[nd++] = (damage){"adjacency arcs", SEC_OUT_ARC, 0, m, 0, 200, 4};
    dm[nd++] = (damage){"hierarchy ranks", SEC_TIME_RANK, 0, nn, 0, 200, 8};
    dm[nd++] = (damage){"hierarchy offsets", SEC_TIME_FWD_FIRST, -4 * 40, 0, 0, 20, 4};
    dm[nd++] = (damage){"hierarchy offsets", SEC_TIME_FWD_FIRST, -4 * 40, 0xFFFFFFu, 0, 20, 8};
    dm[nd++] = (damage){"hierarchy arc heads out of range", SEC_TIME_FWD, -8 * 60, nn + 3, 0,
                        30, 16};
    dm[nd++] = (damage){"hierarchy arc heads below", SEC_TIME_FWD, -8 * 60, 0, 0, 30, 16};
    dm[nd++] = (damage){"hierarchy arc heads elsewhere", SEC_TIME_FWD, -8 * 60, 1, 1, 30, 16};
    dm[nd++] = (damage){"hierarchy arc weights", SEC_TIME_FWD, -8 * 60 + 4, 1, 0, 30, 16};
    dm[nd++] = (damage){"hierarchy records", SEC_TIME_FWD_REC, -4 * 60, 0xFFFFFFF0u, 0, 30, 8};
    dm[nd++] = (damage){"hierarchy records elsewhere", SEC_TIME_FWD_REC, -4 * 60, 1, 1, 30, 8};
    dm[nd++] = (damage){"shortcut halves made of themselves", SEC_TIME_SC_A, -4, m, 0, 1, 0};
    dm[nd++] = (damage){"shortcut halves", SEC_TIME_SC_A, -4 * 300, 5, 0, 300, 4};
    dm[nd++] = (damage){"grid cell offsets", SEC_GRID_FIRST, 4, 0x7FFFFFFFu, 0, 100, 8};
    dm[nd++] = (damage){"grid cell nodes", SEC_GRID_NODE, 0, nn + 1, 0, 100, 8};
    dm[nd++] = (damage){"grid cell nodes elsewhere", SEC_GRID_NODE, 0, 1, 1, 300, 4};
    size_t pay = HEADER + 16 * (size_t)get32(b, OFF_SECTIONS);
    uint64_t seed = 31;
    int refused = 0;
    cor_err err = {0};
    for (size_t i = 0; i < nd; i++)
        for (int sealed = 0; sealed < 2; sealed++) {
            memcpy(c, b, n);
            apply(c, &dm[i]);
            if (sealed)
                reseal(c, n);
            spit(f->bad, c, n);
            cor_graph *h = NULL;
            cor_status st = cor_graph_read(f->bad, &h, &err);
            size_t at = damage_at(b, &dm[i]);
            /* a header or index: refused, but for a resealed header whose values still make
             * sense (a grid origin moved), which opens and which verify refuses */
            if (at < pay && (!sealed || at >= HEADER || st != COR_OK)) {
                if (st != COR_ERR_INPUT || !strstr(err.msg, "snapshot"))
                    fail_msg("%s at %zu (sealed %d): expected a refusal, got %d %s", dm[i].what,
                             at, sealed, st, err.msg);
                continue;
            }
            if (st != COR_OK)
                fail_msg("%s: a damaged payload opens, got \"%s\"", dm[i].what, err.msg);
            if (at == OFF_PAYLOAD_CRC) { /* resealed: nothing left damaged */
                assert_int_equal(cor_graph_verify(h, &err), COR_OK);
                cor_graph_free(h);
                continue;
            }
            assert_int_equal(cor_graph_verify(h, &err), COR_ERR_INPUT);
            assert_non_null(strstr(err.msg, "corrupt snapshot"));
            refused += exercise_damaged(f->g, h, &seed);
            cor_graph_free(h);
        }
    print_message("damaged fields: %zu damages, %d answers refused\n", nd, refused);
    assert_true(refused > 0);
    free(c);
    free(b);
}

/* A damaged image, resealed, opens (the checks on open are cheap) and fails the full check
 * with msg. */
static void reseal_and_verify(const char *path, unsigned char *c, size_t n, const char *msg)
{
    reseal(c, n);
    spit(path, c, n);
    cor_err err = {0};
    cor_graph *h = NULL;
    assert_int_equal(cor_graph_read(path, &h, &err), COR_OK);
    assert_int_equal(cor_graph_verify(h, &err), COR_ERR_INPUT);
    if (!strstr(err.msg, msg))
        fail_msg("expected \"%s\" in \"%s\"", msg, err.msg);
    cor_graph_free(h);
}

/* Border crossings (format 4): the tiny network's arcs between two countries carry their
 * borders.csv row (looked up here by scanning the records), dwell in the time weight; they
 * survive a round trip; a crossing whose dwell is not below its arc's time weight, or
 * crossings out of order, fail the full check (cor_graph_verify). */
static void crossings(void **state)
{
    fixture *f = *state;
    cor_net *net = NULL;
    cor_err err;
    assert_int_equal(cor_net_load("tests/data/tiny", &net, NULL), COR_OK);
    cor_graph *g = NULL;
    assert_int_equal(cor_graph_from_net(net, COR_TRANSPORT_MODES,
                                        COR_STATUS_BIT(COR_STATUS_OPERATING), &g, &err),
                     COR_OK);
    assert_int_equal(cor_graph_write(g, f->path2, &err), COR_OK);
    cor_graph *h = NULL;
    assert_int_equal(cor_graph_read(f->path2, &h, &err), COR_OK);
    size_t n_cross = 0;
    for (uint32_t a = 0; a < cor_graph_arc_count(g); a++) {
        cor_graph_arc_info ai, bi;
        cor_graph_get_arc(g, a, &ai);
        cor_graph_get_arc(h, a, &bi);
        assert_true(ai.from == bi.from && ai.to == bi.to && ai.time_ms == bi.time_ms &&
                    ai.border == bi.border && ai.dwell_ms == bi.dwell_ms &&
                    ai.border_usd_per_t == bi.border_usd_per_t &&
                    ai.border_usd_per_vehicle == bi.border_usd_per_vehicle);
        const cor_node *x = cor_net_node(net, ai.from), *y = cor_net_node(net, ai.to);
        const cor_border *want = NULL;
        for (uint32_t b = 0; b < cor_net_border_count(net); b++) {
            const cor_border *r = cor_net_border(net, b);
            if (r->mode == ai.mode && ((r->from == ai.from && r->to == ai.to) ||
                                       (r->both_ways && r->from == ai.to && r->to == ai.from)))
                want = r;
        }
        assert_int_equal(ai.border, strcmp(x->country, y->country) != 0);
        assert_int_equal(ai.border, want != NULL);
        assert_int_equal(cor_graph_arc_weight(g, a, COR_METRIC_TIME), ai.time_ms + ai.dwell_ms);
        if (!want) {
            assert_int_equal(ai.dwell_ms, 0);
            continue;
        }
        n_cross++;
        assert_int_equal(ai.dwell_ms, (uint32_t)(want->dwell_h * 3600000 + 0.5));
        assert_true(ai.border_usd_per_t == want->fee_usd_per_t);
        assert_true(ai.border_usd_per_vehicle == want->fee_usd_per_vehicle);
    }
    /* C-D rail, F-G, A-H and H-E road, each both ways (A-E rail is planned: not in the graph) */
    assert_int_equal(n_cross, 8);
    size_t n;
    unsigned char *b = slurp(f->path2, &n);
    assert_int_equal(get64(b, OFF_N_CROSS), n_cross);
    size_t arcs = sec_at(b, SEC_CROSS_ARC), dwells = sec_at(b, SEC_CROSS_DWELL);
    unsigned char *c = malloc(n);
    memcpy(c, b, n);
    uint32_t arc0, big = 0xFFFFFFF0u;
    memcpy(&arc0, c + arcs, 4);
    cor_graph_arc_info ai;
    cor_graph_get_arc(g, arc0, &ai);
    assert_true(ai.border); /* the index found the first crossing */
    memcpy(c + dwells, &big, 4); /* its dwell */
    reseal_and_verify(f->bad, c, n, "invalid border crossings");
    memcpy(c, b, n);
    memcpy(c + arcs + 4, &arc0, 4); /* the second crossing's arc: the first's again */
    reseal_and_verify(f->bad, c, n, "invalid border crossings");
    free(c);
    free(b);
    cor_graph_free(g);
    cor_graph_free(h);
    cor_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(truncated),
        cmocka_unit_test(flipped),
        cmocka_unit_test(verified),
        cmocka_unit_test(from_a_pipe),
        cmocka_unit_test(damaged_fields),
        cmocka_unit_test(wrong_magic_and_version),
        cmocka_unit_test(resealed),
        cmocka_unit_test(crossings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
