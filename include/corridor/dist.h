/*
 * corridor: work spread over processes (ranks) behind a small message transport, so that the
 * drivers are library code and corridor-mpi only supplies an MPI transport: an all-or-nothing
 * or logit assignment split by origin, a sweep's runs handed out by guided self-scheduling
 * (declared in sweep.h, with the sweeps),
 * and a many-to-many table split by rows. Results do not depend on the number of ranks.
 */
#ifndef CORRIDOR_DIST_H
#define CORRIDOR_DIST_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/ch.h"
#include "corridor/diag.h"
#include "corridor/freight.h"

/* Byte messages between ranks 0 .. size-1 (every rank runs the same binary, so binary data in
 * the native layout is fine). send() delivers n bytes with a tag (>= 1) to rank `to`;
 * returns 0, or -1 on failure. recv() takes the next message for this rank from any rank:
 * with wait, blocks until one arrives; without, returns 1 at once when none is waiting.
 * On 0, *data is a malloc'ed copy with a NUL after the n bytes (the caller frees it), *from
 * and *tag say who sent it and how; -1 on failure. */
typedef struct cor_transport {
    int rank, size;
    void *ctx;
    int (*send)(void *ctx, int to, int tag, const void *data, size_t n);
    int (*recv)(void *ctx, int wait, int *from, int *tag, char **data, size_t *n);
} cor_transport;

/* A growing byte buffer for packed results; failed is set (and nothing more is added) when
 * out of memory. free(b.p) when done. */
typedef struct cor_dist_buf {
    char *p;
    size_t n, cap;
    int failed;
} cor_dist_buf;

/* Appends demand row `row`'s result (its routes, steps and countries) to b. */
void cor_od_pack(cor_dist_buf *b, uint64_t row, const cor_od_result *od);

/* Reads one packed result from *p (advanced past it, never beyond end) into ods[row], which
 * must be zeroed: COR_OK; COR_ERR_INPUT when the bytes are short, the row is not below n_od or
 * already filled, or a length is out of range (what was read is in ods[row], for
 * cor_freight_od_free()); COR_ERR_NOMEM. */
cor_status cor_od_unpack(const char **p, const char *end, cor_od_result *ods, size_t n_od,
                         cor_err *err);

/* An all-or-nothing or logit assignment (o->method not COR_FREIGHT_UE) spread over the ranks
 * of t: every rank calls it with the same network, demand and options; each routes whole
 * origins, dealt round-robin in the order they first appear, and rank 0 gathers the results
 * and books them in demand order, so *out is the single-process answer, bit for bit. *out is
 * set on rank 0 only. When any rank fails every rank returns a failure: that rank's own
 * error, or COR_ERR_IO "another rank failed". */
cor_status cor_dist_assign(const cor_net *net, const cor_demand *demand,
                           const cor_freight_opts *o, const cor_transport *t,
                           cor_freight_result **out, cor_err *err);

/* cor_gquery_table() spread over the ranks of t (each with its own graph and query, the same
 * sources and targets): rank r computes the rows of sources [n_src r / size, n_src (r+1) /
 * size) into d and rank 0 gathers every row, so that d (n_src x n_dst, on rank 0) is the
 * single-process table. A rank's block travels as one message (at most INT_MAX bytes over MPI).
 * When any rank fails every rank returns a failure: that rank's own error ("rank R: ..."),
 * or COR_ERR_IO "another rank failed". */
cor_status cor_dist_table(cor_gquery *q, cor_metric m, const uint32_t *src, size_t n_src,
                          const uint32_t *dst, size_t n_dst, uint64_t *d, const cor_transport *t,
                          cor_err *err);

/* A point of a distance table: the given point and its snapped node. */
typedef struct cor_table_point {
    const char *id;
    double lat, lon;
    uint32_t node;
    double snap_m;
} cor_table_point;

/* Reads the points of a table from the CSV files sources and targets (NULL: the same points
 * as sources, for a square table): each a header with the columns lat and lon (decimal
 * degrees) and optionally id, else its points are named "1", "2", ... in file order; at least
 * one point, lat in [-90, 90], lon in [-180, 180]. On COR_OK *pts is one malloc'ed block
 * holding the *n_src sources then the *n_dst targets, as cor_table_snap() takes them, and their
 * ids (free() it; node and snap_m are 0). Else *pts is NULL, the counts 0, and d (not NULL) has
 * the problem as path:line: field: message (the CSV reader's findings, or the first missing
 * column or bad coordinate; targets is not read when sources fails) and the status says why
 * (COR_ERR_NOMEM: out of memory). The CSV reader's warnings may be in d either way. */
cor_status cor_table_points_read(const char *sources, const char *targets,
                                 cor_table_point **pts, size_t *n_src, size_t *n_dst,
                                 cor_diags *d);

/* The largest table cor_table_snap() accepts. */
#define COR_TABLE_MAX_SIDE 100000       /* sources, and targets */
#define COR_TABLE_MAX_ENTRIES 100000000 /* sources x targets */

/* The points of a table, pts (n_src sources then n_dst targets), onto g: refuses a table over
 * the limits above, then snaps each point to the nearest node with a link (cor_graph_snap()),
 * setting its node and snap_m, and refuses one farther than max_snap_km. On COR_OK *src and
 * *dst are malloc'ed arrays of the n_src and n_dst nodes (the caller frees them); else they
 * are NULL and err names the limit or the point ("point ID (source|target k)", k from 1).
 * COR_ERR_INPUT, COR_ERR_NOTFOUND (a graph without arcs), COR_ERR_NOMEM. */
cor_status cor_table_snap(const cor_graph *g, cor_table_point *pts, size_t n_src, size_t n_dst,
                          double max_snap_km, uint32_t **src, uint32_t **dst, cor_err *err);

#endif
