/*
 * corridor: freight demand and its assignment to a multimodal network. An OD demand file
 * (docs/freight.md) is loaded against a network; the assignment routes every OD flow
 * (all-or-nothing, or logit over alternative routes) and keeps the account of each country:
 * tonnes, tonne-km and fees as origin, destination and transit.
 */
#ifndef CORRIDOR_FREIGHT_H
#define CORRIDOR_FREIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"
#include "corridor/net.h"
#include "corridor/route.h"

typedef struct cor_od {
    uint32_t from, to;           /* node indices */
    const char *commodity;
    double tonnes_per_year;
    const char *source;
    long line;
} cor_od;

typedef struct cor_demand cor_demand;

/* Reads a demand file (from,to,commodity,tonnes_per_year,source) whose nodes are ids or names
 * of net. Every problem goes to diags as file:line: field: message. Returns COR_OK with *out
 * set, or COR_ERR_INPUT / COR_ERR_IO / COR_ERR_NOMEM with *out NULL. */
cor_status cor_demand_load(const cor_net *net, const char *path, cor_demand **out,
                           cor_diags *diags);
void cor_demand_free(cor_demand *d);
size_t cor_demand_count(const cor_demand *d);
const cor_od *cor_demand_od(const cor_demand *d, size_t i);
double cor_demand_total(const cor_demand *d);
/* A copy of d with every flow multiplied by factor (> 0); NULL when out of memory. The copy
 * shares d's strings: d must outlive it. */
cor_demand *cor_demand_scaled(const cor_demand *d, double factor);

typedef enum cor_freight_method {
    COR_FREIGHT_AON,   /* every OD flow on its best route */
    COR_FREIGHT_LOGIT, /* shares over alternative routes: p_i ~ exp(-theta * cost_i per tonne) */
    COR_FREIGHT_UE     /* user equilibrium with volume-delay on link capacities (Frank-Wolfe) */
} cor_freight_method;

typedef struct cor_freight_opts {
    cor_route_opts route;   /* objective, shipment size, modes, statuses, avoid; alternatives
                               is the number of routes for logit */
    cor_freight_method method;
    double theta;           /* logit dispersion, per USD (or per unit of the objective) per tonne */
    double gap;             /* equilibrium: stop at this relative gap */
    unsigned max_iter;      /* equilibrium: or after this many iterations */
    /* equilibrium: called after each iteration with its number and relative gap; may be NULL
     * (the library prints nothing itself) */
    void (*progress)(void *ctx, unsigned iteration, double relative_gap);
    void *progress_ctx;
    /* all-or-nothing and logit: asked before each OD flow is routed; when it returns non-zero
     * the assignment stops and cor_freight_assign() returns COR_ERR_CANCELLED (a server whose
     * client has gone). May be NULL. */
    int (*cancelled)(void *ctx);
    void *cancel_ctx;
} cor_freight_opts;

/* Defaults: cor_route_opts_default(), all-or-nothing; for logit 3 routes and theta 0.05; for
 * equilibrium gap 1e-4 and 500 iterations. */
void cor_freight_opts_default(cor_freight_opts *o);

#define COR_FREIGHT_METHOD_BIT(m) (1u << (m))
#define COR_FREIGHT_METHODS 7u /* all three */

/* The method named s among the allowed ones (COR_FREIGHT_METHOD_BIT()s; the server offers aon
 * and logit only). COR_OK with *out set, else COR_ERR_INPUT with the message "expected aon,
 * logit or ue, found \"x\"" (the allowed names) and *out unchanged. */
cor_status cor_freight_method_parse(const char *s, unsigned allowed, cor_freight_method *out,
                                    cor_err *err);

/* Sets the freight option `name` from its text `value`, as the CLI's --NAME and the server's
 * NAME= take it: "method" (any of the three), "routes" (the routes for logit: the route
 * option "alternatives"), "theta" (1e-12 to 1e12), "gap" (>= 0), "max_iter" (a whole number,
 * 1 to 1e6), the numbers read by cor_number_parse(); any other name is a route option, set by
 * cor_route_opts_set() with net as there. Returns as cor_route_opts_set(), with a message that
 * does not name the option; on failure o is unchanged. */
cor_status cor_freight_opts_set(cor_freight_opts *o, const cor_net *net, const char *name,
                                const char *value, cor_err *err);

/* A route an OD flow uses, with its share of the flow. */
typedef struct cor_od_route {
    cor_route route;
    double share;
} cor_od_route;

typedef struct cor_od_result {
    cor_od_route *routes;   /* most used first */
    size_t n_routes;
    double cost_per_t;      /* expected objective per tonne over the routes used */
    int routed;             /* 0: no route under the options (the message says why) */
    char message[1024];
} cor_od_result;

/* Roles a country plays for a flow: its origin, its destination, or neither (transit). */
typedef enum { COR_ROLE_ORIGIN, COR_ROLE_DESTINATION, COR_ROLE_TRANSIT, COR_ROLE_COUNT } cor_role;

typedef struct cor_country_account {
    char country[3];
    double tonnes[COR_ROLE_COUNT];  /* tonnes per year of the flows it is origin, destination,
                                       transit for (a flow counts once per role) */
    double tonne_km[COR_ROLE_COUNT];/* tonne-km per year on its territory, by role */
    double fees_usd[COR_ROLE_COUNT];/* USD per year paid on its territory, by role: link tariffs,
                                       transfers, and half of each border crossing's fees */
} cor_country_account;

typedef struct cor_freight_result {
    cor_od_result *od;              /* one per demand row, in file order */
    size_t n_od;
    double *link_tonnes;            /* per link, tonnes per year (both directions) */
    size_t n_links;
    cor_country_account *countries; /* sorted by country code */
    size_t n_countries;
    double tonnes_routed, tonnes_unrouted;
    /* equilibrium only (iterations 0 and the rest NAN otherwise) */
    unsigned iterations;
    bool converged;                 /* relative_gap <= opts.gap (false outside an equilibrium) */
    double relative_gap;            /* (TSTC - SPTC) / TSTC at the returned flows */
    double objective;               /* Beckmann objective, per year, in the objective's unit */
    double total_travel_time;       /* sum over links of tonnes x hours, per year (all methods) */
    double *link_hours;             /* per link: hours at the returned flows (NULL otherwise) */
} cor_freight_result;

void cor_freight_result_free(cor_freight_result *r);

/* Assigns the demand to the network. Fails only on bad options (COR_ERR_INPUT) or memory;
 * OD flows without a route are reported in their cor_od_result. With COR_FREIGHT_UE, link
 * hours grow with the link's volume (both directions) over its capacity_tpy, by the BPR
 * function hours * (1 + alpha (v/c)^beta) (alpha 0.15 and beta 4 unless the link gives
 * bpr_alpha, bpr_beta), and the flows are Wardrop user equilibrium flows, found by Frank-Wolfe
 * with path storage; `progress` (may be NULL) is called after each iteration. */
cor_status cor_freight_assign(const cor_net *net, const cor_demand *demand,
                              const cor_freight_opts *o, cor_freight_result **out, cor_err *err);

/* The two halves of an all-or-nothing or logit assignment, for callers that spread the routing
 * over processes (corridor-mpi): cor_freight_route_od() routes demand row i into *out (which
 * the caller frees with cor_freight_od_free(); an OD pair without a route is a result with
 * routed = 0 and the message, not a failure); cor_freight_assemble() takes over one result per
 * demand row (ods is left zeroed) and books them in demand order, so the totals do not depend
 * on who routed what. */
cor_status cor_freight_route_od(cor_router *router, const cor_demand *demand,
                                const cor_freight_opts *o, size_t i, cor_od_result *out,
                                cor_err *err);
cor_status cor_freight_assemble(const cor_net *net, const cor_demand *demand,
                                const cor_freight_opts *o, cor_od_result *ods,
                                cor_freight_result **out, cor_err *err);
void cor_freight_od_free(cor_od_result *od);

/* A route's objective per tonne of cargo: the objective divided by the shipment size for cost
 * and generalized cost (which count every tonne), as it is for time and distance. */
double cor_objective_per_t(const cor_route_opts *o, double objective);

/* Hours of link k carrying v tonnes per year (both directions): BPR as above. */
double cor_link_congested_hours(const cor_link *k, double v);

/* ---- what changes between two assignments of the same demand (corridor compare) ---- */

/* A country's transit tonnes and fees (all roles, USD per year) under A and B. */
typedef struct cor_country_change {
    char country[3];
    double transit_tonnes[2];       /* [0] under A, [1] under B */
    double fees_usd[2];
    double transit_tonnes_change;   /* B - A */
    double fees_usd_change;
    double transit_tonnes_pct;      /* 100 (B - A) / A; 0 when both are 0, NAN when only A is */
    double fees_usd_pct;
    int changed;                    /* transit tonnes or fees differ */
} cor_country_change;

/* A link whose volume differs: tonnes per year under A and B (both directions). */
typedef struct cor_link_change {
    uint32_t link;
    double tonnes[2];
    double change;                  /* B - A */
} cor_link_change;

typedef struct cor_freight_diff {
    /* every country of A or B: the changed ones first, by the size of their transit change,
     * then of their fee change (then by code); the unchanged ones after, by code */
    cor_country_change *countries;
    size_t n_countries, n_changed_countries;
    /* the links whose volume differs, largest |change| first (ties by link index) */
    cor_link_change *links;
    size_t n_links;
    /* demand rows, those whose main route visits other countries under B first (largest
     * flow first), then the rest in file order */
    size_t *od;
    size_t n_od, n_changed_od;
    /* one line for people: up to three transit changes and the largest fee changes, e.g.
     * "AM +950 kt transit (+106%), IR -350 kt (-100%), IR fees -23.9 M USD/year (-28%)";
     * "no change in transit tonnes or fees" when nothing changes */
    char summary[512];
} cor_freight_diff;

/* Compares b with a, two assignments of the same demand on the same network's links (a
 * scenario is a view of its base network: links keep their indices). Fails only when out of
 * memory (COR_ERR_NOMEM) or when a and b do not match the demand (COR_ERR_INPUT), with *out
 * NULL. Free the result with cor_freight_diff_free() (NULL is fine). */
cor_status cor_freight_compare(const cor_freight_result *a, const cor_freight_result *b,
                               const cor_demand *demand, cor_freight_diff **out, cor_err *err);
void cor_freight_diff_free(cor_freight_diff *d);

/* Whether two routes visit the same countries in the same order (both NULL: the same). */
int cor_route_same_countries(const cor_route *x, const cor_route *y);

#endif
