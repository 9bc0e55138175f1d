/* Export to PostgreSQL/PostGIS through libpq: nodes as pgRouting vertices, links as edges with
 * cost/reverse_cost (hours, border dwell folded in), a saved run's flows; one transaction.
 * Layout and the meaning of cost: docs/storage.md. */
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/export.h"
#include "corridor/version.h"
#include "net/net_int.h"

/* Statuses of `cost` (what corridor routes on by default) and of `cost_planned` (as
 * `--status planned`: operating, under construction and planned). */
#define OPERATING COR_STATUS_BIT(COR_STATUS_OPERATING)
#define UP_TO_PLANNED                                                                        \
    (COR_STATUS_BIT(COR_STATUS_OPERATING) | COR_STATUS_BIT(COR_STATUS_CONSTRUCTION) |        \
     COR_STATUS_BIT(COR_STATUS_PLANNED))

static cor_status pg_fail(cor_err *err, PGconn *c, const char *what)
{
    char msg[900];
    snprintf(msg, sizeof msg, "%s", PQerrorMessage(c));
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    return cor_err_set(err, COR_ERR_IO, "%s: %s", what, msg);
}

/* Runs a statement that returns no rows (or any rows, ignored). */
static int run(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return ok;
}

/* A double as text that float8 reads back exactly (17 significant digits), or NULL for NAN. */
static const char *num(char *buf, double v)
{
    if (isnan(v))
        return NULL;
    snprintf(buf, 32, "%.17g", v);
    return buf;
}

/* The arc of link k leaving node `from`, or NULL. */
static const cor_arc *arc_of(const cor_net *net, uint32_t k, uint32_t from)
{
    for (uint32_t a = net->arc_first[from]; a < net->arc_first[from + 1]; a++)
        if (net->arcs[a].link == k)
            return &net->arcs[a];
    return NULL;
}

/* Cost of travelling an arc for pgRouting: link hours plus the mean dwell of the border it
 * crosses (corridor's router charges the dwell on the crossing move, router.c cost_move), or
 * -1 (pgRouting's "no edge in this direction") when the link is not a transport link usable
 * under `statuses`. */
static double arc_cost(const cor_net *net, const cor_link *k, const cor_arc *arc,
                       unsigned statuses)
{
    if (!arc || !(COR_MODE_BIT(k->mode) & COR_TRANSPORT_MODES) ||
        !(statuses & COR_STATUS_BIT(k->status)))
        return -1;
    double h = cor_link_hours(k);
    if (isnan(h))
        return -1;
    return h + (arc->border >= 0 ? net->borders[arc->border].dwell_h : 0);
}

static double arc_dwell(const cor_net *net, const cor_arc *arc)
{
    return arc && arc->border >= 0 ? net->borders[arc->border].dwell_h : (arc ? 0 : NAN);
}

/* USD per tonne of one shipment of t tonnes over the arc: link tariffs and the border's fees
 * (per tonne, and per vehicle spread over the shipment), as the router charges them. */
static double arc_usd_per_t(const cor_net *net, const cor_link *k, const cor_arc *arc, double t)
{
    if (!arc || !(COR_MODE_BIT(k->mode) & COR_TRANSPORT_MODES))
        return NAN;
    double usd = k->usd_per_tkm * k->length_km * t + k->usd_per_t * t;
    if (arc->border >= 0) {
        const cor_border *b = &net->borders[arc->border];
        usd += b->fee_usd_per_t * t + b->fee_usd_per_vehicle * cor_vehicles(k->mode, t);
    }
    return usd / t;
}

static int valid_schema(const char *s)
{
    if (!*s || strlen(s) > 63 || (*s >= '0' && *s <= '9'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static const char schema_sql[] =
    "DROP TABLE IF EXISTS %1$s.flows, %1$s.edges, %1$s.vertices, %1$s.export_info;\n"
    "CREATE TABLE %1$s.vertices (\n"
    "  id bigint PRIMARY KEY, node_id text NOT NULL UNIQUE, name text NOT NULL,\n"
    "  country char(2) NOT NULL, region text, geom geometry(Point, 4326) NOT NULL);\n"
    "CREATE TABLE %1$s.edges (\n"
    "  id bigint PRIMARY KEY, source bigint NOT NULL REFERENCES %1$s.vertices(id),\n"
    "  target bigint NOT NULL REFERENCES %1$s.vertices(id),\n"
    "  cost double precision NOT NULL, reverse_cost double precision NOT NULL,\n"
    "  cost_planned double precision NOT NULL, reverse_cost_planned double precision NOT NULL,\n"
    "  link_id text NOT NULL UNIQUE, mode text NOT NULL, status text NOT NULL, gauge text,\n"
    "  both_ways boolean NOT NULL, length_km double precision NOT NULL,\n"
    "  hours double precision, border_dwell_h double precision,\n"
    "  reverse_border_dwell_h double precision, usd_per_t double precision,\n"
    "  reverse_usd_per_t double precision, capacity_tpy double precision, year integer,\n"
    "  corridors text, data_source text, geom geometry(LineString, 4326));\n"
    "CREATE TABLE %1$s.flows (\n"
    "  run_id bigint NOT NULL, side integer NOT NULL, scenario text,\n"
    "  edge_id bigint NOT NULL REFERENCES %1$s.edges(id), link_id text NOT NULL,\n"
    "  tonnes double precision NOT NULL, geom geometry(LineString, 4326),\n"
    "  PRIMARY KEY (run_id, side, edge_id));\n"
    "CREATE TABLE %1$s.export_info (key text PRIMARY KEY, value text);\n";

static const char index_sql[] =
    "UPDATE %1$s.edges e SET geom = ST_MakeLine(s.geom, t.geom) FROM %1$s.vertices s, "
    "%1$s.vertices t WHERE s.id = e.source AND t.id = e.target;\n"
    "UPDATE %1$s.flows f SET geom = e.geom FROM %1$s.edges e WHERE e.id = f.edge_id;\n"
    "CREATE INDEX ON %1$s.edges (source);\n"
    "CREATE INDEX ON %1$s.edges (target);\n"
    "CREATE INDEX ON %1$s.vertices USING gist (geom);\n"
    "CREATE INDEX ON %1$s.edges USING gist (geom);\n"
    "CREATE INDEX ON %1$s.flows USING gist (geom);\n";

/* Runs a prepared statement with text parameters. */
static int exec_prepared(PGconn *c, const char *name, int n, const char *const *params)
{
    PGresult *r = PQexecPrepared(c, name, n, params, NULL, NULL, 0);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
}


static int prepare(PGconn *c, const char *name, const char *stmt, int n)
{
    PGresult *r = PQprepare(c, name, stmt, n, NULL);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
}

static cor_status write_vertices(PGconn *c, const cor_net *net, const char *schema,
                                 cor_pg_counts *cnt, cor_err *err)
{
    char stmt[1024];
    snprintf(stmt, sizeof stmt,
             "INSERT INTO %s.vertices (id, node_id, name, country, region, geom) VALUES ($1, $2, "
             "$3, $4, $5, ST_SetSRID(ST_MakePoint($6::float8, $7::float8), 4326))", schema);
    if (!prepare(c, "vertex", stmt, 7))
        return pg_fail(err, c, "cannot prepare the vertices");
    for (uint32_t i = 0; i < net->n_nodes; i++) {
        const cor_node *v = &net->nodes[i];
        char id[24], lon[32], lat[32];
        snprintf(id, sizeof id, "%u", i + 1);
        const char *p[7] = {id, v->id, v->name, v->country, v->region && *v->region ? v->region : NULL,
                            num(lon, v->lon), num(lat, v->lat)};
        if (!exec_prepared(c, "vertex", 7, p))
            return pg_fail(err, c, "cannot write the vertices");
    }
    cnt->vertices = net->n_nodes;
    return COR_OK;
}

static cor_status write_edges(PGconn *c, const cor_net *net, const char *schema, double t,
                              cor_pg_counts *cnt, cor_err *err)
{
    char stmt[1024];
    snprintf(stmt, sizeof stmt,
             "INSERT INTO %s.edges (id, source, target, cost, reverse_cost, cost_planned, "
             "reverse_cost_planned, link_id, mode, status, gauge, both_ways, length_km, hours, "
             "border_dwell_h, reverse_border_dwell_h, usd_per_t, reverse_usd_per_t, capacity_tpy, "
             "year, corridors, data_source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
             "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)", schema);
    if (!prepare(c, "edge", stmt, 22))
        return pg_fail(err, c, "cannot prepare the edges");
    for (uint32_t i = 0; i < net->n_links; i++) {
        const cor_link *k = &net->links[i];
        const cor_arc *fw = arc_of(net, i, k->from);
        const cor_arc *bw = k->both_ways ? arc_of(net, i, k->to) : NULL;
        char b[20][32];
        snprintf(b[0], 32, "%u", i + 1);
        snprintf(b[1], 32, "%u", k->from + 1);
        snprintf(b[2], 32, "%u", k->to + 1);
        snprintf(b[3], 32, "%d", k->year);
        const char *p[22] = {
            b[0], b[1], b[2],
            num(b[4], arc_cost(net, k, fw, OPERATING)),
            num(b[5], arc_cost(net, k, bw, OPERATING)),
            num(b[6], arc_cost(net, k, fw, UP_TO_PLANNED)),
            num(b[7], arc_cost(net, k, bw, UP_TO_PLANNED)),
            k->id, cor_mode_name(k->mode), cor_status_name(k->status),
            k->gauge == COR_GAUGE_NONE ? NULL : cor_gauge_name(k->gauge),
            k->both_ways ? "true" : "false",
            num(b[8], k->length_km), num(b[9], cor_link_hours(k)),
            num(b[10], arc_dwell(net, fw)), num(b[11], arc_dwell(net, bw)),
            num(b[12], arc_usd_per_t(net, k, fw, t)), num(b[13], arc_usd_per_t(net, k, bw, t)),
            num(b[14], k->capacity_tpy), k->year ? b[3] : NULL,
            *k->corridors ? k->corridors : NULL, k->source};
        if (!exec_prepared(c, "edge", 22, p))
            return pg_fail(err, c, "cannot write the edges");
    }
    cnt->edges = net->n_links;
    return COR_OK;
}

/* The link flows of the run o->run_id, each side. */
static cor_status write_flows(PGconn *c, const cor_net *net, const cor_pg_opts *o,
                              const char *schema, cor_pg_counts *cnt, cor_err *err)
{
    char stmt[1024];
    snprintf(stmt, sizeof stmt,
             "INSERT INTO %s.flows (run_id, side, scenario, edge_id, link_id, tonnes) VALUES ($1, "
             "$2, $3, $4, $5, $6)", schema);
    if (!prepare(c, "flow", stmt, 6))
        return pg_fail(err, c, "cannot prepare the flows");
    for (size_t s = 0; o->run_id && s < o->n_sides; s++) {
        for (size_t i = 0; i < o->n_flows[s]; i++) {
            const cor_link_flow *fl = &o->flows[s][i];
            uint32_t k = 0;
            while (k < net->n_links && strcmp(net->links[k].id, fl->link) != 0)
                k++;
            if (k == net->n_links)
                return cor_err_set(err, COR_ERR_INPUT,
                                   "run %lld: expected its links in the network %s, found a flow "
                                   "on link %s, which it does not have (another network?)",
                                   (long long)o->run_id, net->dir, fl->link);
            char b[4][32];
            snprintf(b[0], 32, "%lld", (long long)o->run_id);
            snprintf(b[1], 32, "%zu", s);
            snprintf(b[2], 32, "%u", k + 1);
            const char *p[6] = {b[0], b[1], NULL, b[2], fl->link, num(b[3], fl->tonnes)};
            if (!exec_prepared(c, "flow", 6, p))
                return pg_fail(err, c, "cannot write the flows");
            cnt->flows++;
        }
    }
    return COR_OK;
}

static cor_status write_info(PGconn *c, const cor_net *net, const cor_pg_opts *o,
                             const char *schema, double t, cor_err *err)
{
    char stmt[1024];
    snprintf(stmt, sizeof stmt, "INSERT INTO %s.export_info (key, value) VALUES ($1, $2)",
             schema);
    char tbuf[32], run_id[32];
    snprintf(run_id, sizeof run_id, "%lld", (long long)o->run_id);
    const char *info[][2] = {
        {"corridor_version", CORRIDOR_VERSION},
        {"network_dir", net->dir},
        {"scenario", o->scenario},
        {"shipment_tonnes", num(tbuf, t)},
        {"run_id", o->run_id ? run_id : NULL},
        {"cost", "hours of the link plus the mean dwell of the border it crosses; -1 where the "
                 "link is not an operating transport link (cost_planned: operating, "
                 "construction or planned)"},
    };
    for (size_t i = 0; i < sizeof info / sizeof *info; i++) {
        PGresult *r = PQexecParams(c, stmt, 2, NULL, info[i], NULL, NULL, 0);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok)
            return pg_fail(err, c, "cannot write export_info");
    }
    return COR_OK;
}

static cor_status write_all(PGconn *c, const cor_net *net, const cor_pg_opts *o,
                            const char *schema, cor_pg_counts *cnt, cor_err *err)
{
    char *sql = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&sql, &len);
    if (!f)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    fprintf(f, "CREATE SCHEMA IF NOT EXISTS %s;\n", schema);
    fprintf(f, schema_sql, schema);
    fclose(f);
    int ok = run(c, sql);
    free(sql);
    if (!ok)
        return pg_fail(err, c, "cannot create the tables");
    double t = o->tonnes > 0 ? o->tonnes : 20;
    cor_status st = write_vertices(c, net, schema, cnt, err);
    if (st == COR_OK)
        st = write_edges(c, net, schema, t, cnt, err);
    if (st == COR_OK)
        st = write_flows(c, net, o, schema, cnt, err);
    if (st != COR_OK)
        return st;
    f = open_memstream(&sql, &len);
    if (!f)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    fprintf(f, index_sql, schema);
    fclose(f);
    ok = run(c, sql);
    free(sql);
    if (!ok)
        return pg_fail(err, c, "cannot build the geometries and indexes");
    return write_info(c, net, o, schema, t, err);
}

static void ignore_notice(void *arg, const char *message)
{
    (void)arg, (void)message;
}

cor_status cor_export_pg(const cor_net *net, const cor_pg_opts *o, cor_pg_counts *counts,
                         cor_err *err)
{
    cor_pg_counts cnt = {0, 0, 0};
    const char *schema = o->schema ? o->schema : "corridor";
    if (!valid_schema(schema))
        return cor_err_set(err, COR_ERR_INPUT,
                           "--schema: expected a lowercase name of letters, digits and '_' (not "
                           "starting with a digit, at most 63), found \"%s\"", schema);
    if (!o->dsn)
        return cor_err_set(err, COR_ERR_INPUT, "--dsn: expected a connection string");
    PGconn *c = PQconnectdb(o->dsn);
    if (!c)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    cor_status st = COR_OK;
    if (PQstatus(c) != CONNECTION_OK) {
        st = pg_fail(err, c, "cannot connect to PostgreSQL");
        goto out;
    }
    /* the library prints nothing: libpq would print NOTICEs and WARNINGs to stderr */
    PQsetNoticeProcessor(c, ignore_notice, NULL);
    if (!run(c, "SET client_min_messages = warning") || !run(c, "BEGIN")) {
        st = pg_fail(err, c, "cannot start the export");
        goto out;
    }
    PGresult *r = PQexec(c, "SELECT 1 FROM pg_extension WHERE extname = 'postgis'");
    int have_postgis = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    PQclear(r);
    if (!have_postgis && !run(c, "CREATE EXTENSION postgis")) {
        st = pg_fail(err, c, "PostGIS is not installed in this database and cannot be created "
                             "(run CREATE EXTENSION postgis as its owner)");
        goto rollback;
    }
    if ((st = write_all(c, net, o, schema, &cnt, err)) != COR_OK)
        goto rollback;
    if (!run(c, "COMMIT")) {
        st = pg_fail(err, c, "cannot commit the export");
        goto out;
    }
    if (counts)
        *counts = cnt;
    goto out;
rollback:
    run(c, "ROLLBACK");
out:
    PQfinish(c);
    return st;
}
