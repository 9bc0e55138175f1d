/* The OSRM-compatible endpoints (/route/v1, /table/v1; OSRM HTTP API v5): coordinates are
 * snapped to the nearest node of the profile's modes, then routed by the corridor router. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_int.h"
#include "util/grow.h"

#define JSON_FLAGS (JSON_REAL_PRECISION(10) | JSON_COMPACT)
#define MAX_ROUTE_COORDS 10
#define MAX_TABLE_COORDS 50

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

typedef struct osrm_q {
    int snap;                /* SRV_SNAP_* */
    unsigned modes;
    size_t n;
    double lat[MAX_TABLE_COORDS], lon[MAX_TABLE_COORDS];
    uint32_t node[MAX_TABLE_COORDS];
    double snap_km[MAX_TABLE_COORDS];
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

/* "lon,lat;lon,lat;..." into q; 0 after a 400. */
static int parse_coords(const char *s, size_t max, osrm_q *q, srv_resp *out)
{
    q->n = 0;
    const char *p = s;
    while (*p) {
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
        if (end == p || (*end && *end != ';'))
            goto bad;
        if (!isfinite(lat) || !isfinite(lon) || lat < -90 || lat > 90 || lon < -180 ||
            lon > 180) {
            srv_error(out, 400, "InvalidQuery", "coordinates: expected longitude -180..180 and "
                      "latitude -90..90, found %g,%g (coordinate %zu)", lon, lat, q->n);
            return 0;
        }
        q->lon[q->n] = lon;
        q->lat[q->n++] = lat;
        p = *end ? end + 1 : end;
        if (*end && !*p)
            goto bad;
    }
    if (q->n < 2) {
        srv_error(out, 400, "InvalidQuery", "coordinates: expected at least two lon,lat pairs "
                  "separated by ';', found %zu", q->n);
        return 0;
    }
    return 1;
bad:
    srv_error(out, 400, "InvalidQuery", "coordinates: expected lon,lat pairs separated by ';', "
              "found \"%.80s\"", s);
    return 0;
}

static int snap_all(const srv_net *sn, osrm_q *q, srv_resp *out)
{
    for (size_t i = 0; i < q->n; i++) {
        cor_err err;
        if (cor_snap_nearest(sn->snap[q->snap], q->lat[i], q->lon[i], &q->node[i], &q->snap_km[i],
                             &err) != COR_OK) {
            srv_error(out, 400, "NoSegment", "coordinate %zu: %s", i, err.msg);
            return 0;
        }
    }
    return 1;
}

static json_t *waypoint(const cor_net *net, const osrm_q *q, size_t i)
{
    const cor_node *n = cor_net_node(net, q->node[i]);
    return json_pack("{s:s, s:s, s:s, s:f, s:[f,f]}", "hint", "", "name", n->name, "node", n->id,
                     "distance", q->snap_km[i] * 1000, "location", n->lon, n->lat);
}

/* Splits "/route/v1/PROFILE/COORDS" into the profile and the coordinates; 0 after a 400. */
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

static void add_geometry(json_t *route, const cor_net *net, const double *lat, const double *lon,
                         size_t n, const char *geometries)
{
    if (strcmp(geometries, "geojson") == 0) {
        json_t *c = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(c, json_pack("[f,f]", lon[i], lat[i]));
        json_object_set_new(route, "geometry",
                            json_pack("{s:s, s:o}", "type", "LineString", "coordinates", c));
    } else {
        char *s = cor_polyline_encode(lat, lon, n, strcmp(geometries, "polyline6") == 0 ? 6 : 5);
        json_object_set_new(route, "geometry", s ? json_string(s) : json_null());
        free(s);
    }
}

typedef struct leg_sum {
    double km, hours, objective;
} leg_sum;

static double weight_of(const cor_route_opts *o, double objective)
{
    return o->minimize == COR_MIN_TIME ? objective * 3600 : objective;
}

static void do_route(const srv_req *r, srv_resp *out)
{
    osrm_q q;
    const char *coords;
    if (!split_path(r->path, "/route/v1/", &q, &coords, out) ||
        !parse_coords(coords, MAX_ROUTE_COORDS, &q, out))
        return;
    const srv_net *sn = srv_net_of(r->s, srv_arg(r, "scenario"), out);
    if (!sn)
        return;
    const char *geometries = srv_arg(r, "geometries"), *overview = srv_arg(r, "overview"),
               *steps = srv_arg(r, "steps"), *alts = srv_arg(r, "alternatives");
    geometries = geometries ? geometries : "polyline";
    overview = overview ? overview : "simplified";
    if (strcmp(geometries, "geojson") && strcmp(geometries, "polyline") &&
        strcmp(geometries, "polyline6")) {
        srv_error(out, 400, "InvalidOptions",
                  "geometries: expected geojson, polyline or polyline6, found \"%s\"", geometries);
        return;
    }
    if (strcmp(overview, "full") && strcmp(overview, "simplified") && strcmp(overview, "false")) {
        srv_error(out, 400, "InvalidOptions",
                  "overview: expected full, simplified or false, found \"%s\"", overview);
        return;
    }
    if (steps && strcmp(steps, "false")) {
        srv_error(out, 400, steps && strcmp(steps, "true") == 0 ? "NotImplemented"
                                                                : "InvalidOptions",
                  "steps: only steps=false is supported, found \"%s\"", steps);
        return;
    }
    cor_route_opts o;
    cor_route_opts_default(&o);
    o.minimize = COR_MIN_TIME;
    if (!srv_route_opts(r, sn->net, &o, out))
        return;
    o.modes &= q.modes;
    if (!o.modes) {
        srv_error(out, 400, "InvalidOptions", "modes: none of them is in the profile");
        return;
    }
    if (alts && strcmp(alts, "false") && strcmp(alts, "true")) {
        char *end;
        long k = strtol(alts, &end, 10);
        if (!*alts || *end || k < 0 || k >= COR_ROUTE_MAX_ALTERNATIVES) {
            srv_error(out, 400, "InvalidOptions", "alternatives: expected true, false or a number "
                      "from 0 to %d, found \"%s\"", COR_ROUTE_MAX_ALTERNATIVES - 1, alts);
            return;
        }
        o.alternatives = (size_t)k + 1;
    } else if (alts && strcmp(alts, "true") == 0) {
        o.alternatives = 3;
    }
    if (q.n > 2) /* as OSRM: alternatives only between two coordinates */
        o.alternatives = 1;
    if (!snap_all(sn, &q, out))
        return;
    cor_router *router = cor_router_new(sn->net);
    cor_route_set *sets[MAX_ROUTE_COORDS] = {0};
    if (!router) {
        srv_error(out, 500, "InternalError", "out of memory");
        return;
    }
    size_t n_routes = o.alternatives;
    for (size_t i = 0; i + 1 < q.n; i++) {
        if (q.node[i] == q.node[i + 1]) {
            n_routes = 1;
            continue;
        }
        cor_err err;
        cor_status st = cor_route_query(router, q.node[i], q.node[i + 1], &o, &sets[i], &err);
        if (st != COR_OK) {
            if (st == COR_ERR_NOROUTE)
                srv_error(out, 400, "NoRoute", "%s", err.msg);
            else
                srv_error(out, st == COR_ERR_INPUT ? 400 : 500,
                          st == COR_ERR_INPUT ? "InvalidQuery" : "InternalError", "%s", err.msg);
            goto done;
        }
        if (sets[i]->n < n_routes)
            n_routes = sets[i]->n;
    }
    json_t *routes = json_array(), *waypoints = json_array();
    for (size_t k = 0; k < n_routes; k++) {
        json_t *legs = json_array();
        size_t cap = 2 * q.n + 2, n_pts = 0;
        for (size_t i = 0; i + 1 < q.n; i++)
            cap += sets[i] ? sets[i]->routes[k].n_steps : 0;
        double *lat = malloc(cap * sizeof *lat), *lon = malloc(cap * sizeof *lon);
        leg_sum total = {0, 0, 0};
        for (size_t i = 0; i + 1 < q.n && lat && lon; i++) {
            const cor_route *rt = sets[i] ? &sets[i]->routes[k] : NULL;
            leg_sum leg = {0, 0, 0};
            const cor_node *a = cor_net_node(sn->net, q.node[i]);
            if (n_pts == 0 || lat[n_pts - 1] != a->lat || lon[n_pts - 1] != a->lon) {
                lat[n_pts] = a->lat;
                lon[n_pts++] = a->lon;
            }
            json_t *summary = json_array();
            if (rt) {
                leg = (leg_sum){rt->km, rt->hours, rt->objective};
                for (size_t j = 0; j < rt->n_steps; j++) {
                    if (rt->steps[j].kind != COR_STEP_LINK)
                        continue;
                    const cor_node *b = cor_net_node(sn->net, rt->steps[j].to);
                    lat[n_pts] = b->lat;
                    lon[n_pts++] = b->lon;
                }
                for (size_t j = 0; j < rt->n_countries; j++)
                    json_array_append_new(summary, json_string(rt->countries[j]));
            }
            total.km += leg.km;
            total.hours += leg.hours;
            total.objective += leg.objective;
            char sum[256] = "";
            for (size_t j = 0; j < json_array_size(summary); j++) {
                size_t l = strlen(sum);
                snprintf(sum + l, sizeof sum - l, "%s%s", j ? ", " : "",
                         json_string_value(json_array_get(summary, j)));
            }
            json_decref(summary);
            json_array_append_new(
                legs, json_pack("{s:f, s:f, s:f, s:s, s:[], s:f}", "distance", leg.km * 1000,
                                "duration", leg.hours * 3600, "weight",
                                weight_of(&o, leg.objective), "summary", sum, "steps", "usd",
                                rt ? rt->usd : 0.0));
        }
        json_t *route = json_pack("{s:f, s:f, s:f, s:s, s:o}", "distance", total.km * 1000,
                                  "duration", total.hours * 3600, "weight",
                                  weight_of(&o, total.objective), "weight_name",
                                  o.minimize == COR_MIN_TIME ? "duration"
                                                             : cor_objective_name(o.minimize),
                                  "legs", legs);
        if (route && lat && lon && strcmp(overview, "false"))
            add_geometry(route, sn->net, lat, lon, n_pts, geometries);
        free(lat);
        free(lon);
        json_array_append_new(routes, route);
    }
    for (size_t i = 0; i < q.n; i++)
        json_array_append_new(waypoints, waypoint(sn->net, &q, i));
    json_t *top = json_pack("{s:s, s:o, s:o}", "code", "Ok", "routes", routes, "waypoints",
                            waypoints);
    srv_json(out, top ? json_dumps(top, JSON_FLAGS) : NULL);
    json_decref(top);
done:
    for (size_t i = 0; i < MAX_ROUTE_COORDS; i++)
        cor_route_set_free(sets[i]);
    cor_router_free(router);
}

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

static void do_table(const srv_req *r, srv_resp *out)
{
    osrm_q q;
    const char *coords;
    if (!split_path(r->path, "/table/v1/", &q, &coords, out) ||
        !parse_coords(coords, MAX_TABLE_COORDS, &q, out))
        return;
    const srv_net *sn = srv_net_of(r->s, srv_arg(r, "scenario"), out);
    if (!sn)
        return;
    size_t src[MAX_TABLE_COORDS], dst[MAX_TABLE_COORDS], n_src, n_dst;
    if (!parse_indices("sources", srv_arg(r, "sources"), q.n, src, &n_src, out) ||
        !parse_indices("destinations", srv_arg(r, "destinations"), q.n, dst, &n_dst, out))
        return;
    const char *ann = srv_arg(r, "annotations");
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
        return;
    }
    cor_route_opts o;
    cor_route_opts_default(&o);
    o.minimize = COR_MIN_TIME;
    if (!srv_route_opts(r, sn->net, &o, out))
        return;
    o.modes &= q.modes;
    o.alternatives = 1;
    if (!o.modes) {
        srv_error(out, 400, "InvalidOptions", "modes: none of them is in the profile");
        return;
    }
    if (!snap_all(sn, &q, out))
        return;
    cor_router *router = cor_router_new(sn->net);
    if (!router) {
        srv_error(out, 500, "InternalError", "out of memory");
        return;
    }
    json_t *durs = json_array(), *dists = json_array(), *sources = json_array(),
           *dests = json_array();
    for (size_t i = 0; i < n_src; i++) {
        json_t *drow = json_array(), *krow = json_array();
        for (size_t j = 0; j < n_dst; j++) {
            uint32_t a = q.node[src[i]], b = q.node[dst[j]];
            if (a == b) {
                json_array_append_new(drow, json_real(0));
                json_array_append_new(krow, json_real(0));
                continue;
            }
            cor_route_set *set = NULL;
            if (cor_route_query(router, a, b, &o, &set, NULL) == COR_OK) {
                json_array_append_new(drow, json_real(set->routes[0].hours * 3600));
                json_array_append_new(krow, json_real(set->routes[0].km * 1000));
            } else { /* OSRM: null where there is no route */
                json_array_append_new(drow, json_null());
                json_array_append_new(krow, json_null());
            }
            cor_route_set_free(set);
        }
        json_array_append_new(durs, drow);
        json_array_append_new(dists, krow);
    }
    cor_router_free(router);
    for (size_t i = 0; i < n_src; i++)
        json_array_append_new(sources, waypoint(sn->net, &q, src[i]));
    for (size_t j = 0; j < n_dst; j++)
        json_array_append_new(dests, waypoint(sn->net, &q, dst[j]));
    json_t *top = json_pack("{s:s, s:o, s:o}", "code", "Ok", "sources", sources, "destinations",
                            dests);
    if (top && want_dur)
        json_object_set(top, "durations", durs);
    if (top && want_dist)
        json_object_set(top, "distances", dists);
    json_decref(durs);
    json_decref(dists);
    srv_json(out, top ? json_dumps(top, JSON_FLAGS) : NULL);
    json_decref(top);
}

void srv_osrm(const srv_req *r, srv_resp *out)
{
    if (strncmp(r->path, "/route/v1/", 10) == 0)
        do_route(r, out);
    else
        do_table(r, out);
}
