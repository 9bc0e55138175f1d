/* Routes between phantoms (up to two ways out of the start's link and two into the end's, each
 * a query on the hierarchy), and the shape and pieces of a route along the links' geometry. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "navi/navi_int.h"
#include "util/grow.h"

struct cor_navi_query {
    const cor_navi *nv;
    cor_gquery *gq;
    uint32_t *arcs;
    size_t cap;
};

cor_navi_query *cor_navi_query_new(const cor_navi *nv)
{
    cor_navi_query *q = calloc(1, sizeof *q);
    if (!q || !(q->gq = cor_gquery_new(nv->g))) {
        free(q);
        return NULL;
    }
    q->nv = nv;
    return q;
}

const cor_navi *navi_query_navi(const cor_navi_query *q) { return q->nv; }

void cor_navi_query_free(cor_navi_query *q)
{
    if (!q)
        return;
    cor_gquery_free(q->gq);
    free(q->arcs);
    free(q);
}

static double arc_w(const cor_graph *g, uint32_t a, cor_metric m)
{
    return m == COR_METRIC_TIME ? cor_graph_arc_weight(g, a, m) / 1000.0
                                : cor_graph_arc_weight(g, a, m) / 10.0;
}

/* One way to leave the start (enter the end): the arc, where on it, the node beyond. A point
 * on a node leaves (enters) it by any arc: arc NONE, no part of an arc on the way. */
typedef struct end_way {
    uint32_t arc, node;
    double frac, cost;
} end_way;

/* The ways out of the start phantom p (at_end 0) or into the end phantom (at_end 1). */
static size_t ways(const cor_graph *g, cor_metric m, const cor_phantom *p, int at_end,
                   end_way *w)
{
    size_t n = 0;
    cor_graph_arc_info ai;
    cor_graph_get_arc(g, p->arc, &ai);
    if (p->frac <= 0 || p->frac >= 1) {
        w[n++] = (end_way){COR_NAVI_NONE, p->frac <= 0 ? ai.from : ai.to, 0, 0};
        return n;
    }
    /* along the arc: on to its head from the start, in from its tail to the end */
    double along = at_end ? p->frac : 1 - p->frac;
    w[n++] = (end_way){p->arc, at_end ? ai.from : ai.to, p->frac, along * arc_w(g, p->arc, m)};
    if (p->twin != COR_NAVI_NONE) /* against it, on its twin */
        w[n++] = (end_way){p->twin, at_end ? ai.to : ai.from, 1 - p->frac,
                           (1 - along) * arc_w(g, p->twin, m)};
    return n;
}

static int push(cor_navi_query *q, size_t *n, uint32_t a)
{
    if (!cor_grow(&q->arcs, *n, &q->cap, sizeof *q->arcs))
        return 0;
    q->arcs[(*n)++] = a;
    return 1;
}

static void figures(const cor_graph *g, cor_metric m, cor_navi_path *p)
{
    p->distance_m = p->duration_s = p->weight = 0;
    for (size_t i = 0; i < p->n_arcs; i++) {
        double share = 1;
        if (p->n_arcs == 1)
            share = p->to_frac - p->from_frac;
        else if (i == 0)
            share = 1 - p->from_frac;
        else if (i + 1 == p->n_arcs)
            share = p->to_frac;
        p->distance_m += share * arc_w(g, p->arcs[i], COR_METRIC_DISTANCE);
        p->duration_s += share * arc_w(g, p->arcs[i], COR_METRIC_TIME);
    }
    p->weight = m == COR_METRIC_TIME ? p->duration_s : p->distance_m;
}

cor_status cor_navi_route(cor_navi_query *q, cor_metric m, const cor_phantom *a,
                          const cor_phantom *b, cor_navi_path *out, cor_err *err)
{
    const cor_graph *g = q->nv->g;
    cor_algo algo = cor_graph_has_ch(g, m) ? COR_ALGO_CH : COR_ALGO_BIDIJKSTRA;
    end_way s[2], t[2];
    size_t ns = ways(g, m, a, 0, s), nt = ways(g, m, b, 1, t);
    double best = INFINITY;
    int bi = -1, bj = -1, direct = 0;
    uint32_t direct_arc = 0;
    double direct_from = 0, direct_to = 0;
    /* both on one link, the end ahead along an arc of it */
    if (a->arc == b->arc) {
        if (a->frac <= b->frac) {
            best = (b->frac - a->frac) * arc_w(g, a->arc, m);
            direct = 1;
            direct_arc = a->arc;
            direct_from = a->frac;
            direct_to = b->frac;
        } else if (a->twin != COR_NAVI_NONE) {
            best = (a->frac - b->frac) * arc_w(g, a->twin, m);
            direct = 1;
            direct_arc = a->twin;
            direct_from = 1 - a->frac;
            direct_to = 1 - b->frac;
        }
    }
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < nt; j++) {
            uint64_t d = 0;
            if (s[i].node != t[j].node) {
                cor_status st = cor_gquery_run(q->gq, algo, m, s[i].node, t[j].node, &d, err);
                if (st == COR_ERR_NOROUTE)
                    continue;
                if (st != COR_OK)
                    return st;
            }
            double c = s[i].cost + t[j].cost + (m == COR_METRIC_TIME ? d / 1000.0 : d / 10.0);
            if (c < best) {
                best = c;
                bi = (int)i;
                bj = (int)j;
                direct = 0;
            }
        }
    if (!isfinite(best))
        return cor_err_set(err, COR_ERR_NOROUTE, "no route between the two points");
    size_t n = 0;
    if (direct) {
        if (!push(q, &n, direct_arc))
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        out->from_frac = direct_from;
        out->to_frac = direct_to;
    } else {
        const uint32_t *mid = NULL;
        size_t n_mid = 0;
        if (s[bi].node != t[bj].node) {
            uint64_t d;
            cor_status st = cor_gquery_run(q->gq, algo, m, s[bi].node, t[bj].node, &d, err);
            if (st == COR_OK)
                st = cor_gquery_path(q->gq, &mid, &n_mid, err);
            if (st != COR_OK)
                return st;
        }
        int skip_first = s[bi].arc == COR_NAVI_NONE, skip_last = t[bj].arc == COR_NAVI_NONE;
        if (!skip_first && !push(q, &n, s[bi].arc))
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        for (size_t k = 0; k < n_mid; k++)
            if (!push(q, &n, mid[k]))
                return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        if (!skip_last && !push(q, &n, t[bj].arc))
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        out->from_frac = skip_first ? 0 : s[bi].frac;
        out->to_frac = skip_last ? 1 : t[bj].frac;
        if (n == 0) { /* both points on one node: a route of no length on the start's arc */
            if (!push(q, &n, a->arc))
                return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
            out->from_frac = out->to_frac = a->frac;
        }
        if (n == 1 && skip_first != skip_last) { /* the one arc is both first and last */
            out->from_frac = skip_first ? 0 : s[bi].frac;
            out->to_frac = skip_last ? 1 : t[bj].frac;
        }
    }
    out->arcs = q->arcs;
    out->n_arcs = n;
    figures(g, m, out);
    return COR_OK;
}

/* ---- shapes ---- */

void cor_shape_free(cor_shape *s)
{
    free(s->lat);
    free(s->lon);
    free(s->piece_end);
    memset(s, 0, sizeof *s);
}

typedef struct shape_buf {
    cor_shape *s;
    size_t cap, cap_pe;
} shape_buf;

static int add_point(shape_buf *b, double lat, double lon)
{
    cor_shape *s = b->s;
    if (s->n && s->lat[s->n - 1] == lat && s->lon[s->n - 1] == lon)
        return 1;
    size_t cap = b->cap;
    if (!cor_grow(&s->lat, s->n, &cap, sizeof *s->lat) ||
        !cor_grow(&s->lon, s->n, &b->cap, sizeof *s->lon))
        return 0;
    s->lat[s->n] = lat;
    s->lon[s->n++] = lon;
    return 1;
}

static int end_piece(shape_buf *b)
{
    cor_shape *s = b->s;
    if (!cor_grow(&s->piece_end, s->n_pieces, &b->cap_pe, sizeof *s->piece_end))
        return 0;
    s->piece_end[s->n_pieces++] = s->n ? s->n - 1 : 0;
    return 1;
}

/* The point at distance d along arc a's shape (upto: cumulative lengths), exact at the ends. */
static void point_at(const cor_graph *g, uint32_t a, const double *upto, size_t n_pts, double d,
                     double *lat, double *lon)
{
    if (d <= 0 || n_pts < 2) {
        cor_graph_get_point(g, a, 0, lat, lon);
        return;
    }
    if (d >= upto[n_pts - 1]) {
        cor_graph_get_point(g, a, n_pts - 1, lat, lon);
        return;
    }
    size_t k = 0;
    while (k + 2 < n_pts && upto[k + 1] < d)
        k++;
    double la, lo, lb, lob, seg = upto[k + 1] - upto[k];
    cor_graph_get_point(g, a, k, &la, &lo);
    cor_graph_get_point(g, a, k + 1, &lb, &lob);
    double t = seg > 0 ? (d - upto[k]) / seg : 0;
    *lat = la + t * (lb - la);
    *lon = lo + t * (lob - lo);
}

/* Points of arc a from fraction f0 to f1 of its length (f0 <= f1): the two cut points and the
 * shape points between them. */
static int add_arc(shape_buf *b, const cor_graph *g, uint32_t a, double f0, double f1)
{
    cor_graph_arc_info ai;
    cor_graph_get_arc(g, a, &ai);
    double upto[ai.n_points];
    double len = navi_arc_len(g, a, upto);
    double d0 = f0 >= 1 ? len : f0 * len, d1 = f1 >= 1 ? len : f1 * len, lat, lon;
    point_at(g, a, upto, ai.n_points, d0, &lat, &lon);
    if (!add_point(b, lat, lon))
        return 0;
    for (size_t k = 1; k + 1 < ai.n_points; k++)
        if (upto[k] > d0 && upto[k] < d1) {
            cor_graph_get_point(g, a, k, &lat, &lon);
            if (!add_point(b, lat, lon))
                return 0;
        }
    point_at(g, a, upto, ai.n_points, d1, &lat, &lon);
    return add_point(b, lat, lon);
}

cor_status cor_navi_path_shape(const cor_navi *nv, const cor_navi_path *p, cor_shape *out,
                               cor_err *err)
{
    memset(out, 0, sizeof *out);
    shape_buf b = {out, 0, 0};
    for (size_t i = 0; i < p->n_arcs; i++) {
        double f0 = i == 0 ? p->from_frac : 0, f1 = i + 1 == p->n_arcs ? p->to_frac : 1;
        if (!add_arc(&b, nv->g, p->arcs[i], f0, f1) || !end_piece(&b)) {
            cor_shape_free(out);
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        }
    }
    return COR_OK;
}

cor_status cor_navi_path_pieces(const cor_navi *nv, const cor_navi_path *p, cor_shape *shape,
                                cor_piece **pieces, cor_err *err)
{
    *pieces = NULL;
    cor_status st = cor_navi_path_shape(nv, p, shape, err);
    if (st != COR_OK)
        return st;
    cor_piece *pc = calloc(p->n_arcs ? p->n_arcs : 1, sizeof *pc);
    if (!pc) {
        cor_shape_free(shape);
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < p->n_arcs; i++) {
        cor_graph_arc_info ai;
        cor_graph_get_arc(nv->g, p->arcs[i], &ai);
        double share = p->n_arcs == 1 ? p->to_frac - p->from_frac
                       : i == 0       ? 1 - p->from_frac
                       : i + 1 == p->n_arcs ? p->to_frac
                                            : 1;
        /* a choice when the node offers an exit other than this arc and the way back */
        uint32_t back = i ? nv->twin[p->arcs[i - 1]] : COR_NAVI_NONE;
        uint32_t exits = nv->out_deg[ai.from] - (back != COR_NAVI_NONE);
        pc[i] = (cor_piece){.kind = COR_PIECE_MOVE,
                            .mode = ai.mode,
                            .distance_m = share * ai.len_dm / 10.0,
                            .duration_s = share * ai.time_ms / 1000.0,
                            .choice = i > 0 && exits > 1,
                            .roundabout = ai.roundabout,
                            .exits = ai.roundabout ? nv->out_plain[ai.from] : 0,
                            .record = p->arcs[i]};
        snprintf(pc[i].name, sizeof pc[i].name, "%s", ai.name);
    }
    *pieces = pc;
    return COR_OK;
}

/* A link is named after where it leads; a stop says what it is. */
static void stop_name(const cor_net *net, const cor_step *st, char *buf, size_t size)
{
    const cor_node *a = cor_net_node(net, st->from), *z = cor_net_node(net, st->to);
    if (st->kind == COR_STEP_LINK) {
        snprintf(buf, size, "%s", z->name);
    } else if (st->kind == COR_STEP_BORDER) {
        snprintf(buf, size, "border %s -> %s: %s - %s", a->country, z->country, a->name, z->name);
    } else {
        const cor_transfer *t = cor_net_transfer(net, st->index);
        if (t->gauge)
            snprintf(buf, size, "gauge change to %s at %s", cor_gauge_name(st->gauge), z->name);
        else
            snprintf(buf, size, "transfer %s -> %s at %s", cor_mode_name(st->mode),
                     cor_mode_name(st->mode_to), z->name);
    }
}

cor_status cor_route_pieces(const cor_net *net, const cor_route *r, cor_shape *shape,
                            cor_piece **pieces, cor_err *err)
{
    *pieces = NULL;
    memset(shape, 0, sizeof *shape);
    shape_buf b = {shape, 0, 0};
    cor_piece *pc = calloc(r->n_steps ? r->n_steps : 1, sizeof *pc);
    if (!pc)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < r->n_steps; i++) {
        const cor_step *st = &r->steps[i];
        const cor_node *a = cor_net_node(net, st->from), *z = cor_net_node(net, st->to);
        /* a border crossing or a transfer happens where the route is; a link moves it */
        int ok = st->kind == COR_STEP_LINK
                     ? add_point(&b, a->lat, a->lon) && add_point(&b, z->lat, z->lon)
                     : shape->n > 0 || add_point(&b, z->lat, z->lon);
        if (!ok || !end_piece(&b)) {
            free(pc);
            cor_shape_free(shape);
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        }
        pc[i] = (cor_piece){.kind = st->kind == COR_STEP_LINK     ? COR_PIECE_MOVE
                                    : st->kind == COR_STEP_BORDER ? COR_PIECE_BORDER
                                                                  : COR_PIECE_TRANSFER,
                            .mode = st->kind == COR_STEP_TRANSFER ? st->mode_to : st->mode,
                            .distance_m = st->km * 1000,
                            .duration_s = st->hours * 3600,
                            .usd = st->usd,
                            .choice = true,
                            .record = st->index};
        stop_name(net, st, pc[i].name, sizeof pc[i].name);
    }
    *pieces = pc;
    return COR_OK;
}
