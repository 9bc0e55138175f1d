/* The network model: accessors, name lookup and the CSR index built after loading. */
#include "net/net_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"

static const char *const mode_names[COR_MODE_COUNT] = {"rail", "road", "sea", "ferry",
                                                       "pipeline", "power", "fibre"};
static const char *const status_names[COR_STATUS_COUNT] = {"operating", "construction",
                                                           "planned", "closed"};

const char *cor_mode_name(cor_mode m) { return m < COR_MODE_COUNT ? mode_names[m] : "?"; }
const char *cor_status_name(cor_link_status s)
{
    return s < COR_STATUS_COUNT ? status_names[s] : "?";
}

const char *cor_gauge_name(cor_gauge g)
{
    switch (g) {
    case COR_GAUGE_1520: return "1520";
    case COR_GAUGE_1435: return "1435";
    case COR_GAUGE_DUAL: return "dual";
    default: return "";
    }
}

int cor_mode_parse(const char *s)
{
    for (int i = 0; i < COR_MODE_COUNT; i++)
        if (strcmp(s, mode_names[i]) == 0)
            return i;
    return -1;
}

int cor_status_parse(const char *s)
{
    for (int i = 0; i < COR_STATUS_COUNT; i++)
        if (strcmp(s, status_names[i]) == 0)
            return i;
    return -1;
}

double cor_haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(fmin(1.0, sqrt(a)));
}

double cor_link_latency_ms(const cor_link *l)
{
    return isnan(l->latency_ms) ? l->length_km * 0.005 : l->latency_ms;
}

double cor_link_hours(const cor_link *l)
{
    if (!isnan(l->duration_h))
        return l->duration_h;
    if (!isnan(l->speed_kmh) && l->speed_kmh > 0)
        return l->length_km / l->speed_kmh;
    return NAN;
}

void cor_net_free(cor_net *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->n_strings; i++)
        free(net->strings[i]);
    free(net->strings);
    free(net->dir);
    free(net->nodes);
    free(net->links);
    free(net->borders);
    free(net->transfers);
    free(net->arc_first);
    free(net->arcs);
    free(net->xfer_first);
    free(net->xfer);
    free(net->by_id);
    free(net->shape_first);
    free(net->shape_e7);
    free(net);
}

cor_status cor_net_finish(cor_net *net, cor_status st, cor_net_edit edit, const void *ctx,
                          cor_diags *diags, size_t errors_before, cor_net **out)
{
    if (st == COR_OK && edit && (st = edit(net, ctx, diags)) == COR_OK &&
        cor_diags_errors(diags) > errors_before)
        st = COR_ERR_INPUT;
    if (st == COR_OK)
        st = cor_net_index(net);
    if (st != COR_OK) {
        cor_net_free(net);
        return st;
    }
    *out = net;
    return COR_OK;
}

cor_net *cor_net_copy_records(const cor_net *base)
{
    cor_net *net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    net->n_nodes = base->n_nodes;
    net->n_links = base->n_links;
    net->n_borders = base->n_borders;
    net->n_transfers = base->n_transfers;
    /* malloc(0) may return NULL: every array gets at least one element */
#define COPY(field, n)                                                                         \
    ((net->field = malloc(((n) ? (n) : 1) * sizeof *net->field)) != NULL &&                      \
     (memcpy(net->field, base->field, (n) * sizeof *net->field), 1))
    if (!(net->dir = cor_strdup(base->dir)) || !COPY(nodes, base->n_nodes) ||
        !COPY(links, base->n_links) || !COPY(borders, base->n_borders) ||
        !COPY(transfers, base->n_transfers) || !COPY(by_id, base->n_nodes)) {
        cor_net_free(net);
        return NULL;
    }
#undef COPY
    return net;
}

size_t cor_net_node_count(const cor_net *net) { return net->n_nodes; }
size_t cor_net_link_count(const cor_net *net) { return net->n_links; }
size_t cor_net_border_count(const cor_net *net) { return net->n_borders; }
size_t cor_net_transfer_count(const cor_net *net) { return net->n_transfers; }
const char *cor_net_dir(const cor_net *net) { return net->dir; }

const cor_node *cor_net_node(const cor_net *net, uint32_t i)
{
    return i < net->n_nodes ? &net->nodes[i] : NULL;
}
const cor_link *cor_net_link(const cor_net *net, uint32_t i)
{
    return i < net->n_links ? &net->links[i] : NULL;
}
const cor_border *cor_net_border(const cor_net *net, uint32_t i)
{
    return i < net->n_borders ? &net->borders[i] : NULL;
}
const cor_transfer *cor_net_transfer(const cor_net *net, uint32_t i)
{
    return i < net->n_transfers ? &net->transfers[i] : NULL;
}

uint32_t cor_net_node_by_id(const cor_net *net, const char *id)
{
    size_t lo = 0, hi = net->n_nodes;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(net->nodes[net->by_id[mid]].id, id);
        if (c == 0)
            return net->by_id[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

/* Whether q is one of the ";"-separated aliases (without regard to case). */
static int has_alias(const char *aliases, const char *q)
{
    char one[256];
    for (const char *a = aliases; a && *a;) {
        size_t n = strcspn(a, ";");
        if (n < sizeof one) {
            memcpy(one, a, n);
            one[n] = '\0';
            if (cor_strcasecmp_utf8(one, q) == 0)
                return 1;
        }
        a += n + (a[n] == ';');
    }
    return 0;
}

cor_status cor_net_find_node(const cor_net *net, const char *q, uint32_t *out, cor_err *err)
{
    uint32_t i = cor_net_node_by_id(net, q);
    if (i != UINT32_MAX) {
        *out = i;
        return COR_OK;
    }
    for (i = 0; i < net->n_nodes; i++) {
        if (cor_strcasecmp_utf8(net->nodes[i].name, q) == 0) {
            *out = i;
            return COR_OK;
        }
    }
    for (i = 0; i < net->n_nodes; i++) {
        if (has_alias(net->nodes[i].aliases, q)) {
            *out = i;
            return COR_OK;
        }
    }
    for (i = 0; i < net->n_nodes; i++) {
        if (cor_strcasecmp_ascii(net->nodes[i].id, q) == 0) {
            *out = i;
            return COR_OK;
        }
    }
    /* Suggest the three closest names: by edit distance, a name that starts with the query
     * counting as close. */
    enum { NSUG = 3 };
    uint32_t best[NSUG];
    size_t bestd[NSUG], nbest = 0, qlen = strlen(q);
    for (i = 0; i < net->n_nodes; i++) {
        const char *name = net->nodes[i].name;
        size_t d = cor_edit_distance(q, name, 64);
        if (qlen >= 3 && strlen(name) > qlen) {
            char prefix[128];
            snprintf(prefix, sizeof prefix, "%.*s", (int)qlen, name);
            if (cor_strcasecmp_ascii(prefix, q) == 0 && d > 1)
                d = 1;
        }
        size_t pos = nbest;
        while (pos > 0 && bestd[pos - 1] > d)
            pos--;
        if (pos >= NSUG)
            continue;
        if (nbest < NSUG)
            nbest++;
        memmove(best + pos + 1, best + pos, (nbest - 1 - pos) * sizeof *best);
        memmove(bestd + pos + 1, bestd + pos, (nbest - 1 - pos) * sizeof *bestd);
        best[pos] = i;
        bestd[pos] = d;
    }
    char sug[512] = "";
    size_t len = 0;
    for (size_t k = 0; k < nbest && bestd[k] <= qlen / 3 + 1; k++)
        len += (size_t)snprintf(sug + len, sizeof sug - len, "%s\"%s\"", k ? ", " : "",
                                net->nodes[best[k]].name);
    if (len)
        return cor_err_set(err, COR_ERR_NOTFOUND, "unknown node \"%s\"; did you mean %s?", q, sug);
    return cor_err_set(err, COR_ERR_NOTFOUND, "unknown node \"%s\"", q);
}

/* Borders listed by the lower-numbered of their two posts, in record order (CSR): finding the
 * crossing of an arc looks at the borders of one post, not at all of them (which made indexing
 * O(links x borders): 40000 crossings took 1.3 s). */
typedef struct border_index {
    uint32_t *first, *list;
} border_index;

static int border_index_build(const cor_net *net, border_index *bi)
{
    uint32_t n = net->n_nodes;
    bi->first = calloc((size_t)n + 2, sizeof *bi->first);
    bi->list = malloc((net->n_borders ? net->n_borders : 1) * sizeof *bi->list);
    if (!bi->first || !bi->list)
        return 0;
    for (uint32_t b = 0; b < net->n_borders; b++) {
        const cor_border *r = &net->borders[b];
        bi->first[(r->from < r->to ? r->from : r->to) + 2]++;
    }
    for (uint32_t v = 0; v < n; v++)
        bi->first[v + 2] += bi->first[v + 1];
    /* first[v + 1] is now where node v's list starts; filling advances it to the next node's */
    for (uint32_t b = 0; b < net->n_borders; b++) {
        const cor_border *r = &net->borders[b];
        bi->list[bi->first[(r->from < r->to ? r->from : r->to) + 1]++] = b;
    }
    return 1;
}

static int find_border(const cor_net *net, const border_index *bi, uint32_t tail, uint32_t head,
                       cor_mode mode)
{
    uint32_t v = tail < head ? tail : head;
    for (uint32_t i = bi->first[v]; i < bi->first[v + 1]; i++) {
        const cor_border *r = &net->borders[bi->list[i]];
        if (r->mode != mode)
            continue;
        if ((r->from == tail && r->to == head) || (r->both_ways && r->from == head && r->to == tail))
            return (int)bi->list[i];
    }
    return -1;
}

cor_status cor_net_index(cor_net *net)
{
    uint32_t n = net->n_nodes;
    size_t n_arcs = 0;
    for (uint32_t l = 0; l < net->n_links; l++)
        n_arcs += net->links[l].both_ways ? 2 : 1;
    net->arc_first = calloc((size_t)n + 1, sizeof *net->arc_first);
    net->arcs = malloc((n_arcs ? n_arcs : 1) * sizeof *net->arcs);
    net->xfer_first = calloc((size_t)n + 1, sizeof *net->xfer_first);
    net->xfer = malloc((net->n_transfers ? net->n_transfers : 1) * sizeof *net->xfer);
    uint32_t *fill = calloc((size_t)n + 1, sizeof *fill);
    border_index bi = {NULL, NULL};
    if (!net->arc_first || !net->arcs || !net->xfer_first || !net->xfer || !fill ||
        !border_index_build(net, &bi)) {
        free(fill);
        free(bi.first);
        free(bi.list);
        return COR_ERR_NOMEM;
    }
    /* counting sort by tail node keeps the arcs of a node in link order: deterministic */
    for (uint32_t l = 0; l < net->n_links; l++) {
        net->arc_first[net->links[l].from + 1]++;
        if (net->links[l].both_ways)
            net->arc_first[net->links[l].to + 1]++;
    }
    for (uint32_t v = 0; v < n; v++)
        net->arc_first[v + 1] += net->arc_first[v];
    for (uint32_t l = 0; l < net->n_links; l++) {
        const cor_link *k = &net->links[l];
        for (int dir = 0; dir < (k->both_ways ? 2 : 1); dir++) {
            uint32_t tail = dir ? k->to : k->from, head = dir ? k->from : k->to;
            cor_arc *a = &net->arcs[net->arc_first[tail] + fill[tail]++];
            a->head = head;
            a->link = l;
            a->border = strcmp(net->nodes[tail].country, net->nodes[head].country) != 0
                            ? find_border(net, &bi, tail, head, k->mode)
                            : -1;
        }
    }
    for (uint32_t t = 0; t < net->n_transfers; t++)
        net->xfer_first[net->transfers[t].node + 1]++;
    for (uint32_t v = 0; v < n; v++)
        net->xfer_first[v + 1] += net->xfer_first[v];
    memset(fill, 0, ((size_t)n + 1) * sizeof *fill);
    for (uint32_t t = 0; t < net->n_transfers; t++) {
        uint32_t v = net->transfers[t].node;
        net->xfer[net->xfer_first[v] + fill[v]++] = t;
    }
    free(fill);
    free(bi.first);
    free(bi.list);
    return COR_OK;
}
