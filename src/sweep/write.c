/*
 * Sweep results: gathered run results summarised per scenario and demand growth (p5/p50/p95 of
 * each country's transit tonnes and fees, probability of each main route), written to SQLite
 * (through a temporary file and a rename) and CSV.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corridor/sweep.h"
#include "sweep/sweep_int.h"
#include "util/afile.h"

/* Percentile by linear interpolation between order statistics (Hyndman & Fan type 7). */
static double percentile(double *v, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct parsed {
    json_t **runs;
    size_t n;
} parsed;

static void parsed_free(parsed *p)
{
    for (size_t i = 0; i < p->n; i++)
        json_decref(p->runs[i]);
    free(p->runs);
}

static cor_status parse_all(char *const *results, size_t n, parsed *p, cor_err *err)
{
    p->runs = calloc(n + 1, sizeof *p->runs);
    p->n = 0;
    if (!p->runs)
        return cor_err_set(err, COR_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_error_t je;
        json_t *j = results[i] ? json_loads(results[i], 0, &je) : NULL;
        json_int_t run;
        if (!j || json_unpack(j, "{s:I}", "run", &run) || run != (json_int_t)i) {
            json_decref(j);
            return cor_err_set(err, COR_ERR_INPUT, "result of run %zu is missing or malformed", i);
        }
        p->runs[p->n++] = j;
    }
    return COR_OK;
}

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }

/* One summary row per (scenario, growth, country) and per (scenario, growth, od, route). */
typedef void (*country_row)(void *ctx, const char *scenario, double growth, const char *cc,
                            size_t n_ok, const double q[6]);
typedef void (*route_row)(void *ctx, const char *scenario, double growth, size_t od,
                          const char *od_name,
                          const char *countries, double probability);

/* "Baku -> Kars" (with ", commodity" when the demand row names one): OD o of a run. */
static const char *od_label(json_t *run, size_t o, char *buf, size_t size)
{
    json_t *od = json_array_get(json_object_get(run, "od_names"), o);
    const char *commodity = json_string_value(json_object_get(od, "commodity"));
    snprintf(buf, size, "%s -> %s%s%s", json_string_value(json_object_get(od, "from")),
             json_string_value(json_object_get(od, "to")), commodity && *commodity ? ", " : "",
             commodity && *commodity ? commodity : "");
    return buf;
}

static void summarise(const cor_sweep *s, const parsed *p, country_row crow, route_row rrow,
                      void *ctx)
{
    size_t per_group = s->draws;
    double *tt = malloc((per_group + 1) * sizeof *tt), *ff = malloc((per_group + 1) * sizeof *ff);
    if (!tt || !ff) {
        free(tt);
        free(ff);
        return;
    }
    for (size_t g = 0; g * per_group < p->n; g++) {
        json_t *first = p->runs[g * per_group];
        const char *scenario = json_string_value(json_object_get(first, "scenario"));
        double growth = json_real_value(json_object_get(first, "growth"));
        /* countries: from the first ok run of the group */
        json_t *model = NULL;
        for (size_t k = 0; k < per_group && !model; k++)
            if (json_is_true(json_object_get(p->runs[g * per_group + k], "ok")))
                model = p->runs[g * per_group + k];
        if (!model)
            continue;
        json_t *countries = json_object_get(model, "countries");
        for (size_t c = 0; c < json_array_size(countries); c++) {
            const char *cc = json_string_value(json_object_get(json_array_get(countries, c), "country"));
            size_t n = 0;
            for (size_t k = 0; k < per_group; k++) {
                json_t *r = p->runs[g * per_group + k];
                if (!json_is_true(json_object_get(r, "ok")))
                    continue;
                json_t *a = json_array_get(json_object_get(r, "countries"), c);
                tt[n] = json_real_value(json_object_get(a, "transit_tonnes"));
                ff[n] = json_real_value(json_object_get(a, "fees_usd"));
                n++;
            }
            qsort(tt, n, sizeof *tt, cmp_double);
            qsort(ff, n, sizeof *ff, cmp_double);
            double q[6] = {percentile(tt, n, 0.05), percentile(tt, n, 0.5), percentile(tt, n, 0.95),
                           percentile(ff, n, 0.05), percentile(ff, n, 0.5), percentile(ff, n, 0.95)};
            crow(ctx, scenario, growth, cc, n, q);
        }
        /* route probabilities: how often each OD's main route has each country sequence */
        size_t n_od = json_array_size(json_object_get(model, "od"));
        char label[512];
        for (size_t o = 0; o < n_od; o++) {
            const char *seen[64];
            size_t counts[64], n_seen = 0, n_ok = 0;
            for (size_t k = 0; k < per_group; k++) {
                json_t *r = p->runs[g * per_group + k];
                if (!json_is_true(json_object_get(r, "ok")))
                    continue;
                n_ok++;
                const char *route = json_string_value(json_array_get(json_object_get(r, "od"), o));
                size_t i = 0;
                while (i < n_seen && strcmp(seen[i], route) != 0)
                    i++;
                if (i == n_seen && n_seen < 64) {
                    seen[n_seen] = route;
                    counts[n_seen++] = 0;
                }
                if (i < n_seen)
                    counts[i]++;
            }
            for (size_t i = 0; i < n_seen; i++)
                rrow(ctx, scenario, growth, o, od_label(model, o, label, sizeof label), seen[i],
                     (double)counts[i] / (double)n_ok);
        }
    }
    free(tt);
    free(ff);
}

/* The appraisal summary of each (scenario, growth) group whose runs carry an appraisal:
 * p5/p50/p95 of NPV over its runs, of EIRR over the runs that have one, and the share of runs
 * with NPV > 0. */
typedef struct appraisal_row {
    const char *scenario;
    double growth;
    size_t runs, eirr_runs;
    double npv[3], eirr[3], p_positive;
} appraisal_row;

static void summarise_appraisal(const cor_sweep *s, const parsed *p,
                                void (*row)(void *ctx, const appraisal_row *r), void *ctx)
{
    size_t per_group = s->draws;
    double *npv = malloc((per_group + 1) * sizeof *npv);
    double *eirr = malloc((per_group + 1) * sizeof *eirr);
    for (size_t g = 0; npv && eirr && g * per_group < p->n; g++) {
        json_t *first = p->runs[g * per_group];
        appraisal_row r = {json_string_value(json_object_get(first, "scenario")),
                           json_real_value(json_object_get(first, "growth")), 0, 0, {0}, {0}, 0};
        size_t positive = 0;
        for (size_t k = 0; k < per_group; k++) {
            json_t *a = json_object_get(p->runs[g * per_group + k], "appraisal");
            json_t *v = json_object_get(a, "npv_usd"), *e = json_object_get(a, "eirr");
            if (!json_is_number(v))
                continue;
            npv[r.runs++] = json_number_value(v);
            positive += json_number_value(v) > 0;
            if (json_is_number(e))
                eirr[r.eirr_runs++] = json_number_value(e);
        }
        if (!r.runs)
            continue;
        qsort(npv, r.runs, sizeof *npv, cmp_double);
        qsort(eirr, r.eirr_runs, sizeof *eirr, cmp_double);
        static const double ps[3] = {0.05, 0.5, 0.95};
        for (int i = 0; i < 3; i++) {
            r.npv[i] = percentile(npv, r.runs, ps[i]);
            r.eirr[i] = percentile(eirr, r.eirr_runs, ps[i]);
        }
        r.p_positive = (double)positive / (double)r.runs;
        row(ctx, &r);
    }
    free(npv);
    free(eirr);
}

typedef struct sql_ctx {
    sqlite3_stmt *country, *route, *appraisal;
    int failed;
} sql_ctx;

static void sql_appraisal(void *p, const appraisal_row *r)
{
    sql_ctx *c = p;
    sqlite3_stmt *st = c->appraisal;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, r->scenario, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 2, r->growth);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)r->runs);
    for (int i = 0; i < 3; i++)
        sqlite3_bind_double(st, 4 + i, r->npv[i]);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)r->eirr_runs);
    for (int i = 0; i < 3; i++) {
        if (r->eirr_runs)
            sqlite3_bind_double(st, 8 + i, r->eirr[i]);
        else
            sqlite3_bind_null(st, 8 + i);
    }
    sqlite3_bind_double(st, 11, r->p_positive);
    c->failed |= sqlite3_step(st) != SQLITE_DONE;
}

/* Tables of sweeps with an [appraisal] block (docs/sweep.md). */
static const char appraisal_schema[] =
    "CREATE TABLE appraisal_results(run INTEGER PRIMARY KEY, npv_usd REAL, eirr REAL,"
    " eirr_status TEXT, bcr REAL, capital_factor REAL, message TEXT);"
    "CREATE TABLE appraisal_summary(scenario TEXT, growth REAL, runs INTEGER, npv_usd_p5 REAL,"
    " npv_usd_p50 REAL, npv_usd_p95 REAL, eirr_runs INTEGER, eirr_p5 REAL, eirr_p50 REAL,"
    " eirr_p95 REAL, p_npv_positive REAL);";

/* Binds a JSON number (or null) to parameter i. */
static void bind_num(sqlite3_stmt *st, int i, json_t *v)
{
    if (json_is_number(v))
        sqlite3_bind_double(st, i, json_number_value(v));
    else
        sqlite3_bind_null(st, i);
}

static int write_appraisals(sqlite3 *db, const cor_sweep *s, const parsed *p, sql_ctx *ctx)
{
    sqlite3_stmt *ins = NULL;
    int ok = exec(db, appraisal_schema) == SQLITE_OK &&
             sqlite3_prepare_v2(db, "INSERT INTO appraisal_results VALUES(?,?,?,?,?,?,?)", -1,
                                &ins, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(db,
                                "INSERT INTO appraisal_summary VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                                -1, &ctx->appraisal, NULL) == SQLITE_OK;
    for (size_t i = 0; ok && i < p->n; i++) {
        json_t *a = json_object_get(p->runs[i], "appraisal");
        if (!a)
            continue;
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)i);
        bind_num(ins, 2, json_object_get(a, "npv_usd"));
        bind_num(ins, 3, json_object_get(a, "eirr"));
        const char *status = json_string_value(json_object_get(a, "eirr_status"));
        const char *msg = json_string_value(json_object_get(a, "message"));
        if (status)
            sqlite3_bind_text(ins, 4, status, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(ins, 4);
        bind_num(ins, 5, json_object_get(a, "bcr"));
        bind_num(ins, 6, json_object_get(a, "capital_factor"));
        if (msg)
            sqlite3_bind_text(ins, 7, msg, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(ins, 7);
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    if (ok)
        summarise_appraisal(s, p, sql_appraisal, ctx);
    sqlite3_finalize(ins);
    sqlite3_finalize(ctx->appraisal);
    ctx->appraisal = NULL;
    return ok && !ctx->failed;
}

static void sql_country(void *p, const char *scenario, double growth, const char *cc, size_t n,
                        const double q[6])
{
    sql_ctx *c = p;
    sqlite3_stmt *st = c->country;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, scenario, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 2, growth);
    sqlite3_bind_text(st, 3, cc, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)n);
    for (int i = 0; i < 6; i++)
        sqlite3_bind_double(st, 5 + i, q[i]);
    c->failed |= sqlite3_step(st) != SQLITE_DONE;
}

static void sql_route(void *p, const char *scenario, double growth, size_t od,
                      const char *od_name, const char *countries, double prob)
{
    sql_ctx *c = p;
    sqlite3_stmt *st = c->route;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, scenario, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 2, growth);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)od);
    sqlite3_bind_text(st, 4, countries, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 5, prob);
    c->failed |= sqlite3_step(st) != SQLITE_DONE;
}

static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE runs(run INTEGER PRIMARY KEY, scenario TEXT, growth REAL, draw INTEGER,"
    " factors TEXT, ok INTEGER, message TEXT, tonnes_routed REAL, tonnes_unrouted REAL);"
    "CREATE TABLE country_results(run INTEGER, country TEXT, transit_tonnes REAL, fees_usd REAL,"
    " PRIMARY KEY(run, country));"
    "CREATE TABLE od(od INTEGER PRIMARY KEY, origin TEXT, destination TEXT, commodity TEXT);"
    "CREATE TABLE od_results(run INTEGER, od INTEGER, countries TEXT, PRIMARY KEY(run, od));"
    "CREATE TABLE summary(scenario TEXT, growth REAL, country TEXT, runs INTEGER,"
    " transit_tonnes_p5 REAL, transit_tonnes_p50 REAL, transit_tonnes_p95 REAL,"
    " fees_usd_p5 REAL, fees_usd_p50 REAL, fees_usd_p95 REAL);"
    "CREATE TABLE route_probability(scenario TEXT, growth REAL, od INTEGER, countries TEXT,"
    " probability REAL);";

/* The od table: the OD pairs by name, from the first run that routed (every run has the
 * same demand rows). */
static int write_ods(sqlite3 *db, const parsed *p)
{
    json_t *names = NULL;
    for (size_t i = 0; i < p->n && !names; i++)
        names = json_object_get(p->runs[i], "od_names");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT INTO od VALUES(?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
        return 0;
    int ok = 1;
    for (size_t o = 0; ok && o < json_array_size(names); o++) {
        json_t *od = json_array_get(names, o);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)o);
        sqlite3_bind_text(st, 2, json_string_value(json_object_get(od, "from")), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, json_string_value(json_object_get(od, "to")), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, json_string_value(json_object_get(od, "commodity")), -1,
                          SQLITE_TRANSIENT);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

static cor_status write_db(const cor_sweep *s, const parsed *p, const char *path, cor_err *err)
{
    cor_afile file;
    if (cor_afile_open(&file, path) != 0)
        return cor_err_set(err, COR_ERR_IO, "cannot create a temporary file beside %s: %s", path,
                           strerror(errno));
    if (file.direct) {
        cor_afile_abort(&file);
        return cor_err_set(err, COR_ERR_INPUT,
                           "%s: expected a regular file for an SQLite database, found a device, "
                           "FIFO or socket", path);
    }
    fclose(file.f); /* SQLite writes the file */
    file.f = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *run = NULL, *cres = NULL, *ores = NULL;
    sql_ctx ctx = {0};
    int ok = sqlite3_open(file.tmp, &db) == SQLITE_OK && exec(db, "BEGIN") == SQLITE_OK &&
             exec(db, schema) == SQLITE_OK &&
             sqlite3_prepare_v2(db, "INSERT INTO runs VALUES(?,?,?,?,?,?,?,?,?)", -1, &run,
                                NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(db, "INSERT INTO country_results VALUES(?,?,?,?)", -1, &cres,
                                NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(db, "INSERT INTO od_results VALUES(?,?,?)", -1, &ores, NULL) ==
                 SQLITE_OK &&
             sqlite3_prepare_v2(db, "INSERT INTO summary VALUES(?,?,?,?,?,?,?,?,?,?)", -1,
                                &ctx.country, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(db, "INSERT INTO route_probability VALUES(?,?,?,?,?)", -1,
                                &ctx.route, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_stmt *meta;
        ok = sqlite3_prepare_v2(db, "INSERT INTO meta VALUES('spec', ?), ('net', ?), ('runs', ?)",
                                -1, &meta, NULL) == SQLITE_OK;
        if (ok) {
            sqlite3_bind_text(meta, 1, s->path, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(meta, 2, s->net, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(meta, 3, (sqlite3_int64)p->n);
            ok = sqlite3_step(meta) == SQLITE_DONE;
            sqlite3_finalize(meta);
        }
    }
    for (size_t i = 0; ok && i < p->n; i++) {
        json_t *r = p->runs[i];
        char *factors = json_dumps(json_object_get(r, "factors"), JSON_COMPACT | JSON_REAL_PRECISION(17));
        int good = json_is_true(json_object_get(r, "ok"));
        sqlite3_reset(run);
        sqlite3_bind_int64(run, 1, (sqlite3_int64)i);
        sqlite3_bind_text(run, 2, json_string_value(json_object_get(r, "scenario")), -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(run, 3, json_real_value(json_object_get(r, "growth")));
        sqlite3_bind_int64(run, 4, json_integer_value(json_object_get(r, "draw")));
        sqlite3_bind_text(run, 5, factors ? factors : "[]", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(run, 6, good);
        if (good) {
            sqlite3_bind_null(run, 7);
            sqlite3_bind_double(run, 8, json_real_value(json_object_get(r, "tonnes_routed")));
            sqlite3_bind_double(run, 9, json_real_value(json_object_get(r, "tonnes_unrouted")));
        } else {
            sqlite3_bind_text(run, 7, json_string_value(json_object_get(r, "message")), -1, SQLITE_TRANSIENT);
            sqlite3_bind_null(run, 8);
            sqlite3_bind_null(run, 9);
        }
        free(factors);
        ok = sqlite3_step(run) == SQLITE_DONE;
        json_t *countries = json_object_get(r, "countries"), *od = json_object_get(r, "od");
        for (size_t c = 0; ok && c < json_array_size(countries); c++) {
            json_t *a = json_array_get(countries, c);
            sqlite3_reset(cres);
            sqlite3_bind_int64(cres, 1, (sqlite3_int64)i);
            sqlite3_bind_text(cres, 2, json_string_value(json_object_get(a, "country")), -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(cres, 3, json_real_value(json_object_get(a, "transit_tonnes")));
            sqlite3_bind_double(cres, 4, json_real_value(json_object_get(a, "fees_usd")));
            ok = sqlite3_step(cres) == SQLITE_DONE;
        }
        for (size_t o = 0; ok && o < json_array_size(od); o++) {
            sqlite3_reset(ores);
            sqlite3_bind_int64(ores, 1, (sqlite3_int64)i);
            sqlite3_bind_int64(ores, 2, (sqlite3_int64)o);
            sqlite3_bind_text(ores, 3, json_string_value(json_array_get(od, o)), -1, SQLITE_TRANSIENT);
            ok = sqlite3_step(ores) == SQLITE_DONE;
        }
    }
    if (ok)
        ok = write_ods(db, p);
    if (ok && s->appraisal.on)
        ok = write_appraisals(db, s, p, &ctx);
    if (ok) {
        summarise(s, p, sql_country, sql_route, &ctx);
        ok = !ctx.failed && exec(db, "COMMIT") == SQLITE_OK;
    }
    const char *why = db ? sqlite3_errmsg(db) : "cannot open";
    char msg[512];
    snprintf(msg, sizeof msg, "%s", why);
    sqlite3_finalize(run);
    sqlite3_finalize(cres);
    sqlite3_finalize(ores);
    sqlite3_finalize(ctx.country);
    sqlite3_finalize(ctx.route);
    ok &= sqlite3_close(db) == SQLITE_OK;
    if (!ok || cor_afile_commit(&file) != 0) {
        cor_afile_abort(&file);
        return cor_err_set(err, COR_ERR_IO, "cannot write %s: %s", path,
                           ok ? strerror(errno) : msg);
    }
    return COR_OK;
}

typedef struct text_ctx {
    FILE *f;
    int csv;
} text_ctx;

static void text_country(void *p, const char *scenario, double growth, const char *cc, size_t n,
                         const double q[6])
{
    text_ctx *c = p;
    if (c->csv)
        fprintf(c->f, "%s,%.17g,%s,%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", scenario, growth, cc,
                n, q[0], q[1], q[2], q[3], q[4], q[5]);
    else
        fprintf(c->f, "%-16s %6.2f %-4s %6zu %13.0f %13.0f %13.0f %14.0f %14.0f %14.0f\n", scenario,
                growth, cc, n, q[0], q[1], q[2], q[3], q[4], q[5]);
}

static void text_route(void *p, const char *scenario, double growth, size_t od,
                       const char *od_name, const char *countries, double prob)
{
    text_ctx *c = p;
    if (prob < 1.0)
        fprintf(c->f, "  %-16s %6.2f %-32s %-24s %5.1f%%\n", scenario, growth, od_name,
                countries[0] ? countries : "(no route)", 100 * prob);
}

static void text_appraisal(void *p, const appraisal_row *r)
{
    text_ctx *c = p;
    fprintf(c->f, "%-16s %6.2f %6zu %12.2f %12.2f %12.2f", r->scenario, r->growth, r->runs,
            r->npv[0] / 1e6, r->npv[1] / 1e6, r->npv[2] / 1e6);
    if (r->eirr_runs)
        fprintf(c->f, " %7.2f%% %7.2f%% %7.2f%% %6zu", 100 * r->eirr[0], 100 * r->eirr[1],
                100 * r->eirr[2], r->eirr_runs);
    else
        fprintf(c->f, " %8s %8s %8s %6d", "-", "-", "-", 0);
    fprintf(c->f, " %8.1f%%\n", 100 * r->p_positive);
}

static void no_country(void *p, const char *scenario, double growth, const char *cc, size_t n,
                       const double q[6])
{
    (void)p, (void)scenario, (void)growth, (void)cc, (void)n, (void)q;
}

static void no_route(void *p, const char *scenario, double growth, size_t od,
                     const char *od_name, const char *countries, double prob)
{
    (void)p, (void)scenario, (void)growth, (void)od, (void)od_name, (void)countries, (void)prob;
}

cor_status cor_sweep_write(const cor_sweep *s, char *const *results, const char *db_path,
                           const char *csv_path, FILE *f, cor_err *err)
{
    parsed p;
    cor_status st = parse_all(results, cor_sweep_run_count(s), &p, err);
    size_t failed = 0;
    for (size_t i = 0; st == COR_OK && i < p.n; i++)
        failed += !json_is_true(json_object_get(p.runs[i], "ok"));
    if (st == COR_OK && db_path)
        st = write_db(s, &p, db_path, err);
    if (st == COR_OK && csv_path) {
        cor_afile a;
        if (cor_afile_open(&a, csv_path) != 0) {
            st = cor_err_set(err, COR_ERR_IO, "cannot create a temporary file beside %s: %s",
                             csv_path, strerror(errno));
        } else {
            FILE *out = a.f;
            fputs("scenario,growth,country,runs,transit_tonnes_p5,transit_tonnes_p50,"
                  "transit_tonnes_p95,fees_usd_p5,fees_usd_p50,fees_usd_p95\n", out);
            text_ctx c = {out, 1};
            summarise(s, &p, text_country, no_route, &c);
            if (cor_afile_commit(&a) != 0) {
                cor_afile_abort(&a);
                st = cor_err_set(err, COR_ERR_IO, "cannot write %s: %s", csv_path,
                                 strerror(errno));
            }
        }
    }
    if (st == COR_OK && f) {
        fprintf(f, "sweep %s: %zu runs (%zu scenarios x %zu demand growth x %zu draws), %zu "
                   "failed\n\n", s->path, p.n, s->n_scenarios, s->n_growth, s->draws, failed);
        for (size_t i = 0; i < p.n && failed; i++)
            if (!json_is_true(json_object_get(p.runs[i], "ok")))
                fprintf(f, "run %zu failed: %s\n", i,
                        json_string_value(json_object_get(p.runs[i], "message")));
        fprintf(f, "%-16s %6s %-4s %6s %13s %13s %13s %14s %14s %14s\n", "scenario", "growth",
                "cc", "runs", "transit t p5", "p50", "p95", "fees USD p5", "p50", "p95");
        text_ctx c = {f, 0};
        summarise(s, &p, text_country, no_route, &c);
        fprintf(f, "\nroutes chosen in some draws only (probability < 100%%):\n");
        summarise(s, &p, no_country, text_route, &c);
        if (s->appraisal.on) {
            fprintf(f, "\nappraisal against %s (NPV in USD million; EIRR over the runs that have "
                       "one):\n", s->appraisal.without);
            fprintf(f, "%-16s %6s %6s %12s %12s %12s %8s %8s %8s %6s %9s\n", "scenario",
                    "growth", "runs", "NPV p5", "p50", "p95", "EIRR p5", "p50", "p95", "runs",
                    "P(NPV>0)");
            summarise_appraisal(s, &p, text_appraisal, &c);
        }
    }
    parsed_free(&p);
    return st;
}
