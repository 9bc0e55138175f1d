/*
 * corridor: static traffic assignment (Wardrop user equilibrium). A graph whose links carry
 * BPR volume-delay functions, an origin-destination demand, and link-based algorithms (AON,
 * MSA, Frank-Wolfe, conjugate and bi-conjugate Frank-Wolfe) that return link flows, costs,
 * the relative gap and the Beckmann objective. docs/assignment.md has the model and formulas.
 */
#ifndef CORRIDOR_ASSIGN_H
#define CORRIDOR_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"

/* One directed link. Nodes are numbered 1..n_nodes (TNTP numbering). Its travel time at flow
 * x is the BPR function t(x) = fft * (1 + b * (x / capacity)^power); power 0 means the
 * constant fft * (1 + b). Its generalized cost is t(x) + toll_factor * toll +
 * distance_factor * length (cor_assign_opts). */
typedef struct cor_assign_link {
    uint32_t from, to;
    double capacity;  /* > 0 */
    double length;    /* >= 0, in the network's own unit */
    double fft;       /* free-flow time, >= 0 */
    double b;         /* >= 0 */
    double power;     /* >= 0 */
    double speed;     /* informative only, never used (TNTP-README.md) */
    double toll;      /* >= 0 */
    long link_type;
} cor_assign_link;

/* The graph and the demand of one assignment problem. Built once, then read-only: any number
 * of cor_assign_run() calls may share it (each run owns its scratch state). */
typedef struct cor_assign_net cor_assign_net;

/* A network of n_nodes nodes (>= 1) whose nodes 1..n_zones are zones (demand starts and ends
 * there; 0 <= n_zones <= n_nodes) and in which no path passes through a node numbered below
 * first_thru (1 <= first_thru <= n_nodes + 1; 1 means every node is a through node). For a
 * network without zone structure (any node may send, receive and be passed through), use
 * n_zones = n_nodes and first_thru = 1.
 * Returns COR_OK and *out, or COR_ERR_INPUT / COR_ERR_NOMEM with *out untouched.
 * The caller frees *out with cor_assign_net_free(). */
cor_status cor_assign_net_new(uint32_t n_nodes, uint32_t n_zones, uint32_t first_thru,
                              cor_assign_net **out, cor_err *err);
void cor_assign_net_free(cor_assign_net *net); /* NULL does nothing */

/* Appends a copy of *link (its index is the number of links added before it). Fails with
 * COR_ERR_INPUT (an end node out of range, a parameter negative, non-finite, or capacity
 * <= 0) or COR_ERR_NOMEM; the network is then unchanged. */
cor_status cor_assign_net_add_link(cor_assign_net *net, const cor_assign_link *link,
                                   cor_err *err);

/* Adds `trips` (finite, >= 0) from zone origin to zone dest, summed with any demand already
 * given for the pair. Intrazonal demand (origin == dest) is accepted and ignored, as in the
 * TNTP conventions. COR_ERR_INPUT for a node that is not a zone; the network is then
 * unchanged. */
cor_status cor_assign_net_add_demand(cor_assign_net *net, uint32_t origin, uint32_t dest,
                                     double trips, cor_err *err);

uint32_t cor_assign_net_node_count(const cor_assign_net *net);
uint32_t cor_assign_net_zone_count(const cor_assign_net *net);
uint32_t cor_assign_net_first_thru(const cor_assign_net *net);
size_t cor_assign_net_link_count(const cor_assign_net *net);
const cor_assign_link *cor_assign_net_link(const cor_assign_net *net, size_t i);
/* Total demand between distinct zones. */
double cor_assign_net_total_demand(const cor_assign_net *net);

/* Reads a TNTP network file and trips file (docs/assignment.md, TNTP-README.md): metadata
 * tags, one link row per line ending with ";", "Origin N" blocks of "dest : flow;" pairs.
 * Every problem found goes to d as "file:line: field: expected ..., found ..." (d may be
 * NULL). The limits of docs/assignment.md (file and line size, counts, ranges of the figures,
 * total flow) keep memory proportional to the files and every figure of an assignment finite.
 * Returns COR_OK and *out (the caller frees it), or COR_ERR_INPUT / COR_ERR_IO /
 * COR_ERR_NOMEM with *out untouched. */
cor_status cor_assign_tntp_load(const char *net_path, const char *trips_path,
                                cor_assign_net **out, cor_diags *d);

/* Reads a TNTP flow file ("From To Volume Cost" rows, the format of the published best-known
 * solutions) into flow[], one entry per link of net in its order; each row must name the
 * link at the same position (from, to). COR_ERR_INPUT with the first problem in err. */
cor_status cor_assign_tntp_read_flows(const char *path, const cor_assign_net *net,
                                      double *flow, cor_err *err);

/* Writes the problem as a corridor network directory dir (created if missing): nodes.csv
 * (zones below FIRST THRU NODE split in an origin and a destination node, so that no path
 * crosses them), links.csv (road links, forward, duration_h = free-flow time, capacity_tpy =
 * capacity, bpr_alpha/beta = b/power, usd_per_t = toll, lengths and times in TNTP's own
 * units), empty borders.csv and transfers.csv, and demand.csv (trips). Every row's source is
 * `source` (1 to 1024 bytes of UTF-8, quoted as CSV). Each file is written through a temporary
 * file and a rename. COR_ERR_INPUT for a source or a problem that a network directory cannot
 * hold (err says why; nothing is written), COR_ERR_IO on failure. */
cor_status cor_assign_net_write_corridor(const cor_assign_net *net, const char *dir,
                                         const char *source, cor_err *err);

typedef enum cor_assign_algo {
    COR_ASSIGN_AON, /* all-or-nothing at free-flow costs */
    COR_ASSIGN_MSA, /* method of successive averages, step 1/k */
    COR_ASSIGN_FW,  /* Frank-Wolfe with an exact line search */
    COR_ASSIGN_CFW, /* conjugate Frank-Wolfe (Mitradjieva & Lindberg 2013) */
    COR_ASSIGN_BFW, /* bi-conjugate Frank-Wolfe (Mitradjieva & Lindberg 2013) */
    COR_ASSIGN_B    /* Algorithm B, bush-based (Dial 2006) */
} cor_assign_algo;

/* "aon", "msa", "fw", "cfw", "bfw", "b" */
const char *cor_assign_algo_name(cor_assign_algo a);
/* The algorithm named s (as above), or -1. */
int cor_assign_algo_parse(const char *s);

typedef struct cor_assign_opts {
    cor_assign_algo algorithm;
    double gap;             /* stop at a relative gap <= gap (>= 0) */
    unsigned max_iter;      /* or after this many iterations (>= 1) */
    double toll_factor;     /* generalized cost weights (>= 0) */
    double distance_factor;
    /* Called after each iteration with its number (1 = the initial all-or-nothing) and the
     * relative gap of the flows it produced; may be NULL. The library itself prints
     * nothing. */
    void (*progress)(void *ctx, unsigned iteration, double relative_gap);
    void *progress_ctx;
} cor_assign_opts;

/* Defaults: bfw, gap 1e-4, 1000 iterations, factors 0, no progress callback. */
void cor_assign_opts_default(cor_assign_opts *o);
/* Sets the option name to value as the CLI's --NAME VALUE (with '_' for '-'): algorithm (as
 * cor_assign_algo_parse()), gap, toll_factor and distance_factor (numbers >= 0), max_iter (a
 * whole number from 1 to 1e6). COR_ERR_INPUT with err's message "expected ..., found \"VALUE\""
 * (the caller puts the option's name in front), COR_ERR_NOTFOUND for another name; o is then
 * unchanged. */
cor_status cor_assign_opts_set(cor_assign_opts *o, const char *name, const char *value,
                               cor_err *err);

typedef struct cor_assign_result {
    cor_assign_algo algorithm;
    unsigned iterations;      /* loadings done; the first is the all-or-nothing start */
    bool converged;           /* relative_gap <= opts.gap */
    double relative_gap;      /* (TSTC - SPTC) / TSTC at the returned flows */
    double objective;         /* Beckmann: sum over links of the integral of the cost */
    double total_travel_time; /* sum of flow * travel time (tolls and distance excluded) */
    double total_cost;        /* TSTC: sum of flow * generalized cost */
    double shortest_cost;     /* SPTC: sum over OD pairs of demand * shortest path cost */
    size_t n_links;
    double *flow;             /* per link, in the network's link order */
    double *time;             /* travel time t(flow) per link */
    double *cost;             /* generalized cost per link */
} cor_assign_result;

/* Runs the assignment. Deterministic: the same network and options give bit-for-bit the same
 * result (no threads, fixed orders of summation and tie-breaking). Returns COR_OK and *out
 * (free it with cor_assign_result_free()) also when the iteration limit stops it before the
 * gap is reached (then converged is false); COR_ERR_INPUT for bad options, COR_ERR_NOROUTE
 * when an OD pair with demand has no path (err names it), COR_ERR_NOMEM. */
cor_status cor_assign_run(const cor_assign_net *net, const cor_assign_opts *o,
                          cor_assign_result **out, cor_err *err);

/* Evaluates given link flows (one per link) without changing them: costs, objective, total
 * cost and the relative gap against shortest paths at those costs (iterations = 0). The
 * algorithm and limits in o are ignored. Same returns as cor_assign_run(). */
cor_status cor_assign_evaluate(const cor_assign_net *net, const cor_assign_opts *o,
                               const double *flow, cor_assign_result **out, cor_err *err);

void cor_assign_result_free(cor_assign_result *r); /* NULL does nothing */

/* The result as `corridor assign --tntp` writes it (docs/assignment.md), each a malloc'ed
 * text (NULL when out of memory): the JSON document (every double with 17 digits, so that it
 * keeps the bits of the result), the CSV "from,to,flow,time,cost" of every link, and the
 * text summary (algorithm, iterations, gap, objective, totals). */
char *cor_assign_json(const cor_assign_net *net, const cor_assign_opts *o,
                      const cor_assign_result *r);
char *cor_assign_flows_csv(const cor_assign_net *net, const cor_assign_result *r);
char *cor_assign_summary(const cor_assign_net *net, const cor_assign_result *r);

/* Travel time of a link at flow x (the BPR function above), and the Beckmann integral of its
 * travel time from 0 to x: fft * (x + b * capacity / (power + 1) * (x / capacity)^(power+1)). */
double cor_assign_link_time(const cor_assign_link *l, double x);
double cor_assign_link_time_integral(const cor_assign_link *l, double x);

#endif
