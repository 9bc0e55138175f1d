/*
 * corridor: large road and rail graphs (OpenStreetMap imports, synthetic benchmarks) and fast
 * shortest paths on them: plain and bidirectional Dijkstra, contraction hierarchies
 * (Geisberger, Sanders, Schultes, Delling 2008) and bucket-based many-to-many tables
 * (Knopp, Sanders, Schultes, Schulz, Wagner 2007). docs/ch.md describes the algorithms.
 *
 * A cor_graph is built once (from a network or from arrays), contracted once, then read-only:
 * any number of threads may query it, each with its own cor_gquery (scratch state).
 */
#ifndef CORRIDOR_CH_H
#define CORRIDOR_CH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"
#include "corridor/net.h"

/* The two metrics, both integers so that every algorithm finds exactly the same optimum:
 * time in milliseconds, distance in decimetres. */
typedef enum cor_metric { COR_METRIC_TIME, COR_METRIC_DISTANCE, COR_METRIC_COUNT } cor_metric;

#define COR_DIST_INF UINT64_MAX

typedef enum cor_algo {
    COR_ALGO_DIJKSTRA,   /* one-directional Dijkstra on the original graph */
    COR_ALGO_BIDIJKSTRA, /* bidirectional Dijkstra on the original graph */
    COR_ALGO_CH          /* bidirectional upward search in the contraction hierarchy */
} cor_algo;
/* "ch", "bidijkstra" or "dijkstra" (corridor route --algorithm) into *out; else COR_ERR_INPUT with
 * err's message "expected ch, bidijkstra or dijkstra, found \"TEXT\"". */
cor_status cor_algo_parse(const char *text, cor_algo *out, cor_err *err);
/* "time" or "distance" (corridor table --minimize) into *out; else COR_ERR_INPUT with err's
 * message "expected time or distance, found \"TEXT\"". */
cor_status cor_metric_parse(const char *text, cor_metric *out, cor_err *err);

typedef struct cor_graph cor_graph;

/* One directed arc for cor_graph_from_arrays(). */
typedef struct cor_graph_arc {
    uint32_t from, to;
    uint32_t len_dm;   /* >= 1 */
    uint32_t time_ms;  /* >= 1 */
    cor_mode mode;
} cor_graph_arc;

/* The graph of the transport links of `net` whose mode is in `modes` and status in `statuses`
 * (COR_MODE_BIT / COR_STATUS_BIT masks); a link usable both ways gives two arcs. Lengths and
 * times are rounded to decimetres and milliseconds (at least 1). An arc between two countries
 * carries its crossing's borders.csv figures (mean dwell, rounded to milliseconds and added to
 * its time weight; fees); COR_ERR_INPUT when the link's time and dwell together pass the
 * 32-bit weight (4e9 ms, 1,111 h). If the network directory holds
 * geometry.csv (docs/osm.md) the link shapes are read from it; a malformed geometry.csv is an
 * error (file:line: field: ...). On success *out is owned by the caller (cor_graph_free). */
cor_status cor_graph_from_net(const cor_net *net, unsigned modes, unsigned statuses,
                              cor_graph **out, cor_err *err);

/* A graph from arrays (synthetic graphs, tests): node coordinates in degrees, arcs.
 * Node ids are "0", "1", ...; country "ZZ". COR_ERR_INPUT for an arc with a bad end, a zero
 * weight or a coordinate out of range. */
cor_status cor_graph_from_arrays(size_t n_nodes, const double *lat, const double *lon,
                                 size_t n_arcs, const cor_graph_arc *arcs, cor_graph **out,
                                 cor_err *err);
void cor_graph_free(cor_graph *g); /* NULL does nothing */

size_t cor_graph_node_count(const cor_graph *g);
size_t cor_graph_arc_count(const cor_graph *g);

typedef struct cor_graph_node_info {
    const char *id;        /* belongs to the graph */
    double lat, lon;
    char country[3];
    unsigned kinds;        /* COR_KIND_* bits */
} cor_graph_node_info;

typedef struct cor_graph_arc_info {
    uint32_t from, to;
    uint32_t len_dm, time_ms; /* time_ms: the move along the link, without border dwell */
    /* a border crossing (an arc between two countries, built from a network: its borders.csv
     * row, the one the named-node router applies): the mean dwell, part of the arc's time
     * weight, and the fees; 0 on any other arc */
    bool border;
    uint32_t dwell_ms;
    double border_usd_per_t, border_usd_per_vehicle;
    cor_mode mode;
    double usd_per_tkm, usd_per_t;
    const char *link_id;   /* the network link it comes from ("" for arrays) */
    const char *name;      /* the link's name (links.csv `name`; "" when none) */
    size_t n_points;       /* shape, from -> to, including both ends (>= 2) */
    bool roundabout;       /* its link is part of a roundabout */
} cor_graph_arc_info;

void cor_graph_get_node(const cor_graph *g, uint32_t v, cor_graph_node_info *out);
void cor_graph_get_arc(const cor_graph *g, uint32_t a, cor_graph_arc_info *out);
/* Point k (0 <= k < n_points) of arc a's shape, in degrees. */
void cor_graph_get_point(const cor_graph *g, uint32_t a, size_t k, double *lat, double *lon);

/* Weight of arc a under metric m: time_ms + dwell_ms (time), len_dm (distance). */
uint32_t cor_graph_arc_weight(const cor_graph *g, uint32_t a, cor_metric m);

/* Options of the contraction; cor_ch_opts_default() gives the documented defaults. */
typedef struct cor_ch_opts {
    unsigned witness_settle_limit;   /* nodes a witness search may settle (default 100) */
    unsigned simulate_settle_limit;  /* the same while computing priorities (default 20) */
    unsigned metrics;                /* bit m: build the hierarchy of metric m (default both) */
} cor_ch_opts;
void cor_ch_opts_default(cor_ch_opts *o);
/* The metrics of "time", "distance", "time,distance" or "distance,time" (corridor build
 * --metrics) as cor_ch_opts.metrics bits into *metrics; else COR_ERR_INPUT with err's message
 * "expected time, distance or time,distance, found \"TEXT\"". */
cor_status cor_ch_metrics_parse(const char *text, unsigned *metrics, cor_err *err);

/* Builds the contraction hierarchies of the metrics in opts->metrics (opts may be NULL for
 * the defaults: both), two metrics in two threads. Must be called before the graph is shared.
 * COR_ERR_NOMEM on failure (the graph is then unchanged). */
cor_status cor_graph_contract(cor_graph *g, const cor_ch_opts *opts, cor_err *err);
/* True when the graph has the contraction hierarchy of metric m. */
bool cor_graph_has_ch(const cor_graph *g, cor_metric m);
/* True when a link of the graph cites OpenStreetMap as its source: outputs then carry
 * the attribution "© OpenStreetMap contributors, ODbL". */
bool cor_graph_is_osm(const cor_graph *g);
/* Number of arcs (original and shortcuts) in the upward and downward graphs of metric m. */
size_t cor_graph_ch_arc_count(const cor_graph *g, cor_metric m);
/* Bytes of the arrays of the hierarchy of metric m (ranks, offsets, arcs, shortcut halves). */
size_t cor_graph_ch_bytes(const cor_graph *g, cor_metric m);

/* Nearest node with at least one arc to (lat, lon): exact under the equirectangular
 * projection at the graph's mean latitude (a spatial grid), distance reported by haversine
 * in metres. COR_ERR_INPUT for a coordinate out of range or a damaged snapshot grid,
 * COR_ERR_NOTFOUND for a graph without arcs. */
cor_status cor_graph_snap(const cor_graph *g, double lat, double lon, uint32_t *node,
                          double *dist_m, cor_err *err);

/* Binary snapshot (docs/ch.md "Snapshot format"): the graph, its hierarchies, adjacency and
 * snapping grid in one file, written through a temporary file and a rename after the file was
 * read back and its CRC-32 compared (COR_ERR_IO when it differs). */
cor_status cor_graph_write(const cor_graph *g, const char *path, cor_err *err);
/* Opens a snapshot in milliseconds whatever its size: maps it (a pipe or anything that cannot
 * be mapped is read into memory) and points the graph into it after cheap checks only: magic,
 * version, the CRC-32 of the header and section index, every count, section offset and size
 * against the file's size, the grid's parameters. The payload is not checked: every index a
 * query follows (snap, route, path, table) is bounds-checked where it is used, and a
 * damaged file gets COR_ERR_INPUT "corrupt snapshot" from the query, never an out-of-bounds
 * read (docs/ch.md "Bounds"). Iterating every node or arc of a snapshot (as the server's
 * snapping index does) needs cor_graph_verify() first. COR_ERR_INPUT with a message naming the
 * file, COR_ERR_IO, COR_ERR_NOMEM; *out is NULL on failure. The graph must not outlive
 * changes to the file (write a new one and rename it, as cor_graph_write does). */
cor_status cor_graph_read(const char *path, cor_graph **out, cor_err *err);
/* Everything cor_graph_read() does not check: the payload CRC-32 (for a snapshot), every
 * index and offset, the hierarchies (linear checks, docs/ch.md) and the derived adjacency and
 * grid. COR_OK (g is then marked verified: its paths skip the checks of their nodes' and arcs'
 * strings), COR_ERR_INPUT "corrupt snapshot: ..." (the message does not name the file),
 * COR_ERR_NOMEM. Linear in the file's size: about a second per 100 MB. */
cor_status cor_graph_verify(cor_graph *g, cor_err *err);

/* ---- queries ---- */

typedef struct cor_gquery cor_gquery;

/* Scratch state for one thread; NULL when out of memory. The graph must outlive it. */
cor_gquery *cor_gquery_new(const cor_graph *g);
void cor_gquery_free(cor_gquery *q); /* NULL does nothing */

/* Shortest path from s to t under metric m with algorithm a (COR_ALGO_CH needs the hierarchy
 * of metric m: COR_ERR_INPUT otherwise). Sets *dist (milliseconds or decimetres). COR_ERR_NOROUTE
 * when t cannot be reached; COR_ERR_INPUT for a node out of range, and "corrupt snapshot" when
 * the search met an index out of range in an unverified snapshot (docs/ch.md "Bounds"). */
cor_status cor_gquery_run(cor_gquery *q, cor_algo a, cor_metric m, uint32_t s, uint32_t t,
                          uint64_t *dist, cor_err *err);

/* The arcs of the path found by the last successful cor_gquery_run(), in order from s to t
 * (shortcuts unpacked). The array belongs to q and is valid until its next call. *n is 0 when
 * s == t. The path is checked before it is handed out: contiguous from s to t, weighing
 * exactly the distance found, every node and arc on it valid (cor_graph_get_node/arc and the
 * outputs are then safe on it); a damaged snapshot gives COR_ERR_INPUT "corrupt snapshot".
 * COR_ERR_NOMEM possible. */
cor_status cor_gquery_path(cor_gquery *q, const uint32_t **arcs, size_t *n, cor_err *err);

/* Countries the next runs of q never enter, until the next call (n two-letter codes; n = 0:
 * none): Dijkstra and bidirectional Dijkstra skip every node of those countries, an exact
 * search on the graph with its border weights. While countries are set, cor_gquery_run()
 * refuses COR_ALGO_CH and an end in an avoided country (COR_ERR_INPUT, naming the node and
 * the country) and cor_gquery_table() refuses to run. COR_ERR_INPUT for more than
 * COR_GQUERY_MAX_AVOID codes, a code that is not two letters or a country with no node in
 * the graph (a typo would avoid nothing; checked by a scan of the nodes), q then unchanged. */
#define COR_GQUERY_MAX_AVOID 32
cor_status cor_gquery_avoid(cor_gquery *q, const char (*countries)[3], size_t n, cor_err *err);

/* Nodes settled by the last run (both directions): a measure of the work done. */
size_t cor_gquery_settled(const cor_gquery *q);

/* Many-to-many distances: out[i * n_dst + j] = distance from src[i] to dst[j], COR_DIST_INF
 * when unreachable. With the hierarchy of metric m, bucket-based (Knopp et al. 2007); otherwise one
 * Dijkstra per source. COR_ERR_INPUT for a node out of range or a damaged snapshot (as
 * cor_gquery_run; the distances of a snapshot that fails cor_graph_verify may be wrong, but
 * reading them is safe), COR_ERR_NOMEM. */
cor_status cor_gquery_table(cor_gquery *q, cor_metric m, const uint32_t *src, size_t n_src,
                            const uint32_t *dst, size_t n_dst, uint64_t *out, cor_err *err);

#endif
