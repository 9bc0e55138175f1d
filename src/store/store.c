/* Run history in SQLite: opening a database in WAL mode, the versioned schema and its
 * migrations, saving a run in one transaction, listing and deleting runs. The JSON of a saved
 * run is built in run_json.c. Schema and versions: docs/storage.md. */
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "corridor/report.h"
#include "corridor/store.h"
#include "corridor/version.h"
#include "store/store_int.h"
#include "util/sha256.h"
#include "util/strutil.h"

/* migrations[v] takes a database from schema version v to v + 1; migrations[0] creates the
 * first schema. A new version appends a step: never edit a step that has shipped (the
 * v1 creation SQL is kept as tests/data/store/schema-v1.sql to test the migrations from it). */
static const char *const migrations[COR_STORE_SCHEMA_VERSION] = {
    /* v1 */
    "CREATE TABLE runs (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  started_utc TEXT NOT NULL,\n"
    "  saved_utc TEXT NOT NULL,\n"
    "  command TEXT NOT NULL CHECK (command IN ('assign', 'compare')),\n"
    "  corridor_version TEXT NOT NULL,\n"
    "  net_dir TEXT NOT NULL,\n"
    "  demand_path TEXT NOT NULL,\n"
    "  method TEXT NOT NULL,\n"
    "  minimize TEXT NOT NULL,\n"
    "  vot_usd_per_t_h REAL NOT NULL,\n"
    "  shipment_tonnes REAL NOT NULL,\n"
    "  modes TEXT NOT NULL,\n"
    "  statuses TEXT NOT NULL,\n"
    "  avoid TEXT NOT NULL,\n"
    "  dwell TEXT NOT NULL,\n"
    "  routes_per_od INTEGER NOT NULL,\n"
    "  max_overlap REAL NOT NULL,\n"
    "  theta REAL NOT NULL,\n"
    "  tonnes_total REAL NOT NULL\n"
    ");\n"
    "CREATE TABLE run_inputs (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL,\n"
    "  role TEXT NOT NULL,\n"
    "  path TEXT NOT NULL,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, pos)\n"
    ");\n"
    "CREATE TABLE run_sides (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  side INTEGER NOT NULL,\n"
    "  scenario TEXT,\n"
    "  scenario_chain TEXT,\n"
    "  tonnes_routed REAL NOT NULL,\n"
    "  tonnes_unrouted REAL NOT NULL,\n"
    "  PRIMARY KEY (run_id, side)\n"
    ");\n"
    "CREATE TABLE run_accounts (\n"
    "  run_id INTEGER NOT NULL,\n"
    "  side INTEGER NOT NULL,\n"
    "  country TEXT NOT NULL,\n"
    "  role TEXT NOT NULL CHECK (role IN ('origin', 'destination', 'transit')),\n"
    "  tonnes REAL NOT NULL,\n"
    "  tonne_km REAL NOT NULL,\n"
    "  fees_usd REAL NOT NULL,\n"
    "  PRIMARY KEY (run_id, side, country, role),\n"
    "  FOREIGN KEY (run_id, side) REFERENCES run_sides(run_id, side) ON DELETE CASCADE\n"
    ");\n"
    "CREATE TABLE run_link_flows (\n"
    "  run_id INTEGER NOT NULL,\n"
    "  side INTEGER NOT NULL,\n"
    "  link TEXT NOT NULL,\n"
    "  tonnes REAL NOT NULL,\n"
    "  PRIMARY KEY (run_id, side, link),\n"
    "  FOREIGN KEY (run_id, side) REFERENCES run_sides(run_id, side) ON DELETE CASCADE\n"
    ");\n",
    /* v2: the main route of every OD flow; runs saved under v1 keep od_saved = 0 (not
     * recorded), which `runs show` reports as "od": null */
    "ALTER TABLE runs ADD COLUMN od_saved INTEGER NOT NULL DEFAULT 0;\n"
    "CREATE TABLE run_od (\n"
    "  run_id INTEGER NOT NULL,\n"
    "  side INTEGER NOT NULL,\n"
    "  pos INTEGER NOT NULL,\n"
    "  from_node TEXT NOT NULL,\n"
    "  to_node TEXT NOT NULL,\n"
    "  commodity TEXT NOT NULL,\n"
    "  tonnes REAL NOT NULL,\n"
    "  routed INTEGER NOT NULL,\n"
    "  cost_per_t REAL,\n"
    "  main_share REAL,\n"
    "  main_countries TEXT,\n"
    "  main_km REAL,\n"
    "  main_hours REAL,\n"
    "  message TEXT,\n"
    "  PRIMARY KEY (run_id, side, pos),\n"
    "  FOREIGN KEY (run_id, side) REFERENCES run_sides(run_id, side) ON DELETE CASCADE\n"
    ");\n",
    /* v3: the appraisal of a compare run saved by corridor appraise --save (its --json text) */
    "CREATE TABLE run_appraisals (\n"
    "  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  appraisal TEXT NOT NULL\n"
    ");\n",
};

enum { BUSY_TIMEOUT_MS = 15000 };

struct cor_store {
    sqlite3 *db;
    int version;
    int busy; /* the last setup step failed on SQLITE_BUSY: worth trying again */
};

static cor_status db_err(cor_err *err, sqlite3 *db, const char *what)
{
    return cor_err_set(err, COR_ERR_IO, "%s: %s", what, sqlite3_errmsg(db));
}

static int is_busy(sqlite3 *db) { return (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY; }

static int int_pragma(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    int ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return ok;
}

/* Brings the schema to COR_STORE_SCHEMA_VERSION inside one transaction, so that a failed or
 * interrupted migration leaves the database at its old version. */
static cor_status migrate(cor_store *s, const char *path, cor_err *err)
{
    sqlite3 *db = s->db;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        s->busy = is_busy(db);
        return db_err(err, db, path);
    }
    int v = 0, tables = 0;
    cor_status st = COR_OK;
    if (!int_pragma(db, "PRAGMA user_version", &v) ||
        !int_pragma(db, "SELECT count(*) FROM sqlite_schema", &tables)) {
        st = db_err(err, db, path);
        goto fail;
    }
    if (v < 0) {
        st = cor_err_set(err, COR_ERR_INPUT,
                         "%s: expected a schema version from 0 to %d, found %d (not a corridor "
                         "run database)", path, COR_STORE_SCHEMA_VERSION, v);
        goto fail;
    }
    if (v > COR_STORE_SCHEMA_VERSION) {
        st = cor_err_set(err, COR_ERR_INPUT,
                         "%s: schema version %d is newer than this corridor knows (%d); use a "
                         "newer corridor", path, v, COR_STORE_SCHEMA_VERSION);
        goto fail;
    }
    if (v == 0 && tables > 0) {
        st = cor_err_set(err, COR_ERR_INPUT,
                         "%s: expected a corridor run database, found an SQLite database with "
                         "other tables (user_version 0)", path);
        goto fail;
    }
    /* corridor makes tables and indexes only: a trigger would run inside our saves (defensive
     * mode stops only functions with side effects; an AFTER INSERT trigger can delete other
     * runs), a view could stand in for a table */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT type, name FROM sqlite_schema WHERE type IN "
                           "('trigger', 'view') ORDER BY rowid LIMIT 1", -1, &q, NULL) != SQLITE_OK) {
        st = db_err(err, db, path);
        goto fail;
    }
    if (sqlite3_step(q) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(q, 0);
        const char *name = (const char *)sqlite3_column_text(q, 1);
        st = cor_err_set(err, COR_ERR_INPUT,
                         "%s: expected a corridor run database (tables only), found a %s named "
                         "\"%.64s\" that corridor did not make; refusing to use it", path,
                         type ? type : "?", name && cor_utf8_valid(name, strlen(name)) ? name : "?");
        sqlite3_finalize(q);
        goto fail;
    }
    sqlite3_finalize(q);
    for (int step = v; step < COR_STORE_SCHEMA_VERSION; step++) {
        char *msg = NULL;
        if (sqlite3_exec(db, migrations[step], NULL, NULL, &msg) != SQLITE_OK) {
            st = cor_err_set(err, COR_ERR_IO, "%s: migrating the schema from version %d to %d: %s",
                             path, step, step + 1, msg ? msg : "failed");
            sqlite3_free(msg);
            goto fail;
        }
    }
    if (v != COR_STORE_SCHEMA_VERSION) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", COR_STORE_SCHEMA_VERSION);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
            st = db_err(err, db, path);
            goto fail;
        }
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        st = db_err(err, db, path);
        goto fail;
    }
    s->version = COR_STORE_SCHEMA_VERSION;
    return COR_OK;
fail:
    s->busy = is_busy(db);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* WAL: readers (a server listing runs) never block a save, and a save that dies half-way
 * leaves the last committed state (https://sqlite.org/wal.html). */
static cor_status set_wal(cor_store *s, const char *path, cor_err *err)
{
    sqlite3_stmt *q = NULL;
    cor_status st = COR_OK;
    if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        s->busy = is_busy(s->db);
        st = cor_err_set(err, COR_ERR_IO, "%s: %s", path,
                         sqlite3_errcode(s->db) == SQLITE_NOTADB
                             ? "expected an SQLite database, found another kind of file"
                             : sqlite3_errmsg(s->db));
    }
    sqlite3_finalize(q);
    return st;
}

/* Switching to WAL and migrating take an exclusive lock. When several processes create a
 * database at once, SQLite answers SQLITE_BUSY without waiting where waiting could deadlock
 * (https://sqlite.org/c3ref/busy_handler.html), so these steps start again, for as long as
 * the busy timeout, until one process has made the schema and the others find it. */
static cor_status set_up(cor_store *s, const char *path, cor_err *err)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        s->busy = 0;
        cor_status st = set_wal(s, path, err);
        if (st == COR_OK && (st = migrate(s, path, err)) == COR_OK)
            return COR_OK;
        clock_gettime(CLOCK_MONOTONIC, &t);
        double ms = (t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6;
        if (!s->busy || ms >= BUSY_TIMEOUT_MS)
            return st;
        sqlite3_sleep(10);
    }
}

cor_status cor_store_open(const char *path, int create, cor_store **out, cor_err *err)
{
    *out = NULL;
    struct stat sb;
    if (!create && stat(path, &sb) != 0)
        return cor_err_set(err, COR_ERR_NOTFOUND,
                           "%s: no run database there (runs are saved with --save)", path);
    cor_store *s = calloc(1, sizeof *s);
    if (!s)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    cor_status st = COR_OK;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        st = cor_err_set(err, COR_ERR_IO, "cannot open %s: %s", path,
                         s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS); /* another process saving: wait for it */
    /* a database file may come from elsewhere: its schema (triggers, views) runs no function
     * with side effects, and no statement can corrupt the file on purpose
     * (https://sqlite.org/security.html) */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
        st = db_err(err, s->db, path);
        goto fail;
    }
    if ((st = set_up(s, path, err)) != COR_OK)
        goto fail;
    *out = s;
    return COR_OK;
fail:
    sqlite3_close(s->db);
    free(s);
    return st;
}

void cor_store_close(cor_store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    free(s);
}

int cor_store_schema_version(cor_store *s) { return s->version; }

sqlite3 *cor_store_db(cor_store *s) { return s->db; }

/* Comma-separated names of the bits set in mask. */
static void mask_names(char *buf, size_t n, unsigned mask, int count,
                       const char *(*name)(int))
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < count; i++)
        if (mask & (1u << i))
            len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? "," : "",
                                    name(i));
}

static const char *mode_name(int i) { return cor_mode_name((cor_mode)i); }
static const char *status_name(int i) { return cor_status_name((cor_link_status)i); }

static const char *const role_names[COR_ROLE_COUNT] = {"origin", "destination", "transit"};

/* Prepares, binds with a format ('i' int64, 'd' double, 't' text or NULL, 'z' size_t), steps
 * to completion. */
static int exec_bind(sqlite3 *db, const char *sql, const char *fmt, ...)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; fmt[i]; i++) {
        int k = i + 1;
        switch (fmt[i]) {
        case 'i': sqlite3_bind_int64(st, k, va_arg(ap, int64_t)); break;
        case 'z': sqlite3_bind_int64(st, k, (sqlite3_int64)va_arg(ap, size_t)); break;
        case 'd': sqlite3_bind_double(st, k, va_arg(ap, double)); break;
        default: {
            const char *t = va_arg(ap, const char *);
            if (t)
                sqlite3_bind_text(st, k, t, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(st, k);
        }
        }
    }
    va_end(ap);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

static void iso_utc(time_t t, char buf[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The OD flows of a side with their main route (the one carrying the largest share). */
static cor_status save_od(sqlite3 *db, int64_t id, size_t side, const cor_run_side *sd,
                          const cor_demand *d)
{
    const cor_freight_result *r = sd->result;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO run_od (run_id, side, pos, from_node, to_node, commodity, "
                           "tonnes, routed, cost_per_t, main_share, main_countries, main_km, "
                           "main_hours, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return COR_ERR_IO;
    cor_status status = COR_OK;
    for (size_t i = 0; i < r->n_od && status == COR_OK; i++) {
        const cor_od *od = cor_demand_od(d, i);
        const cor_od_result *res = &r->od[i];
        const cor_route *main = res->routed && res->n_routes ? &res->routes[0].route : NULL;
        char countries[256] = "";
        for (size_t c = 0; main && c < main->n_countries; c++)
            snprintf(countries + strlen(countries), sizeof countries - strlen(countries), "%s%s",
                     c ? ">" : "", main->countries[c]);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)side);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
        sqlite3_bind_text(st, 4, cor_net_node(sd->net, od->from)->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, cor_net_node(sd->net, od->to)->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, od->commodity, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 7, od->tonnes_per_year);
        sqlite3_bind_int(st, 8, main != NULL);
        if (main) {
            sqlite3_bind_double(st, 9, res->cost_per_t);
            sqlite3_bind_double(st, 10, res->routes[0].share);
            sqlite3_bind_text(st, 11, countries, -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(st, 12, main->km);
            sqlite3_bind_double(st, 13, main->hours);
        } else {
            sqlite3_bind_text(st, 14, res->message, -1, SQLITE_STATIC);
        }
        if (sqlite3_step(st) != SQLITE_DONE)
            status = COR_ERR_IO;
    }
    sqlite3_finalize(st);
    return status;
}

static cor_status save_side(sqlite3 *db, int64_t id, size_t side, const cor_run_side *sd)
{
    const cor_freight_result *r = sd->result;
    if (!exec_bind(db,
                   "INSERT INTO run_sides (run_id, side, scenario, scenario_chain, tonnes_routed, "
                   "tonnes_unrouted) VALUES (?, ?, ?, ?, ?, ?)",
                   "izttdd", id, side, sd->scenario, sd->scenario_chain, r->tonnes_routed,
                   r->tonnes_unrouted))
        return COR_ERR_IO;
    for (size_t i = 0; i < r->n_countries; i++) {
        const cor_country_account *a = &r->countries[i];
        for (int role = 0; role < COR_ROLE_COUNT; role++)
            if (!exec_bind(db,
                           "INSERT INTO run_accounts (run_id, side, country, role, tonnes, "
                           "tonne_km, fees_usd) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           "izttddd", id, side, a->country, role_names[role], a->tonnes[role],
                           a->tonne_km[role], a->fees_usd[role]))
                return COR_ERR_IO;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT INTO run_link_flows (run_id, side, link, tonnes) "
                               "VALUES (?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
        return COR_ERR_IO;
    for (size_t i = 0; i < r->n_links; i++) {
        if (r->link_tonnes[i] == 0)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)side);
        sqlite3_bind_text(st, 3, cor_net_link(sd->net, (uint32_t)i)->id, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 4, r->link_tonnes[i]);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return COR_ERR_IO;
        }
    }
    sqlite3_finalize(st);
    return COR_OK;
}

cor_status cor_store_save(cor_store *s, const cor_run_spec *spec, int64_t *id, cor_err *err)
{
    if (!spec->command ||
        (strcmp(spec->command, "assign") != 0 && strcmp(spec->command, "compare") != 0) ||
        spec->n_sides != (strcmp(spec->command, "assign") == 0 ? 1u : 2u) || !spec->opts ||
        !spec->demand || !spec->net_dir || !spec->demand_path ||
        (spec->appraisal_json && strcmp(spec->command, "compare") != 0))
        return cor_err_set(err, COR_ERR_INPUT,
                           "run: expected assign with one side or compare with two (and an "
                           "appraisal only with compare), with options, demand and network");
    /* checksums first: reading files inside the transaction would hold the write lock */
    char (*sums)[65] = calloc(spec->n_inputs ? spec->n_inputs : 1, sizeof *sums);
    if (!sums)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    cor_status st = COR_OK;
    for (size_t i = 0; i < spec->n_inputs && st == COR_OK; i++)
        st = cor_sha256_file(spec->inputs[i].path, sums[i], err);
    if (st != COR_OK) {
        free(sums);
        return st;
    }
    const cor_freight_opts *o = spec->opts;
    const cor_route_opts *ro = &o->route;
    char started[32], modes[128], statuses[128], avoid[COR_ROUTE_MAX_AVOID * 3 + 1] = "";
    iso_utc(spec->started ? spec->started : time(NULL), started);
    mask_names(modes, sizeof modes, ro->modes, COR_MODE_COUNT, mode_name);
    mask_names(statuses, sizeof statuses, ro->statuses, COR_STATUS_COUNT, status_name);
    for (size_t i = 0; i < ro->n_avoid; i++)
        snprintf(avoid + strlen(avoid), sizeof avoid - strlen(avoid), "%s%s", i ? "," : "",
                 ro->avoid[i]);
    sqlite3 *db = s->db;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        free(sums);
        return db_err(err, db, "cannot start saving the run");
    }
    int ok = exec_bind(
        db,
        "INSERT INTO runs (started_utc, saved_utc, command, corridor_version, net_dir, "
        "demand_path, method, minimize, vot_usd_per_t_h, shipment_tonnes, modes, statuses, avoid, "
        "dwell, routes_per_od, max_overlap, theta, tonnes_total, od_saved) VALUES (?, "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        "tttttttddttttzddd", started, spec->command, CORRIDOR_VERSION, spec->net_dir,
        spec->demand_path, o->method == COR_FREIGHT_LOGIT ? "logit" : "aon",
        cor_objective_name(ro->minimize), ro->vot_usd_per_t_h, ro->tonnes, modes, statuses, avoid,
        ro->dwell == COR_DWELL_P95 ? "p95" : "mean", ro->alternatives, ro->max_overlap, o->theta,
        cor_demand_total(spec->demand));
    int64_t rid = ok ? sqlite3_last_insert_rowid(db) : 0;
    for (size_t i = 0; ok && i < spec->n_inputs; i++)
        ok = exec_bind(db,
                       "INSERT INTO run_inputs (run_id, pos, role, path, sha256) VALUES (?, ?, "
                       "?, ?, ?)",
                       "izttt", rid, i, spec->inputs[i].role, spec->inputs[i].path, sums[i]);
    for (size_t i = 0; ok && i < spec->n_sides; i++)
        ok = save_side(db, rid, i, &spec->sides[i]) == COR_OK &&
             save_od(db, rid, i, &spec->sides[i], spec->demand) == COR_OK;
    if (ok && spec->appraisal_json)
        ok = exec_bind(db, "INSERT INTO run_appraisals (run_id, appraisal) VALUES (?, ?)", "it",
                       rid, spec->appraisal_json);
    free(sums);
    if (!ok || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        st = db_err(err, db, "cannot save the run");
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    *id = rid;
    return COR_OK;
}

cor_status cor_store_check_run(cor_store *s, int64_t id, int all_tables, cor_err *err)
{
    /* the list reads runs and run_sides; a run shown reads every table */
    static const char *const tables[] = {"runs", "run_sides", "run_inputs", "run_accounts",
                                         "run_link_flows", "run_od"};
    size_t n_tables = all_tables ? sizeof tables / sizeof *tables : 2;
    for (size_t t = 0; t < n_tables; t++) {
        if (t == 5 && s->version < 2)
            break;
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s = ?", tables[t],
                 t == 0 ? "id" : "run_id");
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
            return db_err(err, s->db, "cannot read the runs");
        sqlite3_bind_int64(st, 1, id);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                int type = sqlite3_column_type(st, c);
                const char *bad = NULL;
                if (type == SQLITE_FLOAT && !isfinite(sqlite3_column_double(st, c)))
                    bad = "a finite number";
                else if (type == SQLITE_TEXT &&
                         !cor_utf8_valid((const char *)sqlite3_column_text(st, c),
                                         (size_t)sqlite3_column_bytes(st, c)))
                    bad = "UTF-8 text";
                if (bad) {
                    cor_status r = cor_err_set(
                        err, COR_ERR_INPUT,
                        "run %lld: %s.%s: expected %s, found %s (the database was changed "
                        "outside corridor; `corridor runs delete %lld` removes the run)",
                        (long long)id, tables[t], sqlite3_column_name(st, c), bad,
                        type == SQLITE_TEXT ? "invalid bytes"
                        : sqlite3_column_double(st, c) > 0 ? "inf" : "-inf", /* NaN is NULL */
                        (long long)id);
                    sqlite3_finalize(st);
                    return r;
                }
            }
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return db_err(err, s->db, "cannot read the runs");
    }
    return COR_OK;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return cor_strdup(t ? (const char *)t : "");
}

void cor_store_list_free(cor_run_summary *runs, size_t n)
{
    for (size_t i = 0; runs && i < n; i++) {
        cor_run_summary *r = &runs[i];
        free(r->started_utc);
        free(r->saved_utc);
        free(r->command);
        free(r->scenarios);
        free(r->method);
        free(r->minimize);
        free(r->corridor_version);
    }
    free(runs);
}

cor_status cor_store_list(cor_store *s, cor_run_summary **runs, size_t *n, cor_err *err)
{
    *runs = NULL;
    *n = 0;
    sqlite3_stmt *st;
    /* scenario names of the sides, A then B, joined with " vs " */
    const char *sql =
        "SELECT r.id, r.started_utc, r.saved_utc, r.command, r.method, r.minimize, "
        "r.corridor_version, r.tonnes_total, "
        "(SELECT group_concat(coalesce(scenario, ''), ' vs ') FROM "
        "  (SELECT scenario FROM run_sides WHERE run_id = r.id ORDER BY side)), "
        "(SELECT tonnes_routed FROM run_sides WHERE run_id = r.id AND side = 0), "
        "(SELECT tonnes_routed FROM run_sides WHERE run_id = r.id AND side = 1), "
        "(SELECT count(*) FROM run_sides WHERE run_id = r.id) "
        "FROM runs r ORDER BY r.id";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_err(err, s->db, "cannot list the runs");
    cor_run_summary *list = NULL;
    size_t count = 0, cap = 0;
    int rc;
    cor_status status = COR_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            size_t ncap = cap ? 2 * cap : 16;
            cor_run_summary *nl = realloc(list, ncap * sizeof *nl);
            if (!nl) {
                status = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
                break;
            }
            list = nl;
            cap = ncap;
        }
        cor_run_summary *r = &list[count++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        r->started_utc = col_dup(st, 1);
        r->saved_utc = col_dup(st, 2);
        r->command = col_dup(st, 3);
        r->method = col_dup(st, 4);
        r->minimize = col_dup(st, 5);
        r->corridor_version = col_dup(st, 6);
        r->tonnes_total = sqlite3_column_double(st, 7);
        r->scenarios = col_dup(st, 8);
        r->tonnes_routed[0] = sqlite3_column_double(st, 9);
        r->tonnes_routed[1] = sqlite3_column_double(st, 10);
        r->n_sides = (size_t)sqlite3_column_int(st, 11);
        if ((status = cor_store_check_run(s, r->id, 0, err)) != COR_OK)
            break;
        if (!r->started_utc || !r->saved_utc || !r->command || !r->method || !r->minimize ||
            !r->corridor_version || !r->scenarios) {
            status = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (status == COR_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = db_err(err, s->db, "cannot list the runs");
    sqlite3_finalize(st);
    if (status != COR_OK) {
        cor_store_list_free(list, count);
        return status;
    }
    *runs = list;
    *n = count;
    return COR_OK;
}

cor_status cor_store_delete(cor_store *s, int64_t id, cor_err *err)
{
    /* the cascade deletes the sides, accounts, flows and inputs in the same statement */
    if (!exec_bind(s->db, "DELETE FROM runs WHERE id = ?", "i", id))
        return db_err(err, s->db, "cannot delete the run");
    if (sqlite3_changes(s->db) == 0)
        return cor_err_set(err, COR_ERR_NOTFOUND, "no run %lld", (long long)id);
    return COR_OK;
}

void cor_store_flows_free(cor_link_flow *flows, size_t n)
{
    for (size_t i = 0; flows && i < n; i++)
        free(flows[i].link);
    free(flows);
}

cor_status cor_store_link_flows(cor_store *s, int64_t id, size_t side, cor_link_flow **flows,
                                size_t *n, cor_err *err)
{
    *flows = NULL;
    *n = 0;
    int exists = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM run_sides WHERE run_id = ? AND side = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return db_err(err, s->db, "cannot read the run");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)side);
    if (sqlite3_step(st) == SQLITE_ROW)
        exists = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (!exists)
        return cor_err_set(err, COR_ERR_NOTFOUND, "no run %lld%s", (long long)id,
                           side ? " with a scenario B" : "");
    if (sqlite3_prepare_v2(s->db,
                           "SELECT link, tonnes FROM run_link_flows WHERE run_id = ? AND side = ? "
                           "ORDER BY link", -1, &st, NULL) != SQLITE_OK)
        return db_err(err, s->db, "cannot read the run");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)side);
    cor_link_flow *list = NULL;
    size_t count = 0, cap = 0;
    cor_status status = COR_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            cor_link_flow *nl = realloc(list, ncap * sizeof *nl);
            if (!nl) {
                status = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
                break;
            }
            list = nl;
            cap = ncap;
        }
        list[count].link = col_dup(st, 0);
        list[count].tonnes = sqlite3_column_double(st, 1);
        if (!list[count++].link) {
            status = cor_err_set(err, COR_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (status == COR_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = db_err(err, s->db, "cannot read the run");
    sqlite3_finalize(st);
    if (status != COR_OK) {
        cor_store_flows_free(list, count);
        return status;
    }
    *flows = list;
    *n = count;
    return COR_OK;
}

cor_status cor_store_run_flows(cor_store *s, int64_t id, cor_link_flow *flows[2], size_t n[2],
                               size_t *n_sides, cor_err *err)
{
    flows[0] = flows[1] = NULL;
    n[0] = n[1] = *n_sides = 0;
    for (size_t side = 0; side < 2; side++) {
        cor_status st = cor_store_link_flows(s, id, side, &flows[side], &n[side], err);
        if (st == COR_ERR_NOTFOUND && side > 0)
            break;
        if (st != COR_OK) {
            cor_store_flows_free(flows[0], n[0]);
            flows[0] = NULL;
            n[0] = 0;
            return st;
        }
        *n_sides = side + 1;
    }
    return COR_OK;
}
