/* The layout of cor_navi (private): the segments of a graph's links in a uniform grid, each
 * arc's twin (the same link the other way), out-degrees and component sizes. */
#ifndef COR_NAVI_NAVI_INT_H
#define COR_NAVI_NAVI_INT_H

#include "corridor/navi.h"

struct cor_navi {
    const cor_graph *g;
    size_t n, m;
    uint32_t *twin;            /* m: the arc of the same link the other way, or NONE */
    uint32_t *out_deg;         /* n: arcs leaving the node */
    uint32_t *out_plain;       /* n: arcs leaving the node that are not part of a roundabout */
    uint32_t *comp_size;       /* n: size of the node's strongly connected component */
    uint32_t big;              /* a component at least this big is big */
    uint32_t *seg_arc, *seg_k; /* n_seg: segment k (points k, k + 1) of arc seg_arc */
    size_t n_seg;
    double x0, y0, cell, cosl; /* grid origin and cell, degrees; x = lon * cosl */
    uint32_t w, h;
    uint32_t *cell_first;      /* w * h + 1 */
    uint32_t *cell_seg;        /* segments per cell */
};

/* Length of arc a's shape in metres (haversine), and of its first k segments in *upto when
 * upto is not NULL (upto[0..n_points-1]). */
double navi_arc_len(const cor_graph *g, uint32_t a, double *upto);

/* The index a query routes on. */
const cor_navi *navi_query_navi(const cor_navi_query *q);

#endif
