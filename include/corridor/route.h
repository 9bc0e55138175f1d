/*
 * corridor: multimodal routing on a loaded network. A shipment moves over transport links,
 * pays border dwell and fees where it leaves a country, and changes mode or rail gauge only
 * at nodes with a transfer record. Queries run on a per-thread cor_router (scratch state);
 * the network itself is never modified.
 */
#ifndef CORRIDOR_ROUTE_H
#define CORRIDOR_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"
#include "corridor/net.h"

typedef enum cor_objective {
    COR_MIN_GENERALIZED, /* USD + value of time * tonnes * hours */
    COR_MIN_TIME,        /* hours */
    COR_MIN_COST,        /* USD */
    COR_MIN_DISTANCE     /* km */
} cor_objective;

typedef enum cor_dwell {
    COR_DWELL_MEAN,
    COR_DWELL_P95,
    COR_DWELL_SIMULATED /* border_dwell_h (cor_sim_route_dwell()) where simulated, the mean
                           elsewhere; a query refuses it without border_dwell_h */
} cor_dwell;

#define COR_ROUTE_MAX_VIA 8
#define COR_ROUTE_MAX_AVOID 32
#define COR_ROUTE_MAX_ALTERNATIVES 20
/* Largest shipment and value of time a query accepts: with the network's own limits
 * (docs/network-format.md) they keep every figure of a route finite (docs/security.md). */
#define COR_ROUTE_MAX_TONNES 1e6
#define COR_ROUTE_MAX_VOT 1e6

typedef struct cor_route_opts {
    cor_objective minimize;
    double vot_usd_per_t_h;   /* value of time, USD per tonne-hour (generalized cost), 0 to
                                 COR_ROUTE_MAX_VOT */
    double tonnes;            /* shipment size, > 0 and at most COR_ROUTE_MAX_TONNES */
    unsigned modes;           /* COR_MODE_BIT()s of usable transport modes */
    unsigned statuses;        /* COR_STATUS_BIT()s of usable link statuses */
    char avoid[COR_ROUTE_MAX_AVOID][3]; /* countries the route never touches */
    size_t n_avoid;
    uint32_t via[COR_ROUTE_MAX_VIA];    /* nodes visited in this order */
    size_t n_via;
    size_t alternatives;      /* how many routes to return, 1 to COR_ROUTE_MAX_ALTERNATIVES */
    double max_overlap;       /* an alternative shares at most this fraction of its km with
                                 each route shown before it (segments between the same two
                                 nodes, any mode); 1 = every loopless path (plain Yen) */
    cor_dwell dwell;          /* which border dwell figure to use */
    const double *link_hours; /* hours per link replacing duration/speed (congested times of
                                 an equilibrium assignment); NULL: the network's figures */
    /* Optional dwell override, hours, indexed by border record (cor_net_border_count()
     * entries, each >= 0 or NAN): where an entry is not NAN it replaces the record's dwell_h
     * (and dwell_p95_h with COR_DWELL_P95), e.g. the simulated means of cor_sim_border_dwell().
     * NULL: the figures of borders.csv. The arrays are read, never kept past the query. */
    const double *border_dwell_h;
} cor_route_opts;

/* The figure o->minimize counts for `tonnes` moved at a cost of usd (for those tonnes), taking
 * `hours` over km: the one definition of the generalized cost, USD + value of time x tonnes x
 * hours. Per tonne: tonnes 1 and usd per tonne. */
static inline double cor_objective_of(const cor_route_opts *o, double usd, double hours,
                                      double km, double tonnes)
{
    switch (o->minimize) {
    case COR_MIN_TIME: return hours;
    case COR_MIN_COST: return usd;
    case COR_MIN_DISTANCE: return km;
    default: return usd + o->vot_usd_per_t_h * tonnes * hours;
    }
}

/* Defaults: generalized cost, VOT 1 USD/t/h, 20 t, rail+road+sea+ferry, operating links,
 * no avoid, no via, one route, alternatives overlapping at most 0.8, mean dwell, no
 * overrides. */
void cor_route_opts_default(cor_route_opts *o);

/* Parsers of option values, as the CLI (--NAME VALUE) and the server (NAME=VALUE) take them:
 * one parser, one set of limits and one message for both. Each returns COR_OK with *out set, or
 * COR_ERR_INPUT with *out unchanged and a message that does not name the option (the front end
 * puts "--NAME: " or "NAME: " before it), e.g. "expected mean or p95, found \"p99\"".
 * cor_objective_parse: time, cost, distance or generalized. cor_dwell_parse: mean, p95 or
 * simulated.
 * cor_mode_mask_parse: a comma-separated list of rail, road, sea, ferry, as COR_MODE_BIT()s.
 * cor_status_mask_parse: a level (operating; construction = operating + construction;
 * planned = all but closed; closed = all) or an exact comma-separated list of statuses, as
 * COR_STATUS_BIT()s. Lists refuse empty items ("rail,,sea") and an empty mask. */
cor_status cor_objective_parse(const char *s, cor_objective *out, cor_err *err);
cor_status cor_dwell_parse(const char *s, cor_dwell *out, cor_err *err);
cor_status cor_mode_mask_parse(const char *s, unsigned *mask, cor_err *err);
cor_status cor_status_mask_parse(const char *s, unsigned *mask, cor_err *err);

/* Sets the route option `name` from its text `value`, with the parsers above and their
 * messages: "minimize", "dwell", "modes", "status"; the numbers "vot" (0 to
 * COR_ROUTE_MAX_VOT), "tonnes" (1e-6 to COR_ROUTE_MAX_TONNES), "overlap" (0 to 1),
 * "alternatives" (a whole number, 1 to COR_ROUTE_MAX_ALTERNATIVES), each read by
 * cor_number_parse(); the lists "avoid" (two-letter country codes, at most
 * COR_ROUTE_MAX_AVOID in all) and "via" (node names or ids, at most COR_ROUTE_MAX_VIA in all),
 * each call appending to the ones before. net may be NULL: "avoid" then checks only the form
 * of the codes (see cor_route_opts_check()) and "via" fails with COR_ERR_INPUT; with a
 * network an avoided country must have a node in it (a typo would silently avoid nothing).
 * Returns COR_OK; COR_ERR_INPUT (a bad value, an avoided country without a node in net) or
 * COR_ERR_NOTFOUND (a via node not in net, or a name that is not a route option) with a
 * message that does not name the option; COR_ERR_NOMEM. On failure o is unchanged. */
cor_status cor_route_opts_set(cor_route_opts *o, const cor_net *net, const char *name,
                              const char *value, cor_err *err);

/* Checks the options set without a network against net: every avoided country has a node in
 * it. COR_OK, or COR_ERR_INPUT with the message of cor_route_opts_set() for "avoid". */
cor_status cor_route_opts_check(const cor_route_opts *o, const cor_net *net, cor_err *err);

/* Vehicles a shipment of `tonnes` fills on `mode` (for per-vehicle border fees):
 * ceil(tonnes / 20) by road, sea and ferry, ceil(tonnes / 60) wagons by rail. */
double cor_vehicles(cor_mode mode, double tonnes);

typedef enum cor_step_kind { COR_STEP_LINK, COR_STEP_BORDER, COR_STEP_TRANSFER } cor_step_kind;

typedef struct cor_step {
    cor_step_kind kind;
    uint32_t from, to;   /* nodes; a transfer has from == to */
    uint32_t index;      /* the link, border or transfer record */
    cor_gauge gauge;     /* rail link: the gauge of the train; transfer: the gauge taken */
    cor_mode mode;       /* the link's mode, the border's mode, or the mode left (transfer) */
    cor_mode mode_to;    /* transfer: the mode taken */
    double km, hours, usd;
    double co2e_kg;      /* well-to-wheel, when the route's has_co2e (cor_emissions_apply) */
} cor_step;

typedef struct cor_route {
    cor_step *steps;
    size_t n_steps;
    double km, hours, usd;     /* totals */
    double overlap_with_best;  /* fraction of km on segments of routes[0] (0 for routes[0]) */
    double objective;          /* the minimized figure */
    double move_hours;         /* hours on links */
    double border_hours, border_usd;
    double transfer_hours, transfer_usd;
    size_t n_borders, n_transfers;
    char (*countries)[3];      /* countries in the order visited, repeats collapsed */
    size_t n_countries;
    double co2e_kg;            /* well-to-wheel kg CO2e of the shipment, when has_co2e */
    bool has_co2e;             /* set by cor_emissions_apply() (corridor/appraise.h) */
} cor_route;

typedef struct cor_route_set {
    cor_route *routes;         /* best first; routes[0] is the best route */
    size_t n;
    bool truncated;            /* the search for alternatives stopped at its work limit */
} cor_route_set;

void cor_route_set_free(cor_route_set *set);  /* NULL does nothing */

/* CAREC CPMM corridor indicators of a route (ADB CAREC Corridor Performance Measurement and
 * Monitoring): time and cost at border crossings (TFI1, TFI2, summed over the crossings),
 * cost per 500 km per 20 t (TFI3), speed without delay (km / hours moving) and speed with
 * delay (km / all hours). */
typedef struct cor_indicators {
    double border_hours, border_usd;
    double usd_per_500km_20t;
    double speed_without_delay_kmh, speed_with_delay_kmh;
} cor_indicators;

void cor_route_indicators(const cor_route *r, double tonnes, cor_indicators *out);

typedef struct cor_router cor_router;

/* A query object for one thread. NULL when out of memory. The network must outlive it. */
cor_router *cor_router_new(const cor_net *net);
void cor_router_free(cor_router *r);

/* Routes from node `from` to node `to`: the best route and, with opts->alternatives > 1,
 * up to that many loopless alternatives (no node twice) in order of the objective (Yen's
 * k-shortest loopless paths), skipping paths that share more than opts->max_overlap of their
 * km with a route already chosen. On success *out is set and owned by the caller.
 * COR_ERR_INPUT: bad options (the message names the option). COR_ERR_NOROUTE: the message
 * says which constraint makes the route impossible where a single one does. */
cor_status cor_route_query(cor_router *r, uint32_t from, uint32_t to, const cor_route_opts *opts,
                           cor_route_set **out, cor_err *err);

/* Durations (s) and distances (m) of the best route (cor_route_query() with opts) from each
 * node of src (n_src) to each node of dst (n_dst), row-major into dur_s and dist_m: 0 from a
 * node to itself, NAN where there is no route. An error other than COR_ERR_NOROUTE stops it
 * (the first in row-major order) and is returned. */
cor_status cor_route_table(cor_router *r, const cor_route_opts *opts, const uint32_t *src,
                           size_t n_src, const uint32_t *dst, size_t n_dst, double *dur_s,
                           double *dist_m, cor_err *err);

#endif
