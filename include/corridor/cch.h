/*
 * corridor: customizable contraction hierarchies (Dibbelt, Strasser, Wagner, "Customizable
 * Contraction Hierarchies", JEA 2016) on a cor_graph: a metric-independent hierarchy built once
 * from a nested-dissection order, then customized in seconds for any per-arc weights (time,
 * distance, a scenario with arcs closed). docs/ch.md says when CH and when CCH is used.
 *
 * A cor_cch and each cor_cch_metric are read-only once built: any number of threads may query
 * them, each with its own cor_cch_query.
 */
#ifndef CORRIDOR_CCH_H
#define CORRIDOR_CCH_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/ch.h"
#include "corridor/diag.h"

/* In a weight array of cor_cch_customize_weights(): the arc is closed (a closed border, an
 * avoided country). */
#define COR_CCH_CLOSED UINT32_MAX

typedef struct cor_cch cor_cch;
typedef struct cor_cch_metric cor_cch_metric;
typedef struct cor_cch_query cor_cch_query;

/* A nested-dissection order of g by inertial flow (Schild, Sommer, "On Balanced Separators in
 * Road Networks", SEA 2015): the nodes are projected on four directions, a minimum node cut
 * between the quarter of the nodes at each end of the best direction separates the rest in two,
 * the separator is ranked above both halves, and each half is ordered the same way. Sets
 * rank[v] for every node v (a permutation of 0..n-1, caller-allocated). Reproducible (no
 * randomness). COR_ERR_NOMEM. */
cor_status cor_cch_order(const cor_graph *g, uint32_t *rank, cor_err *err);

/* The metric-independent hierarchy of g: the graph contracted along `rank` (NULL: computed by
 * cor_cch_order) into its chordal supergraph, whose arcs, each kept at its lower-ranked end, are
 * the only ones a customization fills. The cor_cch does not keep g, but paths are arc ids of g.
 * COR_ERR_INPUT when rank is not a permutation of 0..n-1; COR_ERR_NOMEM, also when the
 * supergraph would pass 2^31 arcs. On success *out is the caller's (cor_cch_free). */
cor_status cor_cch_build(const cor_graph *g, const uint32_t *rank, cor_cch **out, cor_err *err);
void cor_cch_free(cor_cch *c); /* NULL does nothing */

/* Arcs of the chordal supergraph (each one carries a weight per direction). */
size_t cor_cch_arc_count(const cor_cch *c);
/* Lower triangles: the relaxations one customization performs. */
uint64_t cor_cch_triangle_count(const cor_cch *c);
/* Height of the elimination tree: the most nodes an elimination-tree search visits. */
uint32_t cor_cch_tree_height(const cor_cch *c);
/* Bytes of the hierarchy's arrays (order, supergraph, elimination tree, arc map). */
size_t cor_cch_bytes(const cor_cch *c);

/* Customization (basic, by lower triangles, in rank order): the weights of every supergraph arc
 * in both directions for the metric, each the length of a shortest path between its two ends
 * through lower-ranked nodes. w has one entry per arc of the graph the hierarchy was built from:
 * its weight, any value 0 to 2^32 - 2, or COR_CCH_CLOSED; the array is copied. Supergraph
 * weights are 32-bit and capped at 2^32 - 2: an answer below the cap is exact, one at or above it
 * is recomputed by Dijkstra on the graph, so answers are always exact. The cor_cch must outlive
 * the metric. COR_ERR_NOMEM; on success *out is the caller's (cor_cch_metric_free). */
cor_status cor_cch_customize_weights(const cor_cch *c, const uint32_t *w, cor_cch_metric **out,
                                     cor_err *err);
/* The same with the weights of metric m of g (the graph the hierarchy was built from:
 * COR_ERR_INPUT when its arc count differs). */
cor_status cor_cch_customize(const cor_cch *c, const cor_graph *g, cor_metric m,
                             cor_cch_metric **out, cor_err *err);
void cor_cch_metric_free(cor_cch_metric *w); /* NULL does nothing */
/* Bytes of the metric's arrays (two weights and two unpacking entries per supergraph arc, and
 * the copy of the arc weights). */
size_t cor_cch_metric_bytes(const cor_cch_metric *w);

/* Scratch state of one thread for queries on metric w, which must outlive it; NULL when out of
 * memory. */
cor_cch_query *cor_cch_query_new(const cor_cch_metric *w);
void cor_cch_query_free(cor_cch_query *q); /* NULL does nothing */

/* Shortest distance from s to t under q's metric, by an elimination-tree search (Dibbelt et al.
 * 2016, section 5): the ancestors of s in the elimination tree are scanned upward, those of t
 * downward, and the best sum over common ancestors is the answer. COR_ERR_NOROUTE when t cannot
 * be reached (closed arcs are not used); COR_ERR_INPUT for a node out of range. */
cor_status cor_cch_query_run(cor_cch_query *q, uint32_t s, uint32_t t, uint64_t *dist,
                             cor_err *err);
/* The arcs (ids of the graph) of the path of the last successful cor_cch_query_run(), from s to
 * t, supergraph arcs unpacked through the triangle that gave them their weight. The array belongs
 * to q and is valid until its next call; *n is 0 when s == t. COR_ERR_NOMEM;
 * COR_ERR_INPUT when the last run did not succeed. */
cor_status cor_cch_query_path(cor_cch_query *q, const uint32_t **arcs, size_t *n, cor_err *err);

#endif
