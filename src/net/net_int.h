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

    char **strings;        /* every string the records point to */
    size_t n_strings, cap_strings;
};

/* Index of the node with this exact id, or UINT32_MAX. */
uint32_t cor_net_node_by_id(const cor_net *net, const char *id);

/* Changes the records of a network being loaded (a scenario), before it is indexed. Adds
 * problems to diags; returns COR_OK or a failure status. */
typedef cor_status (*cor_net_edit)(cor_net *net, const void *ctx, cor_diags *diags);

/* cor_net_load() with an edit applied to the records before the network is indexed. */
cor_status cor_net_load_edited(const char *dir, cor_net **out, cor_diags *diags,
                               cor_net_edit edit, const void *ctx);

/* Builds the CSR arrays and border lookups once the records are in place. */
cor_status cor_net_index(cor_net *net);

#endif
