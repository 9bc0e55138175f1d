/*
 * corridor: run history in SQLite. An assign or compare run is saved with its inputs'
 * SHA-256 checksums, its parameters, its summary figures, country accounts, link flows and the
 * main route of every OD flow, so that analysts can list, compare and reproduce runs.
 * Schema, versions and migrations: docs/storage.md.
 */
#ifndef CORRIDOR_STORE_H
#define CORRIDOR_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "corridor/diag.h"
#include "corridor/freight.h"
#include "corridor/net.h"

/* The schema version this build writes (PRAGMA user_version). Versions that exist: 1
 * (docs/storage.md). Older databases are migrated when opened; newer ones are refused. */
#define COR_STORE_SCHEMA_VERSION 3

/* An open run database. One per thread: the handle is not shared between threads, but any
 * number of processes may open the same file (WAL mode: readers never block the writer). */
typedef struct cor_store cor_store;

/* Opens the run database at path, creating it when create is non-zero (otherwise a missing
 * file is COR_ERR_NOTFOUND), switches it to WAL mode and migrates it to
 * COR_STORE_SCHEMA_VERSION in one transaction. On failure returns COR_ERR_IO (cannot open,
 * locked, not a database) or COR_ERR_INPUT (a database of another program, or a schema newer
 * than this build), err says why, *out is NULL and the file is unchanged. Close with
 * cor_store_close(). */
cor_status cor_store_open(const char *path, int create, cor_store **out, cor_err *err);
void cor_store_close(cor_store *s); /* NULL does nothing */

/* The schema version of the open database (COR_STORE_SCHEMA_VERSION after a successful open). */
int cor_store_schema_version(cor_store *s);

/* An input file of a run; its SHA-256 is computed when the run is saved. role is "network",
 * "scenario" or "demand". */
typedef struct cor_run_input {
    const char *role, *path;
} cor_run_input;

/* One assignment of a run: assign has one, compare two (A then B). */
typedef struct cor_run_side {
    const char *scenario;        /* as given on the command line; NULL for none */
    const char *scenario_chain;  /* "base > tripp", or NULL */
    const cor_net *net;
    const cor_freight_result *result;
} cor_run_side;

typedef struct cor_run_spec {
    const char *command;         /* "assign" or "compare" */
    time_t started;              /* when the command started; 0: now */
    const char *net_dir, *demand_path;
    const cor_demand *demand;
    const cor_freight_opts *opts;
    cor_run_side sides[2];
    size_t n_sides;              /* 1 for assign, 2 for compare */
    const cor_run_input *inputs; /* files to checksum */
    size_t n_inputs;
    const char *appraisal_json;  /* compare only: the appraisal of B against A as
                                    cor_appraisal_json() gives it, kept as it is; NULL: none */
} cor_run_spec;

/* Saves a run in one transaction: either all of it is stored, or (on any failure, or a crash)
 * nothing and the database is as it was. Sets *id to the new run's id. Returns COR_ERR_IO
 * when an input cannot be read or the database cannot be written, COR_ERR_INPUT for a bad
 * spec; err says which. */
cor_status cor_store_save(cor_store *s, const cor_run_spec *spec, int64_t *id, cor_err *err);

/* One line of the run list. Strings belong to the list. */
typedef struct cor_run_summary {
    int64_t id;
    char *started_utc, *saved_utc;  /* ISO 8601, e.g. 2026-11-29T17:30:15Z */
    char *command;
    char *scenarios;                /* "base", "base vs tripp", or "" for no scenario */
    char *method, *minimize, *corridor_version;
    double tonnes_total;
    double tonnes_routed[2];        /* per side; [1] only for compare */
    size_t n_sides;
} cor_run_summary;

/* Lists every run, oldest first. *runs is an array of *n summaries (NULL when none), freed with
 * cor_store_list_free(). Returns COR_ERR_IO or COR_ERR_NOMEM on failure. */
cor_status cor_store_list(cor_store *s, cor_run_summary **runs, size_t *n, cor_err *err);
void cor_store_list_free(cor_run_summary *runs, size_t n);

/* The list as a JSON array of objects (keys as the struct's fields; docs/storage.md). NULL when
 * out of memory; free() it. */
char *cor_store_list_json(const cor_run_summary *runs, size_t n);

/* The list as text: a header and a row per run, or "no runs in DB" (db: the database's name). */
void cor_store_list_print(FILE *f, const cor_run_summary *runs, size_t n, const char *db);

/* A saved run as JSON (docs/storage.md): its metadata, inputs with checksums, parameters, the
 * summary keys of the original command's --json output with byte-identical figures, and per
 * side the country accounts, link flows and OD main routes ("od": null for runs saved under
 * schema version 1, which did not record them). *json is owned by the caller
 * (free()). COR_ERR_NOTFOUND when there is no run id. */
cor_status cor_store_get_json(cor_store *s, int64_t id, char **json, cor_err *err);

/* A saved run's JSON (cor_store_get_json()) as text: what it was run on and with, its inputs
 * and each side's country accounts. COR_ERR_INPUT, with nothing printed, when json does not
 * parse. */
cor_status cor_store_run_print(FILE *f, const char *json);

/* Deletes a run and everything saved with it (one transaction). COR_ERR_NOTFOUND when there
 * is no run id. */
cor_status cor_store_delete(cor_store *s, int64_t id, cor_err *err);

/* A saved link volume: the link's id in the network and its tonnes per year. */
typedef struct cor_link_flow {
    char *link;
    double tonnes;
} cor_link_flow;

/* The link flows of a run's side (0 for assign and compare's A, 1 for compare's B), links
 * with a volume only, in link-id order. *flows is freed with cor_store_flows_free().
 * COR_ERR_NOTFOUND when the run or the side does not exist. */
cor_status cor_store_link_flows(cor_store *s, int64_t id, size_t side, cor_link_flow **flows,
                                size_t *n, cor_err *err);
void cor_store_flows_free(cor_link_flow *flows, size_t n);

/* The link flows of every side of a run (cor_store_link_flows()): side 0 and, when the run has
 * one (a compare), side 1, into flows[s] and n[s]; *n_sides is 1 or 2. The unused side is NULL
 * and 0. Free each with cor_store_flows_free(). COR_ERR_NOTFOUND when there is no run id
 * (nothing is then set but NULLs and 0s). */
cor_status cor_store_run_flows(cor_store *s, int64_t id, cor_link_flow *flows[2], size_t n[2],
                               size_t *n_sides, cor_err *err);

#endif
