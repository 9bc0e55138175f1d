/*
 * corridor: emissions and economic appraisal. Emission factors (NET/emissions.csv) give each
 * route and flow its well-to-wheel kg CO2e; project costs (NET/projects.csv) and two
 * assignments of the same demand (A without, B with a project) give the yearly stream of
 * economic benefits and costs, NPV, EIRR, BCR, sensitivity tests, switching values and the
 * distribution between countries. Method and references: docs/appraisal.md.
 */
#ifndef CORRIDOR_APPRAISE_H
#define CORRIDOR_APPRAISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "corridor/diag.h"
#include "corridor/freight.h"
#include "corridor/net.h"
#include "corridor/route.h"

/* ---- emission factors ---- */

typedef struct cor_emissions cor_emissions;

/* Reads an emission factor table (docs/network-format.md, emissions.csv): rows
 * kind,mode,country,factor,source with kind "move" (g CO2e per tonne-km), "border" (kg CO2e
 * per vehicle-hour of border dwell) or "transfer" (kg CO2e per tonne transferred), mode a
 * transport mode, country an ISO code or "*". A "move" row with country "*" is required for
 * rail, road, sea and ferry, so that no leg is silently free of emissions. Every problem goes
 * to diags as file:line: field: message. Returns COR_OK with *out set, or COR_ERR_INPUT /
 * COR_ERR_IO / COR_ERR_NOMEM with *out NULL. Free with cor_emissions_free(). */
cor_status cor_emissions_load(const char *path, cor_emissions **out, cor_diags *diags);
void cor_emissions_free(cor_emissions *e);  /* NULL does nothing */

/* The factor of (kind, mode, country): the row of that country, else the "*" row, else 0.
 * kind is "move", "border" or "transfer". */
double cor_emissions_factor(const cor_emissions *e, const char *kind, cor_mode mode,
                            const char *country);

/* kg CO2e of one step of a route carrying `tonnes`: a link, g/tkm x km x tonnes / 1000 (a
 * cross-border link half at each country's factor); a border crossing, kg per vehicle-hour x
 * vehicles (cor_vehicles) x hours (the factor of the country left); a transfer, kg per tonne
 * x tonnes (the factor of the mode taken). */
double cor_emissions_step_kg(const cor_emissions *e, const cor_net *net, const cor_step *s,
                             double tonnes);

/* Fills co2e_kg of every step of r and of r itself for a shipment of `tonnes`, and sets
 * r->has_co2e. */
void cor_emissions_apply(const cor_emissions *e, const cor_net *net, cor_route *r,
                         double tonnes);
/* cor_emissions_apply() on every route of set (the answer of corridor route and of the
 * server's route request); nothing when e is NULL (a network without emissions.csv). */
void cor_emissions_apply_set(const cor_emissions *e, const cor_net *net, cor_route_set *set,
                             double tonnes);

/* Tonnes CO2e per year of an assignment, by country (where it is emitted: a cross-border
 * link or a crossing half in each country), in the order of r->countries; out has
 * r->n_countries entries. Returns the total. */
double cor_emissions_accounts(const cor_emissions *e, const cor_net *net,
                              const cor_demand *demand, const cor_freight_opts *o,
                              const cor_freight_result *r, double *out);

/* ---- project costs ---- */

typedef enum cor_residual { COR_RESIDUAL_NONE, COR_RESIDUAL_LINEAR } cor_residual;

#define COR_PROJECT_MAX_YEARS 200

typedef struct cor_project {
    char tag[65];                    /* a corridor tag of links.csv */
    int first_year, n_years;         /* capital_usd[i] is spent in first_year + i */
    double capital_usd[COR_PROJECT_MAX_YEARS];
    double maintenance_usd_per_year; /* from the opening year */
    int opening_year;
    int lifetime_years;
    cor_residual residual;           /* value left at the end of the horizon */
} cor_project;

typedef struct cor_projects cor_projects;

/* Reads a project cost file (docs/network-format.md, projects.csv): rows
 * project,item,year,value,source with item capital (year and USD), maintenance (USD per
 * year), opening_year, lifetime_years or residual (none or linear). Each project needs one
 * opening_year and one lifetime_years; capital years lie within COR_PROJECT_MAX_YEARS of each
 * other. As cor_emissions_load() for errors and ownership. */
cor_status cor_projects_load(const char *path, cor_projects **out, cor_diags *diags);
void cor_projects_free(cor_projects *p);
size_t cor_projects_count(const cor_projects *p);
const cor_project *cor_projects_get(const cor_projects *p, size_t i);
/* The project with this tag, or NULL. */
const cor_project *cor_projects_find(const cor_projects *p, const char *tag);

/* ---- cash flows ---- */

typedef enum cor_eirr_status {
    COR_EIRR_OK,            /* one sign change: a unique root, in eirr */
    COR_EIRR_NONE,          /* no sign change: NPV never crosses zero (eirr NAN) */
    COR_EIRR_MULTIPLE,      /* several sign changes: the root may not be unique; refused (NAN) */
    COR_EIRR_OUT_OF_RANGE   /* one sign change but the root lies beyond -99% .. 1000% */
} cor_eirr_status;

typedef struct cor_cashflow {
    double pv_benefits_usd, pv_costs_usd; /* discounted to the first year (t = 0) */
    double npv_usd;                       /* pv_benefits - pv_costs */
    double bcr;                           /* pv_benefits / pv_costs (NAN when pv_costs <= 0) */
    double eirr;                          /* rate where NPV = 0 (NAN unless COR_EIRR_OK) */
    cor_eirr_status eirr_status;
    int sign_changes;                     /* of the net stream, zeros skipped */
} cor_cashflow;

/* Net present value of net[0..n) at rate (> -1): sum net[t] / (1 + rate)^t. */
double cor_npv(const double *net, size_t n, double rate);

/* The internal rate of return of net[0..n): the rate r in (-0.99, 10] where cor_npv() is 0,
 * by bisection to machine precision, only when the stream changes sign exactly once (then
 * the root is unique: Descartes' rule of signs in x = 1/(1+r)); *eirr is NAN otherwise. */
cor_eirr_status cor_irr(const double *net, size_t n, double *eirr, int *sign_changes);

/* PVs, NPV, BCR and EIRR of a benefit and a cost stream (USD per year, year 0 first; the EIRR
 * looks at the first COR_PROJECT_MAX_YEARS years). */
void cor_cashflow_eval(const double *benefits, const double *costs, size_t n, double rate,
                       cor_cashflow *out);

/* ---- appraisal ---- */

typedef struct cor_appraise_opts {
    int from_year;            /* first year of the stream (t = 0); 0: the first capital year */
    int horizon_years;        /* length of the stream, 1 to COR_PROJECT_MAX_YEARS */
    double discount_rate;     /* real, per year, > -1 */
    double carbon_price_usd_per_t; /* USD per tonne CO2e, constant in real terms, >= 0 */
    double growth;            /* demand growth per year from from_year, > -1 */
    double elasticity;        /* of demand to generalized cost, <= 0 (0: fixed demand) */
    double capital_factor;    /* multiplies every capital cost (1; sweeps draw it) */
    const char *projects[8];  /* project tags to cost; n_projects 0: the tags of the links
                                 B opens (usable in B, not in A) found in projects.csv */
    size_t n_projects;
} cor_appraise_opts;

/* Defaults: from_year 0, 30 years, 9% (ADB 2017), 36.3 USD/t CO2e (ADB 2017), no growth,
 * fixed demand, capital factor 1, projects from the links B opens. */
void cor_appraise_opts_default(cor_appraise_opts *o);

/* Sets the appraisal option `name` from its text `value`, as the CLI's --NAME (with '-' for
 * '_') and the server's NAME= take it, each read by cor_number_parse(): "from_year" (a whole
 * number, 1900 to 2200), "horizon" (a whole number of years, 1 to COR_PROJECT_MAX_YEARS),
 * "discount" (-0.5 to 1), "carbon_price" (0 to 1e6 USD/t), "growth" (-0.5 to 1), "elasticity"
 * (-10 to 0). The project tags stay with the caller, who owns their text. Returns COR_OK;
 * COR_ERR_INPUT with a message that does not name the option; COR_ERR_NOTFOUND for another
 * name. On failure o is unchanged. */
cor_status cor_appraise_opts_set(cor_appraise_opts *o, const char *name, const char *value,
                                 cor_err *err);

/* A year of the stream. benefits = time + cost + induced fees + emissions (economic);
 * costs = capital + maintenance - residual. */
typedef struct cor_appraise_year {
    int year;
    double benefits_usd, costs_usd;
    double time_usd, cost_usd, induced_fees_usd, emissions_usd;
    double capital_usd, maintenance_usd, residual_usd;
} cor_appraise_year;

/* One sensitivity test: the stream recomputed with a change. */
typedef struct cor_appraise_test {
    const char *name;         /* "base", "capital +20%", "benefits -20%", "two-year delay" */
    cor_cashflow cf;
} cor_appraise_test;

/* A country's share: gains per year in the opening year (USD, tonnes CO2e). */
typedef struct cor_appraise_country {
    char country[3];
    double shipper_savings_usd;   /* generalized cost savings of the flows it sends or
                                     receives (half to the origin, half to the destination),
                                     fees included */
    double fee_change_usd;        /* border fee revenue on its side under B minus under A: a
                                     transfer, not a benefit */
    double co2e_change_t;         /* tonnes CO2e emitted on its territory, B minus A */
} cor_appraise_country;

typedef struct cor_appraisal {
    cor_appraise_opts opts;       /* as used (from_year filled in) */
    char projects[8][65];         /* the tags costed */
    size_t n_projects;
    int opening_year;             /* the latest opening year of the projects */
    /* the demand year's figures (before growth), USD or tonnes per year */
    double time_usd, cost_usd, induced_fees_usd, fee_transfer_usd, co2e_change_t;
    double shipper_savings_usd;   /* rule-of-a-half generalized cost savings, fees included */
    size_t n_od_changed;          /* OD flows whose cost per tonne changes */
    size_t n_od_skipped;          /* OD flows routed under one scenario only (no benefit) */
    cor_appraise_year *years;     /* horizon_years entries */
    size_t n_years;
    cor_cashflow cf;              /* of the base stream */
    double first_year_return;     /* benefits of the opening year / capital (undiscounted) */
    double capital_usd;           /* undiscounted total */
    double switch_capital;        /* capital increase that makes NPV 0 (0.25 = +25%): NPV /
                                     PV(capital - residual value) */
    double switch_benefits;       /* benefit decrease that makes NPV 0 (0.25 = -25%): NPV /
                                     PV(benefits) */
    cor_appraise_test tests[4];   /* base, capital +20%, benefits -20%, two-year delay */
    size_t n_tests;
    cor_appraise_country *countries; /* sorted by code */
    size_t n_countries;
    bool has_emissions;           /* an emission table was given */
} cor_appraisal;

void cor_appraisal_free(cor_appraisal *a);  /* NULL does nothing */

/* Appraises B against A: a and b are assignments of the same demand on net_a and net_b
 * (the same network under two scenarios) with options fo. em may be NULL (no emissions).
 * Per OD flow, with T tonnes and generalized cost per tonne g = USD + VOT x hours (averaged
 * over its routes by share): benefit 1/2 (T_A + T_B)(g_A - g_B), the rule of a half, with
 * T_B = T_A (g_B / g_A)^elasticity; border fees are a transfer (shippers' savings are the
 * countries' losses) and leave the economic benefit. COR_ERR_INPUT when no project applies
 * (the message says which tags B opens) or an option is out of range. */
cor_status cor_appraise(const cor_net *net_a, const cor_freight_result *a, const cor_net *net_b,
                        const cor_freight_result *b, const cor_demand *demand,
                        const cor_freight_opts *fo, const cor_emissions *em,
                        const cor_projects *projects, const cor_appraise_opts *o,
                        cor_appraisal **out, cor_err *err);

/* Text and JSON (docs/json.md) of an appraisal; NULL when out of memory, free() the JSON. */
void cor_appraisal_print(FILE *f, const char *name_a, const char *name_b,
                         const cor_appraisal *a);
/* The appraisal section of corridor report: an <h2> section with the indicators, the
 * sensitivity table, the switching values and the country distribution (docs/report.md). */
void cor_appraisal_html(FILE *f, const cor_appraisal *a);
char *cor_appraisal_json(const char *name_a, const char *name_b, const cor_appraisal *a);

/* One assignment of an emissions table (assign has one, compare two: A then B). */
typedef struct cor_co2e_side {
    const cor_net *net;
    const cor_freight_result *r;
} cor_co2e_side;

/* Tonnes CO2e per year by country and in total (cor_emissions_accounts()) of n (1 or 2)
 * assignments of demand d with options o: a text table, or the JSON text `json` (taken over:
 * freed) with a key "co2e" added, {"total_t", "countries": [{"country", "t"}]} for one side,
 * {"a": ..., "b": ...} for two (docs/json.md). NULL when out of memory or json is NULL. */
void cor_co2e_print(FILE *f, const cor_emissions *e, const cor_demand *d,
                    const cor_freight_opts *o, const cor_co2e_side *sides, size_t n);
char *cor_co2e_json_attach(char *json, const cor_emissions *e, const cor_demand *d,
                           const cor_freight_opts *o, const cor_co2e_side *sides, size_t n);

#endif
