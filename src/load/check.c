/* `corridor check`: the loader's errors plus lint warnings that do not stop a network loading. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/net_int.h"

/* Length against the great-circle distance between the link's ends. Coordinates carry about
 * 0.01 degree (~1.1 km) of error, so small links get 2 km of slack; routes longer than twice the
 * great circle are unusual even in mountains (observed rail ratios here: up to 1.8). */
static void check_lengths(const cor_net *net, const char *file, cor_diags *d)
{
    for (uint32_t l = 0; l < net->n_links; l++) {
        const cor_link *k = &net->links[l];
        const cor_node *a = &net->nodes[k->from], *b = &net->nodes[k->to];
        double gc = cor_haversine_km(a->lat, a->lon, b->lat, b->lon);
        if (k->length_km < gc - 2.0)
            cor_diags_add(d, COR_WARNING, file, k->line, "length_km",
                          "link %s is %.1f km long, shorter than the %.1f km great-circle "
                          "distance between %s and %s",
                          k->id, k->length_km, gc, a->id, b->id);
        else if (k->length_km > 2.0 * gc + 10.0)
            cor_diags_add(d, COR_WARNING, file, k->line, "length_km",
                          "link %s is %.1f km long, more than twice the %.1f km great-circle "
                          "distance between %s and %s",
                          k->id, k->length_km, gc, a->id, b->id);
    }
}

static uint32_t find(uint32_t *parent, uint32_t v)
{
    while (parent[v] != v)
        v = parent[v] = parent[parent[v]];
    return v;
}

/* Nodes without links, and parts of the network (any mode, any status) cut off from the
 * largest part. */
static cor_status check_components(const cor_net *net, const char *file, cor_diags *d)
{
    uint32_t n = net->n_nodes;
    uint32_t *parent = malloc((n ? n : 1) * sizeof *parent);
    uint32_t *size = calloc(n ? n : 1, sizeof *size);
    if (!parent || !size) {
        free(parent);
        free(size);
        return COR_ERR_NOMEM;
    }
    for (uint32_t v = 0; v < n; v++)
        parent[v] = v;
    for (uint32_t l = 0; l < net->n_links; l++) {
        uint32_t a = find(parent, net->links[l].from), b = find(parent, net->links[l].to);
        if (a != b)
            parent[a] = b;
    }
    uint32_t biggest = 0;
    for (uint32_t v = 0; v < n; v++)
        size[find(parent, v)]++;
    for (uint32_t v = 0; v < n; v++)
        if (size[v] > size[biggest])
            biggest = v;
    for (uint32_t v = 0; v < n; v++) {
        uint32_t root = find(parent, v);
        if (size[root] == 1) {
            cor_diags_add(d, COR_WARNING, file, net->nodes[v].line, "id",
                          "node %s has no links", net->nodes[v].id);
        } else if (root != biggest && size[root] > 0) {
            cor_diags_add(d, COR_WARNING, file, net->nodes[v].line, "id",
                          "node %s is in a part of %u nodes not connected to the rest of the "
                          "network (%u nodes)",
                          net->nodes[v].id, size[root], size[biggest]);
            size[root] = 0; /* one warning per part */
        }
    }
    free(parent);
    free(size);
    return COR_OK;
}

cor_status cor_net_check(const char *dir, cor_diags *diags)
{
    cor_net *net;
    cor_status st = cor_net_load(dir, &net, diags);
    if (st != COR_OK)
        return st;
    char nodes[4096], links[4096];
    snprintf(nodes, sizeof nodes, "%s/nodes.csv", dir);
    snprintf(links, sizeof links, "%s/links.csv", dir);
    check_lengths(net, links, diags);
    st = check_components(net, nodes, diags);
    cor_net_free(net);
    return st;
}
