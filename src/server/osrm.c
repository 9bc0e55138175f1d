/* The OSRM-compatible endpoints (OSRM HTTP API v5: /route, /table, /nearest, /trip, /match;
 * docs/server.md says what differs). Over a snapshot, coordinates snap to the nearest point of
 * a link and routes follow the hierarchy; over a network directory, they snap to the nearest node of the
 * profile's modes and the corridor router answers (border crossings and transfers become
 * notification steps). The library decides; this file parses requests and writes JSON. */
#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/jw.h"
#include "server/server_int.h"
#include "util/grow.h"

#define MAX_ROUTE_COORDS 25
#define MAX_TABLE_COORDS 50
#define MAX_TRIP_COORDS 50
#define MAX_MATCH_COORDS 100 /* OSRM's default --max-matching-size */
#define MAX_Q_COORDS MAX_MATCH_COORDS /* the most of any service */
#define MAX_MATCH_SIGMA_M 100.0
#define DEFAULT_RADIUS_M 50000.0 /* snapping farther than this: NoSegment (docs/server.md) */

/* Google's encoded polyline algorithm: zig-zag deltas of rounded coordinates, 5-bit chunks. */
static int put_value(char **buf, size_t *len, size_t *cap, long long v)
{
    unsigned long long u = v < 0 ? ~((unsigned long long)v << 1) : (unsigned long long)v << 1;
    do {
        if (!cor_grow(buf, *len + 1, cap, 1)) /* room for this byte and the NUL */
            return 0;
        unsigned chunk = (unsigned)(u & 0x1f);
        u >>= 5;
        (*buf)[(*len)++] = (char)((u ? (chunk | 0x20) : chunk) + 63);
    } while (u);
    (*buf)[*len] = '\0';
    return 1;
}

char *cor_polyline_encode(const double *lat, const double *lon, size_t n, int precision)
{
    double f = precision == 6 ? 1e6 : 1e5;
    char *buf = calloc(1, 1);
    size_t len = 0, cap = buf ? 1 : 0;
    long long plat = 0, plon = 0;
    for (size_t i = 0; buf && i < n; i++) {
        long long a = llround(lat[i] * f), b = llround(lon[i] * f);
        if (!put_value(&buf, &len, &cap, a - plat) || !put_value(&buf, &len, &cap, b - plon)) {
            free(buf);
            return NULL;
        }
        plat = a;
        plon = b;
    }
    return buf;
}

size_t cor_polyline_decode(const char *s, size_t len, int precision, double *lat, double *lon,
                           size_t max)
{
    double f = precision == 6 ? 1e6 : 1e5;
    long long v[2] = {0, 0};
    size_t n = 0, i = 0;
    while (i < len) {
        for (int c = 0; c < 2; c++) {
            unsigned long long u = 0;
            int shift = 0, b;
            do {
                if (i >= len || shift > 60)
                    return (size_t)-1;
                b = s[i++] - 63;
                if (b < 0 || b > 63)
                    return (size_t)-1;
                u |= (unsigned long long)(b & 0x1f) << shift;
                shift += 5;
            } while (b >= 0x20);
            v[c] += (u & 1) ? ~(long long)(u >> 1) : (long long)(u >> 1);
        }
        if (n == max)
            return max + 1;
        lat[n] = v[0] / f;
        lon[n++] = v[1] / f;
    }
    return n;
}

/* ---- the request ---- */

typedef struct osrm_q {
    int snap;                /* SRV_SNAP_* */
    unsigned modes;
    size_t n;
    double lat[MAX_Q_COORDS], lon[MAX_Q_COORDS];
    double radius[MAX_Q_COORDS];
    double default_radius;   /* of radiuses' empty entries; 0: DEFAULT_RADIUS_M */
    uint32_t node[MAX_Q_COORDS];   /* a network directory: the node snapped to */
    cor_phantom ph[MAX_Q_COORDS];  /* a snapshot: the point snapped to */
    double snap_m[MAX_Q_COORDS];
} osrm_q;

static int parse_profile(const char *p, size_t len, osrm_q *q)
{
    static const struct {
        const char *name;
        int snap;
        unsigned modes;
    } profiles[] = {
        {"driving", SRV_SNAP_ROAD, COR_MODE_BIT(COR_MODE_ROAD)},
        {"car", SRV_SNAP_ROAD, COR_MODE_BIT(COR_MODE_ROAD)},
        {"truck", SRV_SNAP_ROAD, COR_MODE_BIT(COR_MODE_ROAD)},
        {"road", SRV_SNAP_ROAD, COR_MODE_BIT(COR_MODE_ROAD)},
        {"rail", SRV_SNAP_RAIL, COR_MODE_BIT(COR_MODE_RAIL)},
        {"train", SRV_SNAP_RAIL, COR_MODE_BIT(COR_MODE_RAIL)},
        {"any", SRV_SNAP_ANY, COR_TRANSPORT_MODES},
        {"multimodal", SRV_SNAP_ANY, COR_TRANSPORT_MODES},
    };
    for (size_t i = 0; i < sizeof profiles / sizeof *profiles; i++)
        if (strlen(profiles[i].name) == len && strncmp(p, profiles[i].name, len) == 0) {
            q->snap = profiles[i].snap;
            q->modes = profiles[i].modes;
            return 1;
        }
    return 0;
}

static int check_coord(double lat, double lon, size_t i, srv_resp *out)
{
    if (isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)
        return 1;
    srv_error(out, 400, "InvalidQuery", "coordinates: expected longitude -180..180 and "
              "latitude -90..90, found %g,%g (coordinate %zu)", lon, lat, i);
    return 0;
}

/* "lon,lat;lon,lat;...", "polyline(...)" or "polyline6(...)", with an optional ".json" after
 * them, into q; 0 after a 400. */
static int parse_coords(const char *s, size_t min, size_t max, osrm_q *q, srv_resp *out)
{
    q->n = 0;
    size_t len = strlen(s);
    if (len >= 5 && strcmp(s + len - 5, ".json") == 0)
        len -= 5;
    int prec = strncmp(s, "polyline(", 9) == 0 ? 5 : strncmp(s, "polyline6(", 10) == 0 ? 6 : 0;
    if (prec) {
        size_t open = prec == 5 ? 9 : 10;
        if (len <= open || s[len - 1] != ')') {
            srv_error(out, 400, "InvalidQuery", "coordinates: expected polyline(...) with a "
                      "closing parenthesis, found \"%.80s\"", s);
            return 0;
        }
        size_t n = cor_polyline_decode(s + open, len - open - 1, prec, q->lat, q->lon, max);
        if (n == (size_t)-1) {
            srv_error(out, 400, "InvalidQuery", "coordinates: not a valid encoded polyline");
            return 0;
        }
        if (n > max) {
            srv_error(out, 400, "TooBig", "coordinates: at most %zu, found more", max);
            return 0;
        }
        q->n = n;
    } else {
        const char *p = s, *stop = s + len;
        while (p < stop) {
            if (q->n == max) {
                srv_error(out, 400, "TooBig", "coordinates: at most %zu, found more", max);
                return 0;
            }
            char *end;
            double lon = strtod(p, &end);
            if (end == p || *end != ',')
                goto bad;
            p = end + 1;
            double lat = strtod(p, &end);
            if (end == p || (end != stop && *end != ';'))
                goto bad;
            q->lon[q->n] = lon;
            q->lat[q->n++] = lat;
            p = end == stop ? end : end + 1;
            if (end != stop && p == stop)
                goto bad;
        }
    }
    for (size_t i = 0; i < q->n; i++)
        if (!check_coord(q->lat[i], q->lon[i], i, out))
            return 0;
    if (q->n < min) {
        srv_error(out, 400, "InvalidQuery", "coordinates: expected at least %zu lon,lat "
                  "pair%s separated by ';', found %zu", min, min == 1 ? "" : "s", q->n);
        return 0;
    }
    return 1;
bad:
    srv_error(out, 400, "InvalidQuery", "coordinates: expected lon,lat pairs separated by ';', "
              "found \"%.80s\"", s);
    return 0;
}

/* As OSRM: a parameter the service does not know is InvalidOptions. */
static int only_args(const srv_req *r, const char *const *allowed, srv_resp *out)
{
    for (size_t k = 0; k < r->n_args; k++) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], r->args[k].key) != 0)
            i++;
        if (!allowed[i]) {
            srv_error(out, 400, "InvalidOptions", "%s: unknown parameter for this service",
                      r->args[k].key);
            return 0;
        }
    }
    return 1;
}

/* ";"-separated list of n entries (empty ones allowed) into items; 0 after a 400. */
static int split_list(const char *key, const char *s, size_t n, char items[][64], srv_resp *out)
{
    size_t k = 0;
    for (const char *p = s;; k++) {
        size_t l = strcspn(p, ";");
        if (k == n || l >= 64) {
            srv_error(out, 400, "InvalidOptions", "%s: expected %zu entries separated by ';' "
                      "(one per coordinate)", key, n);
            return 0;
        }
        memcpy(items[k], p, l);
        items[k][l] = '\0';
        if (!p[l])
            break;
        p += l + 1;
    }
    if (k + 1 != n) {
        srv_error(out, 400, "InvalidOptions", "%s: expected %zu entries separated by ';', found "
                  "%zu", key, n, k + 1);
        return 0;
    }
    return 1;
}

/* The general options of every service (radiuses, hints, bearings, approaches, exclude,
 * snapping); 0 after a 400. hints are read later, when snapping. */
static int general_opts(const srv_req *r, osrm_q *q, srv_resp *out)
{
    char (*it)[64] = calloc(MAX_Q_COORDS, 64);
    if (!it) {
        srv_error(out, 500, "InternalError", "out of memory");
        return 0;
    }
    int ok = 1;
    const char *rad = srv_arg(r, "radiuses");
    for (size_t i = 0; i < q->n; i++)
        q->radius[i] = q->default_radius > 0 ? q->default_radius : DEFAULT_RADIUS_M;
    if (rad && !(ok = split_list("radiuses", rad, q->n, it, out)))
        goto done;
    for (size_t i = 0; rad && i < q->n; i++) {
        if (!*it[i])
            continue;
        if (strcmp(it[i], "unlimited") == 0) {
            q->radius[i] = INFINITY;
            continue;
        }
        char *end;
        double v = strtod(it[i], &end);
        if (*end || !(v >= 0) || !isfinite(v)) {
            srv_error(out, 400, "InvalidOptions", "radiuses: expected metres >= 0 or "
                      "\"unlimited\", found \"%s\" (coordinate %zu)", it[i], i);
            ok = 0;
            goto done;
        }
        q->radius[i] = v;
    }
    const char *bear = srv_arg(r, "bearings"), *appr = srv_arg(r, "approaches"),
               *excl = srv_arg(r, "exclude"), *snapping = srv_arg(r, "snapping");
    if (bear && !(ok = split_list("bearings", bear, q->n, it, out)))
        goto done;
    for (size_t i = 0; bear && i < q->n; i++)
        if (*it[i]) {
            srv_error(out, 400, "NotImplemented", "bearings: not supported, leave the entries "
                      "empty (coordinate %zu has \"%s\")", i, it[i]);
            ok = 0;
            goto done;
        }
    if (appr && !(ok = split_list("approaches", appr, q->n, it, out)))
        goto done;
    for (size_t i = 0; appr && i < q->n; i++)
        if (*it[i] && strcmp(it[i], "unrestricted")) {
            srv_error(out, 400, "NotImplemented", "approaches: only unrestricted is supported, "
                      "found \"%s\"", it[i]);
            ok = 0;
            goto done;
        }
    if (excl && *excl) {
        srv_error(out, 400, "NotImplemented", "exclude: not supported (the corridor API's avoid "
                  "and modes are)");
        ok = 0;
        goto done;
    }
    if (snapping && strcmp(snapping, "default") && strcmp(snapping, "any")) {
        srv_error(out, 400, "InvalidOptions", "snapping: expected default or any, found \"%s\"",
                  snapping);
        ok = 0;
    }
done:
    free(it);
    return ok;
}

static int bool_arg(const srv_req *r, const char *key, int dflt, int *v, srv_resp *out)
{
    const char *s = srv_arg(r, key);
    *v = dflt;
    if (!s)
        return 1;
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
        *v = strcmp(s, "true") == 0;
        return 1;
    }
    srv_error(out, 400, "InvalidOptions", "%s: expected true or false, found \"%s\"", key, s);
    return 0;
}

/* ---- snapping ---- */

/* A hint names the point snapped to, for this network only: "c" arc "." the bits of its
 * position on the arc (a double, so that it comes back exactly) "." fingerprint on a
 * snapshot, "n" node "." fingerprint on a directory (hex). */
static void make_hint(const cor_server *s, const osrm_q *q, size_t i, char *buf, size_t size)
{
    if (s->navi) {
        unsigned long long bits;
        memcpy(&bits, &q->ph[i].frac, sizeof bits);
        snprintf(buf, size, "c%x.%llx.%08x", q->ph[i].arc, bits, s->fingerprint);
    } else
        snprintf(buf, size, "n%x.%08x", q->node[i], s->fingerprint);
}

/* Takes a hint back; 0 when it is not one of this network's. */
static int take_hint(const cor_server *s, const char *h, osrm_q *q, size_t i)
{
    unsigned a, fp;
    char tail;
    if (s->navi) {
        unsigned long long bits;
        double frac;
        cor_phantom p;
        cor_err err;
        if (sscanf(h, "c%x.%llx.%8x%c", &a, &bits, &fp, &tail) != 3 || fp != s->fingerprint)
            return 0;
        memcpy(&frac, &bits, sizeof frac);
        if (cor_navi_phantom_at(s->navi, a, frac, &p, &err) != COR_OK) /* also a NaN */
            return 0;
        p.dist_m = cor_haversine_km(q->lat[i], q->lon[i], p.lat, p.lon) * 1000;
        q->ph[i] = p;
        q->snap_m[i] = p.dist_m;
        return 1;
    }
    if (sscanf(h, "n%x.%8x%c", &a, &fp, &tail) != 2 || fp != s->fingerprint ||
        a >= cor_net_node_count(s->plain.net))
        return 0;
    q->node[i] = a;
    const cor_node *n = cor_net_node(s->plain.net, a);
    q->snap_m[i] = cor_haversine_km(q->lat[i], q->lon[i], n->lat, n->lon) * 1000;
    return 1;
}

static cor_status snap_one(const cor_server *s, const srv_net *sn, osrm_q *q, size_t i,
                           double lat, double lon, cor_err *err)
{
    if (s->navi) {
        cor_status st = cor_navi_snap(s->navi, lat, lon, q->radius[i], &q->ph[i], err);
        q->snap_m[i] = q->ph[i].dist_m;
        return st;
    }
    double km;
    cor_status st = cor_snap_nearest(sn->snap[q->snap], lat, lon, &q->node[i], &km, err);
    if (st != COR_OK)
        return st;
    q->snap_m[i] = km * 1000;
    if (q->snap_m[i] > q->radius[i]) {
        const cor_node *n = cor_net_node(sn->net, q->node[i]);
        return cor_err_set(err, COR_ERR_NOTFOUND, "%g,%g is %.1f km from the nearest node (%s), "
                           "more than the %.0f m allowed", lat, lon, q->snap_m[i] / 1000,
                           n->name, q->radius[i]);
    }
    return COR_OK;
}

static int snap_all(const srv_req *r, const srv_net *sn, osrm_q *q, srv_resp *out)
{
    const cor_server *s = r->s;
    const char *hints = srv_arg(r, "hints");
    char (*h)[64] = NULL;
    if (hints) {
        if (!(h = calloc(MAX_Q_COORDS, 64))) {
            srv_error(out, 500, "InternalError", "out of memory");
            return 0;
        }
        if (!split_list("hints", hints, q->n, h, out)) {
            free(h);
            return 0;
        }
    }
    for (size_t i = 0; i < q->n; i++) {
        if (h && *h[i] && take_hint(s, h[i], q, i))
            continue;
        cor_err err;
        cor_status st = snap_one(s, sn, q, i, q->lat[i], q->lon[i], &err);
        if (st == COR_OK)
            continue;
        if (st == COR_ERR_NOTFOUND) { /* a swapped pair that would snap gets a hint */
            cor_err e2;
            osrm_q *tmp = malloc(sizeof *tmp);
            int swapped = tmp && fabs(q->lon[i]) <= 90;
            if (swapped) {
                tmp->snap = q->snap;
                tmp->radius[0] = q->radius[i];
                swapped = snap_one(s, sn, tmp, 0, q->lon[i], q->lat[i], &e2) == COR_OK;
            }
            free(tmp);
            if (swapped)
                srv_error(out, 400, "NoSegment", "coordinate %zu: %s; OSRM coordinates are "
                          "lon,lat: did you mean %g,%g?", i, err.msg, q->lat[i], q->lon[i]);
            else
                srv_error(out, 400, "NoSegment", "coordinate %zu: %s", i, err.msg);
        } else {
            srv_error(out, 400, "InvalidQuery", "coordinate %zu: %s", i, err.msg);
        }
        free(h);
        return 0;
    }
    free(h);
    return 1;
}

static void snap_location(const cor_server *s, const srv_net *sn, const osrm_q *q, size_t i,
                          double *lat, double *lon)
{
    if (s->navi) {
        *lat = q->ph[i].lat;
        *lon = q->ph[i].lon;
    } else {
        const cor_node *n = cor_net_node(sn->net, q->node[i]);
        *lat = n->lat;
        *lon = n->lon;
    }
}

/* OSRM's Waypoint: hint, distance, name (of the link snapped to; of the node on a
 * directory), location; a directory adds the node's id. The keys only, in an open object. */
static void waypoint_keys(cor_jw *w, const cor_server *s, const srv_net *sn, const osrm_q *q,
                          size_t i)
{
    char hint[64];
    make_hint(s, q, i, hint, sizeof hint);
    double lat, lon;
    snap_location(s, sn, q, i, &lat, &lon);
    cor_graph_arc_info ai = {0};
    if (s->navi)
        cor_graph_get_arc(s->graph, q->ph[i].arc, &ai);
    COR_JW_KSTR(w, "hint", hint);
    COR_JW_KREAL(w, "distance", q->snap_m[i]);
    COR_JW_KSTR(w, "name", s->navi ? ai.name : cor_net_node(sn->net, q->node[i])->name);
    COR_JW_KEY(w, "location");
    cor_jw_arr(w);
    cor_jw_real(w, lon);
    cor_jw_real(w, lat);
    cor_jw_arr_end(w);
    if (!s->navi)
        COR_JW_KSTR(w, "node", cor_net_node(sn->net, q->node[i])->id);
}

static void waypoint(cor_jw *w, const cor_server *s, const srv_net *sn, const osrm_q *q,
                     size_t i)
{
    cor_jw_obj(w);
    waypoint_keys(w, s, sn, q, i);
    cor_jw_obj_end(w);
}

/* ---- routes ---- */

/* One leg as the library gives it: shape, pieces and figures; on a directory also the
 * corridor route it comes from. */
typedef struct leg_res {
    cor_shape shape;
    cor_piece *pieces;
    double distance_m, duration_s, weight, usd;
    const cor_route *route;
} leg_res;

static void leg_free(leg_res *l)
{
    cor_shape_free(&l->shape);
    free(l->pieces);
    memset(l, 0, sizeof *l);
}

static const char *osrm_mode(cor_mode m)
{
    switch (m) {
    case COR_MODE_ROAD: return "driving";
    case COR_MODE_RAIL: return "train";
    case COR_MODE_SEA:
    case COR_MODE_FERRY: return "ferry";
    default: return cor_mode_name(m);
    }
}

/* "geometry": a GeoJSON LineString or an encoded polyline (null when out of memory, as
 * before) */
static void geometry(cor_jw *w, const double *lat, const double *lon, size_t n,
                     const char *geometries)
{
    COR_JW_KEY(w, "geometry");
    if (strcmp(geometries, "geojson") == 0) {
        cor_jw_obj(w);
        COR_JW_KSTR(w, "type", "LineString");
        COR_JW_KEY(w, "coordinates");
        cor_jw_arr(w);
        for (size_t i = 0; i < n; i++) {
            cor_jw_arr(w);
            cor_jw_real(w, lon[i]);
            cor_jw_real(w, lat[i]);
            cor_jw_arr_end(w);
        }
        cor_jw_arr_end(w);
        cor_jw_obj_end(w);
    } else {
        char *p = cor_polyline_encode(lat, lon, n, strcmp(geometries, "polyline6") == 0 ? 6 : 5);
        cor_jw_str_or_null(w, p);
        free(p);
    }
}

/* The corridor extension of a notification step: what the stop is and costs. */
static void stop_info(cor_jw *w, const srv_net *sn, const cor_piece *p)
{
    cor_jw_obj(w);
    if (p->kind == COR_PIECE_BORDER) {
        const cor_border *b = cor_net_border(sn->net, p->record);
        const cor_node *x = cor_net_node(sn->net, b->from), *y = cor_net_node(sn->net, b->to);
        COR_JW_KSTR(w, "kind", "border");
        COR_JW_KSTR(w, "from_country", x->country);
        COR_JW_KSTR(w, "to_country", y->country);
        COR_JW_KSTR(w, "from", x->name);
        COR_JW_KSTR(w, "to", y->name);
    } else {
        const cor_transfer *t = cor_net_transfer(sn->net, p->record);
        COR_JW_KSTR(w, "kind", t->gauge ? "gauge_change" : "transfer");
        COR_JW_KSTR(w, "at", cor_net_node(sn->net, t->node)->name);
        COR_JW_KSTR(w, "to_mode", cor_mode_name(p->mode));
    }
    COR_JW_KREAL(w, "dwell_h", p->duration_s / 3600);
    COR_JW_KREAL(w, "usd", p->usd);
    cor_jw_obj_end(w);
}

/* The same on a snapshot: a border crossing's arc, its nodes' ids. */
static void graph_stop_info(cor_jw *w, const cor_graph *g, const cor_piece *p)
{
    cor_graph_arc_info ai;
    cor_graph_get_arc(g, p->record, &ai);
    cor_graph_node_info x, y;
    cor_graph_get_node(g, ai.from, &x);
    cor_graph_get_node(g, ai.to, &y);
    cor_jw_obj(w);
    COR_JW_KSTR(w, "kind", "border");
    COR_JW_KSTR(w, "from_country", x.country);
    COR_JW_KSTR(w, "to_country", y.country);
    COR_JW_KSTR(w, "from", x.id);
    COR_JW_KSTR(w, "to", y.id);
    COR_JW_KREAL(w, "dwell_h", p->duration_s / 3600);
    COR_JW_KREAL(w, "usd", p->usd);
    COR_JW_KREAL(w, "tonnes", COR_NAVI_TONNES);
    cor_jw_obj_end(w);
}

/* One step; sn (a directory) or g (a snapshot) tells what a notification step's stop is. */
static void step_json(cor_jw *w, const srv_net *sn, const cor_graph *g, const leg_res *l,
                      const cor_step_out *st, const char *geometries, int time_weight)
{
    cor_jw_obj(w);
    COR_JW_KREAL(w, "distance", st->distance_m);
    COR_JW_KREAL(w, "duration", st->duration_s);
    COR_JW_KREAL(w, "weight", time_weight ? st->duration_s : st->distance_m);
    COR_JW_KSTR(w, "name", st->name);
    if (st->rotary_name)
        COR_JW_KSTR(w, "rotary_name", st->rotary_name);
    COR_JW_KSTR(w, "mode", osrm_mode(st->mode));
    COR_JW_KSTR(w, "driving_side", "right");
    COR_JW_KEY(w, "maneuver");
    cor_jw_obj(w);
    COR_JW_KEY(w, "location");
    cor_jw_arr(w);
    cor_jw_real(w, st->lon);
    cor_jw_real(w, st->lat);
    cor_jw_arr_end(w);
    COR_JW_KINT(w, "bearing_before", st->bearing_before);
    COR_JW_KINT(w, "bearing_after", st->bearing_after);
    COR_JW_KSTR(w, "type", st->type);
    if (st->modifier)
        COR_JW_KSTR(w, "modifier", st->modifier);
    if (st->exit)
        COR_JW_KINT(w, "exit", st->exit);
    cor_jw_obj_end(w);
    /* the maneuver point as an intersection: the way in (reversed) and the way out */
    int in_b = (st->bearing_before + 180) % 360;
    int bearings[2], entry[2], n_b;
    COR_JW_KEY(w, "intersections");
    cor_jw_arr(w);
    cor_jw_obj(w);
    COR_JW_KEY(w, "location");
    cor_jw_arr(w);
    cor_jw_real(w, st->lon);
    cor_jw_real(w, st->lat);
    cor_jw_arr_end(w);
    if (strcmp(st->type, "depart") == 0) {
        bearings[0] = st->bearing_after;
        entry[0] = 1;
        n_b = 1;
        COR_JW_KINT(w, "out", 0);
    } else if (strcmp(st->type, "arrive") == 0) {
        bearings[0] = in_b;
        entry[0] = 1;
        n_b = 1;
        COR_JW_KINT(w, "in", 0);
    } else {
        int a = in_b, b = st->bearing_after;
        int in_first = a <= b;
        bearings[0] = in_first ? a : b;
        bearings[1] = in_first ? b : a;
        entry[0] = !in_first;
        entry[1] = in_first;
        n_b = 2;
        COR_JW_KINT(w, "in", in_first ? 0 : 1);
        COR_JW_KINT(w, "out", in_first ? 1 : 0);
    }
    COR_JW_KEY(w, "bearings");
    cor_jw_arr(w);
    for (int i = 0; i < n_b; i++)
        cor_jw_int(w, bearings[i]);
    cor_jw_arr_end(w);
    COR_JW_KEY(w, "entry");
    cor_jw_arr(w);
    for (int i = 0; i < n_b; i++)
        cor_jw_bool(w, entry[i]);
    cor_jw_arr_end(w);
    cor_jw_obj_end(w);
    cor_jw_arr_end(w);
    size_t n = st->last_pt - st->first_pt + 1;
    if (n == 1) { /* OSRM gives a point step its point twice */
        double la[2] = {l->shape.lat[st->first_pt], l->shape.lat[st->first_pt]};
        double lo[2] = {l->shape.lon[st->first_pt], l->shape.lon[st->first_pt]};
        geometry(w, la, lo, 2, geometries);
    } else {
        geometry(w, l->shape.lat + st->first_pt, l->shape.lon + st->first_pt, n, geometries);
    }
    if (strcmp(st->type, "notification") == 0 && (sn || g)) {
        COR_JW_KEY(w, "corridor");
        if (sn)
            stop_info(w, sn, &l->pieces[st->piece]);
        else
            graph_stop_info(w, g, &l->pieces[st->piece]);
    }
    cor_jw_obj_end(w);
}

/* summary: the names of the two longest named steps, in route order (OSRM's). */
static void summary_of(const cor_step_out *st, size_t n, char *buf, size_t size)
{
    size_t a = n, b = n;
    for (size_t i = 0; i < n; i++) {
        if (!*st[i].name || strcmp(st[i].type, "notification") == 0)
            continue;
        if (a == n || st[i].distance_m > st[a].distance_m) {
            b = a;
            a = i;
        } else if ((b == n || st[i].distance_m > st[b].distance_m) &&
                   strcmp(st[i].name, st[a].name)) {
            b = i;
        }
    }
    if (b != n && strcmp(st[a].name, st[b].name) == 0)
        b = n;
    if (a == n)
        snprintf(buf, size, "%s", "");
    else if (b == n)
        snprintf(buf, size, "%s", st[a].name);
    else
        snprintf(buf, size, "%s, %s", st[a < b ? a : b].name, st[a < b ? b : a].name);
}

typedef struct route_wants {
    int steps, time_weight;
    int ann_duration, ann_distance, ann_speed, ann_nodes;
    const char *geometries, *overview;
} route_wants;

/* An OSM node id ("n123" from the import) as OSRM gives it, a number; other ids as text. */
static void node_id(cor_jw *w, const char *id)
{
    char *end;
    if (id[0] == 'n' && id[1] >= '0' && id[1] <= '9') {
        long long v = strtoll(id + 1, &end, 10);
        if (!*end) {
            cor_jw_int(w, v);
            return;
        }
    }
    cor_jw_str(w, id);
}

/* The annotation of a leg: per segment of its full shape (OSRM's), nodes the graph nodes
 * passed. Figures per segment go to fig (3 per segment: duration, distance, speed). A stop (a
 * border crossing or transfer: a piece of no length) adds its dwell to the segment before it
 * (the first segment when none is), so that the durations add up to the leg's. */
static void annotation(cor_jw *w, const cor_server *s, const leg_res *l, const route_wants *want)
{
    size_t n_seg = l->shape.n ? l->shape.n - 1 : 0;
    double *fig = malloc((n_seg ? n_seg : 1) * 3 * sizeof *fig);
    if (!fig) {
        w->failed = 1;
        return;
    }
    size_t m = 0;
    double stop = 0; /* the dwell of stops before the first segment */
    for (size_t p = 0, k = 0; p < l->shape.n_pieces; p++) {
        size_t end = l->shape.piece_end[p];
        if (k >= end) {
            *(m ? &fig[3 * (m - 1)] : &stop) += l->pieces[p].duration_s;
            continue;
        }
        double plen = 0;
        for (size_t i = k; i < end; i++)
            plen += cor_haversine_km(l->shape.lat[i], l->shape.lon[i], l->shape.lat[i + 1],
                                     l->shape.lon[i + 1]) * 1000;
        for (; k < end && m < n_seg; k++, m++) {
            double d = cor_haversine_km(l->shape.lat[k], l->shape.lon[k], l->shape.lat[k + 1],
                                        l->shape.lon[k + 1]) * 1000;
            double share = plen > 0 ? d / plen : 0;
            fig[3 * m] = share * l->pieces[p].duration_s + (m ? 0 : stop);
            fig[3 * m + 1] = share * l->pieces[p].distance_m;
        }
    }
    for (size_t i = 0; i < m; i++) {
        double t = fig[3 * i], dd = fig[3 * i + 1];
        fig[3 * i] = round(t * 10) / 10;
        fig[3 * i + 1] = round(dd * 10) / 10;
        fig[3 * i + 2] = t > 0 ? round(dd / t * 10) / 10 : 0;
    }
    static const char *const names[3] = {"duration", "distance", "speed"};
    const int wanted[3] = {want->ann_duration, want->ann_distance, want->ann_speed};
    cor_jw_obj(w);
    for (int f = 0; f < 3; f++) {
        if (!wanted[f])
            continue;
        cor_jw_key(w, names[f]);
        cor_jw_arr(w);
        for (size_t i = 0; i < m; i++)
            cor_jw_real(w, fig[3 * i + (size_t)f]);
        cor_jw_arr_end(w);
    }
    free(fig);
    if (want->ann_nodes && s->navi) {
        COR_JW_KEY(w, "nodes");
        cor_jw_arr(w);
        for (size_t p = 0; p < l->shape.n_pieces; p++) {
            if (l->pieces[p].kind != COR_PIECE_MOVE)
                continue;
            cor_graph_arc_info ai;
            cor_graph_get_arc(s->graph, l->pieces[p].record, &ai);
            cor_graph_node_info a, b;
            cor_graph_get_node(s->graph, ai.from, &a);
            cor_graph_get_node(s->graph, ai.to, &b);
            if (p == 0)
                node_id(w, a.id);
            node_id(w, b.id);
        }
        cor_jw_arr_end(w);
    }
    cor_jw_obj_end(w);
}

/* One OSRM Route from legs, as an object; fails the writer when out of memory. */
/* A Route object; a matching's (confidence not NaN) starts with its confidence. */
static void route_json(cor_jw *jw, const cor_server *s, const srv_net *sn, leg_res *legs,
                       size_t n_legs, const route_wants *w, const char *weight_name,
                       double confidence)
{
    double dist = 0, dur = 0, weight = 0;
    size_t cap = 1;
    for (size_t i = 0; i < n_legs; i++)
        cap += legs[i].shape.n;
    double *lat = malloc(cap * sizeof *lat), *lon = malloc(cap * sizeof *lon);
    size_t n = 0;
    if (!lat || !lon) {
        free(lat);
        free(lon);
        jw->failed = 1;
        return;
    }
    for (size_t i = 0; i < n_legs; i++) {
        dist += legs[i].distance_m;
        dur += legs[i].duration_s;
        weight += legs[i].weight;
    }
    cor_jw_obj(jw);
    if (!isnan(confidence))
        COR_JW_KREAL(jw, "confidence", confidence);
    COR_JW_KREAL(jw, "distance", dist);
    COR_JW_KREAL(jw, "duration", dur);
    COR_JW_KREAL(jw, "weight", weight);
    COR_JW_KSTR(jw, "weight_name", weight_name);
    COR_JW_KEY(jw, "legs");
    cor_jw_arr(jw);
    for (size_t i = 0; i < n_legs; i++) {
        leg_res *l = &legs[i];
        for (size_t k = 0; k < l->shape.n; k++)
            if (!n || lat[n - 1] != l->shape.lat[k] || lon[n - 1] != l->shape.lon[k]) {
                lat[n] = l->shape.lat[k];
                lon[n++] = l->shape.lon[k];
            }
        cor_step_out *st = NULL;
        size_t ns = 0;
        cor_err err;
        char summary[512] = "";
        int have_steps =
            cor_steps_build(&l->shape, l->pieces, l->shape.n_pieces, &st, &ns, &err) == COR_OK;
        if (have_steps)
            summary_of(st, ns, summary, sizeof summary);
        cor_jw_obj(jw);
        COR_JW_KREAL(jw, "distance", l->distance_m);
        COR_JW_KREAL(jw, "duration", l->duration_s);
        COR_JW_KREAL(jw, "weight", l->weight);
        COR_JW_KSTR(jw, "summary", summary);
        COR_JW_KEY(jw, "steps");
        cor_jw_arr(jw);
        for (size_t k = 0; have_steps && w->steps && k < ns; k++)
            step_json(jw, s->navi ? NULL : sn, s->graph, l, &st[k], w->geometries,
                      w->time_weight);
        cor_jw_arr_end(jw);
        free(st);
        if (w->ann_duration || w->ann_distance || w->ann_speed || w->ann_nodes) {
            COR_JW_KEY(jw, "annotation");
            annotation(jw, s, l, w);
        }
        if (!s->navi)
            COR_JW_KREAL(jw, "usd", l->usd);
        cor_jw_obj_end(jw);
    }
    cor_jw_arr_end(jw);
    if (strcmp(w->overview, "false")) {
        if (strcmp(w->overview, "simplified") == 0 && n > 2) {
            unsigned char *keep = malloc(n);
            if (keep) {
                cor_simplify(lat, lon, n, cor_simplify_tolerance_m(lat, lon, n), keep);
                size_t m = 0;
                for (size_t k = 0; k < n; k++)
                    if (keep[k]) {
                        lat[m] = lat[k];
                        lon[m++] = lon[k];
                    }
                n = m;
                free(keep);
            }
        }
        geometry(jw, lat, lon, n, w->geometries);
    }
    cor_jw_obj_end(jw);
    free(lat);
    free(lon);
}

/* Reads steps, geometries, overview and annotations; 0 after a 400. */
static int route_wants_of(const srv_req *r, route_wants *w, srv_resp *out)
{
    memset(w, 0, sizeof *w);
    if (!bool_arg(r, "steps", 0, &w->steps, out))
        return 0;
    w->geometries = srv_arg(r, "geometries");
    w->overview = srv_arg(r, "overview");
    w->geometries = w->geometries ? w->geometries : "polyline";
    w->overview = w->overview ? w->overview : "simplified";
    if (strcmp(w->geometries, "geojson") && strcmp(w->geometries, "polyline") &&
        strcmp(w->geometries, "polyline6")) {
        srv_error(out, 400, "InvalidOptions",
                  "geometries: expected geojson, polyline or polyline6, found \"%s\"",
                  w->geometries);
        return 0;
    }
    if (strcmp(w->overview, "full") && strcmp(w->overview, "simplified") &&
        strcmp(w->overview, "false")) {
        srv_error(out, 400, "InvalidOptions",
                  "overview: expected full, simplified or false, found \"%s\"", w->overview);
        return 0;
    }
    const char *ann = srv_arg(r, "annotations");
    if (ann && strcmp(ann, "false")) {
        if (strcmp(ann, "true") == 0) {
            w->ann_duration = w->ann_distance = w->ann_speed = w->ann_nodes = 1;
        } else {
            for (const char *p = ann; *p;) {
                size_t l = strcspn(p, ",");
                if (l == 8 && strncmp(p, "duration", l) == 0)
                    w->ann_duration = 1;
                else if (l == 8 && strncmp(p, "distance", l) == 0)
                    w->ann_distance = 1;
                else if (l == 5 && strncmp(p, "speed", l) == 0)
                    w->ann_speed = 1;
                else if (l == 5 && strncmp(p, "nodes", l) == 0)
                    w->ann_nodes = 1;
                else {
                    srv_error(out, 400, "InvalidOptions", "annotations: expected true, false or "
                              "a list of duration, distance, speed, nodes; found \"%s\"", ann);
                    return 0;
                }
                p += l + (p[l] == ',');
            }
        }
    }
    return 1;
}

static void route_error(cor_status st, const cor_err *err, srv_resp *out)
{
    if (st == COR_ERR_NOROUTE)
        srv_error(out, 400, "NoRoute", "%s", err->msg);
    else
        srv_error(out, st == COR_ERR_INPUT ? 400 : 500,
                  st == COR_ERR_INPUT ? "InvalidQuery" : "InternalError", "%s", err->msg);
}

/* The corridor extension avoid=CC[,CC] on a snapshot: the countries nq never enters (an exact
 * bidirectional Dijkstra on the graph); 0 after a 400. */
static int graph_avoid(const srv_req *r, cor_navi_query *nq, srv_resp *out)
{
    const char *v = srv_arg(r, "avoid");
    if (!v || !*v)
        return 1;
    cor_route_opts o;
    cor_route_opts_default(&o);
    cor_err err;
    if (cor_route_opts_set(&o, NULL, "avoid", v, &err) != COR_OK ||
        cor_navi_query_avoid(nq, (const char(*)[3])o.avoid, o.n_avoid, &err) != COR_OK) {
        srv_error(out, 400, "InvalidOptions", "avoid: %s", err.msg);
        return 0;
    }
    return 1;
}

/* A leg between snapped points i and j on the snapshot. */
static cor_status graph_leg(const cor_navi *nv, cor_navi_query *nq, const osrm_q *q, size_t i,
                            size_t j, leg_res *l, cor_err *err)
{
    memset(l, 0, sizeof *l);
    cor_navi_path p;
    cor_status st = cor_navi_route(nq, COR_METRIC_TIME, &q->ph[i], &q->ph[j], &p, err);
    if (st == COR_OK)
        st = cor_navi_path_pieces(nv, &p, &l->shape, &l->pieces, err);
    if (st != COR_OK)
        return st;
    l->distance_m = p.distance_m;
    l->duration_s = p.duration_s;
    l->weight = p.duration_s;
    return COR_OK;
}

static double weight_of(const cor_route_opts *o, double objective)
{
    return o->minimize == COR_MIN_TIME ? objective * 3600 : objective;
}

/* A leg from a corridor route. */
static cor_status net_leg(const srv_net *sn, const cor_route_opts *o, const cor_route *rt,
                          uint32_t at, leg_res *l, cor_err *err)
{
    memset(l, 0, sizeof *l);
    if (!rt) { /* the same node twice: a leg of no length at it */
        static const cor_route none = {0};
        l->route = &none;
        const cor_node *n = cor_net_node(sn->net, at);
        l->shape.lat = malloc(sizeof(double));
        l->shape.lon = malloc(sizeof(double));
        l->shape.piece_end = calloc(1, sizeof(size_t));
        l->pieces = calloc(1, sizeof *l->pieces);
        if (!l->shape.lat || !l->shape.lon || !l->shape.piece_end || !l->pieces) {
            leg_free(l);
            return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
        }
        l->shape.lat[0] = n->lat;
        l->shape.lon[0] = n->lon;
        l->shape.n = l->shape.n_pieces = 1;
        l->pieces[0] = (cor_piece){.kind = COR_PIECE_MOVE, .mode = COR_MODE_ROAD};
        snprintf(l->pieces[0].name, sizeof l->pieces[0].name, "%s", n->name);
        return COR_OK;
    }
    cor_status st = cor_route_pieces(sn->net, rt, &l->shape, &l->pieces, err);
    if (st != COR_OK)
        return st;
    l->route = rt;
    l->distance_m = rt->km * 1000;
    l->duration_s = rt->hours * 3600;
    l->weight = weight_of(o, rt->objective);
    l->usd = rt->usd;
    return COR_OK;
}

static const char *const ROUTE_ARGS[] = {
    "alternatives", "steps", "annotations", "geometries", "overview", "continue_straight",
    "radiuses", "hints", "generate_hints", "bearings", "approaches", "exclude", "snapping",
    "skip_waypoints", "scenario", "minimize", "vot", "tonnes", "modes", "avoid", "status",
    "overlap", "via", "dwell", NULL};

/* Parses the path "/SERVICE/v1/PROFILE/COORDS" (service given with its slashes). */
static int split_path(const char *path, const char *service, osrm_q *q, const char **coords,
                      srv_resp *out)
{
    const char *p = path + strlen(service);
    const char *slash = strchr(p, '/');
    if (!slash) {
        srv_error(out, 400, "InvalidUrl", "expected %sPROFILE/COORDINATES, found %s", service,
                  path);
        return 0;
    }
    if (!parse_profile(p, (size_t)(slash - p), q)) {
        srv_error(out, 400, "InvalidOptions", "profile: expected driving, car, truck, road, rail, "
                  "train, any or multimodal, found \"%.*s\"", (int)(slash - p), p);
        return 0;
    }
    *coords = slash + 1;
    return 1;
}

/* The corridor route options of a directory, for the profile; 0 after a 400. */
static int net_opts(const srv_req *r, const srv_net *sn, const osrm_q *q, cor_route_opts *o,
                    srv_resp *out)
{
    cor_route_opts_default(o);
    o->minimize = COR_MIN_TIME;
    if (!srv_route_opts(r, sn->net, 0, o, out))
        return 0;
    o->modes &= q->modes;
    if (!o->modes) {
        srv_error(out, 400, "InvalidOptions", "modes: none of them is in the profile");
        return 0;
    }
    return 1;
}

static const srv_net *network_of(const srv_req *r, srv_resp *out)
{
    if (r->s->navi) {
        const char *sc = srv_arg(r, "scenario");
        if (sc && *sc) {
            srv_error(out, 404, "NotFound", "scenario: a snapshot has no scenarios");
            return NULL;
        }
        return &r->s->plain;
    }
    return srv_net_of(r->s, srv_arg(r, "scenario"), out);
}

/* Ends the answer's top-level object (the OSM attribution last) and sends it. */
static void finish(const srv_req *r, cor_jw *w, srv_resp *out)
{
    if (r->s->osm)
        COR_JW_KSTR(w, "attribution", COR_OSM_ATTRIBUTION);
    cor_jw_obj_end(w);
    srv_json(out, cor_jw_finish(w));
}

/* alternatives=true|false|N: the routes wanted (one and N alternatives), as OSRM counts them;
 * 0 after a 400. */
static int alternatives_arg(const srv_req *r, size_t n_coords, size_t *n_alt, srv_resp *out)
{
    const char *alts = srv_arg(r, "alternatives");
    *n_alt = 1;
    if (alts && strcmp(alts, "false") && strcmp(alts, "true")) {
        char *end;
        long k = strtol(alts, &end, 10);
        if (!*alts || *end || k < 0 || k >= COR_ROUTE_MAX_ALTERNATIVES) {
            srv_error(out, 400, "InvalidOptions", "alternatives: expected true, false or a number "
                      "from 0 to %d, found \"%s\"", COR_ROUTE_MAX_ALTERNATIVES - 1, alts);
            return 0;
        }
        *n_alt = (size_t)k + 1;
    } else if (alts && strcmp(alts, "true") == 0) {
        *n_alt = 2; /* as OSRM: one alternative unless a number is given */
    }
    if (n_coords > 2) /* as OSRM: alternatives only between two coordinates */
        *n_alt = 1;
    return 1;
}

static void do_route(const srv_req *r, srv_resp *out)
{
    osrm_q *q = calloc(1, sizeof *q);
    if (!q) {
        srv_error(out, 500, "InternalError", "out of memory");
        return;
    }
    const cor_server *s = r->s;
    const char *coords;
    const srv_net *sn;
    route_wants w;
    cor_route_opts o;
    int skip_wp;
    cor_navi_query *nq = NULL;
    cor_router *router = NULL;
    cor_route_set *sets[MAX_ROUTE_COORDS] = {0};
    leg_res *legs = NULL;
    size_t n_legs = 0; /* allocated */
    memset(&o, 0, sizeof o);
    if (!only_args(r, ROUTE_ARGS, out) || !split_path(r->path, "/route/v1/", q, &coords, out) ||
        !parse_coords(coords, 2, MAX_ROUTE_COORDS, q, out) || !general_opts(r, q, out) ||
        !route_wants_of(r, &w, out) || !bool_arg(r, "skip_waypoints", 0, &skip_wp, out) ||
        !(sn = network_of(r, out)))
        goto done;
    w.time_weight = 1;
    size_t n_alt; /* routes wanted */
    if (!alternatives_arg(r, q->n, &n_alt, out))
        goto done;
    if (!s->navi && !net_opts(r, sn, q, &o, out))
        goto done;
    if (!snap_all(r, sn, q, out))
        goto done;
    cor_err err;
    size_t n_routes = 1;
    if (s->navi) {
        /* a snapshot has one route per leg: its hierarchy gives no alternatives */
        if (!(nq = cor_navi_query_new(s->navi)) || !(legs = calloc(n_legs = q->n, sizeof *legs))) {
            srv_error(out, 500, "InternalError", "out of memory");
            goto done;
        }
        if (!graph_avoid(r, nq, out))
            goto done;
        for (size_t i = 0; i + 1 < q->n; i++) {
            cor_status st = graph_leg(s->navi, nq, q, i, i + 1, &legs[i], &err);
            if (st != COR_OK) {
                route_error(st, &err, out);
                goto done;
            }
        }
    } else {
        o.alternatives = n_alt;
        if (!(router = cor_router_new(sn->net))) {
            srv_error(out, 500, "InternalError", "out of memory");
            goto done;
        }
        n_routes = n_alt;
        for (size_t i = 0; i + 1 < q->n; i++) {
            if (q->node[i] == q->node[i + 1]) {
                n_routes = 1;
                continue;
            }
            cor_status st = cor_route_query(router, q->node[i], q->node[i + 1], &o, &sets[i], &err);
            if (st != COR_OK) {
                route_error(st, &err, out);
                goto done;
            }
            if (sets[i]->n < n_routes)
                n_routes = sets[i]->n;
        }
        if (!(legs = calloc(n_legs = q->n * n_routes, sizeof *legs))) {
            srv_error(out, 500, "InternalError", "out of memory");
            goto done;
        }
        for (size_t k = 0; k < n_routes; k++)
            for (size_t i = 0; i + 1 < q->n; i++) {
                cor_status st = net_leg(sn, &o, sets[i] ? &sets[i]->routes[k] : NULL, q->node[i],
                                        &legs[k * q->n + i], &err);
                if (st != COR_OK) {
                    route_error(st, &err, out);
                    goto done;
                }
            }
    }
    const char *wname = s->navi || o.minimize == COR_MIN_TIME ? "duration"
                                                              : cor_objective_name(o.minimize);
    cor_jw jw;
    cor_jw_init(&jw, 10);
    cor_jw_obj(&jw);
    COR_JW_KSTR(&jw, "code", "Ok");
    COR_JW_KEY(&jw, "routes");
    cor_jw_arr(&jw);
    for (size_t k = 0; k < n_routes; k++)
        route_json(&jw, s, sn, legs + k * q->n, q->n - 1, &w, wname, NAN);
    cor_jw_arr_end(&jw);
    if (!skip_wp) {
        COR_JW_KEY(&jw, "waypoints");
        cor_jw_arr(&jw);
        for (size_t i = 0; i < q->n; i++)
            waypoint(&jw, s, sn, q, i);
        cor_jw_arr_end(&jw);
    }
    finish(r, &jw, out);
done:
    for (size_t i = 0; i < n_legs; i++)
        leg_free(&legs[i]);
    free(legs);
    for (size_t i = 0; i < MAX_ROUTE_COORDS; i++)
        cor_route_set_free(sets[i]);
    cor_router_free(router);
    cor_navi_query_free(nq);
    free(q);
}

/* ---- tables ---- */

/* "all" or "i;j;..." indices below n into idx; 0 after a 400. */
static int parse_indices(const char *key, const char *s, size_t n, size_t *idx, size_t *count,
                         srv_resp *out)
{
    *count = 0;
    if (!s || strcmp(s, "all") == 0) {
        for (size_t i = 0; i < n; i++)
            idx[(*count)++] = i;
        return 1;
    }
    const char *p = s;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 0 || (size_t)v >= n || (*end && *end != ';') || *count == n) {
            srv_error(out, 400, "InvalidOptions", "%s: expected \"all\" or coordinate indices "
                      "0..%zu separated by ';', found \"%s\"", key, n - 1, s);
            return 0;
        }
        idx[(*count)++] = (size_t)v;
        p = *end ? end + 1 : end;
    }
    if (!*count) {
        srv_error(out, 400, "InvalidOptions", "%s: expected at least one index", key);
        return 0;
    }
    return 1;
}

/* Durations (s) and distances (m) of the fastest routes from q's points src[0..n_src) to
 * dst[0..n_dst), row-major, NAN for no route. The caller gives an engine: a navi query on a
 * snapshot, else a router. */
static cor_status pair_figures(cor_navi_query *nq, cor_router *router, const cor_route_opts *o,
                               const osrm_q *q, const size_t *src, size_t n_src,
                               const size_t *dst, size_t n_dst, double *dur, double *dist,
                               cor_err *err)
{
    cor_phantom ps[MAX_Q_COORDS], pd[MAX_Q_COORDS];
    uint32_t ns[MAX_Q_COORDS], nd[MAX_Q_COORDS];
    for (size_t i = 0; i < n_src; i++) {
        ps[i] = q->ph[src[i]];
        ns[i] = q->node[src[i]];
    }
    for (size_t j = 0; j < n_dst; j++) {
        pd[j] = q->ph[dst[j]];
        nd[j] = q->node[dst[j]];
    }
    return nq ? cor_navi_table(nq, COR_METRIC_TIME, ps, n_src, pd, n_dst, dur, dist, err)
              : cor_route_table(router, o, ns, n_src, nd, n_dst, dur, dist, err);
}

/* Options, snapped points and an engine for pair_figures(); 0 after an error answer. */
static int pair_engine(const srv_req *r, const srv_net *sn, osrm_q *q, cor_route_opts *o,
                       cor_navi_query **nq, cor_router **router, srv_resp *out)
{
    const cor_server *s = r->s;
    if (!s->navi) {
        if (!net_opts(r, sn, q, o, out))
            return 0;
        o->alternatives = 1;
    }
    if (!snap_all(r, sn, q, out))
        return 0;
    if (s->navi ? !(*nq = cor_navi_query_new(s->navi)) : !(*router = cor_router_new(sn->net))) {
        srv_error(out, 500, "InternalError", "out of memory");
        return 0;
    }
    return !*nq || graph_avoid(r, *nq, out);
}

static const char *const TABLE_ARGS[] = {
    "sources", "destinations", "annotations", "fallback_speed", "fallback_coordinate",
    "scale_factor", "radiuses", "hints", "generate_hints", "bearings", "approaches", "exclude",
    "snapping", "skip_waypoints", "scenario", "minimize", "vot", "tonnes", "modes", "avoid",
    "status", "overlap", "via", "dwell", NULL};

/* a duration or distance of a table; OSRM: null where there is no route */
static void figure(cor_jw *w, double v)
{
    if (isnan(v))
        cor_jw_null(w);
    else
        cor_jw_real(w, v);
}

/* "key": [[row], ...] of the n_src x n_dst figures in v */
static void matrix(cor_jw *w, const char *key, const double *v, size_t n_src, size_t n_dst)
{
    cor_jw_key(w, key);
    cor_jw_arr(w);
    for (size_t i = 0; i < n_src; i++) {
        cor_jw_arr(w);
        for (size_t j = 0; j < n_dst; j++)
            figure(w, v[i * n_dst + j]);
        cor_jw_arr_end(w);
    }
    cor_jw_arr_end(w);
}

static void do_table(const srv_req *r, srv_resp *out)
{
    osrm_q *q = calloc(1, sizeof *q);
    if (!q) {
        srv_error(out, 500, "InternalError", "out of memory");
        return;
    }
    const cor_server *s = r->s;
    const char *coords, *ann;
    const srv_net *sn;
    cor_route_opts o;
    cor_navi_query *nq = NULL;
    cor_router *router = NULL;
    double *durs = NULL, *dists = NULL;
    int skip_wp;
    memset(&o, 0, sizeof o);
    size_t src[MAX_TABLE_COORDS], dst[MAX_TABLE_COORDS], n_src, n_dst;
    if (!only_args(r, TABLE_ARGS, out) || !split_path(r->path, "/table/v1/", q, &coords, out) ||
        !parse_coords(coords, 1, MAX_TABLE_COORDS, q, out) || !general_opts(r, q, out) ||
        !bool_arg(r, "skip_waypoints", 0, &skip_wp, out) || !(sn = network_of(r, out)) ||
        !parse_indices("sources", srv_arg(r, "sources"), q->n, src, &n_src, out) ||
        !parse_indices("destinations", srv_arg(r, "destinations"), q->n, dst, &n_dst, out))
        goto done;
    if (srv_arg(r, "fallback_speed") || srv_arg(r, "fallback_coordinate") ||
        srv_arg(r, "scale_factor")) {
        srv_error(out, 400, "NotImplemented", "fallback_speed, fallback_coordinate and "
                  "scale_factor are not supported");
        goto done;
    }
    ann = srv_arg(r, "annotations");
    ann = ann ? ann : "duration";
    int want_dur = 0, want_dist = 0;
    if (strcmp(ann, "duration") == 0)
        want_dur = 1;
    else if (strcmp(ann, "distance") == 0)
        want_dist = 1;
    else if (strcmp(ann, "duration,distance") == 0 || strcmp(ann, "distance,duration") == 0)
        want_dur = want_dist = 1;
    else {
        srv_error(out, 400, "InvalidOptions", "annotations: expected duration, distance or "
                  "duration,distance, found \"%s\"", ann);
        goto done;
    }
    if (!pair_engine(r, sn, q, &o, &nq, &router, out))
        goto done;
    if (!(durs = malloc((n_src * n_dst + 1) * sizeof *durs)) ||
        !(dists = malloc((n_src * n_dst + 1) * sizeof *dists))) {
        srv_error(out, 500, "InternalError", "out of memory");
        goto done;
    }
    cor_err err;
    cor_status st = pair_figures(nq, router, &o, q, src, n_src, dst, n_dst, durs, dists, &err);
    if (st != COR_OK) {
        route_error(st, &err, out);
        goto done;
    }
    cor_jw jw;
    cor_jw_init(&jw, 10);
    cor_jw_obj(&jw);
    COR_JW_KSTR(&jw, "code", "Ok");
    if (!skip_wp) {
        COR_JW_KEY(&jw, "sources");
        cor_jw_arr(&jw);
        for (size_t i = 0; i < n_src; i++)
            waypoint(&jw, s, sn, q, src[i]);
        cor_jw_arr_end(&jw);
        COR_JW_KEY(&jw, "destinations");
        cor_jw_arr(&jw);
        for (size_t j = 0; j < n_dst; j++)
            waypoint(&jw, s, sn, q, dst[j]);
        cor_jw_arr_end(&jw);
    }
    if (want_dur)
        matrix(&jw, "durations", durs, n_src, n_dst);
    if (want_dist)
        matrix(&jw, "distances", dists, n_src, n_dst);
    finish(r, &jw, out);
done:
    free(durs);
    free(dists);
    cor_router_free(router);
    cor_navi_query_free(nq);
    free(q);
}

/* ---- nearest ---- */

static const char *const NEAREST_ARGS[] = {
    "number", "radiuses", "hints", "generate_hints", "bearings", "approaches", "exclude",
    "snapping", "skip_waypoints", "scenario", NULL};

static void do_nearest(const srv_req *r, srv_resp *out)
{
    osrm_q *q = calloc(1, sizeof *q);
    if (!q) {
        srv_error(out, 500, "InternalError", "out of memory");
        return;
    }
    const char *coords, *number = srv_arg(r, "number");
    const srv_net *sn;
    if (!only_args(r, NEAREST_ARGS, out) ||
        !split_path(r->path, "/nearest/v1/", q, &coords, out) ||
        !parse_coords(coords, 1, 1, q, out) || !general_opts(r, q, out) ||
        !(sn = network_of(r, out)))
        goto done;
    if (number && strcmp(number, "1")) {
        srv_error(out, 400, "NotImplemented", "number: only 1 is supported, found \"%s\"",
                  number);
        goto done;
    }
    if (!snap_all(r, sn, q, out))
        goto done;
    cor_jw jw;
    cor_jw_init(&jw, 10);
    cor_jw_obj(&jw);
    COR_JW_KSTR(&jw, "code", "Ok");
    COR_JW_KEY(&jw, "waypoints");
    cor_jw_arr(&jw);
    cor_jw_obj(&jw);
    waypoint_keys(&jw, r->s, sn, q, 0);
    if (r->s->navi) { /* OSRM: the ids of the segment's two ends */
        cor_graph_arc_info ai;
        cor_graph_get_arc(r->s->graph, q->ph[0].arc, &ai);
        cor_graph_node_info a, b;
        cor_graph_get_node(r->s->graph, ai.from, &a);
        cor_graph_get_node(r->s->graph, ai.to, &b);
        COR_JW_KEY(&jw, "nodes");
        cor_jw_arr(&jw);
        node_id(&jw, a.id);
        node_id(&jw, b.id);
        cor_jw_arr_end(&jw);
    }
    cor_jw_obj_end(&jw);
    cor_jw_arr_end(&jw);
    finish(r, &jw, out);
done:
    free(q);
}

/* ---- trips ---- */

static const char *const TRIP_ARGS[] = {
    "roundtrip", "source", "destination", "steps", "annotations", "geometries", "overview",
    "radiuses", "hints", "generate_hints", "bearings", "approaches", "exclude", "snapping",
    "skip_waypoints", "scenario", "minimize", "vot", "tonnes", "modes", "avoid", "status",
    "overlap", "via", "dwell", NULL};

static void do_trip(const srv_req *r, srv_resp *out)
{
    osrm_q *q = calloc(1, sizeof *q);
    if (!q) {
        srv_error(out, 500, "InternalError", "out of memory");
        return;
    }
    const cor_server *s = r->s;
    const char *coords, *src = srv_arg(r, "source"), *dst = srv_arg(r, "destination");
    const srv_net *sn;
    route_wants w;
    cor_route_opts o;
    int round, skip_wp;
    cor_navi_query *nq = NULL;
    cor_router *router = NULL;
    cor_route_set *sets[MAX_TRIP_COORDS] = {0};
    leg_res legs[MAX_TRIP_COORDS];
    size_t n_legs = 0;
    double *cost = NULL;
    memset(&o, 0, sizeof o);
    if (!only_args(r, TRIP_ARGS, out) || !split_path(r->path, "/trip/v1/", q, &coords, out) ||
        !parse_coords(coords, 2, MAX_TRIP_COORDS, q, out) || !general_opts(r, q, out) ||
        !route_wants_of(r, &w, out) || !bool_arg(r, "roundtrip", 1, &round, out) ||
        !bool_arg(r, "skip_waypoints", 0, &skip_wp, out) || !(sn = network_of(r, out)))
        goto done;
    w.time_weight = 1;
    if ((src && strcmp(src, "any") && strcmp(src, "first")) ||
        (dst && strcmp(dst, "any") && strcmp(dst, "last"))) {
        srv_error(out, 400, "InvalidOptions", "source: expected any or first; destination: "
                  "expected any or last");
        goto done;
    }
    uint32_t start = src && strcmp(src, "first") == 0 ? 0 : COR_NAVI_NONE;
    uint32_t end = dst && strcmp(dst, "last") == 0 ? (uint32_t)q->n - 1 : COR_NAVI_NONE;
    if (!round && start == COR_NAVI_NONE && end == COR_NAVI_NONE) {
        srv_error(out, 400, "NotImplemented", "roundtrip=false needs source=first or "
                  "destination=last (as OSRM)");
        goto done;
    }
    if (!pair_engine(r, sn, q, &o, &nq, &router, out))
        goto done;
    size_t n = q->n;
    cor_err err;
    if (!(cost = malloc(n * n * sizeof *cost))) {
        srv_error(out, 500, "InternalError", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double d, k;
            cor_status st = i == j ? COR_OK
                                   : pair_figures(nq, router, &o, q, &i, 1, &j, 1, &d, &k, &err);
            if (st != COR_OK) {
                route_error(st, &err, out);
                goto done;
            }
            cost[i * n + j] = i == j ? 0 : isnan(d) ? INFINITY : d;
        }
    uint32_t order[MAX_TRIP_COORDS];
    double total;
    cor_status st = cor_trip_order(cost, n, round, start, end, order, &total, &err);
    if (st != COR_OK) {
        route_error(st, &err, out);
        goto done;
    }
    size_t stops = round ? n + 1 : n;
    for (size_t k = 0; k + 1 < stops; k++) {
        size_t i = order[k], j = order[(k + 1) % n];
        if (s->navi) {
            st = graph_leg(s->navi, nq, q, i, j, &legs[n_legs], &err);
        } else {
            st = COR_OK;
            if (q->node[i] != q->node[j])
                st = cor_route_query(router, q->node[i], q->node[j], &o, &sets[k], &err);
            if (st == COR_OK)
                st = net_leg(sn, &o, sets[k] ? &sets[k]->routes[0] : NULL, q->node[i],
                             &legs[n_legs], &err);
        }
        if (st != COR_OK) {
            route_error(st, &err, out);
            goto done;
        }
        n_legs++;
    }
    cor_jw jw;
    cor_jw_init(&jw, 10);
    cor_jw_obj(&jw);
    COR_JW_KSTR(&jw, "code", "Ok");
    COR_JW_KEY(&jw, "trips");
    cor_jw_arr(&jw);
    route_json(&jw, s, sn, legs, n_legs, &w, "duration", NAN);
    cor_jw_arr_end(&jw);
    if (!skip_wp) {
        COR_JW_KEY(&jw, "waypoints");
        cor_jw_arr(&jw);
        for (size_t i = 0; i < n; i++) {
            size_t pos = 0;
            while (order[pos] != i)
                pos++;
            cor_jw_obj(&jw);
            waypoint_keys(&jw, s, sn, q, i);
            COR_JW_KINT(&jw, "waypoint_index", (long long)pos);
            COR_JW_KINT(&jw, "trips_index", 0);
            cor_jw_obj_end(&jw);
        }
        cor_jw_arr_end(&jw);
    }
    finish(r, &jw, out);
done:
    for (size_t i = 0; i < n_legs; i++)
        leg_free(&legs[i]);
    for (size_t i = 0; i < MAX_TRIP_COORDS; i++)
        cor_route_set_free(sets[i]);
    free(cost);
    cor_router_free(router);
    cor_navi_query_free(nq);
    free(q);
}

/* ---- map matching ---- */

#define TIDY_M 15.0 /* tidy=true: a point this close to the last point kept is left out */

static const char *const MATCH_ARGS[] = {
    "timestamps", "gaps", "tidy", "waypoints", "steps", "annotations", "geometries", "overview",
    "radiuses", "hints", "generate_hints", "bearings", "approaches", "exclude", "snapping",
    "skip_waypoints", NULL};

/* timestamps, gaps, tidy and the radiuses as GPS standard deviations; 0 after a 400. */
static int match_opts_of(const srv_req *r, const osrm_q *q, double *time_s, double *sigma,
                         cor_match_opts *mo, int *tidy, srv_resp *out)
{
    const char *ts = srv_arg(r, "timestamps"), *gaps = srv_arg(r, "gaps"),
               *wps = srv_arg(r, "waypoints");
    memset(mo, 0, sizeof *mo);
    if (!bool_arg(r, "tidy", 0, tidy, out))
        return 0;
    if (wps && *wps) {
        srv_error(out, 400, "NotImplemented", "waypoints: not supported, every matched point "
                  "is a waypoint");
        return 0;
    }
    if (gaps && strcmp(gaps, "split") && strcmp(gaps, "ignore")) {
        srv_error(out, 400, "InvalidOptions", "gaps: expected split or ignore, found \"%s\"",
                  gaps);
        return 0;
    }
    mo->split_gaps = !gaps || strcmp(gaps, "split") == 0;
    for (size_t i = 0; i < q->n; i++) {
        if (!(q->radius[i] <= MAX_MATCH_SIGMA_M)) {
            srv_error(out, 400, "InvalidOptions", "radiuses: expected metres from 0 to %g for "
                      "match, found %g (coordinate %zu)", MAX_MATCH_SIGMA_M, q->radius[i], i);
            return 0;
        }
        sigma[i] = q->radius[i];
    }
    mo->sigma_m = sigma;
    if (!ts)
        return 1;
    size_t i = 0;
    for (const char *p = ts; i < q->n; i++) {
        char *end;
        time_s[i] = strtod(p, &end);
        if (end == p || !isfinite(time_s[i]) || (i && time_s[i] < time_s[i - 1]) ||
            (*end != ';' && *end) || (!*end) != (i + 1 == q->n))
            break;
        p = end + 1;
    }
    if (i == q->n) {
        mo->time_s = time_s;
        return 1;
    }
    srv_error(out, 400, "InvalidOptions", "timestamps: expected %zu seconds separated by ';', "
              "never decreasing, found \"%.80s\"", q->n, ts);
    return 0;
}

/* The points matched (tidy leaves out those within TIDY_M of the last point kept): their
 * original indices in idx, how many as the result. */
static size_t match_points(const osrm_q *q, int tidy, size_t *idx)
{
    size_t m = 0;
    for (size_t i = 0; i < q->n; i++) {
        size_t last = m ? idx[m - 1] : 0;
        if (!tidy || !m ||
            cor_haversine_km(q->lat[last], q->lon[last], q->lat[i], q->lon[i]) * 1000 >= TIDY_M)
            idx[m++] = i;
    }
    return m;
}

typedef struct match_run {
    size_t idx[MAX_MATCH_COORDS]; /* the points given to the matcher: their query indices */
    size_t n;
    double time_in[MAX_MATCH_COORDS], sigma_in[MAX_MATCH_COORDS]; /* per query point */
    double lat[MAX_MATCH_COORDS], lon[MAX_MATCH_COORDS], time_s[MAX_MATCH_COORDS],
           sigma[MAX_MATCH_COORDS]; /* per point given to the matcher */
    cor_match_result res;
    leg_res legs[MAX_MATCH_COORDS];
    size_t n_legs, first_leg[MAX_MATCH_COORDS + 1]; /* matching k: legs first_leg[k]..[k+1] */
} match_run;

/* Runs the matcher on the points of mr->idx and routes the legs between consecutive matched
 * points of each matching (q->ph gets the points matched). */
static cor_status match_legs(const cor_navi *nv, cor_navi_query *nq, osrm_q *q,
                             const cor_match_opts *mo, match_run *mr, cor_err *err)
{
    cor_match_opts o = *mo;
    for (size_t k = 0; k < mr->n; k++) {
        size_t i = mr->idx[k];
        mr->lat[k] = q->lat[i];
        mr->lon[k] = q->lon[i];
        mr->sigma[k] = mo->sigma_m[i];
        if (mo->time_s)
            mr->time_s[k] = mo->time_s[i];
    }
    o.sigma_m = mr->sigma;
    o.time_s = mo->time_s ? mr->time_s : NULL;
    cor_status st = cor_match(nq, mr->lat, mr->lon, mr->n, &o, &mr->res, err);
    for (size_t m = 0; st == COR_OK && m < mr->res.n_matchings; m++) {
        mr->first_leg[m] = mr->n_legs;
        size_t prev = SIZE_MAX;
        for (size_t k = 0; st == COR_OK && k < mr->n; k++) {
            if (mr->res.pt[k].matching != m)
                continue;
            size_t i = mr->idx[k];
            q->ph[i] = mr->res.pt[k].ph;
            q->snap_m[i] = q->ph[i].dist_m;
            if (prev != SIZE_MAX)
                st = graph_leg(nv, nq, q, prev, i, &mr->legs[mr->n_legs++], err);
            prev = i;
        }
    }
    mr->first_leg[mr->res.n_matchings] = mr->n_legs;
    return st;
}

/* OSRM's match answer: matchings[] (routes with a confidence) and tracepoints[] (null for a
 * point not matched). */
static void match_json(const srv_req *r, const osrm_q *q, const match_run *mr,
                       const route_wants *w, int skip_wp, srv_resp *out)
{
    const cor_server *s = r->s;
    cor_jw jw;
    cor_jw_init(&jw, 10);
    cor_jw_obj(&jw);
    COR_JW_KSTR(&jw, "code", "Ok");
    COR_JW_KEY(&jw, "matchings");
    cor_jw_arr(&jw);
    for (size_t m = 0; m < mr->res.n_matchings; m++)
        route_json(&jw, s, &s->plain, (leg_res *)mr->legs + mr->first_leg[m],
                   mr->first_leg[m + 1] - mr->first_leg[m], w, "duration",
                   mr->res.confidence[m]);
    cor_jw_arr_end(&jw);
    if (!skip_wp) {
        COR_JW_KEY(&jw, "tracepoints");
        cor_jw_arr(&jw);
        size_t k = 0, wp[MAX_MATCH_COORDS] = {0}; /* waypoints so far per matching */
        for (size_t i = 0; i < q->n; i++) {
            while (k < mr->n && mr->idx[k] < i)
                k++;
            const cor_match_point *pt = k < mr->n && mr->idx[k] == i ? &mr->res.pt[k] : NULL;
            if (!pt || pt->matching == COR_NAVI_NONE) {
                cor_jw_null(&jw);
                continue;
            }
            cor_jw_obj(&jw);
            waypoint_keys(&jw, s, &s->plain, q, i);
            COR_JW_KINT(&jw, "matchings_index", (long long)pt->matching);
            COR_JW_KINT(&jw, "waypoint_index", (long long)wp[pt->matching]++);
            COR_JW_KINT(&jw, "alternatives_count", (long long)pt->alternatives);
            cor_jw_obj_end(&jw);
        }
        cor_jw_arr_end(&jw);
    }
    finish(r, &jw, out);
}

static void do_match(const srv_req *r, srv_resp *out)
{
    osrm_q *q = calloc(1, sizeof *q);
    match_run *mr = calloc(1, sizeof *mr);
    cor_navi_query *nq = NULL;
    if (!q || !mr) {
        srv_error(out, 500, "InternalError", "out of memory");
        goto done;
    }
    q->default_radius = COR_MATCH_SIGMA_M;
    const char *coords;
    route_wants w;
    cor_match_opts mo;
    int tidy, skip_wp;
    if (!only_args(r, MATCH_ARGS, out) || !split_path(r->path, "/match/v1/", q, &coords, out) ||
        !parse_coords(coords, 2, MAX_MATCH_COORDS, q, out) || !general_opts(r, q, out) ||
        !route_wants_of(r, &w, out) || !bool_arg(r, "skip_waypoints", 0, &skip_wp, out) ||
        !match_opts_of(r, q, mr->time_in, mr->sigma_in, &mo, &tidy, out))
        goto done;
    if (!r->s->navi) {
        srv_error(out, 400, "NotImplemented", "match: needs a snapshot (corridor build), this "
                  "server serves a network directory");
        goto done;
    }
    w.time_weight = 1;
    mr->n = match_points(q, tidy, mr->idx);
    if (!(nq = cor_navi_query_new(r->s->navi))) {
        srv_error(out, 500, "InternalError", "out of memory");
        goto done;
    }
    cor_err err;
    cor_status st = mr->n < 2 ? cor_err_set(&err, COR_ERR_INPUT, "tidy: fewer than 2 points "
                                            "left, at least %g m apart", TIDY_M)
                              : match_legs(r->s->navi, nq, q, &mo, mr, &err);
    if (st != COR_OK)
        route_error(st, &err, out);
    else if (mr->res.n_matchings == 0)
        srv_error(out, 400, "NoMatch", "no two consecutive points could be matched to the "
                  "network");
    else
        match_json(r, q, mr, &w, skip_wp, out);
done:
    if (mr) {
        for (size_t i = 0; i < mr->n_legs; i++)
            leg_free(&mr->legs[i]);
        cor_match_result_free(&mr->res);
    }
    free(mr);
    cor_navi_query_free(nq);
    free(q);
}

void srv_osrm(const srv_req *r, srv_resp *out)
{
    if (strncmp(r->path, "/route/v1/", 10) == 0)
        do_route(r, out);
    else if (strncmp(r->path, "/table/v1/", 10) == 0)
        do_table(r, out);
    else if (strncmp(r->path, "/nearest/v1/", 12) == 0)
        do_nearest(r, out);
    else if (strncmp(r->path, "/trip/v1/", 9) == 0)
        do_trip(r, out);
    else if (strncmp(r->path, "/match/v1/", 10) == 0)
        do_match(r, out);
    else
        srv_error(out, 400, "NotImplemented", "the %.*s service is not implemented (corridor "
                  "answers route, table, nearest, trip and match)",
                  (int)strcspn(r->path + 1, "/"), r->path + 1);
}
