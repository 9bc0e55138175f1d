/* Flow output: text reports and JSON (docs/flow.md) for maximum flow and cuts, contingencies
 * and disjoint paths. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/flow.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)

static const char *nid(const cor_net *net, uint32_t v) { return cor_net_node(net, v)->id; }
static const char *nname(const cor_net *net, uint32_t v) { return cor_net_node(net, v)->name; }

static void print_statuses(FILE *f, unsigned statuses)
{
    int first = 1;
    for (int s = 0; s < COR_STATUS_COUNT; s++)
        if (statuses & COR_STATUS_BIT(s)) {
            fprintf(f, "%s%s", first ? "" : ",", cor_status_name((cor_link_status)s));
            first = 0;
        }
}

static void print_set(FILE *f, const char *label, const cor_net *net, const uint32_t *v,
                      size_t n)
{
    fprintf(f, "%s (%zu):", label, n);
    for (size_t i = 0; i < n && i < 12; i++)
        fprintf(f, "%s %s", i ? "," : "", nname(net, v[i]));
    if (n > 12)
        fprintf(f, ", and %zu more", n - 12);
    fputc('\n', f);
}

static void print_head(FILE *f, const cor_net *net, const cor_flow_opts *o, const char *what,
                       const uint32_t *src, size_t ns, const uint32_t *snk, size_t nt)
{
    fprintf(f, "%s, %s layer, ", what, cor_layer_name(o->layer));
    if (o->scenario)
        fprintf(f, "scenario %s, ", o->scenario);
    fputs("links with status ", f);
    print_statuses(f, o->statuses);
    for (size_t i = 0; i < o->n_without; i++)
        fprintf(f, "%s%s", i ? "," : ", without corridor ", o->without[i]);
    if (o->uncapacitated == COR_UNCAP_ASSUME)
        fprintf(f, ", links without capacity taken as %g %s", o->assume_capacity,
                cor_layer_unit(o->layer));
    fputc('\n', f);
    print_set(f, "sources", net, src, ns);
    print_set(f, "sinks", net, snk, nt);
}

static bool lower_bound(const cor_flow_result *r)
{
    for (size_t i = 0; r && i < r->n_uncapacitated; i++)
        if (r->uncapacitated[i].adds_flow)
            return true;
    return false;
}

static void print_uncap(FILE *f, const cor_net *net, const cor_flow_opts *o,
                        const cor_flow_result *r)
{
    if (!r || !r->n_uncapacitated)
        return;
    fprintf(f, "\nleft out, no %s capacity (%zu):\n", cor_layer_unit(o->layer),
            r->n_uncapacitated);
    for (size_t i = 0; i < r->n_uncapacitated; i++) {
        const cor_link *k = cor_net_link(net, r->uncapacitated[i].link);
        fprintf(f, "  %-10s %s %s %s (%s)%s\n", k->id, nname(net, k->from),
                k->both_ways ? "<->" : "->", nname(net, k->to), cor_status_name(k->status),
                r->uncapacitated[i].adds_flow ? "  would add flow" : "");
    }
    if (lower_bound(r))
        fputs("a link without capacity joins the source side to a way on to the sinks: with any "
              "capacity it would add flow, so the figure is a lower bound\n", f);
}

void cor_flow_print(FILE *f, const cor_net *net, const cor_flow_opts *o, const uint32_t *src,
                    size_t ns, const uint32_t *snk, size_t nt, const cor_flow_result *r)
{
    const char *u = cor_layer_unit(o->layer);
    print_head(f, net, o, "maximum flow", src, ns, snk, nt);
    fprintf(f, "\nmaximum flow: %.6g %s%s\n", r->max_flow, u,
            lower_bound(r) ? " (lower bound, see below)" : "");
    if (r->n_unreached) {
        fprintf(f, "sinks no source reaches over links with a capacity (%zu):", r->n_unreached);
        for (size_t i = 0; i < r->n_unreached; i++)
            fprintf(f, "%s %s", i ? "," : "", nname(net, r->unreached[i]));
        fputc('\n', f);
    }
    double sum = 0;
    for (size_t i = 0; i < r->n_cut; i++)
        sum += r->cut[i].capacity;
    fprintf(f, "\nminimum cut: %zu link%s, %.6g %s\n", r->n_cut, r->n_cut == 1 ? "" : "s", sum,
            u);
    for (size_t i = 0; i < r->n_cut; i++) {
        const cor_link *k = cor_net_link(net, r->cut[i].link);
        fprintf(f, "  %-10s %s -> %s  %.6g %s (%s)\n", k->id, nname(net, r->cut[i].from),
                nname(net, r->cut[i].to), r->cut[i].capacity, u, cor_status_name(k->status));
    }
    if (r->n_flows) {
        fprintf(f, "\nflow by link (%zu):\n", r->n_flows);
        for (size_t i = 0; i < r->n_flows; i++) {
            const cor_link *k = cor_net_link(net, r->flows[i].link);
            fprintf(f, "  %-10s %s -> %s  %.6g of %.6g %s\n", k->id, nname(net, r->flows[i].from),
                    nname(net, r->flows[i].to), r->flows[i].flow, r->flows[i].capacity, u);
        }
    }
    print_uncap(f, net, o, r);
}

static void print_failed(FILE *f, const cor_net *net, const cor_contingency *c)
{
    char buf[128];
    if (c->n_failed == 1)
        snprintf(buf, sizeof buf, "%s", cor_net_link(net, c->failed[0])->id);
    else
        snprintf(buf, sizeof buf, "%s + %s", cor_net_link(net, c->failed[0])->id,
                 cor_net_link(net, c->failed[1])->id);
    fprintf(f, "%-24s", buf);
}

void cor_resilience_print(FILE *f, const cor_net *net, const cor_flow_opts *o,
                          const uint32_t *src, size_t ns, const uint32_t *snk, size_t nt,
                          const cor_resilience *r, const cor_flow_result *base, size_t top)
{
    const char *u = cor_layer_unit(o->layer);
    print_head(f, net, o, r->k == 1 ? "N-1 contingencies" : "N-1 and N-2 contingencies", src,
               ns, snk, nt);
    size_t cut = 0;
    for (size_t i = 0; i < r->n; i++)
        cut += r->items[i].cut_off;
    fprintf(f, "\nmaximum flow with every link in service: %.6g %s\n", r->base, u);
    fprintf(f, "%zu contingenc%s, %zu cut the sinks off\n", r->n, r->n == 1 ? "y" : "ies", cut);
    if (r->base == 0)
        fputs("(no flow reaches the sinks even with every link in service)\n", f);
    size_t show = top && top < r->n ? top : r->n;
    if (show) {
        fprintf(f, "\n%-5s %-24s %14s %12s  %s\n", "rank", "failed", "remaining", "loss",
                "sinks unreached");
        for (size_t i = 0; i < show; i++) {
            const cor_contingency *c = &r->items[i];
            fprintf(f, "%-5zu ", i + 1);
            print_failed(f, net, c);
            fprintf(f, " %10.6g %-3s %8.6g %-3s  %zu%s%s\n", c->remaining, u,
                    r->base - c->remaining, u, c->n_unreached, c->cut_off ? "  CUT OFF" : "",
                    c->joint ? "  JOINT" : "");
        }
        if (show < r->n)
            fprintf(f, "(%zu more; --top 0 lists all)\n", r->n - show);
        if (r->k == 2)
            fputs("JOINT: the pair leaves less than either link failing alone\n", f);
    }
    print_uncap(f, net, o, base);
}

/* Inner nodes (not a path's first or last) that more than one path passes: the places where
 * link-disjoint routes still meet. Returns how many were written to out (size cap). */
static size_t shared_nodes(const cor_flow_paths *p, uint32_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        for (size_t a = 1; a < p->paths[i].n_links; a++) {
            uint32_t v = p->paths[i].nodes[a];
            bool seen = false, other = false;
            for (size_t k = 0; k < n && !seen; k++)
                seen = out[k] == v;
            for (size_t j = i + 1; j < p->n && !seen && !other; j++)
                for (size_t b = 1; b < p->paths[j].n_links && !other; b++)
                    other = p->paths[j].nodes[b] == v;
            if (!seen && other && n < cap)
                out[n++] = v;
        }
    return n;
}

void cor_flow_paths_print(FILE *f, const cor_net *net, const cor_flow_opts *o,
                          const uint32_t *src, size_t ns, const uint32_t *snk, size_t nt,
                          const cor_flow_paths *p)
{
    const char *cu = cor_flow_cost_unit(o->layer);
    print_head(f, net, o, p->node_disjoint ? "node-disjoint paths" : "link-disjoint paths", src,
               ns, snk, nt);
    fprintf(f, "\n%zu of %zu requested path%s found", p->n, p->requested,
            p->requested == 1 ? "" : "s");
    if (p->n < p->requested)
        fprintf(f, " (no more %s-disjoint paths exist)", p->node_disjoint ? "node" : "link");
    fprintf(f, "; total %.6g %s\n", p->total_cost, cu);
    for (size_t i = 0; i < p->n; i++) {
        const cor_flow_path *q = &p->paths[i];
        fprintf(f, "\n%zu. %.6g %s, %.6g km, %zu link%s\n   %s", i + 1, q->cost, cu, q->km,
                q->n_links, q->n_links == 1 ? "" : "s", nname(net, q->nodes[0]));
        for (size_t e = 0; e < q->n_links; e++)
            fprintf(f, " -[%s]- %s", cor_net_link(net, q->links[e])->id,
                    nname(net, q->nodes[e + 1]));
        fputc('\n', f);
    }
    uint32_t shared[64];
    size_t ns2 = shared_nodes(p, shared, 64);
    if (ns2) {
        fputs("\nthe paths share no link but meet at:", f);
        for (size_t i = 0; i < ns2; i++)
            fprintf(f, "%s %s", i ? "," : "", nname(net, shared[i]));
        fputs(" (--node-disjoint avoids that)\n", f);
    }
}

/* ---- JSON ---- */

static json_t *statuses_json(unsigned statuses)
{
    json_t *a = json_array();
    for (int s = 0; s < COR_STATUS_COUNT; s++)
        if (statuses & COR_STATUS_BIT(s))
            json_array_append_new(a, json_string(cor_status_name((cor_link_status)s)));
    return a;
}

static json_t *nodes_json(const cor_net *net, const uint32_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "id", nid(net, v[i]), "name",
                                           nname(net, v[i]), "country",
                                           cor_net_node(net, v[i])->country));
    return a;
}

static json_t *head_json(const cor_net *net, const cor_flow_opts *o, const uint32_t *src,
                         size_t ns, const uint32_t *snk, size_t nt)
{
    json_t *j = json_object();
    json_object_set_new(j, "layer", json_string(cor_layer_name(o->layer)));
    json_object_set_new(j, "unit", json_string(cor_layer_unit(o->layer)));
    json_object_set_new(j, "scenario", o->scenario ? json_string(o->scenario) : json_null());
    json_object_set_new(j, "statuses", statuses_json(o->statuses));
    json_t *wo = json_array();
    for (size_t i = 0; i < o->n_without; i++)
        json_array_append_new(wo, json_string(o->without[i]));
    json_object_set_new(j, "without", wo);
    json_object_set_new(j, "uncapacitated_policy",
                        json_string(o->uncapacitated == COR_UNCAP_EXCLUDE ? "exclude"
                                    : o->uncapacitated == COR_UNCAP_ERROR ? "error"
                                                                          : "assume"));
    json_object_set_new(j, "assumed_capacity", o->uncapacitated == COR_UNCAP_ASSUME
                                                   ? json_real(o->assume_capacity)
                                                   : json_null());
    json_object_set_new(j, "sources", nodes_json(net, src, ns));
    json_object_set_new(j, "sinks", nodes_json(net, snk, nt));
    return j;
}

static json_t *value_json(double v, const char *unit)
{
    return json_pack("{s:f,s:s}", "value", v, "unit", unit);
}

static json_t *arcs_json(const cor_net *net, const cor_flow_arc *a, size_t n, bool flows)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const cor_link *k = cor_net_link(net, a[i].link);
        json_t *o = json_pack("{s:s,s:s,s:s,s:f,s:s}", "link", k->id, "from", nid(net, a[i].from),
                              "to", nid(net, a[i].to), "capacity", a[i].capacity, "status",
                              cor_status_name(k->status));
        if (flows)
            json_object_set_new(o, "flow", json_real(a[i].flow));
        json_array_append_new(arr, o);
    }
    return arr;
}

static void add_uncap(json_t *j, const cor_net *net, const cor_flow_result *r)
{
    json_t *arr = json_array();
    for (size_t i = 0; r && i < r->n_uncapacitated; i++) {
        const cor_link *k = cor_net_link(net, r->uncapacitated[i].link);
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:b,s:b}", "link", k->id, "from",
                                             nid(net, k->from), "to", nid(net, k->to), "status",
                                             cor_status_name(k->status), "both_ways",
                                             k->both_ways, "adds_flow",
                                             r->uncapacitated[i].adds_flow));
    }
    json_object_set_new(j, "uncapacitated", arr);
}

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_FLAGS) : NULL;
    json_decref(j);
    return s;
}

char *cor_flow_json(const cor_net *net, const cor_flow_opts *o, const uint32_t *src, size_t ns,
                    const uint32_t *snk, size_t nt, const cor_flow_result *r)
{
    json_t *j = head_json(net, o, src, ns, snk, nt);
    const char *u = cor_layer_unit(o->layer);
    json_object_set_new(j, "max_flow", value_json(r->max_flow, u));
    json_object_set_new(j, "lower_bound", json_boolean(lower_bound(r)));
    json_object_set_new(j, "cut", arcs_json(net, r->cut, r->n_cut, false));
    json_object_set_new(j, "flows", arcs_json(net, r->flows, r->n_flows, true));
    add_uncap(j, net, r);
    json_object_set_new(j, "unreached_sinks", nodes_json(net, r->unreached, r->n_unreached));
    return dump(j);
}

char *cor_resilience_json(const cor_net *net, const cor_flow_opts *o, const uint32_t *src,
                          size_t ns, const uint32_t *snk, size_t nt, const cor_resilience *r,
                          const cor_flow_result *base)
{
    json_t *j = head_json(net, o, src, ns, snk, nt);
    const char *u = cor_layer_unit(o->layer);
    json_object_set_new(j, "k", json_integer(r->k));
    json_object_set_new(j, "max_flow", value_json(r->base, u));
    json_object_set_new(j, "lower_bound", json_boolean(lower_bound(base)));
    json_t *arr = json_array();
    size_t cut = 0;
    for (size_t i = 0; i < r->n; i++) {
        const cor_contingency *c = &r->items[i];
        json_t *failed = json_array();
        for (size_t e = 0; e < c->n_failed; e++)
            json_array_append_new(failed, json_string(cor_net_link(net, c->failed[e])->id));
        json_array_append_new(arr, json_pack("{s:o,s:f,s:f,s:b,s:I,s:b}", "failed", failed,
                                             "remaining", c->remaining, "loss",
                                             r->base - c->remaining, "cut_off", c->cut_off,
                                             "sinks_unreached", (json_int_t)c->n_unreached,
                                             "joint", c->joint));
        cut += c->cut_off;
    }
    json_object_set_new(j, "n_cut_off", json_integer((json_int_t)cut));
    json_object_set_new(j, "contingencies", arr);
    if (base)
        add_uncap(j, net, base);
    return dump(j);
}

char *cor_flow_paths_json(const cor_net *net, const cor_flow_opts *o, const uint32_t *src,
                          size_t ns, const uint32_t *snk, size_t nt, const cor_flow_paths *p)
{
    json_t *j = head_json(net, o, src, ns, snk, nt);
    json_object_del(j, "uncapacitated_policy");
    json_object_del(j, "assumed_capacity");
    json_object_del(j, "unit");
    json_object_set_new(j, "disjoint", json_string(p->node_disjoint ? "node" : "link"));
    json_object_set_new(j, "requested", json_integer((json_int_t)p->requested));
    json_object_set_new(j, "found", json_integer((json_int_t)p->n));
    json_object_set_new(j, "cost_unit", json_string(cor_flow_cost_unit(o->layer)));
    json_object_set_new(j, "total_cost", json_real(p->total_cost));
    json_t *arr = json_array();
    for (size_t i = 0; i < p->n; i++) {
        const cor_flow_path *q = &p->paths[i];
        json_t *links = json_array(), *nodes = json_array();
        for (size_t e = 0; e < q->n_links; e++)
            json_array_append_new(links, json_string(cor_net_link(net, q->links[e])->id));
        for (size_t e = 0; e <= q->n_links; e++)
            json_array_append_new(nodes, json_string(nid(net, q->nodes[e])));
        json_t *po = json_pack("{s:f,s:f,s:o,s:o}", "cost", q->cost, "km", q->km, "links", links,
                               "nodes", nodes);
        if (o->layer == COR_LAYER_FIBRE)
            json_object_set_new(po, "latency_ms", json_real(q->cost));
        json_array_append_new(arr, po);
    }
    json_object_set_new(j, "paths", arr);
    uint32_t shared[64];
    size_t n_shared = shared_nodes(p, shared, 64);
    json_t *sh = json_array();
    for (size_t i = 0; i < n_shared; i++)
        json_array_append_new(sh, json_string(nid(net, shared[i])));
    json_object_set_new(j, "shared_nodes", sh);
    return dump(j);
}
