/*
 * corridor: exporting a network (and a saved run's link flows) to PostgreSQL/PostGIS in the
 * layout pgRouting expects, so that pgr_dijkstra and QGIS work on corridor's data.
 * Tables, columns and what `cost` means: docs/storage.md.
 */
#ifndef CORRIDOR_EXPORT_H
#define CORRIDOR_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "corridor/diag.h"
#include "corridor/net.h"
#include "corridor/store.h"

typedef struct cor_pg_opts {
    const char *dsn;          /* libpq connection string or URI, e.g. postgresql:///gis */
    const char *schema;       /* target schema, created when missing; NULL: "corridor" */
    const char *scenario;     /* the scenario the network was loaded with, for the record; NULL */
    double tonnes;            /* shipment size for usd_per_t (and per-vehicle border fees);
                                 0: 20 t */
    /* a saved run's link flows, per side (0: assign or compare's A, 1: compare's B) */
    int64_t run_id;           /* 0: no flows */
    const cor_link_flow *flows[2];
    size_t n_flows[2];
    size_t n_sides;
} cor_pg_opts;

/* What an export wrote. */
typedef struct cor_pg_counts {
    size_t vertices, edges, flows;
} cor_pg_counts;

/* Writes SCHEMA.vertices, SCHEMA.edges, SCHEMA.export_info and (with a run) SCHEMA.flows,
 * dropping and recreating them, in one transaction: on failure the database is as it was.
 * Needs PostGIS in the database (it is created when missing and the user may). Returns
 * COR_ERR_IO when the server cannot be reached or refuses a statement, COR_ERR_INPUT for a bad
 * schema name or a flow on a link the network does not have; err says which. counts may be
 * NULL. */
cor_status cor_export_pg(const cor_net *net, const cor_pg_opts *o, cor_pg_counts *counts,
                         cor_err *err);

#endif
