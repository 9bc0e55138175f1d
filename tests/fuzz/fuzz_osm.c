/*
 * Fuzz target: OpenStreetMap import. The first byte picks the profile (road, truck, rail),
 * countries from boundaries (bit 2) and the metric of the route checks; the rest is an OSM XML
 * file (in.osm: readosm goes by the suffix). A successful import must load as a network and as
 * a graph whose nodes, arcs and shapes are sound and whose shortest paths agree between
 * algorithms, and the direct build (cor_osm_net) must give a graph of the same size. PBF is not fuzzed:
 * readosm's PBF reader trusts the sizes and string indices of the file (docs/osm.md).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

/* Lines of a file less its header: the rows the import says it wrote. */
static size_t rows(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
    FILE *f = fopen(path, "rb");
    FUZZ_CHECK(f);
    size_t n = 0;
    int c, prev = '\n';
    while ((c = getc(f)) != EOF) {
        n += c == '\n';
        prev = c;
    }
    fclose(f);
    FUZZ_CHECK(prev == '\n');
    return n - 1;
}

/* Names of the files in the scratch directory other than the input: a failed import leaves
 * none, not even a temporary file. */
static int stray_files(const char *input)
{
    DIR *d = opendir(fuzz_tmpdir());
    FUZZ_CHECK(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, input);
    closedir(d);
    return n;
}

/* km between two points of the graph (haversine, as the importer). */
static double point_km(const cor_graph *g, uint32_t a, size_t i, size_t j)
{
    double la1, lo1, la2, lo2;
    cor_graph_get_point(g, a, i, &la1, &lo1);
    cor_graph_get_point(g, a, j, &la2, &lo2);
    return cor_haversine_km(la1, lo1, la2, lo2);
}

/* Nodes in range, arcs between real nodes with weights >= 1, shapes from the arc's tail to its
 * head, and a length that is the length of the shape: at least the straight line between the
 * ends less rounding (shape points have 7 decimals, lengths 6 and then whole decimetres). */
static void check_graph(const cor_graph *g)
{
    size_t n = cor_graph_node_count(g), m = cor_graph_arc_count(g);
    for (uint32_t v = 0; v < n; v++) {
        cor_graph_node_info ni;
        cor_graph_get_node(g, v, &ni);
        FUZZ_CHECK(ni.lat >= -90 && ni.lat <= 90 && ni.lon >= -180 && ni.lon <= 180);
        FUZZ_CHECK(ni.id && ni.id[0] == 'n');
    }
    for (uint32_t a = 0; a < m; a++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(g, a, &ai);
        FUZZ_CHECK(ai.from < n && ai.to < n && ai.from != ai.to);
        FUZZ_CHECK(ai.len_dm >= 1 && ai.time_ms >= 1);
        FUZZ_CHECK(ai.mode == COR_MODE_ROAD || ai.mode == COR_MODE_FERRY ||
                   ai.mode == COR_MODE_RAIL);
        FUZZ_CHECK(ai.link_id && ai.link_id[0] == 'w');
        FUZZ_CHECK(ai.n_points >= 2);
        cor_graph_node_info from, to;
        cor_graph_get_node(g, ai.from, &from);
        cor_graph_get_node(g, ai.to, &to);
        double la, lo;
        cor_graph_get_point(g, a, 0, &la, &lo);
        FUZZ_CHECK(fabs(la - from.lat) < 1e-6 && fabs(lo - from.lon) < 1e-6);
        cor_graph_get_point(g, a, ai.n_points - 1, &la, &lo);
        FUZZ_CHECK(fabs(la - to.lat) < 1e-6 && fabs(lo - to.lon) < 1e-6);
        double shape_km = 0;
        for (size_t k = 1; k < ai.n_points; k++)
            shape_km += point_km(g, a, k - 1, k);
        double km = ai.len_dm / 1e4;
        /* 1e-4 km: half a decimetre and the 6 decimals; 2e-5 km per point: 7-decimal rounding */
        double tol = 1e-4 + 2e-5 * (double)ai.n_points;
        FUZZ_CHECK(km >= point_km(g, a, 0, ai.n_points - 1) - tol);
        FUZZ_CHECK(fabs(km - fmax(shape_km, 0.001)) <= tol + 1e-9 * shape_km);
    }
}

/* A path the query reported: contiguous arcs from s to t whose weights add up to dist. */
static void check_path(const cor_graph *g, cor_gquery *q, cor_metric mt, uint32_t s, uint32_t t,
                       uint64_t dist)
{
    const uint32_t *arcs;
    size_t n;
    cor_err err;
    FUZZ_CHECK(cor_gquery_path(q, &arcs, &n, &err) == COR_OK);
    uint32_t at = s;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        cor_graph_arc_info ai;
        FUZZ_CHECK(arcs[i] < cor_graph_arc_count(g));
        cor_graph_get_arc(g, arcs[i], &ai);
        FUZZ_CHECK(ai.from == at);
        at = ai.to;
        sum += cor_graph_arc_weight(g, arcs[i], mt);
    }
    FUZZ_CHECK(at == t && sum == dist);
}

/* Plain Dijkstra, bidirectional Dijkstra and (small graphs) the CH agree on a few pairs. */
static void check_routes(cor_graph *g, unsigned metric_byte)
{
    size_t n = cor_graph_node_count(g);
    cor_metric mt = (cor_metric)(metric_byte % COR_METRIC_COUNT);
    /* the CH is built for small graphs only, to keep each input fast */
    int ch = n <= 200;
    cor_err err;
    if (ch) {
        cor_ch_opts co;
        cor_ch_opts_default(&co);
        co.metrics = 1u << mt;
        FUZZ_CHECK(cor_graph_contract(g, &co, &err) == COR_OK);
    }
    cor_gquery *q = cor_gquery_new(g);
    FUZZ_CHECK(q);
    for (size_t i = 0; i < n && i < 6; i++) {
        uint32_t s = (uint32_t)i, t = (uint32_t)(i == 0 ? n - 1 : (i * 7 + 3) % n);
        uint64_t d0, d;
        cor_status st0 = cor_gquery_run(q, COR_ALGO_DIJKSTRA, mt, s, t, &d0, &err);
        FUZZ_CHECK(st0 == COR_OK || (st0 == COR_ERR_NOROUTE && err.msg[0]));
        if (st0 == COR_OK)
            check_path(g, q, mt, s, t, d0);
        for (cor_algo al = COR_ALGO_BIDIJKSTRA; al <= (ch ? COR_ALGO_CH : COR_ALGO_BIDIJKSTRA);
             al++) {
            cor_status st = cor_gquery_run(q, al, mt, s, t, &d, &err);
            FUZZ_CHECK(st == st0);
            if (st == COR_OK) {
                FUZZ_CHECK(d == d0);
                check_path(g, q, mt, s, t, d);
            }
        }
    }
    cor_gquery_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t how = data[0];
    const char *input = "in.osm";
    fuzz_clear();
    char path[512];
    fuzz_write(input, data + 1, size - 1, path, sizeof path);

    cor_osm_opts o;
    cor_osm_opts_default(&o, (cor_osm_profile)((how & 3) % 3));
    o.boundaries = (how >> 2) & 1;
    cor_osm_stats stats;
    cor_err err = {0};
    const char *dir = fuzz_tmpdir();
    cor_status st = cor_osm_import(path, &o, dir, &stats, &err);
    if (st != COR_OK) {
        /* a refusal says why and names the file; nothing is left behind */
        FUZZ_CHECK(st == COR_ERR_INPUT);
        FUZZ_CHECK(strstr(err.msg, path) != NULL);
        FUZZ_CHECK(stray_files(input) == 0);
        return 0;
    }
    FUZZ_CHECK(stats.links > 0 && stats.nodes >= 2 && stats.ways_kept > 0);
    FUZZ_CHECK(stats.ways_kept <= stats.ways_read);
    FUZZ_CHECK(rows("nodes.csv") == stats.nodes && rows("links.csv") == stats.links);
    FUZZ_CHECK(rows("borders.csv") == stats.crossings && rows("transfers.csv") == stats.transfers);
    FUZZ_CHECK(o.boundaries || stats.crossings == 0);
    FUZZ_CHECK(rows("geometry.csv") == stats.links);
    FUZZ_CHECK(stray_files(input) == 5);

    /* what the importer writes, the loader reads */
    cor_diags *d = cor_diags_new();
    FUZZ_CHECK(d);
    cor_net *net = NULL;
    st = cor_net_load(dir, &net, d);
    for (size_t i = 0; st && i < cor_diags_count(d); i++) {
        char buf[2048];
        cor_diag_format(cor_diags_get(d, i), buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
    }
    FUZZ_CHECK(st == COR_OK);
    cor_diags_free(d);
    FUZZ_CHECK(cor_net_node_count(net) == stats.nodes);
    FUZZ_CHECK(cor_net_link_count(net) == stats.links);

    cor_graph *g = NULL;
    st = cor_graph_from_net(net, COR_MODE_BIT(COR_MODE_COUNT) - 1,
                            COR_STATUS_BIT(COR_STATUS_COUNT) - 1, &g, &err);
    if (st)
        fprintf(stderr, "%s\n", err.msg);
    FUZZ_CHECK(st == COR_OK);
    FUZZ_CHECK(cor_graph_node_count(g) == stats.nodes);
    FUZZ_CHECK(cor_graph_arc_count(g) == 2 * stats.links - stats.oneway_links);
    check_graph(g);
    check_routes(g, how >> 2);
    /* straight from the file: the same graph */
    cor_graph *g2 = NULL;
    cor_net *net2 = NULL;
    cor_osm_stats st2;
    st = cor_osm_net(path, &o, &net2, &st2, &err);
    if (!st)
        st = cor_graph_from_net(net2, COR_TRANSPORT_MODES, COR_STATUS_BIT(COR_STATUS_OPERATING),
                                &g2, &err);
    cor_net_free(net2);
    if (st)
        fprintf(stderr, "%s\n", err.msg);
    FUZZ_CHECK(st == COR_OK);
    FUZZ_CHECK(cor_graph_node_count(g2) == cor_graph_node_count(g));
    FUZZ_CHECK(cor_graph_arc_count(g2) == cor_graph_arc_count(g));
    FUZZ_CHECK(stray_files(input) == 5);
    cor_graph_free(g2);
    cor_graph_free(g);
    cor_net_free(net);
    return 0;
}
