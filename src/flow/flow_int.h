/* Private layout of a cor_flow query object: the layer's links and the per-query scratch
 * residual graph shared by max-flow (flow.c) and the disjoint paths (disjoint.c). */
#ifndef COR_FLOW_FLOW_INT_H
#define COR_FLOW_FLOW_INT_H

#include "corridor/flow.h"

#define FLOW_NONE UINT32_MAX

struct cor_flow {
    const cor_net *net;
    cor_flow_opts o;
    uint32_t n;           /* network nodes */
    uint32_t *links;      /* the layer's links among the statuses, network order */
    double *cap;          /* per entry of links: capacity used, NAN when left out */
    size_t n_links;
    size_t n_capped;      /* entries with a capacity */
    size_t n_uncapped;    /* entries without one (before COR_UNCAP_ASSUME) */

    /* residual graph: arcs in pairs (a, a ^ 1); super source n, super sink n + 1 */
    size_t cap_arcs, n_arcs;
    uint32_t *head, *next, *lk;  /* lk: index into links, or FLOW_NONE for super arcs */
    double *res, *cap0;
    uint32_t *first, *cur, *queue, *stack;
    int *level;
    unsigned char *failed;       /* per entry of links */
    double eps, inf;
};

#endif
