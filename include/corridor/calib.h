/*
 * corridor: the base year against what is observed. Observations (yearly tonnes on links or
 * through nodes, costs, speeds and times of routes; docs/calibration.md) are compared with an
 * assignment of the demand (`corridor validate`), and a small set of scenario factors is fitted
 * to them (`corridor calibrate`).
 */
#ifndef CORRIDOR_CALIB_H
#define CORRIDOR_CALIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "corridor/diag.h"
#include "corridor/freight.h"
#include "corridor/net.h"
#include "corridor/scenario.h"

typedef enum cor_obs_measure {
    COR_OBS_LINK_TONNES,   /* tonnes a year on a set of links, both directions summed */
    COR_OBS_NODE_TONNES,   /* tonnes a year handled at a node (a port): flows that start or
                              end there, or take or leave a sea or ferry leg there */
    COR_OBS_USD_500KM,     /* CPMM cost per 500 km per 20 t of the best route, USD */
    COR_OBS_SPEED_KMH,     /* CPMM speed with delay of the best route, km/h */
    COR_OBS_HOURS          /* hours of the best route */
} cor_obs_measure;

/* One row of observed.csv, as loaded. Strings belong to the set. */
typedef struct cor_obs {
    const char *id, *country, *what, *source;
    cor_obs_measure measure;
    uint32_t *links;        /* COR_OBS_LINK_TONNES: link indices */
    size_t n_links;
    uint32_t from, to;      /* COR_OBS_NODE_TONNES: the node in `from`; route measures: ends */
    unsigned modes;         /* route measures: COR_MODE_BIT()s the route may use */
    double value;           /* the observed figure, in the measure's unit */
    double t_per_vehicle;   /* flows: tonnes per truck, wagon or vessel for GEH (> 0) */
    int year;
    bool holdout;           /* kept out of the fit */
    long line;
} cor_obs;

typedef struct cor_obs_set cor_obs_set;

/* Reads observed.csv (docs/calibration.md) against net: link ids and node names must exist.
 * Every problem goes to diags as file:line: field: message. Returns COR_OK with *out set, or
 * COR_ERR_INPUT / COR_ERR_IO / COR_ERR_NOMEM with *out NULL. Link and node indices stay valid
 * for any scenario of the same network directory (a scenario never adds or removes records). */
cor_status cor_obs_load(const cor_net *net, const char *path, cor_obs_set **out,
                        cor_diags *diags);
void cor_obs_free(cor_obs_set *set); /* NULL does nothing */
size_t cor_obs_count(const cor_obs_set *set);
const cor_obs *cor_obs_get(const cor_obs_set *set, size_t i);
const char *cor_obs_measure_name(cor_obs_measure m);
bool cor_obs_is_flow(const cor_obs *o);

/* GEH statistic of a modelled and an observed count (vehicles a day):
 * sqrt(2 (m - c)^2 / (m + c)); 0 when both are 0. */
double cor_geh(double modelled, double observed);

typedef struct cor_validation_row {
    const cor_obs *obs;
    double observed, modelled, difference;  /* difference = modelled - observed */
    double observed_vpd, modelled_vpd;      /* flows: vehicles a day (t/y / t_per_vehicle / 365) */
    double geh;                             /* flows: on vehicles a day; NAN otherwise */
    double relative_error;                  /* costs, speeds, times: difference / observed */
    bool routed;                            /* route measures: false when no route exists */
} cor_validation_row;

/* Summary of one group of observations (calibrate, holdout or all). */
typedef struct cor_validation_summary {
    size_t n_flows, n_flows_geh5;   /* flows, and those with GEH < 5 */
    double share_geh5;              /* n_flows_geh5 / n_flows (NAN without flows) */
    size_t n_other, n_other_20pct;  /* costs, speeds and times, and those within 20% */
    double mape;                    /* mean |relative error| of those, as a fraction (NAN: none) */
} cor_validation_summary;

enum { COR_VAL_CALIBRATE, COR_VAL_HOLDOUT, COR_VAL_ALL, COR_VAL_GROUPS };

typedef struct cor_validation {
    cor_validation_row *rows;       /* one per observation, in file order */
    size_t n;
    cor_validation_summary summary[COR_VAL_GROUPS];
    double objective;               /* the calibration objective over the calibrate group */
} cor_validation;

void cor_validation_free(cor_validation *v); /* NULL does nothing */

/* Assigns the demand with o and compares every observation with the model. Route measures use
 * o->route with the observation's modes and 20 t. Objective (minimised by calibration):
 * mean over the calibrate flows of (GEH / 5)^2 plus mean over the other calibrate observations
 * of (relative error / 0.2)^2, so that each term is 1 at its acceptance threshold. Returns
 * COR_OK with *out set, or what cor_freight_assign() returns. */
cor_status cor_validate_run(const cor_net *net, const cor_demand *demand, const cor_obs_set *obs,
                            const cor_freight_opts *o, cor_validation **out, cor_err *err);

/* One factor to fit: a scenario line `selector = xF` of [section] (tariff, dwell, fees,
 * speed), F between lo and hi (0 < lo <= start <= hi). */
typedef struct cor_calib_param {
    char section[16];
    char selector[64];
    double lo, hi, start;
    double value;                   /* the fitted factor */
} cor_calib_param;

/* Parses "SECTION:SELECTOR:LO:HI" (e.g. "tariff:mode rail:0.25:8", 0 < LO <= 1 <= HI, HI
 * finite) into *p, start and value 1. COR_ERR_INPUT with err's message "expected
 * SECTION:SELECTOR:LO:HI with ..., found \"TEXT\"" (the caller puts the option's name in
 * front); *p is then unchanged. */
cor_status cor_calib_param_parse(const char *text, cor_calib_param *p, cor_err *err);

typedef struct cor_calib_opts {
    cor_freight_opts freight;
    unsigned max_evaluations;       /* stop after this many model runs (default 400) */
    double first_step;              /* first multiplicative step (default 4) */
    double last_step;               /* stop when the step falls below this (default 1.01) */
} cor_calib_opts;

void cor_calib_opts_default(cor_calib_opts *o);

typedef struct cor_calib_result {
    cor_calib_param *params;        /* copies of the parameters, value filled in */
    size_t n_params;
    unsigned evaluations;
    cor_validation *before, *after; /* at the start values and at the fitted values */
} cor_calib_result;

void cor_calib_result_free(cor_calib_result *r); /* NULL does nothing */

/* Fits the factors by a bounded coordinate search in log space (docs/calibration.md): from the
 * start values, each factor in turn is multiplied and divided by the step; a move is kept when
 * it lowers the objective of cor_validate_run(); after a pass without a move the step becomes
 * its square root; the search stops when the step is below last_step or after max_evaluations
 * runs. Each run loads the network in dir with `base` (may be NULL) and then the factors
 * applied. demand and obs must have been loaded against that network. Problems loading a
 * scenario go to diags. Returns COR_OK with *out set, COR_ERR_INPUT (bad parameters or a
 * selector that selects nothing; diags or err say which) or COR_ERR_NOMEM. */
cor_status cor_calibrate_run(const char *dir, const cor_scenario *base, const cor_demand *demand,
                             const cor_obs_set *obs, const cor_calib_param *params,
                             size_t n_params, const cor_calib_opts *o, cor_calib_result **out,
                             cor_diags *diags, cor_err *err);

/* The scenario `base` plus the factors of params (value), as a new scenario named `name`
 * (NULL when out of memory, or a factor the scenario refuses: diags says why). */
cor_scenario *cor_calib_scenario(const cor_scenario *base, const char *name,
                                 const cor_calib_param *params, size_t n_params,
                                 cor_diags *diags);

/* The fitted factors as a scenario file (docs/scenarios.md) whose comments give every factor's
 * range and start and the fit before and after; `source` names the observations. NULL when out
 * of memory; free() it. */
char *cor_calib_scenario_text(const cor_calib_result *r, const char *source);

/* The default parameter set of `corridor calibrate` (docs/calibration.md): tariff factors for
 * rail, road and sea, border dwell factors for road and rail crossings. */
extern const cor_calib_param cor_calib_default_params[];
extern const size_t cor_calib_default_n_params;

/* Output (src/output/calib_out.c): a table of observed against modelled with the summaries;
 * the fitted factors and the validation before and after side by side; JSON of either (keys
 * in docs/json.md; NULL when out of memory, free() it). */
void cor_validation_print(FILE *f, const cor_validation *v);
char *cor_validation_json(const cor_validation *v);
void cor_calib_print(FILE *f, const cor_calib_result *r);
char *cor_calib_json(const cor_calib_result *r);

/* The whole check of network directory dir (`corridor check`): cor_net_check_limited() under
 * lim, then, when the network has no error, every scenario in dir/scenarios loaded (their count
 * in *n_scenarios), demand.csv and observed.csv read against the network and emissions.csv and
 * projects.csv read, each when present. Every finding goes to d. Returns what
 * cor_net_check_limited() returns, else COR_ERR_NOMEM or COR_OK (bad input is a finding: count
 * the errors of d). */
cor_status cor_net_check_dir(const char *dir, const cor_net_limits *lim, cor_diags *d,
                             size_t *n_scenarios);

#endif
