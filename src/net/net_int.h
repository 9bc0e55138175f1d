/* Private layout of a loaded network: records plus compact CSR adjacency (internal). */
#ifndef COR_NET_NET_INT_H
#define COR_NET_NET_INT_H

#include "corridor/net.h"

/* One direction of travel over a link. */
typedef struct cor_arc {
    uint32_t head;      /* node reached */
    uint32_t link;      /* link index */
    int32_t border;     /* border record that applies, or -1 */
} cor_arc;

struct cor_net {
    char *dir;
    cor_node *nodes;
    cor_link *links;
    cor_border *borders;
    cor_transfer *transfers;
    uint32_t n_nodes, n_links, n_borders, n_transfers;

    uint32_t *arc_first;   /* n_nodes + 1 offsets into arcs: the arcs leaving each node */
    cor_arc *arcs;
    uint32_t *xfer_first;  /* n_nodes + 1 offsets into xfer: the transfers at each node */
    uint32_t *xfer;
    uint32_t *by_id;       /* node indices sorted by id, for bsearch */
    /* link shapes held in memory (an OSM extract read straight, cor_osm_net), else NULL and
     * the graph builder reads dir/geometry.csv: n_links + 1 offsets in points into shape_e7,
     * which holds lat and lon in 1e-7 degrees per point */
    uint64_t *shape_first;
    int32_t *shape_e7;

    char **strings;        /* every string the records point to */
    size_t n_strings, cap_strings;
};

/* Ranges of the figures a network holds (docs/network-format.md). The loader checks them as
 * it reads and a scenario after it changes them: together with the query limits of route.h
 * they keep every figure of a route finite (docs/security.md). */
#define COR_MIN_LENGTH_KM 1e-3
#define COR_MAX_LENGTH_KM 40000.0
#define COR_MIN_SPEED_KMH 0.1
#define COR_MAX_SPEED_KMH 1000.0
#define COR_MIN_DURATION_H 0.0 /* a connector can take no time */
#define COR_MAX_DURATION_H 10000.0
#define COR_MAX_USD_PER_TKM 1e6
#define COR_MAX_USD_PER_T 1e9
#define COR_MAX_CAPACITY_TPY 1e12
#define COR_MAX_CAPACITY_MW 1e7
#define COR_MAX_CAPACITY_GBPS 1e9
#define COR_MAX_CAPACITY_BCMY 1e5
#define COR_MAX_DWELL_H 1e5
#define COR_MAX_FEE_USD 1e7
#define COR_MAX_BPR_ALPHA 100.0
#define COR_MAX_BPR_BETA 20.0
#define COR_MAX_DEMAND_TPY 1e10 /* one row of a demand file (src/freight/demand.c) */

/* Index of the node with this exact id, or UINT32_MAX. */
uint32_t cor_net_node_by_id(const cor_net *net, const char *id);

/* Changes the records of a network being loaded (a scenario), before it is indexed. Adds
 * problems to diags; returns COR_OK or a failure status. */
typedef cor_status (*cor_net_edit)(cor_net *net, const void *ctx, cor_diags *diags);

/* cor_net_load_limited() with an edit applied to the records before the network is indexed
 * (edit may be NULL; lim NULL: the default caps). */
cor_status cor_net_load_edited(const char *dir, const cor_net_limits *lim, cor_net **out,
                               cor_diags *diags, cor_net_edit edit, const void *ctx);

/* A network with copies of base's records (not indexed): its strings are base's, so base must
 * outlive it. NULL when out of memory. */
cor_net *cor_net_copy_records(const cor_net *base);

/* The end of loading or deriving net (records in place; st the status so far): applies edit
 * (may be NULL) when st is COR_OK, fails with COR_ERR_INPUT when diags gained errors since
 * errors_before, indexes the network. Sets *out to net on success; frees net otherwise.
 * Returns the status. */
cor_status cor_net_finish(cor_net *net, cor_status st, cor_net_edit edit, const void *ctx,
                          cor_diags *diags, size_t errors_before, cor_net **out);

/* Builds the CSR arrays and border lookups once the records are in place. */
cor_status cor_net_index(cor_net *net);

#endif
