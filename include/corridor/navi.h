/*
 * corridor: what a turn-by-turn client needs from a route (the OSRM v5 HTTP API's model):
 * snapping a coordinate to the nearest point of a link of a cor_graph, preferring the big
 * strongly connected component; routes between such points on the hierarchy; the route's shape
 * along the link geometry and its Douglas-Peucker simplification; steps with maneuvers
 * (also for routes of the named-node router, where border crossings and transfers become
 * notification steps); and the order of a round trip (/trip). docs/server.md describes them.
 */
#ifndef CORRIDOR_NAVI_H
#define CORRIDOR_NAVI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corridor/ch.h"
#include "corridor/diag.h"
#include "corridor/route.h"

#define COR_NAVI_NONE UINT32_MAX
/* A strongly connected component of at least this many nodes (or the largest one, when all
 * are smaller) is "big": snapping prefers it, as OSRM does with its tiny components. */
#define COR_NAVI_BIG_COMPONENT 1000

/* The segment index of a graph and its strongly connected components. Read-only once built:
 * any number of threads may snap with one index. The graph must outlive it. */
typedef struct cor_navi cor_navi;

/* Builds the index. COR_ERR_NOMEM, COR_ERR_NOTFOUND for a graph without arcs. */
cor_status cor_navi_new(const cor_graph *g, cor_navi **out, cor_err *err);
void cor_navi_free(cor_navi *nv); /* NULL does nothing */
const cor_graph *cor_navi_graph(const cor_navi *nv);

/* A point on an arc of the graph (OSRM's "phantom node"). */
typedef struct cor_phantom {
    uint32_t arc;          /* the arc it lies on */
    uint32_t twin;         /* the arc of the same link the other way, or COR_NAVI_NONE */
    double frac;           /* position along arc's shape, by length: 0 at its from node, 1 at
                              its to node */
    double lat, lon;       /* the point, degrees */
    double dist_m;         /* great-circle distance from the coordinate snapped, metres */
    double bearing;        /* of the arc's segment at the point, degrees clockwise from north */
    uint32_t component;    /* nodes in the strongly connected component of the arc's ends */
} cor_phantom;

/* The nearest point of a link to (lat, lon) (nearest under the equirectangular projection at
 * the graph's mean latitude, distance then measured by haversine). When that point lies in a small component and a
 * point of a big component lies within max_m, the latter is taken. COR_ERR_INPUT for a
 * coordinate out of range; COR_ERR_NOTFOUND when no link lies within max_m metres (INFINITY:
 * no limit), err then giving the nearest distance. */
cor_status cor_navi_snap(const cor_navi *nv, double lat, double lon, double max_m,
                         cor_phantom *out, cor_err *err);

/* The phantom at fraction frac (0..1, by length along the shape) of arc `arc`, as
 * cor_navi_snap() gives it for a point of that arc (dist_m 0): how a hint is taken back.
 * COR_ERR_INPUT for an arc out of range or frac outside 0..1. */
cor_status cor_navi_phantom_at(const cor_navi *nv, uint32_t arc, double frac, cor_phantom *out,
                               cor_err *err);

/* Every link with a point within radius_m metres of (lat, lon), as the phantom of its nearest
 * point (one per link: an arc or its twin), nearest first, at most max (and at most 64) of
 * them in out[]. Returns how many; 0 also for a coordinate out of range or a radius not
 * finite. */
size_t cor_navi_candidates(const cor_navi *nv, double lat, double lon, double radius_m,
                           cor_phantom *out, size_t max);

/* A route between two phantoms: arcs[0] is entered at from_frac of it, arcs[n - 1] left at
 * to_frac (a route on one arc has n_arcs 1). Figures are those of the arcs, partial arcs pro
 * rata, plus the whole dwell of each border crossing passed: a stretch of a crossing's arc
 * passes it when it passes the arc's middle (a whole arc does). */
typedef struct cor_navi_path {
    const uint32_t *arcs;  /* belongs to the query that found it, valid until its next route */
    size_t n_arcs;
    double from_frac, to_frac;
    double distance_m, duration_s, weight; /* weight: seconds or metres, by the metric */
} cor_navi_path;

typedef struct cor_navi_query cor_navi_query;
cor_navi_query *cor_navi_query_new(const cor_navi *nv); /* NULL when out of memory */
void cor_navi_query_free(cor_navi_query *q);            /* NULL does nothing */

/* Countries the next routes of q never enter (cor_gquery_avoid(): routes then run by
 * bidirectional Dijkstra, not the hierarchy): a way out of the start or into the end that
 * reaches a node of one is not taken, and a phantom lying in one (the country of its link's
 * end on its side of the middle) is refused by cor_navi_route() with COR_ERR_INPUT naming it.
 * n = 0 lifts it. COR_ERR_INPUT as cor_gquery_avoid() (q then unchanged). */
cor_status cor_navi_query_avoid(cor_navi_query *q, const char (*countries)[3], size_t n,
                                cor_err *err);

/* The least-weight route from a to b under metric m (with the hierarchy when the graph has
 * it and no country is avoided, else bidirectional Dijkstra): both ways along each phantom's
 * link where its arcs allow. COR_ERR_NOROUTE when b cannot be reached, COR_ERR_NOMEM. */
cor_status cor_navi_route(cor_navi_query *q, cor_metric m, const cor_phantom *a,
                          const cor_phantom *b, cor_navi_path *out, cor_err *err);

/* Durations (s) and distances (m) of the routes cor_navi_route() finds under metric m from each
 * of the n_src phantoms src to each of the n_dst phantoms dst, row-major (n_src x n_dst) into
 * dur_s and dist_m, NAN where there is none: the server's /table. An error other than
 * COR_ERR_NOROUTE stops it (the first in row-major order) and is returned. */
cor_status cor_navi_table(cor_navi_query *q, cor_metric m, const cor_phantom *src, size_t n_src,
                          const cor_phantom *dst, size_t n_dst, double *dur_s, double *dist_m,
                          cor_err *err);

/* Points of a line (degrees) and, for each piece of it, the index of its last point. */
typedef struct cor_shape {
    double *lat, *lon;
    size_t n;
    size_t *piece_end;     /* n_pieces entries: piece i spans points piece_end[i - 1] (0 for
                              i = 0) to piece_end[i], both included */
    size_t n_pieces;
} cor_shape;
void cor_shape_free(cor_shape *s); /* frees the arrays; the struct itself is the caller's */

/* The shape of a path along the arcs' geometry, one piece per arc, repeated points dropped.
 * COR_ERR_NOMEM (out is then empty). */
cor_status cor_navi_path_shape(const cor_navi *nv, const cor_navi_path *p, cor_shape *out,
                               cor_err *err);

/* Douglas-Peucker (Douglas and Peucker 1973) with tolerance tol_m metres (distances under the
 * equirectangular projection at each segment's latitude): keep[i] is set to 1 for the points
 * kept (always the first and last), 0 otherwise. Returns how many are kept. */
size_t cor_simplify(const double *lat, const double *lon, size_t n, double tol_m,
                    unsigned char *keep);
/* The tolerance OSRM's overview=simplified uses in spirit: one pixel (256-pixel Web Mercator
 * tiles) at the largest zoom level (0..18) at which the bounding box of the points fits in
 * 512 x 512 pixels. */
double cor_simplify_tolerance_m(const double *lat, const double *lon, size_t n);

/* Great-circle initial bearing from point 1 to point 2, degrees 0..360 clockwise from north. */
double cor_bearing_deg(double lat1, double lon1, double lat2, double lon2);

/* ---- steps ---- */

typedef enum cor_piece_kind {
    COR_PIECE_MOVE,        /* travel along the shape */
    COR_PIECE_BORDER,      /* a border crossing at one point (dwell, fee) */
    COR_PIECE_TRANSFER     /* a mode or gauge change at one point */
} cor_piece_kind;

/* One stretch of a route, in order: an arc, a link, or a stop at a border or transfer. */
typedef struct cor_piece {
    cor_piece_kind kind;
    char name[128];        /* street or link name, what a stop is ("" when unknown) */
    cor_mode mode;         /* a transfer: the mode taken */
    double distance_m, duration_s, usd;
    bool choice;           /* at its start, the route could have gone another way (a junction
                              with another exit): a change of direction there is a maneuver */
    bool roundabout;       /* a stretch of a roundabout */
    uint32_t exits;        /* a roundabout's: the ways out of it at its start (roads leaving
                              the roundabout there) */
    uint32_t record;       /* the caller's record (arc, link, border or transfer index) */
} cor_piece;

/* One step as OSRM v5 defines it (RouteStep): maneuver type and modifier, the stretch it
 * covers. A step of a border or transfer piece has type "notification" (and its piece). */
typedef struct cor_step_out {
    const char *type;      /* depart, turn, new name, continue, roundabout, rotary (a named
                              roundabout), exit roundabout, exit rotary, notification, arrive */
    const char *modifier;  /* uturn, sharp right, right, slight right, straight, slight left,
                              left, sharp left */
    double lat, lon;       /* the maneuver's location */
    int bearing_before, bearing_after; /* degrees 0..359 (0 before a depart, after an arrive) */
    size_t first_pt, last_pt; /* its points in the shape, both included */
    double distance_m, duration_s;
    const char *name;      /* its first piece's name (the pieces own it) */
    cor_mode mode;
    size_t piece;          /* the first piece it covers */
    unsigned exit;         /* roundabout, rotary and their exits: the exit taken, 1 for the
                              first way out after the entry; 0 otherwise */
    const char *rotary_name; /* a rotary step: the roundabout's name (name is then that of
                                the road it leaves by, as OSRM), else NULL */
} cor_step_out;

/* Steps of a route of shape s whose piece i spans s->piece_end[i - 1]..s->piece_end[i]
 * (n_pieces == s->n_pieces): a depart step, a new step where the mode or the name changes
 * or where the route turns by more than 30 degrees at a junction with a choice, a
 * roundabout (or rotary, when named) step where it enters a roundabout, covering it, with
 * the exit taken (the exits passed plus one) and the modifier of the whole turn, an exit
 * roundabout (exit rotary) step where it leaves, a notification step per border or transfer,
 * an arrive step. *out is malloc'ed (free()).
 * COR_ERR_NOMEM. */
cor_status cor_steps_build(const cor_shape *s, const cor_piece *pieces, size_t n_pieces,
                           cor_step_out **out, size_t *n_out, cor_err *err);

/* Pieces and shape of a path on a graph: one piece per arc, named after its link (names belong
 * to the graph), its move only; after the arc of each border crossing passed (cor_navi_route's
 * rule), a piece of no length at its end, "border XA -> XB: FROM - TO" (node ids), with the
 * dwell and the fees for COR_NAVI_TONNES (record: the arc). *pieces malloc'ed. */
#define COR_NAVI_TONNES 20.0 /* the shipment a graph's border fees are given for (the routers'
                                default: one truck or container) */
cor_status cor_navi_path_pieces(const cor_navi *nv, const cor_navi_path *p, cor_shape *shape,
                                cor_piece **pieces, cor_err *err);

/* Pieces and shape of a route of the named-node router: one piece per link (named after the
 * node it leads to; straight between the nodes), one per border crossing ("border AZ -> AM:
 * Aghband - Nrnadzor post") and transfer ("transfer rail -> road at Poti", "gauge change
 * 1520 -> 1435 at Akhalkalaki"). *pieces malloc'ed. */
cor_status cor_route_pieces(const cor_net *net, const cor_route *r, cor_shape *shape,
                            cor_piece **pieces, cor_err *err);

/* ---- trips ---- */

/* The order of a trip over n points given the n x n matrix cost (row = from; INFINITY where
 * there is no route): a round trip when roundtrip, else a path; start (or COR_NAVI_NONE)
 * fixes the first point, end (or COR_NAVI_NONE) the last (ignored for a round trip, which
 * returns to the first). Exact (Held-Karp dynamic programming) up to 10 points, beyond that
 * farthest insertion (Rosenkrantz, Stearns, Lewis 1977) then 2-opt moves until none improves.
 * order gets the n indices in visiting order, *total the cost. COR_ERR_NOROUTE when every
 * order found uses a missing route; COR_ERR_INPUT for n < 2, n > 1000, an index out of range,
 * or a path with neither end fixed (as OSRM, which does not support it); COR_ERR_NOMEM. */
cor_status cor_trip_order(const double *cost, size_t n, bool roundtrip, uint32_t start,
                          uint32_t end, uint32_t *order, double *total, cor_err *err);

/* ---- map matching (/match) ---- */

#define COR_MATCH_SIGMA_M 5.0      /* GPS standard deviation when none is given (OSRM's) */
#define COR_MATCH_CANDIDATES 8     /* links considered per point, nearest first */
#define COR_MATCH_BETA_M 10.0      /* scale of the transition's exponential, metres */
#define COR_MATCH_MAX_DELTA_M 2000.0 /* |route - great circle| beyond this: no transition */
#define COR_MATCH_MAX_SPEED_MS 50.0  /* with timestamps: a route faster than this (180 km/h)
                                        between two points is no transition */
#define COR_MATCH_GAP_S 60.0       /* with timestamps and split_gaps: a longer gap splits */

typedef struct cor_match_opts {
    const double *sigma_m;  /* n: each point's GPS standard deviation (OSRM's radiuses), metres;
                               NULL or a value <= 0: COR_MATCH_SIGMA_M. Candidates lie within
                               3 sigma of the point */
    const double *time_s;   /* n timestamps in seconds, non-decreasing; NULL: none */
    bool split_gaps;        /* a gap of more than COR_MATCH_GAP_S seconds starts a new matching */
} cor_match_opts;

/* One point of the trace as matched. */
typedef struct cor_match_point {
    uint32_t matching;      /* the matching it belongs to, COR_NAVI_NONE: not matched (no link
                               within 3 sigma, or alone in its matching) */
    cor_phantom ph;         /* the point of a link it is matched to */
    uint32_t alternatives;  /* the other candidates of the point still reachable by the HMM */
} cor_match_point;

typedef struct cor_match_result {
    cor_match_point *pt;    /* one per point of the trace */
    size_t n;
    size_t n_matchings;
    double *confidence;     /* n_matchings: min/max of the trace's and the route's lengths */
} cor_match_result;

/* Map matching of a GPS trace of n points (Newson and Krumm 2009, as OSRM): a hidden Markov
 * model whose states are the candidates of each point (cor_navi_candidates() within 3 sigma),
 * emission Gaussian in the distance to the point (sigma), transition exponential (beta
 * COR_MATCH_BETA_M) in |route distance - great-circle distance| between consecutive points,
 * routes being the fastest paths (cor_navi_route(), time); Viterbi then keeps the most probable
 * sequence. A point without candidates is skipped. The trace splits into several matchings
 * where no transition is possible (no route, |route - great circle| over
 * COR_MATCH_MAX_DELTA_M, or with timestamps a route faster than COR_MATCH_MAX_SPEED_MS) and,
 * with split_gaps, after a gap of more than COR_MATCH_GAP_S; a matching of one point is
 * dropped. out->pt and out->confidence are malloc'ed (cor_match_result_free()).
 * COR_ERR_INPUT for n < 2, a coordinate out of range or timestamps that decrease;
 * COR_ERR_NOMEM. */
cor_status cor_match(cor_navi_query *q, const double *lat, const double *lon, size_t n,
                     const cor_match_opts *o, cor_match_result *out, cor_err *err);
void cor_match_result_free(cor_match_result *r); /* frees the arrays; NULL does nothing */

#endif
