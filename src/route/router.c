/*
 * Multimodal routing. The search runs on states (node, class, phase): the class is how the
 * shipment arrived (start, road, rail on 1520 mm, rail on 1435 mm, sea, ferry), which decides
 * transfer and gauge-change costs; the phase counts the via nodes already passed.
 * Best route: Dijkstra. Alternatives: Yen (1971), "Finding the K shortest loopless paths in a
 * network", with root nodes removed from each spur search and node-repeating paths skipped.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/route.h"
#include "net/net_int.h"
#include "util/grow.h"
#include "util/heap.h"

enum { CL_START, CL_ROAD, CL_R1520, CL_R1435, CL_SEA, CL_FERRY, NCLASS };
#define NONE UINT32_MAX
/* Work limit of one query's search for alternatives: labels settled and arcs scanned by its
 * spur searches plus candidate paths scanned or compared for duplicates (the best route itself
 * is never cut short). Yen's work grows with alternatives x path length x candidates; found by
 * fuzzing: 13 alternatives via 3 nodes on data/caucasus took 2.1 s (149 M units), 20 from
 * Baku to Istanbul at --overlap 0.3 took 2.3 s. 2^25 units take about 0.4 s (-O2, ~10 ns a
 * unit); the answer is then marked truncated. Baku to Istanbul with 20 alternatives over
 * planned links, a large query of ordinary use, takes 30 M and is not cut. */
#define ROUTE_WORK_MAX ((size_t)1 << 25)

/* One move of a path: over arc `arc`, arriving in class `cls`. */
typedef struct move {
    uint32_t arc;
    uint8_t cls;
} move;

typedef struct path {
    move *moves;
    size_t n;
    double cost;
} path;

typedef struct heap_item {
    double key;
    uint32_t state;
} heap_item;

/* ties broken by state, so that answers do not depend on the order of relaxations (with
 * branches: the branch-free form of cor_heap_less_() made a search 9% slower here, 38.2 against
 * 34.9 us on the Winnipeg import, bench/route_json) */
static inline int item_less(const heap_item *a, const heap_item *b)
{
    return a->key < b->key || (a->key == b->key && a->state < b->state);
}
COR_LHEAP_DEFINE(state_heap, heap_item, item_less)

struct cor_router {
    const cor_net *net;
    size_t n_states;
    double *dist;
    uint32_t *pred_state, *pred_arc;
    uint8_t *pred_cls;
    uint32_t *seen, *done; /* generation stamps: dist/done valid when equal to gen */
    uint32_t gen;
    state_heap heap;       /* lazy: a state may stand in it with an old key */
    uint8_t *avoid;        /* per node: in an avoided country */
    uint32_t *banned;      /* per node: banned while banned[v] == ban_gen */
    uint32_t ban_gen;
    size_t work;           /* labels settled, arcs scanned and paths compared by this query */
};

/* The query being answered: options plus derived data. */
typedef struct query {
    const cor_net *net;
    const cor_route_opts *o;
    uint32_t to;
    size_t n_phase;        /* n_via + 1 */
    const move *skip;      /* moves forbidden from the start state of a spur search */
    size_t n_skip;
} query;

void cor_route_opts_default(cor_route_opts *o)
{
    memset(o, 0, sizeof *o);
    o->minimize = COR_MIN_GENERALIZED;
    o->vot_usd_per_t_h = 1.0;
    o->tonnes = 20.0;
    o->modes = COR_TRANSPORT_MODES;
    o->statuses = COR_STATUS_BIT(COR_STATUS_OPERATING);
    o->alternatives = 1;
    o->max_overlap = 0.8;
    o->dwell = COR_DWELL_MEAN;
}

double cor_vehicles(cor_mode mode, double tonnes)
{
    return ceil(tonnes / (mode == COR_MODE_RAIL ? 60.0 : 20.0));
}

static cor_mode class_mode(int cls)
{
    switch (cls) {
    case CL_ROAD: return COR_MODE_ROAD;
    case CL_R1520:
    case CL_R1435: return COR_MODE_RAIL;
    case CL_SEA: return COR_MODE_SEA;
    default: return COR_MODE_FERRY;
    }
}

/* Classes a link can be entered in from class cls: one, or two for dual gauge track
 * entered by a shipment not yet on rail. Returns how many. */
static int link_classes(const cor_link *k, int cls, int out[2])
{
    switch (k->mode) {
    case COR_MODE_ROAD: out[0] = CL_ROAD; return 1;
    case COR_MODE_SEA: out[0] = CL_SEA; return 1;
    case COR_MODE_FERRY: out[0] = CL_FERRY; return 1;
    case COR_MODE_RAIL:
        if (k->gauge == COR_GAUGE_1520) {
            out[0] = CL_R1520;
            return 1;
        }
        if (k->gauge == COR_GAUGE_1435) {
            out[0] = CL_R1435;
            return 1;
        }
        if (cls == CL_R1520 || cls == CL_R1435) {
            out[0] = cls;
            return 1;
        }
        out[0] = CL_R1520;
        out[1] = CL_R1435;
        return 2;
    default: return 0;
    }
}

/* The transfer record that allows changing from class a to class b at node v, or -1. */
static int find_transfer(const cor_net *net, uint32_t v, int a, int b)
{
    int gauge = class_mode(a) == COR_MODE_RAIL && class_mode(b) == COR_MODE_RAIL;
    int x = gauge ? (a == CL_R1520 ? COR_GAUGE_1520 : COR_GAUGE_1435) : (int)class_mode(a);
    int y = gauge ? (b == CL_R1520 ? COR_GAUGE_1520 : COR_GAUGE_1435) : (int)class_mode(b);
    for (uint32_t i = net->xfer_first[v]; i < net->xfer_first[v + 1]; i++) {
        const cor_transfer *t = &net->transfers[net->xfer[i]];
        if (t->gauge == gauge && ((t->a == x && t->b == y) || (t->a == y && t->b == x)))
            return (int)net->xfer[i];
    }
    return -1;
}

/* What one move costs, in parts. */
typedef struct move_cost {
    int transfer, border;  /* records used, or -1 */
    double xfer_h, xfer_usd, link_h, link_usd, km, border_h, border_usd;
} move_cost;

static double border_dwell(const cor_border *b, cor_dwell d)
{
    return d == COR_DWELL_P95 && !isnan(b->dwell_p95_h) ? b->dwell_p95_h : b->dwell_h;
}

/* Costs the move from node u in class cls over arc a into class ncls. Returns 0 when the
 * move is not allowed (link unusable, or no transfer facility for the change). */
static int cost_move(const query *q, uint32_t u, int cls, uint32_t a, int ncls, move_cost *c)
{
    const cor_net *net = q->net;
    const cor_arc *arc = &net->arcs[a];
    const cor_link *k = &net->links[arc->link];
    double t = q->o->tonnes;
    c->transfer = -1;
    c->xfer_h = c->xfer_usd = 0;
    if (cls != CL_START && cls != ncls) {
        c->transfer = find_transfer(net, u, cls, ncls);
        if (c->transfer < 0)
            return 0;
        c->xfer_h = net->transfers[c->transfer].hours;
        c->xfer_usd = net->transfers[c->transfer].usd_per_t * t;
    }
    c->km = k->length_km;
    c->link_h = q->o->link_hours ? q->o->link_hours[arc->link] : cor_link_hours(k);
    c->link_usd = k->usd_per_tkm * k->length_km * t + k->usd_per_t * t;
    c->border = arc->border;
    c->border_h = c->border_usd = 0;
    if (arc->border >= 0) {
        const cor_border *b = &net->borders[arc->border];
        c->border_h = border_dwell(b, q->o->dwell);
        if (q->o->border_dwell_h && !isnan(q->o->border_dwell_h[arc->border]))
            c->border_h = q->o->border_dwell_h[arc->border];
        c->border_usd = b->fee_usd_per_t * t + b->fee_usd_per_vehicle * cor_vehicles(k->mode, t);
    }
    return 1;
}

static double weight(const query *q, const move_cost *c)
{
    double h = c->xfer_h + c->link_h + c->border_h;
    double usd = c->xfer_usd + c->link_usd + c->border_usd;
    return cor_objective_of(q->o, usd, h, c->km, q->o->tonnes);
}

static int link_usable(const query *q, const cor_link *k)
{
    return (q->o->modes & COR_MODE_BIT(k->mode) & COR_TRANSPORT_MODES) &&
           (q->o->statuses & COR_STATUS_BIT(k->status));
}

static uint32_t state_of(const cor_net *net, uint32_t node, int cls, size_t phase)
{
    return (uint32_t)((phase * net->n_nodes + node) * NCLASS + (size_t)cls);
}
static uint32_t state_node(const cor_net *net, uint32_t s) { return (s / NCLASS) % net->n_nodes; }
static int state_cls(uint32_t s) { return (int)(s % NCLASS); }
static size_t state_phase(const cor_net *net, uint32_t s) { return s / NCLASS / net->n_nodes; }

static size_t next_phase(const query *q, size_t phase, uint32_t v)
{
    while (phase < q->o->n_via && q->o->via[phase] == v)
        phase++;
    return phase;
}

cor_router *cor_router_new(const cor_net *net)
{
    cor_router *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->net = net;
    r->avoid = calloc(net->n_nodes + 1, 1);
    r->banned = calloc(net->n_nodes + 1, sizeof *r->banned);
    if (!r->avoid || !r->banned) {
        cor_router_free(r);
        return NULL;
    }
    return r;
}

/* Grows the per-state arrays to hold n_phase phases (memory grows with the via count a query
 * actually uses, not with COR_ROUTE_MAX_VIA). Returns 0 when out of memory; the router is then
 * unchanged. */
static int reserve_states(cor_router *r, size_t n_phase)
{
    size_t n = (size_t)r->net->n_nodes * NCLASS * n_phase;
    if (n <= r->n_states)
        return 1;
    if (n >= NONE - 1) /* state numbers are uint32_t */
        return 0;
    double *dist = realloc(r->dist, n * sizeof *dist);
    if (dist)
        r->dist = dist;
    uint32_t *ps = realloc(r->pred_state, n * sizeof *ps);
    if (ps)
        r->pred_state = ps;
    uint32_t *pa = realloc(r->pred_arc, n * sizeof *pa);
    if (pa)
        r->pred_arc = pa;
    uint8_t *pc = realloc(r->pred_cls, n);
    if (pc)
        r->pred_cls = pc;
    uint32_t *seen = realloc(r->seen, n * sizeof *seen);
    if (seen)
        r->seen = seen;
    uint32_t *done = realloc(r->done, n * sizeof *done);
    if (done)
        r->done = done;
    if (!dist || !ps || !pa || !pc || !seen || !done)
        return 0;
    memset(r->seen + r->n_states, 0, (n - r->n_states) * sizeof *seen);
    memset(r->done + r->n_states, 0, (n - r->n_states) * sizeof *done);
    r->n_states = n;
    return 1;
}

void cor_router_free(cor_router *r)
{
    if (!r)
        return;
    free(r->dist);
    free(r->pred_state);
    free(r->pred_arc);
    free(r->pred_cls);
    free(r->seen);
    free(r->done);
    free(r->heap.e);
    free(r->avoid);
    free(r->banned);
    free(r);
}

static int skipped(const query *q, uint32_t s, uint32_t start, uint32_t a, int cls)
{
    if (s != start)
        return 0;
    for (size_t i = 0; i < q->n_skip; i++)
        if (q->skip[i].arc == a && q->skip[i].cls == cls)
            return 1;
    return 0;
}

/* Dijkstra from state `start` to node q->to in the last phase. Nodes banned or avoided are
 * not entered. Returns the target state reached, NONE if none, or NONE-1 when out of memory. */
static uint32_t search(cor_router *r, const query *q, uint32_t start)
{
    const cor_net *net = q->net;
    if (++r->gen == 0) { /* stamps wrapped: clear them once every 4 billion searches */
        memset(r->seen, 0, r->n_states * sizeof *r->seen);
        memset(r->done, 0, r->n_states * sizeof *r->done);
        r->gen = 1;
    }
    r->heap.n = 0;
    r->seen[start] = r->gen;
    r->dist[start] = 0;
    r->pred_state[start] = NONE;
    if (state_heap_add(&r->heap, (heap_item){0, start}) != 0)
        return NONE - 1;
    while (r->heap.n) {
        heap_item it = state_heap_pop(&r->heap);
        uint32_t s = it.state;
        if (r->done[s] == r->gen)
            continue;
        r->done[s] = r->gen;
        uint32_t u = state_node(net, s);
        r->work += 1 + net->arc_first[u + 1] - net->arc_first[u];
        int cls = state_cls(s);
        size_t phase = state_phase(net, s);
        if (u == q->to && phase == q->n_phase - 1)
            return s;
        for (uint32_t a = net->arc_first[u]; a < net->arc_first[u + 1]; a++) {
            const cor_arc *arc = &net->arcs[a];
            uint32_t v = arc->head;
            if (r->avoid[v] || r->banned[v] == r->ban_gen)
                continue;
            const cor_link *k = &net->links[arc->link];
            if (!link_usable(q, k))
                continue;
            int ncls[2], nc = link_classes(k, cls, ncls);
            size_t nphase = next_phase(q, phase, v);
            for (int j = 0; j < nc; j++) {
                move_cost c;
                if (skipped(q, s, start, a, ncls[j]) || !cost_move(q, u, cls, a, ncls[j], &c))
                    continue;
                double d = it.key + weight(q, &c);
                uint32_t ns = state_of(net, v, ncls[j], nphase);
                if (r->done[ns] == r->gen)
                    continue;
                if (r->seen[ns] != r->gen || d < r->dist[ns]) {
                    r->seen[ns] = r->gen;
                    r->dist[ns] = d;
                    r->pred_state[ns] = s;
                    r->pred_arc[ns] = a;
                    r->pred_cls[ns] = (uint8_t)ncls[j];
                    if (state_heap_add(&r->heap, (heap_item){d, ns}) != 0)
                        return NONE - 1;
                }
            }
        }
    }
    return NONE;
}

/* Appends the moves from `start` to `end` found by the last search to p. */
static int collect(cor_router *r, uint32_t start, uint32_t end, path *p)
{
    size_t n = 0;
    for (uint32_t s = end; s != start; s = r->pred_state[s])
        n++;
    move *m = realloc(p->moves, (p->n + n + 1) * sizeof *m);
    if (!m)
        return 0;
    p->moves = m;
    size_t i = p->n + n;
    for (uint32_t s = end; s != start; s = r->pred_state[s]) {
        i--;
        m[i].arc = r->pred_arc[s];
        m[i].cls = r->pred_cls[s];
    }
    p->n += n;
    p->cost += r->dist[end];
    return 1;
}

static uint32_t path_node(const cor_net *net, uint32_t from, const path *p, size_t i)
{
    return i == 0 ? from : net->arcs[p->moves[i - 1].arc].head;
}

/* True if the first n+1 nodes of p (up to and including node n) are all different. */
static int simple_prefix(const cor_net *net, uint32_t from, const path *p, size_t n,
                         cor_router *r)
{
    if (++r->ban_gen == 0) {
        memset(r->banned, 0, (net->n_nodes + 1) * sizeof *r->banned);
        r->ban_gen = 1;
    }
    for (size_t i = 0; i <= n; i++) {
        uint32_t v = path_node(net, from, p, i);
        if (r->banned[v] == r->ban_gen)
            return 0;
        r->banned[v] = r->ban_gen;
    }
    return 1;
}

static int same_moves(const move *a, const move *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].arc != b[i].arc || a[i].cls != b[i].cls)
            return 0;
    return 1;
}

static int same_arcs(const path *a, const path *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->moves[i].arc != b->moves[i].arc)
            return 0;
    return 1;
}

/* Fraction of p's km on segments (unordered node pairs) that q also travels. This is the
 * "limited sharing" criterion of Abraham, Delling, Goldberg and Werneck, "Alternative routes in
 * road networks" (2010), applied to corridors: rail and road between the same two nodes share. */
static double overlap(const cor_net *net, uint32_t from, const path *p, const path *q)
{
    double shared = 0, total = 0;
    for (size_t i = 0; i < p->n; i++) {
        uint32_t a = path_node(net, from, p, i), b = path_node(net, from, p, i + 1);
        double km = net->links[net->arcs[p->moves[i].arc].link].length_km;
        total += km;
        for (size_t j = 0; j < q->n; j++) {
            uint32_t c = path_node(net, from, q, j), d = path_node(net, from, q, j + 1);
            if ((a == c && b == d) || (a == d && b == c)) {
                shared += km;
                break;
            }
        }
    }
    return total > 0 ? shared / total : 1.0;
}

static int same_path(const path *a, const path *b)
{
    return a->n == b->n && same_moves(a->moves, b->moves, a->n);
}

/* Expands a path into steps with costs, and fills the route's totals. */
static int build_route(const query *q, uint32_t from, const path *p, cor_route *out)
{
    const cor_net *net = q->net;
    memset(out, 0, sizeof *out);
    out->steps = calloc(3 * p->n + 1, sizeof *out->steps);
    out->countries = calloc(p->n + 2, sizeof *out->countries);
    if (!out->steps || !out->countries)
        return 0;
    int cls = CL_START;
    uint32_t u = from;
    memcpy(out->countries[out->n_countries++], net->nodes[from].country, 3);
    for (size_t i = 0; i < p->n; i++) {
        const cor_arc *arc = &net->arcs[p->moves[i].arc];
        const cor_link *k = &net->links[arc->link];
        move_cost c;
        int ok = cost_move(q, u, cls, p->moves[i].arc, p->moves[i].cls, &c);
        (void)ok;
        cor_gauge g = p->moves[i].cls == CL_R1520   ? COR_GAUGE_1520
                      : p->moves[i].cls == CL_R1435 ? COR_GAUGE_1435
                                                    : COR_GAUGE_NONE;
        if (c.transfer >= 0) {
            /* a transfer step carries the gauge taken, which tells a gauge change's direction */
            out->steps[out->n_steps++] =
                (cor_step){COR_STEP_TRANSFER, u, u, (uint32_t)c.transfer, g, class_mode(cls),
                           class_mode(p->moves[i].cls), 0, c.xfer_h, c.xfer_usd, 0};
            out->transfer_hours += c.xfer_h;
            out->transfer_usd += c.xfer_usd;
            out->n_transfers++;
        }
        out->steps[out->n_steps++] = (cor_step){COR_STEP_LINK, u, arc->head, arc->link, g,
                                                k->mode, k->mode, c.km, c.link_h, c.link_usd, 0};
        out->move_hours += c.link_h;
        if (c.border >= 0) {
            out->steps[out->n_steps++] =
                (cor_step){COR_STEP_BORDER, u, arc->head, (uint32_t)c.border, COR_GAUGE_NONE,
                           k->mode, k->mode, 0, c.border_h, c.border_usd, 0};
            out->border_hours += c.border_h;
            out->border_usd += c.border_usd;
            out->n_borders++;
        }
        out->km += c.km;
        const char *cc = net->nodes[arc->head].country;
        if (strcmp(out->countries[out->n_countries - 1], cc) != 0)
            memcpy(out->countries[out->n_countries++], cc, 3);
        u = arc->head;
        cls = p->moves[i].cls;
    }
    out->hours = out->move_hours + out->border_hours + out->transfer_hours;
    out->usd = out->transfer_usd + out->border_usd;
    for (size_t i = 0; i < out->n_steps; i++)
        if (out->steps[i].kind == COR_STEP_LINK)
            out->usd += out->steps[i].usd;
    out->objective = p->cost;
    return 1;
}

static void free_route(cor_route *r)
{
    free(r->steps);
    free(r->countries);
}

void cor_route_set_free(cor_route_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        free_route(&set->routes[i]);
    free(set->routes);
    free(set);
}

void cor_route_indicators(const cor_route *r, double tonnes, cor_indicators *out)
{
    out->border_hours = r->border_hours;
    out->border_usd = r->border_usd;
    out->usd_per_500km_20t = r->km > 0 ? r->usd / r->km * 500.0 * 20.0 / tonnes : 0;
    out->speed_without_delay_kmh = r->move_hours > 0 ? r->km / r->move_hours : 0;
    out->speed_with_delay_kmh = r->hours > 0 ? r->km / r->hours : 0;
}

/* ---- explaining a failed query ---- */

static void set_avoid(cor_router *r, const cor_route_opts *o)
{
    const cor_net *net = r->net;
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        r->avoid[v] = 0;
        for (size_t i = 0; i < o->n_avoid; i++)
            if (strcmp(net->nodes[v].country, o->avoid[i]) == 0)
                r->avoid[v] = 1;
    }
}

/* Is there any route under options o? (-1 when out of memory.) */
static int reachable(cor_router *r, uint32_t from, uint32_t to, const cor_route_opts *o)
{
    query q = {r->net, o, to, o->n_via + 1, NULL, 0};
    set_avoid(r, o);
    r->ban_gen++;
    uint32_t s = search(r, &q, state_of(r->net, from, CL_START, next_phase(&q, 0, from)));
    return s == NONE - 1 ? -1 : s != NONE;
}

static size_t describe_modes(unsigned mask, char *buf, size_t size)
{
    size_t len = 0;
    for (int m = 0; m < COR_MODE_COUNT; m++)
        if ((mask & COR_TRANSPORT_MODES) & COR_MODE_BIT(m))
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                                    cor_mode_name((cor_mode)m));
    return len;
}

/* Appends " <what>" for one constraint to msg. */
static void describe(const cor_net *net, const cor_route_opts *o, int which, char *msg,
                     size_t size)
{
    size_t len = strlen(msg);
    char buf[256] = "";
    size_t b = 0;
    switch (which) {
    case 0:
        for (size_t i = 0; i < o->n_avoid; i++)
            b += (size_t)snprintf(buf + b, sizeof buf - b, "%s%s", i ? "," : "", o->avoid[i]);
        snprintf(msg + len, size - len, " avoiding %s", buf);
        break;
    case 1:
        for (int s = 0; s < COR_STATUS_COUNT; s++)
            if (o->statuses & COR_STATUS_BIT(s))
                b += (size_t)snprintf(buf + b, sizeof buf - b, "%s%s", b ? "," : "",
                                      cor_status_name((cor_link_status)s));
        snprintf(msg + len, size - len, " with status %s", buf);
        break;
    case 2:
        describe_modes(o->modes, buf, sizeof buf);
        snprintf(msg + len, size - len, " by %s only", buf);
        break;
    default:
        for (size_t i = 0; i < o->n_via; i++)
            b += (size_t)snprintf(buf + b, sizeof buf - b, "%s%s", i ? ", " : "",
                                  net->nodes[o->via[i]].name);
        snprintf(msg + len, size - len, " via %s", buf);
        break;
    }
}

static cor_status explain_noroute(cor_router *r, uint32_t from, uint32_t to,
                                  const cor_route_opts *o, cor_err *err)
{
    const cor_net *net = r->net;
    const unsigned all_open = COR_STATUS_BIT(COR_STATUS_OPERATING) |
                              COR_STATUS_BIT(COR_STATUS_CONSTRUCTION) |
                              COR_STATUS_BIT(COR_STATUS_PLANNED);
    int active[4] = {o->n_avoid > 0, (o->statuses & all_open) != all_open,
                     (o->modes & COR_TRANSPORT_MODES) != COR_TRANSPORT_MODES, o->n_via > 0};
    int culprit[4] = {0};
    size_t n_culprits = 0;
    for (int c = 0; c < 4; c++) {
        if (!active[c])
            continue;
        cor_route_opts relaxed = *o;
        if (c == 0)
            relaxed.n_avoid = 0;
        else if (c == 1)
            relaxed.statuses |= all_open;
        else if (c == 2)
            relaxed.modes = COR_TRANSPORT_MODES;
        else
            relaxed.n_via = 0;
        int ok = reachable(r, from, to, &relaxed);
        if (ok < 0)
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        if (ok) {
            culprit[c] = 1;
            n_culprits++;
        }
    }
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "no route from %s to %s", net->nodes[from].name,
             net->nodes[to].name);
    int any = 0;
    for (int c = 0; c < 4; c++) {
        if (active[c] && (culprit[c] || !n_culprits)) {
            describe(net, o, c, msg, sizeof msg);
            any = 1;
        }
    }
    if (!any) {
        size_t len = strlen(msg);
        snprintf(msg + len, sizeof msg - len, ": no transport links connect them");
    }
    set_avoid(r, o);
    return cor_err_set(err, COR_ERR_NOROUTE, "%s", msg);
}

/* ---- the query ---- */

static cor_status check_opts(const cor_net *net, uint32_t from, uint32_t to,
                             const cor_route_opts *o, cor_err *err)
{
    if (from >= net->n_nodes || to >= net->n_nodes)
        return cor_err_set(err, COR_ERR_INPUT, "node index out of range");
    /* bounded so that USD + VOT x tonnes x hours stays finite (docs/security.md): 1e300 t at
     * 1e300 USD/t/h gave an infinite objective */
    if (!(o->tonnes > 0 && o->tonnes <= COR_ROUTE_MAX_TONNES))
        return cor_err_set(err, COR_ERR_INPUT, "tonnes: expected a number > 0 and at most %g, "
                           "found %g", COR_ROUTE_MAX_TONNES, o->tonnes);
    if (!(o->vot_usd_per_t_h >= 0 && o->vot_usd_per_t_h <= COR_ROUTE_MAX_VOT))
        return cor_err_set(err, COR_ERR_INPUT, "vot: expected a number from 0 to %g, found %g",
                           COR_ROUTE_MAX_VOT, o->vot_usd_per_t_h);
    if (!(o->max_overlap >= 0 && o->max_overlap <= 1))
        return cor_err_set(err, COR_ERR_INPUT, "overlap: expected a fraction from 0 to 1, found %g",
                           o->max_overlap);
    if (o->alternatives < 1 || o->alternatives > COR_ROUTE_MAX_ALTERNATIVES)
        return cor_err_set(err, COR_ERR_INPUT, "alternatives: expected 1 to %d, found %zu",
                           COR_ROUTE_MAX_ALTERNATIVES, o->alternatives);
    if (o->n_via > COR_ROUTE_MAX_VIA || o->n_avoid > COR_ROUTE_MAX_AVOID)
        return cor_err_set(err, COR_ERR_INPUT, "too many via nodes or avoided countries");
    if (o->dwell == COR_DWELL_SIMULATED && !o->border_dwell_h)
        return cor_err_set(err, COR_ERR_INPUT, "dwell: simulated needs the simulated figures "
                                               "(border_dwell_h, from cor_sim_route_dwell())");
    if (!(o->modes & COR_TRANSPORT_MODES))
        return cor_err_set(err, COR_ERR_INPUT, "modes: expected at least one of rail, road, "
                                               "sea, ferry");
    if (from == to)
        return cor_err_set(err, COR_ERR_INPUT, "origin and destination are the same node (%s)",
                           net->nodes[from].name);
    for (size_t i = 0; i < o->n_via; i++) {
        if (o->via[i] >= net->n_nodes)
            return cor_err_set(err, COR_ERR_INPUT, "via: node index out of range");
        if (o->via[i] == from || o->via[i] == to)
            return cor_err_set(err, COR_ERR_INPUT, "via: %s is already the origin or "
                               "destination", net->nodes[o->via[i]].name);
    }
    uint32_t ends[COR_ROUTE_MAX_VIA + 2];
    size_t n_ends = 0;
    ends[n_ends++] = from;
    ends[n_ends++] = to;
    for (size_t i = 0; i < o->n_via; i++)
        ends[n_ends++] = o->via[i];
    for (size_t e = 0; e < n_ends; e++)
        for (size_t i = 0; i < o->n_avoid; i++)
            if (strcmp(net->nodes[ends[e]].country, o->avoid[i]) == 0)
                return cor_err_set(err, COR_ERR_NOROUTE,
                                   "no route from %s to %s avoiding %s: %s is in %s",
                                   net->nodes[from].name, net->nodes[to].name, o->avoid[i],
                                   net->nodes[ends[e]].name, o->avoid[i]);
    return COR_OK;
}

static void free_paths(path *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].moves);
    free(v);
}

/* ---- Yen's k shortest loopless paths ---- */

/* The state of Yen's algorithm: A (accepted, in the order popped) and B (candidates). */
typedef struct yen {
    cor_router *r;
    query *q;
    uint32_t from, start;
    path *acc, *cand;
    size_t n_acc, n_cand, cap_cand;
    size_t *shown, n_shown; /* the accepted paths shown as routes, by index in acc */
    move *skip;
    struct prefix {
        uint32_t state;
        double cost;
    } *pre;
} yen;

static void yen_free(yen *y)
{
    free(y->pre);
    free(y->skip);
    free(y->shown);
    free_paths(y->acc, y->n_acc);
    free_paths(y->cand, y->n_cand);
}

/* Adds candidate c to B unless A or B has it already (then frees it); 0 when out of memory. */
static int yen_add(yen *y, path c)
{
    int dup = 0;
    y->r->work += y->n_acc + y->n_cand;
    for (size_t a = 0; a < y->n_acc && !dup; a++)
        dup = same_path(&y->acc[a], &c);
    for (size_t b = 0; b < y->n_cand && !dup; b++)
        dup = same_path(&y->cand[b], &c);
    if (dup) {
        free(c.moves);
        return 1;
    }
    if (y->n_cand == y->cap_cand) {
        size_t cap = 2 * y->cap_cand;
        path *v = realloc(y->cand, cap * sizeof *v);
        if (!v) {
            free(c.moves);
            return 0;
        }
        y->cand = v;
        y->cap_cand = cap;
    }
    y->cand[y->n_cand++] = c;
    return 1;
}

/* States and objective of each prefix of p, summed as the search sums them. */
static void yen_prefixes(yen *y, const path *p)
{
    const cor_net *net = y->r->net;
    y->pre[0].state = y->start;
    y->pre[0].cost = 0;
    for (size_t j = 0; j < p->n; j++) {
        move_cost mc;
        uint32_t s = y->pre[j].state, v = net->arcs[p->moves[j].arc].head;
        cost_move(y->q, state_node(net, s), state_cls(s), p->moves[j].arc, p->moves[j].cls, &mc);
        y->pre[j + 1].cost = y->pre[j].cost + weight(y->q, &mc);
        y->pre[j + 1].state =
            state_of(net, v, p->moves[j].cls, next_phase(y->q, state_phase(net, s), v));
    }
}

/* The spur paths of p (just accepted) into B: for each node of p, the best path from it that
 * leaves by a move no accepted path with the same root took. 0 when out of memory. */
static int yen_spurs(yen *y, const path *p)
{
    cor_router *r = y->r;
    const cor_net *net = r->net;
    free(y->skip);
    free(y->pre);
    y->skip = malloc((y->n_acc + 1) * sizeof *y->skip);
    y->pre = malloc((p->n + 1) * sizeof *y->pre);
    if (!y->skip || !y->pre)
        return 0;
    yen_prefixes(y, p);
    for (size_t i = 0; i < p->n && r->work < ROUTE_WORK_MAX; i++) {
        /* a root that repeats a node can only lead to paths that repeat it */
        if (!simple_prefix(net, y->from, p, i, r))
            break;
        r->banned[path_node(net, y->from, p, i)] = 0; /* the spur node itself stays open */
        size_t n_skip = 0;
        r->work += y->n_acc;
        for (size_t a = 0; a < y->n_acc; a++)
            if (y->acc[a].n > i && same_moves(y->acc[a].moves, p->moves, i))
                y->skip[n_skip++] = y->acc[a].moves[i];
        uint32_t spur = y->pre[i].state;
        y->q->skip = y->skip;
        y->q->n_skip = n_skip;
        uint32_t e = search(r, y->q, spur);
        y->q->skip = NULL;
        y->q->n_skip = 0;
        if (e == NONE - 1)
            return 0;
        if (e == NONE)
            continue;
        path c = {malloc((i + 1) * sizeof *c.moves), i, y->pre[i].cost};
        if (!c.moves)
            return 0;
        memcpy(c.moves, p->moves, i * sizeof *c.moves);
        if (!collect(r, spur, e, &c)) {
            free(c.moves);
            return 0;
        }
        if (!yen_add(y, c))
            return 0;
    }
    return 1;
}

/* Pops candidates in order of cost into A until k_max are shown, B is empty or a work limit is
 * reached (Yen 1971, with the overlap filter of cor_route_opts). 0 when out of memory. */
static int yen_run(yen *y, size_t k_max, size_t max_pops)
{
    cor_router *r = y->r;
    const cor_net *net = r->net;
    for (size_t pops = 0;
         y->n_cand && y->n_shown < k_max && pops < max_pops && r->work < ROUTE_WORK_MAX;) {
        /* pop the cheapest candidate; ties go to the one found first */
        size_t best = 0;
        r->work += y->n_cand;
        for (size_t i = 1; i < y->n_cand; i++)
            if (y->cand[i].cost < y->cand[best].cost)
                best = i;
        path p = y->cand[best];
        memmove(y->cand + best, y->cand + best + 1, (y->n_cand - best - 1) * sizeof *y->cand);
        y->n_cand--;
        y->acc[y->n_acc++] = p;
        pops++;
        /* show node-simple paths only, each sequence of arcs once (a dual-gauge link entered
         * from another mode gives two states; the first popped is the cheaper), and only
         * paths different enough from those shown */
        int show = simple_prefix(net, y->from, &p, p.n, r);
        for (size_t i = 0; show && i < y->n_shown; i++)
            show = !same_arcs(&y->acc[y->shown[i]], &p) &&
                   overlap(net, y->from, &p, &y->acc[y->shown[i]]) <= y->q->o->max_overlap;
        if (show)
            y->shown[y->n_shown++] = y->n_acc - 1;
        if (y->n_shown == k_max)
            break;
        if (!yen_spurs(y, &p))
            return 0;
    }
    return 1;
}

/* The shown paths as routes, best first. 0 when out of memory (set keeps what was built). */
static int yen_routes(const yen *y, cor_route_set *set)
{
    set->truncated = y->n_shown < y->q->o->alternatives && y->n_cand > 0;
    set->routes = calloc(y->n_shown ? y->n_shown : 1, sizeof *set->routes);
    if (!set->routes)
        return 0;
    for (size_t i = 0; i < y->n_shown; i++) {
        if (!build_route(y->q, y->from, &y->acc[y->shown[i]], &set->routes[i])) {
            set->n = i + 1;
            return 0;
        }
    }
    set->n = y->n_shown;
    for (size_t i = 1; i < y->n_shown; i++)
        set->routes[i].overlap_with_best =
            overlap(y->r->net, y->from, &y->acc[y->shown[i]], &y->acc[y->shown[0]]);
    return 1;
}

cor_status cor_route_query(cor_router *r, uint32_t from, uint32_t to, const cor_route_opts *o,
                           cor_route_set **out, cor_err *err)
{
    const cor_net *net = r->net;
    *out = NULL;
    cor_status st = check_opts(net, from, to, o, err);
    if (st != COR_OK)
        return st;
    query q = {net, o, to, o->n_via + 1, NULL, 0};
    if (!reserve_states(r, q.n_phase))
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    set_avoid(r, o);
    r->ban_gen++;
    r->work = 0;
    yen y = {.r = r, .q = &q, .from = from};
    y.start = state_of(net, from, CL_START, next_phase(&q, 0, from));
    uint32_t end = search(r, &q, y.start);
    if (end == NONE - 1)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    if (end == NONE)
        return explain_noroute(r, from, to, o, err);
    size_t max_pops = 200 * o->alternatives + 300;
    cor_route_set *set = calloc(1, sizeof *set);
    y.shown = calloc(o->alternatives, sizeof *y.shown);
    y.acc = calloc(max_pops, sizeof *y.acc);
    y.cand = calloc(1, sizeof *y.cand);
    int ok = set && y.shown && y.acc && y.cand && collect(r, y.start, end, &y.cand[0]);
    if (ok)
        y.n_cand = y.cap_cand = 1;
    ok = ok && yen_run(&y, o->alternatives, max_pops) && yen_routes(&y, set);
    yen_free(&y);
    if (!ok) {
        cor_route_set_free(set);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    if (set->n == 0) {
        cor_route_set_free(set);
        return cor_err_set(err, COR_ERR_NOROUTE,
                           "no loopless route from %s to %s within the search limit",
                           net->nodes[from].name, net->nodes[to].name);
    }
    *out = set;
    return COR_OK;
}

cor_status cor_route_table(cor_router *r, const cor_route_opts *opts, const uint32_t *src,
                           size_t n_src, const uint32_t *dst, size_t n_dst, double *dur_s,
                           double *dist_m, cor_err *err)
{
    cor_route_opts o = *opts;
    o.alternatives = 1; /* only the best route counts */
    for (size_t i = 0; i < n_src; i++)
        for (size_t j = 0; j < n_dst; j++) {
            double *dur = &dur_s[i * n_dst + j], *dist = &dist_m[i * n_dst + j];
            *dur = *dist = src[i] == dst[j] ? 0 : NAN;
            if (src[i] == dst[j])
                continue;
            cor_route_set *set = NULL;
            cor_status st = cor_route_query(r, src[i], dst[j], &o, &set, err);
            if (st == COR_OK) {
                *dur = set->routes[0].hours * 3600;
                *dist = set->routes[0].km * 1000;
            }
            cor_route_set_free(set);
            if (st != COR_OK && st != COR_ERR_NOROUTE)
                return st;
        }
    return COR_OK;
}
