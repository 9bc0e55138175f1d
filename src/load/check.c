/* `corridor check`: the loader's errors plus lint warnings that do not stop a network loading. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/net_int.h"

/* Length against the great-circle distance between the link's ends (docs/network-format.md,
 * "Lengths and the great circle"). No road, rail, line or cable is shorter than the straight
 * line, so a link shorter than its great circle by more than CHECK_GC_SLACK_FRAC of it plus
 * CHECK_GC_SLACK_KM (room for coordinates rounded to ~0.0005 degree and for lengths rounded to
 * 0.1 km) is an error. A link longer than CHECK_DETOUR_RATIO times its great circle and by more
 * than CHECK_DETOUR_MIN_KM is unusual even in mountains (the observed rail ratios of the bundled
 * network reach 1.5-1.75 on mountain lines; FACTS.md section 7): a warning, unless the row's
 * source says why, with "detour:" and a reason. */
#define CHECK_GC_SLACK_FRAC 0.02
#define CHECK_GC_SLACK_KM 0.05
#define CHECK_DETOUR_RATIO 1.6
#define CHECK_DETOUR_MIN_KM 2.0

/* The reason a row gives for a long detour: the text after "detour:", or NULL when none. */
static const char *detour_reason(const char *source)
{
    const char *p = source ? strstr(source, "detour:") : NULL;
    if (!p)
        return NULL;
    p += strlen("detour:");
    while (*p == ' ')
        p++;
    return *p && *p != ';' ? p : NULL;
}

/* Returns how many links are shorter than their great circle (errors). */
static size_t check_lengths(const cor_net *net, const char *file, cor_diags *d)
{
    size_t too_short = 0;
    for (uint32_t l = 0; l < net->n_links; l++) {
        const cor_link *k = &net->links[l];
        const cor_node *a = &net->nodes[k->from], *b = &net->nodes[k->to];
        double gc = cor_haversine_km(a->lat, a->lon, b->lat, b->lon);
        double shortest = gc - (CHECK_GC_SLACK_FRAC * gc + CHECK_GC_SLACK_KM);
        if (k->length_km < shortest) {
            too_short++;
            cor_diags_add(d, COR_ERROR, file, k->line, "length_km",
                          "expected at least the %.2f km great-circle distance between %s and %s "
                          "(less 2%% and 50 m for rounding), found %g km on link %s",
                          gc, a->id, b->id, k->length_km, k->id);
        } else if (k->length_km > CHECK_DETOUR_RATIO * gc &&
                 k->length_km - gc > CHECK_DETOUR_MIN_KM && !detour_reason(k->source))
            cor_diags_add(d, COR_WARNING, file, k->line, "length_km",
                          "link %s is %.1f km long, %.2f times the %.1f km great-circle distance "
                          "between %s and %s (above %.1f): check it, or give the reason in its "
                          "source as \"detour: ...\"",
                          k->id, k->length_km, k->length_km / gc, gc, a->id, b->id,
                          CHECK_DETOUR_RATIO);
    }
    return too_short;
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

/* A crossing with 0 h and 0 USD whose source says it is an estimate (the default `import osm
 * --boundaries` gives a crossing it could not match to known crossing data): routes across it
 * carry no border cost, so check lists it (docs/osm.md). A crossing really without dwell or fees
 * (an open border) says so in its source and is not listed. */
static void check_crossing_data(const cor_net *net, const char *file, cor_diags *d)
{
    for (uint32_t i = 0; i < net->n_borders; i++) {
        const cor_border *b = &net->borders[i];
        if (b->dwell_h != 0 || b->fee_usd_per_t != 0 || b->fee_usd_per_vehicle != 0 ||
            !b->source || strncmp(b->source, "estimate:", 9) != 0)
            continue;
        cor_diags_add(d, COR_WARNING, file, b->line, "dwell_h",
                      "the %s crossing %s -> %s has no crossing data (0 h and 0 USD, an "
                      "estimate): give its dwell and fees with their source, or import with "
                      "--borders DIR to take the nearest known crossing's",
                      cor_mode_name(b->mode), net->nodes[b->from].id, net->nodes[b->to].id);
    }
}

cor_status cor_net_check(const char *dir, cor_diags *diags)
{
    return cor_net_check_limited(dir, NULL, diags);
}

cor_status cor_net_check_limited(const char *dir, const cor_net_limits *lim, cor_diags *diags)
{
    cor_net *net;
    cor_status st = cor_net_load_limited(dir, lim, &net, diags);
    if (st != COR_OK)
        return st;
    char nodes[4096], links[4096], borders[4096];
    snprintf(nodes, sizeof nodes, "%s/nodes.csv", dir);
    snprintf(links, sizeof links, "%s/links.csv", dir);
    snprintf(borders, sizeof borders, "%s/borders.csv", dir);
    size_t too_short = check_lengths(net, links, diags);
    check_crossing_data(net, borders, diags);
    st = check_components(net, nodes, diags);
    if (st == COR_OK && too_short)
        st = COR_ERR_INPUT;
    cor_net_free(net);
    return st;
}
