/* Snapshots: a round trip gives identical bytes and answers; truncated, corrupted, wrong-magic
 * and wrong-version files are rejected with a message, and files whose bytes were changed and
 * whose checksums were then recomputed (so that only validation stands between them and the
 * queries) never crash a reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corridor/corridor.h"
#include "corridor/import.h"

#define OSM_DIR "../shared/data/osm/"

/* header offsets (docs/ch.md) */
enum { OFF_VERSION = 8, OFF_N_CROSS = 136, OFF_PAYLOAD_CRC = 144, OFF_HEADER_CRC = 148,
       HEADER = 160 };

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* Bitwise CRC-32 (IEEE), written independently of the library's table version. */
static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return ~c;
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

static void flipped(void **state)
{
    fixture *f = *state;
    size_t n;
    unsigned char *b = slurp(f->path, &n);
    uint64_t seed = 11;
    for (int i = 0; i < 300; i++) {
        size_t at = i < 100 ? (size_t)(rnd(&seed) % HEADER) : (size_t)(rnd(&seed) % n);
        unsigned char old = b[at];
        b[at] ^= (unsigned char)(1u << (rnd(&seed) % 8));
        spit(f->bad, b, n);
        cor_err err = {0};
        cor_graph *h = NULL;
        cor_status st = cor_graph_read(f->bad, &h, &err);
        /* a flip in the header's unused tail changes nothing that is read */
        if (at >= 152 && at < HEADER) {
            assert_int_equal(st, COR_OK);
            cor_graph_free(h);
        } else {
            assert_int_equal(st, COR_ERR_INPUT);
            assert_non_null(strstr(err.msg, "snapshot"));
        }
        b[at] = old;
    }
    free(b);
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
    /* version 3 (before border crossings) and a future version 5 */
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

/* Changes bytes, then recomputes both checksums: only validation protects the reader. */
static void resealed(void **state)
{
    fixture *f = *state;
    size_t n;
    unsigned char *b = slurp(f->path, &n);
    unsigned char *c = malloc(n);
    uint64_t seed = 21;
    int rejected = 0, accepted = 0;
    cor_err err;
    for (int i = 0; i < 150; i++) {
        memcpy(c, b, n);
        for (int k = 0; k < 4; k++) {
            size_t at = HEADER + (size_t)(rnd(&seed) % (n - HEADER));
            c[at] = (unsigned char)rnd(&seed);
        }
        if (i % 10 == 0) /* and sometimes a header count */
            c[24 + 8 * (rnd(&seed) % 6)] ^= 0x40;
        uint32_t pc = crc32_bitwise(c + HEADER, n - HEADER);
        memcpy(c + OFF_PAYLOAD_CRC, &pc, 4);
        uint32_t hc = crc32_bitwise(c, OFF_HEADER_CRC);
        memcpy(c + OFF_HEADER_CRC, &hc, 4);
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
        /* a file that passes validation must be safe to query */
        cor_gquery *q = cor_gquery_new(h);
        size_t nn = cor_graph_node_count(h);
        for (int j = 0; j < 50; j++) {
            uint32_t s = (uint32_t)(rnd(&seed) % nn), t = (uint32_t)(rnd(&seed) % nn);
            uint64_t d;
            if (cor_gquery_run(q, COR_ALGO_CH, (cor_metric)(j % 2), s, t, &d, &err) == COR_OK) {
                const uint32_t *p;
                size_t np;
                cor_gquery_path(q, &p, &np, &err);
            }
        }
        cor_gquery_free(q);
        cor_graph_free(h);
    }
    assert_true(rejected > 0);
    print_message("resealed: %d rejected, %d accepted and queried safely\n", rejected, accepted);
    free(c);
    free(b);
}

static uint64_t u64_at(const unsigned char *b, size_t off)
{
    uint64_t v;
    memcpy(&v, b + off, 8);
    return v;
}

static uint64_t pad8(uint64_t bytes) { return (bytes + 7) & ~(uint64_t)7; }

static void reseal_and_expect(const char *path, unsigned char *c, size_t n, const char *msg)
{
    uint32_t pc = crc32_bitwise(c + HEADER, n - HEADER);
    memcpy(c + OFF_PAYLOAD_CRC, &pc, 4);
    uint32_t hc = crc32_bitwise(c, OFF_HEADER_CRC);
    memcpy(c + OFF_HEADER_CRC, &hc, 4);
    spit(path, c, n);
    expect_reject(path, msg);
}

/* Border crossings (format 4): the tiny network's arcs between two countries carry their
 * borders.csv row (looked up here by scanning the records), dwell in the time weight; they
 * survive a round trip; a crossing whose dwell is not below its arc's time weight, or
 * crossings out of order, are refused. */
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
    assert_int_equal(u64_at(b, OFF_N_CROSS), n_cross);
    uint64_t nn = u64_at(b, 24), m = u64_at(b, 32), links = u64_at(b, 40), pts = u64_at(b, 48);
    uint64_t off = HEADER + 2 * pad8(4 * nn) + pad8(2 * nn) + pad8(4 * nn) + pad8(4 * (nn + 1)) +
                   pad8(u64_at(b, 56)) + 4 * pad8(4 * m) + pad8(m) + 3 * pad8(4 * m) +
                   pad8(4 * (links + 1)) + pad8(u64_at(b, 64)) + pad8(4 * (links + 1)) +
                   pad8(u64_at(b, 72)) + pad8(4 * (links + 1)) + pad8(8 * pts);
    unsigned char *c = malloc(n);
    memcpy(c, b, n);
    uint32_t arc0, big = 0xFFFFFFF0u;
    memcpy(&arc0, c + off, 4);
    cor_graph_arc_info ai;
    cor_graph_get_arc(g, arc0, &ai);
    assert_true(ai.border); /* the layout above found the first crossing */
    memcpy(c + off + pad8(4 * n_cross), &big, 4); /* its dwell */
    reseal_and_expect(f->bad, c, n, "invalid border crossings");
    memcpy(c, b, n);
    memcpy(c + off + 4, &arc0, 4); /* the second crossing's arc: the first's again */
    reseal_and_expect(f->bad, c, n, "invalid border crossings");
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
        cmocka_unit_test(wrong_magic_and_version),
        cmocka_unit_test(resealed),
        cmocka_unit_test(crossings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
