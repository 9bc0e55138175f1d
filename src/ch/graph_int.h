/* The layout of cor_graph (private): flat arrays, so that a snapshot is these arrays written
 * one after the other and a loaded snapshot points into one buffer. */
#ifndef COR_CH_GRAPH_INT_H
#define COR_CH_GRAPH_INT_H

#include <stdint.h>

#include "corridor/ch.h"

#define COR_ARC_REVERSED 0x80u  /* in arc_mode: the arc runs against its link's shape */
#define COR_ARC_ROUNDABOUT 0x40u /* in arc_mode: its link is part of a roundabout */
#define COR_ARC_MODE_MASK 0x3fu /* in arc_mode: the cor_mode */
#define COR_NO_LINK UINT32_MAX
/* Shortcut weights are kept in 32 bits and capped here (49.7 days in ms). A CH answer below
 * the cap is exact (no capped shortcut lies on it, nor on any path as short); an answer at or
 * above it may not be, and the query falls back to bidirectional Dijkstra on the graph. */
#define COR_CH_WEIGHT_CAP (UINT32_MAX - 1)

/* An upward arc of the hierarchy: its other end (a rank) and its weight, side by side so that
 * scanning a node's arcs reads one run of memory. */
typedef struct ch_arc {
    uint32_t head, w;
} ch_arc;

/* One contraction hierarchy, stored in rank order: position r holds the node of rank r, so a
 * query works on ranks (rank[s], rank[t]) and the upward searches move through increasing
 * positions, near each other in memory. Upward arcs are stored at their lower-ranked end:
 * fwd arcs v -> h (h > v) at v, bwd arcs h -> v (h > v) at v, heads being ranks. An arc's rec
 * is an original arc id (< m) or a shortcut m + k whose two halves are sc_a[k], sc_b[k] (each
 * a rec smaller than m + k, so unpacking always ends); recs name arcs of the graph, so a path
 * comes out in input node ids without a table from ranks back to nodes. */
typedef struct ch_data {
    uint64_t n_fwd, n_bwd, n_sc;
    uint32_t *rank;                       /* n: by input node id, the node's rank */
    uint32_t *fwd_first, *bwd_first;      /* n + 1, by rank */
    ch_arc *fwd, *bwd;                    /* n_fwd, n_bwd */
    uint32_t *fwd_rec, *bwd_rec;          /* n_fwd, n_bwd */
    uint32_t *sc_a, *sc_b;                /* n_sc */
} ch_data;

struct cor_graph {
    uint64_t n, m, n_links, n_shape_pts, id_chars, link_chars, name_chars, n_cross;
    int32_t *lat_e7, *lon_e7;             /* n */
    char *country;                        /* 2 n */
    uint32_t *kinds;                      /* n */
    uint32_t *id_off;                     /* n + 1, into ids */
    char *ids;                            /* id_chars, NUL-terminated strings */
    uint32_t *arc_from, *arc_to, *arc_len_dm; /* m */
    uint32_t *arc_time_ms;                /* m: the time weight, a crossing's dwell included */
    uint8_t *arc_mode;                    /* m: cor_mode | COR_ARC_REVERSED | COR_ARC_ROUNDABOUT */
    float *arc_usd_tkm, *arc_usd_t;       /* m */
    uint32_t *arc_link;                   /* m: link index or COR_NO_LINK */
    uint32_t *link_id_off;                /* n_links + 1, into link_ids */
    char *link_ids;                       /* link_chars */
    uint32_t *link_name_off;              /* n_links + 1, into link_names */
    char *link_names;                     /* name_chars: street names, "" when none */
    uint32_t *shape_off;                  /* n_links + 1, into shape (points) */
    int32_t *shape;                       /* 2 n_shape_pts: lat_e7, lon_e7 */
    /* border crossings: the arcs between two countries that have a borders.csv row, in
     * increasing arc order, with that row's mean dwell (part of arc_time_ms) and fees */
    uint32_t *cross_arc, *cross_dwell_ms;  /* n_cross */
    float *cross_usd_t, *cross_usd_veh;    /* n_cross: fee per tonne, per vehicle */
    unsigned has_ch;                      /* bit m: the hierarchy of metric m is present */
    int osm;                              /* derived from OpenStreetMap (attribution) */
    ch_data ch[COR_METRIC_COUNT];

    /* derived from the arrays above by cor_graph_finish(), stored in snapshots (format 4) */
    uint32_t *out_first, *out_arc, *in_first, *in_arc; /* n + 1, m: arcs by tail, by head */
    double grid_x0, grid_y0, grid_cell, grid_cos; /* equirectangular: x = lon cos, y = lat */
    uint32_t grid_w, grid_h;
    uint64_t grid_n;                      /* nodes in the grid: those with an arc */
    uint32_t *grid_first, *grid_node;     /* grid_w grid_h + 1, grid_n */
    void *blob;                           /* a snapshot: every array above points into it */
    size_t blob_size;
    int blob_mapped;                      /* blob is a mapping of the file (munmap), else malloc */
    int verified;                         /* a snapshot that passed cor_graph_verify() */
};

/* The index in the crossing arrays of arc a, or UINT32_MAX when a is no costed crossing. */
uint32_t cor_graph_crossing(const cor_graph *g, uint32_t a);

/* Builds the derived arrays (adjacency, grid). COR_ERR_NOMEM. */
cor_status cor_graph_finish(cor_graph *g, cor_err *err);
/* Whether node v (< n) and arc a (< m) can be shown as they are: on a snapshot that was opened
 * without cor_graph_verify(), the ids, offsets, coordinates and modes they use are checked here
 * before a query hands them out (docs/ch.md "Bounds"). O(length of their strings). */
int cor_graph_node_ok(const cor_graph *g, uint32_t v);
int cor_graph_arc_ok(const cor_graph *g, uint32_t a);
/* Whether the grid's parameters are those build_grid() can give: finite, in range, cells of at
 * least 1e-6 degree, at most 2^32 - 16 cells (so that a snap's rings are bounded). */
int cor_graph_grid_ok(const cor_graph *g);
/* Whether the derived arrays are those cor_graph_finish() builds from the graph's arcs and
 * coordinates (the adjacency exactly; every grid node in its cell, once). NULL, or what is
 * wrong; sets *nomem when scratch memory runs out. Linear. */
const char *cor_graph_check_derived(const cor_graph *g, int *nomem);
/* Whether first[0..n] are offsets into an array of last elements: from 0 to last, never
 * decreasing. */
int cor_offsets_ok(const uint32_t *first, uint64_t n, uint64_t last);
/* Whether crossing k names an arc, its dwell is below that arc's time weight (the move takes
 * at least 1 ms) and its fees are finite, >= 0 and at most 1e7: the bounds of the full check,
 * also applied to every crossing on a path of an unverified snapshot. */
int cor_graph_crossing_ok(const cor_graph *g, uint64_t k);
/* Frees the arrays that are not in a blob. */
void cor_graph_free_arrays(cor_graph *g);
void cor_ch_free_data(ch_data *c);

#endif
