/*
 * corridor: capacity analysis of the network's layers (power lines, fibre, pipelines): maximum
 * flow and a minimum cut between two sets of nodes, N-1 / N-2 contingencies, and k link- or
 * node-disjoint paths of least total latency (fibre) or length. docs/flow.md has the model.
 */
#ifndef CORRIDOR_FLOW_H
#define CORRIDOR_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "corridor/diag.h"
#include "corridor/net.h"

/* A layer: the links of one mode that carry one kind of capacity. Pipelines come in two
 * layers because their capacities are in two units that cannot be added up. */
typedef enum cor_layer {
    COR_LAYER_POWER,         /* mode power, capacity_mw (MW) */
    COR_LAYER_FIBRE,         /* mode fibre, capacity_gbps (Gbit/s) */
    COR_LAYER_PIPELINE_TPY,  /* mode pipeline, capacity_tpy (t/y): oil and products */
    COR_LAYER_PIPELINE_BCMY, /* mode pipeline, capacity_bcmy (bcm/y): gas */
    COR_LAYER_COUNT
} cor_layer;

const char *cor_layer_name(cor_layer layer); /* "power", "fibre", "pipeline-tpy", ... */
const char *cor_layer_unit(cor_layer layer); /* "MW", "Gbit/s", "t/y", "bcm/y" */
/* Parses a layer name as written above; -1 if unknown. "pipeline" alone is not parsed here:
 * see cor_layer_pipeline(). */
int cor_layer_parse(const char *s);
/* The pipeline layer to use when the user said just "pipeline": the one unit used by the
 * pipeline links with capacity among `statuses`. COR_ERR_INPUT when both units are used (the
 * message names both layers) or none is. */
cor_status cor_layer_pipeline(const cor_net *net, unsigned statuses, cor_layer *out,
                              cor_err *err);

/* Whether a link is part of a layer: its mode matches and, for pipelines, it has no capacity
 * in the other layer's unit only (a gas pipeline is not part of the oil layer). */
bool cor_layer_has(cor_layer layer, const cor_link *link);
/* The link's capacity in the layer's unit, NAN when not given. */
double cor_layer_capacity(cor_layer layer, const cor_link *link);

/* What to do with layer links that have no capacity. */
typedef enum cor_uncap {
    COR_UNCAP_EXCLUDE, /* leave them out of max-flow and contingencies, and report them */
    COR_UNCAP_ERROR,   /* refuse: cor_flow_max()/cor_flow_resilience() fail naming them */
    COR_UNCAP_ASSUME   /* give them opts.assume_capacity */
} cor_uncap;

#define COR_FLOW_MAX_WITHOUT 8

typedef struct cor_flow_opts {
    cor_layer layer;
    unsigned statuses;        /* COR_STATUS_BIT()s of the link statuses used */
    /* corridor tags (links.csv `corridors`, e.g. "tripp") whose links are left out, so that a
     * network can be compared with and without one project */
    char without[COR_FLOW_MAX_WITHOUT][32];
    size_t n_without;
    cor_uncap uncapacitated;
    double assume_capacity;   /* with COR_UNCAP_ASSUME, >= 0, in the layer's unit */
    const char *scenario;     /* shown in reports only: the scenario the network was loaded
                                 with (NULL: none); the algorithms never read it */
} cor_flow_opts;

/* Defaults: power, operating links only, links without capacity excluded. */
void cor_flow_opts_default(cor_flow_opts *o);

/* Sets the flow option `name` from its text `value`, as the CLI's --NAME takes it: "status" (as
 * cor_status_mask_parse(), route.h), "without" (a ","-separated list of corridor tags, appended
 * to the ones before, at most COR_FLOW_MAX_WITHOUT of at most 31 characters),
 * "uncapacitated" (exclude, error, or a capacity >= 0 to assume). Returns COR_OK;
 * COR_ERR_INPUT with a message that does not name the option ("expected exclude, error or a
 * capacity >= 0, found \"x\""); COR_ERR_NOTFOUND for a name that is not a flow option;
 * COR_ERR_NOMEM. On failure o is unchanged. */
cor_status cor_flow_opts_set(cor_flow_opts *o, const char *name, const char *value,
                             cor_err *err);

/* Node sets (docs/flow.md, "Node sets"): comma-separated terms read left to right; a term adds
 * nodes, a term starting with '-' removes them. Terms: a node id or name (as
 * cor_net_find_node()), country:CC, region:CODE (ISO 3166-2, e.g. AZ-NX), kind:KIND (e.g.
 * kind:substation), all. Only nodes with at least one link of `layer` (of any status) are
 * kept. On success *out is a malloc()ed array of *n >= 1 node indices in ascending order,
 * owned by the caller. COR_ERR_NOTFOUND for an unknown node, COR_ERR_INPUT for a malformed
 * term, a term that matches nothing, a named node without a link of the layer, or an empty
 * result; *out is then NULL. */
cor_status cor_flow_set_parse(const cor_net *net, const char *spec, cor_layer layer,
                              uint32_t **out, size_t *n, cor_err *err);

/* A query object: the residual graph of one layer under one set of options, plus scratch
 * state. One per thread; the network must outlive it and is never modified. */
typedef struct cor_flow cor_flow;

/* Builds the layer graph. COR_ERR_INPUT for bad options (the message names the option; a
 * `without` tag that no link of the network carries is refused as a likely typo),
 * COR_ERR_NOMEM. On success the caller owns *out and frees it with cor_flow_free(). */
cor_status cor_flow_new(const cor_net *net, const cor_flow_opts *opts, cor_flow **out,
                        cor_err *err);
void cor_flow_free(cor_flow *fl); /* NULL does nothing */

/* A link crossing a cut or carrying flow, in the direction it is crossed or used. */
typedef struct cor_flow_arc {
    uint32_t link;
    uint32_t from, to;  /* node indices */
    double capacity;    /* in the layer's unit */
    double flow;        /* flow from -> to in the maximum flow found */
} cor_flow_arc;

/* A layer link left out for lack of capacity (COR_UNCAP_EXCLUDE). adds_flow: in the residual
 * graph of the maximum flow found, the sources reach one end and the other end reaches the sinks
 * (in a usable direction), so that with any capacity > 0 the link would raise the maximum flow,
 * which is then only a lower bound. Without adds_flow, no capacity of this link alone changes
 * the figure. */
typedef struct cor_flow_uncap {
    uint32_t link;
    bool adds_flow;
} cor_flow_uncap;

typedef struct cor_flow_result {
    double max_flow;                /* in the layer's unit */
    cor_flow_arc *cut;              /* a minimum cut: the links from the source side (nodes
                                       reachable from the sources in the residual graph) to the
                                       sink side; their capacities add up to max_flow */
    size_t n_cut;
    cor_flow_arc *flows;            /* links carrying flow, largest first */
    size_t n_flows;
    cor_flow_uncap *uncapacitated;  /* layer links without capacity that were left out */
    size_t n_uncapacitated;
    uint32_t *unreached;            /* sinks that no source reaches over links with capacity */
    size_t n_unreached;
    size_t n_sources, n_sinks;
} cor_flow_result;

void cor_flow_result_free(cor_flow_result *r); /* NULL does nothing */

/* Maximum flow from the sources to the sinks over the layer (Dinic 1970) and the minimum cut
 * that proves it (max-flow min-cut theorem, Ford-Fulkerson 1956). A both-way link carries up
 * to its capacity in either direction. COR_ERR_INPUT when a node is in both sets, when the
 * layer has no link with a capacity among the statuses used, or with COR_UNCAP_ERROR when a
 * link has none (the message names the links). On success the caller owns *out. */
cor_status cor_flow_max(cor_flow *fl, const uint32_t *sources, size_t n_sources,
                        const uint32_t *sinks, size_t n_sinks, cor_flow_result **out,
                        cor_err *err);

/* One contingency: the links failed together and the maximum flow that remains. */
typedef struct cor_contingency {
    uint32_t failed[2];  /* link indices; n_failed of them are used */
    size_t n_failed;
    double remaining;
    bool cut_off;        /* no flow at all reaches the sinks (remaining is 0) */
    size_t n_unreached;  /* sinks that no source reaches any more */
    bool joint;          /* a pair that leaves less than either of its links failing alone: a
                            weakness N-1 cannot see */
} cor_contingency;

typedef struct cor_resilience {
    double base;              /* maximum flow with every link in service */
    int k;                    /* 1 (N-1) or 2 (N-1 and N-2) */
    cor_contingency *items;   /* remaining ascending, then fewer failures first, then link
                                 order; k = 1: one per link, k = 2: every link and every pair */
    size_t n;
} cor_resilience;

void cor_resilience_free(cor_resilience *r); /* NULL does nothing */

/* N-1 (k = 1) or N-1 plus N-2 (k = 2) contingency analysis of the maximum flow: every link
 * with capacity (and every pair with k = 2) is failed in turn and the maximum flow recomputed;
 * a pair is recomputed only when each of its links carries flow in the other's N-1 solution
 * (otherwise the N-1 figure of one of them is already exact). Errors as cor_flow_max(), and
 * COR_ERR_INPUT for k outside 1..2 or more than 5,000,000 contingencies. */
cor_status cor_flow_resilience(cor_flow *fl, const uint32_t *sources, size_t n_sources,
                               const uint32_t *sinks, size_t n_sinks, int k,
                               cor_resilience **out, cor_err *err);

/* Paths for route diversity. cost is the latency in ms (fibre: cor_link_latency_ms()) or the
 * length in km (other layers). */
typedef struct cor_flow_path {
    uint32_t *links;   /* n_links link indices from the source to the sink */
    uint32_t *nodes;   /* n_links + 1 node indices */
    size_t n_links;
    double cost, km;
} cor_flow_path;

typedef struct cor_flow_paths {
    cor_flow_path *paths;  /* cheapest first */
    size_t n;              /* < requested when fewer disjoint paths exist */
    size_t requested;
    bool node_disjoint;
    double total_cost;
} cor_flow_paths;

void cor_flow_paths_free(cor_flow_paths *p); /* NULL does nothing */

/* The unit of cor_flow_path.cost for a layer: "ms" for fibre, "km" otherwise. */
const char *cor_flow_cost_unit(cor_layer layer);

/* Up to k paths from the sources to the sinks that share no link (or, with node_disjoint, no
 * node but their end points) and have the least total cost among all sets of that many such
 * paths: Suurballe 1974 / Suurballe-Tarjan 1984, i.e. k successive shortest paths in the
 * residual graph with Dijkstra on reduced costs. k = 1 is the plain shortest path. All layer
 * links among the statuses are used, with or without capacity. COR_ERR_NOROUTE when there is
 * no path at all, COR_ERR_INPUT for k outside 1..64 or a node in both sets. */
cor_status cor_flow_disjoint(cor_flow *fl, const uint32_t *sources, size_t n_sources,
                             const uint32_t *sinks, size_t n_sinks, size_t k, bool node_disjoint,
                             cor_flow_paths **out, cor_err *err);

const cor_flow_opts *cor_flow_options(const cor_flow *fl);

/* ---- output (src/output/flow_out.c); JSON keys in docs/flow.md ---- */

/* Text reports. `base` (may be NULL) is the cor_flow_max() result of the same query: the
 * contingency report then lists the links left out for lack of capacity. `top` limits the
 * contingency table (0: all). */
void cor_flow_print(FILE *f, const cor_net *net, const cor_flow_opts *o, const uint32_t *sources,
                    size_t n_sources, const uint32_t *sinks, size_t n_sinks,
                    const cor_flow_result *r);
void cor_resilience_print(FILE *f, const cor_net *net, const cor_flow_opts *o,
                          const uint32_t *sources, size_t n_sources, const uint32_t *sinks,
                          size_t n_sinks, const cor_resilience *r, const cor_flow_result *base,
                          size_t top);
void cor_flow_paths_print(FILE *f, const cor_net *net, const cor_flow_opts *o,
                          const uint32_t *sources, size_t n_sources, const uint32_t *sinks,
                          size_t n_sinks, const cor_flow_paths *p);

/* JSON objects; NULL when out of memory; free() the string. sources/sinks are echoed. */
char *cor_flow_json(const cor_net *net, const cor_flow_opts *o, const uint32_t *sources,
                    size_t n_sources, const uint32_t *sinks, size_t n_sinks,
                    const cor_flow_result *r);
char *cor_resilience_json(const cor_net *net, const cor_flow_opts *o, const uint32_t *sources,
                          size_t n_sources, const uint32_t *sinks, size_t n_sinks,
                          const cor_resilience *r, const cor_flow_result *base);
char *cor_flow_paths_json(const cor_net *net, const cor_flow_opts *o, const uint32_t *sources,
                          size_t n_sources, const uint32_t *sinks, size_t n_sinks,
                          const cor_flow_paths *p);

#endif
