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
    char avoid[COR_GQUERY_MAX_AVOID][3]; /* countries avoided (cor_navi_query_avoid) */
    size_t n_avoid;
};

cor_status cor_navi_query_avoid(cor_navi_query *q, const char (*countries)[3], size_t n,
                                cor_err *err)
{
    cor_status st = cor_gquery_avoid(q->gq, countries, n, err);
    if (st != COR_OK)
        return st;
    memcpy(q->avoid, countries, n * sizeof *countries);
    q->n_avoid = n;
    return COR_OK;
}

/* The avoided country node v lies in, or NULL. */
static const char *avoided(const cor_navi_query *q, uint32_t v)
{
    cor_graph_node_info ni;
    cor_graph_get_node(q->nv->g, v, &ni);
    for (size_t i = 0; i < q->n_avoid; i++)
        if (strcmp(q->avoid[i], ni.country) == 0)
            return q->avoid[i];
    return NULL;
}

/* COR_ERR_INPUT when phantom p lies in an avoided country: the country of the end of its link
 * on its side of the middle (where a crossing is taken to be). */
static cor_status phantom_avoided(const cor_navi_query *q, const cor_phantom *p, const char *what,
                                  cor_err *err)
{
    cor_graph_arc_info ai;
    cor_graph_get_arc(q->nv->g, p->arc, &ai);
    const char *cc = avoided(q, p->frac < 0.5 ? ai.from : ai.to);
    return cc ? cor_err_set(err, COR_ERR_INPUT, "the %s (%.6f,%.6f) lies in %s, which is "
                            "avoided", what, p->lat, p->lon, cc)
              : COR_OK;
}

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

/* A stretch [f0, f1] of a border crossing's arc crosses the border when it passes the arc's
 * middle, where the crossing is taken to be: a point on the first half of the link is in its
 * tail's country. A whole arc crosses. */
static int crosses(double f0, double f1) { return f0 <= 0.5 && f1 > 0.5; }

/* The weight of arc a from fraction f0 to f1 of its length (f0 <= f1), seconds or metres: the
 * move pro rata and, under the time metric, the whole dwell of a border it crosses (so that
 * a whole arc weighs what the hierarchy counts). */
static double stretch_w(const cor_graph *g, uint32_t a, cor_metric m, double f0, double f1)
{
    cor_graph_arc_info ai;
    cor_graph_get_arc(g, a, &ai);
    if (m == COR_METRIC_DISTANCE)
        return (f1 - f0) * ai.len_dm / 10.0;
    return ((f1 - f0) * ai.time_ms + (crosses(f0, f1) ? ai.dwell_ms : 0)) / 1000.0;
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
    double f = p->frac;
    w[n++] = (end_way){p->arc, at_end ? ai.from : ai.to, f,
                       at_end ? stretch_w(g, p->arc, m, 0, f) : stretch_w(g, p->arc, m, f, 1)};
    if (p->twin != COR_NAVI_NONE) /* against it, on its twin */
        w[n++] = (end_way){p->twin, at_end ? ai.to : ai.from, 1 - f,
                           at_end ? stretch_w(g, p->twin, m, 0, 1 - f)
                                  : stretch_w(g, p->twin, m, 1 - f, 1)};
    return n;
}

static size_t drop_avoided(const cor_navi_query *q, end_way *w, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!avoided(q, w[i].node))
            w[k++] = w[i];
    return k;
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
        double f0 = i == 0 ? p->from_frac : 0, f1 = i + 1 == p->n_arcs ? p->to_frac : 1;
        p->distance_m += stretch_w(g, p->arcs[i], COR_METRIC_DISTANCE, f0, f1);
        p->duration_s += stretch_w(g, p->arcs[i], COR_METRIC_TIME, f0, f1);
    }
    p->weight = m == COR_METRIC_TIME ? p->duration_s : p->distance_m;
}

cor_status cor_navi_route(cor_navi_query *q, cor_metric m, const cor_phantom *a,
                          const cor_phantom *b, cor_navi_path *out, cor_err *err)
{
    const cor_graph *g = q->nv->g;
    cor_algo algo = !q->n_avoid && cor_graph_has_ch(g, m) ? COR_ALGO_CH : COR_ALGO_BIDIJKSTRA;
    end_way s[2], t[2];
    size_t ns = ways(g, m, a, 0, s), nt = ways(g, m, b, 1, t);
    if (q->n_avoid) { /* the ways out and in that reach an avoided node are not taken */
        cor_status st = phantom_avoided(q, a, "start", err);
        if (st == COR_OK)
            st = phantom_avoided(q, b, "end", err);
        if (st != COR_OK)
            return st;
        ns = drop_avoided(q, s, ns);
        nt = drop_avoided(q, t, nt);
    }
    double best = INFINITY;
    int bi = -1, bj = -1, direct = 0;
    uint32_t direct_arc = 0;
    double direct_from = 0, direct_to = 0;
    /* both on one link, the end ahead along an arc of it */
    if (a->arc == b->arc) {
        if (a->frac <= b->frac) {
            best = stretch_w(g, a->arc, m, a->frac, b->frac);
            direct = 1;
            direct_arc = a->arc;
            direct_from = a->frac;
            direct_to = b->frac;
        } else if (a->twin != COR_NAVI_NONE) {
            best = stretch_w(g, a->twin, m, 1 - a->frac, 1 - b->frac);
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
    if (!isfinite(best)) {
        char list[3 * COR_GQUERY_MAX_AVOID + 1] = "";
        for (size_t i = 0, len = 0; i < q->n_avoid; i++) /* 3 bytes a code: always room */
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? "," : "",
                                    q->avoid[i]);
        return cor_err_set(err, COR_ERR_NOROUTE, "no route between the two points%s%s",
                           q->n_avoid ? " avoiding " : "", list);
    }
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

/* The shape of path p, one piece per arc and, when pieces is not NULL, a piece of no length
 * after each border crossing passed (its last point); pieces[k] tells the arc of piece k and
 * whether it is the crossing (arc | CROSSING_BIT). */
#define CROSSING_BIT 0x80000000u
static cor_status path_shape(const cor_navi *nv, const cor_navi_path *p, cor_shape *out,
                             uint32_t *pieces, cor_err *err)
{
    memset(out, 0, sizeof *out);
    shape_buf b = {out, 0, 0};
    for (size_t i = 0; i < p->n_arcs; i++) {
        double f0 = i == 0 ? p->from_frac : 0, f1 = i + 1 == p->n_arcs ? p->to_frac : 1;
        cor_graph_arc_info ai;
        cor_graph_get_arc(nv->g, p->arcs[i], &ai);
        int border = pieces && ai.border && crosses(f0, f1);
        if (!add_arc(&b, nv->g, p->arcs[i], f0, f1) || !end_piece(&b) ||
            (border && !end_piece(&b))) {
            cor_shape_free(out);
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        }
        if (pieces) {
            pieces[out->n_pieces - 1 - (size_t)border] = p->arcs[i];
            if (border)
                pieces[out->n_pieces - 1] = p->arcs[i] | CROSSING_BIT;
        }
    }
    return COR_OK;
}

cor_status cor_navi_path_shape(const cor_navi *nv, const cor_navi_path *p, cor_shape *out,
                               cor_err *err)
{
    return path_shape(nv, p, out, NULL, err);
}

/* The notification piece of the border crossed on arc a: its dwell, and its fees for
 * COR_NAVI_TONNES. */
static cor_piece border_piece(const cor_graph *g, uint32_t a)
{
    cor_graph_arc_info ai;
    cor_graph_get_arc(g, a, &ai);
    cor_graph_node_info x, y;
    cor_graph_get_node(g, ai.from, &x);
    cor_graph_get_node(g, ai.to, &y);
    double t = COR_NAVI_TONNES;
    cor_piece pc = {.kind = COR_PIECE_BORDER,
                    .mode = ai.mode,
                    .duration_s = ai.dwell_ms / 1000.0,
                    .usd = ai.border_usd_per_t * t +
                           ai.border_usd_per_vehicle * cor_vehicles(ai.mode, t),
                    .choice = false,
                    .record = a};
    snprintf(pc.name, sizeof pc.name, "border %s -> %s: %s - %s", x.country, y.country, x.id,
             y.id);
    return pc;
}

cor_status cor_navi_path_pieces(const cor_navi *nv, const cor_navi_path *p, cor_shape *shape,
                                cor_piece **pieces, cor_err *err)
{
    *pieces = NULL;
    uint32_t *rec = malloc((2 * p->n_arcs + 1) * sizeof *rec);
    cor_piece *pc = calloc(2 * p->n_arcs + 1, sizeof *pc);
    cor_status st = !rec || !pc ? cor_err_set(err, COR_ERR_NOMEM, "out of memory")
                                : path_shape(nv, p, shape, rec, err);
    if (st != COR_OK) {
        free(rec);
        free(pc);
        return st;
    }
    uint32_t back = COR_NAVI_NONE; /* the way back from the last arc's head */
    for (size_t k = 0, i = 0; k < shape->n_pieces; k++) {
        if (rec[k] & CROSSING_BIT) {
            pc[k] = border_piece(nv->g, rec[k] & ~CROSSING_BIT);
            continue;
        }
        cor_graph_arc_info ai;
        cor_graph_get_arc(nv->g, rec[k], &ai);
        double f0 = i == 0 ? p->from_frac : 0, f1 = i + 1 == p->n_arcs ? p->to_frac : 1;
        /* a choice when the node offers an exit other than this arc and the way back */
        uint32_t exits = nv->out_deg[ai.from] - (back != COR_NAVI_NONE);
        pc[k] = (cor_piece){.kind = COR_PIECE_MOVE,
                            .mode = ai.mode,
                            .distance_m = (f1 - f0) * ai.len_dm / 10.0,
                            .duration_s = (f1 - f0) * ai.time_ms / 1000.0,
                            .choice = i > 0 && exits > 1,
                            .roundabout = ai.roundabout,
                            .exits = ai.roundabout ? nv->out_plain[ai.from] : 0,
                            .record = rec[k]};
        snprintf(pc[k].name, sizeof pc[k].name, "%s", ai.name);
        back = nv->twin[rec[k]];
        i++;
    }
    free(rec);
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

cor_status cor_navi_table(cor_navi_query *q, cor_metric m, const cor_phantom *src, size_t n_src,
                          const cor_phantom *dst, size_t n_dst, double *dur_s, double *dist_m,
                          cor_err *err)
{
    for (size_t i = 0; i < n_src; i++)
        for (size_t j = 0; j < n_dst; j++) {
            cor_navi_path p;
            cor_status st = cor_navi_route(q, m, &src[i], &dst[j], &p, err);
            if (st != COR_OK && st != COR_ERR_NOROUTE)
                return st;
            dur_s[i * n_dst + j] = st == COR_OK ? p.duration_s : NAN;
            dist_m[i * n_dst + j] = st == COR_OK ? p.distance_m : NAN;
        }
    return COR_OK;
}
