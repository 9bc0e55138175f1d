/* `corridor info`: what a network holds, by mode, status and country. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/report.h"

typedef struct country_count {
    char cc[3];
    size_t nodes, links, borders;
} country_count;

typedef struct info {
    size_t by_mode_status[COR_MODE_COUNT][COR_STATUS_COUNT];
    double km_by_mode[COR_MODE_COUNT];
    country_count *countries;
    size_t n_countries;
} info;

static country_count *country(info *in, const char *cc)
{
    for (size_t i = 0; i < in->n_countries; i++)
        if (strcmp(in->countries[i].cc, cc) == 0)
            return &in->countries[i];
    return NULL;
}

static int cmp_country(const void *a, const void *b)
{
    return strcmp(((const country_count *)a)->cc, ((const country_count *)b)->cc);
}

static int gather(const cor_net *net, info *in)
{
    memset(in, 0, sizeof *in);
    in->countries = calloc(cor_net_node_count(net) + 1, sizeof *in->countries);
    if (!in->countries)
        return 0;
    for (uint32_t v = 0; v < cor_net_node_count(net); v++) {
        const cor_node *n = cor_net_node(net, v);
        country_count *c = country(in, n->country);
        if (!c) {
            c = &in->countries[in->n_countries++];
            memcpy(c->cc, n->country, 3);
        }
        c->nodes++;
    }
    for (uint32_t l = 0; l < cor_net_link_count(net); l++) {
        const cor_link *k = cor_net_link(net, l);
        in->by_mode_status[k->mode][k->status]++;
        in->km_by_mode[k->mode] += k->length_km;
        const char *a = cor_net_node(net, k->from)->country, *b = cor_net_node(net, k->to)->country;
        country(in, a)->links++;
        if (strcmp(a, b) != 0)
            country(in, b)->links++;
    }
    for (uint32_t i = 0; i < cor_net_border_count(net); i++) {
        const cor_border *bd = cor_net_border(net, i);
        country(in, cor_net_node(net, bd->from)->country)->borders++;
        country(in, cor_net_node(net, bd->to)->country)->borders++;
    }
    qsort(in->countries, in->n_countries, sizeof *in->countries, cmp_country);
    return 1;
}

void cor_net_print_info(FILE *f, const cor_net *net)
{
    info in;
    if (!gather(net, &in)) {
        fputs("out of memory\n", f);
        return;
    }
    fprintf(f, "network %s: %zu nodes, %zu links, %zu border crossings, %zu transfer points\n\n",
            cor_net_dir(net), cor_net_node_count(net), cor_net_link_count(net),
            cor_net_border_count(net), cor_net_transfer_count(net));
    fprintf(f, "%-10s %10s %12s %10s %10s %10s %10s\n", "mode", "km", "operating",
            "construction", "planned", "closed", "total");
    for (int m = 0; m < COR_MODE_COUNT; m++) {
        size_t total = 0;
        for (int s = 0; s < COR_STATUS_COUNT; s++)
            total += in.by_mode_status[m][s];
        if (!total)
            continue;
        fprintf(f, "%-10s %10.1f %12zu %10zu %10zu %10zu %10zu\n", cor_mode_name((cor_mode)m),
                in.km_by_mode[m], in.by_mode_status[m][0], in.by_mode_status[m][1],
                in.by_mode_status[m][2], in.by_mode_status[m][3], total);
    }
    fprintf(f, "\n%-8s %8s %8s %16s\n", "country", "nodes", "links", "border crossings");
    for (size_t i = 0; i < in.n_countries; i++)
        fprintf(f, "%-8s %8zu %8zu %16zu\n", in.countries[i].cc, in.countries[i].nodes,
                in.countries[i].links, in.countries[i].borders);
    free(in.countries);
}

char *cor_net_info_json(const cor_net *net)
{
    info in;
    if (!gather(net, &in))
        return NULL;
    json_t *modes = json_array(), *countries = json_array();
    for (int m = 0; m < COR_MODE_COUNT; m++) {
        json_t *st = json_object();
        size_t total = 0;
        for (int s = 0; s < COR_STATUS_COUNT; s++) {
            json_object_set_new(st, cor_status_name((cor_link_status)s),
                                json_integer((json_int_t)in.by_mode_status[m][s]));
            total += in.by_mode_status[m][s];
        }
        if (total)
            json_array_append_new(modes, json_pack("{s:s, s:f, s:I, s:o}", "mode",
                                                   cor_mode_name((cor_mode)m), "km",
                                                   in.km_by_mode[m], "links", (json_int_t)total,
                                                   "by_status", st));
        else
            json_decref(st);
    }
    for (size_t i = 0; i < in.n_countries; i++)
        json_array_append_new(countries,
                              json_pack("{s:s, s:I, s:I, s:I}", "country", in.countries[i].cc,
                                        "nodes", (json_int_t)in.countries[i].nodes, "links",
                                        (json_int_t)in.countries[i].links, "borders",
                                        (json_int_t)in.countries[i].borders));
    free(in.countries);
    json_t *top = json_pack("{s:s, s:I, s:I, s:I, s:I, s:o, s:o}", "network", cor_net_dir(net),
                            "nodes", (json_int_t)cor_net_node_count(net), "links",
                            (json_int_t)cor_net_link_count(net), "borders",
                            (json_int_t)cor_net_border_count(net), "transfers",
                            (json_int_t)cor_net_transfer_count(net), "modes", modes,
                            "countries", countries);
    char *s = top ? json_dumps(top, JSON_REAL_PRECISION(10) | JSON_COMPACT) : NULL;
    json_decref(top);
    return s;
}
