/*
 * corridor: discrete-event simulation of border posts and transshipment terminals. Vehicles
 * (trucks, trains) arrive at a crossing, pass its stages in order (documents, inspection,
 * gauge change...), each with parallel servers and a service-time distribution, and leave.
 * Runs are bit-for-bit reproducible for a seed (docs/simulation.md).
 */
#ifndef CORRIDOR_SIM_H
#define CORRIDOR_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "corridor/diag.h"
#include "corridor/net.h"
#include "corridor/rng.h"

/* ---- stages and posts ---- */

typedef enum cor_sim_dist {
    COR_DIST_EXPONENTIAL,   /* mean_h; cv is 1 */
    COR_DIST_DETERMINISTIC, /* always mean_h */
    COR_DIST_LOGNORMAL,     /* mean_h and cv (standard deviation / mean) */
    COR_DIST_ERLANG         /* mean_h and k: the sum of k exponentials of mean mean_h / k */
} cor_sim_dist;

#define COR_SIM_MAX_SERVERS 10000
#define COR_SIM_MAX_ERLANG_K 1000
#define COR_SIM_MAX_STAGES 32

typedef struct cor_sim_stage {
    char name[48];
    int servers;          /* parallel servers, >= 1 */
    cor_sim_dist dist;
    double mean_h;        /* mean service time, hours, > 0 */
    double cv;            /* lognormal only */
    int k;                /* Erlang only */
    long line;            /* line in border_stages.csv, 0 when built in code */
} cor_sim_stage;

typedef enum cor_sim_arrivals {
    COR_ARRIVALS_POISSON, /* exponential gaps of mean 24 / arrivals_per_day hours */
    COR_ARRIVALS_REGULAR  /* one vehicle every 24 / arrivals_per_day hours, the first at 0 */
} cor_sim_arrivals;

/* One simulated crossing, in one direction: from -> to by mode; or a terminal (a transfer
 * record: a gauge changer or a transshipment point), with from == to. */
typedef struct cor_sim_post {
    int32_t border;             /* border record in the network, -1 for a terminal or a post
                                 * built in code */
    bool terminal;              /* a terminal: `transfer` is its transfers.csv record */
    uint32_t transfer;
    uint32_t from, to;          /* node indices (0 when built in code) */
    cor_mode mode;
    const char *scenario;       /* the scenario whose rows were used ("base", "joint", ...) */
    double arrivals_per_day;    /* vehicles (trucks or trains) per day, > 0 */
    cor_sim_arrivals arrivals;
    const cor_sim_stage *stages;
    size_t n_stages;
    const char *source;
} cor_sim_post;

/* Simulated posts read from a network's border_stages.csv. Read-only once loaded. */
typedef struct cor_sim_plan cor_sim_plan;

/* Reads path (NULL: border_stages.csv in the network's directory) against net: every row names
 * a borders.csv crossing (or, with from_node = to_node, a transfers.csv terminal), a scenario
 * and a stage (docs/simulation.md). For each crossing the
 * rows of `scenario` are used where it has any, else its "base" rows (scenario NULL = "base").
 * Every problem is added to diags as `file:line: field: ...`. Returns COR_OK with *out set;
 * COR_ERR_NOTFOUND when the file does not exist (no simulated posts; diags says so);
 * COR_ERR_INPUT when the file has errors or no row has that scenario; COR_ERR_NOMEM.
 * On failure *out is NULL. The caller frees *out with cor_sim_plan_free(). */
cor_status cor_sim_plan_load(const cor_net *net, const char *path, const char *scenario,
                             cor_sim_plan **out, cor_diags *diags);
void cor_sim_plan_free(cor_sim_plan *plan); /* NULL does nothing */

/* Replaces the arrival rates of the posts named in a flow file (columns from_node, to_node,
 * mode, tonnes_per_year, t_per_vehicle (may be empty: 20 t per truck, container or trailer,
 * 1000 t per train), source): vehicles per day = tonnes_per_year / 365 / t_per_vehicle, within
 * the bounds of arrivals_per_day (1e-9 to 1e7). A row for a crossing that is not simulated is
 * an error. On failure the plan is unchanged. */
cor_status cor_sim_plan_apply_flows(cor_sim_plan *plan, const cor_net *net, const char *path,
                                    cor_diags *diags);

/* Multiplies every arrival rate by factor (> 0), for "what if traffic grows by 20%". */
void cor_sim_plan_scale_traffic(cor_sim_plan *plan, double factor);

/* Keeps only the posts with one of nodes[0..n) at either end (the others are dropped). */
void cor_sim_plan_select(cor_sim_plan *plan, const uint32_t *nodes, size_t n);

size_t cor_sim_plan_count(const cor_sim_plan *plan);
const cor_sim_post *cor_sim_plan_post(const cor_sim_plan *plan, size_t i);
const char *cor_sim_plan_scenario(const cor_sim_plan *plan);

/* ---- running ---- */

typedef struct cor_sim_opts {
    uint64_t seed;
    unsigned replications;  /* independent runs, >= 2 for a confidence interval */
    double warmup_days;     /* simulated, then discarded: starts from an empty post */
    double run_days;        /* measured after the warm-up, > 0 */
} cor_sim_opts;

/* Defaults: seed 1, 10 replications, 7 warm-up days, 60 measured days. */
void cor_sim_opts_default(cor_sim_opts *o);

typedef struct cor_sim_stage_result {
    double offered_load;    /* arrivals per hour x mean_h / servers: >= 1 means unstable */
    double utilisation;     /* time-average busy servers / servers */
    double mean_queue;      /* time-average vehicles waiting (not in service) */
    double mean_wait_h;     /* mean time waiting for a server */
    /* The queueing-theory wait for comparison: Erlang C times (ca^2 + cs^2) / 2 (Allen and
     * Cunneen's M/G/c approximation; exact for M/M/c, and M/G/1 by Pollaczek-Khinchine),
     * with ca^2 = 1 (Poisson; downstream stages taken as Poisson, exact for M/M/c tandems by
     * Burke's theorem) or 0 for the first stage under regular arrivals, and cs^2 = 1, 0, cv^2
     * or 1/k. Infinity when the offered load is >= 1. */
    double approx_wait_h;
} cor_sim_stage_result;

/* A post's figures: each is the mean over replications of the replication's figure, with
 * the half-width of its 95% Student-t confidence interval (0 with one replication). */
typedef struct cor_sim_post_result {
    double mean_dwell_h, mean_dwell_ci_h;
    double p50_dwell_h, p50_dwell_ci_h;
    double p95_dwell_h, p95_dwell_ci_h;
    double throughput_per_day, throughput_ci_per_day;
    double utilisation;         /* the highest stage utilisation (the bottleneck) */
    double mean_queue;          /* sum over stages */
    size_t vehicles;            /* vehicles measured, all replications */
    bool stable;                /* every stage's offered load < 1 */
    cor_sim_stage_result *stages;   /* n_stages of the post */
    size_t n_stages;
} cor_sim_post_result;

typedef struct cor_sim_result {
    cor_sim_post_result *posts;
    size_t n;
} cor_sim_result;

void cor_sim_result_free(cor_sim_result *res); /* NULL does nothing */

/* Simulates one post. Vehicles that arrive during the measured window count (their dwell is
 * followed to their departure, after the window if need be); time averages are over the
 * window. COR_ERR_INPUT for bad options or post (message says which), or a run beyond the
 * limits of docs/simulation.md (2e7 vehicles a replication, 1e9 events and samples a run),
 * checked before any work; COR_ERR_NOMEM. out is filled; free out->stages with free(). */
cor_status cor_sim_run_post(const cor_sim_post *post, const cor_sim_opts *o,
                            cor_sim_post_result *out, cor_err *err);

/* Simulates every post of the plan (each independently: posts do not share servers). On
 * success *out is set and owned by the caller (cor_sim_result_free()). A refusal starts with
 * the stage file and the line of the post's stage-1 row (file:line: ...). */
cor_status cor_sim_run(const cor_sim_plan *plan, const cor_sim_opts *o, cor_sim_result **out,
                       cor_err *err);

/* What `corridor simulate` simulates: a stage file, optionally with a flow file, some posts of
 * it and more or less traffic, run under opts. */
typedef struct cor_sim_spec {
    const char *stages;     /* NULL: the network's border_stages.csv */
    const char *scenario;   /* NULL: base */
    const char *flows;      /* NULL: the rates of the stage file (cor_sim_plan_apply_flows()) */
    double traffic;         /* factor on every arrival rate (cor_sim_plan_scale_traffic()) */
    const uint32_t *select; /* keep only posts with one of these nodes at an end (n_select > 0) */
    size_t n_select;
    cor_sim_opts opts;
} cor_sim_spec;

/* No flow file, every post, traffic 1, cor_sim_opts_default(). */
void cor_sim_spec_default(cor_sim_spec *spec);
/* Sets the option name to value as the CLI's --NAME VALUE (with '_' for '-'): traffic and
 * days (numbers > 0), warmup_days (>= 0), seed (cor_seed_parse()), replications (a whole
 * number from 1 to 1000). COR_ERR_INPUT with err's message "expected ..., found \"VALUE\""
 * (the caller puts the option's name in front), COR_ERR_NOTFOUND for another name; spec is
 * then unchanged. */
cor_status cor_sim_spec_set(cor_sim_spec *spec, const char *name, const char *value,
                            cor_err *err);

/* Loads the plan of spec (the files' findings into diags), selects and scales it, and runs it.
 * COR_OK with *plan and *res set (the caller frees both); else both NULL and err says why:
 * COR_ERR_NOTFOUND "no simulated ...: ... stage file ...", COR_ERR_NOMEM, or COR_ERR_INPUT
 * "cannot use the stage file (problems listed above)" (or "the flow file PATH"), or what
 * cor_sim_run() says. */
cor_status cor_sim_study(const cor_net *net, const cor_sim_spec *spec, cor_sim_plan **plan,
                         cor_sim_result **res, cor_diags *diags, cor_err *err);

/* Fills dwell_h[0 .. cor_net_border_count(net) - 1] with the simulated mean dwell of each
 * border record that has a simulated post (terminals are left out), NAN elsewhere: the `border_dwell_h` override of
 * cor_route_opts. A `both` record simulated in both directions gets the mean of the two. */
void cor_sim_border_dwell(const cor_net *net, const cor_sim_plan *plan,
                          const cor_sim_result *res, double *dwell_h);

/* The simulated dwell that routing uses (`corridor route --dwell simulated`, the server's
 * dwell=simulated): the default run (cor_sim_opts_default()) of the network's own
 * border_stages.csv with the rows of stage_scenario (NULL: base), as cor_sim_border_dwell()
 * gives it: *dwell_h has cor_net_border_count(net) entries, the simulated mean dwell or NAN
 * where no post is simulated; free() it. The stage file's findings go to diags, and a warning
 * (file:line of the post's first stage) for each overloaded post (a stage's offered load
 * >= 1), whose dwell grows with the length of the run. Returns COR_OK; COR_ERR_NOTFOUND when
 * the network has no stage file, COR_ERR_INPUT when it cannot be used (diags says why) or the
 * run is refused (err says why), COR_ERR_NOMEM; *dwell_h is then NULL. */
cor_status cor_sim_route_dwell(const cor_net *net, const char *stage_scenario, double **dwell_h,
                               cor_diags *diags, cor_err *err);

/* ---- queueing theory, for calibration and checks ---- */

/* Erlang C: probability that an arrival waits in an M/M/c queue with offered load
 * a = lambda / mu (erlangs), c servers, a < c. NAN when a >= c. */
double cor_sim_erlang_c(int c, double a);
/* Mean wait in queue of M/M/c, hours: C(c, a) / (c mu - lambda). Infinity when unstable. */
double cor_sim_mmc_wait_h(int c, double lambda_per_h, double mean_service_h);

/* ---- output ---- */

const char *cor_sim_dist_name(cor_sim_dist d);
/* Parses "exponential", "deterministic", "lognormal", "erlang"; -1 when unknown. */
int cor_sim_dist_parse(const char *s);

/* Prints a table per post (dwell, throughput, stages). */
void cor_sim_print(FILE *f, const cor_net *net, const cor_sim_plan *plan, const cor_sim_opts *o,
                   const cor_sim_result *res);
/* The results as JSON (docs/simulation.md), or NULL when out of memory; free() it. */
char *cor_sim_json(const cor_net *net, const cor_sim_plan *plan, const cor_sim_opts *o,
                   const cor_sim_result *res);

#endif
